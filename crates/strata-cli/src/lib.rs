//! # strata-cli — the `strata` command
//!
//! * `strata engine INPUT.json --out DIR` runs the engine on an engine-level input (the schema
//!   of the gempy_engine reference cases) and writes `DIR/result.json` plus `.bin` arrays in the
//!   reference result schema ([`result_json`]). This is Strata's conformance interface.

pub mod engine_command;
pub mod result_json;
