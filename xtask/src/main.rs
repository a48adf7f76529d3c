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
//! * `cargo xtask gpu-check [--vulkan] [--quick] [--skip-build] [--bundle | --prebuilt DIR]`:
//!   on a GPU host, builds the release `strata` with the `cuda` feature, runs the device
//!   conformance tests and times the GPU issue's cases cold and warm in `f64` and `f32` against
//!   the fused CPU backend, writing `target/gpu-check/report.md` and `report.json`
//!   ([`gpu_check`]); `--vulkan` runs it on any Vulkan driver (Mesa's software lavapipe
//!   included); `--bundle` packs the binaries for a host without cargo, `--prebuilt DIR` runs
//!   such a bundle.
//! * `cargo xtask stress [N] [--filter TEXT]`: runs every property-test and fuzz binary `N`
//!   times with fresh random seeds and prints the failures with their minimal inputs
//!   ([`stress`]).
//!
//! clap parses the flags ([`Cli`]): `cargo xtask --help` lists the tasks, `cargo xtask TASK
//! --help` a task's flags, and a flag that is unknown, lacks its value or does not fit the
//! mode (`--runs` without `--e2e`, `--bundle` with `--prebuilt`) is an error naming it. The
//! end-to-end modes of `bench` re-run xtask with `--release` from a debug build.

mod e2e;
mod gpu_check;
mod stress;

use std::path::Path;
use std::process::ExitCode;

use clap::builder::RangedU64ValueParser;
use clap::{ArgGroup, Parser, Subcommand};

use e2e::{cargo, rerun_in_release, workspace_root};

/// `cargo xtask`'s command line.
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Strata's project tasks: benchmarks, the GPU check, property-test stress runs"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

/// The tasks.
#[derive(Debug, Subcommand)]
enum Task {
    /// Compare the backends per operation (criterion), or time the release `strata` end to end
    /// (--e2e, --scale, --real).
    Bench(BenchArgs),
    /// On a GPU host: run the device conformance tests and time the device backend against the
    /// fused CPU backend.
    GpuCheck(gpu_check::Options),
    /// Run every property-test and fuzz binary N times with fresh random seeds.
    Stress(stress::StressArgs),
}

/// `cargo xtask bench`'s flags: the criterion comparison, or one of `--e2e`, `--scale`, `--real`.
#[derive(Debug, clap::Args)]
#[command(group = ArgGroup::new("mode").args(["e2e", "scale", "real"]))]
struct BenchArgs {
    /// Time the release `strata engine` on every case of benches/data/.
    #[arg(long)]
    e2e: bool,
    /// With --e2e: runs per case.
    #[arg(long, value_name = "N", requires = "e2e", default_value_t = e2e::DEFAULT_RUNS,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    runs: usize,
    /// Time the release `strata engine` on the layered model at growing sizes.
    #[arg(long)]
    scale: bool,
    /// Run the release `strata` on the corpus of real data (benches/data/real/).
    #[arg(long)]
    real: bool,
    /// With --real: only these datasets.
    #[arg(long, value_name = "NAME,…", requires = "real", value_delimiter = ',')]
    only: Option<Vec<String>>,
    /// With --real: skip the runs with `--solver dense`.
    #[arg(long, requires = "real")]
    no_dense: bool,
    /// The criterion comparison with the CUDA backend.
    #[arg(long, conflicts_with = "mode")]
    cuda: bool,
    /// Criterion's quick mode; with --scale, stop at N ≈ 6 200 rows and M ≈ 1e5 cells.
    #[arg(long, conflicts_with_all = ["e2e", "real"])]
    quick: bool,
}

fn main() -> ExitCode {
    match Cli::parse().task {
        Task::Bench(args) => bench(args),
        Task::GpuCheck(options) => gpu_check::run(options),
        Task::Stress(args) => stress::stress(&args),
    }
}

/// `cargo xtask bench`: an end-to-end mode (in a release build), or the criterion comparison.
fn bench(args: BenchArgs) -> ExitCode {
    let end_to_end = args.e2e || args.scale || args.real;
    if end_to_end && cfg!(debug_assertions) {
        // Timings need optimised code.
        return rerun_in_release();
    }
    if args.e2e {
        e2e::run(args.runs)
    } else if args.scale {
        e2e::scale::run(args.quick)
    } else if args.real {
        e2e::real::run(args.only.as_deref(), args.no_dense)
    } else {
        criterion(args.cuda, args.quick)
    }
}

/// Runs the criterion benches of `strata-benches` and prints each backend's mean time and its
/// ratio to the fused CPU kernels.
fn criterion(cuda: bool, quick: bool) -> ExitCode {
    let mut cmd = cargo();
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use clap::error::ErrorKind;

    use super::*;

    /// `cargo xtask ARGS` parsed, or clap's error.
    fn parse(args: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("xtask").chain(args.split_whitespace()))
    }

    /// The bench flags of `cargo xtask bench ARGS`.
    fn bench_flags(args: &str) -> BenchArgs {
        match parse(&format!("bench {args}")).unwrap().task {
            Task::Bench(flags) => flags,
            task => panic!("bench parsed as {task:?}"),
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_documented_invocation_parses() {
        // README.md, docs/performance.md and the module docs.
        for args in [
            "bench",
            "bench --cuda --quick",
            "bench --e2e",
            "bench --e2e --runs 5",
            "bench --scale",
            "bench --scale --quick",
            "bench --real",
            "bench --real --only claudius,moureze_all --no-dense",
            "gpu-check",
            "gpu-check --vulkan --quick --skip-build",
            "gpu-check --vulkan --quick",
            "gpu-check --bundle",
            "gpu-check --prebuilt .gpu-bundle",
            "stress",
            "stress 200",
            "stress 3 --filter strata-data",
        ] {
            parse(args).unwrap_or_else(|e| panic!("cargo xtask {args}: {e}"));
        }
    }

    #[test]
    fn bench_flags_choose_the_mode() {
        let criterion = bench_flags("--cuda --quick");
        assert!(criterion.cuda && criterion.quick);
        assert!(!(criterion.e2e || criterion.scale || criterion.real));
        assert_eq!(bench_flags("--e2e").runs, e2e::DEFAULT_RUNS);
        assert_eq!(bench_flags("--e2e --runs 3").runs, 3);
        let real = bench_flags("--real --only a,b --no-dense");
        assert_eq!(real.only, Some(vec!["a".to_string(), "b".to_string()]));
        assert!(real.no_dense);
        assert_eq!(bench_flags("--real").only, None);
        assert!(bench_flags("--scale --quick").quick);
    }

    #[test]
    fn stress_takes_a_count_and_a_filter() {
        let Task::Stress(args) = parse("stress --filter io 7").unwrap().task else {
            panic!("not stress");
        };
        assert_eq!((args.runs, args.filter.as_deref()), (7, Some("io")));
        let Task::Stress(args) = parse("stress").unwrap().task else {
            panic!("not stress");
        };
        assert_eq!((args.runs, args.filter), (200, None));
    }

    #[test]
    fn bad_flags_are_clap_errors_naming_the_flag() {
        for (args, kind, flag) in [
            ("bench --e2e --runs 0", ErrorKind::ValueValidation, "--runs"),
            (
                "bench --e2e --runs many",
                ErrorKind::ValueValidation,
                "--runs",
            ),
            (
                "bench --runs 3",
                ErrorKind::MissingRequiredArgument,
                "--e2e",
            ),
            (
                "bench --only a",
                ErrorKind::MissingRequiredArgument,
                "--real",
            ),
            ("bench --real --only", ErrorKind::InvalidValue, "--only"),
            (
                "bench --e2e --scale",
                ErrorKind::ArgumentConflict,
                "--scale",
            ),
            ("bench --real --cuda", ErrorKind::ArgumentConflict, "--cuda"),
            (
                "bench --e2e --quick",
                ErrorKind::ArgumentConflict,
                "--quick",
            ),
            ("bench --fast", ErrorKind::UnknownArgument, "--fast"),
            ("stress many", ErrorKind::ValueValidation, "many"),
            ("build", ErrorKind::InvalidSubcommand, "build"),
        ] {
            let error = parse(args).err().unwrap_or_else(|| panic!("{args} parsed"));
            assert_eq!(error.kind(), kind, "{args}: {error}");
            assert!(error.to_string().contains(flag), "{args}: {error}");
        }
    }
}
