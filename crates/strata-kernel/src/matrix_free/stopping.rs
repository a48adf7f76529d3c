//! The stopping rules of the matrix-free solve: units of the residual rows that mean something
//! for the model.
//!
//! ```text
//! Stopping::IsoValueGap   |r_(α,i)| <= f·ĝ                 at every orientation
//!                         |r_k|     <= f·min(Δ_s(k), 2ĝL)  at every surface point
//! Stopping::FieldSpread   |r_(α,i)| <= τ·ĝ,   |r_k| <= τ·2ĝL
//!
//! ĝ = max |g_i|      the largest orientation gradient
//! 2ĝL                the field's spread over the data (Z grows at twice the exported
//!                    gradient, L the data's diagonal)
//! Δ_s                the gap between surface s's iso-value and its nearest neighbour's,
//!                    both from the current iterate: Z_w(q_s) with the drift and fault terms
//! ```
//!
//! The residual of an interface row is how far `Z(r_k) − Z(q_k)` still has to move: a
//! fraction `f` of the gap to the neighbouring iso-value means no surface point's field can
//! cross into the next unit, and the field between the data (the co-kriging interpolant of
//! the residuals) moves by the same order. A gradient residual `f ĝ` tilts the field by `f`
//! of its slope: over the distance between two surfaces (where `Z` rises by `Δ` at `2ĝ` per
//! unit length) it moves the field by `f Δ / 2`, so the same `f` matches both kinds of rows.
//! A stack with one surface (or iso-values that coincide) has no gap: its unit is the spread,
//! as in `FieldSpread`. The iso-values of surfaces with a single point (no interface row) are
//! not seen by the rule.

use strata_solver::iterative::ResidualScale;

use crate::evaluation::add_drift;
use crate::fused::FusedField;
use crate::{FieldValues, KrigingSystem, Point};

/// What the matrix-free solve stops on (module docs); its tolerance is
/// [`IterativeOptions::tolerance`](strata_solver::iterative::IterativeOptions::tolerance).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopping {
    /// Every surface point's residual within a fraction `f` of the gap between its surface's
    /// iso-value and the nearest other one, the gradients within `f` of `ĝ`.
    IsoValueGap,
    /// Every residual within `τ` of the field's spread over the data (`τ ĝ` on gradients): the
    /// conformance rule, `τ = 10⁻¹⁰` the conformance tolerance of the interface values.
    FieldSpread,
}

impl Stopping {
    /// The default tolerance of the rule: [`GAP_FRACTION`] or `10⁻¹⁰`.
    pub const fn default_tolerance(self) -> f64 {
        match self {
            Stopping::IsoValueGap => GAP_FRACTION,
            Stopping::FieldSpread => 1e-10,
        }
    }

    /// What the rule measures, for summaries: `of the iso-value gap` or `of the field's spread`.
    pub const fn unit(self) -> &'static str {
        match self {
            Stopping::IsoValueGap => "of the iso-value gap",
            Stopping::FieldSpread => "of the field's spread",
        }
    }
}

/// The default fraction `f` of [`Stopping::IsoValueGap`].
///
/// Measured on the layered model with its surface points gathered into 11 seismic-line-like
/// clusters (`2 × 24²` points and `8²` orientations, and `2 × 35²` and `6²`), ids on a 50³
/// grid against the dense solve: 765 and 1 488 of 125 000 differ at `f = 10⁻¹`, 7 at
/// `10⁻³`, 0 and 4 at `10⁻⁴`, none from `10⁻⁵` down to `10⁻¹⁰`; each decade costs one to three
/// iterations (7 and 9 at `10⁻⁶`, 16 at `10⁻¹⁰`). `10⁻⁶` keeps a decade below the largest
/// fraction seen exact and two below the smallest seen wrong, and stays far above the rounding
/// floor of the products on ill-conditioned data (`≈ 10⁻⁹` of the field's spread).
pub const GAP_FRACTION: f64 = 1e-6;

/// `ĝ` and `2ĝL` of a system (module docs).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Units {
    /// `ĝ`, the unit of the gradient rows.
    pub gradient: f64,
    /// `2ĝL`, the field's spread over the data.
    pub spread: f64,
}

impl Units {
    pub(crate) fn new(system: &KrigingSystem) -> Self {
        let norm = |g: &[f64; 3]| (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]).sqrt();
        let g = system
            .orientation_gradient
            .iter()
            .map(norm)
            .fold(0.0, f64::max);
        let g = if g > 0.0 { g } else { 1.0 };
        let mut lo = [f64::INFINITY; 3];
        let mut hi = [f64::NEG_INFINITY; 3];
        for p in system
            .orientation_xyz
            .iter()
            .chain(&system.reference)
            .chain(&system.rest)
        {
            for a in 0..3 {
                lo[a] = lo[a].min(p[a]);
                hi[a] = hi[a].max(p[a]);
            }
        }
        let diagonal = norm(&std::array::from_fn(|a| (hi[a] - lo[a]).max(0.0)));
        Self {
            gradient: g,
            spread: 2.0 * g * if diagonal > 0.0 { diagonal } else { 1.0 },
        }
    }

    /// The `FieldSpread` units: `ĝ` on gradient rows, `2ĝL` on interface rows.
    pub(crate) fn fixed(&self, system: &KrigingSystem) -> Vec<f64> {
        let layout = system.layout();
        let mut scale = vec![self.gradient; layout.covariance_size()];
        scale[3 * layout.n_orientations..].fill(self.spread);
        scale
    }
}

/// The units of [`Stopping::IsoValueGap`] for an iterate (module docs).
pub(crate) struct IsoValueGap<'a> {
    system: &'a KrigingSystem,
    units: Units,
    /// One reference point per surface, in the order first met.
    references: Vec<Point>,
    /// The surface of every interface row.
    surface_of_row: Vec<usize>,
    /// The fault-drift values at each surface's reference point, `[fault][surface]`.
    fault_at_reference: Vec<Vec<f64>>,
}

impl<'a> IsoValueGap<'a> {
    pub(crate) fn new(system: &'a KrigingSystem) -> Self {
        let mut references: Vec<Point> = Vec::new();
        let mut first_row = Vec::new();
        let surface_of_row = system
            .reference
            .iter()
            .enumerate()
            .map(|(k, q)| {
                let bits = q.map(f64::to_bits);
                match references.iter().position(|p| p.map(f64::to_bits) == bits) {
                    Some(s) => s,
                    None => {
                        references.push(*q);
                        first_row.push(k);
                        references.len() - 1
                    }
                }
            })
            .collect();
        let fault_at_reference = system
            .fault_reference
            .iter()
            .map(|column| first_row.iter().map(|&k| column[k]).collect())
            .collect();
        Self {
            system,
            units: Units::new(system),
            references,
            surface_of_row,
            fault_at_reference,
        }
    }

    /// `Z_w(q_s)` of every surface for the weights `w` (kernel, drift and fault terms).
    fn iso_values(&self, weights: &[f64]) -> Vec<f64> {
        let s = self.system;
        let layout = s.layout();
        let mut values: FieldValues =
            FusedField::<f64>::new(s, weights).kernel_field(&self.references, false);
        add_drift(s, weights, &self.references, &mut values);
        for (f, column) in self.fault_at_reference.iter().enumerate() {
            let w = weights[layout.fault_row(f)];
            for (z, v) in values.scalar.iter_mut().zip(column) {
                *z += w * v;
            }
        }
        values.scalar
    }
}

impl ResidualScale for IsoValueGap<'_> {
    fn scale(&self, weights: &[f64], out: &mut [f64]) {
        let no = self.system.orientation_xyz.len();
        let (gradient, interface) = out.split_at_mut(3 * no);
        gradient.fill(self.units.gradient);
        let spread = self.units.spread;
        if self.references.len() < 2 {
            interface.fill(spread);
            return;
        }
        let iso = self.iso_values(weights);
        let mut order: Vec<usize> = (0..iso.len()).collect();
        order.sort_by(|&a, &b| iso[a].total_cmp(&iso[b]).then(a.cmp(&b)));
        let mut unit = vec![spread; iso.len()];
        for (place, &s) in order.iter().enumerate() {
            let below = place.checked_sub(1).map(|p| iso[s] - iso[order[p]]);
            let above = order.get(place + 1).map(|&t| iso[t] - iso[s]);
            let gap = below.into_iter().chain(above).fold(f64::INFINITY, f64::min);
            if gap > 0.0 {
                unit[s] = gap.min(spread);
            }
        }
        for (u, &s) in interface.iter_mut().zip(&self.surface_of_row) {
            *u = unit[s];
        }
    }
}
