//! The forward sum of one survey: per device, the property of every voxel's lithology times
//! the voxel's kernel value,
//!
//! ```text
//! value_d = Σ_v property[id(d, v) − 1] · kernel_v        (gempy_engine compute_gravity / compute_tmi)
//! ```
//!
//! `ids` holds the lithology id of every voxel of every device, device-major (row
//! `d·Nvox + v`, the order of [`CenteredGrid::points`](crate::CenteredGrid::points)); ids count
//! from 1. Every device is summed by one task in numpy's pairwise order (8 running partial
//! sums per block of 128 values, blocks added in halves), so the sums are bitwise the same
//! for any number of threads and equal gempy's. An id outside `1..=properties.len()` is an
//! error: gempy's `properties[id − 1]` would silently read the last property for id 0.

use rayon::prelude::*;

use crate::summation::pairwise_sum;

/// Why a forward sum cannot be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ForwardError {
    /// `ids` is not a whole number of devices.
    #[error("{ids} ids are not a whole number of devices of {voxels_per_device} voxels")]
    IdsLength {
        /// The number of ids given.
        ids: usize,
        /// The kernel's number of voxels.
        voxels_per_device: usize,
    },
    /// A property (density or susceptibility) that is not finite.
    #[error("property {index} (of lithology id {}) is {value}, not finite", index + 1)]
    Property {
        /// Its index, lithology id − 1.
        index: usize,
        /// The value given.
        value: f64,
    },
    /// A voxel whose lithology id has no property.
    #[error(
        "device {device}, voxel {voxel}: lithology id {id} has no property (ids 1..={n_properties} have one)"
    )]
    UnknownId {
        /// The device.
        device: usize,
        /// The voxel within the device.
        voxel: usize,
        /// The id found.
        id: i32,
        /// The number of properties given.
        n_properties: usize,
    },
}

/// `value_d = Σ_v properties[ids[d·Nvox + v] − 1] · kernel[v]` for every device `d`
/// (`Nvox = kernel.len()`, at least one), devices in parallel.
///
/// # Errors
/// [`ForwardError::IdsLength`], then [`ForwardError::Property`], then the
/// [`ForwardError::UnknownId`] of the first device (and its first voxel) that has one.
pub fn device_sums(
    kernel: &[f64],
    ids: &[i32],
    properties: &[f64],
) -> Result<Vec<f64>, ForwardError> {
    let voxels_per_device = kernel.len();
    if !ids.len().is_multiple_of(voxels_per_device) {
        return Err(ForwardError::IdsLength {
            ids: ids.len(),
            voxels_per_device,
        });
    }
    if let Some((index, value)) = first_non_finite(properties) {
        return Err(ForwardError::Property { index, value });
    }
    let sums: Vec<Result<f64, ForwardError>> = ids
        .par_chunks(voxels_per_device)
        .enumerate()
        .map_init(Vec::new, |products, (device, ids)| {
            device_sum(device, ids, kernel, properties, products)
        })
        .collect();
    sums.into_iter().collect()
}

/// One device's sum: the products `properties[id − 1] · kernel_v` into `products` (a buffer
/// reused across devices), stopping at the first id without a property, then their pairwise
/// sum.
fn device_sum(
    device: usize,
    ids: &[i32],
    kernel: &[f64],
    properties: &[f64],
    products: &mut Vec<f64>,
) -> Result<f64, ForwardError> {
    let n_properties = properties.len();
    let property = |id: i32| properties.get(usize::try_from(id).ok()?.checked_sub(1)?);
    products.resize(ids.len(), 0.0);
    for (voxel, ((slot, &id), &k)) in products.iter_mut().zip(ids).zip(kernel).enumerate() {
        let p = property(id).ok_or(ForwardError::UnknownId {
            device,
            voxel,
            id,
            n_properties,
        })?;
        *slot = p * k;
    }
    Ok(pairwise_sum(products))
}

/// The first value that is not finite, with its index.
pub(crate) fn first_non_finite(values: &[f64]) -> Option<(usize, f64)> {
    values
        .iter()
        .copied()
        .enumerate()
        .find(|(_, v)| !v.is_finite())
}
