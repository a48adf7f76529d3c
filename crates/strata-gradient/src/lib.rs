//! # strata-gradient — derivatives of the model by hand-derived adjoints
//!
//! Reverse-mode derivatives (vector–Jacobian products, VJPs) of Strata's forward model
//! (docs/math.md §16): for a cotangent `ȳ` of an output `y(θ)`, the cotangent `θ̄ = Jᵀȳ` of the
//! inputs, at the cost of a few forward evaluations and without forming `J`.
//!
//! | output | inputs | item |
//! |---|---|---|
//! | one stack's scalar field `Z` at any points | surface points, orientation gradients (engine coordinates) | [`DifferentiableStack::vjp_scalar_field`] |
//! | its soft unit values (sigmoid of `Z` against the iso-values, a slope of the caller's) | the same | [`DifferentiableStack::vjp_soft_values`] |
//! | forward gravity at the survey devices | unit densities | [`GravityDensities::vjp`] |
//! | an orientation's engine gradient | its dip and azimuth (polarity fixed) | [`angles::angles_vjp`] |
//!
//! Through the co-kriging solve `A w = b` the VJP is the adjoint: `λ = A⁻ᵀ w̄` with the LU
//! factors of the forward solve ([`strata_solver::Factored::solve_transpose_columns`]), then
//! `θ̄ = λᵀ ∂b/∂θ − λᵀ (∂A/∂θ) w` contracted block by block in closed form, from the
//! derivatives of the covariance functions ([`strata_kernel::Covariance::slopes`], taken of the
//! coefficients the kernels share). The forward values are the engine's own
//! ([`strata_kernel::Field::evaluate`], [`strata_engine::segmentation`],
//! [`strata_geophysics::device_sum::device_sums`]).
//!
//! Not covered, refused with [`GradientError::Unsupported`] rather than answered with a
//! gradient that leaves them out: several stacks (fault drift and the stack combination),
//! finite faults, matrix-free solves. Gravity with respect to the geometry is not covered
//! either ([`GravityDensities`] takes the engine's hard ids).
//!
//! ## Example: the field's sensitivity to a surface point, checked by finite differences
//!
//! ```
//! use strata_data::{
//!     EngineInput, KernelOptions, Orientations, RegularGrid, Stack, StackRelation, Structure,
//!     Surface, SurfacePoints,
//! };
//! use strata_engine::{Cpu, Kernels};
//! use strata_gradient::DifferentiableStack;
//!
//! let points = vec![[0.2, 0.5, 0.6], [0.8, 0.5, 0.6], [0.5, 0.2, 0.62], [0.5, 0.8, 0.6]];
//! let build = |points: Vec<[f64; 3]>| -> Result<EngineInput, Box<dyn std::error::Error>> {
//!     Ok(EngineInput::builder(
//!         SurfacePoints::new(points, vec![1e-6; 4])?,
//!         Orientations::new(vec![[0.5, 0.5, 0.5]], vec![[0.0, 0.0, 1.0]], vec![0.01])?,
//!         Structure::new(
//!             vec![Surface::new("top", 4)],
//!             vec![Stack::new("strata", StackRelation::Basement, 1, 1)],
//!             None,
//!         )?,
//!         RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [2, 2, 2])?,
//!     )
//!     .kernel(KernelOptions::for_range(1.7))
//!     .build()?)
//! };
//! let kernels = Kernels::<Cpu>::default();
//! let x = [[0.4, 0.6, 0.3], [0.7, 0.3, 0.8]];
//! let stack = DifferentiableStack::new(&build(points.clone())?, &kernels)?;
//! let bar = stack.vjp_scalar_field(&x, &[1.0, -0.5])?;
//! // ⟨ȳ, Z⟩ as the third point moves up, by central differences.
//! let h = 1e-5;
//! let objective = |dz: f64| -> Result<f64, Box<dyn std::error::Error>> {
//!     let mut moved = points.clone();
//!     moved[2][2] += dz;
//!     let z = DifferentiableStack::new(&build(moved)?, &kernels)?.scalar_field(&x)?;
//!     Ok(z[0] - 0.5 * z[1])
//! };
//! let fd = (objective(h)? - objective(-h)?) / (2.0 * h);
//! assert!((bar.surface_points[2][2] - fd).abs() < 1e-6 * fd.abs().max(1e-3));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Costs
//!
//! | operation | cost |
//! |---|---|
//! | [`DifferentiableStack::new`] | the engine's dense solve of the stack: `O(N²)` assembly, `O(N³)` LU (kept, `8N²` bytes) |
//! | value at `M` points | `O(N·M)` (the engine's kernels) |
//! | VJP at `M` points | one field evaluation `O(N·M)` by the backend's kernels (a source system of the cotangents), one transposed solve `O(N²)`, `O(N²)` for `∂A` contracted |
//! | [`GravityDensities::vjp`] | one pass over the devices' voxels, as the forward sum |
//!
//! Results are bitwise identical for any number of threads: every parallel loop gives each
//! output its own sequential sum.

pub mod angles;
mod error;
mod gravity;
mod stack;
mod vector;

pub use error::GradientError;
pub use gravity::GravityDensities;
pub use stack::{DataCotangents, DifferentiableStack};
