//! Where an iso-surface crosses the edges of the voxels (docs/math.md §9.2).
//!
//! For an edge from the "−" corner `a` to the "+" corner `b` (see [`crate::edges`]), with the
//! stack's own scalar field `Z` at the corners and the surface's iso-value `e`:
//!
//! ```text
//! w     = (e − Z_b) / (Z_a − Z_b + 1e−10)
//! valid = −0.01 < w < 1.01
//! point = x_b + (x_a − x_b)·w
//! ```
//!
//! The window lets a crossing lie up to 1 % of the edge beyond either corner, so a surface
//! passing (numerically) through a corner is found on the edges of every voxel sharing it.
//! Operations are in gempy_engine's order, so points match its bits.

use strata_data::Point;

use crate::edges::EDGES;

/// The voxels one surface crosses, in voxel order: one mesh vertex each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurfaceCrossings {
    /// Integer coordinates of each crossed voxel on the leaf grid.
    pub cells: Vec<[usize; 3]>,
    /// Per crossed voxel, bit `e` set when the surface crosses edge `e`.
    pub edges: Vec<u16>,
    /// The crossing points, voxel by voxel, edge by edge (one per set bit of `edges`).
    pub points: Vec<Point>,
}

/// The crossings of the iso-surface `iso` on the voxels where `voxel_mask` is true.
/// `corners` and `scalar` hold 8 entries per voxel, `cells` one.
pub fn surface_crossings(
    cells: &[[usize; 3]],
    corners: &[Point],
    scalar: &[f64],
    voxel_mask: &[bool],
    iso: f64,
) -> SurfaceCrossings {
    let mut out = SurfaceCrossings::default();
    let voxels = cells
        .iter()
        .zip(corners.chunks_exact(8))
        .zip(scalar.chunks_exact(8))
        .zip(voxel_mask);
    for (((&cell, xyz), z), _) in voxels.filter(|(_, keep)| **keep) {
        let mut set = 0u16;
        for (e, &(a, b)) in EDGES.iter().enumerate() {
            let w = (iso - z[b]) / ((z[a] - z[b]) + 1e-10);
            if w > -0.01 && w < 1.01 {
                set |= 1 << e;
                out.points.push(std::array::from_fn(|k| {
                    xyz[b][k] + (xyz[a][k] - xyz[b][k]) * w
                }));
            }
        }
        if set != 0 {
            out.cells.push(cell);
            out.edges.push(set);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit voxel's corners.
    fn unit_corners() -> Vec<Point> {
        (0..8)
            .map(|c| [(c >> 2) & 1, (c >> 1) & 1, c & 1].map(|b| b as f64))
            .collect()
    }

    #[test]
    fn a_plane_crosses_the_four_edges_along_its_normal() {
        let corners = unit_corners();
        let z: Vec<f64> = corners.iter().map(|p| p[2]).collect();
        let s = surface_crossings(&[[0, 0, 0]], &corners, &z, &[true], 0.25);
        assert_eq!(s.edges, vec![0b1111 << 8]);
        assert_eq!(s.points.len(), 4);
        for p in &s.points {
            assert!((p[2] - 0.25).abs() < 1e-9, "{p:?}");
        }
    }

    #[test]
    fn masked_and_uncrossed_voxels_have_no_vertex() {
        let corners = unit_corners();
        let z: Vec<f64> = corners.iter().map(|p| p[2]).collect();
        assert!(
            surface_crossings(&[[0, 0, 0]], &corners, &z, &[false], 0.5)
                .cells
                .is_empty()
        );
        assert!(
            surface_crossings(&[[0, 0, 0]], &corners, &z, &[true], 3.0)
                .cells
                .is_empty()
        );
    }

    #[test]
    fn the_window_reaches_one_percent_beyond_a_corner() {
        let corners = unit_corners();
        let z: Vec<f64> = corners.iter().map(|p| p[2]).collect();
        // e = 1.005 lies beyond the "+" corners (z = 1): w = (1.005 − 1)/(0 − 1) = −0.005.
        let s = surface_crossings(&[[0, 0, 0]], &corners, &z, &[true], 1.005);
        assert_eq!(s.points.len(), 4);
        assert!(
            surface_crossings(&[[0, 0, 0]], &corners, &z, &[true], 1.02)
                .cells
                .is_empty()
        );
    }
}
