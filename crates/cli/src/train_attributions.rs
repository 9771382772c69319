//! `wirewatch train attributions`: the quotes layer's learned tagger from PolNeAR.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use rayon::prelude::*;
use wirewatch::doc::{Doc, Meta, Span};
use wirewatch::eval::quotes::{self, QuoteDoc};
use wirewatch::extract::attribution_tagger::{
    self as tagger, Facts, Role, CUE_CLASSES, ROLE_CLASSES,
};
use wirewatch::extract::quotes::QuotesComponent;
use wirewatch::extract::resources;
use wirewatch::nlp::clusters::WordClusters;
use wirewatch::nlp::multiclass::MultiTrainer;
use wirewatch::nlp::perceptron::Collector;
use wirewatch::nlp::TextLayer;
use wirewatch::Pipeline;

/// One training document as the tagger reads it, with each token's gold role.
struct Example {
    doc: Doc,
    facts: Facts,
    gold: Vec<Role>,
}

/// Each token's role in the gold: a cue's over a source's over a content's, whatever order
/// the attributions come in (PolNeAR gives each token one role; a corpus that nests
/// attributions keeps its inner cues and sources).
fn gold_roles(doc: &Doc, gold: &QuoteDoc) -> Vec<Role> {
    // Gold offsets are characters; tokens are bytes.
    let mut byte_of_char: Vec<usize> = doc.text.char_indices().map(|(b, _)| b).collect();
    byte_of_char.push(doc.text.len());
    let byte = |c: usize| byte_of_char[c.min(byte_of_char.len() - 1)];
    let mut roles = vec![Role::None; doc.tokens.len()];
    for role in [Role::Content, Role::Source, Role::Cue] {
        for a in &gold.attributions {
            let spans = match role {
                Role::Content => &a.content,
                Role::Source => &a.source,
                _ => &a.cue,
            };
            for &(start, end) in spans {
                let span = Span::new(byte(start) as u32, byte(end) as u32);
                for k in doc.token_range(span) {
                    roles[k] = role;
                }
            }
        }
    }
    roles
}

fn examples(pipeline: &Pipeline, quotes: &QuotesComponent, docs: &[QuoteDoc]) -> Vec<Example> {
    docs.par_iter()
        .map(|g| {
            let mut doc = Doc::new(g.text.clone(), Meta::default());
            pipeline.run(&mut doc);
            let facts = quotes.tagger_facts(&doc);
            let gold = gold_roles(&doc, g);
            Example { doc, facts, gold }
        })
        .collect()
}

/// Precision, recall and F1 from counts, in percent.
fn prf(tp: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        0.0
    } else {
        tp as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (100.0 * p, 100.0 * r, 100.0 * f)
}

/// Token-level scores of a role over examples: (true positives, predicted, gold).
fn count(examples: &[Example], predicted: &[Vec<Role>], role: Role) -> (usize, usize, usize) {
    let (mut tp, mut pred, mut gold) = (0, 0, 0);
    for (e, p) in examples.iter().zip(predicted) {
        for (g, p) in e.gold.iter().zip(p) {
            tp += usize::from(*g == role && *p == role);
            pred += usize::from(*p == role);
            gold += usize::from(*g == role);
        }
    }
    (tp, pred, gold)
}

/// Trains the tagger, prints its token scores on `dev` and writes the model to `out`.
pub fn train(train: &Path, dev: &Path, epochs: usize, min_abs: f64, out: &Path) -> Result<()> {
    let started = Instant::now();
    let train_gold = quotes::read_path(train)
        .with_context(|| format!("cannot read PolNeAR from {}", train.display()))?;
    let dev_gold = quotes::read_path(dev)
        .with_context(|| format!("cannot read PolNeAR from {}", dev.display()))?;
    let pipeline = Pipeline::load()?;
    let clusters = Arc::new(WordClusters::parse(
        resources::CLUSTERS.path,
        resources::CLUSTERS.text,
    )?);
    let quotes =
        wirewatch::extract::quotes_component(&TextLayer::embedded()?, Arc::clone(&clusters))?;
    let train_set = examples(&pipeline, &quotes, &train_gold.docs);
    let dev_set = examples(&pipeline, &quotes, &dev_gold.docs);
    eprintln!(
        "analysed {} training and {} development documents in {:.1} s",
        train_set.len(),
        dev_set.len(),
        started.elapsed().as_secs_f64()
    );

    // The cue model: every candidate token, its features computed once.
    let mut names = Collector::default();
    let mut cue_rows: Vec<(Vec<u64>, usize)> = Vec::new();
    let mut scratch = String::new();
    for e in &train_set {
        let classes = tagger::TokenClasses::new(&e.facts, &clusters);
        for s in &e.facts.sentences {
            for k in s.clone() {
                if !e.facts.cue_candidate(&e.doc, k) {
                    continue;
                }
                names.hashes.clear();
                tagger::cue_features(&e.facts, &classes, s.clone(), k, &mut names, &mut scratch);
                cue_rows.push((names.hashes.clone(), usize::from(e.gold[k] == Role::Cue)));
            }
        }
    }
    let mut cue_trainer = MultiTrainer::new(CUE_CLASSES.len());
    let mut role_trainer = MultiTrainer::new(ROLE_CLASSES.len());
    // A fixed shuffle (an LCG), so that a run can be repeated.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut shuffle = |n: usize| {
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        order
    };
    let mut roles: Vec<Role> = Vec::new();
    for epoch in 1..=epochs {
        let mut wrong = 0;
        for i in shuffle(cue_rows.len()) {
            let (features, gold) = &cue_rows[i];
            wrong += usize::from(cue_trainer.learn(features, *gold) != *gold);
        }
        // The role model, on sentences with a gold cue, its history its own guesses.
        let mut role_wrong = 0;
        let mut role_seen = 0;
        for d in shuffle(train_set.len()) {
            let e = &train_set[d];
            let classes = tagger::TokenClasses::new(&e.facts, &clusters);
            roles.clear();
            roles.resize(e.gold.len(), Role::None);
            for s in &e.facts.sentences {
                let cues: Vec<bool> = s.clone().map(|k| e.gold[k] == Role::Cue).collect();
                if !cues.iter().any(|c| *c) {
                    continue;
                }
                tagger::tag_sentence_roles(
                    &e.facts,
                    &classes,
                    s.clone(),
                    &cues,
                    &mut roles,
                    &mut names,
                    |i, h| {
                        let gold = e.gold[i].class();
                        let guess = role_trainer.learn(h, gold);
                        role_seen += 1;
                        role_wrong += usize::from(guess != gold);
                        guess
                    },
                );
            }
        }
        eprintln!(
            "pass {epoch}: cue errors {wrong} of {} tokens; role errors {role_wrong} of {role_seen}",
            cue_rows.len()
        );
    }
    let header = format!(
        "# Attribution tagger of wirewatch {}: two averaged perceptrons over the features of\n\
         # crates/extract/src/attribution_tagger.rs (`c|` the cue model, `r|` the role model).\n\
         # Trained by `wirewatch train attributions --epochs {epochs} --min-abs {min_abs}` on\n\
         # PolNeAR train ({} documents; no licence stated, texts copyrighted by their publishers:\n\
         # the file holds feature names (words, word pairs, suffixes, class numbers) and weights,\n\
         # no running text; see data/PROVENANCE.md). Weights below {min_abs} dropped.\n\
         feature\tclass\tweight\n",
        env!("CARGO_PKG_VERSION"),
        train_set.len()
    );
    let text = format!(
        "{header}{}{}",
        cue_trainer.finish(&names, &CUE_CLASSES, min_abs),
        role_trainer.finish(&names, &ROLE_CLASSES, min_abs)
    );
    std::fs::write(out, &text).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "wrote {} ({} rows, {:.1} MB)",
        out.display(),
        text.lines().count(),
        text.len() as f64 / 1e6
    );

    // The model as written, on the development documents.
    let model = tagger::AttributionTagger::parse(&out.display().to_string(), &text, clusters)?;
    let predicted: Vec<Vec<Role>> = dev_set
        .iter()
        .map(|e| model.tag(&e.doc, &e.facts, &vec![false; e.gold.len()]))
        .collect();
    println!("attribution tagger on {} (tokens):", dev.display());
    println!("role          P       R      F1   gold");
    for role in [Role::Cue, Role::Source, Role::Content] {
        let (tp, pred, gold) = count(&dev_set, &predicted, role);
        let (p, r, f) = prf(tp, pred, gold);
        println!(
            "{:<8} {p:>7.2} {r:>7.2} {f:>7.2} {gold:>6}",
            format!("{role:?}").to_lowercase()
        );
    }
    Ok(())
}
