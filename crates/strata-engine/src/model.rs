//! `compute_model`: every stack, youngest first, then their combination.

use strata_data::{EngineInput, Point, SolverChoice, StackRelation};
use strata_dual::GradientField;
use strata_faults::{FaultDrifts, ellipsoid_slope, fault_drift};
use strata_kernel::{
    EvaluationPoints, Field, FieldValues, Kernels, MatrixFreeOptions, VarianceOptions,
};
use strata_octree::DEFAULT_MEMORY_BUDGET;
use strata_solver::{ConditionKind, PivotTest, SolverKind};

use crate::EngineBackend;
use crate::combine::combine;
use crate::masks::StackMasks;
use crate::octree_model;
use crate::segmentation::{soft_segment, soft_segment_with_slopes};
use crate::sense::{self, ModelWarning};
use crate::stack_field::{FreshSolve, SolvedStack, solve_stack};
use crate::weights_cache::WeightsCache;
use crate::{EngineError, LevelSolution, ModelSolution, PointSlices, StackLevel, StackReport};

/// How a model is computed, beyond the input model itself.
///
/// (The backend, its device and the evaluation precision are a [`Kernels`] value beside these
/// options.)
///
/// ```
/// use strata_engine::{ComputeOptions, SolverChoice};
/// let options = ComputeOptions::default().with_method(SolverChoice::Dense).keep_kernel_matrix(true);
/// assert!(options.keep_kernel_matrix);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ComputeOptions {
    /// Keep every stack's kernel matrix `A` in the solution.
    pub keep_kernel_matrix: bool,
    /// Factorisation of the dense solve.
    pub solver: SolverKind,
    /// Which condition number the solve reports: the cheap 1-norm estimate (default) or the
    /// exact 2-norm that gempy_engine reports.
    pub condition: ConditionKind,
    /// Bytes the run may take: the octree levels (checked before anything is evaluated),
    /// the evaluation chunks and each stack's solve (dense only when it fits).
    pub memory_budget: u64,
    /// Which LU pivots make a stack's system singular: the relative test (default), or only an
    /// exactly zero pivot as in `numpy.linalg.solve` (GemPy's front end).
    pub pivots: PivotTest,
    /// Dense, matrix-free iterative, or chosen per stack by size and budget.
    pub method: SolverChoice,
    /// The matrix-free solve's precision, preconditioner and stopping rule.
    pub iterative: MatrixFreeOptions,
    /// Compute every stack's kriging variance at every level's points
    /// ([`StackLevel::variance`], `strata_kernel::variance`); `None` (default) computes none.
    pub variance: Option<VarianceOptions>,
    /// Run the checks of geological sense ([`crate::sense`], default `true`): their warnings go
    /// to [`ModelSolution::warnings`] and to the log.
    pub checks: bool,
}

impl Default for ComputeOptions {
    fn default() -> Self {
        Self {
            keep_kernel_matrix: false,
            solver: SolverKind::Lu,
            condition: ConditionKind::default(),
            memory_budget: DEFAULT_MEMORY_BUDGET,
            pivots: PivotTest::Relative,
            method: SolverChoice::Auto,
            iterative: MatrixFreeOptions::default(),
            variance: None,
            checks: true,
        }
    }
}

impl ComputeOptions {
    /// These options, keeping (or not) every stack's kernel matrix.
    pub fn keep_kernel_matrix(self, keep: bool) -> Self {
        Self {
            keep_kernel_matrix: keep,
            ..self
        }
    }

    /// These options with factorisation `solver`.
    pub fn with_solver(self, solver: SolverKind) -> Self {
        Self { solver, ..self }
    }

    /// These options reporting condition numbers of kind `condition`.
    pub fn with_condition(self, condition: ConditionKind) -> Self {
        Self { condition, ..self }
    }

    /// These options with the LU's singularity test `pivots`.
    pub fn with_pivot_test(self, pivots: PivotTest) -> Self {
        Self { pivots, ..self }
    }

    /// These options computing the kriging variance (`Some`) or not.
    pub fn with_variance(self, variance: Option<VarianceOptions>) -> Self {
        Self { variance, ..self }
    }

    /// These options with a memory budget of `bytes`.
    pub fn with_memory_budget(self, bytes: u64) -> Self {
        Self {
            memory_budget: bytes,
            ..self
        }
    }

    /// These options solving by `method`.
    pub fn with_method(self, method: SolverChoice) -> Self {
        Self { method, ..self }
    }

    /// These options running the checks of geological sense, or not.
    pub fn with_checks(self, checks: bool) -> Self {
        Self { checks, ..self }
    }

    /// These options with the matrix-free solve's options `iterative`.
    pub fn with_iterative(self, iterative: MatrixFreeOptions) -> Self {
        Self { iterative, ..self }
    }
}

/// Computes the block model of `input` with `kernels` (backend, device, evaluation precision)
/// and the default options, solving every stack (no weights are kept after the call:
/// [`compute_model_with`] takes a cache the caller owns).
pub fn compute_model<B: EngineBackend>(
    input: &EngineInput,
    kernels: &Kernels<B>,
) -> Result<ModelSolution, EngineError> {
    compute_model_with(
        input,
        &WeightsCache::new(),
        ComputeOptions::default(),
        kernels,
    )
}

/// [`compute_model`] with an explicit weights cache and options.
pub fn compute_model_with<B: EngineBackend>(
    input: &EngineInput,
    cache: &WeightsCache,
    options: ComputeOptions,
    kernels: &Kernels<B>,
) -> Result<ModelSolution, EngineError> {
    crate::solver_plan::check_budget(input, &options)?;
    let mut warnings = if options.checks {
        let _span = tracing::info_span!("sense checks").entered();
        logged(sense::polarity_warnings(input))
    } else {
        Vec::new()
    };
    let mut interpolator = Interpolator::new(input, cache, options, kernels);
    let octree = octree_model::evaluate_octree(&mut interpolator, input, &options)?;
    let mut solution = ModelSolution {
        stacks: interpolator.into_reports(),
        levels: octree.levels,
        octree: octree.grids,
        meshes: octree.meshes,
        warnings: Vec::new(),
    };
    if options.checks {
        let _span = tracing::info_span!("sense checks").entered();
        warnings.extend(logged(sense::unit_repeat_warnings(input, &solution)));
    }
    solution.warnings = warnings;
    Ok(solution)
}

/// `warnings`, each logged once as it is found.
fn logged(warnings: Vec<ModelWarning>) -> Vec<ModelWarning> {
    for warning in &warnings {
        tracing::warn!("{warning}");
    }
    warnings
}

/// Evaluates all stacks of a model at any set of points, solving each stack's system the first
/// time it is needed (with the fault drifts of that first evaluation, as gempy_engine does)
/// and keeping its prepared field for every later evaluation.
pub struct Interpolator<'a, B: EngineBackend> {
    input: &'a EngineInput,
    cache: &'a WeightsCache,
    options: ComputeOptions,
    kernels: &'a Kernels<B>,
    stacks: Vec<Option<SolvedStack>>,
}

/// One stack's field at a level's points, before the stacks are combined.
struct StackField {
    relation: StackRelation,
    /// The stack's iso-values at this evaluation.
    iso: Vec<f64>,
    /// `Z` and, if asked, `G` at the level's points.
    field: FieldValues,
    /// Soft ids of the stack's own units at the level's points.
    values: Vec<f64>,
    /// The kriging variance at the level's points, when asked for.
    variance: Option<Vec<f64>>,
}

/// A stack's field: solved at an earlier evaluation, or just now.
enum Stage {
    Solved(SolvedStack),
    Fresh(FreshSolve),
}

impl Stage {
    fn field(&self) -> &Field {
        match self {
            Stage::Solved(s) => &s.field,
            Stage::Fresh(s) => s.field(),
        }
    }

    fn variance(&self) -> Option<&strata_kernel::Variance> {
        match self {
            Stage::Solved(s) => s.variance.as_ref(),
            Stage::Fresh(s) => s.variance(),
        }
    }
}

impl<'a, B: EngineBackend> Interpolator<'a, B> {
    /// An interpolator with no system solved yet, its fields solved and evaluated by `kernels`.
    pub fn new(
        input: &'a EngineInput,
        cache: &'a WeightsCache,
        options: ComputeOptions,
        kernels: &'a Kernels<B>,
    ) -> Self {
        Self {
            input,
            cache,
            options,
            kernels,
            stacks: (0..input.n_stacks()).map(|_| None).collect(),
        }
    }

    /// The kernels the fields are solved and evaluated with.
    pub fn kernels(&self) -> &'a Kernels<B> {
        self.kernels
    }

    /// The reports of the solved stacks (stacks never evaluated are left out).
    pub fn into_reports(self) -> Vec<StackReport> {
        self.stacks
            .into_iter()
            .flatten()
            .map(|s| s.report)
            .collect()
    }

    /// Every stack's field, ids and masks at `points`, combined (docs/math.md §7).
    pub fn evaluate_level(
        &mut self,
        points: &[Point],
        gradient: bool,
    ) -> Result<LevelSolution, EngineError> {
        let _span = tracing::info_span!("evaluate", points = points.len()).entered();
        let fields = self.stack_fields(points, gradient)?;
        Ok(combine_level(points, fields))
    }

    /// Every stack's field and soft ids at `points`, youngest first. Each stack is evaluated
    /// at `[points; all surface points of the model]`: the tail gives its iso-values (field at
    /// each surface's first point), and a fault stack's soft ids there and at the points are
    /// the fault drift of the stacks it offsets (§7.3).
    fn stack_fields(
        &mut self,
        points: &[Point],
        gradient: bool,
    ) -> Result<Vec<StackField>, EngineError> {
        let input = self.input;
        let mut all_points = points.to_vec();
        all_points.extend_from_slice(input.surface_points().xyz());
        let mut drifts = FaultDrifts::new(input.n_stacks());
        let mut fields = Vec::with_capacity(input.n_stacks());
        for i in 0..input.n_stacks() {
            let columns = drifts.for_stack(input.structure().fault_relations(), i);
            let (field, drift) =
                self.stack_field(i, &all_points, points.len(), &columns, gradient)?;
            if let Some(drift) = drift {
                drifts.set(i, drift);
            }
            fields.push(field);
        }
        Ok(fields)
    }

    /// Stack `i` at `all_points` (the level's `n` points, then the surface points), solved on
    /// first use, with fault-drift `columns` at all points. Returns its field and, for a fault
    /// stack, its fault-drift column at all points.
    fn stack_field(
        &mut self,
        i: usize,
        all_points: &[Point],
        n: usize,
        columns: &[&[f64]],
        gradient: bool,
    ) -> Result<(StackField, Option<Vec<f64>>), EngineError> {
        let input = self.input;
        let structure = input.structure();
        let split = |range: std::ops::Range<usize>| -> Vec<&[f64]> {
            columns.iter().map(|c| &c[range.clone()]).collect()
        };
        let own = structure.point_range(i);
        let stage = match self.stacks[i].take() {
            Some(solved) => Stage::Solved(solved),
            None => Stage::Fresh(solve_stack(
                input,
                i,
                &split(n + own.start..n + own.end),
                self.cache,
                &self.options,
                self.kernels,
            )?),
        };
        let name = || input.stack(i).stack.name.clone();
        let evaluate = |xyz: &[Point], range, gradient| {
            let fault_values = split(range);
            let points = EvaluationPoints {
                xyz,
                fault_values: &fault_values,
            };
            stage
                .field()
                .evaluate(points, gradient)
                .map_err(|source| EngineError::Kernel {
                    stack: name(),
                    source,
                })
        };
        let on_points = evaluate(&all_points[..n], 0..n, gradient)?;
        let on_data = evaluate(&all_points[n..], n..all_points.len(), false)?;
        let variance = match stage.variance() {
            Some(v) => Some(
                v.field(EvaluationPoints {
                    xyz: &all_points[..n],
                    fault_values: &split(0..n),
                })
                .map_err(|source| EngineError::Kernel {
                    stack: name(),
                    source,
                })?,
            ),
            None => None,
        };
        let iso: Vec<f64> = structure
            .surface_range(i)
            .map(|k| on_data.scalar[structure.reference_point(k)])
            .collect();
        self.stacks[i] = Some(match stage {
            Stage::Solved(solved) => solved,
            Stage::Fresh(fresh) => fresh.into_solved(iso.clone(), on_data.scalar[own].to_vec()),
        });

        // Soft segmentation is point by point; only a finite fault's slopes need all points
        // (relative to the farthest one), and only a fault stack's drift needs the data part.
        let stack = input.stack(i);
        let slopes = stack
            .stack
            .finite_fault
            .as_ref()
            .map(|ellipsoid| ellipsoid_slope(ellipsoid, all_points));
        let segment = |z: &[f64], part: std::ops::Range<usize>| {
            match &slopes {
                Some(slopes) => soft_segment_with_slopes(z, &iso, stack.unit_values, &slopes[part]),
                None => soft_segment(z, &iso, stack.unit_values, input.sigmoid_slope()),
            }
            .map_err(|source| EngineError::Segmentation {
                stack: stack.stack.name.clone(),
                source,
            })
        };
        let values = segment(&on_points.scalar, 0..n)?;
        let drift = if stack.stack.relation == StackRelation::Fault {
            let mut all = values.clone();
            all.extend(segment(&on_data.scalar, n..all_points.len())?);
            Some(fault_drift(&all))
        } else {
            None
        };
        let field = StackField {
            relation: stack.stack.relation,
            iso,
            field: on_points,
            values,
            variance,
        };
        Ok((field, drift))
    }
}

/// Dual contouring's normals: a stack's gradient, without the rest of a level. Stacks not
/// solved yet are solved first by an evaluation at no points (the surface points alone give
/// the fault drifts; a finite fault's slopes are relative to the evaluated points, so only
/// there can it differ from solving at a level's first evaluation, as the octree loop does).
impl<B: EngineBackend> GradientField for Interpolator<'_, B> {
    type Error = EngineError;

    fn gradient(&mut self, stack: usize, points: &[Point]) -> Result<Vec<Point>, EngineError> {
        if self.stacks.get(stack).is_some_and(Option::is_none) {
            self.stack_fields(&[], false)?;
        }
        let n_stacks = self.stacks.len();
        self.stacks
            .get(stack)
            .and_then(Option::as_ref)
            .map(|solved| solved.field.gradient(points))
            .ok_or(EngineError::NoSuchStack { stack, n_stacks })
    }
}

/// The masks of every stack, their cumulative combination and the ids of one level
/// (docs/math.md §7.4–7.5).
fn combine_level(points: &[Point], fields: Vec<StackField>) -> LevelSolution {
    let relations: Vec<StackRelation> = fields.iter().map(|f| f.relation).collect();
    let values: Vec<&[f64]> = fields.iter().map(|f| f.values.as_slice()).collect();
    let raw_masks: Vec<StackMasks> = fields
        .iter()
        .map(|f| StackMasks::new(&f.field.scalar, &f.iso))
        .collect();
    let combined = combine(&relations, &values, &raw_masks);
    let rint = |v: &[f64]| v.iter().map(|x| x.round_ties_even() as i32).collect();
    let ids = combined
        .final_blocks
        .last()
        .map_or_else(Vec::new, |b| rint(b));
    let fault_ids = combined
        .faults_blocks
        .last()
        .map_or_else(Vec::new, |b| rint(b));
    let stacks = fields
        .into_iter()
        .zip(combined.masks)
        .zip(combined.final_blocks)
        .zip(combined.faults_blocks)
        .map(|(((f, mask), final_block), faults_block)| StackLevel {
            relation: f.relation,
            interface_values: f.iso,
            scalar: f.field.scalar,
            gradient: f.field.gradient,
            variance: f.variance,
            values_block: f.values,
            mask,
            final_block,
            faults_block,
        })
        .collect();
    LevelSolution {
        slices: PointSlices::octree_only(points.len()),
        xyz: points.to_vec(),
        ids,
        fault_ids,
        stacks,
    }
}
