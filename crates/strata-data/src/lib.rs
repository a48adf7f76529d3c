//! # strata-data — the input model of a Strata run
//!
//! Everything a geological model is made of, before any numerics: the surface points (where a
//! boundary between two rock units was observed), the orientations (the gradient of the scalar
//! field, i.e. the pole of the layering), the surfaces and the stacks they are grouped in
//! (with their erosion / onlap / fault / basement relation), the kernel and evaluation options,
//! the regular grid and the coordinate transform between world and engine units.
//!
//! The crate is independent of any tensor library: it holds plain `f64` arrays.
//!
//! * Every constructor validates and returns a typed [`DataError`] naming the offending value.
//! * Every data class has a stable content hash ([`ContentHash`]): blake3 over a canonical
//!   little-endian encoding, so the same data hashes the same on every run and platform.
//!
//! Conventions follow gempy_engine (docs/math.md §1.2, §1.3): points are ordered stack by stack,
//! surface by surface; the first point of each surface is its reference point.
//!
//! ## Example
//!
//! ```
//! use strata_data::{
//!     ContentHash, DataError, EngineInput, Orientations, RegularGrid, Stack, StackRelation,
//!     Structure, Surface, SurfacePoints, Transform,
//! };
//!
//! // World coordinates in metres, brought into the engine's unit box.
//! let transform = Transform::new([500.0, 500.0, 500.0], 1000.0)?;
//! let world = [[100.0, 500.0, 600.0], [500.0, 500.0, 600.0], [900.0, 500.0, 620.0]];
//! let points = SurfacePoints::new(world.map(|p| transform.to_engine(p)).to_vec(), vec![1e-6; 3])?;
//! let orientations =
//!     Orientations::new(vec![transform.to_engine([500.0, 500.0, 600.0])], vec![[0.0, 0.0, 1.0]], vec![0.01])?;
//! let structure = Structure::new(
//!     vec![Surface::new("top", 3)],
//!     vec![Stack::new("strata", StackRelation::Erode, 1, 1)],
//!     None,
//! )?;
//! let grid = RegularGrid::new([-0.5, 0.5, -0.5, 0.5, -0.5, 0.5], [10, 10, 10])?;
//! let input = EngineInput::builder(points, orientations, structure, grid)
//!     .transform(transform)
//!     .build()?;
//! assert_eq!(input.stack(0).surface_sizes, [3]);
//! // The same data hash the same, on every run and platform.
//! assert_eq!(input.content_hash(), input.clone().content_hash());
//!
//! // Every constructor checks its data and names the offending value.
//! let bad = SurfacePoints::new(vec![[0.0, f64::NAN, 0.0]], vec![1e-6]);
//! assert!(matches!(bad, Err(DataError::NonFinite { index: 0, .. })));
//! # Ok::<(), DataError>(())
//! ```
//!
//! | item | what it is |
//! |---|---|
//! | [`SurfacePoints`], [`Orientations`] | the observations, with their nuggets |
//! | [`Surface`], [`Stack`], [`Structure`] | surfaces grouped in stacks, their relations and fault relations |
//! | [`KernelOptions`], [`EvaluationOptions`] | the kriging kernel; octree levels, meshing, chunking |
//! | [`RegularGrid`], [`Transform`] | the level-0 grid; world ↔ engine coordinates |
//! | [`EngineInput`], [`EngineInputBuilder`], [`StackData`] | the whole input, checked as a whole; one stack's view of it |
//! | [`ContentHash`] | stable blake3 hashes of every data class |
//! | [`SolverChoice`], [`parse_byte_size`] | dense, iterative or automatic solves; memory budgets as written (`"2GiB"`) |
//! | [`estimate_orientations`], [`OrientationEstimate`] | orientations fitted to dense picks, oriented by the stack's order, thinned |
//! | [`plural`] | counts in words for messages (`1 thread`, `2 threads`) |
//! | [`LayeredModel`] | the layered scale model with its analytic ids (benches and scale tests) |
//! | [`DataError`] | every validation failure, naming the value |

mod byte_size;
mod dtype;
mod error;
mod estimate_orientations;
mod extra_grids;
mod grid;
mod hash;
mod kd_tree;
mod layered;
mod model;
mod options;
mod orientations;
mod plural;
mod segmentation;
mod solver_choice;
mod structure;
mod surface_points;
mod transform;

pub use byte_size::{BadByteSize, parse_byte_size};
pub use dtype::{Dtype, UnknownDtype};
pub use error::DataError;
pub use estimate_orientations::{
    DEFAULT_ESTIMATE_NEIGHBOURS, EstimateError, EstimatedOrientation, OrientationEstimate,
    estimate_orientations,
};
pub use extra_grids::{CenteredGridSpec, ExtraGrids, GeophysicsSpec, MagneticsSpec};
pub use grid::{EXTENT_SHIFT, RegularGrid};
pub use hash::{ContentHash, ContentHasher};
pub use layered::{LAYERED_SURFACES, LayeredGrid, LayeredModel};
pub use model::{DEFAULT_SIGMOID_SLOPE, EngineInput, EngineInputBuilder, StackData};
pub use options::{
    DEFAULT_NUGGET_ORIENTATIONS, DEFAULT_NUGGET_SURFACE_POINTS, EvaluationOptions, KernelFunction,
    KernelOptions, MeshMasking,
};
pub use orientations::Orientations;
pub use plural::plural;
pub use segmentation::Ellipsoid;
pub use solver_choice::{SolverChoice, UnknownSolver};
pub use structure::{Stack, StackRelation, Structure, Surface};
pub use surface_points::SurfacePoints;
pub use transform::Transform;

/// A point or vector in three dimensions, `[x, y, z]`.
pub type Point = [f64; 3];
