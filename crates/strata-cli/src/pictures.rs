//! What the maps and sections share: the legend of the units they show, and where the faults
//! cut them — the iso-line of each fault surface's scalar field at the surface's iso-value,
//! traced on the lattice of points the map or the section evaluated
//! ([`strata_plot::iso_segments`]).

use std::ops::Range;

use strata_data::{EngineInput, StackRelation};
use strata_engine::ModelSolution;
use strata_plot::{Trace, iso_segments};
use strata_project::Project;

/// `(id, name)` of every unit among `ids`, youngest first, then id 0 if present: `"air"` where
/// `air` says cells above the topography were marked so, else `"no unit"` (no stack claims
/// the rock there).
pub fn unit_legend(project: &Project, ids: &[i32], air: bool) -> Vec<(i32, String)> {
    let mut present = vec![false; project.input.unit_values().len() + 1];
    for &id in ids {
        if let Some(p) = usize::try_from(id).ok().and_then(|i| present.get_mut(i)) {
            *p = true;
        }
    }
    let mut legend: Vec<(i32, String)> = project
        .units()
        .into_iter()
        .filter(|u| present[u.id as usize])
        .map(|u| (u.id, u.name))
        .collect();
    if present[0] {
        legend.push((0, if air { "air" } else { "no unit" }.to_string()));
    }
    legend
}

/// The trace of every fault surface that crosses the lattice of nodes `(u[i], v[j])` whose
/// points are `slice` of level 0 (node `(i, j)` at `slice.start + i·v.len() + j`), leaving out
/// the squares with a node in the air (`air[k]` for node `k`; empty: none).
pub fn fault_traces(
    input: &EngineInput,
    solution: &ModelSolution,
    slice: Range<usize>,
    (u, v): (&[f64], &[f64]),
    air: &[bool],
) -> Vec<Trace> {
    let structure = input.structure();
    let level = &solution.levels[0];
    let mut traces = Vec::new();
    for (s, stack) in structure.stacks().iter().enumerate() {
        if stack.relation != StackRelation::Fault {
            continue;
        }
        let field: Vec<f64> = level.stacks[s].scalar[slice.clone()]
            .iter()
            .enumerate()
            .map(|(k, &z)| {
                if air.get(k) == Some(&true) {
                    f64::NAN
                } else {
                    z
                }
            })
            .collect();
        for (k, &iso) in level.stacks[s].interface_values.iter().enumerate() {
            let segments = iso_segments(&field, u, v, iso);
            if !segments.is_empty() {
                let surface = structure.surface_range(s).start + k;
                traces.push(Trace {
                    name: structure.surfaces()[surface].name.clone(),
                    segments,
                });
            }
        }
    }
    traces
}
