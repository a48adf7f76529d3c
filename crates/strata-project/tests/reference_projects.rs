//! GemPy's CSV files and a `strata.toml` give the engine input of the gempy_engine reference
//! cases: every engine-level number within 1e-12 of the case's `input.json`.

use std::path::PathBuf;

use strata_data::Point;
use strata_project::Project;
use strata_test_support::{reference_input as reference, repo};

const TOLERANCE: f64 = 1e-12;

/// The project fixtures, beside strata-io's CSV fixtures they name.
fn data(path: &str) -> PathBuf {
    repo("crates/strata-io/tests/data").join(path)
}

fn close(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= TOLERANCE,
            "{what}[{i}]: {g} vs {w} (difference {:e})",
            (g - w).abs()
        );
    }
}

fn flat(points: &[Point]) -> Vec<f64> {
    points.iter().flatten().copied().collect()
}

/// Loads the project and compares every engine-level number with the reference case.
fn assert_reproduces(project: &str, case: &str) {
    let project = Project::load(&data(project)).unwrap_or_else(|e| panic!("{e}"));
    let (got, want) = (&project.input, &reference(case));

    close(
        "surface point xyz",
        &flat(got.surface_points().xyz()),
        &flat(want.surface_points().xyz()),
    );
    close(
        "surface point nugget",
        got.surface_points().nugget(),
        want.surface_points().nugget(),
    );
    close(
        "orientation xyz",
        &flat(got.orientations().xyz()),
        &flat(want.orientations().xyz()),
    );
    close(
        "orientation gradient",
        &flat(got.orientations().gradient()),
        &flat(want.orientations().gradient()),
    );
    close(
        "orientation nugget",
        got.orientations().nugget(),
        want.orientations().nugget(),
    );
    assert_eq!(got.structure(), want.structure(), "structure");
    assert_eq!(got.unit_values(), want.unit_values(), "unit values");

    let (k, kw) = (got.kernel(), want.kernel());
    assert_eq!(
        (k.kernel, k.drift_degree, k.i_res, k.gi_res),
        (kw.kernel, kw.drift_degree, kw.i_res, kw.gi_res),
        "kernel"
    );
    close("range, c_o", &[k.range, k.c_o], &[kw.range, kw.c_o]);
    assert_eq!(got.evaluation(), want.evaluation(), "evaluation options");
    assert_eq!(got.sigmoid_slope(), want.sigmoid_slope(), "sigmoid slope");
    close("grid extent", &got.grid().extent(), &want.grid().extent());
    assert_eq!(
        got.grid().resolution(),
        want.grid().resolution(),
        "resolution"
    );

    let (t, tw) = (got.transform(), want.transform());
    close(
        "transform",
        &[t.center().as_slice(), &[t.scale()]].concat(),
        &[tw.center().as_slice(), &[tw.scale()]].concat(),
    );
    assert_eq!(&project.transform, t);
}

#[test]
fn model1_gives_p02() {
    assert_reproduces("model1/strata.toml", "p02_model1_two_surfaces");
}

#[test]
fn model1_without_drift_gives_p03() {
    assert_reproduces("reference/p03_model1_drift0.toml", "p03_model1_drift0");
}

#[test]
fn toy_fold_with_the_fixtures_transform_gives_p04() {
    assert_reproduces(
        "reference/p04_toy_fold_unconformity.toml",
        "p04_toy_fold_unconformity",
    );
}

#[test]
fn graben_with_the_fixtures_transform_gives_p05() {
    assert_reproduces(
        "reference/p05_graben_two_faults.toml",
        "p05_graben_two_faults",
    );
}

#[test]
fn model1_on_an_octree_gives_p06() {
    assert_reproduces(
        "reference/p06_model1_dual_contouring.toml",
        "p06_model1_dual_contouring",
    );
}

#[test]
fn model6_onlap_gives_p07() {
    assert_reproduces("reference/p07_model6_onlap.toml", "p07_model6_onlap");
}

#[test]
fn model1_with_three_devices_gives_p08s_survey() {
    assert_reproduces(
        "reference/p08_model1_geophysics.toml",
        "p08_model1_geophysics",
    );
    let project = Project::load(&data("reference/p08_model1_geophysics.toml")).unwrap();
    // Devices, kernel and properties by lithology id, as p08's input gives them.
    let (got, want) = (
        project.input.extra_grids(),
        reference("p08_model1_geophysics").extra_grids().clone(),
    );
    assert_eq!(*got, want);
    let survey = project.grids.survey.as_ref().unwrap();
    assert_eq!(survey.devices.len(), 3);
    assert_eq!(survey.lattice, None);
}

#[test]
fn model1_with_p09s_points_gives_p09s_extra_grids() {
    let project = Project::load(&data("reference/p09_model1_topography_custom.toml")).unwrap();
    let want = reference("p09_model1_topography_custom");
    let (got, want) = (project.input.extra_grids(), want.extra_grids());
    // p09's 11 × 6 lattice is the model's x-y grid: every point resamples onto itself.
    close("custom points", &flat(&got.custom), &flat(&want.custom));
    close(
        "topography",
        &flat(&got.topography),
        &flat(&want.topography),
    );
    let topography = project.grids.topography.as_ref().unwrap();
    let (x, y) = topography.nodes();
    assert_eq!((x.len(), y.len()), (11, 6));
    assert_eq!(project.grids.custom[3], [100.0, 900.0, 610.0]);
}

#[test]
fn names_and_world_extent_are_kept() {
    let p = Project::load(&data("reference/p05_graben_two_faults.toml")).unwrap();
    assert_eq!(p.name, "p05_graben_two_faults");
    assert_eq!(p.world_extent, [0.0, 1000.0, 0.0, 1000.0, -1000.0, 0.0]);
    assert_eq!(
        p.stack_names(),
        ["fault_series2", "fault_series1", "series1"]
    );
    assert_eq!(
        p.surface_names(),
        ["fault2", "fault1", "rock4", "rock3", "rock2", "rock1"]
    );
}

/// A project whose CSV files come from memory is the project read from disk, and errors in
/// them name the same paths.
#[test]
fn csv_files_from_memory_give_the_same_project() {
    let path = data("model1/strata.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let from_disk = Project::load(&path).unwrap();
    let mut asked = Vec::new();
    let from_memory = Project::parse_with(&text, &path, |csv| {
        asked.push(csv.to_path_buf());
        Ok(std::fs::read(csv).unwrap())
    })
    .unwrap();
    assert_eq!(from_memory.input, from_disk.input);
    assert_eq!(asked.len(), 2);
    assert!(asked.iter().all(|p| p.starts_with(path.parent().unwrap())));
    let bad = Project::parse_with(&text, &path, |csv| {
        let bytes = std::fs::read(csv).unwrap();
        Ok(if csv.to_string_lossy().contains("points") {
            b"X,Y,Z,formation\n1,two,3,rock1\n".to_vec()
        } else {
            bytes
        })
    })
    .unwrap_err()
    .to_string();
    assert!(
        bad.contains(":2: column 'Y': not a number (value 'two')"),
        "{bad}"
    );
}
