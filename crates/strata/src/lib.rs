//! # strata — implicit 3-D geological modelling, one dependency
//!
//! Geologists give Strata surface points (where a boundary between two rock units was seen)
//! and orientations (the dip of the layers), grouped in stacks of surfaces with erosion, onlap
//! and fault relations. Strata interpolates one scalar field per stack by universal co-kriging,
//! combines the fields into a block model of units, refines it with an octree where units meet
//! and extracts every boundary as a triangle mesh — with gempy_engine's numbers.
//!
//! This crate re-exports the common path; each layer is also a crate of its own, re-exported
//! here as a module ([`data`], [`kernel`], [`solver`], [`faults`], [`octree`], [`dual`],
//! [`engine`], [`ensemble`], [`io`] and [`project`] with the `io` feature and `plot` with the `plot` feature).
//!
//! ```
//! use strata::{ComputeOptions, Cpu, Kernels, Project, WeightsCache, compute_model_with};
//!
//! // A project as GemPy users write it: two CSV files and a strata.toml.
//! let dir = std::env::temp_dir().join(format!("strata-front-page-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! std::fs::write(dir.join("points.csv"), "X,Y,Z,formation\n\
//!     100,500,600,top\n500,500,600,top\n900,500,600,top\n\
//!     100,500,300,base\n500,500,300,base\n900,500,300,base\n")?;
//! std::fs::write(dir.join("orientations.csv"), "X,Y,Z,azimuth,dip,polarity,formation\n\
//!     500,500,600,90,0,1,top\n")?;
//! std::fs::write(dir.join("strata.toml"), r#"
//!     name = "layers"
//!     extent = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]
//!     resolution = [10, 10, 10]
//!     surface_points = "points.csv"
//!     orientations = "orientations.csv"
//!     [[stack]]
//!     name = "strat"
//!     relation = "basement"
//!     surfaces = ["top", "base"]
//! "#)?;
//!
//! let project = Project::load(&dir.join("strata.toml"))?;
//! let cache = WeightsCache::new(); // owned by the caller: reuse it for nearby runs
//! let kernels = Kernels::<Cpu>::default(); // the backend as a value: device, dtype, implementation
//! let solution = compute_model_with(&project.input, &cache, ComputeOptions::default(), &kernels)?;
//! // Cells are x slowest, z fastest: from the bottom of the first column upwards, the unit
//! // below the base (3), the middle unit (2), then above the top surface (1).
//! let column: Vec<i32> = solution.levels[0].ids[..10].to_vec();
//! assert_eq!(column, [3, 3, 3, 2, 2, 2, 1, 1, 1, 1]);
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! | item | what it is |
//! |---|---|
//! | [`Project`] (`io`) | a `strata.toml` with GemPy CSV files, loaded into an [`EngineInput`] |
//! | [`EngineInput`] | the whole input model in engine coordinates ([`EngineInput::builder`]) |
//! | [`compute_model`], [`compute_model_with`] | the block model, octree levels and meshes ([`ModelSolution`]) |
//! | [`Kernels`] | the backend as a value: its device, the evaluation precision ([`Dtype`]) and which implementation runs ([`Implementation`]: the backend's kernels or burn tensor ops) |
//! | [`ComputeOptions`] | factorisation ([`SolverKind`]), condition number ([`ConditionKind`]), memory budget, kriging variance ([`VarianceOptions`]) |
//! | [`ensemble`] | Monte Carlo ensembles: perturbations by `(seed, i)`, unit probabilities and entropy |
//! | [`Cpu`], `Gpu` (`cuda`), `Vulkan` (`vulkan`) | backends ([`GeoBackend`], [`EngineBackend`]): fused SIMD kernels on the CPU, the device kernels on CUDA or Vulkan |
//! | [`WeightsCache`], [`WeightsDir`] (`io`) | solved weights kept by the caller, in memory (LRU) and on disk |
//! | [`write_block_model_vtr`], [`write_vtp`], [`write_obj`], [`write_ply`], [`write_tsurf`] (`io`) | writers |
//! | `write_section_png`, `write_anomaly_png` (`plot`) | pictures (PNG) |
//!
//! | feature | default | adds |
//! |---|---|---|
//! | `io` | yes | [`project`] and [`io`]: projects, GemPy CSVs, the result schema, writers, [`WeightsDir`] |
//! | `plot` | no | `plot`: sections, geological maps and anomaly maps (links plotters) |
//! | `cuda` | no | the `Gpu` backend (NVIDIA GPUs; compiles without CUDA installed) |
//! | `vulkan` | no | the `Vulkan` backend (any Vulkan device, Mesa's software lavapipe included) |

pub use strata_data as data;
pub use strata_dual as dual;
pub use strata_engine as engine;
pub use strata_ensemble as ensemble;
pub use strata_faults as faults;
pub use strata_kernel as kernel;
pub use strata_octree as octree;
pub use strata_solver as solver;

#[cfg(feature = "io")]
pub use strata_io as io;
#[cfg(feature = "plot")]
pub use strata_plot as plot;
#[cfg(feature = "io")]
pub use strata_project as project;

pub use strata_data::{EngineInput, EvaluationOptions, KernelOptions, Transform};
#[cfg(feature = "cuda")]
pub use strata_engine::Gpu;
#[cfg(feature = "vulkan")]
pub use strata_engine::Vulkan;
pub use strata_engine::{
    ComputeOptions, ConditionKind, Cpu, Dtype, EngineBackend, EngineError, GeoBackend,
    Implementation, Kernels, LevelSolution, Mesh, ModelSolution, SolverKind, VarianceOptions,
    WeightsCache, compute_model, compute_model_with,
};
#[cfg(feature = "io")]
pub use strata_io::{
    IoError, WeightsDir, write_block_model_vtr, write_obj, write_ply, write_tsurf, write_vtp,
};
#[cfg(feature = "plot")]
pub use strata_plot::{write_anomaly_png, write_section_png};
#[cfg(feature = "io")]
pub use strata_project::Project;
