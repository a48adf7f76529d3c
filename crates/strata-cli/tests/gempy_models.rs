//! GemPy's own projects computed as GemPy computes them: every saved model of GemPy's published
//! examples (tests/data/gempy_models/, from gempy_data) imported with `strata import gempy`, and
//! every `defaults = "gempy"` project, against the ids of GemPy 2026's front end
//! (tests/data/gempy_ids/, written by scripts/gempy_models_ids.py): at most 0.05 % of the cells
//! may differ. Every saved model also imports and computes with its own saved values.

use std::path::{Path, PathBuf};

use serde_json::Value;
use strata_cli::compute_flags::{ComputeFlags, ProjectSettings, compute_options};
use strata_cli::model_command::{self, Format};
use strata_engine::{Cpu, ModelSolution, WeightsCache, compute_model_with};
use strata_io::gempy_import::{ImportDefaults, ImportOptions, import_gempy};
use strata_project::Project;
use strata_test_support::repo;

/// The share of cells that may differ from GemPy's (the bound: boundary cells only).
const MAX_DIFFERING: f64 = 0.0005;

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("strata-gempy-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn compute(project: &Project) -> ModelSolution {
    let options = compute_options(&ComputeFlags::default(), ProjectSettings::of(project));
    compute_model_with::<Cpu>(
        &project.input,
        &WeightsCache::new(),
        options,
        &Default::default(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", project.name))
}

/// GemPy's ids of one source, and what they were computed on.
struct GempyIds {
    name: String,
    source: String,
    extent: Vec<f64>,
    resolution: [usize; 3],
    center: Vec<f64>,
    scale: Vec<f64>,
    ids: Vec<i32>,
}

impl GempyIds {
    fn read(path: &Path) -> Self {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let floats = |v: &Value| -> Vec<f64> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        };
        let r = floats(&v["resolution"]);
        let rle: Vec<i64> = v["ids_rle"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap())
            .collect();
        let ids = rle
            .chunks_exact(2)
            .flat_map(|c| std::iter::repeat_n(c[0] as i32, c[1] as usize))
            .collect();
        Self {
            name: v["name"].as_str().unwrap().to_string(),
            source: v["source"].as_str().unwrap().to_string(),
            extent: floats(&v["extent"]),
            resolution: [r[0] as usize, r[1] as usize, r[2] as usize],
            center: floats(&v["transform"]["center"]),
            scale: floats(&v["transform"]["scale"]),
            ids,
        }
    }

    /// The project: the saved model imported on GemPy's grid, or the project file itself.
    fn project(&self) -> Project {
        let source = repo(&self.source);
        let file = if source.ends_with("strata.toml") {
            source
        } else {
            let options = ImportOptions::default().with_resolution(self.resolution);
            import_gempy(&source, &scratch(&self.name), &options)
                .unwrap_or_else(|e| panic!("{e}"))
                .project
        };
        Project::load(&file).unwrap_or_else(|e| panic!("{e}"))
    }
}

#[test]
fn gempys_models_give_gempys_block_model() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("tests/data/gempy_ids"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    let mut report = Vec::new();
    for file in &files {
        let gempy = GempyIds::read(file);
        let project = gempy.project();
        assert_eq!(
            project.world_extent.to_vec(),
            gempy.extent,
            "{}",
            gempy.name
        );
        // GemPy's transform from the data, axis by axis.
        let t = &project.transform;
        for a in 0..3 {
            let close = |x: f64, y: f64| (x - y).abs() <= 1e-12 * y.abs().max(1.0);
            assert!(
                close(t.center()[a], gempy.center[a]),
                "{}: centre {:?}",
                gempy.name,
                t.center()
            );
            assert!(
                close(t.axis_scales()[a], gempy.scale[a]),
                "{}: scale {:?}",
                gempy.name,
                t.axis_scales()
            );
        }
        let solution = compute(&project);
        // GemPy's published models make geological sense: no check of `sense` fires.
        let warnings: Vec<String> = solution.warnings.iter().map(|w| w.to_string()).collect();
        assert!(warnings.is_empty(), "{}: {warnings:?}", gempy.name);
        let ids = &solution.levels[0].ids;
        assert_eq!(ids.len(), gempy.ids.len(), "{}", gempy.name);
        let differing = ids.iter().zip(&gempy.ids).filter(|(a, b)| a != b).count();
        report.push(format!(
            "{}: {differing} of {} cells differ",
            gempy.name,
            ids.len()
        ));
        assert!(
            differing as f64 <= MAX_DIFFERING * ids.len() as f64,
            "{}: {differing} of {} cells differ from GemPy 2026",
            gempy.name,
            ids.len()
        );
    }
    println!("{}", report.join("\n"));
}

/// `(name, [range, C_o] as saved (world units), rescaling factor, centres as saved)` of every
/// saved model, from its `_kriging_data.csv` and `_rescaling_data.csv`.
const SAVED: [(&str, [f64; 2], f64, [f64; 3]); 5] = [
    (
        "Greenstone",
        [86591.22357375486, 178524761.9047619],
        97123.0,
        [721180.062, 6893494.75, -3951.36022],
    ),
    (
        "Tutorial_ch1-1_Basics",
        [3464.1016151377544, 285714.2857142857],
        3800.0,
        [850.0, 1000.0, 900.0],
    ),
    (
        "Tutorial_ch1-8_Onlap_relations",
        [1854.7236990991407, 81904.76190476191],
        1600.0,
        [500.0, 50.0, -600.0],
    ),
    (
        "Tutorial_ch1-9a_Fault_relations",
        [1732.0508075688772, 71428.57142857142],
        1600.0,
        [500.0, 500.0, -550.0],
    ),
    (
        "Tutorial_ch1-9b_Fault_relations",
        [1732.0508075688772, 71428.57142857142],
        1600.0,
        [500.0, 500.0, -650.0],
    ),
];

#[test]
fn every_saved_model_imports_with_its_own_values_and_computes() {
    for (name, [range, c_o], factor, centers) in SAVED {
        let options = ImportOptions::default()
            .with_resolution([8, 8, 8])
            .with_defaults(ImportDefaults::Saved);
        let out = scratch(&format!("saved-{name}"));
        let imported = import_gempy(
            &repo(&format!("tests/data/gempy_models/{name}")),
            &out,
            &options,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let project = Project::load(&imported.project).unwrap_or_else(|e| panic!("{e}"));
        let k = project.input.kernel();
        // GemPy v2 divides both the range and C_o by its rescaling factor.
        assert_eq!(
            (k.range, k.c_o, k.drift_degree),
            (range / factor, c_o / factor, 1),
            "{name}"
        );
        assert_eq!(
            (project.transform.center(), project.transform.axis_scales()),
            (centers, [factor; 3]),
            "{name}"
        );
        // Nuggets: v2's `smooth` column where the files have it (Greenstone, ch1-1), else its
        // kriging data's or its defaults (1e-6, 0.01).
        let point_nugget = if name == "Tutorial_ch1-1_Basics" {
            2e-6
        } else {
            1e-6
        };
        assert!(
            project
                .input
                .surface_points()
                .nugget()
                .iter()
                .all(|&n| n == point_nugget),
            "{name}"
        );
        assert!(
            project
                .input
                .orientations()
                .nugget()
                .iter()
                .all(|&n| n == 0.01),
            "{name}"
        );
        assert_eq!(compute(&project).levels[0].ids.len(), 512, "{name}");
        std::fs::remove_dir_all(&out).ok();
    }
}

#[test]
fn the_command_imports_with_flags_and_the_project_computes() {
    let out = scratch("command");
    let strata = env!("CARGO_BIN_EXE_strata");
    let status = std::process::Command::new(strata)
        .args(["-q", "import", "gempy"])
        .arg(repo("tests/data/gempy_models/Tutorial_ch1-1_Basics"))
        .arg("--out")
        .arg(&out)
        .args([
            "--extent",
            "-100,2100,0,2000,0,2000",
            "--resolution",
            "6,5,4",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let project = Project::load(&out.join("strata.toml")).unwrap();
    assert_eq!(
        project.world_extent,
        [-100.0, 2100.0, 0.0, 2000.0, 0.0, 2000.0]
    );
    assert_eq!(project.input.grid().resolution(), [6, 5, 4]);
    assert_eq!(project.stack_names(), ["Fault_Series", "Strat_Series"]);
    assert_eq!(
        project.surface_names(),
        [
            "Main_Fault",
            "Sandstone_2",
            "Siltstone",
            "Shale",
            "Sandstone_1"
        ]
    );
    let model = std::process::Command::new(strata)
        .args(["-q", "model"])
        .arg(out.join("strata.toml"))
        .arg("--out")
        .arg(out.join("out"))
        .status()
        .unwrap();
    assert!(model.success());
    assert!(out.join("out/Tutorial_ch1-1_Basics.vtr").exists());
    let bad = std::process::Command::new(strata)
        .args(["-q", "import", "gempy"])
        .arg(repo("tests/data/gempy_models/Greenstone"))
        .arg("--out")
        .arg(out.join("bad"))
        .args(["--resolution", "6,5"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("3 comma-separated numbers"));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_per_axis_transform_maps_results_back_to_world_units() {
    // The stretched onlap model on a 4-level octree: GemPy's transform scales y differently.
    let dir = scratch("anisotropic");
    std::fs::create_dir_all(&dir).unwrap();
    let source = repo("tests/data/gempy_projects/onlap_stretched");
    for file in ["surface_points.csv", "orientations.csv"] {
        std::fs::copy(source.join(file), dir.join(file)).unwrap();
    }
    let toml = std::fs::read_to_string(source.join("strata.toml")).unwrap();
    let toml = toml.replace("resolution = [30, 20, 30]", "octree_levels = 4");
    std::fs::write(dir.join("strata.toml"), toml).unwrap();
    model_command::run(
        &dir.join("strata.toml"),
        &dir.join("out"),
        &[Format::Json],
        ComputeFlags::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/result.json")).unwrap())
            .unwrap();
    assert_eq!(
        result["transform"]["scale"],
        serde_json::json!([2400.0, 1600.0, 2400.0])
    );
    // The flat seafloor (z = −200) spans the model between the outer voxel centres of the
    // finest level (GemPy's root 4×2×2, so 32×16 voxels over 1800 × 1000 m).
    let seafloor = &result["meshes"][0];
    assert_eq!(seafloor["surface"], "seafloor");
    let area = seafloor["total_area"].as_f64().unwrap();
    let expected = (1800.0 - 1800.0 / 32.0) * (1000.0 - 1000.0 / 16.0);
    assert!(
        (area - expected).abs() < 1e-6 * expected,
        "{area} vs {expected}"
    );
    let z = seafloor["bbox_max"][2].as_f64().unwrap();
    assert!((z + 200.0).abs() < 1e-6, "{z}");
    std::fs::remove_dir_all(&dir).ok();
}
