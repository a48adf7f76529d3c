//! GemPy 2026's front-end defaults (`defaults = "gempy"` in `strata.toml`): what
//! `gp.create_geomodel` and `gp.compute_model` use for everything a project does not set
//! (docs/math.md §1.6; gempy's `Transform.from_input_points`, `InterpolationOptions
//! .init_octree_options`, `Grid.init_octree_grid`, `SurfacePointsTable`, `OrientationsTable`).
//!
//! * The world → engine transform comes from the data ([`data_transform`]): the centre of the
//!   bounding box of every surface point and orientation, and twice its side per axis made
//!   isotropic by GemPy's `_adjust_scale_to_limit_ratio` — which, being sequential, leaves the
//!   axes with different scales when the vertical side lies strictly between the two horizontal
//!   ones ([`adjust_ratio`]).
//! * The kernel range and `c_o` are constants in engine units, [`RANGE`] and [`C_O`].
//! * The nuggets are [`NUGGET_SURFACE_POINTS`] and [`NUGGET_ORIENTATIONS`].
//! * An octree starts from GemPy's root resolution ([`octree_root`]) and extracts meshes on
//!   at most [`MESH_LEVELS`] levels.
//! * Orientation gradients keep the length they are written with (GemPy does not normalise).

use strata_data::{DataError, Point, Transform};
use strata_solver::PivotTest;

/// Which rules fill in what a project does not set (`defaults = "engine" | "gempy"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Defaults {
    /// gempy_engine's rules, those of the reference cases: the transform from the model extent,
    /// the range from its diagonal, `c_o = range²/14/3`, surface-point nugget `1e-6`.
    #[default]
    Engine,
    /// GemPy 2026's front end: the transform from the data, range 1.7, `c_o` 10, surface-point
    /// nugget `2e-5` (this module).
    Gempy,
}

impl Defaults {
    /// `"engine"` or `"gempy"`, in any case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "engine" => Some(Self::Engine),
            "gempy" => Some(Self::Gempy),
            _ => None,
        }
    }

    /// `"engine"` or `"gempy"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Engine => "engine",
            Self::Gempy => "gempy",
        }
    }

    /// The solver's singularity test these rules ask for: under GemPy's a numerically
    /// singular system is solved as `numpy.linalg.solve` solves it (refused only at an exactly
    /// zero pivot), with the ill-conditioning warning.
    pub fn pivot_test(self) -> PivotTest {
        match self {
            Self::Engine => PivotTest::Relative,
            Self::Gempy => PivotTest::ExactZero,
        }
    }
}

/// GemPy's default kernel range, engine units (`init_octree_options(range=1.7)`).
pub const RANGE: f64 = 1.7;
/// GemPy's default covariance at zero distance (`init_octree_options(c_o=10)`).
pub const C_O: f64 = 10.0;
/// GemPy's surface-point nugget (`DEFAULT_SP_NUGGET`).
pub const NUGGET_SURFACE_POINTS: f64 = 2e-5;
/// GemPy's orientation nugget (`DEFAULT_ORI_NUGGET`): gempy_engine's too.
pub const NUGGET_ORIENTATIONS: f64 = strata_data::DEFAULT_NUGGET_ORIENTATIONS;
/// GemPy's `number_octree_levels_surface`: meshes come from this level at the deepest.
pub const MESH_LEVELS: usize = 4;
/// GemPy's stand-in for a zero side of the bounding box (all data at one coordinate).
const ZERO_SIDE: f64 = 1e-10;

/// GemPy's transform from the data: with `min`, `max` the bounding box of `points` (world
/// units),
///
/// ```text
/// c   = (max + min) / 2
/// s_a = 1 / (2 (max_a − min_a))          (a zero side counts as 1e-10)
/// s   = adjust_ratio(s)                  engine = s ⊙ (world − c)
/// ```
///
/// so Strata's scale (world per engine unit) is `1 / s`, usually `2 max_a (max_a − min_a)` on
/// every axis: the data span `[−¼, ¼]` along their longest side. No points: the identity.
pub fn data_transform(points: impl IntoIterator<Item = Point>) -> Result<Transform, DataError> {
    let mut lo = [f64::INFINITY; 3];
    let mut hi = [f64::NEG_INFINITY; 3];
    for p in points {
        for a in 0..3 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    if lo[0] > hi[0] {
        return Ok(Transform::default());
    }
    let center = [0, 1, 2].map(|a| (hi[a] + lo[a]) / 2.0);
    let s = [0, 1, 2].map(|a| match 2.0 * (hi[a] - lo[a]) {
        0.0 => 1.0 / ZERO_SIDE,
        side => 1.0 / side,
    });
    Transform::with_axis_scales(center, adjust_ratio(s).map(|s| 1.0 / s))
}

/// GemPy's `Transform._adjust_scale_to_limit_ratio` with its default limit 1: six ratios of the
/// original scales, then six sequential replacements, each seeing the ones before it:
///
/// ```text
/// if s0/s1 > 1: s0 = s1     if s0/s2 > 1: s0 = s2
/// if s1/s0 > 1: s1 = s0     if s1/s2 > 1: s1 = s2
/// if s2/s0 > 1: s2 = s0     if s2/s1 > 1: s2 = s1
/// ```
///
/// Every axis ends with the smallest scale (the longest side) unless `s2` lies strictly
/// between `s0` and `s1`: `[3, 1, 2] → [2, 1, 1]`, `[1, 3, 2] → [1, 2, 1]`.
pub fn adjust_ratio(s: [f64; 3]) -> [f64; 3] {
    let r = [
        s[0] / s[1],
        s[0] / s[2],
        s[1] / s[0],
        s[1] / s[2],
        s[2] / s[0],
        s[2] / s[1],
    ];
    let mut s = s;
    if r[0] > 1.0 {
        s[0] = s[1];
    }
    if r[1] > 1.0 {
        s[0] = s[2];
    }
    if r[2] > 1.0 {
        s[1] = s[0];
    }
    if r[3] > 1.0 {
        s[1] = s[2];
    }
    if r[4] > 1.0 {
        s[2] = s[0];
    }
    if r[5] > 1.0 {
        s[2] = s[1];
    }
    s
}

/// GemPy's octree root (`Grid.init_octree_grid`): per axis `2 · round(L_a / min L)` cells, the
/// sides `L` of the model extent `[xmin, xmax, ymin, ymax, zmin, zmax]`.
pub fn octree_root(extent: &[f64; 6]) -> [usize; 3] {
    let sides = [0, 1, 2].map(|a| extent[2 * a + 1] - extent[2 * a]);
    let shortest = sides.into_iter().fold(f64::INFINITY, f64::min);
    // numpy's `round`: halves to even.
    sides.map(|l| 2 * (l / shortest).round_ties_even() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_rule_is_isotropic_unless_the_vertical_scale_lies_in_between() {
        assert_eq!(adjust_ratio([1.0, 2.0, 3.0]), [1.0; 3]);
        assert_eq!(adjust_ratio([2.0, 1.0, 3.0]), [1.0; 3]);
        assert_eq!(adjust_ratio([2.0, 3.0, 1.0]), [1.0; 3]);
        assert_eq!(adjust_ratio([3.0, 2.0, 1.0]), [1.0; 3]);
        assert_eq!(adjust_ratio([3.0, 1.0, 2.0]), [2.0, 1.0, 1.0]);
        assert_eq!(adjust_ratio([1.0, 3.0, 2.0]), [1.0, 2.0, 1.0]);
        assert_eq!(adjust_ratio([1.0, 1.0, 2.0]), [1.0; 3]);
    }

    #[test]
    fn the_transform_spans_a_quarter_along_the_longest_side() {
        // Bounding box x ∈ [0, 100], y ∈ [0, 40], z ∈ [−10, 10]: c = (50, 20, 0), scale 200.
        let t = data_transform([[0.0, 0.0, -10.0], [100.0, 40.0, 10.0]]).unwrap();
        assert_eq!(t.center(), [50.0, 20.0, 0.0]);
        assert_eq!(t.axis_scales(), [200.0; 3]);
        assert_eq!(t.to_engine([100.0, 20.0, 0.0]), [0.25, 0.0, 0.0]);
    }

    #[test]
    fn a_vertical_side_between_the_horizontal_ones_gives_an_anisotropic_transform() {
        // Sides (1200, 100, 800): s = (1/2400, 1/200, 1/1600) → (1/2400, 1/1600, 1/2400).
        let t = data_transform([[0.0, 0.0, 0.0], [1200.0, 100.0, 800.0]]).unwrap();
        assert_eq!(t.axis_scales(), [2400.0, 1600.0, 2400.0]);
    }

    #[test]
    fn flat_data_and_no_data() {
        let t = data_transform([[0.0, 5.0, 1.0], [10.0, 5.0, 1.0]]).unwrap();
        assert_eq!((t.center(), t.axis_scales()), ([5.0, 5.0, 1.0], [20.0; 3]));
        assert_eq!(data_transform([]).unwrap(), Transform::default());
    }

    #[test]
    fn the_octree_root_follows_the_extent_proportions() {
        assert_eq!(
            octree_root(&[0.0, 1000.0, 0.0, 1000.0, -1000.0, 0.0]),
            [2, 2, 2]
        );
        assert_eq!(
            octree_root(&[0.0, 2000.0, 0.0, 1000.0, 0.0, 500.0]),
            [8, 4, 2]
        );
        assert_eq!(
            octree_root(&[696000.0, 747000.0, 6863000.0, 6930000.0, -20000.0, 200.0]),
            [6, 6, 2]
        );
    }
}
