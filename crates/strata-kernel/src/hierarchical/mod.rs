//! Hierarchical products with the covariance block: `C x` in `O(N log N)` time and memory
//! instead of `O(N²)`, to a stated tolerance.
//!
//! ```text
//! C x = Pᵀ K P x + nugget        K: the covariance between the data points (point_kernel)
//! K  ≈ H                         clusters of a k-d tree (tree); far blocks U Vᵀ by ACA,
//!                                near blocks dense (matrix, aca)
//! |K_ab − H_ab|_F <= ε |K_ab|_F  for each pair of kinds (a, b) of rows and columns
//! ```
//!
//! `P` puts the weight of every interface row on its two points (`+` on the reference point,
//! `−` on the rest point) and the three weights of an orientation on its dipole, so `K` acts
//! between the `m` distinct surface points (one scalar dof each) and the `n_o` orientations
//! (three vector dofs each). Every admissible block is compressed in four parts (values and
//! gradients as rows, charges and dipoles as columns) by adaptive cross approximation to
//! relative tolerance `ε` in the Frobenius norm; summing the parts' errors gives the bound
//! above for each kind-pair of `K`, and so for any charges `s`
//!
//! ```text
//! |(K − H)_ab s_b|₂ <= ε |K_ab|_F |s_b|₂
//! ```
//!
//! (ACA's stopping rule estimates each block's error from the last rank-one term, which is
//! the error itself when the terms decay geometrically: `tests/hierarchical.rs` checks the
//! bound against the exact product on uniform and clustered point sets). The near blocks are
//! exact, so `H` differs from `K` only where points are far apart relative to their clusters.
//!
//! The kernel is used as a black box, entry by entry, so the same code compresses every
//! covariance function (the cubic's unclipped polynomial, the exponential on `d²`, the
//! Hessian's `ρ² + 1e−5`): nothing of the kernel's form is assumed beyond smoothness away
//! from `d = 0`.
//!
//! | | cost |
//! |---|---|
//! | set-up ([`HierarchicalOperator::new`]) | `O(N log N · k)` kernel entries, `k` the ranks |
//! | one product | `O(N log N · k)` flops |
//! | memory | `O(N log N · k)` (the factors and the near blocks) |

mod aca;
mod blocks;
mod data;
mod matrix;
mod operator;
mod point_kernel;
mod polynomial;
mod tree;

pub use matrix::HierarchicalStats;
pub use operator::HierarchicalOperator;

/// How [`HierarchicalOperator`] compresses the covariance.
///
/// ```
/// use strata_kernel::HierarchicalOptions;
///
/// let options = HierarchicalOptions::default().with_tolerance(1e-6);
/// assert_eq!(options.tolerance, 1e-6);
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HierarchicalOptions {
    /// `ε`: relative error of every compressed block in the Frobenius norm (module docs).
    pub tolerance: f64,
    /// Most dofs of a leaf cluster.
    pub leaf_dofs: usize,
    /// `η`: two clusters are far when `max(diam) <= η · distance`.
    pub admissibility: f64,
    /// Most bytes the hierarchical matrix may hold: building stops with
    /// [`KernelError::HierarchicalMemory`](crate::KernelError::HierarchicalMemory) past it,
    /// or as soon as the blocks built project past one and a half times it (checked after
    /// every batch of blocks, so the excess is at most one batch).
    pub max_bytes: usize,
}

impl Default for HierarchicalOptions {
    /// `ε = 10⁻¹⁰`, leaves of 64 dofs, `η = 2`, no memory limit.
    fn default() -> Self {
        Self {
            tolerance: 1e-10,
            leaf_dofs: 64,
            admissibility: 2.0,
            max_bytes: usize::MAX,
        }
    }
}

impl HierarchicalOptions {
    /// These options with tolerance `tolerance`.
    pub const fn with_tolerance(self, tolerance: f64) -> Self {
        Self { tolerance, ..self }
    }

    /// These options with leaves of at most `leaf_dofs` dofs.
    pub const fn with_leaf_dofs(self, leaf_dofs: usize) -> Self {
        Self { leaf_dofs, ..self }
    }

    /// These options with at most `max_bytes` bytes in the hierarchical matrix.
    pub const fn with_max_bytes(self, max_bytes: usize) -> Self {
        Self { max_bytes, ..self }
    }

    /// These options with admissibility `η`.
    pub const fn with_admissibility(self, admissibility: f64) -> Self {
        Self {
            admissibility,
            ..self
        }
    }
}
