//! Errors of system construction.

use thiserror::Error;

/// The data handed to [`crate::KrigingSystem::new`] or [`crate::Field`] is inconsistent.
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
    /// The backend cannot evaluate in the requested precision.
    #[error("this backend evaluates in {available}, not in the requested dtype {requested}")]
    Dtype {
        /// The precision asked for.
        requested: crate::Dtype,
        /// The backend's float type.
        available: &'static str,
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
