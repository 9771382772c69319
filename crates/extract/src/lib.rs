//! The wirewatch pipeline: ordered components that turn one report into an analysis record.
//!
//! [`Pipeline::load`] reads every resource once (all compiled into the binary); after that the
//! pipeline is pure — text and metadata in, [`Analysis`] out, no I/O, no clock — and it is
//! `Send + Sync`, so one pipeline serves many threads.
//!
//! Components run in order over one [`Doc`]; each implements [`Component`], declares the layers
//! it requires and assigns, and [`Pipeline::new`] refuses an order that cannot work.
//!
//! ```
//! use std::sync::Arc;
//! use wirewatch_extract::{Input, Pipeline};
//!
//! let pipeline = Arc::new(Pipeline::load().expect("embedded data is valid"));
//! let texts = [
//!     "WASHINGTON (Reuters) - The talks resumed on Monday, the Army Times reports.",
//!     "KABUL, Afghanistan (AP) — Officials said the road was closed.",
//! ];
//! let records: Vec<_> = std::thread::scope(|s| {
//!     let handles: Vec<_> = texts
//!         .iter()
//!         .map(|t| {
//!             let p = Arc::clone(&pipeline);
//!             s.spawn(move || p.analyze(Input::text(*t)))
//!         })
//!         .collect();
//!     handles.into_iter().map(|h| h.join().unwrap()).collect()
//! });
//! assert_eq!(records[0].document.outlet.as_deref(), Some("Reuters"));
//! assert_eq!(records[1].document.dateline.as_ref().unwrap().place, "KABUL, Afghanistan");
//! assert_eq!(records[0].document.relayed_from.len(), 1);
//!
//! // A reference date, for the times layer to resolve against.
//! let mut input = Input::text("Talks resumed on Monday.");
//! input.published = Some("2015-01-16".parse().unwrap());
//! let record = pipeline.analyze(input);
//! assert_eq!(record.document.published.as_deref(), Some("2015-01-16"));
//! assert_eq!(record.document.published_source, "argument");
//! ```
#![deny(missing_docs)]

pub mod actors;
pub mod attribution_tagger;
mod component;
pub mod credits;
pub mod dateline;
pub mod entities;
pub mod mentions;
pub mod places;
pub mod quotes;
pub mod resources;
pub mod times;

use std::sync::Arc;

use chrono::NaiveDate;
use thiserror::Error;
use wirewatch_doc::contract::Analysis;
use wirewatch_doc::{Doc, Layer, Meta, PublishedSource};
use wirewatch_nlp::{DataError, TextLayer};

pub use component::{check_order, Component, OrderError};

/// The largest report the pipeline analyses (1 GiB): offsets are 32-bit inside, and a larger
/// text is recorded with every layer skipped rather than analysed wrongly.
pub const MAX_TEXT_BYTES: usize = 1 << 30;

/// wirewatch's version, which every record names.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One report to analyse: its text and what is known about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    /// The text (after HTML extraction).
    pub text: String,
    /// The reference date, when known.
    pub published: Option<NaiveDate>,
    /// Where `published` came from; a date with `PublishedSource::None` counts as an argument.
    pub published_source: PublishedSource,
    /// Where the report was found.
    pub url: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// Its publisher.
    pub outlet: Option<String>,
    /// The area its outlet mostly reports on ("Louisiana", "Texas, US"): a local paper's
    /// "Athens" is the town near it.
    pub home: Option<String>,
}

impl Input {
    /// A report with only its text.
    pub fn text(text: impl Into<String>) -> Input {
        Input {
            text: text.into(),
            ..Input::default()
        }
    }
}

/// The pipeline could not be built.
#[derive(Debug, Error)]
pub enum LoadError {
    /// A data file is malformed.
    #[error(transparent)]
    Data(#[from] DataError),
    /// The components are in an order that cannot work.
    #[error(transparent)]
    Order(#[from] OrderError),
}

/// The text layer as a pipeline component.
#[derive(Debug)]
pub struct TextComponent(pub TextLayer);

impl Component for TextComponent {
    fn name(&self) -> &'static str {
        "text"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[
            Layer::Normalized,
            Layer::Tokens,
            Layer::Sentences,
            Layer::Language,
        ]
    }
    fn run(&self, doc: &mut Doc) {
        self.0.run(doc);
    }
}

/// Ordered components over one Doc.
pub struct Pipeline {
    components: Vec<Box<dyn Component>>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("components", &self.names())
            .finish()
    }
}

/// The quotes component from the data compiled into the binary: its word lists and its
/// learned tagger, which reads `clusters` (the word clusters it was trained with).
pub fn quotes_component(
    text: &TextLayer,
    clusters: Arc<wirewatch_nlp::clusters::WordClusters>,
) -> Result<quotes::QuotesComponent, LoadError> {
    Ok(quotes::QuotesComponent::new(
        quotes::SpeechCues::parse(resources::SPEECH_CUES, |cue| text.token_strings(cue))?,
        wirewatch_nlp::data::read_word_list(resources::ANONYMOUS_SOURCES)?,
        attribution_tagger::AttributionTagger::parse(
            resources::ATTRIBUTION_MODEL.path,
            resources::ATTRIBUTION_MODEL.text,
            clusters,
        )?,
    ))
}

impl Pipeline {
    /// A pipeline of these components, in this order; refuses an order in which a component
    /// runs before the layers it requires.
    pub fn new(components: Vec<Box<dyn Component>>) -> Result<Pipeline, OrderError> {
        check_order(&components)?;
        Ok(Pipeline { components })
    }

    /// The default pipeline, from the data compiled into the binary.
    pub fn load() -> Result<Pipeline, LoadError> {
        let text = TextLayer::embedded()?;
        let media =
            resources::MediaDictionary::parse(resources::MEDIA, |alias| text.token_strings(alias))?;
        let media = Arc::new(media);
        let titles = mentions::Titles::parse(resources::TITLES, |title| text.token_strings(title))?;
        let actors = Arc::new(actors::ActorDictionary::parse(actors::ACTORS, |alias| {
            text.token_strings(alias)
        })?);
        let months = resources::parse_months(resources::MONTHS)?;
        let agents =
            actors::AgentDictionary::parse(actors::AGENTS, |noun| text.token_strings(noun))?;
        let alias_cues =
            mentions::AliasCues::parse(resources::ALIAS_CUES, |cue| text.token_strings(cue))?;
        let clusters = Arc::new(wirewatch_nlp::clusters::WordClusters::parse(
            resources::CLUSTERS.path,
            resources::CLUSTERS.text,
        )?);
        let quotes = quotes_component(&text, Arc::clone(&clusters))?;
        let components: Vec<Box<dyn Component>> = vec![
            Box::new(TextComponent(text)),
            Box::new(dateline::DatelineComponent::new(
                months,
                Arc::clone(&media),
                wirewatch_nlp::data::read_word_list(resources::DATELINE_LABELS)?,
            )),
            Box::new(credits::CreditsComponent::new(
                media,
                resources::MediaWords::parse(resources::MEDIA_WORDS)?,
                resources::CreditCues::parse(resources::CREDIT_CUES)?,
                wirewatch_nlp::data::read_word_list(wirewatch_nlp::files::SENTENCE_OPENERS)?,
            )),
            Box::new(mentions::MentionsComponent::new(
                wirewatch_nlp::ner::NerModel::parse(
                    resources::NER_MODEL.path,
                    resources::NER_MODEL.text,
                )?,
                wirewatch_nlp::ner::Lexicon::default().with_clusters(Arc::clone(&clusters)),
                actors,
                titles,
                resources::MediaWords::parse(resources::MEDIA_WORDS)?
                    .descriptors
                    .into_iter()
                    .map(|d| d.join(" ").to_lowercase())
                    .collect(),
                wirewatch_nlp::data::read_word_list(resources::PHRASE_ENDERS)?,
                mentions::NameRules {
                    alias_cues,
                    gender: {
                        let mut words = mentions::GenderWords::parse(resources::GENDER)?;
                        words.add(resources::FIRST_NAMES)?;
                        words
                    },
                    agents,
                    particles: wirewatch_nlp::data::read_word_list(resources::NAME_PARTICLES)?
                        .into_iter()
                        .collect(),
                },
            )),
            Box::new(
                places::PlacesComponent::new(
                    places::gazetteer::Gazetteer::parse(resources::GAZETTEER)?,
                    places::PlaceWords::embedded()?,
                )
                .with_common_words(Arc::clone(&clusters)),
            ),
            Box::new(quotes),
            Box::new(times::TimesComponent::new(times::TimeTagger::embedded()?)),
        ];
        Ok(Pipeline::new(components)?)
    }

    /// The components' names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.components.iter().map(|c| c.name()).collect()
    }

    /// Runs every component over `doc`, skipping (and recording) those that do not know its
    /// language, and returns the names of those that ran. A text over [`MAX_TEXT_BYTES`] is
    /// not analysed at all: every layer is recorded as skipped.
    pub fn run(&self, doc: &mut Doc) -> Vec<&'static str> {
        self.run_observed(doc, |_, _| {})
    }

    /// [`Pipeline::run`], telling `observe` how long each component that ran took (for
    /// benchmarks).
    pub fn run_observed(
        &self,
        doc: &mut Doc,
        mut observe: impl FnMut(&'static str, std::time::Duration),
    ) -> Vec<&'static str> {
        let mut ran = Vec::new();
        if doc.text.len() > MAX_TEXT_BYTES {
            let reason = format!(
                "the text has {} bytes; a report may have at most {MAX_TEXT_BYTES}",
                doc.text.len()
            );
            for c in &self.components {
                doc.skipped
                    .extend(c.assigns().iter().map(|l| (*l, reason.clone())));
            }
            return ran;
        }
        for c in &self.components {
            if let (Some(langs), Some(lang)) = (c.languages(), doc.language) {
                if !langs.contains(&lang) {
                    let reason = format!(
                        "the text is in language `{lang}`; component `{}` reads {}",
                        c.name(),
                        langs.join(", ")
                    );
                    doc.skipped
                        .extend(c.assigns().iter().map(|l| (*l, reason.clone())));
                    continue;
                }
            }
            let started = std::time::Instant::now();
            c.run(doc);
            observe(c.name(), started.elapsed());
            ran.push(c.name());
        }
        ran
    }

    /// Analyses one report.
    pub fn analyze(&self, input: Input) -> Analysis {
        let meta = Meta {
            url: input.url,
            title: input.title,
            outlet: input.outlet,
            home: input.home,
            published: input.published,
            // A date given without saying where it came from was given by the caller.
            published_source: match (input.published, input.published_source) {
                (None, _) => PublishedSource::None,
                (Some(_), PublishedSource::None) => PublishedSource::Argument,
                (Some(_), source) => source,
            },
        };
        let mut doc = Doc::new(input.text, meta);
        let ran = self.run(&mut doc);
        Analysis::from_doc_with(&doc, VERSION, &ran)
    }
}
