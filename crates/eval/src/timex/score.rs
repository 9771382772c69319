//! TIMEX3 scoring as TempEval-3 scores it (UzZaman et al. 2013, task A).
//!
//! Extents are matched one to one in each document, twice:
//!
//! - **strict**: the system's span is the gold span exactly;
//! - **relaxed**: the spans overlap. Pairs are taken greedily, largest overlap first (ties: an
//!   identical span first, then the pair whose ends are closest), so every strict match is also a
//!   relaxed one.
//!
//! Attributes are then judged on the relaxed matches. For type, value and mod, `correct` is the
//! number of relaxed matches whose attribute is equal (absent equals absent), and precision and
//! recall divide it by the system's and the gold's expression counts: TempEval-3's "value F1" is
//! the value line's F1, the task's headline figure. Accuracy divides it by the relaxed matches
//! instead, so it shows the normalisation apart from the extents.

use std::collections::HashMap;
use std::fmt;

use super::{TimeDoc, Timex};
use crate::Prf;

/// The measures of one run over a set of documents, and its mistakes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimexScores {
    /// Documents scored.
    pub docs: usize,
    /// Gold expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// Identical spans.
    pub strict: Prf,
    /// Overlapping spans, matched one to one.
    pub relaxed: Prf,
    /// Relaxed matches with the gold type.
    pub kind: Prf,
    /// Relaxed matches with the gold value (TempEval-3's value F1).
    pub value: Prf,
    /// Relaxed matches with the gold mod.
    pub mod_: Prf,
    /// Every missed, spurious, partly matched or mis-normalised expression, in document order.
    pub mistakes: Vec<Mistake>,
}

impl TimexScores {
    /// Type correct over relaxed matches; `None` when nothing matched.
    pub fn kind_accuracy(&self) -> Option<f64> {
        self.accuracy(self.kind)
    }

    /// Value correct over relaxed matches; `None` when nothing matched.
    pub fn value_accuracy(&self) -> Option<f64> {
        self.accuracy(self.value)
    }

    /// Mod correct over relaxed matches; `None` when nothing matched. Most expressions have no
    /// mod in either, and those count as correct.
    pub fn mod_accuracy(&self) -> Option<f64> {
        self.accuracy(self.mod_)
    }

    fn accuracy(&self, attribute: Prf) -> Option<f64> {
        (self.relaxed.correct > 0).then(|| attribute.correct as f64 / self.relaxed.correct as f64)
    }
}

impl fmt::Display for TimexScores {
    /// A table in percent, one line per measure.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} docs, {} gold TIMEX3, {} system TIMEX3",
            self.docs, self.gold, self.system
        )?;
        writeln!(
            f,
            "{:<8} {:>7} {:>7} {:>7} {:>8} {:>7} {:>7} {:>9}",
            "", "P", "R", "F1", "correct", "system", "gold", "accuracy"
        )?;
        let pct = |x: f64| format!("{:.2}", 100.0 * x);
        let rows = [
            ("strict", self.strict, None),
            ("relaxed", self.relaxed, None),
            ("type", self.kind, Some(self.kind_accuracy())),
            ("value", self.value, Some(self.value_accuracy())),
            ("mod", self.mod_, Some(self.mod_accuracy())),
        ];
        for (name, prf, accuracy) in rows {
            let accuracy = match accuracy {
                None => String::new(),
                Some(None) => "-".to_string(),
                Some(Some(a)) => pct(a),
            };
            let line = format!(
                "{name:<8} {:>7} {:>7} {:>7} {:>8} {:>7} {:>7} {accuracy:>9}",
                pct(prf.precision()),
                pct(prf.recall()),
                pct(prf.f1()),
                prf.correct,
                prf.predicted,
                prf.gold,
            );
            writeln!(f, "{}", line.trim_end())?;
        }
        write!(
            f,
            "(type, value, mod: correct = relaxed matches with the gold attribute; accuracy = \
             correct / {} relaxed matches; value F1 is TempEval-3's headline figure)",
            self.relaxed.correct
        )
    }
}

/// What went wrong with one expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MistakeKind {
    /// A gold expression the system did not find (no overlap).
    Missed,
    /// A system expression overlapping no gold one.
    Spurious,
    /// A relaxed match whose span differs from the gold.
    Span,
    /// A relaxed match with another type.
    Type,
    /// A relaxed match with another value.
    Value,
    /// A relaxed match with another mod.
    Mod,
}

impl MistakeKind {
    /// Its name in listings: `missed`, `spurious`, `span`, `type`, `value`, `mod`.
    pub fn as_str(self) -> &'static str {
        match self {
            MistakeKind::Missed => "missed",
            MistakeKind::Spurious => "spurious",
            MistakeKind::Span => "span",
            MistakeKind::Type => "type",
            MistakeKind::Value => "value",
            MistakeKind::Mod => "mod",
        }
    }
}

/// One mistake, with what is needed to look at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// The document's name.
    pub doc: String,
    /// What went wrong.
    pub kind: MistakeKind,
    /// The gold expression (none when spurious).
    pub gold: Option<Timex>,
    /// The system's expression (none when missed).
    pub system: Option<Timex>,
    /// The text of the gold span, or of the system's when spurious.
    pub text: String,
    /// Up to 30 characters either side, the span in `[` `]`, line breaks as spaces.
    pub context: String,
}

impl fmt::Display for Mistake {
    /// One line: kind, document, spans and attributes, context.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let describe = |t: &Timex| {
            format!(
                "[{}..{}] {} {}{}",
                t.start,
                t.end,
                t.kind,
                t.value.as_deref().unwrap_or("-"),
                t.mod_
                    .as_deref()
                    .map(|m| format!(" mod={m}"))
                    .unwrap_or_default()
            )
        };
        write!(f, "{:<8} {} {:?}", self.kind.as_str(), self.doc, self.text)?;
        if let Some(g) = &self.gold {
            write!(f, "  gold {}", describe(g))?;
        }
        if let Some(s) = &self.system {
            write!(f, "  system {}", describe(s))?;
        }
        write!(f, "  | {}", self.context)
    }
}

/// Scores each document's system expressions against its gold ones.
pub fn score<'a>(runs: impl IntoIterator<Item = (&'a TimeDoc, &'a [Timex])>) -> TimexScores {
    let mut s = TimexScores::default();
    for (doc, system) in runs {
        score_doc(&mut s, doc, system);
    }
    s.gold = s.strict.gold;
    s.system = s.strict.predicted;
    s
}

fn score_doc(s: &mut TimexScores, doc: &TimeDoc, system: &[Timex]) {
    s.docs += 1;
    let gold = &doc.timexes;
    for prf in [
        &mut s.strict,
        &mut s.relaxed,
        &mut s.kind,
        &mut s.value,
        &mut s.mod_,
    ] {
        prf.gold += gold.len();
        prf.predicted += system.len();
    }

    let mut spans: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
    for t in gold {
        spans.entry((t.start, t.end)).or_default().0 += 1;
    }
    for t in system {
        spans.entry((t.start, t.end)).or_default().1 += 1;
    }
    s.strict.correct += spans.values().map(|&(g, p)| g.min(p)).sum::<usize>();

    let gold_match = crate::prf::match_overlapping(
        &gold.iter().map(|t| (t.start, t.end)).collect::<Vec<_>>(),
        &system.iter().map(|t| (t.start, t.end)).collect::<Vec<_>>(),
    );
    let mut system_matched = vec![false; system.len()];
    for &si in gold_match.iter().flatten() {
        system_matched[si] = true;
    }

    let text = Text::new(&doc.text);
    let mistake = |kind, at: &Timex, gold: Option<&Timex>, system: Option<&Timex>| Mistake {
        doc: doc.name.clone(),
        kind,
        gold: gold.cloned(),
        system: system.cloned(),
        text: text.slice(at.start, at.end).to_string(),
        context: text.context(at.start, at.end),
    };
    let mut mistakes: Vec<(usize, Mistake)> = Vec::new();
    for (g, matched) in gold.iter().zip(&gold_match) {
        let Some(&si) = matched.as_ref() else {
            mistakes.push((g.start, mistake(MistakeKind::Missed, g, Some(g), None)));
            continue;
        };
        let p = &system[si];
        s.relaxed.correct += 1;
        let checks = [
            (g.kind == p.kind, &mut s.kind, MistakeKind::Type),
            (g.value == p.value, &mut s.value, MistakeKind::Value),
            (g.mod_ == p.mod_, &mut s.mod_, MistakeKind::Mod),
            (
                (g.start, g.end) == (p.start, p.end),
                &mut Prf::default(),
                MistakeKind::Span,
            ),
        ];
        for (equal, prf, kind) in checks {
            if equal {
                prf.correct += 1;
            } else {
                mistakes.push((g.start, mistake(kind, g, Some(g), Some(p))));
            }
        }
    }
    for (p, matched) in system.iter().zip(&system_matched) {
        if !matched {
            mistakes.push((p.start, mistake(MistakeKind::Spurious, p, None, Some(p))));
        }
    }
    mistakes.sort_by_key(|(at, _)| *at);
    s.mistakes.extend(mistakes.into_iter().map(|(_, m)| m));
}

/// Character offsets over a text, clamped, so a system's bad offsets cannot panic. Shared with
/// the geoparsing scorer, whose listings show spans the same way.
pub(crate) struct Text<'a> {
    text: &'a str,
    /// Byte offset of each character, and of the end.
    bytes: Vec<usize>,
}

impl<'a> Text<'a> {
    pub(crate) fn new(text: &'a str) -> Text<'a> {
        let bytes = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        Text { text, bytes }
    }

    fn byte(&self, char: usize) -> usize {
        self.bytes[char.min(self.bytes.len() - 1)]
    }

    pub(crate) fn slice(&self, start: usize, end: usize) -> &'a str {
        let (a, b) = (self.byte(start), self.byte(end));
        &self.text[a..b.max(a)]
    }

    pub(crate) fn context(&self, start: usize, end: usize) -> String {
        const WIDTH: usize = 30;
        let before = self.slice(start.saturating_sub(WIDTH), start);
        let after = self.slice(end, end.saturating_add(WIDTH));
        let flat = |s: &str| s.replace(['\n', '\r', '\t'], " ");
        format!(
            "{}[{}]{}",
            flat(before),
            flat(self.slice(start, end)),
            flat(after)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(start: usize, end: usize, kind: &str, value: &str) -> Timex {
        Timex {
            start,
            end,
            kind: kind.into(),
            value: Some(value.into()),
            mod_: None,
        }
    }

    fn doc(text: &str, timexes: Vec<Timex>) -> TimeDoc {
        TimeDoc {
            name: "d1".into(),
            text: text.into(),
            dct: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            timexes,
        }
    }

    #[test]
    fn gold_against_itself_is_perfect() {
        let d = doc(
            "Today and last week.",
            vec![t(0, 5, "DATE", "2000-01-01"), t(10, 19, "DATE", "1999-W52")],
        );
        let s = score([(&d, d.timexes.as_slice())]);
        for prf in [s.strict, s.relaxed, s.kind, s.value, s.mod_] {
            assert_eq!(prf.f1(), 1.0);
        }
        assert_eq!((s.docs, s.gold, s.system), (1, 2, 2));
        assert!(s.mistakes.is_empty());
        assert_eq!(s.value_accuracy(), Some(1.0));
    }

    #[test]
    fn strict_relaxed_and_attribute_measures() {
        // 0         1         2         3         4
        // 0123456789012345678901234567890123456789012345
        // On Monday we met; for two weeks; since 1998 é.
        let text = "On Monday we met; for two weeks; since 1998 é.";
        let gold = vec![
            t(3, 9, "DATE", "2000-01-03"), // Monday: identical span, same value
            t(22, 31, "DURATION", "P2W"),  // two weeks: system has "for two weeks", wrong value
            t(39, 43, "DATE", "1998"),     // 1998: missed
            t(44, 45, "TIME", "T00:00"),   // é: identical span, wrong type, same value
        ];
        let system = vec![
            t(3, 9, "DATE", "2000-01-03"),
            t(18, 31, "DURATION", "P14D"),
            t(44, 45, "DATE", "T00:00"),
            t(13, 16, "DATE", "PAST_REF"), // met: spurious
            Timex {
                mod_: Some("APPROX".into()),
                ..t(0, 5, "DATE", "x")
            }, // "On Mo": loses Monday
        ];
        let d = doc(text, gold);
        let s = score([(&d, system.as_slice())]);
        let prf = |correct| Prf {
            correct,
            predicted: 5,
            gold: 4,
        };
        assert_eq!(s.strict, prf(2));
        assert_eq!(s.relaxed, prf(3));
        assert_eq!(s.kind, prf(2));
        assert_eq!(s.value, prf(2));
        assert_eq!(s.mod_, prf(3));
        // value: P 2/5, R 2/4, F1 2PR/(P+R) = 0.4444…
        assert!((s.value.f1() - 4.0 / 9.0).abs() < 1e-12);
        assert!((s.relaxed.f1() - 2.0 * 0.6 * 0.75 / 1.35).abs() < 1e-12);
        assert_eq!(s.kind_accuracy(), Some(2.0 / 3.0));
        assert_eq!(s.mod_accuracy(), Some(1.0));

        let kinds: Vec<(MistakeKind, &str)> = s
            .mistakes
            .iter()
            .map(|m| (m.kind, m.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (MistakeKind::Spurious, "On Mo"),
                (MistakeKind::Spurious, "met"),
                (MistakeKind::Value, "two weeks"),
                (MistakeKind::Span, "two weeks"),
                (MistakeKind::Missed, "1998"),
                (MistakeKind::Type, "é"),
            ]
        );
        let missed = &s.mistakes[4];
        assert_eq!(missed.context, " we met; for two weeks; since [1998] é.");
        let line = s.mistakes[2].to_string();
        assert!(line.starts_with("value    d1 \"two weeks\"  gold [22..31] DURATION P2W  system [18..31] DURATION P14D"), "{line}");
    }

    #[test]
    fn relaxed_matching_is_one_to_one_largest_overlap_first() {
        let text = "x".repeat(40);
        // One system span covers two gold ones: it goes to the one it overlaps most.
        let d = doc(&text, vec![t(0, 4, "DATE", "a"), t(5, 15, "DATE", "b")]);
        let system = [t(2, 15, "DATE", "b")];
        let s = score([(&d, system.as_slice())]);
        assert_eq!(s.relaxed.correct, 1);
        assert_eq!(
            s.value.correct, 1,
            "matched with the second gold expression"
        );
        assert_eq!(s.strict.correct, 0);
        // Duplicated identical spans match once each.
        let d = doc(&text, vec![t(0, 4, "DATE", "a")]);
        let system = [t(0, 4, "DATE", "a"), t(0, 4, "DATE", "a")];
        let s = score([(&d, system.as_slice())]);
        assert_eq!(
            s.strict,
            Prf {
                correct: 1,
                predicted: 2,
                gold: 1
            }
        );
        assert_eq!(s.relaxed.correct, 1);
    }

    #[test]
    fn nothing_found_and_bad_offsets() {
        let d = doc("Then.", vec![t(0, 4, "DATE", "PAST_REF")]);
        let s = score([(&d, &[][..])]);
        assert_eq!(
            (s.strict.precision(), s.strict.recall(), s.value.f1()),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(s.value_accuracy(), None);
        let table = s.to_string();
        assert!(
            table.contains("1 docs, 1 gold TIMEX3, 0 system TIMEX3"),
            "{table}"
        );
        assert!(
            table.contains(
                "\nvalue       0.00    0.00    0.00        0       0       1         -\n"
            ),
            "{table}"
        );
        // A system's offsets past the end or reversed are scored, not a panic.
        let system = [t(3, 99, "DATE", "x"), t(9, 2, "DATE", "y")];
        let s = score([(&d, system.as_slice())]);
        assert_eq!(s.relaxed.correct, 1);
        assert_eq!(s.mistakes.len(), 3, "{:?}", s.mistakes);
    }
}
