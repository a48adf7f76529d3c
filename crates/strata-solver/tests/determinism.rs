//! Weights and condition numbers are bitwise identical whatever the size of
//! the rayon pool that calls [`solve`].

mod common;

use common::random_system;
use strata_solver::blocked::{BLOCK, BLOCKED_MIN_ORDER};
use strata_solver::{ConditionKind, SolveOptions, SolverKind, SystemMatrix, solve};

/// The bits of the weights and of `κ` from solving `system` inside a rayon
/// pool of `threads` threads.
fn solve_in_pool(
    threads: usize,
    system: SystemMatrix<'_>,
    b: &[f64],
    options: &SolveOptions,
) -> (Vec<u64>, u64) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let solution = pool.install(|| solve(system, b, options)).unwrap();
    let weights = solution.values.iter().map(|w| w.to_bits()).collect();
    (weights, solution.condition_number.to_bits())
}

/// Asserts that pools of 1, 2 and 4 threads give the same bits.
fn assert_pool_size_independent(n_c: usize, n_d: usize, options: &SolveOptions) {
    let (a, b) = random_system(n_c, n_d, 1e-3, 11);
    let system = SystemMatrix {
        n: n_c + n_d,
        data: &a,
        drift_start: n_c,
    };
    let one = solve_in_pool(1, system, &b, options);
    for threads in [2, 4] {
        assert!(
            solve_in_pool(threads, system, &b, options) == one,
            "{options:?}, n = {}: {threads} threads differ from 1",
            n_c + n_d
        );
    }
}

#[test]
fn n_600_is_bitwise_identical_for_1_2_and_4_threads() {
    for solver in [SolverKind::Lu, SolverKind::CholeskySchur] {
        for condition in [ConditionKind::OneNormEstimate, ConditionKind::TwoNormExact] {
            let options = SolveOptions::default()
                .with_solver(solver)
                .with_condition(condition);
            assert_pool_size_independent(596, 4, &options);
        }
    }
}

/// `n > 1000` takes the Lanczos path of the 2-norm condition number.
#[test]
fn lanczos_path_is_bitwise_identical_for_1_2_and_4_threads() {
    let options = SolveOptions::default().with_condition(ConditionKind::TwoNormExact);
    assert_pool_size_independent(1096, 4, &options);
}

/// Above [`BLOCKED_MIN_ORDER`] both factorisations are blocked and run on every thread of
/// the pool; the fixed tiling keeps their bits independent of its size. The order is not a
/// multiple of the block width.
#[test]
fn blocked_factorisations_are_bitwise_identical_for_1_2_and_4_threads() {
    let n_c = BLOCKED_MIN_ORDER + 2 * BLOCK + 37;
    for solver in [SolverKind::Lu, SolverKind::CholeskySchur] {
        assert_pool_size_independent(n_c, 4, &SolveOptions::default().with_solver(solver));
    }
}
