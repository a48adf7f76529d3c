//! The kernels of one survey geometry, computed together: `tz` always, the TMI kernel when
//! [`SurveyOptions`] names an inducing field.

use crate::gravity::{GravityError, GravityKernel};
use crate::kernel_grid::CenteredKernel;
use crate::magnetics::{Igrf, MagneticKernel, MagneticsError};

/// What to compute besides gravity. The default computes gravity only.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct SurveyOptions {
    magnetics: Option<Igrf>,
}

impl SurveyOptions {
    /// Also compute the induced TMI kernel in the field `igrf`.
    pub fn with_magnetics(mut self, igrf: Igrf) -> Self {
        self.magnetics = Some(igrf);
        self
    }

    /// The inducing field of the TMI kernel, if one is asked for.
    pub fn magnetics(&self) -> Option<&Igrf> {
        self.magnetics.as_ref()
    }
}

/// Why the kernels of a survey cannot be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SurveyError {
    /// The gravity kernel failed.
    #[error("gravity kernel: {0}")]
    Gravity(#[from] GravityError),
    /// The magnetic kernel failed.
    #[error("magnetic kernel: {0}")]
    Magnetics(#[from] MagneticsError),
}

/// The kernels of one survey geometry: `tz` and, if asked for, the TMI kernel.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyKernels {
    gravity: GravityKernel,
    magnetics: Option<MagneticKernel>,
}

impl SurveyKernels {
    /// [`MagneticKernel::new`] of `kernel` if the options ask for it, then
    /// [`GravityKernel::new`].
    ///
    /// # Errors
    /// The [`SurveyError`] of the first kernel that fails, in that order. (Where the TMI
    /// kernel overflows `tz` does too; `tz` alone fails where `ln(y + r)` meets `ln 0`.)
    pub fn compute(kernel: &CenteredKernel, options: &SurveyOptions) -> Result<Self, SurveyError> {
        let magnetics = options
            .magnetics()
            .map(|igrf| MagneticKernel::new(kernel, igrf))
            .transpose()?;
        let gravity = GravityKernel::new(kernel)?;
        Ok(Self { gravity, magnetics })
    }

    /// The gravity kernel.
    pub fn gravity_kernel(&self) -> &GravityKernel {
        &self.gravity
    }

    /// The TMI kernel, if the options asked for one.
    pub fn magnetic_kernel(&self) -> Option<&MagneticKernel> {
        self.magnetics.as_ref()
    }
}
