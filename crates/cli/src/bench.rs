//! `wirewatch bench DIR`: throughput of the text layer, of the times layer alone, and of the
//! whole pipeline, one core.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use wirewatch::doc::{Doc, Meta};
use wirewatch::extract::times::{TimeTagger, TimesComponent};
use wirewatch::extract::Component;
use wirewatch::nlp::TextLayer;
use wirewatch::{Input, Pipeline};

/// Flags of `bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A folder of news: .txt files (one report each) and .jsonl files (a "text" per line),
    /// searched recursively.
    #[arg(required_unless_present = "search_db")]
    dir: Option<PathBuf>,
    /// Instead, time searches over this store: ten queries, each run twenty times (latency
    /// per query, in this process: open once, then query).
    #[arg(long, value_name = "PATH")]
    search_db: Option<PathBuf>,
    /// Analyse at most this many reports.
    #[arg(long)]
    limit: Option<usize>,
    /// Passes over the reports (the figure is of all passes together).
    #[arg(long, default_value_t = 1)]
    repeat: usize,
}

fn collect(dir: &Path, texts: &mut Vec<String>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, texts)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            texts.push(std::fs::read_to_string(&path).unwrap_or_default());
        } else if path.extension().is_some_and(|e| e == "jsonl") {
            let content = std::fs::read_to_string(&path).unwrap_or_default();
            for line in content.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                        texts.push(t.to_string());
                    }
                }
            }
        }
    }
    Ok(())
}

/// Peak resident memory of this process in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Times searches over a store: median and 95th-percentile latency.
fn bench_search(db: &Path) -> Result<ExitCode> {
    use wirewatch_store::{Kind, Query, SqliteStore, Store};
    let store = SqliteStore::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    let queries: [(&str, Option<&str>); 10] = [
        ("interest rates", None),
        ("election OR vote", None),
        ("\"prime minister\"", None),
        ("broadband*", None),
        ("Blair NOT Brown", None),
        ("ceasefire", None),
        ("oil prices", None),
        ("", Some("Reuters")),
        ("talks", Some("BBC")),
        ("government", None),
    ];
    let mut times = Vec::new();
    for _ in 0..20 {
        for (text, entity) in &queries {
            let query = Query {
                text: text.to_string(),
                entity: entity.map(str::to_string),
                kind: Kind::Doc,
                limit: Some(20),
                ..Query::default()
            };
            let started = Instant::now();
            store.search(&query)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    outln!(
        "search      {} queries on {} ({} documents): median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        times.len(),
        db.display(),
        store.stats()?.documents,
        at(0.5),
        at(0.95),
        at(1.0)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `bench`.
pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(db) = &args.search_db {
        return bench_search(db);
    }
    let dir = args.dir.clone().context("give a folder of news to time")?;
    let mut texts = Vec::new();
    collect(&dir, &mut texts)?;
    if let Some(n) = args.limit {
        texts.truncate(n);
    }
    let bytes: usize = texts.iter().map(String::len).sum::<usize>() * args.repeat;
    let mb = bytes as f64 / 1e6;
    let docs = texts.len() * args.repeat;
    eprintln!(
        "{} reports, {:.1} MB from {} (one thread)",
        docs,
        mb,
        dir.display()
    );

    let layer = TextLayer::embedded()?;
    let started = Instant::now();
    let mut tokens = 0usize;
    let mut sentences = 0usize;
    for _ in 0..args.repeat {
        for text in &texts {
            let mut doc = Doc::new(text.clone(), Meta::default());
            layer.run(&mut doc);
            tokens += doc.tokens.len();
            sentences += doc.sentences.len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    outln!(
        "text layer  {:.1} MB/s  {:.0} tokens/s  {:.0} docs/s  ({} tokens, {} sentences, {:.2} s)",
        mb / secs,
        tokens as f64 / secs,
        docs as f64 / secs,
        tokens,
        sentences,
        secs
    )?;

    // The times layer alone: the text layer runs first, untimed, as the layer needs its tokens
    // and sentences; every report is read against one date so that resolution runs too.
    let times = TimesComponent::new(TimeTagger::embedded()?);
    let published = chrono::NaiveDate::from_ymd_opt(2015, 1, 16);
    let mut spent = Duration::ZERO;
    let mut found = 0usize;
    for _ in 0..args.repeat {
        for text in &texts {
            let meta = Meta {
                published,
                ..Meta::default()
            };
            let mut doc = Doc::new(text.clone(), meta);
            layer.run(&mut doc);
            let started = Instant::now();
            times.run(&mut doc);
            spent += started.elapsed();
            found += doc.times.len();
        }
    }
    let secs = spent.as_secs_f64();
    outln!(
        "times layer {:.1} MB/s  {:.0} docs/s  ({} time expressions, {:.2} s)",
        mb / secs,
        docs as f64 / secs,
        found,
        secs
    )?;

    let started = Instant::now();
    let gazetteer = wirewatch::extract::places::gazetteer::Gazetteer::parse(
        wirewatch::extract::resources::GAZETTEER,
    )?;
    let gazetteer_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let pipeline = Pipeline::load()?;
    outln!(
        "loading     pipeline {:.0} ms, of which the gazetteer about {:.0} ms ({} places)",
        started.elapsed().as_secs_f64() * 1e3,
        gazetteer_secs * 1e3,
        gazetteer.len()
    )?;
    drop(gazetteer);
    // Each component's own time, over the whole pipeline's run on every report.
    let mut spent: Vec<(&'static str, Duration)> = pipeline
        .names()
        .into_iter()
        .map(|n| (n, Duration::ZERO))
        .collect();
    let mut tokens = 0usize;
    for _ in 0..args.repeat {
        for text in &texts {
            let mut doc = Doc::new(text.clone(), Meta::default());
            pipeline.run_observed(&mut doc, |name, took| {
                if let Some(s) = spent.iter_mut().find(|(n, _)| *n == name) {
                    s.1 += took;
                }
            });
            tokens += doc.tokens.len();
        }
    }
    let each: Vec<String> = spent
        .iter()
        .map(|(name, took)| {
            let secs = took.as_secs_f64().max(1e-9);
            format!(
                "{name} {:.0} docs/s ({:.0}k tokens/s)",
                docs as f64 / secs,
                tokens as f64 / secs / 1e3
            )
        })
        .collect();
    outln!("components  {}", each.join(" · "))?;

    let started = Instant::now();
    let mut json_bytes = 0usize;
    for _ in 0..args.repeat {
        for text in &texts {
            let record = pipeline.analyze(Input::text(text.clone()));
            json_bytes += serde_json::to_vec(&record)?.len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    outln!(
        "pipeline    {:.1} MB/s  {:.0} docs/s  (analysis and JSON, {:.1} MB of records, {:.2} s)",
        mb / secs,
        docs as f64 / secs,
        json_bytes as f64 / 1e6,
        secs
    )?;
    if let Some(kib) = peak_rss_kib() {
        outln!(
            "peak memory {:.1} MiB (VmHWM, whole process, corpus included)",
            kib as f64 / 1024.0
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
