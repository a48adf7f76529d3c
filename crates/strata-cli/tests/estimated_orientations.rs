//! `strata model` with `estimate_orientations = true`: a stack known only by its picks (and
//! one orientation that names the stack) is computed with the orientations fitted to them,
//! which are written as `<name>_estimated_orientations.csv` and read back.

use strata_cli::compute_flags::ComputeFlags;
use strata_cli::model_command::{self, Format};
use strata_io::read_orientations;
use strata_project::Project;
use strata_test_support::fixtures::horizon_picks;

/// `z = z0 + 0.1 x`, the two horizons' heights (world units).
const HORIZONS: [(&str, f64); 2] = [("top", 700.0), ("base", 400.0)];
const SLOPE: f64 = 0.1;

const PROJECT: &str = r#"name = "picks"
extent = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]
resolution = [10, 10, 10]
surface_points = "picks.csv"
orientations = "orientations.csv"

[[stack]]
name = "layers"
relation = "basement"
surfaces = ["top", "base"]

[interpolation]
estimate_orientations = true
estimate_orientations_neighbours = 9
"#;

#[test]
fn a_model_from_picks_and_its_estimated_orientations() {
    let dir = std::env::temp_dir().join(format!("strata-estimated-{}", std::process::id()));
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut picks = String::from("X,Y,Z,surface\n");
    for (surface, z0) in HORIZONS {
        picks.push_str(&horizon_picks(surface, z0, SLOPE));
    }
    std::fs::write(dir.join("picks.csv"), picks).unwrap();
    // One measured orientation, naming the stack rather than a surface.
    std::fs::write(
        dir.join("orientations.csv"),
        "X,Y,Z,azimuth,dip,polarity,surface,series\n500,500,600,270,5.710593137499643,1,,layers\n",
    )
    .unwrap();
    let project_file = dir.join("strata.toml");
    std::fs::write(&project_file, PROJECT).unwrap();

    let (run, written) =
        model_command::run(&project_file, &out, &[Format::Csv], ComputeFlags::default())
            .expect("model runs");
    let file = out.join("picks_estimated_orientations.csv");
    assert_eq!(written, std::slice::from_ref(&file));

    // The file reads back as the project's estimated orientations, unit normals of the
    // horizons pointing up (towards the younger `top`).
    let project = Project::load(&project_file).unwrap();
    let estimated = project.estimated_orientations.unwrap();
    let back = read_orientations(&file).unwrap().rows;
    assert_eq!(back.len(), estimated.len());
    assert!(back.len() >= 150, "{} orientations", back.len());
    let norm = (1.0 + SLOPE * SLOPE).sqrt();
    for (r, e) in back.iter().zip(&estimated) {
        assert_eq!(
            (r.xyz, &r.surface, &r.series),
            (e.xyz, &e.surface, &e.series)
        );
        let want = [-SLOPE / norm, 0.0, 1.0 / norm];
        assert!(
            (0..3).all(|a| (r.gradient[a] - want[a]).abs() < 1e-12),
            "{:?}",
            r.gradient
        );
    }
    assert_eq!(run.input.orientations().len(), 1 + estimated.len());

    // Every cell centre farther than 30 from a horizon has the unit the planes give: 1 above
    // `top`, 2 between, 3 below `base` (cell (i, j, k) is number (10 i + j) 10 + k).
    let ids = &run.solution.levels[0].ids;
    let mut checked = 0;
    for (cell, &id) in ids.iter().enumerate() {
        let (i, k) = (cell / 100, cell % 10);
        let (x, z) = (50.0 + 100.0 * i as f64, 50.0 + 100.0 * k as f64);
        let [top, base] = HORIZONS.map(|(_, z0)| z0 + SLOPE * x);
        if (z - top).abs() < 30.0 || (z - base).abs() < 30.0 {
            continue;
        }
        let want = if z > top {
            1
        } else if z > base {
            2
        } else {
            3
        };
        assert_eq!(id, want, "cell {cell} at x {x}, z {z}");
        checked += 1;
    }
    assert!(checked > 800, "{checked} cells checked");
    std::fs::remove_dir_all(&dir).ok();
}
