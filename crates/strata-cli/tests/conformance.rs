//! Conformance against gempy_engine: `strata engine` on copies of the reference cases
//! (`tests/data/pNN_*`, computed with gempy_engine 2026.0.3) must reproduce every array of the
//! case's `expected.json` within the case's calibrated tolerances, with ids exact — with the
//! dense solve, and with the matrix-free iterative solve forced (`--solver iterative`: same
//! tolerances; its condition number is not computed, so that one check is skipped). The octree
//! case (p06) must give every level and the meshes of the reference. The checks live in
//! `common/` and are shared with the device backends' tests (`device.rs`).

mod common;

use common::octree::p06_with;
use common::reference::{ITERATIVE_CASES, run_case, run_case_with};
use strata_cli::engine_command::BackendChoice;
use strata_engine::{Dtype, SolverChoice};

#[test]
fn p01_single_surface() {
    run_case("p01_single_surface", BackendChoice::Cpu);
}

#[test]
fn p02_model1_two_surfaces() {
    run_case("p02_model1_two_surfaces", BackendChoice::Cpu);
}

#[test]
fn p03_model1_drift0() {
    run_case("p03_model1_drift0", BackendChoice::Cpu);
}

#[test]
fn p04_toy_fold_unconformity() {
    run_case("p04_toy_fold_unconformity", BackendChoice::Cpu);
}

#[test]
fn p05_graben_two_faults() {
    run_case("p05_graben_two_faults", BackendChoice::Cpu);
}

#[test]
fn p07_model6_onlap() {
    run_case("p07_model6_onlap", BackendChoice::Cpu);
}

/// A survey of 3 devices on model1: the centred grid evaluated with the regular grid, gravity
/// and induced magnetics.
#[test]
fn p08_model1_geophysics() {
    run_case("p08_model1_geophysics", BackendChoice::Cpu);
}

/// Model1 with 5 custom points and a DEM: the geological map.
#[test]
fn p09_model1_topography_custom() {
    run_case("p09_model1_topography_custom", BackendChoice::Cpu);
}

/// The tensor-op defaults (the path of any burn backend) end to end, on the CPU.
#[test]
fn p02_model1_two_surfaces_tensor_ops() {
    run_case("p02_model1_two_surfaces", BackendChoice::CpuTensorOps);
}

/// The tensor-op defaults on the ill-conditioned graben (two faults, κ = 1.6e11).
#[test]
fn p05_graben_two_faults_tensor_ops() {
    run_case("p05_graben_two_faults", BackendChoice::CpuTensorOps);
}

/// Every reference case with the matrix-free iterative solve forced (p06 below).
#[test]
fn every_case_with_the_iterative_solve() {
    for case in ITERATIVE_CASES {
        run_case_with(
            case,
            BackendChoice::Cpu,
            SolverChoice::Iterative,
            Dtype::F64,
        );
    }
}

/// `strata engine` on the octree case (p06) writes every level and the meshes in the schema of
/// the reference: same slices, resolutions, counts, ids and mesh arrays.
#[test]
fn p06_result_has_every_level_and_the_meshes() {
    p06_with(BackendChoice::Cpu, SolverChoice::Dense, Dtype::F64);
}

/// The same with the matrix-free iterative solve forced.
#[test]
fn p06_with_the_iterative_solve() {
    p06_with(BackendChoice::Cpu, SolverChoice::Iterative, Dtype::F64);
}
