//! The one error type of the crate: every variant names the file, and where there is one the
//! line, the column and the offending value.

use strata_data::DataError;
use thiserror::Error;

/// A problem with an input or output file.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum IoError {
    /// A CSV file is malformed, lacks a column, or holds a value outside its domain.
    #[error("{file}:{line}: column '{column}': {problem} (value '{value}')")]
    Csv {
        /// The CSV file.
        file: String,
        /// 1-based line number (the header is line 1).
        line: usize,
        /// The column, as spelled in the header.
        column: String,
        /// The offending value, as written.
        value: String,
        /// What is wrong.
        problem: String,
    },
    /// A text file that is not a CSV table (an ESRI ASCII grid) is malformed or holds a value
    /// outside its domain.
    #[error("{file}:{line}:{column}: {problem} (value '{value}')")]
    Text {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters) of the value.
        column: usize,
        /// The offending value, as written (empty at the end of the file).
        value: String,
        /// What is wrong.
        problem: String,
    },
    /// The project file is not valid TOML or does not fit its schema (a wrong type, a missing
    /// or an unknown key).
    #[error("{file}:{line}:{column}: {message} (at '{value}')")]
    Toml {
        /// The project file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// The text the parser stopped at.
        value: String,
        /// The parser's message.
        message: String,
    },
    /// A key of the project file has a value outside its domain, or one that contradicts the
    /// data (a surface with no points, a fault offsetting an unknown stack...).
    #[error("{file}:{line}:{column}: {key} = {value}: {problem}")]
    ProjectValue {
        /// The project file.
        file: String,
        /// 1-based line of the value.
        line: usize,
        /// 1-based column of the value (in characters).
        column: usize,
        /// The key, with its table (`stack.relation`, `interpolation.range`...).
        key: String,
        /// The value, as written.
        value: String,
        /// What is wrong.
        problem: String,
    },
    /// The project as a whole is unusable (a choice between keys not made, a request that
    /// does not fit the model).
    #[error("{file}: {problem}")]
    Project {
        /// The project file.
        file: String,
        /// What is wrong.
        problem: String,
    },
    /// A GemPy saved model lacks a file, or one of its files (an `.npy` array, a table of
    /// parameters) cannot be used.
    #[error("{file}: {problem}")]
    SavedModel {
        /// The file (or the folder, when the model cannot be found).
        file: String,
        /// What is wrong.
        problem: String,
    },
    /// The engine input built from the project was rejected by its own validation.
    #[error("{file}: {source}")]
    Data {
        /// The project file.
        file: String,
        /// The validation error.
        source: DataError,
    },
    /// The data handed to a writer is inconsistent (an array of the wrong length, a triangle
    /// naming a vertex that does not exist, a coordinate that is not finite).
    #[error("{file}: {problem}")]
    Output {
        /// The file that was to be written.
        file: String,
        /// What is wrong.
        problem: String,
    },
    /// An array descriptor of the result schema does not fit its values (unknown dtype, a
    /// wrong number of values, neither inline data nor a file).
    #[error("array {array}: {problem}")]
    Array {
        /// The descriptor (its file name, or its JSON text).
        array: String,
        /// What is wrong.
        problem: String,
    },
    /// A file could not be read or written.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}
