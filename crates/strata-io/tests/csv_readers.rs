//! The CSV readers: GemPy's files as GemPy and pandas write them, and every kind of bad value
//! reported with its file, line, column and value.

use std::path::{Path, PathBuf};

use strata_io::{
    IoError, parse_orientations, parse_surface_points, read_orientations, read_surface_points,
};

fn csv(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/csv")
        .join(name)
}

/// The (line, column, value, problem) of a CSV error.
fn csv_error(e: IoError) -> (usize, String, String, String) {
    match e {
        IoError::Csv {
            file,
            line,
            column,
            value,
            problem,
        } => {
            assert_eq!(file, "f.csv");
            (line, column, value, problem)
        }
        other => panic!("expected a CSV error, got {other}"),
    }
}

fn point_error(text: &str) -> (usize, String, String, String) {
    csv_error(parse_surface_points(text.as_bytes(), "f.csv").unwrap_err())
}

fn orientation_error(text: &str) -> (usize, String, String, String) {
    csv_error(parse_orientations(text.as_bytes(), "f.csv").unwrap_err())
}

#[test]
fn a_byte_order_mark_and_the_formation_column() {
    let fold = read_surface_points(&csv("05_toy_fold_unconformity_interfaces.csv")).unwrap();
    assert_eq!(fold.surface_column, "formation");
    assert_eq!(fold.rows.len(), 11);
    let first = &fold.rows[0];
    assert_eq!(
        (first.line, first.xyz, first.surface.as_str(), first.nugget),
        (2, [1.0, 1.0, 3.5], "Flat", None)
    );
}

#[test]
fn a_pandas_index_column_the_surface_column_and_extra_columns() {
    let graben =
        read_surface_points(&csv("Tutorial_ch1-9b_Fault_relations_surface_points.csv")).unwrap();
    assert_eq!(graben.surface_column, "surface");
    assert_eq!(graben.rows.len(), 72);
    assert_eq!(graben.rows[0].xyz, [500.0, 500.0, -700.0]);
    // Blank lines at the end of the file are no records.
    assert_eq!(
        read_surface_points(&csv("model6_surface_points.csv"))
            .unwrap()
            .rows
            .len(),
        39
    );
}

#[test]
fn gradients_from_angles_are_unit_poles() {
    // dip 0 points up; dip 90 at azimuth 90 points east; polarity −1 flips.
    let o = parse_orientations(
        b"X,Y,Z,azimuth,dip,polarity,formation\n0,0,0,90,0,1,a\n0,0,1,90,90,1,a\n0,0,2,0,60,-1,a\n",
        "f.csv",
    )
    .unwrap()
    .rows;
    let near = |g: [f64; 3], w: [f64; 3]| (0..3).all(|a| (g[a] - w[a]).abs() < 1e-15);
    assert!(near(o[0].gradient, [0.0, 0.0, 1.0]), "{:?}", o[0].gradient);
    assert!(near(o[1].gradient, [1.0, 0.0, 0.0]), "{:?}", o[1].gradient);
    let s = 60f64.to_radians();
    assert!(
        near(o[2].gradient, [0.0, -s.sin(), -s.cos()]),
        "{:?}",
        o[2].gradient
    );
}

#[test]
fn gradient_components_are_normalised_and_angles_win_when_both_are_given() {
    let o = parse_orientations(
        b"x,y,z,g_x,g_y,g_z,surface,nugget\n0,0,0,0,3,4,a,0.5\n",
        "f.csv",
    )
    .unwrap()
    .rows;
    assert_eq!((o[0].gradient, o[0].nugget), ([0.0, 0.6, 0.8], Some(0.5)));
    // GemPy's export has both; its G_z of 1.000000000001 is noise, the angles say (0, 0, 1).
    let graben =
        read_orientations(&csv("Tutorial_ch1-9b_Fault_relations_orientations.csv")).unwrap();
    assert_eq!(graben.rows[2].gradient, [0.0, 0.0, 1.0]);
}

#[test]
fn a_missing_column() {
    let (line, column, value, problem) = point_error("X,Y,formation\n1,2,a\n");
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (1, "z", "X,Y,formation")
    );
    assert_eq!(problem, "missing column");
    let (_, column, _, _) = point_error("X,Y,Z\n1,2,3\n");
    assert_eq!(column, "formation' or 'surface");
    let (_, column, _, problem) = orientation_error("X,Y,Z,dip,formation\n1,2,3,4,a\n");
    assert!(
        column.contains("azimuth") && column.contains("G_x"),
        "{column}"
    );
    assert!(problem.contains("missing"), "{problem}");
}

#[test]
fn a_column_given_twice() {
    let (line, column, _, problem) = point_error("X,Y,Z,z,formation\n1,2,3,4,a\n");
    assert_eq!((line, column.as_str()), (1, "z"));
    assert!(problem.contains("twice"), "{problem}");
}

#[test]
fn a_non_numeric_or_non_finite_value() {
    assert_eq!(
        point_error("X,Y,Z,formation\n1,2,3,a\n4,five,6,a\n"),
        (3, "Y".into(), "five".into(), "not a number".into())
    );
    assert_eq!(
        point_error("X,Y,Z,formation\n1,2,inf,a\n"),
        (2, "Z".into(), "inf".into(), "not a finite number".into())
    );
    assert_eq!(
        point_error("X,Y,Z,formation,nugget\n1,2,3,a,-1\n"),
        (2, "nugget".into(), "-1".into(), "negative nugget".into())
    );
}

#[test]
fn a_record_with_too_many_fields_or_an_empty_name() {
    let (line, _, value, problem) = point_error("X,Y,Z,formation\n1,2,3,a\n1,2,3,a,b\n");
    assert_eq!((line, value.as_str()), (3, "5 fields"));
    assert!(problem.contains("header has 4"), "{problem}");
    assert_eq!(
        point_error("X,Y,Z,formation\n1,2,3,\n"),
        (2, "formation".into(), "".into(), "empty name".into())
    );
}

#[test]
fn invalid_utf8_in_an_ignored_column_is_accepted_and_in_a_used_one_reported() {
    let ok = parse_surface_points(b"X,Y,Z,formation,note\n1,2,3,a,\xff\n", "f.csv").unwrap();
    assert_eq!(ok.rows.len(), 1);
    let e = parse_surface_points(b"X,Y,Z,formation\n1,2,3,\xff\n", "f.csv").unwrap_err();
    let (line, column, _, problem) = csv_error(e);
    assert_eq!(
        (line, column.as_str(), problem.as_str()),
        (2, "formation", "not valid UTF-8")
    );
}

#[test]
fn duplicate_points_are_read_as_gempy_reads_them() {
    // The two rows differ only by their nuggets: solvable whenever the nugget is positive.
    let points = parse_surface_points(
        b"X,Y,Z,formation\n1,2,3,a\n1,2,3,b\n-0,2,3,b\n0,2,3,b\n",
        "f.csv",
    )
    .unwrap();
    assert_eq!(points.rows.len(), 4);
    assert_eq!(points.rows[3].xyz, [0.0, 2.0, 3.0]);
}

#[test]
fn the_series_column_is_kept_when_present() {
    let points =
        parse_surface_points(b"X,Y,Z,surface,series\n1,2,3,a,s1\n1,2,4,b,\n", "f.csv").unwrap();
    assert_eq!(points.rows[0].series.as_deref(), Some("s1"));
    assert_eq!(points.rows[1].series, None);
    let plain = parse_surface_points(b"X,Y,Z,surface\n1,2,3,a\n", "f.csv").unwrap();
    assert_eq!(plain.rows[0].series, None);
}

/// The unit gradient and magnitude of one orientation row `azimuth, dip, polarity`.
fn pole(angles: &str) -> ([f64; 3], f64) {
    let text = format!("X,Y,Z,azimuth,dip,polarity,formation\n0,0,0,{angles},a\n");
    let o = &parse_orientations(text.as_bytes(), "f.csv").unwrap().rows[0];
    (o.gradient, o.magnitude)
}

fn assert_near(got: [f64; 3], want: [f64; 3]) {
    assert!(
        (0..3).all(|a| (got[a] - want[a]).abs() < 1e-15),
        "{got:?} vs {want:?}"
    );
}

#[test]
fn any_finite_dip_is_read_with_gempys_formula() {
    // GemPy's Greenstone file has dip −60: the plane of dip 60 at the opposite azimuth.
    let (g, _) = pole("0,-60,1");
    assert_near(g, pole("180,60,1").0);
    let s = 60f64.to_radians().sin();
    assert_near(g, [0.0, -s, 0.5]);
    // Beyond 180: dip 315 at azimuth 90 is dip 45 at azimuth 270.
    assert_near(pole("90,315,1").0, pole("270,45,1").0);
    // Overturned: dip 120 points down, as dip 60 at the opposite azimuth with polarity −1.
    assert_near(pole("90,120,1").0, pole("270,60,-1").0);
    let (line, column, value, problem) =
        orientation_error("X,Y,Z,azimuth,dip,polarity,formation\n0,0,0,90,inf,1,a\n");
    assert_eq!((line, column.as_str(), value.as_str()), (2, "dip", "inf"));
    assert_eq!(problem, "not a finite number");
}

#[test]
fn the_polarity_scales_the_gradient_as_in_gempy() {
    let (g, magnitude) = pole("90,90,1");
    assert_near(g, [1.0, 0.0, 0.0]);
    assert_eq!(magnitude, 1.0);
    let (g, magnitude) = pole("90,90,0.5");
    assert_near(g, [1.0, 0.0, 0.0]);
    assert_eq!(magnitude, 0.5);
    let (g, magnitude) = pole("90,90,-2");
    assert_near(g, [-1.0, 0.0, 0.0]);
    assert_eq!(magnitude, 2.0);
    let (line, column, value, problem) =
        orientation_error("X,Y,Z,azimuth,dip,polarity,formation\n0,0,0,90,10,0,a\n");
    assert_eq!(
        (line, column.as_str(), value.as_str()),
        (2, "polarity", "0")
    );
    assert!(problem.contains("zero"), "{problem}");
}

#[test]
fn gempys_gradient_column_names() {
    let o = parse_orientations(
        b"X,Y,Z,gradient_x,gradient_y,gradient_z,formation\n0,0,0,0,0,2,a\n",
        "f.csv",
    )
    .unwrap();
    assert_eq!(
        (o.rows[0].gradient, o.rows[0].magnitude),
        ([0.0, 0.0, 1.0], 2.0)
    );
}

#[test]
fn a_zero_gradient() {
    let (line, column, _, problem) =
        orientation_error("X,Y,Z,G_x,G_y,G_z,formation\n0,0,0,0,0,0,a\n");
    assert_eq!((line, column.as_str()), (2, "G_x"));
    assert!(problem.contains("zero"), "{problem}");
}

#[test]
fn a_missing_file_names_it() {
    let e = read_surface_points(Path::new("/nonexistent/points.csv")).unwrap_err();
    assert!(
        matches!(&e, IoError::Io { file, .. } if file == "/nonexistent/points.csv"),
        "{e}"
    );
}
