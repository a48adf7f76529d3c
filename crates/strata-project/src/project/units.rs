//! The units of a model, which the legends and the survey's properties name: the rock above
//! each surface of a stack that is not a fault (GemPy names it after the surface), and the
//! basement below the last surface.

use strata_data::{EngineInput, StackRelation};

/// The name of the unit below the last surface.
pub const BASEMENT: &str = "basement";

/// A unit: its lithology id and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The lithology id of its cells.
    pub id: i32,
    /// Its name: the surface on top of which it lies, or [`BASEMENT`].
    pub name: String,
}

/// The units of `input`, youngest first: every surface of a non-fault stack with its id, then
/// the basement with the last id.
pub(crate) fn units(input: &EngineInput) -> Vec<Unit> {
    let structure = input.structure();
    let ids = input.unit_values();
    let mut units: Vec<Unit> = structure
        .stacks()
        .iter()
        .enumerate()
        .filter(|(_, st)| st.relation != StackRelation::Fault)
        .flat_map(|(s, _)| structure.surface_range(s))
        .map(|k| Unit {
            id: ids[k] as i32,
            name: structure.surfaces()[k].name.clone(),
        })
        .collect();
    units.push(Unit {
        id: ids[ids.len() - 1] as i32,
        name: BASEMENT.to_string(),
    });
    units
}
