//! # strata-octree — the octree levels of a Strata run
//!
//! gempy_engine evaluates a model on an octree (docs/math.md §8): level 0 is the user's
//! regular grid; every later level holds the 8 children of the cells of the previous level
//! whose corners do not all carry the same unit id. Only those *active* cells are stored, so
//! memory grows with the number of cells near a contact, never with the full grid of the
//! deepest level.
//!
//! This crate holds the geometry and the decisions, not the interpolation (the engine
//! evaluates the points it is given):
//!
//! * [`OctreePlan`] — how many levels, which of them need cell corners, and whether the worst
//!   case fits in a memory budget (§1.4) ([`plan`]);
//! * [`OctreeGrid`] — one level: its extent, the resolution of its full virtual grid, and the
//!   centre and integer coordinates of every active cell ([`grid`]);
//! * [`OctreeGrid::corners`] — the 8 corners of every cell, in gempy's order (§8.2) ([`corners`]);
//! * [`refine_mask`] — which cells to refine: a change of id among the corners, all cells below
//!   `octree_min_level`, optionally high curvature (§8.3) ([`refine`], [`curvature`]);
//! * [`OctreeGrid::children`] — the next level (§8.4) ([`children`]);
//! * [`dense_block`] — the full regular block of any level, coarse values filled in where a
//!   cell was not refined (§8.5) ([`dense`]).
//!
//! Coordinates follow gempy_engine bit for bit, QUIRK included: every level's grid shifts the
//! extent of the previous one by another `1e-6` (§1.5).
//!
//! ## Example: two levels around a sphere
//!
//! ```
//! use strata_data::{Point, RegularGrid};
//! use strata_octree::{OctreeGrid, RefineOptions, dense_block, refine_mask, DEFAULT_MEMORY_BUDGET};
//!
//! // Unit 1 inside a sphere of radius 0.3, unit 2 outside: the caller's "model".
//! let id = |p: &Point| if (0..3).map(|k| (p[k] - 0.5).powi(2)).sum::<f64>() < 0.09 { 1 } else { 2 };
//! let root = OctreeGrid::root(&RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [4, 4, 4])?);
//!
//! // Refine the cells whose 8 corners do not all carry the same id.
//! let corner_ids: Vec<i64> = root.corners().iter().map(id).collect();
//! let refine = refine_mask(0, &RefineOptions::new(0, None), &corner_ids, &[], root.spacing())?;
//! let level1 = root.children(&refine)?;
//! assert_eq!(level1.len(), 8 * refine.iter().filter(|&&r| r).count());
//! assert_eq!(level1.resolution(), [8, 8, 8]);
//!
//! // The dense 8³ block: level-1 ids where cells were refined, level-0 ids elsewhere.
//! let ids0: Vec<i32> = root.centers().iter().map(|p| id(p) as i32).collect();
//! let ids1: Vec<i32> = level1.centers().iter().map(|p| id(p) as i32).collect();
//! let block = dense_block(&[root, level1], &[&ids0, &ids1], 1, DEFAULT_MEMORY_BUDGET)?;
//! assert_eq!(block.len(), 512);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod children;
pub mod corners;
pub mod curvature;
pub mod dense;
pub mod grid;
pub mod plan;
pub mod refine;

pub use children::ChildrenError;
pub use corners::CORNERS_PER_CELL;
pub use curvature::curvature_marks;
pub use dense::{DenseError, dense_block};
pub use grid::OctreeGrid;
pub use plan::{DEFAULT_MEMORY_BUDGET, OctreePlan, PlanError};
pub use refine::{RefineError, RefineOptions, id_changes, litho_faults_ids, refine_mask};

/// Any error of this crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OctreeError {
    /// The levels asked for cannot be planned.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A refinement mask could not be computed.
    #[error(transparent)]
    Refine(#[from] RefineError),
    /// The next level could not be built.
    #[error(transparent)]
    Children(#[from] ChildrenError),
    /// A dense block could not be built.
    #[error(transparent)]
    Dense(#[from] DenseError),
}
