//! # strata-cli — the `strata` command
//!
//! * `strata engine INPUT.json --out DIR` runs the engine on an engine-level input (the schema
//!   of the gempy_engine reference cases) and writes `DIR/result.json` plus `.bin` arrays in the
//!   reference result schema ([`strata_io::result_json`]). This is Strata's conformance
//!   interface.
//! * `strata model strata.toml --out DIR` runs a geologist's project (GemPy CSVs and a
//!   `strata.toml`, see docs/project-format.md) and writes the block model, and with a
//!   topography, custom points or a survey the geological map, the points' ids and the
//!   gravity and TMI per device ([`model_command`]).
//! * `strata import gempy DIR --out PROJECT_DIR` turns a GemPy v2 saved model into a project
//!   ([`import_command`]).
//! * `strata section strata.toml --axis y --at 500 --out section.png` (or `--from X,Y --to X,Y`
//!   for a vertical section along any trace) draws a cross-section ([`section_command`]).
//! * `strata ensemble strata.toml --realizations 1000 --sigma-z 10 --seed 1 --out DIR` runs a
//!   Monte Carlo ensemble and writes the probability of every unit and the entropy per cell
//!   ([`ensemble_command`]); `strata model --variance` adds every stack's kriging variance.
//!
//! `--dtype f64|f32`, `--condition estimate|exact`, `--solver auto|dense|iterative` and
//! `--memory-budget 2GiB` choose how a model is computed ([`compute_flags`]); `strata engine
//! --backend cpu|cpu-tensor-ops|cuda|vulkan` where (the device backends need the `cuda` or
//! `vulkan` feature, [`engine_command::BackendChoice`]). The run summary names the device and
//! the memory it holds, and says per stack how it was solved (method, iterations, residual) and
//! the peak RSS.
//!
//! The commands are functions of this library, so a program (or a test) runs them without a
//! process:
//!
//! ```
//! use std::path::Path;
//! use strata_cli::engine_command;
//! use strata_io::result_json::ResultOptions;
//!
//! // Reference case p02 (GemPy's model1, two layers) through `strata engine`.
//! let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/p02_model1_two_surfaces/input.json");
//! let out = std::env::temp_dir().join(format!("strata-cli-doc-{}", std::process::id()));
//! let run = engine_command::run(&input, &out, ResultOptions::default())?;
//! assert_eq!(run.solution.levels[0].ids.len(), 20 * 10 * 16);
//! assert!(out.join("result.json").is_file());
//! std::fs::remove_dir_all(&out)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod compute_flags;
mod custom_points;
pub mod engine_command;
pub mod ensemble_command;
mod geological_map;
pub mod import_command;
mod level_arrays;
pub mod model_command;
pub mod phases;
mod pictures;
pub mod section_command;
mod survey_outputs;
