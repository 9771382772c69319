//! A binary averaged perceptron over hashed string features, with its plain-text model format.
//!
//! Features are strings such as `w0=.` or `s1=Xx`; they are hashed to 64 bits so that
//! scoring a candidate allocates nothing. The model file keeps the strings, one
//! `feature<TAB>weight` per line, so a model can be read, diffed and pruned by hand.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already well-mixed hashes; hashing them again would only cost time.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub type HashMapU64<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

use crate::data::{read_tsv, DataError};

/// A 64-bit hash of a feature string: eight bytes at a time, multiply and rotate (the FxHash
/// scheme), with a final mix. Fixed across platforms, so a model file means the same everywhere.
pub fn hash_feature(feature: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let bytes = feature.as_bytes();
    let mut h: u64 = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    // Final avalanche (from MurmurHash3's fmix64) so the low bits a table uses are well mixed.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Receives the features of one candidate.
pub trait FeatureSink {
    /// Adds one feature.
    fn add(&mut self, feature: &str);
}

/// A trained model: a weight per feature hash.
#[derive(Clone, Default)]
pub struct Perceptron {
    weights: HashMapU64<f32>,
}

impl Perceptron {
    /// Parses a model file (`feature<TAB>weight` rows); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Perceptron, DataError> {
        let rows = read_tsv(file, text, &["feature", "weight"])?;
        let mut weights = HashMapU64::with_capacity_and_hasher(rows.len(), Default::default());
        for row in rows {
            let w: f32 = row.cells[1].parse().map_err(|_| DataError::Line {
                file: file.into(),
                line: row.line,
                message: format!("weight {:?} is not a number", row.cells[1]),
            })?;
            weights.insert(hash_feature(row.cells[0]), w);
        }
        Ok(Perceptron { weights })
    }

    /// Number of features with a weight.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True for an empty model.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// A sink that sums the weights of the features it is given.
    pub fn scorer(&self) -> Scorer<'_> {
        Scorer {
            model: self,
            score: 0.0,
        }
    }
}

impl std::fmt::Debug for Perceptron {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Perceptron({} weights)", self.weights.len())
    }
}

/// Sums feature weights.
#[derive(Debug)]
pub struct Scorer<'a> {
    model: &'a Perceptron,
    /// The sum so far.
    pub score: f32,
}

impl FeatureSink for Scorer<'_> {
    fn add(&mut self, feature: &str) {
        if let Some(w) = self.model.weights.get(&hash_feature(feature)) {
            self.score += w;
        }
    }
}

/// Collects a candidate's features for training.
#[derive(Debug, Default)]
pub struct Collector {
    /// The hashes, in the order given.
    pub hashes: Vec<u64>,
    names: HashMap<u64, String>,
}

impl FeatureSink for Collector {
    fn add(&mut self, feature: &str) {
        let h = hash_feature(feature);
        self.hashes.push(h);
        self.names.entry(h).or_insert_with(|| feature.to_string());
    }
}

impl Collector {
    /// The name of a feature seen, by its hash.
    pub fn name(&self, hash: u64) -> Option<&str> {
        self.names.get(&hash).map(String::as_str)
    }

    /// Takes the collected hashes, keeping the names for the model file.
    pub fn take(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.hashes)
    }
}

/// Trains an averaged perceptron on labelled feature vectors.
#[derive(Default)]
pub struct Trainer {
    weights: HashMapU64<(f64, f64, u64)>, // weight, running total, last update step
    step: u64,
}

impl std::fmt::Debug for Trainer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Trainer({} weights, step {})",
            self.weights.len(),
            self.step
        )
    }
}

impl Trainer {
    /// The current (not averaged) score.
    pub fn score(&self, features: &[u64]) -> f64 {
        features
            .iter()
            .filter_map(|h| self.weights.get(h))
            .map(|w| w.0)
            .sum()
    }

    /// One example: predicts, and on a mistake moves the weights toward `label`.
    /// Returns whether the prediction was right.
    pub fn learn(&mut self, features: &[u64], label: bool) -> bool {
        self.step += 1;
        let guess = self.score(features) > 0.0;
        if guess == label {
            return true;
        }
        let delta = if label { 1.0 } else { -1.0 };
        let step = self.step;
        for &h in features {
            let w = self.weights.entry(h).or_insert((0.0, 0.0, step));
            w.1 += (step - w.2) as f64 * w.0;
            w.2 = step;
            w.0 += delta;
        }
        false
    }

    /// Averages the weights and writes the model file, dropping weights below `min_abs`.
    pub fn finish(&self, collector: &Collector, header: &str, min_abs: f64) -> String {
        let mut rows: Vec<(&str, f64)> = self
            .weights
            .iter()
            .map(|(h, w)| {
                let total = w.1 + (self.step - w.2) as f64 * w.0;
                (collector.names[h].as_str(), total / self.step.max(1) as f64)
            })
            .filter(|(_, w)| w.abs() >= min_abs)
            .collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        out.push_str("feature\tweight\n");
        for (name, w) in rows {
            let _ = writeln!(out, "{name}\t{w:.4}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_rule_and_round_trips() {
        let mut c = Collector::default();
        let mut data = Vec::new();
        for i in 0..40 {
            let label = i % 3 == 0;
            c.add("bias");
            c.add(if label { "w0=." } else { "w0=," });
            c.add(&format!("noise={}", i % 5));
            data.push((c.take(), label));
        }
        let mut t = Trainer::default();
        for _ in 0..5 {
            for (f, l) in &data {
                t.learn(f, *l);
            }
        }
        let model = Perceptron::parse("m", &t.finish(&c, "test model", 0.0)).unwrap();
        for (features, label) in &data {
            let score: f32 = features.iter().filter_map(|h| model.weights.get(h)).sum();
            assert_eq!(score > 0.0, *label);
        }
    }
}
