//! The news cases of `tests/cases/times/news.toml`, through the whole pipeline: each lists every
//! time expression the layer must find and its value, read against the case's date.

mod support;

use serde::Deserialize;
use wirewatch::Input;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    dct: Option<String>,
    #[serde(default)]
    times: Option<Vec<String>>,
    #[serde(default)]
    absent: Vec<String>,
}

#[test]
fn news_cases() {
    let file: File = toml::from_str(include_str!("cases/times/news.toml")).expect("cases parse");
    let mut failures = Vec::new();
    for case in &file.case {
        let mut input = Input::text(case.text.clone());
        input.published = case.dct.as_deref().map(|d| d.parse().expect("case dct"));
        let record = support::pipeline().analyze(input);
        let found: Vec<String> = record
            .times
            .iter()
            .map(|t| format!("{} = {}", t.text, t.value.as_deref().unwrap_or("-")))
            .collect();
        if let Some(expected) = &case.times {
            if &found != expected {
                failures.push(format!(
                    "{}: expected {expected:?}, found {found:?}",
                    case.name
                ));
            }
        }
        for word in &case.absent {
            if record.times.iter().any(|t| {
                t.value
                    .as_deref()
                    .is_some_and(|v| v.contains(word.as_str()))
            }) {
                failures.push(format!("{}: {word:?} in {found:?}", case.name));
            }
        }
        for t in &record.times {
            assert_eq!(
                support::slice(&record, t.start, t.end),
                t.text,
                "{}",
                case.name
            );
        }
    }
    assert!(file.case.len() >= 15);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
