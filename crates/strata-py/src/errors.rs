//! Strata's typed errors as Python exceptions, with the same messages (file, line, column and
//! value for input; the stack for a computation).
//!
//! ```text
//! StrataError            every error of the module
//! ├── InputError         a project, CSV file, DataFrame or argument that cannot be used
//! └── ComputeError       a model that cannot be computed (a singular system, ...)
//! ```

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use strata_engine::EngineError;
use strata_ensemble::EnsembleError;
use strata_io::IoError;

create_exception!(strata, StrataError, PyException, "Every error of Strata.");
create_exception!(
    strata,
    InputError,
    StrataError,
    "A project, CSV file, DataFrame or argument that cannot be used; the message names the \
     file, line, column and value."
);
create_exception!(
    strata,
    ComputeError,
    StrataError,
    "A model that cannot be computed (a singular system, ...); the message names the stack."
);

/// Adds the exception classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("StrataError", py.get_type::<StrataError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("ComputeError", py.get_type::<ComputeError>())?;
    Ok(())
}

/// A project or CSV error as an [`InputError`].
pub fn input(e: IoError) -> PyErr {
    InputError::new_err(e.to_string())
}

/// A bad argument, described, as an [`InputError`].
pub fn argument(message: impl Into<String>) -> PyErr {
    InputError::new_err(message.into())
}

/// An engine error as a [`ComputeError`] (an invalid model given to the engine is an
/// [`InputError`]).
pub fn compute(e: EngineError) -> PyErr {
    match e {
        EngineError::Data(_) => InputError::new_err(e.to_string()),
        _ => ComputeError::new_err(e.to_string()),
    }
}

/// An ensemble error: a realization the engine fails on is a [`ComputeError`], everything
/// else (σ, surface names, counts) an [`InputError`].
pub fn ensemble(e: EnsembleError) -> PyErr {
    match e {
        EnsembleError::Engine { .. } => ComputeError::new_err(e.to_string()),
        _ => InputError::new_err(e.to_string()),
    }
}
