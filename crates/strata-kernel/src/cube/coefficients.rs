//! The constants of the device kernels, in one array of the kernels' precision: the covariance
//! function's coefficients (those of [`RadialKernel`], from `formula.rs`), the epsilons,
//! gempy_engine's truncated `√5` and `5/3`, `ln 2` in two parts for the `f64` exponential, the
//! four scales of the sums and the reciprocals `1/13, …, 1` of the exponential's Taylor series.
//! Computed in `f64` and rounded once, so that `f64` kernels get `f64` constants (a literal in a
//! `#[cube]` function is an `f32`). Every entry has a named index, written by
//! [`Coefficients::new`] and read by the kernels.

use crate::formula::{MATERN52_K, MATERN52_RATE};
use crate::fused::{Lane, RadialKernel};
use crate::{
    Covariance, DISTANCE_EPSILON as DISTANCE_EPSILON_VALUE,
    HESSIAN_EPSILON as HESSIAN_EPSILON_VALUE,
};

/// The cubic kernel (coefficients at [`INV_A`], [`CUBIC_K`], [`CUBIC_KP`], [`CUBIC_K2`]).
pub const CUBIC: u32 = 0;
/// The exponential kernel (coefficients at [`EXP_NEG_INV_2A2`], [`EXP_NEG_INV_A2`],
/// [`EXP_INV_A4`]).
pub const EXPONENTIAL: u32 = 1;
/// The Matérn 5/2 kernel (coefficients at [`INV_A`], [`MATERN52_KP`], [`MATERN52_K2`]).
pub const MATERN52: u32 = 2;

/// Index of `1/a` (cubic, Matérn).
pub const INV_A: usize = 0;
/// Index of the cubic `K`'s four Horner coefficients `k₀..k₃` (`RadialKernel::Cubic::k`).
pub const CUBIC_K: usize = 1;
/// Index of the cubic `Kp`'s four Horner coefficients.
pub const CUBIC_KP: usize = 5;
/// Index of the cubic `K2`'s four Horner coefficients.
pub const CUBIC_K2: usize = 9;
/// Index of the exponential's `−1/(2a²)`.
pub const EXP_NEG_INV_2A2: usize = 0;
/// Index of the exponential's `−1/a²`.
pub const EXP_NEG_INV_A2: usize = 1;
/// Index of the exponential's `1/a⁴`.
pub const EXP_INV_A4: usize = 2;
/// Index of the Matérn `Kp/e = m₀ + m₁r`: `m₀, m₁`.
pub const MATERN52_KP: usize = 1;
/// Index of the Matérn `K2/e = n₀ + r(n₁ + n₂r)`: `n₀, n₁, n₂`.
pub const MATERN52_K2: usize = 3;
/// Index of `1e−10`, added to squared distances (cubic, Matérn).
pub const DISTANCE_EPSILON: usize = 13;
/// Index of `1e−5`, added to `ρ²` in the gradient–gradient covariance.
pub const HESSIAN_EPSILON: usize = 14;
/// Index of gempy_engine's `√5`.
pub const SQRT5: usize = 15;
/// Index of gempy_engine's `5/3`.
pub const FIVE_THIRDS: usize = 16;
/// Index of the high part of `ln 2` (its last 32 bits zero, so `k·ln2_hi` is exact).
pub const LN2_HI: usize = 17;
/// Index of `ln 2 − ln2_hi`.
pub const LN2_LO: usize = 18;
/// Index of the first of the scales of `Z_o`, `Z_i`, `G_o`, `G_i`.
pub const SCALES: usize = 19;
/// Index of `1/13`, followed by `1/12, …, 1/1`: the Taylor coefficients' ratios.
pub const INV_13: usize = 23;
/// Length of the array.
pub const LEN: usize = 36;

/// One kernel's constants for the device, in precision `T`.
#[derive(Debug, Clone)]
pub(crate) struct Coefficients<T> {
    /// [`CUBIC`], [`EXPONENTIAL`] or [`MATERN52`].
    pub kind: u32,
    /// The array (module docs).
    pub values: Vec<T>,
}

impl<T: Lane> Coefficients<T> {
    /// The constants of `covariance` with the sums' `scales`.
    pub(crate) fn new(covariance: &Covariance, scales: [f64; 4]) -> Self {
        let mut values = vec![T::of(0.0); LEN];
        let kind = match RadialKernel::<T>::new(covariance) {
            RadialKernel::Cubic {
                inv_a, k, kp, k2, ..
            } => {
                values[INV_A] = inv_a;
                values[CUBIC_K..CUBIC_K + 4].copy_from_slice(&k);
                values[CUBIC_KP..CUBIC_KP + 4].copy_from_slice(&kp);
                values[CUBIC_K2..CUBIC_K2 + 4].copy_from_slice(&k2);
                CUBIC
            }
            RadialKernel::Exponential {
                neg_inv_2a2,
                neg_inv_a2,
                inv_a4,
            } => {
                values[EXP_NEG_INV_2A2] = neg_inv_2a2;
                values[EXP_NEG_INV_A2] = neg_inv_a2;
                values[EXP_INV_A4] = inv_a4;
                EXPONENTIAL
            }
            RadialKernel::Matern52 { inv_a, kp, k2 } => {
                values[INV_A] = inv_a;
                values[MATERN52_KP..MATERN52_KP + 2].copy_from_slice(&kp);
                values[MATERN52_K2..MATERN52_K2 + 3].copy_from_slice(&k2);
                MATERN52
            }
        };
        values[DISTANCE_EPSILON] = T::of(DISTANCE_EPSILON_VALUE);
        values[HESSIAN_EPSILON] = T::of(HESSIAN_EPSILON_VALUE);
        // `P(x) = 1 + √5 x + 5/3 x²` and the rate `√5` (its x¹ coefficient).
        values[SQRT5] = T::of(MATERN52_RATE);
        values[FIVE_THIRDS] = T::of(MATERN52_K[2]);
        // fdlibm's split of ln 2 (e_exp.c: ln2HI[0], ln2LO[0]).
        values[LN2_HI] = T::of(f64::from_bits(0x3fe6_2e42_fee0_0000));
        values[LN2_LO] = T::of(f64::from_bits(0x3dea_39ef_3579_3c76));
        for (n, v) in values[INV_13..].iter_mut().enumerate() {
            *v = T::of(1.0 / (13 - n) as f64);
        }
        for (v, s) in values[SCALES..INV_13].iter_mut().zip(scales) {
            *v = T::of(s);
        }
        Self { kind, values }
    }
}
