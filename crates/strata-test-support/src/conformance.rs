//! The conformance suite: a backend's [`ModelSolution`](strata_engine::ModelSolution) against gempy_engine's reference cases
//! (`tests/data/pNN_*`, computed with gempy_engine 2026.0.3).
//!
//! [`Suite::case_with`] computes a case with the suite's [`Kernels`], forwards its survey, writes
//! the result in the reference schema ([`strata_io::result_json`], the one mapping from a
//! solution to that schema) and compares every array of the case's `expected.json` with it:
//! every octree level (points, ids, every stack's fields and masks), the kriging systems of level
//! 0 (weights, `A`, `b`, condition number, interface values), the extra grids, the survey, and
//! the meshes (counts, triangles, vertices, area and bounding box) — within the case's calibrated
//! tolerances, ids and counts exact. In `f64` every comparison is asserted; in `f32` the
//! largest differences per category are recorded and printed ([`Report`]; no test of an `f32`
//! path asserts more, docs/performance.md lists what it gives).
//!
//! The backend enters in one place, the [`Kernels`] value a [`Suite`] is made with (as burn's
//! backend-test crate is instantiated once per backend):
//!
//! ```no_run
//! use strata_engine::{Cpu, Dtype, Implementation, Kernels, SolverChoice};
//! use strata_test_support::conformance::Suite;
//!
//! let cpu = Suite::new(Kernels::<Cpu>::default());
//! cpu.case("p02_model1_two_surfaces");
//! cpu.case_with("p06_model1_dual_contouring", SolverChoice::Iterative, Dtype::F64);
//! let tensor_ops = Suite::new(Kernels::<Cpu>::default().with_implementation(Implementation::TensorOps));
//! tensor_ops.case("p05_graben_two_faults");
//! ```

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::Path;

use serde_json::Value;
use strata_engine::{
    ComputeOptions, ConditionKind, Dtype, EngineBackend, KernelCache, Kernels, MatrixFreeOptions,
    SolverChoice, Stopping, WeightsCache, compute_model_with, forward_geophysics,
};
use strata_io::ArrayDescriptor;
use strata_io::result_json::{ResultOptions, write_result};

use crate::paths::{read_json, reference_case, reference_input};

/// The reference cases without an octree (p06, with one, is [`OCTREE_CASE`]) that the
/// matrix-free solve is forced on.
pub const ITERATIVE_CASES: [&str; 6] = [
    "p01_single_surface",
    "p02_model1_two_surfaces",
    "p03_model1_drift0",
    "p04_toy_fold_unconformity",
    "p05_graben_two_faults",
    "p07_model6_onlap",
];

/// The reference case with an octree (4 levels from a 2×2×2 root) and dual-contoured meshes.
pub const OCTREE_CASE: &str = "p06_model1_dual_contouring";

/// The matrix-free solve's options for conformance: the rule `τ = 10⁻¹⁰` of the field's
/// spread (`Stopping::FieldSpread`), since the arrays are compared within the reference's
/// tolerances; the default rule (a fraction of the iso-value gap) promises the ids alone.
pub fn conformance_rule() -> MatrixFreeOptions {
    MatrixFreeOptions::default().with_stopping(Stopping::FieldSpread)
}

/// One backend's conformance suite: the reference cases computed by its kernels, each with a
/// fresh weights cache.
pub struct Suite<B: EngineBackend> {
    /// The backend, its device and implementation (the precision is each case's).
    kernels: Kernels<B>,
}

impl<B: EngineBackend> Suite<B> {
    /// The suite of `kernels`.
    pub fn new(kernels: Kernels<B>) -> Self {
        Self { kernels }
    }

    /// Runs `case` in `f64` with the dense solve and the exact 2-norm condition number (the
    /// reference's), and asserts every array.
    pub fn case(&self, case: &str) {
        self.case_with(case, SolverChoice::Dense, Dtype::F64);
    }

    /// [`Suite::case`] solving every stack by `method` and evaluating in `dtype` (in `f32` the
    /// differences are printed, not asserted; the matrix-free solve computes no condition
    /// number, so that one check is skipped).
    pub fn case_with(&self, case: &str, method: SolverChoice, dtype: Dtype) {
        let dir = reference_case(case);
        let input = reference_input(case);
        let compute = ComputeOptions::default()
            .with_condition(ConditionKind::TwoNormExact)
            .with_method(method)
            .with_iterative(conformance_rule())
            .keep_kernel_matrix(true);
        let kernels = self.kernels.clone().with_dtype(dtype);
        let backend = kernels.name();
        let solution = compute_model_with(&input, &WeightsCache::new(), compute, &kernels)
            .unwrap_or_else(|e| panic!("{case} computes on {backend}: {e}"));
        let survey = forward_geophysics(&input, &solution, &mut KernelCache::default())
            .unwrap_or_else(|e| panic!("{case}: the survey computes: {e}"));
        let out = std::env::temp_dir().join(format!(
            "strata-conformance-{case}-{backend}-{method}-{dtype}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).expect("output folder");
        let options = ResultOptions::default().with_kernel_matrix(true);
        write_result(&out, &input, &solution, survey.as_ref(), options)
            .unwrap_or_else(|e| panic!("{case}: the result writes: {e}"));
        let mut report = Report::new(dtype);
        Comparison {
            expected: read_json(&dir.join("expected.json")),
            result: read_json(&out.join("result.json")),
            dir: &dir,
            out: &out,
            method,
        }
        .compare(case, &mut report);
        report.print(&format!("{case} on {backend} ({method}, {dtype})"));
        std::fs::remove_dir_all(&out).ok();
    }
}

/// A case's `expected.json` and a `result.json`, with the folders of their `.bin` arrays.
struct Comparison<'a> {
    expected: Value,
    result: Value,
    dir: &'a Path,
    out: &'a Path,
    method: SolverChoice,
}

/// A stack's arrays of every level and the category whose tolerance each is checked against.
const LEVEL_FIELDS: [(&str, &str); 6] = [
    ("scalar_field", "scalar_field"),
    ("gradient", "gradient"),
    ("values_block", "values_block"),
    ("final_block", "values_block"),
    ("faults_block", "values_block"),
    ("mask", "ids"),
];

/// A stack's arrays of level 0 alone (its kriging system) and their categories.
const SYSTEM_FIELDS: [(&str, &str); 5] = [
    ("weights", "weights"),
    ("kernel_matrix", "kernel_matrix"),
    ("b_vector", "kernel_matrix"),
    (
        "scalar_field_at_surface_points",
        "scalar_field_at_surface_points",
    ),
    (
        "scalar_field_at_all_surface_points",
        "scalar_field_at_surface_points",
    ),
];

/// The survey's arrays and their categories.
const SURVEY_FIELDS: [(&str, &str); 10] = [
    ("centered_grid_xyz_engine", "centered_xyz"),
    ("kernel_grid_centers_world", "kernel_geometry"),
    ("left_voxel_edges_world", "kernel_geometry"),
    ("right_voxel_edges_world", "kernel_geometry"),
    ("final_block", "values_block"),
    ("ids", "ids"),
    ("tz", "tz"),
    ("gravity", "gravity"),
    ("tmi_kernel", "tmi_kernel"),
    ("magnetics", "magnetics"),
];

/// An array's values.
fn load(desc: &Value, dir: &Path) -> Vec<f64> {
    ArrayDescriptor::load_f64(desc, dir).expect("array loads")
}

/// An array's shape.
fn shape(desc: &Value) -> Vec<usize> {
    serde_json::from_value(desc["shape"].clone()).expect("array shape")
}

/// The numbers of a JSON array.
fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

impl Comparison<'_> {
    /// The calibrated tolerance of `category`; ids exact.
    fn tol(&self, category: &str) -> f64 {
        if category == "ids" {
            0.0
        } else {
            self.expected["tolerances"][category]["atol"]
                .as_f64()
                .unwrap_or_else(|| panic!("no tolerance for {category}"))
        }
    }

    /// Compares the arrays `e` (expected) and `r` (result) value by value within `atol`.
    fn array(
        &self,
        report: &mut Report,
        what: &str,
        category: &str,
        atol: f64,
        e: &Value,
        r: &Value,
    ) {
        let (want, got) = (load(e, self.dir), load(r, self.out));
        report.check(what, category, atol, &want, &got);
    }

    /// [`Comparison::array`], the shapes equal too.
    fn shaped(
        &self,
        report: &mut Report,
        what: &str,
        category: &str,
        atol: f64,
        e: &Value,
        r: &Value,
    ) {
        report.equal(&format!("{what} shape"), shape(e), shape(r));
        self.array(report, what, category, atol, e, r);
    }

    /// Every comparison of `case`.
    fn compare(&self, case: &str, report: &mut Report) {
        let (expected, result) = (&self.expected, &self.result);
        // Every reference case makes geological sense: no check of `strata_engine::sense` fires.
        assert_eq!(
            result["warnings"],
            serde_json::json!([]),
            "{case}: warnings"
        );
        self.levels(report);
        self.array(
            report,
            "scalar_field_at_surface_points_all_stacks",
            "scalar_field_at_surface_points",
            self.tol("scalar_field_at_surface_points"),
            &expected["scalar_field_at_surface_points_all_stacks"],
            &result["scalar_field_at_surface_points_all_stacks"],
        );
        self.grids(report);
        self.survey(report);
        self.meshes(report);
    }

    /// Every octree level: its grid, points and ids, and every stack's arrays (level 0's
    /// kriging systems too).
    fn levels(&self, report: &mut Report) {
        let levels = self.expected["octree_levels"].as_array().expect("levels");
        let got = self.result["octree_levels"].as_array().expect("levels");
        report.equal("octree levels", levels.len(), got.len());
        for (l, el) in levels.iter().enumerate() {
            let rl = &self.result["octree_levels"][l];
            for key in [
                "octree_grid_resolution",
                "n_octree_points",
                "n_all_points",
                "slices",
            ] {
                report.equal(&format!("level {l} {key}"), &el[key], &rl[key]);
            }
            // The octree case's points bit for bit at every level, a single regular grid's to
            // 1e-12.
            let xyz_atol = if levels.len() > 1 { 0.0 } else { 1e-12 };
            self.shaped(
                report,
                &format!("level {l} xyz"),
                "xyz",
                xyz_atol,
                &el["xyz"],
                &rl["xyz"],
            );
            self.shaped(
                report,
                &format!("level {l} ids"),
                "ids",
                0.0,
                &el["ids"],
                &rl["ids"],
            );
            self.array(
                report,
                &format!("level {l} fault_ids"),
                "ids",
                0.0,
                &el["fault_ids"],
                &rl["fault_ids"],
            );
            let stacks = el["stacks"].as_array().expect("stacks");
            report.equal(
                &format!("level {l} number of stacks"),
                stacks.len(),
                rl["stacks"].as_array().expect("stacks").len(),
            );
            for (s, es) in stacks.iter().enumerate() {
                self.stack(report, l, s, es, &rl["stacks"][s]);
            }
        }
    }

    /// Stack `s` of level `l`: every array the reference has.
    fn stack(&self, report: &mut Report, l: usize, s: usize, es: &Value, rs: &Value) {
        report.equal(
            &format!("level {l} stack {s} relation"),
            &es["relation"],
            &rs["relation"],
        );
        let system = if l == 0 { &SYSTEM_FIELDS[..] } else { &[] };
        for &(field, category) in LEVEL_FIELDS.iter().chain(system) {
            // A level without gradients in the reference (p06 computes none) has none here.
            if es[field].is_null() {
                report.equal(
                    &format!("level {l} stack {s} {field} absent"),
                    true,
                    rs[field].is_null(),
                );
                continue;
            }
            let what = format!("level {l} stack {s} {field}");
            self.array(
                report,
                &what,
                category,
                self.tol(category),
                &es[field],
                &rs[field],
            );
        }
        if l == 0 && self.method == SolverChoice::Dense {
            let (ce, cr) = (
                es["condition_number"].as_f64().expect("condition number"),
                rs["condition_number"].as_f64().expect("condition number"),
            );
            report.check(
                &format!("stack {s} condition number / reference"),
                "condition number, relative",
                1e-6,
                &[1.0],
                &[cr / ce],
            );
        }
    }

    /// The extra grids (custom points, topography): counts, slices, histograms, points, ids,
    /// blocks and every stack's field.
    fn grids(&self, report: &mut Report) {
        let n_stacks = self.expected["octree_levels"][0]["stacks"]
            .as_array()
            .expect("stacks")
            .len();
        for (name, eg) in self.expected["grids"].as_object().into_iter().flatten() {
            let rg = &self.result["grids"][name];
            for key in [
                "n_points",
                "slice",
                "id_histogram",
                "max_abs_soft_id_deviation",
            ] {
                report.equal(&format!("grids.{name}.{key}"), &eg[key], &rg[key]);
            }
            self.array(
                report,
                &format!("{name} xyz"),
                "xyz",
                1e-12,
                &eg["xyz"],
                &rg["xyz"],
            );
            self.array(
                report,
                &format!("{name} ids"),
                "ids",
                0.0,
                &eg["ids"],
                &rg["ids"],
            );
            let atol = self.tol("values_block");
            let what = format!("{name} final_block");
            self.array(
                report,
                &what,
                "values_block",
                atol,
                &eg["final_block"],
                &rg["final_block"],
            );
            for s in 0..n_stacks {
                let key = format!("S{s}_scalar");
                let atol = self.tol("scalar_field");
                let what = format!("{name} {key}");
                self.array(report, &what, "scalar_field", atol, &eg[&key], &rg[&key]);
            }
        }
    }

    /// The survey's grid, kernels and responses.
    fn survey(&self, report: &mut Report) {
        let (eg, rg) = (&self.expected["geophysics"], &self.result["geophysics"]);
        if !eg.is_object() {
            return;
        }
        for key in [
            "n_devices",
            "n_voxels_per_device",
            "slice",
            "id_histogram_per_device",
        ] {
            report.equal(&format!("geophysics.{key}"), &eg[key], &rg[key]);
        }
        for (key, category) in SURVEY_FIELDS {
            let what = format!("geophysics {key}");
            self.array(
                report,
                &what,
                category,
                self.tol(category),
                &eg[key],
                &rg[key],
            );
        }
        let (want, got) = (
            numbers(&eg["field_direction"]),
            numbers(&rg["field_direction"]),
        );
        report.check("field_direction", "field_direction", 1e-15, &want, &got);
    }

    /// The meshes: counts, area and bounding box (relative to the reference, 1e-6), triangles
    /// exact, vertices within the mesh tolerance.
    fn meshes(&self, report: &mut Report) {
        // No meshes: `[]` or `null`.
        let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
        let meshes = list(&self.expected["meshes"]);
        report.equal("meshes", meshes.len(), list(&self.result["meshes"]).len());
        for (m, em) in meshes.iter().enumerate() {
            let rm = &self.result["meshes"][m];
            for key in ["mesh", "n_vertices", "n_triangles"] {
                report.equal(&format!("mesh {m} {key}"), &em[key], &rm[key]);
            }
            let measures = |v: &Value| -> Vec<f64> {
                let mut values = vec![v["total_area"].as_f64().expect("area")];
                values.extend(numbers(&v["bbox_min"]));
                values.extend(numbers(&v["bbox_max"]));
                values
            };
            let relative: Vec<f64> = measures(em)
                .iter()
                .zip(measures(rm))
                .map(|(w, g)| (g - w).abs() / w.abs().max(f64::MIN_POSITIVE))
                .collect();
            report.check(
                &format!("mesh {m} area and bounding box, relative to the reference"),
                "mesh area and bounding box, relative",
                1e-6,
                &vec![0.0; relative.len()],
                &relative,
            );
            let what = format!("mesh {m} triangles");
            self.shaped(
                report,
                &what,
                "triangles",
                0.0,
                &em["triangles"],
                &rm["triangles"],
            );
            let what = format!("mesh {m} vertices");
            let atol = self.tol("mesh");
            self.shaped(
                report,
                &what,
                "mesh",
                atol,
                &em["vertices"],
                &rm["vertices"],
            );
        }
    }
}

/// The worst difference of one category over a case.
#[derive(Debug, Default)]
struct Worst {
    /// Largest absolute difference.
    largest: f64,
    /// The tolerance of the category.
    atol: f64,
    /// Values farther than `atol` from the reference (only counted when measuring).
    over: usize,
    /// Values compared.
    values: usize,
}

/// Largest absolute difference per category, and the tolerance it was checked against; in
/// `f64` every comparison is asserted, in `f32` recorded.
pub struct Report {
    asserted: bool,
    worst: BTreeMap<String, Worst>,
    /// Comparisons that could not be made value by value when measuring (lengths, structure).
    mismatches: Vec<String>,
}

impl Report {
    /// A report for a run in `dtype`: asserting in `f64`, measuring in `f32`.
    pub fn new(dtype: Dtype) -> Self {
        Self {
            asserted: dtype == Dtype::F64,
            worst: BTreeMap::new(),
            mismatches: Vec::new(),
        }
    }

    /// Compares `got` with `want` value by value within `atol`: `|want − got| ≤ atol`.
    pub fn check(&mut self, what: &str, category: &str, atol: f64, want: &[f64], got: &[f64]) {
        if want.len() != got.len() {
            let message = format!("{what}: length {} vs {}", got.len(), want.len());
            assert!(!self.asserted, "{message}");
            self.mismatches.push(message);
            return;
        }
        let entry = self.worst.entry(category.to_string()).or_default();
        entry.atol = atol;
        entry.values += want.len();
        for (i, (w, g)) in want.iter().zip(got).enumerate() {
            let d = (w - g).abs();
            assert!(
                !self.asserted || d <= atol,
                "{what}[{i}]: expected {w}, got {g} (|Δ| = {d:e} > atol {atol:e})"
            );
            entry.largest = entry.largest.max(d);
            entry.over += usize::from(d > atol);
        }
    }

    /// Compares a value that must be equal (a count, a slice, a histogram).
    pub fn equal<T: PartialEq + Debug>(&mut self, what: &str, want: T, got: T) {
        if self.asserted {
            assert_eq!(want, got, "{what}");
        } else if want != got {
            self.mismatches.push(format!("{what}: {got:?} vs {want:?}"));
        }
    }

    /// Prints the largest difference per category under `title`.
    pub fn print(&self, title: &str) {
        println!("{title}: largest |Δ| per category (tolerance)");
        for (category, w) in &self.worst {
            let over = if self.asserted {
                String::new()
            } else {
                format!(", {} of {} values over it", w.over, w.values)
            };
            println!("  {category:<32} {:.3e}  ({:.0e}{over})", w.largest, w.atol);
        }
        for mismatch in &self.mismatches {
            println!("  differs: {mismatch}");
        }
    }
}
