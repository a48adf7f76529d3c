//! Soft segmentation of a scalar field into unit ids (docs/math.md §6).
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

use thiserror::Error;

/// The iso-values, ids or slopes handed to a segmentation do not fit together.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum SegmentationError {
    /// A stack needs at least one surface, so at least one iso-value.
    #[error("no iso-value: a stack needs at least one surface")]
    NoSurface,
    /// There must be one id per surface plus one (the unit below the last surface).
    #[error("{ids} unit ids for {surfaces} surfaces: expected one per surface plus one")]
    Ids {
        /// Ids given.
        ids: usize,
        /// Iso-values given.
        surfaces: usize,
    },
    /// The sigmoid slope (one, or one per point) must be finite and positive.
    #[error("sigmoid slope {value} at point #{point}: must be finite and > 0")]
    Slope {
        /// The point (0 for a single slope).
        point: usize,
        /// The slope.
        value: f64,
    },
    /// A vector–Jacobian product needs one cotangent per point.
    #[error("{cotangents} cotangents for {points} points")]
    Cotangent {
        /// Cotangents given.
        cotangents: usize,
        /// Points given.
        points: usize,
    },
    /// A finite fault needs one slope per point.
    #[error("{slopes} slopes for {points} points")]
    Slopes {
        /// Slopes given.
        slopes: usize,
        /// Points given.
        points: usize,
    },
}

/// Checks that `ids` has one entry per iso-value plus one, and that there is an iso-value.
fn check_ids(iso: &[f64], ids: &[f64]) -> Result<(), SegmentationError> {
    if iso.is_empty() {
        return Err(SegmentationError::NoSurface);
    }
    if ids.len() != iso.len() + 1 {
        return Err(SegmentationError::Ids {
            ids: ids.len(),
            surfaces: iso.len(),
        });
    }
    Ok(())
}

/// The first slope that is not finite and positive, as an error.
fn check_slopes(slopes: &[f64]) -> Result<(), SegmentationError> {
    match slopes.iter().position(|m| !(m.is_finite() && *m > 0.0)) {
        Some(point) => Err(SegmentationError::Slope {
            point,
            value: slopes[point],
        }),
        None => Ok(()),
    }
}

/// `1/(1 + exp(clip(−(z − edge)/τ, −50, 50)))`, gempy_engine's clipped logistic.
fn sigmoid(z: f64, edge: f64, tau: f64) -> f64 {
    let x = (-(z - edge) / tau).clamp(-50.0, 50.0);
    1.0 / (1.0 + x.exp())
}

/// The soft id of every value of `z` (see the module formula), for `S ≥ 1` iso-values, `S + 1`
/// ids and a finite positive slope `m`.
pub fn soft_segment(
    z: &[f64],
    iso: &[f64],
    ids: &[f64],
    slope: f64,
) -> Result<Vec<f64>, SegmentationError> {
    check_ids(iso, ids)?;
    check_slopes(&[slope])?;
    let v: Vec<f64> = ids.iter().rev().copied().collect();
    let tau: Vec<f64> = v.windows(2).map(|w| (w[1] - w[0]).abs() / slope).collect();
    let s = iso.len();
    Ok(z.iter()
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
        .collect())
}

/// `dσ/dz` of [`sigmoid`]`(z, edge, τ)`: `σ(1 − σ)/τ` inside the clip, 0 where
/// `|z − edge|/τ ≥ 50` (the clipped logistic is flat there).
fn sigmoid_slope(z: f64, edge: f64, tau: f64) -> f64 {
    let t = (z - edge) / tau;
    if t.abs() >= 50.0 {
        return 0.0;
    }
    let s = sigmoid(z, edge, tau);
    s * (1.0 - s) / tau
}

/// The vector–Jacobian product of [`soft_segment`] (docs/math.md §16.4): with
/// `value(Z) = v_0 + Σ_j (v_{j+1} − v_j) σ((Z − e_j)/τ_j)`, the cotangent `ȳ` of the values
/// gives `Z̄ = ȳ ∂value/∂Z` per point and `ē_j = −Σ_points ȳ (v_{j+1} − v_j) σ′_j`, returned
/// as `(Z̄, ē)`. The slope `m` scales both by up to `m/4`: with the default `5·10⁶` they are 0
/// except within `10·τ` of an iso-value, where they are huge; inversions want a gentle slope.
///
/// ```
/// use strata_engine::segmentation::{soft_segment, soft_segment_vjp};
///
/// let (iso, ids, m) = ([0.1], [1.0, 2.0], 20.0);
/// let (z_bar, iso_bar) = soft_segment_vjp(&[0.05], &iso, &ids, m, &[1.0])?;
/// let h = 1e-6;
/// let f = |z: f64| soft_segment(&[z], &iso, &ids, m).unwrap()[0];
/// let fd = (f(0.05 + h) - f(0.05 - h)) / (2.0 * h);
/// assert!((z_bar[0] - fd).abs() < 1e-8 * fd.abs());
/// assert!((iso_bar[0] + fd).abs() < 1e-8 * fd.abs()); // the value depends on Z − e only
/// # Ok::<(), strata_engine::segmentation::SegmentationError>(())
/// ```
pub fn soft_segment_vjp(
    z: &[f64],
    iso: &[f64],
    ids: &[f64],
    slope: f64,
    cotangent: &[f64],
) -> Result<(Vec<f64>, Vec<f64>), SegmentationError> {
    check_ids(iso, ids)?;
    check_slopes(&[slope])?;
    if cotangent.len() != z.len() {
        return Err(SegmentationError::Cotangent {
            cotangents: cotangent.len(),
            points: z.len(),
        });
    }
    let v: Vec<f64> = ids.iter().rev().copied().collect();
    let steps: Vec<(f64, f64)> = v
        .windows(2)
        .map(|w| (w[1] - w[0], (w[1] - w[0]).abs() / slope))
        .collect();
    let mut iso_bar = vec![0.0; iso.len()];
    let z_bar = z
        .iter()
        .zip(cotangent)
        .map(|(&z, &y)| {
            let mut dz = 0.0;
            for (j, &(step, tau)) in steps.iter().enumerate() {
                if step == 0.0 {
                    continue;
                }
                let d = y * step * sigmoid_slope(z, iso[j], tau);
                dz += d;
                iso_bar[j] -= d;
            }
            dz
        })
        .collect();
    Ok((z_bar, iso_bar))
}

/// The two-bin segmentation of a finite fault with a finite positive slope `slopes[j]` per
/// point.
pub fn soft_segment_with_slopes(
    z: &[f64],
    iso: &[f64],
    ids: &[f64],
    slopes: &[f64],
) -> Result<Vec<f64>, SegmentationError> {
    check_ids(iso, ids)?;
    if slopes.len() != z.len() {
        return Err(SegmentationError::Slopes {
            slopes: slopes.len(),
            points: z.len(),
        });
    }
    check_slopes(slopes)?;
    let (v0, v1) = (ids[ids.len() - 1], ids[ids.len() - 2]);
    let (first, last) = (iso[0], iso[iso.len() - 1]);
    Ok(z.iter()
        .zip(slopes)
        .map(|(&z, &m)| v0 * sigmoid(z, first, 1.0 / m) + v1 * sigmoid(z, last, 1.0 / m))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inconsistent_input_is_an_error_not_a_panic() {
        assert_eq!(
            soft_segment(&[0.0], &[], &[1.0], 5e6),
            Err(SegmentationError::NoSurface)
        );
        assert_eq!(
            soft_segment(&[0.0], &[0.5], &[1.0], 5e6),
            Err(SegmentationError::Ids {
                ids: 1,
                surfaces: 1
            })
        );
        assert!(soft_segment(&[0.0], &[0.5], &[1.0, 2.0], f64::NAN).is_err());
        assert!(soft_segment(&[0.0], &[0.5], &[1.0, 2.0], -1.0).is_err());
        assert_eq!(
            soft_segment_with_slopes(&[0.0, 1.0], &[0.5], &[1.0, 2.0], &[1.0]),
            Err(SegmentationError::Slopes {
                slopes: 1,
                points: 2
            })
        );
        assert!(soft_segment_with_slopes(&[0.0], &[0.5], &[1.0, 2.0], &[0.0]).is_err());
    }

    #[test]
    fn step_function_for_consecutive_ids() {
        // e = (0.25, −0.25), ids (2, 3, 4): above → 2, between → 3, below → 4.
        let z = [1.0, 0.0, -1.0];
        let v = soft_segment(&z, &[0.25, -0.25], &[2.0, 3.0, 4.0], 5e6).unwrap();
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
                let got = soft_segment(&[z], &iso, &ids, 5e6).unwrap()[0];
                assert!(
                    (got - want).abs() < 1e-12,
                    "iso {iso:?} z {z}: {got} vs {want}"
                );
            }
        }
    }
}
