//! Orientations estimated from dense surface picks (seismic horizons, mapped contacts).
//!
//! A model with thousands of picks and a handful of measured orientations folds back between
//! the data. [`estimate_orientations`] fits a plane to each pick's neighbours on its own
//! surface, orients its normal towards the younger surfaces of the stack and keeps one per
//! cell of a regular 3-D grid, ready to be added to the model's orientations:
//!
//! 1. **Plane.** The `k` nearest picks of the same surface (the pick itself included, exact
//!    k-d tree search) have the covariance `C = 1/k Σ (q − c)(q − c)ᵀ` about their centroid
//!    `c`, with eigenvalues `λ₁ ≥ λ₂ ≥ λ₃` (Jacobi). The least-squares plane through them has
//!    the eigenvector of `λ₃` as its normal.
//! 2. **Degenerate neighbourhoods.** Picks along one seismic line are collinear:
//!    `λ₂ ≤ 10⁻² λ₁` (the second spread under a tenth of the first). The neighbourhood is then
//!    grown to `2k`, `4k`, `8k` picks, so that it reaches the next line; still collinear, the
//!    pick is skipped. A neighbourhood that is no plane, `λ₃ > 10⁻¹ λ₂` (its thickness more than
//!    about a third of its width), is skipped too.
//! 3. **Polarity.** The gradient points towards the younger units (docs/math.md §6.2: the
//!    scalar field grows towards the stack's first surface). For a pick `p` with unit normal `n`
//!    on surface `s` of a stack of several surfaces, with `c_y` and `c_o` the centroids of the
//!    `k` picks nearest to `p` on the surface listed just before (younger) and just after
//!    (older) it,
//!
//!    ```text
//!    score = n · (c_y − p) + n · (p − c_o)      (the terms whose surface exists)
//!    ```
//!
//!    and `n` is flipped when `score < 0`; for parallel surfaces each term is the gap between
//!    them, whatever the picks' lateral offset. A zero score decides nothing: skipped. A stack
//!    of one surface (a fault, a single horizon) has no order to follow: its normals all take
//!    the side of the surface's mean normal axis (the leading eigenvector of `Σ n nᵀ` over its
//!    normals) that points up (`+z`; for a horizontal axis `+x`, then `+y`), so a horizon's
//!    normals point up and a fault's all point to one side.
//! 4. **Thinning.** The bounding box of every pick is cut into cubes of side
//!    `h = (longest side of the box) / 10`; per cube and surface the estimate whose pick lies
//!    nearest to the centroid of that cube's estimated picks is kept (ties: the lowest pick
//!    index). A smooth surface across the box keeps about 100 orientations, so 20 000 picks on
//!    four horizons give a few hundred.
//!
//! Everything runs on one thread in a fixed order: the result is the same on every run.

use std::collections::BTreeMap;

use thiserror::Error;

use crate::Point;
use crate::kd_tree::KdTree;

/// The default number of neighbours a plane is fitted to (`estimate_orientations_neighbours`).
pub const DEFAULT_ESTIMATE_NEIGHBOURS: usize = 12;

/// A neighbourhood is collinear when `λ₂ ≤ COLLINEAR · λ₁`.
const COLLINEAR: f64 = 1e-2;
/// A neighbourhood is no plane when `λ₃ > NOT_PLANAR · λ₂`.
const NOT_PLANAR: f64 = 1e-1;
/// A collinear neighbourhood grows up to this many times `k` picks.
const MAX_GROWTH: usize = 8;
/// The thinning cube's side is the longest side of the picks' bounding box over this.
const THINNING_DIVISIONS: f64 = 10.0;

/// An orientation fitted to the picks of one surface.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimatedOrientation {
    /// The stack, an index into the `stacks` given.
    pub stack: usize,
    /// The surface, an index into its stack's surfaces (youngest first).
    pub surface: usize,
    /// The pick it was fitted at, an index into that surface's points.
    pub point: usize,
    /// Its position: the pick's.
    pub xyz: Point,
    /// The unit normal of the fitted plane, pointing towards the younger units.
    pub gradient: Point,
}

/// The estimated orientations and what the estimate left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrientationEstimate {
    /// The kept orientations, stack by stack, surface by surface, in pick order.
    pub orientations: Vec<EstimatedOrientation>,
    /// Picks whose neighbourhood stayed collinear, even grown.
    pub collinear: usize,
    /// Picks whose neighbourhood is no plane.
    pub not_planar: usize,
    /// Picks whose polarity the neighbouring surfaces did not decide.
    pub undecided: usize,
    /// Planes fitted (before thinning).
    pub fitted: usize,
}

/// Bad input to [`estimate_orientations`].
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum EstimateError {
    /// Fewer than 3 neighbours cannot define a plane.
    #[error("estimate_orientations_neighbours = {neighbours}: a plane needs at least 3 picks")]
    TooFewNeighbours {
        /// The number asked for.
        neighbours: usize,
    },
    /// A pick has a NaN or infinite coordinate.
    #[error("stack {stack}, surface {surface}, pick {point}: coordinate {value} is not finite")]
    NonFinite {
        /// The stack index.
        stack: usize,
        /// The surface index within the stack.
        surface: usize,
        /// The pick index within the surface.
        point: usize,
        /// The value found.
        value: f64,
    },
}

/// Estimates orientations from the picks `stacks[j][s]` of surface `s` of stack `j` (each
/// stack's surfaces youngest first, as in [`crate::Structure`]), fitting planes to
/// `neighbours` picks: the steps are in the module documentation. For an [`crate::EngineInput`]
/// surface `k` is `&xyz[structure.reference_point(k)..structure.reference_point(k + 1)]` (its
/// points are contiguous) and stack `j` owns the surfaces of `structure.surface_range(j)`.
///
/// ```
/// use strata_data::estimate_orientations;
///
/// // Two horizontal horizons, the younger (listed first) above.
/// let grid = |z: f64| -> Vec<[f64; 3]> {
///     (0..100).map(|i| [f64::from(i % 10), f64::from(i / 10), z]).collect()
/// };
/// let (top, base) = (grid(5.0), grid(2.0));
/// let estimate = estimate_orientations(&[vec![&top[..], &base[..]]], 12)?;
/// assert!(!estimate.orientations.is_empty());
/// for o in &estimate.orientations {
///     assert!((o.gradient[2] - 1.0).abs() < 1e-12); // up, towards the younger horizon
/// }
/// # Ok::<(), strata_data::EstimateError>(())
/// ```
pub fn estimate_orientations(
    stacks: &[Vec<&[Point]>],
    neighbours: usize,
) -> Result<OrientationEstimate, EstimateError> {
    if neighbours < 3 {
        return Err(EstimateError::TooFewNeighbours { neighbours });
    }
    let mut min = [f64::INFINITY; 3];
    let mut max = [f64::NEG_INFINITY; 3];
    for (stack, surfaces) in stacks.iter().enumerate() {
        for (surface, points) in surfaces.iter().enumerate() {
            for (point, p) in points.iter().enumerate() {
                if let Some(&value) = p.iter().find(|c| !c.is_finite()) {
                    return Err(EstimateError::NonFinite {
                        stack,
                        surface,
                        point,
                        value,
                    });
                }
                for a in 0..3 {
                    min[a] = min[a].min(p[a]);
                    max[a] = max[a].max(p[a]);
                }
            }
        }
    }
    let cell = (0..3).map(|a| max[a] - min[a]).fold(0.0, f64::max) / THINNING_DIVISIONS;
    let mut estimate = OrientationEstimate::default();
    for (stack, surfaces) in stacks.iter().enumerate() {
        let trees: Vec<KdTree<'_>> = surfaces.iter().map(|p| KdTree::new(p)).collect();
        for surface in 0..surfaces.len() {
            let fits = fit_surface(&trees, surfaces, surface, neighbours, &mut estimate);
            let kept = thin(&fits, surfaces[surface], min, cell);
            estimate
                .orientations
                .extend(
                    kept.into_iter()
                        .map(|(point, gradient)| EstimatedOrientation {
                            stack,
                            surface,
                            point,
                            xyz: surfaces[surface][point],
                            gradient,
                        }),
                );
        }
    }
    Ok(estimate)
}

/// The oriented unit normal at every pick of `surfaces[s]` that has one, in pick order; the
/// skipped picks counted in `estimate`.
fn fit_surface(
    trees: &[KdTree<'_>],
    surfaces: &[&[Point]],
    s: usize,
    k: usize,
    estimate: &mut OrientationEstimate,
) -> Vec<(usize, Point)> {
    let points = surfaces[s];
    let mut normals = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        match plane(&trees[s], points, p, k) {
            Plane::Normal(n) => normals.push((i, n)),
            Plane::Collinear => estimate.collinear += 1,
            Plane::NotPlanar => estimate.not_planar += 1,
        }
    }
    estimate.fitted += normals.len();
    if surfaces.len() == 1 {
        let axis = mean_axis(normals.iter().map(|(_, n)| *n));
        return normals
            .into_iter()
            .filter_map(|(i, n)| match dot(n, axis) {
                d if d > 0.0 => Some((i, n)),
                d if d < 0.0 => Some((i, n.map(|c| -c))),
                _ => {
                    estimate.undecided += 1;
                    None
                }
            })
            .collect();
    }
    let centroid = |j: usize, p: Point| {
        let near = trees[j].nearest(p, k);
        mean(near.iter().map(|&q| surfaces[j][q]))
    };
    normals
        .into_iter()
        .filter_map(|(i, n)| {
            let p = points[i];
            let mut score = 0.0;
            if s > 0 && !surfaces[s - 1].is_empty() {
                score += dot(n, sub(centroid(s - 1, p), p));
            }
            if s + 1 < surfaces.len() && !surfaces[s + 1].is_empty() {
                score += dot(n, sub(p, centroid(s + 1, p)));
            }
            match score {
                d if d > 0.0 => Some((i, n)),
                d if d < 0.0 => Some((i, n.map(|c| -c))),
                _ => {
                    estimate.undecided += 1;
                    None
                }
            }
        })
        .collect()
}

/// What a neighbourhood says about the plane through a pick.
enum Plane {
    /// The unit normal (either sign).
    Normal(Point),
    /// Collinear even grown to `MAX_GROWTH · k` picks.
    Collinear,
    /// Thicker than a plane.
    NotPlanar,
}

/// The least-squares plane through the `k` (grown while collinear) picks nearest to `p`.
fn plane(tree: &KdTree<'_>, points: &[Point], p: Point, k: usize) -> Plane {
    let mut size = k;
    loop {
        let near = tree.nearest(p, size);
        let c = mean(near.iter().map(|&q| points[q]));
        let mut cov = [[0.0; 3]; 3];
        for &q in &near {
            let d = sub(points[q], c);
            for (a, row) in cov.iter_mut().enumerate() {
                for (b, v) in row.iter_mut().enumerate() {
                    *v += d[a] * d[b];
                }
            }
        }
        let (lambda, vectors) = symmetric_eigen(cov);
        if lambda[1] > COLLINEAR * lambda[0] {
            return if lambda[2] > NOT_PLANAR * lambda[1] {
                Plane::NotPlanar
            } else {
                Plane::Normal(vectors[2])
            };
        }
        if size >= MAX_GROWTH * k || near.len() < size {
            return Plane::Collinear;
        }
        size *= 2;
    }
}

/// One estimate per thinning cube: the `(pick, normal)` whose pick is nearest to the centroid
/// of the cube's picks, ties to the lowest pick index; in pick order.
fn thin(fits: &[(usize, Point)], points: &[Point], min: Point, cell: f64) -> Vec<(usize, Point)> {
    let cube = |p: Point| -> [i64; 3] {
        [0, 1, 2].map(|a| {
            if cell > 0.0 {
                ((p[a] - min[a]) / cell).floor() as i64
            } else {
                0
            }
        })
    };
    let mut cubes: BTreeMap<[i64; 3], Vec<usize>> = BTreeMap::new();
    for (f, &(i, _)) in fits.iter().enumerate() {
        cubes.entry(cube(points[i])).or_default().push(f);
    }
    let mut kept: Vec<usize> = cubes
        .values()
        .map(|members| {
            let c = mean(members.iter().map(|&f| points[fits[f].0]));
            let d2 = |f: usize| {
                let d = sub(points[fits[f].0], c);
                dot(d, d)
            };
            // Members are in pick order, so `min_by` keeps the lowest index on ties.
            members
                .iter()
                .copied()
                .min_by(|&a, &b| d2(a).total_cmp(&d2(b)))
                .unwrap_or(members[0])
        })
        .collect();
    kept.sort_unstable();
    kept.into_iter().map(|f| fits[f]).collect()
}

/// The leading eigenvector of `Σ n nᵀ`, signed to point up (`+z`, else `+x`, else `+y`).
fn mean_axis(normals: impl Iterator<Item = Point>) -> Point {
    let mut m = [[0.0; 3]; 3];
    for n in normals {
        for (a, row) in m.iter_mut().enumerate() {
            for (b, v) in row.iter_mut().enumerate() {
                *v += n[a] * n[b];
            }
        }
    }
    let axis = symmetric_eigen(m).1[0];
    let sign = [2, 0, 1]
        .into_iter()
        .map(|a| axis[a])
        .find(|&c| c != 0.0)
        .map_or(1.0, f64::signum);
    axis.map(|c| c * sign)
}

/// Eigenvalues of a symmetric 3×3 matrix in decreasing order and their unit eigenvectors
/// (cyclic Jacobi rotations until the off-diagonal part is negligible).
fn symmetric_eigen(mut a: [[f64; 3]; 3]) -> ([f64; 3], [Point; 3]) {
    let mut v = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    let scale: f64 = a.iter().flatten().map(|x| x * x).sum::<f64>();
    for _sweep in 0..50 {
        let off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
        if off <= 1e-30 * scale {
            break;
        }
        for (p, q) in [(0, 1), (0, 2), (1, 2)] {
            if a[p][q] == 0.0 {
                continue;
            }
            // The rotation that zeroes a[p][q] (Numerical Recipes' stable form).
            let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
            let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
            let c = 1.0 / (t * t + 1.0).sqrt();
            let s = t * c;
            // A ← Jᵀ A J and V ← V J: first the columns p and q of A and V, then its rows.
            for row in a.iter_mut().chain(v.iter_mut()) {
                let (x, y) = (row[p], row[q]);
                row[p] = c * x - s * y;
                row[q] = s * x + c * y;
            }
            let (rp, rq) = (a[p], a[q]);
            a[p] = [0, 1, 2].map(|k| c * rp[k] - s * rq[k]);
            a[q] = [0, 1, 2].map(|k| s * rp[k] + c * rq[k]);
        }
    }
    let mut idx = [0, 1, 2];
    idx.sort_by(|&i, &j| a[j][j].total_cmp(&a[i][i]).then(i.cmp(&j)));
    (
        idx.map(|i| a[i][i]),
        idx.map(|i| [v[0][i], v[1][i], v[2][i]]),
    )
}

fn mean(points: impl Iterator<Item = Point>) -> Point {
    let (mut sum, mut n) = ([0.0; 3], 0.0);
    for p in points {
        for a in 0..3 {
            sum[a] += p[a];
        }
        n += 1.0;
    }
    sum.map(|s| s / n)
}

fn sub(a: Point, b: Point) -> Point {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn dot(a: Point, b: Point) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_recovers_a_known_spectrum() {
        // R diag(9, 4, 1) Rᵀ for a rotation R about (1, 1, 1).
        let (c, s) = (0.6f64, 0.8f64);
        let u = [1.0 / 3f64.sqrt(); 3];
        let cross = |w: [f64; 3]| {
            [
                u[1] * w[2] - u[2] * w[1],
                u[2] * w[0] - u[0] * w[2],
                u[0] * w[1] - u[1] * w[0],
            ]
        };
        let rot = |w: [f64; 3]| {
            let d = dot(u, w);
            let x = cross(w);
            [0, 1, 2].map(|a| w[a] * c + x[a] * s + u[a] * d * (1.0 - c))
        };
        let axes = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]].map(rot);
        let lambda = [9.0, 4.0, 1.0];
        let mut m = [[0.0; 3]; 3];
        for (l, e) in lambda.iter().zip(&axes) {
            for a in 0..3 {
                for b in 0..3 {
                    m[a][b] += l * e[a] * e[b];
                }
            }
        }
        let (values, vectors) = symmetric_eigen(m);
        for i in 0..3 {
            assert!((values[i] - lambda[i]).abs() < 1e-12, "{values:?}");
            assert!((dot(vectors[i], axes[i]).abs() - 1.0).abs() < 1e-12);
        }
    }
}
