//! `strata import gempy`: a GemPy v2 saved model (the folder `gp.save_model` wrote) turned into
//! a Strata project.
//!
//! ```text
//! <dir>/<name>_surface_points.csv, _orientations.csv      → surface_points.csv, orientations.csv
//! <dir>/<name>_series.csv, _surfaces.csv, _faults*.csv    → [[stack]] tables (relations, offsets)
//! <dir>/<name>_extent.npy, _resolution.npy (or options)   → extent, resolution
//! <dir>/<name>_kriging_data.csv, _rescaling_data.csv      → [interpolation], [transform] (saved)
//! ```
//!
//! With [`ImportDefaults::Gempy`] (the default) the project says `defaults = "gempy"` and
//! computes as GemPy 2026's front end computes the same files (`create_geomodel`,
//! `map_stack_to_surfaces`, `set_is_fault`); v2's `smooth` nuggets are dropped, as GemPy 2026
//! drops them. With [`ImportDefaults::Saved`] it also sets what GemPy v2 computed the model
//! with: the range and `C_o` divided by the rescaling factor (as v2 does), the drift degree,
//! the nuggets (`smooth` per row) and the rescaling as `[transform]`; GemPy's rules still cover
//! the rest (gradients as written, a numerically singular system solved as numpy solves it).
//!
//! The saved files are read and checked whole (every error names its file, line, column and
//! value) before anything is written; each output file is written atomically, `strata.toml`
//! last.

mod numpy_values;
mod project_writer;
mod saved_model;
mod stacks;

use std::path::{Path, PathBuf};

use strata_data::{DEFAULT_NUGGET_ORIENTATIONS, DEFAULT_NUGGET_SURFACE_POINTS};

use crate::atomic_write::write_atomically;
use crate::{IoError, read_orientations, read_surface_points};
use project_writer::{DataFile, ProjectSpec, SavedValues, copy_data_file, project_toml};
use saved_model::SavedModel;
use stacks::ImportedStack;

/// Which values the imported project computes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ImportDefaults {
    /// `defaults = "gempy"`: as GemPy 2026's front end computes the same files.
    #[default]
    Gempy,
    /// The saved kriging values and rescaling over GemPy's rules: as GemPy v2 computed the
    /// model.
    Saved,
}

/// Options of [`import_gempy`]: the extent and resolution override the saved ones.
///
/// ```
/// use strata_io::gempy_import::{ImportDefaults, ImportOptions};
/// let options = ImportOptions::default()
///     .with_resolution([40, 40, 20])
///     .with_defaults(ImportDefaults::Saved);
/// assert_eq!(options.extent, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ImportOptions {
    /// `[xmin, xmax, ymin, ymax, zmin, zmax]`, world units; default: `<name>_extent.npy`.
    pub extent: Option<[f64; 6]>,
    /// `[nx, ny, nz]`; default: `<name>_resolution.npy`.
    pub resolution: Option<[usize; 3]>,
    /// The values the project computes with.
    pub defaults: ImportDefaults,
}

impl ImportOptions {
    /// These options with the model extent `extent`.
    pub fn with_extent(self, extent: [f64; 6]) -> Self {
        Self {
            extent: Some(extent),
            ..self
        }
    }

    /// These options with the grid resolution `resolution`.
    pub fn with_resolution(self, resolution: [usize; 3]) -> Self {
        Self {
            resolution: Some(resolution),
            ..self
        }
    }

    /// These options with the values `defaults`.
    pub fn with_defaults(self, defaults: ImportDefaults) -> Self {
        Self { defaults, ..self }
    }
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The model's name (the prefix of the saved files).
    pub name: String,
    /// The project file written.
    pub project: PathBuf,
    /// The stacks, youngest first, with their surfaces.
    pub stacks: Vec<(String, Vec<String>)>,
}

/// Imports the GemPy v2 saved model in `dir` into the project folder `out` (created if needed):
/// `out/strata.toml`, `out/surface_points.csv`, `out/orientations.csv`.
pub fn import_gempy(dir: &Path, out: &Path, options: &ImportOptions) -> Result<Imported, IoError> {
    let model = SavedModel::read(dir)?;
    let points_file = model.path("surface_points.csv");
    let orientations_file = model.path("orientations.csv");
    let points = read_surface_points(&points_file)?;
    let orientations = read_orientations(&orientations_file)?;
    let stacks = stacks::stacks(&model, &points, &orientations)?;
    let extent = options
        .extent
        .or(model.extent)
        .ok_or_else(|| missing(&model, "extent"))?;
    let resolution = options
        .resolution
        .or(model.resolution)
        .ok_or_else(|| missing(&model, "resolution"))?;
    let saved = match options.defaults {
        ImportDefaults::Gempy => None,
        ImportDefaults::Saved => Some(saved_values(&model, &stacks)?),
    };
    let spec = ProjectSpec {
        name: &model.name,
        source: dir,
        extent,
        resolution,
        stacks: &stacks,
        saved: saved.as_ref(),
    };
    let files = [
        (
            "surface_points.csv",
            copy_data_file(&points_file, DataFile::SurfacePoints, saved.is_some())?,
        ),
        (
            "orientations.csv",
            copy_data_file(&orientations_file, DataFile::Orientations, saved.is_some())?,
        ),
        ("strata.toml", project_toml(&spec).into_bytes()),
    ];
    std::fs::create_dir_all(out).map_err(|source| IoError::Io {
        file: out.display().to_string(),
        source,
    })?;
    for (name, bytes) in &files {
        write_atomically(&out.join(name), |w| w.write_all(bytes))?;
    }
    Ok(Imported {
        name: model.name,
        project: out.join("strata.toml"),
        stacks: stacks
            .into_iter()
            .map(|s| (s.series.name, s.surfaces))
            .collect(),
    })
}

/// The error for an extent or resolution neither saved nor given.
fn missing(model: &SavedModel, what: &str) -> IoError {
    IoError::SavedModel {
        file: model.path(&format!("{what}.npy")).display().to_string(),
        problem: format!("missing: give the {what} (--{what})"),
    }
}

/// The saved kriging values and rescaling. GemPy v2 keeps a drift per series (its number of
/// drift equations: 0, 3 or 9 for degree 0, 1 or 2); Strata has one for all stacks.
fn saved_values(model: &SavedModel, stacks: &[ImportedStack]) -> Result<SavedValues, IoError> {
    let kriging = model.kriging()?;
    let rescaling = model.rescaling()?;
    let file = model.path("kriging_data.csv").display().to_string();
    let mut degrees = stacks.iter().map(|s| {
        let equations = kriging.drift_equations.get(s.series.index).copied();
        match equations {
            Some(0.0) => Ok(0),
            Some(3.0) => Ok(1),
            Some(9.0) => Ok(2),
            _ => Err(IoError::SavedModel {
                file: file.clone(),
                problem: format!(
                    "drift equations {:?}: entry {} (series '{}') is not 0, 3 or 9",
                    kriging.drift_equations, s.series.index, s.series.name
                ),
            }),
        }
    });
    let drift = degrees.next().transpose()?.unwrap_or(1);
    for degree in degrees {
        if degree? != drift {
            return Err(IoError::SavedModel {
                file,
                problem: format!(
                    "drift equations {:?}: the series differ, and Strata has one drift degree \
                     for all stacks (import with --defaults gempy)",
                    kriging.drift_equations
                ),
            });
        }
    }
    for (what, file, value) in [
        ("range", &file, kriging.range),
        ("$C_o$", &file, kriging.c_o),
        (
            "rescaling factor",
            &model.path("rescaling_data.csv").display().to_string(),
            rescaling.factor,
        ),
    ] {
        if value <= 0.0 {
            return Err(IoError::SavedModel {
                file: file.clone(),
                problem: format!("{what} = {value}: must be > 0"),
            });
        }
    }
    Ok(SavedValues {
        range_world: kriging.range,
        c_o_world: kriging.c_o,
        factor: rescaling.factor,
        centers: rescaling.centers,
        drift,
        nugget_surface_points: kriging
            .nugget_scalar
            .unwrap_or(DEFAULT_NUGGET_SURFACE_POINTS),
        nugget_orientations: kriging.nugget_grad.unwrap_or(DEFAULT_NUGGET_ORIENTATIONS),
    })
}
