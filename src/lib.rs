//! wirewatch: sourced, structured facts from news reports.
//!
//! This crate gathers the library crates behind one name for embedding: load the
//! [`Pipeline`] once, then analyse many reports, from many threads if you like.
//!
//! ```
//! use wirewatch::{Input, Pipeline};
//!
//! let pipeline = Pipeline::load().expect("embedded data is valid");
//! let record = pipeline.analyze(Input::text("LONDON, Jan 3 (Reuters) - Markets fell."));
//! assert_eq!(record.document.outlet.as_deref(), Some("Reuters"));
//! assert_eq!(record.document.dateline.unwrap().date_text.as_deref(), Some("Jan 3"));
//! ```
#![deny(missing_docs)]

pub use wirewatch_doc as doc;
pub use wirewatch_doc::contract::Analysis;
pub use wirewatch_eval as eval;
pub use wirewatch_extract as extract;
pub use wirewatch_extract::{Input, LoadError, Pipeline, MAX_TEXT_BYTES, VERSION};
pub use wirewatch_nlp as nlp;
