//! Which cells of a level are refined (docs/math.md §8.3).
//!
//! The id of a corner combines lithology and faults (§7.5):
//! `id = rint(final_block) + rint(faults_block) · #unique(rint(final_block))`, the count taken
//! over the corners of the level. A cell is refined when
//!
//! * its 8 corner ids are not all equal (gempy tests the 12 cube edges, which connect all 8
//!   corners, so it is the same test), or
//! * the level is below `octree_min_level` (every cell is refined), or
//! * curvature refinement is on and the cell's curvature measure is above the threshold
//!   ([`crate::curvature`]) for any stack.
//!
//! `octree_error_threshold` is not used, as in gempy_engine.

use std::collections::BTreeSet;

use strata_data::{EvaluationOptions, Point};
use thiserror::Error;

use crate::{CORNERS_PER_CELL, curvature_marks};

/// Why a refinement mask could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RefineError {
    /// The corner ids are not 8 per cell.
    #[error("{0} corner ids are not 8 per cell")]
    CornerCount(usize),
    /// Ids and fault ids differ in length.
    #[error("{ids} lithology ids but {fault_ids} fault ids")]
    FaultIdCount {
        /// Lithology ids.
        ids: usize,
        /// Fault ids.
        fault_ids: usize,
    },
    /// A stack's corner gradients do not match the corner ids.
    #[error("stack {stack}: {found} corner gradients for {expected} corners")]
    GradientCount {
        /// The stack.
        stack: usize,
        /// Corners.
        expected: usize,
        /// Gradients given.
        found: usize,
    },
}

/// The refinement options of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RefineOptions {
    /// Levels below this one are refined everywhere.
    pub min_level: usize,
    /// Curvature threshold in `[0, 1]`, `None` when curvature refinement is off.
    pub curvature_threshold: Option<f64>,
}

impl RefineOptions {
    /// Refinement everywhere below `min_level`, and by curvature above `curvature_threshold`
    /// (`None`: by change of id alone).
    pub const fn new(min_level: usize, curvature_threshold: Option<f64>) -> Self {
        Self {
            min_level,
            curvature_threshold,
        }
    }

    /// gempy's rule: curvature refinement is on only for a threshold in `[0, 1]` and when the
    /// gradient is computed.
    pub fn from_evaluation(options: &EvaluationOptions) -> Self {
        let t = options.octree_curvature_threshold;
        Self {
            min_level: options.octree_min_level,
            curvature_threshold: ((0.0..=1.0).contains(&t) && options.compute_scalar_gradient)
                .then_some(t),
        }
    }
}

/// `rint(final) + rint(faults) · #unique(rint(final))` per point (ids already rounded).
pub fn litho_faults_ids(ids: &[i32], fault_ids: &[i32]) -> Result<Vec<i64>, RefineError> {
    if ids.len() != fault_ids.len() {
        return Err(RefineError::FaultIdCount {
            ids: ids.len(),
            fault_ids: fault_ids.len(),
        });
    }
    let unique = ids.iter().collect::<BTreeSet<_>>().len() as i64;
    Ok(ids
        .iter()
        .zip(fault_ids)
        .map(|(&l, &f)| i64::from(l) + i64::from(f) * unique)
        .collect())
}

/// Per cell (8 consecutive corner ids), whether its corners do not all carry the same id.
pub fn id_changes(corner_ids: &[i64]) -> Result<Vec<bool>, RefineError> {
    if !corner_ids.len().is_multiple_of(CORNERS_PER_CELL) {
        return Err(RefineError::CornerCount(corner_ids.len()));
    }
    Ok(corner_ids
        .chunks_exact(CORNERS_PER_CELL)
        .map(|ids| ids.iter().any(|&id| id != ids[0]))
        .collect())
}

/// The cells of `level` to refine (see the module rules). `corner_ids` holds the combined ids
/// of the 8 corners of every cell; `corner_gradients[s]` the exported gradient of stack `s` at
/// the same corners (used only by curvature refinement); `spacing` is the level's cell size.
pub fn refine_mask(
    level: usize,
    options: &RefineOptions,
    corner_ids: &[i64],
    corner_gradients: &[&[Point]],
    spacing: [f64; 3],
) -> Result<Vec<bool>, RefineError> {
    let mut refine = id_changes(corner_ids)?;
    if level < options.min_level {
        refine.fill(true);
        return Ok(refine);
    }
    if let Some(threshold) = options.curvature_threshold {
        for (stack, gradients) in corner_gradients.iter().enumerate() {
            if gradients.len() != corner_ids.len() {
                return Err(RefineError::GradientCount {
                    stack,
                    expected: corner_ids.len(),
                    found: gradients.len(),
                });
            }
            let marks = curvature_marks(gradients, spacing, threshold);
            for (r, m) in refine.iter_mut().zip(marks) {
                *r |= m;
            }
        }
    }
    Ok(refine)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_CURVATURE: RefineOptions = RefineOptions {
        min_level: 2,
        curvature_threshold: None,
    };

    #[test]
    fn combined_ids_separate_fault_blocks() {
        // Lithology ids {1, 2} (2 unique): fault block 1 adds 2.
        let ids = litho_faults_ids(&[1, 2, 1, 2], &[0, 0, 1, 1]).unwrap();
        assert_eq!(ids, vec![1, 2, 3, 4]);
    }

    #[test]
    fn below_min_level_everything_is_refined() {
        let ids = [1i64; 16];
        assert_eq!(
            refine_mask(1, &NO_CURVATURE, &ids, &[], [1.0; 3]).unwrap(),
            vec![true, true]
        );
        assert_eq!(
            refine_mask(2, &NO_CURVATURE, &ids, &[], [1.0; 3]).unwrap(),
            vec![false, false]
        );
    }

    #[test]
    fn one_different_corner_refines_the_cell() {
        let mut ids = [3i64; 16];
        ids[13] = 4;
        assert_eq!(
            refine_mask(5, &NO_CURVATURE, &ids, &[], [1.0; 3]).unwrap(),
            vec![false, true]
        );
    }

    #[test]
    fn curvature_needs_a_threshold_in_range_and_the_gradient() {
        let mut options = EvaluationOptions::default();
        options.octree_curvature_threshold = 0.5;
        options.compute_scalar_gradient = true;
        assert_eq!(
            RefineOptions::from_evaluation(&options).curvature_threshold,
            Some(0.5)
        );
        options.compute_scalar_gradient = false;
        assert_eq!(
            RefineOptions::from_evaluation(&options).curvature_threshold,
            None
        );
        options.compute_scalar_gradient = true;
        options.octree_curvature_threshold = 1.5;
        assert_eq!(
            RefineOptions::from_evaluation(&options).curvature_threshold,
            None
        );
    }

    #[test]
    fn malformed_inputs_are_refused() {
        assert_eq!(id_changes(&[1; 7]), Err(RefineError::CornerCount(7)));
        assert!(matches!(
            litho_faults_ids(&[1, 2], &[0]),
            Err(RefineError::FaultIdCount { .. })
        ));
        let options = RefineOptions {
            min_level: 0,
            curvature_threshold: Some(0.1),
        };
        let gradients = [[0.0; 3]; 4];
        assert!(matches!(
            refine_mask(3, &options, &[1; 8], &[&gradients], [1.0; 3]),
            Err(RefineError::GradientCount { stack: 0, .. })
        ));
    }
}
