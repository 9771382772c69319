//! The times layer: TIMEX3 expressions found by data rules and resolved against the report's
//! date.
//!
//! The engine is generic; what counts as a time and what it means is in
//! `data/lang/en/time/rules.toml` (patterns, value templates, worked examples) and
//! `vocab.tsv` (months, weekdays, number words, units, modifiers). Finding runs every rule over
//! the text, keeps the longest non-overlapping matches, widens each over a modifier written
//! before it ("late", "about"), then resolves them in text order, so that "two days later" counts
//! from the last date named and "on Monday" reads the tense of its clause.

pub mod calendar;
pub mod resolve;
pub mod rules;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use wirewatch_doc::{Doc, Layer, Span, Timex, TimexType};
use wirewatch_nlp::data::{read_tsv, DataError};
use wirewatch_nlp::DataFile;

use crate::Component;
use calendar::Cal;
use resolve::{Context, Tense};
use rules::RuleSet;

pub use crate::resources::{TIME_RULES, TIME_TENSE, TIME_VOCAB};

/// How far before a match a modifier or a `not_before` context is looked for, and how far after
/// it a `not_after` context.
const LOOK_BEHIND: usize = 40;

/// Words that give a clause its tense, and word endings that do ("-ed").
#[derive(Debug, Default)]
pub struct TenseWords {
    words: HashMap<String, Option<Tense>>,
    auxiliaries: HashSet<String>,
    suffixes: Vec<(String, Tense)>,
}

impl TenseWords {
    /// Parses `word<TAB>tense<TAB>auxiliary` rows; a word written `*ed` is a suffix.
    pub fn parse(file: DataFile) -> Result<TenseWords, DataError> {
        let mut out = TenseWords::default();
        for row in read_tsv(file.path, file.text, &["word", "tense", "auxiliary"])? {
            let bad = |message: String| DataError::Line {
                file: file.path.into(),
                line: row.line,
                message,
            };
            let tense = match row.cells[1] {
                "past" => Some(Tense::Past),
                "present" => Some(Tense::Present),
                "future" => Some(Tense::Future),
                "-" => None,
                other => {
                    return Err(bad(format!(
                        "tense `{other}` is not past, present, future or -"
                    )))
                }
            };
            let word = row.cells[0].to_lowercase();
            match row.cells[2] {
                "yes" => {
                    out.auxiliaries.insert(word.clone());
                }
                "" => {}
                other => return Err(bad(format!("auxiliary is `yes` or empty, not `{other}`"))),
            }
            match (word.strip_prefix('*'), tense) {
                (Some(suffix), Some(tense)) => out.suffixes.push((suffix.to_string(), tense)),
                (Some(_), None) => return Err(bad("a suffix needs a tense".into())),
                (None, tense) => {
                    out.words.insert(word, tense);
                }
            }
        }
        Ok(out)
    }

    /// The tense a word (as written) gives, given the word before it (lower-cased); `None` for
    /// no tense.
    fn of(&self, written: &str, previous: Option<&str>) -> Option<Tense> {
        let word = written.to_lowercase();
        // "will be paid", "has been held": a past form after an auxiliary is a participle, and
        // the auxiliary has already told the tense.
        let participle = !self.auxiliaries.contains(&word)
            && previous.is_some_and(|p| self.auxiliaries.contains(p));
        if let Some(t) = self.words.get(&word) {
            return match t {
                Some(Tense::Past) if participle => None,
                t => *t,
            };
        }
        // "Mohammed", "United" are names, not past tenses.
        let is_lower = written.chars().all(|c| c.is_lowercase());
        let (_, tense) = self
            .suffixes
            .iter()
            .find(|(s, _)| is_lower && word.len() > s.len() + 2 && word.ends_with(s.as_str()))?;
        if participle {
            return None;
        }
        Some(*tense)
    }
}

/// One time expression before resolution.
struct Candidate {
    start: usize,
    end: usize,
    rule: usize,
    filled: String,
    modifier: Option<String>,
}

/// Finds and resolves time expressions.
#[derive(Debug)]
pub struct TimeTagger {
    rules: RuleSet,
    tense: TenseWords,
}

impl TimeTagger {
    /// The tagger from its data files.
    pub fn new(rules: RuleSet, tense: TenseWords) -> TimeTagger {
        TimeTagger { rules, tense }
    }

    /// The tagger from the data compiled into the binary.
    pub fn embedded() -> Result<TimeTagger, DataError> {
        Ok(TimeTagger::new(
            RuleSet::parse(TIME_RULES, TIME_VOCAB)?,
            TenseWords::parse(TIME_TENSE)?,
        ))
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Every time expression of `text`, resolved against `dct`; `tense_at` tells the tense of
    /// the clause around a byte span.
    pub fn find(
        &self,
        text: &str,
        dct: Option<NaiveDate>,
        tense_at: impl Fn(usize, usize) -> Tense,
    ) -> Vec<Timex> {
        let mut kept = longest_first(self.matches(text, dct));
        kept.sort_by_key(|c| c.start);
        for i in 0..kept.len() {
            let floor = if i == 0 { 0 } else { kept[i - 1].end };
            self.widen(text, floor, &mut kept[i]);
        }
        let mut anchor: Option<Cal> = None;
        let mut out = Vec::with_capacity(kept.len());
        for c in kept {
            let rule = &self.rules.rules[c.rule];
            let cx = Context {
                dct,
                anchor: anchor.or(dct.map(Cal::Day)),
                tense: tense_at(c.start, c.end),
            };
            // A set recurs: "every Friday" is no one Friday, so it is not placed.
            let (value, cal) = if rule.kind == TimexType::Set {
                let value = resolve::duration(&c.filled).unwrap_or_else(|| c.filled.clone());
                (value, None)
            } else {
                resolve::resolve(&c.filled, rule.direction, &cx)
            };
            if !resolve::well_formed(&value) {
                continue;
            }
            // A time of day names its day too: "at 3 p.m. on Jan. 5 … two days later".
            if matches!(rule.kind, TimexType::Date | TimexType::Time) {
                if let Some(cal) = cal {
                    anchor = Some(cal);
                }
            }
            out.push(Timex {
                span: Span::new(c.start as u32, c.end as u32),
                kind: rule.kind,
                value: Some(value),
                modifier: c.modifier.as_deref().and_then(modifier_name),
            });
        }
        out
    }

    /// Every match of every rule, filled but not resolved.
    fn matches(&self, text: &str, dct: Option<NaiveDate>) -> Vec<Candidate> {
        let mut out = Vec::new();
        for (i, rule) in self.rules.rules.iter().enumerate() {
            let mut at = 0;
            while at <= text.len() {
                let Some(whole) = rule.regex.find_at(text, at) else {
                    break;
                };
                let (start, end) = (whole.start(), whole.end());
                let after_start = start + text[start..].chars().next().map_or(1, char::len_utf8);
                if end == start {
                    at = after_start;
                    continue;
                }
                if starts_inside_word(text, start) {
                    // No match can start anywhere in this word: go past it in one step, so
                    // that long runs of letters or digits cost one scan, not one per character.
                    at = start
                        + text[start..]
                            .char_indices()
                            .find(|(_, c)| !c.is_alphanumeric())
                            .map_or(text.len() - start, |(i, _)| i);
                    continue;
                }
                // A rejected match may hide a good one that starts inside it.
                let next = after_start;
                let caps = if at_word_edges(text, start, end)
                    && self.context_allows(i, text, start, end)
                {
                    rule.regex.captures_at(text, start)
                } else {
                    None
                };
                if let Some(caps) = caps.filter(|c| c.get(0).map(|m| m.range()) == Some(start..end))
                {
                    if let Some(filled) = resolve::fill(&self.rules, &rule.value, &caps, dct) {
                        let modifier = rule
                            .modifier
                            .as_deref()
                            .and_then(|m| resolve::fill(&self.rules, m, &caps, dct));
                        out.push(Candidate {
                            start,
                            end,
                            rule: i,
                            filled,
                            modifier,
                        });
                        at = end;
                        continue;
                    }
                }
                at = next;
            }
        }
        out
    }

    fn context_allows(&self, rule: usize, text: &str, start: usize, end: usize) -> bool {
        let rule = &self.rules.rules[rule];
        if let Some(re) = &rule.not_before {
            let before = &text[floor_char(text, start.saturating_sub(LOOK_BEHIND))..start];
            let waived = rule
                .unless_before
                .as_ref()
                .is_some_and(|u| u.is_match(before));
            if re.is_match(before) && !waived {
                return false;
            }
        }
        if let Some(re) = &rule.not_after {
            if re.is_match(&text[end..ceil_char(text, (end + LOOK_BEHIND).min(text.len()))]) {
                return false;
            }
        }
        true
    }

    /// Takes in a modifier written just before the expression, if one applies to its type.
    fn widen(&self, text: &str, floor: usize, c: &mut Candidate) {
        let kind = self.rules.rules[c.rule].kind;
        let from = floor_char(text, c.start.saturating_sub(LOOK_BEHIND)).max(floor);
        let before = &text[from..c.start];
        for p in &self.rules.prefixes {
            if !p.applies_to.contains(&kind) {
                continue;
            }
            let Some(m) = p.regex.find(before) else {
                continue;
            };
            if p.not_on
                .as_ref()
                .is_some_and(|n| n.is_match(&text[c.start..c.end]))
            {
                continue;
            }
            let start = from + m.start();
            if !at_word_edges(text, start, c.start) && !text[..start].is_empty() {
                let prev = text[..start].chars().next_back();
                if prev.is_some_and(char::is_alphanumeric) {
                    continue;
                }
            }
            if let Some(caps) = p.regex.captures(before) {
                if let Some(modifier) = resolve::fill(&self.rules, &p.modifier, &caps, None) {
                    c.start = start;
                    c.modifier = Some(modifier);
                    return;
                }
            }
        }
    }
}

/// The longest matches that do not overlap; between equals, the rule written first. The
/// matches kept so far are looked up by start, so each new one is checked against its one
/// neighbour before it, not against all: the work is n log n however many matches overlap.
fn longest_first(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        (b.end - b.start, a.rule, a.start).cmp(&(a.end - a.start, b.rule, b.start))
    });
    // start → end of every kept match; kept matches never overlap, so the one that starts
    // last before a candidate's end is the only one that can overlap it.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept = Vec::new();
    for c in candidates {
        let clash = taken
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, &end)| end > c.start);
        if !clash {
            taken.insert(c.start, c.end);
            kept.push(c);
        }
    }
    kept
}

/// The static name of a TIMEX3 mod (the rules are checked for unknown mods when they load).
fn modifier_name(m: &str) -> Option<&'static str> {
    rules::MODS.iter().find(|n| **n == m).copied()
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// True when the text at `start` continues a word ("ay" in "Mayor").
fn starts_inside_word(text: &str, start: usize) -> bool {
    let before = text[..start].chars().next_back();
    let first = text[start..].chars().next();
    matches!((before, first), (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric())
}

/// A match must not start or end inside a word ("Mayor", "Monday's" is fine).
fn at_word_edges(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let after = text[end..].chars().next();
    let inside = |a: Option<char>, b: Option<char>| matches!((a, b), (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric());
    !inside(before, first) && !inside(last, after)
}

/// The times layer as a pipeline component.
#[derive(Debug)]
pub struct TimesComponent {
    tagger: TimeTagger,
}

impl TimesComponent {
    /// The component over a tagger.
    pub fn new(tagger: TimeTagger) -> TimesComponent {
        TimesComponent { tagger }
    }
}

impl Component for TimesComponent {
    fn name(&self) -> &'static str {
        "times"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Times]
    }
    fn languages(&self) -> Option<&'static [&'static str]> {
        Some(&["en"])
    }
    fn run(&self, doc: &mut Doc) {
        let times = {
            let doc: &Doc = doc;
            self.tagger
                .find(&doc.text, doc.meta.published, |start, end| {
                    clause_tense(doc, &self.tagger.tense, start, end)
                })
        };
        doc.times = times;
    }
}

/// The tense of the sentence around a span, from the tense word nearest to it; a word after
/// the span counts at twice its distance, since the verb that governs a time mostly comes
/// before it ("was planned for early March", "will vote on Tuesday").
fn clause_tense(doc: &Doc, words: &TenseWords, start: usize, end: usize) -> Tense {
    // The nearest tense word within this many tokens either side decides.
    const WINDOW: usize = 40;
    let sentence_at = doc
        .sentences
        .partition_point(|s| (s.span.end as usize) <= start);
    let Some(sentence) = doc
        .sentences
        .get(sentence_at)
        .filter(|s| (s.span.start as usize) <= start)
    else {
        return Tense::Unknown;
    };
    let (first, last) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
    let here = first + doc.tokens[first..last].partition_point(|t| (t.span.end as usize) <= start);
    let from = here.saturating_sub(WINDOW).max(first);
    let to = (here + WINDOW).min(last);
    let mut best: Option<(usize, Tense)> = None;
    let mut previous: Option<String> = from
        .checked_sub(1)
        .filter(|p| *p >= first)
        .map(|p| doc.token_norm(&doc.tokens[p]).to_lowercase());
    for token in &doc.tokens[from..to] {
        let (ts, te) = (token.span.start as usize, token.span.end as usize);
        let written = doc.token_norm(token);
        let word = written.to_lowercase();
        let inside = ts >= start && te <= end;
        // Inside a sentence a capitalised word is a name ("Theresa May said", "Will Smith"),
        // not a verb.
        let name = token.span.start != sentence.span.start
            && written.starts_with(|c: char| c.is_uppercase());
        let tense = if inside || name {
            None
        } else {
            words.of(written, previous.as_deref())
        };
        // "not" stands between an auxiliary and its participle ("was not expected").
        if word != "not" && word != "n't" {
            previous = (!name).then_some(word);
        }
        let Some(tense) = tense else { continue };
        let distance = if te <= start {
            start - te
        } else {
            2 * ts.saturating_sub(end)
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, tense));
        }
    }
    best.map_or(Tense::Unknown, |(_, t)| t)
}
