//! `strata section strata.toml --axis x|y|z --at VALUE --out section.png`: a vertical or
//! horizontal cross-section of a project, coloured by unit.

use std::path::Path;

use strata_data::{EvaluationOptions, RegularGrid};
use strata_engine::{ComputeOptions, Cpu, WeightsCache, compute_model_with};
use strata_io::{IoError, Project, Section, write_section_png};

use crate::compute_flags::for_defaults;
use crate::engine_command::CommandError;

/// Cells along the longer side of the section.
const SECTION_CELLS: usize = 240;

/// The axis a section is perpendicular to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Axis {
    /// A section at constant x (a y–z plane).
    X,
    /// A section at constant y (an x–z plane).
    Y,
    /// A section at constant z (a map).
    Z,
}

/// Computes the section of `project` at `axis = at` (world units) and writes it as a PNG.
/// Returns the number of cells drawn.
pub fn run(project: &Path, axis: Axis, at: f64, out: &Path) -> Result<usize, CommandError> {
    let mut project = Project::load(project)?;
    let a = axis as usize;
    let e = project.world_extent;
    let file = project.file.display().to_string();
    if !(e[2 * a]..=e[2 * a + 1]).contains(&at) {
        return Err(CommandError::Files(IoError::Project {
            file,
            problem: format!(
                "--at {at} lies outside the model extent along {} [{}, {}]",
                ["x", "y", "z"][a],
                e[2 * a],
                e[2 * a + 1]
            ),
        }));
    }
    let (u, v) = match axis {
        Axis::X => (1, 2),
        Axis::Y => (0, 2),
        Axis::Z => (0, 1),
    };
    let len = |k: usize| e[2 * k + 1] - e[2 * k];
    let longest = len(u).max(len(v));
    let cells = |k: usize| ((SECTION_CELLS as f64 * len(k) / longest).round() as usize).max(8);
    let mut resolution = [1; 3];
    resolution[u] = cells(u);
    resolution[v] = cells(v);
    // A slab one cell thick, centred on the section plane.
    let half = 1e-3 * longest;
    let mut world = e;
    world[2 * a] = at - half;
    world[2 * a + 1] = at + half;
    let t = &project.transform;
    let lo = t.to_engine([world[0], world[2], world[4]]);
    let hi = t.to_engine([world[1], world[3], world[5]]);
    let data_err = |source| {
        CommandError::Files(IoError::Data {
            file: file.clone(),
            source,
        })
    };
    let grid = RegularGrid::new([lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]], resolution)
        .map_err(data_err)?;
    project.input.set_grid(grid);
    let mut evaluation = EvaluationOptions::default();
    evaluation.compute_scalar_gradient = false;
    project.input.set_evaluation(evaluation).map_err(data_err)?;
    let options = for_defaults(ComputeOptions::default(), project.defaults);
    let solution = compute_model_with::<Cpu>(
        &project.input,
        &WeightsCache::new(),
        options,
        &Default::default(),
    )?;
    let ids = &solution.levels[0].ids;
    let (nu, nv) = (resolution[u], resolution[v]);
    let index = |iu: usize, iv: usize| {
        let mut i = [0; 3];
        i[u] = iu;
        i[v] = iv;
        (i[0] * resolution[1] + i[1]) * resolution[2] + i[2]
    };
    let section_ids: Vec<i32> = (0..nu)
        .flat_map(|iu| (0..nv).map(move |iv| (iu, iv)))
        .map(|(iu, iv)| ids[index(iu, iv)])
        .collect();
    let structure = project.input.structure();
    let mut legend: Vec<(i32, String)> = structure
        .surfaces()
        .iter()
        .zip(project.input.unit_values())
        .map(|(s, &id)| (id as i32, s.name.clone()))
        .collect();
    let basement = *project
        .input
        .unit_values()
        .last()
        .expect("one id per surface plus one") as i32;
    legend.push((basement, "basement".into()));
    legend.retain(|(id, _)| section_ids.contains(id));
    let names = ["x", "y", "z"];
    let title = format!("{}: section {} = {at}", project.name, names[a]);
    write_section_png(
        out,
        &Section {
            ids: &section_ids,
            nu,
            nv,
            u_range: [e[2 * u], e[2 * u + 1]],
            v_range: [e[2 * v], e[2 * v + 1]],
            labels: [names[u], names[v]],
            title: &title,
            legend: &legend,
        },
    )?;
    Ok(nu * nv)
}
