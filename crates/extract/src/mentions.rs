//! The statistical mention tagger as a pipeline component: each sentence's tokens are tagged
//! (people, organisations, places, other names) and every tagged name becomes a mention of an
//! entity, one entity per type and name in a document.
//!
//! It runs after the dateline and credits components: a span they already named (an outlet, a
//! dateline place) keeps their reading.

use std::sync::Arc;

use wirewatch_doc::contract::ActorCode;
use wirewatch_doc::{Doc, EntityId, EntityType, Layer, Span};
use wirewatch_nlp::ner::{decode, Lexicon, NerModel, TYPES};

use crate::actors::{ActorDictionary, ActorType, SUBTYPES};
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
    ) -> MentionsComponent {
        MentionsComponent {
            model,
            lexicon,
            actors,
            titles,
            descriptors,
            phrase_enders,
        }
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
        // A lone adjective of a people ("Afghan", "Pakistani", "Islamist") names a group.
        _ if !name.contains(' ')
            && ["an", "ian", "ese", "i", "ish", "ic", "ist"]
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
        let mut taken: Vec<Span> = doc
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| m.span))
            .collect();
        if let Some(d) = doc.dateline {
            taken.push(d.span);
        }
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
            let mut k = 0;
            while k < tokens.len() {
                let mut step = 1;
                if self.actors.may_start(words[k])
                    && !tagged.iter().any(|&(_, s, e)| s <= k && k < e)
                {
                    for len in (1..=self.actors.max_words.min(tokens.len() - k)).rev() {
                        if tagged.iter().any(|&(_, s, e)| s < k + len && k < e) {
                            continue;
                        }
                        let span = Span::new(tokens[k].span.start, tokens[k + len - 1].span.end);
                        let Some(actor) = self.actors.get(doc.span_text(span)) else {
                            continue;
                        };
                        if len == 1 && actor.kind == ActorType::Person {
                            continue;
                        }
                        if taken
                            .iter()
                            .any(|t| t.start < span.end && span.start < t.end)
                        {
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
                if taken
                    .iter()
                    .any(|t| t.start < whole.end && whole.start < t.end)
                {
                    continue;
                }
                let surface = doc.span_text(whole);
                let bare = surface
                    .strip_prefix("the ")
                    .or_else(|| surface.strip_prefix("The "))
                    .unwrap_or(surface);
                // A known actor is named and typed by the dictionary, whatever the tagger said.
                if let Some(actor) = self.actors.get(bare) {
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
                let mut titles = Vec::new();
                let mut title_start = None;
                // "General John Campbell" tagged whole, whatever the type the tagger gave it:
                // the title is not the name, and what it titles is a person.
                let mut kind_name = TYPES[kind];
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
        self.expand_acronyms(doc, &mut found);
        // "Campbell" after "John Campbell" is John Campbell: a lone surname joins the person
        // named in full before it (the last such, when several share it).
        let mut people: Vec<String> = doc
            .entities
            .iter()
            .filter(|e| e.kind == EntityType::Person)
            .map(|e| e.name.clone())
            .collect();
        for f in found.iter_mut() {
            if f.kind != EntityType::Person {
                continue;
            }
            if !f.name.contains(' ') {
                let suffix = format!(" {}", f.name);
                if let Some(full) = people.iter().rev().find(|p| p.ends_with(&suffix)) {
                    f.name = full.clone();
                    continue;
                }
            }
            people.push(f.name.clone());
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
    }
}

/// One name the tagger found, with what was read around it.
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
        let mut defined: Vec<(String, usize)> = Vec::new();
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
            defined.push((acronym.to_string(), i));
            let at = f.span.end as usize
                + (after.len() - after.trim_start().len())
                + 1
                + (inner.len() - inner.trim_start().len());
            let span = Span::new(at as u32, (at + acronym.len()) as u32);
            if !found
                .iter()
                .any(|g| g.span.start < span.end && span.start < g.span.end)
            {
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
        for (acronym, i) in defined {
            let (name, kind, subtype, actor) = {
                let f = &found[i];
                (f.name.clone(), f.kind, f.subtype, f.actor.clone())
            };
            for g in found.iter_mut() {
                if doc.span_text(g.span) == acronym {
                    g.name = name.clone();
                    g.kind = kind;
                    g.subtype = subtype;
                    g.actor = actor.clone();
                }
            }
        }
        found.extend(added);
        found.sort_by_key(|f| (f.span.start, f.span.end));
    }

    /// Names the tagger cut after a title ("Major Jonathan" | "Hartwell") made whole again: a
    /// span that starts with a title takes in the span right after it.
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
        out
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
                    let media = self.descriptors.contains(&noun);
                    let antecedent = doc
                        .entities
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| {
                            if media {
                                e.subtype == Some("media")
                            } else {
                                e.kind == EntityType::Person
                                    && e.titles
                                        .iter()
                                        .any(|t| self.titles.noun(t) == Some(noun.as_str()))
                            }
                        })
                        .filter_map(|(k, e)| {
                            e.mentions
                                .iter()
                                .filter(|m| m.span.end <= span.start)
                                .map(|m| m.span.end)
                                .max()
                                .map(|at| (at, k))
                        })
                        .max();
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
            entity.add_mention(span);
            if !entity.aliases.contains(&surface) {
                entity.aliases.push(surface);
            }
        }
    }
}
