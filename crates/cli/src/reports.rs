//! Reading reports from files, folders, stdin and JSON lines, analysing them in parallel
//! batches and handing each record, in input order, to a sink (a printer, a store).
//!
//! A file that cannot be read and a JSON line that is not a report are reported on stderr with
//! their file and line, counted and skipped; the rest go on.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rayon::prelude::*;
use wirewatch::doc::PublishedSource;
use wirewatch::{Analysis, Input, Pipeline};

use crate::input::{
    as_text, content_extension, display, fetched_input, html_input, is_url, item_input,
    looks_like_feed, looks_like_html, looks_like_jsonl, open_maybe_gzip, parse_json_file,
    parse_json_line, read_all, MAX_BYTES,
};
use crate::InputKind;

/// Values given on the command line that override each input's own.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// Reference date.
    pub published: Option<NaiveDate>,
    /// Publisher.
    pub outlet: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// The area the outlet mostly reports on.
    pub home: Option<String>,
}

/// `--home`'s help, for `analyze` and `ingest`.
pub const HOME_HELP: &str = "The area the outlet mostly reports on: a state, province or \
country as the gazetteer names it (\"Louisiana\", \"Texas, US\", \"Ireland\"). A local paper's \
\"Athens\" or \"Paris\" is then read as the town near it, unless the report's other places say \
otherwise";

/// Where a record goes once it is made.
pub trait Sink {
    /// Takes one record; `source` names where its report came from (`file`, `file:line`).
    fn take(&mut self, source: &str, record: Analysis) -> Result<()>;
    /// Called after each batch.
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
    /// The area an outlet mostly reports on, for a report that names its outlet and no home;
    /// a store learns it from the outlet's stored reports.
    fn home(&mut self, _outlet: &str) -> Result<Option<String>> {
        Ok(None)
    }
}

/// Counts of one run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    /// Reports analysed.
    pub analysed: usize,
    /// Files that could not be read or were not text.
    pub bad_files: usize,
    /// JSON lines that were not reports.
    pub bad_lines: usize,
}

impl Summary {
    /// Inputs that were skipped.
    pub fn failed(&self) -> usize {
        self.bad_files + self.bad_lines
    }
}

/// Reports waiting to be analysed together.
const BATCH: usize = 256;

/// Reads inputs, analyses them in batches on every core, and feeds a sink in input order.
pub struct Reports<'a, S: Sink> {
    pipeline: &'a Pipeline,
    overrides: Overrides,
    kind: InputKind,
    batch: Vec<(String, Input)>,
    /// The sink the records go to.
    pub sink: S,
    summary: Summary,
    fetcher: Option<wirewatch_ingest::fetch::Fetcher>,
}

impl<'a, S: Sink> Reports<'a, S> {
    /// A run over `pipeline` into `sink`.
    pub fn new(pipeline: &'a Pipeline, overrides: Overrides, kind: InputKind, sink: S) -> Self {
        Reports {
            pipeline,
            overrides,
            kind,
            batch: Vec::new(),
            sink,
            summary: Summary::default(),
            fetcher: None,
        }
    }

    /// Reads one path: a text file, an HTML page (its article and metadata), a JSON-lines
    /// file, a JSON file (one report or an array), any of them gzipped, `-` for stdin, or a
    /// folder (every such file under it, in name order).
    pub fn path(&mut self, path: &str) -> Result<()> {
        if is_url(path) {
            return self.url(path);
        }
        if path != "-" && Path::new(path).is_dir() {
            return self.folder(Path::new(path));
        }
        match self.kind {
            InputKind::Jsonl => self.jsonl_file(path),
            InputKind::Text => self.text_file(path),
            InputKind::Auto if looks_like_jsonl(path) => self.jsonl_file(path),
            InputKind::Auto if looks_like_html(path) => self.html_file(path),
            InputKind::Auto if content_extension(path).as_deref() == Some("json") => {
                self.json_file(path)
            }
            InputKind::Auto => self.text_file(path),
        }
    }

    /// Analyses what is left and returns the counts.
    pub fn finish(mut self) -> Result<(S, Summary)> {
        self.flush()?;
        Ok((self.sink, self.summary))
    }

    fn folder(&mut self, dir: &Path) -> Result<()> {
        let mut entries: Vec<_> = match std::fs::read_dir(dir) {
            Ok(e) => e.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                eprintln!("wirewatch: cannot read folder {}: {e}", dir.display());
                self.summary.bad_files += 1;
                return Ok(());
            }
        };
        entries.sort();
        for entry in entries {
            let wanted = entry.is_dir()
                || matches!(
                    content_extension(&entry.to_string_lossy()).as_deref(),
                    Some("txt" | "jsonl" | "ndjson" | "json" | "html" | "htm")
                );
            if wanted {
                self.path(&entry.to_string_lossy())?;
            }
        }
        Ok(())
    }

    fn push(&mut self, source: String, mut input: Input) -> Result<()> {
        let o = &self.overrides;
        if let Some(d) = o.published {
            input.published = Some(d);
            input.published_source = PublishedSource::Argument;
        }
        for (field, value) in [
            (&mut input.outlet, &o.outlet),
            (&mut input.url, &o.url),
            (&mut input.title, &o.title),
            (&mut input.home, &o.home),
        ] {
            if value.is_some() {
                field.clone_from(value);
            }
        }
        self.batch.push((source, input));
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let pipeline = self.pipeline;
        for (_, input) in &mut self.batch {
            if let (None, Some(outlet)) = (&input.home, &input.outlet) {
                input.home = self.sink.home(outlet)?;
            }
        }
        let records: Vec<(String, Analysis)> = std::mem::take(&mut self.batch)
            .into_par_iter()
            .map(|(source, input)| (source, pipeline.analyze(input)))
            .collect();
        self.summary.analysed += records.len();
        for (source, record) in records {
            self.sink.take(&source, record)?;
        }
        self.sink.flush()
    }

    fn text_file(&mut self, path: &str) -> Result<()> {
        let name = display(path);
        match read_all(path).and_then(|b| as_text(name, b)) {
            Ok(text) => self.push(name.to_string(), Input::text(text)),
            Err(e) => {
                eprintln!("wirewatch: {e:#}");
                self.summary.bad_files += 1;
                Ok(())
            }
        }
    }

    /// The HTTP client, made on first use.
    fn fetcher(&mut self) -> &wirewatch_ingest::fetch::Fetcher {
        self.fetcher
            .get_or_insert_with(|| wirewatch_ingest::fetch::Fetcher::new(Default::default()))
    }

    /// Fetches a URL: a page is one report; a feed is one report per item, each fetched from
    /// its link.
    fn url(&mut self, url: &str) -> Result<()> {
        let fetched = match self.fetcher().get(url, None) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("wirewatch: {e}");
                self.summary.bad_files += 1;
                return Ok(());
            }
        };
        if !looks_like_feed(&fetched) {
            return self.push(fetched.url.clone(), fetched_input(&fetched));
        }
        let items =
            match wirewatch_ingest::feeds::parse_with_base(&fetched.body, Some(&fetched.url)) {
                Ok(items) => items,
                Err(e) => {
                    eprintln!("wirewatch: {url}: {e}");
                    self.summary.bad_files += 1;
                    return Ok(());
                }
            };
        for item in items {
            let Some(link) = item.url.clone() else {
                continue;
            };
            match self.fetch_item(&link, &item) {
                Some(input) => self.push(link, input)?,
                None => self.summary.bad_files += 1,
            }
        }
        Ok(())
    }

    /// Fetches a feed item's page.
    fn fetch_item(
        &mut self,
        link: &str,
        item: &wirewatch_ingest::feeds::FeedItem,
    ) -> Option<Input> {
        match self.fetcher().get(link, None) {
            Ok(page) => Some(item_input(&page, item, None)),
            Err(e) => {
                eprintln!("wirewatch: {e}");
                None
            }
        }
    }

    fn html_file(&mut self, path: &str) -> Result<()> {
        let name = display(path);
        match read_all(path) {
            Ok(bytes) if bytes.len() > MAX_BYTES => {
                eprintln!(
                    "wirewatch: {name}: {} bytes is more than a page may have",
                    bytes.len()
                );
                self.summary.bad_files += 1;
                Ok(())
            }
            Ok(bytes) => self.push(name.to_string(), html_input(&bytes)),
            Err(e) => {
                eprintln!("wirewatch: {e:#}");
                self.summary.bad_files += 1;
                Ok(())
            }
        }
    }

    fn json_file(&mut self, path: &str) -> Result<()> {
        let name = display(path).to_string();
        let parsed = read_all(path)
            .and_then(|b| as_text(&name, b))
            .and_then(|t| parse_json_file(&t).map_err(|e| anyhow::anyhow!("{name}: {e}")));
        match parsed {
            Err(e) => {
                eprintln!("wirewatch: {e:#}");
                self.summary.bad_files += 1;
            }
            Ok(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    match item {
                        Ok(input) => self.push(format!("{name}#{i}"), input)?,
                        Err(e) => {
                            eprintln!("wirewatch: {name}: {e}; skipped");
                            self.summary.bad_lines += 1;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn jsonl_file(&mut self, path: &str) -> Result<()> {
        let name = display(path).to_string();
        let mut reader: Box<dyn BufRead> = if path == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            match File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 16, open_maybe_gzip(path, f))),
                Err(e) => {
                    eprintln!("wirewatch: cannot read {name}: {e}");
                    self.summary.bad_files += 1;
                    return Ok(());
                }
            }
        };
        let mut line = Vec::new();
        let mut n = 0usize;
        loop {
            line.clear();
            let read = reader
                .read_until(b'\n', &mut line)
                .with_context(|| format!("cannot read {name} after line {n}"))?;
            if read == 0 {
                break;
            }
            n += 1;
            if line.len() > MAX_BYTES {
                eprintln!(
                    "wirewatch: {name}:{n}: line of {} bytes is too long; skipped",
                    line.len()
                );
                self.summary.bad_lines += 1;
                continue;
            }
            let text = match std::str::from_utf8(&line) {
                Ok(t) => t.trim(),
                Err(e) => {
                    eprintln!(
                        "wirewatch: {name}:{n}: invalid UTF-8 at byte {} of the line; skipped",
                        e.valid_up_to()
                    );
                    self.summary.bad_lines += 1;
                    continue;
                }
            };
            if text.is_empty() {
                continue;
            }
            match parse_json_line(text) {
                Ok(input) => self.push(format!("{name}:{n}"), input)?,
                Err(e) => {
                    eprintln!("wirewatch: {name}:{n}: {e}; skipped");
                    self.summary.bad_lines += 1;
                }
            }
        }
        Ok(())
    }
}
