//! The data of one stack's co-kriging system, gathered from the input model.

use strata_data::{
    DEFAULT_NUGGET_ORIENTATIONS, DEFAULT_NUGGET_SURFACE_POINTS, KernelOptions, StackData,
};

use crate::{Covariance, KernelError, Layout, Point};

/// Everything that determines one stack's system `A w = b` and its evaluation.
///
/// Surface points enter as increments: every point but the first of each surface is a *rest*
/// point `r_k` paired with its surface's *reference* (first) point `q_k` (docs/math.md §1.3).
///
/// Built by [`KrigingSystem::builder`] from plain points (or by [`KrigingSystem::new`] from a
/// stack of an [`EngineInput`](strata_data::EngineInput)); both check the data, so every
/// system is consistent: one rest nugget and one value per fault column for every interface
/// row, finite coordinates, non-negative nuggets, valid kernel options.
#[derive(Debug, Clone, PartialEq)]
pub struct KrigingSystem {
    pub(crate) covariance: Covariance,
    pub(crate) c_o: f64,
    pub(crate) i_res: f64,
    pub(crate) gi_res: f64,
    pub(crate) drift_degree: u8,
    pub(crate) orientation_xyz: Vec<Point>,
    pub(crate) orientation_gradient: Vec<Point>,
    pub(crate) gradient_nugget: f64,
    pub(crate) reference: Vec<Point>,
    pub(crate) rest: Vec<Point>,
    pub(crate) rest_nugget: Vec<f64>,
    pub(crate) fault_reference: Vec<Vec<f64>>,
    pub(crate) fault_rest: Vec<Vec<f64>>,
}

/// Gathers the data of a [`KrigingSystem`] ([`KrigingSystem::builder`]): orientations,
/// surfaces (each a list of points, the first its reference point) and fault-drift columns.
#[derive(Debug, Clone)]
#[must_use]
pub struct KrigingSystemBuilder {
    options: KernelOptions,
    orientation_xyz: Vec<Point>,
    orientation_gradient: Vec<Point>,
    orientation_nugget: Option<f64>,
    points: Vec<Point>,
    nugget: Vec<f64>,
    surface_sizes: Vec<usize>,
    fault_values: Vec<Vec<f64>>,
}

impl KrigingSystemBuilder {
    /// Adds an orientation: a point `xyz` and the gradient of the field there (its direction
    /// is the pole of the layering, pointing to younger units).
    pub fn orientation(mut self, xyz: Point, gradient: Point) -> Self {
        self.orientation_xyz.push(xyz);
        self.orientation_gradient.push(gradient);
        self
    }

    /// The nugget of the gradient rows (default [`DEFAULT_NUGGET_ORIENTATIONS`]; gempy uses
    /// the first orientation's).
    pub fn orientation_nugget(self, nugget: f64) -> Self {
        Self {
            orientation_nugget: Some(nugget),
            ..self
        }
    }

    /// Adds a surface through `points` (the first is its reference point), each with the
    /// nugget [`DEFAULT_NUGGET_SURFACE_POINTS`].
    pub fn surface(self, points: &[Point]) -> Self {
        let nuggets = vec![DEFAULT_NUGGET_SURFACE_POINTS; points.len()];
        self.surface_with_nuggets(points, &nuggets)
    }

    /// Adds a surface through `points` with one nugget per point (a length mismatch is
    /// reported by [`build`](Self::build)).
    pub fn surface_with_nuggets(mut self, points: &[Point], nuggets: &[f64]) -> Self {
        self.points.extend_from_slice(points);
        self.nugget.extend_from_slice(nuggets);
        self.surface_sizes.push(points.len());
        self
    }

    /// Adds a fault-drift column: the fault's value at every surface point, surfaces in the
    /// order they were added.
    pub fn fault_drift(mut self, values: &[f64]) -> Self {
        self.fault_values.push(values.to_vec());
        self
    }

    /// Checks the data and builds the system: valid kernel options, one nugget per surface
    /// point, no empty surface, finite coordinates and gradients, finite non-negative
    /// nuggets, one value per surface point in every fault-drift column.
    pub fn build(self) -> Result<KrigingSystem, KernelError> {
        self.options.validate()?;
        let n_points = self.points.len();
        if self.nugget.len() != n_points {
            return Err(KernelError::Length {
                what: "surface-point nuggets",
                expected: n_points,
                found: self.nugget.len(),
            });
        }
        if let Some(surface) = self.surface_sizes.iter().position(|&n| n == 0) {
            return Err(KernelError::EmptySurface { surface });
        }
        check_finite("orientation position", &self.orientation_xyz)?;
        check_finite("orientation gradient", &self.orientation_gradient)?;
        check_finite("surface point", &self.points)?;
        let gradient_nugget = self
            .orientation_nugget
            .unwrap_or(DEFAULT_NUGGET_ORIENTATIONS);
        let gradient_nuggets = [gradient_nugget];
        for (what, values) in [
            ("orientation", &gradient_nuggets[..]),
            ("surface point", &self.nugget[..]),
        ] {
            if let Some(index) = values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
                return Err(KernelError::Nugget {
                    what,
                    index,
                    value: values[index],
                });
            }
        }
        for (fault, values) in self.fault_values.iter().enumerate() {
            if values.len() != n_points {
                return Err(KernelError::FaultValues {
                    fault,
                    what: "surface point of the stack",
                    expected: n_points,
                    found: values.len(),
                });
            }
        }
        let pairs = reference_rest_pairs(&self.surface_sizes);
        let pick = |values: &[f64], which: fn(&(usize, usize)) -> usize| -> Vec<f64> {
            pairs.iter().map(|p| values[which(p)]).collect()
        };
        let options = &self.options;
        Ok(KrigingSystem {
            covariance: Covariance {
                kind: options.kernel,
                range: options.range,
            },
            c_o: options.c_o,
            i_res: options.i_res,
            gi_res: options.gi_res,
            drift_degree: options.drift_degree,
            gradient_nugget,
            reference: pairs.iter().map(|&(q, _)| self.points[q]).collect(),
            rest: pairs.iter().map(|&(_, r)| self.points[r]).collect(),
            rest_nugget: pick(&self.nugget, |p| p.1),
            fault_reference: self.fault_values.iter().map(|v| pick(v, |p| p.0)).collect(),
            fault_rest: self.fault_values.iter().map(|v| pick(v, |p| p.1)).collect(),
            orientation_xyz: self.orientation_xyz,
            orientation_gradient: self.orientation_gradient,
        })
    }
}

/// The first non-finite coordinate of `points`, as an error naming `what`.
fn check_finite(what: &'static str, points: &[Point]) -> Result<(), KernelError> {
    for (index, p) in points.iter().enumerate() {
        if let Some(&value) = p.iter().find(|v| !v.is_finite()) {
            return Err(KernelError::NonFinite { what, index, value });
        }
    }
    Ok(())
}

impl KrigingSystem {
    /// Starts a system with kernel `options` and no data.
    ///
    /// ```
    /// use strata_data::KernelOptions;
    /// use strata_kernel::KrigingSystem;
    ///
    /// let system = KrigingSystem::builder(KernelOptions::for_range(1.5))
    ///     .orientation([0.0, 0.0, 0.0], [0.0, 0.0, 1.0])
    ///     .surface(&[[-0.2, 0.0, 0.1], [0.2, 0.0, 0.1], [0.0, 0.3, 0.1]])
    ///     .build()?;
    /// // 3 gradient rows, 2 interface rows (rest points paired with the first), 3 drift rows.
    /// assert_eq!(system.layout().size(), 8);
    /// assert_eq!(system.rest().len(), 2);
    /// # Ok::<(), strata_kernel::KernelError>(())
    /// ```
    pub fn builder(options: KernelOptions) -> KrigingSystemBuilder {
        KrigingSystemBuilder {
            options,
            orientation_xyz: Vec::new(),
            orientation_gradient: Vec::new(),
            orientation_nugget: None,
            points: Vec::new(),
            nugget: Vec::new(),
            surface_sizes: Vec::new(),
            fault_values: Vec::new(),
        }
    }

    /// Gathers a stack's system. `fault_values[f]` holds fault drift `f` at every surface point
    /// of the stack (in the stack's point order); pass an empty slice when no fault offsets it.
    /// The gradient rows take the nugget of the stack's first orientation (gempy QUIRK).
    pub fn new(
        stack: &StackData<'_>,
        options: &KernelOptions,
        fault_values: &[&[f64]],
    ) -> Result<Self, KernelError> {
        let mut builder = Self::builder(options.clone());
        builder.orientation_xyz = stack.orientation_xyz.to_vec();
        builder.orientation_gradient = stack.orientation_gradient.to_vec();
        builder.orientation_nugget = stack.orientation_nugget.first().copied();
        builder.points = stack.points.to_vec();
        builder.nugget = stack.nugget.to_vec();
        builder.surface_sizes = stack.surface_sizes.clone();
        builder.fault_values = fault_values.iter().map(|v| v.to_vec()).collect();
        builder.build()
    }

    /// Covariance function and range.
    pub fn covariance(&self) -> Covariance {
        self.covariance
    }

    /// Covariance at zero distance.
    pub fn c_o(&self) -> f64 {
        self.c_o
    }

    /// Interface–interface scale (gempy: 4).
    pub fn i_res(&self) -> f64 {
        self.i_res
    }

    /// Gradient–interface scale (gempy: 2).
    pub fn gi_res(&self) -> f64 {
        self.gi_res
    }

    /// Drift degree: 0, 1 or 2.
    pub fn drift_degree(&self) -> u8 {
        self.drift_degree
    }

    /// Orientation positions `p_i`.
    pub fn orientation_xyz(&self) -> &[Point] {
        &self.orientation_xyz
    }

    /// Orientation gradients `g_i` (the right-hand side).
    pub fn orientation_gradient(&self) -> &[Point] {
        &self.orientation_gradient
    }

    /// Nugget of the gradient rows.
    pub fn gradient_nugget(&self) -> f64 {
        self.gradient_nugget
    }

    /// Reference point `q_k` of each interface row.
    pub fn reference(&self) -> &[Point] {
        &self.reference
    }

    /// Rest point `r_k` of each interface row.
    pub fn rest(&self) -> &[Point] {
        &self.rest
    }

    /// Nugget of each interface row (that of its rest point).
    pub fn rest_nugget(&self) -> &[f64] {
        &self.rest_nugget
    }

    /// Fault-drift values at the reference points, `[fault][k]`.
    pub fn fault_reference(&self) -> &[Vec<f64>] {
        &self.fault_reference
    }

    /// Fault-drift values at the rest points, `[fault][k]`.
    pub fn fault_rest(&self) -> &[Vec<f64>] {
        &self.fault_rest
    }

    /// Block sizes of the system.
    pub fn layout(&self) -> Layout {
        Layout {
            n_orientations: self.orientation_xyz.len(),
            n_rest: self.rest.len(),
            n_drift: match self.drift_degree {
                0 => 0,
                1 => 3,
                _ => 9,
            },
            n_faults: self.fault_rest.len(),
        }
    }

    /// Right-hand side `b`: the gradient components, x of every orientation first, then y,
    /// then z; zero for every other row.
    pub fn rhs(&self) -> Vec<f64> {
        let layout = self.layout();
        let mut b = vec![0.0; layout.size()];
        for (i, g) in self.orientation_gradient.iter().enumerate() {
            for (axis, &component) in g.iter().enumerate() {
                b[layout.gradient_row(axis, i)] = component;
            }
        }
        b
    }
}

impl KrigingSystem {
    /// The system of orientations `orientations` and interface rows `interface` alone (in
    /// that order), without drift or fault drift: its covariance block is the principal
    /// sub-block of this one's on those rows.
    pub(crate) fn subsystem(&self, orientations: &[usize], interface: &[usize]) -> Self {
        let pick = |values: &[Point], index: &[usize]| index.iter().map(|&i| values[i]).collect();
        Self {
            drift_degree: 0,
            orientation_xyz: pick(&self.orientation_xyz, orientations),
            orientation_gradient: pick(&self.orientation_gradient, orientations),
            reference: pick(&self.reference, interface),
            rest: pick(&self.rest, interface),
            rest_nugget: interface.iter().map(|&k| self.rest_nugget[k]).collect(),
            fault_reference: Vec::new(),
            fault_rest: Vec::new(),
            ..self.clone_options()
        }
    }

    /// The kernel options of this system with no data.
    fn clone_options(&self) -> Self {
        Self {
            covariance: self.covariance,
            c_o: self.c_o,
            i_res: self.i_res,
            gi_res: self.gi_res,
            drift_degree: self.drift_degree,
            orientation_xyz: Vec::new(),
            orientation_gradient: Vec::new(),
            gradient_nugget: self.gradient_nugget,
            reference: Vec::new(),
            rest: Vec::new(),
            rest_nugget: Vec::new(),
            fault_reference: Vec::new(),
            fault_rest: Vec::new(),
        }
    }
}

/// `(reference, rest)` indices (into the stack's points) of every interface row: surface by
/// surface, each point after the first paired with the first.
pub fn reference_rest_pairs(surface_sizes: &[usize]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut start = 0;
    for &n in surface_sizes {
        pairs.extend((1..n).map(|k| (start, start + k)));
        start += n;
    }
    pairs
}

impl strata_data::ContentHash for KrigingSystem {
    fn hash_into(&self, h: &mut strata_data::ContentHasher) {
        h.tag("KrigingSystem")
            .str(self.covariance.kind.name())
            .f64(self.covariance.range)
            .f64(self.c_o)
            .f64(self.i_res)
            .f64(self.gi_res)
            .u64(u64::from(self.drift_degree))
            .points(&self.orientation_xyz)
            .points(&self.orientation_gradient)
            .f64(self.gradient_nugget)
            .points(&self.reference)
            .points(&self.rest)
            .f64s(&self.rest_nugget)
            .usize(self.fault_rest.len());
        for (q, r) in self.fault_reference.iter().zip(&self.fault_rest) {
            h.f64s(q).f64s(r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_follow_the_spec_example() {
        // Surfaces with 2 and 3 points: (P0,P1), (P2,P3), (P2,P4).
        assert_eq!(reference_rest_pairs(&[2, 3]), vec![(0, 1), (2, 3), (2, 4)]);
        assert_eq!(reference_rest_pairs(&[1, 1]), vec![]);
    }
}
