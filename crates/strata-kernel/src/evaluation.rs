//! Evaluation of a solved field at arbitrary points (docs/math.md §5.2).

use crate::drift::{quadratic, quadratic_derivative};
use crate::{GeoBackend, KernelError, Kernels, KrigingSystem, Point, PreparedField};

/// Points at which a field is evaluated, with the fault-drift values at them
/// (`fault_values[f][j]` = fault drift `f` at point `j`; one column per fault of the system).
#[derive(Debug, Clone, Copy)]
pub struct EvaluationPoints<'a> {
    /// The points.
    pub xyz: &'a [Point],
    /// Fault-drift values at the points.
    pub fault_values: &'a [&'a [f64]],
}

impl EvaluationPoints<'_> {
    /// Checks that there are `n_faults` fault-drift columns with one value per point.
    pub fn check(&self, n_faults: usize) -> Result<(), KernelError> {
        if self.fault_values.len() != n_faults {
            return Err(KernelError::FaultCount {
                expected: n_faults,
                found: self.fault_values.len(),
            });
        }
        for (fault, values) in self.fault_values.iter().enumerate() {
            if values.len() != self.xyz.len() {
                return Err(KernelError::FaultValues {
                    fault,
                    what: "evaluation point",
                    expected: self.xyz.len(),
                    found: values.len(),
                });
            }
        }
        Ok(())
    }
}

/// Scalar field `Z` and, if asked for, the exported gradient `G` at a set of points.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldValues {
    /// `Z` per point.
    pub scalar: Vec<f64>,
    /// `G` per point, when computed.
    pub gradient: Option<Vec<Point>>,
}

/// A solved stack ready to evaluate: the system's drift and fault-drift weights on the host,
/// its data points and kernel weights in a backend's [`PreparedField`] ([`Kernels::prepare`]).
///
/// ```text
/// Z(x) = Σ_{α,i} w_{α,i} c_o gi_res (p_i − x)_α Kp(ρ(p_i,x))
///      + Σ_k w_k c_o i_res (K(ρ(q_k,x)) − K(ρ(r_k,x)))
///      + gi_res Σ_β w_{U_β} x_β + i_res Σ_m w_{U_m} φ_m(x) + Σ_f w_{F_f} F_f(x)
/// G_β(x) = Σ_{α,i} w_{α,i} c_o (−h_α h_β (K2 − Kp)/(ρ² + 1e−5) − δ_αβ Kp)
///      + Σ_k w_k c_o gi_res ((r_k − x)_β Kp(ρ(r_k,x)) − (q_k − x)_β Kp(ρ(q_k,x)))
///      + w_{U_β} + gi_res Σ_m w_{U_m} ∂φ_m/∂x_β(x)
/// ```
///
/// (`G = ½∇Z` for the cubic and Matérn kernels; the fault drift `F_f` has no gradient term.)
pub struct Field {
    system: KrigingSystem,
    weights: Vec<f64>,
    prepared: Box<dyn PreparedField>,
}

impl Field {
    /// Prepares `system` with its solved `weights` for evaluation by `kernels`.
    pub fn new<B: GeoBackend>(
        system: &KrigingSystem,
        weights: &[f64],
        kernels: &Kernels<B>,
    ) -> Result<Self, KernelError> {
        Ok(Self {
            prepared: kernels.prepare(system, weights)?,
            system: system.clone(),
            weights: weights.to_vec(),
        })
    }

    /// `Z` (and `G` if `gradient`) at `points` (formulas on [`Field`]).
    pub fn evaluate(
        &self,
        points: EvaluationPoints<'_>,
        gradient: bool,
    ) -> Result<FieldValues, KernelError> {
        let layout = self.system.layout();
        points.check(layout.n_faults)?;
        let mut values = self.prepared.kernel_field(points.xyz, gradient);
        add_drift(&self.system, &self.weights, points.xyz, &mut values);
        let drift_end = layout.fault_row(0);
        for (f, column) in points.fault_values.iter().enumerate() {
            let w = self.weights[drift_end + f];
            for (z, &value) in values.scalar.iter_mut().zip(column.iter()) {
                *z += w * value;
            }
        }
        Ok(values)
    }

    /// `G` alone at `xyz`: it does not depend on the fault drift, so no fault values are needed.
    pub fn gradient(&self, xyz: &[Point]) -> Vec<Point> {
        let mut values = self.prepared.kernel_field(xyz, true);
        add_drift(&self.system, &self.weights, xyz, &mut values);
        values.gradient.unwrap_or_default()
    }
}

/// Adds the drift terms of `Z` and `G` (the lines with `w_U` above).
pub(crate) fn add_drift(
    system: &KrigingSystem,
    weights: &[f64],
    xyz: &[Point],
    values: &mut FieldValues,
) {
    if system.drift_degree == 0 {
        return;
    }
    let layout = system.layout();
    let w = &weights[layout.drift_row(0)..layout.drift_row(0) + layout.n_drift];
    for (j, x) in xyz.iter().enumerate() {
        let mut z = system.gi_res * (w[0] * x[0] + w[1] * x[1] + w[2] * x[2]);
        if system.drift_degree == 2 {
            let phi = quadratic(x);
            z += system.i_res * (0..6).map(|m| w[3 + m] * phi[m]).sum::<f64>();
        }
        values.scalar[j] += z;
        if let Some(g) = values.gradient.as_mut() {
            for (axis, component) in g[j].iter_mut().enumerate() {
                *component += w[axis];
                if system.drift_degree == 2 {
                    let d = quadratic_derivative(x, axis);
                    *component += system.gi_res * (0..6).map(|m| w[3 + m] * d[m]).sum::<f64>();
                }
            }
        }
    }
}
