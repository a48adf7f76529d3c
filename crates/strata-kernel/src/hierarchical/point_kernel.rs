//! The covariance in *point space*: the kernel matrix `K` between the distinct data points of a
//! system, each carrying its degrees of freedom (dofs).
//!
//! A surface point carries one scalar dof (the field `Z` as a target, a charge `q` as a
//! source), an orientation three vector dofs (the components `G_a` as a target, a dipole `w_b`
//! as a source). With `h = y − x` from the target `x` to the source `y` and the kernel terms of
//! [`RadialKernel`] at `d² = |h|²`:
//!
//! ```text
//! K[Z,   q  ] =  c_o i_res  K
//! K[Z,   w_b] =  c_o gi_res h_b Kp
//! K[G_a, q  ] = −c_o gi_res h_a Kp
//! K[G_a, w_b] = −c_o (h_a h_b (K2 − Kp)/(ρ² + 1e−5) + δ_ab Kp)
//! ```
//!
//! Hierarchical products use the kernel less its polynomial part ([`PointKernel::far_part`];
//! [`polynomial`](super::polynomial) sums that part exactly). These are the terms of the fused field ([`crate::fused::FusedField`]) one source at a time,
//! so `K` is symmetric (`K[G_a(p), q(x)] = K[Z(x), w_a(p)]`), and the covariance block of the
//! system is `C = Pᵀ K P + nugget` with `P` the map from the system's rows to point charges
//! (an interface row `k` puts `+x_k` on its reference point and `−x_k` on its rest point).

use super::super::fused::RadialKernel;
use crate::{KrigingSystem, Point};

/// A dof's channel: `0` the scalar (`Z` / `q`), `1..=3` the vector components (`G_a` / `w_a`).
pub(crate) type Channel = u8;

/// The scalar channel.
pub(crate) const SCALAR: Channel = 0;

/// Whether `channel` is one of the vector components.
pub(crate) const fn is_vector(channel: Channel) -> bool {
    channel != SCALAR
}

/// `K` of one system between single dofs (module formulas).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PointKernel {
    kernel: RadialKernel<f64>,
    /// `c_o i_res`, `c_o gi_res`, `c_o`.
    scales: [f64; 3],
}

impl PointKernel {
    /// The entries of `system`'s covariance less its polynomial part
    /// ([`RadialKernel::without_polynomial`], [`polynomial`](super::polynomial)).
    pub(crate) fn far_part(system: &KrigingSystem) -> Self {
        let c_o = system.c_o;
        Self {
            kernel: RadialKernel::new(&system.covariance).without_polynomial(),
            scales: [c_o * system.i_res, c_o * system.gi_res, c_o],
        }
    }

    /// `K[(x, target), (y, source)]`.
    #[inline]
    pub(crate) fn entry(&self, x: &Point, target: Channel, y: &Point, source: Channel) -> f64 {
        let h = [y[0] - x[0], y[1] - x[1], y[2] - x[2]];
        let d2 = h[0] * h[0] + h[1] * h[1] + h[2] * h[2];
        let s = pulp::Scalar;
        match (target, source) {
            (SCALAR, SCALAR) => {
                let t = self.kernel.terms::<pulp::Scalar, true, false, false>(s, d2);
                self.scales[0] * t.k
            }
            (SCALAR, b) => {
                let t = self.kernel.terms::<pulp::Scalar, false, true, false>(s, d2);
                self.scales[1] * h[usize::from(b - 1)] * t.kp
            }
            (a, SCALAR) => {
                let t = self.kernel.terms::<pulp::Scalar, false, true, false>(s, d2);
                -self.scales[1] * h[usize::from(a - 1)] * t.kp
            }
            (a, b) => {
                let t = self.kernel.terms::<pulp::Scalar, false, true, true>(s, d2);
                let (a, b) = (usize::from(a - 1), usize::from(b - 1));
                let hessian = h[a] * h[b] * (t.k2 - t.kp) / t.hessian_den;
                -self.scales[2] * if a == b { hessian + t.kp } else { hessian }
            }
        }
    }
}
