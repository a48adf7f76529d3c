//! Gravity with respect to the unit densities on reference case p08 (a survey), against the
//! engine's forward gravity, exact differences (gravity is linear in the densities) and the
//! dot-product test; the dip/azimuth chain rule against central differences.

use strata_data::Transform;
use strata_engine::{Cpu, KernelCache, Kernels, compute_model, forward_geophysics};
use strata_gradient::GravityDensities;
use strata_gradient::angles::{angles_vjp, engine_gradient};
use strata_test_support::reference_input;

#[test]
fn gravity_and_its_density_vjp_on_p08() {
    let input = reference_input("p08_model1_geophysics");
    let solution = compute_model(&input, &Kernels::<Cpu>::default()).unwrap();
    let mut cache = KernelCache::default();
    let engine = forward_geophysics(&input, &solution, &mut cache)
        .unwrap()
        .unwrap();
    let densities = input
        .extra_grids()
        .geophysics
        .as_ref()
        .and_then(|g| g.densities.clone())
        .unwrap();
    let gravity = GravityDensities::new(&input, &solution, &mut cache, densities.len())
        .unwrap()
        .unwrap();
    let g = gravity.gravity(&densities).unwrap();
    assert_eq!(
        Some(&g),
        engine.gravity.as_ref(),
        "the engine's forward gravity"
    );
    let bar: Vec<f64> = (0..g.len()).map(|d| (d as f64 * 0.7).cos()).collect();
    let rho_bar = gravity.vjp(&bar).unwrap();
    // Linear: g(ρ + e_u) − g(ρ) is column u of the Jacobian up to rounding.
    for u in 0..densities.len() {
        let mut moved = densities.clone();
        moved[u] += 1.0;
        let column: f64 = gravity
            .gravity(&moved)
            .unwrap()
            .iter()
            .zip(&g)
            .zip(&bar)
            .map(|((a, b), y)| (a - b) * y)
            .sum();
        let scale = rho_bar.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(
            (rho_bar[u] - column).abs() <= 1e-9 * scale,
            "unit {u}: {} vs {column}",
            rho_bar[u]
        );
    }
    // The dot product test: ⟨ρ̄, ρ⟩ = ⟨ȳ, g(ρ)⟩ (g is linear and homogeneous).
    let left: f64 = rho_bar.iter().zip(&densities).map(|(a, b)| a * b).sum();
    let right: f64 = bar.iter().zip(&g).map(|(a, b)| a * b).sum();
    assert!((left - right).abs() <= 1e-10 * right.abs());
    assert!(gravity.vjp(&bar[1..]).is_err(), "a cotangent per device");
}

#[test]
fn ids_without_a_density_are_refused() {
    assert!(GravityDensities::from_parts(vec![1.0, 2.0], vec![1, 3], 2).is_err());
    assert!(GravityDensities::from_parts(vec![1.0, 2.0], vec![1, 2, 1], 2).is_err());
}

#[test]
fn dip_and_azimuth_cotangents_match_central_differences() {
    let h = 1e-5;
    for transform in [
        Transform::new([0.0; 3], 1000.0).unwrap(),
        Transform::with_axis_scales([10.0, 20.0, 0.0], [1000.0, 2500.0, 400.0]).unwrap(),
    ] {
        for (dip, azimuth, polarity) in [(30.0, 120.0, 1.0), (75.0, 10.0, -1.0), (5.0, 250.0, 1.0)]
        {
            let bar = [0.3, -0.7, 0.45];
            let f = |d: f64, a: f64| {
                let g = engine_gradient(&transform, d, a, polarity);
                bar[0] * g[0] + bar[1] * g[1] + bar[2] * g[2]
            };
            let fd = [
                (f(dip + h, azimuth) - f(dip - h, azimuth)) / (2.0 * h),
                (f(dip, azimuth + h) - f(dip, azimuth - h)) / (2.0 * h),
            ];
            let got = angles_vjp(&transform, dip, azimuth, polarity, bar);
            for (g, e) in got.iter().zip(fd) {
                assert!(
                    (g - e).abs() <= 1e-6 * e.abs().max(1e-3),
                    "{got:?} vs {fd:?}"
                );
            }
        }
    }
}
