//! A CSV file of points: columns `X`, `Y`, `Z` (any case, other columns ignored, as GemPy's
//! CSV files are read), one point per record — custom points, survey devices and a topography
//! given as a point cloud.

use std::path::Path;

use strata_data::Point;

use crate::IoError;
use crate::csv_table::CsvTable;

/// One point of an `X,Y,Z` file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct XyzRow {
    /// Line in the file (the header is line 1).
    pub line: usize,
    /// World coordinates.
    pub xyz: Point,
}

/// Reads an `X,Y,Z` CSV file: every coordinate a finite number, at least one point.
pub fn read_xyz(path: &Path) -> Result<Vec<XyzRow>, IoError> {
    rows(&CsvTable::read(path)?)
}

/// Parses the bytes of an `X,Y,Z` CSV file; `file` names it in errors.
pub fn parse_xyz(bytes: &[u8], file: &str) -> Result<Vec<XyzRow>, IoError> {
    rows(&CsvTable::parse(bytes, file)?)
}

fn rows(table: &CsvTable) -> Result<Vec<XyzRow>, IoError> {
    let columns = [
        table.require(&["x"])?,
        table.require(&["y"])?,
        table.require(&["z"])?,
    ];
    let rows = table
        .rows()
        .map(|row| {
            Ok(XyzRow {
                line: row.line(),
                xyz: [
                    row.number(columns[0])?,
                    row.number(columns[1])?,
                    row.number(columns[2])?,
                ],
            })
        })
        .collect::<Result<Vec<_>, IoError>>()?;
    if rows.is_empty() {
        return Err(IoError::Csv {
            file: table.file().to_string(),
            line: 2,
            column: table.column_name(columns[0]).to_string(),
            value: String::new(),
            problem: "no point: the file has a header and no record".into(),
        });
    }
    Ok(rows)
}
