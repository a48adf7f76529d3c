//! The reduced-size scale test: the layered model (`strata_data::LayeredModel`) with a few
//! thousand points, solved densely and matrix-free, against each other and against the
//! analytic truth; the warm start of a nearby system (one point moved); the memory budget.

use strata_data::{EngineInput, LayeredGrid, LayeredModel, Point};
use strata_engine::{
    ComputeOptions, Cpu, EngineError, MatrixFreeOptions, ModelSolution, SolveReport, SolverChoice,
    Stopping, WeightsCache, compute_model_with,
};

/// 2 × 35² = 2 450 surface points and 12² = 144 orientations: a system of 2 883 rows.
const MODEL: LayeredModel = LayeredModel::new(35, 12);

fn solve(input: &EngineInput, cache: &WeightsCache, method: SolverChoice) -> ModelSolution {
    let options = ComputeOptions::default().with_method(method);
    compute_model_with::<Cpu>(input, cache, options, &Default::default()).unwrap()
}

/// [`solve`] with the conformance rule `τ = 10⁻¹⁰` of the field's spread.
fn solve_to_tau(input: &EngineInput, cache: &WeightsCache, method: SolverChoice) -> ModelSolution {
    let options = ComputeOptions::default()
        .with_method(method)
        .with_iterative(MatrixFreeOptions::default().with_stopping(Stopping::FieldSpread));
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
    let iterative = solve_to_tau(&input, &WeightsCache::new(), SolverChoice::Iterative);
    assert_eq!(dense.stacks[0].size, 2883);
    assert!(matches!(dense.stacks[0].solve, SolveReport::Dense(_)));
    let SolveReport::Iterative {
        iterations,
        residual,
        warm_start,
        ..
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

/// `--solver hierarchical` (products by the hierarchical operator, the default rule) gives the
/// dense solve's ids and reports its products.
#[test]
fn hierarchical_products_give_the_dense_ids() {
    let input = MODEL.input(LayeredGrid::Regular(20)).unwrap();
    let dense = solve(&input, &WeightsCache::new(), SolverChoice::Dense);
    let hierarchical = solve(&input, &WeightsCache::new(), SolverChoice::Hierarchical);
    let report = &hierarchical.stacks[0].solve;
    assert!(
        matches!(
            report,
            SolveReport::Iterative {
                hierarchical: true,
                ..
            }
        ),
        "{report:?}"
    );
    assert!(
        report
            .describe()
            .starts_with("iterative (hierarchical products): ")
    );
    assert_eq!(
        dense.levels[0].ids, hierarchical.levels[0].ids,
        "ids differ"
    );
    assert_eq!(wrong_ids(&hierarchical), 0);
}

/// `--solver hierarchical` keeps its matrix within three quarters of the memory budget less
/// the preconditioner's factors: with too small a budget the stack is refused, naming the bytes.
#[test]
fn hierarchical_products_honour_the_memory_budget() {
    let input = MODEL.input(LayeredGrid::Regular(8)).unwrap();
    let options = ComputeOptions::default()
        .with_method(SolverChoice::Hierarchical)
        .with_memory_budget(80 << 20);
    let Err(error) =
        compute_model_with::<Cpu>(&input, &WeightsCache::new(), options, &Default::default())
    else {
        panic!("solved within the budget");
    };
    assert!(
        matches!(
            &error,
            EngineError::Kernel {
                source: strata_kernel::KernelError::HierarchicalMemory { .. },
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("memory budget"), "{error}");
}

/// Under the conformance rule: with the default rule (a fraction `10⁻⁶` of the iso-value
/// gap) the cold solve takes 8 iterations and the warm one 9: too few for a warm start to pay.
#[test]
fn moving_one_point_starts_from_the_last_weights() {
    let input = MODEL.input(LayeredGrid::Regular(4)).unwrap();
    let cache = WeightsCache::new();
    let cold = solve_to_tau(&input, &cache, SolverChoice::Iterative);
    // Move the 100th point of the top surface (not its reference point) up by 2 world units.
    let mut points: Vec<Point> = input.surface_points().xyz().to_vec();
    points[100][2] += 2.0 / 1000.0;
    let nugget = input.surface_points().nugget().to_vec();
    let moved = strata_data::SurfacePoints::new(points, nugget).unwrap();
    let nearby = input.with_surface_points(moved).unwrap();
    let warm = solve_to_tau(&nearby, &cache, SolverChoice::Iterative);
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
    ) = (&cold.stacks[0].solve, &warm.stacks[0].solve)
    else {
        panic!("not iterative");
    };
    println!(
        "one point moved: {from_zero} iterations from zero, {from_last} from the last weights"
    );
    assert!(*warm_start);
    assert!(from_last < from_zero, "{from_last} vs {from_zero}");
    let fresh = solve_to_tau(&nearby, &WeightsCache::new(), SolverChoice::Iterative);
    assert_eq!(fresh.levels[0].ids, warm.levels[0].ids);
}

#[test]
fn the_memory_budget_is_checked_before_any_work_and_chooses_the_solver() {
    let input = MODEL.input(LayeredGrid::Regular(4)).unwrap();
    let cache = WeightsCache::new();
    let run = |options: ComputeOptions| {
        compute_model_with::<Cpu>(&input, &cache, options, &Default::default())
    };
    // 100 kB cannot hold one evaluation chunk of 2 883 rows.
    match run(ComputeOptions::default().with_memory_budget(100_000)) {
        Err(EngineError::MemoryBudget { needed, budget, .. }) => assert!(needed > budget),
        other => panic!("expected a memory-budget error, got {other:?}"),
    }
    // A forced dense solve needs 8 (n_c² + 2n²) ≈ 200 MB.
    let dense = ComputeOptions::default().with_method(SolverChoice::Dense);
    match run(dense.with_memory_budget(10 << 20)) {
        Err(EngineError::MemoryBudget { needed, .. }) => {
            assert_eq!(needed, strata_engine::dense_bytes(2883, 2880));
        }
        other => panic!("expected a memory-budget error, got {other:?}"),
    }
    assert_eq!(cache.solves(), 0, "nothing was solved");
    // `auto` below DENSE_MAX_ROWS, but the dense matrix does not fit: matrix-free, with a
    // preconditioner shrunk to half the budget.
    let solution = run(ComputeOptions::default().with_memory_budget(64 << 20)).unwrap();
    assert!(matches!(
        solution.stacks[0].solve,
        SolveReport::Iterative { .. }
    ));
}
