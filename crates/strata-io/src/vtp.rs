//! A surface mesh as VTK XML PolyData (`.vtp`, ASCII data inline), which ParaView opens: the
//! vertices as points, the triangles as polys, the surface's name and unit id as field data,
//! and optionally values per vertex as point data (a geological map's unit at every node).

use std::path::Path;

use crate::atomic_write::write_atomically;
use crate::{DataArray, IoError, SurfaceMesh};

/// Writes a surface mesh as a `.vtp`, whole or not at all.
///
/// The field data holds `surface` (a VTK string array: as VTK writes one in ASCII, the UTF-8
/// bytes of the name followed by 0) and `unit_id` (`Int32`).
pub fn write_vtp(path: &Path, mesh: &SurfaceMesh<'_>) -> Result<(), IoError> {
    write_vtp_with_point_data(path, mesh, &[])
}

/// [`write_vtp`] with `point_data`, one value per vertex in each array (ParaView colours the
/// surface by any of them).
pub fn write_vtp_with_point_data(
    path: &Path,
    mesh: &SurfaceMesh<'_>,
    point_data: &[DataArray<'_>],
) -> Result<(), IoError> {
    mesh.check(path)?;
    if let Some(a) = point_data.iter().find(|a| a.len() != mesh.vertices.len()) {
        return Err(IoError::Output {
            file: path.display().to_string(),
            problem: format!(
                "point array '{}' has {} values for {} vertices",
                a.name(),
                a.len(),
                mesh.vertices.len()
            ),
        });
    }
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
        if !point_data.is_empty() {
            writeln!(out, "      <PointData>")?;
            for a in point_data {
                a.write_vtk(out, 0..nv)?;
            }
            writeln!(out, "      </PointData>")?;
        }
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
