//! The covariance block `C = Pᵀ K P + nugget` with `K` hierarchical: the products of the
//! iterative solve in `O(N log N)`.

use strata_solver::iterative::SymmetricOperator;

use super::HierarchicalOptions;
use super::matrix::{HMatrix, HierarchicalStats};
use super::point_kernel::PointKernel;
use super::tree::{ClusterTree, TreePoint};
use crate::fused::InterfacePoints;
use crate::{CovarianceOperator, GeoBackend, KernelError, Kernels, KrigingSystem};

/// `C` of `system` with `K` compressed (module docs of [`crate::hierarchical`]); the
/// preconditioner's rows, columns and principal blocks are exact (`kernels`' products).
pub struct HierarchicalOperator<'a, B: GeoBackend> {
    exact: CovarianceOperator<'a, B>,
    matrix: HMatrix,
    /// The tree-order dof of every distinct interface point.
    point_dof: Vec<usize>,
    /// Each interface row's reference and rest point.
    reference: Vec<usize>,
    rest: Vec<usize>,
    /// The tree-order dof of the first component of every orientation.
    orientation_dof: Vec<usize>,
}

impl<'a, B: GeoBackend> HierarchicalOperator<'a, B> {
    /// Builds `H` for `system` as `options` say; `Err` where `kernels` cannot prepare
    /// `system`.
    pub fn new(
        system: &'a KrigingSystem,
        kernels: &'a Kernels<B>,
        options: &HierarchicalOptions,
    ) -> Result<Self, KernelError> {
        let exact = CovarianceOperator::new(system, kernels)?;
        let _span = tracing::info_span!("hierarchical", rows = exact.size()).entered();
        let interface = InterfacePoints::new(system);
        let points: Vec<TreePoint> = interface
            .points
            .iter()
            .map(|&xyz| TreePoint { xyz, vector: false })
            .chain(
                system
                    .orientation_xyz
                    .iter()
                    .map(|&xyz| TreePoint { xyz, vector: true }),
            )
            .collect();
        let tree = ClusterTree::new(&points, options.leaf_dofs);
        let m = interface.points.len();
        let point_dof = tree.first_dof[..m].to_vec();
        let orientation_dof = tree.first_dof[m..].to_vec();
        let matrix = HMatrix::new(tree, &PointKernel::new(system), options);
        Ok(Self {
            exact,
            matrix,
            point_dof,
            reference: interface.reference,
            rest: interface.rest,
            orientation_dof,
        })
    }

    /// Blocks, ranks and bytes of `H`.
    pub fn stats(&self) -> HierarchicalStats {
        self.matrix.stats()
    }
}

impl<B: GeoBackend> SymmetricOperator for HierarchicalOperator<'_, B> {
    fn size(&self) -> usize {
        self.exact.size()
    }

    fn apply(&self, x: &[f64], y: &mut [f64]) {
        let no = self.orientation_dof.len();
        let mut charges = vec![0.0; self.matrix.size()];
        for (i, &dof) in self.orientation_dof.iter().enumerate() {
            for a in 0..3 {
                charges[dof + a] = x[a * no + i];
            }
        }
        let rows = self.reference.iter().zip(&self.rest);
        for ((&q, &r), &w) in rows.clone().zip(&x[3 * no..]) {
            charges[self.point_dof[q]] += w;
            charges[self.point_dof[r]] -= w;
        }
        let mut field = vec![0.0; charges.len()];
        self.matrix.apply(&charges, &mut field);
        for (i, &dof) in self.orientation_dof.iter().enumerate() {
            for a in 0..3 {
                y[a * no + i] = field[dof + a];
            }
        }
        for ((&q, &r), out) in rows.zip(&mut y[3 * no..]) {
            *out = field[self.point_dof[q]] - field[self.point_dof[r]];
        }
        self.exact
            .add_nugget(x.iter().enumerate(), &mut |row, v| y[row] += v);
    }

    fn apply_columns(&self, columns: &[usize], y: &[f64], out: &mut [f64]) {
        self.exact.apply_columns(columns, y, out);
    }

    fn apply_rows(&self, rows: &[usize], x: &[f64], out: &mut [f64]) {
        self.exact.apply_rows(rows, x, out);
    }

    fn principal_block(&self, rows: &[usize]) -> Vec<f64> {
        self.exact.principal_block(rows)
    }
}
