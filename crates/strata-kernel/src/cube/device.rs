//! The cubecl runtimes Strata runs on: a compute client per device, set up once (Vulkan as
//! wgpu's graphics API, so that kernels compile to SPIR-V with `f64`), and what a device
//! reports of itself.

use cubecl::prelude::*;

use crate::{DeviceError, DeviceReport};

/// A cubecl runtime Strata's device kernels run on (one burn has a backend for).
pub trait DeviceRuntime: burn_cubecl::CubeRuntime {
    /// The compute client of `device`, the runtime set up on first use.
    fn strata_client(device: &Self::Device) -> ComputeClient<Self>;

    /// The backend's name in reports.
    const STRATA_NAME: &'static str;

    /// Whether the runtime's driver is there and has a device, checked on this thread before a
    /// client is made (whose set-up fails on a thread of its own, with a less telling error).
    fn driver_check() -> Result<(), DeviceError> {
        Ok(())
    }

    /// Bytes of `device`'s memory free now, where the runtime can tell: what sizes the chunks
    /// of an evaluation.
    fn free_memory(_device: &Self::Device) -> Option<u64> {
        None
    }

    /// `device` in words: the runtime and what it knows of the device.
    fn describe(client: &ComputeClient<Self>, device: &Self::Device) -> String {
        format!("{} {device:?}", Self::name(client))
    }

    /// Whether the runtime's `exp` is exact enough in `f64` (SPIR-V's `GLSL.std.450 Exp` is
    /// defined for 16- and 32-bit floats only; the kernels then evaluate `exp` themselves).
    const NATIVE_F64_EXP: bool;
}

#[cfg(feature = "cuda")]
impl DeviceRuntime for cubecl::cuda::CudaRuntime {
    fn strata_client(device: &Self::Device) -> ComputeClient<Self> {
        Self::client(device)
    }

    const STRATA_NAME: &'static str = "cuda";
    const NATIVE_F64_EXP: bool = true;

    fn driver_check() -> Result<(), DeviceError> {
        use cudarc::driver::result;
        const RUNTIME: &str = "CUDA";
        // cudarc loads libcuda on first use and panics where there is none.
        let init = std::panic::catch_unwind(result::init).map_err(|_| DeviceError::NoDriver {
            runtime: RUNTIME,
            library: "libcuda.so",
        })?;
        init.map_err(|e| DeviceError::DriverStart {
            runtime: RUNTIME,
            message: e.to_string(),
        })?;
        match result::device::get_count() {
            Ok(0) => Err(DeviceError::NoDevice { runtime: RUNTIME }),
            Ok(_) => Ok(()),
            Err(e) => Err(DeviceError::DeviceList {
                runtime: RUNTIME,
                message: e.to_string(),
            }),
        }
    }

    fn free_memory(device: &Self::Device) -> Option<u64> {
        use cudarc::driver::result::{ctx, device as driver_device, mem_get_info, primary_ctx};
        let d = driver_device::get(device.index as i32).ok()?;
        // SAFETY: `d` comes from `device::get`. The device's primary context (the one cubecl
        // computes in) is retained, made current on this thread for the query, and released;
        // the thread's previous context is restored.
        unsafe {
            let previous = ctx::get_current().ok()?;
            let context = primary_ctx::retain(d).ok()?;
            let free = ctx::set_current(context)
                .ok()
                .and_then(|()| mem_get_info().ok())
                .map(|(free, _total)| free as u64);
            let _ = ctx::set_current(previous.unwrap_or(std::ptr::null_mut()));
            let _ = primary_ctx::release(d);
            free
        }
    }

    /// The driver's name of the device and its memory, e.g. `"cuda:0 NVIDIA H100 80GB HBM3,
    /// 79.1 GiB"`.
    fn describe(_client: &ComputeClient<Self>, device: &Self::Device) -> String {
        use cudarc::driver::result::device;
        let found = device::get(device.index as i32).and_then(|d| {
            // SAFETY: `d` was returned by `device::get`.
            Ok((device::get_name(d)?, unsafe { device::total_mem(d)? }))
        });
        match found {
            Ok((name, bytes)) => format!(
                "cuda:{} {name}, {:.1} GiB",
                device.index,
                bytes as f64 / (1u64 << 30) as f64
            ),
            Err(e) => format!("cuda:{} ({e})", device.index),
        }
    }
}

#[cfg(feature = "vulkan")]
impl DeviceRuntime for cubecl::wgpu::WgpuRuntime {
    fn strata_client(device: &Self::Device) -> ComputeClient<Self> {
        use std::collections::HashSet;
        use std::sync::Mutex;
        static SET_UP: Mutex<Option<HashSet<cubecl::wgpu::WgpuDevice>>> = Mutex::new(None);
        let mut set_up = SET_UP.lock().unwrap_or_else(|e| e.into_inner());
        if set_up
            .get_or_insert_with(HashSet::new)
            .insert(device.clone())
        {
            cubecl::wgpu::init_setup::<cubecl::wgpu::Vulkan>(device, Default::default());
        }
        Self::client(device)
    }

    const STRATA_NAME: &'static str = "vulkan";
    const NATIVE_F64_EXP: bool = false;
}

/// `device` in words (runtime, multiprocessors, shared memory per cube) and the memory its
/// client holds.
pub fn device_report<R: DeviceRuntime>(device: &R::Device) -> DeviceReport {
    let client = R::strata_client(device);
    let hardware = &client.properties().hardware;
    let mut name = R::describe(&client, device);
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

/// Whether `device` can run kernels: `Err` with the reason (no driver, no device) instead of
/// the runtime's panic. For tests and tools that skip what needs a device.
pub fn probe<R: DeviceRuntime>(device: &R::Device) -> Result<(), DeviceError> {
    R::driver_check()?;
    let device = device.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let client = R::strata_client(&device);
        let handle = client.create_from_slice(f32::as_bytes(&[1.5f32]));
        f32::from_bytes(&client.read_one_unchecked(handle))[0]
    }))
    .map_err(|panic| DeviceError::Runtime {
        message: panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the runtime panicked".into()),
    })
    .and_then(|value| {
        (value == 1.5)
            .then_some(())
            .ok_or(DeviceError::RoundTrip { value })
    })
}
