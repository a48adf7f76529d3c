//! The 12 edges of a voxel, in gempy_engine's order (docs/math.md §8.3, §9.2).
//!
//! Corners are numbered `c = 4·ix + 2·iy + iz`. Each edge joins a "−" corner `a` and a "+"
//! corner `b` along one axis: first the 4 x-edges `(c, c + 4)`, then the 4 y-edges
//! `([0,1,4,5], [2,3,6,7])`, then the 4 z-edges `([0,2,4,6], [1,3,5,7])`. Edge `4·axis + k` of a
//! voxel lies on its `k`-th position across that axis: edges 0, 4, 8 on the low sides of the
//! other two axes, edges 3, 7, 11 on their high sides.

/// Edges per voxel.
pub const EDGES_PER_VOXEL: usize = 12;

/// `(a, b)` = ("−" corner, "+" corner) of every edge.
pub const EDGES: [(usize, usize); EDGES_PER_VOXEL] = [
    (0, 4),
    (1, 5),
    (2, 6),
    (3, 7),
    (0, 2),
    (1, 3),
    (4, 6),
    (5, 7),
    (0, 1),
    (2, 3),
    (4, 5),
    (6, 7),
];

/// Whether bit `edge` is set in a voxel's edge set.
pub fn has_edge(set: u16, edge: usize) -> bool {
    set & (1 << edge) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_edge_joins_corners_differing_on_its_axis() {
        for (e, &(a, b)) in EDGES.iter().enumerate() {
            let axis_bit = 4 >> (e / 4);
            assert_eq!(b - a, axis_bit, "edge {e}");
            assert_eq!(a & axis_bit, 0, "edge {e}");
        }
    }
}
