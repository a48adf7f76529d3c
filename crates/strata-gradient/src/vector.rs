//! The few operations on 3-vectors the adjoints need.

use strata_data::Point;

/// `a − b`.
pub(crate) fn sub(a: Point, b: Point) -> Point {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

/// `⟨a, b⟩`.
pub(crate) fn dot(a: Point, b: Point) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// `|a|`.
pub(crate) fn norm(a: Point) -> f64 {
    dot(a, a).sqrt()
}
