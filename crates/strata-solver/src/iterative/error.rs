//! Typed failures of the matrix-free solve ([`projected_cg`](super::projected_cg)) and of its
//! preconditioner ([`AdditiveSchwarz`](super::AdditiveSchwarz)).

/// Why an iterative solve stopped without weights.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum IterativeError {
    /// An input does not have the length the system's order asks for.
    #[error("{what} has {found} entries, expected {expected}")]
    Size {
        /// Which input.
        what: &'static str,
        /// The length the system asks for.
        expected: usize,
        /// The length given.
        found: usize,
    },
    /// An input entry is NaN or infinite, or a stopping scale is not positive.
    #[error("{what}[{index}] = {value} is not finite (or, for a scale, not > 0)")]
    NonFinite {
        /// Which input.
        what: &'static str,
        /// Index of the entry.
        index: usize,
        /// The entry itself.
        value: f64,
    },
    /// The iteration limit was reached before the stopping rule held.
    #[error(
        "no convergence after {iterations} iterations: scaled residual {residual:e} > \
         tolerance {tolerance:e}"
    )]
    NoConvergence {
        /// Iterations run (all right-hand sides together).
        iterations: usize,
        /// `max_i |r_i| / s_i` of the last iterate.
        residual: f64,
        /// The tolerance asked for.
        tolerance: f64,
    },
    /// A search direction `p` gave `pᵀ C p <= 0`: the covariance block (or its rounding in the
    /// operator's precision) is not positive definite on the constraint space.
    #[error("breakdown at iteration {iteration}: pᵀCp = {curvature:e} is not positive")]
    Breakdown {
        /// The iteration that met it.
        iteration: usize,
        /// `pᵀ C p`.
        curvature: f64,
    },
    /// `Uᵀ M⁻¹ U` is singular: the drift columns are linearly dependent.
    #[error("the drift columns are linearly dependent (Uᵀ M⁻¹ U is singular)")]
    SingularConstraints,
    /// A subdomain of the preconditioner names a row past the end of the system.
    #[error("subdomain {subdomain} names row {row} of a system of order {n}")]
    RowOutOfRange {
        /// Index of the subdomain.
        subdomain: usize,
        /// The row.
        row: usize,
        /// The order of the system.
        n: usize,
    },
    /// A block of the preconditioner is indefinite beyond rounding and
    /// [`Indefinite::Refuse`](super::Indefinite::Refuse) asked not to floor it.
    #[error(
        "preconditioner block {subdomain} ({size} rows) is indefinite: the covariance block is \
         not positive definite (gempy's cubic grows beyond the range)"
    )]
    IndefiniteBlock {
        /// Index of the subdomain (0 for the coarse block).
        subdomain: usize,
        /// Its number of rows.
        size: usize,
    },
    /// A block of the preconditioner is zero or not finite: neither its Cholesky factor nor
    /// its eigenvalue floor exists.
    #[error("preconditioner block {subdomain} ({size} rows) is zero or not finite")]
    Preconditioner {
        /// Index of the subdomain.
        subdomain: usize,
        /// Its number of rows.
        size: usize,
    },
}
