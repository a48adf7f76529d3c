//! The forward sums of a 20 × 20 = 400-device survey on gempy's p08 kernel (radius
//! 200 × 200 × 800 m, resolution 10 × 10 × 15: 1936 voxels per device), and the kernels
//! themselves.
//!
//! * `forward/gravity`, `forward/tmi`: 400 device sums of 1936 products each, devices in
//!   parallel on the global rayon pool;
//! * `kernels/tz`, `kernels/tmi`: the per-voxel kernels of the p08 geometry;
//! * `cache/hit`: a [`KernelCache`] lookup of kernels it holds.
//!
//! The lithology is three flat layers (ids 1, 2, 3 with depth) under devices on a 50 m
//! lattice 1000 m up.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use strata_geophysics::{
    CenteredGrid, CenteredKernel, GravityKernel, Igrf, KernelCache, MagneticKernel, SurveyOptions,
};

const RADIUS: [f64; 3] = [200.0, 200.0, 800.0];
const RESOLUTION: [usize; 3] = [10, 10, 15];
const DEVICES_PER_SIDE: usize = 20;

/// The 400-device survey and the layered ids at its points.
fn survey() -> (CenteredGrid, Vec<i32>) {
    let kernel = CenteredKernel::new(RADIUS, RESOLUTION).expect("valid kernel");
    let centers = (0..DEVICES_PER_SIDE * DEVICES_PER_SIDE)
        .map(|d| {
            let (i, j) = (d / DEVICES_PER_SIDE, d % DEVICES_PER_SIDE);
            [25.0 + 50.0 * i as f64, 25.0 + 50.0 * j as f64, 1000.0]
        })
        .collect();
    let grid = CenteredGrid::new(centers, kernel).expect("valid grid");
    let ids = grid
        .points()
        .iter()
        .map(|p| match p[2] {
            z if z > 600.0 => 1,
            z if z > 300.0 => 2,
            _ => 3,
        })
        .collect();
    (grid, ids)
}

fn igrf() -> Igrf {
    Igrf::new(60.0, 10.0, 50_000.0).expect("valid field")
}

fn forward(c: &mut Criterion) {
    let (grid, ids) = survey();
    let gravity = GravityKernel::new(grid.kernel()).expect("finite tz");
    let magnetics = MagneticKernel::new(grid.kernel(), &igrf()).expect("finite kernel");
    let mut group = c.benchmark_group("forward");
    group.bench_function("gravity/400 devices", |b| {
        b.iter(|| gravity.gravity(black_box(&ids), &[2.0, 2.5, 3.0]))
    });
    group.bench_function("tmi/400 devices", |b| {
        b.iter(|| magnetics.tmi(black_box(&ids), &[0.0, 0.01, 0.05]))
    });
    group.finish();
}

fn kernels(c: &mut Criterion) {
    let kernel = CenteredKernel::new(RADIUS, RESOLUTION).expect("valid kernel");
    let mut group = c.benchmark_group("kernels");
    group.bench_function("tz", |b| b.iter(|| GravityKernel::new(black_box(&kernel))));
    group.bench_function("tmi", |b| {
        b.iter(|| MagneticKernel::new(black_box(&kernel), &igrf()))
    });
    group.finish();

    let options = SurveyOptions::default().with_magnetics(igrf());
    let mut cache = KernelCache::default();
    cache
        .get_or_compute(&kernel, &options)
        .expect("finite kernels");
    c.bench_function("cache/hit", |b| {
        b.iter(|| cache.get_or_compute(black_box(&kernel), &options))
    });
}

criterion_group!(benches, forward, kernels);
criterion_main!(benches);
