//! Errors of a model computation, naming the stack they concern.

use strata_data::DataError;
use strata_dual::DualError;
use strata_kernel::KernelError;
use strata_octree::OctreeError;
use strata_solver::SolveError;
use thiserror::Error;

use crate::segmentation::SegmentationError;

/// Why [`crate::compute_model`] failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The input model is invalid.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A stack's system could not be gathered.
    #[error("stack '{stack}': {source}")]
    Kernel {
        /// The stack name.
        stack: String,
        /// The cause.
        source: KernelError,
    },
    /// A stack's system could not be solved (singular, non-finite, ...).
    #[error("stack '{stack}': {source}")]
    Solve {
        /// The stack name.
        stack: String,
        /// The cause.
        source: SolveError,
    },
    /// An explicitly asked-for iterative solve failed (set-up, breakdown or no convergence).
    #[error(
        "stack '{stack}': the iterative solve failed: {source} \
         (--solver dense or --solver auto solves it densely)"
    )]
    IterativeSolve {
        /// The stack name.
        stack: String,
        /// The cause.
        source: SolveError,
    },
    /// Neither the iterative nor the dense solve could solve a stack's system.
    #[error(
        "stack '{stack}': no solver could solve its system: the iterative solve failed \
         ({iterative}) and the dense one {dense}; larger nuggets (nugget_surface_points, \
         nugget_orientations), a range nearer the data's extent, or a larger --memory-budget \
         for the dense solve may help"
    )]
    Unsolvable {
        /// The stack name.
        stack: String,
        /// Why the iterative solve failed.
        iterative: String,
        /// Why the dense solve could not run or failed (`needs … bytes, more than the budget`,
        /// `failed: …`).
        dense: String,
    },
    /// A stack's field could not be segmented into unit ids.
    #[error("stack '{stack}': {source}")]
    Segmentation {
        /// The stack name.
        stack: String,
        /// The cause.
        source: SegmentationError,
    },
    /// The octree could not be built (e.g. more levels than fit in memory).
    #[error(transparent)]
    Octree(#[from] OctreeError),
    /// A stack index beyond the model's stacks.
    #[error("stack #{stack} does not exist: the model has {n_stacks} stacks")]
    NoSuchStack {
        /// The stack's index.
        stack: usize,
        /// How many stacks the model has.
        n_stacks: usize,
    },
    /// A solution without any evaluated level (the user grid is level 0).
    #[error("the solution has no evaluated level")]
    NoLevel,
    /// A survey's centred grid could not be built.
    #[error("centred grid: {0}")]
    CenteredGrid(#[from] strata_geophysics::GridError),
    /// A survey's voxel kernel could not be built.
    #[error("centred grid kernel: {0}")]
    CenteredKernel(#[from] strata_geophysics::KernelError),
    /// A survey's kernels could not be computed.
    #[error("survey kernels: {0}")]
    Survey(#[from] strata_geophysics::SurveyError),
    /// The inducing field of a magnetic survey is invalid.
    #[error("magnetics: {0}")]
    Igrf(#[from] strata_geophysics::MagneticsError),
    /// The ids at a survey's voxels have no property, or a property is not finite.
    #[error("geophysics: {0}")]
    Forward(#[from] strata_geophysics::ForwardError),
    /// The meshes could not be extracted.
    #[error(transparent)]
    Dual(#[from] DualError),
    /// The memory budget cannot hold what a step needs (checked before the step runs).
    #[error(
        "{what} needs {needed} bytes, more than the memory budget of {budget} bytes \
         (raise --memory-budget or `memory_budget`)"
    )]
    MemoryBudget {
        /// The step, naming the stack where there is one.
        what: String,
        /// Bytes it needs.
        needed: u64,
        /// The budget.
        budget: u64,
    },
}
