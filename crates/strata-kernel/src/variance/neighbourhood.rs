//! The kriging variance above the dense limit: local neighbourhoods of tiles of points.
//!
//! 1. The points are cut into cubic tiles of side `h`, chosen so that a tile holds about
//!    `tile_points` points when the points fill their bounding box: `h = (V · t / M)^{1/3}`.
//! 2. Each tile keeps `n_loc` covariance rows of `A` — the half whose data lie nearest the
//!    tile's centre (an orientation's rows at its position, an interface row at its rest point;
//!    ties by row) and a half spread evenly over the others, since with gempy's ranges (the
//!    model's diagonal) far data still shape the field's trend — with every drift and
//!    fault-drift row: a principal sub-system `A_S`, factored once per tile (`2n_loc³/3`).
//! 3. Each point of the tile solves `A_S z = v_S(x)` and takes `σ² = c − v_Sᵀ z`
//!    (`2n_loc²` per point, [`BATCH`] points per triangular solve).
//!
//! A neighbourhood whose sub-system is singular (too few data for its drift) is doubled until
//! it factors; the whole system always does, since the model was solved. A tile's result
//! depends only on the tile, so the variance is bitwise independent of the thread count.

use std::collections::BTreeMap;

use rayon::prelude::*;
use strata_solver::{Factored, PivotTest, SystemMatrix};

use super::{BATCH, Rhs, VarianceOptions, posterior, squared_distance};
use crate::{Assembled, KernelError, KrigingSystem, Point};

/// A system prepared for neighbourhood variances.
pub(super) struct Neighbourhoods {
    /// `A`, row-major.
    matrix: Vec<f64>,
    n: usize,
    /// Rows `0..covariance_rows` carry data; the rest are drift rows, in every neighbourhood.
    covariance_rows: usize,
    /// The position of each covariance row's datum.
    sites: Vec<Point>,
    neighbourhood: usize,
    tile_points: usize,
    pivots: PivotTest,
}

impl Neighbourhoods {
    pub(super) fn new(
        system: &KrigingSystem,
        assembled: &Assembled,
        options: &VarianceOptions,
        pivots: PivotTest,
    ) -> Self {
        let layout = system.layout();
        let mut sites = vec![[0.0; 3]; layout.covariance_size()];
        for (i, p) in system.orientation_xyz.iter().enumerate() {
            for axis in 0..3 {
                sites[layout.gradient_row(axis, i)] = *p;
            }
        }
        for (k, r) in system.rest.iter().enumerate() {
            sites[layout.interface_row(k)] = *r;
        }
        Self {
            matrix: assembled.matrix.clone(),
            n: layout.size(),
            covariance_rows: layout.covariance_size(),
            sites,
            neighbourhood: options.neighbourhood.max(1),
            tile_points: options.tile_points.max(1),
            pivots,
        }
    }

    /// Every point's variance, tile by tile.
    pub(super) fn variances(&self, rhs: &Rhs<'_>) -> Result<Vec<f64>, KernelError> {
        let xyz = rhs.points.xyz;
        let tiles: Vec<(Point, Vec<usize>)> = tiles(xyz, self.tile_points);
        let results: Vec<Vec<(usize, f64)>> = tiles
            .par_iter()
            .map(|(centre, members)| self.tile(*centre, members, rhs))
            .collect::<Result<_, KernelError>>()?;
        let mut variance = vec![0.0; xyz.len()];
        for (j, s) in results.into_iter().flatten() {
            variance[j] = s;
        }
        Ok(variance)
    }

    /// The variances of the points `members` of the tile centred at `centre`.
    fn tile(
        &self,
        centre: Point,
        members: &[usize],
        rhs: &Rhs<'_>,
    ) -> Result<Vec<(usize, f64)>, KernelError> {
        let mut order: Vec<usize> = (0..self.covariance_rows).collect();
        order.sort_by(|&a, &b| {
            let (da, db) = (
                squared_distance(self.sites[a], centre),
                squared_distance(self.sites[b], centre),
            );
            da.total_cmp(&db).then(a.cmp(&b))
        });
        let mut size = self.neighbourhood;
        let (rows, factored) = loop {
            let mut rows = neighbourhood_rows(&order, size);
            rows.extend(self.covariance_rows..self.n);
            match self.factor(&rows) {
                Ok(f) => break (rows, f),
                Err(e) if size >= self.covariance_rows => return Err(e),
                Err(_) => size *= 2,
            }
        };
        let mut full = vec![0.0; self.n];
        let m = rows.len();
        let mut variances = Vec::with_capacity(members.len());
        for batch in members.chunks(BATCH) {
            let mut v = vec![0.0; m * batch.len()];
            let mut prior = Vec::with_capacity(batch.len());
            for (&j, column) in batch.iter().zip(v.chunks_mut(m)) {
                prior.push(rhs.fill(j, &mut full));
                for (slot, &r) in column.iter_mut().zip(&rows) {
                    *slot = full[r];
                }
            }
            let mut z = v.clone();
            factored.solve_columns(&mut z, batch.len())?;
            for ((&j, c), (v, z)) in batch.iter().zip(prior).zip(v.chunks(m).zip(z.chunks(m))) {
                variances.push((j, posterior(c, v, z)));
            }
        }
        Ok(variances)
    }

    /// The LU factorisation of the principal sub-system on `rows`.
    fn factor(&self, rows: &[usize]) -> Result<Factored, KernelError> {
        let m = rows.len();
        let mut sub = Vec::with_capacity(m * m);
        for &r in rows {
            sub.extend(rows.iter().map(|&c| self.matrix[r * self.n + c]));
        }
        let drift_start = rows.partition_point(|&r| r < self.covariance_rows);
        let system = SystemMatrix {
            n: m,
            data: &sub,
            drift_start,
        };
        Ok(Factored::lu(system, self.pivots)?)
    }
}

/// The points cut into cubic tiles of about `per_tile` points each: every tile's centre and its
/// points, tiles in a fixed order.
fn tiles(xyz: &[Point], per_tile: usize) -> Vec<(Point, Vec<usize>)> {
    let Some(first) = xyz.first() else {
        return Vec::new();
    };
    let (mut lo, mut hi) = (*first, *first);
    for p in xyz {
        for a in 0..3 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    let span = [0, 1, 2].map(|a| hi[a] - lo[a]);
    let longest = span.iter().copied().fold(0.0, f64::max);
    if longest <= 0.0 {
        return vec![(lo, (0..xyz.len()).collect())];
    }
    // Flat boxes count their thin sides as a thousandth of the longest.
    let volume: f64 = span.iter().map(|s| s.max(1e-3 * longest)).product();
    let side = (volume * per_tile as f64 / xyz.len() as f64).cbrt();
    let mut tiles: BTreeMap<[u64; 3], Vec<usize>> = BTreeMap::new();
    for (j, p) in xyz.iter().enumerate() {
        let key = [0, 1, 2].map(|a| ((p[a] - lo[a]) / side).floor() as u64);
        tiles.entry(key).or_default().push(j);
    }
    tiles
        .into_iter()
        .map(|(key, members)| {
            let centre = [0, 1, 2].map(|a| lo[a] + (key[a] as f64 + 0.5) * side);
            (centre, members)
        })
        .collect()
}

/// The `size` covariance rows of a neighbourhood, sorted: the nearer half of `size` taken
/// from the front of `order` (rows by distance to the tile), the other half spread evenly over
/// the rest (every `k`-th), so that the data far from the tile — which still shape the
/// field's trend when the range spans the model — keep a say.
fn neighbourhood_rows(order: &[usize], size: usize) -> Vec<usize> {
    let size = size.min(order.len());
    let near = size.div_ceil(2);
    let far = size - near;
    let rest = &order[near..];
    let mut rows: Vec<usize> = order[..near].to_vec();
    rows.extend((0..far).map(|k| rest[k * rest.len() / far.max(1)]));
    rows.sort_unstable();
    rows
}
