//! The statistical mention tagger as a pipeline component: each sentence's tokens are tagged
//! (people, organisations, places, other names) and every tagged name becomes a mention of an
//! entity, one entity per type and name in a document.
//!
//! It runs after the dateline and credits components: a span they already named (an outlet, a
//! dateline place) keeps their reading.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use wirewatch_doc::contract::ActorCode;
use wirewatch_doc::{Doc, EntityId, EntityType, Layer, MentionKind, Span, TokenKind};
use wirewatch_nlp::ner::{decode, Lexicon, NerModel, TYPES};

use crate::actors::{role_subtype, ActorDictionary, ActorType, AgentDictionary, Attach, SUBTYPES};
use crate::entities::{title_case, EntityIndex, Found};
use crate::Component;

/// Tags names with the trained model.
#[derive(Debug)]
pub struct MentionsComponent {
    model: NerModel,
    lexicon: Lexicon,
    actors: Arc<ActorDictionary>,
    titles: Titles,
    /// Nouns that describe an outlet ("newspaper", "news agency").
    descriptors: Vec<String>,
    /// Words after which a definite noun is a whole phrase ("the general said").
    phrase_enders: std::collections::HashSet<String>,
    /// How texts say two names are one, pronouns, name particles.
    rules: NameRules,
}

/// Word lists for reading names and what refers to them.
#[derive(Debug, Default)]
pub struct NameRules {
    /// How texts say two names are one ("also known as").
    pub alias_cues: AliasCues,
    /// Pronouns and gendered titles.
    pub gender: GenderWords,
    /// Lower-case words inside persons' names ("bin", "al-").
    pub particles: Vec<String>,
    /// Nouns of kinds of actor ("army", "border guards"), for names made of a country and
    /// one ("United States Army" → USAMIL).
    pub agents: AgentDictionary,
}

impl NameRules {
    /// Whether `word` is a particle that continues a person's name.
    fn is_particle(&self, word: &str) -> bool {
        self.particles.iter().any(|p| match p.strip_suffix('-') {
            Some(_) => word.len() > p.len() && word.starts_with(p.as_str()),
            None => word == p,
        })
    }
}

impl MentionsComponent {
    /// The component over a trained model, its lexicon, and the actor dictionary that gives
    /// a known name its canonical form and type ("Daesh", "IS" → Islamic State, an ORG).
    pub fn new(
        model: NerModel,
        lexicon: Lexicon,
        actors: Arc<ActorDictionary>,
        titles: Titles,
        descriptors: Vec<String>,
        phrase_enders: std::collections::HashSet<String>,
        rules: NameRules,
    ) -> MentionsComponent {
        MentionsComponent {
            model,
            lexicon,
            actors,
            titles,
            descriptors,
            phrase_enders,
            rules,
        }
    }
}

/// The phrases by which a text says two names are one thing, each as its tokens.
#[derive(Debug, Default)]
pub struct AliasCues {
    /// Cues written between the names ("A, also known as B").
    between: Vec<Vec<String>>,
    /// Cues written after a second name in brackets ("A [B as it is known]").
    after: Vec<Vec<String>>,
}

impl AliasCues {
    /// Parses `cue<TAB>where` rows, where is `between` or `after`; `tokenize` splits a cue as
    /// the text will be split.
    pub fn parse(
        file: wirewatch_nlp::DataFile,
        tokenize: impl Fn(&str) -> Vec<String>,
    ) -> Result<AliasCues, wirewatch_nlp::DataError> {
        let mut cues = AliasCues::default();
        for row in wirewatch_nlp::data::read_tsv(file.path, file.text, &["cue", "where"])? {
            let cue = tokenize(row.cells[0]);
            match row.cells[1] {
                "between" => cues.between.push(cue),
                "after" => cues.after.push(cue),
                other => {
                    return Err(wirewatch_nlp::DataError::Line {
                        file: file.path.into(),
                        line: row.line,
                        message: format!("where is {other:?}, expected between or after"),
                    })
                }
            }
        }
        Ok(cues)
    }
}

/// A person's grammatical gender, as pronouns and titles tell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    /// he, him, Mr., King.
    Male,
    /// she, her, Mrs., Queen.
    Female,
}

/// Pronouns that refer back to a person, and titles and first names that tell a gender.
#[derive(Debug, Default)]
pub struct GenderWords {
    pronouns: std::collections::HashMap<String, Gender>,
    titles: std::collections::HashMap<String, Gender>,
    first_names: std::collections::HashMap<String, Gender>,
}

impl GenderWords {
    /// Parses `word<TAB>kind<TAB>gender` rows (kind: pronoun, title or first; gender: m or f).
    pub fn parse(file: wirewatch_nlp::DataFile) -> Result<GenderWords, wirewatch_nlp::DataError> {
        let mut words = GenderWords::default();
        words.add(file)?;
        Ok(words)
    }

    /// Adds another file's rows, in the same columns as [`GenderWords::parse`].
    pub fn add(&mut self, file: wirewatch_nlp::DataFile) -> Result<(), wirewatch_nlp::DataError> {
        let words = self;
        let rows =
            wirewatch_nlp::data::read_tsv(file.path, file.text, &["word", "kind", "gender"])?;
        for row in rows {
            let bad = |message: String| wirewatch_nlp::DataError::Line {
                file: file.path.into(),
                line: row.line,
                message,
            };
            let gender = match row.cells[2] {
                "m" => Gender::Male,
                "f" => Gender::Female,
                other => return Err(bad(format!("gender is {other:?}, expected m or f"))),
            };
            let table = match row.cells[1] {
                "pronoun" => &mut words.pronouns,
                "title" => &mut words.titles,
                "first" => &mut words.first_names,
                other => {
                    return Err(bad(format!(
                        "kind is {other:?}, expected pronoun, title or first"
                    )))
                }
            };
            table.insert(row.cells[0].to_string(), gender);
        }
        Ok(())
    }

    /// The gender a person's first name tells ("Hillary Clinton" → female); `None` for a
    /// one-word name or a first name given to both.
    pub fn first_name(&self, name: &str) -> Option<Gender> {
        let mut words = name.split(' ');
        let first = words.next()?;
        words.next()?;
        self.first_names.get(&first.to_lowercase()).copied()
    }

    /// The gender of a pronoun ("He" → male), any case.
    pub fn pronoun(&self, word: &str) -> Option<Gender> {
        if word.len() > 8 {
            return None;
        }
        self.pronouns.get(&word.to_lowercase()).copied()
    }

    /// The gender a title tells, from its first word ("Mrs." → female, "Queen Mother" → female).
    pub fn title(&self, title: &str) -> Option<Gender> {
        let first = title
            .split(' ')
            .next()?
            .trim_end_matches('.')
            .to_lowercase();
        self.titles.get(&first).copied()
    }
}

/// Titles written before names, and the nouns that refer back to their bearers.
#[derive(Debug, Default)]
pub struct Titles {
    /// Title (its tokens, space-joined, as written) → noun ("" for Mr., Dr.).
    nouns: std::collections::HashMap<String, String>,
    longest: usize,
}

impl Titles {
    /// Parses `title<TAB>noun` rows; `tokenize` splits a title as the text will be split.
    pub fn parse(
        file: wirewatch_nlp::DataFile,
        tokenize: impl Fn(&str) -> Vec<String>,
    ) -> Result<Titles, wirewatch_nlp::DataError> {
        let mut titles = Titles::default();
        for row in wirewatch_nlp::data::read_tsv(file.path, file.text, &["title", "noun"])? {
            let tokens = tokenize(row.cells[0]);
            titles.longest = titles.longest.max(tokens.len());
            titles
                .nouns
                .insert(tokens.join(" "), row.cells[1].to_string());
        }
        Ok(titles)
    }

    /// The noun of a title as the text wrote it.
    pub fn noun(&self, title: &str) -> Option<&str> {
        self.nouns
            .get(title)
            .map(String::as_str)
            .filter(|n| !n.is_empty())
    }

    /// How many tokens the longest title starting at `at` has (not reaching `limit`).
    fn longest_at(&self, words: &[&str], at: usize, limit: usize) -> Option<usize> {
        (1..=self.longest)
            .rev()
            .filter(|n| at + n <= limit)
            .find(|n| self.nouns.contains_key(&words[at..at + n].join(" ")))
    }

    /// How many tokens the longest title ending just before `end` has.
    fn longest_ending_at(&self, words: &[&str], end: usize) -> Option<usize> {
        (1..=self.longest)
            .rev()
            .filter(|n| *n <= end)
            .find(|n| self.nouns.contains_key(&words[end - n..end].join(" ")))
    }
}

fn actor_type(kind: ActorType) -> EntityType {
    match kind {
        ActorType::Person => EntityType::Person,
        ActorType::Org => EntityType::Org,
        ActorType::Gpe => EntityType::Gpe,
        ActorType::Norp => EntityType::Norp,
    }
}

/// The contract's type for one of the tagger's.
fn entity_type(tagger_type: &str, name: &str) -> EntityType {
    match tagger_type {
        "PER" => EntityType::Person,
        "ORG" => EntityType::Org,
        "LOC" => EntityType::Gpe,
        // A lone adjective of a people ("Afghan", "Pakistani", "Islamist") or its plural
        // ("Afghans", "Islamists") names a group.
        _ if !name.contains(' ')
            && ["an", "ese", "i", "ish", "ic", "ist", "ans", "is", "ists"]
                .iter()
                .any(|s| name.ends_with(s)) =>
        {
            EntityType::Norp
        }
        _ => EntityType::Other,
    }
}

impl Component for MentionsComponent {
    fn name(&self) -> &'static str {
        "mentions"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }
    fn languages(&self) -> Option<&'static [&'static str]> {
        Some(&["en"])
    }
    fn run(&self, doc: &mut Doc) {
        // Spans other components named stay theirs.
        let taken = SpanSet::new(
            doc.entities
                .iter()
                .flat_map(|e| e.mentions.iter().map(|m| m.span))
                .chain(doc.dateline.map(|d| d.span))
                .collect(),
        );
        let mut found: Vec<Name> = Vec::new();
        for sentence in &doc.sentences {
            let range = sentence.tokens.start as usize..sentence.tokens.end as usize;
            let tokens = &doc.tokens[range.clone()];
            if tokens.is_empty() {
                continue;
            }
            let words: Vec<&str> = tokens.iter().map(|t| doc.token_norm(t)).collect();
            let labels = self.model.tag(&self.lexicon.sentence(&words));
            let tagged = self.join_titled(&words, decode(&labels));
            // Known actors the tagger missed ("Daesh fighters attacked"): the longest alias at
            // each token, as long as it touches no tagged name. A lone person's name is left
            // to the tagger: too many first names are words.
            // covered[k]: how many of the first k tokens the tagger put in a name.
            let mut covered = vec![0u32; tokens.len() + 1];
            for &(_, s, e) in &tagged {
                for c in &mut covered[s + 1..=e] {
                    *c = 1;
                }
            }
            for k in 0..tokens.len() {
                covered[k + 1] += covered[k];
            }
            let tagged_in = |from: usize, to: usize| covered[to] > covered[from];
            let mut k = 0;
            while k < tokens.len() {
                let mut step = 1;
                if self.actors.may_start(words[k]) && !tagged_in(k, k + 1) {
                    for len in (1..=self.actors.max_words.min(tokens.len() - k)).rev() {
                        if tagged_in(k, k + len) {
                            continue;
                        }
                        let span = Span::new(tokens[k].span.start, tokens[k + len - 1].span.end);
                        let Some(actor) = self.actors.get(doc.span_text(span)) else {
                            continue;
                        };
                        if len == 1 && actor.kind == ActorType::Person {
                            continue;
                        }
                        if taken.overlaps(span) {
                            break;
                        }
                        found.push(Name {
                            kind: actor_type(actor.kind),
                            subtype: SUBTYPES.iter().copied().find(|s| *s == actor.subtype),
                            name: actor.canonical.clone(),
                            span,
                            titles: Vec::new(),
                            title_start: None,
                            actor: actor
                                .cameo
                                .as_deref()
                                .map(|code| actor_code(code, actor.country.as_deref())),
                        });
                        step = len;
                        break;
                    }
                }
                k += step;
            }
            for (kind, mut start, end) in tagged {
                let whole = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
                if taken.overlaps(whole) {
                    continue;
                }
                let surface = doc.span_text(whole);
                let bare = surface
                    .strip_prefix("the ")
                    .or_else(|| surface.strip_prefix("The "))
                    .unwrap_or(surface);
                // "Mr. Burman", "Ms. Jordan": after a title that tells a gender, a name is a
                // person's, whatever the tagger or the dictionary says it is.
                let honorific = start > 0
                    && self.rules.gender.title(words[start - 1]).is_some()
                    && self.titles.longest_ending_at(&words, start).is_some();
                // A known actor is named and typed by the dictionary, whatever the tagger said.
                if let Some(actor) = self
                    .actors
                    .get(bare)
                    .filter(|a| !honorific || a.kind == ActorType::Person)
                {
                    let (titles, title_start) = if actor.kind == ActorType::Person {
                        self.titles_before(&words, start, range.start)
                    } else {
                        (Vec::new(), None)
                    };
                    found.push(Name {
                        kind: actor_type(actor.kind),
                        subtype: SUBTYPES.iter().copied().find(|s| *s == actor.subtype),
                        name: actor.canonical.clone(),
                        span: whole,
                        titles,
                        title_start,
                        actor: actor
                            .cameo
                            .as_deref()
                            .map(|code| actor_code(code, actor.country.as_deref())),
                    });
                    continue;
                }
                if TYPES[kind] != "PER" {
                    if let Some(name) = self.country_agent(bare, whole) {
                        found.push(name);
                        continue;
                    }
                }
                let mut titles = Vec::new();
                let mut title_start = None;
                // "General John Campbell" tagged whole, whatever the type the tagger gave it:
                // the title is not the name, and what it titles is a person.
                let mut kind_name = if honorific { "PER" } else { TYPES[kind] };
                while let Some(n) = self.titles.longest_at(&words, start, end - 1) {
                    titles.push(words[start..start + n].join(" "));
                    title_start.get_or_insert(range.start + start);
                    start += n;
                    kind_name = "PER";
                }
                if kind_name == "PER" {
                    // "… Army General John Campbell": titles just before the name.
                    let (before, at) = self.titles_before(&words, start, range.start);
                    if !before.is_empty() {
                        titles.splice(0..0, before);
                        title_start = at;
                    }
                }
                let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
                let bare = doc.span_text(span);
                // "UNITED NATIONS" is named in title case; an acronym ("TTP") stays as it is.
                let name = if bare.contains(' ') || bare.chars().count() > 5 {
                    title_case(bare)
                } else {
                    bare.to_string()
                };
                found.push(Name {
                    kind: entity_type(kind_name, &name),
                    subtype: None,
                    name,
                    span,
                    titles,
                    title_start,
                    actor: None,
                });
            }
        }
        found.sort_by_key(|f| (f.span.start, f.span.end));
        self.join_particles(doc, &mut found);
        self.expand_acronyms(doc, &mut found);
        self.join_stated_aliases(doc, &mut found);
        self.find_untagged_surnames(doc, &mut found);
        // "Campbell" after "John Campbell" is John Campbell: a lone surname joins the person
        // named in full before it (the last such, when several share it).
        let mut by_surname: HashMap<String, String> = HashMap::new();
        let named = |by_surname: &mut HashMap<String, String>, name: &str| {
            if let Some((_, last)) = name.rsplit_once(' ') {
                by_surname.insert(last.to_string(), name.to_string());
            }
        };
        for e in doc.entities.iter().filter(|e| e.kind == EntityType::Person) {
            named(&mut by_surname, &e.name);
        }
        for f in found.iter_mut() {
            if f.kind != EntityType::Person {
                continue;
            }
            if !f.name.contains(' ') {
                if let Some(full) = by_surname.get(&f.name) {
                    f.name = full.clone();
                    continue;
                }
            }
            named(&mut by_surname, &f.name);
        }
        let mut index = EntityIndex::of(doc);
        for f in found {
            let id = index.add_mention(
                doc,
                Found {
                    kind: f.kind,
                    subtype: f.subtype,
                    name: &f.name,
                    country: None,
                },
                f.span,
            );
            let affiliation = f.title_start.and_then(|t| self.affiliation_before(doc, t));
            let entity = &mut doc.entities[id.0 as usize];
            for t in f.titles {
                if !entity.titles.contains(&t) {
                    entity.titles.push(t);
                }
            }
            if entity.actor.is_none() {
                entity.actor = f.actor;
            }
            if entity.affiliation.is_none() && affiliation != Some(id) {
                entity.affiliation = affiliation;
            }
        }
        self.resolve_nominals(doc);
        self.resolve_pronouns(doc);
    }
}

/// Spans, for asking whether a span overlaps any of them in logarithmic time.
struct SpanSet {
    /// Sorted by start.
    spans: Vec<Span>,
    /// reach[i]: the furthest end among spans[..=i].
    reach: Vec<u32>,
}

impl SpanSet {
    fn new(mut spans: Vec<Span>) -> SpanSet {
        spans.sort_unstable_by_key(|s| (s.start, s.end));
        let reach = spans
            .iter()
            .scan(0, |far, s| {
                *far = s.end.max(*far);
                Some(*far)
            })
            .collect();
        SpanSet { spans, reach }
    }

    /// Whether `span` shares a character with any of the spans.
    fn overlaps(&self, span: Span) -> bool {
        let before_end = self.spans.partition_point(|s| s.start < span.end);
        before_end > 0 && self.reach[before_end - 1] > span.start
    }
}

/// At most this many people of a sentence are weighed as a pronoun's antecedent.
const MAX_PRONOUN_CANDIDATES: usize = 32;

/// How many sentences back a pronoun's person may be named: quotes run on for sentences
/// without a name ("Coal isn't the villain," he said).
const PRONOUN_SENTENCES_BACK: usize = 8;

/// At most this many aliases stated in one report are followed.
const MAX_STATED_ALIASES: usize = 64;

/// One name the tagger found, with what was read around it.
#[derive(Debug)]
struct Name {
    kind: EntityType,
    subtype: Option<&'static str>,
    name: String,
    span: Span,
    titles: Vec<String>,
    /// The token where its titles begin, when it has any.
    title_start: Option<usize>,
    actor: Option<ActorCode>,
}

impl Name {
    /// What it is, without where or how it is titled.
    fn clone_identity(&self) -> Name {
        Name {
            kind: self.kind,
            subtype: self.subtype,
            name: self.name.clone(),
            span: self.span,
            titles: Vec::new(),
            title_start: None,
            actor: self.actor.clone(),
        }
    }
}

/// The token after `cue` when one of `cues` (each as its tokens, lower case) starts at token
/// `at`.
fn cue_at(doc: &Doc, at: usize, cues: &[Vec<String>]) -> Option<usize> {
    cues.iter().find_map(|cue| {
        let words = doc.tokens.get(at..at + cue.len())?;
        words
            .iter()
            .zip(cue)
            .all(|(t, c)| doc.token_norm(t).eq_ignore_ascii_case(c))
            .then_some(at + cue.len())
    })
}

/// The tokens of a name starting at token `at`: capitalised words, name particles, and "of",
/// "for", "the" or "and" between capitalised words; at most eight.
fn name_run(doc: &Doc, at: usize, rules: &NameRules) -> Option<std::ops::Range<usize>> {
    const JOINERS: [&str; 4] = ["of", "for", "the", "and"];
    let capital = |k: usize| {
        doc.tokens
            .get(k)
            .is_some_and(|t| doc.token_norm(t).starts_with(char::is_uppercase))
    };
    if !capital(at) {
        return None;
    }
    let mut end = at + 1;
    while end < doc.tokens.len() && end - at < 8 {
        let word = doc.token_norm(&doc.tokens[end]);
        if capital(end) || rules.is_particle(word) {
            end += 1;
        } else if JOINERS.contains(&word) && capital(end + 1) {
            end += 2;
        } else {
            break;
        }
    }
    Some(at..end.min(doc.tokens.len()))
}

/// Every place one of the aliases stands as whole tokens in the document, in text order, with
/// the alias's index (the longest where several start at one token).
fn occurrences(doc: &Doc, aliases: &[(&str, Name)]) -> Vec<(Span, usize)> {
    let mut out = Vec::new();
    for token in &doc.tokens {
        let start = token.span.start as usize;
        let rest = &doc.text[start..];
        let best = aliases
            .iter()
            .enumerate()
            .filter(|(_, (text, _))| rest.starts_with(text))
            .map(|(k, (text, _))| (text.len(), k))
            .filter(|&(len, _)| {
                let end = (start + len) as u32;
                doc.tokens
                    .binary_search_by_key(&end, |t| t.span.end)
                    .is_ok()
            })
            .max();
        if let Some((len, k)) = best {
            out.push((Span::new(start as u32, (start + len) as u32), k));
        }
    }
    out
}

/// A CAMEO code split as the contract wants it: the country part (when the code has one) and
/// the role after it ("USAMIL" → USA, MIL; "IGOUNO" → no country, IGO).
fn actor_code(code: &str, country: Option<&str>) -> ActorCode {
    // A bare country code ("AFG") has no role.
    let role = match country {
        Some(_) => code.get(3..6),
        None => code.get(..3),
    };
    ActorCode {
        code: code.to_string(),
        country: country.map(str::to_string),
        role: role.map(str::to_string),
    }
}

impl MentionsComponent {
    /// "the Movement for Democratic Change (MDC)": an acronym in brackets right after a name
    /// is that name, there and wherever else the text uses it.
    fn expand_acronyms(&self, doc: &Doc, found: &mut Vec<Name>) {
        let names = SpanSet::new(found.iter().map(|f| f.span).collect());
        // The last definition of an acronym is the one that holds.
        let mut defined: HashMap<String, usize> = HashMap::new();
        let mut added: Vec<Name> = Vec::new();
        for (i, f) in found.iter().enumerate() {
            if f.kind == EntityType::Person || !f.name.contains(' ') {
                continue;
            }
            let after = &doc.text[f.span.end as usize..];
            let Some(inner) = after.trim_start().strip_prefix('(') else {
                continue;
            };
            let Some(close) = inner.find(')') else {
                continue;
            };
            let acronym = inner[..close].trim();
            let letters = acronym.chars().filter(|c| c.is_alphabetic()).count();
            let is_acronym = (2..=10).contains(&acronym.len())
                && letters >= 2
                && acronym
                    .chars()
                    .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-' || c == '&');
            // Its letters start the name's words in order ("MDC" ← Movement … Democratic Change).
            let initials: String = f
                .name
                .split([' ', '-'])
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_uppercase())
                .collect();
            let mut rest = initials.chars();
            let fits = acronym
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|a| rest.any(|b| b == a));
            if !is_acronym || !fits {
                continue;
            }
            defined.insert(acronym.to_string(), i);
            let at = f.span.end as usize
                + (after.len() - after.trim_start().len())
                + 1
                + (inner.len() - inner.trim_start().len());
            let span = Span::new(at as u32, (at + acronym.len()) as u32);
            if !names.overlaps(span) {
                added.push(Name {
                    span,
                    titles: Vec::new(),
                    title_start: None,
                    name: f.name.clone(),
                    kind: f.kind,
                    subtype: f.subtype,
                    actor: f.actor.clone(),
                });
            }
        }
        if !defined.is_empty() {
            let expansions: HashMap<&str, Name> = defined
                .iter()
                .map(|(acronym, &i)| (acronym.as_str(), found[i].clone_identity()))
                .collect();
            for g in found.iter_mut() {
                if let Some(e) = expansions.get(doc.span_text(g.span)) {
                    g.name = e.name.clone();
                    g.kind = e.kind;
                    g.subtype = e.subtype;
                    g.actor = e.actor.clone();
                }
            }
        }
        found.extend(added);
        found.sort_by_key(|f| (f.span.start, f.span.end));
    }

    /// Names the tagger cut after a title ("Major Jonathan" | "Hartwell") made whole again: a
    /// span that starts with a title takes in the span right after it; and names it ran
    /// together across a title ("United States Army General John Campbell") cut there.
    fn join_titled(
        &self,
        words: &[&str],
        spans: Vec<(usize, usize, usize)>,
    ) -> Vec<(usize, usize, usize)> {
        let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
        for span in spans {
            if let Some(last) = out.last_mut() {
                if last.2 == span.1 && self.titles.longest_at(words, last.1, last.2).is_some() {
                    last.2 = span.2;
                    continue;
                }
            }
            out.push(span);
        }
        // "United States Army General John Campbell" tagged as one name: the words before an
        // inner title name what the person belongs to, the title and what follows, a person.
        let person = TYPES.iter().position(|t| *t == "PER").unwrap_or(0);
        let mut split = Vec::with_capacity(out.len());
        for (kind, start, end) in out {
            let inner = (start + 1..end.saturating_sub(1)).find(|&q| {
                self.titles
                    .longest_at(words, q, end - 1)
                    .is_some_and(|n| words[q + n].starts_with(char::is_uppercase))
            });
            match inner {
                Some(q) => {
                    split.push((kind, start, q));
                    split.push((person, q, end));
                }
                None => split.push((kind, start, end)),
            }
        }
        split
    }

    /// The titles written just before token `start` of a sentence ("Russian Foreign Minister
    /// Sergei Lavrov" → Foreign Minister), and the document token where they begin.
    fn titles_before(
        &self,
        words: &[&str],
        start: usize,
        sentence_start: usize,
    ) -> (Vec<String>, Option<usize>) {
        let mut before = start;
        let mut titles = Vec::new();
        while let Some(n) = self.titles.longest_ending_at(words, before) {
            titles.push(words[before - n..before].join(" "));
            before -= n;
        }
        titles.reverse();
        let at = (!titles.is_empty()).then_some(sentence_start + before);
        (titles, at)
    }

    /// The organisation or country named just before a title ("United States Army General"):
    /// the entity whose mention ends at most two capitalised words before it.
    fn affiliation_before(&self, doc: &Doc, title_token: usize) -> Option<EntityId> {
        let mut k = title_token;
        for _ in 0..3 {
            let prev = k.checked_sub(1)?;
            let end = doc.tokens[prev].span.end;
            if let Some((i, _)) = doc.entities.iter().enumerate().find(|(_, e)| {
                matches!(e.kind, EntityType::Org | EntityType::Gpe)
                    && e.mentions.iter().any(|m| m.span.end == end)
            }) {
                return Some(EntityId(i as u32));
            }
            if !doc
                .token_norm(&doc.tokens[prev])
                .starts_with(|c: char| c.is_uppercase())
            {
                return None;
            }
            k = prev;
        }
        None
    }

    /// "the general", "the newspaper": a definite noun that a title or an outlet's descriptor
    /// uses refers to the last such person or outlet named before it, when nothing follows
    /// that would make it a plain noun phrase ("the general election").
    fn resolve_nominals(&self, doc: &mut Doc) {
        // What each noun may refer to: the ends of the mentions of the outlets (under MEDIA)
        // and of the people its titles give that noun, with the entity, in order.
        const MEDIA: &str = "\u{0}media";
        let mut referents: HashMap<&str, Vec<(u32, usize)>> = HashMap::new();
        for (k, e) in doc.entities.iter().enumerate() {
            let mut nouns: Vec<&str> = Vec::new();
            if e.subtype == Some("media") {
                nouns.push(MEDIA);
            } else if e.kind == EntityType::Person {
                nouns.extend(e.titles.iter().filter_map(|t| self.titles.noun(t)));
                nouns.dedup();
            }
            for noun in nouns {
                let ends = referents.entry(noun).or_default();
                ends.extend(e.mentions.iter().map(|m| (m.span.end, k)));
            }
        }
        for ends in referents.values_mut() {
            ends.sort_unstable();
        }
        let mut links: Vec<(EntityId, Span)> = Vec::new();
        for sentence in &doc.sentences {
            let (first, last) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
            for i in first..last {
                if !doc.token_norm(&doc.tokens[i]).eq_ignore_ascii_case("the") {
                    continue;
                }
                for n in (1..=2).rev() {
                    if i + n >= last {
                        continue;
                    }
                    let words: Vec<&str> = (i + 1..=i + n)
                        .map(|k| doc.token_norm(&doc.tokens[k]))
                        .collect();
                    if words
                        .iter()
                        .any(|w| !w.starts_with(|c: char| c.is_lowercase()))
                    {
                        continue;
                    }
                    let noun = words.join(" ");
                    // The sentence's end ends the phrase too.
                    let ends_phrase =
                        match (i + n + 1 < last).then(|| doc.token_norm(&doc.tokens[i + n + 1])) {
                            None => true,
                            Some(next) => {
                                !next.starts_with(|c: char| c.is_alphanumeric())
                                    || self.phrase_enders.contains(&next.to_lowercase())
                            }
                        };
                    if !ends_phrase {
                        continue;
                    }
                    let span = Span::new(doc.tokens[i].span.start, doc.tokens[i + n].span.end);
                    let key = if self.descriptors.contains(&noun) {
                        MEDIA
                    } else {
                        noun.as_str()
                    };
                    let antecedent = referents.get(key).and_then(|ends| {
                        let before = ends.partition_point(|&(end, _)| end <= span.start);
                        before.checked_sub(1).map(|b| ends[b])
                    });
                    if let Some((_, k)) = antecedent {
                        links.push((EntityId(k as u32), span));
                        break;
                    }
                }
            }
        }
        for (id, span) in links {
            let surface = doc.span_text(span).to_lowercase();
            let entity = &mut doc.entities[id.0 as usize];
            entity.add_reference(span, MentionKind::Nominal);
            if !entity.aliases.contains(&surface) {
                entity.aliases.push(surface);
            }
        }
    }
    /// "United States Army", "Pakistani Navy", "Afghan National Police": a country or
    /// nationality the dictionary knows followed by a noun of a kind of actor is that
    /// country's organisation, coded as PETRARCH codes it (USA + MIL → USAMIL).
    fn country_agent(&self, text: &str, span: Span) -> Option<Name> {
        let mut cuts = text.match_indices(' ').map(|(at, _)| at);
        cuts.find_map(|at| {
            let country = self.actors.get(&text[..at])?;
            let code = country.cameo.as_deref().filter(|c| c.len() == 3)?;
            if !matches!(country.kind, ActorType::Gpe | ActorType::Norp) {
                return None;
            }
            let agent = self.rules.agents.get(&text[at + 1..])?;
            if agent.attach != Attach::After {
                return None;
            }
            let role = agent.code.get(..3)?;
            Some(Name {
                kind: EntityType::Org,
                subtype: role_subtype(role),
                name: title_case(text),
                span,
                titles: Vec::new(),
                title_start: None,
                actor: Some(actor_code(
                    &format!("{code}{}", agent.code),
                    country.country.as_deref(),
                )),
            })
        })
    }

    /// "Abu Bakr" | "al-Baghdadi", "Osama" | "bin Laden": a name that starts with a particle
    /// right after a person's name is the rest of it. The whole is looked up again in the
    /// actor dictionary, since the part may have been another actor's alias.
    fn join_particles(&self, doc: &Doc, found: &mut Vec<Name>) {
        let mut i = 0;
        while i + 1 < found.len() {
            let (a, b) = (&found[i], &found[i + 1]);
            let gap = &doc.text[a.span.end as usize..b.span.start.max(a.span.end) as usize];
            let first = doc.span_text(b.span).split(' ').next().unwrap_or("");
            if a.kind != EntityType::Person
                || b.span.start < a.span.end
                || gap != " "
                || !self.rules.is_particle(first)
            {
                i += 1;
                continue;
            }
            let span = Span::new(a.span.start, b.span.end);
            let whole = doc.span_text(span);
            let joined = match self.actors.get(whole) {
                Some(actor) if actor.kind == ActorType::Person => Name {
                    kind: EntityType::Person,
                    subtype: SUBTYPES.iter().copied().find(|s| *s == actor.subtype),
                    name: actor.canonical.clone(),
                    span,
                    titles: found[i].titles.clone(),
                    title_start: found[i].title_start,
                    actor: actor
                        .cameo
                        .as_deref()
                        .map(|code| actor_code(code, actor.country.as_deref())),
                },
                _ => Name {
                    kind: EntityType::Person,
                    subtype: None,
                    name: title_case(whole),
                    span,
                    titles: found[i].titles.clone(),
                    title_start: found[i].title_start,
                    actor: None,
                },
            };
            found[i] = joined;
            found.remove(i + 1);
        }
    }

    /// "the Northern Front, also known as Jabhat al-Shamal", "Daesh [IS as it is known in the
    /// Arab world]": a name the text says is another name of a thing is that thing, there and
    /// wherever else the text uses it, even where the tagger read it otherwise. The name the
    /// actor dictionary knows gives the canonical form; else the first.
    fn join_stated_aliases(&self, doc: &Doc, found: &mut Vec<Name>) {
        let cues = &self.rules.alias_cues;
        let mut stated: Vec<(Span, usize)> = Vec::new();
        for (i, a) in found.iter().enumerate() {
            let next = doc.tokens.partition_point(|t| t.span.start < a.span.end);
            let alias = if let Some(k) = cue_at(doc, next, &cues.between) {
                name_run(doc, k, &self.rules)
            } else if doc
                .tokens
                .get(next)
                .is_some_and(|t| matches!(doc.token_norm(t), "(" | "["))
            {
                name_run(doc, next + 1, &self.rules)
                    .filter(|r| cue_at(doc, r.end, &cues.after).is_some())
            } else {
                None
            };
            if let Some(run) = alias {
                let span = Span::new(
                    doc.tokens[run.start].span.start,
                    doc.tokens[run.end - 1].span.end,
                );
                if doc.span_text(span) != a.name {
                    stated.push((span, i));
                }
            }
        }
        if stated.is_empty() {
            return;
        }
        // A report states few aliases; a text made of nothing else must not cost the square
        // of its length.
        stated.truncate(MAX_STATED_ALIASES);
        let mut aliases: Vec<(&str, Name)> = Vec::new();
        for (alias, i) in stated {
            let text = doc.span_text(alias);
            // The dictionary's actor, when only the alias is one, names the pair.
            let mut identity = Name {
                span: alias,
                titles: Vec::new(),
                title_start: None,
                ..found[i].clone_identity()
            };
            if found[i].actor.is_none() {
                if let Some(actor) = self.actors.get(text) {
                    identity.kind = actor_type(actor.kind);
                    identity.subtype = SUBTYPES.iter().copied().find(|s| *s == actor.subtype);
                    identity.name = actor.canonical.clone();
                    identity.actor = actor
                        .cameo
                        .as_deref()
                        .map(|code| actor_code(code, actor.country.as_deref()));
                    let old = (found[i].name.clone(), found[i].kind);
                    for f in found
                        .iter_mut()
                        .chain(aliases.iter_mut().map(|(_, name)| name))
                    {
                        if (f.name.as_str(), f.kind) == (old.0.as_str(), old.1) {
                            f.name = identity.name.clone();
                            f.kind = identity.kind;
                            f.subtype = identity.subtype;
                            f.actor = identity.actor.clone();
                        }
                    }
                }
            }
            aliases.push((text, identity));
        }
        let mut added: Vec<Name> = Vec::new();
        for (span, k) in occurrences(doc, &aliases) {
            if added.last().is_some_and(|g: &Name| span.start < g.span.end) {
                continue;
            }
            added.push(Name {
                span,
                ..aliases[k].1.clone_identity()
            });
        }
        // Both are in text order and the added spans do not overlap one another, so the
        // first added span ending after a name's start is the only one that can overlap it.
        found.retain(|f| {
            let next = added.partition_point(|g| g.span.end <= f.span.start);
            added.get(next).is_none_or(|g| g.span.start >= f.span.end)
        });
        found.extend(added);
        found.sort_by_key(|f| (f.span.start, f.span.end));
    }

    /// "Caddell continued:" where the tagger found "Pat Caddell" elsewhere but not here: the
    /// surname of a person named in full, standing alone where no name was found, is theirs.
    /// Not beside another capitalised word ("Caddell Institute", "Mary Caddell"), and not at
    /// a sentence's start when the report also writes the word in lower case ("Price rises").
    fn find_untagged_surnames(&self, doc: &Doc, found: &mut Vec<Name>) {
        let mut aliases: Vec<(&str, Name)> = Vec::new();
        for f in found.iter().filter(|f| f.kind == EntityType::Person) {
            let Some((_, last)) = f.name.rsplit_once(' ') else {
                continue;
            };
            if last.chars().count() < 3
                || !last.starts_with(char::is_uppercase)
                || aliases.iter().any(|(a, _)| *a == last)
            {
                continue;
            }
            aliases.push((last, f.clone_identity()));
            // A text of nothing but names must not cost the square of its length.
            if aliases.len() == MAX_STATED_ALIASES {
                break;
            }
        }
        if aliases.is_empty() {
            return;
        }
        let covered = SpanSet::new(found.iter().map(|f| f.span).collect());
        let capitalised = |k: usize| {
            doc.tokens.get(k).is_some_and(|t| {
                matches!(t.kind, TokenKind::Word)
                    && doc.token_norm(t).starts_with(char::is_uppercase)
            })
        };
        // The words the report writes in lower case, gathered once: asking per occurrence
        // would cost the square of a long report's length.
        let lower_words: HashSet<&str> = doc
            .tokens
            .iter()
            .map(|t| doc.token_norm(t))
            .filter(|w| w.starts_with(char::is_lowercase))
            .collect();
        let mut added = Vec::new();
        for (span, k) in occurrences(doc, &aliases) {
            if covered.overlaps(span) {
                continue;
            }
            let at = doc.tokens.partition_point(|t| t.span.end <= span.start);
            let first = doc
                .sentences
                .binary_search_by_key(&(at as u32), |s| s.tokens.start)
                .is_ok();
            let lower = aliases[k].0.to_lowercase();
            if (!first
                && at > 0
                && capitalised(at - 1)
                && self
                    .titles
                    .longest_ending_at(&[doc.token_norm(&doc.tokens[at - 1])], 1)
                    .is_none())
                || capitalised(at + 1)
                || (first && lower_words.contains(lower.as_str()))
            {
                continue;
            }
            added.push(Name {
                span,
                ..aliases[k].1.clone_identity()
            });
        }
        found.extend(added);
        found.sort_by_key(|f| (f.span.start, f.span.end));
    }

    /// "he", "she", "his", "her": a pronoun refers to a person named before it — the first
    /// one named in its own sentence, else the first in the nearest of the
    /// `PRONOUN_SENTENCES_BACK` sentences before — whose gender, as titles, first names or
    /// earlier pronouns tell it, does not disagree.
    fn resolve_pronouns(&self, doc: &mut Doc) {
        let mut genders: Vec<Option<Gender>> = doc
            .entities
            .iter()
            .map(|e| {
                (e.kind == EntityType::Person)
                    .then(|| {
                        e.titles
                            .iter()
                            .find_map(|t| self.rules.gender.title(t))
                            .or_else(|| self.rules.gender.first_name(&e.name))
                    })
                    .flatten()
            })
            .collect();
        let mut people: Vec<(Span, usize)> = doc
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityType::Person)
            .flat_map(|(k, e)| e.mentions.iter().map(move |m| (m.span, k)))
            .collect();
        if people.is_empty() {
            return;
        }
        people.sort_unstable();
        let mut links: Vec<(usize, Span)> = Vec::new();
        for (si, sentence) in doc.sentences.iter().enumerate() {
            for token in &doc.tokens[sentence.tokens.start as usize..sentence.tokens.end as usize] {
                let Some(gender) = self.rules.gender.pronoun(doc.token_norm(token)) else {
                    continue;
                };
                let at = token.span;
                let agrees = |k: usize| genders[k].is_none_or(|g| g == gender);
                let mut chosen = None;
                for back in 0..=PRONOUN_SENTENCES_BACK {
                    let Some(earlier) = si.checked_sub(back) else {
                        break;
                    };
                    let within = doc.sentences[earlier].span;
                    let limit = if back == 0 { at.start } else { within.end };
                    let from = people.partition_point(|(m, _)| m.start < within.start);
                    chosen = people[from..]
                        .iter()
                        .take_while(|(m, _)| m.end <= limit)
                        .take(MAX_PRONOUN_CANDIDATES)
                        .map(|&(_, k)| k)
                        .find(|&k| agrees(k));
                    if chosen.is_some() {
                        break;
                    }
                }
                if let Some(k) = chosen {
                    genders[k].get_or_insert(gender);
                    links.push((k, at));
                }
            }
        }
        for (k, span) in links {
            doc.entities[k].add_reference(span, MentionKind::Pronoun);
        }
    }
}
