//! Multi-stack models: id ranges, mask partition, the single-stack path, finite faults, and
//! the errors that name a stack.

mod common;

use common::{StackSpec, folded_surface, model, parse};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Value, json};
use strata_data::StackRelation;
use strata_engine::segmentation::soft_segment;
use strata_engine::{
    ComputeOptions, Cpu, EngineError, Interpolator, ModelSolution, WeightsCache, compute_model_with,
};
use strata_kernel::{EvaluationPoints, Field, Kernels, KrigingSystem, assemble};
use strata_solver::{SolveError, SolveOptions};

fn run(v: &Value) -> Result<ModelSolution, EngineError> {
    compute_model_with::<Cpu>(
        &parse(v),
        &WeightsCache::new(),
        ComputeOptions::default(),
        &Default::default(),
    )
}

fn layer_stack(name: &'static str, relation: &'static str, z: &[f64], fold: f64) -> StackSpec {
    StackSpec {
        name,
        relation,
        surfaces: z.iter().map(|&z0| folded_surface(z0, fold)).collect(),
        orientations: vec![([0.0, 0.0, z[0]], [fold * 0.1, 0.0, 1.0])],
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Ids lie in the unit_values range, and with a BASEMENT stack last every grid point is
    /// claimed by exactly one stack's mask.
    #[test]
    fn ids_in_range_and_masks_partition(relations in prop::collection::vec(prop::bool::ANY, 1..3),
                                        tops in prop::collection::vec(-0.3f64..0.3, 3),
                                        folds in prop::collection::vec(-1.0f64..1.0, 3)) {
        let names = ["a", "b", "c"];
        let mut stacks: Vec<StackSpec> = relations
            .iter()
            .enumerate()
            .map(|(i, &erode)| layer_stack(names[i], if erode { "ERODE" } else { "ONLAP" }, &[tops[i]], folds[i]))
            .collect();
        let last = relations.len();
        stacks.push(layer_stack(names[last], "BASEMENT", &[tops[last], tops[last] - 0.1], folds[last]));
        let s = run(&model(&stacks, Value::Null, 5, 1e-6)).unwrap();
        let n_units = stacks.iter().map(|s| s.surfaces.len()).sum::<usize>() as i32 + 1;
        let level = &s.levels[0];
        for (j, &id) in level.ids.iter().enumerate() {
            prop_assert!(id >= 1 && id <= n_units, "id {} at {}", id, j);
            let claimed = level.stacks.iter().filter(|st| st.mask[j]).count();
            prop_assert_eq!(claimed, 1, "point {} claimed by {} stacks", j, claimed);
        }
    }
}

#[test]
fn one_basement_stack_equals_the_single_stack_path() {
    let v = model(
        &[layer_stack("s", "BASEMENT", &[0.2, -0.1], 0.6)],
        Value::Null,
        7,
        1e-6,
    );
    let input = parse(&v);
    let via_model = run(&v).unwrap();

    let stack = input.stack(0);
    let system = KrigingSystem::new(&stack, input.kernel(), &[]).unwrap();
    let w = assemble(&system, &Kernels::<Cpu>::default())
        .solve(&SolveOptions::default())
        .unwrap()
        .values;
    let grid = input.grid().centers();
    let at = |xyz: &[[f64; 3]]| {
        Field::new(&system, &w, &Kernels::<Cpu>::default())
            .unwrap()
            .evaluate(
                EvaluationPoints {
                    xyz,
                    fault_values: &[],
                },
                false,
            )
            .unwrap()
            .scalar
    };
    let z = at(&grid);
    let on_points = at(input.surface_points().xyz());
    let iso = [on_points[0], on_points[8]];
    let ids: Vec<i32> = soft_segment(&z, &iso, stack.unit_values, input.sigmoid_slope())
        .unwrap()
        .iter()
        .map(|v| v.round_ties_even() as i32)
        .collect();
    assert_eq!(via_model.levels[0].stacks[0].scalar, z);
    assert_eq!(via_model.levels[0].ids, ids);
    assert_eq!(via_model.stacks[0].weights, w);
}

/// A vertical fault at x = 0 and a layer that steps down by 0.2 across it, observed only near
/// y = 0. `finite` puts an ellipsoid of radius 0.4 around the origin on the fault.
///
/// gempy's ellipsoid slope is relative to the farthest evaluated point (`ŝ = s − min s`, sharp
/// where `ŝ > 4`): with the domain corners at `(r/R)² = 0.75/0.16 ≈ 4.7` the fault is sharp only
/// within `r ≈ 0.33` of the centre.
fn faulted_layer(finite: bool) -> Value {
    let fault = StackSpec {
        name: "fault",
        relation: "FAULT",
        surfaces: vec![
            [-0.4, -0.1, 0.2, 0.4]
                .iter()
                .flat_map(|&y| [-0.3, 0.0, 0.3].map(|z| [0.0, y, z]))
                .collect(),
        ],
        orientations: vec![([0.0, 0.0, 0.0], [1.0, 0.0, 0.0])],
    };
    let layer = StackSpec {
        name: "layer",
        relation: "BASEMENT",
        surfaces: vec![
            [-0.3, -0.15, 0.15, 0.3]
                .iter()
                .flat_map(|&x| [-0.05, 0.05].map(|y| [x, y, if x < 0.0 { 0.1 } else { -0.1 }]))
                .collect(),
        ],
        orientations: vec![
            ([-0.2, 0.0, 0.1], [0.0, 0.0, 1.0]),
            ([0.2, 0.0, -0.1], [0.0, 0.0, 1.0]),
        ],
    };
    let mut v = model(
        &[fault, layer],
        json!([[false, true], [false, false]]),
        4,
        1e-6,
    );
    if finite {
        v["structure"]["stacks"][0]["segmentation_function"] = json!({
            "type": "ellipsoid_3d", "center": [0.0, 0.0, 0.0], "radius": [0.4, 0.4, 0.4],
            "max_slope": 1000.0, "min_slope": 1.0
        });
    }
    v
}

/// The jump of the layer's field across the fault at `y` (and z = 0).
fn jump(v: &Value, y: f64) -> f64 {
    let input = parse(v);
    let cache = WeightsCache::new();
    let device = Default::default();
    let mut interp = Interpolator::<Cpu>::new(&input, &cache, ComputeOptions::default(), &device);
    // Evaluate together with a far point so that every level sees the same extremes.
    let pts = [
        [-0.04, y, 0.0],
        [0.04, y, 0.0],
        [0.5, 0.5, 0.5],
        [-0.5, -0.5, -0.5],
    ];
    let level = interp.evaluate_level(&pts, false).unwrap();
    let z = &level.stacks[1].scalar;
    (z[0] - z[1]).abs()
}

#[test]
fn a_finite_fault_offsets_only_near_its_centre() {
    let (infinite, finite) = (faulted_layer(false), faulted_layer(true));
    let (inf_centre, inf_far) = (jump(&infinite, 0.0), jump(&infinite, 0.45));
    let (fin_centre, fin_far) = (jump(&finite, 0.0), jump(&finite, 0.45));
    // An infinite fault offsets the layer everywhere along strike...
    assert!(
        inf_far > 0.5 * inf_centre,
        "infinite fault: jump {inf_far} far vs {inf_centre} at the centre"
    );
    // ...a finite one near its centre only.
    assert!(
        fin_centre > 0.5 * inf_centre,
        "finite fault keeps its offset at the centre: {fin_centre} vs {inf_centre}"
    );
    assert!(
        fin_far < 0.2 * fin_centre,
        "finite fault: jump {fin_far} far vs {fin_centre} at the centre"
    );
}

#[test]
fn a_gradient_asked_for_before_any_evaluation_solves_its_stack() {
    use strata_dual::GradientField;
    let input = parse(&faulted_layer(false));
    let device = Default::default();
    let points = [[-0.2, 0.1, 0.05], [0.25, -0.1, -0.2], [0.0, 0.3, 0.4]];
    let (first_cache, later_cache) = (WeightsCache::new(), WeightsCache::new());
    let options = ComputeOptions::default();
    let mut first = Interpolator::<Cpu>::new(&input, &first_cache, options, &device);
    let mut later = Interpolator::<Cpu>::new(&input, &later_cache, options, &device);
    // The layer (stack 1) is offset by the fault (stack 0): its system needs the fault's drift.
    let gradient = first.gradient(1, &points).unwrap();
    later.evaluate_level(&points, false).unwrap();
    assert_eq!(gradient, later.gradient(1, &points).unwrap());
    assert!(gradient.iter().all(|g| g.iter().any(|c| *c != 0.0)));
    assert_eq!(first_cache.solves(), 2);
    assert!(matches!(
        first.gradient(2, &points),
        Err(EngineError::NoSuchStack {
            stack: 2,
            n_stacks: 2
        })
    ));
}

#[test]
fn faults_produce_fault_ids_and_no_lithology() {
    let s = run(&faulted_layer(false)).unwrap();
    let level = &s.levels[0];
    assert_eq!(level.stacks[0].relation, StackRelation::Fault);
    assert!(
        level.stacks[0].mask.iter().all(|&m| !m),
        "a fault stack never defines lithology"
    );
    assert!(level.fault_ids.contains(&1) && level.fault_ids.contains(&0));
}

#[test]
fn a_singular_stack_is_an_error_naming_it() {
    // Two surfaces observed at the very same pair of points, no nugget: identical rows.
    let pair = vec![[-0.2, 0.0, 0.0], [0.2, 0.1, 0.0]];
    let stack = StackSpec {
        name: "twins",
        relation: "BASEMENT",
        surfaces: vec![pair.clone(), pair],
        orientations: vec![([0.0, 0.0, 0.0], [0.0, 0.0, 1.0])],
    };
    let e = run(&model(&[stack], Value::Null, 3, 0.0)).unwrap_err();
    assert!(
        matches!(&e, EngineError::Solve { stack, source: SolveError::Singular { .. } } if stack == "twins"),
        "{e}"
    );
    assert!(e.to_string().starts_with("stack 'twins':"), "{e}");
}

/// A `Write` into a shared buffer, to capture the tracing output of a computation.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_ill_conditioned_stack_is_a_warning_naming_it_and_its_condition_number() {
    // Two surfaces observed at almost the same pair of points (1e-7 apart), no nugget.
    let stack = StackSpec {
        name: "near_twins",
        relation: "BASEMENT",
        surfaces: vec![
            vec![[-0.2, 0.0, 0.0], [0.2, 0.1, 0.0]],
            vec![[-0.2, 0.0, 1e-7], [0.2, 0.1, 0.0]],
        ],
        orientations: vec![([0.0, 0.0, 0.0], [0.0, 0.0, 1.0])],
    };
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let solution = tracing::subscriber::with_default(subscriber, || {
        run(&model(&[stack], Value::Null, 3, 0.0))
    })
    .expect("ill-conditioned, not singular");
    let kappa = solution.stacks[0]
        .condition
        .value()
        .expect("the dense solve computes κ");
    assert!(kappa > 1e12, "κ = {kappa:e}");
    assert!(solution.stacks[0].condition.is_ill_conditioned());
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("WARN") && log.contains("stack 'near_twins' is ill-conditioned: κ = "),
        "log: {log}"
    );
    assert_eq!(
        log.matches("ill-conditioned").count(),
        1,
        "one warning: {log}"
    );
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
