//! The command-line flags that choose how a model is computed (`--dtype`, `--condition`,
//! `--solver`, `--memory-budget`), and what a project's settings and `defaults` add to them.

use strata_data::{Dtype, SolverChoice, parse_byte_size};
use strata_engine::{ComputeOptions, ConditionKind, PivotTest};
use strata_project::gempy_defaults::Defaults;

/// `--dtype`: precision of the field evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DtypeFlag {
    /// 64-bit floats (gempy_engine's precision).
    F64,
    /// 32-bit floats: about twice as fast; see docs/performance.md for where it is safe.
    F32,
}

/// `--condition`: which condition number each stack's solve reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ConditionFlag {
    /// A 1-norm estimate from the factorisation, `O(N²)`.
    #[default]
    Estimate,
    /// The exact 2-norm (singular values, `O(N³)`), as gempy_engine reports it.
    Exact,
}

/// `--solver`: how the systems are solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SolverFlag {
    /// Dense for small systems that fit in the memory budget, matrix-free iterative above.
    Auto,
    /// Always the dense LU (gempy_engine's method).
    Dense,
    /// Always the matrix-free iterative solve.
    Iterative,
    /// The matrix-free iterative solve with hierarchical products (far field compressed).
    Hierarchical,
}

impl From<DtypeFlag> for Dtype {
    fn from(flag: DtypeFlag) -> Self {
        match flag {
            DtypeFlag::F64 => Dtype::F64,
            DtypeFlag::F32 => Dtype::F32,
        }
    }
}

impl From<ConditionFlag> for ConditionKind {
    fn from(flag: ConditionFlag) -> Self {
        match flag {
            ConditionFlag::Estimate => ConditionKind::OneNormEstimate,
            ConditionFlag::Exact => ConditionKind::TwoNormExact,
        }
    }
}

impl From<SolverFlag> for SolverChoice {
    fn from(flag: SolverFlag) -> Self {
        match flag {
            SolverFlag::Auto => SolverChoice::Auto,
            SolverFlag::Dense => SolverChoice::Dense,
            SolverFlag::Iterative => SolverChoice::Iterative,
            SolverFlag::Hierarchical => SolverChoice::Hierarchical,
        }
    }
}

/// The flags as given (absent ones fall back to the project's settings, then the defaults).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::Args)]
pub struct ComputeFlags {
    /// Precision of the field evaluation [default: the project's `dtype`, else f64].
    #[arg(long, value_enum)]
    pub dtype: Option<DtypeFlag>,
    /// Which condition number to report.
    #[arg(long, value_enum, default_value_t)]
    pub condition: ConditionFlag,
    /// How the systems are solved [default: the project's `solver`, else auto].
    #[arg(long, value_enum)]
    pub solver: Option<SolverFlag>,
    /// Memory the run may take, e.g. `2GiB` [default: the project's `memory_budget`, else half
    /// the machine's memory].
    #[arg(long, value_parser = budget_flag)]
    pub memory_budget: Option<u64>,
}

/// What a project sets for the flags it has keys for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectSettings {
    /// `dtype`.
    pub dtype: Dtype,
    /// `solver` under `[interpolation]`.
    pub solver: SolverChoice,
    /// `memory_budget`, bytes.
    pub memory_budget: Option<u64>,
    /// `defaults`: under `"gempy"` a numerically singular system is solved as
    /// `numpy.linalg.solve` solves it (refused only for an exactly zero pivot), with the
    /// ill-conditioning warning.
    pub defaults: Defaults,
}

impl ProjectSettings {
    /// The settings `project` makes.
    pub fn of(project: &strata_project::Project) -> Self {
        Self {
            dtype: project.dtype,
            solver: project.solver,
            memory_budget: project.memory_budget,
            defaults: project.defaults,
        }
    }
}

fn budget_flag(text: &str) -> Result<u64, String> {
    parse_byte_size(text).map_err(|e| e.to_string())
}

/// The evaluation precision of a command: `--dtype`, else the project's `dtype`.
pub fn dtype(flags: &ComputeFlags, project: ProjectSettings) -> Dtype {
    flags.dtype.map_or(project.dtype, Dtype::from)
}

/// The compute options of a command: each flag, else the project's setting, else the default
/// (the memory budget: [`machine_memory_budget`]); the pivot test of the project's `defaults`.
/// (The precision, [`dtype`], goes to the backend's `Kernels`.)
pub fn compute_options(flags: &ComputeFlags, project: ProjectSettings) -> ComputeOptions {
    let pivots = match project.defaults {
        Defaults::Gempy => PivotTest::ExactZero,
        _ => PivotTest::Relative,
    };
    ComputeOptions::default()
        .with_pivot_test(pivots)
        .with_condition(flags.condition.into())
        .with_method(flags.solver.map_or(project.solver, SolverChoice::from))
        .with_memory_budget(
            flags
                .memory_budget
                .or(project.memory_budget)
                .unwrap_or_else(machine_memory_budget),
        )
}

/// The default memory budget: half the machine's memory (`MemTotal` of `/proc/meminfo`), or
/// the engine's default where that cannot be read.
pub fn machine_memory_budget() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib * 1024 / 2)
        })
        .unwrap_or(ComputeOptions::default().memory_budget)
}

/// The process's peak resident memory in bytes (`VmHWM` of `/proc/self/status`), where the
/// system reports it.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
