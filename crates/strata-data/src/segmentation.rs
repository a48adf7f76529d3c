//! Finite-fault segmentation parameters.

use crate::error::check_finite;
use crate::{ContentHash, ContentHasher, DataError, Point};

/// gempy's `ellipsoid_3d` finite-fault segmentation (engine coordinates): the fault's offset is
/// scaled by a factor that is `max_slope` inside the ellipsoid of `center` and `radius` and dies
/// out away from it (the formula lives in `strata-faults`).
#[derive(Debug, Clone, PartialEq)]
pub struct Ellipsoid {
    /// Centre of the ellipsoid.
    pub center: Point,
    /// Semi-axes along x, y, z (> 0).
    pub radius: Point,
    /// Factor reached inside the ellipsoid.
    pub max_slope: f64,
    /// gempy's lower slope parameter (kept for compatibility of the input).
    pub min_slope: f64,
}

impl Ellipsoid {
    /// Validates finite parameters and positive radii.
    pub fn new(
        center: Point,
        radius: Point,
        max_slope: f64,
        min_slope: f64,
    ) -> Result<Self, DataError> {
        check_finite(
            "ellipsoid",
            0,
            ["center x", "center y", "center z"],
            &center,
        )?;
        check_finite(
            "ellipsoid",
            0,
            ["radius x", "radius y", "radius z"],
            &radius,
        )?;
        check_finite(
            "ellipsoid",
            0,
            ["max_slope", "min_slope", "min_slope"],
            &[max_slope, min_slope, min_slope],
        )?;
        for &r in &radius {
            if r <= 0.0 {
                return Err(DataError::Unsupported(format!(
                    "finite-fault ellipsoid radius {r} must be positive"
                )));
            }
        }
        Ok(Self {
            center,
            radius,
            max_slope,
            min_slope,
        })
    }
}

impl ContentHash for Ellipsoid {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("Ellipsoid")
            .points(&[self.center, self.radius])
            .f64(self.max_slope)
            .f64(self.min_slope);
    }
}
