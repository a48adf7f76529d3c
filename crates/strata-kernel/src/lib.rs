//! # strata-kernel — covariance functions, the co-kriging system and its evaluation
//!
//! One stack of surfaces is interpolated by universal co-kriging (ENGINE_MATH.md §2–§5):
//!
//! 1. [`KrigingSystem::new`] gathers a stack's data: orientations, the reference/rest pairs of its
//!    surface points (§1.3) and the fault-drift values at them (§7.3).
//! 2. [`assemble`] builds the symmetric system `A w = b` in gempy_engine's exact layout
//!    ([`Layout`]: gradient x, y, z rows, interface rows, drift rows, fault-drift rows).
//! 3. Once solved (`strata-solver`), [`evaluate`] gives the scalar field `Z` and the exported
//!    gradient `G = ½∇Z` at any set of points, chunk by chunk so memory stays bounded.
//!
//! The heavy operations — the `O(N²)` covariance block and the `O(N·M)` kernel sums of the
//! evaluation — sit behind the backend extension trait [`GeoBackend`]. Its default methods are
//! written with burn tensor ops and run on any burn backend; [`fused`] holds the fused CPU
//! implementation (rayon loops, no temporaries) that `NdArray<f64>` uses. The cheap `O(N)` parts
//! (nuggets, drift, fault drift) are shared host code, so every backend produces the same system.
//!
//! Every formula of the covariance functions is written once, generically over [`Real`], and
//! used both on `f64` and on tensors.

mod assembly;
mod backend;
mod covariance;
mod drift;
mod error;
mod evaluation;
pub mod fused;
mod layout;
mod real;
mod system;
pub mod tensor_ops;

pub use assembly::{Assembled, assemble};
#[cfg(feature = "cuda")]
pub use backend::Gpu;
pub use backend::{Cpu, GeoBackend};
pub use covariance::{Covariance, Radial};
pub use error::KernelError;
pub use evaluation::{EvaluationPoints, FieldValues, evaluate};
pub use layout::Layout;
pub use real::Real;
pub use system::KrigingSystem;

/// A point or vector in three dimensions.
pub use strata_data::Point;

/// Added to every squared distance before the square root (cubic and Matérn kernels).
pub const DISTANCE_EPSILON: f64 = 1e-10;

/// Added to `ρ²` in the denominator of the gradient–gradient covariance.
pub const HESSIAN_EPSILON: f64 = 1e-5;

/// Filler of the fault-drift columns against gradient and drift rows (gempy_engine QUIRK).
pub const FAULT_FILLER: f64 = 1e-8;
