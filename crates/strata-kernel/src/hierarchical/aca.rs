//! Adaptive cross approximation (ACA with partial pivoting, Bebendorf 2000) of one admissible
//! block `B` (`m × n`) from its rows and columns alone.
//!
//! ```text
//! r   = B[i, :] − Σ_l u_l[i] v_l          (residual of the pivot row i)
//! j   = argmax |r_j|,   v_k = r / r_j
//! u_k = B[:, j] − Σ_l v_l[j] u_l          (residual of the pivot column j)
//! next i = argmax over unused rows |u_k[i]|
//! stop when |u_k| |v_k| <= ε |S_k|_F  at two steps in a row,   S_k = Σ_{l<=k} u_l v_lᵀ
//! ```
//!
//! `|S_k|_F²` is updated in `O(k(m + n))` per step. The stopping rule estimates
//! `|B − S_k|_F <= ε |B|_F` (the term just added bounds what is left when the residual decays
//! geometrically, as it does for kernels smooth on the block); a block whose rank would cost
//! more than its `m n` entries is stored dense instead.

/// A rank-`k` block `U Vᵀ`, or the block itself.
#[derive(Debug, Clone)]
pub(crate) enum Compressed {
    /// `U` (`m × k`) and `V` (`n × k`), column after column.
    LowRank {
        u: Vec<f64>,
        v: Vec<f64>,
        rank: usize,
    },
    /// The block, row-major `m × n`.
    Dense(Vec<f64>),
}

impl Compressed {
    /// The entries stored.
    pub fn len(&self) -> usize {
        match self {
            Self::LowRank { u, v, .. } => u.len() + v.len(),
            Self::Dense(b) => b.len(),
        }
    }

    /// `y += B x` (`transposed`: `y += Bᵀ x`).
    pub fn apply(&self, x: &[f64], y: &mut [f64], transposed: bool) {
        match self {
            Self::LowRank { u, v, rank } => {
                let (left, right) = if transposed { (v, u) } else { (u, v) };
                let (len_left, len_right) = (y.len(), x.len());
                for l in 0..*rank {
                    let t = dot(&right[l * len_right..(l + 1) * len_right], x);
                    let c = &left[l * len_left..(l + 1) * len_left];
                    y.iter_mut().zip(c).for_each(|(y, c)| *y += c * t);
                }
            }
            Self::Dense(b) => dense_apply(b, x, y, transposed),
        }
    }
}

/// `y += B x` (or `Bᵀ x`) of a row-major block `B` (`|y| × |x|`, or `|x| × |y|`).
pub(crate) fn dense_apply(b: &[f64], x: &[f64], y: &mut [f64], transposed: bool) {
    if transposed {
        let n = y.len();
        if n == 0 {
            return;
        }
        for (row, &xi) in b.chunks_exact(n).zip(x) {
            y.iter_mut().zip(row).for_each(|(y, a)| *y += a * xi);
        }
    } else {
        let n = x.len();
        if n == 0 {
            return;
        }
        for (row, yi) in b.chunks_exact(n).zip(y.iter_mut()) {
            *yi += row.iter().zip(x).map(|(a, b)| a * b).sum::<f64>();
        }
    }
}

/// The ACA of the `m × n` block whose row `i` `row(i, out)` and column `j` `col(j, out)`
/// write (module docs), to relative tolerance `tolerance`.
pub(crate) fn aca(
    m: usize,
    n: usize,
    row: impl Fn(usize, &mut [f64]),
    col: impl Fn(usize, &mut [f64]),
    tolerance: f64,
) -> Compressed {
    // Beyond this rank the factors hold more than the block.
    let max_rank = (m * n) / (m + n).max(1);
    let (mut u, mut v) = (Vec::<f64>::new(), Vec::<f64>::new());
    let mut used = vec![false; m];
    let (mut r, mut c) = (vec![0.0; n], vec![0.0; m]);
    let (mut rank, mut frob2, mut converged) = (0usize, 0.0f64, 0);
    let mut i = 0;
    loop {
        used[i] = true;
        row(i, &mut r);
        subtract_terms(&mut r, &u, m, i, &v);
        let (j, pivot) = r.iter().enumerate().fold((0, 0.0f64), |best, (j, &x)| {
            if x.abs() > best.1.abs() { (j, x) } else { best }
        });
        if pivot == 0.0 {
            // This row is reproduced exactly: another unused row, or the block is done.
            match used.iter().position(|&u| !u) {
                Some(next) => {
                    i = next;
                    continue;
                }
                None => break,
            }
        }
        if rank == max_rank {
            return dense(m, n, &row);
        }
        r.iter_mut().for_each(|x| *x /= pivot);
        col(j, &mut c);
        subtract_terms(&mut c, &v, n, j, &u);
        let (nu2, nv2) = (dot(&c, &c), dot(&r, &r));
        let cross: f64 = (0..rank)
            .map(|l| dot(&c, &u[l * m..(l + 1) * m]) * dot(&r, &v[l * n..(l + 1) * n]))
            .sum();
        frob2 += 2.0 * cross + nu2 * nv2;
        u.extend_from_slice(&c);
        v.extend_from_slice(&r);
        rank += 1;
        if (nu2 * nv2).sqrt() <= tolerance * frob2.max(0.0).sqrt() {
            converged += 1;
            if converged == 2 {
                break;
            }
        } else {
            converged = 0;
        }
        let next = c.iter().enumerate().filter(|&(k, _)| !used[k]).fold(
            None,
            |best: Option<(usize, f64)>, (k, &x)| match best {
                Some((_, b)) if b >= x.abs() => best,
                _ => Some((k, x.abs())),
            },
        );
        match next {
            Some((k, _)) => i = k,
            None => break,
        }
    }
    Compressed::LowRank { u, v, rank }
}

fn dense(m: usize, n: usize, row: &impl Fn(usize, &mut [f64])) -> Compressed {
    let mut b = vec![0.0; m * n];
    for (i, out) in b.chunks_exact_mut(n.max(1)).enumerate().take(m) {
        row(i, out);
    }
    Compressed::Dense(b)
}

/// `x −= Σ_l a_l[index] b_l`: the terms so far at one row (or column) of the block, `a_l` the
/// factors' columns of length `len_a`, `b_l` those of length `x.len()`.
fn subtract_terms(x: &mut [f64], a: &[f64], len_a: usize, index: usize, b: &[f64]) {
    for (a_l, b_l) in a.chunks_exact(len_a).zip(b.chunks_exact(x.len())) {
        let coefficient = a_l[index];
        x.iter_mut()
            .zip(b_l)
            .for_each(|(x, b)| *x -= coefficient * b);
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}
