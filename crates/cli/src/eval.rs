//! `wirewatch eval …`: score components against gold corpora.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use wirewatch::eval::timex::{self, TimeDoc, Timex};
use wirewatch::eval::{conllu, dedup, golden, sentences, train};
use wirewatch::nlp::sentences::Gap;
use wirewatch::nlp::TextLayer;
use wirewatch::{Input, Pipeline};

/// The eval subcommands.
#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    /// Sentence boundaries on a CoNLL-U file (CoNLL 2018 "Sentences": exact-span P/R/F1).
    ///
    /// The raw text is built as the CoNLL 2018 shared task built it: sentences of a paragraph
    /// joined by one space, paragraphs by a blank line.
    ///
    /// Example: wirewatch eval sentences ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu
    Sentences {
        /// The CoNLL-U file.
        file: PathBuf,
        /// List each missed and spurious sentence.
        #[arg(long)]
        errors: bool,
    },
    /// HTML to article text on the article-extraction benchmark: 4-token shingle P/R/F1
    /// averaged over pages, as the benchmark's own evaluate.py computes them.
    ///
    /// Example: wirewatch eval extract ../shared/data/article-extraction
    Extract {
        /// The benchmark folder (html/*.html.gz and ground-truth.json).
        dir: PathBuf,
    },
    /// Near-duplicate stories on a folder of reports: pairwise precision and recall.
    ///
    /// Exact copies in the folder are one story; every N-th report also gets an edited copy
    /// (dateline and credit added, last sentence dropped, a few words changed).
    ///
    /// Example: wirewatch eval dedup ../shared/corpus/bbc-news
    Dedup {
        /// A folder of .txt reports (searched recursively).
        dir: PathBuf,
        /// Make an edited copy of every N-th report (0: none).
        #[arg(long, default_value_t = 10)]
        every: usize,
        /// List the wrong and missed pairs.
        #[arg(long)]
        errors: bool,
    },
    /// Time expressions (TIMEX3) against TimeML or MEANTIME gold, scored as TempEval-3 scores
    /// them.
    ///
    /// Reads TimeML .tml files (TempEval-3's TBAQ-cleaned: TimeBank and AQUAINT; the text is the
    /// <TEXT> element without its tags) and NewsReader MEANTIME CAT .xml files (<Document> roots;
    /// the text is rebuilt from the tokens, one line per sentence): one file, or every such file
    /// under a folder. Each document is analysed with its creation time as the reference date, and
    /// the record's times are matched with the gold TIMEX3s of the text. Measured: strict (same
    /// span) and relaxed (overlapping, one to one) P/R/F1; then type, value and mod on the relaxed
    /// matches, as P/R/F1 (correct attribute over the system's and the gold's counts) and as
    /// accuracy (over the relaxed matches). Value F1 is TempEval-3's headline figure. Percentages.
    ///
    /// Example: wirewatch eval timeml ../shared/data/tempeval3/TBAQ-cleaned
    ///
    /// Example: wirewatch eval timeml --errors ../shared/data/meantime/intra-doc_annotation
    Timeml {
        /// A .tml file, a MEANTIME .xml file, or a folder of them (searched recursively).
        path: PathBuf,
        /// After the table, list each missed, spurious, partly matched and mis-normalised
        /// expression, with its context.
        #[arg(long)]
        errors: bool,
        /// Score only the first N documents, in path order.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// The sentence-boundary "golden rules" (pySBD's English list): pass rate and failures.
    ///
    /// Example: wirewatch eval golden-rules tests/cases/sentences/golden_rules.toml
    GoldenRules {
        /// The TOML case file.
        #[arg(default_value = "tests/cases/sentences/golden_rules.toml")]
        file: PathBuf,
    },
}

/// Runs an eval subcommand.
pub fn run(cmd: EvalCommand) -> Result<ExitCode> {
    let layer = TextLayer::embedded().context("cannot load the text layer")?;
    match cmd {
        EvalCommand::Sentences { file, errors } => {
            let name = file.display().to_string();
            let content =
                std::fs::read_to_string(&file).with_context(|| format!("cannot read {name}"))?;
            let gold = conllu::read(&name, &content)?;
            let predicted = train::segment(&layer, &gold.text);
            let score = sentences::score(&gold.text, &gold.sentences, &predicted);
            if errors {
                let gold_ends: std::collections::HashSet<usize> =
                    gold.sentences.iter().map(|r| r.end).collect();
                let pred_ends: std::collections::HashSet<usize> =
                    predicted.iter().map(|r| r.end).collect();
                let context = |at: usize| {
                    let mut a = at.saturating_sub(40);
                    while !gold.text.is_char_boundary(a) {
                        a -= 1;
                    }
                    let mut b = (at + 40).min(gold.text.len());
                    while !gold.text.is_char_boundary(b) {
                        b += 1;
                    }
                    format!(
                        "{:>40} | {}",
                        &gold.text[a..at].replace('\n', "¶"),
                        &gold.text[at..b].replace('\n', "¶")
                    )
                };
                let mut ends: Vec<(usize, &str)> = gold_ends
                    .difference(&pred_ends)
                    .map(|&e| (e, "no-split"))
                    .collect();
                ends.extend(pred_ends.difference(&gold_ends).map(|&e| (e, "bad-split")));
                ends.sort();
                // Who decided each gap: a rule, or the model (where the rules let it).
                let (norm, tokens) = layer.tokenize(&gold.text);
                let cx = layer.context(&norm.text, &tokens);
                let token_ends: Vec<usize> = tokens
                    .iter()
                    .map(|t| norm.to_original(t.span).end as usize)
                    .collect();
                for (at, what) in ends {
                    let by = match token_ends.binary_search(&at) {
                        Ok(i) => match cx.gap(i) {
                            Gap::Candidate => "model",
                            Gap::Inside | Gap::Boundary => "rule",
                        },
                        Err(_) => "token",
                    };
                    outln!("{what:<9} {by:<5} {}", context(at))?;
                }
                for r in &score.missed {
                    outln!("missed   {:?}", &gold.text[r.clone()])?;
                }
                for r in &score.spurious {
                    outln!("spurious {:?}", &gold.text[r.clone()])?;
                }
            }
            outln!("sentences  {name}")?;
            outln!("  {}", score.prf)?;
        }
        EvalCommand::Extract { dir } => {
            let started = std::time::Instant::now();
            let report = wirewatch_ingest::benchmark::evaluate(&dir, |html| {
                wirewatch_ingest::html::extract_text(html, None)
            })
            .with_context(|| format!("cannot read the benchmark in {}", dir.display()))?;
            let secs = started.elapsed().as_secs_f64();
            outln!(
                "extract  {}: {} pages, {:.2} s",
                dir.display(),
                report.pages.len(),
                secs
            )?;
            outln!(
                "  P {:.4}  R {:.4}  F1 {:.4}  accuracy {:.4}  (mean per-page F1 {:.4}; {} empty)",
                report.precision,
                report.recall,
                report.f1,
                report.accuracy,
                report.mean_page_f1,
                report.empty_predictions
            )?;
        }
        EvalCommand::Dedup { dir, every, errors } => {
            let mut texts = Vec::new();
            collect_txt(&dir, &mut texts)?;
            let set = dedup::DedupSet::build(texts, every);
            let started = std::time::Instant::now();
            let score = dedup::score(&set);
            let secs = started.elapsed().as_secs_f64();
            if errors {
                let head = |i: usize| {
                    set.texts[i]
                        .chars()
                        .take(70)
                        .collect::<String>()
                        .replace('\n', " ")
                };
                for &(a, b) in &score.false_pairs {
                    outln!("wrong   {:?}\n        {:?}", head(a), head(b))?;
                }
                for &(a, b) in &score.missed_pairs {
                    outln!("missed  {:?}\n        {:?}", head(a), head(b))?;
                }
            }
            outln!(
                "dedup  {}: {} reports ({} exact copies, {} edited copies made), {:.2} s",
                dir.display(),
                set.texts.len(),
                set.exact,
                set.edited,
                secs
            )?;
            outln!("  pairs {}", score.prf)?;
        }
        EvalCommand::Timeml {
            path,
            errors,
            limit,
        } => {
            let started = std::time::Instant::now();
            let mut docs = timex::read_path(&path)
                .with_context(|| format!("cannot read the gold in {}", path.display()))?;
            if let Some(n) = limit {
                docs.truncate(n);
            }
            let read_secs = started.elapsed().as_secs_f64();
            let pipeline = Pipeline::load().context("cannot load the pipeline")?;
            let system = analyze_times(&pipeline, &docs);
            let secs = started.elapsed().as_secs_f64();
            let scores = timex::score(docs.iter().zip(&system).map(|(d, s)| (d, s.as_slice())));
            outln!(
                "timeml  {}: read in {read_secs:.2} s, analysed in {:.2} s",
                path.display(),
                secs - read_secs
            )?;
            outln!("{scores}")?;
            if errors {
                outln!()?;
                for m in &scores.mistakes {
                    outln!("{m}")?;
                }
            }
        }
        EvalCommand::GoldenRules { file } => {
            let name = file.display().to_string();
            let content =
                std::fs::read_to_string(&file).with_context(|| format!("cannot read {name}"))?;
            let cases = golden::parse(&name, &content).map_err(anyhow::Error::msg)?;
            let outcomes = golden::run(&cases, |text| {
                train::segment(&layer, text)
                    .into_iter()
                    .map(|r| text[r].to_string())
                    .collect()
            });
            let passed = outcomes.iter().filter(|o| o.passed()).count();
            for o in outcomes.iter().filter(|o| !o.passed()) {
                outln!(
                    "FAIL {}\n  text     {:?}\n  expected {:?}\n  got      {:?}",
                    o.case.name,
                    o.case.text,
                    o.case.sentences,
                    o.got
                )?;
            }
            outln!(
                "golden rules  {name}\n  passed {passed} of {} ({:.1} %)",
                outcomes.len(),
                100.0 * passed as f64 / outcomes.len().max(1) as f64
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Each document's times as the pipeline finds them, its creation time given as the reference
/// date; documents in parallel, with progress on stderr once it takes a while.
fn analyze_times(pipeline: &Pipeline, docs: &[TimeDoc]) -> Vec<Vec<Timex>> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    const REPORT_EVERY_SECS: u64 = 5;
    let started = std::time::Instant::now();
    let (done, reported) = (AtomicUsize::new(0), AtomicU64::new(0));
    docs.par_iter()
        .map(|doc| {
            let record = pipeline.analyze(Input {
                published: Some(doc.dct),
                ..Input::text(doc.text.clone())
            });
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            let tick = started.elapsed().as_secs() / REPORT_EVERY_SECS;
            // Only the thread that moves the tick on prints, so lines do not repeat.
            if tick > 0 && reported.fetch_max(tick, Ordering::Relaxed) < tick {
                eprintln!("timeml: {n} of {} documents analysed", docs.len());
            }
            record
                .times
                .into_iter()
                .map(|t| Timex {
                    start: t.start,
                    end: t.end,
                    kind: t.kind,
                    value: t.value,
                    mod_: t.modifier,
                })
                .collect()
        })
        .collect()
}

/// Every .txt file under `dir`, in path order.
fn collect_txt(dir: &std::path::Path, texts: &mut Vec<String>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_txt(&path, texts)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(())
}
