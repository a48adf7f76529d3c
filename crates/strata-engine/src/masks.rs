//! Which stack defines the lithology where (docs/math.md §7.2 and §7.4).
//!
//! Each stack has a raw mask on the grid points: ERODE `Z > min(e)`, ONLAP `Z > max(e)`,
//! FAULT nowhere, BASEMENT everywhere. The masks are then combined so that the youngest
//! stack wins where its mask is true and older stacks fill the rest; a chain of ONLAP stacks
//! is bounded by the top (highest iso-value) of the stack beneath it.

use strata_data::StackRelation;

/// The raw masks of one stack on the grid points.
#[derive(Debug, Clone)]
pub struct StackMasks {
    /// `Z > min(e)`.
    pub erode: Vec<bool>,
    /// `Z > max(e)`.
    pub onlap: Vec<bool>,
}

impl StackMasks {
    /// Masks of a field `z` with iso-values `iso`.
    pub fn new(z: &[f64], iso: &[f64]) -> Self {
        let min = iso.iter().copied().fold(f64::INFINITY, f64::min);
        let max = iso.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Self {
            erode: z.iter().map(|&v| v > min).collect(),
            onlap: z.iter().map(|&v| v > max).collect(),
        }
    }
}

/// gempy_engine's `_lithology_mask`: the final mask of every stack (true where that stack
/// defines the lithology), in the exact order of operations of §7.4, QUIRKs included (`rel[i−1]`
/// wraps around to the last stack for `i = 0`).
pub fn lithology_masks(
    relations: &[StackRelation],
    masks: &[StackMasks],
    n_points: usize,
) -> Vec<Vec<bool>> {
    let n = relations.len();
    let wrap = |i: isize| -> usize { i.rem_euclid(n as isize) as usize };
    let mut m = vec![vec![false; n_points]; n];
    let mut chain: usize = 0;
    for i in 0..n {
        let ii = i as isize;
        let previous = relations[wrap(ii - 1)];
        let continues = matches!(previous, StackRelation::Onlap | StackRelation::Fault);
        let began = relations[wrap(ii - 1 - chain as isize)] == StackRelation::Onlap;
        chain = if continues && began { chain + 1 } else { 0 };
        if chain > 0 {
            m[wrap(ii - 1)] = masks[i].onlap.clone();
            // Reverse cumulative product over rows i−chain ..= i−1 (empty when the chain
            // would start before the first stack, like the Python slice).
            let rows: Vec<usize> = (i.saturating_sub(chain)..i)
                .filter(|_| chain <= i)
                .collect();
            for (pos, &r) in rows.iter().enumerate().rev() {
                if pos + 1 < rows.len() {
                    let next = m[rows[pos + 1]].clone();
                    for (a, b) in m[r].iter_mut().zip(next) {
                        *a = *a && b;
                    }
                }
            }
        }
        match relations[i] {
            StackRelation::Onlap => {}
            StackRelation::Erode => m[i] = masks[i].erode.clone(),
            StackRelation::Fault => m[i] = vec![false; n_points],
            StackRelation::Basement => m[i] = vec![true; n_points],
        }
    }
    let mut out = Vec::with_capacity(n);
    let mut claimed = vec![false; n_points];
    for i in 0..n {
        let row: Vec<bool> = if i == 0 {
            m[n - 1].iter().zip(&m[0]).map(|(a, b)| *a && *b).collect()
        } else {
            m[i].iter().zip(&claimed).map(|(a, c)| *a && !c).collect()
        };
        for (c, &v) in claimed.iter_mut().zip(&m[i]) {
            *c = *c || v;
        }
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use StackRelation::*;

    fn masks(erode: &[bool], onlap: &[bool]) -> StackMasks {
        StackMasks {
            erode: erode.to_vec(),
            onlap: onlap.to_vec(),
        }
    }

    #[test]
    fn erosion_youngest_wins_basement_fills() {
        let rel = [Erode, Basement];
        let mk = [
            masks(&[true, false], &[false, false]),
            masks(&[false, false], &[false, false]),
        ];
        let f = lithology_masks(&rel, &mk, 2);
        assert_eq!(f, vec![vec![true, false], vec![false, true]]);
    }

    #[test]
    fn onlap_is_bounded_by_the_top_of_the_stack_below() {
        // Onlap stack 0 present everywhere, stack 1 (erode) top surface is only under point 1.
        let rel = [Onlap, Erode, Basement];
        let mk = [
            masks(&[true, true, true], &[true, true, true]),
            masks(&[false, false, true], &[true, false, false]),
            masks(&[false; 3], &[false; 3]),
        ];
        let f = lithology_masks(&rel, &mk, 3);
        // Stack 0 gets only where stack 1's onlap mask (Z_1 > max e_1) holds.
        assert_eq!(f[0], vec![true, false, false]);
        assert_eq!(f[1], vec![false, false, true]);
        assert_eq!(f[2], vec![false, true, false]);
    }
}
