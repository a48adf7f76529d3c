//! # strata-solver
//!
//! Dense and matrix-free solvers for the universal co-kriging system of one stack,
//!
//! ```text
//! ┌ C   U ┐ ┌ w₁ ┐   ┌ b₁ ┐     C: n_c × n_c covariance, symmetric (gempy's cubic, not
//! │       │ │    │   │    │        clipped at the range, can make it indefinite)
//! └ Uᵀ  0 ┘ └ w₂ ┘ = └ b₂ ┘     U: n_c × n_d drift (n_c = drift_start)
//! ```
//!
//! `A` is symmetric but indefinite (the zero drift block gives it `n_d`
//! negative eigenvalues); `n` ranges from about 10 to tens of thousands. [`solve`] factors a
//! stored `A`; [`iterative::projected_cg`] only applies `C` (an
//! [`iterative::SymmetricOperator`]) and handles `U` exactly, for systems too large to store.
//!
//! ## Use
//!
//! Wrap the row-major matrix in a [`SystemMatrix`] and call [`solve`] with
//! [`SolveOptions`] (factorisation and kind of condition number); it returns
//! the [`Weights`] and the condition number of `A`:
//!
//! ```
//! use strata_solver::{solve, ConditionKind, SolveOptions, SystemMatrix};
//!
//! // C = [[2, 1], [1, 2]], U = [1, 1]ᵀ.
//! let a = [2.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 0.0];
//! let system = SystemMatrix { n: 3, data: &a, drift_start: 2 };
//! let b = [3.0, 3.0, 2.0];
//! let weights = solve(system, &b, &SolveOptions::default())?;
//! for (w, expected) in weights.values.iter().zip([1.0, 1.0, 0.0]) {
//!     assert!((w - expected).abs() < 1e-12);
//! }
//! // The default: the O(n²) estimate of κ₁ = ‖A‖₁ ‖A⁻¹‖₁ = 4 · 2.5, here exact.
//! assert_eq!(weights.condition_kind, ConditionKind::OneNormEstimate);
//! assert!((weights.condition_number - 10.0).abs() < 1e-12);
//!
//! // κ₂ = σ_max / σ_min as gempy_engine reports it; λ(A) = 1, (3 ± √17)/2.
//! let options = SolveOptions::default().with_condition(ConditionKind::TwoNormExact);
//! let exact = solve(system, &b, &options)?;
//! assert_eq!(exact.values, weights.values);
//! let kappa_2 = (3.0 + 17f64.sqrt()) / (17f64.sqrt() - 3.0);
//! assert!((exact.condition_number - kappa_2).abs() < 1e-12);
//! # Ok::<(), strata_solver::SolveError>(())
//! ```
//!
//! ## Algorithms
//!
//! | [`SolverKind`] | factorisation | cost | needs |
//! |---|---|---|---|
//! | [`Lu`](SolverKind::Lu) (default) | `P A = L U`, partial pivoting ([`lu`]) | `2n³/3` | `A` non-singular |
//! | [`CholeskySchur`](SolverKind::CholeskySchur) | `C = L Lᵀ`, then `S = Uᵀ C⁻¹ U` ([`cholesky_schur`]) | `n_c³/3 + O(n_c² n_d)` | `C` positive definite |
//! | [`Auto`](SolverKind::Auto) | `CholeskySchur` from `n =` [`blocked::BLOCKED_MIN_ORDER`] on, `Lu` below it or where `C` is not positive definite | `n_c³/3`, else up to `n_c³/3 + 2n³/3` | `A` non-singular |
//!
//! | [`iterative::projected_cg`] | none: preconditioned conjugate gradient on `Uᵀw₁ = d` | one product with `C` per iteration | `C` positive definite, applied by the caller |
//!
//! `Lu` reproduces gempy_engine (`numpy.linalg.solve`, LAPACK `gesv`).
//! `CholeskySchur` exploits the block structure and is the faster choice
//! when `C` is well conditioned; when `C` is not numerically positive
//! definite it fails with [`SolveError::CholeskyFailed`] and the caller may
//! retry with `Lu`.
//!
//! Both factorisations test their pivots before the solution is trusted: a
//! pivot with `|u_kk| <= m·ε·max_j |u_jj|` (`m` the order of the factored
//! matrix) gives [`SolveError::Singular`]. [`PivotTest::ExactZero`] makes the
//! LU refuse only an exactly zero pivot, as `numpy.linalg.solve` does.
//!
//! [`solve_overwriting`] is [`solve`] for a caller done with `A`: from order
//! [`blocked::BLOCKED_MIN_ORDER`] its LU overwrites `A` with the factors instead of copying it
//! (`8n²` bytes fewer, the same bits).
//!
//! [`Factored`] keeps a checked LU factorisation for later right-hand sides, with transposed
//! solves for adjoints (the kriging
//! variance solves `A z = k(x)` for every evaluation point).
//!
//! ## Conditioning
//!
//! [`SolveOptions::condition`] picks the condition number that [`solve`]
//! reports, through the factorisation it already has ([`condition`]):
//!
//! | [`ConditionKind`] | quantity | cost |
//! |---|---|---|
//! | [`OneNormEstimate`](ConditionKind::OneNormEstimate) (default) | `κ₁ = ‖A‖₁ ‖A⁻¹‖₁`, Hager–Higham estimate of `‖A⁻¹‖₁` ([`condition::one_norm`]) | `O(n²)`: at most 11 solves, `2n²` flops each |
//! | [`TwoNormExact`](ConditionKind::TwoNormExact), `n <=` [`EXACT_CONDITION_MAX_N`] | `κ₂ = σ_max / σ_min` from all singular values ([`condition::two_norm`]) | `O(n³)`, more than the LU itself |
//! | [`TwoNormExact`](ConditionKind::TwoNormExact), larger `n` | `κ₂` by two Lanczos runs ([`condition::two_norm`]) | `O(n²)` per step, at most 50 steps |
//!
//! Both estimates are lower bounds, the 1-norm one in practice within a
//! factor 3 of `κ₁`; `κ₁` and `κ₂` differ by at most a factor `n`.
//! [`Weights::condition_kind`] says which one the weights carry, and
//! [`ConditionKind::name`] gives a short label for reports. Above
//! [`ILL_CONDITIONED`] (`10¹²`), whichever the kind, the caller warns (the engine does,
//! naming the stack). [`condition_number`] computes `κ₂` of a matrix on its own.
//!
//! ## Reproducibility
//!
//! The weights and condition numbers are bitwise identical whatever the size of the calling
//! rayon pool. faer's parallel kernels split their sums by the thread count ([`parallelism`]
//! says why), so every faer call runs sequentially ([`Par::Seq`](faer::Par::Seq)); from order
//! [`blocked::BLOCKED_MIN_ORDER`] the LU and Cholesky factorisations are blocked
//! ([`blocked`]): cut into a fixed tiling of `nb`-column panels and strips, each tile one
//! sequential faer call, the tiles spread over the pool, so they use every core and still
//! do the same operations in the same order for any pool size.
//!
//! ## Costs
//!
//! | operation | cost |
//! |---|---|
//! | [`solve`] | `2n³/3` (LU) or `n_c³/3` (Cholesky–Schur) flops, shared by the pool's threads from `n = 1024` on, `8n²` bytes, plus the condition number |
//! | [`iterative::projected_cg`] | per iteration one product with `C` and one preconditioner application; `O(n)` memory besides the preconditioner |
//! | [`iterative::AdditiveSchwarz::new`] | `Σ m_j³/3` flops and `8 Σ m_j²` bytes for subdomains of `m_j` rows |
//!
//! ## Errors
//!
//! Every failure is a typed [`SolveError`]: wrong sizes, a non-finite entry
//! (with its position), a singular matrix (with the pivot index), a
//! non-finite solution, a failed Cholesky factorisation, or an
//! [`iterative::IterativeError`] (no convergence with its iterations and residual, a
//! breakdown, dependent drift columns). Nothing panics on bad input.

pub mod blocked;
mod cholesky;
pub mod cholesky_schur;
pub mod condition;
mod error;
mod factored;
pub mod iterative;
pub mod lu;
pub mod parallelism;
mod solve;
mod system;

pub use condition::{ConditionKind, EXACT_CONDITION_MAX_N, ILL_CONDITIONED, condition_number};
pub use error::SolveError;
pub use factored::Factored;
pub use solve::{
    PivotTest, SolveOptions, SolverKind, Weights, solve, solve_overwriting, solve_weights,
};
pub use system::SystemMatrix;
