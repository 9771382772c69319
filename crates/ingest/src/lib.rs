//! wirewatch's way in: everything that turns what sources deliver into reports the pipeline
//! can read. The only crate that parses HTML or speaks HTTP.
#![deny(missing_docs)]
