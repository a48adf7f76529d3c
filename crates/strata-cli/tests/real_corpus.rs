//! The corpus of real public data (`benches/data/real/`, whose README lists every source and
//! licence) in a debug build: every dataset small enough computes with the default solver, with
//! the matrix-free iterative solve forced and with the dense solve, and all three give the same
//! id in every cell. Real data — clustered picks, near-duplicate points, faults, condition
//! numbers of 1e7–1e8 — must not move an id where the iterative solve stops. The whole
//! Moureze karst (N = 4 780, whose covariance is indefinite) gives the dense ids with the
//! default solver. The seismic Claudius set (21 023 picks) enters as a subsample;
//! `cargo xtask bench --real` runs the whole corpus in release.

use std::path::PathBuf;

use strata_cli::compute_flags::{ComputeFlags, ProjectSettings, SolverFlag, compute_options};
use strata_data::EngineInput;
use strata_engine::{Cpu, SolveReport, WeightsCache, compute_model_with};
use strata_io::engine_json;
use strata_project::Project;

/// The corpus's projects small enough for a debug build, all of them (systems of 11 to 1 858
/// rows).
const SMALL: [&str; 3] = ["perth_basin", "alesmodel", "muenster"];

/// Every how many Claudius picks the subsample keeps, and its grid.
const CLAUDIUS_EVERY: usize = 16;
const CLAUDIUS_RESOLUTION: &str = "[20, 20, 20]";

fn corpus(path: &str) -> PathBuf {
    strata_test_support::repo("benches/data/real").join(path)
}

/// The solution of `input` solved by `solver` (`None`: the default), with `settings`.
fn solve(
    input: &EngineInput,
    settings: ProjectSettings,
    solver: Option<SolverFlag>,
) -> strata_engine::ModelSolution {
    let flags = ComputeFlags {
        solver,
        ..ComputeFlags::default()
    };
    let options = compute_options(&flags, settings);
    compute_model_with::<Cpu>(input, &WeightsCache::new(), options, &Default::default())
        .unwrap_or_else(|e| panic!("{solver:?}: {e}"))
}

/// The ids of every cell of `project`'s grid, solved by `solver` (`None`: the default).
fn ids(project: &Project, solver: Option<SolverFlag>) -> Vec<i32> {
    solve(&project.input, ProjectSettings::of(project), solver).levels[0]
        .ids
        .clone()
}

/// Asserts that the default, iterative and dense solves give the same ids.
fn same_ids_by_every_solver(project: &Project) {
    let dense = ids(project, Some(SolverFlag::Dense));
    for solver in [None, Some(SolverFlag::Iterative)] {
        let other = ids(project, solver);
        assert_eq!(other.len(), dense.len(), "{}", project.name);
        let differing = other.iter().zip(&dense).filter(|(a, b)| a != b).count();
        assert_eq!(
            differing,
            0,
            "{} ({solver:?}): {differing} of {} ids differ from the dense solve's",
            project.name,
            dense.len()
        );
    }
}

#[test]
fn small_real_datasets_give_the_same_ids_with_every_solver() {
    for name in SMALL {
        let project = Project::load(&corpus(&format!("{name}/strata.toml")))
            .unwrap_or_else(|e| panic!("{e}"));
        same_ids_by_every_solver(&project);
    }
}

/// Claudius's seismic picks, every [`CLAUDIUS_EVERY`]th of them (1 314 picks on 4 horizons
/// along the survey's lines), with its 25 normals on a coarser grid.
#[test]
fn a_subsample_of_the_seismic_picks_gives_the_same_ids_with_every_solver() {
    let dir = std::env::temp_dir().join(format!("strata-claudius-sub-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let points = std::fs::read_to_string(corpus("claudius/surface_points.csv")).unwrap();
    let mut lines = points.lines();
    let mut kept: Vec<&str> = vec![lines.next().unwrap()];
    kept.extend(lines.step_by(CLAUDIUS_EVERY));
    assert_eq!(kept.len() - 1, 21_023usize.div_ceil(CLAUDIUS_EVERY));
    std::fs::write(dir.join("surface_points.csv"), kept.join("\n") + "\n").unwrap();
    std::fs::copy(
        corpus("claudius/orientations.csv"),
        dir.join("orientations.csv"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(corpus("claudius/strata.toml"))
        .unwrap()
        .replace("[50, 50, 50]", CLAUDIUS_RESOLUTION);
    assert!(toml.contains(CLAUDIUS_RESOLUTION));
    std::fs::write(dir.join("strata.toml"), toml).unwrap();
    let project = Project::load(&dir.join("strata.toml")).unwrap_or_else(|e| panic!("{e}"));
    // Every horizon keeps picks: all five units occur.
    let dense = ids(&project, Some(SolverFlag::Dense));
    for unit in 1..=5 {
        assert!(dense.contains(&unit), "unit {unit} missing");
    }
    same_ids_by_every_solver(&project);
    std::fs::remove_dir_all(&dir).ok();
}

/// The whole Moureze karst (`strata engine` on its engine input, octree of 5 levels): the
/// default solver gives the dense solve's ids at every level, whichever path it takes (its
/// covariance is indefinite: the matrix-free solve refuses it, and the default falls back to
/// or chooses the dense solve).
#[test]
fn the_whole_moureze_karst_gives_the_dense_ids_with_the_default_solver() {
    let input = engine_json::read(&corpus("moureze_all/input.json")).unwrap();
    let settings = ProjectSettings::default();
    let dense = solve(&input, settings, Some(SolverFlag::Dense));
    assert_eq!(dense.stacks[0].size, 4_780);
    let auto = solve(&input, settings, None);
    assert!(
        matches!(
            auto.stacks[0].solve,
            SolveReport::Dense(_) | SolveReport::DenseFallback { .. }
        ),
        "{:?}",
        auto.stacks[0].solve
    );
    assert_eq!(auto.levels.len(), 5);
    for (level, (a, d)) in auto.levels.iter().zip(&dense.levels).enumerate() {
        assert_eq!(a.ids, d.ids, "level {level}");
    }
}
