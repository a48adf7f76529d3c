//! # strata-faults — how faults offset the stacks they cut
//!
//! A fault is a stack of one (or more) surfaces whose scalar field is segmented like any other
//! stack; its *values block* is a step across the fault surface. That step, shifted to start at
//! zero, becomes an extra drift column ("fault drift") in the co-kriging system of every stack
//! the fault offsets (ENGINE_MATH.md §3.2, §7.3): the interpolated field of those stacks may then
//! jump across the fault.
//!
//! * [`fault_drift`] — the drift column from a fault's values block;
//! * [`FaultDrifts`] — the columns of every fault stack, and which of them a stack receives
//!   (`fault_relations[j][i]`);
//! * [`ellipsoid_slope`] — the per-point sigmoid slope of a *finite* fault (gempy's
//!   `ellipsoid_3d` segmentation): sharp inside the ellipsoid, flat far from it, so the offset
//!   dies out away from it.

mod drift;
mod ellipsoid;

pub use drift::{FaultDrifts, fault_drift};
pub use ellipsoid::{ELLIPSOID_DRIFT, ELLIPSOID_SIGMOID_SLOPE, ellipsoid_slope};
