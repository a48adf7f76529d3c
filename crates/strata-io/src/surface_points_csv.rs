//! GemPy's surface-point CSV: `X,Y,Z,formation` (or `surface`), optional `nugget`.

use std::path::Path;

use strata_data::Point;

use crate::IoError;
use crate::csv_table::CsvTable;

/// One surface point as read.
#[derive(Debug, Clone, PartialEq)]
pub struct SurfacePointRow {
    /// Line in the file.
    pub line: usize,
    /// World coordinates.
    pub xyz: Point,
    /// The surface (GemPy's "formation").
    pub surface: String,
    /// The nugget, when the file has the column.
    pub nugget: Option<f64>,
}

/// Reads a surface-point CSV. Two points with the same coordinates on one surface are an error
/// naming both lines (they would make the system singular).
pub fn read_surface_points(path: &Path) -> Result<Vec<SurfacePointRow>, IoError> {
    parse(CsvTable::read(path)?)
}

/// Parses surface points from CSV bytes (`file` names them in errors).
pub fn parse_surface_points(bytes: &[u8], file: &str) -> Result<Vec<SurfacePointRow>, IoError> {
    parse(CsvTable::parse(bytes, file.to_string())?)
}

fn parse(table: CsvTable) -> Result<Vec<SurfacePointRow>, IoError> {
    let xyz = [
        table.require(&["x"])?,
        table.require(&["y"])?,
        table.require(&["z"])?,
    ];
    let surface = table.require(&["formation", "surface"])?;
    let nugget = table.column(&["nugget"]);
    let mut out: Vec<SurfacePointRow> = Vec::new();
    for row in table.rows() {
        let p = [
            row.number(xyz[0])?,
            row.number(xyz[1])?,
            row.number(xyz[2])?,
        ];
        let name = row.name(surface)?;
        let nugget = row.nugget(nugget)?;
        if let Some(first) = out.iter().find(|o| o.xyz == p && o.surface == name) {
            return Err(row.error(
                xyz[0],
                format!(
                    "duplicate point: same coordinates and surface as line {}",
                    first.line
                ),
            ));
        }
        out.push(SurfacePointRow {
            line: row.line(),
            xyz: p,
            surface: name,
            nugget,
        });
    }
    Ok(out)
}
