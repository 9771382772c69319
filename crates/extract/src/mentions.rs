//! The statistical mention tagger as a pipeline component: each sentence's tokens are tagged
//! (people, organisations, places, other names) and every tagged name becomes a mention of an
//! entity, one entity per type and name in a document.
//!
//! It runs after the dateline and credits components: a span they already named (an outlet, a
//! dateline place) keeps their reading.

use std::sync::Arc;

use wirewatch_doc::{Doc, EntityType, Layer, Span};
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
}

impl MentionsComponent {
    /// The component over a trained model, its lexicon, and the actor dictionary that gives
    /// a known name its canonical form and type ("Daesh", "IS" → Islamic State, an ORG).
    pub fn new(
        model: NerModel,
        lexicon: Lexicon,
        actors: Arc<ActorDictionary>,
    ) -> MentionsComponent {
        MentionsComponent {
            model,
            lexicon,
            actors,
        }
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
        let mut found: Vec<(EntityType, Option<&'static str>, String, Span)> = Vec::new();
        for sentence in &doc.sentences {
            let tokens = &doc.tokens[sentence.tokens.start as usize..sentence.tokens.end as usize];
            if tokens.is_empty() {
                continue;
            }
            let words: Vec<&str> = tokens.iter().map(|t| doc.token_norm(t)).collect();
            let labels = self.model.tag(&self.lexicon.sentence(&words));
            for (kind, start, end) in decode(&labels) {
                let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
                if taken
                    .iter()
                    .any(|t| t.start < span.end && span.start < t.end)
                {
                    continue;
                }
                let surface = doc.span_text(span);
                let bare = surface
                    .strip_prefix("the ")
                    .or_else(|| surface.strip_prefix("The "))
                    .unwrap_or(surface);
                // A known actor is named and typed by the dictionary, whatever the tagger said.
                if let Some(actor) = self.actors.get(bare) {
                    let subtype = SUBTYPES.iter().copied().find(|s| *s == actor.subtype);
                    found.push((
                        actor_type(actor.kind),
                        subtype,
                        actor.canonical.clone(),
                        span,
                    ));
                    continue;
                }
                // "UNITED NATIONS" is named in title case; an acronym ("TTP") stays as it is.
                let name = if bare.contains(' ') || bare.chars().count() > 5 {
                    title_case(bare)
                } else {
                    bare.to_string()
                };
                found.push((entity_type(TYPES[kind], &name), None, name, span));
            }
        }
        // "Campbell" after "John Campbell" is John Campbell: a lone surname joins the person
        // named in full before it (the last such, when several share it).
        let mut people: Vec<String> = doc
            .entities
            .iter()
            .filter(|e| e.kind == EntityType::Person)
            .map(|e| e.name.clone())
            .collect();
        for (kind, _, name, _) in found.iter_mut() {
            if *kind != EntityType::Person {
                continue;
            }
            if !name.contains(' ') {
                let suffix = format!(" {name}");
                if let Some(full) = people.iter().rev().find(|p| p.ends_with(&suffix)) {
                    *name = full.clone();
                    continue;
                }
            }
            people.push(name.clone());
        }
        let mut index = EntityIndex::of(doc);
        for (kind, subtype, name, span) in found {
            index.add_mention(
                doc,
                Found {
                    kind,
                    subtype,
                    name: &name,
                    country: None,
                },
                span,
            );
        }
    }
}
