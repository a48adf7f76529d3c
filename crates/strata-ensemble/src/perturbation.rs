//! How a realization moves the data: surface-point elevations by a normal deviate of standard
//! deviation `σ_z` (world units, per surface or for all), orientation dips and azimuths by
//! `σ_dip` and `σ_azimuth` (degrees).

use strata_data::{EngineInput, Orientations, Point, SurfacePoints, Transform};

use crate::EnsembleError;
use crate::philox::NormalStream;

/// The standard deviations of an ensemble's perturbations (all zero by default).
///
/// ```
/// use strata_ensemble::Perturbation;
/// let p = Perturbation::default()
///     .with_sigma_z(10.0)
///     .with_surface_sigma_z("rock2", 25.0)
///     .with_sigma_dip(5.0);
/// assert_eq!(p.sigma_z, 10.0);
/// assert_eq!(p.surface_sigma_z, [("rock2".to_string(), 25.0)]);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Perturbation {
    /// σ of every surface point's elevation, world units.
    pub sigma_z: f64,
    /// σ of the elevations of a named surface's points, world units, in place of
    /// [`sigma_z`](Self::sigma_z).
    pub surface_sigma_z: Vec<(String, f64)>,
    /// σ of every orientation's dip, degrees.
    pub sigma_dip: f64,
    /// σ of every orientation's azimuth, degrees.
    pub sigma_azimuth: f64,
}

impl Perturbation {
    /// This perturbation with σ_z for every surface without its own.
    pub fn with_sigma_z(self, sigma_z: f64) -> Self {
        Self { sigma_z, ..self }
    }

    /// This perturbation with σ_z of `surface`'s points (replacing an earlier one).
    pub fn with_surface_sigma_z(mut self, surface: impl Into<String>, sigma_z: f64) -> Self {
        let surface = surface.into();
        self.surface_sigma_z.retain(|(s, _)| *s != surface);
        self.surface_sigma_z.push((surface, sigma_z));
        self
    }

    /// This perturbation with σ_dip.
    pub fn with_sigma_dip(self, sigma_dip: f64) -> Self {
        Self { sigma_dip, ..self }
    }

    /// This perturbation with σ_azimuth.
    pub fn with_sigma_azimuth(self, sigma_azimuth: f64) -> Self {
        Self {
            sigma_azimuth,
            ..self
        }
    }
}

/// A [`Perturbation`] checked against a model: σ_z of every surface point in engine units.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PointSigmas {
    /// σ of each surface point's engine `z`.
    z: Vec<f64>,
    sigma_dip: f64,
    sigma_azimuth: f64,
}

impl PointSigmas {
    /// Checks every σ (finite, ≥ 0) and every surface name against `input`.
    pub(crate) fn new(input: &EngineInput, p: &Perturbation) -> Result<Self, EnsembleError> {
        let sigmas = std::iter::once(("sigma_z", p.sigma_z))
            .chain(p.surface_sigma_z.iter().map(|(_, s)| ("sigma_z", *s)))
            .chain([
                ("sigma_dip", p.sigma_dip),
                ("sigma_azimuth", p.sigma_azimuth),
            ]);
        for (name, value) in sigmas {
            if !(value.is_finite() && value >= 0.0) {
                return Err(EnsembleError::Sigma { name, value });
            }
        }
        let surfaces = input.structure().surfaces();
        let mut per_surface = vec![p.sigma_z; surfaces.len()];
        for (name, sigma) in &p.surface_sigma_z {
            let k = surfaces
                .iter()
                .position(|s| s.name == *name)
                .ok_or_else(|| EnsembleError::UnknownSurface {
                    surface: name.clone(),
                    known: surfaces.iter().map(|s| s.name.clone()).collect(),
                })?;
            per_surface[k] = *sigma;
        }
        let scale_z = input.transform().axis_scales()[2];
        let z = surfaces
            .iter()
            .zip(&per_surface)
            .flat_map(|(s, sigma)| std::iter::repeat_n(sigma / scale_z, s.n_points))
            .collect();
        Ok(Self {
            z,
            sigma_dip: p.sigma_dip,
            sigma_azimuth: p.sigma_azimuth,
        })
    }

    /// Realization `i` of `input` under generator `seed`. Deviate `j` of stream `i` moves
    /// surface point `j` (`j < n_points`); deviates `n_points + 2o` and `n_points + 2o + 1` move
    /// orientation `o`'s dip and azimuth. Nothing else changes.
    pub(crate) fn realization(
        &self,
        input: &EngineInput,
        seed: u64,
        i: u64,
    ) -> Result<EngineInput, EnsembleError> {
        let stream = NormalStream::new(seed, i);
        let points = input.surface_points();
        let xyz = points
            .xyz()
            .iter()
            .zip(&self.z)
            .enumerate()
            .map(|(j, (p, sigma))| [p[0], p[1], p[2] + sigma * stream.normal(j as u64)])
            .collect();
        let first = points.len() as u64;
        let orientations = input.orientations();
        let gradients = orientations
            .gradient()
            .iter()
            .enumerate()
            .map(|(o, g)| {
                let j = first + 2 * o as u64;
                let ddip = self.sigma_dip * stream.normal(j);
                let dazimuth = self.sigma_azimuth * stream.normal(j + 1);
                turn(input.transform(), *g, ddip, dazimuth)
            })
            .collect();
        let mut realization = input.clone();
        let moved = |realization: &mut EngineInput| {
            realization.set_surface_points(SurfacePoints::new(xyz, points.nugget().to_vec())?)?;
            realization.set_orientations(Orientations::new(
                orientations.xyz().to_vec(),
                gradients,
                orientations.nugget().to_vec(),
            )?)
        };
        moved(&mut realization).map_err(|source| EnsembleError::Realization {
            realization: i,
            source,
        })?;
        Ok(realization)
    }
}

/// The engine gradient `g` with its world dip and azimuth turned by `ddip` and `dazimuth`
/// degrees, its length kept. In world coordinates (GemPy's convention, polarity 1)
///
/// ```text
/// dip = acos(g_z / |g|),  azimuth = atan2(g_x, g_y)
/// g' = |g| (sin dip' sin az',  sin dip' cos az',  cos dip')
/// ```
///
/// (GemPy's formula); a dip pushed past 0° or 180° gives the mirrored plane, as GemPy reads it.
fn turn(transform: &Transform, g: Point, ddip: f64, dazimuth: f64) -> Point {
    if ddip == 0.0 && dazimuth == 0.0 {
        return g;
    }
    let w = transform.gradient_to_world(g);
    let length = (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]).sqrt();
    let dip = (w[2] / length).clamp(-1.0, 1.0).acos() + ddip.to_radians();
    let azimuth = w[0].atan2(w[1]) + dazimuth.to_radians();
    let turned = [
        length * dip.sin() * azimuth.sin(),
        length * dip.sin() * azimuth.cos(),
        length * dip.cos(),
    ];
    transform.gradient_to_engine(turned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turning_by_nothing_keeps_the_gradient_and_a_turn_keeps_its_length() {
        let t = Transform::with_axis_scales([0.0; 3], [2.0, 4.0, 1.0]).unwrap();
        let g = [0.3, -0.2, 0.9];
        assert_eq!(turn(&t, g, 0.0, 0.0), g);
        let length = |v: Point| (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
        let turned = turn(&t, g, 10.0, -20.0);
        assert!((length(turned) - length(g)).abs() < 1e-14);
        // Turning back undoes it (dip first changes the azimuth only through rounding).
        let iso = Transform::default();
        let back = turn(&iso, turn(&iso, g, 10.0, -20.0), -10.0, 20.0);
        for a in 0..3 {
            assert!((back[a] - g[a]).abs() < 1e-14, "{back:?}");
        }
    }

    #[test]
    fn a_dip_of_ninety_degrees_turns_a_horizontal_layer_vertical() {
        // Pole straight up (dip 0); +90° of dip at azimuth 90° points the pole east.
        let g = turn(&Transform::default(), [0.0, 1e-300, 1.0], 90.0, 0.0);
        assert!((g[0] - 0.0).abs() < 1e-12 && (g[1] - 1.0).abs() < 1e-12 && g[2].abs() < 1e-12);
        let east = turn(&Transform::default(), [0.0, 1e-300, 1.0], 90.0, 90.0);
        assert!(
            (east[0] - 1.0).abs() < 1e-12 && east[1].abs() < 1e-12,
            "{east:?}"
        );
    }
}
