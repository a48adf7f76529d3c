//! `estimate_orientations = true`: orientations fitted to the picks of every listed surface
//! ([`strata_data::estimate_orientations`], in world coordinates, so that a plane is fitted
//! with true distances whatever the transform), as orientation rows that name their surface and
//! stack. They join the file's rows (after them, stack by stack) and are written by
//! `strata model` as `<name>_estimated_orientations.csv`; a row's `line` is its line there.

use std::collections::HashMap;

use strata_data::{Point, estimate_orientations};

use super::file::{Source, StackTable};
use strata_io::{CsvRows, IoError, OrientationRow, SurfacePointRow};

/// The orientations estimated from `points` with `neighbours` picks per plane, unit gradients
/// towards the younger surfaces of each stack.
pub(super) fn estimated_rows(
    source: &Source<'_>,
    stacks: &[StackTable],
    points: &CsvRows<SurfacePointRow>,
    neighbours: usize,
) -> Result<Vec<OrientationRow>, IoError> {
    let mut by_surface: HashMap<&str, Vec<Point>> = HashMap::new();
    for p in &points.rows {
        by_surface.entry(&p.surface).or_default().push(p.xyz);
    }
    let picks: Vec<Vec<&[Point]>> = stacks
        .iter()
        .map(|st| {
            st.surfaces
                .iter()
                .map(|s| {
                    by_surface
                        .get(s.get_ref().as_str())
                        .map_or(&[][..], Vec::as_slice)
                })
                .collect()
        })
        .collect();
    let estimate = estimate_orientations(&picks, neighbours)
        .map_err(|e| source.problem(format!("estimate_orientations: {e}")))?;
    let summary = format!(
        "{}: {} orientations estimated from {} picks ({} planes fitted; skipped: {} collinear, \
         {} not planar, {} of undecided polarity)",
        source.file,
        estimate.orientations.len(),
        points.rows.len(),
        estimate.fitted,
        estimate.collinear,
        estimate.not_planar,
        estimate.undecided
    );
    if estimate.orientations.is_empty() {
        tracing::warn!("{summary}: the model has only the file's orientations");
    } else {
        tracing::info!("{summary}");
    }
    Ok(estimate
        .orientations
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            let stack = &stacks[o.stack];
            OrientationRow {
                line: i + 2,
                xyz: o.xyz,
                gradient: o.gradient,
                magnitude: 1.0,
                surface: Some(stack.surfaces[o.surface].get_ref().clone()),
                series: Some(stack.name.get_ref().clone()),
                nugget: None,
            }
        })
        .collect())
}
