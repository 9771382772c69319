//! Runs the whole analysis pipeline on arbitrary bytes and checks the record's invariants:
//! every sentence and entity-mention span is a non-empty, valid character range of
//! `document.text`, each mention's `text` equals that slice, sentences are ordered and
//! disjoint, the dateline span starts with its place and holds its outlet, every time
//! expression is a non-empty slice of the text with a value, and the record serialises to JSON.
//! The first two bytes, when there are more, choose a reference date (any day of 1900–2079), so
//! that time resolution runs on arbitrary dates too.
#![no_main]

use std::borrow::Cow;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wirewatch::{Input, Pipeline};

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

fn pipeline() -> &'static Pipeline {
    PIPELINE.get_or_init(|| Pipeline::load().expect("embedded data loads"))
}

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 goes through the lossy path (U+FFFD replacements), so it is fuzzed too.
    let text: Cow<'_, str> = match std::str::from_utf8(data) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(data),
    };
    let mut input = Input::text(text.into_owned());
    if let [a, b, _, ..] = data {
        let days = u16::from_le_bytes([*a, *b]) as i64;
        input.published = chrono::NaiveDate::from_ymd_opt(1900, 1, 1)
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)));
    }
    let record = pipeline().analyze(input);

    let chars: Vec<char> = record.document.text.chars().collect();
    let slice = |what: &str, start: usize, end: usize| -> String {
        assert!(
            start <= end && end <= chars.len(),
            "{what}: span {start}..{end} is not within document.text ({} chars)",
            chars.len()
        );
        chars[start..end].iter().collect()
    };

    let mut prev_end = 0usize;
    for (i, s) in record.sentences.iter().enumerate() {
        assert!(s.start < s.end, "sentence {i} is empty");
        slice(&format!("sentence {i}"), s.start, s.end);
        assert!(
            s.start >= prev_end,
            "sentence {i} ({}..{}) starts before the end of the previous one ({prev_end})",
            s.start,
            s.end
        );
        prev_end = s.end;
    }

    for e in &record.entities {
        for (j, m) in e.mentions.iter().enumerate() {
            assert!(m.start < m.end, "entity {} mention {j} is empty", e.id);
            let got = slice(&format!("entity {} mention {j}", e.id), m.start, m.end);
            assert_eq!(
                got, m.text,
                "entity {} mention {j} ({}..{}): document.text slice differs from mention text",
                e.id, m.start, m.end
            );
        }
    }

    let mut prev_end = 0usize;
    for t in &record.times {
        assert!(t.start < t.end, "time {} is empty", t.id);
        assert!(t.start >= prev_end, "time {} overlaps the one before", t.id);
        prev_end = t.end;
        let got = slice(&format!("time {}", t.id), t.start, t.end);
        assert_eq!(got, t.text, "time {}: document.text slice differs from its text", t.id);
        assert!(t.value.as_deref().is_some_and(|v| !v.is_empty()), "time {} has no value", t.id);
    }

    if let Some(d) = &record.document.dateline {
        let whole = slice("dateline", d.start, d.end);
        assert!(d.start < d.end, "the dateline is empty");
        assert!(whole.starts_with(&d.place), "dateline {whole:?} does not start with its place {:?}", d.place);
        if let Some(o) = &d.outlet {
            assert!(!o.trim().is_empty() && whole.contains(o.as_str()), "dateline outlet {o:?} is not in {whole:?}");
        }
    }

    if let Err(err) = serde_json::to_string(&record) {
        panic!("record does not serialise to JSON: {err}");
    }
});
