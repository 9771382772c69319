//! Distributional word clusters for the entity tagger's features (as Ratinov & Roth 2009 used
//! Brown clusters): each word has a class id at several granularities, learnt from unlabelled
//! news by the exchange algorithm (`wirewatch train clusters`, `data/models/clusters.tsv`).
//!
//! The file is `#` comment lines (provenance), then a header row `word<TAB>c64<TAB>c256 …`
//! naming one column per granularity (`c` and the number of classes), then one row per word
//! with its class id (`0 ≤ id < classes`) in each column. After the header every non-blank line
//! is a row, so a word may begin with `#`. Words that are only digits and punctuation are
//! counted as one word, [`NUMBER`] (see [`cluster_key`]).
//!
//! ```
//! use wirewatch_nlp::clusters::WordClusters;
//!
//! let text = "# example\nword\tc2\tc4\nthe\t0\t0\nBush\t1\t3\n<num>\t1\t2\n";
//! let clusters = WordClusters::parse("clusters.tsv", text).unwrap();
//! assert_eq!(clusters.classes(), [2, 4]);
//! assert_eq!(clusters.get("Bush"), Some(&[1, 3][..]));
//! assert_eq!(clusters.get("The"), Some(&[0, 0][..])); // by its lower-case form
//! assert_eq!(clusters.get("1,200"), Some(&[1, 2][..])); // a number
//! assert_eq!(clusters.get("Gore"), None);
//! ```

use std::collections::HashMap;

use crate::data::DataError;

/// The one word that stands for every token made only of digits and punctuation with a digit
/// in it ("1996", "3.5", "1996-08-22", "10:30").
pub const NUMBER: &str = "<num>";

/// True for a token made only of digits and punctuation (anything neither a letter nor white
/// space) with at least one digit in it.
pub fn is_number(word: &str) -> bool {
    let mut digit = false;
    for c in word.chars() {
        if c.is_numeric() {
            digit = true;
        } else if c.is_alphabetic() || c.is_whitespace() {
            return false;
        }
    }
    digit
}

/// The form a token is clustered and looked up under: [`NUMBER`] for a number, otherwise the
/// token itself, case kept.
pub fn cluster_key(word: &str) -> &str {
    if is_number(word) {
        NUMBER
    } else {
        word
    }
}

/// Word clusters at several granularities, read from a clusters file.
#[derive(Clone, Default)]
pub struct WordClusters {
    /// The number of classes of each granularity, in column order.
    classes: Vec<usize>,
    /// Each word's first id in `ids`.
    words: HashMap<String, u32>,
    /// The class ids, `classes.len()` per word.
    ids: Vec<u16>,
}

impl WordClusters {
    /// Parses a clusters file (see the module documentation); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<WordClusters, DataError> {
        let err = |line: usize, message: String| DataError::Line {
            file: file.into(),
            line,
            message,
        };
        let mut out = WordClusters::default();
        let mut header_seen = false;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            if raw.trim().is_empty() || (!header_seen && raw.starts_with('#')) {
                continue;
            }
            let cells: Vec<&str> = raw.split('\t').collect();
            if !header_seen {
                if cells[0] != "word" || cells.len() < 2 {
                    return Err(err(
                        line,
                        format!(
                            "header is {cells:?}, expected \"word\" and one column a granularity \
                             (\"c64\", \"c256\" …)"
                        ),
                    ));
                }
                for c in &cells[1..] {
                    let k = c
                        .strip_prefix('c')
                        .and_then(|n| n.parse::<usize>().ok())
                        .filter(|&k| (1..=1 << 16).contains(&k))
                        .ok_or_else(|| {
                            err(
                                line,
                                format!(
                                    "column {c:?} is not `c` and a number of classes (1 to 65536)"
                                ),
                            )
                        })?;
                    out.classes.push(k);
                }
                header_seen = true;
                continue;
            }
            if cells.len() != out.classes.len() + 1 {
                return Err(err(
                    line,
                    format!(
                        "{} tab-separated cells, expected {} (the word and one class id a \
                         granularity)",
                        cells.len(),
                        out.classes.len() + 1
                    ),
                ));
            }
            let word = cells[0];
            if word.is_empty() || word.trim() != word {
                return Err(err(
                    line,
                    format!("word {word:?} is empty or has white space"),
                ));
            }
            let start = out.ids.len() as u32;
            for (cell, &k) in cells[1..].iter().zip(&out.classes) {
                let id = cell
                    .parse::<usize>()
                    .ok()
                    .filter(|&id| id < k)
                    .ok_or_else(|| {
                        err(
                            line,
                            format!("class id {cell:?} of {word:?} is not a number below {k}"),
                        )
                    })?;
                out.ids.push(id as u16);
            }
            if out.words.insert(word.to_string(), start).is_some() {
                return Err(err(line, format!("{word:?} is listed twice")));
            }
        }
        if !header_seen {
            return Err(DataError::File {
                file: file.into(),
                message: "no header row (expected \"word\", \"c64\" …)".into(),
            });
        }
        Ok(out)
    }

    /// The number of classes of each granularity, in the order of [`WordClusters::get`]'s ids.
    pub fn classes(&self) -> &[usize] {
        &self.classes
    }

    /// Number of words with clusters.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The word's class id at each granularity: of the word as written (a number as
    /// [`NUMBER`]), else of its lower-case form, else `None`.
    pub fn get(&self, word: &str) -> Option<&[u16]> {
        let key = cluster_key(word);
        let start = match self.words.get(key) {
            Some(&s) => s,
            None => {
                let lower = key.to_lowercase();
                if lower == key {
                    return None;
                }
                *self.words.get(&lower)?
            }
        } as usize;
        Some(&self.ids[start..start + self.classes.len()])
    }
}

impl std::fmt::Debug for WordClusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "WordClusters({} words, classes {:?})",
            self.words.len(),
            self.classes
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# Word clusters\n# made by hand\nword\tc4\tc16\n\
                        the\t0\t0\na\t0\t1\nBush\t1\t5\nbush\t2\t9\nMarch\t3\t15\n\
                        #ww\t1\t4\n<num>\t3\t14\n";

    #[test]
    fn looks_up_exact_then_lower_case() {
        let c = WordClusters::parse("c.tsv", FILE).unwrap();
        assert_eq!(c.classes(), [4, 16]);
        assert_eq!(c.len(), 7);
        assert_eq!(c.get("Bush"), Some(&[1, 5][..]));
        assert_eq!(c.get("bush"), Some(&[2, 9][..]));
        assert_eq!(c.get("BUSH"), Some(&[2, 9][..]));
        assert_eq!(c.get("A"), Some(&[0, 1][..]));
        assert_eq!(c.get("march"), None);
        assert_eq!(c.get("Gore"), None);
        // A row after the header may begin with `#`.
        assert_eq!(c.get("#ww"), Some(&[1, 4][..]));
    }

    #[test]
    fn numbers_share_one_entry() {
        let c = WordClusters::parse("c.tsv", FILE).unwrap();
        for n in ["1996", "3.5", "1996-08-22", "10:30", "1,200"] {
            assert!(is_number(n), "{n}");
            assert_eq!(c.get(n), Some(&[3, 14][..]), "{n}");
        }
        for w in ["1990s", "G8", "-", "", "$"] {
            assert!(!is_number(w), "{w}");
        }
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let e = WordClusters::parse("c.tsv", "# c\nword\tc4\nthe\t0\na\t4\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.tsv:4: class id \"4\" of \"a\" is not a number below 4"
        );
        let e = WordClusters::parse("c.tsv", "word\tc4\tc8\nthe\t0\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.tsv:2: 2 tab-separated cells, expected 3 (the word and one class id a granularity)"
        );
        let e = WordClusters::parse("c.tsv", "word\tc4\nthe\t0\nthe\t1\n").unwrap_err();
        assert_eq!(e.to_string(), "c.tsv:3: \"the\" is listed twice");
        let e = WordClusters::parse("c.tsv", "word\tclasses\n").unwrap_err();
        assert!(e.to_string().starts_with("c.tsv:1: column \"classes\""));
        let e = WordClusters::parse("c.tsv", "# only comments\n").unwrap_err();
        assert!(e.to_string().starts_with("c.tsv: no header row"));
    }
}
