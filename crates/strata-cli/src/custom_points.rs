//! The custom points of a project with what the model gives there, as `<name>_custom_points.csv`:
//! world coordinates, the lithology and fault ids and every stack's scalar field.

use std::path::{Path, PathBuf};

use strata_engine::ModelSolution;
use strata_io::{DataArray, IoError, write_csv};
use strata_project::Project;

use crate::level_arrays::{level_arrays, scalar_field_names};

/// Writes the table into `out`, or nothing when the project has no custom points.
pub fn write_table(
    out: &Path,
    project: &Project,
    solution: &ModelSolution,
) -> Result<Option<PathBuf>, IoError> {
    let points = &project.grids.custom;
    if points.is_empty() {
        return Ok(None);
    }
    let level = &solution.levels[0];
    let slice = level.slices.custom.clone();
    let axis = |a: usize| points.iter().map(|p| p[a]).collect::<Vec<f64>>();
    let (x, y, z) = (axis(0), axis(1), axis(2));
    let names = scalar_field_names(project);
    let mut columns = vec![
        DataArray::Float64("X", &x),
        DataArray::Float64("Y", &y),
        DataArray::Float64("Z", &z),
    ];
    columns.extend(level_arrays(
        &names,
        level,
        slice.clone(),
        &level.ids[slice.clone()],
        &level.fault_ids[slice],
    ));
    let path = out.join(format!("{}_custom_points.csv", project.name));
    write_csv(&path, &columns)?;
    Ok(Some(path))
}
