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
use rayon::prelude::*;

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

/// Side of the square tiles that [`column_major_in_place`] compares and swaps.
const TILE: usize = 64;

/// Turns the row-major `n × n` `data` into column-major in place: `a_ij` and `a_ji` swap places
/// wherever their bits differ. An exactly symmetric matrix (the engine's `A`, whose assembly
/// mirrors it) is only read, by tiles of [`TILE`] rows shared over the rayon pool.
pub(crate) fn column_major_in_place(data: &mut [f64], n: usize) {
    debug_assert_eq!(data.len(), n * n);
    let tiles = n.div_ceil(TILE);
    let rows = |t: usize| t * TILE..((t + 1) * TILE).min(n);
    let shared: &[f64] = data;
    let symmetric = (0..tiles).into_par_iter().all(|ti| {
        (ti..tiles).all(|tj| {
            rows(ti).all(|i| {
                rows(tj)
                    .filter(|&j| j > i)
                    .all(|j| shared[i * n + j].to_bits() == shared[j * n + i].to_bits())
            })
        })
    });
    if symmetric {
        return;
    }
    for ti in 0..tiles {
        for tj in ti..tiles {
            for i in rows(ti) {
                for j in rows(tj).filter(|&j| j > i) {
                    data.swap(i * n + j, j * n + i);
                }
            }
        }
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
    fn column_major_in_place_transposes_across_tiles() {
        // Two and a bit tiles. In a symmetric matrix with `a_01 = 0`, `a_10 = −0` (equal, but
        // not in their bits) only those two swap places.
        let n = 2 * TILE + 5;
        let value = |i: usize, j: usize| (i * 1000 + j) as f64;
        let mut data: Vec<f64> = (0..n * n).map(|k| value(k / n, k % n)).collect();
        column_major_in_place(&mut data, n);
        for i in 0..n {
            for j in 0..n {
                assert_eq!(data[j * n + i], value(i, j), "({i}, {j})");
            }
        }
        let mut symmetric: Vec<f64> = (0..n * n)
            .map(|k| value(k / n, k % n) + value(k % n, k / n))
            .collect();
        symmetric[1] = 0.0;
        symmetric[n] = -0.0;
        let before: Vec<u64> = symmetric.iter().map(|v| v.to_bits()).collect();
        column_major_in_place(&mut symmetric, n);
        assert_eq!(symmetric[1].to_bits(), (-0.0f64).to_bits());
        assert_eq!(symmetric[n].to_bits(), 0.0f64.to_bits());
        let after: Vec<u64> = symmetric.iter().map(|v| v.to_bits()).collect();
        assert_eq!(after.len(), before.len());
        assert!(after.iter().zip(&before).filter(|(a, b)| a != b).count() == 2);
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
