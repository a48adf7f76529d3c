//! Stable content hashes.
//!
//! A content hash identifies data, not an object: blake3 over a canonical encoding in which
//! every number is written little-endian (`f64` as its IEEE-754 bits, lengths as `u64`) and
//! every field is preceded by a tag, so that the same data gives the same 32 bytes on every
//! run and platform, and changing, adding or moving any value changes them.

use crate::Point;

/// A blake3 hasher fed with the canonical encoding.
#[derive(Debug, Default, Clone)]
pub struct ContentHasher(blake3::Hasher);

impl ContentHasher {
    /// A new, empty hasher.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes a field tag (a short ASCII name) so that adjacent fields cannot be confused.
    pub fn tag(&mut self, tag: &str) -> &mut Self {
        self.str(tag)
    }

    /// Writes a `u64` little-endian.
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.0.update(&v.to_le_bytes());
        self
    }

    /// Writes a length or index.
    pub fn usize(&mut self, v: usize) -> &mut Self {
        self.u64(v as u64)
    }

    /// Writes an `f64` as its IEEE-754 bits, little-endian; `-0.0` is written as `0.0`.
    pub fn f64(&mut self, v: f64) -> &mut Self {
        let v = if v == 0.0 { 0.0 } else { v };
        self.0.update(&v.to_bits().to_le_bytes());
        self
    }

    /// Writes a boolean as one byte.
    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.0.update(&[u8::from(v)]);
        self
    }

    /// Writes a string as its length followed by its UTF-8 bytes.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.usize(s.len());
        self.0.update(s.as_bytes());
        self
    }

    /// Writes a slice of numbers, length first.
    pub fn f64s(&mut self, v: &[f64]) -> &mut Self {
        self.usize(v.len());
        for &x in v {
            self.f64(x);
        }
        self
    }

    /// Writes a slice of points, length first.
    pub fn points(&mut self, v: &[Point]) -> &mut Self {
        self.usize(v.len());
        for p in v {
            for &x in p {
                self.f64(x);
            }
        }
        self
    }

    /// Writes anything that has a content hash encoding.
    pub fn item<T: ContentHash + ?Sized>(&mut self, item: &T) -> &mut Self {
        item.hash_into(self);
        self
    }

    /// The 32-byte hash of everything written.
    pub fn finish(&self) -> [u8; 32] {
        *self.0.finalize().as_bytes()
    }
}

/// Data with a stable content hash.
pub trait ContentHash {
    /// Writes the canonical encoding of `self` (with a type tag) into `hasher`.
    fn hash_into(&self, hasher: &mut ContentHasher);

    /// blake3 of the canonical encoding.
    fn content_hash(&self) -> [u8; 32] {
        let mut h = ContentHasher::new();
        self.hash_into(&mut h);
        h.finish()
    }

    /// The content hash as 64 lowercase hex digits.
    fn content_hash_hex(&self) -> String {
        self.content_hash()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl<T: ContentHash> ContentHash for Option<T> {
    fn hash_into(&self, hasher: &mut ContentHasher) {
        match self {
            None => {
                hasher.bool(false);
            }
            Some(v) => {
                hasher.bool(true).item(v);
            }
        }
    }
}

impl<T: ContentHash> ContentHash for [T] {
    fn hash_into(&self, hasher: &mut ContentHasher) {
        hasher.usize(self.len());
        for v in self {
            v.hash_into(hasher);
        }
    }
}
