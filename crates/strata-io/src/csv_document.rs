//! A GemPy CSV file as an editable document: its header and cells as text, rows added, changed
//! and removed, then written back. The project's edits ([`strata-project`'s `ProjectSources`])
//! go through it and then through the readers ([`crate::parse_surface_points`],
//! [`crate::parse_orientations`]), so an edit is checked exactly as the file would be.
//!
//! ```
//! use strata_io::CsvDocument;
//!
//! let mut doc = CsvDocument::parse(b"X,Y,Z,formation\n1,2,3,top\n", "points.csv")?;
//! let (x, surface) = (doc.column(&["x"]).unwrap(), doc.column(&["formation"]).unwrap());
//! doc.push_row();
//! doc.set(1, x, "4.5");
//! doc.set(1, surface, "base");
//! assert_eq!(doc.to_bytes(), b"X,Y,Z,formation\n1,2,3,top\n4.5,,,base\n");
//! # Ok::<(), strata_io::IoError>(())
//! ```
//!
//! Writing is canonical (one `\n` per record, the csv crate's minimal quoting), so a document
//! parsed from its own bytes writes the same bytes again.

use crate::IoError;
use crate::csv_table::{CsvTable, missing_column};

/// A CSV file's header and cells as text (module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvDocument {
    file: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl CsvDocument {
    /// Parses `bytes` with the readers' rules (byte-order mark stripped, cells trimmed); `file`
    /// names the file in errors.
    pub fn parse(bytes: &[u8], file: &str) -> Result<Self, IoError> {
        let table = CsvTable::parse(bytes, file)?;
        let width = table.width();
        let rows = table
            .rows()
            .map(|row| {
                (0..width)
                    .map(|c| row.text(c).map(str::to_string))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            file: file.to_string(),
            header: table.header().to_vec(),
            rows,
        })
    }

    /// The file, as named in errors.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The column names as written.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the file has no record.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The index of the first of `names` (lower case) that the header has, in any case.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|name| self.header.iter().position(|h| h.to_lowercase() == *name))
    }

    /// [`column`](Self::column), or the readers' error naming the missing column.
    pub fn require(&self, names: &[&str]) -> Result<usize, IoError> {
        self.column(names)
            .ok_or_else(|| missing_column(&self.file, &self.header, names))
    }

    /// The text of record `row` in column `column` (empty past the end of a short record).
    pub fn get(&self, row: usize, column: usize) -> &str {
        self.rows[row].get(column).map_or("", String::as_str)
    }

    /// Appends a record of empty cells.
    pub fn push_row(&mut self) {
        self.rows.push(vec![String::new(); self.header.len()]);
    }

    /// Sets the cell of record `row` in column `column` to `text`.
    ///
    /// # Panics
    /// If `row` or `column` is out of range (a caller's logic error; positions come from
    /// [`column`](Self::column) and [`len`](Self::len)).
    pub fn set(&mut self, row: usize, column: usize, text: impl Into<String>) {
        self.rows[row][column] = text.into();
    }

    /// Removes the records at `rows` (indices into the current records, each at most once,
    /// every one `< len()`), keeping the others in order.
    pub fn remove_rows(&mut self, rows: &[usize]) {
        let mut keep = vec![true; self.rows.len()];
        for &r in rows {
            keep[r] = false;
        }
        let mut keep = keep.into_iter();
        self.rows.retain(|_| keep.next().unwrap_or(true));
    }

    /// The document as CSV bytes (module docs: canonical).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let written = std::iter::once(&self.header)
            .chain(&self.rows)
            .try_for_each(|record| writer.write_record(record));
        // Writing to memory cannot fail, and every record has the header's width.
        written.expect("CSV records in memory");
        writer.into_inner().expect("CSV bytes in memory")
    }
}
