//! The kriging variance against a direct dense computation and against its known behaviour.

use strata_data::{KernelFunction, KernelOptions};
use strata_kernel::{
    Cpu, EvaluationPoints, FAULT_FILLER, Field, Kernels, KrigingSystem, Point, Variance,
    VarianceMethod, VarianceOptions, assemble,
};
use strata_solver::{PivotTest, SolveOptions};

/// Two gently folded surfaces (eight points each) and four orientations in the unit cube;
/// with `fault`, a fault-drift column that steps across x = 0.
fn system(kernel: KernelFunction, drift: u8, fault: bool) -> KrigingSystem {
    let surface = |z0: f64| -> Vec<Point> {
        (0..8)
            .map(|k| {
                let (x, y) = (
                    -0.35 + 0.1 * k as f64,
                    0.3 * ((k * 3) % 7) as f64 / 7.0 - 0.15,
                );
                [x, y, z0 + 0.05 * (3.0 * x).sin()]
            })
            .collect()
    };
    let (top, base) = (surface(0.15), surface(-0.15));
    let mut builder = KrigingSystem::builder(
        KernelOptions::for_range(1.2)
            .with_kernel(kernel)
            .with_drift_degree(drift),
    )
    .orientation([-0.2, 0.0, 0.0], [0.1, 0.0, 1.0])
    .orientation([0.2, 0.1, 0.0], [-0.1, 0.05, 1.0])
    .orientation([0.0, -0.1, 0.15], [0.0, 0.0, 1.0])
    .orientation([0.1, 0.1, -0.15], [0.05, 0.0, 1.0])
    .surface(&top)
    .surface(&base);
    if fault {
        let step: Vec<f64> = top
            .iter()
            .chain(&base)
            .map(|p| f64::from(p[0] > 0.0))
            .collect();
        builder = builder.fault_drift(&step);
    }
    builder.build().unwrap()
}

fn variance(system: &KrigingSystem, options: &VarianceOptions) -> Variance {
    let assembled = assemble(system, &Kernels::<Cpu>::default());
    Variance::new(system, &assembled, options, PivotTest::default()).unwrap()
}

/// `A⁻¹` by Gauss–Jordan elimination with partial pivoting (independent of the solver crate).
fn inverse(a: &[f64], n: usize) -> Vec<f64> {
    let mut m: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let mut row = a[i * n..(i + 1) * n].to_vec();
            row.extend((0..n).map(|j| f64::from(i == j)));
            row
        })
        .collect();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| m[i][col].abs().total_cmp(&m[j][col].abs()))
            .unwrap();
        m.swap(col, pivot);
        let p = m[col][col];
        m[col].iter_mut().for_each(|v| *v /= p);
        let pivot_row = m[col].clone();
        for (i, row) in m.iter_mut().enumerate() {
            if i != col {
                let f = row[col];
                row.iter_mut()
                    .zip(&pivot_row)
                    .for_each(|(v, p)| *v -= f * p);
            }
        }
    }
    m.into_iter().flat_map(|row| row[n..].to_vec()).collect()
}

fn points_on_a_line(from: Point, to: Point, n: usize) -> Vec<Point> {
    (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64;
            [0, 1, 2].map(|a| from[a] + t * (to[a] - from[a]))
        })
        .collect()
}

fn no_faults(xyz: &[Point]) -> EvaluationPoints<'_> {
    EvaluationPoints {
        xyz,
        fault_values: &[],
    }
}

/// Column `k` of `A` (an interface row) is `v(q_k) − v(r_k)`, plus the nugget on the diagonal
/// and gempy_engine's filler in the fault row: `v` is the covariance the matrix is built from.
#[test]
fn interface_columns_of_the_matrix_are_increments_of_v() {
    for (kernel, drift) in [
        (KernelFunction::Cubic, 1),
        (KernelFunction::Matern52, 2),
        (KernelFunction::Exponential, 0),
    ] {
        let s = system(kernel, drift, true);
        let a = assemble(&s, &Kernels::<Cpu>::default());
        let layout = s.layout();
        let n = layout.size();
        let v = variance(&s, &VarianceOptions::default());
        let scale = s.c_o() * s.i_res();
        for k in 0..layout.n_rest {
            let vq = v
                .covariances(s.reference()[k], &[s.fault_reference()[0][k]])
                .unwrap();
            let vr = v.covariances(s.rest()[k], &[s.fault_rest()[0][k]]).unwrap();
            let row = layout.interface_row(k);
            for j in 0..n {
                let mut expected = vq[j] - vr[j];
                if j == row {
                    expected += s.c_o() * s.rest_nugget()[k];
                }
                if j == layout.fault_row(0) {
                    expected += FAULT_FILLER;
                }
                let found = a.matrix[j * n + row];
                assert!(
                    (found - expected).abs() < 1e-11 * scale,
                    "{kernel:?}: A[{j}, {row}] = {found}, v(q) − v(r) = {expected}"
                );
            }
        }
    }
}

/// The field is `v(x)·w`: the variance's right-hand side is the field's own kernel vector.
#[test]
fn the_field_is_v_dot_the_weights() {
    let s = system(KernelFunction::Cubic, 2, false);
    let kernels = Kernels::<Cpu>::default();
    let w = assemble(&s, &kernels)
        .solve(&SolveOptions::default())
        .unwrap()
        .values;
    let field = Field::new(&s, &w, &kernels).unwrap();
    let xyz = points_on_a_line([-0.5, -0.4, -0.5], [0.6, 0.5, 0.4], 9);
    let z = field.evaluate(no_faults(&xyz), false).unwrap().scalar;
    let v = variance(&s, &VarianceOptions::default());
    for (x, z) in xyz.iter().zip(z) {
        let dot: f64 = v
            .covariances(*x, &[])
            .unwrap()
            .iter()
            .zip(&w)
            .map(|(a, b)| a * b)
            .sum();
        assert!((dot - z).abs() < 1e-10 * (1.0 + z.abs()), "{dot} vs {z}");
    }
}

/// `σ²(x) = c(x, x) − v(x)ᵀ A⁻¹ v(x)` with `A⁻¹` formed explicitly.
#[test]
fn the_exact_variance_equals_the_dense_formula() {
    let s = system(KernelFunction::Cubic, 1, true);
    let a = assemble(&s, &Kernels::<Cpu>::default());
    let n = s.layout().size();
    let a_inv = inverse(&a.matrix, n);
    let v = variance(&s, &VarianceOptions::default());
    assert_eq!(v.method(), VarianceMethod::Exact);
    let xyz = points_on_a_line([-0.6, -0.3, -0.4], [0.5, 0.4, 0.45], 21);
    let faults: Vec<f64> = xyz.iter().map(|p| f64::from(p[0] > 0.0)).collect();
    let points = EvaluationPoints {
        xyz: &xyz,
        fault_values: &[&faults],
    };
    let variances = v.field(points).unwrap();
    let c0 = s.c_o() * s.i_res() * s.covariance().radial_fast(0.0, false).k;
    for ((x, f), found) in xyz.iter().zip(&faults).zip(&variances) {
        let k = v.covariances(*x, &[*f]).unwrap();
        let quadratic: f64 = (0..n)
            .map(|i| k[i] * (0..n).map(|j| a_inv[i * n + j] * k[j]).sum::<f64>())
            .sum();
        let expected = (c0 - quadratic).max(0.0);
        assert!(
            (found - expected).abs() < 1e-9 * c0,
            "σ²({x:?}) = {found}, dense {expected}"
        );
    }
    // Away from the data the field is uncertain.
    assert!(variances.iter().all(|&s| s >= 0.0), "{variances:?}");
    assert!(variances[0] > 1e-3 * c0, "{}", variances[0]);
}

/// The increment `Z(x) − Z(q)` of a surface's reference point `q` is known to within the
/// nugget at the surface's points and becomes uncertain away from the data.
#[test]
fn the_increment_variance_is_the_nugget_at_the_data_and_grows_away_from_it() {
    let s = system(KernelFunction::Cubic, 1, false);
    let v = variance(&s, &VarianceOptions::default());
    let q = s.reference()[0];
    // The top surface's rest points: its first seven interface rows.
    let rest: Vec<Point> = s.rest()[..7].to_vec();
    let at_data = v.increment(no_faults(&rest), q, &[]).unwrap();
    let nugget = s.c_o() * s.rest_nugget()[0];
    for (r, sigma2) in rest.iter().zip(&at_data) {
        assert!(
            *sigma2 <= nugget,
            "σ²_q({r:?}) = {sigma2} > c_o·η = {nugget}"
        );
    }
    assert_eq!(v.increment(no_faults(&[q]), q, &[]).unwrap()[0], 0.0);
    // Outwards from the last rest point, beyond the data but within the range (1.2) of them:
    // non-decreasing, and far larger.
    let out = points_on_a_line(rest[6], [0.6, 0.6, 0.5], 12);
    let away = v.increment(no_faults(&out), q, &[]).unwrap();
    for pair in away.windows(2) {
        assert!(pair[1] >= pair[0] * (1.0 - 1e-9), "{away:?}");
    }
    assert!(away[11] > 1e3 * nugget, "{away:?}");
}

/// Neighbourhoods drop data, so their variance bounds the exact one from above; with every row
/// in the neighbourhood it is the exact variance.
#[test]
fn neighbourhoods_bound_the_exact_variance_and_meet_it_with_every_row() {
    let s = system(KernelFunction::Cubic, 1, true);
    let n = s.layout().size();
    let exact = variance(&s, &VarianceOptions::default());
    let local = variance(
        &s,
        &VarianceOptions::default()
            .with_dense_limit(0)
            .with_neighbourhood(12)
            .with_tile_points(10),
    );
    let whole = variance(
        &s,
        &VarianceOptions::default()
            .with_dense_limit(0)
            .with_neighbourhood(n)
            .with_tile_points(10),
    );
    assert_eq!(local.method(), VarianceMethod::Neighbourhoods);
    let xyz: Vec<Point> = (0..125)
        .map(|i| [i / 25, (i / 5) % 5, i % 5].map(|c| -0.45 + 0.225 * c as f64))
        .collect();
    let faults: Vec<f64> = xyz.iter().map(|p| f64::from(p[0] > 0.0)).collect();
    let points = EvaluationPoints {
        xyz: &xyz,
        fault_values: &[&faults],
    };
    let (e, l, w) = (
        exact.field(points).unwrap(),
        local.field(points).unwrap(),
        whole.field(points).unwrap(),
    );
    let c0 = s.c_o() * s.i_res();
    let mut larger = 0;
    for j in 0..xyz.len() {
        assert!(l[j] >= e[j] - 1e-9 * c0, "point {j}: {} < {}", l[j], e[j]);
        assert!(
            (w[j] - e[j]).abs() < 1e-9 * c0,
            "point {j}: {} vs {}",
            w[j],
            e[j]
        );
        larger += usize::from(l[j] > e[j] + 1e-9 * c0);
    }
    assert!(
        larger > 0,
        "a neighbourhood of 12 rows of {n} dropped nothing"
    );
}

#[test]
fn the_variance_is_the_same_for_any_thread_count() {
    let s = system(KernelFunction::Cubic, 1, false);
    let xyz: Vec<Point> = (0..300)
        .map(|i| [i % 10, (i / 10) % 10, i / 100].map(|c| -0.5 + 0.1 * c as f64))
        .collect();
    for options in [
        VarianceOptions::default(),
        VarianceOptions::default()
            .with_dense_limit(0)
            .with_neighbourhood(10)
            .with_tile_points(16),
    ] {
        let v = variance(&s, &options);
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| v.field(no_faults(&xyz)).unwrap())
        };
        assert_eq!(run(1), run(3));
    }
}

#[test]
fn wrong_fault_columns_are_errors() {
    let s = system(KernelFunction::Cubic, 1, true);
    let v = variance(&s, &VarianceOptions::default());
    let xyz = [[0.0; 3]];
    assert!(v.field(no_faults(&xyz)).is_err());
    let short: [f64; 0] = [];
    let points = EvaluationPoints {
        xyz: &xyz,
        fault_values: &[&short],
    };
    assert!(v.field(points).is_err());
    assert!(v.covariances([0.0; 3], &[]).is_err());
}
