//! Every way a project can be wrong is reported with the file, the line, the column and the
//! offending value.

use strata_io::IoError;
use strata_project::Project;
use strata_test_support::fixtures::{
    FAULT_POINTS as POINTS, FAULT_PROJECT as VALID, scratch_folder,
};

const ORIENTATIONS: &str = "X,Y,Z,azimuth,dip,polarity,formation\n\
                            500,500,600,90,0,1,rock2\n\
                            500,500,500,90,90,1,fault\n";

/// Writes the CSV files into a folder of their own and parses `toml` as that folder's
/// `strata.toml`.
fn load(tag: &str, toml: &str, points: &str, orientations: &str) -> Result<Project, IoError> {
    load_files(tag, toml, &[("sp.csv", points), ("o.csv", orientations)])
}

/// Writes `files` (name, text) into a folder of their own and parses `toml` as that folder's
/// `strata.toml`.
fn load_files(tag: &str, toml: &str, files: &[(&str, &str)]) -> Result<Project, IoError> {
    let dir = scratch_folder(tag, files);
    let project = Project::parse(toml, &dir.join("strata.toml"));
    std::fs::remove_dir_all(&dir).ok();
    project
}

/// `VALID` with `old` replaced by `new` (which must occur).
fn variant(old: &str, new: &str) -> String {
    assert!(VALID.contains(old), "{old}");
    VALID.replacen(old, new, 1)
}

/// The (line, column, key, value, problem) of a project-value error.
fn value_error(tag: &str, toml: &str) -> (usize, usize, String, String, String) {
    value_error_in(load(tag, toml, POINTS, ORIENTATIONS))
}

/// The (line, column, key, value, problem) of the project-value error `result` must be.
fn value_error_in(result: Result<Project, IoError>) -> (usize, usize, String, String, String) {
    match result {
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
    toml_error_in(load(tag, toml, POINTS, ORIENTATIONS))
}

/// The (line, column, value, message) of the TOML error `result` must be.
fn toml_error_in(result: Result<Project, IoError>) -> (usize, usize, String, String) {
    match result {
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
        strata_data::DEFAULT_NUGGET_SURFACE_POINTS
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

// ---- Extra grids: topography, custom points and the survey ----

/// `VALID` with a survey under three units (the fault's surface is no unit), lines 17–21.
const SURVEY: &str = "[geophysics]
survey = { extent = [0.0, 1000.0, 0.0, 500.0], spacing = 250.0, height = 1100.0 }
resolution = [10, 10, 15]
radius = [200.0, 200.0, 800.0]
densities = { rock2 = 2.0, rock1 = 2.5, basement = 3.0 }
";

/// `VALID` followed by `tail`, loaded with `files` besides the two CSV files.
fn load_grids(tag: &str, tail: &str, files: &[(&str, &str)]) -> Result<Project, IoError> {
    let toml = format!("{VALID}{tail}");
    let mut all = vec![("sp.csv", POINTS), ("o.csv", ORIENTATIONS)];
    all.extend_from_slice(files);
    load_files(tag, &toml, &all)
}

/// The survey of `VALID` with `old` replaced by `new` (which must occur).
fn survey_variant(old: &str, new: &str) -> String {
    assert!(SURVEY.contains(old), "{old}");
    SURVEY.replacen(old, new, 1)
}

#[test]
fn a_regular_survey_gives_devices_at_cell_centres_and_properties_by_id() {
    let p = load_grids("survey", SURVEY, &[]).unwrap();
    let survey = p.grids.survey.as_ref().unwrap();
    let lattice = survey.lattice.unwrap();
    assert_eq!(lattice.counts, [4, 2]);
    // x slowest: (125, 125), (125, 375), (375, 125), ...
    assert_eq!(
        survey.devices[..3],
        [
            [125.0, 125.0, 1100.0],
            [125.0, 375.0, 1100.0],
            [375.0, 125.0, 1100.0]
        ]
    );
    assert_eq!(survey.place, (17, 1));
    let grids = p.input.extra_grids();
    let centered = grids.centered.as_ref().unwrap();
    assert_eq!(centered.centers, survey.devices, "world coordinates");
    assert_eq!(
        (centered.resolution, centered.radius),
        ([10, 10, 15], [200.0, 200.0, 800.0])
    );
    // Ids 1 (the fault's surface: no unit, never a cell's id), 2 rock2, 3 rock1, 4 basement.
    let densities = grids.geophysics.as_ref().unwrap().densities.clone();
    assert_eq!(densities, Some(vec![0.0, 2.0, 2.5, 3.0]));
    assert!(grids.geophysics.as_ref().unwrap().magnetics.is_none());
    let units: Vec<(i32, String)> = p.units().into_iter().map(|u| (u.id, u.name)).collect();
    assert_eq!(
        units,
        [
            (2, "rock2".into()),
            (3, "rock1".into()),
            (4, "basement".into())
        ]
    );
}

#[test]
fn survey_keys_are_checked() {
    let value = |tag: &str, tail: &str| value_error_in(load_grids(tag, tail, &[]));
    let (line, _, key, value_, problem) = value(
        "both",
        &survey_variant("resolution", "devices = \"d.csv\"\nresolution"),
    );
    assert_eq!(
        (line, key.as_str(), value_.as_str()),
        (17, "geophysics", "[geophysics]")
    );
    assert!(problem.contains("one of the two"), "{problem}");
    let (line, column, key, value_, problem) = value(
        "spacing",
        &survey_variant("spacing = 250.0", "spacing = 300.0"),
    );
    assert_eq!(
        (line, column, key.as_str(), value_.as_str()),
        (18, 58, "geophysics.survey.spacing", "300.0")
    );
    assert!(
        problem.contains("x side 1000 is not a whole number of spacings"),
        "{problem}"
    );
    let (line, column, key, value_, problem) =
        value("inverted", &survey_variant("0.0, 500.0]", "600.0, 500.0]"));
    assert_eq!(
        (line, column, key.as_str(), value_.as_str()),
        (18, 42, "geophysics.survey.extent", "500.0")
    );
    assert!(problem.contains("ymax must exceed ymin = 600"), "{problem}");
    let (line, column, key, value_, problem) =
        value("resolution", &survey_variant("[10, 10, 15]", "[10, 1, 15]"));
    assert_eq!(
        (line, column, key.as_str(), value_.as_str()),
        (19, 19, "geophysics.resolution", "1")
    );
    assert!(
        problem.contains("resolution along y is 1, below the minimum 2"),
        "{problem}"
    );
    let (line, _, key, _, problem) = value(
        "too-many",
        &survey_variant("spacing = 250.0", "spacing = 0.5"),
    );
    assert_eq!((line, key.as_str()), (19, "geophysics.resolution"));
    assert_eq!(
        problem,
        "2000000 devices of 1936 voxels are more than 2147483648 points"
    );
    let (line, column, key, value_, _) = value("radius", &survey_variant("800.0]", "-8.0]"));
    assert_eq!(
        (line, column, key.as_str(), value_.as_str()),
        (20, 25, "geophysics.radius", "-8.0")
    );
    let (line, _, key, _, problem) = value(
        "no-property",
        &survey_variant(
            "densities = { rock2 = 2.0, rock1 = 2.5, basement = 3.0 }\n",
            "",
        ),
    );
    assert_eq!((line, key.as_str()), (17, "geophysics"));
    assert!(problem.contains("give `densities`"), "{problem}");
    let (line, _, key, _, problem) = value(
        "no-igrf",
        &format!("{SURVEY}susceptibilities = {{ rock2 = 0.0, rock1 = 0.0, basement = 0.01 }}\n"),
    );
    assert_eq!((line, key.as_str()), (22, "geophysics.susceptibilities"));
    assert!(problem.contains("need the inducing field"), "{problem}");
    let (line, column, key, value_, problem) = value(
        "inclination",
        &format!(
            "{SURVEY}susceptibilities = {{ rock2 = 0.0, rock1 = 0.0, basement = 0.01 }}\n\
             igrf = {{ inclination = 100.0, declination = 0.0, intensity = 5e4 }}\n"
        ),
    );
    assert_eq!(
        (line, column, key.as_str(), value_.as_str()),
        (23, 24, "geophysics.igrf.inclination", "100.0")
    );
    assert!(problem.contains("not in [-90°, 90°]"), "{problem}");
    // An unknown key is named where it is written.
    let (line, _, value_, message) = toml_error_in(load_grids(
        "unknown",
        &survey_variant("radius", "colour = 1\nradius"),
        &[],
    ));
    assert_eq!((line, value_.as_str()), (20, "colour"));
    assert!(message.contains("unknown field `colour`"), "{message}");
}

#[test]
fn every_unit_needs_a_property_of_its_own() {
    let value = |tag: &str, tail: &str| value_error_in(load_grids(tag, tail, &[]));
    let (line, column, key, value_, problem) =
        value("missing", &survey_variant("rock1 = 2.5, ", ""));
    assert_eq!(
        (line, column, key.as_str()),
        (21, 13, "geophysics.densities")
    );
    assert!(value_.starts_with("{ rock2 = 2.0"), "{value_}");
    assert_eq!(problem, "no density for unit 'rock1'");
    let (line, column, _, value_, problem) =
        value("unknown", &survey_variant("rock2 = 2.0", "granite = 2.0"));
    assert_eq!((line, column, value_.as_str()), (21, 15, "granite"));
    assert_eq!(
        problem,
        "no unit of this name (the units: rock2, rock1, basement)"
    );
    // A fault's surface bounds no unit.
    let (_, _, _, value_, _) = value("fault", &survey_variant("rock2 = 2.0", "fault = 2.0"));
    assert_eq!(value_, "fault");
    let (_, _, _, value_, problem) = value("nan", &survey_variant("2.5", "nan"));
    assert_eq!(
        (value_.as_str(), problem.as_str()),
        ("nan", "must be a finite number")
    );
}

#[test]
fn a_devices_file_is_read_with_its_lines() {
    let tail = survey_variant(
        "survey = { extent = [0.0, 1000.0, 0.0, 500.0], spacing = 250.0, height = 1100.0 }",
        "devices = \"d.csv\"",
    );
    let p = load_grids("devices", &tail, &[("d.csv", "x,y,z\n1,2,3\n4,5,6\n")]).unwrap();
    let survey = p.grids.survey.unwrap();
    assert_eq!(survey.devices, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    assert_eq!(survey.lattice, None);
    let e = load_grids(
        "devices-bad",
        &tail,
        &[("d.csv", "x,y,z\n1,2,3\n4,five,6\n")],
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .ends_with("d.csv:3: column 'y': not a number (value 'five')"),
        "{e}"
    );
}

#[test]
fn custom_points_are_read_and_checked() {
    let toml = variant(
        "orientations = \"o.csv\"",
        "orientations = \"o.csv\"\ncustom_points = \"c.csv\"",
    );
    let load = |tag: &str, csv: &str| {
        load_files(
            tag,
            &toml,
            &[("sp.csv", POINTS), ("o.csv", ORIENTATIONS), ("c.csv", csv)],
        )
    };
    let p = load("custom", "X,Y,Z,name\n500,500,900,a\n100,900,610,b\n").unwrap();
    assert_eq!(
        p.grids.custom,
        [[500.0, 500.0, 900.0], [100.0, 900.0, 610.0]]
    );
    // Engine coordinates through the transform (centre 500, scale 1000).
    assert_eq!(p.input.extra_grids().custom[0], [0.0, 0.0, 0.4]);
    let cases = [
        (
            "X,Y,Z\n1,2,3\n4,5,inf\n",
            "c.csv:3: column 'Z': not a finite number (value 'inf')",
        ),
        (
            "X,Z\n1,3\n",
            "c.csv:1: column 'y': missing column (value 'X,Z')",
        ),
        (
            "X,Y,Z\n",
            "c.csv:2: column 'X': no point: the file has a header and no record (value '')",
        ),
    ];
    for (k, (csv, want)) in cases.into_iter().enumerate() {
        let e = load(&format!("custom-{k}"), csv).unwrap_err().to_string();
        assert!(e.ends_with(want), "{e}\nwanted …{want}");
    }
}

/// A 3 × 3 ESRI grid of 500 m cells centred on x, y = 0, 500, 1000: heights 600 + x/10 − y/20.
const DEM: &str = "ncols 3\nnrows 3\nxllcenter 0\nyllcenter 0\ncellsize 500\nNODATA_value -9999\n\
                   550 600 650\n575 625 675\n600 650 700\n";

#[test]
fn a_dem_is_resampled_onto_the_models_x_y_grid() {
    let tail = "[topography]\nfile = \"dem.asc\"\n";
    let p = load_grids("dem", tail, &[("dem.asc", DEM)]).unwrap();
    let t = p.grids.topography.as_ref().unwrap();
    // The model's x-y grid is 4 × 4: nodes 0, 333.3, 666.7, 1000 along x and y.
    let (x, y) = t.nodes();
    assert_eq!((x.len(), y.len()), (4, 4));
    // Bilinear in a plane: exact at every node.
    for (k, p) in t.points().iter().enumerate() {
        let want = 600.0 + p[0] / 10.0 - p[1] / 20.0;
        assert!((p[2] - want).abs() < 1e-9, "node {k}: {} vs {want}", p[2]);
    }
    assert_eq!(p.input.extra_grids().topography.len(), 16);
    // The same heights as an X,Y,Z cloud on the grid's 9 centres: nearest, not bilinear.
    let cloud = "X,Y,Z\n0,0,600\n500,0,650\n1000,0,700\n0,500,575\n500,500,625\n1000,500,675\n\
                 0,1000,550\n500,1000,600\n1000,1000,650\n";
    let tail = "[topography]\nfile = \"dem.csv\"\n";
    let q = load_grids("cloud", tail, &[("dem.csv", cloud)]).unwrap();
    let nearest = q.grids.topography.unwrap();
    // Node (333.3, 0) is nearest to (500, 0): 650.
    assert_eq!(nearest.heights()[4], 650.0);
    assert_eq!(nearest.heights()[0], 600.0);
    // An octree's x-y grid is its finest level: 3 levels from a 2 × 2 × 2 root, 8 × 8 nodes.
    let octree = variant("resolution = [4, 4, 4]", "octree_levels = 3");
    let o = load_files(
        "octree-dem",
        &format!("{octree}[topography]\nfile = \"dem.asc\"\n"),
        &[
            ("sp.csv", POINTS),
            ("o.csv", ORIENTATIONS),
            ("dem.asc", DEM),
        ],
    )
    .unwrap();
    let (x, y) = o.grids.topography.as_ref().unwrap().nodes();
    assert_eq!((x.len(), y.len()), (8, 8));
}

#[test]
fn dem_files_are_checked() {
    let asc = |tag: &str, text: &str| {
        load_grids(
            tag,
            "[topography]\nfile = \"dem.asc\"\n",
            &[("dem.asc", text)],
        )
        .unwrap_err()
        .to_string()
    };
    // NODATA where a node needs a height: named where it is written.
    let e = asc("nodata", &DEM.replace("625", "-9999"));
    assert!(
        e.ends_with(
            "dem.asc:8:5: NODATA where the model's topography needs a height (value '-9999')"
        ),
        "{e}"
    );
    // A grid that does not cover the extent.
    let e = asc("small", &DEM.replace("cellsize 500", "cellsize 100"));
    assert!(
        e.contains("the grid covers x [-50, 250], y [-50, 250]"),
        "{e}"
    );
    let e = asc("header", &DEM.replace("ncols 3", "ncols three"));
    assert!(
        e.ends_with("dem.asc:1:7: ncols must be a whole number ≥ 1 (value 'three')"),
        "{e}"
    );
    let e = load_grids(
        "csv",
        "[topography]\nfile = \"dem.csv\"\n",
        &[("dem.csv", "X,Y,Z\n0,0,high\n")],
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.ends_with("dem.csv:2: column 'Z': not a number (value 'high')"),
        "{e}"
    );
    let (line, column, key, value_, problem) = value_error_in(load_grids(
        "kind",
        "[topography]\nfile = \"dem.tif\"\n",
        &[],
    ));
    assert_eq!(
        (line, column, key.as_str(), value_.as_str()),
        (18, 8, "topography.file", "\"dem.tif\"")
    );
    assert!(
        problem.contains("ESRI ASCII grid (.asc) or an X,Y,Z CSV file"),
        "{problem}"
    );
    let e = load_grids("absent", "[topography]\nfile = \"none.asc\"\n", &[]).unwrap_err();
    assert!(
        matches!(e, IoError::Io { ref file, .. } if file.ends_with("none.asc")),
        "{e:?}"
    );
    // A model one cell wide has no x-y grid to resample onto.
    let toml = variant("[4, 4, 4]", "[1, 4, 4]");
    let e = load_files(
        "narrow",
        &format!("{toml}[topography]\nfile = \"dem.asc\"\n"),
        &[
            ("sp.csv", POINTS),
            ("o.csv", ORIENTATIONS),
            ("dem.asc", DEM),
        ],
    );
    let (line, _, key, _, problem) = value_error_in(e);
    assert_eq!((line, key.as_str()), (18, "topography.file"));
    assert!(problem.contains("1 × 4 nodes"), "{problem}");
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
