//! `wirewatch analyze`: reports in, analysis records out, in input order, on every core.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use wirewatch::{Analysis, Pipeline};

use crate::input::parse_date;
use crate::reports::{Overrides, Reports, Sink};
use crate::{Format, InputKind};

pub const HELP: &str = "\
Input: each FILE is one plain-text report, a folder of .txt and .jsonl files, or JSON lines (`--input jsonl`, or a .jsonl file),
one report per line: {\"text\": …, \"published\": \"2015-01-16\", \"url\": …, \"title\": …, \"outlet\": …, \"home\": …}.
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
    #[arg(long, value_name = "AREA", help = crate::reports::HOME_HELP)]
    home: Option<String>,
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

/// Prints each record in the chosen format.
struct Printer {
    format: Format,
    out: BufWriter<std::io::StdoutLock<'static>>,
}

impl Sink for Printer {
    fn take(&mut self, _source: &str, record: Analysis) -> Result<()> {
        match self.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut self.out, &record)?;
                writeln!(self.out)?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, &record)?;
                writeln!(self.out)?;
            }
            Format::Pretty => crate::pretty::write(&mut self.out, &record)?,
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        Ok(self.out.flush()?)
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
    let overrides = Overrides {
        published: args.published,
        outlet: args.outlet.clone(),
        url: args.url.clone(),
        title: args.title.clone(),
        home: args.home.clone(),
    };
    let printer = Printer {
        format: args.format,
        out: BufWriter::new(std::io::stdout().lock()),
    };
    let mut reports = Reports::new(&pipeline, overrides, args.input_kind, printer);
    for path in &files {
        reports.path(path)?;
    }
    let (_, summary) = reports.finish()?;
    if summary.failed() > 0 {
        eprintln!(
            "wirewatch: analysed {} report(s); skipped {} unreadable file(s) and {} bad line(s)",
            summary.analysed, summary.bad_files, summary.bad_lines
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
