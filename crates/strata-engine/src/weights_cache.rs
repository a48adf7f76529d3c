//! The weights cache (docs/math.md §10): a stack's weights are keyed by the content hash of
//! everything that determines its system — points, orientations, nuggets, kernel options and
//! the fault-drift values at the data points — and by the kind of condition number, so
//! identical systems are solved once and any change of input gives a new key.
//!
//! The cache belongs to its caller (there is no process-wide instance) and holds at most
//! [`capacity`](WeightsCache::capacity) systems in memory, evicting the least recently used.
//! Entries can also persist between processes through a [`WeightsStore`]; the engine knows no
//! files, `strata_io::WeightsDir` stores them in a directory.
//!
//! A second index, by stack identity (name and kernel options) rather than content, keeps the
//! last weights of each stack with their data points: the starting guess of the iterative
//! solve when the stack's data changed a little ([`WeightsCache::starting_guess`], the
//! `warm_start` module). It holds at most `capacity` stacks as well.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use strata_data::{ContentHash, ContentHasher};
use strata_kernel::KrigingSystem;
use strata_solver::{ConditionKind, PivotTest, Weights};

use crate::warm_start::{NearbyEntry, identity};

/// Systems kept in memory by [`WeightsCache::new`]: enough for every stack of a few hundred
/// models, a few megabytes for systems of a thousand rows.
pub const DEFAULT_CAPACITY: usize = 256;

/// What identifies a solved system: the blake3 hash of its canonical encoding and the kind of
/// condition number computed with the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WeightsKey {
    /// blake3 of the system's canonical encoding and the condition kind's name.
    pub hash: [u8; 32],
    /// The condition number stored with the weights.
    pub condition: ConditionKind,
}

impl WeightsKey {
    /// The key of `system` solved with condition number `condition` and singularity test
    /// `pivots` ([`PivotTest::ExactZero`] adds a tag; default keys are unchanged: weights solved
    /// despite a negligible pivot are no answer for the default test).
    pub fn new(system: &KrigingSystem, condition: ConditionKind, pivots: PivotTest) -> Self {
        let mut h = ContentHasher::new();
        h.tag("weights").str(condition.name());
        if pivots == PivotTest::ExactZero {
            h.tag("exact-zero pivot test");
        }
        system.hash_into(&mut h);
        Self {
            hash: h.finish(),
            condition,
        }
    }

    /// The hash in lower-case hexadecimal (64 characters), e.g. for a file name.
    pub fn hex(&self) -> String {
        self.hash.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Where solved weights persist between processes (implemented by `strata_io::WeightsDir`).
///
/// A store is an optimisation: [`load`](Self::load) answers `None` for anything it cannot read
/// back whole, and the cache only logs a failed [`save`](Self::save).
pub trait WeightsStore: Send + Sync + fmt::Debug {
    /// The weights saved under `key`, if a whole entry is there.
    fn load(&self, key: &WeightsKey) -> Option<Weights>;

    /// Saves `weights` under `key`; readers, in this process or another, see the old entry or
    /// the new one, never a part.
    fn save(&self, key: &WeightsKey, weights: &Weights) -> Result<(), StoreError>;
}

/// Why a [`WeightsStore`] could not save an entry: where (a file, a directory, a table) and the
/// I/O error.
#[derive(Debug, thiserror::Error)]
#[error("{place}: {source}")]
#[non_exhaustive]
pub struct StoreError {
    /// What could not be written, in words (a path for a directory store).
    pub place: String,
    /// The I/O error.
    #[source]
    pub source: std::io::Error,
}

impl StoreError {
    /// The failure to write `place`.
    pub fn new(place: impl Into<String>, source: std::io::Error) -> Self {
        Self {
            place: place.into(),
            source,
        }
    }
}

/// One cached system and when it was last used (a tick of the cache's clock).
#[derive(Debug)]
struct Entry {
    weights: Weights,
    last_used: u64,
}

/// The in-memory entries, the last weights of each stack identity, and the clock that orders
/// their uses.
#[derive(Debug, Default)]
struct Entries {
    map: HashMap<WeightsKey, Entry>,
    nearby: HashMap<[u8; 32], NearbyEntry>,
    clock: u64,
}

impl Entries {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }
}

/// Solved weights by system, in memory (bounded, least recently used evicted) and optionally
/// in a [`WeightsStore`].
///
/// ```
/// use strata_engine::WeightsCache;
///
/// let cache = WeightsCache::with_capacity(2);
/// assert_eq!((cache.len(), cache.capacity(), cache.solves()), (0, 2, 0));
/// ```
#[derive(Debug)]
pub struct WeightsCache {
    entries: Mutex<Entries>,
    capacity: usize,
    store: Option<Box<dyn WeightsStore>>,
    solves: AtomicUsize,
}

impl Default for WeightsCache {
    fn default() -> Self {
        Self::new()
    }
}

impl WeightsCache {
    /// An empty in-memory cache of [`DEFAULT_CAPACITY`] systems.
    pub fn new() -> Self {
        Self::with_capacity(DEFAULT_CAPACITY)
    }

    /// An empty in-memory cache of at most `capacity` systems (0 keeps none in memory).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Mutex::default(),
            capacity,
            store: None,
            solves: AtomicUsize::new(0),
        }
    }

    /// This cache, also reading and writing entries through `store`.
    pub fn with_store(self, store: impl WeightsStore + 'static) -> Self {
        Self {
            store: Some(Box::new(store)),
            ..self
        }
    }

    /// The largest number of systems kept in memory.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The number of systems in memory now.
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// True when no system is in memory.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of systems solved through this cache (misses).
    pub fn solves(&self) -> usize {
        self.solves.load(Ordering::Relaxed)
    }

    /// The weights of `key`: from memory, else from the store (then kept in memory).
    pub fn get(&self, key: &WeightsKey) -> Option<Weights> {
        {
            let mut entries = self.lock();
            let now = entries.tick();
            if let Some(entry) = entries.map.get_mut(key) {
                entry.last_used = now;
                return Some(entry.weights.clone());
            }
        }
        let hit = self.store.as_ref()?.load(key)?;
        self.remember(*key, hit.clone());
        Some(hit)
    }

    /// Records freshly solved weights (counts one solve) in memory and in the store. A store
    /// that fails only logs a warning: the cache is an optimisation.
    pub fn insert(&self, key: WeightsKey, weights: Weights) {
        self.solves.fetch_add(1, Ordering::Relaxed);
        if let Some(store) = &self.store
            && let Err(e) = store.save(&key, &weights)
        {
            tracing::warn!("weights cache: cannot save {}: {e}", key.hex());
        }
        self.remember(key, weights);
    }

    /// Keeps `weights` in memory, evicting the least recently used entries beyond capacity.
    fn remember(&self, key: WeightsKey, weights: Weights) {
        let mut entries = self.lock();
        let last_used = entries.tick();
        entries.map.insert(key, Entry { weights, last_used });
        evict_beyond(&mut entries.map, self.capacity, |e| e.last_used);
    }

    /// A starting guess for `system` of stack `stack` from the last weights solved for that
    /// stack's identity, rows mapped by data point (the `warm_start` module); `None` when
    /// there are none or no row matches.
    pub fn starting_guess(&self, stack: &str, system: &KrigingSystem) -> Option<Vec<f64>> {
        let mut entries = self.lock();
        let now = entries.tick();
        let entry = entries.nearby.get_mut(&identity(stack, system))?;
        entry.last_used = now;
        let (guess, filled) = entry.guess(system);
        (filled > 0).then_some(guess)
    }

    /// Keeps `weights` of `system` as the last ones of stack `stack`, evicting the least
    /// recently used identities beyond capacity.
    pub fn remember_nearby(&self, stack: &str, system: &KrigingSystem, weights: &[f64]) {
        let mut entries = self.lock();
        let now = entries.tick();
        let entry = NearbyEntry::new(system, weights, now);
        entries.nearby.insert(identity(stack, system), entry);
        evict_beyond(&mut entries.nearby, self.capacity, |e| e.last_used);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Removes the least recently used entries of `map` until it holds at most `capacity`.
fn evict_beyond<K: Copy + Eq + std::hash::Hash, V>(
    map: &mut HashMap<K, V>,
    capacity: usize,
    last_used: impl Fn(&V) -> u64,
) {
    while map.len() > capacity {
        match map
            .iter()
            .min_by_key(|(_, e)| last_used(e))
            .map(|(k, _)| *k)
        {
            Some(k) => map.remove(&k),
            None => break,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> WeightsKey {
        WeightsKey {
            hash: [n; 32],
            condition: ConditionKind::OneNormEstimate,
        }
    }

    fn weights(v: f64) -> Weights {
        Weights {
            values: vec![v],
            condition_number: 1.0,
            condition_kind: ConditionKind::OneNormEstimate,
        }
    }

    #[test]
    fn the_least_recently_used_entry_is_evicted() {
        let cache = WeightsCache::with_capacity(2);
        cache.insert(key(1), weights(1.0));
        cache.insert(key(2), weights(2.0));
        assert!(cache.get(&key(1)).is_some(), "1 is now more recent than 2");
        cache.insert(key(3), weights(3.0));
        assert_eq!(cache.len(), 2);
        assert!(
            cache.get(&key(2)).is_none(),
            "2 was the least recently used"
        );
        assert_eq!(cache.get(&key(1)), Some(weights(1.0)));
        assert_eq!(cache.get(&key(3)), Some(weights(3.0)));
        assert_eq!(cache.solves(), 3);
    }

    #[test]
    fn capacity_zero_keeps_nothing_in_memory() {
        let cache = WeightsCache::with_capacity(0);
        cache.insert(key(1), weights(1.0));
        assert!(cache.is_empty());
        assert!(cache.get(&key(1)).is_none());
    }
}
