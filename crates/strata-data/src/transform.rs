//! The transform between world coordinates and engine coordinates.

use crate::{ContentHash, ContentHasher, DataError, Point};

/// gempy's centre-and-scale transform: `engine_a = (world_a − center_a) / scale_a`.
///
/// The scale is usually one number for all three axes ([`Transform::new`]); GemPy's front end
/// can derive a different scale per axis from the data ([`Transform::with_axis_scales`]).
/// Gradients are unit vectors: an isotropic transform leaves them as they are, a per-axis one
/// turns them like normals ([`Transform::gradient_to_engine`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Transform {
    center: Point,
    scale: Point,
}

impl Default for Transform {
    fn default() -> Self {
        Self {
            center: [0.0; 3],
            scale: [1.0; 3],
        }
    }
}

impl Transform {
    /// Validates a finite centre and a finite, positive scale (the same on every axis).
    pub fn new(center: Point, scale: f64) -> Result<Self, DataError> {
        Self::with_axis_scales(center, [scale; 3])
    }

    /// Validates a finite centre and a finite, positive scale per axis `[sx, sy, sz]`.
    pub fn with_axis_scales(center: Point, scale: Point) -> Result<Self, DataError> {
        if let Some(s) = scale.iter().find(|s| !(s.is_finite() && **s > 0.0)) {
            return Err(DataError::Transform {
                reason: format!("scale {s} must be finite and > 0"),
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

    /// The scale (world units per engine unit) of an isotropic transform; of a per-axis one,
    /// the largest of [`Transform::axis_scales`].
    pub fn scale(&self) -> f64 {
        self.scale.into_iter().fold(0.0, f64::max)
    }

    /// The scale of every axis (world units per engine unit).
    pub fn axis_scales(&self) -> Point {
        self.scale
    }

    /// Whether every axis has the same scale.
    pub fn is_isotropic(&self) -> bool {
        self.scale[0] == self.scale[1] && self.scale[1] == self.scale[2]
    }

    /// `(p − center) / scale`, axis by axis.
    pub fn to_engine(&self, p: Point) -> Point {
        [0, 1, 2].map(|a| (p[a] - self.center[a]) / self.scale[a])
    }

    /// `p·scale + center`, axis by axis.
    pub fn to_world(&self, p: Point) -> Point {
        [0, 1, 2].map(|a| p[a] * self.scale[a] + self.center[a])
    }

    /// A world gradient in engine coordinates, at its own length (GemPy's `transform_gradient`
    /// with `preserve_magnitude`): the inverse transpose of `engine = S⁻¹(world − c)` is `S`,
    ///
    /// ```text
    /// g' = (S g) · |g| / |S g|,   S = diag(scale)
    /// ```
    ///
    /// which leaves `g` unchanged when the transform is isotropic.
    pub fn gradient_to_engine(&self, g: Point) -> Point {
        if self.is_isotropic() {
            return g;
        }
        let turned = [0, 1, 2].map(|a| g[a] * self.scale[a]);
        let ratio = norm(g) / norm(turned);
        turned.map(|c| c * ratio)
    }

    /// An engine gradient in world coordinates, at its own length: the inverse of
    /// [`Transform::gradient_to_engine`],
    ///
    /// ```text
    /// g = (S⁻¹ g') · |g'| / |S⁻¹ g'|
    /// ```
    pub fn gradient_to_world(&self, g: Point) -> Point {
        if self.is_isotropic() {
            return g;
        }
        let turned = [0, 1, 2].map(|a| g[a] / self.scale[a]);
        let ratio = norm(g) / norm(turned);
        turned.map(|c| c * ratio)
    }
}

fn norm(v: Point) -> f64 {
    (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt()
}

impl ContentHash for Transform {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("Transform").points(&[self.center]);
        // An isotropic transform hashes as it always has (one scale).
        if self.is_isotropic() {
            h.f64(self.scale[0]);
        } else {
            h.points(&[self.scale]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_per_axis_transform_maps_each_axis_with_its_scale() {
        let t = Transform::with_axis_scales([10.0, 20.0, 30.0], [2.0, 4.0, 8.0]).unwrap();
        assert_eq!(t.to_engine([12.0, 24.0, 38.0]), [1.0, 1.0, 1.0]);
        assert_eq!(t.to_world([1.0, 1.0, 1.0]), [12.0, 24.0, 38.0]);
        assert_eq!(t.scale(), 8.0);
        assert!(!t.is_isotropic());
        assert!(Transform::new([0.0; 3], 3.0).unwrap().is_isotropic());
    }

    #[test]
    fn gradients_turn_like_normals_and_keep_their_length() {
        // The plane x/2 + y/4 = const has world normal (1/2, 1/4, 0); in engine coordinates
        // (x' = x/2, y' = y/4) it is x' + y' = const, normal (1, 1, 0).
        let t = Transform::with_axis_scales([0.0; 3], [2.0, 4.0, 1.0]).unwrap();
        let g = t.gradient_to_engine([0.5, 0.25, 0.0]);
        let length = (0.25_f64 + 0.0625).sqrt();
        let expected = length / 2f64.sqrt();
        assert!((g[0] - expected).abs() < 1e-15 && (g[1] - expected).abs() < 1e-15);
        assert_eq!(g[2], 0.0);
        let iso = Transform::new([1.0; 3], 5.0).unwrap();
        assert_eq!(iso.gradient_to_engine([0.3, 0.4, 0.5]), [0.3, 0.4, 0.5]);
        assert_eq!(iso.gradient_to_world([0.3, 0.4, 0.5]), [0.3, 0.4, 0.5]);
    }

    #[test]
    fn gradients_turn_back_to_world() {
        let t = Transform::with_axis_scales([0.0; 3], [2.0, 4.0, 1.0]).unwrap();
        let g = [0.5, 0.25, -0.7];
        let back = t.gradient_to_world(t.gradient_to_engine(g));
        for a in 0..3 {
            assert!((back[a] - g[a]).abs() < 1e-15, "{back:?} != {g:?}");
        }
    }

    #[test]
    fn every_axis_scale_is_validated() {
        assert!(Transform::with_axis_scales([0.0; 3], [1.0, 0.0, 1.0]).is_err());
        assert!(Transform::with_axis_scales([0.0; 3], [1.0, 1.0, f64::NAN]).is_err());
        assert!(Transform::with_axis_scales([f64::INFINITY, 0.0, 0.0], [1.0; 3]).is_err());
    }
}
