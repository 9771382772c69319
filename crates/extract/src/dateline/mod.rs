//! Datelines: "MOSCOW, January 16 (Sputnik) —", "WASHINGTON (Reuters) -", "KABUL, Afghanistan
//! (AP) —", "UNITED NATIONS, May 2 /PRNewswire/ --", "Islamabad, Pakistan, 12 March 2015 (AFP) –".
//!
//! The pattern is read from the normalised text at the start of the report (dashes are `--` or
//! `-` there). A place in capitals needs only the closing dash; a place in ordinary case needs a
//! second part ("Islamabad, Pakistan") and a date or an outlet, or it is just a sentence. The
//! date is kept as written; it becomes the reference date only when it has a year and nothing
//! better is known.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use regex::Regex;
use wirewatch_doc::{Dateline, Doc, EntityType, Layer, PublishedSource, Span};

use crate::entities::{title_case, EntityIndex, Found};
use crate::resources::MediaDictionary;
use crate::Component;

/// Finds the dateline and the outlet it names.
#[derive(Debug)]
pub struct DatelineComponent {
    pattern: Regex,
    months: Vec<(String, u32)>,
    media: Arc<MediaDictionary>,
    labels: HashSet<String>,
}

impl DatelineComponent {
    /// Builds the pattern from the month names; `labels` are words in capitals that are not
    /// places ("FILE", "EDITOR'S NOTE").
    pub fn new(
        months: Vec<(String, u32)>,
        media: Arc<MediaDictionary>,
        labels: HashSet<String>,
    ) -> DatelineComponent {
        let mut names: Vec<&str> = months.iter().map(|(m, _)| m.as_str()).collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let month = format!("(?i:{})", names.join("|"));
        let caps_word = r"[A-Z][A-Z.'&-]*[A-Z.]";
        let title_word = r"[A-Z][a-z'-]+";
        let any_word = r"[A-Z][A-Za-z.'-]+";
        let pattern = format!(
            r"^[ \t\n]*(?P<place>(?P<caps>{caps_word}(?: +{caps_word}){{0,3}})(?:, +{any_word}(?: +{any_word}){{0,2}})?|{title_word}(?: +{title_word}){{0,2}}, +{any_word}(?: +{any_word}){{0,2}})(?:,? +(?P<date>{month}\.? +\d{{1,2}}(?:st|nd|rd|th)?(?:,? +\d{{4}})?|\d{{1,2}} +{month}\.?(?:,? +\d{{4}})?))?(?: *(?:\( *(?P<outlet>[^()\s][^()\n]{{1,39}}?) *\)|/ *(?P<outlet2>[^/\s][^/\n]{{1,39}}?) */))? *(?P<dash>--|-|:)(?: |\n|$)"
        );
        DatelineComponent {
            pattern: Regex::new(&pattern).expect("the dateline pattern is valid"),
            months,
            media,
            labels,
        }
    }

    fn month(&self, word: &str) -> Option<u32> {
        let w = word.trim_end_matches('.').to_lowercase();
        self.months.iter().find(|(m, _)| *m == w).map(|&(_, n)| n)
    }

    /// A full date ("12 March 2015", "May 2, 2015"); `None` without a year.
    fn full_date(&self, text: &str) -> Option<NaiveDate> {
        let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        let [a, b, year] = words[..] else { return None };
        let year: i32 = year.parse().ok()?;
        let num = |s: &str| {
            s.trim_end_matches(|c: char| c.is_alphabetic())
                .parse::<u32>()
                .ok()
        };
        let (month, day) = match self.month(a) {
            Some(m) => (m, num(b)?),
            None => (self.month(b)?, num(a)?),
        };
        NaiveDate::from_ymd_opt(year, month, day)
    }
}

impl Component for DatelineComponent {
    fn name(&self) -> &'static str {
        "dateline"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Normalized]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Dateline]
    }

    fn run(&self, doc: &mut Doc) {
        // A dateline opens the report; the pattern reads at most its first 300 bytes. The copy
        // lets the captures outlive the mutable borrows below.
        let mut head_end = doc.norm.text.len().min(300);
        while !doc.norm.text.is_char_boundary(head_end) {
            head_end -= 1;
        }
        let head = doc.norm.text[..head_end].to_string();
        let Some(caps) = self.pattern.captures(&head) else {
            return;
        };
        let outlet = caps.name("outlet").or_else(|| caps.name("outlet2"));
        let date = caps.name("date");
        let in_capitals = caps.name("caps");
        let dash = &caps["dash"];
        if in_capitals.is_none() && outlet.is_none() && date.is_none() {
            return;
        }
        if in_capitals.is_some_and(|c| self.labels.contains(c.as_str())) {
            return; // "FILE - In this photo", "EDITOR'S NOTE --": a label, not a place
        }
        if in_capitals.is_some() && dash == ":" && outlet.is_none() && date.is_none() {
            return; // "BREAKING:" and the like
        }
        let orig = |m: regex::Match<'_>| {
            doc.norm
                .to_original(Span::new(m.start() as u32, m.end() as u32))
        };
        let place = caps.name("place").expect("place is not optional");
        let whole = Span::new(
            place.start() as u32,
            caps.name("dash").expect("required").end() as u32,
        );
        doc.dateline = Some(Dateline {
            span: doc.norm.to_original(whole),
            place: orig(place),
            date: date.map(orig),
            outlet: outlet.map(orig),
        });

        // The one write outside this component's layer: a dateline date with a year is the
        // best reference date there is when the input gave none.
        if doc.meta.published.is_none() {
            if let Some(d) = date.and_then(|d| self.full_date(d.as_str())) {
                doc.meta.published = Some(d);
                doc.meta.published_source = PublishedSource::Dateline;
            }
        }
        let mut index = EntityIndex::of(doc);
        // "KABUL, Afghanistan": a city and the country it is in, each a place of its own.
        let mut offset = place.start();
        for part in place.as_str().split(',') {
            let lead = part.len() - part.trim_start().len();
            let name = part.trim();
            let start = offset + lead;
            offset += part.len() + 1;
            if name.is_empty() {
                continue;
            }
            let span = doc
                .norm
                .to_original(Span::new(start as u32, (start + name.len()) as u32));
            let found = Found {
                kind: EntityType::Gpe,
                subtype: None,
                name: &title_case(name),
                country: None,
            };
            index.add_mention(doc, found, span);
        }
        if let Some(o) = outlet {
            let span = doc
                .norm
                .to_original(Span::new(o.start() as u32, o.end() as u32));
            let known = self.media.get(o.as_str());
            let found = Found {
                kind: EntityType::Org,
                subtype: Some("media"),
                name: known.map_or(o.as_str(), |k| k.canonical.as_str()),
                country: known.and_then(|k| k.country.as_deref()),
            };
            index.add_mention(doc, found, span);
        }
    }
}
