//! The Strata backend extension trait and the prepared systems it evaluates.

use burn::backend::NdArray;
use burn::tensor::backend::Backend;

use crate::fused::FusedField;
use crate::tensor_ops::{self, TensorField};
use crate::{Dtype, FieldOptions, FieldValues, KernelError, KrigingSystem, Point};

/// A burn backend that can run Strata's heavy operations.
///
/// The covariance block has a default written with burn tensor ops ([`tensor_ops`]), so any
/// burn backend can assemble systems; a backend may override it with a fused implementation
/// (see [`crate::fused`]). Evaluation goes through a [`PreparedField`]: a solved stack laid
/// out — or uploaded to the device — once, then evaluated on any number of point sets.
/// [`TensorField`] is the tensor-op implementation that any backend can name. Every
/// implementation must compute the same numbers as the tensor-op default (tested).
pub trait GeoBackend: Backend {
    /// Short name for reports ("cpu", "cuda", ...).
    const NAME: &'static str;

    /// This backend's prepared system.
    type Prepared: PreparedField<Self>;

    /// The covariance block of the system, row-major `(3n_o + n_r)²`, before nuggets and the
    /// `c_o` factor (formulas in [`tensor_ops::covariance_block`]).
    fn covariance_block(system: &KrigingSystem, device: &Self::Device) -> Vec<f64> {
        tensor_ops::covariance_block::<Self>(system, device)
    }
}

/// A solved stack ready to evaluate on backend `B`: its data points and weights laid out in the
/// backend's storage once, so that evaluating more points re-sends nothing.
pub trait PreparedField<B: Backend>: Sized + Send + Sync {
    /// Lays out `system` with its solved `weights` (`weights.len()` is the system size,
    /// checked by the caller).
    fn prepare(
        system: &KrigingSystem,
        weights: &[f64],
        options: &FieldOptions,
        device: &B::Device,
    ) -> Result<Self, KernelError>;

    /// The kernel part of `Z` (and `G` when `gradient`) at `xyz`: the sums over orientations
    /// and interface points of [`crate::Field::evaluate`]'s formula.
    fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues;
}

/// The CPU backend: burn's ndarray backend in `f64`, with the fused kernels.
pub type Cpu = NdArray<f64>;

impl GeoBackend for Cpu {
    const NAME: &'static str = "cpu";

    type Prepared = CpuField;

    fn covariance_block(system: &KrigingSystem, _device: &Self::Device) -> Vec<f64> {
        crate::fused::covariance_block(system)
    }
}

/// The CPU backend's prepared system: the fused SIMD kernels in the chosen precision.
#[derive(Debug, Clone)]
pub enum CpuField {
    /// Evaluated in `f64`.
    F64(FusedField<f64>),
    /// Evaluated in `f32`.
    F32(FusedField<f32>),
}

impl PreparedField<Cpu> for CpuField {
    fn prepare(
        system: &KrigingSystem,
        weights: &[f64],
        options: &FieldOptions,
        _device: &burn::backend::ndarray::NdArrayDevice,
    ) -> Result<Self, KernelError> {
        Ok(match options.dtype {
            Dtype::F64 => CpuField::F64(FusedField::new(system, weights)),
            Dtype::F32 => CpuField::F32(FusedField::new(system, weights)),
        })
    }

    fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues {
        match self {
            CpuField::F64(f) => f.kernel_field(xyz, gradient),
            CpuField::F32(f) => f.kernel_field(xyz, gradient),
        }
    }
}

/// burn's ndarray backend in `f64` running the tensor-op defaults, without the fused kernels:
/// the path every other burn backend takes, on the CPU, so that the defaults can be tested end
/// to end against the reference cases. (A distinct burn type — 32-bit integer elements — so
/// that it can implement [`GeoBackend`] beside [`Cpu`].)
pub type TensorCpu = NdArray<f64, i32>;

impl GeoBackend for TensorCpu {
    const NAME: &'static str = "cpu-tensor-ops";

    type Prepared = TensorField<Self>;
}

/// The GPU backend: burn's CUDA backend in `f64` (tensor-op defaults).
#[cfg(feature = "cuda")]
pub type Gpu = burn::backend::Cuda<f64>;

#[cfg(feature = "cuda")]
impl GeoBackend for Gpu {
    const NAME: &'static str = "cuda";

    type Prepared = TensorField<Self>;
}
