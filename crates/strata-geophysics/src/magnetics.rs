//! Induced total-magnetic-intensity (TMI) kernels of rectangular prisms (gempy_engine
//! `calculate_magnetic_gradient_tensor(..., compute_tmi=True)`, `compute_tmi`).
//!
//! Over the corners of a prism (as in [`prism`](crate::prism)), with `R = max(r, 1e−12)`,
//! `ε = 1e−12` and each sum in numpy's pairwise order, six volume integrals:
//!
//! ```text
//! V1 = Σ s_q·atan2(y·z, x·R + ε)     V2 = Σ −s_q·ln(R + z + ε)     V3 = Σ −s_q·ln(R + y + ε)
//! V4 = Σ s_q·atan2(x·z, y·R + ε)     V5 = Σ −s_q·ln(R + x + ε)     V6 = Σ s_q·atan2(x·y, z·R + ε)
//! ```
//!
//! projected on the inducing field's direction `l` ([`Igrf::field_direction`]):
//!
//! ```text
//! k = (lx²·V1 + ly²·V4 + lz²·V6 + 2·lx·ly·V2 + 2·lx·lz·V3 + 2·ly·lz·V5) · (F·1e−9) / (4π) · 1e9
//! ```
//!
//! in nT per SI susceptibility for an intensity `F` in nT; the TMI of a device is
//! `Σ_v susceptibilities[id − 1]·k_v`. As in gempy, the corners are in the `z`-up coordinates
//! of the gravity formula while `l` is (north, east, down), and the `ε` terms are kept: they
//! shift the kernel at the `1e−9` relative level and avoid `ln 0` for corners straight below
//! the device. Being absolute, they assume kernel lengths far above `1e−12` (true in any
//! practical unit).

use std::f64::consts::PI;

use rayon::prelude::*;

use crate::device_sum::{ForwardError, device_sums, first_non_finite};
use crate::kernel_grid::CenteredKernel;
use crate::prism::{Corner, Prism};
use crate::summation::pairwise_sum;

/// gempy's guard against `ln 0` and division by zero in the volume integrals.
const EPSILON: f64 = 1e-12;

/// Why a magnetic kernel cannot be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MagneticsError {
    /// An inclination that is not a finite angle in `[−90°, 90°]`.
    #[error("IGRF inclination is {value}°, not in [-90°, 90°]")]
    Inclination {
        /// The value given, degrees.
        value: f64,
    },
    /// A declination that is not finite.
    #[error("IGRF declination is {value}°, not finite")]
    Declination {
        /// The value given, degrees.
        value: f64,
    },
    /// An intensity that is not a finite positive number.
    #[error("IGRF intensity is {value} nT, not a finite positive number")]
    Intensity {
        /// The value given, nT.
        value: f64,
    },
    /// A voxel whose TMI kernel is not finite: the kernel's radii are too far apart (or too
    /// extreme) for the formula in `f64`.
    #[error("TMI kernel of voxel {voxel} is {value}: the kernel's radii are out of range for f64")]
    NonFinite {
        /// The voxel.
        voxel: usize,
        /// Its kernel value.
        value: f64,
    },
}

/// The inducing (IGRF) field: inclination `I` and declination `D` in degrees, intensity `F`
/// in nT.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Igrf {
    inclination: f64,
    declination: f64,
    intensity: f64,
}

impl Igrf {
    /// The field of inclination `I` (degrees, positive down), declination `D` (degrees,
    /// clockwise from north) and intensity `F` (nT).
    ///
    /// # Errors
    /// [`MagneticsError::Inclination`] unless `−90 ≤ I ≤ 90`,
    /// [`MagneticsError::Declination`] unless `D` is finite,
    /// [`MagneticsError::Intensity`] unless `F` is finite and positive.
    pub fn new(inclination: f64, declination: f64, intensity: f64) -> Result<Self, MagneticsError> {
        if !(-90.0..=90.0).contains(&inclination) {
            return Err(MagneticsError::Inclination { value: inclination });
        }
        if !declination.is_finite() {
            return Err(MagneticsError::Declination { value: declination });
        }
        if !(intensity.is_finite() && intensity > 0.0) {
            return Err(MagneticsError::Intensity { value: intensity });
        }
        Ok(Self {
            inclination,
            declination,
            intensity,
        })
    }

    /// The inclination `I`, degrees.
    pub fn inclination(&self) -> f64 {
        self.inclination
    }

    /// The declination `D`, degrees.
    pub fn declination(&self) -> f64 {
        self.declination
    }

    /// The intensity `F`, nT.
    pub fn intensity(&self) -> f64 {
        self.intensity
    }

    /// The unit vector of the field in (north, east, down) components,
    /// `l = (cos I·cos D, cos I·sin D, sin I) / ‖·‖`.
    pub fn field_direction(&self) -> [f64; 3] {
        let (sin_i, cos_i) = self.inclination.to_radians().sin_cos();
        let (sin_d, cos_d) = self.declination.to_radians().sin_cos();
        let l = [cos_i * cos_d, cos_i * sin_d, sin_i];
        let norm = (l[0] * l[0] + l[1] * l[1] + l[2] * l[2]).sqrt();
        l.map(|c| c / norm)
    }
}

/// The induced TMI at the origin of `prism` with unit susceptibility in the field `igrf`, in
/// nT: `(Σ l_a l_b V_ab) · (F·1e−9) / (4π) · 1e9` (module guide).
pub fn prism_tmi(prism: &Prism, igrf: &Igrf) -> f64 {
    projected_tmi(prism, igrf.field_direction(), igrf.intensity)
}

/// [`prism_tmi`] with the field direction `l` computed once.
fn projected_tmi(prism: &Prism, l: [f64; 3], intensity: f64) -> f64 {
    let [v1, v2, v3, v4, v5, v6] = volume_integrals(prism);
    let [lx, ly, lz] = l;
    let k = lx * lx * v1
        + ly * ly * v4
        + lz * lz * v6
        + 2.0 * lx * ly * v2
        + 2.0 * lx * lz * v3
        + 2.0 * ly * lz * v5;
    k * (intensity * 1e-9) / (4.0 * PI) * 1e9
}

/// The volume integrals `[V1, …, V6]` of the module guide.
fn volume_integrals(prism: &Prism) -> [f64; 6] {
    let corners = prism.corners().map(|c| Corner {
        r: c.r.max(EPSILON),
        ..c
    });
    let sum = |term: &dyn Fn(&Corner) -> f64| pairwise_sum(&corners.map(|c| c.sign * term(&c)));
    [
        sum(&|c| (c.y * c.z).atan2(c.x * c.r + EPSILON)),
        sum(&|c| -(c.r + c.z + EPSILON).ln()),
        sum(&|c| -(c.r + c.y + EPSILON).ln()),
        sum(&|c| (c.x * c.z).atan2(c.y * c.r + EPSILON)),
        sum(&|c| -(c.r + c.x + EPSILON).ln()),
        sum(&|c| (c.x * c.y).atan2(c.z * c.r + EPSILON)),
    ]
}

/// The TMI kernel of every voxel of a [`CenteredKernel`] in one inducing field.
#[derive(Clone, Debug, PartialEq)]
pub struct MagneticKernel {
    tmi: Vec<f64>,
    igrf: Igrf,
}

impl MagneticKernel {
    /// `k_v` = [`prism_tmi`] of every voxel `v` of `kernel` in the field `igrf` (voxels in
    /// parallel).
    ///
    /// # Errors
    /// [`MagneticsError::NonFinite`] for the first voxel whose kernel is not finite.
    pub fn new(kernel: &CenteredKernel, igrf: &Igrf) -> Result<Self, MagneticsError> {
        let l = igrf.field_direction();
        let tmi: Vec<f64> = kernel
            .prisms()
            .par_iter()
            .map(|p| projected_tmi(p, l, igrf.intensity))
            .collect();
        match first_non_finite(&tmi) {
            Some((voxel, value)) => Err(MagneticsError::NonFinite { voxel, value }),
            None => Ok(Self { tmi, igrf: *igrf }),
        }
    }

    /// The TMI kernel per voxel, nT per SI susceptibility.
    pub fn tmi_kernel(&self) -> &[f64] {
        &self.tmi
    }

    /// The inducing field the kernel was computed for.
    pub fn igrf(&self) -> &Igrf {
        &self.igrf
    }

    /// The induced TMI of every device, `tmi_d = Σ_v susceptibilities[id(d, v) − 1] · k_v`
    /// (nT); `ids` device-major as in [`device_sum`](crate::device_sum).
    ///
    /// # Errors
    /// A [`ForwardError`] if `ids` is not a whole number of devices, a susceptibility is not
    /// finite or an id has no susceptibility.
    pub fn tmi(&self, ids: &[i32], susceptibilities: &[f64]) -> Result<Vec<f64>, ForwardError> {
        device_sums(&self.tmi, ids, susceptibilities)
    }
}
