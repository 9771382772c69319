//! Language identification (whatlang's trigram model) with ISO 639-1 codes from
//! `data/lang/iso639.tsv`.

use std::collections::{HashMap, HashSet};

use crate::data::{read_tsv, DataError};

/// How much of a long text is enough to tell its language.
const SAMPLE_BYTES: usize = 600;

/// Tells a text's language.
#[derive(Clone, Debug)]
pub struct LanguageId {
    iso1: HashMap<&'static str, &'static str>,
    english: HashSet<String>,
}

/// Share of English function words above which a text is English without further work.
const ENGLISH_SHARE: f64 = 0.2;

impl LanguageId {
    /// Parses the ISO 639-3 → 639-1 table.
    pub fn parse(
        file: &str,
        text: &'static str,
        english: HashSet<String>,
    ) -> Result<LanguageId, DataError> {
        let mut iso1 = HashMap::new();
        for row in read_tsv(file, text, &["iso639_3", "iso639_1"])? {
            iso1.insert(row.cells[0], row.cells[1]);
        }
        Ok(LanguageId { iso1, english })
    }

    /// The ISO 639-1 code of `text`'s language, or `None` when the text is too short or too
    /// mixed to tell.
    pub fn detect(&self, text: &str) -> Option<&'static str> {
        let mut end = text.len().min(SAMPLE_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let sample = &text[..end];
        // Most reports are English; counting function words says so in a fraction of the
        // time the trigram model takes.
        let words: Vec<&str> = sample.split_whitespace().take(100).collect();
        if words.len() >= 8 {
            let hits = words
                .iter()
                .filter(|w| self.english.contains(&w.to_ascii_lowercase()))
                .count();
            if hits as f64 / words.len() as f64 >= ENGLISH_SHARE {
                return self.iso1.get("eng").copied();
            }
        }
        let info = whatlang::detect(sample)?;
        if !info.is_reliable() && info.confidence() < 0.5 {
            return None;
        }
        self.iso1.get(info.lang().code()).copied()
    }
}
