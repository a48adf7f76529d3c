//! `strata model strata.toml --out DIR [--formats vtk,csv,png,json]`: a geologist's project in,
//! a block model out, in world coordinates — with a topography its geological map, with custom
//! points their ids and fields, with a survey its gravity and TMI at every device, with
//! `estimate_orientations = true` the orientations it estimated.

use std::path::{Path, PathBuf};
use std::time::Instant;

use strata_engine::{
    Cpu, KernelCache, Kernels, ModelSolution, VarianceOptions, WeightsCache, compute_model_with,
};
use strata_io::{
    DataArray, IoError, SurfaceMesh, write_block_model_vtr, write_obj, write_orientations,
    write_ply, write_tsurf, write_vtp,
};
use strata_project::Project;

use crate::compute_flags::{ComputeFlags, ProjectSettings, compute_options, dtype};
use crate::engine_command::{CommandError, EngineRun};
use crate::geological_map::GeologicalMap;
use crate::level_arrays::{level_arrays, scalar_field_names};
use crate::{custom_points, survey_outputs};
use strata_io::result_json::{ResultOptions, write_result};

/// An output format of `strata model` (the default is `vtk,csv,png`; `csv` and `png` write
/// what the project has to show, possibly nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The block model as a VTK XML rectilinear grid (`<name>.vtr`): cell data `lith_id`,
    /// `fault_id` and, on a regular grid, each stack's scalar field; cells above the
    /// topography are air (`lith_id` and `fault_id` 0). Also each surface mesh
    /// (`<name>_<surface>.vtp`) and, with a topography, the geological map as the topography
    /// surface with `lith_id` and `fault_id` per node (`<name>_map.vtp`) (with `--variance`, each
    /// stack's kriging variance `variance_<stack>`).
    Vtk,
    /// `result.json` in the engine result schema, coordinates in world units, with the extra
    /// grids and the survey; ids as the engine gives them (no air).
    Json,
    /// Tables: the custom points with their ids and scalar fields
    /// (`<name>_custom_points.csv`), the survey's devices with gravity and TMI
    /// (`<name>_survey.csv`).
    Csv,
    /// Pictures: the geological map in map view with the faults' traces (`<name>_map.png`),
    /// and for a regular survey the anomaly map of gravity and of TMI (`<name>_gravity.png`,
    /// `<name>_tmi.png`).
    Png,
    /// Each surface mesh as Wavefront OBJ (`<name>_<surface>.obj`).
    Obj,
    /// Each surface mesh as ASCII PLY (`<name>_<surface>.ply`).
    Ply,
    /// Each surface mesh as GOCAD TSurf (`<name>_<surface>.ts`).
    Ts,
}

/// Loads the project, computes the model on the CPU backend and writes the formats asked for
/// into `out`, and with `estimate_orientations = true` the estimated orientations as
/// `<name>_estimated_orientations.csv` (whatever the formats: the project can read them back).
/// The project is read and the model computed before anything is written, so a rejected input
/// leaves `out` untouched.
pub fn run(
    project: &Path,
    out: &Path,
    formats: &[Format],
    flags: ComputeFlags,
) -> Result<(EngineRun, Vec<PathBuf>), CommandError> {
    run_with(project, out, formats, flags, None)
}

/// [`run`], with every stack's kriging variance when `variance` is given (`--variance`: cell
/// arrays `variance_<stack>` in the `.vtr`).
pub fn run_with(
    project: &Path,
    out: &Path,
    formats: &[Format],
    flags: ComputeFlags,
    variance: Option<VarianceOptions>,
) -> Result<(EngineRun, Vec<PathBuf>), CommandError> {
    let mut project = Project::load(project)?;
    if !formats.contains(&Format::Json) {
        // Only result.json holds the scalar gradient: do not evaluate it for nothing.
        let mut evaluation = project.input.evaluation().clone();
        evaluation.compute_scalar_gradient = false;
        project
            .input
            .set_evaluation(evaluation)
            .map_err(|source| IoError::Data {
                file: project.file.display().to_string(),
                source,
            })?;
    }
    let settings = ProjectSettings::of(&project);
    let compute = compute_options(&flags, settings).with_variance(variance);
    let kernels = Kernels::<Cpu>::default().with_dtype(dtype(&flags, settings));
    let wants_meshes = formats
        .iter()
        .any(|f| matches!(f, Format::Obj | Format::Ply | Format::Ts));
    if wants_meshes && !project.input.evaluation().mesh_extraction {
        return Err(CommandError::Files(IoError::Project {
            file: project.file.display().to_string(),
            problem: "mesh formats asked for, but the model extracts no meshes: use \
                      `octree_levels = N`, or `mesh = true` under [interpolation]"
                .into(),
        }));
    }
    let start = Instant::now();
    let solution = compute_model_with(&project.input, &WeightsCache::new(), compute, &kernels)?;
    let geophysics = survey_outputs::forward(&project, &solution, &mut KernelCache::default())?;
    let compute_time = start.elapsed();
    std::fs::create_dir_all(out).map_err(|source| CommandError::OutputDir {
        dir: out.display().to_string(),
        source,
    })?;
    let map = GeologicalMap::of(&project, &solution);
    let mut written = Vec::new();
    if let Some(rows) = &project.estimated_orientations {
        let path = out.join(format!("{}_estimated_orientations.csv", project.name));
        write_orientations(&path, rows)?;
        written.push(path);
    }
    for format in formats {
        match format {
            Format::Vtk => {
                let path = out.join(format!("{}.vtr", project.name));
                write_vtk(&path, &project, &solution, compute.memory_budget)?;
                written.push(path);
                written.extend(write_meshes(out, "vtp", &project, &solution)?);
                if let Some(map) = &map {
                    written.push(map.write_vtp(out, &project)?);
                }
            }
            Format::Obj => written.extend(write_meshes(out, "obj", &project, &solution)?),
            Format::Ply => written.extend(write_meshes(out, "ply", &project, &solution)?),
            Format::Ts => written.extend(write_meshes(out, "ts", &project, &solution)?),
            Format::Json => {
                let options = ResultOptions::default().with_world_coordinates(true);
                write_result(out, &project.input, &solution, geophysics.as_ref(), options)?;
                written.push(out.join("result.json"));
            }
            Format::Csv => {
                written.extend(custom_points::write_table(out, &project, &solution)?);
                if let Some(response) = &geophysics {
                    written.push(survey_outputs::write_table(out, &project, response)?);
                }
            }
            Format::Png => {
                if let Some(map) = &map {
                    written.push(map.write_png(out, &project)?);
                }
                if let Some(response) = &geophysics {
                    let traces = map.as_ref().map_or(&[][..], |m| &m.traces);
                    written.extend(survey_outputs::write_anomaly_maps(
                        out, &project, response, traces,
                    )?);
                }
            }
        }
    }
    let run = EngineRun {
        input: project.input,
        solution,
        geophysics,
        compute_time,
        backend: kernels.name(),
        device: kernels.device_report(),
        dtype: kernels.dtype(),
    };
    Ok((run, written))
}

/// The block model on the finest level as a `.vtr`: the regular grid, or the dense block of the
/// deepest octree level (within `budget` bytes, the run's memory budget); cells whose centre
/// lies above the topography are air (ids 0).
fn write_vtk(
    path: &Path,
    project: &Project,
    solution: &ModelSolution,
    budget: u64,
) -> Result<(), CommandError> {
    let last = solution.levels.len() - 1;
    let resolution = project.input.grid().resolution().map(|r| r << last);
    let edges = world_edges(&project.world_extent, resolution);
    let edges = [
        edges[0].as_slice(),
        edges[1].as_slice(),
        edges[2].as_slice(),
    ];
    let air = air_cells(project, edges, resolution);
    let mask = |ids: &[i32]| -> Vec<i32> {
        ids.iter()
            .zip(&air)
            .map(|(&id, &air)| if air { 0 } else { id })
            .collect()
    };
    let stacks = project.input.structure().stacks();
    let variance_names: Vec<String> = stacks
        .iter()
        .map(|s| format!("variance_{}", s.name))
        .collect();
    let variances = (0..stacks.len())
        .filter(|&s| solution.levels[0].stacks[s].variance.is_some())
        .map(|s| {
            solution.dense(last, budget, |l| {
                l.stacks[s].variance.as_deref().unwrap_or_default()
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let variance_arrays = variance_names
        .iter()
        .zip(&variances)
        .map(|(name, v)| DataArray::Float64(name, v));
    if last == 0 {
        let level = &solution.levels[0];
        let cells = level.slices.octree.clone();
        let (ids, fault_ids) = (
            mask(&level.ids[cells.clone()]),
            mask(&level.fault_ids[cells.clone()]),
        );
        let names = scalar_field_names(project);
        let mut arrays = level_arrays(&names, level, cells, &ids, &fault_ids);
        arrays.extend(variance_arrays);
        write_block_model_vtr(path, edges, &arrays)?;
    } else {
        let ids = mask(&solution.dense_ids(last, budget)?);
        let mut arrays = vec![DataArray::Int32("lith_id", &ids)];
        arrays.extend(variance_arrays);
        write_block_model_vtr(path, edges, &arrays)?;
    }
    Ok(())
}

/// Whether each cell of the block (engine order, z fastest) lies in the air: its centre above
/// the project's topography. None without a topography.
fn air_cells(project: &Project, edges: [&[f64]; 3], n: [usize; 3]) -> Vec<bool> {
    let Some(topography) = &project.grids.topography else {
        return vec![false; n[0] * n[1] * n[2]];
    };
    let centre = |a: usize, i: usize| (edges[a][i] + edges[a][i + 1]) / 2.0;
    let mut air = Vec::with_capacity(n[0] * n[1] * n[2]);
    for i in 0..n[0] {
        for j in 0..n[1] {
            let ground = topography.height_at(centre(0, i), centre(1, j));
            air.extend((0..n[2]).map(|k| centre(2, k) > ground));
        }
    }
    air
}

/// The cell edges of `resolution` cells over the world `extent`, axis by axis.
pub fn world_edges(extent: &[f64; 6], resolution: [usize; 3]) -> [Vec<f64>; 3] {
    [0, 1, 2].map(|a| {
        let n = resolution[a];
        (0..=n)
            .map(|i| extent[2 * a] + (extent[2 * a + 1] - extent[2 * a]) * i as f64 / n as f64)
            .collect()
    })
}

/// Every surface mesh in world coordinates as `<name>_<surface>.<extension>`.
fn write_meshes(
    out: &Path,
    extension: &str,
    project: &Project,
    solution: &ModelSolution,
) -> Result<Vec<PathBuf>, CommandError> {
    let structure = project.input.structure();
    let mut written = Vec::with_capacity(solution.meshes.len());
    for mesh in &solution.meshes {
        let k = structure.surface_range(mesh.stack).start + mesh.surface;
        let name = &structure.surfaces()[k].name;
        let vertices: Vec<[f64; 3]> = mesh
            .vertices
            .iter()
            .map(|&p| project.transform.to_world(p))
            .collect();
        let surface = SurfaceMesh {
            name,
            id: project.input.unit_values()[k] as i32,
            vertices: &vertices,
            triangles: &mesh.triangles,
        };
        let path = out.join(format!("{}_{name}.{extension}", project.name));
        match extension {
            "vtp" => write_vtp(&path, &surface)?,
            "obj" => write_obj(&path, &surface)?,
            "ply" => write_ply(&path, &surface)?,
            _ => write_tsurf(&path, &surface)?,
        }
        written.push(path);
    }
    Ok(written)
}
