//! A bounded cache of survey kernels, owned by the caller.
//!
//! `tz` and the TMI kernel depend only on the kernel's radius and resolution and on the
//! inducing field, not on the devices or the lithology, so a caller that runs many models on
//! one survey geometry computes them once. Entries are keyed by a [`SurveyKey`], the blake3
//! hash of a canonical little-endian encoding of those inputs; when the cache is full, the
//! least recently used entry is evicted. The cache is a plain value: no process-wide state.

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::Arc;

use crate::kernel_grid::CenteredKernel;
use crate::survey::{SurveyError, SurveyKernels, SurveyOptions};

/// Versions the encoding (and the formulas) behind a [`SurveyKey`].
const KEY_DOMAIN: &str = "strata-geophysics survey kernels v1";

/// The content hash of a survey geometry: blake3 over the bytes of
/// `"strata-geophysics survey kernels v1"`, the radius (`f64` bits), the resolution (`u64`),
/// a byte saying whether magnetics are asked for (1) or not (0) and then the inclination,
/// declination and intensity (`f64` bits), all little-endian.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SurveyKey([u8; 32]);

impl SurveyKey {
    /// The key of the kernels [`SurveyKernels::compute`] gives for `kernel` and `options`.
    pub fn new(kernel: &CenteredKernel, options: &SurveyOptions) -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(KEY_DOMAIN.as_bytes());
        for radius in kernel.radius() {
            hasher.update(&radius.to_bits().to_le_bytes());
        }
        for resolution in kernel.resolution() {
            hasher.update(&(resolution as u64).to_le_bytes());
        }
        hasher.update(&[u8::from(options.magnetics().is_some())]);
        if let Some(igrf) = options.magnetics() {
            for value in [igrf.inclination(), igrf.declination(), igrf.intensity()] {
                hasher.update(&value.to_bits().to_le_bytes());
            }
        }
        Self(*hasher.finalize().as_bytes())
    }

    /// The 32 bytes of the hash.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for SurveyKey {
    /// The hash in lower-case hexadecimal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

/// A cache of at most `capacity` [`SurveyKernels`] with least-recently-used eviction.
#[derive(Debug)]
pub struct KernelCache {
    capacity: NonZeroUsize,
    entries: HashMap<SurveyKey, Entry>,
    /// Counts lookups; an entry's `last_used` is the count at its latest lookup.
    clock: u64,
}

/// A cached survey and when it was last looked up.
#[derive(Debug)]
struct Entry {
    kernels: Arc<SurveyKernels>,
    last_used: u64,
}

impl Default for KernelCache {
    /// A cache of [`KernelCache::DEFAULT_CAPACITY`] entries.
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

impl KernelCache {
    /// The capacity of [`KernelCache::default`]: 8 survey geometries.
    pub const DEFAULT_CAPACITY: NonZeroUsize = NonZeroUsize::new(8).unwrap();

    /// An empty cache that holds at most `capacity` surveys.
    pub fn new(capacity: NonZeroUsize) -> Self {
        Self {
            capacity,
            entries: HashMap::new(),
            clock: 0,
        }
    }

    /// The most surveys the cache holds.
    pub fn capacity(&self) -> usize {
        self.capacity.get()
    }

    /// The number of surveys held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no survey is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the kernels of `key` are held (this does not count as a use).
    pub fn contains(&self, key: &SurveyKey) -> bool {
        self.entries.contains_key(key)
    }

    /// The kernels of `kernel` and `options`: the held ones, or [`SurveyKernels::compute`]
    /// stored after evicting the least recently used survey if the cache is full.
    ///
    /// # Errors
    /// The [`SurveyError`] of the computation; nothing is stored then.
    pub fn get_or_compute(
        &mut self,
        kernel: &CenteredKernel,
        options: &SurveyOptions,
    ) -> Result<Arc<SurveyKernels>, SurveyError> {
        self.clock += 1;
        let key = SurveyKey::new(kernel, options);
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.last_used = self.clock;
            return Ok(Arc::clone(&entry.kernels));
        }
        let kernels = Arc::new(SurveyKernels::compute(kernel, options)?);
        if self.entries.len() >= self.capacity.get() {
            self.evict_least_recently_used();
        }
        let entry = Entry {
            kernels: Arc::clone(&kernels),
            last_used: self.clock,
        };
        self.entries.insert(key, entry);
        Ok(kernels)
    }

    /// Removes the entry with the oldest `last_used`.
    fn evict_least_recently_used(&mut self) {
        let oldest = self
            .entries
            .iter()
            .min_by_key(|(_, entry)| entry.last_used)
            .map(|(key, _)| *key);
        if let Some(key) = oldest {
            self.entries.remove(&key);
        }
    }
}
