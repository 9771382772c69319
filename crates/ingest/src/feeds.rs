//! News feeds: RSS 0.9x / 1.0 / 2.0, Atom and JSON Feed documents → [`FeedItem`]s, and the
//! list of feeds `wirewatch follow FEEDS.toml` reads ([`FeedList`]).
//!
//! Feed documents are read by [`feed_rs`]; what this module adds is one flat item shape, ids
//! for items that have none, dates as `YYYY-MM-DD` as the feed writes them (no time-zone
//! conversion, as [`crate::html::normalize_date`] does for pages), and plain-text titles and
//! summaries.
//!
//! A feed list is TOML, one `[[feed]]` table per feed:
//!
//! ```toml
//! [[feed]]
//! url = "https://example.com/world/rss.xml"
//! name = "Example News"   # optional: the outlet's name
//! every = "15m"           # optional: how often to poll ("90s", "1h", "2h30m", "1d")
//! ```

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::blocks::blocks_of_fragment;
use crate::text::collapse_ws;

/// HTML fragments (titles, summaries) with more tags than this are not given to the HTML
/// parser, whose cost grows with nesting depth; their tags are simply dropped.
const MAX_FRAGMENT_TAGS: usize = 4096;

/// One item (RSS `<item>`, Atom `<entry>`, JSON Feed item) of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's id: its own (RSS `guid`, Atom `id`, JSON Feed `id`), else its link, else
    /// `sha256:` and the hex SHA-256 of its title and link (and, when it has neither, its
    /// summary and date), so the same item gets the same id each time the feed is read.
    pub id: String,
    /// The item's link (the `alternate` one when there are several), made absolute when it is
    /// relative (see [`parse_with_base`]); `None` when the item has none.
    pub url: Option<String>,
    /// Title as plain text (markup dropped, white space collapsed).
    pub title: Option<String>,
    /// Publication date as `YYYY-MM-DD` (the update date when no publication date is given),
    /// as the feed writes it, without time-zone conversion.
    pub published: Option<String>,
    /// Summary (RSS `description`, Atom `summary`, JSON Feed `summary`) as plain text.
    pub summary: Option<String>,
}

/// A feed to follow: one `[[feed]]` table of a feed list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSpec {
    /// The feed's URL (http or https).
    pub url: String,
    /// The outlet's name, when given.
    pub name: Option<String>,
    /// How often to poll it, when given.
    pub every: Option<Duration>,
    /// The area the outlet mostly reports on ("Texas, US"), when given; else the store
    /// learns it from the outlet's reports.
    pub home: Option<String>,
}

/// The feeds `wirewatch follow` reads, in the order the file lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedList {
    /// The feeds; never empty, no URL twice.
    pub feeds: Vec<FeedSpec>,
}

/// Why a feed or a feed list could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The document is not a feed this parser reads (or is too broken to read).
    #[error("not a feed: {reason}")]
    NotAFeed {
        /// The parser's reason.
        reason: String,
    },
    /// A feed list is wrong.
    #[error("{file}: {reason}")]
    FeedList {
        /// The file, as named by the caller.
        file: String,
        /// What is wrong, with TOML's line and column when the TOML itself is wrong.
        reason: String,
    },
}

/// The items of a feed document (RSS 0.9x/1.0/2.0, Atom, JSON Feed), in document order.
/// Items without a link are kept (`url: None`). A document that is none of these, or too
/// broken to read, is [`FeedError::NotAFeed`].
pub fn parse(bytes: &[u8]) -> Result<Vec<FeedItem>, FeedError> {
    parse_with_base(bytes, None)
}

/// As [`parse`], with `base_url` (usually the URL the feed was fetched from) as the base of
/// relative links: they resolve against the document's `xml:base`, else `base_url`, else the
/// feed's own link. A `base_url` that is not an absolute URL is ignored.
pub fn parse_with_base(bytes: &[u8], base_url: Option<&str>) -> Result<Vec<FeedItem>, FeedError> {
    let base = base_url.and_then(|b| url::Url::parse(b).ok());
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        feed_rs::parser::Builder::new()
            .base_uri(base.as_ref().map(url::Url::as_str))
            // Ids are assigned below, the way FeedItem::id says.
            .id_generator(|_, _, _| String::new())
            .timestamp_parser(date_as_written)
            .build()
            .parse(bytes)
    }));
    let feed = match parsed {
        Ok(Ok(feed)) => feed,
        Ok(Err(e)) => {
            return Err(FeedError::NotAFeed {
                reason: e.to_string(),
            })
        }
        Err(_) => {
            return Err(FeedError::NotAFeed {
                reason: "the feed parser failed on this document".to_string(),
            })
        }
    };
    let feed_link = pick_link(&feed.links)
        .and_then(|href| url::Url::parse(href).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    let base = base.or(feed_link);
    Ok(feed
        .entries
        .iter()
        .map(|entry| item_of(entry, base.as_ref()))
        .collect())
}

fn item_of(entry: &feed_rs::model::Entry, base: Option<&url::Url>) -> FeedItem {
    let url = pick_link(&entry.links).map(|href| absolute(href, base));
    let title = entry.title.as_ref().and_then(|t| plain_text(&t.content));
    let summary = entry.summary.as_ref().and_then(|t| plain_text(&t.content));
    let published = entry
        .published
        .or(entry.updated)
        .map(|d| d.format("%Y-%m-%d").to_string());
    let own_id = entry.id.trim();
    let id = if !own_id.is_empty() {
        own_id.to_string()
    } else if let Some(url) = &url {
        url.clone()
    } else {
        let mut hasher = Sha256::new();
        for part in [&title, &url] {
            hasher.update(part.as_deref().unwrap_or("").as_bytes());
            hasher.update([0]);
        }
        if title.is_none() {
            for part in [&summary, &published] {
                hasher.update(part.as_deref().unwrap_or("").as_bytes());
                hasher.update([0]);
            }
        }
        let digest = hasher.finalize();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    };
    FeedItem {
        id,
        url,
        title,
        published,
        summary,
    }
}

/// The link of an item or feed: the first `alternate` one (or one without `rel`), else the
/// first that is not `self`, else the first; `None` when there is none with an address.
fn pick_link(links: &[feed_rs::model::Link]) -> Option<&str> {
    let usable = || links.iter().filter(|l| !l.href.trim().is_empty());
    usable()
        .find(|l| {
            l.rel
                .as_deref()
                .is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
        })
        .or_else(|| usable().find(|l| l.rel.as_deref() != Some("self")))
        .or_else(|| usable().next())
        .map(|l| l.href.trim())
}

/// `href` made absolute against `base` when it is relative and a base is known.
fn absolute(href: &str, base: Option<&url::Url>) -> String {
    match (url::Url::parse(href), base) {
        (Ok(u), _) => u.to_string(),
        (Err(url::ParseError::RelativeUrlWithoutBase), Some(base)) => base
            .join(href)
            .map_or_else(|_| href.to_string(), |u| u.to_string()),
        _ => href.to_string(),
    }
}

/// A feed text as plain text: markup dropped when it is HTML or looks like it, white space
/// collapsed; `None` when nothing is left.
fn plain_text(content: &str) -> Option<String> {
    // Feeds mark their text types unreliably (RSS says nothing): markup or entities left after
    // XML parsing mean HTML.
    let html = content.contains('<') || content.contains('&');
    let plain = if !html {
        collapse_ws(content)
    } else if content.matches('<').count() > MAX_FRAGMENT_TAGS {
        collapse_ws(&strip_tags(content))
    } else {
        blocks_of_fragment(content)
            .into_iter()
            .map(|b| b.text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    (!plain.is_empty()).then_some(plain)
}

/// Text with everything between `<` and `>` replaced by a space (no entity decoding).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Timestamp parser for feed-rs: the date as written (see [`crate::html::normalize_date`]), at
/// midnight, so that formatting it gives back that date whatever the time zone was.
fn date_as_written(text: &str) -> Option<DateTime<Utc>> {
    let ymd = crate::html::normalize_date(text)?;
    let date = NaiveDate::parse_from_str(&ymd, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    #[serde(default)]
    feed: Vec<RawFeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: String,
    name: Option<String>,
    every: Option<String>,
    home: Option<String>,
}

/// Reads a feed list (TOML, `[[feed]]` tables with `url`, optional `name`, `every` and
/// `home`). `file` names the file in errors. Wrong: TOML that does not parse, an unknown key
/// or table, a missing `url`, a URL that is not http(s), an `every` that [`parse_duration`]
/// refuses, an empty `name` or `home`, the same URL twice, and a list with no feed at all.
pub fn parse_feed_list(file: &str, text: &str) -> Result<FeedList, FeedError> {
    let wrong = |reason: String| FeedError::FeedList {
        file: file.to_string(),
        reason,
    };
    let raw: RawList = toml::from_str(text).map_err(|e| wrong(toml_error(text, &e)))?;
    if raw.feed.is_empty() {
        return Err(wrong(
            "no feeds: add a [[feed]] table with a url for each feed".to_string(),
        ));
    }
    let mut feeds = Vec::with_capacity(raw.feed.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in raw.feed.into_iter().enumerate() {
        let n = i + 1;
        let url = raw.url.trim();
        let parsed = url::Url::parse(url)
            .map_err(|e| wrong(format!("feed {n}: url {url:?} is not a valid URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(wrong(format!(
                "feed {n}: url {url:?} is not an http or https URL"
            )));
        }
        if let Some(first) = seen.insert(parsed.to_string(), n) {
            return Err(wrong(format!(
                "feed {n}: url {url:?} is already feed {first}"
            )));
        }
        let name = match raw.name {
            Some(name) if name.trim().is_empty() => {
                return Err(wrong(format!("feed {n} ({url}): name is empty")))
            }
            name => name.map(|s| s.trim().to_string()),
        };
        let home = match raw.home {
            Some(home) if home.trim().is_empty() => {
                return Err(wrong(format!("feed {n} ({url}): home is empty")))
            }
            home => home.map(|s| s.trim().to_string()),
        };
        let every = raw
            .every
            .map(|e| parse_duration(&e))
            .transpose()
            .map_err(|e| wrong(format!("feed {n} ({url}): every: {e}")))?;
        feeds.push(FeedSpec {
            url: url.to_string(),
            name,
            every,
            home,
        });
    }
    Ok(FeedList { feeds })
}

/// A TOML error on one line: `line L, column C: message`.
fn toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    let Some(mut at) = error.span().map(|s| s.start.min(text.len())) else {
        return message;
    };
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("line {line}, column {column}: {message}")
}

/// Parses a polling interval: one or more numbers each followed by a unit, `d`, `h`, `m` or
/// `s`, units from largest to smallest, each at most once (`"90s"`, `"15m"`, `"1h"`,
/// `"2h30m"`, `"1d12h"`). Refused: an empty string, a number without unit (`"0"`, `"15"`), a
/// sign (`"-5m"`), other units or characters, a total of zero, and one too large to count.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let text = s.trim();
    if text.is_empty() {
        return Err("empty duration (write e.g. \"15m\", \"1h\", \"90s\", \"2h30m\")".to_string());
    }
    let bad = |why: &str| {
        format!("{s:?} is not a duration: {why} (write e.g. \"15m\", \"1h\", \"90s\", \"2h30m\")")
    };
    const UNITS: [(char, u64); 4] = [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];
    let mut total: u64 = 0;
    let mut last_unit = None::<usize>;
    let mut chars = text.chars().peekable();
    while chars.peek().is_some() {
        let mut digits = String::new();
        while let Some(c) = chars.peek().copied().filter(char::is_ascii_digit) {
            digits.push(c);
            chars.next();
        }
        if digits.is_empty() {
            return Err(bad(match chars.peek() {
                Some('-') => "negative",
                Some(_) => "expected a number",
                None => "nothing to read",
            }));
        }
        let unit = chars
            .next()
            .ok_or_else(|| bad("a number needs a unit: d, h, m or s"))?;
        let index = UNITS
            .iter()
            .position(|(u, _)| *u == unit.to_ascii_lowercase())
            .ok_or_else(|| bad(&format!("unknown unit {unit:?} (use d, h, m or s)")))?;
        if last_unit.is_some_and(|last| index <= last) {
            return Err(bad("units must go from largest to smallest, each once"));
        }
        last_unit = Some(index);
        let amount: u64 = digits.parse().map_err(|_| bad("number too large"))?;
        total = amount
            .checked_mul(UNITS[index].1)
            .and_then(|secs| total.checked_add(secs))
            .ok_or_else(|| bad("too large"))?;
    }
    if total == 0 {
        return Err(bad("it must be longer than zero"));
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_written() {
        let d = |s| date_as_written(s).map(|d| d.format("%Y-%m-%d").to_string());
        assert_eq!(
            d("Tue, 03 Jun 2025 23:30:00 -0400").as_deref(),
            Some("2025-06-03")
        );
        assert_eq!(
            d("2025-06-03T23:30:00-04:00").as_deref(),
            Some("2025-06-03")
        );
        assert_eq!(d("yesterday"), None);
    }

    #[test]
    fn html_fragments_to_text() {
        assert_eq!(
            plain_text("<p>One &amp; <b>two</b></p><p>three</p>").as_deref(),
            Some("One & two three")
        );
        assert_eq!(plain_text("  \n "), None);
        let many = "<i>x</i>".repeat(MAX_FRAGMENT_TAGS);
        assert!(plain_text(&many).is_some_and(|t| t.starts_with("x x")));
    }
}
