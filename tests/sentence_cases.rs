//! Sentence boundaries in news English (`tests/cases/sentences/news.toml`): every case passes.

use wirewatch::eval::{golden, train};

#[test]
fn news_sentence_cases() {
    let path = "tests/cases/sentences/news.toml";
    let cases = golden::parse(path, &std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 15);
    let layer = wirewatch::nlp::TextLayer::embedded().unwrap();
    let failures: Vec<String> = golden::run(&cases, |text| {
        train::segment(&layer, text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    })
    .into_iter()
    .filter(|o| !o.passed())
    .map(|o| {
        format!(
            "{}: expected {:?}, got {:?}",
            o.case.name, o.case.sentences, o.got
        )
    })
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
