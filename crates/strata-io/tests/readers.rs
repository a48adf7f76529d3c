//! The CSV and project readers: GemPy's files as they are, every error naming file, line,
//! column and value, and no panic on any input.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use strata_io::{
    IoError, Project, parse_orientations, parse_surface_points, read_orientations,
    read_surface_points,
};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn gempy_csvs_as_written_by_gempy_and_pandas() {
    // Byte-order mark, `formation` column.
    let fold = read_surface_points(&data("05_toy_fold_unconformity_interfaces.csv")).unwrap();
    assert_eq!(fold[0].xyz, [1.0, 1.0, 3.5]);
    assert_eq!(fold[0].surface, "Flat");
    assert_eq!(fold[0].line, 2);
    // Pandas index column, `surface` column, extra columns, G_x/G_y/G_z gradients.
    let graben =
        read_orientations(&data("Tutorial_ch1-9b_Fault_relations_orientations.csv")).unwrap();
    assert_eq!(graben[0].surface, "fault2");
    assert!((graben[0].gradient[0] + 0.894_934_361_601_025).abs() < 1e-12);
    // Azimuth / dip / polarity: dip 0 points up.
    let model1 = read_orientations(&data("model1_orientations.csv")).unwrap();
    assert!((model1[0].gradient[2] - 1.0).abs() < 1e-15 && model1[0].gradient[0].abs() < 1e-15);
}

fn csv_error(e: IoError) -> (usize, String, String, String) {
    match e {
        IoError::Csv {
            line,
            column,
            value,
            problem,
            ..
        } => (line, column, value, problem),
        other => panic!("expected a CSV error, got {other}"),
    }
}

#[test]
fn missing_column() {
    let e = parse_surface_points(b"X,Y,formation\n1,2,a\n", "sp.csv").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("sp.csv:1: column 'z': missing column"),
        "{e}"
    );
}

#[test]
fn non_numeric_value() {
    let e = parse_surface_points(b"X,Y,Z,formation\n1,2,3,a\n4,five,6,a\n", "sp.csv").unwrap_err();
    assert_eq!(
        csv_error(e),
        (3, "y".into(), "five".into(), "not a number".into())
    );
}

#[test]
fn duplicate_points() {
    let e = parse_surface_points(b"X,Y,Z,formation\n1,2,3,a\n1,2,3,a\n", "sp.csv").unwrap_err();
    let (line, _, _, problem) = csv_error(e);
    assert_eq!(line, 3);
    assert!(problem.contains("line 2"), "{problem}");
}

#[test]
fn dip_and_polarity_domains() {
    let e = parse_orientations(
        b"X,Y,Z,azimuth,dip,polarity,formation\n0,0,0,90,315,1,a\n",
        "o.csv",
    )
    .unwrap_err();
    assert_eq!(csv_error(e).1, "dip");
    let e = parse_orientations(
        b"X,Y,Z,azimuth,dip,polarity,formation\n0,0,0,90,10,0.5,a\n",
        "o.csv",
    )
    .unwrap_err();
    assert_eq!(
        csv_error(e),
        (
            2,
            "polarity".into(),
            "0.5".into(),
            "polarity must be 1 or -1".into()
        )
    );
}

/// Writes a project into a fresh folder and loads it.
fn project(toml: &str, points: &str, orientations: &str) -> Result<Project, IoError> {
    let dir = std::env::temp_dir().join(format!(
        "strata-io-{}-{:x}",
        std::process::id(),
        toml.len() * 31 + points.len() * 7 + orientations.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sp.csv"), points).unwrap();
    std::fs::write(dir.join("o.csv"), orientations).unwrap();
    std::fs::write(dir.join("strata.toml"), toml).unwrap();
    let r = Project::load(&dir.join("strata.toml"));
    std::fs::remove_dir_all(&dir).ok();
    r
}

const POINTS: &str =
    "X,Y,Z,formation\n100,200,600,rock2\n900,800,600,rock2\n100,200,400,rock1\n900,800,400,rock1\n";
const ORIENTATIONS: &str = "X,Y,Z,azimuth,dip,polarity,formation\n500,500,600,90,0,1,rock2\n";

fn toml(extra_stack: &str, head: &str) -> String {
    format!(
        "name = \"t\"\n{head}\nsurface_points = \"sp.csv\"\norientations = \"o.csv\"\n\
         [[stack]]\nname = \"strat\"\nrelation = \"basement\"\nsurfaces = [\"rock2\", \"rock1\"]\n{extra_stack}"
    )
}

const HEAD: &str = "extent = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]\nresolution = [4, 4, 4]";

#[test]
fn a_valid_project_loads() {
    let p = project(&toml("", HEAD), POINTS, ORIENTATIONS).unwrap();
    assert_eq!(p.input.surface_points().len(), 4);
    assert_eq!(p.input.unit_values(), &[1.0, 2.0, 3.0]);
    assert_eq!(p.transform.scale(), 1600.0);
}

#[test]
fn formation_no_stack_lists() {
    let points = format!("{POINTS}500,500,500,granite\n");
    let e = project(&toml("", HEAD), &points, ORIENTATIONS).unwrap_err();
    let (line, column, value, problem) = csv_error(e);
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (6, "formation", "granite")
    );
    assert!(problem.contains("no stack"));
}

#[test]
fn listed_surface_without_points() {
    let t = toml("", HEAD).replace(
        "[\"rock2\", \"rock1\"]",
        "[\"rock2\", \"rock1\", \"rock0\"]",
    );
    let e = project(&t, POINTS, ORIENTATIONS).unwrap_err();
    assert!(
        e.to_string()
            .contains("surface 'rock0' has no points in sp.csv"),
        "{e}"
    );
}

#[test]
fn inverted_extent_and_zero_resolution() {
    let e = project(
        &toml(
            "",
            "extent = [0.0, 1000.0, 500.0, 0.0, 0.0, 1000.0]\nresolution = [4, 4, 4]",
        ),
        POINTS,
        ORIENTATIONS,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("extent is inverted on axis y: min 500 >= max 0"),
        "{e}"
    );
    let e = project(
        &toml(
            "",
            "extent = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]\nresolution = [4, 0, 4]",
        ),
        POINTS,
        ORIENTATIONS,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("grid resolution is zero on axis y"),
        "{e}"
    );
}

#[test]
fn unknown_kernel_relation_and_key() {
    let e = project(
        &toml("[interpolation]\nkernel = \"gaussian\"\n", HEAD),
        POINTS,
        ORIENTATIONS,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("unknown kernel function 'gaussian'"),
        "{e}"
    );
    let t = toml("", HEAD).replace("relation = \"basement\"", "relation = \"sideways\"");
    let e = project(&t, POINTS, ORIENTATIONS).unwrap_err();
    assert!(e.to_string().contains("unknown relation 'sideways'"), "{e}");
    let e = project(
        &toml("", &format!("{HEAD}\ncolour = 3")),
        POINTS,
        ORIENTATIONS,
    )
    .unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("unknown field `colour`") && msg.contains("line 4, column 1"),
        "{msg}"
    );
}

#[test]
fn fault_offsetting_an_unknown_stack() {
    let fault = "[[stack]]\nname = \"f\"\nrelation = \"fault\"\nsurfaces = [\"fault\"]\noffsets = [\"nowhere\"]\n";
    let t = toml("", HEAD).replace(
        "[[stack]]\nname = \"strat\"",
        &format!("{fault}[[stack]]\nname = \"strat\""),
    );
    let points = format!("{POINTS}500,500,500,fault\n500,100,500,fault\n");
    let orientations = format!("{ORIENTATIONS}500,500,500,90,90,1,fault\n");
    let e = project(&t, &points, &orientations).unwrap_err();
    assert!(
        e.to_string()
            .contains("stack 'f' offsets 'nowhere', which is not a stack"),
        "{e}"
    );
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Arbitrary bytes and mutations of valid files never panic the CSV readers.
    #[test]
    fn csv_readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), at in 0usize..400, byte in any::<u8>()) {
        let _ = parse_surface_points(&bytes, "fuzz.csv");
        let _ = parse_orientations(&bytes, "fuzz.csv");
        for valid in [POINTS, ORIENTATIONS] {
            let mut mutated = valid.as_bytes().to_vec();
            let i = at % mutated.len();
            mutated[i] = byte;
            let _ = parse_surface_points(&mutated, "fuzz.csv");
            let _ = parse_orientations(&mutated, "fuzz.csv");
        }
    }

    /// Arbitrary text and mutations of a valid project never panic the project reader.
    #[test]
    fn project_reader_never_panics(text in ".{0,80}", at in 0usize..400, c in any::<char>()) {
        let path = Path::new("/nonexistent/strata.toml");
        let _ = Project::parse(&text, path);
        let mut valid: Vec<char> = toml("", HEAD).chars().collect();
        let i = at % valid.len();
        valid[i] = c;
        let _ = Project::parse(&valid.into_iter().collect::<String>(), path);
    }
}
