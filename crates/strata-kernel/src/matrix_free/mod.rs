//! The matrix-free solve of a large system: its covariance block applied by the fused
//! kernels ([`CovarianceOperator`]), a two-level Schwarz preconditioner over a spatial
//! partition of the data ([`subdomains`], [`SchwarzOptions`]) and `strata-solver`'s projected
//! conjugate gradient with the drift and fault-drift columns handled exactly.
//!
//! ```text
//! C x            fused field of weights x at the orientations (G) and surface points (Z)
//! M⁻¹ r          overlapping k-d parts C_j⁻¹ (an eigenvalue floor where C_j is indefinite)
//!                and an exact coarse subset, applied multiplicatively (balancing form)
//! stop when      |r_(α,i)| <= f·ĝ                  at every orientation   (ĝ = max |g_i|)
//!                |r_k|     <= f·min(Δ_s(k), 2ĝL)   at every surface point
//! ```
//!
//! The residual of a gradient row is how much the field's gradient at that orientation still
//! has to move, that of an interface row how much the field difference between that surface
//! point and its reference point still has to move (the field's change everywhere is the
//! co-kriging interpolant of these residuals). The default rule ([`Stopping::IsoValueGap`],
//! `f = 10⁻⁶`) measures them against the gap `Δ_s` between neighbouring iso-values, so no
//! surface point can cross into the next unit; [`Stopping::FieldSpread`] against the field's
//! spread over the data `2ĝL` (`L` the data's diagonal), at the conformance tolerance
//! `τ = 10⁻¹⁰` (docs/math.md §4.7).

mod operator;
mod partition;
mod stopping;

pub use operator::CovarianceOperator;
pub use partition::{SchwarzOptions, Subdomains, subdomains};
pub use stopping::{GAP_FRACTION, Stopping};

use strata_solver::SolveError;
use strata_solver::iterative::{
    AdditiveSchwarz, FixedScale, Identity, Indefinite, IterativeOptions, IterativeSolution,
    Preconditioner, SaddlePoint, SymmetricOperator, TwoLevel, projected_cg_with,
};

use stopping::{IsoValueGap, Units};

use crate::assembly::DriftBlocks;
use crate::{Dtype, KrigingSystem};

/// How [`Kernels::solve_matrix_free`](crate::Kernels::solve_matrix_free) solves a system.
///
/// ```
/// use strata_kernel::{Dtype, MatrixFreeOptions};
///
/// let options = MatrixFreeOptions::default().with_dtype(Dtype::F32);
/// assert!(options.preconditioner.is_some());
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatrixFreeOptions {
    /// Precision of the products with `C` (the iteration itself runs in `f64`).
    pub dtype: Dtype,
    /// The Schwarz preconditioner's partition; `None`: no preconditioner.
    pub preconditioner: Option<SchwarzOptions>,
    /// The stopping rule, whose tolerance is `iterative.tolerance`.
    pub stopping: Stopping,
    /// What the preconditioner does with a block that is indefinite beyond rounding: floor its
    /// eigenvalues (the default) or refuse it (a caller that can solve densely instead).
    pub indefinite: Indefinite,
    /// Tolerance (of `stopping`) and iteration limit.
    pub iterative: IterativeOptions,
    /// How the products with `C` are computed.
    pub products: Products,
}

/// How the iterative solve computes its products with `C`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Products {
    /// Every kernel entry, by the kernels' fused field ([`CovarianceOperator`]): `O(N²)` per
    /// product, exact up to rounding.
    Exact,
    /// The far field compressed ([`HierarchicalOperator`](crate::HierarchicalOperator)):
    /// `O(N log N)` per product, to the options' tolerance.
    Hierarchical(crate::HierarchicalOptions),
}

impl Default for MatrixFreeOptions {
    /// Exact `f64` products, the default partition, [`Stopping::IsoValueGap`] with
    /// `f =` [`GAP_FRACTION`].
    fn default() -> Self {
        Self {
            dtype: Dtype::F64,
            preconditioner: Some(SchwarzOptions::default()),
            stopping: Stopping::IsoValueGap,
            indefinite: Indefinite::Floor,
            iterative: IterativeOptions::default()
                .with_tolerance(Stopping::IsoValueGap.default_tolerance()),
            products: Products::Exact,
        }
    }
}

impl MatrixFreeOptions {
    /// These options with products in precision `dtype`.
    pub const fn with_dtype(self, dtype: Dtype) -> Self {
        Self { dtype, ..self }
    }

    /// These options with the preconditioner `preconditioner` (`None`: none).
    pub const fn with_preconditioner(self, preconditioner: Option<SchwarzOptions>) -> Self {
        Self {
            preconditioner,
            ..self
        }
    }

    /// These options with tolerance and iteration limit `iterative`.
    pub const fn with_iterative(self, iterative: IterativeOptions) -> Self {
        Self { iterative, ..self }
    }

    /// These options with the products computed as `products` says.
    pub const fn with_products(self, products: Products) -> Self {
        Self { products, ..self }
    }

    /// These options with indefinite preconditioner blocks treated as `indefinite` says.
    pub const fn with_indefinite(self, indefinite: Indefinite) -> Self {
        Self { indefinite, ..self }
    }

    /// These options with the stopping rule `stopping` at its default tolerance
    /// ([`Stopping::default_tolerance`]; [`with_iterative`](Self::with_iterative) sets another).
    pub const fn with_stopping(self, stopping: Stopping) -> Self {
        Self {
            stopping,
            iterative: self.iterative.with_tolerance(stopping.default_tolerance()),
            ..self
        }
    }
}

/// Bytes the preconditioner of `options` holds for `system` (0 without one).
pub fn preconditioner_bytes(system: &KrigingSystem, options: &MatrixFreeOptions) -> usize {
    options
        .preconditioner
        .map_or(0, |schwarz| subdomains(system, &schwarz).factor_bytes())
}

/// Solves `A w = b` of `system` without assembling `A` (module docs), from `guess` if given,
/// with the products by `op`, `system`'s covariance block (a [`CovarianceOperator`]:
/// [`Kernels::solve_matrix_free`](crate::Kernels::solve_matrix_free) builds it; `options.dtype`
/// is then `op`'s business).
pub fn solve_matrix_free_with<O: SymmetricOperator>(
    op: &O,
    system: &KrigingSystem,
    options: &MatrixFreeOptions,
    guess: Option<&[f64]>,
) -> Result<IterativeSolution, SolveError> {
    let drift = DriftBlocks::new(system);
    let rhs = system.rhs();
    let scale = Units::new(system).fixed(system);
    let saddle = SaddlePoint {
        covariance: op,
        drift: &drift.u,
        drift_block: &drift.d,
        rhs: &rhs,
        residual_scale: &scale,
    };
    let Some(schwarz) = options.preconditioner else {
        return run(&saddle, &Identity, guess, options, system);
    };
    let span = tracing::info_span!("preconditioner", rows = op.size()).entered();
    let Subdomains { parts, coarse } = subdomains(system, &schwarz);
    let local = AdditiveSchwarz::with_policy(op, parts, options.indefinite)?;
    if coarse.is_empty() {
        drop(span);
        run(&saddle, &local, guess, options, system)
    } else {
        let two_level = TwoLevel::with_policy(op, coarse, local, options.indefinite)?;
        drop(span);
        run(&saddle, &two_level, guess, options, system)
    }
}

fn run<O: SymmetricOperator>(
    saddle: &SaddlePoint<'_, O>,
    preconditioner: &impl Preconditioner,
    guess: Option<&[f64]>,
    options: &MatrixFreeOptions,
    system: &KrigingSystem,
) -> Result<IterativeSolution, SolveError> {
    let solution = match options.stopping {
        Stopping::IsoValueGap => projected_cg_with(
            saddle,
            preconditioner,
            guess,
            &options.iterative,
            &IsoValueGap::new(system),
        ),
        Stopping::FieldSpread => projected_cg_with(
            saddle,
            preconditioner,
            guess,
            &options.iterative,
            &FixedScale(saddle.residual_scale),
        ),
    };
    Ok(solution?)
}
