//! Which solver a stack's system gets: dense, matrix-free iterative, or chosen by size.

use core::fmt;
use core::str::FromStr;

/// How the co-kriging systems are solved.
///
/// ```
/// use strata_data::SolverChoice;
///
/// let choice: SolverChoice = "iterative".parse()?;
/// assert_eq!(choice, SolverChoice::Iterative);
/// assert_eq!(SolverChoice::default().name(), "auto");
/// # Ok::<(), strata_data::UnknownSolver>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum SolverChoice {
    /// Dense below a size threshold and when the dense matrix fits in the memory budget,
    /// matrix-free iterative otherwise.
    #[default]
    Auto,
    /// Always the dense factorisation (gempy_engine's method).
    Dense,
    /// Always the matrix-free iterative solve.
    Iterative,
    /// The matrix-free iterative solve with hierarchical products (the far field compressed
    /// to a tolerance: `O(N log N)` per product instead of `O(N²)`).
    Hierarchical,
}

impl SolverChoice {
    /// `"auto"`, `"dense"`, `"iterative"` or `"hierarchical"`.
    pub fn name(self) -> &'static str {
        match self {
            SolverChoice::Auto => "auto",
            SolverChoice::Dense => "dense",
            SolverChoice::Iterative => "iterative",
            SolverChoice::Hierarchical => "hierarchical",
        }
    }
}

impl fmt::Display for SolverChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A solver that is none of `auto`, `dense`, `iterative`, `hierarchical`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown solver '{0}': expected \"auto\", \"dense\", \"iterative\" or \"hierarchical\"")]
#[non_exhaustive]
pub struct UnknownSolver(pub String);

impl FromStr for SolverChoice {
    type Err = UnknownSolver;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(SolverChoice::Auto),
            "dense" => Ok(SolverChoice::Dense),
            "iterative" => Ok(SolverChoice::Iterative),
            "hierarchical" => Ok(SolverChoice::Hierarchical),
            other => Err(UnknownSolver(other.to_owned())),
        }
    }
}
