//! `Project.from_gempy_csv`: a GemPy-style call written as the `strata.toml` it stands for, and
//! read by the project reader — so it is checked, defaulted and reported (key, value, CSV line
//! and column) exactly as a project file is (docs/project-format.md).
//!
//! ```text
//! from_gempy_csv(sp, ori, extent, stacks, resolution, octree_levels, defaults, name, **interp)
//!   name = name, defaults = defaults, extent = extent, resolution | octree_levels
//!   surface_points = <path, or "surface_points (DataFrame)">, orientations = <likewise>
//!   [[stack]] one table per dict of `stacks`         [interpolation] = interp
//! ```
//!
//! A DataFrame is written with `to_csv(index=False)`: its header is line 1 and row `i` (by
//! position) line `i + 2` in error messages.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use crate::errors;

/// The name a generated project is known by in error messages.
pub const FILE: &str = "from_gempy_csv";

/// One CSV argument: a file, or the contents of a DataFrame or `bytes`.
pub enum CsvArgument {
    /// A CSV file, read when the project is built.
    File(PathBuf),
    /// CSV contents and the name they go by.
    Contents {
        /// The name in the project (and in error messages).
        name: String,
        /// The CSV text.
        bytes: Vec<u8>,
    },
}

impl CsvArgument {
    /// `obj` is a path (`str` or `os.PathLike`), `bytes`, or anything with pandas' `to_csv`;
    /// `role` (`surface_points`, `orientations`) names contents.
    pub fn extract(obj: &Bound<'_, PyAny>, role: &str) -> PyResult<Self> {
        if obj.hasattr("to_csv")? {
            let kwargs = PyDict::new(obj.py());
            kwargs.set_item("index", false)?;
            let text: String = obj.call_method("to_csv", (), Some(&kwargs))?.extract()?;
            return Ok(Self::Contents {
                name: format!("{role} (DataFrame)"),
                bytes: text.into_bytes(),
            });
        }
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(Self::Contents {
                name: format!("{role} (bytes)"),
                bytes: bytes.as_bytes().to_vec(),
            });
        }
        obj.extract::<PathBuf>().map(Self::File).map_err(|_| {
            errors::argument(format!(
                "{role}: expected a CSV path, bytes or a pandas DataFrame, got {}",
                type_name(obj)
            ))
        })
    }

    /// The name the project file gives it.
    pub fn name(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Contents { name, .. } => name.clone(),
        }
    }
}

/// The arguments of `from_gempy_csv` that become keys of the project file.
pub struct ProjectArguments<'py> {
    /// `extent`.
    pub extent: Bound<'py, PyAny>,
    /// `stacks`: a list of dicts.
    pub stacks: Bound<'py, PyAny>,
    /// `resolution`, if given.
    pub resolution: Option<Bound<'py, PyAny>>,
    /// `octree_levels`, if given.
    pub octree_levels: Option<Bound<'py, PyAny>>,
    /// `defaults`.
    pub defaults: String,
    /// `name`.
    pub name: String,
    /// `**interpolation`, if any.
    pub interpolation: Option<Bound<'py, PyDict>>,
}

/// The project file text of a `from_gempy_csv` call.
pub fn project_text(
    args: &ProjectArguments<'_>,
    surface_points: &CsvArgument,
    orientations: &CsvArgument,
) -> PyResult<String> {
    let mut table = toml::Table::new();
    table.insert("name".into(), toml::Value::String(args.name.clone()));
    table.insert(
        "defaults".into(),
        toml::Value::String(args.defaults.clone()),
    );
    table.insert("extent".into(), value(&args.extent, "extent")?);
    if let Some(r) = &args.resolution {
        table.insert("resolution".into(), value(r, "resolution")?);
    }
    if let Some(l) = &args.octree_levels {
        table.insert("octree_levels".into(), value(l, "octree_levels")?);
    }
    table.insert(
        "surface_points".into(),
        toml::Value::String(surface_points.name()),
    );
    table.insert(
        "orientations".into(),
        toml::Value::String(orientations.name()),
    );
    let stacks = match value(&args.stacks, "stacks")? {
        toml::Value::Array(stacks) => stacks,
        _ => return Err(errors::argument("stacks: expected a list of dicts")),
    };
    table.insert("stack".into(), toml::Value::Array(stacks));
    if let Some(interpolation) = &args.interpolation {
        table.insert(
            "interpolation".into(),
            value(interpolation.as_any(), "interpolation")?,
        );
    }
    toml::to_string(&table).map_err(|e| errors::argument(format!("{FILE}: {e}")))
}

/// A Python value as a TOML value: `bool`, integers (anything with `__index__`, numpy's
/// too), floats, `str`, sequences (lists, tuples, numpy arrays) and dicts with `str` keys.
/// `key` names the value in errors.
fn value(obj: &Bound<'_, PyAny>, key: &str) -> PyResult<toml::Value> {
    if let Ok(b) = obj.extract::<bool>() {
        return Ok(toml::Value::Boolean(b));
    }
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(toml::Value::Integer(i));
    }
    if let Ok(f) = obj.extract::<f64>() {
        return Ok(toml::Value::Float(f));
    }
    if let Ok(s) = obj.extract::<String>() {
        return Ok(toml::Value::String(s));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut table = toml::Table::new();
        for (k, v) in dict.iter() {
            let k: String = k
                .extract()
                .map_err(|_| errors::argument(format!("{key}: keys must be str")))?;
            let item = value(&v, &format!("{key}.{k}"))?;
            table.insert(k, item);
        }
        return Ok(toml::Value::Table(table));
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() || obj.hasattr("tolist")? {
        let list = if obj.hasattr("tolist")? {
            obj.call_method0("tolist")?
        } else {
            obj.clone()
        };
        let items = list
            .try_iter()?
            .map(|item| value(&item?, key))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(toml::Value::Array(items));
    }
    Err(errors::argument(format!(
        "{key}: cannot use a value of type {}",
        type_name(obj)
    )))
}

/// The Python type name of `obj`, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".into(), |n| n.to_string())
}
