//! A project's survey: the forward gravity and TMI of the computed model at every device
//! ([`forward_geophysics`], the kernels from a [`KernelCache`] the caller owns), a table of the
//! devices (`<name>_survey.csv`) and, for a regular survey, an anomaly map of each quantity
//! (`<name>_gravity.png`, `<name>_tmi.png`).

use std::path::{Path, PathBuf};

use strata_engine::{
    EngineError, GeophysicsSolution, KernelCache, ModelSolution, forward_geophysics,
};
use strata_geophysics::ForwardError;
use strata_io::{DataArray, IoError, write_csv};
use strata_plot::{AnomalyMap, Trace, write_anomaly_png};
use strata_project::Project;

use crate::engine_command::CommandError;

/// The forward response of `solution` on the project's survey, `None` without a survey. A
/// voxel no stack claims (id 0) is an error at the project's `[geophysics]`: gempy would give
/// it the last property.
pub fn forward(
    project: &Project,
    solution: &ModelSolution,
    cache: &mut KernelCache,
) -> Result<Option<GeophysicsSolution>, CommandError> {
    let Some(survey) = &project.grids.survey else {
        return Ok(None);
    };
    forward_geophysics(&project.input, solution, cache).map_err(|e| match e {
        EngineError::Forward(ForwardError::UnknownId {
            device, voxel, id, ..
        }) => {
            let d = survey.devices[device];
            CommandError::Files(IoError::ProjectValue {
                file: project.file.display().to_string(),
                line: survey.place.0,
                column: survey.place.1,
                key: "geophysics".into(),
                value: format!("device {device} at ({}, {}, {})", d[0], d[1], d[2]),
                problem: format!(
                    "voxel {voxel} of the device's kernel has lithology id {id}: no stack \
                     defines the rock there, so it has no density or susceptibility (the \
                     reference would silently give it the last one)"
                ),
            })
        }
        e => CommandError::Engine(e),
    })
}

/// The devices with their gravity (mGal) and TMI (nT) as `<name>_survey.csv` in `out`.
pub fn write_table(
    out: &Path,
    project: &Project,
    response: &GeophysicsSolution,
) -> Result<PathBuf, IoError> {
    let path = out.join(format!("{}_survey.csv", project.name));
    let devices = response.grid.centers();
    let index: Vec<i32> = (0..devices.len() as i32).collect();
    let axis = |a: usize| devices.iter().map(|d| d[a]).collect::<Vec<f64>>();
    let (x, y, z) = (axis(0), axis(1), axis(2));
    let mut columns = vec![
        DataArray::Int32("device", &index),
        DataArray::Float64("X", &x),
        DataArray::Float64("Y", &y),
        DataArray::Float64("Z", &z),
    ];
    if let Some(g) = &response.gravity {
        columns.push(DataArray::Float64("gravity_mGal", g));
    }
    if let Some(t) = &response.magnetics {
        columns.push(DataArray::Float64("tmi_nT", t));
    }
    write_csv(&path, &columns)?;
    Ok(path)
}

/// The anomaly map of every quantity computed on a regular survey, with `traces` drawn over
/// them; nothing for a survey from a devices file.
pub fn write_anomaly_maps(
    out: &Path,
    project: &Project,
    response: &GeophysicsSolution,
    traces: &[Trace],
) -> Result<Vec<PathBuf>, IoError> {
    let Some(lattice) = project.grids.survey.as_ref().and_then(|s| s.lattice) else {
        return Ok(Vec::new());
    };
    let quantities = [
        ("gravity", "gravity (mGal)", &response.gravity),
        ("tmi", "TMI (nT)", &response.magnetics),
    ];
    let mut written = Vec::new();
    for (file, quantity, values) in quantities {
        let Some(values) = values else { continue };
        let path = out.join(format!("{}_{file}.png", project.name));
        let title = format!(
            "{}: {quantity} at z = {}, {} × {} devices",
            project.name, lattice.height, lattice.counts[0], lattice.counts[1]
        );
        write_anomaly_png(
            &path,
            &AnomalyMap {
                values,
                counts: lattice.counts,
                area: lattice.area,
                labels: ["x (east)", "y (north)"],
                title: &title,
                quantity,
                traces,
            },
        )?;
        written.push(path);
    }
    Ok(written)
}
