//! Where an outlet's reports mostly happen, learned from the reports themselves: a local
//! paper names its own state in most of them, and that state is then the context for the
//! place names a report leaves open ("Athens" in the Athens Review is Athens, Texas). This
//! is the "local lexicon" of Lieberman, Samet and Sankaranarayanan (2010), who built the LGL
//! corpus to show that a local paper's readers share a place the text need not name.

use std::collections::{BTreeMap, HashMap};

use wirewatch_doc::contract::PlaceRecord;

/// An outlet needs this many reports before a home is learned for it.
pub const MIN_REPORTS: usize = 2;

/// The share of an outlet's reports that must name a place in one state for it to be home.
pub const MIN_SHARE: f64 = 0.4;

/// How often an outlet's reports name one state or province.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named<'a> {
    /// The state's name, as the places layer gives `admin1` ("Texas").
    pub state: &'a str,
    /// Its country's ISO code.
    pub country: &'a str,
    /// Reports that name a town, a county or the state itself in it.
    pub reports: usize,
    /// Reports that name the state itself or one of its counties: names seldom misread, where
    /// a town's name may be a famous namesake's ("Dublin" read as Ireland's in every report of
    /// a paper from Ohio).
    pub by_division: usize,
}

/// An outlet's reports, and for each state (name, country) the reports that name it and those
/// that name it by a division.
type Tally<'a> = (usize, BTreeMap<(&'a str, &'a str), (usize, usize)>);

/// Each outlet's home from its reports' places (see [`home`]).
pub fn learn<'a>(
    reports: impl IntoIterator<Item = (&'a str, &'a [PlaceRecord])>,
) -> HashMap<String, String> {
    let mut seen: HashMap<&str, Tally> = HashMap::new();
    for (outlet, places) in reports {
        let country_of_site = site_country(outlet);
        let mut states: BTreeMap<(&str, &str), bool> = BTreeMap::new();
        for p in places {
            let division = match p.feature.as_deref() {
                Some("city") => false,
                Some("admin2" | "admin1") => true,
                _ => continue,
            };
            if let (Some(state), Some(country)) = (p.admin1.as_deref(), p.country.as_deref()) {
                if country_of_site.is_some_and(|c| !c.eq_ignore_ascii_case(country)) {
                    continue;
                }
                *states.entry((state, country)).or_default() |= division;
            }
        }
        let (count, named) = seen.entry(outlet).or_default();
        *count += 1;
        for (state, division) in states {
            let n = named.entry(state).or_default();
            n.0 += 1;
            n.1 += usize::from(division);
        }
    }
    seen.into_iter()
        .filter_map(|(outlet, (count, named))| {
            let named: Vec<Named> = named
                .into_iter()
                .map(|((state, country), (reports, by_division))| Named {
                    state,
                    country,
                    reports,
                    by_division,
                })
                .collect();
            Some((outlet.to_string(), home(count, &named)?))
        })
        .collect()
}

/// The country of an outlet named by a web site under a country's domain ("cambridge-news.co.uk"
/// is British, "lfpress.ca" Canadian): its home is in that country, though its reports may name
/// a famous namesake abroad in every one ("Lancaster", California). Domains sold to all comers
/// (.tv, .io, .co, .me …) say nothing.
fn site_country(outlet: &str) -> Option<&str> {
    const FOR_ALL: [&str; 12] = [
        "tv", "io", "co", "me", "fm", "am", "ly", "cc", "ws", "to", "ai", "gg",
    ];
    let (_, tld) = outlet.rsplit_once('.')?;
    if tld.len() != 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if FOR_ALL.contains(&tld) {
        return None;
    }
    Some(if tld.eq_ignore_ascii_case("uk") {
        "GB"
    } else {
        tld
    })
}

/// An outlet's home, as `places` reads it ("Louisiana, US"), from its `reports` and the
/// states they name: the state that the most of them name by the state itself or a county,
/// when at least [`MIN_SHARE`] of them do; else the state that the most name a town, county or
/// the state itself in, on the same terms; none with fewer than [`MIN_REPORTS`] reports.
/// Ties go to the state first in alphabetical order.
pub fn home(reports: usize, named: &[Named]) -> Option<String> {
    if reports < MIN_REPORTS {
        return None;
    }
    let pick = |count: fn(&Named) -> usize| {
        named
            .iter()
            .filter(|n| count(n) as f64 >= MIN_SHARE * reports as f64)
            .max_by(|a, b| count(a).cmp(&count(b)).then(b.state.cmp(a.state)))
    };
    pick(|n| n.by_division)
        .or_else(|| pick(|n| n.reports))
        .map(|n| format!("{}, {}", n.state, n.country))
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
            ("wire.com", &greece[..]),
            ("wire.com", &texas[..]),
            ("wire.com", &none[..]),
            ("wire.com", &none[..]),
            ("wire.com", &none[..]),
            ("new.com", &texas[..]),
        ];
        let homes = learn(reports);
        // Two of four reports name Texas (twice in one report counts once).
        assert_eq!(
            homes.get("athensreview.com").map(String::as_str),
            Some("Texas, US")
        );
        // One of five: too few for a home.
        assert_eq!(homes.get("wire.com"), None);
        // One report: too few to tell.
        assert_eq!(homes.get("new.com"), None);
    }

    #[test]
    fn a_home_needs_reports_and_a_share_of_them() {
        let ohio = |reports, by_division| Named {
            state: "Ohio",
            country: "US",
            reports,
            by_division,
        };
        assert_eq!(home(5, &[ohio(2, 0)]).as_deref(), Some("Ohio, US"));
        assert_eq!(home(5, &[ohio(1, 0)]), None);
        assert_eq!(home(MIN_REPORTS - 1, &[ohio(1, 1)]), None);
        // Named by counties in 2 reports, Ohio outweighs a state whose towns 3 name.
        let leinster = Named {
            state: "Leinster",
            country: "IE",
            reports: 3,
            by_division: 0,
        };
        assert_eq!(
            home(5, &[leinster, ohio(2, 2)]).as_deref(),
            Some("Ohio, US")
        );
        assert_eq!(
            home(5, &[leinster, ohio(2, 1)]).as_deref(),
            Some("Leinster, IE")
        );
    }

    #[test]
    fn a_site_under_a_country_s_domain_has_its_home_there() {
        let california = [place("California", "US", "city")];
        let england = [place("England", "GB", "city")];
        let reports = [
            ("citizen.co.uk", &california[..]),
            ("citizen.co.uk", &california[..]),
            ("citizen.co.uk", &england[..]),
            ("citizen.com", &california[..]),
            ("citizen.com", &california[..]),
            ("citizen.tv", &california[..]),
            ("citizen.tv", &california[..]),
        ];
        let homes = learn(reports);
        assert_eq!(
            homes.get("citizen.co.uk").map(String::as_str),
            None,
            "1 of 3"
        );
        assert_eq!(
            homes.get("citizen.com").map(String::as_str),
            Some("California, US")
        );
        assert_eq!(
            homes.get("citizen.tv").map(String::as_str),
            Some("California, US")
        );
        let reports = [
            ("citizen.co.uk", &california[..]),
            ("citizen.co.uk", &england[..]),
        ];
        assert_eq!(
            learn(reports).get("citizen.co.uk").map(String::as_str),
            Some("England, GB")
        );
    }

    #[test]
    fn a_place_in_no_state_makes_no_home() {
        let country = place("", "US", "country");
        let stateless = PlaceRecord {
            admin1: None,
            ..place("", "SG", "city")
        };
        let places = [country, stateless];
        let reports = [("x.com", &places[..]); 4];
        assert!(learn(reports).is_empty());
    }
}
