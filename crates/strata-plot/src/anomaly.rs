//! The anomaly map of a regular survey: one cell per device, coloured along a ramp from the
//! smallest to the largest value, a colour bar with the quantity, axes in world units.

use std::path::Path;

use super::{Plot, Registration, Side, Trace, palette::ramp, write_plot_png};
use strata_io::IoError;

/// The values of a regular survey to draw: `values[i·ny + j]` at the device in cell `(i, j)`
/// of an `nx × ny` lattice over `area`.
#[derive(Debug, Clone)]
pub struct AnomalyMap<'a> {
    /// One value per device, `y` fastest.
    pub values: &'a [f64],
    /// Devices along x and along y.
    pub counts: [usize; 2],
    /// `[xmin, xmax, ymin, ymax]` of the survey, world units.
    pub area: [f64; 4],
    /// Axis labels.
    pub labels: [&'a str; 2],
    /// Title.
    pub title: &'a str,
    /// The quantity and its unit, over the colour bar (`"gravity (mGal)"`).
    pub quantity: &'a str,
    /// Lines drawn over the map (the faults' traces), world coordinates.
    pub traces: &'a [Trace],
}

/// Draws the map and writes it to `path` as a PNG (whole or not at all). Equal values give a
/// one-colour map.
pub fn write_anomaly_png(path: &Path, map: &AnomalyMap<'_>) -> Result<(), IoError> {
    let [nx, ny] = map.counts;
    let error = |problem: String| IoError::Output {
        file: path.display().to_string(),
        problem,
    };
    if nx == 0 || ny == 0 || map.values.len() != nx * ny {
        return Err(error(format!(
            "an anomaly map of {nx} × {ny} devices with {} values",
            map.values.len()
        )));
    }
    if let Some(v) = map.values.iter().find(|v| !v.is_finite()) {
        return Err(error(format!("the value {v} cannot be drawn")));
    }
    let lo = map.values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = map.values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let t = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
    let plot = Plot {
        title: map.title,
        labels: map.labels,
        edges: [
            Registration::Cells.edges([map.area[0], map.area[1]], nx),
            Registration::Cells.edges([map.area[2], map.area[3]], ny),
        ],
        colours: map.values.iter().map(|&v| ramp(t(v))).collect(),
        traces: map.traces,
        side: Side::ColourBar {
            range: [lo, hi],
            label: map.quantity.to_string(),
        },
    };
    write_plot_png(path, &plot)
}
