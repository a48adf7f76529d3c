//! The default implementation of the heavy operations, written with burn tensor ops so that it
//! runs on any burn backend (CPU or GPU).
//!
//! Pairwise quantities are `(n, m)` matrices built by broadcasting a column `(n, 1)` against a
//! row `(1, m)`, one coordinate axis at a time: no `n×m×3` tensor is ever formed.

use burn::tensor::{Tensor, TensorData, backend::Backend};

use crate::{FieldValues, HESSIAN_EPSILON, KrigingSystem, Point};

/// Coordinate `axis` of `points` as a column `(n, 1)`.
fn column<B: Backend>(points: &[Point], axis: usize, device: &B::Device) -> Tensor<B, 2> {
    let v: Vec<f64> = points.iter().map(|p| p[axis]).collect();
    Tensor::from_data(TensorData::new(v, [points.len(), 1]), device)
}

/// A vector as a row `(1, n)`.
fn row<B: Backend>(values: &[f64], device: &B::Device) -> Tensor<B, 2> {
    Tensor::from_data(TensorData::new(values.to_vec(), [1, values.len()]), device)
}

/// `(a_i − b_j)_axis` for every pair, shape `(n_a, n_b)`.
fn differences<B: Backend>(a: &[Point], b: &[Point], device: &B::Device) -> [Tensor<B, 2>; 3] {
    [0, 1, 2].map(|axis| {
        let b_row = column::<B>(b, axis, device).reshape([1, b.len()]);
        column::<B>(a, axis, device) - b_row
    })
}

/// `|h|²` of the three difference matrices.
fn squared_norm<B: Backend>(h: &[Tensor<B, 2>; 3]) -> Tensor<B, 2> {
    h[0].clone() * h[0].clone() + h[1].clone() * h[1].clone() + h[2].clone() * h[2].clone()
}

/// Downloads a tensor as `f64` values.
fn to_vec<B: Backend, const D: usize>(t: Tensor<B, D>) -> Vec<f64> {
    t.into_data()
        .convert::<f64>()
        .into_vec::<f64>()
        .expect("converted to f64")
}

/// The covariance block (gradient and interface rows), row-major `n_c × n_c`, `n_c = 3n_o + n_r`,
/// before the nuggets are added and the whole is scaled by `c_o`:
///
/// ```text
/// GG[(α,i),(β,j)] = (−h_α h_β)/(ρ² + 1e−5)·(K2 − Kp) − δ_αβ Kp,  h = p_i − p_j
/// GI[(α,i),k]     = gi_res ((p_i − q_k)_α Kp(ρ(p_i,q_k)) − (p_i − r_k)_α Kp(ρ(p_i,r_k)))
/// II[k,l]         = i_res (K(ρ(r_k,r_l)) − K(ρ(r_k,q_l)) − K(ρ(q_k,r_l)) + K(ρ(q_k,q_l)))
/// ```
pub fn covariance_block<B: Backend>(s: &KrigingSystem, device: &B::Device) -> Vec<f64> {
    let cov = s.covariance;
    let (p, q, r) = (&s.orientation_xyz, &s.reference, &s.rest);
    let h = differences::<B>(p, p, device);
    let rho = cov.rho(squared_norm(&h));
    let kp = cov.kp(rho.clone());
    let k2_kp = cov.k2(rho.clone()) - kp.clone();
    let den = rho.clone() * rho + HESSIAN_EPSILON;
    let gg = |a: usize, b: usize| {
        let block = (-(h[a].clone() * h[b].clone()) / den.clone()) * k2_kp.clone();
        if a == b { block - kp.clone() } else { block }
    };
    let mut rows: Vec<Tensor<B, 2>> = Vec::with_capacity(4);
    if r.is_empty() {
        for a in 0..3 {
            rows.push(Tensor::cat(vec![gg(a, 0), gg(a, 1), gg(a, 2)], 1));
        }
        return to_vec(Tensor::cat(rows, 0));
    }
    let hq = differences::<B>(p, q, device);
    let hr = differences::<B>(p, r, device);
    let kp_q = cov.kp(cov.rho(squared_norm(&hq)));
    let kp_r = cov.kp(cov.rho(squared_norm(&hr)));
    let gi: Vec<Tensor<B, 2>> = (0..3)
        .map(|a| (hq[a].clone() * kp_q.clone() - hr[a].clone() * kp_r.clone()) * s.gi_res)
        .collect();
    let k_of =
        |x: &[Point], y: &[Point]| cov.k(cov.rho(squared_norm(&differences::<B>(x, y, device))));
    let ii = (k_of(r, r) - k_of(r, q) - k_of(q, r) + k_of(q, q)) * s.i_res;
    for (a, gi_a) in gi.iter().enumerate() {
        rows.push(Tensor::cat(
            vec![gg(a, 0), gg(a, 1), gg(a, 2), gi_a.clone()],
            1,
        ));
    }
    let gi_t: Vec<Tensor<B, 2>> = gi.into_iter().map(Tensor::transpose).collect();
    rows.push(Tensor::cat(
        vec![gi_t[0].clone(), gi_t[1].clone(), gi_t[2].clone(), ii],
        1,
    ));
    to_vec(Tensor::cat(rows, 0))
}

/// The kernel part of `Z` and `G` (the sums over orientations and interface pairs of
/// [`crate::evaluate`]) at one chunk of points.
pub fn kernel_field<B: Backend>(
    s: &KrigingSystem,
    weights: &[f64],
    xyz: &[Point],
    gradient: bool,
    device: &B::Device,
) -> FieldValues {
    let cov = s.covariance;
    let layout = s.layout();
    let no = layout.n_orientations;
    let w_o: Vec<Tensor<B, 2>> = (0..3)
        .map(|a| row::<B>(&weights[a * no..(a + 1) * no], device))
        .collect();
    // Orientation terms, h = p_i − x, as (m, n_o).
    let h = differences::<B>(&s.orientation_xyz, xyz, device).map(Tensor::transpose);
    let rho = cov.rho(squared_norm(&h));
    let kp = cov.kp(rho.clone());
    let sw = h[0].clone() * w_o[0].clone()
        + h[1].clone() * w_o[1].clone()
        + h[2].clone() * w_o[2].clone();
    let mut z = (sw.clone() * kp.clone()).sum_dim(1) * (s.c_o * s.gi_res);
    let mut g = gradient.then(|| {
        let t = (cov.k2(rho.clone()) - kp.clone()) / (rho.clone() * rho + HESSIAN_EPSILON);
        let st = sw * t;
        [0, 1, 2].map(|b| {
            (-(h[b].clone() * st.clone()) - w_o[b].clone() * kp.clone()).sum_dim(1) * s.c_o
        })
    });
    if layout.n_rest > 0 {
        let w_r = row::<B>(&weights[3 * no..3 * no + layout.n_rest], device);
        let hq = differences::<B>(&s.reference, xyz, device).map(Tensor::transpose);
        let hr = differences::<B>(&s.rest, xyz, device).map(Tensor::transpose);
        let rho_q = cov.rho(squared_norm(&hq));
        let rho_r = cov.rho(squared_norm(&hr));
        let dk = cov.k(rho_q.clone()) - cov.k(rho_r.clone());
        z = z + (dk * w_r.clone()).sum_dim(1) * (s.c_o * s.i_res);
        if let Some(g) = g.as_mut() {
            let (kp_q, kp_r) = (cov.kp(rho_q), cov.kp(rho_r));
            for b in 0..3 {
                let term = hr[b].clone() * kp_r.clone() - hq[b].clone() * kp_q.clone();
                g[b] = g[b].clone() + (term * w_r.clone()).sum_dim(1) * (s.c_o * s.gi_res);
            }
        }
    }
    let scalar = to_vec(z);
    let gradient = g.map(|g| {
        let [gx, gy, gz] = g.map(to_vec);
        (0..xyz.len()).map(|j| [gx[j], gy[j], gz[j]]).collect()
    });
    FieldValues { scalar, gradient }
}
