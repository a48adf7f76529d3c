//! The repository's paths, found once: the reference cases (`tests/data/CASE`), the example
//! projects and the corpora, from the repository the tests were built in, or from
//! `$STRATA_REPO` where that is set (a test binary carried to another machine, as
//! `cargo xtask gpu-check --prebuilt DIR` does).

use std::path::{Path, PathBuf};

use serde_json::Value;
use strata_data::EngineInput;
use strata_io::engine_json;

/// The repository's root: `$STRATA_REPO`, or the workspace this crate was built in.
pub fn repo_root() -> PathBuf {
    std::env::var_os("STRATA_REPO").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."),
        PathBuf::from,
    )
}

/// `path` (relative to the repository's root), e.g. `repo("examples/graben/strata.toml")`.
pub fn repo(path: &str) -> PathBuf {
    repo_root().join(path)
}

/// The folder of reference case `case` (`tests/data/CASE`, computed with gempy_engine).
pub fn reference_case(case: &str) -> PathBuf {
    repo("tests/data").join(case)
}

/// The engine input of reference case `case` (its `input.json`); a case that does not read
/// fails the test, naming the file.
pub fn reference_input(case: &str) -> EngineInput {
    let path = reference_case(case).join("input.json");
    engine_json::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The JSON of the file at `path`; a file that does not read or parse fails the test.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
