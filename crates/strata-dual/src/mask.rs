//! Which voxels may carry a stack's surfaces (docs/math.md §9.1, §9.6).
//!
//! A surface is only meshed where its stack defines the lithology, which is how eroded parts
//! of older surfaces disappear. For stack `i`, with `any(m)` = "some corner of the voxel has
//! `m` true" and `final_j` the lithology mask of stack `j` at the corners:
//!
//! | option | ERODE | BASEMENT | ONLAP | FAULT |
//! |---|---|---|---|---|
//! | INTERSECT | `any(final_{i+chain})` | `any(final_i)` | `any(final_i)` | all |
//! | DISJOINT | same `∧ ¬claimed` | same `∧ ¬claimed` | same `∧ ¬claimed` | all |
//! | RAW | all | all | all | all |
//!
//! `chain` counts the ONLAP stacks directly before (ERODE and BASEMENT reset it, ONLAP adds
//! one): QUIRK — an ERODE stack right after an onlap chain takes the mask of a later stack.
//! gempy_engine fails when `i + chain` runs past the last stack; here it stops at the last one.
//! DISJOINT's `claimed` gathers, stack after stack, the voxels with a corner above an ERODE
//! stack's lowest surface (`Z > min e`) and the voxels kept for a BASEMENT stack.

use strata_data::{MeshMasking, StackRelation};

use crate::StackCorners;

/// Per voxel, whether any of its 8 corners has `corner_flags` true.
fn any_corner(corner_flags: impl ExactSizeIterator<Item = bool>) -> Vec<bool> {
    let mut out = vec![false; corner_flags.len() / 8];
    for (c, flag) in corner_flags.enumerate() {
        out[c / 8] |= flag;
    }
    out
}

/// The voxel mask of every stack (module table). Every stack's arrays hold 8 corners per voxel.
pub fn voxel_masks(stacks: &[StackCorners<'_>], masking: MeshMasking) -> Vec<Vec<bool>> {
    let n_voxels = stacks.first().map_or(0, |s| s.mask.len() / 8);
    let last = stacks.len().saturating_sub(1);
    let present = |j: usize| any_corner(stacks[j.min(last)].mask.iter().copied());
    let mut claimed = vec![false; n_voxels];
    let mut chain = 0;
    let mut out = Vec::with_capacity(stacks.len());
    for (i, stack) in stacks.iter().enumerate() {
        let everywhere = masking == MeshMasking::Raw || stack.relation == StackRelation::Fault;
        if everywhere {
            out.push(vec![true; n_voxels]);
            continue;
        }
        let mut mask = match stack.relation {
            StackRelation::Erode => present(i + chain),
            _ => present(i),
        };
        if masking == MeshMasking::Disjoint {
            for (m, c) in mask.iter_mut().zip(&claimed) {
                *m &= !c;
            }
            let newly_claimed = match stack.relation {
                StackRelation::Erode => {
                    let lowest = stack
                        .iso_values
                        .iter()
                        .copied()
                        .fold(f64::INFINITY, f64::min);
                    any_corner(stack.scalar.iter().map(|&z| z > lowest))
                }
                StackRelation::Basement => mask.clone(),
                _ => vec![false; n_voxels],
            };
            for (c, n) in claimed.iter_mut().zip(newly_claimed) {
                *c |= n;
            }
        }
        chain = if stack.relation == StackRelation::Onlap {
            chain + 1
        } else {
            0
        };
        out.push(mask);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use StackRelation::*;

    /// A stack with lithology mask `mask` and field `scalar` at the corners, one surface at 0.
    fn stack<'a>(relation: StackRelation, mask: &'a [bool], scalar: &'a [f64]) -> StackCorners<'a> {
        StackCorners {
            relation,
            scalar,
            mask,
            iso_values: &[0.0],
        }
    }

    /// One voxel per flag, its 8 corners carrying it.
    fn corners(flags: &[bool]) -> Vec<bool> {
        flags.iter().flat_map(|&f| [f; 8]).collect()
    }

    #[test]
    fn intersect_keeps_voxels_touching_the_stack() {
        let (a, b) = (corners(&[true, false]), corners(&[false, true]));
        let z = [0.0; 16];
        let stacks = [stack(Erode, &a, &z), stack(Basement, &b, &z)];
        let m = voxel_masks(&stacks, MeshMasking::Intersect);
        assert_eq!(m, vec![vec![true, false], vec![false, true]]);
        let m = voxel_masks(&stacks, MeshMasking::Raw);
        assert_eq!(m, vec![vec![true, true], vec![true, true]]);
    }

    #[test]
    fn one_corner_is_enough() {
        let mut a = vec![false; 16];
        a[11] = true;
        let z = [0.0; 16];
        let m = voxel_masks(&[stack(Basement, &a, &z)], MeshMasking::Intersect);
        assert_eq!(m, vec![vec![false, true]]);
    }

    #[test]
    fn erode_after_an_onlap_takes_a_later_mask_and_faults_are_everywhere() {
        let (a, b, c) = (
            corners(&[true, false, false]),
            corners(&[false, true, false]),
            corners(&[false, false, true]),
        );
        let z = [0.0; 24];
        let stacks = [
            stack(Onlap, &a, &z),
            stack(Erode, &b, &z),
            stack(Basement, &c, &z),
        ];
        let m = voxel_masks(&stacks, MeshMasking::Intersect);
        assert_eq!(m[1], vec![false, false, true]);
        let stacks = [stack(Fault, &a, &z), stack(Basement, &c, &z)];
        let m = voxel_masks(&stacks, MeshMasking::Intersect);
        assert_eq!(m[0], vec![true; 3]);
    }

    #[test]
    fn disjoint_removes_voxels_claimed_by_younger_stacks() {
        // Stack 0 (erode) is above its surface (Z > 0) in voxel 0 only; the basement's mask
        // touches both voxels.
        let a = corners(&[true, true]);
        let b = corners(&[true, true]);
        let z: Vec<f64> = [1.0; 8].into_iter().chain([-1.0; 8]).collect();
        let stacks = [stack(Erode, &a, &z), stack(Basement, &b, &z)];
        let m = voxel_masks(&stacks, MeshMasking::Disjoint);
        assert_eq!(m, vec![vec![true, true], vec![false, true]]);
    }
}
