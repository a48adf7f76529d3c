//! What a model computation returns: every array of the conformance schema.

use strata_data::{Point, StackRelation};
use strata_dual::Mesh;

use crate::PointSlices;
use crate::sense::ModelWarning;
use strata_kernel::Stopping;
use strata_octree::{OctreeError, OctreeGrid, dense_block};
use strata_solver::{ConditionKind, ILL_CONDITIONED, SolverKind, Weights};

/// A solved model.
#[derive(Debug, Clone)]
pub struct ModelSolution {
    /// The solved system of every stack (level 0).
    pub stacks: Vec<StackReport>,
    /// One entry per octree level; level 0 is the user grid. At level `k` the points are the
    /// centres of `octree[k]`'s cells, followed by their 8 corners each where the level
    /// needed them (to refine it, or as the leaf level of dual contouring).
    pub levels: Vec<LevelSolution>,
    /// The grid of every level: resolution, extent and active cells.
    pub octree: Vec<OctreeGrid>,
    /// One mesh per surface, stack by stack (empty when meshes were not extracted).
    pub meshes: Vec<Mesh>,
    /// The checks of geological sense that failed: the polarity before computing, units out of
    /// order after ([`crate::sense`]; empty when the checks were turned off).
    pub warnings: Vec<ModelWarning>,
}

impl ModelSolution {
    /// The iso-values of every stack, concatenated in stack order.
    pub fn interface_values(&self) -> Vec<f64> {
        self.stacks
            .iter()
            .flat_map(|s| s.interface_values.iter().copied())
            .collect()
    }

    /// The lithology ids of level `level` on that level's full regular grid (x slowest,
    /// z fastest), each cell holding the id of the finest level that evaluated it
    /// (docs/math.md §8.5); an error when the grid's values take more than `budget` bytes
    /// (`ComputeOptions::memory_budget` of the run, say).
    pub fn dense_ids(&self, level: usize, budget: u64) -> Result<Vec<i32>, OctreeError> {
        self.dense(level, budget, |l| &l.ids)
    }

    /// Any per-point array of the levels — `array(level)` begins with one value per cell of
    /// that level — on level `level`'s full regular grid, by the rule of
    /// [`dense_ids`](Self::dense_ids) and within its `budget`: the fault ids, a stack's scalar
    /// field or its variance.
    pub fn dense<T: Copy>(
        &self,
        level: usize,
        budget: u64,
        array: impl Fn(&LevelSolution) -> &[T],
    ) -> Result<Vec<T>, OctreeError> {
        let values: Vec<&[T]> = self
            .octree
            .iter()
            .zip(&self.levels)
            .map(|(grid, l)| {
                let a = array(l);
                &a[..grid.len().min(a.len())]
            })
            .collect();
        Ok(dense_block(&self.octree, &values, level, budget)?)
    }
}

/// One stack's solved co-kriging system.
#[derive(Debug, Clone)]
pub struct StackReport {
    /// Stack name.
    pub name: String,
    /// Stack relation.
    pub relation: StackRelation,
    /// System size `N`.
    pub size: usize,
    /// `A`, row-major `N×N`, when kept (`ComputeOptions::keep_kernel_matrix`).
    pub matrix: Option<Vec<f64>>,
    /// `b`.
    pub rhs: Vec<f64>,
    /// `w = A⁻¹ b`.
    pub weights: Vec<f64>,
    /// The condition number of `A`, when the solve computed one.
    pub condition: Condition,
    /// Field at the reference (first) point of each of the stack's surfaces: the iso-values.
    pub interface_values: Vec<f64>,
    /// Field at every surface point of the stack.
    pub field_at_surface_points: Vec<f64>,
    /// How the weights were obtained.
    pub solve: SolveReport,
}

/// The condition number of a stack's `A`: computed by the dense solve, or not at all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Condition {
    /// `κ(A)` of kind `kind`: the 1-norm estimate `‖A‖₁ · est(‖A⁻¹‖₁)` or `κ₂ = σ_max / σ_min`.
    Computed {
        /// `κ(A)`.
        value: f64,
        /// Which condition number `value` is.
        kind: ConditionKind,
    },
    /// Not computed: the matrix-free solve never forms `A`.
    NotComputed,
}

impl Condition {
    /// The condition number `weights` carry ([`ConditionKind::NotComputed`] is
    /// [`NotComputed`](Self::NotComputed)).
    pub fn of(weights: &Weights) -> Self {
        match weights.condition_kind {
            ConditionKind::NotComputed => Condition::NotComputed,
            kind => Condition::Computed {
                value: weights.condition_number,
                kind,
            },
        }
    }

    /// `κ(A)`, when computed.
    pub fn value(self) -> Option<f64> {
        match self {
            Condition::Computed { value, .. } => Some(value),
            Condition::NotComputed => None,
        }
    }

    /// Which condition number: [`ConditionKind::NotComputed`] when none was computed.
    pub fn kind(self) -> ConditionKind {
        match self {
            Condition::Computed { kind, .. } => kind,
            Condition::NotComputed => ConditionKind::NotComputed,
        }
    }

    /// Whether `κ(A) >` [`ILL_CONDITIONED`] (about 4 of the 16 significant digits of `f64`
    /// left); never when not computed.
    pub fn is_ill_conditioned(self) -> bool {
        self.value().is_some_and(|k| k > ILL_CONDITIONED)
    }
}

/// How a stack's weights were obtained.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SolveReport {
    /// Found in the weights cache.
    Cached,
    /// Assembled and factored.
    Dense(SolverKind),
    /// Matrix-free projected conjugate gradient.
    Iterative {
        /// Iterations (products with `C`).
        iterations: usize,
        /// Final measure of the stopping rule, `max_i |r_i| / s_i`: for
        /// [`Stopping::IsoValueGap`] the largest fraction of an iso-value gap a surface point's
        /// field is still off by.
        residual: f64,
        /// The stopping rule.
        stopping: Stopping,
        /// The rule's tolerance (the fraction `f`, or `τ`).
        tolerance: f64,
        /// Whether it stopped at the rounding floor of its products above `tolerance`.
        rounding_floor: bool,
        /// Whether it started from the weights of an earlier, nearby system.
        warm_start: bool,
        /// Whether its products were hierarchical (`strata_kernel::HierarchicalOperator`)
        /// rather than exact.
        hierarchical: bool,
    },
    /// Assembled and factored after the iterative solve failed (`--solver auto` only).
    DenseFallback {
        /// The dense solver.
        solver: SolverKind,
        /// Why the iterative solve failed.
        reason: String,
    },
}

impl SolveReport {
    /// A short description for run summaries: `cached`, `dense (Lu)`,
    /// `iterative: 28 iterations, 3.1e-7 of the iso-value gap (rule 1e-6)`,
    /// `iterative (hierarchical products): …`,
    /// `dense (Lu) after the iterative solve failed: …`.
    pub fn describe(&self) -> String {
        match self {
            SolveReport::Cached => "cached".into(),
            SolveReport::Dense(kind) => format!("dense ({kind:?})"),
            SolveReport::Iterative {
                iterations,
                residual,
                stopping,
                tolerance,
                rounding_floor,
                warm_start,
                hierarchical,
            } => format!(
                "iterative{}: {}, residual {residual:.1e} {} (rule {tolerance:.0e}){}{}",
                if *hierarchical {
                    " (hierarchical products)"
                } else {
                    ""
                },
                strata_data::plural(*iterations, "iteration"),
                stopping.unit(),
                if *rounding_floor {
                    ", stopped at the rounding floor"
                } else {
                    ""
                },
                if *warm_start { ", warm start" } else { "" }
            ),
            SolveReport::DenseFallback { solver, reason } => {
                format!("dense ({solver:?}) after the iterative solve failed: {reason}")
            }
        }
    }
}

/// The evaluation of all stacks at one octree level.
#[derive(Debug, Clone)]
pub struct LevelSolution {
    /// Points evaluated, engine coordinates.
    pub xyz: Vec<Point>,
    /// Where the cells' centres, the extra grids (level 0) and the corners lie in `xyz`.
    pub slices: PointSlices,
    /// Lithology id per point: `rint(final_block)` of the last stack, 0 where no stack claims it.
    pub ids: Vec<i32>,
    /// Fault id per point: `rint(faults_block)` of the last stack.
    pub fault_ids: Vec<i32>,
    /// Per-stack arrays.
    pub stacks: Vec<StackLevel>,
}

/// One stack's arrays at one level.
#[derive(Debug, Clone)]
pub struct StackLevel {
    /// Stack relation.
    pub relation: StackRelation,
    /// Iso-value of each of the stack's surfaces at this evaluation (the field at each
    /// surface's reference point).
    pub interface_values: Vec<f64>,
    /// Scalar field `Z`.
    pub scalar: Vec<f64>,
    /// Exported gradient `G = ½∇Z`, when computed.
    pub gradient: Option<Vec<Point>>,
    /// Kriging variance `σ²` of `Z`, when asked for (`ComputeOptions::variance`).
    pub variance: Option<Vec<f64>>,
    /// Soft ids of this stack alone.
    pub values_block: Vec<f64>,
    /// Where this stack defines the lithology.
    pub mask: Vec<bool>,
    /// Lithology block combined over stacks `0..=s`.
    pub final_block: Vec<f64>,
    /// Fault block combined over stacks `0..=s`.
    pub faults_block: Vec<f64>,
}
