//! How many octree levels to evaluate, where corners are needed, and whether it fits in memory.
//!
//! The effective counts follow gempy_engine's `EvaluationOptions` (docs/math.md §1.4):
//!
//! ```text
//! levels         = surface_levels   if mesh_extraction ∧ levels_asked < 2 ∧ surface_asked ≥ levels_asked
//!                  levels_asked     otherwise
//! surface_levels = min(surface_asked, levels)          (meshes only; needs surface_asked ≥ 2)
//! corners(l)     = l + 1 < levels  ∨  (mesh_extraction ∧ l + 1 = surface_levels)
//! ```
//!
//! Before anything is evaluated the plan bounds the memory of the worst case, every cell of
//! every level active: `Σ_l cells_l · points_per_cell_l · bytes_per_point` with
//! `cells_l = root_cells · 8^l` and `points_per_cell_l = 1 + 8·corners(l)`. A run whose worst
//! case exceeds the budget ([`DEFAULT_MEMORY_BUDGET`] unless given) is refused.

use strata_data::EvaluationOptions;
use thiserror::Error;

use crate::CORNERS_PER_CELL;

/// The default memory budget of a run: 16 GiB for the arrays stored per evaluated point.
pub const DEFAULT_MEMORY_BUDGET: u64 = 16 << 30;

/// Why a plan was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PlanError {
    /// `number_octree_levels` was 0.
    #[error("number_octree_levels must be at least 1 (level 0 is the regular grid), got 0")]
    NoLevels,
    /// Dual contouring needs at least two levels of the octree.
    #[error("number_octree_levels_surface must be at least 2 to extract meshes, got {0}")]
    TooFewSurfaceLevels(usize),
    /// The worst case would not fit in the memory budget.
    #[error(
        "{levels} octree levels from a {root:?} root may evaluate up to {points} points \
         ({bytes} bytes), more than the memory budget of {budget} bytes; use fewer levels"
    )]
    ExceedsMemory {
        /// Effective number of levels.
        levels: usize,
        /// Resolution of the root grid.
        root: [usize; 3],
        /// Worst-case number of evaluated points over all levels (saturated).
        points: u128,
        /// Worst-case bytes (saturated).
        bytes: u128,
        /// The budget.
        budget: u64,
    },
}

/// The effective octree levels of a run (see the module formulas).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OctreePlan {
    levels: usize,
    surface_levels: Option<usize>,
}

impl OctreePlan {
    /// The plan of `options` for a root grid of `root` cells, refused if its worst case needs
    /// more than `budget` bytes at `bytes_per_point` bytes per evaluated point.
    pub fn new(
        options: &EvaluationOptions,
        root: [usize; 3],
        bytes_per_point: u64,
        budget: u64,
    ) -> Result<Self, PlanError> {
        let asked = options.number_octree_levels;
        let surface_asked = options.number_octree_levels_surface;
        if asked == 0 {
            return Err(PlanError::NoLevels);
        }
        let meshes = options.mesh_extraction;
        let levels = if meshes && asked < 2 && surface_asked >= asked {
            surface_asked
        } else {
            asked
        };
        let surface_levels = if meshes {
            if surface_asked <= 1 {
                return Err(PlanError::TooFewSurfaceLevels(surface_asked));
            }
            Some(surface_asked.min(levels))
        } else {
            None
        };
        let plan = Self {
            levels,
            surface_levels,
        };
        let points = plan.worst_case_points(root);
        let bytes = points.saturating_mul(u128::from(bytes_per_point));
        if bytes > u128::from(budget) {
            return Err(PlanError::ExceedsMemory {
                levels,
                root,
                points,
                bytes,
                budget,
            });
        }
        Ok(plan)
    }

    /// Number of levels to evaluate (level 0 is the root grid).
    pub fn levels(&self) -> usize {
        self.levels
    }

    /// Number of levels dual contouring uses (its leaf level is the last of them), `None` when
    /// no meshes are extracted.
    pub fn surface_levels(&self) -> Option<usize> {
        self.surface_levels
    }

    /// Whether `level` is the last one evaluated.
    pub fn is_last(&self, level: usize) -> bool {
        level + 1 == self.levels
    }

    /// Whether the 8 corners of every cell are evaluated at `level`: to decide the refinement
    /// of every level but the last, and on the leaf level of dual contouring.
    pub fn computes_corners(&self, level: usize) -> bool {
        !self.is_last(level) || self.surface_levels == Some(level + 1)
    }

    /// `Σ_l root_cells · 8^l · (1 + 8·corners(l))`, saturated at `u128::MAX`.
    pub fn worst_case_points(&self, root: [usize; 3]) -> u128 {
        let root_cells = root
            .iter()
            .fold(1u128, |acc, &n| acc.saturating_mul(n as u128));
        let children = CORNERS_PER_CELL as u128;
        let mut cells = root_cells;
        let mut total = 0u128;
        for level in 0..self.levels {
            let per_cell = if self.computes_corners(level) {
                1 + children
            } else {
                1
            };
            total = total.saturating_add(cells.saturating_mul(per_cell));
            cells = cells.saturating_mul(children);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(levels: usize, surface: usize, meshes: bool) -> EvaluationOptions {
        let mut options = EvaluationOptions::default();
        options.number_octree_levels = levels;
        options.number_octree_levels_surface = surface;
        options.mesh_extraction = meshes;
        options
    }

    fn plan(levels: usize, surface: usize, meshes: bool) -> Result<OctreePlan, PlanError> {
        OctreePlan::new(
            &options(levels, surface, meshes),
            [2, 2, 2],
            64,
            DEFAULT_MEMORY_BUDGET,
        )
    }

    #[test]
    fn one_level_without_meshes_is_the_regular_grid_without_corners() {
        let p = plan(1, 4, false).unwrap();
        assert_eq!((p.levels(), p.surface_levels()), (1, None));
        assert!(!p.computes_corners(0));
        assert_eq!(p.worst_case_points([2, 2, 2]), 8);
    }

    #[test]
    fn meshes_with_one_level_take_the_surface_levels() {
        let p = plan(1, 3, true).unwrap();
        assert_eq!((p.levels(), p.surface_levels()), (3, Some(3)));
        assert!((0..3).all(|l| p.computes_corners(l)));
    }

    #[test]
    fn surface_levels_are_capped_by_the_levels() {
        let p = plan(3, 5, true).unwrap();
        assert_eq!((p.levels(), p.surface_levels()), (3, Some(3)));
        let p = plan(5, 3, true).unwrap();
        assert_eq!((p.levels(), p.surface_levels()), (5, Some(3)));
        assert!(p.computes_corners(2) && p.computes_corners(3) && !p.computes_corners(4));
    }

    #[test]
    fn p06_plan_has_corners_on_every_level() {
        let p = plan(4, 4, true).unwrap();
        assert!((0..4).all(|l| p.computes_corners(l)));
        // 8·9 + 64·9 + 512·9 + 4096·9 points at worst.
        assert_eq!(p.worst_case_points([2, 2, 2]), 9 * (8 + 64 + 512 + 4096));
    }

    #[test]
    fn bad_level_counts_are_refused() {
        assert_eq!(plan(0, 4, false), Err(PlanError::NoLevels));
        assert_eq!(plan(1, 1, true), Err(PlanError::TooFewSurfaceLevels(1)));
        assert!(matches!(
            plan(12, 4, false),
            Err(PlanError::ExceedsMemory { levels: 12, .. })
        ));
        assert!(matches!(
            plan(200, 4, false),
            Err(PlanError::ExceedsMemory { .. })
        ));
    }
}
