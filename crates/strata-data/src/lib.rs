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
//! Conventions follow gempy_engine (see `ENGINE_MATH.md` §1): points are ordered stack by stack,
//! surface by surface; the first point of each surface is its reference point.

mod dtype;
mod error;
mod grid;
mod hash;
mod model;
mod options;
mod orientations;
mod segmentation;
mod structure;
mod surface_points;
mod transform;

pub use dtype::{Dtype, UnknownDtype};
pub use error::DataError;
pub use grid::{EXTENT_SHIFT, RegularGrid};
pub use hash::{ContentHash, ContentHasher};
pub use model::{DEFAULT_SIGMOID_SLOPE, EngineInput, EngineInputBuilder, StackData};
pub use options::{EvaluationOptions, KernelFunction, KernelOptions, MeshMasking};
pub use orientations::Orientations;
pub use segmentation::Ellipsoid;
pub use structure::{Stack, StackRelation, Structure, Surface};
pub use surface_points::SurfacePoints;
pub use transform::Transform;

/// A point or vector in three dimensions, `[x, y, z]`.
pub type Point = [f64; 3];
