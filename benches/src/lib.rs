//! Inputs of the benches: gempy_engine's performance-anchor cases (`benches/data/`, the same
//! `input.json` schema as the reference cases), with gempy_engine's own timings for comparison.

use std::path::Path;

use strata_data::EngineInput;
use strata_io::engine_json;
use strata_kernel::KrigingSystem;

/// gempy_engine's timings of the anchor cases (numpy backend, 2 cores), in seconds.
pub const GEMPY_SECONDS: [(&str, f64); 6] = [
    ("a_model1_grid50", 4.14),
    ("b_model1_octree3_dc", 0.30),
    ("b_model1_octree4_dc", 0.71),
    ("b_model1_octree5_dc", 2.48),
    ("c_synthetic_800pts_grid50", 197.8),
    ("c_synthetic_800pts_octree5_dc", 44.3),
];

/// Reads `benches/data/<case>/input.json`.
pub fn load_case(case: &str) -> EngineInput {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(case)
        .join("input.json");
    engine_json::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The system of the first stack of a case (no fault drift).
pub fn first_system(input: &EngineInput) -> KrigingSystem {
    KrigingSystem::new(&input.stack(0), input.kernel(), &[]).expect("system of stack 0")
}
