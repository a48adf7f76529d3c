//! The `#[cube]` kernels: the kernel sums of a field evaluation (with or without the
//! gradient) and the entries of the covariance block, in `f32` or `f64`.
//!
//! ```text
//! field_sums: one unit per evaluation point x, cubes of TILE units;
//!   for each tile of TILE orientations:  every unit loads one into shared memory, sync
//!                                        (load_tile),
//!       every unit runs over the tile:   h = p − x,  Z_o += (w·h) Kp,
//!                                        G_o −= h (w·h)(K2 − Kp)/(ρ² + 1e−5) + w Kp
//!   for each tile of TILE interface points (same scheme):  Z_i += w K,  G_i −= w Kp h
//!   Z = c_o gi_res Z_o + c_o i_res Z_i,  G = c_o G_o + c_o gi_res G_i
//! covariance_entries: one unit per entry (row, column) of the covariance block, the formulas of
//!   `tensor_ops::covariance_block_reference` with the fast forms of the kernels
//! ```
//!
//! The data stream through shared memory and every sum stays in registers: the scheme of
//! KeOps' reductions, which gempy_engine's profiling measured at 5 ms per CG iteration. Each
//! point's sums run over the data in one fixed order, so a result does not depend on the
//! launch shape.
//!
//! The kernel functions are the fast form of [`crate::fused::radial`], written again in cubecl's
//! language; their coefficients (`formula.rs`, through `RadialKernel`) come in an array
//! with named indices ([`Coefficients`](super::coefficients::Coefficients)) computed in `f64` on the host,
//! so that `f64` kernels get `f64` constants. SPIR-V's `exp` is defined for 32-bit floats
//! only, so on Vulkan the `f64` kernels take [`exp_f64`]: Cody–Waite reduction by `ln 2`, a
//! degree-13 Taylor polynomial and an exact power of two.

use cubecl::prelude::*;

use super::coefficients::{
    CUBIC, CUBIC_K, CUBIC_K2, CUBIC_KP, DISTANCE_EPSILON, EXP_INV_A4, EXP_NEG_INV_2A2,
    EXP_NEG_INV_A2, EXPONENTIAL, FIVE_THIRDS, HESSIAN_EPSILON, INV_13, INV_A, LN2_HI, LN2_LO,
    MATERN52_K2, MATERN52_KP, SCALES, SQRT5,
};

/// Units per cube, and data points per shared-memory tile.
pub const TILE: usize = 128;

/// The kernel quantities at one squared distance: `(ρ² + 1e−5, K, Kp, K2)`.
#[cube]
fn terms<F: Float>(
    d2: F,
    c: &Array<F>,
    #[comptime] kind: u32,
    #[comptime] software_exp: bool,
) -> (F, F, F, F) {
    let one = F::new(1.0);
    if kind == CUBIC {
        let rho2 = d2 + c[DISTANCE_EPSILON];
        let t = F::sqrt(rho2) * c[INV_A];
        let t2 = t * t;
        let k = fma(t2, horner::<F>(t, t2, c, CUBIC_K), one);
        let kp = horner::<F>(t, t2, c, CUBIC_KP);
        let k2 = horner::<F>(t, t2, c, CUBIC_K2);
        (rho2 + c[HESSIAN_EPSILON], k, kp, k2)
    } else if kind == EXPONENTIAL {
        let e = exponential::<F>(d2 * c[EXP_NEG_INV_2A2], c, software_exp);
        let kp = e * c[EXP_NEG_INV_A2];
        let k2 = fma(d2, c[EXP_INV_A4], c[EXP_NEG_INV_A2]) * e;
        (d2 * d2 + c[HESSIAN_EPSILON], e, kp, k2)
    } else {
        let rho2 = d2 + c[DISTANCE_EPSILON];
        let r = F::sqrt(rho2);
        let x = r * c[INV_A];
        let e = exponential::<F>(-(x * c[SQRT5]), c, software_exp);
        let poly = fma(x, fma(x, c[FIVE_THIRDS], c[SQRT5]), one);
        let kp = fma(r, c[MATERN52_KP + 1], c[MATERN52_KP]) * e;
        let k2 = fma(
            r,
            fma(r, c[MATERN52_K2 + 2], c[MATERN52_K2 + 1]),
            c[MATERN52_K2],
        ) * e;
        (rho2 + c[HESSIAN_EPSILON], poly * e, kp, k2)
    }
}

/// `c₀ + t(c₁ + t²(c₂ + c₃t²))` with `c_i = c[start + i]`.
#[cube]
fn horner<F: Float>(t: F, t2: F, c: &Array<F>, #[comptime] start: usize) -> F {
    let inner = fma(c[start + 3], t2, c[start + 2]);
    fma(t, fma(t2, inner, c[start + 1]), c[start])
}

/// `eˣ`: the runtime's, or [`exp_f64`] where that is not exact enough.
#[cube]
fn exponential<F: Float>(x: F, c: &Array<F>, #[comptime] software_exp: bool) -> F {
    if software_exp {
        exp_f64::<F>(x, c)
    } else {
        F::exp(x)
    }
}

/// `eˣ` to a few ulps of `f64` from arithmetic alone: `x = k ln 2 + r` with `|r| ≤ ln 2 / 2`
/// (`ln 2` split in two so that `k ln2_hi` is exact), `eʳ` by Horner's rule on its Taylor
/// series to degree 13 (remainder below `10⁻¹⁷`), times `2ᵏ` by repeated squaring. `0` below
/// `x = −745`, where `eˣ` underflows.
#[cube]
pub fn exp_f64<F: Float>(x: F, c: &Array<F>) -> F {
    let mut result = F::new(0.0);
    if x > F::new(-745.0) {
        let x = F::min(x, F::new(709.0));
        let k = F::round(x * F::new(core::f32::consts::LOG2_E));
        let r = x - k * c[LN2_HI] - k * c[LN2_LO];
        let mut p = F::new(1.0);
        #[unroll]
        for n in 0..13usize {
            // 1 + r/(13 − n) · p: Horner's rule on Σ rⁿ/n!, from the innermost term.
            p = fma(r * c[INV_13 + n], p, F::new(1.0));
        }
        let mut m: i32 = i32::cast_from(k);
        let mut base = F::new(2.0);
        if m < 0 {
            base = F::new(0.5);
            m = -m;
        }
        let mut scale = F::new(1.0);
        while m > 0 {
            if m % 2 == 1 {
                scale *= base;
            }
            base *= base;
            m /= 2;
        }
        result = p * scale;
    }
    result
}

/// Loads data points `start..start + TILE` of `data` (`runs` runs of `n`) into `tile`, one
/// per unit of the cube, and waits for the whole cube; how many there are.
#[cube]
fn load_tile<F: Float>(
    tile: &mut SharedMemory<F>,
    data: &Array<F>,
    n: usize,
    start: usize,
    #[comptime] runs: usize,
) -> usize {
    let u = UNIT_POS as usize;
    let j = start + u;
    if j < n {
        #[unroll]
        for a in 0..runs {
            tile[a * TILE + u] = data[a * n + j];
        }
    }
    sync_cube();
    usize::min(TILE, n - start)
}

/// The kernel sums of a field at `m` points (module formulas): `points` holds `x, y, z` as
/// three runs of `m`; `orientations` `p_x, p_y, p_z, w_x, w_y, w_z` as six runs of `n_o`;
/// `interface` `x, y, z, w` as four runs of `n_i`. Writes `Z` into `out[0..m]` and, with
/// `gradient`, `G_x, G_y, G_z` into `out[m..4m]`.
#[cube(launch)]
#[allow(clippy::too_many_arguments)]
pub fn field_sums<F: Float + CubeElement>(
    points: &Array<F>,
    orientations: &Array<F>,
    interface: &Array<F>,
    c: &Array<F>,
    out: &mut Array<F>,
    m: u32,
    n_o: u32,
    n_i: u32,
    #[comptime] kind: u32,
    #[comptime] gradient: bool,
    #[comptime] software_exp: bool,
) {
    let (m, n_o, n_i) = (m as usize, n_o as usize, n_i as usize);
    let i = ABSOLUTE_POS;
    let active = i < m;
    let zero = F::new(0.0);
    let (mut x, mut y, mut z) = (zero, zero, zero);
    if active {
        x = points[i];
        y = points[m + i];
        z = points[2 * m + i];
    }
    let (mut z_o, mut z_i) = (zero, zero);
    let (mut go_x, mut go_y, mut go_z) = (zero, zero, zero);
    let (mut gi_x, mut gi_y, mut gi_z) = (zero, zero, zero);
    let mut tile = SharedMemory::<F>::new(6 * TILE);

    let mut start = 0usize;
    while start < n_o {
        let count = load_tile::<F>(&mut tile, orientations, n_o, start, 6usize);
        for k in 0..count {
            let hx = tile[k] - x;
            let hy = tile[TILE + k] - y;
            let hz = tile[2 * TILE + k] - z;
            let (wx, wy, wz) = (tile[3 * TILE + k], tile[4 * TILE + k], tile[5 * TILE + k]);
            let d2 = fma(hx, hx, fma(hy, hy, hz * hz));
            let (den, _k, kp, k2) = terms::<F>(d2, c, kind, software_exp);
            let sw = fma(wx, hx, fma(wy, hy, wz * hz));
            z_o = fma(sw, kp, z_o);
            if gradient {
                let st = sw * ((k2 - kp) / den);
                go_x -= fma(hx, st, wx * kp);
                go_y -= fma(hy, st, wy * kp);
                go_z -= fma(hz, st, wz * kp);
            }
        }
        sync_cube();
        start += TILE;
    }

    start = 0usize;
    while start < n_i {
        let count = load_tile::<F>(&mut tile, interface, n_i, start, 4usize);
        for k in 0..count {
            let hx = tile[k] - x;
            let hy = tile[TILE + k] - y;
            let hz = tile[2 * TILE + k] - z;
            let w = tile[3 * TILE + k];
            let d2 = fma(hx, hx, fma(hy, hy, hz * hz));
            let (_den, kk, kp, _k2) = terms::<F>(d2, c, kind, software_exp);
            z_i = fma(w, kk, z_i);
            if gradient {
                let wkp = w * kp;
                gi_x -= wkp * hx;
                gi_y -= wkp * hy;
                gi_z -= wkp * hz;
            }
        }
        sync_cube();
        start += TILE;
    }

    if active {
        out[i] = c[SCALES] * z_o + c[SCALES + 1] * z_i;
        if gradient {
            let (s_o, s_i) = (c[SCALES + 2], c[SCALES + 3]);
            out[m + i] = s_o * go_x + s_i * gi_x;
            out[2 * m + i] = s_o * go_y + s_i * gi_y;
            out[3 * m + i] = s_o * go_z + s_i * gi_z;
        }
    }
}

/// The covariance block, row-major `n_c × n_c` with `n_c = 3n_o + n_r`, before nuggets and
/// `c_o` (formulas of `tensor_ops::covariance_block_reference`): one unit per entry. `orientations`
/// holds `p_x, p_y, p_z` as three runs of `n_o`; `q` and `r` the reference and rest points of
/// the interface rows, three runs of `n_r` each; `res` is `[gi_res, i_res]`.
#[cube(launch)]
#[allow(clippy::too_many_arguments)]
pub fn covariance_entries<F: Float + CubeElement>(
    orientations: &Array<F>,
    q: &Array<F>,
    r: &Array<F>,
    c: &Array<F>,
    res: &Array<F>,
    out: &mut Array<F>,
    n_o: u32,
    n_r: u32,
    #[comptime] kind: u32,
    #[comptime] software_exp: bool,
) {
    let (n_o, n_r) = (n_o as usize, n_r as usize);
    let n_c = 3 * n_o + n_r;
    let e = ABSOLUTE_POS;
    if e < n_c * n_c {
        let (row, col) = (e / n_c, e % n_c);
        let value = if row < 3 * n_o && col < 3 * n_o {
            let (a, i) = (row / n_o, row % n_o);
            let (b, j) = (col / n_o, col % n_o);
            let ha = orientations[a * n_o + i] - orientations[a * n_o + j];
            let hb = orientations[b * n_o + i] - orientations[b * n_o + j];
            let d2 = squared_distance::<F>(orientations, n_o, i, orientations, n_o, j);
            let (den, _k, kp, k2) = terms::<F>(d2, c, kind, software_exp);
            let mut gg = -(ha * hb) / den * (k2 - kp);
            if a == b {
                gg -= kp;
            }
            gg
        } else if row < 3 * n_o || col < 3 * n_o {
            // Gradient–interface, and its transpose.
            let mut g = col;
            let mut k = row - 3 * n_o;
            if row < 3 * n_o {
                g = row;
                k = col - 3 * n_o;
            }
            let (a, i) = (g / n_o, g % n_o);
            let p_a = orientations[a * n_o + i];
            let dq = squared_distance::<F>(orientations, n_o, i, q, n_r, k);
            let dr = squared_distance::<F>(orientations, n_o, i, r, n_r, k);
            let (_dq, _kq, kp_q, _k2q) = terms::<F>(dq, c, kind, software_exp);
            let (_dr, _kr, kp_r, _k2r) = terms::<F>(dr, c, kind, software_exp);
            let hq = p_a - q[a * n_r + k];
            let hr = p_a - r[a * n_r + k];
            res[0] * (hq * kp_q - hr * kp_r)
        } else {
            let (k, l) = (row - 3 * n_o, col - 3 * n_o);
            let (_a, k_rr, _b, _c) = terms::<F>(
                squared_distance::<F>(r, n_r, k, r, n_r, l),
                c,
                kind,
                software_exp,
            );
            let (_d, k_rq, _e, _f) = terms::<F>(
                squared_distance::<F>(r, n_r, k, q, n_r, l),
                c,
                kind,
                software_exp,
            );
            let (_g, k_qr, _h, _i) = terms::<F>(
                squared_distance::<F>(q, n_r, k, r, n_r, l),
                c,
                kind,
                software_exp,
            );
            let (_j, k_qq, _l, _m) = terms::<F>(
                squared_distance::<F>(q, n_r, k, q, n_r, l),
                c,
                kind,
                software_exp,
            );
            res[1] * (k_rr - k_rq - k_qr + k_qq)
        };
        out[e] = value;
    }
}

/// `|x_i − y_j|²` of points stored as three runs (`x`'s point `i` at `x[i], x[nx + i],
/// x[2nx + i]`, likewise `y`'s point `j`).
#[cube]
fn squared_distance<F: Float>(
    x: &Array<F>,
    nx: usize,
    i: usize,
    y: &Array<F>,
    ny: usize,
    j: usize,
) -> F {
    let hx = x[i] - y[j];
    let hy = x[nx + i] - y[ny + j];
    let hz = x[2 * nx + i] - y[2 * ny + j];
    fma(hx, hx, fma(hy, hy, hz * hz))
}
