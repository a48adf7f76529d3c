//! The fused evaluation of a solved stack: the kernel part of `Z` and `G` (formulas in
//! [`crate::Field`]) vectorised over evaluation points.
//!
//! ```text
//! prepare:   orientations → SoA  p_x p_y p_z w_x w_y w_z  (in precision T, coordinates
//!                                 relative to the centre o of the data's bounding box)
//!            interface    → SoA  x y z w: each distinct reference point with Σ of its rows'
//!                                 weights, each rest point with −w_k
//! evaluate:  for each task of 256 points (rayon), for each tile of 2 vectors of L points
//!            (L lanes), each data point loaded once for the tile:
//!                for each orientation i:  h = p_i − x,  Z_o += (w_i·h) Kp,
//!                                         G_o −= h (w_i·h)(K2 − Kp)/(ρ² + 1e−5) + w_i Kp
//!                for each interface point j:  Z_i += w_j K,  G_i −= w_j Kp h
//!            Z = c_o gi_res Z_o + c_o i_res Z_i,   G = c_o G_o + c_o gi_res G_i   (in f64)
//! ```
//!
//! Every point's sums run over the data in one fixed order, whatever the lane width or the
//! number of threads, so the result is the same bit for bit for any thread count.

use pulp::{Arch, Simd, WithSimd};
use rayon::prelude::*;

use super::lanes::{Lane, MAX_LANES};
use super::radial::RadialKernel;
use crate::{FieldValues, KrigingSystem, Point};

/// Evaluation points per rayon task.
const POINTS_PER_TASK: usize = 256;

/// Vectors of points evaluated together against each data point.
const TILE: usize = 2;

/// A solved stack laid out for the fused kernels in precision `T`.
#[derive(Debug, Clone)]
pub struct FusedField<T: Lane> {
    arch: Arch,
    kernel: RadialKernel<T>,
    data: PackedField<T>,
}

/// A solved stack's data points and kernel weights as structures of arrays in precision `T`:
/// the layout of the fused CPU kernels and of the device kernels (`crate::cube`).
#[derive(Debug, Clone)]
pub(crate) struct PackedField<T> {
    /// Subtracted (in `f64`) from every point before it is rounded to `T`: the centre of the
    /// data's bounding box, so that `f32` keeps its digits for the differences `p − x` even in
    /// raw world coordinates (`1e6` m in `f32` is already 6 cm).
    pub origin: Point,
    /// `p_x, p_y, p_z, w_x, w_y, w_z` of every orientation.
    pub orientations: [Vec<T>; 6],
    /// `x, y, z, w` of every interface point.
    pub interface: [Vec<T>; 4],
    /// `c_o gi_res`, `c_o i_res`, `c_o`, `c_o gi_res`: the scales of `Z_o`, `Z_i`, `G_o`, `G_i`.
    pub scales: [f64; 4],
}

impl<T: Lane> PackedField<T> {
    /// Lays out `system` with its `weights` (`weights.len()` = the system size).
    pub fn new(system: &KrigingSystem, weights: &[f64]) -> Self {
        let origin = bounding_box_centre(system);
        let no = system.orientation_xyz.len();
        let mut orientations: [Vec<T>; 6] = Default::default();
        for (i, p) in system.orientation_xyz.iter().enumerate() {
            for a in 0..3 {
                orientations[a].push(T::of(p[a] - origin[a]));
                orientations[3 + a].push(T::of(weights[a * no + i]));
            }
        }
        let w_rest = &weights[3 * no..3 * no + system.rest.len()];
        let mut interface: [Vec<T>; 4] = Default::default();
        let mut push = |p: &Point, w: f64| {
            for a in 0..3 {
                interface[a].push(T::of(p[a] - origin[a]));
            }
            interface[3].push(T::of(w));
        };
        for (q, w) in merged_references(system, w_rest) {
            push(&q, w);
        }
        for (r, &w) in system.rest.iter().zip(w_rest) {
            push(r, -w);
        }
        let c_o = system.c_o;
        Self {
            origin,
            orientations,
            interface,
            scales: [
                c_o * system.gi_res,
                c_o * system.i_res,
                c_o,
                c_o * system.gi_res,
            ],
        }
    }
}

/// The four running sums of one vector of points.
struct Sums<V> {
    z_o: V,
    z_i: V,
    g_o: [V; 3],
    g_i: [V; 3],
}

impl<T: Lane> FusedField<T> {
    /// Lays out `system` with its `weights` (`weights.len()` = the system size).
    pub fn new(system: &KrigingSystem, weights: &[f64]) -> Self {
        Self {
            arch: Arch::new(),
            kernel: RadialKernel::new(&system.covariance),
            data: PackedField::new(system, weights),
        }
    }

    /// The kernel part of `Z` (and `G` when `gradient`) at `xyz`, written in place by rayon
    /// tasks of 256 points.
    pub fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues {
        let mut scalar = vec![0.0; xyz.len()];
        let values = scalar
            .par_chunks_mut(POINTS_PER_TASK)
            .zip(xyz.par_chunks(POINTS_PER_TASK));
        let gradient = if gradient {
            let mut g = vec![[0.0; 3]; xyz.len()];
            values
                .zip(g.par_chunks_mut(POINTS_PER_TASK))
                .for_each(|((z, x), g)| self.task(x, z, Some(g)));
            Some(g)
        } else {
            values.for_each(|(z, x)| self.task(x, z, None));
            None
        };
        FieldValues { scalar, gradient }
    }

    /// One task's points on the machine's widest instruction set.
    fn task(&self, points: &[Point], scalar: &mut [f64], gradient: Option<&mut [Point]>) {
        self.arch.dispatch(Task {
            field: self,
            points,
            scalar,
            gradient,
        });
    }

    /// The four sums at `TILE` vectors of points `x` (each lane a point): each data point is
    /// loaded once for all of them, which gives the core independent work to overlap.
    #[inline(always)]
    fn sums<S: Simd, const G: bool>(
        &self,
        s: S,
        x: &[[T::V<S>; 3]; TILE],
    ) -> [Sums<T::V<S>>; TILE] {
        let zero = T::splat(s, T::of(0.0));
        let mut sums = [(); TILE].map(|()| Sums {
            z_o: zero,
            z_i: zero,
            g_o: [zero; 3],
            g_i: [zero; 3],
        });
        // No closures in these loops (see `RadialKernel::terms`).
        let [px, py, pz, wx, wy, wz] = &self.data.orientations;
        for i in 0..px.len() {
            let p = splat3::<S, T>(s, px[i], py[i], pz[i]);
            let w = splat3::<S, T>(s, wx[i], wy[i], wz[i]);
            for (x, sums) in x.iter().zip(sums.iter_mut()) {
                let h = difference::<S, T>(s, p, x);
                let t = self
                    .kernel
                    .terms::<S, false, true, G>(s, squared_norm::<S, T>(s, h));
                let sw = T::fma(s, w[0], h[0], T::fma(s, w[1], h[1], T::mul(s, w[2], h[2])));
                sums.z_o = T::fma(s, sw, t.kp, sums.z_o);
                if G {
                    let st = T::mul(s, sw, T::div(s, T::sub(s, t.k2, t.kp), t.hessian_den));
                    for b in 0..3 {
                        let term = T::fma(s, h[b], st, T::mul(s, w[b], t.kp));
                        sums.g_o[b] = T::sub(s, sums.g_o[b], term);
                    }
                }
            }
        }
        let [qx, qy, qz, qw] = &self.data.interface;
        for j in 0..qx.len() {
            let q = splat3::<S, T>(s, qx[j], qy[j], qz[j]);
            let w = T::splat(s, qw[j]);
            for (x, sums) in x.iter().zip(sums.iter_mut()) {
                let h = difference::<S, T>(s, q, x);
                let t = self
                    .kernel
                    .terms::<S, true, G, false>(s, squared_norm::<S, T>(s, h));
                sums.z_i = T::fma(s, w, t.k, sums.z_i);
                if G {
                    let wkp = T::mul(s, w, t.kp);
                    for (g, h) in sums.g_i.iter_mut().zip(h) {
                        *g = T::sub(s, *g, T::mul(s, wkp, h));
                    }
                }
            }
        }
        sums
    }
}

/// `[x, y, z]` broadcast to three vectors.
#[inline(always)]
fn splat3<S: Simd, T: Lane>(s: S, x: T, y: T, z: T) -> [T::V<S>; 3] {
    [T::splat(s, x), T::splat(s, y), T::splat(s, z)]
}

/// `p − x` per axis.
#[inline(always)]
fn difference<S: Simd, T: Lane>(s: S, p: [T::V<S>; 3], x: &[T::V<S>; 3]) -> [T::V<S>; 3] {
    [
        T::sub(s, p[0], x[0]),
        T::sub(s, p[1], x[1]),
        T::sub(s, p[2], x[2]),
    ]
}

/// `h_x² + h_y² + h_z²`.
#[inline(always)]
fn squared_norm<S: Simd, T: Lane>(s: S, h: [T::V<S>; 3]) -> T::V<S> {
    T::fma(s, h[0], h[0], T::fma(s, h[1], h[1], T::mul(s, h[2], h[2])))
}

/// The lanes of `v`.
#[inline(always)]
fn lanes_of<S: Simd, T: Lane>(s: S, v: T::V<S>) -> [T; MAX_LANES] {
    let mut buf = [T::of(0.0); MAX_LANES];
    T::store(s, &mut buf[..T::lanes::<S>()], v);
    buf
}

/// One rayon task: the points of one chunk, vector by vector, on the dispatched instruction set.
struct Task<'a, T: Lane> {
    field: &'a FusedField<T>,
    points: &'a [Point],
    scalar: &'a mut [f64],
    gradient: Option<&'a mut [Point]>,
}

impl<T: Lane> WithSimd for Task<'_, T> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        let lanes = T::lanes::<S>();
        let [sz_o, sz_i, sg_o, sg_i] = self.field.data.scales;
        let tile = lanes * TILE;
        let mut gradient = self.gradient;
        for (t, (points, scalar)) in self
            .points
            .chunks(tile)
            .zip(self.scalar.chunks_mut(tile))
            .enumerate()
        {
            let mut coords = [[T::of(0.0); MAX_LANES * TILE]; 3];
            let origin = self.field.data.origin;
            for (j, p) in points.iter().enumerate() {
                for a in 0..3 {
                    coords[a][j] = T::of(p[a] - origin[a]);
                }
            }
            let mut x = [[T::splat(s, T::of(0.0)); 3]; TILE];
            for (u, x) in x.iter_mut().enumerate() {
                for a in 0..3 {
                    x[a] = T::load(s, &coords[a][u * lanes..(u + 1) * lanes]);
                }
            }
            let sums = if gradient.is_some() {
                self.field.sums::<S, true>(s, &x)
            } else {
                self.field.sums::<S, false>(s, &x)
            };
            for (u, (sums, scalar)) in sums.iter().zip(scalar.chunks_mut(lanes)).enumerate() {
                let (z_o, z_i) = (lanes_of::<S, T>(s, sums.z_o), lanes_of::<S, T>(s, sums.z_i));
                for (j, z) in scalar.iter_mut().enumerate() {
                    *z = sz_o * z_o[j].to_f64() + sz_i * z_i[j].to_f64();
                }
                if let Some(gradient) = gradient.as_deref_mut() {
                    let start = t * tile + u * lanes;
                    let out = &mut gradient[start..start + scalar.len()];
                    for b in 0..3 {
                        let (g_o, g_i) = (
                            lanes_of::<S, T>(s, sums.g_o[b]),
                            lanes_of::<S, T>(s, sums.g_i[b]),
                        );
                        for (j, g) in out.iter_mut().enumerate() {
                            g[b] = sg_o * g_o[j].to_f64() + sg_i * g_i[j].to_f64();
                        }
                    }
                }
            }
        }
    }
}

/// The centre of the bounding box of a system's data points (the origin if it has none).
fn bounding_box_centre(s: &KrigingSystem) -> Point {
    let points = s.orientation_xyz.iter().chain(&s.reference).chain(&s.rest);
    let [lo, hi] = super::bounding_box(points);
    std::array::from_fn(|a| {
        if lo[a] <= hi[a] {
            0.5 * (lo[a] + hi[a])
        } else {
            0.0
        }
    })
}

/// The reference points of the interface rows with their summed weights: rows of one surface
/// share its reference point, so `Σ_k w_k K(q_k, x)` needs one kernel value per distinct point.
fn merged_references(s: &KrigingSystem, w_rest: &[f64]) -> Vec<(Point, f64)> {
    let mut merged: Vec<(Point, f64)> = Vec::new();
    for (q, &w) in s.reference.iter().zip(w_rest) {
        match merged.last_mut() {
            Some((last, sum)) if last == q => *sum += w,
            _ => merged.push((*q, w)),
        }
    }
    merged
}
