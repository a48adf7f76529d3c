//! What the iterative solve asks of the covariance block `C` and of a preconditioner `M`.

/// A symmetric positive definite `n × n` operator `C`, applied without being stored.
///
/// [`apply`](Self::apply) is the operator itself (for the co-kriging covariance block, the
/// fused SIMD kernel sums of `strata-kernel`); [`principal_block`](Self::principal_block)
/// gives the few dense sub-blocks a preconditioner factors.
pub trait SymmetricOperator: Sync {
    /// The order `n`.
    fn size(&self) -> usize;

    /// `y ← C x` (`x.len() = y.len() = n`).
    fn apply(&self, x: &[f64], y: &mut [f64]);

    /// The principal sub-block `C[rows, rows]`, row-major `|rows|²`.
    fn principal_block(&self, rows: &[usize]) -> Vec<f64>;

    /// `out ← C[.., columns] y` (`y.len() = |columns|`, `out.len() = n`): the product with a
    /// vector that is zero outside `columns`. The default scatters `y` and applies `C`;
    /// an operator whose cost grows with the nonzeros overrides it.
    fn apply_columns(&self, columns: &[usize], y: &[f64], out: &mut [f64]) {
        let mut x = vec![0.0; self.size()];
        for (&c, &v) in columns.iter().zip(y) {
            x[c] = v;
        }
        self.apply(&x, out);
    }

    /// `out ← C[rows, ..] x` (`out.len() = |rows|`): some rows of the product. The default
    /// applies `C` and gathers them.
    fn apply_rows(&self, rows: &[usize], x: &[f64], out: &mut [f64]) {
        let mut y = vec![0.0; self.size()];
        self.apply(x, &mut y);
        for (o, &r) in out.iter_mut().zip(rows) {
            *o = y[r];
        }
    }
}

/// A symmetric positive definite preconditioner: `z ← M⁻¹ r`.
pub trait Preconditioner: Sync {
    /// `z ← M⁻¹ r` (`r.len() = z.len() = n`).
    fn apply(&self, r: &[f64], z: &mut [f64]);
}

/// No preconditioner: `M = I`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Identity;

impl Preconditioner for Identity {
    fn apply(&self, r: &[f64], z: &mut [f64]) {
        z.copy_from_slice(r);
    }
}

/// A dense symmetric matrix as an operator (row-major `n × n`): small systems and tests.
#[derive(Debug, Clone, Copy)]
pub struct DenseOperator<'a> {
    /// The order `n`.
    pub n: usize,
    /// `C[i, j] = data[i·n + j]`.
    pub data: &'a [f64],
}

impl SymmetricOperator for DenseOperator<'_> {
    fn size(&self) -> usize {
        self.n
    }

    fn apply(&self, x: &[f64], y: &mut [f64]) {
        for (row, y) in self.data.chunks_exact(self.n).zip(y.iter_mut()) {
            *y = dot(row, x);
        }
    }

    fn principal_block(&self, rows: &[usize]) -> Vec<f64> {
        rows.iter()
            .flat_map(|&i| rows.iter().map(move |&j| self.data[i * self.n + j]))
            .collect()
    }
}

/// `Σ aᵢ bᵢ`, summed left to right (one fixed order: the same bits for any thread count).
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0, |s, (x, y)| s + x * y)
}
