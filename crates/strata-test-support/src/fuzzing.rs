//! What the fuzz tests (strata-io's readers, strata-project's project file) share: the number
//! of cases, byte edits of a valid file, and a configuration that saves failures beside the
//! test.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// `PROPTEST_CASES`, 10 000 by default.
pub fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// An edit of a byte string: replace, insert or delete at a position (modulo the length).
#[derive(Debug, Clone)]
pub enum Edit {
    /// Replace the byte at the position.
    Replace(usize, u8),
    /// Insert a byte before the position.
    Insert(usize, u8),
    /// Delete the byte at the position.
    Delete(usize),
}

/// One random edit.
pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

/// `bytes` with `edits` applied in turn (positions modulo the length).
pub fn mutate(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
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

/// `cases` random cases per property; a failure's seed is saved beside the test's file
/// (`<name>.proptest-regressions`) and replayed first on every later run.
pub fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}
