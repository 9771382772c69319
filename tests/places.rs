//! Places in sentences written for these tests: how the report's context and the text's own
//! containment decide between places of one name.

mod support;

fn place<'a>(r: &'a wirewatch::Analysis, text: &str) -> &'a wirewatch::doc::contract::PlaceRecord {
    r.places.iter().find(|p| p.text == text).unwrap_or_else(|| {
        let seen: Vec<&str> = r.places.iter().map(|p| p.text.as_str()).collect();
        panic!("no place {text:?} in {seen:?}")
    })
}

/// "Kandahar, Afghanistan": the place after the comma contains the one before.
#[test]
fn a_place_named_with_its_country_is_in_that_country() {
    let r = support::analyze(
        "Officials in Hyderabad, Pakistan said on Monday that the roads had reopened.",
    );
    let p = place(&r, "Hyderabad");
    assert_eq!(p.country.as_deref(), Some("PK"));
    let r = support::analyze(
        "Officials in Hyderabad, India said on Monday that the roads had reopened.",
    );
    assert_eq!(place(&r, "Hyderabad").country.as_deref(), Some("IN"));
}

/// The other places of a report decide between places of one name.
#[test]
fn the_report_s_other_places_decide() {
    let r = support::analyze(
        "ATLANTA (AP) - Storms hit Georgia on Tuesday. Roads in Savannah and Macon were closed, and Alabama sent crews.",
    );
    let georgia = place(&r, "Georgia");
    assert_eq!(georgia.country.as_deref(), Some("US"), "{georgia:?}");
    assert_eq!(georgia.feature.as_deref(), Some("admin1"));
    let r = support::analyze(
        "TBILISI (Reuters) - Georgia and Armenia signed a trade deal on Tuesday, officials in Yerevan said.",
    );
    let georgia = place(&r, "Georgia");
    assert_eq!(georgia.country.as_deref(), Some("GE"), "{georgia:?}");
    assert_eq!(georgia.feature.as_deref(), Some("country"));
}

/// A place the gazetteer does not know is still a place, with no coordinates, and the
/// report's other places are kept.
#[test]
fn an_unknown_place_is_kept_without_coordinates() {
    let r = support::analyze(
        "Fighting reached the town of Qarya Saghira, 40 km north of Kabul, on Sunday.",
    );
    let unknown = r
        .places
        .iter()
        .find(|p| p.text.contains("Saghira"))
        .expect("the unknown village is a place");
    assert_eq!((unknown.lat, unknown.lon), (None, None));
    assert_eq!(unknown.gazetteer_id, None);
    let kabul = place(&r, "Kabul");
    assert_eq!(kabul.country.as_deref(), Some("AF"));
    assert!(kabul.lat.is_some());
}

/// A name keeps one reading through a report.
#[test]
fn one_reading_per_report() {
    let r = support::analyze(
        "Officials in Hyderabad, Pakistan said the roads were closed. Later, Hyderabad reopened its schools.",
    );
    let readings: Vec<_> = r
        .places
        .iter()
        .filter(|p| p.text == "Hyderabad")
        .map(|p| p.gazetteer_id.clone())
        .collect();
    assert_eq!(readings.len(), 2);
    assert_eq!(readings[0], readings[1]);
}

/// "Lebanon, Pa.": a state written the AP way after a comma contains the town before it.
#[test]
fn an_abbreviated_state_after_a_comma_contains_the_town() {
    let r =
        support::analyze("Officials in Lebanon, Pa., said on Monday that the bridge would reopen.");
    let lebanon = place(&r, "Lebanon");
    assert_eq!(lebanon.country.as_deref(), Some("US"));
    assert_eq!(lebanon.feature.as_deref(), Some("city"));
    assert_eq!(lebanon.admin1.as_deref(), Some("Pennsylvania"));
}

/// The report's other places in one state draw a town of a common name into it.
#[test]
fn places_in_one_state_draw_a_common_name_there() {
    let r = support::analyze(
        "A storm closed schools in Alexandria on Monday. Officials in Baton Rouge, Louisiana, said more rain was due.",
    );
    let alexandria = place(&r, "Alexandria");
    assert_eq!(alexandria.country.as_deref(), Some("US"), "{alexandria:?}");
    assert_eq!(alexandria.admin1.as_deref(), Some("Louisiana"));
}

/// A people's word several countries claim is the most populous one's: "American" is the
/// United States, not American Samoa or the Northern Marianas.
#[test]
fn a_shared_demonym_is_the_biggest_country_s() {
    let r = support::analyze("American and Australian officials met in Geneva on Monday.");
    assert_eq!(place(&r, "American").country.as_deref(), Some("US"));
    assert_eq!(place(&r, "Australian").country.as_deref(), Some("AU"));
}

/// A place inside an organisation's name is a place of the report ("the Ohio Department of
/// Transportation"); an acronym in capitals is not ("FARS News Agency").
#[test]
fn a_place_inside_an_organisation_s_name_is_found() {
    let r = support::analyze(
        "A spokeswoman for the Ohio Department of Transportation said the bridge would reopen on Friday.",
    );
    let ohio = place(&r, "Ohio");
    assert_eq!(ohio.country.as_deref(), Some("US"));
    assert_eq!(ohio.feature.as_deref(), Some("admin1"));
}

/// One sense per report: a name read as a place is that place wherever else it stands.
#[test]
fn a_name_read_as_a_place_is_that_place_again_later() {
    let r = support::analyze(
        "Heavy rain flooded streets in Gainesville, Florida, on Monday. Crews from the Gainesville utilities department worked overnight.",
    );
    let ids: Vec<_> = r
        .places
        .iter()
        .filter(|p| p.text == "Gainesville")
        .map(|p| (p.gazetteer_id.clone(), p.admin1.clone()))
        .collect();
    assert_eq!(ids.len(), 2, "{:?}", r.places);
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[0].1.as_deref(), Some("Florida"));
}

/// A name cut short is read whole when the gazetteer knows the longer one.
#[test]
fn a_country_named_with_and_is_read_whole() {
    let r = support::analyze("Police in Trinidad and Tobago arrested two men on Friday.");
    let p = place(&r, "Trinidad and Tobago");
    assert_eq!(p.country.as_deref(), Some("TT"));
}

/// Counties are places of their own, inside their state.
#[test]
fn a_county_is_a_second_order_division() {
    let r = support::analyze("A burn ban was lifted in Walker County, Texas, on Monday.");
    let p = place(&r, "Walker County");
    assert_eq!(p.feature.as_deref(), Some("admin2"));
    assert_eq!(p.admin1.as_deref(), Some("Texas"));
    assert!(
        p.lat.is_some_and(|lat| (30.0..31.5).contains(&lat)),
        "{p:?}"
    );
    assert!(p
        .gazetteer_id
        .as_deref()
        .is_some_and(|id| id.starts_with("wirewatch:admin2:")));
}

/// An old or foreign name of a big city yields to the town whose own name it is, and a
/// town's name beats its state's when nothing else says which.
#[test]
fn a_town_s_own_name_wins() {
    let r = support::analyze("The nerve agent attack in Salisbury shocked residents.");
    assert_eq!(place(&r, "Salisbury").country.as_deref(), Some("GB"));
    let r = support::analyze("Police in New York said on Monday that two men were arrested.");
    assert_eq!(place(&r, "New York").feature.as_deref(), Some("city"));
    // An abbreviation of a town's own name is its own name ("Saint Petersburg").
    let r = support::analyze("The consulate in St. Petersburg will close on Friday.");
    assert_eq!(place(&r, "St. Petersburg").country.as_deref(), Some("RU"));
    // A state is not a smaller namesake town ("Wyoming", Michigan).
    let r = support::analyze("A federal judge in Wyoming has halted the plan.");
    assert_eq!(place(&r, "Wyoming").feature.as_deref(), Some("admin1"));
}

/// A direction word alone is no place.
#[test]
fn a_direction_alone_is_no_place() {
    let r = support::analyze("The crash happened at North Nokomis Street late on Sunday.");
    assert!(r.places.iter().all(|p| p.text != "North"), "{:?}", r.places);
}

/// A division named with its kind is found whatever the tagger made of it ("Rapides Parish"
/// read as a person's name here).
#[test]
fn a_division_named_with_its_kind_is_found() {
    let r = support::analyze("Officials said Rapides Parish schools will reopen on Monday.");
    let p = place(&r, "Rapides Parish");
    assert_eq!(p.admin1.as_deref(), Some("Louisiana"));
    assert_eq!(p.feature.as_deref(), Some("admin2"));
}

/// A people's word the tagger calls a place is its country, though a parish of the Isle of
/// Man shares the word.
#[test]
fn a_people_s_word_tagged_as_a_place_is_its_country() {
    let r = support::analyze("The plan was recognized by German government funding programs.");
    let p = place(&r, "German");
    assert_eq!(p.country.as_deref(), Some("DE"), "{p:?}");
    assert_eq!(p.feature.as_deref(), Some("country"));
}

/// A town's name that is the surname of a person the report names in full is that person,
/// wherever it stands alone; a country's name stays a place.
#[test]
fn a_named_person_s_surname_is_no_town() {
    let r = support::analyze(
        "Sanford rejects federal aid. Gov. Mark Sanford said on Monday that the state would not take the money. \
         Later, Sanford met Michael Jordan in Jordan.",
    );
    let texts: Vec<&str> = r.places.iter().map(|p| p.text.as_str()).collect();
    assert!(!texts.contains(&"Sanford"), "{texts:?}");
    assert_eq!(place(&r, "Jordan").country.as_deref(), Some("JO"));
}

/// A dateline after a headline and a byline, not at the start of the text, still names the
/// place the report comes from.
#[test]
fn a_dateline_after_the_byline_is_a_place() {
    let r = support::analyze(
        "Council picks new fire chief. By Jane Roe, Staff Writer March 3, 2009 HARTFORD -- The \
         city council voted on Monday to hire a new fire chief. Officials said the vote was close.",
    );
    let hartford = place(&r, "HARTFORD");
    assert_eq!(hartford.country.as_deref(), Some("US"), "{hartford:?}");
    assert_eq!(
        hartford.admin1.as_deref(),
        Some("Connecticut"),
        "{hartford:?}"
    );
    // Capitals before a dash that no gazetteer knows are no place.
    let r = support::analyze("Grants go out. HUD -- The money came through the county.");
    assert!(r.places.iter().all(|p| p.text != "HUD"), "{:?}", r.places);
}

/// A town named alone, as if it were a person, is the town the report names elsewhere.
#[test]
fn a_town_named_like_a_person_is_the_town_named_elsewhere() {
    let r = support::analyze(
        "The Shreveport Police Department runs a program with volunteer ministers. Asked why he \
         did not copy it, the mayor answered, \"I don't know what Shreveport does nor do I care.\"",
    );
    let towns: Vec<&str> = r
        .places
        .iter()
        .filter(|p| p.text == "Shreveport")
        .map(|p| p.admin1.as_deref().unwrap_or("?"))
        .collect();
    assert_eq!(towns, ["Louisiana", "Louisiana"], "{:?}", r.places);
}

/// An outlet's home decides a name the report leaves open; the report's own places still
/// outweigh it.
#[test]
fn the_outlet_s_home_decides_a_name_the_report_leaves_open() {
    let text = "Athens council approves budget. The council voted 5-2 on Tuesday to raise \
                water rates by three percent.";
    let alone = support::analyze(text);
    assert_eq!(place(&alone, "Athens").country.as_deref(), Some("GR"));
    let at_home = support::pipeline().analyze(wirewatch::Input {
        home: Some("Texas, US".into()),
        ..wirewatch::Input::text(text)
    });
    let athens = place(&at_home, "Athens");
    assert_eq!(athens.admin1.as_deref(), Some("Texas"), "{athens:?}");
    assert_eq!(at_home.document.outlet_home.as_deref(), Some("Texas, US"));
    let abroad = support::pipeline().analyze(wirewatch::Input {
        home: Some("Texas, US".into()),
        ..wirewatch::Input::text(
            "Athens and Thessaloniki saw protests on Tuesday as Greece cut pensions again.",
        )
    });
    assert_eq!(place(&abroad, "Athens").country.as_deref(), Some("GR"));
}

/// The words around a name make it a place, whatever the tagger called it: "a Clinton man".
#[test]
fn the_words_around_a_name_make_it_a_place() {
    let r = support::analyze(
        "A Clinton man was charged on Monday. Police said Clinton officers found the car on \
         Main Street.",
    );
    let clintons: Vec<Option<&str>> = r
        .places
        .iter()
        .filter(|p| p.text == "Clinton")
        .map(|p| p.country.as_deref())
        .collect();
    assert_eq!(clintons, [Some("US"), Some("US")], "{:?}", r.places);
}

/// "West Virginia" and "W. Va." are read whole, not as Virginia.
#[test]
fn west_virginia_is_not_virginia() {
    let r = support::analyze(
        "West Virginia man charged in widow's murder. Williams, 39, of Wood County, W. Va., is \
         held in the county jail. Dow's West Virginia site leader said the plant was safe.",
    );
    let read: Vec<(&str, Option<&str>)> = r
        .places
        .iter()
        .map(|p| (p.text.as_str(), p.admin1.as_deref()))
        .collect();
    assert_eq!(
        read,
        [
            ("West Virginia", Some("West Virginia")),
            ("Wood County", Some("West Virginia")),
            ("W. Va.", Some("West Virginia")),
            ("West Virginia", Some("West Virginia")),
        ]
    );
}

/// A single word that news writes in lower case, capitalised and taken for a place no
/// gazetteer knows ("the Honor booth"), is a common noun: no place.
#[test]
fn a_common_word_capitalised_is_no_place() {
    let r = support::analyze(
        "Students lined up at the Honor booth while pupils sang. Members of the Wash team \
         visited Tyler, Texas on Friday.",
    );
    let places: Vec<&str> = r.places.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(places, ["Tyler", "Texas"], "{:?}", r.entities);
}

/// A street is a place no gazetteer holds: it stands at the point of the town the report is
/// most about, with feature `other` and no gazetteer id; a town's name inside it is the
/// street's, and a street inside a longer name is none.
#[test]
fn a_street_stands_at_its_town() {
    let r = support::analyze(
        "Police found the car on Wichita Drive near West 11th Street in Tyler, Texas, on \
         Monday. A man of 2517 Memphis St., Tyler, was charged. The Wall Street Journal \
         reported the arrest.",
    );
    let read: Vec<(&str, Option<&str>, Option<&str>)> = r
        .places
        .iter()
        .map(|p| (p.text.as_str(), p.feature.as_deref(), p.admin1.as_deref()))
        .collect();
    assert_eq!(
        read,
        [
            ("Wichita Drive", Some("other"), Some("Texas")),
            ("West 11th Street", Some("other"), Some("Texas")),
            ("Tyler", Some("city"), Some("Texas")),
            ("Texas", Some("admin1"), Some("Texas")),
            ("Memphis St.", Some("other"), Some("Texas")),
            ("Tyler", Some("city"), Some("Texas")),
        ]
    );
    let tyler = place(&r, "Tyler");
    let drive = place(&r, "Wichita Drive");
    assert_eq!((drive.lat, drive.lon), (tyler.lat, tyler.lon));
    assert_eq!(drive.gazetteer_id, None);
}

/// The state named right after a place that it contains is a place too, abbreviated or not.
#[test]
fn the_state_after_a_place_is_a_place() {
    let r = support::analyze(
        "Deputies stopped her in Newton County, Ga. After that she was held. CHARLESTON, W.Va. -- \
         Volunteers are needed.",
    );
    let read: Vec<(&str, Option<&str>)> = r
        .places
        .iter()
        .map(|p| (p.text.as_str(), p.feature.as_deref()))
        .collect();
    assert!(read.contains(&("Ga.", Some("admin1"))), "{read:?}");
    assert!(read.contains(&("W.Va.", Some("admin1"))), "{read:?}");
    assert!(read.contains(&("CHARLESTON", Some("city"))), "{read:?}");
}

/// Names the tagger or a place's other name made places that are none: a saint's name cut
/// from its "St.", an organisation the actor dictionary knows ("Hamas" is also Hamm's name in
/// Lithuanian), a person's first name before a surname or standing alone; while a county
/// named before its name, and a town named like a person before its state, stay places.
#[test]
fn names_that_are_no_place() {
    let r = support::analyze(
        "Volunteers in Boston prepared for the St. Patrick's Day parade on Tuesday. Talks between \
         Israel and Hamas collapsed in Cairo, and anti-Hamas protesters marched in Ramallah. \
         \"It is important to the growth of our community,\" Trent Polk said of the dealership in \
         Decatur. Kristina, a student from Athens, won the prize. Vince Power, a native of County \
         Waterford, Ireland, founded the company. She moved to Austin Texas in 2001.",
    );
    let texts: Vec<&str> = r.places.iter().map(|p| p.text.as_str()).collect();
    for none in ["Patrick", "Hamas", "Trent", "Kristina"] {
        assert!(!texts.contains(&none), "{none:?} is no place: {texts:?}");
    }
    for place in [
        "Boston",
        "Cairo",
        "Ramallah",
        "Decatur",
        "Athens",
        "County Waterford",
        "Austin",
    ] {
        assert!(texts.contains(&place), "{place:?} is a place: {texts:?}");
    }
}

/// A state's abbreviation standing alone, where its full stop ends no sentence: before a
/// lower-case word, in a legislator's party label, after "the".
#[test]
fn a_state_s_abbreviation_alone_is_the_state() {
    let r = support::analyze(
        "Police said an Ill. man was arrested on Sunday. Sen. Bob Casey, D-Pa., praised the \
         troopers. The S.C. Highway Patrol is looking for the driver. The meeting ended at 5 p.m. \
         and the mayor left.",
    );
    for (text, state) in [
        ("Ill.", "Illinois"),
        ("Pa.", "Pennsylvania"),
        ("S.C.", "South Carolina"),
    ] {
        let p = place(&r, text);
        assert_eq!(p.feature.as_deref(), Some("admin1"), "{p:?}");
        assert_eq!(p.admin1.as_deref(), Some(state), "{p:?}");
    }
    assert!(
        r.places.iter().all(|p| !p.text.contains("p.m.")),
        "{:?}",
        r.places
    );
}

/// A name the tagger took for a person's that opens with a word no one is called
/// ("Downtown Greer") gives no surname that would make the town a person.
#[test]
fn a_misread_person_s_last_word_is_still_a_town() {
    let r = support::analyze(
        "Greer, South Carolina. The city offers beautiful scenery and a small-town feel. \
         Downtown Greer, known locally as Greer Station, has become a destination in itself.",
    );
    let greer = place(&r, "Greer");
    assert_eq!(greer.admin1.as_deref(), Some("South Carolina"), "{greer:?}");
}
