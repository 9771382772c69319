//! The `Doc` and the analysis record: the types every other wirewatch crate speaks.
//!
//! A [`Doc`] holds the original text of one report, its normalised form with a map back to the
//! original ([`Normalized`]), its tokens and sentences, and one typed `Vec` per annotation layer.
//! Every annotation is a [`Span`] of byte offsets into [`Doc::text`]; no layer keeps a copy of
//! the text. Cross references between layers are index newtypes such as [`EntityId`].
//!
//! Internal types are deliberately not `Serialize`. The only serialised form is
//! [`contract::Analysis`], the public JSON record (schema `wirewatch.analysis/1`), built from a
//! `Doc` in exactly one function, [`contract::Analysis::from_doc_with`], which also turns byte
//! offsets into the Unicode-scalar character offsets the contract promises.
//!
//! ```
//! use wirewatch_doc::{contract::Analysis, Doc, Meta, Span};
//!
//! let mut doc = Doc::new("KABUL (AP) — Talks resumed.".to_string(), Meta::default());
//! // A component would normally fill the layers; here we add one sentence by hand.
//! let end = doc.text.len() as u32;
//! doc.sentences.push(wirewatch_doc::Sentence { span: Span::new(0, end), tokens: 0..0 });
//! let record = Analysis::from_doc(&doc, "0.1.0");
//! assert_eq!(record.schema, "wirewatch.analysis/1");
//! // Character offsets, not bytes: the em dash is one character.
//! assert_eq!(record.sentences[0].end, doc.text.chars().count());
//! ```
#![deny(missing_docs)]

mod charmap;
pub mod contract;
mod doc;
pub mod geo;
mod normalized;
mod span;

pub use charmap::CharMap;
pub use doc::{
    Dateline, Doc, Entity, EntityId, EntityType, Layer, Mention, MentionKind, Meta, Place,
    PublishedSource, Quote, QuoteKind, Sentence, Strength, Timex, TimexType, Token, TokenKind,
};
pub use normalized::{Edit, Normalized};
pub use span::Span;
