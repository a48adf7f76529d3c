//! One fixed faer parallelism for every faer factorisation, solve and product,
//! so that results are bitwise identical whatever the rayon pool size.
//!
//! faer's default, [`faer::get_global_parallelism`], is
//! `Par::Rayon(rayon::current_num_threads())`, and faer 0.24 shapes its work
//! by that thread count: the matrix-product kernels pick their block sizes,
//! packing and row/column-major traversal from it, and the triangular solves
//! and the recursive LU split their updates by it. A different split sums the
//! same terms in a different order, so the weights of one system moved by
//! about `2·10⁻¹¹` between `RAYON_NUM_THREADS=1` and `2`.
//!
//! `PAR` is therefore [`Par::Seq`]: the sequence of floating-point
//! operations is then a function of the matrix alone. A fixed
//! `Par::Rayon(k)` keeps most of the speed-up and was pool-independent when
//! tried, but only through undocumented partitioning details of faer and its
//! kernels, and any fixed `k` over- or under-subscribes every pool but one.
//!
//! The price, measured on the 2-core development machine (release build, LU
//! factorisation and solve of the benchmark's kriging system):
//!
//! | n | `Par::Seq` | faer's default (2 threads) | fixed `Par::Rayon(4)` |
//! |---|---|---|---|
//! | 1000 | 22 ms | 19 ms | 21 ms |
//! | 3000 | 0.58 s | 0.42 s | 0.45 s |
//!
//! that is +18 % at `n = 1000` and +36 % at `n = 3000`, against the 0.25 s
//! that the default `O(n²)` condition estimate saves over the exact SVD at
//! `n = 1000`. From order [`BLOCKED_MIN_ORDER`](crate::blocked::BLOCKED_MIN_ORDER) on, the
//! LU and Cholesky factorisations win the cores back without a pool-dependent split:
//! [`crate::blocked`] cuts them into a fixed tiling of sequential faer calls and only lets
//! rayon choose the thread of each tile.
//!
//! Every faer call in this crate takes `PAR` explicitly; faer's operator
//! products (`A * B`) and high-level solvers (`Llt`, `singular_values`) read
//! the global setting instead and are not used outside tests.

use faer::{Accum, Mat, MatMut, MatRef, Par};

/// The parallelism passed to every faer routine: sequential.
pub(crate) const PAR: Par = Par::Seq;

/// `dst ← α · lhs · rhs` (`Accum::Replace`) or `dst ← dst + α · lhs · rhs`
/// (`Accum::Add`), with [`PAR`].
pub(crate) fn matmul(
    dst: MatMut<'_, f64>,
    accum: Accum,
    lhs: MatRef<'_, f64>,
    rhs: MatRef<'_, f64>,
    alpha: f64,
) {
    faer::linalg::matmul::matmul(dst, accum, lhs, rhs, alpha, PAR);
}

/// The product `lhs · rhs`, with [`PAR`].
pub(crate) fn product(lhs: MatRef<'_, f64>, rhs: MatRef<'_, f64>) -> Mat<f64> {
    let mut dst = Mat::zeros(lhs.nrows(), rhs.ncols());
    matmul(dst.as_mut(), Accum::Replace, lhs, rhs, 1.0);
    dst
}
