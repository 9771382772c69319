//! TimeML 1.2 (`.tml`), as TempEval-3 distributes TimeBank and AQUAINT (TBAQ-cleaned).
//!
//! The text is the content of `<TEXT>` with every tag inside removed (EVENT, TIMEX3, SIGNAL …)
//! and entities decoded, white space kept as it is, so offsets count characters of exactly what
//! the annotators saw. The gold is every TIMEX3 inside `<TEXT>`; the document creation time is
//! the TIMEX3 in `<DCT>`, outside the text, and is not gold.

use super::xml::{self, Element, Node};
use super::{date_prefix, non_empty, stem, TimeDoc, Timex, TimexError};

/// Reads one TimeML document; `file` names it in errors, and its stem names the document.
pub fn read(file: &str, content: &str) -> Result<TimeDoc, TimexError> {
    let error = |line: Option<usize>, message: String| TimexError::Format {
        file: file.to_string(),
        line,
        message,
    };
    let root = xml::parse(file, content)?;
    let dct_timex = root
        .child("DCT")
        .and_then(|d| d.child("TIMEX3"))
        .ok_or_else(|| error(Some(root.line), "no <DCT> with a <TIMEX3>".into()))?;
    let dct_value = dct_timex.attr("value").unwrap_or("");
    let dct = date_prefix(dct_value).ok_or_else(|| {
        error(
            Some(dct_timex.line),
            format!("the DCT's value {dct_value:?} does not start with a YYYY-MM-DD date"),
        )
    })?;
    let text_element = root
        .child("TEXT")
        .ok_or_else(|| error(Some(root.line), "no <TEXT> element".into()))?;
    let mut walk = Walk {
        file,
        text: String::new(),
        chars: 0,
        timexes: Vec::new(),
    };
    walk.element(text_element)?;
    // A TIMEX3 is pushed when it closes, so an outer one would follow the inner one.
    walk.timexes
        .sort_by_key(|t| (t.start, std::cmp::Reverse(t.end)));
    Ok(TimeDoc {
        name: stem(file),
        text: walk.text,
        dct,
        timexes: walk.timexes,
    })
}

struct Walk<'a> {
    file: &'a str,
    text: String,
    /// Characters in `text` so far (offsets are in characters, not bytes).
    chars: usize,
    timexes: Vec<Timex>,
}

impl Walk<'_> {
    fn element(&mut self, e: &Element) -> Result<(), TimexError> {
        let start = self.chars;
        for child in &e.children {
            match child {
                Node::Text(t) => {
                    self.text.push_str(t);
                    self.chars += t.chars().count();
                }
                Node::Element(c) => self.element(c)?,
            }
        }
        if e.name == "TIMEX3" {
            let kind = non_empty(e.attr("type")).ok_or_else(|| TimexError::Format {
                file: self.file.to_string(),
                line: Some(e.line),
                message: "a TIMEX3 without a type".into(),
            })?;
            self.timexes.push(Timex {
                start,
                end: self.chars,
                kind,
                value: non_empty(e.attr("value")),
                mod_: non_empty(e.attr("mod")),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn doc(dct: &str, text: &str) -> String {
        format!(
            "<?xml version=\"1.0\" ?>\n<TimeML>\n<DOCID>X1</DOCID>\n\
             <DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{dct}\" functionInDocument=\"CREATION_TIME\">x</TIMEX3></DCT>\n\
             <TITLE>A title</TITLE>\n<TEXT>{text}</TEXT>\n\
             <TLINK lid=\"l1\" relType=\"BEFORE\" timeID=\"t1\" relatedToTime=\"t0\"/>\n</TimeML>\n"
        )
    }

    fn span(d: &TimeDoc, t: &Timex) -> String {
        d.text.chars().skip(t.start).take(t.end - t.start).collect()
    }

    #[test]
    fn text_without_tags_and_timexes_as_char_offsets() {
        let text = "\nThe café &amp; bar <EVENT eid=\"e1\" class=\"OCCURRENCE\">closed</EVENT> \
                    <SIGNAL sid=\"s1\">on</SIGNAL> <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2003-03-01\" mod=\"START\">\
                    early March</TIMEX3>; &quot;Zürich&quot; &lt;&#233;&#x263A;&gt; for \
                    <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P2D\" mod=\"\">two days</TIMEX3>.\n";
        let d = read("x.tml", &doc("2003-03-04T09:15", text)).unwrap();
        assert_eq!(
            d.text,
            "\nThe café & bar closed on early March; \"Zürich\" <é☺> for two days.\n"
        );
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(2003, 3, 4).unwrap());
        assert_eq!(d.timexes.len(), 2, "the DCT is not gold");
        let (a, b) = (&d.timexes[0], &d.timexes[1]);
        assert_eq!((a.start, a.end), (26, 37));
        assert_eq!(span(&d, a), "early March");
        assert_eq!(a.kind, "DATE");
        assert_eq!(a.value.as_deref(), Some("2003-03-01"));
        assert_eq!(a.mod_.as_deref(), Some("START"));
        assert_eq!(span(&d, b), "two days");
        assert_eq!(
            (b.kind.as_str(), b.value.as_deref()),
            ("DURATION", Some("P2D"))
        );
        assert_eq!(b.mod_, None, "an empty mod is no mod");
    }

    #[test]
    fn nested_timexes_keep_text_order() {
        let text = "From <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1999\">the summer of \
                    <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"1999\">1999</TIMEX3></TIMEX3> on.";
        let d = read("x.tml", &doc("1999-12-31", text)).unwrap();
        let spans: Vec<(usize, usize)> = d.timexes.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(spans, [(5, 23), (19, 23)]);
    }

    #[test]
    fn malformed_documents_are_errors_with_lines() {
        let cases = [
            (
                doc("1998-01-08", "A <TIMEX3 tid=\"t1\">week</TIMEX3>."),
                "a TIMEX3 without a type",
            ),
            (
                doc("soon", "Text."),
                "does not start with a YYYY-MM-DD date",
            ),
            (
                doc("1998-01-08", "A <EVENT>week</TIMEX3>."),
                "malformed XML",
            ),
            (doc("1998-01-08", "Tom &amp Jerry"), "malformed XML"),
            ("<TimeML><TEXT>x</TEXT></TimeML>".into(), "no <DCT>"),
            (
                "<TimeML><DCT><TIMEX3 type=\"DATE\" value=\"2000-01-01\"/></DCT></TimeML>".into(),
                "no <TEXT>",
            ),
            ("<TimeML><TEXT>x".into(), "never closed"),
        ];
        for (xml, want) in cases {
            let err = read("bad.tml", &xml).unwrap_err().to_string();
            assert!(err.starts_with("bad.tml:"), "{err}");
            assert!(err.contains(want), "{err} (wanted {want:?})");
        }
        let err = read(
            "bad.tml",
            &doc("1998-01-08", "A <TIMEX3 tid=\"t1\">week</TIMEX3>."),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("bad.tml:6:"), "{err}");
    }
}
