//! Credited sources: the outlets a report or a passage is credited to ("…, the Army Times
//! reports.", "according to Reuters", "Iran's FARS News Agency reported") and the outlets
//! spoken to ("told the Kommersant newspaper", "in an interview with AFP").
//!
//! An outlet is a name from the dictionary (`data/actors/media.tsv`), or a capitalised name
//! that ends in a head word ("… News Agency", "… Times") or stands beside a descriptor
//! ("business newspaper Kommersant") — the latter two only with a credit cue or descriptor
//! beside them (`data/lang/en/credit_cues.tsv`, `media_words.tsv`). A credit in the lead
//! sentence credits the whole report (`document.relayed_from`); elsewhere it credits its passage.

use std::sync::Arc;

use wirewatch_doc::{Doc, EntityType, Layer, Span, TokenKind};

use crate::entities::{add_mention, Found};
use crate::resources::{CreditCues, CueRole, MediaDictionary, MediaWords};
use crate::Component;

/// Finds credited outlets.
#[derive(Debug)]
pub struct CreditsComponent {
    media: Arc<MediaDictionary>,
    words: MediaWords,
    cues: CreditCues,
}

/// An outlet name found in the text: token range and what it resolved to.
#[derive(Debug)]
struct Candidate {
    first: usize,
    last: usize,
    canonical: String,
    country: Option<String>,
}

impl CreditsComponent {
    /// A component over these resources.
    pub fn new(
        media: Arc<MediaDictionary>,
        words: MediaWords,
        cues: CreditCues,
    ) -> CreditsComponent {
        CreditsComponent { media, words, cues }
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
    fn slice(&self, first: usize, last: usize) -> &'a str {
        let (a, b) = (self.doc.tokens[first].norm, self.doc.tokens[last].norm);
        &self.doc.norm.text[a.start as usize..b.end as usize]
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
            let starts_name =
                w.capitalised(i) || (w.get(i) == "the" && i + 1 < w.len() && w.capitalised(i + 1));
            if !starts_name || !self.media.may_start(w.get(i)) {
                i += 1;
                continue;
            }
            let mut matched = None;
            for last in (i..w.len().min(i + self.media.max_words)).rev() {
                if let Some(outlet) = self.media.get(w.slice(i, last)) {
                    matched = Some((last, outlet));
                    break;
                }
            }
            match matched {
                Some((last, outlet)) => {
                    found.push(Candidate {
                        first: i,
                        last,
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
            if !w.capitalised(i) || covered[i] {
                i += 1;
                continue;
            }
            let mut last = i;
            while last + 1 < w.len() {
                let next = last + 1;
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
                after += d.len();
                described = true;
                break;
            }
        }
        for (seq, role) in &self.cues.phrases {
            if *role == CueRole::After && w.matches_at(after, seq) {
                return (Some(CueRole::After), described);
            }
        }
        // Before the name: "the", descriptors and up to two modifiers, then a cue.
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

    fn ends_in_head(&self, w: &Words<'_>, first: usize, last: usize) -> bool {
        self.words.heads.iter().any(|h| {
            let exact: Vec<&str> = h.iter().map(String::as_str).collect();
            last + 1 > first + exact.len() // a head alone is not a name
                && (0..exact.len()).all(|k| w.get(last + 1 - exact.len() + k) == exact[k])
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
            let (role, described) = self.cue(&w, first, last);
            let headed = self.ends_in_head(&w, first, last);
            if (headed && role.is_some()) || (described && role.is_some()) || (described && headed)
            {
                candidates.push(Candidate {
                    first,
                    last,
                    canonical: w.slice(first, last).to_string(),
                    country: None,
                });
            }
        }
        candidates.sort_by_key(|c| c.first);
        let lead_end = doc.sentences.first().map_or(0, |s| s.tokens.end as usize);
        let dateline_outlet = doc.dateline.and_then(|d| d.outlet);
        let mut relayed = Vec::new();
        let cues: Vec<_> = candidates
            .iter()
            .map(|c| self.cue(&w, c.first, c.last).0)
            .collect();
        for (c, role) in candidates.iter().zip(cues) {
            // "the Guardian" is matched with its article; the mention is the name.
            let first = if doc.token_norm(&doc.tokens[c.first]) == "the" {
                c.first + 1
            } else {
                c.first
            };
            let span = Span::new(doc.tokens[first].span.start, doc.tokens[c.last].span.end);
            if Some(span) == dateline_outlet {
                continue;
            }
            let id = add_mention(
                doc,
                Found {
                    kind: EntityType::Org,
                    subtype: Some("media"),
                    name: &c.canonical,
                    country: c.country.as_deref(),
                },
                span,
            );
            let credits = matches!(role, Some(CueRole::After | CueRole::Before));
            if credits && c.last < lead_end && !relayed.contains(&id) {
                relayed.push(id);
            }
        }
        // The publisher itself is not a relay.
        let publisher = dateline_outlet.and_then(|s| {
            doc.entities
                .iter()
                .position(|e| e.mentions.iter().any(|m| m.span == s))
        });
        relayed.retain(|id| Some(id.0 as usize) != publisher);
        doc.relayed_from = relayed;
    }
}
