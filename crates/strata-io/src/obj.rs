//! A surface mesh as Wavefront OBJ (Blender, MeshLab): a comment with the unit id, one object
//! named after the surface, `v x y z` lines, then `f a b c` with 1-based vertex indices.

use std::path::Path;

use crate::atomic_write::write_atomically;
use crate::{IoError, SurfaceMesh};

/// Writes a surface mesh as a `.obj`, whole or not at all.
pub fn write_obj(path: &Path, mesh: &SurfaceMesh<'_>) -> Result<(), IoError> {
    mesh.check(path)?;
    let name = mesh.one_line_name();
    write_atomically(path, |out| {
        writeln!(out, "# Strata surface '{name}', unit id {}", mesh.id)?;
        writeln!(out, "o {name}")?;
        for v in mesh.vertices {
            writeln!(out, "v {} {} {}", v[0], v[1], v[2])?;
        }
        for t in mesh.triangles {
            writeln!(out, "f {} {} {}", t[0] + 1, t[1] + 1, t[2] + 1)?;
        }
        Ok(())
    })
}
