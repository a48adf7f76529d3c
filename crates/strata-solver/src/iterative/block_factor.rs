//! The inverse of one dense block of a preconditioner, symmetric positive definite even where
//! the block is not.
//!
//! ```text
//! fast path       C_j + s·max_i |C_j,ii| I = L Lᵀ          s = 0, then 10⁻¹²
//! Floor           C_j = V Λ Vᵀ,   M_j = V max(|Λ|, φ) Vᵀ     φ = 10⁻¹⁰ max_i |λ_i|
//! Refuse          s up to 10⁻⁶ (rounding), else IterativeError::IndefiniteBlock
//! ```
//!
//! [`Indefinite::Refuse`] is for a caller with a better way out: where the dense solve fits,
//! a covariance block that is indefinite beyond rounding usually means that `C` is indefinite
//! on the constraint space too, where conjugate gradient breaks down; a few Cholesky attempts
//! find that out before any eigendecomposition (`≈ 27` times the cost) is spent.
//!
//! ## Why an eigenvalue floor
//!
//! gempy_engine's cubic covariance is a polynomial that is *not* clipped at the range: beyond it
//! the kernel keeps growing like `(r/a)⁷`. It is conditionally positive definite only on data
//! orthogonal to cubic polynomials, so on data that span many ranges (the whole Moureze set:
//! 1 000 m of points, range 100 m) a principal block of `C` is truly indefinite, with a few
//! negative eigenvalues as large as the positive ones, not merely rounded below zero. A
//! diagonal shift large enough to make such a block positive definite (`|λ_min|`, about the
//! size of the largest eigenvalue) rescales every direction and destroys the block as a
//! preconditioner; the "absolute value" preconditioner `|C_j|` changes only the sign of the
//! negative directions and lifts the near-null ones to `φ`, and is symmetric positive definite
//! by construction. Where `C_j` is positive definite (the usual case) the Cholesky factor is
//! exact and costs `m³/3` flops against the eigendecomposition's `≈ 9 m³`, so it is tried
//! first; the tiny shift only absorbs rounding. Both are computed sequentially in faer
//! ([`Par::Seq`]): the same bits for any number of threads.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd::{ComputeEigenvectors, self_adjoint_evd, self_adjoint_evd_scratch};
use faer::{Mat, MatMut, MatRef, Par};

use crate::cholesky::Cholesky;

/// Relative diagonal shifts tried, in order, by the Cholesky fast path.
const SHIFTS: [f64; 2] = [0.0, 1e-12];

/// Relative diagonal shifts that [`Indefinite::Refuse`] tries before refusing: up to what
/// rounding can make of a positive definite block.
const ROUNDING_SHIFTS: [f64; 5] = [0.0, 1e-12, 1e-10, 1e-8, 1e-6];

/// What a preconditioner does with a block that is not positive definite (module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Indefinite {
    /// Inverts it in absolute value, eigenvalues floored at `φ`: always a valid preconditioner.
    #[default]
    Floor,
    /// Shifts it by up to `10⁻⁶` of its largest diagonal entry, else refuses it
    /// ([`IterativeError::IndefiniteBlock`](super::IterativeError::IndefiniteBlock)).
    Refuse,
}

/// The floor `φ` of the eigenvalues' magnitudes, relative to the largest.
pub(crate) const EIGENVALUE_FLOOR: f64 = 1e-10;

/// `M_j⁻¹` for one block (module docs).
pub(crate) enum BlockFactor {
    /// `C_j` (slightly shifted) `= L Lᵀ`.
    Cholesky(Cholesky),
    /// `M_j⁻¹ = V diag(1 / max(|λ|, φ)) Vᵀ`.
    Spectral {
        /// `V`, the eigenvectors as columns.
        vectors: Mat<f64>,
        /// `1 / max(|λ_i|, φ)`.
        inverse: Vec<f64>,
    },
}

/// Why a block has no [`BlockFactor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockFailure {
    /// [`Indefinite::Refuse`] met a block that is indefinite beyond rounding.
    Indefinite,
    /// The block is zero or not finite.
    Degenerate,
}

impl BlockFactor {
    /// Factors the symmetric block `m` (its lower triangle is read) under `policy`.
    pub(crate) fn new(m: MatRef<'_, f64>, policy: Indefinite) -> Result<Self, BlockFailure> {
        let largest = m
            .diagonal()
            .column_vector()
            .iter()
            .fold(0.0f64, |a, &d| a.max(d.abs()));
        let shifts: &[f64] = match policy {
            Indefinite::Floor => &SHIFTS,
            Indefinite::Refuse => &ROUNDING_SHIFTS,
        };
        let cholesky = shifts.iter().find_map(|&shift| {
            if shift == 0.0 {
                return Cholesky::factor(m, 0).ok();
            }
            let shifted = Mat::from_fn(m.nrows(), m.ncols(), |i, j| {
                m[(i, j)] + if i == j { shift * largest } else { 0.0 }
            });
            Cholesky::factor(shifted.as_ref(), 0).ok()
        });
        if let Some(factor) = cholesky {
            return Ok(Self::Cholesky(factor));
        }
        if policy == Indefinite::Refuse {
            return Err(BlockFailure::Indefinite);
        }
        tracing::debug!(
            rows = m.nrows(),
            "preconditioner block is not positive definite: eigenvalue floor"
        );
        Self::spectral(m).ok_or(BlockFailure::Degenerate)
    }

    /// The eigenvalue-floor inverse of `m` (module docs).
    fn spectral(m: MatRef<'_, f64>) -> Option<Self> {
        let n = m.nrows();
        if m.diagonal().column_vector().iter().any(|v| !v.is_finite()) {
            return None;
        }
        let mut values = faer::diag::Diag::<f64>::zeros(n);
        let mut vectors = Mat::<f64>::zeros(n, n);
        let mut scratch = MemBuffer::new(self_adjoint_evd_scratch::<f64>(
            n,
            ComputeEigenvectors::Yes,
            Par::Seq,
            Default::default(),
        ));
        self_adjoint_evd(
            m,
            values.as_mut(),
            Some(vectors.as_mut()),
            Par::Seq,
            MemStack::new(&mut scratch),
            Default::default(),
        )
        .ok()?;
        let values = values.column_vector();
        let top = values.iter().fold(0.0f64, |a, &l| a.max(l.abs()));
        if !(top.is_finite() && top > 0.0) {
            return None;
        }
        let floor = EIGENVALUE_FLOOR * top;
        let inverse = values.iter().map(|&l| 1.0 / l.abs().max(floor)).collect();
        Some(Self::Spectral { vectors, inverse })
    }

    /// `rhs ← M_j⁻¹ rhs`.
    pub(crate) fn solve_in_place(&self, mut rhs: MatMut<'_, f64>) {
        match self {
            Self::Cholesky(factor) => factor.solve_in_place(rhs),
            Self::Spectral { vectors, inverse } => {
                let n = vectors.nrows();
                for c in 0..rhs.ncols() {
                    // t = diag(inverse) Vᵀ x;  x ← V t, each sum in index order.
                    let t: Vec<f64> = (0..n)
                        .map(|k| {
                            inverse[k] * (0..n).fold(0.0, |s, i| s + vectors[(i, k)] * rhs[(i, c)])
                        })
                        .collect();
                    for i in 0..n {
                        rhs[(i, c)] = (0..n).fold(0.0, |s, k| s + vectors[(i, k)] * t[k]);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indefinite_block_is_inverted_in_absolute_value() {
        // C = Q diag(4, −2, 1) Qᵀ with Q a rotation about z by 30°: M⁻¹ = Q diag(1/4, 1/2, 1) Qᵀ.
        let (s, c) = (0.5f64, 0.75f64.sqrt());
        let q = [[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]];
        let lambda = [4.0, -2.0, 1.0];
        let m = Mat::from_fn(3, 3, |i, j| {
            (0..3).map(|k| q[i][k] * lambda[k] * q[j][k]).sum()
        });
        assert!(matches!(
            BlockFactor::new(m.as_ref(), Indefinite::Refuse),
            Err(BlockFailure::Indefinite)
        ));
        let factor = BlockFactor::new(m.as_ref(), Indefinite::Floor).unwrap();
        assert!(matches!(factor, BlockFactor::Spectral { .. }));
        let mut x = Mat::from_fn(3, 1, |i, _| (i + 1) as f64);
        factor.solve_in_place(x.as_mut());
        for i in 0..3 {
            let expected: f64 = (0..3)
                .map(|k| {
                    q[i][k] / lambda[k].abs()
                        * (0..3).map(|j| q[j][k] * (j + 1) as f64).sum::<f64>()
                })
                .sum();
            assert!(
                (x[(i, 0)] - expected).abs() < 1e-14,
                "{i}: {} vs {expected}",
                x[(i, 0)]
            );
        }
    }

    #[test]
    fn a_singular_block_is_floored() {
        // [[1, 1], [1, 1]]: eigenvalues 2 and 0; the null direction (1, −1)/√2 gets 1/φ (the
        // Cholesky fast path would take it with its tiny shift: the floor is called directly).
        let m = Mat::from_fn(2, 2, |_, _| 1.0);
        let factor = BlockFactor::spectral(m.as_ref()).unwrap();
        let mut x = Mat::from_fn(2, 1, |i, _| if i == 0 { 1.0 } else { -1.0 });
        factor.solve_in_place(x.as_mut());
        let expected = 1.0 / (EIGENVALUE_FLOOR * 2.0);
        assert!((x[(0, 0)] / expected - 1.0).abs() < 1e-5);
        assert!((x[(1, 0)] / expected + 1.0).abs() < 1e-5);
    }
}
