//! The `strata.toml` schema as serde reads it (every table rejects unknown keys), each value
//! with its place in the file so that an error can point at it.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use strata_io::IoError;

/// The top level of `strata.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectFile {
    pub name: Spanned<String>,
    pub extent: [Spanned<f64>; 6],
    pub resolution: Option<[Spanned<usize>; 3]>,
    pub octree_levels: Option<Spanned<usize>>,
    pub dtype: Option<Spanned<String>>,
    pub defaults: Option<Spanned<String>>,
    pub memory_budget: Option<Spanned<String>>,
    pub surface_points: Spanned<String>,
    pub orientations: Spanned<String>,
    #[serde(rename = "stack")]
    pub stacks: Vec<StackTable>,
    #[serde(default)]
    pub interpolation: InterpolationTable,
    #[serde(default)]
    pub transform: TransformTable,
    /// Points evaluated with the model (an `X,Y,Z` CSV file).
    pub custom_points: Option<Spanned<String>>,
    pub topography: Option<Spanned<TopographyTable>>,
    pub geophysics: Option<Spanned<GeophysicsTable>>,
}

/// One `[[stack]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StackTable {
    pub name: Spanned<String>,
    pub relation: Spanned<String>,
    /// Empty when not given: the surfaces then come from the surface points' `series` column.
    #[serde(default)]
    pub surfaces: Vec<Spanned<String>>,
    #[serde(default)]
    pub offsets: Vec<Spanned<String>>,
    pub finite: Option<Spanned<FiniteTable>>,
}

/// A stack's `finite = { center, radius }` (world units).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FiniteTable {
    pub center: [f64; 3],
    pub radius: [f64; 3],
}

/// `[interpolation]`: every key optional.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct InterpolationTable {
    pub kernel: Option<Spanned<String>>,
    pub range: Option<Spanned<f64>>,
    pub c_o: Option<Spanned<f64>>,
    pub drift: Option<Spanned<u8>>,
    pub nugget_surface_points: Option<Spanned<f64>>,
    pub nugget_orientations: Option<Spanned<f64>>,
    pub mesh: Option<bool>,
    pub solver: Option<Spanned<String>>,
    pub estimate_orientations: Option<bool>,
    pub estimate_orientations_neighbours: Option<Spanned<i64>>,
}

/// `[transform]`: an explicit centre and scale, each optional.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct TransformTable {
    pub center: Option<Spanned<[f64; 3]>>,
    pub scale: Option<Spanned<f64>>,
}

/// `[topography]`: a DEM, resampled onto the model's x-y grid.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TopographyTable {
    /// An ESRI ASCII grid (`.asc`) or an `X,Y,Z` CSV file.
    pub file: Spanned<String>,
}

/// `[geophysics]`: a survey (devices file or regular survey), its voxel kernel and the
/// properties of the units.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GeophysicsTable {
    pub devices: Option<Spanned<String>>,
    pub survey: Option<Spanned<SurveyTable>>,
    pub resolution: [Spanned<usize>; 3],
    pub radius: [Spanned<f64>; 3],
    pub densities: Option<Spanned<UnitValues>>,
    pub susceptibilities: Option<Spanned<UnitValues>>,
    pub igrf: Option<Spanned<IgrfTable>>,
}

/// A value per unit name (`{ rock1 = 2.6, basement = 2.7 }`), in file order, each name and
/// value with its place.
pub(super) struct UnitValues(pub Vec<(Spanned<String>, Spanned<f64>)>);

impl<'de> Deserialize<'de> for UnitValues {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = UnitValues;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of unit names and numbers")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<UnitValues, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(UnitValues(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// `survey = { extent, spacing, height }`: devices on a regular lattice.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SurveyTable {
    pub extent: [Spanned<f64>; 4],
    pub spacing: Spanned<f64>,
    pub height: Spanned<f64>,
}

/// `igrf = { inclination, declination, intensity }`: the inducing field of induced magnetics.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IgrfTable {
    pub inclination: Spanned<f64>,
    pub declination: Spanned<f64>,
    pub intensity: Spanned<f64>,
}

/// The text of a project file and its name, to parse it and to point into it.
pub(super) struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    /// Parses the text against the schema; an error carries the parser's line and column.
    pub fn parse(&self) -> Result<ProjectFile, IoError> {
        toml::from_str(self.text).map_err(|e| {
            let (line, column, value) = self.locate(e.span().unwrap_or(0..0));
            IoError::Toml {
                file: self.file.to_string(),
                line,
                column,
                value,
                message: e.message().trim_end().to_string(),
            }
        })
    }

    /// An error about the value of `key` found at `at`.
    pub fn error<T>(&self, at: &Spanned<T>, key: &str, problem: impl Into<String>) -> IoError {
        let (line, column, value) = self.locate(at.span());
        IoError::ProjectValue {
            file: self.file.to_string(),
            line,
            column,
            key: key.to_string(),
            value,
            problem: problem.into(),
        }
    }

    /// 1-based line and column of the value at `at`.
    pub fn place<T>(&self, at: &Spanned<T>) -> (usize, usize) {
        let (line, column, _) = self.locate(at.span());
        (line, column)
    }

    /// An error about the project as a whole.
    pub fn problem(&self, problem: impl Into<String>) -> IoError {
        IoError::Project {
            file: self.file.to_string(),
            problem: problem.into(),
        }
    }

    /// 1-based line and column (in characters) of byte `span.start`, and the text of the span
    /// (its first line).
    fn locate(&self, span: Range<usize>) -> (usize, usize, String) {
        let before = self.text.get(..span.start).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let value = self
            .text
            .get(span)
            .and_then(|v| v.lines().next())
            .unwrap_or_default()
            .to_string();
        (line, column, value)
    }
}
