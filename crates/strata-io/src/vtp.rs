//! A surface mesh as VTK XML PolyData (`.vtp`, ASCII data inline), which ParaView opens: the
//! vertices as points, the triangles as polys, and the surface's name and unit id as field
//! data.

use std::path::Path;

use crate::atomic_write::write_atomically;
use crate::{IoError, SurfaceMesh};

/// Writes a surface mesh as a `.vtp`, whole or not at all.
///
/// The field data holds `surface` (a VTK string array: as VTK writes one in ASCII, the UTF-8
/// bytes of the name followed by 0) and `unit_id` (`Int32`).
pub fn write_vtp(path: &Path, mesh: &SurfaceMesh<'_>) -> Result<(), IoError> {
    mesh.check(path)?;
    let (nv, nt) = (mesh.vertices.len(), mesh.triangles.len());
    write_atomically(path, |out| {
        writeln!(out, "<?xml version=\"1.0\"?>")?;
        writeln!(
            out,
            "<VTKFile type=\"PolyData\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\">"
        )?;
        writeln!(out, "  <PolyData>")?;
        writeln!(out, "    <FieldData>")?;
        write!(
            out,
            "      <Array type=\"String\" Name=\"surface\" NumberOfTuples=\"1\" format=\"ascii\">"
        )?;
        for b in mesh.name.bytes() {
            write!(out, "{b} ")?;
        }
        writeln!(out, "0</Array>")?;
        writeln!(
            out,
            "      <DataArray type=\"Int32\" Name=\"unit_id\" NumberOfTuples=\"1\" format=\"ascii\">{}</DataArray>",
            mesh.id
        )?;
        writeln!(out, "    </FieldData>")?;
        writeln!(
            out,
            "    <Piece NumberOfPoints=\"{nv}\" NumberOfVerts=\"0\" NumberOfLines=\"0\" NumberOfStrips=\"0\" NumberOfPolys=\"{nt}\">"
        )?;
        writeln!(out, "      <Points>")?;
        writeln!(
            out,
            "        <DataArray type=\"Float64\" NumberOfComponents=\"3\" format=\"ascii\">"
        )?;
        for v in mesh.vertices {
            writeln!(out, "          {:e} {:e} {:e}", v[0], v[1], v[2])?;
        }
        writeln!(out, "        </DataArray>")?;
        writeln!(out, "      </Points>")?;
        writeln!(out, "      <Polys>")?;
        writeln!(
            out,
            "        <DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">"
        )?;
        for t in mesh.triangles {
            writeln!(out, "          {} {} {}", t[0], t[1], t[2])?;
        }
        writeln!(out, "        </DataArray>")?;
        writeln!(
            out,
            "        <DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">"
        )?;
        for i in 1..=nt {
            writeln!(out, "          {}", 3 * i)?;
        }
        writeln!(out, "        </DataArray>")?;
        writeln!(out, "      </Polys>")?;
        writeln!(out, "    </Piece>")?;
        writeln!(out, "  </PolyData>")?;
        writeln!(out, "</VTKFile>")
    })
}
