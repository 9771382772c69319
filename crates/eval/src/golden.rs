//! The sentence-boundary "golden rules" cases (`tests/cases/sentences/golden_rules.toml`):
//! each case is a text and the sentences it must split into.

use serde::Deserialize;

/// The case file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

/// Parses the TOML case file; the error names the file and says what was wrong.
pub fn parse(file: &str, text: &str) -> Result<Vec<Case>, String> {
    toml::from_str::<File>(text)
        .map(|f| f.case)
        .map_err(|e| format!("{file}: {e}"))
}

/// One case.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// The input.
    pub text: String,
    /// The sentences expected, in order.
    pub sentences: Vec<String>,
}

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The case.
    pub case: Case,
    /// The sentences produced.
    pub got: Vec<String>,
}

impl Outcome {
    /// True when the sentences match the expected ones, white space at their ends ignored (as
    /// pySBD's own test does).
    pub fn passed(&self) -> bool {
        let trim = |v: &[String]| v.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>();
        trim(&self.got) == trim(&self.case.sentences)
    }
}

/// Runs every case through `split`.
pub fn run(cases: &[Case], split: impl Fn(&str) -> Vec<String>) -> Vec<Outcome> {
    cases
        .iter()
        .map(|c| Outcome {
            case: c.clone(),
            got: split(&c.text),
        })
        .collect()
}
