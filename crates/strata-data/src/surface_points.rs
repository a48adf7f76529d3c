//! Surface points: where a boundary between two units was observed.

use crate::error::check_finite;
use crate::{ContentHash, ContentHasher, DataError, Point};

/// All surface points of a model, ordered stack by stack, surface by surface.
///
/// `nugget[i]` is added (inside the `c_o` factor) to the diagonal of the interface row of point
/// `i` when `i` is a rest point (the reference point's nugget is not used, as in gempy_engine).
#[derive(Debug, Clone, PartialEq)]
pub struct SurfacePoints {
    xyz: Vec<Point>,
    nugget: Vec<f64>,
}

impl SurfacePoints {
    /// Validates finite coordinates, one non-negative finite nugget per point.
    pub fn new(xyz: Vec<Point>, nugget: Vec<f64>) -> Result<Self, DataError> {
        if nugget.len() != xyz.len() {
            return Err(DataError::LengthMismatch {
                what: "surface point nuggets".into(),
                expected: xyz.len(),
                found: nugget.len(),
            });
        }
        for (i, p) in xyz.iter().enumerate() {
            check_finite("surface point", i, ["x", "y", "z"], p)?;
        }
        for (i, &n) in nugget.iter().enumerate() {
            check_nugget("surface point", i, n)?;
        }
        Ok(Self { xyz, nugget })
    }

    /// Coordinates, `[n][3]`.
    pub fn xyz(&self) -> &[Point] {
        &self.xyz
    }

    /// Nugget per point.
    pub fn nugget(&self) -> &[f64] {
        &self.nugget
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.xyz.len()
    }

    /// True when there is no point.
    pub fn is_empty(&self) -> bool {
        self.xyz.is_empty()
    }
}

/// Checks that a nugget is finite and non-negative.
pub(crate) fn check_nugget(what: &'static str, index: usize, value: f64) -> Result<(), DataError> {
    if !value.is_finite() {
        return Err(DataError::NonFinite {
            what,
            index,
            field: "nugget",
            value,
        });
    }
    if value < 0.0 {
        return Err(DataError::NegativeNugget { what, index, value });
    }
    Ok(())
}

impl ContentHash for SurfacePoints {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("SurfacePoints").points(&self.xyz).f64s(&self.nugget);
    }
}
