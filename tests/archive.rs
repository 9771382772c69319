//! The archive commands end to end on a real SQLite file: ingest, ingest again, search with
//! filters, show, stats. Reports are written for this test.

use std::process::{Command, Output};

fn wirewatch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn ingest_search_show_stats() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(reports.join("more")).unwrap();
    std::fs::write(
        reports.join("a.txt"),
        "KABUL, Afghanistan (AP) — Gunmen attacked a police checkpoint near Kandahar overnight, officials said.",
    )
    .unwrap();
    std::fs::write(
        reports.join("more/b.jsonl"),
        concat!(
            r#"{"text": "LONDON (Reuters) - Talks on a ceasefire resumed in Doha on Monday, the Army Times reports.", "published": "2015-01-12", "title": "Talks resume"}"#,
            "\n",
            r#"{"text": "Floods hit the north of the country after a week of rain.", "published": "2016-03-01"}"#,
            "\n",
            "not json\n"
        ),
    )
    .unwrap();
    std::fs::write(reports.join("ignored.csv"), "a,b\n").unwrap();
    let db = dir.path().join("w.db");
    let db = db.to_str().unwrap();

    let o = wirewatch(&["ingest", "--db", db, reports.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "one bad line: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("b.jsonl:3: not a JSON report object"), "{err}");
    assert!(err.contains("3 reports in"), "{err}");
    assert!(err.contains("3 stored, 0 already in"), "{err}");

    // The same reports again: stored once.
    let o = wirewatch(&[
        "ingest",
        "--db",
        db,
        reports.join("a.txt").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 stored, 1 already in"),
        "{}",
        stderr(&o)
    );

    let o = wirewatch(&["stats", "--db", db, "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(stats["documents"], 3);

    let o = wirewatch(&["search", "--db", db, "ceasefire", "--format", "json"]);
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["title"], "Talks resume");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[ceasefire]"));

    // Through an alias: "AP" names the Associated Press.
    let o = wirewatch(&["search", "--db", db, "--entity", "AP", "--format", "json"]);
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{}", stdout(&o));
    assert!(hits[0]["source"].as_str().unwrap().ends_with("a.txt"));

    let o = wirewatch(&[
        "search",
        "--db",
        db,
        "--since",
        "2016-01-01",
        "--format",
        "json",
    ]);
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    let id = hits[0]["doc_id"].as_str().unwrap().to_string();

    let o = wirewatch(&["show", "--db", db, &id[7..19], "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let record: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(record["document"]["id"], id.as_str());
    assert_eq!(record["document"]["published"], "2016-03-01");

    let o = wirewatch(&["show", "--db", db, "ffffffffffff"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no document ffffffffffff"));

    // An entity through its alias.
    let o = wirewatch(&["entity", "--db", db, "ap", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(e["name"], "Associated Press");
    assert_eq!(e["report_count"], 1);
    let with: Vec<&str> = e["co_occurring"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert_eq!(
        with,
        ["Afghanistan", "Kabul", "Kandahar"],
        "named in the same report, ties by name"
    );
    let o = wirewatch(&["entity", "--db", db, "Nobody"]);
    assert_eq!(o.status.code(), Some(1));

    // Times, resolved against each report's own date: "on Monday" in a past-tense report of
    // Monday 12 January 2015 is that day; "a week" is a duration.
    let o = wirewatch(&["search", "--db", db, "--kind", "time", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut found: Vec<(&str, &str)> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["snippet"].as_str().unwrap(),
                h["detail"].as_str().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [("Monday", "DATE 2015-01-12"), ("a week", "DURATION P1W")]
    );
    let o = wirewatch(&["export", "--db", db, "--layer", "times", "--format", "csv"]);
    let csv = stdout(&o);
    assert!(
        csv.starts_with("doc_id,published,outlet,time,type,value,mod,start,end,text\n"),
        "{csv}"
    );
    assert!(csv.contains(",T1,DATE,2015-01-12,,59,65,Monday\n"), "{csv}");
    let o = wirewatch(&["entity", "--db", db, "Reuters"]);
    assert!(
        stdout(&o).contains("dates told 2015-01: 1"),
        "{}",
        stdout(&o)
    );

    // Exports: records through a filter, one layer as CSV.
    let o = wirewatch(&["export", "--db", db, "--entity", "AP"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1);
    let o = wirewatch(&[
        "export", "--db", db, "--layer", "entities", "--format", "csv",
    ]);
    let csv = stdout(&o);
    assert!(
        csv.starts_with(
            "doc_id,published,outlet,entity,type,subtype,name,start,end,text,mention_kind\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(",ORG,media,Associated Press,20,22,AP,name\n"),
        "{csv}"
    );
    let o = wirewatch(&["export", "--db", db, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2), "records are JSON lines only");

    // Reanalysis keeps every document and its layers.
    let o = wirewatch(&["reanalyze", "--db", db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("reanalysed 3 reports"),
        "{}",
        stderr(&o)
    );
    let o = wirewatch(&["stats", "--db", db, "--format", "json"]);
    let after: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(after, stats);

    let o = wirewatch(&["search", "--db", db, "\"unbalanced"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot search for"), "{}", stderr(&o));
}

#[test]
fn a_killed_ingest_loses_nothing_committed_and_leaves_nothing_half_stored() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("many.jsonl");
    let mut lines = String::new();
    for i in 0..6000 {
        lines.push_str(&format!(
            "{{\"text\": \"KABUL (AP) - Report {i}: gunmen attacked checkpoint {i} near Kandahar, officials told Reuters on day {i}.\"}}\n"
        ));
    }
    std::fs::write(&reports, lines).unwrap();
    let db = dir.path().join("k.db");
    let db = db.to_str().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(["ingest", "--db", db, reports.to_str().unwrap()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some reports are committed, then kill the process (SIGKILL) mid-ingest.
    let mut stored = 0;
    for _ in 0..400 {
        std::thread::sleep(std::time::Duration::from_millis(25));
        let o = wirewatch(&["stats", "--db", db, "--format", "json"]);
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&o.stdout) {
            stored = v["documents"].as_u64().unwrap_or(0);
            if stored > 0 {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(stored > 0, "the ingest never committed a report");

    // Every stored document is whole: its record reads back and all its rows are there.
    let o = wirewatch(&[
        "export", "--db", db, "--layer", "entities", "--format", "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = wirewatch(&["stats", "--db", db, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let documents = v["documents"].as_u64().unwrap();
    assert!(documents >= stored && documents <= 6000);
    // Every report's mention rows are all there: as many as its stored record has mentions.
    let o = wirewatch(&["export", "--db", db]);
    let mut expected: std::collections::BTreeMap<String, usize> = Default::default();
    for line in stdout(&o).lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let mentions: usize = record["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["mentions"].as_array().unwrap().len())
            .sum();
        assert!(mentions >= 3, "{record}");
        expected.insert(
            record["document"]["id"].as_str().unwrap().to_string(),
            mentions,
        );
    }
    assert_eq!(expected.len() as u64, documents);
    let o = wirewatch(&[
        "export", "--db", db, "--layer", "entities", "--format", "csv",
    ]);
    let mut rows: std::collections::BTreeMap<String, usize> = Default::default();
    for line in stdout(&o).lines().skip(1) {
        let id = line.split(',').next().unwrap().to_string();
        *rows.entry(id).or_default() += 1;
    }
    assert_eq!(rows, expected, "every report's mentions, no partial ones");
    assert_eq!(
        v["mentions"].as_u64().unwrap(),
        expected.values().sum::<usize>() as u64
    );
    assert_eq!(
        v["stories"].as_u64().unwrap(),
        documents,
        "every stored report has its story"
    );

    // Ingesting again finishes the job without storing anything twice.
    let o = wirewatch(&["ingest", "--db", db, reports.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{} stored, {} already in",
            6000 - documents,
            documents
        )),
        "{}",
        stderr(&o)
    );
    let o = wirewatch(&["stats", "--db", db, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["documents"], 6000);
}

/// A news page written for this test: navigation, the article, a sidebar and a footer.
const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Talks resume in Doha | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2015-01-12T09:30:00Z">
<link rel="canonical" href="https://news.example.org/2015/01/talks-resume">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Talks resume in Doha</h1>
<p>DOHA (Reuters) - Negotiators from both sides returned to the table in Doha on Monday, three weeks after the last round of talks broke down over the release of prisoners.</p>
<p>A mediator said the first session lasted four hours and that both delegations had agreed to meet again on Wednesday to discuss a ceasefire along the main highway.</p>
<p>Neither delegation spoke to reporters as they left the hotel where the talks are being held.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Celebrity wedding photos</a></li><li><a href="/b">Ten best beaches</a></li></ul></aside>
<footer>© Example News. <a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"#;

#[test]
fn html_pages_extract_and_ingest_with_their_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("talks.html");
    std::fs::write(&page, PAGE).unwrap();

    let o = wirewatch(&["extract", "--format", "json", page.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["title"], "Talks resume in Doha");
    assert_eq!(v["published"], "2015-01-12");
    assert_eq!(v["site_name"], "Example News");
    let text = v["text"].as_str().unwrap();
    assert!(text.starts_with("DOHA (Reuters) - Negotiators"), "{text}");
    assert!(
        !text.contains("Celebrity") && !text.contains("Privacy"),
        "{text}"
    );

    let out = dir.path().join("out");
    let o = wirewatch(&[
        "extract",
        "--out-dir",
        out.to_str().unwrap(),
        page.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(out.join("talks.txt"))
        .unwrap()
        .contains("ceasefire"));

    let db = dir.path().join("h.db");
    let db = db.to_str().unwrap();
    let o = wirewatch(&["ingest", "--db", db, page.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The extracted text is the same report: stored once.
    let txt = out.join("talks.txt");
    let o = wirewatch(&["ingest", "--db", db, txt.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("0 stored, 1 already in"),
        "{}",
        stderr(&o)
    );
    let o = wirewatch(&["search", "--db", db, "ceasefire", "--format", "json"]);
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    let id = hits[0]["doc_id"].as_str().unwrap();
    let o = wirewatch(&["show", "--db", db, id, "--format", "json"]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &r["document"];
    assert_eq!(d["title"], "Talks resume in Doha");
    assert_eq!(d["published"], "2015-01-12");
    assert_eq!(d["published_source"], "metadata");
    assert_eq!(d["outlet"], "Example News");
    assert_eq!(d["url"], "https://news.example.org/2015/01/talks-resume");
    assert_eq!(d["dateline"]["place"], "DOHA");
}

/// An actor is one entity across the store and is found by any of its names, even one no
/// stored report uses: the actor dictionary knows "Daesh" is the Islamic State.
#[test]
fn an_actor_is_found_through_any_of_its_names() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("r.jsonl");
    std::fs::write(
        &reports,
        concat!(
            r#"{"text": "BAGHDAD (AP) - ISIS claimed the bombing, the group said in a statement."}"#,
            "\n",
            r#"{"text": "KABUL (Reuters) - Islamic State fighters attacked a checkpoint, officials said."}"#,
            "\n",
            r#"{"text": "LONDON (Reuters) - Markets rose on Monday."}"#,
            "\n",
        ),
    )
    .unwrap();
    let db = dir.path().join("a.db");
    let db = db.to_str().unwrap();
    let o = wirewatch(&["ingest", "--db", db, reports.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["Daesh", "ISIS", "islamic state", "ISIL"] {
        let o = wirewatch(&["search", "--db", db, "--entity", name, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(hits.as_array().unwrap().len(), 2, "{name}: {}", stdout(&o));
    }
    let o = wirewatch(&["entity", "--db", db, "Daesh", "--format", "json"]);
    let e: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(e["name"], "Islamic State");
    assert_eq!(e["report_count"], 2);
}

/// A place for [`record_with_places`]: as written, its name, its country, its point.
type PlaceSpec<'a> = (&'a str, &'a str, &'a str, Option<(f64, f64)>);

/// A record built by hand, with places as the places layer writes them, so that the test
/// controls every coordinate: each place where the text has it.
fn record_with_places(
    text: &str,
    published: &str,
    sentences: &[(usize, usize)],
    places: &[PlaceSpec<'_>],
) -> wirewatch::Analysis {
    use wirewatch::doc::contract::{PlaceRecord, SpanRecord};
    let doc = wirewatch::doc::Doc::new(text.to_string(), wirewatch::doc::Meta::default());
    let mut r = wirewatch::Analysis::from_doc(&doc, "test");
    r.document.published = Some(published.into());
    r.document.published_source = "argument".into();
    r.sentences = sentences
        .iter()
        .map(|&(start, end)| SpanRecord { start, end })
        .collect();
    for (i, &(written, name, country, point)) in places.iter().enumerate() {
        let at = text[..text.find(written).unwrap()].chars().count();
        r.places.push(PlaceRecord {
            id: format!("P{}", i + 1),
            text: written.into(),
            start: at,
            end: at + written.chars().count(),
            entity: None,
            name: Some(name.into()),
            country: Some(country.into()),
            admin1: None,
            feature: Some("city".into()),
            lat: point.map(|p| p.0),
            lon: point.map(|p| p.1),
            gazetteer_id: point.map(|_| format!("geonames:{}", 1000 + i)),
        });
    }
    r
}

/// `search --near` and `export --format geojson` over places put into a store by hand.
#[test]
fn places_near_a_point_and_as_geojson() {
    use wirewatch_store::Store;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let kabul_text = "KABUL (Reuters) - Talks resumed in the capital on Monday.\nDelegates from Zabul did not come.";
    let mut kabul = record_with_places(
        kabul_text,
        "2015-01-12",
        &[(0, 57), (58, 92)],
        &[
            ("KABUL", "Kabul", "AF", Some((34.5253, 69.1783))),
            ("Zabul", "Zabul", "AF", None),
        ],
    );
    kabul.document.title = Some("Talks resume".into());
    kabul.document.url = Some("https://news.example.org/talks".into());
    kabul.document.outlet = Some("Reuters".into());
    let kandahar = record_with_places(
        "Gunmen attacked a checkpoint near Kandahar overnight, officials said.",
        "2016-03-01",
        &[],
        &[("Kandahar", "Kandahar", "AF", Some((31.6133, 65.7101)))],
    );
    let suva = record_with_places(
        "Cyclone warnings were issued in Suva.",
        "2016-02-20",
        &[(0, 37)],
        &[("Suva", "Suva", "FJ", Some((-18.1416, 178.4419)))],
    );
    {
        let mut store = wirewatch_store::SqliteStore::open(&db).unwrap();
        for (source, r) in [("kabul", &kabul), ("kandahar", &kandahar), ("suva", &suva)] {
            assert!(store.put(source, r).unwrap().is_new());
        }
    }
    let db = db.to_str().unwrap();

    // Within 100 km of Kabul: the Kabul report, with the place that matched and its distance.
    let o = wirewatch(&[
        "search",
        "--db",
        db,
        "--near",
        "34.5,69.2,100",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits[0]["source"], "kabul");
    assert_eq!(hits[0]["near"]["place"], "P1");
    assert_eq!(hits[0]["near"]["text"], "KABUL");
    let km = hits[0]["near"]["km"].as_f64().unwrap();
    assert!(km > 0.0 && km < 5.0, "{km}");
    // Kandahar is about 457 km from Kabul; the filters combine.
    let o = wirewatch(&[
        "search",
        "--db",
        db,
        "--near",
        "34.5253,69.1783,470",
        "--since",
        "2016-01-01",
        "--format",
        "json",
    ]);
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits[0]["source"], "kandahar");
    let km = hits[0]["near"]["km"].as_f64().unwrap();
    assert!((450.0..465.0).contains(&km), "{km}");
    // A negative latitude needs no `=`, and the table says what is near.
    let o = wirewatch(&["search", "--db", db, "--near", "-18,179.9,300"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("near: Suva (Suva, FJ), "),
        "{}",
        stdout(&o)
    );
    let o = wirewatch(&[
        "search",
        "--db",
        db,
        "--kind",
        "place",
        "--near",
        "31.6,65.7,50",
    ]);
    assert!(
        stdout(&o).contains("Kandahar, AF (city), 1.8 km away: Kandahar"),
        "{}",
        stdout(&o)
    );
    for (bad, reason) in [
        ("95,69.2,100", "latitude 95 is not between -90 and 90"),
        ("34.5,69.2", "\"34.5,69.2\" has 2 parts, not 3"),
        ("34.5,69.2,far", "\"far\" is not a number"),
    ] {
        let o = wirewatch(&["search", "--db", db, "--near", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let message = format!("--near wants LAT,LON,KM, e.g. 34.5,69.2,100: {reason}");
        assert!(stderr(&o).contains(&message), "{bad}: {}", stderr(&o));
    }

    // GeoJSON: a FeatureCollection of points, [lon, lat], with the report and the evidence.
    let o = wirewatch(&[
        "export", "--db", db, "--layer", "places", "--format", "geojson",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 place without coordinates left out"),
        "{}",
        stderr(&o)
    );
    let geo: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 3, "Zabul has no coordinates: {geo}");
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(c.len(), 2);
        assert!(c[0].as_f64().unwrap().abs() <= 180.0 && c[1].as_f64().unwrap().abs() <= 90.0);
    }
    let kabul_feature = features
        .iter()
        .find(|f| f["properties"]["name"] == "Kabul")
        .unwrap();
    assert_eq!(
        kabul_feature["geometry"]["coordinates"],
        serde_json::json!([69.1783, 34.5253]),
        "longitude first"
    );
    let p = &kabul_feature["properties"];
    assert_eq!(p["doc_id"], kabul.document.id.as_str());
    assert_eq!(
        (&p["published"], &p["time"]),
        (&"2015-01-12".into(), &"2015-01-12".into())
    );
    assert_eq!(p["outlet"], "Reuters");
    assert_eq!(p["title"], "Talks resume");
    assert_eq!(p["url"], "https://news.example.org/talks");
    assert_eq!((&p["place"], &p["text"]), (&"P1".into(), &"KABUL".into()));
    assert_eq!(
        (&p["country"], &p["feature"]),
        (&"AF".into(), &"city".into())
    );
    assert!(p["admin1"].is_null());
    assert_eq!(p["gazetteer_id"], "geonames:1000");
    assert_eq!(
        p["evidence"],
        "KABUL (Reuters) - Talks resumed in the capital on Monday."
    );
    // No sentences in the record: the words around the mention.
    let kandahar_feature = features
        .iter()
        .find(|f| f["properties"]["name"] == "Kandahar")
        .unwrap();
    assert_eq!(
        kandahar_feature["properties"]["evidence"],
        kandahar.document.text.as_str()
    );

    // The filters choose the reports, as for every export.
    let o = wirewatch(&[
        "export",
        "--db",
        db,
        "--layer",
        "places",
        "--format",
        "geojson",
        "--country",
        "FJ",
    ]);
    let geo: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 1);
    assert_eq!(geo["features"][0]["properties"]["text"], "Suva");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let o = wirewatch(&[
        "export", "--db", db, "--layer", "places", "--format", "geojson", "--near", "0,0,10",
    ]);
    let geo: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        geo,
        serde_json::json!({"type": "FeatureCollection", "features": []})
    );

    // GeoJSON is for places; CSV of places still has every place.
    let o = wirewatch(&[
        "export", "--db", db, "--layer", "times", "--format", "geojson",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("GeoJSON holds places only: use --layer places --format geojson"),
        "{}",
        stderr(&o)
    );
    let o = wirewatch(&["export", "--db", db, "--format", "geojson"]);
    assert_eq!(o.status.code(), Some(2), "records are not GeoJSON");
    let o = wirewatch(&["export", "--db", db, "--layer", "places", "--format", "csv"]);
    let csv = stdout(&o);
    assert!(
        csv.starts_with(
            "doc_id,published,outlet,place,name,country,feature,lat,lon,gazetteer_id,start,end,text\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(",P1,Kabul,AF,city,34.5253,69.1783,geonames:1000,0,5,KABUL\n"),
        "{csv}"
    );
    assert!(csv.contains(",P2,Zabul,AF,city,,,,73,78,Zabul\n"), "{csv}");
    assert_eq!(csv.lines().count(), 5, "{csv}");
}

/// A local outlet's home is learned from its stored reports: once most of them name Texas,
/// its report on "Athens" is about Athens, Texas, not Greece.
#[test]
fn an_outlet_s_home_is_learned_from_its_stored_reports() {
    let dir = tempfile::tempdir().unwrap();
    let earlier = dir.path().join("earlier.jsonl");
    std::fs::write(
        &earlier,
        concat!(
            r#"{"text": "Tyler police arrested two men on Monday after a chase through Smith County, Texas.", "outlet": "Athens Review"}"#,
            "\n",
            r#"{"text": "Corsicana and Palestine, Texas, will share the cost of a new water line, officials said.", "outlet": "Athens Review"}"#,
            "\n",
            r#"{"text": "Dallas crews worked through the night to restore power across Texas after the storm.", "outlet": "Athens Review"}"#,
            "\n",
        ),
    )
    .unwrap();
    let later = dir.path().join("later.jsonl");
    std::fs::write(
        &later,
        r#"{"text": "Athens council approves budget. The council voted 5-2 on Tuesday to raise water rates by three percent.", "outlet": "Athens Review"}"#,
    )
    .unwrap();
    let db = dir.path().join("h.db");
    let db = db.to_str().unwrap();
    for file in [&earlier, &later] {
        let o = wirewatch(&["ingest", "--db", db, file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    // Within 30 km of Athens, Texas.
    let o = wirewatch(&[
        "search",
        "--db",
        db,
        "--near",
        "32.2049,-95.8555,30",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sources: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["source"].as_str())
        .collect();
    assert_eq!(sources.len(), 1, "{hits}");
    assert!(sources[0].ends_with("later.jsonl:1"), "{hits}");
    assert_eq!(hits[0]["near"]["text"], "Athens", "{hits}");
}
