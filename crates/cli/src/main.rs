//! The `wirewatch` command: flags and glue over the library crates.

/// `println!` that returns an error (such as a closed pipe) instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod analyze;
mod archive;
mod area_centre;
mod bench;
mod build;
mod eval;
mod extract;
mod first_names;
mod follow;
mod gazetteer;
mod input;
mod pretty;
mod reports;
mod train;
mod train_attributions;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

const ABOUT: &str =
    "wirewatch turns news reports into sourced, structured facts: the dateline, the outlet \
that published a report and the outlets it relays, sentences and tokens with offsets into the \
original text — and, as the project grows, who said what, where and when.";

const EXAMPLES: &str = "\
Examples:
  wirewatch analyze --published 2015-01-16 examples/sputnik-2015-01-16-is-recruitment.txt
  wirewatch analyze --format pretty report.txt
  cat reports.jsonl | wirewatch analyze --input jsonl --format jsonl > records.jsonl
  echo 'KABUL, Afghanistan (AP) — Talks resumed.' | wirewatch analyze -
  wirewatch ingest --db news.db ../shared/corpus/wikinews-en/articles.jsonl
  wirewatch search --db news.db 'ceasefire' --entity Reuters --since 2008-01-01
  wirewatch show --db news.db 5f3a9c01b2d4
  wirewatch eval sentences ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu
  wirewatch bench ../shared/corpus";

/// Command-line interface.
#[derive(Parser, Debug)]
#[command(name = "wirewatch", version, about = ABOUT, after_help = EXAMPLES, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyse reports and print one analysis record (contract v1) per report.
    #[command(after_help = analyze::HELP)]
    Analyze(analyze::Args),
    /// HTML pages to article text, or to JSON with the page's title, date, site and URL.
    Extract(extract::Args),
    /// Analyse reports and keep them in a store (an SQLite file) for searching.
    Ingest(archive::IngestArgs),
    /// Poll RSS/Atom feeds and store their new items, remembering what was seen.
    Follow(follow::Args),
    /// Search the stored reports: full text, entities (through aliases), outlets, dates.
    Search(archive::SearchArgs),
    /// Print one stored report's analysis record.
    Show(archive::ShowArgs),
    /// Count what the store holds.
    Stats(archive::StatsArgs),
    /// What the store knows of an entity: aliases, reports, who it is named with, timeline.
    Entity(archive::EntityArgs),
    /// Re-run the current pipeline over every stored report (after an upgrade).
    Reanalyze(archive::ReanalyzeArgs),
    /// Stream stored records (JSON lines) or one layer's rows (CSV, JSON lines, or GeoJSON for places), filtered
    /// like search.
    Export(archive::ExportArgs),
    /// Who said what in the stored reports, with the chain that relayed it, newest first.
    #[command(after_help = archive::QUOTES_HELP)]
    Quotes(archive::QuotesArgs),
    /// List stories: reports and their near-duplicates (wire copies, re-publications), with
    /// how many reports and distinct outlets tell each.
    Stories(archive::StoriesArgs),
    /// Score a component against a gold corpus.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Train a model from a gold corpus (writes a file under data/models/).
    #[command(subcommand)]
    Train(train::TrainCommand),
    /// Measure the speed and memory of the text layer and the pipeline on a folder of news.
    Bench(bench::Args),
    /// Build data files from outside sources (writes files under data/).
    #[command(subcommand)]
    Build(build::BuildCommand),
    /// The places layer's gazetteer: build it from GeoNames and the hand-kept files.
    #[command(subcommand)]
    Gazetteer(gazetteer::GazetteerCommand),
}

/// Output formats of `analyze`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Indented JSON, one object per report.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// For people: the document, then each layer with its evidence.
    Pretty,
}

/// Input kinds of `analyze`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// By extension: `.jsonl` is JSON lines, anything else is text.
    Auto,
    /// Each file (or stdin) is one report.
    Text,
    /// Each line is `{"text", "published", "url", "title", "outlet"}`.
    Jsonl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => archive::ingest(args),
        Command::Follow(args) => follow::run(args),
        Command::Search(args) => archive::search(args),
        Command::Show(args) => archive::show(args),
        Command::Stats(args) => archive::stats(args),
        Command::Stories(args) => archive::stories(args),
        Command::Entity(args) => archive::entity(args),
        Command::Reanalyze(args) => archive::reanalyze(args),
        Command::Export(args) => archive::export(args),
        Command::Quotes(args) => archive::quotes(args),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Train(cmd) => train::run(cmd),
        Command::Bench(args) => bench::run(args),
        Command::Build(cmd) => build::run(cmd),
        Command::Gazetteer(cmd) => gazetteer::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("wirewatch: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed stdout (`wirewatch analyze … | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Default location of development data, relative to the repository.
pub fn shared_data(rel: &str) -> PathBuf {
    PathBuf::from("../shared/data").join(rel)
}
