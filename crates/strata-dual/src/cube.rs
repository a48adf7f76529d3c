//! The per-voxel steps of dual contouring as `#[cube]` kernels, in `f64`, on any cubecl
//! runtime ([`DeviceSteps`]): one unit per voxel for the edge crossings (the formulas of
//! [`crate::intersections`]) and one per crossed voxel for the QEF vertex ([`crate::qef`]).
//!
//! ```text
//! voxel_crossings: unit v reads its 8 corners and field values, writes its 12-bit edge set
//!                  and a crossing point per set edge into fixed slots (12 per voxel);
//!                  the host keeps the crossed voxels in voxel order (the host steps' order)
//! qef_vertices:    unit v reads its crossings and normals (offsets of a prefix sum), forms
//!                  AᵀA = Σ n nᵀ + I and Aᵀb = Σ n⟨n, p⟩ + c, and solves by cofactors
//! fancy_triangles: unit (n, v) for each of the 6 emitting edges n and crossed voxel v: if v
//!                  has edge n, finds its three neighbours V + (a,0,0), V + (0,b,0), V + (0,0,c)
//!                  by binary search in the sorted voxel keys, orients the triangle along v's
//!                  reference normal (vertex indices written plus one, 0 where a neighbour is
//!                  missing); the host keeps the found ones in (n, v) order
//! ```
//!
//! Triangulation::Plain (not gempy_engine's rule on octree leaves, and not used by the engine)
//! runs on the host.
//!
//! The constants of the formulas (`1e−10`, the window `−0.01 < w < 1.01`) come in an array, so
//! that they are `f64` (a literal in a `#[cube]` function is an `f32`).

use cubecl::prelude::*;
use cubecl::server::Handle;
use strata_data::Point;

use crate::edges::{EDGES, EDGES_PER_VOXEL};
use crate::intersections::SurfaceCrossings;
use crate::steps::VoxelSteps;
use crate::triangulate::{FANCY_EDGES, Triangulation, triangulate};

/// Units per cube.
const CUBE: usize = 128;

/// Index of `1e−10` (added to the field difference along an edge) in the constants.
const EDGE_EPSILON: usize = 0;
/// Index of the window's lower end, `−0.01`.
const WINDOW_LOW: usize = 1;
/// Index of the window's upper end, `1.01`.
const WINDOW_HIGH: usize = 2;

#[cube(launch)]
#[allow(clippy::too_many_arguments)]
fn voxel_crossings(
    corners: &Array<f64>,
    scalar: &Array<f64>,
    mask: &Array<u32>,
    edges: &Array<u32>,
    constants: &Array<f64>,
    sets: &mut Array<u32>,
    points: &mut Array<f64>,
    n: u32,
    iso: f64,
) {
    let v = ABSOLUTE_POS;
    if v < n as usize {
        let mut set = 0u32;
        if mask[v] != 0 {
            for e in 0..12usize {
                let a = 8 * v + edges[2 * e] as usize;
                let b = 8 * v + edges[2 * e + 1] as usize;
                let w = (iso - scalar[b]) / ((scalar[a] - scalar[b]) + constants[EDGE_EPSILON]);
                if w > constants[WINDOW_LOW] && w < constants[WINDOW_HIGH] {
                    set |= 1u32 << (e as u32);
                    #[unroll]
                    for k in 0..3usize {
                        let (xa, xb) = (corners[3 * a + k], corners[3 * b + k]);
                        points[3 * (12 * v + e) + k] = xb + (xa - xb) * w;
                    }
                }
            }
        }
        sets[v] = set;
    }
}

#[cube(launch)]
fn qef_vertices(
    points: &Array<f64>,
    normals: &Array<f64>,
    offsets: &Array<u32>,
    out: &mut Array<f64>,
    n: u32,
) {
    let v = ABSOLUTE_POS;
    if v < n as usize {
        let (start, end) = (offsets[v] as usize, offsets[v + 1] as usize);
        // The mass point over the non-zero coordinates (qef's QUIRK).
        let mut s0 = 0.0f64;
        let mut s1 = 0.0f64;
        let mut s2 = 0.0f64;
        let mut n0 = 0u32;
        let mut n1 = 0u32;
        let mut n2 = 0u32;
        for e in start..end {
            let (p0, p1, p2) = (points[3 * e], points[3 * e + 1], points[3 * e + 2]);
            if p0 != 0.0 {
                s0 += p0;
                n0 += 1;
            }
            if p1 != 0.0 {
                s1 += p1;
                n1 += 1;
            }
            if p2 != 0.0 {
                s2 += p2;
                n2 += 1;
            }
        }
        let mut b0 = s0 / f64::cast_from(u32::max(n0, 1));
        let mut b1 = s1 / f64::cast_from(u32::max(n1, 1));
        let mut b2 = s2 / f64::cast_from(u32::max(n2, 1));
        let mut a00 = 1.0f64;
        let mut a01 = 0.0f64;
        let mut a02 = 0.0f64;
        let mut a11 = 1.0f64;
        let mut a12 = 0.0f64;
        let mut a22 = 1.0f64;
        for e in start..end {
            let (g0, g1, g2) = (normals[3 * e], normals[3 * e + 1], normals[3 * e + 2]);
            let d = g0 * points[3 * e] + g1 * points[3 * e + 1] + g2 * points[3 * e + 2];
            b0 += g0 * d;
            b1 += g1 * d;
            b2 += g2 * d;
            a00 += g0 * g0;
            a01 += g0 * g1;
            a02 += g0 * g2;
            a11 += g1 * g1;
            a12 += g1 * g2;
            a22 += g2 * g2;
        }
        // Cofactors of the symmetric AᵀA; x = adj(AᵀA) Aᵀb / det.
        let c00 = a11 * a22 - a12 * a12;
        let c01 = a12 * a02 - a01 * a22;
        let c02 = a01 * a12 - a11 * a02;
        let c11 = a22 * a00 - a02 * a02;
        let c12 = a02 * a01 - a12 * a00;
        let c22 = a00 * a11 - a01 * a01;
        let det = a00 * c00 + a01 * c01 + a02 * c02;
        out[3 * v] = c00 / det * b0 + c01 / det * b1 + c02 / det * b2;
        out[3 * v + 1] = c01 / det * b0 + c11 / det * b1 + c12 / det * b2;
        out[3 * v + 2] = c02 / det * b0 + c12 / det * b1 + c22 / det * b2;
    }
}

#[cube(launch)]
#[allow(clippy::too_many_arguments)]
fn fancy_triangles(
    keys: &Array<u64>,
    slots: &Array<u32>,
    cells: &Array<u32>,
    edges: &Array<u32>,
    table: &Array<i32>,
    references: &Array<f64>,
    vertices: &Array<f64>,
    out: &mut Array<u32>,
    n: u32,
    span_y: u32,
    span_z: u32,
) {
    let t = ABSOLUTE_POS;
    let n = n as usize;
    if t < 6 * n {
        let (row, v) = (t / n, t % n);
        let mut c0 = 0u32;
        let mut c1 = 0u32;
        let mut c2 = 0u32;
        if (edges[v] >> (table[4 * row] as u32)) & 1 == 1 {
            let (x, y, z) = (
                i32::cast_from(cells[3 * v]),
                i32::cast_from(cells[3 * v + 1]),
                i32::cast_from(cells[3 * v + 2]),
            );
            let lattice = (u64::cast_from(span_y), u64::cast_from(span_z));
            c0 = slot_of(keys, slots, n, lattice, x + table[4 * row + 1], y, z);
            c1 = slot_of(keys, slots, n, lattice, x, y + table[4 * row + 2], z);
            c2 = slot_of(keys, slots, n, lattice, x, y, z + table[4 * row + 3]);
        }
        if c0 != 0 && c1 != 0 && c2 != 0 {
            let (i, j, k) = (c0 as usize - 1, c1 as usize - 1, c2 as usize - 1);
            let u0 = vertices[3 * j] - vertices[3 * i];
            let u1 = vertices[3 * j + 1] - vertices[3 * i + 1];
            let u2 = vertices[3 * j + 2] - vertices[3 * i + 2];
            let w0 = vertices[3 * k] - vertices[3 * i];
            let w1 = vertices[3 * k + 1] - vertices[3 * i + 1];
            let w2 = vertices[3 * k + 2] - vertices[3 * i + 2];
            let normal_dot = (u1 * w2 - u2 * w1) * references[3 * v]
                + (u2 * w0 - u0 * w2) * references[3 * v + 1]
                + (u0 * w1 - u1 * w0) * references[3 * v + 2];
            out[3 * t] = c0;
            if normal_dot < 0.0 {
                out[3 * t + 1] = c2;
                out[3 * t + 2] = c1;
            } else {
                out[3 * t + 1] = c1;
                out[3 * t + 2] = c2;
            }
        } else {
            out[3 * t] = 0u32;
        }
    }
}

/// One plus the vertex of the voxel at `(x, y, z)` (keys on a lattice of
/// `lattice = (span_y, span_z)`), or 0 where it is outside the grid or not crossed: a binary
/// search in the sorted `keys`.
#[cube]
fn slot_of(
    keys: &Array<u64>,
    slots: &Array<u32>,
    n: usize,
    lattice: (u64, u64),
    x: i32,
    y: i32,
    z: i32,
) -> u32 {
    let mut slot = 0u32;
    if x >= 0 && y >= 0 && z >= 0 {
        let (span_y, span_z) = lattice;
        let key = (u64::cast_from(x) * span_y + u64::cast_from(y)) * span_z + u64::cast_from(z);
        let mut lo = 0usize;
        let mut hi = n;
        while lo < hi {
            let mid = (lo + hi) / 2;
            if keys[mid] < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo < n && keys[lo] == key {
            slot = slots[lo] + 1;
        }
    }
    slot
}

/// The crossed voxels of `cells` in voxel order, from each voxel's edge set and its 12 slots
/// of crossing points.
fn compact(cells: &[[usize; 3]], sets: &[u32], points: &[f64]) -> SurfaceCrossings {
    let mut out = SurfaceCrossings::default();
    for (v, &set) in sets.iter().enumerate().filter(|(_, s)| **s != 0) {
        out.cells.push(cells[v]);
        out.edges.push(set as u16);
        for e in (0..EDGES_PER_VOXEL).filter(|e| set & (1 << e) != 0) {
            let at = 3 * (EDGES_PER_VOXEL * v + e);
            out.points
                .push([points[at], points[at + 1], points[at + 2]]);
        }
    }
    out
}

/// The steps as kernels on a cubecl runtime's device.
pub struct DeviceSteps<R: Runtime> {
    client: ComputeClient<R>,
}

impl<R: Runtime> DeviceSteps<R> {
    /// The steps on the device of `client`.
    pub fn new(client: ComputeClient<R>) -> Self {
        Self { client }
    }

    fn upload<T: CubeElement>(&self, values: &[T], placeholder: T) -> Handle {
        if values.is_empty() {
            self.client.create_from_slice(T::as_bytes(&[placeholder]))
        } else {
            self.client.create_from_slice(T::as_bytes(values))
        }
    }

    /// Cubes for `n` units, two-dimensional past the first dimension's limit.
    fn cubes(&self, n: usize) -> CubeCount {
        let cubes = n.div_ceil(CUBE).max(1);
        let max_x = self.client.properties().hardware.max_cube_count.0 as usize;
        CubeCount::Static(cubes.min(max_x) as u32, cubes.div_ceil(max_x) as u32, 1)
    }
}

impl<R: Runtime> VoxelSteps for DeviceSteps<R> {
    fn crossings(
        &self,
        cells: &[[usize; 3]],
        corners: &[Point],
        scalar: &[f64],
        voxel_mask: &[bool],
        iso_values: &[f64],
    ) -> Vec<SurfaceCrossings> {
        let n = cells.len();
        if !voxel_mask.iter().any(|&m| m) {
            return vec![SurfaceCrossings::default(); iso_values.len()];
        }
        let table: Vec<u32> = EDGES
            .iter()
            .flat_map(|&(a, b)| [a as u32, b as u32])
            .collect();
        let mask: Vec<u32> = voxel_mask.iter().map(|&m| u32::from(m)).collect();
        // The voxels once for every surface of the stack.
        let corners = self.upload(corners.as_flattened(), 0.0);
        let scalar = self.upload(scalar, 0.0);
        let mask = self.upload(&mask, 0);
        let table = self.upload(&table, 0);
        let constants = self.upload(&[1e-10, -0.01, 1.01], 0.0);
        iso_values
            .iter()
            .map(|&iso| {
                let sets = self.client.empty(n * size_of::<u32>());
                let points = self
                    .client
                    .empty(3 * EDGES_PER_VOXEL * n * size_of::<f64>());
                // SAFETY: `corners` holds 24, `scalar` 8, `mask` 1, `sets` 1 and `points` 36
                // values per voxel (the lengths given); the kernel touches voxels below `n` only.
                unsafe {
                    voxel_crossings::launch::<R>(
                        &self.client,
                        self.cubes(n),
                        CubeDim::new_1d(CUBE as u32),
                        ArrayArg::from_raw_parts(corners.clone(), 24 * n),
                        ArrayArg::from_raw_parts(scalar.clone(), 8 * n),
                        ArrayArg::from_raw_parts(mask.clone(), n),
                        ArrayArg::from_raw_parts(table.clone(), 24),
                        ArrayArg::from_raw_parts(constants.clone(), 3),
                        ArrayArg::from_raw_parts(sets.clone(), n),
                        ArrayArg::from_raw_parts(points.clone(), 36 * n),
                        n as u32,
                        iso,
                    );
                }
                let bytes = self.client.read(vec![sets, points]);
                compact(
                    cells,
                    u32::from_bytes(&bytes[0]),
                    f64::from_bytes(&bytes[1]),
                )
            })
            .collect()
    }

    fn vertices(&self, crossings: &SurfaceCrossings, normals: &[Point]) -> Vec<Point> {
        let n = crossings.edges.len();
        if n == 0 {
            return Vec::new();
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        for set in &crossings.edges {
            offsets.push(offsets[offsets.len() - 1] + set.count_ones());
        }
        let m = crossings.points.len();
        let out = self.client.empty(3 * n * size_of::<f64>());
        // SAFETY: `points` and `normals` hold 3 values per crossing, `offsets` n + 1 entries
        // ending at the number of crossings, `out` 3 values per voxel.
        unsafe {
            qef_vertices::launch::<R>(
                &self.client,
                self.cubes(n),
                CubeDim::new_1d(CUBE as u32),
                ArrayArg::from_raw_parts(self.upload(crossings.points.as_flattened(), 0.0), 3 * m),
                ArrayArg::from_raw_parts(self.upload(normals.as_flattened(), 0.0), 3 * m),
                ArrayArg::from_raw_parts(self.upload(&offsets, 0), n + 1),
                ArrayArg::from_raw_parts(out.clone(), 3 * n),
                n as u32,
            );
        }
        f64::from_bytes(&self.client.read_one_unchecked(out))
            .chunks_exact(3)
            .map(|v| [v[0], v[1], v[2]])
            .collect()
    }

    fn triangles(
        &self,
        crossings: &SurfaceCrossings,
        references: &[Point],
        vertices: &[Point],
        method: Triangulation,
    ) -> Vec<[usize; 3]> {
        let n = crossings.cells.len();
        if method != Triangulation::Fancy || n == 0 {
            return triangulate(
                &crossings.cells,
                &crossings.edges,
                references,
                vertices,
                method,
            );
        }
        // Keys of the voxels on a lattice one wider than the largest coordinate (so that a
        // neighbour at +1 has a key of its own), sorted with each voxel's vertex.
        let span = |k: usize| crossings.cells.iter().map(|c| c[k]).max().unwrap_or(0) as u64 + 2;
        let (span_y, span_z) = (span(1), span(2));
        let key = |c: &[usize; 3]| (c[0] as u64 * span_y + c[1] as u64) * span_z + c[2] as u64;
        let mut sorted: Vec<(u64, u32)> = crossings
            .cells
            .iter()
            .enumerate()
            .map(|(v, c)| (key(c), v as u32))
            .collect();
        sorted.sort_unstable();
        let (keys, slots): (Vec<u64>, Vec<u32>) = sorted.into_iter().unzip();
        let cells: Vec<u32> = crossings
            .cells
            .as_flattened()
            .iter()
            .map(|&c| c as u32)
            .collect();
        let edges: Vec<u32> = crossings.edges.iter().map(|&e| u32::from(e)).collect();
        let table: Vec<i32> = FANCY_EDGES
            .iter()
            .flat_map(|&(edge, abc)| [edge as i32, abc[0] as i32, abc[1] as i32, abc[2] as i32])
            .collect();
        let out = self.client.empty(3 * 6 * n * size_of::<u32>());
        // SAFETY: `keys`, `slots` and `edges` hold n values, `cells`, `references` and
        // `vertices` 3n, `table` 24, `out` 18n (3 per unit); the kernel's units are below 6n.
        unsafe {
            fancy_triangles::launch::<R>(
                &self.client,
                self.cubes(6 * n),
                CubeDim::new_1d(CUBE as u32),
                ArrayArg::from_raw_parts(self.upload(&keys, 0), n),
                ArrayArg::from_raw_parts(self.upload(&slots, 0), n),
                ArrayArg::from_raw_parts(self.upload(&cells, 0), 3 * n),
                ArrayArg::from_raw_parts(self.upload(&edges, 0), n),
                ArrayArg::from_raw_parts(self.upload(&table, 0), 24),
                ArrayArg::from_raw_parts(self.upload(references.as_flattened(), 0.0), 3 * n),
                ArrayArg::from_raw_parts(self.upload(vertices.as_flattened(), 0.0), 3 * n),
                ArrayArg::from_raw_parts(out.clone(), 18 * n),
                n as u32,
                span_y as u32,
                span_z as u32,
            );
        }
        u32::from_bytes(&self.client.read_one_unchecked(out))
            .chunks_exact(3)
            .filter(|t| t[0] != 0)
            .map(|t| [t[0], t[1], t[2]].map(|slot| slot as usize - 1))
            .collect()
    }
}
