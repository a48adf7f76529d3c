//! One octree level: the active cells of a virtual regular grid.

use strata_data::{Point, RegularGrid};

/// The cells of one octree level (docs/math.md §1.5, §8.4).
///
/// The level's *full* grid is a regular grid of `resolution` cells over `extent`; only the
/// active cells are stored, each with its centre and its integer coordinates `(ix, iy, iz)` on
/// that full grid. Level 0 is the user's regular grid with every cell active, ordered z
/// fastest, then y, x slowest; a child level lists 8 children per refined parent.
///
/// `extent` is the extent as this level uses it: gempy_engine adds `1e-6` to every value of
/// the extent each time it builds a level's grid (QUIRK), so level `l` is the input extent
/// shifted `l + 1` times.
#[derive(Debug, Clone, PartialEq)]
pub struct OctreeGrid {
    pub(crate) extent: [f64; 6],
    pub(crate) resolution: [usize; 3],
    pub(crate) centers: Vec<Point>,
    pub(crate) cells: Vec<[usize; 3]>,
}

impl OctreeGrid {
    /// Level 0: every cell of `grid`, with its shifted extent and its cell centres.
    pub fn root(grid: &RegularGrid) -> Self {
        let [nx, ny, nz] = grid.resolution();
        let mut cells = Vec::with_capacity(grid.len());
        for ix in 0..nx {
            for iy in 0..ny {
                for iz in 0..nz {
                    cells.push([ix, iy, iz]);
                }
            }
        }
        Self {
            extent: grid.shifted_extent(),
            resolution: grid.resolution(),
            centers: grid.centers(),
            cells,
        }
    }

    /// The extent this level's grid uses, `[xmin, xmax, ymin, ymax, zmin, zmax]`.
    pub fn extent(&self) -> [f64; 6] {
        self.extent
    }

    /// Resolution `[nx, ny, nz]` of the level's full grid (the root's times `2^level`).
    pub fn resolution(&self) -> [usize; 3] {
        self.resolution
    }

    /// Cell size `d_a = (max_a − min_a) / n_a` of the level.
    pub fn spacing(&self) -> [f64; 3] {
        let e = self.extent;
        [0, 1, 2].map(|a| (e[2 * a + 1] - e[2 * a]) / self.resolution[a] as f64)
    }

    /// Centres of the active cells.
    pub fn centers(&self) -> &[Point] {
        &self.centers
    }

    /// Integer coordinates of the active cells on the level's full grid.
    pub fn cells(&self) -> &[[usize; 3]] {
        &self.cells
    }

    /// The extent of the next level: that of a new regular grid built on this level's extent,
    /// i.e. shifted by `1e-6` once more, as gempy_engine's `RegularGrid.from_octree_level` does.
    pub(crate) fn next_extent(&self) -> [f64; 6] {
        RegularGrid::new(self.extent, self.resolution)
            .map(|grid| grid.shifted_extent())
            .expect("a shifted valid extent stays valid")
    }

    /// Number of active cells.
    pub fn len(&self) -> usize {
        self.centers.len()
    }

    /// True when no cell is active (nothing was refined at the previous level).
    pub fn is_empty(&self) -> bool {
        self.centers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_lists_every_cell_z_fastest() {
        let grid = RegularGrid::new([0.0, 2.0, 0.0, 1.0, 0.0, 3.0], [2, 1, 3]).unwrap();
        let root = OctreeGrid::root(&grid);
        assert_eq!(root.len(), 6);
        assert_eq!(root.cells()[1], [0, 0, 1]);
        assert_eq!(root.cells()[3], [1, 0, 0]);
        assert_eq!(root.centers(), grid.centers().as_slice());
        assert_eq!(root.spacing(), grid.spacing());
        assert_eq!(root.extent(), grid.shifted_extent());
    }
}
