//! The covariance block on the device: one unit per entry ([`covariance_entries`]), in `f64`.

use cubecl::prelude::*;

use super::coefficients::{Coefficients, LEN};
use super::device::DeviceRuntime;
use super::field::{software_exp, upload};
use super::kernels::{TILE, covariance_entries};
use crate::{KrigingSystem, Point};

/// The covariance block of `system`, row-major `(3n_o + n_r)²`, before nuggets and `c_o`
/// (formulas in [`crate::tensor_ops::covariance_block_reference`]), computed on `device` in `f64` with
/// the fast forms of the kernels.
pub fn covariance_block_fast<R: DeviceRuntime>(
    system: &KrigingSystem,
    device: &R::Device,
) -> Vec<f64> {
    let client = R::strata_client(device);
    let n_o = system.orientation_xyz.len();
    let n_r = system.rest.len();
    let n_c = 3 * n_o + n_r;
    if n_c == 0 {
        return Vec::new();
    }
    let runs = |points: &[Point]| -> Vec<f64> {
        (0..3)
            .flat_map(|a| points.iter().map(move |p| p[a]))
            .collect()
    };
    let orientations = upload(&client, &runs(&system.orientation_xyz));
    let q = upload(&client, &runs(&system.reference));
    let r = upload(&client, &runs(&system.rest));
    let coefficients = Coefficients::<f64>::new(&system.covariance, [1.0; 4]);
    let c = upload(&client, &coefficients.values);
    let res = upload(&client, &[system.gi_res, system.i_res]);
    let entries = n_c * n_c;
    let out = client.empty(entries * size_of::<f64>());
    // Two-dimensional launches: a one-dimensional one reaches only 65 535 cubes.
    let cubes = entries.div_ceil(TILE);
    let max_x = client.properties().hardware.max_cube_count.0 as usize;
    let (x, y) = (cubes.min(max_x), cubes.div_ceil(max_x));
    // SAFETY: every array argument is a handle of exactly the length given, and the kernel
    // writes only entries below `n_c²`, the length of `out`.
    unsafe {
        covariance_entries::launch::<f64, R>(
            &client,
            CubeCount::Static(x as u32, y as u32, 1),
            CubeDim::new_1d(TILE as u32),
            ArrayArg::from_raw_parts(orientations, (3 * n_o).max(1)),
            ArrayArg::from_raw_parts(q, (3 * n_r).max(1)),
            ArrayArg::from_raw_parts(r, (3 * n_r).max(1)),
            ArrayArg::from_raw_parts(c, LEN),
            ArrayArg::from_raw_parts(res, 2),
            ArrayArg::from_raw_parts(out.clone(), entries),
            n_o as u32,
            n_r as u32,
            coefficients.kind,
            software_exp::<R, f64>(),
        );
    }
    f64::from_bytes(&client.read_one_unchecked(out)).to_vec()
}
