//! The hierarchical covariance operator against the exact one on the layered model, and the
//! solve with hierarchical products against the solve with exact ones.
//!
//! The point-space bound `|(K − H)_ab s_b| <= ε |K_ab|_F |s_b|` is tested on uniform and
//! clustered point sets in `src/hierarchical/matrix.rs`; here the products with `C = Pᵀ K P`
//! and what the solve makes of them.

use strata_data::{LayeredGrid, LayeredModel, Point};
use strata_kernel::{
    CovarianceOperator, Cpu, EvaluationPoints, Field, HierarchicalOperator, HierarchicalOptions,
    KernelError, Kernels, KrigingSystem, MatrixFreeOptions, Products,
};
use strata_solver::iterative::SymmetricOperator;

fn layered(n: usize, m: usize) -> KrigingSystem {
    let input = LayeredModel::new(n, m)
        .input(LayeredGrid::Regular(1))
        .unwrap();
    KrigingSystem::new(&input.stack(0), input.kernel(), &[]).unwrap()
}

fn pseudo_random(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| ((i * 7919 % 101) as f64 - 50.0) / 50.0)
        .collect()
}

fn norm(v: impl Iterator<Item = f64>) -> f64 {
    v.map(|a| a * a).sum::<f64>().sqrt()
}

/// `|C_H x − C x| / |C x|` at tolerance `tolerance`, with the blocks, ranks and bytes of `H`.
fn product_error(s: &KrigingSystem, tolerance: f64) -> (f64, strata_kernel::HierarchicalStats) {
    let kernels = Kernels::<Cpu>::default();
    let options = HierarchicalOptions::default()
        .with_tolerance(tolerance)
        .with_leaf_dofs(32);
    let h = HierarchicalOperator::new(s, &kernels, &options).unwrap();
    let exact = CovarianceOperator::new(s, &kernels).unwrap();
    let x = pseudo_random(h.size());
    let (mut y_h, mut y) = (vec![0.0; x.len()], vec![0.0; x.len()]);
    h.apply(&x, &mut y_h);
    exact.apply(&x, &mut y);
    let error = norm(y_h.iter().zip(&y).map(|(a, b)| a - b)) / norm(y.iter().copied());
    (error, h.stats())
}

/// The products follow the tolerance: within a small multiple of `ε` of the exact ones, and
/// closer at a smaller `ε`, with far blocks compressed to ranks well below their sizes.
#[test]
fn products_follow_the_tolerance() {
    let s = layered(30, 10);
    let (coarse, stats) = product_error(&s, 1e-5);
    let (fine, fine_stats) = product_error(&s, 1e-10);
    assert!(coarse <= 10.0 * 1e-5, "ε = 1e-5: {coarse:e}");
    assert!(fine <= 10.0 * 1e-10, "ε = 1e-10: {fine:e}");
    assert!(fine < coarse / 100.0, "{fine:e} vs {coarse:e}");
    assert!(stats.far_blocks > 0 && stats.max_rank < 32, "{stats:?}");
    assert!(
        fine_stats.mean_rank > stats.mean_rank,
        "{fine_stats:?} vs {stats:?}"
    );
}

/// The solve with hierarchical products reaches its stopping rule, and its field differs
/// from that of the solve with exact products by less than the rule lets either move
/// (`10⁻⁶` of an iso-value gap at the data, far less than the field's spread).
#[test]
fn the_hierarchical_solve_gives_the_exact_solve_field() {
    let s = layered(24, 8);
    let kernels = Kernels::<Cpu>::default();
    let exact_options = MatrixFreeOptions::default();
    let options = exact_options.with_products(Products::Hierarchical(
        HierarchicalOptions::default().with_leaf_dofs(32),
    ));
    let hierarchical = kernels.solve_matrix_free(&s, &options, None).unwrap();
    let exact = kernels.solve_matrix_free(&s, &exact_options, None).unwrap();
    assert!(hierarchical.residual <= options.iterative.tolerance);
    let g = 16;
    let cell = |i: usize| (i as f64 + 0.5) / g as f64 - 0.5;
    let xyz: Vec<Point> = (0..g * g * g)
        .map(|i| [cell(i % g), cell(i / g % g), cell(i / (g * g))])
        .collect();
    let points = EvaluationPoints {
        xyz: &xyz,
        fault_values: &[],
    };
    let field = |w: &[f64]| {
        Field::new(&s, w, &kernels)
            .unwrap()
            .evaluate(points, false)
            .unwrap()
            .scalar
    };
    let (of_h, of_exact) = (field(&hierarchical.values), field(&exact.values));
    let (lo, hi) = of_exact
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), &z| (l.min(z), h.max(z)));
    let worst = of_h
        .iter()
        .zip(&of_exact)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        worst <= 1e-6 * (hi - lo),
        "{:e} of the spread",
        worst / (hi - lo)
    );
}

/// A matrix that would not fit in `max_bytes` is refused with the sizes.
#[test]
fn the_memory_budget_is_honoured() {
    let s = layered(24, 8);
    let kernels = Kernels::<Cpu>::default();
    let options = HierarchicalOptions::default().with_leaf_dofs(32);
    let fits = HierarchicalOperator::new(&s, &kernels, &options).unwrap();
    let bytes = fits.stats().bytes;
    for budget in [1000, bytes / 2] {
        let refused = HierarchicalOperator::new(&s, &kernels, &options.with_max_bytes(budget));
        match refused {
            Err(KernelError::HierarchicalMemory { needed, budget: b }) => {
                assert!(needed > budget && b == budget, "{needed} {b}");
                assert!(needed < 4 * bytes, "projected {needed} for {bytes}");
            }
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("built within {budget} bytes"),
        }
    }
    assert!(HierarchicalOperator::new(&s, &kernels, &options.with_max_bytes(bytes)).is_ok());
}
