//! `html::extract` on small pages written for these tests.

use wirewatch_ingest::html::{extract, extract_text, normalize_date, Article};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const ARTICLE_PARAGRAPHS: [&str; 6] = [
    "The harbour bridge in Millbrook reopened to traffic on Thursday morning, two years after engineers closed it when cracks were found in two of its steel supports.",
    "The first cars crossed shortly after seven o'clock, watched by a small crowd of residents who had gathered on the quay with flasks of tea and hand-painted banners.",
    "\"It has been a long wait for everyone who lives on the north shore,\" said the council leader, Maria Lindqvist, who cut a ribbon before the barriers were lifted. \"The detour added forty minutes to the school run.\"",
    "Repairs cost the council just over twelve million pounds, about a third more than first estimated, because corrosion inside the deck turned out to be worse than the early surveys suggested.",
    "Engineers replaced both damaged supports and resurfaced the whole span. A new weight limit of eighteen tonnes will apply until the final load tests are finished in the summer.",
    "Local traders welcomed the reopening. The owner of a bakery near the southern end of the bridge said her takings had fallen by almost half while it was shut.",
];

#[test]
fn article_page_text_is_the_body_only() {
    let article = extract(&fixture("article.html"), None);
    // Exactly the six body paragraphs, in order, separated by a blank line.
    assert_eq!(article.text, ARTICLE_PARAGRAPHS.join("\n\n"));
    for noise in [
        "cookies",
        "Accept all",
        "Sport",
        "Contact us",
        "Photo: Courier staff",
        "Advertisement",
        "Follow us on Twitter",
        "comments",
        "nightmare",
        "Most read",
        "cycle lanes",
        "newsletter",
        "All rights reserved",
    ] {
        assert!(
            !article.text.contains(noise),
            "{noise:?} leaked into the text"
        );
    }
}

#[test]
fn article_page_metadata() {
    let article = extract(
        &fixture("article.html"),
        Some("https://courier.example/news/harbour-bridge-reopens?utm_source=feed"),
    );
    assert_eq!(
        article.title.as_deref(),
        Some("Harbour bridge reopens after two years of repairs")
    );
    assert_eq!(article.author.as_deref(), Some("Jane Okafor"));
    assert_eq!(article.published.as_deref(), Some("2024-03-14"));
    assert_eq!(
        article.canonical_url.as_deref(),
        Some("https://courier.example/news/harbour-bridge-reopens")
    );
    assert_eq!(article.site_name.as_deref(), Some("The Millbrook Courier"));
    assert_eq!(article.language.as_deref(), Some("en-GB"));
}

#[test]
fn extract_text_matches_extract() {
    let html = fixture("article.html");
    assert_eq!(extract_text(&html, None), extract(&html, None).text);
}

#[test]
fn relative_canonical_needs_a_base() {
    // Without the page URL the relative <link rel=canonical> cannot be resolved; og:url is
    // absolute and is used instead.
    let article = extract(&fixture("article.html"), None);
    assert_eq!(
        article.canonical_url.as_deref(),
        Some("https://courier.example/news/harbour-bridge-reopens")
    );
    let html = r#"<html><head><link rel="canonical" href="/a/b"></head><body></body></html>"#;
    assert_eq!(extract(html, None).canonical_url, None);
    assert_eq!(
        extract(html, Some("https://news.example/x?y=1"))
            .canonical_url
            .as_deref(),
        Some("https://news.example/a/b")
    );
}

#[test]
fn json_ld_fills_what_meta_tags_lack() {
    let html = r#"<!doctype html><html><head><title>Page title | Site</title>
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","name":"Example Site"},
  {"@type":["NewsArticle"],"headline":"  Headline   from JSON-LD ",
   "datePublished":"2021-06-30T23:59:59-07:00",
   "author":[{"@type":"Person","name":"Ana Silva"},{"@type":"Person","name":"By Li Wei"}],
   "publisher":{"@type":"Organization","name":"Example Media"},
   "inLanguage":"pt_BR"}]}
</script></head><body><p>Short.</p></body></html>"#;
    let a = extract(html, None);
    assert_eq!(a.title.as_deref(), Some("Headline from JSON-LD"));
    assert_eq!(a.author.as_deref(), Some("Ana Silva, Li Wei"));
    // The date part as written, without converting the time zone.
    assert_eq!(a.published.as_deref(), Some("2021-06-30"));
    assert_eq!(a.site_name.as_deref(), Some("Example Media"));
    assert_eq!(a.language.as_deref(), Some("pt-BR"));
}

#[test]
fn date_sources_in_order() {
    let meta_date = r#"<html><head><meta name="date" content="2020-02-29">
<script type="application/ld+json">{"@type":"Article","datePublished":"2019-01-01"}</script>
</head><body><time datetime="2018-05-05">5 May</time></body></html>"#;
    assert_eq!(
        extract(meta_date, None).published.as_deref(),
        Some("2020-02-29")
    );

    let time_only =
        r#"<html><body><p>Posted <time datetime="2018-05-05T10:00">5 May</time></p></body></html>"#;
    assert_eq!(
        extract(time_only, None).published.as_deref(),
        Some("2018-05-05")
    );

    let unparseable = r#"<html><head><meta property="article:published_time" content="last Tuesday">
</head><body><time datetime="soon">soon</time></body></html>"#;
    assert_eq!(extract(unparseable, None).published, None);
}

#[test]
fn normalize_date_formats() {
    assert_eq!(
        normalize_date("2019-11-19T23:30:00-05:00").as_deref(),
        Some("2019-11-19")
    );
    assert_eq!(
        normalize_date("Tue, 19 Nov 2019 10:00:00 GMT").as_deref(),
        Some("2019-11-19")
    );
    assert_eq!(
        normalize_date("November 19, 2019").as_deref(),
        Some("2019-11-19")
    );
    assert_eq!(normalize_date("2019-02-29"), None);
    assert_eq!(normalize_date("03/04/2019"), None);
}

#[test]
fn page_without_article_has_empty_text() {
    let a = extract(&fixture("no_article.html"), None);
    assert_eq!(a.text, "");
    assert_eq!(
        a.title.as_deref(),
        Some("Accueil"),
        "the site name is dropped"
    );
    assert_eq!(a.site_name.as_deref(), Some("Le Petit Portail"));
    assert_eq!(a.language.as_deref(), Some("fr"));
    assert_eq!(a.published, None);
    assert_eq!(a.author, None);
}

#[test]
fn malformed_page_keeps_its_words() {
    let a = extract(&fixture("malformed.html"), None);
    for start in [
        "Opening paragraph of a page whose markup is a mess",
        "Second paragraph bold and italic still italic? continues",
        "Third paragraph after stray closing tags, with a link and some more words",
    ] {
        assert!(
            a.text.split("\n\n").any(|p| p.starts_with(start)),
            "missing {start:?} in {:?}",
            a.text
        );
    }
    assert_eq!(a.title.as_deref(), Some("Broken & page"));
    assert_eq!(a.author.as_deref(), Some("Sam Lee"));
    // "not a date" and an impossible JSON-LD date in broken JSON: no date is invented.
    assert_eq!(a.published, None);
}

#[test]
fn whitespace_is_collapsed_inside_paragraphs() {
    let body: String = (0..6)
        .map(|i| {
            format!(
                "<p>Paragraph {i}\tof a story\n   that wraps   over\r\n several lines in the source, with enough words in it to count as the body of an article.</p>\n"
            )
        })
        .collect();
    let html = format!("<html><body><article>{body}</article></body></html>");
    let text = extract(&html, None).text;
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 6, "{text:?}");
    assert_eq!(
        paragraphs[2],
        "Paragraph 2 of a story that wraps over several lines in the source, with enough words in it to count as the body of an article."
    );
}

#[test]
fn odd_inputs_never_panic() {
    let deep = "<div>".repeat(100_000) + "deep text";
    let medium = "<div>".repeat(1_000) + "<p>medium deep text</p>";
    let inputs: Vec<String> = vec![
        String::new(),
        "just some plain text, no markup at all".into(),
        "<".into(),
        "</p></p></div>".into(),
        "<html><head><title>never closed".into(),
        "<script type=\"application/ld+json\">{{{{</script>".into(),
        "<meta property=og:title content>".into(),
        "<html lang=\"\u{0}\"><body>\u{FFFD}\u{0}\u{202E}</body></html>".into(),
        String::from_utf8_lossy(&(0u8..=255).cycle().take(5000).collect::<Vec<u8>>()).into_owned(),
        deep,
        medium,
        "<table>".repeat(3000),
    ];
    for input in &inputs {
        let a: Article = extract(input, Some("not a url"));
        assert!(!a.text.contains("\n\n\n"));
    }
}

#[test]
fn deep_nesting_is_bounded_in_time() {
    let deep = "<span>".repeat(200_000) + "x";
    let start = std::time::Instant::now();
    let a = extract(&deep, None);
    assert_eq!(a.text, "");
    assert!(start.elapsed().as_secs() < 10);
}
