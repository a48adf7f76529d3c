//! LU factorisation with partial pivoting: `P A = L U`.
//!
//! The algorithm of LAPACK `dgetrf`/`dgetrs`, which is what
//! `numpy.linalg.solve` (and therefore gempy_engine) calls. At elimination
//! step `k` the row holding the largest `|a_ik|, i >= k` is swapped into place,
//! so `|l_ij| <= 1`; the solve is then two triangular substitutions,
//!
//! ```text
//! L z = P b,   U w = z.
//! ```
//!
//! Partial pivoting never breaks down: a singular `A` shows up as a negligible
//! pivot `u_kk`, which the pivot check turns into
//! [`SolveError::Singular`] before the solution is trusted.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, solve};
use faer::perm::Perm;
use faer::reborrow::{IntoConst, ReborrowMut};
use faer::{Mat, MatMut, MatRef};

use crate::SolveError;
use crate::blocked::{self, BLOCKED_MIN_ORDER};
use crate::condition::Factorization;
use crate::parallelism::PAR;
use crate::solve::PivotTest;

/// `P A = L U`, with the unit lower `L` (strictly below the diagonal) and the
/// upper `U` stored together in one `n × n` matrix, as LAPACK does: in a matrix of their own
/// ([`Lu::factor`]) or in the storage of `A` itself ([`Lu::factor_in_place`]).
pub(crate) struct Lu<'a> {
    factors: Storage<'a>,
    perm: Perm<usize>,
}

/// Where the factors of an [`Lu`] live.
enum Storage<'a> {
    /// A copy of `A`, factored.
    Owned(Mat<f64>),
    /// `A`'s own storage, overwritten by its factors.
    Borrowed(MatRef<'a, f64>),
}

impl Lu<'static> {
    /// Factors a copy of the square matrix `a` as `P A = L U` ([`Lu::factor_in_place`]).
    pub(crate) fn factor(a: MatRef<'_, f64>) -> Self {
        let mut factors = a.to_owned();
        let perm = factor_in_place(factors.as_mut());
        Self {
            factors: Storage::Owned(factors),
            perm,
        }
    }
}

impl<'a> Lu<'a> {
    /// Factors the square matrix `a` as `P A = L U` in its own storage, which then holds
    /// `L` and `U`: by faer's sequential recursive LU below order [`BLOCKED_MIN_ORDER`], by the
    /// blocked parallel one ([`crate::blocked`]) from there on; both are bitwise independent of
    /// the pool size, and give the same bits as [`Lu::factor`] of the same `a`.
    pub(crate) fn factor_in_place(mut a: MatMut<'a, f64>) -> Self {
        let perm = factor_in_place(a.rb_mut());
        Self {
            factors: Storage::Borrowed(a.into_const()),
            perm,
        }
    }

    /// The factors `L` and `U`, stored together.
    fn factors(&self) -> MatRef<'_, f64> {
        match &self.factors {
            Storage::Owned(factors) => factors.as_ref(),
            Storage::Borrowed(factors) => *factors,
        }
    }

    /// Fails with [`SolveError::Singular`] at the first pivot with
    /// `|u_kk| <= n·ε·max_j |u_jj|` (or `u_kk = 0` under [`PivotTest::ExactZero`]); `offset` is
    /// added to the reported index.
    pub(crate) fn check_pivots(&self, offset: usize, test: PivotTest) -> Result<(), SolveError> {
        let pivots: Vec<f64> = self
            .factors()
            .diagonal()
            .column_vector()
            .iter()
            .map(|u| u.abs())
            .collect();
        match test {
            PivotTest::Relative => check_pivots(&pivots, offset),
            PivotTest::ExactZero => check_pivots_with(&pivots, offset, 0.0),
        }
    }
}

impl Factorization for Lu<'_> {
    fn solve_in_place(&self, rhs: MatMut<'_, f64>) {
        let mut scratch = MemBuffer::new(solve::solve_in_place_scratch::<usize, f64>(
            self.factors().nrows(),
            rhs.ncols(),
            PAR,
        ));
        solve::solve_in_place(
            self.factors(),
            self.factors(),
            self.perm.as_ref(),
            rhs,
            PAR,
            MemStack::new(&mut scratch),
        );
    }

    fn solve_transpose_in_place(&self, rhs: MatMut<'_, f64>) {
        let mut scratch = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, f64>(
            self.factors().nrows(),
            rhs.ncols(),
            PAR,
        ));
        solve::solve_transpose_in_place(
            self.factors(),
            self.factors(),
            self.perm.as_ref(),
            rhs,
            PAR,
            MemStack::new(&mut scratch),
        );
    }
}

/// `P A = L U` of the square `a`, in place (the order decides the algorithm, [`Lu::factor_in_place`]);
/// returns `P`.
fn factor_in_place(a: MatMut<'_, f64>) -> Perm<usize> {
    let n = a.nrows();
    let forward = if n >= BLOCKED_MIN_ORDER {
        blocked::lu_in_place(a)
    } else {
        faer_lu_in_place(a)
    };
    let mut inverse = vec![0usize; n];
    for (i, &p) in forward.iter().enumerate() {
        inverse[p] = i;
    }
    Perm::new_checked(forward.into_boxed_slice(), inverse.into_boxed_slice(), n)
}

/// faer's recursive partial-pivoting LU of the square `a`, in place and sequential ([`PAR`]);
/// returns the forward row permutation.
fn faer_lu_in_place(a: MatMut<'_, f64>) -> Vec<usize> {
    let n = a.nrows();
    let mut forward = vec![0usize; n];
    let mut inverse = vec![0usize; n];
    let mut scratch = MemBuffer::new(factor::lu_in_place_scratch::<usize, f64>(
        n,
        n,
        PAR,
        Default::default(),
    ));
    factor::lu_in_place(
        a,
        &mut forward,
        &mut inverse,
        PAR,
        MemStack::new(&mut scratch),
        Default::default(),
    );
    forward
}

/// Singularity test on the pivot magnitudes `p` of an `m × m` factorisation:
/// the first `k` with `p_k <= m·ε·max_j p_j` is reported as
/// [`SolveError::Singular`] at index `offset + k`.
pub(crate) fn check_pivots(pivots: &[f64], offset: usize) -> Result<(), SolveError> {
    check_pivots_with(pivots, offset, pivots.len() as f64 * f64::EPSILON)
}

/// The first `k` with `p_k <= threshold·max_j p_j`, or NaN, as [`SolveError::Singular`].
fn check_pivots_with(pivots: &[f64], offset: usize, threshold: f64) -> Result<(), SolveError> {
    let largest = pivots.iter().copied().fold(0.0, f64::max);
    match pivots
        .iter()
        .position(|&p| p.is_nan() || p <= threshold * largest)
    {
        Some(k) => Err(SolveError::Singular {
            pivot: offset + k,
            ratio: pivots[k] / largest,
            threshold,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_system_that_needs_pivoting() {
        // a_00 = 0 forces a row swap.
        let a = faer::mat![[0.0, 2.0], [3.0, 1.0]];
        let lu = Lu::factor(a.as_ref());
        lu.check_pivots(0, PivotTest::Relative).unwrap();
        let mut x = faer::mat![[4.0], [5.0]];
        lu.solve_in_place(x.as_mut());
        assert!((x[(0, 0)] - 1.0).abs() < 1e-15 && (x[(1, 0)] - 2.0).abs() < 1e-15);
        // Aᵀ y = c with c = Aᵀ (1, 1) = (3, 3).
        let mut y = faer::mat![[3.0], [3.0]];
        lu.solve_transpose_in_place(y.as_mut());
        assert!((y[(0, 0)] - 1.0).abs() < 1e-15 && (y[(1, 0)] - 1.0).abs() < 1e-15);
    }

    /// The factors in `A`'s own storage (columns `n` apart, not padded to the SIMD width as a
    /// [`Mat`]'s are) have the bits of those of a copy, for faer's LU and the blocked one.
    #[test]
    fn factoring_in_place_gives_the_bits_of_a_copy() {
        for n in [37, BLOCKED_MIN_ORDER + 5] {
            let mut state = n as u64;
            let mut data: Vec<f64> = (0..n * n)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
                })
                .collect();
            let copy = Lu::factor(MatRef::from_column_major_slice(&data, n, n));
            let in_place =
                Lu::factor_in_place(MatMut::from_column_major_slice_mut(&mut data, n, n));
            assert_eq!(copy.perm.arrays().0, in_place.perm.arrays().0, "n = {n}");
            let bits = |lu: &Lu<'_>| -> Vec<u64> {
                let f = lu.factors();
                (0..n)
                    .flat_map(|j| (0..n).map(move |i| f[(i, j)].to_bits()))
                    .collect()
            };
            assert!(bits(&copy) == bits(&in_place), "n = {n}");
        }
    }

    #[test]
    fn negligible_pivot_is_singular() {
        let a = faer::mat![[1.0, 2.0], [2.0, 4.0 + 1e-17]];
        let err = Lu::factor(a.as_ref())
            .check_pivots(3, PivotTest::Relative)
            .unwrap_err();
        assert!(
            matches!(err, SolveError::Singular { pivot: 4, .. }),
            "{err}"
        );
    }

    #[test]
    fn pivot_test_uses_the_size_times_epsilon() {
        let eps = f64::EPSILON;
        assert!(check_pivots(&[1.0, 3.0 * eps], 0).is_ok());
        assert!(check_pivots(&[1.0, 2.0 * eps], 0).is_err());
        assert!(check_pivots(&[0.0, 0.0], 0).is_err());
        assert!(check_pivots(&[], 0).is_ok());
        assert!(check_pivots_with(&[1.0, 1e-300], 0, 0.0).is_ok());
        assert!(check_pivots_with(&[1.0, 0.0], 0, 0.0).is_err());
        assert!(check_pivots_with(&[1.0, f64::NAN], 0, 0.0).is_err());
    }
}
