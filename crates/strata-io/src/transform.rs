//! GemPy's world → engine transform (ENGINE_MATH.md §1.6).

use strata_data::{Point, Transform};

/// The transform GemPy derives from the data: centre `c = (max + min)/2` of the union of surface
/// points and orientations, per-axis scale `s_a = 1/(2·(max_a − min_a))` (a zero range counts as
/// `1e-10`), made isotropic by gempy's sequential `adjust_ratio` — which, for every data set whose
/// largest range is unique or shared, sets all three to the smallest `s_a`, so the data span
/// `[−0.25, 0.25]` along its longest axis. Engine coordinates are `s·(x − c)`, i.e.
/// [`Transform`] with `scale = 1/s`.
///
/// `adjust_ratio` can leave the scale anisotropic for unusual ratios (gempy's example
/// `s = [3, 1, 2] → [2, 1, 1]`); Strata's transform is isotropic, so it uses the smallest scale
/// then (the largest range maps to `[−0.25, 0.25]`), which keeps the data's shape.
pub fn gempy_transform(points: &[Point]) -> Transform {
    let mut min = [f64::INFINITY; 3];
    let mut max = [f64::NEG_INFINITY; 3];
    for p in points {
        for a in 0..3 {
            min[a] = min[a].min(p[a]);
            max[a] = max[a].max(p[a]);
        }
    }
    if points.is_empty() {
        return Transform::default();
    }
    let center = [0, 1, 2].map(|a| (max[a] + min[a]) / 2.0);
    let range = [0, 1, 2].map(|a| {
        let r = max[a] - min[a];
        if r == 0.0 { 1e-10 } else { r }
    });
    let largest = range.iter().copied().fold(0.0, f64::max);
    Transform::new(center, 2.0 * largest).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model1_spans_a_quarter_along_its_longest_axis() {
        // model1: x ∈ [100, 900], y ∈ [200, 800], z ∈ [400, 600].
        let t = gempy_transform(&[[100.0, 200.0, 400.0], [900.0, 800.0, 600.0]]);
        assert_eq!(t.center(), [500.0, 500.0, 500.0]);
        assert_eq!(t.scale(), 1600.0);
        assert_eq!(t.to_engine([900.0, 500.0, 500.0]), [0.25, 0.0, 0.0]);
    }
}
