//! Errors of system construction.

use thiserror::Error;

/// The data handed to [`crate::KrigingSystem::new`] or [`crate::evaluate`] is inconsistent.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum KernelError {
    /// A fault-drift column does not have one value per point.
    #[error("fault drift #{fault}: expected {expected} values (one per {what}), found {found}")]
    FaultValues {
        /// Index of the fault column.
        fault: usize,
        /// "surface point of the stack" or "evaluation point".
        what: &'static str,
        /// Expected length.
        expected: usize,
        /// Found length.
        found: usize,
    },
    /// The number of fault-drift columns differs from the system's.
    #[error("expected {expected} fault-drift columns, found {found}")]
    FaultCount {
        /// Columns in the system.
        expected: usize,
        /// Columns given.
        found: usize,
    },
    /// The weight vector does not match the system size.
    #[error("expected {expected} weights, found {found}")]
    Weights {
        /// System size.
        expected: usize,
        /// Weights given.
        found: usize,
    },
}
