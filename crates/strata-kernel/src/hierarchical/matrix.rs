//! The hierarchical matrix: `K` in point space cut into blocks between clusters of the
//! [`ClusterTree`], the far ones compressed in their kind-parts ([`blocks`](super::blocks)),
//! the near ones dense.
//!
//! `K` is symmetric, so the partition starts from `(root, root)` and keeps only the pairs with
//! `t` before `s` (a diagonal pair splits into its children's two diagonal pairs and one
//! off-diagonal pair); an off-diagonal block serves `y_t += B x_s` and `y_s += Bᵀ x_t`.
//!
//! A product runs depth by depth: the nodes of one depth own disjoint ranges of dofs, each
//! sums its blocks in a fixed order (rayon over the nodes), and the sums are added in node
//! order, so the result is the same bit for bit for any thread count.

use rayon::prelude::*;

use super::HierarchicalOptions;
use super::aca::{Compressed, dense_apply};
use super::blocks::{Pair, Part, classify, compress};
use super::point_kernel::{Channel, PointKernel};
use super::tree::ClusterTree;
use crate::KernelError;

/// Far blocks compressed between two checks of the memory budget.
const BATCH: usize = 1024;

/// How far past the budget the projected bytes may go before the building stops early.
const PROJECTION: f64 = 1.5;

/// The rank below which no far block's parts were seen (the layered and clustered sets at
/// `ε >= 10⁻¹²` give means of 15–32): a lower bound for the early check of the budget.
const LEAST_RANK: usize = 4;

/// An admissible block between nodes `t` (rows) and `s` (columns).
#[derive(Debug, Clone)]
struct FarBlock {
    t: usize,
    s: usize,
    parts: Vec<Part>,
}

impl FarBlock {
    /// Bytes of its factors and index lists.
    fn bytes(&self) -> usize {
        self.parts
            .iter()
            .map(|p| 8 * p.block.len() + 4 * (p.rows.len() + p.cols.len()))
            .sum()
    }
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
    far: Vec<FarBlock>,
    near: Vec<NearBlock>,
    uses: Vec<Vec<Use>>,
    depths: Vec<Vec<usize>>,
}

impl HMatrix {
    /// The hierarchical matrix of `kernel` on the points of `tree`; `Err` where it would hold
    /// more than `options.max_bytes`.
    pub fn new(
        tree: &ClusterTree,
        kernel: &PointKernel,
        options: &HierarchicalOptions,
    ) -> Result<Self, KernelError> {
        let mut far_pairs = Vec::new();
        let mut near_pairs = Vec::new();
        if !tree.dofs.is_empty() {
            partition(
                tree,
                0,
                0,
                options.admissibility,
                &mut far_pairs,
                &mut near_pairs,
            );
        }
        let dofs = |t: usize| &tree.dofs[tree.nodes[t].dofs.clone()];
        let bytes: usize = near_pairs
            .iter()
            .map(|&(t, s)| 8 * dofs(t).len() * dofs(s).len())
            .sum();
        let over = |bytes: usize| {
            (bytes > options.max_bytes).then_some(KernelError::HierarchicalMemory {
                needed: bytes,
                budget: options.max_bytes,
            })
        };
        // A lower bound on the far blocks (every part of rank `LEAST_RANK`, or dense where
        // smaller) refuses a matrix that cannot fit before any of it is built.
        let least: usize = far_pairs
            .iter()
            .map(|&(t, s)| {
                let (m, n) = (dofs(t).len(), dofs(s).len());
                8 * (LEAST_RANK * (m + n)).min(m * n)
            })
            .sum();
        if let Some(error) = over(bytes + least) {
            return Err(error);
        }
        // Far bytes per row-and-column of the blocks built so far project the whole: past
        // `PROJECTION` times the budget the building stops before the budget is reached.
        let weight = |&(t, s): &(usize, usize)| dofs(t).len() + dofs(s).len();
        let total_weight: usize = far_pairs.iter().map(weight).sum();
        let (mut far_bytes, mut done_weight) = (0, 0);
        let mut far: Vec<FarBlock> = Vec::with_capacity(far_pairs.len());
        for batch in far_pairs.chunks(BATCH) {
            let built: Vec<FarBlock> = batch
                .par_iter()
                .map(|&(t, s)| FarBlock {
                    t,
                    s,
                    parts: compress(dofs(t), dofs(s), kernel, options.tolerance),
                })
                .collect();
            far_bytes += built.iter().map(FarBlock::bytes).sum::<usize>();
            done_weight += batch.iter().map(weight).sum::<usize>();
            let projected = bytes + far_bytes * total_weight / done_weight.max(1);
            if projected as f64 > PROJECTION * options.max_bytes as f64 {
                return Err(KernelError::HierarchicalMemory {
                    needed: projected,
                    budget: options.max_bytes,
                });
            }
            if let Some(error) = over(bytes + far_bytes) {
                return Err(error);
            }
            far.extend(built);
        }
        let near: Vec<NearBlock> = near_pairs
            .par_iter()
            .map(|&(t, s)| NearBlock {
                t,
                s,
                entries: block_entries(dofs(t), dofs(s), kernel),
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
        Ok(Self {
            far,
            near,
            uses,
            depths,
        })
    }

    /// `y = K x`, both in the tree order of `tree` (the tree `self` was built on; module docs).
    pub fn apply(&self, tree: &ClusterTree, x: &[f64], y: &mut [f64]) {
        y.fill(0.0);
        for nodes in &self.depths {
            let sums: Vec<Vec<f64>> = nodes
                .par_iter()
                .map(|&t| self.node_rows(tree, t, x))
                .collect();
            for (&t, sum) in nodes.iter().zip(sums) {
                let range = tree.nodes[t].dofs.clone();
                y[range].iter_mut().zip(sum).for_each(|(y, s)| *y += s);
            }
        }
    }

    /// `(K x)` restricted to node `t`'s dofs, from the blocks `t` owns the rows of.
    fn node_rows(&self, tree: &ClusterTree, t: usize, x: &[f64]) -> Vec<f64> {
        let nodes = &tree.nodes;
        let mut out = vec![0.0; nodes[t].dofs.len()];
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for &u in &self.uses[t] {
            match u {
                Use::Near { block, transposed } => {
                    let b = &self.near[block];
                    let other = if transposed { b.t } else { b.s };
                    dense_apply(
                        &b.entries,
                        &x[nodes[other].dofs.clone()],
                        &mut out,
                        transposed,
                    );
                }
                Use::Far { block, transposed } => {
                    let b = &self.far[block];
                    let other = &x[nodes[if transposed { b.t } else { b.s }].dofs.clone()];
                    for part in &b.parts {
                        part.apply(other, &mut out, transposed, (&mut xs, &mut ys));
                    }
                }
            }
        }
        out
    }

    /// Blocks, ranks and bytes (with those of `tree`).
    pub fn stats(&self, tree: &ClusterTree) -> HierarchicalStats {
        let parts = self.far.iter().flat_map(|b| &b.parts);
        let (mut weighted, mut weight, mut max_rank, mut bytes) = (0.0, 0.0, 0, 0);
        for p in parts {
            if let Compressed::LowRank { rank, .. } = p.block {
                let w = (p.rows.len() + p.cols.len()) as f64;
                weighted += w * rank as f64;
                weight += w;
                max_rank = max_rank.max(rank);
            }
        }
        bytes += self.far.iter().map(FarBlock::bytes).sum::<usize>();
        bytes += self.near.iter().map(|b| 8 * b.entries.len()).sum::<usize>();
        bytes += tree.dofs.len() * std::mem::size_of::<(crate::Point, Channel)>()
            + tree.nodes.len() * std::mem::size_of::<super::tree::Node>();
        HierarchicalStats {
            dofs: tree.dofs.len(),
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
    if t == s {
        match nodes[t].children {
            None => near.push((t, t)),
            Some([a, b]) => {
                partition(tree, a, a, eta, far, near);
                partition(tree, a, b, eta, far, near);
                partition(tree, b, b, eta, far, near);
            }
        }
        return;
    }
    match classify(&nodes[t], &nodes[s], eta) {
        Pair::Far => far.push((t, s)),
        Pair::Near => near.push((t, s)),
        Pair::SplitTarget([a, b]) => {
            partition(tree, a, s, eta, far, near);
            partition(tree, b, s, eta, far, near);
        }
        Pair::SplitSource([a, b]) => {
            partition(tree, t, a, eta, far, near);
            partition(tree, t, b, eta, far, near);
        }
    }
}

/// All entries of `K[rows, cols]`, row-major.
fn block_entries(
    rows: &[(crate::Point, Channel)],
    cols: &[(crate::Point, Channel)],
    kernel: &PointKernel,
) -> Vec<f64> {
    rows.iter()
        .flat_map(|(x, c)| cols.iter().map(move |(y, d)| kernel.entry(x, *c, y, *d)))
        .collect()
}

#[cfg(test)]
mod tests {
    use strata_data::KernelOptions;

    use super::*;
    use crate::hierarchical::data::DataTree;
    use crate::hierarchical::point_kernel::is_vector;
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

    fn matrix(s: &KrigingSystem, tolerance: f64) -> (ClusterTree, HMatrix) {
        let options = HierarchicalOptions::default()
            .with_tolerance(tolerance)
            .with_leaf_dofs(32);
        let tree = DataTree::new(s, options.leaf_dofs).tree;
        let h = HMatrix::new(&tree, &PointKernel::far_part(s), &options).unwrap();
        (tree, h)
    }

    /// `|(K − H)_ab s_b| <= ε |K_ab|_F |s_b|` for every kind-pair (module docs of
    /// `hierarchical`), with `K` computed entry by entry.
    fn assert_bound(s: &KrigingSystem, tolerance: f64) -> HierarchicalStats {
        let (tree, h) = matrix(s, tolerance);
        let kernel = PointKernel::far_part(s);
        let dofs = &tree.dofs;
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
                h.apply(&tree, &x, &mut approx);
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
        h.stats(&tree)
    }

    /// A volume of points has most of its pairs near at this size: at `ε = 10⁻⁴` `H` stores
    /// less than `K` (not yet much less); at `10⁻⁸` the far blocks of 32-dof leaves need more
    /// than half their rank and are kept dense.
    #[test]
    fn uniform_points_meet_the_bound_and_compress() {
        let stats = assert_bound(&system(1500, false), 1e-4);
        assert!(stats.far_blocks > 0 && stats.max_rank > 0, "{stats:?}");
        assert!(stats.bytes < 8 * stats.dofs.pow(2), "{stats:?}");
        assert_bound(&system(1500, false), 1e-8);
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
        let (tree, h) = matrix(&s, 1e-8);
        let x = uniform(tree.dofs.len(), 3);
        let product = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut y = vec![0.0; x.len()];
            pool.install(|| h.apply(&tree, &x, &mut y));
            y.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        assert_eq!(product(1), product(3));
    }
}
