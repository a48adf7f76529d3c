//! Byte-identical result files for any thread count: `strata engine` run as a process with
//! `RAYON_NUM_THREADS` = 1, 2 and 4 writes the same bytes in every file, on a multi-stack model
//! with two faults (p05) and an octree with meshes (p06).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file of `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("output folder") {
        let path = entry.expect("entry").path();
        let name = path.strip_prefix(dir).expect("inside").to_path_buf();
        out.insert(name, std::fs::read(&path).expect("file reads"));
    }
    out
}

/// The output files of `strata engine` on `case` with `threads` threads.
fn run(case: &str, threads: usize) -> BTreeMap<PathBuf, Vec<u8>> {
    let input = strata_test_support::reference_case(case).join("input.json");
    let out = std::env::temp_dir().join(format!(
        "strata-determinism-{case}-{threads}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["-q", "engine"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--kernel-matrix")
        .env("RAYON_NUM_THREADS", threads.to_string())
        .status()
        .expect("strata runs");
    assert!(status.success(), "{case} with {threads} threads: {status}");
    let written = files(&out);
    std::fs::remove_dir_all(&out).ok();
    written
}

fn assert_same_bytes(case: &str) {
    let one = run(case, 1);
    assert!(one.len() > 3, "{case}: {} files", one.len());
    for threads in [2, 4] {
        let many = run(case, threads);
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            many.keys().collect::<Vec<_>>(),
            "{case}: files with {threads} threads"
        );
        for (name, bytes) in &one {
            assert!(
                &many[name] == bytes,
                "{case}: {} differs between 1 and {threads} threads",
                name.display()
            );
        }
    }
}

#[test]
fn multi_stack_result_files_are_thread_count_independent() {
    assert_same_bytes("p05_graben_two_faults");
}

#[test]
fn octree_result_files_are_thread_count_independent() {
    assert_same_bytes("p06_model1_dual_contouring");
}
