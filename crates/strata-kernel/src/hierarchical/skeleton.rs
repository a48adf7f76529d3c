//! Skeletons of the data clusters: for every cluster `s`, a few of its dofs `J` and a matrix
//! `T` such that the field of any charges on `s` is, at every point far from `s`, the field of
//! the charges `w_J + T w_R` on `J` alone (`R` the other dofs).
//!
//! ```text
//! A  = K(proxies, candidates of s)      rows Z and a·G_a, columns charges and a·dipoles
//! A Π = Q [R₁₁ R₁₂]                     QR with column pivoting (faer)
//! k  = #{ i : |R_ii| > ε |R_00| },  J = the first k pivots,  T = R₁₁⁻¹ R₁₂
//! ```
//!
//! This is the interpolative decomposition of recursive skeletonization (Martinsson &
//! Rokhlin 2005; Ho & Ying 2016) with *proxy* points standing for every far target: `K` is
//! not a PDE's Green function, so the proxies fill the far region rather than a surface —
//! box shells at distances `diam(s)/η · 2^i` from `s` out to `reach`, each with `q × q`
//! Chebyshev points per face (Minden, Damle, Ho & Ying 2017 do the same for Matérn kernels).
//! The candidates of a leaf are its dofs, those of a parent the skeletons of its two halves,
//! so every decomposition is of a matrix of at most twice a skeleton's width. Columns are
//! scaled by the covariance range `a` for dipoles (and rows for gradients) so that every entry
//! is of the order of `K` and the pivoting treats both kinds alike.

use faer::Mat;
use rayon::prelude::*;

use super::point_kernel::{Channel, PointKernel, SCALAR, is_vector};
use super::tree::{ClusterTree, Node};
use crate::Point;

/// Chebyshev points per edge of a proxy shell's face.
const FACE_POINTS: usize = 6;

/// Ratio between the distances of successive proxy shells.
const SHELL_GROWTH: f64 = 1.4;

/// One cluster's skeleton (module docs).
#[derive(Debug, Clone, Default)]
struct Skeleton {
    /// Its dofs (tree order).
    dofs: Vec<usize>,
    /// Positions among the candidates of the skeleton dofs and of the others.
    chosen: Vec<usize>,
    rest: Vec<usize>,
    /// `T`, row-major `|chosen| × |rest|`.
    t: Vec<f64>,
}

/// The skeletons of every cluster of a data tree.
#[derive(Debug, Clone)]
pub(crate) struct Skeletons {
    skeletons: Vec<Skeleton>,
    /// The clusters by depth, the deepest last.
    depths: Vec<Vec<usize>>,
}

/// What the skeletons are built for.
pub(crate) struct SkeletonOptions {
    /// `ε`.
    pub tolerance: f64,
    /// `η`: the nearest proxies are `diam(s)/η` from `s`.
    pub admissibility: f64,
    /// The farthest proxies' distance.
    pub reach: f64,
    /// The length that scales dipoles and gradients (the covariance range).
    pub length: f64,
}

impl Skeletons {
    /// The skeletons of `tree`'s clusters for `kernel` (module docs).
    pub fn new(tree: &ClusterTree, kernel: &PointKernel, options: &SkeletonOptions) -> Self {
        let mut depths: Vec<Vec<usize>> = Vec::new();
        for (id, node) in tree.nodes.iter().enumerate() {
            if depths.len() <= node.depth {
                depths.resize(node.depth + 1, Vec::new());
            }
            depths[node.depth].push(id);
        }
        let mut skeletons = vec![Skeleton::default(); tree.nodes.len()];
        for nodes in depths.iter().rev() {
            let built: Vec<Skeleton> = nodes
                .par_iter()
                .map(|&s| {
                    let candidates = candidates(tree, &skeletons, s);
                    skeleton(&tree.nodes[s], &tree.dofs, candidates, kernel, options)
                })
                .collect();
            for (&s, skeleton) in nodes.iter().zip(built) {
                skeletons[s] = skeleton;
            }
        }
        Self { skeletons, depths }
    }

    /// The skeleton dofs of cluster `s`.
    pub fn dofs(&self, s: usize) -> &[usize] {
        &self.skeletons[s].dofs
    }

    /// The charges on every cluster's skeleton of the `charges` on the dofs (tree order):
    /// `w_J + T w_R` of the candidates' charges, the leaves first.
    pub fn charges(&self, tree: &ClusterTree, charges: &[f64]) -> Vec<Vec<f64>> {
        let mut out = vec![Vec::new(); self.skeletons.len()];
        for nodes in self.depths.iter().rev() {
            let built: Vec<Vec<f64>> = nodes
                .par_iter()
                .map(|&s| {
                    let node = &tree.nodes[s];
                    let candidate: Vec<f64> = match node.children {
                        None => charges[node.dofs.clone()].to_vec(),
                        Some([a, b]) => [&out[a][..], &out[b][..]].concat(),
                    };
                    let sk = &self.skeletons[s];
                    let width = sk.rest.len();
                    sk.chosen
                        .iter()
                        .enumerate()
                        .map(|(i, &c)| {
                            let row = &sk.t[i * width..(i + 1) * width];
                            candidate[c]
                                + row
                                    .iter()
                                    .zip(&sk.rest)
                                    .map(|(t, &r)| t * candidate[r])
                                    .sum::<f64>()
                        })
                        .collect()
                })
                .collect();
            for (&s, charges) in nodes.iter().zip(built) {
                out[s] = charges;
            }
        }
        out
    }

    /// Entries held (skeleton dofs, positions and `T`).
    pub fn len(&self) -> usize {
        self.skeletons
            .iter()
            .map(|s| s.dofs.len() + s.chosen.len() + s.rest.len() + s.t.len())
            .sum()
    }

    /// The largest skeleton and the mean over the leaves... of all clusters.
    pub fn widths(&self) -> (usize, f64) {
        let n = self.skeletons.len().max(1) as f64;
        let max = self.skeletons.iter().map(|s| s.dofs.len()).max().unwrap_or(0);
        let mean = self.skeletons.iter().map(|s| s.dofs.len()).sum::<usize>() as f64 / n;
        (max, mean)
    }
}

/// The candidate dofs of cluster `s`: its own for a leaf, its halves' skeletons otherwise.
fn candidates(tree: &ClusterTree, skeletons: &[Skeleton], s: usize) -> Vec<usize> {
    let node = &tree.nodes[s];
    match node.children {
        None => node.dofs.clone().collect(),
        Some([a, b]) => [&skeletons[a].dofs[..], &skeletons[b].dofs[..]].concat(),
    }
}

/// The proxy points of `node` (module docs).
fn proxies(node: &Node, options: &SkeletonOptions) -> Vec<Point> {
    let centre = node.centre();
    let [lo, hi] = node.bounds;
    let half = [0, 1, 2].map(|a| 0.5 * (hi[a] - lo[a]));
    let nodes: Vec<f64> = (0..FACE_POINTS)
        .map(|j| {
            (std::f64::consts::PI * (2 * j + 1) as f64 / (2 * FACE_POINTS) as f64).cos()
        })
        .collect();
    let mut out = Vec::new();
    let mut distance = (node.diameter() / options.admissibility).max(f64::MIN_POSITIVE);
    loop {
        let extent = half.map(|h| h + distance);
        for axis in 0..3 {
            let (u, v) = ((axis + 1) % 3, (axis + 2) % 3);
            for side in [-1.0, 1.0] {
                for &a in &nodes {
                    for &b in &nodes {
                        let mut p = centre;
                        p[axis] += side * extent[axis];
                        p[u] += a * extent[u];
                        p[v] += b * extent[v];
                        out.push(p);
                    }
                }
            }
        }
        if distance >= options.reach {
            return out;
        }
        distance *= SHELL_GROWTH;
    }
}

/// The skeleton of `node` among `candidates` (module docs).
fn skeleton(
    node: &Node,
    dofs: &[(Point, Channel)],
    candidates: Vec<usize>,
    kernel: &PointKernel,
    options: &SkeletonOptions,
) -> Skeleton {
    let c = candidates.len();
    let proxies = proxies(node, options);
    let scale = |channel: Channel| if is_vector(channel) { options.length } else { 1.0 };
    let rows: Vec<(Point, Channel)> = proxies
        .iter()
        .flat_map(|&p| [SCALAR, 1, 2, 3].map(|ch| (p, ch)))
        .collect();
    if rows.len() <= c {
        return Skeleton {
            dofs: candidates,
            chosen: (0..c).collect(),
            ..Skeleton::default()
        };
    }
    let a = Mat::from_fn(rows.len(), c, |i, j| {
        let (x, rc) = rows[i];
        let (y, cc) = dofs[candidates[j]];
        scale(rc) * scale(cc) * kernel.entry(&x, rc, &y, cc)
    });
    let qr = a.col_piv_qr();
    let r = qr.R();
    let (forward, _) = qr.P().arrays();
    let top = r[(0, 0)].abs();
    let k = (0..c)
        .take_while(|&i| r[(i, i)].abs() > options.tolerance * top)
        .count()
        .max(1);
    let chosen: Vec<usize> = forward[..k].to_vec();
    let rest: Vec<usize> = forward[k..].to_vec();
    // T_s = R₁₁⁻¹ R₁₂ by back substitution, then unscaled: T = D_J T_s D_R⁻¹.
    let width = rest.len();
    let mut t = vec![0.0; k * width];
    for j in 0..width {
        for i in (0..k).rev() {
            let mut v = r[(i, k + j)];
            for l in i + 1..k {
                v -= r[(i, l)] * t[l * width + j];
            }
            t[i * width + j] = v / r[(i, i)];
        }
    }
    let channel = |position: usize| dofs[candidates[position]].1;
    for (i, &ci) in chosen.iter().enumerate() {
        for (j, &rj) in rest.iter().enumerate() {
            t[i * width + j] *= scale(channel(ci)) / scale(channel(rj));
        }
    }
    Skeleton {
        dofs: chosen.iter().map(|&i| candidates[i]).collect(),
        chosen,
        rest,
        t,
    }
}

#[cfg(test)]
mod tests {
    use strata_data::KernelOptions;

    use super::*;
    use crate::KrigingSystem;
    use crate::hierarchical::data::DataTree;

    #[test]
    fn a_skeleton_reproduces_the_far_field() {
        let pts: Vec<Point> = (0..200)
            .map(|i| {
                let f = i as f64;
                [(f * 0.37).sin() * 0.1, (f * 0.71).cos() * 0.1, (f * 0.13).sin() * 0.05]
            })
            .collect();
        let mut b = KrigingSystem::builder(KernelOptions::for_range(3f64.sqrt())).surface(&pts);
        for i in 0..20 {
            let f = i as f64;
            b = b.orientation([(f * 0.3).cos() * 0.1, (f * 0.9).sin() * 0.1, 0.0], [0.1, 0.2, 1.0]);
        }
        let s = b.build().unwrap();
        let data = DataTree::new(&s, 64);
        let kernel = PointKernel::far_part(&s);
        let options = SkeletonOptions {
            tolerance: 1e-10,
            admissibility: 1.0,
            reach: 4.0,
            length: 3f64.sqrt(),
        };
        let sk = Skeletons::new(&data.tree, &kernel, &options);
        let n = data.tree.dofs.len();
        let charges: Vec<f64> = (0..n).map(|i| ((i * 7919 % 101) as f64 - 50.0) / 50.0).collect();
        let sc = sk.charges(&data.tree, &charges);
        let root = &data.tree.nodes[0];
        eprintln!("root skeleton {} of {n}; widths {:?}", sk.dofs(0).len(), sk.widths());
        for x in proxies(root, &options).iter().take(400).step_by(7) {
            for ch in [SCALAR, 1] {
                let full: f64 = (0..n)
                    .map(|j| kernel.entry(x, ch, &data.tree.dofs[j].0, data.tree.dofs[j].1) * charges[j])
                    .sum();
                let abs: f64 = (0..n)
                    .map(|j| (kernel.entry(x, ch, &data.tree.dofs[j].0, data.tree.dofs[j].1) * charges[j]).abs())
                    .sum();
                let skel: f64 = sk
                    .dofs(0)
                    .iter()
                    .zip(&sc[0])
                    .map(|(&j, &c)| kernel.entry(x, ch, &data.tree.dofs[j].0, data.tree.dofs[j].1) * c)
                    .sum();
                assert!((full - skel).abs() <= 1e-8 * abs, "{x:?} {ch}: {full} vs {skel} (abs {abs})");
            }
        }
    }
}
