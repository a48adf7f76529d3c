//! A triangle mesh of one surface.

use strata_data::Point;

/// `(v1 − v0) × (v2 − v0)` of triangle `t`: twice its area along its normal.
pub(crate) fn face_normal(vertices: &[Point], t: [usize; 3]) -> Point {
    let [v0, v1, v2] = t.map(|i| vertices[i]);
    let u = [0, 1, 2].map(|k| v1[k] - v0[k]);
    let w = [0, 1, 2].map(|k| v2[k] - v0[k]);
    [
        u[1] * w[2] - u[2] * w[1],
        u[2] * w[0] - u[0] * w[2],
        u[0] * w[1] - u[1] * w[0],
    ]
}

/// The mesh of one surface: one vertex per crossed voxel, triangles as vertex indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mesh {
    /// Index of the stack the surface belongs to.
    pub stack: usize,
    /// Index of the surface within its stack.
    pub surface: usize,
    /// Vertices (the coordinates of the voxel corners: engine coordinates in the engine).
    pub vertices: Vec<Point>,
    /// The voxel of each vertex: its integer coordinates on the leaf grid.
    pub voxels: Vec<[usize; 3]>,
    /// Triangles, counter-clockwise seen from the side the field gradient points to.
    pub triangles: Vec<[usize; 3]>,
}

impl Mesh {
    /// `(min, max)` corners of the axis-aligned box around the vertices; `None` when empty.
    pub fn bounding_box(&self) -> Option<(Point, Point)> {
        let first = *self.vertices.first()?;
        Some(self.vertices.iter().fold((first, first), |(lo, hi), v| {
            (
                std::array::from_fn(|k| lo[k].min(v[k])),
                std::array::from_fn(|k| hi[k].max(v[k])),
            )
        }))
    }

    /// Total area `Σ ½ |(v1 − v0) × (v2 − v0)|`.
    pub fn area(&self) -> f64 {
        self.triangles
            .iter()
            .map(|&t| {
                let n = face_normal(&self.vertices, t);
                0.5 * (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt()
            })
            .sum()
    }

    /// True when the surface crossed no voxel.
    pub fn is_empty(&self) -> bool {
        self.vertices.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_square_of_two_triangles() {
        let mesh = Mesh {
            vertices: vec![
                [0.0, 0.0, 1.0],
                [1.0, 0.0, 1.0],
                [1.0, 1.0, 1.0],
                [0.0, 1.0, 1.0],
            ],
            triangles: vec![[0, 1, 2], [0, 2, 3]],
            ..Mesh::default()
        };
        assert_eq!(mesh.area(), 1.0);
        assert_eq!(
            mesh.bounding_box(),
            Some(([0.0, 0.0, 1.0], [1.0, 1.0, 1.0]))
        );
        assert_eq!(Mesh::default().bounding_box(), None);
    }
}
