//! The gazetteer the places layer resolves toponyms against: countries, admin-1 regions,
//! cities and hand-kept regions, by every name and demonym (`wirewatch gazetteer build`).

use std::collections::HashMap;

use wirewatch_nlp::data::DataError;
use wirewatch_nlp::DataFile;

/// What kind of place an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A country.
    Country,
    /// A first-order administrative division (a state, a province).
    Admin1,
    /// A second-order administrative division (a county, a parish, a district).
    Admin2,
    /// A populated place.
    City,
    /// A named area of the hand-kept list ("Central Asia", "Kashmir").
    Region,
}

impl PlaceKind {
    /// The contract's `feature` word.
    pub fn feature(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Admin1 => "admin1",
            PlaceKind::Admin2 => "admin2",
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
        }
    }
}

/// One place of the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// GeoNames id, or `region:NAME`.
    pub id: String,
    /// Its kind.
    pub kind: PlaceKind,
    /// Its name.
    pub name: String,
    /// ISO 3166-1 alpha-2 of its country (empty for a region).
    pub country: String,
    /// GeoNames admin-1 code.
    pub admin1: String,
    /// Latitude and longitude, when known.
    pub point: Option<(f64, f64)>,
    /// Inhabitants (an admin-1's cities' together).
    pub population: u64,
    /// GeoNames feature code (`PPLC` for a capital).
    pub code: String,
    /// Area in km² (countries).
    pub area: Option<f64>,
    /// A region's countries.
    pub members: Vec<String>,
}

/// The gazetteer, indexed by folded name.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_name: HashMap<String, Vec<u32>>,
    by_demonym: HashMap<String, u32>,
    admin1: HashMap<(String, String), u32>,
    countries: HashMap<String, u32>,
}

/// The gazetteer file's columns, as `wirewatch gazetteer build` writes them.
pub const COLUMNS: [&str; 13] = [
    "id",
    "kind",
    "name",
    "country",
    "admin1",
    "lat",
    "lon",
    "population",
    "code",
    "area",
    "names",
    "demonyms",
    "members",
];

impl Gazetteer {
    /// Parses a gazetteer file.
    pub fn parse(file: DataFile) -> Result<Gazetteer, DataError> {
        let mut g = Gazetteer::default();
        for row in wirewatch_nlp::data::read_tsv(file.path, file.text, &COLUMNS)? {
            let bad = |message: String| DataError::Line {
                file: file.path.into(),
                line: row.line,
                message,
            };
            let c = &row.cells;
            let kind = match c[1] {
                "country" => PlaceKind::Country,
                "admin1" => PlaceKind::Admin1,
                "admin2" => PlaceKind::Admin2,
                "city" => PlaceKind::City,
                "region" => PlaceKind::Region,
                other => return Err(bad(format!("kind {other:?} is not a place kind"))),
            };
            let number = |text: &str, what: &str| -> Result<Option<f64>, DataError> {
                if text.is_empty() {
                    return Ok(None);
                }
                text.parse()
                    .map(Some)
                    .map_err(|_| bad(format!("{what} {text:?} is not a number")))
            };
            let point = match (number(c[5], "lat")?, number(c[6], "lon")?) {
                (Some(lat), Some(lon)) => Some((lat, lon)),
                _ => None,
            };
            let index = g.entries.len() as u32;
            for name in std::iter::once(c[2]).chain(c[10].split('|')) {
                let key = fold(name);
                if key.is_empty() {
                    continue;
                }
                let list = g.by_name.entry(key).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
            let population: u64 = c[7].parse().unwrap_or(0);
            for demonym in c[11].split('|').filter(|d| !d.is_empty()) {
                // A people's word claimed by several countries ("American": the United States,
                // American Samoa, the Northern Marianas) is the most populous one's; a region
                // keeps a word no country claims.
                let slot = g.by_demonym.entry(fold(demonym)).or_insert(index);
                let holder = &g.entries[..];
                if let Some(h) = holder.get(*slot as usize) {
                    if kind == PlaceKind::Country
                        && h.kind == PlaceKind::Country
                        && population > h.population
                    {
                        *slot = index;
                    }
                }
            }
            match kind {
                PlaceKind::Country => {
                    g.countries.insert(c[3].to_string(), index);
                }
                PlaceKind::Admin1 => {
                    g.admin1.insert((c[3].to_string(), c[4].to_string()), index);
                }
                _ => {}
            }
            g.entries.push(Entry {
                id: c[0].to_string(),
                kind,
                name: c[2].to_string(),
                country: c[3].to_string(),
                admin1: c[4].to_string(),
                point,
                population: c[7].parse().unwrap_or(0),
                code: c[8].to_string(),
                area: number(c[9], "area")?,
                members: c[12]
                    .split(',')
                    .filter(|m| !m.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
        Ok(g)
    }

    /// Every place of this name, in any case and with or without accents.
    pub fn named(&self, name: &str) -> &[u32] {
        self.by_name.get(&fold(name)).map_or(&[], Vec::as_slice)
    }

    /// The place whose people a word names ("Afghan", "Kurdish").
    pub fn demonym(&self, word: &str) -> Option<u32> {
        self.by_demonym.get(&fold(word)).copied()
    }

    /// One entry.
    pub fn entry(&self, index: u32) -> &Entry {
        &self.entries[index as usize]
    }

    /// The country of this ISO2 code.
    pub fn country(&self, code: &str) -> Option<&Entry> {
        self.countries.get(code).map(|&i| self.entry(i))
    }

    /// The name of the admin-1 division an entry is in (or is).
    pub fn admin1_name<'a>(&'a self, entry: &'a Entry) -> Option<&'a str> {
        match entry.kind {
            PlaceKind::Admin1 => Some(entry.name.as_str()),
            PlaceKind::City | PlaceKind::Admin2 => self
                .admin1
                .get(&(entry.country.clone(), entry.admin1.clone()))
                .map(|&i| self.entry(i).name.as_str()),
            _ => None,
        }
    }

    /// Every place, in file order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// How many places it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A name as it is looked up: lower case, accents off, "the" off the front, spaces single.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '’' | 'ʻ' | 'ʼ' | '`' => out.push('\''),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            _ => {
                for l in c.to_lowercase() {
                    out.push(base_letter(l));
                }
            }
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

/// The letter without its accent, for the Latin letters news and GeoNames use.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' | 'ḍ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ə' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' | 'ḥ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ṣ' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' | 'ṭ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' | 'ẓ' => 'z',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_the() {
        assert_eq!(fold("São  Paulo"), "sao paulo");
        assert_eq!(fold("the Gaza Strip"), "gaza strip");
        assert_eq!(fold("MOSCOW"), "moscow");
        assert_eq!(fold("Bāzār-e Yakāwlang"), "bazar-e yakawlang");
    }

    #[test]
    fn a_row_with_a_bad_number_is_an_error_with_its_line() {
        let text = "id\tkind\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tcode\tarea\tnames\tdemonyms\tmembers\n\
                    1\tcity\tX\tAF\t01\tnorth\t65\t10\tPPL\t\t\t\t\n";
        let err = Gazetteer::parse(DataFile {
            path: "g.tsv",
            text,
        })
        .unwrap_err();
        assert!(err.to_string().contains("g.tsv"), "{err}");
        assert!(err.to_string().contains('2'), "{err}");
    }
}
