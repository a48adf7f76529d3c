//! The default condition number, `κ₁(A) = ‖A‖₁ ‖A⁻¹‖₁` with `‖A⁻¹‖₁`
//! estimated, against the exact `κ₁` from the explicit inverse.

mod common;

use common::random_system;
use faer::Mat;
use faer::linalg::solvers::DenseSolveCore;
use strata_solver::{ConditionKind, SolveOptions, SolverKind, SystemMatrix, solve};

/// `‖M‖₁ = max_j Σ_i |m_ij|`.
fn one_norm(m: &Mat<f64>) -> f64 {
    (0..m.ncols())
        .map(|j| m.col(j).iter().map(|x| x.abs()).sum::<f64>())
        .fold(0.0, f64::max)
}

/// Exact `κ₁(A)` of the row-major `a` from `A⁻¹` formed explicitly.
fn exact_kappa_1(n: usize, a: &[f64]) -> f64 {
    let a = Mat::from_fn(n, n, |i, j| a[i * n + j]);
    one_norm(&a) * one_norm(&a.partial_piv_lu().inverse())
}

/// Solves with the default 1-norm estimate through both factorisations and
/// checks `κ₁ / 3 <= estimate <= κ₁` (up to the rounding `rounding` of the
/// exact value); returns the exact `κ₁`.
fn assert_estimate_brackets(n_c: usize, a: &[f64], b: &[f64], rounding: f64) -> f64 {
    let n = b.len();
    let system = SystemMatrix {
        n,
        data: a,
        drift_start: n_c,
    };
    let exact = exact_kappa_1(n, a);
    for solver in [SolverKind::Lu, SolverKind::CholeskySchur] {
        let solution = solve(system, b, &SolveOptions::default().with_solver(solver)).unwrap();
        assert_eq!(solution.condition_kind, ConditionKind::OneNormEstimate);
        let estimate = solution.condition_number;
        assert!(
            estimate <= exact * (1.0 + rounding) && estimate >= exact / 3.0,
            "{solver:?} n = {n}: estimate {estimate:e} vs exact κ₁ = {exact:e}"
        );
    }
    exact
}

#[test]
fn estimate_is_a_lower_bound_within_a_factor_three_on_random_systems() {
    for (n_c, n_d, nugget, seed) in [
        (10, 1, 1e-1, 1),
        (40, 4, 1e-2, 2),
        (120, 4, 1e-3, 3),
        (250, 3, 1e-2, 4),
        (77, 0, 1e-4, 5),
    ] {
        let (a, b) = random_system(n_c, n_d, nugget, seed);
        assert_estimate_brackets(n_c, &a, &b, 1e-12);
    }
}

/// Gaussian covariance `c(r) = exp(−r²/ℓ²)` of 60 points on `[0, 1]` with
/// `ℓ = 0.2` and a `10⁻¹⁰` nugget, bordered by the drift `[1, x]`:
/// `κ₁ ≈ 10¹¹`.
#[test]
fn estimate_is_a_lower_bound_within_a_factor_three_when_ill_conditioned() {
    let (n_c, n_d) = (60, 2);
    let n = n_c + n_d;
    let x = |i: usize| i as f64 / (n_c - 1) as f64;
    let mut a = vec![0.0; n * n];
    for i in 0..n_c {
        for j in 0..n_c {
            let r = (x(i) - x(j)) / 0.2;
            a[i * n + j] = (-r * r).exp() + if i == j { 1e-10 } else { 0.0 };
        }
        for (k, u) in [1.0, x(i)].into_iter().enumerate() {
            a[i * n + n_c + k] = u;
            a[(n_c + k) * n + i] = u;
        }
    }
    let b: Vec<f64> = (0..n).map(|i| (i as f64).sin()).collect();
    // The explicit inverse itself is only accurate to about κ·ε.
    let exact = assert_estimate_brackets(n_c, &a, &b, 1e-4);
    assert!(exact > 1e9, "κ₁ = {exact:e}");
}
