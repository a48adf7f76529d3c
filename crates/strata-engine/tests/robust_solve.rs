//! The solve never fails where a correct answer is computable: the dense fallback of
//! `SolverChoice::Auto` on a truly indefinite system (gempy's unclipped cubic on the Moureze
//! karst, which spans many ranges), the explicit iterative solve's error and hint there, and
//! the geological stopping rule's ids against the dense solve on clustered data.

use strata_data::{EngineInput, LayeredGrid, LayeredModel, SurfacePoints};
use strata_engine::{
    ComputeOptions, Cpu, EngineError, GAP_FRACTION, MatrixFreeOptions, ModelSolution, SolveReport,
    SolverChoice, Stopping, WeightsCache, compute_model_with,
};
use strata_io::engine_json;
use strata_solver::iterative::IterativeOptions;
use strata_test_support::paths::read_json;
use strata_test_support::repo;

/// The Moureze benchmark (every 8th row of gempy_engine's Moureze_Points.csv: 345 surface
/// points, 85 orientations; range 100 over an extent of 300 × 400 × 100, no drift), evaluated
/// on two octree levels without meshes (the solve is what is tested).
fn moureze() -> EngineInput {
    let mut json = read_json(&repo("benches/data/d_moureze_octree5_dc/input.json"));
    let evaluation = &mut json["evaluation_options"];
    evaluation["number_octree_levels"] = 2.into();
    evaluation["number_octree_levels_surface"] = 2.into();
    evaluation["mesh_extraction"] = false.into();
    engine_json::parse(&json.to_string(), "moureze").unwrap()
}

fn compute(input: &EngineInput, options: ComputeOptions) -> Result<ModelSolution, EngineError> {
    compute_model_with::<Cpu>(input, &WeightsCache::new(), options, &Default::default())
}

#[test]
fn auto_solves_an_indefinite_system_densely_and_says_why() {
    let input = moureze();
    let dense = compute(
        &input,
        ComputeOptions::default().with_method(SolverChoice::Dense),
    )
    .unwrap();
    let n = dense.stacks[0].size;
    assert_eq!(n, 3 * 85 + 345 - 1);
    // A budget where the dense solve fits, but not in the half that `auto` keeps for choosing
    // it: `auto` tries the iterative solve first.
    let dense_bytes = strata_engine::dense_bytes(n, n);
    let budget = dense_bytes + dense_bytes / 2;
    let auto = compute(&input, ComputeOptions::default().with_memory_budget(budget)).unwrap();
    let SolveReport::DenseFallback { reason, .. } = &auto.stacks[0].solve else {
        panic!("no fallback: {:?}", auto.stacks[0].solve);
    };
    assert!(reason.contains("is indefinite"), "{reason}");
    assert_eq!(auto.stacks[0].weights, dense.stacks[0].weights);
    assert_eq!(
        auto.levels.last().unwrap().ids,
        dense.levels.last().unwrap().ids
    );
    assert!(
        auto.stacks[0]
            .solve
            .describe()
            .contains("after the iterative solve failed")
    );
}

#[test]
fn an_explicit_iterative_solve_of_an_indefinite_system_fails_with_the_hint() {
    let input = moureze();
    let options = ComputeOptions::default().with_method(SolverChoice::Iterative);
    match compute(&input, options) {
        Err(error @ EngineError::IterativeSolve { .. }) => {
            let message = error.to_string();
            assert!(
                message.contains("--solver dense or --solver auto"),
                "{message}"
            );
            assert!(message.contains("breakdown"), "{message}");
        }
        other => panic!("expected an iterative-solve error, got {other:?}"),
    }
}

#[test]
fn when_neither_solve_can_run_the_error_says_what_to_change() {
    let input = moureze();
    let n = 3 * 85 + 345 - 1;
    // Too small for the dense solve, large enough for the preconditioner: the iterative solve
    // runs (eigenvalue floor) and breaks down, and nothing is left.
    let budget = strata_engine::dense_bytes(n, n) * 9 / 10;
    match compute(&input, ComputeOptions::default().with_memory_budget(budget)) {
        Err(error @ EngineError::Unsolvable { .. }) => {
            let message = error.to_string();
            for what in [
                "breakdown",
                "memory budget",
                "nugget",
                "range",
                "--memory-budget",
            ] {
                assert!(message.contains(what), "{what}: {message}");
            }
        }
        other => panic!("expected an unsolvable error, got {other:?}"),
    }
}

/// A convergence failure (here an iteration limit of 2) under `auto` is solved densely too,
/// when the dense solve fits the budget; with no room for it, the error names both failures.
#[test]
fn auto_falls_back_when_the_iteration_does_not_converge() {
    let input = clustered();
    let dense = compute(
        &input,
        ComputeOptions::default().with_method(SolverChoice::Dense),
    )
    .unwrap();
    let n = dense.stacks[0].size;
    let dense_bytes = strata_engine::dense_bytes(n, n - 3);
    let few = MatrixFreeOptions::default().with_iterative(
        IterativeOptions::default()
            .with_tolerance(GAP_FRACTION)
            .with_max_iterations(2),
    );
    let options = ComputeOptions::default().with_iterative(few);
    let auto = compute(
        &input,
        options.with_memory_budget(dense_bytes + dense_bytes / 2),
    )
    .unwrap();
    let SolveReport::DenseFallback { reason, .. } = &auto.stacks[0].solve else {
        panic!("no fallback: {:?}", auto.stacks[0].solve);
    };
    assert!(
        reason.contains("no convergence after 2 iterations"),
        "{reason}"
    );
    assert_eq!(auto.stacks[0].weights, dense.stacks[0].weights);
    match compute(
        &input,
        options.with_memory_budget(dense_bytes / 2 + dense_bytes / 4),
    ) {
        Err(error @ EngineError::Unsolvable { .. }) => {
            let message = error.to_string();
            assert!(message.contains("no convergence"), "{message}");
            assert!(message.contains("more than the memory budget"), "{message}");
        }
        other => panic!("expected an unsolvable error, got {other:?}"),
    }
}

/// The layered model (two surfaces, 2 × 24² points, 8² orientations) with its surface points
/// gathered into 11 "seismic lines": every point moved along x to within 7.5 world units of
/// the nearest multiple of 100, and onto its own surface again.
fn clustered() -> EngineInput {
    let input = LayeredModel::new(24, 8)
        .input(LayeredGrid::Regular(24))
        .unwrap();
    let t = LayeredModel::transform();
    let points = input
        .surface_points()
        .xyz()
        .iter()
        .map(|&p| {
            let [x, y, z] = t.to_world(p);
            let line = 100.0 * (x / 100.0).round();
            let moved = line + 0.15 * (x - line);
            let lift = LayeredModel::surface(moved, y, 0.0) - LayeredModel::surface(x, y, 0.0);
            t.to_engine([moved, y, z + lift])
        })
        .collect();
    let nugget = input.surface_points().nugget().to_vec();
    input
        .with_surface_points(SurfacePoints::new(points, nugget).unwrap())
        .unwrap()
}

#[test]
fn the_iso_value_gap_rule_gives_the_dense_ids_on_clustered_data() {
    let input = clustered();
    let dense = compute(
        &input,
        ComputeOptions::default().with_method(SolverChoice::Dense),
    )
    .unwrap();
    let iterative = compute(
        &input,
        ComputeOptions::default().with_method(SolverChoice::Iterative),
    )
    .unwrap();
    let SolveReport::Iterative {
        iterations,
        residual,
        stopping,
        tolerance,
        rounding_floor,
        ..
    } = iterative.stacks[0].solve
    else {
        panic!("not iterative: {:?}", iterative.stacks[0].solve);
    };
    println!("clustered: {iterations} iterations, {residual:.1e} of the iso-value gap");
    assert_eq!(stopping, Stopping::IsoValueGap);
    assert_eq!(tolerance, GAP_FRACTION);
    assert!(residual <= GAP_FRACTION && !rounding_floor);
    assert_eq!(dense.levels[0].ids, iterative.levels[0].ids, "ids differ");
    // The rule's own promise: every surface point's field within f of the gap between the
    // two iso-values (the dense solve is exact up to rounding far below it).
    let (d, i) = (&dense.stacks[0], &iterative.stacks[0]);
    let gap = (d.interface_values[0] - d.interface_values[1]).abs();
    for (k, (zd, zi)) in d
        .field_at_surface_points
        .iter()
        .zip(&i.field_at_surface_points)
        .enumerate()
    {
        let surface = usize::from(k >= d.field_at_surface_points.len() / 2);
        let (off_d, off_i) = (
            zd - d.interface_values[surface],
            zi - i.interface_values[surface],
        );
        assert!(
            (off_d - off_i).abs() <= 10.0 * GAP_FRACTION * gap,
            "point {k}: {off_d:e} vs {off_i:e} (gap {gap:e})"
        );
    }
}
