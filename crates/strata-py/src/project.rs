//! `strata.Project`: a project loaded from a `strata.toml` or built from GemPy CSVs, with the
//! sources it was read from, so that it pickles (to Dask workers, to other machines) without
//! the files.

use std::path::{Path, PathBuf};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use strata_engine::{ComputeOptions, Dtype, VarianceOptions};
use strata_io::IoError;
use strata_project::Project;

use crate::errors;
use crate::gempy_csv::{self, CsvArgument, ProjectArguments};
use crate::solution;

/// What a project is read from: the project file's text and path, and the bytes of each CSV
/// file by the path the project gives it.
#[derive(Clone)]
struct Sources {
    text: String,
    path: PathBuf,
    csv: Vec<(PathBuf, Vec<u8>)>,
}

impl Sources {
    /// The project of these sources; `read` supplies a CSV file the sources lack.
    fn parse(
        &mut self,
        mut read: impl FnMut(&Path) -> Result<Vec<u8>, IoError>,
    ) -> Result<Project, IoError> {
        let mut csv = std::mem::take(&mut self.csv);
        let project = Project::parse_with(&self.text, &self.path, |path| {
            if let Some((_, bytes)) = csv.iter().find(|(p, _)| p == path) {
                return Ok(bytes.clone());
            }
            let bytes = read(path)?;
            csv.push((path.to_path_buf(), bytes.clone()));
            Ok(bytes)
        });
        self.csv = csv;
        project
    }
}

/// Reads a file as the project reader does, naming it in the error.
fn read_file(path: &Path) -> Result<Vec<u8>, IoError> {
    std::fs::read(path).map_err(|source| IoError::Io {
        file: path.display().to_string(),
        source,
    })
}

/// A geological model's project: the data, the stacks and the grid (`strata.toml` and GemPy's
/// CSV files, docs/project-format.md).
#[pyclass(module = "strata._strata", name = "Project", frozen)]
pub struct PyProject {
    project: Project,
    sources: Sources,
}

impl PyProject {
    fn build(mut sources: Sources) -> PyResult<Self> {
        let project = sources.parse(read_file).map_err(errors::input)?;
        Ok(Self { project, sources })
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
        Self::build(Sources {
            text,
            path,
            csv: Vec::new(),
        })
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
        let csv = [surface_points, orientations]
            .into_iter()
            .filter_map(|a| match a {
                CsvArgument::Contents { name, bytes } => Some((PathBuf::from(name), bytes)),
                CsvArgument::File(_) => None,
            })
            .collect();
        Self::build(Sources {
            text,
            path: PathBuf::from(gempy_csv::FILE),
            csv,
        })
    }

    /// Rebuilds a pickled project from its sources.
    #[staticmethod]
    fn _from_sources(text: String, path: PathBuf, csv: Vec<(PathBuf, Vec<u8>)>) -> PyResult<Self> {
        let mut sources = Sources { text, path, csv };
        let project = sources
            .parse(|path| {
                Err(IoError::Project {
                    file: path.display().to_string(),
                    problem: "not among the pickled project's CSV files".into(),
                })
            })
            .map_err(errors::input)?;
        Ok(Self { project, sources })
    }

    /// Pickles as its sources: the project file's text and the CSV bytes.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let me = slf.get();
        let rebuild = slf.get_type().getattr("_from_sources")?;
        let args = (
            me.sources.text.clone(),
            me.sources.path.clone(),
            me.sources.csv.clone(),
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
        &self.sources.text
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
        let options = self
            .options()
            .with_variance(variance.then(VarianceOptions::default));
        let dtype = self.precision(dtype)?;
        let solved = py
            .detach(|| solution::compute(&self.project, options, dtype))
            .map_err(errors::compute)?;
        solution::to_python(
            py,
            &self.project,
            &solved,
            self.shape(),
            options.memory_budget,
        )
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
