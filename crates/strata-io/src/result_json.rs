//! Writes a [`ModelSolution`] in the result schema of the reference cases: `result.json` with
//! array descriptors, large arrays as raw little-endian `.bin` files beside it.

use std::path::Path;

use serde_json::{Value, json};
use strata_data::{EngineInput, Point, Transform};
use strata_engine::sense::WarningValue;
use strata_engine::{GeophysicsSolution, Mesh, ModelSolution, PointSlices};

use crate::atomic_write::write_atomically;
use crate::{ArrayData, ArrayDescriptor, IoError};

/// Arrays with at most this many values are written inline.
const INLINE_MAX: usize = 64;

/// Which optional arrays to write.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct ResultOptions {
    /// Write each stack's kernel matrix `A`.
    pub kernel_matrix: bool,
    /// Write points, mesh vertices, bounding boxes and areas in world coordinates (through the
    /// input's transform) instead of engine coordinates.
    pub world_coordinates: bool,
}

impl ResultOptions {
    /// These options, writing each stack's kernel matrix or not.
    pub const fn with_kernel_matrix(self, kernel_matrix: bool) -> Self {
        Self {
            kernel_matrix,
            ..self
        }
    }

    /// These options, in world coordinates or engine coordinates.
    pub const fn with_world_coordinates(self, world_coordinates: bool) -> Self {
        Self {
            world_coordinates,
            ..self
        }
    }
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

    fn array(&self, file: &str, shape: Vec<usize>, data: ArrayData) -> Result<Value, IoError> {
        let len: usize = shape.iter().product();
        let descriptor = if len <= INLINE_MAX {
            ArrayDescriptor::inline(shape, &data)
        } else {
            ArrayDescriptor::write_bin(self.dir, file, shape, &data)?
        };
        Ok(serde_json::to_value(descriptor).expect("descriptor serialises"))
    }

    fn f64s(&self, file: &str, shape: Vec<usize>, v: &[f64]) -> Result<Value, IoError> {
        self.array(file, shape, ArrayData::F64(v.to_vec()))
    }

    fn points(&self, file: &str, v: &[Point]) -> Result<Value, IoError> {
        let flat: Vec<f64> = v.iter().flat_map(|&p| self.coord(p)).collect();
        self.f64s(file, vec![v.len(), 3], &flat)
    }

    fn i32s(&self, file: &str, v: Vec<i32>) -> Result<Value, IoError> {
        self.array(file, vec![v.len()], ArrayData::I32(v))
    }
}

/// The `meshes` entry: `null` without mesh extraction, else per surface its vertices,
/// triangles, counts, bounding box and area.
fn meshes(w: &Writer<'_>, input: &EngineInput, solution: &ModelSolution) -> Result<Value, IoError> {
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
            .map_err(|_| IoError::Output {
                file: "result.json".into(),
                problem: format!("mesh {m}: vertex index beyond int32"),
            })?;
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

/// The `slices` of a level: octree, dense (always empty), custom and corners, plus — as the
/// reference writes them only for inputs with a topography or a centred grid — topography,
/// sections (always empty) and centered.
fn slices(input: &EngineInput, s: &PointSlices, cells: usize) -> Value {
    let range = |r: &std::ops::Range<usize>| json!([r.start, r.end]);
    let mut out = json!({
        "octree": range(&s.octree),
        "dense": [cells, cells],
        "custom": range(&s.custom),
        "corners": range(&s.corners),
    });
    let grids = input.extra_grids();
    if !grids.topography.is_empty() || grids.centered.is_some() {
        out["topography"] = range(&s.topography);
        out["sections"] = json!([s.topography.end, s.topography.end]);
        out["centered"] = range(&s.centered);
    }
    out
}

/// `{"1": count, …}`: how many of `ids` carry each id, in increasing order of id.
fn histogram(ids: &[i32]) -> Value {
    let mut counts = std::collections::BTreeMap::new();
    for &id in ids {
        *counts.entry(id).or_insert(0usize) += 1;
    }
    Value::Object(
        counts
            .into_iter()
            .map(|(id, n)| (id.to_string(), json!(n)))
            .collect(),
    )
}

/// `max |soft − rint(soft)|`: 0 when no point lies within the sigmoid's width of a surface.
fn max_soft_deviation(soft: &[f64]) -> f64 {
    soft.iter()
        .map(|v| (v - v.round_ties_even()).abs())
        .fold(0.0, f64::max)
}

/// The `grids` entry: per extra grid of level 0 (custom points, topography) its points, every
/// stack's field, the final block (soft ids: gempy's `raw_arrays.custom` /
/// `raw_arrays.geological_map`) and the ids.
fn extra_grids(w: &Writer<'_>, solution: &ModelSolution) -> Result<Value, IoError> {
    let Some(level) = solution.levels.first() else {
        return Ok(Value::Null);
    };
    let mut grids = serde_json::Map::new();
    let named = [
        (
            "custom",
            &level.slices.custom,
            "Solutions.raw_arrays.custom",
        ),
        (
            "topography",
            &level.slices.topography,
            "Solutions.raw_arrays.geological_map",
        ),
    ];
    for (name, range, gempy_name) in named {
        if range.is_empty() {
            continue;
        }
        let soft = level
            .stacks
            .last()
            .map_or(&[][..], |s| &s.final_block[range.clone()]);
        let ids = &level.ids[range.clone()];
        let mut entry = json!({
            "n_points": range.len(),
            "slice": [range.start, range.end],
            "xyz": w.points(&format!("{name}_xyz.bin"), &level.xyz[range.clone()])?,
            "final_block": w.f64s(&format!("{name}_final_block.bin"), vec![range.len()], soft)?,
            "ids": w.i32s(&format!("{name}_ids.bin"), ids.to_vec())?,
            "id_histogram": histogram(ids),
            "max_abs_soft_id_deviation": max_soft_deviation(soft),
            "gempy_name": gempy_name,
        });
        for (k, stack) in level.stacks.iter().enumerate() {
            entry[format!("S{k}_scalar")] = w.f64s(
                &format!("{name}_S{k}_scalar.bin"),
                vec![range.len()],
                &stack.scalar[range.clone()],
            )?;
        }
        grids.insert(name.into(), entry);
    }
    Ok(Value::Object(grids))
}

/// The `geophysics` entry: the survey's grid and kernels, the ids at its voxels and the
/// gravity and magnetics per device.
fn geophysics(
    w: &Writer<'_>,
    solution: &ModelSolution,
    survey: &GeophysicsSolution,
) -> Result<Value, IoError> {
    let level = &solution.levels[0];
    let range = level.slices.centered.clone();
    let kernel = survey.grid.kernel();
    let (devices, voxels) = (survey.grid.n_devices(), kernel.n_voxels());
    let soft = level
        .stacks
        .last()
        .map_or(&[][..], |s| &s.final_block[range.clone()]);
    let flat = |v: &[Point]| -> Vec<f64> { v.iter().flatten().copied().collect() };
    let engine_xyz = flat(&level.xyz[range.clone()]);
    let mut entry = json!({
        "n_devices": devices,
        "n_voxels_per_device": voxels,
        "slice": [range.start, range.end],
        "centered_grid_xyz_engine": w.f64s("geo_centered_xyz_engine.bin", vec![range.len(), 3], &engine_xyz)?,
        "kernel_grid_centers_world": w.f64s("geo_kernel_centers_world.bin", vec![voxels, 3], &flat(kernel.centers()))?,
        "left_voxel_edges_world": w.f64s("geo_left_edges_world.bin", vec![voxels, 3], &flat(kernel.left_half_widths()))?,
        "right_voxel_edges_world": w.f64s("geo_right_edges_world.bin", vec![voxels, 3], &flat(kernel.right_half_widths()))?,
        "final_block": w.f64s("geo_final_block.bin", vec![devices, voxels], soft)?,
        "ids": w.array("geo_ids.bin", vec![devices, voxels], ArrayData::I32(survey.ids.clone()))?,
        "id_histogram_per_device": survey.ids.chunks(voxels.max(1)).map(histogram).collect::<Vec<_>>(),
        "max_abs_soft_id_deviation": max_soft_deviation(soft),
    });
    if let Some(gravity) = &survey.gravity {
        let tz = survey.kernels.gravity_kernel().tz();
        entry["tz"] = w.f64s("geo_tz.bin", vec![voxels], tz)?;
        entry["tz_sum"] = json!(tz.iter().sum::<f64>());
        entry["gravity"] = w.f64s("geo_gravity.bin", vec![devices], gravity)?;
    }
    if let (Some(magnetics), Some(kernel)) = (&survey.magnetics, survey.kernels.magnetic_kernel()) {
        let tmi = kernel.tmi_kernel();
        entry["tmi_kernel"] = w.f64s("geo_tmi_kernel.bin", vec![voxels], tmi)?;
        entry["tmi_kernel_sum"] = json!(tmi.iter().sum::<f64>());
        entry["field_direction"] = json!(kernel.igrf().field_direction());
        entry["magnetics"] = w.f64s("geo_magnetics.bin", vec![devices], magnetics)?;
    }
    Ok(entry)
}

/// The `warnings` entry: per check of geological sense that failed, `code`, `message` and its
/// fields (positions in world coordinates).
fn warnings(solution: &ModelSolution) -> Value {
    let entries = solution.warnings.iter().map(|warning| {
        let mut entry = serde_json::Map::new();
        entry.insert("code".into(), json!(warning.code()));
        entry.insert("message".into(), json!(warning.to_string()));
        for (name, value) in warning.fields() {
            let value = match value {
                WarningValue::Text(text) => json!(text),
                WarningValue::Count(n) => json!(n),
                WarningValue::Points(points) => json!(points),
                _ => Value::Null,
            };
            entry.insert(name.into(), value);
        }
        Value::Object(entry)
    });
    Value::Array(entries.collect())
}

/// Writes `dir/result.json` and its `.bin` files, with the forward response of the survey
/// when there is one. `dir` must exist.
pub fn write_result(
    dir: &Path,
    input: &EngineInput,
    solution: &ModelSolution,
    survey: Option<&GeophysicsSolution>,
    options: ResultOptions,
) -> Result<(), IoError> {
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
                // `null` when not computed (the matrix-free solve).
                entry["condition_number"] = json!(sys.condition.value());
                entry["condition_number_kind"] = json!(sys.condition.kind().name());
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
                if let (true, Some(matrix)) = (options.kernel_matrix, &sys.matrix) {
                    entry["kernel_matrix"] = w.f64s(&format!("S{s}_A.bin"), vec![k, k], matrix)?;
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
            "slices": slices(input, &level.slices, cells),
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
        "grids": extra_grids(&w, solution)?,
        "geophysics": survey.map(|s| geophysics(&w, solution, s)).transpose()?,
        "warnings": warnings(solution),
    });
    let text = serde_json::to_string_pretty(&result).expect("result serialises");
    write_atomically(&dir.join("result.json"), |out| {
        out.write_all(text.as_bytes())
    })
}
