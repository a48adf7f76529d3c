//! The backend as a value: [`Kernels`] holds a burn backend's device, the precision and the
//! implementation of the heavy operations; [`GeoBackend`] is what a burn backend provides; and
//! every solved field, on any backend, is one [`PreparedField`] behind a `&self` interface.
//!
//! ```text
//! Kernels<B> { device, dtype, implementation }
//!   .covariance_block_reference(system)   the dense system's block (gempy_engine's bits)
//!   .covariance_block_fast(system)        the preconditioner's blocks (fast forms)
//!   .prepare(system, weights)             → Box<dyn PreparedField>: the one dispatch on dtype
//!   .solve_matrix_free(system, ..)        products with C through .prepare
//! ```
//!
//! Evaluation ([`crate::Field`]), the matrix-free product ([`crate::CovarianceOperator`]) and
//! the kriging variance all take a `&Kernels<B>` and reach the backend through these methods
//! only. The tensor-op forms ([`crate::tensor_ops`]) run on any burn backend: they are a
//! backend's default and, for every backend, a value of [`Implementation`], so that they are
//! tested end to end on the CPU against the reference cases.

use burn::backend::NdArray;
use burn::tensor::backend::Backend;

use crate::fused::{FusedField, Lane};
use crate::tensor_ops::{self, TensorField};
use strata_solver::iterative::IterativeSolution;

use crate::{
    CovarianceOperator, Dtype, FieldValues, HierarchicalOperator, KernelError, KrigingSystem,
    MatrixFreeOptions, Point, Products, solve_matrix_free_with,
};

/// A float type the kernels compute in: `f32` or `f64` (with the `cube` feature, also a type
/// the device kernels run in).
#[cfg(not(feature = "cube"))]
pub trait KernelFloat: Lane {
    /// This type's [`Dtype`].
    const DTYPE: Dtype;
}

/// A float type the kernels compute in: `f32` or `f64` (with the `cube` feature, also a type
/// the device kernels run in).
#[cfg(feature = "cube")]
pub trait KernelFloat: crate::cube::DeviceFloat {
    /// This type's [`Dtype`].
    const DTYPE: Dtype;
}

impl KernelFloat for f64 {
    const DTYPE: Dtype = Dtype::F64;
}

impl KernelFloat for f32 {
    const DTYPE: Dtype = Dtype::F32;
}

/// A solved stack laid out for evaluation once — in SIMD arrays on the CPU, in device memory on
/// a GPU — and evaluated at any number of point sets (the shape of faer's `LinOp`: `&self`
/// methods only, shareable between threads).
pub trait PreparedField: Send + Sync {
    /// The kernel part of `Z` (and `G` when `gradient`) at `xyz`: the sums over orientations
    /// and interface points of [`crate::Field`]'s formula.
    fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues;
}

impl<T: Lane> PreparedField for FusedField<T> {
    fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues {
        FusedField::kernel_field(self, xyz, gradient)
    }
}

/// What a burn backend provides to run Strata's heavy operations.
///
/// Every method has a default written with burn tensor ops ([`tensor_ops`]), so any burn
/// backend can compute a model; a backend overrides them with its own kernels (the fused CPU
/// kernels of [`crate::fused`], the device kernels of `crate::cube`). Callers go through
/// [`Kernels`], which also picks the precision. Every implementation must compute the same
/// numbers as the tensor-op default (tested).
pub trait GeoBackend: Backend {
    /// Short name for reports ("cpu", "cuda", ...).
    const NAME: &'static str;

    /// `system` with its solved `weights` (`weights.len()` is the system size, checked by the
    /// caller) laid out on `device` for evaluation in precision `F`.
    fn prepare<F: KernelFloat>(
        system: &KrigingSystem,
        weights: &[f64],
        device: &Self::Device,
    ) -> Result<Box<dyn PreparedField>, KernelError> {
        let field = TensorField::<Self>::new(system, weights, F::DTYPE, CHUNK_SIZE, device)?;
        Ok(Box::new(field))
    }

    /// The covariance block of the dense system in gempy_engine's order of operations, whose
    /// bits decide the weights of an ill-conditioned system (formulas in
    /// [`tensor_ops::covariance_block_reference`]).
    fn covariance_block_reference(system: &KrigingSystem, device: &Self::Device) -> Vec<f64> {
        tensor_ops::covariance_block_reference::<Self>(system, device)
    }

    /// The covariance block with the fast forms of the kernels, equal to
    /// [`covariance_block_reference`](Self::covariance_block_reference) up to rounding: the
    /// preconditioner's blocks of the matrix-free solve. No fast tensor form exists, so the
    /// default is the reference one.
    fn covariance_block_fast(system: &KrigingSystem, device: &Self::Device) -> Vec<f64> {
        Self::covariance_block_reference(system, device)
    }

    /// Whether `device` can compute, instead of the runtime's panic at the first use. The host
    /// always can.
    fn probe(_device: &Self::Device) -> Result<(), DeviceError> {
        Ok(())
    }

    /// The device in words and the memory it holds now, for run summaries.
    fn device_report(_device: &Self::Device) -> DeviceReport {
        DeviceReport::host(Self::NAME)
    }
}

/// Largest number of entries of an `(m points × N)` temporary of the tensor-op evaluation
/// (gempy_engine's `evaluation_chunk_size`).
pub const CHUNK_SIZE: usize = 500_000;

/// Which forms of the heavy operations a [`Kernels`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Implementation {
    /// The backend's own kernels ([`GeoBackend`]'s methods as the backend implements them).
    #[default]
    Native,
    /// The burn tensor-op forms ([`tensor_ops`]), on any backend: the path a burn backend
    /// without kernels of its own takes, and the cross-check of the native kernels.
    TensorOps,
}

/// The backend as a value: burn backend `B`'s device, the precision the kernels compute in and
/// which forms of them run.
///
/// ```
/// use strata_kernel::{Cpu, Dtype, Implementation, Kernels};
///
/// let kernels = Kernels::<Cpu>::default().with_dtype(Dtype::F32);
/// assert_eq!(kernels.dtype(), Dtype::F32);
/// assert_eq!(kernels.name(), "cpu");
/// assert_eq!(kernels.with_implementation(Implementation::TensorOps).name(), "cpu-tensor-ops");
/// ```
#[derive(Debug, Clone)]
pub struct Kernels<B: GeoBackend> {
    device: B::Device,
    dtype: Dtype,
    implementation: Implementation,
    chunk_size: usize,
}

impl<B: GeoBackend> Default for Kernels<B> {
    /// The native kernels in `f64` on the default device.
    fn default() -> Self {
        Self::new(&B::Device::default())
    }
}

impl<B: GeoBackend> Kernels<B> {
    /// The native kernels in `f64` on `device`.
    pub fn new(device: &B::Device) -> Self {
        Self {
            device: device.clone(),
            dtype: Dtype::F64,
            implementation: Implementation::Native,
            chunk_size: CHUNK_SIZE,
        }
    }

    /// These kernels computing in `dtype`.
    pub fn with_dtype(self, dtype: Dtype) -> Self {
        Self { dtype, ..self }
    }

    /// These kernels running the forms `implementation`.
    pub fn with_implementation(self, implementation: Implementation) -> Self {
        Self {
            implementation,
            ..self
        }
    }

    /// These kernels with at most `chunk_size` entries in an `(m points × N)` temporary of the
    /// tensor-op evaluation (the native kernels build none).
    pub fn with_chunk_size(self, chunk_size: usize) -> Self {
        Self { chunk_size, ..self }
    }

    /// The device.
    pub fn device(&self) -> &B::Device {
        &self.device
    }

    /// The precision of the evaluation kernels.
    pub fn dtype(&self) -> Dtype {
        self.dtype
    }

    /// Which forms run.
    pub fn implementation(&self) -> Implementation {
        self.implementation
    }

    /// The name in reports: the backend's ([`GeoBackend::NAME`]), followed by `-tensor-ops`
    /// for the tensor-op forms.
    pub fn name(&self) -> String {
        match self.implementation {
            Implementation::Native => B::NAME.to_string(),
            Implementation::TensorOps => format!("{}-tensor-ops", B::NAME),
        }
    }

    /// `system` with its solved `weights` laid out for evaluation in [`Self::dtype`].
    pub fn prepare(
        &self,
        system: &KrigingSystem,
        weights: &[f64],
    ) -> Result<Box<dyn PreparedField>, KernelError> {
        let n = system.layout().size();
        if weights.len() != n {
            return Err(KernelError::Weights {
                expected: n,
                found: weights.len(),
            });
        }
        match (self.implementation, self.dtype) {
            (Implementation::Native, Dtype::F64) => {
                B::prepare::<f64>(system, weights, &self.device)
            }
            (Implementation::Native, Dtype::F32) => {
                B::prepare::<f32>(system, weights, &self.device)
            }
            (Implementation::TensorOps, dtype) => Ok(Box::new(TensorField::<B>::new(
                system,
                weights,
                dtype,
                self.chunk_size,
                &self.device,
            )?)),
        }
    }

    /// The dense system's covariance block in gempy_engine's order of operations, row-major
    /// `(3n_o + n_r)²`, before nuggets and the `c_o` factor
    /// ([`tensor_ops::covariance_block_reference`] has the formulas).
    pub fn covariance_block_reference(&self, system: &KrigingSystem) -> Vec<f64> {
        match self.implementation {
            Implementation::Native => B::covariance_block_reference(system, &self.device),
            Implementation::TensorOps => {
                tensor_ops::covariance_block_reference::<B>(system, &self.device)
            }
        }
    }

    /// The covariance block with the fast forms of the kernels (the preconditioner's blocks).
    pub fn covariance_block_fast(&self, system: &KrigingSystem) -> Vec<f64> {
        match self.implementation {
            Implementation::Native => B::covariance_block_fast(system, &self.device),
            Implementation::TensorOps => self.covariance_block_reference(system),
        }
    }

    /// Solves `A w = b` of `system` without assembling `A` ([`crate::solve_matrix_free_with`]),
    /// from `guess` if given, the products with `C` computed by these kernels in
    /// `options.dtype`. A failure of the solve itself is [`KernelError::Solve`].
    pub fn solve_matrix_free(
        &self,
        system: &KrigingSystem,
        options: &MatrixFreeOptions,
        guess: Option<&[f64]>,
    ) -> Result<IterativeSolution, KernelError> {
        let kernels = self.clone().with_dtype(options.dtype);
        Ok(match options.products {
            Products::Exact => {
                let op = CovarianceOperator::new(system, &kernels)?;
                solve_matrix_free_with(&op, system, options, guess)?
            }
            Products::Hierarchical(hierarchical) => {
                let op = HierarchicalOperator::new(system, &kernels, &hierarchical)?;
                solve_matrix_free_with(&op, system, options, guess)?
            }
        })
    }

    /// Whether the device can compute ([`GeoBackend::probe`]).
    pub fn probe(&self) -> Result<(), DeviceError> {
        B::probe(&self.device)
    }

    /// The device in words and the memory it holds now.
    pub fn device_report(&self) -> DeviceReport {
        match self.implementation {
            Implementation::Native => B::device_report(&self.device),
            Implementation::TensorOps => DeviceReport::host(&self.name()),
        }
    }
}

/// Why a device cannot compute ([`GeoBackend::probe`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceError {
    /// The runtime's driver library is not installed.
    #[error("no {runtime} driver ({library} not found)")]
    NoDriver {
        /// The runtime, e.g. `"CUDA"`.
        runtime: &'static str,
        /// The library looked for.
        library: &'static str,
    },
    /// The driver is there but does not start.
    #[error("the {runtime} driver does not start: {message}")]
    DriverStart {
        /// The runtime.
        runtime: &'static str,
        /// The driver's message.
        message: String,
    },
    /// The driver starts but lists no device.
    #[error("the {runtime} driver sees no device")]
    NoDevice {
        /// The runtime.
        runtime: &'static str,
    },
    /// The driver fails to list its devices.
    #[error("the {runtime} driver lists no device: {message}")]
    DeviceList {
        /// The runtime.
        runtime: &'static str,
        /// The driver's message.
        message: String,
    },
    /// Setting up the device or a first transfer panicked in the runtime.
    #[error("{message}")]
    Runtime {
        /// The runtime's panic message.
        message: String,
    },
    /// A value sent to the device and read back came back changed.
    #[error("a round trip through the device gave {value}, not 1.5")]
    RoundTrip {
        /// What came back.
        value: f32,
    },
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

/// The CPU backend: burn's ndarray backend in `f64`, with the fused kernels.
pub type Cpu = NdArray<f64>;

impl GeoBackend for Cpu {
    const NAME: &'static str = "cpu";

    fn prepare<F: KernelFloat>(
        system: &KrigingSystem,
        weights: &[f64],
        _device: &Self::Device,
    ) -> Result<Box<dyn PreparedField>, KernelError> {
        Ok(Box::new(FusedField::<F>::new(system, weights)))
    }

    fn covariance_block_reference(system: &KrigingSystem, _device: &Self::Device) -> Vec<f64> {
        crate::fused::covariance_block_reference(system)
    }

    fn covariance_block_fast(system: &KrigingSystem, _device: &Self::Device) -> Vec<f64> {
        crate::fused::covariance_block_fast(system)
    }
}
