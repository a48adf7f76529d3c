//! The covariance functions on vectors of squared distances, the fast form: `K`, `Kp = K'(r)/r`
//! and `K2 = K''(r)` in Horner form in `t = r/a` with the powers of `a` folded into the
//! coefficients, so a kernel value costs one square root and a few fused multiply-adds
//! (docs/math.md §2). The coefficients are those of `formula.rs`, the one definition
//! the reference form ([`crate::Covariance::k`] and its siblings) and the device kernels share:
//!
//! ```text
//! cubic         K  = 1 + t²(c₂ + t(c₃ + t²(c₅ + c₇t²))),   c = formula::CUBIC_K
//!               Kp = (−14 + t(105/4 + t²(−35/2 + 21/4 t²))) / a²   (formula::CUBIC_KP)
//!               K2 = (−14 + t(105/2 + t²(−70 + 63/2 t²))) / a²     (formula::CUBIC_K2)
//! exponential   K  = e,  Kp = −e/a²,  K2 = (s/a⁴ − 1/a²)·e,   e = exp(−s/(2a²)), s = d²
//! Matérn 5/2    K  = (1 + x(√5 + 5/3 x))·e,  Kp = −5e(1 + √5 x)/(3a²),
//!               K2 = −5e(1 + √5 x − 5x²)/(3a²),   x = r/a, e = exp(−√5 x)
//! ```
//!
//! `r = √(d² + 1e−10)` for the cubic and Matérn kernels and `ρ = d²` for the exponential, as in
//! gempy_engine; `√5` and `5/3` are gempy_engine's truncated constants.

use pulp::Simd;
use strata_data::KernelFunction;

use super::lanes::Lane;
use crate::formula::{
    CUBIC_K, CUBIC_K2, CUBIC_KP, EXPONENTIAL_EXPONENT, EXPONENTIAL_K2, EXPONENTIAL_KP, MATERN52_K,
    MATERN52_K2, MATERN52_KP, MATERN52_RATE, MATERN52_SCALE, Term,
};
use crate::{Covariance, DISTANCE_EPSILON, HESSIAN_EPSILON};

/// The kernel quantities at a vector of squared distances; those not asked for are zero.
#[derive(Clone, Copy)]
pub struct Terms<V> {
    /// `ρ`.
    pub rho: V,
    /// `ρ² + 1e−5`, the denominator of the gradient–gradient covariance.
    pub hessian_den: V,
    /// `K`.
    pub k: V,
    /// `Kp`.
    pub kp: V,
    /// `K2`.
    pub k2: V,
}

/// One covariance function with its coefficients in precision `T`.
#[derive(Debug, Clone, Copy)]
pub enum RadialKernel<T> {
    /// Cubic: `1/a` and the Horner coefficients of `K`, `Kp`, `K2` (the last two over `a²`).
    Cubic {
        /// The constant term of `K`: `1`, or `0` for the far part alone
        /// ([`without_polynomial`](RadialKernel::without_polynomial)).
        one: T,
        /// `1/a`.
        inv_a: T,
        /// Coefficients of `K − 1` over `t²`.
        k: [T; 4],
        /// Coefficients of `Kp`.
        kp: [T; 4],
        /// Coefficients of `K2`.
        k2: [T; 4],
    },
    /// Exponential: `−1/(2a²)`, `−1/a²`, `1/a⁴`.
    Exponential {
        /// `−1/(2a²)`.
        neg_inv_2a2: T,
        /// `−1/a²`.
        neg_inv_a2: T,
        /// `1/a⁴`.
        inv_a4: T,
    },
    /// Matérn 5/2: `1/a`, `Kp/e = m₀ + m₁r`, `K2/e = n₀ + r(n₁ + n₂r)`.
    Matern52 {
        /// `1/a`.
        inv_a: T,
        /// `m₀ = −5/(3a²)`, `m₁ = −5√5/(3a³)`.
        kp: [T; 2],
        /// `n₀ = −5/(3a²)`, `n₁ = −5√5/(3a³)`, `n₂ = 25/(3a⁴)`.
        k2: [T; 3],
    },
}

impl<T: Lane> RadialKernel<T> {
    /// The coefficients of `cov` (`formula.rs`), computed in `f64` and rounded once to `T`.
    pub fn new(cov: &Covariance) -> Self {
        let a = cov.range;
        let a2 = a * a;
        // The cubic coefficients `num/den` are exact in `f64` (formula's tests).
        let of = |c: [Term; 4], scale: f64| c.map(|c| T::of(c.c.value() * scale));
        match cov.kind {
            KernelFunction::Cubic => Self::Cubic {
                one: T::of(1.0),
                inv_a: T::of(1.0 / a),
                k: of(CUBIC_K, 1.0),
                kp: of(CUBIC_KP, 1.0 / a2),
                k2: of(CUBIC_K2, 1.0 / a2),
            },
            KernelFunction::Exponential => {
                // `K2`'s constant term `k2₀/a²` is `Kp`'s coefficient `−1/a²` (formula's tests).
                let [_, k2_1] = EXPONENTIAL_K2;
                let e = EXPONENTIAL_EXPONENT;
                Self::Exponential {
                    neg_inv_2a2: T::of(e.num / (e.den * a2)),
                    neg_inv_a2: T::of(EXPONENTIAL_KP / a2),
                    inv_a4: T::of(k2_1 / (a2 * a2)),
                }
            }
            KernelFunction::Matern52 => {
                let a3 = a2 * a;
                let s = MATERN52_SCALE;
                let ([p0, p1], [q0, q1, q2]) = (MATERN52_KP, MATERN52_K2);
                Self::Matern52 {
                    inv_a: T::of(1.0 / a),
                    kp: [s.num * p0 / (s.den * a2), s.num * p1 / (s.den * a3)].map(T::of),
                    k2: [
                        s.num * q0 / (s.den * a2),
                        s.num * q1 / (s.den * a3),
                        s.num * q2 / (s.den * a2 * a2),
                    ]
                    .map(T::of),
                }
            }
        }
    }

    /// The kernel less its polynomial part `K_p = 1 + c₂t²` (cubic: `Kp_p = K2_p = 2c₂/a²`;
    /// the other kernels have none): the odd powers `c₃t³ + c₅t⁵ + c₇t⁷` and their
    /// derivatives, the part that hierarchical products compress (`crate::hierarchical`).
    pub fn without_polynomial(self) -> Self {
        let zero = T::of(0.0);
        match self {
            Self::Cubic {
                inv_a,
                mut k,
                mut kp,
                mut k2,
                ..
            } => {
                k[0] = zero;
                kp[0] = zero;
                k2[0] = zero;
                Self::Cubic {
                    one: zero,
                    inv_a,
                    k,
                    kp,
                    k2,
                }
            }
            other => other,
        }
    }

    /// `ρ`, `ρ² + 1e−5` and, as asked by `K`, `KP`, `K2`, the three functions at `d²`.
    #[inline(always)]
    pub fn terms<S: Simd, const K: bool, const KP: bool, const K2: bool>(
        &self,
        s: S,
        d2: T::V<S>,
    ) -> Terms<T::V<S>> {
        // No closures here: this runs inside pulp's `#[target_feature]` dispatch, and only
        // `#[inline(always)]` functions are guaranteed to be compiled with its features.
        let zero = T::splat(s, T::of(0.0));
        match self {
            Self::Cubic {
                one,
                inv_a,
                k,
                kp,
                k2,
            } => {
                let rho2 = T::add(s, d2, T::splat(s, T::of(DISTANCE_EPSILON)));
                let r = T::sqrt(s, rho2);
                let t = T::mul(s, r, T::splat(s, *inv_a));
                let t2 = T::mul(s, t, t);
                Terms {
                    rho: r,
                    hessian_den: hessian::<S, T>(s, rho2),
                    k: if K {
                        T::fma(s, t2, horner::<S, T>(s, t, t2, k), T::splat(s, *one))
                    } else {
                        zero
                    },
                    kp: if KP {
                        horner::<S, T>(s, t, t2, kp)
                    } else {
                        zero
                    },
                    k2: if K2 {
                        horner::<S, T>(s, t, t2, k2)
                    } else {
                        zero
                    },
                }
            }
            Self::Exponential {
                neg_inv_2a2,
                neg_inv_a2,
                inv_a4,
            } => {
                let e = T::exp(s, T::mul(s, d2, T::splat(s, *neg_inv_2a2)));
                Terms {
                    rho: d2,
                    hessian_den: hessian::<S, T>(s, T::mul(s, d2, d2)),
                    k: e,
                    kp: T::mul(s, e, T::splat(s, *neg_inv_a2)),
                    k2: if K2 {
                        T::mul(
                            s,
                            T::fma(s, d2, T::splat(s, *inv_a4), T::splat(s, *neg_inv_a2)),
                            e,
                        )
                    } else {
                        zero
                    },
                }
            }
            Self::Matern52 { inv_a, kp, k2 } => {
                let rho2 = T::add(s, d2, T::splat(s, T::of(DISTANCE_EPSILON)));
                let r = T::sqrt(s, rho2);
                let x = T::mul(s, r, T::splat(s, *inv_a));
                let [p0, p1, p2] = MATERN52_K;
                let e = T::exp(s, T::mul(s, x, T::splat(s, T::of(-MATERN52_RATE))));
                let poly_k = T::fma(
                    s,
                    x,
                    T::fma(s, x, T::splat(s, T::of(p2)), T::splat(s, T::of(p1))),
                    T::splat(s, T::of(p0)),
                );
                Terms {
                    rho: r,
                    hessian_den: hessian::<S, T>(s, rho2),
                    k: if K { T::mul(s, poly_k, e) } else { zero },
                    kp: if KP {
                        T::mul(s, T::fma(s, r, T::splat(s, kp[1]), T::splat(s, kp[0])), e)
                    } else {
                        zero
                    },
                    k2: if K2 {
                        let inner = T::fma(s, r, T::splat(s, k2[2]), T::splat(s, k2[1]));
                        T::mul(s, T::fma(s, r, inner, T::splat(s, k2[0])), e)
                    } else {
                        zero
                    },
                }
            }
        }
    }
}

/// `k₀ + t(k₁ + t²(k₂ + k₃t²))`.
#[inline(always)]
fn horner<S: Simd, T: Lane>(s: S, t: T::V<S>, t2: T::V<S>, k: &[T; 4]) -> T::V<S> {
    let inner = T::fma(s, T::splat(s, k[3]), t2, T::splat(s, k[2]));
    let middle = T::fma(s, t2, inner, T::splat(s, k[1]));
    T::fma(s, t, middle, T::splat(s, k[0]))
}

/// `ρ² + 1e−5`.
#[inline(always)]
fn hessian<S: Simd, T: Lane>(s: S, rho2: T::V<S>) -> T::V<S> {
    T::add(s, rho2, T::splat(s, T::of(HESSIAN_EPSILON)))
}
