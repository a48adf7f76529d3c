//! Blocked right-looking LU and Cholesky factorisations on a fixed tiling: they use every
//! thread of the calling rayon pool, yet give the same bits for any pool size.
//!
//! faer's parallel kernels split their work by the thread count, so each entry's sums would
//! depend on it ([`crate::parallelism`]). Here the split is fixed instead: the matrix is cut
//! into panels of [`BLOCK`] columns and strips of [`STRIP`] columns, every floating-point
//! operation on a tile is one sequential faer call ([`Par::Seq`]) on that tile, and rayon
//! only decides *which thread* runs a tile, never how a sum is split. Each entry therefore
//! sees the same operations in the same order whatever the pool size.
//!
//! ## LU with partial pivoting (`P A = L U`, as LAPACK `dgetrf`)
//!
//! For each panel `k` of `nb = BLOCK` columns, on the rows `k..` not yet eliminated:
//!
//! ```text
//! ┌ A₁₁ A₁₂ ┐        1. factor the panel [A₁₁; A₂₁] = P_k [L₁₁; L₂₁] U₁₁  (partial pivoting, sequential)
//! └ A₂₁ A₂₂ ┘        2. apply P_k to the columns left and right of the panel
//!                    3. U₁₂ = L₁₁⁻¹ A₁₂                  (per strip)
//!                    4. A₂₂ ← A₂₂ − L₂₁ U₁₂             (per strip)
//! ```
//!
//! Steps 2–4 run strip by strip in parallel; the next panel's `nb` columns go first, as a
//! strip of their own, and that panel is factored while the other strips are still updated
//! (a look-ahead of one panel), so the sequential panel factorisation hides behind the
//! update. The pivot of each column is still the largest entry of the whole remaining
//! column, so `|l_ij| <= 1` as in LAPACK; only the order of the rank-`nb` updates differs
//! from an unblocked LU, which changes roundings but not the bound
//! `|P A − L̂ Û| <= γ_n |L̂| |Û|` (`γ_n = nε/(1 − nε)`; Higham, *Accuracy and Stability of
//! Numerical Algorithms*, 2nd ed., Thm. 9.3 and §13.1).
//!
//! ## Cholesky (`A = L Lᵀ`, lower)
//!
//! For each panel: `A₁₁ = L₁₁ L₁₁ᵀ` (sequential, `nb × nb`), `L₂₁ = A₂₁ L₁₁⁻ᵀ` (per tile of
//! `nb` rows), `A₂₂ ← A₂₂ − L₂₁ L₂₁ᵀ` on the lower triangle (per strip, from its diagonal
//! down); `|A − L̂ L̂ᵀ| <= γ_{n+1} |L̂| |L̂ᵀ|` (Higham Thm. 10.3).
//!
//! ## When
//!
//! [`crate::lu`] and the Cholesky factorisation of [`crate::cholesky_schur`] switch to these
//! from faer's sequential recursive factorisations at order [`BLOCKED_MIN_ORDER`]; below
//! it the results are bitwise those of faer.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::cholesky::llt::factor::{
    LltError, cholesky_in_place as llt_in_place, cholesky_in_place_scratch,
};
use faer::linalg::lu::partial_pivoting::factor::{
    lu_in_place as plu_in_place, lu_in_place_scratch,
};
use faer::linalg::matmul::matmul;
use faer::linalg::triangular_solve::{
    solve_lower_triangular_in_place, solve_unit_lower_triangular_in_place,
};
use faer::reborrow::{Reborrow, ReborrowMut};
use faer::{Accum, MatMut, Par};
use rayon::prelude::*;

/// Width `nb` of the panels, and height of the tiles of the Cholesky panel's solve.
pub const BLOCK: usize = 128;

/// Width of the strips of columns that the trailing updates are cut into: two panels, so
/// that each product has `2·nb` columns to amortise its packing of `L₂₁` over.
pub const STRIP: usize = 256;

/// The order from which [`crate::lu`] and the Cholesky–Schur solve use the blocked
/// factorisations; smaller systems keep faer's sequential ones, whose bits the
/// reference-conformance tests were calibrated with, and gain little from a second core.
pub const BLOCKED_MIN_ORDER: usize = 1024;

/// `P A = L U` of the square `a`, in place: the unit lower `L` strictly below the diagonal,
/// `U` on and above it. Returns the forward row permutation: row `i` of `P A` is row
/// `perm[i]` of `A`. A singular `A` gives zero (or negligible) pivots `u_kk`, never a panic;
/// the caller tests them.
pub(crate) fn lu_in_place(mut a: MatMut<'_, f64>) -> Vec<usize> {
    let n = a.nrows();
    let mut perm: Vec<usize> = (0..n).collect();
    if n == 0 {
        return perm;
    }
    let mut local = factor_lu_panel(a.rb_mut().subcols_mut(0, BLOCK.min(n)));
    let mut k = 0;
    loop {
        let w = BLOCK.min(n - k);
        let moves = row_moves(&local);
        let old = perm[k..].to_vec();
        for &(dst, src) in &moves {
            perm[k + dst] = old[src];
        }
        let (left, rest) = a.rb_mut().split_at_col_mut(k);
        let (panel, right) = rest.split_at_col_mut(w);
        let left = left.subrows_mut(k, n - k);
        let panel = panel.rb().subrows(k, n - k);
        let (l11, l21) = panel.split_at_row(w);
        let update = |strip: MatMut<'_, f64>| {
            let (mut top, bottom) = permute_rows(strip, &moves).split_at_row_mut(w);
            solve_unit_lower_triangular_in_place(l11, top.rb_mut(), Par::Seq);
            matmul(bottom, Accum::Add, l21, top.rb(), -1.0, Par::Seq);
        };
        let swap_left = |left: MatMut<'_, f64>| {
            left.par_col_chunks_mut(BLOCK).for_each(|strip| {
                permute_rows(strip, &moves);
            })
        };
        let right = right.subrows_mut(k, n - k);
        if right.ncols() == 0 {
            swap_left(left);
            return perm;
        }
        let next_width = BLOCK.min(right.ncols());
        let (next, others) = right.split_at_col_mut(next_width);
        local = rayon::join(
            || {
                let mut next = next;
                update(next.rb_mut());
                factor_lu_panel(next.subrows_mut(w, n - k - w))
            },
            || {
                others.par_col_chunks_mut(STRIP).for_each(update);
                swap_left(left);
            },
        )
        .0;
        k += w;
    }
}

/// `A = L Lᵀ` from the lower triangle of the square `l`, in place; the strict upper
/// triangle is set to zero. A non-positive pivot fails with its index.
pub(crate) fn cholesky_in_place(mut l: MatMut<'_, f64>) -> Result<(), LltError> {
    let n = l.nrows();
    let mut k = 0;
    while k < n {
        let w = BLOCK.min(n - k);
        let rest = l.rb_mut().submatrix_mut(k, k, n - k, n - k);
        let (panel, trailing) = rest.split_at_col_mut(w);
        let (mut l11, mut l21) = panel.split_at_row_mut(w);
        factor_llt_block(l11.rb_mut()).map_err(|LltError::NonPositivePivot { index }| {
            LltError::NonPositivePivot { index: k + index }
        })?;
        let l11 = l11.rb();
        l21.rb_mut().par_row_chunks_mut(BLOCK).for_each(|tile| {
            solve_lower_triangular_in_place(l11, tile.transpose_mut(), Par::Seq);
        });
        let l21 = l21.rb();
        trailing
            .subrows_mut(w, n - k - w)
            .par_col_chunks_mut(STRIP)
            .enumerate()
            .for_each(|(j, strip)| {
                let c = j * STRIP;
                let rows = strip.nrows() - c;
                let width = strip.ncols();
                matmul(
                    strip.subrows_mut(c, rows),
                    Accum::Add,
                    l21.subrows(c, rows),
                    l21.subrows(c, width).transpose(),
                    -1.0,
                    Par::Seq,
                );
            });
        k += w;
    }
    for j in 1..n {
        l.rb_mut().col_mut(j).subrows_mut(0, j).fill(0.0);
    }
    Ok(())
}

/// Partial-pivoting LU of an `m × w` panel (`m >= w`), in place and sequential; returns
/// its forward row permutation of length `m`.
fn factor_lu_panel(panel: MatMut<'_, f64>) -> Vec<usize> {
    let (m, w) = panel.shape();
    let mut forward = vec![0usize; m];
    let mut inverse = vec![0usize; m];
    let mut scratch = MemBuffer::new(lu_in_place_scratch::<usize, f64>(
        m,
        w,
        Par::Seq,
        Default::default(),
    ));
    plu_in_place(
        panel,
        &mut forward,
        &mut inverse,
        Par::Seq,
        MemStack::new(&mut scratch),
        Default::default(),
    );
    forward
}

/// `B = L Lᵀ` of one diagonal block, in place and sequential.
fn factor_llt_block(block: MatMut<'_, f64>) -> Result<(), LltError> {
    let mut scratch = MemBuffer::new(cholesky_in_place_scratch::<f64>(
        block.nrows(),
        Par::Seq,
        Default::default(),
    ));
    llt_in_place(
        block,
        Default::default(),
        Par::Seq,
        MemStack::new(&mut scratch),
        Default::default(),
    )
    .map(|_| ())
}

/// The rows a panel's permutation moves, as `(destination, source)` pairs: at most `2·nb`
/// of the `m` rows, since the permutation is a product of `nb` transpositions.
fn row_moves(forward: &[usize]) -> Vec<(usize, usize)> {
    forward
        .iter()
        .enumerate()
        .filter(|&(i, &p)| i != p)
        .map(|(i, &p)| (i, p))
        .collect()
}

/// Moves row `src` of `strip` to row `dst` for every pair of `moves`, all at once; returns
/// the strip.
fn permute_rows<'a>(mut strip: MatMut<'a, f64>, moves: &[(usize, usize)]) -> MatMut<'a, f64> {
    let mut moved = vec![0.0; moves.len()];
    for j in 0..strip.ncols() {
        let mut col = strip.rb_mut().col_mut(j);
        for (value, &(_, src)) in moved.iter_mut().zip(moves) {
            *value = col[src];
        }
        for (&value, &(dst, _)) in moved.iter().zip(moves) {
            col[dst] = value;
        }
    }
    strip
}

#[cfg(test)]
mod tests {
    use faer::{Mat, MatRef};

    use super::*;

    /// splitmix64 uniforms in `[-1, 1)`.
    fn random(n_rows: usize, n_cols: usize, seed: u64) -> Mat<f64> {
        let mut state = seed;
        Mat::from_fn(n_rows, n_cols, |_, _| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            2.0 * ((z >> 11) as f64 / (1u64 << 53) as f64) - 1.0
        })
    }

    /// `γ_m = mε / (1 − mε)`.
    fn gamma(m: usize) -> f64 {
        let u = f64::EPSILON / 2.0;
        m as f64 * u / (1.0 - m as f64 * u)
    }

    /// `x y` in exact-enough arithmetic for the bounds (sequential faer product).
    fn product(x: MatRef<'_, f64>, y: MatRef<'_, f64>) -> Mat<f64> {
        let mut out = Mat::zeros(x.nrows(), y.ncols());
        matmul(out.as_mut(), Accum::Replace, x, y, 1.0, Par::Seq);
        out
    }

    /// `|X|` entrywise.
    fn abs(x: &Mat<f64>) -> Mat<f64> {
        Mat::from_fn(x.nrows(), x.ncols(), |i, j| x[(i, j)].abs())
    }

    /// The unit lower `L` and upper `U` stored together in `lu`.
    fn split_lu(lu: MatRef<'_, f64>) -> (Mat<f64>, Mat<f64>) {
        let n = lu.nrows();
        let l = Mat::from_fn(n, n, |i, j| match i.cmp(&j) {
            std::cmp::Ordering::Greater => lu[(i, j)],
            std::cmp::Ordering::Equal => 1.0,
            std::cmp::Ordering::Less => 0.0,
        });
        let u = Mat::from_fn(n, n, |i, j| if i <= j { lu[(i, j)] } else { 0.0 });
        (l, u)
    }

    /// Asserts `|R| <= bound` entrywise, with `R` the computed residual (`|R|` itself is off
    /// by at most `γ_{n+1}·bound` when evaluated in floating point, hence the factor 2).
    fn assert_within(residual: MatRef<'_, f64>, bound: MatRef<'_, f64>, what: &str) {
        for j in 0..residual.ncols() {
            for i in 0..residual.nrows() {
                assert!(
                    residual[(i, j)].abs() <= 2.0 * bound[(i, j)],
                    "{what}: |r[{i},{j}]| = {:e} > {:e}",
                    residual[(i, j)].abs(),
                    2.0 * bound[(i, j)]
                );
            }
        }
    }

    /// Blocked LU of `a`: the factors and the forward permutation.
    fn blocked_lu(a: &Mat<f64>) -> (Mat<f64>, Vec<usize>) {
        let mut lu = a.clone();
        let perm = lu_in_place(lu.as_mut());
        (lu, perm)
    }

    #[test]
    fn lu_backward_error_is_within_gamma_n() {
        // Orders below, at and above one block, and not multiples of it.
        for (n, seed) in [
            (1, 1),
            (7, 2),
            (127, 3),
            (128, 4),
            (129, 5),
            (300, 6),
            (517, 7),
        ] {
            let a = random(n, n, seed);
            let (lu, perm) = blocked_lu(&a);
            let mut sorted = perm.clone();
            sorted.sort_unstable();
            assert!(
                sorted.iter().copied().eq(0..n),
                "n = {n}: not a permutation"
            );
            let (l, u) = split_lu(lu.as_ref());
            // Partial pivoting: every multiplier is at most 1 in magnitude.
            assert!(l.norm_max() <= 1.0, "n = {n}: |l_ij| > 1");
            let pa = Mat::from_fn(n, n, |i, j| a[(perm[i], j)]);
            let residual = &pa - product(l.as_ref(), u.as_ref());
            let bound = product(abs(&l).as_ref(), abs(&u).as_ref()) * faer::Scale(gamma(n));
            assert_within(residual.as_ref(), bound.as_ref(), &format!("LU, n = {n}"));
        }
    }

    /// `‖X‖∞`, the largest absolute row sum.
    fn inf_norm(x: MatRef<'_, f64>) -> f64 {
        (0..x.nrows())
            .map(|i| (0..x.ncols()).map(|j| x[(i, j)].abs()).sum::<f64>())
            .fold(0.0, f64::max)
    }

    /// `x̂` with `P A = L U` given by `lu`, `perm`: faer's substitutions.
    fn lu_solve(lu: &Mat<f64>, perm: &[usize], b: &Mat<f64>) -> (Mat<f64>, f64) {
        let n = lu.nrows();
        let mut inverse = vec![0usize; n];
        for (i, &p) in perm.iter().enumerate() {
            inverse[p] = i;
        }
        let p = faer::perm::Perm::new_checked(perm.into(), inverse.into_boxed_slice(), n);
        let mut x = b.clone();
        let mut scratch = MemBuffer::new(
            faer::linalg::lu::partial_pivoting::solve::solve_in_place_scratch::<usize, f64>(
                n,
                x.ncols(),
                Par::Seq,
            ),
        );
        faer::linalg::lu::partial_pivoting::solve::solve_in_place(
            lu.as_ref(),
            lu.as_ref(),
            p.as_ref(),
            x.as_mut(),
            Par::Seq,
            MemStack::new(&mut scratch),
        );
        let (l, u) = split_lu(lu.as_ref());
        let lu_abs = product(abs(&l).as_ref(), abs(&u).as_ref());
        (x, inf_norm(lu_abs.as_ref()))
    }

    /// On a strictly row-diagonally dominant `A`, `‖A⁻¹‖∞ <= 1/α` with
    /// `α = min_i (|a_ii| − Σ_{j≠i} |a_ij|)` (Varah). Each computed solution solves
    /// `(A + ΔA) x̂ = b` with `|ΔA| <= γ_{3n} |L̂| |Û|` (Higham Thm. 9.4), so
    /// `‖x̂ − x‖∞ <= ‖A⁻¹‖∞ ‖ΔA‖∞ ‖x̂‖∞`, and the blocked and faer solutions differ by at most
    /// the sum of their two bounds.
    #[test]
    fn lu_solution_agrees_with_faer_within_the_forward_error_bound() {
        for (n, seed) in [(200, 11), (389, 12), (650, 13)] {
            let mut a = random(n, n, seed);
            for i in 0..n {
                let off: f64 = (0..n).filter(|&j| j != i).map(|j| a[(i, j)].abs()).sum();
                a[(i, i)] = if i % 2 == 0 { 1.0 } else { -1.0 } * (off + 0.5 * n as f64);
                // Rows scaled by 1 to 16⁴ stay dominant, but a column's largest entry is then
                // often off the diagonal, so partial pivoting swaps rows.
                let scale = 16f64.powi((i * 7 % 5) as i32);
                a.row_mut(i).iter_mut().for_each(|v| *v *= scale);
            }
            let alpha = (0..n)
                .map(|i| {
                    a[(i, i)].abs()
                        - (0..n)
                            .filter(|&j| j != i)
                            .map(|j| a[(i, j)].abs())
                            .sum::<f64>()
                })
                .fold(f64::INFINITY, f64::min);
            let b = random(n, 2, seed + 100);
            let (lu_b, perm_b) = blocked_lu(&a);
            let mut lu_f = a.clone();
            let mut perm_f = vec![0usize; n];
            let mut inverse = vec![0usize; n];
            let mut scratch = MemBuffer::new(lu_in_place_scratch::<usize, f64>(
                n,
                n,
                Par::Seq,
                Default::default(),
            ));
            plu_in_place(
                lu_f.as_mut(),
                &mut perm_f,
                &mut inverse,
                Par::Seq,
                MemStack::new(&mut scratch),
                Default::default(),
            );
            let (x_b, lu_norm_b) = lu_solve(&lu_b, &perm_b, &b);
            let (x_f, lu_norm_f) = lu_solve(&lu_f, &perm_f, &b);
            let g = gamma(3 * n);
            let bound = (g * lu_norm_b * inf_norm(x_b.as_ref())
                + g * lu_norm_f * inf_norm(x_f.as_ref()))
                / alpha;
            let difference = inf_norm((&x_b - &x_f).as_ref());
            assert!(
                difference <= bound,
                "n = {n}: ‖x_blocked − x_faer‖∞ = {difference:e} > {bound:e}"
            );
        }
    }

    #[test]
    fn cholesky_backward_error_is_within_gamma_n_plus_1() {
        for (n, seed) in [(5, 21), (128, 22), (129, 23), (300, 24), (517, 25)] {
            // A = G Gᵀ / n + I: symmetric positive definite.
            let g = random(n, n, seed);
            let mut a = product(g.as_ref(), g.transpose()) * faer::Scale(1.0 / n as f64);
            for i in 0..n {
                a[(i, i)] += 1.0;
            }
            // The strict upper triangle must not be read.
            let mut l = a.clone();
            for j in 1..n {
                l.col_mut(j).subrows_mut(0, j).fill(f64::NAN);
            }
            cholesky_in_place(l.as_mut()).unwrap();
            for j in 0..n {
                for i in 0..j {
                    assert_eq!(l[(i, j)], 0.0, "n = {n}: upper entry ({i}, {j})");
                }
            }
            let residual = &a - product(l.as_ref(), l.transpose());
            let l_abs = abs(&l);
            let bound = product(l_abs.as_ref(), l_abs.transpose()) * faer::Scale(gamma(n + 1));
            assert_within(
                residual.as_ref(),
                bound.as_ref(),
                &format!("Cholesky, n = {n}"),
            );
        }
    }

    #[test]
    fn cholesky_reports_the_first_non_positive_pivot_past_the_first_panel() {
        let n = 2 * BLOCK + 40;
        let mut a = Mat::<f64>::identity(n, n);
        a[(BLOCK + 17, BLOCK + 17)] = -1.0;
        a[(2 * BLOCK + 3, 2 * BLOCK + 3)] = -1.0;
        let err = cholesky_in_place(a.as_mut()).unwrap_err();
        assert!(
            matches!(err, LltError::NonPositivePivot { index } if index == BLOCK + 17),
            "{err:?}"
        );
    }

    /// The bits of both factorisations of `a` inside a pool of `threads` threads.
    fn factor_in_pool(threads: usize, a: &Mat<f64>, spd: &Mat<f64>) -> (Vec<u64>, Vec<usize>) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let (lu, perm) = blocked_lu(a);
            let mut l = spd.clone();
            cholesky_in_place(l.as_mut()).unwrap();
            let bits = lu
                .col_iter()
                .chain(l.col_iter())
                .flat_map(|c| c.iter().map(|v| v.to_bits()).collect::<Vec<_>>())
                .collect();
            (bits, perm)
        })
    }

    #[test]
    fn factors_are_bitwise_identical_for_1_2_and_4_threads() {
        let n = 5 * BLOCK + 61;
        let a = random(n, n, 31);
        let g = random(n, n, 32);
        let mut spd = product(g.as_ref(), g.transpose()) * faer::Scale(1.0 / n as f64);
        for i in 0..n {
            spd[(i, i)] += 1e-3;
        }
        let one = factor_in_pool(1, &a, &spd);
        for threads in [2, 4] {
            assert!(
                factor_in_pool(threads, &a, &spd) == one,
                "{threads} threads differ from 1"
            );
        }
    }

    /// A zero row stays exactly zero through the blocked elimination and ends as the last
    /// pivot, `u_nn = 0`: both pivot tests refuse it as [`SolveError::Singular`].
    #[test]
    fn a_zero_row_is_singular_at_the_last_pivot() {
        use crate::lu::Lu;
        use crate::{PivotTest, SolveError};

        let n = BLOCKED_MIN_ORDER + 37;
        let mut a = random(n, n, 41);
        a.row_mut(BLOCK + 5).fill(0.0);
        let lu = Lu::factor(a.as_ref());
        for test in [PivotTest::Relative, PivotTest::ExactZero] {
            let err = lu.check_pivots(0, test).unwrap_err();
            assert!(
                matches!(err, SolveError::Singular { pivot, ratio, .. } if pivot == n - 1 && ratio == 0.0),
                "{test:?}: {err}"
            );
        }
    }
}
