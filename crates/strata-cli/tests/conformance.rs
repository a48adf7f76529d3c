//! Conformance against gempy_engine: `strata engine` on copies of the reference cases
//! (`tests/data/pNN_*`, computed with gempy_engine 2026.0.3) must reproduce every array of the
//! case's `expected.json` within the case's calibrated tolerances, with ids exact — with the
//! dense solve, and with the matrix-free iterative solve forced (`--solver iterative`: same
//! tolerances; its condition number is not computed, so that one check is skipped).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use strata_cli::engine_command::{self, BackendChoice};
use strata_engine::{ComputeOptions, ConditionKind, SolverChoice};
use strata_io::ArrayDescriptor;
use strata_io::result_json::ResultOptions;

fn data_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(case)
}

fn load(desc: &Value, dir: &Path) -> Vec<f64> {
    ArrayDescriptor::load_f64(desc, dir).expect("array loads")
}

/// Largest absolute difference per category, and the tolerance it was checked against.
#[derive(Default)]
struct Report {
    worst: BTreeMap<String, (f64, f64)>,
}

impl Report {
    fn check(&mut self, what: &str, category: &str, atol: f64, want: &[f64], got: &[f64]) {
        assert_eq!(want.len(), got.len(), "{what}: length");
        let mut worst = 0.0f64;
        for (i, (w, g)) in want.iter().zip(got).enumerate() {
            let d = (w - g).abs();
            assert!(
                d <= atol,
                "{what}[{i}]: expected {w}, got {g} (|Δ| = {d:e} > atol {atol:e})"
            );
            worst = worst.max(d);
        }
        let e = self
            .worst
            .entry(category.to_string())
            .or_insert((0.0, atol));
        e.0 = e.0.max(worst);
    }
}

/// Runs `case` on `backend` with the exact 2-norm condition number (the reference's) and
/// compares every array with gempy_engine's.
fn run_case(case: &str, backend: BackendChoice) {
    run_case_with(case, backend, SolverChoice::Dense);
}

/// [`run_case`] solving every stack by `method`.
fn run_case_with(case: &str, backend: BackendChoice, method: SolverChoice) {
    let dir = data_dir(case);
    let out = std::env::temp_dir().join(format!(
        "strata-conformance-{case}-{backend:?}-{method}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&out);
    let options = ResultOptions::default().with_kernel_matrix(true);
    let compute = ComputeOptions::default()
        .with_condition(ConditionKind::TwoNormExact)
        .with_method(method);
    engine_command::run_on(backend, &dir.join("input.json"), &out, options, compute)
        .expect("engine runs");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("result.json")).unwrap()).unwrap();
    let tol = |category: &str| expected["tolerances"][category]["atol"].as_f64().unwrap();
    let mut report = Report::default();
    let mut compare = |what: String, category: &str, atol: f64, e: &Value, r: &Value| {
        let (want, got) = (load(e, &dir), load(r, &out));
        report.check(&what, category, atol, &want, &got);
    };
    let el = &expected["octree_levels"][0];
    let rl = &result["octree_levels"][0];
    compare("xyz".into(), "xyz", 1e-12, &el["xyz"], &rl["xyz"]);
    compare("ids".into(), "ids", 0.0, &el["ids"], &rl["ids"]);
    compare(
        "fault_ids".into(),
        "ids",
        0.0,
        &el["fault_ids"],
        &rl["fault_ids"],
    );
    let stacks = el["stacks"].as_array().unwrap();
    assert_eq!(
        stacks.len(),
        rl["stacks"].as_array().unwrap().len(),
        "number of stacks"
    );
    for (s, es) in stacks.iter().enumerate() {
        let rs = &rl["stacks"][s];
        assert_eq!(es["relation"], rs["relation"], "stack {s} relation");
        let fields = [
            ("scalar_field", "scalar_field"),
            ("gradient", "gradient"),
            ("values_block", "values_block"),
            ("final_block", "values_block"),
            ("faults_block", "values_block"),
            ("mask", "ids"),
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
        for (field, category) in fields {
            let atol = if category == "ids" {
                0.0
            } else {
                tol(category)
            };
            compare(
                format!("stack {s} {field}"),
                category,
                atol,
                &es[field],
                &rs[field],
            );
        }
        if method == SolverChoice::Dense {
            let (ce, cr) = (
                es["condition_number"].as_f64().unwrap(),
                rs["condition_number"].as_f64().unwrap(),
            );
            assert!(
                (ce - cr).abs() <= 1e-6 * ce,
                "stack {s} condition number {cr} vs {ce}"
            );
        }
    }
    compare(
        "scalar_field_at_surface_points_all_stacks".into(),
        "scalar_field_at_surface_points",
        tol("scalar_field_at_surface_points"),
        &expected["scalar_field_at_surface_points_all_stacks"],
        &result["scalar_field_at_surface_points_all_stacks"],
    );
    for (grid, range) in el["slices"].as_object().unwrap() {
        assert_eq!(&rl["slices"][grid], range, "level 0 slice of {grid}");
    }
    for (name, eg) in expected["grids"].as_object().into_iter().flatten() {
        let rg = &result["grids"][name];
        for key in [
            "n_points",
            "slice",
            "id_histogram",
            "max_abs_soft_id_deviation",
        ] {
            assert_eq!(eg[key], rg[key], "grids.{name}.{key}");
        }
        compare(format!("{name} xyz"), "xyz", 1e-12, &eg["xyz"], &rg["xyz"]);
        compare(format!("{name} ids"), "ids", 0.0, &eg["ids"], &rg["ids"]);
        let values = tol("values_block");
        let block = (&eg["final_block"], &rg["final_block"]);
        compare(
            format!("{name} final_block"),
            "values_block",
            values,
            block.0,
            block.1,
        );
        for s in 0..stacks.len() {
            let key = format!("S{s}_scalar");
            let atol = tol("scalar_field");
            compare(
                format!("{name} {key}"),
                "scalar_field",
                atol,
                &eg[&key],
                &rg[&key],
            );
        }
    }
    let (eg, rg) = (&expected["geophysics"], &result["geophysics"]);
    if eg.is_object() {
        for key in [
            "n_devices",
            "n_voxels_per_device",
            "slice",
            "id_histogram_per_device",
        ] {
            assert_eq!(eg[key], rg[key], "geophysics.{key}");
        }
        let arrays = [
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
        for (key, category) in arrays {
            let atol = if category == "ids" {
                0.0
            } else {
                tol(category)
            };
            compare(
                format!("geophysics {key}"),
                category,
                atol,
                &eg[key],
                &rg[key],
            );
        }
        let direction = |v: &Value| -> Vec<f64> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        };
        let (want, got) = (
            direction(&eg["field_direction"]),
            direction(&rg["field_direction"]),
        );
        report.check("field_direction", "field_direction", 1e-15, &want, &got);
    }
    println!("{case} on {backend:?}: largest |Δ| per category (tolerance)");
    for (category, (worst, atol)) in &report.worst {
        println!("  {category:<32} {worst:.3e}  ({atol:.0e})");
    }
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn p01_single_surface() {
    run_case("p01_single_surface", BackendChoice::Cpu);
}

#[test]
fn p02_model1_two_surfaces() {
    run_case("p02_model1_two_surfaces", BackendChoice::Cpu);
}

#[test]
fn p03_model1_drift0() {
    run_case("p03_model1_drift0", BackendChoice::Cpu);
}

#[test]
fn p04_toy_fold_unconformity() {
    run_case("p04_toy_fold_unconformity", BackendChoice::Cpu);
}

#[test]
fn p05_graben_two_faults() {
    run_case("p05_graben_two_faults", BackendChoice::Cpu);
}

#[test]
fn p07_model6_onlap() {
    run_case("p07_model6_onlap", BackendChoice::Cpu);
}

/// A survey of 3 devices on model1: the centred grid evaluated with the regular grid, gravity
/// and induced magnetics.
#[test]
fn p08_model1_geophysics() {
    run_case("p08_model1_geophysics", BackendChoice::Cpu);
}

/// Model1 with 5 custom points and a DEM: the geological map.
#[test]
fn p09_model1_topography_custom() {
    run_case("p09_model1_topography_custom", BackendChoice::Cpu);
}

/// The tensor-op defaults (the path of any burn backend) end to end, on the CPU.
#[test]
fn p02_model1_two_surfaces_tensor_ops() {
    run_case("p02_model1_two_surfaces", BackendChoice::CpuTensorOps);
}

/// The tensor-op defaults on the ill-conditioned graben (two faults, κ = 1.6e11).
#[test]
fn p05_graben_two_faults_tensor_ops() {
    run_case("p05_graben_two_faults", BackendChoice::CpuTensorOps);
}

/// Every reference case with the matrix-free iterative solve forced (p06, an octree with
/// meshes, in `octree_result.rs`).
#[test]
fn every_case_with_the_iterative_solve() {
    for case in [
        "p01_single_surface",
        "p02_model1_two_surfaces",
        "p03_model1_drift0",
        "p04_toy_fold_unconformity",
        "p05_graben_two_faults",
        "p07_model6_onlap",
    ] {
        run_case_with(case, BackendChoice::Cpu, SolverChoice::Iterative);
    }
}
