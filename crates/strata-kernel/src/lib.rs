//! # strata-kernel — covariance functions, the co-kriging system and its evaluation
//!
//! One stack of surfaces is interpolated by universal co-kriging (ENGINE_MATH.md §2–§5):
//!
//! 1. [`KrigingSystem::new`] gathers a stack's data: orientations, the reference/rest pairs of its
//!    surface points (§1.3) and the fault-drift values at them (§7.3).
//! 2. [`assemble`] builds the symmetric system `A w = b` in gempy_engine's exact layout
//!    ([`Layout`]: gradient x, y, z rows, interface rows, drift rows, fault-drift rows).
//! 3. Once solved (`strata-solver`), [`Field::new`] prepares the system for evaluation on a
//!    backend — data points and weights laid out (SIMD structure of arrays on the CPU, device
//!    tensors on a GPU) once, in `f64` or `f32` ([`Dtype`]) — and [`Field::evaluate`] gives the
//!    scalar field `Z` and the exported gradient `G = ½∇Z` at any number of point sets.
//!
//! The heavy operations — the `O(N²)` covariance block and the `O(N·M)` kernel sums of the
//! evaluation — sit behind the backend extension trait [`GeoBackend`] and its prepared system
//! [`PreparedField`]. The defaults are written with burn tensor ops and run on any burn backend
//! ([`tensor_ops`], [`tensor_ops::TensorField`]); [`fused`] holds the CPU implementation that
//! `NdArray<f64>` uses: reference-order assembly and SIMD evaluation kernels dispatched at run
//! time (AVX-512, AVX2 + FMA, NEON, scalar). The cheap `O(N)` parts (nuggets, drift, fault
//! drift) are shared host code, so every backend produces the same system.
//!
//! The reference-order covariance functions are written once, generically over [`Real`], and
//! used both on `f64` and on tensors; the fast Horner forms once, generically over SIMD lanes
//! ([`fused::radial`]), and used on vectors of `f64` or `f32` and on single values
//! ([`Covariance::radial`]).
//!
//! ```
//! use strata_kernel::{Covariance, Cpu, EvaluationPoints, Field, FieldOptions, KrigingSystem};
//! use strata_data::KernelFunction;
//!
//! // One orientation at the origin pointing up, one surface through (±0.2, 0, 0.1).
//! let system = KrigingSystem {
//!     covariance: Covariance { kind: KernelFunction::Cubic, range: 1.5 },
//!     c_o: 1.5 * 1.5 / 14.0 / 3.0,
//!     i_res: 4.0,
//!     gi_res: 2.0,
//!     drift_degree: 0,
//!     orientation_xyz: vec![[0.0, 0.0, 0.0]],
//!     orientation_gradient: vec![[0.0, 0.0, 1.0]],
//!     gradient_nugget: 0.01,
//!     reference: vec![[-0.2, 0.0, 0.1]],
//!     rest: vec![[0.2, 0.0, 0.1]],
//!     rest_nugget: vec![1e-6],
//!     fault_reference: vec![],
//!     fault_rest: vec![],
//! };
//! let a = strata_kernel::assemble::<Cpu>(&system, &Default::default());
//! let n = a.layout.size();
//! let system_matrix = strata_solver::SystemMatrix { n, data: &a.matrix, drift_start: n };
//! let weights = strata_solver::solve(system_matrix, &a.rhs, &Default::default())?.weights;
//! let field = Field::<Cpu>::new(&system, &weights, &FieldOptions::default(), &Default::default())?;
//! let xyz = [[0.0, 0.0, -0.3], [0.0, 0.0, 0.3]];
//! let z = field.evaluate(EvaluationPoints { xyz: &xyz, fault_values: &[] }, false)?.scalar;
//! assert!(z[1] > z[0], "the field grows along the orientation's gradient");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
pub use backend::{Cpu, CpuField, GeoBackend, PreparedField, TensorCpu};
pub use covariance::{Covariance, Radial, RangePowers};
pub use error::KernelError;
pub use evaluation::{EvaluationPoints, Field, FieldOptions, FieldValues};
pub use layout::Layout;
pub use real::Real;
pub use system::{
    DEFAULT_ORIENTATION_NUGGET, DEFAULT_SURFACE_POINT_NUGGET, KrigingSystem, KrigingSystemBuilder,
};

/// The precision of the evaluation kernels.
pub use strata_data::Dtype;
/// A point or vector in three dimensions.
pub use strata_data::Point;

/// Added to every squared distance before the square root (cubic and Matérn kernels).
pub const DISTANCE_EPSILON: f64 = 1e-10;

/// Added to `ρ²` in the denominator of the gradient–gradient covariance.
pub const HESSIAN_EPSILON: f64 = 1e-5;

/// Filler of the fault-drift columns against gradient and drift rows (gempy_engine QUIRK).
pub const FAULT_FILLER: f64 = 1e-8;
