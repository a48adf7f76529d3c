//! A triangulated surface to write, in world coordinates, and the checks every mesh writer
//! makes before it creates a file.

use std::path::Path;

use strata_data::Point;

use crate::IoError;

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

impl SurfaceMesh<'_> {
    /// Checks that every vertex is finite and every triangle names existing vertices; `path`
    /// names the file in the error.
    pub(crate) fn check(&self, path: &Path) -> Result<(), IoError> {
        let error = |problem| IoError::Output {
            file: path.display().to_string(),
            problem,
        };
        if let Some(i) = self
            .vertices
            .iter()
            .position(|v| v.iter().any(|c| !c.is_finite()))
        {
            return Err(error(format!(
                "surface '{}': vertex {i} {:?} is not finite",
                self.name, self.vertices[i]
            )));
        }
        let n = self.vertices.len();
        if let Some(t) = self
            .triangles
            .iter()
            .position(|t| t.iter().any(|&v| v >= n))
        {
            return Err(error(format!(
                "surface '{}': triangle {t} {:?} names a vertex beyond the {n} vertices",
                self.name, self.triangles[t]
            )));
        }
        Ok(())
    }

    /// The name on one line (control characters, line breaks included, become `_`), for the
    /// line-based formats.
    pub(crate) fn one_line_name(&self) -> String {
        self.name
            .chars()
            .map(|c| if c.is_control() { '_' } else { c })
            .collect()
    }
}
