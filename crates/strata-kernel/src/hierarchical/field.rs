//! A solved system's field at many points with the far field of every data cluster carried
//! by its skeleton: `O((N + M) log)` kernel evaluations instead of `O(N M)` for `M` points.
//!
//! ```text
//! targets   a cluster tree of the M points
//! pairs     target clusters × data clusters: far, near or split (blocks)
//! leaf ℓ    sources = the skeletons (with their charges) of the data clusters far from ℓ or
//!           from one of its ancestors, and every dof of the data leaves near ℓ;
//!           their field at ℓ's points by the fused SIMD kernels
//! ```
//!
//! The charges are `s = P w` of the solved weights (module docs of
//! [`crate::hierarchical`]), the skeleton charges `w_J + T w_R` ([`skeleton`](super::skeleton)).
//! Every target leaf sums its sources in a fixed order and owns its points, so the values are
//! the same bit for bit for any thread count.

use rayon::prelude::*;

use super::HierarchicalOptions;
use super::blocks::dual_partition;
use super::data::DataTree;
use super::point_kernel::{Channel, PointKernel, SCALAR, is_vector};
use super::polynomial::{Moments, PolynomialPart};
use crate::fused::RadialKernel;
use super::skeleton::{SkeletonOptions, Skeletons};
use super::tree::{ClusterTree, SCALAR_ONLY, TreePoint};
use crate::fused::{FusedField, PackedField};
use crate::{FieldValues, KrigingSystem, Point, PreparedField};

/// A solved system prepared for hierarchical evaluation (module docs).
#[derive(Debug, Clone)]
pub struct HierarchicalField {
    data: DataTree,
    charges: Vec<f64>,
    skeleton_charges: Vec<Vec<f64>>,
    skeletons: Skeletons,
    kernel: RadialKernel<f64>,
    polynomial: Option<(PolynomialPart, Moments)>,
    scales: [f64; 4],
    options: HierarchicalOptions,
    reach: f64,
}

impl HierarchicalField {
    /// `system` with its solved `weights` (`weights.len()` = the system size).
    pub fn new(system: &KrigingSystem, weights: &[f64], options: &HierarchicalOptions) -> Self {
        let data = DataTree::new(system, options.leaf_dofs);
        let charges = data.charges(&weights[..system.layout().covariance_size()]);
        let reach = 2.0 * data.tree.nodes.first().map_or(0.0, |root| root.diameter());
        let kernel = PointKernel::far_part(system);
        let origin = data.tree.nodes.first().map_or([0.0; 3], |root| root.centre());
        let polynomial = PolynomialPart::new(system, origin)
            .map(|part| (part, part.moments(&data.tree.dofs, &charges)));
        let skeletons = Skeletons::new(
            &data.tree,
            &kernel,
            &SkeletonOptions {
                tolerance: options.tolerance,
                admissibility: options.admissibility,
                reach,
                length: system.covariance.range,
            },
        );
        Self {
            skeleton_charges: skeletons.charges(&data.tree, &charges),
            skeletons,
            data,
            charges,
            kernel: kernel.radial(),
            polynomial,
            scales: PackedField::<f64>::scales(system),
            options: *options,
            reach,
        }
    }

    /// Skeleton widths: the largest and the mean over clusters.
    pub fn skeleton_widths(&self) -> (usize, f64) {
        self.skeletons.widths()
    }

    /// The kernel field at the points `xyz` of one target leaf from the data clusters `far`
    /// (by their skeletons) and the data leaves `near` (every dof).
    fn leaf_field(&self, xyz: &[Point], far: &[usize], near: &[usize], gradient: bool) -> FieldValues {
        let tree = &self.data.tree;
        let (mut dipoles, mut points) = (Vec::new(), Vec::new());
        let mut push = |(p, channel): (Point, Channel), charge: f64| {
            if is_vector(channel) {
                let mut w = [0.0; 3];
                w[usize::from(channel - 1)] = charge;
                dipoles.push((p, w));
            } else {
                points.push((p, charge));
            }
        };
        for &s in far {
            let charges = &self.skeleton_charges[s];
            for (&d, &w) in self.skeletons.dofs(s).iter().zip(charges) {
                push(tree.dofs[d], w);
            }
        }
        for &s in near {
            for d in tree.nodes[s].dofs.clone() {
                push(tree.dofs[d], self.charges[d]);
            }
        }
        let packed = PackedField::<f64>::from_sources(
            xyz[0],
            dipoles.into_iter(),
            points.into_iter(),
            self.scales,
        );
        let mut values = FusedField::from_packed(self.kernel, packed).kernel_field(xyz, gradient);
        if let Some((part, moments)) = &self.polynomial {
            for (z, p) in values.scalar.iter_mut().zip(xyz) {
                *z += part.value(moments, p, SCALAR);
            }
            for (g, p) in values.gradient.iter_mut().flatten().zip(xyz) {
                for (a, g) in g.iter_mut().enumerate() {
                    *g += part.value(moments, p, a as Channel + 1);
                }
            }
        }
        values
    }
}

impl PreparedField for HierarchicalField {
    fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues {
        let points: Vec<TreePoint> = xyz
            .iter()
            .map(|&xyz| TreePoint {
                xyz,
                channels: SCALAR_ONLY,
            })
            .collect();
        let targets = ClusterTree::new(&points, self.options.leaf_dofs);
        let (far, near) = dual_partition(
            &targets,
            &self.data.tree,
            self.options.admissibility,
            self.reach,
        );
        let mut far_of = vec![Vec::new(); targets.nodes.len()];
        let mut near_of = vec![Vec::new(); targets.nodes.len()];
        for (t, s) in far {
            far_of[t].push(s);
        }
        for (t, s) in near {
            near_of[t].push(s);
        }
        let leaves: Vec<usize> = (0..targets.nodes.len())
            .filter(|&t| targets.nodes[t].children.is_none())
            .collect();
        let fields: Vec<FieldValues> = leaves
            .par_iter()
            .map(|&leaf| {
                let mut far = Vec::new();
                let mut node = Some(leaf);
                while let Some(t) = node {
                    far.extend_from_slice(&far_of[t]);
                    node = targets.nodes[t].parent;
                }
                let range = targets.nodes[leaf].dofs.clone();
                let leaf_xyz: Vec<Point> = targets.dofs[range].iter().map(|(p, _)| *p).collect();
                self.leaf_field(&leaf_xyz, &far, &near_of[leaf], gradient)
            })
            .collect();
        let mut scalar = vec![0.0; xyz.len()];
        let mut gradients = vec![[0.0; 3]; if gradient { xyz.len() } else { 0 }];
        let mut place = vec![0; xyz.len()];
        for (i, &d) in targets.first_dof.iter().enumerate() {
            place[d] = i;
        }
        for (&leaf, values) in leaves.iter().zip(fields) {
            let start = targets.nodes[leaf].dofs.start;
            for (k, z) in values.scalar.iter().enumerate() {
                scalar[place[start + k]] = *z;
            }
            for (k, g) in values.gradient.iter().flatten().enumerate() {
                gradients[place[start + k]] = *g;
            }
        }
        FieldValues {
            scalar,
            gradient: gradient.then_some(gradients),
        }
    }
}
