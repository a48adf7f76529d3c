//! Array descriptors of the result schema: `{"dtype", "shape", "data"}` inline, or
//! `{"dtype", "shape", "file"}` with the raw little-endian C-order bytes in a `.bin` file.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::IoError;
use crate::atomic_write::write_atomically;

/// The error of a descriptor that does not fit its values.
fn invalid(what: impl std::fmt::Display, problem: impl Into<String>) -> IoError {
    IoError::Array {
        array: what.to_string(),
        problem: problem.into(),
    }
}

/// The values of an array, by element type.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrayData {
    /// `float64`.
    F64(Vec<f64>),
    /// `int32`.
    I32(Vec<i32>),
}

impl ArrayData {
    /// The values as `f64` (ints converted).
    pub fn to_f64(&self) -> Vec<f64> {
        match self {
            Self::F64(v) => v.clone(),
            Self::I32(v) => v.iter().map(|&x| f64::from(x)).collect(),
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::F64(v) => v.len(),
            Self::I32(v) => v.len(),
        }
    }

    fn dtype(&self) -> &'static str {
        match self {
            Self::F64(_) => "float64",
            Self::I32(_) => "int32",
        }
    }
}

/// One array of the result schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArrayDescriptor {
    /// `float64` or `int32`.
    pub dtype: String,
    /// The shape, C order.
    pub shape: Vec<usize>,
    /// Inline values (flat, C order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<serde_json::Number>>,
    /// Name of the `.bin` file beside the JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl fmt::Display for ArrayDescriptor {
    /// The `.bin` file's name, or `inline <dtype> <shape>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{file}"),
            None => write!(f, "inline {} {:?}", self.dtype, self.shape),
        }
    }
}

impl ArrayDescriptor {
    /// A descriptor with the values inline.
    pub fn inline(shape: Vec<usize>, data: &ArrayData) -> Self {
        let numbers = match data {
            ArrayData::F64(v) => v
                .iter()
                .map(|&x| serde_json::Number::from_f64(x).unwrap_or_else(|| 0.into()))
                .collect(),
            ArrayData::I32(v) => v.iter().map(|&x| x.into()).collect(),
        };
        Self {
            dtype: data.dtype().into(),
            shape,
            data: Some(numbers),
            file: None,
        }
    }

    /// Writes the values to `dir/file` as raw little-endian bytes and returns the descriptor.
    pub fn write_bin(
        dir: &Path,
        file: &str,
        shape: Vec<usize>,
        data: &ArrayData,
    ) -> Result<Self, IoError> {
        let bytes: Vec<u8> = match data {
            ArrayData::F64(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            ArrayData::I32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        };
        write_atomically(&dir.join(file), |out| out.write_all(&bytes))?;
        Ok(Self {
            dtype: data.dtype().into(),
            shape,
            data: None,
            file: Some(file.into()),
        })
    }

    /// Number of elements the shape implies.
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// True when the shape has no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Loads, as `f64`, the array a JSON descriptor (a value of a result or expected file)
    /// describes; `.bin` files are looked up in `dir`.
    pub fn load_f64(descriptor: &serde_json::Value, dir: &Path) -> Result<Vec<f64>, IoError> {
        let d: Self = serde_json::from_value(descriptor.clone())
            .map_err(|e| invalid(descriptor, e.to_string()))?;
        Ok(d.load(dir)?.to_f64())
    }

    /// Loads the values (inline or from the `.bin` file in `dir`) and checks their count.
    pub fn load(&self, dir: &Path) -> Result<ArrayData, IoError> {
        let data = match (&self.data, &self.file) {
            (Some(values), _) => match self.dtype.as_str() {
                "float64" => ArrayData::F64(
                    values
                        .iter()
                        .map(|n| n.as_f64().unwrap_or(f64::NAN))
                        .collect(),
                ),
                "int32" => ArrayData::I32(
                    values
                        .iter()
                        .map(|n| n.as_i64().and_then(|x| i32::try_from(x).ok()))
                        .collect::<Option<_>>()
                        .ok_or_else(|| invalid(self, "int32 value out of range"))?,
                ),
                other => return Err(invalid(self, format!("unknown dtype '{other}'"))),
            },
            (None, Some(file)) => {
                let path = dir.join(file);
                let bytes = std::fs::read(&path).map_err(|source| IoError::Io {
                    file: path.display().to_string(),
                    source,
                })?;
                match self.dtype.as_str() {
                    "float64" => ArrayData::F64(
                        bytes
                            .chunks_exact(8)
                            .map(|c| f64::from_le_bytes(c.try_into().expect("chunk of 8")))
                            .collect(),
                    ),
                    "int32" => ArrayData::I32(
                        bytes
                            .chunks_exact(4)
                            .map(|c| i32::from_le_bytes(c.try_into().expect("chunk of 4")))
                            .collect(),
                    ),
                    other => return Err(invalid(self, format!("unknown dtype '{other}'"))),
                }
            }
            (None, None) => return Err(invalid(self, "neither data nor file")),
        };
        if data.len() != self.len() {
            return Err(invalid(
                self,
                format!(
                    "shape {:?} implies {} values, found {}",
                    self.shape,
                    self.len(),
                    data.len()
                ),
            ));
        }
        Ok(data)
    }
}
