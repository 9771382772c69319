//! Shared helpers of the integration tests: one pipeline per test binary.

#![allow(dead_code)]

use std::sync::OnceLock;

use wirewatch::{Analysis, Input, Pipeline};

/// The default pipeline, loaded once.
pub fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::load().expect("the embedded data loads"))
}

/// Analyses a text with no metadata.
pub fn analyze(text: &str) -> Analysis {
    pipeline().analyze(Input::text(text))
}

/// `document.text[start..end]` in characters.
pub fn slice(record: &Analysis, start: usize, end: usize) -> String {
    record
        .document
        .text
        .chars()
        .skip(start)
        .take(end - start)
        .collect()
}

/// The sentences of a record as text.
pub fn sentences(record: &Analysis) -> Vec<String> {
    record
        .sentences
        .iter()
        .map(|s| slice(record, s.start, s.end))
        .collect()
}

/// Names of the entities a list of ids points at.
pub fn names(record: &Analysis, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            record
                .entities
                .iter()
                .find(|e| &e.id == id)
                .map_or_else(|| format!("<missing {id}>"), |e| e.name.clone())
        })
        .collect()
}
