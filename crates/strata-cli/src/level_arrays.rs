//! The values of level 0 at a range of its points as named arrays — the lithology and fault
//! ids and every stack's scalar field `scalar_field_<stack>` — for the block model and the
//! custom points' table.

use std::ops::Range;

use strata_engine::LevelSolution;
use strata_io::DataArray;
use strata_project::Project;

/// `scalar_field_<stack>` for every stack of `project`, in stack order.
pub fn scalar_field_names(project: &Project) -> Vec<String> {
    let stacks = project.stack_names();
    stacks.iter().map(|s| format!("scalar_field_{s}")).collect()
}

/// `lith_id` and `fault_id` (as given: the block model marks air in them), then every stack's
/// scalar field over `points` of `level`, named by `names` ([`scalar_field_names`]).
pub fn level_arrays<'a>(
    names: &'a [String],
    level: &'a LevelSolution,
    points: Range<usize>,
    ids: &'a [i32],
    fault_ids: &'a [i32],
) -> Vec<DataArray<'a>> {
    let mut arrays = vec![
        DataArray::Int32("lith_id", ids),
        DataArray::Int32("fault_id", fault_ids),
    ];
    for (name, stack) in names.iter().zip(&level.stacks) {
        arrays.push(DataArray::Float64(name, &stack.scalar[points.clone()]));
    }
    arrays
}
