//! One vertex per crossed voxel: the quadratic error function (docs/math.md §9.4).
//!
//! With the crossings `p_e` of a voxel and the (un-normalised) field gradients `n_e` there,
//! plus three bias rows `n = e_x, e_y, e_z` at the mass point `c`:
//!
//! ```text
//! AᵀA = Σ_e n_e n_eᵀ + I          Aᵀb = Σ_e n_e ⟨n_e, p_e⟩ + c          x = (AᵀA)⁻¹ Aᵀb
//! ```
//!
//! i.e. `x` minimises `Σ_e ⟨n_e, x − p_e⟩² + |x − c|²`: the tangent planes of the surface,
//! pulled towards `c` (bias strength 1, so the pull weakens as |n| grows). The inverse is
//! explicit, like numpy's `linalg.inv`; `AᵀA ≥ I` keeps it well defined.
//!
//! QUIRK (kept): `c` is averaged per coordinate over the *non-zero* coordinates of the
//! crossings, so a crossing coordinate that is exactly 0 is left out of that coordinate's mean.

use strata_data::Point;

/// `c_k = Σ_e p_e,k / #{e : p_e,k ≠ 0}` (count at least 1), per coordinate `k`.
fn mass_point(points: &[Point]) -> Point {
    std::array::from_fn(|k| {
        let nonzero = points.iter().map(|p| p[k]).filter(|&v| v != 0.0);
        let (sum, count) = nonzero.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        sum / count.max(1) as f64
    })
}

/// The inverse of a symmetric positive definite 3×3 matrix by cofactors.
fn inverse(m: [[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let cofactor = |i: usize, j: usize| {
        let (r0, r1) = ((i + 1) % 3, (i + 2) % 3);
        let (c0, c1) = ((j + 1) % 3, (j + 2) % 3);
        m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]
    };
    let det = m[0][0] * cofactor(0, 0) + m[0][1] * cofactor(0, 1) + m[0][2] * cofactor(0, 2);
    std::array::from_fn(|i| std::array::from_fn(|j| cofactor(j, i) / det))
}

/// The vertex of a voxel from its crossing points and the field gradients there (module formula).
pub fn qef_vertex(points: &[Point], normals: &[Point]) -> Point {
    let c = mass_point(points);
    let mut ata = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    let mut atb = c;
    for (p, n) in points.iter().zip(normals) {
        let b = n[0] * p[0] + n[1] * p[1] + n[2] * p[2];
        for ((row, rhs), &ni) in ata.iter_mut().zip(&mut atb).zip(n) {
            *rhs += ni * b;
            for (entry, &nj) in row.iter_mut().zip(n) {
                *entry += ni * nj;
            }
        }
    }
    let inv = inverse(ata);
    std::array::from_fn(|k| (0..3).map(|j| inv[j][k] * atb[j]).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planes_through_a_corner_meet_there() {
        // Three orthogonal planes through (0.2, 0.3, 0.4) with strong normals: the vertex is
        // pulled only slightly towards the mass point.
        let corner = [0.2, 0.3, 0.4];
        let points = [[0.2, 0.9, 0.9], [0.9, 0.3, 0.9], [0.9, 0.9, 0.4]];
        let normals = [[1e3, 0.0, 0.0], [0.0, 1e3, 0.0], [0.0, 0.0, 1e3]];
        let x = qef_vertex(&points, &normals);
        for k in 0..3 {
            assert!((x[k] - corner[k]).abs() < 1e-5, "{x:?}");
        }
    }

    #[test]
    fn a_single_plane_gives_the_mass_point() {
        let points = [[0.1, 0.2, 0.5], [0.3, 0.6, 0.5]];
        let normals = [[0.0, 0.0, 0.7], [0.0, 0.0, 0.7]];
        let x = qef_vertex(&points, &normals);
        assert!((x[0] - 0.2).abs() < 1e-15 && (x[1] - 0.4).abs() < 1e-15);
        assert!((x[2] - 0.5).abs() < 1e-15);
    }

    #[test]
    fn zero_coordinates_are_left_out_of_the_mass_point() {
        assert_eq!(
            mass_point(&[[0.0, 1.0, 2.0], [4.0, 3.0, 0.0]]),
            [4.0, 2.0, 2.0]
        );
        assert_eq!(mass_point(&[[0.0; 3]]), [0.0; 3]);
    }

    #[test]
    fn inverse_times_matrix_is_identity() {
        let m = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]];
        let inv = inverse(m);
        let product: [[f64; 3]; 3] = std::array::from_fn(|i| {
            std::array::from_fn(|j| (0..3).map(|k| m[i][k] * inv[k][j]).sum())
        });
        let identity = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        for (p, e) in product.iter().flatten().zip(identity.iter().flatten()) {
            assert!((p - e).abs() < 1e-14, "{product:?}");
        }
    }
}
