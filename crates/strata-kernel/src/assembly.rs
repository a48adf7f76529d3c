//! Assembly of the full system `A w = b` (docs/math.md §3.2).
//!
//! The backend computes the covariance block (gradient and interface rows, `c_o`-scaled kernel
//! terms); the cheap rest — nuggets on the diagonal, the drift block and the fault-drift block —
//! is added here, once for every backend.

use strata_solver::{SolveError, SolveOptions, SystemMatrix, Weights};

use crate::drift::{quadratic, quadratic_derivative};
use crate::{FAULT_FILLER, GeoBackend, Kernels, KrigingSystem, Layout};

/// An assembled system: `matrix` is row-major `n×n`, `rhs` has `n` entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Assembled {
    /// Block sizes.
    pub layout: Layout,
    /// `A`, row-major.
    pub matrix: Vec<f64>,
    /// `b`.
    pub rhs: Vec<f64>,
}

impl Assembled {
    /// `A` as the solver sees it: its covariance block `C` is the first
    /// [`Layout::covariance_size`] rows and columns, the drift and fault-drift columns `U`
    /// the rest.
    pub fn matrix_view(&self) -> SystemMatrix<'_> {
        SystemMatrix {
            n: self.layout.size(),
            data: &self.matrix,
            drift_start: self.layout.covariance_size(),
        }
    }

    /// Solves `A w = b` ([`strata_solver::solve`]): the weights and `κ(A)`.
    pub fn solve(&self, options: &SolveOptions) -> Result<Weights, SolveError> {
        strata_solver::solve(self.matrix_view(), &self.rhs, options)
    }
}

/// Builds `A` and `b` of one stack.
///
/// The covariance block `C` ([`Kernels::covariance_block_reference`]) enters as `c_o·(C + diag(η))`,
/// `η` = the first orientation's nugget on gradient rows and the rest point's nugget on
/// interface rows. Beyond it:
/// * drift (degree ≥ 1): `A[(α,i), U_β] = δ_αβ`, `A[k, U_β] = gi_res·(q_k − r_k)_β`;
///   degree 2 adds `A[(α,i), U_m] = gi_res·∂φ_m/∂x_α(p_i)`, `A[k, U_m] = i_res·(φ_m(q_k) − φ_m(r_k))`;
/// * fault drift: `A[k, F_f] = F_f(q_k) − F_f(r_k) + 1e−8`, `1e−8` against gradient and drift
///   rows, `0` between faults;
/// * `b` = the orientation gradients on the gradient rows, 0 elsewhere.
pub fn assemble<B: GeoBackend>(system: &KrigingSystem, kernels: &Kernels<B>) -> Assembled {
    let layout = system.layout();
    let n = layout.size();
    let nc = layout.covariance_size();
    let cov = covariance_matrix(system, kernels.covariance_block_reference(system));
    // Without drift or fault columns `A` is `C`: no second `8n²` bytes.
    let mut a = if nc == n {
        cov
    } else {
        let mut a = vec![0.0; n * n];
        for row in 0..nc {
            a[row * n..row * n + nc].copy_from_slice(&cov[row * nc..(row + 1) * nc]);
        }
        a
    };
    let drift = DriftBlocks::new(system);
    let n_d = n - nc;
    for row in 0..nc {
        for j in 0..n_d {
            let v = drift.u[row * n_d + j];
            a[row * n + nc + j] = v;
            a[(nc + j) * n + row] = v;
        }
    }
    for i in 0..n_d {
        a[(nc + i) * n + nc..(nc + i + 1) * n].copy_from_slice(&drift.d[i * n_d..(i + 1) * n_d]);
    }
    Assembled {
        layout,
        matrix: a,
        rhs: system.rhs(),
    }
}

/// `c_o·(K + diag(η))` from the unscaled kernel block `K` of `system` (in place): `η` = the
/// first orientation's nugget on gradient rows and the rest point's nugget on interface rows.
/// `K` is symmetric up to rounding (an interface entry sums four kernel values in an order that
/// depends on (k, l)): the upper triangle is mirrored, so that the result is exactly symmetric.
pub(crate) fn covariance_matrix(system: &KrigingSystem, mut cov: Vec<f64>) -> Vec<f64> {
    let layout = system.layout();
    let nc = layout.covariance_size();
    for r in 0..3 * layout.n_orientations {
        cov[r * nc + r] += system.gradient_nugget;
    }
    for (k, &nugget) in system.rest_nugget.iter().enumerate() {
        let r = layout.interface_row(k);
        cov[r * nc + r] += nugget;
    }
    // Tile by tile of the upper triangle (each upper entry is read before it or its mirror is
    // written, so the order is free): the mirror's writes stay within a tile's cache lines.
    const TILE: usize = 64;
    for rows in (0..nc).step_by(TILE) {
        for cols in (rows..nc).step_by(TILE) {
            for row in rows..(rows + TILE).min(nc) {
                for col in cols.max(row)..(cols + TILE).min(nc) {
                    let v = system.c_o * cov[row * nc + col];
                    cov[row * nc + col] = v;
                    cov[col * nc + row] = v;
                }
            }
        }
    }
    cov
}

/// The drift and fault-drift blocks of `A = [[C, U], [Uᵀ, D]]` (formulas on [`assemble`]):
/// `U` row-major `n_c × n_d` and `D` row-major `n_d × n_d`, `n_d` = drift + fault columns.
pub(crate) struct DriftBlocks {
    /// `U`.
    pub u: Vec<f64>,
    /// `D`: zero but for the `1e−8` filler between drift and fault-drift columns.
    pub d: Vec<f64>,
}

impl DriftBlocks {
    /// The blocks of `system`.
    pub(crate) fn new(system: &KrigingSystem) -> Self {
        let layout = system.layout();
        let nc = layout.covariance_size();
        let n_d = layout.n_drift + layout.n_faults;
        let mut u = vec![0.0; nc * n_d];
        let mut d = vec![0.0; n_d * n_d];
        let no = layout.n_orientations;
        let mut set = |row: usize, column: usize, v: f64| u[row * n_d + column] = v;
        if system.drift_degree >= 1 {
            for axis in 0..3 {
                for i in 0..no {
                    set(layout.gradient_row(axis, i), axis, 1.0);
                }
            }
            for (k, (q, r)) in system.reference.iter().zip(&system.rest).enumerate() {
                for axis in 0..3 {
                    set(
                        layout.interface_row(k),
                        axis,
                        system.gi_res * (q[axis] - r[axis]),
                    );
                }
            }
        }
        if system.drift_degree == 2 {
            for axis in 0..3 {
                for (i, p) in system.orientation_xyz.iter().enumerate() {
                    let derivative = quadratic_derivative(p, axis);
                    for (m, dm) in derivative.iter().enumerate() {
                        set(layout.gradient_row(axis, i), 3 + m, system.gi_res * dm);
                    }
                }
            }
            for (k, (q, r)) in system.reference.iter().zip(&system.rest).enumerate() {
                let (fq, fr) = (quadratic(q), quadratic(r));
                for m in 0..6 {
                    set(
                        layout.interface_row(k),
                        3 + m,
                        system.i_res * (fq[m] - fr[m]),
                    );
                }
            }
        }
        for f in 0..layout.n_faults {
            let column = layout.n_drift + f;
            for row in 0..3 * no {
                set(row, column, FAULT_FILLER);
            }
            for k in 0..layout.n_rest {
                let v = system.fault_reference[f][k] - system.fault_rest[f][k] + FAULT_FILLER;
                set(layout.interface_row(k), column, v);
            }
            for m in 0..layout.n_drift {
                d[m * n_d + column] = FAULT_FILLER;
                d[column * n_d + m] = FAULT_FILLER;
            }
        }
        Self { u, d }
    }
}
