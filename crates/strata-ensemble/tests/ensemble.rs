//! Ensembles of the bundled graben (three stacks, two faults): realizations that depend only on
//! `(seed, i)`, counts independent of batches and threads, perturbations of the right size.

use strata_data::EngineInput;
use strata_engine::{ComputeOptions, Cpu, compute_model};
use strata_ensemble::{Ensemble, EnsembleError, Perturbation, UnitCounts};
use strata_project::Project;

fn graben() -> Project {
    Project::load(&strata_test_support::repo("examples/graben/strata.toml"))
        .expect("the bundled graben loads")
}

/// The graben on a coarser grid (10 × 5 × 10 cells), to keep the tests quick.
fn coarse(project: &Project) -> EngineInput {
    let mut input = project.input.clone();
    let grid = strata_data::RegularGrid::new(input.grid().extent(), [10, 5, 10]).unwrap();
    input.set_grid(grid);
    input
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn counts_do_not_depend_on_threads_or_batches() {
    let project = graben();
    let input = coarse(&project);
    let p = Perturbation::default()
        .with_sigma_z(20.0)
        .with_sigma_dip(3.0)
        .with_sigma_azimuth(3.0);
    let ensemble = Ensemble::new(&input, &p, 11, ComputeOptions::default()).unwrap();
    let one = in_pool(1, || ensemble.run(0..12)).unwrap();
    let three = in_pool(3, || ensemble.run(0..12)).unwrap();
    assert_eq!(one, three);
    let mut batches = in_pool(2, || ensemble.run(7..12)).unwrap();
    batches.merge(&ensemble.run(0..7).unwrap()).unwrap();
    assert_eq!(batches, one);
    assert_eq!(one.realizations(), 12);
    // The perturbation moves boundaries: some cells are uncertain, not all.
    let h = one.entropy();
    let uncertain = h.iter().filter(|&&h| h > 0.0).count();
    assert!(
        uncertain > 0 && uncertain < h.len(),
        "{uncertain} of {}",
        h.len()
    );
    // Probabilities sum to one in every cell.
    let p = one.probability();
    let units = one.ids().len();
    for c in 0..one.cells() {
        let sum: f64 = (0..units).map(|u| p[u * one.cells() + c]).sum();
        assert!((sum - 1.0).abs() < 1e-12, "cell {c}: {sum}");
    }
}

#[test]
fn without_perturbation_every_realization_is_the_model() {
    let project = graben();
    let input = coarse(&project);
    let ensemble = Ensemble::new(
        &input,
        &Perturbation::default(),
        3,
        ComputeOptions::default(),
    )
    .unwrap();
    let ids = compute_model::<Cpu>(&input, &Default::default())
        .unwrap()
        .levels[0]
        .ids
        .clone();
    let counts = ensemble.run(0..3).unwrap();
    let mut expected = UnitCounts::new(ensemble.ids().to_vec(), ids.len());
    for _ in 0..3 {
        expected.add(&ids).unwrap();
    }
    assert_eq!(counts, expected);
    assert!(counts.entropy().iter().all(|&h| h == 0.0));
}

#[test]
fn realization_i_depends_only_on_seed_and_i() {
    let project = graben();
    let p = Perturbation::default()
        .with_sigma_z(10.0)
        .with_sigma_dip(2.0);
    let a = Ensemble::new(&project.input, &p, 5, ComputeOptions::default()).unwrap();
    let b = Ensemble::new(&project.input, &p, 5, ComputeOptions::default()).unwrap();
    let c = Ensemble::new(&project.input, &p, 6, ComputeOptions::default()).unwrap();
    // Asked for in another order, by another ensemble: the same data.
    let late = b.realization(9).unwrap();
    let _ = a.realization(3).unwrap();
    assert_eq!(a.realization(9).unwrap(), late);
    assert_ne!(a.realization(8).unwrap(), late);
    assert_ne!(c.realization(9).unwrap(), late);
}

#[test]
fn per_surface_sigma_moves_only_that_surface_by_its_sigma_in_world_units() {
    let project = graben();
    let input = &project.input;
    let sigma = 30.0;
    let p = Perturbation::default().with_surface_sigma_z("rock2", sigma);
    let ensemble = Ensemble::new(input, &p, 1, ComputeOptions::default()).unwrap();
    let structure = input.structure();
    let k = structure
        .surfaces()
        .iter()
        .position(|s| s.name == "rock2")
        .unwrap();
    let before: usize = structure.surfaces()[..k].iter().map(|s| s.n_points).sum();
    let rock2 = before..before + structure.surfaces()[k].n_points;
    let t = &project.transform;
    let mut moves = Vec::new();
    for i in 0..400 {
        let r = ensemble.realization(i).unwrap();
        assert_eq!(r.orientations(), input.orientations());
        for (j, (p, q)) in r
            .surface_points()
            .xyz()
            .iter()
            .zip(input.surface_points().xyz())
            .enumerate()
        {
            let (pw, qw) = (t.to_world(*p), t.to_world(*q));
            assert!((pw[0] - qw[0]).abs() < 1e-9 && (pw[1] - qw[1]).abs() < 1e-9);
            if rock2.contains(&j) {
                moves.push(pw[2] - qw[2]);
            } else {
                assert_eq!(p, q, "point {j} is not on rock2");
            }
        }
    }
    // The sample standard deviation within five standard errors of σ.
    let n = moves.len() as f64;
    let var = moves.iter().map(|m| m * m).sum::<f64>() / n;
    let se = sigma * sigma * (2.0 / n).sqrt();
    assert!((var - sigma * sigma).abs() < 5.0 * se, "variance {var}");
}

#[test]
fn bad_perturbations_are_errors_naming_the_value() {
    let project = graben();
    let options = ComputeOptions::default();
    let bad = Perturbation::default().with_surface_sigma_z("rock9", 1.0);
    let err = Ensemble::new(&project.input, &bad, 0, options).unwrap_err();
    assert!(matches!(err, EnsembleError::UnknownSurface { .. }));
    assert!(err.to_string().contains("rock9"), "{err}");
    for p in [
        Perturbation::default().with_sigma_z(-1.0),
        Perturbation::default().with_sigma_dip(f64::NAN),
        Perturbation::default().with_sigma_azimuth(f64::INFINITY),
    ] {
        let err = Ensemble::new(&project.input, &p, 0, options).unwrap_err();
        assert!(matches!(err, EnsembleError::Sigma { .. }), "{err}");
    }
}
