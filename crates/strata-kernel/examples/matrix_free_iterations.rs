//! Iterations of the matrix-free solve on the layered scale model (docs/architecture.md).
//!
//! `cargo run --release -p strata-kernel --example matrix_free_iterations -- N M NUGGET DTYPE
//! PRECONDITIONER [SUBDOMAIN_ROWS OVERLAP COARSE_ROWS TOLERANCE]`: the model with `N × N`
//! points per surface and `M × M` orientations, surface-point nugget `NUGGET`, products in
//! `f64` or `f32`, with the two-level Schwarz preconditioner (`schwarz`) or none (`none`),
//! stopping at `TOLERANCE` (default 1e-10); prints the system size, iterations, final residual
//! and times.

use std::time::Instant;

use strata_data::{LayeredGrid, LayeredModel};
use strata_kernel::{
    Cpu, Dtype, Kernels, KrigingSystem, MatrixFreeOptions, SchwarzOptions, preconditioner_bytes,
};
use strata_solver::iterative::IterativeOptions;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.into());
    let n: usize = arg(0, "20").parse()?;
    let m: usize = arg(1, "8").parse()?;
    let nugget: f64 = arg(2, "1e-6").parse()?;
    let dtype: Dtype = arg(3, "f64").parse()?;
    let schwarz = SchwarzOptions::default()
        .with_subdomain_rows(arg(5, "400").parse()?)
        .with_overlap(arg(6, "0.25").parse()?)
        .with_coarse_rows(arg(7, "1000").parse()?);
    let preconditioner = (arg(4, "schwarz") == "schwarz").then_some(schwarz);
    let system = layered_system(n, m, nugget)?;
    let tolerance: f64 = arg(8, "1e-10").parse()?;
    let options = MatrixFreeOptions::default()
        .with_dtype(dtype)
        .with_preconditioner(preconditioner)
        .with_iterative(IterativeOptions::default().with_tolerance(tolerance));
    let start = Instant::now();
    let result = Kernels::<Cpu>::default().solve_matrix_free(&system, &options, None);
    let seconds = start.elapsed().as_secs_f64();
    let size = system.layout().size();
    let bytes = preconditioner_bytes(&system, &options);
    match result {
        Ok(s) => println!(
            "N {size} nugget {nugget:e} {dtype} {} iterations {} residual {:.2e} time {seconds:.2} s \
             preconditioner {:.0} MiB",
            arg(4, "schwarz"),
            s.iterations,
            s.residual,
            bytes as f64 / 1048576.0
        ),
        Err(e) => println!(
            "N {size} nugget {nugget:e} {dtype} {}: {e} (time {seconds:.2} s)",
            arg(4, "schwarz")
        ),
    }
    Ok(())
}

/// The layered model's system (engine coordinates) with surface-point nugget `nugget`.
fn layered_system(
    n: usize,
    m: usize,
    nugget: f64,
) -> Result<KrigingSystem, Box<dyn std::error::Error>> {
    let input = LayeredModel::new(n, m)
        .with_surface_nugget(nugget)
        .input(LayeredGrid::Regular(1))?;
    Ok(KrigingSystem::new(&input.stack(0), input.kernel(), &[])?)
}
