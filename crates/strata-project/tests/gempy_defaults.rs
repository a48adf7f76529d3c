//! `defaults = "gempy"`: GemPy 2026's front-end values for everything a project does not set,
//! checked against the numbers GemPy itself derives (scripts/gempy_models_ids.py --dump).

use strata_io::IoError;
use strata_project::Project;
use strata_project::gempy_defaults::Defaults;
use strata_test_support::repo;

/// Parses `toml` as the `strata.toml` of a scratch folder holding `points` and `orientations`.
fn load(tag: &str, toml: &str, points: &str, orientations: &str) -> Result<Project, IoError> {
    let dir = std::env::temp_dir().join(format!("strata-io-gempy-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sp.csv"), points).unwrap();
    std::fs::write(dir.join("o.csv"), orientations).unwrap();
    let project = Project::parse(toml, &dir.join("strata.toml"));
    std::fs::remove_dir_all(&dir).ok();
    project
}

const POINTS: &str = "X,Y,Z,formation,series\n\
                      0,0,-10,top,layers\n100,40,-10,top,layers\n\
                      0,0,-20,base,layers\n100,40,-20,base,layers\n";
/// A gradient of length 2 written as components, and a unit one as angles.
const ORIENTATIONS: &str = "X,Y,Z,G_x,G_y,G_z,formation\n50,20,10,0,0,2,top\n";

fn project(extra: &str) -> String {
    format!(
        "name = \"t\"\ndefaults = \"gempy\"\nextent = [0.0, 100.0, 0.0, 40.0, -40.0, 20.0]\n\
         resolution = [4, 2, 3]\nsurface_points = \"sp.csv\"\norientations = \"o.csv\"\n\
         [[stack]]\nname = \"layers\"\nrelation = \"basement\"\n{extra}"
    )
}

#[test]
fn greenstone_gets_gempys_transform_range_c_o_and_nuggets() {
    let p = Project::load(&repo("examples/greenstone/strata.toml")).unwrap();
    assert_eq!(p.defaults, Defaults::Gempy);
    // GemPy's own transform of these files: the centre of the data's bounding box, twice its
    // longest side (y: 6 869 216.5 .. 6 917 778).
    assert_eq!(
        p.transform.center(),
        [721180.0625, 6893494.75, -3951.360221]
    );
    assert_eq!(p.transform.axis_scales(), [97123.0; 3]);
    let k = p.input.kernel();
    assert_eq!((k.range, k.c_o, k.drift_degree), (1.7, 10.0, 1));
    // v2's `smooth` column (1e-6) is not GemPy 2026's nugget: 2e-5 and 0.01.
    assert!(p.input.surface_points().nugget().iter().all(|&n| n == 2e-5));
    assert!(p.input.orientations().nugget().iter().all(|&n| n == 0.01));
    // The stacks come from the `series` column, surfaces in file order.
    assert_eq!(
        p.stack_names(),
        ["EarlyGranite_Series", "BIF_Series", "SimpleMafic_Series"]
    );
    assert_eq!(
        p.surface_names(),
        ["EarlyGranite", "SimpleMafic2", "SimpleBIF", "SimpleMafic1"]
    );
    // The first point in engine units, as GemPy has it. GemPy multiplies by its 4×4 matrix,
    // s·y − s·c_y: each product is about 71 (y ≈ 6.9e6), so its result carries rounding of up
    // to 71·ε ≈ 1.6e-14; Strata's (y − c_y) / scale rounds once.
    let first = p.input.surface_points().xyz()[0];
    let gempy = [
        0.24847551558333247,
        -0.15726192559949936,
        0.04534552342905388,
    ];
    let s = [745312.75, 6878221.0, 452.733051].map(|v: f64| v / 97123.0);
    for a in 0..3 {
        assert!(
            (first[a] - gempy[a]).abs() <= 2.0 * s[a].abs() * f64::EPSILON,
            "{first:?}"
        );
    }
    // GemPy computes a regular grid without the scalar gradient.
    assert!(!p.input.evaluation().compute_scalar_gradient);
}

#[test]
fn gradients_keep_their_written_length_under_gempys_defaults_only() {
    let gempy = load("length", &project(""), POINTS, ORIENTATIONS).unwrap();
    assert_eq!(gempy.input.orientations().gradient()[0], [0.0, 0.0, 2.0]);
    let engine = project("").replace("defaults = \"gempy\"", "defaults = \"engine\"");
    let engine = load("length-engine", &engine, POINTS, ORIENTATIONS).unwrap();
    assert_eq!(engine.input.orientations().gradient()[0], [0.0, 0.0, 1.0]);
    assert_eq!(engine.defaults, Defaults::Engine);
    assert_eq!(engine.input.surface_points().nugget()[0], 1e-6);
    // The extent rule: centre of the extent, its longest side.
    assert_eq!(
        (engine.transform.center(), engine.transform.scale()),
        ([50.0, 20.0, -10.0], 100.0)
    );
}

#[test]
fn the_data_transform_is_anisotropic_when_gempys_is() {
    // Bounding box of the data: x 0..100, y 0..40, z −20..10 (the orientation at z = 10):
    // s = 1/(200, 80, 60) → GemPy's ratio rule makes every axis 1/200.
    let iso = load("iso", &project(""), POINTS, ORIENTATIONS).unwrap();
    assert_eq!(iso.transform.center(), [50.0, 20.0, -5.0]);
    assert_eq!(iso.transform.axis_scales(), [200.0; 3]);
    // Data 0..100 along x, 0..40 along y, −20..50 along z: sides (100, 40, 70), the vertical
    // one in between: y takes z's scale, x and z keep x's.
    let orientations = "X,Y,Z,azimuth,dip,polarity,formation\n50,20,50,90,45,1,top\n";
    let p = load("aniso", &project(""), POINTS, orientations).unwrap();
    assert_eq!(p.transform.axis_scales(), [200.0, 140.0, 200.0]);
    assert_eq!(p.transform.center(), [50.0, 20.0, 15.0]);
    // The engine grid spans the transformed extent axis by axis.
    let e = p.input.grid().extent();
    assert_eq!([e[2], e[3]], [-20.0 / 140.0, 20.0 / 140.0]);
    // The gradient turns like a normal, at its own length; x and z share a scale, so a
    // gradient without a y component keeps its direction.
    let g = p.input.orientations().gradient()[0];
    let s = 45f64.to_radians().sin();
    assert!((g[0] - s).abs() < 1e-15 && g[1].abs() < 1e-15 && (g[2] - s).abs() < 1e-15);
    // [transform] keys override the rule: a given scale is isotropic.
    let fixed = load(
        "fixed",
        &project("[transform]\nscale = 500.0\n"),
        POINTS,
        orientations,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fixed.transform.axis_scales(), [500.0; 3]);
    assert_eq!(fixed.transform.center(), [50.0, 20.0, 15.0]);
}

#[test]
fn an_octree_starts_from_gempys_root_with_meshes_on_level_four_at_most() {
    let toml = project("").replace("resolution = [4, 2, 3]", "octree_levels = 5");
    let p = load("octree", &toml, POINTS, ORIENTATIONS).unwrap();
    // Sides 100, 40, 60: 2 · round(L / 40), numpy's halves to even (2.5 → 2, 1.5 → 2).
    assert_eq!(p.input.grid().resolution(), [4, 2, 4]);
    let e = p.input.evaluation();
    assert_eq!(
        (e.number_octree_levels, e.number_octree_levels_surface),
        (5, 4)
    );
    assert!(e.mesh_extraction);
}

#[test]
fn set_values_win_over_gempys() {
    let toml = project("[interpolation]\nrange = 2.5\nnugget_surface_points = 0.0\n");
    let p = load("set", &toml, POINTS, ORIENTATIONS).unwrap();
    let k = p.input.kernel();
    // GemPy's c_o is a constant, whatever the range.
    assert_eq!((k.range, k.c_o), (2.5, 10.0));
    assert_eq!(p.input.surface_points().nugget()[0], 0.0);
}

#[test]
fn bad_defaults_and_stacks_without_surfaces() {
    let e = load(
        "bad",
        &project("").replace("\"gempy\"", "\"gempy2\""),
        POINTS,
        ORIENTATIONS,
    )
    .unwrap_err();
    assert!(
        matches!(&e, IoError::ProjectValue { line: 2, key, value, .. } if key == "defaults" && value == "\"gempy2\""),
        "{e}"
    );
    let plain_points = "X,Y,Z,formation\n0,0,-10,top\n100,40,-10,top\n";
    let e = load("no-series", &project(""), plain_points, ORIENTATIONS).unwrap_err();
    assert!(
        matches!(&e, IoError::ProjectValue { key, problem, .. } if key == "stack.surfaces" && problem.contains("no `series` column")),
        "{e}"
    );
    let other = project("").replace("name = \"layers\"", "name = \"other\"");
    let e = load("other-series", &other, POINTS, ORIENTATIONS).unwrap_err();
    assert!(
        matches!(&e, IoError::ProjectValue { key, value, problem, .. } if key == "stack.surfaces" && value == "\"other\"" && problem.contains("series 'other'")),
        "{e}"
    );
}
