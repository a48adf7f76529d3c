//! The covariance block `C = Pᵀ K P + nugget` with `K` hierarchical: the products of the
//! iterative solve in `O(N log N)`. `K` is the polynomial part, summed by moments
//! ([`polynomial`](super::polynomial)), plus the rest as a hierarchical matrix.

use strata_solver::iterative::SymmetricOperator;

use super::HierarchicalOptions;
use super::data::DataTree;
use super::matrix::{HMatrix, HierarchicalStats};
use super::point_kernel::PointKernel;
use super::polynomial::PolynomialPart;
use crate::{CovarianceOperator, GeoBackend, KernelError, Kernels, KrigingSystem};

/// `C` of `system` with `K` compressed (module docs of [`crate::hierarchical`]); the
/// preconditioner's rows, columns and principal blocks are exact (`kernels`' products).
pub struct HierarchicalOperator<'a, B: GeoBackend> {
    exact: CovarianceOperator<'a, B>,
    data: DataTree,
    matrix: HMatrix,
    polynomial: Option<PolynomialPart>,
}

impl<'a, B: GeoBackend> HierarchicalOperator<'a, B> {
    /// Builds `H` for `system` as `options` say; `Err` where `kernels` cannot prepare
    /// `system` or `H` would hold more than `options.max_bytes`
    /// ([`KernelError::HierarchicalMemory`]).
    pub fn new(
        system: &'a KrigingSystem,
        kernels: &'a Kernels<B>,
        options: &HierarchicalOptions,
    ) -> Result<Self, KernelError> {
        let exact = CovarianceOperator::new(system, kernels)?;
        let _span = tracing::info_span!("hierarchical", rows = exact.size()).entered();
        let data = DataTree::new(system, options.leaf_dofs);
        let matrix = HMatrix::new(&data.tree, &PointKernel::far_part(system), options)?;
        let origin = data
            .tree
            .nodes
            .first()
            .map_or([0.0; 3], |root| root.centre());
        Ok(Self {
            exact,
            data,
            matrix,
            polynomial: PolynomialPart::new(system, origin),
        })
    }

    /// Blocks, ranks and bytes of `H`.
    pub fn stats(&self) -> HierarchicalStats {
        self.matrix.stats(&self.data.tree)
    }
}

impl<B: GeoBackend> SymmetricOperator for HierarchicalOperator<'_, B> {
    fn size(&self) -> usize {
        self.exact.size()
    }

    fn apply(&self, x: &[f64], y: &mut [f64]) {
        let charges = self.data.charges(x);
        let mut field = vec![0.0; charges.len()];
        self.matrix.apply(&self.data.tree, &charges, &mut field);
        if let Some(polynomial) = &self.polynomial {
            let dofs = &self.data.tree.dofs;
            let moments = polynomial.moments(dofs, &charges);
            for (f, (p, channel)) in field.iter_mut().zip(dofs) {
                *f += polynomial.value(&moments, p, *channel);
            }
        }
        self.data.rows(&field, y);
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
