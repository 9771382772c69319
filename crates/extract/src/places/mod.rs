//! The places layer: every place name and people's word the entities layer found, resolved
//! against the gazetteer, with the report's other places as context.
//!
//! Candidates are the gazetteer's places of that name. Each is weighed by its kind and size
//! (a country before a city, a capital before a village), then by the countries the rest of
//! the report is about (the dateline counts twice), then by what the text says contains it
//! ("Kandahar, Afghanistan"). A name keeps one reading through the report. A direction word
//! before a place ("northern Afghanistan") makes a region of it, its point moved that way.
//! A name the gazetteer does not know is still a place, with no coordinates.

pub mod gazetteer;
pub mod homes;
mod toponyms;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use wirewatch_nlp::clusters::WordClusters;

use wirewatch_doc::{Doc, EntityId, EntityType, Layer, Place, Span};

use crate::Component;
use gazetteer::{fold, Entry, Gazetteer, PlaceKind};

/// Resolves the report's places.
#[derive(Debug)]
pub struct PlacesComponent {
    gazetteer: Gazetteer,
    words: PlaceWords,
    /// The words news writes in lower case (the word clusters' vocabulary): one of them
    /// capitalised alone ("Year", "Subway") is a common noun, not a place no gazetteer knows.
    common: Option<Arc<WordClusters>>,
}

/// The places layer's word lists, from `data/places/`.
#[derive(Debug, Default)]
pub struct PlaceWords {
    /// Folded names that are no place standing alone (`not_places.txt`).
    pub not_places: HashSet<String>,
    /// Folded last words of names that are no place unless the gazetteer knows them
    /// (`not_place_heads.txt`).
    pub not_place_heads: HashSet<String>,
    /// Folded words just before a name that make it a place ("in", `place_context.tsv`).
    pub before: HashSet<String>,
    /// Folded words just after a name that make it a place ("man", "residents").
    pub after: HashSet<String>,
    /// Lower-case first names of people (`data/lang/en/first_names.tsv`): one the tagger took
    /// for a place is a person's where the gazetteer or a surname says so.
    pub first_names: HashSet<String>,
}

impl PlaceWords {
    /// The lists shipped in `data/places/`.
    pub fn embedded() -> Result<PlaceWords, wirewatch_nlp::data::DataError> {
        use crate::resources::{FIRST_NAMES, NOT_PLACES, NOT_PLACE_HEADS, PLACE_CONTEXT};
        use wirewatch_nlp::data::{read_tsv, read_word_list, DataError};
        let mut words = PlaceWords {
            not_places: read_word_list(NOT_PLACES)?,
            not_place_heads: read_word_list(NOT_PLACE_HEADS)?,
            first_names: read_tsv(
                FIRST_NAMES.path,
                FIRST_NAMES.text,
                &["word", "kind", "gender"],
            )?
            .into_iter()
            .map(|row| row.cells[0].to_lowercase())
            .collect(),
            ..PlaceWords::default()
        };
        for row in read_tsv(PLACE_CONTEXT.path, PLACE_CONTEXT.text, &["side", "word"])? {
            let side = match row.cells[0] {
                "before" => &mut words.before,
                "after" => &mut words.after,
                other => {
                    return Err(DataError::Line {
                        file: PLACE_CONTEXT.path.into(),
                        line: row.line,
                        message: format!("side {other:?} is neither before nor after"),
                    })
                }
            };
            side.insert(fold(row.cells[1]));
        }
        Ok(words)
    }
}

impl PlacesComponent {
    /// The component over a gazetteer and its word lists.
    pub fn new(gazetteer: Gazetteer, words: PlaceWords) -> PlacesComponent {
        PlacesComponent {
            gazetteer,
            words,
            common: None,
        }
    }

    /// With the vocabulary of words news writes in lower case.
    pub fn with_common_words(self, clusters: Arc<WordClusters>) -> PlacesComponent {
        PlacesComponent {
            common: Some(clusters),
            ..self
        }
    }
}

/// Direction words before a place and the way they move its point (north, east).
const DIRECTIONS: [(&str, (f64, f64)); 13] = [
    ("northern", (1.0, 0.0)),
    ("southern", (-1.0, 0.0)),
    ("eastern", (0.0, 1.0)),
    ("western", (0.0, -1.0)),
    ("northeastern", (0.7, 0.7)),
    ("north-eastern", (0.7, 0.7)),
    ("northwestern", (0.7, -0.7)),
    ("north-western", (0.7, -0.7)),
    ("southeastern", (-0.7, 0.7)),
    ("south-eastern", (-0.7, 0.7)),
    ("southwestern", (-0.7, -0.7)),
    ("south-western", (-0.7, -0.7)),
    ("central", (0.0, 0.0)),
];

/// A direction word as written ("northern") and the way it points (north, east).
type Direction = (String, (f64, f64));

/// One toponym to resolve.
struct Toponym {
    span: Span,
    entity: Option<EntityId>,
    /// Candidate entries.
    candidates: Vec<u32>,
    /// A direction word before it, as written, and its way.
    direction: Option<Direction>,
    /// The country or region named right after it that contains one of its candidates
    /// ("Kandahar, Afghanistan", "Lebanon, Pa.").
    within: Option<u32>,
    /// Folded text, for one reading per report.
    key: String,
}

impl Component for PlacesComponent {
    fn name(&self) -> &'static str {
        "places"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn languages(&self) -> Option<&'static [&'static str]> {
        Some(&["en"])
    }
    fn run(&self, doc: &mut Doc) {
        let g = &self.gazetteer;
        let mut toponyms: Vec<Toponym> =
            toponyms::find(doc, g, &self.words, self.common.as_deref())
                .into_iter()
                .map(|f| {
                    let (span, direction) = direction_before(doc, f.span);
                    Toponym {
                        span,
                        entity: f.entity,
                        candidates: f.candidates,
                        direction,
                        within: None,
                        key: f.key,
                    }
                })
                .collect();
        toponyms.sort_by_key(|t| (t.span.start, t.span.end));
        for t in &mut toponyms {
            t.within = self.container_after(&doc.text[t.span.end as usize..], &t.candidates);
        }

        let dateline_entity = doc.dateline.and_then(|d| {
            doc.entities
                .iter()
                .position(|e| e.mentions.iter().any(|m| m.span == d.place))
        });
        let home = doc.meta.home.as_deref().and_then(|h| self.home_area(h));
        let readings = self.resolve(&toponyms, home, |t| {
            t.entity.map(|e| e.0 as usize) == dateline_entity && dateline_entity.is_some()
        });
        let town = self.main_town(&toponyms, &readings);
        let places: Vec<Place> = toponyms
            .iter()
            .map(|t| match readings.get(&t.key).copied().flatten() {
                None if toponyms::is_street(doc.span_text(t.span)) => self.street(doc, t, town),
                reading => self.place(t, reading),
            })
            .collect();
        for p in &places {
            if let (Some(entity), Some(country)) = (p.entity, &p.country) {
                let e = &mut doc.entities[entity.0 as usize];
                if e.country.is_none() && e.kind != EntityType::Norp {
                    e.country = Some(country.clone());
                }
            }
        }
        doc.places = places;
    }
}

/// What the report's other places say about a reading: each name's reading votes once for
/// its country and its state (the dateline's twice), and stands somewhere on the map.
struct Context<'a> {
    countries: HashMap<&'static str, f64>,
    states: HashMap<(&'static str, &'static str), f64>,
    total: f64,
    /// Each name's reading and its weight.
    readings: &'a BTreeMap<String, Option<u32>>,
    weights: &'a BTreeMap<String, f64>,
    /// The towns the other names may be: each name's places if it has few, else its
    /// reading; by map cell, with the name's number, so that a town's neighbours are found
    /// without looking at every name.
    towns: HashMap<Cell, Vec<Town>>,
    numbers: HashMap<&'a str, usize>,
}

/// A map cell's size in degrees, for the towns near a town.
const CELL_DEGREES: f64 = 2.5;

/// A map cell: rows of latitude, columns of longitude.
type Cell = (i32, i32);

/// A town a name may be: its point and the name's number.
type Town = ((f64, f64), usize);

/// The cell a point lies in.
fn cell(point: (f64, f64)) -> Cell {
    (
        (point.0 / CELL_DEGREES).floor() as i32,
        (point.1 / CELL_DEGREES).floor() as i32,
    )
}

impl<'a> Context<'a> {
    fn new(
        g: &Gazetteer,
        readings: &'a BTreeMap<String, Option<u32>>,
        candidates: &'a BTreeMap<String, &'a [u32]>,
        weights: &'a BTreeMap<String, f64>,
        home: Option<u32>,
    ) -> Context<'a> {
        let mut c = Context {
            countries: HashMap::new(),
            states: HashMap::new(),
            total: 0.0,
            readings,
            weights,
            towns: HashMap::new(),
            numbers: HashMap::new(),
        };
        for (n, (key, reading)) in readings.iter().enumerate() {
            c.numbers.insert(key.as_str(), n);
            let few = candidates.get(key).filter(|c| c.len() <= FEW_READINGS);
            let places: Vec<u32> = match few {
                Some(c) => c.to_vec(),
                None => reading.iter().copied().collect(),
            };
            for i in places {
                let e = g.entry(i);
                if let (Some(p), PlaceKind::City | PlaceKind::Admin2) = (e.point, e.kind) {
                    c.towns.entry(cell(p)).or_default().push((p, n));
                }
            }
        }
        let home = home.map(|i| (i, HOME_WEIGHT));
        let named = readings
            .iter()
            .filter_map(|(key, r)| Some(((*r)?, weights.get(key).copied().unwrap_or(1.0))));
        for (i, w) in named.chain(home) {
            let e = g.entry(i);
            for country in countries_of(e) {
                *c.countries.entry(country).or_default() += w;
            }
            if is_local(e) {
                *c.states.entry((e.country, e.admin1)).or_default() += w;
            }
            c.total += w;
        }
        c
    }

    /// What the other names' readings add to `e` as the reading of `key`.
    fn bonus(&self, g: &Gazetteer, key: &str, e: &Entry) -> f64 {
        let own = self
            .readings
            .get(key)
            .copied()
            .flatten()
            .map(|i| g.entry(i));
        let w = self.weights.get(key).copied().unwrap_or(1.0);
        let rest = (self.total - if own.is_some() { w } else { 0.0 }).max(1.0);
        // The share of the report's other places in this country, and in this state.
        let mine = own.is_some_and(|o| countries_of(o).contains(&e.country));
        let others =
            self.countries.get(e.country).copied().unwrap_or(0.0) - if mine { w } else { 0.0 };
        let mut bonus = 4.0 * (others.max(0.0) / rest);
        if is_local(e) {
            let state = (e.country, e.admin1);
            let mine = own.is_some_and(|o| is_local(o) && (o.country, o.admin1) == state);
            let others =
                self.states.get(&state).copied().unwrap_or(0.0) - if mine { w } else { 0.0 };
            bonus += 3.5 * (others.max(0.0) / rest);
            // A town near the report's other towns ("Riverdale" with "New York"): near
            // their readings, or near any reading of a name with few ("Paris" and "Henry
            // County", both in Tennessee).
            if let Some(p) = e.point {
                let own = self.numbers.get(key).copied();
                let (row, column) = cell(p);
                let reach = (NEAR_KM / (111.2 * p.0.to_radians().cos().max(0.05)) / CELL_DEGREES)
                    .ceil()
                    .min(72.0) as i32;
                let mut nearest = f64::INFINITY;
                'cells: for r in row - 1..=row + 1 {
                    for col in column - reach..=column + reach {
                        let wrapped = (col + 72).rem_euclid(144) - 72;
                        for &(q, n) in self.towns.get(&(r, wrapped)).into_iter().flatten() {
                            // A degree of latitude is 111 km: most towns of a cell are
                            // too far north or south to need the trigonometry.
                            if Some(n) == own || (q.0 - p.0).abs() * 111.0 >= nearest.min(NEAR_KM) {
                                continue;
                            }
                            nearest = nearest
                                .min(wirewatch_doc::geo::great_circle_km(p.0, p.1, q.0, q.1));
                            if nearest < 1.0 {
                                break 'cells;
                            }
                        }
                    }
                }
                bonus += NEAR_BONUS * (1.0 - nearest / NEAR_KM).max(0.0);
            }
        }
        bonus
    }
}

/// The outlet's home counts as this many of the report's place names, as a dateline does.
const HOME_WEIGHT: f64 = 2.0;

/// A town this near another town of the report gains up to `NEAR_BONUS`.
const NEAR_KM: f64 = 250.0;
const NEAR_BONUS: f64 = 2.0;
/// A name with this many places or fewer lends each of them as a neighbour.
const FEW_READINGS: usize = 12;

/// Whether a place lies inside one state or province.
fn is_local(e: &Entry) -> bool {
    matches!(
        e.kind,
        PlaceKind::City | PlaceKind::Admin1 | PlaceKind::Admin2
    )
}

impl PlacesComponent {
    /// One reading for each name of the report: first by kind and size alone, then twice
    /// more with what the other names' readings say. A name followed by its container
    /// ("Lebanon, Pa.") is read inside it, and so through the report.
    fn resolve(
        &self,
        toponyms: &[Toponym],
        home: Option<u32>,
        on_dateline: impl Fn(&Toponym) -> bool,
    ) -> BTreeMap<String, Option<u32>> {
        let g = &self.gazetteer;
        let mut candidates: BTreeMap<String, &[u32]> = BTreeMap::new();
        let mut weights: BTreeMap<String, f64> = BTreeMap::new();
        let mut containers: BTreeMap<String, u32> = BTreeMap::new();
        for t in toponyms {
            candidates.entry(t.key.clone()).or_insert(&t.candidates);
            let w = if on_dateline(t) { 2.0 } else { 1.0 };
            let slot = weights.entry(t.key.clone()).or_insert(w);
            *slot = slot.max(w);
            if let Some(c) = t.within {
                containers.entry(t.key.clone()).or_insert(c);
            }
        }
        // Names that are some sizeable town's own name, found once per name: there another
        // town's old or foreign name ("Salisbury" for Harare) yields to the town whose own
        // name it is.
        let owned: HashSet<&str> = candidates
            .iter()
            .filter(|(key, c)| {
                c.iter().any(|&i| {
                    let e = g.entry(i);
                    e.kind == PlaceKind::City && e.population >= 15_000 && same_name(e.name, key)
                })
            })
            .map(|(key, _)| key.as_str())
            .collect();
        let alias_penalty = |key: &str, e: &Entry| -> f64 {
            let alias = e.kind == PlaceKind::City && owned.contains(key) && !same_name(e.name, key);
            if alias {
                4.0
            } else {
                0.0
            }
        };
        let mut readings: BTreeMap<String, Option<u32>> = candidates
            .iter()
            .map(|(k, c)| (k.clone(), best(g, c, |e| -alias_penalty(k, e))))
            .collect();
        for _ in 0..2 {
            let context = Context::new(g, &readings, &candidates, &weights, home);
            let next: BTreeMap<String, Option<u32>> = candidates
                .iter()
                .map(|(k, c)| {
                    let container = containers.get(k).map(|&i| g.entry(i));
                    let reading = best(g, c, |e| {
                        let mut bonus = context.bonus(g, k, e) - alias_penalty(k, e);
                        if container.is_some_and(|c| contains(c, e)) {
                            bonus += 10.0;
                        }
                        bonus
                    });
                    (k.clone(), reading)
                })
                .collect();
            readings = next;
        }
        readings
    }

    /// The country, state or region an outlet's home names: "Louisiana", "Georgia, US" (the
    /// state, where "Georgia" alone is the country), "Ireland".
    fn home_area(&self, home: &str) -> Option<u32> {
        let g = &self.gazetteer;
        let (name, country) = match home.rsplit_once(',') {
            Some((name, code)) if code.trim().len() == 2 => (name.trim(), Some(code.trim())),
            _ => (home.trim(), None),
        };
        let areas: Vec<u32> = g
            .named(name)
            .iter()
            .copied()
            .filter(|&i| {
                let e = g.entry(i);
                matches!(
                    e.kind,
                    PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Region
                ) && country.is_none_or(|c| e.country.eq_ignore_ascii_case(c))
            })
            .collect();
        best(g, &areas, |_| 0.0)
    }

    /// ", Afghanistan", ", Pa.": a country or first-order division named right after a
    /// comma that contains one of the candidates.
    fn container_after(&self, after: &str, candidates: &[u32]) -> Option<u32> {
        container_after(&self.gazetteer, after, candidates)
    }

    /// The town the report is most about: the town reading that the most of its place names
    /// have, the first named on a tie.
    fn main_town(
        &self,
        toponyms: &[Toponym],
        readings: &BTreeMap<String, Option<u32>>,
    ) -> Option<u32> {
        // town -> (mentions, the first one's place in the text)
        let mut counts: HashMap<u32, (usize, usize)> = HashMap::new();
        for (at, t) in toponyms.iter().enumerate() {
            let Some(i) = readings.get(&t.key).copied().flatten() else {
                continue;
            };
            if self.gazetteer.entry(i).kind == PlaceKind::City {
                counts.entry(i).or_insert((0, at)).0 += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first)))
            .map(|(town, _)| town)
    }

    /// A street: no gazetteer holds it, so it stands at the point of the town the report is
    /// most about, in that town's country and state, with feature `other` and no gazetteer id.
    fn street(&self, doc: &Doc, t: &Toponym, town: Option<u32>) -> Place {
        let town = town.map(|i| self.gazetteer.entry(i));
        Place {
            span: t.span,
            entity: t.entity,
            name: Some(doc.span_text(t.span).to_string()),
            country: town.map(|e| e.country.to_string()),
            admin1: town
                .and_then(|e| self.gazetteer.admin1_name(e))
                .map(str::to_string),
            feature: Some("other"),
            point: town.and_then(|e| e.point),
            gazetteer_id: None,
        }
    }

    /// The place a toponym names, read as `reading`.
    fn place(&self, t: &Toponym, reading: Option<u32>) -> Place {
        let g = &self.gazetteer;
        let Some(entry) = reading.map(|i| g.entry(i)) else {
            return Place {
                span: t.span,
                entity: t.entity,
                name: None,
                country: None,
                admin1: None,
                feature: None,
                point: None,
                gazetteer_id: None,
            };
        };
        let mut name = entry.name.to_string();
        let mut feature = entry.kind.feature();
        let mut point = entry.point;
        if let Some((word, way)) = &t.direction {
            // A part of the place: its point moved a quarter of the place's breadth that way.
            // At most 150 km: the part is still within reach of the whole's point.
            let breadth_km = entry.area.map_or(150.0, f64::sqrt);
            point = point.map(|(lat, lon)| shift(lat, lon, way, (breadth_km / 4.0).min(150.0)));
            let mut part: Vec<char> = word.chars().collect();
            if let Some(first) = part.first_mut() {
                *first = first.to_ascii_uppercase();
            }
            name = format!("{} {name}", part.into_iter().collect::<String>());
            feature = "region";
        }
        let country = match entry.kind {
            PlaceKind::Region => match entry.members().collect::<Vec<_>>().as_slice() {
                [only] => Some(only.to_string()),
                _ => None,
            },
            _ => Some(entry.country.to_string()),
        };
        Place {
            span: t.span,
            entity: t.entity,
            name: Some(name),
            country,
            admin1: g.admin1_name(entry).map(str::to_string),
            feature: Some(feature),
            point,
            gazetteer_id: Some(match entry.kind {
                PlaceKind::Region | PlaceKind::Admin2 => format!("wirewatch:{}", entry.id),
                _ => format!("geonames:{}", entry.id),
            }),
        }
    }
}

/// ", Afghanistan", ", Pa.": a country or first-order division named right after a comma
/// that contains one of the candidates.
fn container_after(g: &Gazetteer, after: &str, candidates: &[u32]) -> Option<u32> {
    container_span_after(g, after, candidates).map(|(_, i)| i)
}

/// [`container_after`], with the byte range of the container's name in `after`.
fn container_span_after(
    g: &Gazetteer,
    after: &str,
    candidates: &[u32],
) -> Option<((usize, usize), u32)> {
    let rest = after.strip_prefix(", ")?;
    // Up to three words, each perhaps with its abbreviation's full stop.
    let mut ends = Vec::new();
    for (at, c) in rest.char_indices().take(40) {
        if c == ' ' || c == ',' || c == ';' || c == ')' || c == '\n' {
            ends.push(at);
            if c != ' ' || ends.len() == 3 {
                break;
            }
        }
    }
    if ends.len() < 3 && rest.len() <= 40 {
        ends.push(rest.len());
    }
    ends.iter().rev().find_map(|&end| {
        let whole = &rest[..end];
        // "…, Texas." ends a sentence; "…, Ga." is the name.
        let name = whole
            .strip_suffix('.')
            .filter(|n| !n.contains('.'))
            .unwrap_or(whole);
        if !name.starts_with(char::is_uppercase) {
            return None;
        }
        let contains_one = |c: &u32| {
            let outer = g.entry(*c);
            matches!(
                outer.kind,
                PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Region
            ) && candidates.iter().any(|&i| contains(outer, g.entry(i)))
        };
        let at = |len: usize| (2, 2 + len);
        g.named(name)
            .iter()
            .find(|c| contains_one(c))
            .map(|&c| (at(name.len()), c))
            .or_else(|| {
                g.named(whole)
                    .iter()
                    .find(|c| contains_one(c))
                    .map(|&c| (at(whole.len()), c))
            })
    })
}

/// "northern Afghanistan": the span with its direction word, and the word and its way.
fn direction_before(doc: &Doc, span: Span) -> (Span, Option<Direction>) {
    let before = &doc.text[..span.start as usize];
    let Some(head) = before.strip_suffix(' ') else {
        return (span, None);
    };
    let word_start = head
        .rfind(|c: char| !(c.is_alphabetic() || c == '-'))
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &head[word_start..];
    match DIRECTIONS.iter().find(|(w, _)| *w == word) {
        Some(&(w, way)) => (
            Span::new(word_start as u32, span.end),
            Some((w.to_string(), way)),
        ),
        None => (span, None),
    }
}

/// Whether a place's own name is `key` (folded), written out or abbreviated: "Saint
/// Petersburg" is "St. Petersburg", "Mount Pleasant" "Mt. Pleasant".
fn same_name(name: &str, key: &str) -> bool {
    fn squeeze(folded: &str) -> String {
        let mut out = String::with_capacity(folded.len());
        for word in folded.split([' ', '-']) {
            let word = word.trim_end_matches('.');
            out.push_str(match word {
                "saint" | "st" => "st",
                "sainte" | "ste" => "ste",
                "mount" | "mt" => "mt",
                "fort" | "ft" => "ft",
                "port" | "pt" => "pt",
                other => other,
            });
        }
        out
    }
    let name = fold(name);
    name == key || squeeze(&name) == squeeze(key)
}

/// The likeliest entry: its kind and size, plus what `context` adds.
fn best(g: &Gazetteer, candidates: &[u32], context: impl Fn(&Entry) -> f64) -> Option<u32> {
    candidates
        .iter()
        .map(|&i| {
            let e = g.entry(i);
            (prior(e) + context(e), i)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, i)| i)
}

/// How likely a place is to be meant by its name, before any context: news names countries
/// and regions more than provinces, and big towns and capitals more than small ones.
fn prior(e: &Entry) -> f64 {
    let size = ((e.population + 10) as f64).log10();
    match e.kind {
        PlaceKind::Country => size + 2.0,
        PlaceKind::Region => 8.0,
        // A state yields to a namesake town of millions ("New York") but not to a smaller
        // one ("Wyoming", Michigan).
        PlaceKind::Admin1 => (size - 1.0).max(6.0),
        // Counties carry no population here; read as a town of some 30,000.
        PlaceKind::Admin2 => 4.5,
        PlaceKind::City => {
            size + match e.code {
                "PPLC" => 1.5,
                "PPLA" => 0.5,
                _ => 0.0,
            }
        }
    }
}

/// The countries a place is in (a region's members).
fn countries_of(e: &Entry) -> Vec<&'static str> {
    match e.kind {
        PlaceKind::Region => e.members().collect(),
        _ => vec![e.country],
    }
}

/// Whether `outer` contains `inner`: its country, or its admin-1 region.
fn contains(outer: &Entry, inner: &Entry) -> bool {
    match outer.kind {
        PlaceKind::Country => inner.kind != PlaceKind::Country && inner.country == outer.country,
        PlaceKind::Admin1 => {
            matches!(inner.kind, PlaceKind::City | PlaceKind::Admin2)
                && inner.country == outer.country
                && inner.admin1 == outer.admin1
        }
        PlaceKind::Region => outer.members().any(|m| m == inner.country),
        PlaceKind::City | PlaceKind::Admin2 => false,
    }
}

/// A point moved `km` kilometres along `way` (north, east).
fn shift(lat: f64, lon: f64, way: &(f64, f64), km: f64) -> (f64, f64) {
    const KM_PER_DEGREE: f64 = 111.2;
    let lat2 = (lat + way.0 * km / KM_PER_DEGREE).clamp(-89.9, 89.9);
    let scale = lat.to_radians().cos().max(0.05);
    let lon2 = lon + way.1 * km / (KM_PER_DEGREE * scale);
    let lon2 = if lon2 > 180.0 {
        lon2 - 360.0
    } else if lon2 < -180.0 {
        lon2 + 360.0
    } else {
        lon2
    };
    (lat2, lon2)
}
