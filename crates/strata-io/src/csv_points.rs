//! GemPy's surface-point CSV: `X,Y,Z,formation` (or `surface` for `formation`), optional
//! `nugget` and `series`.

use std::collections::HashMap;
use std::path::Path;

use strata_data::Point;

use crate::IoError;
use crate::csv_table::{CsvRows, CsvTable, column_names};

/// One surface point as read.
#[derive(Debug, Clone, PartialEq)]
pub struct SurfacePointRow {
    /// Line in the file (the header is line 1).
    pub line: usize,
    /// World coordinates.
    pub xyz: Point,
    /// The surface it lies on (GemPy's "formation").
    pub surface: String,
    /// The nugget, when the file has that column.
    pub nugget: Option<f64>,
    /// The series (stack) of its surface, when the file has that column (GemPy's exports do)
    /// and the cell is not empty.
    pub series: Option<String>,
}

/// Reads a surface-point CSV file.
///
/// The same coordinates twice on one surface are read, as GemPy reads them, with a warning
/// naming both lines: the two rows of the kriging system differ only by their nuggets, so the
/// system is singular unless the nugget is positive.
pub fn read_surface_points(path: &Path) -> Result<CsvRows<SurfacePointRow>, IoError> {
    rows(&CsvTable::read(path)?)
}

/// Parses the bytes of a surface-point CSV file; `file` names it in errors.
pub fn parse_surface_points(bytes: &[u8], file: &str) -> Result<CsvRows<SurfacePointRow>, IoError> {
    rows(&CsvTable::parse(bytes, file)?)
}

fn rows(table: &CsvTable) -> Result<CsvRows<SurfacePointRow>, IoError> {
    let xyz = [
        table.require(column_names::XYZ[0])?,
        table.require(column_names::XYZ[1])?,
        table.require(column_names::XYZ[2])?,
    ];
    let surface = table.require(column_names::SURFACE)?;
    let nugget = table.column(column_names::NUGGET)?;
    let series = table.column(column_names::SERIES)?;
    let mut rows: Vec<SurfacePointRow> = Vec::new();
    // (surface, coordinate bits) → line, to find duplicates in linear time.
    let mut seen: HashMap<(String, [u64; 3]), usize> = HashMap::new();
    for row in table.rows() {
        let p = [
            row.number(xyz[0])?,
            row.number(xyz[1])?,
            row.number(xyz[2])?,
        ];
        let name = row.name(surface)?;
        let nugget = row.nugget(nugget)?;
        // `+ 0.0` makes −0 and +0 the same key.
        let key = (name.clone(), p.map(|c| (c + 0.0).to_bits()));
        if let Some(first) = seen.insert(key, row.line()) {
            tracing::warn!(
                "{}:{}: the same X, Y, Z and surface as line {first}: the kriging system is \
                 singular unless the nugget is positive",
                table.file(),
                row.line()
            );
        }
        rows.push(SurfacePointRow {
            line: row.line(),
            xyz: p,
            surface: name,
            nugget,
            series: row.optional_name(series)?,
        });
    }
    Ok(CsvRows {
        file: table.file().to_string(),
        surface_column: table.column_name(surface).to_string(),
        series_column: series.map(|c| table.column_name(c).to_string()),
        rows,
    })
}
