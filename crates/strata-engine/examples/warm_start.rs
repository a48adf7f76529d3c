//! Iterations saved by a warm start: the layered model with `N × N` points per surface solved
//! matrix-free, then again with one surface point moved, from the first solve's weights
//! (docs/architecture.md).
//!
//! `cargo run --release -p strata-engine --example warm_start -- [N M]` (default 50 20: the
//! 5 000-point model).

use strata_data::{LayeredGrid, LayeredModel, SurfacePoints};
use strata_engine::{
    ComputeOptions, Cpu, SolveReport, SolverChoice, WeightsCache, compute_model_with,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let (n, m) = (
        args.first().copied().unwrap_or(50),
        args.get(1).copied().unwrap_or(20),
    );
    let input = LayeredModel::new(n, m).input(LayeredGrid::Regular(4))?;
    let mut points = input.surface_points().xyz().to_vec();
    // A point in the middle of the top surface, moved up by 2 world units.
    points[n * n / 2 + n / 2][2] += 2.0 / 1000.0;
    let moved = input.with_surface_points(SurfacePoints::new(
        points,
        input.surface_points().nugget().to_vec(),
    )?)?;
    let options = ComputeOptions::default().with_method(SolverChoice::Iterative);
    let cache = WeightsCache::new();
    let device = Default::default();
    for (label, model, cache) in [
        ("first solve", &input, &cache),
        ("one point moved, warm", &moved, &cache),
        ("one point moved, cold", &moved, &WeightsCache::new()),
    ] {
        let solution = compute_model_with::<Cpu>(model, cache, options, &device)?;
        if let SolveReport::Iterative {
            iterations,
            residual,
            warm_start,
            ..
        } = solution.stacks[0].solve
        {
            println!(
                "{label:<24} {iterations:>3} iterations, residual {residual:.1e}, warm start {warm_start}"
            );
        }
    }
    Ok(())
}
