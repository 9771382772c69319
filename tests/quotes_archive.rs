//! `wirewatch quotes` and the quote rows of `search`, `export` and `entity`, end to end on a
//! store file. The quotes layer of the pipeline is not needed: the reports are built by hand,
//! as that layer writes them, and put into the store through its API.

use std::process::{Command, Output};

use wirewatch::doc::contract::{EntityRecord, MentionRecord, QuoteRecord, SpanRecord};
use wirewatch::Analysis;

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

/// A quote: its content as written, its speaker's name, its cue, its addressee's name, its
/// relays' names outermost first, its strength.
type QuoteSpec<'a> = (
    &'a str,
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
    &'a [&'a str],
    &'a str,
);

/// A report as the entity and quotes layers would write it. Each entity is (type, subtype,
/// name, the forms the text uses), mentioned wherever a form is written (the texts are ASCII,
/// so bytes are characters).
fn report(
    text: &str,
    published: &str,
    entities: &[(&str, Option<&str>, &str, &[&str])],
    quotes: &[QuoteSpec<'_>],
) -> Analysis {
    let doc = wirewatch::doc::Doc::new(text.to_string(), wirewatch::doc::Meta::default());
    let mut r = Analysis::from_doc(&doc, "test");
    r.document.published = Some(published.into());
    r.document.published_source = "argument".into();
    for (i, &(kind, subtype, name, forms)) in entities.iter().enumerate() {
        let mut mentions: Vec<MentionRecord> = Vec::new();
        for form in forms {
            for (at, _) in text.match_indices(form) {
                let end = at + form.len();
                if mentions.iter().any(|m| m.start <= at && end <= m.end) {
                    continue;
                }
                mentions.push(MentionRecord {
                    start: at,
                    end,
                    text: form.to_string(),
                    kind: "name".into(),
                });
            }
        }
        mentions.sort_by_key(|m| m.start);
        r.entities.push(EntityRecord {
            id: format!("E{}", i + 1),
            kind: kind.into(),
            subtype: subtype.map(str::to_string),
            name: name.into(),
            mentions,
            aliases: forms.iter().map(|f| f.to_string()).collect(),
            titles: vec![],
            affiliation: None,
            actor: None,
            place: None,
            country: None,
        });
    }
    let id_of = |name: &str| {
        format!(
            "E{}",
            entities.iter().position(|e| e.2 == name).unwrap() + 1
        )
    };
    for (i, &(content, speaker, cue, addressee, via, strength)) in quotes.iter().enumerate() {
        let start = text.find(content).unwrap();
        let end = start + content.len();
        let cue_at = text[end..]
            .find(cue)
            .map_or_else(|| text.find(cue).unwrap(), |a| a + end);
        r.quotes.push(QuoteRecord {
            id: format!("Q{}", i + 1),
            kind: if strength == "quoted" {
                "direct"
            } else {
                "indirect"
            }
            .into(),
            text: content.into(),
            start,
            end,
            speaker: speaker.map(id_of),
            speaker_mention: speaker.map(|s| {
                let m = &r.entities[entities.iter().position(|e| e.2 == s).unwrap()].mentions[0];
                SpanRecord {
                    start: m.start,
                    end: m.end,
                }
            }),
            cue: Some(cue.into()),
            cue_span: Some(SpanRecord {
                start: cue_at,
                end: cue_at + cue.len(),
            }),
            addressee: addressee.map(id_of),
            via: via.iter().map(|v| id_of(v)).collect(),
            strength: Some(strength.into()),
            continues: None,
        });
    }
    r
}

/// A store file with three reports: General Campbell to the Army Times, relayed by Sputnik
/// (January 2015); Campbell again with the Islamic State named outside his words (March 2015);
/// Campbell on a base (June 2014).
fn store_with_quotes(dir: &std::path::Path) -> String {
    use wirewatch_store::Store;
    let mut sputnik = report(
        "MOSCOW (Sputnik) - General John Campbell told the Army Times that IS was recruiting. \
         \"We are seeing reports of some recruiting,\" Campbell said. Analysts said the talks were stalled.",
        "2015-01-16",
        &[
            ("ORG", Some("media"), "Sputnik", &["Sputnik"]),
            ("PERSON", None, "John Campbell", &["John Campbell", "Campbell"]),
            ("ORG", Some("media"), "Army Times", &["Army Times"]),
            ("ORG", Some("armed_group"), "Islamic State", &["IS"]),
        ],
        &[
            (
                "IS was recruiting",
                Some("John Campbell"),
                "told",
                Some("Army Times"),
                &["Sputnik", "Army Times"],
                "reported",
            ),
            (
                "We are seeing reports of some recruiting,",
                Some("John Campbell"),
                "said",
                None,
                &["Sputnik", "Army Times"],
                "quoted",
            ),
            ("the talks were stalled", None, "said", None, &[], "anonymous"),
        ],
    );
    sputnik.document.outlet = Some("Sputnik".into());
    sputnik.document.title = Some("NATO commander: IS recruiting in Afghanistan".into());
    sputnik.document.url = Some("https://sputnik.example/is-recruiting".into());
    let mut kabul = report(
        "KABUL (Reuters) - Islamic State fighters crossed the border overnight. \
         \"The situation is calm,\" Campbell said.",
        "2015-03-02",
        &[
            ("ORG", Some("media"), "Reuters", &["Reuters"]),
            (
                "ORG",
                Some("armed_group"),
                "Islamic State",
                &["Islamic State"],
            ),
            ("PERSON", None, "John Campbell", &["Campbell"]),
        ],
        &[(
            "The situation is calm,",
            Some("John Campbell"),
            "said",
            None,
            &[],
            "quoted",
        )],
    );
    kabul.document.outlet = Some("Reuters".into());
    let base = report(
        "Campbell said the base would close.",
        "2014-06-01",
        &[("PERSON", None, "John Campbell", &["Campbell"])],
        &[(
            "the base would close",
            Some("John Campbell"),
            "said",
            None,
            &[],
            "reported",
        )],
    );
    let db = dir.join("q.db");
    let mut store = wirewatch_store::SqliteStore::open(&db).unwrap();
    for (source, r) in [("sputnik", &sputnik), ("kabul", &kabul), ("base", &base)] {
        assert!(store.put(source, r).unwrap().is_new());
    }
    db.to_str().unwrap().to_string()
}

/// The `text` of each object of a JSON array.
fn texts(json: &serde_json::Value) -> Vec<&str> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect()
}

#[test]
fn who_said_what_with_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_quotes(dir.path());

    // For people: newest first, the chain, the words, the report.
    let o = wirewatch(&["quotes", "--db", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(
        table.contains(
            "2015-01-16  Sputnik → Army Times → John Campbell told (to Army Times) [reported]\n    \"IS was recruiting\"\n"
        ),
        "{table}"
    );
    assert!(
        table.contains(" Q1  Sputnik  NATO commander: IS recruiting in Afghanistan\n"),
        "{table}"
    );
    assert!(table.contains(" Q1  Reuters\n"), "no title: {table}");
    assert!(
        table.contains("2015-01-16  unknown speaker said [anonymous]\n"),
        "{table}"
    );
    let at = |words: &str| table.find(words).unwrap();
    assert!(at("The situation is calm") < at("IS was recruiting"));
    assert!(at("IS was recruiting") < at("the base would close"));
    assert_eq!(table.lines().count(), 5 * 3, "{table}");

    // By a speaker, through an alias, as JSON.
    let o = wirewatch(&[
        "quotes",
        "--db",
        &db,
        "--speaker",
        "Campbell",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let quotes: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        texts(&quotes),
        [
            "The situation is calm,",
            "IS was recruiting",
            "We are seeing reports of some recruiting,",
            "the base would close"
        ]
    );
    let q = &quotes[1];
    assert_eq!(q["published"], "2015-01-16");
    assert_eq!(q["outlet"], "Sputnik");
    assert_eq!(q["title"], "NATO commander: IS recruiting in Afghanistan");
    assert_eq!(q["url"], "https://sputnik.example/is-recruiting");
    assert!(q["doc_id"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(q["quote"], "Q1");
    assert_eq!(q["kind"], "indirect");
    assert_eq!(q["speaker"], "John Campbell");
    assert_eq!(q["cue"], "told");
    assert_eq!(q["addressee"], "Army Times");
    assert_eq!(q["via"], serde_json::json!(["Sputnik", "Army Times"]));
    assert_eq!(q["chain"], "Sputnik → Army Times → John Campbell");
    assert_eq!(q["strength"], "reported");

    // About an entity, as CSV: the quote that names it, and in the report where no quote
    // does, that report's quote. "Daesh" is the Islamic State through the actor dictionary.
    for about in ["Islamic State", "IS", "Daesh"] {
        let o = wirewatch(&["quotes", "--db", &db, "--about", about, "--format", "csv"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let csv = stdout(&o);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "doc_id,published,outlet,title,url,quote,kind,speaker,cue,addressee,chain,strength,start,end,text",
            "{about}"
        );
        assert_eq!(lines.len(), 3, "{about}: {csv}");
        assert!(
            lines[1].ends_with(
                ",2015-03-02,Reuters,,,Q1,direct,John Campbell,said,,John Campbell,quoted,72,94,\"The situation is calm,\""
            ),
            "{about}: {csv}"
        );
        assert!(
            lines[2].contains(
                ",Q1,indirect,John Campbell,told,Army Times,Sputnik → Army Times → John Campbell,reported,"
            ),
            "{about}: {csv}"
        );
    }
    // Its own words are not about it.
    let o = wirewatch(&[
        "quotes",
        "--db",
        &db,
        "--about",
        "john campbell",
        "--format",
        "json",
    ]);
    let quotes: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(texts(&quotes), ["the talks were stalled"]);

    // Dates and the limit.
    let o = wirewatch(&[
        "quotes",
        "--db",
        &db,
        "--speaker",
        "campbell",
        "--since",
        "2015-01-01",
        "--until",
        "2015-02-28",
        "--format",
        "json",
    ]);
    let quotes: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        texts(&quotes),
        [
            "IS was recruiting",
            "We are seeing reports of some recruiting,"
        ]
    );
    let o = wirewatch(&["quotes", "--db", &db, "--limit", "1", "--format", "json"]);
    let quotes: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(texts(&quotes), ["The situation is calm,"]);
}

#[test]
fn bad_arguments_and_empty_answers_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_quotes(dir.path());
    let o = wirewatch(&["quotes", "--db", &db, "--since", "2015-13-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"2015-13-01\" is not a date; write it as YYYY-MM-DD"),
        "{}",
        stderr(&o)
    );
    let o = wirewatch(&["quotes", "--db", &db, "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));

    // A name the store does not know is named; a known one with nothing to show is not.
    let o = wirewatch(&["quotes", "--db", &db, "--speaker", "Nobody"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("no entity named \"Nobody\" in "),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("no quote matches"), "{}", stderr(&o));
    let o = wirewatch(&[
        "quotes",
        "--db",
        &db,
        "--speaker",
        "Reuters",
        "--format",
        "json",
    ]);
    assert_eq!(stdout(&o).trim(), "[]");
    assert!(!stderr(&o).contains("no entity named"), "{}", stderr(&o));
    let o = wirewatch(&[
        "quotes",
        "--db",
        &db,
        "--speaker",
        "Reuters",
        "--format",
        "csv",
    ]);
    assert_eq!(stdout(&o).lines().count(), 1, "the header alone");

    let o = wirewatch(&["quotes", "--help"]);
    let help = stdout(&o);
    assert!(help.contains("Examples:"), "{help}");
    assert!(
        help.contains("wirewatch quotes --db news.db --speaker Campbell"),
        "{help}"
    );
}

#[test]
fn search_export_and_entity_name_the_speaker_and_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_quotes(dir.path());

    let o = wirewatch(&[
        "search",
        "--db",
        &db,
        "recruiting",
        "--kind",
        "quote",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 3, "{hits}");
    assert_eq!(hits[0]["snippet"], "IS was recruiting");
    assert_eq!(
        hits[0]["detail"],
        "Sputnik → Army Times → John Campbell told (to Army Times) [reported]"
    );
    assert_eq!(hits[0]["quote"]["speaker"], "John Campbell");
    assert_eq!(hits[0]["quote"]["addressee"], "Army Times");
    assert_eq!(
        hits[0]["quote"]["chain"],
        "Sputnik → Army Times → John Campbell"
    );
    assert_eq!(hits[0]["quote"]["strength"], "reported");
    let o = wirewatch(&["search", "--db", &db, "--kind", "doc", "--format", "json"]);
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        hits[0].get("quote").is_none(),
        "reports carry no quote: {hits}"
    );
    let o = wirewatch(&["search", "--db", &db, "calm", "--kind", "quote"]);
    assert!(
        stdout(&o).contains("    John Campbell said [quoted]: The situation is calm,\n"),
        "{}",
        stdout(&o)
    );

    // The export keeps its columns and adds the names, the chain and the strength.
    let o = wirewatch(&[
        "export",
        "--db",
        &db,
        "--layer",
        "quotes",
        "--format",
        "csv",
        "--since",
        "2015-01-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    assert!(
        csv.starts_with(
            "doc_id,published,outlet,quote,kind,speaker,cue,addressee,via,start,end,text,\
             speaker_name,addressee_name,chain,strength\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(
            ",2015-01-16,Sputnik,Q1,indirect,E2,told,E3,E1 E3,66,83,IS was recruiting,\
             John Campbell,Army Times,Sputnik → Army Times → John Campbell,reported\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(
            ",Q3,indirect,,said,,,158,180,the talks were stalled,,,unknown speaker,anonymous\n"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 5, "{csv}");
    let o = wirewatch(&["export", "--db", &db, "--layer", "quotes"]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert!(
        first["chain"].is_string() && first["strength"].is_string(),
        "{first}"
    );

    // `entity` says through whom its words came, and who spoke about it.
    let o = wirewatch(&["entity", "--db", &db, "Campbell"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "  said       \"IS was recruiting\" — Sputnik → Army Times → John Campbell told (to Army Times) [reported]\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "  said about \"the talks were stalled\" — unknown speaker said [anonymous]\n"
        ),
        "{out}"
    );
    let o = wirewatch(&["entity", "--db", &db, "Islamic State"]);
    assert!(
        stdout(&o)
            .contains("  said about \"The situation is calm,\" — John Campbell said [quoted]\n"),
        "{}",
        stdout(&o)
    );
}
