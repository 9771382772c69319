//! Every worked example of `data/lang/en/time/rules.toml`, through the whole pipeline: the
//! layer must find exactly the example's text, with its value, read against its date.

mod support;

use wirewatch::extract::times::TimeTagger;
use wirewatch::Input;

#[test]
fn every_rule_example_is_found_whole_with_its_value() {
    let tagger = TimeTagger::embedded().expect("the time rules load");
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in &tagger.rules().rules {
        assert!(
            !rule.examples.is_empty(),
            "rule `{}` has no worked example",
            rule.name
        );
        for ex in &rule.examples {
            checked += 1;
            let context = ex.context.as_deref().unwrap_or("{}");
            let text = context.replacen("{}", &ex.text, 1);
            let mut input = Input::text(text.clone());
            input.published = ex.dct.as_deref().map(|d| d.parse().expect("example dct"));
            let record = support::pipeline().analyze(input);
            let found: Vec<String> = record
                .times
                .iter()
                .map(|t| format!("{:?}={}", t.text, t.value.as_deref().unwrap_or("-")))
                .collect();
            let ok = record
                .times
                .iter()
                .any(|t| t.text == ex.text && t.value.as_deref() == Some(ex.value.as_str()));
            if !ok {
                failures.push(format!(
                    "rule `{}`: in {text:?} expected {:?}={}, found [{}]",
                    rule.name,
                    ex.text,
                    ex.value,
                    found.join(", ")
                ));
            }
        }
    }
    assert!(checked > 80, "only {checked} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
