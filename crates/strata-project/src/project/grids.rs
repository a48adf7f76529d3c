//! The grids a project evaluates besides its regular grid: `custom_points`, `[topography]` and
//! the survey of `[geophysics]` ([`super::survey`]). They are read in world coordinates, kept
//! so for the outputs ([`ProjectGrids`]), and handed to the engine as [`ExtraGrids`]: custom
//! and topography points through the project's transform, the survey's centred grid in world
//! units (the engine derives its own points from it).

use std::path::Path;

use strata_data::{EngineInput, ExtraGrids, Point};

use super::file::{ProjectFile, Source};
use super::survey::{Survey, SurveyKeys};
use super::units::units;
use crate::Topography;
use strata_io::{AsciiGrid, IoError, read_xyz};

/// A project's extra grids in world coordinates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectGrids {
    /// The custom points (`custom_points`), in file order.
    pub custom: Vec<Point>,
    /// The topography (`[topography]`) on the model's x-y grid.
    pub topography: Option<Topography>,
    /// The survey (`[geophysics]`).
    pub survey: Option<Survey>,
}

/// The keys of the extra grids checked before any file is read.
pub(super) struct GridKeys {
    survey: Option<SurveyKeys>,
}

impl GridKeys {
    /// Checks the keys that do not depend on the data.
    pub fn new(source: &Source<'_>, file: &ProjectFile) -> Result<Self, IoError> {
        Ok(Self {
            survey: file
                .geophysics
                .as_ref()
                .map(|g| SurveyKeys::new(source, g))
                .transpose()?,
        })
    }

    /// Reads the files of the extra grids (relative to `dir`) and sets the engine's extra
    /// grids of `input`.
    pub fn read(
        &self,
        source: &Source<'_>,
        file: &ProjectFile,
        dir: &Path,
        extent: &[f64; 6],
        input: &mut EngineInput,
    ) -> Result<ProjectGrids, IoError> {
        let custom = match &file.custom_points {
            Some(path) => read_xyz(&dir.join(path.get_ref()))?
                .iter()
                .map(|r| r.xyz)
                .collect(),
            None => Vec::new(),
        };
        let topography = match &file.topography {
            Some(table) => {
                let path = &table.get_ref().file;
                let nodes = map_nodes(input).ok_or_else(|| {
                    source.error(
                        path,
                        "topography.file",
                        "the model's x-y grid is too fine to hold a topography",
                    )
                })?;
                if nodes.iter().any(|&n| n < 2) {
                    return Err(source.error(
                        path,
                        "topography.file",
                        format!(
                            "the model's x-y grid has {} × {} nodes: a topography needs at \
                             least 2 along x and along y",
                            nodes[0], nodes[1]
                        ),
                    ));
                }
                Some(read_topography(source, path, dir, extent, nodes)?)
            }
            None => None,
        };
        let mut grids = ExtraGrids {
            custom: custom.clone(),
            topography: topography
                .as_ref()
                .map(Topography::points)
                .unwrap_or_default(),
            ..ExtraGrids::default()
        };
        let t = input.transform().clone();
        for p in grids.custom.iter_mut().chain(grids.topography.iter_mut()) {
            *p = t.to_engine(*p);
        }
        let survey = match (&self.survey, &file.geophysics) {
            (Some(keys), Some(table)) => {
                let (survey, centered, geophysics) =
                    keys.read(source, table.get_ref(), dir, &units(input))?;
                grids.centered = Some(centered);
                grids.geophysics = Some(geophysics);
                Some(survey)
            }
            _ => None,
        };
        input.set_extra_grids(grids).map_err(|e| IoError::Data {
            file: source.file.to_string(),
            source: e,
        })?;
        Ok(ProjectGrids {
            custom,
            topography,
            survey,
        })
    }
}

/// The nodes of the model's x-y grid along x and y: the cells of the finest level (GemPy's
/// regular grid of an octree is its finest level, `root · 2^(levels − 1)`); `None` when they
/// overflow.
fn map_nodes(input: &EngineInput) -> Option<[usize; 2]> {
    let levels = input.evaluation().number_octree_levels.max(1);
    let factor = u32::try_from(levels - 1)
        .ok()
        .and_then(|shift| 1usize.checked_shl(shift))?;
    let r = input.grid().resolution();
    Some([r[0].checked_mul(factor)?, r[1].checked_mul(factor)?])
}

/// The DEM at `path` (an ESRI ASCII grid for `.asc`, else an `X,Y,Z` CSV file) resampled
/// onto the model's x-y grid ([`Topography`]).
fn read_topography(
    source: &Source<'_>,
    path: &toml::Spanned<String>,
    dir: &Path,
    extent: &[f64; 6],
    nodes: [usize; 2],
) -> Result<Topography, IoError> {
    let file = dir.join(path.get_ref());
    let area = [extent[0], extent[1], extent[2], extent[3]];
    let extension = file.extension().and_then(|e| e.to_str());
    match extension.map(str::to_ascii_lowercase).as_deref() {
        Some("asc") => Topography::from_grid(area, nodes, &AsciiGrid::read(&file)?),
        Some("csv") => Topography::from_points(area, nodes, &read_xyz(&file)?),
        _ => Err(source.error(
            path,
            "topography.file",
            "an ESRI ASCII grid (.asc) or an X,Y,Z CSV file (.csv)",
        )),
    }
}
