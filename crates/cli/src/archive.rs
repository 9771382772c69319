//! The archive: `ingest` reports into a store, then `search`, `show`, `stats` and `quotes`
//! over it.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use wirewatch::{Analysis, Pipeline};
use wirewatch_store::{
    quote_chain, Kind, Near, NearError, PutOutcome, Query, QuoteHit, QuoteQuery, SqliteStore, Store,
};

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
    /// Opens the store.
    pub fn open(&self) -> Result<SqliteStore> {
        SqliteStore::open(&self.db)
            .with_context(|| format!("cannot open the store {}", self.db.display()))
    }
}

/// Flags of `ingest`.
#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Reports to store: files (.txt, .html, .json, .jsonl, gzipped or not), folders of them,
    /// http(s) URLs of pages or feeds, or `-` for stdin.
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
    #[arg(long, value_name = "AREA", help = crate::reports::HOME_HELP)]
    home: Option<String>,
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
    progress: indicatif::ProgressBar,
    /// Outlets' homes learned from the store, for one batch.
    homes: HashMap<String, Option<String>>,
}

/// A progress line on stderr: counts and rate (hidden when stderr is not a terminal).
fn progress_bar(total: Option<u64>) -> indicatif::ProgressBar {
    let bar = match total {
        Some(n) => indicatif::ProgressBar::new(n),
        None => indicatif::ProgressBar::new_spinner(),
    };
    let template = if total.is_some() {
        "{bar:30} {pos}/{len} reports, {per_sec}, {eta} left {msg}"
    } else {
        "{spinner} {pos} reports, {per_sec} {msg}"
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
    bar
}

impl Sink for StoreSink {
    fn take(&mut self, source: &str, record: Analysis) -> Result<()> {
        match self.store.put(source, &record)? {
            PutOutcome::Stored => self.stored += 1,
            PutOutcome::Duplicate => self.duplicates += 1,
        }
        self.progress.inc(1);
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.progress.set_message(format!(
            "({} new, {} already stored)",
            self.stored, self.duplicates
        ));
        self.homes.clear();
        Ok(())
    }

    fn home(&mut self, outlet: &str) -> Result<Option<String>> {
        learned_home(&self.store, &mut self.homes, outlet)
    }
}

/// An outlet's home as its stored reports show it (`places::homes`), looked up once a batch.
pub(crate) fn learned_home(
    store: &dyn Store,
    cache: &mut HashMap<String, Option<String>>,
    outlet: &str,
) -> Result<Option<String>> {
    if let Some(home) = cache.get(outlet) {
        return Ok(home.clone());
    }
    use wirewatch::extract::places::homes::{home as home_of, Named};
    let seen = store.outlet_states(outlet)?;
    let named: Vec<Named> = seen
        .states
        .iter()
        .map(|s| Named {
            state: &s.state,
            country: &s.country,
            reports: s.reports,
            by_division: s.by_division,
        })
        .collect();
    let home = home_of(seen.reports, &named);
    cache.insert(outlet.to_string(), home.clone());
    Ok(home)
}

/// Runs `ingest`.
pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let pipeline = Pipeline::load().context("cannot load the pipeline's data")?;
    let sink = StoreSink {
        store: args.db.open()?,
        stored: 0,
        duplicates: 0,
        started: Instant::now(),
        progress: progress_bar(None),
        homes: HashMap::new(),
    };
    let overrides = Overrides {
        published: args.published,
        outlet: args.outlet.clone(),
        home: args.home.clone(),
        ..Overrides::default()
    };
    let mut reports = Reports::new(&pipeline, overrides, args.input_kind, sink);
    for source in &args.sources {
        reports.path(source)?;
    }
    let (sink, summary) = reports.finish()?;
    sink.progress.finish_and_clear();
    let secs = sink.started.elapsed().as_secs_f64();
    eprintln!(
        "wirewatch: {} reports in {:.1} s ({:.0}/s): {} stored, {} already in {}; {} unreadable file(s), {} bad line(s)",
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

/// The filters `search` and `export` share.
#[derive(clap::Args, Debug, Clone)]
pub struct Filters {
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
    /// Only reports with a place in this country (ISO 3166-1 alpha-2, e.g. AF).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Only reports with a resolved place within KM kilometres (great-circle) of the point
    /// LAT,LON in decimal degrees: 34.5,69.2,100 is 100 km around Kabul.
    #[arg(long, value_name = "LAT,LON,KM", value_parser = parse_near, allow_hyphen_values = true)]
    near: Option<Near>,
}

/// Reads `--near LAT,LON,KM`.
fn parse_near(s: &str) -> Result<Near, NearError> {
    s.parse()
}

impl Filters {
    /// True when any filter is set.
    fn any(&self) -> bool {
        self.entity.is_some()
            || self.outlet.is_some()
            || self.since.is_some()
            || self.until.is_some()
            || self.country.is_some()
            || self.near.is_some()
    }

    /// The store query for these filters.
    fn query(&self, text: String, kind: Kind, limit: usize) -> Query {
        Query {
            text,
            entity: self.entity.as_deref().map(canonical_actor),
            outlet: self.outlet.clone(),
            since: self.since.map(|d| d.to_string()),
            until: self.until.map(|d| d.to_string()),
            country: self.country.clone(),
            near: self.near,
            kind,
            limit: Some(limit),
        }
    }
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
    #[command(flatten)]
    filters: Filters,
    /// What to list: reports, or the quotes, events, places or times in them.
    #[arg(long, value_enum, default_value_t = KindArg::Doc)]
    kind: KindArg,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
}

/// What `search` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Reports.
    Doc,
    /// Quotes in the matching reports.
    Quote,
    /// Events in the matching reports.
    Event,
    /// Places in the matching reports.
    Place,
    /// Time expressions in the matching reports.
    Time,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Doc => Kind::Doc,
            KindArg::Quote => Kind::Quote,
            KindArg::Event => Kind::Event,
            KindArg::Place => Kind::Place,
            KindArg::Time => Kind::Time,
        }
    }
}

/// Runs `search`.
pub fn search(args: SearchArgs) -> Result<ExitCode> {
    let store = args.db.open()?;
    let query = args
        .filters
        .query(args.query.clone(), args.kind.into(), args.limit);
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
                match &h.detail {
                    Some(detail) => writeln!(out, "    {detail}: {}", h.snippet)?,
                    None => writeln!(out, "    {}", h.snippet)?,
                }
                if let (Kind::Doc, Some(p)) = (h.kind, &h.near) {
                    let name = match (&p.name, &p.country) {
                        (Some(n), Some(c)) => format!(" ({n}, {c})"),
                        (Some(n), None) => format!(" ({n})"),
                        _ => String::new(),
                    };
                    writeln!(out, "    near: {}{name}, {:.1} km away", p.text, p.km)?;
                }
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
        TableFormat::Json => outln!("{}", serde_json::to_string_pretty(&stats)?)?,
        TableFormat::Table => {
            outln!("store      {}", store.path())?;
            outln!("documents  {}", stats.documents)?;
            outln!("entities   {}", stats.entities)?;
            outln!("mentions   {}", stats.mentions)?;
            outln!("outlets    {}", stats.outlets)?;
            outln!("stories    {}", stats.stories)?;
            outln!(
                "merges     {} (entities joined through an alias)",
                stats.merges
            )?;
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

/// Flags of `reanalyze`.
#[derive(clap::Args, Debug)]
pub struct ReanalyzeArgs {
    #[command(flatten)]
    db: DbArg,
}

/// The input a stored record was made from.
fn input_of(record: &Analysis) -> wirewatch::Input {
    use wirewatch::doc::PublishedSource;
    let d = &record.document;
    wirewatch::Input {
        text: d.text.clone(),
        published: d
            .published
            .as_deref()
            .filter(|_| d.published_source != "dateline")
            .and_then(|p| p.parse().ok()),
        published_source: match d.published_source.as_str() {
            "argument" => PublishedSource::Argument,
            "metadata" => PublishedSource::Metadata,
            // A date read from the dateline is read again; it is not an input.
            _ => PublishedSource::None,
        },
        url: d.url.clone(),
        title: d.title.clone(),
        // The outlet the input named is kept; one read from the dateline is read again.
        outlet: d.outlet.clone().filter(|o| {
            d.dateline.as_ref().and_then(|dl| dl.outlet.as_ref()) != Some(o)
                && !record
                    .entities
                    .iter()
                    .any(|e| &e.name == o && e.subtype.as_deref() == Some("media"))
        }),
        home: d.outlet_home.clone(),
    }
}

/// Re-runs the current pipeline over every stored report, so that a store built with an older
/// pipeline gains the layers added since. Each report is replaced in one transaction.
pub fn reanalyze(args: ReanalyzeArgs) -> Result<ExitCode> {
    use rayon::prelude::*;
    let pipeline = Pipeline::load().context("cannot load the pipeline's data")?;
    let mut store = args.db.open()?;
    let ids = store.doc_ids()?;
    let started = Instant::now();
    let progress = progress_bar(Some(ids.len() as u64));
    let mut done = 0usize;
    for chunk in ids.chunks(256) {
        let records: Vec<(String, Analysis)> = chunk
            .iter()
            .map(|id| {
                Ok((
                    id.clone(),
                    store.get(id)?.context("a listed document vanished")?,
                ))
            })
            .collect::<Result<_>>()?;
        let fresh: Vec<(String, Analysis)> = records
            .into_par_iter()
            .map(|(id, old)| (id, pipeline.analyze(input_of(&old))))
            .collect();
        for (id, record) in &fresh {
            store.replace(id, record)?;
        }
        done += fresh.len();
        progress.inc(fresh.len() as u64);
    }
    progress.finish_and_clear();
    eprintln!(
        "wirewatch: reanalysed {} reports in {:.1} s with wirewatch {}",
        done,
        started.elapsed().as_secs_f64(),
        wirewatch::VERSION
    );
    Ok(ExitCode::SUCCESS)
}

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportLayer {
    /// Whole analysis records (JSON lines only).
    Records,
    /// One row per entity mention.
    Entities,
    /// One row per time expression.
    Times,
    /// One row per place mention.
    Places,
    /// One row per quote.
    Quotes,
    /// One row per event.
    Events,
}

/// Output formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
    /// A GeoJSON FeatureCollection (RFC 7946) of the resolved places: `--layer places` only.
    Geojson,
}

/// Flags of `export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// What to export.
    #[arg(long, value_enum, default_value_t = ExportLayer::Records)]
    layer: ExportLayer,
    /// Output format (records are JSON lines; the layers are CSV or JSON lines; places are
    /// also GeoJSON, for QGIS or geojson.io).
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    format: ExportFormat,
    /// Only reports matching this full-text query.
    #[arg(long, value_name = "QUERY")]
    query: Option<String>,
    #[command(flatten)]
    filters: Filters,
}

/// One CSV field, quoted when it must be.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The rows of one layer of a record: a header and the values, as strings.
fn layer_rows(layer: ExportLayer, r: &Analysis) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let d = &r.document;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let base = |rest: Vec<String>| {
        let mut row = vec![d.id.clone(), opt(&d.published), opt(&d.outlet)];
        row.extend(rest);
        row
    };
    match layer {
        ExportLayer::Records => (vec![], vec![]),
        ExportLayer::Entities => (
            vec![
                "doc_id",
                "published",
                "outlet",
                "entity",
                "type",
                "subtype",
                "name",
                "start",
                "end",
                "text",
                "mention_kind",
            ],
            r.entities
                .iter()
                .flat_map(|e| {
                    e.mentions.iter().map(move |m| {
                        vec![
                            e.id.clone(),
                            e.kind.clone(),
                            opt(&e.subtype),
                            e.name.clone(),
                            m.start.to_string(),
                            m.end.to_string(),
                            m.text.clone(),
                            m.kind.clone(),
                        ]
                    })
                })
                .map(base)
                .collect(),
        ),
        ExportLayer::Times => (
            vec![
                "doc_id",
                "published",
                "outlet",
                "time",
                "type",
                "value",
                "mod",
                "start",
                "end",
                "text",
            ],
            r.times
                .iter()
                .map(|t| {
                    base(vec![
                        t.id.clone(),
                        t.kind.clone(),
                        opt(&t.value),
                        opt(&t.modifier),
                        t.start.to_string(),
                        t.end.to_string(),
                        t.text.clone(),
                    ])
                })
                .collect(),
        ),
        ExportLayer::Places => (
            vec![
                "doc_id",
                "published",
                "outlet",
                "place",
                "name",
                "country",
                "feature",
                "lat",
                "lon",
                "gazetteer_id",
                "start",
                "end",
                "text",
            ],
            r.places
                .iter()
                .map(|p| {
                    let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
                    base(vec![
                        p.id.clone(),
                        opt(&p.name),
                        opt(&p.country),
                        opt(&p.feature),
                        num(p.lat),
                        num(p.lon),
                        opt(&p.gazetteer_id),
                        p.start.to_string(),
                        p.end.to_string(),
                        p.text.clone(),
                    ])
                })
                .collect(),
        ),
        ExportLayer::Quotes => (
            vec![
                "doc_id",
                "published",
                "outlet",
                "quote",
                "kind",
                "speaker",
                "cue",
                "addressee",
                "via",
                "start",
                "end",
                "text",
                "speaker_name",
                "addressee_name",
                "chain",
                "strength",
            ],
            r.quotes
                .iter()
                .map(|q| {
                    // The ids columns came first; names follow for readers without the record.
                    let name = |id: &str| {
                        r.entities
                            .iter()
                            .find(|e| e.id == id)
                            .map_or_else(|| id.to_string(), |e| e.name.clone())
                    };
                    let speaker = q.speaker.as_deref().map(name);
                    let via: Vec<String> = q.via.iter().map(|v| name(v)).collect();
                    base(vec![
                        q.id.clone(),
                        q.kind.clone(),
                        opt(&q.speaker),
                        opt(&q.cue),
                        opt(&q.addressee),
                        q.via.join(" "),
                        q.start.to_string(),
                        q.end.to_string(),
                        q.text.clone(),
                        speaker.clone().unwrap_or_default(),
                        q.addressee.as_deref().map(name).unwrap_or_default(),
                        quote_chain(&via, speaker.as_deref()),
                        opt(&q.strength),
                    ])
                })
                .collect(),
        ),
        ExportLayer::Events => (
            vec![
                "doc_id",
                "published",
                "outlet",
                "event",
                "code",
                "source_actor",
                "target_actor",
                "place",
                "time",
                "negated",
                "hedged",
                "evidence_start",
                "evidence_end",
            ],
            r.events
                .iter()
                .map(|v| {
                    base(vec![
                        v.id.clone(),
                        v.code.clone(),
                        opt(&v.source_actor),
                        opt(&v.target_actor),
                        opt(&v.place),
                        opt(&v.time),
                        v.negated.to_string(),
                        v.hedged.to_string(),
                        v.evidence.start.to_string(),
                        v.evidence.end.to_string(),
                    ])
                })
                .collect(),
        ),
    }
}

/// Runs `export`: streams records or layer rows of the reports that pass the filters.
pub fn export(args: ExportArgs) -> Result<ExitCode> {
    if args.format == ExportFormat::Geojson && args.layer != ExportLayer::Places {
        anyhow::bail!(
            "GeoJSON holds places only: use --layer places --format geojson (the {} have no coordinates; export them as CSV or JSON lines)",
            match args.layer {
                ExportLayer::Records => "whole records",
                ExportLayer::Entities => "entities",
                ExportLayer::Times => "times",
                ExportLayer::Places => "places",
                ExportLayer::Quotes => "quotes",
                ExportLayer::Events => "events",
            }
        );
    }
    if args.layer == ExportLayer::Records && args.format == ExportFormat::Csv {
        anyhow::bail!("records are exported as JSON lines; for CSV choose a layer (--layer entities, times, places, quotes, events)");
    }
    let store = args.db.open()?;
    let ids: Vec<String> = if args.query.is_some() || args.filters.any() {
        let text = args.query.clone().unwrap_or_default();
        let query = args.filters.query(text, Kind::Doc, i64::MAX as usize);
        store
            .search(&query)?
            .into_iter()
            .map(|h| h.doc_id)
            .collect()
    } else {
        store.doc_ids()?
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.format == ExportFormat::Geojson {
        return export_geojson(&store, &ids, &mut out);
    }
    let mut header_written = false;
    for id in &ids {
        let Some(record) = store.get(id)? else {
            continue;
        };
        if args.layer == ExportLayer::Records {
            serde_json::to_writer(&mut out, &record)?;
            writeln!(out)?;
            continue;
        }
        let (header, rows) = layer_rows(args.layer, &record);
        match args.format {
            ExportFormat::Csv => {
                if !header_written {
                    writeln!(out, "{}", header.join(","))?;
                    header_written = true;
                }
                for row in rows {
                    let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
                    writeln!(out, "{}", fields.join(","))?;
                }
            }
            ExportFormat::Jsonl => {
                for row in rows {
                    let object: serde_json::Map<String, serde_json::Value> = header
                        .iter()
                        .zip(row)
                        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v)))
                        .collect();
                    serde_json::to_writer(&mut out, &object)?;
                    writeln!(out)?;
                }
            }
            ExportFormat::Geojson => unreachable!("GeoJSON is written above"),
        }
    }
    if args.format == ExportFormat::Csv && !header_written && args.layer != ExportLayer::Records {
        writeln!(
            out,
            "{}",
            layer_rows(args.layer, &empty_record()).0.join(",")
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the resolved places of the documents as one GeoJSON FeatureCollection, a feature per
/// line so that it streams; the places without coordinates are counted on stderr.
fn export_geojson(store: &SqliteStore, ids: &[String], out: &mut impl Write) -> Result<ExitCode> {
    writeln!(out, "{{\"type\":\"FeatureCollection\",\"features\":[")?;
    let (mut written, mut left_out) = (0usize, 0usize);
    for id in ids {
        let Some(record) = store.get(id)? else {
            continue;
        };
        let (features, unresolved) = place_features(&record);
        left_out += unresolved;
        for feature in features {
            if written > 0 {
                writeln!(out, ",")?;
            }
            serde_json::to_writer(&mut *out, &feature)?;
            written += 1;
        }
    }
    if written > 0 {
        writeln!(out)?;
    }
    writeln!(out, "]}}")?;
    out.flush()?;
    if left_out > 0 {
        eprintln!(
            "wirewatch: {left_out} place{} without coordinates left out",
            if left_out == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A GeoJSON Feature of one place mention. Structs rather than `json!`, so that the members
/// keep this order ("type" first, the report before the place) for people reading the file.
#[derive(serde::Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
    geometry: Point,
    properties: PlaceProperties<'a>,
}

/// A GeoJSON Point: `[lon, lat]` (RFC 7946 §3.1.1).
#[derive(serde::Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

/// The properties of a place's feature: the report, the place as written and as resolved, and
/// the words around it.
#[derive(serde::Serialize)]
struct PlaceProperties<'a> {
    doc_id: &'a str,
    published: Option<&'a str>,
    // Temporal tools (QGIS's Temporal Controller, kepler.gl) look for a time field; it is the
    // report's date, not a date the text tells.
    time: Option<&'a str>,
    outlet: Option<&'a str>,
    title: Option<&'a str>,
    url: Option<&'a str>,
    place: &'a str,
    text: &'a str,
    name: Option<&'a str>,
    country: Option<&'a str>,
    admin1: Option<&'a str>,
    feature: Option<&'a str>,
    gazetteer_id: Option<&'a str>,
    start: usize,
    end: usize,
    evidence: String,
}

/// The GeoJSON Point features (RFC 7946: `[lon, lat]`, WGS84) of a record's resolved places,
/// and how many of its places have no usable coordinates.
fn place_features(r: &Analysis) -> (Vec<Feature<'_>>, usize) {
    let d = &r.document;
    let mut left_out = 0;
    let mut features = Vec::new();
    for p in &r.places {
        let point = match (p.lat, p.lon) {
            (Some(lat), Some(lon))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
            {
                (lat, lon)
            }
            // No position, or one no map can draw: left out and counted, never guessed.
            _ => {
                left_out += 1;
                continue;
            }
        };
        let properties = PlaceProperties {
            doc_id: &d.id,
            published: d.published.as_deref(),
            time: d.published.as_deref(),
            outlet: d.outlet.as_deref(),
            title: d.title.as_deref(),
            url: d.url.as_deref(),
            place: &p.id,
            text: &p.text,
            name: p.name.as_deref(),
            country: p.country.as_deref(),
            admin1: p.admin1.as_deref(),
            feature: p.feature.as_deref(),
            gazetteer_id: p.gazetteer_id.as_deref(),
            start: p.start,
            end: p.end,
            evidence: evidence(r, p.start, p.end),
        };
        features.push(Feature {
            kind: "Feature",
            id: format!("{}#{}", d.id, p.id),
            geometry: Point {
                kind: "Point",
                coordinates: [point.1, point.0],
            },
            properties,
        });
    }
    (features, left_out)
}

/// The words that show a mention in its report: its sentence, or the 100 characters either
/// side when the record has no sentence around it or the sentence is too long to read on a
/// map. Offsets are characters; line breaks become spaces, as in search snippets.
fn evidence(r: &Analysis, start: usize, end: usize) -> String {
    const AROUND: usize = 100;
    const LONGEST_SENTENCE: usize = 600;
    let text = &r.document.text;
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bytes.len() - 1;
    let (start, end) = (start.min(chars), end.min(chars).max(start.min(chars)));
    let (from, to) = r
        .sentences
        .iter()
        .find(|s| {
            s.start <= start && end <= s.end && s.end.saturating_sub(s.start) <= LONGEST_SENTENCE
        })
        .map_or(
            (start.saturating_sub(AROUND), (end + AROUND).min(chars)),
            |s| (s.start, s.end.min(chars)),
        );
    text[bytes[from]..bytes[to]]
        .replace(['\n', '\r', '\t'], " ")
        .trim()
        .to_string()
}

/// A record with nothing in it, for the header of an empty export.
fn empty_record() -> Analysis {
    wirewatch::doc::contract::Analysis::from_doc(
        &wirewatch::doc::Doc::new(String::new(), wirewatch::doc::Meta::default()),
        wirewatch::VERSION,
    )
}

/// Flags of `entity`.
#[derive(clap::Args, Debug)]
pub struct EntityArgs {
    /// The entity: its canonical name or any alias, in any case ("AP", "kabul").
    name: String,
    #[command(flatten)]
    db: DbArg,
    /// At most this many reports listed.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
}

/// The canonical name the actor dictionary gives a name ("Daesh" → "Islamic State"), so that a
/// search finds the reports that name the actor in any of its forms, even forms no stored
/// report uses; a name the dictionary does not know is returned as it is.
fn canonical_actor(name: &str) -> String {
    use std::sync::OnceLock;
    static ACTORS: OnceLock<Option<wirewatch::extract::actors::ActorDictionary>> = OnceLock::new();
    let actors = ACTORS.get_or_init(|| {
        let text = wirewatch::nlp::TextLayer::embedded().ok()?;
        wirewatch::extract::actors::ActorDictionary::parse(
            wirewatch::extract::actors::ACTORS,
            |alias| text.token_strings(alias),
        )
        .ok()
    });
    actors
        .as_ref()
        .and_then(|a| a.get(name))
        .map_or_else(|| name.to_string(), |a| a.canonical.clone())
}

/// Runs `entity`.
pub fn entity(args: EntityArgs) -> Result<ExitCode> {
    let store = args.db.open()?;
    let found = match store.entity(&args.name, args.limit)? {
        Some(e) => Some(e),
        None => store.entity(&canonical_actor(&args.name), args.limit)?,
    };
    let Some(e) = found else {
        eprintln!(
            "wirewatch: no entity named {:?} in {}",
            args.name,
            store.path()
        );
        return Ok(ExitCode::from(1));
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.format == TableFormat::Json {
        serde_json::to_writer_pretty(&mut out, &e)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let kind = match &e.subtype {
        Some(s) => format!("{}/{s}", e.kind),
        None => e.kind.clone(),
    };
    writeln!(out, "{}  ({kind})", e.name)?;
    writeln!(out, "  aliases    {}", e.aliases.join(", "))?;
    writeln!(
        out,
        "  reports    {} naming it, {} credited to it",
        e.report_count, e.relayed_count
    )?;
    if !e.co_occurring.is_empty() {
        let with: Vec<String> = e
            .co_occurring
            .iter()
            .map(|(n, c)| format!("{n} ({c})"))
            .collect();
        writeln!(out, "  named with {}", with.join(", "))?;
    }
    if !e.places.is_empty() {
        let places: Vec<String> = e.places.iter().map(|(n, c)| format!("{n} ({c})")).collect();
        writeln!(out, "  places     {}", places.join(", "))?;
    }
    // The store's quotes rather than the report's strings, so that each line says through
    // whom it came and, for what was said about it, who said it.
    let by = QuoteQuery {
        speaker: Some(e.name.clone()),
        limit: Some(5),
        ..QuoteQuery::default()
    };
    let about = QuoteQuery {
        speaker: None,
        about: Some(e.name.clone()),
        ..by.clone()
    };
    for (label, query) in [("said", by), ("said about", about)] {
        for q in store.quotes(&query)? {
            writeln!(
                out,
                "  {label:<10} \"{}\" — {}",
                shortened(&q.quote.text, 160),
                q.quote.summary()
            )?;
        }
    }
    if !e.timeline.is_empty() {
        let months: Vec<String> = e
            .timeline
            .iter()
            .map(|(m, c)| format!("{m}: {c}"))
            .collect();
        writeln!(out, "  timeline   {}", months.join("  "))?;
    }
    if !e.dated.is_empty() {
        let months: Vec<String> = e.dated.iter().map(|(m, c)| format!("{m}: {c}")).collect();
        writeln!(out, "  dates told {}", months.join("  "))?;
    }
    for h in &e.reports {
        writeln!(
            out,
            "  {}  {}  {}",
            &h.doc_id[7..19.min(h.doc_id.len())],
            h.published.as_deref().unwrap_or("          "),
            h.title.as_deref().unwrap_or(&h.snippet)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Examples and details for `wirewatch quotes --help`.
pub const QUOTES_HELP: &str = "\
Each quote is shown with its chain, outermost first: \"Sputnik → Army Times → John Campbell\"
are John Campbell's words as the Army Times had them and Sputnik relayed them. Then the cue
(\"told\"), to whom, and how directly the report has them: quoted, reported, anonymous or hearsay.

Names go through the store's aliases, as --entity does: --speaker Campbell finds John Campbell.
A quote is about an entity when its words mention it; in a report that names the entity where
no quote's words do, every quote of that report is. An entity's own words are never about it.
Newest report first; --since and --until are the reports' dates.

Examples:
  wirewatch quotes --db news.db --speaker Campbell
  wirewatch quotes --db news.db --about 'Islamic State' --since 2015-01-01 --until 2015-12-31
  wirewatch quotes --db news.db --speaker Reuters --format json
  wirewatch quotes --db news.db --about Kabul --limit 1000 --format csv > kabul-quotes.csv";

/// Output formats of `quotes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum QuotesFormat {
    /// Three lines a quote, for people: date and chain, the words, the report.
    Table,
    /// A JSON array, one object per quote with its report.
    Json,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
}

/// Flags of `quotes`.
#[derive(clap::Args, Debug)]
pub struct QuotesArgs {
    #[command(flatten)]
    db: DbArg,
    /// Only what this speaker said: a canonical name or any alias ("Campbell" finds John
    /// Campbell).
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Only quotes about this entity: those whose words mention it, or, in a report that names
    /// it where no quote's words do, that report's quotes.
    #[arg(long, value_name = "NAME")]
    about: Option<String>,
    /// Only quotes in reports published on or after this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<NaiveDate>,
    /// Only quotes in reports published on or before this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<NaiveDate>,
    /// At most this many quotes.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QuotesFormat::Table)]
    format: QuotesFormat,
}

/// At most `max` characters of `text`, on one line, with "…" where it was cut.
fn shortened(text: &str, max: usize) -> String {
    let one_line = text.replace(['\n', '\r', '\t'], " ");
    match one_line.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", one_line[..cut].trim_end()),
        None => one_line,
    }
}

/// The CSV columns of `quotes`, and a hit's values in that order.
const QUOTE_CSV: [&str; 15] = [
    "doc_id",
    "published",
    "outlet",
    "title",
    "url",
    "quote",
    "kind",
    "speaker",
    "cue",
    "addressee",
    "chain",
    "strength",
    "start",
    "end",
    "text",
];

/// A hit's values in the order of [`QUOTE_CSV`].
fn quote_csv_row(h: &QuoteHit) -> [String; 15] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let q = &h.quote;
    [
        h.doc_id.clone(),
        opt(&h.published),
        opt(&h.outlet),
        opt(&h.title),
        opt(&h.url),
        q.quote.clone(),
        q.kind.clone(),
        opt(&q.speaker),
        opt(&q.cue),
        opt(&q.addressee),
        q.chain.clone(),
        opt(&q.strength),
        q.start.to_string(),
        q.end.to_string(),
        q.text.clone(),
    ]
}

/// Runs `quotes`: who said what, through whom, newest first.
pub fn quotes(args: QuotesArgs) -> Result<ExitCode> {
    let store = args.db.open()?;
    // The actor dictionary first, as for --entity: "Daesh" asks for the Islamic State.
    let query = QuoteQuery {
        speaker: args.speaker.as_deref().map(canonical_actor),
        about: args.about.as_deref().map(canonical_actor),
        since: args.since.map(|d| d.to_string()),
        until: args.until.map(|d| d.to_string()),
        limit: Some(args.limit),
    };
    let hits = store.quotes(&query)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        QuotesFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &hits)?;
            writeln!(out)?;
        }
        QuotesFormat::Csv => {
            writeln!(out, "{}", QUOTE_CSV.join(","))?;
            for h in &hits {
                let fields: Vec<String> = quote_csv_row(h).iter().map(|f| csv_field(f)).collect();
                writeln!(out, "{}", fields.join(","))?;
            }
        }
        QuotesFormat::Table => {
            for h in &hits {
                writeln!(
                    out,
                    "{}  {}",
                    h.published.as_deref().unwrap_or("          "),
                    h.quote.summary()
                )?;
                writeln!(out, "    \"{}\"", shortened(&h.quote.text, 300))?;
                let id = h.doc_id.strip_prefix("sha256:").unwrap_or(&h.doc_id);
                let report = format!(
                    "    {} {}  {}  {}",
                    &id[..12.min(id.len())],
                    h.quote.quote,
                    h.outlet.as_deref().unwrap_or("—"),
                    h.title.as_deref().or(h.url.as_deref()).unwrap_or("")
                );
                writeln!(out, "{}", report.trim_end())?;
            }
        }
    }
    out.flush()?;
    if hits.is_empty() {
        // Say which name is unknown, if one is: an empty list alone does not tell a typo from
        // an entity nobody quoted.
        for name in [&query.speaker, &query.about].into_iter().flatten() {
            if store.entity(name, 0)?.is_none() {
                eprintln!("wirewatch: no entity named {name:?} in {}", store.path());
            }
        }
        eprintln!("wirewatch: no quote matches");
    }
    Ok(ExitCode::SUCCESS)
}
