//! # strata-cli — the `strata` command
//!
//! * `strata engine INPUT.json --out DIR` runs the engine on an engine-level input (the schema
//!   of the gempy_engine reference cases) and writes `DIR/result.json` plus `.bin` arrays in the
//!   reference result schema ([`result_json`]). This is Strata's conformance interface.
//! * `strata model strata.toml --out DIR` runs a geologist's project (GemPy CSVs and a
//!   `strata.toml`, see docs/project-format.md) and writes the block model ([`model_command`]).
//! * `strata import gempy DIR --out PROJECT_DIR` turns a GemPy v2 saved model into a project
//!   ([`import_command`]).
//! * `strata section strata.toml --axis y --at 500 --out section.png` draws a cross-section
//!   ([`section_command`]).
//!
//! `--dtype f64|f32` and `--condition estimate|exact` choose how a model is computed
//! ([`compute_flags`]).

pub mod compute_flags;
pub mod engine_command;
pub mod import_command;
pub mod model_command;
pub mod phases;
pub mod result_json;
pub mod section_command;
