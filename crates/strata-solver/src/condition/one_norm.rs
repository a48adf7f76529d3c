//! The 1-norm condition number `κ₁(A) = ‖A‖₁ ‖A⁻¹‖₁`, with `‖A⁻¹‖₁`
//! estimated through the factorisation of `A`.
//!
//! `‖M‖₁ = max_j Σ_i |m_ij|` is the largest column sum: `‖A‖₁` is read off
//! `A` in `O(n²)`. `A⁻¹` is never formed. Its norm is the maximum of the
//! convex function `f(x) = ‖A⁻¹ x‖₁` over the unit 1-ball, reached at a
//! column `e_j`; Hager's (1984) ascent climbs `f` along the gradient
//! `z = A⁻ᵀ sign(A⁻¹ x)`, here in Higham's form (1988; LAPACK `dlacn2`,
//! Algorithm 4.1 of Higham & Tisseur 2000 with `t = 1`):
//!
//! ```text
//! x = (1/n, …, 1/n);   y = A⁻¹ x;   γ = ‖y‖₁;   ξ = sign(y);   z = A⁻ᵀ ξ;   j = argmax |z_i|
//! repeat at most 4 times:
//!     y = A⁻¹ e_j;   γ ← max(γ, ‖y‖₁)
//!     stop if sign(y) = ξ or ‖y‖₁ <= γ_previous          (converged, or no ascent)
//!     ξ = sign(y);   z = A⁻ᵀ ξ;   j' = argmax |z_i|
//!     stop if |z_j| = |z_j'|, else j = j'                 (no better column)
//! γ ← max(γ, 2 ‖A⁻¹ x̃‖₁ / (3n)),   x̃_i = (−1)^i (1 + i/(n−1)),  i = 0 … n−1
//! ```
//!
//! The last line is Higham's extra test vector, which catches the matrices
//! built to defeat the ascent. Every `γ` is `‖A⁻¹ v‖₁ / ‖v‖₁` for some `v`,
//! so the estimate is a lower bound of `‖A⁻¹‖₁`; it is exact for most
//! matrices and rarely off by more than a factor 3. The cost is at most 11
//! solves with the factors (`2n²` flops each), usually 5, against `O(n³)` for
//! the exact condition number.
//!
//! A singular matrix (a non-finite solve) has `κ₁ = ∞`.

use faer::{Col, MatMut, MatRef};

use super::Factorization;

/// Ascent steps after the first, as LAPACK's `ITMAX = 5` counts them.
const MAX_STEPS: usize = 4;

/// `κ₁(a) ≈ ‖a‖₁ · est(‖a⁻¹‖₁)` through `factors`; `1` for `n = 0`, `∞` if a
/// solve overflows.
pub(crate) fn condition_number_with(a: MatRef<'_, f64>, factors: &impl Factorization) -> f64 {
    condition_number_from_norm(one_norm(a), a.nrows(), factors)
}

/// [`condition_number_with`] of the `n × n` matrix behind `factors` whose `‖A‖₁` is `norm`
/// ([`one_norm`], read before `A` was overwritten by its factors).
pub(crate) fn condition_number_from_norm(norm: f64, n: usize, factors: &impl Factorization) -> f64 {
    if n == 0 {
        return 1.0;
    }
    match inverse_norm_estimate(n, factors) {
        Some(inverse_norm) => norm * inverse_norm,
        None => f64::INFINITY,
    }
}

/// `‖a‖₁ = max_j Σ_i |a_ij|`, summed row by row (the storage order of
/// [`SystemMatrix`](crate::SystemMatrix)).
pub(crate) fn one_norm(a: MatRef<'_, f64>) -> f64 {
    let mut column_sums = vec![0.0; a.ncols()];
    for i in 0..a.nrows() {
        for (sum, x) in column_sums.iter_mut().zip(a.row(i).iter()) {
            *sum += x.abs();
        }
    }
    column_sums.into_iter().fold(0.0, f64::max)
}

/// Hager–Higham lower bound of `‖A⁻¹‖₁` for the `n × n` (`n >= 1`) matrix
/// behind `factors` (see the [module docs](self)); `None` if a solve gives a
/// non-finite vector.
fn inverse_norm_estimate(n: usize, factors: &impl Factorization) -> Option<f64> {
    let solve = |x: Col<f64>| apply(x, |v| factors.solve_in_place(v));
    let solve_transpose = |x: Col<f64>| apply(x, |v| factors.solve_transpose_in_place(v));

    let y = solve(Col::from_fn(n, |_| 1.0 / n as f64))?;
    let mut estimate = norm(&y);
    let mut signs = sign(&y);
    let mut z = solve_transpose(signs.clone())?;
    let mut j = argmax_abs(&z);
    for _ in 0..MAX_STEPS {
        let y = solve(unit(n, j))?;
        let (y_norm, y_signs) = (norm(&y), sign(&y));
        let converged = y_signs == signs || y_norm <= estimate;
        estimate = estimate.max(y_norm);
        if converged {
            break;
        }
        signs = y_signs;
        z = solve_transpose(signs.clone())?;
        let next = argmax_abs(&z);
        if z[j].abs() == z[next].abs() {
            break;
        }
        j = next;
    }
    let alternating = Col::from_fn(n, |i| {
        let magnitude = 1.0 + i as f64 / (n - 1).max(1) as f64;
        if i % 2 == 0 { magnitude } else { -magnitude }
    });
    let y = solve(alternating)?;
    Some(estimate.max(2.0 * norm(&y) / (3 * n) as f64))
}

/// `x ← M x` by `apply`, or `None` if the result is not finite.
fn apply(mut x: Col<f64>, apply: impl FnOnce(MatMut<'_, f64>)) -> Option<Col<f64>> {
    apply(x.as_mat_mut());
    let finite = x.iter().all(|v| v.is_finite());
    finite.then_some(x)
}

/// `‖x‖₁`.
fn norm(x: &Col<f64>) -> f64 {
    x.iter().map(|v| v.abs()).sum()
}

/// `sign(x)`, with `sign(0) = +1` as in LAPACK.
fn sign(x: &Col<f64>) -> Col<f64> {
    Col::from_fn(x.nrows(), |i| if x[i] >= 0.0 { 1.0 } else { -1.0 })
}

/// The unit vector `e_j` of order `n`.
fn unit(n: usize, j: usize) -> Col<f64> {
    Col::from_fn(n, |i| if i == j { 1.0 } else { 0.0 })
}

/// The first `i` with `|x_i| = max_k |x_k|`.
fn argmax_abs(x: &Col<f64>) -> usize {
    (0..x.nrows()).fold(
        0,
        |best, i| if x[i].abs() > x[best].abs() { i } else { best },
    )
}

#[cfg(test)]
mod tests {
    use faer::Mat;

    use super::*;
    use crate::lu::Lu;

    fn estimate(a: &Mat<f64>) -> f64 {
        condition_number_with(a.as_ref(), &Lu::factor(a.as_ref()))
    }

    #[test]
    fn diagonal_matrix_is_exact() {
        // ‖A‖₁ = 4, ‖A⁻¹‖₁ = 1e3.
        let a = faer::mat![[4.0, 0.0, 0.0], [0.0, 1e-3, 0.0], [0.0, 0.0, -2.0]];
        assert_eq!(estimate(&a), 4e3);
    }

    #[test]
    fn one_by_one_and_empty() {
        assert_eq!(estimate(&faer::mat![[-0.5]]), 1.0);
        assert_eq!(estimate(&Mat::zeros(0, 0)), 1.0);
    }

    #[test]
    fn singular_matrix_has_infinite_condition_number() {
        assert_eq!(estimate(&Mat::zeros(3, 3)), f64::INFINITY);
        let rank_one = faer::mat![[1.0, 2.0], [2.0, 4.0]];
        assert_eq!(estimate(&rank_one), f64::INFINITY);
    }

    #[test]
    fn one_norm_is_the_largest_column_sum() {
        let a = faer::mat![[1.0, -5.0], [-3.0, 1.0]];
        assert_eq!(one_norm(a.as_ref()), 6.0);
    }

    /// A non-normal matrix with a dense inverse.
    #[test]
    fn upper_bidiagonal_is_within_a_factor_three() {
        // A = I − (superdiagonal of ones): A⁻¹ is upper triangular ones, ‖A⁻¹‖₁ = n.
        let n = 50;
        let a = Mat::from_fn(n, n, |i, j| match j.wrapping_sub(i) {
            0 => 1.0,
            1 => -1.0,
            _ => 0.0,
        });
        let kappa = estimate(&a);
        let exact = 2.0 * n as f64;
        assert!(kappa <= exact && kappa >= exact / 3.0, "{kappa} vs {exact}");
    }
}
