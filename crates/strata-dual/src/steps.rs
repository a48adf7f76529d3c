//! The per-voxel steps of dual contouring, in bulk and behind one trait, so that they run on
//! the host or on a device: where a surface crosses the voxels' edges ([`crate::intersections`]),
//! the QEF vertex of each crossed voxel ([`crate::qef`]) and the triangles between neighbouring
//! voxels ([`crate::triangulate`]).
//!
//! [`HostSteps`] runs them here; with the `cube` feature, `cube::DeviceSteps` runs them as
//! `#[cube]` kernels (one unit per voxel) on a cubecl runtime. Both give the same crossings,
//! triangles and, up to rounding, vertices (tested).

use strata_data::Point;

use crate::intersections::{SurfaceCrossings, surface_crossings};
use crate::qef::qef_vertex;
use crate::triangulate::{Triangulation, triangulate};

/// The per-voxel steps of dual contouring (module docs).
pub trait VoxelSteps {
    /// The crossings of each iso-surface of `iso_values` on the voxels where `voxel_mask` is
    /// true, one [`SurfaceCrossings`] per iso-value ([`surface_crossings`]'s contract: `corners`
    /// and `scalar` hold 8 entries per voxel). One call per stack: the voxels are read once for
    /// all its surfaces.
    fn crossings(
        &self,
        cells: &[[usize; 3]],
        corners: &[Point],
        scalar: &[f64],
        voxel_mask: &[bool],
        iso_values: &[f64],
    ) -> Vec<SurfaceCrossings>;

    /// The QEF vertex of every voxel of `crossings` ([`qef_vertex`]), `normals` being the
    /// field gradients at `crossings.points`.
    fn vertices(&self, crossings: &SurfaceCrossings, normals: &[Point]) -> Vec<Point>;

    /// The triangles between the `vertices` of the voxels of `crossings` by `method`
    /// ([`triangulate`]'s contract; `references` the summed gradients of each voxel).
    fn triangles(
        &self,
        crossings: &SurfaceCrossings,
        references: &[Point],
        vertices: &[Point],
        method: Triangulation,
    ) -> Vec<[usize; 3]>;
}

/// The steps on the host.
#[derive(Debug, Clone, Copy, Default)]
pub struct HostSteps;

impl VoxelSteps for HostSteps {
    fn crossings(
        &self,
        cells: &[[usize; 3]],
        corners: &[Point],
        scalar: &[f64],
        voxel_mask: &[bool],
        iso_values: &[f64],
    ) -> Vec<SurfaceCrossings> {
        iso_values
            .iter()
            .map(|&iso| surface_crossings(cells, corners, scalar, voxel_mask, iso))
            .collect()
    }

    fn vertices(&self, crossings: &SurfaceCrossings, normals: &[Point]) -> Vec<Point> {
        let mut start = 0;
        crossings
            .edges
            .iter()
            .map(|set| {
                let end = start + set.count_ones() as usize;
                let vertex = qef_vertex(&crossings.points[start..end], &normals[start..end]);
                start = end;
                vertex
            })
            .collect()
    }

    fn triangles(
        &self,
        crossings: &SurfaceCrossings,
        references: &[Point],
        vertices: &[Point],
        method: Triangulation,
    ) -> Vec<[usize; 3]> {
        triangulate(
            &crossings.cells,
            &crossings.edges,
            references,
            vertices,
            method,
        )
    }
}
