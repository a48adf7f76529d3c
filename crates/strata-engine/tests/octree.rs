//! The octree loop and the meshes of the engine: level rules, refinement options, masking of
//! meshes by erosion, the dense block, and the inputs it must refuse or survive.

mod common;

use common::{StackSpec, folded_surface, model, parse};
use serde_json::{Value, json};
use strata_data::{DataError, EngineInput};
use strata_engine::{
    ComputeOptions, Cpu, EngineError, ModelSolution, OctreeError, WeightsCache, compute_model_with,
};
use strata_octree::{DenseError, PlanError};

fn run(input: &EngineInput) -> Result<ModelSolution, EngineError> {
    compute_model_with::<Cpu>(
        input,
        &WeightsCache::new(),
        ComputeOptions::default(),
        &Default::default(),
    )
}

fn flat_stack(name: &'static str, relation: &'static str, z: &[f64], tilt: f64) -> StackSpec {
    let surfaces = z
        .iter()
        .map(|&z0| {
            folded_surface(z0, 0.0)
                .into_iter()
                .map(|[x, y, z]| [x, y, z + tilt * x])
                .collect()
        })
        .collect();
    StackSpec {
        name,
        relation,
        surfaces,
        orientations: vec![([0.0, 0.0, z[0]], [-tilt, 0.0, 1.0])],
    }
}

/// A model over `[-0.5, 0.5]³` with a 2×2×2 root and the given evaluation options.
fn octree_model(stacks: &[StackSpec], evaluation: Value) -> EngineInput {
    let mut v = model(stacks, Value::Null, 2, 1e-6);
    v["evaluation_options"] = evaluation;
    parse(&v)
}

fn meshes(levels: usize, masking: &str) -> Value {
    json!({"number_octree_levels": levels, "number_octree_levels_surface": levels,
           "mesh_extraction": true, "mesh_extraction_masking_options": masking,
           "compute_scalar_gradient": false})
}

#[test]
fn zero_levels_are_refused_by_the_input() {
    let mut v = model(
        &[flat_stack("s", "BASEMENT", &[0.1], 0.0)],
        Value::Null,
        2,
        1e-6,
    );
    v["evaluation_options"] = json!({"number_octree_levels": 0});
    let err = strata_io::engine_json::parse(&v.to_string(), "test.json").unwrap_err();
    assert!(matches!(
        err,
        DataError::EvaluationOption {
            option: "number_octree_levels",
            ..
        }
    ));
}

#[test]
fn levels_beyond_the_memory_budget_are_refused_before_any_evaluation() {
    let input = octree_model(
        &[flat_stack("s", "BASEMENT", &[0.1], 0.0)],
        json!({"number_octree_levels": 14, "mesh_extraction": false}),
    );
    let err = run(&input).unwrap_err();
    assert!(
        matches!(
            err,
            EngineError::Octree(OctreeError::Plan(PlanError::ExceedsMemory {
                levels: 14,
                ..
            }))
        ),
        "{err}"
    );
    assert!(err.to_string().contains("memory budget"), "{err}");
}

#[test]
fn one_level_is_the_regular_grid() {
    let input = octree_model(
        &[flat_stack("s", "BASEMENT", &[0.1], 0.0)],
        json!({"number_octree_levels": 1, "mesh_extraction": false}),
    );
    let s = run(&input).unwrap();
    assert_eq!((s.levels.len(), s.octree.len(), s.meshes.len()), (1, 1, 0));
    assert_eq!(s.levels[0].xyz, input.grid().centers());
}

#[test]
fn meshes_with_one_level_use_the_surface_levels() {
    let mut evaluation = meshes(1, "INTERSECT");
    evaluation["number_octree_levels_surface"] = json!(3);
    let s = run(&octree_model(
        &[flat_stack("s", "BASEMENT", &[0.1], 0.3)],
        evaluation,
    ))
    .unwrap();
    assert_eq!(s.levels.len(), 3);
    assert_eq!(s.octree[2].resolution(), [8, 8, 8]);
    assert_eq!(s.meshes.len(), 1);
    assert!(!s.meshes[0].triangles.is_empty());
}

#[test]
fn a_stack_without_interfaces_in_the_extent_gives_an_empty_mesh() {
    // The younger stack's surface lies above the model (z = 2): nothing to mesh there.
    let stacks = [
        flat_stack("above", "ERODE", &[2.0], 0.0),
        flat_stack("inside", "BASEMENT", &[0.1], 0.2),
    ];
    let s = run(&octree_model(&stacks, meshes(4, "INTERSECT"))).unwrap();
    assert_eq!(s.meshes.len(), 2);
    assert!(s.meshes[0].is_empty() && s.meshes[0].triangles.is_empty());
    assert!(!s.meshes[1].triangles.is_empty());

    // No surface inside at all: nothing is refined past the minimum level, the leaf level is
    // empty, and so is every mesh.
    let s = run(&octree_model(&stacks[..1], meshes(4, "INTERSECT"))).unwrap();
    assert_eq!(s.octree[3].len(), 0);
    assert!(s.levels[3].xyz.is_empty());
    assert!(s.meshes.iter().all(|m| m.is_empty()));
}

#[test]
fn erosion_cuts_the_older_surface_unless_raw() {
    // A flat erosion surface at z = 0.15 over a tilted older surface rising through it.
    let stacks = [
        flat_stack("young", "ERODE", &[0.15], 0.0),
        flat_stack("old", "BASEMENT", &[0.0], 0.8),
    ];
    let top = |masking: &str| -> f64 {
        let s = run(&octree_model(&stacks, meshes(4, masking))).unwrap();
        s.meshes[1]
            .vertices
            .iter()
            .map(|v| v[2])
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let (intersect, disjoint, raw) = (top("INTERSECT"), top("DISJOINT"), top("RAW"));
    let voxel = 1.0 / 16.0;
    assert!(
        intersect < 0.15 + voxel,
        "INTERSECT reaches z = {intersect}"
    );
    assert!(disjoint <= intersect, "DISJOINT reaches z = {disjoint}");
    assert!(raw > 0.15 + voxel, "RAW stops at z = {raw}");
}

#[test]
fn curvature_refinement_adds_cells() {
    let stacks = [StackSpec {
        name: "fold",
        relation: "BASEMENT",
        surfaces: vec![folded_surface(0.0, 1.5)],
        orientations: vec![([0.0, 0.0, 0.0], [0.0, 0.0, 1.0])],
    }];
    let cells = |threshold: f64| -> usize {
        let evaluation = json!({"number_octree_levels": 4, "mesh_extraction": false,
                                "compute_scalar_gradient": true, "octree_curvature_threshold": threshold});
        run(&octree_model(&stacks, evaluation)).unwrap().octree[3].len()
    };
    let (off, on) = (cells(-1.0), cells(0.0));
    assert!(on > off, "curvature on: {on} cells, off: {off}");
}

#[test]
fn min_level_refines_everything_below_it() {
    let stacks = [flat_stack("s", "BASEMENT", &[0.1], 0.0)];
    let evaluation = json!({"number_octree_levels": 4, "mesh_extraction": false,
                            "compute_scalar_gradient": false, "octree_min_level": 3});
    let s = run(&octree_model(&stacks, evaluation)).unwrap();
    assert_eq!(s.octree[3].len(), 16 * 16 * 16);
}

#[test]
fn dense_ids_agree_with_the_leaf_cells() {
    let stacks = [flat_stack("s", "BASEMENT", &[0.1, -0.2], 0.5)];
    let s = run(&octree_model(&stacks, meshes(4, "INTERSECT"))).unwrap();
    let leaf = &s.octree[3];
    let [_, ny, nz] = leaf.resolution();
    let budget = ComputeOptions::default().memory_budget;
    let dense = s.dense_ids(3, budget).unwrap();
    assert_eq!(dense.len(), 16 * 16 * 16);
    for (cell, &id) in leaf.cells().iter().zip(&s.levels[3].ids) {
        assert_eq!(dense[(cell[0] * ny + cell[1]) * nz + cell[2]], id);
    }
    assert_eq!(
        s.dense_ids(0, budget).unwrap(),
        s.levels[0].ids[..8].to_vec()
    );
    assert!(s.dense_ids(4, budget).is_err());
    // The caller's budget bounds the block: 16³ ids of 4 bytes, one byte more than it holds.
    assert!(matches!(
        s.dense_ids(3, 4 * 16 * 16 * 16 - 1),
        Err(OctreeError::Dense(DenseError::TooLarge {
            bytes: 16384,
            ..
        }))
    ));
    assert!(s.dense_ids(3, 4 * 16 * 16 * 16).is_ok());
}
