//! # strata-io — geologists' files in and out
//!
//! Input:
//!
//! * [`read_surface_points`] and [`read_orientations`] read GemPy's CSV files as GemPy reads
//!   them (`X,Y,Z,formation`; `X,Y,Z,azimuth,dip,polarity,formation` or
//!   `X,Y,Z,G_x,G_y,G_z,formation`, any finite angles through GemPy's formula; optional `nugget`
//!   and `series`; column names in any case, extra columns ignored, a UTF-8 byte-order mark and
//!   a pandas index column accepted), every row with its line number.
//! * [`Project::load`] reads a `strata.toml` project file (docs/project-format.md) and the CSV files
//!   it names, and builds the engine input in engine coordinates with gempy_engine's defaults and
//!   the world → engine rule of the reference cases ([`extent_transform`]), or with GemPy 2026's
//!   front-end defaults ([`gempy_defaults`], `defaults = "gempy"`).
//! * [`gempy_import::import_gempy`] turns a GemPy v2 saved model into a project.
//!
//! Output, each file written whole or not at all (a temporary file renamed into place):
//!
//! * [`write_block_model_vtr`] writes a block model as a VTK XML rectilinear grid;
//! * [`write_vtp`], [`write_obj`], [`write_ply`] and [`write_tsurf`] write a surface mesh
//!   ([`SurfaceMesh`]) for ParaView, Blender/MeshLab and GOCAD/Leapfrog;
//! * [`write_section_png`] draws a cross-section coloured by unit, with axes and a legend.
//!
//! Every error ([`IoError`]) names the file and, for input, the line, the column and the
//! offending value.

mod atomic_write;
mod csv_orientations;
mod csv_points;
mod csv_table;
mod error;
pub mod gempy_defaults;
pub mod gempy_import;
mod obj;
mod ply;
mod project;
mod section_png;
mod surface_mesh;
mod transform;
mod tsurf;
mod vtk;
mod vtp;

pub use csv_orientations::{OrientationRow, parse_orientations, read_orientations};
pub use csv_points::{SurfacePointRow, parse_surface_points, read_surface_points};
pub use csv_table::CsvRows;
pub use error::IoError;
pub use obj::write_obj;
pub use ply::write_ply;
pub use project::{DEFAULT_NUGGET_ORIENTATIONS, DEFAULT_NUGGET_SURFACE_POINTS, Project};
pub use section_png::{Section, unit_colour, write_section_png};
pub use surface_mesh::SurfaceMesh;
pub use transform::extent_transform;
pub use tsurf::write_tsurf;
pub use vtk::{CellArray, write_block_model_vtr};
pub use vtp::write_vtp;
