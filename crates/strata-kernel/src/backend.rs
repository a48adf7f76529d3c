//! The Strata backend extension trait and the prepared systems it evaluates.

use burn::backend::NdArray;
use burn::tensor::backend::Backend;

use crate::fused::FusedField;
use crate::tensor_ops::{self, TensorField};
use strata_dual::{HostSteps, VoxelSteps};
use strata_solver::SolveError;
use strata_solver::iterative::IterativeSolution;

use crate::{
    Dtype, FieldOptions, FieldValues, KernelError, KrigingSystem, MatrixFreeOptions, Point,
};

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

    /// Solves `system` without assembling it ([`crate::solve_matrix_free`]): by default with
    /// the products with `C` on the CPU's fused kernels; a device backend runs them on the
    /// device.
    fn solve_matrix_free(
        system: &KrigingSystem,
        options: &MatrixFreeOptions,
        guess: Option<&[f64]>,
        _device: &Self::Device,
    ) -> Result<IterativeSolution, SolveError> {
        crate::solve_matrix_free(system, options, guess)
    }

    /// The per-voxel steps of dual contouring (edge crossings, QEF vertices): by default on
    /// the host; a device backend runs them on the device.
    fn voxel_steps(_device: &Self::Device) -> Box<dyn VoxelSteps> {
        Box::new(HostSteps)
    }

    /// Whether `device` can compute: `Err` with the reason (no driver, no device) where it
    /// cannot, instead of the runtime's panic at the first use. The host always can.
    fn probe(_device: &Self::Device) -> Result<(), String> {
        Ok(())
    }

    /// The device in words and the memory it holds now, for run summaries.
    fn device_report(_device: &Self::Device) -> DeviceReport {
        DeviceReport::host(Self::NAME)
    }
}

/// What a backend says of the device it computes on (for run summaries: a user sees which
/// device did the work and how much of its memory is taken).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeviceReport {
    /// The device in words, e.g. `"cpu, 16 threads"` or `"cuda: 132 SMs, 99 KiB shared"`.
    pub name: String,
    /// Bytes of device memory that live allocations use (`None` on the host).
    pub memory_in_use: Option<u64>,
    /// Bytes of device memory the backend's pools hold (`None` on the host).
    pub memory_reserved: Option<u64>,
}

impl DeviceReport {
    /// The host's CPU, named `name`, with rayon's thread count.
    pub fn host(name: &str) -> Self {
        Self {
            name: format!(
                "{name}, {}",
                strata_data::plural(rayon::current_num_threads(), "thread")
            ),
            memory_in_use: None,
            memory_reserved: None,
        }
    }

    /// A device named `name` holding `in_use` bytes in live allocations and `reserved` bytes in
    /// its pools.
    pub fn device(name: String, in_use: u64, reserved: u64) -> Self {
        Self {
            name,
            memory_in_use: Some(in_use),
            memory_reserved: Some(reserved),
        }
    }
}

impl std::fmt::Display for DeviceReport {
    /// `name` and, on a device, `"; memory in use X MiB (reserved Y MiB)"`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)?;
        if let (Some(used), Some(reserved)) = (self.memory_in_use, self.memory_reserved) {
            let mib = |b: u64| b as f64 / (1u64 << 20) as f64;
            write!(
                f,
                "; memory in use {:.1} MiB (reserved {:.1} MiB)",
                mib(used),
                mib(reserved)
            )?;
        }
        Ok(())
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
