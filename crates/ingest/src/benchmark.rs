//! Reader and scorer for the article-extraction benchmark (Zyte/Scrapinghub
//! `article-extraction-benchmark`): a folder with `ground-truth.json` and `html/<id>.html.gz`.
//!
//! The scoring follows the benchmark's own `evaluate.py`:
//!
//! * text is tokenised into runs of word characters (Python's Unicode `\w`, which is exactly
//!   letters, numbers and `_`), case kept;
//! * each text becomes a multiset of 4-token shingles; a text of 1–3 tokens is one shorter
//!   shingle, an empty text has none;
//! * per page, true positives, false positives and false negatives are counted over the
//!   shingle multisets and normalised by their sum, so every page weighs the same;
//! * precision is averaged over the pages whose prediction has shingles (an empty output is
//!   left out of precision), recall over the pages whose truth has shingles (an empty output
//!   scores 0 there);
//! * F1 is the harmonic mean of the averaged precision and recall (not a mean of per-page F1,
//!   which [`Report::mean_page_f1`] gives besides);
//! * accuracy is the share of pages whose token sequences are identical.

use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Shingle length used by the benchmark.
pub const SHINGLE_LEN: usize = 4;

/// What can go wrong while reading a benchmark folder.
#[derive(Debug, thiserror::Error)]
pub enum BenchmarkError {
    /// A file could not be read (or a `.gz` file could not be decompressed).
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// `ground-truth.json` is not valid JSON.
    #[error("cannot parse {path}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// `ground-truth.json` is JSON but not a map of ids to `{"articleBody": ...}` objects.
    #[error("unexpected ground-truth format: {0}")]
    Format(String),
}

/// One benchmark page: its HTML and the true article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Item id (the file name without `.html.gz`).
    pub id: String,
    /// Page URL, when the ground truth gives one.
    pub url: Option<String>,
    /// The page's HTML, decoded as UTF-8 (invalid bytes replaced).
    pub html: String,
    /// The true article body.
    pub article_body: String,
}

/// Shingle counts of one page, normalised so that `tp + fp + fn_` is 1 (or all 0 when both
/// texts are empty), exactly as `string_shingle_matching` in the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ShingleCounts {
    /// Shingles found in both texts (share).
    pub tp: f64,
    /// Shingles predicted but not true (share).
    pub fp: f64,
    /// Shingles true but not predicted (share).
    pub fn_: f64,
}

impl ShingleCounts {
    /// The page's precision, or `None` when the prediction has no shingles (the benchmark leaves
    /// such pages out of the precision average).
    pub fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0.0).then(|| precision_score(self.tp, self.fp, self.fn_))
    }

    /// The page's recall, or `None` when the truth has no shingles.
    pub fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0.0).then(|| recall_score(self.tp, self.fp, self.fn_))
    }

    /// The page's F1 from its own precision and recall (0 when either is missing or both are 0).
    pub fn f1(&self) -> f64 {
        match (self.precision(), self.recall()) {
            (Some(p), Some(r)) if p + r > 0.0 => 2.0 * p * r / (p + r),
            _ => 0.0,
        }
    }
}

/// Figures for one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageScore {
    /// Item id.
    pub id: String,
    /// Page URL, when known.
    pub url: Option<String>,
    /// Normalised shingle counts.
    pub counts: ShingleCounts,
    /// Whether the predicted tokens equal the true tokens exactly.
    pub exact: bool,
    /// Number of tokens in the prediction.
    pub predicted_tokens: usize,
    /// Number of tokens in the truth.
    pub true_tokens: usize,
}

/// Averaged figures over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Averages {
    /// Mean precision over pages with a non-empty prediction.
    pub precision: f64,
    /// Mean recall over pages with a non-empty truth.
    pub recall: f64,
    /// Harmonic mean of `precision` and `recall`.
    pub f1: f64,
}

/// The result of scoring an extractor on the benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Per-page figures, in id order.
    pub pages: Vec<PageScore>,
    /// Mean precision over pages with a non-empty prediction (the benchmark's precision).
    pub precision: f64,
    /// Mean recall over pages with a non-empty truth (the benchmark's recall).
    pub recall: f64,
    /// Harmonic mean of `precision` and `recall` (the benchmark's F1).
    pub f1: f64,
    /// Share of pages whose predicted tokens equal the true tokens (the benchmark's accuracy).
    pub accuracy: f64,
    /// Mean of the per-page F1 values (not a benchmark figure; shown for reference).
    pub mean_page_f1: f64,
    /// Number of pages whose prediction was empty.
    pub empty_predictions: usize,
}

impl Report {
    /// Build a report from per-page scores.
    pub fn from_pages(pages: Vec<PageScore>) -> Report {
        let counts: Vec<ShingleCounts> = pages.iter().map(|p| p.counts).collect();
        let averages = average(&counts);
        let n = pages.len().max(1) as f64;
        let accuracy = pages.iter().filter(|p| p.exact).count() as f64 / n;
        let mean_page_f1 = pages.iter().map(|p| p.counts.f1()).sum::<f64>() / n;
        let empty_predictions = pages.iter().filter(|p| p.predicted_tokens == 0).count();
        Report {
            pages,
            precision: averages.precision,
            recall: averages.recall,
            f1: averages.f1,
            accuracy,
            mean_page_f1,
            empty_predictions,
        }
    }

    /// Standard deviations of precision, recall and F1 estimated with `rounds` bootstrap
    /// resamples of the pages (as the benchmark reports them), with a fixed-seed generator so
    /// that the figures repeat. Returns zeros for fewer than two pages or rounds.
    pub fn bootstrap_std(&self, rounds: usize, seed: u64) -> Averages {
        let n = self.pages.len();
        if n < 2 || rounds < 2 {
            return Averages::default();
        }
        let mut rng = SplitMix64(seed);
        let mut samples = Vec::with_capacity(rounds);
        let mut picked = Vec::with_capacity(n);
        for _ in 0..rounds {
            picked.clear();
            for _ in 0..n {
                let i = (rng.next() % n as u64) as usize;
                picked.push(self.pages[i].counts);
            }
            samples.push(average(&picked));
        }
        let std = |f: fn(&Averages) -> f64| {
            let values: Vec<f64> = samples.iter().map(f).collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let var =
                values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (values.len() - 1) as f64;
            var.sqrt()
        };
        Averages {
            precision: std(|a| a.precision),
            recall: std(|a| a.recall),
            f1: std(|a| a.f1),
        }
    }
}

/// A small deterministic generator for the bootstrap (SplitMix64).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Split text into word tokens the way the benchmark does (Python `re.findall(r'\w+', text)`).
pub fn tokenize(text: &str) -> Vec<&str> {
    crate::text::tokens(text).collect()
}

/// The multiset of `n`-token shingles of `text`. A text with fewer than `n` tokens (but at least
/// one) gives a single shorter shingle; an empty text gives none. `n` of 0 is taken as 1.
pub fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let n = n.max(1);
    let tokens = tokenize(text);
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let windows = tokens.len().saturating_sub(n) + 1;
    for i in 0..windows {
        let end = (i + n).min(tokens.len());
        *counts.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Normalised TP/FP/FN of predicted against true 4-token shingles (the benchmark's
/// `string_shingle_matching`).
pub fn shingle_matching(truth: &str, predicted: &str) -> ShingleCounts {
    let true_sh = shingles(truth, SHINGLE_LEN);
    let pred_sh = shingles(predicted, SHINGLE_LEN);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (key, &t) in &true_sh {
        let p = pred_sh.get(key).copied().unwrap_or(0);
        tp += t.min(p);
        fn_ += t.saturating_sub(p);
    }
    for (key, &p) in &pred_sh {
        let t = true_sh.get(key).copied().unwrap_or(0);
        fp += p.saturating_sub(t);
    }
    let sum = (tp + fp + fn_) as f64;
    if sum > 0.0 {
        ShingleCounts {
            tp: tp as f64 / sum,
            fp: fp as f64 / sum,
            fn_: fn_ as f64 / sum,
        }
    } else {
        ShingleCounts::default()
    }
}

/// The benchmark's `precision_score`.
pub fn precision_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

/// The benchmark's `recall_score`.
pub fn recall_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

/// Average per-page counts the way the benchmark does (`metrics_from_tp_fp_fns`). Where no page
/// qualifies for an average (the benchmark would raise), that average is 0.
pub fn average(counts: &[ShingleCounts]) -> Averages {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(counts.iter().filter_map(|c| c.precision()).collect());
    let recall = mean(counts.iter().filter_map(|c| c.recall()).collect());
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Averages {
        precision,
        recall,
        f1,
    }
}

/// Score one prediction against its truth.
pub fn score_page(page: &Page, predicted: &str) -> PageScore {
    let true_tokens = tokenize(&page.article_body);
    let pred_tokens = tokenize(predicted);
    PageScore {
        id: page.id.clone(),
        url: page.url.clone(),
        counts: shingle_matching(&page.article_body, predicted),
        exact: true_tokens == pred_tokens,
        predicted_tokens: pred_tokens.len(),
        true_tokens: true_tokens.len(),
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> BenchmarkError + '_ {
    move |source| BenchmarkError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Read a gzip-compressed file into a string (invalid UTF-8 replaced).
pub fn read_gz(path: &Path) -> Result<String, BenchmarkError> {
    let file = fs::File::open(path).map_err(io_err(path))?;
    let mut bytes = Vec::new();
    GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(io_err(path))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Read every page of a benchmark folder (`ground-truth.json` and `html/<id>.html.gz`), in id
/// order. Every id of the ground truth must have its HTML file.
pub fn load(dir: &Path) -> Result<Vec<Page>, BenchmarkError> {
    let truth_path = dir.join("ground-truth.json");
    let raw = fs::read_to_string(&truth_path).map_err(io_err(&truth_path))?;
    let value: serde_json::Value =
        serde_json::from_str(&raw).map_err(|source| BenchmarkError::Json {
            path: truth_path.clone(),
            source,
        })?;
    let map = value
        .as_object()
        .ok_or_else(|| BenchmarkError::Format("top level is not an object".into()))?;
    let mut ids: Vec<&String> = map.keys().collect();
    ids.sort();
    let mut pages = Vec::with_capacity(ids.len());
    for id in ids {
        let item = &map[id];
        let article_body = match item.get("articleBody") {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(_) => {
                return Err(BenchmarkError::Format(format!(
                    "articleBody of {id} is not a string"
                )))
            }
        };
        let url = item.get("url").and_then(|u| u.as_str()).map(str::to_owned);
        let html = read_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        pages.push(Page {
            id: id.clone(),
            url,
            html,
            article_body,
        });
    }
    Ok(pages)
}

/// Score `extract` (HTML in, article text out) on already loaded pages.
pub fn evaluate_pages(pages: &[Page], extract: impl Fn(&str) -> String) -> Report {
    Report::from_pages(
        pages
            .iter()
            .map(|page| score_page(page, &extract(&page.html)))
            .collect(),
    )
}

/// Read the benchmark folder `dir` and score `extract` (HTML in, article text out) on every
/// page, as the benchmark's `evaluate.py` does.
pub fn evaluate(dir: &Path, extract: impl Fn(&str) -> String) -> Result<Report, BenchmarkError> {
    Ok(evaluate_pages(&load(dir)?, extract))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn tokenize_like_python_word_regex() {
        assert_eq!(
            tokenize("Hello, wörld! snake_case 42 — Привет 안녕"),
            vec!["Hello", "wörld", "snake_case", "42", "Привет", "안녕"]
        );
        assert!(tokenize(" ,.;— ").is_empty());
    }

    #[test]
    fn short_text_is_one_shingle() {
        let s = shingles("a b", 4);
        assert_eq!(s.len(), 1);
        assert_eq!(s[&vec!["a", "b"]], 1);
        assert!(shingles("", 4).is_empty());
    }

    #[test]
    fn hand_computed_counts() {
        // truth: a b c d e -> {abcd, bcde}; prediction: a b c d x -> {abcd, bcdx}
        // tp = 1, fp = 1, fn = 1 -> each 1/3; P = R = 0.5.
        let c = shingle_matching("a b c d e", "a b c d x");
        assert!(close(c.tp, 1.0 / 3.0) && close(c.fp, 1.0 / 3.0) && close(c.fn_, 1.0 / 3.0));
        assert!(close(c.precision().unwrap(), 0.5));
        assert!(close(c.recall().unwrap(), 0.5));
    }
}
