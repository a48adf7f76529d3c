//! Vertical gravity of rectangular prisms (gempy_engine `calculate_gravity_gradient`,
//! `compute_gravity`).
//!
//! The vertical attraction at the origin of a prism of unit density is (corners and signs
//! `s_q` as in [`prism`](crate::prism))
//!
//! ```text
//! tz = G · Σ_q −s_q · ((x·ln(y + r) + y·ln(x + r)) − z·atan(x·y / (z·r)))      G = 6.674e−3
//! ```
//!
//! summed in numpy's pairwise order `((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7))`.
//! With lengths in metres and densities in g/cm³, `tz` is in mGal per (g/cm³) and the gravity
//! of a device, `Σ_v densities[id − 1]·tz_v`, in mGal; other length units scale `tz`
//! linearly. A prism below the observer has `tz < 0`, so positive densities give negative
//! gravity, as gempy returns it.

use rayon::prelude::*;

use crate::device_sum::{ForwardError, device_sums, first_non_finite};
use crate::kernel_grid::CenteredKernel;
use crate::prism::Prism;
use crate::summation::pairwise_sum;

/// The gravitational constant in the units of `tz`: `6.674e−11 m³/(kg·s²)` times
/// `1000 kg/m³` per g/cm³ times `1e5` mGal per m/s².
pub const G: f64 = 6.674e-3;

/// Why a gravity kernel cannot be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GravityError {
    /// A voxel whose `tz` is not finite: the kernel's radii are too far apart (or too extreme)
    /// for the formula in `f64`.
    #[error("tz of voxel {voxel} is {value}: the kernel's radii are out of range for f64")]
    NonFinite {
        /// The voxel.
        voxel: usize,
        /// Its `tz`.
        value: f64,
    },
}

/// The vertical gravity `tz` at the origin of `prism` with unit density (module guide):
/// `G · Σ_q −s_q ((x ln(y + r) + y ln(x + r)) − z atan(xy / (zr)))`.
pub fn prism_tz(prism: &Prism) -> f64 {
    let terms = prism.corners().map(|c| {
        let logs = c.x * (c.y + c.r).ln() + c.y * (c.x + c.r).ln();
        -c.sign * (logs - c.z * (c.x * c.y / (c.z * c.r)).atan())
    });
    G * pairwise_sum(&terms)
}

/// `tz` of every voxel of a [`CenteredKernel`]; it does not depend on the device position.
#[derive(Clone, Debug, PartialEq)]
pub struct GravityKernel {
    tz: Vec<f64>,
}

impl GravityKernel {
    /// `tz_v` = [`prism_tz`] of every voxel `v` of `kernel` (voxels in parallel).
    ///
    /// # Errors
    /// [`GravityError::NonFinite`] for the first voxel whose `tz` overflows or is undefined.
    pub fn new(kernel: &CenteredKernel) -> Result<Self, GravityError> {
        let tz: Vec<f64> = kernel.prisms().par_iter().map(prism_tz).collect();
        match first_non_finite(&tz) {
            Some((voxel, value)) => Err(GravityError::NonFinite { voxel, value }),
            None => Ok(Self { tz }),
        }
    }

    /// `tz` per voxel, in mGal per (g/cm³) for lengths in metres.
    pub fn tz(&self) -> &[f64] {
        &self.tz
    }

    /// The gravity of every device, `gravity_d = Σ_v densities[id(d, v) − 1] · tz_v`
    /// (mGal for densities in g/cm³); `ids` device-major as in
    /// [`device_sum`](crate::device_sum).
    ///
    /// # Errors
    /// A [`ForwardError`] if `ids` is not a whole number of devices, a density is not finite
    /// or an id has no density.
    pub fn gravity(&self, ids: &[i32], densities: &[f64]) -> Result<Vec<f64>, ForwardError> {
        device_sums(&self.tz, ids, densities)
    }
}
