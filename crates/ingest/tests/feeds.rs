//! `feeds`: feed documents of each kind, and feed lists.

use std::time::Duration;

use wirewatch_ingest::feeds::{
    parse, parse_duration, parse_feed_list, parse_with_base, FeedError, FeedItem, FeedList,
    FeedSpec,
};

const RSS2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Harbour Gazette: Coast</title>
    <link>https://gazette.example/coast/</link>
    <description>News from the coast</description>
    <atom:link href="https://gazette.example/coast/rss.xml" rel="self" type="application/rss+xml"/>
    <item>
      <title>Ferry service resumes after storm</title>
      <link>https://gazette.example/coast/2025/06/ferry-resumes</link>
      <guid isPermaLink="false">gazette-48151</guid>
      <pubDate>Tue, 03 Jun 2025 23:30:00 -0400</pubDate>
      <description><![CDATA[<p>The harbour master said the <b>first crossing</b> left at 6 a.m.</p><p>More later.</p>]]></description>
    </item>
    <item>
      <title>Council approves &amp; funds new sea wall</title>
      <link>/coast/2025/06/sea-wall</link>
      <pubDate>Mon, 02 Jun 2025 09:15:00 GMT</pubDate>
      <description>Councillors voted 7 to 2 on Monday.</description>
    </item>
    <item>
      <title>Letters to the editor</title>
      <description>Readers write about parking.</description>
    </item>
    <item>
      <description>An item with neither title nor link.</description>
    </item>
  </channel>
</rss>"#;

#[test]
fn rss2_items() {
    let items = parse(RSS2.as_bytes()).expect("an RSS 2.0 feed");
    assert_eq!(items.len(), 4);

    assert_eq!(
        items[0],
        FeedItem {
            id: "gazette-48151".into(),
            url: Some("https://gazette.example/coast/2025/06/ferry-resumes".into()),
            title: Some("Ferry service resumes after storm".into()),
            // The date as written, not converted to UTC (which would be June 4).
            published: Some("2025-06-03".into()),
            summary: Some(
                "The harbour master said the first crossing left at 6 a.m. More later.".into()
            ),
        }
    );

    // No guid: the link is the id; a relative link is made absolute against the channel link.
    let second = &items[1];
    assert_eq!(
        second.url.as_deref(),
        Some("https://gazette.example/coast/2025/06/sea-wall")
    );
    assert_eq!(second.id, "https://gazette.example/coast/2025/06/sea-wall");
    assert_eq!(
        second.title.as_deref(),
        Some("Council approves & funds new sea wall")
    );
    assert_eq!(second.published.as_deref(), Some("2025-06-02"));
    assert_eq!(
        second.summary.as_deref(),
        Some("Councillors voted 7 to 2 on Monday.")
    );

    // No guid, no link: kept, with a hash of the title as id.
    let third = &items[2];
    assert_eq!(third.url, None);
    assert_eq!(third.published, None);
    assert!(
        third.id.starts_with("sha256:") && third.id.len() == 7 + 64,
        "{}",
        third.id
    );
    // Neither title nor link: still an id of its own.
    let fourth = &items[3];
    assert_eq!(fourth.title, None);
    assert!(fourth.id.starts_with("sha256:"));
    assert_ne!(fourth.id, third.id);

    // Ids are stable from one read to the next.
    let again = parse(RSS2.as_bytes()).expect("same feed");
    assert_eq!(again, items);
}

#[test]
fn base_url_resolves_relative_links() {
    let items = parse_with_base(
        RSS2.as_bytes(),
        Some("https://mirror.example/feeds/coast.xml"),
    )
    .expect("an RSS 2.0 feed");
    assert_eq!(
        items[1].url.as_deref(),
        Some("https://mirror.example/coast/2025/06/sea-wall")
    );
}

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Courier</title>
  <id>urn:uuid:5b1b3a2e-4d0c-4c64-9b62-6f0f3b8f8d10</id>
  <updated>2025-06-04T08:00:00Z</updated>
  <link rel="self" href="https://courier.example/atom.xml"/>
  <link rel="alternate" href="https://courier.example/"/>
  <entry>
    <title type="html">Mayor &lt;em&gt;rejects&lt;/em&gt; bridge tolls</title>
    <id>tag:courier.example,2025:bridge-tolls</id>
    <link rel="alternate" type="text/html" href="https://courier.example/2025/06/bridge-tolls"/>
    <link rel="enclosure" type="audio/mpeg" href="https://courier.example/audio/tolls.mp3"/>
    <published>2025-06-01T22:10:00+02:00</published>
    <updated>2025-06-02T07:00:00+02:00</updated>
    <summary>The mayor said tolls would "hurt commuters".</summary>
  </entry>
  <entry>
    <title>Flood warning lifted</title>
    <id>tag:courier.example,2025:flood</id>
    <link href="https://courier.example/2025/06/flood"/>
    <updated>2025-06-03T18:45:00-05:00</updated>
  </entry>
</feed>"#;

#[test]
fn atom_entries() {
    let items = parse(ATOM.as_bytes()).expect("an Atom feed");
    assert_eq!(
        items,
        [
            FeedItem {
                id: "tag:courier.example,2025:bridge-tolls".into(),
                url: Some("https://courier.example/2025/06/bridge-tolls".into()),
                title: Some("Mayor rejects bridge tolls".into()),
                published: Some("2025-06-01".into()),
                summary: Some("The mayor said tolls would \"hurt commuters\".".into()),
            },
            FeedItem {
                id: "tag:courier.example,2025:flood".into(),
                url: Some("https://courier.example/2025/06/flood".into()),
                title: Some("Flood warning lifted".into()),
                // Only <updated>: used as the date.
                published: Some("2025-06-03".into()),
                summary: None,
            },
        ]
    );
}

#[test]
fn rss1_rdf_items() {
    let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://plain.example/rss">
    <title>Plain Times</title>
    <link>https://plain.example/</link>
    <description>Plain news</description>
  </channel>
  <item rdf:about="https://plain.example/a">
    <title>Rail strike called off</title>
    <link>https://plain.example/a</link>
    <dc:date>2025-05-30T12:00:00+01:00</dc:date>
    <description>Unions and operators reached a deal.</description>
  </item>
</rdf:RDF>"#;
    let items = parse(rdf.as_bytes()).expect("an RSS 1.0 feed");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].url.as_deref(), Some("https://plain.example/a"));
    assert_eq!(items[0].title.as_deref(), Some("Rail strike called off"));
    assert_eq!(items[0].published.as_deref(), Some("2025-05-30"));
    assert!(!items[0].id.is_empty());
}

#[test]
fn rss091_items() {
    let rss = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="0.91">
  <channel>
    <title>Old Wire</title>
    <link>http://oldwire.example/</link>
    <description>Since 1999</description>
    <language>en-us</language>
    <item>
      <title>Harvest festival opens</title>
      <link>http://oldwire.example/harvest.html</link>
      <description>Crowds gathered at the square.</description>
    </item>
  </channel>
</rss>"#;
    let items = parse(rss.as_bytes()).expect("an RSS 0.91 feed");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].id, "http://oldwire.example/harvest.html");
    assert_eq!(items[0].title.as_deref(), Some("Harvest festival opens"));
    assert_eq!(
        items[0].summary.as_deref(),
        Some("Crowds gathered at the square.")
    );
}

#[test]
fn latin1_rss_is_read_with_its_declared_encoding() {
    let mut rss = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\
<rss version=\"2.0\"><channel><title>t</title><link>http://x.example/</link><description>d</description>\
<item><title>Caf"
        .to_vec();
    rss.extend_from_slice(
        b"\xe9 reopens</title><link>http://x.example/cafe</link></item></channel></rss>",
    );
    let items = parse(&rss).expect("a Latin-1 feed");
    assert_eq!(items[0].title.as_deref(), Some("Café reopens"));
}

#[test]
fn json_feed_items() {
    let json = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Night Desk",
  "home_page_url": "https://nightdesk.example/",
  "items": [
    {
      "id": "2025-0042",
      "url": "https://nightdesk.example/power-cut",
      "title": "Power cut hits the old town",
      "summary": "Engineers expect repairs by dawn.",
      "date_published": "2025-06-05T01:20:00-07:00"
    },
    {
      "id": "",
      "url": "https://nightdesk.example/no-id",
      "content_text": "An item whose id is empty."
    }
  ]
}"#;
    let items = parse(json.as_bytes()).expect("a JSON feed");
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0],
        FeedItem {
            id: "2025-0042".into(),
            url: Some("https://nightdesk.example/power-cut".into()),
            title: Some("Power cut hits the old town".into()),
            published: Some("2025-06-05".into()),
            summary: Some("Engineers expect repairs by dawn.".into()),
        }
    );
    assert_eq!(items[1].id, "https://nightdesk.example/no-id");

    // HTML inside JSON strings is not counted as XML nesting.
    let html = "<p>line<br>".repeat(400);
    let json = format!(
        r#"{{"version": "https://jsonfeed.org/version/1", "title": "T", "items": [{{"id": "1", "content_html": "{html}"}}]}}"#
    );
    let items = parse(json.as_bytes()).expect("a JSON feed with long HTML");
    assert_eq!(items[0].id, "1");
}

#[test]
fn an_empty_feed_has_no_items() {
    let rss = r#"<rss version="2.0"><channel><title>Quiet</title><link>http://q.example/</link><description>-</description></channel></rss>"#;
    assert_eq!(parse(rss.as_bytes()), Ok(Vec::new()));
}

#[test]
fn html_is_not_a_feed() {
    let html = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour Gazette</title></head>
<body><h1>Ferry service resumes</h1><p>The first crossing left at 6 a.m.</p></body></html>"#;
    match parse(html.as_bytes()) {
        Err(FeedError::NotAFeed { reason }) => assert!(!reason.is_empty()),
        other => panic!("expected NotAFeed, got {other:?}"),
    }
    for junk in [
        &b""[..],
        b"plain words",
        b"{\"not\": \"a feed\"}",
        b"<rss version=\"2.0\"><channel><item><title>cut off",
        b"\xff\xfe\x00<",
        b"[1, 2, 3]",
    ] {
        let result = parse(junk);
        assert!(
            matches!(result, Err(FeedError::NotAFeed { .. })),
            "{:?}: {result:?}",
            String::from_utf8_lossy(junk)
        );
    }
    let error = parse(b"<html></html>").expect_err("not a feed");
    assert!(error.to_string().starts_with("not a feed: "), "{error}");
}

#[test]
fn hostile_nesting_is_refused_not_a_crash() {
    // Past the XML parser's own nesting limit.
    let deep = format!(
        "<rss version=\"2.0\"><channel>{}{}</channel></rss>",
        "<x>".repeat(100_000),
        "</x>".repeat(100_000)
    );
    assert!(matches!(
        parse(deep.as_bytes()),
        Err(FeedError::NotAFeed { .. })
    ));
    // A summary of deeply nested HTML, escaped inside the XML, is still read.
    let summary = format!(
        "{}deep{}",
        "&lt;div&gt;".repeat(5_000),
        "&lt;/div&gt;".repeat(5_000)
    );
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>t</title><link>http://x.example/</link><description>d</description>\
<item><title>Deep</title><link>http://x.example/d</link><description>{summary}</description></item></channel></rss>"
    );
    let items = parse(rss.as_bytes()).expect("a feed");
    assert_eq!(items[0].summary.as_deref(), Some("deep"));
}

#[test]
fn feed_list() {
    let text = r#"
# Feeds to follow.
[[feed]]
url = "https://gazette.example/coast/rss.xml"
name = "Harbour Gazette"
every = "15m"
home = "Maine, US"

[[feed]]
url = "https://courier.example/atom.xml"
every = "2h30m"

[[feed]]
url = "http://oldwire.example/rss"
"#;
    let list = parse_feed_list("FEEDS.toml", text).expect("a valid list");
    assert_eq!(
        list,
        FeedList {
            feeds: vec![
                FeedSpec {
                    url: "https://gazette.example/coast/rss.xml".into(),
                    name: Some("Harbour Gazette".into()),
                    every: Some(Duration::from_secs(15 * 60)),
                    home: Some("Maine, US".into()),
                },
                FeedSpec {
                    url: "https://courier.example/atom.xml".into(),
                    name: None,
                    every: Some(Duration::from_secs(2 * 3600 + 30 * 60)),
                    home: None,
                },
                FeedSpec {
                    url: "http://oldwire.example/rss".into(),
                    name: None,
                    every: None,
                    home: None,
                },
            ]
        }
    );
}

fn list_error(text: &str) -> String {
    match parse_feed_list("my/FEEDS.toml", text) {
        Err(error @ FeedError::FeedList { .. }) => {
            let message = error.to_string();
            assert!(message.starts_with("my/FEEDS.toml: "), "{message}");
            assert!(!message.contains('\n'), "one line: {message}");
            message
        }
        other => panic!("expected a FeedList error for {text:?}, got {other:?}"),
    }
}

#[test]
fn feed_list_errors() {
    // TOML syntax: TOML's own message, with the line.
    let message = list_error("[[feed]]\nurl = \"https://a.example/rss\"\nname = \n");
    assert!(message.contains("line 3"), "{message}");
    // Unknown key.
    let message =
        list_error("[[feed]]\nurl = \"https://a.example/rss\"\nevery = \"1h\"\ntitle = \"A\"\n");
    assert!(
        message.contains("line 4") && message.contains("unknown field `title`"),
        "{message}"
    );
    // Unknown table.
    let message = list_error("[[feeds]]\nurl = \"https://a.example/rss\"\n");
    assert!(message.contains("feeds"), "{message}");
    // Missing url.
    let message = list_error("[[feed]]\nname = \"A\"\n");
    assert!(message.contains("url"), "{message}");
    // Wrong type.
    let message = list_error("[[feed]]\nurl = 42\n");
    assert!(
        message.contains("url") || message.contains("string"),
        "{message}"
    );
    // Not http(s), not a URL.
    let message = list_error("[[feed]]\nurl = \"ftp://a.example/rss\"\n");
    assert!(
        message.contains("feed 1") && message.contains("http"),
        "{message}"
    );
    let message = list_error("[[feed]]\nurl = \"a.example/rss\"\n");
    assert!(message.contains("not a valid URL"), "{message}");
    // Bad interval, named with its feed.
    let message = list_error(
        "[[feed]]\nurl = \"https://a.example/rss\"\n[[feed]]\nurl = \"https://b.example/rss\"\nevery = \"0\"\n",
    );
    assert!(
        message.contains("feed 2")
            && message.contains("https://b.example/rss")
            && message.contains("every"),
        "{message}"
    );
    // The same feed twice.
    let message = list_error(
        "[[feed]]\nurl = \"https://a.example/rss\"\n[[feed]]\nurl = \"https://a.example/rss\"\n",
    );
    assert!(message.contains("already feed 1"), "{message}");
    // Empty name; no feeds at all.
    list_error("[[feed]]\nurl = \"https://a.example/rss\"\nname = \"  \"\n");
    let message = list_error("# nothing yet\n");
    assert!(message.contains("no feeds"), "{message}");
    list_error("");
}

#[test]
fn durations() {
    let ok = [
        ("90s", 90),
        ("15m", 900),
        ("1h", 3600),
        ("2h30m", 9000),
        ("1d", 86_400),
        ("1d12h", 129_600),
        ("1h0m5s", 3605),
        (" 45m ", 2700),
        ("0h10m", 600),
    ];
    for (text, secs) in ok {
        assert_eq!(
            parse_duration(text),
            Ok(Duration::from_secs(secs)),
            "{text}"
        );
    }
    let bad = [
        "",
        "0",
        "0s",
        "0h0m",
        "15",
        "-5m",
        "+5m",
        "5 m",
        "1.5h",
        "abc",
        "m",
        "15x",
        "10ms",
        "30m2h",
        "1h1h",
        "h1",
        "99999999999999999999s",
        "999999999999999d",
        "１５m",
    ];
    for text in bad {
        let error = parse_duration(text).expect_err(text);
        assert!(!error.is_empty());
    }
    assert!(parse_duration("-5m")
        .expect_err("negative")
        .contains("negative"));
}
