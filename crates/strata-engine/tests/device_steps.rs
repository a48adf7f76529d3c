//! Dual contouring's per-voxel steps on the device (`strata_dual::cube::DeviceSteps`, as
//! `EngineBackend::voxel_steps` gives them to the engine) against the host steps.

#![cfg(any(feature = "cuda", feature = "vulkan"))]

use strata_data::Point;
use strata_dual::triangulate::Triangulation;
use strata_dual::{HostSteps, VoxelSteps};
use strata_kernel::cube::{DeviceRuntime, probe};

/// An ellipsoid's field `Z = Σ ((x_k − c_k)/s_k)²` at the corners of `n³` voxels over `[0, 1]³`
/// (corner `c = 4dx + 2dy + dz`), with its gradient.
fn voxels(n: usize) -> (Vec<[usize; 3]>, Vec<Point>, Vec<f64>) {
    let (c, s) = ([0.47, 0.52, 0.5], [0.8, 1.0, 0.6]);
    let h = 1.0 / n as f64;
    let (mut cells, mut corners) = (Vec::new(), Vec::new());
    for i in 0..n * n * n {
        let cell = [i / (n * n), i / n % n, i % n];
        cells.push(cell);
        for corner in 0..8 {
            let d = [corner >> 2, corner >> 1 & 1, corner & 1];
            corners.push(std::array::from_fn(|k| (cell[k] + d[k]) as f64 * h));
        }
    }
    let z = corners
        .iter()
        .map(|p: &Point| (0..3).map(|k| ((p[k] - c[k]) / s[k]).powi(2)).sum())
        .collect();
    (cells, corners, z)
}

fn gradient(p: &Point) -> Point {
    let (c, s) = ([0.47, 0.52, 0.5], [0.8, 1.0, 0.6]);
    std::array::from_fn(|k| 2.0 * (p[k] - c[k]) / (s[k] * s[k]))
}

#[cfg(feature = "vulkan")]
#[test]
fn vulkan_voxel_steps_match_the_host() {
    device_steps_match_the_host::<strata_kernel::cube::VulkanRuntime>();
}

#[cfg(feature = "cuda")]
#[test]
fn cuda_voxel_steps_match_the_host() {
    device_steps_match_the_host::<strata_kernel::cube::CudaRuntime>();
}

/// The same voxels, edge sets, triangles and (to rounding) crossing points and vertices, for
/// iso-values
/// inside the ellipsoid, through corners (`Z` of a corner exactly: the 1 % window on both
/// sides) and outside the grid, with a mask that drops every third voxel.
fn device_steps_match_the_host<R: DeviceRuntime>() {
    let device = R::Device::default();
    if let Err(why) = probe::<R>(&device) {
        println!("skipped: no {} device ({why})", R::STRATA_NAME);
        return;
    }
    let steps = strata_dual::cube::DeviceSteps::new(R::strata_client(&device));
    let (cells, corners, z) = voxels(14);
    let masks = [
        vec![true; cells.len()],
        (0..cells.len()).map(|v| v % 3 != 0).collect::<Vec<_>>(),
    ];
    let (mut crossed, mut triangles) = (0, 0);
    let isos = [0.05, 0.2, z[8 * 1000 + 3], 0.6, 40.0];
    for mask in &masks {
        let (hosts, devs) = (
            HostSteps.crossings(&cells, &corners, &z, mask, &isos),
            steps.crossings(&cells, &corners, &z, mask, &isos),
        );
        assert_eq!((hosts.len(), devs.len()), (isos.len(), isos.len()));
        for ((iso, host), dev) in isos.iter().zip(hosts).zip(devs) {
            assert_eq!(host.cells, dev.cells, "iso {iso}");
            assert_eq!(host.edges, dev.edges, "iso {iso}");
            for (a, b) in host.points.iter().zip(&dev.points) {
                for k in 0..3 {
                    assert!((a[k] - b[k]).abs() <= 4.0 * f64::EPSILON, "{a:?} vs {b:?}");
                }
            }
            let normals: Vec<Point> = host.points.iter().map(gradient).collect();
            let (vh, vd) = (
                HostSteps.vertices(&host, &normals),
                steps.vertices(&host, &normals),
            );
            assert_eq!(vh.len(), vd.len());
            for (a, b) in vh.iter().zip(&vd) {
                for k in 0..3 {
                    assert!((a[k] - b[k]).abs() <= 1e-13, "vertex {a:?} vs {b:?}");
                }
            }
            // Triangles from the host's vertices (the same input on both sides): the same
            // triangles in the same order, orientation included.
            let references: Vec<Point> = host
                .cells
                .iter()
                .enumerate()
                .map(|(v, _)| vh[v].map(|x| x - 0.5))
                .collect();
            for method in [Triangulation::Fancy, Triangulation::Plain] {
                assert_eq!(
                    HostSteps.triangles(&host, &references, &vh, method),
                    steps.triangles(&host, &references, &vh, method),
                    "iso {iso} {method:?}"
                );
            }
            triangles += HostSteps
                .triangles(&host, &references, &vh, Triangulation::Fancy)
                .len();
            crossed += host.cells.len();
        }
    }
    assert!(crossed > 1000, "the surfaces cross {crossed} voxels");
    assert!(triangles > 1000, "{triangles} triangles");
}
