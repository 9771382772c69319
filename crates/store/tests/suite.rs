//! The store suite: each check is written once against `&mut dyn Store` and run on every
//! backend (today the SQLite file; PostgreSQL joins with its backend).

use wirewatch_doc::contract::Analysis;
use wirewatch_doc::{Doc, Entity, EntityType, Mention, MentionKind, Meta, Sentence, Span};
use wirewatch_store::{
    great_circle_km, FeedValidators, Kind, Near, PutOutcome, Query, QuoteQuery, SqliteStore, Store,
};

/// A small record written for these tests: a report crediting Reuters, from Kabul.
fn record(text: &str, published: Option<&str>) -> Analysis {
    let mut doc = Doc::new(
        text.to_string(),
        Meta {
            published: published.map(|p| p.parse().unwrap()),
            published_source: if published.is_some() {
                wirewatch_doc::PublishedSource::Argument
            } else {
                wirewatch_doc::PublishedSource::None
            },
            ..Meta::default()
        },
    );
    doc.sentences.push(Sentence {
        span: Span::new(0, text.len() as u32),
        tokens: 0..0,
    });
    for (name, kind, subtype, surface) in [
        ("Reuters", EntityType::Org, Some("media"), "Reuters"),
        ("Kabul", EntityType::Gpe, None, "KABUL"),
    ] {
        if let Some(at) = text.find(surface) {
            let span = Span::new(at as u32, (at + surface.len()) as u32);
            let id = doc.add_entity(Entity {
                kind,
                subtype,
                name: name.into(),
                mentions: vec![Mention {
                    span,
                    kind: MentionKind::Name,
                }],
                aliases: vec![surface.into()],
                country: None,
                titles: vec![],
                affiliation: None,
                actor: None,
            });
            if subtype.is_some() {
                doc.relayed_from.push(id);
            }
        }
    }
    Analysis::from_doc(&doc, "test")
}

fn check_put_is_idempotent(store: &mut dyn Store) {
    let r = record(
        "KABUL (Reuters) - Talks resumed in Doha on Monday.",
        Some("2015-01-16"),
    );
    assert_eq!(store.put("a.txt", &r).unwrap(), PutOutcome::Stored);
    assert_eq!(store.put("b.txt", &r).unwrap(), PutOutcome::Duplicate);
    assert_eq!(store.stats().unwrap().documents, 1);
}

fn check_the_same_url_is_the_same_article(store: &mut dyn Store) {
    let mut first = record("KABUL (Reuters) - Talks resumed. 3 comments.", None);
    first.document.url = Some("https://example.org/talks".into());
    let mut again = record("KABUL (Reuters) - Talks resumed. 4 comments.", None);
    again.document.url = first.document.url.clone();
    assert_eq!(store.put("a", &first).unwrap(), PutOutcome::Stored);
    assert_eq!(store.put("b", &again).unwrap(), PutOutcome::Duplicate);
    let other = record("KABUL (Reuters) - Talks resumed. 4 comments.", None);
    assert_eq!(
        store.put("c", &other).unwrap(),
        PutOutcome::Stored,
        "no URL: the text decides"
    );
}

fn check_get_returns_the_record_by_id_or_prefix(store: &mut dyn Store) {
    let r = record("KABUL (Reuters) - A bomb exploded near the airport.", None);
    store.put("c.txt", &r).unwrap();
    assert_eq!(store.get(&r.document.id).unwrap().as_ref(), Some(&r));
    let short = &r.document.id["sha256:".len().."sha256:".len() + 12];
    assert_eq!(store.get(short).unwrap().as_ref(), Some(&r));
    assert_eq!(store.get("sha256:ffffffffffff").unwrap(), None);
}

fn check_entities_are_one_across_reports(store: &mut dyn Store) {
    store
        .put(
            "d.txt",
            &record("KABUL (Reuters) - Markets closed early.", None),
        )
        .unwrap();
    store
        .put(
            "e.txt",
            &record("KABUL (Reuters) - Schools reopened.", None),
        )
        .unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.entities, 2, "Reuters and Kabul, once each");
    assert_eq!(stats.mentions, 4);
    assert_eq!(stats.outlets, 1);
}

fn check_search_text_and_filters(store: &mut dyn Store) {
    store
        .put(
            "f.txt",
            &record(
                "KABUL (Reuters) - Talks resumed in Doha.",
                Some("2015-01-16"),
            ),
        )
        .unwrap();
    store
        .put(
            "g.txt",
            &record("Floods hit the north of the country.", Some("2016-03-01")),
        )
        .unwrap();
    let hits = store.search(&Query::text("doha")).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].source, "f.txt");
    assert!(hits[0].snippet.contains("[Doha]"), "{}", hits[0].snippet);
    let q = Query {
        entity: Some("reuters".into()),
        ..Query::default()
    };
    assert_eq!(
        store.search(&q).unwrap().len(),
        1,
        "entity filter, any case"
    );
    let q = Query {
        entity: Some("KABUL".into()),
        ..Query::default()
    };
    assert_eq!(store.search(&q).unwrap().len(), 1, "through an alias");
    let q = Query {
        since: Some("2016-01-01".into()),
        ..Query::default()
    };
    assert_eq!(store.search(&q).unwrap()[0].source, "g.txt");
    let q = Query {
        text: "floods OR doha".into(),
        until: Some("2015-12-31".into()),
        ..Query::default()
    };
    assert_eq!(store.search(&q).unwrap().len(), 1);
    assert!(store.search(&Query::text("\"unbalanced")).is_err());
}

fn check_near_duplicates_are_one_story(store: &mut dyn Store) {
    let lead = "Gunmen attacked a police checkpoint near Kandahar overnight, killing three officers and wounding two others, a provincial spokesman said on Sunday. The attackers fled on motorbikes after a gun battle that lasted two hours, and no group has said it carried out the attack.";
    store
        .put("a.txt", &record(lead, Some("2015-01-11")))
        .unwrap();
    let copy = format!("KABUL (Reuters) - {}", lead.replace("Sunday", "Monday"));
    store
        .put("b.txt", &record(&copy, Some("2015-01-12")))
        .unwrap();
    store.put("c.txt", &record("Floods hit the north of the country after a week of heavy rain, cutting roads and leaving thousands of homes without power.", None)).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.stories), (3, 2));
    let stories = store.stories(2, 10).unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].reports, 2);
    assert_eq!(stories[0].first.as_deref(), Some("2015-01-11"));
    assert_eq!(stories[0].last.as_deref(), Some("2015-01-12"));
    assert!(stories[0].headline.starts_with("Gunmen attacked"));
    assert_eq!(stories[0].documents.len(), 2);
    assert!(stories[0]
        .documents
        .iter()
        .all(|d| d.starts_with("sha256:")));
}

fn check_replace_keeps_the_document_and_renews_its_layers(store: &mut dyn Store) {
    let old = record(
        "KABUL (Reuters) - Talks resumed in Doha.",
        Some("2015-01-16"),
    );
    store.put("a.txt", &old).unwrap();
    assert_eq!(
        store.doc_ids().unwrap(),
        std::slice::from_ref(&old.document.id)
    );
    let mut new = old.clone();
    new.pipeline.version = "9.9.9".into();
    new.entities.truncate(1);
    store.replace(&old.document.id, &new).unwrap();
    assert_eq!(store.get(&old.document.id).unwrap(), Some(new));
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.mentions), (1, 1));
}

fn check_entity_through_an_alias(store: &mut dyn Store) {
    store
        .put(
            "a.txt",
            &record("KABUL (Reuters) - Talks resumed.", Some("2015-01-16")),
        )
        .unwrap();
    store
        .put(
            "b.txt",
            &record("KABUL (Reuters) - Talks failed.", Some("2015-02-02")),
        )
        .unwrap();
    store
        .put("c.txt", &record("Reuters said nothing.", None))
        .unwrap();
    let e = store
        .entity("kabul", 10)
        .unwrap()
        .expect("found through the alias KABUL");
    assert_eq!(
        (e.name.as_str(), e.kind.as_str(), e.report_count),
        ("Kabul", "GPE", 2)
    );
    assert_eq!(e.aliases, ["KABUL", "Kabul"]);
    assert_eq!(e.co_occurring, [("Reuters".to_string(), 2)]);
    assert_eq!(
        e.timeline,
        [("2015-01".to_string(), 1), ("2015-02".to_string(), 1)]
    );
    assert_eq!(e.reports[0].published.as_deref(), Some("2015-02-02"));
    let r = store.entity("REUTERS", 10).unwrap().unwrap();
    assert_eq!((r.report_count, r.relayed_count), (3, 3));
    assert!(store.entity("Nobody", 10).unwrap().is_none());
}

fn check_layer_rows_and_country(store: &mut dyn Store) {
    use wirewatch_doc::contract::{PlaceRecord, TimeRecord};
    let mut r = record(
        "KABUL (Reuters) - Talks resumed last October.",
        Some("2015-01-16"),
    );
    let text = &r.document.text;
    let at = text.find("last October").unwrap();
    r.times.push(TimeRecord {
        id: "T1".into(),
        text: "last October".into(),
        start: at,
        end: at + 12,
        kind: "DATE".into(),
        value: Some("2014-10".into()),
        modifier: None,
    });
    r.places.push(PlaceRecord {
        id: "P1".into(),
        text: "KABUL".into(),
        start: 0,
        end: 5,
        entity: Some("E2".into()),
        name: Some("Kabul".into()),
        country: Some("AF".into()),
        admin1: None,
        feature: Some("city".into()),
        lat: Some(34.53),
        lon: Some(69.17),
        gazetteer_id: Some("geonames:1138958".into()),
    });
    r.quotes.push(wirewatch_doc::contract::QuoteRecord {
        id: "Q1".into(),
        kind: "indirect".into(),
        text: "Talks resumed".into(),
        start: 18,
        end: 31,
        speaker: Some("E1".into()),
        speaker_mention: None,
        cue: None,
        cue_span: None,
        addressee: None,
        via: vec![],
        strength: Some("reported".into()),
        continues: None,
    });
    store.put("a.txt", &r).unwrap();
    store
        .put("b.txt", &record("Floods hit the north.", None))
        .unwrap();
    let reuters = store.entity("Reuters", 10).unwrap().unwrap();
    assert_eq!(reuters.quotes_by, ["Talks resumed"]);
    assert!(
        reuters.quotes_about.is_empty(),
        "its own words are not about it"
    );
    let kabul = store.entity("Kabul", 10).unwrap().unwrap();
    assert_eq!(kabul.quotes_about, ["Talks resumed"]);
    // Reported in January 2015, about October 2014.
    assert_eq!(kabul.timeline, [("2015-01".to_string(), 1)]);
    assert_eq!(kabul.dated, [("2014-10".to_string(), 1)]);
    let times = store
        .search(&Query {
            kind: Kind::Time,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(times.len(), 1);
    assert_eq!(
        (times[0].snippet.as_str(), times[0].detail.as_deref()),
        ("last October", Some("DATE 2014-10"))
    );
    let places = store
        .search(&Query {
            kind: Kind::Place,
            ..Query::text("talks")
        })
        .unwrap();
    let kabul = store.entity("Kabul", 10).unwrap().unwrap();
    assert_eq!(kabul.places, [("Kabul".to_string(), 1)]);
    assert_eq!(places[0].detail.as_deref(), Some("Kabul, AF (city)"));
    let q = Query {
        country: Some("af".into()),
        ..Query::default()
    };
    assert_eq!(store.search(&q).unwrap().len(), 1);
    let q = Query {
        country: Some("FR".into()),
        ..Query::default()
    };
    assert!(store.search(&q).unwrap().is_empty());
}

/// Adds a place to a record where `surface` is written (the texts here are ASCII, so bytes are
/// characters), resolved to `point` or left without coordinates.
fn with_place(
    mut r: Analysis,
    surface: &str,
    name: &str,
    country: &str,
    point: Option<(f64, f64)>,
) -> Analysis {
    let at = r
        .document
        .text
        .find(surface)
        .expect("the place is in the text");
    r.places.push(wirewatch_doc::contract::PlaceRecord {
        id: format!("P{}", r.places.len() + 1),
        text: surface.into(),
        start: at,
        end: at + surface.len(),
        entity: None,
        name: Some(name.into()),
        country: Some(country.into()),
        admin1: None,
        feature: Some("city".into()),
        lat: point.map(|p| p.0),
        lon: point.map(|p| p.1),
        gazetteer_id: None,
    });
    r
}

const KABUL: (f64, f64) = (34.5253, 69.1783);
const KANDAHAR: (f64, f64) = (31.6133, 65.7101);
const SUVA: (f64, f64) = (-18.1416, 178.4419);
const NUKUALOFA: (f64, f64) = (-21.1394, -175.2045);

fn near(lat: f64, lon: f64, km: f64) -> Query {
    Query {
        near: Some(Near::new(lat, lon, km).unwrap()),
        ..Query::default()
    }
}

fn sources(store: &dyn Store, q: &Query) -> Vec<String> {
    let mut found: Vec<String> = store
        .search(q)
        .unwrap()
        .into_iter()
        .map(|h| h.source)
        .collect();
    found.sort();
    found
}

fn check_places_are_stored_and_found_near_a_point(store: &mut dyn Store) {
    let kabul = with_place(
        record(
            "KABUL (Reuters) - Talks resumed in the capital.",
            Some("2015-01-16"),
        ),
        "KABUL",
        "Kabul",
        "AF",
        Some(KABUL),
    );
    store.put("kabul.txt", &kabul).unwrap();
    assert_eq!(
        store.get(&kabul.document.id).unwrap().unwrap().places,
        kabul.places,
        "places are stored with the record"
    );
    let kandahar = with_place(
        with_place(
            record(
                "Gunmen attacked a checkpoint near Kandahar and in Zabul.",
                Some("2016-03-01"),
            ),
            "Kandahar",
            "Kandahar",
            "AF",
            Some(KANDAHAR),
        ),
        "Zabul",
        "Zabul",
        "AF",
        None,
    );
    store.put("kandahar.txt", &kandahar).unwrap();
    let nowhere = with_place(
        record("Floods hit Springfield after a week of rain.", None),
        "Springfield",
        "Springfield",
        "US",
        None,
    );
    store.put("nowhere.txt", &nowhere).unwrap();

    let km = great_circle_km(KABUL.0, KABUL.1, KANDAHAR.0, KANDAHAR.1);
    assert!((450.0..465.0).contains(&km), "Kabul to Kandahar: {km}");
    assert_eq!(
        sources(store, &near(KABUL.0, KABUL.1, 100.0)),
        ["kabul.txt"]
    );
    assert_eq!(
        sources(store, &near(KABUL.0, KABUL.1, 440.0)),
        ["kabul.txt"],
        "Kandahar is 457 km away"
    );
    assert_eq!(
        sources(store, &near(KABUL.0, KABUL.1, 470.0)),
        ["kabul.txt", "kandahar.txt"]
    );
    // A place without coordinates is never near anything, however wide the circle.
    assert_eq!(
        sources(store, &near(0.0, 0.0, 20_100.0)),
        ["kabul.txt", "kandahar.txt"]
    );
    // Far from both: nothing.
    assert!(sources(store, &near(48.8566, 2.3522, 1000.0)).is_empty());

    // Each hit says which place put it in the circle, and how far that place is.
    let hits = store.search(&near(KANDAHAR.0, KANDAHAR.1, 500.0)).unwrap();
    assert_eq!(hits.len(), 2);
    let far = hits.iter().find(|h| h.source == "kabul.txt").unwrap();
    let place = far.near.as_ref().unwrap();
    assert_eq!((place.place.as_str(), place.text.as_str()), ("P1", "KABUL"));
    assert!((place.km - km).abs() < 0.001, "{place:?}");
    let close = hits.iter().find(|h| h.source == "kandahar.txt").unwrap();
    assert_eq!(close.near.as_ref().unwrap().km, 0.0);
    let json = serde_json::to_value(&hits[0]).unwrap();
    assert!(json["near"]["km"].is_number(), "{json}");
    let plain = serde_json::to_value(&store.search(&Query::default()).unwrap()[0]).unwrap();
    assert!(plain.get("near").is_none(), "no circle, no near: {plain}");

    // It combines with the other filters as they combine with each other.
    let wide = near(KABUL.0, KABUL.1, 470.0);
    let q = Query {
        since: Some("2016-01-01".into()),
        ..wide.clone()
    };
    assert_eq!(sources(store, &q), ["kandahar.txt"]);
    let q = Query {
        entity: Some("Reuters".into()),
        ..wide.clone()
    };
    assert_eq!(sources(store, &q), ["kabul.txt"]);
    let q = Query {
        country: Some("US".into()),
        ..wide.clone()
    };
    assert!(sources(store, &q).is_empty());
    let q = Query {
        text: "gunmen".into(),
        ..wide.clone()
    };
    assert_eq!(sources(store, &q), ["kandahar.txt"]);
    // The limit counts reports in the circle, not reports in its bounding box.
    let q = Query {
        limit: Some(1),
        ..near(KANDAHAR.0, KANDAHAR.1, 10.0)
    };
    assert_eq!(sources(store, &q), ["kandahar.txt"]);

    // Places near a point: only those in the circle, each with its distance.
    let q = Query {
        kind: Kind::Place,
        ..near(KANDAHAR.0, KANDAHAR.1, 100.0)
    };
    let places = store.search(&q).unwrap();
    assert_eq!(places.len(), 1, "{places:?}");
    assert_eq!(places[0].snippet, "Kandahar");
    assert_eq!(
        places[0].detail.as_deref(),
        Some("Kandahar, AF (city), 0.0 km away")
    );
}

fn check_near_across_the_antimeridian_and_a_pole(store: &mut dyn Store) {
    let suva = with_place(
        record("Cyclone warnings were issued in Suva.", None),
        "Suva",
        "Suva",
        "FJ",
        Some(SUVA),
    );
    let tonga = with_place(
        record("Ferries stopped sailing from Nuku'alofa.", None),
        "Nuku'alofa",
        "Nuku'alofa",
        "TO",
        Some(NUKUALOFA),
    );
    let arctic = with_place(
        record("An ice station drifted past the pole.", None),
        "ice station",
        "Ice station",
        "XX",
        Some((89.5, 180.0)),
    );
    for (source, r) in [("suva", &suva), ("tonga", &tonga), ("arctic", &arctic)] {
        store.put(source, r).unwrap();
    }
    let km = great_circle_km(SUVA.0, SUVA.1, NUKUALOFA.0, NUKUALOFA.1);
    assert!((735.0..755.0).contains(&km), "Suva to Nuku'alofa: {km}");
    // From Suva (178° E) east across 180° to Nuku'alofa (175° W), and back west.
    assert_eq!(
        sources(store, &near(SUVA.0, SUVA.1, 760.0)),
        ["suva", "tonga"]
    );
    assert_eq!(sources(store, &near(SUVA.0, SUVA.1, 730.0)), ["suva"]);
    assert_eq!(
        sources(store, &near(NUKUALOFA.0, NUKUALOFA.1, 760.0)),
        ["suva", "tonga"]
    );
    // Centres on the antimeridian, written either way, and just east of it.
    for lon in [180.0, -180.0] {
        assert_eq!(sources(store, &near(-20.0, lon, 550.0)), ["suva", "tonga"]);
        assert_eq!(sources(store, &near(-20.0, lon, 300.0)), ["suva"]);
    }
    assert_eq!(
        sources(store, &near(-19.5, -178.0, 420.0)),
        ["suva", "tonga"]
    );
    // Over the pole: 89.5° N on opposite meridians are 111 km apart.
    assert_eq!(sources(store, &near(89.5, 0.0, 120.0)), ["arctic"]);
    assert!(sources(store, &near(89.5, 0.0, 100.0)).is_empty());
    assert_eq!(sources(store, &near(90.0, 0.0, 60.0)), ["arctic"]);
}

fn check_feed_memory(store: &mut dyn Store) {
    let feed = "https://news.example.org/feed.xml";
    assert_eq!(store.feed_validators(feed).unwrap(), None);
    let v = FeedValidators {
        etag: Some("\"v1\"".into()),
        last_modified: None,
    };
    store.set_feed_validators(feed, &v).unwrap();
    assert_eq!(store.feed_validators(feed).unwrap(), Some(v));
    assert!(!store.seen(feed, "item-1").unwrap());
    store.mark_seen(feed, "item-1").unwrap();
    store.mark_seen(feed, "item-1").unwrap();
    assert!(store.seen(feed, "item-1").unwrap());
    assert!(!store
        .seen("https://other.example.org/rss", "item-1")
        .unwrap());
}

fn check_an_alias_joins_an_entity_and_the_merge_is_recorded(store: &mut dyn Store) {
    // Report 1 knows Reuters by its alias "REUTERS"; report 2 names an entity "REUTERS".
    let mut first = record("KABUL (Reuters) - Talks resumed.", None);
    first.entities[0].aliases.push("REUTERS".into());
    store.put("a", &first).unwrap();
    let mut second = record("KABUL (Reuters) - Talks failed.", None);
    second.entities[0].name = "REUTERS".into();
    store.put("b", &second).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.entities, stats.merges),
        (2, 1),
        "Reuters and Kabul; one merge recorded"
    );
    assert_eq!(
        store.entity("Reuters", 10).unwrap().unwrap().report_count,
        2
    );
}

/// A quote for [`quoted_record`]: its content as written, its kind, its speaker's name (or
/// none), its cue, its addressee's name, its relays' names outermost first, its strength.
struct Said<'a> {
    content: &'a str,
    kind: &'a str,
    speaker: Option<&'a str>,
    cue: Option<&'a str>,
    addressee: Option<&'a str>,
    via: &'a [&'a str],
    strength: &'a str,
}

/// A report built by hand as the entity and quotes layers write one, so that the test says
/// exactly who is mentioned where and who said what. Each entity is (type, subtype, name, the
/// forms the text uses); it is mentioned wherever a form is written (the texts are ASCII).
fn quoted_record(
    text: &str,
    published: &str,
    entities: &[(&str, Option<&str>, &str, &[&str])],
    quotes: &[Said<'_>],
) -> Analysis {
    use wirewatch_doc::contract::{EntityRecord, MentionRecord, QuoteRecord, SpanRecord};
    let mut r = Analysis::from_doc(&Doc::new(text.to_string(), Meta::default()), "test");
    r.document.published = Some(published.into());
    r.document.published_source = "argument".into();
    for (i, &(kind, subtype, name, forms)) in entities.iter().enumerate() {
        let mut mentions: Vec<MentionRecord> = Vec::new();
        for form in forms {
            for (at, _) in text.match_indices(form) {
                let end = at + form.len();
                // "Campbell" inside "John Campbell" is that mention, not another.
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
        let i = entities.iter().position(|e| e.2 == name).unwrap();
        format!("E{}", i + 1)
    };
    for (i, q) in quotes.iter().enumerate() {
        let start = text.find(q.content).unwrap();
        let end = start + q.content.len();
        let speaker_mention = q.speaker.map(|s| {
            let e = &r.entities[entities.iter().position(|e| e.2 == s).unwrap()];
            let m = &e.mentions[0];
            SpanRecord {
                start: m.start,
                end: m.end,
            }
        });
        let cue_span = q.cue.map(|c| {
            let at = text[end..]
                .find(c)
                .map_or_else(|| text.find(c).unwrap(), |a| a + end);
            SpanRecord {
                start: at,
                end: at + c.len(),
            }
        });
        r.quotes.push(QuoteRecord {
            id: format!("Q{}", i + 1),
            kind: q.kind.into(),
            text: q.content.into(),
            start,
            end,
            speaker: q.speaker.map(id_of),
            speaker_mention,
            cue: q.cue.map(str::to_string),
            cue_span,
            addressee: q.addressee.map(id_of),
            via: q.via.iter().map(|v| id_of(v)).collect(),
            strength: Some(q.strength.into()),
            continues: None,
        });
    }
    r
}

/// Three reports with quotes: General Campbell to the Army Times, relayed by Sputnik (January
/// 2015); Campbell again with the Islamic State named outside the quote (March 2015); Campbell
/// on a base (June 2014).
fn quoted_reports() -> [Analysis; 3] {
    let sputnik = quoted_record(
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
            Said {
                content: "IS was recruiting",
                kind: "indirect",
                speaker: Some("John Campbell"),
                cue: Some("told"),
                addressee: Some("Army Times"),
                via: &["Sputnik", "Army Times"],
                strength: "reported",
            },
            Said {
                content: "We are seeing reports of some recruiting,",
                kind: "direct",
                speaker: Some("John Campbell"),
                cue: Some("said"),
                addressee: None,
                via: &["Sputnik", "Army Times"],
                strength: "quoted",
            },
            Said {
                content: "the talks were stalled",
                kind: "indirect",
                speaker: None,
                cue: Some("said"),
                addressee: None,
                via: &[],
                strength: "anonymous",
            },
        ],
    );
    let kabul = quoted_record(
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
        &[Said {
            content: "The situation is calm,",
            kind: "direct",
            speaker: Some("John Campbell"),
            cue: Some("said"),
            addressee: None,
            via: &[],
            strength: "quoted",
        }],
    );
    let base = quoted_record(
        "Campbell said the base would close.",
        "2014-06-01",
        &[("PERSON", None, "John Campbell", &["Campbell"])],
        &[Said {
            content: "the base would close",
            kind: "indirect",
            speaker: Some("John Campbell"),
            cue: Some("said"),
            addressee: None,
            via: &[],
            strength: "reported",
        }],
    );
    [sputnik, kabul, base]
}

/// The texts of quote hits, in order.
fn said(hits: &[wirewatch_store::QuoteHit]) -> Vec<&str> {
    hits.iter().map(|h| h.quote.text.as_str()).collect()
}

fn check_quotes_by_speaker_about_and_since(store: &mut dyn Store) {
    for (source, r) in ["sputnik", "kabul", "base"].iter().zip(quoted_reports()) {
        assert!(store.put(source, &r).unwrap().is_new());
    }
    // Everything, newest report first, in text order within a report.
    let all = store.quotes(&QuoteQuery::default()).unwrap();
    assert_eq!(
        said(&all),
        [
            "The situation is calm,",
            "IS was recruiting",
            "We are seeing reports of some recruiting,",
            "the talks were stalled",
            "the base would close"
        ]
    );
    let told = &all[1];
    assert_eq!(told.published.as_deref(), Some("2015-01-16"));
    assert_eq!(told.quote.quote, "Q1");
    assert_eq!(told.quote.kind, "indirect");
    assert_eq!(told.quote.speaker.as_deref(), Some("John Campbell"));
    assert_eq!(told.quote.cue.as_deref(), Some("told"));
    assert_eq!(told.quote.addressee.as_deref(), Some("Army Times"));
    assert_eq!(told.quote.via, ["Sputnik", "Army Times"]);
    assert_eq!(told.quote.chain, "Sputnik → Army Times → John Campbell");
    assert_eq!(told.quote.strength.as_deref(), Some("reported"));
    assert_eq!(all[2].quote.strength.as_deref(), Some("quoted"));
    assert_eq!(all[3].quote.chain, "unknown speaker");
    assert_eq!(all[3].quote.strength.as_deref(), Some("anonymous"));
    assert_eq!(
        told.quote.summary(),
        "Sputnik → Army Times → John Campbell told (to Army Times) [reported]"
    );

    // By a speaker, through an alias, in any case: "Campbell" is John Campbell.
    let by = |name: &str| QuoteQuery {
        speaker: Some(name.into()),
        ..QuoteQuery::default()
    };
    let campbell = store.quotes(&by("campbell")).unwrap();
    assert_eq!(
        said(&campbell),
        [
            "The situation is calm,",
            "IS was recruiting",
            "We are seeing reports of some recruiting,",
            "the base would close"
        ]
    );
    assert_eq!(store.quotes(&by("John Campbell")).unwrap(), campbell);
    assert!(store.quotes(&by("Army Times")).unwrap().is_empty());
    assert!(store.quotes(&by("Nobody")).unwrap().is_empty());

    // About: a quote whose content names it; in a report where no quote's content does, the
    // report's quotes; never the entity's own words.
    let about = |name: &str| QuoteQuery {
        about: Some(name.into()),
        ..QuoteQuery::default()
    };
    assert_eq!(
        said(&store.quotes(&about("Islamic State")).unwrap()),
        ["The situation is calm,", "IS was recruiting"]
    );
    assert_eq!(
        said(&store.quotes(&about("IS")).unwrap()),
        ["The situation is calm,", "IS was recruiting"],
        "through the alias"
    );
    assert_eq!(
        said(&store.quotes(&about("Campbell")).unwrap()),
        ["the talks were stalled"]
    );
    let e = store.entity("Islamic State", 10).unwrap().unwrap();
    assert_eq!(
        e.quotes_about,
        ["The situation is calm,", "IS was recruiting"],
        "`entity` and `--about` agree"
    );

    // Dates, both filters together, and the limit.
    let q = QuoteQuery {
        speaker: Some("Campbell".into()),
        since: Some("2015-01-01".into()),
        until: Some("2015-02-28".into()),
        ..QuoteQuery::default()
    };
    assert_eq!(
        said(&store.quotes(&q).unwrap()),
        [
            "IS was recruiting",
            "We are seeing reports of some recruiting,"
        ]
    );
    let q = QuoteQuery {
        since: Some("2015-01-17".into()),
        ..QuoteQuery::default()
    };
    assert_eq!(said(&store.quotes(&q).unwrap()), ["The situation is calm,"]);
    let q = QuoteQuery {
        about: Some("Islamic State".into()),
        speaker: Some("Campbell".into()),
        limit: Some(1),
        ..QuoteQuery::default()
    };
    assert_eq!(said(&store.quotes(&q).unwrap()), ["The situation is calm,"]);

    // `search --kind quote` rows carry the same facts.
    let rows = store
        .search(&Query {
            kind: Kind::Quote,
            ..Query::text("recruiting")
        })
        .unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].snippet, "IS was recruiting");
    assert_eq!(
        rows[0].detail.as_deref(),
        Some("Sputnik → Army Times → John Campbell told (to Army Times) [reported]")
    );
    assert_eq!(rows[0].quote.as_ref(), Some(&told.quote));
    assert_eq!(
        rows[2].detail.as_deref(),
        Some("unknown speaker said [anonymous]")
    );
}

fn run_all(make: impl Fn() -> Box<dyn Store>) {
    check_quotes_by_speaker_about_and_since(&mut *make());
    check_places_are_stored_and_found_near_a_point(&mut *make());
    check_near_across_the_antimeridian_and_a_pole(&mut *make());
    check_an_alias_joins_an_entity_and_the_merge_is_recorded(&mut *make());
    check_feed_memory(&mut *make());
    check_the_same_url_is_the_same_article(&mut *make());
    check_layer_rows_and_country(&mut *make());
    check_entity_through_an_alias(&mut *make());
    check_replace_keeps_the_document_and_renews_its_layers(&mut *make());
    check_near_duplicates_are_one_story(&mut *make());
    check_put_is_idempotent(&mut *make());
    check_get_returns_the_record_by_id_or_prefix(&mut *make());
    check_entities_are_one_across_reports(&mut *make());
    check_search_text_and_filters(&mut *make());
}

#[test]
fn sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let counter = std::cell::Cell::new(0);
    run_all(|| {
        counter.set(counter.get() + 1);
        Box::new(SqliteStore::open(dir.path().join(format!("store{}.db", counter.get()))).unwrap())
    });
}

#[test]
fn sqlite_reopens_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let r = record("KABUL (Reuters) - Talks resumed.", None);
    SqliteStore::open(&path).unwrap().put("a.txt", &r).unwrap();
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.stats().unwrap().documents, 1);
    assert_eq!(store.get(&r.document.id).unwrap(), Some(r));
}

#[test]
fn a_bad_near_argument_says_what_is_wrong() {
    let near: Near = " 34.5, 69.2, 100km ".parse().unwrap();
    assert_eq!((near.lat(), near.lon(), near.km()), (34.5, 69.2, 100.0));
    assert_eq!("-33.9,18.4,50".parse::<Near>().unwrap().lat(), -33.9);
    for (arg, reason) in [
        ("34.5,69.2", "\"34.5,69.2\" has 2 parts, not 3"),
        ("", "\"\" has 1 part, not 3"),
        ("34.5;69.2;100", "has 1 part, not 3"),
        ("Kabul,69.2,100", "\"Kabul\" is not a number"),
        ("34.5,69.2,NaN", "\"NaN\" is not a number"),
        ("95,69.2,100", "latitude 95 is not between -90 and 90"),
        ("34.5,190,100", "longitude 190 is not between -180 and 180"),
        ("34.5,69.2,0", "the distance must be more than 0 km, not 0"),
        (
            "34.5,69.2,-5",
            "the distance must be more than 0 km, not -5",
        ),
    ] {
        let err = arg.parse::<Near>().unwrap_err().to_string();
        assert!(
            err.starts_with("--near wants LAT,LON,KM, e.g. 34.5,69.2,100: ")
                && err.contains(reason),
            "{arg}: {err}"
        );
    }
    assert!(Near::new(f64::NAN, 0.0, 1.0).is_err());
}

#[test]
fn a_version_5_store_gains_the_place_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../src/schema_v1.sql"),
            include_str!("../src/schema_v2.sql"),
            include_str!("../src/schema_v3.sql"),
            include_str!("../src/schema_v4.sql"),
            include_str!("../src/schema_v5.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    let r = with_place(
        record("KABUL (Reuters) - Talks resumed.", None),
        "KABUL",
        "Kabul",
        "AF",
        Some(KABUL),
    );
    store.put("a.txt", &r).unwrap();
    assert_eq!(sources(&store, &near(34.5, 69.2, 10.0)), ["a.txt"]);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version >= 6, "{version}");
    let index: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'places_lat_lon'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
}

#[test]
fn a_version_6_store_keeps_its_quotes_and_gains_their_strength() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    let [old, new, _] = quoted_reports();
    {
        // A store as wirewatch wrote it before migration 7: a quote row without the new
        // columns, beside its record, which has them.
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../src/schema_v1.sql"),
            include_str!("../src/schema_v2.sql"),
            include_str!("../src/schema_v3.sql"),
            include_str!("../src/schema_v4.sql"),
            include_str!("../src/schema_v5.sql"),
            include_str!("../src/schema_v6.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        let d = &old.document;
        conn.execute(
            "INSERT INTO documents (id, doc_id, published, published_source, source, text,
                                    pipeline_version, record)
             VALUES (1, ?1, ?2, 'argument', 'old.txt', ?3, 'test', ?4)",
            rusqlite::params![
                d.id,
                d.published,
                d.text,
                serde_json::to_string(&old).unwrap()
            ],
        )
        .unwrap();
        let q = &old.quotes[0];
        conn.execute(
            "INSERT INTO quotes (document_id, local_id, kind, text, start, end, cue, via)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, '[]')",
            rusqlite::params![q.id, q.kind, q.text, q.start as i64, q.end as i64, q.cue],
        )
        .unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    let hits = store.quotes(&QuoteQuery::default()).unwrap();
    assert_eq!(said(&hits), ["IS was recruiting"]);
    assert_eq!(hits[0].quote.strength.as_deref(), Some("reported"));
    store.put("new.txt", &new).unwrap();
    let hits = store.quotes(&QuoteQuery::default()).unwrap();
    assert_eq!(said(&hits), ["The situation is calm,", "IS was recruiting"]);
    assert_eq!(hits[0].quote.strength.as_deref(), Some("quoted"));
    drop(store);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 7);
    // The cue's and the speaker's spans, from the old record and from the new put alike.
    let spans = |doc_id: &str| -> (i64, i64, i64, i64) {
        conn.query_row(
            "SELECT cue_start, cue_end, speaker_start, speaker_end FROM quotes
             WHERE document_id = (SELECT id FROM documents WHERE doc_id = ?1) AND local_id = 'Q1'",
            [doc_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
    };
    for r in [&old, &new] {
        let q = &r.quotes[0];
        let (cue, speaker) = (q.cue_span.unwrap(), q.speaker_mention.unwrap());
        assert_eq!(
            spans(&r.document.id),
            (
                cue.start as i64,
                cue.end as i64,
                speaker.start as i64,
                speaker.end as i64
            )
        );
        let text = &r.document.text;
        assert_eq!(&text[cue.start..cue.end], q.cue.as_deref().unwrap());
        assert!(text[speaker.start..speaker.end].contains("Campbell"));
    }
}
