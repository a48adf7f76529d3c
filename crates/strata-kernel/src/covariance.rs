//! Covariance functions and their radial derivatives (docs/math.md §2).
//!
//! Each expression is evaluated in the same order of operations as gempy_engine's NumPy code
//! (`kernel_functions.py`), `r**n` as libm `pow`, so that the system matrix agrees with the
//! reference to the last bits: its interface block takes differences of kernel values close to 1,
//! scaled by `c_o·i_res`, where a one-ulp difference would already be visible.

use strata_data::KernelFunction;

use crate::fused::RadialKernel;
use crate::{DISTANCE_EPSILON, Real};

/// `√5` as gempy_engine writes it.
pub(crate) const SQRT5: f64 = 2.236_067_977_5;
/// `5/3` as gempy_engine writes it.
pub(crate) const FIVE_THIRDS: f64 = 1.666_666_666_7;

/// A covariance function `K` of range `a`, with the two radial derivatives the system needs:
/// `Kp(r) = K'(r)/r` and `K2(r) = K''(r)`.
///
/// All three are functions of the kernel argument `ρ` returned by [`Covariance::rho`]:
/// `ρ = √(d² + 1e−10)` for the cubic and Matérn kernels (so `ρ = 0` never occurs), and `ρ = d²`
/// for the exponential (Gaussian) kernel, exactly as gempy_engine does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Covariance {
    /// Which function.
    pub kind: KernelFunction,
    /// Range `a`.
    pub range: f64,
}

impl Covariance {
    /// The kernel argument from the squared distance `d²`.
    pub fn rho<R: Real>(&self, d2: R) -> R {
        match self.kind {
            KernelFunction::Exponential => d2,
            KernelFunction::Cubic | KernelFunction::Matern52 => (d2 + DISTANCE_EPSILON).sqrt(),
        }
    }

    /// `aⁿ` for the powers the reference forms divide by: libm `pow`, as gempy_engine's `a**n`,
    /// computed once for loops that evaluate many kernel values (see [`Covariance::k_with`]).
    pub fn powers(&self) -> RangePowers {
        let a = self.range;
        RangePowers {
            a2: a.powf(2.0),
            a3: a.powf(3.0),
            a4: a.powf(4.0),
            a5: a.powf(5.0),
            a7: a.powf(7.0),
        }
    }

    /// `K(ρ)` ([`Covariance::k_with`] with this kernel's [`Covariance::powers`]).
    pub fn k<R: Real>(&self, rho: R) -> R {
        self.k_with(rho, &self.powers())
    }

    /// `Kp(ρ)` ([`Covariance::kp_with`] with this kernel's [`Covariance::powers`]).
    pub fn kp<R: Real>(&self, rho: R) -> R {
        self.kp_with(rho, &self.powers())
    }

    /// `K2(ρ)` ([`Covariance::k2_with`] with this kernel's [`Covariance::powers`]).
    pub fn k2<R: Real>(&self, rho: R) -> R {
        self.k2_with(rho, &self.powers())
    }

    /// `K(ρ)`, with the powers `p` of the range.
    ///
    /// * cubic: `1 − 7(r/a)² + 35r³/(4a³) − 7r⁵/(2a⁵) + 3r⁷/(4a⁷)` (not clipped at `r ≥ a`)
    /// * exponential: `exp(−s/(2a²))`, `s = d²`
    /// * Matérn 5/2: `(1 + √5 r/a + 5r²/(3a²))·exp(−√5 r/a)`
    pub fn k_with<R: Real>(&self, rho: R, p: &RangePowers) -> R {
        let a = self.range;
        match self.kind {
            KernelFunction::Cubic => {
                let r = rho;
                let t = r.clone() / a;
                (t.clone() * t) * -7.0 + 1.0 + (r.clone().powf(3.0) * 35.0) / (4.0 * p.a3)
                    - (r.clone().powf(5.0) * 7.0) / (2.0 * p.a5)
                    + (r.powf(7.0) * 3.0) / (4.0 * p.a7)
            }
            KernelFunction::Exponential => (-(rho / (2.0 * a * a))).exp(),
            KernelFunction::Matern52 => {
                let x = rho / a;
                let s5x = x.clone() * SQRT5;
                (s5x.clone() + 1.0 + x.clone() * FIVE_THIRDS * x) * (-s5x).exp()
            }
        }
    }

    /// `Kp(ρ) = K'(r)/r`, with the powers `p` of the range.
    ///
    /// * cubic: `−14/a² + 105r/(4a³) − 35r³/(2a⁵) + 21r⁵/(4a⁷)`
    /// * exponential: `−exp(−s/(2a²))/a²`
    /// * Matérn 5/2: `−5·exp(−√5 r/a)·(a + √5 r)/(3a³)`
    pub fn kp_with<R: Real>(&self, rho: R, p: &RangePowers) -> R {
        let a = self.range;
        match self.kind {
            KernelFunction::Cubic => {
                let r = rho;
                (r.clone() * 105.0) / (4.0 * p.a3) + (-14.0 / p.a2)
                    - (r.clone().powf(3.0) * 35.0) / (2.0 * p.a5)
                    + (r.powf(5.0) * 21.0) / (4.0 * p.a7)
            }
            KernelFunction::Exponential => (-(rho / (2.0 * a * a))).exp() * -(1.0 / (a * a)),
            KernelFunction::Matern52 => {
                let e = ((rho.clone() / a) * -SQRT5).exp();
                (e * -5.0) * (rho * SQRT5 + a) / (3.0 * (a * a * a))
            }
        }
    }

    /// `K2(ρ) = K''(r)`, with the powers `p` of the range.
    ///
    /// * cubic: `7(9r⁵ − 20a²r³ + 15a⁴r − 4a⁵)/(2a⁷)`
    /// * exponential: `(s/a⁴ − 1/a²)·exp(−s/(2a²))`
    /// * Matérn 5/2: `−5·exp(−√5 r/a)·(a² + √5 a r − 5r²)/(3a⁴)`
    pub fn k2_with<R: Real>(&self, rho: R, p: &RangePowers) -> R {
        let a = self.range;
        match self.kind {
            KernelFunction::Cubic => {
                let r = rho;
                let inner = r.clone().powf(5.0) * 9.0 - r.clone().powf(3.0) * (20.0 * p.a2)
                    + r * (15.0 * p.a4)
                    - 4.0 * p.a5;
                (inner * 7.0) / (2.0 * p.a7)
            }
            KernelFunction::Exponential => {
                let a2 = a * a;
                let a4 = a2 * a2;
                (rho.clone() / a4 - 1.0 / a2) * (-(rho / (2.0 * a2))).exp()
            }
            KernelFunction::Matern52 => {
                let e = ((rho.clone() / a) * -SQRT5).exp();
                let poly = rho.clone() * (SQRT5 * a) + a * a - rho.clone() * 5.0 * rho;
                (e * -5.0) * poly / (3.0 * (a * a * a * a))
            }
        }
    }

    /// `(ρ, K, Kp, K2)` at squared distance `d²`: the Horner forms of the fused kernels
    /// (`fused::radial`, evaluated here on one lane), without `pow`, equal to [`Covariance::k`],
    /// [`Covariance::kp`] and [`Covariance::k2`] within the rounding of the two orders of
    /// operations (tested). `K2` is only computed when `second`.
    pub fn radial(&self, d2: f64, second: bool) -> Radial {
        let kernel = RadialKernel::<f64>::new(self);
        let t = if second {
            kernel.terms::<pulp::Scalar, true, true, true>(pulp::Scalar, d2)
        } else {
            kernel.terms::<pulp::Scalar, true, true, false>(pulp::Scalar, d2)
        };
        Radial {
            rho: t.rho,
            k: t.k,
            kp: t.kp,
            k2: t.k2,
        }
    }
}

/// `a², a³, a⁴, a⁵, a⁷` of a range `a`, each by libm `pow` (see [`Covariance::powers`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangePowers {
    /// `a²`.
    pub a2: f64,
    /// `a³`.
    pub a3: f64,
    /// `a⁴`.
    pub a4: f64,
    /// `a⁵`.
    pub a5: f64,
    /// `a⁷`.
    pub a7: f64,
}

/// The kernel argument and the three radial functions at one distance (see
/// [`Covariance::radial`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Radial {
    /// `ρ`.
    pub rho: f64,
    /// `K(ρ)`.
    pub k: f64,
    /// `K'(r)/r`.
    pub kp: f64,
    /// `K''(r)` (0 when not asked for).
    pub k2: f64,
}
