//! A surface mesh as a GOCAD TSurf (`.ts`), which GOCAD/SKUA and Leapfrog import:
//!
//! ```text
//! GOCAD TSurf 1
//! HEADER {
//! name:rock2
//! }
//! TFACE
//! VRTX 1 x y z
//! TRGL 1 2 3
//! END
//! ```
//!
//! Vertex ids are 1-based; the unit id is kept in a `#` comment.

use std::path::Path;

use crate::atomic_write::write_atomically;
use crate::{IoError, SurfaceMesh};

/// Writes a surface mesh as a `.ts`, whole or not at all.
pub fn write_tsurf(path: &Path, mesh: &SurfaceMesh<'_>) -> Result<(), IoError> {
    mesh.check(path)?;
    // Braces would close the header early.
    let name = mesh.one_line_name().replace(['{', '}'], "_");
    write_atomically(path, |out| {
        writeln!(out, "GOCAD TSurf 1")?;
        writeln!(out, "HEADER {{")?;
        writeln!(out, "name:{name}")?;
        writeln!(out, "}}")?;
        writeln!(out, "# Strata unit id {}", mesh.id)?;
        writeln!(out, "TFACE")?;
        for (i, v) in mesh.vertices.iter().enumerate() {
            writeln!(out, "VRTX {} {} {} {}", i + 1, v[0], v[1], v[2])?;
        }
        for t in mesh.triangles {
            writeln!(out, "TRGL {} {} {}", t[0] + 1, t[1] + 1, t[2] + 1)?;
        }
        writeln!(out, "END")
    })
}
