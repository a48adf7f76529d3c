//! `strata model strata.toml --out DIR [--formats vtk,json]`: a geologist's project in, a block
//! model out, in world coordinates.

use std::path::{Path, PathBuf};
use std::time::Instant;

use strata_engine::{Cpu, VarianceOptions, WeightsCache, compute_model_with};
use strata_io::{
    CellArray, IoError, Project, SurfaceMesh, write_block_model_vtr, write_obj, write_ply,
    write_tsurf, write_vtp,
};

use crate::compute_flags::{ComputeFlags, compute_options, for_defaults};
use crate::engine_command::{CommandError, EngineRun};
use strata_io::result_json::{ResultOptions, write_result};

/// An output format of `strata model`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The block model as a VTK XML rectilinear grid (`<name>.vtr`): cell data `lith_id`,
    /// `fault_id` and, on a regular grid, each stack's scalar field (with `--variance`, each
    /// stack's kriging variance `variance_<stack>`).
    Vtk,
    /// `result.json` in the engine result schema, coordinates in world units.
    Json,
    /// Each surface mesh as Wavefront OBJ (`<name>_<surface>.obj`).
    Obj,
    /// Each surface mesh as ASCII PLY (`<name>_<surface>.ply`).
    Ply,
    /// Each surface mesh as GOCAD TSurf (`<name>_<surface>.ts`).
    Ts,
}

/// Loads the project, computes the model on the CPU backend and writes the formats asked for
/// into `out`. The project is read and the model computed before anything is written, so a
/// rejected input leaves `out` untouched.
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
    let project = Project::load(project)?;
    let compute = for_defaults(
        compute_options(flags.dtype, project.dtype, flags.condition),
        project.defaults,
    )
    .with_variance(variance);
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
    let solution = compute_model_with::<Cpu>(
        &project.input,
        &WeightsCache::new(),
        compute,
        &Default::default(),
    )?;
    let compute_time = start.elapsed();
    std::fs::create_dir_all(out).map_err(|source| CommandError::OutputDir {
        dir: out.display().to_string(),
        source,
    })?;
    let mut written = Vec::new();
    for format in formats {
        match format {
            Format::Vtk => {
                let path = out.join(format!("{}.vtr", project.name));
                write_vtk(&path, &project, &solution)?;
                written.push(path);
                written.extend(write_meshes(out, "vtp", &project, &solution)?);
            }
            Format::Obj => written.extend(write_meshes(out, "obj", &project, &solution)?),
            Format::Ply => written.extend(write_meshes(out, "ply", &project, &solution)?),
            Format::Ts => written.extend(write_meshes(out, "ts", &project, &solution)?),
            Format::Json => {
                let options = ResultOptions::default().with_world_coordinates(true);
                write_result(out, &project.input, &solution, None, options)?;
                written.push(out.join("result.json"));
            }
        }
    }
    let run = EngineRun {
        input: project.input,
        solution,
        geophysics: None,
        compute_time,
        backend: "cpu",
        dtype: compute.dtype,
    };
    Ok((run, written))
}

/// The block model on the finest level as a `.vtr`: the regular grid, or the dense block of the
/// deepest octree level.
fn write_vtk(
    path: &Path,
    project: &Project,
    solution: &strata_engine::ModelSolution,
) -> Result<(), CommandError> {
    let last = solution.levels.len() - 1;
    let resolution = project.input.grid().resolution().map(|r| r << last);
    let edges = world_edges(&project.world_extent, resolution);
    let edges = [
        edges[0].as_slice(),
        edges[1].as_slice(),
        edges[2].as_slice(),
    ];
    let stacks = project.input.structure().stacks();
    let variance_names: Vec<String> = stacks
        .iter()
        .map(|s| format!("variance_{}", s.name))
        .collect();
    let variances = (0..stacks.len())
        .filter(|&s| solution.levels[0].stacks[s].variance.is_some())
        .map(|s| {
            solution.dense(last, |l| {
                l.stacks[s].variance.as_deref().unwrap_or_default()
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let variance_arrays = variance_names
        .iter()
        .zip(&variances)
        .map(|(name, v)| CellArray::Float64(name, v));
    if last == 0 {
        let level = &solution.levels[0];
        let names: Vec<String> = project
            .input
            .structure()
            .stacks()
            .iter()
            .map(|s| format!("scalar_field_{}", s.name))
            .collect();
        let mut arrays = vec![
            CellArray::Int32("lith_id", &level.ids),
            CellArray::Int32("fault_id", &level.fault_ids),
        ];
        for (name, stack) in names.iter().zip(&level.stacks) {
            arrays.push(CellArray::Float64(name, &stack.scalar));
        }
        arrays.extend(variance_arrays);
        write_block_model_vtr(path, edges, &arrays)?;
    } else {
        let ids = solution.dense_ids(last)?;
        let mut arrays = vec![CellArray::Int32("lith_id", &ids)];
        arrays.extend(variance_arrays);
        write_block_model_vtr(path, edges, &arrays)?;
    }
    Ok(())
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
    solution: &strata_engine::ModelSolution,
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
