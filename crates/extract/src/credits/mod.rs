//! Credited sources: the outlets a report or a passage is credited to ("…, the Army Times
//! reports.", "according to Reuters", "Iran's FARS News Agency reported") and the outlets
//! spoken to ("told the Kommersant newspaper", "in an interview with AFP").
//!
//! An outlet is a name from the dictionary (`data/actors/media.tsv`), or a capitalised name
//! that ends in a head word ("… News Agency", "… Times") or stands beside a descriptor
//! ("business newspaper Kommersant") — the latter two only with a credit cue or descriptor
//! beside them (`data/lang/en/credit_cues.tsv`, `media_words.tsv`). A credit in the lead
//! sentence credits the whole report (`document.relayed_from`); elsewhere it credits its passage.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use wirewatch_doc::{Doc, EntityType, Layer, Span, TokenKind};

use crate::entities::{EntityIndex, Found};
use crate::resources::{CreditCues, CueRole, MediaDictionary, MediaWords};
use crate::Component;

/// Finds credited outlets.
#[derive(Debug)]
pub struct CreditsComponent {
    media: Arc<MediaDictionary>,
    words: MediaWords,
    cues: CreditCues,
    /// Lower-case function words: a run of only these ("The") names nothing.
    function_words: HashSet<String>,
}

/// An outlet name found in the text: token range and what it resolved to.
#[derive(Debug)]
struct Candidate {
    first: usize,
    last: usize,
    /// The name ends before the last token's period ("Ore." of "Il Sole 24 Ore.").
    trim_period: bool,
    /// The cue beside it, if any.
    role: Option<CueRole>,
    canonical: String,
    country: Option<String>,
}

impl CreditsComponent {
    /// A component over these resources.
    pub fn new(
        media: Arc<MediaDictionary>,
        words: MediaWords,
        cues: CreditCues,
        function_words: HashSet<String>,
    ) -> CreditsComponent {
        CreditsComponent {
            media,
            words,
            cues,
            function_words,
        }
    }
}

/// Token texts (normalised) of a document, for matching.
struct Words<'a> {
    doc: &'a Doc,
}

impl<'a> Words<'a> {
    fn len(&self) -> usize {
        self.doc.tokens.len()
    }
    fn get(&self, i: usize) -> &'a str {
        self.doc.token_norm(&self.doc.tokens[i])
    }
    /// The words `first..=last` as a name: as written, with any run of white space (a line
    /// break in hard-wrapped text) read as one space.
    fn name(&self, first: usize, last: usize) -> Cow<'a, str> {
        let (a, b) = (self.doc.tokens[first].norm, self.doc.tokens[last].norm);
        let raw = &self.doc.norm.text[a.start as usize..b.end as usize];
        if !raw.contains(|c: char| c.is_whitespace() && c != ' ') && !raw.contains("  ") {
            return Cow::Borrowed(raw);
        }
        let mut name = String::with_capacity(raw.len());
        for (k, t) in self.doc.tokens[first..=last].iter().enumerate() {
            name.push_str(self.doc.token_norm(t));
            if t.space_after && first + k < last {
                name.push(' ');
            }
        }
        Cow::Owned(name)
    }
    fn capitalised(&self, i: usize) -> bool {
        self.get(i).chars().next().is_some_and(char::is_uppercase)
    }
    /// True when the lower-cased words `seq` stand at `i..`.
    fn matches_at(&self, i: usize, seq: &[String]) -> bool {
        i + seq.len() <= self.len()
            && seq
                .iter()
                .enumerate()
                .all(|(k, w)| self.get(i + k).eq_ignore_ascii_case(w))
    }
    /// True when the words `seq` end at `end` (inclusive).
    fn matches_ending(&self, end: usize, seq: &[String]) -> bool {
        end + 1 >= seq.len() && self.matches_at(end + 1 - seq.len(), seq)
    }
}

const CONNECTORS: [&str; 4] = ["of", "and", "&", "al"];

impl CreditsComponent {
    /// Dictionary names, longest first at each capitalised token.
    fn dictionary_names(&self, w: &Words<'_>) -> Vec<Candidate> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < w.len() {
            let starts_name = w.capitalised(i)
                || (w.get(i) == "the" && i + 1 < w.len() && w.capitalised(i + 1))
                || self.media.starts_exactly(w.get(i)); // "dpa", "euronews", "i24NEWS"
            if !starts_name || !self.media.may_start(w.get(i)) {
                i += 1;
                continue;
            }
            let mut matched = None;
            for last in (i..w.len().min(i + self.media.max_words)).rev() {
                let raw = w.doc.tokens[last].norm.end - w.doc.tokens[i].norm.start;
                if raw as usize > 2 * self.media.max_bytes {
                    continue; // longer than any alias, however it is spaced
                }
                let name = w.name(i, last);
                if let Some(outlet) = self.media.get(&name) {
                    matched = Some((last, outlet, false));
                    break;
                }
                // "according to Il Sole 24 Ore." reads "Ore." as Oregon's abbreviation.
                let bare = name
                    .strip_suffix('.')
                    .filter(|_| w.doc.tokens[last].kind == TokenKind::Abbreviation);
                if let Some(outlet) = bare.and_then(|b| self.media.get(b)) {
                    matched = Some((last, outlet, true));
                    break;
                }
            }
            // "the Times of Zambia" is not "The Times": the name goes on.
            let continues = |last: usize| {
                last + 2 < w.len()
                    && matches!(w.get(last + 1), "of" | "for" | "de")
                    && w.capitalised(last + 2)
            };
            match matched.filter(|&(last, _, _)| !continues(last)) {
                Some((last, outlet, trim_period)) => {
                    // "the Guardian" is matched with its article; the mention is the name.
                    let article = w.get(i).eq_ignore_ascii_case("the") && last > i;
                    let first = if article { i + 1 } else { i };
                    found.push(Candidate {
                        first,
                        last,
                        trim_period,
                        role: self.cue(w, first, last).0,
                        canonical: outlet.canonical.clone(),
                        country: outlet.country.clone(),
                    });
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        found
    }

    /// Capitalised runs ("Tasnim News Agency", "Kommersant"), not overlapping known names.
    fn capitalised_runs(&self, w: &Words<'_>, known: &[Candidate]) -> Vec<(usize, usize)> {
        let mut covered = vec![false; w.len()];
        for c in known {
            covered[c.first..=c.last].iter_mut().for_each(|x| *x = true);
        }
        let mut runs = Vec::new();
        let mut i = 0;
        while i < w.len() {
            if !w.capitalised(i) || covered[i] || w.doc.tokens[i].kind == TokenKind::Abbreviation {
                i += 1;
                continue;
            }
            let mut last = i;
            while last + 1 < w.len() {
                let next = last + 1;
                if covered[next] {
                    break;
                }
                if w.capitalised(next) && w.doc.tokens[next].kind != TokenKind::Abbreviation
                    || (CONNECTORS.contains(&w.get(next))
                        && next + 1 < w.len()
                        && w.capitalised(next + 1))
                {
                    last = next;
                } else {
                    break;
                }
            }
            runs.push((i, last));
            i = last + 1;
        }
        runs
    }

    /// The role of the credit cue around tokens `first..=last`, if any. Descriptors and "the"
    /// may stand between the cue and the name ("told Russian business newspaper Kommersant").
    fn cue(&self, w: &Words<'_>, first: usize, last: usize) -> (Option<CueRole>, bool) {
        let mut described = false;
        // After the name: an optional descriptor, then an "after" cue.
        let mut after = last + 1;
        for d in &self.words.descriptors {
            if w.matches_at(after, d) {
                if after + d.len() < w.len() && w.capitalised(after + d.len()) {
                    // "British newspaper The Guardian": the run is a modifier, not the name.
                    return (None, false);
                }
                after += d.len();
                described = true;
                break;
            }
        }
        let after_cue = self
            .cues
            .phrases
            .iter()
            .any(|(seq, role)| *role == CueRole::After && w.matches_at(after, seq));
        let (before, described_before) = self.cue_before(w, first);
        let role = if after_cue {
            Some(CueRole::After)
        } else {
            before
        };
        (role, described || described_before)
    }

    /// The cue before tokens `first..`, skipping "the", descriptors and up to two modifiers
    /// ("told Russian business newspaper Kommersant"); and whether a descriptor was seen.
    fn cue_before(&self, w: &Words<'_>, first: usize) -> (Option<CueRole>, bool) {
        let mut described = false;
        let mut end = first;
        let mut skipped = 0;
        loop {
            if end == 0 {
                break;
            }
            let prev = end - 1;
            if let Some((_, role)) = self
                .cues
                .phrases
                .iter()
                .find(|(seq, role)| *role != CueRole::After && w.matches_ending(prev, seq))
            {
                return (Some(*role), described);
            }
            if let Some(d) = self
                .words
                .descriptors
                .iter()
                .find(|d| w.matches_ending(prev, d))
            {
                described = true;
                end -= d.len();
                continue;
            }
            let word = w.get(prev);
            let modifier = word.eq_ignore_ascii_case("the")
                || word == "'s"
                || (skipped < 2 && w.doc.tokens[prev].kind == TokenKind::Word && described);
            if !modifier {
                break;
            }
            if !word.eq_ignore_ascii_case("the") && word != "'s" {
                skipped += 1;
            }
            end = prev;
        }
        (None, described)
    }

    /// True when the run holds a head word and more: "Army Times", "Times of Zambia",
    /// "Tasnim News Agency" (a head alone, "Times", is not a name).
    fn has_head(&self, w: &Words<'_>, first: usize, last: usize) -> bool {
        let len = last + 1 - first;
        self.words.heads.iter().any(|h| {
            len > h.len()
                && (first..=last + 1 - h.len())
                    .any(|at| h.iter().enumerate().all(|(k, word)| w.get(at + k) == word))
        })
    }
}

impl Component for CreditsComponent {
    fn name(&self) -> &'static str {
        "credits"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Dateline]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Credits]
    }

    fn languages(&self) -> Option<&'static [&'static str]> {
        Some(&["en"])
    }

    fn run(&self, doc: &mut Doc) {
        let w = Words { doc };
        let mut candidates = self.dictionary_names(&w);
        for (first, last) in self.capitalised_runs(&w, &candidates) {
            if (first..=last).all(|k| self.function_words.contains(&w.get(k).to_lowercase())) {
                continue; // "The newspaper reports": the descriptor names no outlet
            }
            // "two British newspapers reported", "told the Australian news agency": a lone
            // nationality before a descriptor describes, unless a capital "The" makes it a
            // title ("The Australian newspaper"). A stopgap until the demonym list lands.
            let demonym_like = first == last
                && ["an", "ish", "ese", "i", "ch"]
                    .iter()
                    .any(|s| w.get(first).ends_with(s))
                && self
                    .words
                    .descriptors
                    .iter()
                    .any(|d| w.matches_at(last + 1, d));
            if demonym_like && (first == 0 || w.get(first - 1) != "The") {
                continue;
            }
            let (role, described) = self.cue(&w, first, last);
            let headed = self.has_head(&w, first, last);
            if (headed || described) && (role.is_some() || (described && headed)) {
                // A found name is known without its article ("The Chicago Tribune"), unless
                // the article is all that stands before the head ("The Age", "The Sun").
                let start = if w.get(first) == "The" && last > first + 1 {
                    first + 1
                } else {
                    first
                };
                candidates.push(Candidate {
                    first: start,
                    last,
                    trim_period: false,
                    role,
                    canonical: w.name(start, last).into_owned(),
                    country: None,
                });
            }
        }
        candidates.sort_by_key(|c| c.first);
        let lead_end = doc.sentences.first().map_or(0, |s| s.tokens.end as usize);
        let dateline_outlet = doc.dateline.and_then(|d| d.outlet);
        let mut index = EntityIndex::of(doc);
        let publisher = dateline_outlet.and_then(|s| {
            doc.entities
                .iter()
                .position(|e| e.mentions.iter().any(|m| m.span == s))
        });
        let mut relayed = Vec::new();
        let mut seen = HashSet::new();
        for c in &candidates {
            let (first, last) = (doc.tokens[c.first], doc.tokens[c.last]);
            let end = if c.trim_period {
                // The period may have been written as something longer ("&#46;").
                doc.norm
                    .to_original(Span::new(last.norm.start, last.norm.end - 1))
                    .end
            } else {
                last.span.end
            };
            let span = Span::new(first.span.start, end);
            if Some(span) == dateline_outlet {
                continue;
            }
            let found = Found {
                kind: EntityType::Org,
                subtype: Some("media"),
                name: &c.canonical,
                country: c.country.as_deref(),
            };
            let id = index.add_mention(doc, found, span);
            let credits = matches!(c.role, Some(CueRole::After | CueRole::Before));
            // The publisher itself is not a relay.
            if credits && c.last < lead_end && Some(id.0 as usize) != publisher && seen.insert(id) {
                relayed.push(id);
            }
        }
        doc.relayed_from = relayed;
    }
}
