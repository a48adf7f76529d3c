//! The two-level (balancing) Schwarz preconditioner: an exact solve on a coarse subset of the
//! rows, applied multiplicatively around any local preconditioner.
//!
//! With `R₀` the restriction to the coarse rows, `C₀ = R₀ C R₀ᵀ` and `P₀ = R₀ᵀ C₀⁻¹ R₀`,
//!
//! ```text
//! M⁻¹ = P₀ + (I − P₀ C) M_loc⁻¹ (I − C P₀)
//! ```
//!
//! (Mandel's balancing form of a hybrid Schwarz method): the coarse component of the error is
//! removed exactly at every step, the local preconditioner `M_loc` (here
//! [`AdditiveSchwarz`](super::AdditiveSchwarz)) sees only what the coarse subset cannot
//! represent, and `M⁻¹` is symmetric positive definite when `M_loc` is. `C₀` is inverted like a
//! local block ([`block_factor`](super::block_factor)): in absolute value with an eigenvalue
//! floor where it is not positive definite. One application costs
//! one local application, two coarse solves and two products with `C` restricted to the
//! coarse rows or columns (`2 n |coarse|` kernel evaluations: for 1 000 coarse rows about a
//! tenth of a full product at `n = 26 000`).

use faer::{Mat, MatRef};

use super::block_factor::{BlockFactor, Indefinite};
use super::schwarz::block_error;
use super::{IterativeError, Preconditioner, SymmetricOperator};

/// `M⁻¹ = P₀ + (I − P₀ C) M_loc⁻¹ (I − C P₀)` (module docs).
pub struct TwoLevel<'a, O, L> {
    op: &'a O,
    rows: Vec<usize>,
    coarse: BlockFactor,
    local: L,
}

impl<'a, O: SymmetricOperator, L: Preconditioner> TwoLevel<'a, O, L> {
    /// Factors `C₀ = C[rows, rows]` of `op` (its eigenvalues floored where it is indefinite)
    /// and wraps `local`.
    pub fn new(op: &'a O, rows: Vec<usize>, local: L) -> Result<Self, IterativeError> {
        Self::with_policy(op, rows, local, Indefinite::Floor)
    }

    /// [`new`](Self::new) with an indefinite `C₀` treated as `policy` says.
    pub fn with_policy(
        op: &'a O,
        rows: Vec<usize>,
        local: L,
        policy: Indefinite,
    ) -> Result<Self, IterativeError> {
        let n = op.size();
        if let Some(&row) = rows.iter().find(|&&r| r >= n) {
            return Err(IterativeError::RowOutOfRange {
                subdomain: 0,
                row,
                n,
            });
        }
        let m = rows.len();
        let block = op.principal_block(&rows);
        let coarse = BlockFactor::new(MatRef::from_row_major_slice(&block, m, m), policy)
            .map_err(|failure| block_error(failure, 0, m))?;
        Ok(Self {
            op,
            rows,
            coarse,
            local,
        })
    }

    /// Bytes held by the coarse factor (the local preconditioner's are its own).
    pub fn coarse_bytes(&self) -> usize {
        8 * self.rows.len().pow(2)
    }

    /// `C₀⁻¹ v`.
    fn coarse_solve(&self, v: &[f64]) -> Vec<f64> {
        let mut x = Mat::from_fn(v.len(), 1, |i, _| v[i]);
        self.coarse.solve_in_place(x.as_mut());
        x.col(0).iter().copied().collect()
    }
}

impl<O: SymmetricOperator, L: Preconditioner> Preconditioner for TwoLevel<'_, O, L> {
    fn apply(&self, r: &[f64], z: &mut [f64]) {
        let n = r.len();
        // y₀ = C₀⁻¹ R₀ r;  t = r − C R₀ᵀ y₀.
        let restricted: Vec<f64> = self.rows.iter().map(|&i| r[i]).collect();
        let y0 = self.coarse_solve(&restricted);
        let mut t = vec![0.0; n];
        self.op.apply_columns(&self.rows, &y0, &mut t);
        t.iter_mut().zip(r).for_each(|(t, r)| *t = r - *t);
        // s = M_loc⁻¹ t;  z = s + R₀ᵀ (y₀ − C₀⁻¹ R₀ C s).
        self.local.apply(&t, z);
        let mut cs = vec![0.0; self.rows.len()];
        self.op.apply_rows(&self.rows, z, &mut cs);
        let correction = self.coarse_solve(&cs);
        for ((&i, y), c) in self.rows.iter().zip(&y0).zip(&correction) {
            z[i] += y - c;
        }
    }
}
