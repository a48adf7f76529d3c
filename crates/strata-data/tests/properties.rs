//! Properties of the input model's validation and content hashes, on random models of one to
//! three stacks (one to three surfaces of one to four points each, one to three orientations
//! per stack):
//!
//! * a valid model always validates, and keeps its data as given;
//! * any single corruption — a non-finite coordinate, gradient component or nugget, a negative
//!   nugget, a zero gradient, arrays of mismatched lengths, a count the structure claims that the
//!   data do not have, a fault relation out of place — is the typed [`DataError`] naming it
//!   (item, index, field and value), never a panic;
//! * arbitrary numbers and counts give a model or an error, never a panic, and a model only
//!   when every value is valid;
//! * the content hash (what the weights cache keys solved systems on) is deterministic, ignores
//!   what it must (the sign of a zero, an empty set of extra grids) and changes with anything
//!   else: any one value, the order of the points, a name, where one array ends and the next
//!   begins.

use proptest::prelude::*;
use strata_data::{
    ContentHash, ContentHasher, DataError, EngineInput, ExtraGrids, KernelOptions, Orientations,
    Point, RegularGrid, Stack, StackRelation, Structure, Surface, SurfacePoints,
};

/// The axes as [`DataError::NonFinite`] names them, for positions and for gradients.
const AXES: [&str; 3] = ["x", "y", "z"];
const GRADIENT_AXES: [&str; 3] = ["gradient x", "gradient y", "gradient z"];

/// A model as plain arrays, before validation.
#[derive(Debug, Clone)]
struct Model {
    points: Vec<Point>,
    point_nuggets: Vec<f64>,
    orientation_xyz: Vec<Point>,
    gradients: Vec<Point>,
    orientation_nuggets: Vec<f64>,
    /// (name, number of points) per surface, stack by stack.
    surfaces: Vec<(String, usize)>,
    /// (name, relation, surfaces, orientations) per stack.
    stacks: Vec<(String, StackRelation, usize, usize)>,
    fault_relations: Option<Vec<Vec<bool>>>,
    unit_values: Option<Vec<f64>>,
}

impl Model {
    /// The model's surface points.
    fn surface_points(&self) -> Result<SurfacePoints, DataError> {
        SurfacePoints::new(self.points.clone(), self.point_nuggets.clone())
    }

    /// The model's orientations.
    fn orientations(&self) -> Result<Orientations, DataError> {
        Orientations::new(
            self.orientation_xyz.clone(),
            self.gradients.clone(),
            self.orientation_nuggets.clone(),
        )
    }

    /// The model's structure.
    fn structure(&self) -> Result<Structure, DataError> {
        Structure::new(
            self.surfaces
                .iter()
                .map(|(name, n)| Surface::new(name.clone(), *n))
                .collect(),
            self.stacks
                .iter()
                .map(|(name, relation, s, o)| Stack::new(name.clone(), *relation, *s, *o))
                .collect(),
            self.fault_relations.clone(),
        )
    }

    /// Every constructor in turn, then the input checked as a whole.
    fn build(&self) -> Result<EngineInput, DataError> {
        let grid = RegularGrid::new([-1.0, 1.0, -1.0, 1.0, -1.0, 1.0], [4, 4, 4])?;
        let mut builder = EngineInput::builder(
            self.surface_points()?,
            self.orientations()?,
            self.structure()?,
            grid,
        )
        .kernel(KernelOptions::for_range(3.5));
        if let Some(units) = &self.unit_values {
            builder = builder.unit_values(units.clone());
        }
        builder.build()
    }
}

/// A coordinate: finite, zero (of either sign) one time in five.
fn coordinate() -> impl Strategy<Value = f64> {
    prop_oneof![1 => prop_oneof![Just(0.0), Just(-0.0)], 4 => -1.0..1.0f64]
}

fn point() -> impl Strategy<Value = Point> {
    [coordinate(), coordinate(), coordinate()]
}

/// A gradient with at least one non-zero component.
fn gradient() -> impl Strategy<Value = Point> {
    point().prop_filter("a non-zero gradient", |g| g.iter().any(|&c| c != 0.0))
}

fn nugget() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), 0.0..0.1f64]
}

/// A valid model: 1–3 stacks (the first a fault offsetting the others, one time in two), each
/// with 1–3 surfaces of 1–4 points and 1–3 orientations.
fn model() -> impl Strategy<Value = Model> {
    let stack = (
        prop::collection::vec(1..=4usize, 1..=3),
        1..=3usize,
        prop::sample::select(vec![
            StackRelation::Erode,
            StackRelation::Onlap,
            StackRelation::Basement,
        ]),
    );
    (prop::collection::vec(stack, 1..=3), any::<bool>())
        .prop_flat_map(|(stacks, fault)| {
            let n_points: usize = stacks.iter().flat_map(|(s, _, _)| s).sum();
            let n_orientations: usize = stacks.iter().map(|(_, o, _)| o).sum();
            (
                Just(stacks),
                Just(fault),
                prop::collection::vec(point(), n_points),
                prop::collection::vec(nugget(), n_points),
                prop::collection::vec(point(), n_orientations),
                prop::collection::vec(gradient(), n_orientations),
                prop::collection::vec(nugget(), n_orientations),
            )
        })
        .prop_map(|(stacks, fault, points, pn, oxyz, gradients, on)| {
            let n = stacks.len();
            let fault = fault && n > 1;
            let mut surfaces = vec![];
            let mut stack_list = vec![];
            for (s, (sizes, n_orientations, relation)) in stacks.into_iter().enumerate() {
                for (k, &size) in sizes.iter().enumerate() {
                    surfaces.push((format!("s{s}_{k}"), size));
                }
                let relation = if fault && s == 0 {
                    StackRelation::Fault
                } else {
                    relation
                };
                stack_list.push((format!("stack{s}"), relation, sizes.len(), n_orientations));
            }
            let fault_relations = fault.then(|| {
                (0..n)
                    .map(|j| (0..n).map(|i| j == 0 && i > 0).collect())
                    .collect()
            });
            Model {
                points,
                point_nuggets: pn,
                orientation_xyz: oxyz,
                gradients,
                orientation_nuggets: on,
                surfaces,
                stacks: stack_list,
                fault_relations,
                unit_values: None,
            }
        })
}

/// A value no finite check lets through.
fn non_finite() -> impl Strategy<Value = f64> {
    prop::sample::select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY])
}

/// `value` as the error reports it: the same bits for a NaN.
fn same(found: f64, value: f64) -> bool {
    found.to_bits() == value.to_bits()
}

/// An index below `len` drawn from `pick`.
fn at(pick: prop::sample::Index, len: usize) -> usize {
    pick.index(len)
}

/// `v` made `extra` entries shorter (down to none) or longer (with `fill`); its length
/// before and after.
fn resize<T: Clone>(v: &mut Vec<T>, fill: T, extra: usize, shorter: bool) -> (usize, usize) {
    let before = v.len();
    if shorter {
        v.truncate(before.saturating_sub(extra));
    } else {
        v.extend(std::iter::repeat_n(fill, extra));
    }
    (before, v.len())
}

/// The hash of a valid model.
fn hash(model: &Model) -> [u8; 32] {
    model.build().expect("a valid model").content_hash()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A valid model validates, keeps its arrays as given, and its stacks claim every point and
    /// orientation in order.
    #[test]
    fn valid_models_validate(model in model()) {
        let input = model.build().map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(input.surface_points().xyz(), &model.points[..]);
        prop_assert_eq!(input.surface_points().nugget(), &model.point_nuggets[..]);
        prop_assert_eq!(input.orientations().gradient(), &model.gradients[..]);
        prop_assert_eq!(input.unit_values().len(), model.surfaces.len() + 1);
        let (mut points, mut orientations) = (0, 0);
        for s in 0..input.n_stacks() {
            let stack = input.stack(s);
            prop_assert_eq!(stack.points, &model.points[points..points + stack.points.len()]);
            prop_assert_eq!(stack.orientation_gradient.len(), model.stacks[s].3);
            prop_assert_eq!(
                stack.orientation_gradient,
                &model.gradients[orientations..orientations + model.stacks[s].3]
            );
            points += stack.points.len();
            orientations += model.stacks[s].3;
        }
        prop_assert_eq!((points, orientations), (model.points.len(), model.gradients.len()));
    }

    /// A NaN or infinite coordinate of one surface point is `NonFinite` naming that point and
    /// axis, with the value.
    #[test]
    fn a_non_finite_surface_point_is_named(
        mut model in model(), pick: prop::sample::Index, axis in 0..3usize, value in non_finite(),
    ) {
        let index = at(pick, model.points.len());
        model.points[index][axis] = value;
        match model.surface_points() {
            Err(DataError::NonFinite { what: "surface point", index: i, field, value: v }) => {
                prop_assert_eq!((i, field), (index, AXES[axis]));
                prop_assert!(same(v, value), "{v} vs {value}");
            }
            other => prop_assert!(false, "expected NonFinite, got {other:?}"),
        }
        prop_assert!(model.build().is_err());
    }

    /// A NaN or infinite position or gradient component of one orientation is `NonFinite`
    /// naming that orientation and field.
    #[test]
    fn a_non_finite_orientation_is_named(
        mut model in model(),
        pick: prop::sample::Index,
        axis in 0..3usize,
        in_gradient: bool,
        value in non_finite(),
    ) {
        let index = at(pick, model.gradients.len());
        let field = if in_gradient {
            model.gradients[index][axis] = value;
            GRADIENT_AXES[axis]
        } else {
            model.orientation_xyz[index][axis] = value;
            AXES[axis]
        };
        match model.orientations() {
            Err(DataError::NonFinite { what: "orientation", index: i, field: f, value: v }) => {
                prop_assert_eq!((i, f), (index, field));
                prop_assert!(same(v, value), "{v} vs {value}");
            }
            other => prop_assert!(false, "expected NonFinite, got {other:?}"),
        }
    }

    /// A zero gradient (of any signs of zero) is `ZeroGradient` naming the orientation.
    #[test]
    fn a_zero_gradient_is_named(
        mut model in model(), pick: prop::sample::Index, signs in [any::<bool>(), any::<bool>(), any::<bool>()],
    ) {
        let index = at(pick, model.gradients.len());
        model.gradients[index] = signs.map(|negative| if negative { -0.0 } else { 0.0 });
        prop_assert_eq!(model.orientations().unwrap_err(), DataError::ZeroGradient { index });
    }

    /// A negative nugget is `NegativeNugget`, a non-finite one `NonFinite` (field `nugget`),
    /// naming the item and the value.
    #[test]
    fn a_bad_nugget_is_named(
        mut model in model(),
        pick: prop::sample::Index,
        of_orientation: bool,
        negative in -1e3..-1e-300f64,
        value in prop_oneof![Just(None), non_finite().prop_map(Some)],
    ) {
        let bad = value.unwrap_or(negative);
        let (what, index, result) = if of_orientation {
            let index = at(pick, model.orientation_nuggets.len());
            model.orientation_nuggets[index] = bad;
            ("orientation", index, model.orientations().map(|_| ()))
        } else {
            let index = at(pick, model.point_nuggets.len());
            model.point_nuggets[index] = bad;
            ("surface point", index, model.surface_points().map(|_| ()))
        };
        match result {
            Err(DataError::NegativeNugget { what: w, index: i, value: v }) if value.is_none() => {
                prop_assert_eq!((w, i), (what, index));
                prop_assert!(same(v, bad));
            }
            Err(DataError::NonFinite { what: w, index: i, field: "nugget", value: v })
                if value.is_some() =>
            {
                prop_assert_eq!((w, i), (what, index));
                prop_assert!(same(v, bad));
            }
            other => prop_assert!(false, "expected a nugget error, got {other:?}"),
        }
    }

    /// Arrays that must have one entry per item, of another length, are `LengthMismatch`
    /// naming the array, the length expected and the length found.
    #[test]
    fn mismatched_arrays_are_named(
        mut model in model(), which in 0..3usize, extra in 1..4usize, shorter: bool,
    ) {
        let (what, (expected, found), result) = match which {
            0 => {
                let lengths = resize(&mut model.point_nuggets, 0.0, extra, shorter);
                ("surface point nuggets", lengths, model.surface_points().map(|_| ()))
            }
            1 => {
                let n = model.gradients.len();
                let lengths = resize(&mut model.gradients, [0.0, 0.0, 1.0], extra, shorter);
                ("orientation gradients", (n, lengths.1), model.orientations().map(|_| ()))
            }
            _ => {
                let n = model.orientation_nuggets.len();
                let lengths = resize(&mut model.orientation_nuggets, 0.0, extra, shorter);
                ("orientation nuggets", (n, lengths.1), model.orientations().map(|_| ()))
            }
        };
        prop_assert_eq!(
            result.unwrap_err(),
            DataError::LengthMismatch { what: what.into(), expected, found }
        );
    }

    /// A structure that claims more or fewer points, orientations, surfaces or unit values
    /// than the model has is `LengthMismatch` naming what was counted.
    #[test]
    fn counts_the_data_do_not_have_are_named(
        mut model in model(), pick: prop::sample::Index, which in 0..4usize, extra in 1..3usize,
    ) {
        let (what, expected, found) = match which {
            0 => {
                let k = at(pick, model.surfaces.len());
                model.surfaces[k].1 += extra;
                let n = model.points.len();
                ("surface points claimed by the surfaces", n, n + extra)
            }
            1 => {
                let k = at(pick, model.stacks.len());
                model.stacks[k].3 += extra;
                let n = model.gradients.len();
                ("orientations claimed by the stacks", n, n + extra)
            }
            2 => {
                let n = model.surfaces.len();
                model.surfaces.extend((0..extra).map(|k| (format!("extra{k}"), 1)));
                ("surfaces listed by the stacks", n + extra, n)
            }
            _ => {
                let n = model.surfaces.len() + 1;
                model.unit_values = Some((0..n + extra).map(|u| u as f64).collect());
                ("unit_values (one per surface plus one)", n, n + extra)
            }
        };
        prop_assert_eq!(
            model.build().unwrap_err(),
            DataError::LengthMismatch { what: what.into(), expected, found }
        );
    }

    /// A fault relation out of place — a matrix of the wrong size, a stack offsetting itself or
    /// an older stack, a stack that is no fault offsetting another — is `FaultRelations`.
    #[test]
    fn fault_relations_out_of_place_are_named(
        mut model in model(), j: prop::sample::Index, i: prop::sample::Index, grow: bool,
    ) {
        let n = model.stacks.len();
        let (j, i) = (at(j, n), at(i, n));
        let mut relations = model.fault_relations.clone().unwrap_or_else(|| vec![vec![false; n]; n]);
        let expected = if grow || relations[j][i] {
            // A row too many (or, where (j, i) is already set, one row too few).
            if grow { relations.push(vec![false; n]) } else { relations.pop(); }
            "matrix is"
        } else {
            relations[j][i] = true;
            if model.stacks[j].1 != StackRelation::Fault {
                "is not a fault stack"
            } else if i == j {
                "offsets itself"
            } else {
                "listed before it"
            }
        };
        model.fault_relations = Some(relations);
        match model.structure() {
            Err(DataError::FaultRelations { reason }) => {
                prop_assert!(reason.contains(expected), "{reason} (expected {expected})");
            }
            other => prop_assert!(false, "expected FaultRelations, got {other:?}"),
        }
    }

    /// Arbitrary numbers (NaN, infinities, negative nuggets, zero gradients) and counts give a
    /// model or an error, never a panic; a model only when every value is valid.
    #[test]
    fn arbitrary_data_never_panics(
        points in prop::collection::vec(prop::array::uniform3(any::<f64>()), 0..6),
        nuggets in prop::collection::vec(any::<f64>(), 0..6),
        orientation_xyz in prop::collection::vec(prop::array::uniform3(any::<f64>()), 0..4),
        gradients in prop::collection::vec(prop::array::uniform3(prop_oneof![Just(0.0), any::<f64>()]), 0..4),
        orientation_nuggets in prop::collection::vec(any::<f64>(), 0..4),
        surface_sizes in prop::collection::vec(0..4usize, 0..4),
        stacks in prop::collection::vec((0..3usize, 0..3usize), 0..3),
    ) {
        let model = Model {
            surfaces: surface_sizes.iter().enumerate().map(|(k, &n)| (format!("s{k}"), n)).collect(),
            stacks: stacks
                .iter()
                .enumerate()
                .map(|(k, &(s, o))| (format!("stack{k}"), StackRelation::Erode, s, o))
                .collect(),
            fault_relations: None,
            unit_values: None,
            points,
            point_nuggets: nuggets,
            orientation_xyz,
            gradients,
            orientation_nuggets,
        };
        if let Ok(input) = model.build() {
            let finite = |p: &Point| p.iter().all(|c| c.is_finite());
            let sp = input.surface_points();
            let or = input.orientations();
            prop_assert!(sp.xyz().iter().all(finite) && or.xyz().iter().all(finite));
            prop_assert!(or.gradient().iter().all(|g| finite(g) && g.iter().any(|&c| c != 0.0)));
            prop_assert!(sp.nugget().iter().chain(or.nugget()).all(|n| n.is_finite() && *n >= 0.0));
            prop_assert_eq!(sp.len(), input.structure().n_points());
            prop_assert_eq!(or.len(), input.structure().n_orientations());
            prop_assert!(input.structure().surfaces().iter().all(|s| s.n_points > 0));
        }
    }

    /// The hash is deterministic: the same data, built twice, hash the same; the hex form is
    /// the 32 bytes in lower-case hexadecimal.
    #[test]
    fn the_hash_is_deterministic(model in model()) {
        let input = model.build().expect("a valid model");
        prop_assert_eq!(input.content_hash(), hash(&model));
        prop_assert_eq!(input.content_hash(), input.clone().content_hash());
        let hex = input.content_hash_hex();
        let bytes: Vec<u8> = (0..32)
            .map(|k| u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).unwrap())
            .collect();
        prop_assert_eq!(&bytes[..], &input.content_hash()[..]);
        prop_assert!(hex.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
    }

    /// The hash ignores the sign of a zero (`-0.0` is `0.0`) and an empty set of extra grids
    /// (inputs without them keep their hashes).
    #[test]
    fn the_hash_ignores_the_sign_of_zero_and_no_extra_grids(model in model()) {
        let flip = |v: &mut f64| if *v == 0.0 { *v = -*v };
        let mut flipped = model.clone();
        for p in flipped.points.iter_mut().chain(&mut flipped.orientation_xyz).chain(&mut flipped.gradients) {
            p.iter_mut().for_each(flip);
        }
        flipped.point_nuggets.iter_mut().chain(&mut flipped.orientation_nuggets).for_each(flip);
        prop_assert_eq!(hash(&flipped), hash(&model));
        let input = model.build().expect("a valid model");
        let mut with_none = input.clone();
        with_none.set_extra_grids(ExtraGrids::default()).expect("no extra grids");
        prop_assert_eq!(with_none.content_hash(), input.content_hash());
    }

    /// Any one value changed — a coordinate, a gradient component, a nugget, a unit value —
    /// changes the hash.
    #[test]
    fn the_hash_changes_with_any_value(
        model in model(), pick: prop::sample::Index, axis in 0..3usize, which in 0..5usize, delta in 1e-9..1.0f64,
    ) {
        let mut changed = model.clone();
        match which {
            0 => changed.points[at(pick, model.points.len())][axis] += delta,
            1 => changed.orientation_xyz[at(pick, model.gradients.len())][axis] += delta,
            2 => changed.gradients[at(pick, model.gradients.len())][axis] += delta,
            3 => changed.point_nuggets[at(pick, model.points.len())] += delta,
            _ => {
                let mut units: Vec<f64> = (1..=model.surfaces.len() + 1).map(|u| u as f64).collect();
                units[at(pick, model.surfaces.len() + 1)] += delta;
                changed.unit_values = Some(units);
            }
        }
        prop_assert_ne!(hash(&changed), hash(&model));
    }

    /// The order of the data and the names are part of the hash: two different points swapped,
    /// or a surface renamed, change it.
    #[test]
    fn the_hash_changes_with_order_and_names(
        model in model(), a: prop::sample::Index, b: prop::sample::Index, rename: prop::sample::Index,
    ) {
        let (i, j) = (at(a, model.points.len()), at(b, model.points.len()));
        // (`-0.0 == 0.0`: points equal but for the sign of a zero hash the same.)
        if model.points[i] != model.points[j] {
            let mut swapped = model.clone();
            swapped.points.swap(i, j);
            prop_assert_ne!(hash(&swapped), hash(&model));
        }
        let mut renamed = model.clone();
        renamed.surfaces[at(rename, model.surfaces.len())].0.push('\'');
        prop_assert_ne!(hash(&renamed), hash(&model));
    }

    /// Every array is written with its length: the same numbers split in two arrays at
    /// different places hash differently, as do the same text split in two strings.
    #[test]
    fn where_an_array_ends_is_part_of_the_hash(
        values in prop::collection::vec(-1.0..1.0f64, 1..8), a: prop::sample::Index, b: prop::sample::Index,
    ) {
        let (k, l) = (a.index(values.len() + 1), b.index(values.len() + 1));
        let split = |k: usize| {
            ContentHasher::new().f64s(&values[..k]).f64s(&values[k..]).finish()
        };
        let text = "abcdefgh";
        let split_text = |k: usize| ContentHasher::new().str(&text[..k]).str(&text[k..]).finish();
        prop_assert_eq!(split(k) == split(l), k == l);
        prop_assert_eq!(split_text(k) == split_text(l), k == l);
    }
}
