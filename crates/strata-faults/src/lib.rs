//! # strata-faults — how faults offset the stacks they cut
//!
//! A fault is a stack of one (or more) surfaces whose scalar field is segmented like any other
//! stack; its *values block* is a step across the fault surface. That step, shifted to start at
//! zero, becomes an extra drift column ("fault drift") in the co-kriging system of every stack
//! the fault offsets (docs/math.md §3.2, §7.3): the interpolated field of those stacks may then
//! jump across the fault.
//!
//! * [`fault_drift`] — the drift column from a fault's values block;
//! * [`FaultDrifts`] — the columns of every fault stack, and which of them a stack receives
//!   (`fault_relations[j][i]`);
//! * [`ellipsoid_slope`] — the per-point sigmoid slope of a *finite* fault (gempy's
//!   `ellipsoid_3d` segmentation): sharp inside the ellipsoid, flat far from it, so the offset
//!   dies out away from it.
//!
//! ```
//! use strata_data::{Ellipsoid, Point};
//! use strata_faults::{FaultDrifts, ellipsoid_slope, fault_drift};
//!
//! // A fault's soft ids at four points (unit 1 on one side, 2 on the other) become a 0/1 column.
//! let column = fault_drift(&[2.0, 1.0, 1.0, 2.0]);
//! assert_eq!(column, [1.0, 0.0, 0.0, 1.0]);
//!
//! // Stack 0 is the fault; it offsets stack 1, not stack 2.
//! let relations = vec![vec![false, true, false], vec![false; 3], vec![false; 3]];
//! let mut drifts = FaultDrifts::new(3);
//! drifts.set(0, column);
//! assert_eq!(drifts.for_stack(&relations, 1).len(), 1);
//! assert!(drifts.for_stack(&relations, 2).is_empty());
//!
//! // A finite fault: steep inside its ellipsoid, flat far outside.
//! let ellipsoid = Ellipsoid::new([0.5; 3], [0.2, 0.2, 0.4], 50.0, 1e-4)?;
//! let points: [Point; 2] = [[0.5, 0.5, 0.5], [0.5, 0.5, 2.0]];
//! let slopes = ellipsoid_slope(&ellipsoid, &points);
//! assert!(slopes[0] > 100.0 * slopes[1]);
//! # Ok::<(), strata_data::DataError>(())
//! ```

mod drift;
mod ellipsoid;

pub use drift::{FaultDrifts, fault_drift};
pub use ellipsoid::{ELLIPSOID_DRIFT, ELLIPSOID_SIGMOID_SLOPE, ellipsoid_slope};
