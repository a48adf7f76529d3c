//! The block model as a VTK XML rectilinear grid (`.vtr`), which ParaView opens.

use std::fmt::Write as _;
use std::path::Path;

use crate::IoError;

/// One cell array of the block model, in the engine's cell order (z fastest, x slowest).
#[derive(Debug, Clone, Copy)]
pub enum CellArray<'a> {
    /// Integer data (ids).
    Int32(&'a str, &'a [i32]),
    /// Floating-point data (scalar fields).
    Float64(&'a str, &'a [f64]),
}

/// Writes a `.vtr` with the cell edges `x`, `y`, `z` (world units, `n_a + 1` each) and the cell
/// arrays, reordered to VTK's x-fastest order. The file is written whole or not at all (a
/// temporary file renamed into place).
pub fn write_block_model_vtr(
    path: &Path,
    edges: [&[f64]; 3],
    arrays: &[CellArray<'_>],
) -> Result<(), IoError> {
    let n = edges.map(|e| e.len().saturating_sub(1));
    let cells = n[0] * n[1] * n[2];
    let mut s = String::new();
    let extent = format!("0 {} 0 {} 0 {}", n[0], n[1], n[2]);
    let _ = writeln!(s, "<?xml version=\"1.0\"?>");
    let _ = writeln!(
        s,
        "<VTKFile type=\"RectilinearGrid\" version=\"1.0\" byte_order=\"LittleEndian\">"
    );
    let _ = writeln!(s, "  <RectilinearGrid WholeExtent=\"{extent}\">");
    let _ = writeln!(s, "    <Piece Extent=\"{extent}\">");
    let _ = writeln!(s, "      <CellData>");
    // VTK index i + nx·(j + ny·k)  ←  engine index (i·ny + j)·nz + k.
    let engine_index = |vtk: usize| {
        let (i, rest) = (vtk % n[0], vtk / n[0]);
        let (j, k) = (rest % n[1], rest / n[1]);
        (i * n[1] + j) * n[2] + k
    };
    for array in arrays {
        let (name, kind, len) = match array {
            CellArray::Int32(name, v) => (name, "Int32", v.len()),
            CellArray::Float64(name, v) => (name, "Float64", v.len()),
        };
        if len != cells {
            return Err(IoError::Project {
                file: path.display().to_string(),
                problem: format!("cell array '{name}' has {len} values for {cells} cells"),
            });
        }
        let _ = write!(
            s,
            "        <DataArray type=\"{kind}\" Name=\"{}\" format=\"ascii\">",
            xml_escape(name)
        );
        for c in 0..cells {
            let e = engine_index(c);
            let _ = match array {
                CellArray::Int32(_, v) => write!(s, "{} ", v[e]),
                CellArray::Float64(_, v) => write!(s, "{:e} ", v[e]),
            };
        }
        let _ = writeln!(s, "</DataArray>");
    }
    let _ = writeln!(s, "      </CellData>");
    let _ = writeln!(s, "      <Coordinates>");
    for (axis, e) in ["x", "y", "z"].iter().zip(edges) {
        let _ = write!(
            s,
            "        <DataArray type=\"Float64\" Name=\"{axis}\" format=\"ascii\">"
        );
        for v in e {
            let _ = write!(s, "{v:e} ");
        }
        let _ = writeln!(s, "</DataArray>");
    }
    let _ = writeln!(s, "      </Coordinates>");
    let _ = writeln!(s, "    </Piece>");
    let _ = writeln!(s, "  </RectilinearGrid>");
    let _ = writeln!(s, "</VTKFile>");
    write_atomically(path, s.as_bytes())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let tmp = path.with_extension("tmp");
    let io = |source| IoError::Io {
        file: path.display().to_string(),
        source,
    };
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
