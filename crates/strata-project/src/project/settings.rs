//! The keys that do not depend on the data — name, defaults, extent, grid, interpolation
//! options and transform — validated one by one, each error pointing at its value.

use strata_data::{
    DEFAULT_ESTIMATE_NEIGHBOURS, DEFAULT_NUGGET_ORIENTATIONS, DEFAULT_NUGGET_SURFACE_POINTS, Dtype,
    KernelFunction, Point, SolverChoice, Transform, parse_byte_size,
};
use toml::Spanned;

use super::file::{InterpolationTable, ProjectFile, Source};
use crate::extent_transform;
use crate::gempy_defaults::{self, Defaults};
use strata_io::IoError;

/// The evaluation grid asked for.
pub(super) enum GridChoice {
    /// A regular grid of `[nx, ny, nz]` cells.
    Regular([usize; 3]),
    /// An octree of this many levels from a 2×2×2 root.
    Octree(usize),
}

/// How the world → engine transform is found.
pub(super) enum TransformRule {
    /// Known before the data are read: the extent rule, or both `[transform]` keys.
    Fixed(Transform),
    /// GemPy's rule from the data ([`gempy_defaults::data_transform`]), with the `[transform]`
    /// key that is given.
    FromData {
        center: Option<Point>,
        scale: Option<f64>,
    },
}

/// The validated data-independent settings of a project.
pub(super) struct Settings {
    pub name: String,
    pub defaults: Defaults,
    pub extent: [f64; 6],
    pub grid: GridChoice,
    pub kernel: KernelFunction,
    pub range: Option<f64>,
    pub c_o: Option<f64>,
    pub drift: u8,
    pub nugget_surface_points: f64,
    pub nugget_orientations: f64,
    pub mesh: Option<bool>,
    pub transform: TransformRule,
    pub dtype: Dtype,
    pub solver: SolverChoice,
    pub memory_budget: Option<u64>,
    /// The neighbours of each plane when orientations are estimated from the picks
    /// (`estimate_orientations = true`).
    pub estimate_orientations: Option<usize>,
}

const AXES: [&str; 3] = ["x", "y", "z"];

impl Settings {
    pub fn new(source: &Source<'_>, file: &ProjectFile) -> Result<Self, IoError> {
        let name = file.name.get_ref();
        if name.is_empty()
            || name == "."
            || name == ".."
            || name
                .chars()
                .any(|c| c == '/' || c == '\\' || c.is_control())
        {
            return Err(source.error(
                &file.name,
                "name",
                "must be usable as a file name (not empty, no '/', '\\' or control characters)",
            ));
        }
        let defaults = match &file.defaults {
            Some(d) => Defaults::parse(d.get_ref())
                .ok_or_else(|| source.error(d, "defaults", "must be \"engine\" or \"gempy\""))?,
            None => Defaults::Engine,
        };
        let (nugget_surface_points, nugget_orientations) = match defaults {
            Defaults::Engine => (DEFAULT_NUGGET_SURFACE_POINTS, DEFAULT_NUGGET_ORIENTATIONS),
            Defaults::Gempy => (
                gempy_defaults::NUGGET_SURFACE_POINTS,
                gempy_defaults::NUGGET_ORIENTATIONS,
            ),
        };
        let extent = extent(source, &file.extent)?;
        let i = &file.interpolation;
        let kernel = match &i.kernel {
            Some(k) => KernelFunction::parse(k.get_ref()).map_err(|_| {
                source.error(
                    k,
                    "interpolation.kernel",
                    "unknown kernel (cubic, exponential or matern_5_2)",
                )
            })?,
            None => KernelFunction::Cubic,
        };
        let drift = match &i.drift {
            Some(d) if *d.get_ref() > 2 => {
                return Err(source.error(
                    d,
                    "interpolation.drift",
                    "must be 0 (none), 1 (linear) or 2 (quadratic)",
                ));
            }
            Some(d) => *d.get_ref(),
            None => 1,
        };
        let dtype = match &file.dtype {
            Some(d) => d
                .get_ref()
                .parse()
                .map_err(|_| source.error(d, "dtype", "must be \"f64\" or \"f32\""))?,
            None => Dtype::F64,
        };
        let solver = match &i.solver {
            Some(v) => v.get_ref().parse().map_err(|_| {
                source.error(
                    v,
                    "interpolation.solver",
                    "must be \"auto\", \"dense\", \"iterative\" or \"hierarchical\"",
                )
            })?,
            None => SolverChoice::Auto,
        };
        let memory_budget = match &file.memory_budget {
            Some(v) => Some(
                parse_byte_size(v.get_ref())
                    .map_err(|e| source.error(v, "memory_budget", e.to_string()))?,
            ),
            None => None,
        };
        Ok(Self {
            estimate_orientations: estimate_orientations(source, i)?,
            name: name.clone(),
            defaults,
            dtype,
            solver,
            memory_budget,
            grid: grid(source, file)?,
            kernel,
            range: positive(source, &i.range, "interpolation.range")?,
            c_o: positive(source, &i.c_o, "interpolation.c_o")?,
            drift,
            nugget_surface_points: non_negative(
                source,
                &i.nugget_surface_points,
                "interpolation.nugget_surface_points",
            )?
            .unwrap_or(nugget_surface_points),
            nugget_orientations: non_negative(
                source,
                &i.nugget_orientations,
                "interpolation.nugget_orientations",
            )?
            .unwrap_or(nugget_orientations),
            mesh: i.mesh,
            transform: transform(source, file, &extent, defaults)?,
            extent,
        })
    }
}

/// `estimate_orientations` and `estimate_orientations_neighbours` (≥ 3, only with the first):
/// the neighbours of each plane when the orientations are estimated.
fn estimate_orientations(
    source: &Source<'_>,
    i: &InterpolationTable,
) -> Result<Option<usize>, IoError> {
    let key = "interpolation.estimate_orientations_neighbours";
    match (i.estimate_orientations, &i.estimate_orientations_neighbours) {
        (Some(true), None) => Ok(Some(DEFAULT_ESTIMATE_NEIGHBOURS)),
        (Some(true), Some(n)) => match usize::try_from(*n.get_ref()) {
            Ok(n) if n >= 3 => Ok(Some(n)),
            _ => Err(source.error(n, key, "must be at least 3 (a plane needs 3 picks)")),
        },
        (_, Some(n)) => Err(source.error(
            n,
            key,
            "has no effect without `estimate_orientations = true`",
        )),
        (_, None) => Ok(None),
    }
}

/// Finite values with min < max on every axis.
fn extent(source: &Source<'_>, values: &[Spanned<f64>; 6]) -> Result<[f64; 6], IoError> {
    for v in values {
        if !v.get_ref().is_finite() {
            return Err(source.error(v, "extent", "must be a finite number"));
        }
    }
    for (a, axis) in AXES.iter().enumerate() {
        let (min, max) = (&values[2 * a], &values[2 * a + 1]);
        if min.get_ref() >= max.get_ref() {
            return Err(source.error(
                max,
                "extent",
                format!(
                    "inverted extent: {axis}max must exceed {axis}min = {}",
                    min.get_ref()
                ),
            ));
        }
    }
    Ok(values.each_ref().map(|v| *v.get_ref()))
}

/// Exactly one of `resolution` (every axis ≥ 1) and `octree_levels` (≥ 2).
fn grid(source: &Source<'_>, file: &ProjectFile) -> Result<GridChoice, IoError> {
    match (&file.resolution, &file.octree_levels) {
        (Some(resolution), None) => {
            let mut cells: usize = 1;
            for (r, axis) in resolution.iter().zip(AXES) {
                if *r.get_ref() == 0 {
                    return Err(source.error(
                        r,
                        "resolution",
                        format!("zero resolution along {axis}: at least 1 cell"),
                    ));
                }
                cells = cells
                    .checked_mul(*r.get_ref())
                    .ok_or_else(|| source.error(r, "resolution", "too many cells"))?;
            }
            Ok(GridChoice::Regular(
                resolution.each_ref().map(|r| *r.get_ref()),
            ))
        }
        (None, Some(levels)) if *levels.get_ref() < 2 => Err(source.error(
            levels,
            "octree_levels",
            "at least 2 (the root level and one refinement)",
        )),
        (None, Some(levels)) => Ok(GridChoice::Octree(*levels.get_ref())),
        (Some(_), Some(levels)) => Err(source.error(
            levels,
            "octree_levels",
            "give either `resolution` or `octree_levels`, not both",
        )),
        (None, None) => {
            Err(source.problem("no grid: give `resolution = [nx, ny, nz]` or `octree_levels = N`"))
        }
    }
}

/// The transform: `[transform]`'s centre and scale where given, the rest from the extent rule
/// ([`extent_transform`]) or, with `defaults = "gempy"`, from the data.
fn transform(
    source: &Source<'_>,
    file: &ProjectFile,
    extent: &[f64; 6],
    defaults: Defaults,
) -> Result<TransformRule, IoError> {
    let data_error = |e| IoError::Data {
        file: source.file.to_string(),
        source: e,
    };
    let t = &file.transform;
    let center = match &t.center {
        Some(c) if c.get_ref().iter().any(|v| !v.is_finite()) => {
            return Err(source.error(c, "transform.center", "must be finite"));
        }
        other => other.as_ref().map(|c| *c.get_ref()),
    };
    let scale = positive(source, &t.scale, "transform.scale")?;
    Ok(match (defaults, center, scale) {
        (_, Some(center), Some(scale)) => {
            TransformRule::Fixed(Transform::new(center, scale).map_err(data_error)?)
        }
        (Defaults::Gempy, center, scale) => TransformRule::FromData { center, scale },
        (_, center, scale) => {
            let by_extent = extent_transform(extent).map_err(data_error)?;
            TransformRule::Fixed(
                Transform::new(
                    center.unwrap_or(by_extent.center()),
                    scale.unwrap_or(by_extent.scale()),
                )
                .map_err(data_error)?,
            )
        }
    })
}

/// An optional value that must be finite and > 0.
fn positive(
    source: &Source<'_>,
    value: &Option<Spanned<f64>>,
    key: &str,
) -> Result<Option<f64>, IoError> {
    match value {
        Some(v) if !(v.get_ref().is_finite() && *v.get_ref() > 0.0) => {
            Err(source.error(v, key, "must be finite and > 0"))
        }
        other => Ok(other.as_ref().map(|v| *v.get_ref())),
    }
}

/// An optional value that must be finite and ≥ 0.
fn non_negative(
    source: &Source<'_>,
    value: &Option<Spanned<f64>>,
    key: &str,
) -> Result<Option<f64>, IoError> {
    match value {
        Some(v) if !(v.get_ref().is_finite() && *v.get_ref() >= 0.0) => {
            Err(source.error(v, key, "must be finite and >= 0"))
        }
        other => Ok(other.as_ref().map(|v| *v.get_ref())),
    }
}
