//! A static k-d tree over a slice of points for exact k-nearest-neighbour queries.
//!
//! Built once (median splits on the widest axis of each node's points), queried many times.
//! Neighbours are ranked by `(squared distance, index)`, a total order, so a query returns the
//! same set in the same order whatever the build's or the traversal's order, on every platform.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::Point;

/// Nodes with at most this many points are scanned, not split.
const LEAF: usize = 8;

/// A k-d tree over `points` (borrowed, never copied).
pub(crate) struct KdTree<'a> {
    points: &'a [Point],
    /// The point indices, arranged so that every node is a contiguous range whose median
    /// element splits it.
    order: Vec<usize>,
    /// The split axis of the node whose median sits at each position of `order`.
    axis: Vec<u8>,
}

/// A candidate neighbour, ordered by `(d2, index)`.
#[derive(Clone, Copy, Debug)]
struct Near {
    d2: f64,
    index: usize,
}

impl PartialEq for Near {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Near {}

impl PartialOrd for Near {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Near {
    fn cmp(&self, other: &Self) -> Ordering {
        self.d2
            .total_cmp(&other.d2)
            .then(self.index.cmp(&other.index))
    }
}

impl<'a> KdTree<'a> {
    /// Builds the tree over `points` (finite coordinates).
    pub(crate) fn new(points: &'a [Point]) -> Self {
        let mut tree = Self {
            points,
            order: (0..points.len()).collect(),
            axis: vec![0; points.len()],
        };
        tree.build(0, points.len());
        tree
    }

    fn build(&mut self, lo: usize, hi: usize) {
        if hi - lo <= LEAF {
            return;
        }
        let points = self.points;
        let mut min = [f64::INFINITY; 3];
        let mut max = [f64::NEG_INFINITY; 3];
        for &i in &self.order[lo..hi] {
            for a in 0..3 {
                min[a] = min[a].min(points[i][a]);
                max[a] = max[a].max(points[i][a]);
            }
        }
        let axis = (0..3)
            .max_by(|&a, &b| {
                (max[a] - min[a])
                    .total_cmp(&(max[b] - min[b]))
                    .then(b.cmp(&a))
            })
            .unwrap_or(0);
        let mid = lo + (hi - lo) / 2;
        self.order[lo..hi].select_nth_unstable_by(mid - lo, |&i, &j| {
            points[i][axis].total_cmp(&points[j][axis]).then(i.cmp(&j))
        });
        self.axis[mid] = axis as u8;
        self.build(lo, mid);
        self.build(mid + 1, hi);
    }

    /// The indices of the `k` points nearest to `q` (fewer when there are fewer points),
    /// nearest first, ties by index.
    pub(crate) fn nearest(&self, q: Point, k: usize) -> Vec<usize> {
        let mut heap = BinaryHeap::with_capacity(k + 1);
        if k > 0 {
            self.search(q, k, 0, self.points.len(), &mut heap);
        }
        heap.into_sorted_vec()
            .into_iter()
            .map(|n| n.index)
            .collect()
    }

    fn offer(&self, q: Point, k: usize, index: usize, heap: &mut BinaryHeap<Near>) {
        let p = self.points[index];
        let d2 = (0..3).map(|a| (p[a] - q[a]).powi(2)).sum();
        let near = Near { d2, index };
        if heap.len() < k {
            heap.push(near);
        } else if heap.peek().is_some_and(|worst| near < *worst) {
            heap.pop();
            heap.push(near);
        }
    }

    fn search(&self, q: Point, k: usize, lo: usize, hi: usize, heap: &mut BinaryHeap<Near>) {
        if hi - lo <= LEAF {
            for &i in &self.order[lo..hi] {
                self.offer(q, k, i, heap);
            }
            return;
        }
        let mid = lo + (hi - lo) / 2;
        let split = self.order[mid];
        let axis = usize::from(self.axis[mid]);
        self.offer(q, k, split, heap);
        let delta = q[axis] - self.points[split][axis];
        let (near, far) = if delta < 0.0 {
            ((lo, mid), (mid + 1, hi))
        } else {
            ((mid + 1, hi), (lo, mid))
        };
        self.search(q, k, near.0, near.1, heap);
        // The far side can hold a closer point (or an equally close one of a lower index) only
        // when the splitting plane is no farther than the current k-th neighbour.
        if heap.len() < k || heap.peek().is_some_and(|worst| delta * delta <= worst.d2) {
            self.search(q, k, far.0, far.1, heap);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: every index ranked by `(d2, index)`.
    fn brute(points: &[Point], q: Point, k: usize) -> Vec<usize> {
        let mut all: Vec<Near> = points
            .iter()
            .enumerate()
            .map(|(index, p)| Near {
                d2: (0..3).map(|a| (p[a] - q[a]).powi(2)).sum(),
                index,
            })
            .collect();
        all.sort();
        all.into_iter().take(k).map(|n| n.index).collect()
    }

    #[test]
    fn nearest_neighbours_match_brute_force_with_ties_and_duplicates() {
        // A lattice (many equal distances), a duplicated point and a scattered cloud.
        let mut points: Vec<Point> = Vec::new();
        for i in 0..6 {
            for j in 0..5 {
                points.push([f64::from(i), f64::from(j), 0.0]);
            }
        }
        points.push([2.0, 2.0, 0.0]);
        let mut s: u64 = 7;
        for _ in 0..300 {
            let mut r = || {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (s >> 11) as f64 / (1u64 << 53) as f64
            };
            points.push([r() * 6.0, r() * 5.0, r() * 0.5]);
        }
        let tree = KdTree::new(&points);
        for (qi, q) in points.iter().enumerate().step_by(7) {
            for k in [1, 5, 12, 40] {
                assert_eq!(
                    tree.nearest(*q, k),
                    brute(&points, *q, k),
                    "query {qi}, k {k}"
                );
            }
        }
        assert_eq!(tree.nearest([0.0; 3], 1000).len(), points.len());
        assert!(tree.nearest([0.0; 3], 0).is_empty());
    }
}
