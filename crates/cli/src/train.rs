//! `wirewatch train …`: build the project's models from gold corpora.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Subcommand;
use wirewatch::eval::{clusters, conll, conllu, sentences, train};
use wirewatch::nlp::{ner, Perceptron, TextLayer};

use crate::shared_data;

/// Default location of the unlabelled news corpora, relative to the repository.
fn shared_corpus(rel: &str) -> PathBuf {
    PathBuf::from("../shared/corpus").join(rel)
}

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
        /// Word clusters whose classes become features (`wirewatch train clusters`). The
        /// pipeline reads the clusters compiled into it, so a model trained on other clusters
        /// needs those compiled in too.
        #[arg(long, default_value = "data/models/clusters.tsv")]
        clusters: PathBuf,
        /// Train without word-cluster features.
        #[arg(long)]
        no_clusters: bool,
        /// Where to write the model.
        #[arg(long, default_value = "data/models/ner.tsv")]
        out: PathBuf,
    },
    /// The quotes layer's learned attribution tagger, from PolNeAR.
    ///
    /// Runs the pipeline over each training text, marks each token with its gold role (cue,
    /// source, content or none), and trains two averaged perceptrons: one that finds cue words,
    /// one that, in a sentence with a cue, tags the source and the content around it. Prints
    /// each pass's errors and, at the end, the written model's token P/R/F1 per role on the
    /// development texts. `wirewatch eval quotes` then scores the whole layer with it.
    ///
    /// Example: wirewatch train attributions   (reads ../shared/data/polnear/train and dev,
    /// writes data/models/attributions.tsv; rebuild before eval to use it)
    Attributions {
        /// Training compartment (PolNeAR: text/ and attributions/).
        #[arg(long, default_value_os_t = shared_data("polnear/train"))]
        train: PathBuf,
        /// Development compartment, scored at the end.
        #[arg(long, default_value_os_t = shared_data("polnear/dev"))]
        dev: PathBuf,
        /// Passes over the training data (on PolNeAR dev, 4 found more attributions with
        /// their speakers than 6 or 9, at the same content F1).
        #[arg(long, default_value_t = 4)]
        epochs: usize,
        /// Averaged weights smaller than this are left out of the model file: 1.0 keeps the
        /// file under 10 MB and the dev scores where 0.01 (20 MB) has them.
        #[arg(long, default_value_t = 1.0)]
        min_abs: f64,
        /// Where to write the model.
        #[arg(long, default_value = "data/models/attributions.tsv")]
        out: PathBuf,
    },
    /// Word clusters for the entity tagger's features, by the exchange algorithm.
    ///
    /// Reads unlabelled news (JSON lines, plain text split by the text layer, and the token
    /// column of CoNLL files), counts words with their case kept (numbers are one word,
    /// `<num>`), and puts every word seen at least --min-count times into classes that make the
    /// class bigram model likeliest, once for each number of classes in --classes. Prints each
    /// pass (words moved, log-likelihood) and, at the end, the commonest words of some classes.
    ///
    /// Example: wirewatch train clusters   (reads Wikinews and BBC News from ../shared/corpus/,
    /// PolNeAR train and CoNLL-2003 eng.train from ../shared/data/, writes
    /// data/models/clusters.tsv)
    Clusters {
        /// Where to write the clusters.
        #[arg(long, default_value = "data/models/clusters.tsv")]
        out: PathBuf,
        /// Numbers of classes, one column of the file each, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "64,256,1024")]
        classes: Vec<usize>,
        /// Words seen fewer times than this are not clustered (and not in the file).
        #[arg(long, default_value_t = 3)]
        min_count: u64,
        /// Passes over the words at most (it stops earlier when fewer than 0.1% move).
        #[arg(long, default_value_t = 15)]
        max_iterations: usize,
        /// JSON-lines corpora: the `text` field of each line (repeat the flag for more).
        #[arg(long, default_values_os_t = [shared_corpus("wikinews-en/articles.jsonl")])]
        jsonl: Vec<PathBuf>,
        /// Plain-text files, one report each; `*` matches within a file or folder name.
        #[arg(long, default_values_os_t = [
            shared_corpus("bbc-news/*/*.txt"),
            shared_data("polnear/train/text/*.txt"),
        ])]
        text: Vec<PathBuf>,
        /// CoNLL column files: the first column, sentences split by blank lines (not a
        /// development or test set).
        #[arg(long, default_values_os_t = [shared_data("conll2003/eng.train")])]
        conll: Vec<PathBuf>,
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
        TrainCommand::Attributions {
            train,
            dev,
            epochs,
            min_abs,
            out,
        } => {
            crate::train_attributions::train(&train, &dev, epochs, min_abs, &out)?;
        }
        TrainCommand::Ner {
            train: train_path,
            dev,
            epochs,
            min_count,
            clusters,
            no_clusters,
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
                 crates/nlp/src/ner.rs. Trained by `wirewatch train ner --epochs {epochs} --min-count {min_count}{}`\n\
                 on {} ({} sentences; CoNLL-2003 English, Reuters research terms), followed on {}.\n\
                 {}\n\
                 Format: header row, then `feature<TAB>label=weight …`; features seen fewer than\n\
                 {min_count} times and weights below 0.001 dropped.",
                env!("CARGO_PKG_VERSION"),
                if no_clusters { " --no-clusters" } else { "" },
                file(&train_path),
                train_set.len(),
                file(&dev),
                if no_clusters {
                    "No word-cluster features.".to_string()
                } else {
                    format!(
                        "Word-cluster features from {} (the pipeline's data/models/clusters.tsv).",
                        file(&clusters)
                    )
                },
            );
            let lexicon = if no_clusters {
                ner::Lexicon::default()
            } else {
                let name = clusters.display().to_string();
                let text = std::fs::read_to_string(&clusters).with_context(|| {
                    format!("cannot read {name} (--no-clusters trains without)")
                })?;
                let clusters = wirewatch::nlp::clusters::WordClusters::parse(&name, &text)?;
                eprintln!("clusters: {} words from {name}", clusters.len());
                ner::Lexicon::default().with_clusters(std::sync::Arc::new(clusters))
            };
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
        TrainCommand::Clusters {
            out,
            classes,
            min_count,
            max_iterations,
            jsonl,
            text,
            conll,
        } => train_clusters(
            &out,
            &classes,
            min_count,
            max_iterations,
            &Corpora { jsonl, text, conll },
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The corpora `train clusters` reads.
struct Corpora {
    jsonl: Vec<PathBuf>,
    text: Vec<PathBuf>,
    conll: Vec<PathBuf>,
}

/// True when `name` matches `pattern`, where `*` stands for any run of characters.
fn wildcard(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return pattern == name;
    }
    if name.len() < first.len() + last.len() || !name.starts_with(first) || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// The files a path with `*` in its file or folder names matches, sorted.
fn expand(pattern: &Path) -> Result<Vec<PathBuf>> {
    let mut paths = vec![PathBuf::new()];
    for part in pattern.components() {
        let text = part.as_os_str().to_string_lossy();
        if !text.contains('*') {
            for p in &mut paths {
                p.push(part);
            }
            continue;
        }
        let mut next = Vec::new();
        for dir in paths
            .iter()
            .filter(|d| d.as_os_str().is_empty() || d.is_dir())
        {
            let from = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir.as_path()
            };
            let entries = std::fs::read_dir(from)
                .with_context(|| format!("cannot read {}", from.display()))?;
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| wildcard(&text, n))
                .collect();
            names.sort();
            next.extend(names.into_iter().map(|n| dir.join(n)));
        }
        paths = next;
    }
    paths.retain(|p| p.is_file());
    if paths.is_empty() {
        anyhow::bail!("{} matches no file", pattern.display());
    }
    Ok(paths)
}

/// Reads corpora into one [`clusters::CorpusBuilder`], skipping texts seen before.
struct ClusterReader {
    layer: TextLayer,
    builder: clusters::CorpusBuilder,
    seen: HashSet<u64>,
    duplicates: usize,
    /// Each corpus as given, its documents and its tokens.
    sources: Vec<(String, usize, u64)>,
}

impl ClusterReader {
    /// Splits `texts` into sentences and tokens (in parallel) and adds them.
    fn add_texts(&mut self, name: String, texts: Vec<String>) {
        use rayon::prelude::*;
        let before = self.builder.tokens();
        let mut docs = 0;
        let mut fresh = Vec::new();
        for t in texts {
            let mut h = DefaultHasher::new();
            t.trim().hash(&mut h);
            if self.seen.insert(h.finish()) {
                fresh.push(t);
            } else {
                self.duplicates += 1;
            }
        }
        for chunk in fresh.chunks(256) {
            let split: Vec<Vec<Vec<String>>> = chunk
                .par_iter()
                .map(|t| clusters::text_sentences(&self.layer, t))
                .collect();
            for doc in split {
                docs += 1;
                for s in &doc {
                    self.builder.add_sentence(s.iter().map(String::as_str));
                }
            }
        }
        self.finish_source(name, docs, before);
    }

    fn finish_source(&mut self, name: String, docs: usize, before: u64) {
        let tokens = self.builder.tokens() - before;
        eprintln!("  {name}: {docs} documents, {tokens} tokens");
        self.sources.push((name, docs, tokens));
    }

    fn read(&mut self, corpora: &Corpora) -> Result<()> {
        for path in &corpora.jsonl {
            let name = path.display().to_string();
            eprintln!("reading {name}");
            let content =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
            let mut texts = Vec::new();
            for (i, line) in content.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let value: serde_json::Value = serde_json::from_str(line)
                    .with_context(|| format!("{name}:{}: not JSON", i + 1))?;
                if let Some(text) = value.get("text").and_then(|t| t.as_str()) {
                    texts.push(text.to_string());
                }
            }
            self.add_texts(name, texts);
        }
        for pattern in &corpora.text {
            let name = pattern.display().to_string();
            eprintln!("reading {name}");
            let mut texts = Vec::new();
            for file in expand(pattern)? {
                let bytes = std::fs::read(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
            self.add_texts(name, texts);
        }
        for path in &corpora.conll {
            let name = path.display().to_string();
            eprintln!("reading {name}");
            let content =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
            let corpus = conll::read(&name, &content, &conll::ReadOptions::default())?;
            let before = self.builder.tokens();
            for d in &corpus.documents {
                for s in &d.sentences {
                    self.builder
                        .add_sentence(s.tokens.iter().map(String::as_str));
                }
            }
            self.finish_source(name, corpus.documents.len(), before);
        }
        Ok(())
    }
}

/// Today's date (UTC) as YYYY-MM-DD.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(secs as i64, 0)
        .map_or_else(String::new, |d| d.date_naive().to_string())
}

/// Words whose classes are printed at the end, so a reader can judge the clusters.
const PROBES: [&str; 12] = [
    "January",
    "Monday",
    "France",
    "London",
    "John",
    "Smith",
    "Microsoft",
    "said",
    "killed",
    "police",
    "three",
    "Iraqi",
];

fn train_clusters(
    out: &Path,
    classes: &[usize],
    min_count: u64,
    max_iterations: usize,
    corpora: &Corpora,
) -> Result<()> {
    let started = Instant::now();
    if classes.is_empty() || classes.iter().any(|&k| !(2..=1 << 16).contains(&k)) {
        anyhow::bail!("--classes must be numbers from 2 to 65536, comma-separated");
    }
    let mut reader = ClusterReader {
        layer: TextLayer::embedded().context("cannot load the text layer")?,
        builder: clusters::CorpusBuilder::default(),
        seen: HashSet::new(),
        duplicates: 0,
        sources: Vec::new(),
    };
    reader.read(corpora)?;
    let sentences = reader.builder.sentences();
    let corpus = reader.builder.finish(min_count);
    eprintln!(
        "{} tokens in {sentences} sentences ({} duplicate texts skipped), {} types; {} words \
         seen at least {min_count} times to cluster ({} rare tokens), read in {:.1} s",
        corpus.tokens,
        reader.duplicates,
        corpus.types,
        corpus.words.len(),
        corpus.rare_tokens,
        started.elapsed().as_secs_f64()
    );
    let bigrams = clusters::Bigrams::new(&corpus.sentences, corpus.words.len());
    let options = clusters::ExchangeOptions {
        max_iterations,
        ..Default::default()
    };
    let mut columns = Vec::new();
    let mut runs = Vec::new();
    for &k in classes {
        eprintln!("clustering into {k} classes ({} threads)", options.threads);
        let mut last = None;
        let ids = clusters::exchange(&bigrams, k, &options, |it| {
            eprintln!(
                "  pass {:>2}: {:>6} words moved ({:.2}%), log-likelihood {:.0}, perplexity {:.1}, {:.1} s",
                it.iteration,
                it.moved,
                100.0 * it.moved as f64 / it.words.max(1) as f64,
                it.log_likelihood,
                it.perplexity,
                it.seconds
            );
            last = Some(*it);
        });
        let last = last.expect("the exchange reports at least once");
        runs.push((k, last));
        columns.push((k, ids));
    }
    let file_name = |p: &PathBuf| {
        let s = p.display().to_string();
        s.strip_prefix("../shared/")
            .map_or(s.clone(), str::to_string)
    };
    let list = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
    let mut header = format!(
        "Word clusters of wirewatch {}, for the entity tagger's features: flat classes learnt by\n\
         the exchange algorithm (class bigram likelihood; crates/eval/src/clusters.rs).\n\
         Made on {} by `wirewatch train clusters --classes {} --min-count {min_count} \
         --max-iterations {max_iterations}`\n\
         from {} tokens in {sentences} sentences (exact duplicate texts skipped: {}):\n",
        env!("CARGO_PKG_VERSION"),
        today(),
        list(classes),
        corpus.tokens,
        reader.duplicates,
    );
    let mut sources = Vec::new();
    sources.extend(corpora.jsonl.iter().map(|p| (p, "JSON lines, field text")));
    sources.extend(corpora.text.iter().map(|p| (p, "plain text")));
    sources.extend(corpora.conll.iter().map(|p| (p, "CoNLL token column")));
    for ((path, kind), (_, docs, tokens)) in sources.iter().zip(&reader.sources) {
        header += &format!(
            "  {}  {tokens} tokens, {docs} documents ({kind})\n",
            file_name(path)
        );
    }
    header += &format!(
        "Text split by the text layer, case kept; tokens of only digits and punctuation are one\n\
         word, <num>. {} words seen at least {min_count} times (of {} types); rarer words are not\n\
         listed. Look a word up as written, then lower-cased.\n",
        corpus.words.len(),
        corpus.types
    );
    for (k, it) in &runs {
        header += &format!(
            "c{k}: {} passes, {} words moved in the last, perplexity {:.1}\n",
            it.iteration, it.moved, it.perplexity
        );
    }
    header += "Format: header row, then `word<TAB>class id at each granularity`, most frequent\n\
               words first; ids are numbered in order of each class's most frequent word.";
    let text = clusters::clusters_tsv(&header, &corpus.words, &columns);
    let check = wirewatch::nlp::clusters::WordClusters::parse(&out.display().to_string(), &text)?;
    std::fs::write(out, &text).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("wrote {} ({} words)", out.display(), check.len());
    outln!(
        "clusters  {}  ({:.2} MB)\n  {} tokens, {} words clustered (min count {min_count}), {:.1} s in all",
        out.display(),
        text.len() as f64 / 1e6,
        corpus.tokens,
        corpus.words.len(),
        started.elapsed().as_secs_f64()
    )?;
    for (k, it) in &runs {
        outln!(
            "  c{k}: {} passes, perplexity {:.1}, {:.1} s",
            it.iteration,
            it.perplexity,
            it.seconds
        )?;
    }
    for (k, ids) in &columns {
        let members = clusters::members(ids, *k);
        outln!("classes of some words at c{k} (the 10 commonest words of each):")?;
        let mut shown = Vec::new();
        for probe in PROBES {
            let Some(w) = corpus.words.iter().position(|w| w == probe) else {
                continue;
            };
            let c = ids[w] as usize;
            if shown.contains(&c) {
                continue;
            }
            shown.push(c);
            let words: Vec<&str> = members[c]
                .iter()
                .take(10)
                .map(|&i| corpus.words[i].as_str())
                .collect();
            outln!(
                "  {c:>4} ({:>5} words)  {}",
                members[c].len(),
                words.join(" ")
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_text_patterns_match_names() {
        assert!(wildcard("*.txt", "001.txt"));
        assert!(wildcard("a*b*c", "a-x-b-y-c"));
        assert!(wildcard("*", "business"));
        assert!(!wildcard("*.txt", "README.TXT"));
        assert!(!wildcard("a*b*c", "a-c-b"));
        assert!(!wildcard("ab*ba", "aba"));
        assert!(wildcard("plain", "plain") && !wildcard("plain", "plains"));
    }
}
