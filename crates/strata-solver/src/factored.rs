//! A checked LU factorisation kept for later right-hand sides: the kriging variance solves
//! `A z = k(x)` for every evaluation point `x` with one factorisation of `A`.

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
    /// column gives the same bits in any batch of the same size. A length other than
    /// `n · columns` is a [`SolveError::RhsLength`].
    pub fn solve_columns(&self, rhs: &mut [f64], columns: usize) -> Result<(), SolveError> {
        let expected = self.n.saturating_mul(columns);
        if rhs.len() != expected {
            return Err(SolveError::RhsLength {
                expected,
                found: rhs.len(),
            });
        }
        self.lu
            .solve_in_place(MatMut::from_column_major_slice_mut(rhs, self.n, columns));
        Ok(())
    }
}
