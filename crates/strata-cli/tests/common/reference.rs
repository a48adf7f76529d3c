//! A reference case through `strata engine`, every array of its `expected.json` compared with
//! the result within the case's calibrated tolerances, ids exact.

use serde_json::Value;
use strata_cli::engine_command::BackendChoice;
use strata_engine::{
    ComputeOptions, ConditionKind, Dtype, MatrixFreeOptions, SolverChoice, Stopping,
};
use strata_io::ArrayDescriptor;
use strata_io::result_json::ResultOptions;

use super::{Report, data_dir, read_json, run_engine};

/// The reference cases without an octree (p06, with one, is in `octree.rs`) that the
/// matrix-free solve is forced on.
pub const ITERATIVE_CASES: [&str; 6] = [
    "p01_single_surface",
    "p02_model1_two_surfaces",
    "p03_model1_drift0",
    "p04_toy_fold_unconformity",
    "p05_graben_two_faults",
    "p07_model6_onlap",
];

/// The matrix-free solve's options for conformance: the rule `τ = 10⁻¹⁰` of the field's
/// spread (`Stopping::FieldSpread`), since the arrays are compared within the reference's
/// tolerances; the default rule (a fraction of the iso-value gap) promises the ids alone.
pub fn conformance_rule() -> MatrixFreeOptions {
    MatrixFreeOptions::default().with_stopping(Stopping::FieldSpread)
}

/// Runs `case` on `backend` in `f64` with the dense solve and the exact 2-norm condition
/// number (the reference's), and asserts every array.
pub fn run_case(case: &str, backend: BackendChoice) {
    run_case_with(case, backend, SolverChoice::Dense, Dtype::F64);
}

/// [`run_case`] solving every stack by `method` and evaluating in `dtype` (in `f32` the
/// differences are printed, not asserted).
pub fn run_case_with(case: &str, backend: BackendChoice, method: SolverChoice, dtype: Dtype) {
    let dir = data_dir(case);
    let out = std::env::temp_dir().join(format!(
        "strata-conformance-{case}-{backend:?}-{method}-{dtype}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&out);
    let options = ResultOptions::default().with_kernel_matrix(true);
    let compute = ComputeOptions::default()
        .with_condition(ConditionKind::TwoNormExact)
        .with_method(method)
        .with_dtype(dtype)
        .with_iterative(conformance_rule());
    run_engine(backend, &dir.join("input.json"), &out, options, compute);
    let expected = read_json(&dir.join("expected.json"));
    let result = read_json(&out.join("result.json"));
    // Every reference case makes geological sense: no check of `strata_engine::sense` fires.
    assert_eq!(
        result["warnings"],
        serde_json::json!([]),
        "{case}: warnings"
    );
    let tol = |category: &str| expected["tolerances"][category]["atol"].as_f64().unwrap();
    // Ids are compared exactly; every other category with its calibrated tolerance.
    let exact_ids = |category: &str| {
        if category == "ids" {
            0.0
        } else {
            tol(category)
        }
    };
    let mut report = Report::new(dtype);
    let load = |desc: &Value, dir: &std::path::Path| -> Vec<f64> {
        ArrayDescriptor::load_f64(desc, dir).expect("array loads")
    };
    let compare =
        |report: &mut Report, what: String, category: &str, atol: f64, e: &Value, r: &Value| {
            let (want, got) = (load(e, &dir), load(r, &out));
            report.check(&what, category, atol, &want, &got);
        };
    let el = &expected["octree_levels"][0];
    let rl = &result["octree_levels"][0];
    compare(
        &mut report,
        "xyz".into(),
        "xyz",
        1e-12,
        &el["xyz"],
        &rl["xyz"],
    );
    compare(
        &mut report,
        "ids".into(),
        "ids",
        0.0,
        &el["ids"],
        &rl["ids"],
    );
    compare(
        &mut report,
        "fault_ids".into(),
        "ids",
        0.0,
        &el["fault_ids"],
        &rl["fault_ids"],
    );
    let stacks = el["stacks"].as_array().unwrap();
    report.equal(
        "number of stacks",
        stacks.len(),
        rl["stacks"].as_array().unwrap().len(),
    );
    for (s, es) in stacks.iter().enumerate() {
        let rs = &rl["stacks"][s];
        report.equal(
            &format!("stack {s} relation"),
            &es["relation"],
            &rs["relation"],
        );
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
            let atol = exact_ids(category);
            compare(
                &mut report,
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
            report.check(
                &format!("stack {s} condition number / reference"),
                "condition number, relative",
                1e-6,
                &[1.0],
                &[cr / ce],
            );
        }
    }
    compare(
        &mut report,
        "scalar_field_at_surface_points_all_stacks".into(),
        "scalar_field_at_surface_points",
        tol("scalar_field_at_surface_points"),
        &expected["scalar_field_at_surface_points_all_stacks"],
        &result["scalar_field_at_surface_points_all_stacks"],
    );
    for (grid, range) in el["slices"].as_object().unwrap() {
        report.equal(
            &format!("level 0 slice of {grid}"),
            range,
            &rl["slices"][grid],
        );
    }
    for (name, eg) in expected["grids"].as_object().into_iter().flatten() {
        let rg = &result["grids"][name];
        for key in [
            "n_points",
            "slice",
            "id_histogram",
            "max_abs_soft_id_deviation",
        ] {
            report.equal(&format!("grids.{name}.{key}"), &eg[key], &rg[key]);
        }
        compare(
            &mut report,
            format!("{name} xyz"),
            "xyz",
            1e-12,
            &eg["xyz"],
            &rg["xyz"],
        );
        compare(
            &mut report,
            format!("{name} ids"),
            "ids",
            0.0,
            &eg["ids"],
            &rg["ids"],
        );
        compare(
            &mut report,
            format!("{name} final_block"),
            "values_block",
            tol("values_block"),
            &eg["final_block"],
            &rg["final_block"],
        );
        for s in 0..stacks.len() {
            let key = format!("S{s}_scalar");
            compare(
                &mut report,
                format!("{name} {key}"),
                "scalar_field",
                tol("scalar_field"),
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
            report.equal(&format!("geophysics.{key}"), &eg[key], &rg[key]);
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
            let atol = exact_ids(category);
            compare(
                &mut report,
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
    report.print(&format!("{case} on {backend:?} ({method}, {dtype})"));
    std::fs::remove_dir_all(&out).ok();
}
