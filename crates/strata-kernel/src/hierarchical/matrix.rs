//! The hierarchical matrix: `K` in point space cut into blocks between clusters of the
//! [`ClusterTree`], the far ones compressed by [`aca`], the near ones dense.
//!
//! ```text
//! (t, s) admissible   max(diam t, diam s) <= η dist(t, s)   → four ACA parts, one per pair of
//!                                                              channel kinds (Z/q rows and
//!                                                              G/w rows against q and w columns)
//! both leaves, near   dense
//! otherwise           split the larger of t, s
//! ```
//!
//! `K` is symmetric, so the partition starts from `(root, root)` and keeps only the pairs with
//! `t` before `s` (a diagonal pair splits into its children's two diagonal pairs and one
//! off-diagonal pair); an off-diagonal block serves `y_t += B x_s` and `y_s += Bᵀ x_t`.
//! Splitting the parts by kind keeps every ACA on entries of one scale (gradient entries are
//! those of the values over a length), so the tolerance holds for each kind of row.
//!
//! A product runs depth by depth: the nodes of one depth own disjoint ranges of dofs, each
//! sums its blocks in a fixed order (rayon over the nodes), and the sums are added in node
//! order, so the result is the same bit for bit for any thread count.

use rayon::prelude::*;

use super::HierarchicalOptions;
use super::aca::{Compressed, aca, dense_apply};
use super::point_kernel::{Channel, PointKernel, is_vector};
use super::tree::ClusterTree;

/// One of the four kind-pairs of an admissible block.
#[derive(Debug, Clone)]
struct Part {
    /// Offsets of its rows in the row node's dofs, of its columns in the column node's.
    rows: Vec<u32>,
    cols: Vec<u32>,
    block: Compressed,
}

/// An admissible block between nodes `t` (rows) and `s` (columns).
#[derive(Debug, Clone)]
struct FarBlock {
    t: usize,
    s: usize,
    parts: Vec<Part>,
}

/// A dense block between leaves `t` and `s` (row-major, all their dofs).
#[derive(Debug, Clone)]
struct NearBlock {
    t: usize,
    s: usize,
    entries: Vec<f64>,
}

/// A block as one row node uses it.
#[derive(Debug, Clone, Copy)]
enum Use {
    Far { block: usize, transposed: bool },
    Near { block: usize, transposed: bool },
}

/// What a hierarchical matrix holds: blocks, ranks and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HierarchicalStats {
    /// Dofs (rows and columns of `K`).
    pub dofs: usize,
    /// Admissible (compressed) blocks, each counted once.
    pub far_blocks: usize,
    /// Dense blocks between near leaves.
    pub near_blocks: usize,
    /// Largest rank of an ACA part.
    pub max_rank: usize,
    /// Mean rank of the ACA parts, weighted by their rows and columns.
    pub mean_rank: f64,
    /// Bytes of the blocks, the index lists and the tree.
    pub bytes: usize,
}

/// `K` of a point set as a hierarchical matrix (module docs), in the tree order of its dofs.
#[derive(Debug, Clone)]
pub(crate) struct HMatrix {
    pub tree: ClusterTree,
    far: Vec<FarBlock>,
    near: Vec<NearBlock>,
    uses: Vec<Vec<Use>>,
    depths: Vec<Vec<usize>>,
}

impl HMatrix {
    /// The hierarchical matrix of `kernel` on the points of `tree`.
    pub fn new(tree: ClusterTree, kernel: &PointKernel, options: &HierarchicalOptions) -> Self {
        let mut far_pairs = Vec::new();
        let mut near_pairs = Vec::new();
        if !tree.dofs.is_empty() {
            partition(&tree, 0, 0, options.admissibility, &mut far_pairs, &mut near_pairs);
        }
        let tree_ref = &tree;
        let far: Vec<FarBlock> = far_pairs
            .par_iter()
            .map(|&(t, s)| far_block(tree_ref, kernel, t, s, options.tolerance))
            .collect();
        let near: Vec<NearBlock> = near_pairs
            .par_iter()
            .map(|&(t, s)| NearBlock {
                t,
                s,
                entries: block_entries(tree_ref, kernel, t, s),
            })
            .collect();
        let mut uses = vec![Vec::new(); tree.nodes.len()];
        for (block, b) in far.iter().enumerate() {
            uses[b.t].push(Use::Far {
                block,
                transposed: false,
            });
            uses[b.s].push(Use::Far {
                block,
                transposed: true,
            });
        }
        for (block, b) in near.iter().enumerate() {
            uses[b.t].push(Use::Near {
                block,
                transposed: false,
            });
            if b.s != b.t {
                uses[b.s].push(Use::Near {
                    block,
                    transposed: true,
                });
            }
        }
        let mut depths: Vec<Vec<usize>> = Vec::new();
        for (id, node) in tree.nodes.iter().enumerate() {
            if uses[id].is_empty() {
                continue;
            }
            if depths.len() <= node.depth {
                depths.resize(node.depth + 1, Vec::new());
            }
            depths[node.depth].push(id);
        }
        Self {
            tree,
            far,
            near,
            uses,
            depths,
        }
    }

    /// Rows and columns.
    pub fn size(&self) -> usize {
        self.tree.dofs.len()
    }

    /// `y = K x`, both in tree order (module docs).
    pub fn apply(&self, x: &[f64], y: &mut [f64]) {
        y.fill(0.0);
        for nodes in &self.depths {
            let sums: Vec<Vec<f64>> = nodes.par_iter().map(|&t| self.node_rows(t, x)).collect();
            for (&t, sum) in nodes.iter().zip(sums) {
                let range = self.tree.nodes[t].dofs.clone();
                y[range].iter_mut().zip(sum).for_each(|(y, s)| *y += s);
            }
        }
    }

    /// `(K x)` restricted to node `t`'s dofs, from the blocks `t` owns the rows of.
    fn node_rows(&self, t: usize, x: &[f64]) -> Vec<f64> {
        let nodes = &self.tree.nodes;
        let mut out = vec![0.0; nodes[t].dofs.len()];
        for &u in &self.uses[t] {
            match u {
                Use::Near { block, transposed } => {
                    let b = &self.near[block];
                    let other = if transposed { b.t } else { b.s };
                    dense_apply(&b.entries, &x[nodes[other].dofs.clone()], &mut out, transposed);
                }
                Use::Far { block, transposed } => {
                    let b = &self.far[block];
                    let other = nodes[if transposed { b.t } else { b.s }].dofs.start;
                    for part in &b.parts {
                        let (from, to) = if transposed {
                            (&part.rows, &part.cols)
                        } else {
                            (&part.cols, &part.rows)
                        };
                        let xs: Vec<f64> = from.iter().map(|&j| x[other + j as usize]).collect();
                        let mut ys = vec![0.0; to.len()];
                        part.block.apply(&xs, &mut ys, transposed);
                        for (&i, v) in to.iter().zip(ys) {
                            out[i as usize] += v;
                        }
                    }
                }
            }
        }
        out
    }

    /// Blocks, ranks and bytes.
    pub fn stats(&self) -> HierarchicalStats {
        let parts = self.far.iter().flat_map(|b| &b.parts);
        let (mut weighted, mut weight, mut max_rank, mut bytes) = (0.0, 0.0, 0, 0);
        for p in parts {
            if let Compressed::LowRank { rank, .. } = p.block {
                let w = (p.rows.len() + p.cols.len()) as f64;
                weighted += w * rank as f64;
                weight += w;
                max_rank = max_rank.max(rank);
            }
            bytes += 8 * p.block.len() + 4 * (p.rows.len() + p.cols.len());
        }
        bytes += self.near.iter().map(|b| 8 * b.entries.len()).sum::<usize>();
        bytes += self.tree.dofs.len() * std::mem::size_of::<(crate::Point, Channel)>()
            + self.tree.nodes.len() * std::mem::size_of::<super::tree::Node>();
        HierarchicalStats {
            dofs: self.size(),
            far_blocks: self.far.len(),
            near_blocks: self.near.len(),
            max_rank,
            mean_rank: if weight > 0.0 { weighted / weight } else { 0.0 },
            bytes,
        }
    }
}

/// The block partition below `(t, s)` (module docs), `t` before `s` or equal.
fn partition(
    tree: &ClusterTree,
    t: usize,
    s: usize,
    eta: f64,
    far: &mut Vec<(usize, usize)>,
    near: &mut Vec<(usize, usize)>,
) {
    let nodes = &tree.nodes;
    let (nt, ns) = (&nodes[t], &nodes[s]);
    if t == s {
        match nt.children {
            None => near.push((t, t)),
            Some([a, b]) => {
                partition(tree, a, a, eta, far, near);
                partition(tree, a, b, eta, far, near);
                partition(tree, b, b, eta, far, near);
            }
        }
        return;
    }
    let distance = nt.distance(ns);
    if distance > 0.0 && nt.diameter().max(ns.diameter()) <= eta * distance {
        far.push((t, s));
        return;
    }
    let split_t =
        ns.children.is_none() || (nt.children.is_some() && nt.diameter() >= ns.diameter());
    match (split_t, nt.children, ns.children) {
        (true, Some([a, b]), _) => {
            partition(tree, a, s, eta, far, near);
            partition(tree, b, s, eta, far, near);
        }
        (_, _, Some([a, b])) => {
            partition(tree, t, a, eta, far, near);
            partition(tree, t, b, eta, far, near);
        }
        _ => near.push((t, s)),
    }
}

/// All entries of `K[t, s]`, row-major.
fn block_entries(tree: &ClusterTree, kernel: &PointKernel, t: usize, s: usize) -> Vec<f64> {
    let rows = &tree.dofs[tree.nodes[t].dofs.clone()];
    let cols = &tree.dofs[tree.nodes[s].dofs.clone()];
    rows.iter()
        .flat_map(|(x, c)| cols.iter().map(move |(y, d)| kernel.entry(x, *c, y, *d)))
        .collect()
}

/// The four kind-parts of the admissible block `(t, s)`, each compressed by ACA.
fn far_block(
    tree: &ClusterTree,
    kernel: &PointKernel,
    t: usize,
    s: usize,
    tolerance: f64,
) -> FarBlock {
    let rows = &tree.dofs[tree.nodes[t].dofs.clone()];
    let cols = &tree.dofs[tree.nodes[s].dofs.clone()];
    let of_kind = |dofs: &[(crate::Point, Channel)], vector: bool| -> Vec<u32> {
        (0..dofs.len() as u32)
            .filter(|&i| is_vector(dofs[i as usize].1) == vector)
            .collect()
    };
    let mut parts = Vec::new();
    for row_kind in [false, true] {
        let part_rows = of_kind(rows, row_kind);
        if part_rows.is_empty() {
            continue;
        }
        for col_kind in [false, true] {
            let part_cols = of_kind(cols, col_kind);
            if part_cols.is_empty() {
                continue;
            }
            let row = |i: usize, out: &mut [f64]| {
                let (x, c) = &rows[part_rows[i] as usize];
                for (o, &j) in out.iter_mut().zip(&part_cols) {
                    let (y, d) = &cols[j as usize];
                    *o = kernel.entry(x, *c, y, *d);
                }
            };
            let col = |j: usize, out: &mut [f64]| {
                let (y, d) = &cols[part_cols[j] as usize];
                for (o, &i) in out.iter_mut().zip(&part_rows) {
                    let (x, c) = &rows[i as usize];
                    *o = kernel.entry(x, *c, y, *d);
                }
            };
            let block = aca(part_rows.len(), part_cols.len(), row, col, tolerance);
            parts.push(Part {
                rows: part_rows.clone(),
                cols: part_cols,
                block,
            });
        }
    }
    FarBlock { t, s, parts }
}

#[cfg(test)]
mod tests {
    use strata_data::KernelOptions;

    use super::*;
    use crate::fused::InterfacePoints;
    use crate::hierarchical::tree::TreePoint;
    use crate::{KrigingSystem, Point};

    /// Uniform pseudo-random numbers in `[0, 1)` (a fixed linear congruential sequence).
    fn uniform(count: usize, seed: u64) -> Vec<f64> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 11) as f64 / (1u64 << 53) as f64
            })
            .collect()
    }

    /// `n` surface points and `n / 10` orientations, uniform in the unit cube or in five
    /// tight clusters (a hundredth of the cube wide) strung along a line.
    fn system(n: usize, clustered: bool) -> KrigingSystem {
        let r = uniform(3 * n + 6 * (n / 10), 7);
        let point = |i: usize| -> Point {
            let u = [r[3 * i], r[3 * i + 1], r[3 * i + 2]];
            if clustered {
                let c = (i % 5) as f64 / 5.0;
                [c + 0.01 * u[0], 0.5 * c + 0.01 * u[1], 0.3 + 0.01 * u[2]]
            } else {
                u
            }
        };
        let surface: Vec<Point> = (0..n).map(point).collect();
        let mut builder =
            KrigingSystem::builder(KernelOptions::for_range(3f64.sqrt())).surface(&surface);
        for i in 0..n / 10 {
            let g = [r[3 * n + 3 * i] - 0.5, r[3 * n + 3 * i + 1] - 0.5, 1.0];
            builder = builder.orientation(point(n + i), g);
        }
        builder.build().unwrap()
    }

    fn matrix(s: &KrigingSystem, tolerance: f64) -> HMatrix {
        let interface = InterfacePoints::new(s);
        let points: Vec<TreePoint> = interface
            .points
            .iter()
            .map(|&xyz| TreePoint { xyz, vector: false })
            .chain(s.orientation_xyz.iter().map(|&xyz| TreePoint { xyz, vector: true }))
            .collect();
        let options = HierarchicalOptions::default()
            .with_tolerance(tolerance)
            .with_leaf_dofs(32);
        HMatrix::new(ClusterTree::new(&points, 32), &PointKernel::new(s), &options)
    }

    /// `|(K − H)_ab s_b| <= ε |K_ab|_F |s_b|` for every kind-pair (module docs of
    /// `hierarchical`), with `K` computed entry by entry.
    fn assert_bound(s: &KrigingSystem, tolerance: f64) -> HierarchicalStats {
        let h = matrix(s, tolerance);
        let kernel = PointKernel::new(s);
        let dofs = &h.tree.dofs;
        let n = dofs.len();
        let k: Vec<f64> = dofs
            .iter()
            .flat_map(|(x, c)| dofs.iter().map(|(y, d)| kernel.entry(x, *c, y, *d)))
            .collect();
        let charges = uniform(n, 11);
        for rows_vector in [false, true] {
            for cols_vector in [false, true] {
                let x: Vec<f64> = (0..n)
                    .map(|j| {
                        let keep = is_vector(dofs[j].1) == cols_vector;
                        if keep { charges[j] - 0.5 } else { 0.0 }
                    })
                    .collect();
                let mut approx = vec![0.0; n];
                h.apply(&x, &mut approx);
                let (mut error2, mut frob2) = (0.0, 0.0);
                for i in (0..n).filter(|&i| is_vector(dofs[i].1) == rows_vector) {
                    let row = &k[i * n..(i + 1) * n];
                    let exact: f64 = row.iter().zip(&x).map(|(a, b)| a * b).sum();
                    error2 += (exact - approx[i]).powi(2);
                    frob2 += (0..n)
                        .filter(|&j| is_vector(dofs[j].1) == cols_vector)
                        .map(|j| row[j] * row[j])
                        .sum::<f64>();
                }
                let norm_x = x.iter().map(|v| v * v).sum::<f64>().sqrt();
                let bound = tolerance * frob2.sqrt() * norm_x;
                assert!(
                    error2.sqrt() <= bound,
                    "kinds ({rows_vector}, {cols_vector}): error {} > bound {bound}",
                    error2.sqrt()
                );
            }
        }
        h.stats()
    }

    /// A volume of points has most of its pairs near at this size: `H` stores less than `K`,
    /// not yet much less.
    #[test]
    fn uniform_points_meet_the_bound_and_compress() {
        for tolerance in [1e-4, 1e-8] {
            let stats = assert_bound(&system(1500, false), tolerance);
            assert!(stats.far_blocks > 0 && stats.max_rank > 0, "{stats:?}");
            assert!(stats.bytes < 8 * stats.dofs.pow(2), "{stats:?}");
        }
    }

    #[test]
    fn clustered_points_meet_the_bound_and_compress() {
        for tolerance in [1e-4, 1e-8] {
            let stats = assert_bound(&system(1500, true), tolerance);
            assert!(stats.far_blocks > 0, "{stats:?}");
            assert!(stats.bytes < 8 * stats.dofs.pow(2) / 2, "{stats:?}");
        }
    }

    #[test]
    fn products_are_the_same_for_any_thread_count() {
        let s = system(800, false);
        let h = matrix(&s, 1e-8);
        let x = uniform(h.size(), 3);
        let product = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut y = vec![0.0; x.len()];
            pool.install(|| h.apply(&x, &mut y));
            y.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        assert_eq!(product(1), product(3));
    }
}
