//! Language identification (whatlang's trigram model) with ISO 639-1 codes from
//! `data/lang/iso639.tsv`.

use std::collections::HashMap;

use crate::data::{read_tsv, DataError};

/// How much of a long text is enough to tell its language.
const SAMPLE_BYTES: usize = 4096;

/// Tells a text's language.
#[derive(Clone, Debug)]
pub struct LanguageId {
    iso1: HashMap<&'static str, &'static str>,
}

impl LanguageId {
    /// Parses the ISO 639-3 → 639-1 table.
    pub fn parse(file: &str, text: &'static str) -> Result<LanguageId, DataError> {
        let mut iso1 = HashMap::new();
        for row in read_tsv(file, text, &["iso639_3", "iso639_1"])? {
            iso1.insert(row.cells[0], row.cells[1]);
        }
        Ok(LanguageId { iso1 })
    }

    /// The ISO 639-1 code of `text`'s language, or `None` when the text is too short or too
    /// mixed to tell.
    pub fn detect(&self, text: &str) -> Option<&'static str> {
        let mut end = text.len().min(SAMPLE_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let info = whatlang::detect(&text[..end])?;
        if !info.is_reliable() && info.confidence() < 0.5 {
            return None;
        }
        self.iso1.get(info.lang().code()).copied()
    }
}
