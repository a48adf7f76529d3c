//! # strata-dual — meshes of the surfaces of a model by dual contouring
//!
//! gempy_engine extracts one triangle mesh per surface from the leaf level of its octree
//! (docs/math.md §9). This crate does it from what the engine evaluated there — the corners
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
//!
//! ## Example: a sphere from an analytic field
//!
//! ```
//! use strata_data::{MeshMasking, Point, StackRelation};
//! use strata_dual::{Crossings, DualError, GradientField, StackCorners, Triangulation, Voxels};
//!
//! // Z(x) = |x − c|, its surface Z = 0.3 a sphere; 8³ voxels over [1, 2]³.
//! const C: Point = [1.5, 1.52, 1.47];
//! let distance = |p: &Point| (0..3).map(|k| (p[k] - C[k]).powi(2)).sum::<f64>().sqrt();
//! let (n, h) = (8, 1.0 / 8.0);
//! let (mut cells, mut corners) = (Vec::new(), Vec::new());
//! for i in 0..n * n * n {
//!     let cell = [i / (n * n), i / n % n, i % n];
//!     cells.push(cell);
//!     // Corner c = 4·dx + 2·dy + dz, as the engine evaluates them.
//!     corners.extend((0..8).map(|c| [c >> 2, c >> 1 & 1, c & 1])
//!         .map(|d: [usize; 3]| std::array::from_fn(|k| 1.0 + (cell[k] + d[k]) as f64 * h)));
//! }
//! let scalar: Vec<f64> = corners.iter().map(distance).collect();
//! let stack = StackCorners {
//!     relation: StackRelation::Erode,
//!     scalar: &scalar,
//!     mask: &vec![true; corners.len()],
//!     iso_values: &[0.3],
//! };
//! let voxels = Voxels { cells: &cells, corners: &corners };
//! let crossings = Crossings::find(&voxels, &[stack], MeshMasking::Intersect)?;
//!
//! /// The normals come from the field itself: `∇Z = (x − c)/|x − c|`.
//! struct Sphere;
//! impl GradientField for Sphere {
//!     type Error = DualError;
//!     fn gradient(&mut self, _stack: usize, points: &[Point]) -> Result<Vec<Point>, DualError> {
//!         Ok(points.iter().map(|p| std::array::from_fn(|k| p[k] - C[k])).collect())
//!     }
//! }
//! let meshes = crossings.meshes(&mut Sphere, Triangulation::Fancy)?;
//! assert!(!meshes[0].triangles.is_empty());
//! assert!(meshes[0].vertices.iter().all(|v| (distance(v) - 0.3).abs() < h / 4.0));
//! # Ok::<(), DualError>(())
//! ```
//!
//! | item | what it does |
//! |---|---|
//! | [`Crossings::find`] | masks voxels per stack and finds each surface's edge crossings |
//! | [`GradientField`] | what the caller supplies: a stack's gradient at any points |
//! | [`Crossings::meshes`] | one [`Mesh`] per surface: QEF vertices and triangles |
//! | [`Triangulation`] | gempy's fancy rule on octree leaves, or plain quads |
//! | [`Mesh`] | vertices, the voxel of each, triangles facing along the gradient |
//! | [`VoxelSteps`], [`HostSteps`], `cube::DeviceSteps` (feature `cube`) | the per-voxel steps (crossings, QEF vertices) on the host or a device: [`Crossings::find_with`], [`Crossings::meshes_with`] |

pub mod contour;
#[cfg(feature = "cube")]
pub mod cube;
pub mod edges;
pub mod intersections;
pub mod mask;
pub mod mesh;
pub mod qef;
pub mod steps;
pub mod triangulate;

pub use contour::{Crossings, DualError, GradientField, StackCorners, Voxels};
pub use mesh::Mesh;
pub use steps::{HostSteps, VoxelSteps};
pub use triangulate::Triangulation;
