//! Rectangular prisms relative to an observer at the origin, and their corners in the order
//! of gempy_engine's gravity and magnetic formulas.
//!
//! The formulas of [`gravity`](crate::gravity) and [`magnetics`](crate::magnetics) are sums
//! over the 8 corners `q = 4i + 2j + k` (`i, j, k ∈ {0, 1}`) of a prism with sign
//! `s_q = (−1)^(i+j+k)`. Corner `q` is `(x_i, y_j, z_k)` with `x_0 < x_1`, `y_0 < y_1` and
//! `z_0 > z_1`: gempy's kernel runs its `z` axis downwards, so its first `z` face is the upper
//! one. [`Prism`] fixes that order once.

use crate::kernel_grid::Axis;

/// Why a prism cannot be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PrismError {
    /// Bounds that are not finite or not increasing along an axis.
    #[error("prism bounds along {axis} are [{min}, {max}], not finite with min < max")]
    Bounds {
        /// The axis.
        axis: Axis,
        /// The lower bound given.
        min: f64,
        /// The upper bound given.
        max: f64,
    },
}

/// An axis-aligned box `[min_x, max_x] × [min_y, max_y] × [min_z, max_z]` in coordinates
/// relative to the observer (`z` up).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prism {
    min: [f64; 3],
    max: [f64; 3],
}

/// One corner of a prism: its position, its distance `r = √(x² + y² + z²)` to the observer
/// and its sign `s_q = (−1)^(i+j+k)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Corner {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) z: f64,
    pub(crate) r: f64,
    pub(crate) sign: f64,
}

impl Prism {
    /// The prism with lower corner `min` and upper corner `max`.
    ///
    /// # Errors
    /// [`PrismError::Bounds`] if a bound is not finite or `min ≥ max` along an axis.
    pub fn new(min: [f64; 3], max: [f64; 3]) -> Result<Self, PrismError> {
        for axis in Axis::ALL {
            let (lo, hi) = (min[axis.index()], max[axis.index()]);
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(PrismError::Bounds {
                    axis,
                    min: lo,
                    max: hi,
                });
            }
        }
        Ok(Self { min, max })
    }

    /// A prism whose bounds are known to be finite and increasing (a kernel voxel).
    pub(crate) fn from_ordered_faces(min: [f64; 3], max: [f64; 3]) -> Self {
        Self { min, max }
    }

    /// The lower corner `(min_x, min_y, min_z)`.
    pub fn min(&self) -> [f64; 3] {
        self.min
    }

    /// The upper corner `(max_x, max_y, max_z)`.
    pub fn max(&self) -> [f64; 3] {
        self.max
    }

    /// The 8 corners in gempy's order `q = 4i + 2j + k`: `x = [min, max][i]`,
    /// `y = [min, max][j]`, `z = [max, min][k]`; `r = √((x² + y²) + z²)`.
    pub(crate) fn corners(&self) -> [Corner; 8] {
        std::array::from_fn(|q| {
            let (i, j, k) = (q >> 2, (q >> 1) & 1, q & 1);
            let x = [self.min[0], self.max[0]][i];
            let y = [self.min[1], self.max[1]][j];
            let z = [self.max[2], self.min[2]][k];
            let r = (x * x + y * y + z * z).sqrt();
            let sign = if (i + j + k) % 2 == 0 { 1.0 } else { -1.0 };
            Corner { x, y, z, r, sign }
        })
    }
}
