//! The constraint projection of the projected conjugate gradient.
//!
//! With the preconditioner `M` and the drift columns `U` (`n_c × n_d`, full column rank),
//!
//! ```text
//! Y = M⁻¹ U,   S = Uᵀ Y   (n_d × n_d, symmetric positive definite),
//! g = M⁻¹ r − Y v,   v = S⁻¹ Uᵀ M⁻¹ r,
//! ```
//!
//! is the solution of `[[M, U], [Uᵀ, 0]] [g; v] = [r; 0]`: the preconditioned residual
//! projected onto the constraint space `Uᵀ g = 0` (Gould, Hribar and Nocedal, 2001). `v` is
//! the multiplier estimate the residual's drift component gives.

use faer::{Mat, MatRef};

use super::{IterativeError, Preconditioner};
use crate::PivotTest;
use crate::condition::Factorization;
use crate::lu::Lu;

/// `Y`, the factored `S` and what they need (module formulas).
pub(crate) struct Projection<'a, P> {
    preconditioner: &'a P,
    u: MatRef<'a, f64>,
    y: Mat<f64>,
    s: Option<Lu<'static>>,
}

impl<'a, P: Preconditioner> Projection<'a, P> {
    /// `Y = M⁻¹ U` (one preconditioner application per drift column) and `S = Uᵀ Y`, factored.
    pub(crate) fn new(preconditioner: &'a P, u: MatRef<'a, f64>) -> Result<Self, IterativeError> {
        let (n_c, n_d) = (u.nrows(), u.ncols());
        let mut y = Mat::zeros(n_c, n_d);
        let mut column = vec![0.0; n_c];
        let mut image = vec![0.0; n_c];
        for j in 0..n_d {
            column
                .iter_mut()
                .enumerate()
                .for_each(|(i, c)| *c = u[(i, j)]);
            preconditioner.apply(&column, &mut image);
            image.iter().enumerate().for_each(|(i, &v)| y[(i, j)] = v);
        }
        let s = if n_d == 0 {
            None
        } else {
            let s = Mat::from_fn(n_d, n_d, |i, j| column_dot(u, i, y.as_ref(), j));
            let lu = Lu::factor(s.as_ref());
            lu.check_pivots(0, PivotTest::Relative)
                .map_err(|_| IterativeError::SingularConstraints)?;
            Some(lu)
        };
        Ok(Self {
            preconditioner,
            u,
            y,
            s,
        })
    }

    /// `g ← M⁻¹ r − Y v` (projected, preconditioned residual); returns `v`.
    pub(crate) fn project(&self, r: &[f64], g: &mut [f64]) -> Vec<f64> {
        self.preconditioner.apply(r, g);
        let v = self.solve_s(&self.ut_times(g));
        subtract(self.y.as_ref(), &v, g);
        v
    }

    /// `r ← r − U v`.
    pub(crate) fn remove_drift(&self, v: &[f64], r: &mut [f64]) {
        subtract(self.u, v, r);
    }

    /// Moves `x` onto `Uᵀ x = d` along `Y`: `x ← x + Y S⁻¹ (d − Uᵀ x)`.
    pub(crate) fn make_feasible(&self, x: &mut [f64], d: &[f64]) {
        let misfit: Vec<f64> = self.ut_times(x).iter().zip(d).map(|(a, b)| b - a).collect();
        let step = self.solve_s(&misfit);
        let step: Vec<f64> = step.iter().map(|s| -s).collect();
        subtract(self.y.as_ref(), &step, x);
    }

    /// `Uᵀ x`, each entry summed in row order.
    pub(crate) fn ut_times(&self, x: &[f64]) -> Vec<f64> {
        (0..self.u.ncols())
            .map(|j| (0..x.len()).fold(0.0, |s, i| s + self.u[(i, j)] * x[i]))
            .collect()
    }

    /// `S⁻¹ t` (empty without drift).
    fn solve_s(&self, t: &[f64]) -> Vec<f64> {
        match &self.s {
            None => Vec::new(),
            Some(lu) => {
                let mut m = Mat::from_fn(t.len(), 1, |i, _| t[i]);
                lu.solve_in_place(m.as_mut());
                m.col(0).iter().copied().collect()
            }
        }
    }
}

/// `x ← x − B v` for an `n_c × n_d` matrix `B`.
fn subtract(b: MatRef<'_, f64>, v: &[f64], x: &mut [f64]) {
    for (j, &vj) in v.iter().enumerate() {
        for (i, xi) in x.iter_mut().enumerate() {
            *xi -= b[(i, j)] * vj;
        }
    }
}

/// `Σ_k a[k, i] b[k, j]`, in row order.
fn column_dot(a: MatRef<'_, f64>, i: usize, b: MatRef<'_, f64>, j: usize) -> f64 {
    (0..a.nrows()).fold(0.0, |s, k| s + a[(k, i)] * b[(k, j)])
}
