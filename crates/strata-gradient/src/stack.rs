//! One stack's field and soft unit values, and their vector–Jacobian products with respect to
//! the surface points and the orientation gradients, by the adjoint of the dense co-kriging
//! solve (docs/math.md §16).
//!
//! The forward pass is the engine's: the system is gathered by [`KrigingSystem::new`], assembled
//! by [`assemble`] with the caller's [`Kernels`], factored once by LU ([`Factored`]), and the
//! field evaluated by [`Field::evaluate`]; iso-values and soft values by
//! [`strata_engine::segmentation`]. The reverse pass, for a cotangent `ȳ` of `Z` at points
//! `x_m`:
//!
//! ```text
//! w̄ = Σ_m ȳ_m k(x_m)                       k(x): the column of covariances of Z(x) (§5.2)
//! λ = A⁻ᵀ w̄                                the forward's LU factors, transposed solve
//! ḡ_i = λ_(·,i)                             b holds the gradients
//! P̄ = Σ_m ȳ_m ∂Z(x_m)/∂P |_w − Σ_jl λ_j w_l ∂A_jl/∂P
//! ```
//!
//! the last sum contracted block by block in closed form (§16.3), never forming `∂A`; the
//! `O(N·M)` sums over the points are one evaluation by the backend's kernels, of a source
//! system that carries the cotangents (§16.2).

use rayon::prelude::*;
use strata_data::{EngineInput, KernelOptions, Point, StackData};
use strata_engine::DENSE_MAX_ROWS;
use strata_engine::segmentation::{soft_segment, soft_segment_vjp};
use strata_kernel::{
    Covariance, EvaluationPoints, Field, GeoBackend, Kernels, KrigingSystem, Layout, assemble,
    quadratic, quadratic_derivative, reference_rest_pairs,
};
use strata_solver::{Factored, PivotTest, SystemMatrix};

use crate::GradientError;
use crate::vector::{dot, sub};

/// The cotangents of a stack's data: one per surface point (the model's order) and one per
/// orientation gradient, engine coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct DataCotangents {
    /// `∂⟨ȳ, y⟩/∂P` for every surface point `P`.
    pub surface_points: Vec<Point>,
    /// `∂⟨ȳ, y⟩/∂g_i` for every orientation gradient `g_i`.
    pub orientation_gradients: Vec<Point>,
}

/// A model of one stack solved densely, kept for values and vector–Jacobian products: the
/// system, the LU factors of `A` and the weights, the prepared field.
///
/// ```
/// use strata_data::{
///     EngineInput, KernelOptions, Orientations, RegularGrid, Stack, StackRelation, Structure,
///     Surface, SurfacePoints,
/// };
/// use strata_engine::{Cpu, Kernels};
/// use strata_gradient::DifferentiableStack;
///
/// let points = vec![[0.2, 0.5, 0.6], [0.8, 0.5, 0.6], [0.5, 0.2, 0.62], [0.5, 0.8, 0.6]];
/// let input = EngineInput::builder(
///     SurfacePoints::new(points, vec![1e-6; 4])?,
///     Orientations::new(vec![[0.5, 0.5, 0.5]], vec![[0.0, 0.0, 1.0]], vec![0.01])?,
///     Structure::new(
///         vec![Surface::new("top", 4)],
///         vec![Stack::new("strata", StackRelation::Basement, 1, 1)],
///         None,
///     )?,
///     RegularGrid::new([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], [2, 2, 2])?,
/// )
/// .kernel(KernelOptions::for_range(1.7))
/// .build()?;
/// let stack = DifferentiableStack::new(&input, &Kernels::<Cpu>::default())?;
/// let x = [[0.5, 0.5, 0.3], [0.3, 0.6, 0.9]];
/// let z = stack.scalar_field(&x)?;
/// let bar = stack.vjp_scalar_field(&x, &[1.0, 2.0])?;
/// // Z is linear in the gradients (they are b): ⟨ḡ, g⟩ = ⟨ȳ, Z⟩.
/// let g_dot = bar.orientation_gradients[0][2] * 1.0;
/// assert!((g_dot - (z[0] + 2.0 * z[1])).abs() < 1e-9 * z[1].abs().max(1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DifferentiableStack<B: GeoBackend> {
    system: KrigingSystem,
    /// The input's kernel options (those of the adjoint's source system, `cotangent_sums`).
    options: KernelOptions,
    /// The backend the field and the adjoint's sums are evaluated on.
    kernels: Kernels<B>,
    layout: Layout,
    /// The stack's surface points, in the model's order.
    points: Vec<Point>,
    /// `(reference, rest)` indices into `points` of every interface row.
    pairs: Vec<(usize, usize)>,
    /// The reference point of every surface.
    references: Vec<usize>,
    unit_values: Vec<f64>,
    factors: Factored,
    weights: Vec<f64>,
    field: Field,
}

impl<B: GeoBackend> DifferentiableStack<B> {
    /// Solves the single stack of `input` with its own data ([`DifferentiableStack::with_data`]).
    pub fn new(input: &EngineInput, kernels: &Kernels<B>) -> Result<Self, GradientError> {
        let stack = input.stack(0);
        Self::with_data(input, stack.points, stack.orientation_gradient, kernels)
    }

    /// Solves the single stack of `input` with the surface points `points` and the orientation
    /// gradients `gradients` in place of the input's (engine coordinates, the input's order and
    /// counts), as the engine does: [`KrigingSystem::new`], [`assemble`] with `kernels`, an LU
    /// of `A` (kept for the adjoint), [`Field::new`].
    ///
    /// A model of several stacks (fault drift, stack combination), a finite fault or a system
    /// beyond [`DENSE_MAX_ROWS`] (solved matrix-free by the engine) is a
    /// [`GradientError::Unsupported`].
    pub fn with_data(
        input: &EngineInput,
        points: &[Point],
        gradients: &[Point],
        kernels: &Kernels<B>,
    ) -> Result<Self, GradientError> {
        if input.n_stacks() != 1 {
            return Err(GradientError::Unsupported {
                feature: "several stacks (fault drift and the stack combination)",
            });
        }
        let stack = input.stack(0);
        if stack.stack.finite_fault.is_some() {
            return Err(GradientError::Unsupported {
                feature: "a finite fault",
            });
        }
        check_length("surface points", points.len(), stack.points.len())?;
        check_length(
            "orientation gradients",
            gradients.len(),
            stack.orientation_gradient.len(),
        )?;
        let data = StackData {
            points,
            orientation_gradient: gradients,
            ..stack
        };
        let system = KrigingSystem::new(&data, input.kernel(), &[])?;
        let layout = system.layout();
        if layout.size() > DENSE_MAX_ROWS {
            return Err(GradientError::Unsupported {
                feature: "a matrix-free solve (a system beyond the dense limit)",
            });
        }
        let assembled = assemble(&system, kernels);
        let factors = Factored::lu(
            SystemMatrix {
                n: layout.size(),
                data: &assembled.matrix,
                drift_start: layout.covariance_size(),
            },
            PivotTest::default(),
        )?;
        let mut weights = assembled.rhs;
        factors.solve_columns(&mut weights, 1)?;
        let field = Field::new(&system, &weights, kernels)?;
        let pairs = reference_rest_pairs(&data.surface_sizes);
        let references = data
            .surface_sizes
            .iter()
            .scan(0, |start, &n| {
                let first = *start;
                *start += n;
                Some(first)
            })
            .collect();
        Ok(Self {
            system,
            options: input.kernel().clone(),
            kernels: kernels.clone(),
            layout,
            points: points.to_vec(),
            pairs,
            references,
            unit_values: data.unit_values.to_vec(),
            factors,
            weights,
            field,
        })
    }

    /// The kriging weights `w = A⁻¹ b`.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// `Z` at `xyz` (engine coordinates), by the engine's [`Field::evaluate`].
    pub fn scalar_field(&self, xyz: &[Point]) -> Result<Vec<f64>, GradientError> {
        let points = EvaluationPoints {
            xyz,
            fault_values: &[],
        };
        Ok(self.field.evaluate(points, false)?.scalar)
    }

    /// The iso-values: `Z` at each surface's reference point (§5.3).
    pub fn iso_values(&self) -> Result<Vec<f64>, GradientError> {
        let xyz: Vec<Point> = self.references.iter().map(|&r| self.points[r]).collect();
        self.scalar_field(&xyz)
    }

    /// The soft unit values at `xyz` with sigmoid slope `slope` ([`soft_segment`], §6.1).
    pub fn soft_values(&self, xyz: &[Point], slope: f64) -> Result<Vec<f64>, GradientError> {
        let z = self.scalar_field(xyz)?;
        Ok(soft_segment(
            &z,
            &self.iso_values()?,
            &self.unit_values,
            slope,
        )?)
    }

    /// The vector–Jacobian product of [`DifferentiableStack::scalar_field`]: the data
    /// cotangents of `⟨ȳ, Z(xyz)⟩` (§16.2–§16.3).
    pub fn vjp_scalar_field(
        &self,
        xyz: &[Point],
        cotangent: &[f64],
    ) -> Result<DataCotangents, GradientError> {
        check_length("scalar-field cotangent", cotangent.len(), xyz.len())?;
        self.adjoint(xyz, cotangent)
    }

    /// The vector–Jacobian product of [`DifferentiableStack::soft_values`] (§16.4): the
    /// segmentation's cotangents of `Z` at `xyz` and of the iso-values, then those of `Z` at
    /// `[xyz; reference points]`, plus `ē_s ∇Z(q_s)` for the reference points moving with
    /// their surfaces.
    pub fn vjp_soft_values(
        &self,
        xyz: &[Point],
        slope: f64,
        cotangent: &[f64],
    ) -> Result<DataCotangents, GradientError> {
        check_length("soft-value cotangent", cotangent.len(), xyz.len())?;
        let z = self.scalar_field(xyz)?;
        let iso = self.iso_values()?;
        let (z_bar, iso_bar) = soft_segment_vjp(&z, &iso, &self.unit_values, slope, cotangent)?;
        let mut points = xyz.to_vec();
        points.extend(self.references.iter().map(|&r| self.points[r]));
        let mut bar = z_bar;
        bar.extend_from_slice(&iso_bar);
        let mut cotangents = self.adjoint(&points, &bar)?;
        for (&r, &e_bar) in self.references.iter().zip(&iso_bar) {
            let g = self.field_slope(self.points[r]);
            for (c, g) in cotangents.surface_points[r].iter_mut().zip(g) {
                *c += e_bar * g;
            }
        }
        Ok(cotangents)
    }

    /// `W_P = Σ_k v_k ([P = r_k] − [P = q_k])`: an interface vector `v` gathered on the
    /// surface points (`λᵀ A_II w = c_o i_res Σ_PQ Λ_P W_Q K(P, Q)`, §16.3).
    fn on_points(&self, v: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.points.len()];
        let start = self.layout.interface_row(0);
        for (k, &(q, r)) in self.pairs.iter().enumerate() {
            out[r] += v[start + k];
            out[q] -= v[start + k];
        }
        out
    }

    /// The orientation rows of `v` as one vector per orientation.
    fn per_orientation(&self, v: &[f64]) -> Vec<Point> {
        let n = self.layout.n_orientations;
        (0..n)
            .map(|i| [0, 1, 2].map(|a| v[self.layout.gradient_row(a, i)]))
            .collect()
    }

    /// `(S_P, E_P) = (Σ_m ȳ_m K(|P − x_m|²), Σ_m ȳ_m (P − x_m) Kp(|P − x_m|²))` at every
    /// point `P` of `at` (§16.2), by the engine's own field evaluation: a system whose one
    /// surface is `[R; x_0 … x_{M−1}]` (`R = x_0`), with unit scales, no drift and the weights
    /// `−ȳ`, has `Z = Σ_m ȳ_m K(x_m, ·) − Y K(R, ·)` and `G = Σ_m ȳ_m (· − x_m) Kp + Y (R − ·)
    /// Kp(R, ·)`, `Y = Σ_m ȳ_m` (§5.2): `O(M·|at|)` in the backend's kernels, as a forward
    /// evaluation. `E_P = Σ_m ȳ_m ∇_P K` because `2 dK/ds = Kp` (§2.2).
    fn cotangent_sums(
        &self,
        xyz: &[Point],
        y_bar: &[f64],
        at: &[Point],
    ) -> Result<Vec<(f64, Point)>, GradientError> {
        let Some(&r) = xyz.first() else {
            return Ok(vec![(0.0, [0.0; 3]); at.len()]);
        };
        let options = self
            .options
            .clone()
            .with_c_o(1.0)
            .with_scales(1.0, 1.0)
            .with_drift_degree(0);
        let mut surface = vec![r];
        surface.extend_from_slice(xyz);
        let sources = KrigingSystem::builder(options).surface(&surface).build()?;
        let weights: Vec<f64> = y_bar.iter().map(|y| -y).collect();
        let field = Field::new(&sources, &weights, &self.kernels)?;
        let points = EvaluationPoints {
            xyz: at,
            fault_values: &[],
        };
        let values = field.evaluate(points, true)?;
        let gradient = values.gradient.unwrap_or_default();
        let total: f64 = y_bar.iter().sum();
        let cov = self.system.covariance();
        Ok(at
            .iter()
            .zip(values.scalar.iter().zip(&gradient))
            .map(|(p, (z, g))| {
                let h = sub(r, *p);
                let radial = cov.slopes(dot(h, h));
                let e = [0, 1, 2].map(|a| g[a] - total * h[a] * radial.kp);
                (z + total * radial.k, e)
            })
            .collect())
    }

    /// The reverse pass for the cotangent `ȳ` of `Z` at `xyz` (module formula).
    fn adjoint(&self, xyz: &[Point], y_bar: &[f64]) -> Result<DataCotangents, GradientError> {
        let s = &self.system;
        let cov = s.covariance();
        let (c_o, i_res, gi_res) = (s.c_o(), s.i_res(), s.gi_res());
        let layout = self.layout;
        let w_o = self.per_orientation(&self.weights);
        let w_p = self.on_points(&self.weights);

        // w̄ = Σ_m ȳ_m k(x_m), and Z's own dependence on the surface points (§16.2), from
        // the sums S_P and E_P at the orientations and the surface points.
        let mut at = s.orientation_xyz().to_vec();
        at.extend_from_slice(&self.points);
        let sums = self.cotangent_sums(xyz, y_bar, &at)?;
        let (orientation_sums, point_sums) = sums.split_at(layout.n_orientations);
        let mut w_bar = vec![0.0; layout.size()];
        for (i, (_, e)) in orientation_sums.iter().enumerate() {
            for (a, v) in e.iter().enumerate() {
                w_bar[layout.gradient_row(a, i)] = c_o * gi_res * v;
            }
        }
        for (k, &(q, r)) in self.pairs.iter().enumerate() {
            w_bar[layout.interface_row(k)] = c_o * i_res * (point_sums[q].0 - point_sums[r].0);
        }
        if layout.n_drift > 0 {
            let d0 = layout.drift_row(0);
            for (x, &y) in xyz.iter().zip(y_bar) {
                for a in 0..3 {
                    w_bar[d0 + a] += gi_res * y * x[a];
                }
                if layout.n_drift == 9 {
                    for (m, phi) in quadratic(x).iter().enumerate() {
                        w_bar[d0 + 3 + m] += i_res * y * phi;
                    }
                }
            }
        }

        // λ = A⁻ᵀ w̄ with the forward's factors.
        let mut lambda = w_bar;
        self.factors.solve_transpose_columns(&mut lambda, 1)?;
        let l_o = self.per_orientation(&lambda);
        let l_p = self.on_points(&lambda);
        let drift = |v: &[f64]| -> Vec<f64> {
            v[layout.drift_row(0)..layout.drift_row(0) + layout.n_drift].to_vec()
        };
        let (w_u, l_u) = (drift(&self.weights), drift(&lambda));

        // P̄ = Z's own term − λᵀ (∂A/∂P) w, block by block (§16.3).
        let orientations = s.orientation_xyz();
        let surface_points = self
            .points
            .par_iter()
            .enumerate()
            .map(|(x, &px)| {
                let mut bar = point_sums[x].1.map(|d| -c_o * i_res * w_p[x] * d);
                // Interface–interface: c_o i_res Σ_Q (Λ_X W_Q + W_X Λ_Q) ∇_h K(X − Q).
                for (q, &pq) in self.points.iter().enumerate() {
                    let c = l_p[x] * w_p[q] + w_p[x] * l_p[q];
                    if c == 0.0 || q == x {
                        continue;
                    }
                    let h = sub(px, pq);
                    let dk = cov.slopes(dot(h, h)).dk;
                    for a in 0..3 {
                        bar[a] -= c_o * i_res * c * 2.0 * h[a] * dk;
                    }
                }
                // Gradient–interface: c_o gi_res Σ_i ∇_h[(u·h) Kp], h = p_i − X.
                for (i, &p) in orientations.iter().enumerate() {
                    let u = [0, 1, 2].map(|a| l_o[i][a] * w_p[x] + w_o[i][a] * l_p[x]);
                    let h = sub(p, px);
                    let sl = cov.slopes(dot(h, h));
                    let uh = dot(u, h);
                    for a in 0..3 {
                        bar[a] -= c_o * gi_res * (u[a] * sl.kp + 2.0 * h[a] * uh * sl.dkp);
                    }
                }
                // Drift: A[k, U_β] = gi_res (q_k − r_k)_β, A[k, U_m] = i_res (φ_m(q_k) − φ_m(r_k)).
                if layout.n_drift > 0 {
                    for a in 0..3 {
                        bar[a] += gi_res * (l_p[x] * w_u[a] + w_p[x] * l_u[a]);
                    }
                    if layout.n_drift == 9 {
                        for (a, b) in bar.iter_mut().enumerate() {
                            let d = quadratic_derivative(&px, a);
                            *b += i_res
                                * (0..6)
                                    .map(|m| d[m] * (l_p[x] * w_u[3 + m] + w_p[x] * l_u[3 + m]))
                                    .sum::<f64>();
                        }
                    }
                }
                bar
            })
            .collect();
        Ok(DataCotangents {
            surface_points,
            orientation_gradients: l_o,
        })
    }

    /// `∇Z(x)` exactly, the derivative of [`Field`]'s `Z` formula with respect to the point
    /// (not the exported `G`, which regularises `h h/(ρ² + 1e−5)`, §5.2):
    ///
    /// ```text
    /// ∇Z = −c_o gi_res Σ_i (w_i Kp + 2h_i (w_i·h_i) dKp/ds) + 2 c_o i_res Σ_P W_P (P − x) dK/ds
    ///      + gi_res w_U + i_res Σ_m w_(U_m) ∇φ_m(x)
    /// ```
    fn field_slope(&self, x: Point) -> Point {
        let s = &self.system;
        let cov: Covariance = s.covariance();
        let (c_o, i_res, gi_res) = (s.c_o(), s.i_res(), s.gi_res());
        let layout = self.layout;
        let mut g = [0.0; 3];
        for (w, p) in self
            .per_orientation(&self.weights)
            .iter()
            .zip(s.orientation_xyz())
        {
            let h = sub(*p, x);
            let sl = cov.slopes(dot(h, h));
            let wh = dot(*w, h);
            for a in 0..3 {
                g[a] -= c_o * gi_res * (w[a] * sl.kp + 2.0 * h[a] * wh * sl.dkp);
            }
        }
        for (w, p) in self.on_points(&self.weights).iter().zip(&self.points) {
            let h = sub(*p, x);
            let dk = cov.slopes(dot(h, h)).dk;
            for a in 0..3 {
                g[a] += 2.0 * c_o * i_res * w * h[a] * dk;
            }
        }
        if layout.n_drift > 0 {
            let w_u = &self.weights[layout.drift_row(0)..];
            for a in 0..3 {
                g[a] += gi_res * w_u[a];
                if layout.n_drift == 9 {
                    let d = quadratic_derivative(&x, a);
                    g[a] += i_res * (0..6).map(|m| w_u[3 + m] * d[m]).sum::<f64>();
                }
            }
        }
        g
    }
}

/// A [`GradientError::Length`] unless `found == expected`.
pub(crate) fn check_length(
    what: &'static str,
    found: usize,
    expected: usize,
) -> Result<(), GradientError> {
    if found == expected {
        Ok(())
    } else {
        Err(GradientError::Length {
            what,
            expected,
            found,
        })
    }
}
