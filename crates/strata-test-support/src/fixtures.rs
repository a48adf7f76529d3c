//! Small projects and picks that tests of several crates build models from, and the scratch
//! folders they are written into.

use std::path::PathBuf;

/// Surface points (`sp.csv`) of [`FAULT_PROJECT`] in world units: two points on each of
/// `rock2` (z = 600), `rock1` (z = 400) and the vertical `fault`.
pub const FAULT_POINTS: &str = "X,Y,Z,formation\n\
                                100,200,600,rock2\n900,800,600,rock2\n\
                                100,200,400,rock1\n900,800,400,rock1\n\
                                500,500,500,fault\n500,100,500,fault\n";

/// A valid project: a fault offsetting a two-surface basement stack, on a 4³ grid over
/// `[0, 1000]³`, reading `sp.csv` ([`FAULT_POINTS`]) and `o.csv`.
pub const FAULT_PROJECT: &str = r#"name = "t"
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

/// Picks of `surface` on the plane `z = z0 + slope · x`, a 20 × 20 lattice over `[25, 975]²`
/// (every 50), as CSV rows `x,y,z,surface`.
pub fn horizon_picks(surface: &str, z0: f64, slope: f64) -> String {
    let mut rows = String::new();
    for i in 0..20 {
        for j in 0..20 {
            let (x, y) = (25.0 + 50.0 * f64::from(i), 25.0 + 50.0 * f64::from(j));
            rows.push_str(&format!("{x},{y},{},{surface}\n", z0 + slope * x));
        }
    }
    rows
}

/// A fresh folder of this process for `tag` under the system's temporary folder, holding
/// `files` (name, text).
pub fn scratch_folder(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("strata-test-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("scratch file");
    }
    dir
}
