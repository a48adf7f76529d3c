//! The cluster tree: the data points bisected by dof count along the longest side of their
//! bounding box until a cluster holds at most `leaf_dofs` dofs.
//!
//! Every node owns a contiguous range of the *tree order* of the points and of their dofs (a
//! point's dofs stay together), so a block of `K` between two nodes is a block of contiguous
//! rows and columns. Medians are taken by coordinate then by point index, so the tree depends
//! on the data alone.

use std::ops::Range;

use super::point_kernel::{Channel, SCALAR};
use crate::Point;
use crate::fused::bounding_box;

/// A point and its channels: the scalar or the three vector components.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TreePoint {
    pub xyz: Point,
    pub channels: &'static [Channel],
}

/// The channels of a surface point.
pub(crate) const SCALAR_ONLY: &[Channel] = &[SCALAR];
/// The channels of an orientation.
pub(crate) const VECTOR_ONLY: &[Channel] = &[1, 2, 3];

impl TreePoint {
    fn dofs(&self) -> usize {
        self.channels.len()
    }
}

/// One cluster.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Its dofs in tree order.
    pub dofs: Range<usize>,
    /// Lower and upper corners of its points' bounding box.
    pub bounds: [Point; 2],
    /// Its two halves, `None` for a leaf.
    pub children: Option<[usize; 2]>,
    /// Depth below the root (0).
    pub depth: usize,
}

impl Node {
    /// Centre of the bounding box.
    pub fn centre(&self) -> Point {
        let [lo, hi] = self.bounds;
        [0, 1, 2].map(|a| 0.5 * (lo[a] + hi[a]))
    }

    /// Length of the bounding box's diagonal.
    pub fn diameter(&self) -> f64 {
        let [lo, hi] = self.bounds;
        (0..3).map(|a| (hi[a] - lo[a]).powi(2)).sum::<f64>().sqrt()
    }

    /// Distance between the bounding boxes of `self` and `other` (0 where they meet).
    pub fn distance(&self, other: &Node) -> f64 {
        let ([a0, a1], [b0, b1]) = (self.bounds, other.bounds);
        (0..3)
            .map(|k| (b0[k] - a1[k]).max(a0[k] - b1[k]).max(0.0).powi(2))
            .sum::<f64>()
            .sqrt()
    }
}

/// The cluster tree of a point set, with the tree order of its dofs.
#[derive(Debug, Clone)]
pub(crate) struct ClusterTree {
    /// The nodes, the root first; children after their parent.
    pub nodes: Vec<Node>,
    /// Position and channel of every dof, in tree order.
    pub dofs: Vec<(Point, Channel)>,
    /// The first tree-order dof of every input point.
    pub first_dof: Vec<usize>,
}

impl ClusterTree {
    /// The tree of `points` with leaves of at most `leaf_dofs` dofs (a point with more dofs
    /// than that is a leaf alone).
    pub fn new(points: &[TreePoint], leaf_dofs: usize) -> Self {
        let mut order: Vec<usize> = (0..points.len()).collect();
        let mut nodes = Vec::new();
        let mut pending = vec![(0..points.len(), None::<(usize, usize)>, 0usize)];
        // Dof offsets follow the final point order, which the bisection fixes top-down:
        // a node's points are a contiguous slice of `order` from the start.
        let mut ranges: Vec<Range<usize>> = Vec::new();
        while let Some((range, parent, depth)) = pending.pop() {
            let slice = &mut order[range.clone()];
            let bounds = bounding_box(slice.iter().map(|&i| &points[i].xyz));
            let dofs: usize = slice.iter().map(|&i| points[i].dofs()).sum();
            let id = nodes.len();
            nodes.push(Node {
                dofs: 0..0,
                bounds,
                children: None,
                depth,
            });
            ranges.push(range.clone());
            if let Some((parent, side)) = parent {
                let children = nodes[parent].children.get_or_insert([0, 0]);
                children[side] = id;
            }
            if dofs <= leaf_dofs || slice.len() < 2 {
                continue;
            }
            let axis = longest_axis(&bounds);
            slice.sort_by(|&i, &j| {
                points[i].xyz[axis]
                    .total_cmp(&points[j].xyz[axis])
                    .then(i.cmp(&j))
            });
            let mut seen = 0;
            let half = slice
                .iter()
                .position(|&i| {
                    seen += points[i].dofs();
                    2 * seen >= dofs
                })
                .map_or(1, |p| p + 1)
                .clamp(1, slice.len() - 1);
            let split = range.start + half;
            pending.push((split..range.end, Some((id, 1)), depth + 1));
            pending.push((range.start..split, Some((id, 0)), depth + 1));
        }
        let mut first_dof = vec![0; points.len()];
        let mut dof_at = vec![0; points.len() + 1];
        let mut dofs = Vec::new();
        for (place, &i) in order.iter().enumerate() {
            first_dof[i] = dofs.len();
            let p = points[i];
            dofs.extend(p.channels.iter().map(|&c| (p.xyz, c)));
            dof_at[place + 1] = dofs.len();
        }
        for (node, range) in nodes.iter_mut().zip(&ranges) {
            node.dofs = dof_at[range.start]..dof_at[range.end];
        }
        Self {
            nodes,
            dofs,
            first_dof,
        }
    }
}

fn longest_axis([lo, hi]: &[Point; 2]) -> usize {
    (0..3)
        .max_by(|&a, &b| (hi[a] - lo[a]).total_cmp(&(hi[b] - lo[b])).then(b.cmp(&a)))
        .unwrap_or(0)
}
