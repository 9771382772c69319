//! HTML → article text with metadata.
//!
//! [`extract`] never fails: whatever the input (empty, malformed, not HTML at all) it returns an
//! [`Article`], with empty text when no article body is found.
//!
//! The main text comes from two independent extractors that vote paragraph by paragraph:
//! [`dom_smoothie`] (a port of Mozilla's Readability.js) chooses the article body, and every
//! paragraph of it must also be supported by [`rs_trafilatura`] (a port of trafilatura), so
//! that boilerplate only one of them lets through is dropped. When either extractor finds
//! nothing, the other one's text is used alone. Then a few generic clean-ups: link lists
//! (three or more link-dense paragraphs in a row), promotional links ("Related: ...", headlines
//! in capitals that are all link), figure captions, stock furniture ("Advertisement") and
//! calls to subscribe or follow are removed.
//!
//! Metadata comes from the usual places in the page (`<title>`, Open Graph and other `<meta>`
//! tags, JSON-LD, `<link rel=canonical>`, `<time datetime>`, `<html lang>`).

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use dom_query::Document;

use crate::blocks::{blocks_of_fragment, Block};
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

/// Documents whose tags nest deeper than this (estimated from the raw markup) are not parsed
/// beyond their `<head>`: HTML parsing is quadratic in nesting depth and the extractors recurse.
pub const MAX_RAW_NESTING: usize = 4096;

/// Parsed documents deeper than this are read by a plain, non-recursive text walk instead of the
/// two extractors (real pages are rarely deeper than 60 levels).
pub const MAX_DOM_DEPTH: usize = 512;

/// Extract the article text and metadata from an HTML page. `url` is the page's address, when
/// known; it is used to resolve a relative canonical URL.
///
/// Pathological markup is bounded: past [`MAX_RAW_NESTING`] levels of nesting only the
/// `<head>` is read (metadata, empty text); past [`MAX_DOM_DEPTH`] the text comes from a plain
/// walk over the body that drops link lists.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    if raw_nesting(html) > MAX_RAW_NESTING {
        return crate::meta::read(&Document::from(head_part(html)), url);
    }
    let doc = Document::from(html);
    let meta = crate::meta::read(&doc, url);
    let text = if dom_depth(&doc) > MAX_DOM_DEPTH {
        plain_text(&doc)
    } else {
        main_text(doc, html, url)
    };
    Article { text, ..meta }
}

/// A page title without the site's name that pages append to it: "Talks resume | Example
/// News" → "Talks resume" when the site is "Example News".
pub(crate) fn without_site_name<'a>(title: &'a str, site: Option<&str>) -> &'a str {
    let Some(site) = site.filter(|s| !s.is_empty()) else {
        return title;
    };
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(head) = title.strip_suffix(site).and_then(|t| t.strip_suffix(sep)) {
            if !head.trim().is_empty() {
                return head.trim_end();
            }
        }
        if let Some(tail) = title.strip_prefix(site).and_then(|t| t.strip_prefix(sep)) {
            if !tail.trim().is_empty() {
                return tail.trim_start();
            }
        }
    }
    title
}

/// Only the main text of [`extract`] (no metadata), as plain paragraphs separated by `"\n\n"`.
pub fn extract_text(html: &str, url: Option<&str>) -> String {
    if raw_nesting(html) > MAX_RAW_NESTING {
        return String::new();
    }
    let doc = Document::from(html);
    if dom_depth(&doc) > MAX_DOM_DEPTH {
        return plain_text(&doc);
    }
    main_text(doc, html, url)
}

/// Elements that the estimate of [`raw_nesting`] ignores: void elements and those whose end
/// tag may be left out (the parser closes them itself).
const NO_NESTING: [&str; 32] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead", "tfoot", "option",
    "optgroup", "rb", "rt", "rtc", "rp", "colgroup", "caption",
];

/// An upper estimate of how deep the markup nests, from a linear scan of its tags (start tags
/// minus end tags, the contents of `<script>`, `<style>` and the like skipped).
fn raw_nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let Some(end) = bytes[name_start..].iter().position(|&b| b == b'>') else {
            break;
        };
        let tag_end = name_start + end;
        i = tag_end + 1;
        if NO_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if bytes[tag_end.saturating_sub(1)] != b'/' {
            if matches!(
                name.as_str(),
                "script" | "style" | "textarea" | "title" | "xmp" | "noscript"
            ) {
                // Raw text: jump past the matching end tag.
                let close = format!("</{name}");
                match find_ascii_ci(&bytes[i..], close.as_bytes()) {
                    Some(pos) => i += pos,
                    None => break,
                }
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Position of `needle` (ASCII, lower case) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The markup before `<body` (or up to `</head>`; nothing when there is neither).
fn head_part(html: &str) -> &str {
    let bytes = html.as_bytes();
    match find_ascii_ci(bytes, b"<body").or_else(|| find_ascii_ci(bytes, b"</head")) {
        Some(pos) => &html[..pos],
        None => "",
    }
}

/// Element depth of the document, computed without recursion.
fn dom_depth(doc: &Document) -> usize {
    let mut max = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        max = max.max(depth);
        stack.extend(
            node.children_it(false)
                .filter(|c| c.is_element())
                .map(|c| (c, depth + 1)),
        );
    }
    max
}

/// Text of the whole document by the plain block walk, link lists and promotions dropped.
fn plain_text(doc: &Document) -> String {
    let blocks = crate::blocks::blocks_of(&doc.root());
    finish(
        drop_link_blocks(blocks)
            .into_iter()
            .map(|b| b.text)
            .collect(),
    )
}

/// Readability's article body as text blocks.
fn readability_blocks(doc: Document, url: Option<&str>) -> Vec<Block> {
    let url = url.filter(|u| url::Url::parse(u).is_ok());
    let Ok(mut readability) = dom_smoothie::Readability::with_document(doc, url, None) else {
        return Vec::new();
    };
    // A panic inside the extractor on some odd page costs its vote, not the caller.
    match catch_unwind(AssertUnwindSafe(|| readability.parse())) {
        Ok(Ok(article)) => blocks_of_fragment(&article.content),
        _ => Vec::new(),
    }
}

/// trafilatura's article body as paragraphs.
fn trafilatura_paragraphs(html: &str, url: Option<&str>) -> Vec<String> {
    let options = rs_trafilatura::Options {
        url: url.map(str::to_owned),
        ..Default::default()
    };
    match catch_unwind(|| rs_trafilatura::extract_with_options(html, &options)) {
        Ok(Ok(result)) => text::paragraphs(&result.content_text),
        _ => Vec::new(),
    }
}

fn main_text(doc: Document, html: &str, url: Option<&str>) -> String {
    let primary = readability_blocks(doc, url);
    let second = trafilatura_paragraphs(html, url);
    let kept: Vec<String> = if primary.is_empty() {
        second
    } else {
        vote(drop_link_blocks(primary), &second)
            .into_iter()
            .map(|b| b.text)
            .collect()
    };
    finish(kept)
}

/// The last clean-ups, then paragraphs joined by a blank line.
fn finish(paragraphs: Vec<String>) -> String {
    paragraphs
        .into_iter()
        .filter(|p| text::has_words(p))
        .filter(|p| !text::is_boilerplate_line(p) && !text::is_call_to_action(p))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A block with at least this share of link text is link-dense.
const LINK_DENSITY_MAX: f64 = 0.5;

/// This many consecutive link-dense blocks make a link list (related stories, navigation).
const LINK_RUN_MIN: usize = 3;

/// A link-dense block standing alone is kept (inline references, shop links, sources) unless it
/// reads as a promotion: a label such as "Related:" or "Read more:", or a headline in capitals
/// that is almost all link.
fn is_promo_link(block: &Block) -> bool {
    (block.link_density() >= LINK_DENSITY_MAX && text::is_promo_label(&block.text))
        || (block.link_density() >= 0.9 && text::is_shouted_headline(&block.text))
}

/// Drop link lists (runs of [`LINK_RUN_MIN`] or more link-dense blocks) and promotional links.
fn drop_link_blocks(blocks: Vec<Block>) -> Vec<Block> {
    let dense: Vec<bool> = blocks
        .iter()
        .map(|b| b.link_density() >= LINK_DENSITY_MAX)
        .collect();
    let mut keep: Vec<bool> = blocks.iter().map(|b| !is_promo_link(b)).collect();
    let mut i = 0;
    while i < blocks.len() {
        if dense[i] {
            let start = i;
            while i < blocks.len() && dense[i] {
                i += 1;
            }
            if i - start >= LINK_RUN_MIN {
                keep[start..i].iter_mut().for_each(|k| *k = false);
            }
        } else {
            i += 1;
        }
    }
    blocks
        .into_iter()
        .zip(keep)
        .filter_map(|(b, k)| k.then_some(b))
        .collect()
}

/// Keep the paragraphs of `primary` that `second` supports: at least half of a paragraph's
/// 4-token shingles occur in `second`, or, for a paragraph too short for that (under six
/// tokens), its whole token sequence occurs in `second`. When either side is empty, the other
/// is returned whole.
fn vote(primary: Vec<Block>, second: &[String]) -> Vec<Block> {
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
            let tokens: Vec<String> = text::tokens(&para.text).map(str::to_owned).collect();
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

#[cfg(test)]
mod title_tests {
    use super::without_site_name;

    #[test]
    fn the_site_name_is_dropped_from_either_end() {
        let site = Some("Example News");
        assert_eq!(
            without_site_name("Talks resume | Example News", site),
            "Talks resume"
        );
        assert_eq!(
            without_site_name("Example News - Talks resume", site),
            "Talks resume"
        );
        assert_eq!(without_site_name("Example News", site), "Example News");
        assert_eq!(without_site_name("Talks | Other", site), "Talks | Other");
        assert_eq!(without_site_name("Talks | Other", None), "Talks | Other");
    }
}
