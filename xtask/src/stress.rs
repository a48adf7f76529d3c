//! `cargo xtask stress [N] [--filter TEXT]`: runs every property-test and fuzz binary of the
//! workspace `N` times (default 200), each run with a fresh random `PROPTEST_RNG_SEED`, and prints
//! every failure with its seed, the failing test and proptest's minimal failing input.
//!
//! A binary is a property-test binary when its source file uses `proptest`. Each run executes
//! in the binary's package directory, as `cargo test` does, so failure persistence writes the
//! regression seeds beside the test source (`tests/NAME.proptest-regressions`), where the next
//! run replays them. To replay one failure: `PROPTEST_RNG_SEED=<seed> cargo test -p <crate>
//! --test <name>`.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// One integration-test binary that uses proptest.
struct PropertyBinary {
    /// `crate/test` for reports.
    name: String,
    executable: PathBuf,
    package_dir: PathBuf,
}

/// One failed run.
struct Failure {
    binary: String,
    run: usize,
    seed: u64,
    /// The lines of the output that say what failed.
    report: Vec<String>,
}

/// `cargo xtask stress`'s arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct StressArgs {
    /// Runs per binary, each with a fresh PROPTEST_RNG_SEED.
    #[arg(value_name = "N", default_value_t = 200)]
    pub(crate) runs: usize,
    /// Only the binaries whose `crate/test` name contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub(crate) filter: Option<String>,
}

/// Entry point of `stress`: builds the test binaries, runs each property-test binary
/// `args.runs` times and prints the failures.
pub(crate) fn stress(args: &StressArgs) -> ExitCode {
    let (runs, filter) = (args.runs, &args.filter);
    let binaries = match property_binaries() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let binaries: Vec<_> = binaries
        .into_iter()
        .filter(|b| filter.as_ref().is_none_or(|f| b.name.contains(f.as_str())))
        .collect();
    println!(
        "stress: {} property-test binaries × {runs} runs, fresh PROPTEST_RNG_SEED each",
        binaries.len()
    );
    let seeds = RandomState::new();
    let mut failures = Vec::new();
    let started = Instant::now();
    for binary in &binaries {
        let t = Instant::now();
        let mut failed = 0;
        for run in 1..=runs {
            let seed = fresh_seed(&seeds, run);
            match run_once(binary, seed) {
                Ok(None) => {}
                Ok(Some(report)) => {
                    failed += 1;
                    failures.push(Failure {
                        binary: binary.name.clone(),
                        run,
                        seed,
                        report,
                    });
                }
                Err(e) => {
                    eprintln!("{}: {e}", binary.name);
                    return ExitCode::FAILURE;
                }
            }
        }
        println!(
            "{:<40} {:>4} runs {:>4} failed {:>8.1} s",
            binary.name,
            runs,
            failed,
            t.elapsed().as_secs_f64()
        );
    }
    for f in &failures {
        println!(
            "\nFAILED {} (run {}, PROPTEST_RNG_SEED={}):",
            f.binary, f.run, f.seed
        );
        for line in &f.report {
            println!("    {line}");
        }
    }
    println!(
        "\nstress: {} failures in {} runs of {} binaries ({:.0} s)",
        failures.len(),
        runs * binaries.len(),
        binaries.len(),
        started.elapsed().as_secs_f64()
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A seed for run `run`, different in every invocation (std's randomly keyed hasher).
fn fresh_seed(state: &RandomState, run: usize) -> u64 {
    let mut h = state.build_hasher();
    h.write_usize(run);
    h.finish()
}

/// Runs `binary` once; `Some(lines)` describes a failure.
fn run_once(binary: &PropertyBinary, seed: u64) -> Result<Option<Vec<String>>, String> {
    let output = Command::new(&binary.executable)
        .current_dir(&binary.package_dir)
        .env("PROPTEST_RNG_SEED", seed.to_string())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.executable.display()))?;
    if output.status.success() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    let report = text
        .lines()
        .filter(|l| {
            l.starts_with("---- ")
                || l.contains("Test failed")
                || l.contains("minimal failing input")
                || l.contains("panicked at")
        })
        .map(str::to_owned)
        .collect::<Vec<_>>();
    Ok(Some(if report.is_empty() {
        vec![format!("exit status {}", output.status)]
    } else {
        report
    }))
}

/// Builds the workspace's test binaries and returns those whose source uses proptest.
fn property_binaries() -> Result<Vec<PropertyBinary>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--workspace", "--no-run", "--message-format=json"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("building the test binaries failed".into());
    }
    let mut binaries = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = &message["target"];
        let (Some(executable), Some(src), Some(manifest)) = (
            message["executable"].as_str(),
            target["src_path"].as_str(),
            message["manifest_path"].as_str(),
        ) else {
            continue;
        };
        let is_test = target["kind"]
            .as_array()
            .is_some_and(|k| k.iter().any(|k| k == "test"));
        let uses_proptest = std::fs::read_to_string(src).is_ok_and(|s| s.contains("proptest"));
        if !is_test || !uses_proptest {
            continue;
        }
        let manifest = PathBuf::from(manifest);
        let package = manifest
            .parent()
            .map(PathBuf::from)
            .ok_or_else(|| format!("manifest without a folder: {}", manifest.display()))?;
        let crate_name = package
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        binaries.push(PropertyBinary {
            name: format!("{crate_name}/{}", target["name"].as_str().unwrap_or("?")),
            executable: PathBuf::from(executable),
            package_dir: package,
        });
    }
    binaries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(binaries)
}
