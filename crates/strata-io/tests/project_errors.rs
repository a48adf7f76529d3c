//! Every way a project can be wrong is reported with the file, the line, the column and the
//! offending value.

use std::path::PathBuf;

use strata_io::{IoError, Project};

const POINTS: &str = "X,Y,Z,formation\n\
                      100,200,600,rock2\n900,800,600,rock2\n\
                      100,200,400,rock1\n900,800,400,rock1\n\
                      500,500,500,fault\n500,100,500,fault\n";
const ORIENTATIONS: &str = "X,Y,Z,azimuth,dip,polarity,formation\n\
                            500,500,600,90,0,1,rock2\n\
                            500,500,500,90,90,1,fault\n";

/// A valid project: a fault offsetting a two-surface basement stack.
const VALID: &str = r#"name = "t"
extent = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]
resolution = [4, 4, 4]
surface_points = "sp.csv"
orientations = "o.csv"

[[stack]]
name = "f"
relation = "fault"
surfaces = ["fault"]
offsets = ["strat"]

[[stack]]
name = "strat"
relation = "basement"
surfaces = ["rock2", "rock1"]
"#;

/// Writes the CSV files into a folder of their own and parses `toml` as that folder's
/// `strata.toml`.
fn load(tag: &str, toml: &str, points: &str, orientations: &str) -> Result<Project, IoError> {
    let dir = folder(tag);
    std::fs::write(dir.join("sp.csv"), points).unwrap();
    std::fs::write(dir.join("o.csv"), orientations).unwrap();
    let project = Project::parse(toml, &dir.join("strata.toml"));
    std::fs::remove_dir_all(&dir).ok();
    project
}

fn folder(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("strata-io-project-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `VALID` with `old` replaced by `new` (which must occur).
fn variant(old: &str, new: &str) -> String {
    assert!(VALID.contains(old), "{old}");
    VALID.replacen(old, new, 1)
}

/// The (line, column, key, value, problem) of a project-value error.
fn value_error(tag: &str, toml: &str) -> (usize, usize, String, String, String) {
    match load(tag, toml, POINTS, ORIENTATIONS) {
        Err(IoError::ProjectValue {
            file,
            line,
            column,
            key,
            value,
            problem,
        }) => {
            assert!(file.ends_with("strata.toml"), "{file}");
            (line, column, key, value, problem)
        }
        other => panic!("expected a project-value error, got {other:?}"),
    }
}

/// The (line, column, value, message) of a TOML error.
fn toml_error(tag: &str, toml: &str) -> (usize, usize, String, String) {
    match load(tag, toml, POINTS, ORIENTATIONS) {
        Err(IoError::Toml {
            line,
            column,
            value,
            message,
            ..
        }) => (line, column, value, message),
        other => panic!("expected a TOML error, got {other:?}"),
    }
}

#[test]
fn the_valid_project_loads_with_gempy_defaults() {
    let p = load("valid", VALID, POINTS, ORIENTATIONS).unwrap();
    assert_eq!(p.input.surface_points().len(), 6);
    assert_eq!(p.input.unit_values(), &[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(p.input.structure().fault_relations()[0], [false, true]);
    assert_eq!(
        (p.transform.center(), p.transform.scale()),
        ([500.0; 3], 1000.0)
    );
    assert_eq!(
        p.input.surface_points().nugget()[0],
        strata_io::DEFAULT_NUGGET_SURFACE_POINTS
    );
    let k = p.input.kernel();
    assert_eq!(
        (k.range, k.c_o, k.drift_degree),
        (3f64.sqrt(), 3f64.sqrt().powi(2) / 14.0 / 3.0, 1)
    );
}

#[test]
fn unknown_keys() {
    let (line, column, value, message) =
        toml_error("key", &variant("resolution", "colour = 3\nresolution"));
    assert_eq!((line, column, value.as_str()), (3, 1, "colour"));
    assert!(message.contains("unknown field `colour`"), "{message}");
    let (line, _, value, _) = toml_error("stack-key", &variant("offsets", "colour = 3\noffsets"));
    assert_eq!((line, value.as_str()), (11, "colour"));
    let (line, _, value, _) = toml_error(
        "interp-key",
        &format!("{VALID}[interpolation]\nkernal = \"cubic\"\n"),
    );
    assert_eq!((line, value.as_str()), (18, "kernal"));
}

#[test]
fn syntax_and_type_errors() {
    let (line, column, _, _) = toml_error("syntax", &variant("name = \"t\"", "name = \"t"));
    assert_eq!((line, column), (1, 10));
    let (line, _, value, message) = toml_error("type", &variant("[4, 4, 4]", "\"ten\""));
    assert_eq!((line, value.as_str()), (3, "\"ten\""));
    assert!(message.contains("invalid type"), "{message}");
    let (line, _, _, message) = toml_error("missing", &variant("orientations = \"o.csv\"\n", ""));
    assert_eq!(line, 1);
    assert!(
        message.contains("missing field `orientations`"),
        "{message}"
    );
}

#[test]
fn an_inverted_or_non_finite_extent() {
    let (line, column, key, value, problem) = value_error(
        "inverted",
        &variant(
            "0.0, 1000.0, 0.0, 1000.0, 0.0",
            "0.0, 1000.0, 500.0, 0.0, 0.0",
        ),
    );
    assert_eq!(
        (line, column, key.as_str(), value.as_str()),
        (2, 31, "extent", "0.0")
    );
    assert!(problem.contains("ymax must exceed ymin = 500"), "{problem}");
    let (_, _, _, value, problem) =
        value_error("nan", &variant("1000.0, 0.0, 1000.0]", "1000.0, 0.0, nan]"));
    assert_eq!(value, "nan");
    assert!(problem.contains("finite"), "{problem}");
}

#[test]
fn a_zero_resolution_and_the_grid_choice() {
    let (line, column, key, value, problem) =
        value_error("zero", &variant("[4, 4, 4]", "[4, 0, 4]"));
    assert_eq!(
        (line, column, key.as_str(), value.as_str()),
        (3, 18, "resolution", "0")
    );
    assert!(problem.contains("zero resolution along y"), "{problem}");
    let (line, _, key, _, problem) = value_error(
        "both",
        &variant("resolution", "octree_levels = 3\nresolution"),
    );
    assert_eq!((line, key.as_str()), (3, "octree_levels"));
    assert!(problem.contains("not both"), "{problem}");
    let (_, _, key, value, _) = value_error(
        "one-level",
        &variant("resolution = [4, 4, 4]", "octree_levels = 1"),
    );
    assert_eq!((key.as_str(), value.as_str()), ("octree_levels", "1"));
    let e = load(
        "no-grid",
        &variant("resolution = [4, 4, 4]\n", ""),
        POINTS,
        ORIENTATIONS,
    )
    .unwrap_err();
    assert!(
        matches!(&e, IoError::Project { problem, .. } if problem.contains("no grid")),
        "{e}"
    );
}

#[test]
fn an_unknown_kernel_and_out_of_domain_options() {
    let with = |interpolation: &str| format!("{VALID}\n[interpolation]\n{interpolation}\n");
    let (line, column, key, value, problem) = value_error("kernel", &with("kernel = \"gaussian\""));
    assert_eq!(
        (line, column, key.as_str(), value.as_str()),
        (19, 10, "interpolation.kernel", "\"gaussian\"")
    );
    assert!(problem.contains("unknown kernel"), "{problem}");
    for (tag, option, key) in [
        ("range", "range = 0.0", "interpolation.range"),
        ("c_o", "c_o = -1.0", "interpolation.c_o"),
        ("drift", "drift = 3", "interpolation.drift"),
        (
            "nugget",
            "nugget_surface_points = -1e-6",
            "interpolation.nugget_surface_points",
        ),
        (
            "nugget-o",
            "nugget_orientations = inf",
            "interpolation.nugget_orientations",
        ),
    ] {
        assert_eq!(value_error(tag, &with(option)).2, key);
    }
    let (_, _, key, value, _) = value_error("scale", &format!("{VALID}\n[transform]\nscale = 0\n"));
    assert_eq!((key.as_str(), value.as_str()), ("transform.scale", "0"));
}

#[test]
fn an_unknown_relation() {
    let (line, column, key, value, problem) =
        value_error("relation", &variant("\"basement\"", "\"sideways\""));
    assert_eq!(
        (line, column, key.as_str(), value.as_str()),
        (15, 12, "stack.relation", "\"sideways\"")
    );
    assert!(problem.contains("unknown relation"), "{problem}");
}

#[test]
fn faults_offsetting_unknown_or_earlier_stacks() {
    let (line, column, key, value, problem) =
        value_error("offsets", &variant("[\"strat\"]", "[\"nowhere\"]"));
    assert_eq!(
        (line, column, key.as_str(), value.as_str()),
        (11, 12, "stack.offsets", "\"nowhere\"")
    );
    assert!(problem.contains("no [[stack]]"), "{problem}");
    assert!(
        value_error("self", &variant("[\"strat\"]", "[\"f\"]"))
            .4
            .contains("after it")
    );
    let not_a_fault = variant(
        "surfaces = [\"rock2\", \"rock1\"]",
        "surfaces = [\"rock2\", \"rock1\"]\noffsets = [\"f\"]",
    );
    assert!(
        value_error("not-fault", &not_a_fault)
            .4
            .contains("only a fault")
    );
}

#[test]
fn finite_faults() {
    let finite = |f: &str| {
        variant(
            "offsets = [\"strat\"]",
            &format!("offsets = [\"strat\"]\nfinite = {f}"),
        )
    };
    let ok = load(
        "finite",
        &finite("{ center = [500.0, 500.0, 500.0], radius = [400.0, 400.0, 200.0] }"),
        POINTS,
        ORIENTATIONS,
    )
    .unwrap();
    let e = ok.input.structure().stacks()[0]
        .finite_fault
        .clone()
        .unwrap();
    assert_eq!((e.center, e.radius), ([0.0; 3], [0.4, 0.4, 0.2]));
    let (line, _, key, _, problem) = value_error(
        "radius",
        &finite("{ center = [0.0, 0.0, 0.0], radius = [1.0, 0.0, 1.0] }"),
    );
    assert_eq!((line, key.as_str()), (12, "stack.finite"));
    assert!(problem.contains("radius"), "{problem}");
}

#[test]
fn duplicate_names_and_unusable_names() {
    let (line, _, key, value, _) =
        value_error("stack-twice", &variant("name = \"f\"", "name = \"strat\""));
    assert_eq!(
        (line, key.as_str(), value.as_str()),
        (14, "stack.name", "\"strat\"")
    );
    let (_, _, key, value, problem) = value_error(
        "surface-twice",
        &variant("[\"rock2\", \"rock1\"]", "[\"rock2\", \"fault\"]"),
    );
    assert_eq!(
        (key.as_str(), value.as_str()),
        ("stack.surfaces", "\"fault\"")
    );
    assert!(problem.contains("twice"), "{problem}");
    assert_eq!(value_error("name", &variant("\"t\"", "\"../t\"")).2, "name");
}

#[test]
fn a_formation_that_no_stack_lists() {
    let points = format!("{POINTS}500,500,300,granite\n");
    let e = load("granite", VALID, &points, ORIENTATIONS).unwrap_err();
    let IoError::Csv {
        file,
        line,
        column,
        value,
        problem,
    } = e
    else {
        panic!("{e}")
    };
    assert!(file.ends_with("sp.csv"), "{file}");
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (8, "formation", "granite")
    );
    assert!(problem.contains("no [[stack]] lists"), "{problem}");
    let orientations = format!("{ORIENTATIONS}1,1,1,0,0,1,granite\n");
    let e = load("granite-o", VALID, POINTS, &orientations).unwrap_err();
    assert!(
        matches!(&e, IoError::Csv { line: 4, value, .. } if value == "granite"),
        "{e}"
    );
}

#[test]
fn a_listed_surface_without_points_and_a_stack_without_orientations() {
    let (line, column, key, value, problem) =
        value_error("rock0", &variant("\"rock1\"]", "\"rock1\", \"rock0\"]"));
    assert_eq!(
        (line, column, key.as_str(), value.as_str()),
        (16, 31, "stack.surfaces", "\"rock0\"")
    );
    assert!(
        problem.contains("no points in") && problem.contains("sp.csv"),
        "{problem}"
    );
    let orientations = "X,Y,Z,azimuth,dip,polarity,formation\n500,500,500,90,90,1,fault\n";
    let e = load("no-orientation", VALID, POINTS, orientations).unwrap_err();
    let IoError::ProjectValue {
        line,
        key,
        value,
        problem,
        ..
    } = e
    else {
        panic!("{e}")
    };
    assert_eq!(
        (line, key.as_str(), value.as_str()),
        (14, "stack.name", "\"strat\"")
    );
    assert!(problem.contains("no orientation"), "{problem}");
}

#[test]
fn a_missing_csv_file_is_named() {
    let e = load(
        "missing",
        &variant("\"o.csv\"", "\"none.csv\""),
        POINTS,
        ORIENTATIONS,
    )
    .unwrap_err();
    assert!(
        matches!(&e, IoError::Io { file, .. } if file.ends_with("none.csv")),
        "{e}"
    );
}

#[test]
fn the_solver_and_the_memory_budget() {
    let p = load("defaults", VALID, POINTS, ORIENTATIONS).unwrap();
    assert_eq!(
        (p.solver, p.memory_budget),
        (strata_data::SolverChoice::Auto, None)
    );
    let set =
        format!("memory_budget = \"2GiB\"\n{VALID}\n[interpolation]\nsolver = \"iterative\"\n");
    let p = load("set", &set, POINTS, ORIENTATIONS).unwrap();
    assert_eq!(p.solver, strata_data::SolverChoice::Iterative);
    assert_eq!(p.memory_budget, Some(2 << 30));
    let with = |interpolation: &str| format!("{VALID}\n[interpolation]\n{interpolation}\n");
    let (line, column, key, value, problem) = value_error("solver", &with("solver = \"magic\""));
    assert_eq!(
        (line, column, key.as_str(), value.as_str()),
        (19, 10, "interpolation.solver", "\"magic\"")
    );
    assert!(problem.contains("\"iterative\""), "{problem}");
    let lots = format!("memory_budget = \"lots\"\n{VALID}");
    let (line, column, key, value, problem) = value_error("budget", &lots);
    assert_eq!(
        (line, column, key.as_str(), value.as_str()),
        (1, 17, "memory_budget", "\"lots\"")
    );
    assert!(problem.contains("2GiB"), "{problem}");
}
