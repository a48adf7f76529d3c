//! Random co-kriging systems shared by the integration tests.

/// splitmix64 stream of uniforms in `[0, 1)`.
pub struct Rng(pub u64);

impl Rng {
    pub fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Random co-kriging system: `C = G Gᵀ / n_c + δ I` (SPD) and a drift
/// `U = [1, x, y, z][.., ..n_d]` on random points, row-major, plus a random `b`.
pub fn random_system(n_c: usize, n_d: usize, nugget: f64, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = Rng(seed);
    let n = n_c + n_d;
    let g: Vec<f64> = (0..n_c * n_c).map(|_| 2.0 * rng.uniform() - 1.0).collect();
    let points: Vec<[f64; 3]> = (0..n_c)
        .map(|_| [rng.uniform(), rng.uniform(), rng.uniform()])
        .collect();
    let drift = |i: usize, k: usize| if k == 0 { 1.0 } else { points[i][k - 1] };
    let mut a = vec![0.0; n * n];
    for i in 0..n_c {
        for j in 0..n_c {
            let gg: f64 = (0..n_c).map(|k| g[i * n_c + k] * g[j * n_c + k]).sum();
            a[i * n + j] = gg / n_c as f64 + if i == j { nugget } else { 0.0 };
        }
        for k in 0..n_d {
            a[i * n + n_c + k] = drift(i, k);
            a[(n_c + k) * n + i] = drift(i, k);
        }
    }
    let b = (0..n).map(|_| 2.0 * rng.uniform() - 1.0).collect();
    (a, b)
}
