//! Wavefront OBJ: `v x y z` lines, then `f a b c` with 1-based indices, one object per surface.

use std::fmt::Write as _;
use std::path::Path;

use crate::vtk::write_atomically;
use crate::{IoError, SurfaceMesh};

/// Writes a surface mesh as a Wavefront `.obj` (whole or not at all).
pub fn write_obj(path: &Path, mesh: &SurfaceMesh<'_>) -> Result<(), IoError> {
    let mut s = format!(
        "# Strata surface '{}' (unit id {})\no {}\n",
        mesh.name, mesh.id, mesh.name
    );
    for v in mesh.vertices {
        let _ = writeln!(s, "v {} {} {}", v[0], v[1], v[2]);
    }
    for t in mesh.triangles {
        let _ = writeln!(s, "f {} {} {}", t[0] + 1, t[1] + 1, t[2] + 1);
    }
    write_atomically(path, s.as_bytes())
}
