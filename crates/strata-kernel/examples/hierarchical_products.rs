//! Hierarchical against exact products with `C` on the layered scale model
//! (docs/performance.md).
//!
//! `cargo run --release -p strata-kernel --example hierarchical_products -- N M [TOLERANCE
//! LEAF_DOFS ADMISSIBILITY SOLVE]`: the model with `N × N` points per surface and `M × M`
//! orientations; prints the set-up time, the blocks, ranks and bytes of `H`, the time of one
//! product each way (the exact one skipped above 60 000 rows) and their relative difference;
//! with `SOLVE` = `solve`, the iterative solve with hierarchical products, its iterations and time.

use std::time::Instant;

use strata_data::{LayeredGrid, LayeredModel};
use strata_kernel::{
    CovarianceOperator, Cpu, HierarchicalOperator, HierarchicalOptions, Kernels, KrigingSystem,
    MatrixFreeOptions, Products,
};
use strata_solver::iterative::SymmetricOperator;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.into());
    let (n, m): (usize, usize) = (arg(0, "50").parse()?, arg(1, "20").parse()?);
    let options = HierarchicalOptions::default()
        .with_tolerance(arg(2, "1e-10").parse()?)
        .with_leaf_dofs(arg(3, "64").parse()?)
        .with_admissibility(arg(4, "2").parse()?);
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
    println!(
        "hierarchical product {:.3} s",
        start.elapsed().as_secs_f64()
    );
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
    if arg(5, "") == "solve" {
        let solve = MatrixFreeOptions::default().with_products(Products::Hierarchical(options));
        let start = Instant::now();
        let solution = kernels.solve_matrix_free(&system, &solve, None)?;
        println!(
            "solve: {} iterations, residual {:.2e}, {:.2} s",
            solution.iterations,
            solution.residual,
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
