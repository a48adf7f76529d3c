//! Element-generic SIMD arithmetic: one kernel written once for `f64` and `f32` lanes.
//!
//! [`pulp`] names its vector types per element (`S::f64s`, `S::f32s`) and dispatches at run time
//! to the widest instruction set of the machine (AVX-512, AVX2 + FMA, NEON, or a scalar
//! fallback, where `S::f64s = f64`). [`Lane`] maps the handful of operations the kernels use
//! onto those names, so each kernel is generic over the element type and the instruction set.

use pulp::Simd;

/// An element type the fused kernels compute in: `f64` or `f32`.
pub trait Lane: Copy + Send + Sync + Default + PartialEq + core::fmt::Debug + 'static {
    /// The vector of this element on instruction set `S`.
    type V<S: Simd>: Copy;

    /// Lanes of [`Lane::V`] on `S`.
    fn lanes<S: Simd>() -> usize;
    /// Rounds an `f64` to this type.
    fn of(x: f64) -> Self;
    /// Widens to `f64` (exact).
    fn to_f64(self) -> f64;

    /// `[x, x, …]`.
    fn splat<S: Simd>(s: S, x: Self) -> Self::V<S>;
    /// Loads up to [`Lane::lanes`] values (zero-filled).
    fn load<S: Simd>(s: S, values: &[Self]) -> Self::V<S>;
    /// Stores up to [`Lane::lanes`] values.
    fn store<S: Simd>(s: S, out: &mut [Self], v: Self::V<S>);
    /// `a + b`.
    fn add<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;
    /// `a − b`.
    fn sub<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;
    /// `a · b`.
    fn mul<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;
    /// `a / b`.
    fn div<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;
    /// `a · b + c`, one rounding where the machine has FMA (pulp's `mul_add_e`).
    fn fma<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>, c: Self::V<S>) -> Self::V<S>;
    /// `√a`.
    fn sqrt<S: Simd>(s: S, a: Self::V<S>) -> Self::V<S>;
    /// `eᵃ` lane by lane (libm; no vector exponential is used).
    fn exp<S: Simd>(s: S, a: Self::V<S>) -> Self::V<S>;
}

/// Widest vector of any element on any instruction set pulp dispatches to (AVX-512 `f32`).
pub const MAX_LANES: usize = 16;

macro_rules! impl_lane {
    ($t:ty, $v:ident, $lanes:ident, $splat:ident, $load:ident, $store:ident, $add:ident, $sub:ident,
     $mul:ident, $div:ident, $fma:ident, $sqrt:ident) => {
        impl Lane for $t {
            type V<S: Simd> = S::$v;

            #[inline(always)]
            fn lanes<S: Simd>() -> usize {
                S::$lanes
            }
            #[inline(always)]
            fn of(x: f64) -> Self {
                x as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                f64::from(self)
            }
            #[inline(always)]
            fn splat<S: Simd>(s: S, x: Self) -> Self::V<S> {
                s.$splat(x)
            }
            #[inline(always)]
            fn load<S: Simd>(s: S, values: &[Self]) -> Self::V<S> {
                s.$load(values)
            }
            #[inline(always)]
            fn store<S: Simd>(s: S, out: &mut [Self], v: Self::V<S>) {
                s.$store(out, v)
            }
            #[inline(always)]
            fn add<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S> {
                s.$add(a, b)
            }
            #[inline(always)]
            fn sub<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S> {
                s.$sub(a, b)
            }
            #[inline(always)]
            fn mul<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S> {
                s.$mul(a, b)
            }
            #[inline(always)]
            fn div<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S> {
                s.$div(a, b)
            }
            #[inline(always)]
            fn fma<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>, c: Self::V<S>) -> Self::V<S> {
                s.$fma(a, b, c)
            }
            #[inline(always)]
            fn sqrt<S: Simd>(s: S, a: Self::V<S>) -> Self::V<S> {
                s.$sqrt(a)
            }
            #[inline(always)]
            fn exp<S: Simd>(s: S, a: Self::V<S>) -> Self::V<S> {
                let mut buf = [<$t>::default(); MAX_LANES];
                let n = Self::lanes::<S>();
                Self::store(s, &mut buf[..n], a);
                for x in &mut buf[..n] {
                    *x = x.exp();
                }
                Self::load(s, &buf[..n])
            }
        }
    };
}

impl_lane!(
    f64,
    f64s,
    F64_LANES,
    splat_f64s,
    partial_load_f64s,
    partial_store_f64s,
    add_f64s,
    sub_f64s,
    mul_f64s,
    div_f64s,
    mul_add_e_f64s,
    sqrt_f64s
);
impl_lane!(
    f32,
    f32s,
    F32_LANES,
    splat_f32s,
    partial_load_f32s,
    partial_store_f32s,
    add_f32s,
    sub_f32s,
    mul_f32s,
    div_f32s,
    mul_add_e_f32s,
    sqrt_f32s
);
