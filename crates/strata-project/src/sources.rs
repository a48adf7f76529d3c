//! A project as its sources — the project file's text and the bytes of its two CSV files —
//! edited with GemPy's verbs and rebuilt by the project reader, so that every edit is checked
//! exactly as the files would be (the same errors, naming the file, line and column).
//!
//! ```text
//! ProjectSources { text, path, files }
//!   .add_surface_points(..) / .modify_.. / .delete_..      edit a CSV file's cells (CsvDocument)
//!   .set_extent(..) / .add_stack(..) / ..                   edit the project file (toml_edit: comments kept)
//!   .build(read) → Project                                  the reader, on the edited sources
//!   .save(dir)                                              every file the project names, then the project file
//! ```
//!
//! Edits are pure: each returns new sources (the old ones stay valid), and an edit the reader
//! rejects leaves the caller with the sources it had. Row indices are the records of the CSV
//! file, in file order (the rows of [`ProjectSources::surface_points`]).
//!
//! ```
//! use strata_project::{NewSurfacePoint, ProjectSources};
//!
//! let dir = std::env::temp_dir().join(format!("strata-sources-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! std::fs::write(dir.join("points.csv"), "X,Y,Z,formation\n\
//!     100,500,600,top\n500,500,600,top\n900,500,600,top\n")?;
//! std::fs::write(dir.join("orientations.csv"), "X,Y,Z,azimuth,dip,polarity,formation\n\
//!     500,500,600,90,0,1,top\n")?;
//! std::fs::write(dir.join("strata.toml"), r#"
//!     name = "layers"
//!     extent = [0.0, 1000.0, 0.0, 1000.0, 0.0, 1000.0]
//!     resolution = [10, 10, 10]
//!     surface_points = "points.csv"
//!     orientations = "orientations.csv"
//!     [[stack]]
//!     name = "strat"
//!     relation = "basement"
//!     surfaces = ["top"]
//! "#)?;
//! let (sources, project) = ProjectSources::load(&dir.join("strata.toml"))?;
//! assert_eq!(project.input.surface_points().len(), 3);
//!
//! let point = NewSurfacePoint { xyz: [500.0, 100.0, 620.0], surface: "top".into(), nugget: None };
//! let mut edited = sources.add_surface_points(&[point])?;
//! assert_eq!(edited.build()?.input.surface_points().len(), 4);
//!
//! // An edit is checked as the file would be: a surface no stack lists is an error.
//! let stray = NewSurfacePoint { xyz: [1.0, 2.0, 3.0], surface: "nowhere".into(), nugget: None };
//! assert!(edited.add_surface_points(&[stray])?.build().is_err());
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::{Component, Path, PathBuf};

use strata_data::Point;
use strata_io::{
    CsvDocument, IoError, OrientationRow, SurfacePointRow, angles_from_gradient, column_names,
    gradient_from_angles, parse_orientations, parse_surface_points, write_atomically,
};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use crate::Project;

/// The keys of the project file that name a file, relative to the project file's folder (or
/// absolute).
const FILE_KEYS: [&[&str]; 5] = [
    &["surface_points"],
    &["orientations"],
    &["custom_points"],
    &["topography", "file"],
    &["geophysics", "devices"],
];

/// The project file's text and path, and the bytes of its CSV files (module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSources {
    text: String,
    path: PathBuf,
    /// The CSV files read so far or edited, by the path the project gives them (the project
    /// file's folder joined with the key's value).
    files: Vec<(PathBuf, Vec<u8>)>,
}

/// A surface point to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSurfacePoint {
    /// World coordinates.
    pub xyz: Point,
    /// The surface it lies on.
    pub surface: String,
    /// Its nugget; `None`: the project's `nugget_surface_points`.
    pub nugget: Option<f64>,
}

/// A new value for some fields of existing rows; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowChange {
    /// New x, y and z (world units), each optional.
    pub xyz: [Option<f64>; 3],
    /// A new surface.
    pub surface: Option<String>,
    /// A new pole (orientations only).
    pub pole: Option<Pole>,
}

/// An orientation's pole as GemPy takes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pole {
    /// Dip and azimuth in degrees, and the polarity (±1: towards younger units or not).
    Angles {
        /// Dip, degrees.
        dip: f64,
        /// Azimuth, degrees.
        azimuth: f64,
        /// Polarity.
        polarity: f64,
    },
    /// The gradient vector `(G_x, G_y, G_z)`.
    Gradient(Point),
}

/// An orientation to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOrientation {
    /// World coordinates.
    pub xyz: Point,
    /// The surface it was measured on.
    pub surface: String,
    /// Its pole.
    pub pole: Pole,
    /// Its nugget; `None`: the project's `nugget_orientations`.
    pub nugget: Option<f64>,
}

/// Which of the two CSV files an edit is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Data {
    SurfacePoints,
    Orientations,
}

impl Data {
    fn key(self) -> &'static str {
        match self {
            Data::SurfacePoints => "surface_points",
            Data::Orientations => "orientations",
        }
    }
}

impl ProjectSources {
    /// The sources of the project file at `path` with text `text`; its CSV files are read on
    /// [`build`](Self::build) unless given by [`with_file`](Self::with_file).
    pub fn new(text: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        Self {
            text: text.into(),
            path: path.into(),
            files: Vec::new(),
        }
    }

    /// These sources with the bytes of the file the project names `path` (its folder joined
    /// with the key's value): a host that holds the files in memory.
    pub fn with_file(mut self, path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        let path = path.into();
        self.files.retain(|(p, _)| *p != path);
        self.files.push((path, bytes));
        self
    }

    /// Reads the project file at `path` and builds its project.
    pub fn load(path: &Path) -> Result<(Self, Project), IoError> {
        let text = std::fs::read_to_string(path).map_err(|source| IoError::Io {
            file: path.display().to_string(),
            source,
        })?;
        let mut sources = Self::new(text, path);
        let project = sources.build()?;
        Ok((sources, project))
    }

    /// The project file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The project file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The CSV files held, by the path the project gives them.
    pub fn files(&self) -> &[(PathBuf, Vec<u8>)] {
        &self.files
    }

    /// The project of these sources ([`Project::parse_with`]), reading from disk, and then
    /// keeping, any CSV file not held yet.
    pub fn build(&mut self) -> Result<Project, IoError> {
        self.build_with(read_file)
    }

    /// [`build`](Self::build), `read` supplying a CSV file not held yet.
    pub fn build_with(
        &mut self,
        mut read: impl FnMut(&Path) -> Result<Vec<u8>, IoError>,
    ) -> Result<Project, IoError> {
        let mut files = std::mem::take(&mut self.files);
        let project = Project::parse_with(&self.text, &self.path, |path| {
            if let Some((_, bytes)) = files.iter().find(|(p, _)| p == path) {
                return Ok(bytes.clone());
            }
            let bytes = read(path)?;
            files.push((path.to_path_buf(), bytes.clone()));
            Ok(bytes)
        });
        self.files = files;
        project
    }

    /// The surface-point file's rows, in file order.
    pub fn surface_points(&self) -> Result<Vec<SurfacePointRow>, IoError> {
        let (path, bytes) = self.data_file(Data::SurfacePoints)?;
        Ok(parse_surface_points(&bytes, &path.display().to_string())?.rows)
    }

    /// The orientation file's rows, in file order.
    pub fn orientations(&self) -> Result<Vec<OrientationRow>, IoError> {
        let (path, bytes) = self.data_file(Data::Orientations)?;
        Ok(parse_orientations(&bytes, &path.display().to_string())?.rows)
    }

    /// These sources with `points` appended to the surface-point file.
    pub fn add_surface_points(&self, points: &[NewSurfacePoint]) -> Result<Self, IoError> {
        self.edit_data(Data::SurfacePoints, |doc, columns| {
            for point in points {
                let row = doc.len();
                doc.push_row();
                columns.set_xyz(doc, row, point.xyz.map(Some));
                doc.set(row, columns.surface, point.surface.as_str());
                columns.set_nugget(doc, row, point.nugget)?;
            }
            Ok(())
        })
    }

    /// These sources with `orientations` appended to the orientation file (a pole given in
    /// the other form than the file's columns is converted: [`gradient_from_angles`],
    /// [`angles_from_gradient`]).
    pub fn add_orientations(&self, orientations: &[NewOrientation]) -> Result<Self, IoError> {
        self.edit_data(Data::Orientations, |doc, columns| {
            for o in orientations {
                let row = doc.len();
                doc.push_row();
                columns.set_xyz(doc, row, o.xyz.map(Some));
                doc.set(row, columns.surface, o.surface.as_str());
                columns.set_pole(doc, row, o.pole)?;
                columns.set_nugget(doc, row, o.nugget)?;
            }
            Ok(())
        })
    }

    /// These sources with each `(row, change)` applied to that surface point.
    pub fn modify_surface_points(&self, changes: &[(usize, RowChange)]) -> Result<Self, IoError> {
        self.modify(Data::SurfacePoints, changes)
    }

    /// These sources with each `(row, change)` applied to that orientation.
    pub fn modify_orientations(&self, changes: &[(usize, RowChange)]) -> Result<Self, IoError> {
        self.modify(Data::Orientations, changes)
    }

    /// These sources without the surface points at `rows`.
    pub fn delete_surface_points(&self, rows: &[usize]) -> Result<Self, IoError> {
        self.delete(Data::SurfacePoints, rows)
    }

    /// These sources without the orientations at `rows`.
    pub fn delete_orientations(&self, rows: &[usize]) -> Result<Self, IoError> {
        self.delete(Data::Orientations, rows)
    }

    /// These sources with the model's `extent = [xmin, xmax, ymin, ymax, zmin, zmax]`.
    pub fn set_extent(&self, extent: [f64; 6]) -> Result<Self, IoError> {
        self.edit_text(|doc| {
            doc["extent"] = value(Array::from_iter(extent));
            Ok(())
        })
    }

    /// These sources with a regular grid of `resolution` cells (an `octree_levels` key is
    /// removed: the two are exclusive).
    pub fn set_resolution(&self, resolution: [usize; 3]) -> Result<Self, IoError> {
        self.edit_text(|doc| {
            doc.remove("octree_levels");
            doc["resolution"] = value(Array::from_iter(resolution.map(count)));
            Ok(())
        })
    }

    /// These sources with an octree of `levels` levels (a `resolution` key is removed).
    pub fn set_octree_levels(&self, levels: usize) -> Result<Self, IoError> {
        self.edit_text(|doc| {
            doc.remove("resolution");
            doc["octree_levels"] = value(count(levels));
            Ok(())
        })
    }

    /// These sources with surface `surface` added to stack `stack`'s `surfaces` at
    /// `position` (youngest first; `None`: last, the oldest).
    pub fn add_surface(
        &self,
        surface: &str,
        stack: &str,
        position: Option<usize>,
    ) -> Result<Self, IoError> {
        self.edit_text(|doc| {
            let file = self.path.display().to_string();
            let table = stack_table(doc, stack, &file)?;
            let Some(surfaces) = table.get_mut("surfaces").and_then(Item::as_array_mut) else {
                return Err(IoError::Project {
                    file,
                    problem: format!(
                        "add_surface: stack '{stack}' takes its surfaces from the surface \
                         points' `series` column: add the surface's points with that series"
                    ),
                });
            };
            let at = position.unwrap_or(surfaces.len()).min(surfaces.len());
            surfaces.insert(at, surface);
            Ok(())
        })
    }

    /// These sources with a `[[stack]]` named `name` of relation `relation` (`erode`, `onlap`,
    /// `fault`, `basement`) over `surfaces` (youngest first), at `position` among the stacks
    /// (youngest first; `None`: last, the oldest).
    pub fn add_stack(
        &self,
        name: &str,
        relation: &str,
        surfaces: &[&str],
        position: Option<usize>,
    ) -> Result<Self, IoError> {
        self.edit_text(|doc| {
            let mut table = Table::new();
            table["name"] = value(name);
            table["relation"] = value(relation);
            table["surfaces"] = value(Array::from_iter(surfaces.iter().copied()));
            let stacks = stacks(doc, &self.path.display().to_string())?;
            let mut all: Vec<Table> = stacks.iter().cloned().collect();
            let at = position.unwrap_or(all.len()).min(all.len());
            all.insert(at, table);
            *stacks = ArrayOfTables::from_iter(all);
            Ok(())
        })
    }

    /// These sources with stack `stack`'s relation set to `relation`.
    pub fn set_relation(&self, stack: &str, relation: &str) -> Result<Self, IoError> {
        self.edit_text(|doc| {
            let file = self.path.display().to_string();
            stack_table(doc, stack, &file)?["relation"] = value(relation);
            Ok(())
        })
    }

    /// Writes the project into folder `dir` (created if needed): every file it names, then
    /// the project file under its own name (`strata.toml` for one made in memory), each
    /// atomically; returns the paths written. A
    /// file named by a relative path inside the project's folder keeps that path; any other
    /// (absolute, or with `..`) is written under its file name and the key rewritten. Saving
    /// what [`load`](Self::load) read from a save gives the same bytes.
    pub fn save(&self, dir: &Path) -> Result<Vec<PathBuf>, IoError> {
        let mut doc = self.document()?;
        let mut files = Vec::new();
        for key in FILE_KEYS {
            let Some(name) = lookup(&doc, key).map(str::to_string) else {
                continue;
            };
            let bytes = self.bytes(&self.folder().join(&name))?;
            let relative = Path::new(&name);
            let inside = relative.is_relative()
                && relative
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)));
            let target = if inside {
                PathBuf::from(&name)
            } else {
                let base = relative
                    .file_name()
                    .map_or_else(|| PathBuf::from(key.join("_")), PathBuf::from);
                set_path(&mut doc, key, &base.display().to_string());
                base
            };
            files.push((dir.join(target), bytes));
        }
        // A project made in memory (`from_gempy_csv`) names no `.toml` file: save it as one.
        let project_name = Some(self.path.as_path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .and_then(Path::file_name)
            .unwrap_or("strata.toml".as_ref());
        files.push((dir.join(project_name), doc.to_string().into_bytes()));
        let mut written = Vec::new();
        for (path, bytes) in files {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| IoError::Io {
                    file: parent.display().to_string(),
                    source,
                })?;
            }
            write_atomically(&path, |out| out.write_all(&bytes))?;
            written.push(path);
        }
        Ok(written)
    }

    /// The project file's folder.
    fn folder(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// The path and bytes of the surface-point or orientation file.
    fn data_file(&self, data: Data) -> Result<(PathBuf, Vec<u8>), IoError> {
        let doc = self.document()?;
        let name = lookup(&doc, &[data.key()]).ok_or_else(|| IoError::Project {
            file: self.path.display().to_string(),
            problem: format!("missing key `{}`", data.key()),
        })?;
        let path = self.folder().join(name);
        let bytes = self.bytes(&path)?;
        Ok((path, bytes))
    }

    /// The bytes of the file the project names `path`: held, or read from disk.
    fn bytes(&self, path: &Path) -> Result<Vec<u8>, IoError> {
        match self.files.iter().find(|(p, _)| p == path) {
            Some((_, bytes)) => Ok(bytes.clone()),
            None => read_file(path),
        }
    }

    /// These sources with the CSV file of `data` edited by `edit`.
    fn edit_data(
        &self,
        data: Data,
        edit: impl FnOnce(&mut CsvDocument, &Columns) -> Result<(), IoError>,
    ) -> Result<Self, IoError> {
        let (path, bytes) = self.data_file(data)?;
        let mut doc = CsvDocument::parse(&bytes, &path.display().to_string())?;
        let columns = Columns::find(&doc, data)?;
        edit(&mut doc, &columns)?;
        Ok(self.clone().with_file(path, doc.to_bytes()))
    }

    fn modify(&self, data: Data, changes: &[(usize, RowChange)]) -> Result<Self, IoError> {
        self.edit_data(data, |doc, columns| {
            check_rows(
                doc,
                &changes.iter().map(|(row, _)| *row).collect::<Vec<_>>(),
            )?;
            for (row, change) in changes {
                let row = *row;
                columns.set_xyz(doc, row, change.xyz);
                if let Some(surface) = &change.surface {
                    doc.set(row, columns.surface, surface.as_str());
                }
                if let Some(pole) = change.pole {
                    match data {
                        Data::Orientations => columns.set_pole(doc, row, pole)?,
                        Data::SurfacePoints => {
                            return Err(IoError::Project {
                                file: doc.file().to_string(),
                                problem: "a surface point has no pole".into(),
                            });
                        }
                    }
                }
            }
            Ok(())
        })
    }

    fn delete(&self, data: Data, rows: &[usize]) -> Result<Self, IoError> {
        self.edit_data(data, |doc, _| {
            check_rows(doc, rows)?;
            doc.remove_rows(rows);
            Ok(())
        })
    }

    /// The project file as an editable document.
    fn document(&self) -> Result<DocumentMut, IoError> {
        self.text
            .parse()
            .map_err(|e: toml_edit::TomlError| IoError::Project {
                file: self.path.display().to_string(),
                problem: e.to_string(),
            })
    }

    /// These sources with the project file edited by `edit`.
    fn edit_text(
        &self,
        edit: impl FnOnce(&mut DocumentMut) -> Result<(), IoError>,
    ) -> Result<Self, IoError> {
        let mut doc = self.document()?;
        edit(&mut doc)?;
        Ok(Self {
            text: doc.to_string(),
            ..self.clone()
        })
    }
}

/// Where a CSV file keeps the fields an edit sets.
struct Columns {
    xyz: [usize; 3],
    surface: usize,
    nugget: Option<usize>,
    pole: Option<PoleColumns>,
}

/// Where an orientation file keeps its poles: angles (`[azimuth, dip, polarity]`, what the
/// reader takes when both are there), components, or both (GemPy's exports), each written.
struct PoleColumns {
    angles: Option<[usize; 3]>,
    components: Option<[usize; 3]>,
}

impl Columns {
    /// The columns of `doc`, a file of `data`; the reader's error when one is missing.
    fn find(doc: &CsvDocument, data: Data) -> Result<Self, IoError> {
        let all = |names: [&[&str]; 3]| match names.map(|n| doc.column(n)) {
            [Some(a), Some(b), Some(c)] => Some([a, b, c]),
            _ => None,
        };
        let pole = match data {
            Data::SurfacePoints => None,
            // A file with neither set is the reader's error when the edit is built.
            Data::Orientations => Some(PoleColumns {
                angles: all(column_names::ANGLES),
                components: all(column_names::GRADIENT),
            }),
        };
        let [x, y, z] = column_names::XYZ;
        Ok(Self {
            xyz: [doc.require(x)?, doc.require(y)?, doc.require(z)?],
            surface: doc.require(column_names::SURFACE)?,
            nugget: doc.column(column_names::NUGGET),
            pole,
        })
    }

    fn set_xyz(&self, doc: &mut CsvDocument, row: usize, xyz: [Option<f64>; 3]) {
        for (c, v) in self.xyz.iter().zip(xyz) {
            if let Some(v) = v {
                doc.set(row, *c, v.to_string());
            }
        }
    }

    /// Sets the nugget cell (empty for `None`: the project's default); a nugget given to a
    /// file without that column is an error naming the file.
    fn set_nugget(
        &self,
        doc: &mut CsvDocument,
        row: usize,
        nugget: Option<f64>,
    ) -> Result<(), IoError> {
        match (self.nugget, nugget) {
            (Some(c), n) => doc.set(row, c, n.map_or_else(String::new, |n| n.to_string())),
            (None, Some(_)) => {
                return Err(IoError::Csv {
                    file: doc.file().to_string(),
                    line: 1,
                    column: "nugget".into(),
                    value: doc.header().join(","),
                    problem: "a nugget was given, but the file has no nugget column".into(),
                });
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// Writes `pole` in the file's forms.
    fn set_pole(&self, doc: &mut CsvDocument, row: usize, pole: Pole) -> Result<(), IoError> {
        let Some(columns) = &self.pole else {
            return Ok(());
        };
        let (angles, gradient) = match pole {
            Pole::Angles {
                dip,
                azimuth,
                polarity,
            } => (
                Some([azimuth, dip, polarity]),
                gradient_from_angles(azimuth, dip, polarity),
            ),
            Pole::Gradient(g) => (angles_from_gradient(g), g),
        };
        if let Some(c) = columns.components {
            for (c, v) in c.iter().zip(gradient) {
                doc.set(row, *c, v.to_string());
            }
        }
        if let Some(c) = columns.angles {
            let Some(values) = angles else {
                return Err(IoError::Csv {
                    file: doc.file().to_string(),
                    line: row + 2,
                    column: "G_x, G_y, G_z".into(),
                    value: format!("{gradient:?}"),
                    problem: "a zero or non-finite gradient has no dip and azimuth".into(),
                });
            };
            for (c, v) in c.iter().zip(values) {
                doc.set(row, *c, v.to_string());
            }
        }
        Ok(())
    }
}

/// An error naming the first of `rows` that `doc` does not have, or a row given twice.
fn check_rows(doc: &CsvDocument, rows: &[usize]) -> Result<(), IoError> {
    let mut seen = vec![false; doc.len()];
    for &row in rows {
        let problem = match seen.get(row) {
            None => format!("row {row}: the file has {} rows", doc.len()),
            Some(true) => format!("row {row} given twice"),
            Some(false) => {
                seen[row] = true;
                continue;
            }
        };
        return Err(IoError::Project {
            file: doc.file().to_string(),
            problem,
        });
    }
    Ok(())
}

/// A count as a TOML integer.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The string at dotted `key` of `doc`, if any.
fn lookup<'a>(doc: &'a DocumentMut, key: &[&str]) -> Option<&'a str> {
    let mut item = doc.as_item();
    for part in key {
        item = item.get(part)?;
    }
    item.as_str()
}

/// Sets the string at dotted `key` (which exists) to `path`.
fn set_path(doc: &mut DocumentMut, key: &[&str], path: &str) {
    let mut item = doc.as_item_mut();
    for part in key {
        item = &mut item[part];
    }
    *item = value(path);
}

/// The `[[stack]]` array of tables.
fn stacks<'a>(doc: &'a mut DocumentMut, file: &str) -> Result<&'a mut ArrayOfTables, IoError> {
    doc.get_mut("stack")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| IoError::Project {
            file: file.to_string(),
            problem: "no [[stack]] table".into(),
        })
}

/// The `[[stack]]` named `name`.
fn stack_table<'a>(
    doc: &'a mut DocumentMut,
    name: &str,
    file: &str,
) -> Result<&'a mut Table, IoError> {
    let stacks = stacks(doc, file)?;
    let names: Vec<String> = stacks
        .iter()
        .filter_map(|t| t.get("name").and_then(Item::as_str).map(str::to_string))
        .collect();
    stacks
        .iter_mut()
        .find(|t| t.get("name").and_then(Item::as_str) == Some(name))
        .ok_or_else(|| IoError::Project {
            file: file.to_string(),
            problem: format!("no stack '{name}' (the stacks are {})", names.join(", ")),
        })
}

/// Reads a file as the project reader does, naming it in the error.
fn read_file(path: &Path) -> Result<Vec<u8>, IoError> {
    std::fs::read(path).map_err(|source| IoError::Io {
        file: path.display().to_string(),
        source,
    })
}
