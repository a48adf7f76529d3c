//! # strata-geophysics — forward gravity and induced magnetics of a geological model
//!
//! A survey measures gravity or the total magnetic intensity at a few devices. gempy_engine
//! predicts them from a model by evaluating the lithology on a *centred grid* — the same
//! voxel kernel around every device, fine near it and coarse far away — and summing a
//! physical property per lithology times a per-voxel kernel:
//!
//! ```text
//! gravity_d = Σ_v densities[id(d, v) − 1] · tz_v           (mGal, densities in g/cm³)
//! tmi_d     = Σ_v susceptibilities[id(d, v) − 1] · k_v     (nT, SI susceptibilities)
//! ```
//!
//! This crate provides the geometry and the kernels and knows no engine: the caller evaluates
//! the lithology ids at [`CenteredGrid::points`] (in engine coordinates through
//! [`CenteredGrid::to_engine`]) and hands them back. It reproduces gempy_engine's
//! `CenteredGrid`, `calculate_gravity_gradient`, `calculate_magnetic_gradient_tensor` and
//! `compute_gravity` / `compute_tmi`, in numpy's order of operations.
//!
//! ```
//! use strata_geophysics::{CenteredGrid, CenteredKernel, GravityKernel};
//!
//! // gempy's kernel of radius 200 × 200 × 800 m and resolution 10 × 10 × 15.
//! let kernel = CenteredKernel::new([200.0, 200.0, 800.0], [10, 10, 15])?;
//! assert_eq!(kernel.n_voxels(), 11 * 11 * 16);
//!
//! // Two devices 1000 m up; the engine evaluates the lithology at the grid's points.
//! let grid = CenteredGrid::new(vec![[250.0, 500.0, 1000.0], [750.0, 500.0, 1000.0]], kernel)?;
//! let ids: Vec<i32> = grid.points().iter().map(|p| if p[2] < 600.0 { 2 } else { 1 }).collect();
//!
//! // Denser rock (id 2) below 600 m: negative gravity, the same under both devices.
//! let gravity = GravityKernel::new(grid.kernel())?.gravity(&ids, &[2.0, 2.67])?;
//! assert!(gravity[0] < 0.0);
//! assert_eq!(gravity[0], gravity[1]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Several models on one survey: the caller owns a [`KernelCache`], which computes the kernels
//! of a geometry once.
//!
//! ```
//! use strata_geophysics::{CenteredKernel, Igrf, KernelCache, SurveyOptions};
//!
//! let kernel = CenteredKernel::new([200.0, 200.0, 800.0], [10, 10, 15])?;
//! let options = SurveyOptions::default().with_magnetics(Igrf::new(60.0, 10.0, 50_000.0)?);
//! let mut cache = KernelCache::default();
//! let kernels = cache.get_or_compute(&kernel, &options)?;
//! let again = cache.get_or_compute(&kernel, &options)?; // no computation
//! assert!(std::sync::Arc::ptr_eq(&kernels, &again));
//!
//! let ids = vec![1; kernel.n_voxels()]; // one device in a uniform half-space
//! let tmi = kernels.magnetic_kernel().map(|m| m.tmi(&ids, &[0.01])).transpose()?;
//! assert_eq!(tmi.map(|t| t.len()), Some(1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Main items
//!
//! | item | what it is |
//! |---|---|
//! | [`CenteredKernel`] | the voxels around one device: centres, half-widths, [`Prism`]s (module [`kernel_grid`]) |
//! | [`CenteredGrid`] | devices + kernel → evaluation points, device-major; [`to_engine`](CenteredGrid::to_engine) |
//! | [`prism_tz`], [`GravityKernel`] | vertical gravity of a prism, `tz` per voxel, [`gravity`](GravityKernel::gravity) per device |
//! | [`Igrf`], [`prism_tmi`], [`MagneticKernel`] | the inducing field, TMI of a prism, per voxel, [`tmi`](MagneticKernel::tmi) per device |
//! | [`SurveyKernels`], [`SurveyOptions`] | the kernels of one survey geometry, computed together |
//! | [`KernelCache`], [`SurveyKey`] | caller-owned LRU cache of survey kernels, keyed by a blake3 content hash |
//!
//! ## Costs
//!
//! `Nvox` voxels per device (1936 for p08's `[10, 10, 15]`), `n` devices. Timings: medians of
//! `cargo bench -p strata-geophysics --bench forward` on the shared 2-core development
//! machine, busy (load ≈ 3) when measured; the forward sum alone on one thread took 0.62 ms
//! at best.
//!
//! | step | cost | p08 kernel, 400 devices |
//! |---|---|---|
//! | [`CenteredKernel::new`] | `O(Nvox)` | — |
//! | [`CenteredGrid::points`] | `O(n·Nvox)` | — |
//! | [`GravityKernel::new`] | `8·Nvox` × (√, 2 ln, atan), voxels in parallel | 0.71 ms |
//! | [`MagneticKernel::new`] | `8·Nvox` × (√, 3 ln, 3 atan2), voxels in parallel | 2.0 ms |
//! | [`gravity`](GravityKernel::gravity), [`tmi`](MagneticKernel::tmi) | `n·Nvox` products and pairwise sums, devices in parallel | 1.6 ms |
//! | [`KernelCache::get_or_compute`], held | blake3 of ≤ 108 bytes and a hash-map lookup; eviction `O(capacity)` | 0.5 µs |
//!
//! ## Reproducibility
//!
//! Every kernel value is computed on its own, in gempy_engine's order of operations, and every
//! device is summed by one task in numpy's pairwise order, so results are bitwise identical
//! for any number of threads (`tests/determinism.rs`). On the reference case p08 the kernel
//! geometry, engine points, `tz`, TMI kernel, gravity and TMI come out bit for bit equal to
//! gempy_engine's with glibc's `libm`; `tests/p08.rs` checks them against the reference
//! tolerances.
//!
//! ## Errors
//!
//! Every failure is a typed error naming the offending value: a resolution or radius
//! ([`KernelError`]), a device or transform ([`GridError`]), prism bounds ([`PrismError`]),
//! the inducing field or a kernel out of `f64` range ([`MagneticsError`], [`GravityError`]),
//! ids that are not whole devices, a non-finite property or an id with no property — with
//! device, voxel and id ([`ForwardError`]; id 0 is an error, not gempy's wrap-around to the
//! last property). Nothing panics on bad input.

pub mod cache;
pub mod centered_grid;
pub mod device_sum;
pub mod gravity;
pub mod kernel_grid;
pub mod magnetics;
pub mod prism;
mod summation;
pub mod survey;

pub use cache::{KernelCache, SurveyKey};
pub use centered_grid::{CenteredGrid, GridError, MAX_POINTS};
pub use device_sum::ForwardError;
pub use gravity::{G, GravityError, GravityKernel, prism_tz};
pub use kernel_grid::{Axis, CenteredKernel, KernelError, MAX_VOXELS};
pub use magnetics::{Igrf, MagneticKernel, MagneticsError, prism_tmi};
pub use prism::{Prism, PrismError};
pub use survey::{SurveyError, SurveyKernels, SurveyOptions};
