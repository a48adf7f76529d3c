//! The evaluation points of a survey: one [`CenteredKernel`] around every device.
//!
//! Point `(d, v)` is `centre_d + K_v`, row `d·Nvox + v` (devices one after the other), which
//! is where the engine must evaluate the lithology for the forward sums. gempy evaluates the
//! lithology in engine coordinates `(xyz − center) / scale` but computes `tz` and the TMI
//! kernel on the world kernel; [`CenteredGrid::to_engine`] builds the engine copy the way
//! gempy's front end does, by rebuilding the kernel from `radius / scale` (rather than
//! scaling the world kernel, which differs in the last bit).

use crate::kernel_grid::{Axis, CenteredKernel, KernelError};

/// Most points one grid may have (`2³¹`, 48 GiB of coordinates).
pub const MAX_POINTS: usize = 1 << 31;

/// Why a centred grid cannot be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GridError {
    /// A device centre with a coordinate that is not finite.
    #[error("device {device} centre {axis} = {value} is not finite")]
    DeviceCenter {
        /// The device.
        device: usize,
        /// The axis.
        axis: Axis,
        /// The coordinate given (after the transform, for [`CenteredGrid::to_engine`]).
        value: f64,
    },
    /// More than [`MAX_POINTS`] points.
    #[error("{devices} devices of {voxels_per_device} voxels are more than {max} points")]
    TooManyPoints {
        /// The number of devices.
        devices: usize,
        /// The kernel's number of voxels.
        voxels_per_device: usize,
        /// [`MAX_POINTS`].
        max: usize,
    },
    /// A transform centre with a coordinate that is not finite.
    #[error("transform centre {axis} = {value} is not finite")]
    TransformCenter {
        /// The axis.
        axis: Axis,
        /// The coordinate given.
        value: f64,
    },
    /// A transform scale that is not a finite positive number.
    #[error("transform scale {value} is not a finite positive number")]
    Scale {
        /// The scale given.
        value: f64,
    },
    /// The kernel rebuilt from `radius / scale` is invalid (a radius under- or overflowed).
    #[error("engine kernel: {0}")]
    Kernel(#[from] KernelError),
}

/// Survey devices and the kernel around each of them.
#[derive(Clone, Debug, PartialEq)]
pub struct CenteredGrid {
    centers: Vec<[f64; 3]>,
    kernel: CenteredKernel,
}

impl CenteredGrid {
    /// The grid of `kernel` around every device centre of `centers`.
    ///
    /// # Errors
    /// [`GridError::DeviceCenter`] for the first coordinate that is not finite;
    /// [`GridError::TooManyPoints`] above [`MAX_POINTS`].
    pub fn new(centers: Vec<[f64; 3]>, kernel: CenteredKernel) -> Result<Self, GridError> {
        for (device, center) in centers.iter().enumerate() {
            if let Some(axis) = Axis::ALL
                .into_iter()
                .find(|a| !center[a.index()].is_finite())
            {
                return Err(GridError::DeviceCenter {
                    device,
                    axis,
                    value: center[axis.index()],
                });
            }
        }
        let voxels_per_device = kernel.n_voxels();
        if centers
            .len()
            .checked_mul(voxels_per_device)
            .is_none_or(|n| n > MAX_POINTS)
        {
            let devices = centers.len();
            return Err(GridError::TooManyPoints {
                devices,
                voxels_per_device,
                max: MAX_POINTS,
            });
        }
        Ok(Self { centers, kernel })
    }

    /// The device centres.
    pub fn centers(&self) -> &[[f64; 3]] {
        &self.centers
    }

    /// The kernel around every device.
    pub fn kernel(&self) -> &CenteredKernel {
        &self.kernel
    }

    /// The number of devices.
    pub fn n_devices(&self) -> usize {
        self.centers.len()
    }

    /// The number of points, `n_devices · Nvox`.
    pub fn n_points(&self) -> usize {
        self.centers.len() * self.kernel.n_voxels()
    }

    /// The points, device-major: row `d·Nvox + v` is `centre_d + K_v`.
    pub fn points(&self) -> Vec<[f64; 3]> {
        let kernel = self.kernel.centers();
        self.centers
            .iter()
            .flat_map(|c| {
                kernel
                    .iter()
                    .map(move |k| [c[0] + k[0], c[1] + k[1], c[2] + k[2]])
            })
            .collect()
    }

    /// The same survey in engine coordinates `(xyz − center) / scale`: device centres
    /// `(centre_d − center) / scale` elementwise and the kernel rebuilt from
    /// `radius / scale` with the same resolution.
    ///
    /// # Errors
    /// [`GridError::Scale`] unless `scale` is finite and positive,
    /// [`GridError::TransformCenter`] for a coordinate of `center` that is not finite,
    /// [`GridError::Kernel`] if `radius / scale` under- or overflows, and
    /// [`GridError::DeviceCenter`] if a transformed centre overflows.
    pub fn to_engine(&self, center: [f64; 3], scale: f64) -> Result<Self, GridError> {
        if !(scale.is_finite() && scale > 0.0) {
            return Err(GridError::Scale { value: scale });
        }
        if let Some(axis) = Axis::ALL
            .into_iter()
            .find(|a| !center[a.index()].is_finite())
        {
            return Err(GridError::TransformCenter {
                axis,
                value: center[axis.index()],
            });
        }
        let radius = self.kernel.radius().map(|r| r / scale);
        let kernel = CenteredKernel::new(radius, self.kernel.resolution())?;
        let centers = self
            .centers
            .iter()
            .map(|c| [0, 1, 2].map(|a| (c[a] - center[a]) / scale))
            .collect();
        Self::new(centers, kernel)
    }
}
