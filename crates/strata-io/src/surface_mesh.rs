//! A triangulated surface to write, in world coordinates.

use strata_data::Point;

/// One surface mesh: its name and lithology id, vertices and triangles (0-based indices).
#[derive(Debug, Clone, Copy)]
pub struct SurfaceMesh<'a> {
    /// The surface name.
    pub name: &'a str,
    /// The id of the unit above the surface.
    pub id: i32,
    /// Vertices, world coordinates.
    pub vertices: &'a [Point],
    /// Triangles, 0-based vertex indices, counter-clockwise seen from the younger side.
    pub triangles: &'a [[usize; 3]],
}
