//! The subdomains of the Schwarz preconditioner: a k-d partition of the data with overlap,
//! and a coarse subset spread over all of it.
//!
//! Every orientation (its three gradient rows) and every interface row (at its rest point) is
//! a *node*. The nodes are bisected by count — at the node where half the part's rows lie on
//! either side, along the longest side of the bounding box of the part's own points, not at the
//! box's midpoint — until a part holds at most [`SchwarzOptions::subdomain_rows`] rows, so
//! clustered data (seismic lines, drillholes) gets parts of balanced size; each part, grown by
//! [`overlap`](SchwarzOptions::overlap) times its longest side on every side, is one local
//! subdomain. A second, finer bisection into about
//! [`coarse_rows`](SchwarzOptions::coarse_rows) parts gives one node per part (the one
//! nearest the part's centre): the coarse subset, whose exact solve carries the long-range
//! part of the covariance that local blocks cannot see. Medians are taken by coordinate then
//! by node index, so the partition depends on the data alone.

use crate::KrigingSystem;
use crate::Point;
use crate::fused::bounding_box;

/// How the data are cut into subdomains.
///
/// ```
/// use strata_kernel::SchwarzOptions;
///
/// let options = SchwarzOptions::default().with_subdomain_rows(200);
/// assert_eq!(options.subdomain_rows, 200);
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SchwarzOptions {
    /// Largest number of rows of a part before it is grown by the overlap.
    pub subdomain_rows: usize,
    /// How far each part grows on every side, as a fraction of its longest side.
    pub overlap: f64,
    /// Rows of the coarse subdomain (0: none).
    pub coarse_rows: usize,
}

impl Default for SchwarzOptions {
    /// Parts of 400 rows grown by a quarter of their size, a coarse subset of 1 000 rows
    /// (docs/architecture.md has the measurements behind them).
    fn default() -> Self {
        Self {
            subdomain_rows: 400,
            overlap: 0.25,
            coarse_rows: 1000,
        }
    }
}

impl SchwarzOptions {
    /// These options with parts of at most `rows` rows.
    pub const fn with_subdomain_rows(self, rows: usize) -> Self {
        Self {
            subdomain_rows: rows,
            ..self
        }
    }

    /// These options with an overlap of `overlap` (fraction of a part's longest side).
    pub const fn with_overlap(self, overlap: f64) -> Self {
        Self { overlap, ..self }
    }

    /// These options with a coarse subdomain of about `rows` rows.
    pub const fn with_coarse_rows(self, rows: usize) -> Self {
        Self {
            coarse_rows: rows,
            ..self
        }
    }
}

/// A node: a point and the rows of `C` it carries.
#[derive(Clone, Copy)]
struct Node {
    point: Point,
    first_row: usize,
    rows: usize,
    /// For orientations, the stride between their three rows (`n_o`).
    stride: usize,
}

impl Node {
    fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.rows).map(|a| self.first_row + a * self.stride)
    }
}

/// The subdomains of a system: sorted rows of `C`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subdomains {
    /// The overlapping parts.
    pub parts: Vec<Vec<usize>>,
    /// The coarse subset (empty when none is asked for or the system is one part).
    pub coarse: Vec<usize>,
}

impl Subdomains {
    /// Bytes of the dense factors of every part and of the coarse block: `8 Σ m²`.
    pub fn factor_bytes(&self) -> usize {
        self.parts
            .iter()
            .chain(std::iter::once(&self.coarse))
            .map(|rows| 8 * rows.len() * rows.len())
            .sum()
    }
}

/// The subdomains of `system` (module docs). A system of at most `subdomain_rows` rows is one
/// part, without coarse subset.
pub fn subdomains(system: &KrigingSystem, options: &SchwarzOptions) -> Subdomains {
    let no = system.orientation_xyz.len();
    let nodes: Vec<Node> = system
        .orientation_xyz
        .iter()
        .enumerate()
        .map(|(i, &point)| Node {
            point,
            first_row: i,
            rows: 3,
            stride: no,
        })
        .chain(system.rest.iter().enumerate().map(|(k, &point)| Node {
            point,
            first_row: 3 * no + k,
            rows: 1,
            stride: 0,
        }))
        .collect();
    let total: usize = nodes.iter().map(|n| n.rows).sum();
    let limit = options.subdomain_rows.max(3);
    if total <= limit {
        return Subdomains {
            parts: vec![(0..total).collect()],
            coarse: Vec::new(),
        };
    }
    let mut parts = Vec::new();
    bisect(
        &nodes,
        &mut (0..nodes.len()).collect::<Vec<_>>(),
        limit,
        &mut parts,
    );
    let parts = parts
        .iter()
        .map(|part| grown(&nodes, part, options.overlap))
        .collect();
    let mut coarse = Vec::new();
    if let Some(cell_rows) = total.checked_div(options.coarse_rows) {
        let mut cells = Vec::new();
        let cell_rows = cell_rows.max(3);
        bisect(
            &nodes,
            &mut (0..nodes.len()).collect::<Vec<_>>(),
            cell_rows,
            &mut cells,
        );
        coarse = cells
            .iter()
            .flat_map(|cell| nodes[central(&nodes, cell)].rows())
            .collect();
        coarse.sort_unstable();
    }
    Subdomains { parts, coarse }
}

/// Splits `part` where half its rows lie on either side along the longest side of its points'
/// bounding box (ties by node index) until every piece holds at most `limit` rows (or one
/// node), appending the pieces to `out`.
fn bisect(nodes: &[Node], part: &mut [usize], limit: usize, out: &mut Vec<Vec<usize>>) {
    let rows: usize = part.iter().map(|&i| nodes[i].rows).sum();
    if rows <= limit || part.len() < 2 {
        out.push(part.to_vec());
        return;
    }
    let (lo, hi) = bounds(nodes, part);
    let axis = (0..3)
        .max_by(|&a, &b| (hi[a] - lo[a]).total_cmp(&(hi[b] - lo[b])))
        .unwrap_or(0);
    part.sort_unstable_by(|&i, &j| {
        nodes[i].point[axis]
            .total_cmp(&nodes[j].point[axis])
            .then(i.cmp(&j))
    });
    let mut below = 0;
    let mid = part
        .iter()
        .position(|&i| {
            below += nodes[i].rows;
            2 * below >= rows
        })
        .map_or(part.len() / 2, |k| k + 1)
        .clamp(1, part.len() - 1);
    let (left, right) = part.split_at_mut(mid);
    bisect(nodes, left, limit, out);
    bisect(nodes, right, limit, out);
}

/// The rows of every node inside `part`'s bounding box grown by `overlap` times its longest
/// side, sorted.
fn grown(nodes: &[Node], part: &[usize], overlap: f64) -> Vec<usize> {
    let (lo, hi) = bounds(nodes, part);
    let side = (0..3).map(|a| hi[a] - lo[a]).fold(0.0, f64::max);
    let margin = overlap * side;
    let inside = |p: &Point| (0..3).all(|a| p[a] >= lo[a] - margin && p[a] <= hi[a] + margin);
    let mut rows: Vec<usize> = nodes
        .iter()
        .filter(|n| inside(&n.point))
        .flat_map(|n| n.rows())
        .collect();
    rows.sort_unstable();
    rows
}

/// The node of `part` nearest the centre of its bounding box (lowest index on ties).
fn central(nodes: &[Node], part: &[usize]) -> usize {
    let (lo, hi) = bounds(nodes, part);
    let centre: Point = std::array::from_fn(|a| 0.5 * (lo[a] + hi[a]));
    let distance = |i: usize| {
        let p = nodes[i].point;
        (0..3).map(|a| (p[a] - centre[a]).powi(2)).sum::<f64>()
    };
    part.iter()
        .copied()
        .min_by(|&i, &j| distance(i).total_cmp(&distance(j)).then(i.cmp(&j)))
        .unwrap_or(0)
}

/// The bounding box of the nodes of `part`.
fn bounds(nodes: &[Node], part: &[usize]) -> (Point, Point) {
    let [lo, hi] = bounding_box(part.iter().map(|&i| &nodes[i].point));
    (lo, hi)
}
