//! Cumulative combination of the stacks (docs/math.md §7.5).

use strata_data::StackRelation;

use crate::masks::{StackMasks, lithology_masks};

/// Per stack `s`, cumulative over stacks `0..=s`:
/// `final_block_s = Σ values_block_k ⊙ final_k` and `faults_block_s = Σ values_block_k ⊙ fmask_k`
/// with `fmask_k` = the erode mask of a fault stack, nothing for the others.
pub struct Combined {
    /// Final masks, one per stack.
    pub masks: Vec<Vec<bool>>,
    /// Cumulative lithology blocks.
    pub final_blocks: Vec<Vec<f64>>,
    /// Cumulative fault blocks.
    pub faults_blocks: Vec<Vec<f64>>,
}

/// Combines the stacks' values blocks (grid part) with their masks.
pub fn combine(relations: &[StackRelation], values: &[&[f64]], raw: &[StackMasks]) -> Combined {
    let n_points = values.first().map_or(0, |v| v.len());
    let masks = lithology_masks(relations, raw, n_points);
    let mut final_acc = vec![0.0; n_points];
    let mut fault_acc = vec![0.0; n_points];
    let mut final_blocks = Vec::with_capacity(relations.len());
    let mut faults_blocks = Vec::with_capacity(relations.len());
    for (s, relation) in relations.iter().enumerate() {
        for j in 0..n_points {
            if masks[s][j] {
                final_acc[j] += values[s][j];
            }
            if *relation == StackRelation::Fault && raw[s].erode[j] {
                fault_acc[j] += values[s][j];
            }
        }
        final_blocks.push(final_acc.clone());
        faults_blocks.push(fault_acc.clone());
    }
    Combined {
        masks,
        final_blocks,
        faults_blocks,
    }
}
