//! `wirewatch extract`: HTML pages to article text (or JSON with the page's metadata), as
//! trafilatura's command line does.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;

use wirewatch_ingest::fetch::{decode, Fetcher};

use crate::input::{decode_html, display, is_url, read_all};

/// Output formats of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    /// The article text.
    Text,
    /// A JSON object: title, author, published, canonical_url, site_name, language, text.
    Json,
}

/// Flags of `extract`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// HTML pages: files (`.html`, `.htm`, gzipped or not), http(s) URLs, or `-` for stdin.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
    format: ExtractFormat,
    /// Write DIR/<input name without extension>.txt (or .json) for each input instead of
    /// printing.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

#[derive(Serialize)]
struct Page<'a> {
    source: &'a str,
    title: Option<String>,
    author: Option<String>,
    published: Option<String>,
    canonical_url: Option<String>,
    site_name: Option<String>,
    language: Option<String>,
    text: String,
}

/// The input's file name without `.gz` and its extension: "pages/a.html.gz" → "a".
fn stem(path: &str) -> String {
    let name = Path::new(path)
        .file_name()
        .map_or_else(|| "stdin".into(), |n| n.to_string_lossy().into_owned());
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned())
}

/// Runs `extract`.
pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut failed = 0usize;
    let mut fetcher: Option<Fetcher> = None;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for path in &args.files {
        let name = display(path);
        let (html, url) = if is_url(path) {
            let fetcher = fetcher.get_or_insert_with(|| Fetcher::new(Default::default()));
            match fetcher.get(path, None) {
                Ok(page) => (decode(&page), Some(page.url)),
                Err(e) => {
                    eprintln!("wirewatch: {e}");
                    failed += 1;
                    continue;
                }
            }
        } else {
            match read_all(path) {
                Ok(bytes) => (decode_html(&bytes), None),
                Err(e) => {
                    eprintln!("wirewatch: {e:#}");
                    failed += 1;
                    continue;
                }
            }
        };
        let article = wirewatch_ingest::html::extract(&html, url.as_deref());
        if article.text.is_empty() {
            eprintln!("wirewatch: {name}: no article text found");
        }
        let rendered = match args.format {
            ExtractFormat::Text => format!("{}\n", article.text),
            ExtractFormat::Json => {
                let page = Page {
                    source: name,
                    title: article.title,
                    author: article.author,
                    published: article.published,
                    canonical_url: article.canonical_url,
                    site_name: article.site_name,
                    language: article.language,
                    text: article.text,
                };
                serde_json::to_string(&page)? + "\n"
            }
        };
        match &args.out_dir {
            Some(dir) => {
                let ext = if args.format == ExtractFormat::Json {
                    "json"
                } else {
                    "txt"
                };
                let target = dir.join(format!("{}.{ext}", stem(path)));
                std::fs::write(&target, rendered)
                    .with_context(|| format!("cannot write {}", target.display()))?;
            }
            None => out.write_all(rendered.as_bytes())?,
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn stems() {
        assert_eq!(stem("pages/a.html.gz"), "a");
        assert_eq!(stem("b.htm"), "b");
        assert_eq!(stem("c"), "c");
    }
}
