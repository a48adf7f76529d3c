//! The engine's weights cache on disk: one file per solved system, `DIR/<hash>.weights`,
//! holding little-endian `f64`s — the condition number, then the weights.
//!
//! Files are written atomically (a temporary file with a name unique to the process and the
//! call, renamed over the target), so processes sharing a directory never see a part of an
//! entry; two writers of one key both write the same system's weights, and the last rename
//! wins. A file that cannot be read back whole (truncated by hand, not a multiple of 8
//! bytes, a non-finite value) is no entry.

use std::path::{Path, PathBuf};

use strata_engine::{StoreError, Weights, WeightsKey, WeightsStore};

use crate::IoError;
use crate::atomic_write::write_atomically;

/// A directory of weights-cache entries (created when first written).
///
/// ```
/// use strata_engine::WeightsCache;
/// use strata_io::WeightsDir;
///
/// let dir = std::env::temp_dir().join(format!("strata-weights-doc-{}", std::process::id()));
/// let cache = WeightsCache::new().with_store(WeightsDir::new(&dir));
/// assert_eq!(cache.solves(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct WeightsDir {
    dir: PathBuf,
}

impl WeightsDir {
    /// Entries in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `key`.
    pub fn path(&self, key: &WeightsKey) -> PathBuf {
        self.dir.join(format!("{}.weights", key.hex()))
    }
}

impl WeightsStore for WeightsDir {
    fn load(&self, key: &WeightsKey) -> Option<Weights> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        if bytes.len() % 8 != 0 {
            return None;
        }
        let values: Vec<f64> = bytes
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let (&condition_number, weights) = values.split_first()?;
        values.iter().all(|v| v.is_finite()).then(|| Weights {
            values: weights.to_vec(),
            condition_number,
            condition_kind: key.condition,
        })
    }

    fn save(&self, key: &WeightsKey, weights: &Weights) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| StoreError::new(self.dir.display().to_string(), e))?;
        let bytes: Vec<u8> = std::iter::once(weights.condition_number)
            .chain(weights.values.iter().copied())
            .flat_map(f64::to_le_bytes)
            .collect();
        let path = self.path(key);
        write_atomically(&path, |out| out.write_all(&bytes)).map_err(|e| match e {
            IoError::Io { file, source } => StoreError::new(file, source),
            other => StoreError::new(path.display().to_string(), std::io::Error::other(other)),
        })
    }
}
