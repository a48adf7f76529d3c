//! The voxel kernel of one survey device (gempy_engine's `CenteredGrid` kernel).
//!
//! Around a device at the origin, the kernel is a rectilinear grid of voxels whose widths grow
//! geometrically away from the device, symmetric in `x` and `y` and reaching downwards only in
//! `z`. For radius `(Rx, Ry, Rz)` and resolution `(rx, ry, rz)`, with
//! `g(n) = geomspace(0.01, 1, n)` (`g_k = 10^(k·h − 2)`, `h = 2/(n − 1)`, end points exact):
//!
//! ```text
//! X = [−g_{n−1} … −g_0, 0, g_0 … g_{n−1}] · Rx      n = ⌊rx/2⌋   (2n + 1 values, increasing)
//! Y = the same with ry, Ry
//! Z = ((w + 0.05) · (−Rz)) · 1.2                  w = [0, g(rz)]  (rz + 1 values, decreasing)
//! ```
//!
//! The half-widths of the voxel at coordinate `c_i` come from the differences of the
//! coordinates extended by odd reflection (`c_{−1} = 2c_0 − c_1`, `c_N = 2c_{N−1} − c_{N−2}`):
//! `left_i = (c_i − c_{i−1})/2`, `right_i = (c_{i+1} − c_i)/2`. They are negative in `z`,
//! where the coordinates decrease. Voxels are numbered in numpy's `meshgrid` ('xy') order,
//! `v = (iy·Nx + ix)·Nz + iz`: `y` slowest, then `x`, `z` fastest.

use std::fmt;

use crate::prism::Prism;

/// Most voxels one kernel may have (`2²⁴`, 384 MiB of geometry); p08 has 1936.
pub const MAX_VOXELS: usize = 1 << 24;

/// The first geometric step of every axis, `g_0` (gempy's `base_spacing`).
const BASE_SPACING: f64 = 0.01;
/// `log10(g_0)`, exactly −2 as numpy's `log10(0.01)` gives it.
const LOG_BASE_SPACING: f64 = -2.0;
/// The shift of the unit depths before scaling (gempy's `z_axis_shift`).
const Z_SHIFT: f64 = 0.05;
/// The stretch of the scaled depths (gempy's `z_axis_scale`).
const Z_SCALE: f64 = 1.2;

/// A coordinate axis, used to name the offending component in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Axis {
    /// The first (east) axis.
    X,
    /// The second (north) axis.
    Y,
    /// The third (vertical, up) axis.
    Z,
}

impl Axis {
    /// The three axes in the order of a point's components.
    pub const ALL: [Axis; 3] = [Axis::X, Axis::Y, Axis::Z];

    /// The component index of this axis, `x → 0`, `y → 1`, `z → 2`.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Axis::X => "x",
            Axis::Y => "y",
            Axis::Z => "z",
        })
    }
}

/// Why a kernel cannot be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum KernelError {
    /// A resolution below the axis's minimum (2 for `x` and `y`, 1 for `z`): the axis would
    /// have a single voxel of zero width.
    #[error("resolution along {axis} is {value}, below the minimum {min}")]
    Resolution {
        /// The axis.
        axis: Axis,
        /// The resolution given.
        value: usize,
        /// The smallest resolution allowed along that axis.
        min: usize,
    },
    /// A radius that is not a finite positive number.
    #[error("radius along {axis} is {value}, not a finite positive number")]
    Radius {
        /// The axis.
        axis: Axis,
        /// The radius given.
        value: f64,
    },
    /// A resolution that gives more than [`MAX_VOXELS`] voxels.
    #[error("resolution {resolution:?} gives more than {max} voxels per device")]
    TooManyVoxels {
        /// The resolution given.
        resolution: [usize; 3],
        /// [`MAX_VOXELS`].
        max: usize,
    },
}

/// The voxels around one device, relative to it: centres and half-widths in gempy's order.
///
/// Built by [`CenteredKernel::new`] from a radius `(Rx, Ry, Rz)` and a resolution
/// `(rx, ry, rz)`; it has `Nvox = (2⌊rx/2⌋ + 1)(2⌊ry/2⌋ + 1)(rz + 1)` voxels (module guide).
#[derive(Clone, Debug, PartialEq)]
pub struct CenteredKernel {
    radius: [f64; 3],
    resolution: [usize; 3],
    centers: Vec<[f64; 3]>,
    left: Vec<[f64; 3]>,
    right: Vec<[f64; 3]>,
}

impl CenteredKernel {
    /// The kernel of radius `[Rx, Ry, Rz]` and resolution `[rx, ry, rz]`.
    ///
    /// # Errors
    /// [`KernelError::Resolution`] if `rx < 2`, `ry < 2` or `rz < 1`;
    /// [`KernelError::Radius`] if a radius is not finite and positive;
    /// [`KernelError::TooManyVoxels`] above [`MAX_VOXELS`].
    pub fn new(radius: [f64; 3], resolution: [usize; 3]) -> Result<Self, KernelError> {
        for axis in Axis::ALL {
            let min = if axis == Axis::Z { 1 } else { 2 };
            let value = resolution[axis.index()];
            if value < min {
                return Err(KernelError::Resolution { axis, value, min });
            }
            let value = radius[axis.index()];
            if !(value.is_finite() && value > 0.0) {
                return Err(KernelError::Radius { axis, value });
            }
        }
        let too_many = KernelError::TooManyVoxels {
            resolution,
            max: MAX_VOXELS,
        };
        let counts = Axis::ALL.map(|axis| axis_count(axis, resolution[axis.index()]));
        let n_voxels = counts[0]
            .zip(counts[1])
            .zip(counts[2])
            .and_then(|((nx, ny), nz)| nx.checked_mul(ny)?.checked_mul(nz))
            .filter(|&n| n <= MAX_VOXELS)
            .ok_or(too_many)?;

        let axes = Axis::ALL
            .map(|axis| AxisVoxels::new(axis, radius[axis.index()], resolution[axis.index()]));
        let [x, y, z] = &axes;
        let mut centers = Vec::with_capacity(n_voxels);
        let mut left = Vec::with_capacity(n_voxels);
        let mut right = Vec::with_capacity(n_voxels);
        for iy in 0..y.centers.len() {
            for ix in 0..x.centers.len() {
                for iz in 0..z.centers.len() {
                    centers.push([x.centers[ix], y.centers[iy], z.centers[iz]]);
                    left.push([x.left[ix], y.left[iy], z.left[iz]]);
                    right.push([x.right[ix], y.right[iy], z.right[iz]]);
                }
            }
        }
        Ok(Self {
            radius,
            resolution,
            centers,
            left,
            right,
        })
    }

    /// The radius `[Rx, Ry, Rz]` the kernel was built from.
    pub fn radius(&self) -> [f64; 3] {
        self.radius
    }

    /// The resolution `[rx, ry, rz]` the kernel was built from.
    pub fn resolution(&self) -> [usize; 3] {
        self.resolution
    }

    /// The number of voxels, `Nvox = (2⌊rx/2⌋ + 1)(2⌊ry/2⌋ + 1)(rz + 1)`.
    pub fn n_voxels(&self) -> usize {
        self.centers.len()
    }

    /// The voxel centres `(X_ix, Y_iy, Z_iz)`, voxel `v = (iy·Nx + ix)·Nz + iz`.
    pub fn centers(&self) -> &[[f64; 3]] {
        &self.centers
    }

    /// The left half-widths `(c_i − c_{i−1})/2` per axis (negative in `z`).
    pub fn left_half_widths(&self) -> &[[f64; 3]] {
        &self.left
    }

    /// The right half-widths `(c_{i+1} − c_i)/2` per axis (negative in `z`).
    pub fn right_half_widths(&self) -> &[[f64; 3]] {
        &self.right
    }

    /// Every voxel as a [`Prism`] relative to the device, in voxel order: faces
    /// `c − left` and `c + right` per axis, computed exactly as gempy computes its corners.
    pub fn prisms(&self) -> Vec<Prism> {
        self.centers
            .iter()
            .zip(&self.left)
            .zip(&self.right)
            .map(|((c, l), r)| {
                let first = [0, 1, 2].map(|a| c[a] - l[a]);
                let second = [0, 1, 2].map(|a| c[a] + r[a]);
                // x and y increase from the first face to the second, z decreases.
                Prism::from_ordered_faces(
                    [first[0], first[1], second[2]],
                    [second[0], second[1], first[2]],
                )
            })
            .collect()
    }
}

/// The number of voxel coordinates along `axis`, `None` on overflow.
fn axis_count(axis: Axis, resolution: usize) -> Option<usize> {
    match axis {
        Axis::X | Axis::Y => (resolution / 2).checked_mul(2)?.checked_add(1),
        Axis::Z => resolution.checked_add(1),
    }
}

/// The coordinates and half-widths of the voxels along one axis.
struct AxisVoxels {
    centers: Vec<f64>,
    left: Vec<f64>,
    right: Vec<f64>,
}

impl AxisVoxels {
    /// The axis of radius `radius` and resolution `resolution` (module guide).
    fn new(axis: Axis, radius: f64, resolution: usize) -> Self {
        let centers: Vec<f64> = match axis {
            Axis::X | Axis::Y => {
                let g = unit_geomspace(resolution / 2);
                let negative = g.iter().rev().map(|&g| -g);
                negative
                    .chain([0.0])
                    .chain(g.iter().copied())
                    .map(|u| u * radius)
                    .collect()
            }
            Axis::Z => [0.0]
                .into_iter()
                .chain(unit_geomspace(resolution))
                .map(|w| ((w + Z_SHIFT) * -radius) * Z_SCALE)
                .collect(),
        };
        let (left, right) = half_widths(&centers);
        Self {
            centers,
            left,
            right,
        }
    }
}

/// numpy's `geomspace(0.01, 1, n)`: `10^(k·h + (−2))` with `h = 2/(n − 1)`, the first value
/// exactly `0.01` and the last exactly `1` (`[0.01]` for `n = 1`).
fn unit_geomspace(n: usize) -> Vec<f64> {
    if n <= 1 {
        return vec![BASE_SPACING; n];
    }
    let step = -LOG_BASE_SPACING / (n - 1) as f64;
    let mut g: Vec<f64> = (0..n)
        .map(|k| 10f64.powf(k as f64 * step + LOG_BASE_SPACING))
        .collect();
    g[0] = BASE_SPACING;
    g[n - 1] = 1.0;
    g
}

/// The left and right half-widths of coordinates `c` (at least two), from the differences of
/// `c` padded by odd reflection (numpy `pad(c, 1, 'reflect', reflect_type='odd')`, `diff`).
fn half_widths(c: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = c.len();
    let before = 2.0 * c[0] - c[1];
    let after = 2.0 * c[n - 1] - c[n - 2];
    let padded: Vec<f64> = [before]
        .into_iter()
        .chain(c.iter().copied())
        .chain([after])
        .collect();
    let halves: Vec<f64> = padded.windows(2).map(|w| (w[1] - w[0]) / 2.0).collect();
    (halves[..n].to_vec(), halves[1..].to_vec())
}
