//! The device backends against gempy_engine: every reference case on Vulkan (feature `vulkan`;
//! Mesa's software lavapipe on machines without a GPU) and on CUDA (feature `cuda`), with the
//! conformance suite of the CPU backends (strata-test-support's, run on the CPU by
//! strata-engine's `conformance.rs`): in `f64` the calibrated tolerances are asserted and ids
//! are exact; in `f32` the largest differences per category are printed (`--nocapture`), as for
//! the CPU's `f32` path, which no test asserts either.
//!
//! A backend is probed once per process (`engine_command::device_report`): where its driver or
//! device is missing, every test of that backend prints `skipped: <reason>` and passes, so the
//! file runs anywhere. Without a feature, asking for its backend is a typed error (tested
//! below). The reference data is found through `$STRATA_REPO` where that is set (a test binary
//! carried to another machine, `cargo xtask gpu-check --prebuilt`).

use std::path::PathBuf;
#[cfg(any(feature = "cuda", feature = "vulkan"))]
use std::sync::OnceLock;

use strata_cli::engine_command::{self, BackendChoice};
use strata_engine::{ComputeOptions, Dtype};
#[cfg(any(feature = "cuda", feature = "vulkan"))]
use strata_engine::{Kernels, SolverChoice};
use strata_io::result_json::ResultOptions;
#[cfg(any(feature = "cuda", feature = "vulkan"))]
use strata_test_support::conformance::{ITERATIVE_CASES, OCTREE_CASE, Suite};

/// The reference case the command-level tests run (GemPy's model1, two layers).
fn model1() -> PathBuf {
    strata_test_support::reference_case("p02_model1_two_surfaces").join("input.json")
}

/// A fresh output folder for `name` (not created).
fn out_dir(name: &str) -> PathBuf {
    let out = std::env::temp_dir().join(format!("strata-device-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    out
}

/// Runs `test` when `backend` has a device here (probed once per process, the answer kept in
/// `probe`); otherwise prints `skipped: <reason>`.
#[cfg(any(feature = "cuda", feature = "vulkan"))]
fn on_device(
    backend: BackendChoice,
    probe: &OnceLock<Result<String, String>>,
    test: impl FnOnce(),
) {
    let found = probe.get_or_init(|| {
        engine_command::device_report(backend)
            .map(|report| report.to_string())
            .map_err(|e| e.to_string())
    });
    match found {
        Ok(device) => {
            println!("{backend:?} device: {device}");
            test();
        }
        Err(reason) => println!("skipped: {reason}"),
    }
}

/// Asking for `backend` in a build without its feature is `expected`, before anything is
/// written.
#[cfg(not(all(feature = "cuda", feature = "vulkan")))]
fn without_its_feature(
    backend: BackendChoice,
    expected: fn(&engine_command::CommandError) -> bool,
) {
    let out = out_dir(&format!("{backend:?}-no-feature"));
    let error = engine_command::run_on(
        backend,
        Dtype::F64,
        &model1(),
        &out,
        ResultOptions::default(),
        ComputeOptions::default(),
    )
    .unwrap_err();
    assert!(expected(&error), "{error}");
    assert!(error.to_string().contains("rebuild with `--features"));
    assert!(!out.exists());
    let probed = engine_command::device_report(backend).unwrap_err();
    assert!(expected(&probed), "{probed}");
}

#[cfg(not(feature = "vulkan"))]
#[test]
fn vulkan_without_the_feature_is_an_error() {
    without_its_feature(BackendChoice::Vulkan, |e| {
        matches!(e, engine_command::CommandError::NoVulkan)
    });
}

#[cfg(not(feature = "cuda"))]
#[test]
fn cuda_without_the_feature_is_an_error() {
    without_its_feature(BackendChoice::Cuda, |e| {
        matches!(e, engine_command::CommandError::NoCuda)
    });
}

/// The tests of one device backend: module `$backend`, backend `$choice` (the engine's
/// `$engine`) named `$name` in the run summary.
#[cfg(any(feature = "cuda", feature = "vulkan"))]
macro_rules! device_tests {
    ($backend:ident, $choice:expr, $engine:ty, $name:literal) => {
        mod $backend {
            use super::*;

            const BACKEND: BackendChoice = $choice;
            static PROBE: OnceLock<Result<String, String>> = OnceLock::new();

            /// This backend's conformance suite.
            fn suite() -> Suite<$engine> {
                Suite::new(Kernels::default())
            }

            /// Runs `test` on this backend's device, or says why it is skipped.
            fn on_this_device(test: impl FnOnce()) {
                on_device(BACKEND, &PROBE, test);
            }

            /// The run summary names the backend and, on its own line, the device with the
            /// memory it holds.
            #[test]
            fn the_summary_names_the_device() {
                on_this_device(|| {
                    let out = out_dir(concat!($name, "-summary"));
                    let run = engine_command::run_on(
                        BACKEND,
                        Dtype::F64,
                        &model1(),
                        &out,
                        ResultOptions::default(),
                        ComputeOptions::default(),
                    )
                    .expect("engine runs");
                    let summary = engine_command::summary(&run, &Vec::new());
                    println!("{summary}");
                    let first = summary.lines().next().unwrap();
                    assert!(first.ends_with(concat!(" on ", $name, " in f64")), "{first}");
                    let line = format!("  device: {}", run.device);
                    assert!(summary.lines().any(|l| l == line), "{summary}");
                    assert!(run.device.memory_in_use.is_some(), "{}", run.device);
                    std::fs::remove_dir_all(&out).ok();
                });
            }

            device_tests!(@cases
                p01_single_surface,
                p02_model1_two_surfaces,
                p03_model1_drift0,
                p04_toy_fold_unconformity,
                p05_graben_two_faults,
                p07_model6_onlap,
                p08_model1_geophysics,
                p09_model1_topography_custom
            );

            /// The octree case: every level and the meshes.
            mod p06_model1_dual_contouring {
                use super::*;

                #[test]
                fn in_f64() {
                    on_this_device(|| suite().case(OCTREE_CASE));
                }

                #[test]
                fn in_f32() {
                    on_this_device(|| {
                        suite().case_with(OCTREE_CASE, SolverChoice::Dense, Dtype::F32)
                    });
                }
            }

            /// Every case with the matrix-free iterative solve forced, in `f64`.
            #[test]
            fn every_case_with_the_iterative_solve() {
                on_this_device(|| {
                    for case in ITERATIVE_CASES {
                        suite().case_with(case, SolverChoice::Iterative, Dtype::F64);
                    }
                    suite().case_with(OCTREE_CASE, SolverChoice::Iterative, Dtype::F64);
                });
            }
        }
    };
    (@cases $($case:ident),*) => {
        $(
            /// The reference case of this name.
            mod $case {
                use super::*;

                #[test]
                fn in_f64() {
                    on_this_device(|| suite().case(stringify!($case)));
                }

                #[test]
                fn in_f32() {
                    on_this_device(|| {
                        suite().case_with(stringify!($case), SolverChoice::Dense, Dtype::F32)
                    });
                }
            }
        )*
    };
}

#[cfg(feature = "vulkan")]
device_tests!(
    vulkan,
    BackendChoice::Vulkan,
    strata_engine::Vulkan,
    "vulkan"
);

#[cfg(feature = "cuda")]
device_tests!(cuda, BackendChoice::Cuda, strata_engine::Gpu, "cuda");
