//! Validation errors of the input model.

use thiserror::Error;

/// A problem with the input model, naming the offending item and value.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum DataError {
    /// A coordinate, gradient component or option is NaN or infinite.
    #[error("{what} #{index}: {field} is not finite ({value})")]
    NonFinite {
        /// The kind of item ("surface point", "orientation", ...).
        what: &'static str,
        /// Its index in input order.
        index: usize,
        /// The field ("x", "gradient z", "nugget", ...).
        field: &'static str,
        /// The value found.
        value: f64,
    },
    /// A nugget is negative.
    #[error("{what} #{index}: nugget {value} is negative")]
    NegativeNugget {
        /// "surface point" or "orientation".
        what: &'static str,
        /// Index in input order.
        index: usize,
        /// The value found.
        value: f64,
    },
    /// Two arrays that must have one entry per item differ in length.
    #[error("{what}: expected {expected} entries, found {found}")]
    LengthMismatch {
        /// What was counted.
        what: String,
        /// The length implied by the rest of the input.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// A surface has no surface point.
    #[error("surface '{surface}' has no surface points")]
    EmptySurface {
        /// The surface name.
        surface: String,
    },
    /// An orientation has a zero gradient vector (it says nothing about the dip).
    #[error("orientation #{index} has a zero gradient vector")]
    ZeroGradient {
        /// Index in input order.
        index: usize,
    },
    /// A stack has no surface.
    #[error("stack '{stack}' has no surfaces")]
    StackWithoutSurfaces {
        /// The stack name.
        stack: String,
    },
    /// A stack has no orientation: its scalar field has no gradient to follow.
    #[error("stack '{stack}' has no orientations")]
    StackWithoutOrientations {
        /// The stack name.
        stack: String,
    },
    /// A stack names a surface that is not at its place in the surface list.
    #[error("stack '{stack}': surface '{surface}' is not the next surface in the surface list")]
    StackSurfaceOrder {
        /// The stack name.
        stack: String,
        /// The surface it names.
        surface: String,
    },
    /// A kernel option is out of its domain.
    #[error("kernel option {option} = {value} is invalid: {reason}")]
    KernelOption {
        /// The option name.
        option: &'static str,
        /// The value found.
        value: f64,
        /// What it must be.
        reason: &'static str,
    },
    /// The extent of a grid has min >= max on an axis.
    #[error("extent is inverted on axis {axis}: min {min} >= max {max}")]
    InvertedExtent {
        /// "x", "y" or "z".
        axis: &'static str,
        /// The minimum given.
        min: f64,
        /// The maximum given.
        max: f64,
    },
    /// A grid resolution is zero.
    #[error("grid resolution is zero on axis {axis}")]
    ZeroResolution {
        /// "x", "y" or "z".
        axis: &'static str,
    },
    /// A stack relation or option name is unknown.
    #[error("unknown {what} '{value}'")]
    Unknown {
        /// What was named ("stack relation", "kernel function", ...).
        what: &'static str,
        /// The name found.
        value: String,
    },
    /// The fault relation matrix is inconsistent with the stacks.
    #[error("fault relations: {reason}")]
    FaultRelations {
        /// What is wrong, naming the stacks.
        reason: String,
    },
    /// An evaluation option is out of its domain.
    #[error("evaluation option {option} = {value} is invalid: {reason}")]
    EvaluationOption {
        /// The option name.
        option: &'static str,
        /// The value found.
        value: String,
        /// What it must be.
        reason: &'static str,
    },
    /// The transform is invalid (scale not positive and finite).
    #[error("survey option {option} = {value} is invalid: {reason}")]
    Survey {
        /// The option (`centered_grid.radius`, `densities`, `igrf.inclination`...).
        option: &'static str,
        /// The value, as written.
        value: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The transform is invalid.
    #[error("transform: {reason}")]
    Transform {
        /// What is wrong.
        reason: String,
    },
    /// The JSON input could not be parsed.
    #[error("{file}: {message}")]
    Json {
        /// The file read.
        file: String,
        /// serde_json's message (with line and column).
        message: String,
    },
    /// A feature of the input schema that Strata does not support yet.
    #[error("unsupported input: {0}")]
    Unsupported(String),
}

/// Checks that every component of `values` is finite.
pub(crate) fn check_finite(
    what: &'static str,
    index: usize,
    fields: [&'static str; 3],
    values: &[f64; 3],
) -> Result<(), DataError> {
    for (field, &value) in fields.iter().zip(values) {
        if !value.is_finite() {
            return Err(DataError::NonFinite {
                what,
                index,
                field,
                value,
            });
        }
    }
    Ok(())
}

/// The axis names, in order.
pub(crate) const AXES: [&str; 3] = ["x", "y", "z"];
