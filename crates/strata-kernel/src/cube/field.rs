//! A solved stack on a device: its data points, weights and constants uploaded once; each
//! evaluation uploads the points, runs [`field_sums`] over the whole set in as few launches as
//! the device allows, and reads the values back once.

use cubecl::prelude::*;
use cubecl::server::Handle;

use super::coefficients::Coefficients;
use super::device::DeviceRuntime;
use super::kernels::{TILE, field_sums};
use crate::fused::{Lane, PackedField};
use crate::{FieldValues, KrigingSystem, Point, PreparedField};

/// A float type the device kernels run in (`f32` or `f64`).
pub trait DeviceFloat: Lane + Float + CubeElement {}

impl DeviceFloat for f32 {}
impl DeviceFloat for f64 {}

/// A solved stack on the device in precision `F` (module docs).
pub struct DeviceField<R: DeviceRuntime, F: DeviceFloat> {
    client: ComputeClient<R>,
    device: R::Device,
    origin: Point,
    orientations: Handle,
    interface: Handle,
    coefficients: Handle,
    n_o: usize,
    n_i: usize,
    kind: u32,
    marker: core::marker::PhantomData<F>,
}

impl<R: DeviceRuntime, F: DeviceFloat> DeviceField<R, F> {
    /// Uploads `system` with its `weights` to `device`.
    pub fn new(system: &KrigingSystem, weights: &[f64], device: &R::Device) -> Self {
        let packed = PackedField::<F>::new(system, weights);
        let client = R::strata_client(device);
        let coefficients = Coefficients::<F>::new(&system.covariance, packed.scales);
        Self {
            n_o: packed.orientations[0].len(),
            n_i: packed.interface[0].len(),
            orientations: upload(&client, &packed.orientations.concat()),
            interface: upload(&client, &packed.interface.concat()),
            coefficients: upload(&client, &coefficients.values),
            kind: coefficients.kind,
            origin: packed.origin,
            client,
            device: device.clone(),
            marker: core::marker::PhantomData,
        }
    }

    /// Points per launch: the most a one-dimensional launch reaches, with their coordinates
    /// and values (7 numbers a point) in half the device's free memory where the runtime tells
    /// it, and in its largest allocation.
    fn chunk(&self) -> usize {
        let properties = self.client.properties();
        let launch = properties.hardware.max_cube_count.0 as usize * TILE;
        let largest = properties.memory.max_page_size;
        let bytes = R::free_memory(&self.device).map_or(largest, |free| (free / 2).min(largest));
        launch.min(bytes as usize / (7 * size_of::<F>())).max(TILE)
    }

    /// The kernel part of `Z` (and `G` when `gradient`) at `xyz` (formulas on
    /// [`crate::Field`]).
    pub fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues {
        let mut scalar = Vec::with_capacity(xyz.len());
        let mut gradients = gradient.then(|| Vec::with_capacity(xyz.len()));
        for chunk in xyz.chunks(self.chunk()) {
            let values = self.launch(chunk, gradient);
            let m = chunk.len();
            scalar.extend(values[..m].iter().map(|&v| Lane::to_f64(v)));
            if let Some(g) = gradients.as_mut() {
                g.extend((0..m).map(|j| [1, 2, 3].map(|b| Lane::to_f64(values[b * m + j]))));
            }
        }
        FieldValues {
            scalar,
            gradient: gradients,
        }
    }

    /// One launch of [`field_sums`] over `xyz` (at most [`Self::chunk`] points).
    fn launch(&self, xyz: &[Point], gradient: bool) -> Vec<F> {
        let m = xyz.len();
        let mut coordinates = vec![F::of(0.0); 3 * m];
        for (j, p) in xyz.iter().enumerate() {
            for a in 0..3 {
                coordinates[a * m + j] = F::of(p[a] - self.origin[a]);
            }
        }
        let points = upload(&self.client, &coordinates);
        let out_len = if gradient { 4 * m } else { m };
        let out = self.client.empty(out_len * size_of::<F>());
        let cubes = m.div_ceil(TILE) as u32;
        // SAFETY: every array argument is a handle of exactly the length given (uploaded or
        // allocated above), and the kernel reads and writes only inside the lengths it is
        // passed as `m`, `n_o` and `n_i`.
        unsafe {
            field_sums::launch::<F, R>(
                &self.client,
                CubeCount::Static(cubes.max(1), 1, 1),
                CubeDim::new_1d(TILE as u32),
                ArrayArg::from_raw_parts(points, 3 * m),
                ArrayArg::from_raw_parts(self.orientations.clone(), 6 * self.n_o.max(1)),
                ArrayArg::from_raw_parts(self.interface.clone(), 4 * self.n_i.max(1)),
                ArrayArg::from_raw_parts(self.coefficients.clone(), super::coefficients::LEN),
                ArrayArg::from_raw_parts(out.clone(), out_len),
                m as u32,
                self.n_o as u32,
                self.n_i as u32,
                self.kind,
                gradient,
                software_exp::<R, F>(),
            );
        }
        F::from_bytes(&self.client.read_one_unchecked(out)).to_vec()
    }
}

/// Whether the kernels must compute `exp` themselves: `f64` on a runtime without an exact one.
pub(crate) fn software_exp<R: DeviceRuntime, F: DeviceFloat>() -> bool {
    size_of::<F>() == 8 && !R::NATIVE_F64_EXP
}

/// Uploads `values` (one placeholder element when empty: a device buffer is never empty).
pub(crate) fn upload<R: Runtime, F: DeviceFloat>(
    client: &ComputeClient<R>,
    values: &[F],
) -> Handle {
    if values.is_empty() {
        client.create_from_slice(F::as_bytes(&[F::of(0.0)]))
    } else {
        client.create_from_slice(F::as_bytes(values))
    }
}

impl<R: DeviceRuntime, F: DeviceFloat> PreparedField for DeviceField<R, F> {
    fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues {
        DeviceField::kernel_field(self, xyz, gradient)
    }
}
