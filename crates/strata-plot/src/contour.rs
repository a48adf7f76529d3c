//! Where a surface cuts a map or a section: the iso-line of its stack's scalar field at the
//! surface's iso-value, by marching squares on the lattice the field was evaluated on.
//!
//! In every square of four neighbouring nodes the line crosses each edge whose ends lie on
//! either side of the level (a value `> level` is above), at the linear interpolation
//!
//! ```text
//! p = p_a + (level − f_a)/(f_b − f_a) · (p_b − p_a)
//! ```
//!
//! Two crossings make one segment. Four (a saddle) make two, each cutting off a corner that
//! lies on the other side than the square's centre, whose value is taken as the mean of the
//! four corners. A square with an undefined corner (NaN: a field masked where it does not
//! apply, such as in the air above the topography) has no segment.

/// A line drawn over a map or a section: a named set of segments in its coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// What the line is (a fault's name).
    pub name: String,
    /// Its segments, each from one point to another.
    pub segments: Vec<[[f64; 2]; 2]>,
}

/// The segments of the iso-line `f = level` of `values` on the lattice of nodes
/// `(u[i], v[j])`, node `(i, j)` at `values[i·v.len() + j]` (module guide).
///
/// # Panics
/// If `values` does not hold one value per node, `u.len() · v.len()`.
pub fn iso_segments(values: &[f64], u: &[f64], v: &[f64], level: f64) -> Vec<[[f64; 2]; 2]> {
    let nv = v.len();
    assert_eq!(values.len(), u.len() * nv, "one value per node");
    let mut segments = Vec::new();
    for i in 0..u.len().saturating_sub(1) {
        for j in 0..nv.saturating_sub(1) {
            // Corners counter-clockwise from the lower left; edge k joins corner k to k + 1.
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let f = corners.map(|(a, b)| values[a * nv + b]);
            if f.iter().any(|x| x.is_nan()) {
                continue;
            }
            let p = corners.map(|(a, b)| [u[a], v[b]]);
            let above = f.map(|x| x > level);
            let crossing = |k: usize| {
                let (a, b) = (k, (k + 1) % 4);
                (above[a] != above[b]).then(|| {
                    let t = (level - f[a]) / (f[b] - f[a]);
                    [0, 1].map(|c| p[a][c] + t * (p[b][c] - p[a][c]))
                })
            };
            let crossings: Vec<(usize, [f64; 2])> =
                (0..4).filter_map(|k| crossing(k).map(|x| (k, x))).collect();
            match crossings.as_slice() {
                [(_, a), (_, b)] => segments.push([*a, *b]),
                [_, _, _, _] => {
                    let centre = f.iter().sum::<f64>() / 4.0 > level;
                    // Corner k lies between edges k − 1 and k.
                    for k in (0..4).filter(|&k| above[k] != centre) {
                        segments.push([crossings[(k + 3) % 4].1, crossings[k].1]);
                    }
                }
                _ => {}
            }
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plane_is_cut_along_a_straight_line() {
        // f = x + 2y on a 4 × 3 lattice: the line f = 3 runs from (3, 0) to (1, 1) to (0, 1.5).
        let u = [0.0, 1.0, 2.0, 3.0];
        let v = [0.0, 1.0, 2.0];
        let values: Vec<f64> = u
            .iter()
            .flat_map(|x| v.iter().map(move |y| x + 2.0 * y))
            .collect();
        let segments = iso_segments(&values, &u, &v, 3.0);
        assert!(!segments.is_empty());
        for s in &segments {
            for p in s {
                assert!(
                    (p[0] + 2.0 * p[1] - 3.0).abs() < 1e-12,
                    "{p:?} is not on the line"
                );
            }
        }
        // The whole line, from x = 3 down to x = 0, is covered once.
        let length: f64 = segments
            .iter()
            .map(|[a, b]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt())
            .sum();
        assert!((length - (9.0_f64 + 2.25).sqrt()).abs() < 1e-12, "{length}");
    }

    #[test]
    fn a_saddle_cuts_off_the_corners_unlike_its_centre() {
        // Corners 1, 0, 1, 0 around the square, centre 0.5 > 0.4: the two low corners are cut off.
        let segments = iso_segments(&[1.0, 0.0, 0.0, 1.0], &[0.0, 1.0], &[0.0, 1.0], 0.4);
        assert_eq!(segments.len(), 2);
        // Corner (1, 0) is cut off between (0.6, 0) and (1, 0.4).
        assert!(segments.contains(&[[0.6, 0.0], [1.0, 0.4]]), "{segments:?}");
    }

    #[test]
    fn masked_squares_have_no_segment() {
        // f = x on 3 × 2 nodes, the line x = 0.5 in the first column of squares, x = 1.5 in
        // the second; NaN at node (2, 1) removes the second.
        let values = [0.0, 0.0, 1.0, 1.0, 2.0, f64::NAN];
        let u = [0.0, 1.0, 2.0];
        assert_eq!(iso_segments(&values, &u, &[0.0, 1.0], 0.5).len(), 1);
        assert!(iso_segments(&values, &u, &[0.0, 1.0], 1.5).is_empty());
    }
}
