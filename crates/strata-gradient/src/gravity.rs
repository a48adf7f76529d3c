//! Forward gravity at the survey devices and its vector–Jacobian product with respect to the
//! unit densities (docs/math.md §16.5).
//!
//! Gravity is linear in the densities, `g_d = Σ_v ρ[id(d, v) − 1]·tz_v` (§11.2), so
//!
//! ```text
//! ρ̄_u = Σ_d ḡ_d Σ_{v : id(d, v) = u + 1} tz_v
//! ```
//!
//! one pass over the voxels, as the forward sum. The ids are the engine's hard ids: the
//! geometry's part of the gradient goes through the soft values of the block ([`crate::stack`]).

use rayon::prelude::*;
use strata_data::EngineInput;
use strata_engine::{GeophysicsSolution, KernelCache, ModelSolution, forward_geophysics};
use strata_geophysics::ForwardError;

use crate::GradientError;
use crate::stack::check_length;

/// Gravity of a computed model on its survey as a function of the unit densities: the ids of
/// every device's voxels and the survey's kernel, from the engine's [`forward_geophysics`].
///
/// ```
/// use strata_gradient::GravityDensities;
///
/// // Two devices of two voxels, tz = (1, 2), ids (1, 2) and (1, 1): g = (ρ₁ + 2ρ₂, 3ρ₁).
/// let gravity = GravityDensities::from_parts(vec![1.0, 2.0], vec![1, 2, 1, 1], 2)?;
/// assert_eq!(gravity.gravity(&[2.0, 3.0])?, vec![8.0, 6.0]);
/// // ρ̄ = Σ_d ḡ_d ∂g_d/∂ρ: ∂g/∂ρ₁ = (1, 3), ∂g/∂ρ₂ = (2, 0).
/// assert_eq!(gravity.vjp(&[1.0, 1.0])?, vec![4.0, 2.0]);
/// # Ok::<(), strata_gradient::GradientError>(())
/// ```
#[derive(Debug, Clone)]
pub struct GravityDensities {
    tz: Vec<f64>,
    ids: Vec<i32>,
    units: usize,
}

impl GravityDensities {
    /// Computes the forward model's ids on the input's survey ([`forward_geophysics`]) for
    /// `units` densities; `None` when the input has no survey.
    pub fn new(
        input: &EngineInput,
        solution: &ModelSolution,
        cache: &mut KernelCache,
        units: usize,
    ) -> Result<Option<Self>, GradientError> {
        let Some(forward) = forward_geophysics(input, solution, cache)? else {
            return Ok(None);
        };
        Self::from_solution(&forward, units).map(Some)
    }

    /// From the engine's geophysics of a model, for `units` densities.
    pub fn from_solution(
        forward: &GeophysicsSolution,
        units: usize,
    ) -> Result<Self, GradientError> {
        let tz = forward.kernels.gravity_kernel().tz().to_vec();
        Self::from_parts(tz, forward.ids.clone(), units)
    }

    /// From the kernel `tz` (one value per voxel of a device) and the ids of every device's
    /// voxels, device-major, for `units` densities. Ids that are not a whole number of devices,
    /// or outside `1..=units`, are a [`ForwardError`].
    pub fn from_parts(tz: Vec<f64>, ids: Vec<i32>, units: usize) -> Result<Self, GradientError> {
        let voxels = tz.len();
        if voxels == 0 || !ids.len().is_multiple_of(voxels) {
            return Err(ForwardError::IdsLength {
                ids: ids.len(),
                voxels_per_device: voxels,
            }
            .into());
        }
        if let Some(at) = ids.iter().position(|&id| id < 1 || id as usize > units) {
            return Err(ForwardError::UnknownId {
                device: at / voxels,
                voxel: at % voxels,
                id: ids[at],
                n_properties: units,
            }
            .into());
        }
        Ok(Self { tz, ids, units })
    }

    /// The number of devices.
    pub fn devices(&self) -> usize {
        self.ids.len() / self.tz.len()
    }

    /// `g_d = Σ_v ρ[id(d, v) − 1]·tz_v` (mGal for g/cm³), the engine's forward sum.
    pub fn gravity(&self, densities: &[f64]) -> Result<Vec<f64>, GradientError> {
        check_length("densities", densities.len(), self.units)?;
        Ok(strata_geophysics::device_sum::device_sums(
            &self.tz, &self.ids, densities,
        )?)
    }

    /// `ρ̄_u = Σ_d ḡ_d Σ_{v : id(d, v) = u + 1} tz_v` for the cotangent `ḡ` of the gravity at
    /// every device; devices are summed in order, so the bits do not depend on the threads.
    pub fn vjp(&self, cotangent: &[f64]) -> Result<Vec<f64>, GradientError> {
        check_length("gravity cotangent", cotangent.len(), self.devices())?;
        let per_device: Vec<Vec<f64>> = self
            .ids
            .par_chunks(self.tz.len())
            .zip(cotangent.par_iter())
            .map(|(ids, &g)| {
                let mut sums = vec![0.0; self.units];
                for (&id, &tz) in ids.iter().zip(&self.tz) {
                    sums[id as usize - 1] += tz;
                }
                sums.iter_mut().for_each(|s| *s *= g);
                sums
            })
            .collect();
        let mut bar = vec![0.0; self.units];
        for sums in &per_device {
            for (b, s) in bar.iter_mut().zip(sums) {
                *b += s;
            }
        }
        Ok(bar)
    }
}
