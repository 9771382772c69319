//! What the gold-corpus readers (TimeML and MEANTIME, the geoparsing sets, PolNeAR) share:
//! one error for a file that cannot be read, and reading a file as UTF-8 with the line of the
//! first bad byte.

use std::path::{Path, PathBuf};

use thiserror::Error;

/// A gold file or folder that could not be read.
#[derive(Debug, Error)]
pub enum GoldError {
    /// The file or folder could not be read.
    // The reason is the error's source, which callers print after it (anyhow's `{:#}`).
    #[error("{path}")]
    Io {
        /// The file or folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not well-formed, or not one of the formats the reader knows.
    #[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Format {
        /// The file or folder.
        file: String,
        /// 1-based line, when the problem has one.
        line: Option<usize>,
        /// What was wrong.
        message: String,
    },
}

/// A [`GoldError::Format`] for `file`.
pub fn format_error(file: &str, line: Option<usize>, message: impl Into<String>) -> GoldError {
    GoldError::Format {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// A [`GoldError::Io`] maker for `path`, for `map_err`.
pub fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> GoldError + '_ {
    move |source| GoldError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The file's text; a file that is not UTF-8 is an error at the line of its first bad byte.
pub fn read_utf8(path: &Path) -> Result<String, GoldError> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format_error(
            &path.display().to_string(),
            Some(line),
            format!("not UTF-8 (byte {at})"),
        )
    })
}

/// Every file under `dir` (recursively) that `keep` accepts, in the order the folder lists
/// them; callers sort as their corpus wants.
pub fn files_under(dir: &Path, keep: &impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>, GoldError> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let path = entry.map_err(io_error(dir))?.path();
        if path.is_dir() {
            files.extend(files_under(&path, keep)?);
        } else if keep(&path) {
            files.push(path);
        }
    }
    Ok(files)
}
