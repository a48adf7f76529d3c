//! Entry points: factor `A`, check it, solve `A w = b`, and measure `κ(A)`.
//!
//! ```text
//! validate(A, b) → factor A (LU, Cholesky–Schur, or Auto: Cholesky–Schur else LU) → check pivots
//!                → w = A⁻¹ b → check w finite → κ(A) of the asked kind
//! ```

use faer::{Mat, MatMut, MatRef};

use crate::blocked::BLOCKED_MIN_ORDER;
use crate::cholesky_schur::CholeskySchur;
use crate::condition::one_norm::{condition_number_from_norm, one_norm};
use crate::condition::{ConditionKind, Factorization, condition_number_with};
use crate::lu::Lu;
use crate::system::column_major_in_place;
use crate::{SolveError, SystemMatrix};

/// Which factorisation [`solve`] uses.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolverKind {
    /// Partial-pivoting LU of the whole system, `P A = L U` (LAPACK `gesv`,
    /// as `numpy.linalg.solve` in gempy_engine). Works for any non-singular `A`.
    #[default]
    Lu,
    /// Cholesky `C = L Lᵀ` of the covariance block and the Schur complement
    /// `S = Uᵀ C⁻¹ U` of the drift block. Needs `C` positive definite (else
    /// [`SolveError::CholeskyFailed`]); reads only the lower triangle of `A`.
    CholeskySchur,
    /// [`CholeskySchur`](Self::CholeskySchur) where it succeeds, [`Lu`](Self::Lu) otherwise:
    /// from order [`BLOCKED_MIN_ORDER`] on, Cholesky–Schur (`n_c³/3` flops, half of LU's
    /// `2n³/3`) is tried first and LU factors `A` when `C` is not numerically positive
    /// definite ([`SolveError::CholeskyFailed`], having spent at most those `n_c³/3` flops)
    /// or `S` is singular. A `C` with a diagonal entry `c_ii <= 0` cannot be positive
    /// definite and goes straight to LU, as do smaller systems, which so keep
    /// gempy_engine's factorisation and bits.
    Auto,
}

/// Which LU pivots make [`solve`] refuse `A` as singular.
#[non_exhaustive]
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PivotTest {
    /// `|u_kk| <= m·ε·max_j |u_jj|`: numerically singular systems are refused (the test of
    /// every factorisation).
    #[default]
    Relative,
    /// Only an exactly zero (or NaN) pivot of [`SolverKind::Lu`], as LAPACK `gesv` and
    /// `numpy.linalg.solve` refuse:
    /// a numerically singular system is solved, and its large condition number reported.
    ExactZero,
}

/// How [`solve`] factors `A` and which condition number it reports.
///
/// The default is LU with the `O(n²)` 1-norm estimate; ask for
/// [`ConditionKind::TwoNormExact`] to compare with gempy_engine's `κ₂`.
/// The struct is `#[non_exhaustive]`, so other crates build it from
/// [`default`](Default::default) and the `with_*` methods:
///
/// ```
/// use strata_solver::{ConditionKind, SolveOptions, SolverKind};
///
/// let options = SolveOptions::default().with_condition(ConditionKind::TwoNormExact);
/// assert_eq!(options.solver, SolverKind::Lu);
/// assert_eq!(options.condition.name(), "2-norm");
/// ```
#[non_exhaustive]
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolveOptions {
    /// The factorisation of `A`.
    pub solver: SolverKind,
    /// The condition number reported in [`Weights::condition_number`].
    pub condition: ConditionKind,
    /// The LU's singularity test.
    pub pivots: PivotTest,
}

impl SolveOptions {
    /// These options with the factorisation `solver`.
    pub const fn with_solver(self, solver: SolverKind) -> Self {
        Self { solver, ..self }
    }

    /// These options with the condition number `condition`.
    pub const fn with_condition(self, condition: ConditionKind) -> Self {
        Self { condition, ..self }
    }

    /// These options with the LU's singularity test `pivots`.
    pub const fn with_pivot_test(self, pivots: PivotTest) -> Self {
        Self { pivots, ..self }
    }
}

/// The kriging weights `w = A⁻¹ b` and the conditioning of the system they solve.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// `w = A⁻¹ b`.
    pub values: Vec<f64>,
    /// `κ(A)` of the kind [`condition_kind`](Self::condition_kind) names:
    /// the 1-norm estimate `‖A‖₁ · est(‖A⁻¹‖₁)` or `κ₂ = σ_max / σ_min`.
    pub condition_number: f64,
    /// Which condition number [`condition_number`](Self::condition_number) holds.
    pub condition_kind: ConditionKind,
}

/// Solves `A w = b` and reports `κ(A)` of the kind `options` asks for; the caller, who can
/// name the system, warns when `κ(A) >` [`ILL_CONDITIONED`](crate::ILL_CONDITIONED).
///
/// The default 1-norm estimate reuses the factorisation and costs `O(n²)`.
/// [`ConditionKind::TwoNormExact`] costs more than the solve itself for
/// `n <= 1000` (a full SVD) and `O(n²)` per Lanczos step above; use
/// [`solve_weights`] when no condition number is wanted.
pub fn solve(
    system: SystemMatrix<'_>,
    b: &[f64],
    options: &SolveOptions,
) -> Result<Weights, SolveError> {
    let (a, factors) = factor(system, b, options.solver, options.pivots)?;
    let weights = weights(&factors, b)?;
    let condition_number = condition_number_with(a, &factors, options.condition);
    Ok(Weights {
        values: weights,
        condition_number,
        condition_kind: options.condition,
    })
}

/// Solves `A w = b` like [`solve`], with `A` the row-major `n × n` `data` (of order `n`, drift
/// columns from `drift_start`), which it may overwrite: afterwards `data` holds `A`, `Aᵀ` or
/// `A`'s LU factors.
///
/// An LU ([`SolverKind::Lu`]) from order [`BLOCKED_MIN_ORDER`] on that reports the 1-norm
/// estimate or no condition number factors `A` in `data` itself, saving [`solve`]'s copy of
/// `8n²` bytes (and the first touch of each of its pages): `‖A‖₁` is read first, `data` is made
/// column-major in place (swapping `a_ij` and `a_ji` only where their bits differ, so an exactly
/// symmetric `A` is only read), and the same LU runs on it, with the same bits as [`solve`].
/// Other options solve a copy, as [`solve`] does.
pub fn solve_overwriting(
    n: usize,
    data: &mut [f64],
    drift_start: usize,
    b: &[f64],
    options: &SolveOptions,
) -> Result<Weights, SolveError> {
    let system = SystemMatrix {
        n,
        data,
        drift_start,
    };
    let in_place = options.solver == SolverKind::Lu
        && n >= BLOCKED_MIN_ORDER
        && options.condition != ConditionKind::TwoNormExact;
    if !in_place {
        return solve(system, b, options);
    }
    system.validate()?;
    system.validate_rhs(b)?;
    let norm =
        (options.condition == ConditionKind::OneNormEstimate).then(|| one_norm(system.as_mat()));
    column_major_in_place(data, n);
    let factors = Lu::factor_in_place(MatMut::from_column_major_slice_mut(data, n, n));
    factors.check_pivots(0, options.pivots)?;
    let values = weights(&factors, b)?;
    Ok(Weights {
        values,
        condition_number: norm.map_or(f64::NAN, |norm| {
            condition_number_from_norm(norm, n, &factors)
        }),
        condition_kind: options.condition,
    })
}

/// Solves `A w = b` like [`solve`], without computing the condition number.
pub fn solve_weights(
    system: SystemMatrix<'_>,
    b: &[f64],
    kind: SolverKind,
) -> Result<Vec<f64>, SolveError> {
    let (_, factors) = factor(system, b, kind, PivotTest::default())?;
    weights(&factors, b)
}

/// A checked factorisation of `A` of either kind.
enum Factors<'a> {
    Lu(Lu<'a>),
    CholeskySchur(CholeskySchur<'a>),
}

impl Factorization for Factors<'_> {
    fn solve_in_place(&self, rhs: MatMut<'_, f64>) {
        match self {
            Factors::Lu(lu) => lu.solve_in_place(rhs),
            Factors::CholeskySchur(cs) => cs.solve_in_place(rhs),
        }
    }

    fn solve_transpose_in_place(&self, rhs: MatMut<'_, f64>) {
        match self {
            Factors::Lu(lu) => lu.solve_transpose_in_place(rhs),
            Factors::CholeskySchur(cs) => cs.solve_transpose_in_place(rhs),
        }
    }
}

/// Validates `system` and `b`, then factors `A` and checks its pivots.
fn factor<'a>(
    system: SystemMatrix<'a>,
    b: &[f64],
    kind: SolverKind,
    pivots: PivotTest,
) -> Result<(MatRef<'a, f64>, Factors<'a>), SolveError> {
    system.validate()?;
    system.validate_rhs(b)?;
    let a = system.as_mat();
    let factors = match kind {
        SolverKind::Lu => lu(a, pivots)?,
        SolverKind::CholeskySchur => {
            Factors::CholeskySchur(CholeskySchur::factor(a, system.drift_start)?)
        }
        SolverKind::Auto
            if system.n < BLOCKED_MIN_ORDER
                || (0..system.drift_start).any(|i| a[(i, i)] <= 0.0) =>
        {
            lu(a, pivots)?
        }
        SolverKind::Auto => match CholeskySchur::factor(a, system.drift_start) {
            Ok(factors) => Factors::CholeskySchur(factors),
            Err(refusal) => {
                tracing::debug!(n = system.n, %refusal, "Cholesky–Schur refused; factoring by LU");
                lu(a, pivots)?
            }
        },
    };
    Ok((a, factors))
}

/// `P A = L U` with its pivots checked by `pivots`.
fn lu(a: MatRef<'_, f64>, pivots: PivotTest) -> Result<Factors<'static>, SolveError> {
    let lu = Lu::factor(a);
    lu.check_pivots(0, pivots)?;
    Ok(Factors::Lu(lu))
}

/// `w = A⁻¹ b`, rejecting a non-finite result.
fn weights(factors: &impl Factorization, b: &[f64]) -> Result<Vec<f64>, SolveError> {
    let mut w = Mat::from_fn(b.len(), 1, |i, _| b[i]);
    factors.solve_in_place(w.as_mut());
    let w: Vec<f64> = w.col(0).iter().copied().collect();
    match w.iter().position(|v| !v.is_finite()) {
        Some(row) => Err(SolveError::NonFiniteSolution { row, value: w[row] }),
        None => Ok(w),
    }
}
