//! GemPy's orientation CSV: `X,Y,Z`, then either `azimuth,dip,polarity` or `G_x,G_y,G_z`
//! (or `gradient_x, gradient_y, gradient_z`), then `formation` (or `surface`), optional `nugget`
//! and `series`, read as GemPy reads it: any finite angles through GemPy's formula, the angles
//! winning when both sets are present. A row may name its stack (`series`) and leave its
//! surface empty: the engine ties an orientation to a stack, not to a surface.
//! [`write_orientations`] writes rows back in the `G_x,G_y,G_z` form.

use std::path::Path;

use strata_data::Point;

use crate::IoError;
use crate::atomic_write::write_atomically;
use crate::csv_table::{CsvRows, CsvTable, Row, column_names};

/// One orientation as read.
#[derive(Debug, Clone, PartialEq)]
pub struct OrientationRow {
    /// Line in the file (the header is line 1).
    pub line: usize,
    /// World coordinates.
    pub xyz: Point,
    /// Unit gradient (pole) vector, pointing towards younger units for polarity 1.
    pub gradient: Point,
    /// The length of the gradient as written: `|polarity|` for angles, `|(G_x, G_y, G_z)|` for
    /// components. GemPy's front end uses the gradient at this length (`defaults = "gempy"`);
    /// the engine defaults use unit gradients, as the reference cases do.
    pub magnitude: f64,
    /// The surface it was measured on; `None` when the row names only its stack (`series`).
    pub surface: Option<String>,
    /// The stack (GemPy's series) it belongs to, when the file has a `series` column and the
    /// cell is not empty. Every row names a surface, a series or both.
    pub series: Option<String>,
    /// The nugget, when the file has that column.
    pub nugget: Option<f64>,
}

/// Reads an orientation CSV file.
///
/// With `azimuth`, `dip` and `polarity` columns the gradient comes from the angles (degrees;
/// GemPy's formula, for any finite dip, azimuth and non-zero polarity):
///
/// ```text
/// g = (sin δ · sin az · p,  sin δ · cos az · p,  cos δ · p)
/// ```
///
/// Otherwise `G_x, G_y, G_z` are the gradient. Either way it is normalised to unit length (its
/// length kept in [`OrientationRow::magnitude`]). The angles win when a file has both, as in
/// GemPy (GemPy's exports have both; their `G_*` carry rounding noise). A dip outside
/// `[0, 90]` or a polarity other than ±1 is read all the same, with a warning that gives the
/// same plane as dip, azimuth and polarity in the usual ranges.
pub fn read_orientations(path: &Path) -> Result<CsvRows<OrientationRow>, IoError> {
    rows(&CsvTable::read(path)?)
}

/// Parses the bytes of an orientation CSV file; `file` names it in errors.
pub fn parse_orientations(bytes: &[u8], file: &str) -> Result<CsvRows<OrientationRow>, IoError> {
    rows(&CsvTable::parse(bytes, file)?)
}

/// Writes orientation rows as an orientation CSV file, whole or not at all:
/// `X,Y,Z,G_x,G_y,G_z,surface,series`, the gradient at its length (`gradient · magnitude`),
/// numbers in the shortest form that reads back exactly, an empty cell for a row without a
/// surface or a series. [`read_orientations`] reads the file back to the same rows (but their
/// lines and nuggets: nuggets are not written, the reading project's `nugget_orientations`
/// applies).
pub fn write_orientations(path: &Path, rows: &[OrientationRow]) -> Result<(), IoError> {
    write_atomically(path, |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["X", "Y", "Z", "G_x", "G_y", "G_z", "surface", "series"])?;
        for row in rows {
            let g = row.gradient.map(|c| c * row.magnitude);
            let numbers = row.xyz.iter().chain(&g).map(f64::to_string);
            let names = [&row.surface, &row.series].map(|n| n.clone().unwrap_or_default());
            writer.write_record(numbers.chain(names))?;
        }
        writer.flush()
    })
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
        let [azimuth, dip, polarity] = column_names::ANGLES;
        let angles = [
            table.column(azimuth)?,
            table.column(dip)?,
            table.column(polarity)?,
        ];
        let [gx, gy, gz] = column_names::GRADIENT;
        let components = [table.column(gx)?, table.column(gy)?, table.column(gz)?];
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
    fn gradient(
        &self,
        row: &Row<'_>,
        unusual: &mut UnusualAngles,
    ) -> Result<(Point, usize), IoError> {
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
                let g = gradient_from_angles(az, d, p);
                if !(0.0..=90.0).contains(&d) || p.abs() != 1.0 {
                    unusual.note(row.line(), [az, d, p], g);
                }
                Ok((g, polarity))
            }
            Self::Components(c) => Ok((
                [row.number(c[0])?, row.number(c[1])?, row.number(c[2])?],
                c[0],
            )),
        }
    }
}

/// GemPy's pole vector of dip `δ` at azimuth `az` (degrees) with polarity `p`:
/// `g = (sin δ · sin az · p, sin δ · cos az · p, cos δ · p)`.
pub fn gradient_from_angles(azimuth: f64, dip: f64, polarity: f64) -> Point {
    let (az, d) = (azimuth.to_radians(), dip.to_radians());
    [
        d.sin() * az.sin() * polarity,
        d.sin() * az.cos() * polarity,
        d.cos() * polarity,
    ]
}

/// `[azimuth, dip, polarity]` (degrees) of the plane with pole `g` in the usual ranges: polarity
/// `sign(g_z)` (1 for a horizontal pole), dip `acos(|g_z| / |g|)` in `[0, 90]`, azimuth
/// `atan2(g_x, g_y)` of the upward pole in `[0, 360)`; `None` for a zero or non-finite `g`.
/// [`gradient_from_angles`] of the result is `g / |g|` up to rounding.
pub fn angles_from_gradient(g: Point) -> Option<[f64; 3]> {
    let norm = (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]).sqrt();
    if !(norm.is_finite() && norm > 0.0) {
        return None;
    }
    let up = if g[2] < 0.0 { -1.0 } else { 1.0 };
    let dip = (g[2].abs() / norm).min(1.0).acos().to_degrees();
    let azimuth = (up * g[0]).atan2(up * g[1]).to_degrees().rem_euclid(360.0);
    Some([azimuth, dip, up])
}

/// The rows whose angles lie outside the usual ranges (dip in `[0, 90]`, polarity ±1), reported
/// once per file.
#[derive(Default)]
struct UnusualAngles {
    count: usize,
    /// The first such row: line, `[azimuth, dip, polarity]` and its gradient.
    first: Option<(usize, [f64; 3], Point)>,
}

impl UnusualAngles {
    fn note(&mut self, line: usize, angles: [f64; 3], g: Point) {
        self.count += 1;
        self.first.get_or_insert((line, angles, g));
    }

    /// A warning naming the first row and the same plane in the usual ranges:
    /// polarity `sign(g_z)`, dip `acos(|g_z| / |g|)`, azimuth `atan2(g_x, g_y)` of the
    /// upward pole.
    fn warn(&self, file: &str) {
        let Some((line, [az, d, p], g)) = self.first else {
            return;
        };
        // A zero polarity has no angles: an error follows.
        let Some([azimuth, dip, up]) = angles_from_gradient(g) else {
            return;
        };
        tracing::warn!(
            "{file}:{line}: dip {d} at azimuth {az}, polarity {p} read with GemPy's formula as \
             dip {dip:.6} at azimuth {azimuth:.6}, polarity {up}{}{}",
            if p.abs() == 1.0 {
                String::new()
            } else {
                format!(", gradient length {}", p.abs())
            },
            match self.count {
                1 => String::new(),
                n => format!(
                    " ({n} rows of the file have a dip outside [0, 90] or a polarity other than ±1)"
                ),
            }
        );
    }
}

fn rows(table: &CsvTable) -> Result<CsvRows<OrientationRow>, IoError> {
    let xyz = [
        table.require(column_names::XYZ[0])?,
        table.require(column_names::XYZ[1])?,
        table.require(column_names::XYZ[2])?,
    ];
    let gradient = GradientColumns::find(table)?;
    let surface = table.require(column_names::SURFACE)?;
    let nugget = table.column(column_names::NUGGET)?;
    let series = table.column(column_names::SERIES)?;
    let mut rows = Vec::new();
    let mut unusual = UnusualAngles::default();
    for row in table.rows() {
        let p = [
            row.number(xyz[0])?,
            row.number(xyz[1])?,
            row.number(xyz[2])?,
        ];
        let (g, column) = gradient.gradient(&row, &mut unusual)?;
        let norm = (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]).sqrt();
        if !(norm > 0.0 && norm.is_finite()) {
            return Err(row.error(column, "the gradient vector is zero or not finite"));
        }
        let series_name = row.optional_name(series)?;
        let surface_name = match series {
            Some(_) => row.optional_name(Some(surface))?,
            None => Some(row.name(surface)?),
        };
        if surface_name.is_none() && series_name.is_none() {
            return Err(row.error(
                surface,
                "empty name: the row names neither a surface nor a series (stack)",
            ));
        }
        rows.push(OrientationRow {
            line: row.line(),
            xyz: p,
            gradient: g.map(|c| c / norm),
            magnitude: norm,
            surface: surface_name,
            series: series_name,
            nugget: row.nugget(nugget)?,
        });
    }
    unusual.warn(table.file());
    Ok(CsvRows {
        file: table.file().to_string(),
        surface_column: table.column_name(surface).to_string(),
        series_column: series.map(|c| table.column_name(c).to_string()),
        rows,
    })
}
