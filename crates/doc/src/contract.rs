//! The analysis record, contract v1 (`docs/contract.md`): the project's public
//! interface.
//!
//! Every type here is a promise: fields may be added, never renamed, dropped or changed in
//! meaning without a new [`SCHEMA`]. Offsets are Unicode-scalar character offsets into
//! `document.text`, end exclusive, and `text[start..end]` equals the span's `text`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{CharMap, Doc, EntityId, Span};

/// The schema name and version every record carries.
pub const SCHEMA: &str = "wirewatch.analysis/1";

/// One analysed report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// What produced the record (an addition to the contract).
    pub pipeline: PipelineInfo,
    /// The report itself and what is known about it.
    pub document: DocumentRecord,
    /// Every sentence of `document.text`, in order (an addition to the contract).
    pub sentences: Vec<SpanRecord>,
    /// Named things.
    pub entities: Vec<EntityRecord>,
    /// Who said what (filled by the quotes layer).
    pub quotes: Vec<QuoteRecord>,
    /// Time expressions (filled by the times layer).
    pub times: Vec<TimeRecord>,
    /// Resolved places (filled by the places layer).
    pub places: Vec<PlaceRecord>,
    /// CAMEO events (filled by the events layer).
    pub events: Vec<EventRecord>,
    /// Layers not run on this report, and why (an addition to the contract).
    pub skipped: Vec<SkippedLayer>,
}

/// The version of the pipeline that produced a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineInfo {
    /// wirewatch's version (semver).
    pub version: String,
    /// The components that ran, in order.
    pub components: Vec<String>,
}

/// The `document` block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// `sha256:` and the hex digest of the normalised text.
    pub id: String,
    /// Where the report was found.
    pub url: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// The publisher: from metadata, else from the dateline.
    pub outlet: Option<String>,
    /// The dateline, when the report opens with one.
    pub dateline: Option<DatelineRecord>,
    /// The reference date (`YYYY-MM-DD`) relative times resolve against.
    pub published: Option<String>,
    /// `argument` | `metadata` | `dateline` | `none`.
    pub published_source: String,
    /// Entity ids of the outlets the whole report is credited to.
    pub relayed_from: Vec<String>,
    /// ISO 639-1 code of the language, or null when it cannot be told.
    pub language: Option<String>,
    /// The exact text that was analysed.
    pub text: String,
    /// The area the outlet mostly reports on, when the caller said (`--home`, a JSON line's
    /// `home`) or the store learned it from the outlet's earlier reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_home: Option<String>,
}

/// `document.dateline`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatelineRecord {
    /// The place as written ("MOSCOW").
    pub place: String,
    /// The date as written ("January 16"), never completed with a guessed year.
    pub date_text: Option<String>,
    /// The outlet as written ("Sputnik").
    pub outlet: Option<String>,
    /// Start of the whole dateline.
    pub start: usize,
    /// End of the whole dateline, dash included.
    pub end: usize,
}

/// A bare span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanRecord {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// A span with its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// `document.text[start..end]`.
    pub text: String,
}

/// One place where the text refers to an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// `document.text[start..end]`.
    pub text: String,
    /// `name`, `nominal` ("the general") or `pronoun` ("he"); an addition to the contract.
    /// Records written before it was added read as `name`.
    #[serde(default = "name_kind")]
    pub kind: String,
}

fn name_kind() -> String {
    crate::MentionKind::Name.as_str().to_string()
}

/// One entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// `E1`, `E2` …
    pub id: String,
    /// `PERSON` | `ORG` | `GPE` | `LOC` | `NORP` | `FAC` | `OTHER`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A finer type (`media`, `armed_group` …) or null.
    pub subtype: Option<String>,
    /// Canonical name.
    pub name: String,
    /// Where the text names or refers to it.
    pub mentions: Vec<MentionRecord>,
    /// Other names it goes by.
    pub aliases: Vec<String>,
    /// Titles from appositions ("General").
    pub titles: Vec<String>,
    /// Id of the entity it belongs to, or null.
    pub affiliation: Option<String>,
    /// CAMEO actor code, or null.
    pub actor: Option<ActorCode>,
    /// For GPE/LOC: the id of the resolved place, or null.
    pub place: Option<String>,
    /// ISO 3166-1 alpha-2 of its home country, when known (an addition to the contract).
    pub country: Option<String>,
}

/// A CAMEO actor code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorCode {
    /// The full code ("USAMIL").
    pub code: String,
    /// ISO 3166-1 alpha-3 country part, or null.
    pub country: Option<String>,
    /// Role part ("MIL", "GOV", "MED" …), or null.
    pub role: Option<String>,
}

/// One quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// `Q1`, `Q2` …
    pub id: String,
    /// `direct` | `partial` | `indirect`.
    pub kind: String,
    /// The content, without quote marks.
    pub text: String,
    /// First character of the content.
    pub start: usize,
    /// One past the last character of the content.
    pub end: usize,
    /// Entity id of the speaker, or null.
    pub speaker: Option<String>,
    /// The words naming the speaker here.
    pub speaker_mention: Option<SpanRecord>,
    /// The speech verb or phrase ("told", "according to").
    pub cue: Option<String>,
    /// Where the cue is.
    pub cue_span: Option<SpanRecord>,
    /// Entity id of whom it was said to, or null.
    pub addressee: Option<String>,
    /// The relay chain, outermost first.
    pub via: Vec<String>,
    /// How directly the report has it (an addition to the contract): `quoted` (the speaker's
    /// words, in quote marks), `reported` (the speaker named, the words reported), `anonymous`
    /// (an unnamed source) or `hearsay` ("there have been reports that").
    #[serde(default)]
    pub strength: Option<String>,
    /// The id of the quote whose words this one goes on with (an addition): the second half
    /// of a quote split by its cue ("…," Campbell noted. "…") or a further quoted phrase under
    /// the same cue, or null.
    #[serde(default)]
    pub continues: Option<String>,
}

/// One TIMEX3 time expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeRecord {
    /// `T1`, `T2` …
    pub id: String,
    /// The expression as written.
    pub text: String,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// `DATE` | `TIME` | `DURATION` | `SET`.
    #[serde(rename = "type")]
    pub kind: String,
    /// TIMEX3 value resolved against `document.published`.
    pub value: Option<String>,
    /// TIMEX3 mod, or null.
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
}

/// One resolved place mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceRecord {
    /// `P1`, `P2` …
    pub id: String,
    /// The toponym as written.
    pub text: String,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Entity id of the toponym, or null.
    pub entity: Option<String>,
    /// Gazetteer name.
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// First-order administrative division.
    pub admin1: Option<String>,
    /// `country` | `admin1` | `admin2` | `city` | `region` | `other`.
    pub feature: Option<String>,
    /// Latitude, or null when unresolved.
    pub lat: Option<f64>,
    /// Longitude, or null when unresolved.
    pub lon: Option<f64>,
    /// `geonames:<id>`, or null.
    pub gazetteer_id: Option<String>,
}

/// One CAMEO-coded event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// `V1`, `V2` …
    pub id: String,
    /// CAMEO code ("173").
    pub code: String,
    /// CAMEO root ("17").
    pub root: String,
    /// The code's label.
    pub label: String,
    /// 1–4.
    pub quad_class: u8,
    /// Goldstein scale value.
    pub goldstein: f64,
    /// Entity id of the source actor, or null.
    pub source: Option<String>,
    /// Entity id of the target actor, or null.
    pub target: Option<String>,
    /// Source CAMEO actor code.
    pub source_actor: Option<String>,
    /// Target CAMEO actor code.
    pub target_actor: Option<String>,
    /// Place id, or null.
    pub place: Option<String>,
    /// Time id, or null.
    pub time: Option<String>,
    /// The clause or sentence that states it.
    pub evidence: SpanRecord,
    /// Entity ids of whom the text credits for it.
    pub reported_by: Vec<String>,
    /// "did not attack".
    pub negated: bool,
    /// "may attack", "reports of".
    pub hedged: bool,
}

/// A layer that did not run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedLayer {
    /// The layer's name (`times`, `entities` …).
    pub layer: String,
    /// Why ("language is fr; rules are English").
    pub reason: String,
}

/// The record's id for entity `id`.
fn entity_ref(id: EntityId) -> String {
    format!("E{}", id.0 + 1)
}

/// The record's id of the place at this index: `P1`, `P2` …
fn place_ref(index: usize) -> String {
    format!("P{}", index + 1)
}

/// The document id: `sha256:` and the hex digest of the normalised text, without the white
/// space around it (a copy saved with a final newline is the same report).
pub fn document_id(normalized: &str) -> String {
    let digest = Sha256::digest(normalized.trim().as_bytes());
    let mut id = String::with_capacity(7 + 64);
    id.push_str("sha256:");
    for byte in digest {
        use std::fmt::Write;
        let _ = write!(id, "{byte:02x}");
    }
    id
}

impl Analysis {
    /// Builds the record of `doc`: the one place where byte offsets become character offsets
    /// and internal ids become record ids. `components` names what ran, in order.
    pub fn from_doc_with(doc: &Doc, version: &str, components: &[&str]) -> Analysis {
        let chars = CharMap::new(&doc.text);
        let span = |s: Span| SpanRecord {
            start: chars.char_offset(s.start as usize),
            end: chars.char_offset(s.end as usize),
        };
        let text_span = |s: Span| {
            let r = span(s);
            TextSpan {
                start: r.start,
                end: r.end,
                text: doc.span_text(s).to_string(),
            }
        };
        let dateline = doc.dateline.map(|d| {
            let whole = span(d.span);
            DatelineRecord {
                place: doc.span_text(d.place).to_string(),
                date_text: d.date.map(|s| doc.span_text(s).to_string()),
                outlet: d.outlet.map(|s| doc.span_text(s).to_string()),
                start: whole.start,
                end: whole.end,
            }
        });
        let outlet = doc.meta.outlet.clone().or_else(|| {
            let outlet = doc.dateline?.outlet?;
            let written = doc.span_text(outlet);
            let known = doc.entities.iter().find(|e| {
                e.subtype == Some("media") && e.mentions.iter().any(|m| m.span == outlet)
            });
            Some(known.map_or_else(|| written.to_string(), |e| e.name.clone()))
        });
        let entities = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| EntityRecord {
                id: entity_ref(EntityId(i as u32)),
                kind: e.kind.as_str().to_string(),
                subtype: e.subtype.map(str::to_string),
                name: e.name.clone(),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let TextSpan { start, end, text } = text_span(m.span);
                        MentionRecord {
                            start,
                            end,
                            text,
                            kind: m.kind.as_str().to_string(),
                        }
                    })
                    .collect(),
                aliases: e.aliases.clone(),
                titles: e.titles.clone(),
                affiliation: e.affiliation.map(entity_ref),
                actor: e.actor.clone(),
                // The first place resolved from one of its mentions.
                place: doc
                    .places
                    .iter()
                    .position(|p| p.entity == Some(EntityId(i as u32)))
                    .map(place_ref),
                country: e.country.clone(),
            })
            .collect();
        Analysis {
            schema: SCHEMA.to_string(),
            pipeline: PipelineInfo {
                version: version.to_string(),
                components: components.iter().map(|c| c.to_string()).collect(),
            },
            document: DocumentRecord {
                // Before the text layer runs there is no normalised text; the original stands in.
                id: document_id(if doc.norm.text.is_empty() {
                    &doc.text
                } else {
                    &doc.norm.text
                }),
                url: doc.meta.url.clone(),
                title: doc.meta.title.clone(),
                outlet,
                dateline,
                published: doc.meta.published.map(|d| d.format("%Y-%m-%d").to_string()),
                published_source: doc.meta.published_source.as_str().to_string(),
                relayed_from: doc.relayed_from.iter().map(|&id| entity_ref(id)).collect(),
                language: doc.language.map(str::to_string),
                text: doc.text.clone(),
                outlet_home: doc.meta.home.clone(),
            },
            sentences: doc.sentences.iter().map(|s| span(s.span)).collect(),
            entities,
            quotes: doc
                .quotes
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let at = span(q.content);
                    QuoteRecord {
                        id: format!("Q{}", i + 1),
                        kind: q.kind.as_str().to_string(),
                        text: doc.span_text(q.content).to_string(),
                        start: at.start,
                        end: at.end,
                        speaker: q.speaker.map(entity_ref),
                        speaker_mention: q.speaker_mention.map(span),
                        cue: q.cue.map(|c| doc.span_text(c).to_string()),
                        cue_span: q.cue.map(span),
                        addressee: q.addressee.map(entity_ref),
                        via: q.via.iter().copied().map(entity_ref).collect(),
                        strength: Some(q.strength.as_str().to_string()),
                        continues: q.continues.map(|c| format!("Q{}", c + 1)),
                    }
                })
                .collect(),
            times: doc
                .times
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let at = span(t.span);
                    TimeRecord {
                        id: format!("T{}", i + 1),
                        text: doc.span_text(t.span).to_string(),
                        start: at.start,
                        end: at.end,
                        kind: t.kind.as_str().to_string(),
                        value: t.value.clone(),
                        modifier: t.modifier.map(str::to_string),
                    }
                })
                .collect(),
            places: doc
                .places
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let at = span(p.span);
                    PlaceRecord {
                        id: place_ref(i),
                        text: doc.span_text(p.span).to_string(),
                        start: at.start,
                        end: at.end,
                        entity: p.entity.map(entity_ref),
                        name: p.name.clone(),
                        country: p.country.clone(),
                        admin1: p.admin1.clone(),
                        feature: p.feature.map(str::to_string),
                        lat: p.point.map(|(lat, _)| lat),
                        lon: p.point.map(|(_, lon)| lon),
                        gazetteer_id: p.gazetteer_id.clone(),
                    }
                })
                .collect(),
            events: Vec::new(),
            skipped: doc
                .skipped
                .iter()
                .map(|(layer, reason)| SkippedLayer {
                    layer: layer.as_str().to_string(),
                    reason: reason.clone(),
                })
                .collect(),
        }
    }

    /// [`Analysis::from_doc_with`] with no component list.
    pub fn from_doc(doc: &Doc, version: &str) -> Analysis {
        Analysis::from_doc_with(doc, version, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Entity, EntityType, Meta, Sentence};

    #[test]
    fn offsets_are_characters_and_slice_the_text() {
        let text = "KABUL, Afghanistan (AP) — “Talks” resumed in Doha.".to_string();
        let mut doc = Doc::new(text.clone(), Meta::default());
        let doha = text.find("Doha").unwrap() as u32;
        doc.add_entity(Entity {
            kind: EntityType::Gpe,
            subtype: None,
            name: "Doha".into(),
            mentions: vec![crate::Mention {
                span: Span::new(doha, doha + 4),
                kind: crate::MentionKind::Name,
            }],
            aliases: vec![],
            country: Some("QA".into()),
            titles: vec![],
            affiliation: None,
            actor: None,
        });
        doc.sentences.push(Sentence {
            span: Span::new(0, text.len() as u32),
            tokens: 0..0,
        });
        let record = Analysis::from_doc(&doc, "test");
        let chars: Vec<char> = record.document.text.chars().collect();
        let m = &record.entities[0].mentions[0];
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
        assert_eq!(record.entities[0].id, "E1");
        assert_eq!(record.sentences[0].end, chars.len());
        assert!(record.document.id.starts_with("sha256:"));
        assert_eq!(record.document.id.len(), 7 + 64);
    }

    #[test]
    fn every_layer_is_present_even_when_empty() {
        let record = Analysis::from_doc(&Doc::new(String::new(), Meta::default()), "test");
        let json = serde_json::to_value(&record).unwrap();
        for key in [
            "schema",
            "document",
            "sentences",
            "entities",
            "quotes",
            "times",
            "places",
            "events",
        ] {
            assert!(json.get(key).is_some(), "record lacks {key}");
        }
        assert_eq!(json["document"]["published_source"], "none");
        assert!(json["document"]["published"].is_null());
    }
}
