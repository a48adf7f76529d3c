//! Forward gravity and induced magnetics of a computed model on its survey
//! (`strata-geophysics`): the lithology ids the model gives at the centred grid's points, a
//! property per id, and the survey's kernels from a [`KernelCache`] the caller owns, so that
//! many models on one survey compute its kernels once.
//!
//! ```text
//! gravity_d = Σ_v densities[id(d, v) − 1] · tz_v          (mGal)
//! tmi_d     = Σ_v susceptibilities[id(d, v) − 1] · k_v    (nT)
//! ```

use std::sync::Arc;

use strata_data::EngineInput;
use strata_geophysics::{CenteredGrid, Igrf, KernelCache, SurveyKernels, SurveyOptions};

use crate::extra_grids::world_centered_grid;
use crate::{EngineError, ModelSolution};

/// The forward response of a model at every device of its survey.
#[derive(Debug, Clone)]
pub struct GeophysicsSolution {
    /// The survey's centred grid, world coordinates.
    pub grid: CenteredGrid,
    /// Its kernels: `tz` and, with magnetics, the TMI kernel.
    pub kernels: Arc<SurveyKernels>,
    /// The lithology id of every voxel, device by device (`[device][voxel]` flattened).
    pub ids: Vec<i32>,
    /// Vertical gravity per device, mGal (when densities are given); positive densities give
    /// negative values below the device, as gempy returns them.
    pub gravity: Option<Vec<f64>>,
    /// Total magnetic intensity anomaly per device, nT (when magnetics are given).
    pub magnetics: Option<Vec<f64>>,
}

/// The forward response of `solution` (computed from `input`) on the input's survey, or
/// `None` when the input has no centred grid. An id without a property (id 0, where no stack
/// claims a voxel, included) is an error naming the device, the voxel and the id.
pub fn forward_geophysics(
    input: &EngineInput,
    solution: &ModelSolution,
    cache: &mut KernelCache,
) -> Result<Option<GeophysicsSolution>, EngineError> {
    let grids = input.extra_grids();
    let Some(spec) = &grids.centered else {
        return Ok(None);
    };
    let grid = world_centered_grid(spec)?;
    let level = solution.levels.first().ok_or(EngineError::NoLevel)?;
    let ids = level.ids[level.slices.centered.clone()].to_vec();
    let properties = grids.geophysics.clone().unwrap_or_default();
    let mut options = SurveyOptions::default();
    if let Some(m) = &properties.magnetics {
        options = options.with_magnetics(Igrf::new(m.inclination, m.declination, m.intensity)?);
    }
    let kernels = cache.get_or_compute(grid.kernel(), &options)?;
    let gravity = match &properties.densities {
        Some(densities) => Some(kernels.gravity_kernel().gravity(&ids, densities)?),
        None => None,
    };
    let magnetics = match (&properties.magnetics, kernels.magnetic_kernel()) {
        (Some(m), Some(kernel)) => Some(kernel.tmi(&ids, &m.susceptibilities)?),
        _ => None,
    };
    Ok(Some(GeophysicsSolution {
        grid,
        kernels,
        ids,
        gravity,
        magnetics,
    }))
}
