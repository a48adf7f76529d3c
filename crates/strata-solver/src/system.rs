//! The co-kriging system `A w = b` and its validation.
//!
//! `A` is the `n × n` universal co-kriging matrix of one stack, stored
//! row-major:
//!
//! ```text
//!     ┌ C   U ┐   C: n_c × n_c covariance block, symmetric positive definite
//! A = │       │   U: n_c × n_d drift block
//!     └ Uᵀ  0 ┘   n_c = drift_start, n_d = n − drift_start
//! ```
//!
//! Validation happens once, before any factorisation, and reports the first
//! offending size or entry.

use faer::MatRef;

use crate::SolveError;

/// Borrowed view of the `n × n` co-kriging matrix `A`, row-major.
#[derive(Clone, Copy, Debug)]
pub struct SystemMatrix<'a> {
    /// Order `n` of the system.
    pub n: usize,
    /// Row-major entries: `A[i, j] = data[i·n + j]`; must hold `n²` values.
    pub data: &'a [f64],
    /// `n_c`: rows and columns `>= drift_start` form the drift block, whose
    /// drift–drift part `A[n_c.., n_c..]` is zero.
    pub drift_start: usize,
}

impl<'a> SystemMatrix<'a> {
    /// Checks `data.len() = n²`, `drift_start <= n` and that every `A[i, j]` is finite.
    pub(crate) fn validate(&self) -> Result<(), SolveError> {
        let n = self.n;
        if n.checked_mul(n) != Some(self.data.len()) {
            return Err(SolveError::MatrixSize {
                n,
                expected: n.saturating_mul(n),
                found: self.data.len(),
            });
        }
        if self.drift_start > n {
            return Err(SolveError::DriftStart {
                drift_start: self.drift_start,
                n,
            });
        }
        match self.data.iter().position(|v| !v.is_finite()) {
            Some(k) => Err(SolveError::NonFiniteMatrix {
                row: k / n,
                col: k % n,
                value: self.data[k],
            }),
            None => Ok(()),
        }
    }

    /// Checks `b.len() = n` and that every `b[i]` is finite.
    pub(crate) fn validate_rhs(&self, b: &[f64]) -> Result<(), SolveError> {
        if b.len() != self.n {
            return Err(SolveError::RhsLength {
                expected: self.n,
                found: b.len(),
            });
        }
        match b.iter().position(|v| !v.is_finite()) {
            Some(row) => Err(SolveError::NonFiniteRhs { row, value: b[row] }),
            None => Ok(()),
        }
    }

    /// `A` as a faer view (no copy); call after [`validate`](Self::validate).
    pub(crate) fn as_mat(&self) -> MatRef<'a, f64> {
        MatRef::from_row_major_slice(self.data, self.n, self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_data_length_is_reported_with_sizes() {
        let data = [1.0; 5];
        let system = SystemMatrix {
            n: 2,
            data: &data,
            drift_start: 2,
        };
        assert_eq!(
            system.validate(),
            Err(SolveError::MatrixSize {
                n: 2,
                expected: 4,
                found: 5
            })
        );
    }

    #[test]
    fn drift_start_past_the_end_is_rejected() {
        let data = [1.0; 4];
        let system = SystemMatrix {
            n: 2,
            data: &data,
            drift_start: 3,
        };
        assert_eq!(
            system.validate(),
            Err(SolveError::DriftStart {
                drift_start: 3,
                n: 2
            })
        );
    }

    #[test]
    fn infinite_rhs_entry_is_located() {
        let data = [1.0, 0.0, 0.0, 1.0];
        let system = SystemMatrix {
            n: 2,
            data: &data,
            drift_start: 2,
        };
        let err = system.validate_rhs(&[0.0, f64::INFINITY]).unwrap_err();
        assert_eq!(
            err,
            SolveError::NonFiniteRhs {
                row: 1,
                value: f64::INFINITY
            }
        );
    }

    #[test]
    fn view_is_row_major() {
        let data = [1.0, 2.0, 3.0, 4.0];
        let system = SystemMatrix {
            n: 2,
            data: &data,
            drift_start: 2,
        };
        assert_eq!(system.as_mat()[(0, 1)], 2.0);
        assert_eq!(system.as_mat()[(1, 0)], 3.0);
    }
}
