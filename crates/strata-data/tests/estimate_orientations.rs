//! Orientations estimated from picks of known surfaces: the planes' normals against the
//! analytic ones, the polarity against the stack's order, the thinning's count and the
//! degenerate neighbourhoods.

use strata_data::{EstimateError, Point, estimate_orientations};

/// A deterministic uniform generator in `[0, 1)` (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn unit(v: Point) -> Point {
    let n = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    v.map(|c| c / n)
}

/// The angle between two vectors, degrees.
fn angle(a: Point, b: Point) -> f64 {
    let (a, b) = (unit(a), unit(b));
    let cos = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    cos.clamp(-1.0, 1.0).acos().to_degrees()
}

/// `n` picks of `z = f(x, y)` over `[0, 10)²`, with uniform noise of half-width `noise` in z.
fn picks(rng: &mut Rng, n: usize, noise: f64, f: impl Fn(f64, f64) -> f64) -> Vec<Point> {
    (0..n)
        .map(|_| {
            let (x, y) = (10.0 * rng.next(), 10.0 * rng.next());
            [x, y, f(x, y) + noise * (2.0 * rng.next() - 1.0)]
        })
        .collect()
}

#[test]
fn tilted_planes_give_their_normal_pointing_to_the_younger_one() {
    let mut rng = Rng(1);
    // z = 0.2 x − 0.1 y + c: the upward normal is (−0.2, 0.1, 1).
    let top = picks(&mut rng, 3000, 0.002, |x, y| 0.2 * x - 0.1 * y + 4.0);
    let base = picks(&mut rng, 3000, 0.002, |x, y| 0.2 * x - 0.1 * y + 1.0);
    let normal = [-0.2, 0.1, 1.0];
    let estimate = estimate_orientations(&[vec![&top[..], &base[..]]], 12).unwrap();
    assert_eq!(estimate.fitted, 6000);
    assert_eq!(
        (estimate.collinear, estimate.not_planar, estimate.undecided),
        (0, 0, 0)
    );
    assert!(estimate.orientations.len() > 100);
    let mut worst: f64 = 0.0;
    for o in &estimate.orientations {
        worst = worst.max(angle(o.gradient, normal));
        let points = if o.surface == 0 { &top } else { &base };
        assert_eq!(o.xyz, points[o.point]);
    }
    assert!(worst < 1.0, "worst angle {worst}°");

    // Listed the other way round, the lower surface is the younger: every normal points down.
    let flipped = estimate_orientations(&[vec![&base[..], &top[..]]], 12).unwrap();
    assert_eq!(flipped.orientations.len(), estimate.orientations.len());
    for o in &flipped.orientations {
        assert!(angle(o.gradient, normal.map(|c| -c)) < 2.0);
    }
}

#[test]
fn curved_surfaces_give_the_analytic_normal_at_each_pick() {
    let f = |x: f64, y: f64| 0.3 * (0.5 * x).sin() + 0.2 * (0.4 * y).cos();
    // ∇(z − f) = (−f_x, −f_y, 1).
    let normal = |x: f64, y: f64| [-0.15 * (0.5 * x).cos(), 0.08 * (0.4 * y).sin(), 1.0];
    let mut rng = Rng(2);
    let top = picks(&mut rng, 5000, 0.002, |x, y| f(x, y) + 3.0);
    let base = picks(&mut rng, 5000, 0.002, f);
    let estimate = estimate_orientations(&[vec![&top[..], &base[..]]], 16).unwrap();
    assert!(estimate.orientations.len() >= 150);
    let worst = estimate
        .orientations
        .iter()
        .map(|o| angle(o.gradient, normal(o.xyz[0], o.xyz[1])))
        .fold(0.0, f64::max);
    assert!(worst < 1.0, "worst angle {worst}°");
    assert_eq!(
        estimate_orientations(&[vec![&top[..], &base[..]]], 16).unwrap(),
        estimate,
        "the same input gives the same estimate"
    );
}

#[test]
fn twenty_thousand_picks_thin_to_one_orientation_per_cube_and_surface() {
    let mut rng = Rng(3);
    let horizons: Vec<Vec<Point>> = [6.5, 4.5, 2.5, 0.5]
        .iter()
        .map(|&z| picks(&mut rng, 5000, 0.001, |_, _| z))
        .collect();
    let stack: Vec<&[Point]> = horizons.iter().map(Vec::as_slice).collect();
    let estimate = estimate_orientations(&[stack], 12).unwrap();
    assert_eq!(estimate.fitted, 20_000);
    // The box is about 10 × 10 × 6: cubes of side about 1, ten by ten (or eleven, where the
    // last slice of the box starts a column) cubes per horizon.
    let n = estimate.orientations.len();
    assert!((400..=4 * 121).contains(&n), "{n} orientations");
    let (min, side) = {
        let all = horizons.iter().flatten();
        let lo = |a: usize| all.clone().map(|p| p[a]).fold(f64::INFINITY, f64::min);
        let hi = |a: usize| all.clone().map(|p| p[a]).fold(f64::NEG_INFINITY, f64::max);
        let side = (0..3).map(|a| hi(a) - lo(a)).fold(0.0, f64::max);
        ([lo(0), lo(1), lo(2)], side / 10.0)
    };
    let mut cubes: Vec<(usize, [i64; 3])> = estimate
        .orientations
        .iter()
        .map(|o| {
            let cube = [0, 1, 2].map(|a| ((o.xyz[a] - min[a]) / side).floor() as i64);
            (o.surface, cube)
        })
        .collect();
    cubes.sort_unstable();
    cubes.dedup();
    assert_eq!(cubes.len(), n, "one orientation per cube and surface");
    for o in &estimate.orientations {
        assert!(angle(o.gradient, [0.0, 0.0, 1.0]) < 1.0);
    }
}

#[test]
fn picks_along_one_line_are_skipped_and_two_lines_grow_into_a_plane() {
    // One seismic line: nothing to fit a plane to.
    let line: Vec<Point> = (0..200)
        .map(|i| {
            let x = 0.05 * f64::from(i);
            [x, 5.0, 0.1 * x]
        })
        .collect();
    let estimate = estimate_orientations(&[vec![&line[..]]], 12).unwrap();
    assert_eq!(estimate.collinear, 200);
    assert!(estimate.orientations.is_empty());

    // Two lines 1 apart on z = 0.1 x + 0.2 y: twelve neighbours lie on one line, the grown
    // neighbourhood reaches the other one. One surface: the normal points up.
    let plane = |x: f64, y: f64| [x, y, 0.1 * x + 0.2 * y];
    let lines: Vec<Point> = (0..200)
        .flat_map(|i| {
            let x = 0.05 * f64::from(i);
            [plane(x, 0.0), plane(x, 1.0)]
        })
        .collect();
    let estimate = estimate_orientations(&[vec![&lines[..]]], 12).unwrap();
    assert_eq!(estimate.collinear, 0);
    assert_eq!(estimate.fitted, 400);
    assert!(!estimate.orientations.is_empty());
    for o in &estimate.orientations {
        assert!(angle(o.gradient, [-0.1, -0.2, 1.0]) < 1e-6);
    }
}

#[test]
fn a_steep_fault_surface_gets_normals_on_one_side() {
    // x = 5 + 0.1 z: a fault dipping steeply; its normal (1, 0, −0.1) signed up is
    // (−1, 0, 0.1).
    let mut rng = Rng(4);
    let fault: Vec<Point> = (0..2000)
        .map(|_| {
            let (y, z) = (10.0 * rng.next(), 10.0 * rng.next());
            [5.0 + 0.1 * z + 0.001 * (2.0 * rng.next() - 1.0), y, z]
        })
        .collect();
    let estimate = estimate_orientations(&[vec![&fault[..]]], 12).unwrap();
    assert!(estimate.orientations.len() >= 50);
    for o in &estimate.orientations {
        assert!(
            angle(o.gradient, [-1.0, 0.0, 0.1]) < 2.0,
            "{:?}",
            o.gradient
        );
    }
}

#[test]
fn a_blob_is_no_plane_and_bad_input_is_named() {
    let mut rng = Rng(5);
    let blob: Vec<Point> = (0..500)
        .map(|_| [rng.next(), rng.next(), rng.next()])
        .collect();
    let estimate = estimate_orientations(&[vec![&blob[..]]], 12).unwrap();
    assert!(estimate.not_planar >= 475, "{estimate:?}");

    assert_eq!(
        estimate_orientations(&[vec![&blob[..]]], 2),
        Err(EstimateError::TooFewNeighbours { neighbours: 2 })
    );
    let bad = [[0.0, 0.0, 0.0], [1.0, f64::NAN, 0.0]];
    let e = estimate_orientations(&[vec![&blob[..]], vec![&blob[..], &bad[..]]], 12).unwrap_err();
    assert!(matches!(
        e,
        EstimateError::NonFinite {
            stack: 1,
            surface: 1,
            point: 1,
            ..
        }
    ));
    assert!(e.to_string().contains("stack 1, surface 1, pick 1"));
}
