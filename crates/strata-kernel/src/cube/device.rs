//! The cubecl runtimes Strata runs on: a compute client per device, set up once (Vulkan as
//! wgpu's graphics API, so that kernels compile to SPIR-V with `f64`), and what a device
//! reports of itself.

use cubecl::prelude::*;

use crate::DeviceReport;

/// A cubecl runtime Strata's device kernels run on.
pub trait DeviceRuntime: Runtime {
    /// The compute client of `device`, the runtime set up on first use.
    fn strata_client(device: &Self::Device) -> ComputeClient<Self>;

    /// Whether the runtime's `exp` is exact enough in `f64` (SPIR-V's `GLSL.std.450 Exp` is
    /// defined for 16- and 32-bit floats only; the kernels then evaluate `exp` themselves).
    const NATIVE_F64_EXP: bool;
}

#[cfg(feature = "cuda")]
impl DeviceRuntime for cubecl::cuda::CudaRuntime {
    fn strata_client(device: &Self::Device) -> ComputeClient<Self> {
        Self::client(device)
    }

    const NATIVE_F64_EXP: bool = true;
}

#[cfg(feature = "vulkan")]
impl DeviceRuntime for cubecl::wgpu::WgpuRuntime {
    fn strata_client(device: &Self::Device) -> ComputeClient<Self> {
        use std::collections::HashSet;
        use std::sync::Mutex;
        static SET_UP: Mutex<Option<HashSet<cubecl::wgpu::WgpuDevice>>> = Mutex::new(None);
        let mut set_up = SET_UP.lock().unwrap_or_else(|e| e.into_inner());
        if set_up.get_or_insert_with(HashSet::new).insert(device.clone()) {
            cubecl::wgpu::init_setup::<cubecl::wgpu::Vulkan>(device, Default::default());
        }
        Self::client(device)
    }

    const NATIVE_F64_EXP: bool = false;
}

/// `device` in words (runtime, multiprocessors, shared memory per cube) and the memory its
/// client holds.
pub fn device_report<R: DeviceRuntime>(device: &R::Device) -> DeviceReport {
    let client = R::strata_client(device);
    let hardware = &client.properties().hardware;
    let mut name = format!("{} {device:?}", R::name(&client));
    if let Some(sms) = hardware.num_streaming_multiprocessors {
        name += &format!(", {sms} multiprocessors");
    }
    name += &format!(
        ", {} KiB shared memory per cube",
        hardware.max_shared_memory_size / 1024
    );
    match client.memory_usage() {
        Ok(usage) => DeviceReport::device(name, usage.bytes_in_use, usage.bytes_reserved),
        Err(_) => DeviceReport::device(name, 0, 0),
    }
}
