//! The stacks of a saved model: its series in order, each with its surfaces that have surface
//! points (GemPy 2026 knows a surface only through its points, so v2's empty placeholder
//! surfaces and the series left without surfaces are dropped), its relation and the stacks it
//! offsets.

use std::collections::HashSet;

use super::saved_model::{BottomRelation, SavedModel, Series};
use crate::{CsvRows, IoError, OrientationRow, SurfacePointRow};

/// A stack as the project file will list it.
#[derive(Debug, Clone)]
pub(super) struct ImportedStack {
    /// The series.
    pub series: Series,
    /// `erode`, `onlap`, `fault` or `basement`.
    pub relation: &'static str,
    /// Youngest first (`order_surfaces`).
    pub surfaces: Vec<String>,
    /// The names of the later stacks this fault offsets.
    pub offsets: Vec<String>,
}

/// The stacks of `model`, every surface-point and orientation row checked against its surfaces.
pub(super) fn stacks(
    model: &SavedModel,
    points: &CsvRows<SurfacePointRow>,
    orientations: &CsvRows<OrientationRow>,
) -> Result<Vec<ImportedStack>, IoError> {
    let with_points: HashSet<&str> = points.rows.iter().map(|p| p.surface.as_str()).collect();
    let listed: HashSet<&str> = model.surfaces.iter().map(|(s, _)| s.as_str()).collect();
    for p in &points.rows {
        if !listed.contains(p.surface.as_str()) {
            return Err(row_error(
                points,
                p.line,
                &p.surface,
                &model.name,
                "no row of the surfaces file lists this surface",
            ));
        }
    }
    for o in &orientations.rows {
        match (&o.surface, &o.series) {
            (Some(surface), _) if !with_points.contains(surface.as_str()) => {
                return Err(row_error(
                    orientations,
                    o.line,
                    surface,
                    &model.name,
                    "the surface has no surface points (GemPy 2026 cannot read it either)",
                ));
            }
            (None, Some(series))
                if !model
                    .surfaces
                    .iter()
                    .any(|(s, of)| of == series && with_points.contains(s.as_str())) =>
            {
                return Err(IoError::Csv {
                    file: orientations.file.clone(),
                    line: o.line,
                    column: orientations.series_column.clone().unwrap_or_default(),
                    value: series.clone(),
                    problem: format!(
                        "no series of the saved model with surface points has this name (saved \
                         model '{}')",
                        model.name
                    ),
                });
            }
            _ => {}
        }
    }
    let mut stacks: Vec<ImportedStack> = model
        .series
        .iter()
        .filter_map(|series| {
            let surfaces: Vec<String> = model
                .surfaces
                .iter()
                .filter(|(s, of)| *of == series.name && with_points.contains(s.as_str()))
                .map(|(s, _)| s.clone())
                .collect();
            (!surfaces.is_empty()).then(|| ImportedStack {
                series: series.clone(),
                relation: match (series.is_fault, series.relation) {
                    (true, _) => "fault",
                    (false, BottomRelation::Onlap) => "onlap",
                    (false, _) => "erode",
                },
                surfaces,
                offsets: Vec::new(),
            })
        })
        .collect();
    for s in stacks
        .iter()
        .filter(|s| s.series.is_fault && s.series.is_finite)
    {
        tracing::warn!(
            "{}: series '{}' is a finite fault in GemPy v2; imported as an infinite fault \
             (give it `finite = {{ center, radius }}` by hand)",
            model.path("faults.csv").display(),
            s.series.name
        );
    }
    if let Some(last) = stacks.last_mut().filter(|s| s.relation != "fault") {
        last.relation = "basement";
    }
    let offsets: Vec<Vec<String>> = (0..stacks.len())
        .map(|j| offsets(model, &stacks, j))
        .collect();
    for (stack, offsets) in stacks.iter_mut().zip(offsets) {
        stack.offsets = offsets;
    }
    Ok(stacks)
}

/// The later stacks that stack `j` offsets: those of the saved fault relations or, when the
/// folder has none, every later stack that is not a fault (GemPy's `set_is_fault` default).
/// Saved relations that GemPy 2026 would refuse (from a series that is no fault, or to an
/// earlier series) are dropped with a warning.
fn offsets(model: &SavedModel, stacks: &[ImportedStack], j: usize) -> Vec<String> {
    let fault = &stacks[j];
    let saved = |target: &ImportedStack| {
        model
            .fault_relations
            .as_ref()
            .is_some_and(|m| m[fault.series.index][target.series.index])
    };
    for (i, target) in stacks.iter().enumerate() {
        if saved(target) && (!fault.series.is_fault || i <= j) {
            tracing::warn!(
                "{}: series '{}' offsets '{}' in the saved fault relations; ignored: {}",
                model.path("faults_relations.csv").display(),
                fault.series.name,
                target.series.name,
                if fault.series.is_fault {
                    "a fault offsets only the series below it"
                } else {
                    "it is no fault"
                }
            );
        }
    }
    if !fault.series.is_fault {
        return Vec::new();
    }
    stacks[j + 1..]
        .iter()
        .filter(|target| match model.fault_relations {
            Some(_) => saved(target),
            None => target.relation != "fault",
        })
        .map(|target| target.series.name.clone())
        .collect()
}

fn row_error<T>(
    csv: &CsvRows<T>,
    line: usize,
    surface: &str,
    model: &str,
    problem: &str,
) -> IoError {
    IoError::Csv {
        file: csv.file.clone(),
        line,
        column: csv.surface_column.clone(),
        value: surface.to_string(),
        problem: format!("{problem} (saved model '{model}')"),
    }
}
