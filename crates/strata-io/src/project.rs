//! The `strata.toml` project file (documented key by key in docs/project-format.md).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use strata_data::{
    DataError, Ellipsoid, EngineInput, EvaluationOptions, KernelFunction, KernelOptions,
    Orientations, Point, RegularGrid, Stack, StackRelation, Structure, Surface, SurfacePoints,
    Transform,
};

use crate::{
    IoError, OrientationRow, SurfacePointRow, gempy_transform, read_orientations,
    read_surface_points,
};

/// GemPy's default nugget of surface points.
pub const DEFAULT_NUGGET_SURFACE_POINTS: f64 = 2e-5;
/// GemPy's default nugget of orientations.
pub const DEFAULT_NUGGET_ORIENTATIONS: f64 = 0.01;
/// Slope of the finite-fault ellipsoid inside it (gempy's `max_slope` default).
pub const FINITE_FAULT_MAX_SLOPE: f64 = 1000.0;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectToml {
    name: String,
    extent: [f64; 6],
    resolution: Option<[usize; 3]>,
    octree_levels: Option<usize>,
    surface_points: PathBuf,
    orientations: PathBuf,
    #[serde(rename = "stack")]
    stacks: Vec<StackToml>,
    #[serde(default)]
    interpolation: InterpolationToml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StackToml {
    name: String,
    relation: String,
    surfaces: Vec<String>,
    #[serde(default)]
    offsets: Vec<String>,
    finite: Option<FiniteToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FiniteToml {
    center: Point,
    radius: Point,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct InterpolationToml {
    kernel: Option<String>,
    range: Option<f64>,
    c_o: Option<f64>,
    drift: Option<u8>,
    nugget_surface_points: Option<f64>,
    nugget_orientations: Option<f64>,
    mesh: Option<bool>,
}

/// A loaded project: the engine input and what maps it back to the geologist's world.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project name.
    pub name: String,
    /// The project file.
    pub file: PathBuf,
    /// The model extent in world units.
    pub world_extent: [f64; 6],
    /// World ↔ engine transform.
    pub transform: Transform,
    /// The engine input (engine coordinates).
    pub input: EngineInput,
}

impl Project {
    /// Reads `strata.toml` and the CSV files it names (relative to its folder), and builds the
    /// engine input with GemPy's defaults.
    pub fn load(path: &Path) -> Result<Self, IoError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| IoError::Io {
            file: file.clone(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Builds a project from the text of `path` (CSV paths are relative to its folder).
    pub fn parse(text: &str, path: &Path) -> Result<Self, IoError> {
        let file = path.display().to_string();
        let raw: ProjectToml = toml::from_str(text).map_err(|e| IoError::Toml {
            file: file.clone(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let points = read_surface_points(&dir.join(&raw.surface_points))?;
        let orientations = read_orientations(&dir.join(&raw.orientations))?;
        build(raw, path, &points, &orientations)
    }
}

fn problem(file: &str, problem: String) -> IoError {
    IoError::Project {
        file: file.to_string(),
        problem,
    }
}

fn build(
    raw: ProjectToml,
    path: &Path,
    points: &[SurfacePointRow],
    orientations: &[OrientationRow],
) -> Result<Project, IoError> {
    let file = path.display().to_string();
    let data_err = |source: DataError| IoError::Data {
        file: file.clone(),
        source,
    };
    let points_file = raw.surface_points.display().to_string();
    let orientations_file = raw.orientations.display().to_string();
    if raw.stacks.is_empty() {
        return Err(problem(
            &file,
            "no [[stack]]: a model needs at least one stack".into(),
        ));
    }

    // Surface → (stack, position in the model's surface list).
    let mut surface_index: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut surface_names = Vec::new();
    for (s, st) in raw.stacks.iter().enumerate() {
        for name in &st.surfaces {
            if surface_index
                .insert(name, (s, surface_names.len()))
                .is_some()
            {
                return Err(problem(&file, format!("surface '{name}' is listed twice")));
            }
            surface_names.push(name.clone());
        }
    }
    let lookup = |name: &str, line: usize, csv: &str| {
        surface_index
            .get(name)
            .copied()
            .ok_or_else(|| IoError::Csv {
                file: csv.to_string(),
                line,
                column: "formation".into(),
                value: name.to_string(),
                problem: "no stack lists this surface".into(),
            })
    };

    // Points surface by surface in stack order; orientations stack by stack; CSV order within.
    let mut by_surface: Vec<Vec<&SurfacePointRow>> = vec![Vec::new(); surface_names.len()];
    for p in points {
        by_surface[lookup(&p.surface, p.line, &points_file)?.1].push(p);
    }
    for (k, rows) in by_surface.iter().enumerate() {
        if rows.is_empty() {
            return Err(problem(
                &file,
                format!(
                    "surface '{}' has no points in {points_file}",
                    surface_names[k]
                ),
            ));
        }
    }
    let mut by_stack: Vec<Vec<&OrientationRow>> = vec![Vec::new(); raw.stacks.len()];
    for o in orientations {
        by_stack[lookup(&o.surface, o.line, &orientations_file)?.0].push(o);
    }

    let world: Vec<Point> = points
        .iter()
        .map(|p| p.xyz)
        .chain(orientations.iter().map(|o| o.xyz))
        .collect();
    let transform = gempy_transform(&world);
    let interp = &raw.interpolation;
    let sp_nugget = interp
        .nugget_surface_points
        .unwrap_or(DEFAULT_NUGGET_SURFACE_POINTS);
    let ori_nugget = interp
        .nugget_orientations
        .unwrap_or(DEFAULT_NUGGET_ORIENTATIONS);
    let ordered: Vec<&SurfacePointRow> = by_surface.iter().flatten().copied().collect();
    let surface_points = SurfacePoints::new(
        ordered.iter().map(|p| transform.to_engine(p.xyz)).collect(),
        ordered
            .iter()
            .map(|p| p.nugget.unwrap_or(sp_nugget))
            .collect(),
    )
    .map_err(data_err)?;
    let ordered: Vec<&OrientationRow> = by_stack.iter().flatten().copied().collect();
    let orientations = Orientations::new(
        ordered.iter().map(|o| transform.to_engine(o.xyz)).collect(),
        ordered.iter().map(|o| o.gradient).collect(),
        ordered
            .iter()
            .map(|o| o.nugget.unwrap_or(ori_nugget))
            .collect(),
    )
    .map_err(data_err)?;

    // Extent → engine extent (validated first in world units, for a message in those).
    RegularGrid::new(raw.extent, [1, 1, 1]).map_err(data_err)?;
    let lo = transform.to_engine([raw.extent[0], raw.extent[2], raw.extent[4]]);
    let hi = transform.to_engine([raw.extent[1], raw.extent[3], raw.extent[5]]);
    let engine_extent = [lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]];

    let structure = structure(
        &raw,
        &file,
        &by_surface,
        &by_stack,
        &surface_names,
        &transform,
    )?;
    let range = interp
        .range
        .unwrap_or_else(|| (0..3).map(|a| (hi[a] - lo[a]).powi(2)).sum::<f64>().sqrt());
    let kernel = KernelOptions::new(
        KernelFunction::parse(interp.kernel.as_deref().unwrap_or("cubic")).map_err(data_err)?,
        range,
        interp.c_o.unwrap_or(range * range / 14.0 / 3.0),
        interp.drift.unwrap_or(1),
        4.0,
        2.0,
    )
    .map_err(data_err)?;
    let (grid, evaluation) = match (raw.resolution, raw.octree_levels) {
        (Some(resolution), None) => (
            RegularGrid::new(engine_extent, resolution).map_err(data_err)?,
            EvaluationOptions {
                mesh_extraction: interp.mesh.unwrap_or(false),
                ..EvaluationOptions::default()
            },
        ),
        (None, Some(levels)) => (
            RegularGrid::new(engine_extent, [2, 2, 2]).map_err(data_err)?,
            EvaluationOptions {
                number_octree_levels: levels,
                number_octree_levels_surface: levels,
                mesh_extraction: interp.mesh.unwrap_or(true),
                ..EvaluationOptions::default()
            },
        ),
        _ => {
            return Err(problem(
                &file,
                "give exactly one of `resolution = [nx, ny, nz]` and `octree_levels = N`".into(),
            ));
        }
    };
    let n_units = surface_names.len() + 1;
    let input = EngineInput::new(
        surface_points,
        orientations,
        structure,
        (1..=n_units).map(|u| u as f64).collect(),
        kernel,
        evaluation,
        5e6,
        grid,
        transform.clone(),
    )
    .map_err(data_err)?;
    Ok(Project {
        name: raw.name,
        file: path.to_path_buf(),
        world_extent: raw.extent,
        transform,
        input,
    })
}

fn structure(
    raw: &ProjectToml,
    file: &str,
    by_surface: &[Vec<&SurfacePointRow>],
    by_stack: &[Vec<&OrientationRow>],
    surface_names: &[String],
    transform: &Transform,
) -> Result<Structure, IoError> {
    let data_err = |source: DataError| IoError::Data {
        file: file.to_string(),
        source,
    };
    let n = raw.stacks.len();
    let mut relations = vec![vec![false; n]; n];
    let mut stacks = Vec::with_capacity(n);
    for (j, st) in raw.stacks.iter().enumerate() {
        let mut relation = StackRelation::parse(&st.relation).map_err(|_| {
            problem(
                file,
                format!(
                    "stack '{}': unknown relation '{}' (erode, onlap, fault or basement)",
                    st.name, st.relation
                ),
            )
        })?;
        // GemPy forces the last (oldest) stack to be the basement.
        if j == n - 1 && relation != StackRelation::Fault {
            relation = StackRelation::Basement;
        }
        for target in &st.offsets {
            let i = raw
                .stacks
                .iter()
                .position(|s| &s.name == target)
                .ok_or_else(|| {
                    problem(
                        file,
                        format!(
                            "stack '{}' offsets '{target}', which is not a stack",
                            st.name
                        ),
                    )
                })?;
            relations[j][i] = true;
        }
        let finite_fault = match &st.finite {
            Some(f) => Some(
                Ellipsoid::new(
                    transform.to_engine(f.center),
                    f.radius.map(|r| r / transform.scale()),
                    FINITE_FAULT_MAX_SLOPE,
                    1.0,
                )
                .map_err(data_err)?,
            ),
            None => None,
        };
        stacks.push(Stack {
            name: st.name.clone(),
            relation,
            n_surfaces: st.surfaces.len(),
            n_orientations: by_stack[j].len(),
            finite_fault,
        });
    }
    let surfaces = surface_names
        .iter()
        .zip(by_surface)
        .map(|(name, rows)| Surface {
            name: name.clone(),
            n_points: rows.len(),
        })
        .collect();
    Structure::new(surfaces, stacks, Some(relations)).map_err(data_err)
}
