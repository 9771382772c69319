//! HTML → article text with metadata.
//!
//! [`extract`] never fails: whatever the input (empty, malformed, not HTML at all) it returns an
//! [`Article`], with empty text when no article body is found.
//!
//! The main text comes from two independent extractors that vote paragraph by paragraph:
//! [`dom_smoothie`] (a port of Mozilla's Readability.js) chooses the article body, and every
//! paragraph of it must also be supported by [`rs_trafilatura`] (a port of trafilatura), which
//! removes boilerplate that one of them lets through (link lists, newsletter boxes, captions,
//! promotions). When either extractor finds nothing, the other one's text is used alone.
//!
//! Metadata comes from the usual places in the page (`<title>`, Open Graph and other `<meta>`
//! tags, JSON-LD, `<link rel=canonical>`, `<time datetime>`, `<html lang>`).

use std::collections::HashSet;

use dom_query::Document;

use crate::text;

/// An article read from an HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// Main text: plain paragraphs separated by a blank line (`"\n\n"`), whitespace collapsed
    /// inside each paragraph; empty when no article body was found.
    pub text: String,
    /// Headline (Open Graph title, JSON-LD headline, or `<title>`).
    pub title: Option<String>,
    /// Author or authors (comma-separated), from `<meta name=author>`, JSON-LD and similar.
    pub author: Option<String>,
    /// Publication date as `YYYY-MM-DD`; `None` when the page gives none that parses.
    pub published: Option<String>,
    /// Canonical URL (`<link rel=canonical>` or `og:url`), made absolute against the page URL
    /// when it is relative and a page URL was given.
    pub canonical_url: Option<String>,
    /// Name of the site or outlet (`og:site_name`, JSON-LD publisher, ...).
    pub site_name: Option<String>,
    /// Language tag of the page (`<html lang>`, `Content-Language`, `og:locale`), e.g. `en-US`.
    pub language: Option<String>,
}

/// Extract the article text and metadata from an HTML page. `url` is the page's address, when
/// known; it is used to resolve a relative canonical URL.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    let doc = Document::from(html);
    let meta = crate::meta::read(&doc, url);
    let text = main_text(doc, html, url);
    Article {
        text,
        title: meta.title,
        author: meta.author,
        published: meta.published,
        canonical_url: meta.canonical_url,
        site_name: meta.site_name,
        language: meta.language,
    }
}

/// Only the main text of [`extract`] (no metadata), as plain paragraphs separated by `"\n\n"`.
pub fn extract_text(html: &str, url: Option<&str>) -> String {
    main_text(Document::from(html), html, url)
}

/// Readability's article body as paragraphs (one per line of its formatted text).
fn readability_paragraphs(doc: Document, url: Option<&str>) -> Vec<String> {
    let url = url.filter(|u| url::Url::parse(u).is_ok());
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let Ok(mut readability) = dom_smoothie::Readability::with_document(doc, url, Some(cfg)) else {
        return Vec::new();
    };
    match readability.parse() {
        Ok(article) => text::paragraphs(&article.text_content),
        Err(_) => Vec::new(),
    }
}

/// trafilatura's article body as paragraphs.
fn trafilatura_paragraphs(html: &str, url: Option<&str>) -> Vec<String> {
    let options = rs_trafilatura::Options {
        url: url.map(str::to_owned),
        ..Default::default()
    };
    match rs_trafilatura::extract_with_options(html, &options) {
        Ok(result) => text::paragraphs(&result.content_text),
        Err(_) => Vec::new(),
    }
}

fn main_text(doc: Document, html: &str, url: Option<&str>) -> String {
    let primary = readability_paragraphs(doc, url);
    let second = trafilatura_paragraphs(html, url);
    let kept = vote(primary, &second);
    text::clean_paragraphs(kept).join("\n\n")
}

/// Keep the paragraphs of `primary` that `second` supports: at least half of a paragraph's
/// 4-token shingles occur in `second`, or, for a paragraph too short for that (under six
/// tokens), its whole token sequence occurs in `second`. When either side is empty, the other
/// is returned whole.
fn vote(primary: Vec<String>, second: &[String]) -> Vec<String> {
    if primary.is_empty() {
        return second.to_vec();
    }
    if second.is_empty() {
        return primary;
    }
    let second_tokens: Vec<String> = second
        .iter()
        .flat_map(|p| text::tokens(p))
        .map(str::to_owned)
        .collect();
    let second_shingles: HashSet<&[String]> = second_tokens.windows(4).collect();
    let second_joined = format!(" {} ", second_tokens.join(" "));
    primary
        .into_iter()
        .filter(|para| {
            let tokens: Vec<String> = text::tokens(para).map(str::to_owned).collect();
            if tokens.is_empty() {
                return false;
            }
            if tokens.len() >= 4 {
                let windows: Vec<&[String]> = tokens.windows(4).collect();
                let hits = windows
                    .iter()
                    .filter(|w| second_shingles.contains(*w))
                    .count();
                if hits * 2 >= windows.len() {
                    return true;
                }
            }
            tokens.len() < 6 && second_joined.contains(&format!(" {} ", tokens.join(" ")))
        })
        .collect()
}
pub use crate::meta::normalize_date;
