//! GOCAD TSurf (`.ts`), which GOCAD/SKUA and Leapfrog import: `VRTX id x y z` and `TRGL a b c`
//! with 1-based vertex ids.

use std::fmt::Write as _;
use std::path::Path;

use crate::vtk::write_atomically;
use crate::{IoError, SurfaceMesh};

/// Writes a surface mesh as a GOCAD TSurf (whole or not at all).
pub fn write_tsurf(path: &Path, mesh: &SurfaceMesh<'_>) -> Result<(), IoError> {
    let mut s = String::from("GOCAD TSurf 1\nHEADER {\n");
    let _ = writeln!(s, "name:{}\n}}", mesh.name.replace(['{', '}', '\n'], "_"));
    s += "GOCAD_ORIGINAL_COORDINATE_SYSTEM\nNAME Default\nAXIS_NAME \"X\" \"Y\" \"Z\"\n";
    s += "AXIS_UNIT \"m\" \"m\" \"m\"\nZPOSITIVE Elevation\nEND_ORIGINAL_COORDINATE_SYSTEM\n";
    let _ = writeln!(s, "PROPERTY_CLASS_HEADER unit_id {{\nvalue:{}\n}}", mesh.id);
    s += "TFACE\n";
    for (i, v) in mesh.vertices.iter().enumerate() {
        let _ = writeln!(s, "VRTX {} {} {} {}", i + 1, v[0], v[1], v[2]);
    }
    for t in mesh.triangles {
        let _ = writeln!(s, "TRGL {} {} {}", t[0] + 1, t[1] + 1, t[2] + 1);
    }
    s += "END\n";
    write_atomically(path, s.as_bytes())
}
