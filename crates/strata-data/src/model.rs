//! The complete engine-level input and per-stack views of it.

use crate::{
    ContentHash, ContentHasher, DataError, EvaluationOptions, KernelOptions, Orientations, Point,
    RegularGrid, Stack, Structure, SurfacePoints, Transform,
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
}

impl EngineInput {
    /// Validates the parts against each other: the surfaces claim every surface point, the
    /// stacks every orientation, and there is one unit id per surface plus one (the unit below
    /// the last surface).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        surface_points: SurfacePoints,
        orientations: Orientations,
        structure: Structure,
        unit_values: Vec<f64>,
        kernel: KernelOptions,
        evaluation: EvaluationOptions,
        sigmoid_slope: f64,
        grid: RegularGrid,
        transform: Transform,
    ) -> Result<Self, DataError> {
        let counts = [
            (
                "surface points claimed by the surfaces",
                surface_points.len(),
                structure.n_points(),
            ),
            (
                "orientations claimed by the stacks",
                orientations.len(),
                structure.n_orientations(),
            ),
            (
                "unit_values (one per surface plus one)",
                structure.surfaces().len() + 1,
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
        if !(sigmoid_slope.is_finite() && sigmoid_slope > 0.0) {
            return Err(DataError::EvaluationOption {
                option: "sigmoid_slope",
                value: sigmoid_slope.to_string(),
                reason: "must be finite and > 0",
            });
        }
        evaluation.validate()?;
        Ok(Self {
            surface_points,
            orientations,
            structure,
            unit_values,
            kernel,
            evaluation,
            sigmoid_slope,
            grid,
            transform,
        })
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
