//! The time rules and their vocabulary, read from data files and compiled once.
//!
//! Like HeidelTime's resources, the patterns and what they mean are data
//! (`data/lang/en/time/rules.toml`, `vocab.tsv`); this module only expands their macros and
//! compiles them. A pattern names word lists as `{category}` and macros as `%NAME`; a macro is a
//! regex fragment that may itself name word lists.

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;
use wirewatch_doc::TimexType;
use wirewatch_nlp::data::{read_tsv, DataError};
use wirewatch_nlp::DataFile;

/// Which way a year-less date ("October", "Friday") is read from the reference date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// By the tense of the sentence: past → on or before, future → on or after, else the nearest.
    Tense,
    /// Strictly before the reference date's own unit ("last October", "last Friday").
    Last,
    /// Strictly after it ("next October").
    Next,
    /// Within the reference date's year or week ("this October", "this Friday").
    This,
    /// In the year before the reference date's ("June last year").
    LastYear,
    /// In the year after it ("next year's first quarter").
    NextYear,
    /// On or before the reference date's unit, whatever the tense ("the third quarter" results).
    Past,
    /// On or after it.
    Future,
}

/// One compiled rule.
#[derive(Debug)]
pub struct Rule {
    /// Its name, for tests and error listings.
    pub name: String,
    /// The compiled pattern.
    pub regex: Regex,
    /// The TIMEX3 type it gives.
    pub kind: TimexType,
    /// The value template: `{group}` is replaced by the group's normalised text.
    pub value: String,
    /// The mod template, if any.
    pub modifier: Option<String>,
    /// How a year-less value is placed.
    pub direction: Direction,
    /// The text just before a match must not end with this.
    pub not_before: Option<Regex>,
    /// … unless it also ends with this ("In May", where "Theresa May" is a name).
    pub unless_before: Option<Regex>,
    /// The text just after a match must not start with this.
    pub not_after: Option<Regex>,
    /// Worked examples: (text, reference date, value), checked by the tests.
    pub examples: Vec<Example>,
}

/// A rule's worked example.
#[derive(Clone, Debug, Deserialize)]
pub struct Example {
    /// The text; the rule's match must be all of it.
    pub text: String,
    /// The reference date it is read against (`YYYY-MM-DD`), or none.
    #[serde(default)]
    pub dct: Option<String>,
    /// The value expected.
    pub value: String,
    /// The sentence's words around it, to give it a tense ("He said {} ..."); `{}` marks where the
    /// text goes.
    #[serde(default)]
    pub context: Option<String>,
}

/// A modifier written before an expression ("late", "about", "the end of"): it widens the
/// match and sets its mod.
#[derive(Debug)]
pub struct Prefix {
    /// Matches the modifier and the space after it; anchored at the expression's start.
    pub regex: Regex,
    /// The mod template.
    pub modifier: String,
    /// The types it applies to.
    pub applies_to: Vec<TimexType>,
    /// It does not apply to an expression that starts with this ("over" is "more than" before
    /// "a week", not before "the past year").
    pub not_on: Option<Regex>,
}

/// Every rule, prefix and word list.
#[derive(Debug)]
pub struct RuleSet {
    /// Rules in file order (earlier wins a tie between matches of the same length).
    pub rules: Vec<Rule>,
    /// Modifiers.
    pub prefixes: Vec<Prefix>,
    /// Word lists: category → lower-cased word → value.
    pub vocab: HashMap<String, HashMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    macros: HashMap<String, String>,
    #[serde(default)]
    prefix: Vec<PrefixSpec>,
    rule: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrefixSpec {
    pattern: String,
    #[serde(rename = "mod")]
    modifier: String,
    applies_to: Vec<String>,
    #[serde(default)]
    not_on: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: String,
    pattern: String,
    #[serde(rename = "type")]
    kind: String,
    value: String,
    #[serde(default, rename = "mod")]
    modifier: Option<String>,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    not_before: Option<String>,
    #[serde(default)]
    unless_before: Option<String>,
    #[serde(default)]
    not_after: Option<String>,
    #[serde(default)]
    examples: Vec<Example>,
}

struct Words {
    /// category → (word, cased)
    lists: HashMap<String, Vec<(String, bool)>>,
    values: HashMap<String, HashMap<String, String>>,
}

fn read_vocab(file: DataFile) -> Result<Words, DataError> {
    let mut lists: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    let mut values: HashMap<String, HashMap<String, String>> = HashMap::new();
    for row in read_tsv(
        file.path,
        file.text,
        &["category", "word", "value", "flags"],
    )? {
        let [category, word, value, flags] =
            [row.cells[0], row.cells[1], row.cells[2], row.cells[3]];
        let cased = match flags {
            "" => false,
            "cased" => true,
            other => {
                return Err(DataError::Line {
                    file: file.path.into(),
                    line: row.line,
                    message: format!("unknown flag `{other}`; the only flag is `cased`"),
                })
            }
        };
        if word.is_empty() || value.is_empty() {
            return Err(DataError::Line {
                file: file.path.into(),
                line: row.line,
                message: "a word and its value are both needed".into(),
            });
        }
        lists
            .entry(category.to_string())
            .or_default()
            .push((word.to_string(), cased));
        values
            .entry(category.to_string())
            .or_default()
            .insert(word.to_lowercase(), value.to_string());
    }
    Ok(Words { lists, values })
}

/// `{category}` → an alternation of the list's words, longest first, spaces matching any run of
/// white space.
fn expand_lists(file: &str, what: &str, text: &str, words: &Words) -> Result<String, DataError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        // `{2}` and `{1,2}` are regex repetitions, not word lists.
        let close = rest[open..].find('}').map(|c| open + c);
        let Some(close) = close else { break };
        let name = &rest[open + 1..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            out.push_str(&rest[..=close]);
            rest = &rest[close + 1..];
            continue;
        }
        let list = words.lists.get(name).ok_or_else(|| DataError::File {
            file: file.into(),
            message: format!("{what} names the word list `{{{name}}}`, which vocab.tsv lacks"),
        })?;
        let mut sorted: Vec<&(String, bool)> = list.iter().collect();
        sorted.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let alternatives: Vec<String> = sorted
            .iter()
            .map(|(w, cased)| {
                let words = |case: fn(&str) -> String| -> String {
                    w.split(' ')
                        .map(|part| regex::escape(&case(part)))
                        .collect::<Vec<_>>()
                        .join(SPACE)
                };
                if *cased {
                    // A cased word counts only as written with capitals: "May", not "may";
                    // "New Year's Eve", or all in capitals.
                    let capital = words(|part| {
                        let mut chars = part.chars();
                        chars
                            .next()
                            .map(|c| c.to_uppercase().chain(chars).collect())
                            .unwrap_or_default()
                    });
                    format!("(?-i:{capital}|{})", words(str::to_uppercase))
                } else {
                    words(str::to_string)
                }
            })
            .collect();
        out.push_str(&rest[..open]);
        out.push_str("(?:");
        out.push_str(&alternatives.join("|"));
        out.push(')');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// White space between words: any run of it, Unicode's included (no-break and thin spaces are
/// common in news), although the rules otherwise fold case in ASCII only.
const SPACE: &str = r"(?u:\s)+";

/// A space written in a pattern matches any run of white space (reports break lines anywhere)
/// and ` ?` any run or none; inside `[…]` a space stays a space.
fn spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_class = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            _ if escaped => {
                escaped = false;
                out.push(c);
            }
            '\\' => {
                escaped = true;
                out.push(c);
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            // " ?" is optional white space, " " one run of it.
            ' ' if !in_class && chars.peek() == Some(&'?') => {
                chars.next();
                out.push_str(r"(?u:\s)*");
            }
            ' ' if !in_class => out.push_str(SPACE),
            _ => out.push(c),
        }
    }
    out
}

/// `%NAME` → the macro's text (macros are upper-case names).
fn expand_macros(
    file: &str,
    what: &str,
    text: &str,
    macros: &HashMap<String, String>,
) -> Result<String, DataError> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while let Some(&(j, d)) = chars.peek() {
            if d.is_ascii_uppercase() || d.is_ascii_digit() || d == '_' {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let name = &text[start..end];
        // A `%` not followed by a name is a literal per cent sign.
        if name.is_empty() {
            out.push('%');
            continue;
        }
        let body = macros.get(name).ok_or_else(|| DataError::File {
            file: file.into(),
            message: format!("{what} uses the macro `%{name}`, which [macros] lacks"),
        })?;
        out.push_str(body);
    }
    Ok(out)
}

fn kind(file: &str, what: &str, text: &str) -> Result<TimexType, DataError> {
    Ok(match text {
        "DATE" => TimexType::Date,
        "TIME" => TimexType::Time,
        "DURATION" => TimexType::Duration,
        "SET" => TimexType::Set,
        other => {
            return Err(DataError::File {
                file: file.into(),
                message: format!("{what}: type `{other}` is not DATE, TIME, DURATION or SET"),
            })
        }
    })
}

/// Which side of a match a context pattern reads.
#[derive(Clone, Copy)]
enum Side {
    Before,
    After,
}

/// The TIMEX3 mods a rule may give.
pub const MODS: [&str; 12] = [
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
    "LESS_THAN",
    "MORE_THAN",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
    "START",
    "MID",
    "END",
    "APPROX",
];

/// True when a pattern still names a macro (`%` and a capital).
fn has_macro(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'%' && w[1].is_ascii_uppercase())
}

fn compile(file: &str, what: &str, pattern: &str) -> Result<Regex, DataError> {
    Regex::new(pattern).map_err(|e| DataError::File {
        file: file.into(),
        message: format!("{what}: the pattern does not compile: {e}"),
    })
}

impl RuleSet {
    /// Reads the rules and their word lists.
    pub fn parse(rules: DataFile, vocab: DataFile) -> Result<RuleSet, DataError> {
        let words = read_vocab(vocab)?;
        let spec: RulesFile = toml::from_str(rules.text).map_err(|e| DataError::File {
            file: rules.path.into(),
            message: e.to_string(),
        })?;
        let file = rules.path;
        let mut macros = HashMap::new();
        for (name, body) in &spec.macros {
            let what = format!("macro `{name}`");
            macros.insert(
                name.clone(),
                expand_lists(file, &what, &spaces(body), &words)?,
            );
        }
        let expand = |what: &str, text: &str| -> Result<String, DataError> {
            // Macros may name other macros; a chain deeper than this is a loop.
            let mut body = spaces(text);
            for _ in 0..8 {
                if !has_macro(&body) {
                    return expand_lists(file, what, &body, &words);
                }
                body = expand_macros(file, what, &body, &macros)?;
            }
            Err(DataError::File {
                file: file.into(),
                message: format!("{what}: its macros name each other in a loop"),
            })
        };
        let check_mod = |what: &str, template: &str| -> Result<(), DataError> {
            let fine = match template.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                // A mod read from a word list: every value of the list must be a mod.
                Some(list) => words
                    .values
                    .get(list)
                    .is_some_and(|l| l.values().all(|v| MODS.contains(&v.as_str()))),
                None => MODS.contains(&template),
            };
            if fine {
                Ok(())
            } else {
                Err(DataError::File {
                    file: file.into(),
                    message: format!(
                        "{what}: mod `{template}` is not a TIMEX3 mod ({}) nor a word list of them",
                        MODS.join(", ")
                    ),
                })
            }
        };
        // A context pattern is anchored where it meets the match: at the end of the text before
        // it, or at the start of the text after it.
        let context =
            |what: &str, pattern: Option<&str>, side: Side| -> Result<Option<Regex>, DataError> {
                let Some(pattern) = pattern else {
                    return Ok(None);
                };
                let body = expand(what, pattern)?;
                let anchored = match side {
                    Side::Before => format!("(?i)(?:{body})$"),
                    Side::After => format!("(?i)^(?:{body})"),
                };
                compile(file, what, &anchored).map(Some)
            };
        let mut prefixes = Vec::new();
        for (i, p) in spec.prefix.iter().enumerate() {
            let what = format!("prefix {}", i + 1);
            let body = expand(&what, &p.pattern)?;
            let applies_to = p
                .applies_to
                .iter()
                .map(|t| kind(file, &what, t))
                .collect::<Result<_, _>>()?;
            check_mod(&what, &p.modifier)?;
            let not_on = context(&what, p.not_on.as_deref(), Side::After)?;
            prefixes.push(Prefix {
                regex: compile(file, &what, &format!("(?i)(?:{body})$"))?,
                modifier: p.modifier.clone(),
                applies_to,
                not_on,
            });
        }
        let mut rules = Vec::new();
        let mut names = std::collections::HashSet::new();
        for r in spec.rule {
            let what = format!("rule `{}`", r.name);
            if !names.insert(r.name.clone()) {
                return Err(DataError::File {
                    file: file.into(),
                    message: format!("{what} is defined twice"),
                });
            }
            let body = expand(&what, &r.pattern)?;
            let direction = match r.direction.as_deref() {
                None | Some("tense") => Direction::Tense,
                Some("last") => Direction::Last,
                Some("next") => Direction::Next,
                Some("this") => Direction::This,
                Some("last_year") => Direction::LastYear,
                Some("next_year") => Direction::NextYear,
                Some("past") => Direction::Past,
                Some("future") => Direction::Future,
                Some(other) => {
                    return Err(DataError::File {
                        file: file.into(),
                        message: format!(
                            "{what}: direction `{other}` is not tense, last, next, this, last_year, next_year, past or future"
                        ),
                    })
                }
            };
            let not_before = context(&what, r.not_before.as_deref(), Side::Before)?;
            let unless_before = context(&what, r.unless_before.as_deref(), Side::Before)?;
            if let Some(m) = &r.modifier {
                check_mod(&what, m)?;
            }
            let not_after = context(&what, r.not_after.as_deref(), Side::After)?;
            rules.push(Rule {
                // ASCII case folding: Unicode folding makes every letter a class and the
                // rules several times slower, and the rules' words are ASCII.
                regex: compile(file, &what, &format!("(?i-u){body}"))?,
                kind: kind(file, &what, &r.kind)?,
                value: r.value,
                modifier: r.modifier,
                direction,
                not_before,
                unless_before,
                not_after,
                examples: r.examples,
                name: r.name,
            });
        }
        Ok(RuleSet {
            rules,
            prefixes,
            vocab: words.values,
        })
    }

    /// The value a word list gives a word, if it lists it.
    pub fn word(&self, category: &str, word: &str) -> Option<&str> {
        let key = word.to_lowercase();
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        self.vocab.get(category)?.get(&key).map(String::as_str)
    }
}
