//! Errors of system construction.

use thiserror::Error;

/// The data handed to [`crate::KrigingSystem`]'s builder or [`crate::Field`] is inconsistent.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum KernelError {
    /// A system could not be factored for the kriging variance.
    #[error(transparent)]
    Solve(#[from] strata_solver::SolveError),
    /// The kernel options are invalid (a non-positive range, a drift degree above 2...).
    #[error(transparent)]
    Options(#[from] strata_data::DataError),
    /// Two lists that go together have different lengths.
    #[error("{what}: expected {expected} values, found {found}")]
    Length {
        /// The list.
        what: &'static str,
        /// Expected length.
        expected: usize,
        /// Found length.
        found: usize,
    },
    /// A surface was given no point.
    #[error("surface #{surface} has no point")]
    EmptySurface {
        /// Index of the surface, in the order they were added.
        surface: usize,
    },
    /// A coordinate or gradient component is not finite.
    #[error("{what} #{index}: coordinate {value} is not finite")]
    NonFinite {
        /// "surface point", "orientation position" or "orientation gradient".
        what: &'static str,
        /// Index of the point.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A nugget is negative or not finite.
    #[error("{what} nugget #{index} = {value}: must be finite and >= 0")]
    Nugget {
        /// "surface point" or "orientation".
        what: &'static str,
        /// Index of the nugget.
        index: usize,
        /// The value.
        value: f64,
    },
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
    /// The hierarchical matrix would hold more than its memory budget
    /// ([`HierarchicalOptions::max_bytes`](crate::HierarchicalOptions::max_bytes)).
    #[error(
        "the hierarchical products need more than their memory budget of {budget} bytes \
         ({needed} bytes, built or projected from the blocks built)"
    )]
    HierarchicalMemory {
        /// Bytes held when the building stopped, or projected from the blocks built.
        needed: usize,
        /// The budget.
        budget: usize,
    },
}
