//! Counts in words for messages and run summaries: `1 thread`, `2 threads`, `0 cells`.

/// `n` (any integer type) followed by `noun`, in the plural (`noun` + `s`) unless `n` is 1.
///
/// ```
/// use strata_data::plural;
///
/// assert_eq!(plural(1, "thread"), "1 thread");
/// assert_eq!(plural(16, "thread"), "16 threads");
/// assert_eq!(plural(0, "iteration"), "0 iterations");
/// ```
pub fn plural<N>(n: N, noun: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    if n == N::from(1) {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "stack"), "1 stack");
        for n in [0usize, 2, 3, 10, 1001] {
            assert_eq!(plural(n, "stack"), format!("{n} stacks"));
        }
        assert_eq!(plural(1u64, "realization"), "1 realization");
        assert_eq!(plural(-1i32, "unit"), "-1 units");
    }
}
