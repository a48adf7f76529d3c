//! The `[[stack]]` tables checked against each other and against the CSV rows: surfaces,
//! relations, fault relations and finite faults, and the order in which the engine wants the
//! rows.

use std::collections::HashMap;

use strata_data::{Ellipsoid, Stack, StackRelation, Structure, Surface, Transform};

use super::file::{FiniteTable, Source, StackTable};
use strata_io::{CsvRows, IoError, OrientationRow, SurfacePointRow};

/// Slope of a finite fault's segmentation inside its ellipsoid (gempy's `ellipsoid_3d_factory`
/// default `max_slope`).
const FINITE_FAULT_MAX_SLOPE: f64 = 1000.0;
/// gempy's `min_slope` default of the same factory.
const FINITE_FAULT_MIN_SLOPE: f64 = 1.0;

/// The model's structure and the engine order of the CSV rows.
pub(super) struct Layout {
    pub structure: Structure,
    /// Surface-point row indices: surface by surface in the order the stacks list them, file
    /// order within a surface.
    pub points: Vec<usize>,
    /// Orientation row indices: stack by stack, file order within a stack (the engine ties an
    /// orientation to its stack, not to a surface).
    pub orientations: Vec<usize>,
}

/// Checks the stacks and orders the rows.
pub(super) fn layout(
    source: &Source<'_>,
    stacks: &[StackTable],
    points: &CsvRows<SurfacePointRow>,
    orientations: &CsvRows<OrientationRow>,
    estimated: bool,
    transform: &Transform,
) -> Result<Layout, IoError> {
    if stacks.is_empty() {
        return Err(source.problem("no [[stack]]: a model needs at least one stack"));
    }
    let names = Names::new(source, stacks)?;
    let by_surface = points_by_surface(source, &names, points)?;
    let by_stack = orientations_by_stack(source, &names, stacks, orientations, estimated)?;
    let n = stacks.len();
    let mut fault_relations = vec![vec![false; n]; n];
    let mut engine_stacks = Vec::with_capacity(n);
    for (j, st) in stacks.iter().enumerate() {
        let relation = relation(source, st, j == n - 1)?;
        for i in offsets(source, &names, st, j, relation)? {
            fault_relations[j][i] = true;
        }
        engine_stacks.push(Stack {
            name: st.name.get_ref().clone(),
            relation,
            n_surfaces: st.surfaces.len(),
            n_orientations: by_stack[j].len(),
            finite_fault: finite_fault(source, st, relation, transform)?,
        });
    }
    let surfaces = names
        .surfaces
        .iter()
        .zip(&by_surface)
        .map(|(name, rows)| Surface {
            name: name.get_ref().clone(),
            n_points: rows.len(),
        })
        .collect();
    let structure =
        Structure::new(surfaces, engine_stacks, Some(fault_relations)).map_err(|e| {
            IoError::Data {
                file: source.file.to_string(),
                source: e,
            }
        })?;
    Ok(Layout {
        structure,
        points: by_surface.concat(),
        orientations: by_stack.concat(),
    })
}

/// The surface-point row indices of every listed surface, each surface with at least one.
fn points_by_surface(
    source: &Source<'_>,
    names: &Names<'_>,
    points: &CsvRows<SurfacePointRow>,
) -> Result<Vec<Vec<usize>>, IoError> {
    let mut by_surface = vec![Vec::new(); names.surfaces.len()];
    for (i, row) in points.rows.iter().enumerate() {
        by_surface[names.surface_of(points, row.line, &row.surface)?.1].push(i);
    }
    for (rows, surface) in by_surface.iter().zip(&names.surfaces) {
        if rows.is_empty() {
            return Err(source.error(
                surface,
                "stack.surfaces",
                format!("the surface has no points in {}", points.file),
            ));
        }
    }
    Ok(by_surface)
}

/// The orientation row indices of every stack, each stack with at least one (the file's or,
/// when `estimated`, an estimated one).
fn orientations_by_stack(
    source: &Source<'_>,
    names: &Names<'_>,
    stacks: &[StackTable],
    orientations: &CsvRows<OrientationRow>,
    estimated: bool,
) -> Result<Vec<Vec<usize>>, IoError> {
    let mut by_stack = vec![Vec::new(); stacks.len()];
    for (i, row) in orientations.rows.iter().enumerate() {
        by_stack[names.stack_of(orientations, row)?].push(i);
    }
    for (rows, stack) in by_stack.iter().zip(stacks) {
        if rows.is_empty() {
            return Err(source.error(
                &stack.name,
                "stack.name",
                format!(
                    "no orientation in {} lies on the stack's surfaces or names it{}",
                    orientations.file,
                    if estimated {
                        ", and none could be estimated from its picks"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    Ok(by_stack)
}

/// The stack's relation; as in GemPy the last stack is the basement unless it is a fault,
/// whatever relation it names.
fn relation(source: &Source<'_>, st: &StackTable, last: bool) -> Result<StackRelation, IoError> {
    let relation = StackRelation::parse(st.relation.get_ref()).map_err(|_| {
        source.error(
            &st.relation,
            "stack.relation",
            "unknown relation (erode, onlap, fault or basement)",
        )
    })?;
    Ok(if last && relation != StackRelation::Fault {
        StackRelation::Basement
    } else {
        relation
    })
}

/// The indices of the stacks that stack `j` offsets: existing stacks listed after it, and only
/// when it is a fault.
fn offsets(
    source: &Source<'_>,
    names: &Names<'_>,
    st: &StackTable,
    j: usize,
    relation: StackRelation,
) -> Result<Vec<usize>, IoError> {
    st.offsets
        .iter()
        .map(|target| {
            if relation != StackRelation::Fault {
                return Err(source.error(
                    target,
                    "stack.offsets",
                    "only a fault stack offsets other stacks",
                ));
            }
            match names.stacks.get(target.get_ref().as_str()) {
                None => Err(source.error(target, "stack.offsets", "no [[stack]] has this name")),
                Some(&i) if i <= j => Err(source.error(
                    target,
                    "stack.offsets",
                    "a fault offsets only stacks listed after it",
                )),
                Some(&i) => Ok(i),
            }
        })
        .collect()
}

/// The finite-fault ellipsoid of a fault stack in engine coordinates, if it has one.
fn finite_fault(
    source: &Source<'_>,
    st: &StackTable,
    relation: StackRelation,
    transform: &Transform,
) -> Result<Option<Ellipsoid>, IoError> {
    let Some(finite) = &st.finite else {
        return Ok(None);
    };
    if relation != StackRelation::Fault {
        return Err(source.error(finite, "stack.finite", "only a fault stack can be finite"));
    }
    let FiniteTable { center, radius } = finite.get_ref();
    Ellipsoid::new(
        transform.to_engine(*center),
        [0, 1, 2].map(|a| radius[a] / transform.axis_scales()[a]),
        FINITE_FAULT_MAX_SLOPE,
        FINITE_FAULT_MIN_SLOPE,
    )
    .map(Some)
    .map_err(|_| {
        source.error(
            finite,
            "stack.finite",
            "center must be finite and every radius finite and > 0",
        )
    })
}

/// The stack and surface names, each unique.
struct Names<'a> {
    /// Stack name → index.
    stacks: HashMap<&'a str, usize>,
    /// Stack names by index.
    stack_names: Vec<&'a str>,
    /// Every surface, stack by stack, as listed.
    surfaces: Vec<&'a toml::Spanned<String>>,
    /// Surface name → (stack index, surface index).
    surface_index: HashMap<&'a str, (usize, usize)>,
}

impl<'a> Names<'a> {
    fn new(source: &Source<'_>, stacks: &'a [StackTable]) -> Result<Self, IoError> {
        let mut names = Self {
            stacks: HashMap::new(),
            stack_names: stacks.iter().map(|st| st.name.get_ref().as_str()).collect(),
            surfaces: Vec::new(),
            surface_index: HashMap::new(),
        };
        for (j, st) in stacks.iter().enumerate() {
            if names.stacks.insert(st.name.get_ref(), j).is_some() {
                return Err(source.error(
                    &st.name,
                    "stack.name",
                    "a stack of this name comes earlier",
                ));
            }
            for s in &st.surfaces {
                let k = names.surfaces.len();
                if s.get_ref().is_empty() {
                    return Err(source.error(s, "stack.surfaces", "empty surface name"));
                }
                if names.surface_index.insert(s.get_ref(), (j, k)).is_some() {
                    return Err(source.error(s, "stack.surfaces", "the surface is listed twice"));
                }
                names.surfaces.push(s);
            }
        }
        Ok(names)
    }

    /// The stack of an orientation row: its surface's, or the one its `series` names when the
    /// surface is empty. A `series` that names another `[[stack]]` than its surface's is an
    /// error; one that names no `[[stack]]` beside a surface is GemPy's name for the series (a
    /// project may rename its stacks) and is not used.
    fn stack_of(
        &self,
        csv: &CsvRows<OrientationRow>,
        row: &OrientationRow,
    ) -> Result<usize, IoError> {
        let error = |name: &str, problem: String| IoError::Csv {
            file: csv.file.clone(),
            line: row.line,
            column: csv.series_column.clone().unwrap_or_else(|| "series".into()),
            value: name.to_string(),
            problem,
        };
        let named = row
            .series
            .as_deref()
            .map(|name| (name, self.stacks.get(name).copied()));
        match (&row.surface, named) {
            (Some(surface), named) => {
                let (j, _) = self.surface_of(csv, row.line, surface)?;
                match named {
                    Some((name, Some(i))) if i != j => Err(error(
                        name,
                        format!(
                            "surface '{surface}' belongs to stack '{}', not to this one",
                            self.stack_names[j]
                        ),
                    )),
                    _ => Ok(j),
                }
            }
            (None, Some((_, Some(j)))) => Ok(j),
            (None, Some((name, None))) => Err(error(
                name,
                "no [[stack]] has this name (the row's surface is empty)".into(),
            )),
            (None, None) => Err(error(
                "",
                "the row names neither a surface nor a series".into(),
            )),
        }
    }

    /// The (stack, surface) indices of the surface named in a CSV row, or an error at that row.
    fn surface_of<T>(
        &self,
        csv: &CsvRows<T>,
        line: usize,
        surface: &str,
    ) -> Result<(usize, usize), IoError> {
        self.surface_index
            .get(surface)
            .copied()
            .ok_or_else(|| IoError::Csv {
                file: csv.file.clone(),
                line,
                column: csv.surface_column.clone(),
                value: surface.to_string(),
                problem: "no [[stack]] lists this surface".into(),
            })
    }
}
