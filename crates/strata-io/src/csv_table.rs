//! A CSV file as GemPy and pandas write it: a header row (a UTF-8 byte-order mark stripped,
//! names trimmed and matched in any case, an unnamed pandas index column and any other extra
//! column ignored), then one record per line. Cells are decoded only when read, so an ignored
//! column may hold anything.

use std::path::Path;

use crate::IoError;

/// The records of a GemPy CSV file, with what errors about them need.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRows<T> {
    /// The file, as named in errors.
    pub file: String,
    /// The column holding each record's surface (`formation` or `surface`, as spelled).
    pub surface_column: String,
    /// The column holding each record's stack (`series`, as spelled), when the file has one.
    pub series_column: Option<String>,
    /// The records, in file order.
    pub rows: Vec<T>,
}

/// The names (lower case, matched in any case) a GemPy CSV file may give each column, the first
/// that the header has winning: what the readers look up, and what an editor of the files
/// ([`crate::CsvDocument`]) must find.
pub mod column_names {
    /// World coordinates.
    pub const XYZ: [&[&str]; 3] = [&["x"], &["y"], &["z"]];
    /// The surface a row lies on.
    pub const SURFACE: &[&str] = &["formation", "surface"];
    /// The row's nugget.
    pub const NUGGET: &[&str] = &["nugget"];
    /// The row's stack.
    pub const SERIES: &[&str] = &["series"];
    /// An orientation's pole as `azimuth`, `dip`, `polarity`.
    pub const ANGLES: [&[&str]; 3] = [&["azimuth"], &["dip"], &["polarity"]];
    /// An orientation's pole as components.
    pub const GRADIENT: [&[&str]; 3] = [
        &["g_x", "gradient_x"],
        &["g_y", "gradient_y"],
        &["g_z", "gradient_z"],
    ];
}

/// The error of a file without any of the columns `names`: the header named at line 1.
pub(crate) fn missing_column(file: &str, header: &[String], names: &[&str]) -> IoError {
    IoError::Csv {
        file: file.to_string(),
        line: 1,
        column: names.join("' or '"),
        value: header.join(","),
        problem: "missing column".into(),
    }
}

/// A parsed CSV file.
pub(crate) struct CsvTable {
    file: String,
    /// Column names as written (trimmed).
    header: Vec<String>,
    /// Column names in lower case, for lookup.
    keys: Vec<String>,
    rows: Vec<(usize, csv::ByteRecord)>,
}

/// One record, with the table it belongs to (for column names in error messages).
pub(crate) struct Row<'a> {
    table: &'a CsvTable,
    line: usize,
    record: &'a csv::ByteRecord,
}

impl CsvTable {
    /// Reads and parses the file at `path`.
    pub(crate) fn read(path: &Path) -> Result<Self, IoError> {
        let file = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => Self::parse(&bytes, &file),
            Err(source) => Err(IoError::Io { file, source }),
        }
    }

    /// Parses the bytes of a CSV file; `file` names it in errors.
    pub(crate) fn parse(bytes: &[u8], file: &str) -> Result<Self, IoError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let header: Vec<String> = reader
            .byte_headers()
            .map_err(|e| csv_error(e, file))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        let mut rows = Vec::new();
        for record in reader.byte_records() {
            let record = record.map_err(|e| csv_error(e, file))?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            rows.push((line, record));
        }
        Ok(Self {
            file: file.to_string(),
            keys: header.iter().map(|h| h.to_lowercase()).collect(),
            header,
            rows,
        })
    }

    /// The file name used in errors.
    pub(crate) fn file(&self) -> &str {
        &self.file
    }

    /// The column names as written (trimmed).
    pub(crate) fn header(&self) -> &[String] {
        &self.header
    }

    /// The number of columns.
    pub(crate) fn width(&self) -> usize {
        self.header.len()
    }

    /// The name of column `c` as written in the header.
    pub(crate) fn column_name(&self, c: usize) -> &str {
        self.header.get(c).map_or("", String::as_str)
    }

    /// The index of the first of `names` (lower case) that the header has; an error when that
    /// name appears twice, since either column could be meant.
    pub(crate) fn column(&self, names: &[&str]) -> Result<Option<usize>, IoError> {
        for name in names {
            let mut hits = self.keys.iter().enumerate().filter(|(_, k)| k == name);
            match (hits.next(), hits.next()) {
                (Some((first, _)), Some((second, _))) => {
                    return Err(self.header_error(
                        second,
                        format!(
                            "column appears twice (columns {} and {})",
                            first + 1,
                            second + 1
                        ),
                    ));
                }
                (Some((c, _)), None) => return Ok(Some(c)),
                (None, _) => {}
            }
        }
        Ok(None)
    }

    /// Like [`CsvTable::column`], with an error naming the columns and the header when none is
    /// present.
    pub(crate) fn require(&self, names: &[&str]) -> Result<usize, IoError> {
        self.column(names)?
            .ok_or_else(|| missing_column(&self.file, &self.header, names))
    }

    /// The data records, in file order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|(line, record)| Row {
            table: self,
            line: *line,
            record,
        })
    }

    fn header_error(&self, c: usize, problem: String) -> IoError {
        IoError::Csv {
            file: self.file.clone(),
            line: 1,
            column: self.column_name(c).to_string(),
            value: self.column_name(c).to_string(),
            problem,
        }
    }
}

impl Row<'_> {
    /// 1-based line number.
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// An error about the cell in column `c` of this record.
    pub(crate) fn error(&self, c: usize, problem: impl Into<String>) -> IoError {
        let value = self.record.get(c).unwrap_or_default();
        IoError::Csv {
            file: self.table.file.clone(),
            line: self.line,
            column: self.table.column_name(c).to_string(),
            value: String::from_utf8_lossy(value).into_owned(),
            problem: problem.into(),
        }
    }

    /// The text in column `c` (valid UTF-8).
    pub(crate) fn text(&self, c: usize) -> Result<&str, IoError> {
        let bytes = self.record.get(c).unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|_| self.error(c, "not valid UTF-8"))
    }

    /// The finite number in column `c`.
    pub(crate) fn number(&self, c: usize) -> Result<f64, IoError> {
        match self.text(c)?.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            Ok(_) => Err(self.error(c, "not a finite number")),
            Err(_) => Err(self.error(c, "not a number")),
        }
    }

    /// The non-empty name in column `c`.
    pub(crate) fn name(&self, c: usize) -> Result<String, IoError> {
        match self.text(c)? {
            "" => Err(self.error(c, "empty name")),
            t => Ok(t.to_string()),
        }
    }

    /// The name in column `c`, when the file has that column and the cell is not empty.
    pub(crate) fn optional_name(&self, c: Option<usize>) -> Result<Option<String>, IoError> {
        match c {
            Some(c) => Ok(Some(self.text(c)?)
                .filter(|t| !t.is_empty())
                .map(str::to_string)),
            None => Ok(None),
        }
    }

    /// The nugget in column `c`, when the file has that column and the cell is not empty:
    /// finite and non-negative (an empty cell, as pandas writes a missing value, leaves the row
    /// the project's default).
    pub(crate) fn nugget(&self, c: Option<usize>) -> Result<Option<f64>, IoError> {
        let Some(c) = c.filter(|&c| !self.text(c).is_ok_and(str::is_empty)) else {
            return Ok(None);
        };
        match self.number(c)? {
            v if v < 0.0 => Err(self.error(c, "negative nugget")),
            v => Ok(Some(v)),
        }
    }
}

/// A `csv` crate error (a record with more or fewer fields than the header) as an
/// [`IoError`] at its line.
fn csv_error(e: csv::Error, file: &str) -> IoError {
    let line = e.position().map_or(1, |p| p.line() as usize);
    let (value, problem) = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (
            format!("{len} fields"),
            format!("the header has {expected_len} fields"),
        ),
        _ => (String::new(), e.to_string()),
    };
    IoError::Csv {
        file: file.to_string(),
        line,
        column: String::new(),
        value,
        problem,
    }
}
