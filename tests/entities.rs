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
