//! `cargo xtask bench --real [--only NAME,…] [--no-dense]`: the release `strata` on the corpus
//! of real public data, `benches/data/real/` (its README lists every source and licence).
//!
//! Every dataset folder holds a project (`strata.toml`, run by `strata model … --formats
//! json`) or an engine input (`input.json`, run by `strata engine`). Each runs once with the
//! default solver and once with `--solver dense`, the latter skipped where the dense matrix
//! would pass [`DENSE_LIMIT`]: `8 N² · 3` bytes for the largest stack's `N` rows (the matrix,
//! its factor and the work arrays). Per run: the wall time and peak RSS of the process
//! (`wait4`), the solver's iterations and path (dense, iterative, fallback, from the run
//! summary's `solve` lines) and the warnings it printed; per dataset: how many ids differ
//! between the two runs (every octree level) and, where the folder has a
//! `loopstructural_ids.json` (LoopStructural's own model of the same data on the same cells,
//! run-length encoded), the fraction of cells whose unit agrees with it. The table is printed
//! and written to `target/bench-real/report.md` and `report.json` (under `$CARGO_TARGET_DIR`
//! when set). A run that fails is reported with its error, not aborted on.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};
use strata_io::ArrayDescriptor;

use super::child::{self, Sample};
use super::report::{cpu_model, git_describe, utc_now};
use super::{build_strata, target_dir, workspace_root};

/// The largest dense solve run: `8 N² · 3` bytes must stay within 16 GB.
const DENSE_LIMIT: f64 = 16e9;

/// One dataset of the corpus.
#[derive(Debug, Clone)]
struct Dataset {
    name: String,
    /// `strata.toml` or `input.json`.
    input: PathBuf,
    /// `model` or `engine`.
    command: &'static str,
    /// LoopStructural's ids of the same cells, when the folder has them.
    reference: Option<PathBuf>,
}

/// What one run of `strata` gave.
#[derive(Debug, Clone)]
enum Outcome {
    Ran(Box<Computed>),
    Failed(String),
    Skipped(String),
}

/// A run that computed.
#[derive(Debug, Clone)]
struct Computed {
    sample: Sample,
    /// Ids of every level, in result.json's order.
    ids: Vec<Vec<i32>>,
    /// The cell ids of level 0 (its `octree` slice).
    cells: Vec<i32>,
    /// The warnings printed on stderr.
    warnings: Vec<String>,
}

impl Computed {
    /// Iterations of every iterative solve, summed over the stacks.
    fn iterations(&self) -> usize {
        self.sample
            .summary
            .solves
            .iter()
            .filter_map(|s| iterations(s))
            .sum()
    }

    /// How the stacks were solved: `dense`, `iterative`, `fallback` or `cached`, joined by `+`
    /// where the stacks differ.
    fn path(&self) -> String {
        let mut paths: Vec<&str> = Vec::new();
        for s in &self.sample.summary.solves {
            let p = solve_path(s);
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
        paths.join("+")
    }
}

/// One dataset's results.
struct Row {
    dataset: Dataset,
    default: Outcome,
    dense: Outcome,
}

impl Row {
    /// The largest stack's rows and all stacks' rows, from whichever run printed them.
    fn sizes(&self) -> Option<(usize, usize)> {
        [&self.default, &self.dense].iter().find_map(|o| match o {
            Outcome::Ran(c) => Some((
                c.sample.summary.sizes.iter().copied().max()?,
                c.sample.summary.sizes.iter().sum(),
            )),
            _ => None,
        })
    }

    /// Ids that differ between the default and the dense run (`None` without both, or when
    /// their octrees differ in shape).
    fn ids_differing(&self) -> Option<usize> {
        let (Outcome::Ran(a), Outcome::Ran(b)) = (&self.default, &self.dense) else {
            return None;
        };
        let same_shape =
            a.ids.len() == b.ids.len() && a.ids.iter().zip(&b.ids).all(|(x, y)| x.len() == y.len());
        same_shape.then(|| {
            a.ids
                .iter()
                .zip(&b.ids)
                .map(|(x, y)| x.iter().zip(y).filter(|(p, q)| p != q).count())
                .sum()
        })
    }

    /// The share of level-0 cells of the default run whose id is LoopStructural's.
    fn agreement(&self) -> Result<Option<f64>, String> {
        let (Some(reference), Outcome::Ran(run)) = (&self.dataset.reference, &self.default) else {
            return Ok(None);
        };
        let want = reference_ids(reference)?;
        if want.len() != run.cells.len() {
            return Err(format!(
                "{}: {} cells, the run has {}",
                reference.display(),
                want.len(),
                run.cells.len()
            ));
        }
        let same = want.iter().zip(&run.cells).filter(|(a, b)| a == b).count();
        Ok(Some(same as f64 / want.len().max(1) as f64))
    }
}

/// Entry point of `bench --real`: the datasets named by `--only` (all when `None`), without
/// the dense runs when `no_dense`.
pub fn run(only: Option<&[String]>, no_dense: bool) -> ExitCode {
    match measure(only, no_dense) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench --real: {message}");
            ExitCode::FAILURE
        }
    }
}

fn measure(only: Option<&[String]>, no_dense: bool) -> Result<(), String> {
    let root = workspace_root();
    let mut datasets = discover(&root.join("benches/data/real"))?;
    if let Some(only) = only {
        datasets.retain(|d| only.contains(&d.name));
        if datasets.len() != only.len() {
            return Err(format!("--only {}: no such dataset", only.join(",")));
        }
    }
    let strata = build_strata(&root)?;
    let dir = target_dir(&root).join("bench-real");
    let mut rows = Vec::new();
    for dataset in datasets {
        let default = run_once(
            &strata,
            &dataset,
            &dir.join(&dataset.name).join("default"),
            &[],
        );
        log(&dataset.name, "default", &default);
        let largest = match &default {
            Outcome::Ran(c) => c.sample.summary.sizes.iter().copied().max(),
            _ => None,
        };
        let dense = match largest.map(dense_bytes) {
            _ if no_dense => Outcome::Skipped("--no-dense".into()),
            Some(bytes) if bytes > DENSE_LIMIT => Outcome::Skipped(format!(
                "the dense matrix would take {:.1} GB > 16 GB",
                bytes / 1e9
            )),
            _ => run_once(
                &strata,
                &dataset,
                &dir.join(&dataset.name).join("dense"),
                &["--solver", "dense"],
            ),
        };
        log(&dataset.name, "dense", &dense);
        rows.push(Row {
            dataset,
            default,
            dense,
        });
    }
    let caption = format!(
        "{}, {} cores, {}; strata {}; one run each",
        cpu_model(),
        std::thread::available_parallelism().map_or(1, usize::from),
        utc_now(),
        git_describe()
    );
    let table = markdown(&caption, &rows)?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write("report.md", table.clone())?;
    let json = to_json(&caption, &rows)?;
    write(
        "report.json",
        serde_json::to_string_pretty(&json).expect("JSON serialises") + "\n",
    )?;
    println!("\n{table}\nwrote {}", dir.join("report.md").display());
    Ok(())
}

/// Every folder of `dir` with a `strata.toml` or an `input.json`, sorted by name.
fn discover(dir: &Path) -> Result<Vec<Dataset>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let datasets: Vec<Dataset> = folders
        .into_iter()
        .filter_map(|folder| {
            let name = folder.file_name()?.to_string_lossy().into_owned();
            let (input, command) = [("strata.toml", "model"), ("input.json", "engine")]
                .into_iter()
                .map(|(file, command)| (folder.join(file), command))
                .find(|(path, _)| path.is_file())?;
            let reference = Some(folder.join("loopstructural_ids.json")).filter(|p| p.is_file());
            Some(Dataset {
                name,
                input,
                command,
                reference,
            })
        })
        .collect();
    if datasets.is_empty() {
        return Err(format!("{}: no dataset", dir.display()));
    }
    Ok(datasets)
}

/// Runs `strata` on the dataset into `out` and reads its ids back.
fn run_once(strata: &Path, dataset: &Dataset, out: &Path, flags: &[&str]) -> Outcome {
    let _ = std::fs::remove_dir_all(out);
    let mut all_flags = flags.to_vec();
    if dataset.command == "model" {
        all_flags.extend(["--formats", "json"]);
    }
    let stderr = || std::fs::read_to_string(out.join("stderr.txt")).unwrap_or_default();
    match child::run_strata(
        strata,
        dataset.command,
        &dataset.input,
        out,
        &all_flags,
        None,
    ) {
        Err(_) => Outcome::Failed(
            stderr()
                .lines()
                .rev()
                .find(|l| l.contains("error"))
                .unwrap_or("failed without a message")
                .trim()
                .trim_start_matches("error: ")
                .to_string(),
        ),
        Ok(sample) => match read_ids(out) {
            Err(e) => Outcome::Failed(e),
            Ok((ids, cells)) => Outcome::Ran(Box::new(Computed {
                sample,
                ids,
                cells,
                warnings: stderr()
                    .lines()
                    .filter(|l| l.contains("WARN"))
                    .map(|l| l.trim().to_string())
                    .collect(),
            })),
        },
    }
}

/// The ids of every level of `out/result.json`, and level 0's cell ids.
fn read_ids(out: &Path) -> Result<(Vec<Vec<i32>>, Vec<i32>), String> {
    let path = out.join("result.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let result: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let levels = result["octree_levels"]
        .as_array()
        .ok_or_else(|| format!("{}: no octree_levels", path.display()))?;
    let mut ids = Vec::with_capacity(levels.len());
    for level in levels {
        let values = ArrayDescriptor::load_f64(&level["ids"], out).map_err(|e| e.to_string())?;
        ids.push(values.into_iter().map(|v| v as i32).collect::<Vec<i32>>());
    }
    let range = &levels[0]["slices"]["octree"];
    let (start, end) = (range[0].as_u64(), range[1].as_u64());
    let cells = match (start, end, ids.first()) {
        (Some(s), Some(e), Some(level)) if e as usize <= level.len() => {
            level[s as usize..e as usize].to_vec()
        }
        _ => return Err(format!("{}: level 0 has no octree slice", path.display())),
    };
    Ok((ids, cells))
}

/// LoopStructural's ids: `ids_rle` = `[id, count, id, count, …]`.
fn reference_ids(path: &Path) -> Result<Vec<i32>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let rle = json["ids_rle"]
        .as_array()
        .ok_or_else(|| format!("{}: no ids_rle", path.display()))?;
    let numbers: Option<Vec<i64>> = rle.iter().map(Value::as_i64).collect();
    let numbers = numbers.ok_or_else(|| format!("{}: ids_rle is not integers", path.display()))?;
    Ok(numbers
        .chunks_exact(2)
        .flat_map(|c| std::iter::repeat_n(c[0] as i32, c[1].max(0) as usize))
        .collect())
}

/// `8 N² · 3` bytes: the dense matrix, its factor and the work arrays.
fn dense_bytes(n: usize) -> f64 {
    8.0 * (n as f64).powi(2) * 3.0
}

/// The iterations in a solve description: the number before `iteration(s)`.
fn iterations(solve: &str) -> Option<usize> {
    let words: Vec<&str> = solve.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| w[1].starts_with("iteration"))
        .and_then(|w| w[0].parse().ok())
}

/// `fallback` when the dense solve followed a failed iterative one (`SolveReport::describe`:
/// `dense (Lu) after the iterative solve failed: …`), else the first word (`dense`,
/// `iterative`, `cached`).
fn solve_path(solve: &str) -> &'static str {
    if solve.contains("after the iterative solve failed") {
        "fallback"
    } else if solve.starts_with("dense") {
        "dense"
    } else if solve.starts_with("iterative") {
        "iterative"
    } else if solve.starts_with("cached") {
        "cached"
    } else {
        "other"
    }
}

fn log(name: &str, solver: &str, outcome: &Outcome) {
    match outcome {
        Outcome::Ran(c) => eprintln!(
            "{name:<24} {solver:<8} {:.3} s, {:.0} MiB, {}",
            c.sample.wall_s,
            c.sample.peak_rss_mib,
            c.path()
        ),
        Outcome::Failed(e) => eprintln!("{name:<24} {solver:<8} failed: {e}"),
        Outcome::Skipped(why) => eprintln!("{name:<24} {solver:<8} skipped: {why}"),
    }
}

/// The markdown table with a caption line.
fn markdown(caption: &str, rows: &[Row]) -> Result<String, String> {
    let mut out = format!(
        "{caption}\n\n| dataset | N (rows) | default s | default peak RSS MiB | iterations | solve path | warnings | dense s | dense peak RSS MiB | ids ≠ dense | LoopStructural agreement |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
    );
    for row in rows {
        let n = row.sizes().map_or("?".into(), |(largest, total)| {
            if largest == total {
                total.to_string()
            } else {
                format!("{total} (largest stack {largest})")
            }
        });
        let (time, rss, iterations, path, warnings) = match &row.default {
            Outcome::Ran(c) => (
                format!("{:.3}", c.sample.wall_s),
                format!("{:.0}", c.sample.peak_rss_mib),
                c.iterations().to_string(),
                c.path(),
                c.warnings.len().to_string(),
            ),
            other => (
                describe(other),
                "—".into(),
                "—".into(),
                "—".into(),
                "—".into(),
            ),
        };
        let (dense_time, dense_rss) = match &row.dense {
            Outcome::Ran(c) => (
                format!("{:.3}", c.sample.wall_s),
                format!("{:.0}", c.sample.peak_rss_mib),
            ),
            other => (describe(other), "—".into()),
        };
        let differing = row.ids_differing().map_or("—".into(), |d| d.to_string());
        let agreement = row
            .agreement()?
            .map_or("—".into(), |a| format!("{:.1} %", 100.0 * a));
        out += &format!(
            "| {} | {n} | {time} | {rss} | {iterations} | {path} | {warnings} | {dense_time} | {dense_rss} | {differing} | {agreement} |\n",
            row.dataset.name
        );
    }
    Ok(out)
}

/// A run that did not compute, for a table cell.
fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Ran(_) => String::new(),
        Outcome::Failed(e) => format!("failed: {e}"),
        Outcome::Skipped(why) => format!("skipped: {why}"),
    }
}

fn outcome_json(outcome: &Outcome) -> Value {
    match outcome {
        Outcome::Ran(c) => json!({
            "wall_s": c.sample.wall_s,
            "compute_s": c.sample.summary.compute_s,
            "peak_rss_mib": c.sample.peak_rss_mib,
            "solves": c.sample.summary.solves,
            "system_sizes": c.sample.summary.sizes,
            "iterations": c.iterations(),
            "path": c.path(),
            "warnings": c.warnings,
            "phases_s": c.sample.summary.phases.iter().map(|(p, s)| json!([p, s])).collect::<Vec<_>>(),
        }),
        Outcome::Failed(e) => json!({ "failed": e }),
        Outcome::Skipped(why) => json!({ "skipped": why }),
    }
}

fn to_json(caption: &str, rows: &[Row]) -> Result<Value, String> {
    let mut datasets = Vec::with_capacity(rows.len());
    for row in rows {
        datasets.push(json!({
            "name": row.dataset.name,
            "input": row.dataset.input.to_string_lossy(),
            "rows": row.sizes().map(|(_, total)| total),
            "largest_stack_rows": row.sizes().map(|(largest, _)| largest),
            "default": outcome_json(&row.default),
            "dense": outcome_json(&row.dense),
            "ids_differing": row.ids_differing(),
            "loopstructural_agreement": row.agreement()?,
        }));
    }
    Ok(json!({ "machine": caption, "datasets": datasets }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iterations_and_paths_of_solve_descriptions() {
        assert_eq!(
            iterations(
                "iterative: 28 iterations, residual 3.1e-7 of the iso-value gap (rule 1e-6)"
            ),
            Some(28)
        );
        assert_eq!(
            iterations("iterative: 1 iteration, residual 1e-12"),
            Some(1)
        );
        assert_eq!(iterations("dense (Lu)"), None);
        assert_eq!(solve_path("dense (Lu)"), "dense");
        assert_eq!(solve_path("iterative: 3 iterations"), "iterative");
        assert_eq!(
            solve_path(
                "dense (Lu) after the iterative solve failed: preconditioner block 0 (425 rows) \
                 is not positive definite"
            ),
            "fallback"
        );
    }

    #[test]
    fn the_corpus_is_discovered_with_its_reference() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../benches/data/real");
        let datasets = discover(&dir).unwrap();
        let names: Vec<&str> = datasets.iter().map(|d| d.name.as_str()).collect();
        for name in ["claudius", "moureze_all"] {
            assert!(names.contains(&name), "{names:?}");
        }
        let claudius = datasets.iter().find(|d| d.name == "claudius").unwrap();
        assert_eq!(claudius.command, "model");
        let ids = reference_ids(claudius.reference.as_ref().unwrap()).unwrap();
        assert_eq!(ids.len(), 50 * 50 * 50);
        assert!(ids.iter().all(|id| (1..=5).contains(id)));
        let moureze = datasets.iter().find(|d| d.name == "moureze_all").unwrap();
        assert_eq!(
            (moureze.command, moureze.reference.is_none()),
            ("engine", true)
        );
    }

    #[test]
    fn dense_runs_up_to_16_gb() {
        // Claudius (about 21 100 rows) fits; 27 000 rows do not.
        assert!(dense_bytes(21_100) < DENSE_LIMIT);
        assert!(dense_bytes(27_000) > DENSE_LIMIT);
    }
}
