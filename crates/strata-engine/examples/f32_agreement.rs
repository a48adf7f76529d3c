//! How far `f32` evaluation moves a model from `f64`: for every engine-level `input.json`
//! given, computes the model in both precisions (systems are solved in `f64` either way) and
//! prints one markdown row: points, ids that differ at any level, the largest field difference
//! and the field's range, and the time of each.
//!
//! ```sh
//! cargo run --release -p strata-engine --example f32_agreement -- tests/data/*/input.json
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use strata_engine::{
    ComputeOptions, Cpu, Dtype, Kernels, ModelSolution, WeightsCache, compute_model_with,
};
use strata_io::engine_json;

fn compute(path: &Path, dtype: Dtype) -> Result<(ModelSolution, f64), String> {
    let input = engine_json::read(path).map_err(|e| e.to_string())?;
    let cache = WeightsCache::new();
    let kernels = Kernels::<Cpu>::default().with_dtype(dtype);
    let start = Instant::now();
    let solution = compute_model_with(&input, &cache, ComputeOptions::default(), &kernels)
        .map_err(|e| e.to_string())?;
    Ok((solution, start.elapsed().as_secs_f64()))
}

fn main() -> Result<(), String> {
    println!("| case | points | ids differing | largest \\|ΔZ\\| | range of Z | f64 s | f32 s |");
    println!("|---|---|---|---|---|---|---|");
    for path in std::env::args().skip(1).map(PathBuf::from) {
        let (f64_run, t64) = compute(&path, Dtype::F64)?;
        let (f32_run, t32) = compute(&path, Dtype::F32)?;
        let (mut points, mut ids, mut dz) = (0, 0, 0.0f64);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (a, b) in f64_run.levels.iter().zip(&f32_run.levels) {
            points += a.ids.len();
            ids += a.ids.iter().zip(&b.ids).filter(|(x, y)| x != y).count();
            for (sa, sb) in a.stacks.iter().zip(&b.stacks) {
                for (za, zb) in sa.scalar.iter().zip(&sb.scalar) {
                    dz = dz.max((za - zb).abs());
                    lo = lo.min(*za);
                    hi = hi.max(*za);
                }
            }
        }
        let case = path.parent().and_then(|p| p.file_name()).map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        println!(
            "| {case} | {points} | {ids} | {dz:.1e} | {:.2} | {t64:.3} | {t32:.3} |",
            hi - lo
        );
    }
    Ok(())
}
