//! Analytic truths of the kernels, on random prisms and kernels.
//!
//! Every identity below holds exactly for the formulas; the computed values differ from it by
//! rounding, and for the TMI kernel also by gempy's `ε = 1e−12` guards. The tolerances are
//! bounds on those two effects computed from the corners of each prism
//! ([`tz_error_bound`], [`tmi_error_bound`]), so a property fails only on a wrong formula,
//! sign, corner order or constant.

use std::f64::consts::PI;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use strata_geophysics::{
    CenteredGrid, CenteredKernel, G, GravityKernel, Igrf, Prism, prism_tmi, prism_tz,
};

/// Unit roundoff of `f64`.
const EPS: f64 = f64::EPSILON / 2.0;
/// gempy's guard in the TMI formulas.
const GUARD: f64 = 1e-12;
/// A generous multiple of the unit roundoff per elementary quantity (a few operations each,
/// libm's functions within one ulp, the pairwise sum of 8 terms).
const ROUNDING: f64 = 64.0 * EPS;

/// The corners of `p` in any order, with `r = √(x² + y² + z²)`.
fn corners(p: &Prism) -> impl Iterator<Item = [f64; 4]> {
    let (min, max) = (p.min(), p.max());
    (0..8).map(move |q| {
        let x = [min[0], max[0]][q >> 2];
        let y = [min[1], max[1]][(q >> 1) & 1];
        let z = [min[2], max[2]][q & 1];
        [x, y, z, (x * x + y * y + z * z).sqrt()]
    })
}

/// `(|a| + r) / (a + r)`: how much `a + r` magnifies the rounding of `r` (large where
/// `a ≈ −r`, i.e. for corners close to the negative `a` half-axis).
fn magnification(a: f64, r: f64) -> f64 {
    (a.abs() + r) / (a + r)
}

/// A bound on the rounding error of [`prism_tz`]: `G · ROUNDING · Σ_q` of the magnitudes of
/// the terms, `|x|·(|ln(y + r)| + magnification(y, r))` and likewise for `y`, and
/// `|z|·(π/2 + 1)` for the arctangent.
fn tz_error_bound(p: &Prism) -> f64 {
    let magnitude: f64 = corners(p)
        .map(|[x, y, z, r]| {
            x.abs() * ((y + r).ln().abs() + magnification(y, r))
                + y.abs() * ((x + r).ln().abs() + magnification(x, r))
                + z.abs() * (PI / 2.0 + 1.0)
        })
        .sum();
    G * ROUNDING * magnitude
}

/// A bound on the rounding error of [`prism_tmi`] and on the effect of its `ε` guards, times
/// `F/(4π)` (every coefficient `l_a·l_b` and `2·l_a·l_b` is at most 1): per corner, rounding
/// of the three arctangents (`3π`) and of the three logarithms
/// (`|ln(R + a + ε)| + magnification(a, R)`), and the shifts `ε·|n|/(n² + d²)` of
/// `atan2(n, d + ε)` and `ε/(R + a)` of `ln(R + a + ε)`.
fn tmi_error_bound(p: &Prism, igrf: &Igrf) -> f64 {
    let per_corner = |[x, y, z, r]: [f64; 4]| {
        let atan_pairs = [(y * z, x * r), (x * z, y * r), (x * y, z * r)];
        let rounding = 3.0 * PI
            + [x, y, z]
                .iter()
                .map(|&a| (r + a + GUARD).ln().abs() + magnification(a, r))
                .sum::<f64>();
        let guard_shift = atan_pairs
            .iter()
            .map(|&(n, d)| n.abs() / (n * n + d * d))
            .sum::<f64>()
            + [x, y, z].iter().map(|&a| 1.0 / (r + a)).sum::<f64>();
        ROUNDING * rounding + GUARD * guard_shift
    };
    igrf.intensity() / (4.0 * PI) * corners(p).map(per_corner).sum::<f64>()
}

fn prism(min: [f64; 3], max: [f64; 3]) -> Prism {
    Prism::new(min, max).expect("ordered bounds")
}

/// A prism of sides 1 to 100 whose top is 1 to 100 below the observer, within 100 of its
/// vertical.
fn prism_below() -> impl Strategy<Value = Prism> {
    let corner = (-100.0..100.0, -100.0..100.0, 1.0..100.0);
    let sides = (1.0..100.0, 1.0..100.0, 1.0..100.0);
    (corner, sides).prop_map(
        |((x, y, depth), (wx, wy, t)): ((f64, f64, f64), (f64, f64, f64))| {
            prism([x, y, -depth - t], [x + wx, y + wy, -depth])
        },
    )
}

/// A prism of sides 1 to 2 whose centre is 50 to 500 below the observer and within 500 of
/// its vertical: at least 28 half-diagonals away.
fn small_far_prism() -> impl Strategy<Value = Prism> {
    let centre = (-500.0..500.0, -500.0..500.0, 50.0..500.0);
    let sides = (1.0..2.0, 1.0..2.0, 1.0..2.0);
    (centre, sides).prop_map(
        |((x, y, depth), (a, b, c)): ((f64, f64, f64), (f64, f64, f64))| {
            prism(
                [x - a / 2.0, y - b / 2.0, -depth - c / 2.0],
                [x + a / 2.0, y + b / 2.0, -depth + c / 2.0],
            )
        },
    )
}

/// The centre, volume, half-diagonal `ρ` and centre distance `d` of `p`.
fn centre_volume_radius_distance(p: &Prism) -> ([f64; 3], f64, f64, f64) {
    let (min, max) = (p.min(), p.max());
    let centre = [0, 1, 2].map(|a| (min[a] + max[a]) / 2.0);
    let side = [0, 1, 2].map(|a| max[a] - min[a]);
    let volume = side.iter().product();
    let radius = side.iter().map(|s| s * s / 4.0).sum::<f64>().sqrt();
    let distance = centre.iter().map(|c| c * c).sum::<f64>().sqrt();
    (centre, volume, radius, distance)
}

/// An inducing field with any inclination and declination.
fn igrf() -> impl Strategy<Value = Igrf> {
    (-90.0..=90.0, -180.0..180.0, 20_000.0..70_000.0)
        .prop_map(|(i, d, f)| Igrf::new(i, d, f).expect("valid field"))
}

/// `p` mirrored in the planes of the axes whose flag is set.
fn mirror(p: &Prism, flip: [bool; 3]) -> Prism {
    let (mut min, mut max) = (p.min(), p.max());
    for a in 0..3 {
        if flip[a] {
            (min[a], max[a]) = (-max[a], -min[a]);
        }
    }
    prism(min, max)
}

/// `p` turned by 90° about the vertical through the observer, `(x, y) → (−y, x)`.
fn quarter_turn(p: &Prism) -> Prism {
    let (min, max) = (p.min(), p.max());
    prism([-max[1], min[0], min[2]], [-min[1], max[0], max[2]])
}

/// `field` with its declination turned by `degrees`.
fn turn(field: &Igrf, degrees: f64) -> Igrf {
    Igrf::new(
        field.inclination(),
        field.declination() + degrees,
        field.intensity(),
    )
    .expect("valid field")
}

/// `p` cut in two across `axis` at `fraction` of its width.
fn split(p: &Prism, axis: usize, fraction: f64) -> (Prism, Prism) {
    let (min, max) = (p.min(), p.max());
    let cut = min[axis] + fraction * (max[axis] - min[axis]);
    let (mut first_max, mut second_min) = (max, min);
    first_max[axis] = cut;
    second_min[axis] = cut;
    (prism(min, first_max), prism(second_min, max))
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Mass below the observer pulls down (`tz < 0`), the same mass mirrored above pulls up
    /// by the same amount: `tz` is odd under `z → −z`.
    #[test]
    fn tz_is_odd_in_z(p in prism_below()) {
        let above = mirror(&p, [false, false, true]);
        let (below_tz, above_tz) = (prism_tz(&p), prism_tz(&above));
        prop_assert!(below_tz < 0.0 && above_tz > 0.0, "{below_tz} {above_tz}");
        let bound = tz_error_bound(&p) + tz_error_bound(&above);
        prop_assert!((below_tz + above_tz).abs() <= bound, "{below_tz} {above_tz} {bound}");
    }

    /// `tz` is even under `x → −x` and under `y → −y`.
    #[test]
    fn tz_is_even_in_x_and_y(p in prism_below(), flip_x in any::<bool>()) {
        let mirrored = mirror(&p, [flip_x, !flip_x, false]);
        let bound = tz_error_bound(&p) + tz_error_bound(&mirrored);
        prop_assert!((prism_tz(&p) - prism_tz(&mirrored)).abs() <= bound);
    }

    /// Turning the prism about the vertical through the observer leaves `tz` unchanged.
    #[test]
    fn tz_is_invariant_under_a_quarter_turn(p in prism_below()) {
        let turned = quarter_turn(&p);
        let bound = tz_error_bound(&p) + tz_error_bound(&turned);
        prop_assert!((prism_tz(&p) - prism_tz(&turned)).abs() <= bound);
    }

    /// Far away, a prism attracts as a point mass at its centre `c`:
    /// `tz ≈ G·vol·c_z/|c|³`. The prism is symmetric about its centre, so the error is the
    /// second-order Taylor term, at most `½ρ²·vol·max|∂³(1/r)| ≤ 3ρ²·vol/(d − ρ)⁴` times `G`.
    #[test]
    fn small_far_prism_is_a_point_mass(p in small_far_prism()) {
        let (centre, volume, radius, distance) = centre_volume_radius_distance(&p);
        let point_mass = G * volume * centre[2] / distance.powi(3);
        let taylor = G * 3.0 * radius * radius * volume / (distance - radius).powi(4);
        let (tz, bound) = (prism_tz(&p), taylor + tz_error_bound(&p));
        prop_assert!((tz - point_mass).abs() <= bound, "{tz} {point_mass} {bound}");
    }

    /// Gravity is additive: two halves of a prism attract as the whole.
    #[test]
    fn tz_is_additive(p in prism_below(), axis in 0usize..3, fraction in 0.1..0.9) {
        let (a, b) = split(&p, axis, fraction);
        let bound = tz_error_bound(&p) + tz_error_bound(&a) + tz_error_bound(&b);
        prop_assert!((prism_tz(&a) + prism_tz(&b) - prism_tz(&p)).abs() <= bound);
    }

    /// A flat square slab of half-width `L`, thickness `t` and top at depth `h` attracts as
    /// the Bouguer plate `−2πG t` less a fraction `δ` of it: a disc of radius `L` inside the
    /// square and one of radius `√2·L` around it bound `δ` between `h/√(h² + 2L²)` and
    /// `(h + t)/L`.
    #[test]
    fn wide_slab_is_a_bouguer_plate(h in 1.0..100.0f64, t in 1.0..100.0f64, ratio in 100.0..1e4f64) {
        let half_width = ratio * (h + t);
        let slab = prism([-half_width, -half_width, -h - t], [half_width, half_width, -h]);
        let plate = -2.0 * PI * G * t;
        let deficit = 1.0 - prism_tz(&slab) / plate;
        let rounding = tz_error_bound(&slab) / plate.abs();
        let lower = h / (h * h + 2.0 * half_width * half_width).sqrt();
        let upper = (h + t) / half_width;
        prop_assert!(deficit >= lower - rounding && deficit <= upper + rounding,
            "δ = {deficit} not in [{lower}, {upper}] ± {rounding}");
    }

    /// The voxels of one layer of a kernel that is much wider than deep tile a slab:
    /// `gravity()` of a unit density in that layer alone is its Bouguer value (as above).
    #[test]
    fn kernel_layer_is_a_bouguer_plate(
        n in 2usize..12, rz in 1usize..12, depth_radius in 1.0..100.0f64, ratio in 1e3..1e4f64,
        layer_choice in 0.0..1.0f64,
    ) {
        let radius = ratio * depth_radius;
        let kernel = CenteredKernel::new([radius, radius, depth_radius], [n, n, rz]).expect("valid kernel");
        let layer = ((rz + 1) as f64 * layer_choice) as usize;
        let prisms = kernel.prisms();
        let ids: Vec<i32> = (0..kernel.n_voxels()).map(|v| if v % (rz + 1) == layer { 1 } else { 2 }).collect();
        let gravity = GravityKernel::new(&kernel).expect("finite tz").gravity(&ids, &[1.0, 0.0]).expect("known ids")[0];

        let slab = prisms[layer];
        let corner = prisms[prisms.len() - (rz + 1) + layer];
        let (half_width, h, t) = (corner.max()[0], -slab.max()[2], slab.max()[2] - slab.min()[2]);
        let plate = -2.0 * PI * G * t;
        let deficit = 1.0 - gravity / plate;
        let rounding = prisms.iter().map(tz_error_bound).sum::<f64>() / plate.abs();
        let lower = h / (h * h + 2.0 * half_width * half_width).sqrt();
        let upper = (h + t) / half_width;
        prop_assert!(deficit >= lower - rounding && deficit <= upper + rounding,
            "δ = {deficit} not in [{lower}, {upper}] ± {rounding}");
    }

    /// Turning the declination by 180° reverses the horizontal field components, which is
    /// the same as mirroring the prism in `x` and `y`.
    #[test]
    fn tmi_half_turn_of_declination_mirrors_x_and_y(p in prism_below(), field in igrf()) {
        let turned = turn(&field, 180.0);
        let mirrored = mirror(&p, [true, true, false]);
        let bound = tmi_error_bound(&p, &field) + tmi_error_bound(&mirrored, &field);
        let (a, b) = (prism_tmi(&p, &turned), prism_tmi(&mirrored, &field));
        prop_assert!((a - b).abs() <= bound, "{a} {b} {bound}");
    }

    /// Negating the declination reverses the east component: the same as mirroring in `y`.
    #[test]
    fn tmi_negated_declination_mirrors_y(p in prism_below(), field in igrf()) {
        let negated = Igrf::new(field.inclination(), -field.declination(), field.intensity()).expect("valid field");
        let mirrored = mirror(&p, [false, true, false]);
        let bound = tmi_error_bound(&p, &field) + tmi_error_bound(&mirrored, &field);
        let (a, b) = (prism_tmi(&p, &negated), prism_tmi(&mirrored, &field));
        prop_assert!((a - b).abs() <= bound, "{a} {b} {bound}");
    }

    /// Turning the prism and the field together by 90° about the vertical through the
    /// observer leaves the TMI unchanged (this couples the `xz` and `yz` terms).
    #[test]
    fn tmi_is_invariant_under_a_joint_quarter_turn(p in prism_below(), field in igrf()) {
        let turned = quarter_turn(&p);
        let bound = tmi_error_bound(&p, &field) + tmi_error_bound(&turned, &field);
        let (a, b) = (prism_tmi(&p, &field), prism_tmi(&turned, &turn(&field, 90.0)));
        prop_assert!((a - b).abs() <= bound, "{a} {b} {bound}");
    }

    /// Outside the prism the potential is harmonic, so the tensor is trace-free: the kernels
    /// of fields along `x` (I = 0°, D = 0°), `y` (I = 0°, D = 90°) and `z` (I = 90°), which
    /// pick `V1`, `V4` and `V6`, sum to zero.
    #[test]
    fn axial_tmi_kernels_are_trace_free(p in prism_below(), intensity in 20_000.0..70_000.0) {
        let axial = [(0.0, 0.0), (0.0, 90.0), (90.0, 0.0)]
            .map(|(i, d)| Igrf::new(i, d, intensity).expect("valid field"));
        let trace: f64 = axial.iter().map(|field| prism_tmi(&p, field)).sum();
        let bound: f64 = axial.iter().map(|field| tmi_error_bound(&p, field)).sum();
        prop_assert!(trace.abs() <= bound, "{trace} {bound}");
    }

    /// Far away, a prism acts as a dipole at its centre `c`: with `H` the Hessian of `1/r` at
    /// `c`, `H_ab = (3c_a c_b − |c|² δ_ab)/|c|⁵`, gempy's kernel is `−(F/4π)·vol·lᵀHl` (the
    /// sign is gempy's mix of a `z`-up prism and a (north, east, down) field). This fixes the
    /// sign of each of the six terms. Error: the second-order Taylor term,
    /// `½ρ²·vol·max|∂⁴(1/r)| ≤ 12ρ²·vol/(d − ρ)⁵` times `F/4π`.
    #[test]
    fn small_far_prism_is_a_dipole(p in small_far_prism(), field in igrf()) {
        let (centre, volume, radius, distance) = centre_volume_radius_distance(&p);
        let l = field.field_direction();
        let hessian = |a: usize, b: usize| {
            let diagonal = if a == b { distance * distance } else { 0.0 };
            (3.0 * centre[a] * centre[b] - diagonal) / distance.powi(5)
        };
        let quadratic: f64 = (0..9).map(|ab| l[ab / 3] * l[ab % 3] * hessian(ab / 3, ab % 3)).sum();
        let scale = field.intensity() / (4.0 * PI);
        let dipole = -scale * volume * quadratic;
        let taylor = scale * 12.0 * radius * radius * volume / (distance - radius).powi(5);
        let (tmi, bound) = (prism_tmi(&p, &field), taylor + tmi_error_bound(&p, &field));
        prop_assert!((tmi - dipole).abs() <= bound, "{tmi} {dipole} {bound}");
    }

    /// The induced field is additive: two halves of a prism give the TMI of the whole.
    #[test]
    fn tmi_is_additive(p in prism_below(), field in igrf(), axis in 0usize..3, fraction in 0.1..0.9) {
        let (a, b) = split(&p, axis, fraction);
        let bound = tmi_error_bound(&p, &field) + tmi_error_bound(&a, &field) + tmi_error_bound(&b, &field);
        let (parts, whole) = (prism_tmi(&a, &field) + prism_tmi(&b, &field), prism_tmi(&p, &field));
        prop_assert!((parts - whole).abs() <= bound, "{parts} {whole} {bound}");
    }

    /// The kernel is exactly symmetric under `x → −x` and `y → −y`: voxel
    /// `(ix, iy, iz)` mirrors voxel `(Nx−1−ix, Ny−1−iy, iz)` with its half-widths swapped.
    #[test]
    fn kernel_is_mirror_symmetric(
        rx in 2usize..20, ry in 2usize..20, rz in 1usize..20,
        radius in (1e-3..1e4, 1e-3..1e4, 1e-3..1e4),
    ) {
        let kernel = CenteredKernel::new([radius.0, radius.1, radius.2], [rx, ry, rz]).expect("valid kernel");
        let (nx, ny, nz) = (rx / 2 * 2 + 1, ry / 2 * 2 + 1, rz + 1);
        prop_assert_eq!(kernel.n_voxels(), nx * ny * nz);
        let (c, l, r) = (kernel.centers(), kernel.left_half_widths(), kernel.right_half_widths());
        for v in 0..kernel.n_voxels() {
            let (iy, ix, iz) = (v / (nx * nz), v / nz % nx, v % nz);
            let m = ((ny - 1 - iy) * nx + (nx - 1 - ix)) * nz + iz;
            prop_assert_eq!([c[m][0], c[m][1], c[m][2]], [-c[v][0], -c[v][1], c[v][2]]);
            prop_assert_eq!([l[m][0], l[m][1]], [r[v][0], r[v][1]]);
            prop_assert_eq!(l[m][2], l[v][2]);
        }
    }
    /// The engine copy of a grid is the world grid in engine coordinates, `(p − center) / scale`,
    /// up to the rounding of rebuilding the kernel from `radius / scale` (a few ulps of each
    /// term).
    #[test]
    fn engine_points_are_transformed_world_points(
        devices in proptest::collection::vec((-1e4..1e4, -1e4..1e4, -1e3..1e4), 1..4),
        center in (-1e4..1e4, -1e4..1e4, -1e4..1e4),
        scale in 1e-2..1e4,
        radius in (1.0..1e3, 1.0..1e3, 1.0..1e3),
        resolution in (2usize..8, 2usize..8, 1usize..8),
    ) {
        let kernel = CenteredKernel::new([radius.0, radius.1, radius.2], [resolution.0, resolution.1, resolution.2]).expect("valid kernel");
        let centers: Vec<[f64; 3]> = devices.iter().map(|&(x, y, z)| [x, y, z]).collect();
        let world = CenteredGrid::new(centers, kernel).expect("valid grid");
        let center = [center.0, center.1, center.2];
        let engine = world.to_engine(center, scale).expect("valid transform");
        prop_assert_eq!(engine.n_points(), world.n_points());
        let n_voxels = world.kernel().n_voxels();
        for (row, (w, e)) in world.points().iter().zip(engine.points()).enumerate() {
            let (device, offset) = (world.centers()[row / n_voxels], world.kernel().centers()[row % n_voxels]);
            for a in 0..3 {
                let expected = (w[a] - center[a]) / scale;
                let bound = 8.0 * EPS * (device[a].abs() + center[a].abs() + offset[a].abs()) / scale;
                prop_assert!((e[a] - expected).abs() <= bound, "row {} axis {}: {} vs {}", row, a, e[a], expected);
            }
        }
    }
}
