//! `wirewatch train …`: build the project's models from gold corpora.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use wirewatch::eval::{conll, conllu, sentences, train};
use wirewatch::nlp::{ner, Perceptron, TextLayer};

use crate::shared_data;

/// The train subcommands.
#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    /// The sentence-boundary model (an averaged perceptron) from UD English EWT.
    ///
    /// Example: wirewatch train sentences   (reads ../shared/data/ud-english-ewt/, writes
    /// data/models/sentences.tsv, then scores the new model on the dev file)
    Sentences {
        /// Training corpus (CoNLL-U).
        #[arg(long, default_value_os_t = shared_data("ud-english-ewt/en_ewt-ud-train.conllu"))]
        train: PathBuf,
        /// Development corpus, scored after training (CoNLL-U).
        #[arg(long, default_value_os_t = shared_data("ud-english-ewt/en_ewt-ud-dev.conllu"))]
        dev: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Where to write the model.
        #[arg(long, default_value = "data/models/sentences.tsv")]
        out: PathBuf,
    },
    /// The named-entity tagger (a BILOU averaged perceptron) from CoNLL-2003 English.
    ///
    /// Reads any CoNLL NER column file (IOB1, IOB2, BIOES or BILOU; the token first and the tag
    /// last). Types other than PER, ORG, LOC and MISC are left out. Prints the development F1
    /// after each pass (current weights) and, at the end, of the averaged model it writes.
    ///
    /// Example: wirewatch train ner   (reads ../shared/data/conll2003/eng.train and eng.testa,
    /// writes data/models/ner.tsv)
    Ner {
        /// Training corpus (CoNLL NER columns).
        #[arg(long, default_value_os_t = shared_data("conll2003/eng.train"))]
        train: PathBuf,
        /// Development corpus, followed during training and scored at the end.
        #[arg(long, default_value_os_t = shared_data("conll2003/eng.testa"))]
        dev: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 20)]
        epochs: usize,
        /// Features seen fewer times than this in training are left out of the model file.
        #[arg(long, default_value_t = 1)]
        min_count: u32,
        /// Where to write the model.
        #[arg(long, default_value = "data/models/ner.tsv")]
        out: PathBuf,
    },
}

/// Reads a CoNLL NER file as the tagger's training sentences.
fn read_ner(path: &PathBuf) -> Result<Vec<train::NerSentence>> {
    let name = path.display().to_string();
    let content = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
    let corpus = conll::read(&name, &content, &conll::ReadOptions::default())?;
    let mut out = Vec::new();
    for (doc, d) in corpus.documents.iter().enumerate() {
        for s in &d.sentences {
            let spans = conll::chunks(&s.tags)
                .into_iter()
                .filter_map(|c| {
                    let kind = ner::TYPES.iter().position(|t| *t == c.kind)?;
                    Some((kind, c.start, c.end))
                })
                .collect();
            out.push(train::NerSentence {
                doc,
                tokens: s.tokens.clone(),
                spans,
            });
        }
    }
    Ok(out)
}

fn read(path: &PathBuf) -> Result<conllu::Gold> {
    let name = path.display().to_string();
    let content = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
    Ok(conllu::read(&name, &content)?)
}

/// Runs a train subcommand.
pub fn run(cmd: TrainCommand) -> Result<ExitCode> {
    match cmd {
        TrainCommand::Sentences {
            train: train_path,
            dev,
            epochs,
            out,
        } => {
            let gold = read(&train_path)?;
            let layer = TextLayer::embedded().context("cannot load the text layer")?;
            eprintln!(
                "training on {} sentences of {}",
                gold.sentences.len(),
                train_path.display()
            );
            let header = format!(
                "Sentence-boundary model of wirewatch {}: an averaged perceptron over the features of\n\
                 crates/nlp/src/sentences.rs. Trained by `wirewatch train sentences --epochs {epochs}`\n\
                 on {} ({} sentences; UD English EWT, CC BY-SA 4.0).\n\
                 Format: header row, then `feature<TAB>weight`; weights below 0.05 dropped.",
                env!("CARGO_PKG_VERSION"),
                train_path.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
                gold.sentences.len()
            );
            let (model, unreachable) =
                train::train_sentences(&layer, &gold, epochs, &header, |e| {
                    eprintln!(
                        "  epoch {:>2}: training accuracy {:.4}",
                        e.epoch, e.train_accuracy
                    )
                });
            eprintln!("  {unreachable} gold boundaries fall inside a token and cannot be learned");
            let perceptron = Perceptron::parse(&out.display().to_string(), &model)?;
            eprintln!("  {} features", perceptron.len());
            std::fs::write(&out, &model)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!("wrote {}", out.display());
            let dev_gold = read(&dev)?;
            let trained = TextLayer::with_sentence_model(perceptron)?;
            let predicted = train::segment(&trained, &dev_gold.text);
            let score = sentences::score(&dev_gold.text, &dev_gold.sentences, &predicted);
            outln!("sentences  {}\n  {}", dev.display(), score.prf)?;
        }
        TrainCommand::Ner {
            train: train_path,
            dev,
            epochs,
            min_count,
            out,
        } => {
            let train_set = read_ner(&train_path)?;
            let dev_set = read_ner(&dev)?;
            eprintln!(
                "training on {} sentences of {}, following {} sentences of {}",
                train_set.len(),
                train_path.display(),
                dev_set.len(),
                dev.display()
            );
            let file = |p: &PathBuf| {
                p.file_name()
                    .map_or_else(String::new, |f| f.to_string_lossy().into_owned())
            };
            let header = format!(
                "Named-entity tagger of wirewatch {}: a BILOU averaged perceptron over the features of\n\
                 crates/nlp/src/ner.rs. Trained by `wirewatch train ner --epochs {epochs} --min-count {min_count}`\n\
                 on {} ({} sentences; CoNLL-2003 English, Reuters research terms), followed on {}.\n\
                 Format: header row, then `feature<TAB>label=weight …`; features seen fewer than\n\
                 {min_count} times and weights below 0.001 dropped.",
                env!("CARGO_PKG_VERSION"),
                file(&train_path),
                train_set.len(),
                file(&dev),
            );
            let lexicon = ner::Lexicon::default();
            let model = train::train_ner(
                &lexicon,
                &train_set,
                &dev_set,
                epochs,
                min_count,
                &header,
                |e| {
                    eprintln!(
                        "  epoch {:>2}: training accuracy {:.4}, development F1 {:.4}",
                        e.epoch, e.train_accuracy, e.dev_f1
                    )
                },
            );
            let tagger = ner::NerModel::parse(&out.display().to_string(), &model)?;
            std::fs::write(&out, &model)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "wrote {} ({} features, {:.1} MB)",
                out.display(),
                tagger.len(),
                model.len() as f64 / 1e6
            );
            let gold: Vec<_> = dev_set.iter().map(|s| s.spans.clone()).collect();
            let predicted: Vec<_> = dev_set
                .iter()
                .map(|s| {
                    let words: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
                    ner::decode(&tagger.tag(&lexicon.sentence(&words)))
                })
                .collect();
            let (p, r, f1) = train::span_f1(&gold, &predicted);
            outln!(
                "ner  {}  (averaged model, the tagger alone on gold tokens)\n  P {p:.4}  R {r:.4}  F1 {f1:.4}",
                dev.display()
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
