//! The bench cases (`benches/data/CASE/input.json`) and their kernel-evaluation counts.
//!
//! **One kernel evaluation** is one (evaluation point, data point) term of a stack's scalar
//! field without gradient: the covariance between the point and one orientation, or between
//! the point and one distinct surface-point position (the field's rest − reference differences
//! reuse the positions). A stack with `n_ori` orientations and `n_pos` distinct surface-point
//! positions therefore costs `n_ori + n_pos` evaluations per point, and a case costs
//!
//! `evaluations = Σ_levels n_all_points(level) × Σ_stacks (n_ori + n_pos)`,
//!
//! with `n_all_points` the points of each octree level (cell centres + corners) that `strata`
//! writes into `result.json`. Not counted: the solve, the evaluation at the surface points
//! themselves (the interface values) and the evaluations that dual contouring adds.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One bench case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The folder name, e.g. `b_model1_octree5_dc`.
    pub name: String,
    /// Its `input.json`.
    pub input: PathBuf,
    /// Per stack, the data points one evaluation point is paired with (`n_ori + n_pos`).
    pub data_points_per_stack: Vec<u64>,
}

/// Every `DIR/*/input.json`, sorted by case name.
pub fn discover(dir: &Path) -> Result<Vec<Case>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut inputs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path().join("input.json"))
        .filter(|p| p.is_file())
        .collect();
    inputs.sort();
    inputs.iter().map(|p| Case::read(p)).collect()
}

impl Case {
    /// Reads the case's input.json.
    pub fn read(input: &Path) -> Result<Case, String> {
        let json = read_json(input)?;
        let name = input
            .parent()
            .and_then(Path::file_name)
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let data_points_per_stack = data_points_per_stack(&json)
            .ok_or_else(|| format!("{}: unexpected structure", input.display()))?;
        Ok(Case {
            name,
            input: input.to_path_buf(),
            data_points_per_stack,
        })
    }

    /// The kernel evaluations of a run whose `result.json` is `result` (module docs).
    pub fn evaluations(&self, result: &Path) -> Result<u64, String> {
        let points: u64 = read_json(result)?["octree_levels"]
            .as_array()
            .ok_or_else(|| format!("{}: no octree_levels", result.display()))?
            .iter()
            .filter_map(|level| level["n_all_points"].as_u64())
            .sum();
        Ok(points * self.data_points_per_stack.iter().sum::<u64>())
    }
}

/// `n_ori + n_pos` of every stack; stacks own consecutive runs of points and orientations.
fn data_points_per_stack(json: &Value) -> Option<Vec<u64>> {
    let points = json["surface_points"]["xyz"].as_array()?;
    let (mut p0, mut o0) = (0, 0);
    let mut per_stack = Vec::new();
    for stack in json["structure"]["stacks"].as_array()? {
        let n_points = usize::try_from(stack["number_of_points"].as_u64()?).ok()?;
        let n_ori = stack["number_of_orientations"].as_u64()?;
        let positions = distinct_positions(points.get(p0..p0 + n_points)?);
        per_stack.push(n_ori + positions);
        p0 += n_points;
        o0 += n_ori;
    }
    (o0 as usize == json["orientations"]["xyz"].as_array()?.len()).then_some(per_stack)
}

/// How many different `[x, y, z]` there are among `points` (compared bit for bit).
fn distinct_positions(points: &[Value]) -> u64 {
    let keys: HashSet<Vec<u64>> = points
        .iter()
        .map(|p| {
            p.as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_f64)
                .map(f64::to_bits)
                .collect()
        })
        .collect();
    keys.len() as u64
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn counts_orientations_and_distinct_positions_per_stack() {
        let input = json!({
            "surface_points": {"xyz": [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0], [2.0, 0.0, 0.0]]},
            "orientations": {"xyz": [[0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]},
            "structure": {"stacks": [
                {"number_of_points": 3, "number_of_orientations": 2},
                {"number_of_points": 1, "number_of_orientations": 1}
            ]}
        });
        assert_eq!(data_points_per_stack(&input), Some(vec![2 + 2, 1 + 1]));
    }

    #[test]
    fn the_bench_cases_are_readable() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../benches/data");
        let cases = discover(&dir).unwrap();
        let moureze = cases
            .iter()
            .find(|c| c.name == "d_moureze_octree5_dc")
            .unwrap();
        assert_eq!(moureze.data_points_per_stack, vec![85 + 345]);
    }
}
