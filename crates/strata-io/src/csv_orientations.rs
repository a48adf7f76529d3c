//! GemPy's orientation CSV: `X,Y,Z`, then either `azimuth,dip,polarity` or `G_x,G_y,G_z`,
//! then `formation` (or `surface`), optional `nugget`.

use std::path::Path;

use strata_data::Point;

use crate::IoError;
use crate::csv_table::{CsvRows, CsvTable, Row};

/// One orientation as read.
#[derive(Debug, Clone, PartialEq)]
pub struct OrientationRow {
    /// Line in the file (the header is line 1).
    pub line: usize,
    /// World coordinates.
    pub xyz: Point,
    /// Unit gradient (pole) vector, pointing towards younger units for polarity 1.
    pub gradient: Point,
    /// The surface it was measured on.
    pub surface: String,
    /// The nugget, when the file has that column.
    pub nugget: Option<f64>,
}

/// Reads an orientation CSV file.
///
/// With `azimuth`, `dip` and `polarity` columns the gradient comes from the angles (degrees,
/// dip `δ ∈ [0, 180]`, polarity `p = ±1`):
///
/// ```text
/// g = (sin δ · sin az · p,  sin δ · cos az · p,  cos δ · p)
/// ```
///
/// Otherwise `G_x, G_y, G_z` are the gradient. Either way it is normalised to unit length.
/// The angles win when a file has both (GemPy's exports do; their `G_*` carry rounding noise).
pub fn read_orientations(path: &Path) -> Result<CsvRows<OrientationRow>, IoError> {
    rows(&CsvTable::read(path)?)
}

/// Parses the bytes of an orientation CSV file; `file` names it in errors.
pub fn parse_orientations(bytes: &[u8], file: &str) -> Result<CsvRows<OrientationRow>, IoError> {
    rows(&CsvTable::parse(bytes, file)?)
}

/// Where a file keeps its gradients.
enum GradientColumns {
    Angles {
        azimuth: usize,
        dip: usize,
        polarity: usize,
    },
    Components([usize; 3]),
}

impl GradientColumns {
    fn find(table: &CsvTable) -> Result<Self, IoError> {
        let angles = [
            table.column(&["azimuth"])?,
            table.column(&["dip"])?,
            table.column(&["polarity"])?,
        ];
        let components = [
            table.column(&["g_x"])?,
            table.column(&["g_y"])?,
            table.column(&["g_z"])?,
        ];
        match (angles, components) {
            ([Some(azimuth), Some(dip), Some(polarity)], _) => Ok(Self::Angles {
                azimuth,
                dip,
                polarity,
            }),
            (_, [Some(gx), Some(gy), Some(gz)]) => Ok(Self::Components([gx, gy, gz])),
            _ => Err(IoError::Csv {
                file: table.file().to_string(),
                line: 1,
                column: "azimuth, dip, polarity' or 'G_x, G_y, G_z".into(),
                value: String::new(),
                problem: "missing columns: the gradient needs one of these sets".into(),
            }),
        }
    }

    /// The raw gradient of `row` and the column to blame when it is zero.
    fn gradient(&self, row: &Row<'_>) -> Result<(Point, usize), IoError> {
        match *self {
            Self::Angles {
                azimuth,
                dip,
                polarity,
            } => {
                let (az, d, p) = (
                    row.number(azimuth)?,
                    row.number(dip)?,
                    row.number(polarity)?,
                );
                if !(0.0..=180.0).contains(&d) {
                    let hint = if d > 180.0 && d <= 360.0 {
                        format!(
                            " (dip {d} at azimuth {az} is dip {} at azimuth {})",
                            360.0 - d,
                            (az + 180.0) % 360.0
                        )
                    } else {
                        String::new()
                    };
                    return Err(row.error(dip, format!("dip must lie in [0, 180] degrees{hint}")));
                }
                if p != 1.0 && p != -1.0 {
                    return Err(row.error(polarity, "polarity must be 1 or -1"));
                }
                let (az, d) = (az.to_radians(), d.to_radians());
                let g = [d.sin() * az.sin() * p, d.sin() * az.cos() * p, d.cos() * p];
                Ok((g, dip))
            }
            Self::Components(c) => Ok((
                [row.number(c[0])?, row.number(c[1])?, row.number(c[2])?],
                c[0],
            )),
        }
    }
}

fn rows(table: &CsvTable) -> Result<CsvRows<OrientationRow>, IoError> {
    let xyz = [
        table.require(&["x"])?,
        table.require(&["y"])?,
        table.require(&["z"])?,
    ];
    let gradient = GradientColumns::find(table)?;
    let surface = table.require(&["formation", "surface"])?;
    let nugget = table.column(&["nugget"])?;
    let mut rows = Vec::new();
    for row in table.rows() {
        let p = [
            row.number(xyz[0])?,
            row.number(xyz[1])?,
            row.number(xyz[2])?,
        ];
        let (g, column) = gradient.gradient(&row)?;
        let norm = (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]).sqrt();
        if !(norm > 0.0 && norm.is_finite()) {
            return Err(row.error(column, "the gradient vector is zero or not finite"));
        }
        rows.push(OrientationRow {
            line: row.line(),
            xyz: p,
            gradient: g.map(|c| c / norm),
            surface: row.name(surface)?,
            nugget: row.nugget(nugget)?,
        });
    }
    Ok(CsvRows {
        file: table.file().to_string(),
        surface_column: table.column_name(surface).to_string(),
        rows,
    })
}
