//! One stack: gather its system, solve it (or find its weights in the cache) and prepare its
//! field for evaluation on the backend.
//!
//! `A` is assembled at most once per call to [`solve_stack`], on first need: by the dense
//! solve (or the dense fallback of an iterative one), the kriging variance or the kept matrix,
//! whichever comes first; an iterative solve that keeps neither never forms it. A dense solve
//! whose `A` nothing else needs factors it in its own storage
//! ([`strata_solver::solve_overwriting`]: no copy of `8n²` bytes, the same bits).

use std::cell::OnceCell;
use strata_data::{EngineInput, SolverChoice, StackRelation};

use strata_kernel::{
    Assembled, Dtype, EvaluationPoints, Field, GeoBackend, KernelError, Kernels, KrigingSystem,
    Products, Variance, assemble,
};
use strata_solver::iterative::Indefinite;
use strata_solver::{ConditionKind, SolveOptions, Weights, solve_overwriting};

use crate::solver_plan::{SolvePlan, fits_dense, plan};
use crate::weights_cache::{WeightsCache, WeightsKey};
use crate::{ComputeOptions, Condition, EngineError, SolveReport, StackReport};

/// Bytes per entry of an evaluation chunk's temporaries (a handful of `f64` per point and data
/// point on the tensor-op path): the budget bounds the chunk to `budget / 64` entries.
const CHUNK_BYTES_PER_ENTRY: u64 = 64;

/// A stack solved and evaluated at least once: its prepared field and its report.
pub struct SolvedStack {
    /// The field, prepared on the backend.
    pub field: Field,
    /// What the result schema reports about the stack's system.
    pub report: StackReport,
    /// Its kriging variance, when asked for.
    pub variance: Option<Variance>,
}

/// A stack just solved, before its first evaluation gives the iso-values its report needs.
pub struct FreshSolve {
    field: Field,
    name: String,
    relation: StackRelation,
    system: KrigingSystem,
    matrix: Option<Vec<f64>>,
    solution: Weights,
    solve: SolveReport,
    variance: Option<Variance>,
}

impl FreshSolve {
    /// The prepared field.
    pub fn field(&self) -> &Field {
        &self.field
    }

    /// The kriging variance, when asked for.
    pub fn variance(&self) -> Option<&Variance> {
        self.variance.as_ref()
    }

    /// The solved stack with the field of its first evaluation at its own surface points:
    /// `interface_values` at each surface's reference point, `field_at_surface_points` at all.
    pub fn into_solved(
        self,
        interface_values: Vec<f64>,
        field_at_surface_points: Vec<f64>,
    ) -> SolvedStack {
        SolvedStack {
            report: StackReport {
                name: self.name,
                relation: self.relation,
                size: self.system.layout().size(),
                matrix: self.matrix,
                rhs: self.system.rhs(),
                condition: Condition::of(&self.solution),
                weights: self.solution.values,
                interface_values,
                field_at_surface_points,
                solve: self.solve,
            },
            field: self.field,
            variance: self.variance,
        }
    }
}

/// Gathers and solves stack `i` and prepares its field. `fault_values_on_points[f]` holds
/// fault drift `f` at the stack's own surface points. With `options.keep_kernel_matrix` the
/// report keeps `A`, and with `options.variance` the stack gets its [`Variance`] (`A`
/// assembled once for both and the solve, module docs; assembling is `O(N²)`, solving
/// `O(N³)`). A condition number above [`strata_solver::ILL_CONDITIONED`] is warned about once,
/// naming the stack.
pub fn solve_stack<B: GeoBackend>(
    input: &EngineInput,
    i: usize,
    fault_values_on_points: &[&[f64]],
    cache: &WeightsCache,
    options: &ComputeOptions,
    kernels: &Kernels<B>,
) -> Result<FreshSolve, EngineError> {
    let stack = input.stack(i);
    let name = stack.stack.name.clone();
    let kernel_error = |source| EngineError::Kernel {
        stack: name.clone(),
        source,
    };
    let system =
        KrigingSystem::new(&stack, input.kernel(), fault_values_on_points).map_err(kernel_error)?;
    let plan = plan(&name, &system, options)?;
    let condition = match plan {
        SolvePlan::Dense => options.condition,
        SolvePlan::Iterative(_) => ConditionKind::NotComputed,
    };
    let key = WeightsKey::new(&system, condition, options.pivots);
    let assembled: OnceCell<Assembled> = OnceCell::new();
    let assembled_once = || assembled.get_or_init(|| assemble(&system, kernels));
    let (solution, solve) = match cache.get(&key) {
        Some(hit) => (hit, SolveReport::Cached),
        None => {
            let layout = system.layout();
            let _span = tracing::info_span!("solve", stack = %name, size = layout.size()).entered();
            let solve_error = |source| EngineError::Solve {
                stack: name.clone(),
                source,
            };
            let keeps_matrix = options.variance.is_some() || options.keep_kernel_matrix;
            let dense = || {
                let solve_options = SolveOptions::default()
                    .with_solver(options.solver)
                    .with_condition(options.condition)
                    .with_pivot_test(options.pivots);
                if keeps_matrix {
                    return assembled_once().solve(&solve_options);
                }
                let Assembled {
                    layout,
                    mut matrix,
                    rhs,
                } = assemble(&system, kernels);
                solve_overwriting(
                    layout.size(),
                    &mut matrix,
                    layout.covariance_size(),
                    &rhs,
                    &solve_options,
                )
            };
            let solved = match plan {
                SolvePlan::Dense => (
                    dense().map_err(solve_error)?,
                    SolveReport::Dense(options.solver),
                ),
                SolvePlan::Iterative(matrix_free) => {
                    let can_fall_back = options.method == SolverChoice::Auto
                        && fits_dense(&system, options).is_ok();
                    // With the dense solve at hand, an indefinite block sends the stack there
                    // before any eigendecomposition (solver_plan's module docs).
                    let matrix_free = if can_fall_back {
                        matrix_free.with_indefinite(Indefinite::Refuse)
                    } else {
                        matrix_free
                    };
                    let guess = cache.starting_guess(&name, &system);
                    let mut solved =
                        kernels.solve_matrix_free(&system, &matrix_free, guess.as_deref());
                    // Auto's hierarchical products give way to exact ones when their matrix
                    // does not fit (solver_plan's module docs).
                    let matrix_free = match solved {
                        Err(KernelError::HierarchicalMemory { needed, budget })
                            if options.method == SolverChoice::Auto =>
                        {
                            tracing::info!(
                                "stack '{name}': the hierarchical products need more than \
                                 {budget} bytes (at least {needed}): exact products instead"
                            );
                            let exact = matrix_free.with_products(Products::Exact);
                            solved = kernels.solve_matrix_free(&system, &exact, guess.as_deref());
                            exact
                        }
                        _ => matrix_free,
                    };
                    let iterative = match solved {
                        Err(KernelError::Solve(source)) => Err(source),
                        Err(source) => return Err(kernel_error(source)),
                        Ok(solved) => Ok(solved),
                    };
                    let failure = match &iterative {
                        Ok(solved) if solved.rounding_floor => Some(format!(
                            "stopped at the rounding floor of its products, {:.1e} {} > {:.0e}",
                            solved.residual,
                            matrix_free.stopping.unit(),
                            matrix_free.iterative.tolerance
                        )),
                        Ok(_) => None,
                        Err(source) => Some(source.to_string()),
                    };
                    let fallback = can_fall_back && failure.is_some();
                    match (iterative, failure) {
                        (_, Some(reason)) if fallback => {
                            tracing::warn!(
                                "stack '{name}': the iterative solve failed ({reason}): solved \
                                 densely instead"
                            );
                            let weights = dense().map_err(|dense| EngineError::Unsolvable {
                                stack: name.clone(),
                                iterative: reason.clone(),
                                dense: format!("failed: {dense}"),
                            })?;
                            let report = SolveReport::DenseFallback {
                                solver: options.solver,
                                reason,
                            };
                            (weights, report)
                        }
                        (Err(source), _) => {
                            return Err(match options.method {
                                SolverChoice::Auto => EngineError::Unsolvable {
                                    stack: name.clone(),
                                    iterative: source.to_string(),
                                    dense: fits_dense(&system, options).err().unwrap_or_default(),
                                },
                                _ => EngineError::IterativeSolve {
                                    stack: name.clone(),
                                    source,
                                },
                            });
                        }
                        (Ok(solved), failure) => {
                            if let Some(reason) = failure {
                                tracing::warn!(
                                    "stack '{name}': the iterative solve {reason} \
                                     (ill-conditioned system: --solver dense reaches further)"
                                );
                            }
                            let report = SolveReport::Iterative {
                                iterations: solved.iterations,
                                residual: solved.residual,
                                stopping: matrix_free.stopping,
                                tolerance: matrix_free.iterative.tolerance,
                                rounding_floor: solved.rounding_floor,
                                warm_start: guess.is_some(),
                                hierarchical: matches!(
                                    matrix_free.products,
                                    Products::Hierarchical(_)
                                ),
                            };
                            let weights = Weights {
                                values: solved.values,
                                condition_number: f64::NAN,
                                condition_kind: ConditionKind::NotComputed,
                            };
                            (weights, report)
                        }
                    }
                }
            };
            cache.insert(key, solved.0.clone());
            cache.remember_nearby(&name, &system, &solved.0.values);
            solved
        }
    };
    let variance = match &options.variance {
        Some(v) => Some(
            Variance::new(&system, assembled_once(), v, options.pivots).map_err(kernel_error)?,
        ),
        None => None,
    };
    let assembled = assembled.into_inner();
    let matrix = options.keep_kernel_matrix.then(|| {
        assembled
            .unwrap_or_else(|| assemble(&system, kernels))
            .matrix
    });
    warn_if_ill_conditioned(&name, Condition::of(&solution));
    let budget_entries =
        usize::try_from(options.memory_budget / CHUNK_BYTES_PER_ENTRY).unwrap_or(usize::MAX);
    let kernels = kernels.clone().with_chunk_size(
        input
            .evaluation()
            .evaluation_chunk_size
            .min(budget_entries.max(1)),
    );
    let field = Field::new(&system, &solution.values, &kernels).map_err(kernel_error)?;
    if kernels.dtype() == Dtype::F32 {
        warn_if_f32_is_unsafe(&name, &system, &field, &solution.values, &kernels)
            .map_err(kernel_error)?;
    }
    Ok(FreshSolve {
        field,
        name,
        relation: stack.stack.relation,
        system,
        matrix,
        solution,
        solve,
        variance,
    })
}

/// Relative difference, against the field's spread over its own data, above which `f32`
/// evaluation is reported as unsafe: ids come from comparing the field with iso-values, so an
/// error of 0.1 % of that spread already moves boundaries by 0.1 % of the model.
const F32_TOLERANCE: f64 = 1e-3;

/// Compares the `f32` field with an `f64` evaluation at the stack's own data points and warns,
/// naming the stack, when they differ by more than [`F32_TOLERANCE`] of the field's spread
/// there. The kernel terms can be far larger than the field they sum to (gempy_engine's cubic
/// is not clipped at `r ≥ a` and grows as `(r/a)⁷`; ill-conditioned systems have large weights
/// that cancel), and `f32` keeps 24 bits of each.
fn warn_if_f32_is_unsafe<B: GeoBackend>(
    name: &str,
    system: &KrigingSystem,
    field: &Field,
    weights: &[f64],
    kernels: &Kernels<B>,
) -> Result<(), KernelError> {
    let reference = Field::new(system, weights, &kernels.clone().with_dtype(Dtype::F64))?;
    let xyz: Vec<_> = system
        .rest()
        .iter()
        .chain(system.orientation_xyz())
        .copied()
        .collect();
    let zeros = vec![0.0; xyz.len()];
    let faults = vec![zeros.as_slice(); system.layout().n_faults];
    let points = EvaluationPoints {
        xyz: &xyz,
        fault_values: &faults,
    };
    let (low, high) = (
        field.evaluate(points, false)?,
        reference.evaluate(points, false)?,
    );
    let (lo, hi) = high
        .scalar
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), z| {
            (lo.min(*z), hi.max(*z))
        });
    let worst = low
        .scalar
        .iter()
        .zip(&high.scalar)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    if worst > F32_TOLERANCE * (hi - lo) {
        tracing::warn!(
            "stack '{name}': f32 evaluation differs from f64 by {worst:.2e} at the stack's data, \
             {:.1} % of the field's spread there: use dtype f64",
            100.0 * worst / (hi - lo)
        );
    }
    Ok(())
}

/// Warns, naming the stack, when its condition number exceeds
/// [`strata_solver::ILL_CONDITIONED`] ([`Condition::is_ill_conditioned`]).
fn warn_if_ill_conditioned(name: &str, condition: Condition) {
    if let Condition::Computed { value, kind } = condition
        && condition.is_ill_conditioned()
    {
        tracing::warn!(
            "stack '{name}' is ill-conditioned: κ = {value:e} ({})",
            kind.name()
        );
    }
}
