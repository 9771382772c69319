//! The dateline and credit cases of `tests/cases/dateline/*.toml`, through the whole pipeline.

mod support;

use serde::Deserialize;
use wirewatch::doc::PublishedSource;
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
    published_arg: Option<String>,
    place: Option<String>,
    date_text: Option<String>,
    dateline_outlet: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    published_source: String,
    relayed_from: Vec<String>,
    media: Vec<String>,
}

#[test]
fn dateline_cases() {
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir("tests/cases/dateline").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let file: File =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.case {
            count += 1;
            let mut input = Input::text(case.text.clone());
            if let Some(d) = &case.published_arg {
                input.published = Some(d.parse().unwrap());
                input.published_source = PublishedSource::Argument;
            }
            let r = support::pipeline().analyze(input);
            let d = &r.document;
            let media: Vec<String> = r
                .entities
                .iter()
                .filter(|e| e.subtype.as_deref() == Some("media"))
                .map(|e| e.name.clone())
                .collect();
            let got = (
                d.dateline.as_ref().map(|x| x.place.clone()),
                d.dateline.as_ref().and_then(|x| x.date_text.clone()),
                d.dateline.as_ref().and_then(|x| x.outlet.clone()),
                d.outlet.clone(),
                d.published.clone(),
                d.published_source.clone(),
                support::names(&r, &d.relayed_from),
                media,
            );
            let want = (
                case.place.clone(),
                case.date_text.clone(),
                case.dateline_outlet.clone(),
                case.outlet.clone(),
                case.published.clone(),
                case.published_source.clone(),
                case.relayed_from.clone(),
                case.media.clone(),
            );
            if got != want {
                failures.push(format!(
                    "{} ({}):\n  want {want:?}\n  got  {got:?}",
                    case.name,
                    path.display()
                ));
            }
        }
    }
    assert!(count >= 10, "only {count} cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
