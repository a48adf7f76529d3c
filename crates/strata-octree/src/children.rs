//! The next level: 8 children per refined cell (docs/math.md §8.4).
//!
//! A refined cell with centre `c`, level spacing `d` and integer coordinates `k` has children
//! `j = 4·ix + 2·iy + iz` with centre `c ± d/4` and coordinates `2·k + (ix, iy, iz)` on the next
//! level's grid, whose resolution is twice the parent's and whose extent is the parent's
//! shifted by another `1e-6` (QUIRK, §1.5). Children are listed parent by parent, in cell order.

use thiserror::Error;

use crate::corners::{corner_bits, offset_point};
use crate::{CORNERS_PER_CELL, OctreeGrid};

/// Why the children of a level could not be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ChildrenError {
    /// The refinement mask does not have one flag per cell.
    #[error("refinement mask has {found} flags for {cells} cells")]
    MaskLength {
        /// Cells of the level.
        cells: usize,
        /// Flags given.
        found: usize,
    },
}

impl OctreeGrid {
    /// The next level: the children of the cells where `refine` is true.
    pub fn children(&self, refine: &[bool]) -> Result<OctreeGrid, ChildrenError> {
        if refine.len() != self.len() {
            return Err(ChildrenError::MaskLength {
                cells: self.len(),
                found: refine.len(),
            });
        }
        let quarter = self.spacing().map(|d| d / 4.0);
        let n_refined = refine.iter().filter(|&&r| r).count();
        let mut centers = Vec::with_capacity(n_refined * CORNERS_PER_CELL);
        let mut cells = Vec::with_capacity(n_refined * CORNERS_PER_CELL);
        for ((&center, &cell), _) in self
            .centers
            .iter()
            .zip(&self.cells)
            .zip(refine)
            .filter(|(_, r)| **r)
        {
            for j in 0..CORNERS_PER_CELL {
                let bits = corner_bits(j);
                centers.push(offset_point(center, quarter, j));
                cells.push([0, 1, 2].map(|a| 2 * cell[a] + bits[a]));
            }
        }
        Ok(OctreeGrid {
            extent: self.next_extent(),
            resolution: self.resolution.map(|n| 2 * n),
            centers,
            cells,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata_data::RegularGrid;

    #[test]
    fn children_halve_the_cell_and_double_the_resolution() {
        let grid = RegularGrid::new([0.0, 2.0, 0.0, 2.0, 0.0, 2.0], [2, 2, 2]).unwrap();
        let root = OctreeGrid::root(&grid);
        let mut refine = vec![false; 8];
        refine[7] = true;
        let next = root.children(&refine).unwrap();
        assert_eq!(next.len(), 8);
        assert_eq!(next.resolution(), [4, 4, 4]);
        assert_eq!(next.cells()[0], [2, 2, 2]);
        assert_eq!(next.cells()[7], [3, 3, 3]);
        let c = root.centers()[7];
        assert_eq!(next.centers()[0], c.map(|v| v - 0.25));
        assert_eq!(next.extent(), root.extent().map(|v| v + 1e-6));
    }

    #[test]
    fn mask_of_the_wrong_length_is_refused() {
        let grid = RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [2, 2, 2]).unwrap();
        let err = OctreeGrid::root(&grid).children(&[true]).unwrap_err();
        assert_eq!(err, ChildrenError::MaskLength { cells: 8, found: 1 });
    }
}
