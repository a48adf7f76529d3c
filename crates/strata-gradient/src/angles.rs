//! Dips and azimuths: the chain rule from an orientation's engine gradient back to its angles
//! (docs/math.md §16.6), polarity fixed.
//!
//! GemPy's pole of dip `δ` and azimuth `α` (degrees) with polarity `p` is
//! `g = p·(sin δ sin α, sin δ cos α, cos δ)` in world coordinates, turned into engine
//! coordinates at its own length (§1.6): `g′ = S g·|g|/|S g|`, `S = diag(s)`. For the engine
//! gradient's cotangent `ḡ′`,
//!
//! ```text
//! ḡ = S ḡ′ |g|/|u| + g (u·ḡ′)/(|g||u|) − S u |g| (u·ḡ′)/|u|³,    u = S g
//! δ̄ = ḡ · ∂g/∂δ · π/180,   ᾱ = ḡ · ∂g/∂α · π/180
//! ```

use strata_data::{Point, Transform};

use crate::vector::{dot, norm};

/// GemPy's pole vector `p·(sin δ sin α, sin δ cos α, cos δ)` of dip `δ` and azimuth `α` in
/// degrees with polarity `p` (world coordinates).
pub fn pole(dip: f64, azimuth: f64, polarity: f64) -> Point {
    let (d, a) = (dip.to_radians(), azimuth.to_radians());
    [
        d.sin() * a.sin() * polarity,
        d.sin() * a.cos() * polarity,
        d.cos() * polarity,
    ]
}

/// The orientation's engine gradient: its [`pole`] turned by `transform`
/// ([`Transform::gradient_to_engine`]).
pub fn engine_gradient(transform: &Transform, dip: f64, azimuth: f64, polarity: f64) -> Point {
    transform.gradient_to_engine(pole(dip, azimuth, polarity))
}

/// `(δ̄, ᾱ)` per degree: the cotangents of the dip and azimuth of an orientation whose engine
/// gradient ([`engine_gradient`]) has the cotangent `cotangent` (module formula).
///
/// ```
/// use strata_data::Transform;
/// use strata_gradient::angles::{angles_vjp, engine_gradient};
///
/// let t = Transform::with_axis_scales([0.0; 3], [1000.0, 2000.0, 500.0])?;
/// let (dip, az, h) = (30.0, 120.0, 1e-6);
/// let bar = angles_vjp(&t, dip, az, 1.0, [0.3, -0.2, 0.5]);
/// let f = |d: f64, a: f64| {
///     let g = engine_gradient(&t, d, a, 1.0);
///     0.3 * g[0] - 0.2 * g[1] + 0.5 * g[2]
/// };
/// let fd = (f(dip + h, az) - f(dip - h, az)) / (2.0 * h);
/// assert!((bar[0] - fd).abs() < 1e-8);
/// # Ok::<(), strata_data::DataError>(())
/// ```
pub fn angles_vjp(
    transform: &Transform,
    dip: f64,
    azimuth: f64,
    polarity: f64,
    cotangent: Point,
) -> [f64; 2] {
    let g = pole(dip, azimuth, polarity);
    let world = if transform.is_isotropic() {
        cotangent
    } else {
        let s = transform.axis_scales();
        let u = [0, 1, 2].map(|a| s[a] * g[a]);
        let (ng, nu) = (norm(g), norm(u));
        let ue = dot(u, cotangent);
        [0, 1, 2].map(|a| {
            s[a] * cotangent[a] * ng / nu + g[a] * ue / (ng * nu)
                - s[a] * u[a] * ng * ue / nu.powi(3)
        })
    };
    let (d, a) = (dip.to_radians(), azimuth.to_radians());
    let d_dip = [
        d.cos() * a.sin() * polarity,
        d.cos() * a.cos() * polarity,
        -d.sin() * polarity,
    ];
    let d_azimuth = [
        d.sin() * a.cos() * polarity,
        -d.sin() * a.sin() * polarity,
        0.0,
    ];
    let per_degree = 1f64.to_radians();
    [
        dot(world, d_dip) * per_degree,
        dot(world, d_azimuth) * per_degree,
    ]
}
