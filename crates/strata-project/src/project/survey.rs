//! `[geophysics]`: the devices of a survey (an `X,Y,Z` file, or a regular survey over an area),
//! the voxel kernel under each device, the densities and susceptibilities of the units by name
//! and the inducing field, checked key by key and turned into the engine's
//! [`CenteredGridSpec`] (world coordinates and lengths) and [`GeophysicsSpec`] (a property per
//! lithology id).
//!
//! A regular survey of `extent = [xmin, xmax, ymin, ymax]`, `spacing = s` and `height = h` has
//! `n_x = (xmax − xmin)/s` by `n_y = (ymax − ymin)/s` devices at the centres of its cells,
//!
//! ```text
//! device (i, j) = (xmin + (i + ½)·s, ymin + (j + ½)·s, h)      at index i·n_y + j
//! ```

use std::path::Path;

use strata_data::{CenteredGridSpec, GeophysicsSpec, MagneticsSpec, Point};
use strata_geophysics::{CenteredKernel, Igrf, KernelError, MAX_POINTS, MagneticsError};
use toml::Spanned;

use super::file::{GeophysicsTable, IgrfTable, Source, SurveyTable, UnitValues};
use super::units::Unit;
use strata_io::{IoError, read_xyz};

/// A survey as the outputs need it: the devices in world coordinates and, for a regular
/// survey, its lattice.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    /// The devices, world coordinates, in the engine's order.
    pub devices: Vec<Point>,
    /// The lattice of a regular survey (`None` for a devices file).
    pub lattice: Option<SurveyLattice>,
    /// Line and column of `[geophysics]` in the project file, for errors found when the
    /// survey is computed.
    pub place: (usize, usize),
}

/// The devices of a regular survey: cell centres of an `n_x × n_y` lattice over `area`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurveyLattice {
    /// `[xmin, xmax, ymin, ymax]`, world units.
    pub area: [f64; 4],
    /// Devices along x and along y.
    pub counts: [usize; 2],
    /// The devices' elevation, world z.
    pub height: f64,
}

/// Where the devices come from.
enum Devices {
    /// An `X,Y,Z` file, relative to the project file.
    File(String),
    /// A regular survey.
    Lattice(SurveyLattice),
}

/// The keys of `[geophysics]` checked before any file is read.
pub(super) struct SurveyKeys {
    devices: Devices,
    resolution: [usize; 3],
    radius: [f64; 3],
    /// Voxels per device.
    voxels: usize,
    igrf: Option<Igrf>,
    place: (usize, usize),
}

impl SurveyKeys {
    /// Checks every key that does not depend on the data.
    pub fn new(source: &Source<'_>, table: &Spanned<GeophysicsTable>) -> Result<Self, IoError> {
        let g = table.get_ref();
        let devices = match (&g.devices, &g.survey) {
            (Some(file), None) => Devices::File(file.get_ref().clone()),
            (None, Some(survey)) => Devices::Lattice(lattice(source, survey)?),
            _ => {
                return Err(source.error(
                    table,
                    "geophysics",
                    "give the devices as `devices = \"file.csv\"` or as \
                     `survey = { extent, spacing, height }`, one of the two",
                ));
            }
        };
        let resolution = g.resolution.each_ref().map(|r| *r.get_ref());
        let radius = g.radius.each_ref().map(|r| *r.get_ref());
        let kernel = CenteredKernel::new(radius, resolution).map_err(|e| match e {
            KernelError::Resolution { axis, .. } => source.error(
                &g.resolution[axis.index()],
                "geophysics.resolution",
                e.to_string(),
            ),
            KernelError::Radius { axis, .. } => {
                source.error(&g.radius[axis.index()], "geophysics.radius", e.to_string())
            }
            _ => source.error(&g.resolution[0], "geophysics.resolution", e.to_string()),
        })?;
        if let Devices::Lattice(l) = &devices {
            check_points(source, g, l.counts[0] * l.counts[1], kernel.n_voxels())?;
        }
        if g.densities.is_none() && g.susceptibilities.is_none() {
            return Err(source.error(
                table,
                "geophysics",
                "give `densities` (gravity), `susceptibilities` and `igrf` (magnetics), or both",
            ));
        }
        let igrf = match (&g.susceptibilities, &g.igrf) {
            (Some(_), Some(igrf)) => Some(field(source, igrf.get_ref())?),
            (None, None) => None,
            (Some(s), None) => {
                return Err(source.error(
                    s,
                    "geophysics.susceptibilities",
                    "magnetics need the inducing field: `igrf = { inclination, declination, \
                     intensity }`",
                ));
            }
            (None, Some(igrf)) => {
                return Err(source.error(
                    igrf,
                    "geophysics.igrf",
                    "an inducing field without `susceptibilities`",
                ));
            }
        };
        Ok(Self {
            devices,
            resolution,
            radius,
            voxels: kernel.n_voxels(),
            igrf,
            place: source.place(table),
        })
    }

    /// Reads the devices (a file relative to `dir`) and gives every unit its properties:
    /// the survey, the engine's centred grid and its properties by lithology id.
    pub fn read(
        &self,
        source: &Source<'_>,
        table: &GeophysicsTable,
        dir: &Path,
        units: &[Unit],
    ) -> Result<(Survey, CenteredGridSpec, GeophysicsSpec), IoError> {
        let (devices, lattice) = match &self.devices {
            Devices::File(file) => {
                let rows = read_xyz(&dir.join(file))?;
                check_points(source, table, rows.len(), self.voxels)?;
                (rows.iter().map(|r| r.xyz).collect(), None)
            }
            Devices::Lattice(l) => (lattice_devices(l), Some(*l)),
        };
        let n_ids = units.iter().map(|u| u.id).max().unwrap_or(0) as usize;
        let properties = |values: &Option<Spanned<UnitValues>>, key: &str, what: &str| {
            values
                .as_ref()
                .map(|v| by_id(source, v, key, what, units, n_ids))
                .transpose()
        };
        let densities = properties(&table.densities, "geophysics.densities", "density")?;
        let susceptibilities = properties(
            &table.susceptibilities,
            "geophysics.susceptibilities",
            "susceptibility",
        )?;
        let magnetics = susceptibilities
            .zip(self.igrf)
            .map(|(s, igrf)| MagneticsSpec {
                susceptibilities: s,
                inclination: igrf.inclination(),
                declination: igrf.declination(),
                intensity: igrf.intensity(),
            });
        let spec = CenteredGridSpec {
            centers: devices.clone(),
            resolution: self.resolution,
            radius: self.radius,
        };
        let survey = Survey {
            devices,
            lattice,
            place: self.place,
        };
        Ok((
            survey,
            spec,
            GeophysicsSpec {
                densities,
                magnetics,
            },
        ))
    }
}

/// At most [`MAX_POINTS`] voxels under all the devices together.
fn check_points(
    source: &Source<'_>,
    g: &GeophysicsTable,
    devices: usize,
    voxels: usize,
) -> Result<(), IoError> {
    if devices.checked_mul(voxels).is_none_or(|n| n > MAX_POINTS) {
        return Err(source.error(
            &g.resolution[0],
            "geophysics.resolution",
            format!("{devices} devices of {voxels} voxels are more than {MAX_POINTS} points"),
        ));
    }
    Ok(())
}

/// A regular survey's lattice: finite numbers, `min < max`, a spacing > 0 that divides both
/// sides into whole numbers of cells (to 1e-9 of a cell).
fn lattice(source: &Source<'_>, survey: &Spanned<SurveyTable>) -> Result<SurveyLattice, IoError> {
    let s = survey.get_ref();
    for v in s.extent.iter().chain([&s.spacing, &s.height]) {
        if !v.get_ref().is_finite() {
            return Err(source.error(v, "geophysics.survey", "must be a finite number"));
        }
    }
    let spacing = *s.spacing.get_ref();
    if spacing <= 0.0 {
        return Err(source.error(&s.spacing, "geophysics.survey.spacing", "must be > 0"));
    }
    let mut counts = [0; 2];
    for (a, axis) in ["x", "y"].into_iter().enumerate() {
        let (min, max) = (*s.extent[2 * a].get_ref(), *s.extent[2 * a + 1].get_ref());
        if min >= max {
            return Err(source.error(
                &s.extent[2 * a + 1],
                "geophysics.survey.extent",
                format!("inverted extent: {axis}max must exceed {axis}min = {min}"),
            ));
        }
        let cells = (max - min) / spacing;
        if (cells - cells.round()).abs() > 1e-9 * cells.max(1.0) || cells.round() < 1.0 {
            return Err(source.error(
                &s.spacing,
                "geophysics.survey.spacing",
                format!(
                    "the survey's {axis} side {} is not a whole number of spacings ({cells} of them)",
                    max - min
                ),
            ));
        }
        counts[a] = cells.round() as usize;
    }
    if counts[0]
        .checked_mul(counts[1])
        .is_none_or(|n| n > MAX_POINTS)
    {
        return Err(source.error(
            &s.spacing,
            "geophysics.survey.spacing",
            format!("{counts:?} devices are too many"),
        ));
    }
    Ok(SurveyLattice {
        area: s.extent.each_ref().map(|v| *v.get_ref()),
        counts,
        height: *s.height.get_ref(),
    })
}

/// The devices of a lattice, x slowest (module guide).
fn lattice_devices(l: &SurveyLattice) -> Vec<Point> {
    let spacing = |a: usize| (l.area[2 * a + 1] - l.area[2 * a]) / l.counts[a] as f64;
    let centre = |a: usize, i: usize| l.area[2 * a] + (i as f64 + 0.5) * spacing(a);
    (0..l.counts[0])
        .flat_map(|i| (0..l.counts[1]).map(move |j| [centre(0, i), centre(1, j), l.height]))
        .collect()
}

/// The inducing field, each value checked where it is written.
fn field(source: &Source<'_>, igrf: &IgrfTable) -> Result<Igrf, IoError> {
    Igrf::new(
        *igrf.inclination.get_ref(),
        *igrf.declination.get_ref(),
        *igrf.intensity.get_ref(),
    )
    .map_err(|e| {
        let (at, key) = match e {
            MagneticsError::Inclination { .. } => (&igrf.inclination, "inclination"),
            MagneticsError::Declination { .. } => (&igrf.declination, "declination"),
            _ => (&igrf.intensity, "intensity"),
        };
        source.error(at, &format!("geophysics.igrf.{key}"), e.to_string())
    })
}

/// A property per lithology id `1..=n_ids` (index `id − 1`) from a value per unit name: every
/// unit named once, with a finite value; fault surfaces bound no unit, and their ids (which no
/// cell takes) get 0.
fn by_id(
    source: &Source<'_>,
    values: &Spanned<UnitValues>,
    key: &str,
    what: &str,
    units: &[Unit],
    n_ids: usize,
) -> Result<Vec<f64>, IoError> {
    let mut by_id: Vec<Option<f64>> = vec![None; n_ids];
    for (name, value) in &values.get_ref().0 {
        let unit = units
            .iter()
            .find(|u| u.name == *name.get_ref())
            .ok_or_else(|| {
                let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
                source.error(
                    name,
                    key,
                    format!("no unit of this name (the units: {})", names.join(", ")),
                )
            })?;
        if !value.get_ref().is_finite() {
            return Err(source.error(value, key, "must be a finite number"));
        }
        let slot = &mut by_id[unit.id as usize - 1];
        if slot.is_some() {
            return Err(source.error(name, key, "the unit is given twice"));
        }
        *slot = Some(*value.get_ref());
    }
    if let Some(missing) = units.iter().find(|u| by_id[u.id as usize - 1].is_none()) {
        return Err(source.error(
            values,
            key,
            format!("no {what} for unit '{}'", missing.name),
        ));
    }
    Ok(by_id.into_iter().map(|v| v.unwrap_or(0.0)).collect())
}
