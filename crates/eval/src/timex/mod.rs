//! Time expressions (TIMEX3): readers for two gold corpora and the TempEval-3 scorer.
//!
//! - [`timeml`] reads TimeML `.tml` files (TempEval-3's TBAQ-cleaned, TimeBank, AQUAINT).
//! - [`meantime`] reads the NewsReader MEANTIME corpus (CAT XML, `<Document>` roots).
//! - [`score`] matches a system's expressions with the gold ones as TempEval-3 does (strict and
//!   relaxed spans, then type and value on the relaxed matches).
//!
//! Both readers give [`TimeDoc`]s: plain text, its document creation time (the reference date
//! relative expressions resolve against), and the gold [`Timex`]es as character offsets into the
//! text, as wirewatch's own records count them.
//!
//! ```
//! use wirewatch_eval::timex::{timeml, score};
//!
//! let tml = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08">Jan 8</TIMEX3></DCT>
//! <TEXT>Prices fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>.</TEXT></TimeML>"#;
//! let doc = timeml::read("a.tml", tml).unwrap();
//! assert_eq!(doc.text, "Prices fell yesterday.");
//! assert_eq!((doc.timexes[0].start, doc.timexes[0].end), (12, 21));
//!
//! let scores = score::score([(&doc, doc.timexes.as_slice())]);
//! assert_eq!(scores.value.f1(), 1.0);
//! ```

use std::path::Path;

use chrono::NaiveDate;

pub mod meantime;
pub mod score;
pub mod timeml;
// The geoparsing corpora (LGL, GeoVirus) are XML too, and read with the same tree.
pub(crate) mod xml;

pub use score::{score, Mistake, MistakeKind, TimexScores};

/// One gold document: its text, creation time and time expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeDoc {
    /// The file's name without its extension.
    pub name: String,
    /// The document's text, as rebuilt by its reader.
    pub text: String,
    /// The document creation time (the date relative expressions resolve against).
    pub dct: NaiveDate,
    /// The gold time expressions, in text order.
    pub timexes: Vec<Timex>,
}

/// One TIMEX3: a span of text and its normalisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timex {
    /// First character (a Unicode scalar value index into the text).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// The TIMEX3 value (`1998-01-08`, `P1W`, `PRESENT_REF` …); `None` when absent or empty.
    pub value: Option<String>,
    /// The TIMEX3 mod (`APPROX`, `START` …); `None` when absent or empty.
    pub mod_: Option<String>,
}

/// A TimeML or MEANTIME file that could not be read.
pub type TimexError = crate::gold::GoldError;

/// Reads a `.tml` file, a MEANTIME `.xml` file, or every such file under a folder (recursively,
/// in path order, so runs are comparable).
///
/// In a folder, files with other extensions are skipped, and so are `.xml` files whose root
/// element is not `<Document>` (MEANTIME's) — including ones whose prologue is not XML, since
/// nothing says they were meant to be corpus files. A file named directly must be one of the
/// two formats.
pub fn read_path(path: impl AsRef<Path>) -> Result<Vec<TimeDoc>, TimexError> {
    let path = path.as_ref();
    let meta = std::fs::metadata(path).map_err(crate::gold::io_error(path))?;
    if !meta.is_dir() {
        return match read_file(path)? {
            Some(doc) => Ok(vec![doc]),
            None => Err(TimexError::Format {
                file: path.display().to_string(),
                line: None,
                message: "not a TimeML .tml file nor a MEANTIME .xml <Document>".into(),
            }),
        };
    }
    let mut files = crate::gold::files_under(path, &|_: &Path| true)?;
    files.sort();
    let mut docs = Vec::new();
    for file in files {
        docs.extend(read_file(&file)?);
    }
    Ok(docs)
}

/// One file, or `None` when it is neither format.
fn read_file(path: &Path) -> Result<Option<TimeDoc>, TimexError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let is_tml = ext.eq_ignore_ascii_case("tml");
    if !is_tml && !ext.eq_ignore_ascii_case("xml") {
        return Ok(None);
    }
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| TimexError::Io {
        path: name.clone(),
        source,
    })?;
    let content = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) if is_tml => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(TimexError::Format {
                file: name,
                line: Some(line),
                message: format!("not UTF-8 (byte {at})"),
            });
        }
        Err(_) => return Ok(None),
    };
    if is_tml {
        timeml::read(&name, &content).map(Some)
    } else if xml::root_name(&content).as_deref() == Some("Document") {
        meantime::read(&name, &content).map(Some)
    } else {
        Ok(None)
    }
}

/// A file's name without its folders and extension.
pub(crate) fn stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string())
}

/// A `YYYY-MM-DD` date at the start of a TIMEX3 value (`1998-01-08`, `1998-01-08T12:00`).
pub(crate) fn date_prefix(value: &str) -> Option<NaiveDate> {
    let head = value.get(..10)?;
    if !head.bytes().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    }) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// An attribute value, with an empty one counted as absent (CAT writes every attribute, empty or
/// not).
pub(crate) fn non_empty(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_values() {
        let d = NaiveDate::from_ymd_opt(1998, 1, 8);
        assert_eq!(date_prefix("1998-01-08"), d);
        assert_eq!(date_prefix("1998-01-08T12:00"), d);
        assert_eq!(date_prefix("1998-01"), None);
        assert_eq!(date_prefix("1998-13-08"), None);
        assert_eq!(date_prefix("19980108ab"), None);
        assert_eq!(date_prefix("1998-01-0é"), None);
    }

    #[test]
    fn folders_are_read_in_order_and_other_files_skipped() {
        let dir = std::env::temp_dir().join(format!("wirewatch-timex-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        let tml = |v: &str| {
            format!(
                "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{v}\">x</TIMEX3></DCT>\
                 <TEXT>Now.</TEXT></TimeML>"
            )
        };
        std::fs::write(dir.join("b.tml"), tml("2001-02-03")).unwrap();
        std::fs::write(sub.join("a.tml"), tml("2001-02-04")).unwrap();
        std::fs::write(dir.join("notes.txt"), "ignored").unwrap();
        std::fs::write(dir.join("other.xml"), "<Other/>").unwrap();
        std::fs::write(dir.join("latin1.xml"), b"<a>\xe9</a>").unwrap();
        let docs = read_path(&dir).unwrap();
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        assert!(matches!(
            read_path(dir.join("other.xml")),
            Err(TimexError::Format { .. })
        ));
        std::fs::write(dir.join("bad.tml"), b"<TimeML>\n\xff</TimeML>").unwrap();
        let err = read_path(&dir).unwrap_err().to_string();
        assert!(err.ends_with("bad.tml:2: not UTF-8 (byte 9)"), "{err}");
        assert!(matches!(
            read_path(dir.join("missing")),
            Err(TimexError::Io { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
