//! The files of an imported project: `surface_points.csv` and `orientations.csv` — the columns
//! Strata and GemPy read, each cell copied as the saved model wrote it — and `strata.toml`.

use std::fmt::Write as _;
use std::path::Path;

use toml::Value;

use super::stacks::ImportedStack;
use crate::IoError;
use crate::csv_table::CsvTable;

/// The columns copied from a saved model's CSV file: `(name written, names read)`; a group is
/// copied only when every one of its columns is present.
type Group = &'static [(&'static str, &'static [&'static str])];

const XYZ: Group = &[("X", &["x"]), ("Y", &["y"]), ("Z", &["z"])];
const ANGLES: Group = &[
    ("azimuth", &["azimuth"]),
    ("dip", &["dip"]),
    ("polarity", &["polarity"]),
];
const COMPONENTS: Group = &[
    ("G_x", &["g_x", "gradient_x"]),
    ("G_y", &["g_y", "gradient_y"]),
    ("G_z", &["g_z", "gradient_z"]),
];
const SURFACE: Group = &[("formation", &["formation", "surface"])];
const SERIES: Group = &[("series", &["series"])];
/// GemPy v2's per-row nugget.
const SMOOTH: Group = &[("nugget", &["smooth"])];

/// Which saved file is copied.
#[derive(Clone, Copy)]
pub(super) enum DataFile {
    SurfacePoints,
    Orientations,
}

/// The CSV text of a project data file copied from the saved model's file at `path`: position,
/// gradient columns (orientations), surface, series and, with `nuggets`, v2's `smooth` as
/// `nugget`.
pub(super) fn copy_data_file(
    path: &Path,
    kind: DataFile,
    nuggets: bool,
) -> Result<Vec<u8>, IoError> {
    let table = CsvTable::read(path)?;
    let groups: &[Group] = match kind {
        DataFile::SurfacePoints => &[XYZ, SURFACE, SERIES, SMOOTH],
        DataFile::Orientations => &[XYZ, ANGLES, COMPONENTS, SURFACE, SERIES, SMOOTH],
    };
    let mut columns: Vec<(&str, usize)> = Vec::new();
    for &group in groups {
        if group == SMOOTH && !nuggets {
            continue;
        }
        let found: Vec<Option<usize>> = group
            .iter()
            .map(|(_, names)| table.column(names))
            .collect::<Result<_, _>>()?;
        if let Some(found) = found.into_iter().collect::<Option<Vec<usize>>>() {
            columns.extend(group.iter().map(|(name, _)| *name).zip(found));
        }
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    let write_error = |e: csv::Error| IoError::Output {
        file: path.display().to_string(),
        problem: e.to_string(),
    };
    out.write_record(columns.iter().map(|(name, _)| *name))
        .map_err(write_error)?;
    for row in table.rows() {
        let cells = columns
            .iter()
            .map(|&(_, c)| row.text(c))
            .collect::<Result<Vec<_>, _>>()?;
        out.write_record(cells).map_err(write_error)?;
    }
    out.into_inner().map_err(|e| IoError::Output {
        file: path.display().to_string(),
        problem: e.to_string(),
    })
}

/// The values GemPy v2 computed the model with (`--defaults saved`), engine units.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SavedValues {
    /// v2's range in world units and its rescaling factor: `range = range_world / factor`.
    pub range_world: f64,
    /// v2's `C_o`: `c_o = c_o_world / factor` (v2 divides it by the factor too).
    pub c_o_world: f64,
    pub factor: f64,
    pub centers: [f64; 3],
    pub drift: u8,
    pub nugget_surface_points: f64,
    pub nugget_orientations: f64,
}

/// What `strata.toml` says.
pub(super) struct ProjectSpec<'a> {
    pub name: &'a str,
    /// The saved model's folder, for the header comment.
    pub source: &'a Path,
    pub extent: [f64; 6],
    pub resolution: [usize; 3],
    pub stacks: &'a [ImportedStack],
    /// The saved values, which override GemPy 2026's (`defaults = "gempy"` either way).
    pub saved: Option<&'a SavedValues>,
}

/// The text of `strata.toml`.
pub(super) fn project_toml(spec: &ProjectSpec<'_>) -> String {
    let mut t = String::new();
    let float = |v: f64| Value::Float(v).to_string();
    let floats = |v: &[f64]| Value::Array(v.iter().map(|&v| Value::Float(v)).collect()).to_string();
    let string = |s: &str| Value::String(s.to_string()).to_string();
    let strings = |v: &[String]| {
        Value::Array(v.iter().map(|s| Value::String(s.clone())).collect()).to_string()
    };
    let _ = writeln!(
        t,
        "# Imported by `strata import gempy` from GemPy's saved model {}",
        spec.source.display()
    );
    match spec.saved {
        None => {
            let _ = writeln!(t, "# and computed as GemPy 2026's front end computes it.");
        }
        Some(_) => {
            let _ = writeln!(
                t,
                "# with the kriging values and rescaling GemPy v2 saved with it; GemPy's rules\n\
                 # (`defaults = \"gempy\"`) for the rest: gradients as written, numpy's solve."
            );
        }
    }
    let _ = writeln!(t, "name = {}", string(spec.name));
    let _ = writeln!(t, "defaults = \"gempy\"");
    let _ = writeln!(t, "extent = {}", floats(&spec.extent));
    let resolution = spec.resolution.map(|r| Value::Integer(r as i64));
    let _ = writeln!(t, "resolution = {}", Value::Array(resolution.to_vec()));
    let _ = writeln!(t, "surface_points = \"surface_points.csv\"");
    let _ = writeln!(t, "orientations = \"orientations.csv\"");
    for stack in spec.stacks {
        let _ = writeln!(t, "\n[[stack]]");
        let _ = writeln!(t, "name = {}", string(&stack.series.name));
        let _ = writeln!(t, "relation = \"{}\"", stack.relation);
        let _ = writeln!(t, "surfaces = {}", strings(&stack.surfaces));
        if !stack.offsets.is_empty() {
            let _ = writeln!(t, "offsets = {}", strings(&stack.offsets));
        }
    }
    if let Some(s) = spec.saved {
        let _ = writeln!(t, "\n[interpolation]");
        let _ = writeln!(
            t,
            "# GemPy v2's range {} and C_o {} divided by its rescaling factor {}",
            float(s.range_world),
            float(s.c_o_world),
            float(s.factor)
        );
        let _ = writeln!(t, "range = {}", float(s.range_world / s.factor));
        let _ = writeln!(t, "c_o = {}", float(s.c_o_world / s.factor));
        let _ = writeln!(t, "drift = {}", s.drift);
        let _ = writeln!(
            t,
            "nugget_surface_points = {}",
            float(s.nugget_surface_points)
        );
        let _ = writeln!(t, "nugget_orientations = {}", float(s.nugget_orientations));
        let _ = writeln!(t, "\n[transform]");
        let _ = writeln!(t, "center = {}", floats(&s.centers));
        let _ = writeln!(t, "scale = {}", float(s.factor));
    }
    t
}
