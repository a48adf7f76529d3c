//! The Cholesky factorisation `M = L Lᵀ` of a symmetric positive definite matrix, shared by
//! the Cholesky–Schur solve ([`crate::cholesky_schur`]) and the local blocks of the Schwarz
//! preconditioner ([`crate::iterative::AdditiveSchwarz`]).

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::cholesky::llt::factor::{LltError, cholesky_in_place, cholesky_in_place_scratch};
use faer::linalg::cholesky::llt::solve::{solve_in_place, solve_in_place_scratch};
use faer::{Mat, MatMut, MatRef};

use crate::SolveError;
use crate::blocked::{self, BLOCKED_MIN_ORDER};
use crate::lu::check_pivots;
use crate::parallelism::PAR;

/// `M = L Lᵀ`, the lower-triangular `L` stored alone.
pub(crate) struct Cholesky {
    l: Mat<f64>,
}

impl Cholesky {
    /// `M = L Lᵀ` from the lower triangle of `m` (faer's sequential factorisation below
    /// order [`BLOCKED_MIN_ORDER`], the blocked parallel one of [`crate::blocked`] above). Fails with
    /// [`SolveError::CholeskyFailed`] on a non-positive pivot and with
    /// [`SolveError::Singular`] when a pivot `l_kk²` is negligible (indices
    /// are shifted by `offset`).
    pub(crate) fn factor(m: MatRef<'_, f64>, offset: usize) -> Result<Self, SolveError> {
        let n = m.nrows();
        let mut l = Mat::zeros(n, n);
        l.copy_from_triangular_lower(m);
        let factored = if n >= BLOCKED_MIN_ORDER {
            blocked::cholesky_in_place(l.as_mut())
        } else {
            let mut scratch =
                MemBuffer::new(cholesky_in_place_scratch::<f64>(n, PAR, Default::default()));
            cholesky_in_place(
                l.as_mut(),
                Default::default(),
                PAR,
                MemStack::new(&mut scratch),
                Default::default(),
            )
            .map(|_| ())
        };
        factored.map_err(
            |LltError::NonPositivePivot { index }| SolveError::CholeskyFailed {
                pivot: offset + index,
            },
        )?;
        let pivots: Vec<f64> = l.diagonal().column_vector().iter().map(|l| l * l).collect();
        check_pivots(&pivots, offset)?;
        Ok(Self { l })
    }

    /// `rhs ← M⁻¹ rhs = L⁻ᵀ L⁻¹ rhs`.
    pub(crate) fn solve_in_place(&self, rhs: MatMut<'_, f64>) {
        let mut scratch = MemBuffer::new(solve_in_place_scratch::<f64>(
            self.l.nrows(),
            rhs.ncols(),
            PAR,
        ));
        solve_in_place(self.l.as_ref(), rhs, PAR, MemStack::new(&mut scratch));
    }
}
