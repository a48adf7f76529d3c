//! What the engine asks of a backend beyond the kernels: where dual contouring's per-voxel steps
//! (edge crossings, QEF vertices) run.
//!
//! The kernels are the seam ([`strata_kernel::Kernels`], [`GeoBackend`]); this trait only wires
//! `strata-dual` to the backend, so that the kernel crate does not depend on meshing. A burn
//! backend of your own computes models after one line, `impl EngineBackend for MyBackend {}`:
//! its voxel steps then run on the host.

use strata_dual::{HostSteps, VoxelSteps};
use strata_kernel::{Cpu, GeoBackend};

/// A [`GeoBackend`] the engine can compute whole models on (module docs).
pub trait EngineBackend: GeoBackend {
    /// The per-voxel steps of dual contouring on `device`: by default on the host; a device
    /// backend runs them on the device.
    fn voxel_steps(_device: &Self::Device) -> Box<dyn VoxelSteps> {
        Box::new(HostSteps)
    }
}

impl EngineBackend for Cpu {}

/// The device backends run the steps as `#[cube]` kernels on the client the field kernels use.
#[cfg(any(feature = "cuda", feature = "vulkan"))]
impl<R: strata_kernel::cube::DeviceRuntime> EngineBackend
    for strata_kernel::cube::DeviceBackend<R>
{
    fn voxel_steps(device: &R::Device) -> Box<dyn VoxelSteps> {
        Box::new(strata_dual::cube::DeviceSteps::new(R::strata_client(
            device,
        )))
    }
}
