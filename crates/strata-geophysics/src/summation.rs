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

/// `Σ_{i<n} term(i)` in numpy's pairwise order (module guide); `term` is called once per `i`.
pub(crate) fn pairwise_sum(n: usize, term: &impl Fn(usize) -> f64) -> f64 {
    pairwise_from(0, n, term)
}

/// `Σ_{start ≤ i < start+n} term(i)` in numpy's pairwise order.
fn pairwise_from(start: usize, n: usize, term: &impl Fn(usize) -> f64) -> f64 {
    if n < 8 {
        (start..start + n).map(term).fold(0.0, |sum, t| sum + t)
    } else if n <= BLOCK {
        let mut r: [f64; 8] = std::array::from_fn(|j| term(start + j));
        let whole = n - n % 8;
        for block in (8..whole).step_by(8) {
            for (j, partial) in r.iter_mut().enumerate() {
                *partial += term(start + block + j);
            }
        }
        let blocks = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        (start + whole..start + n)
            .map(term)
            .fold(blocks, |sum, t| sum + t)
    } else {
        let half = n / 2 - (n / 2) % 8;
        pairwise_from(start, half, term) + pairwise_from(start + half, n - half, term)
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

    /// The order written out by hand for n = 8, 13 (one block and a tail) and 300 (halves).
    #[test]
    fn follows_numpy_order() {
        let v = values(8);
        let eight = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
        assert_eq!(pairwise_sum(8, &|i| v[i]).to_bits(), eight.to_bits());

        let v = values(13);
        let r: Vec<f64> = (0..8).map(|j| v[j]).collect();
        let head = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        let tail = v[8..].iter().fold(head, |s, x| s + x);
        assert_eq!(pairwise_sum(13, &|i| v[i]).to_bits(), tail.to_bits());

        // 300 → 144 (= 150 rounded down to a multiple of 8) + 156 → each half again.
        let v = values(300);
        let block = |a: usize, n: usize| {
            let mut r = [0.0; 8];
            for (i, x) in v[a..a + n - n % 8].iter().enumerate() {
                r[i % 8] += x;
            }
            let head = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            v[a + n - n % 8..a + n].iter().fold(head, |s, x| s + x)
        };
        let first = block(0, 72) + block(72, 72);
        let second = block(144, 72) + block(216, 84);
        assert_eq!(
            pairwise_sum(300, &|i| v[i]).to_bits(),
            (first + second).to_bits()
        );
    }

    #[test]
    fn short_sums_are_sequential() {
        assert_eq!(pairwise_sum(0, &|_| 1.0), 0.0);
        let v = [1e16, 1.0, -1e16];
        assert_eq!(pairwise_sum(3, &|i| v[i]), (1e16 + 1.0) - 1e16);
    }
}
