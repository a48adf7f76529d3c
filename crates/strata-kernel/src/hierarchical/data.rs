//! The data points of a system in tree order, and the map `P` between the system's kernel
//! rows and the point charges (module docs of [`crate::hierarchical`]).

use super::point_kernel::Channel;
use super::tree::{ClusterTree, SCALAR_ONLY, TreePoint, VECTOR_ONLY};
use crate::KrigingSystem;
use crate::fused::InterfacePoints;

/// The cluster tree of a system's distinct surface points and orientations, with the dof of
/// each.
#[derive(Debug, Clone)]
pub(crate) struct DataTree {
    pub tree: ClusterTree,
    /// The tree-order dof of every distinct interface point.
    point_dof: Vec<usize>,
    /// Each interface row's reference and rest point.
    reference: Vec<usize>,
    rest: Vec<usize>,
    /// The tree-order dof of the first component of every orientation.
    orientation_dof: Vec<usize>,
}

impl DataTree {
    /// The tree of `system`'s data with leaves of at most `leaf_dofs` dofs.
    pub fn new(system: &KrigingSystem, leaf_dofs: usize) -> Self {
        let interface = InterfacePoints::new(system);
        let point = |channels: &'static [Channel]| move |&xyz| TreePoint { xyz, channels };
        let points: Vec<TreePoint> = interface
            .points
            .iter()
            .map(point(SCALAR_ONLY))
            .chain(system.orientation_xyz.iter().map(point(VECTOR_ONLY)))
            .collect();
        let tree = ClusterTree::new(&points, leaf_dofs);
        let m = interface.points.len();
        Self {
            point_dof: tree.first_dof[..m].to_vec(),
            orientation_dof: tree.first_dof[m..].to_vec(),
            tree,
            reference: interface.reference,
            rest: interface.rest,
        }
    }

    /// `s = P x`: the charges (tree order) of the kernel-row weights `x` (gradient rows
    /// `a n_o + i` first, then the interface rows).
    pub fn charges(&self, x: &[f64]) -> Vec<f64> {
        let no = self.orientation_dof.len();
        let mut charges = vec![0.0; self.tree.dofs.len()];
        for (i, &dof) in self.orientation_dof.iter().enumerate() {
            for a in 0..3 {
                charges[dof + a] = x[a * no + i];
            }
        }
        let rows = self.reference.iter().zip(&self.rest);
        for ((&q, &r), &w) in rows.zip(&x[3 * no..]) {
            charges[self.point_dof[q]] += w;
            charges[self.point_dof[r]] -= w;
        }
        charges
    }

    /// `y = Pᵀ f`: the kernel rows of the field `f` at the dofs (tree order).
    pub fn rows(&self, field: &[f64], y: &mut [f64]) {
        let no = self.orientation_dof.len();
        for (i, &dof) in self.orientation_dof.iter().enumerate() {
            for a in 0..3 {
                y[a * no + i] = field[dof + a];
            }
        }
        let rows = self.reference.iter().zip(&self.rest);
        for ((&q, &r), out) in rows.zip(&mut y[3 * no..]) {
            *out = field[self.point_dof[q]] - field[self.point_dof[r]];
        }
    }
}
