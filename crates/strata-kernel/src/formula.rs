//! The covariance functions defined once (docs/math.md §2): each kernel's coefficients as
//! gempy_engine writes them, and those of its two radial derivatives `Kp = K'(r)/r` and
//! `K2 = K''(r)` derived from them.
//!
//! ```text
//! cubic         K  = 1 + Σ cₙ tⁿ,                  (n, cₙ) = (2, −7), (3, 35/4), (5, −7/2), (7, 3/4)
//!               Kp = Σ n cₙ t^(n−2) / a²,          K2 = Σ n(n−1) cₙ t^(n−2) / a²,   t = r/a
//! exponential   K  = e,  Kp = −e/a²,  K2 = (s/a² − 1)·e/a²,   e = exp(−s/(2a²)), s = d²
//! Matérn 5/2    K  = (1 + √5 x + 5/3 x²)·e,   Kp = −5/3 (1 + √5 x)·e/a²,
//!               K2 = −5/3 (1 + √5 x − 5x²)·e/a²,   x = r/a, e = exp(−√5 x)
//! ```
//!
//! (Matérn: with `√5² = 5` and `5/3 = √5²/3`, `d/dx[P(x)e^(−√5x)] = −5/3·x(1 + √5x)e^(−√5x)`; the
//! code keeps gempy_engine's truncated `√5` and `5/3`.)
//!
//! Three forms take their numbers from here, each in its own order of operations:
//!
//! | form | code | order of operations |
//! |---|---|---|
//! | reference | [`crate::Covariance::k`], [`crate::Covariance::kp`], [`crate::Covariance::k2`] (on `f64` and on tensors) | gempy_engine's, `rⁿ` by libm `pow`, `num·rⁿ/(den·aⁿ)` per term: the bits of the reference |
//! | fast | [`crate::fused::RadialKernel`] (SIMD lanes of `f64`/`f32`, and [`crate::Covariance::radial_fast`]) | Horner in `t` with the powers of `a` folded into the coefficients, FMA |
//! | device | `cube::kernels` (features `vulkan`/`cuda`), coefficients from [`crate::fused::RadialKernel`] in one array | the fast form's |
//!
//! Every coefficient here is a small integer, or an integer over 2 or 4, so `num/den` and the
//! derived `n·num` and `n(n−1)·num` are exact in `f64`: the forms differ only in the order of
//! their operations, never in their constants (tested here; the forms are tested against each
//! other and against finite differences in `tests/properties.rs`).

/// `√5` as gempy_engine writes it.
pub(crate) const SQRT5: f64 = 2.236_067_977_5;
/// `5/3` as gempy_engine writes it.
pub(crate) const FIVE_THIRDS: f64 = 1.666_666_666_7;

/// A coefficient `num/den` with integer numerator and denominator, as gempy_engine writes it:
/// the reference form multiplies by `num` and divides by `den·aⁿ`, the fast form takes the
/// quotient ([`Ratio::value`], exact for every coefficient here).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ratio {
    /// The numerator, with the coefficient's sign.
    pub num: f64,
    /// The denominator, positive.
    pub den: f64,
}

impl Ratio {
    /// `num/den`.
    pub const fn value(self) -> f64 {
        self.num / self.den
    }
}

/// One term `c·tⁿ` of a polynomial in `t = r/a`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Term {
    /// `n`.
    pub power: i32,
    /// `c`.
    pub c: Ratio,
}

const fn term(power: i32, num: f64, den: f64) -> Term {
    Term {
        power,
        c: Ratio { num, den },
    }
}

/// The cubic kernel `K = 1 + Σ cₙ tⁿ`: its terms other than the constant 1.
pub(crate) const CUBIC_K: [Term; 4] = [
    term(2, -7.0, 1.0),
    term(3, 35.0, 4.0),
    term(5, -7.0, 2.0),
    term(7, 3.0, 4.0),
];

/// `a²·Kp = a²·K'(r)/r = Σ n cₙ t^(n−2)` of the cubic kernel.
pub(crate) const CUBIC_KP: [Term; 4] = derivative(CUBIC_K, false);

/// `a²·K2 = a²·K''(r) = Σ n(n−1) cₙ t^(n−2)` of the cubic kernel.
pub(crate) const CUBIC_K2: [Term; 4] = derivative(CUBIC_K, true);

/// gempy_engine's factored cubic `K2 = 7/2·(−4a⁵ + 15a⁴r − 20a²r³ + 9r⁵)/a⁷`: the factor `7/2`…
pub(crate) const CUBIC_K2_FACTOR: Ratio = Ratio { num: 7.0, den: 2.0 };
/// …and the inner coefficients, of `t⁰, t¹, t³, t⁵` ([`CUBIC_K2`] over the factor, tested).
pub(crate) const CUBIC_K2_INNER: [f64; 4] = [-4.0, 15.0, -20.0, 9.0];

/// `Σ n cₙ t^(n−2)` (`second`: `Σ n(n−1) cₙ t^(n−2)`) of `Σ cₙ tⁿ`: `a²` times `K'(r)/r`
/// (`K''(r)`) of `K(r) = Σ cₙ (r/a)ⁿ`.
const fn derivative(k: [Term; 4], second: bool) -> [Term; 4] {
    let mut out = k;
    let mut i = 0;
    while i < k.len() {
        let n = k[i].power as f64;
        let factor = if second { n * (n - 1.0) } else { n };
        out[i] = term(k[i].power - 2, factor * k[i].c.num, k[i].c.den);
        i += 1;
    }
    out
}

/// The exponential kernel `K = exp(E·s/a²)`, `s = d²`: `E = −1/2`.
pub(crate) const EXPONENTIAL_EXPONENT: Ratio = Ratio {
    num: -1.0,
    den: 2.0,
};
/// `a²·Kp/e = −1` of the exponential kernel.
pub(crate) const EXPONENTIAL_KP: f64 = -1.0;
/// `a²·K2/e = k₀ + k₁·s/a²` of the exponential kernel: `[−1, 1]`.
pub(crate) const EXPONENTIAL_K2: [f64; 2] = [-1.0, 1.0];

/// The Matérn 5/2 kernel `K = P(x)·exp(−λx)`, `x = r/a`: the rate `λ = √5`…
pub(crate) const MATERN52_RATE: f64 = SQRT5;
/// …and the coefficients of `P(x) = 1 + √5 x + 5/3 x²`.
pub(crate) const MATERN52_K: [f64; 3] = [1.0, SQRT5, FIVE_THIRDS];
/// `S = −5/3`, the factor of both derivatives: `a²·Kp/e = S·Σ pₙxⁿ`, `a²·K2/e = S·Σ qₙxⁿ`.
pub(crate) const MATERN52_SCALE: Ratio = Ratio {
    num: -5.0,
    den: 3.0,
};
/// The coefficients `pₙ` of `a²·Kp/(S·e) = 1 + √5 x`.
pub(crate) const MATERN52_KP: [f64; 2] = [1.0, SQRT5];
/// The coefficients `qₙ` of `a²·K2/(S·e) = 1 + √5 x − 5x²`.
pub(crate) const MATERN52_K2: [f64; 3] = [1.0, SQRT5, -5.0];

#[cfg(test)]
mod tests {
    use super::*;

    /// The derived cubic coefficients are exact, and equal gempy_engine's factored `K2`.
    #[test]
    fn cubic_derivatives_are_exact_and_match_the_factored_form() {
        assert_eq!(CUBIC_KP.map(|t| t.c.value()), [-14.0, 26.25, -17.5, 5.25]);
        assert_eq!(CUBIC_K2.map(|t| t.c.value()), [-14.0, 52.5, -70.0, 31.5]);
        assert_eq!(CUBIC_KP.map(|t| t.power), [0, 1, 3, 5]);
        for (t, inner) in CUBIC_K2.iter().zip(CUBIC_K2_INNER) {
            // num/den = (7/2)·inner, compared as integers.
            assert_eq!(
                t.c.num * CUBIC_K2_FACTOR.den,
                CUBIC_K2_FACTOR.num * inner * t.c.den
            );
        }
        for t in CUBIC_K.iter().chain(&CUBIC_KP).chain(&CUBIC_K2) {
            assert_eq!(t.c.value() * t.c.den, t.c.num, "{t:?} is not exact");
        }
    }

    /// `d/dr` of `K = Σ cₙ (r/a)ⁿ` in exact rational arithmetic at `a = 1`: the polynomial's
    /// derivative by its powers, term by term (`K'(r)/r` and `K''(r)` of a monomial).
    #[test]
    fn cubic_derivatives_are_the_derivatives_of_the_terms() {
        for ((k, kp), k2) in CUBIC_K.iter().zip(&CUBIC_KP).zip(&CUBIC_K2) {
            let n = k.power as f64;
            assert_eq!(kp.c.num, n * k.c.num);
            assert_eq!(k2.c.num, n * (n - 1.0) * k.c.num);
            assert_eq!((kp.power, k2.power), (k.power - 2, k.power - 2));
        }
    }

    /// Matérn 5/2: the derivatives' coefficients are those of `d/dx[P(x)e^(−√5x)]` with
    /// `√5² = 5` and `5/3 = √5²/3`, which hold for gempy_engine's truncated constants to their
    /// 11 digits.
    #[test]
    fn matern_coefficients_are_consistent() {
        assert!((SQRT5 * SQRT5 - 5.0).abs() < 1e-9);
        assert!((FIVE_THIRDS - SQRT5 * SQRT5 / 3.0).abs() < 1e-9);
        let s = MATERN52_SCALE.value();
        // P'(x) − √5 P(x) has no constant term.
        assert_eq!(MATERN52_K[1] - MATERN52_RATE * MATERN52_K[0], 0.0);
        // x·(a²Kp/e) = P'(x) − √5 P(x), term by term (x¹ and x²).
        assert!(
            (s * MATERN52_KP[0] - (2.0 * MATERN52_K[2] - MATERN52_RATE * MATERN52_K[1])).abs()
                < 1e-9
        );
        assert!((s * MATERN52_KP[1] + MATERN52_RATE * MATERN52_K[2]).abs() < 1e-9);
        // a²K2/e = d/dx[x·a²Kp/e] − √5 x·a²Kp/e, term by term.
        assert_eq!(MATERN52_K2[0], MATERN52_KP[0]);
        assert!(
            (s * MATERN52_K2[1] - s * (2.0 * MATERN52_KP[1] - MATERN52_RATE * MATERN52_KP[0]))
                .abs()
                < 1e-9
        );
        assert!((MATERN52_K2[2] + MATERN52_RATE * MATERN52_KP[1]).abs() < 1e-9);
    }

    /// Exponential: `K' = (2r/a²)·E·e`, so `a²Kp/e = 2E`, and `a²K2/e = 2E + (2E)²·s/a²`.
    #[test]
    fn exponential_coefficients_are_consistent() {
        let e2 = 2.0 * EXPONENTIAL_EXPONENT.value();
        assert_eq!(EXPONENTIAL_KP, e2);
        assert_eq!(EXPONENTIAL_K2, [e2, e2 * e2]);
    }
}
