//! # strata-dual — meshes of the surfaces of a model by dual contouring
//!
//! gempy_engine extracts one triangle mesh per surface from the leaf level of its octree
//! (ENGINE_MATH.md §9). This crate does it from what the engine evaluated there — the corners
//! of every leaf voxel and, per stack, its scalar field and lithology mask at those corners:
//!
//! 1. [`mask`] — which voxels may carry a stack's surfaces (INTERSECT, RAW, DISJOINT, §9.1);
//! 2. [`intersections`] — where each iso-surface crosses the 12 edges of a voxel (§9.2);
//! 3. a [`GradientField`] gives the gradient of the field at those points (§9.3) — the engine
//!    re-interpolates the stack there rather than interpolating corner gradients;
//! 4. [`qef`] — one vertex per crossed voxel, the least-squares point of the edge tangent
//!    planes pulled towards the mass point of the crossings (§9.4);
//! 5. [`triangulate`] — triangles between the vertices of neighbouring voxels, by gempy's
//!    "fancy" rule on octree leaves or by plain quads (§9.5), facing along the gradient.
//!
//! [`Crossings`] ([`contour`]) runs the steps: [`Crossings::find`] finds the crossings,
//! [`Crossings::meshes`] asks the field for normals there and builds one [`Mesh`] per surface.
//! Voxels are addressed by integer coordinates on the leaf level's full grid, so the crate
//! needs no octree: a regular grid of voxels works the same. Vertices stay in the coordinates
//! of the corners (engine coordinates).

pub mod contour;
pub mod edges;
pub mod intersections;
pub mod mask;
pub mod mesh;
pub mod qef;
pub mod triangulate;

pub use contour::{Crossings, DualError, GradientField, StackCorners, Voxels};
pub use mesh::Mesh;
pub use triangulate::Triangulation;
