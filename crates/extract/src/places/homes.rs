//! Where an outlet's reports mostly happen, learned from the reports themselves: a local
//! paper names its own state in most of them, and that state is then the context for the
//! place names a report leaves open ("Athens" in the Athens Review is Athens, Texas). This
//! is the "local lexicon" of Lieberman, Samet and Sankaranarayanan (2010), who built the LGL
//! corpus to show that a local paper's readers share a place the text need not name.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use wirewatch_doc::contract::PlaceRecord;

/// An outlet needs this many reports before a home is learned for it.
pub const MIN_REPORTS: usize = 2;

/// The share of an outlet's reports that must name a place in one state for it to be home.
pub const MIN_SHARE: f64 = 0.4;

/// An outlet's reports, and for each state (name, country) the reports that name it.
type Tally<'a> = (usize, BTreeMap<(&'a str, &'a str), usize>);

/// Each outlet's home, as `places` reads it ("Louisiana, US"): the state or province that
/// the most of its reports name a town, county or the state itself in, when at least
/// [`MIN_SHARE`] of its reports (and [`MIN_REPORTS`] or more) do. Each report counts once
/// for each state it names; ties go to the state first in alphabetical order.
pub fn learn<'a>(
    reports: impl IntoIterator<Item = (&'a str, &'a [PlaceRecord])>,
) -> HashMap<String, String> {
    let mut seen: HashMap<&str, Tally> = HashMap::new();
    for (outlet, places) in reports {
        let states: BTreeSet<(&str, &str)> = places
            .iter()
            .filter(|p| matches!(p.feature.as_deref(), Some("city" | "admin2" | "admin1")))
            .filter_map(|p| Some((p.admin1.as_deref()?, p.country.as_deref()?)))
            .collect();
        let (count, named) = seen.entry(outlet).or_default();
        *count += 1;
        for state in states {
            *named.entry(state).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|(_, (count, _))| *count >= MIN_REPORTS)
        .filter_map(|(outlet, (count, named))| {
            let (&(state, country), &n) = named
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
            (n as f64 >= MIN_SHARE * count as f64)
                .then(|| (outlet.to_string(), format!("{state}, {country}")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(admin1: &str, country: &str, feature: &str) -> PlaceRecord {
        PlaceRecord {
            id: "P1".into(),
            text: String::new(),
            start: 0,
            end: 0,
            entity: None,
            name: None,
            country: Some(country.into()),
            admin1: Some(admin1.into()),
            feature: Some(feature.into()),
            lat: None,
            lon: None,
            gazetteer_id: None,
        }
    }

    #[test]
    fn the_state_most_reports_name_is_home() {
        let texas = [place("Texas", "US", "city"), place("Texas", "US", "admin2")];
        let greece = [place("Attica", "GR", "city")];
        let none: [PlaceRecord; 0] = [];
        let reports = [
            ("athensreview.com", &texas[..]),
            ("athensreview.com", &texas[..1]),
            ("athensreview.com", &greece[..]),
            ("athensreview.com", &none[..]),
            ("bbc.co.uk", &greece[..]),
            ("bbc.co.uk", &texas[..]),
            ("bbc.co.uk", &none[..]),
            ("bbc.co.uk", &none[..]),
            ("bbc.co.uk", &none[..]),
            ("new.com", &texas[..]),
        ];
        let homes = learn(reports);
        // Two of four reports name Texas (twice in one report counts once).
        assert_eq!(
            homes.get("athensreview.com").map(String::as_str),
            Some("Texas, US")
        );
        // One of five: too few for a home.
        assert_eq!(homes.get("bbc.co.uk"), None);
        // One report: too few to tell.
        assert_eq!(homes.get("new.com"), None);
    }

    #[test]
    fn a_country_alone_makes_no_home() {
        let country = [place("", "US", "country")];
        let reports = [("x.com", &country[..]); 4];
        assert!(learn(reports).is_empty());
    }
}
