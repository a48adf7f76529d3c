//! The matrix-free covariance operator against the assembled `C`, with bounds from the
//! rounding error analysis of both sums, and the partition and the solve on the layered model.
//!
//! **Bound.** Every kernel value is a polynomial in `t = ρ/a` evaluated in Horner form (fused)
//! or term by term (reference); both err by at most `γ·K̄(t)` where `K̄` has the absolute values
//! of the coefficients (the running error bound of a polynomial), and a row of `C x` sums at
//! most `4(n_o + m) + n_c` such terms. So
//!
//! ```text
//! |(C x)_fused − (C x)_assembled|_i <= γ Σ_j M_ij |x_j|,   γ = (5 n + 60) u
//! ```
//!
//! with `M_ij` the entry of `C` with every kernel value replaced by its `K̄` and every
//! difference by a sum of absolute values, `n = n_c + m`, and `u` the unit roundoff of the
//! fused kernels' precision (`2⁻⁵³` or `2⁻²⁴`; in `f32` the coordinates are dyadic, so their
//! rounding is exact and only the arithmetic counts).

use strata_data::{KernelOptions, LayeredGrid, LayeredModel, Point};
use strata_kernel::{
    CovarianceOperator, Cpu, Dtype, KernelError, Kernels, KrigingSystem, MatrixFreeOptions,
    SchwarzOptions, Stopping, assemble, subdomains,
};
use strata_solver::iterative::{IterativeError, IterativeOptions, SymmetricOperator};
use strata_solver::{SolveOptions, SystemMatrix, solve_weights};

/// The fused CPU kernels in `f64`.
fn cpu() -> Kernels<Cpu> {
    Kernels::default()
}

/// `K̄`, `K̄p`, `K̄2` of the cubic kernel at `ρ` (absolute coefficients).
fn magnitudes(rho: f64, a: f64) -> [f64; 3] {
    let t = rho / a;
    let a2 = a * a;
    [
        1.0 + t * t * (7.0 + t * (8.75 + t * t * (3.5 + 0.75 * t * t))),
        (14.0 + t * (26.25 + t * t * (17.5 + 5.25 * t * t))) / a2,
        (14.0 + t * (52.5 + t * t * (70.0 + 31.5 * t * t))) / a2,
    ]
}

fn rho(x: &Point, y: &Point) -> f64 {
    ((0..3).map(|a| (x[a] - y[a]).powi(2)).sum::<f64>() + 1e-10).sqrt()
}

/// `M_ij` (module docs), the nugget included on the diagonal.
fn magnitude(s: &KrigingSystem, row: usize, col: usize) -> f64 {
    let (a, c_o) = (s.covariance().range, s.c_o());
    let (p, q, r) = (s.orientation_xyz(), s.reference(), s.rest());
    let no = p.len();
    let nugget = if row == col { c_o } else { 0.0 };
    nugget
        + match (row < 3 * no, col < 3 * no) {
            (true, true) => {
                let (ai, i, bj, j) = (row / no, row % no, col / no, col % no);
                let h: Vec<f64> = (0..3).map(|d| p[i][d] - p[j][d]).collect();
                let rh = rho(&p[i], &p[j]);
                let [_, kp, k2] = magnitudes(rh, a);
                let delta = if ai == bj { kp } else { 0.0 };
                c_o * ((h[ai] * h[bj]).abs() / (rh * rh + 1e-5) * (k2 + kp) + delta)
            }
            (false, false) => {
                let (k, l) = (row - 3 * no, col - 3 * no);
                let k_bar = |x: &Point, y: &Point| magnitudes(rho(x, y), a)[0];
                c_o * s.i_res()
                    * (k_bar(&r[k], &r[l])
                        + k_bar(&r[k], &q[l])
                        + k_bar(&q[k], &r[l])
                        + k_bar(&q[k], &q[l]))
            }
            _ => {
                let (g, k) = if row < 3 * no {
                    (row, col - 3 * no)
                } else {
                    (col, row - 3 * no)
                };
                let (axis, i) = (g / no, g % no);
                let term =
                    |y: &Point| (p[i][axis] - y[axis]).abs() * magnitudes(rho(&p[i], y), a)[1];
                c_o * s.gi_res() * (term(&q[k]) + term(&r[k]))
            }
        }
}

/// `Σ_j M_ij |x_j|` for every row (module docs).
fn magnitude_times(s: &KrigingSystem, x: &[f64]) -> Vec<f64> {
    let n_c = s.layout().covariance_size();
    (0..n_c)
        .map(|i| (0..n_c).map(|j| magnitude(s, i, j) * x[j].abs()).sum())
        .collect()
}

/// `C x` from the assembled `A`.
fn assembled_product(s: &KrigingSystem, x: &[f64]) -> Vec<f64> {
    let a = assemble(s, &cpu());
    let n = a.layout.size();
    (0..x.len())
        .map(|i| (0..x.len()).map(|j| a.matrix[i * n + j] * x[j]).sum())
        .collect()
}

/// The layered model's system with `n × n` points per surface, `m × m` orientations and
/// gempy_engine's surface-point nugget.
fn layered(n: usize, m: usize) -> KrigingSystem {
    layered_with_nugget(n, m, 1e-6)
}

/// A system whose coordinates are multiples of 1/16 (exact in `f32`, as are their differences).
fn dyadic() -> KrigingSystem {
    let grid = |i: usize, j: usize, z: f64| [i as f64 / 16.0 - 0.5, j as f64 / 16.0 - 0.5, z];
    let surface = |z: f64| -> Vec<Point> {
        (0..5)
            .flat_map(|i| (0..4).map(move |j| grid(3 * i, 4 * j, z)))
            .collect()
    };
    KrigingSystem::builder(KernelOptions::for_range(3f64.sqrt()))
        .orientation(grid(4, 4, 0.0), [0.0, 0.0, 1.0])
        .orientation(grid(10, 8, 0.0625), [0.1, 0.0, 0.9])
        .surface(&surface(0.25))
        .surface(&surface(-0.25))
        .build()
        .unwrap()
}

fn pseudo_random(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| ((i * 7919 % 101) as f64 - 50.0) / 50.0)
        .collect()
}

fn assert_within_bound<O: SymmetricOperator>(s: &KrigingSystem, op: &O, unit_roundoff: f64) {
    let n_c = s.layout().covariance_size();
    let x = pseudo_random(n_c);
    let mut fast = vec![0.0; n_c];
    op.apply(&x, &mut fast);
    let reference = assembled_product(s, &x);
    let m = 2 * s.rest().len();
    let gamma = (5.0 * (n_c + m) as f64 + 60.0) * unit_roundoff;
    let f64_side = (5.0 * (n_c + m) as f64 + 60.0) * f64::EPSILON / 2.0;
    for (i, ((f, r), bound)) in fast
        .iter()
        .zip(&reference)
        .zip(magnitude_times(s, &x))
        .enumerate()
    {
        let allowed = (gamma + f64_side) * bound;
        assert!(
            (f - r).abs() <= allowed,
            "row {i}: {f} vs {r}, |Δ| = {:e} > {allowed:e}",
            (f - r).abs()
        );
    }
}

#[test]
fn f64_products_match_the_assembled_matrix_within_the_rounding_bound() {
    let s = layered(6, 3);
    assert_within_bound(
        &s,
        &CovarianceOperator::new(&s, &cpu()).unwrap(),
        f64::EPSILON / 2.0,
    );
}

#[test]
fn f32_products_match_the_assembled_matrix_within_the_rounding_bound() {
    let s = dyadic();
    assert_within_bound(
        &s,
        &CovarianceOperator::new(&s, &cpu().with_dtype(Dtype::F32)).unwrap(),
        f32::EPSILON as f64 / 2.0,
    );
}

#[test]
fn rows_are_those_of_the_full_product_and_columns_within_the_bound() {
    let s = layered(5, 3);
    let kernels = cpu();
    let op = CovarianceOperator::new(&s, &kernels).unwrap();
    let n_c = op.size();
    let x = pseudo_random(n_c);
    let mut full = vec![0.0; n_c];
    op.apply(&x, &mut full);
    let rows = [0, 4, 9, 27, 30, n_c - 1];
    let mut some = vec![0.0; rows.len()];
    op.apply_rows(&rows, &x, &mut some);
    for (&r, v) in rows.iter().zip(&some) {
        assert_eq!(v.to_bits(), full[r].to_bits(), "row {r}");
    }
    // C[.., cols] y against C applied to y scattered: the same sums without the zero terms.
    let columns = [1, 5, 28, 40];
    let y = [0.5, -1.0, 2.0, 0.25];
    let mut sparse = vec![0.0; n_c];
    op.apply_columns(&columns, &y, &mut sparse);
    let mut scattered = vec![0.0; n_c];
    for (&c, &v) in columns.iter().zip(&y) {
        scattered[c] = v;
    }
    let reference = assembled_product(&s, &scattered);
    let gamma = (5.0 * (2 * n_c) as f64 + 60.0) * f64::EPSILON;
    for (i, ((a, b), m)) in sparse
        .iter()
        .zip(&reference)
        .zip(magnitude_times(&s, &scattered))
        .enumerate()
    {
        assert!((a - b).abs() <= gamma * m, "row {i}: {a} vs {b}");
    }
}

/// The preconditioner's blocks use the Horner forms: each entry is the assembled one up to the
/// rounding of the few operations behind it, `γ M_ij` with `γ = 60 u`.
#[test]
fn principal_blocks_are_the_assembled_entries() {
    let s = layered(5, 3);
    let kernels = cpu();
    let op = CovarianceOperator::new(&s, &kernels).unwrap();
    let a = assemble(&s, &cpu());
    let n = a.layout.size();
    let rows = [2, 9, 10, 20, 27, 33, 41];
    let block = op.principal_block(&rows);
    for (bi, &i) in rows.iter().enumerate() {
        for (bj, &j) in rows.iter().enumerate() {
            let (b, e) = (block[bi * rows.len() + bj], a.matrix[i * n + j]);
            let bound = 60.0 * f64::EPSILON * magnitude(&s, i, j);
            assert!((b - e).abs() <= bound, "({i}, {j}): {b} vs {e}");
        }
    }
}

#[test]
fn the_partition_covers_every_row_with_bounded_parts() {
    let s = layered(30, 10);
    let n_c = s.layout().covariance_size();
    let options = SchwarzOptions::default()
        .with_subdomain_rows(200)
        .with_coarse_rows(100);
    let parts = subdomains(&s, &options);
    let mut covered = vec![false; n_c];
    for part in &parts.parts {
        assert!(part.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        part.iter().for_each(|&r| covered[r] = true);
    }
    assert!(covered.iter().all(|&c| c), "every row in a part");
    // Before growing, parts hold at most 200 rows; grown by a quarter on every side, at most
    // (1.5)² times as many on a surface, (1.5)³ in a volume.
    assert!(
        parts.parts.iter().all(|p| p.len() <= 200 * 4),
        "{:?}",
        parts.parts.iter().map(Vec::len).max()
    );
    assert!(
        (50..=200).contains(&parts.coarse.len()),
        "{} coarse rows",
        parts.coarse.len()
    );
    let small = layered(4, 2);
    let one = subdomains(&small, &SchwarzOptions::default());
    assert_eq!(
        one.parts,
        vec![(0..small.layout().covariance_size()).collect::<Vec<_>>()]
    );
    assert!(one.coarse.is_empty());
}

/// Clustered data (three dense "drillholes" of 400 points each and 40 points spread over the
/// rest) gets parts of balanced size: the k-d split is by count, so every part before growing
/// holds between half the limit and the limit, and there are at most `2 × rows / limit` of
/// them (a split at the box's midpoint leaves parts of a handful of rows beside full ones).
#[test]
fn the_partition_of_clustered_points_is_balanced() {
    let hole = |x: f64, y: f64, k: usize| -> Point {
        let t = k as f64 / 400.0;
        [x + 1e-5 * t, y - 1e-5 * t, -0.4 + 0.8 * t]
    };
    let mut points: Vec<Point> = Vec::new();
    for (x, y) in [(-0.4, -0.4), (0.35, -0.1), (0.0, 0.42)] {
        points.extend((0..400).map(|k| hole(x, y, k)));
    }
    points.extend((0..40).map(|k| {
        let f = |m: usize| ((k * m) % 41) as f64 / 41.0 - 0.5;
        [f(7), f(13), f(23)]
    }));
    let s = KrigingSystem::builder(KernelOptions::for_range(2.0))
        .orientation([0.0, 0.0, 0.0], [0.0, 0.0, 1.0])
        .surface(&points)
        .build()
        .unwrap();
    let n_c = s.layout().covariance_size();
    let limit = 100;
    // No overlap and no two points sharing a coordinate: the parts are the k-d leaves.
    let options = SchwarzOptions::default()
        .with_subdomain_rows(limit)
        .with_overlap(0.0)
        .with_coarse_rows(0);
    let parts = subdomains(&s, &options).parts;
    let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
    assert_eq!(sizes.iter().sum::<usize>(), n_c, "{sizes:?}");
    assert!(
        sizes.iter().all(|&m| (limit / 2 - 3..=limit).contains(&m)),
        "{sizes:?}"
    );
    assert!(parts.len() <= 2 * n_c / limit, "{} parts", parts.len());
}

#[test]
fn the_matrix_free_solve_meets_its_rule_and_matches_lu() {
    let s = layered(14, 5);
    let options = MatrixFreeOptions::default()
        .with_stopping(Stopping::FieldSpread)
        .with_preconditioner(Some(
            SchwarzOptions::default()
                .with_subdomain_rows(80)
                .with_coarse_rows(60),
        ));
    let solution = cpu().solve_matrix_free(&s, &options, None).unwrap();
    assert!(solution.residual <= 1e-10 && solution.iterations > 1);
    let a = assemble(&s, &cpu());
    let n = a.layout.size();
    let lu = solve_weights(
        SystemMatrix {
            n,
            data: &a.matrix,
            drift_start: a.layout.covariance_size(),
        },
        &a.rhs,
        SolveOptions::default().solver,
    )
    .unwrap();
    // The fields of the two weight vectors at the data differ by the residuals: compare
    // A w with b row by row, against the stopping rule's scale (2ĝL ≤ 2·√3 here).
    for i in 0..n {
        let aw: f64 = (0..n)
            .map(|j| a.matrix[i * n + j] * solution.values[j])
            .sum();
        let alu: f64 = (0..n).map(|j| a.matrix[i * n + j] * lu[j]).sum();
        assert!(
            (aw - a.rhs[i]).abs() <= 2.0 * 3f64.sqrt() * 1e-10 + 1e-12,
            "row {i}: {aw} vs {}",
            a.rhs[i]
        );
        assert!((alu - a.rhs[i]).abs() <= 1e-9, "LU row {i}");
    }
}

/// The nugget experiment of docs/architecture.md at `N ≈ 300`: with the two-level Schwarz
/// preconditioner the `f64` solve converges to `τ = 1e-10` in a few tens of iterations at
/// every nugget, without it it takes far more (or never gets there); `f32` products stop at
/// their rounding floor, far above `1e-10` but below `1e-4`.
#[test]
fn the_preconditioner_makes_every_nugget_converge() {
    let partition = SchwarzOptions::default()
        .with_subdomain_rows(100)
        .with_coarse_rows(80);
    for nugget in [1e-6, 1e-2, 1e2, 1e4] {
        let s = layered_with_nugget(10, 4, nugget);
        let options = |dtype, preconditioner| {
            MatrixFreeOptions::default()
                .with_stopping(Stopping::FieldSpread)
                .with_dtype(dtype)
                .with_preconditioner(preconditioner)
                .with_iterative(IterativeOptions::default().with_max_iterations(400))
        };
        let with = cpu()
            .solve_matrix_free(&s, &options(Dtype::F64, Some(partition)), None)
            .unwrap();
        assert!(
            with.residual <= 1e-10 && with.iterations <= 30,
            "nugget {nugget}: {} iterations, residual {:e}",
            with.iterations,
            with.residual
        );
        let without = cpu().solve_matrix_free(&s, &options(Dtype::F64, None), None);
        let plain = match without {
            Ok(solution) => solution.iterations,
            Err(KernelError::Solve(strata_solver::SolveError::Iterative(
                IterativeError::NoConvergence { iterations, .. },
            ))) => iterations,
            Err(e) => panic!("nugget {nugget}: {e}"),
        };
        assert!(
            plain > 3 * with.iterations,
            "nugget {nugget}: {plain} vs {}",
            with.iterations
        );
        let f32_options = options(Dtype::F32, Some(partition))
            .with_iterative(IterativeOptions::default().with_tolerance(1e-4));
        let low = cpu().solve_matrix_free(&s, &f32_options, None).unwrap();
        assert!(
            low.residual <= 1e-4,
            "nugget {nugget} f32: {:e}",
            low.residual
        );
    }
}

/// [`layered`] with surface-point nugget `nugget`.
fn layered_with_nugget(n: usize, m: usize, nugget: f64) -> KrigingSystem {
    let input = LayeredModel::new(n, m)
        .with_surface_nugget(nugget)
        .input(LayeredGrid::Regular(1))
        .unwrap();
    KrigingSystem::new(&input.stack(0), input.kernel(), &[]).unwrap()
}
