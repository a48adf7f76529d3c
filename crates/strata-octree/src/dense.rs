//! The dense regular block of a level (docs/math.md §8.5).
//!
//! The block of level `L` has the resolution of that level's full grid, flattened x slowest,
//! z fastest. It is filled coarse to fine: a cell of level `l` with integer coordinates `k`
//! covers the block cells `[k·2^(L−l), (k+1)·2^(L−l))` on every axis and writes its value
//! there, so each block cell ends up with the value of the finest level that evaluated it —
//! the same block as gempy_engine's `get_regular_grid_value_for_level`.
//!
//! The block is the one array of the crate that grows with the full grid, so it is checked
//! against a memory budget before it is allocated.

use thiserror::Error;

use crate::OctreeGrid;

/// Why a dense block could not be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DenseError {
    /// The level asked for was not evaluated.
    #[error("level {level} asked for, but only {levels} levels were evaluated")]
    NoSuchLevel {
        /// The level asked for.
        level: usize,
        /// Levels given.
        levels: usize,
    },
    /// There is not one value array per level.
    #[error("{values} value arrays for {levels} levels")]
    LevelCount {
        /// Levels given.
        levels: usize,
        /// Value arrays given.
        values: usize,
    },
    /// A level's values do not match its cells.
    #[error("level {level}: {found} values for {cells} cells")]
    ValueCount {
        /// The level.
        level: usize,
        /// Its active cells.
        cells: usize,
        /// Values given.
        found: usize,
    },
    /// The root level does not cover its whole grid.
    #[error("the root level has {cells} of its {expected} cells")]
    IncompleteRoot {
        /// Cells of the root.
        cells: usize,
        /// Cells of its grid.
        expected: usize,
    },
    /// The block would not fit in the memory budget.
    #[error("a {resolution:?} block needs {bytes} bytes, more than the budget of {budget} bytes")]
    TooLarge {
        /// Resolution of the block.
        resolution: [usize; 3],
        /// Bytes needed (saturated).
        bytes: u128,
        /// The budget.
        budget: u64,
    },
}

/// The dense block of level `level` (module rule). `values[l]` holds one value per active
/// cell of `levels[l]`; the block must fit in `budget` bytes.
pub fn dense_block<T: Copy>(
    levels: &[OctreeGrid],
    values: &[&[T]],
    level: usize,
    budget: u64,
) -> Result<Vec<T>, DenseError> {
    if level >= levels.len() {
        return Err(DenseError::NoSuchLevel {
            level,
            levels: levels.len(),
        });
    }
    if values.len() != levels.len() {
        return Err(DenseError::LevelCount {
            levels: levels.len(),
            values: values.len(),
        });
    }
    for (l, (grid, v)) in levels.iter().zip(values).enumerate() {
        if grid.len() != v.len() {
            return Err(DenseError::ValueCount {
                level: l,
                cells: grid.len(),
                found: v.len(),
            });
        }
    }
    let (levels, values) = (&levels[..=level], &values[..=level]);
    let (root, finest) = (&levels[0], &levels[level]);
    let root_cells: usize = root.resolution().iter().product();
    if root.len() != root_cells {
        return Err(DenseError::IncompleteRoot {
            cells: root.len(),
            expected: root_cells,
        });
    }
    let resolution = finest.resolution();
    let cells = resolution
        .iter()
        .fold(1u128, |acc, &n| acc.saturating_mul(n as u128));
    let bytes = cells.saturating_mul(size_of::<T>() as u128);
    if bytes > u128::from(budget) {
        return Err(DenseError::TooLarge {
            resolution,
            bytes,
            budget,
        });
    }
    let [_, ny, nz] = resolution;
    let mut block = vec![values[0][0]; cells as usize];
    for (l, (grid, v)) in levels.iter().zip(values).enumerate() {
        let width = 1usize << (level - l);
        for (cell, &value) in grid.cells().iter().zip(v.iter()) {
            let [x0, y0, z0] = cell.map(|k| k * width);
            for x in x0..x0 + width {
                for y in y0..y0 + width {
                    let row = (x * ny + y) * nz;
                    block[row + z0..row + z0 + width].fill(value);
                }
            }
        }
    }
    Ok(block)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_MEMORY_BUDGET;
    use strata_data::RegularGrid;

    #[test]
    fn refined_cells_overwrite_their_parent() {
        let grid = RegularGrid::new([0.0, 2.0, 0.0, 1.0, 0.0, 1.0], [2, 1, 1]).unwrap();
        let root = OctreeGrid::root(&grid);
        let child = root.children(&[false, true]).unwrap();
        let child_values: Vec<u8> = (10..18).collect();
        let levels = [root, child];
        let values: [&[u8]; 2] = [&[1, 2], &child_values];
        assert_eq!(
            dense_block(&levels, &values, 0, DEFAULT_MEMORY_BUDGET).unwrap(),
            vec![1, 2]
        );
        let block = dense_block(&levels, &values, 1, DEFAULT_MEMORY_BUDGET).unwrap();
        // Resolution [4, 2, 2]: x = 0, 1 from the unrefined root cell, x = 2, 3 from children.
        assert_eq!(block.len(), 16);
        assert!(block[..8].iter().all(|&v| v == 1));
        assert_eq!(&block[8..], &[10, 11, 12, 13, 14, 15, 16, 17]);
    }

    #[test]
    fn bad_inputs_are_refused() {
        let grid = RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [2, 2, 2]).unwrap();
        let root = OctreeGrid::root(&grid);
        assert_eq!(
            dense_block::<u8>(&[], &[], 0, DEFAULT_MEMORY_BUDGET),
            Err(DenseError::NoSuchLevel {
                level: 0,
                levels: 0
            })
        );
        let root = [root];
        assert!(matches!(
            dense_block(&root, &[&[0u8; 3]], 0, DEFAULT_MEMORY_BUDGET),
            Err(DenseError::ValueCount { level: 0, .. })
        ));
        assert!(matches!(
            dense_block(&root, &[&[0u64; 8]], 0, 32),
            Err(DenseError::TooLarge { bytes: 64, .. })
        ));
    }
}
