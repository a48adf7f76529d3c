//! Kernel and evaluation options (gempy_engine's `KernelOptions` and `EvaluationOptions`).

use crate::{ContentHash, ContentHasher, DataError};

/// The covariance function of the scalar field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum KernelFunction {
    /// The compactly supported cubic covariance (gempy's default).
    #[default]
    Cubic,
    /// The Gaussian covariance `exp(−d²/(2a²))` (gempy calls it "exponential").
    Exponential,
    /// The Matérn covariance with ν = 5/2.
    Matern52,
}

impl KernelFunction {
    /// Parses `cubic`, `exponential` or `matern_5_2`.
    pub fn parse(name: &str) -> Result<Self, DataError> {
        match name.to_ascii_lowercase().as_str() {
            "cubic" => Ok(Self::Cubic),
            "exponential" => Ok(Self::Exponential),
            "matern_5_2" => Ok(Self::Matern52),
            _ => Err(DataError::Unknown {
                what: "kernel function",
                value: name.to_string(),
            }),
        }
    }

    /// gempy's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cubic => "cubic",
            Self::Exponential => "exponential",
            Self::Matern52 => "matern_5_2",
        }
    }
}

/// Nugget of a surface point given none: gempy_engine's default, which GemPy v2 used too (its
/// `smooth`). GemPy 2026's front end uses `2e-5` instead (strata-project's `gempy_defaults`).
pub const DEFAULT_NUGGET_SURFACE_POINTS: f64 = 1e-6;

/// Nugget of an orientation given none: gempy_engine's, GemPy v2's and GemPy 2026's default.
pub const DEFAULT_NUGGET_ORIENTATIONS: f64 = 0.01;

/// Options of the co-kriging system (docs/math.md §1.4, §3).
///
/// Built from [`for_range`](Self::for_range) (or [`Default`]) and the `with_*` methods; the
/// values are checked by [`validate`](Self::validate), which every consumer calls.
///
/// ```
/// use strata_data::{KernelFunction, KernelOptions};
///
/// // gempy's rule for a range of 2 engine units: c_o = 2² / 14 / 3, linear drift.
/// let options = KernelOptions::for_range(2.0).with_kernel(KernelFunction::Matern52);
/// assert_eq!(options.c_o, 4.0 / 42.0);
/// assert!(options.validate().is_ok());
/// assert!(KernelOptions::for_range(-1.0).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct KernelOptions {
    /// Covariance function.
    pub kernel: KernelFunction,
    /// Range `a` (> 0), in engine units.
    pub range: f64,
    /// Covariance at zero distance `c_o` (> 0).
    pub c_o: f64,
    /// Degree of the universal drift: 0 (none), 1 (x, y, z) or 2 (plus the 6 quadratic terms).
    pub drift_degree: u8,
    /// Scale of the interface–interface block (gempy: 4).
    pub i_res: f64,
    /// Scale of the gradient–interface blocks (gempy: 2).
    pub gi_res: f64,
}

impl Default for KernelOptions {
    /// [`for_range`](Self::for_range)`(√3)`: the diagonal of the unit cube, the range of the
    /// reference cases (whose engine extent fits in it).
    fn default() -> Self {
        Self::for_range(3f64.sqrt())
    }
}

impl KernelOptions {
    /// gempy's defaults for a range `a`: cubic kernel, `c_o = a²/14/3`, linear drift,
    /// `i_res = 4`, `gi_res = 2`.
    pub fn for_range(range: f64) -> Self {
        Self {
            kernel: KernelFunction::Cubic,
            range,
            c_o: range * range / 14.0 / 3.0,
            drift_degree: 1,
            i_res: 4.0,
            gi_res: 2.0,
        }
    }

    /// gempy_engine's defaults for an engine extent `[xmin, xmax, ymin, ymax, zmin, zmax]`:
    /// [`for_range`](Self::for_range) of its diagonal,
    ///
    /// ```text
    /// range = √(Δx² + Δy² + Δz²),   c_o = range² / 14 / 3
    /// ```
    pub fn for_extent(extent: &[f64; 6]) -> Self {
        Self::for_range(extent_diagonal(extent))
    }

    /// These options with covariance function `kernel`.
    pub fn with_kernel(self, kernel: KernelFunction) -> Self {
        Self { kernel, ..self }
    }

    /// These options with covariance at zero distance `c_o`.
    pub fn with_c_o(self, c_o: f64) -> Self {
        Self { c_o, ..self }
    }

    /// These options with a drift of degree `drift_degree` (0, 1 or 2).
    pub fn with_drift_degree(self, drift_degree: u8) -> Self {
        Self {
            drift_degree,
            ..self
        }
    }

    /// These options with the interface–interface and gradient–interface scales.
    pub fn with_scales(self, i_res: f64, gi_res: f64) -> Self {
        Self {
            i_res,
            gi_res,
            ..self
        }
    }

    /// Checks `range > 0`, `c_o > 0`, finite positive scale factors and a drift degree of 0, 1
    /// or 2; the error names the option and its value.
    pub fn validate(&self) -> Result<(), DataError> {
        for (option, value) in [
            ("range", self.range),
            ("c_o", self.c_o),
            ("i_res", self.i_res),
            ("gi_res", self.gi_res),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return Err(DataError::KernelOption {
                    option,
                    value,
                    reason: "must be finite and > 0",
                });
            }
        }
        if self.drift_degree > 2 {
            return Err(DataError::KernelOption {
                option: "uni_degree",
                value: f64::from(self.drift_degree),
                reason: "must be 0, 1 or 2",
            });
        }
        Ok(())
    }

    /// Number of drift equations: 0, 3 or 9.
    pub fn n_drift(&self) -> usize {
        match self.drift_degree {
            0 => 0,
            1 => 3,
            _ => 9,
        }
    }
}

impl ContentHash for KernelOptions {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("KernelOptions")
            .str(self.kernel.name())
            .f64(self.range)
            .f64(self.c_o)
            .u64(u64::from(self.drift_degree))
            .f64(self.i_res)
            .f64(self.gi_res);
    }
}

/// How dual contouring restricts each stack's mesh to where the stack is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MeshMasking {
    /// Voxels where the stack's mask is true at any corner (gempy's default).
    #[default]
    Intersect,
    /// Every voxel.
    Raw,
    /// Like `Intersect`, without voxels already claimed by younger stacks.
    Disjoint,
}

impl MeshMasking {
    /// Parses `INTERSECT`, `RAW` or `DISJOINT` (any case).
    pub fn parse(name: &str) -> Result<Self, DataError> {
        match name.to_ascii_uppercase().as_str() {
            "INTERSECT" => Ok(Self::Intersect),
            "RAW" => Ok(Self::Raw),
            "DISJOINT" => Ok(Self::Disjoint),
            _ => Err(DataError::Unknown {
                what: "mesh masking option",
                value: name.to_string(),
            }),
        }
    }

    /// gempy's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Intersect => "INTERSECT",
            Self::Raw => "RAW",
            Self::Disjoint => "DISJOINT",
        }
    }
}

/// Options of the evaluation: octree levels, meshing and chunking (docs/math.md §1.4).
///
/// Fields are public; the struct is `#[non_exhaustive]`, so other crates start from
/// [`Default`] and set fields. [`validate`](Self::validate) checks them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EvaluationOptions {
    /// Number of octree levels (1 = only the regular grid).
    pub number_octree_levels: usize,
    /// Number of levels used for dual contouring.
    pub number_octree_levels_surface: usize,
    /// Extract meshes by dual contouring.
    pub mesh_extraction: bool,
    /// Masking of meshes by stack presence.
    pub mesh_masking: MeshMasking,
    /// Curvature refinement threshold in [0, 1]; negative = off.
    pub octree_curvature_threshold: f64,
    /// Error threshold (unused by gempy_engine; kept for compatibility).
    pub octree_error_threshold: f64,
    /// Levels below this one are refined everywhere.
    pub octree_min_level: usize,
    /// Upper bound on (points × equations) evaluated at once: bounds memory.
    pub evaluation_chunk_size: usize,
    /// Evaluate the exported gradient as well as the scalar field.
    pub compute_scalar_gradient: bool,
}

impl Default for EvaluationOptions {
    fn default() -> Self {
        Self {
            number_octree_levels: 1,
            number_octree_levels_surface: 4,
            mesh_extraction: false,
            mesh_masking: MeshMasking::Intersect,
            octree_curvature_threshold: -1.0,
            octree_error_threshold: 1.0,
            octree_min_level: 2,
            evaluation_chunk_size: 500_000,
            compute_scalar_gradient: true,
        }
    }
}

impl EvaluationOptions {
    /// Validates: at least one octree level and a positive chunk size.
    pub fn validate(&self) -> Result<(), DataError> {
        if self.number_octree_levels == 0 {
            return Err(DataError::EvaluationOption {
                option: "number_octree_levels",
                value: "0".into(),
                reason: "must be at least 1",
            });
        }
        if self.evaluation_chunk_size == 0 {
            return Err(DataError::EvaluationOption {
                option: "evaluation_chunk_size",
                value: "0".into(),
                reason: "must be at least 1",
            });
        }
        if !self.octree_curvature_threshold.is_finite() {
            return Err(DataError::EvaluationOption {
                option: "octree_curvature_threshold",
                value: self.octree_curvature_threshold.to_string(),
                reason: "must be finite",
            });
        }
        Ok(())
    }
}

impl ContentHash for EvaluationOptions {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("EvaluationOptions")
            .usize(self.number_octree_levels)
            .usize(self.number_octree_levels_surface)
            .bool(self.mesh_extraction)
            .str(self.mesh_masking.name())
            .f64(self.octree_curvature_threshold)
            .f64(self.octree_error_threshold)
            .usize(self.octree_min_level)
            .usize(self.evaluation_chunk_size)
            .bool(self.compute_scalar_gradient);
    }
}

/// The diagonal `√(Δx² + Δy² + Δz²)` of an extent `[xmin, xmax, ymin, ymax, zmin, zmax]`.
fn extent_diagonal(extent: &[f64; 6]) -> f64 {
    (0..3)
        .map(|a| (extent[2 * a + 1] - extent[2 * a]).powi(2))
        .sum::<f64>()
        .sqrt()
}
