//! The transform between world coordinates and engine coordinates.

use crate::{ContentHash, ContentHasher, DataError, Point};

/// gempy's centre-and-scale transform: `engine = (world − center) / scale`.
/// Gradients are unit vectors and are not scaled.
#[derive(Debug, Clone, PartialEq)]
pub struct Transform {
    center: Point,
    scale: f64,
}

impl Default for Transform {
    fn default() -> Self {
        Self {
            center: [0.0; 3],
            scale: 1.0,
        }
    }
}

impl Transform {
    /// Validates a finite centre and a finite, positive scale.
    pub fn new(center: Point, scale: f64) -> Result<Self, DataError> {
        if !(scale.is_finite() && scale > 0.0) {
            return Err(DataError::Transform {
                reason: format!("scale {scale} must be finite and > 0"),
            });
        }
        if center.iter().any(|c| !c.is_finite()) {
            return Err(DataError::Transform {
                reason: format!("center {center:?} must be finite"),
            });
        }
        Ok(Self { center, scale })
    }

    /// The centre (world units).
    pub fn center(&self) -> Point {
        self.center
    }

    /// The scale (world units per engine unit).
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// `(p − center) / scale`.
    pub fn to_engine(&self, p: Point) -> Point {
        [0, 1, 2].map(|a| (p[a] - self.center[a]) / self.scale)
    }

    /// `p·scale + center`.
    pub fn to_world(&self, p: Point) -> Point {
        [0, 1, 2].map(|a| p[a] * self.scale + self.center[a])
    }
}

impl ContentHash for Transform {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("Transform").points(&[self.center]).f64(self.scale);
    }
}
