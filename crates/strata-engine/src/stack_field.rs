//! One stack: gather its system, solve it (or find it in the weights cache), evaluate its field.

use strata_data::{EngineInput, Point};
use strata_kernel::{EvaluationPoints, FieldValues, GeoBackend, KrigingSystem, assemble, evaluate};
use strata_solver::{ConditionKind, SolveOptions, SolverKind, SystemMatrix, solve};

use crate::weights_cache::{CachedWeights, WeightsCache};
use crate::{EngineError, StackSystem};

/// A stack's system solved, ready to evaluate.
pub struct SolvedStack {
    /// The system data.
    pub system: KrigingSystem,
    /// What the result schema reports about it.
    pub report: StackSystem,
}

/// Gathers and solves stack `i`. `fault_values_on_points[f]` holds fault drift `f` at the
/// stack's own surface points. With `keep_matrix` the report keeps `A` (re-assembled on a cache
/// hit; assembling is `O(N²)`, solving `O(N³)`).
pub fn solve_stack<B: GeoBackend>(
    input: &EngineInput,
    i: usize,
    fault_values_on_points: &[Vec<f64>],
    cache: &WeightsCache,
    keep_matrix: bool,
    device: &B::Device,
) -> Result<SolvedStack, EngineError> {
    let stack = input.stack(i);
    let name = stack.stack.name.clone();
    let system =
        KrigingSystem::new(&stack, input.kernel(), fault_values_on_points).map_err(|source| {
            EngineError::Kernel {
                stack: name.clone(),
                source,
            }
        })?;
    let key = WeightsCache::key(&system);
    let layout = system.layout();
    let (solution, matrix) = match cache.get(&key) {
        Some(hit) => {
            let matrix = keep_matrix.then(|| assemble::<B>(&system, device).matrix);
            (hit, matrix)
        }
        None => {
            let _span = tracing::info_span!("solve", stack = %name, size = layout.size()).entered();
            let assembled = assemble::<B>(&system, device);
            let view = SystemMatrix {
                n: layout.size(),
                data: &assembled.matrix,
                drift_start: layout.covariance_size(),
            };
            let options = SolveOptions::default()
                .with_solver(SolverKind::Lu)
                .with_condition(ConditionKind::TwoNormExact);
            let solution =
                solve(view, &assembled.rhs, &options).map_err(|source| EngineError::Solve {
                    stack: name.clone(),
                    source,
                })?;
            let solved = CachedWeights {
                weights: solution.weights,
                condition_number: solution.condition_number,
            };
            cache.insert(key, solved.clone());
            (solved, keep_matrix.then_some(assembled.matrix))
        }
    };
    if solution.condition_number > strata_solver::ILL_CONDITIONED {
        tracing::warn!(
            "stack '{name}' is ill-conditioned: κ = {:e}",
            solution.condition_number
        );
    }
    Ok(SolvedStack {
        report: StackSystem {
            name,
            relation: stack.stack.relation,
            size: layout.size(),
            matrix: matrix.unwrap_or_default(),
            rhs: system.rhs(),
            weights: solution.weights,
            condition_number: solution.condition_number,
            interface_values: Vec::new(),
            field_at_surface_points: Vec::new(),
        },
        system,
    })
}

/// Evaluates a solved stack at `xyz` (gradient if asked).
pub fn evaluate_stack<B: GeoBackend>(
    input: &EngineInput,
    solved: &SolvedStack,
    xyz: &[Point],
    fault_values: &[Vec<f64>],
    gradient: bool,
    device: &B::Device,
) -> Result<FieldValues, EngineError> {
    evaluate::<B>(
        &solved.system,
        &solved.report.weights,
        EvaluationPoints { xyz, fault_values },
        gradient,
        input.evaluation().evaluation_chunk_size,
        device,
    )
    .map_err(|source| EngineError::Kernel {
        stack: solved.report.name.clone(),
        source,
    })
}
