//! Dual contouring of every surface of a model, in two steps around the normal evaluation
//! (docs/math.md §9).
//!
//! [`Crossings::find`] masks the voxels of each stack ([`crate::mask`]) and finds where each
//! of its surfaces crosses their edges ([`crate::intersections`]). [`Crossings::meshes`] asks
//! a [`GradientField`] for each stack's gradient at its crossings (§9.3), places one vertex
//! per crossed voxel ([`crate::qef`]) and connects them ([`crate::triangulate`]): one [`Mesh`]
//! per surface, stack by stack, surface by surface. A surface that crosses no voxel gets an
//! empty mesh.

use strata_data::{MeshMasking, Point, StackRelation};
use thiserror::Error;

use crate::Mesh;
use crate::intersections::SurfaceCrossings;
use crate::mask::voxel_masks;
use crate::steps::{HostSteps, VoxelSteps};
use crate::triangulate::Triangulation;

/// Why dual contouring could not run.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
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

/// What dual contouring needs of a model besides the corner values: the gradient of one
/// stack's field at the points where its surfaces cross voxel edges (§9.3).
pub trait GradientField {
    /// Why the gradient could not be evaluated.
    type Error;

    /// `∇Z` of stack `stack` — or any positive multiple of it, such as gempy's `½∇Z` — at
    /// every one of `points`.
    fn gradient(&mut self, stack: usize, points: &[Point]) -> Result<Vec<Point>, Self::Error>;
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
        Self::find_with(&HostSteps, voxels, stacks, masking)
    }

    /// [`Crossings::find`] with the crossings found by `steps` (on the host or a device).
    pub fn find_with(
        steps: &dyn VoxelSteps,
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
                steps.crossings(voxels.cells, voxels.corners, s.scalar, mask, s.iso_values)
            })
            .collect();
        Ok(Self { stacks })
    }

    /// One mesh per surface, stack by stack, surface by surface, with the normals at the
    /// crossings asked of `field`: one call per stack that has crossings, with all of its
    /// surfaces' points.
    pub fn meshes<F: GradientField>(
        &self,
        field: &mut F,
        method: Triangulation,
    ) -> Result<Vec<Mesh>, F::Error>
    where
        F::Error: From<DualError>,
    {
        self.meshes_with(&HostSteps, field, method)
    }

    /// [`Crossings::meshes`] with the vertices placed by `steps` (on the host or a device).
    pub fn meshes_with<F: GradientField>(
        &self,
        steps: &dyn VoxelSteps,
        field: &mut F,
        method: Triangulation,
    ) -> Result<Vec<Mesh>, F::Error>
    where
        F::Error: From<DualError>,
    {
        let mut meshes = Vec::new();
        for (stack, surfaces) in self.stacks.iter().enumerate() {
            let points: Vec<Point> = surfaces
                .iter()
                .flat_map(|s| s.points.iter().copied())
                .collect();
            let normals = if points.is_empty() {
                Vec::new()
            } else {
                field.gradient(stack, &points)?
            };
            if normals.len() != points.len() {
                return Err(DualError::NormalCount {
                    points: points.len(),
                    found: normals.len(),
                }
                .into());
            }
            let mut offset = 0;
            for (surface, crossings) in surfaces.iter().enumerate() {
                let n = crossings.points.len();
                let normals = &normals[offset..offset + n];
                meshes.push(surface_mesh(
                    steps, stack, surface, crossings, normals, method,
                ));
                offset += n;
            }
        }
        Ok(meshes)
    }
}

/// The mesh of one surface by `steps`: a QEF vertex per crossed voxel, the reference normal
/// of each voxel (the sum of its crossings' gradients), then the triangles.
fn surface_mesh(
    steps: &dyn VoxelSteps,
    stack: usize,
    surface: usize,
    crossings: &SurfaceCrossings,
    normals: &[Point],
    method: Triangulation,
) -> Mesh {
    let mut references = Vec::with_capacity(crossings.cells.len());
    let mut start = 0;
    for set in &crossings.edges {
        let end = start + set.count_ones() as usize;
        references.push(std::array::from_fn(|k| {
            normals[start..end].iter().map(|g| g[k]).sum()
        }));
        start = end;
    }
    let vertices = steps.vertices(crossings, normals);
    let triangles = steps.triangles(crossings, &references, &vertices, method);
    Mesh {
        stack,
        surface,
        vertices,
        voxels: crossings.cells.clone(),
        triangles,
    }
}
