//! Checks of geological sense: warnings about a model that computes but makes no geological
//! sense, each with the likely cause and the remedy ([`ModelWarning`]).
//!
//! [`compute_model`](crate::compute_model) runs both checks and returns their warnings in
//! [`ModelSolution::warnings`], each also logged once with `tracing::warn!`.
//!
//! **Polarity, before computing** ([`polarity_warnings`]). The field increases towards younger
//! rocks: the segmentation gives `u_0 + #{j : e_j > Z}` (docs/math.md §6.2), so a stack listed
//! youngest first needs iso-values `e_0 > e_1 > …`, i.e. gradients pointing from a stack's later
//! surfaces to its earlier ones. For every orientation `(p, g)` of a conformable stack with at
//! least two surfaces, take on each surface `k` its surface point `q_k` nearest to `p` and the
//! offset along the normal `s_k = ĝ·(q_k − p)`; the orientation agrees with the order when the
//! least-squares slope of `s_k` on `k`, `Σ (k − k̄)(s_k − s̄)`, is negative (earlier surfaces lie
//! further along `g`) and disagrees when it is positive. The stack is flagged when more
//! orientations disagree than agree: the upside-down case.
//!
//! **Units out of order, after computing** ([`unit_repeat_warnings`]). For every conformable
//! stack, on the finest octree level whose full grid has at most [`MAX_CHECKED_CELLS`] cells
//! (level 0 if none), the stack's own unit ranks `r = rint(values_block) − u_0` where its final
//! mask holds are walked along the grid axis closest to the mean of the stack's unit
//! orientation gradients, sign included ([`ColumnAxis`]). Walking towards younger rocks the rank
//! must never increase; a column where it does holds a unit that repeats or an older unit above a
//! younger one, i.e. a field that folds back between the data. Cells outside the mask (a younger
//! stack, an erosion) are skipped; a change of side of a fault that offsets the stack starts the
//! walk afresh (a thrust legitimately repeats a sequence). The stack is flagged when more than
//! [`TOLERATED_SHARE`] of the columns that cross it hold such a unit. Cost `O(cells)` time, one `u16` per
//! cell of the checked level (plus one `u32` with offsetting faults).

use std::fmt;

use strata_data::{EngineInput, Point, StackRelation};
use strata_octree::dense_block;

use crate::ModelSolution;

/// The largest full grid, in cells (256³), the column check densifies; finer octree levels are
/// checked on the finest level within it.
pub const MAX_CHECKED_CELLS: usize = 1 << 24;

/// The share of a stack's columns that may hold a unit out of order without a warning: a
/// lens or a dome cut by the model's edge folds a column or two of a sound model (GemPy's
/// Greenstone: 1 of 2 195), the bar for a fixed model is 1 %, a field that folds back
/// between sparse orientations does so in most columns.
pub const TOLERATED_SHARE: f64 = 0.01;

/// How many example positions a [`ModelWarning::UnitRepeats`] carries.
const EXAMPLES: usize = 3;

/// At most this many point-to-orientation distances per stack in the polarity check; above it
/// every `stride`-th point of each surface is used.
const MAX_POLARITY_PAIRS: usize = 1 << 24;

/// A rank marking a cell where the stack does not define the lithology.
const OUTSIDE: u16 = u16::MAX;

/// A warning about a computed (or about to be computed) model that makes no geological sense.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ModelWarning {
    /// In some columns along the stack's mean gradient a unit repeats or an older unit lies
    /// above a younger one.
    UnitRepeats {
        /// The stack's name.
        stack: String,
        /// Columns where a unit comes out of order.
        columns: usize,
        /// Columns that cross the stack at all.
        of_columns: usize,
        /// The direction walked (towards younger rocks).
        direction: ColumnAxis,
        /// A few cells where an older unit comes back above a younger one, in world
        /// coordinates.
        examples: Vec<Point>,
        /// Why, most likely.
        cause: RepeatCause,
    },
    /// Most of a stack's orientations point away from its younger surfaces.
    Polarity {
        /// The stack's name.
        stack: String,
        /// Orientations whose gradient points from the stack's earlier surfaces to its later ones.
        disagreeing: usize,
        /// Orientations whose polarity could be judged (near at least two of its surfaces).
        of: usize,
    },
}

/// The likely cause of a [`ModelWarning::UnitRepeats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RepeatCause {
    /// The field folds back between the data: too few orientations for the surface points.
    Folding,
    /// The stack's iso-values grow from its first surface to its last (`e_0 < e_1 < …`): its
    /// field runs against its orientations as a whole.
    ReversedField,
}

impl RepeatCause {
    /// A stable machine name: `folding`, `reversed_field`.
    pub fn code(self) -> &'static str {
        match self {
            RepeatCause::Folding => "folding",
            RepeatCause::ReversedField => "reversed_field",
        }
    }

    /// The cause of a stack with iso-values `iso` (its surfaces' order).
    pub fn of(iso: &[f64]) -> Self {
        if iso.len() >= 2 && iso.windows(2).all(|w| w[0] < w[1]) {
            RepeatCause::ReversedField
        } else {
            RepeatCause::Folding
        }
    }
}

/// One value of a warning's machine form ([`ModelWarning::fields`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WarningValue {
    /// A name or a direction.
    Text(String),
    /// A count.
    Count(usize),
    /// Positions in world coordinates.
    Points(Vec<Point>),
}

/// A grid axis and a sign: the direction a column is walked, written `+z`, `−x` as `"+z"`,
/// `"-x"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnAxis {
    /// 0, 1, 2 for x, y, z.
    pub axis: usize,
    /// Walked towards increasing coordinates.
    pub ascending: bool,
}

impl ColumnAxis {
    /// Upwards: `+z`.
    pub const UP: Self = Self {
        axis: 2,
        ascending: true,
    };

    /// The axis with the largest `|m_a|` of `mean`, signed like it; [`UP`](Self::UP) for a zero
    /// or non-finite mean.
    pub fn closest_to(mean: Point) -> Self {
        if !mean.iter().all(|m| m.is_finite()) || mean.iter().all(|&m| m == 0.0) {
            return Self::UP;
        }
        let axis = (0..3).fold(2, |best, a| {
            if mean[a].abs() > mean[best].abs() {
                a
            } else {
                best
            }
        });
        Self {
            axis,
            ascending: mean[axis] >= 0.0,
        }
    }
}

impl fmt::Display for ColumnAxis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.ascending { '+' } else { '-' };
        write!(f, "{sign}{}", ['x', 'y', 'z'][self.axis])
    }
}

impl ModelWarning {
    /// A stable machine name: `unit_repeats`, `polarity`.
    pub fn code(&self) -> &'static str {
        match self {
            ModelWarning::UnitRepeats { .. } => "unit_repeats",
            ModelWarning::Polarity { .. } => "polarity",
        }
    }

    /// The stack the warning is about.
    pub fn stack(&self) -> &str {
        match self {
            ModelWarning::UnitRepeats { stack, .. } | ModelWarning::Polarity { stack, .. } => stack,
        }
    }

    /// The fields by name, for `result.json` and Python (the message is [`Display`](fmt::Display)).
    pub fn fields(&self) -> Vec<(&'static str, WarningValue)> {
        let stack = ("stack", WarningValue::Text(self.stack().into()));
        match self {
            ModelWarning::UnitRepeats {
                columns,
                of_columns,
                direction,
                examples,
                cause,
                ..
            } => vec![
                stack,
                ("columns", WarningValue::Count(*columns)),
                ("of_columns", WarningValue::Count(*of_columns)),
                ("direction", WarningValue::Text(direction.to_string())),
                ("examples", WarningValue::Points(examples.clone())),
                ("cause", WarningValue::Text(cause.code().into())),
            ],
            ModelWarning::Polarity {
                disagreeing, of, ..
            } => vec![
                stack,
                ("disagreeing", WarningValue::Count(*disagreeing)),
                ("of", WarningValue::Count(*of)),
            ],
        }
    }
}

/// A position to four significant digits or so, for messages.
fn position(p: &Point) -> String {
    let c = p.map(|v| format!("{}", (v * 1e4).round() / 1e4));
    format!("({}, {}, {})", c[0], c[1], c[2])
}

impl fmt::Display for ModelWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelWarning::UnitRepeats {
                stack,
                columns,
                of_columns,
                direction,
                examples,
                cause,
            } => {
                let percent = 100.0 * *columns as f64 / (*of_columns).max(1) as f64;
                let at: Vec<String> = examples.iter().map(position).collect();
                write!(
                    f,
                    "stack '{stack}': a unit repeats or lies above a younger one in {columns} of \
                     {of_columns} columns along {direction} ({percent:.1} %), e.g. at {}; ",
                    at.join(", ")
                )?;
                match cause {
                    RepeatCause::Folding => write!(
                        f,
                        "the field folds back between the data, most likely too few \
                         orientations for the surface points: add orientations or set \
                         estimate_orientations = true (unless the stack is meant to be \
                         overturned)"
                    ),
                    RepeatCause::ReversedField => write!(
                        f,
                        "the stack's field runs against its orientations (its iso-values grow \
                         from its first surface to its last), so the stack comes out upside \
                         down: check the order of its surfaces, the orientations' polarity and \
                         the faults that offset it"
                    ),
                }
            }
            ModelWarning::Polarity {
                stack,
                disagreeing,
                of,
            } => write!(
                f,
                "stack '{stack}': {disagreeing} of {of} orientations point the other way from \
                 the stack's order of surfaces (listed youngest first, gradients pointing to \
                 younger rocks), so the model comes out upside down: flip their polarity or \
                 reverse the order of the surfaces"
            ),
        }
    }
}

/// The stacks whose orientations mostly point away from their younger surfaces (module rule).
pub fn polarity_warnings(input: &EngineInput) -> Vec<ModelWarning> {
    (0..input.n_stacks())
        .filter_map(|i| {
            let stack = input.stack(i);
            if stack.stack.relation == StackRelation::Fault || stack.surface_sizes.len() < 2 {
                return None;
            }
            let mut surfaces = Vec::with_capacity(stack.surface_sizes.len());
            let mut rest = stack.points;
            for &n in &stack.surface_sizes {
                let (points, tail) = rest.split_at(n.min(rest.len()));
                surfaces.push(points);
                rest = tail;
            }
            let pairs = stack.points.len() * stack.orientation_xyz.len();
            let stride = pairs.div_ceil(MAX_POLARITY_PAIRS).max(1);
            let (mut agree, mut disagree) = (0usize, 0usize);
            for (p, g) in stack.orientation_xyz.iter().zip(stack.orientation_gradient) {
                match orientation_polarity(*p, *g, &surfaces, stride) {
                    Some(true) => agree += 1,
                    Some(false) => disagree += 1,
                    None => {}
                }
            }
            (disagree > agree).then(|| ModelWarning::Polarity {
                stack: stack.stack.name.clone(),
                disagreeing: disagree,
                of: agree + disagree,
            })
        })
        .collect()
}

/// Whether orientation `(p, g)` agrees with the order of `surfaces` (youngest first): the sign of
/// the slope of `s_k = ĝ·(q_k − p)` on `k` (module rule), over every `stride`-th point. `None`
/// when it cannot be judged (a zero gradient, fewer than two surfaces with points, a zero slope).
fn orientation_polarity(p: Point, g: Point, surfaces: &[&[Point]], stride: usize) -> Option<bool> {
    let norm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
    if !(norm.is_finite() && norm > 0.0) {
        return None;
    }
    let along = |q: &Point| (0..3).map(|a| g[a] / norm * (q[a] - p[a])).sum::<f64>();
    let distance = |q: &&Point| (0..3).map(|a| (q[a] - p[a]).powi(2)).sum::<f64>();
    let offsets: Vec<(f64, f64)> = surfaces
        .iter()
        .enumerate()
        .filter_map(|(k, points)| {
            let nearest = points
                .iter()
                .step_by(stride)
                .min_by(|a, b| distance(a).total_cmp(&distance(b)))?;
            Some((k as f64, along(nearest)))
        })
        .collect();
    if offsets.len() < 2 {
        return None;
    }
    let n = offsets.len() as f64;
    let k_mean = offsets.iter().map(|o| o.0).sum::<f64>() / n;
    let s_mean = offsets.iter().map(|o| o.1).sum::<f64>() / n;
    let slope: f64 = offsets
        .iter()
        .map(|(k, s)| (k - k_mean) * (s - s_mean))
        .sum();
    (slope != 0.0 && slope.is_finite()).then_some(slope < 0.0)
}

/// The conformable stacks of `solution` (computed from `input`) where more than
/// [`TOLERATED_SHARE`] of the columns hold a unit that repeats or lies above a younger one
/// (module rule).
pub fn unit_repeat_warnings(input: &EngineInput, solution: &ModelSolution) -> Vec<ModelWarning> {
    let Some(level) = checked_level(solution) else {
        return Vec::new();
    };
    let grid = &solution.octree[level];
    let structure = input.structure();
    let mut warnings = Vec::new();
    for i in 0..input.n_stacks() {
        let stack = input.stack(i);
        if stack.stack.relation == StackRelation::Fault {
            continue;
        }
        let first = stack
            .unit_values
            .first()
            .map_or(0.0, |u| u.round_ties_even());
        let n_units = stack.unit_values.len();
        let ranks = level_arrays(solution, level, |l| {
            let s = &l.stacks[i];
            s.values_block
                .iter()
                .zip(&s.mask)
                .map(|(&v, &inside)| {
                    let rank = v.round_ties_even() - first;
                    if inside && rank >= 0.0 && rank < n_units as f64 {
                        rank as u16
                    } else {
                        OUTSIDE
                    }
                })
                .collect()
        });
        let faults = structure.faults_offsetting(i);
        let sides = (!faults.is_empty()).then(|| {
            level_arrays(solution, level, |l| {
                (0..l.stacks[i].mask.len())
                    .map(|j| {
                        faults.iter().fold(0u32, |key, &f| {
                            let side = l.stacks[f].values_block[j].round_ties_even() as i32;
                            key.wrapping_mul(0x9E37_79B1).wrapping_add(side as u32)
                        })
                    })
                    .collect()
            })
        });
        let mean = stack
            .orientation_gradient
            .iter()
            .fold([0.0; 3], |mut m: Point, g| {
                let norm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
                if norm > 0.0 && norm.is_finite() {
                    (0..3).for_each(|a| m[a] += g[a] / norm);
                }
                m
            });
        let direction = ColumnAxis::closest_to(mean);
        let cause = RepeatCause::of(&solution.levels[level].stacks[i].interface_values);
        let found = repeating_columns(
            &ranks,
            sides.as_deref(),
            grid.resolution(),
            direction,
            EXAMPLES,
        );
        if found.columns as f64 > TOLERATED_SHARE * found.of_columns as f64 {
            let (extent, spacing) = (grid.extent(), grid.spacing());
            let examples = found
                .examples
                .iter()
                .map(|cell| {
                    let engine =
                        [0, 1, 2].map(|a| extent[2 * a] + (cell[a] as f64 + 0.5) * spacing[a]);
                    input.transform().to_world(engine)
                })
                .collect();
            warnings.push(ModelWarning::UnitRepeats {
                stack: stack.stack.name.clone(),
                columns: found.columns,
                of_columns: found.of_columns,
                direction,
                examples,
                cause,
            });
        }
    }
    warnings
}

/// The finest level whose full grid has at most [`MAX_CHECKED_CELLS`] cells, else level 0;
/// `None` for a solution without levels.
fn checked_level(solution: &ModelSolution) -> Option<usize> {
    let n = solution.octree.len().min(solution.levels.len());
    let cells = |l: usize| -> u128 {
        solution.octree[l]
            .resolution()
            .iter()
            .map(|&r| r as u128)
            .product()
    };
    (n > 0).then(|| {
        (0..n)
            .rev()
            .find(|&l| cells(l) <= MAX_CHECKED_CELLS as u128)
            .unwrap_or(0)
    })
}

/// `per_level(level)` (one value per evaluated point, cells first) on level `level`'s full
/// grid: coarse cells fill the cells of finer levels they cover ([`dense_block`]).
fn level_arrays<T: Copy>(
    solution: &ModelSolution,
    level: usize,
    per_level: impl Fn(&crate::LevelSolution) -> Vec<T>,
) -> Vec<T> {
    let arrays: Vec<Vec<T>> = solution.levels[..=level]
        .iter()
        .zip(&solution.octree)
        .map(|(l, grid)| {
            let mut values = per_level(l);
            values.truncate(grid.len());
            values
        })
        .collect();
    let slices: Vec<&[T]> = arrays.iter().map(Vec::as_slice).collect();
    dense_block(&solution.octree[..=level], &slices, level, u64::MAX)
        .expect("every level holds one value per cell and the root is complete")
}

/// What [`repeating_columns`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Columns {
    /// Columns where the rank increases along the walk.
    columns: usize,
    /// Columns with at least one cell of the stack.
    of_columns: usize,
    /// Grid coordinates of the first offending cell of up to `examples` offending columns,
    /// spread over them (the first, the last, evenly in between).
    examples: Vec<[usize; 3]>,
}

/// Walks every column of a block of `resolution` (x slowest, z fastest) along `direction`,
/// skipping [`OUTSIDE`] cells and starting afresh where `sides` (if any) changes, and counts the
/// columns where `ranks` increases (module rule).
fn repeating_columns(
    ranks: &[u16],
    sides: Option<&[u32]>,
    resolution: [usize; 3],
    direction: ColumnAxis,
    examples: usize,
) -> Columns {
    let [_, ny, nz] = resolution;
    let strides = [ny * nz, nz, 1];
    let a = direction.axis;
    let (b, c) = match a {
        0 => (1, 2),
        1 => (0, 2),
        _ => (0, 1),
    };
    let mut offending: Vec<[usize; 3]> = Vec::new();
    let mut of_columns = 0;
    for ib in 0..resolution[b] {
        for ic in 0..resolution[c] {
            let mut cell = [0; 3];
            cell[b] = ib;
            cell[c] = ic;
            let mut last: Option<(u16, u32)> = None;
            let mut crossed = false;
            for step in 0..resolution[a] {
                cell[a] = if direction.ascending {
                    step
                } else {
                    resolution[a] - 1 - step
                };
                let j: usize = (0..3).map(|d| cell[d] * strides[d]).sum();
                let rank = ranks[j];
                if rank == OUTSIDE {
                    continue;
                }
                crossed = true;
                let side = sides.map_or(0, |s| s[j]);
                if let Some((previous, previous_side)) = last
                    && previous_side == side
                    && rank > previous
                {
                    offending.push(cell);
                    break;
                }
                last = Some((rank, side));
            }
            of_columns += usize::from(crossed);
        }
    }
    let n = offending.len();
    let picks: Vec<[usize; 3]> = match (n, examples) {
        (0, _) | (_, 0) => Vec::new(),
        _ if n <= examples => offending.clone(),
        (_, 1) => vec![offending[0]],
        _ => (0..examples)
            .map(|e| offending[e * (n - 1) / (examples - 1)])
            .collect(),
    };
    Columns {
        columns: n,
        of_columns,
        examples: picks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const O: u16 = OUTSIDE;

    /// A `[1, 1, n]` block of one column.
    fn column(ranks: &[u16], direction: ColumnAxis) -> Columns {
        repeating_columns(ranks, None, [1, 1, ranks.len()], direction, 3)
    }

    #[test]
    fn ordered_columns_pass_and_disordered_ones_are_found() {
        // Walking up, ranks must not increase: 2 (oldest) at the bottom, 0 at the top.
        assert_eq!(column(&[2, 2, 1, 1, 0, 0], ColumnAxis::UP).columns, 0);
        // The same column upside down walked down is in order too.
        let down = ColumnAxis {
            axis: 2,
            ascending: false,
        };
        assert_eq!(column(&[0, 0, 1, 2], down).columns, 0);
        // A repeat: 1, then 0, then 1 again above it.
        let found = column(&[2, 1, 0, 1, 0], ColumnAxis::UP);
        assert_eq!(
            found,
            Columns {
                columns: 1,
                of_columns: 1,
                examples: vec![[0, 0, 3]],
            }
        );
        // An older unit straight above a younger one (no repeat): still out of order.
        assert_eq!(column(&[0, 0, 2, 2], ColumnAxis::UP).columns, 1);
        // Cells of another stack are skipped, in order across them.
        assert_eq!(column(&[2, O, O, 1, O, 0], ColumnAxis::UP).columns, 0);
        assert_eq!(column(&[1, O, 2], ColumnAxis::UP).columns, 1);
        // A column without the stack does not count.
        assert_eq!(column(&[O, O], ColumnAxis::UP).of_columns, 0);
    }

    #[test]
    fn a_change_of_fault_block_starts_the_walk_afresh() {
        // A thrust: 2 1 0 in the footwall, then 2 1 0 again in the hanging wall above.
        let ranks = [2, 1, 0, 2, 1, 0];
        let same = [7u32; 6];
        let thrust = [7u32, 7, 7, 9, 9, 9];
        let walk = |sides: &[u32]| {
            repeating_columns(&ranks, Some(sides), [1, 1, 6], ColumnAxis::UP, 3).columns
        };
        assert_eq!(walk(&same), 1);
        assert_eq!(walk(&thrust), 0);
    }

    #[test]
    fn columns_run_along_any_axis_and_examples_spread_over_them() {
        // A [4, 2, 1] block walked along +x: 2 columns (y = 0, 1), both folded.
        // Index (x·ny + y)·nz + z.
        let ranks = [1, 1, 0, 0, 1, 1, 0, 0];
        let along_x = ColumnAxis {
            axis: 0,
            ascending: true,
        };
        let found = repeating_columns(&ranks, None, [4, 2, 1], along_x, 3);
        assert_eq!(found.columns, 2);
        assert_eq!(found.examples, vec![[2, 0, 0], [2, 1, 0]]);
        // 10 offending columns of a [1, 10, 2] block along +z, 3 examples: first, middle, last.
        let ranks: Vec<u16> = (0..10).flat_map(|_| [0, 1]).collect();
        let found = repeating_columns(&ranks, None, [1, 10, 2], ColumnAxis::UP, 3);
        assert_eq!(found.columns, 10);
        assert_eq!(found.examples, vec![[0, 0, 1], [0, 4, 1], [0, 9, 1]]);
    }

    #[test]
    fn a_field_is_reversed_when_its_iso_values_grow_along_the_order() {
        assert_eq!(
            RepeatCause::of(&[0.16, 0.26, 0.37]),
            RepeatCause::ReversedField
        );
        assert_eq!(RepeatCause::of(&[0.3, 0.2, 0.1]), RepeatCause::Folding);
        // One pair out of order is not the whole field reversed; one surface has no order.
        assert_eq!(RepeatCause::of(&[0.1, 0.3, 0.2]), RepeatCause::Folding);
        assert_eq!(RepeatCause::of(&[0.1]), RepeatCause::Folding);
    }

    #[test]
    fn the_axis_follows_the_mean_gradient() {
        assert_eq!(ColumnAxis::closest_to([0.1, -0.2, 0.9]), ColumnAxis::UP);
        let west = ColumnAxis::closest_to([-0.8, 0.1, 0.3]);
        assert_eq!(west.to_string(), "-x");
        assert_eq!(ColumnAxis::closest_to([0.0; 3]), ColumnAxis::UP);
        assert_eq!(ColumnAxis::closest_to([f64::NAN, 1.0, 0.0]), ColumnAxis::UP);
    }

    #[test]
    fn an_orientation_agrees_when_earlier_surfaces_lie_along_its_gradient() {
        let top: [Point; 2] = [[0.0, 0.0, 0.6], [1.0, 0.0, 0.6]];
        let base: [Point; 2] = [[0.0, 0.0, 0.3], [1.0, 0.0, 0.3]];
        let surfaces: [&[Point]; 2] = [&top, &base];
        let p = [0.5, 0.0, 0.45];
        assert_eq!(
            orientation_polarity(p, [0.0, 0.0, 1.0], &surfaces, 1),
            Some(true)
        );
        assert_eq!(
            orientation_polarity(p, [0.1, 0.0, -1.0], &surfaces, 1),
            Some(false)
        );
        assert_eq!(orientation_polarity(p, [0.0; 3], &surfaces, 1), None);
        assert_eq!(
            orientation_polarity(p, [0.0, 0.0, 1.0], &[&top, &[]], 1),
            None
        );
    }
}
