//! Writes a [`ModelSolution`] in the result schema of the reference cases: `result.json` with
//! array descriptors, large arrays as raw little-endian `.bin` files beside it.

use std::path::Path;

use serde_json::{Value, json};
use strata_data::{ArrayData, ArrayDescriptor, ArrayError, EngineInput, Point, Transform};
use strata_engine::{Mesh, ModelSolution};

/// Arrays with at most this many values are written inline.
const INLINE_MAX: usize = 64;

/// Which optional arrays to write.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResultOptions {
    /// Write each stack's kernel matrix `A`.
    pub kernel_matrix: bool,
    /// Write points, mesh vertices, bounding boxes and areas in world coordinates (through the
    /// input's transform) instead of engine coordinates.
    pub world_coordinates: bool,
}

struct Writer<'a> {
    dir: &'a Path,
    /// The transform to world coordinates, when asked for.
    world: Option<&'a Transform>,
}

impl Writer<'_> {
    /// A point in the output's coordinates.
    fn coord(&self, p: Point) -> Point {
        self.world.map_or(p, |t| t.to_world(p))
    }

    /// The area of a mesh in the output's units: scaled by `scale²`, or under a per-axis
    /// transform the area of its triangles mapped to world coordinates.
    fn area(&self, mesh: &Mesh) -> f64 {
        match self.world {
            None => mesh.area(),
            Some(t) if t.is_isotropic() => mesh.area() * t.scale() * t.scale(),
            Some(t) => Mesh {
                vertices: mesh.vertices.iter().map(|&p| t.to_world(p)).collect(),
                ..mesh.clone()
            }
            .area(),
        }
    }

    fn array(&self, file: &str, shape: Vec<usize>, data: ArrayData) -> Result<Value, ArrayError> {
        let len: usize = shape.iter().product();
        let descriptor = if len <= INLINE_MAX {
            ArrayDescriptor::inline(shape, &data)
        } else {
            ArrayDescriptor::write_bin(self.dir, file, shape, &data)?
        };
        Ok(serde_json::to_value(descriptor).expect("descriptor serialises"))
    }

    fn f64s(&self, file: &str, shape: Vec<usize>, v: &[f64]) -> Result<Value, ArrayError> {
        self.array(file, shape, ArrayData::F64(v.to_vec()))
    }

    fn points(&self, file: &str, v: &[Point]) -> Result<Value, ArrayError> {
        let flat: Vec<f64> = v.iter().flat_map(|&p| self.coord(p)).collect();
        self.f64s(file, vec![v.len(), 3], &flat)
    }

    fn i32s(&self, file: &str, v: Vec<i32>) -> Result<Value, ArrayError> {
        self.array(file, vec![v.len()], ArrayData::I32(v))
    }
}

/// The `meshes` entry: `null` without mesh extraction, else per surface its vertices,
/// triangles, counts, bounding box and area.
fn meshes(
    w: &Writer<'_>,
    input: &EngineInput,
    solution: &ModelSolution,
) -> Result<Value, ArrayError> {
    if !input.evaluation().mesh_extraction {
        return Ok(Value::Null);
    }
    let structure = input.structure();
    let mut out = Vec::with_capacity(solution.meshes.len());
    for (m, mesh) in solution.meshes.iter().enumerate() {
        let surface = structure.surface_range(mesh.stack).start + mesh.surface;
        let triangles = mesh
            .triangles
            .iter()
            .flatten()
            .map(|&i| i32::try_from(i))
            .collect::<Result<Vec<i32>, _>>()
            .map_err(|_| ArrayError::Invalid(format!("mesh {m}: vertex index beyond int32")))?;
        let (bbox_min, bbox_max) = match mesh.bounding_box() {
            Some((lo, hi)) => (json!(w.coord(lo)), json!(w.coord(hi))),
            None => (Value::Null, Value::Null),
        };
        out.push(json!({
            "mesh": m,
            "surface": structure.surfaces()[surface].name,
            "stack": structure.stacks()[mesh.stack].name,
            "n_vertices": mesh.vertices.len(),
            "n_triangles": mesh.triangles.len(),
            "bbox_min": bbox_min,
            "bbox_max": bbox_max,
            "total_area": w.area(mesh),
            "vertices": w.points(&format!("mesh{m}_vertices.bin"), &mesh.vertices)?,
            "triangles": w.array(
                &format!("mesh{m}_triangles.bin"),
                vec![mesh.triangles.len(), 3],
                ArrayData::I32(triangles),
            )?,
        }));
    }
    Ok(Value::Array(out))
}

/// Writes `dir/result.json` and its `.bin` files. `dir` must exist.
pub fn write_result(
    dir: &Path,
    input: &EngineInput,
    solution: &ModelSolution,
    options: ResultOptions,
) -> Result<(), ArrayError> {
    let w = Writer {
        dir,
        world: options.world_coordinates.then(|| input.transform()),
    };
    let mut levels = Vec::new();
    for (l, level) in solution.levels.iter().enumerate() {
        let n = level.xyz.len();
        let mut stacks = Vec::new();
        for (s, st) in level.stacks.iter().enumerate() {
            let p = format!("L{l}_S{s}");
            let mut entry = json!({
                "stack": s,
                "relation": st.relation.name(),
                "scalar_field": w.f64s(&format!("{p}_scalar.bin"), vec![n], &st.scalar)?,
                "values_block": w.f64s(&format!("{p}_values_block.bin"), vec![1, n], &st.values_block)?,
                "mask": w.i32s(&format!("{p}_mask.bin"), st.mask.iter().map(|&b| i32::from(b)).collect())?,
                "final_block": w.f64s(&format!("{p}_final_block.bin"), vec![n], &st.final_block)?,
                "faults_block": w.f64s(&format!("{p}_faults_block.bin"), vec![n], &st.faults_block)?,
            });
            if let Some(g) = &st.gradient {
                entry["gradient"] = w.points(&format!("{p}_gradient.bin"), g)?;
            }
            if l == 0 {
                let sys = &solution.stacks[s];
                let k = sys.size;
                entry["weights"] = w.f64s(&format!("S{s}_weights.bin"), vec![k], &sys.weights)?;
                entry["b_vector"] = w.f64s(&format!("S{s}_b.bin"), vec![k], &sys.rhs)?;
                entry["condition_number"] = json!(sys.condition_number);
                entry["condition_number_kind"] = json!(sys.condition_kind.name());
                entry["scalar_field_at_surface_points"] = w.f64s(
                    &format!("S{s}_interface_values.bin"),
                    vec![sys.interface_values.len()],
                    &sys.interface_values,
                )?;
                entry["scalar_field_at_all_surface_points"] = w.f64s(
                    &format!("S{s}_field_at_surface_points.bin"),
                    vec![sys.field_at_surface_points.len()],
                    &sys.field_at_surface_points,
                )?;
                if options.kernel_matrix {
                    entry["kernel_matrix"] =
                        w.f64s(&format!("S{s}_A.bin"), vec![k, k], &sys.matrix)?;
                }
            }
            stacks.push(entry);
        }
        let grid = &solution.octree[l];
        let cells = grid.len();
        levels.push(json!({
            "level": l,
            "octree_grid_resolution": grid.resolution(),
            "n_octree_points": cells,
            "n_all_points": n,
            "slices": {
                "octree": [0, cells],
                "dense": [cells, cells],
                "custom": [cells, cells],
                "corners": [cells, n],
            },
            "xyz": w.points(&format!("L{l}_xyz.bin"), &level.xyz)?,
            "ids": w.i32s(&format!("L{l}_ids.bin"), level.ids.clone())?,
            "fault_ids": w.i32s(&format!("L{l}_fault_ids.bin"), level.fault_ids.clone())?,
            "stacks": stacks,
        }));
    }
    let interface_values = solution.interface_values();
    let t = input.transform();
    let result = json!({
        "schema_version": 1,
        "engine": format!("strata {}", env!("CARGO_PKG_VERSION")),
        "transform": {
            "type": "center_scale",
            "center": t.center(),
            "scale": if t.is_isotropic() { json!(t.scale()) } else { json!(t.axis_scales()) },
        },
        "coordinates": if options.world_coordinates { "world" } else { "engine" },
        "octree_levels": levels,
        "scalar_field_at_surface_points_all_stacks":
            w.f64s("interface_values_all_stacks.bin", vec![interface_values.len()], &interface_values)?,
        "meshes": meshes(&w, input, solution)?,
    });
    let path = dir.join("result.json");
    let text = serde_json::to_string_pretty(&result).expect("result serialises");
    std::fs::write(&path, text).map_err(|source| ArrayError::Io {
        file: path.display().to_string(),
        source,
    })
}
