//! A layered model with an analytic truth, at any size: the scale model of
//! docs/performance.md (`cargo xtask bench --scale`, the engine's scale test).
//!
//! ```text
//! extent       [0, 1000]³ (world units); engine = (world − 500) / 1000
//! surfaces     z = f(x, y; z₀) = z₀ + 80 sin(2πx/1000) cos(2πy/1000) + 0.1 (x − 500)
//!              z₀ = 650 ("top", youngest) and 350 ("bottom"), each sampled on an n × n
//!              lattice over x, y ∈ [20, 980]
//! orientations the upward normal of f(·; 500) at (x, y, f(x, y; 500)) on an m × m lattice
//!              over x, y ∈ [40, 960]
//! kernel       cubic, range = diagonal of the engine extent (√3), c_o = range²/14/3, drift 1,
//!              nuggets 1e−6 (points, unless set) and 0.01 (orientations); one basement stack
//! ids          1 above the top, 2 between, 3 below the bottom
//! ```

use crate::{
    DEFAULT_NUGGET_ORIENTATIONS, DEFAULT_NUGGET_SURFACE_POINTS, DataError, EngineInput,
    EvaluationOptions, KernelOptions, Orientations, Point, RegularGrid, Stack, StackRelation,
    Structure, Surface, SurfacePoints, Transform,
};

/// Heights `z₀` of the two surfaces, youngest first.
pub const LAYERED_SURFACES: [f64; 2] = [650.0, 350.0];

/// The grid a [`LayeredModel`] is evaluated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayeredGrid {
    /// A regular grid of `r × r × r` cells, no octree.
    Regular(usize),
    /// An octree of this many levels from a 2 × 2 × 2 root, with meshes (dual contouring).
    Octree(usize),
}

/// The layered model with `n × n` points per surface and `m × m` orientations (module docs),
/// and the nugget of its surface points ([`DEFAULT_NUGGET_SURFACE_POINTS`] unless set).
///
/// ```
/// use strata_data::{LayeredGrid, LayeredModel};
///
/// let model = LayeredModel::new(50, 20);
/// assert_eq!(model.n_surface_points(), 5000);
/// let input = model.input(LayeredGrid::Regular(8))?;
/// assert_eq!(input.orientations().len(), 400);
/// assert_eq!(LayeredModel::id([500.0, 500.0, 900.0]), 1);
/// assert_eq!(LayeredModel::id([500.0, 500.0, 100.0]), 3);
/// # Ok::<(), strata_data::DataError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayeredModel {
    /// `n`: points per side of each surface's lattice.
    pub points_per_side: usize,
    /// `m`: orientations per side of their lattice.
    pub orientations_per_side: usize,
    /// The nugget of every surface point.
    pub surface_nugget: f64,
}

/// `80 · 2π/1000`: the amplitude of the slopes of the surfaces' sine term.
const SLOPE: f64 = 80.0 * std::f64::consts::TAU / 1000.0;

impl LayeredModel {
    /// The model with `n × n` points per surface and `m × m` orientations.
    pub const fn new(n: usize, m: usize) -> Self {
        Self {
            points_per_side: n,
            orientations_per_side: m,
            surface_nugget: DEFAULT_NUGGET_SURFACE_POINTS,
        }
    }

    /// This model with surface-point nugget `nugget`.
    pub const fn with_surface_nugget(self, nugget: f64) -> Self {
        Self {
            surface_nugget: nugget,
            ..self
        }
    }

    /// Surface points in all: `2n²`.
    pub const fn n_surface_points(&self) -> usize {
        2 * self.points_per_side * self.points_per_side
    }

    /// `f(x, y; z₀)`.
    pub fn surface(x: f64, y: f64, z0: f64) -> f64 {
        let w = std::f64::consts::TAU / 1000.0;
        z0 + 80.0 * (w * x).sin() * (w * y).cos() + 0.1 * (x - 500.0)
    }

    /// The upward unit normal of the surfaces at `(x, y)` (the same for every `z₀`).
    pub fn normal(x: f64, y: f64) -> Point {
        let w = std::f64::consts::TAU / 1000.0;
        let fx = SLOPE * (w * x).cos() * (w * y).cos() + 0.1;
        let fy = -SLOPE * (w * x).sin() * (w * y).sin();
        let norm = (fx * fx + fy * fy + 1.0).sqrt();
        [-fx / norm, -fy / norm, 1.0 / norm]
    }

    /// The analytic id of a world point: 1 above the top, 2 between, 3 below the bottom.
    pub fn id(p: Point) -> i32 {
        let above = LAYERED_SURFACES
            .iter()
            .filter(|&&z0| p[2] > Self::surface(p[0], p[1], z0))
            .count();
        3 - above as i32
    }

    /// A lower bound of the distance from a world point to the nearest surface: the vertical
    /// distance over `√(1 + max|∇f|²)`, the largest stretch a slope gives it.
    pub fn distance_to_surfaces(p: Point) -> f64 {
        let steepest = ((SLOPE + 0.1).powi(2) + SLOPE * SLOPE + 1.0).sqrt();
        LAYERED_SURFACES
            .iter()
            .map(|&z0| (p[2] - Self::surface(p[0], p[1], z0)).abs() / steepest)
            .fold(f64::INFINITY, f64::min)
    }

    /// The world → engine transform: centre 500, scale 1000.
    pub fn transform() -> Transform {
        Transform::new([500.0; 3], 1000.0).expect("a positive scale")
    }

    /// The surface points (world), top surface first, each lattice row by row.
    pub fn surface_points(&self) -> Vec<Point> {
        LAYERED_SURFACES
            .iter()
            .flat_map(|&z0| {
                lattice(self.points_per_side, 20.0, 980.0)
                    .map(move |(x, y)| [x, y, Self::surface(x, y, z0)])
            })
            .collect()
    }

    /// The orientations (world positions and unit normals).
    pub fn orientations(&self) -> (Vec<Point>, Vec<Point>) {
        lattice(self.orientations_per_side, 40.0, 960.0)
            .map(|(x, y)| ([x, y, Self::surface(x, y, 500.0)], Self::normal(x, y)))
            .unzip()
    }

    /// The engine input on `grid`: engine coordinates, gempy's kernel defaults, the scalar
    /// field without its gradient (ids need `Z` alone).
    pub fn input(&self, grid: LayeredGrid) -> Result<EngineInput, DataError> {
        let t = Self::transform();
        let points: Vec<Point> = self
            .surface_points()
            .into_iter()
            .map(|p| t.to_engine(p))
            .collect();
        let nuggets = vec![self.surface_nugget; points.len()];
        let (xyz, gradients) = self.orientations();
        let xyz: Vec<Point> = xyz.into_iter().map(|p| t.to_engine(p)).collect();
        let orientation_nuggets = vec![DEFAULT_NUGGET_ORIENTATIONS; xyz.len()];
        let n = self.points_per_side * self.points_per_side;
        let structure = Structure::new(
            vec![Surface::new("top", n), Surface::new("bottom", n)],
            vec![Stack::new("layers", StackRelation::Basement, 2, xyz.len())],
            None,
        )?;
        let mut evaluation = EvaluationOptions {
            compute_scalar_gradient: false,
            ..EvaluationOptions::default()
        };
        let resolution = match grid {
            LayeredGrid::Regular(r) => [r; 3],
            LayeredGrid::Octree(levels) => {
                evaluation.number_octree_levels = levels;
                evaluation.number_octree_levels_surface = levels;
                evaluation.mesh_extraction = true;
                [2; 3]
            }
        };
        let extent = [-0.5, 0.5, -0.5, 0.5, -0.5, 0.5];
        EngineInput::builder(
            SurfacePoints::new(points, nuggets)?,
            Orientations::new(xyz, gradients, orientation_nuggets)?,
            structure,
            RegularGrid::new(extent, resolution)?,
        )
        .kernel(KernelOptions::for_range(3f64.sqrt()))
        .evaluation(evaluation)
        .transform(t)
        .build()
    }
}

/// `(x, y)` of an `n × n` lattice over `[lo, hi]²`, `x` slowest (one point at the centre
/// when `n = 1`).
fn lattice(n: usize, lo: f64, hi: f64) -> impl Iterator<Item = (f64, f64)> {
    let at = move |i: usize| {
        if n > 1 {
            lo + (hi - lo) * i as f64 / (n - 1) as f64
        } else {
            0.5 * (lo + hi)
        }
    };
    (0..n).flat_map(move |i| (0..n).map(move |j| (at(i), at(j))))
}
