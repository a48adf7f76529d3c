//! The weights cache (ENGINE_MATH.md §10, done properly): a stack's weights are keyed by the
//! content hash of everything that determines its system — points, orientations, nuggets,
//! kernel options and the fault-drift values at the data points — so identical systems are
//! solved once, and any change of input gives a new key.
//!
//! Entries live in memory; with [`WeightsCache::with_dir`] they are also written to
//! `DIR/<hash>.weights` (little-endian `f64`s: the condition number, then the weights) and read
//! back by later runs.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use strata_data::{ContentHash, ContentHasher};
use strata_kernel::KrigingSystem;
use strata_solver::{ConditionKind, PivotTest};

/// Cached solution of one system.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedWeights {
    /// `w = A⁻¹ b`.
    pub weights: Vec<f64>,
    /// The condition number of `A`.
    pub condition_number: f64,
    /// Which condition number (part of the key, so never mixed up).
    pub condition_kind: ConditionKind,
}

/// An in-memory (optionally on-disk) map from system hash to weights.
#[derive(Debug, Default)]
pub struct WeightsCache {
    memory: Mutex<HashMap<[u8; 32], CachedWeights>>,
    dir: Option<PathBuf>,
    solves: AtomicUsize,
}

impl WeightsCache {
    /// An empty in-memory cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache that also persists entries in `dir` (created when first written).
    pub fn with_dir(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: Some(dir.into()),
            ..Self::default()
        }
    }

    /// The process-wide in-memory cache used by [`crate::compute_model`].
    pub fn global() -> &'static WeightsCache {
        static GLOBAL: OnceLock<WeightsCache> = OnceLock::new();
        GLOBAL.get_or_init(WeightsCache::new)
    }

    /// Number of systems solved through this cache (misses).
    pub fn solves(&self) -> usize {
        self.solves.load(Ordering::Relaxed)
    }

    /// The key of a system solved with condition number `condition` and singularity test
    /// `pivots`: blake3 of the system's canonical encoding, the condition kind's name and, for
    /// [`PivotTest::ExactZero`], a tag (default keys are unchanged).
    pub fn key(system: &KrigingSystem, condition: ConditionKind, pivots: PivotTest) -> [u8; 32] {
        let mut h = ContentHasher::new();
        h.tag("weights").str(condition.name());
        // Weights solved despite a negligible pivot are no answer for the default test.
        if pivots == PivotTest::ExactZero {
            h.tag("exact-zero pivot test");
        }
        system.hash_into(&mut h);
        h.finish()
    }

    /// Looks a key up in memory, then on disk (entries on disk are stored under keys of
    /// condition kind `kind`).
    pub fn get(&self, key: &[u8; 32], kind: ConditionKind) -> Option<CachedWeights> {
        if let Some(hit) = self.lock().get(key) {
            return Some(hit.clone());
        }
        let path = self.path(key)?;
        let bytes = std::fs::read(path).ok()?;
        let values: Vec<f64> = bytes
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().expect("chunk of 8")))
            .collect();
        let (&condition_number, weights) = values.split_first()?;
        let hit = CachedWeights {
            weights: weights.to_vec(),
            condition_number,
            condition_kind: kind,
        };
        self.lock().insert(*key, hit.clone());
        Some(hit)
    }

    /// Records a freshly solved system (counts one solve). Disk errors only log a warning:
    /// the cache is an optimisation.
    pub fn insert(&self, key: [u8; 32], value: CachedWeights) {
        self.solves.fetch_add(1, Ordering::Relaxed);
        if let Some(path) = self.path(&key) {
            let mut bytes = value.condition_number.to_le_bytes().to_vec();
            bytes.extend(value.weights.iter().flat_map(|w| w.to_le_bytes()));
            let tmp = path.with_extension("tmp");
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&tmp, bytes))
                .and_then(|()| std::fs::rename(&tmp, &path));
            if let Err(e) = written {
                tracing::warn!("weights cache: cannot write {}: {e}", path.display());
            }
        }
        self.lock().insert(key, value);
    }

    fn path(&self, key: &[u8; 32]) -> Option<PathBuf> {
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        self.dir.as_ref().map(|d| d.join(format!("{hex}.weights")))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], CachedWeights>> {
        self.memory.lock().unwrap_or_else(|e| e.into_inner())
    }
}
