//! Conformance against gempy_engine on the CPU backends: every reference case
//! (`tests/data/pNN_*`, computed with gempy_engine 2026.0.3) must reproduce every array of the
//! case's `expected.json` within the case's calibrated tolerances, with ids exact — with the
//! dense solve, and with the matrix-free iterative solve forced (same tolerances; its condition
//! number is not computed, so that one check is skipped). The octree case (p06: 4 levels from a
//! 2×2×2 root, dual contouring with INTERSECT masking) must give every level's points in the
//! same order and both meshes: same counts, vertices within the mesh tolerance, area and
//! bounding box within 1e-6. The suite is strata-test-support's, shared with the device
//! backends (strata-cli's `device.rs`).

use strata_engine::{Cpu, Dtype, Implementation, Kernels, SolverChoice};
use strata_test_support::conformance::{ITERATIVE_CASES, OCTREE_CASE, Suite};

/// The fused CPU backend's suite.
fn cpu() -> Suite<Cpu> {
    Suite::new(Kernels::default())
}

/// The tensor-op defaults (the path of any burn backend), on the CPU.
fn tensor_ops() -> Suite<Cpu> {
    Suite::new(Kernels::default().with_implementation(Implementation::TensorOps))
}

#[test]
fn p01_single_surface() {
    cpu().case("p01_single_surface");
}

#[test]
fn p02_model1_two_surfaces() {
    cpu().case("p02_model1_two_surfaces");
}

#[test]
fn p03_model1_drift0() {
    cpu().case("p03_model1_drift0");
}

#[test]
fn p04_toy_fold_unconformity() {
    cpu().case("p04_toy_fold_unconformity");
}

#[test]
fn p05_graben_two_faults() {
    cpu().case("p05_graben_two_faults");
}

/// Every octree level and both meshes.
#[test]
fn p06_model1_dual_contouring() {
    cpu().case(OCTREE_CASE);
}

#[test]
fn p07_model6_onlap() {
    cpu().case("p07_model6_onlap");
}

/// A survey of 3 devices on model1: the centred grid evaluated with the regular grid, gravity
/// and induced magnetics.
#[test]
fn p08_model1_geophysics() {
    cpu().case("p08_model1_geophysics");
}

/// Model1 with 5 custom points and a DEM: the geological map.
#[test]
fn p09_model1_topography_custom() {
    cpu().case("p09_model1_topography_custom");
}

/// The tensor-op defaults end to end.
#[test]
fn p02_model1_two_surfaces_tensor_ops() {
    tensor_ops().case("p02_model1_two_surfaces");
}

/// The tensor-op defaults on the ill-conditioned graben (two faults, κ = 1.6e11).
#[test]
fn p05_graben_two_faults_tensor_ops() {
    tensor_ops().case("p05_graben_two_faults");
}

/// The tensor-op defaults through the octree and dual contouring.
#[test]
fn p06_model1_dual_contouring_tensor_ops() {
    tensor_ops().case(OCTREE_CASE);
}

/// Every reference case without an octree with the matrix-free iterative solve forced.
#[test]
fn every_case_with_the_iterative_solve() {
    for case in ITERATIVE_CASES {
        cpu().case_with(case, SolverChoice::Iterative, Dtype::F64);
    }
}

/// The octree case with the matrix-free iterative solve forced.
#[test]
fn p06_with_the_iterative_solve() {
    cpu().case_with(OCTREE_CASE, SolverChoice::Iterative, Dtype::F64);
}
