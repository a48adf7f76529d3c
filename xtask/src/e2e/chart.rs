//! `docs/performance.png`: per case, grouped bars of the process wall time, the
//! `compute_model` time and the field-evaluation time (minimum over the runs, log scale).
//!
//! Text is drawn with DejaVu Sans from the `dejavu` crate through plotters' `ab_glyph` feature,
//! so the chart needs no system fonts.

use std::path::{Path, PathBuf};

use plotters::prelude::*;
use plotters::style::{FontStyle, FontTransform, register_font};

use super::report::{CaseResult, Machine};

const FONT: &str = "sans-serif";
const SIZE: (u32, u32) = (1400, 800);

/// One kind of bar: legend label, colour and the value it shows.
struct Series {
    label: &'static str,
    color: RGBColor,
    value: fn(&CaseResult) -> f64,
}

const SERIES: [Series; 3] = [
    Series {
        label: "strata process, wall time",
        color: RGBColor(31, 119, 180),
        value: |r| r.wall_min_s,
    },
    Series {
        label: "compute_model",
        color: RGBColor(255, 127, 14),
        value: |r| r.compute_min_s,
    },
    Series {
        label: "octree levels − solve (field evaluation)",
        color: RGBColor(44, 160, 44),
        value: |r| r.evaluation_min_s,
    },
];

/// Draws the chart into `path` and returns it.
pub fn draw(path: &Path, machine: &Machine, results: &[CaseResult]) -> Result<PathBuf, String> {
    if results.is_empty() {
        return Err("no results".into());
    }
    register_font(FONT, FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| "the bundled DejaVu Sans font could not be read".to_string())?;
    let root = BitMapBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(text)?;
    let (lo, hi) = y_range(results);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!(
                "strata engine, min of {} runs: {}",
                machine.runs,
                machine.caption()
            ),
            (FONT, 22),
        )
        .margin(20)
        .x_label_area_size(230)
        .y_label_area_size(90)
        .build_cartesian_2d(0.0..results.len() as f64, (lo..hi).log_scale())
        .map_err(text)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc("seconds (log scale)")
        .y_label_formatter(&|v| seconds(*v))
        .label_style((FONT, 16))
        .axis_desc_style((FONT, 18))
        .draw()
        .map_err(text)?;
    for (k, series) in SERIES.iter().enumerate() {
        let color = series.color;
        chart
            .draw_series(results.iter().enumerate().map(|(i, r)| {
                let value = (series.value)(r).max(lo);
                bar(i, k, lo, value, color)
            }))
            .map_err(text)?
            .label(series.label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 16))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(text)?;
    for (i, r) in results.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, lo));
        let style = (FONT, 16).into_font().transform(FontTransform::Rotate90);
        root.draw(&Text::new(r.name.clone(), (x - 8, y + 10), style))
            .map_err(text)?;
    }
    root.present().map_err(text)?;
    Ok(path.to_path_buf())
}

/// Bar `k` of the group of case `i`, from `lo` up to `value`.
fn bar(i: usize, k: usize, lo: f64, value: f64, color: RGBColor) -> Rectangle<(f64, f64)> {
    let width = 0.8 / SERIES.len() as f64;
    let x0 = i as f64 + 0.1 + k as f64 * width;
    Rectangle::new([(x0, lo), (x0 + width, value)], color.filled())
}

/// Powers of ten around all values.
fn y_range(results: &[CaseResult]) -> (f64, f64) {
    let values = results
        .iter()
        .flat_map(|r| SERIES.iter().map(move |s| (s.value)(r)))
        .filter(|v| *v > 0.0);
    let (min, max) = values.fold((f64::INFINITY, 0.0_f64), |(a, b), v| (a.min(v), b.max(v)));
    let min = if min.is_finite() { min } else { 1e-3 };
    (
        10f64.powf(min.log10().floor()),
        10f64.powf(max.max(min).log10().ceil() + 0.5),
    )
}

/// A tick label: `0.01`, `1`, `100`.
fn seconds(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_have_no_trailing_zeros() {
        assert_eq!(seconds(0.01), "0.01");
        assert_eq!(seconds(100.0), "100");
    }
}
