//! `strata engine INPUT.json --out DIR`: run the engine on an engine-level input.
//!
//! `--backend` picks where the model is computed ([`BackendChoice`]): the CPU (fused SIMD
//! kernels, or burn's tensor ops), or a device through the `cuda` or `vulkan` feature. A device
//! backend is probed before any work ([`device_report`]): a build without its feature, or a
//! machine without its driver, is a typed error rather than a panic. The run summary names the
//! device and the memory it holds after the run (`device: …`).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use strata_data::{DataError, EngineInput, plural};
use strata_engine::{
    ComputeOptions, Condition, Cpu, DeviceError, DeviceReport, Dtype, EngineBackend, EngineError,
    GeophysicsSolution, Implementation, KernelCache, Kernels, ModelSolution, WeightsCache,
    compute_model_with, forward_geophysics,
};
use strata_io::engine_json;
use thiserror::Error;

use crate::phases::PhaseTimes;

use strata_io::result_json::{ResultOptions, write_result};

/// Why a `strata` command failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CommandError {
    /// The input could not be read or is invalid.
    #[error(transparent)]
    Input(#[from] DataError),
    /// The engine failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The project or its CSV files are invalid, or an output could not be written.
    #[error(transparent)]
    Files(#[from] strata_io::IoError),
    /// The dense block of an octree level could not be built.
    #[error(transparent)]
    Octree(#[from] strata_engine::OctreeError),
    /// An ensemble could not be run.
    #[error(transparent)]
    Ensemble(#[from] strata_ensemble::EnsembleError),
    /// The CUDA backend was asked for in a build without the `cuda` feature.
    #[error("this strata was built without the `cuda` feature: rebuild with `--features cuda`")]
    NoCuda,
    /// The Vulkan backend was asked for in a build without the `vulkan` feature.
    #[error("this strata was built without the `vulkan` feature: rebuild with `--features vulkan`")]
    NoVulkan,
    /// The backend's device could not be opened (no driver, no device).
    #[error("no {backend} device: {source}")]
    NoDevice {
        /// The backend's name.
        backend: String,
        /// Why, as the runtime said it.
        source: DeviceError,
    },
    /// `strata section` was given neither `--axis` with `--at` nor `--from` with `--to`.
    #[error("give `--axis A --at V`, or `--from X,Y --to X,Y`")]
    NoSectionPlane,
    /// The output directory could not be created.
    #[error("{dir}: {source}")]
    OutputDir {
        /// The directory.
        dir: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// What one run did, for the summary.
#[derive(Debug)]
pub struct EngineRun {
    /// The validated input.
    pub input: EngineInput,
    /// The solution.
    pub solution: ModelSolution,
    /// The forward gravity and magnetics of the input's survey, if it has one.
    pub geophysics: Option<GeophysicsSolution>,
    /// Wall time of `compute_model`.
    pub compute_time: Duration,
    /// The backend's name ([`Kernels::name`]).
    pub backend: String,
    /// The device that computed the model, and the memory it holds after the run.
    pub device: DeviceReport,
    /// The evaluation precision.
    pub dtype: Dtype,
}

/// The compute backend of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum BackendChoice {
    /// burn-ndarray in f64 with the fused SIMD kernels.
    #[default]
    Cpu,
    /// burn-ndarray in f64 running the tensor-op defaults (the GPU's path, on the CPU; slow,
    /// for cross-checks).
    CpuTensorOps,
    /// burn-cuda in f64 (needs the `cuda` feature and an NVIDIA GPU).
    Cuda,
    /// burn-wgpu on Vulkan in f64 (needs the `vulkan` feature and a Vulkan driver; Mesa's
    /// software lavapipe runs it on the CPU, for tests).
    Vulkan,
}

/// Reads `input`, computes the model on the CPU backend in `f64` with the default options and
/// writes the result into `out` (created if needed). Nothing is written when the input is
/// rejected or the engine fails.
pub fn run(input: &Path, out: &Path, options: ResultOptions) -> Result<EngineRun, CommandError> {
    run_on(
        BackendChoice::Cpu,
        Dtype::F64,
        input,
        out,
        options,
        ComputeOptions::default(),
    )
}

/// [`run`] on a chosen backend in precision `dtype` with chosen compute options
/// (`options.kernel_matrix` also keeps the matrices).
pub fn run_on(
    backend: BackendChoice,
    dtype: Dtype,
    input: &Path,
    out: &Path,
    options: ResultOptions,
    compute: ComputeOptions,
) -> Result<EngineRun, CommandError> {
    let compute = compute.keep_kernel_matrix(options.kernel_matrix);
    match backend {
        BackendChoice::Cpu => run_with(cpu(dtype), input, out, options, compute),
        BackendChoice::CpuTensorOps => run_with(
            cpu(dtype).with_implementation(Implementation::TensorOps),
            input,
            out,
            options,
            compute,
        ),
        #[cfg(feature = "cuda")]
        BackendChoice::Cuda => run_with(
            Kernels::<strata_engine::Gpu>::default().with_dtype(dtype),
            input,
            out,
            options,
            compute,
        ),
        #[cfg(not(feature = "cuda"))]
        BackendChoice::Cuda => Err(CommandError::NoCuda),
        #[cfg(feature = "vulkan")]
        BackendChoice::Vulkan => run_with(
            Kernels::<strata_engine::Vulkan>::default().with_dtype(dtype),
            input,
            out,
            options,
            compute,
        ),
        #[cfg(not(feature = "vulkan"))]
        BackendChoice::Vulkan => Err(CommandError::NoVulkan),
    }
}

/// The CPU kernels in `dtype`.
fn cpu(dtype: Dtype) -> Kernels<Cpu> {
    Kernels::default().with_dtype(dtype)
}

/// What `backend`'s default device reports of itself now, after the probe a device run starts
/// with: a device that cannot compute (no driver, no device) is [`CommandError::NoDevice`] with
/// the reason, a backend the build lacks [`CommandError::NoCuda`] or [`CommandError::NoVulkan`].
pub fn device_report(backend: BackendChoice) -> Result<DeviceReport, CommandError> {
    match backend {
        BackendChoice::Cpu => probe(&cpu(Dtype::F64)),
        BackendChoice::CpuTensorOps => {
            probe(&cpu(Dtype::F64).with_implementation(Implementation::TensorOps))
        }
        #[cfg(feature = "cuda")]
        BackendChoice::Cuda => probe(&Kernels::<strata_engine::Gpu>::default()),
        #[cfg(not(feature = "cuda"))]
        BackendChoice::Cuda => Err(CommandError::NoCuda),
        #[cfg(feature = "vulkan")]
        BackendChoice::Vulkan => probe(&Kernels::<strata_engine::Vulkan>::default()),
        #[cfg(not(feature = "vulkan"))]
        BackendChoice::Vulkan => Err(CommandError::NoVulkan),
    }
}

/// What `kernels`' device reports, or [`CommandError::NoDevice`] where it cannot compute.
fn probe<B: EngineBackend>(kernels: &Kernels<B>) -> Result<DeviceReport, CommandError> {
    kernels.probe().map_err(|source| CommandError::NoDevice {
        backend: kernels.name(),
        source,
    })?;
    Ok(kernels.device_report())
}

fn run_with<B: EngineBackend>(
    kernels: Kernels<B>,
    input: &Path,
    out: &Path,
    options: ResultOptions,
    compute: ComputeOptions,
) -> Result<EngineRun, CommandError> {
    let model = engine_json::read(input)?;
    probe(&kernels)?;
    let start = Instant::now();
    let solution = compute_model_with(&model, &WeightsCache::new(), compute, &kernels)?;
    let geophysics = forward_geophysics(&model, &solution, &mut KernelCache::default())?;
    let compute_time = start.elapsed();
    std::fs::create_dir_all(out).map_err(|source| CommandError::OutputDir {
        dir: out.display().to_string(),
        source,
    })?;
    write_result(out, &model, &solution, geophysics.as_ref(), options)?;
    Ok(EngineRun {
        input: model,
        solution,
        geophysics,
        compute_time,
        backend: kernels.name(),
        device: kernels.device_report(),
        dtype: kernels.dtype(),
    })
}

/// Devices of a survey listed in the summary (the others are in the output files).
const SUMMARY_DEVICES: usize = 12;

/// A short human-readable summary: the compute time, the device (`device: …`, with the memory
/// it holds after the run), per stack the system size and condition number, the time of each
/// phase in `phases`, the first devices of a survey, the histogram of lithology ids and the
/// warnings of the checks of geological sense (`warning: …`, one line each).
pub fn summary(run: &EngineRun, phases: &PhaseTimes) -> String {
    let mut s = String::new();
    let grid = run.input.grid().resolution();
    let level = &run.solution.levels[0];
    s += &format!(
        "grid {}x{}x{} = {}, {}, computed in {:.6} s on {} in {}\n",
        grid[0],
        grid[1],
        grid[2],
        plural(level.xyz.len(), "point"),
        plural(run.solution.stacks.len(), "stack"),
        run.compute_time.as_secs_f64(),
        run.backend,
        run.dtype
    );
    s += &format!("  device: {}\n", run.device);
    for st in &run.solution.stacks {
        let condition = match st.condition {
            Condition::Computed { value, kind } => format!("{value:.3e} ({})", kind.name()),
            Condition::NotComputed => "not computed".into(),
        };
        s += &format!(
            "  stack {:<16} {:<9} system {:>5}x{:<5} condition number {condition}\n",
            st.name,
            st.relation.name(),
            st.size,
            st.size,
        );
        s += &format!("  solve {:<16} {}\n", st.name, st.solve.describe());
    }
    let levels = &run.solution.levels;
    if levels.len() > 1 {
        let finest = &run.solution.octree[levels.len() - 1];
        s += &format!(
            "  octree: {} levels, {} at the finest ({}x{}x{})\n",
            levels.len(),
            plural(finest.len(), "active cell"),
            finest.resolution()[0],
            finest.resolution()[1],
            finest.resolution()[2]
        );
    }
    let structure = run.input.structure();
    for mesh in &run.solution.meshes {
        let k = structure.surface_range(mesh.stack).start + mesh.surface;
        s += &format!(
            "  mesh {:<16} {:>7} vertices {:>7} triangles\n",
            structure.surfaces()[k].name,
            mesh.vertices.len(),
            mesh.triangles.len()
        );
    }
    for (phase, total, count) in phases {
        s += &format!(
            "  time {phase:<16} {:>10.6} s ({count}×)\n",
            total.as_secs_f64()
        );
    }
    if let Some(survey) = &run.geophysics {
        let devices = survey.grid.centers();
        for (d, device) in devices.iter().enumerate().take(SUMMARY_DEVICES) {
            let value = |v: &Option<Vec<f64>>| v.as_ref().map(|v| format!("{:>12.6}", v[d]));
            s += &format!(
                "  device {d:<4} at {device:?}: gravity {} mGal, TMI {} nT\n",
                value(&survey.gravity).unwrap_or_else(|| "—".into()),
                value(&survey.magnetics).unwrap_or_else(|| "—".into()),
            );
        }
        if devices.len() > SUMMARY_DEVICES {
            let more = plural(devices.len() - SUMMARY_DEVICES, "more device");
            s += &format!("  … and {more}\n");
        }
    }
    let mut histogram: BTreeMap<i32, usize> = BTreeMap::new();
    let last = &levels[levels.len() - 1];
    let cells = run
        .solution
        .octree
        .get(levels.len() - 1)
        .map_or(last.ids.len(), |g| g.len());
    for &id in &last.ids[..cells] {
        *histogram.entry(id).or_default() += 1;
    }
    if let Some(bytes) = crate::compute_flags::peak_rss() {
        s += &format!("  peak RSS {:.0} MiB\n", bytes as f64 / 1048576.0);
    }
    s += "  ids of the cells at the finest level:";
    for (id, count) in histogram {
        s += &format!(" {id}:{count}");
    }
    s.push('\n');
    for warning in &run.solution.warnings {
        s += &format!("  warning: {warning}\n");
    }
    s
}
