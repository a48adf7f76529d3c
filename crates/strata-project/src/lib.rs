//! # strata-project — the `strata.toml` project and GemPy's modelling rules
//!
//! A geologist's model is a `strata.toml` project file (docs/project-format.md) naming GemPy
//! CSV files; this crate turns it into the engine input ([`strata_data::EngineInput`]) in engine
//! coordinates. The file formats it reads (CSV rows, point files, ESRI ASCII grids) are
//! strata-io's; what this crate adds are the rules that make a model of them:
//!
//! * [`Project::load`] / [`Project::parse`] read the project and its CSV files, put the rows in
//!   engine order, and fill in what the project does not set by gempy_engine's rules (the
//!   world → engine rule of the reference cases, [`extent_transform`]; the range from the
//!   diagonal and `c_o = range²/14/3`, [`strata_data::KernelOptions::for_extent`]; the nuggets
//!   [`strata_data::DEFAULT_NUGGET_SURFACE_POINTS`] and
//!   [`strata_data::DEFAULT_NUGGET_ORIENTATIONS`]) or, with `defaults = "gempy"`, by GemPy
//!   2026's front end ([`gempy_defaults`]: transform from the data, range, `c_o`, nuggets,
//!   octree root).
//! * A project's extra grids ([`ProjectGrids`]): custom points, a [`Topography`] resampled onto
//!   the model's x-y grid from a DEM, and a gravity / magnetic [`Survey`] with a property per
//!   [`Unit`]; orientations estimated from the picks where asked.
//! * [`ProjectSources`]: the project as its sources (the project file's text, its CSV files'
//!   bytes), edited with GemPy's verbs — points and orientations added, moved, deleted;
//!   surfaces, stacks, extent and grid — rebuilt by the same reader (so every edit is checked
//!   as the files would be) and saved atomically.
//!
//! Every error is a [`strata_io::IoError`] naming the file and, where there is one, the line,
//! the column and the offending value. Nothing here links a plotting library (the pictures are
//! strata-plot).
//!
//! ## Example: a project in, the engine input out
//!
//! ```
//! use strata_project::{Project, extent_transform};
//!
//! let dir = std::env::temp_dir().join(format!("strata-project-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! std::fs::write(dir.join("points.csv"), "X,Y,Z,formation\n\
//!     100,500,600,top\n500,500,600,top\n900,500,600,top\n")?;
//! std::fs::write(dir.join("orientations.csv"), "X,Y,Z,azimuth,dip,polarity,formation\n\
//!     500,500,600,90,0,1,top\n")?;
//! let toml = r#"
//!     name = "layers"
//!     extent = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]
//!     resolution = [10, 10, 10]
//!     surface_points = "points.csv"
//!     orientations = "orientations.csv"
//!     [[stack]]
//!     name = "strat"
//!     relation = "basement"
//!     surfaces = ["top"]
//! "#;
//! let project = Project::parse(toml, &dir.join("strata.toml"))?;
//!
//! // gempy_engine's rules: the extent centred and scaled by its longest side, ...
//! assert_eq!(project.transform, extent_transform(&project.world_extent)?);
//! assert_eq!(project.transform.to_engine([900.0, 500.0, 600.0]), [0.4, 0.0, 0.1]);
//! // ... and the default nugget on rows that give none.
//! let nuggets = project.input.surface_points().nugget();
//! assert!(nuggets.iter().all(|&n| n == strata_data::DEFAULT_NUGGET_SURFACE_POINTS));
//!
//! // A bad value is named at its line and column.
//! let bad = Project::parse(&toml.replace("[10, 10, 10]", "[10, 0, 10]"), &dir.join("strata.toml"));
//! let message = bad.unwrap_err().to_string();
//! assert!(message.ends_with(
//!     "strata.toml:4:23: resolution = 0: zero resolution along y: at least 1 cell"
//! ));
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod gempy_defaults;
mod project;
mod sources;
mod topography;
mod transform;

pub use project::{BASEMENT, Project, ProjectGrids, Survey, SurveyLattice, Unit};
pub use sources::{NewOrientation, NewSurfacePoint, Pole, ProjectSources, RowChange};
pub use topography::Topography;
pub use transform::extent_transform;
