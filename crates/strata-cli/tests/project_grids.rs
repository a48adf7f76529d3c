//! Projects with a topography, custom points and a survey through `strata model` and
//! `strata section`: reference cases p08 and p09 reproduced from CSV files and a `strata.toml`,
//! the outputs they add (map, tables, anomaly maps), air above the topography in the block
//! model and the pictures only, and a voxel without a unit reported in the project's terms.

use std::path::{Path, PathBuf};

use serde_json::Value;
use strata_cli::compute_flags::ComputeFlags;
use strata_cli::model_command::{self, Format};
use strata_cli::section_command::{self, Axis, Plane};
use strata_io::ArrayDescriptor;
use strata_project::Project;
use strata_test_support::repo;

fn out_dir(tag: &str) -> PathBuf {
    let out = std::env::temp_dir().join(format!("strata-grids-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    out
}

fn expected(case: &str) -> (Value, PathBuf) {
    let dir = repo(&format!("tests/data/{case}"));
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
    (serde_json::from_str(&text).unwrap(), dir)
}

/// The values of column `name` of a CSV file written by `strata model`.
fn csv_column(path: &Path, name: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let c = header
        .iter()
        .position(|h| *h == name)
        .unwrap_or_else(|| panic!("{name}"));
    lines
        .map(|l| l.split(',').nth(c).unwrap().parse().unwrap())
        .collect()
}

/// The values of the `DataArray` named `name` in a VTK XML file.
fn vtk_array(path: &Path, name: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let array = doc
        .descendants()
        .find(|n| n.has_tag_name("DataArray") && n.attribute("Name") == Some(name))
        .unwrap_or_else(|| panic!("{name} in {}", path.display()));
    let values = array.text().unwrap_or("").split_whitespace();
    values.map(|v| v.parse().unwrap()).collect()
}

fn close(what: &str, got: &[f64], want: &[f64], atol: f64) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() <= atol, "{what}[{i}]: {g} vs {w}");
    }
}

#[test]
fn p08s_survey_from_a_project_gives_the_reference_gravity_and_tmi() {
    let out = out_dir("p08");
    let project = repo("crates/strata-io/tests/data/reference/p08_model1_geophysics.toml");
    let formats = [Format::Csv, Format::Png, Format::Json];
    let (run, written) =
        model_command::run(&project, &out, &formats, ComputeFlags::default()).unwrap();
    let (want, dir) = expected("p08_model1_geophysics");
    let g = &want["geophysics"];
    let survey = run.geophysics.as_ref().expect("a survey");
    let gravity = survey.gravity.as_ref().unwrap();
    let tmi = survey.magnetics.as_ref().unwrap();
    let want_gravity = ArrayDescriptor::load_f64(&g["gravity"], &dir).unwrap();
    let want_tmi = ArrayDescriptor::load_f64(&g["magnetics"], &dir).unwrap();
    close("gravity", gravity, &want_gravity, 1e-10);
    close("tmi", tmi, &want_tmi, 1e-6);
    // The table holds the same numbers, read back exactly.
    let table = out.join("p08_model1_geophysics_survey.csv");
    assert_eq!(csv_column(&table, "gravity_mGal"), *gravity);
    assert_eq!(csv_column(&table, "tmi_nT"), *tmi);
    assert_eq!(csv_column(&table, "Z"), [1000.0, 1000.0, 700.0]);
    // Three devices from a file: no lattice, so no anomaly map; no topography, no map.
    assert!(
        written.iter().all(|p| p.extension().unwrap() != "png"),
        "{written:?}"
    );
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("result.json")).unwrap()).unwrap();
    let stored = ArrayDescriptor::load_f64(&result["geophysics"]["gravity"], &out).unwrap();
    assert_eq!(stored, *gravity);
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn p09s_points_from_a_project_give_the_reference_map_and_custom_ids() {
    let out = out_dir("p09");
    let project = repo("crates/strata-io/tests/data/reference/p09_model1_topography_custom.toml");
    let formats = [Format::Vtk, Format::Csv, Format::Png];
    let (run, written) =
        model_command::run(&project, &out, &formats, ComputeFlags::default()).unwrap();
    let (want, dir) = expected("p09_model1_topography_custom");
    let level = &run.solution.levels[0];
    for (grid, slice) in [
        ("topography", level.slices.topography.clone()),
        ("custom", level.slices.custom.clone()),
    ] {
        let ids = ArrayDescriptor::load_f64(&want["grids"][grid]["ids"], &dir).unwrap();
        let got: Vec<f64> = level.ids[slice.clone()]
            .iter()
            .map(|&i| f64::from(i))
            .collect();
        assert_eq!(got, ids, "{grid} ids");
        let scalar = ArrayDescriptor::load_f64(&want["grids"][grid]["S0_scalar"], &dir).unwrap();
        close(grid, &level.stacks[0].scalar[slice], &scalar, 1e-10);
    }
    // The custom points' table and the map surface carry the same ids.
    let name = "p09_model1_topography_custom";
    let table = out.join(format!("{name}_custom_points.csv"));
    assert_eq!(csv_column(&table, "lith_id"), [1.0, 2.0, 3.0, 1.0, 3.0]);
    assert_eq!(csv_column(&table, "X")[3], 100.0);
    let map = out.join(format!("{name}_map.vtp"));
    let map_ids = vtk_array(&map, "lith_id");
    let want_map = ArrayDescriptor::load_f64(&want["grids"]["topography"]["ids"], &dir).unwrap();
    assert_eq!(map_ids, want_map);
    assert!(
        written.contains(&out.join(format!("{name}_map.png"))),
        "{written:?}"
    );
    std::fs::remove_dir_all(&out).ok();
}

/// A copy of the bundled graben under a topography with a small survey (fast to test).
fn small_graben_survey(tag: &str) -> PathBuf {
    let dir = out_dir(&format!("project-{tag}"));
    std::fs::create_dir_all(&dir).unwrap();
    let example = repo("examples/graben_survey");
    std::fs::copy(example.join("dem.asc"), dir.join("dem.asc")).unwrap();
    let toml = std::fs::read_to_string(example.join("strata.toml"))
        .unwrap()
        .replace(
            "../graben/",
            &format!("{}/", repo("examples/graben").display()),
        )
        .replace("resolution = [40, 40, 40]", "resolution = [20, 16, 20]")
        .replace("spacing = 50.0", "spacing = 250.0")
        .replace("resolution = [10, 10, 15]", "resolution = [4, 4, 4]");
    std::fs::write(dir.join("strata.toml"), toml).unwrap();
    dir.join("strata.toml")
}

#[test]
fn cells_above_the_topography_are_air_in_the_block_model_and_the_pictures_only() {
    let project_file = small_graben_survey("air");
    let out = out_dir("air");
    let all = [Format::Vtk, Format::Json, Format::Csv, Format::Png];
    let (run, written) =
        model_command::run(&project_file, &out, &all, ComputeFlags::default()).unwrap();
    let project = Project::load(&project_file).unwrap();
    let topography = project.grids.topography.as_ref().unwrap();
    let n = [20, 16, 20];
    let level = &run.solution.levels[0];
    let engine_ids = &level.ids[level.slices.octree.clone()];
    // VTK is x fastest; a cell is air exactly when its centre is above the ground.
    let vtk_ids = vtk_array(&out.join("graben_survey.vtr"), "lith_id");
    let (mut air, mut rock) = (0, 0);
    for i in 0..n[0] {
        for j in 0..n[1] {
            for k in 0..n[2] {
                let centre = [
                    1000.0 * (i as f64 + 0.5) / n[0] as f64,
                    1000.0 * (j as f64 + 0.5) / n[1] as f64,
                    -1000.0 + 1000.0 * (k as f64 + 0.5) / n[2] as f64,
                ];
                let got = vtk_ids[i + n[0] * (j + n[1] * k)];
                if topography.is_air(centre) {
                    assert_eq!(got, 0.0, "cell {i} {j} {k}");
                    air += 1;
                } else {
                    assert_eq!(got, f64::from(engine_ids[(i * n[1] + j) * n[2] + k]));
                    rock += 1;
                }
            }
        }
    }
    assert!(air > 1000 && rock > 1000, "{air} air, {rock} rock cells");
    // result.json keeps the engine's ids: no air.
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("result.json")).unwrap()).unwrap();
    let stored = ArrayDescriptor::load_f64(&result["octree_levels"][0]["ids"], &out).unwrap();
    assert!(stored.iter().all(|&id| id > 0.0));
    // Map (vtp and png), survey table, gravity and TMI maps of the 4 × 4 devices.
    for file in [
        "_map.vtp",
        "_map.png",
        "_survey.csv",
        "_gravity.png",
        "_tmi.png",
    ] {
        let path = out.join(format!("graben_survey{file}"));
        assert!(written.contains(&path), "{file}: {written:?}");
    }
    assert_eq!(
        csv_column(&out.join("graben_survey_survey.csv"), "X").len(),
        16
    );
    let png = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(out.join("graben_survey_gravity.png")).unwrap(),
    ));
    let info = png.read_info().unwrap().info().clone();
    assert!(
        info.width > 640 && info.height > 640,
        "{}x{}",
        info.width,
        info.height
    );
    std::fs::remove_dir_all(&out).ok();
    std::fs::remove_dir_all(project_file.parent().unwrap()).ok();
}

#[test]
fn a_voxel_without_a_unit_is_an_error_of_the_project() {
    // The layers erode and the last stack is a fault: below the lowest layer no stack claims
    // the rock (id 0), where gempy would read the last density.
    let project_file = small_graben_survey("id0");
    let toml = std::fs::read_to_string(&project_file).unwrap();
    let stacks_at = toml.find("[[stack]]").unwrap();
    let rest_at = toml.find("[interpolation]").unwrap();
    let reordered = format!(
        "{}[[stack]]\nname = \"layers\"\nrelation = \"erode\"\nsurfaces = [\"rock4\", \"rock3\", \
         \"rock2\", \"rock1\"]\n\n[[stack]]\nname = \"fault2\"\nrelation = \"fault\"\n\
         surfaces = [\"fault2\"]\n\n[[stack]]\nname = \"fault1\"\nrelation = \"fault\"\n\
         surfaces = [\"fault1\"]\n\n{}",
        &toml[..stacks_at],
        &toml[rest_at..]
    );
    std::fs::write(&project_file, &reordered).unwrap();
    let line = reordered[..reordered.find("[geophysics]").unwrap()]
        .lines()
        .count()
        + 1;
    let out = out_dir("id0");
    let e = model_command::run(&project_file, &out, &[Format::Csv], ComputeFlags::default())
        .unwrap_err()
        .to_string();
    let place = format!("{}:{line}:1: geophysics = device ", project_file.display());
    assert!(e.starts_with(&place), "{e}\nwanted {place}…");
    assert!(
        e.contains("has lithology id 0: no stack defines the rock there"),
        "{e}"
    );
    assert!(!out.exists(), "nothing is written");
    std::fs::remove_dir_all(project_file.parent().unwrap()).ok();
}

#[test]
fn a_section_along_a_trace_is_a_vertical_plane_with_air_and_fault_traces() {
    let project_file = small_graben_survey("section");
    let project = Project::load(&project_file).unwrap();
    // Along y = 500 from west to east: the axis section y = 500, cell for cell.
    let trace = Plane::Trace {
        from: [0.0, 500.0],
        to: [1000.0, 500.0],
    };
    let along = section_command::compute(&project, trace).unwrap();
    let axis = section_command::compute(&project, Plane::Axis(Axis::Y, 500.0)).unwrap();
    assert_eq!(along.shape(), [240, 240]);
    assert_eq!(along.points(), axis.points());
    assert_eq!(along.ids, axis.ids);
    // A diagonal: air exactly above the ground, both faults cut it.
    let diagonal = Plane::Trace {
        from: [0.0, 0.0],
        to: [1000.0, 1000.0],
    };
    let section = section_command::compute(&project, diagonal).unwrap();
    let topography = project.grids.topography.as_ref().unwrap();
    for (&id, &p) in section.ids.iter().zip(section.points()) {
        assert_eq!(id == 0, topography.is_air(p), "{p:?}");
    }
    let names: Vec<&str> = section.traces.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["fault2", "fault1"]);
    let png = project_file.with_file_name("diagonal.png");
    section_command::run(&project_file, diagonal, &png).unwrap();
    assert!(png.is_file());
    // A trace leaving the extent names the flag and the value.
    let outside = Plane::Trace {
        from: [0.0, 0.0],
        to: [1200.0, 10.0],
    };
    let e = section_command::run(&project_file, outside, &png)
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("--to 1200 lies outside the model extent along x [0, 1000]"),
        "{e}"
    );
    std::fs::remove_dir_all(project_file.parent().unwrap()).ok();
}
