//! The complete engine-level input and per-stack views of it.

use crate::{
    ContentHash, ContentHasher, DataError, EvaluationOptions, ExtraGrids, KernelOptions,
    Orientations, Point, RegularGrid, Stack, Structure, SurfacePoints, Transform,
};

/// Everything one run of the engine needs, in engine coordinates, validated as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineInput {
    surface_points: SurfacePoints,
    orientations: Orientations,
    structure: Structure,
    unit_values: Vec<f64>,
    kernel: KernelOptions,
    evaluation: EvaluationOptions,
    sigmoid_slope: f64,
    grid: RegularGrid,
    transform: Transform,
    extra_grids: ExtraGrids,
}

/// The default steepness of the sigmoid that turns a scalar field into soft unit ids
/// (gempy_engine's `sigmoid_slope`, docs/math.md §6.1).
pub const DEFAULT_SIGMOID_SLOPE: f64 = 5e6;

/// Builds an [`EngineInput`]: the data and the grid are required, everything else has a
/// default ([`EngineInput::builder`]).
#[derive(Debug, Clone)]
#[must_use]
pub struct EngineInputBuilder {
    surface_points: SurfacePoints,
    orientations: Orientations,
    structure: Structure,
    grid: RegularGrid,
    unit_values: Option<Vec<f64>>,
    kernel: KernelOptions,
    evaluation: EvaluationOptions,
    sigmoid_slope: f64,
    transform: Transform,
    extra_grids: ExtraGrids,
}

impl EngineInputBuilder {
    /// The lithology id of every surface plus the unit below the last one (default
    /// `1, 2, …, n_surfaces + 1`, gempy's ids).
    pub fn unit_values(self, unit_values: Vec<f64>) -> Self {
        Self {
            unit_values: Some(unit_values),
            ..self
        }
    }

    /// The kernel options shared by every stack (default [`KernelOptions::default`]).
    pub fn kernel(self, kernel: KernelOptions) -> Self {
        Self { kernel, ..self }
    }

    /// Octree levels, meshing and chunking (default [`EvaluationOptions::default`]: the
    /// regular grid alone).
    pub fn evaluation(self, evaluation: EvaluationOptions) -> Self {
        Self { evaluation, ..self }
    }

    /// The sigmoid's steepness (default [`DEFAULT_SIGMOID_SLOPE`]).
    pub fn sigmoid_slope(self, sigmoid_slope: f64) -> Self {
        Self {
            sigmoid_slope,
            ..self
        }
    }

    /// The world ↔ engine transform the data were brought through (default: identity).
    pub fn transform(self, transform: Transform) -> Self {
        Self { transform, ..self }
    }

    /// Custom points, topography and a survey's centred grid, evaluated with level 0
    /// (default: none).
    pub fn extra_grids(self, extra_grids: ExtraGrids) -> Self {
        Self {
            extra_grids,
            ..self
        }
    }

    /// Validates the parts against each other: the surfaces claim every surface point, the
    /// stacks every orientation, there is one finite unit id per surface plus one, the kernel
    /// and evaluation options are valid and the sigmoid slope is finite and positive.
    pub fn build(self) -> Result<EngineInput, DataError> {
        let n_units = self.structure.surfaces().len() + 1;
        let unit_values = self
            .unit_values
            .unwrap_or_else(|| (1..=n_units).map(|u| u as f64).collect());
        let counts = [
            (
                "surface points claimed by the surfaces",
                self.surface_points.len(),
                self.structure.n_points(),
            ),
            (
                "orientations claimed by the stacks",
                self.orientations.len(),
                self.structure.n_orientations(),
            ),
            (
                "unit_values (one per surface plus one)",
                n_units,
                unit_values.len(),
            ),
        ];
        for (what, expected, found) in counts {
            if expected != found {
                return Err(DataError::LengthMismatch {
                    what: what.into(),
                    expected,
                    found,
                });
            }
        }
        for (i, &u) in unit_values.iter().enumerate() {
            if !u.is_finite() {
                return Err(DataError::NonFinite {
                    what: "unit value",
                    index: i,
                    field: "id",
                    value: u,
                });
            }
        }
        if !(self.sigmoid_slope.is_finite() && self.sigmoid_slope > 0.0) {
            return Err(DataError::EvaluationOption {
                option: "sigmoid_slope",
                value: self.sigmoid_slope.to_string(),
                reason: "must be finite and > 0",
            });
        }
        self.kernel.validate()?;
        self.evaluation.validate()?;
        self.extra_grids.validate()?;
        Ok(EngineInput {
            surface_points: self.surface_points,
            orientations: self.orientations,
            structure: self.structure,
            unit_values,
            kernel: self.kernel,
            evaluation: self.evaluation,
            sigmoid_slope: self.sigmoid_slope,
            grid: self.grid,
            transform: self.transform,
            extra_grids: self.extra_grids,
        })
    }
}

impl EngineInput {
    /// Starts an input from its data and grid (engine coordinates); see
    /// [`EngineInputBuilder`] for the rest and the checks of [`build`](EngineInputBuilder::build).
    ///
    /// ```
    /// use strata_data::{
    ///     EngineInput, KernelOptions, Orientations, RegularGrid, Stack, StackRelation, Structure,
    ///     Surface, SurfacePoints,
    /// };
    ///
    /// // One surface through three points, one orientation pointing up, one stack.
    /// let points = SurfacePoints::new(
    ///     vec![[0.2, 0.5, 0.5], [0.5, 0.5, 0.5], [0.8, 0.5, 0.5]],
    ///     vec![1e-6; 3],
    /// )?;
    /// let orientations = Orientations::new(vec![[0.5, 0.5, 0.5]], vec![[0.0, 0.0, 1.0]], vec![0.01])?;
    /// let structure = Structure::new(
    ///     vec![Surface::new("top", 3)],
    ///     vec![Stack::new("strata", StackRelation::Erode, 1, 1)],
    ///     None,
    /// )?;
    /// let grid = RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [4, 4, 4])?;
    /// let input = EngineInput::builder(points, orientations, structure, grid)
    ///     .kernel(KernelOptions::for_range(1.5))
    ///     .build()?;
    /// assert_eq!(input.unit_values(), [1.0, 2.0]);
    /// assert_eq!(input.stack(0).points.len(), 3);
    /// # Ok::<(), strata_data::DataError>(())
    /// ```
    pub fn builder(
        surface_points: SurfacePoints,
        orientations: Orientations,
        structure: Structure,
        grid: RegularGrid,
    ) -> EngineInputBuilder {
        EngineInputBuilder {
            surface_points,
            orientations,
            structure,
            grid,
            unit_values: None,
            kernel: KernelOptions::default(),
            evaluation: EvaluationOptions::default(),
            sigmoid_slope: DEFAULT_SIGMOID_SLOPE,
            transform: Transform::default(),
            extra_grids: ExtraGrids::default(),
        }
    }

    /// This input with other surface points (the same number per surface), checked again:
    /// a nearby model, e.g. with a point moved.
    pub fn with_surface_points(&self, surface_points: SurfacePoints) -> Result<Self, DataError> {
        Self::builder(
            surface_points,
            self.orientations.clone(),
            self.structure.clone(),
            self.grid.clone(),
        )
        .unit_values(self.unit_values.clone())
        .kernel(self.kernel.clone())
        .evaluation(self.evaluation.clone())
        .sigmoid_slope(self.sigmoid_slope)
        .transform(self.transform.clone())
        .build()
    }

    /// All surface points.
    pub fn surface_points(&self) -> &SurfacePoints {
        &self.surface_points
    }

    /// All orientations.
    pub fn orientations(&self) -> &Orientations {
        &self.orientations
    }

    /// Surfaces, stacks and fault relations.
    pub fn structure(&self) -> &Structure {
        &self.structure
    }

    /// Lithology id per surface, plus the id of the unit below the last surface.
    pub fn unit_values(&self) -> &[f64] {
        &self.unit_values
    }

    /// Kernel options (shared by every stack).
    pub fn kernel(&self) -> &KernelOptions {
        &self.kernel
    }

    /// Evaluation options.
    pub fn evaluation(&self) -> &EvaluationOptions {
        &self.evaluation
    }

    /// Replaces the evaluation options (validated).
    pub fn set_evaluation(&mut self, evaluation: EvaluationOptions) -> Result<(), DataError> {
        evaluation.validate()?;
        self.evaluation = evaluation;
        Ok(())
    }

    /// Replaces the surface points by as many others (same order, same surfaces): an
    /// ensemble's realization moves the data, not the structure.
    pub fn set_surface_points(&mut self, surface_points: SurfacePoints) -> Result<(), DataError> {
        check_same_count(
            "surface points",
            self.surface_points.len(),
            surface_points.len(),
        )?;
        self.surface_points = surface_points;
        Ok(())
    }

    /// Replaces the orientations by as many others (same order, same stacks).
    pub fn set_orientations(&mut self, orientations: Orientations) -> Result<(), DataError> {
        check_same_count("orientations", self.orientations.len(), orientations.len())?;
        self.orientations = orientations;
        Ok(())
    }

    /// Slope of the soft segmentation sigmoid.
    pub fn sigmoid_slope(&self) -> f64 {
        self.sigmoid_slope
    }

    /// The level-0 regular grid.
    pub fn grid(&self) -> &RegularGrid {
        &self.grid
    }

    /// Replaces the level-0 grid.
    pub fn set_grid(&mut self, grid: RegularGrid) {
        self.grid = grid;
    }

    /// The grids evaluated with level 0 besides the regular grid, and the survey.
    pub fn extra_grids(&self) -> &ExtraGrids {
        &self.extra_grids
    }

    /// Replaces the extra grids (validated).
    pub fn set_extra_grids(&mut self, extra_grids: ExtraGrids) -> Result<(), DataError> {
        extra_grids.validate()?;
        self.extra_grids = extra_grids;
        Ok(())
    }

    /// World ↔ engine transform.
    pub fn transform(&self) -> &Transform {
        &self.transform
    }

    /// Number of stacks.
    pub fn n_stacks(&self) -> usize {
        self.structure.stacks().len()
    }

    /// The data of stack `i` (`i < n_stacks()`).
    pub fn stack(&self, i: usize) -> StackData<'_> {
        let s = &self.structure;
        let points = s.point_range(i);
        let ori = s.orientation_range(i);
        let surfaces = s.surface_range(i);
        StackData {
            index: i,
            stack: &s.stacks()[i],
            points: &self.surface_points.xyz()[points.clone()],
            nugget: &self.surface_points.nugget()[points],
            surface_sizes: s.surfaces()[surfaces.clone()]
                .iter()
                .map(|x| x.n_points)
                .collect(),
            orientation_xyz: &self.orientations.xyz()[ori.clone()],
            orientation_gradient: &self.orientations.gradient()[ori.clone()],
            orientation_nugget: &self.orientations.nugget()[ori],
            unit_values: &self.unit_values[surfaces.start..surfaces.end + 1],
        }
    }
}

impl ContentHash for EngineInput {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("EngineInput")
            .item(&self.surface_points)
            .item(&self.orientations)
            .item(&self.structure)
            .f64s(&self.unit_values)
            .item(&self.kernel)
            .item(&self.evaluation)
            .f64(self.sigmoid_slope)
            .item(&self.grid)
            .item(&self.transform);
        // No extra grid leaves the hashes of inputs without them as they were.
        if !self.extra_grids.is_empty() {
            h.item(&self.extra_grids);
        }
    }
}

/// A replacement array must have as many entries as the one it replaces.
fn check_same_count(what: &str, expected: usize, found: usize) -> Result<(), DataError> {
    if expected == found {
        Ok(())
    } else {
        Err(DataError::LengthMismatch {
            what: what.into(),
            expected,
            found,
        })
    }
}

/// The data of one stack: the slices of the model's arrays it owns.
#[derive(Debug, Clone)]
pub struct StackData<'a> {
    /// Index of the stack in the model.
    pub index: usize,
    /// Name, relation, counts.
    pub stack: &'a Stack,
    /// Its surface points, surface by surface.
    pub points: &'a [Point],
    /// Nugget per surface point.
    pub nugget: &'a [f64],
    /// Number of points per surface of the stack.
    pub surface_sizes: Vec<usize>,
    /// Orientation positions.
    pub orientation_xyz: &'a [Point],
    /// Orientation gradients.
    pub orientation_gradient: &'a [Point],
    /// Orientation nuggets.
    pub orientation_nugget: &'a [f64],
    /// Unit ids of its surfaces plus the unit below its last surface.
    pub unit_values: &'a [f64],
}
