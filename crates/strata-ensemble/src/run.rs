//! An ensemble of one model: its realizations computed by the engine, one batch at a time, in
//! parallel on the calling thread's rayon pool.

use std::ops::Range;

use rayon::prelude::*;
use strata_data::{EngineInput, EvaluationOptions, ExtraGrids, RegularGrid};
use strata_engine::{ComputeOptions, Cpu, Dtype, Kernels, WeightsCache, compute_model_with};

use crate::perturbation::PointSigmas;
use crate::{EnsembleError, Perturbation, UnitCounts};

/// A model, its perturbation and a seed: everything that determines each realization.
///
/// Every realization is evaluated on the regular grid of the model's finest level (the user's
/// grid, or an octree's deepest level in full) without meshes, gradients or extra grids: an
/// ensemble wants the block of unit ids alone. Realization `i` is a function of
/// `(input, perturbation, seed, i)`, so [`Ensemble::run`] gives the same counts for any split
/// of the realizations into batches and any number of threads.
#[derive(Debug, Clone)]
pub struct Ensemble {
    input: EngineInput,
    sigmas: PointSigmas,
    seed: u64,
    options: ComputeOptions,
    kernels: Kernels<Cpu>,
    ids: Vec<i32>,
}

impl Ensemble {
    /// The ensemble of `input` under `perturbation` and generator `seed`, computed on the CPU
    /// in `f64` ([`with_dtype`](Self::with_dtype) changes it) with `options` (solver, memory
    /// budget; a project's `defaults` may ask for a pivot test), without the checks of
    /// geological sense (one warning per realization would drown the log).
    pub fn new(
        input: &EngineInput,
        perturbation: &Perturbation,
        seed: u64,
        options: ComputeOptions,
    ) -> Result<Self, EnsembleError> {
        let sigmas = PointSigmas::new(input, perturbation)?;
        let mut input = input.clone();
        let levels = input.evaluation().number_octree_levels;
        let grid = input.grid();
        let finest = grid.resolution().map(|r| r << (levels - 1));
        input.set_grid(RegularGrid::new(grid.extent(), finest)?);
        let mut evaluation = EvaluationOptions::default();
        evaluation.compute_scalar_gradient = false;
        evaluation.evaluation_chunk_size = input.evaluation().evaluation_chunk_size;
        input.set_evaluation(evaluation)?;
        input.set_extra_grids(ExtraGrids::default())?;
        let ids = input
            .unit_values()
            .iter()
            .map(|&u| u.round_ties_even() as i32)
            .collect();
        Ok(Self {
            input,
            sigmas,
            seed,
            options: options.with_checks(false),
            kernels: Kernels::default(),
            ids,
        })
    }

    /// This ensemble with its fields evaluated in precision `dtype`.
    pub fn with_dtype(self, dtype: Dtype) -> Self {
        Self {
            kernels: self.kernels.with_dtype(dtype),
            ..self
        }
    }

    /// The model's unit ids (surface by surface, then the unit below the last).
    pub fn ids(&self) -> &[i32] {
        &self.ids
    }

    /// `[nx, ny, nz]` of every realization's block.
    pub fn shape(&self) -> [usize; 3] {
        self.input.grid().resolution()
    }

    /// The generator's seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Realization `i`'s input: the model with its data moved.
    pub fn realization(&self, i: u64) -> Result<EngineInput, EnsembleError> {
        self.sigmas.realization(&self.input, self.seed, i)
    }

    /// Realization `i`'s block of unit ids (x slowest, z fastest). Stacks the perturbation
    /// leaves unchanged find their weights in `cache`.
    pub fn block(&self, i: u64, cache: &WeightsCache) -> Result<Vec<i32>, EnsembleError> {
        let input = self.realization(i)?;
        let solution =
            compute_model_with(&input, cache, self.options, &self.kernels).map_err(|source| {
                EnsembleError::Engine {
                    realization: i,
                    source,
                }
            })?;
        // Level 0 holds the grid's cells first (then, on other models, corners and extra grids).
        let mut ids = solution
            .levels
            .into_iter()
            .next()
            .map(|level| level.ids)
            .unwrap_or_default();
        ids.truncate(self.input.grid().len());
        Ok(ids)
    }

    /// The counts of realizations `range` (a batch; all of them for the whole ensemble),
    /// computed in parallel on the current rayon pool.
    pub fn run(&self, range: Range<u64>) -> Result<UnitCounts, EnsembleError> {
        let realizations = range.end.saturating_sub(range.start);
        if realizations > u64::from(u32::MAX) {
            return Err(EnsembleError::TooMany { realizations });
        }
        let cells = self.input.grid().len();
        let cache = WeightsCache::new();
        range
            .into_par_iter()
            .map(|i| self.block(i, &cache))
            .try_fold(
                || UnitCounts::new(self.ids.clone(), cells),
                |mut counts, block| {
                    counts.add(&block?)?;
                    Ok(counts)
                },
            )
            .try_reduce(
                || UnitCounts::new(self.ids.clone(), cells),
                |mut a, b| {
                    a.merge(&b)?;
                    Ok(a)
                },
            )
    }
}
