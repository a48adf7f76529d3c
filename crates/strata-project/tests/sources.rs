//! `ProjectSources`: every edit equals the same edit made to the files by hand, is checked by
//! the reader as the files would be, and a save round-trips byte for byte.

use std::path::{Path, PathBuf};

use strata_io::{angles_from_gradient, gradient_from_angles};
use strata_project::{NewOrientation, NewSurfacePoint, Pole, Project, ProjectSources, RowChange};
use strata_test_support::paths::repo;

/// A fresh folder for `name`.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("strata-sources-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The bundled graben example (three stacks, faults, GemPy's export columns) copied to `dir`.
fn graben(dir: &Path) -> PathBuf {
    for file in ["strata.toml", "surface_points.csv", "orientations.csv"] {
        std::fs::copy(repo("examples/graben").join(file), dir.join(file)).unwrap();
    }
    dir.join("strata.toml")
}

/// The project of `path` read from disk.
fn load(path: &Path) -> Project {
    Project::load(path).unwrap()
}

/// Appends `line` to the file at `path`.
fn append(path: &Path, line: &str) {
    let mut text = std::fs::read_to_string(path).unwrap();
    text.push_str(line);
    std::fs::write(path, text).unwrap();
}

#[test]
fn an_added_surface_point_is_the_row_written_by_hand() {
    let dir = scratch("add");
    let (sources, _) = ProjectSources::load(&graben(&dir)).unwrap();
    let point = NewSurfacePoint {
        xyz: [420.0, 610.5, -455.25],
        surface: "rock2".into(),
        nugget: None,
    };
    let edited = sources
        .add_surface_points(&[point])
        .unwrap()
        .build()
        .unwrap();
    let by_hand = scratch("add-by-hand");
    let path = graben(&by_hand);
    append(
        &by_hand.join("surface_points.csv"),
        "999,420,610.5,-455.25,,,,rock2,,,\n",
    );
    assert_eq!(edited.input, load(&path).input);
}

#[test]
fn moved_and_deleted_points_are_the_rows_edited_by_hand() {
    let dir = scratch("move");
    let (sources, before) = ProjectSources::load(&graben(&dir)).unwrap();
    let rows = sources.surface_points().unwrap();
    let change = RowChange {
        xyz: [None, None, Some(-512.5)],
        ..RowChange::default()
    };
    let mut moved = sources.modify_surface_points(&[(3, change)]).unwrap();
    let moved_rows = moved.surface_points().unwrap();
    assert_eq!(moved_rows.len(), rows.len());
    assert_eq!(moved_rows[3].xyz, [rows[3].xyz[0], rows[3].xyz[1], -512.5]);
    assert_eq!(moved_rows[4], rows[4]);
    assert_ne!(moved.build().unwrap().input, before.input);

    let mut deleted = sources.delete_surface_points(&[0, 5]).unwrap();
    let left = deleted.surface_points().unwrap();
    assert_eq!(left.len(), rows.len() - 2);
    let place = |r: &strata_io::SurfacePointRow| (r.xyz, r.surface.clone());
    assert_eq!(place(&left[0]), place(&rows[1]));
    assert_eq!(place(&left[4]), place(&rows[6]));
    assert_eq!(
        deleted.build().unwrap().input.surface_points().len(),
        before.input.surface_points().len() - 2
    );
}

#[test]
fn edits_are_checked_as_the_files_are() {
    let dir = scratch("checked");
    let (sources, _) = ProjectSources::load(&graben(&dir)).unwrap();
    let stray = NewSurfacePoint {
        xyz: [1.0, 2.0, 3.0],
        surface: "granite".into(),
        nugget: None,
    };
    let error = sources
        .add_surface_points(&[stray])
        .unwrap()
        .build()
        .unwrap_err()
        .to_string();
    assert!(error.contains("granite"), "{error}");
    let error = sources
        .delete_surface_points(&[10_000])
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("row 10000") && error.contains("surface_points.csv"),
        "{error}"
    );
    let twice = sources
        .delete_orientations(&[1, 1])
        .unwrap_err()
        .to_string();
    assert!(twice.contains("row 1 given twice"), "{twice}");
    let no_stack = sources
        .add_surface("rock0", "granite", None)
        .unwrap_err()
        .to_string();
    assert!(no_stack.contains("no stack 'granite'"), "{no_stack}");
    let bad_extent = sources
        .set_extent([0.0, -1.0, 0.0, 1.0, 0.0, 1.0])
        .unwrap()
        .build()
        .unwrap_err()
        .to_string();
    assert!(bad_extent.contains("strata.toml:"), "{bad_extent}");
}

/// A pole given as angles to a file of components (and the other way) reads back as the same
/// unit gradient, to rounding.
#[test]
fn poles_are_written_in_the_files_own_form() {
    let dir = scratch("poles");
    let (sources, _) = ProjectSources::load(&graben(&dir)).unwrap();
    let gradient = [0.3, -0.4, 0.866];
    let added = sources
        .add_orientations(&[
            NewOrientation {
                xyz: [500.0, 500.0, -500.0],
                surface: "rock1".into(),
                pole: Pole::Gradient(gradient),
                nugget: None,
            },
            NewOrientation {
                xyz: [400.0, 500.0, -500.0],
                surface: "rock1".into(),
                pole: Pole::Angles {
                    dip: 20.0,
                    azimuth: 135.0,
                    polarity: 1.0,
                },
                nugget: None,
            },
        ])
        .unwrap();
    let rows = added.orientations().unwrap();
    let [by_gradient, by_angles] = [&rows[rows.len() - 2], &rows[rows.len() - 1]];
    let norm = gradient.iter().map(|g| g * g).sum::<f64>().sqrt();
    let close = |a: [f64; 3], b: [f64; 3]| a.iter().zip(b).all(|(a, b)| (a - b).abs() < 1e-14);
    assert!(close(by_gradient.gradient, gradient.map(|g| g / norm)));
    let expected = gradient_from_angles(135.0, 20.0, 1.0);
    assert!(close(by_angles.gradient, expected));
    let [azimuth, dip, polarity] = angles_from_gradient(by_angles.gradient).unwrap();
    assert!((azimuth - 135.0).abs() < 1e-9 && (dip - 20.0).abs() < 1e-9 && polarity == 1.0);
}

#[test]
fn project_file_edits_keep_its_comments_and_change_the_model() {
    let dir = scratch("toml");
    let (sources, _) = ProjectSources::load(&graben(&dir)).unwrap();
    let mut edited = sources
        .set_extent([0.0, 2000.0, 0.0, 1000.0, -1000.0, 0.0])
        .unwrap()
        .set_resolution([8, 4, 8])
        .unwrap()
        .add_stack("cover", "erode", &["sand"], Some(0))
        .unwrap()
        .add_surface("rock0", "layers", Some(0))
        .unwrap();
    assert!(edited.text().starts_with("# A graben: two normal faults"));
    // The new surfaces need points before the reader accepts them.
    let points = ["sand", "rock0"].map(|surface| NewSurfacePoint {
        xyz: [100.0, 100.0, -100.0],
        surface: surface.into(),
        nugget: None,
    });
    let orientation = NewOrientation {
        xyz: [100.0, 100.0, -100.0],
        surface: "sand".into(),
        pole: Pole::Gradient([0.0, 0.0, 1.0]),
        nugget: None,
    };
    edited = edited
        .add_surface_points(&points)
        .unwrap()
        .add_orientations(&[orientation])
        .unwrap();
    let project = edited.build().unwrap();
    assert_eq!(
        project.world_extent,
        [0.0, 2000.0, 0.0, 1000.0, -1000.0, 0.0]
    );
    assert_eq!(project.input.grid().resolution(), [8, 4, 8]);
    assert_eq!(
        project.stack_names(),
        ["cover", "fault2", "fault1", "layers"]
    );
    assert_eq!(
        project.surface_names(),
        [
            "sand", "fault2", "fault1", "rock0", "rock4", "rock3", "rock2", "rock1"
        ]
    );
}

/// save → load → save writes the same bytes, edited files and files named by absolute paths
/// included (those are written beside the project file and the key rewritten).
#[test]
fn a_save_round_trips_byte_for_byte() {
    let dir = scratch("save");
    let toml = graben(&dir);
    let absolute = dir.join("surface_points.csv").canonicalize().unwrap();
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "\"surface_points.csv\"",
        &format!("{:?}", absolute.display().to_string()),
    );
    let (sources, _) = {
        let mut sources = ProjectSources::new(text, &toml);
        let project = sources.build().unwrap();
        (sources, project)
    };
    let change = RowChange {
        xyz: [Some(501.0), None, None],
        ..RowChange::default()
    };
    let edited = sources.modify_orientations(&[(0, change)]).unwrap();
    let first = scratch("save-first");
    let written = edited.save(&first).unwrap();
    assert_eq!(written.len(), 3);
    let saved = std::fs::read_to_string(first.join("strata.toml")).unwrap();
    assert!(
        saved.contains("surface_points = \"surface_points.csv\""),
        "{saved}"
    );
    let (reloaded, project) = ProjectSources::load(&first.join("strata.toml")).unwrap();
    assert_eq!(project.input, edited.clone().build().unwrap().input);
    let second = scratch("save-second");
    reloaded.save(&second).unwrap();
    for file in ["strata.toml", "surface_points.csv", "orientations.csv"] {
        let (a, b) = (
            std::fs::read(first.join(file)).unwrap(),
            std::fs::read(second.join(file)).unwrap(),
        );
        assert!(a == b, "{file} differs between the two saves");
    }
}

/// A row whose nugget cell is empty takes the project's default, as a row of a file without
/// the column does.
#[test]
fn an_empty_nugget_cell_takes_the_default() {
    let dir = scratch("nugget");
    std::fs::write(
        dir.join("points.csv"),
        "X,Y,Z,formation,nugget\n100,500,600,top,0.5\n500,500,600,top,\n900,500,600,top,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("orientations.csv"),
        "X,Y,Z,azimuth,dip,polarity,formation\n500,500,600,90,0,1,top\n",
    )
    .unwrap();
    let toml = "name = \"n\"\nextent = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]\n\
                resolution = [4, 4, 4]\nsurface_points = \"points.csv\"\n\
                orientations = \"orientations.csv\"\n[[stack]]\nname = \"s\"\n\
                relation = \"basement\"\nsurfaces = [\"top\"]\n\
                [interpolation]\nnugget_surface_points = 0.25\n";
    std::fs::write(dir.join("strata.toml"), toml).unwrap();
    let project = load(&dir.join("strata.toml"));
    let mut nuggets = project.input.surface_points().nugget().to_vec();
    nuggets.sort_by(f64::total_cmp);
    assert_eq!(nuggets, [0.25, 0.25, 0.5]);
}
