//! The default implementation of the heavy operations, written with burn tensor ops so that it
//! runs on any burn backend (CPU or GPU).
//!
//! Pairwise quantities are `(n, m)` matrices built by broadcasting a column `(n, 1)` against a
//! row `(1, m)`, one coordinate axis at a time: no `n×m×3` tensor is ever formed.

use burn::tensor::{Tensor, TensorData, backend::Backend};

use crate::{
    Covariance, Dtype, FieldValues, HESSIAN_EPSILON, KernelError, KrigingSystem, Point,
    PreparedField,
};

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

/// `p − x` per axis, `(m, n)`: data rows `(1, n)` minus point columns `(m, 1)`.
fn minus<B: Backend>(p: &[&Tensor<B, 2>; 3], x: &[Tensor<B, 2>; 3]) -> [Tensor<B, 2>; 3] {
    [0, 1, 2].map(|a| p[a].clone() - x[a].clone())
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
pub fn covariance_block_reference<B: Backend>(s: &KrigingSystem, device: &B::Device) -> Vec<f64> {
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

/// A solved system on a burn device: the data points and weights uploaded once as rows
/// `(1, n)`, evaluated chunk by chunk against columns `(m, 1)` of points; the chunks' results
/// stay on the device until one download at the end.
#[derive(Debug, Clone)]
pub struct TensorField<B: Backend> {
    cov: Covariance,
    c_o: f64,
    gi_res: f64,
    i_res: f64,
    /// Orientation coordinates and weights, rows `(1, n_o)`.
    orientations: [Tensor<B, 2>; 6],
    /// Reference and rest coordinates and the interface weights, rows `(1, n_r)`.
    interface: Option<[Tensor<B, 2>; 7]>,
    /// Points per chunk, so that an `(m, N)` temporary holds at most `chunk_size` entries.
    chunk: usize,
    device: B::Device,
}

impl<B: Backend> TensorField<B> {
    /// Uploads `s` with its `weights` (`weights.len()` = the system size) to `device`, to be
    /// evaluated in chunks of at most `chunk_size` entries per `(m, N)` temporary; `Err` if
    /// `B`'s float type is not `dtype`.
    pub fn new(
        s: &KrigingSystem,
        weights: &[f64],
        dtype: Dtype,
        chunk_size: usize,
        device: &B::Device,
    ) -> Result<Self, KernelError> {
        let available = Dtype::of_size(core::mem::size_of::<B::FloatElem>());
        if available != Some(dtype) {
            return Err(KernelError::Dtype {
                requested: dtype,
                available: available.map_or("an integer type", Dtype::name),
            });
        }
        let layout = s.layout();
        let no = layout.n_orientations;
        let coordinate = |points: &[Point], axis: usize| {
            column::<B>(points, axis, device).reshape([1, points.len()])
        };
        let p = &s.orientation_xyz;
        let orientations = [
            coordinate(p, 0),
            coordinate(p, 1),
            coordinate(p, 2),
            row::<B>(&weights[..no], device),
            row::<B>(&weights[no..2 * no], device),
            row::<B>(&weights[2 * no..3 * no], device),
        ];
        let interface = (layout.n_rest > 0).then(|| {
            let (q, r) = (&s.reference, &s.rest);
            let w = &weights[3 * no..3 * no + layout.n_rest];
            [
                coordinate(q, 0),
                coordinate(q, 1),
                coordinate(q, 2),
                coordinate(r, 0),
                coordinate(r, 1),
                coordinate(r, 2),
                row::<B>(w, device),
            ]
        });
        let n = layout.size().max(1);
        Ok(Self {
            cov: s.covariance,
            c_o: s.c_o,
            gi_res: s.gi_res,
            i_res: s.i_res,
            orientations,
            interface,
            chunk: (chunk_size / n).max(1),
            device: device.clone(),
        })
    }
}

impl<B: Backend> PreparedField for TensorField<B> {
    fn kernel_field(&self, xyz: &[Point], gradient: bool) -> FieldValues {
        if xyz.is_empty() {
            return FieldValues {
                scalar: Vec::new(),
                gradient: gradient.then(Vec::new),
            };
        }
        let mut z_chunks = Vec::new();
        let mut g_chunks: [Vec<Tensor<B, 2>>; 3] = Default::default();
        for chunk in xyz.chunks(self.chunk) {
            let (z, g) = self.chunk_field(chunk, gradient);
            z_chunks.push(z);
            if let Some(g) = g {
                for (all, g) in g_chunks.iter_mut().zip(g) {
                    all.push(g);
                }
            }
        }
        let scalar = to_vec(Tensor::cat(z_chunks, 0));
        let gradient = gradient.then(|| {
            let [gx, gy, gz] = g_chunks.map(|g| to_vec(Tensor::cat(g, 0)));
            (0..xyz.len()).map(|j| [gx[j], gy[j], gz[j]]).collect()
        });
        FieldValues { scalar, gradient }
    }
}

impl<B: Backend> TensorField<B> {
    /// `Z` `(m, 1)` and, when `gradient`, `G` as three `(m, 1)` columns, at one chunk.
    #[allow(clippy::type_complexity)]
    fn chunk_field(
        &self,
        xyz: &[Point],
        gradient: bool,
    ) -> (Tensor<B, 2>, Option<[Tensor<B, 2>; 3]>) {
        let cov = self.cov;
        let x = [0, 1, 2].map(|a| column::<B>(xyz, a, &self.device));
        let [px, py, pz, wx, wy, wz] = &self.orientations;
        let w_o = [wx, wy, wz];
        // Orientation terms, h = p_i − x, as (m, n_o).
        let h = minus(&[px, py, pz], &x);
        let rho = cov.rho(squared_norm(&h));
        let kp = cov.kp(rho.clone());
        let sw = h[0].clone() * w_o[0].clone()
            + h[1].clone() * w_o[1].clone()
            + h[2].clone() * w_o[2].clone();
        let mut z = (sw.clone() * kp.clone()).sum_dim(1) * (self.c_o * self.gi_res);
        let mut g = gradient.then(|| {
            let t = (cov.k2(rho.clone()) - kp.clone()) / (rho.clone() * rho + HESSIAN_EPSILON);
            let st = sw * t;
            [0, 1, 2].map(|b| {
                (-(h[b].clone() * st.clone()) - w_o[b].clone() * kp.clone()).sum_dim(1) * self.c_o
            })
        });
        if let Some([qx, qy, qz, rx, ry, rz, w_r]) = &self.interface {
            let (hq, hr) = (minus(&[qx, qy, qz], &x), minus(&[rx, ry, rz], &x));
            let rho_q = cov.rho(squared_norm(&hq));
            let rho_r = cov.rho(squared_norm(&hr));
            let dk = cov.k(rho_q.clone()) - cov.k(rho_r.clone());
            z = z + (dk * w_r.clone()).sum_dim(1) * (self.c_o * self.i_res);
            if let Some(g) = g.as_mut() {
                let (kp_q, kp_r) = (cov.kp(rho_q), cov.kp(rho_r));
                for b in 0..3 {
                    let term = hr[b].clone() * kp_r.clone() - hq[b].clone() * kp_q.clone();
                    g[b] =
                        g[b].clone() + (term * w_r.clone()).sum_dim(1) * (self.c_o * self.gi_res);
                }
            }
        }
        (z, g)
    }
}
