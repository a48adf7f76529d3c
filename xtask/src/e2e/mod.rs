//! `cargo xtask bench --e2e [--runs N]`: end-to-end timings of the release `strata` binary.
//!
//! For every case under `benches/data/` it runs `strata engine CASE/input.json --out DIR` N
//! times (default 5) and keeps, per case, the minimum and median wall time, the minimum of each
//! engine phase (parsed from the printed run summary), the peak resident memory of the process
//! and the kernel evaluations per second ([`cases`] defines an evaluation). It compares that rate
//! with the machine's peak, measured by a small kernel microbenchmark ([`peak`]), then writes
//! `benches/results.json`, the chart `docs/performance.png` and prints a markdown table.
//!
//! Timings need optimised code: a debug build of xtask re-runs itself with `--release`.

mod cases;
mod chart;
pub(crate) mod child;
mod peak;
pub mod real;
pub(crate) mod report;
pub mod scale;
pub(crate) mod summary;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use cases::Case;
use report::{CaseResult, Machine};

/// Runs per case when `--runs` is not given.
pub(crate) const DEFAULT_RUNS: usize = 5;

/// Entry point of `bench --e2e --runs RUNS` (`RUNS ≥ 1`).
pub fn run(runs: usize) -> ExitCode {
    match measure_all(runs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench --e2e: {message}");
            ExitCode::FAILURE
        }
    }
}

fn measure_all(runs: usize) -> Result<(), String> {
    let root = workspace_root();
    let strata = build_strata(&root)?;
    let peak = peak::measure();
    println!(
        "peak kernel evaluations (vector square roots, {} threads): {:.3e} /s in f64, {:.3e} /s in f32",
        peak.threads, peak.evals_per_s, peak.evals_per_s_f32
    );
    let mut results = Vec::new();
    for case in cases::discover(&root.join("benches/data"))? {
        results.push(measure_case(&strata, &case, runs, peak.evals_per_s)?);
    }
    let machine = Machine::this_one(runs, peak);
    report::write_json(&root.join("benches/results.json"), &machine, &results)?;
    match chart::draw(&root.join("docs/performance.png"), &machine, &results) {
        Ok(path) => println!("wrote {}", path.display()),
        Err(e) => eprintln!("chart skipped: {e}"),
    }
    println!("\n{}", report::markdown(&machine, &results));
    Ok(())
}

/// Runs one case `runs` times and summarises the runs.
fn measure_case(strata: &Path, case: &Case, runs: usize, peak: f64) -> Result<CaseResult, String> {
    let out = target_dir(&workspace_root()).join("e2e").join(&case.name);
    let mut samples = Vec::with_capacity(runs);
    for i in 0..runs {
        let sample = child::run_engine(strata, &case.input, &out, &[], None)?;
        eprintln!(
            "{:<32} run {}/{runs}: {:.3} s, {:.0} MiB",
            case.name,
            i + 1,
            sample.wall_s,
            sample.peak_rss_mib
        );
        samples.push(sample);
    }
    let evaluations = case.evaluations(&out.join("result.json"))?;
    Ok(CaseResult::from_samples(
        &case.name,
        &samples,
        evaluations,
        peak,
    ))
}

/// Builds `strata` in release mode and returns the binary's path.
pub(crate) fn build_strata(root: &Path) -> Result<PathBuf, String> {
    let status = cargo()
        .args(["build", "--release", "-p", "strata-cli"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cargo build --release -p strata-cli failed: {status}"
        ));
    }
    Ok(target_dir(root).join("release/strata"))
}

/// `cargo run --release -p xtask -- ARGS`, `ARGS` this process's own: the same task with
/// optimised code.
pub(crate) fn rerun_in_release() -> ExitCode {
    let status = cargo()
        .args(["run", "--release", "-p", "xtask", "--"])
        .args(std::env::args_os().skip(1))
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `$CARGO`, or `cargo`.
pub(crate) fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` or `ROOT/target`.
pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}
