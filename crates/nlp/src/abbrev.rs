//! Abbreviations that end in a period (`data/lang/en/abbreviations.tsv`).

use std::collections::HashMap;

use crate::data::{read_tsv, DataError};

/// What an abbreviation does around a sentence boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbbrevKind {
    /// Precedes a name and practically never ends a sentence ("Gen.", "Mr.").
    Title,
    /// Precedes a number ("No.", "p.").
    PreNumber,
    /// A month ("Jan.").
    Month,
    /// A weekday ("Tue.").
    Weekday,
    /// A dotted initialism that may end a sentence ("U.S.", "a.m.").
    Initialism,
    /// Any other abbreviation that may end a sentence ("Inc.", "etc.").
    General,
}

impl AbbrevKind {
    /// The name used in the data file and in model features.
    pub fn as_str(self) -> &'static str {
        match self {
            AbbrevKind::Title => "title",
            AbbrevKind::PreNumber => "prenumber",
            AbbrevKind::Month => "month",
            AbbrevKind::Weekday => "weekday",
            AbbrevKind::Initialism => "initialism",
            AbbrevKind::General => "general",
        }
    }

    fn parse(s: &str) -> Option<AbbrevKind> {
        Some(match s {
            "title" => AbbrevKind::Title,
            "prenumber" => AbbrevKind::PreNumber,
            "month" => AbbrevKind::Month,
            "weekday" => AbbrevKind::Weekday,
            "initialism" => AbbrevKind::Initialism,
            "general" => AbbrevKind::General,
            _ => return None,
        })
    }
}

/// The abbreviation list, keyed by the abbreviation as written, final period included.
#[derive(Clone, Debug, Default)]
pub struct Abbreviations {
    map: HashMap<String, AbbrevKind>,
}

impl Abbreviations {
    /// Parses the TSV file (`abbrev<TAB>kind`); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Abbreviations, DataError> {
        let mut map = HashMap::new();
        for row in read_tsv(file, text, &["abbrev", "kind"])? {
            let (abbrev, kind) = (row.cells[0], row.cells[1]);
            let err = |message: String| DataError::Line {
                file: file.into(),
                line: row.line,
                message,
            };
            if !abbrev.ends_with('.') || abbrev.len() < 2 || abbrev.contains(' ') {
                return Err(err(format!(
                    "{abbrev:?} is not an abbreviation ending in a period"
                )));
            }
            let kind = AbbrevKind::parse(kind).ok_or_else(|| {
                err(format!(
                    "kind {kind:?} is not one of title, prenumber, month, weekday, initialism, general"
                ))
            })?;
            if map.insert(abbrev.to_string(), kind).is_some() {
                return Err(err(format!("{abbrev:?} is listed twice")));
            }
        }
        Ok(Abbreviations { map })
    }

    /// The kind of `word` (final period included), when it is a listed abbreviation.
    pub fn get(&self, word: &str) -> Option<AbbrevKind> {
        self.map.get(word).copied()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
