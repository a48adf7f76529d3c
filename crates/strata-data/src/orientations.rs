//! Orientations: measured gradients of the scalar field (poles of the layering).

use crate::error::check_finite;
use crate::surface_points::check_nugget;
use crate::{ContentHash, ContentHasher, DataError, Point};

/// All orientations of a model, ordered stack by stack.
///
/// The gradient points towards increasing scalar field, i.e. towards younger units for normal
/// polarity. It is used as given (gempy normalises it before the engine sees it).
#[derive(Debug, Clone, PartialEq)]
pub struct Orientations {
    xyz: Vec<Point>,
    gradient: Vec<Point>,
    nugget: Vec<f64>,
}

impl Orientations {
    /// Validates finite positions and gradients, non-zero gradients and one nugget each.
    pub fn new(xyz: Vec<Point>, gradient: Vec<Point>, nugget: Vec<f64>) -> Result<Self, DataError> {
        for (what, len) in [
            ("orientation gradients", gradient.len()),
            ("orientation nuggets", nugget.len()),
        ] {
            if len != xyz.len() {
                return Err(DataError::LengthMismatch {
                    what: what.into(),
                    expected: xyz.len(),
                    found: len,
                });
            }
        }
        for (i, (p, g)) in xyz.iter().zip(&gradient).enumerate() {
            check_finite("orientation", i, ["x", "y", "z"], p)?;
            check_finite(
                "orientation",
                i,
                ["gradient x", "gradient y", "gradient z"],
                g,
            )?;
            if g.iter().all(|&c| c == 0.0) {
                return Err(DataError::ZeroGradient { index: i });
            }
        }
        for (i, &n) in nugget.iter().enumerate() {
            check_nugget("orientation", i, n)?;
        }
        Ok(Self {
            xyz,
            gradient,
            nugget,
        })
    }

    /// Positions, `[n][3]`.
    pub fn xyz(&self) -> &[Point] {
        &self.xyz
    }

    /// Gradient vectors, `[n][3]`.
    pub fn gradient(&self) -> &[Point] {
        &self.gradient
    }

    /// Nugget per orientation.
    pub fn nugget(&self) -> &[f64] {
        &self.nugget
    }

    /// Number of orientations.
    pub fn len(&self) -> usize {
        self.xyz.len()
    }

    /// True when there is no orientation.
    pub fn is_empty(&self) -> bool {
        self.xyz.is_empty()
    }
}

impl ContentHash for Orientations {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("Orientations")
            .points(&self.xyz)
            .points(&self.gradient)
            .f64s(&self.nugget);
    }
}
