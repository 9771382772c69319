//! wirewatch's way in: everything that turns what sources deliver into reports the pipeline
//! can read. The only crate that parses HTML or speaks HTTP.
//!
//! * [`html`]: HTML page → [`html::Article`] (main text and metadata).
//! * [`benchmark`]: reader and scorer for the article-extraction benchmark, to measure
//!   [`html::extract`] the way that benchmark does.
#![deny(missing_docs)]

pub mod benchmark;
mod blocks;
pub mod feeds;
pub mod fetch;
pub mod html;
mod meta;
mod text;
