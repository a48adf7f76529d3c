//! The project reader never panics: arbitrary text, and a valid project using every key
//! mutated byte by byte, give a project or a typed error. The number of cases is
//! `PROPTEST_CASES` (10 000 by default).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use strata_project::Project;
use strata_test_support::fuzzing::{cases, config, edit, mutate};

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

/// The project's path: beside the CSV files it names (strata-io's fixtures) (the file itself need not exist).
fn project_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = strata_test_support::repo("crates/strata-io/tests/data/csv/strata.toml");
        Project::parse(PROJECT, &path).expect("the fuzzed project is valid");
        path
    })
}

proptest! {
    #![proptest_config(config(cases()))]

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
