//! Backends side by side on the same work: the fused CPU kernels (`NdArray<f64>`'s
//! implementation), burn tensor ops on NdArray, and — with `--features cuda` — burn tensor ops on
//! CUDA; plus `compute_model` end to end on the anchor cases.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use strata_benches::{first_system, load_case};
use strata_engine::{ComputeOptions, Cpu, WeightsCache, compute_model_with};
use strata_kernel::{Dtype, Implementation, Kernels, fused, tensor_ops};

fn kernel_field(c: &mut Criterion) {
    let input = load_case("c_synthetic_800pts_grid50");
    let system = first_system(&input);
    let n = system.layout().size();
    let weights: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
    let points: Vec<[f64; 3]> = input.grid().centers().into_iter().take(4096).collect();
    let mut group = c.benchmark_group("kernel_field_800pts_4096");
    group.sample_size(10);
    for dtype in [Dtype::F64, Dtype::F32] {
        let kernels = Kernels::<Cpu>::default().with_dtype(dtype);
        let field = kernels.prepare(&system, &weights).expect("prepared");
        group.bench_function(BenchmarkId::new(format!("fused-cpu-{dtype}"), n), |b| {
            b.iter(|| field.kernel_field(&points, true))
        });
    }
    let tensor = Kernels::<Cpu>::default().with_implementation(Implementation::TensorOps);
    let field = tensor.prepare(&system, &weights).expect("prepared");
    group.bench_function(BenchmarkId::new("tensor-ndarray", n), |b| {
        b.iter(|| field.kernel_field(&points, true))
    });
    #[cfg(feature = "cuda")]
    {
        let gpu =
            Kernels::<strata_kernel::Gpu>::default().with_implementation(Implementation::TensorOps);
        let field = gpu.prepare(&system, &weights).expect("prepared");
        group.bench_function(BenchmarkId::new("tensor-cuda", n), |b| {
            b.iter(|| field.kernel_field(&points, true))
        });
    }
    group.finish();
}

fn covariance_block(c: &mut Criterion) {
    let input = load_case("c_synthetic_800pts_grid50");
    let system = first_system(&input);
    let mut group = c.benchmark_group("covariance_block_800pts");
    group.sample_size(10);
    group.bench_function("fused-cpu", |b| {
        b.iter(|| fused::covariance_block_reference(&system))
    });
    let cpu = Default::default();
    group.bench_function("tensor-ndarray", |b| {
        b.iter(|| tensor_ops::covariance_block_reference::<Cpu>(&system, &cpu))
    });
    #[cfg(feature = "cuda")]
    {
        let gpu = Default::default();
        group.bench_function("tensor-cuda", |b| {
            b.iter(|| tensor_ops::covariance_block_reference::<strata_kernel::Gpu>(&system, &gpu))
        });
    }
    group.finish();
}

fn compute_model(c: &mut Criterion) {
    let mut group = c.benchmark_group("compute_model");
    group.sample_size(10);
    let input = load_case("a_model1_grid50");
    let kernels = Kernels::<Cpu>::default();
    group.bench_function("a_model1_grid50/cpu", |b| {
        // A fresh cache each time: the solve is part of the work measured.
        b.iter(|| {
            compute_model_with(
                &input,
                &WeightsCache::new(),
                ComputeOptions::default(),
                &kernels,
            )
            .expect("model computes")
        })
    });
    group.finish();
}

criterion_group!(benches, kernel_field, covariance_block, compute_model);
criterion_main!(benches);
