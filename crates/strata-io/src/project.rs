//! A `strata.toml` project (documented key by key in docs/project-format.md): the file and the CSV
//! files it names, turned into the engine input in engine coordinates with GemPy's defaults.

mod file;
mod settings;
mod structure;

use std::path::{Path, PathBuf};

use strata_data::{
    DataError, Dtype, EngineInput, EvaluationOptions, KernelOptions, Orientations, RegularGrid,
    SolverChoice, SurfacePoints, Transform,
};

use crate::{
    CsvRows, IoError, OrientationRow, SurfacePointRow, read_orientations, read_surface_points,
};
use file::Source;
pub use settings::{DEFAULT_NUGGET_ORIENTATIONS, DEFAULT_NUGGET_SURFACE_POINTS};
use settings::{GridChoice, Settings};
use structure::Layout;

/// A loaded project: the engine input and what maps it back to the geologist's world.
#[derive(Debug, Clone)]
pub struct Project {
    /// The model's name (output files are named after it).
    pub name: String,
    /// The project file.
    pub file: PathBuf,
    /// The model extent `[xmin, xmax, ymin, ymax, zmin, zmax]`, world units.
    pub world_extent: [f64; 6],
    /// World ↔ engine transform (the same as `input.transform()`).
    pub transform: Transform,
    /// The engine input, in engine coordinates.
    pub input: EngineInput,
    /// Precision of the evaluation kernels (`dtype = "f64" | "f32"`, default `f64`).
    pub dtype: Dtype,
    /// How the systems are solved (`solver` under `[interpolation]`, default `auto`).
    pub solver: SolverChoice,
    /// The run's memory budget in bytes (`memory_budget = "2GiB"`), if set.
    pub memory_budget: Option<u64>,
}

impl Project {
    /// Reads a project file and the CSV files it names (relative to its folder).
    pub fn load(path: &Path) -> Result<Self, IoError> {
        let text = std::fs::read_to_string(path).map_err(|source| IoError::Io {
            file: path.display().to_string(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Builds a project from the text of the project file at `path`, which names it in errors
    /// and locates the CSV files. The keys are checked before the CSV files are read.
    pub fn parse(text: &str, path: &Path) -> Result<Self, IoError> {
        let file = path.display().to_string();
        let source = Source { file: &file, text };
        let raw = source.parse()?;
        let settings = Settings::new(&source, &raw)?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let points = read_surface_points(&dir.join(raw.surface_points.get_ref()))?;
        let orientations = read_orientations(&dir.join(raw.orientations.get_ref()))?;
        let layout = structure::layout(
            &source,
            &raw.stacks,
            &points,
            &orientations,
            &settings.transform,
        )?;
        let input = engine_input(&settings, layout, &points, &orientations).map_err(|source| {
            IoError::Data {
                file: file.clone(),
                source,
            }
        })?;
        Ok(Self {
            name: settings.name,
            file: path.to_path_buf(),
            world_extent: settings.extent,
            transform: settings.transform,
            input,
            dtype: settings.dtype,
            solver: settings.solver,
            memory_budget: settings.memory_budget,
        })
    }

    /// The surface names, stack by stack, youngest first.
    pub fn surface_names(&self) -> Vec<&str> {
        let surfaces = self.input.structure().surfaces();
        surfaces.iter().map(|s| s.name.as_str()).collect()
    }

    /// The stack names, youngest first.
    pub fn stack_names(&self) -> Vec<&str> {
        let stacks = self.input.structure().stacks();
        stacks.iter().map(|s| s.name.as_str()).collect()
    }
}

/// The engine input: the rows in engine order and coordinates with the default nuggets where a
/// row has none, the grid, and the options.
fn engine_input(
    settings: &Settings,
    layout: Layout,
    points: &CsvRows<SurfacePointRow>,
    orientations: &CsvRows<OrientationRow>,
) -> Result<EngineInput, DataError> {
    let t = &settings.transform;
    let sp: Vec<_> = layout.points.iter().map(|&i| &points.rows[i]).collect();
    let surface_points = SurfacePoints::new(
        sp.iter().map(|p| t.to_engine(p.xyz)).collect(),
        sp.iter()
            .map(|p| p.nugget.unwrap_or(settings.nugget_surface_points))
            .collect(),
    )?;
    let ori: Vec<_> = layout
        .orientations
        .iter()
        .map(|&i| &orientations.rows[i])
        .collect();
    let orientations = Orientations::new(
        ori.iter().map(|o| t.to_engine(o.xyz)).collect(),
        ori.iter().map(|o| o.gradient).collect(),
        ori.iter()
            .map(|o| o.nugget.unwrap_or(settings.nugget_orientations))
            .collect(),
    )?;
    let (grid, evaluation) = grid(settings)?;
    let kernel = kernel(settings, &grid)?;
    EngineInput::builder(surface_points, orientations, layout.structure, grid)
        .kernel(kernel)
        .evaluation(evaluation)
        .transform(t.clone())
        .build()
}

/// The level-0 grid over the engine extent and the evaluation options that go with it: a
/// regular grid with one level, or a 2×2×2 root with `N` octree levels and meshes (no scalar
/// gradient, as in reference case p06).
fn grid(settings: &Settings) -> Result<(RegularGrid, EvaluationOptions), DataError> {
    let e = settings.extent;
    let lo = settings.transform.to_engine([e[0], e[2], e[4]]);
    let hi = settings.transform.to_engine([e[1], e[3], e[5]]);
    let extent = [lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]];
    Ok(match settings.grid {
        GridChoice::Regular(resolution) => {
            let mut evaluation = EvaluationOptions::default();
            evaluation.mesh_extraction = settings.mesh.unwrap_or(false);
            (RegularGrid::new(extent, resolution)?, evaluation)
        }
        GridChoice::Octree(levels) => {
            let mut evaluation = EvaluationOptions::default();
            evaluation.number_octree_levels = levels;
            evaluation.number_octree_levels_surface = levels;
            evaluation.mesh_extraction = settings.mesh.unwrap_or(true);
            evaluation.compute_scalar_gradient = false;
            (RegularGrid::new(extent, [2, 2, 2])?, evaluation)
        }
    })
}

/// The kernel options, with GemPy's default range and `c_o` where not given:
///
/// ```text
/// range = √(Δx² + Δy² + Δz²)   (the diagonal of the engine extent)
/// c_o   = range² / 14 / 3
/// ```
fn kernel(settings: &Settings, grid: &RegularGrid) -> Result<KernelOptions, DataError> {
    let e = grid.extent();
    let diagonal = (0..3)
        .map(|a| (e[2 * a + 1] - e[2 * a]).powi(2))
        .sum::<f64>()
        .sqrt();
    let range = settings.range.unwrap_or(diagonal);
    let options = KernelOptions::for_range(range);
    let c_o = settings.c_o.unwrap_or(options.c_o);
    let options = options
        .with_kernel(settings.kernel)
        .with_c_o(c_o)
        .with_drift_degree(settings.drift);
    options.validate()?;
    Ok(options)
}
