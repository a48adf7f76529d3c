//! Properties of octree refinement: a cell is refined only where its corner ids change (from
//! `octree_min_level` on), children tile their parents, and only active cells are stored.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use strata_data::{Point, RegularGrid};
use strata_octree::{OctreeGrid, RefineOptions, id_changes, refine_mask};

const OPTIONS: RefineOptions = RefineOptions::new(2, None);

/// Unit id of a point for a sphere of radius `r` around `c`: 1 inside, 2 outside.
fn sphere_id(p: Point, c: Point, r: f64) -> i64 {
    let d2: f64 = (0..3).map(|k| (p[k] - c[k]).powi(2)).sum();
    if d2 < r * r { 1 } else { 2 }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn refined_cells_have_an_id_change_among_their_corners(
        ids in proptest::collection::vec(0i64..3, 8..=80).prop_map(|mut v| {
            v.truncate(v.len() / 8 * 8);
            v
        }),
        level in 2usize..6
    ) {
        let refine = refine_mask(level, &OPTIONS, &ids, &[], [1.0; 3]).unwrap();
        for (cell, corners) in refine.iter().zip(ids.chunks_exact(8)) {
            let change = corners.iter().any(|&id| id != corners[0]);
            prop_assert_eq!(*cell, change, "corners {:?}", corners);
        }
    }

    #[test]
    fn an_octree_refines_only_along_the_contact(
        center in [-0.3..0.3f64, -0.3..0.3f64, -0.3..0.3f64],
        radius in 0.1..0.45f64,
        root in [1usize..4, 1usize..4, 1usize..4],
    ) {
        let grid = RegularGrid::new([-0.5, 0.5, -0.5, 0.5, -0.5, 0.5], root).unwrap();
        let mut level_grid = OctreeGrid::root(&grid);
        for level in 0..5 {
            let ids: Vec<i64> =
                level_grid.corners().iter().map(|&p| sphere_id(p, center, radius)).collect();
            let refine = refine_mask(level, &OPTIONS, &ids, &[], level_grid.spacing()).unwrap();
            let changes = id_changes(&ids).unwrap();
            for (r, c) in refine.iter().zip(&changes) {
                if level < OPTIONS.min_level {
                    prop_assert!(*r);
                } else {
                    prop_assert_eq!(r, c);
                }
            }
            let parents: Vec<([usize; 3], Point)> = level_grid
                .cells()
                .iter()
                .zip(level_grid.centers())
                .zip(&refine)
                .filter(|(_, r)| **r)
                .map(|((&c, &x), _)| (c, x))
                .collect();
            let children = level_grid.children(&refine).unwrap();
            prop_assert_eq!(children.len(), 8 * parents.len());
            prop_assert_eq!(children.resolution(), level_grid.resolution().map(|n| 2 * n));
            let half = level_grid.spacing().map(|d| d / 2.0);
            for (k, (cell, center)) in children.cells().iter().zip(children.centers()).enumerate() {
                let (parent, parent_center) = parents[k / 8];
                prop_assert_eq!(cell.map(|c| c / 2), parent);
                for a in 0..3 {
                    prop_assert!((center[a] - parent_center[a]).abs() < half[a]);
                }
            }
            level_grid = children;
        }
    }
}

/// `cases` random cases per property; a failure's seed is saved beside this file
/// (`<name>.proptest-regressions`) and replayed first on every later run.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}
