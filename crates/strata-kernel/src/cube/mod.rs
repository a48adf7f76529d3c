//! The device backends: cubecl runtimes behind burn's CUDA and Vulkan backends, with Strata's
//! `#[cube]` kernels for the heavy operations.
//!
//! | backend | runtime | feature |
//! |---|---|---|
//! | [`Gpu`] | CUDA (NVIDIA GPUs) | `cuda` |
//! | [`Vulkan`] | wgpu's Vulkan path with SPIR-V kernels (any Vulkan driver, Mesa's software lavapipe included) | `vulkan` |
//!
//! What runs on the device, in `f64` or `f32` ([`crate::Kernels::dtype`]). The dense system's
//! covariance block stays on the host in gempy_engine's order of operations
//! ([`crate::fused::covariance_block_reference`], the `Cpu` backend's): its bits decide the weights of an
//! ill-conditioned system, and the fast forms a kernel uses differ from them by more than the
//! reference's tolerance (p04's kernel matrix: 1.6e-12 against 1e-12).
//!
//! | operation | kernel | data on the device |
//! |---|---|---|
//! | field and gradient evaluation ([`DeviceField`]) | `field_sums`: a unit per point, the data streamed through shared memory in tiles of 128, the sums in registers | data points, weights and constants uploaded once per stack; each level's points uploaded once, values read back once |
//! | products with `C` of the matrix-free solve (a [`DeviceField`] per product) | `field_sums` at the orientations and surface points | `O(N)` per product (the weights); the iteration stays on the host |
//! | the preconditioner's dense blocks in the matrix-free solve ([`covariance_block_fast`]) | `covariance_entries`: a unit per entry, `f64`, the fast forms of the kernels | the sub-system's points; the block read back for its factorisation |
//! | dual contouring's edge crossings and QEF vertices (`strata_dual::cube::DeviceSteps`, wired by strata-engine on the client of [`DeviceRuntime::strata_client`]) | a unit per voxel, `f64` | the leaf voxels' corners and field values, the crossings and their normals; gempy_engine's ("fancy") triangulation on the device too (`fancy_triangles`: a unit per emitting edge and crossed voxel, its neighbours by binary search), only the `Plain` triangulation on the host |
//!
//! The kernels are compiled once per process per shape (cubecl's kernel cache) and, on CUDA,
//! across processes where cubecl's compilation cache is enabled (docs/performance.md).

mod coefficients;
mod covariance;
mod device;
mod field;
mod kernels;

pub use covariance::covariance_block_fast;
pub use device::{DeviceRuntime, device_report, probe};
pub use field::{DeviceField, DeviceFloat};

/// The CUDA runtime.
#[cfg(feature = "cuda")]
pub use cubecl::cuda::CudaRuntime;
/// The wgpu runtime, set up on Vulkan by [`DeviceRuntime::strata_client`].
#[cfg(feature = "vulkan")]
pub use cubecl::wgpu::WgpuRuntime as VulkanRuntime;

use burn_cubecl::CubeBackend;

use crate::{
    DeviceError, DeviceReport, GeoBackend, KernelError, KernelFloat, KrigingSystem, PreparedField,
};

/// The CUDA backend: burn's CUDA backend in `f64` (the float type of burn's tensors; the
/// kernels run in the precision [`crate::Kernels::dtype`] says).
#[cfg(feature = "cuda")]
pub type Gpu = burn::backend::Cuda<f64>;

/// The Vulkan backend: burn's wgpu backend on Vulkan in `f64`.
#[cfg(feature = "vulkan")]
pub type Vulkan = burn::backend::Vulkan<f64>;

/// The burn backend of runtime `R` in `f64`: [`Gpu`] and [`Vulkan`] are two of them.
pub type DeviceBackend<R> = CubeBackend<R, f64, i32, u8>;

/// Every cubecl runtime's burn backend in `f64` runs Strata's device kernels.
impl<R: DeviceRuntime> GeoBackend for DeviceBackend<R> {
    const NAME: &'static str = R::STRATA_NAME;

    fn prepare<F: KernelFloat>(
        system: &KrigingSystem,
        weights: &[f64],
        device: &R::Device,
    ) -> Result<Box<dyn PreparedField>, KernelError> {
        Ok(Box::new(DeviceField::<R, F>::new(system, weights, device)))
    }

    /// On the host, in gempy_engine's order of operations
    /// ([`crate::fused::covariance_block_reference`]): the dense system's interface entries are
    /// differences of kernel values close to 1, whose last bits decide the weights of an
    /// ill-conditioned system (docs/architecture.md).
    fn covariance_block_reference(system: &KrigingSystem, _device: &R::Device) -> Vec<f64> {
        crate::fused::covariance_block_reference(system)
    }

    fn covariance_block_fast(system: &KrigingSystem, device: &R::Device) -> Vec<f64> {
        covariance_block_fast::<R>(system, device)
    }

    fn probe(device: &R::Device) -> Result<(), DeviceError> {
        probe::<R>(device)
    }

    fn device_report(device: &R::Device) -> DeviceReport {
        device_report::<R>(device)
    }
}
