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

/// Whether the text has at least one word token.
pub(crate) fn has_words(text: &str) -> bool {
    tokens(text).next().is_some()
}

fn promo_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^\W*(?:(?:related|read|see|watch|listen|also|more|sign up|subscribe|don't miss|recommended|trending|popular|latest|next|previous)\b[^:]{0,25}:|(?:subscribe|sign up|view author archive|email the author|click here)\W*$)",
        )
        .expect("valid promo pattern")
    })
}

/// Whether a paragraph reads as a promotion label ("Related: ...", "Read more: ...",
/// "SUBSCRIBE").
pub(crate) fn is_promo_label(text: &str) -> bool {
    promo_re().is_match(text)
}

/// Whether a whole paragraph is a stock phrase of page furniture ("Advertisement", "Story
/// continues below", "This slideshow requires JavaScript.").
pub(crate) fn is_boilerplate_line(text: &str) -> bool {
    const PHRASES: [&str; 14] = [
        "advertisement",
        "advert",
        "ad",
        "sponsored",
        "story continues below",
        "story continues below advertisement",
        "continue reading below",
        "article continues below",
        "scroll to continue",
        "this slideshow requires javascript",
        "share this article",
        "share this",
        "like this story share it with a friend",
        "skip advertisement",
    ];
    let words: Vec<String> = tokens(text).map(str::to_lowercase).collect();
    let joined = words.join(" ");
    PHRASES.contains(&joined.as_str())
}

fn cta_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:newsletters?|subscribe to|your inbox|follow (?:us|him|her|them|\w+) on (?:twitter|facebook|instagram)|download (?:the|our) app)\b",
        )
        .expect("valid call-to-action pattern")
    })
}

/// Whether a short paragraph asks the reader to subscribe, sign up or follow.
pub(crate) fn is_call_to_action(text: &str) -> bool {
    tokens(text).count() <= 40 && cta_re().is_match(text)
}

/// Whether a paragraph is a headline in capitals of at least four words.
pub(crate) fn is_shouted_headline(text: &str) -> bool {
    let words: Vec<&str> = tokens(text).collect();
    let letters = || text.chars().filter(|c| c.is_alphabetic());
    words.len() >= 4 && letters().count() > 0 && letters().all(|c| !c.is_lowercase())
}
