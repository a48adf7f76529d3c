//! gempy_engine's reference case p08 (model1 with a centred grid at 3 devices): the kernel
//! geometry, the engine-coordinate points, `tz`, the TMI kernel, gravity and TMI from the
//! reference voxel ids, each within the tolerance `expected.json` gives it.
//!
//! `tests/data/p08.json` is an extract of the case's `input.json` and `expected.json`; the
//! `geo_*.bin` files are its arrays (raw little-endian, C order, as the descriptors say).

use std::path::PathBuf;

use serde_json::Value;
use strata_geophysics::{
    CenteredGrid, CenteredKernel, Igrf, KernelCache, SurveyKernels, SurveyOptions,
};

/// The case extract, `input` and `expected`.
struct Case {
    json: Value,
}

impl Case {
    fn load() -> Self {
        let text = std::fs::read_to_string(data_dir().join("p08.json")).expect("p08.json");
        Self {
            json: serde_json::from_str(&text).expect("valid JSON"),
        }
    }

    fn input(&self, pointer: &str) -> &Value {
        self.json
            .pointer(&format!("/input{pointer}"))
            .expect(pointer)
    }

    fn expected(&self, pointer: &str) -> &Value {
        self.json
            .pointer(&format!("/expected{pointer}"))
            .expect(pointer)
    }

    fn tolerance(&self, category: &str) -> f64 {
        number(self.expected(&format!("/tolerances/{category}")))
    }

    /// An `f64` array of `expected.geophysics`, flat in C order.
    fn array(&self, name: &str) -> Vec<f64> {
        let descriptor = self.expected(&format!("/geophysics/{name}"));
        assert_eq!(descriptor["dtype"], "float64", "{name}");
        match descriptor.get("file") {
            Some(file) => bytes(file, 8)
                .chunks_exact(8)
                .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
                .collect(),
            None => numbers(&descriptor["data"]),
        }
    }

    /// The reference voxel ids, device-major.
    fn ids(&self) -> Vec<i32> {
        let descriptor = self.expected("/geophysics/ids");
        assert_eq!(descriptor["dtype"], "int32");
        bytes(&descriptor["file"], 4)
            .chunks_exact(4)
            .map(|b| i32::from_le_bytes(b.try_into().expect("4 bytes")))
            .collect()
    }

    fn kernel(&self) -> CenteredKernel {
        let radius = triple(self.input("/centered_grid/radius"));
        let resolution = triple(self.input("/centered_grid/resolution")).map(|r| r as usize);
        CenteredKernel::new(radius, resolution).expect("valid kernel")
    }

    fn grid(&self) -> CenteredGrid {
        let centers = self
            .input("/centered_grid/centers")
            .as_array()
            .expect("centres");
        CenteredGrid::new(centers.iter().map(triple).collect(), self.kernel()).expect("valid grid")
    }

    fn igrf(&self) -> Igrf {
        let igrf = self.input("/geophysics/magnetics/igrf");
        let [i, d, f] = ["inclination", "declination", "intensity"].map(|k| number(&igrf[k]));
        Igrf::new(i, d, f).expect("valid field")
    }

    fn kernels(&self) -> SurveyKernels {
        let options = SurveyOptions::default().with_magnetics(self.igrf());
        SurveyKernels::compute(&self.kernel(), &options).expect("finite kernels")
    }
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// The bytes of a `.bin` file, whole elements of `size` bytes.
fn bytes(file: &Value, size: usize) -> Vec<u8> {
    let bytes = std::fs::read(data_dir().join(file.as_str().expect("file name"))).expect("file");
    assert_eq!(bytes.len() % size, 0);
    bytes
}

fn number(v: &Value) -> f64 {
    v.as_f64().expect("number")
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(number).collect()
}

fn triple(v: &Value) -> [f64; 3] {
    numbers(v).try_into().expect("three numbers")
}

fn flatten(points: &[[f64; 3]]) -> Vec<f64> {
    points.iter().flatten().copied().collect()
}

/// Asserts `|got − expected| ≤ atol` elementwise, naming the first offender.
fn assert_close(what: &str, got: &[f64], expected: &[f64], atol: f64) {
    assert_eq!(got.len(), expected.len(), "{what}: length");
    let worst = got
        .iter()
        .zip(expected)
        .map(|(g, e)| (g - e).abs())
        .enumerate()
        .fold(
            (0, 0.0),
            |worst, (i, d)| if d > worst.1 { (i, d) } else { worst },
        );
    assert!(
        worst.1 <= atol,
        "{what}: element {} is {} instead of {} (|Δ| = {:e} > {atol:e})",
        worst.0,
        got[worst.0],
        expected[worst.0],
        worst.1
    );
}

#[test]
fn kernel_geometry() {
    let case = Case::load();
    let kernel = case.kernel();
    let atol = case.tolerance("kernel_geometry");
    assert_eq!(
        kernel.n_voxels() as u64,
        case.expected("/geophysics/n_voxels_per_device")
            .as_u64()
            .expect("count")
    );
    let centers = case.array("kernel_grid_centers_world");
    assert_close("centres", &flatten(kernel.centers()), &centers, atol);
    let left = case.array("left_voxel_edges_world");
    assert_close(
        "left half-widths",
        &flatten(kernel.left_half_widths()),
        &left,
        atol,
    );
    let right = case.array("right_voxel_edges_world");
    assert_close(
        "right half-widths",
        &flatten(kernel.right_half_widths()),
        &right,
        atol,
    );
}

#[test]
fn engine_coordinates() {
    let case = Case::load();
    let center = triple(case.input("/transform/center"));
    let scale = number(case.input("/transform/scale"));
    let engine = case
        .grid()
        .to_engine(center, scale)
        .expect("valid transform");
    let expected = case.array("centered_grid_xyz_engine");
    assert_close(
        "engine points",
        &flatten(&engine.points()),
        &expected,
        case.tolerance("centered_xyz"),
    );
}

#[test]
fn tz_and_tmi_kernels() {
    let case = Case::load();
    let kernels = case.kernels();
    let tz = kernels.gravity_kernel().tz();
    assert_close("tz", tz, &case.array("tz"), case.tolerance("tz"));
    let magnetic = kernels.magnetic_kernel().expect("asked for");
    let tmi = magnetic.tmi_kernel();
    assert_close(
        "TMI kernel",
        tmi,
        &case.array("tmi_kernel"),
        case.tolerance("tmi_kernel"),
    );

    let direction = magnetic.igrf().field_direction();
    assert_close(
        "field direction",
        &direction,
        &numbers(case.expected("/geophysics/field_direction")),
        1e-15,
    );
}

#[test]
fn gravity_and_magnetics_of_the_reference_ids() {
    let case = Case::load();
    let ids = case.ids();
    let kernels = case.kernels();
    let densities = numbers(case.input("/geophysics/gravity/densities"));
    let gravity = kernels
        .gravity_kernel()
        .gravity(&ids, &densities)
        .expect("known ids");
    assert_close(
        "gravity",
        &gravity,
        &case.array("gravity"),
        case.tolerance("gravity"),
    );

    let susceptibilities = numbers(case.input("/geophysics/magnetics/susceptibilities"));
    let magnetic = kernels.magnetic_kernel().expect("asked for");
    let tmi = magnetic.tmi(&ids, &susceptibilities).expect("known ids");
    assert_close(
        "TMI",
        &tmi,
        &case.array("magnetics"),
        case.tolerance("magnetics"),
    );
}

/// The cache gives the same kernels as a direct computation.
#[test]
fn cached_kernels_are_the_computed_ones() {
    let case = Case::load();
    let options = SurveyOptions::default().with_magnetics(case.igrf());
    let mut cache = KernelCache::default();
    let cached = cache
        .get_or_compute(&case.kernel(), &options)
        .expect("finite kernels");
    assert_eq!(*cached, case.kernels());
}
