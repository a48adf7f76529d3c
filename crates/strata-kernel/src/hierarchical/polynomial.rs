//! The polynomial part of the covariance, summed exactly through moments of the charges.
//!
//! The cubic kernel is `K = 1 + c₂t² + c₃t³ + c₅t⁵ + c₇t⁷` (`t² = (d² + 1e−10)/a²`). Its
//! polynomial part `K_p = α + β d²` (`β = c₂/a²`, `α = 1 + β·1e−10`, `Kp_p = K2_p = 2β`) is a
//! quadratic in the coordinates, so its field needs five moments of the charges `q_j` at `y_j`
//! and dipoles `w_i` at `p_i` (coordinates relative to an origin `o`):
//!
//! ```text
//! Q = Σ q_j   Q_y = Σ q_j y_j   Q_yy = Σ q_j |y_j|²   W = Σ w_i   W_p = Σ w_i·p_i
//! Z_p(x)   = c_o i_res (α Q + β (|x|² Q − 2 x·Q_y + Q_yy)) + 2β c_o gi_res (W_p − x·W)
//! G_p,a(x) = −2β c_o gi_res (Q_y − x Q)_a − 2β c_o W_a
//! ```
//!
//! (the entries of [`point_kernel`](super::point_kernel) with `Kp = 2β` and `K2 − Kp = 0`).
//! The weights of a solved system are large and cancel — their field is a small difference of
//! large terms, most of them the polynomial part's — so this part is summed exactly (with
//! compensated sums) and only the rest, `c₃t³ + c₅t⁵ + c₇t⁷` and its derivatives, is compressed:
//! a compression error relative to the terms it compresses is then relative to terms some
//! decades smaller. The exponential and Matérn kernels have no polynomial part.

use strata_data::KernelFunction;

use super::point_kernel::{Channel, SCALAR};
use crate::formula::CUBIC_K;
use crate::{DISTANCE_EPSILON, KrigingSystem, Point};

/// `K_p` of one system (module docs).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PolynomialPart {
    alpha: f64,
    beta: f64,
    /// `c_o i_res`, `c_o gi_res`, `c_o`.
    scales: [f64; 3],
    origin: Point,
}

/// The five moments of a set of charges and dipoles (module docs).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Moments {
    q: f64,
    q_y: Point,
    q_yy: f64,
    w: Point,
    w_p: f64,
}

/// A sum with its rounding error carried (Neumaier).
#[derive(Clone, Copy, Default)]
struct Compensated {
    sum: f64,
    error: f64,
}

impl Compensated {
    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        self.error += if self.sum.abs() >= x.abs() {
            (self.sum - t) + x
        } else {
            (x - t) + self.sum
        };
        self.sum = t;
    }

    fn value(self) -> f64 {
        self.sum + self.error
    }
}

impl PolynomialPart {
    /// The polynomial part of `system`'s covariance, `None` where it has none; coordinates
    /// relative to `origin`.
    pub fn new(system: &KrigingSystem, origin: Point) -> Option<Self> {
        if system.covariance.kind != KernelFunction::Cubic {
            return None;
        }
        let a = system.covariance.range;
        let beta = CUBIC_K[0].c.value() / (a * a);
        let c_o = system.c_o;
        Some(Self {
            alpha: 1.0 + beta * DISTANCE_EPSILON,
            beta,
            scales: [c_o * system.i_res, c_o * system.gi_res, c_o],
            origin,
        })
    }

    /// The moments of `charges` on `dofs` (a vector dof's charge is one dipole component).
    pub fn moments(&self, dofs: &[(Point, Channel)], charges: &[f64]) -> Moments {
        let mut sums = [Compensated::default(); 9];
        for (&(p, channel), &c) in dofs.iter().zip(charges) {
            let y = [0, 1, 2].map(|a| p[a] - self.origin[a]);
            if channel == SCALAR {
                sums[0].add(c);
                for a in 0..3 {
                    sums[1 + a].add(c * y[a]);
                }
                sums[4].add(c * (y[0] * y[0] + y[1] * y[1] + y[2] * y[2]));
            } else {
                let a = usize::from(channel - 1);
                sums[5 + a].add(c);
                sums[8].add(c * y[a]);
            }
        }
        let v = sums.map(Compensated::value);
        Moments {
            q: v[0],
            q_y: [v[1], v[2], v[3]],
            q_yy: v[4],
            w: [v[5], v[6], v[7]],
            w_p: v[8],
        }
    }

    /// `Z_p` (`channel` scalar) or `G_p,a` (`channel` = `a`) at `x` of the moments `m`.
    pub fn value(&self, m: &Moments, x: &Point, channel: Channel) -> f64 {
        let x = [0, 1, 2].map(|a| x[a] - self.origin[a]);
        let [s_i, s_o, c_o] = self.scales;
        let two_beta = 2.0 * self.beta;
        if channel == SCALAR {
            let xx = x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
            let x_qy = x[0] * m.q_y[0] + x[1] * m.q_y[1] + x[2] * m.q_y[2];
            let x_w = x[0] * m.w[0] + x[1] * m.w[1] + x[2] * m.w[2];
            s_i * (self.alpha * m.q + self.beta * (xx * m.q - 2.0 * x_qy + m.q_yy))
                + two_beta * s_o * (m.w_p - x_w)
        } else {
            let a = usize::from(channel - 1);
            -two_beta * s_o * (m.q_y[a] - x[a] * m.q) - two_beta * c_o * m.w[a]
        }
    }
}
