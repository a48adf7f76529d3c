//! The engine-level `input.json` of the gempy_engine reference cases (schema version 1).
//!
//! [`parse`] turns the JSON text into a validated [`EngineInput`]; every error names the file
//! and, for syntax and type errors, the line and column. Every key of the reference README is
//! accepted (the documentation keys — `case`, `description`, `original`, `tolerances`, … —
//! are read and ignored); any other key is an error naming it, so a misspelt or unsupported
//! key never leaves a model computed as if it were absent.

use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;

use strata_data::{
    CenteredGridSpec, DEFAULT_SIGMOID_SLOPE, DataError, Ellipsoid, EngineInput, EvaluationOptions,
    ExtraGrids, GeophysicsSpec, KernelFunction, KernelOptions, MagneticsSpec, MeshMasking,
    Orientations, Point, RegularGrid, Stack, StackRelation, Structure, Surface, SurfacePoints,
    Transform,
};

/// A key that documents the case and is not read.
type Documentation = Option<IgnoredAny>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputFile {
    #[serde(rename = "schema_version", default)]
    _schema_version: Documentation,
    #[serde(rename = "case", default)]
    _case: Documentation,
    #[serde(rename = "description", default)]
    _description: Documentation,
    #[serde(rename = "source", default)]
    _source: Documentation,
    #[serde(rename = "notes", default)]
    _notes: Documentation,
    #[serde(rename = "versions", default)]
    _versions: Documentation,
    #[serde(rename = "dtype", default)]
    _dtype: Documentation,
    #[serde(rename = "original", default)]
    _original: Documentation,
    #[serde(rename = "tolerances", default)]
    _tolerances: Documentation,
    geophysics: Option<GeophysicsJson>,
    transform: Option<TransformJson>,
    surface_points: PointsJson,
    orientations: OrientationsJson,
    structure: StructureJson,
    unit_values: Vec<f64>,
    kernel_options: KernelJson,
    evaluation_options: Option<EvaluationJson>,
    sigmoid_slope: Option<f64>,
    grid: GridJson,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransformJson {
    #[serde(rename = "type")]
    kind: String,
    center: Point,
    scale: f64,
    #[serde(rename = "formula", default)]
    _formula: Documentation,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointsJson {
    xyz: Vec<Point>,
    nugget: Vec<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrientationsJson {
    xyz: Vec<Point>,
    gradient: Vec<Point>,
    nugget: Vec<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StructureJson {
    surface_names: Vec<String>,
    number_of_points_per_surface: Vec<usize>,
    stacks: Vec<StackJson>,
    fault_relations: Option<Vec<Vec<bool>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StackJson {
    #[serde(rename = "number_of_surfaces", default)]
    _number_of_surfaces: Documentation,
    name: String,
    relation: String,
    surfaces: Vec<String>,
    number_of_orientations: usize,
    number_of_points: Option<usize>,
    segmentation_function: Option<SegmentationJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentationJson {
    #[serde(rename = "type")]
    kind: String,
    center: Point,
    radius: Point,
    max_slope: f64,
    min_slope: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KernelJson {
    #[serde(rename = "number_dimensions", default)]
    _number_dimensions: Documentation,
    kernel_solver: Option<String>,
    kernel_function: String,
    range: f64,
    c_o: f64,
    uni_degree: u8,
    i_res: Option<f64>,
    gi_res: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvaluationJson {
    #[serde(rename = "mesh_extraction_fancy", default)]
    _mesh_extraction_fancy: Documentation,
    number_octree_levels: Option<usize>,
    number_octree_levels_surface: Option<usize>,
    mesh_extraction: Option<bool>,
    mesh_extraction_masking_options: Option<String>,
    octree_curvature_threshold: Option<f64>,
    octree_error_threshold: Option<f64>,
    octree_min_level: Option<usize>,
    evaluation_chunk_size: Option<usize>,
    compute_scalar_gradient: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GridJson {
    octree_grid: RegularGridJson,
    dense_grid: Option<serde_json::Value>,
    custom_grid: Option<PointListJson>,
    topography: Option<PointListJson>,
    centered_grid: Option<CenteredGridJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointListJson {
    xyz: Vec<Point>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CenteredGridJson {
    centers: Vec<Point>,
    resolution: [usize; 3],
    radius: [f64; 3],
    #[serde(rename = "units", default)]
    _units: Documentation,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GeophysicsJson {
    gravity: Option<GravityJson>,
    magnetics: Option<MagneticsJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GravityJson {
    densities: Vec<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MagneticsJson {
    susceptibilities: Vec<f64>,
    igrf: IgrfJson,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IgrfJson {
    inclination: f64,
    declination: f64,
    intensity: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegularGridJson {
    extent: [f64; 6],
    resolution: [usize; 3],
}

/// Reads and validates an engine-level `input.json`.
pub fn read(path: &Path) -> Result<EngineInput, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| DataError::Json {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    parse(&text, &path.display().to_string())
}

/// Parses and validates the text of an engine-level `input.json`; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<EngineInput, DataError> {
    let raw: InputFile = serde_json::from_str(text).map_err(|e| DataError::Json {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    build(raw)
}

fn build(raw: InputFile) -> Result<EngineInput, DataError> {
    let transform = match raw.transform {
        None => Transform::default(),
        Some(t) if t.kind == "center_scale" => Transform::new(t.center, t.scale)?,
        Some(t) => {
            return Err(DataError::Unknown {
                what: "transform type",
                value: t.kind,
            });
        }
    };
    let surface_points = SurfacePoints::new(raw.surface_points.xyz, raw.surface_points.nugget)?;
    let orientations = Orientations::new(
        raw.orientations.xyz,
        raw.orientations.gradient,
        raw.orientations.nugget,
    )?;
    let structure = build_structure(raw.structure)?;
    let k = raw.kernel_options;
    let defaults = KernelOptions::for_range(k.range);
    let kernel = defaults
        .clone()
        .with_kernel(KernelFunction::parse(&k.kernel_function)?)
        .with_c_o(k.c_o)
        .with_drift_degree(k.uni_degree)
        .with_scales(
            k.i_res.unwrap_or(defaults.i_res),
            k.gi_res.unwrap_or(defaults.gi_res),
        );
    let evaluation = build_evaluation(raw.evaluation_options)?;
    if raw.grid.dense_grid.is_some_and(|v| !v.is_null()) {
        return Err(DataError::Unsupported(
            "grid.dense_grid must be null".into(),
        ));
    }
    if let Some(solver) = k.kernel_solver.filter(|s| s != "DEFAULT") {
        return Err(DataError::Unknown {
            what: "kernel_options.kernel_solver (only DEFAULT, the dense solve)",
            value: solver,
        });
    }
    let extra_grids = ExtraGrids {
        custom: raw.grid.custom_grid.map(|g| g.xyz).unwrap_or_default(),
        topography: raw.grid.topography.map(|g| g.xyz).unwrap_or_default(),
        centered: raw.grid.centered_grid.map(|g| CenteredGridSpec {
            centers: g.centers,
            resolution: g.resolution,
            radius: g.radius,
        }),
        geophysics: raw.geophysics.map(|g| GeophysicsSpec {
            densities: g.gravity.map(|g| g.densities),
            magnetics: g.magnetics.map(|m| MagneticsSpec {
                susceptibilities: m.susceptibilities,
                inclination: m.igrf.inclination,
                declination: m.igrf.declination,
                intensity: m.igrf.intensity,
            }),
        }),
    };
    let grid = RegularGrid::new(raw.grid.octree_grid.extent, raw.grid.octree_grid.resolution)?;
    EngineInput::builder(surface_points, orientations, structure, grid)
        .unit_values(raw.unit_values)
        .kernel(kernel)
        .evaluation(evaluation)
        .sigmoid_slope(raw.sigmoid_slope.unwrap_or(DEFAULT_SIGMOID_SLOPE))
        .transform(transform)
        .extra_grids(extra_grids)
        .build()
}

fn build_structure(raw: StructureJson) -> Result<Structure, DataError> {
    if raw.surface_names.len() != raw.number_of_points_per_surface.len() {
        return Err(DataError::LengthMismatch {
            what: "structure.number_of_points_per_surface".into(),
            expected: raw.surface_names.len(),
            found: raw.number_of_points_per_surface.len(),
        });
    }
    let surfaces: Vec<Surface> = raw
        .surface_names
        .iter()
        .zip(&raw.number_of_points_per_surface)
        .map(|(name, &n_points)| Surface {
            name: name.clone(),
            n_points,
        })
        .collect();
    let mut next = 0;
    let mut stacks = Vec::with_capacity(raw.stacks.len());
    for s in raw.stacks {
        for name in &s.surfaces {
            if raw.surface_names.get(next) != Some(name) {
                return Err(DataError::StackSurfaceOrder {
                    stack: s.name.clone(),
                    surface: name.clone(),
                });
            }
            next += 1;
        }
        if let Some(n) = s.number_of_points {
            let claimed: usize = surfaces[next - s.surfaces.len()..next]
                .iter()
                .map(|x| x.n_points)
                .sum();
            if n != claimed {
                return Err(DataError::LengthMismatch {
                    what: format!("stack '{}' number_of_points", s.name),
                    expected: claimed,
                    found: n,
                });
            }
        }
        let finite_fault = match s.segmentation_function {
            None => None,
            Some(f) if f.kind == "ellipsoid_3d" => Some(Ellipsoid::new(
                f.center,
                f.radius,
                f.max_slope,
                f.min_slope,
            )?),
            Some(f) => {
                return Err(DataError::Unknown {
                    what: "segmentation function",
                    value: f.kind,
                });
            }
        };
        stacks.push(Stack {
            relation: StackRelation::parse(&s.relation)?,
            n_surfaces: s.surfaces.len(),
            n_orientations: s.number_of_orientations,
            finite_fault,
            name: s.name,
        });
    }
    Structure::new(surfaces, stacks, raw.fault_relations)
}

fn build_evaluation(raw: Option<EvaluationJson>) -> Result<EvaluationOptions, DataError> {
    let mut d = EvaluationOptions::default();
    let Some(e) = raw else { return Ok(d) };
    d.number_octree_levels = e.number_octree_levels.unwrap_or(d.number_octree_levels);
    d.number_octree_levels_surface = e
        .number_octree_levels_surface
        .unwrap_or(d.number_octree_levels_surface);
    d.mesh_extraction = e.mesh_extraction.unwrap_or(d.mesh_extraction);
    if let Some(name) = e.mesh_extraction_masking_options {
        d.mesh_masking = MeshMasking::parse(&name)?;
    }
    d.octree_curvature_threshold = e
        .octree_curvature_threshold
        .unwrap_or(d.octree_curvature_threshold);
    d.octree_error_threshold = e.octree_error_threshold.unwrap_or(d.octree_error_threshold);
    d.octree_min_level = e.octree_min_level.unwrap_or(d.octree_min_level);
    d.evaluation_chunk_size = e.evaluation_chunk_size.unwrap_or(d.evaluation_chunk_size);
    d.compute_scalar_gradient = e
        .compute_scalar_gradient
        .unwrap_or(d.compute_scalar_gradient);
    Ok(d)
}

/// `input` as an engine-level `input.json` document (the schema [`parse`] reads back).
pub fn to_json(input: &EngineInput) -> serde_json::Value {
    use serde_json::json;
    let structure = input.structure();
    let mut first_surface = 0;
    let stacks: Vec<serde_json::Value> = structure
        .stacks()
        .iter()
        .map(|stack| {
            let surfaces = &structure.surfaces()[first_surface..first_surface + stack.n_surfaces];
            first_surface += stack.n_surfaces;
            let mut entry = json!({
                "name": stack.name,
                "relation": stack.relation.name(),
                "surfaces": surfaces.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
                "number_of_orientations": stack.n_orientations,
                "number_of_points": surfaces.iter().map(|s| s.n_points).sum::<usize>(),
            });
            if let Some(e) = &stack.finite_fault {
                entry["segmentation_function"] = json!({
                    "type": "ellipsoid_3d", "center": e.center, "radius": e.radius,
                    "max_slope": e.max_slope, "min_slope": e.min_slope,
                });
            }
            entry
        })
        .collect();
    let (k, e, t) = (input.kernel(), input.evaluation(), input.transform());
    json!({
        "schema_version": 1,
        "transform": {"type": "center_scale", "center": t.center(), "scale": t.scale()},
        "surface_points": {"xyz": input.surface_points().xyz(), "nugget": input.surface_points().nugget()},
        "orientations": {
            "xyz": input.orientations().xyz(),
            "gradient": input.orientations().gradient(),
            "nugget": input.orientations().nugget(),
        },
        "structure": {
            "surface_names": structure.surfaces().iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
            "number_of_points_per_surface": structure.surfaces().iter().map(|s| s.n_points).collect::<Vec<_>>(),
            "stacks": stacks,
            "fault_relations": structure.fault_relations(),
        },
        "unit_values": input.unit_values(),
        "kernel_options": {
            "kernel_function": k.kernel.name(), "range": k.range, "c_o": k.c_o,
            "uni_degree": k.drift_degree, "i_res": k.i_res, "gi_res": k.gi_res,
        },
        "evaluation_options": {
            "number_octree_levels": e.number_octree_levels,
            "number_octree_levels_surface": e.number_octree_levels_surface,
            "mesh_extraction": e.mesh_extraction,
            "mesh_extraction_masking_options": e.mesh_masking.name(),
            "octree_curvature_threshold": e.octree_curvature_threshold,
            "octree_error_threshold": e.octree_error_threshold,
            "octree_min_level": e.octree_min_level,
            "evaluation_chunk_size": e.evaluation_chunk_size,
            "compute_scalar_gradient": e.compute_scalar_gradient,
        },
        "sigmoid_slope": input.sigmoid_slope(),
        "grid": {
            "octree_grid": {"extent": input.grid().extent(), "resolution": input.grid().resolution()},
            "dense_grid": null,
            "custom_grid": null,
        },
    })
}

/// Writes `input` as an engine-level `input.json` at `path`, atomically.
pub fn write(path: &Path, input: &EngineInput) -> Result<(), crate::IoError> {
    let text = to_json(input).to_string();
    crate::atomic_write::write_atomically(path, |out| out.write_all(text.as_bytes()))
}
