//! `strata.Project`: a project loaded from a `strata.toml` or built from GemPy CSVs, with the
//! sources it was read from, so that it pickles (to Dask workers, to other machines) without
//! the files.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use strata_engine::{ComputeOptions, Dtype, VarianceOptions, WeightsCache};
use strata_io::{IoError, OrientationRow, angles_from_gradient};
use strata_project::{NewOrientation, NewSurfacePoint, Pole, Project, ProjectSources, RowChange};

use crate::errors;
use crate::gempy_csv::{self, CsvArgument, ProjectArguments};
use crate::solution;

/// A geological model's project: the data, the stacks and the grid (`strata.toml` and GemPy's
/// CSV files, docs/project-format.md), with the sources it was read from (edits rebuild it from
/// them) and the weights cache its computations share (after an edit only the stacks whose
/// systems changed are solved again).
#[pyclass(module = "strata._strata", name = "Project", frozen)]
pub struct PyProject {
    project: Project,
    sources: ProjectSources,
    cache: Arc<WeightsCache>,
    /// Edits are being batched (`with project.edits():`): `project` is that of the sources
    /// before the batch, and the edited sources are built when it ends.
    deferred: bool,
}

impl PyProject {
    fn build(mut sources: ProjectSources, cache: Arc<WeightsCache>) -> PyResult<Self> {
        let project = sources.build().map_err(errors::input)?;
        Ok(Self {
            project,
            sources,
            cache,
            deferred: false,
        })
    }

    /// The project of edited sources, sharing this one's weights cache (built at the end of a
    /// batch when edits are deferred).
    fn edited(&self, sources: Result<ProjectSources, IoError>) -> PyResult<Self> {
        let sources = sources.map_err(errors::input)?;
        if self.deferred {
            return Ok(Self {
                project: self.project.clone(),
                sources,
                cache: Arc::clone(&self.cache),
                deferred: true,
            });
        }
        Self::build(sources, Arc::clone(&self.cache))
    }

    /// The loaded project.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The evaluation precision: `dtype` if given, else the project's.
    pub fn precision(&self, dtype: Option<&str>) -> PyResult<Dtype> {
        match dtype {
            None => Ok(self.project.dtype),
            Some(d) => d.parse::<Dtype>().map_err(|_| {
                errors::argument(format!("dtype = {d:?}: must be \"f64\" or \"f32\""))
            }),
        }
    }

    /// The compute options of this project: the solve its `defaults` ask for.
    pub fn options(&self) -> ComputeOptions {
        ComputeOptions::default().with_pivot_test(self.project.defaults.pivot_test())
    }

    /// `[nx, ny, nz]` of the blocks: the regular grid, or an octree's deepest level.
    pub fn shape(&self) -> [usize; 3] {
        let input = &self.project.input;
        let levels = input.evaluation().number_octree_levels;
        input.grid().resolution().map(|r| r << (levels - 1))
    }

    /// The unit id of every surface, then of the unit below the last.
    pub fn unit_ids(&self) -> Vec<i32> {
        let values = self.project.input.unit_values();
        values.iter().map(|&u| u.round_ties_even() as i32).collect()
    }
}

/// Sets `out[name]` to the list of `value` of every row.
fn column<'py, R, T>(
    out: &Bound<'py, PyDict>,
    name: &str,
    rows: &[R],
    value: impl Fn(&R) -> T,
) -> PyResult<()>
where
    Vec<T>: IntoPyObject<'py>,
{
    out.set_item(name, rows.iter().map(value).collect::<Vec<T>>())
}

/// The `i`-th of `values`, or `None` where no list was given.
fn nth<T: Clone>(values: &Option<Vec<T>>, i: usize) -> Option<T> {
    values.as_ref().and_then(|v| v.get(i).cloned())
}

/// The poles of `n` orientations from dips and azimuths or gradients (lists of length `n`,
/// checked by the Python wrapper).
fn poles(
    n: usize,
    dip: &Option<Vec<f64>>,
    azimuth: &Option<Vec<f64>>,
    polarity: &Option<Vec<f64>>,
    gradient: &Option<Vec<[f64; 3]>>,
) -> Vec<Option<Pole>> {
    (0..n)
        .map(|i| match (nth(gradient, i), nth(dip, i), nth(azimuth, i)) {
            (Some(g), _, _) => Some(Pole::Gradient(g)),
            (None, Some(dip), Some(azimuth)) => Some(Pole::Angles {
                dip,
                azimuth,
                polarity: nth(polarity, i).unwrap_or(1.0),
            }),
            _ => None,
        })
        .collect()
}

#[pymethods]
impl PyProject {
    /// Reads a `strata.toml` and the CSV files it names.
    #[staticmethod]
    fn load(path: PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(&path).map_err(|source| {
            errors::input(IoError::Io {
                file: path.display().to_string(),
                source,
            })
        })?;
        Self::build(ProjectSources::new(text, path), Arc::default())
    }

    /// A project from GemPy's CSV files or pandas DataFrames (see `strata.Project.from_gempy_csv`).
    #[staticmethod]
    #[pyo3(signature = (surface_points, orientations, extent, stacks, resolution=None, octree_levels=None, defaults="gempy", name="model", **interpolation))]
    #[allow(clippy::too_many_arguments)]
    fn from_gempy_csv<'py>(
        surface_points: &Bound<'py, PyAny>,
        orientations: &Bound<'py, PyAny>,
        extent: Bound<'py, PyAny>,
        stacks: Bound<'py, PyAny>,
        resolution: Option<Bound<'py, PyAny>>,
        octree_levels: Option<Bound<'py, PyAny>>,
        defaults: &str,
        name: &str,
        interpolation: Option<Bound<'py, PyDict>>,
    ) -> PyResult<Self> {
        let surface_points = CsvArgument::extract(surface_points, "surface_points")?;
        let orientations = CsvArgument::extract(orientations, "orientations")?;
        let arguments = ProjectArguments {
            extent,
            stacks,
            resolution,
            octree_levels,
            defaults: defaults.to_string(),
            name: name.to_string(),
            interpolation,
        };
        let text = gempy_csv::project_text(&arguments, &surface_points, &orientations)?;
        let sources = [surface_points, orientations].into_iter().fold(
            ProjectSources::new(text, gempy_csv::FILE),
            |sources, argument| match argument {
                CsvArgument::Contents { name, bytes } => sources.with_file(name, bytes),
                CsvArgument::File(_) => sources,
            },
        );
        Self::build(sources, Arc::default())
    }

    /// Rebuilds a pickled project from its sources.
    #[staticmethod]
    fn _from_sources(text: String, path: PathBuf, csv: Vec<(PathBuf, Vec<u8>)>) -> PyResult<Self> {
        let mut sources = csv
            .into_iter()
            .fold(ProjectSources::new(text, path), |s, (p, bytes)| {
                s.with_file(p, bytes)
            });
        let project = sources
            .build_with(|path| {
                Err(IoError::Project {
                    file: path.display().to_string(),
                    problem: "not among the pickled project's CSV files".into(),
                })
            })
            .map_err(errors::input)?;
        Ok(Self {
            project,
            sources,
            cache: Arc::default(),
            deferred: false,
        })
    }

    /// Pickles as its sources: the project file's text and the CSV bytes.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let me = slf.get();
        let rebuild = slf.get_type().getattr("_from_sources")?;
        let args = (
            me.sources.text().to_string(),
            me.sources.path().to_path_buf(),
            me.sources.files().to_vec(),
        );
        PyTuple::new(py, [rebuild, args.into_pyobject(py)?.into_any()])
    }

    /// The model's name.
    #[getter]
    fn name(&self) -> &str {
        &self.project.name
    }

    /// The project file (`from_gempy_csv` for a generated project).
    #[getter]
    fn file(&self) -> PathBuf {
        self.project.file.clone()
    }

    /// The text of the project file (a generated project's too: save it as `strata.toml`).
    #[getter]
    fn text(&self) -> &str {
        self.sources.text()
    }

    /// `(xmin, xmax, ymin, ymax, zmin, zmax)`, world units.
    #[getter]
    fn extent(&self) -> [f64; 6] {
        self.project.world_extent
    }

    /// `(nx, ny, nz)` of the blocks: the regular grid, or an octree's deepest level.
    #[getter(shape)]
    fn py_shape(&self) -> [usize; 3] {
        self.shape()
    }

    /// The surface names, stack by stack, youngest first.
    #[getter]
    fn surfaces(&self) -> Vec<String> {
        self.project
            .surface_names()
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// The stack names, youngest first.
    #[getter]
    fn stacks(&self) -> Vec<String> {
        self.project
            .stack_names()
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// The unit id of every surface, then of the unit below the last.
    #[getter(unit_ids)]
    fn py_unit_ids(&self) -> Vec<i32> {
        self.unit_ids()
    }

    /// `"engine"` or `"gempy"`.
    #[getter]
    fn defaults(&self) -> &'static str {
        self.project.defaults.name()
    }

    /// `"f64"` or `"f32"`.
    #[getter]
    fn dtype(&self) -> &'static str {
        self.project.dtype.name()
    }

    /// Computes the model (the GIL released): a dict of numpy arrays (`strata.Solution`).
    #[pyo3(signature = (dtype=None, variance=false))]
    fn compute<'py>(
        &self,
        py: Python<'py>,
        dtype: Option<&str>,
        variance: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        if self.deferred {
            return Err(errors::argument(
                "compute inside `with project.edits():`: the edits are checked when the block ends",
            ));
        }
        let options = self
            .options()
            .with_variance(variance.then(VarianceOptions::default));
        let dtype = self.precision(dtype)?;
        let solved = py
            .detach(|| solution::compute(&self.project, options, dtype, &self.cache))
            .map_err(errors::compute)?;
        solution::to_python(
            py,
            &self.project,
            &solved,
            self.shape(),
            options.memory_budget,
        )
    }

    /// This project with its edits deferred: each edit changes the sources only, and
    /// [`_checked`](Self::_checked) builds them.
    fn _deferred(&self) -> Self {
        Self {
            project: self.project.clone(),
            sources: self.sources.clone(),
            cache: Arc::clone(&self.cache),
            deferred: true,
        }
    }

    /// The project of the sources edited so far, checked as files are.
    fn _checked(&self) -> PyResult<Self> {
        Self::build(self.sources.clone(), Arc::clone(&self.cache))
    }

    /// The surface-point file's rows in file order: `X`, `Y`, `Z`, `surface`, `nugget` (NaN
    /// where the row takes the project's default) and `series` (`None` where empty).
    fn _surface_points<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.sources.surface_points().map_err(errors::input)?;
        let out = PyDict::new(py);
        for (a, name) in ["X", "Y", "Z"].into_iter().enumerate() {
            column(&out, name, &rows, |r| r.xyz[a])?;
        }
        column(&out, "surface", &rows, |r| r.surface.clone())?;
        column(&out, "nugget", &rows, |r| r.nugget.unwrap_or(f64::NAN))?;
        column(&out, "series", &rows, |r| r.series.clone())?;
        Ok(out)
    }

    /// The orientation file's rows in file order: `X`, `Y`, `Z`, `G_x`, `G_y`, `G_z` (the
    /// gradient at its length), `azimuth`, `dip`, `polarity` (GemPy's angles of the gradient),
    /// `surface`, `nugget` (NaN: the project's default) and `series`.
    fn _orientations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.sources.orientations().map_err(errors::input)?;
        let out = PyDict::new(py);
        let angles = |r: &OrientationRow| angles_from_gradient(r.gradient).unwrap_or([f64::NAN; 3]);
        for (a, name) in ["X", "Y", "Z"].into_iter().enumerate() {
            column(&out, name, &rows, |r| r.xyz[a])?;
        }
        for (a, name) in ["G_x", "G_y", "G_z"].into_iter().enumerate() {
            column(&out, name, &rows, |r| r.gradient[a] * r.magnitude)?;
        }
        for (a, name) in ["azimuth", "dip", "polarity"].into_iter().enumerate() {
            column(&out, name, &rows, |r| angles(r)[a])?;
        }
        column(&out, "surface", &rows, |r| r.surface.clone())?;
        column(&out, "nugget", &rows, |r| r.nugget.unwrap_or(f64::NAN))?;
        column(&out, "series", &rows, |r| r.series.clone())?;
        Ok(out)
    }

    /// This project with surface points appended (lists of one length, checked by the
    /// wrapper).
    #[pyo3(signature = (x, y, z, surface, nugget=None))]
    fn _add_surface_points(
        &self,
        x: Vec<f64>,
        y: Vec<f64>,
        z: Vec<f64>,
        surface: Vec<String>,
        nugget: Option<Vec<f64>>,
    ) -> PyResult<Self> {
        let points: Vec<NewSurfacePoint> = (0..x.len())
            .map(|i| NewSurfacePoint {
                xyz: [x[i], y[i], z[i]],
                surface: surface[i].clone(),
                nugget: nth(&nugget, i),
            })
            .collect();
        self.edited(self.sources.add_surface_points(&points))
    }

    /// This project with orientations appended: a pole from `gradient` where given, else from
    /// `dip`, `azimuth` and `polarity`.
    #[pyo3(signature = (x, y, z, surface, dip=None, azimuth=None, polarity=None, gradient=None, nugget=None))]
    #[allow(clippy::too_many_arguments)]
    fn _add_orientations(
        &self,
        x: Vec<f64>,
        y: Vec<f64>,
        z: Vec<f64>,
        surface: Vec<String>,
        dip: Option<Vec<f64>>,
        azimuth: Option<Vec<f64>>,
        polarity: Option<Vec<f64>>,
        gradient: Option<Vec<[f64; 3]>>,
        nugget: Option<Vec<f64>>,
    ) -> PyResult<Self> {
        let poles = poles(x.len(), &dip, &azimuth, &polarity, &gradient);
        let orientations = (0..x.len())
            .map(|i| {
                let pole = poles[i].ok_or_else(|| {
                    errors::argument("add_orientations: give `dip` and `azimuth`, or `gradient`")
                })?;
                Ok(NewOrientation {
                    xyz: [x[i], y[i], z[i]],
                    surface: surface[i].clone(),
                    pole,
                    nugget: nth(&nugget, i),
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        self.edited(self.sources.add_orientations(&orientations))
    }

    /// This project with the rows at `index` of the surface points (`orientations = False`) or
    /// the orientations changed: each list, where given, holds one value per index.
    #[pyo3(signature = (orientations, index, x=None, y=None, z=None, surface=None, dip=None, azimuth=None, polarity=None, gradient=None))]
    #[allow(clippy::too_many_arguments)]
    fn _modify(
        &self,
        orientations: bool,
        index: Vec<usize>,
        x: Option<Vec<f64>>,
        y: Option<Vec<f64>>,
        z: Option<Vec<f64>>,
        surface: Option<Vec<String>>,
        dip: Option<Vec<f64>>,
        azimuth: Option<Vec<f64>>,
        polarity: Option<Vec<f64>>,
        gradient: Option<Vec<[f64; 3]>>,
    ) -> PyResult<Self> {
        let poles = poles(index.len(), &dip, &azimuth, &polarity, &gradient);
        let changes: Vec<(usize, RowChange)> = index
            .iter()
            .enumerate()
            .map(|(i, &row)| {
                let change = RowChange {
                    xyz: [nth(&x, i), nth(&y, i), nth(&z, i)],
                    surface: nth(&surface, i),
                    pole: poles[i],
                };
                (row, change)
            })
            .collect();
        self.edited(if orientations {
            self.sources.modify_orientations(&changes)
        } else {
            self.sources.modify_surface_points(&changes)
        })
    }

    /// This project without the rows at `index` of the surface points or the orientations.
    fn _delete(&self, orientations: bool, index: Vec<usize>) -> PyResult<Self> {
        self.edited(if orientations {
            self.sources.delete_orientations(&index)
        } else {
            self.sources.delete_surface_points(&index)
        })
    }

    /// This project with the extent `(xmin, xmax, ymin, ymax, zmin, zmax)`.
    fn _set_extent(&self, extent: [f64; 6]) -> PyResult<Self> {
        self.edited(self.sources.set_extent(extent))
    }

    /// This project on a regular grid of `resolution` cells.
    fn _set_resolution(&self, resolution: [usize; 3]) -> PyResult<Self> {
        self.edited(self.sources.set_resolution(resolution))
    }

    /// This project on an octree of `levels` levels.
    fn _set_octree_levels(&self, levels: usize) -> PyResult<Self> {
        self.edited(self.sources.set_octree_levels(levels))
    }

    /// This project with `surface` in stack `stack` at `position` (youngest first; `None`:
    /// last).
    #[pyo3(signature = (surface, stack, position=None))]
    fn _add_surface(&self, surface: &str, stack: &str, position: Option<usize>) -> PyResult<Self> {
        self.edited(self.sources.add_surface(surface, stack, position))
    }

    /// This project with a stack `name` of `relation` over `surfaces` at `position` (youngest
    /// first; `None`: last, the oldest).
    #[pyo3(signature = (name, relation, surfaces, position=None))]
    fn _add_stack(
        &self,
        name: &str,
        relation: &str,
        surfaces: Vec<String>,
        position: Option<usize>,
    ) -> PyResult<Self> {
        let surfaces: Vec<&str> = surfaces.iter().map(String::as_str).collect();
        self.edited(self.sources.add_stack(name, relation, &surfaces, position))
    }

    /// This project with stack `stack`'s relation set to `relation`.
    fn _set_relation(&self, stack: &str, relation: &str) -> PyResult<Self> {
        self.edited(self.sources.set_relation(stack, relation))
    }

    /// Writes the project file and every file it names into folder `dir`, atomically; the
    /// paths written.
    fn save(&self, dir: PathBuf) -> PyResult<Vec<PathBuf>> {
        self.sources.save(&dir).map_err(errors::input)
    }

    fn __repr__(&self) -> String {
        format!(
            "Project(name={:?}, stacks={:?}, shape={:?}, defaults={:?})",
            self.project.name,
            self.project.stack_names(),
            self.shape(),
            self.project.defaults.name()
        )
    }
}
