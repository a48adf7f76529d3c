//! A cross-section of the block model as a PNG: cells coloured by unit, axes with tick labels in
//! world units, a title and a legend (text in an 8×8 bitmap font).

use std::path::Path;

use font8x8::UnicodeFonts;

use crate::IoError;
use crate::atomic_write::write_atomically;

/// A section to draw: `ids[iu·nv + iv]` is the unit of cell `(iu, iv)`; `u` runs left to right,
/// `v` bottom to top.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// Unit ids, `nu × nv`, `v` fastest.
    pub ids: &'a [i32],
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
    /// `(id, name)` of every unit, for the legend.
    pub legend: &'a [(i32, String)],
}

/// A colour-blind-safe palette (Okabe–Ito), cycled by id.
const PALETTE: [[u8; 3]; 8] = [
    [230, 159, 0],
    [86, 180, 233],
    [0, 158, 115],
    [240, 228, 66],
    [0, 114, 178],
    [213, 94, 0],
    [204, 121, 167],
    [150, 150, 150],
];

/// The colour of unit `id` (white for 0, no unit).
pub fn unit_colour(id: i32) -> [u8; 3] {
    if id <= 0 {
        [255, 255, 255]
    } else {
        PALETTE[(id as usize - 1) % PALETTE.len()]
    }
}

struct Canvas {
    w: usize,
    h: usize,
    rgb: Vec<u8>,
}

impl Canvas {
    fn set(&mut self, x: usize, y: usize, c: [u8; 3]) {
        if x < self.w && y < self.h {
            let i = (y * self.w + x) * 3;
            self.rgb[i..i + 3].copy_from_slice(&c);
        }
    }

    fn rect(&mut self, x: usize, y: usize, w: usize, h: usize, c: [u8; 3]) {
        for yy in y..y + h {
            for xx in x..x + w {
                self.set(xx, yy, c);
            }
        }
    }

    /// Text with its top-left corner at `(x, y)`.
    fn text(&mut self, x: usize, y: usize, s: &str) {
        for (k, ch) in s.chars().enumerate() {
            let glyph = font8x8::BASIC_FONTS.get(ch).unwrap_or([0; 8]);
            for (row, bits) in glyph.iter().enumerate() {
                for col in 0..8 {
                    if bits >> col & 1 == 1 {
                        self.set(x + 8 * k + col, y + row, [0, 0, 0]);
                    }
                }
            }
        }
    }
}

fn tick_label(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// Draws the section and writes it to `path` (whole or not at all).
pub fn write_section_png(path: &Path, section: &Section<'_>) -> Result<(), IoError> {
    let colours: Vec<[u8; 3]> = section.ids.iter().map(|&id| unit_colour(id)).collect();
    let legend: Vec<([u8; 3], String)> = section
        .legend
        .iter()
        .map(|(id, name)| (unit_colour(*id), format!("{id} {name}")))
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

/// A section as colours: `colours[iu·nv + iv]` fills cell `(iu, iv)`, the legend shows a
/// swatch and a text per entry.
pub(crate) struct Picture<'a> {
    pub colours: &'a [[u8; 3]],
    pub nu: usize,
    pub nv: usize,
    pub u_range: [f64; 2],
    pub v_range: [f64; 2],
    pub labels: [&'a str; 2],
    pub title: &'a str,
    pub legend: &'a [([u8; 3], String)],
}

/// Draws a picture with its axes, title and legend, and writes it (whole or not at all).
pub(crate) fn write_picture(path: &Path, section: &Picture<'_>) -> Result<(), IoError> {
    let (nu, nv) = (section.nu, section.nv);
    if nu == 0 || nv == 0 || section.colours.len() != nu * nv {
        return Err(IoError::Project {
            file: path.display().to_string(),
            problem: format!(
                "section of {}x{} cells with {} values",
                nu,
                nv,
                section.colours.len()
            ),
        });
    }
    let scale = (640 / nu.max(nv)).max(1);
    let (pw, ph) = (nu * scale, nv * scale);
    let (left, top, bottom) = (80, 30, 50);
    let legend_w = 20
        + 8 * section
            .legend
            .iter()
            .map(|(_, text)| text.len() + 2)
            .max()
            .unwrap_or(0);
    let (w, h) = (left + pw + 20 + legend_w, top + ph + bottom);
    let mut c = Canvas {
        w,
        h,
        rgb: vec![255; w * h * 3],
    };
    c.text(left, 8, section.title);
    for iu in 0..nu {
        for iv in 0..nv {
            let colour = section.colours[iu * nv + iv];
            c.rect(
                left + iu * scale,
                top + (nv - 1 - iv) * scale,
                scale,
                scale,
                colour,
            );
        }
    }
    // Frame, ticks and tick labels.
    let black = [0, 0, 0];
    c.rect(left - 1, top - 1, pw + 2, 1, black);
    c.rect(left - 1, top + ph, pw + 2, 1, black);
    c.rect(left - 1, top - 1, 1, ph + 2, black);
    c.rect(left + pw, top - 1, 1, ph + 2, black);
    for k in 0..=4 {
        let f = k as f64 / 4.0;
        let x = left + ((pw - 1) as f64 * f) as usize;
        c.rect(x, top + ph, 1, 5, black);
        let label = tick_label(section.u_range[0] + f * (section.u_range[1] - section.u_range[0]));
        c.text(x.saturating_sub(4 * label.len()), top + ph + 8, &label);
        let y = top + ph - 1 - ((ph - 1) as f64 * f) as usize;
        c.rect(left - 5, y, 5, 1, black);
        let label = tick_label(section.v_range[0] + f * (section.v_range[1] - section.v_range[0]));
        c.text(
            (left - 8).saturating_sub(8 * label.len()),
            y.saturating_sub(4),
            &label,
        );
    }
    c.text(
        left + pw / 2 - 4 * section.labels[0].len(),
        top + ph + 26,
        section.labels[0],
    );
    c.text(4, top + ph / 2, section.labels[1]);
    // Legend.
    let lx = left + pw + 20;
    for (k, (colour, text)) in section.legend.iter().enumerate() {
        let y = top + 16 * k;
        c.rect(lx, y, 12, 12, *colour);
        c.text(lx + 16, y + 2, text);
    }
    write_atomically(path, |out| {
        let mut encoder = png::Encoder::new(out, w as u32, h as u32);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&c.rgb))
            .map_err(std::io::Error::other)
    })
}
