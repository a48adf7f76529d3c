//! Block solve through the Cholesky factor of `C` and the Schur complement.
//!
//! For the symmetric saddle-point system
//!
//! ```text
//! ┌ C   U ┐ ┌ w₁ ┐   ┌ b₁ ┐
//! └ Uᵀ  D ┘ └ w₂ ┘ = └ b₂ ┘      (D = 0 for universal kriging)
//! ```
//!
//! with `C = L Lᵀ` symmetric positive definite, eliminating `w₁` gives
//!
//! ```text
//! X = C⁻¹ U,  y = C⁻¹ b₁,  S = Uᵀ X − D,
//! λ = S⁻¹ (Uᵀ y − b₂),  w₁ = y − X λ,  w₂ = λ.
//! ```
//!
//! `S` is symmetric positive definite when `D = 0` and `U` has full column
//! rank; it is factored by Cholesky and, should that fail or give a
//! negligible pivot, by partial-pivoting LU (which reports
//! [`SolveError::Singular`] if `S` really is singular). With no drift
//! (`n_d = 0`) this is a plain Cholesky solve.
//!
//! Only the lower triangle of `A` is read (as in LAPACK `dposv`): `C` from its
//! lower triangle, `Uᵀ` from the block below `C`, and `D` whole.
//! The cost is about `n_c³/3` flops for `L` against `2n³/3` for LU of `A`.

use faer::{Accum, Mat, MatMut, MatRef};

use crate::SolveError;
use crate::cholesky::Cholesky;
use crate::condition::Factorization;
use crate::lu::Lu;
use crate::parallelism::{matmul, product};
use crate::solve::PivotTest;

/// Factorisation of `A = [[C, U], [Uᵀ, D]]` as `C = L Lᵀ` plus a factored
/// Schur complement `S = Uᵀ C⁻¹ U − D`.
pub(crate) struct CholeskySchur<'a> {
    /// `Uᵀ = A[n_c.., ..n_c]`, borrowed from the system.
    ut: MatRef<'a, f64>,
    /// `C = L Lᵀ`.
    c: Cholesky,
    /// `X = C⁻¹ U`, `n_c × n_d`.
    x: Mat<f64>,
    /// `S = Uᵀ X − D`, `n_d × n_d`.
    schur: Schur,
}

/// The factored Schur complement.
enum Schur {
    Cholesky(Cholesky),
    Lu(Lu<'static>),
}

impl<'a> CholeskySchur<'a> {
    /// Factors `a` whose covariance block is `A[..n_c, ..n_c]`.
    pub(crate) fn factor(a: MatRef<'a, f64>, n_c: usize) -> Result<Self, SolveError> {
        let n_d = a.nrows() - n_c;
        let c = Cholesky::factor(a.submatrix(0, 0, n_c, n_c), 0)?;
        let ut = a.submatrix(n_c, 0, n_d, n_c);
        let mut x = ut.transpose().to_owned();
        c.solve_in_place(x.as_mut());
        let s = product(ut, x.as_ref()) - a.submatrix(n_c, n_c, n_d, n_d);
        let schur = match Cholesky::factor(s.as_ref(), n_c) {
            Ok(llt) => Schur::Cholesky(llt),
            Err(_) => {
                tracing::debug!(
                    n_d,
                    "Schur complement is not numerically SPD; factoring it by LU"
                );
                let lu = Lu::factor(s.as_ref());
                lu.check_pivots(n_c, PivotTest::Relative)?;
                Schur::Lu(lu)
            }
        };
        Ok(Self { ut, c, x, schur })
    }
}

impl Factorization for CholeskySchur<'_> {
    fn solve_in_place(&self, rhs: MatMut<'_, f64>) {
        let n_c = self.x.nrows();
        let (mut top, mut bottom) = rhs.split_at_row_mut(n_c);
        // y = C⁻¹ b₁, in place of b₁.
        self.c.solve_in_place(top.as_mut());
        // λ = S⁻¹ (Uᵀ y − b₂).
        let mut lambda = product(self.ut, top.as_ref()) - bottom.as_ref();
        match &self.schur {
            Schur::Cholesky(llt) => llt.solve_in_place(lambda.as_mut()),
            Schur::Lu(lu) => lu.solve_in_place(lambda.as_mut()),
        }
        // w₁ = y − X λ, w₂ = λ.
        matmul(top, Accum::Add, self.x.as_ref(), lambda.as_ref(), -1.0);
        bottom.copy_from(&lambda);
    }

    /// The factored matrix is symmetric, so `A⁻ᵀ = A⁻¹`.
    fn solve_transpose_in_place(&self, rhs: MatMut<'_, f64>) {
        self.solve_in_place(rhs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_block_formula_on_a_small_system() {
        // C = [[4, 2], [2, 3]], U = [1, 1]ᵀ, b = (1, 2, 3).
        let a = faer::mat![[4.0, 2.0, 1.0], [2.0, 3.0, 1.0], [1.0, 1.0, 0.0]];
        let cs = CholeskySchur::factor(a.as_ref(), 2).unwrap();
        let mut w = faer::mat![[1.0], [2.0], [3.0]];
        cs.solve_in_place(w.as_mut());
        let residual = &a * &w - faer::mat![[1.0], [2.0], [3.0]];
        assert!(residual.norm_max() < 1e-14, "{residual:?}");
    }

    #[test]
    fn indefinite_covariance_fails_cholesky() {
        let a = faer::mat![[1.0, 2.0, 1.0], [2.0, 1.0, 0.0], [1.0, 0.0, 0.0]];
        let err = CholeskySchur::factor(a.as_ref(), 2).err();
        assert_eq!(err, Some(SolveError::CholeskyFailed { pivot: 1 }));
    }

    #[test]
    fn rank_deficient_drift_is_singular() {
        // Both drift columns equal: S is singular.
        let a = faer::mat![
            [2.0, 0.0, 1.0, 1.0],
            [0.0, 2.0, 1.0, 1.0],
            [1.0, 1.0, 0.0, 0.0],
            [1.0, 1.0, 0.0, 0.0],
        ];
        let err = CholeskySchur::factor(a.as_ref(), 2).err();
        assert!(
            matches!(err, Some(SolveError::Singular { pivot: 3, .. })),
            "{err:?}"
        );
    }

    #[test]
    fn upper_triangle_is_not_read() {
        let a = faer::mat![[4.0, 2.0, 1.0], [2.0, 3.0, 1.0], [1.0, 1.0, 0.0]];
        let mut garbled = a.clone();
        garbled[(0, 1)] = 99.0;
        garbled[(0, 2)] = -7.0;
        let mut w = faer::mat![[1.0], [2.0], [3.0]];
        let mut v = w.clone();
        CholeskySchur::factor(a.as_ref(), 2)
            .unwrap()
            .solve_in_place(w.as_mut());
        CholeskySchur::factor(garbled.as_ref(), 2)
            .unwrap()
            .solve_in_place(v.as_mut());
        assert_eq!(w, v);
    }
}
