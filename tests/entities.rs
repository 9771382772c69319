//! Entities in sentences written for these tests: readings the founding article does not show.

mod support;

/// An acronym defined in brackets after a name the dictionary does not know is that name,
/// there and later (a sentence written for this test).
#[test]
fn an_acronym_in_brackets_is_its_name() {
    let r = support::analyze(
        "ATHENS (Reuters) - The Hellenic Gas Transmission Company (HGTC) signed the deal on Monday. HGTC shares rose 3 percent.",
    );
    let e = r
        .entities
        .iter()
        .find(|e| e.name == "Hellenic Gas Transmission Company")
        .expect("the company");
    let forms: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(forms, ["Hellenic Gas Transmission Company", "HGTC", "HGTC"]);
    assert!(!r.entities.iter().any(|e| e.name == "HGTC"));
}

/// The mentions of the entity named `name`, as (text, kind) pairs.
fn mentions_of<'a>(r: &'a wirewatch::Analysis, name: &str) -> Vec<(&'a str, &'a str)> {
    let e = r
        .entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name:?} in {:?}", names(r)));
    e.mentions
        .iter()
        .map(|m| (m.text.as_str(), m.kind.as_str()))
        .collect()
}

fn names(r: &wirewatch::Analysis) -> Vec<&str> {
    r.entities.iter().map(|e| e.name.as_str()).collect()
}

/// "A, also known as B": one entity under both names, wherever the text uses either.
#[test]
fn a_name_stated_as_another_is_the_same_entity() {
    let r = support::analyze(
        "BEIRUT (Reuters) - The Northern Valley Front, also known as Jabhat al-Wadi, said on Sunday it had taken the town. Jabhat al-Wadi fighters entered it at dawn, the Northern Valley Front said.",
    );
    let forms = mentions_of(&r, "Northern Valley Front");
    let texts: Vec<&str> = forms.iter().map(|f| f.0).collect();
    assert_eq!(
        texts,
        [
            "Northern Valley Front",
            "Jabhat al-Wadi",
            "Jabhat al-Wadi",
            "Northern Valley Front"
        ]
    );
    assert!(!names(&r).contains(&"Jabhat al-Wadi"));
}

/// "A [B as it is known …]": a second name in brackets with its cue is the same entity.
#[test]
fn a_bracketed_name_with_its_cue_is_the_same_entity() {
    let r = support::analyze(
        "Fighters of the Movement for Southern Renewal (Harakat al-Tajdid as it is known locally) attacked a checkpoint near Aden on Tuesday.",
    );
    let texts: Vec<&str> = mentions_of(&r, "Movement for Southern Renewal")
        .iter()
        .map(|f| f.0)
        .collect();
    assert!(texts.contains(&"Harakat al-Tajdid"), "{texts:?}");
}

/// "he" and "she" go to the person named first in their sentence or the one before, and a
/// pronoun once linked tells that person's gender for the pronouns after it.
#[test]
fn pronouns_refer_to_the_person_they_agree_with() {
    let r = support::analyze(
        "LONDON (Reuters) - Maria Gonzalez met Tom Bradley in London on Monday. She said the talks had gone well. Bradley said he would return in May.",
    );
    assert!(mentions_of(&r, "Maria Gonzalez").contains(&("She", "pronoun")));
    let bradley = mentions_of(&r, "Tom Bradley");
    assert!(bradley.contains(&("he", "pronoun")), "{bradley:?}");
    assert!(!bradley.contains(&("She", "pronoun")));
}

/// A title that tells a gender keeps a pronoun from the wrong person.
#[test]
fn a_gendered_title_decides_between_people() {
    let r = support::analyze(
        "Mrs. Ana Ortiz welcomed Mr. Ben Kowalski to the ministry on Friday. He thanked the staff.",
    );
    let kowalski = mentions_of(&r, "Ben Kowalski");
    assert!(kowalski.contains(&("He", "pronoun")), "{kowalski:?}");
    assert!(!mentions_of(&r, "Ana Ortiz").contains(&("He", "pronoun")));
}

/// "Abu Bakr" and "al-Baghdadi" tagged apart are one person's name.
#[test]
fn a_name_particle_continues_the_person_before_it() {
    let r = support::analyze(
        "Commander Khalid Hassan al-Rashidi was seen in the town of Deir Hafer on Monday, residents said.",
    );
    assert!(
        names(&r).iter().any(|n| n.ends_with("Hassan al-Rashidi")),
        "{:?}",
        names(&r)
    );
    assert!(!names(&r).contains(&"al-Rashidi"));
}

/// Nominal and pronoun mentions say so; names are names.
#[test]
fn mentions_carry_their_kind() {
    let r = support::analyze(
        "WASHINGTON (AP) - General Mark Ellison told reporters on Monday that the general's staff had left. The general said he was pleased.",
    );
    let forms = mentions_of(&r, "Mark Ellison");
    assert!(forms.contains(&("Mark Ellison", "name")), "{forms:?}");
    assert!(forms.contains(&("The general", "nominal")), "{forms:?}");
    assert!(forms.contains(&("he", "pronoun")), "{forms:?}");
}

/// A country or nationality and a noun of a kind of actor make that country's organisation,
/// with the CAMEO code PETRARCH would give it (sentences written for this test).
#[test]
fn a_country_and_an_agent_noun_make_an_organisation() {
    let r = support::analyze(
        "Pakistani Army troops and the Afghan National Police clashed near the border on Monday. The Turkish Navy said it had sent two ships.",
    );
    for (name, subtype, code) in [
        ("Pakistani Army", "military", "PAKMIL"),
        ("Afghan National Police", "police", "AFGCOP"),
        ("Turkish Navy", "military", "TURMIL"),
    ] {
        let e = r
            .entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", names(&r)));
        assert_eq!(e.kind, "ORG", "{name}");
        assert_eq!(e.subtype.as_deref(), Some(subtype), "{name}");
        assert_eq!(
            e.actor.as_ref().map(|a| a.code.as_str()),
            Some(code),
            "{name}"
        );
    }
}

/// A name run together across a title is cut there: what comes before the title is what the
/// person belongs to.
#[test]
fn a_title_inside_a_name_separates_the_person_from_the_organisation() {
    let r = support::analyze(
        "Indian Army General Vikram Mehra told reporters on Monday that the border was quiet.",
    );
    let person = r
        .entities
        .iter()
        .find(|e| e.name == "Vikram Mehra")
        .unwrap_or_else(|| panic!("no Vikram Mehra in {:?}", names(&r)));
    assert_eq!(person.kind, "PERSON");
    assert_eq!(person.titles, ["General"]);
    let army = person
        .affiliation
        .as_ref()
        .and_then(|id| r.entities.iter().find(|e| &e.id == id))
        .expect("an affiliation");
    assert_eq!(army.name, "Indian Army");
    assert_eq!(army.kind, "ORG");
}

/// After "Mr." or "Ms.", a name is a person's even where the dictionary knows it as a people
/// ("Burman") or the tagger as a place.
#[test]
fn a_name_after_an_honorific_is_a_person() {
    let r = support::analyze(
        "The plan drew criticism from economists. Mr. Burman said the rules were too complex.",
    );
    let burman = r
        .entities
        .iter()
        .find(|e| e.name == "Burman")
        .unwrap_or_else(|| panic!("no Burman in {:?}", names(&r)));
    assert_eq!(burman.kind, "PERSON");
}

/// A surname the tagger missed where the person was named in full elsewhere is theirs
/// ("Caddell continued:"); a sentence's first word that the report also writes in lower case
/// is not ("Price rises worry farmers").
#[test]
fn a_missed_surname_of_a_person_named_in_full_is_theirs() {
    let r = support::analyze(
        "Democratic pollster Pat Caddell spoke on Monday about the new polls.\n\nCaddell \
         continued:\n\n\"The health issue overall is very much a partisan issue.\"\n\n\
         Senator Mark Price was not convinced. Price rises worry farmers. The price of oil \
         fell.",
    );
    let caddell: Vec<&str> = mentions_of(&r, "Pat Caddell")
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert_eq!(caddell, ["Pat Caddell", "Caddell"], "{:?}", names(&r));
    let price: Vec<&str> = mentions_of(&r, "Mark Price")
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert_eq!(price, ["Mark Price"], "{:?}", names(&r));
    let quote = r
        .quotes
        .iter()
        .find(|q| q.text.starts_with("The health issue"))
        .expect("the quote");
    let speaker = quote
        .speaker
        .as_ref()
        .and_then(|id| r.entities.iter().find(|e| &e.id == id))
        .map(|e| e.name.as_str());
    assert_eq!(speaker, Some("Pat Caddell"));
}
