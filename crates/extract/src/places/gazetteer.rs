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

/// One place of the gazetteer. Its words borrow from the gazetteer's text, which is compiled
/// into the program: a quarter of a million places load without a quarter of a million
/// allocations.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// GeoNames id, `region:NAME` or `admin2:SLUG`.
    pub id: &'static str,
    /// Its kind.
    pub kind: PlaceKind,
    /// Its name.
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 of its country (empty for a region).
    pub country: &'static str,
    /// GeoNames admin-1 code.
    pub admin1: &'static str,
    /// Latitude and longitude, when known.
    pub point: Option<(f64, f64)>,
    /// Inhabitants (an admin-1's cities' together).
    pub population: u64,
    /// GeoNames feature code (`PPLC` for a capital).
    pub code: &'static str,
    /// Area in km² (countries).
    pub area: Option<f64>,
    /// A region's countries, comma-separated.
    pub members: &'static str,
}

impl Entry {
    /// A region's countries.
    pub fn members(&self) -> impl Iterator<Item = &'static str> {
        self.members.split(',').filter(|m| !m.is_empty())
    }
}

/// The gazetteer, indexed by folded name.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Hashes of folded names, sorted, and the entry each name belongs to, in step: the
    /// places of one name are one run of `ids`.
    name_hashes: Vec<u64>,
    ids: Vec<u32>,
    by_demonym: HashMap<String, u32>,
    admin1: HashMap<(&'static str, &'static str), u32>,
    countries: HashMap<&'static str, u32>,
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
        let mut names: Vec<(u64, u32)> = Vec::new();
        let mut folded = String::new();
        let mut header_seen = false;
        for (i, raw) in file.text.lines().enumerate() {
            let line = i + 1;
            let bad = |message: String| DataError::Line {
                file: file.path.into(),
                line,
                message,
            };
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let mut c = [""; 13];
            let mut n = 0;
            for cell in raw.split('\t') {
                if n < c.len() {
                    c[n] = cell;
                }
                n += 1;
            }
            if !header_seen {
                if c != COLUMNS || n != COLUMNS.len() {
                    return Err(bad(format!("header is {raw:?}, expected {COLUMNS:?}")));
                }
                header_seen = true;
                continue;
            }
            if n != COLUMNS.len() {
                return Err(bad(format!(
                    "{n} tab-separated cells, expected {} ({})",
                    COLUMNS.len(),
                    COLUMNS.join(", ")
                )));
            }
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
                fold_into(name, &mut folded);
                if !folded.is_empty() {
                    names.push((hash(&folded), index));
                }
            }
            let population: u64 = c[7].parse().unwrap_or(0);
            for demonym in c[11].split('|').filter(|d| !d.is_empty()) {
                // A people's word claimed by several countries ("American": the United States,
                // American Samoa, the Northern Marianas) is the most populous one's; a region
                // keeps a word no country claims.
                let slot = g.by_demonym.entry(fold(demonym)).or_insert(index);
                if let Some(h) = g.entries.get(*slot as usize) {
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
                    g.countries.insert(c[3], index);
                }
                PlaceKind::Admin1 => {
                    g.admin1.insert((c[3], c[4]), index);
                }
                _ => {}
            }
            g.entries.push(Entry {
                id: c[0],
                kind,
                name: c[2],
                country: c[3],
                admin1: c[4],
                point,
                population,
                code: c[8],
                area: number(c[9], "area")?,
                members: c[12],
            });
        }
        if !header_seen {
            return Err(DataError::Line {
                file: file.path.into(),
                line: 1,
                message: format!("no header; expected {COLUMNS:?}"),
            });
        }
        // In file order within a name, each place once.
        names.sort_unstable();
        names.dedup();
        g.name_hashes = names.iter().map(|&(h, _)| h).collect();
        g.ids = names.iter().map(|&(_, i)| i).collect();
        Ok(g)
    }

    /// Every place of this name, in any case and with or without accents.
    pub fn named(&self, name: &str) -> &[u32] {
        let h = hash(&fold(name));
        let from = self.name_hashes.partition_point(|&x| x < h);
        let to = from + self.name_hashes[from..].partition_point(|&x| x == h);
        &self.ids[from..to]
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
    pub fn admin1_name(&self, entry: &Entry) -> Option<&'static str> {
        match entry.kind {
            PlaceKind::Admin1 => Some(entry.name),
            PlaceKind::City | PlaceKind::Admin2 => self
                .admin1
                .get(&(entry.country, entry.admin1))
                .map(|&i| self.entry(i).name),
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

/// A 64-bit FNV-1a hash of a folded name: two names of the quarter million sharing one is
/// a chance of about one in a hundred million.
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A name as it is looked up: lower case, accents off, "the" off the front, spaces single.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out);
    out
}

/// `fold`, into a buffer it clears first.
fn fold_into(name: &str, out: &mut String) {
    out.clear();
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
    if out.starts_with("the ") {
        out.drain(..4);
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
