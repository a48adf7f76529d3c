//! The error of the neighbourhood kriging variance against the exact one on a mid-size model
//! (docs/python.md, *Kriging variance*): five folded surfaces of 300 points each and 100
//! orientations (a system of 1798 rows, above the dense limit of 1500) in the engine's unit
//! cube, the variance of the field on a 40 × 40 × 20 grid, exactly and in neighbourhoods.
//!
//! ```sh
//! cargo run --release -p strata-kernel --example variance_error
//! ```

use std::time::Instant;

use strata_data::KernelOptions;
use strata_kernel::{
    Cpu, EvaluationPoints, KrigingSystem, Point, Variance, VarianceMethod, VarianceOptions,
    assemble,
};
use strata_solver::PivotTest;

/// A deterministic uniform number in `[0, 1)` from an index (SplitMix64's finaliser).
fn uniform(i: u64) -> f64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

/// The elevation of surface `s` at `(x, y)`: folded layers 0.15 apart.
fn surface(s: usize, x: f64, y: f64) -> f64 {
    -0.3 + 0.15 * s as f64 + 0.05 * (3.0 * x).sin() * (2.0 * y).cos()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let range = 3f64.sqrt();
    let mut builder = KrigingSystem::builder(KernelOptions::for_range(range));
    for o in 0..100u64 {
        let (x, y) = (0.9 * uniform(3 * o) - 0.45, 0.9 * uniform(3 * o + 1) - 0.45);
        let s = (uniform(3 * o + 2) * 5.0) as usize;
        let z = surface(s, x, y);
        // The pole of the surface: (−∂z/∂x, −∂z/∂y, 1).
        let dzdx = 0.15 * (3.0 * x).cos() * (2.0 * y).cos();
        let dzdy = -0.1 * (3.0 * x).sin() * (2.0 * y).sin();
        builder = builder.orientation([x, y, z], [-dzdx, -dzdy, 1.0]);
    }
    for s in 0..5 {
        let points: Vec<Point> = (0..300u64)
            .map(|k| {
                let i = 10_000 * (s as u64 + 1) + 2 * k;
                let (x, y) = (0.9 * uniform(i) - 0.45, 0.9 * uniform(i + 1) - 0.45);
                [x, y, surface(s, x, y)]
            })
            .collect();
        builder = builder.surface(&points);
    }
    let system = builder.build()?;
    let n = system.layout().size();
    let assembled = assemble::<Cpu>(&system, &Default::default());
    let grid: Vec<Point> = (0..40 * 40 * 20)
        .map(|c| {
            let (i, j, k) = (c / 800, (c / 20) % 40, c % 20);
            [
                -0.5 + (i as f64 + 0.5) / 40.0,
                -0.5 + (j as f64 + 0.5) / 40.0,
                -0.5 + (k as f64 + 0.5) / 20.0,
            ]
        })
        .collect();
    let points = EvaluationPoints {
        xyz: &grid,
        fault_values: &[],
    };
    let exact_options = VarianceOptions::default().with_dense_limit(n);
    let start = Instant::now();
    let exact = Variance::new(&system, &assembled, &exact_options, PivotTest::default())?;
    assert_eq!(exact.method(), VarianceMethod::Exact);
    let e = exact.field(points)?;
    let exact_time = start.elapsed().as_secs_f64();
    let c0 = system.c_o() * system.i_res();
    println!(
        "system of {n} rows, {} points; exact variance in {exact_time:.2} s",
        grid.len()
    );
    println!(
        "| neighbourhood | time | max |err| / c(0) | mean |err| / c(0) | mean rel. err | points within 1 % | below exact |"
    );
    println!("|---|---|---|---|---|---|---|");
    for rows in [200, 400, 800] {
        let options = VarianceOptions::default().with_neighbourhood(rows);
        let start = Instant::now();
        let local = Variance::new(&system, &assembled, &options, PivotTest::default())?;
        assert_eq!(local.method(), VarianceMethod::Neighbourhoods);
        let l = local.field(points)?;
        let time = start.elapsed().as_secs_f64();
        let errors: Vec<f64> = l.iter().zip(&e).map(|(l, e)| l - e).collect();
        let max = errors.iter().fold(0.0f64, |m, d| m.max(d.abs()));
        let mean = errors.iter().map(|d| d.abs()).sum::<f64>() / errors.len() as f64;
        let relative: Vec<f64> = errors
            .iter()
            .zip(&e)
            .map(|(d, e)| d.abs() / e.abs().max(1e-12 * c0))
            .collect();
        let mean_relative = relative.iter().sum::<f64>() / relative.len() as f64;
        let within = relative.iter().filter(|&&r| r < 0.01).count() as f64 / relative.len() as f64;
        let below = errors.iter().filter(|&&d| d < -1e-9 * c0).count();
        println!(
            "| {rows} rows | {time:.2} s | {:.2e} | {:.2e} | {:.2} % | {:.1} % | {below} |",
            max / c0,
            mean / c0,
            100.0 * mean_relative,
            100.0 * within
        );
    }
    Ok(())
}
