//! A table of named columns as a CSV file: a header of the columns' names, then one record per
//! row, numbers in the shortest form that reads back exactly (custom points with their ids and
//! fields, a survey's devices with gravity and TMI).

use std::path::Path;

use crate::atomic_write::write_atomically;
use crate::{DataArray, IoError};

/// Writes `columns` (at least one, all of one length) as a CSV table, whole or not at all.
pub fn write_csv(path: &Path, columns: &[DataArray<'_>]) -> Result<(), IoError> {
    let error = |problem: String| IoError::Output {
        file: path.display().to_string(),
        problem,
    };
    let rows = columns
        .first()
        .ok_or_else(|| error("a table needs at least one column".into()))?
        .len();
    if let Some(c) = columns.iter().find(|c| c.len() != rows) {
        return Err(error(format!(
            "column '{}' has {} values, column '{}' {rows}",
            c.name(),
            c.len(),
            columns[0].name()
        )));
    }
    write_atomically(path, |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(columns.iter().map(DataArray::name))?;
        for i in 0..rows {
            writer.write_record(columns.iter().map(|c| c.text(i)))?;
        }
        writer.flush()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_become_a_table_that_reads_back() {
        let path = std::env::temp_dir().join(format!("strata-csv-out-{}.csv", std::process::id()));
        let x = [0.1, 250.0, -1e-7];
        let id = [1, 2, 3];
        write_csv(
            &path,
            &[
                DataArray::Float64("X", &x),
                DataArray::Int32("lith_id", &id),
            ],
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "X,lith_id\n0.1,1\n250,2\n-0.0000001,3\n");
        let back: Vec<f64> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(back, x);
        let e = write_csv(
            &path,
            &[
                DataArray::Float64("X", &x),
                DataArray::Int32("id", &id[..2]),
            ],
        );
        assert!(
            e.unwrap_err()
                .to_string()
                .contains("column 'id' has 2 values")
        );
        std::fs::remove_file(&path).ok();
    }
}
