//! `cargo xtask bench --scale [--quick]`: the release `strata engine` on the layered model
//! (`strata_data::LayeredModel`, analytic truth) at growing sizes.
//!
//! Every run is one process on a generated `input.json`: `N` data rows (about 1 000, 6 200
//! and 26 000: 20², 50², 100² points per surface with 8², 20², 45² orientations) times `M`
//! cells (22³, 46³, 100³ ≈ 1e4, 1e5, 1e6), then the targets of docs/performance.md (50³, an
//! octree of 6 levels with meshes, and 224² points per surface with 100² orientations —
//! 130 353 rows — on 100³ with `--solver iterative` and `--solver hierarchical`, both with a
//! 20 GiB memory budget). Every other run is `--solver auto`. Each row reports the wall time,
//! `compute_model`, the solve phase and its preconditioner and hierarchical set-up, the
//! evaluation, how the stack was solved, the peak RSS (`wait4`), the number of cells farther
//! than 10 world units from both surfaces whose id differs from the analytic one, and for the
//! hierarchical run the ids that differ from the exact products' run.
//! The markdown table replaces the block between `<!-- scale:begin -->` and
//! `<!-- scale:end -->` in docs/performance.md, and `docs/scale.png` plots time and memory
//! against `N` on log-log axes, one line per `M`. `--quick` stops at `N ≈ 6 200`, `M ≈ 1e5`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use serde_json::Value;
use strata_data::{EngineInput, LayeredGrid, LayeredModel};
use strata_io::ArrayDescriptor;

use super::child::{self, Sample};
use super::{build_strata, target_dir, workspace_root};

/// Points per side of each surface and orientations per side: `N ≈ 1 000, 6 200, 26 000`.
const SIZES: [(usize, usize); 3] = [(20, 8), (50, 20), (100, 45)];
/// Cells per side of the regular grids: `M ≈ 1e4, 1e5, 1e6`.
const GRIDS: [usize; 3] = [22, 46, 100];
/// Cells closer than this to a surface (world units) may differ from the truth.
const MARGIN: f64 = 10.0;

/// The 100 352-point model of the hierarchical-products issue (`n 224, m 100`, 130 353 rows).
const LARGE: (usize, usize) = (224, 100);

/// `--memory-budget` of its runs: the preconditioner's factors (6.3 GB) fit in half of it and
/// the hierarchical matrix (6.2 GB) in three quarters of it less the factors.
const LARGE_BUDGET: &str = "20GiB";

/// One measured run.
struct Row {
    model: LayeredModel,
    grid: LayeredGrid,
    /// `--solver` of the run.
    solver: &'static str,
    rows: usize,
    cells: usize,
    sample: Sample,
    wrong_ids: usize,
    /// Every id computed, level after level.
    ids: Vec<f64>,
    /// Ids that differ from the exact products' run of the same model and grid.
    ids_differ: Option<usize>,
}

/// Entry point of `bench --scale`, with `--quick` when `quick`.
pub fn run(quick: bool) -> ExitCode {
    match measure(quick) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench --scale: {message}");
            ExitCode::FAILURE
        }
    }
}

fn measure(quick: bool) -> Result<(), String> {
    let root = workspace_root();
    let strata = build_strata(&root)?;
    let (sizes, grids) = if quick {
        (&SIZES[..2], &GRIDS[..2])
    } else {
        (&SIZES[..], &GRIDS[..])
    };
    let mut runs: Vec<(LayeredModel, LayeredGrid, &str)> = sizes
        .iter()
        .flat_map(|&(n, m)| {
            grids
                .iter()
                .map(move |&r| (LayeredModel::new(n, m), LayeredGrid::Regular(r), "auto"))
        })
        .collect();
    runs.push((LayeredModel::new(50, 20), LayeredGrid::Regular(50), "auto"));
    if !quick {
        runs.push((LayeredModel::new(100, 45), LayeredGrid::Octree(6), "auto"));
        for solver in ["iterative", "hierarchical"] {
            let (n, m) = LARGE;
            runs.push((LayeredModel::new(n, m), LayeredGrid::Regular(100), solver));
        }
    }
    let mut rows = Vec::new();
    for (model, grid, solver) in runs {
        let row = run_one(&strata, &root, model, grid, solver)?;
        eprintln!(
            "N {:>6} {:<10} {:<12} {:>8.2} s {:>6.0} MiB {} wrong ids",
            row.rows,
            grid_name(grid),
            solver,
            row.sample.wall_s,
            row.sample.peak_rss_mib,
            row.wrong_ids
        );
        rows.push(row);
    }
    for i in 0..rows.len() {
        if rows[i].solver != "hierarchical" {
            continue;
        }
        let same = |r: &Row| {
            r.solver != "hierarchical" && r.grid == rows[i].grid && r.model == rows[i].model
        };
        if let Some(exact) = rows.iter().find(|r| same(r)) {
            let differ = exact
                .ids
                .iter()
                .zip(&rows[i].ids)
                .filter(|(a, b)| a != b)
                .count();
            rows[i].ids_differ = Some(differ);
        }
    }
    let table = markdown(&rows);
    println!("\n{table}");
    write_into_performance(&root.join("docs/performance.md"), &table)?;
    draw(&root.join("docs/scale.png"), &rows)?;
    println!("wrote docs/performance.md and docs/scale.png");
    Ok(())
}

fn grid_name(grid: LayeredGrid) -> String {
    match grid {
        LayeredGrid::Regular(r) => format!("{r}³"),
        LayeredGrid::Octree(l) => format!("octree {l}"),
    }
}

/// Writes the model's input, runs `strata engine --solver solver` on it and checks the ids.
fn run_one(
    strata: &Path,
    root: &Path,
    model: LayeredModel,
    grid: LayeredGrid,
    solver: &'static str,
) -> Result<Row, String> {
    let name = format!(
        "n{}_m{}_{}",
        model.points_per_side,
        model.orientations_per_side,
        grid_name(grid).replace('³', "")
    );
    let dir = target_dir(root).join("scale").join(name.replace(' ', "_"));
    let path = dir.join("input.json");
    let input = write_input(model, grid, &path)?;
    let out = dir.join(format!("out-{solver}"));
    let mut flags = vec!["--solver", solver];
    if model.points_per_side >= LARGE.0 {
        flags.extend(["--memory-budget", LARGE_BUDGET]);
    }
    let sample = child::run_engine(strata, &path, &out, &flags, None)?;
    let (cells, wrong_ids, ids) = check_ids(&out)?;
    let n_o = input.orientations().len();
    let rows = 3 * n_o + model.n_surface_points() - 2 + 3;
    Ok(Row {
        model,
        grid,
        solver,
        rows,
        cells,
        sample,
        wrong_ids,
        ids,
        ids_differ: None,
    })
}

/// Writes the layered model's `input.json` on `grid` to `path` (its folder created) and
/// returns the input.
pub(crate) fn write_input(
    model: LayeredModel,
    grid: LayeredGrid,
    path: &Path,
) -> Result<EngineInput, String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let input = model.input(grid).map_err(|e| e.to_string())?;
    strata_io::engine_json::write(path, &input).map_err(|e| e.to_string())?;
    Ok(input)
}

/// The points evaluated on all levels, and how many of those farther than [`MARGIN`] from
/// both surfaces have an id other than the analytic one.
fn check_ids(out: &Path) -> Result<(usize, usize, Vec<f64>), String> {
    let text = std::fs::read_to_string(out.join("result.json")).map_err(|e| e.to_string())?;
    let result: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let levels = result["octree_levels"]
        .as_array()
        .ok_or("no octree_levels")?;
    let t = LayeredModel::transform();
    let (mut cells, mut wrong, mut all_ids) = (0, 0, Vec::new());
    for level in levels {
        let load =
            |key: &str| ArrayDescriptor::load_f64(&level[key], out).map_err(|e| e.to_string());
        let (xyz, ids) = (load("xyz")?, load("ids")?);
        for (p, &id) in xyz.chunks_exact(3).zip(&ids) {
            let world = t.to_world([p[0], p[1], p[2]]);
            cells += 1;
            if LayeredModel::distance_to_surfaces(world) > MARGIN
                && id as i32 != LayeredModel::id(world)
            {
                wrong += 1;
            }
        }
        all_ids.extend(ids);
    }
    Ok((cells, wrong, all_ids))
}

fn markdown(rows: &[Row]) -> String {
    let mut s = String::from(
        "| N (rows) | surface points | orientations | grid | points evaluated | `--solver` | solve | wall s | compute_model s | solve s | of which preconditioner s | of which hierarchical set-up s | evaluation s | peak RSS MiB | wrong ids > 10 units | ids ≠ exact products |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let o = r.model.orientations_per_side.pow(2);
        s += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} | {} | {} |\n",
            r.rows,
            r.model.n_surface_points(),
            o,
            grid_name(r.grid),
            r.cells,
            r.solver,
            r.sample.summary.solves.join("; "),
            r.sample.wall_s,
            r.sample.summary.compute_s,
            r.sample.summary.phase("solve"),
            r.sample.summary.phase("preconditioner"),
            r.sample.summary.phase("hierarchical"),
            r.sample.summary.phase("evaluate") - r.sample.summary.phase("solve"),
            r.sample.peak_rss_mib,
            r.wrong_ids,
            r.ids_differ.map_or("—".to_string(), |n| n.to_string())
        );
    }
    s
}

/// Replaces the block between the markers in `path` by `table` (appends it when absent).
fn write_into_performance(path: &Path, table: &str) -> Result<(), String> {
    let (begin, end) = ("<!-- scale:begin -->", "<!-- scale:end -->");
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let block = format!("{begin}\n{table}{end}");
    let updated = match (text.find(begin), text.find(end)) {
        (Some(b), Some(e)) if b < e => format!("{}{block}{}", &text[..b], &text[e + end.len()..]),
        _ => format!("{text}\n{block}\n"),
    };
    std::fs::write(path, updated).map_err(|e| format!("{}: {e}", path.display()))
}

/// A panel of the chart: its label and the value it plots.
type Measure = (&'static str, fn(&Row) -> f64);

/// `docs/scale.png`: wall time and peak RSS against `N`, log-log, one line per grid.
fn draw(path: &PathBuf, rows: &[Row]) -> Result<(), String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
        .map_err(|_| "the bundled DejaVu Sans font could not be read".to_string())?;
    let root = BitMapBackend::new(path, (1400, 600)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| text(&e))?;
    let panels = root.split_evenly((1, 2));
    let mut grids: Vec<LayeredGrid> = rows.iter().map(|r| r.grid).collect();
    grids.sort_by_key(|g| grid_name(*g));
    grids.dedup();
    let measures: [Measure; 2] = [
        ("wall time, s", |r| r.sample.wall_s),
        ("peak RSS, MiB", |r| r.sample.peak_rss_mib),
    ];
    for (panel, (label, value)) in panels.iter().zip(measures) {
        let max = rows.iter().map(value).fold(1e-3, f64::max);
        let min = rows
            .iter()
            .map(value)
            .fold(f64::INFINITY, f64::min)
            .max(1e-3);
        let mut chart = ChartBuilder::on(panel)
            .caption(
                format!("layered model: {label} against N"),
                ("sans-serif", 22),
            )
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(
                (500.0..40_000.0).log_scale(),
                (min / 2.0..max * 2.0).log_scale(),
            )
            .map_err(|e| text(&e))?;
        chart
            .configure_mesh()
            .x_desc("N (rows of the system)")
            .y_desc(label)
            .label_style(("sans-serif", 15))
            .draw()
            .map_err(|e| text(&e))?;
        for (k, grid) in grids.iter().enumerate() {
            let color = Palette99::pick(k).to_rgba();
            let points: Vec<(f64, f64)> = rows
                .iter()
                .filter(|r| r.grid == *grid)
                .map(|r| (r.rows as f64, value(r)))
                .collect();
            chart
                .draw_series(std::iter::once(PathElement::new(
                    points.clone(),
                    color.stroke_width(2),
                )))
                .map_err(|e| text(&e))?
                .label(grid_name(*grid))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 4, color.filled())),
                )
                .map_err(|e| text(&e))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font(("sans-serif", 15))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(|e| text(&e))?;
    }
    root.present().map_err(|e| text(&e))
}
