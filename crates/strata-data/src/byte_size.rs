//! Sizes in bytes as people write them: `2GiB`, `512 MiB`, `1.5GB`, `1000000`.

/// A size that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a size: a number of bytes with an optional unit (B, KB, MB, GB, TB, KiB, MiB, \
     GiB, TiB), e.g. \"2GiB\""
)]
#[non_exhaustive]
pub struct BadByteSize(pub String);

/// Parses a size: a non-negative number, optional spaces, an optional unit (decimal `KB` …
/// `TB`, binary `KiB` … `TiB`, `B`; any case). Fractions are rounded down to whole bytes.
///
/// ```
/// use strata_data::parse_byte_size;
///
/// assert_eq!(parse_byte_size("2GiB")?, 2 << 30);
/// assert_eq!(parse_byte_size("1.5 GB")?, 1_500_000_000);
/// assert_eq!(parse_byte_size("4096")?, 4096);
/// assert!(parse_byte_size("lots").is_err());
/// # Ok::<(), strata_data::BadByteSize>(())
/// ```
pub fn parse_byte_size(text: &str) -> Result<u64, BadByteSize> {
    let bad = || BadByteSize(text.to_owned());
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let value: f64 = number.parse().map_err(|_| bad())?;
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024f64.powi(2),
        "gib" => 1024f64.powi(3),
        "tib" => 1024f64.powi(4),
        _ => return Err(bad()),
    };
    let bytes = value * scale;
    if bytes.is_finite() && bytes < u64::MAX as f64 {
        Ok(bytes as u64)
    } else {
        Err(bad())
    }
}
