//! `strata engine` on an octree case (p06) writes every level and the meshes in the schema of
//! the reference `expected.json`: same slices, resolutions, counts, and mesh arrays.

use std::path::{Path, PathBuf};

use serde_json::Value;
use strata_cli::engine_command::{self, BackendChoice};
use strata_engine::{ComputeOptions, SolverChoice};
use strata_io::ArrayDescriptor;
use strata_io::result_json::ResultOptions;

fn case_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/p06_model1_dual_contouring")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn load(desc: &Value, dir: &Path) -> (Vec<usize>, Vec<f64>) {
    let d: ArrayDescriptor = serde_json::from_value(desc.clone()).expect("array descriptor");
    let shape = serde_json::from_value(desc["shape"].clone()).unwrap();
    (shape, d.load(dir).expect("array loads").to_f64())
}

#[test]
fn p06_result_has_every_level_and_the_meshes() {
    p06_with(SolverChoice::Dense);
}

/// The same with the matrix-free iterative solve forced.
#[test]
fn p06_with_the_iterative_solve() {
    p06_with(SolverChoice::Iterative);
}

fn p06_with(method: SolverChoice) {
    let dir = case_dir();
    let out = std::env::temp_dir().join(format!(
        "strata-octree-result-{method}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&out);
    let compute = ComputeOptions::default().with_method(method);
    engine_command::run_on(
        BackendChoice::Cpu,
        &dir.join("input.json"),
        &out,
        ResultOptions::default(),
        compute,
    )
    .unwrap();
    let (expected, result) = (
        read_json(&dir.join("expected.json")),
        read_json(&out.join("result.json")),
    );

    let levels = expected["octree_levels"].as_array().unwrap();
    assert_eq!(
        result["octree_levels"].as_array().unwrap().len(),
        levels.len()
    );
    for (l, el) in levels.iter().enumerate() {
        let rl = &result["octree_levels"][l];
        for key in [
            "octree_grid_resolution",
            "n_octree_points",
            "n_all_points",
            "slices",
        ] {
            assert_eq!(el[key], rl[key], "level {l} {key}");
        }
        let (shape, xyz) = load(&rl["xyz"], &out);
        assert_eq!((shape, xyz), load(&el["xyz"], &dir), "level {l} xyz");
        assert_eq!(
            load(&rl["ids"], &out),
            load(&el["ids"], &dir),
            "level {l} ids"
        );
    }

    let meshes = expected["meshes"].as_array().unwrap();
    assert_eq!(result["meshes"].as_array().unwrap().len(), meshes.len());
    let atol = expected["tolerances"]["mesh"]["atol"].as_f64().unwrap();
    for (m, em) in meshes.iter().enumerate() {
        let rm = &result["meshes"][m];
        for key in ["mesh", "n_vertices", "n_triangles"] {
            assert_eq!(em[key], rm[key], "mesh {m} {key}");
        }
        let area = |v: &Value| v["total_area"].as_f64().unwrap();
        assert!(
            (area(em) - area(rm)).abs() <= 1e-6 * area(em),
            "mesh {m} area"
        );
        for key in ["bbox_min", "bbox_max"] {
            for k in 0..3 {
                let (want, got) = (em[key][k].as_f64().unwrap(), rm[key][k].as_f64().unwrap());
                assert!(
                    (want - got).abs() <= 1e-6 * want.abs(),
                    "mesh {m} {key}[{k}]"
                );
            }
        }
        assert_eq!(
            load(&rm["triangles"], &out),
            load(&em["triangles"], &dir),
            "mesh {m} triangles"
        );
        let ((shape, got), (want_shape, want)) =
            (load(&rm["vertices"], &out), load(&em["vertices"], &dir));
        assert_eq!(shape, want_shape, "mesh {m} vertices shape");
        assert!(
            got.iter().zip(&want).all(|(g, w)| (g - w).abs() <= atol),
            "mesh {m} vertices"
        );
    }
    std::fs::remove_dir_all(&out).ok();
}
