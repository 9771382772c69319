//! Reading reports: text files, stdin and JSON lines, with errors that name file and line.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;
use wirewatch::doc::PublishedSource;
use wirewatch::Input;

/// Reports larger than this are refused: offsets are 32-bit inside the pipeline.
pub const MAX_BYTES: usize = wirewatch::MAX_TEXT_BYTES;

/// Reads a whole file (or stdin for `-`) as bytes; a `.gz` file is decompressed (at most
/// [`MAX_BYTES`] of it).
pub fn read_all(path: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("cannot read {path}"))?;
        open_maybe_gzip(path, file)
            .take(MAX_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {path}"))?;
    }
    Ok(bytes)
}

/// A reader of a file's content, decompressing it when its name ends in `.gz`.
pub fn open_maybe_gzip(path: &str, file: std::fs::File) -> Box<dyn Read> {
    if is_gzip(path) {
        Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
            file,
        )))
    } else {
        Box::new(file)
    }
}

fn is_gzip(path: &str) -> bool {
    Path::new(path).extension().is_some_and(|e| e == "gz")
}

/// The extension that says what a file holds, looking through `.gz` ("a.jsonl.gz" → "jsonl").
pub fn content_extension(path: &str) -> Option<String> {
    let name = Path::new(path)
        .file_name()?
        .to_string_lossy()
        .to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
}

/// Checks that bytes are text we can analyse and returns it.
pub fn as_text(name: &str, bytes: Vec<u8>) -> Result<String> {
    if bytes.len() > MAX_BYTES {
        bail!(
            "{name}: {} bytes is more than the {} a single report may have",
            bytes.len(),
            MAX_BYTES
        );
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        bail!("{name}:{line}: NUL byte at offset {at}; this looks like a binary file, not text");
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        anyhow::anyhow!(
            "{name}:{line}: invalid UTF-8 at byte offset {at}; convert the file to UTF-8 first"
        )
    })
}

/// One JSON line.
#[derive(Debug, Deserialize)]
struct JsonReport {
    text: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    home: Option<String>,
}

/// Parses a reference date: `YYYY-MM-DD`, or an RFC 3339 / ISO 8601 time stamp whose date part
/// is taken as written.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    let date_part = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(date_part, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10 || s[10..].starts_with(['T', ' ', 't']))
        .ok_or_else(|| format!("{s:?} is not a date; write it as YYYY-MM-DD (e.g. 2015-01-16)"))
}

/// Parses one JSON line into an input.
pub fn parse_json_line(line: &str) -> Result<Input, String> {
    let report: JsonReport = serde_json::from_str(line).map_err(|e| {
        let msg = e.to_string();
        if msg.contains("missing field `text`") {
            "the object has no \"text\" field".to_string()
        } else {
            format!("not a JSON report object: {msg}")
        }
    })?;
    let published = match report.published.as_deref() {
        None | Some("") => None,
        Some(p) => Some(parse_date(p).map_err(|e| format!("\"published\": {e}"))?),
    };
    Ok(Input {
        text: report.text,
        published,
        published_source: PublishedSource::Metadata,
        url: report.url,
        title: report.title,
        outlet: report.outlet,
        home: report.home,
    })
}

/// The display name of an input path.
pub fn display(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// True when the path names an HTML page (`.html`, `.htm`, also gzipped).
pub fn looks_like_html(path: &str) -> bool {
    matches!(
        content_extension(path).as_deref(),
        Some("html" | "htm" | "xhtml")
    )
}

/// Decodes an HTML page's bytes: UTF-8 when they are, else the charset the page declares,
/// else Windows-1252 (what browsers assume of old pages).
pub fn decode_html(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let declared = head.find("charset=").and_then(|at| {
        let rest = head[at + 8..].trim_start_matches(['"', '\'']);
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))?;
        encoding_rs::Encoding::for_label(&rest.as_bytes()[..end])
    });
    let encoding = declared.unwrap_or(encoding_rs::WINDOWS_1252);
    encoding.decode(bytes).0.into_owned()
}

/// The report in an HTML page: its article text and what the page says of itself.
pub fn html_input(bytes: &[u8]) -> Input {
    let article = wirewatch_ingest::html::extract(&decode_html(bytes), None);
    let published = article
        .published
        .as_deref()
        .and_then(|p| parse_date(p).ok());
    Input {
        text: article.text,
        published,
        published_source: PublishedSource::Metadata,
        url: article.canonical_url,
        title: article.title,
        outlet: article.site_name,
        home: None,
    }
}

/// True for an http(s) address.
pub fn is_url(path: &str) -> bool {
    path.starts_with("http://") || path.starts_with("https://")
}

/// True when a fetched document is a feed rather than a page (by its content type, else by
/// its first bytes).
pub fn looks_like_feed(fetched: &wirewatch_ingest::fetch::Fetched) -> bool {
    match fetched.content_type.as_deref() {
        Some(t)
            if t.contains("rss")
                || t.contains("atom")
                || t.ends_with("/xml")
                || t.contains("feed+json") =>
        {
            true
        }
        Some(t) if t.contains("html") => false,
        _ => {
            let head = String::from_utf8_lossy(&fetched.body[..fetched.body.len().min(512)])
                .to_lowercase();
            head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
        }
    }
}

/// The report in a fetched page: an HTML page's article and metadata, or plain text.
pub fn fetched_input(fetched: &wirewatch_ingest::fetch::Fetched) -> Input {
    let text = wirewatch_ingest::fetch::decode(fetched);
    let html = fetched
        .content_type
        .as_deref()
        .is_none_or(|t| t.contains("html"));
    let mut input = if html {
        html_input(text.as_bytes())
    } else {
        Input::text(text)
    };
    if input.url.is_none() {
        input.url = Some(fetched.url.clone());
    }
    input
}

/// The report behind a feed item, from its fetched page; the item's title and date stand in
/// for what the page lacks, and the feed's name for the outlet.
pub fn item_input(
    page: &wirewatch_ingest::fetch::Fetched,
    item: &wirewatch_ingest::feeds::FeedItem,
    outlet: Option<&str>,
) -> Input {
    let mut input = fetched_input(page);
    if input.title.is_none() {
        input.title.clone_from(&item.title);
    }
    if input.published.is_none() {
        input.published = item.published.as_deref().and_then(|d| parse_date(d).ok());
    }
    if input.outlet.is_none() {
        input.outlet = outlet.map(str::to_string);
    }
    input
}

/// True when the path names JSON lines (`.jsonl`, `.ndjson`, also gzipped).
pub fn looks_like_jsonl(path: &str) -> bool {
    matches!(content_extension(path).as_deref(), Some("jsonl" | "ndjson"))
}

/// Parses a `.json` file: one report object, or an array of them. Each element's error names
/// its index.
pub fn parse_json_file(text: &str) -> Result<Vec<Result<Input, String>>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        object @ serde_json::Value::Object(_) => vec![object],
        _ => return Err("expected a report object or an array of them".into()),
    };
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| parse_json_line(&item.to_string()).map_err(|e| format!("item {i}: {e}")))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2015-01-16").unwrap(),
            NaiveDate::from_ymd_opt(2015, 1, 16).unwrap()
        );
        assert_eq!(
            parse_date("2015-01-16T08:30:00Z").unwrap(),
            NaiveDate::from_ymd_opt(2015, 1, 16).unwrap()
        );
        assert!(parse_date("16/01/2015").is_err());
        assert!(parse_date("2015-02-30").is_err());
        assert!(parse_date("2015-01-16x").is_err());
    }

    #[test]
    fn json_lines() {
        let i =
            parse_json_line(r#"{"text": "Hi.", "published": "2009-05-01", "extra": 1}"#).unwrap();
        assert_eq!(i.text, "Hi.");
        assert_eq!(i.published_source, PublishedSource::Metadata);
        assert_eq!(
            parse_json_line(r#"{"title": "x"}"#).unwrap_err(),
            "the object has no \"text\" field"
        );
        assert!(parse_json_line("{not json")
            .unwrap_err()
            .starts_with("not a JSON report object"));
        assert!(parse_json_line(r#"{"text": "x", "published": "May 1"}"#)
            .unwrap_err()
            .starts_with("\"published\""));
    }

    #[test]
    fn html_in_other_charsets() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Caf\xe9</body></html>";
        assert!(decode_html(latin1).contains("Café"));
        let undeclared = b"<p>\x93Quoted\x94</p>";
        assert!(
            decode_html(undeclared).contains("\u{201c}Quoted\u{201d}"),
            "Windows-1252"
        );
        assert_eq!(decode_html("<p>Kabul’s</p>".as_bytes()), "<p>Kabul’s</p>");
    }

    #[test]
    fn binary_and_bad_encoding_are_refused_with_a_line() {
        let e = as_text("f.txt", b"one\ntwo\0".to_vec())
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "f.txt:2: NUL byte at offset 7; this looks like a binary file, not text"
        );
        let e = as_text("f.txt", b"a\n\nb\xff".to_vec())
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("f.txt:3: invalid UTF-8 at byte offset 4"),
            "{e}"
        );
    }
}
