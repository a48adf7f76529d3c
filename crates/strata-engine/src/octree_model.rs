//! The octree loop and the meshes of a model (docs/math.md §0, §8, §9).
//!
//! ```text
//! grid_0 = the user's regular grid
//! for level l = 0 .. levels−1:
//!     evaluate every stack at [centres of grid_l ; their 8 corners if the level needs them]
//!     if l is not the last level:  grid_{l+1} = children of the cells to refine (corner ids)
//! if meshes: dual contouring on the leaf level (the last of the surface levels), with the
//!            normals from each stack's gradient alone at its edge crossings
//! ```
//!
//! With one level and no meshes this is exactly the evaluation of the regular grid. Before
//! anything is evaluated, [`OctreePlan`] refuses level counts whose worst case (every cell
//! refined) would not fit in the memory budget of the [`ComputeOptions`]; during the loop only active cells are
//! stored.

use strata_data::EngineInput;
use strata_dual::{Crossings, Mesh, StackCorners, Triangulation, Voxels};
use strata_octree::{
    OctreeError, OctreeGrid, OctreePlan, RefineOptions, litho_faults_ids, refine_mask,
};

use crate::extra_grids::ExtraPoints;
use crate::{ComputeOptions, EngineBackend, EngineError, Interpolator, LevelSolution};

/// Every evaluated level with its grid, and the meshes.
pub(crate) struct OctreeEvaluation {
    /// The evaluation of every level.
    pub levels: Vec<LevelSolution>,
    /// The grid of every level.
    pub grids: Vec<OctreeGrid>,
    /// One mesh per surface (empty without mesh extraction).
    pub meshes: Vec<Mesh>,
}

/// Bytes a level stores per evaluated point: its coordinates, id and fault id, and per stack
/// its field, values, final and fault blocks, mask and, if computed, gradient and kriging
/// variance (every array of a [`crate::StackLevel`]).
fn bytes_per_point(n_stacks: usize, gradient: bool, variance: bool) -> u64 {
    let per_stack = 4 * 8 + 1 + if gradient { 24 } else { 0 } + if variance { 8 } else { 0 };
    24 + 2 * 4 + n_stacks as u64 * per_stack
}

/// Runs the octree loop of `input` (module pseudo-code) and, if asked, dual contouring.
pub(crate) fn evaluate_octree<B: EngineBackend>(
    interpolator: &mut Interpolator<'_, B>,
    input: &EngineInput,
    compute: &ComputeOptions,
) -> Result<OctreeEvaluation, EngineError> {
    let options = input.evaluation();
    let gradient = options.compute_scalar_gradient;
    let plan = OctreePlan::new(
        options,
        input.grid().resolution(),
        bytes_per_point(input.n_stacks(), gradient, compute.variance.is_some()),
        compute.memory_budget,
    )
    .map_err(OctreeError::from)?;
    let refine = RefineOptions::from_evaluation(options);
    let mut levels = Vec::with_capacity(plan.levels());
    let mut grids: Vec<OctreeGrid> = Vec::with_capacity(plan.levels());
    let mut grid = OctreeGrid::root(input.grid());
    let extra = ExtraPoints::of(input)?;
    for level in 0..plan.levels() {
        let _span = tracing::info_span!("octree level", level, cells = grid.len()).entered();
        let (points, slices) = ExtraPoints::level_points(
            (level == 0).then_some(&extra),
            grid.centers(),
            plan.computes_corners(level).then(|| grid.corners()),
        );
        let mut solution = interpolator.evaluate_level(&points, gradient)?;
        solution.slices = slices;
        let next = if plan.is_last(level) {
            None
        } else {
            let mask = cells_to_refine(level, &grid, &solution, &refine)?;
            Some(grid.children(&mask).map_err(OctreeError::from)?)
        };
        tracing::debug!(
            level,
            cells = grid.len(),
            points = points.len(),
            "octree level"
        );
        levels.push(solution);
        grids.push(grid);
        match next {
            Some(children) => grid = children,
            None => break,
        }
    }
    let meshes = match plan.surface_levels() {
        Some(n) => extract_meshes(interpolator, input, &grids[n - 1], &levels[n - 1])?,
        None => Vec::new(),
    };
    Ok(OctreeEvaluation {
        levels,
        grids,
        meshes,
    })
}

/// The refinement mask of `level` from the ids (and, for curvature refinement, the gradients)
/// evaluated at the corners of its cells.
fn cells_to_refine(
    level: usize,
    grid: &OctreeGrid,
    solution: &LevelSolution,
    options: &RefineOptions,
) -> Result<Vec<bool>, OctreeError> {
    let corners = solution.slices.corners.clone();
    let ids = litho_faults_ids(
        &solution.ids[corners.clone()],
        &solution.fault_ids[corners.clone()],
    )?;
    let gradients: Vec<&[_]> = solution
        .stacks
        .iter()
        .filter_map(|s| s.gradient.as_deref().map(|g| &g[corners.clone()]))
        .collect();
    Ok(refine_mask(
        level,
        options,
        &ids,
        &gradients,
        grid.spacing(),
    )?)
}

/// Dual contouring on the leaf level `leaf` (evaluated with its corners) of grid `grid`.
fn extract_meshes<B: EngineBackend>(
    interpolator: &mut Interpolator<'_, B>,
    input: &EngineInput,
    grid: &OctreeGrid,
    leaf: &LevelSolution,
) -> Result<Vec<Mesh>, EngineError> {
    let _span = tracing::info_span!("dual contouring", voxels = grid.len()).entered();
    let corners = leaf.slices.corners.clone();
    let voxels = Voxels {
        cells: grid.cells(),
        corners: &leaf.xyz[corners.clone()],
    };
    let stacks: Vec<StackCorners<'_>> = leaf
        .stacks
        .iter()
        .map(|s| StackCorners {
            relation: s.relation,
            scalar: &s.scalar[corners.clone()],
            mask: &s.mask[corners.clone()],
            iso_values: &s.interface_values,
        })
        .collect();
    let steps = B::voxel_steps(interpolator.kernels().device());
    let crossings =
        Crossings::find_with(&*steps, &voxels, &stacks, input.evaluation().mesh_masking)?;
    crossings.meshes_with(&*steps, interpolator, Triangulation::Fancy)
}
