//! Fused CPU implementation of the heavy operations: one pass over the data per output entry,
//! no temporaries, parallel over rows (assembly) or points (evaluation) with rayon.
//!
//! * [`covariance_block_reference`] keeps the reference-order forms of the covariance functions
//!   ([`crate::Covariance::k`], libm `pow`): the interface block takes differences of kernel values
//!   close to 1, and an ill-conditioned system (κ ≈ 1e11 in the graben case) turns a one-ulp
//!   change of `A` into a visible change of the weights, so `A` must match gempy_engine's bits.
//! * [`FusedField`] evaluates a solved stack with SIMD kernels ([`lanes`], [`radial`]) in `f64`
//!   or `f32`, dispatched at run time to AVX-512, AVX2 + FMA, NEON or scalar code.
//!
//! Both compute what [`crate::tensor_ops`] computes; they are tested against each other.

mod field;
pub mod lanes;
pub mod radial;

use std::collections::HashMap;

use rayon::prelude::*;

pub use field::FusedField;
#[cfg(feature = "cube")]
pub(crate) use field::PackedField;
pub use lanes::Lane;
pub use radial::RadialKernel;

use crate::{HESSIAN_EPSILON, KrigingSystem, Point};

/// The lower and upper corners of the box around `points` (`[+∞, −∞]` when there are none).
pub(crate) fn bounding_box<'a>(points: impl Iterator<Item = &'a Point>) -> [Point; 2] {
    let mut lo = [f64::INFINITY; 3];
    let mut hi = [f64::NEG_INFINITY; 3];
    for p in points {
        for a in 0..3 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    [lo, hi]
}

fn diff(a: &Point, b: &Point) -> Point {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn norm2(h: &Point) -> f64 {
    h[0] * h[0] + h[1] * h[1] + h[2] * h[2]
}

/// The interface rows' points without repetition: every distinct reference and rest point,
/// with each row's index into them (rows of one surface share its reference point).
pub(crate) struct InterfacePoints {
    pub points: Vec<Point>,
    pub reference: Vec<usize>,
    pub rest: Vec<usize>,
}

impl InterfacePoints {
    pub(crate) fn new(s: &KrigingSystem) -> Self {
        let mut index: HashMap<[u64; 3], usize> = HashMap::new();
        let mut points = Vec::new();
        let mut id = |p: &Point| {
            *index.entry(p.map(f64::to_bits)).or_insert_with(|| {
                points.push(*p);
                points.len() - 1
            })
        };
        let reference = s.reference.iter().map(&mut id).collect();
        let rest = s.rest.iter().map(&mut id).collect();
        Self {
            points,
            reference,
            rest,
        }
    }
}

/// `f(x_i, y_j)` for every pair, row-major `|xs| × |ys|`, rows in parallel.
fn table(xs: &[Point], ys: &[Point], f: impl Fn(&Point, &Point) -> f64 + Sync) -> Vec<f64> {
    let mut out = vec![0.0; xs.len() * ys.len()];
    if ys.is_empty() {
        return out;
    }
    out.par_chunks_mut(ys.len())
        .zip(xs.par_iter())
        .for_each(|(row, x)| {
            for (v, y) in row.iter_mut().zip(ys) {
                *v = f(x, y);
            }
        });
    out
}

/// `f(x_i, x_j)` of a symmetric `f` for every pair, row-major `|xs|²`: the upper triangle
/// computed (rows in parallel), the lower one mirrored.
fn symmetric_table(xs: &[Point], f: impl Fn(&Point, &Point) -> f64 + Sync) -> Vec<f64> {
    let m = xs.len();
    let mut out = vec![0.0; m * m];
    if m == 0 {
        return out;
    }
    out.par_chunks_mut(m).enumerate().for_each(|(i, row)| {
        for j in i..m {
            row[j] = f(&xs[i], &xs[j]);
        }
    });
    for i in 1..m {
        for j in 0..i {
            out[i * m + j] = out[j * m + i];
        }
    }
    out
}

/// The kernel values an assembly reads, at a squared distance `d²`.
pub(crate) trait KernelValues: Sync {
    /// `K(ρ(d²))`.
    fn k(&self, d2: f64) -> f64;
    /// `Kp(ρ(d²))`.
    fn kp(&self, d2: f64) -> f64;
    /// `(ρ, Kp, K2)` at `d²` (the gradient–gradient entries).
    fn gradient_terms(&self, d2: f64) -> (f64, f64, f64);
}

/// gempy_engine's order of operations (libm `pow`, powers of the range once): the bits of
/// the reference matrix.
struct ReferenceOrder {
    cov: crate::Covariance,
    powers: crate::RangePowers,
}

impl KernelValues for ReferenceOrder {
    fn k(&self, d2: f64) -> f64 {
        self.cov.k_with(self.cov.rho(d2), &self.powers)
    }

    fn kp(&self, d2: f64) -> f64 {
        self.cov.kp_with(self.cov.rho(d2), &self.powers)
    }

    fn gradient_terms(&self, d2: f64) -> (f64, f64, f64) {
        let rho = self.cov.rho(d2);
        let kp = self.cov.kp_with(rho, &self.powers);
        (rho, kp, self.cov.k2_with(rho, &self.powers))
    }
}

/// The Horner forms of the evaluation kernels ([`radial`]), one lane at a time: the same
/// values up to rounding, without `pow` (for preconditioner blocks).
struct Horner(RadialKernel<f64>);

impl KernelValues for Horner {
    fn k(&self, d2: f64) -> f64 {
        self.0
            .terms::<pulp::Scalar, true, false, false>(pulp::Scalar, d2)
            .k
    }

    fn kp(&self, d2: f64) -> f64 {
        self.0
            .terms::<pulp::Scalar, false, true, false>(pulp::Scalar, d2)
            .kp
    }

    fn gradient_terms(&self, d2: f64) -> (f64, f64, f64) {
        let t = self
            .0
            .terms::<pulp::Scalar, false, true, true>(pulp::Scalar, d2);
        (t.rho, t.kp, t.k2)
    }
}

/// The covariance block, row-major `n_c × n_c`, unscaled (see
/// [`crate::tensor_ops::covariance_block_reference`]).
///
/// Every kernel value is computed once per pair of distinct points — `K` between interface
/// points, `Kp` between orientations and interface points — in the reference order of
/// operations, then gathered: the same bits as evaluating each entry's terms directly (`K(x, y)`
/// and `K(y, x)` see the same squared distance), at a quarter of the cost for the interface
/// block. The tables take `8·(m² + n_o·m)` bytes for `m` distinct interface points.
pub fn covariance_block_reference(s: &KrigingSystem) -> Vec<f64> {
    let reference = ReferenceOrder {
        cov: s.covariance,
        powers: s.covariance.powers(),
    };
    covariance_block_with(s, &reference)
}

/// [`covariance_block_reference`] with the Horner forms of the evaluation kernels: equal up to rounding,
/// several times faster (no `pow`); the blocks of the matrix-free solve's preconditioner.
pub(crate) fn covariance_block_fast(s: &KrigingSystem) -> Vec<f64> {
    covariance_block_with(s, &Horner(RadialKernel::new(&s.covariance)))
}

/// The covariance block with kernel values from `values`.
fn covariance_block_with(s: &KrigingSystem, values: &impl KernelValues) -> Vec<f64> {
    let layout = s.layout();
    let (no, nr) = (layout.n_orientations, layout.n_rest);
    let nc = layout.covariance_size();
    let interface = InterfacePoints::new(s);
    let m = interface.points.len();
    let k_table = symmetric_table(&interface.points, |x, y| values.k(norm2(&diff(x, y))));
    let kp_table = table(&s.orientation_xyz, &interface.points, |x, y| {
        values.kp(norm2(&diff(x, y)))
    });
    let (q, r) = (&interface.reference, &interface.rest);
    // GI[(a,i),k] = gi_res ((p_i − q_k)_a Kp(p_i,q_k) − (p_i − r_k)_a Kp(p_i,r_k)).
    let gi = |a: usize, i: usize, k: usize| {
        let p = &s.orientation_xyz[i];
        let (hq, hr) = (diff(p, &s.reference[k]), diff(p, &s.rest[k]));
        s.gi_res * (hq[a] * kp_table[i * m + q[k]] - hr[a] * kp_table[i * m + r[k]])
    };
    let mut out = vec![0.0; nc * nc];
    out.par_chunks_mut(nc)
        .enumerate()
        .for_each(|(row, out_row)| {
            if row < 3 * no {
                let (a, i) = (row / no, row % no);
                let p = &s.orientation_xyz[i];
                for (j, pj) in s.orientation_xyz.iter().enumerate() {
                    let h = diff(p, pj);
                    let (rho, kp, k2) = values.gradient_terms(norm2(&h));
                    let k2_kp = k2 - kp;
                    let den = rho * rho + HESSIAN_EPSILON;
                    for b in 0..3 {
                        let v = (-(h[a] * h[b]) / den) * k2_kp;
                        out_row[b * no + j] = if a == b { v - kp } else { v };
                    }
                }
                for k in 0..nr {
                    out_row[3 * no + k] = gi(a, i, k);
                }
            } else {
                let k = row - 3 * no;
                for i in 0..no {
                    for a in 0..3 {
                        out_row[a * no + i] = gi(a, i, k);
                    }
                }
                let (qk, rk) = (q[k] * m, r[k] * m);
                for l in 0..nr {
                    let (ql, rl) = (q[l], r[l]);
                    let v =
                        k_table[rk + rl] - k_table[rk + ql] - k_table[qk + rl] + k_table[qk + ql];
                    out_row[3 * no + l] = s.i_res * v;
                }
            }
        });
    out
}
