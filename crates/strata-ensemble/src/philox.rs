//! A counter-based random number generator: Philox4x32-10 (Salmon, Moraes, Dror and Shaw,
//! *Parallel random numbers: as easy as 1, 2, 3*, SC'11), and standard normal deviates drawn
//! from it.
//!
//! A counter-based generator is a keyed bijection of its counter: the `j`-th number of stream
//! `s` is `philox(counter = (j, s), key = seed)`, computed directly, with no state carried from
//! one draw to the next. That is what lets realization `i` of an ensemble depend only on
//! `(seed, i)`, whichever thread, process or machine computes it and in whatever order.
//!
//! One Philox block is ten rounds of
//!
//! ```text
//! (hi₀, lo₀) = M₀ · c₀        (hi₁, lo₁) = M₁ · c₂          (32 × 32 → 64-bit products)
//! c ← (hi₁ ⊕ c₁ ⊕ k₀,  lo₁,  hi₀ ⊕ c₃ ⊕ k₁,  lo₀)
//! k ← k + (W₀, W₁)                                        (between rounds)
//! ```
//!
//! with Random123's constants; [`philox4x32`] reproduces Random123's published known-answer
//! vectors (tested).

/// Multiplier of the first counter word.
const M0: u32 = 0xD251_1F53;
/// Multiplier of the third counter word.
const M1: u32 = 0xCD9E_8D57;
/// Weyl increment of the first key word (the golden ratio).
const W0: u32 = 0x9E37_79B9;
/// Weyl increment of the second key word (√3 − 1).
const W1: u32 = 0xBB67_AE85;
/// Rounds of the generator (Random123's default, "Crush-resistant" with margin).
const ROUNDS: usize = 10;

/// The Philox4x32-10 block of `counter` under `key`: four 32-bit words, uniformly distributed
/// and independent for distinct counters.
pub fn philox4x32(counter: [u32; 4], key: [u32; 2]) -> [u32; 4] {
    let mut c = counter;
    let mut k = key;
    for round in 0..ROUNDS {
        if round > 0 {
            k = [k[0].wrapping_add(W0), k[1].wrapping_add(W1)];
        }
        let p0 = u64::from(M0) * u64::from(c[0]);
        let p1 = u64::from(M1) * u64::from(c[2]);
        let (hi0, lo0) = ((p0 >> 32) as u32, p0 as u32);
        let (hi1, lo1) = ((p1 >> 32) as u32, p1 as u32);
        c = [hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0];
    }
    c
}

/// The standard normal deviates of one stream: `normal(j)` is a function of
/// `(seed, stream, j)` alone.
///
/// Block `b = ⌊j/2⌋` of the stream is `philox4x32((b_lo, b_hi, s_lo, s_hi), (seed_lo, seed_hi))`;
/// its two 64-bit halves give uniforms `u₁ ∈ (0, 1]` and `u₂ ∈ [0, 1)` with 53 random bits each,
/// and the Box–Muller transform turns them into two independent standard normal deviates,
///
/// ```text
/// z_{2b} = √(−2 ln u₁) · cos(2π u₂),    z_{2b+1} = √(−2 ln u₁) · sin(2π u₂).
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormalStream {
    key: [u32; 2],
    stream: [u32; 2],
}

impl NormalStream {
    /// Stream `stream` (an ensemble's realization index) of generator `seed`.
    pub fn new(seed: u64, stream: u64) -> Self {
        Self {
            key: split(seed),
            stream: split(stream),
        }
    }

    /// The `j`-th standard normal deviate of the stream.
    pub fn normal(&self, j: u64) -> f64 {
        let [b0, b1] = split(j / 2);
        let words = philox4x32([b0, b1, self.stream[0], self.stream[1]], self.key);
        let bits = |hi: u32, lo: u32| (u64::from(hi) << 32 | u64::from(lo)) >> 11;
        const ULP: f64 = 1.0 / (1u64 << 53) as f64;
        let u1 = (bits(words[0], words[1]) + 1) as f64 * ULP;
        let u2 = bits(words[2], words[3]) as f64 * ULP;
        let radius = (-2.0 * u1.ln()).sqrt();
        let angle = std::f64::consts::TAU * u2;
        if j.is_multiple_of(2) {
            radius * angle.cos()
        } else {
            radius * angle.sin()
        }
    }
}

/// The low and high 32-bit words of `v`.
fn split(v: u64) -> [u32; 2] {
    [v as u32, (v >> 32) as u32]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random123's `kat_vectors` for philox4x32 with 10 rounds.
    #[test]
    fn reproduces_the_published_known_answers() {
        assert_eq!(
            philox4x32([0; 4], [0; 2]),
            [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8]
        );
        assert_eq!(
            philox4x32([u32::MAX; 4], [u32::MAX; 2]),
            [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd]
        );
        assert_eq!(
            philox4x32(
                [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344],
                [0xa409_3822, 0x299f_31d0]
            ),
            [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1]
        );
    }

    #[test]
    fn a_deviate_depends_only_on_seed_stream_and_index() {
        let a = NormalStream::new(7, 3);
        let forwards: Vec<f64> = (0..64).map(|j| a.normal(j)).collect();
        let backwards: Vec<f64> = (0..64).rev().map(|j| a.normal(j)).collect();
        assert!(forwards.iter().eq(backwards.iter().rev()));
        assert_ne!(NormalStream::new(7, 4).normal(0), forwards[0]);
        assert_ne!(NormalStream::new(8, 3).normal(0), forwards[0]);
        assert_ne!(forwards[0], forwards[1]);
    }

    /// The first four moments of 200 000 deviates against N(0, 1), each within five standard
    /// errors (a failure is a wrong transform, not bad luck: p < 1e-6).
    #[test]
    fn deviates_are_standard_normal() {
        let n = 200_000u64;
        let stream = NormalStream::new(2024, 0);
        let z: Vec<f64> = (0..n).map(|j| stream.normal(j)).collect();
        let moment = |k: i32| z.iter().map(|v| v.powi(k)).sum::<f64>() / n as f64;
        let se = |variance: f64| 5.0 * (variance / n as f64).sqrt();
        // Var(z) = 1, Var(z²) = 2, Var(z³) = 15, Var(z⁴) = 96.
        assert!(moment(1).abs() < se(1.0), "mean {}", moment(1));
        assert!((moment(2) - 1.0).abs() < se(2.0), "variance {}", moment(2));
        assert!(moment(3).abs() < se(15.0), "third moment {}", moment(3));
        assert!(
            (moment(4) - 3.0).abs() < se(96.0),
            "fourth moment {}",
            moment(4)
        );
        let within_one = z.iter().filter(|v| v.abs() < 1.0).count() as f64 / n as f64;
        assert!((within_one - 0.682_689_5).abs() < 5.0 * (0.22_f64 / n as f64).sqrt());
    }
}
