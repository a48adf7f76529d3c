//! The regular grid of cell centres.

use crate::error::AXES;
use crate::{ContentHash, ContentHasher, DataError, Point};

/// gempy_engine shifts all six extent values by this amount before building a grid (QUIRK kept
/// for bit-compatibility; it avoids evaluating exactly at 0).
pub const EXTENT_SHIFT: f64 = 1e-6;

/// A regular grid of `nx·ny·nz` cell centres over an axis-aligned extent (engine units).
///
/// Cell centres are `x_i = x0 + dx/2 + i·dx` with `x0 = xmin + 1e-6`, `dx = (xmax − xmin)/nx`,
/// ordered z fastest, then y, x slowest: flat index `(ix·ny + iy)·nz + iz`.
#[derive(Debug, Clone, PartialEq)]
pub struct RegularGrid {
    extent: [f64; 6],
    resolution: [usize; 3],
}

impl RegularGrid {
    /// Validates a finite, non-inverted extent `[xmin,xmax,ymin,ymax,zmin,zmax]` and non-zero
    /// resolution `[nx,ny,nz]`.
    pub fn new(extent: [f64; 6], resolution: [usize; 3]) -> Result<Self, DataError> {
        for (a, axis) in AXES.iter().enumerate() {
            let (min, max) = (extent[2 * a], extent[2 * a + 1]);
            for (field, value) in [("min", min), ("max", max)] {
                if !value.is_finite() {
                    return Err(DataError::NonFinite {
                        what: "grid extent",
                        index: a,
                        field,
                        value,
                    });
                }
            }
            if min >= max {
                return Err(DataError::InvertedExtent { axis, min, max });
            }
            if resolution[a] == 0 {
                return Err(DataError::ZeroResolution { axis });
            }
        }
        Ok(Self { extent, resolution })
    }

    /// The extent as given.
    pub fn extent(&self) -> [f64; 6] {
        self.extent
    }

    /// The extent the engine uses: every value shifted by [`EXTENT_SHIFT`].
    pub fn shifted_extent(&self) -> [f64; 6] {
        self.extent.map(|v| v + EXTENT_SHIFT)
    }

    /// `[nx, ny, nz]`.
    pub fn resolution(&self) -> [usize; 3] {
        self.resolution
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.resolution.iter().product()
    }

    /// Always false: a valid grid has at least one cell.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Cell size `[dx, dy, dz]`.
    pub fn spacing(&self) -> [f64; 3] {
        let e = self.shifted_extent();
        [0, 1, 2].map(|a| (e[2 * a + 1] - e[2 * a]) / self.resolution[a] as f64)
    }

    /// Cell-centre coordinates along one axis, computed like `numpy.linspace(lo + d/2, hi − d/2, n)`.
    pub fn axis_centers(&self, axis: usize) -> Vec<f64> {
        let e = self.shifted_extent();
        let d = self.spacing()[axis];
        linspace(
            e[2 * axis] + d / 2.0,
            e[2 * axis + 1] - d / 2.0,
            self.resolution[axis],
        )
    }

    /// All cell centres, z fastest, then y, x slowest.
    pub fn centers(&self) -> Vec<Point> {
        let [xs, ys, zs] = [0, 1, 2].map(|a| self.axis_centers(a));
        let mut out = Vec::with_capacity(self.len());
        for &x in &xs {
            for &y in &ys {
                for &z in &zs {
                    out.push([x, y, z]);
                }
            }
        }
        out
    }
}

/// `numpy.linspace(start, stop, n)`: `start + i·step` with the last value exactly `stop`.
fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    if n == 1 {
        return vec![start];
    }
    let step = (stop - start) / (n - 1) as f64;
    let mut v: Vec<f64> = (0..n).map(|i| i as f64 * step + start).collect();
    v[n - 1] = stop;
    v
}

impl ContentHash for RegularGrid {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("RegularGrid").f64s(&self.extent);
        for &r in &self.resolution {
            h.usize(r);
        }
    }
}
