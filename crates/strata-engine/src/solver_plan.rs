//! Dense or matrix-free: the choice for one stack, from its size and the memory budget.
//!
//! ```text
//! dense bytes      8 (n_c² + 2 n²)     the covariance block, A and its LU factors
//! iterative bytes  8 Σ_j m_j²          the preconditioner's dense factors (O(n) besides)
//! hierarchical     iterative, products by strata_kernel::HierarchicalOperator, its matrix
//!                  within three quarters of the budget less the preconditioner's factors
//! auto             dense when n <= DENSE_MAX_ROWS and the dense bytes fit in half the
//!                  budget; hierarchical when n >= HIERARCHICAL_MIN_ROWS and the kernel is
//!                  the cubic (exact products instead when its matrix does not fit);
//!                  iterative with exact products otherwise
//! ```
//!
//! When the iterative solve of [`SolverChoice::Auto`] fails (a preconditioner or a search
//! direction meets an indefinite covariance block, no convergence, a rounding floor above the
//! stopping rule's tolerance), the stack is solved densely instead when the dense bytes fit in
//! the whole budget ([`fits_dense`]): half of it is auto's margin for choosing the faster
//! path, the whole of it the user's limit, and the dense solve's matrices are freed before
//! the evaluation's chunks are allocated. Such an iterative solve refuses preconditioner
//! blocks that are indefinite beyond rounding (`Indefinite::Refuse`): gempy's cubic, not
//! clipped at the range, makes them so on data spanning many ranges, and there `C` is
//! indefinite on the constraint space as well (conjugate gradient breaks down at once on the
//! whole Moureze set), so the eigenvalue floor's cost would be spent for nothing.
//!
//! A preconditioner that does not fit in half the budget is made of smaller parts and a
//! smaller coarse subset (halved up to [`SHRINKS`] times); a forced dense solve that does not
//! fit, or an iterative one whose smallest preconditioner does not, is an error before the
//! stack is solved.

use strata_data::{EngineInput, KernelFunction, SolverChoice};
use strata_kernel::{
    HierarchicalOptions, KrigingSystem, MatrixFreeOptions, Products, preconditioner_bytes,
};

use crate::{ComputeOptions, EngineError};

/// Largest system solved densely by [`SolverChoice::Auto`]: above it the matrix-free solve is
/// faster on the development machine (docs/architecture.md).
pub const DENSE_MAX_ROWS: usize = 4000;

/// Smallest system that [`SolverChoice::Auto`] solves with hierarchical products (cubic kernel
/// only, the one whose polynomial part is summed exactly): at 26 000 rows their set-up costs
/// what they save, at 130 000 the solve takes 57 s instead of 133 s (docs/performance.md).
pub const HIERARCHICAL_MIN_ROWS: usize = 50_000;

/// How many times a preconditioner's parts may be halved to fit the budget.
const SHRINKS: usize = 6;

/// How one stack is solved.
pub(crate) enum SolvePlan {
    /// Assembled and factored.
    Dense,
    /// Matrix-free, with these options (the preconditioner sized to the budget).
    Iterative(MatrixFreeOptions),
}

/// Bytes of a dense solve of a system of order `n` with covariance block `n_c` (module docs).
pub fn dense_bytes(n: usize, n_c: usize) -> u64 {
    8 * (n_c as u64 * n_c as u64 + 2 * n as u64 * n as u64)
}

/// `Ok` when a dense solve of `system` fits in `options.memory_budget` (the fallback of
/// [`SolverChoice::Auto`], module docs), else why not: `needs … bytes, more than the memory
/// budget of … bytes`.
pub(crate) fn fits_dense(system: &KrigingSystem, options: &ComputeOptions) -> Result<(), String> {
    let layout = system.layout();
    let needed = dense_bytes(layout.size(), layout.covariance_size());
    if needed <= options.memory_budget {
        Ok(())
    } else {
        Err(format!(
            "needs {needed} bytes, more than the memory budget of {} bytes",
            options.memory_budget
        ))
    }
}

/// Bytes per system row that any solve and evaluation of a stack needs at the least: the
/// iterative solve's vectors and one evaluation chunk of a single point (`64` bytes per data
/// point, the chunk's temporaries).
const MINIMUM_BYTES_PER_ROW: u64 = 16 * 8 + 64;

/// Checks, before any work, that `options.memory_budget` holds the smallest useful step of
/// every stack of `input`: one evaluation chunk and the solver's vectors, and the dense matrix
/// where a dense solve is forced.
pub(crate) fn check_budget(
    input: &EngineInput,
    options: &ComputeOptions,
) -> Result<(), EngineError> {
    let n_drift = input.kernel().n_drift();
    for i in 0..input.n_stacks() {
        let stack = input.stack(i);
        let n_c = 3 * stack.orientation_xyz.len() + stack.points.len() - stack.surface_sizes.len();
        let n = n_c + n_drift + input.structure().faults_offsetting(i).len();
        let (what, needed) = match options.method {
            SolverChoice::Dense => ("the dense solve", dense_bytes(n, n_c)),
            _ => (
                "the smallest evaluation chunk",
                MINIMUM_BYTES_PER_ROW * n as u64,
            ),
        };
        if needed > options.memory_budget {
            return Err(EngineError::MemoryBudget {
                what: format!("stack '{}': {what}", stack.stack.name),
                needed,
                budget: options.memory_budget,
            });
        }
    }
    Ok(())
}

/// The plan of stack `name`'s `system` under `options` (module docs).
pub(crate) fn plan(
    name: &str,
    system: &KrigingSystem,
    options: &ComputeOptions,
) -> Result<SolvePlan, EngineError> {
    let layout = system.layout();
    let (n, budget) = (layout.size(), options.memory_budget);
    let dense = dense_bytes(n, layout.covariance_size());
    let over = |what: &'static str, needed: u64| EngineError::MemoryBudget {
        what: format!("stack '{name}': {what}"),
        needed,
        budget,
    };
    let iterative = |hierarchical: bool| -> Result<SolvePlan, EngineError> {
        let mut mf = options.iterative;
        for _ in 0..=SHRINKS {
            let bytes = preconditioner_bytes(system, &mf) as u64;
            if bytes <= budget / 2 {
                let products = if hierarchical {
                    let share = usize::try_from(budget / 4 * 3 - bytes).unwrap_or(usize::MAX);
                    Products::Hierarchical(HierarchicalOptions::default().with_max_bytes(share))
                } else {
                    Products::Exact
                };
                return Ok(SolvePlan::Iterative(mf.with_products(products)));
            }
            mf = mf.with_preconditioner(mf.preconditioner.map(|p| {
                p.with_subdomain_rows(p.subdomain_rows / 2)
                    .with_coarse_rows(p.coarse_rows / 2)
            }));
        }
        Err(over(
            "the smallest preconditioner of the iterative solve",
            preconditioner_bytes(system, &mf) as u64,
        ))
    };
    match options.method {
        SolverChoice::Dense if dense > budget => Err(over("the dense solve", dense)),
        SolverChoice::Dense => Ok(SolvePlan::Dense),
        SolverChoice::Iterative => iterative(false),
        SolverChoice::Hierarchical => iterative(true),
        SolverChoice::Auto if n <= DENSE_MAX_ROWS && dense <= budget / 2 => Ok(SolvePlan::Dense),
        SolverChoice::Auto => iterative(
            n >= HIERARCHICAL_MIN_ROWS && system.covariance().kind == KernelFunction::Cubic,
        ),
    }
}
