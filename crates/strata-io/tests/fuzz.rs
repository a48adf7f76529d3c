//! The CSV and project readers never panic: arbitrary bytes, and valid files mutated byte by
//! byte, give a value or a typed error. The number of cases is `PROPTEST_CASES` (10 000 by
//! default).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use strata_io::{Project, parse_orientations, parse_surface_points};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn csv(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/csv")
            .join(name),
    )
    .unwrap()
}

/// Valid CSV files in GemPy's variants: plain, with a byte-order mark, pandas-written.
fn valid_csvs() -> &'static [Vec<u8>] {
    static FILES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        [
            "model1_surface_points.csv",
            "model6_orientations.csv",
            "05_toy_fold_unconformity_orientations.csv",
            "Tutorial_ch1-9b_Fault_relations_orientations.csv",
        ]
        .map(csv)
        .to_vec()
    })
}

/// A valid project using every key.
const PROJECT: &str = r#"name = "fuzz"
extent = [0.0, 1000.0, 0.0, 1000.0, -1000.0, 0.0]
resolution = [4, 3, 2]
surface_points = "Tutorial_ch1-9b_Fault_relations_surface_points.csv"
orientations = "Tutorial_ch1-9b_Fault_relations_orientations.csv"

[[stack]]
name = "f"
relation = "fault"
surfaces = ["fault2"]
offsets = ["layers"]
finite = { center = [550.0, 500.0, -600.0], radius = [400.0, 400.0, 400.0] }

[[stack]]
name = "layers"
relation = "basement"
surfaces = ["rock4", "rock3", "rock2", "rock1", "fault1"]

[interpolation]
kernel = "matern_5_2"
range = 2.0
c_o = 0.1
drift = 1
nugget_surface_points = 1e-5
nugget_orientations = 0.02
mesh = false

[transform]
center = [500.0, 500.0, -500.0]
scale = 1000.0
"#;

/// The project's path: beside the CSV files it names (the file itself need not exist).
fn project_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/csv/strata.toml");
        Project::parse(PROJECT, &path).expect("the fuzzed project is valid");
        path
    })
}

/// An edit of a byte string: replace, insert or delete at a position (modulo the length).
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

fn mutate(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len().max(1);
        match *e {
            Edit::Replace(i, b) if !bytes.is_empty() => bytes[i % n] = b,
            Edit::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Edit::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i % n);
            }
            _ => {}
        }
    }
    bytes
}

fn read_csv(bytes: &[u8]) {
    // Any outcome but a panic will do.
    let _ = parse_surface_points(bytes, "fuzz.csv");
    let _ = parse_orientations(bytes, "fuzz.csv");
}

proptest! {
    #![proptest_config(config(cases()))]

    #[test]
    fn csv_readers_take_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        read_csv(&bytes);
    }

    #[test]
    fn csv_readers_take_mutated_files(
        file in 0..4usize,
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        read_csv(&mutate(valid_csvs()[file].clone(), &edits));
    }

    #[test]
    fn project_reader_takes_arbitrary_text(text in any::<String>()) {
        let _ = Project::parse(&text, project_path());
    }

    #[test]
    fn project_reader_takes_mutated_files(edits in prop::collection::vec(edit(), 1..6)) {
        let bytes = mutate(PROJECT.as_bytes().to_vec(), &edits);
        let _ = Project::parse(&String::from_utf8_lossy(&bytes), project_path());
    }
}

/// `cases` random cases per property; a failure's seed is saved beside this file
/// (`<name>.proptest-regressions`) and replayed first on every later run.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}
