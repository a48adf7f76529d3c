//! The two native steps of `strata.ensemble`: one batch of realizations to unit counts
//! ([`run_batch`], in-process on all cores, or on a Dask worker), and the counts of every
//! batch, added up, to probability and entropy ([`reduce_counts`]). Both paths end in the same
//! reduction of the same integer counts, so they give the same bits.

use std::collections::HashMap;

use numpy::{PyArray1, PyArrayDyn, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;
use strata_ensemble::{Ensemble, Perturbation, UnitCounts};

use crate::errors;
use crate::project::PyProject;

/// Counts of realizations `start..stop` of `project`'s ensemble: `(ids, counts)` with
/// `counts[u, i, j, k]` the realizations that put unit `ids[u]` in cell `(i, j, k)` (uint32).
/// `sigma_z` is every surface's σ, `surface_sigma_z` overrides it per surface (world units);
/// `sigma_dip` and `sigma_azimuth` are in degrees. Realization `i` depends only on
/// `(seed, i)`. Runs with the GIL released on `threads` threads (default: all cores; a Dask
/// worker passes its own thread count, so that workers sharing a machine do not oversubscribe
/// it). The counts do not depend on the number of threads.
#[pyfunction]
#[pyo3(name = "_run_batch", signature = (project, start, stop, seed, sigma_z=0.0, surface_sigma_z=None, sigma_dip=0.0, sigma_azimuth=0.0, dtype=None, threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn run_batch<'py>(
    py: Python<'py>,
    project: &PyProject,
    start: u64,
    stop: u64,
    seed: u64,
    sigma_z: f64,
    surface_sigma_z: Option<HashMap<String, f64>>,
    sigma_dip: f64,
    sigma_azimuth: f64,
    dtype: Option<&str>,
    threads: Option<usize>,
) -> PyResult<(Vec<i32>, Bound<'py, PyArrayDyn<u32>>)> {
    if stop < start {
        return Err(errors::argument(format!(
            "realizations {start}..{stop}: the batch ends before it starts"
        )));
    }
    let mut perturbation = Perturbation::default()
        .with_sigma_z(sigma_z)
        .with_sigma_dip(sigma_dip)
        .with_sigma_azimuth(sigma_azimuth);
    let mut surfaces: Vec<(String, f64)> =
        surface_sigma_z.unwrap_or_default().into_iter().collect();
    surfaces.sort_by(|a, b| a.0.cmp(&b.0));
    for (surface, sigma) in surfaces {
        perturbation = perturbation.with_surface_sigma_z(surface, sigma);
    }
    let (options, dtype) = (project.options(), project.precision(dtype)?);
    let pool = match threads {
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| errors::argument(format!("threads = {n}: {e}")))?,
        ),
        None => None,
    };
    let counts = py
        .detach(|| {
            let ensemble = Ensemble::new(&project.project().input, &perturbation, seed, options)?
                .with_dtype(dtype);
            match &pool {
                Some(pool) => pool.install(|| ensemble.run(start..stop)),
                None => ensemble.run(start..stop),
            }
        })
        .map_err(errors::ensemble)?;
    let shape = project.shape();
    let ids = counts.ids().to_vec();
    let array = PyArray1::from_vec(py, counts.counts().to_vec()).reshape(vec![
        ids.len(),
        shape[0],
        shape[1],
        shape[2],
    ])?;
    Ok((ids, array))
}

/// A float64 array of any shape.
type Block<'py> = Bound<'py, PyArrayDyn<f64>>;

/// `(probability, entropy)` of the summed `counts` (`(n_units, nx, ny, nz)` uint32) of
/// `realizations` realizations: `probability = counts / realizations` (float64, same shape),
/// `entropy = −Σ_u p log₂ p` per cell (float64, `(nx, ny, nz)`).
#[pyfunction]
#[pyo3(name = "_reduce_counts")]
pub fn reduce_counts<'py>(
    py: Python<'py>,
    ids: Vec<i32>,
    counts: PyReadonlyArrayDyn<'py, u32>,
    realizations: u64,
) -> PyResult<(Block<'py>, Block<'py>)> {
    let shape = counts.shape().to_vec();
    if shape.len() != 4 || shape[0] != ids.len() {
        return Err(errors::argument(format!(
            "counts of shape {shape:?}: expected (n_units = {}, nx, ny, nz)",
            ids.len()
        )));
    }
    let values = counts.as_array().iter().copied().collect();
    let cells = shape[1] * shape[2] * shape[3];
    let counts =
        UnitCounts::from_parts(ids, cells, realizations, values).map_err(errors::ensemble)?;
    let probability = PyArray1::from_vec(py, counts.probability()).reshape(shape.clone())?;
    let entropy = PyArray1::from_vec(py, counts.entropy()).reshape(shape[1..].to_vec())?;
    Ok((probability, entropy))
}
