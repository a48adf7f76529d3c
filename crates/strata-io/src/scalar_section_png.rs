//! A cross-section of a scalar block (an ensemble's entropy, a kriging variance) as a PNG:
//! cells coloured on the viridis scale from the smallest to the largest value, with the axes,
//! title and a legend of five values drawn as for unit sections ([`crate::write_section_png`]).

use std::path::Path;

use crate::IoError;
use crate::section_png::{Picture, write_picture};

/// A scalar section to draw: `values[iu·nv + iv]` is the value of cell `(iu, iv)`; `u` runs left
/// to right, `v` bottom to top.
#[derive(Debug, Clone)]
pub struct ScalarSection<'a> {
    /// Values, `nu × nv`, `v` fastest (NaN: white).
    pub values: &'a [f64],
    /// Cells along `u`.
    pub nu: usize,
    /// Cells along `v`.
    pub nv: usize,
    /// World range of `u`.
    pub u_range: [f64; 2],
    /// World range of `v`.
    pub v_range: [f64; 2],
    /// Axis labels.
    pub labels: [&'a str; 2],
    /// Title.
    pub title: &'a str,
    /// The unit of the values, after each legend value (`"bits"`).
    pub unit: &'a str,
}

/// Five colours of matplotlib's viridis at 0, ¼, ½, ¾ and 1; between them the colour is
/// interpolated linearly.
const VIRIDIS: [[f64; 3]; 5] = [
    [68.0, 1.0, 84.0],
    [59.0, 82.0, 139.0],
    [33.0, 145.0, 140.0],
    [94.0, 201.0, 98.0],
    [253.0, 231.0, 37.0],
];

/// The viridis colour of `t ∈ [0, 1]` (clamped).
pub fn viridis(t: f64) -> [u8; 3] {
    let t = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let k = (t.floor() as usize).min(VIRIDIS.len() - 2);
    let f = t - k as f64;
    [0, 1, 2].map(|c| (VIRIDIS[k][c] + f * (VIRIDIS[k + 1][c] - VIRIDIS[k][c])).round() as u8)
}

/// Draws the scalar section and writes it to `path` (whole or not at all).
pub fn write_scalar_section_png(path: &Path, section: &ScalarSection<'_>) -> Result<(), IoError> {
    let finite = section.values.iter().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 0.0) };
    let span = if hi > lo { hi - lo } else { 1.0 };
    let colours: Vec<[u8; 3]> = section
        .values
        .iter()
        .map(|&v| {
            if v.is_finite() {
                viridis((v - lo) / span)
            } else {
                [255, 255, 255]
            }
        })
        .collect();
    let legend: Vec<([u8; 3], String)> = (0..5)
        .rev()
        .map(|k| {
            let t = k as f64 / 4.0;
            (
                viridis(t),
                format!("{:.3} {}", lo + t * (hi - lo), section.unit),
            )
        })
        .collect();
    write_picture(
        path,
        &Picture {
            colours: &colours,
            nu: section.nu,
            nv: section.nv,
            u_range: section.u_range,
            v_range: section.v_range,
            labels: section.labels,
            title: section.title,
            legend: &legend,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_runs_from_purple_to_yellow_through_its_anchors() {
        assert_eq!(viridis(0.0), [68, 1, 84]);
        assert_eq!(viridis(0.5), [33, 145, 140]);
        assert_eq!(viridis(1.0), [253, 231, 37]);
        assert_eq!(viridis(2.0), viridis(1.0));
        assert_eq!(viridis(0.125), [64, 42, 112]);
    }
}
