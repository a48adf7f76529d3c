//! `cargo xtask <task>` — project tasks that need more than one cargo command.
//!
//! * `cargo xtask bench [--cuda] [--quick]`: runs the criterion benches of `strata-benches`
//!   (with the CUDA backend when `--cuda`), then prints, per benchmark group, each backend's mean
//!   time and its ratio to the fused CPU kernels — all measured side by side in that one run.
//! * `cargo xtask bench --e2e [--runs N]`: runs the release `strata engine` on every case of
//!   `benches/data/` and reports per case and phase the time, kernel evaluations per second and
//!   peak RSS, in `benches/results.json`, `docs/performance.png` and a table ([`e2e`]).
//! * `cargo xtask bench --scale [--quick]`: runs the release `strata engine` on the layered
//!   model at growing numbers of data points `N` and cells `M`, checks the ids against the
//!   analytic truth, and writes the time and peak-memory table and `docs/scale.png` into
//!   docs/performance.md ([`e2e::scale`]).
//! * `cargo xtask bench --real [--only NAME,…] [--no-dense]`: runs the release `strata` on
//!   every dataset of the corpus of real public data (`benches/data/real/`) with the default
//!   solver and with `--solver dense`, and reports time, peak RSS, iterations, solve path,
//!   warnings, ids that differ and the agreement with LoopStructural's model where the corpus
//!   has it, in `target/bench-real/report.md` and `report.json` ([`e2e::real`]).
//! * `cargo xtask gpu-check [--vulkan] [--quick] [--skip-build]`: on a GPU host, builds the
//!   release `strata` with the `cuda` feature, runs the device conformance tests and times the
//!   GPU issue's cases cold and warm in `f64` and `f32` against the fused CPU backend, writing
//!   `target/gpu-check/report.md` and `report.json` ([`gpu_check`]); `--vulkan` runs it on any
//!   Vulkan driver (Mesa's software lavapipe included).
//! * `cargo xtask stress [N] [--filter TEXT]`: runs every property-test and fuzz binary `N`
//!   times with fresh random seeds and prints the failures with their minimal inputs
//!   ([`stress`]).

mod e2e;
mod gpu_check;
mod stress;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => bench(&args[1..]),
        Some("gpu-check") => gpu_check::run(&args[1..]),
        Some("stress") => stress::stress(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask bench [--cuda] [--quick] | bench --e2e [--runs N] | bench --scale [--quick] | bench --real [--only NAME,…] [--no-dense] | gpu-check [--vulkan] [--quick] [--skip-build] | stress [N] [--filter TEXT]"
            );
            ExitCode::FAILURE
        }
    }
}

fn bench(flags: &[String]) -> ExitCode {
    if flags.iter().any(|f| f == "--e2e") {
        return e2e::run(flags);
    }
    if flags.iter().any(|f| f == "--scale") {
        return e2e::scale::run(flags);
    }
    if flags.iter().any(|f| f == "--real") {
        return e2e::real::run(flags);
    }
    let cuda = flags.iter().any(|f| f == "--cuda");
    let quick = flags.iter().any(|f| f == "--quick");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["bench", "-p", "strata-benches", "--bench", "backends"]);
    if cuda {
        cmd.args(["--features", "cuda"]);
    }
    if quick {
        cmd.args(["--", "--quick"]);
    }
    match cmd.status() {
        Ok(s) if s.success() => {}
        Ok(s) => {
            eprintln!("cargo bench failed: {s}");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            return ExitCode::FAILURE;
        }
    }
    let root = workspace_root().join("target/criterion");
    report(&root);
    ExitCode::SUCCESS
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Mean times (ns) of every benchmark under `dir`, found as `.../new/estimates.json`.
fn estimates(dir: &Path, prefix: String, out: &mut Vec<(String, f64)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if name == "report" || !path.is_dir() {
            continue;
        }
        let file = path.join("new/estimates.json");
        let label = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        match std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        {
            Some(v) => {
                if let Some(mean) = v["mean"]["point_estimate"].as_f64() {
                    out.push((label, mean));
                }
            }
            None => estimates(&path, label, out),
        }
    }
}

fn report(root: &Path) {
    let mut all = Vec::new();
    estimates(root, String::new(), &mut all);
    println!("\n{:<58} {:>12} {:>12}", "benchmark", "mean", "× fused-cpu");
    for (label, mean) in &all {
        let group = label.split('/').next().unwrap_or("");
        let base = all
            .iter()
            .find(|(l, _)| l.starts_with(group) && l.contains("fused-cpu"))
            .map(|(_, m)| *m);
        let ratio = base.map_or(String::from("-"), |b| format!("{:.2}", mean / b));
        println!("{label:<58} {:>10.3} ms {ratio:>12}", mean / 1e6);
    }
}
