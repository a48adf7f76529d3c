//! A CSV file as GemPy and pandas write it: header names normalised (byte-order mark stripped,
//! trimmed, lower case), columns looked up by name, every value with its line number.

use std::path::Path;

use crate::IoError;

/// A parsed CSV file.
pub(crate) struct CsvTable {
    file: String,
    header: Vec<String>,
    rows: Vec<(usize, csv::StringRecord)>,
}

/// One row, with the table it belongs to (for column lookup and error messages).
pub(crate) struct Row<'a> {
    table: &'a CsvTable,
    line: usize,
    record: &'a csv::StringRecord,
}

impl CsvTable {
    /// Reads the whole file.
    pub(crate) fn read(path: &Path) -> Result<Self, IoError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| IoError::Io {
            file: file.clone(),
            source,
        })?;
        Self::parse(&bytes, file)
    }

    /// Parses the bytes of a file named `file`.
    pub(crate) fn parse(bytes: &[u8], file: String) -> Result<Self, IoError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let csv_error = |e: csv::Error, file: &str| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            IoError::Csv {
                file: file.to_string(),
                line,
                column: String::new(),
                value: String::new(),
                problem: e.to_string(),
            }
        };
        let header = reader
            .headers()
            .map_err(|e| csv_error(e, &file))?
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(e, &file))?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            rows.push((line, record));
        }
        Ok(Self { file, header, rows })
    }

    /// The index of the first of `names` present in the header.
    pub(crate) fn column(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.header.iter().position(|h| h == n))
    }

    /// Like [`CsvTable::column`], an error naming the file and the columns when absent.
    pub(crate) fn require(&self, names: &[&str]) -> Result<usize, IoError> {
        self.column(names).ok_or_else(|| IoError::Csv {
            file: self.file.clone(),
            line: 1,
            column: names.join("' or '"),
            value: self.header.join(","),
            problem: "missing column".into(),
        })
    }

    /// The data rows.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|(line, record)| Row {
            table: self,
            line: *line,
            record,
        })
    }
}

impl Row<'_> {
    /// 1-based line number.
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// The text in column `c`.
    pub(crate) fn text(&self, c: usize) -> &str {
        self.record.get(c).unwrap_or("")
    }

    /// An error about column `c` of this row.
    pub(crate) fn error(&self, c: usize, problem: impl Into<String>) -> IoError {
        IoError::Csv {
            file: self.table.file.clone(),
            line: self.line,
            column: self.table.header.get(c).cloned().unwrap_or_default(),
            value: self.text(c).to_string(),
            problem: problem.into(),
        }
    }

    /// The finite number in column `c`.
    pub(crate) fn number(&self, c: usize) -> Result<f64, IoError> {
        match self.text(c).parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            Ok(_) => Err(self.error(c, "not a finite number")),
            Err(_) => Err(self.error(c, "not a number")),
        }
    }

    /// The non-empty name in column `c`.
    pub(crate) fn name(&self, c: usize) -> Result<String, IoError> {
        let t = self.text(c);
        if t.is_empty() {
            return Err(self.error(c, "empty name"));
        }
        Ok(t.to_string())
    }

    /// The nugget in column `c` when the file has one: finite and non-negative.
    pub(crate) fn nugget(&self, c: Option<usize>) -> Result<Option<f64>, IoError> {
        let Some(c) = c else { return Ok(None) };
        let v = self.number(c)?;
        if v < 0.0 {
            return Err(self.error(c, "negative nugget"));
        }
        Ok(Some(v))
    }
}
