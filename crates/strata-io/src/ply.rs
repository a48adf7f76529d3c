//! Stanford PLY (ASCII): a `vertex` element with `x y z` and a `face` element with
//! `vertex_indices` lists.

use std::fmt::Write as _;
use std::path::Path;

use crate::vtk::write_atomically;
use crate::{IoError, SurfaceMesh};

/// Writes a surface mesh as an ASCII `.ply` (whole or not at all).
pub fn write_ply(path: &Path, mesh: &SurfaceMesh<'_>) -> Result<(), IoError> {
    let mut s = String::from("ply\nformat ascii 1.0\n");
    let _ = writeln!(
        s,
        "comment Strata surface {} (unit id {})",
        mesh.name, mesh.id
    );
    let _ = writeln!(s, "element vertex {}", mesh.vertices.len());
    s += "property double x\nproperty double y\nproperty double z\n";
    let _ = writeln!(s, "element face {}", mesh.triangles.len());
    s += "property list uchar int vertex_indices\nend_header\n";
    for v in mesh.vertices {
        let _ = writeln!(s, "{} {} {}", v[0], v[1], v[2]);
    }
    for t in mesh.triangles {
        let _ = writeln!(s, "3 {} {} {}", t[0], t[1], t[2]);
    }
    write_atomically(path, s.as_bytes())
}
