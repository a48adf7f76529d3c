//! Fused CPU implementation of the heavy operations: one pass over the data per output entry,
//! no temporaries, parallel over rows (assembly) or points (evaluation) with rayon.
//!
//! It computes exactly what [`crate::tensor_ops`] computes; the two are tested against each other.

use rayon::prelude::*;

use crate::{Covariance, FieldValues, HESSIAN_EPSILON, KrigingSystem, Point, Radial};

fn diff(a: &Point, b: &Point) -> Point {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn norm2(h: &Point) -> f64 {
    h[0] * h[0] + h[1] * h[1] + h[2] * h[2]
}

/// `(ρ, Kp(ρ))` between two points.
fn rho_kp(cov: &Covariance, h: &Point) -> (f64, f64) {
    let rho = cov.rho(norm2(h));
    (rho, cov.kp(rho))
}

/// The covariance block, row-major `n_c × n_c`, unscaled (see
/// [`crate::tensor_ops::covariance_block`]).
pub fn covariance_block(s: &KrigingSystem) -> Vec<f64> {
    let cov = s.covariance;
    let layout = s.layout();
    let (no, nr) = (layout.n_orientations, layout.n_rest);
    let nc = layout.covariance_size();
    let mut out = vec![0.0; nc * nc];
    out.par_chunks_mut(nc)
        .enumerate()
        .for_each(|(row, out_row)| {
            if row < 3 * no {
                let (a, i) = (row / no, row % no);
                let p = &s.orientation_xyz[i];
                for (j, pj) in s.orientation_xyz.iter().enumerate() {
                    let h = diff(p, pj);
                    let (rho, kp) = rho_kp(&cov, &h);
                    let k2_kp = cov.k2(rho) - kp;
                    let den = rho * rho + HESSIAN_EPSILON;
                    for b in 0..3 {
                        let v = (-(h[a] * h[b]) / den) * k2_kp;
                        out_row[b * no + j] = if a == b { v - kp } else { v };
                    }
                }
                for k in 0..nr {
                    let hq = diff(p, &s.reference[k]);
                    let hr = diff(p, &s.rest[k]);
                    let v = hq[a] * rho_kp(&cov, &hq).1 - hr[a] * rho_kp(&cov, &hr).1;
                    out_row[3 * no + k] = s.gi_res * v;
                }
            } else {
                let k = row - 3 * no;
                let (qk, rk) = (&s.reference[k], &s.rest[k]);
                for (i, p) in s.orientation_xyz.iter().enumerate() {
                    let hq = diff(p, qk);
                    let hr = diff(p, rk);
                    let v_base = [0, 1, 2]
                        .map(|a| hq[a] * rho_kp(&cov, &hq).1 - hr[a] * rho_kp(&cov, &hr).1);
                    for (a, v) in v_base.iter().enumerate() {
                        out_row[a * no + i] = s.gi_res * v;
                    }
                }
                let k_of = |x: &Point, y: &Point| cov.k(cov.rho(norm2(&diff(x, y))));
                for l in 0..nr {
                    let (ql, rl) = (&s.reference[l], &s.rest[l]);
                    let v = k_of(rk, rl) - k_of(rk, ql) - k_of(qk, rl) + k_of(qk, ql);
                    out_row[3 * no + l] = s.i_res * v;
                }
            }
        });
    out
}

/// The reference points of the interface rows with their summed weights: rows of one surface
/// share its reference point, so `Σ_k w_k K(q_k, x)` needs one kernel value per distinct point.
fn merged_references(s: &KrigingSystem, w_rest: &[f64]) -> Vec<(Point, f64)> {
    let mut merged: Vec<(Point, f64)> = Vec::new();
    for (q, &w) in s.reference.iter().zip(w_rest) {
        match merged.last_mut() {
            Some((last, sum)) if last == q => *sum += w,
            _ => merged.push((*q, w)),
        }
    }
    merged
}

/// The kernel part of `Z` and `G` at a chunk of points (see [`crate::evaluate`]).
pub fn kernel_field(
    s: &KrigingSystem,
    weights: &[f64],
    xyz: &[Point],
    gradient: bool,
) -> FieldValues {
    let cov = s.covariance;
    let layout = s.layout();
    let no = layout.n_orientations;
    let w_rest = &weights[3 * no..3 * no + layout.n_rest];
    let references = merged_references(s, w_rest);
    let values: Vec<(f64, Point)> = xyz
        .par_iter()
        .map(|x| {
            let (mut z, mut g) = (0.0, [0.0; 3]);
            for (i, p) in s.orientation_xyz.iter().enumerate() {
                let h = diff(p, x);
                let Radial { rho, kp, k2, .. } = cov.radial(norm2(&h), gradient);
                let w = [weights[i], weights[no + i], weights[2 * no + i]];
                let sw = w[0] * h[0] + w[1] * h[1] + w[2] * h[2];
                z += sw * kp;
                if gradient {
                    let t = (k2 - kp) / (rho * rho + HESSIAN_EPSILON);
                    for b in 0..3 {
                        g[b] += -(h[b] * sw * t) - w[b] * kp;
                    }
                }
            }
            z *= s.c_o * s.gi_res;
            for component in &mut g {
                *component *= s.c_o;
            }
            // Σ_k w_k (K(q_k, x) − K(r_k, x)) and its gradient, references merged.
            let (mut zi, mut gi) = (0.0, [0.0; 3]);
            let mut add = |point: &Point, w: f64| {
                let h = diff(point, x);
                let Radial { k, kp, .. } = cov.radial(norm2(&h), false);
                zi += w * k;
                if gradient {
                    for b in 0..3 {
                        gi[b] -= w * h[b] * kp;
                    }
                }
            };
            for (q, w) in &references {
                add(q, *w);
            }
            for (r, &w) in s.rest.iter().zip(w_rest) {
                add(r, -w);
            }
            z += zi * s.c_o * s.i_res;
            for b in 0..3 {
                g[b] += gi[b] * s.c_o * s.gi_res;
            }
            (z, g)
        })
        .collect();
    FieldValues {
        scalar: values.iter().map(|v| v.0).collect(),
        gradient: gradient.then(|| values.iter().map(|v| v.1).collect()),
    }
}
