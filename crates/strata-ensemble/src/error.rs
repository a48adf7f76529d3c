//! Why an ensemble could not be run or reduced.

use strata_data::DataError;
use strata_engine::EngineError;
use thiserror::Error;

/// Every failure of an ensemble, naming the value or realization at fault.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EnsembleError {
    /// A standard deviation is negative or not finite.
    #[error("{name} = {value}: a standard deviation must be finite and >= 0")]
    Sigma {
        /// The option (`sigma_z`, `sigma_dip`, `sigma_azimuth`).
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// A per-surface σ_z names no surface of the model.
    #[error("sigma_z of surface '{surface}': no such surface (the model has {known:?})")]
    UnknownSurface {
        /// The name given.
        surface: String,
        /// The model's surfaces.
        known: Vec<String>,
    },
    /// The model cannot be set up for an ensemble.
    #[error(transparent)]
    Model(#[from] DataError),
    /// A perturbed realization is not a valid model.
    #[error("realization {realization}: {source}")]
    Realization {
        /// The realization index.
        realization: u64,
        /// The cause.
        source: DataError,
    },
    /// The engine failed on a realization.
    #[error("realization {realization}: {source}")]
    Engine {
        /// The realization index.
        realization: u64,
        /// The cause.
        source: EngineError,
    },
    /// A realization's block holds an id that is not one of the model's units (0: a cell no
    /// stack claims).
    #[error("cell {cell} has unit id {id}, which is not one of the model's units")]
    UnknownId {
        /// The id found.
        id: i32,
        /// The cell (x slowest, z fastest).
        cell: usize,
    },
    /// Counts of different shapes, or of the wrong length.
    #[error("{what}: expected {expected} values, found {found}")]
    Shape {
        /// What was measured.
        what: &'static str,
        /// The length expected.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// A count exceeds the number of realizations it claims to count.
    #[error("a count of {count} exceeds the {realizations} realizations counted")]
    Count {
        /// The count.
        count: u32,
        /// The realizations.
        realizations: u64,
    },
    /// The counted realizations do not fit the counters.
    #[error("{realizations} realizations: at most {} fit the counts", u32::MAX)]
    TooMany {
        /// The realizations asked for.
        realizations: u64,
    },
}
