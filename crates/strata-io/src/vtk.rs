//! The block model as a VTK XML rectilinear grid (`.vtr`, ASCII data inline), which ParaView
//! opens: the cell edges along each axis and one value per cell for each cell array.

use std::io::{self, Write};
use std::path::Path;

use crate::IoError;
use crate::atomic_write::write_atomically;

/// A named array of values: the cell data of a block model (in the engine's cell order, z
/// fastest, x slowest), the point data of a surface, a column of a table.
#[derive(Debug, Clone, Copy)]
pub enum DataArray<'a> {
    /// Integer data, written as VTK `Int32` (`lith_id`, `fault_id`).
    Int32(&'a str, &'a [i32]),
    /// Floating-point data, written as VTK `Float64` (a stack's scalar field).
    Float64(&'a str, &'a [f64]),
}

impl DataArray<'_> {
    /// The array's name.
    pub(crate) fn name(&self) -> &str {
        match self {
            Self::Int32(name, _) | Self::Float64(name, _) => name,
        }
    }

    /// The number of values.
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::Int32(_, v) => v.len(),
            Self::Float64(_, v) => v.len(),
        }
    }

    /// Writes the array as an ASCII VTK `<DataArray>`, its values in the order `order` gives.
    pub(crate) fn write_vtk(
        &self,
        out: &mut dyn Write,
        order: impl Iterator<Item = usize>,
    ) -> io::Result<()> {
        match self {
            Self::Int32(name, v) => data_array(out, "Int32", name, order.map(|e| v[e])),
            Self::Float64(name, v) => data_array(out, "Float64", name, order.map(|e| Exp(v[e]))),
        }
    }

    /// Value `i` as text (the shortest form that reads back exactly).
    pub(crate) fn text(&self, i: usize) -> String {
        match self {
            Self::Int32(_, v) => v[i].to_string(),
            Self::Float64(_, v) => v[i].to_string(),
        }
    }
}

/// Writes a `.vtr` with the cell edges `x`, `y`, `z` (world units, `n_a + 1` increasing values
/// each) and the cell arrays, whole or not at all.
///
/// The engine numbers cell `(i, j, k)` `(i·ny + j)·nz + k` (z fastest); VTK numbers it
/// `i + nx·(j + ny·k)` (x fastest), so the values are reordered.
pub fn write_block_model_vtr(
    path: &Path,
    edges: [&[f64]; 3],
    arrays: &[DataArray<'_>],
) -> Result<(), IoError> {
    let error = |problem: String| IoError::Output {
        file: path.display().to_string(),
        problem,
    };
    for (axis, e) in ["x", "y", "z"].iter().zip(edges) {
        if e.len() < 2 || e.iter().any(|v| !v.is_finite()) || e.windows(2).any(|w| w[0] >= w[1]) {
            return Err(error(format!(
                "the {axis} edges must be at least 2 finite, increasing values"
            )));
        }
    }
    let n = edges.map(|e| e.len() - 1);
    let cells = n[0]
        .checked_mul(n[1])
        .and_then(|c| c.checked_mul(n[2]))
        .ok_or_else(|| error(format!("{n:?} cells are too many")))?;
    for a in arrays {
        if a.len() != cells {
            return Err(error(format!(
                "cell array '{}' has {} values for {cells} cells",
                a.name(),
                a.len()
            )));
        }
    }
    write_atomically(path, |out| {
        let extent = format!("0 {} 0 {} 0 {}", n[0], n[1], n[2]);
        writeln!(out, "<?xml version=\"1.0\"?>")?;
        writeln!(
            out,
            "<VTKFile type=\"RectilinearGrid\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\">"
        )?;
        writeln!(out, "  <RectilinearGrid WholeExtent=\"{extent}\">")?;
        writeln!(out, "    <Piece Extent=\"{extent}\">")?;
        writeln!(out, "      <CellData>")?;
        // VTK cell c = i + nx·(j + ny·k) holds engine cell (i·ny + j)·nz + k.
        let engine = (0..cells).map(|c| {
            let (i, jk) = (c % n[0], c / n[0]);
            let (j, k) = (jk % n[1], jk / n[1]);
            (i * n[1] + j) * n[2] + k
        });
        for a in arrays {
            a.write_vtk(out, engine.clone())?;
        }
        writeln!(out, "      </CellData>")?;
        writeln!(out, "      <Coordinates>")?;
        for (axis, e) in ["x", "y", "z"].iter().zip(edges) {
            data_array(out, "Float64", axis, e.iter().map(|&v| Exp(v)))?;
        }
        writeln!(out, "      </Coordinates>")?;
        writeln!(out, "    </Piece>")?;
        writeln!(out, "  </RectilinearGrid>")?;
        writeln!(out, "</VTKFile>")
    })
}

/// A float written in the shortest exponent form that reads back exactly (`2.5e-1`).
struct Exp(f64);

impl std::fmt::Display for Exp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:e}", self.0)
    }
}

/// One ASCII `<DataArray>`, ten values to a line.
fn data_array<T: std::fmt::Display>(
    out: &mut dyn Write,
    kind: &str,
    name: &str,
    values: impl Iterator<Item = T>,
) -> io::Result<()> {
    write!(
        out,
        "        <DataArray type=\"{kind}\" Name=\"{}\" format=\"ascii\">",
        xml_escape(name)
    )?;
    for (i, v) in values.enumerate() {
        let sep = if i % 10 == 0 { "\n          " } else { " " };
        write!(out, "{sep}{v}")?;
    }
    writeln!(out, "\n        </DataArray>")
}

/// `name` for an XML attribute value: the five special characters escaped, control
/// characters (not allowed in XML 1.0, or altered by attribute normalisation) as `_`.
fn xml_escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push('_'),
            c => out.push(c),
        }
    }
    out
}
