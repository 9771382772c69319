//! Every data file loads, and every entry does what its file says: each outlet alias is found
//! in a sentence as its outlet, and no title abbreviation ends a sentence.

mod support;

use wirewatch::nlp::{files, Abbreviations, TextLayer};

#[test]
fn every_data_file_loads() {
    // Pipeline::load parses every file of data/ and fails with file:line on a bad one.
    support::pipeline();
    let abbrevs =
        Abbreviations::parse(files::ABBREVIATIONS.path, files::ABBREVIATIONS.text).unwrap();
    assert!(abbrevs.len() > 250, "{} abbreviations", abbrevs.len());
}

#[test]
fn every_outlet_alias_is_found_as_its_outlet() {
    let media = include_str!("../data/actors/media.tsv");
    let mut missing = Vec::new();
    let mut count = 0;
    for line in media.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (canonical, alias) = (cells[0], cells[1]);
        count += 1;
        let text = format!("According to {alias}, talks resumed on Monday.");
        let r = support::analyze(&text);
        let found = r.entities.iter().any(|e| {
            e.name == canonical
                && e.subtype.as_deref() == Some("media")
                && e.mentions.iter().any(|m| {
                    m.text
                        .ends_with(alias.trim_start_matches("The ").trim_start_matches("the "))
                })
        });
        if !found {
            missing.push(format!("{alias} ({canonical})"));
        }
    }
    assert!(count > 700, "{count} aliases");
    assert!(
        missing.is_empty(),
        "{} of {count} aliases not found: {}",
        missing.len(),
        missing.join(", ")
    );
}

#[test]
fn no_title_ends_a_sentence_and_every_abbreviation_keeps_its_period() {
    let layer = TextLayer::embedded().unwrap();
    let text = include_str!("../data/lang/en/abbreviations.tsv");
    let mut problems = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let (abbrev, kind) = line.split_once('\t').unwrap();
        let sentence = format!("They met {abbrev} Hart there.");
        let (norm, tokens) = layer.tokenize(&sentence);
        let words: Vec<&str> = tokens.iter().map(|t| &norm.text[t.span.range()]).collect();
        if !words.contains(&abbrev) {
            problems.push(format!("{abbrev}: tokens {words:?}"));
        }
        if kind == "title" && layer.segment(&norm.text, &tokens).len() != 1 {
            problems.push(format!("{abbrev}: a title ended the sentence"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What a time's value must satisfy.
type Check = Box<dyn Fn(&str) -> bool>;

/// Each month, weekday, holiday and number word of the time vocabulary is read as what its line
/// says, in a sentence, through the whole pipeline.
#[test]
fn every_time_word_means_what_its_line_says() {
    use chrono::{Datelike, NaiveDate};
    let vocab = include_str!("../data/lang/en/time/vocab.tsv");
    let dct: NaiveDate = "2015-01-16".parse().unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for line in vocab.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (category, word, value, cased) = (cells[0], cells[1], cells[2], cells[3] == "cased");
        // Cased words are written with a capital on each word, as the rules require.
        let written: String = if cased {
            word.split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            word.to_string()
        };
        let (text, wanted): (String, Check) = match category {
            "month" | "month_full" => (
                format!("It happened in {written} 2014."),
                Box::new(move |v: &str| v == format!("2014-{value}")),
            ),
            "weekday" => {
                let n: u32 = value.parse().unwrap();
                (
                    format!("It happened on {written}, officials said."),
                    Box::new(move |v: &str| {
                        v.parse::<NaiveDate>()
                            .is_ok_and(|d| d.weekday().number_from_monday() == n && d <= dct)
                    }),
                )
            }
            "holiday" => (
                format!("It happened on {written}."),
                Box::new(move |v: &str| v.ends_with(&format!("-{value}"))),
            ),
            "number" if value != "0" && !value.contains('.') => (
                format!("It lasted {written} days."),
                Box::new(move |v: &str| v == format!("P{value}D")),
            ),
            _ => continue,
        };
        checked += 1;
        let mut input = wirewatch::Input::text(text.clone());
        input.published = Some(dct);
        let r = support::pipeline().analyze(input);
        if !r
            .times
            .iter()
            .any(|t| t.text.contains(&written) && t.value.as_deref().is_some_and(&wanted))
        {
            let found: Vec<String> = r
                .times
                .iter()
                .map(|t| format!("{:?}={:?}", t.text, t.value))
                .collect();
            problems.push(format!("{category} {word:?} in {text:?}: found {found:?}"));
        }
    }
    assert!(checked > 100, "only {checked} words checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every title of `data/lang/en/titles.tsv` is read as a title before a name.
#[test]
fn every_title_is_read_before_a_name() {
    let titles = include_str!("../data/lang/en/titles.tsv");
    let mut problems = Vec::new();
    for line in titles.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let title = line.split('\t').next().unwrap();
        let text =
            format!("Officials said {title} Jonathan Hartwell arrived in the city on Monday.");
        let r = support::analyze(&text);
        let found = r
            .entities
            .iter()
            .any(|e| e.name == "Jonathan Hartwell" && e.titles.iter().any(|t| t == title));
        if !found {
            let names: Vec<(&str, &Vec<String>)> = r
                .entities
                .iter()
                .map(|e| (e.name.as_str(), &e.titles))
                .collect();
            problems.push(format!("{title}: {names:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every pronoun of `data/lang/en/gender.tsv` refers back to the person before it, and every
/// title there is a title of `titles.tsv` that keeps a pronoun of the other gender away from
/// its bearer.
#[test]
fn every_gender_word_links_pronouns() {
    let words = include_str!("../data/lang/en/gender.tsv");
    let titles = include_str!("../data/lang/en/titles.tsv");
    let mut problems = Vec::new();
    let pronoun_of = |gender: &str| if gender == "m" { "he" } else { "she" };
    for line in words.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (word, kind, gender) = (cells[0], cells[1], cells[2]);
        let (text, wanted, pronoun) = if kind == "pronoun" {
            let text = format!(
                "Dana Whitfield arrived in Paris on Monday. Officials said {word} was expected."
            );
            (text, "Dana Whitfield", word.to_string())
        } else {
            // The title as titles.tsv writes it, before the person named first: a pronoun of
            // the other gender must pass over that person to the one named second.
            let written = titles
                .lines()
                .filter_map(|l| l.split('\t').next())
                .find(|t| t.trim_end_matches('.').eq_ignore_ascii_case(word));
            let Some(written) = written else {
                problems.push(format!("{word}: not a title of titles.tsv"));
                continue;
            };
            let other = pronoun_of(if gender == "m" { "f" } else { "m" });
            let text = format!(
                "{written} Dana Whitfield met Robin Haddad in Paris on Monday. Officials said {other} was pleased."
            );
            (text, "Robin Haddad", other.to_string())
        };
        let r = support::analyze(&text);
        let linked = r.entities.iter().any(|e| {
            e.name == wanted
                && e.mentions
                    .iter()
                    .any(|m| m.kind == "pronoun" && m.text == pronoun)
        });
        if !linked {
            let seen: Vec<(&str, Vec<&str>)> = r
                .entities
                .iter()
                .map(|e| {
                    let m = e.mentions.iter().map(|m| m.text.as_str()).collect();
                    (e.name.as_str(), m)
                })
                .collect();
            problems.push(format!("{word}: {seen:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every cue of `data/lang/en/alias_cues.tsv` makes the two names it joins one entity.
#[test]
fn every_alias_cue_joins_two_names() {
    let cues = include_str!("../data/lang/en/alias_cues.tsv");
    let mut problems = Vec::new();
    for line in cues.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let (cue, place) = line.split_once('\t').unwrap();
        let text = if place == "between" {
            let (open, close) = match cue.chars().next() {
                Some('(') => ("", ")"),
                Some('[') => ("", "]"),
                Some(',') => ("", ","),
                _ => (" ", ""),
            };
            format!("Fighters of the Northern Valley Front{open}{cue} Jabhat al-Wadi{close} took the town of Kfar Hamra on Sunday.")
        } else {
            format!("Fighters of the Northern Valley Front (Jabhat al-Wadi {cue} locally) took the town of Kfar Hamra on Sunday.")
        };
        let r = support::analyze(&text);
        let joined = r.entities.iter().any(|e| {
            e.name == "Northern Valley Front"
                && e.mentions.iter().any(|m| m.text == "Jabhat al-Wadi")
        });
        if !joined {
            let names: Vec<&str> = r.entities.iter().map(|e| e.name.as_str()).collect();
            problems.push(format!("{cue:?}: {names:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every region of `data/places/regions.tsv`, by its name and each alias, and every name and
/// demonym of `data/places/names.tsv` finds its place in the built gazetteer (a stale
/// gazetteer, built before a line was added, fails here: run `wirewatch gazetteer build`).
#[test]
fn every_hand_kept_place_name_is_in_the_gazetteer() {
    use wirewatch::extract::places::gazetteer::{Gazetteer, PlaceKind};
    let g = Gazetteer::parse(wirewatch::extract::resources::GAZETTEER).unwrap();
    let mut problems = Vec::new();
    let regions = include_str!("../data/places/regions.tsv");
    for line in regions.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        for name in std::iter::once(cells[0]).chain(cells[1].split('|').filter(|a| !a.is_empty())) {
            let found = g.named(name).iter().any(|&i| {
                let e = g.entry(i);
                e.kind == PlaceKind::Region && e.name == cells[0]
            });
            if !found {
                problems.push(format!("region {name:?}"));
            }
        }
    }
    let names = include_str!("../data/places/names.tsv");
    for line in names.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let is_it = |i: u32| {
            let e = g.entry(i);
            (e.kind == PlaceKind::Country && e.country == cells[1])
                || (e.kind == PlaceKind::Region && e.name == cells[1])
                || (e.kind == PlaceKind::Admin1
                    && format!("{}.{}", e.country, e.admin1) == cells[1])
        };
        let found = match cells[2] {
            "alias" => g.named(cells[0]).iter().any(|&i| is_it(i)),
            _ => g.demonym(cells[0]).is_some_and(is_it),
        };
        if !found {
            problems.push(format!("{} {:?} → {}", cells[2], cells[0], cells[1]));
        }
    }
    assert!(g.len() > 30_000, "{} places", g.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every line of `data/places/not_places.txt` is one name as the places layer looks names up
/// (folded: lower case, no accents), once; and the list does what it says on real words.
#[test]
fn not_places_are_folded_names_and_are_never_read_as_places() {
    use wirewatch::extract::places::gazetteer::fold;
    let words =
        wirewatch::nlp::data::read_word_list(wirewatch::extract::resources::NOT_PLACES).unwrap();
    assert!(words.len() >= 10, "{} words", words.len());
    for w in &words {
        assert_eq!(&fold(w), w, "{w:?} is not folded");
    }
    let r = support::analyze(
        "Traffic was diverted at North Main Street, and Central Avenue was closed.",
    );
    assert!(
        r.places.iter().all(|p| !words.contains(&fold(&p.text))),
        "{:?}",
        r.places
    );
}

/// Every line of `data/places/not_place_heads.txt` is one folded word, once; a name the
/// gazetteer does not know that ends with one is no place, while the report's places stay.
#[test]
fn not_place_heads_are_folded_words_and_end_no_place() {
    use wirewatch::extract::places::gazetteer::fold;
    let words =
        wirewatch::nlp::data::read_word_list(wirewatch::extract::resources::NOT_PLACE_HEADS)
            .unwrap();
    assert!(words.len() >= 10, "{} words", words.len());
    for w in &words {
        assert_eq!(&fold(w), w, "{w:?} is not folded");
        assert!(!w.contains(' '), "{w:?} is more than one word");
    }
    let r = support::analyze(
        "Prices fell sharply during the Great Depression, and farms in Kansas were sold.",
    );
    let places: Vec<&str> = r.places.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(places, ["Kansas"]);
}

/// `data/places/place_context.tsv` names each word once, folded, on a side that exists.
#[test]
fn place_context_words_are_folded_and_sided() {
    use wirewatch::extract::places::gazetteer::fold;
    let words = wirewatch::extract::places::PlaceWords::embedded().unwrap();
    assert!(words.before.contains("in") && words.after.contains("residents"));
    let text = include_str!("../data/places/place_context.tsv");
    let mut seen = std::collections::HashSet::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let (side, word) = line.split_once('\t').unwrap();
        assert_eq!(fold(word), word, "{word:?} is not folded");
        assert!(seen.insert((side, word)), "{line:?} is listed twice");
    }
}

/// Every speech verb of `data/lang/en/speech_cues.tsv` attributes a "that" clause to the person
/// before it, and every hearsay phrase makes a source-less attribution.
#[test]
fn every_speech_cue_attributes_a_clause() {
    let cues = include_str!("../data/lang/en/speech_cues.tsv");
    let mut problems = Vec::new();
    for line in cues.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let (cue, kind) = line.split_once('\t').unwrap();
        let (text, speaker) = match kind {
            "verb" | "intent" => (
                format!("Maria Lopez {cue} that the road would reopen soon."),
                Some("Maria Lopez"),
            ),
            "before" => (
                format!("The road would reopen soon, {cue} Maria Lopez."),
                Some("Maria Lopez"),
            ),
            _ => {
                let mut c = cue.chars();
                let cap: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                (format!("{cap} that the road would reopen soon."), None)
            }
        };
        let r = support::analyze(&text);
        let found = r.quotes.iter().any(|q| {
            let who = q
                .speaker
                .as_ref()
                .and_then(|id| r.entities.iter().find(|e| &e.id == id))
                .map(|e| e.name.as_str());
            q.kind == "indirect"
                && q.text.to_lowercase().contains("the road would reopen soon")
                && who == speaker
                && (speaker.is_some() || q.strength.as_deref() == Some("hearsay"))
        });
        if !found {
            problems.push(format!(
                "{cue:?} ({kind}): {:?}",
                r.quotes
                    .iter()
                    .map(|q| (&q.text, &q.speaker, &q.strength))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `data/lang/en/first_names.tsv` is well formed, and a sample of its names keeps a pronoun
/// of the other sex away from their bearer.
#[test]
fn first_names_tell_a_gender() {
    let names = include_str!("../data/lang/en/first_names.tsv");
    let rows: Vec<&str> = names
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .collect();
    assert!(rows.len() > 4_000, "{} names", rows.len());
    let mut problems = Vec::new();
    let mut previous = "";
    for line in &rows {
        let cells: Vec<&str> = line.split('\t').collect();
        let ok = cells.len() == 3
            && cells[0].chars().all(|c| c.is_ascii_lowercase())
            && cells[1] == "first"
            && matches!(cells[2], "m" | "f")
            && cells[0] > previous;
        if !ok {
            problems.push(format!("bad row: {line:?}"));
        }
        previous = cells[0];
    }
    let mut sampled = 0;
    for line in rows.iter().step_by(97) {
        let cells: Vec<&str> = line.split('\t').collect();
        let mut name = cells[0].to_string();
        name[..1].make_ascii_uppercase();
        let other = if cells[2] == "m" { "she" } else { "he" };
        let text = format!(
            "{name} Whitfield met Robin Haddad in Paris on Monday. Officials said {other} was pleased."
        );
        let r = support::analyze(&text);
        // Only where the tagger reads the first name as part of the person's name can it
        // tell the gender ("See Whitfield" is read as "Whitfield").
        let full = format!("{name} Whitfield");
        let Some(whitfield) = r.entities.iter().find(|e| e.name == full) else {
            continue;
        };
        sampled += 1;
        if whitfield.mentions.iter().any(|m| m.kind == "pronoun") {
            problems.push(format!("{name}: {other} linked to {full}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(sampled >= 40, "only {sampled} names read as first names");
}

/// Every name of `data/lang/en/first_names_shared.txt` is one lower-case word left out of the
/// first-names table, so a pronoun of either sex may link to its bearer.
#[test]
fn shared_first_names_are_left_out() {
    let shared = include_str!("../data/lang/en/first_names_shared.txt");
    let names = include_str!("../data/lang/en/first_names.tsv");
    let listed: std::collections::HashSet<&str> = names
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut problems = Vec::new();
    for name in shared
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        if !name.chars().all(|c| c.is_ascii_lowercase()) {
            problems.push(format!("{name:?}: not one lower-case word"));
        }
        if listed.contains(name) {
            problems.push(format!("{name}: still in first_names.tsv"));
        }
        let mut written = name.to_string();
        written[..1].make_ascii_uppercase();
        let r = support::analyze(&format!(
            "{written} Whitfield arrived in Paris on Monday. Officials said he was tired."
        ));
        let linked = r.entities.iter().any(|e| {
            e.name == format!("{written} Whitfield")
                && e.mentions.iter().any(|m| m.kind == "pronoun")
        });
        // Only where the tagger reads a person can a pronoun link to one.
        let person = r
            .entities
            .iter()
            .any(|e| e.name == format!("{written} Whitfield") && e.kind == "PERSON");
        if person && !linked {
            problems.push(format!("{name}: \"he\" not linked to {written} Whitfield"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
