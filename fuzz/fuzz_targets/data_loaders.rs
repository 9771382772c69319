//! Feeds arbitrary UTF-8 text to the data-file parsers: each must return Ok or Err, never
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wirewatch::nlp::{Abbreviations, Perceptron};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Abbreviations::parse("fuzz", text);
    let _ = Perceptron::parse("fuzz", text);
});
