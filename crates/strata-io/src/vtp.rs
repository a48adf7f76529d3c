//! VTK XML PolyData (`.vtp`), which ParaView opens: points, triangles as polys, and the surface
//! name (a VTK string array: its bytes, 0-terminated) and unit id as field data.

use std::fmt::Write as _;
use std::path::Path;

use crate::vtk::write_atomically;
use crate::{IoError, SurfaceMesh};

/// Writes a surface mesh as a `.vtp` (whole or not at all).
pub fn write_vtp(path: &Path, mesh: &SurfaceMesh<'_>) -> Result<(), IoError> {
    let (nv, nt) = (mesh.vertices.len(), mesh.triangles.len());
    let mut s = String::from("<?xml version=\"1.0\"?>\n");
    s += "<VTKFile type=\"PolyData\" version=\"1.0\" byte_order=\"LittleEndian\">\n  <PolyData>\n";
    let _ = writeln!(s, "    <FieldData>");
    let _ = writeln!(
        s,
        "      <Array type=\"String\" Name=\"surface\" NumberOfTuples=\"1\" format=\"ascii\">{}</Array>",
        mesh.name
            .bytes()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(" ")
            + " 0"
    );
    let _ = writeln!(
        s,
        "      <DataArray type=\"Int32\" Name=\"unit_id\" NumberOfTuples=\"1\" format=\"ascii\">{}</DataArray>",
        mesh.id
    );
    let _ = writeln!(s, "    </FieldData>");
    let _ = writeln!(
        s,
        "    <Piece NumberOfPoints=\"{nv}\" NumberOfPolys=\"{nt}\">"
    );
    let _ = write!(
        s,
        "      <Points>\n        <DataArray type=\"Float64\" NumberOfComponents=\"3\" format=\"ascii\">"
    );
    for v in mesh.vertices {
        let _ = write!(s, "{:e} {:e} {:e} ", v[0], v[1], v[2]);
    }
    s += "</DataArray>\n      </Points>\n      <Polys>\n";
    let _ = write!(
        s,
        "        <DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">"
    );
    for t in mesh.triangles {
        let _ = write!(s, "{} {} {} ", t[0], t[1], t[2]);
    }
    let _ = write!(
        s,
        "</DataArray>\n        <DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">"
    );
    for i in 1..=nt {
        let _ = write!(s, "{} ", 3 * i);
    }
    s += "</DataArray>\n      </Polys>\n    </Piece>\n  </PolyData>\n</VTKFile>\n";
    write_atomically(path, s.as_bytes())
}
