//! Typed errors for every stage boundary.
//!
//! Library code returns these; only `main` prints them. Each message names the
//! file (and where it applies the row and column) and says what to do. No
//! message ever contains a value read from a data file: names and ID numbers
//! are personal data and must not reach logs or terminals.

use std::fmt;
use std::path::PathBuf;

/// Everything that can stop a doisoat run.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened, read, created or written.
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// What was being done ("opening", "writing", ...).
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The configuration file is not valid.
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A column role could not be mapped to a column of a data file.
    Mapping {
        /// The data file.
        path: PathBuf,
        /// What is missing, the headers seen, and config lines that fix it.
        message: String,
    },
    /// A data file could not be parsed.
    Data {
        /// The data file.
        path: PathBuf,
        /// The 1-based data row (header excluded), when known.
        row: Option<u64>,
        /// The column name, when known.
        column: Option<String>,
        /// What is wrong and what to do.
        message: String,
    },
    /// The command line asked for something impossible.
    Usage(String),
    /// Another run holds the output directory.
    Busy(PathBuf),
    /// More rows could not be read than `--max-rejects` allows (exit 3).
    TooManyRejects(String),
    /// The input is larger than `--max-input-rows`/`--max-input-bytes` allow (exit 3).
    InputTooLarge(String),
    /// A fault of doisoat's own, found by a check (exit 4).
    Internal(String),
    /// A `--fail-on` rule holds (exit 5): the run is complete and in place.
    FailOn(Vec<String>),
}

impl Error {
    /// Builds an [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, action: &'static str, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), action, source }
    }

    /// Builds an [`Error::Data`] without a row or column.
    pub fn data(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Data { path: path.into(), row: None, column: None, message: message.into() }
    }

    /// The process exit code for this error (see the README's exit status table).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Config { .. } | Error::Mapping { .. } | Error::Usage(_) => 2,
            Error::Io { .. } | Error::Data { .. } | Error::Busy(_) => 1,
            Error::TooManyRejects(_) | Error::InputTooLarge(_) => 3,
            Error::Internal(_) => 4,
            Error::FailOn(_) => 5,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, action, source } => write!(f, "{}: error {action}: {source}", path.display()),
            Error::Config { path, message } => {
                write!(f, "{}: invalid configuration: {message}", path.display())
            }
            Error::Mapping { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Data { path, row, column, message } => {
                write!(f, "{}", path.display())?;
                if let Some(row) = row {
                    write!(f, ", row {row}")?;
                }
                if let Some(column) = column {
                    write!(f, ", column '{column}'")?;
                }
                write!(f, ": {message}")
            }
            Error::Usage(message) => write!(f, "{message}"),
            Error::Busy(dir) => write!(
                f,
                "{}: another doisoat run is writing this output directory; wait for it to end, or give another --out",
                dir.display()
            ),
            Error::TooManyRejects(message) | Error::InputTooLarge(message) => write!(f, "{message}"),
            Error::Internal(message) => write!(
                f,
                "internal error: {message}; this is a fault of doisoat's own, please report it (the run's outputs were not put in place)"
            ),
            Error::FailOn(hits) => write!(f, "{}", hits.join("\n")),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Result alias used throughout the library.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_error_names_file_row_and_column() {
        let e = Error::Data {
            path: "in.csv".into(),
            row: Some(17),
            column: Some("so_cccd".into()),
            message: "not valid UTF-8; re-save the file as UTF-8".into(),
        };
        assert_eq!(
            e.to_string(),
            "in.csv, row 17, column 'so_cccd': not valid UTF-8; re-save the file as UTF-8"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn configuration_problems_are_usage_errors() {
        let e = Error::Config { path: "c.toml".into(), message: "x".into() };
        assert_eq!(e.exit_code(), 2);
    }
}
