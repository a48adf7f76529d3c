//! `strata ensemble` and `strata model --variance` on the bundled graben: the blocks they write
//! are the library's, and bad arguments are errors that name them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use strata_cli::compute_flags::ComputeFlags;
use strata_cli::engine_command::CommandError;
use strata_cli::ensemble_command::{self, EnsembleArgs};
use strata_cli::model_command::{self, Format};
use strata_cli::section_command::Axis;
use strata_engine::{ComputeOptions, VarianceOptions};
use strata_ensemble::{Ensemble, Perturbation};
use strata_project::Project;

fn graben() -> PathBuf {
    strata_test_support::repo("examples/graben/strata.toml")
}

fn out_dir(name: &str) -> PathBuf {
    let out = std::env::temp_dir().join(format!("strata-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    out
}

/// Every `Float64` cell array of a `.vtr`, by name.
fn cell_arrays(path: &Path) -> HashMap<String, Vec<f64>> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    doc.descendants()
        .filter(|n| {
            n.has_tag_name("DataArray") && n.parent().is_some_and(|p| p.has_tag_name("CellData"))
        })
        .map(|n| {
            let values = n
                .text()
                .unwrap_or_default()
                .split_whitespace()
                .map(|v| v.parse().unwrap())
                .collect();
            (n.attribute("Name").unwrap().to_string(), values)
        })
        .collect()
}

fn args(out: &Path) -> EnsembleArgs {
    EnsembleArgs {
        project: graben(),
        realizations: 4,
        sigma_z: 15.0,
        surface_sigma_z: vec![("rock2".into(), 30.0)],
        sigma_dip: 2.0,
        sigma_azimuth: 0.0,
        seed: 7,
        out: out.to_path_buf(),
        axis: Axis::Y,
        at: None,
        compute: ComputeFlags::default(),
    }
}

#[test]
fn ensemble_writes_the_librarys_probability_and_entropy() {
    let out = out_dir("ensemble");
    let run = ensemble_command::run(&args(&out)).expect("ensemble runs");
    assert_eq!(run.shape, [40, 20, 40]);
    assert_eq!(run.written.len(), 2);

    // The same counts as the library's ensemble of the same project, perturbation and seed.
    let project = Project::load(&graben()).unwrap();
    let p = Perturbation::default()
        .with_sigma_z(15.0)
        .with_surface_sigma_z("rock2", 30.0)
        .with_sigma_dip(2.0);
    let ensemble = Ensemble::new(&project.input, &p, 7, ComputeOptions::default()).unwrap();
    assert_eq!(run.counts, ensemble.run(0..4).unwrap());

    // The .vtr holds the entropy and one probability per unit, in VTK's order (x fastest).
    let arrays = cell_arrays(&run.written[0]);
    let cells = 40 * 20 * 40;
    let entropy = &arrays["entropy"];
    assert_eq!(entropy.len(), cells);
    let units: Vec<&Vec<f64>> = run
        .counts
        .ids()
        .iter()
        .map(|id| &arrays[&format!("probability_{id}")])
        .collect();
    for c in 0..cells {
        let sum: f64 = units.iter().map(|p| p[c]).sum();
        assert!((sum - 1.0).abs() < 1e-12, "cell {c}: {sum}");
    }
    let (i, j, k) = (3, 5, 7);
    let engine_cell = (i * 20 + j) * 40 + k;
    let vtk_cell = i + 40 * (j + 20 * k);
    assert_eq!(entropy[vtk_cell], run.counts.entropy()[engine_cell]);

    // A PNG of the section.
    let png = std::fs::read(&run.written[1]).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(run.summary().contains("4 realizations of 32000 cells"));
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn bad_ensemble_arguments_are_errors_that_name_them() {
    let out = out_dir("ensemble-bad");
    let mut zero = args(&out);
    zero.realizations = 0;
    let mut surface = args(&out);
    surface.surface_sigma_z = vec![("rock9".into(), 1.0)];
    let mut sigma = args(&out);
    sigma.sigma_dip = -1.0;
    let mut at = args(&out);
    at.at = Some(5000.0);
    for (bad, expected) in [
        (zero, "--realizations 0"),
        (surface, "'rock9'"),
        (sigma, "sigma_dip = -1"),
        (at, "--at 5000 lies outside"),
    ] {
        let e: CommandError = ensemble_command::run(&bad).unwrap_err();
        assert!(e.to_string().contains(expected), "{e}");
    }
    assert!(!out.exists(), "nothing is written for a rejected ensemble");
}

#[test]
fn model_variance_writes_every_stacks_variance() {
    let out = out_dir("variance");
    let (run, written) = model_command::run_with(
        &graben(),
        &out,
        &[Format::Vtk],
        ComputeFlags::default(),
        Some(VarianceOptions::default()),
    )
    .expect("model runs");
    let arrays = cell_arrays(&written[0]);
    for (s, name) in ["fault2", "fault1", "layers"].iter().enumerate() {
        let variance = &arrays[&format!("variance_{name}")];
        let engine = run.solution.levels[0].stacks[s].variance.as_ref().unwrap();
        // Cell (i, j, k) of the engine is cell i + nx (j + ny k) of VTK.
        assert_eq!(variance[1 + 40 * (2 + 20 * 3)], engine[(20 + 2) * 40 + 3]);
        assert!(variance.iter().all(|v| v.is_finite()));
    }
    std::fs::remove_dir_all(&out).unwrap();
}
