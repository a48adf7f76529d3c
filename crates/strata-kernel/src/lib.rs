//! # strata-kernel — covariance functions, the co-kriging system and its evaluation
//!
//! One stack of surfaces is interpolated by universal co-kriging (docs/math.md §2–§5):
//!
//! 1. [`KrigingSystem::new`] gathers a stack's data: orientations, the reference/rest pairs of its
//!    surface points (§1.3) and the fault-drift values at them (§7.3).
//! 2. [`assemble`] builds the symmetric system `A w = b` in gempy_engine's exact layout
//!    ([`Layout`]: gradient x, y, z rows, interface rows, drift rows, fault-drift rows).
//! 3. Once solved (`strata-solver`), [`Field::new`] prepares the system for evaluation on a
//!    backend — data points and weights laid out (SIMD structure of arrays on the CPU, device
//!    memory on a GPU) once, in `f64` or `f32` ([`Dtype`]) — and [`Field::evaluate`] gives the
//!    scalar field `Z` and the exported gradient `G = ½∇Z` at any number of point sets.
//!
//! The backend is a value, [`Kernels`]: a burn backend's device, the precision and which forms
//! of the heavy operations run — the `O(N²)` covariance block and the `O(N·M)` kernel sums.
//! Every solved field it prepares is one [`PreparedField`] (`&self`, as faer's `LinOp`), which
//! evaluation, the matrix-free product ([`CovarianceOperator`]) and the variance share; a burn
//! backend provides its kernels through [`GeoBackend`]. The defaults are written with burn
//! tensor ops and run on any burn backend ([`tensor_ops`], [`Implementation::TensorOps`]);
//! [`fused`] holds the CPU implementation that `NdArray<f64>` uses: reference-order assembly
//! and SIMD evaluation kernels dispatched at run time (AVX-512, AVX2 + FMA, NEON, scalar). The
//! cheap `O(N)` parts (nuggets, drift, fault drift) are shared host code, so every backend
//! produces the same system.
//!
//! Names follow one rule (docs/architecture.md): `<quantity>_<form>`, the form being
//! `reference` (gempy_engine's order of operations and bits) or `fast` (Horner forms, SIMD or
//! device), the module saying where it runs: `fused::covariance_block_reference`,
//! `fused::covariance_block_fast`, `tensor_ops::covariance_block_reference`,
//! `cube::covariance_block_fast`, [`Covariance::k`] (reference) and [`Covariance::radial_fast`].
//!
//! Each covariance function's coefficients, and those of its derivatives, are defined once
//! (`formula`); three forms take their numbers from there, each in its own order of operations:
//! the reference form (gempy_engine's order, libm `pow`), written once generically over [`Real`]
//! and used on `f64` and on tensors ([`Covariance::k`]); the fast Horner form, written generically
//! over SIMD lanes ([`fused::radial`]) and used on vectors of `f64` or `f32` and on single values
//! ([`Covariance::radial_fast`]); and the device form, the same Horner form written again in cubecl's
//! language (`cube`, features `vulkan`/`cuda`), tested against the fast form.
//!
//! ## Example: a field from points and orientations, with `strata-solver`
//!
//! ```
//! use strata_data::KernelOptions;
//! use strata_kernel::{Cpu, EvaluationPoints, Field, Kernels, KrigingSystem, assemble};
//! use strata_solver::SolveOptions;
//!
//! // One surface through three points at z = 0.1, one orientation pointing up.
//! let system = KrigingSystem::builder(KernelOptions::for_range(1.5))
//!     .orientation([0.0, 0.0, 0.0], [0.0, 0.0, 1.0])
//!     .surface(&[[-0.2, 0.0, 0.1], [0.2, 0.0, 0.1], [0.0, 0.2, 0.1]])
//!     .build()?;
//! let kernels = Kernels::<Cpu>::default();
//! let weights = assemble(&system, &kernels).solve(&SolveOptions::default())?;
//! let field = Field::new(&system, &weights.values, &kernels)?;
//! let xyz = [[0.0, 0.0, -0.3], [0.1, 0.1, 0.1], [0.0, 0.0, 0.3]];
//! let z = field.evaluate(EvaluationPoints { xyz: &xyz, fault_values: &[] }, false)?.scalar;
//! // The field grows along the orientation's gradient and is level on the surface.
//! let on_surface = field.evaluate(EvaluationPoints { xyz: &[[-0.2, 0.0, 0.1]], fault_values: &[] }, false)?;
//! assert!(z[0] < z[1] && z[1] < z[2]);
//! assert!((z[1] - on_surface.scalar[0]).abs() < 1e-3 * (z[2] - z[0]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Main items
//!
//! | item | what it is |
//! |---|---|
//! | [`KrigingSystem`], [`KrigingSystem::builder`] | one stack's data, checked: orientations, surfaces, nuggets, fault drift |
//! | [`assemble`] → [`Assembled`] | `A` and `b` in gempy_engine's layout ([`Layout`]); [`Assembled::solve`] with `strata-solver` |
//! | [`Field`] | a solved system prepared on a backend; [`Field::evaluate`] gives `Z` and `G = ½∇Z` |
//! | [`Kernels`], [`Implementation`] | the backend as a value: device, precision ([`Dtype`]), native or tensor-op forms |
//! | [`GeoBackend`], [`PreparedField`] | the seam: what a burn backend provides; a solved field prepared on it |
//! | [`Cpu`], `Gpu` (feature `cuda`), `Vulkan` (feature `vulkan`) | fused SIMD kernels; the `#[cube]` device kernels on CUDA or Vulkan (`cube`) |
//! | [`Variance`], [`VarianceOptions`] | the kriging variance `σ²(x) = c(x, x) − v(x)ᵀ A⁻¹ v(x)` of a solved field, exact or in neighbourhoods ([`variance`]) |
//! | [`Covariance`] | the covariance functions `K`, `K'/r`, `K''` (cubic, exponential, Matérn 5/2) |
//! | [`Kernels::solve_matrix_free`], [`MatrixFreeOptions`] | large systems without `A`: [`CovarianceOperator`] (products with `C` by the kernels), the Schwarz partition ([`subdomains`], [`SchwarzOptions`]), projected CG |
//! | [`HierarchicalOperator`], [`HierarchicalOptions`], [`Products`] | products with `C` in `O(N log N)`: the far field compressed by ACA to a tolerance ([`hierarchical`]) |
//!
//! ## Costs
//!
//! | operation | cost |
//! |---|---|
//! | [`assemble`] | `O(N²)` kernel evaluations, each distinct point pair once |
//! | [`Field::new`] | `O(N)`: data and weights laid out once per backend |
//! | [`Field::evaluate`] at `M` points | `O(N·M)`, SIMD on the CPU, parallel over chunks of points |
//! | [`Kernels::solve_matrix_free`] | `O(N²)` kernel evaluations per iteration (tens of iterations), `O(N)` memory plus the preconditioner's dense blocks |
//! | the same with [`Products::Hierarchical`] | `O(N log N · k)` set-up and flops per iteration, `O(N log N · k)` memory (`k` the ranks) |
//! | [`Variance::field`] at `M` points | `2N³/3` once, then `2N²M` (exact), or `2n_loc²M` plus `2n_loc³/3` per tile (neighbourhoods) |
//!
//! Nothing panics on bad input: inconsistent data is a [`KernelError`] naming what is wrong.

mod assembly;
mod backend;
mod covariance;
#[cfg(feature = "cube")]
pub mod cube;
mod drift;
mod error;
mod evaluation;
mod formula;
pub mod fused;
pub mod hierarchical;
mod layout;
mod matrix_free;
mod real;
mod system;
pub mod tensor_ops;
pub mod variance;

pub use assembly::{Assembled, assemble};
pub use backend::{
    CHUNK_SIZE, Cpu, DeviceError, DeviceReport, GeoBackend, Implementation, KernelFloat, Kernels,
    PreparedField,
};
pub use covariance::{Covariance, Radial, RangePowers, Slopes};
#[cfg(feature = "cuda")]
pub use cube::Gpu;
#[cfg(feature = "vulkan")]
pub use cube::Vulkan;
pub use drift::{quadratic, quadratic_derivative};
pub use error::KernelError;
pub use evaluation::{EvaluationPoints, Field, FieldValues};
pub use hierarchical::{HierarchicalOperator, HierarchicalOptions, HierarchicalStats};
pub use layout::Layout;
pub use matrix_free::{
    CovarianceOperator, GAP_FRACTION, MatrixFreeOptions, Products, SchwarzOptions, Stopping,
    Subdomains, preconditioner_bytes, solve_matrix_free_with, subdomains,
};
pub use real::Real;
pub use system::{KrigingSystem, KrigingSystemBuilder, reference_rest_pairs};
pub use variance::{Variance, VarianceMethod, VarianceOptions};

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
