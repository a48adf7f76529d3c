//! The machine's peak rate of kernel evaluations (see [`super::cases`] for the definition),
//! measured by a microbenchmark without criterion.
//!
//! Every cubic-kernel evaluation needs one square root (`r = √(d² + 1e−10)`), and the square
//! root is the slowest instruction of the evaluation; no evaluation kernel on this machine can
//! beat the rate at which its cores take vector square roots. So the peak is that rate: every
//! core takes square roots of 8 independent vectors per iteration, on the widest instruction
//! set pulp dispatches to (the one the fused kernels run on), in `f64` and in `f32`, best of
//! [`TRIALS`] trials of about [`TRIAL_TIME`].

use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

use pulp::{Arch, Simd, WithSimd};

/// Timed trials; the best one counts.
const TRIALS: usize = 5;
/// Target duration of one trial.
const TRIAL_TIME: Duration = Duration::from_millis(300);
/// Iterations of the square-root loop per call.
const ITERATIONS: usize = 1 << 16;
/// Independent vectors per iteration.
const CHAINS: usize = 8;

/// The measured peak.
#[derive(Debug, Clone, Copy)]
pub struct Peak {
    /// `f64` kernel evaluations (square roots) per second, all cores together.
    pub evals_per_s: f64,
    /// `f32` kernel evaluations (square roots) per second, all cores together.
    pub evals_per_s_f32: f64,
    /// Threads used (one per available core).
    pub threads: usize,
}

/// Measures the peak with one thread per available core.
pub fn measure() -> Peak {
    let threads = thread::available_parallelism().map_or(1, usize::from);
    Peak {
        evals_per_s: best_rate::<false>(threads),
        evals_per_s_f32: best_rate::<true>(threads),
        threads,
    }
}

/// The best of [`TRIALS`] rates, square roots per second, `f32` lanes when `F32`.
fn best_rate<const F32: bool>(threads: usize) -> f64 {
    let start = Instant::now();
    let per_call = black_box(Arch::new().dispatch(Roots::<F32>)).0;
    let one = start.elapsed().as_secs_f64().max(1e-6);
    let calls = ((TRIAL_TIME.as_secs_f64() / one) as usize).max(1);
    (0..TRIALS)
        .map(|_| {
            let start = Instant::now();
            thread::scope(|s| {
                for _ in 0..threads {
                    s.spawn(|| {
                        for _ in 0..calls {
                            black_box(Arch::new().dispatch(Roots::<F32>));
                        }
                    });
                }
            });
            (threads * calls * per_call) as f64 / start.elapsed().as_secs_f64()
        })
        .fold(0.0, f64::max)
}

/// [`ITERATIONS`] × [`CHAINS`] vector square roots; returns how many scalar roots that is and a
/// checksum that keeps the work alive.
struct Roots<const F32: bool>;

impl<const F32: bool> WithSimd for Roots<F32> {
    type Output = (usize, f64);

    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) -> (usize, f64) {
        if F32 {
            let step = s.splat_f32s(1e-7);
            let mut x = [s.splat_f32s(1.5); CHAINS];
            let mut acc = [s.splat_f32s(0.0); CHAINS];
            for _ in 0..ITERATIONS {
                for (x, acc) in x.iter_mut().zip(&mut acc) {
                    *acc = s.add_f32s(*acc, s.sqrt_f32s(*x));
                    *x = s.add_f32s(*x, step);
                }
            }
            let sum: f32 = acc.iter().map(|a| s.reduce_sum_f32s(*a)).sum();
            (ITERATIONS * CHAINS * S::F32_LANES, f64::from(sum))
        } else {
            let step = s.splat_f64s(1e-9);
            let mut x = [s.splat_f64s(1.5); CHAINS];
            let mut acc = [s.splat_f64s(0.0); CHAINS];
            for _ in 0..ITERATIONS {
                for (x, acc) in x.iter_mut().zip(&mut acc) {
                    *acc = s.add_f64s(*acc, s.sqrt_f64s(*x));
                    *x = s.add_f64s(*x, step);
                }
            }
            let sum: f64 = acc.iter().map(|a| s.reduce_sum_f64s(*a)).sum();
            (ITERATIONS * CHAINS * S::F64_LANES, sum)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_roots_are_counted_and_computed() {
        let (count, sum) = Arch::new().dispatch(Roots::<false>);
        assert!(count >= ITERATIONS * CHAINS);
        // Σ √x for x from 1.5 upwards: more than √1.5 per root.
        assert!(sum >= 1.5f64.sqrt() * count as f64 * 0.999);
    }
}
