//! Fused CPU implementation of the heavy operations: one pass over the data per output entry,
//! no temporaries, parallel over rows (assembly) or points (evaluation) with rayon.
//!
//! * [`covariance_block`] keeps the reference-order forms of the covariance functions
//!   ([`Covariance::k`], libm `pow`): the interface block takes differences of kernel values
//!   close to 1, and an ill-conditioned system (κ ≈ 1e11 in the graben case) turns a one-ulp
//!   change of `A` into a visible change of the weights, so `A` must match gempy_engine's bits.
//! * [`FusedField`] evaluates a solved stack with SIMD kernels ([`lanes`], [`radial`]) in `f64`
//!   or `f32`, dispatched at run time to AVX-512, AVX2 + FMA, NEON or scalar code.
//!
//! Both compute what [`crate::tensor_ops`] computes; they are tested against each other.

mod field;
pub mod lanes;
pub mod radial;

use rayon::prelude::*;

pub use field::FusedField;
pub use lanes::Lane;
pub use radial::RadialKernel;

use crate::{Covariance, HESSIAN_EPSILON, KrigingSystem, Point};

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
