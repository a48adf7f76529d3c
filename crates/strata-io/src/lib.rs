//! # strata-io — geologists' files in and out, and every file format of Strata
//!
//! Every file format Strata reads or writes lives here; the engine knows no files. The
//! `strata.toml` project (how the files become an engine input, with GemPy's modelling rules)
//! is strata-project, the pictures strata-plot; neither is needed to read or write a file.
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
//! * [`read_xyz`] reads `X,Y,Z` point files (custom points, a topography's point cloud) and
//!   [`AsciiGrid`] an ESRI ASCII grid (a DEM).
//! * [`gempy_import::import_gempy`] turns a GemPy v2 saved model into a project (a
//!   `strata.toml` and its CSV files, which strata-project loads).
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
//!   topography surface); [`write_csv`] writes named columns as a CSV table; [`CsvDocument`]
//!   holds a GemPy CSV file as editable text cells (a project's edits);
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
mod csv_document;
mod csv_orientations;
mod csv_out;
mod csv_points;
mod csv_table;
mod csv_xyz;
pub mod engine_json;
mod error;
mod esri_ascii;
pub mod gempy_import;
mod obj;
mod ply;
#[cfg(feature = "engine")]
pub mod result_json;
mod surface_mesh;
mod tsurf;
mod vtk;
mod vtp;
#[cfg(feature = "engine")]
mod weights_dir;

pub use array_descriptor::{ArrayData, ArrayDescriptor};
pub use atomic_write::write_atomically;
pub use csv_document::CsvDocument;
pub use csv_orientations::{
    OrientationRow, angles_from_gradient, gradient_from_angles, parse_orientations,
    read_orientations, write_orientations,
};
pub use csv_out::write_csv;
pub use csv_points::{SurfacePointRow, parse_surface_points, read_surface_points};
pub use csv_table::{CsvRows, column_names};
pub use csv_xyz::{XyzRow, parse_xyz, read_xyz};
pub use error::IoError;
pub use esri_ascii::AsciiGrid;
pub use obj::write_obj;
pub use ply::write_ply;
pub use surface_mesh::SurfaceMesh;
pub use tsurf::write_tsurf;
pub use vtk::{DataArray, write_block_model_vtr};
pub use vtp::{write_vtp, write_vtp_with_point_data};
#[cfg(feature = "engine")]
pub use weights_dir::WeightsDir;
