//! The kriging variance of a solved field: how well the data determine it at each point.
//!
//! The field is the universal co-kriging estimate `Ẑ(x) = v(x)ᵀ A⁻¹ b` of a random field with
//! covariance `c(x, y) = c_o · i_res · K(ρ(x, y))` (docs/math.md §3.3, §12: gempy_engine's
//! scalings `i_res = 4` and `gi_res = 2` are those of the rescaled data `2ΔZ` and `∇Z`, so `A`
//! is the covariance of the data plus the nuggets, bordered by the drift). `v(x)` holds the
//! covariances of `Z(x)` with every datum and the drift functions at `x` — exactly the terms
//! the field sums (formulas on [`Field`](crate::Field)):
//!
//! ```text
//! v(x) = [ c_o gi_res (p_i − x)_α Kp(ρ(p_i, x))            gradient rows (α, i)
//!          c_o i_res (K(ρ(q_k, x)) − K(ρ(r_k, x)))          interface rows k
//!          gi_res x_β,  i_res φ_m(x)                        drift rows
//!          F_f(x) ]                                         fault-drift rows
//! ```
//!
//! so that `Ẑ(x) = v(x)·w`. The variance of the estimation error is
//!
//! ```text
//! σ²(x) = c(x, x) − v(x)ᵀ A⁻¹ v(x)
//! ```
//!
//! (with the drift rows this is universal kriging's `c(0) − λᵀk − μᵀf`). The surface points only
//! enter as increments from their surface's reference point `q`, so the variance that speaks of
//! a surface is that of the increment `Z(x) − Z(q)`:
//!
//! ```text
//! σ²_q(x) = c(x, x) − 2 c(x, q) + c(q, q) − (v(x) − v(q))ᵀ A⁻¹ (v(x) − v(q)),
//! ```
//!
//! at most the nugget `c_o η` at that surface's points and growing away from the data. (With
//! the drift, `σ²` is universal kriging's and may exceed `c(x, x)` where the drift is
//! extrapolated.)
//!
//! ## Cost, and the approximation above the dense limit
//!
//! Exactly ([`VarianceMethod::Exact`]): one LU factorisation of `A` (`2N³/3`), then for every
//! point `v(x)` (`O(N)`) and one solve with the factors (`2N²`): `2N²M` flops at `M` points,
//! in batches of [`BATCH`] points. For a system larger than
//! [`VarianceOptions::dense_limit`] rows the solves dominate everything else (`N = 3000` on
//! 10⁶ points is `2·10¹³` flops), and the variance is computed in local neighbourhoods
//! ([`VarianceMethod::Neighbourhoods`], [`neighbourhood`]): the points are cut into tiles, and
//! each tile uses `n_loc` covariance rows — half of them those whose data lie nearest its
//! centre, half spread over the rest — with every drift row: `2n_loc³/3 + 2n_loc²M_t` per
//! tile of `M_t` points. Dropping data can only make
//! the variance of a linear estimate larger, so the approximation errs on the side of caution;
//! its error against the exact variance on a mid-size model is documented in
//! docs/python.md (*Kriging variance*).
//!
//! Every point's variance is computed by the same sequence of operations whatever the number
//! of threads (batches and tiles are fixed by the points alone).

pub mod neighbourhood;

use rayon::prelude::*;
use strata_solver::{Factored, PivotTest};

use crate::drift::quadratic;
use crate::{Assembled, EvaluationPoints, KernelError, KrigingSystem, Point};

/// Points whose right-hand sides are solved together (columns of one triangular solve).
pub const BATCH: usize = 64;

/// How the variance is computed: exactly up to `dense_limit` rows, in neighbourhoods above.
///
/// ```
/// use strata_kernel::VarianceOptions;
/// let options = VarianceOptions::default().with_dense_limit(500).with_neighbourhood(200);
/// assert_eq!((options.dense_limit, options.neighbourhood), (500, 200));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VarianceOptions {
    /// Largest system (rows of `A`) whose variance is computed exactly.
    pub dense_limit: usize,
    /// Covariance rows of each tile's neighbourhood above the dense limit.
    pub neighbourhood: usize,
    /// Points per tile (on average) above the dense limit.
    pub tile_points: usize,
}

impl Default for VarianceOptions {
    fn default() -> Self {
        Self {
            dense_limit: 1500,
            neighbourhood: 800,
            tile_points: 4096,
        }
    }
}

impl VarianceOptions {
    /// These options with the exact computation up to `rows` rows.
    pub fn with_dense_limit(self, rows: usize) -> Self {
        Self {
            dense_limit: rows,
            ..self
        }
    }

    /// These options with neighbourhoods of `rows` covariance rows.
    pub fn with_neighbourhood(self, rows: usize) -> Self {
        Self {
            neighbourhood: rows,
            ..self
        }
    }

    /// These options with tiles of about `points` points.
    pub fn with_tile_points(self, points: usize) -> Self {
        Self {
            tile_points: points,
            ..self
        }
    }
}

/// Which computation a [`Variance`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarianceMethod {
    /// `σ²` from the factorisation of the whole system.
    Exact,
    /// `σ²` from the neighbourhood of each tile of points.
    Neighbourhoods,
}

/// A solved stack ready for its kriging variance at any point set (formulas in the
/// [module documentation](self)).
pub struct Variance {
    system: KrigingSystem,
    method: Method,
    /// `c(x, x) = c_o · i_res · K(ρ(0))`.
    c0: f64,
}

enum Method {
    Exact(Factored),
    Neighbourhoods(neighbourhood::Neighbourhoods),
}

/// What the variance is of: the field, or its increment from a point.
#[derive(Clone, Copy)]
enum Target<'a> {
    Field,
    Increment {
        q: Point,
        /// `v(q)`.
        vq: &'a [f64],
    },
}

impl Variance {
    /// Prepares the variance of `system`, whose matrix is `assembled` (`pivots`: the solve's
    /// singularity test).
    pub fn new(
        system: &KrigingSystem,
        assembled: &Assembled,
        options: &VarianceOptions,
        pivots: PivotTest,
    ) -> Result<Self, KernelError> {
        let n = system.layout().size();
        if assembled.layout != system.layout() {
            return Err(KernelError::Length {
                what: "rows of the assembled system",
                expected: n,
                found: assembled.layout.size(),
            });
        }
        let method = if n <= options.dense_limit {
            Method::Exact(Factored::lu(assembled.matrix_view(), pivots)?)
        } else {
            Method::Neighbourhoods(neighbourhood::Neighbourhoods::new(
                system, assembled, options, pivots,
            ))
        };
        let c0 = covariance(system, [0.0; 3], [0.0; 3]);
        Ok(Self {
            system: system.clone(),
            method,
            c0,
        })
    }

    /// Which computation this variance uses.
    pub fn method(&self) -> VarianceMethod {
        match self.method {
            Method::Exact(_) => VarianceMethod::Exact,
            Method::Neighbourhoods(_) => VarianceMethod::Neighbourhoods,
        }
    }

    /// `v(x)`: the covariances of `Z(x)` with every datum and the drift functions at `x`, with
    /// `faults[f]` the fault drift `f` at `x` (one value per fault of the system).
    pub fn covariances(&self, x: Point, faults: &[f64]) -> Result<Vec<f64>, KernelError> {
        check_faults(&self.system, faults.len())?;
        let mut v = vec![0.0; self.system.layout().size()];
        fill_covariances(&self.system, x, faults, &mut v);
        Ok(v)
    }

    /// `σ²(x)` at every point, as computed: rounding can leave it slightly negative
    /// (`≈ −ε·c(0)`) where the data fix the field, and gempy_engine's cubic kernel — not clipped
    /// at `r ≥ a`, so no covariance beyond its range — can make it negative at points farther
    /// than the range from every datum (a sign that the range is too short for the model).
    pub fn field(&self, points: EvaluationPoints<'_>) -> Result<Vec<f64>, KernelError> {
        self.variances(points, Target::Field)
    }

    /// `σ²_q(x)`, the variance of the increment `Z(x) − Z(q)`, at every point; `q_faults` are
    /// the fault drifts at `q`.
    pub fn increment(
        &self,
        points: EvaluationPoints<'_>,
        q: Point,
        q_faults: &[f64],
    ) -> Result<Vec<f64>, KernelError> {
        let vq = self.covariances(q, q_faults)?;
        self.variances(points, Target::Increment { q, vq: &vq })
    }

    fn variances(
        &self,
        points: EvaluationPoints<'_>,
        target: Target<'_>,
    ) -> Result<Vec<f64>, KernelError> {
        points.check(self.system.layout().n_faults)?;
        let rhs = Rhs {
            system: &self.system,
            points,
            target,
            c0: self.c0,
        };
        match &self.method {
            Method::Exact(factored) => exact(factored, &rhs),
            Method::Neighbourhoods(n) => n.variances(&rhs),
        }
    }
}

/// The right-hand sides of a variance computation: `v(x)` (or `v(x) − v(q)`) and the prior
/// variance at every point.
struct Rhs<'a> {
    system: &'a KrigingSystem,
    points: EvaluationPoints<'a>,
    target: Target<'a>,
    c0: f64,
}

impl Rhs<'_> {
    /// Writes the right-hand side of point `j` into `v` and returns its prior variance.
    fn fill(&self, j: usize, v: &mut [f64]) -> f64 {
        let x = self.points.xyz[j];
        let faults: Vec<f64> = self.points.fault_values.iter().map(|f| f[j]).collect();
        fill_covariances(self.system, x, &faults, v);
        match self.target {
            Target::Field => self.c0,
            Target::Increment { q, vq } => {
                for (a, b) in v.iter_mut().zip(vq) {
                    *a -= b;
                }
                2.0 * self.c0 - 2.0 * covariance(self.system, x, q)
            }
        }
    }
}

/// Every point's variance from the factorisation of the whole system, [`BATCH`] points per
/// triangular solve.
fn exact(factored: &Factored, rhs: &Rhs<'_>) -> Result<Vec<f64>, KernelError> {
    let n = factored.order();
    let m = rhs.points.xyz.len();
    let batches: Vec<Vec<f64>> = (0..m.div_ceil(BATCH))
        .into_par_iter()
        .map(|b| {
            let points = b * BATCH..((b + 1) * BATCH).min(m);
            let mut v = vec![0.0; n * points.len()];
            let prior: Vec<f64> = points
                .clone()
                .zip(v.chunks_mut(n))
                .map(|(j, column)| rhs.fill(j, column))
                .collect();
            let mut z = v.clone();
            factored.solve_columns(&mut z, points.len())?;
            Ok(prior
                .iter()
                .zip(v.chunks(n).zip(z.chunks(n)))
                .map(|(c, (v, z))| posterior(*c, v, z))
                .collect())
        })
        .collect::<Result<_, KernelError>>()?;
    Ok(batches.concat())
}

/// `c − vᵀz` with `z = A⁻¹v`.
fn posterior(prior: f64, v: &[f64], z: &[f64]) -> f64 {
    prior - v.iter().zip(z).map(|(a, b)| a * b).sum::<f64>()
}

/// `c(x, y) = c_o · i_res · K(ρ(x, y))`.
fn covariance(system: &KrigingSystem, x: Point, y: Point) -> f64 {
    system.c_o
        * system.i_res
        * system
            .covariance
            .radial_fast(squared_distance(x, y), false)
            .k
}

/// `v(x)` into `v` (formulas in the module documentation).
fn fill_covariances(system: &KrigingSystem, x: Point, faults: &[f64], v: &mut [f64]) {
    let layout = system.layout();
    let cov = system.covariance;
    let gradient_scale = system.c_o * system.gi_res;
    for (i, p) in system.orientation_xyz.iter().enumerate() {
        let kp = cov.radial_fast(squared_distance(*p, x), false).kp;
        for axis in 0..3 {
            v[layout.gradient_row(axis, i)] = gradient_scale * (p[axis] - x[axis]) * kp;
        }
    }
    let interface_scale = system.c_o * system.i_res;
    for (k, (q, r)) in system.reference.iter().zip(&system.rest).enumerate() {
        let kq = cov.radial_fast(squared_distance(*q, x), false).k;
        let kr = cov.radial_fast(squared_distance(*r, x), false).k;
        v[layout.interface_row(k)] = interface_scale * (kq - kr);
    }
    if system.drift_degree >= 1 {
        for axis in 0..3 {
            v[layout.drift_row(axis)] = system.gi_res * x[axis];
        }
    }
    if system.drift_degree == 2 {
        for (m, phi) in quadratic(&x).iter().enumerate() {
            v[layout.drift_row(3 + m)] = system.i_res * phi;
        }
    }
    for (f, value) in faults.iter().enumerate() {
        v[layout.fault_row(f)] = *value;
    }
}

fn squared_distance(a: Point, b: Point) -> f64 {
    (0..3).map(|k| (a[k] - b[k]) * (a[k] - b[k])).sum()
}

fn check_faults(system: &KrigingSystem, found: usize) -> Result<(), KernelError> {
    let expected = system.layout().n_faults;
    if found == expected {
        Ok(())
    } else {
        Err(KernelError::FaultCount { expected, found })
    }
}
