//! A section or a geological map coloured by unit: the ids on a lattice, axes in world units,
//! the units in a legend, and lines drawn over them (where the faults cut the plane).

use std::path::Path;

use super::{Entry, Plot, Side, Trace, unit_colour, write_plot_png};
use strata_io::IoError;

/// Where the ids of a [`Section`] lie along each axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// At the centres of `n` equal cells tiling the range (a regular grid's cells).
    Cells,
    /// At `n ≥ 2` equally spaced nodes from one end of the range to the other (the topography's
    /// lattice); each is drawn over the half-way box around it.
    Nodes,
}

impl Registration {
    /// The `n + 1` edges of the boxes drawn for `n` values over `range`.
    pub(crate) fn edges(self, range: [f64; 2], n: usize) -> Vec<f64> {
        let at = |t: f64| range[0] + t * (range[1] - range[0]);
        match self {
            Self::Cells => (0..=n).map(|i| at(i as f64 / n as f64)).collect(),
            Self::Nodes => (0..=n)
                .map(|i| match i {
                    0 => range[0],
                    i if i == n => range[1],
                    i => at((i as f64 - 0.5) / (n - 1) as f64),
                })
                .collect(),
        }
    }
}

/// A section to draw: `ids[iu·nv + iv]` is the unit at `(iu, iv)`; `u` runs left to right,
/// `v` bottom to top.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// Unit ids, `nu × nv`, `v` fastest (0: no unit, or air).
    pub ids: &'a [i32],
    /// Values along `u`.
    pub nu: usize,
    /// Values along `v`.
    pub nv: usize,
    /// World range of `u`.
    pub u_range: [f64; 2],
    /// World range of `v`.
    pub v_range: [f64; 2],
    /// Where the ids lie in the ranges.
    pub registration: Registration,
    /// Axis labels.
    pub labels: [&'a str; 2],
    /// Title.
    pub title: &'a str,
    /// `(id, name)` of every unit shown, for the legend.
    pub legend: &'a [(i32, String)],
    /// Lines drawn over the units, in `(u, v)` coordinates, named in the legend.
    pub traces: &'a [Trace],
}

/// Draws the section and writes it to `path` as a PNG (whole or not at all).
pub fn write_section_png(path: &Path, section: &Section<'_>) -> Result<(), IoError> {
    let (nu, nv) = (section.nu, section.nv);
    let least = match section.registration {
        Registration::Cells => 1,
        Registration::Nodes => 2,
    };
    if nu < least || nv < least || section.ids.len() != nu * nv {
        return Err(IoError::Output {
            file: path.display().to_string(),
            problem: format!(
                "a section of {nu} × {nv} values ({:?}) with {} ids",
                section.registration,
                section.ids.len()
            ),
        });
    }
    let mut legend: Vec<Entry> = section
        .legend
        .iter()
        .map(|(id, name)| Entry::Swatch(unit_colour(*id), format!("{id} {name}")))
        .collect();
    legend.extend(
        section
            .traces
            .iter()
            .map(|t| Entry::Line(format!("{} (trace)", t.name))),
    );
    let plot = Plot {
        title: section.title,
        labels: section.labels,
        edges: [
            section.registration.edges(section.u_range, nu),
            section.registration.edges(section.v_range, nv),
        ],
        colours: section.ids.iter().map(|&id| unit_colour(id)).collect(),
        traces: section.traces,
        side: Side::Legend(legend),
    };
    write_plot_png(path, &plot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_drawn_over_the_boxes_around_them() {
        assert_eq!(
            Registration::Cells.edges([0.0, 30.0], 3),
            [0.0, 10.0, 20.0, 30.0]
        );
        // Nodes at 0, 10, 20, 30: boxes end half-way between them and at the range's ends.
        assert_eq!(
            Registration::Nodes.edges([0.0, 30.0], 4),
            [0.0, 5.0, 15.0, 25.0, 30.0]
        );
    }
}
