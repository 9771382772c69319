//! The founding example (examples/sputnik-2015-01-16-is-recruitment.txt): each expected value
//! below was checked by reading the article.

mod support;

use wirewatch::doc::PublishedSource;
use wirewatch::Input;

const ARTICLE: &str = include_str!("../examples/sputnik-2015-01-16-is-recruitment.txt");

fn record() -> wirewatch::Analysis {
    let mut input = Input::text(ARTICLE);
    input.published = Some("2015-01-16".parse().unwrap());
    input.published_source = PublishedSource::Argument;
    support::pipeline().analyze(input)
}

#[test]
fn document_block_reads_moscow_sputnik_relayed_from_the_army_times() {
    let r = record();
    let d = &r.document;
    assert_eq!(r.schema, "wirewatch.analysis/1");
    let dl = d
        .dateline
        .as_ref()
        .expect("the article opens with a dateline");
    assert_eq!(dl.place, "MOSCOW");
    assert_eq!(dl.date_text.as_deref(), Some("January 16"));
    assert_eq!(dl.outlet.as_deref(), Some("Sputnik"));
    assert_eq!((dl.start, dl.end), (0, 30));
    assert_eq!(
        support::slice(&r, dl.start, dl.end),
        "MOSCOW, January 16 (Sputnik) —"
    );
    assert_eq!(d.outlet.as_deref(), Some("Sputnik"));
    assert_eq!(d.published.as_deref(), Some("2015-01-16"));
    assert_eq!(d.published_source, "argument");
    assert_eq!(support::names(&r, &d.relayed_from), ["Army Times"]);
    assert_eq!(d.language.as_deref(), Some("en"));
    assert_eq!(d.text, ARTICLE);
}

#[test]
fn sentence_boundaries() {
    let r = record();
    let s = support::sentences(&r);
    assert_eq!(s.len(), 14, "{s:#?}");
    // The dateline belongs to the lead sentence, which ends at the credit.
    assert!(s[0].starts_with("MOSCOW, January 16 (Sputnik) — A top military commander"));
    assert!(s[0].ends_with("the Army Times reports."));
    // A quotation split across two sentences.
    assert_eq!(s[2], "\"We are seeing reports of some recruiting.");
    assert!(s[3].starts_with("There have been some night letter drops;"));
    assert!(s[3].ends_with("quite frankly.\""));
    // A quote that ends with its cue: '"…," Campbell noted.'
    assert!(s[6].starts_with("\"The Taliban have their allegiance"));
    assert!(s[6].ends_with("than ISIS,\" Campbell noted."));
    // Bracketed editorial insertions do not end sentences.
    assert!(s[10].contains("[IS as it is known in the Arab world]"));
    assert!(s[11].contains("[although] I have not seen a whole bunch of it yet"));
    assert!(s[13].ends_with("Iran's FARS News Agency reported."));
}

#[test]
fn credited_and_addressed_outlets_are_media_entities() {
    let r = record();
    let media: Vec<(&str, usize)> = r
        .entities
        .iter()
        .filter(|e| e.subtype.as_deref() == Some("media"))
        .map(|e| (e.name.as_str(), e.mentions.len()))
        .collect();
    // Sputnik (dateline), the Army Times (credited, told, then "the newspaper"), Kommersant
    // (told), FARS (credited).
    assert_eq!(
        media,
        [
            ("Sputnik", 1),
            ("Army Times", 3),
            ("Kommersant", 1),
            ("Fars News Agency", 1)
        ]
    );
    for e in &r.entities {
        for m in &e.mentions {
            assert_eq!(support::slice(&r, m.start, m.end), m.text);
        }
    }
    let fars = r
        .entities
        .iter()
        .find(|e| e.name == "Fars News Agency")
        .unwrap();
    assert_eq!(fars.mentions[0].text, "FARS News Agency");
}

#[test]
fn selected_tokens() {
    use wirewatch::doc::{Doc, Meta};
    let layer = wirewatch::nlp::TextLayer::embedded().unwrap();
    let mut doc = Doc::new(ARTICLE.to_string(), Meta::default());
    layer.run(&mut doc);
    let tokens: Vec<&str> = doc.tokens.iter().map(|t| doc.span_text(t.span)).collect();
    let has = |seq: &[&str]| tokens.windows(seq.len()).any(|w| w == seq);
    assert!(has(&["NATO", "'s", "Resolute"]), "possessive clitic");
    assert!(has(&["we", "'ve", "seen"]), "clitic 've");
    assert!(has(&["he", "'s", "\""]), "clitic 's before a quote");
    assert!(
        has(&["Tehrik-e-Taliban", "Pakistan", "(", "TTP", ")"]),
        "hyphenated name"
    );
    assert!(has(&["al-Baghdadi", "."]), "al- name");
    assert!(has(&["IS-affiliated"]), "hyphenated acronym");
    assert!(
        has(&["(", "Sputnik", ")", "—"]),
        "dateline punctuation keeps the original em dash"
    );
    assert!(has(&["[", "IS", "as"]), "bracket");
    assert!(has(&["Islamists", "'"]), "plural possessive apostrophe");
}

/// Each time expression of the article, read against 2015-01-16 only (values checked by
/// reading: the report is dated 16 January 2015 and its clauses are in the past tense).
#[test]
fn times_resolve_against_the_report_date() {
    let r = record();
    let found: Vec<(&str, &str, &str, Option<&str>)> = r
        .times
        .iter()
        .map(|t| {
            (
                t.text.as_str(),
                t.kind.as_str(),
                t.value.as_deref().unwrap_or("-"),
                t.modifier.as_deref(),
            )
        })
        .collect();
    let expected = [
        ("January 16", "DATE", "2015-01-16", None),
        ("at present", "DATE", "PRESENT_REF", None),
        ("years", "DURATION", "PXY", None),
        ("Last October", "DATE", "2014-10", None),
        ("late last year", "DATE", "2014", Some("END")),
        ("late December", "DATE", "2014-12", Some("END")),
        ("Earlier this month", "DATE", "2015-01", Some("START")),
    ];
    assert_eq!(found, expected);
    for t in &r.times {
        assert_eq!(support::slice(&r, t.start, t.end), t.text);
    }
}

/// Without a reference date nothing is given a year it cannot have.
#[test]
fn times_without_a_date_keep_only_what_the_text_says() {
    let text = std::fs::read_to_string("examples/sputnik-2015-01-16-is-recruitment.txt").unwrap();
    let r = support::analyze(&text);
    let values: Vec<&str> = r.times.iter().filter_map(|t| t.value.as_deref()).collect();
    assert!(values.contains(&"XXXX-10"), "{values:?}");
    assert!(values.contains(&"XXXX-12"), "{values:?}");
    assert!(values.contains(&"XXXX"), "{values:?}");
    assert!(
        values.iter().all(|v| !v.starts_with("20")),
        "a year was invented: {values:?}"
    );
}

/// The names of the article, typed and made one entity per actor (each checked by reading):
/// Islamic State = IS = ISIS = Daesh; TTP = Tehrik-e-Taliban Pakistan; "Campbell" is John
/// Campbell; outlets are organisations, not people or places.
#[test]
fn names_are_typed_and_one_entity_per_actor() {
    let r = record();
    let entity = |name: &str| entity_named(&r, name);
    let forms = |name: &str| -> Vec<String> {
        let mut f: Vec<String> = entity(name)
            .mentions
            .iter()
            .map(|m| m.text.clone())
            .collect();
        f.sort();
        f.dedup();
        f
    };
    assert_eq!(entity("Islamic State").kind, "ORG");
    assert_eq!(
        forms("Islamic State"),
        ["Daesh", "IS", "ISIS", "Islamic State"]
    );
    assert!(forms("Tehrik-e-Taliban Pakistan").contains(&"TTP".to_string()));
    assert_eq!(entity("Taliban").kind, "ORG");
    assert_eq!(entity("John Campbell").kind, "PERSON");
    assert_eq!(
        forms("John Campbell"),
        [
            "Campbell",
            "John Campbell",
            "The general",
            "he",
            "his",
            "the general"
        ]
    );
    // "his intelligence" (told … that his) and "he's made it a priority": pronouns, and
    // "the general" a nominal; only names are names.
    let kinds: Vec<(&str, &str)> = entity("John Campbell")
        .mentions
        .iter()
        .map(|m| (m.text.as_str(), m.kind.as_str()))
        .collect();
    for (text, kind) in kinds {
        let expected = match text {
            "he" | "his" => "pronoun",
            "The general" | "the general" => "nominal",
            _ => "name",
        };
        assert_eq!(kind, expected, "{text}");
    }
    assert_eq!(entity("Sputnik").kind, "ORG");
    assert_eq!(entity("Kommersant").kind, "ORG");
    for place in [
        "Afghanistan",
        "Pakistan",
        "Iraq",
        "Russia",
        "Moscow",
        "Central Asia",
    ] {
        assert_eq!(entity(place).kind, "GPE", "{place}");
    }
    for people in ["Iranian", "Afghan", "Pakistani"] {
        assert_eq!(entity(people).kind, "NORP", "{people}");
    }
    // Nothing named twice under two types.
    let mut names: Vec<&str> = r.entities.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "a name with two entities");
}

/// Titles, nominal references and actor codes (checked by reading): "the general" is John
/// Campbell, titled General; "the newspaper" he spoke to is the Army Times; Lavrov is Foreign
/// Minister; the Islamic State and the Taliban carry their CAMEO codes.
#[test]
fn titles_nominals_and_actor_codes() {
    let r = record();
    let entity = |name: &str| entity_named(&r, name);
    let campbell = entity("John Campbell");
    assert_eq!(campbell.titles, ["General"]);
    // "United States Army General John Campbell": he belongs to the United States Army.
    let army = campbell
        .affiliation
        .as_ref()
        .and_then(|id| r.entities.iter().find(|e| &e.id == id))
        .expect("Campbell's affiliation");
    assert_eq!(army.name, "United States Army");
    assert_eq!(army.actor.as_ref().map(|a| a.code.as_str()), Some("USAMIL"));
    let general: Vec<&str> = campbell
        .mentions
        .iter()
        .filter(|m| m.text.eq_ignore_ascii_case("the general"))
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(general.len(), 3, "The general notes / added / noted");
    assert!(entity("Army Times")
        .mentions
        .iter()
        .any(|m| m.text == "the newspaper"));
    assert_eq!(entity("Sergey Lavrov").titles, ["Foreign Minister"]);
    let code = |name: &str| entity(name).actor.as_ref().map(|a| a.code.clone());
    assert_eq!(code("Islamic State").as_deref(), Some("IMGMUSISI"));
    assert_eq!(code("Taliban").as_deref(), Some("AFGREB"));
    assert_eq!(code("Tehrik-e-Taliban Pakistan").as_deref(), Some("PAKREB"));
    let taliban = entity("Taliban").actor.clone().unwrap();
    assert_eq!(
        (taliban.country.as_deref(), taliban.role.as_deref()),
        (Some("AFG"), Some("REB"))
    );
}

/// The record's entity of this canonical name; the test fails when there is none.
fn entity_named<'a>(
    r: &'a wirewatch::Analysis,
    name: &str,
) -> &'a wirewatch::doc::contract::EntityRecord {
    r.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}"))
}

/// The founding article on a map: the dateline's Moscow, the countries it names or implies
/// ("Iranian"), Central Asia, and northern Afghanistan as a part of Afghanistan.
#[test]
fn places_are_on_the_map() {
    let r = record();
    let place = |text: &str| {
        r.places
            .iter()
            .find(|p| p.text == text)
            .unwrap_or_else(|| panic!("no place {text:?}"))
    };
    let moscow = place("MOSCOW");
    assert_eq!(
        (
            moscow.name.as_deref(),
            moscow.country.as_deref(),
            moscow.feature.as_deref()
        ),
        (Some("Moscow"), Some("RU"), Some("city"))
    );
    let (lat, lon) = (moscow.lat.unwrap(), moscow.lon.unwrap());
    assert!(
        (lat - 55.75).abs() < 0.1 && (lon - 37.62).abs() < 0.1,
        "{lat},{lon}"
    );
    assert_eq!(moscow.gazetteer_id.as_deref(), Some("geonames:524901"));
    for (text, country) in [
        ("Afghanistan", "AF"),
        ("Pakistan", "PK"),
        ("Iraq", "IQ"),
        ("Russia", "RU"),
        ("Iran", "IR"),
        ("Iranian", "IR"),
        ("Afghan", "AF"),
    ] {
        let p = place(text);
        assert_eq!(p.country.as_deref(), Some(country), "{text}");
        assert_eq!(p.feature.as_deref(), Some("country"), "{text}");
        assert!(p.lat.is_some() && p.lon.is_some(), "{text}");
    }
    let asia = place("Central Asia");
    assert_eq!(asia.feature.as_deref(), Some("region"));
    assert!(asia.lat.is_some());
    let north = place("northern Afghanistan");
    assert_eq!(north.feature.as_deref(), Some("region"));
    assert_eq!(north.country.as_deref(), Some("AF"));
    let whole = place("Afghanistan");
    assert!(
        north.lat.unwrap() > whole.lat.unwrap(),
        "north of the country's point"
    );
    // Each place points at its entity, and each place entity at its first place.
    for p in &r.places {
        let id = p.entity.as_deref().expect("an entity");
        assert!(r.entities.iter().any(|e| e.id == id), "{id}");
    }
    let afghanistan = r.entities.iter().find(|e| e.name == "Afghanistan").unwrap();
    assert!(afghanistan.place.is_some());
    // An actor's name is no place, whatever words stand around it ("a rise in IS recruitment").
    for name in ["IS", "ISIS", "Daesh", "TTP"] {
        assert!(
            r.places.iter().all(|p| p.text != name),
            "{name} is no place"
        );
    }
}

/// Who said what in the founding article: ten quoted passages, each Campbell's or Lavrov's,
/// the three reported statements with their sources, and the relay chains.
#[test]
fn quotes_and_their_chains() {
    let r = record();
    let name = |id: &str| {
        r.entities
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.as_str())
            .unwrap_or("?")
    };
    let quoted: Vec<_> = r.quotes.iter().filter(|q| q.kind != "indirect").collect();
    assert_eq!(
        quoted.len(),
        10,
        "{:?}",
        quoted.iter().map(|q| &q.text).collect::<Vec<_>>()
    );
    for q in &quoted {
        let speaker = name(q.speaker.as_deref().expect("a speaker"));
        let via: Vec<&str> = q.via.iter().map(|v| name(v)).collect();
        match speaker {
            "John Campbell" => assert_eq!(via, ["Sputnik", "Army Times"], "{}", q.text),
            "Sergey Lavrov" => assert_eq!(via, ["Sputnik", "Kommersant"], "{}", q.text),
            other => panic!("{other} for {:?}", q.text),
        }
        assert_eq!(q.strength.as_deref(), Some("quoted"));
    }
    let kinds: Vec<&str> = quoted.iter().map(|q| q.kind.as_str()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "direct").count(),
        3,
        "{kinds:?}"
    );
    // "…," Campbell noted: the cue after the quote.
    let taliban = quoted
        .iter()
        .find(|q| q.text.starts_with("The Taliban"))
        .unwrap();
    assert_eq!(taliban.cue.as_deref(), Some("noted"));
    // The three reported statements.
    let reported = |start: &str| {
        r.quotes
            .iter()
            .find(|q| q.kind == "indirect" && q.text.starts_with(start))
            .unwrap_or_else(|| panic!("no reported statement {start:?}"))
    };
    let campbell = reported("his intelligence has confirmed");
    assert_eq!(name(campbell.speaker.as_deref().unwrap()), "John Campbell");
    assert_eq!(name(campbell.addressee.as_deref().unwrap()), "Army Times");
    let ttp = reported("six Pakistani Taliban groups");
    assert_eq!(
        name(ttp.speaker.as_deref().unwrap()),
        "Tehrik-e-Taliban Pakistan"
    );
    let mention = ttp.speaker_mention.as_ref().unwrap();
    assert!(support::slice(&r, mention.start, mention.end).starts_with("a spokesman for"));
    // Every cue is a verb or phrase as written in lower case, and every reported statement's
    // source is one the text gives ("the United States" holds no verb "states").
    for q in &r.quotes {
        if let Some(cue) = &q.cue {
            assert!(
                !cue.starts_with(char::is_uppercase),
                "cue {cue:?} for {:?}",
                q.text
            );
        }
        let speaker = q.speaker.as_deref().map(name);
        assert!(
            matches!(
                speaker,
                None | Some(
                    "John Campbell"
                        | "Sergey Lavrov"
                        | "Army Times"
                        | "Tehrik-e-Taliban Pakistan"
                        | "Fars News Agency"
                )
            ),
            "{speaker:?} for {:?}",
            q.text
        );
    }
    let fars = reported("Earlier this month, Iranian border guards");
    assert_eq!(name(fars.speaker.as_deref().unwrap()), "Fars News Agency");
    assert_eq!(fars.cue.as_deref(), Some("reported"));
}
