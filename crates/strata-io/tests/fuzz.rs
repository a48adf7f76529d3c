//! The CSV readers never panic: arbitrary bytes, and valid files mutated byte by byte, give a
//! value or a typed error. The number of cases is `PROPTEST_CASES` (10 000 by default). The
//! project reader's fuzz test is strata-project's.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use strata_io::{parse_orientations, parse_surface_points};
use strata_test_support::fuzzing::{cases, config, edit, mutate};

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

}
