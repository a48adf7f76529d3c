//! Curvature refinement: cells where the scalar field bends most (docs/math.md §8.3).
//!
//! From the exported gradient `g` at the 8 corners of a cell (corner `c = 4·ix + 2·iy + iz`)
//! and the half cell sizes `h = d/2`, gempy_engine's finite-difference Hessian is
//!
//! ```text
//! Hxx = Σ(gx[0,1,2,3] − gx[4,5,6,7]) / (4 hx²)     Hyy = Σ(gy[0,1,4,5] − gy[2,3,6,7]) / (4 hy²)
//! Hzz = Σ(gz[0,2,4,6] − gz[1,3,5,7]) / (4 hz²)
//! Hxy = Σ(gx[6,4,7,5] − gx[2,0,3,1] − gx[6,2,7,3] + gx[4,0,5,1]) / (4 hx hy)
//! Hxz = Σ(gx[5,4,7,6] − gx[1,0,3,2] − gx[5,1,7,3] + gx[4,0,6,2]) / (4 hx hz)
//! Hyz = Σ(gy[3,2,7,6] − gy[1,0,5,4] − gy[3,1,7,5] + gy[2,0,6,4]) / (4 hy hz)
//! ```
//!
//! (sums over the four index positions, taken literally, signs included). The measure
//! `κ = Σ|λ_i(H)|` is min–max normalised over the cells of the level and a cell is marked when
//! `κ > threshold`; nothing is marked when every cell has the same measure.

use strata_data::Point;

use crate::CORNERS_PER_CELL;

/// `Σ_k (g[a_k] − g[b_k] − g[c_k] + g[d_k])` over four index positions.
fn mixed(g: &[f64; 8], a: [usize; 4], b: [usize; 4], c: [usize; 4], d: [usize; 4]) -> f64 {
    (0..4).map(|k| g[a[k]] - g[b[k]] - g[c[k]] + g[d[k]]).sum()
}

/// `Σ_k (g[a_k] − g[b_k])` over four index positions.
fn difference(g: &[f64; 8], a: [usize; 4], b: [usize; 4]) -> f64 {
    (0..4).map(|k| g[a[k]] - g[b[k]]).sum()
}

/// The finite-difference Hessian of one cell (module formulas), row-major 3×3.
fn hessian(corners: &[Point], spacing: [f64; 3]) -> [[f64; 3]; 3] {
    let component = |axis: usize| -> [f64; 8] { std::array::from_fn(|c| corners[c][axis]) };
    let (gx, gy, gz) = (component(0), component(1), component(2));
    let [hx, hy, hz] = spacing.map(|d| d / 2.0);
    let xx = difference(&gx, [0, 1, 2, 3], [4, 5, 6, 7]) / (4.0 * hx * hx);
    let yy = difference(&gy, [0, 1, 4, 5], [2, 3, 6, 7]) / (4.0 * hy * hy);
    let zz = difference(&gz, [0, 2, 4, 6], [1, 3, 5, 7]) / (4.0 * hz * hz);
    let xy = mixed(&gx, [6, 4, 7, 5], [2, 0, 3, 1], [6, 2, 7, 3], [4, 0, 5, 1]) / (4.0 * hx * hy);
    let xz = mixed(&gx, [5, 4, 7, 6], [1, 0, 3, 2], [5, 1, 7, 3], [4, 0, 6, 2]) / (4.0 * hx * hz);
    let yz = mixed(&gy, [3, 2, 7, 6], [1, 0, 5, 4], [3, 1, 7, 5], [2, 0, 6, 4]) / (4.0 * hy * hz);
    [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]]
}

/// Eigenvalues of a symmetric 3×3 matrix (closed form: the roots of the characteristic cubic
/// written with `q = tr(A)/3`, `p² = ‖A − qI‖²_F / 6` and the angle of `det((A − qI)/p)/2`).
fn symmetric_eigenvalues(a: [[f64; 3]; 3]) -> [f64; 3] {
    let off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
    let q = (a[0][0] + a[1][1] + a[2][2]) / 3.0;
    let diag: f64 = (0..3).map(|i| (a[i][i] - q).powi(2)).sum();
    let p = ((diag + 2.0 * off) / 6.0).sqrt();
    if p == 0.0 {
        return [a[0][0], a[1][1], a[2][2]];
    }
    let b: [[f64; 3]; 3] = std::array::from_fn(|i| {
        std::array::from_fn(|j| (a[i][j] - if i == j { q } else { 0.0 }) / p)
    });
    let det = b[0][0] * (b[1][1] * b[2][2] - b[1][2] * b[2][1])
        - b[0][1] * (b[1][0] * b[2][2] - b[1][2] * b[2][0])
        + b[0][2] * (b[1][0] * b[2][1] - b[1][1] * b[2][0]);
    let phi = (det / 2.0).clamp(-1.0, 1.0).acos() / 3.0;
    let third = 2.0 * std::f64::consts::PI / 3.0;
    let largest = q + 2.0 * p * phi.cos();
    let smallest = q + 2.0 * p * (phi + third).cos();
    [largest, 3.0 * q - largest - smallest, smallest]
}

/// `κ = Σ|λ_i(H)|` of every cell; `gradients` holds 8 corner gradients per cell.
fn curvature_measures(gradients: &[Point], spacing: [f64; 3]) -> Vec<f64> {
    gradients
        .chunks_exact(CORNERS_PER_CELL)
        .map(|corners| {
            symmetric_eigenvalues(hessian(corners, spacing))
                .iter()
                .map(|l| l.abs())
                .sum()
        })
        .collect()
}

/// Cells whose min–max normalised curvature measure exceeds `threshold` (module formulas).
/// `gradients` holds the exported gradient at the 8 corners of every cell.
pub fn curvature_marks(gradients: &[Point], spacing: [f64; 3], threshold: f64) -> Vec<bool> {
    let measures = curvature_measures(gradients, spacing);
    let min = measures.iter().copied().fold(f64::INFINITY, f64::min);
    let max = measures.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if measures.is_empty() || max == min {
        return vec![false; measures.len()];
    }
    measures
        .iter()
        .map(|m| (m - min) / (max - min) > threshold)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corners::offset_point;

    /// Corner gradients of the field `f(x) = ½ xᵀ H x` (gradient `H x`) around `center`.
    fn quadratic_corners(h: [[f64; 3]; 3], center: Point, spacing: [f64; 3]) -> Vec<Point> {
        let half = spacing.map(|d| d / 2.0);
        (0..8)
            .map(|c| {
                let x = offset_point(center, half, c);
                std::array::from_fn(|i| (0..3).map(|j| h[i][j] * x[j]).sum())
            })
            .collect()
    }

    #[test]
    fn eigenvalues_of_a_known_matrix() {
        let mut l = symmetric_eigenvalues([[2.0, 1.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 5.0]]);
        l.sort_by(f64::total_cmp);
        for (got, want) in l.iter().zip([1.0, 3.0, 5.0]) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        let scalar = [[4.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 4.0]];
        assert_eq!(symmetric_eigenvalues(scalar), [4.0; 3]);
    }

    #[test]
    fn diagonal_hessian_is_recovered() {
        // The diagonal finite differences of a quadratic field are exact up to gempy's scale:
        // Σ over 4 pairs of g(−) − g(+) = −4·H·d, divided by 4h² = d²: −4H/d.
        let spacing = [0.2, 0.1, 0.4];
        let h = [[1.0, 0.0, 0.0], [0.0, -2.0, 0.0], [0.0, 0.0, 3.0]];
        let got = hessian(&quadratic_corners(h, [0.3, -0.2, 0.1], spacing), spacing);
        for a in 0..3 {
            let want = -4.0 * h[a][a] / spacing[a];
            assert!(
                (got[a][a] - want).abs() < 1e-9,
                "{a}: {} vs {want}",
                got[a][a]
            );
        }
    }

    #[test]
    fn the_most_curved_cell_is_marked() {
        let spacing = [0.1; 3];
        let flat = quadratic_corners([[0.0; 3]; 3], [0.0; 3], spacing);
        let gentle = quadratic_corners([[1.0, 0.0, 0.0], [0.0; 3], [0.0; 3]], [0.0; 3], spacing);
        let sharp = quadratic_corners([[9.0, 0.0, 0.0], [0.0; 3], [0.0; 3]], [0.0; 3], spacing);
        let gradients: Vec<Point> = [flat, gentle, sharp].concat();
        assert_eq!(
            curvature_marks(&gradients, spacing, 0.5),
            vec![false, false, true]
        );
        assert_eq!(
            curvature_marks(&gradients, spacing, 0.05),
            vec![false, true, true]
        );
        let same: Vec<Point> = gradients[..8].repeat(3);
        assert_eq!(curvature_marks(&same, spacing, 0.0), vec![false; 3]);
    }
}
