//! The additive Schwarz preconditioner: dense Cholesky factors of overlapping principal blocks.
//!
//! ```text
//! M⁻¹ r = Σ_j R_jᵀ C_j⁻¹ R_j r,      C_j = R_j C R_jᵀ = C[rows_j, rows_j]
//! ```
//!
//! `R_j` picks the rows of subdomain `j`. With overlapping spatial subdomains the local
//! solves resolve the short-range part of `C` (what a small nugget makes stiff); one more
//! "subdomain" spread over the whole data (a coarse subset of rows) carries the long-range
//! part, so the iteration count stays nearly flat as the data grow (the callers choose the
//! subdomains: `strata-kernel` partitions the data points). `M⁻¹` is a sum of symmetric
//! positive semi-definite terms that covers every row, so it is symmetric positive definite.
//!
//! A block that is not positive definite (rounding, or gempy's unclipped cubic on data spread
//! over many ranges) is inverted in absolute value with an eigenvalue floor
//! ([`block_factor`](super::block_factor) has the reason): every block's `M_j⁻¹` is symmetric
//! positive definite, so `M⁻¹` is.
//!
//! The local solves run in parallel (rayon), each sequentially in faer; their results are
//! added into `z` one subdomain after the other, in subdomain order, so `M⁻¹ r` has the same
//! bits for any number of threads.

use faer::{Mat, MatRef};
use rayon::prelude::*;

use super::block_factor::{BlockFactor, BlockFailure, Indefinite};
use super::{IterativeError, Preconditioner, SymmetricOperator};

/// `M⁻¹ = Σ_j R_jᵀ C_j⁻¹ R_j` over the given subdomains (module docs).
pub struct AdditiveSchwarz {
    n: usize,
    blocks: Vec<LocalBlock>,
}

/// One subdomain: its rows and the inverse of `C[rows, rows]` (or of its absolute value).
struct LocalBlock {
    rows: Vec<usize>,
    factor: BlockFactor,
}

impl AdditiveSchwarz {
    /// Factors `C[rows, rows]` of every subdomain of `op` (in parallel), flooring the
    /// eigenvalues of indefinite blocks. Rows may repeat across subdomains (overlap); every
    /// row should belong to at least one.
    pub fn new(
        op: &impl SymmetricOperator,
        subdomains: Vec<Vec<usize>>,
    ) -> Result<Self, IterativeError> {
        Self::with_policy(op, subdomains, Indefinite::Floor)
    }

    /// [`new`](Self::new) with indefinite blocks treated as `policy` says.
    pub fn with_policy(
        op: &impl SymmetricOperator,
        subdomains: Vec<Vec<usize>>,
        policy: Indefinite,
    ) -> Result<Self, IterativeError> {
        let n = op.size();
        for (subdomain, rows) in subdomains.iter().enumerate() {
            if let Some(&row) = rows.iter().find(|&&r| r >= n) {
                return Err(IterativeError::RowOutOfRange { subdomain, row, n });
            }
        }
        let blocks = subdomains
            .into_par_iter()
            .enumerate()
            .map(|(subdomain, rows)| {
                let m = rows.len();
                let block = op.principal_block(&rows);
                let factor = BlockFactor::new(MatRef::from_row_major_slice(&block, m, m), policy)
                    .map_err(|failure| block_error(failure, subdomain, m))?;
                Ok(LocalBlock { rows, factor })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { n, blocks })
    }

    /// The number of subdomains.
    pub fn subdomains(&self) -> usize {
        self.blocks.len()
    }

    /// Bytes held by the factors: `8 Σ_j |rows_j|²`.
    pub fn memory_bytes(&self) -> usize {
        self.blocks.iter().map(|b| 8 * b.rows.len().pow(2)).sum()
    }

    /// Bytes [`new`](Self::new) will hold for subdomains of these sizes (to budget it first).
    pub fn memory_bytes_for(sizes: impl IntoIterator<Item = usize>) -> usize {
        sizes.into_iter().map(|m| 8 * m * m).sum()
    }
}

/// The error of block `subdomain` (`size` rows) that `failure` describes.
pub(super) fn block_error(failure: BlockFailure, subdomain: usize, size: usize) -> IterativeError {
    match failure {
        BlockFailure::Indefinite => IterativeError::IndefiniteBlock { subdomain, size },
        BlockFailure::Degenerate => IterativeError::Preconditioner { subdomain, size },
    }
}

impl Preconditioner for AdditiveSchwarz {
    fn apply(&self, r: &[f64], z: &mut [f64]) {
        debug_assert_eq!(r.len(), self.n);
        let local: Vec<Mat<f64>> = self
            .blocks
            .par_iter()
            .map(|block| {
                let mut x = Mat::from_fn(block.rows.len(), 1, |i, _| r[block.rows[i]]);
                block.factor.solve_in_place(x.as_mut());
                x
            })
            .collect();
        z.fill(0.0);
        for (block, x) in self.blocks.iter().zip(&local) {
            for (i, &row) in block.rows.iter().enumerate() {
                z[row] += x[(i, 0)];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iterative::DenseOperator;

    #[test]
    fn one_subdomain_over_every_row_is_the_exact_inverse() {
        let c = [4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0];
        let op = DenseOperator { n: 3, data: &c };
        let m = AdditiveSchwarz::new(&op, vec![vec![0, 1, 2]]).unwrap();
        let r = [1.0, 2.0, 3.0];
        let mut z = [0.0; 3];
        m.apply(&r, &mut z);
        let mut back = [0.0; 3];
        op.apply(&z, &mut back);
        for (b, r) in back.iter().zip(r) {
            assert!((b - r).abs() < 1e-14);
        }
        assert_eq!(m.memory_bytes(), 72);
    }

    #[test]
    fn overlapping_blocks_add_their_local_solves() {
        // Diagonal C (exact square roots): each local solve divides by the diagonal; row 1
        // is in both blocks.
        let c = [4.0, 0.0, 0.0, 0.0, 16.0, 0.0, 0.0, 0.0, 64.0];
        let op = DenseOperator { n: 3, data: &c };
        let m = AdditiveSchwarz::new(&op, vec![vec![0, 1], vec![1, 2]]).unwrap();
        let mut z = [0.0; 3];
        m.apply(&[4.0, 16.0, 64.0], &mut z);
        assert_eq!(z, [1.0, 2.0, 1.0]);
    }

    #[test]
    fn rows_out_of_range_are_reported() {
        let c = [1.0];
        let op = DenseOperator { n: 1, data: &c };
        let err = AdditiveSchwarz::new(&op, vec![vec![0, 3]]).err();
        assert_eq!(
            err,
            Some(IterativeError::RowOutOfRange {
                subdomain: 0,
                row: 3,
                n: 1
            })
        );
    }
}
