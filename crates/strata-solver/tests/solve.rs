//! Public-API tests: the worked gempy example, LU vs Cholesky–Schur
//! agreement, residuals, and every error path.

mod common;

use common::random_system;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use strata_solver::blocked::BLOCKED_MIN_ORDER;
use strata_solver::{
    ConditionKind, SolveError, SolveOptions, SolverKind, SystemMatrix, condition_number, solve,
    solve_overwriting, solve_weights,
};

/// gempy_engine's 8 × 8 system (5 covariance rows, 3 drift rows).
#[rustfmt::skip]
const GEMPY_A: [f64; 64] = [
    48.542372, 0.0, 0.0, -16.994596, -8.497298, 1.0, 0.0, 0.0,
    0.0, 48.542372, 0.0, 0.0, -8.497298, 0.0, 1.0, 0.0,
    0.0, 0.0, 48.542372, 0.0, 0.0, 0.0, 0.0, 1.0,
    -16.994596, 0.0, 0.0, 6.617334, 3.308662, -0.4, 0.0, 0.0,
    -8.497298, -8.497298, 0.0, 3.308662, 3.473565, -0.2, -0.2, 0.0,
    1.0, 0.0, 0.0, -0.4, -0.2, 0.0, 0.0, 0.0,
    0.0, 1.0, 0.0, 0.0, -0.2, 0.0, 0.0, 0.0,
    0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0,
];
const GEMPY_B: [f64; 8] = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0];

fn gempy() -> SystemMatrix<'static> {
    SystemMatrix {
        n: 8,
        data: &GEMPY_A,
        drift_start: 5,
    }
}

/// `‖A w − b‖_∞ / (‖A‖_∞ ‖w‖_∞ + ‖b‖_∞)`.
fn relative_residual(n: usize, a: &[f64], w: &[f64], b: &[f64]) -> f64 {
    let max = |v: &mut dyn Iterator<Item = f64>| v.fold(0.0, |m: f64, x| m.max(x.abs()));
    let residual =
        max(&mut (0..n).map(|i| (0..n).map(|j| a[i * n + j] * w[j]).sum::<f64>() - b[i]));
    let norm_a = max(&mut (0..n).map(|i| (0..n).map(|j| a[i * n + j].abs()).sum::<f64>()));
    residual / (norm_a * max(&mut w.iter().copied()) + max(&mut b.iter().copied()))
}

/// The options with factorisation `kind` and the default condition number.
fn with(kind: SolverKind) -> SolveOptions {
    SolveOptions::default().with_solver(kind)
}

#[test]
fn gempy_example_gives_the_last_unit_vector() {
    let expected = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0];
    for kind in [SolverKind::Lu, SolverKind::CholeskySchur] {
        let solution = solve(gempy(), &GEMPY_B, &with(kind)).unwrap();
        for (w, e) in solution.values.iter().zip(expected) {
            assert!((w - e).abs() < 1e-6, "{kind:?}: {:?}", solution.values);
        }
        assert!(solution.condition_number.is_finite() && solution.condition_number > 1.0);
    }
}

#[test]
fn defaults_are_lu_and_the_one_norm_estimate() {
    assert_eq!(SolverKind::default(), SolverKind::Lu);
    assert_eq!(ConditionKind::default(), ConditionKind::OneNormEstimate);
    let options = SolveOptions::default();
    assert_eq!(
        (options.solver, options.condition),
        (SolverKind::Lu, ConditionKind::OneNormEstimate)
    );
    assert_eq!(ConditionKind::OneNormEstimate.name(), "1-norm estimate");
    assert_eq!(ConditionKind::TwoNormExact.name(), "2-norm");
}

#[test]
fn weights_reproduce_the_right_hand_side() {
    // The last size takes the blocked factorisations (`n >= BLOCKED_MIN_ORDER`).
    for (n_c, n_d) in [(60, 4), (200, 3), (1, 0), (BLOCKED_MIN_ORDER + 93, 4)] {
        let (a, b) = random_system(n_c, n_d, 1e-2, 7);
        let n = n_c + n_d;
        let system = SystemMatrix {
            n,
            data: &a,
            drift_start: n_c,
        };
        for kind in [SolverKind::Lu, SolverKind::CholeskySchur] {
            let solution = solve(system, &b, &with(kind)).unwrap();
            let r = relative_residual(n, &a, &solution.values, &b);
            assert!(
                r < 1e-14,
                "{kind:?} n_c={n_c} n_d={n_d}: relative residual {r:e}"
            );
            assert_eq!(solve_weights(system, &b, kind).unwrap(), solution.values);
        }
    }
}

/// [`solve_overwriting`] gives [`solve`]'s bits, whether it factors `A` in place (an LU from
/// `BLOCKED_MIN_ORDER` on, of an exactly symmetric `A` or of one it must transpose, at an
/// order whose columns are not aligned to the SIMD width) or solves a copy (other options).
#[test]
fn solve_overwriting_gives_the_bits_of_solve() {
    let (n_c, n_d) = (BLOCKED_MIN_ORDER + 93, 4);
    let n = n_c + n_d;
    let (symmetric, b) = random_system(n_c, n_d, 0.5, 17);
    let mut unsymmetric = symmetric.clone();
    unsymmetric[3 * n + 1000] += 0.25;
    unsymmetric[(n - 2) * n + 7] -= 0.5;
    let bits = |w: &[f64]| w.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    for a in [&symmetric, &unsymmetric] {
        for options in [
            SolveOptions::default(),
            SolveOptions::default().with_condition(ConditionKind::NotComputed),
            with(SolverKind::Auto),
        ] {
            let system = SystemMatrix {
                n,
                data: a,
                drift_start: n_c,
            };
            let expected = solve(system, &b, &options).unwrap();
            let mut data = a.clone();
            let got = solve_overwriting(n, &mut data, n_c, &b, &options).unwrap();
            assert_eq!(bits(&got.values), bits(&expected.values), "{options:?}");
            assert_eq!(
                got.condition_number.to_bits(),
                expected.condition_number.to_bits(),
                "{options:?}"
            );
            assert_eq!(got.condition_kind, expected.condition_kind);
        }
    }
}

#[test]
fn condition_number_is_reported_with_the_solution() {
    let (a, b) = random_system(30, 4, 1e-2, 3);
    let system = SystemMatrix {
        n: 34,
        data: &a,
        drift_start: 30,
    };
    let two_norm = SolveOptions::default().with_condition(ConditionKind::TwoNormExact);
    let solution = solve(system, &b, &two_norm).unwrap();
    assert_eq!(solution.condition_kind, ConditionKind::TwoNormExact);
    assert_eq!(solution.condition_number, condition_number(system));
    let estimate = solve(system, &b, &SolveOptions::default()).unwrap();
    assert_eq!(estimate.condition_kind, ConditionKind::OneNormEstimate);
    assert_eq!(estimate.values, solution.values);
    // κ₂ / n <= κ₁ <= n κ₂, and the estimate is within a factor 3 below κ₁.
    let n = 34.0;
    assert!(
        estimate.condition_number >= solution.condition_number / (3.0 * n)
            && estimate.condition_number <= solution.condition_number * n,
        "κ₁ ≈ {:e}, κ₂ = {:e}",
        estimate.condition_number,
        solution.condition_number
    );
}

#[test]
fn empty_system_has_no_weights() {
    let system = SystemMatrix {
        n: 0,
        data: &[],
        drift_start: 0,
    };
    for solver in [SolverKind::Lu, SolverKind::CholeskySchur] {
        for condition in [ConditionKind::OneNormEstimate, ConditionKind::TwoNormExact] {
            let options = with(solver).with_condition(condition);
            let solution = solve(system, &[], &options).unwrap();
            assert!(solution.values.is_empty());
            assert_eq!(solution.condition_number, 1.0);
        }
    }
}

#[test]
fn identical_rows_are_singular() {
    let mut a = GEMPY_A;
    a.copy_within(0..8, 8); // row 1 := row 0
    let system = SystemMatrix {
        n: 8,
        data: &a,
        drift_start: 5,
    };
    let err = solve(system, &GEMPY_B, &with(SolverKind::Lu)).unwrap_err();
    assert!(matches!(err, SolveError::Singular { .. }), "{err}");
    assert!(condition_number(system) > 1e15);
}

#[test]
fn nan_in_the_matrix_is_located() {
    let mut a = GEMPY_A;
    a[3 * 8 + 6] = f64::NAN;
    let system = SystemMatrix {
        n: 8,
        data: &a,
        drift_start: 5,
    };
    for kind in [SolverKind::Lu, SolverKind::CholeskySchur] {
        let err = solve(system, &GEMPY_B, &with(kind)).unwrap_err();
        assert!(
            matches!(err, SolveError::NonFiniteMatrix { row: 3, col: 6, value } if value.is_nan()),
            "{err}"
        );
    }
}

#[test]
fn wrong_rhs_length_is_a_dimension_error() {
    let err = solve(gempy(), &GEMPY_B[..7], &with(SolverKind::Lu)).unwrap_err();
    assert_eq!(
        err,
        SolveError::RhsLength {
            expected: 8,
            found: 7
        }
    );
    assert_eq!(
        err.to_string(),
        "right-hand side has 7 entries, expected n = 8"
    );
}

#[test]
fn overflowing_solution_is_rejected() {
    // Pivots of diag(1e-300, 1e-300) pass the relative test, but 1e300 / 1e-300
    // overflows.
    let a = [1e-300, 0.0, 0.0, 1e-300];
    let system = SystemMatrix {
        n: 2,
        data: &a,
        drift_start: 2,
    };
    let err = solve(system, &[1e300, 0.0], &with(SolverKind::Lu)).unwrap_err();
    assert!(
        matches!(err, SolveError::NonFiniteSolution { row: 0, .. }),
        "{err}"
    );
}

#[test]
fn non_positive_covariance_fails_cholesky_but_not_lu() {
    // C = [[1, 2], [2, 1]] is indefinite yet A is non-singular.
    let a = [1.0, 2.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 0.0];
    let system = SystemMatrix {
        n: 3,
        data: &a,
        drift_start: 2,
    };
    let b = [1.0, 2.0, 3.0];
    let err = solve(system, &b, &with(SolverKind::CholeskySchur)).unwrap_err();
    assert_eq!(err, SolveError::CholeskyFailed { pivot: 1 });
    let w = solve(system, &b, &with(SolverKind::Lu)).unwrap().values;
    assert!(relative_residual(3, &a, &w, &b) < 1e-15);
}

/// `Auto` is Cholesky–Schur from `BLOCKED_MIN_ORDER` on where `C` is positive definite, LU
/// where it is not, and LU below that order: bitwise the weights of the factorisation it
/// picks.
#[test]
fn auto_takes_cholesky_schur_where_it_succeeds_and_lu_elsewhere() {
    let weights = |n_c: usize, a: &[f64], b: &[f64], kind| {
        let system = SystemMatrix {
            n: n_c + 4,
            data: a,
            drift_start: n_c,
        };
        solve_weights(system, b, kind)
    };
    let n_c = BLOCKED_MIN_ORDER + 5;
    let (mut a, b) = random_system(n_c, 4, 1e-3, 5);
    let cholesky_schur = weights(n_c, &a, &b, SolverKind::CholeskySchur).unwrap();
    assert_ne!(
        cholesky_schur,
        weights(n_c, &a, &b, SolverKind::Lu).unwrap()
    );
    assert_eq!(
        weights(n_c, &a, &b, SolverKind::Auto).unwrap(),
        cholesky_schur
    );
    // c_kk → −c_kk: e_kᵀ C e_k < 0, so C is indefinite (and Auto need not try Cholesky).
    let k = n_c - 10;
    a[k * (n_c + 4) + k] *= -1.0;
    let err = weights(n_c, &a, &b, SolverKind::CholeskySchur).unwrap_err();
    assert!(
        matches!(err, SolveError::CholeskyFailed { pivot } if pivot <= k),
        "{err}"
    );
    let lu = weights(n_c, &a, &b, SolverKind::Lu).unwrap();
    assert_eq!(weights(n_c, &a, &b, SolverKind::Auto).unwrap(), lu);
    // Every c_ii > 0 yet C indefinite: c_kl = c_lk = 2 max(c_kk, c_ll) makes the 2 × 2 minor
    // c_kk c_ll − c_kl² negative, so the Cholesky–Schur attempt fails and LU takes over.
    a[k * (n_c + 4) + k] *= -1.0;
    let l = k + 1;
    let big = 2.0 * a[k * (n_c + 4) + k].max(a[l * (n_c + 4) + l]);
    a[k * (n_c + 4) + l] = big;
    a[l * (n_c + 4) + k] = big;
    assert!(matches!(
        weights(n_c, &a, &b, SolverKind::CholeskySchur),
        Err(SolveError::CholeskyFailed { .. })
    ));
    let lu = weights(n_c, &a, &b, SolverKind::Lu).unwrap();
    assert_eq!(weights(n_c, &a, &b, SolverKind::Auto).unwrap(), lu);

    let (a, b) = random_system(60, 4, 1e-2, 7);
    let lu = weights(60, &a, &b, SolverKind::Lu).unwrap();
    assert_ne!(lu, weights(60, &a, &b, SolverKind::CholeskySchur).unwrap());
    assert_eq!(weights(60, &a, &b, SolverKind::Auto).unwrap(), lu);
}

proptest! {
    #![proptest_config(config(64))]

    /// LU and Cholesky–Schur agree on random SPD covariance-plus-drift systems within the
    /// forward-error bounds of the two solves: backward-stable LU gives
    /// `‖Δw‖/‖w‖ ≤ γ₃ₙ·κ(A)` (Higham, *Accuracy and Stability*, Thm 9.4, growth ≤ 2 here); the
    /// Schur route solves with `C` twice and with `S = UᵀC⁻¹U`, so its error carries a further
    /// factor `κ(C)`. In the max norm (`√n` for the change of norm), with `γ₃ₙ ≤ 6nu`:
    /// `max|Δw| ≤ 12n√n·u·κ₂(A)·max(1, κ₂(C))·max|w|`. They give the same exact `κ₂`.
    #[test]
    fn lu_and_cholesky_schur_agree(
        n_c in 4usize..80,
        n_d in 0usize..=4,
        log_nugget in -3.0f64..0.0,
        seed in any::<u64>(),
    ) {
        let (a, b) = random_system(n_c, n_d, 10f64.powf(log_nugget), seed);
        let system = SystemMatrix { n: n_c + n_d, data: &a, drift_start: n_c };
        let two_norm = |kind| with(kind).with_condition(ConditionKind::TwoNormExact);
        let lu = solve(system, &b, &two_norm(SolverKind::Lu)).unwrap();
        let cs = solve(system, &b, &two_norm(SolverKind::CholeskySchur)).unwrap();
        let norm = lu.values.iter().fold(0.0f64, |m, w| m.max(w.abs()));
        let diff = lu.values.iter().zip(&cs.values).fold(0.0f64, |m, (x, y)| m.max((x - y).abs()));
        let n = (n_c + n_d) as f64;
        let c: Vec<f64> = (0..n_c).flat_map(|i| a[i * (n_c + n_d)..][..n_c].to_vec()).collect();
        let kappa_c = condition_number(SystemMatrix { n: n_c, data: &c, drift_start: n_c });
        let amplification = lu.condition_number * kappa_c.max(1.0);
        let bound = 12.0 * n * n.sqrt() * (f64::EPSILON / 2.0) * amplification * norm;
        prop_assert!(diff <= bound, "max |Δw| = {:e} > {:e}, ‖w‖ = {:e}, κ = {:e}", diff, bound, norm, lu.condition_number);
        prop_assert_eq!(lu.condition_number, cs.condition_number);
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
