//! # strata-plot — Strata's pictures
//!
//! Pictures, drawn with `plotters`: sections and geological maps coloured by unit
//! ([`write_section_png`]) and anomaly maps of a survey ([`write_anomaly_png`]); the unit
//! palette ([`unit_colour`]) and the iso-lines drawn over them ([`iso_segments`], e.g. the
//! faults' traces). This is the only library of the workspace that links a plotting library:
//! strata-io (the file formats) and strata-project (the project front end) do not.
//!
//! Every picture is a `Plot`: a raster of coloured cells over a rectangle of world
//! coordinates, equal scales on both axes (north up on a map), tick labels in world units,
//! a title, lines drawn over the cells ([`Trace`]), and a panel on the right with a legend or
//! a colour bar. Text is DejaVu Sans from the `dejavu` crate (no system font needed). A picture
//! is rendered in memory and written as a PNG whole or not at all
//! ([`strata_io::write_atomically`]); every error is a [`strata_io::IoError`] naming the file.
//!
//! ## Example: a section of two units with a trace
//!
//! ```
//! use strata_plot::{Registration, Section, Trace, iso_segments, write_section_png};
//!
//! // 4 × 2 cells over x ∈ [0, 400], z ∈ [-100, 0]: unit 1 left, unit 2 right.
//! let (u, v) = ([50.0, 150.0, 250.0, 350.0], [-75.0, -25.0]);
//! let ids = [1, 1, 1, 1, 2, 2, 2, 2];
//! // The boundary between them: where the field f = x crosses 200, between the nodes.
//! let field: Vec<f64> = u.iter().flat_map(|&x| [x, x]).collect();
//! let segments = iso_segments(&field, &u, &v, 200.0);
//! assert_eq!(segments.len(), 1);
//! assert!(segments[0].iter().all(|p| p[0] == 200.0));
//! let traces = [Trace { name: "fault".into(), segments }];
//! let section = Section {
//!     ids: &ids,
//!     nu: 4,
//!     nv: 2,
//!     u_range: [0.0, 400.0],
//!     v_range: [-100.0, 0.0],
//!     registration: Registration::Cells,
//!     labels: ["x", "z"],
//!     title: "x-z section",
//!     legend: &[(1, "basement".into()), (2, "top".into())],
//!     traces: &traces,
//! };
//! let path = std::env::temp_dir().join(format!("strata-plot-doc-{}.png", std::process::id()));
//! write_section_png(&path, &section)?;
//! assert!(std::fs::read(&path)?.starts_with(b"\x89PNG"));
//! std::fs::remove_file(&path)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod anomaly;
mod contour;
mod palette;
mod section;

use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use strata_io::IoError;
use strata_io::write_atomically;

pub use anomaly::{AnomalyMap, write_anomaly_png};
pub use contour::{Trace, iso_segments};
pub use palette::unit_colour;
pub use section::{Registration, Section, write_section_png};

/// The font family every picture uses.
const FONT: &str = "sans-serif";
/// Pixels along the longer side of the plot area.
const PLOT_SIDE: f64 = 640.0;
/// The fewest pixels along the shorter side.
const MIN_SIDE: f64 = 160.0;
/// Outer margin, left (tick labels and axis name), bottom and top (title) bands, pixels.
const MARGIN: u32 = 15;
const LEFT: u32 = 95;
const BOTTOM: u32 = 60;
const TOP: u32 = 50;

/// One entry of a legend.
pub(crate) enum Entry {
    /// A unit: its colour and its label.
    Swatch([u8; 3], String),
    /// A line drawn over the cells (a trace).
    Line(String),
}

/// The panel right of the plot.
pub(crate) enum Side {
    /// A legend, top to bottom.
    Legend(Vec<Entry>),
    /// A colour bar of [`palette::ramp`] from `range[0]` (bottom) to `range[1]` (top), with
    /// the quantity it shows.
    ColourBar { range: [f64; 2], label: String },
}

/// A picture: cells `(iu, iv)` over `[edges[0][iu], edges[0][iu + 1]] × [edges[1][iv],
/// edges[1][iv + 1]]` coloured `colours[iu·nv + iv]`, traces over them, a panel beside.
pub(crate) struct Plot<'a> {
    pub title: &'a str,
    /// Names of the horizontal and the vertical axis.
    pub labels: [&'a str; 2],
    /// Cell edges along each axis, increasing, world units.
    pub edges: [Vec<f64>; 2],
    pub colours: Vec<[u8; 3]>,
    pub traces: &'a [Trace],
    pub side: Side,
}

/// Registers the bundled font once per process.
fn font() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            register_font(FONT, FontStyle::Normal, dejavu::sans::regular())
                .map_err(|_| "the bundled DejaVu Sans font could not be read".to_string())
        })
        .clone()
}

/// Draws `plot` and writes it to `path` as a PNG (whole or not at all).
pub(crate) fn write_plot_png(path: &Path, plot: &Plot<'_>) -> Result<(), IoError> {
    let error = |problem: String| IoError::Output {
        file: path.display().to_string(),
        problem,
    };
    let [u, v] = &plot.edges;
    let (nu, nv) = (u.len().saturating_sub(1), v.len().saturating_sub(1));
    let increasing =
        |e: &[f64]| e.iter().all(|x| x.is_finite()) && e.windows(2).all(|w| w[0] < w[1]);
    if nu == 0 || nv == 0 || !increasing(u) || !increasing(v) || plot.colours.len() != nu * nv {
        return Err(error(format!(
            "a picture of {nu} × {nv} cells (increasing finite edges) with {} colours",
            plot.colours.len()
        )));
    }
    font().map_err(error)?;
    let range = |e: &[f64]| [e[0], e[e.len() - 1]];
    let (ur, vr) = (range(u), range(v));
    let longest = (ur[1] - ur[0]).max(vr[1] - vr[0]);
    let side = |span: f64| (PLOT_SIDE * span / longest).max(MIN_SIDE).round() as u32;
    let (pw, ph) = (side(ur[1] - ur[0]), side(vr[1] - vr[0]));
    let main_w = MARGIN + LEFT + pw + MARGIN;
    let size = (main_w + panel_width(&plot.side), TOP + ph + BOTTOM + MARGIN);
    let mut rgb = vec![255u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
        let (main, panel) = root.split_horizontally(main_w);
        draw_plot(&main, plot, ur, vr).map_err(|e| error(e.to_string()))?;
        draw_panel(&panel, &plot.side).map_err(|e| error(e.to_string()))?;
        root.present().map_err(|e| error(e.to_string()))?;
    }
    write_atomically(path, |out| {
        let mut encoder = png::Encoder::new(out, size.0, size.1);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&rgb))
            .map_err(std::io::Error::other)
    })
}

/// An error of a drawing call.
type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// The title, the axes with their ticks, the cells, a frame and the traces.
fn draw_plot(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    plot: &Plot<'_>,
    ur: [f64; 2],
    vr: [f64; 2],
) -> DrawResult {
    let mut chart = ChartBuilder::on(area)
        .margin(MARGIN)
        .caption(plot.title, (FONT, 22))
        .x_label_area_size(BOTTOM - MARGIN)
        .y_label_area_size(LEFT)
        .build_cartesian_2d(ur[0]..ur[1], vr[0]..vr[1])?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(6)
        .y_labels(6)
        .x_desc(plot.labels[0])
        .y_desc(plot.labels[1])
        .x_label_formatter(&|x| tick(*x))
        .y_label_formatter(&|y| tick(*y))
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .draw()?;
    let [u, v] = &plot.edges;
    let nv = v.len() - 1;
    chart.draw_series(plot.colours.iter().enumerate().map(|(k, &[r, g, b])| {
        let (iu, iv) = (k / nv, k % nv);
        Rectangle::new(
            [(u[iu], v[iv]), (u[iu + 1], v[iv + 1])],
            RGBColor(r, g, b).filled(),
        )
    }))?;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(ur[0], vr[0]), (ur[1], vr[1])],
        BLACK.stroke_width(1),
    )))?;
    for trace in plot.traces {
        chart.draw_series(trace.segments.iter().map(|[a, b]| {
            PathElement::new(vec![(a[0], a[1]), (b[0], b[1])], BLACK.stroke_width(2))
        }))?;
        // The name beside the segment nearest the middle of the trace.
        if let Some([a, _]) = trace.segments.get(trace.segments.len() / 2) {
            chart.draw_series(std::iter::once(Text::new(
                trace.name.clone(),
                (a[0], a[1]),
                (FONT, 14).into_font().color(&BLACK),
            )))?;
        }
    }
    Ok(())
}

/// Width of the panel: a legend as wide as its longest label, a colour bar of fixed width.
fn panel_width(side: &Side) -> u32 {
    match side {
        Side::Legend(entries) => {
            let chars = entries.iter().map(|e| match e {
                Entry::Swatch(_, label) | Entry::Line(label) => label.chars().count(),
            });
            40 + 9 * chars.max().unwrap_or(0) as u32
        }
        Side::ColourBar { label, .. } => (100 + 9 * label.chars().count() as u32 / 2).max(140),
    }
}

/// The legend or the colour bar, from the top of the plot area down.
fn draw_panel(area: &DrawingArea<BitMapBackend<'_>, Shift>, side: &Side) -> DrawResult {
    let style = (FONT, 15).into_font().color(&BLACK);
    let top = TOP as i32 + 5;
    match side {
        Side::Legend(entries) => {
            for (k, entry) in entries.iter().enumerate() {
                let y = top + 24 * k as i32;
                let label = match entry {
                    Entry::Swatch([r, g, b], label) => {
                        area.draw(&Rectangle::new(
                            [(0, y), (16, y + 16)],
                            RGBColor(*r, *g, *b).filled(),
                        ))?;
                        area.draw(&Rectangle::new(
                            [(0, y), (16, y + 16)],
                            BLACK.stroke_width(1),
                        ))?;
                        label
                    }
                    Entry::Line(label) => {
                        area.draw(&PathElement::new(
                            vec![(0, y + 8), (16, y + 8)],
                            BLACK.stroke_width(2),
                        ))?;
                        label
                    }
                };
                area.draw(&Text::new(label.as_str(), (24, y), style.clone()))?;
            }
        }
        Side::ColourBar { range, label } => {
            area.draw(&Text::new(label.as_str(), (0, top - 25), style.clone()))?;
            let (height, steps) = (300, 150);
            for s in 0..steps {
                let [r, g, b] = palette::ramp((s as f64 + 0.5) / steps as f64);
                let y1 = top + height - height * s / steps;
                let y0 = top + height - height * (s + 1) / steps;
                area.draw(&Rectangle::new(
                    [(0, y0), (24, y1)],
                    RGBColor(r, g, b).filled(),
                ))?;
            }
            area.draw(&Rectangle::new(
                [(0, top), (24, top + height)],
                BLACK.stroke_width(1),
            ))?;
            for k in 0..=4 {
                let value = range[0] + (range[1] - range[0]) * k as f64 / 4.0;
                let y = top + height - height * k / 4;
                area.draw(&PathElement::new(
                    vec![(24, y), (30, y)],
                    BLACK.stroke_width(1),
                ))?;
                area.draw(&Text::new(tick(value), (34, y - 8), style.clone()))?;
            }
        }
    }
    Ok(())
}

/// A tick label in world units: whole numbers from 100 up, else up to three decimals, without
/// trailing zeros.
fn tick(v: f64) -> String {
    let s = if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(tick(1000.0), "1000");
        assert_eq!(tick(-650.4), "-650");
        assert_eq!(tick(12.5), "12.5");
        assert_eq!(tick(-0.0001), "0");
        assert_eq!(tick(0.125), "0.125");
    }
}
