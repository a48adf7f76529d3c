//! Every vector–Jacobian product against central finite differences of the forward model, the
//! dot-product test on random cotangents and directions, and the forward values against
//! `compute_model`, on gempy_engine's reference cases p01/p02 and on random small models.
//!
//! Steps: the data live in engine coordinates of size about one and the functions are smooth
//! polynomials or exponentials of the distances, but a model's features are as small as its
//! closest pair of points (random models put points 10⁻³ apart). The fourth-order central
//! stencil errs by `O((h/δ)⁴)` for features of size `δ` (truncation) plus `O(ε κ |f| / h)`
//! (rounding of the forward, `κ` the conditioning of the solve): `h = 1e−5` keeps both below
//! 1e−6 for `δ ≥ 10⁻³` and `κ ≤ 10⁷` (measured: second-order differences at the same `h` miss
//! by 1e−5, steps of 1e−4 by up to 1e−4 on the random models, converging as `h⁴`). The error is
//! measured norm-wise, `‖vjp − fd‖∞ ≤ 1e−6 ‖fd‖∞`, so that components that are zero by
//! symmetry do not turn a rounding error into an infinite relative one.

use proptest::prelude::*;
use strata_data::{
    EngineInput, KernelFunction, KernelOptions, Orientations, Point, RegularGrid, Stack,
    StackRelation, Structure, Surface, SurfacePoints,
};
use strata_engine::{Cpu, Kernels, compute_model};
use strata_gradient::{DataCotangents, DifferentiableStack, GradientError};
use strata_kernel::{KrigingSystem, assemble};
use strata_solver::SolveOptions;
use strata_test_support::reference_input;

const STEP: f64 = 1e-5;
const TOLERANCE: f64 = 1e-6;

/// Which output is differentiated.
#[derive(Clone, Copy, Debug)]
enum Output {
    Scalar,
    Soft(f64),
}

fn kernels() -> Kernels<Cpu> {
    Kernels::<Cpu>::default()
}

/// The stack's data: surface points and orientation gradients.
fn data(input: &EngineInput) -> (Vec<Point>, Vec<Point>) {
    let stack = input.stack(0);
    (stack.points.to_vec(), stack.orientation_gradient.to_vec())
}

/// The output at `xyz` with the data `(points, gradients)`.
fn output(
    input: &EngineInput,
    points: &[Point],
    gradients: &[Point],
    xyz: &[Point],
    which: Output,
) -> Vec<f64> {
    let stack = DifferentiableStack::with_data(input, points, gradients, &kernels()).unwrap();
    match which {
        Output::Scalar => stack.scalar_field(xyz).unwrap(),
        Output::Soft(slope) => stack.soft_values(xyz, slope).unwrap(),
    }
}

fn vjp(input: &EngineInput, xyz: &[Point], bar: &[f64], which: Output) -> DataCotangents {
    let stack = DifferentiableStack::new(input, &kernels()).unwrap();
    match which {
        Output::Scalar => stack.vjp_scalar_field(xyz, bar).unwrap(),
        Output::Soft(slope) => stack.vjp_soft_values(xyz, slope, bar).unwrap(),
    }
}

/// `f′(0)` by the fourth-order central stencil
/// `(8(f(h) − f(−h)) − (f(2h) − f(−2h)))/(12h)`.
fn derivative(f: impl Fn(f64) -> f64) -> f64 {
    let h = STEP;
    (8.0 * (f(h) - f(-h)) - (f(2.0 * h) - f(-2.0 * h))) / (12.0 * h)
}

fn inner(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `‖a − b‖∞ / ‖b‖∞`.
fn relative(a: &[f64], b: &[f64]) -> f64 {
    let scale = b.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let err = a
        .iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()));
    err / scale
}

/// Every coordinate of every surface point and every gradient component: the VJP against the
/// central difference of `⟨ȳ, y⟩`.
fn check_against_differences(input: &EngineInput, xyz: &[Point], bar: &[f64], which: Output) {
    let got = vjp(input, xyz, bar, which);
    let (points, gradients) = data(input);
    let objective = |p: &[Point], g: &[Point]| inner(&output(input, p, g, xyz, which), bar);
    let mut fd_points = Vec::new();
    for i in 0..points.len() {
        for a in 0..3 {
            fd_points.push(derivative(|t| {
                let mut moved = points.clone();
                moved[i][a] += t;
                objective(&moved, &gradients)
            }));
        }
    }
    let mut fd_gradients = Vec::new();
    for i in 0..gradients.len() {
        for a in 0..3 {
            fd_gradients.push(derivative(|t| {
                let mut moved = gradients.clone();
                moved[i][a] += t;
                objective(&points, &moved)
            }));
        }
    }
    let flat = |v: &[Point]| v.iter().flatten().copied().collect::<Vec<_>>();
    let e_points = relative(&flat(&got.surface_points), &fd_points);
    let e_gradients = relative(&flat(&got.orientation_gradients), &fd_gradients);
    assert!(
        e_points <= TOLERANCE,
        "{which:?} surface points: relative error {e_points:.2e}\n{:?}\n{fd_points:?}",
        flat(&got.surface_points)
    );
    assert!(
        e_gradients <= TOLERANCE,
        "{which:?} gradients: relative error {e_gradients:.2e}"
    );
}

/// `⟨VJP(ȳ), ẋ⟩ = ⟨ȳ, J ẋ⟩`, `J ẋ` by a central difference along `ẋ`.
fn dot_product_test(input: &EngineInput, xyz: &[Point], bar: &[f64], dir: &[f64], which: Output) {
    let got = vjp(input, xyz, bar, which);
    let (points, gradients) = data(input);
    let n = points.len();
    let moved = |t: f64| -> (Vec<Point>, Vec<Point>) {
        let step = |v: &[Point], offset: usize| -> Vec<Point> {
            v.iter()
                .enumerate()
                .map(|(i, p)| [0, 1, 2].map(|a| p[a] + t * dir[3 * (offset + i) + a]))
                .collect()
        };
        (step(&points, 0), step(&gradients, n))
    };
    let right = derivative(|t| {
        let (p, g) = moved(t);
        inner(bar, &output(input, &p, &g, xyz, which))
    });
    let all: Vec<f64> = got
        .surface_points
        .iter()
        .chain(&got.orientation_gradients)
        .flatten()
        .copied()
        .collect();
    let left = inner(&all, dir);
    assert!(
        (left - right).abs() <= TOLERANCE * right.abs().max(left.abs()),
        "{which:?}: ⟨VJP(ȳ), ẋ⟩ = {left:e}, ⟨ȳ, Jẋ⟩ = {right:e}"
    );
}

/// A few points spread over the model's box (the extent of its grid).
fn sample_points(input: &EngineInput) -> Vec<Point> {
    let e = input.grid().extent();
    let at = |f: [f64; 3]| [0, 1, 2].map(|a| e[2 * a] + f[a] * (e[2 * a + 1] - e[2 * a]));
    [
        [0.2, 0.3, 0.4],
        [0.7, 0.5, 0.5],
        [0.5, 0.8, 0.3],
        [0.35, 0.45, 0.65],
        [0.6, 0.2, 0.55],
    ]
    .map(at)
    .to_vec()
}

/// A slope for which the soft values change over a tenth of the field's spread at `xyz`.
fn gentle_slope(input: &EngineInput, xyz: &[Point]) -> f64 {
    let z = DifferentiableStack::new(input, &kernels())
        .unwrap()
        .scalar_field(xyz)
        .unwrap();
    let (lo, hi) = z
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(*v), h.max(*v))
        });
    10.0 / (hi - lo)
}

/// Deterministic pseudo-random numbers in `[−1, 1]` (a fixed LCG: the test is reproducible).
fn randoms(seed: u64, n: usize) -> Vec<f64> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
        })
        .collect()
}

#[test]
fn forward_values_equal_compute_model_on_the_reference_cases() {
    for case in ["p01_single_surface", "p02_model1_two_surfaces"] {
        let input = reference_input(case);
        let solution = compute_model(&input, &kernels()).unwrap();
        let level = &solution.levels[0];
        let engine = &level.stacks[0];
        let stack = DifferentiableStack::new(&input, &kernels()).unwrap();
        assert_eq!(
            stack.weights(),
            &solution.stacks[0].weights[..],
            "{case}: weights"
        );
        let z = stack.scalar_field(&level.xyz).unwrap();
        let spread = engine.scalar.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let worst = relative(&z, &engine.scalar) * spread;
        assert!(worst <= 1e-12 * spread, "{case}: Z differs by {worst:e}");
        assert_eq!(
            stack.iso_values().unwrap(),
            engine.interface_values,
            "{case}: iso-values"
        );
        let soft = stack
            .soft_values(&level.xyz, input.sigmoid_slope())
            .unwrap();
        let worst = soft
            .iter()
            .zip(&engine.values_block)
            .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
        assert!(worst <= 1e-12, "{case}: soft values differ by {worst:e}");
    }
}

#[test]
fn scalar_field_vjp_matches_finite_differences_on_the_reference_cases() {
    for case in ["p01_single_surface", "p02_model1_two_surfaces"] {
        let input = reference_input(case);
        let xyz = sample_points(&input);
        let bar = randoms(7, xyz.len());
        check_against_differences(&input, &xyz, &bar, Output::Scalar);
    }
}

#[test]
fn soft_value_vjp_matches_finite_differences_on_the_reference_cases() {
    for case in ["p01_single_surface", "p02_model1_two_surfaces"] {
        let input = reference_input(case);
        let xyz = sample_points(&input);
        let slope = gentle_slope(&input, &xyz);
        let bar = randoms(11, xyz.len());
        check_against_differences(&input, &xyz, &bar, Output::Soft(slope));
    }
}

#[test]
fn dot_product_test_on_the_reference_cases() {
    for case in ["p01_single_surface", "p02_model1_two_surfaces"] {
        let input = reference_input(case);
        let xyz = sample_points(&input);
        let n = input.stack(0).points.len() + input.stack(0).orientation_gradient.len();
        for seed in 0..3 {
            let bar = randoms(100 + seed, xyz.len());
            let dir = randoms(200 + seed, 3 * n);
            dot_product_test(&input, &xyz, &bar, &dir, Output::Scalar);
            let slope = gentle_slope(&input, &xyz);
            dot_product_test(&input, &xyz, &bar, &dir, Output::Soft(slope));
        }
    }
}

#[test]
fn several_stacks_are_refused_by_name() {
    let input = reference_input("p05_graben_two_faults");
    match DifferentiableStack::new(&input, &kernels()) {
        Err(GradientError::Unsupported { feature }) => assert!(feature.contains("stacks")),
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("a model of several stacks was accepted"),
    }
}

#[test]
fn wrong_lengths_are_typed_errors() {
    let input = reference_input("p01_single_surface");
    let stack = DifferentiableStack::new(&input, &kernels()).unwrap();
    let xyz = sample_points(&input);
    assert!(matches!(
        stack.vjp_scalar_field(&xyz, &[1.0]),
        Err(GradientError::Length { .. })
    ));
    let (points, gradients) = data(&input);
    assert!(matches!(
        DifferentiableStack::with_data(&input, &points[1..], &gradients, &kernels()),
        Err(GradientError::Length { .. })
    ));
}

/// One stack of one or two roughly horizontal surfaces and one to three orientations in the
/// unit box, with a kernel, range and drift degree drawn too.
fn random_model() -> impl Strategy<Value = EngineInput> {
    let point = || (0.1..0.9f64, 0.1..0.9f64, -0.03..0.03f64);
    (
        prop::collection::vec(point(), 2..5),
        prop::collection::vec(point(), 0..4),
        prop::collection::vec(
            (
                0.1..0.9f64,
                0.1..0.9f64,
                0.2..0.8f64,
                -0.3..0.3f64,
                -0.3..0.3f64,
            ),
            1..4,
        ),
        0usize..3,
        0u8..3,
        1.0..3.0f64,
    )
        .prop_map(|(top, base, orientations, kernel, degree, range)| {
            let mut points: Vec<Point> = top.iter().map(|&(x, y, dz)| [x, y, 0.65 + dz]).collect();
            let mut surfaces = vec![Surface::new("top", top.len())];
            if !base.is_empty() {
                points.extend(base.iter().map(|&(x, y, dz)| [x, y, 0.35 + dz]));
                surfaces.push(Surface::new("base", base.len()));
            }
            let n_surfaces = surfaces.len();
            let nuggets = vec![1e-6; points.len()];
            let kernel = [
                KernelFunction::Cubic,
                KernelFunction::Matern52,
                KernelFunction::Exponential,
            ][kernel];
            // The exponential kernel is gempy's Gaussian in `d²` (§2.1): at ranges of the
            // model's size its system is singular to rounding, so it gets the short ones.
            let range = if kernel == KernelFunction::Exponential {
                0.2 * range
            } else {
                range
            };
            let options = KernelOptions::for_range(range)
                .with_kernel(kernel)
                .with_drift_degree(degree);
            EngineInput::builder(
                SurfacePoints::new(points, nuggets).unwrap(),
                Orientations::new(
                    orientations.iter().map(|o| [o.0, o.1, o.2]).collect(),
                    orientations.iter().map(|o| [o.3, o.4, 1.0]).collect(),
                    vec![0.01; orientations.len()],
                )
                .unwrap(),
                Structure::new(
                    surfaces,
                    vec![Stack::new(
                        "strata",
                        StackRelation::Basement,
                        n_surfaces,
                        orientations.len(),
                    )],
                    None,
                )
                .unwrap(),
                RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [2, 2, 2]).unwrap(),
            )
            .kernel(options)
            .build()
            .unwrap()
        })
}

/// The largest `κ₁(A)` at which the random models are compared with finite differences.
const MAX_CONDITION: f64 = 1e7;

/// `κ₁(A)` of the stack's system (the solver's 1-norm estimate), infinite if it is singular.
fn condition(input: &EngineInput) -> f64 {
    let system = KrigingSystem::new(&input.stack(0), input.kernel(), &[]).unwrap();
    assemble(&system, &kernels())
        .solve(&SolveOptions::default())
        .map_or(f64::INFINITY, |w| w.condition_number)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random models: the field's and the soft values' VJPs against finite differences, and the
    /// dot-product test on a random cotangent and direction.
    #[test]
    fn random_models(input in random_model(), seed in 0u64..1000) {
        // Finite differences resolve 1e−6 of a derivative only where the forward's rounding
        // (which grows with κ(A)) stays below 1e−6·h·|f′|: κ₁(A) ≤ 1e7 at h = 1e−5 (the
        // adjoint itself is exact to rounding at any κ).
        prop_assume!(condition(&input) <= MAX_CONDITION);
        let xyz = sample_points(&input);
        let bar = randoms(seed, xyz.len());
        check_against_differences(&input, &xyz, &bar, Output::Scalar);
        let slope = gentle_slope(&input, &xyz);
        check_against_differences(&input, &xyz, &bar, Output::Soft(slope));
        let n = input.stack(0).points.len() + input.stack(0).orientation_gradient.len();
        let dir = randoms(seed + 1, 3 * n);
        dot_product_test(&input, &xyz, &bar, &dir, Output::Scalar);
    }
}

/// The cotangents have the same bits in a pool of one thread and of three.
#[test]
fn vjps_do_not_depend_on_the_thread_count() {
    let input = reference_input("p02_model1_two_surfaces");
    let xyz = input.grid().centers();
    let bar = randoms(3, xyz.len());
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let stack = DifferentiableStack::new(&input, &kernels()).unwrap();
                (
                    stack.vjp_scalar_field(&xyz, &bar).unwrap(),
                    stack.vjp_soft_values(&xyz, 10.0, &bar).unwrap(),
                )
            })
    };
    assert_eq!(run(1), run(3));
}
