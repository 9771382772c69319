//! The quotes layer: who said what, to whom, relayed by whom.
//!
//! Quote marks are paired within paragraphs (a quote running over paragraphs opens each with
//! a mark and closes only at its end; a mark left open is dropped, not the rest of the text).
//! A quote that is whole sentences is direct; one inside a sentence is partial. Its source is
//! read from the cue beside it ("…," Campbell noted), or before it in its sentence (Campbell
//! told the newspaper that IS has a "hard message to sell"), or, for a quote standing alone,
//! from the attribution just before it. Reported speech is a cue followed by "that", or a
//! sentence ending in its source ("…, Iran's FARS News Agency reported."). Sources are entity
//! mentions of any kind, so "the general" and "he" are the people they refer to. The relay
//! chain runs from the publishing outlet through the outlet spoken to, or else the outlets the
//! whole report is credited to.

use std::collections::{HashMap, HashSet};

use wirewatch_doc::{Doc, EntityId, EntityType, Layer, Quote, QuoteKind, Span, Strength};
use wirewatch_nlp::data::{read_tsv, DataError};
use wirewatch_nlp::DataFile;

use crate::attribution_tagger::{self, AttributionTagger, Facts, Found};
use crate::Component;

/// The speech cues, as their tokens in lower case.
#[derive(Debug, Default)]
pub struct SpeechCues {
    verbs: HashSet<String>,
    /// Verbs whose content may be a "to" clause ("refused to release his tax records").
    intent: HashSet<String>,
    before: Vec<Vec<String>>,
    hearsay: Vec<Vec<String>>,
}

impl SpeechCues {
    /// Parses `cue<TAB>kind` rows (verb, before, hearsay); `tokenize` splits a phrase as the
    /// text will be split.
    pub fn parse(
        file: DataFile,
        tokenize: impl Fn(&str) -> Vec<String>,
    ) -> Result<SpeechCues, DataError> {
        let mut cues = SpeechCues::default();
        for row in read_tsv(file.path, file.text, &["cue", "kind"])? {
            let tokens: Vec<String> = tokenize(row.cells[0])
                .into_iter()
                .map(|t| t.to_lowercase())
                .collect();
            match row.cells[1] {
                "verb" => {
                    cues.verbs.insert(row.cells[0].to_lowercase());
                }
                "intent" => {
                    cues.verbs.insert(row.cells[0].to_lowercase());
                    cues.intent.insert(row.cells[0].to_lowercase());
                }
                "before" => cues.before.push(tokens),
                "hearsay" => cues.hearsay.push(tokens),
                other => {
                    return Err(DataError::Line {
                        file: file.path.into(),
                        line: row.line,
                        message: format!(
                            "kind {other:?}, expected verb, intent, before or hearsay"
                        ),
                    })
                }
            }
        }
        Ok(cues)
    }
}

/// Finds quotes and reported speech.
#[derive(Debug)]
pub struct QuotesComponent {
    cues: SpeechCues,
    /// Nouns of sources not named ("officials", "a source").
    anonymous: HashSet<String>,
    /// The learned reading of attributions no rule finds; an empty model finds none.
    tagger: AttributionTagger,
}

impl QuotesComponent {
    /// The component over its word lists and its learned tagger.
    pub fn new(
        cues: SpeechCues,
        anonymous: HashSet<String>,
        tagger: AttributionTagger,
    ) -> QuotesComponent {
        QuotesComponent {
            cues,
            anonymous,
            tagger,
        }
    }

    /// What the learned tagger reads of `doc` (which must have its entities): for training it.
    pub fn tagger_facts(&self, doc: &Doc) -> Facts {
        let r = reading(doc);
        let (_, in_quote) = quoted(&r);
        self.facts(&r, in_quote)
    }
}

/// The document as the component reads it.
fn reading(doc: &Doc) -> Reading<'_> {
    let mut owner = vec![None; doc.tokens.len()];
    for (k, e) in doc.entities.iter().enumerate() {
        for m in &e.mentions {
            let mut t = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
            while t < doc.tokens.len() && doc.tokens[t].span.start < m.span.end {
                owner[t] = Some((EntityId(k as u32), m.span));
                t += 1;
            }
        }
    }
    let lower = doc
        .tokens
        .iter()
        .map(|t| doc.token_norm(t).to_lowercase())
        .collect();
    Reading { doc, owner, lower }
}

/// The paired quote marks, and for each token whether a pair holds it (its opening mark
/// included).
fn quoted(r: &Reading<'_>) -> (Vec<(usize, usize)>, Vec<bool>) {
    let doc = r.doc;
    let marks: Vec<usize> = (0..doc.tokens.len())
        .filter(|&k| is_quote_mark(doc.token_norm(&doc.tokens[k])))
        .collect();
    let pairs = pair_marks(r, &marks);
    let mut in_quote = vec![false; doc.tokens.len()];
    for &(open, close) in &pairs {
        for q in in_quote.iter_mut().take(close).skip(open) {
            *q = true;
        }
    }
    (pairs, in_quote)
}

/// Who said something, as read at one place.
#[derive(Clone, Copy, Debug, Default)]
struct Source {
    speaker: Option<EntityId>,
    mention: Option<Span>,
    cue: Option<Span>,
    addressee: Option<EntityId>,
    anonymous: bool,
}

/// What the component reads a document with: each token's mention, its lower-case form.
struct Reading<'a> {
    doc: &'a Doc,
    /// For each token, the entity and mention span it belongs to.
    owner: Vec<Option<(EntityId, Span)>>,
    lower: Vec<String>,
}

impl Reading<'_> {
    fn entity_kind(&self, id: EntityId) -> EntityType {
        self.doc.entities[id.0 as usize].kind
    }
    fn is_media(&self, id: EntityId) -> bool {
        self.doc.entities[id.0 as usize].subtype == Some("media")
    }
    /// Whether a paragraph break lies between two tokens.
    fn break_between(&self, a: usize, b: usize) -> bool {
        let (t, u) = (&self.doc.tokens[a], &self.doc.tokens[b]);
        self.doc.text[t.span.end as usize..u.span.start as usize].contains('\n')
    }
}

/// The most tokens of a paragraph that introduces a block quotation ("The governor added:").
const BLOCK_INTRODUCTION: usize = 12;

/// How many tokens after a quote its cue may stand, past a speaker's name and title.
const AFTER_QUOTE_REACH: usize = 12;

/// A learned attribution's content of this many tokens or fewer is dropped: on PolNeAR dev,
/// most such are a phrase the verb governs, not a claim.
const MIN_LEARNED_CONTENT_TOKENS: usize = 2;

/// Pronouns that may stand for a quote's speaker.
fn is_speaker_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "they" | "we" | "i")
}

/// Quote marks: the double marks in every form news uses.
fn is_quote_mark(token: &str) -> bool {
    matches!(token, "\"" | "“" | "”" | "«" | "»" | "„" | "''" | "``")
}

impl Component for QuotesComponent {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }
    fn languages(&self) -> Option<&'static [&'static str]> {
        Some(&["en"])
    }
    fn run(&self, doc: &mut Doc) {
        let r = reading(doc);
        let quotes = self.find(&r);
        doc.quotes = quotes;
    }
}

impl QuotesComponent {
    /// Whether token `k` is a speech verb: one of the cues, written in lower case ("the
    /// United States" holds no verb "states").
    fn is_cue(&self, r: &Reading<'_>, k: usize) -> bool {
        // After a determiner or a possessive the word is a noun ("the plan", "Trump's call").
        let noun = k > 0
            && matches!(
                r.lower[k - 1].as_str(),
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "our"
                    | "my"
                    | "your"
                    | "'s"
                    | "’s"
                    | "this"
                    | "these"
                    | "those"
                    | "of"
                    | "for"
                    | "no"
            );
        self.cues.verbs.contains(&r.lower[k])
            && !noun
            && !r
                .doc
                .token_norm(&r.doc.tokens[k])
                .starts_with(char::is_uppercase)
    }

    fn find(&self, r: &Reading<'_>) -> Vec<Quote> {
        let doc = r.doc;
        let (pairs, in_quote) = quoted(r);
        let outlet = publisher(doc);
        // Whether each sentence reports talk with no source ("there have been reports"), found
        // once per sentence rather than once per quote.
        let hearsay_in: Vec<bool> = doc
            .sentences
            .iter()
            .map(|s| {
                let (a, b) = (s.tokens.start as usize, s.tokens.end as usize);
                (a..b).any(|k| starts_with(&r.lower[k..b], &self.cues.hearsay))
            })
            .collect();
        let mut out: Vec<Quote> = Vec::new();
        let mut last: Option<(usize, Source)> = None;
        let mut next_pair = 0;
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let (first, end) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
            // Reported speech in this sentence, outside quotes.
            let mut found: Vec<(usize, Quote, Source)> = Vec::new();
            for (at, content, source) in self.reported(r, first, end, &in_quote) {
                found.push((
                    at,
                    self.quote(r, QuoteKind::Indirect, content, source, outlet, &hearsay_in),
                    source,
                ));
            }
            // Quotes that open in this sentence.
            while next_pair < pairs.len() && pairs[next_pair].0 < end {
                let (open, close) = pairs[next_pair];
                next_pair += 1;
                if open < first || close <= open + 1 {
                    continue;
                }
                // `"PENCE: Well, look, …`: a transcript's speaker label opens the quote.
                let label = colon_speaker(r, open + 1, close);
                let from = label.map_or(open + 1, |(_, colon)| colon.1 + 1);
                if from >= close {
                    continue;
                }
                let content =
                    Span::new(doc.tokens[from].span.start, doc.tokens[close - 1].span.end);
                let before_in_sentence = found.last().map(|f| f.2);
                let source = label
                    .map(|(source, _)| source)
                    .or_else(|| self.source_after(r, close))
                    .map(|s| {
                        // "they", "we", "I" stand for no one person named before.
                        let singular = s.mention.is_some_and(|m| {
                            matches!(doc.span_text(m).to_lowercase().as_str(), "he" | "she")
                        });
                        if s.speaker.is_some() || !singular {
                            return s;
                        }
                        // An unlinked pronoun: the speaker just before, else the person
                        // named last before the quote.
                        let speaker = last
                            .filter(|(at, l)| si <= at + 2 && l.speaker.is_some())
                            .and_then(|(_, l)| l.speaker)
                            .or_else(|| {
                                person_before(r, 0, open, &in_quote, Which::Last)
                                    .and_then(|p| p.speaker)
                            });
                        Source { speaker, ..s }
                    })
                    .or_else(|| self.source_before(r, first, open, &in_quote, before_in_sentence))
                    .or_else(|| self.source_before_colon(r, si, open, &in_quote))
                    .or_else(|| person_before(r, first, open, &in_quote, Which::First))
                    .or_else(|| {
                        // A quote standing alone continues the attribution just before it.
                        last.filter(|(s, _)| si <= s + 2).map(|(_, source)| Source {
                            mention: None,
                            cue: None,
                            ..source
                        })
                    })
                    .unwrap_or_default();
                // A quote that opens its sentence (or follows a colon) is whole sentences.
                let kind = if open == first || r.lower[open - 1] == ":" {
                    QuoteKind::Direct
                } else {
                    QuoteKind::Partial
                };
                found.push((
                    open,
                    self.quote(r, kind, content, source, outlet, &hearsay_in),
                    source,
                ));
            }
            found.sort_by_key(|f| f.0);
            for (_, quote, source) in found {
                if source.speaker.is_some() || source.anonymous {
                    last = Some((si, source));
                }
                out.push(quote);
            }
        }
        // What the rules read inside a block quotation is its speaker's words, not speech
        // the speaker reports.
        let blocks = self.block_quotes(r, &in_quote, outlet, &hearsay_in);
        // Blocks are whole paragraphs in text order: the one a quote could lie in is the last
        // that starts at or before it.
        out.retain(|q| {
            let at = blocks.partition_point(|b| b.content.start <= q.content.start);
            at.checked_sub(1)
                .is_none_or(|i| q.content.end > blocks[i].content.end)
        });
        out.extend(blocks);
        out.sort_by_key(|q| (q.content.start, q.content.end));
        if !self.tagger.is_empty() {
            self.add_learned(r, in_quote, outlet, &hearsay_in, &mut out);
        }
        for q in &mut out {
            if let Some((speaker, pronoun, content)) = relative_source(r, q) {
                let source = Source {
                    speaker,
                    mention: Some(pronoun),
                    cue: q.cue,
                    addressee: q.addressee,
                    anonymous: false,
                };
                *q = Quote {
                    continues: q.continues,
                    ..self.quote(r, q.kind, content, source, outlet, &hearsay_in)
                };
            }
        }
        // Words in quote marks with no cue and no one named to say them are a title, a scare
        // quote or a nickname ("the “War On Drugs”", "her documentary “13th”"), not speech;
        // so are those with no cue right after a possessive ("NBC's “Nightly News”").
        out.retain(|q| {
            q.kind != QuoteKind::Partial
                || q.cue.is_some()
                || (q.speaker_mention.is_some() && !after_possessive(r, q.content))
        });
        // "“…,” Obama said after meeting with Putin": the words after a cue that attributes the
        // quote before it tell when and where, not what.
        let quoted_cues: HashSet<Span> = out
            .iter()
            .filter(|q| q.kind != QuoteKind::Indirect)
            .filter_map(|q| q.cue.filter(|c| q.content.end <= c.start))
            .collect();
        // "“…,” she explained in an [interview with …]": a cue that starts as a quote's does
        // but runs on past it reads the words after the attribution.
        let quoted_starts: HashSet<u32> = quoted_cues.iter().map(|c| c.start).collect();
        out.retain(|q| {
            q.kind != QuoteKind::Indirect
                || !q.cue.is_some_and(|c| {
                    (quoted_cues.contains(&c)
                        && c.end <= q.content.start
                        && opens_circumstance(r, q.content))
                        || (!quoted_cues.contains(&c)
                            && quoted_starts.contains(&c.start)
                            && c.end <= q.content.start)
                })
        });
        out.sort_by_key(|q| (q.content.start, q.content.end));
        // "Stein said [she plans to join …]": what the speaker of a reported clause says
        // inside it ("she plans [to join …]") is the same attribution, not another.
        let mut held = inside_own_clause(&out).into_iter();
        out.retain(|_| !held.next().unwrap_or(false));
        // "saying [revelations about Trump's tax history show [the need for reform]]": a
        // verb of thought, wish or evidence inside another speaker's reported clause is part
        // of what that speaker said; a verb of saying there is speech reported at second hand.
        let mut held = inside_other_clause(&out).into_iter();
        out.retain(|q| !held.next().unwrap_or(false) || q.cue.is_some_and(|c| is_speech_cue(r, c)));
        // "[Through a spokesman], he declined [to comment]": words before a cue that also has
        // what was said after it, opening as a circumstance does, tell how or when.
        // "[Scott is one of 707 people shot], according to a database [tracking such deaths]":
        // after "according to" stands who said it, not more of what.
        let after_cue: HashSet<Span> = out
            .iter()
            .filter_map(|q| q.cue.filter(|c| q.content.start >= c.end))
            .collect();
        let before_cue: HashSet<Span> = out
            .iter()
            .filter_map(|q| q.cue.filter(|c| q.content.end <= c.start))
            .collect();
        out.retain(|q| {
            q.kind != QuoteKind::Indirect
                || !q.cue.is_some_and(|c| {
                    (q.content.end <= c.start
                        && after_cue.contains(&c)
                        && (opens_circumstance(r, q.content)
                            || opens_with_conjunction(r, q.content)))
                        || (q.content.start >= c.end
                            && before_cue.contains(&c)
                            && r.lower
                                .get(r.doc.token_range(c).start)
                                .is_some_and(|w| w == "according"))
                })
        });
        link_split_quotes(doc, &mut out);
        link_same_cue(&mut out);
        out
    }

    /// What the learned tagger reads of the document.
    fn facts(&self, r: &Reading<'_>, in_quote: Vec<bool>) -> Facts {
        let listed = (0..r.doc.tokens.len()).map(|k| self.is_cue(r, k)).collect();
        Facts::new(r.doc, in_quote, listed)
    }

    /// Adds to the rules' quotes (`out`) what the learned tagger finds that they did not, and
    /// gives a rule quote with no cue the cue and source of a learned attribution around it.
    fn add_learned(
        &self,
        r: &Reading<'_>,
        in_quote: Vec<bool>,
        outlet: Option<EntityId>,
        hearsay_in: &[bool],
        out: &mut Vec<Quote>,
    ) {
        let doc = r.doc;
        let n = doc.tokens.len();
        let facts = self.facts(r, in_quote);
        // What the rules read as said (a cue found inside it would only repeat them) and their
        // cues, token by token, and counted before each token, so that asking whether a
        // stretch holds any costs two subtractions.
        let mut in_rule_content = vec![false; n];
        let mut in_rule_cue = vec![false; n];
        // Each sentence's rule quotes with no cue of their own, which a learned attribution
        // around them may give one.
        let sentence_of = |offset: u32| doc.sentences.partition_point(|s| s.span.end <= offset);
        let mut cueless: Vec<Vec<usize>> = vec![Vec::new(); doc.sentences.len() + 1];
        for (i, q) in out.iter().enumerate() {
            for t in doc.token_range(q.content) {
                in_rule_content[t] = true;
            }
            match q.cue {
                Some(cue) => doc.token_range(cue).for_each(|t| in_rule_cue[t] = true),
                None => cueless[sentence_of(q.content.start).min(doc.sentences.len())].push(i),
            }
        }
        let count = |marks: &[bool]| {
            let mut before = vec![0u32; n + 1];
            for (k, &m) in marks.iter().enumerate() {
                before[k + 1] = before[k] + u32::from(m);
            }
            before
        };
        let (rule_content, rule_cue) = (count(&in_rule_content), count(&in_rule_cue));
        let any = |before: &[u32], tokens: &std::ops::Range<usize>| {
            before[tokens.end] > before[tokens.start]
        };
        let roles = self.tagger.tag(doc, &facts, &in_rule_content);
        for found in attribution_tagger::assemble(&facts, &roles) {
            let (Some(content), Some(cue)) = (
                doc.tokens_span(found.content.clone()),
                doc.tokens_span(found.cue.clone()),
            ) else {
                continue;
            };
            // The rules' reading stands where they found anything. A cue they used may still
            // lead to a content of the tagger's: the rules often take a cue after a quote
            // for it when the cue begins the next clause. (Learned contents and cues are
            // runs of distinct tags, so they never overlap one another.)
            let taken = any(&rule_content, &found.content)
                || any(&rule_content, &found.cue)
                || any(&rule_cue, &found.content);
            let source = self.learned_source(r, &found, cue, &facts.in_quote);
            if taken {
                // A quote the rules found no cue for, inside what the tagger reads as said,
                // has the tagger's cue and source ("Trump tweeted that, "For those …"", "the
                // announcer said, "It's 3 a.m. …""): the rules' speaker for it was a guess
                // from the people named before, the tagger's is the words before its cue.
                if source.mention.is_some() {
                    let here = found.sentence.min(doc.sentences.len());
                    for &i in &cueless[here] {
                        let q = &out[i];
                        if content.start <= q.content.start && q.content.end <= content.end {
                            out[i] = Quote {
                                continues: q.continues,
                                ..self.quote(r, q.kind, q.content, source, outlet, hearsay_in)
                            };
                        }
                    }
                }
                continue;
            }
            // Talk with no one to give it to is more often no talk at all; and two words are
            // seldom a claim ("set [about persuading]", "said [this weekend]").
            if source.mention.is_none() || found.content.len() <= MIN_LEARNED_CONTENT_TOKENS {
                continue;
            }
            // "[The city council] appeared": words tagged as said that are the source too.
            if source
                .mention
                .is_some_and(|m| m.start < content.end && content.start < m.end)
            {
                continue;
            }
            // "The poll was [released on Monday]": a cue of nothing but auxiliaries is none.
            if found.cue.clone().all(|k| is_auxiliary(&r.lower[k])) {
                continue;
            }
            // "said of [the plan]" is what a quote was about; "said on Saturday night at the
            // [gala dinner in Washington]", a preposition's object after the cue, where or
            // when; "spoke [to Senator Jones on Sunday]", to whom.
            let said_of = found.content.start >= 2
                && r.lower[found.content.start - 1] == "of"
                && is_say(&r.lower[found.content.start - 2]);
            if said_of
                || object_of_circumstance(r, found.cue.end, found.content.start)
                || only_listener(r, found.content.clone())
            {
                continue;
            }
            out.push(self.quote(r, QuoteKind::Indirect, content, source, outlet, hearsay_in));
        }
    }

    /// The source of an attribution the tagger found: a noun for unnamed sources before any
    /// name in its tagged words ("officials at the agency"), else a person named in them, else
    /// another entity that can speak; failing those, the clause's subject as the rules read
    /// it, the sentence's, the tagged words as they stand, or the words before the cue.
    fn learned_source(
        &self,
        r: &Reading<'_>,
        found: &Found,
        cue: Span,
        in_quote: &[bool],
    ) -> Source {
        let doc = r.doc;
        let at = found.cue.start;
        let first = doc
            .sentences
            .get(found.sentence)
            .map_or(at, |s| s.tokens.start as usize);
        let bare = Source {
            cue: Some(cue),
            addressee: self.addressee(r, at),
            ..Source::default()
        };
        // The tagged words, when they name an entity or an unnamed source.
        let tagged = found.source.clone().map(|words| {
            let anonymous = words
                .clone()
                .take_while(|&k| r.owner[k].is_none())
                .any(|k| self.anonymous.contains(&r.lower[k]));
            // "Russian Foreign Minister Sergei Lavrov", "U.S. Secretary of State John Kerry":
            // a person named in them, else the first entity that can speak.
            let named = (!anonymous)
                .then(|| {
                    let mut owners = words.clone().filter_map(|k| r.owner[k]);
                    owners
                        .clone()
                        .find(|(e, _)| r.entity_kind(*e) == EntityType::Person)
                        .or_else(|| owners.find(|(e, _)| speaker_kind(r.entity_kind(*e))))
                })
                .flatten();
            let span = Span::new(
                doc.tokens[words.start].span.start,
                doc.tokens[words.end - 1].span.end,
            );
            (named, anonymous, span)
        });
        match tagged {
            Some((Some((e, mention)), _, _)) => Source {
                speaker: Some(e),
                mention: Some(mention),
                ..bare
            },
            Some((None, true, span)) => Source {
                mention: Some(span),
                anonymous: true,
                ..bare
            },
            // Tagged words that name no one, or none: the clause's subject as the rules read
            // it, else the sentence's, else the tagged words as they stand; with no tagged
            // words, the words before the cue that name someone no entity holds.
            other => self
                .subject(r, first, at, in_quote)
                .filter(|s| s.speaker.is_some())
                .map(|s| Source {
                    cue: Some(cue),
                    ..s
                })
                .or_else(|| {
                    sentence_subject(r, first, at, in_quote).map(|(e, mention)| Source {
                        speaker: Some(e),
                        mention: Some(mention),
                        ..bare
                    })
                })
                .or_else(|| {
                    other.map(|(_, _, span)| Source {
                        mention: Some(span),
                        ..bare
                    })
                })
                .or_else(|| {
                    unnamed_source(r, first, at).map(|s| Source {
                        mention: s.mention,
                        ..bare
                    })
                })
                .unwrap_or(bare),
        }
    }

    /// A quote from its parts; the chain and strength follow from them.
    fn quote(
        &self,
        r: &Reading<'_>,
        kind: QuoteKind,
        content: Span,
        source: Source,
        outlet: Option<EntityId>,
        hearsay_in: &[bool],
    ) -> Quote {
        let doc = r.doc;
        let mut via: Vec<EntityId> = outlet.into_iter().collect();
        match source.addressee.filter(|&a| r.is_media(a)) {
            Some(a) => via.push(a),
            None if !source.speaker.is_some_and(|s| r.is_media(s)) => {
                via.extend(doc.relayed_from.iter().copied());
            }
            None => {}
        }
        via.retain(|v| Some(*v) != source.speaker);
        via.dedup();
        let hearsay = {
            let at = doc
                .sentences
                .partition_point(|s| s.span.end <= content.start);
            hearsay_in.get(at).copied().unwrap_or(false)
        };
        let strength = if source.speaker.is_none() && source.anonymous {
            Strength::Anonymous
        } else if source.speaker.is_none() && hearsay {
            Strength::Hearsay
        } else if kind == QuoteKind::Indirect {
            Strength::Reported
        } else {
            Strength::Quoted
        };
        Quote {
            kind,
            content,
            speaker: source.speaker,
            speaker_mention: source.mention,
            cue: source.cue,
            addressee: source.addressee,
            via,
            strength,
            continues: None,
        }
    }

    /// `," Campbell noted.` / `," said Campbell.`: a cue and a source right after a quote.
    fn source_after(&self, r: &Reading<'_>, close: usize) -> Option<Source> {
        let n = r.doc.tokens.len();
        let mut k = close + 1;
        // `" ― Pamela Padilla`: a quote signed with a dash and a name, as under a pull quote.
        // Dashes are normalised to "--". The tagger, with no verb to go by, often takes a
        // signer's unfamiliar name for an organisation's, so any that can speak will do.
        if r.lower.get(k).is_some_and(|t| t == "--") && !r.break_between(close, k) {
            let signed = r
                .owner
                .get(k + 1)
                .copied()
                .flatten()
                .filter(|(e, _)| speaker_kind(r.entity_kind(*e)));
            if let Some((e, mention)) = signed {
                return Some(Source {
                    speaker: Some(e),
                    mention: Some(mention),
                    ..Source::default()
                });
            }
        }
        // The quote's sentence goes on only after a comma, a question or an exclamation:
        // after a full stop, what follows is the next sentence's own subject.
        let open_end = matches!(r.lower[close - 1].as_str(), "," | "?" | "!" | "--" | "-");
        let comma_after = r.lower.get(k).is_some_and(|t| t == ",");
        if !open_end && !comma_after {
            return None;
        }
        // `…!” A memorable Hillary Clinton ad …`: a capitalised word that opens the next
        // sentence and names no one starts that sentence, not the quote's attribution.
        let sentence_starts_here = r
            .doc
            .sentences
            .binary_search_by_key(&(k as u32), |s| s.tokens.start)
            .is_ok();
        if !comma_after
            && sentence_starts_here
            && r.owner.get(k).copied().flatten().is_none()
            && r.lower.get(k).is_some_and(|w| !is_speaker_pronoun(w))
            && r.doc
                .tokens
                .get(k)
                .is_some_and(|t| r.doc.token_norm(t).starts_with(char::is_uppercase))
        {
            return None;
        }
        // `“…,” when Clinton blasted him`: a clause of its own follows the quote.
        if r.lower
            .get(k + usize::from(comma_after))
            .is_some_and(|w| is_subordinator(w))
        {
            return None;
        }
        if comma_after {
            k += 1;
        }
        // The cue within a few words, or further after a speaker's long name and title
        // ("panel Chairman Rep. Jason Chaffetz (R-Utah) said"); never past the sentence.
        // The sentence's end, as the segmenter found it: a full stop inside "(D-Wis.)" or
        // after "Rep." ends nothing.
        let sentences = &r.doc.sentences;
        let sentence_end = sentences
            .get(sentences.partition_point(|s| (s.tokens.end as usize) <= k))
            .map_or(n, |s| s.tokens.end as usize);
        let reach = (k..(k + AFTER_QUOTE_REACH).min(sentence_end))
            .take_while(|&i| r.lower[i] != ";" && !is_quote_mark(&r.lower[i]))
            .last()
            .map_or(k, |i| i + 1);
        let cue = (k..reach).find(|&i| self.is_cue(r, i))?;
        let named = |i: usize| r.owner[i].filter(|(e, _)| speaker_kind(r.entity_kind(*e)));
        // The last person before the cue ("the mayor of Boston, Tom Menino, said"), else the
        // first name of any speaking kind.
        let person = |i: usize| r.owner[i].filter(|(e, _)| r.entity_kind(*e) == EntityType::Person);
        let before = (k..cue)
            .rev()
            .find_map(person)
            .or_else(|| (k..cue).find_map(named));
        if before.is_none() && cue > k + 5 {
            return None;
        }
        // `," they said, under Article 21`: a pronoun before the cue is its subject; a name
        // after it is not.
        let pronoun_before = cue > k && is_speaker_pronoun(&r.lower[cue - 1]);
        let speaker = before.or_else(|| {
            (!pronoun_before)
                .then(|| (cue + 1..(cue + 5).min(reach)).find_map(named))
                .flatten()
        });
        let cue_span = Some(r.doc.tokens[cue].span);
        match speaker {
            Some((e, mention)) => Some(self.named_source(r, e, mention, cue)),
            // `," he said`, the pronoun linked to no one: its words stand as the mention, and
            // the caller finds whom it means.
            None => [cue.checked_sub(1), Some(cue + 1)]
                .into_iter()
                .flatten()
                .filter(|&i| i >= k && i < reach)
                .find(|&i| is_speaker_pronoun(&r.lower[i]))
                .map(|i| Source {
                    mention: Some(r.doc.tokens[i].span),
                    cue: cue_span,
                    addressee: self.addressee(r, cue),
                    ..Source::default()
                }),
        }
    }

    /// `Campbell told the newspaper that IS has a "hard message to sell"`: the nearest cue
    /// before the quote in its sentence, and that cue's source.
    fn source_before(
        &self,
        r: &Reading<'_>,
        first: usize,
        open: usize,
        in_quote: &[bool],
        earlier: Option<Source>,
    ) -> Option<Source> {
        // The sentence's first cue with a subject: a quoted phrase inside a reported clause is
        // the reporting speaker's ("Clinton says Trump's tweets accusing Machado were
        // \"lies\""), not the subject of a verb inside the clause.
        let cues: Vec<usize> = (window_start(first, open)..open)
            .filter(|&i| !in_quote[i] && self.is_cue(r, i))
            .collect();
        let last = *cues.last()?;
        // `the announcer said, "…"`: the cue right before the quote's comma or colon is its
        // own, whatever cue came before it in the sentence.
        if open >= 2
            && matches!(r.lower[open - 1].as_str(), "," | ":")
            && last == open - 2
            && !r.lower[last].ends_with("ing")
        {
            if let Some(source) = self.subject(r, first, last, in_quote) {
                return Some(source);
            }
            if let Some(source) = unnamed_source(r, first, last) {
                return Some(Source {
                    addressee: self.addressee(r, last),
                    ..source
                });
            }
        }
        // "…, adding that": a participle's source is the clause's.
        if r.lower[last].ends_with("ing") {
            if let Some(e) = earlier.filter(|e| e.speaker.is_some()) {
                return Some(Source {
                    cue: Some(r.doc.tokens[last].span),
                    mention: None,
                    ..e
                });
            }
        }
        cues.iter()
            .find_map(|&cue| self.subject(r, first, cue, in_quote))
    }

    /// "The governor added:" alone in its paragraph, and the next paragraph, in no quote
    /// marks, is what he added: a quotation set as a block, whose marks the page's layout
    /// gave and the text lost.
    fn block_quotes(
        &self,
        r: &Reading<'_>,
        in_quote: &[bool],
        outlet: Option<EntityId>,
        hearsay_in: &[bool],
    ) -> Vec<Quote> {
        let doc = r.doc;
        let sentences = &doc.sentences;
        let mut out = Vec::new();
        for (si, s) in sentences.iter().enumerate() {
            let (first, end) = (s.tokens.start as usize, s.tokens.end as usize);
            let Some(next) = sentences.get(si + 1) else {
                break;
            };
            let colon = end - 1;
            let opens = next.tokens.start as usize;
            if end < first + 3
                || end > first + BLOCK_INTRODUCTION
                || r.lower[colon] != ":"
                || !self.is_cue(r, colon - 1)
                || in_quote[colon]
                || opens >= doc.tokens.len()
                || !r.break_between(colon, opens)
                || (si > 0 && !r.break_between(first - 1, first))
            {
                continue;
            }
            // The paragraph after it, whole, with no quote mark of its own.
            let mut last = next.tokens.end as usize;
            for t in &sentences[si + 2..] {
                let t_start = t.tokens.start as usize;
                if r.break_between(t_start - 1, t_start) {
                    break;
                }
                last = t.tokens.end as usize;
            }
            if (opens..last).any(|k| in_quote[k] || is_quote_mark(&r.lower[k])) {
                continue;
            }
            let cue = Some(doc.tokens[colon - 1].span);
            let Some(source) = self
                .subject(r, first, colon - 1, in_quote)
                .or_else(|| {
                    sentence_subject(r, first, colon - 1, in_quote).map(|(e, mention)| Source {
                        speaker: Some(e),
                        mention: Some(mention),
                        cue,
                        ..Source::default()
                    })
                })
                .or_else(|| unnamed_source(r, first, colon - 1))
            else {
                continue;
            };
            let content = Span::new(doc.tokens[opens].span.start, doc.tokens[last - 1].span.end);
            out.push(self.quote(r, QuoteKind::Direct, content, source, outlet, hearsay_in));
        }
        out
    }

    /// `The New York Times reports:` and the quote in the next sentence or paragraph: the cue
    /// of a sentence that ends in a colon right before the quote.
    fn source_before_colon(
        &self,
        r: &Reading<'_>,
        si: usize,
        open: usize,
        in_quote: &[bool],
    ) -> Option<Source> {
        if open == 0 || r.lower[open - 1] != ":" || si == 0 {
            return None;
        }
        let previous = &r.doc.sentences[si - 1];
        let (first, end) = (previous.tokens.start as usize, previous.tokens.end as usize);
        if end != open {
            return None;
        }
        // With no cue the sentence's subject introduces what follows: "Sanders made the
        // following comment:", "Trump had this to say:".
        self.source_before(r, first, open - 1, in_quote, None)
            .or_else(|| {
                sentence_subject(r, first, open - 1, in_quote).map(|(e, mention)| Source {
                    speaker: Some(e),
                    mention: Some(mention),
                    ..Source::default()
                })
            })
    }

    /// The source of the cue at token `cue`: the mention that ends just before it (a few
    /// small words may stand between: "had", "also"), a spokesman or official "for" an
    /// organisation, or an unnamed source noun.
    fn subject(
        &self,
        r: &Reading<'_>,
        first: usize,
        cue: usize,
        in_quote: &[bool],
    ) -> Option<Source> {
        let doc = r.doc;
        if let Some((e, mention)) = appositive_subject(r, first, cue, in_quote) {
            return Some(self.named_source(r, e, mention, cue));
        }
        let mut k = cue;
        let mut gap = 0;
        while k > first && gap <= 3 {
            k -= 1;
            if in_quote[k] {
                return None;
            }
            // "Gov. Mike Pence (R-IN) said": past a bracketed note after the name, unless the
            // note is a name itself ("the Tehrik-e-Taliban Pakistan (TTP) group").
            if r.lower[k] == ")" {
                if let Some(open) = (k.saturating_sub(BRACKETED_NOTE).max(first)..k)
                    .rev()
                    .find(|&j| r.lower[j] == "(")
                    .filter(|&j| {
                        // The note is skipped unless it is an organisation's name ("(TTP)").
                        let org = |i: usize| {
                            r.owner[i].is_some_and(|(e, _)| r.entity_kind(e) == EntityType::Org)
                        };
                        !(j + 1 < k && (j + 1..k).all(org))
                    })
                {
                    k = open;
                    gap += 1;
                    continue;
                }
            }
            if let Some((e, span)) = r.owner[k] {
                if !speaker_kind(r.entity_kind(e)) {
                    return None;
                }
                // "a spokesman for the Tehrik-e-Taliban Pakistan (TTP) group": the whole phrase
                // names the speaker; the organisation stands for it.
                let head = doc.tokens.partition_point(|t| t.span.end <= span.start);
                let noun = (head.saturating_sub(8).max(first)..head).rev().find(|&j| {
                    self.anonymous.contains(&r.lower[j])
                        && r.lower
                            .get(j + 1)
                            .is_some_and(|w| matches!(w.as_str(), "for" | "of"))
                });
                let start = noun.map(|j| {
                    (j.saturating_sub(3).max(first)..j)
                        .rev()
                        .find(|&i| matches!(r.lower[i].as_str(), "a" | "an" | "the"))
                        .unwrap_or(j)
                });
                // "… in Afghanistan says": a name after a preposition is not the subject.
                let after_preposition = head > first
                    && matches!(
                        r.lower[head - 1].as_str(),
                        "in" | "of" | "from" | "for" | "at" | "on" | "with" | "to" | "by"
                    );
                if start.is_none() && after_preposition {
                    // "The Commission on Presidential Debates says", the tagger reading two
                    // names: the organisation before the preposition is the subject.
                    let before = head.saturating_sub(2);
                    let outer = (head >= first + 2)
                        .then(|| r.owner[before])
                        .flatten()
                        .filter(|(o, _)| r.entity_kind(*o) == EntityType::Org);
                    let (o, outer_span) = outer?;
                    let mention = Span::new(
                        outer_span.start,
                        doc.tokens[cue - 1 - gap_tail(r, cue)].span.end,
                    );
                    return Some(self.named_source(r, o, mention, cue));
                }
                let mention = match start {
                    Some(s) => Span::new(
                        doc.tokens[s].span.start,
                        doc.tokens[cue - 1 - gap_tail(r, cue)].span.end,
                    ),
                    None => span,
                };
                return Some(self.named_source(r, e, mention, cue));
            }
            if self.anonymous.contains(&r.lower[k]) {
                let s = (first..k)
                    .rev()
                    .take(4)
                    .find(|&i| matches!(r.lower[i].as_str(), "a" | "an" | "the"))
                    .unwrap_or(k);
                return Some(Source {
                    speaker: None,
                    mention: Some(Span::new(doc.tokens[s].span.start, doc.tokens[k].span.end)),
                    cue: Some(doc.tokens[cue].span),
                    addressee: self.addressee(r, cue),
                    anonymous: true,
                });
            }
            let word = r.lower[k].as_str();
            if !(is_auxiliary(word)
                || is_clause_adverb(word)
                || matches!(word, ")" | "group" | "campaign")
                || word.ends_with("ly"))
            {
                return None;
            }
            gap += 1;
        }
        None
    }

    /// Whom the cue's speech was addressed to: after "told", the first person, organisation or
    /// outlet within five tokens; "in an interview with X".
    fn addressee(&self, r: &Reading<'_>, cue: usize) -> Option<EntityId> {
        let n = r.doc.tokens.len();
        let told = matches!(r.lower[cue].as_str(), "told" | "tell" | "tells" | "telling");
        let window = cue + 1..(cue + 8).min(n);
        let interview = window
            .clone()
            .find(|&i| r.lower[i] == "interview")
            .filter(|&i| r.lower.get(i + 1).is_some_and(|w| w == "with"));
        let from = match (told, interview) {
            (true, _) => cue + 1,
            (false, Some(i)) => i + 2,
            (false, None) => return None,
        };
        (from..(from + 5).min(n))
            .take_while(|&i| !matches!(r.lower[i].as_str(), "that" | "," | "." | "\""))
            .find_map(|i| {
                r.owner[i]
                    .map(|(e, _)| e)
                    .filter(|&e| matches!(r.entity_kind(e), EntityType::Person | EntityType::Org))
            })
    }

    /// Reported speech in a sentence: each cue with a source and "that" after it (the content
    /// runs to the sentence's end), and a sentence that ends in ", SOURCE CUE." (the content is
    /// what comes before). Not for clauses that hold quote marks: their quotes are read as
    /// partial ones.
    fn reported(
        &self,
        r: &Reading<'_>,
        first: usize,
        end: usize,
        in_quote: &[bool],
    ) -> Vec<(usize, Span, Source)> {
        let doc = r.doc;
        let mut out = Vec::new();
        if first >= end {
            return out;
        }
        // marks[k - first]: how many of the sentence's tokens before k are quote marks or
        // quoted, so that asking about any stretch costs one subtraction.
        let mut marks = vec![0u32; end - first + 1];
        for k in first..end {
            let marked = is_quote_mark(doc.token_norm(&doc.tokens[k])) || in_quote[k];
            marks[k - first + 1] = marks[k - first] + u32::from(marked);
        }
        let has_mark = |a: usize, b: usize| a < b && marks[b - first] > marks[a - first];
        let last_that = (first..end).rev().find(|&k| r.lower[k] == "that");
        let last_word = (first..end).rev().find(|&k| {
            doc.token_norm(&doc.tokens[k])
                .chars()
                .any(char::is_alphanumeric)
        });
        // "Pat Caddell: Democrat Voters Worried …", "WALLACE: If I may, sir, …": a speaker
        // label before a colon at the sentence's start.
        if let (false, Some((source, (_, colon)))) = (in_quote[first], colon_speaker(r, first, end))
        {
            let stop = last_word.map_or(end, |l| l + 1);
            if colon + 3 < stop && !has_mark(colon + 1, stop) {
                let span = Span::new(
                    doc.tokens[colon + 1].span.start,
                    doc.tokens[stop - 1].span.end,
                );
                out.push((colon + 1, span, source));
            }
        }
        // "…, according to FARS." / "According to FARS, …"
        for at in (first..end).filter(|&k| !in_quote[k]) {
            if !starts_with(&r.lower[at..end], &self.cues.before) {
                continue;
            }
            let len = self
                .cues
                .before
                .iter()
                .filter(|p| starts_with(&r.lower[at..end], std::slice::from_ref(p)))
                .map(Vec::len)
                .max()
                .unwrap_or(1);
            let name_at = if r.lower.get(at + len).is_some_and(|w| w == "the") {
                at + len + 1
            } else {
                at + len
            };
            let named = r
                .owner
                .get(name_at)
                .copied()
                .flatten()
                .filter(|(e, _)| speaker_kind(r.entity_kind(*e)));
            // "according to the poll", "according to a New York Times/CBS News poll released
            // last week": a source that is no entity is the words up to the clause's end.
            let unnamed = || {
                let stop = (at + len..end.min(at + len + ACCORDING_TO_WORDS))
                    .find(|&k| matches!(r.lower[k].as_str(), "," | "." | ";" | ":" | "?" | "!"))
                    .unwrap_or(end);
                let from = at + len;
                (from < stop
                    && r.lower[from]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic)
                    && !(from..stop).any(|k| in_quote[k]))
                .then(|| {
                    (
                        None,
                        Span::new(doc.tokens[from].span.start, doc.tokens[stop - 1].span.end),
                    )
                })
            };
            let Some((speaker, mention)) = named.map(|(e, m)| (Some(e), m)).or_else(unnamed) else {
                continue;
            };
            let source = Source {
                speaker,
                mention: Some(mention),
                cue: Some(Span::new(
                    doc.tokens[at].span.start,
                    doc.tokens[at + len - 1].span.end,
                )),
                addressee: None,
                anonymous: false,
            };
            let start = content_start(r, window_start(first, at));
            let content = if at > start && r.lower[at - 1] == "," {
                (start, at - 1)
            } else if at == start {
                // After the source's own comma, to the sentence's last word.
                let Some(comma) = (at + len..end).find(|&k| r.lower[k] == ",") else {
                    continue;
                };
                let stop = (comma + 1..end)
                    .rev()
                    .find(|&k| {
                        doc.token_norm(&doc.tokens[k])
                            .chars()
                            .any(char::is_alphanumeric)
                    })
                    .map_or(comma + 1, |k| k + 1);
                (comma + 1, stop)
            } else {
                continue;
            };
            if content.0 < content.1 && !has_mark(content.0, content.1) {
                let span = Span::new(
                    doc.tokens[content.0].span.start,
                    doc.tokens[content.1 - 1].span.end,
                );
                out.push((content.0, span, source));
            }
        }
        // "There have been reports that …": talk with no source.
        for at in (first..end).filter(|&k| !in_quote[k]) {
            if !starts_with(&r.lower[at..end], &self.cues.hearsay) {
                continue;
            }
            let len = self
                .cues
                .hearsay
                .iter()
                .filter(|p| starts_with(&r.lower[at..end], std::slice::from_ref(p)))
                .map(Vec::len)
                .max()
                .unwrap_or(1);
            let from = at + len + usize::from(r.lower.get(at + len).is_some_and(|w| w == "that"));
            let stop = last_word.map_or(end, |k| k + 1);
            if from < stop && !has_mark(from, stop) {
                let source = Source {
                    cue: Some(Span::new(
                        doc.tokens[at].span.start,
                        doc.tokens[at + len - 1].span.end,
                    )),
                    ..Source::default()
                };
                let span = Span::new(doc.tokens[from].span.start, doc.tokens[stop - 1].span.end);
                out.push((from, span, source));
            }
        }
        for cue in first..end {
            if in_quote[cue] || !self.is_cue(r, cue) {
                continue;
            }
            // ", Iran's FARS News Agency reported." / ", Trump told reporters on Tuesday."
            // Counted no further than matters (five), so that a long sentence costs no more.
            let words_after = last_word.map_or(0, |l| {
                (cue + 1..=l)
                    .filter(|&k| {
                        doc.token_norm(&doc.tokens[k])
                            .chars()
                            .any(char::is_alphanumeric)
                    })
                    .take(6)
                    .count()
            });
            let no_that = last_that.is_none_or(|t| t <= cue);
            // "…, said Jeffrey N. Trimble, a spokesman for the agency.": the cue right after
            // the content's comma, its speaker after it, then anything about the speaker.
            if no_that && cue > first + 1 && r.lower[cue - 1] == "," {
                // A name, not a pronoun, and no clause after it ("said Clinton reached out"
                // is the cue's object clause).
                let named = r
                    .owner
                    .get(cue + 1)
                    .copied()
                    .flatten()
                    .filter(|(e, _)| speaker_kind(r.entity_kind(*e)))
                    .filter(|(_, mention)| {
                        let after = doc.tokens.partition_point(|t| t.span.end <= mention.end);
                        r.lower[cue + 1]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphabetic)
                            && doc.span_text(*mention).starts_with(char::is_uppercase)
                            && (after >= end
                                || matches!(r.lower[after].as_str(), "," | "." | "(" | ";"))
                    });
                let start = content_start(r, window_start(first, cue));
                if let Some((e, mention)) = named.filter(|_| start + 3 < cue - 1) {
                    if !has_mark(start, cue - 1) {
                        let source = self.named_source(r, e, mention, cue);
                        let span =
                            Span::new(doc.tokens[start].span.start, doc.tokens[cue - 2].span.end);
                        out.push((start, span, source));
                        continue;
                    }
                }
            }
            // "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt": the cue and its
            // source set off by commas inside what was said.
            if let Some(source) = self.parenthetical(r, first, end, cue, in_quote) {
                let start = content_start(r, window_start(first, cue));
                let stop = last_word
                    .map_or(end, |l| l + 1)
                    .min(cue + MAX_CLAUSE_TOKENS);
                if !has_mark(start, stop) {
                    let span =
                        Span::new(doc.tokens[start].span.start, doc.tokens[stop - 1].span.end);
                    out.push((start, span, source));
                    continue;
                }
            }
            if last_word.is_some_and(|l| cue <= l) && words_after <= 5 && no_that {
                // "…, top black lawmakers said Friday." / "…, they say.": a source that is no
                // entity, right after the content's comma.
                let unnamed = || {
                    let np = noun_phrase_before(r, first, cue)?;
                    let at = doc.tokens.partition_point(|t| t.span.end <= np.start);
                    let pronoun = at + 1 == cue && is_speaker_pronoun(&r.lower[at]);
                    // A noun for people ends the phrase ("top black lawmakers").
                    let people = self.anonymous.contains(&r.lower[cue - 1]);
                    (at > first
                        && r.lower[at - 1] == ","
                        && (pronoun || (people && self.names_people_before(r, cue))))
                    .then(|| Source {
                        speaker: if matches!(r.lower[at].as_str(), "he" | "she") {
                            person_before(r, first, at, in_quote, Which::Last)
                                .and_then(|p| p.speaker)
                        } else {
                            None
                        },
                        mention: Some(np),
                        cue: Some(doc.tokens[cue].span),
                        addressee: self.addressee(r, cue),
                        anonymous: !pronoun,
                    })
                };
                if let Some(source) = self.subject(r, first, cue, in_quote).or_else(unnamed) {
                    // The comma right before the source's words.
                    let head = source.mention.map_or(cue, |m| {
                        doc.tokens.partition_point(|t| t.span.end <= m.start)
                    });
                    let comma = (first..head)
                        .rev()
                        .take_while(|&k| k + 3 >= head)
                        .find(|&k| r.lower[k] == ",");
                    if let Some(comma) = comma.filter(|&c| c > first) {
                        let start = content_start(r, window_start(first, comma));
                        if start < comma && !has_mark(start, comma) {
                            let span = Span::new(
                                doc.tokens[start].span.start,
                                doc.tokens[comma - 1].span.end,
                            );
                            out.push((start, span, source));
                        }
                    }
                }
                if words_after > 0 {
                    // Not a source at the end after all: read the cue as usual.
                } else {
                    continue;
                }
            }
            // "told the Army Times in an interview that …"; "said the road would reopen".
            // Not "Having said that, …": a "that" a comma ends is the thing said.
            let that = (cue + 1..(cue + 10).min(end))
                .find(|&k| {
                    r.lower[k] == "that"
                        && r.lower
                            .get(k + 1)
                            .is_none_or(|w| !matches!(w.as_str(), "," | "." | ";" | ":"))
                })
                .or_else(|| self.clause_without_that(r, cue, end));
            let Some(mut that) = that else { continue };
            // A comma, a quote or another cue between them: the "that" is another clause's
            // ("discuss strategies … but noted that …"). Another cue alone is the first
            // words of what this one reports ("He said [Obama hopes that …]").
            if (cue + 1..that).any(|k| matches!(r.lower[k].as_str(), "," | ";") || in_quote[k]) {
                continue;
            }
            if (cue + 1..that).any(|k| self.is_cue(r, k)) {
                match self.clause_without_that(r, cue, end) {
                    Some(k) if k < that => that = k,
                    _ => continue,
                }
            }
            // "A Bloomberg poll shows that …", "Some experts said the wording …", "they want
            // …": a source that is no entity is still a source. Without "that", only one that
            // names people: a pronoun for them, a noun for sources, or a name.
            let Some(source) = self
                .subject(r, first, cue, in_quote)
                .or_else(|| {
                    let np = noun_phrase_before(r, first, cue).filter(|np| {
                        r.lower[that] == "that"
                            || (self.names_people_before(r, cue) && opens_clause(r, first, *np))
                    })?;
                    // "Proponents, including the Conference of Mayors, have urged …": words
                    // that name no one before the cue leave the sentence's subject to speak.
                    if names_no_one(r, doc.token_range(np)) {
                        // Not across a clause of its own ("Pakistan … has worked, as groups
                        // have threatened …").
                        let own_clause = |mention: &Span| {
                            let after = doc.tokens.partition_point(|t| t.span.end <= mention.end);
                            !(after..cue).any(|k| is_subordinator(&r.lower[k]) || r.lower[k] == ";")
                        };
                        if let Some((e, mention)) =
                            sentence_subject(r, first, cue, in_quote).filter(|(_, m)| own_clause(m))
                        {
                            return Some(self.named_source(r, e, mention, cue));
                        }
                    }
                    Some(Source {
                        mention: Some(np),
                        cue: Some(doc.tokens[cue].span),
                        addressee: self.addressee(r, cue),
                        ..Source::default()
                    })
                })
                .or_else(|| {
                    // "Graham …, and criticized …", "McConnell said in June, citing …": a verb
                    // joined to the clause before, or a participle after a comma, has the
                    // sentence's subject.
                    let before = r.lower[cue.checked_sub(1)?].as_str();
                    let joined = matches!(before, "and" | "but" | "then")
                        || (before == "," && r.lower[cue].ends_with("ing"));
                    joined
                        .then(|| sentence_subject(r, first, cue, in_quote))
                        .flatten()
                        .map(|(e, mention)| self.named_source(r, e, mention, cue))
                })
            else {
                continue;
            };
            // To the sentence's last word, or to ", saying" / ", encouraging": a participle
            // after a comma starts the speaker's next clause.
            let reach = end.min(that + 1 + MAX_CLAUSE_TOKENS);
            let participle = (that + 1..reach).find(|&k| {
                (r.lower[k] == ","
                    && r.lower
                        .get(k + 1)
                        .is_some_and(|w| w.len() > 4 && w.ends_with("ing")))
                    // "… but noted that …", "… and also said …": the speaker's next cue.
                    || (matches!(r.lower[k].as_str(), "and" | "but")
                        && (k + 1..(k + 3).min(reach)).any(|j| self.is_cue(r, j)))
            });
            let stop = (that + 1..participle.unwrap_or(reach))
                .rev()
                .find(|&k| {
                    doc.token_norm(&doc.tokens[k])
                        .chars()
                        .any(char::is_alphanumeric)
                })
                .map_or(end, |k| k + 1);
            if that + 1 >= stop || has_mark(that + 1, stop) {
                continue;
            }
            let span = Span::new(
                doc.tokens[that + 1].span.start,
                doc.tokens[stop - 1].span.end,
            );
            out.push((that + 1, span, source));
        }
        out
    }
}

impl QuotesComponent {
    /// A named speaker's source at the cue at token `cue`, with the cue's addressee.
    fn named_source(
        &self,
        r: &Reading<'_>,
        speaker: EntityId,
        mention: Span,
        cue: usize,
    ) -> Source {
        Source {
            speaker: Some(speaker),
            mention: Some(mention),
            cue: Some(r.doc.tokens[cue].span),
            addressee: self.addressee(r, cue),
            anonymous: false,
        }
    }

    /// The source of a cue set off by commas in the middle of a sentence ("…, Mr. Clarke said,
    /// until …", "…, he told me on Friday, …"): a subject right after a comma, and a few words
    /// after the cue up to the next comma, with words of the sentence on both sides.
    fn parenthetical(
        &self,
        r: &Reading<'_>,
        first: usize,
        end: usize,
        cue: usize,
        in_quote: &[bool],
    ) -> Option<Source> {
        // Words in a stretch, counted no further than two: whether there are some is all
        // that matters.
        let words = |a: usize, b: usize| {
            (a..b)
                .filter(|&k| r.lower[k].chars().next().is_some_and(char::is_alphanumeric))
                .take(2)
                .count()
        };
        let close = (cue + 1..(cue + PARENTHETICAL_TAIL).min(end)).find(|&k| r.lower[k] == ",")?;
        if (cue + 1..close).any(|k| in_quote[k] || r.lower[k] == "that") || words(close, end) < 2 {
            return None;
        }
        let source = self.subject(r, first, cue, in_quote).or_else(|| {
            (cue > first && is_speaker_pronoun(&r.lower[cue - 1])).then(|| Source {
                mention: Some(r.doc.tokens[cue - 1].span),
                cue: Some(r.doc.tokens[cue].span),
                ..Source::default()
            })
        })?;
        let head = source.mention.map_or(cue, |m| {
            r.doc.tokens.partition_point(|t| t.span.end <= m.start)
        });
        let open = (first..head)
            .rev()
            .take_while(|&k| k + 3 >= head)
            .find(|&k| r.lower[k] == ",")?;
        (words(first, open) >= 2).then_some(source)
    }

    /// Whether the words before a cue can be its subject: not an infinitive's "to" ("to
    /// pledge their allegiance"), not a thing ("which", "it", "this"), and the cue not a
    /// participle standing alone ("citing").
    fn names_people_before(&self, r: &Reading<'_>, cue: usize) -> bool {
        let Some(k) = cue.checked_sub(1) else {
            return false;
        };
        let word = r.lower[k].as_str();
        !matches!(
            word,
            "to" | "which" | "it" | "this" | "that" | "there" | "what" | "not" | "also"
        ) && !r.lower[cue].ends_with("ing")
            && word.chars().next().is_some_and(char::is_alphabetic)
    }

    /// "Officials said the road would reopen": after "said" or "says" (or "told" and its
    /// addressee), a clause starts at once when the next word is not a preposition, a
    /// particle or punctuation. Returns the token before the clause, as "that" would be.
    fn clause_without_that(&self, r: &Reading<'_>, cue: usize, end: usize) -> Option<usize> {
        let mut k = cue;
        match r.lower[cue].as_str() {
            "told" | "tells" => {
                // Past the addressee's mention.
                let (_, span) = r.owner.get(cue + 1).copied().flatten()?;
                while k + 1 < end && r.doc.tokens[k + 1].span.start < span.end {
                    k += 1;
                }
            }
            // "questioned the integrity of …", "is demanding Obama make a pledge": any other
            // speech verb takes its object, past a preposition that only joins it.
            // "said of the plan" names what a quote before it was about, not what was said.
            w if is_say(w) && r.lower.get(k + 1).is_some_and(|w| w == "of") => return None,
            _ => {
                if r.lower
                    .get(k + 1)
                    .is_some_and(|w| matches!(w.as_str(), "about" | "of"))
                {
                    k += 1;
                }
            }
        }
        let next = r.lower.get(k + 1)?;
        // "refused to release his tax records", "wants to build a wall".
        if next == "to" && self.cues.intent.contains(&r.lower[cue]) {
            return (k + 2 < end).then_some(k);
        }
        let starts_clause = next.chars().next().is_some_and(char::is_alphanumeric)
            && !matches!(
                next.as_str(),
                "to" | "in"
                    | "on"
                    | "at"
                    | "by"
                    | "of"
                    | "for"
                    | "with"
                    | "from"
                    | "about"
                    | "so"
                    | "as"
                    | "yes"
                    | "no"
                    | "and"
                    | "or"
                    | "but"
                    | "after"
                    | "before"
            )
            && !is_time_word(next);
        (starts_clause && k + 2 < end).then_some(k)
    }
}

/// Which person before a quote stands for its source.
#[derive(Clone, Copy)]
enum Which {
    /// The sentence's first person, its likeliest subject: a quoted phrase with no cue in its
    /// sentence ("Clinton called Trump a \"con\"") is hers.
    First,
    /// The person named last: whom an unlinked "he" or "she" most likely means.
    Last,
}

/// A person named before token `open` (not quoted, no further back than a clause reaches),
/// as the speaker of a quote.
fn person_before(
    r: &Reading<'_>,
    first: usize,
    open: usize,
    in_quote: &[bool],
    which: Which,
) -> Option<Source> {
    let is_person = |k: &usize| {
        !in_quote[*k] && r.owner[*k].is_some_and(|(e, _)| r.entity_kind(e) == EntityType::Person)
    };
    let mut range = window_start(first, open)..open;
    let k = match which {
        Which::First => range.find(is_person),
        Which::Last => range.rev().find(is_person),
    }?;
    let (speaker, mention) = r.owner[k]?;
    Some(Source {
        speaker: Some(speaker),
        mention: Some(mention),
        ..Source::default()
    })
}

/// Words that open a clause of its own inside a sentence ("as", "while", "because").
fn is_subordinator(word: &str) -> bool {
    matches!(
        word,
        "as" | "while"
            | "because"
            | "when"
            | "since"
            | "although"
            | "though"
            | "if"
            | "after"
            | "before"
            | "until"
            | "whereas"
            | "who"
            | "which"
    )
}

/// Auxiliary verbs, which stand between a subject and its verb ("have urged").
fn is_auxiliary(word: &str) -> bool {
    matches!(
        word,
        "had" | "has" | "have" | "is" | "are" | "was" | "were" | "been" | "will" | "would"
    )
}

/// Adverbs that stand between a subject and its verb ("also said", "later told").
fn is_clause_adverb(word: &str) -> bool {
    matches!(
        word,
        "also" | "now" | "still" | "just" | "once" | "even" | "later" | "then" | "again"
    )
}

/// Whether words are only ones that name no one: auxiliaries, adverbs, prepositions,
/// determiners and participles ("have", "had previously", "with each", "perhaps").
fn names_no_one(r: &Reading<'_>, tokens: std::ops::Range<usize>) -> bool {
    tokens.into_iter().all(|k| {
        let w = r.lower[k].as_str();
        is_preposition(w)
            || is_auxiliary(w)
            || is_clause_adverb(w)
            || matches!(
                w,
                "could"
                    | "should"
                    | "may"
                    | "might"
                    | "perhaps"
                    | "earlier"
                    | "each"
                    | "but"
                    | "not"
                    | "a"
                    | "an"
                    | "the"
                    | "any"
                    | "many"
                    | "some"
                    | "very"
                    | "more"
                    | "most"
            )
            || (w.len() > 4 && (w.ends_with("ly") || w.ends_with("ing")))
    })
}

/// The words before a cue that name its source when no entity does ("A Bloomberg poll",
/// "Twelve percent"): back to a determiner or the sentence's start, at most five words, none
/// of them inside another clause.
fn noun_phrase_before(r: &Reading<'_>, first: usize, cue: usize) -> Option<Span> {
    let doc = r.doc;
    let mut start = cue;
    while start > first && cue - start < 5 {
        let w = r.lower[start - 1].as_str();
        if !w.chars().next().is_some_and(char::is_alphanumeric) || w == "that" || w == "and" {
            break;
        }
        start -= 1;
        if matches!(
            w,
            "a" | "an" | "the" | "this" | "that" | "some" | "many" | "most"
        ) {
            break;
        }
    }
    (start < cue).then(|| Span::new(doc.tokens[start].span.start, doc.tokens[cue - 1].span.end))
}

/// Whether a phrase stands where a clause's subject does: at its sentence's start, or after
/// punctuation or a word that joins clauses ("and", "but", "while").
fn opens_clause(r: &Reading<'_>, first: usize, phrase: Span) -> bool {
    let start = r.doc.tokens.partition_point(|t| t.span.end <= phrase.start);
    if start <= first {
        return true;
    }
    let before = r.lower[start - 1].as_str();
    !before.chars().next().is_some_and(char::is_alphanumeric)
        || matches!(
            before,
            "and" | "but" | "while" | "as" | "because" | "when" | "although" | "though" | "so"
        )
}

/// How many small words stand between a cue and the mention before it (to end a speaker
/// phrase before "had").
fn gap_tail(r: &Reading<'_>, cue: usize) -> usize {
    let mut n = 0;
    while cue > n + 1
        && matches!(
            r.lower[cue - 1 - n].as_str(),
            "had" | "has" | "have" | "also"
        )
    {
        n += 1;
    }
    n
}

/// The most tokens a reported clause, or the search for a sentence's subject, reaches back
/// from its cue: no real clause is longer, and a "sentence" of a million characters without a
/// full stop must not cost its square.
const MAX_CLAUSE_TOKENS: usize = 150;

/// Where the words a cue may take start: the sentence's first, or `MAX_CLAUSE_TOKENS` before
/// `at`.
fn window_start(first: usize, at: usize) -> usize {
    first.max(at.saturating_sub(MAX_CLAUSE_TOKENS))
}

/// Where a sentence's own words start: after the dateline when it opens the report.
fn content_start(r: &Reading<'_>, first: usize) -> usize {
    match r.doc.dateline {
        Some(d) => {
            let after = r.doc.tokens.partition_point(|t| t.span.start < d.span.end);
            if after > first && after < r.doc.tokens.len() {
                after
            } else {
                first
            }
        }
        None => first,
    }
}

/// Whether `words` starts with one of the phrases.
fn starts_with(words: &[String], phrases: &[Vec<String>]) -> bool {
    phrases
        .iter()
        .any(|p| words.len() >= p.len() && words.iter().zip(p).all(|(w, c)| w == c))
}

/// Whether an entity of this type can speak.
fn speaker_kind(kind: EntityType) -> bool {
    matches!(kind, EntityType::Person | EntityType::Org | EntityType::Gpe)
}

/// The most tokens after a parenthetical cue before its closing comma ("he told me on
/// Friday,").
const PARENTHETICAL_TAIL: usize = 6;

/// A speaker label at token `k` before a colon: a person's or organisation's mention
/// ("Pat Caddell:"), or a word in capitals that is the surname of a person the report names
/// ("PENCE:", as transcripts write it). Returns the source and the colon's token, as
/// (colon span, colon index).
fn colon_speaker(r: &Reading<'_>, k: usize, end: usize) -> Option<(Source, (Span, usize))> {
    let doc = r.doc;
    let named = r
        .owner
        .get(k)
        .copied()
        .flatten()
        .filter(|(e, _)| matches!(r.entity_kind(*e), EntityType::Person | EntityType::Org));
    let (speaker, mention) = match named {
        Some(found) => found,
        // A label in capitals may be read as another name ("WALLACE" as a town).
        None => {
            let word = doc.span_text(doc.tokens.get(k)?.span);
            // Looked up only for "WORD:", so that a report in capitals does not cost its
            // sentences times its entities.
            if word.chars().count() < 3
                || !word.chars().all(|c| c.is_uppercase())
                || !speaker_label_at(r, k)
            {
                return None;
            }
            let e = doc.entities.iter().position(|e| {
                e.kind == EntityType::Person
                    && e.name
                        .rsplit(' ')
                        .next()
                        .is_some_and(|last| last.to_lowercase() == r.lower[k])
            });
            match e {
                Some(e) => (EntityId(e as u32), doc.tokens[k].span),
                // A transcript's turn by a speaker the report names only in the label
                // ("WALLACE:") is the label's: only where a paragraph opens with the quote,
                // so that "UPDATE:" inside a quote is no speaker.
                None => {
                    let opens_paragraph = k == 1 || (k >= 2 && r.break_between(k - 2, k - 1));
                    let colon = (k + 1..(k + 3).min(end)).find(|&c| r.lower[c] == ":")?;
                    if !opens_paragraph || !speaker_label_at(r, k) {
                        return None;
                    }
                    let source = Source {
                        mention: doc.tokens_span(k..colon),
                        cue: Some(doc.tokens[colon].span),
                        ..Source::default()
                    };
                    return Some((source, (doc.tokens[colon].span, colon)));
                }
            }
        }
    };
    let colon = doc.tokens.partition_point(|t| t.span.end <= mention.end);
    if colon >= end || r.lower[colon] != ":" {
        return None;
    }
    let source = Source {
        speaker: Some(speaker),
        mention: Some(mention),
        cue: Some(doc.tokens[colon].span),
        ..Source::default()
    };
    Some((source, (doc.tokens[colon].span, colon)))
}

/// A sentence's subject: its first person, organisation or country named before `cue`, at the
/// sentence's start or after an opening phrase's comma, not after a preposition nor in quotes.
fn sentence_subject(
    r: &Reading<'_>,
    first: usize,
    cue: usize,
    in_quote: &[bool],
) -> Option<(EntityId, Span)> {
    let from = window_start(first, cue);
    let mut clause_start = from;
    for (k, &quoted) in in_quote.iter().enumerate().take(cue).skip(from) {
        if r.lower[k] == "," {
            clause_start = k + 1;
            continue;
        }
        let Some((e, mention)) = r.owner[k] else {
            continue;
        };
        // The first token of a mention, of a kind that speaks, not quoted.
        let starts_mention = k == from || r.owner[k - 1].map(|(o, _)| o) != Some(e);
        if quoted || !starts_mention || !speaker_kind(r.entity_kind(e)) {
            continue;
        }
        // Where a clause starts, maybe with "the" or a title between ("Senator Maria
        // Lopez"); never after a preposition ("In Iowa, …", "… of Ohio").
        let title_words = (clause_start..k).all(|j| {
            !is_preposition(&r.lower[j])
                && (r.lower[j] == "the"
                    || r.doc
                        .span_text(r.doc.tokens[j].span)
                        .starts_with(char::is_uppercase))
        });
        if title_words {
            return Some((e, mention));
        }
    }
    None
}

/// Words that say when ("last", "earlier", "Friday", "tonight").
fn is_time_word(word: &str) -> bool {
    matches!(
        word,
        "last"
            | "this"
            | "earlier"
            | "later"
            | "then"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
    )
}

/// Whether words open with what tells when, where or how something was said ("after meeting
/// with Putin", "on Saturday night", "Friday as he entered", "as she marched"), not a clause.
fn opens_circumstance(r: &Reading<'_>, content: Span) -> bool {
    let first = r.doc.token_range(content).start;
    r.lower.get(first).is_some_and(|w| {
        is_preposition(w)
            || matches!(
                w.as_str(),
                "as" | "when" | "while" | "until" | "because" | "since"
            )
            || is_time_word(w)
            || (w.ends_with("ly") && w.len() > 4)
    })
}

/// Whether words open with a conjunction that joins them to what went before ("And until
/// Thursday", "But when Congress cut funding").
fn opens_with_conjunction(r: &Reading<'_>, content: Span) -> bool {
    let first = r.doc.token_range(content).start;
    r.lower
        .get(first)
        .is_some_and(|w| matches!(w.as_str(), "and" | "but" | "yet" | "so"))
}

/// Which quotes are a reported clause inside another of the same speaker's (a different
/// span that holds it), found by sorting, not by pairing every quote with every other: a long
/// report holds thousands.
fn inside_own_clause(quotes: &[Quote]) -> Vec<bool> {
    let mut clauses: HashMap<EntityId, Vec<Span>> = HashMap::new();
    for q in quotes.iter().filter(|q| q.kind == QuoteKind::Indirect) {
        if let Some(speaker) = q.speaker {
            clauses.entry(speaker).or_default().push(q.content);
        }
    }
    // Each speaker's clauses by start, then end, with the farthest end so far: a clause
    // starting before a quote holds it if that end reaches the quote's; one starting with it
    // only if it ends later (the last of those ends latest).
    let reach: HashMap<EntityId, (Vec<Span>, Vec<u32>)> = clauses
        .into_iter()
        .map(|(speaker, mut spans)| {
            spans.sort_by_key(|s| (s.start, s.end));
            let farthest = spans
                .iter()
                .scan(0u32, |most, s| {
                    *most = (*most).max(s.end);
                    Some(*most)
                })
                .collect();
            (speaker, (spans, farthest))
        })
        .collect();
    quotes
        .iter()
        .map(|q| {
            let Some((spans, farthest)) = q.speaker.and_then(|s| reach.get(&s)) else {
                return false;
            };
            if q.kind != QuoteKind::Indirect {
                return false;
            }
            let c = q.content;
            let before = spans.partition_point(|s| s.start < c.start);
            let same_start = spans.partition_point(|s| s.start <= c.start);
            before.checked_sub(1).is_some_and(|i| farthest[i] >= c.end)
                || (same_start > before && spans[same_start - 1].end > c.end)
        })
        .collect()
}

/// Which reported clauses lie, cue and all, inside the reported clause of another speaker,
/// found in one pass over the clauses by start, keeping the two farthest-reaching clauses of
/// different speakers so far, rather than by pairing every clause with every other.
fn inside_other_clause(quotes: &[Quote]) -> Vec<bool> {
    let reach = |q: &Quote| {
        let c = q.cue.unwrap_or(q.content);
        (q.content.start.min(c.start), q.content.end.max(c.end))
    };
    let mut clauses: Vec<(u32, u32, Option<EntityId>)> = quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Indirect)
        .map(|q| (q.content.start, q.content.end, q.speaker))
        .collect();
    clauses.sort_by_key(|c| (c.0, c.1));
    // For each clause in order, the farthest end of those starting at or before it, and the
    // farthest of a speaker other than that one's. Clauses with no speaker count as one
    // speaker's: two unknown speakers may well be one.
    type Far = (u32, Option<EntityId>);
    let mut best: Vec<(Far, Option<Far>)> = Vec::with_capacity(clauses.len());
    let mut top: Option<(Far, Option<Far>)> = None;
    for &(_, end, speaker) in &clauses {
        let this = (end, speaker);
        top = Some(match top {
            None => (this, None),
            Some((first, second)) if speaker == first.1 => {
                (if end > first.0 { this } else { first }, second)
            }
            Some((first, _)) if end > first.0 => (this, Some(first)),
            Some((first, second)) => (first, Some(second.filter(|s| s.0 >= end).unwrap_or(this))),
        });
        best.extend(top);
    }
    quotes
        .iter()
        .map(|q| {
            if q.kind != QuoteKind::Indirect {
                return false;
            }
            let (start, end) = reach(q);
            let Some(at) = clauses.partition_point(|c| c.0 <= start).checked_sub(1) else {
                return false;
            };
            let (first, second) = best[at];
            let other = if first.1 == q.speaker {
                second
            } else {
                Some(first)
            };
            other.is_some_and(|o| o.0 >= end)
        })
        .collect()
}

/// Whether the cue at `cue` ends in a verb of saying or telling, whose reported clause is
/// speech even inside someone else's.
fn is_speech_cue(r: &Reading<'_>, cue: Span) -> bool {
    let words = r.doc.token_range(cue);
    words.end > words.start && {
        let w = r.lower[words.end - 1].as_str();
        is_say(w) || matches!(w, "told" | "tell" | "tells" | "telling")
    }
}

/// The words before the cue at token `cue` as its source when they name someone no entity
/// holds ("the announcer said", "The governor added:"), with no addressee.
fn unnamed_source(r: &Reading<'_>, first: usize, cue: usize) -> Option<Source> {
    let np =
        noun_phrase_before(r, first, cue).filter(|np| !names_no_one(r, r.doc.token_range(*np)))?;
    Some(Source {
        mention: Some(np),
        cue: Some(r.doc.tokens[cue].span),
        ..Source::default()
    })
}

/// Whether the quote marks opening the words at `content` follow a possessive ("NBC's").
fn after_possessive(r: &Reading<'_>, content: Span) -> bool {
    let first = r.doc.token_range(content).start;
    let mut k = first;
    while k > 0 && is_quote_mark(&r.lower[k - 1]) {
        k -= 1;
    }
    k < first && k > 0 && matches!(r.lower[k - 1].as_str(), "'s" | "’s")
}

/// Whether the word is a form of "say".
fn is_say(word: &str) -> bool {
    matches!(word, "say" | "says" | "said" | "saying")
}

/// Whether the words at `content` follow a preposition of place or time (and perhaps an
/// article or a possessive) that itself follows the cue ending at `cue_end`.
fn object_of_circumstance(r: &Reading<'_>, cue_end: usize, content: usize) -> bool {
    let mut k = content;
    if k > cue_end
        && matches!(
            r.lower[k - 1].as_str(),
            "the" | "a" | "an" | "this" | "that" | "his" | "her" | "their" | "its"
        )
    {
        k -= 1;
    }
    // Prepositions of place and time: not "of", "for", "about" or "over", which take what
    // was said about.
    let w = r.lower[k.saturating_sub(1)].as_str();
    k > cue_end
        && ((is_preposition(w) && !matches!(w, "of" | "for" | "about" | "over"))
            || matches!(
                w,
                "into" | "since" | "across" | "through" | "outside" | "inside"
            ))
}

/// Whether the words are only whom and when it was said to ("spoke [to Senator Mark Jones on
/// Sunday]"): "to", a name, and words of time.
fn only_listener(r: &Reading<'_>, words: std::ops::Range<usize>) -> bool {
    if r.lower.get(words.start).is_none_or(|w| w != "to") {
        return false;
    }
    // Past a title the name's mention leaves out ("Senator").
    let mut k = words.start + 1;
    while k < words.end
        && r.owner[k].is_none()
        && r.doc
            .token_norm(&r.doc.tokens[k])
            .starts_with(char::is_uppercase)
    {
        k += 1;
    }
    let Some((_, mention)) = r.owner.get(k).copied().flatten() else {
        return false;
    };
    let after = r.doc.tokens.partition_point(|t| t.span.end <= mention.end);
    (after.max(k + 1)..words.end).all(|k| {
        let w = r.lower[k].as_str();
        is_time_word(w) || matches!(w, "on" | "at" | "in" | "," | "." | "night" | "morning")
    })
}

/// Prepositions after which a name is no clause's subject.
fn is_preposition(word: &str) -> bool {
    matches!(
        word,
        "in" | "of"
            | "from"
            | "for"
            | "at"
            | "on"
            | "with"
            | "to"
            | "by"
            | "after"
            | "before"
            | "during"
            | "under"
            | "over"
            | "near"
            | "about"
    )
}

/// The most tokens an unnamed source after "according to" may have.
const ACCORDING_TO_WORDS: usize = 12;

/// The most tokens of a bracketed note between a name and its cue ("(D-Wis.)").
const BRACKETED_NOTE: usize = 8;

/// Marks each quote that goes on with the quote before it in marks: both in quote marks, in
/// one paragraph with the first's cue between them, and the second with no speaker named and
/// no cue of its own, so that it takes the first's attribution. (Quotes under one cue and
/// speaker are linked by [`link_same_cue`].)
fn link_split_quotes(doc: &Doc, quotes: &mut [Quote]) {
    let marked = |q: &Quote| q.kind != QuoteKind::Indirect;
    for i in 1..quotes.len() {
        // A quote in marks goes on with the last quote in marks before it; reported clauses
        // read between them ("explained in an [interview with …]") do not part them.
        let mut p = i - 1;
        if marked(&quotes[i]) {
            while p > 0 && !marked(&quotes[p]) && i - p < 4 {
                p -= 1;
            }
            if !marked(&quotes[p]) {
                p = i - 1;
            }
        }
        let (a, b) = (&quotes[p], &quotes[i]);
        let between = doc
            .text
            .get(a.content.end as usize..b.content.start as usize)
            .unwrap_or("\n");
        let in_paragraph = b.content.start >= a.content.end && !between.contains('\n');
        // "“…,” the Russian leader said. “…”": the second half names no one and has no cue, so
        // it goes on with the first even when the rules gave it the speaker of an earlier
        // attribution, or when a long description of the speaker stands between the halves.
        let continued = b.speaker_mention.is_none()
            && b.cue.is_none()
            && (a.speaker.is_some() || a.speaker_mention.is_some());
        let cue_between = a
            .cue
            .is_some_and(|c| c.start >= a.content.end && c.end <= b.content.start);
        if marked(a) && marked(b) && cue_between && continued && in_paragraph {
            let same_speaker = a.speaker.is_some() && a.speaker == b.speaker;
            quotes[i].continues = Some(p as u32);
            if !same_speaker {
                quotes[i].speaker = quotes[p].speaker;
                quotes[i].strength = quotes[p].strength;
                quotes[i].via = quotes[p].via.clone();
            }
        }
    }
}

/// Marks each quote that shares its cue and speaker with an earlier one as going on with it:
/// one cue is one act of saying, whose content may come in pieces ("she said [she thinks the
/// video should be released] but ["the question is the timing."]", "[the economic weapons his
/// country has], he added, are like ["nuclear bombs you can't use."]"). Speakers known only by
/// their words are the same when those words are.
fn link_same_cue(quotes: &mut [Quote]) {
    let mut last: HashMap<Span, usize> = HashMap::new();
    for i in 0..quotes.len() {
        let Some(cue) = quotes[i].cue else { continue };
        if quotes[i].continues.is_none() {
            if let Some(&j) = last.get(&cue) {
                let (a, b) = (&quotes[j], &quotes[i]);
                let same = a.speaker == b.speaker
                    && (a.speaker.is_some() || a.speaker_mention == b.speaker_mention);
                if same {
                    quotes[i].continues = Some(j as u32);
                }
            }
        }
        last.insert(cue, i);
    }
}

/// The longest appositive between a subject and its cue, in tokens ("Douglas Holtz-Eakin,
/// the president of the American Action Forum, said").
const APPOSITIVE_TOKENS: usize = 20;

/// `Phil Lovas, said` is not English, but `Its chairman, Phil Lovas, said` and `Jane Doe, a
/// professor at Yale, said` are: the speaker named before a comma that closes an appositive
/// right before the cue. A person named before the appositive's opening comma wins over a
/// name inside it ("…, the president of the Forum,"); else the name right before the
/// closing comma.
fn appositive_subject(
    r: &Reading<'_>,
    first: usize,
    cue: usize,
    in_quote: &[bool],
) -> Option<(EntityId, Span)> {
    let closing = cue
        .checked_sub(1)
        .filter(|&c| c > first && r.lower[c] == ",")?;
    // "…, citing": a participle after a comma is no appositive's verb.
    if r.lower[cue].ends_with("ing") {
        return None;
    }
    // A name of the kind wanted, not after a preposition ("Officials in Kabul, the capital,
    // said" is no saying of Kabul's).
    let named = |k: usize, person: bool| {
        r.owner[k].filter(|(e, mention)| {
            let kind = r.entity_kind(*e);
            let head = r
                .doc
                .tokens
                .partition_point(|t| t.span.end <= mention.start);
            let after_preposition = head > first && is_preposition(&r.lower[head - 1]);
            !after_preposition
                && if person {
                    kind == EntityType::Person
                } else {
                    speaker_kind(kind)
                }
        })
    };
    let opening = (closing.saturating_sub(APPOSITIVE_TOKENS).max(first + 1)..closing)
        .rev()
        .take_while(|&k| !in_quote[k] && !matches!(r.lower[k].as_str(), ";" | ":" | "." | "that"))
        .find(|&k| r.lower[k] == ",")?;
    named(opening - 1, true)
        .or_else(|| named(closing - 1, false))
        .or_else(|| named(opening - 1, false))
}

/// The outlet that published the report, as an entity.
fn publisher(doc: &Doc) -> Option<EntityId> {
    let by_dateline = doc.dateline.and_then(|d| d.outlet).and_then(|o| {
        doc.entities
            .iter()
            .position(|e| e.mentions.iter().any(|m| m.span == o))
    });
    let by_name = doc.meta.outlet.as_deref().and_then(|name| {
        doc.entities
            .iter()
            .position(|e| e.subtype == Some("media") && e.name == name)
    });
    by_dateline.or(by_name).map(|i| EntityId(i as u32))
}

/// "Mr. Obama, who understood that …", "an architect who said …": a quote whose cue follows
/// "who" or "which" (past auxiliaries, adverbs and a time: "who in 2010 said") has that
/// pronoun for its source, standing for the speaker named just before it or its comma, if
/// one is. Returns the speaker, the pronoun's span and the content, which, when it follows
/// the cue, ends with the relative clause at its next comma ("Reed, who said that the talks
/// had failed, left early"); `None` when the quote is not such a one.
fn relative_source(r: &Reading<'_>, q: &Quote) -> Option<(Option<EntityId>, Span, Span)> {
    let doc = r.doc;
    let cue = q.cue?;
    // Past the auxiliaries, adverbs and a time ("in 2010") between the pronoun and its verb.
    let is_time = |w: &str| is_time_word(w) || w.chars().all(|c| c.is_ascii_digit());
    let mut k = doc.tokens.partition_point(|t| t.span.end <= cue.start);
    for _ in 0..3 {
        let before = k.checked_sub(1)?;
        let w = r.lower[before].as_str();
        let skip = matches!(
            w,
            "has"
                | "have"
                | "had"
                | "is"
                | "was"
                | "were"
                | "are"
                | "also"
                | "then"
                | "later"
                | "never"
                | "once"
                | "would"
                | "will"
                | "did"
                | "does"
                | "do"
                | "not"
                | "n't"
                | "repeatedly"
                | "previously"
                | "recently"
                | "often"
                | "long"
        ) || is_time(w)
            || (matches!(w, "in" | "on") && r.lower.get(k).is_some_and(|next| is_time(next)));
        if !skip {
            break;
        }
        k = before;
    }
    let pronoun = k.checked_sub(1)?;
    let before = pronoun.checked_sub(1)?;
    let comma = r.lower[before] == ",";
    // "Tom Reed, who said …", or with no comma "an architect who said …", "the Chicago Police
    // Department which reported …": the relative pronoun is the source's word here, the name
    // before it (if any) the speaker. Without a comma only where what was said comes after
    // the cue: `"some people" who feel that way` reads a quote before it.
    if !matches!(r.lower[pronoun].as_str(), "who" | "which")
        || (!comma && cue.end > q.content.start)
    {
        return None;
    }
    let named = if comma {
        before.checked_sub(1)
    } else {
        Some(before)
    }
    .and_then(|j| r.owner[j])
    .filter(|(e, _)| speaker_kind(r.entity_kind(*e)))
    .map(|(e, _)| e);
    if comma && named.is_none() {
        return None;
    }
    let mut content = q.content;
    if q.kind == QuoteKind::Indirect && cue.end <= content.start {
        let tokens = doc.token_range(content);
        if let Some(end) = (tokens.start + 1..tokens.end).find(|&k| r.lower[k] == ",") {
            content.end = doc.tokens[end - 1].span.end;
        }
    }
    Some((named, doc.tokens[pronoun].span, content))
}

/// Pairs of quote marks (their token indexes). A quote continued into the next paragraph
/// (the paragraph ends inside it and the next opens with a mark) is one quote from its first
/// mark to its last; a mark with no partner in its paragraph is dropped, and so is a mark with
/// spaces on both sides, which neither opens nor closes anything.
fn pair_marks(r: &Reading<'_>, marks: &[usize]) -> Vec<(usize, usize)> {
    let tokens = &r.doc.tokens;
    let mut pairs = Vec::new();
    // The quote's first mark and the mark that last opened a paragraph of it.
    let mut open: Option<(usize, usize)> = None;
    for &m in marks {
        let spaced_before = m == 0 || tokens[m - 1].space_after;
        if spaced_before && tokens[m].space_after && m + 1 < tokens.len() {
            continue;
        }
        match open {
            None => open = Some((m, m)),
            Some((first, last)) if r.break_between(last, m) => {
                // A mark opening the next paragraph continues a quote its paragraph left open,
                // unless a speaker's label follows it: a transcript's next turn ("PENCE: …")
                // ends the turn before at its paragraph's end.
                let opens_paragraph = m > 0 && r.break_between(m - 1, m);
                if opens_paragraph && speaker_label_at(r, m + 1) {
                    pairs.push((first, m));
                    open = Some((m, m));
                } else {
                    open = Some(if opens_paragraph { (first, m) } else { (m, m) });
                }
            }
            Some((first, _)) => {
                pairs.push((first, m));
                open = None;
            }
        }
    }
    // The last quote of the text runs to its end when the text stops inside it; a
    // transcript's last turn runs to its paragraph's end.
    if let Some((first, last)) = open {
        let n = tokens.len();
        let paragraph_end = (last + 1..n - 1).find(|&k| r.break_between(k, k + 1));
        match paragraph_end {
            None if last + 1 < n => pairs.push((first, n)),
            Some(k) if speaker_label_at(r, last + 1) => pairs.push((first, k + 1)),
            _ => {}
        }
    }
    pairs
}

/// Whether a transcript's speaker label starts at token `k`: one or two words in capitals,
/// then a colon ("PENCE:", "JAKE TAPPER:").
fn speaker_label_at(r: &Reading<'_>, k: usize) -> bool {
    let capitals = |k: usize| {
        r.doc.tokens.get(k).is_some_and(|t| {
            let word = r.doc.span_text(t.span);
            word.chars().count() >= 2
                && word.chars().any(char::is_uppercase)
                && word.chars().all(|c| c.is_uppercase() || c == '.')
        })
    };
    let colon = |k: usize| r.lower.get(k).is_some_and(|w| w == ":");
    capitals(k) && (colon(k + 1) || (capitals(k + 1) && colon(k + 2)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wirewatch_doc::Strength;

    fn reported(start: u32, end: u32, speaker: Option<u32>) -> Quote {
        Quote {
            kind: QuoteKind::Indirect,
            content: Span::new(start, end),
            speaker: speaker.map(EntityId),
            speaker_mention: None,
            cue: None,
            addressee: None,
            via: Vec::new(),
            strength: Strength::Reported,
            continues: None,
        }
    }

    #[test]
    fn a_clause_inside_the_same_speaker_s_clause() {
        let quotes = [
            reported(0, 50, Some(1)),
            // Held by the first: starts later, ends sooner.
            reported(10, 40, Some(1)),
            // The same speaker's, from the same start to a nearer end: held.
            reported(0, 30, Some(1)),
            // Another speaker's inside: kept.
            reported(20, 30, Some(2)),
            // The same span twice is no nesting.
            reported(60, 80, Some(1)),
            reported(60, 80, Some(1)),
            // No speaker: kept.
            reported(12, 20, None),
            // Reaching past the first: kept.
            reported(45, 55, Some(1)),
        ];
        assert_eq!(
            inside_own_clause(&quotes),
            [false, true, true, false, false, false, false, false]
        );
    }

    #[test]
    fn a_clause_inside_another_speaker_s_clause() {
        let cued = |start, end, speaker, cue: (u32, u32)| Quote {
            cue: Some(Span::new(cue.0, cue.1)),
            ..reported(start, end, speaker)
        };
        let quotes = [
            reported(2, 50, Some(1)),
            // Another speaker's, cue and all inside the first: held.
            cued(20, 50, Some(2), (14, 19)),
            // Its cue before the first clause: not held.
            cued(5, 30, Some(3), (0, 4)),
            // The same speaker's: not this check's.
            reported(10, 40, Some(1)),
            // No speaker is someone else too.
            reported(12, 20, None),
            // Its cue past the first clause's end: not held.
            cued(40, 50, Some(2), (51, 55)),
            // Held by the farthest-reaching clause so far, another speaker's; and, being that
            // speaker's, by the farthest-reaching of any other speaker.
            reported(60, 100, Some(4)),
            reported(61, 90, Some(1)),
            reported(70, 80, Some(4)),
        ];
        assert_eq!(
            inside_other_clause(&quotes),
            [false, true, false, false, true, false, false, true, true]
        );
    }
}
