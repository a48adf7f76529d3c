//! The reduced-size scale test: the layered model (`strata_data::LayeredModel`) with a few
//! thousand points, solved densely and matrix-free, against each other and against the
//! analytic truth; and the warm start of a nearby system (one point moved).

use strata_data::{EngineInput, LayeredGrid, LayeredModel, Point};
use strata_engine::{
    ComputeOptions, Cpu, ModelSolution, SolveReport, SolverChoice, WeightsCache, compute_model_with,
};

/// 2 × 35² = 2 450 surface points and 12² = 144 orientations: a system of 2 883 rows.
const MODEL: LayeredModel = LayeredModel::new(35, 12);

fn solve(input: &EngineInput, cache: &WeightsCache, method: SolverChoice) -> ModelSolution {
    let options = ComputeOptions::default().with_method(method);
    compute_model_with::<Cpu>(input, cache, options, &Default::default()).unwrap()
}

/// The cells farther than 10 world units from both surfaces whose id is not the analytic one.
fn wrong_ids(solution: &ModelSolution) -> usize {
    let t = LayeredModel::transform();
    let level = &solution.levels[0];
    level
        .xyz
        .iter()
        .zip(&level.ids)
        .filter(|&(p, &id)| {
            let world = t.to_world(*p);
            LayeredModel::distance_to_surfaces(world) > 10.0 && id != LayeredModel::id(world)
        })
        .count()
}

#[test]
fn matrix_free_reproduces_the_dense_solve_and_the_analytic_truth() {
    let input = MODEL.input(LayeredGrid::Regular(20)).unwrap();
    let dense = solve(&input, &WeightsCache::new(), SolverChoice::Dense);
    let iterative = solve(&input, &WeightsCache::new(), SolverChoice::Iterative);
    assert_eq!(dense.stacks[0].size, 2883);
    assert!(matches!(dense.stacks[0].solve, SolveReport::Dense(_)));
    let SolveReport::Iterative {
        iterations,
        residual,
        warm_start,
    } = iterative.stacks[0].solve
    else {
        panic!("not iterative: {:?}", iterative.stacks[0].solve);
    };
    println!("N = 2883: {iterations} iterations, residual {residual:e}");
    assert!(residual <= 1e-10 && !warm_start);
    assert_eq!(dense.levels[0].ids, iterative.levels[0].ids, "ids differ");
    // The field at the data moves by at most the scaled residual (τ = 1e-10 of the field's
    // spread 2ĝL = 2√3 here) times the co-kriging interpolant's Lebesgue constant.
    for (d, i) in dense
        .interface_values()
        .iter()
        .zip(iterative.interface_values())
    {
        assert!((d - i).abs() <= 1e-8, "interface value {d} vs {i}");
    }
    assert_eq!(wrong_ids(&dense), 0);
    assert_eq!(wrong_ids(&iterative), 0);
}

#[test]
fn moving_one_point_starts_from_the_last_weights() {
    let input = MODEL.input(LayeredGrid::Regular(4)).unwrap();
    let cache = WeightsCache::new();
    let cold = solve(&input, &cache, SolverChoice::Iterative);
    // Move the 100th point of the top surface (not its reference point) up by 2 world units.
    let mut points: Vec<Point> = input.surface_points().xyz().to_vec();
    points[100][2] += 2.0 / 1000.0;
    let moved =
        strata_data::SurfacePoints::new(points, input.surface_points().nugget().to_vec()).unwrap();
    let nearby = EngineInput::builder(
        moved,
        input.orientations().clone(),
        input.structure().clone(),
        input.grid().clone(),
    )
    .kernel(input.kernel().clone())
    .evaluation(input.evaluation().clone())
    .transform(input.transform().clone())
    .build()
    .unwrap();
    let warm = solve(&nearby, &cache, SolverChoice::Iterative);
    let (
        SolveReport::Iterative {
            iterations: from_zero,
            ..
        },
        SolveReport::Iterative {
            iterations: from_last,
            warm_start,
            ..
        },
    ) = (cold.stacks[0].solve, warm.stacks[0].solve)
    else {
        panic!("not iterative");
    };
    println!(
        "one point moved: {from_zero} iterations from zero, {from_last} from the last weights"
    );
    assert!(warm_start);
    assert!(from_last < from_zero, "{from_last} vs {from_zero}");
    let fresh = solve(&nearby, &WeightsCache::new(), SolverChoice::Iterative);
    assert_eq!(fresh.levels[0].ids, warm.levels[0].ids);
}
