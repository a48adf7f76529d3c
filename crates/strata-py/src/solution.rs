//! A computed model as numpy arrays: the blocks on the deepest level's full grid, `(nx, ny, nz)`
//! in C order (x slowest, z fastest: GemPy's regular grid), and the meshes in world
//! coordinates.

use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use strata_engine::sense::WarningValue;
use strata_engine::{
    Cpu, Dtype, EngineError, Kernels, LevelSolution, ModelSolution, WeightsCache,
    compute_model_with,
};
use strata_project::Project;

/// Computes `project` on the CPU in `dtype` with `options`, the weights of systems solved
/// before found in `cache`; without the scalar field's gradient, which a `Solution` does not
/// hold (as `strata model` without `json`).
pub fn compute(
    project: &Project,
    options: strata_engine::ComputeOptions,
    dtype: Dtype,
    cache: &WeightsCache,
) -> Result<ModelSolution, EngineError> {
    let kernels = Kernels::<Cpu>::default().with_dtype(dtype);
    let mut input = project.input.clone();
    let mut evaluation = input.evaluation().clone();
    evaluation.compute_scalar_gradient = false;
    input.set_evaluation(evaluation)?;
    compute_model_with(&input, cache, options, &kernels)
}

/// A block as an `(nx, ny, nz)` array.
fn block<'py, T: numpy::Element>(
    py: Python<'py>,
    values: Vec<T>,
    shape: [usize; 3],
) -> PyResult<Bound<'py, PyAny>> {
    Ok(PyArray1::from_vec(py, values).reshape(shape)?.into_any())
}

/// `array` of every level on the deepest level's full grid, within `budget` bytes.
fn dense<'py, T: numpy::Element + Copy>(
    py: Python<'py>,
    solution: &ModelSolution,
    shape: [usize; 3],
    budget: u64,
    array: impl Fn(&LevelSolution) -> &[T],
) -> PyResult<Bound<'py, PyAny>> {
    let last = solution.levels.len().saturating_sub(1);
    let values = solution
        .dense(last, budget, array)
        .map_err(|e| crate::errors::compute(e.into()))?;
    block(py, values, shape)
}

/// The dict behind `strata.Solution`: `lith_block`, `fault_block` (int32), `scalar_fields` and
/// `variance` (stack name → float64 block; `variance` is `None` unless asked for), `meshes`
/// (`(surface, vertices (n, 3) float64 world, triangles (m, 3) int64)`), and the `surfaces`,
/// `unit_ids`, `extent` and `shape` that describe them, and `warnings` (the checks of geological
/// sense that failed, one dict each: `code`, `message`, `stack` and the warning's own fields),
/// and `solves` (stack name → how its weights were found: `"cached"` where an earlier
/// computation of the same system left them, else the solve).
pub fn to_python<'py>(
    py: Python<'py>,
    project: &Project,
    solution: &ModelSolution,
    shape: [usize; 3],
    budget: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item(
        "lith_block",
        dense(py, solution, shape, budget, |l| &l.ids)?,
    )?;
    out.set_item(
        "fault_block",
        dense(py, solution, shape, budget, |l| &l.fault_ids)?,
    )?;
    let stacks = project.stack_names();
    let fields = PyDict::new(py);
    for (s, name) in stacks.iter().enumerate() {
        fields.set_item(
            name,
            dense(py, solution, shape, budget, |l| &l.stacks[s].scalar)?,
        )?;
    }
    out.set_item("scalar_fields", fields)?;
    let asked = solution
        .levels
        .first()
        .is_some_and(|l| l.stacks.iter().all(|s| s.variance.is_some()));
    if asked {
        let variance = PyDict::new(py);
        for (s, name) in stacks.iter().enumerate() {
            let field = dense(py, solution, shape, budget, |l| {
                l.stacks[s].variance.as_deref().unwrap_or_default()
            })?;
            variance.set_item(name, field)?;
        }
        out.set_item("variance", variance)?;
    } else {
        out.set_item("variance", py.None())?;
    }
    out.set_item("meshes", meshes(py, project, solution)?)?;
    out.set_item("surfaces", project.surface_names())?;
    let ids: Vec<i32> = project
        .input
        .unit_values()
        .iter()
        .map(|&u| u.round_ties_even() as i32)
        .collect();
    out.set_item("unit_ids", ids)?;
    out.set_item("extent", project.world_extent)?;
    out.set_item("shape", shape)?;
    out.set_item("warnings", warnings(py, solution)?)?;
    let solves = PyDict::new(py);
    for report in &solution.stacks {
        solves.set_item(&report.name, report.solve.describe())?;
    }
    out.set_item("solves", solves)?;
    Ok(out)
}

/// One dict per warning of `solution`: `code`, `message` and its fields, as in `result.json`
/// (positions as `(x, y, z)` tuples in world coordinates).
fn warnings<'py>(py: Python<'py>, solution: &ModelSolution) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for warning in &solution.warnings {
        let entry = PyDict::new(py);
        entry.set_item("code", warning.code())?;
        entry.set_item("message", warning.to_string())?;
        for (name, value) in warning.fields() {
            match value {
                WarningValue::Text(text) => entry.set_item(name, text)?,
                WarningValue::Count(n) => entry.set_item(name, n)?,
                WarningValue::Points(points) => {
                    let points: Vec<(f64, f64, f64)> =
                        points.iter().map(|p| (p[0], p[1], p[2])).collect();
                    entry.set_item(name, points)?
                }
                _ => entry.set_item(name, py.None())?,
            }
        }
        list.append(entry)?;
    }
    Ok(list)
}

/// Every mesh as `(surface name, vertices (n, 3) world, triangles (m, 3))`.
fn meshes<'py>(
    py: Python<'py>,
    project: &Project,
    solution: &ModelSolution,
) -> PyResult<Bound<'py, PyList>> {
    let structure = project.input.structure();
    let list = PyList::empty(py);
    for mesh in &solution.meshes {
        let k = structure.surface_range(mesh.stack).start + mesh.surface;
        let name = &structure.surfaces()[k].name;
        let vertices: Vec<f64> = mesh
            .vertices
            .iter()
            .flat_map(|&p| project.transform.to_world(p))
            .collect();
        let triangles: Vec<i64> = mesh
            .triangles
            .iter()
            .flat_map(|t| t.map(|i| i as i64))
            .collect();
        let (n, m) = (mesh.vertices.len(), mesh.triangles.len());
        let vertices = PyArray1::from_vec(py, vertices).reshape([n, 3])?;
        let triangles = PyArray1::from_vec(py, triangles).reshape([m, 3])?;
        list.append((name, vertices, triangles))?;
    }
    Ok(list)
}
