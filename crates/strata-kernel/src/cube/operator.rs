//! The matrix-free solve on the device: the products with `C` of
//! [`CovarianceOperator`](crate::CovarianceOperator) evaluated by [`DeviceKernels`], so each
//! iteration's `O(N²)` kernel sums run on the device, and so are the preconditioner's dense
//! blocks (`covariance_entries`); the iteration itself and the blocks' factorisations stay on
//! the host.

use super::covariance::covariance_block;
use super::device::DeviceRuntime;
use super::field::{DeviceField, DeviceFloat};
use crate::{FieldKernels, FieldValues, KrigingSystem, Point};

/// The device kernels of runtime `R` in precision `F`, on one device.
pub struct DeviceKernels<R: DeviceRuntime, F: DeviceFloat> {
    device: R::Device,
    marker: core::marker::PhantomData<F>,
}

impl<R: DeviceRuntime, F: DeviceFloat> DeviceKernels<R, F> {
    /// The kernels on `device`.
    pub fn new(device: &R::Device) -> Self {
        Self {
            device: device.clone(),
            marker: core::marker::PhantomData,
        }
    }
}

impl<R: DeviceRuntime, F: DeviceFloat> FieldKernels for DeviceKernels<R, F> {
    type Prepared = DeviceField<R, F>;

    fn prepare(&self, system: &KrigingSystem, weights: &[f64]) -> DeviceField<R, F> {
        DeviceField::new(system, weights, &self.device)
    }

    fn kernel_field(
        &self,
        field: &DeviceField<R, F>,
        xyz: &[Point],
        gradient: bool,
    ) -> FieldValues {
        field.kernel_field(xyz, gradient)
    }

    fn covariance_block(&self, system: &KrigingSystem) -> Vec<f64> {
        covariance_block::<R>(system, &self.device)
    }
}
