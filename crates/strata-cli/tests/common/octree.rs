//! The octree case (p06) through `strata engine`: every level and the meshes in the schema of
//! the reference `expected.json` — same slices, resolutions, counts, ids and mesh arrays.

use std::path::Path;

use serde_json::Value;
use strata_cli::engine_command::BackendChoice;
use strata_engine::{ComputeOptions, Dtype, SolverChoice};
use strata_io::ArrayDescriptor;
use strata_io::result_json::ResultOptions;

use super::reference::conformance_rule;
use super::{Report, data_dir, read_json, run_engine};

/// The reference case with an octree and meshes.
const CASE: &str = "p06_model1_dual_contouring";

/// An array and its shape.
fn load(desc: &Value, dir: &Path) -> (Vec<usize>, Vec<f64>) {
    let d: ArrayDescriptor = serde_json::from_value(desc.clone()).expect("array descriptor");
    let shape = serde_json::from_value(desc["shape"].clone()).unwrap();
    (shape, d.load(dir).expect("array loads").to_f64())
}

/// Runs p06 on `backend`, solving by `method` and evaluating in `dtype`, and compares every
/// level and mesh with the reference (asserted in `f64`, printed in `f32`).
pub fn p06_with(backend: BackendChoice, method: SolverChoice, dtype: Dtype) {
    let dir = data_dir(CASE);
    let out = std::env::temp_dir().join(format!(
        "strata-octree-result-{backend:?}-{method}-{dtype}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&out);
    let compute = ComputeOptions::default()
        .with_method(method)
        .with_dtype(dtype)
        .with_iterative(conformance_rule());
    run_engine(
        backend,
        &dir.join("input.json"),
        &out,
        ResultOptions::default(),
        compute,
    );
    let (expected, result) = (
        read_json(&dir.join("expected.json")),
        read_json(&out.join("result.json")),
    );
    let mut report = Report::new(dtype);

    let levels = expected["octree_levels"].as_array().unwrap();
    report.equal(
        "octree levels",
        levels.len(),
        result["octree_levels"].as_array().unwrap().len(),
    );
    for (l, el) in levels.iter().enumerate() {
        let rl = &result["octree_levels"][l];
        for key in [
            "octree_grid_resolution",
            "n_octree_points",
            "n_all_points",
            "slices",
        ] {
            report.equal(&format!("level {l} {key}"), &el[key], &rl[key]);
        }
        for key in ["xyz", "ids"] {
            let ((want_shape, want), (shape, got)) = (load(&el[key], &dir), load(&rl[key], &out));
            report.equal(&format!("level {l} {key} shape"), want_shape, shape);
            report.check(&format!("level {l} {key}"), key, 0.0, &want, &got);
        }
    }

    let meshes = expected["meshes"].as_array().unwrap();
    report.equal(
        "meshes",
        meshes.len(),
        result["meshes"].as_array().unwrap().len(),
    );
    let atol = expected["tolerances"]["mesh"]["atol"].as_f64().unwrap();
    for (m, em) in meshes.iter().enumerate() {
        let rm = &result["meshes"][m];
        for key in ["mesh", "n_vertices", "n_triangles"] {
            report.equal(&format!("mesh {m} {key}"), &em[key], &rm[key]);
        }
        let measures = |v: &Value| -> Vec<f64> {
            let value = |v: &Value| v.as_f64().unwrap();
            let mut values = vec![value(&v["total_area"])];
            for key in ["bbox_min", "bbox_max"] {
                values.extend((0..3).map(|k| value(&v[key][k])));
            }
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
        let ((want_shape, want), (shape, got)) =
            (load(&em["triangles"], &dir), load(&rm["triangles"], &out));
        report.equal(&format!("mesh {m} triangles shape"), want_shape, shape);
        report.check(
            &format!("mesh {m} triangles"),
            "triangles",
            0.0,
            &want,
            &got,
        );
        let ((want_shape, want), (shape, got)) =
            (load(&em["vertices"], &dir), load(&rm["vertices"], &out));
        report.equal(&format!("mesh {m} vertices shape"), want_shape, shape);
        report.check(&format!("mesh {m} vertices"), "mesh", atol, &want, &got);
    }
    report.print(&format!("{CASE} on {backend:?} ({method}, {dtype})"));
    std::fs::remove_dir_all(&out).ok();
}
