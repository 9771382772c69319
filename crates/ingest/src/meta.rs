//! Page metadata: title, author, publication date, canonical URL, site name, language.

use std::sync::OnceLock;

use dom_query::Document;
use regex::Regex;
use serde_json::Value;

use crate::html::{without_site_name, Article};
use crate::text::collapse_ws;

/// `<meta>` tags as (lower-case key, content) pairs, the key taken from `property`, `name`,
/// `itemprop` or `http-equiv`.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(doc: &Document) -> MetaTags {
        let mut tags = Vec::new();
        for node in doc.select("meta").nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            let content = collapse_ws(&content);
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(key) = node.attr(attr) {
                    let key = key.trim().to_ascii_lowercase();
                    if !key.is_empty() {
                        tags.push((key, content.clone()));
                    }
                }
            }
        }
        MetaTags(tags)
    }

    /// Contents for `key`, in page order.
    fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// First content among `keys`, in the order of `keys`.
    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .find_map(|k| self.all(k).next())
            .map(str::to_owned)
    }
}

/// The fields of the page's JSON-LD article object (or of any object that has them).
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    date_published: Vec<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    language: Option<String>,
}

const ARTICLE_TYPES: [&str; 6] = [
    "article",
    "blogposting",
    "report",
    "liveblogposting",
    "posting",
    "review",
];

fn is_article_type(value: &Value) -> bool {
    let matches = |t: &str| {
        let t = t.to_ascii_lowercase();
        ARTICLE_TYPES.iter().any(|a| t.ends_with(a))
    };
    match value {
        Value::String(s) => matches(s),
        Value::Array(items) => items.iter().any(|v| v.as_str().is_some_and(matches)),
        _ => false,
    }
}

/// Every JSON object in `value`, depth first (arrays and `@graph` included), without recursion.
fn objects(value: &Value) -> Vec<&serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                out.push(map);
                if let Some(graph) = map.get("@graph") {
                    stack.push(graph);
                }
            }
            Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    out
}

/// Names in a JSON-LD `author`/`publisher` value: a string, an object with `name`, or a list.
fn names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => push_name(s, out),
        Value::Object(map) => {
            if let Some(Value::String(s)) = map.get("name") {
                push_name(s, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                if !item.is_array() {
                    names(item, out);
                }
            }
        }
        _ => {}
    }
}

fn push_name(raw: &str, out: &mut Vec<String>) {
    if let Some(name) = clean_author(raw) {
        if !out.contains(&name) {
            out.push(name);
        }
    }
}

fn string_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(collapse_ws(s)).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Parse a JSON-LD script, forgiving the usual wrappers (HTML comments, CDATA, a trailing `;`).
fn parse_json_ld(raw: &str) -> Option<Value> {
    if let Ok(v) = serde_json::from_str(raw) {
        return Some(v);
    }
    let mut s = raw.trim();
    for prefix in ["<!--", "//<![CDATA[", "<![CDATA["] {
        s = s.strip_prefix(prefix).unwrap_or(s).trim();
    }
    for suffix in ["-->", "//]]>", "]]>", ";"] {
        s = s.strip_suffix(suffix).unwrap_or(s).trim();
    }
    serde_json::from_str(s).ok()
}

impl JsonLd {
    fn read(doc: &Document) -> JsonLd {
        let mut values = Vec::new();
        for node in doc.select("script").nodes() {
            let is_ld = node
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
            if is_ld {
                if let Some(v) = parse_json_ld(&node.text()) {
                    values.push(v);
                }
            }
        }
        let all: Vec<&serde_json::Map<String, Value>> = values.iter().flat_map(objects).collect();
        // Article objects first, then any other object, for each field.
        let ordered: Vec<&serde_json::Map<String, Value>> = all
            .iter()
            .filter(|m| m.get("@type").is_some_and(is_article_type))
            .chain(
                all.iter()
                    .filter(|m| !m.get("@type").is_some_and(is_article_type)),
            )
            .copied()
            .collect();
        let articles: Vec<&serde_json::Map<String, Value>> = ordered
            .iter()
            .filter(|m| m.get("@type").is_some_and(is_article_type))
            .copied()
            .collect();
        let mut ld = JsonLd {
            headline: articles
                .iter()
                .find_map(|m| string_of(m.get("headline")).or_else(|| string_of(m.get("name")))),
            ..JsonLd::default()
        };
        for m in &ordered {
            if let Some(d) = string_of(m.get("datePublished")) {
                ld.date_published.push(d);
            }
        }
        for m in &ordered {
            if let Some(a) = m.get("author") {
                names(a, &mut ld.authors);
                if !ld.authors.is_empty() {
                    break;
                }
            }
        }
        for m in &ordered {
            if let Some(p) = m.get("publisher") {
                let mut found = Vec::new();
                names(p, &mut found);
                if let Some(first) = found.into_iter().next() {
                    ld.publisher = Some(first);
                    break;
                }
            }
        }
        ld.language = ordered.iter().find_map(|m| string_of(m.get("inLanguage")));
        ld
    }
}

/// Tidy an author string: whitespace collapsed, a leading "By" dropped; `None` for URLs and
/// empty strings.
fn clean_author(raw: &str) -> Option<String> {
    let mut s = collapse_ws(raw);
    for prefix in ["By ", "by ", "BY "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim().to_owned();
        }
    }
    let lower = s.to_ascii_lowercase();
    if s.is_empty() || lower.starts_with("http://") || lower.starts_with("https://") {
        return None;
    }
    if lower.starts_with("www.") || s.chars().count() > 200 {
        return None;
    }
    Some(s)
}

/// A language tag as given, `_` turned into `-`; `None` unless it looks like a BCP 47 tag.
fn clean_language(raw: &str) -> Option<String> {
    let first = raw.split([',', ';']).next()?.trim().replace('_', "-");
    let valid = !first.is_empty()
        && first.len() <= 35
        && first.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
        && first
            .split('-')
            .next()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_alphabetic()));
    valid.then_some(first)
}

/// Resolve `href` against the page URL; `None` when it is neither absolute nor resolvable.
fn absolute_url(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let resolved = match base.and_then(|b| url::Url::parse(b).ok()) {
        Some(base) => base.join(href).ok(),
        None => url::Url::parse(href).ok(),
    }?;
    matches!(resolved.scheme(), "http" | "https").then(|| resolved.to_string())
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(\d{4})(?:([-/.])(\d{1,2})[-/.](\d{1,2})|(\d{2})(\d{2}))(?:$|[^\d])")
            .expect("valid date pattern")
    })
}

fn named_date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:^|[^\p{L}\d])(?:(\d{1,2})(?:st|nd|rd|th)?\.?\s+([\p{L}]{3,9})\.?,?\s+(\d{4})|([\p{L}]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))(?:$|[^\d])",
        )
        .expect("valid date pattern")
    })
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let idx = MONTHS.iter().position(|m| lower.starts_with(m))?;
    // The name must be a prefix of the month's full name ("Sept" too), nothing longer.
    let ok = full[idx].starts_with(lower.as_str()) || lower == "sept";
    ok.then_some(idx as u32 + 1)
}

fn valid_ymd(y: u32, m: u32, d: u32) -> Option<String> {
    if !(1000..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (d <= days).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Normalise a date or timestamp to `YYYY-MM-DD`.
///
/// Accepted: ISO 8601 dates and timestamps (`2019-11-19`, `2019-11-19T10:00:00-05:00`, the
/// date part is kept as written, without converting time zones), `2019/11/19`, `20191119`, and
/// dates with an English month name (`19 Nov 2019`, `Tue, 19 Nov 2019 10:00:00 GMT`,
/// `November 19, 2019`). Anything else, including ambiguous all-numeric day/month orders and
/// impossible dates, gives `None`.
pub fn normalize_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    if let Some(c) = date_re().captures(s) {
        let y: u32 = c.get(1)?.as_str().parse().ok()?;
        let (m, d) = match (c.get(3), c.get(4), c.get(5), c.get(6)) {
            (Some(m), Some(d), _, _) => (m.as_str(), d.as_str()),
            (_, _, Some(m), Some(d)) => (m.as_str(), d.as_str()),
            _ => return None,
        };
        return valid_ymd(y, m.parse().ok()?, d.parse().ok()?);
    }
    let c = named_date_re().captures(s)?;
    let (d, m, y) = match (c.get(1), c.get(2), c.get(3)) {
        (Some(d), Some(m), Some(y)) => (d, m, y),
        _ => (c.get(5)?, c.get(4)?, c.get(6)?),
    };
    valid_ymd(
        y.as_str().parse().ok()?,
        month_number(m.as_str())?,
        d.as_str().parse().ok()?,
    )
}

const DATE_KEYS: [&str; 16] = [
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
];

const AUTHOR_KEYS: [&str; 7] = [
    "author",
    "article:author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
];

fn published(doc: &Document, tags: &MetaTags, ld: &JsonLd) -> Option<String> {
    let from_meta = DATE_KEYS
        .iter()
        .flat_map(|k| tags.all(k))
        .find_map(normalize_date);
    if from_meta.is_some() {
        return from_meta;
    }
    if let Some(d) = ld.date_published.iter().find_map(|d| normalize_date(d)) {
        return Some(d);
    }
    // Microdata on any element, then <time datetime>, the ones marked as publication first.
    let marked = doc.select("[itemprop=datePublished], time[pubdate]");
    for node in marked.nodes() {
        let value = node.attr("datetime").or_else(|| node.attr("content"));
        if let Some(d) = value.as_deref().and_then(normalize_date) {
            return Some(d);
        }
    }
    doc.select("time[datetime]")
        .nodes()
        .iter()
        .find_map(|n| n.attr("datetime").as_deref().and_then(normalize_date))
}

/// Read the page's metadata into an [`Article`] whose text is still empty.
pub(crate) fn read(doc: &Document, url: Option<&str>) -> Article {
    let tags = MetaTags::read(doc);
    let ld = JsonLd::read(doc);

    let title = tags
        .first(&["og:title", "twitter:title"])
        .or_else(|| ld.headline.clone())
        .or_else(|| {
            let t = collapse_ws(&doc.select("head title").text());
            (!t.is_empty()).then_some(t)
        })
        .or_else(|| {
            let t = collapse_ws(&doc.select("title").text());
            (!t.is_empty()).then_some(t)
        });

    let mut meta_authors: Vec<String> = Vec::new();
    for key in AUTHOR_KEYS {
        for value in tags.all(key) {
            push_name(value, &mut meta_authors);
        }
        if !meta_authors.is_empty() {
            break;
        }
    }
    let authors = if meta_authors.is_empty() {
        ld.authors.clone()
    } else {
        meta_authors
    };
    let author = (!authors.is_empty()).then(|| authors.join(", "));

    let canonical = doc
        .select("link[rel][href]")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("rel").is_some_and(|rel| {
                rel.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
            })
        })
        .find_map(|n| n.attr("href").and_then(|h| absolute_url(&h, url)))
        .or_else(|| tags.all("og:url").find_map(|h| absolute_url(h, url)));

    let site_name = tags
        .first(&["og:site_name", "application-name"])
        .or_else(|| ld.publisher.clone());

    let language = doc
        .select("html[lang]")
        .nodes()
        .first()
        .and_then(|n| n.attr("lang"))
        .and_then(|l| clean_language(&l))
        .or_else(|| {
            doc.select("html[xml\\:lang]")
                .nodes()
                .first()
                .and_then(|n| n.attr("xml:lang"))
                .and_then(|l| clean_language(&l))
        })
        .or_else(|| {
            ["content-language", "language", "dc.language", "og:locale"]
                .iter()
                .flat_map(|k| tags.all(k))
                .find_map(clean_language)
        })
        .or_else(|| ld.language.as_deref().and_then(clean_language));

    Article {
        text: String::new(),
        title: title.map(|t| without_site_name(&t, site_name.as_deref()).to_string()),
        author,
        published: published(doc, &tags, &ld),
        canonical_url: canonical,
        site_name,
        language,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let cases = [
            ("2019-11-19", Some("2019-11-19")),
            ("2019-11-19T23:30:00-05:00", Some("2019-11-19")),
            (" 2019/1/9 10:00", Some("2019-01-09")),
            ("20191119", Some("2019-11-19")),
            ("Tue, 19 Nov 2019 10:00:00 GMT", Some("2019-11-19")),
            ("November 19, 2019", Some("2019-11-19")),
            ("Sept. 3rd, 2020", Some("2020-09-03")),
            ("2019-02-30", None),
            ("19/11/2019", None),
            ("yesterday", None),
            ("", None),
            ("1574168580", None),
            ("Novembre 19, 2019", None),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_date(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn languages() {
        assert_eq!(clean_language("en_US").as_deref(), Some("en-US"));
        assert_eq!(clean_language("de").as_deref(), Some("de"));
        assert_eq!(clean_language("{{lang}}"), None);
        assert_eq!(clean_language(""), None);
    }

    #[test]
    fn urls() {
        assert_eq!(
            absolute_url("/a/b", Some("https://example.org/x/y")).as_deref(),
            Some("https://example.org/a/b")
        );
        assert_eq!(absolute_url("/a/b", None), None);
        assert_eq!(absolute_url("javascript:void(0)", None), None);
    }
}
