//! The kriging variance through `compute_model`: asked for or not, and equal to the dense
//! formula `σ²(x) = c(x, x) − v(x)ᵀ A⁻¹ v(x)` at the grid of reference case p02.

use strata_engine::{
    ComputeOptions, Condition, ConditionKind, Cpu, SolverChoice, VarianceOptions, WeightsCache,
    compute_model_with,
};
use strata_kernel::{KrigingSystem, Variance, assemble};
use strata_solver::{PivotTest, SolveOptions, SystemMatrix, solve};
use strata_test_support::reference_input;

fn p02() -> strata_data::EngineInput {
    reference_input("p02_model1_two_surfaces")
}

#[test]
fn the_variance_is_computed_only_when_asked_for() {
    let input = p02();
    let cache = WeightsCache::new();
    let device = Default::default();
    let plain =
        compute_model_with::<Cpu>(&input, &cache, ComputeOptions::default(), &device).unwrap();
    assert!(plain.levels[0].stacks[0].variance.is_none());
    // A cache hit still gives the variance (the system is assembled again for it).
    let options = ComputeOptions::default().with_variance(Some(VarianceOptions::default()));
    let with = compute_model_with::<Cpu>(&input, &cache, options, &device).unwrap();
    let variance = with.levels[0].stacks[0].variance.as_ref().unwrap();
    assert_eq!(variance.len(), input.grid().len());
    assert_eq!(with.levels[0].ids, plain.levels[0].ids);
}

#[test]
fn the_kept_matrix_is_the_assembled_system_and_changes_nothing_else() {
    let input = p02();
    let system = KrigingSystem::new(&input.stack(0), input.kernel(), &[]).unwrap();
    let assembled = assemble::<Cpu>(&system, &Default::default());
    let run = |options| {
        compute_model_with::<Cpu>(&input, &WeightsCache::new(), options, &Default::default())
            .unwrap()
    };
    for method in [SolverChoice::Dense, SolverChoice::Iterative] {
        let options = ComputeOptions::default()
            .with_method(method)
            .with_variance(Some(VarianceOptions::default()));
        let (plain, kept) = (run(options), run(options.keep_kernel_matrix(true)));
        assert_eq!(plain.stacks[0].matrix, None, "{method:?}");
        assert_eq!(kept.stacks[0].matrix.as_ref(), Some(&assembled.matrix));
        assert_eq!(kept.stacks[0].weights, plain.stacks[0].weights);
        assert_eq!(kept.stacks[0].condition, plain.stacks[0].condition);
        let variance = |s: &strata_engine::ModelSolution| s.levels[0].stacks[0].variance.clone();
        assert!(variance(&kept).is_some());
        assert_eq!(variance(&kept), variance(&plain), "{method:?}");
        match (method, kept.stacks[0].condition) {
            (SolverChoice::Dense, Condition::Computed { value, kind }) => {
                assert_eq!(kind, ConditionKind::OneNormEstimate);
                assert!(value.is_finite() && value >= 1.0, "κ = {value}");
            }
            (SolverChoice::Iterative, Condition::NotComputed) => {}
            (method, condition) => panic!("{method:?} gave {condition:?}"),
        }
    }
}

#[test]
fn the_variance_on_the_grid_equals_the_dense_formula() {
    let input = p02();
    let options = ComputeOptions::default().with_variance(Some(VarianceOptions::default()));
    let solution =
        compute_model_with::<Cpu>(&input, &WeightsCache::new(), options, &Default::default())
            .unwrap();
    let variance = solution.levels[0].stacks[0].variance.as_ref().unwrap();
    let system = KrigingSystem::new(&input.stack(0), input.kernel(), &[]).unwrap();
    let assembled = assemble::<Cpu>(&system, &Default::default());
    let n = system.layout().size();
    let direct = Variance::new(
        &system,
        &assembled,
        &VarianceOptions::default(),
        PivotTest::default(),
    )
    .unwrap();
    let c0 = system.c_o() * system.i_res() * system.covariance().radial_fast(0.0, false).k;
    let xyz = &solution.levels[0].xyz;
    for j in (0..input.grid().len()).step_by(97) {
        // A⁻¹ v(x) by a fresh solve of the whole system with v(x) as right-hand side.
        let v = direct.covariances(xyz[j], &[]).unwrap();
        let matrix = SystemMatrix {
            n,
            data: &assembled.matrix,
            drift_start: system.layout().covariance_size(),
        };
        let z = solve(matrix, &v, &SolveOptions::default()).unwrap().values;
        let expected = c0 - v.iter().zip(&z).map(|(a, b)| a * b).sum::<f64>();
        assert!(
            (variance[j] - expected).abs() < 1e-9 * c0,
            "cell {j}: {} vs {expected}",
            variance[j]
        );
    }
    // The best-known cell lies nearer the data than the least-known one.
    let data: Vec<_> = input
        .surface_points()
        .xyz()
        .iter()
        .chain(input.orientations().xyz())
        .copied()
        .collect();
    let to_data = |x: [f64; 3]| {
        data.iter()
            .map(|d| (0..3).map(|a| (d[a] - x[a]).powi(2)).sum::<f64>())
            .fold(f64::INFINITY, f64::min)
    };
    let cells = &variance[..input.grid().len()];
    let arg = |better: fn(f64, f64) -> bool| {
        (0..cells.len())
            .reduce(|a, b| if better(cells[b], cells[a]) { b } else { a })
            .unwrap()
    };
    let (best, worst) = (arg(|a, b| a < b), arg(|a, b| a > b));
    assert!(to_data(xyz[best]) < to_data(xyz[worst]));
    assert!(cells[worst] > cells[best]);
}
