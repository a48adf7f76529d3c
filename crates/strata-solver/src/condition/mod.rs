//! Condition numbers of `A`: which norm, and how it is obtained.
//!
//! | [`ConditionKind`] | quantity | method | cost |
//! |---|---|---|---|
//! | [`OneNormEstimate`](ConditionKind::OneNormEstimate) (default) | `κ₁ = ‖A‖₁ ‖A⁻¹‖₁` | Hager–Higham estimate of `‖A⁻¹‖₁` ([`one_norm`]) | `O(n²)`: at most 11 solves with the factors |
//! | [`TwoNormExact`](ConditionKind::TwoNormExact) | `κ₂ = σ_max / σ_min` | SVD for `n <=` [`EXACT_CONDITION_MAX_N`], Lanczos above ([`two_norm`]) | `O(n³)`, or `O(n²)` per Lanczos step |
//!
//! The two norms never differ by more than a factor `n`
//! (`κ₂ / n <= κ₁ <= n κ₂`, from `‖M‖₁ <= √n ‖M‖₂ <= n ‖M‖₁`), and in practice
//! by much less, so either tells a well-conditioned system from an
//! ill-conditioned one; gempy_engine's reference data reports `κ₂`.
//!
//! Both estimates are lower bounds of the quantity they estimate, and both
//! give `∞` for a singular matrix.

pub mod one_norm;
pub mod two_norm;

use faer::{MatMut, MatRef};

pub use two_norm::{EXACT_CONDITION_MAX_N, condition_number};

/// Condition number above which a system is ill-conditioned and its solver's caller warns:
/// about 4 of the 16 significant digits of `f64` survive. It applies to either
/// [`ConditionKind`].
pub const ILL_CONDITIONED: f64 = 1e12;

/// Which condition number [`solve`](crate::solve) reports.
#[non_exhaustive]
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConditionKind {
    /// `κ₁(A) = ‖A‖₁ ‖A⁻¹‖₁` with `‖A⁻¹‖₁` estimated through the
    /// factorisation ([`one_norm`]): `O(n²)`, a lower bound, in practice
    /// within a factor 3 of `κ₁` and usually exact.
    #[default]
    OneNormEstimate,
    /// `κ₂(A) = σ_max / σ_min`, the number gempy_engine reports: exact from
    /// the singular values for `n <=` [`EXACT_CONDITION_MAX_N`], a Lanczos
    /// estimate above ([`two_norm`]).
    TwoNormExact,
    /// No condition number: the matrix-free solve never forms `A`
    /// ([`crate::iterative`]); the weights carry `NaN`.
    NotComputed,
}

impl ConditionKind {
    /// Short stable name for reports: `"1-norm estimate"` or `"2-norm"`.
    pub fn name(self) -> &'static str {
        match self {
            ConditionKind::OneNormEstimate => "1-norm estimate",
            ConditionKind::TwoNormExact => "2-norm",
            ConditionKind::NotComputed => "not computed",
        }
    }
}

/// A factorisation of `A` that applies `A⁻¹` and `A⁻ᵀ` to the columns of a
/// right-hand side, in place.
pub(crate) trait Factorization {
    /// `rhs ← A⁻¹ rhs`.
    fn solve_in_place(&self, rhs: MatMut<'_, f64>);
    /// `rhs ← A⁻ᵀ rhs`.
    fn solve_transpose_in_place(&self, rhs: MatMut<'_, f64>);
}

/// The condition number of `a` of the given kind, through its factorisation.
pub(crate) fn condition_number_with(
    a: MatRef<'_, f64>,
    factors: &impl Factorization,
    kind: ConditionKind,
) -> f64 {
    match kind {
        ConditionKind::OneNormEstimate => one_norm::condition_number_with(a, factors),
        ConditionKind::TwoNormExact => two_norm::condition_number_with(a, factors),
        ConditionKind::NotComputed => f64::NAN,
    }
}
