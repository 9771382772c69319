//! The NewsReader MEANTIME corpus (CAT XML: a `<Document>` of `<token>`s and `<Markables>`).
//!
//! CAT files hold tokens, not text, so the text is rebuilt: one line per sentence, tokens joined
//! by one space except where [`detokenize`] says English puts none. Only an article's first
//! sentences were annotated (headline, date line and four more; nothing is marked after them), so
//! the text stops after the last sentence that has a markable: the rest would make every time a
//! system finds there count as spurious. The gold is each
//! `<Markables>/<TIMEX3>` anchored to tokens (its span runs from the first anchored token to the
//! last). TIMEX3s without anchors are instances inferred by the annotators, not text, and are
//! skipped.
//!
//! The document creation time is the TIMEX3 whose `functionInDocument` is `CREATION_TIME`. In
//! these Wikinews articles it is anchored to the date line under the headline, so it is text
//! and stays gold. A few files mark no creation time; there the date line's TIMEX3 plays that
//! role, so the first anchored DATE whose value is a full date is taken.

use std::collections::HashMap;

use super::xml::{self, Element};
use super::{date_prefix, non_empty, stem, TimeDoc, Timex, TimexError};

/// Reads one MEANTIME document; `file` names it in errors, and its stem names the document.
pub fn read(file: &str, content: &str) -> Result<TimeDoc, TimexError> {
    let error = |line: usize, message: String| TimexError::Format {
        file: file.to_string(),
        line: Some(line),
        message,
    };
    let root = xml::parse(file, content)?;
    if root.name != "Document" {
        return Err(error(
            root.line,
            format!("the root is <{}>, not <Document>", root.name),
        ));
    }
    let mut tokens = Vec::new();
    for t in root.elements().filter(|e| e.name == "token") {
        let number = |name: &str| {
            t.attr(name)
                .and_then(|v| v.trim().parse::<usize>().ok())
                .ok_or_else(|| error(t.line, format!("a <token> without a numeric {name}")))
        };
        let id = non_empty(t.attr("t_id"))
            .ok_or_else(|| error(t.line, "a <token> without a t_id".into()))?;
        tokens.push(Token {
            id,
            sentence: number("sentence")?,
            number: number("number")?,
            text: t.text(),
            line: t.line,
        });
    }
    tokens.sort_by_key(|t| t.number);
    let mut sentence_of = HashMap::new();
    for t in &tokens {
        if sentence_of.insert(t.id.as_str(), t.sentence).is_some() {
            return Err(error(t.line, format!("t_id {} is used twice", t.id)));
        }
    }
    // Only the first sentences of each article were annotated (the headline, the date line and
    // four more in the English files); later ones hold unmarked times that would count against a
    // system as spurious. The text ends with the last sentence any markable is anchored in.
    let last_annotated = root
        .elements()
        .filter(|e| e.name == "Markables")
        .flat_map(|m| m.elements())
        .flat_map(|m| m.elements().filter(|e| e.name == "token_anchor"))
        .filter_map(|a| sentence_of.get(a.attr("t_id").unwrap_or("").trim()))
        .max()
        .copied();
    if let Some(last) = last_annotated {
        tokens.retain(|t| t.sentence <= last);
    }
    let words: Vec<(usize, &str)> = tokens
        .iter()
        .map(|t| (t.sentence, t.text.as_str()))
        .collect();
    let (text, spans) = detokenize(&words);
    let by_id: HashMap<&str, usize> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();

    let mut timexes = Vec::new();
    let mut creation: Option<&Element> = None;
    let markables = root.elements().filter(|e| e.name == "Markables");
    for m in markables.flat_map(|m| m.elements().filter(|e| e.name == "TIMEX3")) {
        if creation.is_none() && m.attr("functionInDocument") == Some("CREATION_TIME") {
            creation = Some(m);
        }
        let mut span: Option<(usize, usize)> = None;
        for anchor in m.elements().filter(|e| e.name == "token_anchor") {
            let id = anchor.attr("t_id").unwrap_or("");
            let &i = by_id.get(id.trim()).ok_or_else(|| {
                error(
                    anchor.line,
                    format!("token_anchor t_id {id:?} names no token"),
                )
            })?;
            let (s, e) = spans[i];
            span = Some(span.map_or((s, e), |(a, b)| (a.min(s), b.max(e))));
        }
        let Some((start, end)) = span else {
            continue;
        };
        let kind = non_empty(m.attr("type"))
            .ok_or_else(|| error(m.line, "a TIMEX3 without a type".into()))?;
        timexes.push(Timex {
            start,
            end,
            kind,
            value: non_empty(m.attr("value")),
            mod_: non_empty(m.attr("mod")),
        });
    }
    timexes.sort_by_key(|t| (t.start, std::cmp::Reverse(t.end)));

    let dct = match creation {
        Some(c) => {
            let value = c.attr("value").unwrap_or("");
            date_prefix(value).ok_or_else(|| {
                error(
                    c.line,
                    format!("the creation time's value {value:?} is not a YYYY-MM-DD date"),
                )
            })?
        }
        None => timexes
            .iter()
            .filter(|t| t.kind == "DATE")
            .find_map(|t| t.value.as_deref().and_then(date_prefix))
            .ok_or_else(|| {
                error(
                    root.line,
                    "no CREATION_TIME TIMEX3 and no anchored full date to stand for it".into(),
                )
            })?,
    };
    Ok(TimeDoc {
        name: stem(file),
        text,
        dct,
        timexes,
    })
}

struct Token {
    id: String,
    sentence: usize,
    number: usize,
    text: String,
    line: usize,
}

/// Joins `(sentence, token)` pairs into text: a new line where the sentence changes, else one
/// space, except none before closing punctuation and clitics (`. , ; : ! ? ) ] } % … '' ” ’ 's
/// n't 're …`) and none after opening brackets, quotes and currency signs (`( [ { `` “ ‘ $ £ €`).
/// A straight `"` opens and closes in turn within a sentence. Returns the text and each token's
/// span in characters, end exclusive.
pub fn detokenize(tokens: &[(usize, &str)]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut chars = 0;
    let mut spans = Vec::with_capacity(tokens.len());
    let mut prev: Option<(usize, &str)> = None;
    let mut quote_open = false;
    for &(sentence, word) in tokens {
        let straight_quote = word == "\"";
        if let Some((prev_sentence, prev_word)) = prev {
            if prev_sentence != sentence {
                text.push('\n');
                chars += 1;
                quote_open = false;
            } else if !word.is_empty()
                && !closes(word, straight_quote && quote_open)
                && !opens(prev_word)
            {
                text.push(' ');
                chars += 1;
            }
        }
        if straight_quote {
            quote_open = !quote_open;
        }
        let start = chars;
        text.push_str(word);
        chars += word.chars().count();
        spans.push((start, chars));
        if !word.is_empty() {
            prev = Some((
                sentence,
                if straight_quote && quote_open {
                    "``"
                } else {
                    word
                },
            ));
        } else if prev.is_none_or(|(s, _)| s != sentence) {
            // An empty token still starts its sentence's line.
            prev = Some((sentence, "("));
        }
    }
    (text, spans)
}

fn closes(word: &str, closing_quote: bool) -> bool {
    const CLOSING: &[&str] = &[
        ".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "...", "…", "''", "'", "”", "’", "»",
    ];
    const CLITICS: &[&str] = &[
        "'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "’s", "’re", "’ve",
    ];
    closing_quote || CLOSING.contains(&word) || CLITICS.iter().any(|c| c.eq_ignore_ascii_case(word))
}

fn opens(word: &str) -> bool {
    matches!(
        word,
        "(" | "[" | "{" | "``" | "`" | "“" | "‘" | "«" | "$" | "£" | "€"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A CAT document from (sentence, token) pairs and the markables' XML.
    fn cat(tokens: &[(usize, &str)], markables: &str) -> String {
        let mut xml = String::from(
            "<?xml version=\"1.0\" ?><Document doc_id=\"1\" doc_name=\"1_Test\" lang=\"en\">\n",
        );
        for (i, (s, w)) in tokens.iter().enumerate() {
            let w = w.replace('&', "&amp;").replace('"', "&quot;");
            xml.push_str(&format!(
                "<token number=\"{i}\" sentence=\"{s}\" t_id=\"{}\">{w}</token>\n",
                i + 1
            ));
        }
        xml.push_str(&format!(
            "<Markables>\n{markables}</Markables>\n<Relations>\n</Relations>\n</Document>\n"
        ));
        xml
    }

    fn timex(attrs: &str, ids: &[usize]) -> String {
        let anchors: String = ids
            .iter()
            .map(|i| format!("<token_anchor t_id=\"{i}\"/>\n"))
            .collect();
        format!("<TIMEX3 m_id=\"9\" {attrs}>\n{anchors}</TIMEX3>\n")
    }

    fn span(d: &TimeDoc, t: &Timex) -> String {
        d.text.chars().skip(t.start).take(t.end - t.start).collect()
    }

    #[test]
    fn detokenizer() {
        let words = [
            (0, "Ça"),
            (0, "n't"),
            (0, "end"),
            (0, "("),
            (0, "really"),
            (0, ")"),
            (0, ","),
            (0, "\""),
            (0, "he"),
            (0, "\""),
            (0, "said"),
            (0, "``"),
            (0, "no"),
            (0, "''"),
            (0, "for"),
            (0, "$"),
            (0, "5"),
            (0, "."),
            (1, "Bob"),
            (1, "'s"),
            (1, "\""),
            (1, "“"),
            (1, "x"),
            (1, "”"),
            (1, "!"),
        ];
        let (text, spans) = detokenize(&words);
        assert_eq!(
            text,
            "Çan't end (really), \"he\" said ``no'' for $5.\nBob's \"“x”!"
        );
        assert_eq!(spans[0], (0, 2));
        assert_eq!(spans[1], (2, 5));
        assert_eq!(spans[18], (45, 48), "Bob, after the line break");
        let rebuilt: Vec<String> = spans
            .iter()
            .map(|&(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect();
        let words: Vec<&str> = words.iter().map(|w| w.1).collect();
        assert_eq!(rebuilt, words);
    }

    #[test]
    fn anchored_timexes_and_the_creation_time() {
        let tokens = [
            (0, "Café"),
            (0, "opens"),
            (1, "May"),
            (1, "3"),
            (1, ","),
            (1, "2011"),
            (2, "It"),
            (2, "opened"),
            (2, "today"),
            (2, "after"),
            (2, "three"),
            (2, "years"),
            (2, "."),
            (3, "Not"),
            (3, "annotated"),
            (3, "in"),
            (3, "2012"),
        ];
        let markables = [
            timex(
                "type=\"DATE\" value=\"2011-05-03\" functionInDocument=\"CREATION_TIME\" anchorTimeID=\"\"",
                &[3, 4, 5, 6],
            ),
            timex("type=\"DURATION\" value=\"P3Y\" functionInDocument=\"NONE\"", &[12, 11]),
            timex(
                "type=\"DATE\" value=\"2011-05-03\" functionInDocument=\"NONE\" mod=\"\"",
                &[9],
            ),
            // Inferred by the annotators, not in the text.
            "<TIMEX3 m_id=\"20\" type=\"DATE\" value=\"2008\" TAG_DESCRIPTOR=\"Empty_Mark\"/>\n"
                .to_string(),
            "<TIMEX3 m_id=\"21\" type=\"DATE\" value=\"2009\"></TIMEX3>\n".to_string(),
        ]
        .concat();
        let d = read("1_Test.xml", &cat(&tokens, &markables)).unwrap();
        assert_eq!(d.name, "1_Test");
        assert_eq!(
            d.text, "Café opens\nMay 3, 2011\nIt opened today after three years.",
            "the sentence after the last markable is left out"
        );
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(2011, 5, 3).unwrap());
        let got: Vec<(String, &str, Option<&str>)> = d
            .timexes
            .iter()
            .map(|t| (span(&d, t), t.kind.as_str(), t.value.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("May 3, 2011".to_string(), "DATE", Some("2011-05-03")),
                ("today".to_string(), "DATE", Some("2011-05-03")),
                ("three years".to_string(), "DURATION", Some("P3Y")),
            ]
        );
        assert_eq!((d.timexes[0].start, d.timexes[0].end), (11, 22));
        assert!(d.timexes.iter().all(|t| t.mod_.is_none()));
    }

    #[test]
    fn without_a_creation_time_the_first_full_date_stands_for_it() {
        let tokens = [
            (0, "Title"),
            (1, "2010"),
            (1, "June"),
            (1, "1"),
            (2, "Text"),
        ];
        let markables = [
            timex(
                "type=\"DATE\" value=\"2010\" functionInDocument=\"NONE\"",
                &[2],
            ),
            timex(
                "type=\"DATE\" value=\"2010-06-01\" functionInDocument=\"NONE\"",
                &[3, 4],
            ),
        ]
        .concat();
        let d = read("x.xml", &cat(&tokens, &markables)).unwrap();
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(2010, 6, 1).unwrap());
        assert_eq!(d.timexes.len(), 2);
        let only_year = timex("type=\"DATE\" value=\"2010\"", &[2]);
        let err = read("x.xml", &cat(&tokens, &only_year)).unwrap_err();
        assert!(err.to_string().contains("no CREATION_TIME"), "{err}");
    }

    #[test]
    fn malformed_documents_are_errors() {
        let tokens = [(0, "Now")];
        let cases = [
            (
                cat(
                    &tokens,
                    &timex(
                        "type=\"DATE\" value=\"PRESENT_REF\" functionInDocument=\"CREATION_TIME\"",
                        &[1],
                    ),
                ),
                "not a YYYY-MM-DD date",
            ),
            (
                cat(&tokens, &timex("value=\"2001-01-01\"", &[1])),
                "without a type",
            ),
            (
                cat(&tokens, &timex("type=\"DATE\" value=\"2001-01-01\"", &[7])),
                "names no token",
            ),
            (
                cat(&tokens, "").replace("sentence=\"0\"", "sentence=\"first\""),
                "numeric sentence",
            ),
            (
                cat(&tokens, "").replace(" t_id=\"1\"", ""),
                "without a t_id",
            ),
            (
                cat(&[(0, "a"), (0, "b")], "").replace("t_id=\"2\"", "t_id=\"1\""),
                "used twice",
            ),
            (
                cat(&tokens, "").replace("</Markables>", ""),
                "malformed XML",
            ),
            ("<Other/>".to_string(), "not <Document>"),
        ];
        for (xml, want) in cases {
            let err = read("bad.xml", &xml).unwrap_err().to_string();
            assert!(err.starts_with("bad.xml:"), "{err}");
            assert!(err.contains(want), "{err} (wanted {want:?})");
        }
    }
}
