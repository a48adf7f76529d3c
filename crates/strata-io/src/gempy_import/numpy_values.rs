//! The numpy values of a GemPy v2 saved model: one-dimensional `.npy` arrays (the extent and
//! the resolution) and arrays printed by numpy into a CSV cell (`[3 3 3 0]`,
//! `[ 7.21180062e+05  6.89349475e+06 -3.95136022e+03]`).
//!
//! An `.npy` file (numpy's format, versions 1–3) is the magic `\x93NUMPY`, two version bytes,
//! the header length (`u16` little-endian in version 1, `u32` after), a header that is a Python
//! dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (6,), }`, then the values in
//! C order. Only one-dimensional arrays of little-endian (or one-byte) integers and floats are
//! read: what GemPy writes for the extent and the resolution.

use thiserror::Error;

/// Why an `.npy` file could not be read.
#[derive(Debug, Error, PartialEq)]
pub(crate) enum NpyError {
    /// The file does not start with `\x93NUMPY` and a known version.
    #[error("not a numpy .npy file (no \\x93NUMPY magic and version 1, 2 or 3)")]
    NotNpy,
    /// The header is cut short or lacks a key.
    #[error("malformed .npy header: {0}")]
    Header(String),
    /// The element type is not one this reader takes.
    #[error("unsupported element type '{0}' (little-endian integers and floats)")]
    Dtype(String),
    /// The array is not one-dimensional, or its data do not fill its shape.
    #[error("expected a one-dimensional array of {expected} values, found {found}")]
    Shape {
        /// The number of values wanted.
        expected: usize,
        /// What the file holds (its shape, or the size of its data).
        found: String,
    },
}

/// The element types read: kind and size in bytes.
#[derive(Clone, Copy)]
enum Element {
    Float(usize),
    Int(usize),
    Uint(usize),
}

impl Element {
    /// numpy's type string: `<f8`, `<i4`, `|u1`...; `>` (big-endian) is refused.
    fn parse(descr: &str) -> Result<Self, NpyError> {
        let unsupported = || NpyError::Dtype(descr.to_string());
        let (order, rest) = descr.split_at_checked(1).ok_or_else(unsupported)?;
        let (kind, size) = rest.split_at_checked(1).ok_or_else(unsupported)?;
        let size: usize = size.parse().map_err(|_| unsupported())?;
        if !(order == "<" || order == "|" && size == 1 || order == "=") {
            return Err(unsupported());
        }
        match (kind, size) {
            ("f", 4 | 8) => Ok(Self::Float(size)),
            ("i", 1 | 2 | 4 | 8) => Ok(Self::Int(size)),
            ("u", 1 | 2 | 4 | 8) => Ok(Self::Uint(size)),
            _ => Err(unsupported()),
        }
    }

    fn size(self) -> usize {
        match self {
            Self::Float(n) | Self::Int(n) | Self::Uint(n) => n,
        }
    }

    /// One little-endian value as `f64` (integers above 2⁵³ round).
    fn value(self, b: &[u8]) -> f64 {
        let mut word = [0u8; 8];
        word[..b.len()].copy_from_slice(b);
        let bits = u64::from_le_bytes(word);
        match self {
            Self::Float(4) => f64::from(f32::from_bits(bits as u32)),
            Self::Float(_) => f64::from_bits(bits),
            Self::Uint(_) => bits as f64,
            Self::Int(n) => {
                // Sign-extend from n bytes.
                let shift = 64 - 8 * n as u32;
                (((bits << shift) as i64) >> shift) as f64
            }
        }
    }
}

/// The `n` values of a one-dimensional `.npy` array, as `f64`.
pub(crate) fn read_npy_vector(bytes: &[u8], n: usize) -> Result<Vec<f64>, NpyError> {
    let rest = bytes.strip_prefix(b"\x93NUMPY").ok_or(NpyError::NotNpy)?;
    let (header_len, rest) = match rest {
        [1, _, a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
        [2 | 3, _, a, b, c, d, rest @ ..] => (u32::from_le_bytes([*a, *b, *c, *d]) as usize, rest),
        _ => return Err(NpyError::NotNpy),
    };
    let header = rest
        .get(..header_len)
        .ok_or_else(|| NpyError::Header("shorter than its stated length".into()))?;
    let header = std::str::from_utf8(header).map_err(|_| NpyError::Header("not text".into()))?;
    let element = Element::parse(&quoted_value(header, "descr")?)?;
    let shape = raw_value(header, "shape")?;
    let dims: Vec<&str> = shape
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    if dims.len() != 1 || dims[0].parse::<usize>() != Ok(n) {
        return Err(NpyError::Shape {
            expected: n,
            found: format!("shape {shape}"),
        });
    }
    let data = &rest[header_len..];
    if data.len() != n * element.size() {
        return Err(NpyError::Shape {
            expected: n,
            found: format!("{} bytes of data", data.len()),
        });
    }
    Ok(data
        .chunks_exact(element.size())
        .map(|b| element.value(b))
        .collect())
}

/// The text after `'key':` up to the next `,` outside parentheses.
fn raw_value<'h>(header: &'h str, key: &str) -> Result<&'h str, NpyError> {
    let start = header
        .find(&format!("'{key}':"))
        .ok_or_else(|| NpyError::Header(format!("no '{key}'")))?
        + key.len()
        + 3;
    let rest = header[start..].trim_start();
    let mut depth = 0;
    let end = rest
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth == 0 && (c == ',' || c == '}')
        })
        .map_or(rest.len(), |(i, _)| i);
    Ok(rest[..end].trim())
}

/// A quoted string value (`'<f8'`).
fn quoted_value(header: &str, key: &str) -> Result<String, NpyError> {
    let raw = raw_value(header, key)?;
    raw.strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .map(str::to_string)
        .ok_or_else(|| NpyError::Header(format!("'{key}' is not a quoted string")))
}

/// The numbers of an array as numpy prints it: `[` values separated by white space `]`.
pub(crate) fn parse_printed_array(text: &str) -> Option<Vec<f64>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    inner
        .split_whitespace()
        .map(|v| v.parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version-1 `.npy` file of `descr` and `shape` holding `data`.
    fn npy(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
        let mut header =
            format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend((header.len() as u16).to_le_bytes());
        out.extend(header.as_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn floats_and_integers_of_every_width() {
        let extent = [696000.0, 747000.0, 6863000.0, 6930000.0, -20000.0, 200.0];
        let bytes: Vec<u8> = extent.iter().flat_map(|v: &f64| v.to_le_bytes()).collect();
        assert_eq!(
            read_npy_vector(&npy("<f8", "(6,)", &bytes), 6).unwrap(),
            extent
        );
        let ints: Vec<u8> = [50i32, -3, 7]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(
            read_npy_vector(&npy("<i4", "(3,)", &ints), 3).unwrap(),
            [50.0, -3.0, 7.0]
        );
        let longs: Vec<u8> = [-200i64, 1000]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(
            read_npy_vector(&npy("<i8", "(2,)", &longs), 2).unwrap(),
            [-200.0, 1000.0]
        );
        assert_eq!(
            read_npy_vector(&npy("|u1", "(2,)", &[7, 255]), 2).unwrap(),
            [7.0, 255.0]
        );
        let f32s: Vec<u8> = [1.5f32, -2.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(
            read_npy_vector(&npy("<f4", "(2,)", &f32s), 2).unwrap(),
            [1.5, -2.0]
        );
    }

    #[test]
    fn what_is_not_read() {
        assert_eq!(read_npy_vector(b"PK\x03\x04", 3), Err(NpyError::NotNpy));
        let three: Vec<u8> = [1i32, 2, 3].iter().flat_map(|v| v.to_le_bytes()).collect();
        assert!(matches!(
            read_npy_vector(&npy("<i4", "(3,)", &three), 6),
            Err(NpyError::Shape { expected: 6, .. })
        ));
        assert!(matches!(
            read_npy_vector(&npy("<i4", "(3, 1)", &three), 3),
            Err(NpyError::Shape { .. })
        ));
        assert!(matches!(
            read_npy_vector(&npy("<i4", "(3,)", &three[..8]), 3),
            Err(NpyError::Shape { .. })
        ));
        assert_eq!(
            read_npy_vector(&npy(">f8", "(3,)", &[0; 24]), 3),
            Err(NpyError::Dtype(">f8".into()))
        );
        assert!(matches!(
            read_npy_vector(&npy("<c16", "(1,)", &[0; 16]), 1),
            Err(NpyError::Dtype(_))
        ));
        let mut cut = npy("<i4", "(3,)", &three);
        cut.truncate(20);
        assert!(matches!(read_npy_vector(&cut, 3), Err(NpyError::Header(_))));
    }

    #[test]
    fn arrays_as_numpy_prints_them() {
        assert_eq!(
            parse_printed_array("[3 3 3 0]"),
            Some(vec![3.0, 3.0, 3.0, 0.0])
        );
        assert_eq!(
            parse_printed_array("[ 7.21180062e+05  6.89349475e+06 -3.95136022e+03]"),
            Some(vec![721180.062, 6893494.75, -3951.36022])
        );
        assert_eq!(parse_printed_array("[]"), Some(vec![]));
        assert_eq!(parse_printed_array("3 3"), None);
        assert_eq!(parse_printed_array("[3 x]"), None);
        assert_eq!(parse_printed_array("[nan]"), None);
    }
}
