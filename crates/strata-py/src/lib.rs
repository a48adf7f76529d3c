//! # strata-py — the `strata` Python module
//!
//! The native part (`strata._strata`) of the Python package in `python/strata`: a PyO3
//! extension module built by maturin (`pip install ./crates/strata-py`, docs/python.md). It
//! holds no modelling logic of its own — every computation is a call into the Strata crates,
//! with the GIL released — only the conversions between Python and Rust:
//!
//! | module | what it converts |
//! |---|---|
//! | [`project`] | `strata.toml` projects (`Project.load`), GemPy CSVs and DataFrames (`Project.from_gempy_csv`, [`gempy_csv`]), their pickling, and GemPy's editing verbs on the project's sources (`strata_project::ProjectSources`), with the weights cache the project's computations share |
//! | [`solution`] | a computed model to numpy arrays: `lith_block`, `fault_block`, `scalar_fields`, `variance`, `meshes` |
//! | [`ensemble`] | one batch of an ensemble to unit counts, and counts to probability and entropy |
//! | [`errors`] | Strata's typed errors to Python exceptions with the same messages |
//!
//! Blocks are `(nx, ny, nz)` arrays in C order, x slowest, as GemPy's regular grid.

pub mod ensemble;
pub mod errors;
pub mod gempy_csv;
pub mod project;
pub mod solution;

use pyo3::prelude::*;

/// mimalloc, as the `strata` binary: the same allocation costs as the CLI
/// (docs/architecture.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The native module `strata._strata` (the package `strata` re-exports its public names).
#[pymodule]
#[pyo3(name = "_strata")]
fn strata_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<project::PyProject>()?;
    m.add_function(wrap_pyfunction!(ensemble::run_batch, m)?)?;
    m.add_function(wrap_pyfunction!(ensemble::reduce_counts, m)?)?;
    errors::register(m)
}
