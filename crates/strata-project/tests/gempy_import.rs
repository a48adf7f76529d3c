//! `strata import gempy` on GemPy's saved models: what the project says, and every broken
//! saved model reported with its file (and line, column and value for a CSV cell), with nothing
//! written.

use std::path::{Path, PathBuf};

use strata_data::StackRelation;
use strata_io::IoError;
use strata_io::gempy_import::{ImportDefaults, ImportOptions, import_gempy};
use strata_project::Project;

fn model(name: &str) -> PathBuf {
    strata_test_support::repo("tests/data/gempy_models").join(name)
}

/// A scratch copy of the saved model `name`, to break.
fn copy(tag: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("strata-io-import-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("model")).unwrap();
    for entry in std::fs::read_dir(model(name)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("model").join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn import(dir: &Path, options: &ImportOptions) -> Result<Project, IoError> {
    let imported = import_gempy(&dir.join("model"), &dir.join("project"), options)?;
    Ok(Project::load(&imported.project).unwrap_or_else(|e| panic!("{e}")))
}

/// Imports the broken copy, checks that nothing was written, and returns the error.
fn import_error(dir: &Path, options: &ImportOptions) -> IoError {
    let e = import(dir, options).unwrap_err();
    assert!(!dir.join("project").exists(), "{e}: a project was written");
    std::fs::remove_dir_all(dir).ok();
    e
}

fn edit(dir: &Path, file: &str, old: &str, new: &str) {
    let path = dir.join("model").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(old), "{old}");
    std::fs::write(path, text.replacen(old, new, 1)).unwrap();
}

#[test]
fn the_graben_keeps_its_stacks_relations_and_offsets() {
    let dir = copy("graben", "Tutorial_ch1-9b_Fault_relations");
    let p = import(&dir, &ImportOptions::default()).unwrap();
    let s = p.input.structure();
    let relations: Vec<StackRelation> = s.stacks().iter().map(|s| s.relation).collect();
    use StackRelation::{Basement, Fault};
    assert_eq!(relations, [Fault, Fault, Basement]);
    assert_eq!(
        p.surface_names(),
        ["fault2", "fault1", "rock4", "rock3", "rock2", "rock1"]
    );
    // As saved: fault2 offsets fault1 and the layers, fault1 the layers.
    let saved = [
        [false, true, true],
        [false, false, true],
        [false, false, false],
    ];
    assert_eq!(s.fault_relations(), saved.map(|r| r.to_vec()));
    assert_eq!(p.input.grid().resolution(), [50, 50, 50]);
    assert_eq!(p.world_extent, [0.0, 1000.0, 0.0, 1000.0, -1000.0, 0.0]);
    // Cells are copied as written; v2's smooth column only with the saved values.
    let points = std::fs::read_to_string(dir.join("project/surface_points.csv")).unwrap();
    assert!(
        points.starts_with("X,Y,Z,formation,series\n500.0,500.0,-700.0,fault2,fault_series2\n")
    );
    // Without the relations file, GemPy's `set_is_fault` default: a fault offsets the later
    // stacks that are no faults.
    std::fs::remove_file(dir.join("model/Tutorial_ch1-9b_Fault_relations_faults_relations.csv"))
        .unwrap();
    let p = import(&dir, &ImportOptions::default()).unwrap();
    let default = [
        [false, false, true],
        [false, false, true],
        [false, false, false],
    ];
    assert_eq!(
        p.input.structure().fault_relations(),
        default.map(|r| r.to_vec())
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn saved_values_and_smooth_nuggets() {
    let dir = copy("saved", "Tutorial_ch1-1_Basics");
    let options = ImportOptions::default().with_defaults(ImportDefaults::Saved);
    let p = import(&dir, &options).unwrap();
    let orientations = std::fs::read_to_string(dir.join("project/orientations.csv")).unwrap();
    assert!(orientations.starts_with(
        "X,Y,Z,azimuth,dip,polarity,G_x,G_y,G_z,formation,series,nugget\n\
         500,1000,864.602,270.0,71.565,1.0,-0.9486830155918029,9.998257297572324e-13,\
         0.31622861338970926,Main_Fault,Fault_Series,0.01\n"
    ));
    assert_eq!(p.input.kernel().range, 3464.1016151377544 / 3800.0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn missing_files_and_values() {
    let dir = copy("no-series", "Greenstone");
    std::fs::remove_file(dir.join("model/Greenstone_series.csv")).unwrap();
    let e = import_error(&dir, &ImportOptions::default());
    assert!(
        matches!(&e, IoError::SavedModel { file, problem } if file.ends_with("Greenstone_series.csv") && problem.starts_with("missing")),
        "{e}"
    );

    let dir = copy("no-extent", "Greenstone");
    std::fs::remove_file(dir.join("model/Greenstone_extent.npy")).unwrap();
    let e = import_error(&dir, &ImportOptions::default());
    assert!(e.to_string().contains("give the extent (--extent)"), "{e}");

    let dir = copy("no-model", "Greenstone");
    std::fs::remove_file(dir.join("model/Greenstone_surface_points.csv")).unwrap();
    let e = import_error(&dir, &ImportOptions::default());
    assert!(e.to_string().contains("not a GemPy saved model"), "{e}");

    let dir = copy("two-models", "Greenstone");
    std::fs::write(
        dir.join("model/Other_surface_points.csv"),
        "X,Y,Z,surface\n",
    )
    .unwrap();
    let e = import_error(&dir, &ImportOptions::default());
    assert!(
        e.to_string()
            .contains("more than one saved model here (Greenstone, Other)"),
        "{e}"
    );

    let dir = copy("no-kriging", "Greenstone");
    std::fs::remove_file(dir.join("model/Greenstone_kriging_data.csv")).unwrap();
    let saved = ImportOptions::default().with_defaults(ImportDefaults::Saved);
    let e = import_error(&dir, &saved);
    assert!(
        e.to_string()
            .contains("Greenstone_kriging_data.csv: missing"),
        "{e}"
    );
}

#[test]
fn bad_cells_name_file_line_column_and_value() {
    let dir = copy("relation", "Greenstone");
    edit(
        &dir,
        "Greenstone_series.csv",
        "BIF_Series,2,Erosion",
        "BIF_Series,2,Sideways",
    );
    let e = import_error(&dir, &ImportOptions::default());
    assert!(
        matches!(&e, IoError::Csv { file, line: 3, column, value, .. } if file.ends_with("_series.csv") && column == "BottomRelation" && value == "Sideways"),
        "{e}"
    );

    let dir = copy("centers", "Greenstone");
    edit(
        &dir,
        "Greenstone_rescaling_data.csv",
        "[ 7.21180062e+05",
        "[ 7.2e+05 x",
    );
    let saved = ImportOptions::default().with_defaults(ImportDefaults::Saved);
    let e = import_error(&dir, &saved);
    assert!(
        matches!(&e, IoError::Csv { line: 2, column, .. } if column == "centers"),
        "{e}"
    );

    let dir = copy("drift", "Tutorial_ch1-1_Basics");
    edit(
        &dir,
        "Tutorial_ch1-1_Basics_kriging_data.csv",
        "[3 3]",
        "[3 0]",
    );
    let e = import_error(&dir, &saved);
    assert!(e.to_string().contains("Strata has one drift degree"), "{e}");

    let dir = copy("unlisted", "Tutorial_ch1-1_Basics");
    edit(
        &dir,
        "Tutorial_ch1-1_Basics_surfaces.csv",
        ",Shale,",
        ",Shale2,",
    );
    let e = import_error(&dir, &ImportOptions::default());
    assert!(
        matches!(&e, IoError::Csv { value, problem, .. } if value == "Shale" && problem.contains("no row of the surfaces file")),
        "{e}"
    );

    let dir = copy("lonely", "Tutorial_ch1-1_Basics");
    // v2's placeholder surface 'basement' is listed, without points.
    edit(
        &dir,
        "Tutorial_ch1-1_Basics_orientations.csv",
        ",Shale,",
        ",basement,",
    );
    let e = import_error(&dir, &ImportOptions::default());
    assert!(
        matches!(&e, IoError::Csv { line: 4, value, problem, .. } if value == "basement" && problem.contains("no surface points")),
        "{e}"
    );

    let dir = copy("npy", "Greenstone");
    std::fs::write(
        dir.join("model/Greenstone_resolution.npy"),
        b"\x93NUMPY\x01\x00",
    )
    .unwrap();
    let e = import_error(&dir, &ImportOptions::default());
    assert!(
        matches!(&e, IoError::SavedModel { file, problem } if file.ends_with("_resolution.npy") && problem.contains("not a numpy")),
        "{e}"
    );
}
