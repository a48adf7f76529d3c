//! numpy's pairwise summation, so that sums reproduce gempy_engine's `np.sum` bit for bit.
//!
//! `np.sum` over a contiguous axis adds `n` values in this order: fewer than 8 one after the
//! other; up to [`BLOCK`] in 8 running partial sums `r_0 … r_7` (value `i` goes to
//! `r_{i mod 8}`), combined as `((r_0 + r_1) + (r_2 + r_3)) + ((r_4 + r_5) + (r_6 + r_7))`,
//! then the `n mod 8` last values one by one; more than [`BLOCK`] as the sums of two halves,
//! the first with `⌊n/2⌋` rounded down to a multiple of 8 values. The rounding error grows
//! as `O(ε log n)` rather than `O(ε n)`, and the order depends only on `n`.

/// The largest block numpy sums with 8 running partial sums (`PW_BLOCKSIZE`).
const BLOCK: usize = 128;

/// `Σ values` in numpy's pairwise order (module guide).
pub(crate) fn pairwise_sum(values: &[f64]) -> f64 {
    let n = values.len();
    if n < 8 {
        values.iter().fold(0.0, |sum, v| sum + v)
    } else if n <= BLOCK {
        let (blocks, tail) = values.split_at(n - n % 8);
        let (first, rest) = blocks.split_at(8);
        let mut r: [f64; 8] = std::array::from_fn(|j| first[j]);
        for block in rest.chunks_exact(8) {
            for (partial, v) in r.iter_mut().zip(block) {
                *partial += v;
            }
        }
        let head = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        tail.iter().fold(head, |sum, v| sum + v)
    } else {
        let (first, second) = values.split_at(n / 2 - (n / 2) % 8);
        pairwise_sum(first) + pairwise_sum(second)
    }
}

#[cfg(test)]
mod tests {
    use super::pairwise_sum;

    /// Values whose sum depends on the order of the additions.
    fn values(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| {
                if i % 3 == 0 {
                    1e16
                } else {
                    1.0 + i as f64 * 0.1
                }
            })
            .collect()
    }

    /// numpy's block sum of `v`, written out: 8 partial sums, then the tail.
    fn block(v: &[f64]) -> f64 {
        let whole = v.len() - v.len() % 8;
        let mut r = [0.0; 8];
        for (i, x) in v[..whole].iter().enumerate() {
            r[i % 8] += x;
        }
        let head = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        v[whole..].iter().fold(head, |s, x| s + x)
    }

    /// The order for n = 8, 13 (one block and a tail) and 300 (halves of halves).
    #[test]
    fn follows_numpy_order() {
        let v = values(8);
        let eight = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
        assert_eq!(pairwise_sum(&v).to_bits(), eight.to_bits());

        let v = values(13);
        assert_eq!(pairwise_sum(&v).to_bits(), block(&v).to_bits());

        // 300 → 144 (150 rounded down to a multiple of 8) + 156 → 72 + 72 and 72 + 84.
        let v = values(300);
        let halves =
            (block(&v[..72]) + block(&v[72..144])) + (block(&v[144..216]) + block(&v[216..]));
        assert_eq!(pairwise_sum(&v).to_bits(), halves.to_bits());
    }

    #[test]
    fn short_sums_are_sequential() {
        assert_eq!(pairwise_sum(&[]), 0.0);
        assert_eq!(pairwise_sum(&[1e16, 1.0, -1e16]), (1e16 + 1.0) - 1e16);
    }
}
