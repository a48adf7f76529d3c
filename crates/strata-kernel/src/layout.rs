//! Row layout of the co-kriging system (docs/math.md §3.1).

/// Sizes of the blocks of one stack's system:
/// `[gx (n_o) | gy (n_o) | gz (n_o) | interface (n_r) | drift (n_u) | fault drift (n_f)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Orientations.
    pub n_orientations: usize,
    /// Interface (rest) rows: surface points minus one reference point per surface.
    pub n_rest: usize,
    /// Universal drift equations: 0, 3 or 9.
    pub n_drift: usize,
    /// Fault-drift equations.
    pub n_faults: usize,
}

impl Layout {
    /// `N = 3·n_o + n_r + n_u + n_f`.
    pub fn size(&self) -> usize {
        self.covariance_size() + self.n_drift + self.n_faults
    }

    /// Size of the covariance block `3·n_o + n_r` (the rows that carry kernel values).
    pub fn covariance_size(&self) -> usize {
        3 * self.n_orientations + self.n_rest
    }

    /// Row of gradient component `axis` of orientation `i`: `axis·n_o + i`.
    pub fn gradient_row(&self, axis: usize, i: usize) -> usize {
        axis * self.n_orientations + i
    }

    /// Row of interface (rest) pair `k`: `3·n_o + k`.
    pub fn interface_row(&self, k: usize) -> usize {
        3 * self.n_orientations + k
    }

    /// Row of drift equation `m`: `3·n_o + n_r + m`.
    pub fn drift_row(&self, m: usize) -> usize {
        self.covariance_size() + m
    }

    /// Row of fault drift `f`: `3·n_o + n_r + n_u + f`.
    pub fn fault_row(&self, f: usize) -> usize {
        self.covariance_size() + self.n_drift + f
    }
}
