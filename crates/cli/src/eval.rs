//! `wirewatch eval …`: score components against gold corpora.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use wirewatch::doc::contract::PlaceRecord;
use wirewatch::eval::geo::{self, GeoDoc, SystemToponym};
use wirewatch::eval::quotes::{self, QuoteDoc, SystemQuote};
use wirewatch::eval::timex::{self, TimeDoc, Timex};
use wirewatch::eval::{conll, conllu, dedup, golden, sentences, train};
use wirewatch::nlp::sentences::Gap;
use wirewatch::nlp::TextLayer;
use wirewatch::{Analysis, Input, Pipeline};

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
    /// Named entities on a CoNLL NER file, scored as conlleval scores them.
    ///
    /// Formats: CoNLL-2003 (one token a line, whitespace-separated columns, the token first and
    /// the tag last: `EU NNP I-NP I-ORG`; `-DOCSTART-` lines start documents) and Universal NER
    /// (tab-separated `ID TOKEN TAG …`; `#` comments, `# newdoc` starts a document). A blank line
    /// ends a sentence. Tags are IOB1, IOB2, BIOES or BILOU, detected unless --scheme says.
    ///
    /// The system is the wirewatch pipeline, unless --predicted names a file of predictions. Each
    /// document's sentences are joined into one text (tokens by a space, sentences by a newline)
    /// and analysed, documents in parallel; every entity mention becomes a chunk over the tokens it
    /// touches, typed PERSON → PER, ORG → ORG, GPE and LOC → LOC, NORP, FAC and OTHER → MISC (MISC
    /// is dropped when the gold has none, as in Universal NER).
    ///
    /// Measured, as conlleval.pl prints it: entity-level exact match (same type, same tokens)
    /// precision, recall and F1, overall and per type, the number of chunks found per type, and
    /// token accuracy (the tags themselves, the predictions written in the gold's scheme); then the
    /// counts: correct, predicted and gold chunks per type. `-DOCSTART-` lines are not tokens
    /// (conlleval counts them as tokens when they are in its input).
    ///
    /// Example: wirewatch eval conll ../shared/data/conll2003/eng.testa
    ///
    /// Example: wirewatch eval conll --errors ../shared/data/uner-english-ewt/en_ewt-ud-dev.iob2
    ///
    /// Example: wirewatch eval conll ../shared/data/conll2003/eng.testa --predicted spacy.testa
    Conll {
        /// The gold file.
        file: PathBuf,
        /// After the table, list each entity with the wrong type, wrong boundaries, missed or
        /// spurious, with the tokens around it (gold in […], predicted in {…}).
        #[arg(long)]
        errors: bool,
        /// The tagging scheme (iob1, iob2, bioes, bilou); every tag must fit it. Detected by
        /// default.
        #[arg(long, value_name = "SCHEME")]
        scheme: Option<conll::Scheme>,
        /// Score this file's tags (its last column, or its third in the numbered layout) instead
        /// of the pipeline's: the same sentences and tokens as the gold, in order.
        #[arg(long, value_name = "FILE")]
        predicted: Option<PathBuf>,
    },
    /// Toponyms (geoparsing) against LGL, GeoVirus or GeoWebNews gold: finding them, and placing
    /// them on the map.
    ///
    /// Reads an LGL or GeoVirus .xml file, or a folder of GeoWebNews brat .txt/.ann pairs (or one
    /// .ann); the format is told from the file. Offsets are checked against the stated toponyms
    /// (LGL counts characters from 0, GeoVirus from 1; found per file) and odd ones listed. In
    /// GeoWebNews, toponyms are the paper's literal and associative types (Literal,
    /// Literal_Modifier, Mixed, Coercion, Embedded_Literal; Metonymic, Non_Literal_Modifier,
    /// Demonym, Language, Embedded_Non_Lit, Homonym), not Non_Toponym nor the common-noun
    /// expressions; their notes give a GeoNames id or a point, and the TITLE line is left out of
    /// the text.
    ///
    /// Each document's text is analysed, documents in parallel, and the record's places are the
    /// system's toponyms. Measured: strict (same span) and lenient (overlapping, one to one)
    /// P/R/F1; then, over lenient matches whose gold has coordinates, the great-circle error:
    /// accuracy within 161 km, mean and median km, and the AUC of log errors (Gritta et al.;
    /// 0 best), a place without coordinates counting as 20,039 km. Gold toponyms without
    /// coordinates are scored for recognition only; GeoWebNews gives many only a GeoNames id,
    /// which the pipeline's gazetteer (or --gazetteer) turns into coordinates.
    ///
    /// Example: wirewatch eval geo ../shared/data/geoparsing/Corpora/lgl.xml
    ///
    /// Example: wirewatch eval geo --errors --limit 20 ../shared/data/geoparsing/GeoWebNews
    Geo {
        /// An LGL or GeoVirus .xml file, a brat .ann file, or a folder of .ann/.txt pairs.
        path: PathBuf,
        /// After the table, list each missed, spurious, partly matched, far (over 161 km) and
        /// unresolved toponym, with its context and error; and every oddity of the gold.
        #[arg(long)]
        errors: bool,
        /// Score only the first N documents, in file order.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// A GeoNames table in the dump layout (tab-separated: id, name, ascii name, alternate
        /// names, latitude, longitude, …; e.g. allCountries.txt unzipped) giving coordinates to
        /// gold toponyms that have only a GeoNames id. Without it, the pipeline's own gazetteer
        /// (data/places/gazetteer.tsv) gives them.
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
        /// Read every report without its outlet's home. By default, where the gold names each
        /// report's source (LGL's and GeoVirus's URLs), the reports are read twice: first
        /// alone, then with the home each outlet's first readings point to (the state most
        /// of them name; see `places::homes`), as the store does for the reports it keeps.
        /// No gold goes into the homes. Both readings' figures are printed.
        #[arg(long)]
        no_homes: bool,
    },
    /// Quotes and who said them (attribution) against PolNeAR gold: finding the contents, and
    /// giving them to the right speaker.
    ///
    /// Reads PolNeAR (Political News Attribution Relations): the corpus root, one compartment
    /// (a folder with text/ and attributions/, such as dev), or one .ann or .txt file. The brat
    /// standoff's Source, Cue and Content spans (character offsets, checked against their
    /// stated text) and the attributions tying them are the gold; a document annotated by
    /// several annotators is read from the first annotator in name order. A gold attribution's
    /// kind is derived from the quote marks: its content's words all quoted is direct, some
    /// partial, none indirect.
    ///
    /// Each text is analysed, documents in parallel, and the record's quotes are the system's:
    /// the content span, the kind, the speaker mention and every mention of the speaker entity.
    /// Measured: content P/R/F1, overlapping (one to one, a content in pieces by its hull) and
    /// exact (after trimming quote marks, edge punctuation and a leading "that"), overall and
    /// by kind; speaker accuracy over found attributions with a gold source (right when the
    /// speaker mention, or any mention of the speaker entity, overlaps the gold source, so "he"
    /// resolved to the right person counts); and attributed recall, the headline: the gold
    /// attributions with a source found with the right speaker. Percentages.
    ///
    /// Example: wirewatch eval quotes ../shared/data/polnear/dev
    ///
    /// Example: wirewatch eval quotes --errors --limit 5 ../shared/data/polnear/dev
    Quotes {
        /// The PolNeAR root, a compartment folder (text/ and attributions/), or one .ann or
        /// .txt file.
        path: PathBuf,
        /// After the table, list each missed attribution, false alarm, split quote and wrong or
        /// missing speaker, with its context; and every oddity of the gold.
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
        EvalCommand::Conll {
            file,
            errors,
            scheme,
            predicted,
        } => eval_conll(&file, errors, scheme, predicted.as_deref())?,
        EvalCommand::Geo {
            path,
            errors,
            limit,
            gazetteer,
            no_homes,
        } => eval_geo(&path, errors, limit, gazetteer.as_deref(), !no_homes)?,
        EvalCommand::Quotes {
            path,
            errors,
            limit,
        } => eval_quotes(&path, errors, limit)?,
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

/// `wirewatch eval conll`: reads the gold, gets the predictions (from the pipeline or a file),
/// prints conlleval's table and, with `errors`, the mistakes.
fn eval_conll(
    file: &std::path::Path,
    errors: bool,
    scheme: Option<conll::Scheme>,
    predicted: Option<&std::path::Path>,
) -> Result<()> {
    let started = std::time::Instant::now();
    let read = |path: &std::path::Path, scheme| -> Result<conll::Corpus> {
        let name = path.display().to_string();
        let content =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
        let options = conll::ReadOptions {
            scheme,
            layout: None,
        };
        Ok(conll::read(&name, &content, &options)?)
    };
    let gold = read(file, scheme)?;
    let read_secs = started.elapsed().as_secs_f64();
    let sentences: Vec<&conll::Sentence> = gold.sentences().collect();
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    // The system's name, its tags, and the seconds it took (reading, or analysing).
    let (system, tags, secs): (String, Vec<Vec<String>>, f64) = match predicted {
        Some(path) => {
            let at = std::time::Instant::now();
            let corpus = read(path, None)?;
            let pairs = conll::align(&gold, &corpus, &path.display().to_string())?;
            let tags = pairs.into_iter().map(|(_, t)| t.to_vec()).collect();
            let name = format!("{} (read)", path.display());
            (name, tags, at.elapsed().as_secs_f64())
        }
        None => {
            let at = std::time::Instant::now();
            let pipeline = Pipeline::load().context("cannot load the pipeline")?;
            let loaded = at.elapsed().as_secs_f64();
            let at = std::time::Instant::now();
            let keep_misc = gold.types().contains("MISC");
            let tags = analyze_entities(&pipeline, &gold, keep_misc)
                .into_iter()
                .flatten()
                .collect();
            let name = format!("the wirewatch pipeline (loaded in {loaded:.2} s), analysed");
            (name, tags, at.elapsed().as_secs_f64())
        }
    };
    let pairs: Vec<(&conll::Sentence, &[String])> = sentences
        .iter()
        .copied()
        .zip(tags.iter().map(Vec::as_slice))
        .collect();
    let scores = conll::score(pairs.iter().map(|(s, t)| (s.tags.as_slice(), *t)));
    outln!(
        "conll  {}: {} documents, {} sentences, {tokens} tokens, {} ({}); read in {read_secs:.2} s",
        file.display(),
        gold.documents.len(),
        sentences.len(),
        gold.scheme,
        gold.layout,
    )?;
    outln!(
        "system {system} in {secs:.2} s ({:.0} tokens/s)",
        tokens as f64 / secs.max(1e-9)
    )?;
    outln!("{scores:#}")?;
    if errors {
        let found = conll::confusions(pairs.iter().copied());
        outln!("{found}")?;
    }
    Ok(())
}

/// `wirewatch eval geo`: reads the gold, runs the pipeline over it, prints the table and, with
/// `errors`, the mistakes and every oddity of the gold.
fn eval_geo(
    path: &std::path::Path,
    errors: bool,
    limit: Option<usize>,
    gazetteer: Option<&std::path::Path>,
    homes: bool,
) -> Result<()> {
    let started = std::time::Instant::now();
    let mut corpus = geo::read_path(path)
        .with_context(|| format!("cannot read the gold in {}", path.display()))?;
    if let Some(n) = limit {
        corpus.docs.truncate(n);
    }
    let filled = match gazetteer {
        Some(file) => {
            let name = file.display().to_string();
            let content =
                std::fs::read_to_string(file).with_context(|| format!("cannot read {name}"))?;
            let points = geo::read_geonames_points(&name, &content)?;
            Some((name, points.len(), corpus.fill_coordinates(&points)))
        }
        None => {
            // The product's own gazetteer: GeoNames' countries, admin-1 regions and cities.
            let g = wirewatch::extract::places::gazetteer::Gazetteer::parse(
                wirewatch::extract::resources::GAZETTEER,
            )?;
            let points: std::collections::HashMap<u64, (f64, f64)> = g
                .entries()
                .filter_map(|e| Some((e.id.parse().ok()?, e.point?)))
                .collect();
            let name = format!(
                "{} (the pipeline's own)",
                wirewatch::extract::resources::GAZETTEER.path
            );
            Some((name, points.len(), corpus.fill_coordinates(&points)))
        }
    };
    let read_secs = started.elapsed().as_secs_f64();
    let pipeline = Pipeline::load().context("cannot load the pipeline")?;
    let loaded_secs = started.elapsed().as_secs_f64() - read_secs;
    let at = std::time::Instant::now();
    let outlets: Vec<Option<String>> = corpus
        .docs
        .iter()
        .map(|d| d.url.as_deref().and_then(outlet_of))
        .collect();
    let no_homes = vec![None; corpus.docs.len()];
    let first = analyze_places(&pipeline, &corpus.docs, &no_homes);
    let mut secs = at.elapsed().as_secs_f64();
    let score_of = |system: &[Vec<PlaceRecord>]| {
        let toponyms: Vec<Vec<SystemToponym>> = system.iter().map(|p| system_toponyms(p)).collect();
        geo::score(
            corpus
                .docs
                .iter()
                .zip(&toponyms)
                .map(|(d, s)| (d, s.as_slice())),
        )
    };
    let learned = if homes {
        wirewatch::extract::places::homes::learn(
            outlets
                .iter()
                .zip(&first)
                .filter_map(|(o, places)| Some((o.as_deref()?, places.as_slice()))),
        )
    } else {
        Default::default()
    };
    let (scores, without) = if learned.is_empty() {
        (score_of(&first), None)
    } else {
        let at = std::time::Instant::now();
        let doc_homes: Vec<Option<String>> = outlets
            .iter()
            .map(|o| o.as_ref().and_then(|o| learned.get(o)).cloned())
            .collect();
        let second = analyze_places(&pipeline, &corpus.docs, &doc_homes);
        secs += at.elapsed().as_secs_f64();
        (score_of(&second), Some(score_of(&first)))
    };

    outln!(
        "geo  {}: {}, {} docs, offsets in {}; read in {read_secs:.2} s",
        path.display(),
        corpus.format,
        corpus.docs.len(),
        corpus.offsets
    )?;
    if let Some((name, points, filled)) = &filled {
        outln!(
            "  coordinates for {filled} GeoNames-id-only toponyms from {name} ({points} points)"
        )?;
    }
    if !corpus.not_toponyms.is_empty() {
        let kinds: Vec<String> = corpus
            .not_toponyms
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        outln!("  not toponyms, not scored: {}", kinds.join(", "))?;
    }
    outln!(
        "  gold oddities: {}{}",
        corpus.anomalies.len(),
        oddities_shown(corpus.anomalies.len(), errors)
    )?;
    let known: std::collections::HashSet<&str> =
        outlets.iter().flatten().map(|o| o.as_str()).collect();
    if let Some(without) = &without {
        let acc = |s: &geo::GeoScores| s.geocoding().map_or(0.0, |g| g.accuracy());
        outln!(
            "  outlet homes: {} of {} outlets, learned from the first reading's places (no gold); \
             read alone: lenient F1 {:.2}, acc@161 {:.2}; with homes, below",
            learned.len(),
            known.len(),
            100.0 * without.lenient.f1(),
            100.0 * acc(without),
        )?;
    }
    report_run(
        &corpus.anomalies,
        errors,
        (loaded_secs, secs, corpus.docs.len()),
        &scores,
        &scores.mistakes,
    )
}

/// An outlet as a URL's host, without "www." ("thetowntalk.com").
fn outlet_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

/// How many of the gold's oddities a run lists without --errors.
const ANOMALIES_SHOWN: usize = 5;

/// " (the first 5; --errors lists all)" when a run lists only some of the gold's oddities.
fn oddities_shown(count: usize, errors: bool) -> String {
    if count > ANOMALIES_SHOWN && !errors {
        format!(" (the first {ANOMALIES_SHOWN}; --errors lists all)")
    } else {
        String::new()
    }
}

/// What every scored run prints after the gold's counts: its oddities (all with --errors),
/// the pipeline's load and analysis times, the table and, with --errors, each mistake.
fn report_run(
    anomalies: &[impl std::fmt::Display],
    errors: bool,
    (loaded_secs, secs, docs): (f64, f64, usize),
    table: &dyn std::fmt::Display,
    mistakes: &[impl std::fmt::Display],
) -> Result<()> {
    let shown = if errors { usize::MAX } else { ANOMALIES_SHOWN };
    for a in anomalies.iter().take(shown) {
        outln!("    {a}")?;
    }
    outln!(
        "system the wirewatch pipeline (loaded in {loaded_secs:.2} s), analysed in {secs:.2} s \
         ({:.0} docs/s)",
        docs as f64 / secs.max(1e-9)
    )?;
    outln!("{table}")?;
    if errors {
        outln!()?;
        for m in mistakes {
            outln!("{m}")?;
        }
    }
    Ok(())
}

/// `wirewatch eval quotes`: reads the gold, runs the pipeline over it, prints the gold's counts
/// and the table and, with `errors`, the mistakes and every oddity of the gold.
fn eval_quotes(path: &std::path::Path, errors: bool, limit: Option<usize>) -> Result<()> {
    let started = std::time::Instant::now();
    let mut corpus = quotes::read_path(path)
        .with_context(|| format!("cannot read the gold in {}", path.display()))?;
    let read_docs = corpus.docs.len();
    if let Some(n) = limit {
        corpus.docs.truncate(n);
    }
    // With --limit, the file counts below are of everything read, the rest of what is scored.
    let docs = if corpus.docs.len() < read_docs {
        format!("{} of {read_docs} docs scored (--limit)", corpus.docs.len())
    } else {
        format!("{read_docs} docs")
    };
    let read_secs = started.elapsed().as_secs_f64();
    let pipeline = Pipeline::load().context("cannot load the pipeline")?;
    let loaded_secs = started.elapsed().as_secs_f64() - read_secs;
    let at = std::time::Instant::now();
    let system = analyze_quotes(&pipeline, &corpus.docs);
    let secs = at.elapsed().as_secs_f64();
    let scores = quotes::score(
        corpus
            .docs
            .iter()
            .zip(&system)
            .map(|(d, s)| (d, s.as_slice())),
    );

    outln!(
        "quotes  {}: PolNeAR brat standoff, {docs} ({} annotation files read, {} other \
         annotators' files of the same texts not used), offsets in characters; read in \
         {read_secs:.2} s",
        path.display(),
        corpus.annotation_files,
        corpus.other_annotations
    )?;
    let counts = corpus.counts_by_kind();
    let kinds: Vec<String> = counts
        .iter()
        .map(|(kind, (with, without))| format!("{kind} {} ({with} with a source)", with + without))
        .collect();
    outln!(
        "  gold attributions: {} ({}); {} with a content in pieces; {} without a content, not \
         scored",
        corpus.attributions().count(),
        kinds.join(", "),
        corpus.discontinuous(),
        corpus.no_content
    )?;
    if !corpus.other_spans.is_empty() {
        let other: Vec<String> = corpus
            .other_spans
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        outln!("  not attributions, not scored: {}", other.join(", "))?;
    }
    outln!(
        "  spans checked against their text: {}, {} do not slice to it; gold oddities: {}{}",
        corpus.spans,
        corpus.mismatches,
        corpus.anomalies.len(),
        oddities_shown(corpus.anomalies.len(), errors)
    )?;
    report_run(
        &corpus.anomalies,
        errors,
        (loaded_secs, secs, corpus.docs.len()),
        &scores,
        &scores.mistakes,
    )
}

/// Each document's quotes as the pipeline finds them, documents in parallel, with progress on
/// stderr once it takes a while. Only the text is given: the quotes layer needs no date.
fn analyze_quotes(pipeline: &Pipeline, docs: &[QuoteDoc]) -> Vec<Vec<SystemQuote>> {
    in_parallel("quotes", docs, |doc| {
        system_quotes(&pipeline.analyze(Input::text(doc.text.clone())))
    })
}

/// A record's quotes in the scorer's terms. The speaker's mentions are all of its entity's,
/// and the quote's own speaker mention, so a speaker found through "he" is judged by who "he"
/// is. A quote that goes on with another (`continues`, a quote split by its cue) is one more
/// piece of the quote it continues, as PolNeAR's contents are.
fn system_quotes(record: &Analysis) -> Vec<SystemQuote> {
    let at: std::collections::HashMap<&str, usize> = record
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    // The first piece of each quote's chain.
    let root = |mut i: usize| {
        for _ in 0..record.quotes.len() {
            match record.quotes[i]
                .continues
                .as_deref()
                .and_then(|c| at.get(c))
            {
                Some(&j) if j != i => i = j,
                _ => break,
            }
        }
        i
    };
    let mut pieces: Vec<Vec<(usize, usize)>> = vec![Vec::new(); record.quotes.len()];
    for (i, q) in record.quotes.iter().enumerate() {
        pieces[root(i)].push((q.start, q.end));
    }
    record
        .quotes
        .iter()
        .enumerate()
        .filter(|(i, _)| !pieces[*i].is_empty())
        .map(|(i, q)| (pieces[i].clone(), q))
        .map(|(content, q)| {
            let entity = q
                .speaker
                .as_deref()
                .and_then(|id| record.entities.iter().find(|e| e.id == id));
            let mention = q.speaker_mention.as_ref().map(|m| (m.start, m.end));
            let mut mentions: Vec<(usize, usize)> = entity
                .map(|e| e.mentions.iter().map(|m| (m.start, m.end)).collect())
                .unwrap_or_default();
            mentions.extend(mention);
            SystemQuote {
                content,
                kind: Some(q.kind.clone()),
                speaker: q.speaker.as_ref().map(|id| match entity {
                    Some(e) => format!("{id} {}", e.name),
                    None => id.clone(),
                }),
                speaker_mention: mention,
                speaker_mentions: mentions,
            }
        })
        .collect()
}

/// Each document's places as the pipeline finds them, each with its outlet's home when it
/// has one; documents in parallel, with progress on stderr once it takes a while. The gold has
/// no reliable dates (LGL's are download times), so only the text is given.
fn analyze_places(
    pipeline: &Pipeline,
    docs: &[GeoDoc],
    homes: &[Option<String>],
) -> Vec<Vec<PlaceRecord>> {
    let pairs: Vec<(&GeoDoc, &Option<String>)> = docs.iter().zip(homes).collect();
    in_parallel("geo", &pairs, |(doc, home)| {
        pipeline
            .analyze(Input {
                home: (*home).clone(),
                ..Input::text(doc.text.clone())
            })
            .places
    })
}

/// A record's places as the geo scorer takes them.
fn system_toponyms(places: &[PlaceRecord]) -> Vec<SystemToponym> {
    places
        .iter()
        .map(|p| SystemToponym {
            start: p.start,
            end: p.end,
            lat: p.lat,
            lon: p.lon,
            geonames_id: p
                .gazetteer_id
                .as_deref()
                .and_then(|id| id.strip_prefix("geonames:"))
                .and_then(|id| id.parse().ok()),
        })
        .collect()
}

/// `work` over every document, in parallel, in order, with progress on stderr once it takes
/// a while (`what: N of M documents analysed`).
fn in_parallel<D: Sync, T: Send>(what: &str, docs: &[D], work: impl Fn(&D) -> T + Sync) -> Vec<T> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    const REPORT_EVERY_SECS: u64 = 5;
    let started = std::time::Instant::now();
    let (done, reported) = (AtomicUsize::new(0), AtomicU64::new(0));
    docs.par_iter()
        .map(|doc| {
            let out = work(doc);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            let tick = started.elapsed().as_secs() / REPORT_EVERY_SECS;
            // Only the thread that moves the tick on prints, so lines do not repeat.
            if tick > 0 && reported.fetch_max(tick, Ordering::Relaxed) < tick {
                eprintln!("{what}: {n} of {} documents analysed", docs.len());
            }
            out
        })
        .collect()
}

/// The record type of an entity as a CoNLL type; `None` drops it. The one place to change the
/// mapping.
fn conll_type(record_type: &str) -> Option<&'static str> {
    match record_type {
        "PERSON" => Some("PER"),
        "ORG" => Some("ORG"),
        "GPE" | "LOC" => Some("LOC"),
        "NORP" | "FAC" | "OTHER" => Some("MISC"),
        _ => None,
    }
}

/// The pipeline's entities as tags in the gold's scheme: for each document, a list of tag
/// sequences, one a sentence.
///
/// Each document is analysed whole, as one text (tokens joined by a space, sentences by a
/// newline), so components that look at a report's start or at neighbouring sentences see
/// them; documents run in parallel. Record offsets are characters, so each token's character
/// span is known from the joining. A mention becomes a chunk over every token it touches, in
/// the sentence where it starts (clipped to that sentence); of overlapping mentions the one that
/// starts first (then the longer) wins.
fn analyze_entities(
    pipeline: &Pipeline,
    gold: &conll::Corpus,
    keep_misc: bool,
) -> Vec<Vec<Vec<String>>> {
    in_parallel("conll", &gold.documents, |doc| {
        // (sentence, token, first char, one past the last char), in text order.
        let mut spans = Vec::new();
        let mut text = String::new();
        let mut at = 0usize;
        for (si, sentence) in doc.sentences.iter().enumerate() {
            if si > 0 {
                text.push('\n');
                at += 1;
            }
            for (ti, token) in sentence.tokens.iter().enumerate() {
                if ti > 0 {
                    text.push(' ');
                    at += 1;
                }
                text.push_str(token);
                let len = token.chars().count();
                spans.push((si, ti, at, at + len));
                at += len;
            }
        }
        let record = pipeline.analyze(Input::text(text));
        let mut chunks: Vec<Vec<conll::Chunk>> = vec![Vec::new(); doc.sentences.len()];
        for entity in &record.entities {
            let Some(kind) = conll_type(&entity.kind) else {
                continue;
            };
            if kind == "MISC" && !keep_misc {
                continue;
            }
            // CoNLL marks names only: not "the general", not "he".
            for m in entity.mentions.iter().filter(|m| m.kind == "name") {
                let first = spans.partition_point(|s| s.3 <= m.start);
                let Some(&(si, start, ..)) = spans.get(first) else {
                    continue;
                };
                if spans[first].2 >= m.end {
                    continue; // the mention lies in the space before the token
                }
                let end = spans[first..]
                    .iter()
                    .take_while(|s| s.0 == si && s.2 < m.end)
                    .last()
                    .map_or(start + 1, |s| s.1 + 1);
                chunks[si].push(conll::Chunk {
                    kind: kind.to_string(),
                    start,
                    end,
                });
            }
        }
        doc.sentences
            .iter()
            .zip(chunks)
            .map(|(sentence, c)| conll::encode(&c, sentence.tokens.len(), gold.scheme))
            .collect()
    })
}

/// Each document's times as the pipeline finds them, its creation time given as the reference
/// date; documents in parallel, with progress on stderr once it takes a while.
fn analyze_times(pipeline: &Pipeline, docs: &[TimeDoc]) -> Vec<Vec<Timex>> {
    in_parallel("timeml", docs, |doc| {
        pipeline
            .analyze(Input {
                published: Some(doc.dct),
                ..Input::text(doc.text.clone())
            })
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
