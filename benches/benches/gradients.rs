//! Forward model against value + vector–Jacobian product, side by side (issue 26: value + VJP
//! ≤ 3× the forward): the scalar field and the soft values of reference case p02 at its grid
//! with respect to the surface points and gradients, and the graben survey's gravity (400
//! devices) with respect to the unit densities.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use strata_engine::{Cpu, KernelCache, Kernels, WeightsCache, compute_model_with};
use strata_gradient::{DifferentiableStack, GravityDensities};
use strata_io::engine_json;
use strata_project::Project;

fn p02(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/p02_model1_two_surfaces/input.json");
    let input = engine_json::read(&path).expect("p02");
    let kernels = Kernels::<Cpu>::default();
    let xyz = input.grid().centers();
    let bar: Vec<f64> = (0..xyz.len()).map(|i| (i as f64 * 0.37).sin()).collect();
    let slope = 10.0;
    let mut group = c.benchmark_group("gradient_p02");
    group.sample_size(20);
    group.bench_function("forward_scalar_field", |b| {
        b.iter(|| {
            let stack = DifferentiableStack::new(&input, &kernels).unwrap();
            stack.scalar_field(&xyz).unwrap()
        })
    });
    group.bench_function("value_and_vjp_scalar_field", |b| {
        b.iter(|| {
            let stack = DifferentiableStack::new(&input, &kernels).unwrap();
            let z = stack.scalar_field(&xyz).unwrap();
            (z, stack.vjp_scalar_field(&xyz, &bar).unwrap())
        })
    });
    group.bench_function("forward_soft_values", |b| {
        b.iter(|| {
            let stack = DifferentiableStack::new(&input, &kernels).unwrap();
            stack.soft_values(&xyz, slope).unwrap()
        })
    });
    group.bench_function("value_and_vjp_soft_values", |b| {
        b.iter(|| {
            let stack = DifferentiableStack::new(&input, &kernels).unwrap();
            let v = stack.soft_values(&xyz, slope).unwrap();
            (v, stack.vjp_soft_values(&xyz, slope, &bar).unwrap())
        })
    });
    group.finish();
}

fn graben_survey_gravity(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/graben_survey/strata.toml");
    let input = Project::load(&path).expect("graben_survey").input;
    let densities = input
        .extra_grids()
        .geophysics
        .as_ref()
        .and_then(|g| g.densities.clone())
        .expect("densities");
    let kernels = Kernels::<Cpu>::default();
    let mut cache = KernelCache::default();
    // The survey's kernels once, as a caller's cache keeps them between models.
    let forward = |cache: &mut KernelCache| {
        let solution =
            compute_model_with(&input, &WeightsCache::new(), Default::default(), &kernels).unwrap();
        let gravity = GravityDensities::new(&input, &solution, cache, densities.len())
            .unwrap()
            .expect("a survey");
        let g = gravity.gravity(&densities).unwrap();
        (gravity, g)
    };
    forward(&mut cache);
    let mut group = c.benchmark_group("gradient_graben_survey_gravity");
    group.sample_size(10);
    group.bench_function("forward", |b| b.iter(|| forward(&mut cache).1));
    group.bench_function("value_and_vjp_densities", |b| {
        b.iter(|| {
            let (gravity, g) = forward(&mut cache);
            let bar = vec![1.0; g.len()];
            (gravity.vjp(&bar).unwrap(), g)
        })
    });
    group.finish();
}

criterion_group!(benches, p02, graben_survey_gravity);
criterion_main!(benches);
