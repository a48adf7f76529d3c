//! The floating-point precision of the evaluation kernels.

use core::fmt;
use core::str::FromStr;

/// Precision in which a solved field is evaluated. The system is always assembled and solved
/// in `f64`; only the `O(N·M)` evaluation runs in this type.
///
/// `f32` halves the memory traffic and doubles the SIMD lanes. Its rounding error, about
/// `6e−8 · Σ|w_i|·|K|` on each field value, is harmless for well-conditioned stacks and can move
/// ids near a surface when the weights are large and cancel (ill-conditioned fault models):
/// docs/performance.md measures it on every reference case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Dtype {
    /// `f64` (the default; what gempy_engine computes in).
    #[default]
    F64,
    /// `f32`.
    F32,
}

impl Dtype {
    /// `"f64"` or `"f32"`.
    pub fn name(self) -> &'static str {
        match self {
            Dtype::F64 => "f64",
            Dtype::F32 => "f32",
        }
    }

    /// The precision of a float type of `bytes` bytes, if it is one.
    pub fn of_size(bytes: usize) -> Option<Self> {
        match bytes {
            8 => Some(Dtype::F64),
            4 => Some(Dtype::F32),
            _ => None,
        }
    }
}

impl fmt::Display for Dtype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `dtype` that is neither `"f64"` nor `"f32"`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown dtype '{0}': expected \"f64\" or \"f32\"")]
#[non_exhaustive]
pub struct UnknownDtype(pub String);

impl FromStr for Dtype {
    type Err = UnknownDtype;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "f64" => Ok(Dtype::F64),
            "f32" => Ok(Dtype::F32),
            other => Err(UnknownDtype(other.to_owned())),
        }
    }
}
