//! `CsvDocument`: parsing its own bytes gives it back (so a project saved twice writes the same
//! bytes), and its edits are what the readers then read.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use strata_io::{CsvDocument, parse_surface_points};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

/// A cell as the reader leaves it: trimmed text that may hold commas, quotes and line breaks.
fn cell() -> impl Strategy<Value = String> {
    "[a-z0-9 ,\"\n.\\-]{0,8}".prop_map(|s| s.trim().to_string())
}

/// The bytes of a table of `columns` named columns and random rows, as any CSV writer quotes.
fn table() -> impl Strategy<Value = Vec<u8>> {
    (1usize..5).prop_flat_map(|columns| {
        let header = proptest::collection::vec("[A-Za-z]{1,6}", columns);
        let rows = proptest::collection::vec(proptest::collection::vec(cell(), columns), 0..6);
        (header, rows).prop_map(|(header, rows)| {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(&header).unwrap();
            for row in &rows {
                writer.write_record(row).unwrap();
            }
            writer.into_inner().unwrap()
        })
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// parse ∘ to_bytes is the identity on documents, and to_bytes is then a fixed point.
    #[test]
    fn a_document_round_trips(bytes in table()) {
        let doc = CsvDocument::parse(&bytes, "t.csv").unwrap();
        let written = doc.to_bytes();
        let again = CsvDocument::parse(&written, "t.csv").unwrap();
        prop_assert_eq!(&again, &doc);
        prop_assert_eq!(again.to_bytes(), written);
    }
}

/// Rows pushed, set and removed are the rows the reader reads, numbers in the shortest form that
/// reads back exactly.
#[test]
fn edits_are_what_the_reader_reads() {
    let mut doc = CsvDocument::parse(
        b"X,Y,Z,formation\n1,2,3,top\n4,5,6,top\n7,8,9,base\n",
        "p.csv",
    )
    .unwrap();
    let (x, z, surface) = (
        doc.column(&["x"]).unwrap(),
        doc.column(&["z"]).unwrap(),
        doc.column(&["formation", "surface"]).unwrap(),
    );
    doc.push_row();
    let third = 0.1 + 0.2;
    for (c, v) in [
        (x, third.to_string()),
        (1, "-0".into()),
        (z, 1e-300.to_string()),
    ] {
        doc.set(3, c, v);
    }
    doc.set(3, surface, "base");
    doc.remove_rows(&[1]);
    let rows = parse_surface_points(&doc.to_bytes(), "p.csv").unwrap().rows;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1].xyz, [7.0, 8.0, 9.0]);
    assert_eq!(rows[2].xyz, [third, -0.0, 1e-300]);
    assert_eq!(rows[2].surface, "base");
    assert_eq!(doc.get(0, surface), "top");
}
