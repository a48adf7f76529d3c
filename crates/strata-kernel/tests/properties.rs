//! Properties of the covariance functions, the assembled system and the evaluation that hold for
//! any data, and the agreement of the fused CPU kernels with the tensor-op defaults.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use strata_data::KernelFunction;
use strata_kernel::{
    Covariance, Cpu, EvaluationPoints, GeoBackend, KrigingSystem, Point, assemble, evaluate, fused,
    tensor_ops,
};

const KINDS: [KernelFunction; 3] = [
    KernelFunction::Cubic,
    KernelFunction::Exponential,
    KernelFunction::Matern52,
];

fn point() -> impl Strategy<Value = Point> {
    [-0.5f64..0.5, -0.5f64..0.5, -0.5f64..0.5]
}

/// A random system: 1–4 orientations, 2–8 interface rows, any kernel, drift 0–2, 0–2 faults.
fn system() -> impl Strategy<Value = KrigingSystem> {
    (
        0usize..3,
        0u8..3,
        prop::collection::vec((point(), point()), 1..5),
        prop::collection::vec((point(), point(), 0.0f64..1.0, 0.0f64..1.0), 2..9),
        0usize..3,
        1.0f64..3.0,
    )
        .prop_map(
            |(kind, drift, orientations, pairs, n_faults, range)| KrigingSystem {
                covariance: Covariance {
                    kind: KINDS[kind],
                    range,
                },
                c_o: range * range / 14.0 / 3.0,
                i_res: 4.0,
                gi_res: 2.0,
                drift_degree: drift,
                orientation_xyz: orientations.iter().map(|o| o.0).collect(),
                orientation_gradient: orientations.iter().map(|o| o.1).collect(),
                gradient_nugget: 0.01,
                reference: pairs.iter().map(|p| p.0).collect(),
                rest: pairs.iter().map(|p| p.1).collect(),
                rest_nugget: vec![1e-6; pairs.len()],
                fault_reference: (0..n_faults)
                    .map(|f| pairs.iter().map(|p| (p.2 + f as f64).round()).collect())
                    .collect(),
                fault_rest: (0..n_faults)
                    .map(|f| pairs.iter().map(|p| (p.3 + f as f64).round()).collect())
                    .collect(),
            },
        )
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn system_matrix_is_symmetric(s in system()) {
        let a = assemble::<Cpu>(&s, &Default::default());
        let n = a.layout.size();
        for i in 0..n {
            for j in 0..i {
                prop_assert_eq!(a.matrix[i * n + j], a.matrix[j * n + i], "A[{},{}]", i, j);
            }
        }
    }

    /// `Kp = K'(r)/r` and `K2 = K''(r)` against central finite differences of `K`.
    #[test]
    fn derivatives_match_finite_differences(kind in 0usize..3, range in 0.5f64..3.0, t in 0.05f64..1.2) {
        let cov = Covariance { kind: KINDS[kind], range };
        let r = t * range;
        let k = |r: f64| cov.k(cov.rho(r * r));
        let h = 1e-4 * range;
        let d1 = (k(r + h) - k(r - h)) / (2.0 * h);
        let d2 = (k(r + h) - 2.0 * k(r) + k(r - h)) / (h * h);
        let rho = cov.rho(r * r);
        prop_assert!(close(cov.kp(rho) * r, d1, 1e-6), "K'(r): {} vs {}", cov.kp(rho) * r, d1);
        prop_assert!(close(cov.k2(rho), d2, 1e-4), "K''(r): {} vs {}", cov.k2(rho), d2);
    }

    /// The exported gradient is half the gradient of the field (ENGINE_MATH.md §5.2), for the
    /// kernels whose gradient covariance is the true Hessian (not the exponential QUIRK).
    #[test]
    fn exported_gradient_is_half_the_field_gradient(s in system(), x in point(), matern in any::<bool>()) {
        let mut s = s;
        s.covariance.kind = if matern { KernelFunction::Matern52 } else { KernelFunction::Cubic };
        let n = s.layout().size();
        let weights: Vec<f64> = (0..n).map(|i| ((i * 7919) % 13) as f64 / 13.0 - 0.5).collect();
        let field = |pts: &[Point], gradient: bool| {
            let faults: Vec<Vec<f64>> = vec![vec![0.0; pts.len()]; s.layout().n_faults];
            evaluate::<Cpu>(&s, &weights, EvaluationPoints { xyz: pts, fault_values: &faults }, gradient, 1 << 20, &Default::default()).unwrap()
        };
        let g = field(&[x], true).gradient.unwrap()[0];
        let h = 1e-5;
        for axis in 0..3 {
            let (mut plus, mut minus) = (x, x);
            plus[axis] += h;
            minus[axis] -= h;
            let z = field(&[plus, minus], false).scalar;
            let dz = (z[0] - z[1]) / (2.0 * h);
            prop_assert!((dz - 2.0 * g[axis]).abs() <= 1e-4 * (1.0 + dz.abs()), "axis {}: dZ {} vs 2G {}", axis, dz, 2.0 * g[axis]);
        }
    }

    /// The fused CPU kernels compute what the tensor-op defaults compute.
    #[test]
    fn fused_cpu_matches_tensor_ops(s in system(), pts in prop::collection::vec(point(), 1..40)) {
        let device = Default::default();
        let fused_c = fused::covariance_block(&s);
        let tensor_c = tensor_ops::covariance_block::<Cpu>(&s, &device);
        prop_assert_eq!(fused_c.len(), tensor_c.len());
        for (a, b) in fused_c.iter().zip(&tensor_c) {
            prop_assert!(close(*a, *b, 1e-13), "{} vs {}", a, b);
        }
        let n = s.layout().size();
        let w: Vec<f64> = (0..n).map(|i| (i as f64).sin()).collect();
        let f = fused::kernel_field(&s, &w, &pts, true);
        let t = tensor_ops::kernel_field::<Cpu>(&s, &w, &pts, true, &device);
        for (a, b) in f.scalar.iter().zip(&t.scalar) {
            prop_assert!(close(*a, *b, 1e-12), "Z {} vs {}", a, b);
        }
        for (a, b) in f.gradient.unwrap().iter().zip(&t.gradient.unwrap()) {
            for c in 0..3 {
                prop_assert!(close(a[c], b[c], 1e-12), "G {:?} vs {:?}", a, b);
            }
        }
        prop_assert_eq!(<Cpu as GeoBackend>::NAME, "cpu");
    }
}

/// Chunking changes nothing: evaluating point by point equals evaluating all at once.
#[test]
fn chunking_does_not_change_the_field() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let s = system().new_tree(&mut runner).unwrap().current();
    let pts: Vec<Point> = (0..50)
        .map(|i| [i as f64 / 100.0 - 0.25, 0.1, -0.2])
        .collect();
    let n = s.layout().size();
    let w: Vec<f64> = (0..n).map(|i| (i as f64).cos()).collect();
    let faults: Vec<Vec<f64>> = (0..s.layout().n_faults)
        .map(|f| {
            pts.iter()
                .map(|p| (p[0] > 0.0) as u8 as f64 + f as f64)
                .collect()
        })
        .collect();
    let run = |chunk: usize| {
        evaluate::<Cpu>(
            &s,
            &w,
            EvaluationPoints {
                xyz: &pts,
                fault_values: &faults,
            },
            true,
            chunk,
            &Default::default(),
        )
        .unwrap()
    };
    assert_eq!(run(1), run(1 << 30));
}

/// On a GPU, burn's CUDA backend runs the tensor-op defaults: they must agree with the fused CPU
/// kernels. (Runs only with `--features cuda`, on a machine with an NVIDIA GPU.)
#[cfg(feature = "cuda")]
#[test]
fn cuda_tensor_ops_match_fused_cpu() {
    use strata_kernel::Gpu;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let gpu = Default::default();
    for _ in 0..16 {
        let s = system().new_tree(&mut runner).unwrap().current();
        let pts: Vec<Point> = (0..300)
            .map(|i| {
                [
                    (i as f64 * 0.37).sin() * 0.5,
                    (i as f64 * 0.11).cos() * 0.5,
                    i as f64 / 600.0 - 0.25,
                ]
            })
            .collect();
        let fused_c = fused::covariance_block(&s);
        let gpu_c = <Gpu as GeoBackend>::covariance_block(&s, &gpu);
        for (a, b) in fused_c.iter().zip(&gpu_c) {
            assert!(close(*a, *b, 1e-12), "covariance {a} vs {b}");
        }
        let n = s.layout().size();
        let w: Vec<f64> = (0..n).map(|i| (i as f64).sin()).collect();
        let f = fused::kernel_field(&s, &w, &pts, true);
        let g = <Gpu as GeoBackend>::kernel_field(&s, &w, &pts, true, &gpu);
        for (a, b) in f.scalar.iter().zip(&g.scalar) {
            assert!(close(*a, *b, 1e-12), "Z {a} vs {b}");
        }
        for (a, b) in f.gradient.unwrap().iter().zip(&g.gradient.unwrap()) {
            for c in 0..3 {
                assert!(close(a[c], b[c], 1e-12), "G {a:?} vs {b:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The fast `radial` forms equal the reference-order forms within a few ulps.
    #[test]
    fn radial_equals_the_reference_forms(kind in 0usize..3, range in 0.3f64..100.0, t in 0.0f64..1.5) {
        let cov = Covariance { kind: KINDS[kind], range };
        let d = t * range;
        let fast = cov.radial(d * d, true);
        let rho = cov.rho(d * d);
        prop_assert_eq!(fast.rho, rho);
        let scale = 1.0 / (range * range);
        prop_assert!((fast.k - cov.k(rho)).abs() <= 1e-14, "K {} vs {}", fast.k, cov.k(rho));
        prop_assert!((fast.kp - cov.kp(rho)).abs() <= 1e-13 * scale, "Kp {} vs {}", fast.kp, cov.kp(rho));
        prop_assert!((fast.k2 - cov.k2(rho)).abs() <= 1e-13 * scale, "K2 {} vs {}", fast.k2, cov.k2(rho));
    }
}
