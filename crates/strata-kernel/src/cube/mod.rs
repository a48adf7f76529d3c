//! The device backends: cubecl runtimes behind burn's CUDA and Vulkan backends, with Strata's
//! `#[cube]` kernels for the heavy operations.
//!
//! | backend | runtime | feature |
//! |---|---|---|
//! | [`Gpu`] | CUDA (NVIDIA GPUs) | `cuda` |
//! | [`Vulkan`] | wgpu's Vulkan path with SPIR-V kernels (any Vulkan driver, Mesa's software lavapipe included) | `vulkan` |

mod device;

pub use device::{DeviceRuntime, device_report};

use crate::tensor_ops::TensorField;
use crate::{DeviceReport, GeoBackend};

/// The CUDA backend: burn's CUDA backend in `f64` (the float type of burn's tensors; the
/// kernels run in the precision [`crate::FieldOptions::dtype`] asks for).
#[cfg(feature = "cuda")]
pub type Gpu = burn::backend::Cuda<f64>;

#[cfg(feature = "cuda")]
impl GeoBackend for Gpu {
    const NAME: &'static str = "cuda";

    type Prepared = TensorField<Self>;

    fn device_report(device: &Self::Device) -> DeviceReport {
        device_report::<cubecl::cuda::CudaRuntime>(device)
    }
}

/// The Vulkan backend: burn's wgpu backend on Vulkan in `f64`.
#[cfg(feature = "vulkan")]
pub type Vulkan = burn::backend::Vulkan<f64>;

#[cfg(feature = "vulkan")]
impl GeoBackend for Vulkan {
    const NAME: &'static str = "vulkan";

    type Prepared = TensorField<Self>;

    fn device_report(device: &Self::Device) -> DeviceReport {
        device_report::<cubecl::wgpu::WgpuRuntime>(device)
    }
}
