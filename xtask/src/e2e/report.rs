//! The results of `bench --e2e`: per case statistics, `benches/results.json` and a markdown
//! table.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::child::Sample;
use super::peak::Peak;

/// Where and how the numbers were taken.
#[derive(Debug, Clone)]
pub struct Machine {
    /// `model name` of /proc/cpuinfo.
    pub cpu: String,
    /// Available cores.
    pub nproc: usize,
    /// UTC date and time, ISO 8601.
    pub date: String,
    /// `git describe --always --dirty` of the measured tree.
    pub commit: String,
    /// Runs per case.
    pub runs: usize,
    /// The kernel-evaluation peak.
    pub peak: Peak,
}

impl Machine {
    /// This machine, now.
    pub fn this_one(runs: usize, peak: Peak) -> Machine {
        Machine {
            cpu: cpu_model(),
            nproc: std::thread::available_parallelism().map_or(1, usize::from),
            date: utc_now(),
            commit: git_describe(),
            runs,
            peak,
        }
    }

    /// One line for a caption: CPU, cores, date.
    pub fn caption(&self) -> String {
        format!("{}, {} cores, {}", self.cpu, self.nproc, self.date)
    }
}

/// One case over all its runs.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Case name.
    pub name: String,
    /// Minimum wall time of the process, seconds.
    pub wall_min_s: f64,
    /// Median wall time of the process, seconds.
    pub wall_median_s: f64,
    /// Minimum `compute_model` time, seconds.
    pub compute_min_s: f64,
    /// Minimum total time of each phase, seconds, in the order strata printed them.
    pub phases_min_s: Vec<(String, f64)>,
    /// Largest peak resident set size over the runs, MiB.
    pub peak_rss_mib: f64,
    /// Kernel evaluations of one run.
    pub evaluations: u64,
    /// Minimum time spent evaluating the octree levels (`octree level` − `solve`), seconds.
    pub evaluation_min_s: f64,
    /// `evaluations / evaluation_min_s`.
    pub evals_per_s: f64,
    /// `evals_per_s` / the machine's peak.
    pub fraction_of_peak: f64,
}

impl CaseResult {
    /// Summarises the runs of one case (`samples` is not empty).
    pub fn from_samples(name: &str, samples: &[Sample], evaluations: u64, peak: f64) -> Self {
        let mut walls: Vec<f64> = samples.iter().map(|s| s.wall_s).collect();
        walls.sort_by(f64::total_cmp);
        let evaluation_min_s = min(samples.iter().map(evaluation_time));
        let evals_per_s = evaluations as f64 / evaluation_min_s;
        CaseResult {
            name: name.to_string(),
            wall_min_s: walls[0],
            wall_median_s: median(&walls),
            compute_min_s: min(samples.iter().map(|s| s.summary.compute_s)),
            phases_min_s: phase_minima(samples),
            peak_rss_mib: samples.iter().map(|s| s.peak_rss_mib).fold(0.0, f64::max),
            evaluations,
            evaluation_min_s,
            evals_per_s,
            fraction_of_peak: evals_per_s / peak,
        }
    }

    /// The minimum time of `phase`, 0 when it did not run.
    pub fn phase(&self, phase: &str) -> f64 {
        self.phases_min_s
            .iter()
            .find(|(name, _)| name == phase)
            .map_or(0.0, |(_, s)| *s)
    }
}

/// Time spent on the evaluated points that [`super::cases`] counts: the `octree level` phases
/// without the `solve` nested in the first one (the whole `compute_model` when strata printed
/// no `octree level` phase). Dual contouring's own evaluations fall outside it.
fn evaluation_time(sample: &Sample) -> f64 {
    let s = &sample.summary;
    let levels = s.phase("octree level");
    if levels > 0.0 {
        levels - s.phase("solve")
    } else {
        s.compute_s
    }
}

/// Per phase, the minimum over the runs.
fn phase_minima(samples: &[Sample]) -> Vec<(String, f64)> {
    let names = &samples[0].summary.phases;
    names
        .iter()
        .map(|(name, _)| {
            let best = min(samples.iter().map(|s| s.summary.phase(name)));
            (name.clone(), best)
        })
        .collect()
}

fn min(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(f64::INFINITY, f64::min)
}

/// Median of sorted `values`.
pub(crate) fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Writes `path` (benches/results.json).
pub fn write_json(path: &Path, machine: &Machine, results: &[CaseResult]) -> Result<(), String> {
    let text = serde_json::to_string_pretty(&to_json(machine, results)).expect("serialises");
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn to_json(machine: &Machine, results: &[CaseResult]) -> Value {
    let cases: Vec<Value> = results
        .iter()
        .map(|r| {
            let phases: serde_json::Map<String, Value> = r
                .phases_min_s
                .iter()
                .map(|(name, s)| (name.clone(), json!(s)))
                .collect();
            json!({
                "case": r.name,
                "wall_s": {"min": r.wall_min_s, "median": r.wall_median_s},
                "compute_model_min_s": r.compute_min_s,
                "phases_min_s": phases,
                "peak_rss_mib": r.peak_rss_mib,
                "kernel_evaluations": r.evaluations,
                "evaluation_min_s": r.evaluation_min_s,
                "evals_per_s": r.evals_per_s,
                "fraction_of_peak": r.fraction_of_peak,
            })
        })
        .collect();
    json!({
        "machine": {"cpu": machine.cpu, "nproc": machine.nproc},
        "date": machine.date,
        "strata_commit": machine.commit,
        "runs_per_case": machine.runs,
        "peak_evals_per_s": machine.peak.evals_per_s,
        "peak_evals_per_s_f32": machine.peak.evals_per_s_f32,
        "peak_threads": machine.peak.threads,
        "cases": cases,
    })
}

/// The markdown table of `results` with a caption line.
pub fn markdown(machine: &Machine, results: &[CaseResult]) -> String {
    let phases = phase_names(results);
    let mut header = vec!["case", "wall min s", "wall median s", "compute_model s"];
    header.extend(phases.iter().map(String::as_str));
    header.extend(["peak RSS MiB", "kernel evals", "evals/s", "% of peak"]);
    let mut out = format!(
        "{}; strata {}; min of {} runs; peak {:.3e} evals/s\n\n",
        machine.caption(),
        machine.commit,
        machine.runs,
        machine.peak.evals_per_s
    );
    out += &format!("| {} |\n", header.join(" | "));
    out += &format!("|{}\n", "---|".repeat(header.len()));
    for r in results {
        let mut cells = vec![
            r.name.clone(),
            format!("{:.3}", r.wall_min_s),
            format!("{:.3}", r.wall_median_s),
            format!("{:.3}", r.compute_min_s),
        ];
        cells.extend(phases.iter().map(|p| format!("{:.3}", r.phase(p))));
        cells.extend([
            format!("{:.0}", r.peak_rss_mib),
            format!("{:.3e}", r.evaluations as f64),
            format!("{:.3e}", r.evals_per_s),
            format!("{:.1}", 100.0 * r.fraction_of_peak),
        ]);
        out += &format!("| {} |\n", cells.join(" | "));
    }
    out
}

/// Every phase that occurs in `results`, in first-seen order.
fn phase_names(results: &[CaseResult]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (name, _) in results.iter().flat_map(|r| &r.phases_min_s) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// `model name` of /proc/cpuinfo.
pub(crate) fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// `git describe --always --dirty` of the working tree.
pub(crate) fn git_describe() -> String {
    std::process::Command::new("git")
        .args(["describe", "--always", "--dirty"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or_else(
            || "unknown".into(),
            |o| String::from_utf8_lossy(&o.stdout).trim().to_string(),
        )
}

/// The current UTC time as `YYYY-MM-DDTHH:MMZ`.
pub(crate) fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(20_819), (2027, 1, 1));
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[1.0, 2.0, 9.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 4.0, 9.0]), 3.0);
    }
}
