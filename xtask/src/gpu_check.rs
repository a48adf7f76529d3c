//! `cargo xtask gpu-check [--vulkan] [--quick] [--skip-build] [--bundle | --prebuilt DIR]`: one
//! prepared command for a GPU
//! host lent for a few minutes.
//!
//! 1. Builds the release `strata` and the device conformance tests in one cargo invocation
//!    (`cargo build --release -p strata-cli --features cuda --bin strata --test device`).
//! 2. Runs the device tests (`cargo test --release -p strata-cli --features cuda --test device`,
//!    output printed): every reference case on the device in `f64` (asserted) and `f32`
//!    (differences printed).
//! 3. Times `strata engine --backend cuda` in `f64` and `f32` on the GPU issue's cases
//!    ([`CASES`]: `c_synthetic_800pts_octree5_dc`, `d_moureze_octree5_dc` and the layered model
//!    with 20 000 points and 2 025 orientations on a 100³ grid, written by the generator of
//!    `cargo xtask bench --scale`): one cold process (empty kernel cache) and the median of
//!    [`WARM_RUNS`] warm ones, then the fused CPU backend on the same host's cores for the ratio.
//!    Times are the run summary's (`compute_model` and its phases), the device its `device:`
//!    line.
//! 4. Writes `target/gpu-check/report.md` and `report.json` and prints the report.
//!
//! **Kernel cache.** cubecl compiles every kernel on its first launch in a process (PTX on
//! CUDA, SPIR-V on Vulkan) and keeps it across processes only when its compilation cache is on:
//! cubecl reads `cubecl.toml` from the working directory or the nearest parent (no environment
//! variable sets the cache), so every `strata` process runs in `target/gpu-check/`, where
//! [`write_cubecl_toml`] points the compilation and autotune caches at
//! `target/gpu-check/kernel-cache/`. A cold run starts with that folder emptied.
//!
//! `--vulkan` runs the same on the `vulkan` feature and backend (any Vulkan driver, Mesa's
//! software lavapipe included: the command itself can be exercised without a GPU);
//! `--bundle` builds and copies the release `strata`, the device test binary and xtask itself
//! (stripped) into `.gpu-bundle/` — for a GPU host with no cargo and no crates.io: carry the
//! folder there and run `.gpu-bundle/xtask gpu-check --prebuilt .gpu-bundle` in the
//! repository's root (`--prebuilt DIR` runs those binaries, the tests finding their data through
//! `STRATA_REPO`, and writes the report under `./target/gpu-check/`).
//! `--quick` leaves out the 20 000-point case and runs one warm process; `--skip-build` uses the
//! binaries as built.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use serde_json::{Value, json};
use strata_data::{LayeredGrid, LayeredModel};

use crate::e2e::child::{Sample, run_engine};
use crate::e2e::report::{cpu_model, git_describe, median, utc_now};
use crate::e2e::scale::write_input;
use crate::e2e::{cargo, target_dir, workspace_root};

/// Warm processes per case and precision (after the cold one); their median is reported.
const WARM_RUNS: usize = 3;
/// Warm processes with `--quick`.
const QUICK_WARM_RUNS: usize = 1;
/// CPU processes per case and precision, fewer when the first takes longer than
/// [`CPU_LONG_RUN_S`].
const CPU_RUNS: usize = 3;
/// A CPU run this long (seconds) is not repeated.
const CPU_LONG_RUN_S: f64 = 5.0;
/// The precisions timed.
const DTYPES: [&str; 2] = ["f64", "f32"];
/// The engine phases shown in the report (the run summary's spans).
const PHASES: [&str; 4] = ["solve", "evaluate", "octree level", "dual contouring"];

/// A timed case and the GPU issue's targets for it (warm `compute_model`).
struct Case {
    /// The case's name.
    name: &'static str,
    /// Where its input comes from.
    input: Input,
    /// Target time of `compute_model` on the device, seconds.
    target_s: f64,
    /// Target speed-up over the fused CPU backend on the same host, if any.
    min_speedup: Option<f64>,
}

/// Where a case's `input.json` comes from.
enum Input {
    /// `benches/data/NAME/input.json`.
    Bench,
    /// The layered model with this many points and orientations per side, on this grid.
    Layered(LayeredModel, LayeredGrid),
}

/// The GPU issue's cases, in the order run.
const CASES: [Case; 3] = [
    Case {
        name: "c_synthetic_800pts_octree5_dc",
        input: Input::Bench,
        target_s: 0.030,
        min_speedup: None,
    },
    Case {
        name: "d_moureze_octree5_dc",
        input: Input::Bench,
        target_s: 0.040,
        min_speedup: None,
    },
    Case {
        name: "layered_20000pts_2025ori_100",
        input: Input::Layered(LayeredModel::new(100, 45), LayeredGrid::Regular(100)),
        target_s: 3.0,
        min_speedup: Some(10.0),
    },
];

/// The command's flags.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Options {
    /// Build and run on the `vulkan` feature and backend instead of `cuda` (any Vulkan driver).
    #[arg(long)]
    vulkan: bool,
    /// Leave out the 20 000-point case and run one warm process.
    #[arg(long)]
    quick: bool,
    /// Use the binaries as built.
    #[arg(long)]
    skip_build: bool,
    /// Build and copy strata, the device tests and xtask into .gpu-bundle/, then stop.
    #[arg(long, conflicts_with = "prebuilt")]
    bundle: bool,
    /// Run a bundle's binaries from DIR without cargo (the repository is the working directory).
    #[arg(long, value_name = "DIR")]
    prebuilt: Option<PathBuf>,
}

impl Options {
    /// Warm processes per case and precision.
    fn warm_runs(&self) -> usize {
        if self.quick {
            QUICK_WARM_RUNS
        } else {
            WARM_RUNS
        }
    }

    /// The cargo feature and the `--backend` value: `cuda` or `vulkan`.
    fn backend(&self) -> &'static str {
        if self.vulkan { "vulkan" } else { "cuda" }
    }
}

/// Entry point of `gpu-check` with its flags.
pub(crate) fn run(options: Options) -> ExitCode {
    match check(options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("gpu-check: the device tests failed (see the report)");
            ExitCode::FAILURE
        }
        Err(message) => {
            eprintln!("gpu-check: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Builds, tests and times; whether the device tests passed.
fn check(mut options: Options) -> Result<bool, String> {
    // Every `strata` process runs in `target/gpu-check/`: the bundle's path must not be relative.
    if let Some(bundle) = &options.prebuilt {
        options.prebuilt =
            Some(std::path::absolute(bundle).map_err(|e| format!("{}: {e}", bundle.display()))?);
    }
    let root = match options.prebuilt {
        Some(_) => std::env::current_dir().map_err(|e| format!("working directory: {e}"))?,
        None => workspace_root(),
    };
    let target = match options.prebuilt {
        Some(_) => root.join("target"),
        None => target_dir(&root),
    };
    let dir = target.join("gpu-check");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let backend = options.backend();
    if options.prebuilt.is_none() && !options.skip_build {
        cargo_step(
            &root,
            &[
                "build",
                "--release",
                "-p",
                "strata-cli",
                "--features",
                backend,
                "--bin",
                "strata",
                "--test",
                "device",
            ],
        )?;
    }
    if options.bundle {
        bundle(&root, &target, backend)?;
        return Ok(true);
    }
    let tests = match &options.prebuilt {
        Some(bundle) => {
            let mut command = Command::new(bundle.join(DEVICE_TESTS));
            command
                .args(["--nocapture", "--test-threads", "1"])
                .env("STRATA_REPO", &root);
            run_device_tests(
                command,
                format!("{} --nocapture --test-threads 1", DEVICE_TESTS),
            )?
        }
        None => device_tests(&root, backend)?,
    };
    let strata = options.prebuilt.as_ref().map_or_else(
        || target.join("release/strata"),
        |bundle| bundle.join("strata"),
    );
    let cache = dir.join("kernel-cache");
    write_cubecl_toml(&dir, &cache)?;
    let run = Run {
        strata: &strata,
        dir: &dir,
        cache: &cache,
        backend,
        warm_runs: options.warm_runs(),
    };
    let mut measured = Vec::new();
    for case in CASES
        .iter()
        .filter(|c| !(options.quick && matches!(c.input, Input::Layered(..))))
    {
        let input = case_input(&root, &dir, case)?;
        for dtype in DTYPES {
            measured.push(run.measure(case, &input, dtype)?);
        }
    }
    let report = Report {
        backend,
        warm_runs: options.warm_runs(),
        tests,
        cache,
        measured,
    };
    let (md, json) = (dir.join("report.md"), dir.join("report.json"));
    let markdown = report.markdown();
    std::fs::write(&md, &markdown).map_err(|e| format!("{}: {e}", md.display()))?;
    let text = serde_json::to_string_pretty(&report.json()).expect("serialises");
    std::fs::write(&json, text + "\n").map_err(|e| format!("{}: {e}", json.display()))?;
    println!(
        "\n{markdown}\nwrote {} and {}",
        md.display(),
        json.display()
    );
    Ok(report.tests.passed)
}

/// Runs `cargo args` in `root`, failing when cargo does.
fn cargo_step(root: &Path, args: &[&str]) -> Result<(), String> {
    let status = cargo()
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed: {status}", args.join(" ")))
    }
}

/// What the device tests said.
struct Tests {
    /// The command run.
    command: String,
    /// Whether cargo test succeeded.
    passed: bool,
    /// Its `test result: …` line.
    result: String,
    /// Tests that found no device (`skipped: …` lines), with the first reason.
    skipped: (usize, Option<String>),
}

/// `cargo test --release -p strata-cli --features BACKEND --test device`, as arguments.
fn device_test_target(backend: &str) -> [&str; 8] {
    [
        "test",
        "--release",
        "-p",
        "strata-cli",
        "--features",
        backend,
        "--test",
        "device",
    ]
}

/// Runs the device tests one at a time with their output, printing it as it comes.
fn device_tests(root: &Path, backend: &str) -> Result<Tests, String> {
    let args = [
        &device_test_target(backend)[..],
        &["--", "--nocapture", "--test-threads", "1"],
    ]
    .concat();
    let mut command = cargo();
    command.args(&args).current_dir(root);
    run_device_tests(command, format!("cargo {}", args.join(" ")))
}

/// Runs the device tests by `command` (described as `description`), printing their output as
/// it comes.
fn run_device_tests(mut command: Command, description: String) -> Result<Tests, String> {
    println!("== {description}");
    let command_text = description;
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {command_text}: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let (mut result, mut skipped, mut reason) = (String::new(), 0, None);
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading cargo test's output: {e}"))?;
        println!("{line}");
        if line.starts_with("test result:") {
            result = line.clone();
        }
        // A test's first line follows the harness's `test name ... ` on the same line.
        if let Some((_, why)) = line.split_once("skipped: ") {
            skipped += 1;
            reason.get_or_insert_with(|| why.to_string());
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for cargo test: {e}"))?;
    Ok(Tests {
        command: command_text,
        passed: status.success(),
        result: if result.is_empty() {
            format!("no test result ({status})")
        } else {
            result
        },
        skipped: (skipped, reason),
    })
}

/// The device test binary's name in a bundle.
const DEVICE_TESTS: &str = "device-tests";

/// Copies the release `strata`, the device test binary and this xtask into `ROOT/.gpu-bundle/`
/// (stripped), for a GPU host without cargo or crates: carry the folder and run
/// `.gpu-bundle/xtask gpu-check --prebuilt .gpu-bundle` in the repository there.
fn bundle(root: &Path, target: &Path, backend: &str) -> Result<(), String> {
    let out = cargo()
        .args(device_test_target(backend))
        .args(["--no-run", "--message-format", "json"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let tests = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|m| m["target"]["name"] == "device")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or("cargo named no device test executable")?;
    let xtask = std::env::current_exe().map_err(|e| format!("this xtask's path: {e}"))?;
    let dir = root.join(".gpu-bundle");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (from, name) in [
        (target.join("release/strata"), "strata"),
        (tests, DEVICE_TESTS),
        (xtask, "xtask"),
    ] {
        let to = dir.join(name);
        std::fs::copy(&from, &to)
            .map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))?;
        // Smaller to carry; a missing `strip` leaves the binary as it is.
        let _ = Command::new("strip").arg(&to).status();
        let bytes = std::fs::metadata(&to).map_or(0, |m| m.len());
        println!(
            "{}: {:.1} MiB",
            to.display(),
            bytes as f64 / (1u64 << 20) as f64
        );
    }
    println!(
        "carry .gpu-bundle and run, in the repository on the GPU host:\n  \
         .gpu-bundle/xtask gpu-check --prebuilt .gpu-bundle{}",
        if backend == "vulkan" { " --vulkan" } else { "" }
    );
    Ok(())
}

/// Writes `dir/cubecl.toml`, turning cubecl's compilation cache on and pointing it and the
/// autotune cache at `cache` (cubecl reads it from the working directory of each process).
fn write_cubecl_toml(dir: &Path, cache: &Path) -> Result<(), String> {
    // A JSON string is a valid TOML basic string.
    let path = serde_json::to_string(&cache.display().to_string()).expect("serialises");
    let text = format!(
        "# Written by `cargo xtask gpu-check`: cubecl reads the cubecl.toml of the working\n\
         # directory (or of the nearest parent) once per process.\n\
         [compilation]\ncache = {{ file = {path} }}\n\n[autotune]\ncache = {{ file = {path} }}\n"
    );
    let file = dir.join("cubecl.toml");
    std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))
}

/// The `input.json` of `case`: a bench case's, or the layered model written under `dir`.
fn case_input(root: &Path, dir: &Path, case: &Case) -> Result<PathBuf, String> {
    match case.input {
        Input::Bench => Ok(root.join("benches/data").join(case.name).join("input.json")),
        Input::Layered(model, grid) => {
            let path = dir.join(case.name).join("input.json");
            write_input(model, grid, &path)?;
            Ok(path)
        }
    }
}

/// One case in one precision: the device cold and warm, the CPU; or why the device run failed
/// (a backend that does not evaluate in `f32` refuses it).
struct Measured {
    case: &'static Case,
    dtype: &'static str,
    runs: Result<Runs, String>,
}

/// The processes of one case and precision.
struct Runs {
    cold: Sample,
    warm: Vec<Sample>,
    cpu: Vec<Sample>,
}

/// How the processes of a case are run.
struct Run<'a> {
    strata: &'a Path,
    dir: &'a Path,
    cache: &'a Path,
    backend: &'static str,
    warm_runs: usize,
}

impl Run<'_> {
    /// Times `case` in `dtype` on the device (cold, then warm) and on the fused CPU backend. A
    /// failed process ends the case's measurement with its error, not the command.
    fn measure(
        &self,
        case: &'static Case,
        input: &Path,
        dtype: &'static str,
    ) -> Result<Measured, String> {
        if self.cache.exists() {
            std::fs::remove_dir_all(self.cache)
                .map_err(|e| format!("{}: {e}", self.cache.display()))?;
        }
        let runs = self.processes(case, input, dtype);
        if let Err(error) = &runs {
            eprintln!("{:<30} {dtype} not measured: {error}", case.name);
        }
        Ok(Measured { case, dtype, runs })
    }

    fn processes(&self, case: &Case, input: &Path, dtype: &str) -> Result<Runs, String> {
        let out = self.dir.join("out").join(format!("{}_{dtype}", case.name));
        let engine = |backend: &str, cwd: Option<&Path>| {
            run_engine(
                self.strata,
                input,
                &out,
                &["--backend", backend, "--dtype", dtype],
                cwd,
            )
            .map_err(|e| {
                let stderr = std::fs::read_to_string(out.join("stderr.txt")).unwrap_or_default();
                let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
                format!("{e}: {}", last.unwrap_or("no message"))
            })
        };
        let progress = |what: &str, sample: &Sample| {
            eprintln!(
                "{:<30} {dtype} {what:<8} compute_model {:.4} s, process {:.3} s",
                case.name, sample.summary.compute_s, sample.wall_s
            );
        };
        let cold = engine(self.backend, Some(self.dir))?;
        progress("cold", &cold);
        let mut warm = Vec::with_capacity(self.warm_runs);
        for _ in 0..self.warm_runs {
            let sample = engine(self.backend, Some(self.dir))?;
            progress("warm", &sample);
            warm.push(sample);
        }
        let mut cpu = Vec::with_capacity(CPU_RUNS);
        while cpu.len() < CPU_RUNS {
            let sample = engine("cpu", None)?;
            progress("cpu", &sample);
            let long = sample.wall_s > CPU_LONG_RUN_S;
            cpu.push(sample);
            if long {
                break;
            }
        }
        Ok(Runs { cold, warm, cpu })
    }
}

/// The median of `value` over `samples`.
fn median_of(samples: &[Sample], value: impl Fn(&Sample) -> f64) -> f64 {
    let mut values: Vec<f64> = samples.iter().map(value).collect();
    values.sort_by(f64::total_cmp);
    median(&values)
}

impl Runs {
    /// Median warm `compute_model`, seconds.
    fn warm_compute(&self) -> f64 {
        median_of(&self.warm, |s| s.summary.compute_s)
    }

    /// Median CPU `compute_model`, seconds.
    fn cpu_compute(&self) -> f64 {
        median_of(&self.cpu, |s| s.summary.compute_s)
    }

    /// Device time over CPU time (warm medians).
    fn gpu_over_cpu(&self) -> f64 {
        self.warm_compute() / self.cpu_compute()
    }

    /// Whether the warm device run meets `case`'s targets.
    fn meets_targets(&self, case: &Case) -> bool {
        self.warm_compute() <= case.target_s
            && case
                .min_speedup
                .is_none_or(|s| 1.0 / self.gpu_over_cpu() >= s)
    }
}

impl Case {
    /// The targets in words.
    fn targets(&self) -> String {
        let time = format!("≤ {}", seconds(self.target_s));
        match self.min_speedup {
            Some(s) => format!("{time}, ≥ {s}× CPU"),
            None => time,
        }
    }
}

/// `0.030` → `30 ms`, `3.0` → `3 s`.
fn seconds(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else {
        format!("{s} s")
    }
}

/// A device line split into the device's name and the memory it holds (`"; memory …"`).
fn device_name(line: &str) -> (&str, &str) {
    match line.find("; memory") {
        Some(i) => (&line[..i], &line[i + 2..]),
        None => (line, ""),
    }
}

/// Everything gpu-check measured.
struct Report {
    backend: &'static str,
    warm_runs: usize,
    tests: Tests,
    cache: PathBuf,
    measured: Vec<Measured>,
}

impl Report {
    /// The device as the first device run's summary names it.
    fn device(&self) -> &str {
        self.measured
            .iter()
            .find_map(|m| m.runs.as_ref().ok()?.cold.summary.device.as_deref())
            .map_or("no device run", |line| device_name(line).0)
    }

    fn markdown(&self) -> String {
        let tests = &self.tests;
        let skipped = match &tests.skipped {
            (0, _) => String::new(),
            (n, reason) => format!(
                "; **{n} tests skipped**: {}",
                reason.as_deref().unwrap_or("")
            ),
        };
        let mut s = format!(
            "# `cargo xtask gpu-check`{}\n\n\
             {}, {} cores, {}, commit {}; backend `{}`; device: {}\n\n\
             Device tests (`{}`): {}{skipped}\n\n\
             Times in seconds from the run summary: `compute_model` and its phases (spans; they \
             nest, see docs/performance.md). Cold: the first process with an empty kernel cache \
             ({}); warm: median of {} more processes; CPU: the fused CPU backend on this \
             host's cores, median of up to {CPU_RUNS}. Targets apply to the warm device time.\n\n",
            if self.backend == "vulkan" {
                " --vulkan"
            } else {
                ""
            },
            cpu_model(),
            cores(),
            utc_now(),
            git_describe(),
            self.backend,
            self.device(),
            tests.command,
            tests.result,
            self.cache.display(),
            self.warm_runs,
        );
        s += "| case | dtype | cold compute | cold process | warm compute | warm process |";
        for phase in PHASES {
            s += &format!(" warm {phase} |");
        }
        s += " CPU compute | GPU/CPU | speed-up | target | met | device memory after the last warm run |\n";
        s += &"|---".repeat(12 + PHASES.len());
        s += "|\n";
        for m in &self.measured {
            s += &format!("| {} | {} |", m.case.name, m.dtype);
            let r = match &m.runs {
                Ok(r) => r,
                Err(error) => {
                    s += &format!(" not measured: {} |\n", error.replace('|', "/"));
                    continue;
                }
            };
            s += &format!(
                " {:.4} | {:.3} | {:.4} | {:.3} |",
                r.cold.summary.compute_s,
                r.cold.wall_s,
                r.warm_compute(),
                median_of(&r.warm, |s| s.wall_s),
            );
            for phase in PHASES {
                s += &format!(" {:.4} |", median_of(&r.warm, |s| s.summary.phase(phase)));
            }
            let memory = r
                .warm
                .last()
                .and_then(|s| s.summary.device.as_deref())
                .map_or("", |line| device_name(line).1);
            s += &format!(
                " {:.4} | {:.3} | {:.3}× | {} | {} | {memory} |\n",
                r.cpu_compute(),
                r.gpu_over_cpu(),
                1.0 / r.gpu_over_cpu(),
                m.case.targets(),
                if r.meets_targets(m.case) { "yes" } else { "no" },
            );
        }
        s
    }

    fn json(&self) -> Value {
        let sample = |s: &Sample| {
            json!({
                "wall_s": s.wall_s,
                "compute_s": s.summary.compute_s,
                "phases_s": s.summary.phases.iter().map(|(n, t)| (n.clone(), json!(t))).collect::<serde_json::Map<_, _>>(),
                "solves": s.summary.solves,
                "device": s.summary.device,
                "peak_rss_mib": s.peak_rss_mib,
            })
        };
        let cases: Vec<Value> = self
            .measured
            .iter()
            .map(|m| {
                let head = json!({
                    "case": m.case.name,
                    "dtype": m.dtype,
                    "target_s": m.case.target_s,
                    "min_speedup": m.case.min_speedup,
                });
                let body = match &m.runs {
                    Err(error) => json!({ "error": error }),
                    Ok(r) => json!({
                        "cold": sample(&r.cold),
                        "warm": r.warm.iter().map(sample).collect::<Vec<_>>(),
                        "warm_compute_median_s": r.warm_compute(),
                        "cpu": r.cpu.iter().map(sample).collect::<Vec<_>>(),
                        "cpu_compute_median_s": r.cpu_compute(),
                        "gpu_over_cpu": r.gpu_over_cpu(),
                        "meets_targets": r.meets_targets(m.case),
                    }),
                };
                let mut row = head;
                if let (Some(row), Value::Object(body)) = (row.as_object_mut(), body) {
                    row.extend(body);
                }
                row
            })
            .collect();
        json!({
            "machine": {
                "cpu": cpu_model(),
                "cores": cores(),
                "date": utc_now(),
                "commit": git_describe(),
            },
            "backend": self.backend,
            "device": self.device(),
            "device_tests": {
                "command": self.tests.command,
                "passed": self.tests.passed,
                "result": self.tests.result,
                "skipped": self.tests.skipped.0,
                "skipped_because": self.tests.skipped.1,
            },
            "kernel_cache": self.cache.display().to_string(),
            "cases": cases,
        })
    }
}

/// The cores this process may use.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use clap::error::ErrorKind;

    use super::*;

    /// The flags of `cargo xtask gpu-check ARGS`, or clap's error.
    fn flags(args: &[&str]) -> Result<Options, clap::Error> {
        let cli = crate::Cli::try_parse_from(["xtask", "gpu-check"].iter().chain(args))?;
        match cli.task {
            crate::Task::GpuCheck(options) => Ok(options),
            task => panic!("gpu-check parsed as {task:?}"),
        }
    }

    #[test]
    fn flags_choose_the_backend() {
        assert_eq!(flags(&[]).unwrap().backend(), "cuda");
        let vulkan = flags(&["--vulkan", "--quick", "--skip-build"]).unwrap();
        assert!(vulkan.quick && vulkan.skip_build);
        assert_eq!(vulkan.backend(), "vulkan");
        let unknown = flags(&["--release"]).unwrap_err();
        assert_eq!(unknown.kind(), ErrorKind::UnknownArgument);
        assert!(unknown.to_string().contains("--release"));
        let carried = flags(&["--prebuilt", ".gpu-bundle"]).unwrap();
        assert_eq!(carried.prebuilt, Some(PathBuf::from(".gpu-bundle")));
        assert!(!carried.bundle);
        let bundle = flags(&["--bundle"]).unwrap();
        assert!(bundle.bundle && bundle.prebuilt.is_none());
        let no_dir = flags(&["--prebuilt"]).unwrap_err();
        assert_eq!(no_dir.kind(), ErrorKind::InvalidValue, "a folder is needed");
        assert!(no_dir.to_string().contains("--prebuilt <DIR>"));
        let both = flags(&["--bundle", "--prebuilt", ".gpu-bundle"]).unwrap_err();
        assert_eq!(both.kind(), ErrorKind::ArgumentConflict);
    }

    #[test]
    fn device_lines_split_into_name_and_memory() {
        assert_eq!(
            device_name("cuda 0, 132 multiprocessors; memory in use 1.0 MiB (reserved 2.0 MiB)"),
            (
                "cuda 0, 132 multiprocessors",
                "memory in use 1.0 MiB (reserved 2.0 MiB)"
            )
        );
        assert_eq!(device_name("cpu, 2 threads"), ("cpu, 2 threads", ""));
    }

    #[test]
    fn the_cubecl_file_turns_the_cache_on() {
        let dir = std::env::temp_dir().join(format!("xtask-gpu-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        write_cubecl_toml(&dir, Path::new("/tmp/a \"b\"/cache")).unwrap();
        let text = std::fs::read_to_string(dir.join("cubecl.toml")).unwrap();
        assert!(text.contains("[compilation]\ncache = { file = \"/tmp/a \\\"b\\\"/cache\" }"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
