//! Finding the words that name places: the entities layer's places and peoples, the place
//! inside a longer name ("Fargo City Commissioner", "the Ohio Department of Transportation",
//! "DFL-Minneapolis"), and every later use of a name the report has already used as a place.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use wirewatch_doc::{Doc, EntityId, EntityType, MentionKind, Span};

use super::gazetteer::{fold, Gazetteer, PlaceKind};
use super::PlaceWords;
use wirewatch_nlp::clusters::WordClusters;

/// Words that end a street's name, written out; and abbreviated, which are a street's only when
/// no capitalised word follows ("Memphis St." but not "Mount St. Helens").
const STREET_ENDS: [&str; 10] = [
    "Street",
    "Avenue",
    "Road",
    "Drive",
    "Lane",
    "Boulevard",
    "Parkway",
    "Circle",
    "Trail",
    "Pike",
];
const STREET_ENDS_SHORT: [&str; 6] = ["St.", "Ave.", "Rd.", "Dr.", "Blvd.", "Ln."];

/// Whether a word after a town's name makes an address of it ("Memphis St.", "Route 9
/// Highway"): a street's last word, or a highway's.
fn is_street_word(word: &str) -> bool {
    STREET_ENDS.contains(&word)
        || STREET_ENDS_SHORT.contains(&word)
        || matches!(word, "St" | "Highway" | "Hwy.")
}

/// The most words a place's name is looked up with.
const MAX_NAME_WORDS: usize = 6;

/// A town this big is taken inside an organisation's name even when the report names it
/// nowhere else ("Chicago Police Department"); a smaller one only when it is.
const EMBEDDED_CITY_POPULATION: u64 = 100_000;

/// One place name found in the text, before it is resolved.
#[derive(Debug)]
pub(super) struct Found {
    /// The words.
    pub span: Span,
    /// The entity they are a mention of (none for a place inside an organisation's name).
    pub entity: Option<EntityId>,
    /// The gazetteer's places of that name (for a people's word, its country).
    pub candidates: Vec<u32>,
    /// Folded name, for one reading per report.
    pub key: String,
}

/// Every place name of the report, in text order.
pub(super) fn find(
    doc: &Doc,
    g: &Gazetteer,
    words: &PlaceWords,
    common: Option<&WordClusters>,
) -> Vec<Found> {
    let not_places = &words.not_places;
    let mut found: Vec<Found> = Vec::new();
    let mut embedded: Vec<(Span, EntityType)> = Vec::new();
    for (k, e) in doc.entities.iter().enumerate() {
        let entity = EntityId(k as u32);
        for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            let text = doc.span_text(m.span);
            match e.kind {
                EntityType::Norp => {
                    // A people's word the gazetteer does not know is no place.
                    if let Some(i) = g.demonym(text).or_else(|| g.demonym(&e.name)) {
                        found.push(Found {
                            span: m.span,
                            entity: Some(entity),
                            candidates: vec![i],
                            key: fold(text),
                        });
                    }
                }
                EntityType::Gpe | EntityType::Loc => {
                    let mut candidates = g.named(text).to_vec();
                    if candidates.is_empty() {
                        candidates = g.named(&e.name).to_vec();
                    }
                    // A people's word the tagger called a place ("German"), even where a
                    // parish of the Isle of Man has that name.
                    if let Some(i) = g.demonym(text).filter(|i| !candidates.contains(i)) {
                        candidates.push(i);
                    }
                    if candidates.is_empty() {
                        // "Fargo City", "Douglas County Hospital", "DFL-Minneapolis", "Air
                        // Zimbabwe": the place the words begin or end with.
                        let part = known_part(g, text, not_places, |_| true)
                            .map(|(part, c)| (part, c.to_vec()))
                            .or_else(|| {
                                trailing_country(g, text)
                                    .map(|(from, c)| ((from, text.len() as u32), c))
                            });
                        if let Some((part, c)) = part {
                            let span = Span::new(m.span.start + part.0, m.span.start + part.1);
                            found.push(Found {
                                span,
                                entity: Some(entity),
                                candidates: c,
                                key: fold(&text[part.0 as usize..part.1 as usize]),
                            });
                            continue;
                        }
                        // "Fithian House", "Zoning Commission", an e-mail address: a name no
                        // gazetteer knows that is a building's, a body's or no name at all.
                        let head = text.rsplit(' ').next().map(fold).unwrap_or_default();
                        let lower = text.to_lowercase();
                        if text.contains('@')
                            || (text.contains(' ') && words.not_place_heads.contains(&head))
                            || (!text.contains(' ')
                                && lower != text
                                && common.is_some_and(|c| c.get(&lower).is_some()))
                        {
                            continue;
                        }
                    }
                    found.push(Found {
                        span: m.span,
                        entity: Some(entity),
                        candidates,
                        key: fold(text),
                    });
                }
                EntityType::Other if g.demonym(text).is_some() => {
                    // "French investigators", "the European air transport industry".
                    if let Some(i) = g.demonym(text) {
                        found.push(Found {
                            span: m.span,
                            entity: Some(entity),
                            candidates: vec![i],
                            key: fold(text),
                        });
                    }
                }
                EntityType::Org | EntityType::Fac | EntityType::Other => {
                    embedded.push((m.span, e.kind))
                }
                EntityType::Person => {}
            }
        }
    }
    let named: HashMap<String, usize> = found
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.candidates.is_empty())
        .map(|(i, f)| (f.key.clone(), i))
        .collect();

    // Places inside organisations' and other names: "the Texas Department of State Health
    // Services", "Ohio State University", "Gainesville Police".
    for (span, _) in embedded {
        let text = doc.span_text(span);
        let eligible = |i: u32| {
            let e = g.entry(i);
            match e.kind {
                PlaceKind::City => {
                    e.population >= EMBEDDED_CITY_POPULATION || named.contains_key(&fold(e.name))
                }
                _ => true,
            }
        };
        let country_or_region =
            |i: &u32| matches!(g.entry(*i).kind, PlaceKind::Country | PlaceKind::Region);
        let area = |i: &u32| {
            matches!(
                g.entry(*i).kind,
                PlaceKind::Country | PlaceKind::Region | PlaceKind::Admin1
            )
        };
        let whole = g.named(text);
        if whole.iter().any(area) {
            // An organisation named by its place: "the EU", "the US" as a body, "West
            // Virginia" as a team or a site.
            found.push(Found {
                span,
                entity: None,
                candidates: whole.iter().copied().filter(area).collect(),
                key: fold(text),
            });
        } else if let Some((part, c)) = known_part(g, text, not_places, eligible) {
            // Once one place of the name may be meant, any may ("Venice Commission").
            let c = c.to_vec();
            let words = &text[part.0 as usize..part.1 as usize];
            // Capitals without full stops inside a name are an acronym ("FARS News Agency"),
            // not the province; a country's are its name ("US State Department").
            if !words.contains('.')
                && !words.chars().any(char::is_lowercase)
                && !c.iter().any(country_or_region)
            {
                continue;
            }
            found.push(Found {
                span: Span::new(span.start + part.0, span.start + part.1),
                entity: named.get(&fold(words)).and_then(|&i| found[i].entity),
                candidates: c,
                key: fold(words),
            });
        } else if let Some((from, c)) = trailing_country(g, text) {
            // "Air France", "Six Flags Over Texas".
            let words = &text[from as usize..];
            found.push(Found {
                span: Span::new(span.start + from, span.end),
                entity: named.get(&fold(words)).and_then(|&i| found[i].entity),
                candidates: c,
                key: fold(words),
            });
        }
    }

    // Spans already read as places, kept sorted as places are added from the text alone.
    let mut taken: Vec<Span> = found.iter().map(|f| f.span).collect();
    taken.sort();

    // "Wichita Drive", "Memphis St.", "West 11th Street": a street, a place no gazetteer
    // holds; a town's name inside it is the street's, and a name read across its end ("St.,
    // Tyler") is none. Not inside a longer name ("the Wall Street Journal").
    let mut mentions: Vec<Span> = doc
        .entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(|m| m.span))
        .collect();
    mentions.sort();
    let street_spans: Vec<Span> = streets(&doc.text)
        .into_iter()
        .map(|(start, end)| Span::new(start as u32, end as u32))
        .filter(|&span| !inside_longer_mention(&mentions, span))
        .collect();
    if !street_spans.is_empty() {
        found.retain(|f| !overlaps(&street_spans, f.span));
        taken.retain(|s| !overlaps(&street_spans, *s));
        for &span in &street_spans {
            found.push(Found {
                span,
                entity: None,
                candidates: Vec::new(),
                key: fold(doc.span_text(span)),
            });
        }
        taken.extend(&street_spans);
        taken.sort();
    }

    // "Henry County", "Rapides Parish": a division the gazetteer knows, named with its kind,
    // whether or not the tagger saw a name there.
    for word in DIVISION_WORDS {
        for (at, _) in doc.text.match_indices(word) {
            let end = at + word.len();
            if !whole_words(&doc.text, at, end) {
                continue;
            }
            if let Some((start, c)) = division_before(g, &doc.text, at, end) {
                let span = Span::new(start as u32, end as u32);
                add_untagged(&mut found, &mut taken, doc, span, c);
            }
        }
    }

    // A person the report only ever names by one word, and never refers back to ("what
    // Shreveport does", "Mansfield's Pastor on Patrol"), is as likely a place the tagger
    // misread: those words may still be read as a place the report names elsewhere.
    let surnames = full_name_surnames(doc, words, common);

    // "lives in Clinton", "a Gainesville man", "Shiloh residents": a name the tagger took for
    // a person or a body is a place where the words around it say so; not an actor the
    // dictionary knows ("a rise in IS recruitment") nor an acronym.
    for e in doc.entities.iter().filter(|e| {
        matches!(
            e.kind,
            EntityType::Person | EntityType::Org | EntityType::Fac | EntityType::Other
        ) && e.actor.is_none()
    }) {
        for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            let text = doc.span_text(m.span);
            let key = fold(text);
            if surnames.contains(&key)
                || not_places.contains(&key)
                || !text.chars().any(char::is_lowercase)
            {
                continue;
            }
            let start = m.span.start as usize;
            let end = m.span.end as usize;
            let placed = word_before(&doc.text[..start])
                .is_some_and(|w| words.before.contains(&fold(w)))
                || word_after(&doc.text[end..]).is_some_and(|w| words.after.contains(&fold(w)));
            if placed {
                let c = g.named(text).to_vec();
                if !c.is_empty() {
                    add_untagged(&mut found, &mut taken, doc, m.span, c);
                }
            }
        }
    }
    let mut people: Vec<Span> = doc
        .entities
        .iter()
        .filter(|e| e.kind == EntityType::Person && !is_bare_name(doc, e, &surnames))
        .flat_map(|e| e.mentions.iter().map(|m| m.span))
        .collect();
    people.sort();
    // An organisation the actor dictionary knows is no place where the report names it
    // ("Hamas", not Hamm in Germany by one of its other names); a place inside its name may
    // be ("European" in "the European Commission").
    let actor_mentions = doc
        .entities
        .iter()
        .filter(|e| e.actor.is_some() && matches!(e.kind, EntityType::Org | EntityType::Person))
        .flat_map(|e| e.mentions.iter().filter(|m| m.kind == MentionKind::Name));
    let actors: HashSet<Span> = actor_mentions.clone().map(|m| m.span).collect();
    let actor_names: HashSet<String> = actor_mentions
        .map(|m| fold(doc.span_text(m.span)))
        .collect();

    // "Cottonport, La.", "Paris, Texas": a town the gazetteer places in the state or country
    // named right after it, whether or not the tagger saw a name there.
    for (at, _) in doc.text.match_indices(", ") {
        let Some((start, c)) = town_before(g, &doc.text, at) else {
            continue;
        };
        let span = Span::new(start as u32, at as u32);
        if overlaps(&people, span) {
            continue;
        }
        if super::container_after(g, &doc.text[at..], &c).is_some() {
            add_untagged(&mut found, &mut taken, doc, span, c);
        }
    }

    // "an Ill. man", "the Ga. pastor", "moved to Okla., where": a state's abbreviation standing
    // alone; the tagger seldom names one.
    for (start, end) in abbreviations(&doc.text) {
        let c: Vec<u32> = g
            .named(&doc.text[start..end])
            .iter()
            .copied()
            .filter(|&i| g.entry(i).kind == PlaceKind::Admin1)
            .collect();
        if !c.is_empty() {
            add_untagged(
                &mut found,
                &mut taken,
                doc,
                Span::new(start as u32, end as u32),
                c,
            );
        }
    }

    // "Gannett March 24, 2009 MANSFIELD -- Mansfield Mayor …", "… fire. TEGA CAY — Local
    // fire departments": a dateline after a headline or byline, not only at the start.
    for (start, end) in datelines(&doc.text) {
        let c = g.named(&doc.text[start..end]).to_vec();
        if !c.is_empty() && !not_places.contains(&fold(&doc.text[start..end])) {
            add_untagged(
                &mut found,
                &mut taken,
                doc,
                Span::new(start as u32, end as u32),
                c,
            );
        }
    }

    // "Newton County, Ga.", "CHARLESTON, W.Va. --": the state or country named right after a
    // place, containing it, is a place too; the tagger seldom names an abbreviation.
    let containers: Vec<(Span, u32)> = found
        .iter()
        .filter(|f| !f.candidates.is_empty())
        .filter_map(|f| {
            let at = f.span.end as usize;
            let ((from, to), outer) =
                super::container_span_after(g, &doc.text[at..], &f.candidates)?;
            Some((Span::new((at + from) as u32, (at + to) as u32), outer))
        })
        .collect();
    for (span, outer) in containers {
        add_untagged(&mut found, &mut taken, doc, span, vec![outer]);
    }

    // One sense per report: a name used as a place (by the tagger, inside a longer name or
    // from the text alone) is that place wherever else it stands ("the Gainesville sewer
    // system"), unless it is part of a person's name there.
    let mut surfaces: Vec<(String, usize)> = found
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.candidates.is_empty())
        .map(|(i, f)| (doc.span_text(f.span).to_string(), i))
        .filter(|(s, _)| s.chars().count() >= 3 && s.starts_with(char::is_uppercase))
        .collect();
    surfaces.sort();
    surfaces.dedup_by(|a, b| a.0 == b.0);
    // One pass over the text for all of them: a report naming thousands of places costs no
    // more than one naming a few.
    let mut more = Vec::new();
    let finder = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(surfaces.iter().map(|(s, _)| s.as_str()));
    if let Ok(finder) = finder {
        for m in finder.find_iter(&doc.text) {
            let span = Span::new(m.start() as u32, m.end() as u32);
            if !whole_words(&doc.text, m.start(), m.end())
                || overlaps(&taken, span)
                || overlaps(&people, span)
                || actors.contains(&span)
            {
                continue;
            }
            let f = &found[surfaces[m.pattern().as_usize()].1];
            more.push(Found {
                span,
                entity: f.entity,
                candidates: f.candidates.clone(),
                key: f.key.clone(),
            });
        }
    }
    found.extend(more);
    // "Trinidad and Tobago", "Tamil Nadu", "Western Cape", "West Virginia": a name the
    // tagger cut short.
    for f in &mut found {
        if let Some((end, c)) = longer_name(g, &doc.text, f.span) {
            f.span = Span::new(f.span.start, end);
            f.key = fold(doc.span_text(f.span));
            f.candidates = c.to_vec();
        }
        if let Some((start, c)) = name_from_word_before(g, &doc.text, f.span) {
            f.span = Span::new(start, f.span.end);
            f.key = fold(doc.span_text(f.span));
            f.candidates = c.to_vec();
        }
    }
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    // A town's name that is the surname of a person the report names in full is that person
    // ("Sanford rejects aid" beside "Gov. Mark Sanford"); a country's or a state's stays.
    let only_towns = |f: &Found| {
        f.candidates
            .iter()
            .all(|&i| matches!(g.entry(i).kind, PlaceKind::City | PlaceKind::Admin2))
    };
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if kept.last().is_some_and(|k| k.span.end > f.span.start)
            || not_places.contains(&f.key)
            // Read from the text alone ("Jackson, Miss.", "X County") is evidence enough.
            || (f.entity.is_some() && surnames.contains(&f.key) && only_towns(&f))
            // "anti-Hamas" beside "Hamas" the organisation.
            || (actor_names.contains(&f.key) && !f.candidates.is_empty() && only_towns(&f))
            || !names_a_place(g, doc, &f, words, common, only_towns(&f))
        {
            continue;
        }
        kept.push(f);
    }
    kept
}

/// Whether the words found can name a place at all. Not: one letter ("D-Calif."); a saint's
/// name cut from its "St." ("St. Patrick's Day"); a name no gazetteer knows that speaks
/// ("Sengel said") or is a county's office cut from its county ("County Manager Doug
/// Derrer"); a person's first name the tagger took for a place, alone or before a surname where
/// the gazetteer knows no such place ("Kristina", "Leah Adkins"), or before a surname where it
/// knows only towns ("Trent Polk").
fn names_a_place(
    g: &Gazetteer,
    doc: &Doc,
    f: &Found,
    words: &PlaceWords,
    common: Option<&WordClusters>,
    only_towns: bool,
) -> bool {
    let text = doc.span_text(f.span);
    if text.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    let before = &doc.text[..f.span.start as usize];
    if ["St. ", "St ", "Saint "].iter().any(|s| {
        before
            .strip_suffix(s)
            .is_some_and(|b| b.is_empty() || b.ends_with(char::is_whitespace))
    }) {
        return false;
    }
    let after = &doc.text[f.span.end as usize..];
    // A word news writes in lower case is no surname ("Madison Township", "Dallas Cowboys").
    let surname = |w: &str| {
        w.starts_with(char::is_uppercase)
            && w.chars().skip(1).all(char::is_lowercase)
            && !is_common(common, w)
    };
    if f.candidates.is_empty() {
        let office = text
            .strip_prefix("County ")
            .is_some_and(|rest| is_common(common, rest.split(' ').next().unwrap_or_default()));
        let speaks = [" said", " says", " told"].iter().any(|v| {
            after
                .strip_prefix(v)
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        });
        if (office && !is_street(text)) || speaks {
            return false;
        }
    }
    let mut name = text.split(' ');
    let first = name.next().unwrap_or_default();
    if !words.first_names.contains(&first.to_lowercase()) {
        return true;
    }
    let second = name.next();
    if name.next().is_some() {
        return true;
    }
    if f.candidates.is_empty() {
        return second.is_some_and(|w| !surname(w));
    }
    if second.is_some() || !only_towns {
        return true;
    }
    let Some(next) = word_after(after) else {
        return true;
    };
    // "Jackson Township", "in Clinton April 4", "Austin Texas": a place's word, a date, or
    // the state or country the town is in.
    let dated = after[1 + next.len()..]
        .strip_prefix(' ')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    let area = g.named(next).iter().any(|&i| {
        matches!(
            g.entry(i).kind,
            PlaceKind::Country | PlaceKind::Region | PlaceKind::Admin1
        )
    });
    !surname(next) || dated || area || words.after.contains(&fold(next))
}

/// Whether news writes the word in lower case (it is in the word clusters' vocabulary so).
fn is_common(common: Option<&WordClusters>, word: &str) -> bool {
    common.is_some_and(|c| c.get(&word.to_lowercase()).is_some())
}

/// Words that open a sentence or a phrase before a street's name and are no part of it.
const BEFORE_STREET: [&str; 12] = [
    "The", "On", "In", "At", "From", "To", "Near", "And", "Of", "By", "Along", "Off",
];

/// Whether a name is a street's: it ends with a street word ("Wichita Drive", "Memphis St.").
pub(super) fn is_street(name: &str) -> bool {
    name.rsplit(' ')
        .next()
        .is_some_and(|w| STREET_ENDS.contains(&w) || STREET_ENDS_SHORT.contains(&w))
}

/// The byte ranges of streets' names: one to three capitalised words or ordinals ("11th")
/// and a street word.
fn streets(text: &str) -> Vec<(usize, usize)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        let ends: Vec<String> = STREET_ENDS
            .iter()
            .chain(&STREET_ENDS_SHORT)
            .map(|w| regex::escape(w))
            .collect();
        // An ASCII word boundary: news text is seldom all ASCII, and a Unicode one would
        // keep the regex off its fast engine.
        Regex::new(&format!(
            r"(?-u:\b)(?:(?:[A-Z][a-z][A-Za-z'’-]*|\d{{1,3}}(?:st|nd|rd|th)) ){{1,3}}(?:{})",
            ends.join("|")
        ))
        .expect("the street pattern is valid")
    });
    let mut out = Vec::new();
    for m in re.find_iter(text) {
        let name = m.as_str();
        let rest = &text[m.end()..];
        let last = name.rsplit(' ').next().unwrap_or("");
        let written_out = STREET_ENDS.contains(&last);
        if written_out && rest.starts_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        if STREET_ENDS_SHORT.contains(&last)
            && rest
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(char::is_uppercase))
        {
            continue;
        }
        // "On Elm Street": the sentence's first word is not the street's.
        let start = m.start()
            + name
                .split(' ')
                .take_while(|w| BEFORE_STREET.contains(w))
                .map(|w| w.len() + 1)
                .sum::<usize>();
        if start < m.end() - last.len() {
            out.push((start, m.end()));
        }
    }
    out
}

/// The byte ranges of words abbreviated the way news abbreviates a state ("Ill.", "N.C.",
/// "W. Va."), where the full stop ends no sentence: before a lower-case word or a comma ("an
/// Ill. man"), in a legislator's party label ("D-Pa."), or after "the" ("the S.C. Highway
/// Patrol"). In text order.
fn abbreviations(text: &str) -> Vec<(usize, usize)> {
    static RE: OnceLock<Vec<Regex>> = OnceLock::new();
    let res = RE.get_or_init(|| {
        const ABBREVIATION: &str = r"((?:[A-Z][a-z]{1,4}|[A-Z]\.[A-Z]|W\. ?Va)\.)";
        [
            format!(r"(?:^|[ (]){ABBREVIATION}(?: [a-z]|[,;:)])"),
            format!(r"(?-u:\b)[DRI]-{ABBREVIATION}"),
            format!(r"(?-u:\b)[Tt]he {ABBREVIATION} [A-Z]"),
        ]
        .iter()
        .map(|re| Regex::new(re).expect("the abbreviation patterns are valid"))
        .collect()
    });
    let mut out: Vec<(usize, usize)> = res
        .iter()
        .flat_map(|re| re.captures_iter(text).filter_map(|c| c.get(1)))
        .map(|m| (m.start(), m.end()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Capitals and the dash after them that open a report's body, wherever they stand: at the
/// start of a line, after a sentence or after a byline's year; an optional container between
/// ("ST. JOHN'S, N.L. -"). The byte ranges of the capitals, in text order.
fn datelines(text: &str) -> Vec<(usize, usize)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?m)(?:^|[.!?:][\x22”’]? +|\d{4} +)((?:[A-Z][A-Z.'’-]+)(?: [A-Z][A-Z.'’-]*){0,3})(?:, [A-Z][A-Za-z.]{1,12})? ?(?:--|[—–\x{97}]| -) ",
        )
        .expect("the dateline pattern is valid")
    });
    re.captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// The start of a name the gazetteer knows that the capitalised word right before `span` opens
/// ("West" + "Virginia", "W." + "Va."), and its places.
fn name_from_word_before<'g>(g: &'g Gazetteer, text: &str, span: Span) -> Option<(u32, &'g [u32])> {
    let before = text[..span.start as usize].strip_suffix(' ')?;
    let start = word_start(before, is_name_char);
    let word = &before[start..];
    // "The Shreveport Police": "the" is no part of a place's name as the gazetteer folds it.
    if !word.starts_with(char::is_uppercase) || fold(word).is_empty() || word == "The" {
        return None;
    }
    let c = g.named(&text[start..span.end as usize]);
    (!c.is_empty()).then_some((start as u32, c))
}

/// Whether a longer mention than `span` holds it ("Wall Street" in "the Wall Street Journal");
/// `mentions` sorted. Mentions seldom nest, so the few that start last before it are enough.
fn inside_longer_mention(mentions: &[Span], span: Span) -> bool {
    let at = mentions.partition_point(|m| m.start <= span.start);
    mentions[..at]
        .iter()
        .rev()
        .take(4)
        .any(|m| span.end <= m.end && *m != span)
}

/// The folded surnames of the persons the report names in full; not of a name the tagger
/// took for a person's that opens with a word news writes in lower case and no one is called
/// ("Downtown Greer").
fn full_name_surnames(
    doc: &Doc,
    words: &PlaceWords,
    common: Option<&WordClusters>,
) -> HashSet<String> {
    let no_first_name = |name: &str| {
        let first = name.split(' ').next().unwrap_or_default();
        !words.first_names.contains(&first.to_lowercase()) && is_common(common, first)
    };
    doc.entities
        .iter()
        .filter(|e| e.kind == EntityType::Person && e.name.contains(' '))
        .filter(|e| !no_first_name(&e.name))
        .filter_map(|e| e.name.rsplit(' ').next().map(fold))
        .collect()
}

/// Whether a person is only ever named by one word, never by a pronoun or a description,
/// and that word is no surname of a person named in full.
fn is_bare_name(doc: &Doc, e: &wirewatch_doc::Entity, surnames: &HashSet<String>) -> bool {
    !e.name.contains(' ')
        && !surnames.contains(&fold(&e.name))
        && e.mentions
            .iter()
            .all(|m| m.kind == MentionKind::Name && !doc.span_text(m.span).contains(' '))
}

/// The end of the longest name the gazetteer knows that starts with `span` and goes on with
/// up to three more words ("Trinidad" + " and Tobago"), and its places.
fn longer_name<'g>(g: &'g Gazetteer, text: &str, span: Span) -> Option<(u32, &'g [u32])> {
    let start = span.start as usize;
    let mut ends = Vec::new();
    let mut at = span.end as usize;
    for _ in 0..3 {
        let rest = &text[at..];
        let Some(word) = rest.strip_prefix(' ') else {
            break;
        };
        let len = word
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
            .unwrap_or(word.len());
        if len == 0 {
            break;
        }
        let w = &word[..len];
        if !(w.starts_with(char::is_uppercase) || w == "and" || w == "of") {
            break;
        }
        at += 1 + len;
        if w.starts_with(char::is_uppercase) {
            ends.push(at);
        }
    }
    ends.into_iter().rev().find_map(|end| {
        let c = g.named(&text[start..end]);
        (!c.is_empty()).then_some((end as u32, c))
    })
}

/// Adds a place read from the text alone, with no entity, unless its words are already a
/// place's; `taken` stays sorted.
fn add_untagged(
    found: &mut Vec<Found>,
    taken: &mut Vec<Span>,
    doc: &Doc,
    span: Span,
    candidates: Vec<u32>,
) {
    if overlaps(taken, span) {
        return;
    }
    let at = taken.partition_point(|s| *s < span);
    taken.insert(at, span);
    found.push(Found {
        span,
        entity: None,
        candidates,
        key: fold(doc.span_text(span)),
    });
}

/// The longest run of the name's words that the gazetteer knows as a place `eligible` allows:
/// the name's first words ("Douglas County" in "Douglas County Hospital"), the words after
/// "of" ("University of Texas"), or a part of a hyphened word ("DFL-Minneapolis").
fn known_part<'g>(
    g: &'g Gazetteer,
    text: &str,
    not_places: &HashSet<String>,
    eligible: impl Fn(u32) -> bool,
) -> Option<((u32, u32), &'g [u32])> {
    let words = word_spans(text);
    let ok = |from: usize, to: usize| -> Option<&'g [u32]> {
        let name = &text[from..to];
        if !name.starts_with(char::is_uppercase) || not_places.contains(&fold(name)) {
            return None;
        }
        let c = g.named(name);
        c.iter().any(|&i| eligible(i)).then_some(c)
    };
    // Leading words, longest first, never the whole name (that was looked up already), and
    // not when the words after them make an address ("Memphis St."); after a first word
    // that is no place ("North Texas", "Western Pennsylvania") or after "of".
    let after_direction = words
        .first()
        .filter(|&&(a, b)| words.len() > 1 && is_compass(&fold(&text[a..b])))
        .map(|_| 1);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(after_direction)
        .chain(
            words
                .windows(2)
                .enumerate()
                .filter(|(_, w)| &text[w[0].0..w[0].1] == "of")
                .map(|(i, _)| i + 1),
        )
        .collect();
    for first in starts.into_iter().take(4) {
        // No place name runs past six words; a longer run would cost its square in lookups.
        for last in (first..words.len().min(first + MAX_NAME_WORDS)).rev() {
            if first == 0 && last + 1 == words.len() {
                continue;
            }
            let next = words.get(last + 1).map(|&(a, b)| &text[a..b]);
            if next.is_some_and(is_street_word) {
                continue;
            }
            let (from, to) = (words[first].0, words[last].1);
            if let Some(c) = ok(from, to) {
                return Some(((from as u32, to as u32), c));
            }
        }
    }
    // "DFL-Minneapolis", "Fargo-Moorhead": a part of one hyphened word.
    if words.len() == 1 {
        let (from, to) = words[0];
        let word = &text[from..to];
        for (at, _) in word.match_indices('-') {
            for (a, b) in [(from + at + 1, to), (from, from + at)] {
                // A part of a hyphened word is a place only when it is a sizeable one
                // ("DFL-Minneapolis"), not a hamlet ("Wal-Mart").
                let sizeable = |c: &[u32]| {
                    c.iter().any(|&i| {
                        let e = g.entry(i);
                        e.kind != PlaceKind::City || e.population >= 15_000
                    })
                };
                if b > a {
                    if let Some(c) = ok(a, b).filter(|c| sizeable(c)) {
                        return Some(((a as u32, b as u32), c));
                    }
                }
            }
        }
    }
    None
}

/// The start of the one to three capitalised words ending at `at` that name towns, longest
/// first, and the towns.
fn town_before(g: &Gazetteer, text: &str, at: usize) -> Option<(usize, Vec<u32>)> {
    // All capitals is a headline or an acronym, not a town's name.
    let word_ok = |w: &str| w.chars().any(char::is_lowercase);
    named_run_before(g, text, at, at, 3, PlaceKind::City, word_ok)
}

/// Words that end a second-order division's name.
const DIVISION_WORDS: [&str; 3] = ["County", "Parish", "Borough"];

/// The start of the one or two capitalised words before `text[at..end]` ("County") that make
/// a division's name with it, longest first, and the divisions of that name.
fn division_before(g: &Gazetteer, text: &str, at: usize, end: usize) -> Option<(usize, Vec<u32>)> {
    let words_end = text[..at].strip_suffix(' ')?.len();
    named_run_before(g, text, words_end, end, 2, PlaceKind::Admin2, |_| true)
}

/// Up to `most` capitalised words (each one `word_ok` accepts) ending at `words_end`, and the
/// longest run of them that, read on to `name_end`, names places of `kind`: its start and
/// those places.
fn named_run_before(
    g: &Gazetteer,
    text: &str,
    words_end: usize,
    name_end: usize,
    most: usize,
    kind: PlaceKind,
    word_ok: impl Fn(&str) -> bool,
) -> Option<(usize, Vec<u32>)> {
    let mut starts = Vec::new();
    let mut cursor = words_end;
    for _ in 0..most {
        let before = &text[..cursor];
        let start = word_start(before, is_name_char);
        let word = &before[start..];
        if !word.starts_with(char::is_uppercase) || !word_ok(word) {
            break;
        }
        starts.push(start);
        match text[..start].strip_suffix(' ') {
            Some(rest) => cursor = rest.len(),
            None => break,
        }
    }
    starts.into_iter().rev().find_map(|start| {
        let c: Vec<u32> = g
            .named(&text[start..name_end])
            .iter()
            .copied()
            .filter(|&i| g.entry(i).kind == kind)
            .collect();
        (!c.is_empty()).then_some((start, c))
    })
}

/// A direction word ("north", "northeastern", "central") that leads a region's name.
fn is_compass(folded: &str) -> bool {
    let stem = folded
        .strip_suffix("ern")
        .unwrap_or(folded)
        .replace('-', "");
    matches!(
        stem.as_str(),
        "north" | "south" | "east" | "west" | "northeast" | "northwest" | "southeast" | "southwest"
    ) || folded == "central"
}

/// "Air France", "Building Ireland": a country, state or region ending a longer name (one or
/// two words), and its places of those kinds.
fn trailing_country(g: &Gazetteer, text: &str) -> Option<(u32, Vec<u32>)> {
    let words = word_spans(text);
    (1..=2.min(words.len().saturating_sub(1)))
        .rev()
        .find_map(|n| {
            let from = words[words.len() - n].0;
            let part = &text[from..];
            if !part.starts_with(char::is_uppercase) || !part.chars().any(char::is_lowercase) {
                return None;
            }
            let c: Vec<u32> = g
                .named(part)
                .iter()
                .copied()
                .filter(|&i| {
                    matches!(
                        g.entry(i).kind,
                        PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Region
                    )
                })
                .collect();
            (!c.is_empty()).then_some((from as u32, c))
        })
}

/// Byte ranges of the words of a name, without a trailing comma or full stop's comma.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c == ',' {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Where the word that ends `text` starts: after the last character that `in_word` refuses.
fn word_start(text: &str, in_word: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, c)| !in_word(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// A character of a word of a place's name: "St.", "Winston-Salem", "Coeur d'Alene".
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-' || c == '\''
}

/// The word that ends `before`, after at most white space ("in" of "lives in ").
fn word_before(before: &str) -> Option<&str> {
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return None;
    }
    let word = &trimmed[word_start(trimmed, char::is_alphabetic)..];
    (!word.is_empty()).then_some(word)
}

/// The word that starts `after`, after one space ("man" of " man charged").
fn word_after(after: &str) -> Option<&str> {
    let rest = after.strip_prefix(' ')?;
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    let word = &rest[..end];
    (!word.is_empty()).then_some(word)
}

/// Whether `text[from..to]` stands as whole words.
fn whole_words(text: &str, from: usize, to: usize) -> bool {
    let before = text[..from].chars().next_back();
    let after = text[to..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether `span` overlaps any of the sorted `spans`.
fn overlaps(spans: &[Span], span: Span) -> bool {
    let i = spans.partition_point(|s| s.end <= span.start);
    spans.get(i).is_some_and(|s| s.start < span.end)
}
