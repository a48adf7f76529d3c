//! The command-line flags that choose how a model is computed (`--dtype`, `--condition`), and
//! what a project's `defaults` add to them.

use strata_engine::{ComputeOptions, ConditionKind, Dtype};
use strata_io::gempy_defaults::Defaults;

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

/// `--dtype` (absent: the project's or f64) and `--condition` as given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::Args)]
pub struct ComputeFlags {
    /// Precision of the field evaluation [default: the project's `dtype`, else f64].
    #[arg(long, value_enum)]
    pub dtype: Option<DtypeFlag>,
    /// Which condition number to report.
    #[arg(long, value_enum, default_value_t)]
    pub condition: ConditionFlag,
}

/// The compute options of a command: `dtype` from the flag, else from the project (`default`).
pub fn compute_options(
    dtype: Option<DtypeFlag>,
    default_dtype: Dtype,
    condition: ConditionFlag,
) -> ComputeOptions {
    ComputeOptions::default()
        .with_dtype(dtype.map_or(default_dtype, Dtype::from))
        .with_condition(condition.into())
}

/// `options` with what a project's `defaults` ask of the solve: under `defaults = "gempy"` a
/// numerically singular system is solved as `numpy.linalg.solve` solves it (refused only for
/// an exactly zero pivot), with the ill-conditioning warning.
pub fn for_defaults(options: ComputeOptions, defaults: Defaults) -> ComputeOptions {
    options.with_pivot_test(defaults.pivot_test())
}
