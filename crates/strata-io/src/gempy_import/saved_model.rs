//! The tables of a GemPy v2 saved model (`gp.save_model` of GemPy 2: a folder of
//! `<name>_<table>.csv` files written by pandas, and `<name>_extent.npy`,
//! `<name>_resolution.npy`), read into what an import needs.
//!
//! | file | what is read |
//! |---|---|
//! | `_series.csv` | index (series name), `order_series`, `BottomRelation` (`Erosion`, `Onlap`, `Fault`) |
//! | `_surfaces.csv` | `surface`, `series`, `order_surfaces` |
//! | `_faults.csv` | index, `isFault`, `isFinite` (optional: else `BottomRelation = Fault`) |
//! | `_faults_relations.csv` | the boolean matrix, row offsets column (optional) |
//! | `_kriging_data.csv` | `range`, `$C_o$`, `drift equations`, optional `nugget grad`, `nugget scalar` |
//! | `_rescaling_data.csv` | `rescaling factor`, `centers` |
//! | `_extent.npy`, `_resolution.npy` | `[xmin, xmax, ymin, ymax, zmin, zmax]`, `[nx, ny, nz]` (optional) |
//!
//! The surface-point and orientation files are read by the project's own readers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::numpy_values::{parse_printed_array, read_npy_vector};
use crate::IoError;
use crate::csv_table::{CsvTable, Row};

/// How a series sits on the one below it (GemPy v2's `BottomRelation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BottomRelation {
    Erosion,
    Onlap,
    Fault,
}

/// One row of `_series.csv`.
#[derive(Debug, Clone)]
pub(super) struct Series {
    pub name: String,
    /// Its index among all series, in `order_series` (the index of its drift equations).
    pub index: usize,
    pub relation: BottomRelation,
    /// `isFault` of `_faults.csv`, else `BottomRelation = Fault`.
    pub is_fault: bool,
    /// `isFinite` of `_faults.csv`.
    pub is_finite: bool,
}

/// `_kriging_data.csv`: GemPy v2's interpolation parameters, world units.
#[derive(Debug, Clone)]
pub(super) struct Kriging {
    pub range: f64,
    pub c_o: f64,
    /// Drift equations per series (0, 3 or 9), by series index.
    pub drift_equations: Vec<f64>,
    pub nugget_grad: Option<f64>,
    pub nugget_scalar: Option<f64>,
}

/// `_rescaling_data.csv`: GemPy v2's `(x − centers) / factor` (+ 0.5001).
#[derive(Debug, Clone)]
pub(super) struct Rescaling {
    pub factor: f64,
    pub centers: [f64; 3],
}

/// A saved model's folder and tables.
pub(super) struct SavedModel {
    /// The model's name: the prefix of its files.
    pub name: String,
    dir: PathBuf,
    /// The series in `order_series`.
    pub series: Vec<Series>,
    /// `(surface, series)` in `order_surfaces` order (stable in file order).
    pub surfaces: Vec<(String, String)>,
    /// `fault_relations[j][i]`: series `j` offsets series `i` (series indices), when saved.
    pub fault_relations: Option<Vec<Vec<bool>>>,
    pub extent: Option<[f64; 6]>,
    pub resolution: Option<[usize; 3]>,
}

impl SavedModel {
    /// Reads the tables of the saved model in `dir`: the one `<name>_surface_points.csv` there
    /// names it.
    pub fn read(dir: &Path) -> Result<Self, IoError> {
        let name = model_name(dir)?;
        let mut model = Self {
            name,
            dir: dir.to_path_buf(),
            series: Vec::new(),
            surfaces: Vec::new(),
            fault_relations: None,
            extent: None,
            resolution: None,
        };
        model.series = model.read_series()?;
        model.surfaces = model.read_surfaces()?;
        model.fault_relations = model.read_fault_relations()?;
        model.extent = model
            .read_npy("extent", 6)?
            .map(|v| [v[0], v[1], v[2], v[3], v[4], v[5]]);
        model.resolution = match model.read_npy("resolution", 3)? {
            None => None,
            Some(v) => Some(resolution(&model.path("resolution.npy"), &v)?),
        };
        Ok(model)
    }

    /// `<dir>/<name>_<suffix>`.
    pub fn path(&self, suffix: &str) -> PathBuf {
        self.dir.join(format!("{}_{suffix}", self.name))
    }

    /// The table `<name>_<table>.csv`, if the folder has it.
    fn table(&self, table: &str) -> Result<Option<CsvTable>, IoError> {
        let path = self.path(&format!("{table}.csv"));
        if path.exists() {
            CsvTable::read(&path).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The table `<name>_<table>.csv`, which the folder must have.
    fn required_table(&self, table: &str, needed_for: &str) -> Result<CsvTable, IoError> {
        self.table(table)?.ok_or_else(|| IoError::SavedModel {
            file: self.path(&format!("{table}.csv")).display().to_string(),
            problem: format!("missing: {needed_for}"),
        })
    }

    fn read_series(&self) -> Result<Vec<Series>, IoError> {
        let table = self.required_table("series", "the stacks come from it")?;
        let (index, order) = (table.require(&[""])?, table.require(&["order_series"])?);
        let relation = table.require(&["bottomrelation"])?;
        let faults = self.read_faults()?;
        let mut series = Vec::new();
        for row in table.rows() {
            let name = row.name(index)?;
            let relation = match row.text(relation)? {
                "Erosion" => BottomRelation::Erosion,
                "Onlap" => BottomRelation::Onlap,
                "Fault" => BottomRelation::Fault,
                _ => return Err(row.error(relation, "unknown relation (Erosion, Onlap or Fault)")),
            };
            let (is_fault, is_finite) = faults
                .get(&name)
                .copied()
                .unwrap_or((relation == BottomRelation::Fault, false));
            series.push((
                row.number(order)?,
                Series {
                    name,
                    index: 0,
                    relation,
                    is_fault,
                    is_finite,
                },
            ));
        }
        series.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(series
            .into_iter()
            .enumerate()
            .map(|(i, (_, s))| Series { index: i, ..s })
            .collect())
    }

    /// `_faults.csv`: series → (isFault, isFinite); empty when the folder has no such file.
    fn read_faults(&self) -> Result<HashMap<String, (bool, bool)>, IoError> {
        let Some(table) = self.table("faults")? else {
            return Ok(HashMap::new());
        };
        let index = table.require(&[""])?;
        let (fault, finite) = (table.require(&["isfault"])?, table.require(&["isfinite"])?);
        table
            .rows()
            .map(|row| {
                Ok((
                    row.name(index)?,
                    (boolean(&row, fault)?, boolean(&row, finite)?),
                ))
            })
            .collect()
    }

    fn read_surfaces(&self) -> Result<Vec<(String, String)>, IoError> {
        let table = self.required_table("surfaces", "it maps the surfaces to the series")?;
        let surface = table.require(&["surface"])?;
        let series = table.require(&["series"])?;
        let order = table.require(&["order_surfaces"])?;
        let mut surfaces = Vec::new();
        for row in table.rows() {
            let s = row.name(series)?;
            if !self.series.iter().any(|known| known.name == s) {
                return Err(row.error(series, "no row of the series file has this name"));
            }
            surfaces.push((row.number(order)?, (row.name(surface)?, s)));
        }
        surfaces.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(surfaces.into_iter().map(|(_, s)| s).collect())
    }

    /// `_faults_relations.csv` as a matrix over the series, if the folder has it.
    fn read_fault_relations(&self) -> Result<Option<Vec<Vec<bool>>>, IoError> {
        let Some(table) = self.table("faults_relations")? else {
            return Ok(None);
        };
        let index = table.require(&[""])?;
        let n = self.series.len();
        let columns = self
            .series
            .iter()
            .map(|s| table.require(&[s.name.to_lowercase().as_str()]))
            .collect::<Result<Vec<_>, _>>()?;
        let mut matrix = vec![vec![false; n]; n];
        for row in table.rows() {
            let name = row.name(index)?;
            let Some(j) = self.series.iter().position(|s| s.name == name) else {
                return Err(row.error(index, "no row of the series file has this name"));
            };
            for (i, &c) in columns.iter().enumerate() {
                matrix[j][i] = boolean(&row, c)?;
            }
        }
        Ok(Some(matrix))
    }

    /// `_kriging_data.csv`, which the saved kriging values need.
    pub fn kriging(&self) -> Result<Kriging, IoError> {
        let table = self.required_table("kriging_data", "--defaults saved reads its values")?;
        let row = single_row(&table)?;
        let optional = |name: &str| -> Result<Option<f64>, IoError> {
            table.column(&[name])?.map(|c| row.number(c)).transpose()
        };
        let drift = table.require(&["drift equations"])?;
        Ok(Kriging {
            range: row.number(table.require(&["range"])?)?,
            c_o: row.number(table.require(&["$c_o$"])?)?,
            drift_equations: printed_array(&row, drift)?,
            nugget_grad: optional("nugget grad")?,
            nugget_scalar: optional("nugget scalar")?,
        })
    }

    /// `_rescaling_data.csv`, which the saved transform needs.
    pub fn rescaling(&self) -> Result<Rescaling, IoError> {
        let table = self.required_table("rescaling_data", "--defaults saved reads its values")?;
        let row = single_row(&table)?;
        let factor = table.require(&["rescaling factor"])?;
        let column = table.require(&["centers"])?;
        let centers = printed_array(&row, column)?;
        let [x, y, z] = centers[..] else {
            return Err(row.error(column, "expected three centre coordinates"));
        };
        Ok(Rescaling {
            factor: row.number(factor)?,
            centers: [x, y, z],
        })
    }

    /// The `n` values of `<name>_<array>.npy`, if the folder has it.
    fn read_npy(&self, array: &str, n: usize) -> Result<Option<Vec<f64>>, IoError> {
        let path = self.path(&format!("{array}.npy"));
        if !path.exists() {
            return Ok(None);
        }
        let bytes = std::fs::read(&path).map_err(|source| IoError::Io {
            file: path.display().to_string(),
            source,
        })?;
        read_npy_vector(&bytes, n)
            .map(Some)
            .map_err(|e| IoError::SavedModel {
                file: path.display().to_string(),
                problem: e.to_string(),
            })
    }
}

/// The name of the one `<name>_surface_points.csv` in `dir`.
fn model_name(dir: &Path) -> Result<String, IoError> {
    let error = |problem: String| IoError::SavedModel {
        file: dir.display().to_string(),
        problem,
    };
    let entries = std::fs::read_dir(dir).map_err(|source| IoError::Io {
        file: dir.display().to_string(),
        source,
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix("_surface_points.csv").map(str::to_string))
        .collect();
    names.sort();
    match &names[..] {
        [name] => Ok(name.clone()),
        [] => Err(error(
            "no <name>_surface_points.csv: not a GemPy saved model".into(),
        )),
        _ => Err(error(format!(
            "more than one saved model here ({})",
            names.join(", ")
        ))),
    }
}

/// pandas' `True` / `False`.
fn boolean(row: &Row<'_>, c: usize) -> Result<bool, IoError> {
    match row.text(c)? {
        "True" => Ok(true),
        "False" => Ok(false),
        _ => Err(row.error(c, "expected True or False")),
    }
}

/// The one data row of a GemPy v2 parameter table (index `values`).
fn single_row(table: &CsvTable) -> Result<Row<'_>, IoError> {
    let mut rows = table.rows();
    match (rows.next(), rows.next()) {
        (Some(row), None) => Ok(row),
        _ => Err(IoError::SavedModel {
            file: table.file().to_string(),
            problem: "expected one row of values".into(),
        }),
    }
}

/// A cell holding an array as numpy prints it.
fn printed_array(row: &Row<'_>, c: usize) -> Result<Vec<f64>, IoError> {
    parse_printed_array(row.text(c)?)
        .ok_or_else(|| row.error(c, "not an array of numbers as numpy prints it ([1 2 3])"))
}

/// A resolution: three whole numbers ≥ 1.
fn resolution(path: &Path, v: &[f64]) -> Result<[usize; 3], IoError> {
    match v {
        &[x, y, z] if v.iter().all(|r| r.fract() == 0.0 && *r >= 1.0 && *r <= 1e9) => {
            Ok([x as usize, y as usize, z as usize])
        }
        _ => Err(IoError::SavedModel {
            file: path.display().to_string(),
            problem: format!("the resolution {v:?} is not three whole numbers >= 1"),
        }),
    }
}
