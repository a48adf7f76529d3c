//! Properties of whole models that hold for any data.

mod common;

use common::{StackSpec, folded_surface, model, parse};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use strata_engine::{
    ComputeOptions, Cpu, StoreError, Weights, WeightsCache, WeightsKey, WeightsStore,
    compute_model_with,
};

fn run(v: &Value) -> strata_engine::ModelSolution {
    compute_model_with::<Cpu>(
        &parse(v),
        &WeightsCache::new(),
        ComputeOptions::default(),
        &Default::default(),
    )
    .expect("model computes")
}

fn two_layers(shift: [f64; 3], fold: f64, dip: f64) -> Value {
    let t = |p: [f64; 3]| [p[0] + shift[0], p[1] + shift[1], p[2] + shift[2]];
    let stack = StackSpec {
        name: "s",
        relation: "BASEMENT",
        surfaces: vec![
            folded_surface(0.15, fold).into_iter().map(t).collect(),
            folded_surface(-0.15, fold).into_iter().map(t).collect(),
        ],
        orientations: vec![
            (t([0.0, 0.0, 0.0]), [dip, 0.0, 1.0]),
            (t([0.3, 0.1, 0.2]), [0.0, dip, 1.0]),
        ],
    };
    let mut v = model(&[stack], Value::Null, 6, 1e-6);
    let e = v["grid"]["octree_grid"]["extent"]
        .as_array()
        .unwrap()
        .clone();
    let moved: Vec<f64> = e
        .iter()
        .enumerate()
        .map(|(i, x)| x.as_f64().unwrap() + shift[i / 2])
        .collect();
    v["grid"]["octree_grid"]["extent"] = json!(moved);
    v
}

proptest! {
    #![proptest_config(config(24))]

    /// Moving data and grid together moves the field with them: up to the constant the linear
    /// drift adds (which moves the iso-values alike), `Z'(x + t) − e'_0 = Z(x) − e_0`.
    ///
    /// Bound: translating rounds every coordinate once (`|δx| ≤ u(|x| + |t|) ≤ 4u`), so every
    /// difference of points moves by `≤ 8u` and every kernel value by `≤ 8u·max|K'| ≤ 80u`
    /// (`|K'(r)| ≤ 14/a < 10` on `r ≤ a` for the cubic of range `a = √3` of these models). The solve
    /// amplifies that perturbation of `A` (entries of order 1) by `κ₁(A)`, asserted `≤ 1e5`
    /// (two layers of 8 points 0.25 apart, nuggets 1e-6), and the field sums at most 20 such
    /// terms of magnitude `≤ scale`: `|ΔZ| ≤ 20·κ₁·80u·scale`.
    #[test]
    fn field_is_translation_invariant(tx in -3.0f64..3.0, ty in -3.0f64..3.0, tz in -3.0f64..3.0,
                                      fold in -0.5f64..0.5, dip in -0.3f64..0.3) {
        let a = run(&two_layers([0.0; 3], fold, dip));
        let b = run(&two_layers([tx, ty, tz], fold, dip));
        let (za, zb) = (&a.levels[0].stacks[0].scalar, &b.levels[0].stacks[0].scalar);
        let (ea, eb) = (a.stacks[0].interface_values[0], b.stacks[0].interface_values[0]);
        let scale = za.iter().fold(0.0f64, |m, z| m.max(z.abs()));
        // A dense solve computes κ; were it not computed, ∞ fails the assumption below.
        let kappa_of = |s: &strata_engine::ModelSolution| s.stacks[0].condition.value().unwrap_or(f64::INFINITY);
        let kappa = kappa_of(&a).max(kappa_of(&b));
        prop_assert!(kappa <= 1e5, "κ₁ = {:e} outside the bound's assumption", kappa);
        let bound = 20.0 * kappa * 80.0 * (f64::EPSILON / 2.0) * scale;
        for (x, y) in za.iter().zip(zb) {
            prop_assert!(((x - ea) - (y - eb)).abs() <= bound, "{} vs {} (bound {})", x - ea, y - eb, bound);
        }
    }

    /// With tiny nuggets every point of a surface gets the surface's iso-value, up to what the
    /// nugget allows: interface row `k` of `A w = 0` reads `(Z(r_k) − Z(q_k)) + c_o·η·w_k = 0`
    /// (the field's interface terms carry the same `c_o·i_res` and drift scales as the row), so
    /// `|Z(r_k) − e| = c_o·η·|w_k|`, plus the rounding of a sum of ~30 terms of size ≤ the
    /// spread (`64u·spread`).
    #[test]
    fn points_of_a_surface_share_one_value(fold in -0.5f64..0.5, dip in -0.3f64..0.3) {
        let s = run(&two_layers([0.0; 3], fold, dip));
        let sys = &s.stacks[0];
        let spread = (sys.interface_values[0] - sys.interface_values[1]).abs();
        let (c_o, nugget) = (0.07142857142857141, 1e-6);
        let w_rest = &sys.weights[3 * 2..3 * 2 + 14];
        let misfit = c_o * nugget * w_rest.iter().fold(0.0f64, |m, w| m.max(w.abs()));
        let bound = misfit + 64.0 * (f64::EPSILON / 2.0) * spread;
        for (p, z) in sys.field_at_surface_points.iter().enumerate() {
            let e = sys.interface_values[p / 8];
            prop_assert!((z - e).abs() <= bound, "point {}: {} vs {} (bound {:e})", p, z, e, bound);
        }
    }
}

#[test]
fn a_second_run_solves_nothing() {
    let v = two_layers([0.0; 3], 0.2, 0.1);
    let input = parse(&v);
    let cache = WeightsCache::new();
    let device = Default::default();
    let first =
        compute_model_with::<Cpu>(&input, &cache, ComputeOptions::default(), &device).unwrap();
    assert_eq!(cache.solves(), 1);
    let second =
        compute_model_with::<Cpu>(&input, &cache, ComputeOptions::default(), &device).unwrap();
    assert_eq!(cache.solves(), 1, "the second run must come from the cache");
    assert_eq!(
        first.levels[0].stacks[0].scalar,
        second.levels[0].stacks[0].scalar
    );

    // Any change of input is a new key.
    let mut changed = v.clone();
    changed["surface_points"]["nugget"][3] = json!(2e-6);
    compute_model_with::<Cpu>(&parse(&changed), &cache, ComputeOptions::default(), &device)
        .unwrap();
    assert_eq!(cache.solves(), 2);
}

/// A store shared between caches, as a directory is between processes.
#[derive(Debug, Default, Clone)]
struct SharedStore(Arc<Mutex<HashMap<WeightsKey, Weights>>>);

impl WeightsStore for SharedStore {
    fn load(&self, key: &WeightsKey) -> Option<Weights> {
        self.0.lock().unwrap().get(key).cloned()
    }

    fn save(&self, key: &WeightsKey, weights: &Weights) -> Result<(), StoreError> {
        self.0.lock().unwrap().insert(*key, weights.clone());
        Ok(())
    }
}

#[test]
fn a_store_serves_a_second_cache() {
    let input = parse(&two_layers([0.0; 3], 0.1, 0.0));
    let device = Default::default();
    let store = SharedStore::default();
    let first = WeightsCache::new().with_store(store.clone());
    let a = compute_model_with::<Cpu>(&input, &first, ComputeOptions::default(), &device).unwrap();
    assert_eq!(first.solves(), 1);
    let second = WeightsCache::new().with_store(store);
    let b = compute_model_with::<Cpu>(&input, &second, ComputeOptions::default(), &device).unwrap();
    assert_eq!(second.solves(), 0, "weights read back from the store");
    assert_eq!(a.stacks[0].weights, b.stacks[0].weights);
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
