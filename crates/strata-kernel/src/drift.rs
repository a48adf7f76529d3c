//! The universal drift basis (docs/math.md §3.2): `x, y, z` for degree 1, plus
//! `φ = (x², y², z², xy, xz, yz)` for degree 2.

use crate::Point;

/// `φ(p) = (x², y², z², xy, xz, yz)`.
pub fn quadratic(p: &Point) -> [f64; 6] {
    let [x, y, z] = *p;
    [x * x, y * y, z * z, x * y, x * z, y * z]
}

/// `∂φ/∂x_axis (p)`, e.g. `∂(xy)/∂x = y`, `∂(x²)/∂x = 2x`.
pub fn quadratic_derivative(p: &Point, axis: usize) -> [f64; 6] {
    let [x, y, z] = *p;
    match axis {
        0 => [2.0 * x, 0.0, 0.0, y, z, 0.0],
        1 => [0.0, 2.0 * y, 0.0, x, 0.0, z],
        _ => [0.0, 0.0, 2.0 * z, 0.0, x, y],
    }
}
