//! The archive: `ingest` reports into a store, then `search`, `show` and `stats` over it.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use wirewatch::{Analysis, Pipeline};
use wirewatch_store::{PutOutcome, Query, SqliteStore, Store};

use crate::input::parse_date;
use crate::reports::{Overrides, Reports, Sink};
use crate::InputKind;

/// The store to use.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArg {
    /// The store: an SQLite file, created if missing.
    #[arg(
        long,
        env = "WIREWATCH_DB",
        default_value = "wirewatch.db",
        value_name = "PATH"
    )]
    db: PathBuf,
}

impl DbArg {
    fn open(&self) -> Result<SqliteStore> {
        SqliteStore::open(&self.db)
            .with_context(|| format!("cannot open the store {}", self.db.display()))
    }
}

/// Flags of `ingest`.
#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Reports to store: text files, .jsonl files, folders of them, or `-` for stdin.
    #[arg(value_name = "SOURCE", required = true)]
    sources: Vec<String>,
    #[command(flatten)]
    db: DbArg,
    /// Reference date of every report (YYYY-MM-DD); overrides the input's own.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<NaiveDate>,
    /// Publisher of every report.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// How to read the inputs.
    #[arg(long = "input", value_enum, default_value_t = InputKind::Auto)]
    input_kind: InputKind,
}

/// Stores each record as it comes, and counts.
struct StoreSink {
    store: SqliteStore,
    stored: usize,
    duplicates: usize,
    started: Instant,
    last_report: Instant,
}

impl Sink for StoreSink {
    fn take(&mut self, source: &str, record: Analysis) -> Result<()> {
        match self.store.put(source, &record)? {
            PutOutcome::Stored => self.stored += 1,
            PutOutcome::Duplicate => self.duplicates += 1,
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.last_report.elapsed().as_secs_f64() >= 1.0 {
            self.last_report = Instant::now();
            let done = self.stored + self.duplicates;
            eprint!(
                "\r{} reports ({} new, {} already stored), {:.0}/s   ",
                done,
                self.stored,
                self.duplicates,
                done as f64 / self.started.elapsed().as_secs_f64()
            );
        }
        Ok(())
    }
}

/// Runs `ingest`.
pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let pipeline = Pipeline::load().context("cannot load the pipeline's data")?;
    let sink = StoreSink {
        store: args.db.open()?,
        stored: 0,
        duplicates: 0,
        started: Instant::now(),
        last_report: Instant::now(),
    };
    let overrides = Overrides {
        published: args.published,
        outlet: args.outlet.clone(),
        ..Overrides::default()
    };
    let mut reports = Reports::new(&pipeline, overrides, args.input_kind, sink);
    for source in &args.sources {
        reports.path(source)?;
    }
    let (sink, summary) = reports.finish()?;
    let secs = sink.started.elapsed().as_secs_f64();
    eprintln!(
        "\rwirewatch: {} reports in {:.1} s ({:.0}/s): {} stored, {} already in {}; {} unreadable file(s), {} bad line(s)",
        summary.analysed,
        secs,
        summary.analysed as f64 / secs.max(1e-9),
        sink.stored,
        sink.duplicates,
        sink.store.path(),
        summary.bad_files,
        summary.bad_lines
    );
    Ok(if summary.failed() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Output formats of `search` and `stats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    /// Aligned text for people.
    Table,
    /// JSON.
    Json,
}

/// Flags of `search`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Full-text query: words (all must match), "a phrase", OR, NOT, prefix*. Empty lists
    /// the newest reports that pass the filters.
    #[arg(default_value = "")]
    query: String,
    #[command(flatten)]
    db: DbArg,
    /// Only reports that name this entity, by canonical name or any alias ("AP" finds the
    /// Associated Press).
    #[arg(long, value_name = "NAME")]
    entity: Option<String>,
    /// Only reports from this outlet.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// Only reports published on or after this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<NaiveDate>,
    /// Only reports published on or before this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<NaiveDate>,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
}

/// Runs `search`.
pub fn search(args: SearchArgs) -> Result<ExitCode> {
    let store = args.db.open()?;
    let query = Query {
        text: args.query.clone(),
        entity: args.entity.clone(),
        outlet: args.outlet.clone(),
        since: args.since.map(|d| d.to_string()),
        until: args.until.map(|d| d.to_string()),
        limit: Some(args.limit),
    };
    let hits = store.search(&query)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &hits)?;
            writeln!(out)?;
        }
        TableFormat::Table => {
            for h in &hits {
                writeln!(
                    out,
                    "{}  {}  {:<20}  {}",
                    &h.doc_id["sha256:".len().min(h.doc_id.len())..][..12.min(h.doc_id.len() - 7)],
                    h.published.as_deref().unwrap_or("          "),
                    h.outlet.as_deref().unwrap_or("—"),
                    h.title.as_deref().unwrap_or(&h.source)
                )?;
                writeln!(out, "    {}", h.snippet)?;
            }
            if hits.is_empty() {
                eprintln!("wirewatch: no report matches");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Flags of `show`.
#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// The document: its id (`sha256:…`) or the first characters of it, as `search` prints.
    doc_id: String,
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::Format::Pretty)]
    format: crate::Format,
}

/// Runs `show`.
pub fn show(args: ShowArgs) -> Result<ExitCode> {
    let store = args.db.open()?;
    let Some(record) = store.get(&args.doc_id)? else {
        eprintln!("wirewatch: no document {} in {}", args.doc_id, store.path());
        return Ok(ExitCode::from(1));
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        crate::Format::Pretty => crate::pretty::write(&mut out, &record)?,
        crate::Format::Json => {
            serde_json::to_writer_pretty(&mut out, &record)?;
            writeln!(out)?;
        }
        crate::Format::Jsonl => {
            serde_json::to_writer(&mut out, &record)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Flags of `stats`.
#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
}

/// Runs `stats`.
pub fn stats(args: StatsArgs) -> Result<ExitCode> {
    let store = args.db.open()?;
    let stats = store.stats()?;
    match args.format {
        TableFormat::Json => println!("{}", serde_json::to_string_pretty(&stats)?),
        TableFormat::Table => {
            println!("store      {}", store.path());
            println!("documents  {}", stats.documents);
            println!("entities   {}", stats.entities);
            println!("mentions   {}", stats.mentions);
            println!("outlets    {}", stats.outlets);
            println!("stories    {}", stats.stories);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Flags of `stories`.
#[derive(clap::Args, Debug)]
pub struct StoriesArgs {
    #[command(flatten)]
    db: DbArg,
    /// Only stories told by at least this many reports.
    #[arg(long, default_value_t = 2)]
    min_reports: usize,
    /// At most this many stories.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
}

/// Runs `stories`.
pub fn stories(args: StoriesArgs) -> Result<ExitCode> {
    let store = args.db.open()?;
    let stories = store.stories(args.min_reports, args.limit)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &stories)?;
            writeln!(out)?;
        }
        TableFormat::Table => {
            writeln!(
                out,
                "{:>7}  {:>7}  {:>7}  {:<23}  headline",
                "story", "reports", "outlets", "dates"
            )?;
            for s in &stories {
                let dates = match (&s.first, &s.last) {
                    (Some(a), Some(b)) if a != b => format!("{a}..{b}"),
                    (Some(a), _) => a.clone(),
                    _ => "—".into(),
                };
                writeln!(
                    out,
                    "{:>7}  {:>7}  {:>7}  {:<23}  {}",
                    s.id, s.reports, s.outlets, dates, s.headline
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
