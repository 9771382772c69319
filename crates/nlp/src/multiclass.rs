//! A multi-class averaged perceptron over hashed string features, with its plain-text model
//! format: one `feature<TAB>class<TAB>weight` row per non-zero weight, so a model can be read,
//! diffed and pruned by hand. Features are hashed with [`hash_feature`], as in the binary
//! [`crate::Perceptron`].

use std::fmt::Write as _;

use crate::data::{read_tsv, DataError};
use crate::perceptron::{hash_feature, Collector, FeatureSink, HashMapU64};

/// The most classes a model may have: each feature's weights are kept inline in the table,
/// so that scoring costs one memory access a feature, not two.
pub const MAX_CLASSES: usize = 4;

/// A trained model: for each feature hash, a weight per class.
#[derive(Clone, Default)]
pub struct MultiClass {
    classes: Vec<String>,
    weights: HashMapU64<[f32; MAX_CLASSES]>,
}

impl std::fmt::Debug for MultiClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "MultiClass({} classes, {} features)",
            self.classes.len(),
            self.weights.len()
        )
    }
}

impl MultiClass {
    /// Parses a model file whose rows name only `classes` (in that order, their indices);
    /// rows whose feature does not start with `prefix` belong to another model in the same
    /// file and are skipped. `file` names the file in errors.
    pub fn parse(
        file: &str,
        text: &str,
        prefix: &str,
        classes: &[&str],
    ) -> Result<MultiClass, DataError> {
        let mut models = MultiClass::parse_models(file, text, &[(prefix, classes)])?;
        Ok(models.pop().unwrap_or_default())
    }

    /// Parses the several models one file holds, in one reading of it: each `(prefix,
    /// classes)` is a model whose rows' features start with `prefix`, as [`MultiClass::parse`]
    /// reads one. Rows no model claims are skipped.
    pub fn parse_models(
        file: &str,
        text: &str,
        models: &[(&str, &[&str])],
    ) -> Result<Vec<MultiClass>, DataError> {
        assert!(
            models.iter().all(|(_, c)| c.len() <= MAX_CLASSES),
            "a model has at most {MAX_CLASSES} classes"
        );
        let mut weights: Vec<HashMapU64<[f32; MAX_CLASSES]>> =
            models.iter().map(|_| HashMapU64::default()).collect();
        for row in read_tsv(file, text, &["feature", "class", "weight"])? {
            let Some(m) = models.iter().position(|(p, _)| row.cells[0].starts_with(p)) else {
                continue;
            };
            let classes = models[m].1;
            let err = |message: String| DataError::Line {
                file: file.into(),
                line: row.line,
                message,
            };
            let class = classes
                .iter()
                .position(|c| *c == row.cells[1])
                .ok_or_else(|| {
                    err(format!(
                        "class {:?} is not one of {}",
                        row.cells[1],
                        classes.join(", ")
                    ))
                })?;
            let w: f32 = row.cells[2]
                .parse()
                .map_err(|_| err(format!("weight {:?} is not a number", row.cells[2])))?;
            weights[m].entry(hash_feature(row.cells[0])).or_default()[class] = w;
        }
        Ok(models
            .iter()
            .zip(weights)
            .map(|((_, classes), weights)| MultiClass {
                classes: classes.iter().map(|c| c.to_string()).collect(),
                weights,
            })
            .collect())
    }

    /// Number of features with a weight.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True for an empty model.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Each class's score for a candidate's feature hashes, written into `out` (one per class).
    pub fn scores(&self, features: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|s| *s = 0.0);
        for h in features {
            if let Some(w) = self.weights.get(h) {
                for (s, w) in out.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
    }

    /// The best-scoring class (the first on a tie).
    pub fn predict(&self, features: &[u64]) -> usize {
        let mut scores = [0.0; MAX_CLASSES];
        let scores = &mut scores[..self.classes.len()];
        self.scores(features, scores);
        argmax(scores)
    }
}

/// The index of the largest score, the first on a tie.
fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
    }
    best
}

/// A feature sink whose hashes can be read and cleared between candidates.
pub trait HashSink: FeatureSink {
    /// The hashes collected so far.
    fn hashes(&mut self) -> &mut Vec<u64>;
}

impl HashSink for Hashes {
    fn hashes(&mut self) -> &mut Vec<u64> {
        &mut self.0
    }
}

impl HashSink for Collector {
    fn hashes(&mut self) -> &mut Vec<u64> {
        &mut self.hashes
    }
}

/// A sink that keeps only the hashes (for scoring, with no names kept).
#[derive(Debug, Default)]
pub struct Hashes(pub Vec<u64>);

impl FeatureSink for Hashes {
    fn add(&mut self, feature: &str) {
        self.0.push(hash_feature(feature));
    }
}

/// One weight as it is trained: its value, its running total and the step it last changed.
#[derive(Clone, Copy, Debug, Default)]
struct Trained {
    value: f64,
    total: f64,
    since: u64,
}

/// Trains a multi-class averaged perceptron.
#[derive(Debug)]
pub struct MultiTrainer {
    classes: usize,
    weights: HashMapU64<Vec<Trained>>,
    step: u64,
}

impl MultiTrainer {
    /// A trainer for `classes` classes.
    pub fn new(classes: usize) -> MultiTrainer {
        MultiTrainer {
            classes,
            weights: HashMapU64::default(),
            step: 0,
        }
    }

    /// The current (not averaged) best class.
    pub fn predict(&self, features: &[u64]) -> usize {
        let mut scores = vec![0.0f64; self.classes];
        for h in features {
            if let Some(w) = self.weights.get(h) {
                for (s, w) in scores.iter_mut().zip(w) {
                    *s += w.value;
                }
            }
        }
        argmax(&scores)
    }

    /// One example: predicts, and on a mistake moves the weights toward `gold` and away from
    /// the guess. Returns the guess.
    pub fn learn(&mut self, features: &[u64], gold: usize) -> usize {
        self.step += 1;
        let guess = self.predict(features);
        if guess != gold {
            let (step, classes) = (self.step, self.classes);
            for &h in features {
                let w = self
                    .weights
                    .entry(h)
                    .or_insert_with(|| vec![Trained::default(); classes]);
                for (class, delta) in [(gold, 1.0), (guess, -1.0)] {
                    let t = &mut w[class];
                    t.total += (step - t.since) as f64 * t.value;
                    t.since = step;
                    t.value += delta;
                }
            }
        }
        guess
    }

    /// Averages the weights and writes them as model rows (no header), each feature's name
    /// from `names` and each class's from `classes`, dropping weights below `min_abs`.
    pub fn finish(&self, names: &Collector, classes: &[&str], min_abs: f64) -> String {
        let mut rows: Vec<(&str, usize, f64)> = Vec::new();
        for (h, w) in &self.weights {
            let Some(name) = names.name(*h) else {
                continue;
            };
            for (class, t) in w.iter().enumerate() {
                let total = t.total + (self.step - t.since) as f64 * t.value;
                let avg = total / self.step.max(1) as f64;
                if avg.abs() >= min_abs {
                    rows.push((name, class, avg));
                }
            }
        }
        rows.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
        let mut out = String::new();
        for (name, class, w) in rows {
            let _ = writeln!(out, "{name}\t{}\t{w:.3}", classes[class]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_three_classes_and_round_trips() {
        let mut names = Collector::default();
        let mut data = Vec::new();
        for i in 0..60 {
            let gold = i % 3;
            names.add("bias");
            names.add(&format!("w={}", ["a", "b", "c"][gold]));
            names.add(&format!("noise={}", i % 7));
            data.push((std::mem::take(&mut names.hashes), gold));
        }
        let mut t = MultiTrainer::new(3);
        for _ in 0..5 {
            for (f, g) in &data {
                t.learn(f, *g);
            }
        }
        let classes = ["x", "y", "z"];
        let text = format!(
            "feature\tclass\tweight\n{}",
            t.finish(&names, &classes, 0.0)
        );
        let model = MultiClass::parse("m", &text, "", &classes).unwrap();
        for (features, gold) in &data {
            assert_eq!(model.predict(features), *gold);
        }
        assert!(MultiClass::parse("m", "feature\tclass\tweight\nf\tq\t1\n", "", &classes).is_err());
    }
}
