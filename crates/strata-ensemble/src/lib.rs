//! # strata-ensemble — Monte Carlo ensembles of a geological model
//!
//! The data of a model are uncertain: a surface point's elevation is known to some metres, a
//! dip to some degrees. An ensemble draws many realizations of the data, computes the block
//! model of each with the engine, and reduces the blocks to what they agree on:
//!
//! 1. [`Perturbation`] says how the data move: every surface point's elevation by a normal
//!    deviate of standard deviation `σ_z` (world units, for all surfaces or per surface), every
//!    orientation's dip and azimuth by `σ_dip` and `σ_azimuth` (degrees, GemPy's angles).
//! 2. The deviates come from a counter-based generator ([`philox`]: Philox4x32-10), deviate `j`
//!    of realization `i` a function of `(seed, i, j)` alone, so realization `i` is the same
//!    whichever thread, process or machine computes it, in whatever order.
//! 3. [`Ensemble::run`] computes a batch of realizations in parallel (rayon) and counts, in
//!    every cell, the realizations that put each unit there ([`UnitCounts`]). Counts are
//!    integers: batches computed anywhere add up to the same total in any order, and
//!    [`UnitCounts::probability`] and [`UnitCounts::entropy`] follow from the total alone — the
//!    result is bitwise independent of how the work was split.
//!
//! The CLI (`strata ensemble`) and the Python module (`strata.ensemble`, whose Dask path runs
//! one [`Ensemble::run`] per batch on the workers and adds the counts on the cluster) both call
//! this crate.
//!
//! ## Example: where is the boundary of two layers?
//!
//! ```
//! use strata_data::{
//!     EngineInput, KernelOptions, Orientations, RegularGrid, Stack, StackRelation, Structure,
//!     Surface, SurfacePoints,
//! };
//! use strata_engine::ComputeOptions;
//! use strata_ensemble::{Ensemble, Perturbation};
//!
//! // One surface at z = 0.5 in the unit cube, over a column of 10 cells.
//! let xy = [[0.1, 0.5], [0.5, 0.5], [0.9, 0.5], [0.5, 0.1]];
//! let input = EngineInput::builder(
//!     SurfacePoints::new(xy.iter().map(|&[x, y]| [x, y, 0.5]).collect(), vec![1e-6; 4])?,
//!     Orientations::new(vec![[0.5, 0.5, 0.5]], vec![[0.0, 0.0, 1.0]], vec![0.01])?,
//!     Structure::new(
//!         vec![Surface::new("top", 4)],
//!         vec![Stack::new("strata", StackRelation::Basement, 1, 1)],
//!         None,
//!     )?,
//!     RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [1, 1, 10])?,
//! )
//! .kernel(KernelOptions::for_range(1.7))
//! .build()?;
//!
//! // Elevations uncertain by 0.05 (the transform is the identity: world = engine units).
//! let perturbation = Perturbation::default().with_sigma_z(0.05);
//! let ensemble = Ensemble::new(&input, &perturbation, 42, ComputeOptions::default())?;
//! let counts = ensemble.run(0..40)?;
//! let (p, h) = (counts.probability(), counts.entropy());
//! assert_eq!(counts.ids(), [1, 2]);
//! // Far below the surface every realization agrees (unit 2, entropy 0); next to it they don't.
//! assert_eq!((p[10], h[0]), (1.0, 0.0));
//! assert!(h[4] > 0.0 || h[5] > 0.0);
//! // Any split into batches gives the same counts.
//! let mut halves = ensemble.run(0..25)?;
//! halves.merge(&ensemble.run(25..40)?)?;
//! assert_eq!(halves, counts);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Main items
//!
//! | item | what it is |
//! |---|---|
//! | [`Perturbation`] | σ of the elevations (global or per surface), of the dips and azimuths |
//! | [`Ensemble`] | a model, a perturbation and a seed: [`Ensemble::realization`], [`Ensemble::block`], [`Ensemble::run`] |
//! | [`UnitCounts`] | counts per unit and cell; [`UnitCounts::merge`], [`UnitCounts::probability`], [`UnitCounts::entropy`] |
//! | [`philox`] | the Philox4x32-10 generator and its normal deviates ([`philox::NormalStream`]) |
//! | [`EnsembleError`] | every failure, naming the value, realization or cell |
//!
//! ## Costs
//!
//! One realization costs one model computation (every stack solved and evaluated on the
//! block's cells); the perturbation (`O(data)`) and the counting (`O(cells · units)`) are
//! negligible. Realizations run in parallel; the counts take `4 · units · cells` bytes per
//! rayon task.

mod counts;
mod error;
mod perturbation;
pub mod philox;
mod run;

pub use counts::UnitCounts;
pub use error::EnsembleError;
pub use perturbation::Perturbation;
pub use run::Ensemble;
