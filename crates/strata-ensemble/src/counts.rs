//! The reduction of an ensemble: how many realizations put each unit in each cell, and what
//! follows from the counts — the probability of every unit and the information entropy.
//!
//! Counts are integers, so partial counts of any batches, added in any order, give the same
//! total; the probabilities and entropies are computed from that total, cell by cell, in one
//! fixed order. That makes an ensemble's result bitwise independent of how its realizations
//! were split among threads, processes or machines.

use crate::EnsembleError;

/// Counts of units per cell over a number of realizations.
///
/// ```
/// use strata_ensemble::UnitCounts;
///
/// // Two units (ids 1 and 2), three cells, two realizations.
/// let mut counts = UnitCounts::new(vec![1, 2], 3);
/// counts.add(&[1, 1, 2])?;
/// counts.add(&[1, 2, 2])?;
/// assert_eq!(counts.probability(), [1.0, 0.5, 0.0, 0.0, 0.5, 1.0]);
/// assert_eq!(counts.entropy(), [0.0, 1.0, 0.0]); // bits
/// # Ok::<(), strata_ensemble::EnsembleError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCounts {
    ids: Vec<i32>,
    cells: usize,
    realizations: u64,
    /// `counts[u · cells + c]`: realizations with unit `ids[u]` in cell `c`.
    counts: Vec<u32>,
}

impl UnitCounts {
    /// No realization yet, for units `ids` (distinct) on `cells` cells.
    pub fn new(ids: Vec<i32>, cells: usize) -> Self {
        let counts = vec![0; ids.len() * cells];
        Self {
            ids,
            cells,
            realizations: 0,
            counts,
        }
    }

    /// Counts read back from their parts (another process's [`UnitCounts`]), checked: one
    /// count per unit and cell, none above `realizations`.
    pub fn from_parts(
        ids: Vec<i32>,
        cells: usize,
        realizations: u64,
        counts: Vec<u32>,
    ) -> Result<Self, EnsembleError> {
        let expected = ids.len() * cells;
        if counts.len() != expected {
            return Err(EnsembleError::Shape {
                what: "counts",
                expected,
                found: counts.len(),
            });
        }
        if let Some(&c) = counts.iter().find(|&&c| u64::from(c) > realizations) {
            return Err(EnsembleError::Count {
                count: c,
                realizations,
            });
        }
        Ok(Self {
            ids,
            cells,
            realizations,
            counts,
        })
    }

    /// The unit id of each first index of [`counts`](Self::counts) and
    /// [`probability`](Self::probability).
    pub fn ids(&self) -> &[i32] {
        &self.ids
    }

    /// Cells per unit.
    pub fn cells(&self) -> usize {
        self.cells
    }

    /// Realizations counted.
    pub fn realizations(&self) -> u64 {
        self.realizations
    }

    /// The counts, unit by unit (`[unit][cell]`).
    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// Counts one realization's block of unit ids (one per cell); a block with an id that is
    /// none of the units changes nothing.
    pub fn add(&mut self, block: &[i32]) -> Result<(), EnsembleError> {
        if block.len() != self.cells {
            return Err(EnsembleError::Shape {
                what: "block of unit ids",
                expected: self.cells,
                found: block.len(),
            });
        }
        let units = block
            .iter()
            .enumerate()
            .map(|(cell, &id)| {
                self.ids
                    .iter()
                    .position(|&u| u == id)
                    .ok_or(EnsembleError::UnknownId { id, cell })
            })
            .collect::<Result<Vec<usize>, _>>()?;
        for (cell, u) in units.into_iter().enumerate() {
            self.counts[u * self.cells + cell] += 1;
        }
        self.realizations += 1;
        Ok(())
    }

    /// Adds another batch's counts (the same units and cells).
    pub fn merge(&mut self, other: &UnitCounts) -> Result<(), EnsembleError> {
        if other.ids != self.ids || other.cells != self.cells {
            return Err(EnsembleError::Shape {
                what: "counts of units and cells",
                expected: self.counts.len(),
                found: other.counts.len(),
            });
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.realizations += other.realizations;
        Ok(())
    }

    /// `p[u][c] = counts[u][c] / realizations`, unit by unit: the probability of unit `ids[u]`
    /// in cell `c` (all zero before any realization). Every cell's probabilities sum to 1 up
    /// to rounding.
    pub fn probability(&self) -> Vec<f64> {
        let n = self.realizations.max(1) as f64;
        self.counts.iter().map(|&c| f64::from(c) / n).collect()
    }

    /// The information entropy of every cell, in bits (Wellmann and Regenauer-Lieb, 2012):
    ///
    /// ```text
    /// H(c) = −Σ_u p_u(c) log₂ p_u(c)        (0 · log 0 = 0)
    /// ```
    ///
    /// 0 where every realization agrees, `log₂ n` where `n` units are equally likely.
    pub fn entropy(&self) -> Vec<f64> {
        let p = self.probability();
        (0..self.cells)
            .map(|c| {
                let h: f64 = (0..self.ids.len())
                    .map(|u| p[u * self.cells + c])
                    .filter(|&p| p > 0.0)
                    .map(|p| -p * p.log2())
                    .sum();
                h.max(0.0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_merged_in_any_order_give_the_same_counts() {
        let blocks = [[1, 2, 3], [3, 2, 1], [1, 1, 1], [2, 3, 2]];
        let mut all = UnitCounts::new(vec![1, 2, 3], 3);
        for b in &blocks {
            all.add(b).unwrap();
        }
        let mut first = UnitCounts::new(vec![1, 2, 3], 3);
        let mut second = UnitCounts::new(vec![1, 2, 3], 3);
        first.add(&blocks[0]).unwrap();
        first.add(&blocks[3]).unwrap();
        second.add(&blocks[2]).unwrap();
        second.add(&blocks[1]).unwrap();
        second.merge(&first).unwrap();
        assert_eq!(second, all);
        assert_eq!(all.realizations(), 4);
        let p = all.probability();
        for c in 0..3 {
            let sum: f64 = (0..3).map(|u| p[u * 3 + c]).sum();
            assert!((sum - 1.0).abs() < 1e-15);
        }
        // Three equally likely units... in no cell here; cell 0 has p = (2, 1, 1)/4.
        assert!((all.entropy()[0] - 1.5).abs() < 1e-15);
    }

    #[test]
    fn bad_blocks_and_parts_are_errors() {
        let mut counts = UnitCounts::new(vec![1, 2], 2);
        assert!(matches!(
            counts.add(&[1, 5]),
            Err(EnsembleError::UnknownId { id: 5, cell: 1 })
        ));
        assert!(matches!(counts.add(&[1]), Err(EnsembleError::Shape { .. })));
        assert!(UnitCounts::from_parts(vec![1, 2], 2, 1, vec![1, 0, 0]).is_err());
        assert!(UnitCounts::from_parts(vec![1, 2], 2, 1, vec![2, 0, 0, 1]).is_err());
        let other = UnitCounts::new(vec![1, 3], 2);
        assert!(counts.merge(&other).is_err());
    }
}
