//! The finite-fault ellipsoid (gempy_engine `custom_segmentation_functions.ellipsoid_3d_factory`).

use strata_data::{Ellipsoid, Point};

/// Steepness of the sigmoid that turns the ellipsoid distance into a slope.
pub const ELLIPSOID_SIGMOID_SLOPE: f64 = 10.0;
/// Shift of that sigmoid, in units of the (shifted) ellipsoid function.
pub const ELLIPSOID_DRIFT: f64 = 4.0;

/// The per-point segmentation slope of a finite fault at `points`:
///
/// ```text
/// s(x)  = −Σ_a (x_a − c_a)² / R_a²          (0 at the centre, −1 on the ellipsoid)
/// ŝ(x)  = s(x) − min_y s(y)                 (min over the points given: gempy QUIRK)
/// m(x)  = max_slope / (1 + exp(−10·(ŝ(x) − 4)))
/// ```
///
/// Near the centre `m` is `max_slope` (a sharp fault); far away it tends to 0, so the fault's
/// segmentation flattens and its offset dies out. Compute it once per set of evaluation points.
pub fn ellipsoid_slope(ellipsoid: &Ellipsoid, points: &[Point]) -> Vec<f64> {
    let (c, r) = (ellipsoid.center, ellipsoid.radius);
    let s: Vec<f64> = points
        .iter()
        .map(|p| {
            -(0..3)
                .map(|a| (p[a] - c[a]).powf(2.0) / r[a].powf(2.0))
                .sum::<f64>()
        })
        .collect();
    let min = s.iter().copied().fold(f64::INFINITY, f64::min);
    s.iter()
        .map(|&v| {
            let shifted = v - min;
            ellipsoid.max_slope
                / (1.0 + (-ELLIPSOID_SIGMOID_SLOPE * (shifted - ELLIPSOID_DRIFT)).exp())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_by_hand() {
        let e = Ellipsoid::new([0.0; 3], [1.0, 2.0, 4.0], 1000.0, 1.0).unwrap();
        // Points: centre, on the ellipsoid along y, far away (sets the minimum).
        let pts = [[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [3.0, 0.0, 0.0]];
        let m = ellipsoid_slope(&e, &pts);
        // s = 0, −1, −9; ŝ = 9, 8, 0.
        let want = |sh: f64| 1000.0 / (1.0 + (-10.0f64 * (sh - 4.0)).exp());
        for (got, sh) in m.iter().zip([9.0, 8.0, 0.0]) {
            assert!(
                (got - want(sh)).abs() < 1e-9 * want(sh).max(1e-300),
                "{got} vs {}",
                want(sh)
            );
        }
        assert!(m[0] > 999.0 && m[2] < 1e-10);
    }
}
