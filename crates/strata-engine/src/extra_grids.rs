//! The points of a level: the octree cells' centres, at level 0 the extra grids of the input,
//! and the cells' corners where the level needs them — all evaluated in one pass, so a fault's
//! drift column is shifted by its minimum over the same points as in gempy_engine (reference
//! README, "Extra grids").
//!
//! ```text
//! [ octree centres | custom | topography | centred (device-major) | corners ]
//! ```

use std::ops::Range;

use strata_data::{CenteredGridSpec, EngineInput, Point};
use strata_geophysics::{CenteredGrid, CenteredKernel};

use crate::EngineError;

/// Where each grid's points lie in a level's point array (half-open ranges; an absent grid
/// is an empty range at its place in the order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PointSlices {
    /// The octree cells' centres (at level 0, the regular grid).
    pub octree: Range<usize>,
    /// The custom points (level 0 only).
    pub custom: Range<usize>,
    /// The topography points: the geological map (level 0 only).
    pub topography: Range<usize>,
    /// The centred grid of a survey, device by device (level 0 only).
    pub centered: Range<usize>,
    /// The 8 corners of every cell, cell by cell, when the level needed them.
    pub corners: Range<usize>,
}

impl PointSlices {
    /// The slices of `n` octree centres and nothing else.
    pub fn octree_only(n: usize) -> Self {
        Self {
            octree: 0..n,
            custom: n..n,
            topography: n..n,
            centered: n..n,
            corners: n..n,
        }
    }
}

/// A survey's centred grid in world coordinates (`strata-geophysics` builds it from the spec).
pub(crate) fn world_centered_grid(spec: &CenteredGridSpec) -> Result<CenteredGrid, EngineError> {
    let kernel = CenteredKernel::new(spec.radius, spec.resolution)?;
    Ok(CenteredGrid::new(spec.centers.clone(), kernel)?)
}

/// The extra points of level 0 in engine coordinates, in the reference order, with their
/// slices relative to the first of them.
pub(crate) struct ExtraPoints {
    pub points: Vec<Point>,
    pub custom: Range<usize>,
    pub topography: Range<usize>,
    pub centered: Range<usize>,
}

impl ExtraPoints {
    /// Custom, topography and the centred grid rebuilt in engine units (`radius / scale`
    /// around `(centers − center) / scale`, as gempy's front end does; under a per-axis
    /// transform, the world points transformed).
    pub(crate) fn of(input: &EngineInput) -> Result<Self, EngineError> {
        let grids = input.extra_grids();
        let mut points = grids.custom.clone();
        let custom = 0..points.len();
        points.extend_from_slice(&grids.topography);
        let topography = custom.end..points.len();
        if let Some(spec) = &grids.centered {
            let t = input.transform();
            let world = world_centered_grid(spec)?;
            if t.is_isotropic() {
                points.extend(world.to_engine(t.center(), t.scale())?.points());
            } else {
                // GemPy's per-axis scaling: the world points through the transform.
                points.extend(world.points().into_iter().map(|p| t.to_engine(p)));
            }
        }
        let centered = topography.end..points.len();
        Ok(Self {
            points,
            custom,
            topography,
            centered,
        })
    }

    /// The points of a level of `centres` cells with `extra` points (level 0) and `corners`,
    /// and where each lies.
    pub(crate) fn level_points(
        extra: Option<&Self>,
        centres: &[Point],
        corners: Option<Vec<Point>>,
    ) -> (Vec<Point>, PointSlices) {
        let n = centres.len();
        let mut points = centres.to_vec();
        let mut slices = PointSlices::octree_only(n);
        if let Some(extra) = extra {
            let shift = |r: &Range<usize>| n + r.start..n + r.end;
            points.extend_from_slice(&extra.points);
            slices.custom = shift(&extra.custom);
            slices.topography = shift(&extra.topography);
            slices.centered = shift(&extra.centered);
        }
        let start = points.len();
        points.extend(corners.unwrap_or_default());
        slices.corners = start..points.len();
        (points, slices)
    }
}
