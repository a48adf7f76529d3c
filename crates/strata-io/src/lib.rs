//! # strata-io — geologists' files in and out, and every file format of Strata
//!
//! Every file Strata reads or writes lives here; the engine knows no files.
//!
//! Input:
//!
//! * [`read_surface_points`] and [`read_orientations`] read GemPy's CSV files as GemPy reads
//!   them (`X,Y,Z,formation`; `X,Y,Z,azimuth,dip,polarity,formation` or
//!   `X,Y,Z,G_x,G_y,G_z,formation`, any finite angles through GemPy's formula; optional `nugget`
//!   and `series`, an orientation naming its stack by `series` alone; column names in any case,
//!   extra columns ignored, a UTF-8 byte-order mark and a pandas index column accepted), every
//!   row with its line number; [`write_orientations`] writes orientations back (a project's
//!   estimated orientations).
//! * [`Project::load`] reads a `strata.toml` project file (docs/project-format.md) and the CSV files
//!   it names, and builds the engine input in engine coordinates with gempy_engine's defaults and
//!   the world → engine rule of the reference cases ([`extent_transform`]), or with GemPy 2026's
//!   front-end defaults ([`gempy_defaults`], `defaults = "gempy"`).
//!   A project's extra grids ([`ProjectGrids`]): custom points ([`read_xyz`]), a
//!   [`Topography`] resampled onto the model's x-y grid from an ESRI ASCII grid ([`AsciiGrid`])
//!   or an `X,Y,Z` point cloud, and a gravity / magnetic [`Survey`] with a property per
//!   [`Unit`].
//! * [`gempy_import::import_gempy`] turns a GemPy v2 saved model into a project.
//! * [`engine_json`] reads (and writes) the engine-level `input.json` of the gempy_engine
//!   reference cases;
//!   [`ArrayDescriptor`] reads the arrays of their result schema (inline or `.bin`).
//!
//! Output, each file written whole or not at all (a temporary file with a name unique to the
//! process and the call, flushed, then renamed into place):
//!
//! * [`write_block_model_vtr`] writes a block model as a VTK XML rectilinear grid;
//! * [`write_vtp`], [`write_obj`], [`write_ply`] and [`write_tsurf`] write a surface mesh
//!   ([`SurfaceMesh`]) for ParaView, Blender/MeshLab and GOCAD/Leapfrog;
//! * [`write_vtp_with_point_data`] adds values per vertex (a geological map's units on the
//!   topography surface); [`write_csv`] writes named columns as a CSV table;
//! * [`write_section_png`] draws a cross-section or a geological map coloured by unit, with
//!   axes in world units, a legend and the faults' traces ([`iso_segments`]);
//!   [`write_anomaly_png`] draws a survey's anomaly map with a colour bar (both with plotters);
//!   an ensemble's entropy section is an anomaly map of the cells;
//! * with the `engine` feature (on by default): `result_json` writes a computed model in the
//!   reference result schema, and `WeightsDir` keeps the engine's weights cache in a directory
//!   that processes can share.
//!
//! Every error ([`IoError`]) names the file and, for input, the line, the column and the
//! offending value.
//!
//! ## Example: GemPy CSV in, a mesh out
//!
//! ```
//! use strata_io::{SurfaceMesh, parse_surface_points, write_obj};
//!
//! let csv = "X,Y,Z,formation\n0,0,10,top\n100,0,12,top\n0,100,11,top\n";
//! let points = parse_surface_points(csv.as_bytes(), "points.csv")?;
//! assert_eq!(points.rows[2].xyz, [0.0, 100.0, 11.0]);
//! assert_eq!(points.rows[2].line, 4);
//!
//! // One triangle through the three points of "top".
//! let vertices: Vec<_> = points.rows.iter().map(|r| r.xyz).collect();
//! let mesh = SurfaceMesh { name: "top", id: 1, vertices: &vertices, triangles: &[[0, 1, 2]] };
//! let path = std::env::temp_dir().join(format!("strata-io-doc-{}.obj", std::process::id()));
//! write_obj(&path, &mesh)?;
//! assert!(std::fs::read_to_string(&path)?.contains("f 1 2 3"));
//! std::fs::remove_file(&path)?;
//!
//! // Bad input names the file, line, column and value.
//! let bad = parse_surface_points(b"X,Y,Z,formation\n0,zero,10,top\n", "points.csv");
//! assert_eq!(
//!     bad.unwrap_err().to_string(),
//!     "points.csv:2: column 'Y': not a number (value 'zero')"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! | feature | default | adds |
//! |---|---|---|
//! | `engine` | yes | `result_json` (the reference result schema) and `WeightsDir` (depends on `strata-engine`) |

mod array_descriptor;
mod atomic_write;
mod csv_orientations;
mod csv_out;
mod csv_points;
mod csv_table;
mod csv_xyz;
pub mod engine_json;
mod error;
mod esri_ascii;
pub mod gempy_defaults;
pub mod gempy_import;
mod obj;
mod plot;
mod ply;
mod project;
#[cfg(feature = "engine")]
pub mod result_json;
mod surface_mesh;
mod topography;
mod transform;
mod tsurf;
mod vtk;
mod vtp;
#[cfg(feature = "engine")]
mod weights_dir;

pub use array_descriptor::{ArrayData, ArrayDescriptor};
pub use csv_orientations::{
    OrientationRow, parse_orientations, read_orientations, write_orientations,
};
pub use csv_out::write_csv;
pub use csv_points::{SurfacePointRow, parse_surface_points, read_surface_points};
pub use csv_table::CsvRows;
pub use csv_xyz::{XyzRow, parse_xyz, read_xyz};
pub use error::IoError;
pub use esri_ascii::AsciiGrid;
pub use obj::write_obj;
pub use plot::{
    AnomalyMap, Registration, Section, Trace, iso_segments, unit_colour, write_anomaly_png,
    write_section_png,
};
pub use ply::write_ply;
pub use project::{
    BASEMENT, DEFAULT_NUGGET_ORIENTATIONS, DEFAULT_NUGGET_SURFACE_POINTS, Project, ProjectGrids,
    Survey, SurveyLattice, Unit,
};
pub use surface_mesh::SurfaceMesh;
pub use topography::Topography;
pub use transform::extent_transform;
pub use tsurf::write_tsurf;
pub use vtk::{DataArray, write_block_model_vtr};
pub use vtp::{write_vtp, write_vtp_with_point_data};
#[cfg(feature = "engine")]
pub use weights_dir::WeightsDir;
