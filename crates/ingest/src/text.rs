//! Plain-text helpers shared by the extractor and the benchmark scorer.

use std::sync::OnceLock;

use regex::Regex;

fn token_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Python's Unicode `\w` is exactly the general categories L* and N* plus `_`.
    RE.get_or_init(|| Regex::new(r"[\p{L}\p{N}_]+").expect("valid token pattern"))
}

/// Word tokens: maximal runs of letters, numbers and `_` (Python's Unicode `\w+`).
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = &str> {
    token_re().find_iter(text).map(|m| m.as_str())
}

/// Collapse every run of whitespace to one space and trim.
pub(crate) fn collapse_ws(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Split text into paragraphs at line breaks, whitespace collapsed, empty ones dropped.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(collapse_ws)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Drop paragraphs with no word at all (lone punctuation, bullets, separators).
pub(crate) fn clean_paragraphs(paragraphs: Vec<String>) -> Vec<String> {
    paragraphs
        .into_iter()
        .filter(|p| tokens(p).next().is_some())
        .collect()
}
