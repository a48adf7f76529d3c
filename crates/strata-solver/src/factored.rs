//! A checked LU factorisation kept for later right-hand sides: the kriging variance solves
//! `A z = k(x)` for every evaluation point `x` with one factorisation of `A`, and the adjoint of
//! a solve (`strata-gradient`) solves `Aᵀ λ = w̄` with the factors of the forward solve.

use faer::MatMut;

use crate::condition::Factorization;
use crate::lu::Lu;
use crate::{PivotTest, SolveError, SystemMatrix};

/// `P A = L U` of a validated system, with its pivots checked.
///
/// ```
/// use strata_solver::{Factored, PivotTest, SystemMatrix};
///
/// let a = [2.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 0.0];
/// let factored = Factored::lu(SystemMatrix { n: 3, data: &a, drift_start: 2 }, PivotTest::default())?;
/// // Two right-hand sides, column after column: A·(1, 1, 0) and A·(0, 0, 1).
/// let mut rhs = [3.0, 3.0, 2.0, 1.0, 1.0, 0.0];
/// factored.solve_columns(&mut rhs, 2)?;
/// let expected = [1.0, 1.0, 0.0, 0.0, 0.0, 1.0];
/// assert!(rhs.iter().zip(expected).all(|(x, e)| (x - e).abs() < 1e-12));
/// # Ok::<(), strata_solver::SolveError>(())
/// ```
pub struct Factored {
    n: usize,
    lu: Lu<'static>,
}

impl Factored {
    /// Validates `system` and factors it, refusing pivots that fail `pivots`.
    pub fn lu(system: SystemMatrix<'_>, pivots: PivotTest) -> Result<Self, SolveError> {
        system.validate()?;
        let lu = Lu::factor(system.as_mat());
        lu.check_pivots(0, pivots)?;
        Ok(Self { n: system.n, lu })
    }

    /// The order `n` of the system.
    pub fn order(&self) -> usize {
        self.n
    }

    /// `rhs ← A⁻¹ rhs` for the `columns` columns of `rhs` (column-major, `n` rows); the same
    /// column gives the same bits in any batch of the same size, and one column the same bits
    /// as [`solve`](crate::solve) with [`SolverKind::Lu`](crate::SolverKind::Lu). A length
    /// other than `n · columns` is a [`SolveError::RhsLength`].
    pub fn solve_columns(&self, rhs: &mut [f64], columns: usize) -> Result<(), SolveError> {
        let rhs = self.columns(rhs, columns)?;
        self.lu.solve_in_place(rhs);
        Ok(())
    }

    /// `rhs ← A⁻ᵀ rhs` for the `columns` columns of `rhs` (as [`Factored::solve_columns`]):
    /// `Uᵀ Lᵀ P z = rhs` with the same factors, no second factorisation.
    ///
    /// ```
    /// use strata_solver::{Factored, PivotTest, SystemMatrix};
    ///
    /// // A = [[0, 2], [1, 1]] (row-major) needs a row swap; Aᵀ·(1, 1) = (1, 3).
    /// let a = [0.0, 2.0, 1.0, 1.0];
    /// let factored = Factored::lu(SystemMatrix { n: 2, data: &a, drift_start: 2 }, PivotTest::default())?;
    /// let mut rhs = [1.0, 3.0];
    /// factored.solve_transpose_columns(&mut rhs, 1)?;
    /// assert!((rhs[0] - 1.0).abs() < 1e-15 && (rhs[1] - 1.0).abs() < 1e-15);
    /// # Ok::<(), strata_solver::SolveError>(())
    /// ```
    pub fn solve_transpose_columns(
        &self,
        rhs: &mut [f64],
        columns: usize,
    ) -> Result<(), SolveError> {
        let rhs = self.columns(rhs, columns)?;
        self.lu.solve_transpose_in_place(rhs);
        Ok(())
    }

    /// `rhs` as `columns` columns of `n` rows, or a [`SolveError::RhsLength`].
    fn columns<'r>(
        &self,
        rhs: &'r mut [f64],
        columns: usize,
    ) -> Result<MatMut<'r, f64>, SolveError> {
        let expected = self.n.saturating_mul(columns);
        if rhs.len() != expected {
            return Err(SolveError::RhsLength {
                expected,
                found: rhs.len(),
            });
        }
        Ok(MatMut::from_column_major_slice_mut(rhs, self.n, columns))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Aᵀ x = b` by the transposed solve equals the solve of the transposed matrix, on a
    /// non-symmetric matrix that needs pivoting.
    #[test]
    fn transposed_solve_solves_the_transpose() {
        let n = 5;
        let a: Vec<f64> = (0..n * n)
            .map(|k| ((k * 7 + 3) % 11) as f64 - 5.0 + if k % (n + 1) == 0 { 0.0 } else { 0.5 })
            .collect();
        let at: Vec<f64> = (0..n * n).map(|k| a[(k % n) * n + k / n]).collect();
        let system = |data| SystemMatrix {
            n,
            data,
            drift_start: n,
        };
        let b = [1.0, -2.0, 0.5, 3.0, -1.0];
        let mut x = b;
        Factored::lu(system(&a), PivotTest::default())
            .unwrap()
            .solve_transpose_columns(&mut x, 1)
            .unwrap();
        let mut y = b;
        Factored::lu(system(&at), PivotTest::default())
            .unwrap()
            .solve_columns(&mut y, 1)
            .unwrap();
        for (x, y) in x.iter().zip(y) {
            assert!((x - y).abs() <= 1e-12 * y.abs().max(1.0), "{x} vs {y}");
        }
        assert!(matches!(
            Factored::lu(system(&a), PivotTest::default())
                .unwrap()
                .solve_transpose_columns(&mut [0.0; 4], 1),
            Err(SolveError::RhsLength { .. })
        ));
    }
}
