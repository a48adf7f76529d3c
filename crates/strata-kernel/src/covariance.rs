//! Covariance functions and their radial derivatives (docs/math.md §2): the reference form.
//!
//! Each expression is evaluated in the same order of operations as gempy_engine's NumPy code
//! (`kernel_functions.py`), `r**n` as libm `pow`, so that the system matrix agrees with the
//! reference to the last bits: its interface block takes differences of kernel values close to 1,
//! scaled by `c_o·i_res`, where a one-ulp difference would already be visible. The coefficients
//! come from [`crate::formula`], the one definition the fast and device forms share.

use strata_data::KernelFunction;

use crate::formula::{
    CUBIC_K, CUBIC_K2_FACTOR, CUBIC_K2_INNER, CUBIC_KP, EXPONENTIAL_EXPONENT, EXPONENTIAL_K2,
    EXPONENTIAL_KP, MATERN52_K, MATERN52_K2, MATERN52_KP, MATERN52_RATE, MATERN52_SCALE, Ratio,
    Term,
};
use crate::fused::RadialKernel;
use crate::{DISTANCE_EPSILON, Real};

/// `(rⁿ·num)/(den·aⁿ)`: one term `c·(r/a)ⁿ` of a polynomial in gempy_engine's order, `rⁿ` by
/// libm `pow` (`r` itself for `n = 1`), `a_n = aⁿ`.
fn reference_term<R: Real>(r: R, term: Term, a_n: f64) -> R {
    let rn = if term.power == 1 {
        r
    } else {
        r.powf(f64::from(term.power))
    };
    (rn * term.c.num) / (term.c.den * a_n)
}

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
                let [t2, t3, t5, t7] = CUBIC_K;
                (t.clone() * t) * t2.c.value()
                    + 1.0
                    + reference_term(r.clone(), t3, p.a3)
                    + reference_term(r.clone(), t5, p.a5)
                    + reference_term(r, t7, p.a7)
            }
            KernelFunction::Exponential => {
                let e = EXPONENTIAL_EXPONENT;
                ((rho * e.num) / (e.den * a * a)).exp()
            }
            KernelFunction::Matern52 => {
                let x = rho / a;
                // √5x is both the exponent and P's x¹ term (p₁ = λ = √5).
                let [p0, _, p2] = MATERN52_K;
                let s5x = x.clone() * MATERN52_RATE;
                (s5x.clone() + p0 + x.clone() * p2 * x) * (-s5x).exp()
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
                // Terms in r¹, r⁰, r³, r⁵ (over a³, a², a⁵, a⁷), in gempy_engine's order.
                let [t0, t1, t3, t5] = CUBIC_KP;
                reference_term(r.clone(), t1, p.a3)
                    + t0.c.num / (t0.c.den * p.a2)
                    + reference_term(r.clone(), t3, p.a5)
                    + reference_term(r, t5, p.a7)
            }
            KernelFunction::Exponential => {
                let e = EXPONENTIAL_EXPONENT;
                ((rho * e.num) / (e.den * a * a)).exp() * (EXPONENTIAL_KP / (a * a))
            }
            KernelFunction::Matern52 => {
                let s = MATERN52_SCALE;
                let [p0, p1] = MATERN52_KP;
                let e = ((rho.clone() / a) * -MATERN52_RATE).exp();
                (e * s.num) * (rho * p1 + a * p0) / (s.den * (a * a * a))
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
                // gempy_engine's factored form, 7/2·(9r⁵ − 20a²r³ + 15a⁴r − 4a⁵)/a⁷.
                let [c0, c1, c3, c5] = CUBIC_K2_INNER;
                let inner = r.clone().powf(5.0) * c5
                    + r.clone().powf(3.0) * (c3 * p.a2)
                    + r * (c1 * p.a4)
                    + c0 * p.a5;
                (inner * CUBIC_K2_FACTOR.num) / (CUBIC_K2_FACTOR.den * p.a7)
            }
            KernelFunction::Exponential => {
                let a2 = a * a;
                let a4 = a2 * a2;
                let [k0, k1] = EXPONENTIAL_K2;
                let e = EXPONENTIAL_EXPONENT;
                ((rho.clone() * k1) / a4 + k0 / a2) * ((rho * e.num) / (e.den * a2)).exp()
            }
            KernelFunction::Matern52 => {
                let s = MATERN52_SCALE;
                let [q0, q1, q2] = MATERN52_K2;
                let e = ((rho.clone() / a) * -MATERN52_RATE).exp();
                let poly = rho.clone() * (q1 * a) + q0 * a * a + rho.clone() * q2 * rho;
                (e * s.num) * poly / (s.den * (a * a * a * a))
            }
        }
    }

    /// `(ρ, K, Kp, K2)` at squared distance `d²`: the Horner forms of the fused kernels
    /// (`fused::radial`, evaluated here on one lane), without `pow`, equal to [`Covariance::k`],
    /// [`Covariance::kp`] and [`Covariance::k2`] within the rounding of the two orders of
    /// operations (tested). `K2` is only computed when `second`.
    pub fn radial_fast(&self, d2: f64, second: bool) -> Radial {
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

impl Covariance {
    /// `K`, `Kp` and their derivatives with respect to the squared distance `s = d²`
    /// (docs/math.md §16.2), for the adjoints of `strata-gradient`: `∇_h K(ρ(|h|²)) = 2h·dK/ds`.
    ///
    /// The derivatives are taken of the coefficients in `formula` (never written again):
    ///
    /// * cubic: `dK/dr = Σ n cₙ t^(n−1)/a`, `dKp/dr = Σ p bₚ t^(p−1)/a³` (`bₚ tᵖ` the terms of
    ///   `a²Kp`), `dr/ds = 1/(2ρ)`
    /// * exponential (`ρ = s`): `dK/ds = E·K/a²`, `dKp/ds = E·Kp/a²`, `E = −1/2`
    /// * Matérn 5/2: `d/dr [P(x)e^(−λx)] = (P′ − λP)(x)·e^(−λx)/a` for `K` and for `a²Kp/S`,
    ///   `dr/ds = 1/(2ρ)`
    ///
    /// `K` and `Kp` are the fast forms ([`Covariance::radial_fast`]).
    ///
    /// ```
    /// use strata_data::KernelFunction;
    /// use strata_kernel::Covariance;
    ///
    /// let c = Covariance { kind: KernelFunction::Cubic, range: 1.5 };
    /// let (s, h) = (0.3, 1e-6);
    /// let slopes = c.slopes(s);
    /// let fd = (c.radial_fast(s + h, false).k - c.radial_fast(s - h, false).k) / (2.0 * h);
    /// assert!((slopes.dk - fd).abs() < 1e-8 * fd.abs());
    /// ```
    pub fn slopes(&self, d2: f64) -> Slopes {
        let radial = self.radial_fast(d2, false);
        let (rho, a) = (radial.rho, self.range);
        let [dk, dkp] = match self.kind {
            KernelFunction::Cubic => {
                let t = rho / a;
                let per_r = [
                    polynomial_slope(&CUBIC_K, t) / a,
                    polynomial_slope(&CUBIC_KP, t) / (a * a * a),
                ];
                per_r.map(|d| d / (2.0 * rho))
            }
            KernelFunction::Exponential => {
                let e = EXPONENTIAL_EXPONENT.value() / (a * a);
                [e * radial.k, e * radial.kp]
            }
            KernelFunction::Matern52 => {
                let x = rho / a;
                let decay = (-MATERN52_RATE * x).exp();
                let scale = MATERN52_SCALE.value();
                let per_r = [
                    exponential_polynomial_slope(&MATERN52_K, x) * decay / a,
                    scale * exponential_polynomial_slope(&MATERN52_KP, x) * decay / (a * a * a),
                ];
                per_r.map(|d| d / (2.0 * rho))
            }
        };
        Slopes {
            k: radial.k,
            kp: radial.kp,
            dk,
            dkp,
        }
    }
}

/// `d/dt Σ c tᵖ = Σ p c t^(p−1)` of terms `c tᵖ` (the constant term, `p = 0`, drops out).
fn polynomial_slope(terms: &[Term], t: f64) -> f64 {
    terms
        .iter()
        .filter(|term| term.power != 0)
        .map(|term| {
            let Ratio { num, den } = term.c;
            f64::from(term.power) * (num / den) * t.powi(term.power - 1)
        })
        .sum()
}

/// `(P′ − λP)(x)` of `P(x) = Σ pₙ xⁿ` (`coefficients[n] = pₙ`), `λ` the Matérn rate:
/// `e^(λx)·d/dx[P(x)e^(−λx)]`.
fn exponential_polynomial_slope(coefficients: &[f64], x: f64) -> f64 {
    let value: f64 = coefficients.iter().rev().fold(0.0, |acc, p| acc * x + p);
    let derivative: f64 = coefficients
        .iter()
        .enumerate()
        .skip(1)
        .rev()
        .fold(0.0, |acc, (n, p)| acc * x + n as f64 * p);
    derivative - MATERN52_RATE * value
}

/// `K`, `Kp = K'(r)/r` and their derivatives with respect to the squared distance `s = d²`
/// (see [`Covariance::slopes`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slopes {
    /// `K(ρ)`.
    pub k: f64,
    /// `Kp(ρ)`.
    pub kp: f64,
    /// `dK/ds`.
    pub dk: f64,
    /// `dKp/ds`.
    pub dkp: f64,
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
/// [`Covariance::radial_fast`]).
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `dK/ds` and `dKp/ds` against fourth-order central differences of the fast forms, for
    /// every kernel, at distances from near zero to beyond the range.
    #[test]
    fn slopes_are_the_derivatives_of_k_and_kp() {
        for kind in [
            KernelFunction::Cubic,
            KernelFunction::Exponential,
            KernelFunction::Matern52,
        ] {
            let c = Covariance { kind, range: 1.3 };
            for s in [1e-4, 0.01, 0.2, 1.0, 2.5] {
                let h = 1e-4 * s;
                let at = |s: f64| c.radial_fast(s, false);
                let d = |f: &dyn Fn(Radial) -> f64| {
                    (8.0 * (f(at(s + h)) - f(at(s - h)))
                        - (f(at(s + 2.0 * h)) - f(at(s - 2.0 * h))))
                        / (12.0 * h)
                };
                let slopes = c.slopes(s);
                for (got, fd, what) in [
                    (slopes.dk, d(&|r| r.k), "dK/ds"),
                    (slopes.dkp, d(&|r| r.kp), "dKp/ds"),
                ] {
                    assert!(
                        (got - fd).abs() <= 1e-7 * fd.abs().max(1e-3),
                        "{kind:?} s = {s}: {what} {got} vs {fd}"
                    );
                }
            }
        }
    }
}
