//! Stacks built from GemPy's `series` column: a `[[stack]]` without `surfaces` takes the surfaces
//! of the surface points whose `series` is the stack's name, in the order they first appear in
//! the file (youngest first, as GemPy's exports list them).

use toml::Spanned;

use super::file::{Source, StackTable};
use strata_io::{CsvRows, IoError, SurfacePointRow};

/// Fills in the surfaces of every stack that lists none; the names point at the stack's name in
/// errors about them.
pub(super) fn fill_surfaces(
    source: &Source<'_>,
    stacks: &mut [StackTable],
    points: &CsvRows<SurfacePointRow>,
) -> Result<(), IoError> {
    for st in stacks.iter_mut().filter(|st| st.surfaces.is_empty()) {
        if points.rows.iter().all(|p| p.series.is_none()) {
            return Err(source.error(
                &st.name,
                "stack.surfaces",
                format!(
                    "the stack lists no surfaces, and {} has no `series` column to take them from",
                    points.file
                ),
            ));
        }
        let name = st.name.get_ref();
        let mut surfaces: Vec<&str> = Vec::new();
        for p in &points.rows {
            if p.series.as_deref() == Some(name) && !surfaces.contains(&p.surface.as_str()) {
                surfaces.push(&p.surface);
            }
        }
        if surfaces.is_empty() {
            return Err(source.error(
                &st.name,
                "stack.surfaces",
                format!(
                    "the stack lists no surfaces, and no surface point in {} has series '{name}'",
                    points.file
                ),
            ));
        }
        st.surfaces = surfaces
            .into_iter()
            .map(|s| Spanned::new(st.name.span(), s.to_string()))
            .collect();
    }
    Ok(())
}
