//! Soft segmentation of a scalar field into unit ids (ENGINE_MATH.md §6).
//!
//! With ids `u_0..u_S` of a stack (one per surface, plus the unit below its last surface) and
//! iso-values `e_0..e_{S−1}`, let `v = reverse(u)`, `τ_j = |v_{j+1} − v_j| / m` and
//! `σ(x) = 1/(1 + exp(clip(−x, −50, 50)))`. Then
//!
//! ```text
//! value(Z) = v_0 σ((e_0 − Z)/τ_0) + Σ_{j<S−1} v_{j+1} [σ((Z − e_j)/τ_j) − σ((Z − e_{j+1})/τ_{j+1})]
//!          + v_S σ((Z − e_{S−1})/τ_{S−1})
//! ```
//!
//! which for consecutive ids and the default slope `m = 5·10⁶` is the step function
//! `u_0 + #{j : e_j > Z}`: above every surface the stack's first id, below every surface the id
//! of the unit beneath.
//!
//! A finite fault has a slope per point, `m(x)` (see `strata_faults::ellipsoid_slope`), and
//! gempy_engine then uses a two-bin form: `value = v_0 σ((Z − e_0)·m) + v_1 σ((Z − e_{S−1})·m)`
//! (both terms with the same sign, as implemented there).

/// `1/(1 + exp(clip(−(z − edge)/τ, −50, 50)))`, gempy_engine's clipped logistic.
fn sigmoid(z: f64, edge: f64, tau: f64) -> f64 {
    let x = (-(z - edge) / tau).clamp(-50.0, 50.0);
    1.0 / (1.0 + x.exp())
}

/// The soft id of every value of `z` (see the module formula). `ids.len() == iso.len() + 1`.
pub fn soft_segment(z: &[f64], iso: &[f64], ids: &[f64], slope: f64) -> Vec<f64> {
    let v: Vec<f64> = ids.iter().rev().copied().collect();
    let tau: Vec<f64> = v.windows(2).map(|w| (w[1] - w[0]).abs() / slope).collect();
    let s = iso.len();
    z.iter()
        .map(|&z| {
            let first = sigmoid(-z, -iso[0], tau[0]);
            let last = sigmoid(z, iso[s - 1], tau[s - 1]);
            let middle: f64 = (0..s - 1)
                .map(|j| {
                    v[j + 1] * (sigmoid(z, iso[j], tau[j]) - sigmoid(z, iso[j + 1], tau[j + 1]))
                })
                .sum();
            v[0] * first + middle + v[s] * last
        })
        .collect()
}

/// The two-bin segmentation of a finite fault with a slope `slopes[j]` per point.
pub fn soft_segment_with_slopes(z: &[f64], iso: &[f64], ids: &[f64], slopes: &[f64]) -> Vec<f64> {
    let (v0, v1) = (ids[ids.len() - 1], ids[ids.len() - 2]);
    let (first, last) = (iso[0], iso[iso.len() - 1]);
    z.iter()
        .zip(slopes)
        .map(|(&z, &m)| v0 * sigmoid(z, first, 1.0 / m) + v1 * sigmoid(z, last, 1.0 / m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_function_for_consecutive_ids() {
        // e = (0.25, −0.25), ids (2, 3, 4): above → 2, between → 3, below → 4.
        let z = [1.0, 0.0, -1.0];
        let v = soft_segment(&z, &[0.25, -0.25], &[2.0, 3.0, 4.0], 5e6);
        for (got, want) in v.iter().zip([2.0, 3.0, 4.0]) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
    }

    #[test]
    fn any_iso_value_order_counts_the_surfaces_above() {
        // value = u_0 + #{j : e_j > Z} for consecutive ids, whatever the order of e.
        let ids = [1.0, 2.0, 3.0, 4.0];
        for iso in [[1.0, 0.0, -1.0], [0.0, 1.0, -1.0]] {
            for z in [-2.0, -0.5, 0.5, 2.0] {
                let want = 1.0 + iso.iter().filter(|&&e| e > z).count() as f64;
                let got = soft_segment(&[z], &iso, &ids, 5e6)[0];
                assert!(
                    (got - want).abs() < 1e-12,
                    "iso {iso:?} z {z}: {got} vs {want}"
                );
            }
        }
    }
}
