//! wirewatch's text layer: normalisation, tokens, sentences and language for news English.
//!
//! [`TextLayer`] is loaded once from the data files compiled into the binary (`data/text/`,
//! `data/lang/en/`, `data/models/sentences.tsv`) and then fills a [`Doc`]'s normalised text,
//! tokens, sentences and language. It is `Send + Sync` and does no I/O after loading.
//!
//! ```
//! use wirewatch_doc::{Doc, Meta};
//! use wirewatch_nlp::TextLayer;
//!
//! let layer = TextLayer::embedded().expect("embedded data is valid");
//! let mut doc = Doc::new("Lt. Col. Smith met U.S. officials. They left at 10 a.m. on Monday.".into(), Meta::default());
//! layer.run(&mut doc);
//! let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.span_text(s.span)).collect();
//! assert_eq!(sentences, ["Lt. Col. Smith met U.S. officials.", "They left at 10 a.m. on Monday."]);
//! ```
#![deny(missing_docs)]

pub mod abbrev;
pub mod clusters;
pub mod data;
pub mod language;
pub mod lists;
pub mod multiclass;
pub mod ner;
pub mod normalize;
pub mod perceptron;
pub mod sentences;
pub mod tokenize;

use std::collections::{HashMap, HashSet};

use wirewatch_doc::{Doc, Normalized, Sentence, Token};

pub use abbrev::{AbbrevKind, Abbreviations};
pub use data::DataError;
pub use language::LanguageId;
pub use perceptron::Perceptron;
pub use sentences::Segmenter;
pub use tokenize::RawToken;

/// A data file compiled into the binary: its path under the repository and its text.
#[derive(Clone, Copy, Debug)]
pub struct DataFile {
    /// Path relative to the repository root, used in error messages.
    pub path: &'static str,
    /// The file's contents.
    pub text: &'static str,
}

/// A [`DataFile`] compiled in from a path relative to the repository root. The path in
/// `include_str!` is relative to the file that uses the macro, so it works from any
/// `crates/<name>/src/*.rs`.
#[macro_export]
macro_rules! data_file {
    ($path:literal) => {
        $crate::DataFile {
            path: $path,
            text: include_str!(concat!("../../../", $path)),
        }
    };
}

/// The data files the text layer reads.
pub mod files {
    use super::DataFile;
    /// HTML character references.
    pub const HTML_ENTITIES: DataFile = data_file!("data/text/html_entities.tsv");
    /// English abbreviations.
    pub const ABBREVIATIONS: DataFile = data_file!("data/lang/en/abbreviations.tsv");
    /// ISO 639 code table.
    pub const ISO639: DataFile = data_file!("data/lang/iso639.tsv");
    /// The commonest English function words.
    pub const STOPWORDS: DataFile = data_file!("data/lang/en/stopwords.txt");
    /// Function words that open sentences.
    pub const SENTENCE_OPENERS: DataFile = data_file!("data/lang/en/sentence_openers.txt");
    /// The trained sentence-boundary model.
    pub const SENTENCE_MODEL: DataFile = data_file!("data/models/sentences.tsv");
}

/// Normalisation, tokens, sentences and language, loaded once.
#[derive(Clone, Debug)]
pub struct TextLayer {
    entities: HashMap<String, char>,
    abbrevs: Abbreviations,
    openers: HashSet<String>,
    segmenter: Segmenter,
    language: LanguageId,
}

impl TextLayer {
    /// Loads the layer from the data compiled into the binary.
    pub fn embedded() -> Result<TextLayer, DataError> {
        let model = Perceptron::parse(files::SENTENCE_MODEL.path, files::SENTENCE_MODEL.text)?;
        TextLayer::with_sentence_model(model)
    }

    /// Loads the layer with a sentence model of the caller's (for training and evaluation).
    pub fn with_sentence_model(model: Perceptron) -> Result<TextLayer, DataError> {
        Ok(TextLayer {
            entities: parse_entities(files::HTML_ENTITIES)?,
            abbrevs: Abbreviations::parse(files::ABBREVIATIONS.path, files::ABBREVIATIONS.text)?,
            openers: data::read_word_list(files::SENTENCE_OPENERS)?,
            segmenter: Segmenter::new(model),
            language: LanguageId::parse(
                files::ISO639.path,
                files::ISO639.text,
                data::read_word_list(files::STOPWORDS)?,
            )?,
        })
    }

    /// The abbreviation list.
    pub fn abbreviations(&self) -> &Abbreviations {
        &self.abbrevs
    }

    /// Normalises and tokenises `text` (tokens are spans of the normalised text).
    pub fn tokenize(&self, text: &str) -> (Normalized, Vec<RawToken>) {
        let norm = normalize::normalize(text, &self.entities);
        let tokens = tokenize::tokenize(&norm.text, &self.abbrevs);
        (norm, tokens)
    }

    /// The tokens of a short text as strings of its normalised form: how a dictionary entry
    /// ("RFE/RL", "Lt. Gen.") will be split in the reports it is looked up in.
    pub fn token_strings(&self, text: &str) -> Vec<String> {
        let (norm, tokens) = self.tokenize(text);
        tokens
            .iter()
            .map(|t| norm.text[t.span.range()].to_string())
            .collect()
    }

    /// Fills `doc.norm`, `doc.tokens`, `doc.sentences` and `doc.language`.
    pub fn run(&self, doc: &mut Doc) {
        let (norm, raw) = self.tokenize(&doc.text);
        let cx = self.context(&norm.text, &raw);
        let ranges = self.segmenter.segment(&cx);
        doc.tokens = raw
            .iter()
            .map(|t| Token {
                span: norm.to_original(t.span),
                norm: t.span,
                kind: t.kind,
                space_after: t.space_after,
            })
            .collect();
        doc.sentences = ranges
            .into_iter()
            .map(|r| Sentence {
                span: wirewatch_doc::Span::new(
                    doc.tokens[r.start as usize].span.start,
                    doc.tokens[r.end as usize - 1].span.end,
                ),
                tokens: r,
            })
            .collect();
        doc.language = self.language.detect(&norm.text);
        doc.norm = norm;
    }

    /// What the sentence features of `tokens` (of normalised `text`) can see.
    pub fn context<'a>(&'a self, text: &'a str, tokens: &'a [RawToken]) -> sentences::Context<'a> {
        sentences::Context {
            text,
            tokens,
            abbrevs: &self.abbrevs,
            openers: &self.openers,
        }
    }

    /// Splits normalised tokens into sentences (token index ranges).
    pub fn segment(&self, text: &str, tokens: &[RawToken]) -> Vec<std::ops::Range<u32>> {
        self.segmenter.segment(&self.context(text, tokens))
    }
}

fn parse_entities(file: DataFile) -> Result<HashMap<String, char>, DataError> {
    let mut map = HashMap::new();
    for row in data::read_tsv(file.path, file.text, &["name", "codepoint"])? {
        let c = u32::from_str_radix(row.cells[1], 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| DataError::Line {
                file: file.path.into(),
                line: row.line,
                message: format!("{:?} is not a hexadecimal code point", row.cells[1]),
            })?;
        map.insert(row.cells[0].to_string(), c);
    }
    Ok(map)
}
