//! The machine's peak rate of kernel evaluations (see [`super::cases`] for the definition),
//! measured by a microbenchmark without criterion.
//!
//! Every core sums `w_j · K(|x − p_j| / a)` with the cubic covariance `K` over a block of data
//! points `p_j` for each of a block of evaluation points `x`: the innermost work of a field
//! evaluation, with the data in contiguous arrays, independent accumulators so the compiler can
//! vectorise, and nothing else (no gradient kernels, no memory traffic beyond the block). It is
//! compiled with the same flags as `strata` (xtask and strata are both plain release builds),
//! so it is the rate that code can reach on this machine, not a theoretical FLOP peak.

use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

/// Evaluation points per block.
const POINTS: usize = 1024;
/// Data points per block (a multiple of [`LANES`]).
const DATA: usize = 512;
/// Independent accumulators of the inner loop.
const LANES: usize = 8;
/// Timed trials; the best one counts.
const TRIALS: usize = 5;
/// Target duration of one trial.
const TRIAL_TIME: Duration = Duration::from_millis(300);

/// The measured peak.
#[derive(Debug, Clone, Copy)]
pub struct Peak {
    /// Kernel evaluations per second, all cores together.
    pub evals_per_s: f64,
    /// Threads used (one per available core).
    pub threads: usize,
}

/// Measures the peak with one thread per available core.
pub fn measure() -> Peak {
    let threads = thread::available_parallelism().map_or(1, usize::from);
    let block = Block::new();
    let passes = passes_per_trial(&block);
    let evals_per_s = (0..TRIALS)
        .map(|_| trial(&block, threads, passes))
        .fold(0.0, f64::max);
    Peak {
        evals_per_s,
        threads,
    }
}

/// Passes of the block that one thread needs for about [`TRIAL_TIME`].
fn passes_per_trial(block: &Block) -> usize {
    let start = Instant::now();
    black_box(block.pass());
    let one = start.elapsed().as_secs_f64().max(1e-6);
    ((TRIAL_TIME.as_secs_f64() / one) as usize).max(1)
}

/// Evaluations per second of `threads` threads doing `passes` passes each.
fn trial(block: &Block, threads: usize, passes: usize) -> f64 {
    let start = Instant::now();
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..passes {
                    black_box(black_box(block).pass());
                }
            });
        }
    });
    (threads * passes * POINTS * DATA) as f64 / start.elapsed().as_secs_f64()
}

/// Evaluation points and weighted data points, coordinates in separate arrays.
struct Block {
    points: Vec<[f64; 3]>,
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
    w: Vec<f64>,
    inv_range: f64,
}

impl Block {
    /// Pseudo-random points in the unit cube, range 1.
    fn new() -> Block {
        let mut rng = SplitMix(0x5EED);
        let points = (0..POINTS)
            .map(|_| [rng.next(), rng.next(), rng.next()])
            .collect();
        let mut column = || (0..DATA).map(|_| rng.next()).collect::<Vec<_>>();
        Block {
            points,
            x: column(),
            y: column(),
            z: column(),
            w: column(),
            inv_range: 1.0,
        }
    }

    /// The field at every evaluation point: `POINTS × DATA` evaluations.
    fn pass(&self) -> f64 {
        self.points.iter().map(|&p| self.field(p)).sum()
    }

    /// `Σ_j w_j K(|p − p_j| / a)` with [`LANES`] independent partial sums.
    fn field(&self, [px, py, pz]: [f64; 3]) -> f64 {
        let mut acc = [0.0; LANES];
        for j in (0..DATA).step_by(LANES) {
            for (lane, a) in acc.iter_mut().enumerate() {
                let k = j + lane;
                let (dx, dy, dz) = (px - self.x[k], py - self.y[k], pz - self.z[k]);
                let r = (dx * dx + dy * dy + dz * dz).sqrt() * self.inv_range;
                *a += self.w[k] * cubic(r.min(1.0));
            }
        }
        acc.iter().sum()
    }
}

/// The cubic covariance `1 − 7r² + 35/4 r³ − 7/2 r⁵ + 3/4 r⁷` (r = distance / range ≤ 1).
fn cubic(r: f64) -> f64 {
    let r2 = r * r;
    1.0 + r2 * (-7.0 + r * (35.0 / 4.0 + r2 * (-7.0 / 2.0 + r2 * (3.0 / 4.0))))
}

/// SplitMix64, for reproducible points without a dependency.
struct SplitMix(u64);

impl SplitMix {
    /// A number in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / (u64::MAX as f64 + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cubic_covariance_is_one_at_zero_and_vanishes_at_the_range() {
        assert_eq!(cubic(0.0), 1.0);
        assert!(cubic(1.0).abs() < 1e-12);
        let r: f64 = 0.3;
        let direct = 1.0 - 7.0 * r.powi(2) + 8.75 * r.powi(3) - 3.5 * r.powi(5) + 0.75 * r.powi(7);
        assert!((cubic(r) - direct).abs() < 1e-15);
    }

    #[test]
    fn the_microbenchmark_reports_a_positive_rate() {
        let block = Block::new();
        assert!(trial(&block, 1, 1) > 0.0);
    }
}
