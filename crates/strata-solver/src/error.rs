//! Typed failures of [`solve`](crate::solve).
//!
//! Every way a call can go wrong has its own variant carrying the offending
//! sizes or positions, so the caller can log a precise message or recover
//! (for example retry a [`CholeskyFailed`](SolveError::CholeskyFailed) system
//! with [`SolverKind::Lu`](crate::SolverKind::Lu)).

/// Why a co-kriging system could not be solved.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SolveError {
    /// The matrix data does not hold `n²` entries.
    #[error("matrix data has {found} entries, expected n² = {expected} (n = {n})")]
    MatrixSize {
        /// Declared order `n` of the system.
        n: usize,
        /// `n²`, saturating on overflow.
        expected: usize,
        /// `data.len()`.
        found: usize,
    },
    /// The right-hand side does not hold `n` entries.
    #[error("right-hand side has {found} entries, expected n = {expected}")]
    RhsLength {
        /// Order `n` of the system.
        expected: usize,
        /// `b.len()`.
        found: usize,
    },
    /// The drift block would start past the end of the matrix (`drift_start > n`).
    #[error("drift_start = {drift_start} exceeds the system order n = {n}")]
    DriftStart {
        /// Declared first drift row.
        drift_start: usize,
        /// Order `n` of the system.
        n: usize,
    },
    /// `A[row, col]` is NaN or infinite.
    #[error("matrix entry A[{row}, {col}] = {value} is not finite")]
    NonFiniteMatrix {
        /// Row of the entry.
        row: usize,
        /// Column of the entry.
        col: usize,
        /// The entry itself.
        value: f64,
    },
    /// `b[row]` is NaN or infinite.
    #[error("right-hand side entry b[{row}] = {value} is not finite")]
    NonFiniteRhs {
        /// Index of the entry.
        row: usize,
        /// The entry itself.
        value: f64,
    },
    /// A pivot is negligible: `|u_pp| <= m·ε·max_j |u_jj|` for the `m × m`
    /// matrix being factored, so the system is (numerically) singular.
    #[error(
        "matrix is numerically singular: pivot {pivot} has relative size {ratio:e} \
         <= m·ε = {threshold:e}"
    )]
    Singular {
        /// Index (row of the system) of the first negligible pivot.
        pivot: usize,
        /// `|u_pp| / max_j |u_jj|`.
        ratio: f64,
        /// `m·ε`, the tolerance the ratio was compared with.
        threshold: f64,
    },
    /// The computed weights contain NaN or infinity (overflow in the solve).
    #[error("solution entry w[{row}] = {value} is not finite")]
    NonFiniteSolution {
        /// Index of the first non-finite weight.
        row: usize,
        /// The weight itself.
        value: f64,
    },
    /// The Cholesky factorisation `C = L Lᵀ` of the covariance block met a
    /// non-positive pivot: `C` is not positive definite. Retry with
    /// [`SolverKind::Lu`](crate::SolverKind::Lu).
    #[error(
        "Cholesky factorisation of the covariance block failed at pivot {pivot}: \
         C is not positive definite (retry with SolverKind::Lu)"
    )]
    CholeskyFailed {
        /// Index of the first non-positive pivot.
        pivot: usize,
    },
    /// The matrix-free iterative solve failed ([`crate::iterative`]).
    #[error(transparent)]
    Iterative(#[from] crate::iterative::IterativeError),
}
