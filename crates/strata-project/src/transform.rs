//! The world → engine transform of a project.
//!
//! The kernel's range and the drift are tuned for coordinates of order one, so the engine works
//! in scaled coordinates `engine = (world − c) / scale` (a [`Transform`]; gradients are unit
//! vectors and are not scaled).
//!
//! Strata's default is the rule of the gempy_engine reference cases: `c` is the centre of the
//! model extent and `scale` its longest side, so the extent spans `[−0.5, 0.5]` along its
//! longest axis. For model1 and model6 (extent `[0, 1000]³`) that is `c = (500, 500, 500)`,
//! `scale = 1000`, exactly the transform of cases p02, p03, p06 and p07.
//!
//! GemPy's own front end (docs/math.md §1.6) derives the transform from the data instead:
//! `c` is the centre of the bounding box of all surface points and orientations and, through
//! `adjust_ratio`, usually `scale = 2 ×` its longest side, so the data span `[−0.25, 0.25]`.
//! For model1 (data in x ∈ [100, 900]) that gives `scale = 1600`, which does not reproduce p02,
//! and `adjust_ratio` can give different scales per axis (`s = [3, 1, 2] → [2, 1, 1]`), which an
//! isotropic transform cannot represent. The extent rule has neither problem and does not move
//! when a data point is added. Cases p04 (identity) and p05 (`c = (500, 500, −550)`,
//! `scale = 240`) use transforms set by hand in gempy_engine's fixtures, which no rule derives;
//! a project gives such a transform explicitly (`[transform]` in `strata.toml`).

use strata_data::{DataError, Transform};

/// The transform of the reference cases for a model extent
/// `[xmin, xmax, ymin, ymax, zmin, zmax]` (world units, validated: finite, min < max):
///
/// ```text
/// c_a   = (min_a + max_a) / 2
/// scale = max_a (max_a − min_a)
/// ```
pub fn extent_transform(extent: &[f64; 6]) -> Result<Transform, DataError> {
    let center = [0, 1, 2].map(|a| (extent[2 * a] + extent[2 * a + 1]) / 2.0);
    let scale = (0..3)
        .map(|a| extent[2 * a + 1] - extent[2 * a])
        .fold(0.0, f64::max);
    Transform::new(center, scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extent_spans_a_unit_along_its_longest_axis() {
        let t = extent_transform(&[0.0, 1000.0, 0.0, 500.0, -1000.0, 1000.0]).unwrap();
        assert_eq!(t.center(), [500.0, 250.0, 0.0]);
        assert_eq!(t.scale(), 2000.0);
        assert_eq!(t.to_engine([1000.0, 500.0, 1000.0]), [0.25, 0.125, 0.5]);
    }

    #[test]
    fn an_extent_too_large_for_f64_is_an_error() {
        assert!(extent_transform(&[-f64::MAX, f64::MAX, 0.0, 1.0, 0.0, 1.0]).is_err());
    }
}
