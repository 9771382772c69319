//! The `wirewatch` binary on real inputs and bad ones: records in input order, clear errors
//! naming file and line, non-zero exit on bad input, and no panic.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn wirewatch(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin); // the process may exit before it reads
    drop(input);
    child.wait_with_output().unwrap()
}

fn temp(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wirewatch-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn records(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn founding_article_document_block() {
    let o = wirewatch(
        &[
            "analyze",
            "--published",
            "2015-01-16",
            "examples/sputnik-2015-01-16-is-recruitment.txt",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &r["document"];
    assert_eq!(d["dateline"]["place"], "MOSCOW");
    assert_eq!(d["outlet"], "Sputnik");
    assert_eq!(d["published"], "2015-01-16");
    let relayed = d["relayed_from"][0].as_str().unwrap();
    let entity = r["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == relayed)
        .unwrap();
    assert_eq!(entity["name"], "Army Times");
    assert_eq!(entity["subtype"], "media");
    for layer in [
        "quotes",
        "times",
        "places",
        "events",
        "sentences",
        "entities",
    ] {
        assert!(r[layer].is_array(), "{layer} missing");
    }
    assert_eq!(r["pipeline"]["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn stdin_text_and_pretty_output() {
    let o = wirewatch(
        &["analyze", "--format", "pretty", "-"],
        "KABUL, Afghanistan (AP) — Talks resumed.".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("place KABUL, Afghanistan · date — · outlet AP"),
        "{out}"
    );
    assert!(out.contains("outlet     Associated Press"), "{out}");
    assert!(out.contains("sentences (1)"), "{out}");
}

#[test]
fn jsonl_keeps_order_and_skips_a_corrupt_line_with_its_number() {
    let mut input = String::new();
    for i in 0..300 {
        if i == 150 {
            input.push_str("{\"text\": \"broken\n");
        } else {
            input.push_str(&format!("{{\"text\": \"Report number {i}. It ends here.\", \"published\": \"2009-05-01\", \"categories\": [\"x\"]}}\n"));
        }
    }
    let path = temp("reports.jsonl", input.as_bytes());
    let o = wirewatch(
        &["analyze", "--format", "jsonl", path.to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("reports.jsonl:151: not a JSON report object"),
        "{err}"
    );
    assert!(
        err.contains("analysed 299 report(s); skipped 0 unreadable file(s) and 1 bad line(s)"),
        "{err}"
    );
    let recs = records(&o);
    assert_eq!(recs.len(), 299);
    for (k, r) in recs.iter().enumerate() {
        let i = if k < 150 { k } else { k + 1 };
        assert!(r["document"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Report number {i}.")));
        assert_eq!(r["document"]["published"], "2009-05-01");
        assert_eq!(r["document"]["published_source"], "metadata");
        assert_eq!(r["sentences"].as_array().unwrap().len(), 2);
    }
}

#[test]
fn jsonl_line_errors_say_what_is_wrong() {
    let input = b"{\"title\": \"no text\"}\n{\"text\": \"Fine.\", \"published\": \"last May\"}\n\xff\xfe\n[1,2]\n{\"text\": \"Good.\"}\n";
    let o = wirewatch(&["analyze", "--input", "jsonl", "--format", "jsonl"], input);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("<stdin>:1: the object has no \"text\" field"),
        "{err}"
    );
    assert!(
        err.contains("<stdin>:2: \"published\": \"last May\" is not a date"),
        "{err}"
    );
    assert!(err.contains("<stdin>:3: invalid UTF-8"), "{err}");
    assert!(err.contains("<stdin>:4: not a JSON report object"), "{err}");
    assert_eq!(records(&o).len(), 1);
}

#[test]
fn binary_invalid_and_missing_files_are_named_and_the_rest_analysed() {
    let binary = temp("image.txt", b"GIF89a\x00\x01\x02");
    let latin1 = temp("latin1.txt", b"Caf\xe9 in Paris.\n");
    let o = wirewatch(
        &[
            "analyze",
            "--format",
            "jsonl",
            binary.to_str().unwrap(),
            "missing.txt",
            latin1.to_str().unwrap(),
            "examples/sputnik-2015-01-16-is-recruitment.txt",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("image.txt:1: NUL byte at offset 6"), "{err}");
    assert!(err.contains("cannot read missing.txt"), "{err}");
    assert!(
        err.contains("latin1.txt:1: invalid UTF-8 at byte offset 3"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(records(&o).len(), 1);
}

#[test]
fn empty_input_gives_an_empty_record() {
    let o = wirewatch(&["analyze", "--format", "jsonl"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["sentences"].as_array().unwrap().len(), 0);
    assert!(recs[0]["document"]["language"].is_null());
}

#[test]
fn a_long_single_line_does_not_panic() {
    let line = "word ".repeat(400_000) + "end.";
    let o = wirewatch(&["analyze", "--format", "jsonl"], line.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(records(&o)[0]["sentences"].as_array().unwrap().len(), 1);
}

#[test]
fn bad_date_argument_is_refused_with_the_expected_form() {
    let o = wirewatch(&["analyze", "--published", "16/01/2015", "-"], b"Hi.");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("write it as YYYY-MM-DD"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn non_english_text_says_its_language_and_what_was_skipped() {
    let text = "Le gouvernement français a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs touchés par la sécheresse, selon le ministre.";
    let o = wirewatch(&["analyze", "--format", "jsonl", "-"], text.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let r = &records(&o)[0];
    assert_eq!(r["document"]["language"], "fr");
    let skipped: Vec<&str> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["layer"].as_str().unwrap())
        .collect();
    assert_eq!(
        skipped,
        ["credits", "entities", "places", "quotes", "times"]
    );
    assert!(!r["sentences"].as_array().unwrap().is_empty());
}

#[test]
fn two_runs_print_the_same_bytes() {
    let args = [
        "analyze",
        "--published",
        "2015-01-16",
        "examples/sputnik-2015-01-16-is-recruitment.txt",
    ];
    let (a, b) = (wirewatch(&args, b""), wirewatch(&args, b""));
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn a_long_line_without_spaces_does_not_panic() {
    // No white space at all: every scan that looks ahead to the next space must stay bounded.
    let line = "Kabul,Reuters,a@b,1.5,AP.x-y,www.x.org/(,".repeat(60_000);
    let o = wirewatch(&["analyze", "--format", "jsonl"], line.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(records(&o).len(), 1);
}

#[test]
fn gzipped_jsonl_and_json_arrays_are_read() {
    use std::io::Write as _;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"text\": \"First report. It ends.\"}\n{\"text\": \"Second report.\"}\n")
        .unwrap();
    let jsonl_gz = temp("reports.jsonl.gz", &gz.finish().unwrap());
    let array = temp(
        "reports.json",
        br#"[{"text": "Third report.", "published": "2009-05-01"}, {"title": "no text"}, {"text": "Fourth report."}]"#,
    );
    let o = wirewatch(
        &[
            "analyze",
            "--format",
            "jsonl",
            jsonl_gz.to_str().unwrap(),
            array.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1), "one bad item");
    assert!(
        stderr(&o).contains("reports.json: item 1: the object has no \"text\" field"),
        "{}",
        stderr(&o)
    );
    let texts: Vec<String> = records(&o)
        .iter()
        .map(|r| r["document"]["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        texts,
        [
            "First report. It ends.",
            "Second report.",
            "Third report.",
            "Fourth report."
        ]
    );
}
