//! The projected preconditioned conjugate gradient ([`projected_cg`] has the algorithm).

use faer::{Mat, MatRef};

use super::operator::dot;
use super::projection::Projection;
use super::{IterativeError, Preconditioner, SymmetricOperator};
use crate::PivotTest;
use crate::condition::Factorization;
use crate::lu::Lu;

/// Consecutive restarts whose recomputed residual misses the tolerance before giving up.
const MAX_RESTARTS: usize = 3;

/// The saddle-point system of one stack, its covariance block given as an operator.
#[derive(Clone, Copy)]
pub struct SaddlePoint<'a, O> {
    /// `C`, `n_c × n_c`.
    pub covariance: &'a O,
    /// `U`, row-major `n_c × n_d`.
    pub drift: &'a [f64],
    /// `D`, row-major `n_d × n_d`.
    pub drift_block: &'a [f64],
    /// `b = [b₁; b₂]`, `n_c + n_d` entries.
    pub rhs: &'a [f64],
    /// `s_i > 0`, one per row of `C`: the stopping rule's unit for the residual of row `i`
    /// ([`projected_cg_with`] takes units that follow the iterate).
    pub residual_scale: &'a [f64],
}

/// The stopping rule's unit `s_i > 0` for each row of `C`, given the iterate: the iteration
/// stops when `max_i |r_i| / s_i <= tolerance`.
///
/// A rule whose units depend on the solution (e.g. the gaps between the iso-values of the
/// field the weights define) recomputes them from each iterate; [`FixedScale`] does not. A
/// unit that is not `> 0` (or NaN) makes the measure infinite: no stop at that iterate.
pub trait ResidualScale: Sync {
    /// Writes `s_i` for the iterate `weights = [w₁; w₂]` into `out` (`n_c` entries).
    fn scale(&self, weights: &[f64], out: &mut [f64]);
}

/// The same units for every iterate.
#[derive(Debug, Clone, Copy)]
pub struct FixedScale<'a>(pub &'a [f64]);

impl ResidualScale for FixedScale<'_> {
    fn scale(&self, _: &[f64], out: &mut [f64]) {
        out.copy_from_slice(self.0);
    }
}

/// When the iteration stops.
///
/// ```
/// use strata_solver::iterative::IterativeOptions;
///
/// let options = IterativeOptions::default().with_tolerance(1e-8);
/// assert_eq!(options.tolerance, 1e-8);
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IterativeOptions {
    /// Stop when `max_i |r_i| / s_i <= tolerance` for the residual `r = b₁ − C w₁ − U w₂`.
    pub tolerance: f64,
    /// Give up after this many iterations (per right-hand side).
    pub max_iterations: usize,
}

impl Default for IterativeOptions {
    /// `tolerance = 1e-10`, `max_iterations = 1000`.
    fn default() -> Self {
        Self {
            tolerance: 1e-10,
            max_iterations: 1000,
        }
    }
}

impl IterativeOptions {
    /// These options with `tolerance`.
    pub const fn with_tolerance(self, tolerance: f64) -> Self {
        Self { tolerance, ..self }
    }

    /// These options with `max_iterations`.
    pub const fn with_max_iterations(self, max_iterations: usize) -> Self {
        Self {
            max_iterations,
            ..self
        }
    }
}

/// The weights of an iterative solve and how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct IterativeSolution {
    /// `w = [w₁; w₂]`.
    pub values: Vec<f64>,
    /// Iterations run (products with `C` in the loop), over every right-hand side.
    pub iterations: usize,
    /// `max_i |r_i| / s_i` of the final residual, recomputed from `w`, in the stopping rule's
    /// units for `w` (for the iso-value-gap rule of `strata-kernel`: the largest fraction of an
    /// iso-value gap that a surface point's field is still off by).
    pub residual: f64,
    /// The residual stopped decreasing above the tolerance: the rounding of the products
    /// bounds it ([`projected_cg`]).
    pub rounding_floor: bool,
}

/// The projected preconditioned conjugate gradient on the co-kriging saddle point.
///
/// ```text
/// ┌ C   U ┐ ┌ w₁ ┐   ┌ b₁ ┐      minimise ½ w₁ᵀ C w₁ − b₁ᵀ w₁   subject to  Uᵀ w₁ = d,
/// └ Uᵀ  D ┘ └ w₂ ┘ = └ b₂ ┘      w₂ = −λ (the multipliers),     d = b₂ − D w₂
/// ```
///
/// For `D = 0` (no fault drift) one run of the iteration below solves the system; every
/// iterate satisfies the drift constraints exactly, so the residual it stops on is the misfit
/// of the field at the data:
///
/// ```text
/// x ← guess moved onto Uᵀx = d;   r = C x − b₁;   (g, v) = P(r);  r ← r − U v;  λ = v;  p = −g
/// repeat:  q = C p;  α = rᵀg / pᵀq;  x ← x + α p;  r ← r + α q
///          (g, v) = P(r);  r ← r − U v;  λ ← λ + v          (P: the constraint projection)
///          stop when max_i |r_i| / s_i <= tolerance
///          β = r⁺ᵀg⁺ / rᵀg;  p ← −g + β p
/// ```
///
/// and at the end the residual is recomputed from `x` (one more product with `C`): if the
/// recurrence has drifted, the iteration restarts from there. When a restart no longer halves
/// the recomputed residual, the products' own rounding (`u Σ_j |C_ij| |w_j|`, large when the
/// weights are: ill-conditioned systems) is the floor of what any iterate can reach: the
/// solution is returned with that residual and [`IterativeSolution::rounding_floor`] set. `D ≠ 0` (the `1e−8` filler
/// between drift and fault columns) couples `d` to `w₂`; the solution is affine in `d`, so
/// with the solutions `w(e_j)` for `b₁ = 0, d = e_j` (`n_d` more runs)
///
/// ```text
/// w = w(b₂) + Σ_j δ_j w(e_j),   (I + D T) δ = −D w₂(b₂),   T = [w₂(e_1) … w₂(e_{n_d})]
/// ```
///
/// is exact. All sums run in one fixed order, so the weights have the same bits for any number
/// of threads when the operator and the preconditioner do.
///
/// Solves the saddle point by projected conjugate gradient, preconditioned by
/// `preconditioner`, from `guess` (moved onto the constraints) or from zero, with the units
/// `system.residual_scale`.
///
/// A search direction with `pᵀ C p <= 0` (a covariance block that is indefinite on the
/// constraint space) stops it with [`IterativeError::Breakdown`], the iteration limit with
/// [`IterativeError::NoConvergence`]: it returns weights only when they meet the stopping rule
/// or the rounding floor.
pub fn projected_cg<O: SymmetricOperator, P: Preconditioner>(
    system: &SaddlePoint<'_, O>,
    preconditioner: &P,
    guess: Option<&[f64]>,
    options: &IterativeOptions,
) -> Result<IterativeSolution, IterativeError> {
    projected_cg_with(
        system,
        preconditioner,
        guess,
        options,
        &FixedScale(system.residual_scale),
    )
}

/// [`projected_cg`] with the stopping rule's units taken from each iterate by `scale`. With
/// `D ≠ 0` the `n_d` runs for `w(e_j)` stop on the units of the first run's solution, frozen,
/// and the final measure is that of the combined weights.
pub fn projected_cg_with<O: SymmetricOperator, P: Preconditioner, S: ResidualScale>(
    system: &SaddlePoint<'_, O>,
    preconditioner: &P,
    guess: Option<&[f64]>,
    options: &IterativeOptions,
    scale: &S,
) -> Result<IterativeSolution, IterativeError> {
    let n_c = system.covariance.size();
    let n_d = validate(system, guess)?;
    let u = MatRef::from_row_major_slice(system.drift, n_c, n_d);
    let projection = Projection::new(preconditioner, u)?;
    let run = Run {
        system,
        projection: &projection,
        options,
        scale,
    };
    let (b1, b2) = system.rhs.split_at(n_c);
    let mut base = run.solve(b1, b2, guess.map(|g| &g[..n_c]))?;
    let d = MatRef::from_row_major_slice(system.drift_block, n_d, n_d);
    if system.drift_block.iter().any(|&v| v != 0.0) {
        let mut frozen = vec![0.0; n_c];
        scale.scale(&base.values, &mut frozen);
        let unit_run = Run {
            system,
            projection: &projection,
            options,
            scale: &FixedScale(&frozen),
        };
        let zeros = vec![0.0; n_c];
        let mut unit = vec![0.0; n_d];
        let mut columns = Vec::with_capacity(n_d);
        for j in 0..n_d {
            unit.fill(0.0);
            unit[j] = 1.0;
            columns.push(unit_run.solve(&zeros, &unit, None)?);
        }
        // (I + D T) δ = −D w₂(b₂), products summed in index order.
        let t = |k: usize, j: usize| columns[j].values[n_c + k];
        let lhs = Mat::from_fn(n_d, n_d, |i, j| {
            let dt = (0..n_d).fold(0.0, |s, k| s + d[(i, k)] * t(k, j));
            if i == j { 1.0 + dt } else { dt }
        });
        let mut delta = Mat::from_fn(n_d, 1, |i, _| {
            -(0..n_d).fold(0.0, |s, k| s + d[(i, k)] * base.values[n_c + k])
        });
        let lu = Lu::factor(lhs.as_ref());
        lu.check_pivots(0, PivotTest::Relative)
            .map_err(|_| IterativeError::SingularConstraints)?;
        lu.solve_in_place(delta.as_mut());
        for (j, column) in columns.iter().enumerate() {
            for (w, c) in base.values.iter_mut().zip(&column.values) {
                *w += delta[(j, 0)] * c;
            }
            base.iterations += column.iterations;
            base.rounding_floor |= column.rounding_floor;
        }
        base.residual = run.residual_of(&base.values, b1);
    }
    Ok(base)
}

/// Checks every length and entry; returns `n_d`.
fn validate<O: SymmetricOperator>(
    system: &SaddlePoint<'_, O>,
    guess: Option<&[f64]>,
) -> Result<usize, IterativeError> {
    let n_c = system.covariance.size();
    let n = system.rhs.len();
    let size = |what, expected, found: usize| {
        if expected == found {
            Ok(())
        } else {
            Err(IterativeError::Size {
                what,
                expected,
                found,
            })
        }
    };
    if n < n_c {
        return Err(IterativeError::Size {
            what: "right-hand side",
            expected: n_c,
            found: n,
        });
    }
    let n_d = n - n_c;
    size("drift columns U", n_c * n_d, system.drift.len())?;
    size("drift block D", n_d * n_d, system.drift_block.len())?;
    size("residual scales", n_c, system.residual_scale.len())?;
    if let Some(g) = guess {
        size("starting guess", n, g.len())?;
    }
    let finite = |what, values: &[f64], positive: bool| match values
        .iter()
        .position(|v| !v.is_finite() || (positive && *v <= 0.0))
    {
        Some(index) => Err(IterativeError::NonFinite {
            what,
            index,
            value: values[index],
        }),
        None => Ok(()),
    };
    finite("right-hand side", system.rhs, false)?;
    finite("drift columns U", system.drift, false)?;
    finite("drift block D", system.drift_block, false)?;
    finite("residual scales", system.residual_scale, true)?;
    finite("starting guess", guess.unwrap_or(&[]), false)?;
    Ok(n_d)
}

/// One system's operator, projection and options: solves for any `(b₁, d)`.
struct Run<'a, O, P, S: ?Sized> {
    system: &'a SaddlePoint<'a, O>,
    projection: &'a Projection<'a, P>,
    options: &'a IterativeOptions,
    scale: &'a S,
}

/// The state of the iteration: the iterate, its residual and multipliers.
struct Iterate {
    x: Vec<f64>,
    r: Vec<f64>,
    lambda: Vec<f64>,
    g: Vec<f64>,
}

impl<O: SymmetricOperator, P: Preconditioner, S: ResidualScale + ?Sized> Run<'_, O, P, S> {
    /// `[[C, U], [Uᵀ, 0]] w = [b₁; d]` (module pseudo-code).
    fn solve(
        &self,
        b1: &[f64],
        d: &[f64],
        guess: Option<&[f64]>,
    ) -> Result<IterativeSolution, IterativeError> {
        let n_c = b1.len();
        let mut x = guess.map_or_else(|| vec![0.0; n_c], <[f64]>::to_vec);
        self.projection.make_feasible(&mut x, d);
        let mut state = Iterate {
            x,
            r: vec![0.0; n_c],
            lambda: vec![0.0; d.len()],
            g: vec![0.0; n_c],
        };
        let mut iterations = 0;
        let mut restarts = 0;
        let mut previous = f64::INFINITY;
        let mut recursion_converged = false;
        loop {
            // The residual recomputed from x and λ: r = C x − b₁ − U λ.
            self.system.covariance.apply(&state.x, &mut state.r);
            state.r.iter_mut().zip(b1).for_each(|(r, b)| *r -= b);
            let lambda = std::mem::take(&mut state.lambda);
            self.projection.remove_drift(&lambda, &mut state.r);
            state.lambda = lambda;
            self.project(&mut state);
            let residual = self.measure(&state.r, &state.x, &state.lambda);
            let floor = recursion_converged && residual > 0.5 * previous;
            if residual <= self.options.tolerance || floor {
                let mut values = state.x;
                values.extend(state.lambda.iter().map(|l| -l));
                return Ok(IterativeSolution {
                    values,
                    iterations,
                    residual,
                    rounding_floor: floor && residual > self.options.tolerance,
                });
            }
            previous = residual;
            if iterations >= self.options.max_iterations || restarts > MAX_RESTARTS {
                return Err(IterativeError::NoConvergence {
                    iterations,
                    residual,
                    tolerance: self.options.tolerance,
                });
            }
            restarts += 1;
            (iterations, recursion_converged) = self.iterate(&mut state, iterations)?;
        }
    }

    /// Conjugate-gradient steps from `state` until the recurrence's residual meets the
    /// tolerance or the iteration limit; returns the iteration count reached and whether the
    /// recurrence met the tolerance.
    fn iterate(
        &self,
        state: &mut Iterate,
        mut iterations: usize,
    ) -> Result<(usize, bool), IterativeError> {
        let n_c = state.x.len();
        let mut p: Vec<f64> = state.g.iter().map(|g| -g).collect();
        let mut q = vec![0.0; n_c];
        let mut rg = dot(&state.r, &state.g);
        while iterations < self.options.max_iterations {
            self.system.covariance.apply(&p, &mut q);
            iterations += 1;
            let curvature = dot(&p, &q);
            if curvature.is_nan() || curvature <= 0.0 {
                return Err(IterativeError::Breakdown {
                    iteration: iterations,
                    curvature,
                });
            }
            let alpha = rg / curvature;
            for (x, p) in state.x.iter_mut().zip(&p) {
                *x += alpha * p;
            }
            for (r, q) in state.r.iter_mut().zip(&q) {
                *r += alpha * q;
            }
            self.project(state);
            if self.measure(&state.r, &state.x, &state.lambda) <= self.options.tolerance {
                return Ok((iterations, true));
            }
            let rg_next = dot(&state.r, &state.g);
            let beta = rg_next / rg;
            rg = rg_next;
            for (p, g) in p.iter_mut().zip(&state.g) {
                *p = beta * *p - g;
            }
        }
        Ok((iterations, false))
    }

    /// `(g, v) = P(r)`, `r ← r − U v`, `λ ← λ + v`.
    fn project(&self, state: &mut Iterate) {
        let v = self.projection.project(&state.r, &mut state.g);
        self.projection.remove_drift(&v, &mut state.r);
        state.lambda.iter_mut().zip(&v).for_each(|(l, v)| *l += v);
    }

    /// `max_i |r_i| / s_i` with the units of the iterate `[x; −λ]`.
    fn measure(&self, r: &[f64], x: &[f64], lambda: &[f64]) -> f64 {
        let mut w = x.to_vec();
        w.extend(lambda.iter().map(|l| -l));
        self.scaled(r, &w)
    }

    /// `max_i |r_i| / s_i` with the units of the weights `w` (infinite where `s_i` is not
    /// positive).
    fn scaled(&self, r: &[f64], w: &[f64]) -> f64 {
        let mut s = vec![0.0; r.len()];
        self.scale.scale(w, &mut s);
        r.iter().zip(&s).fold(0.0, |m, (r, &s)| {
            m.max(if s > 0.0 { r.abs() / s } else { f64::INFINITY })
        })
    }

    /// `max_i |r_i| / s_i` of `r = b₁ − C w₁ − U w₂` for the weights `w`.
    fn residual_of(&self, w: &[f64], b1: &[f64]) -> f64 {
        let n_c = b1.len();
        let mut r = vec![0.0; n_c];
        self.system.covariance.apply(&w[..n_c], &mut r);
        r.iter_mut().zip(b1).for_each(|(r, b)| *r -= b);
        let minus_w2: Vec<f64> = w[n_c..].iter().map(|v| -v).collect();
        self.projection.remove_drift(&minus_w2, &mut r);
        self.scaled(&r, w)
    }
}
