//! Lu vs CholeskySchur on kriging-like systems of order n = 200, 1000, 3000,
//! and the two condition numbers at n = 200, 800.
//!
//! Covariance: gempy's cubic kernel
//! `c(r) = 1 − 7ρ² + 35/4 ρ³ − 7/2 ρ⁵ + 3/4 ρ⁷` (`ρ = r/a < 1`, else 0) on
//! random points of the unit cube with range `a = 1.5` and a `10⁻⁶` nugget,
//! bordered by the 3-column linear drift `[x, y, z]`.
//!
//! * `solve_weights`: the factorisation and solve alone;
//! * `solve`: the same plus the default 1-norm condition estimate;
//! * `condition`: LU solve plus the 1-norm estimate (`1-norm estimate`) or
//!   the exact 2-norm condition number from the SVD (`2-norm`);
//! * `dense_large`: factorisation and solve at n = 2000, 4780 (whole Moureze), 8000:
//!   faer's sequential recursive LU (`faer_seq_lu`, the factorisation before the blocked
//!   one) against `solve_weights` with the blocked LU (`blocked_lu`) and the blocked
//!   Cholesky–Schur (`blocked_cholesky_schur`), in the global rayon pool.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, solve as lu_solve};
use faer::{Mat, MatRef, Par};
use strata_solver::{ConditionKind, SolveOptions, SolverKind, SystemMatrix, solve, solve_weights};

const SIZES: [usize; 3] = [200, 1000, 3000];
const KINDS: [SolverKind; 2] = [SolverKind::Lu, SolverKind::CholeskySchur];
const LARGE_SIZES: [usize; 3] = [2000, 4780, 8000];
const CONDITION_SIZES: [usize; 2] = [200, 800];
const CONDITIONS: [ConditionKind; 2] =
    [ConditionKind::OneNormEstimate, ConditionKind::TwoNormExact];

/// Row-major `A` of order `n` (`n − 3` points, 3 drift columns) and `b`.
fn kriging_system(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut state = 42u64;
    let mut uniform = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let n_c = n - 3;
    let points: Vec<[f64; 3]> = (0..n_c)
        .map(|_| [uniform(), uniform(), uniform()])
        .collect();
    let cubic = |r: f64| {
        let rho = r / 1.5;
        if rho >= 1.0 {
            0.0
        } else {
            1.0 - 7.0 * rho.powi(2) + 35.0 / 4.0 * rho.powi(3) - 3.5 * rho.powi(5)
                + 0.75 * rho.powi(7)
        }
    };
    let mut a = vec![0.0; n * n];
    for i in 0..n_c {
        for j in 0..n_c {
            let r = (0..3)
                .map(|k| (points[i][k] - points[j][k]).powi(2))
                .sum::<f64>()
                .sqrt();
            a[i * n + j] = cubic(r) + if i == j { 1e-6 } else { 0.0 };
        }
        for k in 0..3 {
            a[i * n + n_c + k] = points[i][k];
            a[(n_c + k) * n + i] = points[i][k];
        }
    }
    let b = (0..n)
        .map(|i| if i < n_c { uniform() } else { 0.0 })
        .collect();
    (a, b)
}

/// `A` of order `n` as a [`SystemMatrix`] over `a`.
fn view(n: usize, a: &[f64]) -> SystemMatrix<'_> {
    SystemMatrix {
        n,
        data: a,
        drift_start: n - 3,
    }
}

fn bench_solvers(c: &mut Criterion) {
    for (name, with_condition) in [("solve_weights", false), ("solve", true)] {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for n in SIZES {
            let (a, b) = kriging_system(n);
            let system = view(n, &a);
            for kind in KINDS {
                let options = SolveOptions::default().with_solver(kind);
                group.bench_with_input(
                    BenchmarkId::new(format!("{kind:?}"), n),
                    &n,
                    |bencher, _| {
                        bencher.iter(|| {
                            if with_condition {
                                black_box(solve(system, &b, &options).map(|s| s.values))
                            } else {
                                black_box(solve_weights(system, &b, kind))
                            }
                        })
                    },
                );
            }
        }
        group.finish();
    }
}

fn bench_conditions(c: &mut Criterion) {
    let mut group = c.benchmark_group("condition");
    group.sample_size(10);
    for n in CONDITION_SIZES {
        let (a, b) = kriging_system(n);
        let system = view(n, &a);
        for condition in CONDITIONS {
            let options = SolveOptions::default().with_condition(condition);
            group.bench_with_input(BenchmarkId::new(condition.name(), n), &n, |bencher, _| {
                bencher.iter(|| black_box(solve(system, &b, &options).map(|s| s.condition_number)))
            });
        }
    }
    group.finish();
}

/// `A⁻¹ b` by faer's recursive partial-pivoting LU, sequential: the dense solve before the
/// blocked factorisation.
fn faer_sequential_lu(a: MatRef<'_, f64>, b: &[f64]) -> Mat<f64> {
    let n = a.nrows();
    let mut lu = a.to_owned();
    let mut forward = vec![0usize; n];
    let mut inverse = vec![0usize; n];
    let mut scratch = MemBuffer::new(factor::lu_in_place_scratch::<usize, f64>(
        n,
        n,
        Par::Seq,
        Default::default(),
    ));
    let (_, perm) = factor::lu_in_place(
        lu.as_mut(),
        &mut forward,
        &mut inverse,
        Par::Seq,
        MemStack::new(&mut scratch),
        Default::default(),
    );
    let mut x = Mat::from_fn(n, 1, |i, _| b[i]);
    let mut scratch = MemBuffer::new(lu_solve::solve_in_place_scratch::<usize, f64>(
        n,
        1,
        Par::Seq,
    ));
    lu_solve::solve_in_place(
        lu.as_ref(),
        lu.as_ref(),
        perm,
        x.as_mut(),
        Par::Seq,
        MemStack::new(&mut scratch),
    );
    x
}

fn bench_large(c: &mut Criterion) {
    let mut group = c.benchmark_group("dense_large");
    group.sample_size(10);
    for n in LARGE_SIZES {
        let (a, b) = kriging_system(n);
        let system = view(n, &a);
        let matrix = MatRef::from_row_major_slice(&a, n, n);
        group.bench_with_input(BenchmarkId::new("faer_seq_lu", n), &n, |bencher, _| {
            bencher.iter(|| black_box(faer_sequential_lu(matrix, &b)))
        });
        for (name, kind) in [
            ("blocked_lu", SolverKind::Lu),
            ("blocked_cholesky_schur", SolverKind::CholeskySchur),
        ] {
            if let Err(err) = solve_weights(system, &b, kind) {
                eprintln!("dense_large/{name}/{n} skipped: {err}");
                continue;
            }
            group.bench_with_input(BenchmarkId::new(name, n), &n, |bencher, _| {
                bencher.iter(|| black_box(solve_weights(system, &b, kind)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_solvers, bench_conditions, bench_large);
criterion_main!(benches);
