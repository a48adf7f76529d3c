//! Fault-drift columns (docs/math.md §7.3).

/// The fault-drift column of a fault stack from its values block over all evaluated points:
/// `F(x) = v(x) − min_y v(y)`.
///
/// For a one-surface fault with consecutive ids this is 0 on the side the fault gradient points
/// to and 1 on the other. QUIRK kept from gempy_engine: if every point lies on one side, `F ≡ 0`.
pub fn fault_drift(values_block: &[f64]) -> Vec<f64> {
    let min = values_block.iter().copied().fold(f64::INFINITY, f64::min);
    values_block.iter().map(|v| v - min).collect()
}

/// The fault-drift columns of the fault stacks evaluated so far at one set of points.
#[derive(Debug, Clone)]
pub struct FaultDrifts {
    columns: Vec<Option<Vec<f64>>>,
}

impl FaultDrifts {
    /// No column yet, for a model of `n_stacks` stacks.
    pub fn new(n_stacks: usize) -> Self {
        Self {
            columns: vec![None; n_stacks],
        }
    }

    /// Records the column of fault stack `j` (room is made for a `j` beyond the stacks given
    /// to [`new`](Self::new)).
    pub fn set(&mut self, j: usize, column: Vec<f64>) {
        if j >= self.columns.len() {
            self.columns.resize(j + 1, None);
        }
        self.columns[j] = Some(column);
    }

    /// The columns that stack `i` receives: those of the fault stacks `j` with
    /// `relations[j][i]`, in increasing `j`. A fault that has not been evaluated yet (it would
    /// have to come after `i`, which validation forbids) contributes nothing, and so does a
    /// relation row too short to name stack `i`.
    pub fn for_stack(&self, relations: &[Vec<bool>], i: usize) -> Vec<&[f64]> {
        relations
            .iter()
            .enumerate()
            .filter(|(_, row)| row.get(i).copied().unwrap_or(false))
            .filter_map(|(j, _)| self.columns.get(j)?.as_deref())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_is_shifted_to_zero() {
        assert_eq!(fault_drift(&[2.0, 3.0, 2.0]), vec![0.0, 1.0, 0.0]);
        assert_eq!(fault_drift(&[3.0, 3.0]), vec![0.0, 0.0]);
    }

    #[test]
    fn stacks_receive_the_columns_of_their_faults_in_order() {
        let mut d = FaultDrifts::new(3);
        d.set(0, vec![0.0, 1.0]);
        d.set(1, vec![1.0, 0.0]);
        let rel = vec![
            vec![false, true, true],
            vec![false, false, true],
            vec![false, false, false],
        ];
        assert_eq!(d.for_stack(&rel, 0).len(), 0);
        assert_eq!(d.for_stack(&rel, 1), vec![&[0.0, 1.0][..]]);
        assert_eq!(d.for_stack(&rel, 2), vec![&[0.0, 1.0][..], &[1.0, 0.0][..]]);
    }
}
