//! Errors of reading and writing files, naming file, line, column and value.

use strata_data::DataError;
use thiserror::Error;

/// A problem with an input or output file.
#[derive(Debug, Error)]
pub enum IoError {
    /// A value in a CSV file is missing, not a number or out of its domain.
    #[error("{file}:{line}: column '{column}': {problem} (value '{value}')")]
    Csv {
        /// The file.
        file: String,
        /// 1-based line number (the header is line 1).
        line: usize,
        /// The column name.
        column: String,
        /// The offending value, as written.
        value: String,
        /// What is wrong.
        problem: String,
    },
    /// The project file is malformed (syntax, unknown key, wrong type).
    #[error("{file}: {message}")]
    Toml {
        /// The file.
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The project is inconsistent (a stack naming an unknown stack, a surface with no points...).
    #[error("{file}: {problem}")]
    Project {
        /// The file the problem is in.
        file: String,
        /// What is wrong, naming the key and value.
        problem: String,
    },
    /// The engine input built from the project is invalid.
    #[error("{file}: {source}")]
    Data {
        /// The project file.
        file: String,
        /// The validation error.
        source: DataError,
    },
    /// A file could not be read or written.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
}
