//! Feeds and pages over HTTP, from a real server on loopback that this test starts: `follow`
//! stores a feed's items once and polls with a conditional GET; `ingest URL` takes pages and
//! feeds. The pages and the feed are written for this test.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

fn wirewatch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const PAGE_A: &str = "<html><head><title>Bridge reopens</title></head><body><article><p>KABUL (Reuters) - The main bridge over the river reopened on Monday after three weeks of repairs, the public works ministry said, easing traffic into the city centre.</p><p>Officials said heavy lorries would still be kept off the bridge until inspectors finish their checks next month.</p></article></body></html>";
const PAGE_B: &str = "<html><head><title>Rains flood valley</title></head><body><article><p>Heavy rains flooded villages across the northern valley overnight, forcing hundreds of families to leave their homes, a provincial spokesman said on Tuesday.</p><p>Aid groups said roads to the worst-hit villages were cut and that helicopters would carry food and tents.</p></article></body></html>";

/// Serves /feed.xml (with an ETag), /a.html and /b.html; records each request line and
/// whether it was conditional.
fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let (log2, base2) = (Arc::clone(&log), base.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let mut conditional = false;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                    break;
                }
                if header.to_lowercase().starts_with("if-none-match: \"v1\"") {
                    conditional = true;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
            log2.lock().unwrap().push(format!(
                "{path}{}",
                if conditional { " (conditional)" } else { "" }
            ));
            let feed = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Example Wire</title>\
                 <item><guid>a</guid><title>Bridge reopens</title><link>{base2}/a.html</link><pubDate>Mon, 12 Jan 2015 09:00:00 GMT</pubDate></item>\
                 <item><guid>b</guid><title>Rains flood valley</title><link>{base2}/b.html</link><pubDate>Tue, 13 Jan 2015 09:00:00 GMT</pubDate></item>\
                 </channel></rss>"
            );
            let (status, kind, body) = match path.as_str() {
                "/feed.xml" if conditional => {
                    ("304 Not Modified", "application/rss+xml", String::new())
                }
                "/feed.xml" => ("200 OK", "application/rss+xml", feed),
                "/a.html" => ("200 OK", "text/html; charset=utf-8", PAGE_A.to_string()),
                "/b.html" => ("200 OK", "text/html; charset=utf-8", PAGE_B.to_string()),
                _ => ("404 Not Found", "text/plain", "no such page".to_string()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, log)
}

#[test]
fn follow_stores_new_items_once_and_polls_conditionally() {
    let (base, log) = serve();
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.toml");
    std::fs::write(
        &feeds,
        format!("[[feed]]\nurl = \"{base}/feed.xml\"\nname = \"Example Wire\"\nevery = \"10m\"\n"),
    )
    .unwrap();
    let db = dir.path().join("f.db");
    let db = db.to_str().unwrap();

    let o = wirewatch(&["follow", feeds.to_str().unwrap(), "--db", db, "--once"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 new item(s), 2 stored, 0 failed"),
        "{}",
        stderr(&o)
    );

    let o = wirewatch(&["search", "--db", db, "bridge", "--format", "json"]);
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits[0]["title"], "Bridge reopens");
    assert_eq!(
        hits[0]["outlet"], "Example Wire",
        "the feed's name is the outlet"
    );
    assert_eq!(
        hits[0]["published"], "2015-01-12",
        "the item's date stands in for the page's"
    );
    assert_eq!(hits[0]["source"], format!("{base}/a.html"));

    // A restart remembers the feed's ETag and the items it has stored.
    let o = wirewatch(&["follow", feeds.to_str().unwrap(), "--db", db, "--once"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 new item(s), 0 stored"),
        "{}",
        stderr(&o)
    );
    let requests = log.lock().unwrap().clone();
    assert_eq!(
        requests,
        ["/feed.xml", "/a.html", "/b.html", "/feed.xml (conditional)"]
    );
}

#[test]
fn ingest_takes_pages_and_feeds_by_url() {
    let (base, _log) = serve();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.db");
    let db = db.to_str().unwrap();
    let page = format!("{base}/a.html");
    let feed = format!("{base}/feed.xml");
    let missing = format!("{base}/missing.html");
    let o = wirewatch(&["ingest", "--db", db, &page, &feed, &missing]);
    assert_eq!(o.status.code(), Some(1), "the missing page: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("missing.html") && err.contains("404"), "{err}");
    assert!(
        err.contains("2 stored, 1 already in"),
        "page a again through the feed: {err}"
    );
}

#[test]
fn extract_reads_a_page_by_url() {
    let (base, _log) = serve();
    let o = wirewatch(&["extract", "--format", "json", &format!("{base}/a.html")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["title"], "Bridge reopens");
    assert!(v["text"]
        .as_str()
        .unwrap()
        .contains("main bridge over the river reopened"));
    let o = wirewatch(&["extract", &format!("{base}/missing.html")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("404"), "{}", stderr(&o));
}
