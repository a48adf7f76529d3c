//! The fused evaluation of a solved stack: the kernel part of `Z` and `G` (formulas in
//! [`crate::evaluate`]) vectorised over evaluation points.
//!
//! ```text
//! prepare:   orientations → SoA  p_x p_y p_z w_x w_y w_z            (in precision T)
//!            interface    → SoA  x y z w: each distinct reference point with Σ of its rows'
//!                                 weights, each rest point with −w_k
//! evaluate:  for each task of 256 points (rayon), for each vector of L points (L lanes):
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

/// A solved stack laid out for the fused kernels in precision `T`.
#[derive(Debug, Clone)]
pub struct FusedField<T: Lane> {
    arch: Arch,
    kernel: RadialKernel<T>,
    /// `p_x, p_y, p_z, w_x, w_y, w_z` of every orientation.
    orientations: [Vec<T>; 6],
    /// `x, y, z, w` of every interface point.
    interface: [Vec<T>; 4],
    /// `c_o gi_res`, `c_o i_res`, `c_o`, `c_o gi_res`: the scales of `Z_o`, `Z_i`, `G_o`, `G_i`.
    scales: [f64; 4],
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
        let no = system.orientation_xyz.len();
        let mut orientations: [Vec<T>; 6] = Default::default();
        for (i, p) in system.orientation_xyz.iter().enumerate() {
            for a in 0..3 {
                orientations[a].push(T::of(p[a]));
                orientations[3 + a].push(T::of(weights[a * no + i]));
            }
        }
        let w_rest = &weights[3 * no..3 * no + system.rest.len()];
        let mut interface: [Vec<T>; 4] = Default::default();
        let mut push = |p: &Point, w: f64| {
            for a in 0..3 {
                interface[a].push(T::of(p[a]));
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
            arch: Arch::new(),
            kernel: RadialKernel::new(&system.covariance),
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

    /// Distinct data points a field value sums over: orientations and interface points.
    pub fn data_points(&self) -> usize {
        self.orientations[0].len() + self.interface[0].len()
    }

    /// The kernel part of `Z` (and `G` when `gradient`) at `xyz`.
    pub fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues {
        let tasks: Vec<Vec<(f64, Point)>> = xyz
            .par_chunks(POINTS_PER_TASK)
            .map(|points| {
                let mut out = vec![(0.0, [0.0; 3]); points.len()];
                self.arch.dispatch(Task {
                    field: self,
                    points,
                    out: &mut out,
                    gradient,
                });
                out
            })
            .collect();
        let values = tasks.into_iter().flatten();
        let (scalar, gradients): (Vec<f64>, Vec<Point>) = if gradient {
            values.unzip()
        } else {
            (values.map(|v| v.0).collect(), Vec::new())
        };
        FieldValues {
            scalar,
            gradient: gradient.then_some(gradients),
        }
    }

    /// The four sums at one vector of points `x` (each lane a point).
    #[inline(always)]
    fn sums<S: Simd, const G: bool>(&self, s: S, x: [T::V<S>; 3]) -> Sums<T::V<S>> {
        let zero = T::splat(s, T::of(0.0));
        let mut sums = Sums {
            z_o: zero,
            z_i: zero,
            g_o: [zero; 3],
            g_i: [zero; 3],
        };
        let [px, py, pz, wx, wy, wz] = &self.orientations;
        for i in 0..px.len() {
            let h = [px[i], py[i], pz[i]].map(|p| T::splat(s, p));
            let h = [0, 1, 2].map(|a| T::sub(s, h[a], x[a]));
            let t = self
                .kernel
                .terms::<S, false, true, G>(s, squared_norm::<S, T>(s, h));
            let w = [wx[i], wy[i], wz[i]].map(|w| T::splat(s, w));
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
        let [qx, qy, qz, qw] = &self.interface;
        for j in 0..qx.len() {
            let h = [qx[j], qy[j], qz[j]].map(|p| T::splat(s, p));
            let h = [0, 1, 2].map(|a| T::sub(s, h[a], x[a]));
            let t = self
                .kernel
                .terms::<S, true, G, false>(s, squared_norm::<S, T>(s, h));
            let w = T::splat(s, qw[j]);
            sums.z_i = T::fma(s, w, t.k, sums.z_i);
            if G {
                let wkp = T::mul(s, w, t.kp);
                for (g, h) in sums.g_i.iter_mut().zip(h) {
                    *g = T::sub(s, *g, T::mul(s, wkp, h));
                }
            }
        }
        sums
    }
}

/// `h_x² + h_y² + h_z²`.
#[inline(always)]
fn squared_norm<S: Simd, T: Lane>(s: S, h: [T::V<S>; 3]) -> T::V<S> {
    T::fma(s, h[0], h[0], T::fma(s, h[1], h[1], T::mul(s, h[2], h[2])))
}

/// One rayon task: the points of one chunk, vector by vector, on the dispatched instruction set.
struct Task<'a, T: Lane> {
    field: &'a FusedField<T>,
    points: &'a [Point],
    out: &'a mut [(f64, Point)],
    gradient: bool,
}

impl<T: Lane> WithSimd for Task<'_, T> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        let lanes = T::lanes::<S>();
        let [sz_o, sz_i, sg_o, sg_i] = self.field.scales;
        for (points, out) in self.points.chunks(lanes).zip(self.out.chunks_mut(lanes)) {
            let mut coords = [[T::of(0.0); MAX_LANES]; 3];
            for (j, p) in points.iter().enumerate() {
                for a in 0..3 {
                    coords[a][j] = T::of(p[a]);
                }
            }
            let x = coords.map(|c| T::load(s, &c[..lanes]));
            let sums = if self.gradient {
                self.field.sums::<S, true>(s, x)
            } else {
                self.field.sums::<S, false>(s, x)
            };
            let lanes_of = |v: T::V<S>| {
                let mut buf = [T::of(0.0); MAX_LANES];
                T::store(s, &mut buf[..lanes], v);
                buf
            };
            let (z_o, z_i) = (lanes_of(sums.z_o), lanes_of(sums.z_i));
            for (j, o) in out.iter_mut().enumerate() {
                o.0 = sz_o * z_o[j].to_f64() + sz_i * z_i[j].to_f64();
            }
            if self.gradient {
                for b in 0..3 {
                    let (g_o, g_i) = (lanes_of(sums.g_o[b]), lanes_of(sums.g_i[b]));
                    for (j, o) in out.iter_mut().enumerate() {
                        o.1[b] = sg_o * g_o[j].to_f64() + sg_i * g_i[j].to_f64();
                    }
                }
            }
        }
    }
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
