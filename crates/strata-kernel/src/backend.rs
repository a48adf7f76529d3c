//! The Strata backend extension trait.

use burn::backend::NdArray;
use burn::tensor::backend::Backend;

use crate::{FieldValues, KrigingSystem, Point, fused, tensor_ops};

/// A burn backend that can run Strata's heavy operations.
///
/// Each method has a default written with burn tensor ops ([`tensor_ops`]), so any burn backend
/// is a `GeoBackend` with an empty `impl`; a backend may override a method with a fused
/// implementation (see [`fused`] for the CPU one). Both must compute the same numbers.
pub trait GeoBackend: Backend {
    /// Short name for reports ("cpu", "cuda", ...).
    const NAME: &'static str;

    /// The covariance block of the system, row-major `(3n_o + n_r)²`, before nuggets and the
    /// `c_o` factor (formulas in [`tensor_ops::covariance_block`]).
    fn covariance_block(system: &KrigingSystem, device: &Self::Device) -> Vec<f64> {
        tensor_ops::covariance_block::<Self>(system, device)
    }

    /// The kernel part of `Z` (and `G` when `gradient`) at one chunk of points
    /// (formulas in [`crate::evaluate`]).
    fn kernel_field(
        system: &KrigingSystem,
        weights: &[f64],
        xyz: &[Point],
        gradient: bool,
        device: &Self::Device,
    ) -> FieldValues {
        tensor_ops::kernel_field::<Self>(system, weights, xyz, gradient, device)
    }
}

/// The CPU backend: burn's ndarray backend in `f64`, with the fused rayon kernels.
pub type Cpu = NdArray<f64>;

impl GeoBackend for Cpu {
    const NAME: &'static str = "cpu";

    fn covariance_block(system: &KrigingSystem, _device: &Self::Device) -> Vec<f64> {
        fused::covariance_block(system)
    }

    fn kernel_field(
        system: &KrigingSystem,
        weights: &[f64],
        xyz: &[Point],
        gradient: bool,
        _device: &Self::Device,
    ) -> FieldValues {
        fused::kernel_field(system, weights, xyz, gradient)
    }
}

/// The GPU backend: burn's CUDA backend in `f64` (tensor-op defaults).
#[cfg(feature = "cuda")]
pub type Gpu = burn::backend::Cuda<f64>;

#[cfg(feature = "cuda")]
impl GeoBackend for Gpu {
    const NAME: &'static str = "cuda";
}
