//! Properties of every record, whatever the text: offsets slice the text, sentences are in
//! order, and the same input gives byte-identical JSON.

mod support;

use proptest::prelude::*;

fn check(text: &str) -> Result<(), TestCaseError> {
    let r = support::analyze(text);
    let chars: Vec<char> = r.document.text.chars().collect();
    prop_assert_eq!(&r.document.text, text);
    let mut last_end = 0;
    for s in &r.sentences {
        prop_assert!(s.start < s.end && s.end <= chars.len());
        prop_assert!(s.start >= last_end, "sentences overlap or go backwards");
        last_end = s.end;
        let body: String = chars[s.start..s.end].iter().collect();
        prop_assert_eq!(
            body.trim(),
            body.as_str(),
            "a sentence starts or ends with white space"
        );
    }
    for e in &r.entities {
        for m in &e.mentions {
            prop_assert!(m.start < m.end && m.end <= chars.len());
            let body: String = chars[m.start..m.end].iter().collect();
            prop_assert_eq!(&body, &m.text);
        }
    }
    if let Some(d) = &r.document.dateline {
        prop_assert!(d.start < d.end && d.end <= chars.len());
    }
    let again = support::analyze(text);
    prop_assert_eq!(
        serde_json::to_string(&r).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
    Ok(())
}

/// News-like text: datelines, quotes, abbreviations, brackets, odd spaces and entities.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("MOSCOW, January 16 (Sputnik) — ".to_string()),
        Just("KABUL, Afghanistan (AP) -- ".to_string()),
        Just("Gen. John Campbell told the Army Times ".to_string()),
        Just("“We are seeing reports,” he said. ".to_string()),
        Just("the U.S. Army [IS] ".to_string()),
        Just("according to Reuters. ".to_string()),
        Just("&amp; &#8217; &rsquo; ".to_string()),
        Just("\u{a0}\u{200b}\u{ad}\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("3.5 a.m. No. 10 ... ".to_string()),
        Just(". . … —-— &#13;&#10; 1) A 2) B ".to_string()),
        "[A-Za-z]{1,8}[ .,!?\"'()-]{0,2}",
        "\\PC{1,6}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn offsets_slice_the_text_for_news_like_input(text in newsy()) {
        check(&text)?;
    }

    #[test]
    fn offsets_slice_the_text_for_any_input(text in "\\PC{0,200}|[\\x00-\\x7f]{0,200}") {
        check(&text)?;
    }
}
