//! Properties of the covariance functions, the assembled system and the evaluation that hold for
//! any data, and the agreement of the fused CPU kernels with the tensor-op defaults.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::FileFailurePersistence;
use strata_data::{KernelFunction, KernelOptions};
use strata_kernel::tensor_ops::{self, TensorField};
use strata_kernel::{
    CHUNK_SIZE, Covariance, Cpu, Dtype, EvaluationPoints, Field, GeoBackend, HESSIAN_EPSILON,
    Implementation, Kernels, KrigingSystem, Point, PreparedField, assemble, fused,
};

const KINDS: [KernelFunction; 3] = [
    KernelFunction::Cubic,
    KernelFunction::Exponential,
    KernelFunction::Matern52,
];

fn point() -> impl Strategy<Value = Point> {
    [-0.5f64..0.5, -0.5f64..0.5, -0.5f64..0.5]
}

/// The draws of a random system: kernel index, drift degree, orientations `(p, g)`, interface
/// pairs `(q, r, fault draw at q, fault draw at r)`, number of faults, range.
type Parts = (
    usize,
    u8,
    Vec<(Point, Point)>,
    Vec<(Point, Point, f64, f64)>,
    usize,
    f64,
);

/// 1–4 orientations, 2–8 interface rows, any kernel, drift 0–2, 0–2 faults.
fn parts() -> impl Strategy<Value = Parts> {
    (
        0usize..3,
        0u8..3,
        prop::collection::vec((point(), point()), 1..5),
        prop::collection::vec((point(), point(), 0.0f64..1.0, 0.0f64..1.0), 2..9),
        0usize..3,
        1.0f64..3.0,
    )
}

/// The system of `parts` with covariance function `kind`: each interface pair is a surface of
/// two points, fault drift `f` takes the values `round(draw + f)`.
fn build(parts: &Parts, kind: KernelFunction) -> KrigingSystem {
    let (_, drift, orientations, pairs, n_faults, range) = parts;
    let options = KernelOptions::for_range(*range)
        .with_kernel(kind)
        .with_drift_degree(*drift);
    let mut builder = KrigingSystem::builder(options);
    for &(p, g) in orientations {
        builder = builder.orientation(p, g);
    }
    for &(q, r, _, _) in pairs {
        builder = builder.surface(&[q, r]);
    }
    for f in 0..*n_faults {
        let values: Vec<f64> = pairs
            .iter()
            .flat_map(|p| [(p.2 + f as f64).round(), (p.3 + f as f64).round()])
            .collect();
        builder = builder.fault_drift(&values);
    }
    builder.build().expect("a valid random system")
}

/// A random system ([`parts`]) with its drawn kernel.
fn system() -> impl Strategy<Value = KrigingSystem> {
    parts().prop_map(|p| build(&p, KINDS[p.0]))
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn system_matrix_is_symmetric(s in system()) {
        let a = assemble(&s, &Kernels::<Cpu>::default());
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

    /// The exported gradient is half the gradient of the field (docs/math.md §5.2), for the
    /// kernels whose gradient covariance is the true Hessian (not the exponential QUIRK), up to
    /// three computed bounds:
    /// * the `1e−5` that regularises the gradient–gradient denominator: `G` divides by
    ///   `ρ² + 1e−5` where `∂Z` divides by `ρ²`, so per orientation
    ///   `|2G − ∂Z| ≤ 2c_o |sw·h_b|(M_K2 + M_Kp)·1e−5/(ρ²(ρ² + 1e−5))` ([`regularisation_bound`]);
    /// * the truncation of the central difference `D(h)`, estimated by Richardson as
    ///   `|D(2h) − D(h)|/3` (taken twice);
    /// * the rounding of the differences, `2ε·M_Z/h` (`M_Z` from [`field_magnitudes`], plus the
    ///   drift terms' `Σ|w_U|`).
    #[test]
    fn exported_gradient_is_half_the_field_gradient(p in parts(), x in point(), matern in any::<bool>()) {
        let s = build(&p, if matern { KernelFunction::Matern52 } else { KernelFunction::Cubic });
        let n = s.layout().size();
        let weights: Vec<f64> = (0..n).map(|i| ((i * 7919) % 13) as f64 / 13.0 - 0.5).collect();
        let field = Field::new(&s, &weights, &Kernels::<Cpu>::default()).unwrap();
        let at = |pts: &[Point], gradient: bool| {
            let zeros = vec![0.0; pts.len()];
            let faults = vec![zeros.as_slice(); s.layout().n_faults];
            field.evaluate(EvaluationPoints { xyz: pts, fault_values: &faults }, gradient).unwrap()
        };
        let g = at(&[x], true).gradient.unwrap()[0];
        let h = 1e-5;
        let (mz, _) = field_magnitudes(&s, &weights, &x);
        let mz = mz + s.gi_res() * weights[3 * s.orientation_xyz().len() + s.rest().len()..].iter().map(|w| w.abs()).sum::<f64>();
        let regularisation = regularisation_bound(&s, &weights, &x);
        for axis in 0..3 {
            let difference = |step: f64| {
                let (mut plus, mut minus) = (x, x);
                plus[axis] += step;
                minus[axis] -= step;
                let z = at(&[plus, minus], false).scalar;
                (z[0] - z[1]) / (2.0 * step)
            };
            let (dz, dz2) = (difference(h), difference(2.0 * h));
            let bound = regularisation[axis] + 2.0 * (dz2 - dz).abs() / 3.0 + 2.0 * EPS * mz / h;
            prop_assert!((dz - 2.0 * g[axis]).abs() <= bound, "axis {}: dZ {} vs 2G {} (bound {})", axis, dz, 2.0 * g[axis], bound);
        }
    }

    /// The fused CPU kernels compute what the tensor-op defaults compute, within the rounding
    /// bound of two orders of evaluating the same sums: `ε·(k_kernel + k_sum)·M` per entry, `M`
    /// the sum of the absolute values of its terms ([`covariance_magnitudes`],
    /// [`field_magnitudes`]). The covariance block uses the reference forms on both sides; the
    /// evaluation uses the Horner forms, merged reference points and another summation order
    /// in the fused kernel.
    #[test]
    fn fused_cpu_matches_tensor_ops(s in system(), pts in prop::collection::vec(point(), 1..40)) {
        let device = Default::default();
        let fused_c = fused::covariance_block_reference(&s);
        let tensor_c = tensor_ops::covariance_block_reference::<Cpu>(&s, &device);
        prop_assert_eq!(fused_c.len(), tensor_c.len());
        let m = covariance_magnitudes(&s);
        // Each entry is a sum of at most 4 kernel terms scaled once: 8 roundings beyond the kernels.
        let k_block = KERNEL_ROUNDINGS + 8.0;
        for ((a, b), m) in fused_c.iter().zip(&tensor_c).zip(&m) {
            prop_assert!((a - b).abs() <= k_block * EPS * m, "{} vs {} (M {})", a, b, m);
        }
        let n = s.layout().size();
        let w: Vec<f64> = (0..n).map(|i| (i as f64).sin()).collect();
        let fused = Kernels::<Cpu>::default();
        let tensor = fused.clone().with_implementation(Implementation::TensorOps);
        let f = fused.prepare(&s, &w).unwrap().kernel_field(&pts, true);
        let t = tensor.prepare(&s, &w).unwrap().kernel_field(&pts, true);
        // Per term: the kernel, ≤ 6 products and quotients, 3 scalings; then a sum of n terms
        // (γ_n), merged references included.
        let k_field = KERNEL_ROUNDINGS + 9.0 + n as f64;
        let (fg, tg) = (f.gradient.unwrap(), t.gradient.unwrap());
        for (j, x) in pts.iter().enumerate() {
            let (mz, mg) = field_magnitudes(&s, &w, x);
            let (a, b) = (f.scalar[j], t.scalar[j]);
            prop_assert!((a - b).abs() <= k_field * EPS * mz, "Z {} vs {} (M {})", a, b, mz);
            for c in 0..3 {
                let (a, b) = (fg[j][c], tg[j][c]);
                prop_assert!((a - b).abs() <= k_field * EPS * mg[c], "G {:?} vs {:?} (M {:?})", fg[j], tg[j], mg);
            }
        }
        prop_assert_eq!(<Cpu as GeoBackend>::NAME, "cpu");
    }
}

/// `Σ|terms|` of every entry of the covariance block (formulas in
/// [`tensor_ops::covariance_block_reference`]), row-major like the block.
fn covariance_magnitudes(s: &KrigingSystem) -> Vec<f64> {
    let cov = s.covariance();
    let (p, q, r) = (&s.orientation_xyz(), &s.reference(), &s.rest());
    let no = p.len();
    let nc = 3 * no + r.len();
    let at = |x: &Point, y: &Point| {
        let h = [x[0] - y[0], x[1] - y[1], x[2] - y[2]];
        let rho = cov.rho(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
        (h, rho, magnitudes(&cov, rho))
    };
    let mut m = vec![0.0; nc * nc];
    for (i, pi) in p.iter().enumerate() {
        for (j, pj) in p.iter().enumerate() {
            let (h, rho, [_, mkp, mk2]) = at(pi, pj);
            let den = rho * rho + HESSIAN_EPSILON;
            for a in 0..3 {
                for b in 0..3 {
                    let diagonal = if a == b { mkp } else { 0.0 };
                    m[(a * no + i) * nc + b * no + j] =
                        (h[a] * h[b]).abs() / den * (mk2 + mkp) + diagonal;
                }
            }
        }
        for k in 0..r.len() {
            let ((hq, _, mq), (hr, _, mr)) = (at(pi, &q[k]), at(pi, &r[k]));
            for a in 0..3 {
                let v = s.gi_res() * (hq[a].abs() * mq[1] + hr[a].abs() * mr[1]);
                m[(a * no + i) * nc + 3 * no + k] = v;
                m[(3 * no + k) * nc + a * no + i] = v;
            }
        }
    }
    for k in 0..r.len() {
        for l in 0..r.len() {
            let pairs = [
                (&r[k], &r[l]),
                (&r[k], &q[l]),
                (&q[k], &r[l]),
                (&q[k], &q[l]),
            ];
            m[(3 * no + k) * nc + 3 * no + l] =
                s.i_res() * pairs.iter().map(|(x, y)| at(x, y).2[0]).sum::<f64>();
        }
    }
    m
}

/// `|2G − ∂Z|` per axis at `x` caused by the `1e−5` in `G`'s gradient–gradient denominator.
fn regularisation_bound(s: &KrigingSystem, w: &[f64], x: &Point) -> Point {
    let cov = s.covariance();
    let no = s.orientation_xyz().len();
    let mut bound = [0.0; 3];
    for (i, p) in s.orientation_xyz().iter().enumerate() {
        let h = [p[0] - x[0], p[1] - x[1], p[2] - x[2]];
        let rho = cov.rho(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
        let [_, mkp, mk2] = magnitudes(&cov, rho);
        let sw: f64 = (0..3).map(|a| (w[a * no + i] * h[a]).abs()).sum();
        let rho2 = rho * rho;
        let gap = HESSIAN_EPSILON / (rho2 * (rho2 + HESSIAN_EPSILON));
        for b in 0..3 {
            bound[b] += 2.0 * s.c_o() * sw * h[b].abs() * (mk2 + mkp) * gap;
        }
    }
    bound
}

/// `Σ|terms|` of the kernel part of `Z` and of each component of `G` at `x` with weights `w`
/// (formulas on [`Field`]).
fn field_magnitudes(s: &KrigingSystem, w: &[f64], x: &Point) -> (f64, Point) {
    let cov = s.covariance();
    let no = s.orientation_xyz().len();
    let at = |y: &Point| {
        let h = [y[0] - x[0], y[1] - x[1], y[2] - x[2]];
        let rho = cov.rho(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
        (h, rho, magnitudes(&cov, rho))
    };
    let (mut mz, mut mg) = (0.0, [0.0; 3]);
    for (i, p) in s.orientation_xyz().iter().enumerate() {
        let (h, rho, [_, mkp, mk2]) = at(p);
        let wi = [w[i], w[no + i], w[2 * no + i]].map(f64::abs);
        let sw = wi[0] * h[0].abs() + wi[1] * h[1].abs() + wi[2] * h[2].abs();
        mz += s.c_o() * s.gi_res() * sw * mkp;
        for b in 0..3 {
            let den = rho * rho + HESSIAN_EPSILON;
            mg[b] += s.c_o() * (h[b].abs() * sw * (mk2 + mkp) / den + wi[b] * mkp);
        }
    }
    for (k, (q, r)) in s.reference().iter().zip(s.rest()).enumerate() {
        let wk = w[3 * no + k].abs();
        let ((hq, _, mq), (hr, _, mr)) = (at(q), at(r));
        mz += s.c_o() * s.i_res() * wk * (mq[0] + mr[0]);
        for b in 0..3 {
            mg[b] += s.c_o() * s.gi_res() * wk * (hq[b].abs() * mq[1] + hr[b].abs() * mr[1]);
        }
    }
    (mz, mg)
}

/// A random system with weights `cos(i)` and 50 points along a line, for the tests below.
fn system_points_weights() -> (KrigingSystem, Vec<Point>, Vec<f64>) {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let s = system().new_tree(&mut runner).unwrap().current();
    let pts: Vec<Point> = (0..50)
        .map(|i| [i as f64 / 100.0 - 0.25, 0.1, -0.2])
        .collect();
    let w: Vec<f64> = (0..s.layout().size()).map(|i| (i as f64).cos()).collect();
    (s, pts, w)
}

/// Chunking changes nothing: the tensor-op path evaluated point by point equals it evaluated
/// all at once.
#[test]
fn chunking_does_not_change_the_field() {
    let (s, pts, w) = system_points_weights();
    let run = |chunk: usize| {
        TensorField::<Cpu>::new(&s, &w, Dtype::F64, chunk, &Default::default())
            .unwrap()
            .kernel_field(&pts, true)
    };
    assert_eq!(run(1), run(1 << 30));
}

/// A point's value does not depend on which other points are evaluated with it (lane, task
/// and thread assignment): the fused kernels point by point equal them on all points at once,
/// bit for bit, in both precisions.
#[test]
fn fused_values_do_not_depend_on_the_batch() {
    let (s, pts, w) = system_points_weights();
    for dtype in [Dtype::F64, Dtype::F32] {
        let field = Kernels::<Cpu>::default()
            .with_dtype(dtype)
            .prepare(&s, &w)
            .unwrap();
        let all = field.kernel_field(&pts, true);
        for (j, p) in pts.iter().enumerate() {
            let one = field.kernel_field(std::slice::from_ref(p), true);
            assert_eq!(
                one.scalar[0].to_bits(),
                all.scalar[j].to_bits(),
                "{dtype} point {j}"
            );
            let (g1, ga) = (one.gradient.unwrap()[0], all.gradient.as_ref().unwrap()[j]);
            assert_eq!(
                g1.map(f64::to_bits),
                ga.map(f64::to_bits),
                "{dtype} point {j}"
            );
        }
    }
}

/// The tensor-op path cannot evaluate in a precision other than its backend's.
#[test]
fn tensor_path_refuses_another_dtype() {
    let (s, _, w) = system_points_weights();
    let err =
        TensorField::<Cpu>::new(&s, &w, Dtype::F32, CHUNK_SIZE, &Default::default()).unwrap_err();
    assert!(err.to_string().contains("f32"), "{err}");
}

/// The device kernels (`cube`: Vulkan here, CUDA on an NVIDIA host) against the fused CPU
/// kernels within the rounding bounds above: the covariance block in `f64`, the field and its
/// gradient in `f64` and in `f32` (at `f32`'s unit roundoff), on 24 random small systems and a
/// large one of each kernel that spans several shared-memory tiles. Prints why and returns
/// where no device runs.
#[cfg(feature = "vulkan")]
#[test]
fn vulkan_kernels_match_fused_cpu() {
    device_kernels_match_fused_cpu::<strata_kernel::cube::VulkanRuntime>();
}

/// [`vulkan_kernels_match_fused_cpu`] on CUDA.
#[cfg(feature = "cuda")]
#[test]
fn cuda_kernels_match_fused_cpu() {
    device_kernels_match_fused_cpu::<strata_kernel::cube::CudaRuntime>();
}

#[cfg(feature = "cube")]
fn device_kernels_match_fused_cpu<R: strata_kernel::cube::DeviceRuntime>() {
    use strata_kernel::FieldValues;
    use strata_kernel::cube::{DeviceField, covariance_block_fast, probe};
    let device = R::Device::default();
    if let Err(why) = probe::<R>(&device) {
        println!("skipped: no {} device ({why})", R::STRATA_NAME);
        return;
    }
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut systems: Vec<KrigingSystem> = (0..24)
        .map(|_| system().new_tree(&mut runner).unwrap().current())
        .collect();
    systems.extend(KINDS.map(large_system));
    let pts: Vec<Point> = (0..300)
        .map(|i| {
            let t = i as f64;
            [
                (t * 0.37).sin() * 0.5,
                (t * 0.11).cos() * 0.5,
                t / 600.0 - 0.25,
            ]
        })
        .collect();
    // The software exponential of the SPIR-V `f64` kernels: 13 Horner steps of 2 roundings.
    let kernel = KERNEL_ROUNDINGS + 26.0;
    for s in &systems {
        let m = covariance_magnitudes(s);
        let (fused_c, device_c) = (
            fused::covariance_block_reference(s),
            covariance_block_fast::<R>(s, &device),
        );
        assert_eq!(fused_c.len(), device_c.len());
        for ((a, b), m) in fused_c.iter().zip(&device_c).zip(&m) {
            assert!(
                (a - b).abs() <= (kernel + 8.0) * EPS * m,
                "C {a} vs {b} (M {m})"
            );
        }
        let n = s.layout().size();
        let w: Vec<f64> = (0..n).map(|i| (i as f64).sin()).collect();
        let k_field = kernel + 9.0 + n as f64;
        let check = |f: FieldValues, d: FieldValues, eps: f64, what: &str| {
            let (fg, dg) = (f.gradient.unwrap(), d.gradient.unwrap());
            for (j, x) in pts.iter().enumerate() {
                let (mz, mg) = field_magnitudes(s, &w, x);
                let (a, b) = (f.scalar[j], d.scalar[j]);
                assert!(
                    (a - b).abs() <= k_field * eps * mz,
                    "{what} Z {a} vs {b} (M {mz})"
                );
                for c in 0..3 {
                    let (a, b) = (fg[j][c], dg[j][c]);
                    assert!(
                        (a - b).abs() <= k_field * eps * mg[c],
                        "{what} G {a} vs {b} (M {mg:?})"
                    );
                }
            }
        };
        check(
            fused::FusedField::<f64>::new(s, &w).kernel_field(&pts, true),
            DeviceField::<R, f64>::new(s, &w, &device).kernel_field(&pts, true),
            EPS,
            "f64",
        );
        check(
            fused::FusedField::<f32>::new(s, &w).kernel_field(&pts, true),
            DeviceField::<R, f32>::new(s, &w, &device).kernel_field(&pts, true),
            f64::from(f32::EPSILON),
            "f32",
        );
        // Without the gradient, the same values.
        let z = DeviceField::<R, f64>::new(s, &w, &device).kernel_field(&pts, false);
        let zg = DeviceField::<R, f64>::new(s, &w, &device).kernel_field(&pts, true);
        assert_eq!(z.scalar, zg.scalar);
    }
}

/// 150 orientations and 200 two-point surfaces spread over the unit cube with kernel `kind`:
/// more data than one shared-memory tile holds.
#[cfg(feature = "cube")]
fn large_system(kind: KernelFunction) -> KrigingSystem {
    let at = |i: usize, k: f64| {
        let t = i as f64 + k;
        [
            (t * 0.731).sin() * 0.5,
            (t * 1.37).cos() * 0.5,
            (t * 0.173).sin() * 0.5,
        ]
    };
    let mut builder = KrigingSystem::builder(
        KernelOptions::for_range(1.5)
            .with_kernel(kind)
            .with_drift_degree(1),
    );
    for i in 0..150 {
        builder = builder.orientation(at(i, 0.0), at(i, 0.5));
    }
    for i in 0..200 {
        builder = builder.surface(&[at(i, 0.25), at(i, 0.75)]);
    }
    builder.build().expect("a valid system")
}

/// Unit roundoff bound used below: `ε = 2⁻⁵²`, one ulp of 1.
const EPS: f64 = f64::EPSILON;

/// The sizes of the terms of `K`, `Kp` and `K2` at kernel argument `ρ`: each function is a sum of
/// terms (a polynomial in `t = r/a`, times `e^(…)` for the exponential and Matérn kernels), and
/// these are the sums of the terms' absolute values. Any order of evaluating such a sum rounds
/// each partial result by at most `ε/2` of a quantity no larger than this magnitude, so two
/// orders of operations differ by at most `(k₁ + k₂)·ε/2·M` where `k₁`, `k₂` count the roundings
/// on their longest paths (Higham, *Accuracy and Stability*, §3.1: `|fl(Σ) − Σ| ≤ γ_k Σ|terms|`).
fn magnitudes(cov: &Covariance, rho: f64) -> [f64; 3] {
    let a = cov.range;
    let a2 = a * a;
    match cov.kind {
        KernelFunction::Cubic => {
            let t = rho / a;
            [
                1.0 + t * t * (7.0 + t * (8.75 + t * t * (3.5 + 0.75 * t * t))),
                (14.0 + t * (26.25 + t * t * (17.5 + 5.25 * t * t))) / a2,
                3.5 * (4.0 + t * (15.0 + t * t * (20.0 + 9.0 * t * t))) / a2,
            ]
        }
        KernelFunction::Exponential => {
            let e = (-rho / (2.0 * a2)).exp();
            [e, e / a2, (rho / (a2 * a2) + 1.0 / a2) * e]
        }
        KernelFunction::Matern52 => {
            let s5 = 5f64.sqrt();
            let x = rho / a;
            let e = (-s5 * x).exp();
            [
                (1.0 + s5 * x + 5.0 / 3.0 * x * x) * e,
                5.0 * e * (a + s5 * rho) / (3.0 * a2 * a),
                5.0 * e * (a2 + s5 * a * rho + 5.0 * rho * rho) / (3.0 * a2 * a2),
            ]
        }
    }
}

/// Roundings on the longest path of either form of one covariance function: the reference form
/// (`r/a`, libm `pow` ≤ 1 ulp, the constant products and quotient of each term, 4 additions)
/// takes at most 12, the Horner form at most 20 (`t = r/a` carries into `t⁷` as 7 roundings, plus
/// 2 per Horner step); 32 bounds both with margin.
const KERNEL_ROUNDINGS: f64 = 32.0;

proptest! {
    #![proptest_config(config(256))]

    /// The fast `radial` forms equal the reference-order forms within the rounding bound of two
    /// evaluations of the same sum of terms: `|fast − reference| ≤ 2·32·(ε/2)·M`, `M` the
    /// magnitude of the terms ([`magnitudes`]). (`M` exceeds `|K|` by up to 150× near `t = 1.5`,
    /// where the terms of the cubic cancel.)
    #[test]
    fn radial_equals_the_reference_forms(kind in 0usize..3, range in 0.3f64..100.0, t in 0.0f64..1.5) {
        let cov = Covariance { kind: KINDS[kind], range };
        let d = t * range;
        let fast = cov.radial_fast(d * d, true);
        let rho = cov.rho(d * d);
        prop_assert_eq!(fast.rho, rho);
        let [mk, mkp, mk2] = magnitudes(&cov, rho);
        let bound = |m: f64| KERNEL_ROUNDINGS * EPS * m;
        prop_assert!((fast.k - cov.k(rho)).abs() <= bound(mk), "K {} vs {} (M {})", fast.k, cov.k(rho), mk);
        prop_assert!((fast.kp - cov.kp(rho)).abs() <= bound(mkp), "Kp {} vs {} (M {})", fast.kp, cov.kp(rho), mkp);
        prop_assert!((fast.k2 - cov.k2(rho)).abs() <= bound(mk2), "K2 {} vs {} (M {})", fast.k2, cov.k2(rho), mk2);
    }
}

/// `cases` random cases per property; a failure's seed is saved beside this file
/// (`<name>.proptest-regressions`) and replayed first on every later run.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}
