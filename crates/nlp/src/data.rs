//! Reading wirewatch's data files (`data/**.tsv`, `.txt`): comment lines, a header row, strict
//! column counts, and errors that name the file and line.

use thiserror::Error;

/// A data file that could not be read.
#[derive(Debug, Error)]
pub enum DataError {
    /// A line is malformed.
    #[error("{file}:{line}: {message}")]
    Line {
        /// The file's name as the project knows it (`data/lang/en/abbreviations.tsv`).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong and what was expected.
        message: String,
    },
    /// The file as a whole is wrong (missing header, wrong columns).
    #[error("{file}: {message}")]
    File {
        /// The file's name.
        file: String,
        /// What was wrong.
        message: String,
    },
}

/// One row of a TSV data file.
#[derive(Debug)]
pub struct Row<'a> {
    /// 1-based line number in the file.
    pub line: usize,
    /// The cells, as many as the header has columns.
    pub cells: Vec<&'a str>,
}

/// Parses a TSV data file: lines starting with `#` and blank lines are skipped, the first other
/// line is the header and must equal `columns`, and every row must have that many cells.
pub fn read_tsv<'a>(
    file: &str,
    text: &'a str,
    columns: &[&str],
) -> Result<Vec<Row<'a>>, DataError> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = raw.split('\t').collect();
        if !header_seen {
            if cells != columns {
                return Err(DataError::Line {
                    file: file.into(),
                    line,
                    message: format!("header is {cells:?}, expected {columns:?}"),
                });
            }
            header_seen = true;
            continue;
        }
        if cells.len() != columns.len() {
            return Err(DataError::Line {
                file: file.into(),
                line,
                message: format!(
                    "{} tab-separated cells, expected {} ({})",
                    cells.len(),
                    columns.len(),
                    columns.join(", ")
                ),
            });
        }
        if let Some(c) = cells.iter().find(|c| c.trim() != **c) {
            return Err(DataError::Line {
                file: file.into(),
                line,
                message: format!("cell {c:?} has surrounding white space"),
            });
        }
        rows.push(Row { line, cells });
    }
    if !header_seen {
        return Err(DataError::File {
            file: file.into(),
            message: format!("no header row (expected {columns:?})"),
        });
    }
    Ok(rows)
}

/// Parses a word list: one entry per line, `#` comments and blank lines skipped; entries must
/// not repeat or carry surrounding white space.
pub fn read_word_list(
    file: crate::DataFile,
) -> Result<std::collections::HashSet<String>, DataError> {
    let mut words = std::collections::HashSet::new();
    for (i, raw) in file.text.lines().enumerate() {
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let err = |message: String| DataError::Line {
            file: file.path.into(),
            line: i + 1,
            message,
        };
        if raw.trim() != raw {
            return Err(err(format!("entry {raw:?} has surrounding white space")));
        }
        if !words.insert(raw.to_string()) {
            return Err(err(format!("{raw:?} is listed twice")));
        }
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_after_comments_and_header() {
        let rows = read_tsv(
            "t.tsv",
            "# c\nname\tkind\n\nGen.\ttitle\n",
            &["name", "kind"],
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 4);
        assert_eq!(rows[0].cells, ["Gen.", "title"]);
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = read_tsv("t.tsv", "name\tkind\nGen.\n", &["name", "kind"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv:2: 1 tab-separated cells, expected 2 (name, kind)"
        );
        let e = read_tsv("t.tsv", "# only\n", &["name"]).unwrap_err();
        assert!(e.to_string().starts_with("t.tsv: no header row"));
    }
}
