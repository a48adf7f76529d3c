//! The device backends: cubecl runtimes behind burn's CUDA and Vulkan backends, with Strata's
//! `#[cube]` kernels for the heavy operations.
//!
//! | backend | runtime | feature |
//! |---|---|---|
//! | [`Gpu`] | CUDA (NVIDIA GPUs) | `cuda` |
//! | [`Vulkan`] | wgpu's Vulkan path with SPIR-V kernels (any Vulkan driver, Mesa's software lavapipe included) | `vulkan` |
//!
//! What runs on the device, in `f64` or `f32` (`FieldOptions::dtype`). The dense system's
//! covariance block stays on the host in gempy_engine's order of operations
//! ([`crate::fused::covariance_block`], the `Cpu` backend's): its bits decide the weights of an
//! ill-conditioned system, and the fast forms a kernel uses differ from them by more than the
//! reference's tolerance (p04's kernel matrix: 1.6e-12 against 1e-12).
//!
//! | operation | kernel | data on the device |
//! |---|---|---|
//! | field and gradient evaluation ([`CubeField`]) | `field_sums`: a unit per point, the data streamed through shared memory in tiles of 128, the sums in registers | data points, weights and constants uploaded once per stack; each level's points uploaded once, values read back once |
//! | products with `C` of the matrix-free solve ([`DeviceKernels`]) | `field_sums` at the orientations and surface points | `O(N)` per product (the weights); the iteration stays on the host |
//! | the preconditioner's dense blocks in the matrix-free solve ([`covariance_block`]) | `covariance_entries`: a unit per entry, `f64`, the fast forms of the kernels | the sub-system's points; the block read back for its factorisation |
//! | dual contouring's edge crossings and QEF vertices (`strata_dual::cube::DeviceSteps`) | a unit per voxel, `f64` | the leaf voxels' corners and field values, the crossings and their normals; gempy_engine's ("fancy") triangulation on the device too (`fancy_triangles`: a unit per emitting edge and crossed voxel, its neighbours by binary search), only the `Plain` triangulation on the host |
//!
//! The kernels are compiled once per process per shape (cubecl's kernel cache) and, on CUDA,
//! across processes where cubecl's compilation cache is enabled (docs/performance.md).

mod coefficients;
mod covariance;
mod device;
mod field;
mod kernels;
mod operator;

pub use covariance::covariance_block;
pub use device::{DeviceRuntime, device_report, probe};
pub use field::{CubeField, DeviceField, DeviceFloat};
pub use operator::DeviceKernels;

/// The CUDA runtime.
#[cfg(feature = "cuda")]
pub use cubecl::cuda::CudaRuntime;
/// The wgpu runtime, set up on Vulkan by [`DeviceRuntime::strata_client`].
#[cfg(feature = "vulkan")]
pub use cubecl::wgpu::WgpuRuntime as VulkanRuntime;

use burn_cubecl::CubeBackend;
use strata_dual::VoxelSteps;
use strata_dual::cube::DeviceSteps;
use strata_solver::SolveError;
use strata_solver::iterative::IterativeSolution;

use crate::{
    CovarianceOperator, DeviceReport, Dtype, GeoBackend, KrigingSystem, MatrixFreeOptions,
    solve_matrix_free_with,
};

/// The CUDA backend: burn's CUDA backend in `f64` (the float type of burn's tensors; the
/// kernels run in the precision [`crate::FieldOptions::dtype`] asks for).
#[cfg(feature = "cuda")]
pub type Gpu = burn::backend::Cuda<f64>;

/// The Vulkan backend: burn's wgpu backend on Vulkan in `f64`.
#[cfg(feature = "vulkan")]
pub type Vulkan = burn::backend::Vulkan<f64>;

/// Every cubecl runtime's burn backend in `f64` runs Strata's device kernels.
impl<R> GeoBackend for CubeBackend<R, f64, i32, u8>
where
    R: DeviceRuntime + burn_cubecl::CubeRuntime,
{
    const NAME: &'static str = R::STRATA_NAME;

    type Prepared = CubeField<R>;

    /// On the host, in gempy_engine's order of operations ([`crate::fused::covariance_block`]):
    /// the dense system's interface entries are differences of kernel values close to 1, whose
    /// last bits decide the weights of an ill-conditioned system (docs/architecture.md).
    fn covariance_block(system: &KrigingSystem, _device: &R::Device) -> Vec<f64> {
        crate::fused::covariance_block(system)
    }

    fn solve_matrix_free(
        system: &KrigingSystem,
        options: &MatrixFreeOptions,
        guess: Option<&[f64]>,
        device: &R::Device,
    ) -> Result<IterativeSolution, SolveError> {
        match options.dtype {
            Dtype::F64 => solve_matrix_free_with(
                &CovarianceOperator::with_kernels(system, DeviceKernels::<R, f64>::new(device)),
                system,
                options,
                guess,
            ),
            Dtype::F32 => solve_matrix_free_with(
                &CovarianceOperator::with_kernels(system, DeviceKernels::<R, f32>::new(device)),
                system,
                options,
                guess,
            ),
        }
    }

    fn voxel_steps(device: &R::Device) -> Box<dyn VoxelSteps> {
        Box::new(DeviceSteps::new(R::strata_client(device)))
    }

    fn probe(device: &R::Device) -> Result<(), String> {
        probe::<R>(device)
    }

    fn device_report(device: &R::Device) -> DeviceReport {
        device_report::<R>(device)
    }
}
