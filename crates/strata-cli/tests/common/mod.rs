//! What the conformance tests share: the reference cases' files, and the [`Report`] that
//! compares arrays with gempy_engine's — asserting the calibrated tolerances in `f64`, only
//! measuring in `f32` (no test of the CPU's `f32` path asserts more; docs/performance.md lists
//! what it gives) — for the CPU (`conformance.rs`) and the device backends (`device.rs`).

pub mod octree;
pub mod reference;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

use serde_json::Value;
use strata_cli::engine_command::{self, BackendChoice};
use strata_engine::{ComputeOptions, Dtype};
use strata_io::result_json::ResultOptions;

/// The folder of reference case `case`: `tests/data/CASE` of the repository the tests were
/// built in, or of `$STRATA_REPO` where that is set (a test binary carried to another machine,
/// `cargo xtask gpu-check --prebuilt`).
pub fn data_dir(case: &str) -> PathBuf {
    std::env::var_os("STRATA_REPO")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."),
            PathBuf::from,
        )
        .join("tests/data")
        .join(case)
}

/// A JSON file.
pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("file reads")).expect("JSON")
}

/// Runs `strata engine` on `input` into `out`; any error fails the test.
pub fn run_engine(
    backend: BackendChoice,
    input: &Path,
    out: &Path,
    options: ResultOptions,
    compute: ComputeOptions,
) {
    if let Err(e) = engine_command::run_on(backend, input, out, options, compute) {
        panic!("engine runs: {e}");
    }
}

/// The worst difference of one category over a case.
#[derive(Debug, Default)]
struct Worst {
    /// Largest absolute difference.
    largest: f64,
    /// The tolerance of the category.
    atol: f64,
    /// Values farther than `atol` from the reference (only counted when measuring).
    over: usize,
    /// Values compared.
    values: usize,
}

/// Largest absolute difference per category, and the tolerance it was checked against; in
/// `f64` every comparison is asserted, in `f32` recorded.
pub struct Report {
    asserted: bool,
    worst: BTreeMap<String, Worst>,
    /// Comparisons that could not be made value by value when measuring (lengths, structure).
    mismatches: Vec<String>,
}

impl Report {
    /// A report for a run in `dtype`: asserting in `f64`, measuring in `f32`.
    pub fn new(dtype: Dtype) -> Self {
        Self {
            asserted: dtype == Dtype::F64,
            worst: BTreeMap::new(),
            mismatches: Vec::new(),
        }
    }

    /// Compares `got` with `want` value by value within `atol`.
    pub fn check(&mut self, what: &str, category: &str, atol: f64, want: &[f64], got: &[f64]) {
        if want.len() != got.len() {
            let message = format!("{what}: length {} vs {}", got.len(), want.len());
            assert!(!self.asserted, "{message}");
            self.mismatches.push(message);
            return;
        }
        let entry = self.worst.entry(category.to_string()).or_default();
        entry.atol = atol;
        entry.values += want.len();
        for (i, (w, g)) in want.iter().zip(got).enumerate() {
            let d = (w - g).abs();
            assert!(
                !self.asserted || d <= atol,
                "{what}[{i}]: expected {w}, got {g} (|Δ| = {d:e} > atol {atol:e})"
            );
            entry.largest = entry.largest.max(d);
            entry.over += usize::from(d > atol);
        }
    }

    /// Compares a value that must be equal (a count, a slice, a histogram).
    pub fn equal<T: PartialEq + Debug>(&mut self, what: &str, want: T, got: T) {
        if self.asserted {
            assert_eq!(want, got, "{what}");
        } else if want != got {
            self.mismatches.push(format!("{what}: {got:?} vs {want:?}"));
        }
    }

    /// Prints the largest difference per category under `title`.
    pub fn print(&self, title: &str) {
        println!("{title}: largest |Δ| per category (tolerance)");
        for (category, w) in &self.worst {
            let over = if self.asserted {
                String::new()
            } else {
                format!(", {} of {} values over it", w.over, w.values)
            };
            println!("  {category:<32} {:.3e}  ({:.0e}{over})", w.largest, w.atol);
        }
        for mismatch in &self.mismatches {
            println!("  differs: {mismatch}");
        }
    }
}
