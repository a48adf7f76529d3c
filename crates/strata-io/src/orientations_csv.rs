//! GemPy's orientation CSV: `X,Y,Z` and either `azimuth,dip,polarity` or `G_x,G_y,G_z`, then
//! `formation` (or `surface`), optional `nugget`.

use std::path::Path;

use strata_data::Point;

use crate::IoError;
use crate::csv_table::{CsvTable, Row};

/// One orientation as read.
#[derive(Debug, Clone, PartialEq)]
pub struct OrientationRow {
    /// Line in the file.
    pub line: usize,
    /// World coordinates.
    pub xyz: Point,
    /// Unit gradient (pole) vector.
    pub gradient: Point,
    /// The surface it belongs to.
    pub surface: String,
    /// The nugget, when the file has the column.
    pub nugget: Option<f64>,
}

/// Reads an orientation CSV. With `G_x,G_y,G_z` columns the gradient is taken as given
/// (normalised); otherwise from dip `δ ∈ [0, 180]`, azimuth `α` and polarity `p = ±1` (degrees):
/// `g = (sin δ sin α · p, sin δ cos α · p, cos δ · p)`.
pub fn read_orientations(path: &Path) -> Result<Vec<OrientationRow>, IoError> {
    parse(CsvTable::read(path)?)
}

/// Parses orientations from CSV bytes (`file` names them in errors).
pub fn parse_orientations(bytes: &[u8], file: &str) -> Result<Vec<OrientationRow>, IoError> {
    parse(CsvTable::parse(bytes, file.to_string())?)
}

enum Gradient {
    Components([usize; 3]),
    Angles {
        azimuth: usize,
        dip: usize,
        polarity: usize,
    },
}

fn parse(table: CsvTable) -> Result<Vec<OrientationRow>, IoError> {
    let xyz = [
        table.require(&["x"])?,
        table.require(&["y"])?,
        table.require(&["z"])?,
    ];
    let gradient = match (
        table.column(&["g_x"]),
        table.column(&["g_y"]),
        table.column(&["g_z"]),
    ) {
        (Some(gx), Some(gy), Some(gz)) => Gradient::Components([gx, gy, gz]),
        _ => Gradient::Angles {
            azimuth: table.require(&["azimuth"])?,
            dip: table.require(&["dip"])?,
            polarity: table.require(&["polarity"])?,
        },
    };
    let surface = table.require(&["formation", "surface"])?;
    let nugget = table.column(&["nugget"]);
    let mut out = Vec::new();
    for row in table.rows() {
        let p = [
            row.number(xyz[0])?,
            row.number(xyz[1])?,
            row.number(xyz[2])?,
        ];
        let (g, column) = match &gradient {
            Gradient::Components(c) => (
                [row.number(c[0])?, row.number(c[1])?, row.number(c[2])?],
                c[0],
            ),
            Gradient::Angles {
                azimuth,
                dip,
                polarity,
            } => (from_angles(&row, *azimuth, *dip, *polarity)?, *dip),
        };
        let norm = (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]).sqrt();
        if norm == 0.0 {
            return Err(row.error(column, "zero gradient vector"));
        }
        let nugget = row.nugget(nugget)?;
        out.push(OrientationRow {
            line: row.line(),
            xyz: p,
            gradient: g.map(|c| c / norm),
            surface: row.name(surface)?,
            nugget,
        });
    }
    Ok(out)
}

fn from_angles(
    row: &Row<'_>,
    azimuth: usize,
    dip: usize,
    polarity: usize,
) -> Result<Point, IoError> {
    let (a, d, p) = (
        row.number(azimuth)?,
        row.number(dip)?,
        row.number(polarity)?,
    );
    if !(0.0..=180.0).contains(&d) {
        return Err(row.error(dip, "dip must lie in [0, 180] degrees"));
    }
    if p != 1.0 && p != -1.0 {
        return Err(row.error(polarity, "polarity must be 1 or -1"));
    }
    let (a, d) = (a.to_radians(), d.to_radians());
    Ok([d.sin() * a.sin() * p, d.sin() * a.cos() * p, d.cos() * p])
}
