//! Triangles between the vertices of neighbouring voxels (docs/math.md §9.5).
//!
//! Every crossed voxel `V` (integer coordinates on the leaf grid) holds one vertex. A lattice
//! edge crossed by the surface is shared by four voxels, whose vertices form a quad.
//!
//! * [`Triangulation::Fancy`] — gempy_engine's rule on octree leaves. Only edges
//!   `n ∈ {0, 3, 4, 7, 8, 11}` emit, each one triangle
//!   `(V + (a,0,0), V + (0,b,0), V + (0,0,c))` with
//!
//!   ```text
//!   n : 0         3        4         7        8         11
//!   abc: (0,−1,−1) (0,+1,+1) (−1,0,−1) (+1,0,+1) (−1,−1,0) (+1,+1,0)
//!   ```
//!
//!   so the quad around an interior edge gets its two triangles from the two voxels at
//!   opposite corners (edge 0 of `V`, edge 3 of `V − y − z`, …). Triangles are listed edge
//!   `n` by edge `n`, voxel by voxel; one whose three voxels are not all crossed is skipped.
//! * [`Triangulation::Plain`] — one quad per crossed lattice edge, emitted by the voxel that
//!   has the edge on the high sides of the other two axes (edges 3, 7, 11), split along its
//!   shorter diagonal.
//!
//! Orientation: with `r` the sum of the 12 edge gradients of the emitting voxel (0 for
//! uncrossed edges), a triangle whose normal `(v1 − v0) × (v2 − v0)` has `⟨·, r⟩ < 0` gets
//! vertices 1 and 2 swapped, so triangles face along the gradient (towards younger units).

use strata_data::Point;

use crate::edges::has_edge;
use crate::mesh::face_normal;

/// How quads are cut into triangles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Triangulation {
    /// gempy_engine's octree-leaf rule (the default).
    #[default]
    Fancy,
    /// One quad per crossed lattice edge, split along its shorter diagonal.
    Plain,
}

/// `(edge, a, b, c)` of the six emitting edges of the fancy rule.
pub(crate) const FANCY_EDGES: [(usize, [isize; 3]); 6] = [
    (0, [0, -1, -1]),
    (3, [0, 1, 1]),
    (4, [-1, 0, -1]),
    (7, [1, 0, 1]),
    (8, [-1, -1, 0]),
    (11, [1, 1, 0]),
];

/// Finds the vertex of a voxel by its integer coordinates.
struct CellIndex {
    sorted: Vec<([usize; 3], usize)>,
}

impl CellIndex {
    fn new(cells: &[[usize; 3]]) -> Self {
        let mut sorted: Vec<_> = cells.iter().copied().zip(0..).collect();
        sorted.sort_unstable();
        Self { sorted }
    }

    /// The vertex of the voxel at `cell + offset`, if that voxel is crossed.
    fn find(&self, cell: [usize; 3], offset: [isize; 3]) -> Option<usize> {
        let mut target = [0; 3];
        for a in 0..3 {
            target[a] = cell[a].checked_add_signed(offset[a])?;
        }
        let i = self.sorted.binary_search_by(|(c, _)| c.cmp(&target)).ok()?;
        Some(self.sorted[i].1)
    }
}

/// `t` with vertices 1 and 2 swapped when its normal points against `reference`.
fn orient(vertices: &[Point], t: [usize; 3], reference: Point) -> [usize; 3] {
    let n = face_normal(vertices, t);
    if n[0] * reference[0] + n[1] * reference[1] + n[2] * reference[2] < 0.0 {
        [t[0], t[2], t[1]]
    } else {
        t
    }
}

/// The triangles of one surface. Per crossed voxel: `cells` its coordinates, `edges` its
/// crossed-edge set, `references` the sum of its edge gradients and `vertices` its vertex.
pub fn triangulate(
    cells: &[[usize; 3]],
    edges: &[u16],
    references: &[Point],
    vertices: &[Point],
    method: Triangulation,
) -> Vec<[usize; 3]> {
    let index = CellIndex::new(cells);
    match method {
        Triangulation::Fancy => fancy(&index, cells, edges, references, vertices),
        Triangulation::Plain => plain(&index, cells, edges, references, vertices),
    }
}

fn fancy(
    index: &CellIndex,
    cells: &[[usize; 3]],
    edges: &[u16],
    references: &[Point],
    vertices: &[Point],
) -> Vec<[usize; 3]> {
    let mut triangles = Vec::new();
    for &(edge, [a, b, c]) in &FANCY_EDGES {
        for (v, &cell) in cells.iter().enumerate() {
            if !has_edge(edges[v], edge) {
                continue;
            }
            let corners = [[a, 0, 0], [0, b, 0], [0, 0, c]].map(|offset| index.find(cell, offset));
            if let [Some(i), Some(j), Some(k)] = corners {
                triangles.push(orient(vertices, [i, j, k], references[v]));
            }
        }
    }
    triangles
}

fn plain(
    index: &CellIndex,
    cells: &[[usize; 3]],
    edges: &[u16],
    references: &[Point],
    vertices: &[Point],
) -> Vec<[usize; 3]> {
    let squared = |i: usize, j: usize| -> f64 {
        (0..3)
            .map(|k| (vertices[i][k] - vertices[j][k]).powi(2))
            .sum()
    };
    let mut triangles = Vec::new();
    for (v, &cell) in cells.iter().enumerate() {
        for (edge, axis) in [(3, 0), (7, 1), (11, 2)] {
            if !has_edge(edges[v], edge) {
                continue;
            }
            let (u, w) = ((axis + 1) % 3, (axis + 2) % 3);
            let step = |axes: &[usize]| -> [isize; 3] {
                std::array::from_fn(|k| isize::from(axes.contains(&k)))
            };
            let quad = [step(&[]), step(&[u]), step(&[u, w]), step(&[w])]
                .map(|offset| index.find(cell, offset));
            let [Some(q0), Some(q1), Some(q2), Some(q3)] = quad else {
                continue;
            };
            let halves = if squared(q0, q2) <= squared(q1, q3) {
                [[q0, q1, q2], [q0, q2, q3]]
            } else {
                [[q0, q1, q3], [q1, q2, q3]]
            };
            triangles.extend(halves.map(|t| orient(vertices, t, references[v])));
        }
    }
    triangles
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2×2 block of voxels in the xy plane, all crossed by z = const on their z-edges.
    fn flat_block() -> (Vec<[usize; 3]>, Vec<u16>, Vec<Point>, Vec<Point>) {
        let cells = vec![[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 0]];
        let edges = vec![0b1111 << 8; 4];
        let references = vec![[0.0, 0.0, 4.0]; 4];
        let vertices = cells
            .iter()
            .map(|c| [c[0] as f64, c[1] as f64, 0.5])
            .collect();
        (cells, edges, references, vertices)
    }

    #[test]
    fn fancy_and_plain_cover_the_interior_edge_with_two_upward_triangles() {
        let (cells, edges, references, vertices) = flat_block();
        for method in [Triangulation::Fancy, Triangulation::Plain] {
            let t = triangulate(&cells, &edges, &references, &vertices, method);
            assert_eq!(t.len(), 2, "{method:?}");
            for tri in &t {
                assert!(face_normal(&vertices, *tri)[2] > 0.0, "{method:?} {tri:?}");
            }
        }
    }

    #[test]
    fn missing_neighbours_emit_nothing() {
        let (cells, edges, references, vertices) = flat_block();
        for method in [Triangulation::Fancy, Triangulation::Plain] {
            let t = triangulate(
                &cells[..3],
                &edges[..3],
                &references[..3],
                &vertices[..3],
                method,
            );
            assert!(t.len() <= 1, "{method:?}: {t:?}");
        }
    }
}
