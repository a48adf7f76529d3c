//! Small models for the engine's tests, written as engine-level JSON and parsed by the same
//! reader as the reference cases.

#![allow(dead_code)]

use serde_json::{Value, json};
use strata_data::{EngineInput, Point};
use strata_io::engine_json;

/// One stack of a test model.
pub struct StackSpec {
    pub name: &'static str,
    pub relation: &'static str,
    /// Points per surface, surface by surface.
    pub surfaces: Vec<Vec<Point>>,
    /// (position, gradient) per orientation.
    pub orientations: Vec<(Point, Point)>,
}

/// A model over `[-0.5, 0.5]³` with a `res³` grid, cubic kernel, linear drift.
pub fn model(stacks: &[StackSpec], fault_relations: Value, res: usize, nugget: f64) -> Value {
    let mut xyz = vec![];
    let mut names = vec![];
    let mut counts = vec![];
    let mut ori_xyz = vec![];
    let mut ori_g = vec![];
    let mut stack_json = vec![];
    for st in stacks {
        let mut surface_names = vec![];
        for (k, s) in st.surfaces.iter().enumerate() {
            let name = format!("{}_{k}", st.name);
            names.push(name.clone());
            surface_names.push(name);
            counts.push(s.len());
            xyz.extend(s.iter().copied());
        }
        for (p, g) in &st.orientations {
            ori_xyz.push(*p);
            ori_g.push(*g);
        }
        stack_json.push(json!({
            "name": st.name, "relation": st.relation, "surfaces": surface_names,
            "number_of_orientations": st.orientations.len(), "segmentation_function": null,
        }));
    }
    let n_surf = names.len();
    json!({
        "surface_points": {"xyz": xyz, "nugget": vec![nugget; xyz.len()]},
        "orientations": {"xyz": ori_xyz, "gradient": ori_g, "nugget": vec![0.01; ori_xyz.len()]},
        "structure": {"surface_names": names, "number_of_points_per_surface": counts,
                      "stacks": stack_json, "fault_relations": fault_relations},
        "unit_values": (1..=n_surf + 1).collect::<Vec<_>>(),
        "kernel_options": {"kernel_function": "cubic", "range": 1.7320508075688772,
                           "c_o": 0.07142857142857141, "uni_degree": 1},
        "evaluation_options": {"compute_scalar_gradient": true},
        "grid": {"octree_grid": {"extent": [-0.5, 0.5, -0.5, 0.5, -0.5, 0.5], "resolution": [res, res, res]}},
    })
}

/// Parses a model built by [`model`].
pub fn parse(v: &Value) -> EngineInput {
    engine_json::parse(&v.to_string(), "test.json").expect("valid test model")
}

/// A gently folded layer: points of surface `z0` on `z = z0 + a·x²`.
pub fn folded_surface(z0: f64, a: f64) -> Vec<Point> {
    let mut pts = vec![];
    for &x in &[-0.4, -0.15, 0.1, 0.35] {
        for &y in &[-0.3, 0.3] {
            pts.push([x, y, z0 + a * x * x]);
        }
    }
    pts
}
