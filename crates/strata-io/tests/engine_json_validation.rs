//! Bad input gets a typed error naming the problem; the content hash is stable and sensitive.
//!
//! Every case starts from the engine-level input of reference case p02 and breaks one thing.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Value, json};
use strata_data::{ContentHash, DataError, EngineInput, Orientations, SurfacePoints};
use strata_io::engine_json;
use strata_test_support::paths::read_json;
use strata_test_support::reference_case;

fn base() -> Value {
    read_json(&reference_case("p02_model1_two_surfaces").join("input.json"))
}

fn parse(v: &Value) -> Result<EngineInput, DataError> {
    engine_json::parse(&v.to_string(), "input.json")
}

fn error_of(edit: impl FnOnce(&mut Value)) -> DataError {
    let mut v = base();
    edit(&mut v);
    parse(&v).expect_err("the input must be rejected")
}

#[test]
fn the_reference_input_is_valid() {
    let m = parse(&base()).unwrap();
    assert_eq!(m.surface_points().len(), 12);
    assert_eq!(m.grid().len(), 20 * 10 * 16);
}

/// A survey of one device over p02's model: a centred grid and both properties.
fn with_survey(v: &mut Value) {
    v["grid"]["centered_grid"] = json!({
        "centers": [[500.0, 500.0, 1000.0]],
        "resolution": [4, 4, 3],
        "radius": [100.0, 100.0, 400.0],
    });
    v["geophysics"] = json!({
        "gravity": {"densities": [2.0, 2.5, 3.0]},
        "magnetics": {
            "susceptibilities": [0.0, 0.01, 0.05],
            "igrf": {"inclination": 60.0, "declination": 10.0, "intensity": 50000.0}
        }
    });
}

#[test]
fn every_documented_key_is_accepted_and_an_unknown_one_is_named() {
    let mut v = base();
    with_survey(&mut v);
    v["grid"]["custom_grid"] = json!({"xyz": [[0.1, 0.2, 0.3]]});
    v["grid"]["topography"] = json!({"xyz": [[0.1, 0.2, 0.3], [0.2, 0.2, 0.3]]});
    let m = parse(&v).expect("a survey, custom points and a DEM");
    let grids = m.extra_grids();
    assert_eq!((grids.custom.len(), grids.topography.len()), (1, 2));
    assert_eq!(grids.centered.as_ref().unwrap().resolution, [4, 4, 3]);

    let unknown = [
        ("", "centred_grid"),
        ("grid", "sections"),
        ("kernel_options", "nugget"),
        ("evaluation_options", "octree_levels"),
    ];
    for (table, key) in unknown {
        let e = error_of(|v| {
            let target = if table.is_empty() { v } else { &mut v[table] };
            target[key] = json!(1);
        });
        assert!(
            e.to_string().contains(&format!("unknown field `{key}`")),
            "{e}"
        );
    }
    let e = error_of(|v| {
        with_survey(v);
        v["geophysics"]["gravity"]["density"] = json!([1.0]);
    });
    assert!(e.to_string().contains("unknown field `density`"), "{e}");
}

/// A change to an input.
type Edit = fn(&mut Value);

#[test]
fn a_bad_survey_is_named() {
    let cases: [(Edit, &str); 5] = [
        (
            |v| v["grid"]["centered_grid"]["resolution"] = json!([4, 0, 3]),
            "centered_grid.resolution = 0",
        ),
        (
            |v| v["grid"]["centered_grid"]["radius"] = json!([100.0, -1.0, 400.0]),
            "centered_grid.radius = -1",
        ),
        (
            |v| v["grid"]["centered_grid"]["centers"] = json!([]),
            "centered_grid.centers = []",
        ),
        (
            |v| v["geophysics"]["gravity"]["densities"] = json!([]),
            "densities = []",
        ),
        (
            |v| {
                v["grid"].as_object_mut().unwrap().remove("centered_grid");
            },
            "geophysics = present is invalid: needs grid.centered_grid",
        ),
    ];
    for (edit, message) in cases {
        let e = error_of(|v| {
            with_survey(v);
            edit(v);
        });
        assert!(matches!(e, DataError::Survey { .. }), "{e:?}");
        assert!(e.to_string().contains(message), "{e} should name {message}");
    }
}

#[test]
fn non_finite_coordinate_is_named() {
    let e = SurfacePoints::new(vec![[0.0; 3], [0.0, f64::NAN, 0.0]], vec![0.0; 2]).unwrap_err();
    assert!(
        matches!(
            e,
            DataError::NonFinite {
                what: "surface point",
                index: 1,
                field: "y",
                ..
            }
        ),
        "{e}"
    );
    let e =
        Orientations::new(vec![[0.0; 3]], vec![[0.0, 0.0, f64::INFINITY]], vec![0.01]).unwrap_err();
    assert!(
        matches!(
            e,
            DataError::NonFinite {
                what: "orientation",
                index: 0,
                field: "gradient z",
                ..
            }
        ),
        "{e}"
    );
    // JSON has no NaN; a literal that overflows f64 is rejected with its line and column.
    let text = base().to_string().replacen("-0.4", "-1e400", 1);
    let e = engine_json::parse(&text, "input.json").unwrap_err();
    assert!(
        matches!(&e, DataError::Json { message, .. } if message.contains("line 1 column")),
        "{e}"
    );
}

#[test]
fn surface_without_points() {
    let e = error_of(|v| {
        v["structure"]["number_of_points_per_surface"] = json!([12, 0]);
    });
    assert_eq!(
        e,
        DataError::EmptySurface {
            surface: "rock1".into()
        }
    );
    assert!(e.to_string().contains("rock1"));
}

#[test]
fn zero_gradient_orientation() {
    let e = error_of(|v| v["orientations"]["gradient"][0] = json!([0.0, 0.0, 0.0]));
    assert_eq!(e, DataError::ZeroGradient { index: 0 });
}

#[test]
fn range_must_be_positive() {
    for range in [0.0, -1.0] {
        let e = error_of(|v| v["kernel_options"]["range"] = json!(range));
        assert!(
            matches!(
                e,
                DataError::KernelOption {
                    option: "range",
                    ..
                }
            ),
            "{e}"
        );
    }
}

#[test]
fn inverted_extent() {
    let e =
        error_of(|v| v["grid"]["octree_grid"]["extent"] = json!([-0.5, 0.5, 0.5, -0.5, -0.5, 0.5]));
    assert!(
        matches!(e, DataError::InvertedExtent { axis: "y", .. }),
        "{e}"
    );
}

#[test]
fn zero_resolution() {
    let e = error_of(|v| v["grid"]["octree_grid"]["resolution"] = json!([20, 10, 0]));
    assert_eq!(e, DataError::ZeroResolution { axis: "z" });
}

#[test]
fn unit_values_of_the_wrong_length() {
    let e = error_of(|v| v["unit_values"] = json!([1, 2]));
    assert!(
        matches!(
            e,
            DataError::LengthMismatch {
                expected: 3,
                found: 2,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn stack_without_surfaces() {
    let e = error_of(|v| {
        let stacks = v["structure"]["stacks"].as_array_mut().unwrap();
        let mut empty = stacks[0].clone();
        empty["name"] = json!("empty");
        empty["surfaces"] = json!([]);
        empty["number_of_points"] = json!(0);
        stacks.push(empty);
    });
    assert_eq!(
        e,
        DataError::StackWithoutSurfaces {
            stack: "empty".into()
        }
    );
}

/// p02 split into a fault stack (rock2) and a basement stack (rock1).
fn two_stacks(fault_relations: Value, first_relation: &str) -> Value {
    let mut v = base();
    v["orientations"]["nugget"] = json!([0.01, 0.01]);
    v["unit_values"] = json!([1, 2, 3]);
    v["structure"]["stacks"] = json!([
        {"name": "f", "relation": first_relation, "surfaces": ["rock2"], "number_of_surfaces": 1,
         "number_of_points": 6, "number_of_orientations": 1, "segmentation_function": null},
        {"name": "b", "relation": "BASEMENT", "surfaces": ["rock1"], "number_of_surfaces": 1,
         "number_of_points": 6, "number_of_orientations": 1, "segmentation_function": null},
    ]);
    v["structure"]["fault_relations"] = fault_relations;
    v
}

#[test]
fn a_valid_fault_relation_is_accepted() {
    let m = parse(&two_stacks(json!([[false, true], [false, false]]), "FAULT")).unwrap();
    assert_eq!(m.structure().faults_offsetting(1), vec![0]);
}

#[test]
fn fault_offsetting_itself() {
    let e = parse(&two_stacks(json!([[true, true], [false, false]]), "FAULT")).unwrap_err();
    assert!(
        matches!(&e, DataError::FaultRelations { reason } if reason.contains("'f' offsets itself")),
        "{e}"
    );
}

#[test]
fn fault_relations_of_the_wrong_shape() {
    let e = parse(&two_stacks(
        json!([[false, true, false], [false, false, false]]),
        "FAULT",
    ))
    .unwrap_err();
    assert!(
        matches!(&e, DataError::FaultRelations { reason } if reason.contains("2x3")),
        "{e}"
    );
}

#[test]
fn non_fault_stack_marked_as_offsetting() {
    let e = parse(&two_stacks(json!([[false, true], [false, false]]), "ERODE")).unwrap_err();
    assert!(
        matches!(&e, DataError::FaultRelations { reason } if reason.contains("'f'") && reason.contains("not a fault")),
        "{e}"
    );
}

#[test]
fn unknown_names_are_reported() {
    let e = error_of(|v| v["kernel_options"]["kernel_function"] = json!("gaussian"));
    assert_eq!(
        e,
        DataError::Unknown {
            what: "kernel function",
            value: "gaussian".into()
        }
    );
    let e = error_of(|v| v["structure"]["stacks"][0]["relation"] = json!("SIDEWAYS"));
    assert_eq!(
        e,
        DataError::Unknown {
            what: "stack relation",
            value: "SIDEWAYS".into()
        }
    );
}

#[test]
fn syntax_errors_name_the_file_and_line() {
    let e = engine_json::parse("{\n  \"surface_points\": [1,\n", "broken.json").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("broken.json:") && msg.contains("line"),
        "{msg}"
    );
}

#[test]
fn content_hash_is_stable() {
    let a = parse(&base()).unwrap();
    let b = parse(&base()).unwrap();
    assert_eq!(a.content_hash(), b.content_hash());
    // The canonical encoding is platform independent: this value must never change silently.
    assert_eq!(
        a.content_hash_hex(),
        include_str!("p02_content_hash.txt").trim()
    );
}

proptest! {
    #![proptest_config(config(64))]

    /// Changing any single coordinate, nugget or option changes the hash.
    #[test]
    fn content_hash_is_sensitive(which in 0usize..5, index in 0usize..12, axis in 0usize..3, delta in 1e-9f64..1.0) {
        let original = parse(&base()).unwrap().content_hash();
        let mut v = base();
        match which {
            0 => { let x = v["surface_points"]["xyz"][index][axis].as_f64().unwrap(); v["surface_points"]["xyz"][index][axis] = json!(x + delta); }
            1 => { let x = v["surface_points"]["nugget"][index].as_f64().unwrap(); v["surface_points"]["nugget"][index] = json!(x + delta); }
            2 => { let x = v["orientations"]["xyz"][index % 2][axis].as_f64().unwrap(); v["orientations"]["xyz"][index % 2][axis] = json!(x + delta); }
            3 => { let x = v["kernel_options"]["range"].as_f64().unwrap(); v["kernel_options"]["range"] = json!(x + delta); }
            _ => { let x = v["grid"]["octree_grid"]["extent"][2 * axis + 1].as_f64().unwrap(); v["grid"]["octree_grid"]["extent"][2 * axis + 1] = json!(x + delta); }
        }
        let changed = parse(&v).unwrap().content_hash();
        prop_assert_ne!(original, changed);
    }
}

/// `cases` random cases per property; a failure's seed is saved beside this file
/// (`<name>.proptest-regressions`) and replayed first on every later run.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

/// Every reference input survives `to_json` and `parse`: the written document reads back into
/// an input that writes the same document, but for the gradients, which reading normalises
/// again (a unit vector's norm rounds to within an ulp of 1, so they move by at most 2 ulps).
#[test]
fn written_inputs_read_back_the_same() {
    let dir = strata_test_support::repo("tests/data");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path().join("input.json"))
        .filter(|p| p.is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 7);
    for case in cases {
        let input = strata_io::engine_json::read(&case).unwrap();
        let json = strata_io::engine_json::to_json(&input);
        let again = strata_io::engine_json::parse(&json.to_string(), "written").unwrap();
        let mut written = strata_io::engine_json::to_json(&again);
        let mut json = json;
        written["orientations"]["gradient"] = Value::Null;
        json["orientations"]["gradient"] = Value::Null;
        assert_eq!(written, json, "{}", case.display());
        let pairs = input
            .orientations()
            .gradient()
            .iter()
            .zip(again.orientations().gradient());
        for (a, b) in pairs {
            for (x, y) in a.iter().zip(b) {
                assert!((x - y).abs() <= 2.0 * f64::EPSILON, "{x} vs {y}");
            }
        }
    }
}
