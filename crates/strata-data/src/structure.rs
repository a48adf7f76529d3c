//! Surfaces, stacks and the fault relations between stacks.

use std::ops::Range;

use crate::{ContentHash, ContentHasher, DataError, Ellipsoid};

/// How a stack's units relate to the older stacks below it (gempy's `StackRelationType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StackRelation {
    /// The stack cuts the older ones: it owns every point above its lowest surface.
    Erode,
    /// The stack lies on the older ones: it owns every point above its highest surface.
    Onlap,
    /// A fault: no lithology, but a fault block that offsets the stacks it relates to.
    Fault,
    /// The oldest stack: it fills whatever no younger stack owns.
    Basement,
}

impl StackRelation {
    /// Parses gempy's upper-case names (`ERODE`, `ONLAP`, `FAULT`, `BASEMENT`), any case.
    pub fn parse(name: &str) -> Result<Self, DataError> {
        match name.to_ascii_uppercase().as_str() {
            "ERODE" => Ok(Self::Erode),
            "ONLAP" => Ok(Self::Onlap),
            "FAULT" => Ok(Self::Fault),
            "BASEMENT" => Ok(Self::Basement),
            _ => Err(DataError::Unknown {
                what: "stack relation",
                value: name.to_string(),
            }),
        }
    }

    /// gempy's upper-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Erode => "ERODE",
            Self::Onlap => "ONLAP",
            Self::Fault => "FAULT",
            Self::Basement => "BASEMENT",
        }
    }
}

/// A surface (an interface between two units) and how many points it has.
#[derive(Debug, Clone, PartialEq)]
pub struct Surface {
    /// The surface name.
    pub name: String,
    /// Number of surface points on it (≥ 1).
    pub n_points: usize,
}

/// A stack of surfaces interpolated by one scalar field.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    /// The stack name.
    pub name: String,
    /// Its relation to older stacks.
    pub relation: StackRelation,
    /// Number of consecutive surfaces of the model's surface list it owns (≥ 1).
    pub n_surfaces: usize,
    /// Number of consecutive orientations it owns (≥ 1).
    pub n_orientations: usize,
    /// Finite-fault segmentation (fault stacks only).
    pub finite_fault: Option<Ellipsoid>,
}

impl Surface {
    /// A surface named `name` with `n_points` surface points.
    pub fn new(name: impl Into<String>, n_points: usize) -> Self {
        Self {
            name: name.into(),
            n_points,
        }
    }
}

impl Stack {
    /// A stack owning the next `n_surfaces` surfaces and `n_orientations` orientations of the
    /// model, with no finite-fault segmentation.
    pub fn new(
        name: impl Into<String>,
        relation: StackRelation,
        n_surfaces: usize,
        n_orientations: usize,
    ) -> Self {
        Self {
            name: name.into(),
            relation,
            n_surfaces,
            n_orientations,
            finite_fault: None,
        }
    }

    /// This (fault) stack, segmented by the ellipsoid `finite_fault`.
    pub fn with_finite_fault(self, finite_fault: Ellipsoid) -> Self {
        Self {
            finite_fault: Some(finite_fault),
            ..self
        }
    }
}

/// Surfaces, stacks and fault relations, with the cumulative offsets that slice the
/// point, orientation and surface arrays per stack.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    surfaces: Vec<Surface>,
    stacks: Vec<Stack>,
    fault_relations: Vec<Vec<bool>>,
    surface_offsets: Vec<usize>,
    point_offsets: Vec<usize>,
    orientation_offsets: Vec<usize>,
    surface_point_offsets: Vec<usize>,
}

impl Structure {
    /// Validates and builds the structure.
    ///
    /// `fault_relations[j][i] == true` means fault stack `j` offsets stack `i`; `None` means no
    /// fault relation. A fault may only offset younger-listed (later) stacks, never itself, and
    /// only fault stacks may offset anything.
    pub fn new(
        surfaces: Vec<Surface>,
        stacks: Vec<Stack>,
        fault_relations: Option<Vec<Vec<bool>>>,
    ) -> Result<Self, DataError> {
        if stacks.is_empty() {
            return Err(DataError::Unsupported(
                "a model needs at least one stack".into(),
            ));
        }
        for s in &surfaces {
            if s.n_points == 0 {
                return Err(DataError::EmptySurface {
                    surface: s.name.clone(),
                });
            }
        }
        for st in &stacks {
            if st.n_surfaces == 0 {
                return Err(DataError::StackWithoutSurfaces {
                    stack: st.name.clone(),
                });
            }
            if st.n_orientations == 0 {
                return Err(DataError::StackWithoutOrientations {
                    stack: st.name.clone(),
                });
            }
            if st.finite_fault.is_some() && st.relation != StackRelation::Fault {
                return Err(DataError::FaultRelations {
                    reason: format!(
                        "stack '{}' has a finite-fault segmentation but is not a fault",
                        st.name
                    ),
                });
            }
        }
        let total: usize = stacks.iter().map(|s| s.n_surfaces).sum();
        if total != surfaces.len() {
            return Err(DataError::LengthMismatch {
                what: "surfaces listed by the stacks".into(),
                expected: surfaces.len(),
                found: total,
            });
        }
        let n = stacks.len();
        let fault_relations = fault_relations.unwrap_or_else(|| vec![vec![false; n]; n]);
        check_fault_relations(&stacks, &fault_relations)?;

        let surface_offsets = cumulative(stacks.iter().map(|s| s.n_surfaces));
        let orientation_offsets = cumulative(stacks.iter().map(|s| s.n_orientations));
        let surface_point_offsets = cumulative(surfaces.iter().map(|s| s.n_points));
        let point_offsets = surface_offsets
            .iter()
            .map(|&k| surface_point_offsets[k])
            .collect();
        Ok(Self {
            surfaces,
            stacks,
            fault_relations,
            surface_offsets,
            point_offsets,
            orientation_offsets,
            surface_point_offsets,
        })
    }

    /// All surfaces, stack by stack.
    pub fn surfaces(&self) -> &[Surface] {
        &self.surfaces
    }

    /// All stacks, youngest first.
    pub fn stacks(&self) -> &[Stack] {
        &self.stacks
    }

    /// `fault_relations()[j][i]`: fault stack `j` offsets stack `i`.
    pub fn fault_relations(&self) -> &[Vec<bool>] {
        &self.fault_relations
    }

    /// The fault stacks that offset stack `i`, in increasing index.
    pub fn faults_offsetting(&self, i: usize) -> Vec<usize> {
        (0..self.stacks.len())
            .filter(|&j| self.fault_relations[j][i])
            .collect()
    }

    /// Range of stack `i`'s surfaces in the surface list.
    pub fn surface_range(&self, i: usize) -> Range<usize> {
        self.surface_offsets[i]..self.surface_offsets[i + 1]
    }

    /// Range of stack `i`'s points in the surface-point arrays.
    pub fn point_range(&self, i: usize) -> Range<usize> {
        self.point_offsets[i]..self.point_offsets[i + 1]
    }

    /// Range of stack `i`'s orientations.
    pub fn orientation_range(&self, i: usize) -> Range<usize> {
        self.orientation_offsets[i]..self.orientation_offsets[i + 1]
    }

    /// Index of the first (reference) point of surface `k` in the surface-point arrays.
    pub fn reference_point(&self, k: usize) -> usize {
        self.surface_point_offsets[k]
    }

    /// Total number of surface points the surfaces claim.
    pub fn n_points(&self) -> usize {
        *self.surface_point_offsets.last().unwrap_or(&0)
    }

    /// Total number of orientations the stacks claim.
    pub fn n_orientations(&self) -> usize {
        *self.orientation_offsets.last().unwrap_or(&0)
    }
}

/// `[0, a0, a0+a1, …]`.
fn cumulative(counts: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out = vec![0];
    let mut acc = 0;
    for c in counts {
        acc += c;
        out.push(acc);
    }
    out
}

fn check_fault_relations(stacks: &[Stack], rel: &[Vec<bool>]) -> Result<(), DataError> {
    let n = stacks.len();
    if rel.len() != n || rel.iter().any(|row| row.len() != n) {
        let cols = rel.first().map_or(0, Vec::len);
        return Err(DataError::FaultRelations {
            reason: format!(
                "matrix is {}x{cols}, expected {n}x{n} (one row and column per stack)",
                rel.len()
            ),
        });
    }
    for (j, row) in rel.iter().enumerate() {
        for (i, &offsets) in row.iter().enumerate() {
            if !offsets {
                continue;
            }
            let (fault, target) = (&stacks[j].name, &stacks[i].name);
            if stacks[j].relation != StackRelation::Fault {
                return Err(DataError::FaultRelations {
                    reason: format!(
                        "stack '{fault}' is marked as offsetting '{target}' but is not a fault stack"
                    ),
                });
            }
            if i == j {
                return Err(DataError::FaultRelations {
                    reason: format!("fault stack '{fault}' offsets itself"),
                });
            }
            if i < j {
                return Err(DataError::FaultRelations {
                    reason: format!(
                        "fault stack '{fault}' offsets '{target}', which is listed before it; \
                         faults must come before the stacks they offset"
                    ),
                });
            }
        }
    }
    Ok(())
}

impl ContentHash for StackRelation {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.str(self.name());
    }
}

impl ContentHash for Surface {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("Surface").str(&self.name).usize(self.n_points);
    }
}

impl ContentHash for Stack {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("Stack")
            .str(&self.name)
            .item(&self.relation)
            .usize(self.n_surfaces)
            .usize(self.n_orientations)
            .item(&self.finite_fault);
    }
}

impl ContentHash for Structure {
    fn hash_into(&self, h: &mut ContentHasher) {
        h.tag("Structure")
            .item(self.surfaces.as_slice())
            .item(self.stacks.as_slice());
        for row in &self.fault_relations {
            for &b in row {
                h.bool(b);
            }
        }
    }
}
