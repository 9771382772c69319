//! `wirewatch analyze`: reports in, analysis records out, in input order, on every core.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rayon::prelude::*;
use wirewatch::doc::PublishedSource;
use wirewatch::{Analysis, Input, Pipeline};

use crate::input::{
    as_text, display, looks_like_jsonl, parse_date, parse_json_line, read_all, MAX_BYTES,
};
use crate::{Format, InputKind};

pub const HELP: &str = "\
Input: each FILE is one plain-text report, or JSON lines (`--input jsonl`, or a .jsonl file),
one report per line: {\"text\": …, \"published\": \"2015-01-16\", \"url\": …, \"title\": …, \"outlet\": …}.
With no FILE, or with `-`, the report is read from stdin.

The reference date that relative times resolve against is --published, else the line's
\"published\", else a dateline date that carries a year, else null (never a guessed year).

A file that cannot be read, or a JSON line that is not a report, is reported on stderr with
its file and line, counted and skipped; the others are still analysed, and the exit status
is 1. Reports are analysed in parallel and printed in input order.

Examples:
  wirewatch analyze --published 2015-01-16 examples/sputnik-2015-01-16-is-recruitment.txt
  wirewatch analyze --format pretty --outlet Reuters story.txt
  wirewatch analyze --format jsonl ../shared/corpus/wikinews-en/articles.jsonl > records.jsonl";

/// Flags of `analyze`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Reports to analyse: text files, .jsonl files, or `-` for stdin (the default).
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// Reference date of every report (YYYY-MM-DD); overrides the input's own.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<NaiveDate>,
    /// Publisher of every report; overrides the input's own and the dateline's.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// URL to record for a single report.
    #[arg(long)]
    url: Option<String>,
    /// Headline to record for a single report.
    #[arg(long)]
    title: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// How to read the inputs.
    #[arg(long = "input", value_enum, default_value_t = InputKind::Auto)]
    input_kind: InputKind,
}

/// Reports waiting to be analysed together.
const BATCH: usize = 256;

struct Run<'a> {
    pipeline: &'a Pipeline,
    args: &'a Args,
    batch: Vec<Input>,
    out: BufWriter<std::io::StdoutLock<'static>>,
    analysed: usize,
    bad_files: usize,
    bad_lines: usize,
}

impl Run<'_> {
    fn push(&mut self, mut input: Input) -> Result<()> {
        if let Some(d) = self.args.published {
            input.published = Some(d);
            input.published_source = PublishedSource::Argument;
        }
        if self.args.outlet.is_some() {
            input.outlet.clone_from(&self.args.outlet);
        }
        if self.args.url.is_some() {
            input.url.clone_from(&self.args.url);
        }
        if self.args.title.is_some() {
            input.title.clone_from(&self.args.title);
        }
        self.batch.push(input);
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let pipeline = self.pipeline;
        let records: Vec<Analysis> = std::mem::take(&mut self.batch)
            .into_par_iter()
            .map(|input| pipeline.analyze(input))
            .collect();
        for record in &records {
            match self.args.format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut self.out, record)?;
                    writeln!(self.out)?;
                }
                Format::Jsonl => {
                    serde_json::to_writer(&mut self.out, record)?;
                    writeln!(self.out)?;
                }
                Format::Pretty => crate::pretty::write(&mut self.out, record)?,
            }
        }
        self.analysed += records.len();
        self.out.flush()?;
        Ok(())
    }

    fn text_file(&mut self, path: &str) -> Result<()> {
        let name = display(path);
        match read_all(path).and_then(|b| as_text(name, b)) {
            Ok(text) => self.push(Input::text(text)),
            Err(e) => {
                eprintln!("wirewatch: {e:#}");
                self.bad_files += 1;
                Ok(())
            }
        }
    }

    fn jsonl_file(&mut self, path: &str) -> Result<()> {
        let name = display(path);
        let reader: Box<dyn BufRead> = if path == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            match File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                Err(e) => {
                    eprintln!("wirewatch: cannot read {name}: {e}");
                    self.bad_files += 1;
                    return Ok(());
                }
            }
        };
        let mut reader = reader;
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
                self.bad_lines += 1;
                continue;
            }
            let text = match std::str::from_utf8(&line) {
                Ok(t) => t.trim(),
                Err(e) => {
                    eprintln!(
                        "wirewatch: {name}:{n}: invalid UTF-8 at byte {} of the line; skipped",
                        e.valid_up_to()
                    );
                    self.bad_lines += 1;
                    continue;
                }
            };
            if text.is_empty() {
                continue;
            }
            match parse_json_line(text) {
                Ok(input) => self.push(input)?,
                Err(e) => {
                    eprintln!("wirewatch: {name}:{n}: {e}; skipped");
                    self.bad_lines += 1;
                }
            }
        }
        Ok(())
    }
}

/// Runs `analyze`.
pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = Pipeline::load().context("cannot load the pipeline's data")?;
    let files = if args.files.is_empty() {
        vec!["-".to_string()]
    } else {
        args.files.clone()
    };
    let mut run = Run {
        pipeline: &pipeline,
        args: &args,
        batch: Vec::new(),
        out: BufWriter::new(std::io::stdout().lock()),
        analysed: 0,
        bad_files: 0,
        bad_lines: 0,
    };
    for path in &files {
        let jsonl = match args.input_kind {
            InputKind::Jsonl => true,
            InputKind::Text => false,
            InputKind::Auto => looks_like_jsonl(path),
        };
        if jsonl {
            run.jsonl_file(path)?;
        } else {
            run.text_file(path)?;
        }
    }
    run.flush()?;
    let failed = run.bad_files + run.bad_lines;
    if failed > 0 {
        eprintln!(
            "wirewatch: analysed {} report(s); skipped {} unreadable file(s) and {} bad line(s)",
            run.analysed, run.bad_files, run.bad_lines
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
