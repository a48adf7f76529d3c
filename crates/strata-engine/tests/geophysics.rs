//! Forward gravity and magnetics of computed models: the extra grids change nothing on the
//! regular grid, and a voxel no stack claims (id 0) is an error, not gempy's wrap-around to the
//! last property.

use serde_json::Value;
use strata_engine::{
    ComputeOptions, Cpu, EngineError, KernelCache, WeightsCache, compute_model_with,
    forward_geophysics,
};
use strata_io::engine_json;
use strata_test_support::paths::read_json;
use strata_test_support::reference_case;

fn p08() -> Value {
    read_json(&reference_case("p08_model1_geophysics").join("input.json"))
}

#[test]
fn the_survey_leaves_the_regular_grid_as_it_was() {
    let with = engine_json::parse(&p08().to_string(), "p08").unwrap();
    let mut v = p08();
    v["grid"].as_object_mut().unwrap().remove("centered_grid");
    v.as_object_mut().unwrap().remove("geophysics");
    let without = engine_json::parse(&v.to_string(), "p08 without survey").unwrap();
    let run = |input| {
        compute_model_with::<Cpu>(
            input,
            &WeightsCache::new(),
            ComputeOptions::default(),
            &Default::default(),
        )
        .unwrap()
    };
    let (a, b) = (run(&with), run(&without));
    let cells = a.levels[0].slices.octree.clone();
    assert_eq!(a.levels[0].ids[cells.clone()], b.levels[0].ids[..]);
    assert_eq!(a.levels[0].slices.centered.len(), 3 * 1936);

    let mut cache = KernelCache::default();
    let survey = forward_geophysics(&with, &a, &mut cache).unwrap().unwrap();
    assert_eq!(survey.gravity.as_ref().map(Vec::len), Some(3));
    assert_eq!(cache.len(), 1, "the kernels are kept for the next model");
    assert!(
        forward_geophysics(&without, &b, &mut cache)
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_voxel_no_stack_claims_is_an_error() {
    // An eroding stack alone leaves the rock below its last surface without a unit (id 0).
    let mut v = p08();
    v["structure"]["stacks"][0]["relation"] = "ERODE".into();
    let input = engine_json::parse(&v.to_string(), "p08 eroding").unwrap();
    let solution = compute_model_with::<Cpu>(
        &input,
        &WeightsCache::new(),
        ComputeOptions::default(),
        &Default::default(),
    )
    .unwrap();
    let e = forward_geophysics(&input, &solution, &mut KernelCache::default()).unwrap_err();
    assert!(matches!(e, EngineError::Forward(_)), "{e:?}");
    assert!(e.to_string().contains("id 0"), "{e}");
}
