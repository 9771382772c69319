//! The benchmark reader and scorer on a tiny benchmark folder written by the test.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use wirewatch_ingest::benchmark::{self, shingle_matching, tokenize};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn write_gz(path: &Path, text: &str) {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    std::fs::write(path, enc.finish().unwrap()).unwrap();
}

/// A fresh, empty folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("wirewatch-ingest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Three pages; the "HTML" is the text the fake extractor returns.
fn tiny_benchmark(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    std::fs::create_dir(dir.path().join("html")).unwrap();
    let truth = r#"{
        "a": {"articleBody": "a b c d e", "url": "https://a.example/"},
        "b": {"articleBody": "one two three four"},
        "c": {"articleBody": "x y"}
    }"#;
    std::fs::write(dir.path().join("ground-truth.json"), truth).unwrap();
    write_gz(&dir.path().join("html/a.html.gz"), "a b c d x");
    write_gz(&dir.path().join("html/b.html.gz"), "");
    write_gz(&dir.path().join("html/c.html.gz"), "x, y!");
    dir
}

#[test]
fn shingle_scores_by_hand() {
    // truth shingles {abcd, bcde}, predicted {abcd, bcdx}: tp = fp = fn = 1 of 3.
    let c = shingle_matching("a b c d e", "a b c d x");
    assert!(close(c.tp, 1.0 / 3.0) && close(c.fp, 1.0 / 3.0) && close(c.fn_, 1.0 / 3.0));
    assert!(close(c.precision().unwrap(), 0.5) && close(c.recall().unwrap(), 0.5));

    // Repeated shingles count as a multiset: truth "a a a a a" = {aaaa ×2}, prediction
    // "a a a a" = {aaaa ×1}: tp 1, fn 1 → P = 1, R = 0.5.
    let c = shingle_matching("a a a a a", "a a a a");
    assert!(close(c.precision().unwrap(), 1.0) && close(c.recall().unwrap(), 0.5));

    // Punctuation and case: tokens are word runs, case kept.
    assert_eq!(
        tokenize("It's 4:30 — Łódź_2!"),
        vec!["It", "s", "4", "30", "Łódź_2"]
    );
    let c = shingle_matching("One two", "one two");
    assert!(close(c.precision().unwrap(), 0.0) && close(c.recall().unwrap(), 0.0));

    // Empty prediction: no precision (left out of the average), recall 0.
    let c = shingle_matching("one two three four", "");
    assert_eq!(c.precision(), None);
    assert!(close(c.recall().unwrap(), 0.0));
    // Both empty: nothing to score either way.
    let c = shingle_matching("", "");
    assert_eq!((c.precision(), c.recall()), (None, None));
}

#[test]
fn evaluate_averages_like_the_benchmark() {
    let dir = tiny_benchmark("averages");
    let report = benchmark::evaluate(dir.path(), |html| html.to_string()).unwrap();
    assert_eq!(report.pages.len(), 3);
    let ids: Vec<&str> = report.pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(report.pages[0].url.as_deref(), Some("https://a.example/"));
    // P = mean(0.5, 1.0) (page b has no prediction), R = mean(0.5, 0.0, 1.0),
    // F1 = harmonic mean of the two averages.
    assert!(close(report.precision, 0.75), "{}", report.precision);
    assert!(close(report.recall, 0.5), "{}", report.recall);
    assert!(close(report.f1, 2.0 * 0.75 * 0.5 / 1.25), "{}", report.f1);
    assert!(close(report.accuracy, 1.0 / 3.0));
    assert_eq!(report.empty_predictions, 1);
    // Per-page F1: 0.5, 0 and 1.
    assert!(close(report.mean_page_f1, 0.5));
    let std = report.bootstrap_std(200, 7);
    assert!(std.f1 > 0.0 && std.f1 < 1.0);
}

#[test]
fn missing_files_are_errors() {
    let dir = tiny_benchmark("missing");
    std::fs::remove_file(dir.path().join("html/c.html.gz")).unwrap();
    let err = benchmark::evaluate(dir.path(), |h| h.to_string()).unwrap_err();
    assert!(err.to_string().contains("c.html.gz"), "{err}");

    let empty = TempDir::new("empty");
    assert!(benchmark::load(empty.path()).is_err());
    std::fs::write(empty.path().join("ground-truth.json"), "[1, 2]").unwrap();
    assert!(matches!(
        benchmark::load(empty.path()),
        Err(benchmark::BenchmarkError::Format(_))
    ));
}
