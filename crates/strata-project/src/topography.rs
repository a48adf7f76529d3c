//! A project's topography: a DEM resampled onto the model's x-y grid as GemPy resamples one
//! (`set_topography_from_arrays`, its `Topography.from_unstructured_mesh`), a lattice of
//! `nx × ny` nodes from edge to edge of the extent,
//!
//! ```text
//! x_i = xmin + i·(xmax − xmin)/(nx − 1)    (numpy's linspace: the last node exactly xmax)
//! y_j = ymin + j·(ymax − ymin)/(ny − 1)
//! ```
//!
//! node `(i, j)` at index `i·ny + j` (x slowest, y fastest: numpy's `meshgrid(.., indexing="ij")`,
//! the order of the reference's topography grid). The heights come
//!
//! * from a point cloud (`X,Y,Z` CSV) by nearest neighbour in x-y, as GemPy's
//!   `scipy.interpolate.griddata(method="nearest")`; on a tie, the first point in the file;
//! * from an ESRI ASCII grid by bilinear interpolation between cell centres
//!   ([`AsciiGrid::height_at`]). GemPy reads a raster through GDAL on its own lattice and
//!   resizes it bilinearly onto the regular grid's x-y resolution for its topography mask
//!   (`skimage.transform.resize`, order 1); Strata interpolates at the nodes from the
//!   raster's georeferencing, so a raster larger than the extent is placed right too.
//!
//! Between nodes the surface is bilinear ([`Topography::height_at`]); a point above it is air.

use strata_data::Point;

use strata_io::{AsciiGrid, IoError, XyzRow};

/// The topography on the model's x-y grid, world coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Topography {
    /// Node x coordinates, `nx ≥ 2` increasing values from `xmin` to `xmax`.
    x: Vec<f64>,
    /// Node y coordinates, `ny ≥ 2` increasing values from `ymin` to `ymax`.
    y: Vec<f64>,
    /// Height of node `(i, j)` at `i·ny + j`.
    heights: Vec<f64>,
}

impl Topography {
    /// The lattice of `[nx, ny]` nodes (each ≥ 2) over `[xmin, xmax, ymin, ymax]` (finite,
    /// `min < max`), with the height of each node from `height(x, y)`.
    pub(crate) fn from_fn(
        area: [f64; 4],
        nodes: [usize; 2],
        mut height: impl FnMut(f64, f64) -> Result<f64, IoError>,
    ) -> Result<Self, IoError> {
        let x = linspace(area[0], area[1], nodes[0]);
        let y = linspace(area[2], area[3], nodes[1]);
        let mut heights = Vec::with_capacity(x.len() * y.len());
        for &xi in &x {
            for &yj in &y {
                heights.push(height(xi, yj)?);
            }
        }
        Ok(Self { x, y, heights })
    }

    /// The lattice with every node's height from the nearest point of `points` in x-y (the
    /// first in the file on a tie). `points` must not be empty.
    pub(crate) fn from_points(
        area: [f64; 4],
        nodes: [usize; 2],
        points: &[XyzRow],
    ) -> Result<Self, IoError> {
        let search = NearestPoint::new(points);
        Self::from_fn(
            area,
            nodes,
            |x, y| Ok(points[search.nearest([x, y])].xyz[2]),
        )
    }

    /// The lattice with every node's height interpolated bilinearly in `grid`.
    pub(crate) fn from_grid(
        area: [f64; 4],
        nodes: [usize; 2],
        grid: &AsciiGrid,
    ) -> Result<Self, IoError> {
        Self::from_fn(area, nodes, |x, y| grid.height_at(x, y))
    }

    /// The node coordinates along x and along y.
    pub fn nodes(&self) -> (&[f64], &[f64]) {
        (&self.x, &self.y)
    }

    /// The heights, node `(i, j)` at `i·ny + j`.
    pub fn heights(&self) -> &[f64] {
        &self.heights
    }

    /// The nodes as points `(x_i, y_j, h_ij)`, in the order of [`Topography::heights`].
    pub fn points(&self) -> Vec<Point> {
        let ny = self.y.len();
        self.heights
            .iter()
            .enumerate()
            .map(|(k, &h)| [self.x[k / ny], self.y[k % ny], h])
            .collect()
    }

    /// Two triangles per square of the lattice, counter-clockwise seen from above: the
    /// topography as a surface mesh over [`Topography::points`].
    pub fn triangles(&self) -> Vec<[usize; 3]> {
        let (nx, ny) = (self.x.len(), self.y.len());
        let node = |i: usize, j: usize| i * ny + j;
        (0..nx - 1)
            .flat_map(|i| (0..ny - 1).map(move |j| (i, j)))
            .flat_map(|(i, j)| {
                let (a, b, c, d) = (
                    node(i, j),
                    node(i + 1, j),
                    node(i + 1, j + 1),
                    node(i, j + 1),
                );
                [[a, b, c], [a, c, d]]
            })
            .collect()
    }

    /// The height at `(x, y)`, bilinear between the four surrounding nodes (outside the
    /// extent, that of the nearest border point).
    pub fn height_at(&self, x: f64, y: f64) -> f64 {
        let (i, s) = interval(&self.x, x);
        let (j, t) = interval(&self.y, y);
        let ny = self.y.len();
        let h = |i: usize, j: usize| self.heights[i * ny + j];
        (1.0 - s) * ((1.0 - t) * h(i, j) + t * h(i, j + 1))
            + s * ((1.0 - t) * h(i + 1, j) + t * h(i + 1, j + 1))
    }

    /// Whether `p` lies above the topography (in the air): `z > height_at(x, y)`.
    pub fn is_air(&self, p: Point) -> bool {
        p[2] > self.height_at(p[0], p[1])
    }
}

/// numpy's `linspace(start, stop, n)` for `n ≥ 2`: `start + i·step` with the last value `stop`.
fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    let step = (stop - start) / (n - 1) as f64;
    let mut v: Vec<f64> = (0..n).map(|i| i as f64 * step + start).collect();
    v[n - 1] = stop;
    v
}

/// The interval `[nodes[i], nodes[i + 1]]` holding `v` (clamped to the nodes' range) and the
/// fraction of the way `v` lies along it.
fn interval(nodes: &[f64], v: f64) -> (usize, f64) {
    let n = nodes.len();
    let v = v.clamp(nodes[0], nodes[n - 1]);
    let i = nodes.partition_point(|&x| x <= v).clamp(1, n - 1) - 1;
    (i, (v - nodes[i]) / (nodes[i + 1] - nodes[i]))
}

/// Exact nearest-neighbour search in x-y over a bucket grid (about two points per bucket):
/// the buckets are searched in growing rings around the query until no unsearched bucket can
/// hold a closer point.
struct NearestPoint {
    /// x-y of every point.
    xy: Vec<[f64; 2]>,
    /// Lower-left corner of the bucket grid and its bucket size.
    origin: [f64; 2],
    size: f64,
    /// Buckets along x and y.
    n: [usize; 2],
    /// Point indices by bucket `bx·n_y + by`, increasing within a bucket.
    buckets: Vec<Vec<usize>>,
}

impl NearestPoint {
    fn new(points: &[XyzRow]) -> Self {
        let xy: Vec<[f64; 2]> = points.iter().map(|p| [p.xyz[0], p.xyz[1]]).collect();
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in &xy {
            for a in 0..2 {
                lo[a] = lo[a].min(p[a]);
                hi[a] = hi[a].max(p[a]);
            }
        }
        let side = (hi[0] - lo[0]).max(hi[1] - lo[1]);
        let per_side = ((xy.len() as f64 / 2.0).sqrt().ceil() as usize).max(1);
        let size = if side > 0.0 {
            side / per_side as f64
        } else {
            1.0
        };
        let n = [0, 1].map(|a| (((hi[a] - lo[a]) / size).floor() as usize + 1).min(per_side));
        let mut search = Self {
            xy,
            origin: lo,
            size,
            n,
            buckets: vec![Vec::new(); n[0] * n[1]],
        };
        for k in 0..search.xy.len() {
            let [bx, by] = search.bucket(search.xy[k]);
            search.buckets[bx * n[1] + by].push(k);
        }
        search
    }

    /// The bucket of `p`, clamped to the grid.
    fn bucket(&self, p: [f64; 2]) -> [usize; 2] {
        [0, 1].map(|a| {
            let b = ((p[a] - self.origin[a]) / self.size).floor();
            (b.max(0.0) as usize).min(self.n[a] - 1)
        })
    }

    /// The index of the point nearest to `q` (the smallest index among equally near ones).
    fn nearest(&self, q: [f64; 2]) -> usize {
        let centre = self.bucket(q);
        let mut best = (f64::INFINITY, usize::MAX);
        for ring in 0.. {
            // The block of buckets within `ring` of the centre, clamped to the grid.
            let lo = centre.map(|c| c.saturating_sub(ring));
            let hi = [0, 1].map(|a| (centre[a] + ring).min(self.n[a] - 1));
            for bx in lo[0]..=hi[0] {
                for by in lo[1]..=hi[1] {
                    let on_ring = bx.abs_diff(centre[0]) == ring || by.abs_diff(centre[1]) == ring;
                    if !on_ring {
                        continue;
                    }
                    for &k in &self.buckets[bx * self.n[1] + by] {
                        let d = (self.xy[k][0] - q[0]).powi(2) + (self.xy[k][1] - q[1]).powi(2);
                        if (d, k) < best {
                            best = (d, k);
                        }
                    }
                }
            }
            // Every point outside the block is at least `margin` from `q` (a side of the block
            // at the grid's border has nothing beyond it).
            let edge = |b: usize, a: usize| self.origin[a] + b as f64 * self.size;
            let margin = (0..2)
                .flat_map(|a| {
                    let below = if lo[a] == 0 {
                        f64::INFINITY
                    } else {
                        q[a] - edge(lo[a], a)
                    };
                    let above = if hi[a] == self.n[a] - 1 {
                        f64::INFINITY
                    } else {
                        edge(hi[a] + 1, a) - q[a]
                    };
                    [below, above]
                })
                .fold(f64::INFINITY, f64::min);
            if margin == f64::INFINITY || (margin > 0.0 && margin * margin > best.0) {
                break;
            }
        }
        best.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(points: &[Point]) -> Vec<XyzRow> {
        points
            .iter()
            .enumerate()
            .map(|(k, &xyz)| XyzRow { line: k + 2, xyz })
            .collect()
    }

    #[test]
    fn the_nearest_point_is_found_as_by_brute_force() {
        // A scattered cloud (a deterministic quasi-random sequence) with repeated x-y.
        let mut cloud: Vec<Point> = (0..500)
            .map(|k| {
                let k = k as f64;
                [
                    (k * 0.618_034).fract() * 900.0,
                    (k * 0.414_214).fract() * 300.0,
                    k,
                ]
            })
            .collect();
        cloud.push(cloud[17]);
        let points = rows(&cloud);
        let search = NearestPoint::new(&points);
        for q in 0..400 {
            let q = q as f64;
            let query = [
                (q * 0.7548).fract() * 1200.0 - 150.0,
                (q * 0.5698).fract() * 500.0 - 100.0,
            ];
            let brute = (0..cloud.len())
                .min_by(|&a, &b| {
                    let d = |k: usize| {
                        (cloud[k][0] - query[0]).powi(2) + (cloud[k][1] - query[1]).powi(2)
                    };
                    d(a).total_cmp(&d(b)).then(a.cmp(&b))
                })
                .unwrap();
            assert_eq!(search.nearest(query), brute, "query {query:?}");
        }
        // The repeated point: the first one in the file wins.
        assert_eq!(search.nearest([cloud[17][0], cloud[17][1]]), 17);
    }

    #[test]
    fn a_lattice_given_as_points_is_kept_and_interpolated_bilinearly() {
        // Heights of a plane h = 100 + 0.5x − 0.25y on the 5 × 3 lattice itself.
        let plane = |x: f64, y: f64| 100.0 + 0.5 * x - 0.25 * y;
        let lattice: Vec<Point> = (0..5)
            .flat_map(|i| (0..3).map(move |j| [250.0 * i as f64, 50.0 * j as f64]))
            .map(|[x, y]| [x, y, plane(x, y)])
            .collect();
        let t =
            Topography::from_points([0.0, 1000.0, 0.0, 100.0], [5, 3], &rows(&lattice)).unwrap();
        assert_eq!(t.points(), lattice);
        // Bilinear interpolation reproduces a plane anywhere inside.
        for (x, y) in [(10.0, 10.0), (333.3, 77.7), (1000.0, 0.0)] {
            assert!((t.height_at(x, y) - plane(x, y)).abs() < 1e-12);
        }
        assert!(t.is_air([500.0, 50.0, plane(500.0, 50.0) + 1e-9]));
        // 4 × 2 squares, two triangles each, every one turning counter-clockwise in x-y.
        let p = t.points();
        let triangles = t.triangles();
        assert_eq!(triangles.len(), 16);
        for [a, b, c] in triangles {
            let cross = (p[b][0] - p[a][0]) * (p[c][1] - p[a][1])
                - (p[b][1] - p[a][1]) * (p[c][0] - p[a][0]);
            assert!(cross > 0.0);
        }
        assert!(!t.is_air([500.0, 50.0, plane(500.0, 50.0)]));
    }

    #[test]
    fn linspace_is_numpys() {
        assert_eq!(linspace(0.0, 1000.0, 11)[3], 300.0);
        // `i·step + start`, the last node set exactly: 0.1 + 2·(0.6/3) rounds up.
        let v = linspace(0.1, 0.7, 4);
        assert_eq!(v[2], 2.0 * ((0.7 - 0.1) / 3.0) + 0.1);
        assert_eq!(v[3], 0.7);
    }
}
