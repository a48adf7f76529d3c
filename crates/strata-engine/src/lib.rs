//! # strata-engine — from an input model to a block model
//!
//! [`compute_model`] is the only place stacks are combined. For every stack, youngest first
//! (ENGINE_MATH.md §7.1), it
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
//! (the [`Interpolator`] is dual contouring's `GradientField`). [`ComputeOptions`] chooses the
//! evaluation precision ([`Dtype`]), the factorisation ([`SolverKind`]), the condition number
//! reported ([`ConditionKind`]) and the octree's memory budget. The result,
//! [`ModelSolution`], holds every array of the conformance schema, every level's
//! [`OctreeGrid`] and the meshes. The same input gives the same bits for any number of threads.
//!
//! ```no_run
//! use strata_engine::{ComputeOptions, Cpu, Dtype, WeightsCache, compute_model_with};
//!
//! let input = strata_data::engine_json::read(std::path::Path::new("input.json"))?;
//! let options = ComputeOptions::default().with_dtype(Dtype::F32);
//! let solution =
//!     compute_model_with::<Cpu>(&input, &WeightsCache::new(), options, &Default::default())?;
//! println!("{} ids at level 0", solution.levels[0].ids.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod combine;
mod error;
pub mod masks;
mod model;
mod octree_model;
pub mod segmentation;
mod solution;
mod stack_field;
pub mod weights_cache;

pub use error::EngineError;
pub use model::{ComputeOptions, Interpolator, compute_model, compute_model_with};
pub use solution::{LevelSolution, ModelSolution, StackLevel, StackSystem};
pub use strata_dual::Mesh;
#[cfg(feature = "cuda")]
pub use strata_kernel::Gpu;
pub use strata_kernel::{Cpu, Dtype, GeoBackend, TensorCpu};
pub use strata_octree::{OctreeError, OctreeGrid};
pub use strata_solver::{ConditionKind, PivotTest, SolverKind};
pub use weights_cache::WeightsCache;
