//! `compute_model`: every stack, youngest first, then their combination.

use strata_data::{EngineInput, Point, StackRelation};
use strata_faults::{FaultDrifts, ellipsoid_slope, fault_drift};
use strata_kernel::GeoBackend;

use crate::combine::combine;
use crate::masks::StackMasks;
use crate::octree_model;
use crate::segmentation::{soft_segment, soft_segment_with_slopes};
use crate::stack_field::{SolvedStack, evaluate_stack, solve_stack};
use crate::weights_cache::WeightsCache;
use crate::{EngineError, LevelSolution, ModelSolution, StackLevel, StackSystem};

/// Options of a computation beyond the input model.
#[derive(Debug, Clone, Copy, Default)]
pub struct ComputeOptions {
    /// Keep every stack's kernel matrix `A` in the solution.
    pub keep_kernel_matrix: bool,
}

/// Computes the block model of `input` on its regular grid with backend `B`, with the
/// process-wide in-memory weights cache.
pub fn compute_model<B: GeoBackend>(
    input: &EngineInput,
    device: &B::Device,
) -> Result<ModelSolution, EngineError> {
    compute_model_with::<B>(
        input,
        WeightsCache::global(),
        ComputeOptions::default(),
        device,
    )
}

/// [`compute_model`] with an explicit weights cache and options.
pub fn compute_model_with<B: GeoBackend>(
    input: &EngineInput,
    cache: &WeightsCache,
    options: ComputeOptions,
    device: &B::Device,
) -> Result<ModelSolution, EngineError> {
    let mut interpolator = Interpolator::<B>::new(input, cache, options, device);
    let octree = octree_model::evaluate_octree(&mut interpolator, input)?;
    Ok(ModelSolution {
        stacks: interpolator.into_systems(),
        levels: octree.levels,
        octree: octree.grids,
        meshes: octree.meshes,
    })
}

/// Evaluates all stacks of a model at any set of points, solving each stack's system the first
/// time it is needed (with the fault drifts of that first evaluation, as gempy_engine does).
pub struct Interpolator<'a, B: GeoBackend> {
    input: &'a EngineInput,
    cache: &'a WeightsCache,
    options: ComputeOptions,
    device: &'a B::Device,
    solved: Vec<Option<SolvedStack>>,
}

impl<'a, B: GeoBackend> Interpolator<'a, B> {
    /// An interpolator with no system solved yet.
    pub fn new(
        input: &'a EngineInput,
        cache: &'a WeightsCache,
        options: ComputeOptions,
        device: &'a B::Device,
    ) -> Self {
        Self {
            input,
            cache,
            options,
            device,
            solved: (0..input.n_stacks()).map(|_| None).collect(),
        }
    }

    /// The solved systems (stacks never evaluated are left out).
    pub fn into_systems(self) -> Vec<StackSystem> {
        self.solved
            .into_iter()
            .flatten()
            .map(|s| s.report)
            .collect()
    }

    /// Every stack's field, ids and masks at `points`, combined (ENGINE_MATH.md §7).
    ///
    /// Each stack is evaluated at `[points; all surface points of the model]`: the tail gives the
    /// iso-values (field at each surface's first point) and the fault drift at the data.
    pub fn evaluate_level(
        &mut self,
        points: &[Point],
        gradient: bool,
    ) -> Result<LevelSolution, EngineError> {
        let _span = tracing::info_span!("evaluate", points = points.len()).entered();
        let input = self.input;
        let structure = input.structure();
        let surface_points = input.surface_points().xyz();
        let n = points.len();
        let mut all_points = points.to_vec();
        all_points.extend_from_slice(surface_points);
        let mut drifts = FaultDrifts::new(input.n_stacks());
        let mut levels = Vec::with_capacity(input.n_stacks());
        let mut raw_masks = Vec::with_capacity(input.n_stacks());
        for i in 0..input.n_stacks() {
            let columns = drifts.for_stack(structure.fault_relations(), i);
            let split = |range: std::ops::Range<usize>| -> Vec<Vec<f64>> {
                columns.iter().map(|c| c[range.clone()].to_vec()).collect()
            };
            let own = structure.point_range(i);
            let first_evaluation = self.solved[i].is_none();
            if first_evaluation {
                let on_data = split(n + own.start..n + own.end);
                let solved = solve_stack::<B>(
                    input,
                    i,
                    &on_data,
                    self.cache,
                    self.options.keep_kernel_matrix,
                    self.device,
                )?;
                self.solved[i] = Some(solved);
            }
            let solved = self.solved[i].as_mut().expect("solved above");
            let on_points =
                evaluate_stack::<B>(input, solved, points, &split(0..n), gradient, self.device)?;
            let on_data = evaluate_stack::<B>(
                input,
                solved,
                surface_points,
                &split(n..n + surface_points.len()),
                false,
                self.device,
            )?;
            let iso: Vec<f64> = structure
                .surface_range(i)
                .map(|k| on_data.scalar[structure.reference_point(k)])
                .collect();
            if first_evaluation {
                solved.report.interface_values = iso.clone();
                solved.report.field_at_surface_points = on_data.scalar[own].to_vec();
            }

            let stack = input.stack(i);
            let mut z_all = on_points.scalar.clone();
            z_all.extend_from_slice(&on_data.scalar);
            let values_all = match &stack.stack.finite_fault {
                Some(ellipsoid) => {
                    let slopes = ellipsoid_slope(ellipsoid, &all_points);
                    soft_segment_with_slopes(&z_all, &iso, stack.unit_values, &slopes)
                }
                None => soft_segment(&z_all, &iso, stack.unit_values, input.sigmoid_slope()),
            };
            if stack.stack.relation == StackRelation::Fault {
                drifts.set(i, fault_drift(&values_all));
            }
            raw_masks.push(StackMasks::new(&on_points.scalar, &iso));
            levels.push(StackLevel {
                relation: stack.stack.relation,
                interface_values: iso,
                scalar: on_points.scalar,
                gradient: on_points.gradient,
                values_block: values_all[..n].to_vec(),
                mask: Vec::new(),
                final_block: Vec::new(),
                faults_block: Vec::new(),
            });
        }
        let relations: Vec<StackRelation> = levels.iter().map(|l| l.relation).collect();
        let values: Vec<&[f64]> = levels.iter().map(|l| l.values_block.as_slice()).collect();
        let combined = combine(&relations, &values, &raw_masks);
        for (((level, mask), final_block), faults_block) in levels
            .iter_mut()
            .zip(combined.masks)
            .zip(combined.final_blocks)
            .zip(combined.faults_blocks)
        {
            level.mask = mask;
            level.final_block = final_block;
            level.faults_block = faults_block;
        }
        let last = levels.last().expect("a model has at least one stack");
        let rint = |v: &Vec<f64>| v.iter().map(|x| x.round_ties_even() as i32).collect();
        Ok(LevelSolution {
            xyz: points.to_vec(),
            ids: rint(&last.final_block),
            fault_ids: rint(&last.faults_block),
            stacks: levels,
        })
    }
}
