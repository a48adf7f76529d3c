//! `compute_model`: every stack, youngest first, then their combination.

use strata_data::{EngineInput, Point, StackRelation};
use strata_kernel::GeoBackend;

use crate::combine::combine;
use crate::masks::StackMasks;
use crate::segmentation::soft_segment;
use crate::stack_field::{evaluate_stack, solve_stack};
use crate::{EngineError, LevelSolution, ModelSolution, StackLevel};

/// Computes the block model of `input` on its regular grid with backend `B`.
///
/// Every stack's field is evaluated at `[grid points; all surface points of the model]`; the
/// tail gives the iso-values (field at each surface's first point) and the fault-drift values
/// that fault stacks hand to the stacks they offset (ENGINE_MATH.md §7.3).
pub fn compute_model<B: GeoBackend>(
    input: &EngineInput,
    device: &B::Device,
) -> Result<ModelSolution, EngineError> {
    let grid = input.grid().centers();
    let n_grid = grid.len();
    let mut points: Vec<Point> = grid.clone();
    points.extend_from_slice(input.surface_points().xyz());
    let structure = input.structure();
    let n_stacks = input.n_stacks();
    let gradient = input.evaluation().compute_scalar_gradient;

    // Fault-drift values over all evaluated points, per fault stack (§7.3).
    let mut fault_drift: Vec<Option<Vec<f64>>> = vec![None; n_stacks];
    let mut systems = Vec::with_capacity(n_stacks);
    let mut levels = Vec::with_capacity(n_stacks);
    let mut raw_masks = Vec::with_capacity(n_stacks);
    for i in 0..n_stacks {
        let faults = structure.faults_offsetting(i);
        let columns: Vec<Vec<f64>> = faults
            .iter()
            .map(|&j| {
                fault_drift[j]
                    .clone()
                    .expect("faults precede the stacks they offset")
            })
            .collect();
        let range = structure.point_range(i);
        let on_points: Vec<Vec<f64>> = columns
            .iter()
            .map(|c| c[n_grid + range.start..n_grid + range.end].to_vec())
            .collect();
        let mut solved = solve_stack::<B>(input, i, &on_points, device)?;
        let grid_columns: Vec<Vec<f64>> = columns.iter().map(|c| c[..n_grid].to_vec()).collect();
        let tail_columns: Vec<Vec<f64>> = columns.iter().map(|c| c[n_grid..].to_vec()).collect();
        let on_grid = evaluate_stack::<B>(input, &solved, &grid, &grid_columns, gradient, device)?;
        let on_sp = evaluate_stack::<B>(
            input,
            &solved,
            input.surface_points().xyz(),
            &tail_columns,
            false,
            device,
        )?;
        let iso: Vec<f64> = structure
            .surface_range(i)
            .map(|k| on_sp.scalar[structure.reference_point(k)])
            .collect();
        let stack = input.stack(i);
        let mut z_all = on_grid.scalar.clone();
        z_all.extend_from_slice(&on_sp.scalar);
        let values_all = soft_segment(&z_all, &iso, stack.unit_values, input.sigmoid_slope());
        if stack.stack.relation == StackRelation::Fault {
            let min = values_all.iter().copied().fold(f64::INFINITY, f64::min);
            fault_drift[i] = Some(values_all.iter().map(|v| v - min).collect());
        }
        solved.report.field_at_surface_points = on_sp.scalar[range].to_vec();
        solved.report.interface_values = iso.clone();
        raw_masks.push(StackMasks::new(&on_grid.scalar, &iso));
        levels.push(StackLevel {
            relation: stack.stack.relation,
            scalar: on_grid.scalar,
            gradient: on_grid.gradient,
            values_block: values_all[..n_grid].to_vec(),
            mask: Vec::new(),
            final_block: Vec::new(),
            faults_block: Vec::new(),
        });
        systems.push(solved.report);
    }
    let relations: Vec<StackRelation> = levels.iter().map(|l| l.relation).collect();
    let values: Vec<&[f64]> = levels.iter().map(|l| l.values_block.as_slice()).collect();
    let combined = combine(&relations, &values, &raw_masks);
    for (s, level) in levels.iter_mut().enumerate() {
        level.mask = combined.masks[s].clone();
        level.final_block = combined.final_blocks[s].clone();
        level.faults_block = combined.faults_blocks[s].clone();
    }
    let last = levels.last().expect("at least one stack");
    let ids = last
        .final_block
        .iter()
        .map(|v| v.round_ties_even() as i32)
        .collect();
    let fault_ids = last
        .faults_block
        .iter()
        .map(|v| v.round_ties_even() as i32)
        .collect();
    Ok(ModelSolution {
        stacks: systems,
        levels: vec![LevelSolution {
            xyz: grid,
            ids,
            fault_ids,
            stacks: levels,
        }],
    })
}
