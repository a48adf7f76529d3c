//! The on-disk weights cache shared by processes: two processes writing and reading the same
//! keys of one directory at once only ever see whole entries, and leave no temporary file.

#![cfg(feature = "engine")]

use std::path::{Path, PathBuf};
use std::process::Command;

use strata_engine::{ConditionKind, Weights, WeightsCache, WeightsKey, WeightsStore};
use strata_io::WeightsDir;

/// Set in the child process: the directory it writes to.
const CHILD_DIR: &str = "STRATA_WEIGHTS_DIR_CHILD";
const TEST: &str = "two_processes_sharing_a_directory_see_only_whole_entries";
const KEYS: u8 = 4;
const ROUNDS: u32 = 60;

fn key(k: u8) -> WeightsKey {
    WeightsKey {
        hash: [k; 32],
        condition: ConditionKind::OneNormEstimate,
    }
}

/// An entry whose every value and whose length name its writer, round and key, so an entry
/// mixing two writes is detected.
fn entry(writer: u32, round: u32, k: u8) -> Weights {
    let tag = f64::from(writer * 1_000_000 + round * 100 + u32::from(k));
    Weights {
        values: vec![tag; length(writer, k)],
        condition_number: tag,
        condition_kind: ConditionKind::OneNormEstimate,
    }
}

fn length(writer: u32, k: u8) -> usize {
    2000 + 300 * usize::from(k) + 7000 * writer as usize
}

/// Panics unless `w` is one whole entry of key `k`.
fn assert_whole(w: &Weights, k: u8) {
    let tag = w.condition_number;
    assert!(w.values.iter().all(|&v| v == tag), "entry {k} mixes writes");
    let writer = (tag as u32) / 1_000_000;
    assert_eq!(w.values.len(), length(writer, k), "entry {k} truncated");
    assert_eq!((tag as u32) % 100, u32::from(k), "entry of another key");
}

/// Writes every key `ROUNDS` times as `writer`, reading every key back after each round.
fn hammer(dir: &Path, writer: u32) {
    let store = WeightsDir::new(dir);
    for round in 0..ROUNDS {
        for k in 0..KEYS {
            store.save(&key(k), &entry(writer, round, k)).unwrap();
        }
        for k in 0..KEYS {
            if let Some(w) = store.load(&key(k)) {
                assert_whole(&w, k);
            }
        }
    }
}

#[test]
fn two_processes_sharing_a_directory_see_only_whole_entries() {
    if let Some(dir) = std::env::var_os(CHILD_DIR) {
        hammer(Path::new(&dir), 2);
        return;
    }
    let dir = std::env::temp_dir().join(format!("strata-weights-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, &dir)
        .spawn()
        .expect("the test binary runs as a child");
    hammer(&dir, 1);
    assert!(child.wait().unwrap().success(), "the child process failed");

    let store = WeightsDir::new(&dir);
    for k in 0..KEYS {
        assert_whole(&store.load(&key(k)).expect("every key written"), k);
    }
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        files.len(),
        usize::from(KEYS),
        "no temporary file left: {files:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_damaged_entry_is_no_entry() {
    let dir = std::env::temp_dir().join(format!("strata-weights-damaged-{}", std::process::id()));
    let store = WeightsDir::new(&dir);
    store.save(&key(1), &entry(1, 0, 1)).unwrap();
    let path = store.path(&key(1));
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
    assert!(store.load(&key(1)).is_none(), "a truncated file");
    std::fs::write(&path, f64::NAN.to_le_bytes()).unwrap();
    assert!(store.load(&key(1)).is_none(), "a non-finite value");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_cache_reads_back_what_another_cache_saved() {
    let dir = std::env::temp_dir().join(format!("strata-weights-cache-{}", std::process::id()));
    let first = WeightsCache::new().with_store(WeightsDir::new(&dir));
    first.insert(key(3), entry(1, 0, 3));
    let second = WeightsCache::new().with_store(WeightsDir::new(&dir));
    assert_eq!(second.get(&key(3)), Some(entry(1, 0, 3)));
    assert_eq!(second.solves(), 0);
    std::fs::remove_dir_all(&dir).unwrap();
}
