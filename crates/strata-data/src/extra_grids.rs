//! Points evaluated with the model besides its regular grid, and the survey of a forward
//! gravity or magnetic computation (the reference README, "Extra grids" and "Centered grid,
//! gravity and magnetics").
//!
//! At level 0 every grid is evaluated in one pass, in the order
//! `[regular | custom | topography | centered (device-major) | corners]`, so that a fault's
//! drift column (shifted by its minimum over all points evaluated) sees the same points as in
//! gempy_engine.

use crate::error::check_finite;
use crate::{ContentHash, ContentHasher, DataError, Point};

/// The centred grid of a survey: the same voxel kernel under every device, in world
/// coordinates and lengths (the engine derives its engine-coordinate points).
#[derive(Debug, Clone, PartialEq)]
pub struct CenteredGridSpec {
    /// Device positions, world coordinates.
    pub centers: Vec<Point>,
    /// Voxels per axis of the kernel: `⌊r_x/2⌋` on each side in x and y, `r_z` below (≥ 1).
    pub resolution: [usize; 3],
    /// Extent of the kernel: half-widths in x and y, depth in z (> 0, world lengths).
    pub radius: [f64; 3],
}

/// Induced magnetics: susceptibilities by lithology id and the inducing (IGRF) field.
#[derive(Debug, Clone, PartialEq)]
pub struct MagneticsSpec {
    /// SI susceptibility of lithology id `i + 1` at index `i`.
    pub susceptibilities: Vec<f64>,
    /// Inclination of the field, degrees.
    pub inclination: f64,
    /// Declination of the field, degrees.
    pub declination: f64,
    /// Intensity of the field, nT.
    pub intensity: f64,
}

/// The physical properties of a forward computation on the centred grid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GeophysicsSpec {
    /// Density (g/cm³) of lithology id `i + 1` at index `i`: gravity is computed when given.
    pub densities: Option<Vec<f64>>,
    /// Induced total magnetic intensity, when given.
    pub magnetics: Option<MagneticsSpec>,
}

/// The grids evaluated at level 0 besides the regular grid, and the survey.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtraGrids {
    /// Arbitrary points (GemPy's custom grid), engine coordinates.
    pub custom: Vec<Point>,
    /// Points of a DEM, engine coordinates: their ids are the geological map.
    pub topography: Vec<Point>,
    /// The centred grid of a survey.
    pub centered: Option<CenteredGridSpec>,
    /// The physical properties of the survey (needs `centered`).
    pub geophysics: Option<GeophysicsSpec>,
}

impl ExtraGrids {
    /// True when there is no extra point and no survey.
    pub fn is_empty(&self) -> bool {
        self.custom.is_empty() && self.topography.is_empty() && self.centered.is_none()
    }

    /// Checks finite coordinates, a centred grid with positive finite radii and resolutions
    /// of at least 1 with at least one device, finite properties and field, and a centred
    /// grid for any geophysics.
    pub fn validate(&self) -> Result<(), DataError> {
        for (what, points) in [
            ("custom point", &self.custom),
            ("topography point", &self.topography),
        ] {
            for (i, p) in points.iter().enumerate() {
                check_finite(what, i, ["x", "y", "z"], p)?;
            }
        }
        if let Some(grid) = &self.centered {
            grid.validate()?;
        }
        if let Some(geophysics) = &self.geophysics {
            if self.centered.is_none() {
                return Err(invalid("geophysics", "present", "needs grid.centered_grid"));
            }
            geophysics.validate()?;
        }
        Ok(())
    }
}

impl CenteredGridSpec {
    fn validate(&self) -> Result<(), DataError> {
        if self.centers.is_empty() {
            return Err(invalid(
                "centered_grid.centers",
                "[]",
                "needs at least one device",
            ));
        }
        for (i, p) in self.centers.iter().enumerate() {
            check_finite("device", i, ["x", "y", "z"], p)?;
        }
        if let Some(r) = self.resolution.iter().find(|&&r| r == 0) {
            return Err(invalid("centered_grid.resolution", r, "must be at least 1"));
        }
        if let Some(r) = self.radius.iter().find(|r| !(r.is_finite() && **r > 0.0)) {
            return Err(invalid("centered_grid.radius", r, "must be finite and > 0"));
        }
        Ok(())
    }
}

impl GeophysicsSpec {
    fn validate(&self) -> Result<(), DataError> {
        let densities = self.densities.iter().map(|d| ("densities", d));
        let susceptibilities = self
            .magnetics
            .iter()
            .map(|m| ("susceptibilities", &m.susceptibilities));
        for (what, values) in densities.chain(susceptibilities) {
            if values.is_empty() {
                return Err(invalid(what, "[]", "needs one value per lithology id"));
            }
            if let Some(v) = values.iter().find(|v| !v.is_finite()) {
                return Err(invalid(what, v, "must be finite"));
            }
        }
        if let Some(m) = &self.magnetics {
            for (what, v) in [
                ("igrf.inclination", m.inclination),
                ("igrf.declination", m.declination),
                ("igrf.intensity", m.intensity),
            ] {
                if !v.is_finite() {
                    return Err(invalid(what, v, "must be finite"));
                }
            }
        }
        Ok(())
    }
}

/// A survey option outside its domain.
fn invalid(option: &'static str, value: impl ToString, reason: &'static str) -> DataError {
    DataError::Survey {
        option,
        value: value.to_string(),
        reason,
    }
}

impl ContentHash for ExtraGrids {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("ExtraGrids")
            .points(&self.custom)
            .points(&self.topography);
        match &self.centered {
            Some(g) => {
                h.bool(true).points(&g.centers).f64s(&g.radius);
                for r in g.resolution {
                    h.usize(r);
                }
            }
            None => {
                h.bool(false);
            }
        }
        let geophysics = self.geophysics.clone().unwrap_or_default();
        h.f64s(geophysics.densities.as_deref().unwrap_or_default());
        if let Some(m) = &geophysics.magnetics {
            h.f64s(&m.susceptibilities)
                .f64(m.inclination)
                .f64(m.declination)
                .f64(m.intensity);
        }
    }
}
