//! Adding mentions to the entities layer without making two entities of one thing.

use std::collections::HashMap;

use wirewatch_doc::{Doc, Entity, EntityId, EntityType, Span};

/// What is known of a named thing when a component finds a mention of it.
#[derive(Clone, Debug)]
pub struct Found<'a> {
    /// Its type.
    pub kind: EntityType,
    /// Its subtype.
    pub subtype: Option<&'static str>,
    /// Its canonical name.
    pub name: &'a str,
    /// Its home country (ISO 3166-1 alpha-2), when known.
    pub country: Option<&'a str>,
}

/// The entities of a document by type and canonical name, so that adding a mention costs the
/// same however many entities there are.
#[derive(Debug, Default)]
pub struct EntityIndex {
    by_name: HashMap<(EntityType, String), EntityId>,
}

impl EntityIndex {
    /// Indexes the entities `doc` already has.
    pub fn of(doc: &Doc) -> EntityIndex {
        let by_name = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.kind, e.name.clone()), EntityId(i as u32)))
            .collect();
        EntityIndex { by_name }
    }

    /// Adds a mention at `span` to the entity of the same type and canonical name, creating
    /// the entity if there is none; the surface form becomes an alias. Returns the entity's id.
    pub fn add_mention(&mut self, doc: &mut Doc, found: Found<'_>, span: Span) -> EntityId {
        let key = (found.kind, found.name.to_string());
        let id = match self.by_name.get(&key) {
            Some(&id) => id,
            None => {
                let id = doc.add_entity(Entity {
                    kind: found.kind,
                    subtype: found.subtype,
                    name: found.name.to_string(),
                    mentions: Vec::new(),
                    aliases: Vec::new(),
                    country: found.country.map(str::to_string),
                    titles: Vec::new(),
                    affiliation: None,
                    actor: None,
                });
                self.by_name.insert(key, id);
                id
            }
        };
        let surface = doc.span_text(span).to_string();
        let entity = &mut doc.entities[id.0 as usize];
        entity.add_mention(span);
        if !entity.aliases.contains(&surface) {
            entity.aliases.push(surface);
        }
        id
    }
}

/// "UNITED NATIONS" → "United Nations"; "ST. PETERSBURG" → "St. Petersburg". Text that is not
/// all capitals is returned as it is.
pub fn title_case(text: &str) -> String {
    if text.chars().any(char::is_lowercase) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        if at_word_start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        at_word_start = !c.is_alphanumeric() && c != '\'';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_of_capitals_only() {
        assert_eq!(title_case("MOSCOW"), "Moscow");
        assert_eq!(title_case("UNITED NATIONS"), "United Nations");
        assert_eq!(title_case("ST. PETERSBURG"), "St. Petersburg");
        assert_eq!(title_case("Islamabad"), "Islamabad");
    }
}
