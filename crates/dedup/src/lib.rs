//! Near-duplicate reports: wire copies and lightly edited re-publications of one story.
//!
//! A report's text becomes a set of word shingles (five lower-case words in a row); a
//! [`MinHasher`] turns the set into a [`Signature`] of [`PERMUTATIONS`] minimum hashes, whose
//! share of equal positions estimates the Jaccard similarity of two reports' shingle sets.
//! Signatures are cut into [`BANDS`] bands; two reports that share any band's key are
//! candidates, and candidates whose estimated similarity reaches [`THRESHOLD`] are one story.
//! With 16 bands of 8 rows, pairs at 0.7 similarity share a band with probability 0.9 and pairs
//! at 0.4 almost never (0.01), so the index finds near-duplicates without comparing every pair.
//!
//! ```
//! use wirewatch_dedup::{MinHasher, Stories};
//!
//! let hasher = MinHasher::new();
//! let a = "Gunmen attacked a police checkpoint near Kandahar overnight, killing three officers and wounding two, a provincial spokesman said on Sunday.";
//! let b = "KABUL (AP) - Gunmen attacked a police checkpoint near Kandahar overnight, killing three officers and wounding two, a provincial spokesman said on Sunday.";
//! let c = "The central bank raised interest rates by half a point on Thursday to slow inflation, which reached its highest level in a decade.";
//! let mut stories = Stories::default();
//! let sa = stories.add(hasher.signature(a));
//! let sb = stories.add(hasher.signature(b));
//! let sc = stories.add(hasher.signature(c));
//! assert_eq!(sa, sb);
//! assert_ne!(sa, sc);
//! ```
#![deny(missing_docs)]

use std::collections::HashMap;

/// Minimum hashes per signature.
pub const PERMUTATIONS: usize = 128;
/// Bands of the LSH index.
pub const BANDS: usize = 32;
/// Rows (signature positions) per band.
pub const ROWS: usize = PERMUTATIONS / BANDS;
/// Estimated Jaccard similarity from which two reports are one story.
pub const THRESHOLD: f64 = 0.5;
/// Words per shingle.
pub const SHINGLE: usize = 5;

/// A report's MinHash signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(pub Vec<u64>);

impl Signature {
    /// Estimated Jaccard similarity of the two reports' shingle sets (share of equal positions).
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len().max(1) as f64
    }

    /// The key of each band: a hash of its rows.
    pub fn band_keys(&self) -> Vec<u64> {
        self.0
            .chunks(ROWS)
            .map(|rows| rows.iter().fold(0x9e37_79b9_7f4a_7c15, |h, &v| mix(h ^ v)))
            .collect()
    }

    /// The signature as bytes (little-endian), for storing.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// A signature from [`Signature::to_bytes`]; `None` if the length is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != PERMUTATIONS * 8 {
            return None;
        }
        let values = bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("chunks of 8")))
            .collect();
        Some(Signature(values))
    }
}

/// The splitmix64 finaliser: a fast, well-mixed 64-bit permutation.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Makes signatures; the same for every run and machine (fixed seeds), so stored signatures
/// stay comparable.
#[derive(Clone, Debug)]
pub struct MinHasher {
    seeds: Vec<u64>,
}

impl Default for MinHasher {
    fn default() -> Self {
        MinHasher::new()
    }
}

impl MinHasher {
    /// A hasher with the fixed seeds.
    pub fn new() -> MinHasher {
        let mut state: u64 = 0x5eed_f00d_d0c5_1234;
        let seeds = (0..PERMUTATIONS)
            .map(|_| {
                state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                mix(state)
            })
            .collect();
        MinHasher { seeds }
    }

    /// The signature of a text: lower-case words of letters and digits, in shingles of
    /// [`SHINGLE`]. A text shorter than a shingle is one shingle.
    pub fn signature(&self, text: &str) -> Signature {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut mins = vec![u64::MAX; PERMUTATIONS];
        let mut add = |shingle: &[String]| {
            let h = shingle
                .iter()
                .fold(0xcbf2_9ce4_8422_2325u64, |h, w| mix(h ^ hash_word(w)));
            for (m, seed) in mins.iter_mut().zip(&self.seeds) {
                *m = (*m).min(mix(h ^ seed));
            }
        };
        if words.len() < SHINGLE {
            add(&words);
        } else {
            words.windows(SHINGLE).for_each(add);
        }
        Signature(mins)
    }
}

fn hash_word(w: &str) -> u64 {
    w.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An in-memory LSH index that groups signatures into stories.
#[derive(Debug, Default)]
pub struct Stories {
    signatures: Vec<Signature>,
    story_of: Vec<usize>,
    bands: HashMap<(usize, u64), Vec<usize>>,
    next_story: usize,
}

impl Stories {
    /// Adds a report and returns its story: the story of its most similar earlier report at
    /// or above [`THRESHOLD`], else a new one.
    pub fn add(&mut self, signature: Signature) -> usize {
        let me = self.signatures.len();
        let keys = signature.band_keys();
        let mut best: Option<(f64, usize)> = None;
        for (band, key) in keys.iter().enumerate() {
            for &other in self.bands.get(&(band, *key)).into_iter().flatten() {
                let s = signature.similarity(&self.signatures[other]);
                if s >= THRESHOLD && best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, other));
                }
            }
        }
        let story = match best {
            Some((_, other)) => self.story_of[other],
            None => {
                self.next_story += 1;
                self.next_story - 1
            }
        };
        for (band, key) in keys.into_iter().enumerate() {
            self.bands.entry((band, key)).or_default().push(me);
        }
        self.signatures.push(signature);
        self.story_of.push(story);
        story
    }

    /// The story of each report, in the order they were added.
    pub fn assignments(&self) -> &[usize] {
        &self.story_of
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The central bank raised interest rates by half a point on Thursday, its \
        third rise this year, saying inflation had reached its highest level in a decade and \
        that further rises could follow if prices kept climbing through the winter months.";

    #[test]
    fn identical_texts_have_identical_signatures() {
        let h = MinHasher::new();
        assert_eq!(h.signature(TEXT), h.signature(&TEXT.to_uppercase()));
        assert_eq!(h.signature(TEXT).similarity(&h.signature(TEXT)), 1.0);
    }

    #[test]
    fn a_light_edit_stays_similar_and_another_story_does_not() {
        let h = MinHasher::new();
        let edited = TEXT.replace("Thursday", "Friday").replace("winter", "cold");
        let s = h.signature(TEXT).similarity(&h.signature(&edited));
        assert!(s > 0.5 && s < 1.0, "{s}");
        let other = h.signature("Floods hit the north of the country after a week of heavy rain, cutting roads and leaving thousands without power.");
        assert!(h.signature(TEXT).similarity(&other) < 0.1);
    }

    #[test]
    fn bytes_round_trip() {
        let s = MinHasher::new().signature(TEXT);
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }
}
