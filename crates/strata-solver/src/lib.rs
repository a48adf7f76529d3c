//! # strata-solver
//!
//! Dense solver for the universal co-kriging system of one stack,
//!
//! ```text
//! ┌ C   U ┐ ┌ w₁ ┐   ┌ b₁ ┐     C: n_c × n_c covariance, symmetric positive definite
//! └ Uᵀ  0 ┘ └ w₂ ┘ = └ b₂ ┘     U: n_c × n_d drift (n_c = drift_start)
//! ```
//!
//! `A` is symmetric but indefinite (the zero drift block gives it `n_d`
//! negative eigenvalues); `n` ranges from about 10 to 5000.
//!
//! ## Use
//!
//! Wrap the row-major matrix in a [`SystemMatrix`] and call [`solve`]; it
//! returns the weights and the 2-norm condition number of `A`:
//!
//! ```
//! use strata_solver::{solve, SolverKind, SystemMatrix};
//!
//! // C = [[2, 1], [1, 2]], U = [1, 1]ᵀ.
//! let a = [2.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 0.0];
//! let system = SystemMatrix { n: 3, data: &a, drift_start: 2 };
//! let solution = solve(system, &[3.0, 3.0, 2.0], SolverKind::Lu)?;
//! for (w, expected) in solution.weights.iter().zip([1.0, 1.0, 0.0]) {
//!     assert!((w - expected).abs() < 1e-12);
//! }
//! assert!(solution.condition_number > 1.0);
//! # Ok::<(), strata_solver::SolveError>(())
//! ```
//!
//! ## Algorithms
//!
//! | [`SolverKind`] | factorisation | cost | needs |
//! |---|---|---|---|
//! | [`Lu`](SolverKind::Lu) (default) | `P A = L U`, partial pivoting ([`lu`]) | `2n³/3` | `A` non-singular |
//! | [`CholeskySchur`](SolverKind::CholeskySchur) | `C = L Lᵀ`, then `S = Uᵀ C⁻¹ U` ([`cholesky_schur`]) | `n_c³/3 + O(n_c² n_d)` | `C` positive definite |
//!
//! `Lu` reproduces gempy_engine (`numpy.linalg.solve`, LAPACK `gesv`).
//! `CholeskySchur` exploits the block structure and is the faster choice
//! when `C` is well conditioned; when `C` is not numerically positive
//! definite it fails with [`SolveError::CholeskyFailed`] and the caller may
//! retry with `Lu`.
//!
//! Both factorisations test their pivots before the solution is trusted: a
//! pivot with `|u_kk| <= m·ε·max_j |u_jj|` (`m` the order of the factored
//! matrix) gives [`SolveError::Singular`].
//!
//! ## Conditioning
//!
//! [`condition_number`] computes `κ₂(A) = σ_max / σ_min`: exactly from the
//! singular values for `n <=` [`EXACT_CONDITION_MAX_N`], otherwise by a
//! Lanczos estimate through the factorisation ([`condition`]). [`solve`]
//! emits `tracing::warn!` when `κ₂ >` [`ILL_CONDITIONED`] (`10¹²`).
//!
//! ## Errors
//!
//! Every failure is a typed [`SolveError`]: wrong sizes, a non-finite entry
//! (with its position), a singular matrix (with the pivot index), a
//! non-finite solution, or a failed Cholesky factorisation. Nothing panics
//! on bad input.

pub mod cholesky_schur;
pub mod condition;
mod error;
pub mod lu;
mod solve;
mod system;

pub use condition::{EXACT_CONDITION_MAX_N, ILL_CONDITIONED, condition_number};
pub use error::SolveError;
pub use solve::{Solution, SolverKind, solve, solve_weights};
pub use system::SystemMatrix;
