//! Blocks between two clusters: which kind a pair is (far, near, or to be split), and the
//! compression of a far block in its kind-parts.
//!
//! ```text
//! far      dist(t, s) > 0 and max(diam t, diam s) <= η dist(t, s)
//! near     both leaves and not far
//! split    the larger of t, s that has children
//! ```
//!
//! A far block is compressed in up to four parts, one per pair of kinds of its rows (values
//! `Z` or gradient components `G_a`) and columns (charges or dipole components), each by
//! [`aca`] on entries of one scale.

use super::aca::{Compressed, aca};
use super::point_kernel::{Channel, PointKernel, is_vector};
use super::tree::Node;
use crate::Point;

/// What to do with a pair of clusters.
pub(crate) enum Pair {
    Far,
    Near,
    /// Split `t` into these children.
    SplitTarget([usize; 2]),
    /// Split `s` into these children.
    SplitSource([usize; 2]),
}

/// The kind of the pair `(t, s)` under admissibility `eta` (module docs).
pub(crate) fn classify(t: &Node, s: &Node, eta: f64) -> Pair {
    let distance = t.distance(s);
    if distance > 0.0 && t.diameter().max(s.diameter()) <= eta * distance {
        return Pair::Far;
    }
    let split_t = s.children.is_none() || (t.children.is_some() && t.diameter() >= s.diameter());
    match (split_t, t.children, s.children) {
        (true, Some(children), _) => Pair::SplitTarget(children),
        (_, _, Some(children)) => Pair::SplitSource(children),
        _ => Pair::Near,
    }
}

/// One kind-part of a far block.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// Offsets of its rows in the row cluster's dofs, of its columns in the column cluster's.
    pub rows: Vec<u32>,
    pub cols: Vec<u32>,
    pub block: Compressed,
}

impl Part {
    /// `out[rows] += B x[cols]` (`transposed`: `out[cols] += Bᵀ x[rows]`), with `x` and `out`
    /// the dofs of the column and row clusters (the other way round when transposed); `xs`
    /// and `ys` are the caller's scratch for the gathered entries.
    pub fn apply(
        &self,
        x: &[f64],
        out: &mut [f64],
        transposed: bool,
        (xs, ys): (&mut Vec<f64>, &mut Vec<f64>),
    ) {
        let (from, to) = if transposed {
            (&self.rows, &self.cols)
        } else {
            (&self.cols, &self.rows)
        };
        xs.clear();
        xs.extend(from.iter().map(|&j| x[j as usize]));
        ys.clear();
        ys.resize(to.len(), 0.0);
        self.block.apply(xs, ys, transposed);
        for (&i, v) in to.iter().zip(ys.iter()) {
            out[i as usize] += v;
        }
    }
}

/// The kind-parts of the far block between the dofs `rows` and `cols`, to tolerance
/// `tolerance`.
pub(crate) fn compress(
    rows: &[(Point, Channel)],
    cols: &[(Point, Channel)],
    kernel: &PointKernel,
    tolerance: f64,
) -> Vec<Part> {
    let of_kind = |dofs: &[(Point, Channel)], vector: bool| -> Vec<u32> {
        (0..dofs.len() as u32)
            .filter(|&i| is_vector(dofs[i as usize].1) == vector)
            .collect()
    };
    let col_kinds = [of_kind(cols, false), of_kind(cols, true)];
    let mut parts = Vec::new();
    for row_kind in [false, true] {
        let part_rows = of_kind(rows, row_kind);
        if part_rows.is_empty() {
            continue;
        }
        for part_cols in col_kinds.iter().filter(|c| !c.is_empty()) {
            let row = |i: usize, out: &mut [f64]| {
                let (x, c) = &rows[part_rows[i] as usize];
                for (o, &j) in out.iter_mut().zip(part_cols) {
                    let (y, d) = &cols[j as usize];
                    *o = kernel.entry(x, *c, y, *d);
                }
            };
            let col = |j: usize, out: &mut [f64]| {
                let (y, d) = &cols[part_cols[j] as usize];
                for (o, &i) in out.iter_mut().zip(&part_rows) {
                    let (x, c) = &rows[i as usize];
                    *o = kernel.entry(x, *c, y, *d);
                }
            };
            let block = aca(part_rows.len(), part_cols.len(), row, col, tolerance);
            parts.push(Part {
                rows: part_rows.clone(),
                cols: part_cols.clone(),
                block,
            });
        }
    }
    parts
}
