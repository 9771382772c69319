//! `wirewatch train …`: build the project's models from gold corpora.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use wirewatch::eval::{conllu, sentences, train};
use wirewatch::nlp::{Perceptron, TextLayer};

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
    }
    Ok(ExitCode::SUCCESS)
}
