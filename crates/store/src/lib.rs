//! wirewatch's store: analysed reports kept for searching, one trait and its backends.
//!
//! A [`Store`] keeps each report's original text, its metadata and its analysis record, and
//! spreads the record's layers over tables (entities and their mentions, relays, quotes, times,
//! places, events) so that questions across thousands of reports are queries, not re-analysis.
//! Entities have a store-wide identity: the same type and canonical name is one entity in every
//! report. [`SqliteStore`] is the embedded default (one file, WAL, FTS5 full text).
//!
//! ```
//! use wirewatch_doc::{contract::Analysis, Doc, Meta, Sentence, Span};
//! use wirewatch_store::{Query, SqliteStore, Store};
//!
//! let mut store = SqliteStore::open_in_memory().unwrap();
//! let mut doc = Doc::new("Talks resumed in Doha.".into(), Meta::default());
//! doc.sentences.push(Sentence { span: Span::new(0, 22), tokens: 0..0 });
//! let record = Analysis::from_doc(&doc, "0.1.0");
//! assert!(store.put("example.txt", &record).unwrap().is_new());
//! assert!(!store.put("again.txt", &record).unwrap().is_new()); // stored once
//! let hits = store.search(&Query::text("doha")).unwrap();
//! assert_eq!(hits.len(), 1);
//! assert_eq!(store.stats().unwrap().documents, 1);
//! ```
#![deny(missing_docs)]

mod geo;
mod sqlite;

use thiserror::Error;
use wirewatch_doc::contract::Analysis;

pub use geo::{great_circle_km, BoundingBox, Near, NearError, EARTH_RADIUS_KM};
pub use sqlite::SqliteStore;

/// What went wrong in a store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("store {path}: {source}")]
    Database {
        /// The store's file.
        path: String,
        /// The database's error.
        #[source]
        source: rusqlite::Error,
    },
    /// A search query the full-text index cannot read.
    #[error("cannot search for {query:?}: {reason} (FTS5 syntax: words, \"a phrase\", OR, NOT, prefix*)")]
    Query {
        /// The query.
        query: String,
        /// What the index said.
        reason: String,
    },
    /// A stored record that no longer reads as an analysis.
    #[error("document {doc_id}: the stored record is not a valid analysis: {reason}")]
    Record {
        /// The document.
        doc_id: String,
        /// Why.
        reason: String,
    },
    /// A document prefix that names more than one document.
    #[error("{prefix:?} names {count} documents; give more of the id")]
    Ambiguous {
        /// The prefix given.
        prefix: String,
        /// How many documents it matches.
        count: usize,
    },
    /// The store was written by a newer wirewatch.
    #[error("store {path} has schema version {found}; this wirewatch knows up to {known}")]
    TooNew {
        /// The store's file.
        path: String,
        /// Its version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
}

/// What `put` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// A new document was stored.
    Stored,
    /// The same document (same normalised text, or same URL) was already there; nothing
    /// changed.
    Duplicate,
}

impl PutOutcome {
    /// True for a newly stored document.
    pub fn is_new(self) -> bool {
        self == PutOutcome::Stored
    }
}

/// A search over stored documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Full-text query (FTS5 syntax: words, "phrases", OR, NOT, prefix*); empty for all.
    pub text: String,
    /// Only documents that name this entity, by canonical name or any alias.
    pub entity: Option<String>,
    /// Only documents from this outlet.
    pub outlet: Option<String>,
    /// Only documents published on or after this date (YYYY-MM-DD).
    pub since: Option<String>,
    /// Only documents published on or before this date (YYYY-MM-DD).
    pub until: Option<String>,
    /// Only documents with a place in this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Only documents with a resolved place (one with coordinates) inside this circle; with
    /// [`Kind::Place`], only those places.
    pub near: Option<Near>,
    /// What to list: documents, or the rows of one layer in the matching documents.
    pub kind: Kind,
    /// At most this many hits (default 20).
    pub limit: Option<usize>,
}

/// What a search lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Documents.
    #[default]
    Doc,
    /// Quotes.
    Quote,
    /// Events.
    Event,
    /// Places.
    Place,
    /// Time expressions.
    Time,
}

impl Query {
    /// A full-text query with no filters.
    pub fn text(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The document's id (`sha256:…`).
    pub doc_id: String,
    /// Its headline, if known.
    pub title: Option<String>,
    /// Its outlet, if known.
    pub outlet: Option<String>,
    /// Its reference date, if known.
    pub published: Option<String>,
    /// Where it was ingested from.
    pub source: String,
    /// A few words around the match, with the matched words in [brackets]; for a layer row,
    /// the words of the row.
    pub snippet: String,
    /// What the hit is.
    pub kind: Kind,
    /// For a layer row: its values ("DATE 2014-10", "Kabul, AF (city)", "173 Arrest").
    pub detail: Option<String>,
    /// With a [`Query::near`] circle: the place that put the report in it (the nearest to the
    /// centre), or for a place row that place. Left out of the JSON without a circle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub near: Option<NearPlace>,
    /// For a quote row: who said it, to whom, through whom, how directly. Left out of the JSON
    /// for other hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<QuoteFacts>,
}

/// A question over the stored quotes: who said what, about whom, when. Every filter given must
/// hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteQuery {
    /// Only quotes whose speaker has this canonical name or alias (any case), resolved as
    /// [`Query::entity`] is: "Campbell" finds John Campbell's quotes once a report has called
    /// him so.
    pub speaker: Option<String>,
    /// Only quotes about this entity (resolved the same way). A quote is about it when its
    /// content mentions it (by name, description or pronoun); in a report that mentions it
    /// where no quote's content does, every quote of that report is, since the report is then
    /// about it as a whole. Its own quotes never are.
    pub about: Option<String>,
    /// Only quotes in reports published on or after this date (YYYY-MM-DD).
    pub since: Option<String>,
    /// Only quotes in reports published on or before this date (YYYY-MM-DD).
    pub until: Option<String>,
    /// At most this many quotes (default 20).
    pub limit: Option<usize>,
}

/// One quote with its entities named, as a person reads it: the store's entity names stand for
/// the record's ids.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuoteFacts {
    /// Its id in the report's record (`Q1`).
    pub quote: String,
    /// `direct`, `partial` or `indirect`.
    pub kind: String,
    /// The content, without quote marks.
    pub text: String,
    /// First character of the content in the report's text.
    pub start: usize,
    /// One past the last character of the content.
    pub end: usize,
    /// The speaker's canonical name, or null when the report does not say who.
    pub speaker: Option<String>,
    /// The speech verb or phrase ("told", "according to").
    pub cue: Option<String>,
    /// Whom it was said to.
    pub addressee: Option<String>,
    /// The relays' names, outermost first (the record's `via`).
    pub via: Vec<String>,
    /// The whole chain for reading, outermost first, ending with the speaker:
    /// "Sputnik → Army Times → John Campbell".
    pub chain: String,
    /// `quoted`, `reported`, `anonymous` or `hearsay`; null for quotes stored without one.
    pub strength: Option<String>,
}

/// What the chain says when the report does not name the speaker.
pub const UNKNOWN_SPEAKER: &str = "unknown speaker";

impl QuoteFacts {
    /// The chain, the cue, the addressee and the strength on one line: "Sputnik → Army Times →
    /// John Campbell told (to Army Times) [quoted]".
    pub fn summary(&self) -> String {
        let mut line = self.chain.clone();
        if let Some(cue) = &self.cue {
            line.push(' ');
            line.push_str(cue);
        }
        if let Some(to) = &self.addressee {
            line.push_str(&format!(" (to {to})"));
        }
        if let Some(strength) = &self.strength {
            line.push_str(&format!(" [{strength}]"));
        }
        line
    }
}

/// The chain of a quote for reading: its relays outermost first, then its speaker.
pub fn quote_chain(via: &[String], speaker: Option<&str>) -> String {
    via.iter()
        .map(String::as_str)
        .chain(std::iter::once(speaker.unwrap_or(UNKNOWN_SPEAKER)))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// One quote found by [`Store::quotes`]: the report it is in, and the quote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuoteHit {
    /// The report's id (`sha256:…`).
    pub doc_id: String,
    /// Its headline, if known.
    pub title: Option<String>,
    /// Where it was found, if known.
    pub url: Option<String>,
    /// Its reference date, if known.
    pub published: Option<String>,
    /// Its outlet, if known.
    pub outlet: Option<String>,
    /// The quote; its fields sit beside the report's in the JSON.
    #[serde(flatten)]
    pub quote: QuoteFacts,
}

/// A resolved place inside a [`Near`] circle, and how far it is from the centre.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NearPlace {
    /// Its id in the report's record (`P1`).
    pub place: String,
    /// The toponym as written.
    pub text: String,
    /// Its gazetteer name.
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// `country`, `admin1`, `city` …
    pub feature: Option<String>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Great-circle distance from the circle's centre, in kilometres (to the metre).
    pub km: f64,
}

/// Counts of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Documents stored.
    pub documents: u64,
    /// Distinct entities across the store.
    pub entities: u64,
    /// Entity mentions across the store.
    pub mentions: u64,
    /// Distinct outlets that published or were credited.
    pub outlets: u64,
    /// Times a report's entity was merged into a stored one through an alias.
    pub merges: u64,
    /// Stories: reports and their near-duplicates count once.
    pub stories: u64,
}

/// An entity across the store: its names, the reports that name it, who it appears with.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EntityReport {
    /// Its store id.
    pub id: i64,
    /// `PERSON`, `ORG`, `GPE` …
    #[serde(rename = "type")]
    pub kind: String,
    /// `media`, `armed_group` …
    pub subtype: Option<String>,
    /// Canonical name.
    pub name: String,
    /// Every name it goes by in the stored reports.
    pub aliases: Vec<String>,
    /// How many stored reports name it.
    pub report_count: u64,
    /// How many stored reports credit it for the whole report.
    pub relayed_count: u64,
    /// The reports that name it, newest first (at most the limit asked for).
    pub reports: Vec<Hit>,
    /// The entities most often named in the same reports, with how many reports.
    pub co_occurring: Vec<(String, u64)>,
    /// Reports per month (`YYYY-MM`), oldest first; reports without a date are left out.
    pub timeline: Vec<(String, u64)>,
    /// Reports per month they speak of: the months of the calendar dates its reports name
    /// (times resolved to a month or finer), oldest first; a report counts once per month.
    pub dated: Vec<(String, u64)>,
    /// What it said: its quotes, newest report first.
    pub quotes_by: Vec<String>,
    /// What was said about it, newest report first: the quotes [`QuoteQuery::about`] finds.
    pub quotes_about: Vec<String>,
    /// The places named in its reports, with how many reports name each.
    pub places: Vec<(String, u64)>,
}

/// What a feed said of its version last time: its ETag and Last-Modified headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedValidators {
    /// The ETag header.
    pub etag: Option<String>,
    /// The Last-Modified header.
    pub last_modified: Option<String>,
}

/// A story: a report and its near-duplicates (wire copies, lightly edited re-publications).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Story {
    /// Its id (the store id of its first report).
    pub id: i64,
    /// How many stored reports tell it.
    pub reports: u64,
    /// How many distinct outlets published those reports (unknown outlets not counted).
    pub outlets: u64,
    /// The first report's headline, or the start of its text.
    pub headline: String,
    /// The earliest reference date among its reports.
    pub first: Option<String>,
    /// The latest reference date among its reports.
    pub last: Option<String>,
    /// Its reports' ids, in the order they were stored (at most 100).
    pub documents: Vec<String>,
}

/// A store of analysed reports.
pub trait Store {
    /// Stores a report's analysis, once: a report whose normalised text or URL is already
    /// stored is a duplicate and changes nothing. `source` says where it came from. One
    /// transaction.
    fn put(&mut self, source: &str, record: &Analysis) -> Result<PutOutcome, StoreError>;
    /// The record of a document, by its id or a unique prefix of it (`sha256:56379d`).
    fn get(&self, doc_id: &str) -> Result<Option<Analysis>, StoreError>;
    /// Documents that match a query, best first.
    fn search(&self, query: &Query) -> Result<Vec<Hit>, StoreError>;
    /// Quotes that pass a query's filters, newest report first, in text order within a report.
    fn quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteHit>, StoreError>;
    /// Counts.
    fn stats(&self) -> Result<Stats, StoreError>;
    /// Stories with at least `min_reports` reports, the most reported first.
    fn stories(&self, min_reports: usize, limit: usize) -> Result<Vec<Story>, StoreError>;
    /// What the store knows of an entity, found by canonical name or any alias (any case).
    fn entity(&self, name: &str, limit: usize) -> Result<Option<EntityReport>, StoreError>;
    /// The validators a feed answered with last time (for a conditional GET).
    fn feed_validators(&self, url: &str) -> Result<Option<FeedValidators>, StoreError>;
    /// Remembers a feed's validators.
    fn set_feed_validators(
        &mut self,
        url: &str,
        validators: &FeedValidators,
    ) -> Result<(), StoreError>;
    /// True when this feed item was already stored.
    fn seen(&self, feed: &str, item: &str) -> Result<bool, StoreError>;
    /// Remembers that this feed item is stored.
    fn mark_seen(&mut self, feed: &str, item: &str) -> Result<(), StoreError>;
    /// Every stored document's id, in the order they were stored.
    fn doc_ids(&self) -> Result<Vec<String>, StoreError>;
    /// Replaces a stored document's record and its layer rows with a new analysis of the same
    /// report (after a pipeline upgrade); its id, source and story stay. One transaction.
    fn replace(&mut self, doc_id: &str, record: &Analysis) -> Result<(), StoreError>;
    /// How an outlet's stored reports name states, for learning its home.
    fn outlet_states(&self, outlet: &str) -> Result<OutletStates, StoreError>;
}

/// How an outlet's latest stored reports (at most [`HOME_WINDOW`]) name states and provinces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutletStates {
    /// The outlet's reports looked at.
    pub reports: usize,
    /// Each state they name, the most named first, then by name.
    pub states: Vec<StateNamed>,
}

/// One state's share of an outlet's reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateNamed {
    /// Its name, as places give `admin1`.
    pub state: String,
    /// Its country's ISO code.
    pub country: String,
    /// Reports that name a town, a county or the state itself in it.
    pub reports: usize,
    /// Reports that name the state itself or one of its counties.
    pub by_division: usize,
}

/// The most reports of an outlet that its home is learned from: the latest.
pub const HOME_WINDOW: usize = 500;
