//! Colours: one per unit for the maps and sections, and a ramp for values.

/// A colour-blind-safe palette (Okabe–Ito), cycled by id.
const PALETTE: [[u8; 3]; 8] = [
    [230, 159, 0],
    [86, 180, 233],
    [0, 158, 115],
    [240, 228, 66],
    [0, 114, 178],
    [213, 94, 0],
    [204, 121, 167],
    [150, 150, 150],
];

/// The colour of unit `id` (white for 0: no unit, or air above the topography).
pub fn unit_colour(id: i32) -> [u8; 3] {
    if id <= 0 {
        [255, 255, 255]
    } else {
        PALETTE[(id as usize - 1) % PALETTE.len()]
    }
}

/// Matplotlib's viridis at nine evenly spaced stops (perceptually uniform, colour-blind safe,
/// readable in grey).
const VIRIDIS: [[u8; 3]; 9] = [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 144, 141],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
];

/// The ramp's colour at `t ∈ [0, 1]` (clamped): linear between the stops.
pub(crate) fn ramp(t: f64) -> [u8; 3] {
    let x = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let k = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - k as f64;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    [0, 1, 2].map(|c| (f64::from(a[c]) + f * (f64::from(b[c]) - f64::from(a[c]))).round() as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_runs_through_its_stops() {
        assert_eq!(ramp(0.0), VIRIDIS[0]);
        assert_eq!(ramp(1.0), VIRIDIS[8]);
        assert_eq!(ramp(0.5), VIRIDIS[4]);
        assert_eq!(ramp(-3.0), VIRIDIS[0]);
        assert_eq!(unit_colour(0), [255; 3]);
        assert_eq!(unit_colour(9), unit_colour(1));
    }
}
