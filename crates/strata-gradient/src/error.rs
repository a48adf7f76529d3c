//! Every failure of a derivative: unsupported model features, bad arguments, and the errors of
//! the forward model's crates.

use strata_engine::EngineError;
use strata_engine::segmentation::SegmentationError;
use strata_geophysics::ForwardError;
use strata_kernel::KernelError;
use strata_solver::SolveError;
use thiserror::Error;

/// Why a value or a vector–Jacobian product could not be computed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum GradientError {
    /// The model uses a feature whose derivatives are not implemented: the crate refuses
    /// rather than return a gradient that leaves its contribution out.
    #[error("derivatives through {feature} are not supported")]
    Unsupported {
        /// The feature, in words.
        feature: &'static str,
    },
    /// An argument has the wrong number of entries.
    #[error("{what}: expected {expected} entries, found {found}")]
    Length {
        /// Which argument.
        what: &'static str,
        /// Entries expected.
        expected: usize,
        /// Entries given.
        found: usize,
    },
    /// The system could not be gathered or the field evaluated.
    #[error(transparent)]
    Kernel(#[from] KernelError),
    /// The co-kriging system could not be factored.
    #[error(transparent)]
    Solve(#[from] SolveError),
    /// The soft segmentation refused its iso-values, ids or slope.
    #[error(transparent)]
    Segmentation(#[from] SegmentationError),
    /// The engine failed (the forward model of gravity).
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The forward sum of gravity failed.
    #[error(transparent)]
    Forward(#[from] ForwardError),
}
