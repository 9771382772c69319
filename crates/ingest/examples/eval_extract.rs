//! Score `wirewatch_ingest::html::extract` on the article-extraction benchmark.
//!
//! ```text
//! cargo run --release -p wirewatch-ingest --example eval_extract -- DIR [--pages] [--dump OUT]
//! ```
//!
//! `DIR` holds `ground-truth.json` and `html/*.html.gz`. Prints the benchmark's averaged
//! precision, recall and F1 (with bootstrap standard deviations), accuracy and the number of
//! pages; `--pages` also prints every page's figures, worst first; `--dump OUT` writes each
//! page's extracted text to `OUT/<id>.txt`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use wirewatch_ingest::{benchmark, html};

fn main() -> ExitCode {
    let mut dir = None;
    let mut per_page = false;
    let mut dump: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--pages" => per_page = true,
            "--dump" => dump = args.next().map(PathBuf::from),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("usage: eval_extract DIR [--pages] [--dump OUT]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: eval_extract DIR [--pages] [--dump OUT]");
        return ExitCode::from(2);
    };
    let pages = match benchmark::load(&dir) {
        Ok(pages) => pages,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let start = Instant::now();
    let texts: Vec<String> = pages
        .iter()
        .map(|p| html::extract_text(&p.html, p.url.as_deref()))
        .collect();
    let elapsed = start.elapsed();
    if let Some(out) = &dump {
        if let Err(e) = std::fs::create_dir_all(out) {
            eprintln!("error: {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
        for (page, text) in pages.iter().zip(&texts) {
            if let Err(e) = std::fs::write(out.join(format!("{}.txt", page.id)), text) {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let report = benchmark::Report::from_pages(
        pages
            .iter()
            .zip(&texts)
            .map(|(page, text)| benchmark::score_page(page, text))
            .collect(),
    );
    if per_page {
        let mut rows: Vec<&benchmark::PageScore> = report.pages.iter().collect();
        rows.sort_by(|a, b| a.counts.f1().total_cmp(&b.counts.f1()));
        for p in rows {
            println!(
                "{:.3} P={:.3} R={:.3} {} {}",
                p.counts.f1(),
                p.counts.precision().unwrap_or(0.0),
                p.counts.recall().unwrap_or(0.0),
                &p.id[..p.id.len().min(8)],
                p.url.as_deref().unwrap_or("")
            );
        }
    }
    let std = report.bootstrap_std(1000, 42);
    println!("pages       {}", report.pages.len());
    println!("precision   {:.4} ± {:.4}", report.precision, std.precision);
    println!("recall      {:.4} ± {:.4}", report.recall, std.recall);
    println!("F1          {:.4} ± {:.4}", report.f1, std.f1);
    println!("accuracy    {:.4}", report.accuracy);
    println!("empty       {}", report.empty_predictions);
    println!(
        "time        {:.2} s ({:.1} ms/page)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / report.pages.len().max(1) as f64
    );
    ExitCode::SUCCESS
}
