//! `strata section strata.toml (--axis x|y|z --at VALUE | --from X,Y --to X,Y) --out
//! section.png`: a cross-section of a project coloured by unit, with the faults' traces — a
//! plane perpendicular to an axis, or a vertical plane along a straight trace on the map.
//!
//! The section's cells are evaluated as the model's custom points (on a one-cell regular
//! grid), so any plane costs the same; with a topography, cells above it are air.

use std::path::Path;

use strata_data::{EvaluationOptions, ExtraGrids, Point, RegularGrid};
use strata_engine::{Cpu, Kernels, WeightsCache, compute_model_with};
use strata_io::IoError;
use strata_plot::{Registration, Section, Trace, write_section_png};
use strata_project::Project;

use crate::compute_flags::{ComputeFlags, ProjectSettings, compute_options};
use crate::engine_command::CommandError;
use crate::pictures::{fault_traces, unit_legend};

/// Cells along the longer side of the section.
const SECTION_CELLS: usize = 240;

/// The axis a section is perpendicular to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Axis {
    /// A section at constant x (a y–z plane).
    X,
    /// A section at constant y (an x–z plane).
    Y,
    /// A section at constant z (a map).
    Z,
}

/// The plane of a section.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Plane {
    /// Perpendicular to an axis at a world coordinate.
    Axis(Axis, f64),
    /// Vertical, along the straight trace from one x-y point to another (world units).
    Trace {
        /// Where the trace starts: the left edge of the picture.
        from: [f64; 2],
        /// Where it ends.
        to: [f64; 2],
    },
}

/// The command-line flags of `strata section`.
#[derive(Debug, Clone, clap::Args)]
pub struct SectionArgs {
    /// The project file.
    pub project: std::path::PathBuf,
    /// The axis the section is perpendicular to (with --at).
    #[arg(long, value_enum, requires = "at", conflicts_with_all = ["from", "to"])]
    pub axis: Option<Axis>,
    /// Where along that axis, world units.
    #[arg(long, allow_negative_numbers = true, requires = "axis")]
    pub at: Option<f64>,
    /// A vertical section along a trace: its start `X,Y`, world units (with --to).
    #[arg(long, value_parser = parse_xy, allow_hyphen_values = true, requires = "to")]
    pub from: Option<[f64; 2]>,
    /// The end `X,Y` of the trace.
    #[arg(long, value_parser = parse_xy, allow_hyphen_values = true, requires = "from")]
    pub to: Option<[f64; 2]>,
    /// The PNG to write.
    #[arg(long)]
    pub out: std::path::PathBuf,
}

impl SectionArgs {
    /// The plane the flags name: `--axis` with `--at`, or `--from` with `--to`; neither is
    /// [`CommandError::NoSectionPlane`].
    pub fn plane(&self) -> Result<Plane, CommandError> {
        match (self.axis, self.at, self.from, self.to) {
            (Some(axis), Some(at), None, None) => Ok(Plane::Axis(axis, at)),
            (None, None, Some(from), Some(to)) => Ok(Plane::Trace { from, to }),
            _ => Err(CommandError::NoSectionPlane),
        }
    }
}

/// `X,Y` as two finite numbers.
pub fn parse_xy(text: &str) -> Result<[f64; 2], String> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|v| v.trim().parse::<f64>().map_err(|e| format!("'{v}': {e}")))
        .collect::<Result<_, _>>()?;
    match numbers[..] {
        [x, y] if x.is_finite() && y.is_finite() => Ok([x, y]),
        _ => Err(format!("'{text}' is not two finite numbers X,Y")),
    }
}

/// The lattice of a section: `nu × nv` points (world), `v` fastest, at the centres of the
/// cells tiling the picture, and the picture's axes.
struct Lattice {
    points: Vec<Point>,
    nu: usize,
    nv: usize,
    u_range: [f64; 2],
    v_range: [f64; 2],
    labels: [&'static str; 2],
    title: String,
}

impl Lattice {
    /// The lattice of `plane` in `project`'s extent, or an error naming the flag out of it.
    fn new(project: &Project, plane: Plane) -> Result<Self, IoError> {
        let e = project.world_extent;
        let names = ["x", "y", "z"];
        let outside = |flag: &str, a: usize, value: f64| IoError::Project {
            file: project.file.display().to_string(),
            problem: format!(
                "{flag} {value} lies outside the model extent along {} [{}, {}]",
                names[a],
                e[2 * a],
                e[2 * a + 1]
            ),
        };
        let inside = |a: usize, v: f64| (e[2 * a]..=e[2 * a + 1]).contains(&v);
        match plane {
            Plane::Axis(axis, at) => {
                let a = axis as usize;
                if !inside(a, at) {
                    return Err(outside("--at", a, at));
                }
                let (u, v) = match axis {
                    Axis::X => (1, 2),
                    Axis::Y => (0, 2),
                    Axis::Z => (0, 1),
                };
                let (nu, nv) = cells(e[2 * u + 1] - e[2 * u], e[2 * v + 1] - e[2 * v]);
                let point = |su: f64, sv: f64| {
                    let mut p = [at; 3];
                    p[u] = e[2 * u] + su * (e[2 * u + 1] - e[2 * u]);
                    p[v] = e[2 * v] + sv * (e[2 * v + 1] - e[2 * v]);
                    p
                };
                Ok(Self {
                    points: centres(nu, nv, point),
                    nu,
                    nv,
                    u_range: [e[2 * u], e[2 * u + 1]],
                    v_range: [e[2 * v], e[2 * v + 1]],
                    labels: [names[u], names[v]],
                    title: format!("{}: section {} = {at}", project.name, names[a]),
                })
            }
            Plane::Trace { from, to } => {
                for (flag, p) in [("--from", from), ("--to", to)] {
                    for (a, &v) in p.iter().enumerate() {
                        if !inside(a, v) {
                            return Err(outside(flag, a, v));
                        }
                    }
                }
                let length = (to[0] - from[0]).hypot(to[1] - from[1]);
                if length == 0.0 {
                    return Err(IoError::Project {
                        file: project.file.display().to_string(),
                        problem: format!("--from and --to are the same point {from:?}"),
                    });
                }
                let (nu, nv) = cells(length, e[5] - e[4]);
                let point = |su: f64, sv: f64| {
                    [
                        from[0] + su * (to[0] - from[0]),
                        from[1] + su * (to[1] - from[1]),
                        e[4] + sv * (e[5] - e[4]),
                    ]
                };
                Ok(Self {
                    points: centres(nu, nv, point),
                    nu,
                    nv,
                    u_range: [0.0, length],
                    v_range: [e[4], e[5]],
                    labels: ["distance along the trace", "z"],
                    title: format!(
                        "{}: section from ({}, {}) to ({}, {})",
                        project.name, from[0], from[1], to[0], to[1]
                    ),
                })
            }
        }
    }

    /// The cell centres along `u` and along `v`, in world units of the picture's axes.
    fn nodes(&self) -> (Vec<f64>, Vec<f64>) {
        let along = |r: [f64; 2], n: usize| {
            (0..n)
                .map(|i| r[0] + (i as f64 + 0.5) / n as f64 * (r[1] - r[0]))
                .collect()
        };
        (along(self.u_range, self.nu), along(self.v_range, self.nv))
    }
}

/// Cells along sides of lengths `u` and `v`: [`SECTION_CELLS`] along the longer, in
/// proportion (at least 8) along the other.
fn cells(u: f64, v: f64) -> (usize, usize) {
    let longest = u.max(v);
    let n = |l: f64| ((SECTION_CELLS as f64 * l / longest).round() as usize).max(8);
    (n(u), n(v))
}

/// `point(su, sv)` at the centres `s = (i + ½)/n` of `nu × nv` cells, `v` fastest.
fn centres(nu: usize, nv: usize, point: impl Fn(f64, f64) -> Point) -> Vec<Point> {
    let s = |i: usize, n: usize| (i as f64 + 0.5) / n as f64;
    (0..nu)
        .flat_map(|iu| (0..nv).map(move |iv| (iu, iv)))
        .map(|(iu, iv)| point(s(iu, nu), s(iv, nv)))
        .collect()
}

/// A computed section: the unit of every cell and where the faults cut the plane.
pub struct ComputedSection {
    lattice: Lattice,
    /// Unit ids of the `nu × nv` cells, `v` fastest; 0 above the topography (air).
    pub ids: Vec<i32>,
    /// Where the fault surfaces cut the plane, in the picture's coordinates.
    pub traces: Vec<Trace>,
}

impl ComputedSection {
    /// Cells along the picture's horizontal and vertical axes.
    pub fn shape(&self) -> [usize; 2] {
        [self.lattice.nu, self.lattice.nv]
    }

    /// The cells' centres, world coordinates, in the order of `ids`.
    pub fn points(&self) -> &[Point] {
        &self.lattice.points
    }

    /// Draws the section as a PNG at `path`.
    pub fn write_png(&self, path: &Path, project: &Project) -> Result<(), IoError> {
        let l = &self.lattice;
        write_section_png(
            path,
            &Section {
                ids: &self.ids,
                nu: l.nu,
                nv: l.nv,
                u_range: l.u_range,
                v_range: l.v_range,
                registration: Registration::Cells,
                labels: l.labels,
                title: &l.title,
                legend: &unit_legend(project, &self.ids, project.grids.topography.is_some()),
                traces: &self.traces,
            },
        )
    }
}

/// Computes the section of `project` in `plane`: its cells are evaluated as custom points on a
/// one-cell grid, without the project's octree, extra grids and survey.
pub fn compute(project: &Project, plane: Plane) -> Result<ComputedSection, CommandError> {
    let lattice = Lattice::new(project, plane)?;
    let data_err = |source| {
        CommandError::Files(IoError::Data {
            file: project.file.display().to_string(),
            source,
        })
    };
    let t = &project.transform;
    let e = project.world_extent;
    let (lo, hi) = (
        t.to_engine([e[0], e[2], e[4]]),
        t.to_engine([e[1], e[3], e[5]]),
    );
    let grid = RegularGrid::new([lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]], [1, 1, 1])
        .map_err(data_err)?;
    let mut evaluation = EvaluationOptions::default();
    evaluation.compute_scalar_gradient = false;
    let grids = ExtraGrids {
        custom: lattice.points.iter().map(|&p| t.to_engine(p)).collect(),
        ..ExtraGrids::default()
    };
    let mut input = project.input.clone();
    input.set_grid(grid);
    input.set_evaluation(evaluation).map_err(data_err)?;
    input.set_extra_grids(grids).map_err(data_err)?;
    let settings = ProjectSettings::of(project);
    let options = compute_options(&ComputeFlags::default(), settings);
    let kernels = Kernels::<Cpu>::default().with_dtype(settings.dtype);
    let solution = compute_model_with(&input, &WeightsCache::new(), options, &kernels)?;
    let slice = solution.levels[0].slices.custom.clone();
    let topography = project.grids.topography.as_ref();
    let air: Vec<bool> = lattice
        .points
        .iter()
        .map(|&p| topography.is_some_and(|t| t.is_air(p)))
        .collect();
    let ids = solution.levels[0].ids[slice.clone()]
        .iter()
        .zip(&air)
        .map(|(&id, &air)| if air { 0 } else { id })
        .collect();
    let (u, v) = lattice.nodes();
    let traces = fault_traces(&input, &solution, slice, (&u, &v), &air);
    Ok(ComputedSection {
        lattice,
        ids,
        traces,
    })
}

/// Computes the section of the project at `project` in `plane` and writes it as a PNG.
/// Returns the number of cells drawn.
pub fn run(project: &Path, plane: Plane, out: &Path) -> Result<usize, CommandError> {
    let project = Project::load(project)?;
    let section = compute(&project, plane)?;
    section.write_png(out, &project)?;
    let [nu, nv] = section.shape();
    Ok(nu * nv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xy_pairs_are_two_finite_numbers() {
        assert_eq!(parse_xy("10,-2.5"), Ok([10.0, -2.5]));
        assert_eq!(parse_xy(" 1 , 2 "), Ok([1.0, 2.0]));
        assert!(parse_xy("1,2,3").is_err());
        assert!(parse_xy("1,inf").is_err());
        assert!(parse_xy("east,2").unwrap_err().contains("'east'"));
    }

    #[test]
    fn a_section_needs_a_plane() {
        let args = |axis, at, from, to| SectionArgs {
            project: "strata.toml".into(),
            axis,
            at,
            from,
            to,
            out: "section.png".into(),
        };
        assert_eq!(
            args(Some(Axis::Y), Some(500.0), None, None)
                .plane()
                .unwrap(),
            Plane::Axis(Axis::Y, 500.0)
        );
        assert_eq!(
            args(None, None, Some([0.0, 1.0]), Some([2.0, 3.0]))
                .plane()
                .unwrap(),
            Plane::Trace {
                from: [0.0, 1.0],
                to: [2.0, 3.0]
            }
        );
        let none = args(None, None, None, None).plane().unwrap_err();
        assert!(matches!(none, CommandError::NoSectionPlane));
        assert_eq!(
            none.to_string(),
            "give `--axis A --at V`, or `--from X,Y --to X,Y`"
        );
    }
}
