//! The covariance block `C` of a system as an operator: `C x` by the fused SIMD kernels,
//! without storing `C`.
//!
//! A product with `C` is a field evaluation. With the weights `x` on the kernel rows (and
//! none on the drift), the kernel part of the field `Z_x` and of its exported gradient `G_x`
//! ([`Field`](crate::Field) has the formulas) give every row of `C x`:
//!
//! ```text
//! (C x)_(α,i) = G_x,α(p_i) + c_o η_g x_(α,i)          gradient rows: G at the orientations
//! (C x)_k     = Z_x(q_k) − Z_x(r_k) + c_o η_k x_k       interface rows: Z at the surface points
//! ```
//!
//! (`C[(α,i),(β,j)] = c_o(−h_α h_β (K2 − Kp)/(ρ² + 1e−5) − δ_αβ Kp)` is the `G_o` term of `G`
//! at `x = p_i`, the gradient–interface entries its `G_i` term, and the interface block
//! `c_o i_res (K(r_k,r_l) − K(r_k,q_l) − K(q_k,r_l) + K(q_k,q_l))` the difference of `Z_i` at
//! `q_k` and `r_k`.) So one product is one evaluation of [`FusedField`] at the `n_o`
//! orientations (with gradient) and the `m` distinct surface points (without): `(n_o + m)²`
//! kernel evaluations in `f64` or `f32` lanes, `O(n)` memory. It differs from the assembled
//! `C` (reference order of operations, libm `pow`) only by rounding.
//!
//! The fields are prepared and evaluated by a [`Kernels`] value: the fused CPU kernels, a
//! device's kernels or the tensor-op forms, in the precision it holds.
//!
//! [`principal_block`](SymmetricOperator::principal_block) assembles `C[rows, rows]` from the
//! sub-system of those rows with the fast forms of the kernels
//! ([`Kernels::covariance_block_fast`], so on a device backend on the device) (the entries of
//! [`crate::assemble`] up to rounding, without its `pow` calls: the preconditioner's blocks).

use strata_solver::iterative::SymmetricOperator;

use crate::assembly::covariance_matrix;
use crate::fused::InterfacePoints;
use crate::{GeoBackend, KernelError, Kernels, KrigingSystem, Point, PreparedField};

/// `C` of `system` applied with the field kernels of `kernels` (module docs).
pub struct CovarianceOperator<'a, B: GeoBackend> {
    system: &'a KrigingSystem,
    interface: InterfacePoints,
    kernels: &'a Kernels<B>,
}

impl<'a, B: GeoBackend> CovarianceOperator<'a, B> {
    /// The operator of `system`'s covariance block (its distinct surface points found once),
    /// its products evaluated by `kernels`; `Err` where `kernels` cannot prepare `system` (a
    /// precision its backend does not have).
    pub fn new(system: &'a KrigingSystem, kernels: &'a Kernels<B>) -> Result<Self, KernelError> {
        kernels.prepare(system, &vec![0.0; system.layout().size()])?;
        Ok(Self {
            system,
            interface: InterfacePoints::new(system),
            kernels,
        })
    }

    /// `system` (or a sub-system of it) with `weights` on its kernel rows, prepared.
    fn prepare(&self, system: &KrigingSystem, kernel_weights: &[f64]) -> Box<dyn PreparedField> {
        let mut weights = kernel_weights.to_vec();
        weights.resize(system.layout().size(), 0.0);
        self.kernels
            .prepare(system, &weights)
            .expect("the weights have the system's size and the precision was checked by new")
    }
}

impl<B: GeoBackend> SymmetricOperator for CovarianceOperator<'_, B> {
    fn size(&self) -> usize {
        self.system.layout().covariance_size()
    }

    fn apply(&self, x: &[f64], y: &mut [f64]) {
        let field = self.prepare(self.system, x);
        self.kernel_rows(&*field, &mut (0..y.len()).zip(y.iter_mut()));
        self.add_nugget(x.iter().enumerate(), &mut |row, v| y[row] += v);
    }

    fn apply_columns(&self, columns: &[usize], y: &[f64], out: &mut [f64]) {
        let (sub, places) = self.subsystem(columns);
        let mut weights = vec![0.0; sub.layout().covariance_size()];
        for (&place, &v) in places.iter().zip(y) {
            weights[place] = v;
        }
        let field = self.prepare(&sub, &weights);
        self.kernel_rows(&*field, &mut (0..out.len()).zip(out.iter_mut()));
        self.add_nugget(columns.iter().copied().zip(y), &mut |row, v| out[row] += v);
    }

    fn apply_rows(&self, rows: &[usize], x: &[f64], out: &mut [f64]) {
        let field = self.prepare(self.system, x);
        self.kernel_rows(&*field, &mut rows.iter().copied().zip(out.iter_mut()));
        for (o, &row) in out.iter_mut().zip(rows) {
            self.add_nugget(std::iter::once((row, &x[row])), &mut |_, v| *o += v);
        }
    }

    fn principal_block(&self, rows: &[usize]) -> Vec<f64> {
        let (sub, places) = self.subsystem(rows);
        let n_sub = sub.layout().covariance_size();
        let block = covariance_matrix(&sub, self.kernels.covariance_block_fast(&sub));
        let block = &block;
        places
            .iter()
            .flat_map(|&i| places.iter().map(move |&j| block[i * n_sub + j]))
            .collect()
    }
}

impl<B: GeoBackend> CovarianceOperator<'_, B> {
    /// The sub-system of the orientations and interface rows that `rows` touch (in the order
    /// they first appear) and the row of the sub-system's `C` of each of `rows`.
    fn subsystem(&self, rows: &[usize]) -> (KrigingSystem, Vec<usize>) {
        let s = self.system;
        let no = s.orientation_xyz.len();
        let mut orientation_at = vec![usize::MAX; no];
        let mut interface_at = vec![usize::MAX; s.rest.len()];
        let (mut orientations, mut interface) = (Vec::new(), Vec::new());
        for &row in rows {
            let (at, list, index) = if row < 3 * no {
                (&mut orientation_at, &mut orientations, row % no)
            } else {
                (&mut interface_at, &mut interface, row - 3 * no)
            };
            if at[index] == usize::MAX {
                at[index] = list.len();
                list.push(index);
            }
        }
        let no_sub = orientations.len();
        let places = rows
            .iter()
            .map(|&row| {
                if row < 3 * no {
                    (row / no) * no_sub + orientation_at[row % no]
                } else {
                    3 * no_sub + interface_at[row - 3 * no]
                }
            })
            .collect();
        (s.subsystem(&orientations, &interface), places)
    }

    /// The kernel part of `C x` (no nugget) at the rows `rows` yields, for the weights that
    /// `field` holds: `G` at the orientations they need, `Z` at the surface points they need
    /// (module formulas), each point evaluated once.
    fn kernel_rows(
        &self,
        field: &dyn PreparedField,
        rows: &mut dyn Iterator<Item = (usize, &mut f64)>,
    ) {
        let s = self.system;
        let no = s.orientation_xyz.len();
        let (q, r) = (&self.interface.reference, &self.interface.rest);
        let rows: Vec<(usize, &mut f64)> = rows.collect();
        // Slots of the points to evaluate, in the order first needed.
        let mut orientation_slot = vec![usize::MAX; no];
        let mut point_slot = vec![usize::MAX; self.interface.points.len()];
        let (mut orientation_xyz, mut points) = (Vec::new(), Vec::new());
        let need = |slot: &mut Vec<usize>, list: &mut Vec<Point>, index: usize, at: Point| {
            if slot[index] == usize::MAX {
                slot[index] = list.len();
                list.push(at);
            }
        };
        for (row, _) in &rows {
            if *row < 3 * no {
                let i = row % no;
                need(
                    &mut orientation_slot,
                    &mut orientation_xyz,
                    i,
                    s.orientation_xyz[i],
                );
            } else {
                let k = row - 3 * no;
                for p in [q[k], r[k]] {
                    need(&mut point_slot, &mut points, p, self.interface.points[p]);
                }
            }
        }
        let gradient = field
            .kernel_field(&orientation_xyz, true)
            .gradient
            .unwrap_or_default();
        let z = field.kernel_field(&points, false).scalar;
        for (row, out) in rows {
            *out = if row < 3 * no {
                gradient[orientation_slot[row % no]][row / no]
            } else {
                let k = row - 3 * no;
                z[point_slot[q[k]]] - z[point_slot[r[k]]]
            };
        }
    }

    /// Calls `add(row, c_o η_row x_row)` for every `(row, x_row)`: the nugget diagonal.
    pub(crate) fn add_nugget<'x>(
        &self,
        entries: impl Iterator<Item = (usize, &'x f64)>,
        add: &mut dyn FnMut(usize, f64),
    ) {
        let s = self.system;
        let no = s.orientation_xyz.len();
        for (row, &x) in entries {
            let eta = if row < 3 * no {
                s.gradient_nugget
            } else {
                s.rest_nugget[row - 3 * no]
            };
            add(row, s.c_o * eta * x);
        }
    }
}
