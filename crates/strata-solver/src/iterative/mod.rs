//! Matrix-free solve of the co-kriging saddle point for large systems.
//!
//! The dense solve stores `A` (`8n²` bytes: 5.4 GB at `n = 26 000`) and factors it in
//! `O(n³)`. Here the covariance block `C` is only *applied* ([`SymmetricOperator`]: in
//! `strata-kernel`, by the fused SIMD kernel sums, `O(n²)` per product and no storage), and the
//! drift columns `U` are handled exactly:
//!
//! | item | what it is |
//! |---|---|
//! | [`projected_cg`], [`projected_cg_with`] | conjugate gradient on `C` restricted to `Uᵀ w₁ = d` (its page has the algorithm); the second with units of the stopping rule that follow the iterate ([`ResidualScale`], [`FixedScale`]) |
//! | [`SaddlePoint`] | `C` as an operator, `U`, `D`, `b` and the stopping scales |
//! | [`AdditiveSchwarz`] | local preconditioner: dense Cholesky factors of overlapping principal blocks (an eigenvalue floor where a block is indefinite) |
//! | [`TwoLevel`] | an exact coarse solve on a subset of the rows around a local preconditioner (balancing form) |
//! | [`Identity`] | no preconditioner (for comparison) |
//! | [`DenseOperator`] | a stored matrix as an operator (small systems, tests) |
//! | [`IterativeOptions`], [`IterativeSolution`], [`IterativeError`] | tolerance and iteration limit; weights, iterations and final residual; typed failures |
//!
//! ## Example
//!
//! ```
//! use strata_solver::iterative::{
//!     AdditiveSchwarz, DenseOperator, IterativeOptions, SaddlePoint, projected_cg,
//! };
//!
//! // C = [[2, 1], [1, 2]], U = [1, 1]ᵀ, b = (3, 3, 2): w = (1, 1, 0) as in the dense solve.
//! let c = [2.0, 1.0, 1.0, 2.0];
//! let op = DenseOperator { n: 2, data: &c };
//! let system = SaddlePoint {
//!     covariance: &op,
//!     drift: &[1.0, 1.0],
//!     drift_block: &[0.0],
//!     rhs: &[3.0, 3.0, 2.0],
//!     residual_scale: &[1.0, 1.0],
//! };
//! let preconditioner = AdditiveSchwarz::new(&op, vec![vec![0], vec![1]])?;
//! let solution = projected_cg(&system, &preconditioner, None, &IterativeOptions::default())?;
//! for (w, expected) in solution.values.iter().zip([1.0, 1.0, 0.0]) {
//!     assert!((w - expected).abs() < 1e-12);
//! }
//! assert!(solution.iterations <= 2 && solution.residual <= 1e-10);
//! # Ok::<(), strata_solver::iterative::IterativeError>(())
//! ```
//!
//! ## Costs
//!
//! | step | cost |
//! |---|---|
//! | one iteration | one product with `C` (`O(n²)` kernel evaluations), one preconditioner application (`2 Σ_j m_j²` flops), `O(n n_d)` |
//! | [`AdditiveSchwarz::new`] | `Σ_j m_j³/3` flops and `8 Σ_j m_j²` bytes for subdomains of `m_j` rows |
//! | [`projected_cg`] set-up | `n_d` preconditioner applications; with `D ≠ 0`, `n_d` more solves |
//!
//! ## Why projected conjugate gradient
//!
//! `C` is symmetric positive definite and `U` has a handful of columns, so the constraint
//! space is almost all of `ℝ^{n_c}`: conjugate gradient on it needs one product with `C` per
//! iteration and one right-hand side (the Schur alternative, `C [x X] = [b U]`, needs `n_d + 1`
//! of them), keeps every iterate unbiased (`Uᵀ w₁ = 0`), and minimises the error in the
//! `C`-norm — the native-space norm of the field's error — at every step. MINRES on the whole
//! indefinite matrix would need the same products but converges like CG on the *squared*
//! condition number. docs/architecture.md has the measurements.
//!
//! gempy's cubic is not clipped at the range, so on data spanning many ranges `C` can be
//! truly indefinite (the whole Moureze set: `pᵀ C p < 0` at the first iteration). The
//! preconditioner stays symmetric positive definite ([`AdditiveSchwarz`]'s eigenvalue floor),
//! and the iteration stops with [`IterativeError::Breakdown`] rather than return weights that
//! do not solve the system; `strata-engine` then solves the stack densely (under `auto`).

mod block_factor;
mod error;
mod operator;
mod projected_cg;
mod projection;
mod schwarz;
mod two_level;

pub use block_factor::Indefinite;
pub use error::IterativeError;
pub use operator::{DenseOperator, Identity, Preconditioner, SymmetricOperator};
pub use projected_cg::{
    FixedScale, IterativeOptions, IterativeSolution, ResidualScale, SaddlePoint, projected_cg,
    projected_cg_with,
};
pub use schwarz::AdditiveSchwarz;
pub use two_level::TwoLevel;
