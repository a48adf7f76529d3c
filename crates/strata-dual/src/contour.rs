//! Dual contouring of every surface of a model, in two steps around the normal evaluation
//! (ENGINE_MATH.md §9).
//!
//! [`Crossings::find`] masks the voxels of each stack ([`crate::mask`]) and finds where each
//! of its surfaces crosses their edges ([`crate::intersections`]); [`Crossings::points`] lists
//! those points, stack by stack, surface by surface, voxel by voxel, edge by edge. The caller
//! evaluates each stack's field gradient at its points (§9.3) and hands them, in the same
//! order, to [`Crossings::meshes`], which places one vertex per crossed voxel
//! ([`crate::qef`]) and connects them ([`crate::triangulate`]): one [`Mesh`] per surface,
//! stack by stack, surface by surface. A surface that crosses no voxel gets an empty mesh.

use std::ops::Range;

use strata_data::{MeshMasking, Point, StackRelation};
use thiserror::Error;

use crate::Mesh;
use crate::intersections::{SurfaceCrossings, surface_crossings};
use crate::mask::voxel_masks;
use crate::qef::qef_vertex;
use crate::triangulate::{Triangulation, triangulate};

/// Why dual contouring could not run.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DualError {
    /// The corners are not 8 per voxel.
    #[error("{corners} corners for {voxels} voxels (8 per voxel expected)")]
    CornerCount {
        /// Voxels.
        voxels: usize,
        /// Corners given.
        corners: usize,
    },
    /// A stack's corner array does not have one value per corner.
    #[error("stack {stack}: {found} {what} values for {corners} corners")]
    StackCornerCount {
        /// The stack.
        stack: usize,
        /// Which array.
        what: &'static str,
        /// Corners.
        corners: usize,
        /// Values given.
        found: usize,
    },
    /// The normals do not match the crossing points.
    #[error("{found} normals for {points} crossing points")]
    NormalCount {
        /// Crossing points.
        points: usize,
        /// Normals given.
        found: usize,
    },
}

/// The leaf voxels: integer coordinates on the leaf level's full grid and 8 corners each
/// (corner `c = 4·ix + 2·iy + iz`, as evaluated by the engine).
#[derive(Debug, Clone, Copy)]
pub struct Voxels<'a> {
    /// Integer coordinates `(ix, iy, iz)` of every voxel (distinct).
    pub cells: &'a [[usize; 3]],
    /// The 8 corners of every voxel, voxel by voxel.
    pub corners: &'a [Point],
}

/// One stack at the voxel corners.
#[derive(Debug, Clone, Copy)]
pub struct StackCorners<'a> {
    /// The stack's relation (decides its voxel mask).
    pub relation: StackRelation,
    /// The stack's own scalar field at every corner.
    pub scalar: &'a [f64],
    /// Where the stack defines the lithology (gempy's `squeezed_mask_array`) at every corner.
    pub mask: &'a [bool],
    /// The iso-value of each of its surfaces.
    pub iso_values: &'a [f64],
}

/// The edge crossings of every surface of every stack.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Crossings {
    stacks: Vec<Vec<SurfaceCrossings>>,
}

impl Crossings {
    /// Masks the voxels of each stack with `masking` and finds the crossings of its surfaces.
    pub fn find(
        voxels: &Voxels<'_>,
        stacks: &[StackCorners<'_>],
        masking: MeshMasking,
    ) -> Result<Self, DualError> {
        let corners = voxels.corners.len();
        if corners != 8 * voxels.cells.len() {
            return Err(DualError::CornerCount {
                voxels: voxels.cells.len(),
                corners,
            });
        }
        for (stack, s) in stacks.iter().enumerate() {
            for (what, found) in [("scalar", s.scalar.len()), ("mask", s.mask.len())] {
                if found != corners {
                    return Err(DualError::StackCornerCount {
                        stack,
                        what,
                        corners,
                        found,
                    });
                }
            }
        }
        let masks = voxel_masks(stacks, masking);
        let stacks = stacks
            .iter()
            .zip(&masks)
            .map(|(s, mask)| {
                s.iso_values
                    .iter()
                    .map(|&iso| {
                        surface_crossings(voxels.cells, voxels.corners, s.scalar, mask, iso)
                    })
                    .collect()
            })
            .collect();
        Ok(Self { stacks })
    }

    /// All crossing points: stack by stack, surface by surface, voxel by voxel, edge by edge.
    pub fn points(&self) -> Vec<Point> {
        self.surfaces()
            .flat_map(|(_, _, s)| s.points.iter().copied())
            .collect()
    }

    /// The range of [`Crossings::points`] that belongs to `stack` (empty past the last stack).
    pub fn stack_points(&self, stack: usize) -> Range<usize> {
        let count = |s: &[SurfaceCrossings]| s.iter().map(|c| c.points.len()).sum::<usize>();
        let start = self.stacks.iter().take(stack).map(|s| count(s)).sum();
        start..start + self.stacks.get(stack).map_or(0, |s| count(s))
    }

    /// One mesh per surface from the field gradient at every crossing point (`normals`, in the
    /// order of [`Crossings::points`]).
    pub fn meshes(&self, normals: &[Point], method: Triangulation) -> Result<Vec<Mesh>, DualError> {
        let points: usize = self.surfaces().map(|(_, _, s)| s.points.len()).sum();
        if normals.len() != points {
            return Err(DualError::NormalCount {
                points,
                found: normals.len(),
            });
        }
        let mut offset = 0;
        let mut meshes = Vec::new();
        for (stack, surface, crossings) in self.surfaces() {
            let n = crossings.points.len();
            meshes.push(surface_mesh(
                stack,
                surface,
                crossings,
                &normals[offset..offset + n],
                method,
            ));
            offset += n;
        }
        Ok(meshes)
    }

    /// `(stack, surface, crossings)` in mesh order.
    fn surfaces(&self) -> impl Iterator<Item = (usize, usize, &SurfaceCrossings)> {
        self.stacks
            .iter()
            .enumerate()
            .flat_map(|(stack, surfaces)| {
                surfaces
                    .iter()
                    .enumerate()
                    .map(move |(surface, c)| (stack, surface, c))
            })
    }
}

/// The mesh of one surface: a QEF vertex per crossed voxel, then the triangles.
fn surface_mesh(
    stack: usize,
    surface: usize,
    crossings: &SurfaceCrossings,
    normals: &[Point],
    method: Triangulation,
) -> Mesh {
    let mut vertices = Vec::with_capacity(crossings.cells.len());
    let mut references = Vec::with_capacity(crossings.cells.len());
    let mut start = 0;
    for set in &crossings.edges {
        let end = start + set.count_ones() as usize;
        let (p, n) = (&crossings.points[start..end], &normals[start..end]);
        vertices.push(qef_vertex(p, n));
        references.push(std::array::from_fn(|k| n.iter().map(|g| g[k]).sum()));
        start = end;
    }
    let triangles = triangulate(
        &crossings.cells,
        &crossings.edges,
        &references,
        &vertices,
        method,
    );
    Mesh {
        stack,
        surface,
        vertices,
        voxels: crossings.cells.clone(),
        triangles,
    }
}
