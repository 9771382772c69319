//! Training the sentence-boundary model from a CoNLL-U corpus.

use std::ops::Range;

use wirewatch_doc::{Doc, Meta};
use wirewatch_nlp::ner::EntitySpan;
use wirewatch_nlp::perceptron::{Collector, Trainer};
use wirewatch_nlp::sentences::{features, Gap, Scratch};
use wirewatch_nlp::TextLayer;

use crate::conllu::Gold;

/// Labelled candidates of one corpus.
struct Examples {
    data: Vec<(Vec<u64>, bool)>,
    /// Gold boundaries that fall inside a token, which no candidate can find.
    pub unreachable: usize,
}

fn examples(layer: &TextLayer, gold: &Gold, collector: &mut Collector) -> Examples {
    let (norm, tokens) = layer.tokenize(&gold.text);
    let mut ends: Vec<usize> = gold.sentences.iter().map(|r| r.end).collect();
    ends.sort_unstable();
    let orig: Vec<_> = tokens.iter().map(|t| norm.to_original(t.span)).collect();
    let cx = layer.context(&norm.text, &tokens);
    let mut data = Vec::new();
    let mut scratch = Scratch::default();
    let mut reached = 0;
    let mut start = 0;
    for i in 0..tokens.len() {
        let lo = orig[i].end as usize;
        let hi = orig.get(i + 1).map_or(usize::MAX, |t| t.start as usize);
        let k = ends.partition_point(|&e| e < lo);
        let label = ends.get(k).is_some_and(|&e| e <= hi);
        if label {
            reached += 1;
        }
        if cx.gap(i) == Gap::Candidate {
            features(&cx, i, i + 1 - start, &mut scratch, collector);
            data.push((collector.take(), label));
        }
        if label {
            start = i + 1;
        }
    }
    Examples {
        data,
        unreachable: ends.len().saturating_sub(reached),
    }
}

/// A small deterministic generator for shuffling (the same model from the same data).
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    for i in (1..items.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (state >> 33) as usize % (i + 1);
        items.swap(i, j);
    }
}

/// Sentence spans (byte ranges of `text`) as `layer` segments it.
pub fn segment(layer: &TextLayer, text: &str) -> Vec<Range<usize>> {
    let mut doc = Doc::new(text.to_string(), Meta::default());
    layer.run(&mut doc);
    doc.sentences.iter().map(|s| s.span.range()).collect()
}

/// What training reports after each epoch.
#[derive(Debug, Clone, Copy)]
pub struct Epoch {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Share of training candidates classified right during the epoch.
    pub train_accuracy: f64,
}

/// Trains the sentence model on `train` for `epochs` passes and returns the model file's text
/// (`header` becomes its comment block) and the number of unreachable gold boundaries.
pub fn train_sentences(
    layer: &TextLayer,
    train: &Gold,
    epochs: usize,
    header: &str,
    mut progress: impl FnMut(Epoch),
) -> (String, usize) {
    let mut collector = Collector::default();
    let mut ex = examples(layer, train, &mut collector);
    let mut trainer = Trainer::default();
    for epoch in 1..=epochs {
        shuffle(&mut ex.data, epoch as u64);
        let right = ex.data.iter().filter(|(f, l)| trainer.learn(f, *l)).count();
        progress(Epoch {
            epoch,
            train_accuracy: right as f64 / ex.data.len().max(1) as f64,
        });
    }
    (trainer.finish(&collector, header, 0.05), ex.unreachable)
}

/// One sentence for the entity tagger: its tokens and its entities as (type index into
/// `ner::TYPES`, first token, one past the last).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NerSentence {
    /// Which document it belongs to (sentences of one document are next to each other).
    pub doc: usize,
    /// The tokens as written.
    pub tokens: Vec<String>,
    /// The entities.
    pub spans: Vec<EntitySpan>,
}

/// What entity training reports after each epoch.
#[derive(Debug, Clone, Copy)]
pub struct NerEpoch {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Share of training tokens labelled right during the epoch.
    pub train_accuracy: f64,
    /// Entity F1 on the development sentences with the current (not averaged) weights.
    pub dev_f1: f64,
}

/// Entity-level exact-match F1 of predicted against gold spans, over sentences.
pub fn span_f1(gold: &[Vec<EntitySpan>], predicted: &[Vec<EntitySpan>]) -> (f64, f64, f64) {
    let (mut correct, mut g, mut p) = (0usize, 0usize, 0usize);
    for (gs, ps) in gold.iter().zip(predicted) {
        g += gs.len();
        p += ps.len();
        correct += ps.iter().filter(|s| gs.contains(s)).count();
    }
    let precision = correct as f64 / p.max(1) as f64;
    let recall = correct as f64 / g.max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

/// Trains the entity tagger on `train` for `epochs` passes, following F1 on `dev`, and returns
/// the model file's text (`header` becomes its comment block). Features seen fewer than
/// `min_count` times are left out of the file.
pub fn train_ner(
    lexicon: &wirewatch_nlp::ner::Lexicon,
    train: &[NerSentence],
    dev: &[NerSentence],
    epochs: usize,
    min_count: u32,
    header: &str,
    mut progress: impl FnMut(NerEpoch),
) -> String {
    use wirewatch_nlp::ner::{decode, encode, NerTrainer};
    let mut trainer = NerTrainer::default();
    let prepared: Vec<(Vec<&str>, Vec<usize>)> = train
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            let gold = encode(words.len(), &s.spans);
            (words, gold)
        })
        .collect();
    for (words, gold) in &prepared {
        trainer.name_features(&lexicon.sentence(words), gold);
    }
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let tokens: usize = prepared.iter().map(|(w, _)| w.len()).sum();
    for epoch in 1..=epochs {
        shuffle(&mut order, epoch as u64);
        let mut wrong = 0;
        for &k in &order {
            let (words, gold) = &prepared[k];
            wrong += trainer.learn(&lexicon.sentence(words), gold);
        }
        let predicted: Vec<Vec<EntitySpan>> = dev
            .iter()
            .map(|s| {
                let words: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
                decode(&trainer.tag(&lexicon.sentence(&words)))
            })
            .collect();
        let gold: Vec<Vec<EntitySpan>> = dev.iter().map(|s| s.spans.clone()).collect();
        progress(NerEpoch {
            epoch,
            train_accuracy: 1.0 - wrong as f64 / tokens.max(1) as f64,
            dev_f1: span_f1(&gold, &predicted).2,
        });
    }
    trainer.finish(header, min_count, 0.001)
}
