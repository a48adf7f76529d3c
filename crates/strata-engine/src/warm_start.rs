//! Starting guesses for nearby systems: the last weights of each stack, found by identity
//! rather than by content, with the data points they belong to.
//!
//! The weights cache is keyed by the content hash of a system, so a stack whose data changed
//! a little (a point moved, a few added) never hits it. This index keeps, per stack identity
//! (the stack's name and its kernel options), the last solved weights and their data points;
//! for a new system it maps every row to the old row with the same data point (bit for bit):
//!
//! ```text
//! gradient rows (α, i)   ← the old orientation at the same position
//! interface row k        ← the old row with the same reference and rest points, else old row
//!                          k if it has the same reference point (the rest point moved)
//! drift, fault rows      ← the old ones, when their number is the same
//! anything else          ← 0
//! ```
//!
//! gempy_engine passes its previous weights as `x0` the same way (without the mapping: it
//! needs an unchanged layout). The projected conjugate gradient moves the guess onto the
//! drift constraints before it starts, so an imperfect guess is still a valid start.

use std::collections::HashMap;

use strata_data::{ContentHasher, Point};
use strata_kernel::KrigingSystem;

/// The weights of one stack's last solve and the data points of their rows.
#[derive(Debug)]
pub(crate) struct NearbyEntry {
    orientations: Vec<Point>,
    pairs: Vec<(Point, Point)>,
    tail: usize,
    weights: Vec<f64>,
    pub last_used: u64,
}

/// The identity of a stack for warm starts: its name and kernel options (not its data).
pub(crate) fn identity(stack: &str, system: &KrigingSystem) -> [u8; 32] {
    let mut h = ContentHasher::new();
    let covariance = system.covariance();
    h.tag("nearby")
        .str(stack)
        .str(covariance.kind.name())
        .f64(covariance.range)
        .f64(system.c_o())
        .f64(system.i_res())
        .f64(system.gi_res())
        .u64(u64::from(system.drift_degree()))
        .usize(system.layout().n_faults);
    h.finish()
}

impl NearbyEntry {
    /// Remembers `weights` of `system`, used at clock tick `now`.
    pub(crate) fn new(system: &KrigingSystem, weights: &[f64], now: u64) -> Self {
        let layout = system.layout();
        Self {
            orientations: system.orientation_xyz().to_vec(),
            pairs: system
                .reference()
                .iter()
                .copied()
                .zip(system.rest().iter().copied())
                .collect(),
            tail: layout.n_drift + layout.n_faults,
            weights: weights.to_vec(),
            last_used: now,
        }
    }

    /// The starting guess for `system` (module docs), and how many of its rows it fills.
    pub(crate) fn guess(&self, system: &KrigingSystem) -> (Vec<f64>, usize) {
        let layout = system.layout();
        let (no_old, no) = (self.orientations.len(), layout.n_orientations);
        let mut guess = vec![0.0; layout.size()];
        let mut filled = 0;
        let orientation_row: HashMap<[u64; 3], usize> = self
            .orientations
            .iter()
            .enumerate()
            .map(|(i, p)| (bits(p), i))
            .collect();
        for (i, p) in system.orientation_xyz().iter().enumerate() {
            if let Some(&old) = orientation_row.get(&bits(p)) {
                for a in 0..3 {
                    guess[a * no + i] = self.weights[a * no_old + old];
                }
                filled += 3;
            }
        }
        let pair_row: HashMap<([u64; 3], [u64; 3]), usize> = self
            .pairs
            .iter()
            .enumerate()
            .map(|(k, (q, r))| ((bits(q), bits(r)), k))
            .collect();
        for (k, (q, r)) in system.reference().iter().zip(system.rest()).enumerate() {
            let same_place = self.pairs.get(k).filter(|(old_q, _)| old_q == q).map(|_| k);
            if let Some(old) = pair_row.get(&(bits(q), bits(r))).copied().or(same_place) {
                guess[3 * no + k] = self.weights[3 * no_old + old];
                filled += 1;
            }
        }
        let tail = layout.n_drift + layout.n_faults;
        if tail == self.tail {
            let (old, new) = (self.weights.len() - tail, layout.size() - tail);
            guess[new..].copy_from_slice(&self.weights[old..]);
            filled += tail;
        }
        (guess, filled)
    }
}

fn bits(p: &Point) -> [u64; 3] {
    p.map(f64::to_bits)
}
