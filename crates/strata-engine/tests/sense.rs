//! The checks of geological sense end to end: a clean layered model and a reference case do not
//! warn, the same layered model with every orientation turned over warns of its polarity, and a
//! field that folds back warns of its repeating units, in every column, at the fold.

mod common;

use common::{StackSpec, model, parse};
use serde_json::json;
use strata_data::{EngineInput, LayeredGrid, LayeredModel, Orientations, Point};
use strata_engine::sense::{ColumnAxis, RepeatCause, WarningValue};
use strata_engine::{
    ComputeOptions, Cpu, ModelSolution, ModelWarning, WeightsCache, compute_model_with,
};

fn compute(input: &EngineInput, options: ComputeOptions) -> ModelSolution {
    compute_model_with::<Cpu>(input, &WeightsCache::new(), options, &Default::default())
        .expect("the model computes")
}

fn layered(grid: LayeredGrid) -> EngineInput {
    LayeredModel::new(8, 3).input(grid).expect("valid model")
}

/// `input` with every orientation's gradient negated.
fn turned_over(input: &EngineInput) -> EngineInput {
    let o = input.orientations();
    let gradients: Vec<Point> = o.gradient().iter().map(|g| g.map(|v| -v)).collect();
    let mut input = input.clone();
    input
        .set_orientations(
            Orientations::new(o.xyz().to_vec(), gradients, o.nugget().to_vec()).unwrap(),
        )
        .unwrap();
    input
}

#[test]
fn clean_models_do_not_warn() {
    for grid in [LayeredGrid::Regular(16), LayeredGrid::Octree(4)] {
        let solution = compute(&layered(grid), ComputeOptions::default());
        assert_eq!(solution.warnings, [], "{grid:?}");
    }
    let p02 = strata_test_support::reference_input("p02_model1_two_surfaces");
    assert_eq!(compute(&p02, ComputeOptions::default()).warnings, []);
}

#[test]
fn an_upside_down_stack_warns_of_its_polarity() {
    let input = turned_over(&layered(LayeredGrid::Regular(16)));
    assert_eq!(
        strata_engine::sense::polarity_warnings(&input),
        [ModelWarning::Polarity {
            stack: "layers".into(),
            disagreeing: 9,
            of: 9,
        }]
    );
    let solution = compute(&input, ComputeOptions::default());
    // The model does come out upside down: the top cell of the first column is the oldest unit.
    assert_eq!(solution.levels[0].ids[15], 3);
    assert_eq!(solution.levels[0].ids[0], 1);
    // Reversed but in order along its own gradient: only the polarity check fires.
    assert_eq!(solution.warnings.len(), 1);
    let warning = &solution.warnings[0];
    assert_eq!(warning.code(), "polarity");
    let message = warning.to_string();
    assert!(message.starts_with("stack 'layers': 9 of 9 orientations point the other way"));
    assert!(message.ends_with("flip their polarity or reverse the order of the surfaces"));
    // Turned off, no check runs.
    let quiet = compute(&input, ComputeOptions::default().with_checks(false));
    assert_eq!(quiet.warnings, []);
}

/// One surface picked at two depths, `z = ∓0.2`, with one orientation pointing up between
/// them: the field rises through the lower picks and must fall back through the upper ones, so
/// the unit below the surface comes back above the one above it in every column.
fn folded(res: usize) -> EngineInput {
    let lattice = |z: f64| -> Vec<Point> {
        let at = [-0.35, 0.0, 0.35];
        at.iter()
            .flat_map(|&x| at.iter().map(move |&y| [x, y, z]))
            .collect()
    };
    let mut picks = lattice(-0.2);
    picks.extend(lattice(0.2));
    let stack = StackSpec {
        name: "folded",
        relation: "BASEMENT",
        surfaces: vec![picks],
        orientations: vec![([0.0, 0.0, 0.0], [0.0, 0.0, 1.0])],
    };
    parse(&model(&[stack], json!(null), res, 1e-6))
}

#[test]
fn a_field_that_folds_back_warns_of_repeating_units() {
    let res = 10;
    let solution = compute(&folded(res), ComputeOptions::default());
    let ids = &solution.levels[0].ids;
    // Every column, bottom to top, leaves the unit below the surface (2) and comes back to it:
    // the field oscillates through the picks' iso-value (the first column: 1 1 1 2 2 1 1 2 2 2).
    // Where it first comes back above the younger unit (1):
    let first_rise = |c: usize| -> Option<usize> {
        let column = &ids[c * res..(c + 1) * res];
        (1..res).find(|&k| column[k] > column[k - 1])
    };
    assert!((0..res * res).all(|c| first_rise(c).is_some()));
    assert_eq!(solution.warnings.len(), 1, "{:?}", solution.warnings);
    let ModelWarning::UnitRepeats {
        stack,
        columns,
        of_columns,
        direction,
        examples,
        cause,
    } = &solution.warnings[0]
    else {
        panic!("{:?}", solution.warnings[0]);
    };
    assert_eq!(stack, "folded");
    assert_eq!((*columns, *of_columns), (res * res, res * res));
    assert_eq!(*direction, ColumnAxis::UP);
    assert_eq!(*cause, RepeatCause::Folding);
    // Examples: that cell of the first, a middle and the last column (identity transform:
    // world = engine; the grid's extent carries gempy's 1e-6 shift).
    let centre = |i: usize| -0.5 + (i as f64 + 0.5) / res as f64;
    assert_eq!(examples.len(), 3);
    for (got, c) in examples.iter().zip([0, 49, 99]) {
        let want = [
            centre(c / res),
            centre(c % res),
            centre(first_rise(c).unwrap()),
        ];
        for a in 0..3 {
            assert!((got[a] - want[a]).abs() < 1e-5, "{got:?} vs {want:?}");
        }
    }
    let warning = &solution.warnings[0];
    assert_eq!(warning.code(), "unit_repeats");
    let fields = warning.fields();
    assert_eq!(fields[1], ("columns", WarningValue::Count(100)));
    assert_eq!(fields[3], ("direction", WarningValue::Text("+z".into())));
    let message = warning.to_string();
    assert!(
        message.starts_with(
            "stack 'folded': a unit repeats or lies above a younger one in 100 of 100 columns \
             along +z (100.0 %), e.g. at (-0.45, -0.45, -0.15)"
        ),
        "{message}"
    );
    assert!(message.contains("add orientations or set estimate_orientations = true"));
}
