//! A `strata.toml` project (documented key by key in docs/project-format.md): the file and the CSV
//! files it names, turned into the engine input in engine coordinates with gempy_engine's
//! defaults or, with `defaults = "gempy"`, GemPy's front end's ([`crate::gempy_defaults`]).

mod estimate;
mod file;
mod grids;
mod series;
mod settings;
mod structure;
mod survey;
mod units;

use std::path::{Path, PathBuf};

use strata_data::{
    DataError, Dtype, EngineInput, EvaluationOptions, KernelOptions, Orientations, RegularGrid,
    SolverChoice, SurfacePoints, Transform,
};

use crate::gempy_defaults::{self, Defaults};
use file::Source;
use grids::GridKeys;
pub use grids::ProjectGrids;
use settings::{GridChoice, Settings, TransformRule};
use strata_io::{
    CsvRows, IoError, OrientationRow, SurfacePointRow, parse_orientations, parse_surface_points,
};
use structure::Layout;
pub use survey::{Survey, SurveyLattice};
pub use units::{BASEMENT, Unit};

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
    /// The rules that filled in what the project does not set (`defaults`).
    pub defaults: Defaults,
    /// The custom points, topography and survey, world coordinates (also in `input` as its
    /// extra grids).
    pub grids: ProjectGrids,
    /// How the systems are solved (`solver` under `[interpolation]`, default `auto`).
    pub solver: SolverChoice,
    /// The run's memory budget in bytes (`memory_budget = "2GiB"`), if set.
    pub memory_budget: Option<u64>,
    /// With `estimate_orientations = true` under `[interpolation]`: the orientations estimated
    /// from the picks (world coordinates, each naming its surface and stack), also in `input`
    /// after the file's orientations of their stack.
    pub estimated_orientations: Option<Vec<OrientationRow>>,
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
        Self::parse_with(text, path, |csv| {
            std::fs::read(csv).map_err(|source| IoError::Io {
                file: csv.display().to_string(),
                source,
            })
        })
    }

    /// [`Project::parse`] with the bytes of each CSV file from `read_csv`, given the file's
    /// path (the project file's folder joined with the name the project gives): a host that
    /// holds the files in memory (a Python session's DataFrames, a copy shipped to another
    /// machine) builds the same project, errors naming the same paths.
    pub fn parse_with(
        text: &str,
        path: &Path,
        mut read_csv: impl FnMut(&Path) -> Result<Vec<u8>, IoError>,
    ) -> Result<Self, IoError> {
        let file = path.display().to_string();
        let source = Source { file: &file, text };
        let mut raw = source.parse()?;
        let settings = Settings::new(&source, &raw)?;
        let grid_keys = GridKeys::new(&source, &raw)?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let points_file = dir.join(raw.surface_points.get_ref());
        let points =
            parse_surface_points(&read_csv(&points_file)?, &points_file.display().to_string())?;
        let orientations_file = dir.join(raw.orientations.get_ref());
        let mut orientations = parse_orientations(
            &read_csv(&orientations_file)?,
            &orientations_file.display().to_string(),
        )?;
        series::fill_surfaces(&source, &mut raw.stacks, &points)?;
        let estimated = match settings.estimate_orientations {
            Some(neighbours) => {
                let rows = estimate::estimated_rows(&source, &raw.stacks, &points, neighbours)?;
                orientations.rows.extend(rows.iter().cloned());
                Some(rows)
            }
            None => None,
        };
        let data_error = |source| IoError::Data {
            file: file.clone(),
            source,
        };
        let transform = transform(&settings, &points, &orientations).map_err(data_error)?;
        let layout = structure::layout(
            &source,
            &raw.stacks,
            &points,
            &orientations,
            estimated.is_some(),
            &transform,
        )?;
        let mut input = engine_input(&settings, &transform, layout, &points, &orientations)
            .map_err(data_error)?;
        let grids = grid_keys.read(&source, &raw, dir, &settings.extent, &mut input)?;
        Ok(Self {
            name: settings.name,
            file: path.to_path_buf(),
            world_extent: settings.extent,
            transform,
            input,
            dtype: settings.dtype,
            defaults: settings.defaults,
            grids,
            solver: settings.solver,
            memory_budget: settings.memory_budget,
            estimated_orientations: estimated,
        })
    }

    /// The units, youngest first: the rock above each surface of every stack that is not a
    /// fault, then the [`BASEMENT`].
    pub fn units(&self) -> Vec<Unit> {
        units::units(&self.input)
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

/// The world → engine transform: fixed by the settings, or GemPy's rule from every surface point
/// and orientation with the `[transform]` key that is given.
fn transform(
    settings: &Settings,
    points: &CsvRows<SurfacePointRow>,
    orientations: &CsvRows<OrientationRow>,
) -> Result<Transform, DataError> {
    match settings.transform {
        TransformRule::Fixed(ref t) => Ok(t.clone()),
        TransformRule::FromData { center, scale } => {
            let xyz = points.rows.iter().map(|p| p.xyz);
            let by_data =
                gempy_defaults::data_transform(xyz.chain(orientations.rows.iter().map(|o| o.xyz)))?;
            match scale {
                Some(s) => Transform::new(center.unwrap_or(by_data.center()), s),
                None => Transform::with_axis_scales(
                    center.unwrap_or(by_data.center()),
                    by_data.axis_scales(),
                ),
            }
        }
    }
}

/// The engine input: the rows in engine order and coordinates with the default nuggets where a
/// row has none, the grid, and the options. Gradients are unit vectors, or with
/// `defaults = "gempy"` as long as written; a per-axis transform turns them
/// ([`Transform::gradient_to_engine`]).
fn engine_input(
    settings: &Settings,
    t: &Transform,
    layout: Layout,
    points: &CsvRows<SurfacePointRow>,
    orientations: &CsvRows<OrientationRow>,
) -> Result<EngineInput, DataError> {
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
    let length = |o: &OrientationRow| match settings.defaults {
        Defaults::Gempy => o.magnitude,
        Defaults::Engine => 1.0,
    };
    let orientations = Orientations::new(
        ori.iter().map(|o| t.to_engine(o.xyz)).collect(),
        ori.iter()
            .map(|o| t.gradient_to_engine(o.gradient.map(|c| c * length(o))))
            .collect(),
        ori.iter()
            .map(|o| o.nugget.unwrap_or(settings.nugget_orientations))
            .collect(),
    )?;
    let (grid, evaluation) = grid(settings, t)?;
    let kernel = kernel(settings, &grid)?;
    EngineInput::builder(surface_points, orientations, layout.structure, grid)
        .kernel(kernel)
        .evaluation(evaluation)
        .transform(t.clone())
        .build()
}

/// The level-0 grid over the engine extent and the evaluation options that go with it: a
/// regular grid with one level (with the scalar gradient, except under GemPy's defaults), or an
/// octree root with `N` levels and meshes (no scalar gradient, as in reference case p06). The
/// root is 2×2×2 with meshes on level `N`; under GemPy's defaults it follows the extent
/// ([`gempy_defaults::octree_root`]) with meshes on level `min(N, 4)`.
fn grid(settings: &Settings, t: &Transform) -> Result<(RegularGrid, EvaluationOptions), DataError> {
    let e = settings.extent;
    let lo = t.to_engine([e[0], e[2], e[4]]);
    let hi = t.to_engine([e[1], e[3], e[5]]);
    let extent = [lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]];
    let gempy = settings.defaults == Defaults::Gempy;
    Ok(match settings.grid {
        GridChoice::Regular(resolution) => {
            let mut evaluation = EvaluationOptions::default();
            evaluation.mesh_extraction = settings.mesh.unwrap_or(false);
            evaluation.compute_scalar_gradient = !gempy;
            (RegularGrid::new(extent, resolution)?, evaluation)
        }
        GridChoice::Octree(levels) => {
            let root = if gempy {
                gempy_defaults::octree_root(&e)
            } else {
                [2, 2, 2]
            };
            let mut evaluation = EvaluationOptions::default();
            evaluation.number_octree_levels = levels;
            evaluation.number_octree_levels_surface = if gempy {
                levels.min(gempy_defaults::MESH_LEVELS)
            } else {
                levels
            };
            evaluation.mesh_extraction = settings.mesh.unwrap_or(true);
            evaluation.compute_scalar_gradient = false;
            (RegularGrid::new(extent, root)?, evaluation)
        }
    })
}

/// The kernel options, with the default range and `c_o` where not given: gempy_engine's rule
/// ([`KernelOptions::for_extent`]: the range is the diagonal of the engine extent,
/// `c_o = range² / 14 / 3`), or GemPy's constants ([`gempy_defaults::RANGE`],
/// [`gempy_defaults::C_O`]) under `defaults = "gempy"`.
fn kernel(settings: &Settings, grid: &RegularGrid) -> Result<KernelOptions, DataError> {
    let (range, c_o) = match settings.defaults {
        Defaults::Gempy => (
            settings.range.unwrap_or(gempy_defaults::RANGE),
            settings.c_o.unwrap_or(gempy_defaults::C_O),
        ),
        Defaults::Engine => {
            let range = settings
                .range
                .unwrap_or_else(|| KernelOptions::for_extent(&grid.extent()).range);
            (
                range,
                settings.c_o.unwrap_or(KernelOptions::for_range(range).c_o),
            )
        }
    };
    let options = KernelOptions::for_range(range)
        .with_kernel(settings.kernel)
        .with_c_o(c_o)
        .with_drift_degree(settings.drift);
    options.validate()?;
    Ok(options)
}
