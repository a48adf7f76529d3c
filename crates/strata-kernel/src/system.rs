//! The data of one stack's co-kriging system, gathered from the input model.

use strata_data::{KernelOptions, StackData};

use crate::{Covariance, KernelError, Layout, Point};

/// Everything that determines one stack's system `A w = b` and its evaluation.
///
/// Surface points enter as increments: every point but the first of each surface is a *rest*
/// point `r_k` paired with its surface's *reference* (first) point `q_k` (ENGINE_MATH.md §1.3).
#[derive(Debug, Clone, PartialEq)]
pub struct KrigingSystem {
    /// Covariance function and range.
    pub covariance: Covariance,
    /// Covariance at zero distance.
    pub c_o: f64,
    /// Interface–interface scale (gempy: 4).
    pub i_res: f64,
    /// Gradient–interface scale (gempy: 2).
    pub gi_res: f64,
    /// Drift degree: 0, 1 or 2.
    pub drift_degree: u8,
    /// Orientation positions `p_i`.
    pub orientation_xyz: Vec<Point>,
    /// Orientation gradients `g_i` (the right-hand side).
    pub orientation_gradient: Vec<Point>,
    /// Nugget of the gradient rows: that of the stack's **first** orientation (gempy QUIRK).
    pub gradient_nugget: f64,
    /// Reference point `q_k` of each interface row.
    pub reference: Vec<Point>,
    /// Rest point `r_k` of each interface row.
    pub rest: Vec<Point>,
    /// Nugget of each interface row (that of its rest point).
    pub rest_nugget: Vec<f64>,
    /// Fault-drift values at the reference points, `[fault][k]`.
    pub fault_reference: Vec<Vec<f64>>,
    /// Fault-drift values at the rest points, `[fault][k]`.
    pub fault_rest: Vec<Vec<f64>>,
}

impl KrigingSystem {
    /// Gathers a stack's system. `fault_values[f]` holds fault drift `f` at every surface point
    /// of the stack (in the stack's point order); pass an empty slice when no fault offsets it.
    pub fn new(
        stack: &StackData<'_>,
        options: &KernelOptions,
        fault_values: &[&[f64]],
    ) -> Result<Self, KernelError> {
        for (fault, values) in fault_values.iter().enumerate() {
            if values.len() != stack.points.len() {
                return Err(KernelError::FaultValues {
                    fault,
                    what: "surface point of the stack",
                    expected: stack.points.len(),
                    found: values.len(),
                });
            }
        }
        let pairs = reference_rest_pairs(&stack.surface_sizes);
        let pick = |values: &[f64], which: fn(&(usize, usize)) -> usize| -> Vec<f64> {
            pairs.iter().map(|p| values[which(p)]).collect()
        };
        Ok(Self {
            covariance: Covariance {
                kind: options.kernel,
                range: options.range,
            },
            c_o: options.c_o,
            i_res: options.i_res,
            gi_res: options.gi_res,
            drift_degree: options.drift_degree,
            orientation_xyz: stack.orientation_xyz.to_vec(),
            orientation_gradient: stack.orientation_gradient.to_vec(),
            gradient_nugget: stack.orientation_nugget.first().copied().unwrap_or(0.0),
            reference: pairs.iter().map(|&(q, _)| stack.points[q]).collect(),
            rest: pairs.iter().map(|&(_, r)| stack.points[r]).collect(),
            rest_nugget: pick(stack.nugget, |p| p.1),
            fault_reference: fault_values.iter().map(|v| pick(v, |p| p.0)).collect(),
            fault_rest: fault_values.iter().map(|v| pick(v, |p| p.1)).collect(),
        })
    }

    /// Block sizes of the system.
    pub fn layout(&self) -> Layout {
        Layout {
            n_orientations: self.orientation_xyz.len(),
            n_rest: self.rest.len(),
            n_drift: match self.drift_degree {
                0 => 0,
                1 => 3,
                _ => 9,
            },
            n_faults: self.fault_rest.len(),
        }
    }

    /// Right-hand side `b`: the gradient components, x of every orientation first, then y,
    /// then z; zero for every other row.
    pub fn rhs(&self) -> Vec<f64> {
        let layout = self.layout();
        let mut b = vec![0.0; layout.size()];
        for (i, g) in self.orientation_gradient.iter().enumerate() {
            for (axis, &component) in g.iter().enumerate() {
                b[layout.gradient_row(axis, i)] = component;
            }
        }
        b
    }
}

/// `(reference, rest)` indices (into the stack's points) of every interface row: surface by
/// surface, each point after the first paired with the first.
pub fn reference_rest_pairs(surface_sizes: &[usize]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut start = 0;
    for &n in surface_sizes {
        pairs.extend((1..n).map(|k| (start, start + k)));
        start += n;
    }
    pairs
}

impl strata_data::ContentHash for KrigingSystem {
    fn hash_into(&self, h: &mut strata_data::ContentHasher) {
        h.tag("KrigingSystem")
            .str(self.covariance.kind.name())
            .f64(self.covariance.range)
            .f64(self.c_o)
            .f64(self.i_res)
            .f64(self.gi_res)
            .u64(u64::from(self.drift_degree))
            .points(&self.orientation_xyz)
            .points(&self.orientation_gradient)
            .f64(self.gradient_nugget)
            .points(&self.reference)
            .points(&self.rest)
            .f64s(&self.rest_nugget)
            .usize(self.fault_rest.len());
        for (q, r) in self.fault_reference.iter().zip(&self.fault_rest) {
            h.f64s(q).f64s(r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_follow_the_spec_example() {
        // Surfaces with 2 and 3 points: (P0,P1), (P2,P3), (P2,P4).
        assert_eq!(reference_rest_pairs(&[2, 3]), vec![(0, 1), (2, 3), (2, 4)]);
        assert_eq!(reference_rest_pairs(&[1, 1]), vec![]);
    }
}
