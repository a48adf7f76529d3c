//! The matrix-free solve against the dense one: the projected conjugate gradient meets its
//! stopping rule on the true residual, its weights agree with LU within the bound that the
//! residual and `‖A⁻¹‖∞` give, warm starts save iterations, and failures are typed.

mod common;

use common::{Rng, random_system};
use strata_solver::iterative::{
    AdditiveSchwarz, DenseOperator, Identity, IterativeError, IterativeOptions, IterativeSolution,
    Preconditioner, SaddlePoint, projected_cg,
};
use strata_solver::{SolverKind, SystemMatrix, solve_weights};

/// A random system split into the blocks the iterative solve takes.
struct Blocks {
    n_c: usize,
    a: Vec<f64>,
    c: Vec<f64>,
    u: Vec<f64>,
    d: Vec<f64>,
    b: Vec<f64>,
}

impl Blocks {
    fn new(n_c: usize, n_d: usize, nugget: f64, seed: u64) -> Self {
        let (a, b) = random_system(n_c, n_d, nugget, seed);
        let n = n_c + n_d;
        let c = (0..n_c * n_c).map(|k| a[(k / n_c) * n + k % n_c]).collect();
        let u = (0..n_c * n_d)
            .map(|k| a[(k / n_d) * n + n_c + k % n_d])
            .collect();
        Self {
            n_c,
            a,
            c,
            u,
            d: vec![0.0; n_d * n_d],
            b,
        }
    }

    fn n(&self) -> usize {
        self.b.len()
    }

    /// Sets `D[i, j] = D[j, i] = v` in both `D` and `A`.
    fn set_drift_block(&mut self, i: usize, j: usize, v: f64) {
        let (n, n_d) = (self.n(), self.n() - self.n_c);
        for (r, c) in [(i, j), (j, i)] {
            self.d[r * n_d + c] = v;
            self.a[(self.n_c + r) * n + self.n_c + c] = v;
        }
    }

    fn solve(
        &self,
        preconditioner: &impl Preconditioner,
        guess: Option<&[f64]>,
        options: &IterativeOptions,
    ) -> Result<IterativeSolution, IterativeError> {
        let op = DenseOperator {
            n: self.n_c,
            data: &self.c,
        };
        let scale = vec![1.0; self.n_c];
        let system = SaddlePoint {
            covariance: &op,
            drift: &self.u,
            drift_block: &self.d,
            rhs: &self.b,
            residual_scale: &scale,
        };
        projected_cg(&system, preconditioner, guess, options)
    }

    fn schwarz(&self, block: usize) -> AdditiveSchwarz {
        let op = DenseOperator {
            n: self.n_c,
            data: &self.c,
        };
        let subdomains = (0..self.n_c)
            .step_by(block / 2)
            .map(|start| (start..(start + block).min(self.n_c)).collect())
            .collect();
        AdditiveSchwarz::new(&op, subdomains).unwrap()
    }

    /// `b − A w`.
    fn residual(&self, w: &[f64]) -> Vec<f64> {
        let n = self.n();
        (0..n)
            .map(|i| self.b[i] - (0..n).map(|j| self.a[i * n + j] * w[j]).sum::<f64>())
            .collect()
    }

    /// `‖A⁻¹‖∞`, column by column from the LU solve.
    fn inverse_norm(&self) -> f64 {
        let n = self.n();
        let system = SystemMatrix {
            n,
            data: &self.a,
            drift_start: self.n_c,
        };
        let mut row_sums = vec![0.0; n];
        for j in 0..n {
            let e: Vec<f64> = (0..n).map(|i| f64::from(u8::from(i == j))).collect();
            let column = solve_weights(system, &e, SolverKind::Lu).unwrap();
            row_sums
                .iter_mut()
                .zip(column)
                .for_each(|(s, x)| *s += x.abs());
        }
        row_sums.into_iter().fold(0.0, f64::max)
    }

    /// Asserts the stopping rule on the true residual and `|w − w_LU| <= ‖A⁻¹‖∞ ‖r‖∞`
    /// plus the LU solution's own rounding (`n ε ‖A⁻¹‖∞ ‖A‖∞ ‖w‖∞`).
    fn assert_matches_lu(&self, solution: &IterativeSolution, tolerance: f64) {
        let n = self.n();
        let r = self.residual(&solution.values);
        let r_c = r[..self.n_c].iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let r_d = r[self.n_c..].iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let w_norm = solution.values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let a_norm = (0..n)
            .map(|i| (0..n).map(|j| self.a[i * n + j].abs()).sum::<f64>())
            .fold(0.0, f64::max);
        let rounding = 4.0 * n as f64 * f64::EPSILON * a_norm * w_norm;
        assert!(r_c <= tolerance + rounding, "covariance rows: {r_c:e}");
        assert!(r_d <= rounding, "constraint rows: {r_d:e}");
        let system = SystemMatrix {
            n,
            data: &self.a,
            drift_start: self.n_c,
        };
        let lu = solve_weights(system, &self.b, SolverKind::Lu).unwrap();
        let bound = self.inverse_norm() * (r_c.max(r_d) + 2.0 * rounding);
        for (i, (w, l)) in solution.values.iter().zip(&lu).enumerate() {
            assert!(
                (w - l).abs() <= bound,
                "w[{i}] = {w} vs LU {l} (bound {bound:e})"
            );
        }
    }
}

#[test]
fn unpreconditioned_and_schwarz_solves_match_lu() {
    let options = IterativeOptions::default().with_tolerance(1e-9);
    for (n_c, n_d, seed) in [(40, 0, 1), (60, 3, 2), (80, 4, 3)] {
        let system = Blocks::new(n_c, n_d, 1e-2, seed);
        let plain = system.solve(&Identity, None, &options).unwrap();
        system.assert_matches_lu(&plain, 1e-9);
        let schwarz = system.solve(&system.schwarz(16), None, &options).unwrap();
        system.assert_matches_lu(&schwarz, 1e-9);
        assert!(schwarz.residual <= 1e-9 && plain.residual <= 1e-9);
    }
}

#[test]
fn one_subdomain_over_everything_converges_at_once() {
    let system = Blocks::new(50, 4, 1e-3, 4);
    let exact = system.schwarz(100);
    let solution = system
        .solve(&exact, None, &IterativeOptions::default())
        .unwrap();
    assert!(
        solution.iterations <= 1,
        "{} iterations",
        solution.iterations
    );
    system.assert_matches_lu(&solution, 1e-10);
}

#[test]
fn a_nonzero_drift_block_is_solved_exactly() {
    // The fault-drift filler: D couples drift and fault columns.
    let mut system = Blocks::new(60, 4, 1e-2, 5);
    system.set_drift_block(0, 3, 1e-2);
    system.set_drift_block(1, 3, -3e-3);
    let options = IterativeOptions::default().with_tolerance(1e-10);
    let solution = system.solve(&system.schwarz(20), None, &options).unwrap();
    system.assert_matches_lu(&solution, 1e-10);
}

#[test]
fn a_warm_start_near_the_solution_saves_iterations() {
    let system = Blocks::new(80, 3, 1e-1, 6);
    let options = IterativeOptions::default().with_tolerance(1e-10);
    let cold = system.solve(&Identity, None, &options).unwrap();
    let mut rng = Rng(7);
    let near: Vec<f64> = cold
        .values
        .iter()
        .map(|w| w * (1.0 + 1e-6 * (rng.uniform() - 0.5)))
        .collect();
    let warm = system.solve(&Identity, Some(&near), &options).unwrap();
    system.assert_matches_lu(&warm, 1e-10);
    assert!(
        warm.iterations < cold.iterations / 2,
        "warm {} vs cold {}",
        warm.iterations,
        cold.iterations
    );
}

#[test]
fn the_iteration_limit_is_a_typed_error() {
    let system = Blocks::new(60, 3, 1e-4, 8);
    let options = IterativeOptions::default().with_max_iterations(2);
    match system.solve(&Identity, None, &options) {
        Err(IterativeError::NoConvergence {
            iterations,
            residual,
            tolerance,
        }) => {
            assert_eq!(iterations, 2);
            assert!(residual > tolerance);
        }
        other => panic!("expected NoConvergence, got {other:?}"),
    }
}

#[test]
fn an_indefinite_covariance_breaks_down() {
    let c = [1.0, 2.0, 2.0, 1.0];
    let op = DenseOperator { n: 2, data: &c };
    let system = SaddlePoint {
        covariance: &op,
        drift: &[],
        drift_block: &[],
        rhs: &[1.0, -1.0],
        residual_scale: &[1.0, 1.0],
    };
    // x = 0, r = −b, p = b = (1, −1): C p = (−1, 1), pᵀ C p = −2 at the first iteration.
    let err = projected_cg(&system, &Identity, None, &IterativeOptions::default()).err();
    assert_eq!(
        err,
        Some(IterativeError::Breakdown {
            iteration: 1,
            curvature: -2.0
        })
    );
}

/// gempy_engine's cubic covariance, *not* clipped at the range `a`:
/// `K = 1 − 7t² + 35/4 t³ − 7/2 t⁵ + 3/4 t⁷`, `t = r/a`.
fn unclipped_cubic(r: f64, a: f64) -> f64 {
    let t = r / a;
    1.0 - 7.0 * t.powi(2) + 8.75 * t.powi(3) - 3.5 * t.powi(5) + 0.75 * t.powi(7)
}

/// The whole-Moureze situation in one dimension: 60 points spread over 8 ranges, so that the
/// unclipped cubic makes every principal block of `C` truly indefinite (a negative eigenvalue
/// of at least a tenth of the largest), while `C` is positive definite on the constraint space
/// of the drift `1, x, x², x³` (scaled to the size of `C`'s entries; the cubic is conditionally positive definite of order 4). The
/// Schwarz preconditioner (eigenvalue floor on its blocks) still makes projected CG converge to
/// the LU weights.
#[test]
fn indefinite_blocks_of_an_unclipped_cubic_still_precondition() {
    let n_c = 60;
    let x: Vec<f64> = (0..n_c)
        .map(|i| 8.0 * i as f64 / (n_c - 1) as f64 + 0.01 * ((i * 37 % 11) as f64 - 5.0) / 5.0)
        .collect();
    let n_d = 4;
    let n = n_c + n_d;
    let nugget = 0.1;
    let c: Vec<f64> = (0..n_c * n_c)
        .map(|k| {
            let (i, j) = (k / n_c, k % n_c);
            unclipped_cubic((x[i] - x[j]).abs(), 1.0) + if i == j { nugget } else { 0.0 }
        })
        .collect();
    let u: Vec<f64> = (0..n_c * n_d)
        .map(|k| 1e3 * (x[k / n_d] / 8.0).powi((k % n_d) as i32))
        .collect();
    let mut a = vec![0.0; n * n];
    for i in 0..n_c {
        for j in 0..n_c {
            a[i * n + j] = c[i * n_c + j];
        }
        for d in 0..n_d {
            a[i * n + n_c + d] = u[i * n_d + d];
            a[(n_c + d) * n + i] = u[i * n_d + d];
        }
    }
    let b: Vec<f64> = (0..n)
        .map(|i| if i < n_c { (1.7 * x[i]).sin() } else { 0.0 })
        .collect();
    let blocks = Blocks {
        n_c,
        a,
        c,
        u,
        d: vec![0.0; n_d * n_d],
        b,
    };
    let subdomains: Vec<Vec<usize>> = (0..n_c)
        .step_by(15)
        .map(|start| (start..(start + 30).min(n_c)).collect())
        .collect();
    for rows in &subdomains {
        let m = rows.len();
        let block = faer::Mat::from_fn(m, m, |i, j| blocks.c[rows[i] * n_c + rows[j]]);
        let eigenvalues = block.self_adjoint_eigenvalues(faer::Side::Lower).unwrap();
        let (low, high) = (eigenvalues[0], eigenvalues[m - 1]);
        assert!(
            low < -0.1 * high,
            "block {rows:?}: eigenvalues {low} .. {high}"
        );
    }
    let op = DenseOperator {
        n: n_c,
        data: &blocks.c,
    };
    let preconditioner = AdditiveSchwarz::new(&op, subdomains).unwrap();
    let options = IterativeOptions::default().with_tolerance(1e-9);
    let solution = blocks.solve(&preconditioner, None, &options).unwrap();
    println!("unclipped cubic: {} iterations", solution.iterations);
    assert!(solution.residual <= 1e-9);
    blocks.assert_matches_lu(&solution, 1e-9);
}

#[test]
fn dependent_drift_columns_and_bad_inputs_are_reported() {
    let c = [2.0, 0.0, 0.0, 2.0];
    let op = DenseOperator { n: 2, data: &c };
    let mut system = SaddlePoint {
        covariance: &op,
        drift: &[1.0, 1.0, 1.0, 1.0],
        drift_block: &[0.0; 4],
        rhs: &[1.0, 1.0, 0.0, 0.0],
        residual_scale: &[1.0, 1.0],
    };
    let solve = |s: &SaddlePoint<'_, DenseOperator<'_>>| {
        projected_cg(s, &Identity, None, &IterativeOptions::default()).err()
    };
    assert_eq!(solve(&system), Some(IterativeError::SingularConstraints));
    system.drift = &[1.0, 1.0];
    assert!(matches!(
        solve(&system),
        Some(IterativeError::Size {
            what: "drift columns U",
            expected: 4,
            found: 2
        })
    ));
    system.drift = &[1.0, 0.0, 0.0, 1.0];
    system.residual_scale = &[1.0, 0.0];
    assert!(matches!(
        solve(&system),
        Some(IterativeError::NonFinite {
            what: "residual scales",
            index: 1,
            ..
        })
    ));
}

#[test]
fn weights_are_bitwise_identical_for_any_pool_size() {
    let system = Blocks::new(90, 3, 1e-3, 9);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let preconditioner = system.schwarz(24);
            let solution = system
                .solve(&preconditioner, None, &IterativeOptions::default())
                .unwrap();
            solution
                .values
                .iter()
                .map(|w| w.to_bits())
                .collect::<Vec<_>>()
        })
    };
    let one = run(1);
    assert!(run(2) == one && run(4) == one);
}
