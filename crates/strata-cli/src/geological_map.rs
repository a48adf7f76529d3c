//! The geological map of a project with a topography: the unit at every node of the
//! topography's lattice (the ids of the topography grid, evaluated with the model at level 0),
//! drawn in map view with the faults' traces (`<name>_map.png`) and written as the topography
//! surface coloured by unit (`<name>_map.vtp`).

use std::path::{Path, PathBuf};

use strata_engine::ModelSolution;
use strata_io::{DataArray, IoError, SurfaceMesh, write_vtp_with_point_data};
use strata_plot::{Registration, Section, Trace, write_section_png};
use strata_project::{Project, Topography};

use crate::pictures::{fault_traces, unit_legend};

/// The map: ids at the topography's nodes, node `(i, j)` at `i·ny + j`.
pub struct GeologicalMap<'a> {
    /// The project's topography.
    pub topography: &'a Topography,
    /// Lithology id per node.
    pub ids: &'a [i32],
    /// Fault id per node.
    pub fault_ids: &'a [i32],
    /// Where the fault surfaces cut the topography, world x-y.
    pub traces: Vec<Trace>,
}

impl<'a> GeologicalMap<'a> {
    /// The map of `project` from its solution, when the project has a topography.
    pub fn of(project: &'a Project, solution: &'a ModelSolution) -> Option<Self> {
        let topography = project.grids.topography.as_ref()?;
        let level = &solution.levels[0];
        let slice = level.slices.topography.clone();
        let (x, y) = topography.nodes();
        Some(Self {
            topography,
            ids: &level.ids[slice.clone()],
            fault_ids: &level.fault_ids[slice.clone()],
            traces: fault_traces(&project.input, solution, slice, (x, y), &[]),
        })
    }

    /// Draws the map as `<name>_map.png` in `out`.
    pub fn write_png(&self, out: &Path, project: &Project) -> Result<PathBuf, IoError> {
        let path = out.join(format!("{}_map.png", project.name));
        let (x, y) = self.topography.nodes();
        let e = project.world_extent;
        let title = format!("{}: geological map", project.name);
        write_section_png(
            &path,
            &Section {
                ids: self.ids,
                nu: x.len(),
                nv: y.len(),
                u_range: [e[0], e[1]],
                v_range: [e[2], e[3]],
                registration: Registration::Nodes,
                labels: ["x (east)", "y (north)"],
                title: &title,
                legend: &unit_legend(project, self.ids, false),
                traces: &self.traces,
            },
        )?;
        Ok(path)
    }

    /// Writes the topography as a surface with `lith_id` and `fault_id` per node as
    /// `<name>_map.vtp` in `out`.
    pub fn write_vtp(&self, out: &Path, project: &Project) -> Result<PathBuf, IoError> {
        let path = out.join(format!("{}_map.vtp", project.name));
        let vertices = self.topography.points();
        let mesh = SurfaceMesh {
            name: "topography",
            id: 0,
            vertices: &vertices,
            triangles: &self.topography.triangles(),
        };
        write_vtp_with_point_data(
            &path,
            &mesh,
            &[
                DataArray::Int32("lith_id", self.ids),
                DataArray::Int32("fault_id", self.fault_ids),
            ],
        )?;
        Ok(path)
    }
}
