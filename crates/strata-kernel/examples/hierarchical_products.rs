//! Hierarchical against exact products with `C` on the layered scale model
//! (docs/performance.md).
//!
//! `cargo run --release -p strata-kernel --example hierarchical_products -- N M [TOLERANCE
//! LEAF_DOFS ADMISSIBILITY SOLVE GRID]`: the model with `N × N` points per surface and `M × M`
//! orientations; prints the set-up time, the blocks, ranks and bytes of `H`, the time of one
//! product each way (the exact one skipped above 60 000 rows) and their relative difference;
//! with `SOLVE` = `solve`, the iterative solve with hierarchical products, its iterations and
//! time; with `GRID` = `g`, the field of the weights (solved, or those of the product) at the
//! `g³` cell centres of the extent, hierarchical and exact, their times and largest difference
//! over the spread.

use std::time::Instant;

use strata_data::{LayeredGrid, LayeredModel};
use strata_kernel::{
    CovarianceOperator, Cpu, EvaluationPoints, Field, HierarchicalOperator, HierarchicalOptions, Kernels, KrigingSystem,
    MatrixFreeOptions,
};
use strata_solver::iterative::SymmetricOperator;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.into());
    let (n, m): (usize, usize) = (arg(0, "50").parse()?, arg(1, "20").parse()?);
    let options = HierarchicalOptions::default()
        .with_tolerance(arg(2, "1e-9").parse()?)
        .with_leaf_dofs(arg(3, "64").parse()?)
        .with_admissibility(arg(4, "1").parse()?);
    let input = LayeredModel::new(n, m).input(LayeredGrid::Regular(1))?;
    let system = KrigingSystem::new(&input.stack(0), input.kernel(), &[])?;
    let kernels = Kernels::<Cpu>::default();
    let start = Instant::now();
    let h = HierarchicalOperator::new(&system, &kernels, &options)?;
    let setup = start.elapsed().as_secs_f64();
    let size = h.size();
    println!("N {size}  set-up {setup:.2} s  {:?}", h.stats());
    let x: Vec<f64> = (0..size)
        .map(|i| ((i * 7919 % 101) as f64 - 50.0) / 50.0)
        .collect();
    let mut y_h = vec![0.0; size];
    let start = Instant::now();
    h.apply(&x, &mut y_h);
    println!("hierarchical product {:.3} s", start.elapsed().as_secs_f64());
    if size <= 60_000 {
        let exact = CovarianceOperator::new(&system, &kernels)?;
        let mut y = vec![0.0; size];
        let start = Instant::now();
        exact.apply(&x, &mut y);
        let seconds = start.elapsed().as_secs_f64();
        let norm = |v: &mut dyn Iterator<Item = f64>| v.map(|a| a * a).sum::<f64>().sqrt();
        let difference = norm(&mut y.iter().zip(&y_h).map(|(a, b)| a - b));
        let relative = difference / norm(&mut y.iter().copied());
        println!("exact product {seconds:.3} s  relative difference {relative:.2e}");
    }
    let hierarchical = kernels.clone().with_far_field(Some(options));
    let mut weights = x.clone();
    let mut exact_weights = None;
    weights.resize(system.layout().size(), 0.0);
    if arg(5, "") == "solve" {
        let start = Instant::now();
        let solution =
            hierarchical.solve_matrix_free(&system, &MatrixFreeOptions::default(), None)?;
        println!(
            "solve: {} iterations, residual {:.2e}, {:.2} s",
            solution.iterations,
            solution.residual,
            start.elapsed().as_secs_f64()
        );
        let exact = kernels.solve_matrix_free(&system, &MatrixFreeOptions::default(), None)?;
        println!(
            "exact solve: {} iterations, residual {:.2e}",
            exact.iterations, exact.residual
        );
        weights = solution.values;
        exact_weights = Some(exact.values);
    }
    let g: usize = arg(6, "0").parse()?;
    if g > 0 {
        let cell = |i: usize| (i as f64 + 0.5) / g as f64;
        let xyz: Vec<[f64; 3]> = (0..g * g * g)
            .map(|i| [cell(i % g), cell(i / g % g), cell(i / (g * g))])
            .map(|p| p.map(|c| c - 0.5))
            .collect();
        let start = Instant::now();
        let fast = hierarchical.prepare(&system, &weights)?.kernel_field(&xyz, false);
        let fast_s = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let exact = kernels.prepare(&system, &weights)?.kernel_field(&xyz, false);
        let exact_s = start.elapsed().as_secs_f64();
        let (lo, hi) = exact
            .scalar
            .iter()
            .fold((f64::MAX, f64::MIN), |(l, h), &z| (l.min(z), h.max(z)));
        let worst = exact
            .scalar
            .iter()
            .zip(&fast.scalar)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        println!(
            "grid {g}³: hierarchical {fast_s:.2} s, exact {exact_s:.2} s, largest difference \
             {:.2e} of the spread",
            worst / (hi - lo)
        );
        if let Some(w) = exact_weights {
            let points = EvaluationPoints {
                xyz: &xyz,
                fault_values: &[],
            };
            let field = |w: &[f64]| -> Result<Vec<f64>, Box<dyn std::error::Error>> {
                Ok(Field::new(&system, w, &kernels)?
                    .evaluate(points, false)?
                    .scalar)
            };
            let (of_h, of_exact) = (field(&weights)?, field(&w)?);
            let (lo, hi) = of_exact
                .iter()
                .fold((f64::MAX, f64::MIN), |(l, h), &z| (l.min(z), h.max(z)));
            let worst = of_h
                .iter()
                .zip(&of_exact)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            println!(
                "fields of the hierarchical and exact solves (exact evaluation) differ by \
                 {:.2e} of the spread",
                worst / (hi - lo)
            );
        }
    }
    Ok(())
}
