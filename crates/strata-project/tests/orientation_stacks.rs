//! Orientations that name their stack (`series`) instead of a surface, and orientations
//! estimated from the picks (`estimate_orientations = true`): read, checked, written and read
//! back.

use strata_io::{IoError, OrientationRow, read_orientations, write_orientations};
use strata_project::Project;
use strata_test_support::fixtures::{
    FAULT_POINTS as POINTS, FAULT_PROJECT as PROJECT, horizon_picks, scratch_folder,
};

/// Writes the CSV files into a folder of their own and parses `toml` as its `strata.toml`.
fn load(tag: &str, toml: &str, points: &str, orientations: &str) -> Result<Project, IoError> {
    let dir = scratch_folder(tag, &[("sp.csv", points), ("o.csv", orientations)]);
    let project = Project::parse(toml, &dir.join("strata.toml"));
    std::fs::remove_dir_all(&dir).ok();
    project
}

/// The (line, column, value, problem) of the CSV error `result` must be, in `o.csv`.
fn csv_error(result: Result<Project, IoError>) -> (usize, String, String, String) {
    match result {
        Err(IoError::Csv {
            file,
            line,
            column,
            value,
            problem,
        }) => {
            assert!(file.ends_with("o.csv"), "{file}");
            (line, column, value, problem)
        }
        other => panic!("expected a CSV error, got {other:?}"),
    }
}

#[test]
fn an_orientation_may_name_its_stack_instead_of_a_surface() {
    let orientations = "X,Y,Z,azimuth,dip,polarity,formation,series\n\
                        500,500,600,90,0,1,,strat\n\
                        500,500,500,90,90,1,fault,Default series\n";
    let p = load("by-series", PROJECT, POINTS, orientations).unwrap();
    let stacks = p.input.structure().stacks();
    assert_eq!((stacks[0].n_orientations, stacks[1].n_orientations), (1, 1));
    // Engine order is stack by stack: the fault's (by its surface; GemPy's series name beside
    // it names no stack and is not used), then the one that names `strat`.
    let t = &p.transform;
    assert_eq!(
        p.input.orientations().xyz(),
        [
            t.to_engine([500.0, 500.0, 500.0]),
            t.to_engine([500.0, 500.0, 600.0])
        ]
    );
    // The same with the surface given as well, and the series agreeing.
    let both = orientations.replace(",,strat", ",rock1,strat");
    let q = load("by-both", PROJECT, POINTS, &both).unwrap();
    assert_eq!(q.input.orientations(), p.input.orientations());
}

#[test]
fn a_series_that_names_no_stack_or_another_stack_and_a_row_naming_nothing() {
    let header = "X,Y,Z,azimuth,dip,polarity,formation,Series\n\
                  500,500,600,90,0,1,rock2,strat\n\
                  500,500,500,90,90,1,fault,f\n";
    let (line, column, value, problem) = csv_error(load(
        "unknown-series",
        PROJECT,
        POINTS,
        &format!("{header}1,1,1,0,0,1,,granite\n"),
    ));
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (4, "Series", "granite")
    );
    assert!(problem.contains("no [[stack]] has this name"), "{problem}");

    let (line, column, value, problem) = csv_error(load(
        "other-stack",
        PROJECT,
        POINTS,
        &format!("{header}1,1,1,0,0,1,rock1,f\n"),
    ));
    assert_eq!((line, column.as_str(), value.as_str()), (4, "Series", "f"));
    assert!(
        problem.contains("surface 'rock1' belongs to stack 'strat'"),
        "{problem}"
    );

    let (line, column, value, problem) = csv_error(load(
        "nothing",
        PROJECT,
        POINTS,
        &format!("{header}1,1,1,0,0,1,,\n"),
    ));
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (4, "formation", "")
    );
    assert!(
        problem.contains("neither a surface nor a series"),
        "{problem}"
    );

    // Without a `series` column an empty surface is an empty name, as before.
    let (line, column, _, problem) = csv_error(load(
        "empty-surface",
        PROJECT,
        POINTS,
        "X,Y,Z,azimuth,dip,polarity,formation\n500,500,600,90,0,1,\n",
    ));
    assert_eq!((line, column.as_str()), (2, "formation"));
    assert_eq!(problem, "empty name");
}

/// `PROJECT` with `[interpolation]` lines added.
fn with_interpolation(lines: &str) -> String {
    format!("{PROJECT}\n[interpolation]\n{lines}")
}

/// The (line, column, key, value, problem) of the project-value error `result` must be.
fn value_error(result: Result<Project, IoError>) -> (usize, usize, String, String, String) {
    match result {
        Err(IoError::ProjectValue {
            line,
            column,
            key,
            value,
            problem,
            ..
        }) => (line, column, key, value, problem),
        other => panic!("expected a project-value error, got {other:?}"),
    }
}

#[test]
fn the_estimate_keys_are_checked() {
    let orientations = "X,Y,Z,azimuth,dip,polarity,formation\n\
                        500,500,600,90,0,1,rock2\n500,500,500,90,90,1,fault\n";
    let key = "interpolation.estimate_orientations_neighbours";
    for (toml, problem) in [
        (
            "estimate_orientations_neighbours = 8\n",
            "has no effect without `estimate_orientations = true`",
        ),
        (
            "estimate_orientations = false\nestimate_orientations_neighbours = 8\n",
            "has no effect without `estimate_orientations = true`",
        ),
        (
            "estimate_orientations = true\nestimate_orientations_neighbours = 2\n",
            "must be at least 3 (a plane needs 3 picks)",
        ),
        (
            "estimate_orientations = true\nestimate_orientations_neighbours = -4\n",
            "must be at least 3 (a plane needs 3 picks)",
        ),
    ] {
        let text = with_interpolation(toml);
        let (line, column, k, value, p) = value_error(load("keys", &text, POINTS, orientations));
        assert_eq!(line, text.lines().count(), "{toml}");
        assert_eq!((column, k.as_str(), p.as_str()), (36, key, problem));
        assert_eq!(value, toml.lines().last().unwrap()[35..]);
    }
    let text = with_interpolation("estimate_orientations = \"yes\"\n");
    match load("keys-type", &text, POINTS, orientations) {
        Err(IoError::Toml { line, message, .. }) => {
            assert_eq!(line, text.lines().count());
            assert!(message.contains("bool"), "{message}");
        }
        other => panic!("expected a TOML error, got {other:?}"),
    }
}

const ESTIMATED: &str = r#"name = "picks"
extent = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]
resolution = [4, 4, 4]
surface_points = "sp.csv"
orientations = "o.csv"

[[stack]]
name = "top"
relation = "erode"
surfaces = ["a", "b"]

[[stack]]
name = "base"
relation = "basement"
surfaces = ["c"]

[interpolation]
estimate_orientations = true
"#;

fn unit(v: [f64; 3]) -> [f64; 3] {
    let n = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    v.map(|c| c / n)
}

fn assert_near(got: [f64; 3], want: [f64; 3], tolerance: f64) {
    assert!(
        (0..3).all(|a| (got[a] - want[a]).abs() <= tolerance),
        "{got:?} vs {want:?}"
    );
}

#[test]
fn estimated_orientations_join_their_stacks_and_read_back() {
    let points = format!(
        "X,Y,Z,formation\n{}{}{}",
        horizon_picks("a", 700.0, 0.1),
        horizon_picks("b", 500.0, 0.1),
        horizon_picks("c", 250.0, 0.0)
    );
    // The measured orientation names its stack only; the stack `top` has none but the
    // estimated ones.
    let orientations = "X,Y,Z,G_x,G_y,G_z,surface,series\n500,500,250,0,0,1,,base\n";
    let dir = scratch_folder(
        "estimated",
        &[("sp.csv", points.as_str()), ("o.csv", orientations)],
    );
    let p = Project::parse(ESTIMATED, &dir.join("strata.toml")).unwrap();
    let rows = p.estimated_orientations.clone().unwrap();
    let on = |s: &str| {
        rows.iter()
            .filter(|o| o.surface.as_deref() == Some(s))
            .count()
    };
    let (a, b, c) = (on("a"), on("b"), on("c"));
    // Cubes of side 95 (the box is 950 wide): about ten by ten per horizon, a few more where
    // the tilted ones cross a layer of cubes.
    assert!(
        (100..=150).contains(&a) && (100..=150).contains(&b),
        "{a} {b}"
    );
    assert!((100..=121).contains(&c), "{c}");
    assert_eq!(a + b + c, rows.len());
    for (i, o) in rows.iter().enumerate() {
        assert_eq!(o.line, i + 2);
        let (series, normal) = match o.surface.as_deref() {
            Some("c") => ("base", [0.0, 0.0, 1.0]),
            _ => ("top", unit([-0.1, 0.0, 1.0])),
        };
        assert_eq!(o.series.as_deref(), Some(series));
        assert_near(o.gradient, normal, 1e-12);
    }
    let stacks = p.input.structure().stacks();
    assert_eq!(
        (stacks[0].n_orientations, stacks[1].n_orientations),
        (a + b, 1 + c)
    );
    // The file's orientation first in its stack, then the estimated ones.
    let t = &p.transform;
    let engine = p.input.orientations();
    assert_eq!(engine.xyz()[a + b], t.to_engine([500.0, 500.0, 250.0]));
    assert_eq!(engine.xyz()[0], t.to_engine(rows[0].xyz));

    // Written, read back, and fed back in as the project's orientations.
    let path = dir.join("picks_estimated_orientations.csv");
    write_orientations(&path, &rows).unwrap();
    let back = read_orientations(&path).unwrap();
    assert_eq!(back.series_column.as_deref(), Some("series"));
    assert_eq!(back.rows.len(), rows.len());
    for (r, o) in back.rows.iter().zip(&rows) {
        assert_eq!(
            OrientationRow {
                gradient: o.gradient,
                magnitude: o.magnitude,
                ..r.clone()
            },
            *o
        );
        assert_near(r.gradient, o.gradient, 1e-15);
        assert!((r.magnitude - 1.0).abs() <= 1e-15);
    }
    let fed_back = ESTIMATED
        .replace("o.csv", "picks_estimated_orientations.csv")
        .replace("estimate_orientations = true", "");
    let q = Project::parse(&fed_back, &dir.join("strata.toml")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(q.estimated_orientations.is_none());
    let n = a + b;
    assert_eq!(q.input.orientations().xyz()[..n], engine.xyz()[..n]);
    for (g, h) in q.input.orientations().gradient()[..n]
        .iter()
        .zip(&engine.gradient()[..n])
    {
        assert_near(*g, *h, 1e-15);
    }
}
