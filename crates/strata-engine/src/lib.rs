//! # strata-engine — from an input model to a block model
//!
//! [`compute_model`] is the only place stacks are combined. For every stack, youngest first
//! (docs/math.md §7.1), it
//!
//! 1. gathers the stack's co-kriging system, with a fault-drift column for every earlier fault
//!    stack that offsets it (§7.3),
//! 2. assembles and solves it (`strata-kernel`, `strata-solver`) and prepares its field on the
//!    backend once (`strata_kernel::Field`),
//! 3. evaluates the scalar field at the grid points and at every surface point of the model,
//! 4. takes the field at each surface's reference point as that surface's iso-value and
//!    soft-segments the field into unit ids ([`segmentation`], §6),
//!
//! then combines the stacks' masks into the lithology and fault blocks ([`masks`], §7.4–7.5).
//!
//! It does so on every level of an octree (§8): level 0 is the user's regular grid, each
//! later level holds the children of the cells whose corner ids change (`strata-octree`).
//! With mesh extraction, dual contouring (`strata-dual`, §9) then builds one [`Mesh`] per
//! surface on the leaf level, with normals from each stack's gradient alone at its edge crossings
//! (the [`Interpolator`] is dual contouring's `GradientField`, solving a stack on first use).
//!
//! The backend is a value, [`Kernels`]: a burn backend's device, the evaluation precision
//! ([`Dtype`]) and which implementation of the heavy operations runs (the backend's own or the
//! tensor-op forms, [`Implementation`]); [`EngineBackend`] adds where dual contouring's
//! per-voxel steps run. [`ComputeOptions`] chooses dense or matrix-free solves ([`SolverChoice`]: by size and
//! memory budget unless forced), the factorisation ([`SolverKind`]), the condition number
//! reported ([`ConditionKind`]) and the memory budget (octree levels, evaluation chunks, the
//! solves) and whether every stack's kriging variance is computed ([`VarianceOptions`],
//! `strata_kernel::variance`). Each stack's [`StackReport`] says how it was solved ([`SolveReport`])
//! and its condition number when one was computed ([`Condition`]). The result,
//! [`ModelSolution`], holds every array of the conformance schema, every level's
//! [`OctreeGrid`] and the meshes. The same input gives the same bits for any number of threads.
//!
//! ## Example: two layers
//!
//! ```
//! use strata_data::{
//!     EngineInput, KernelOptions, Orientations, RegularGrid, Stack, StackRelation, Structure,
//!     Surface, SurfacePoints,
//! };
//! use strata_engine::{ComputeOptions, Cpu, Kernels, WeightsCache, compute_model_with};
//!
//! // Two flat surfaces, z = 0.6 ("top") and z = 0.3 ("base"), in the engine's unit cube.
//! let xy = [[0.1, 0.5], [0.5, 0.5], [0.9, 0.5], [0.5, 0.1]];
//! let points: Vec<_> = [0.6, 0.3].iter().flat_map(|&z| xy.map(|[x, y]| [x, y, z])).collect();
//! let input = EngineInput::builder(
//!     SurfacePoints::new(points, vec![1e-6; 8])?,
//!     Orientations::new(vec![[0.5, 0.5, 0.45]], vec![[0.0, 0.0, 1.0]], vec![0.01])?,
//!     Structure::new(
//!         vec![Surface::new("top", 4), Surface::new("base", 4)],
//!         vec![Stack::new("strata", StackRelation::Basement, 2, 1)],
//!         None,
//!     )?,
//!     RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [2, 2, 10])?,
//! )
//! .kernel(KernelOptions::for_range(1.7))
//! .build()?;
//!
//! let cache = WeightsCache::new(); // the caller's: a second run of the same stack is free
//! let kernels = Kernels::<Cpu>::default(); // the fused SIMD kernels in f64
//! let solution = compute_model_with(&input, &cache, ComputeOptions::default(), &kernels)?;
//! // The first column of cells, bottom to top: below the base (3), between (2), above (1).
//! assert_eq!(solution.levels[0].ids[..10], [3, 3, 3, 2, 2, 2, 1, 1, 1, 1]);
//! assert_eq!(cache.solves(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Main items
//!
//! | item | what it is |
//! |---|---|
//! | [`compute_model`], [`compute_model_with`] | the whole model: every level, the stacks' reports, the meshes ([`ModelSolution`]) |
//! | [`Kernels`], [`EngineBackend`] | the backend as a value: device, precision, implementation; where the voxel steps run |
//! | [`ComputeOptions`] | solve method, factorisation, condition number, memory budget, kriging variance (`with_*` builders) |
//! | [`Interpolator`] | every stack solved once and evaluated at any point set (and dual contouring's gradient field) |
//! | [`WeightsCache`], [`WeightsStore`] | solved weights owned by the caller: in memory (LRU, bounded), optionally persisted; starting guesses for nearby systems ([`WeightsCache::starting_guess`]) |
//! | [`SolverChoice`], [`SolveReport`], [`Stopping`] | dense, iterative or automatic solves; how each stack was solved (iterations, the stopping rule and its measure, a dense fallback and why) |
//! | [`segmentation`], [`masks`] | soft ids from a field, and how stacks mask each other |
//! | [`sense`], [`ModelWarning`] | checks of geological sense: polarity before computing, units out of order after ([`ModelSolution::warnings`]) |
//! | [`EngineError`] | every failure, naming the stack |
//!
//! ## Costs
//!
//! | step | cost per stack |
//! |---|---|
//! | dense solve (on a cache miss, `N ≤` [`DENSE_MAX_ROWS`]) | `O(N²)` assembly, `O(N³)` factorisation, `O(N²)` condition estimate |
//! | matrix-free solve (above, or forced) | `O(N²)` kernel evaluations per iteration, `O(N)` memory plus the preconditioner's blocks |
//! | evaluation at `M` points | `O(N·M)` (fused SIMD kernels on the CPU) |
//! | octree and meshes | proportional to the cells near contacts, not to the finest full grid |
//!
//! Nothing panics on bad input: an invalid model is an [`EngineError`] naming the stack.

mod backend;
mod combine;
mod error;
mod extra_grids;
mod forward;
pub mod masks;
mod model;
mod octree_model;
pub mod segmentation;
pub mod sense;
mod solution;
mod solver_plan;
mod stack_field;
mod warm_start;
mod weights_cache;

pub use backend::EngineBackend;
pub use error::EngineError;
pub use extra_grids::PointSlices;
pub use forward::{GeophysicsSolution, forward_geophysics};
pub use model::{ComputeOptions, Interpolator, compute_model, compute_model_with};
pub use sense::ModelWarning;
pub use solution::{Condition, LevelSolution, ModelSolution, SolveReport, StackLevel, StackReport};
pub use solver_plan::{DENSE_MAX_ROWS, dense_bytes};
pub use strata_data::SolverChoice;
pub use strata_dual::Mesh;
pub use strata_geophysics::KernelCache;
#[cfg(feature = "cuda")]
pub use strata_kernel::Gpu;
#[cfg(feature = "vulkan")]
pub use strata_kernel::Vulkan;
pub use strata_kernel::{
    Cpu, DeviceError, DeviceReport, Dtype, GAP_FRACTION, GeoBackend, Implementation, Kernels,
    MatrixFreeOptions, SchwarzOptions, Stopping, VarianceOptions,
};
pub use strata_octree::{OctreeError, OctreeGrid};
pub use strata_solver::{ConditionKind, PivotTest, SolverKind, Weights};
pub use weights_cache::{DEFAULT_CAPACITY, StoreError, WeightsCache, WeightsKey, WeightsStore};
