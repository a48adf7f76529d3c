//! The 8 corners of every cell of a level (docs/math.md §8.2).
//!
//! Corner `c = 4·ix + 2·iy + iz` (x slowest, z fastest) of a cell with centre `(cx, cy, cz)` and
//! level spacing `(dx, dy, dz)` is `(cx ± dx/2, cy ± dy/2, cz ± dz/2)`, `−` for a 0 bit and `+`
//! for a 1 bit. The same ordering numbers a cell's 8 children (§8.4). Corners shared by
//! neighbouring cells are listed once per cell, as gempy_engine evaluates them.

use strata_data::Point;

use crate::OctreeGrid;

/// Corners (and children) per cell.
pub const CORNERS_PER_CELL: usize = 8;

/// The `(ix, iy, iz)` bits of corner or child `c`: `c = 4·ix + 2·iy + iz`.
pub fn corner_bits(c: usize) -> [usize; 3] {
    [(c >> 2) & 1, (c >> 1) & 1, c & 1]
}

/// `centre ± offset` per axis, `−` where the bit of `c` is 0 and `+` where it is 1.
pub(crate) fn offset_point(center: Point, offset: [f64; 3], c: usize) -> Point {
    let bits = corner_bits(c);
    [0, 1, 2].map(|a| {
        if bits[a] == 0 {
            center[a] - offset[a]
        } else {
            center[a] + offset[a]
        }
    })
}

impl OctreeGrid {
    /// The 8 corners of every active cell, cell by cell (`8·len()` points).
    pub fn corners(&self) -> Vec<Point> {
        let half = self.spacing().map(|d| d / 2.0);
        let mut out = Vec::with_capacity(self.len() * CORNERS_PER_CELL);
        for &center in &self.centers {
            out.extend((0..CORNERS_PER_CELL).map(|c| offset_point(center, half, c)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata_data::RegularGrid;

    #[test]
    fn corners_follow_gempys_order() {
        let grid = RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [1, 1, 1]).unwrap();
        let corners = OctreeGrid::root(&grid).corners();
        assert_eq!(corners.len(), 8);
        let (lo, hi) = (1e-6, 1.0 + 1e-6);
        for (c, got) in corners.iter().enumerate() {
            let want = corner_bits(c).map(|b| if b == 0 { lo } else { hi });
            assert!(
                (0..3).all(|a| (got[a] - want[a]).abs() < 1e-12),
                "corner {c}: {got:?} vs {want:?}"
            );
        }
    }
}
