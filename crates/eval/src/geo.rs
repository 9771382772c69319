//! Geoparsing: readers for three gold corpora, and the scorer for finding toponyms
//! (geotagging) and placing them on the map (toponym resolution, geocoding).
//!
//! Readers, each giving [`GeoDoc`]s with gold toponyms as character offsets into the text:
//!
//! - **LGL** (Lieberman et al. 2010) and **GeoVirus** (Gritta et al. 2018), as XML files with an
//!   `<articles>` root: LGL's `<article docid>` has `<text>` and `<toponyms>` of `<toponym>`
//!   (`<start>`, `<end>`, `<phrase>`, and a `<gaztag geonameid>` with `<lat>`, `<lon>` and the
//!   GeoNames `<fcode>` when the annotators resolved it); GeoVirus's `<article>` has `<source>`,
//!   `<text>` and `<locations>` of `<location>` (`<name>`, `<start>`, `<end>`, `<lat>`, `<lon>`,
//!   and an empty `<continent/>` on continents).
//! - **GeoWebNews** (Gritta et al., "A Pragmatic Guide to Geoparsing Evaluation", 2019), as a
//!   folder of brat standoff pairs `N.txt` + `N.ann` (or one `.ann`).
//!
//! Offsets are not counted alike in the sources, so the XML reader finds out per file: it tries
//! characters and UTF-8 bytes, each from 0 and from 1, and takes the count under which the most
//! spans slice to their stated text (LGL counts characters from 0; GeoVirus characters from 1).
//! Spans that still do not slice to their text are kept and listed as [`Anomaly`]s; spans outside
//! the text are dropped and listed.
//!
//! GeoWebNews policy, after the paper and its authors' own evaluation code (`ner.py` maps these
//! eleven types to one toponym label):
//!
//! - toponyms are the literal types `Literal`, `Literal_Modifier`, `Mixed`, `Coercion`,
//!   `Embedded_Literal` and the associative types `Metonymic`, `Non_Literal_Modifier`,
//!   `Demonym`, `Language`, `Embedded_Non_Lit`, `Homonym` ([`GWN_TOPONYM_TYPES`]); the type is
//!   the toponym's [`GoldToponym::kind`];
//! - `Non_Toponym` (a name with a toponym inside, such as a company's) and the common-noun
//!   `Literal_Expression` / `Non_Lit_Expression` annotations (brat's `!Augmentation`, for
//!   training data) are not toponyms; they are counted in [`GeoCorpus::not_toponyms`];
//! - an `AnnotatorNotes` line holds either a GeoNames id (`2643743`) or a point (`51.5, -0.12`);
//!   `N/A` is neither. A GeoNames id alone gives no coordinates:
//!   [`GeoCorpus::fill_coordinates`] looks ids up in a GeoNames table when one is given;
//! - the `.txt` opens with a `TITLE: … LINK: …` line that the annotators did not annotate and
//!   the paper's own runs left out; the document's text starts after it, offsets shifted.
//!
//! Scoring ([`score`]): recognition P/R/F1 with exact spans (strict) and with overlapping spans
//! matched one to one (lenient); then, over the lenient matches whose gold has coordinates, the
//! great-circle error: accuracy within 161 km, mean and median error in km, and the area under
//! the curve of sorted log errors (Gritta et al.), a system toponym without coordinates counting
//! as the largest error, 20,039 km. Gold toponyms without coordinates count for recognition only.
//!
//! ```
//! use wirewatch_eval::geo::{self, SystemToponym};
//!
//! let xml = r#"<articles><article docid="7"><text><![CDATA[Rain in Leeds.]]></text>
//! <toponyms><toponym><start>8</start><end>13</end><phrase>Leeds</phrase>
//! <gaztag geonameid="2644688"><lat>53.79648</lat><lon>-1.54785</lon></gaztag>
//! </toponym></toponyms></article></articles>"#;
//! let corpus = geo::read_xml("mini.xml", xml).unwrap();
//! let doc = &corpus.docs[0];
//! assert_eq!((doc.toponyms[0].start, doc.toponyms[0].end), (8, 13));
//!
//! let leeds = SystemToponym { start: 8, end: 13, lat: Some(53.8), lon: Some(-1.55), geonames_id: None };
//! let scores = geo::score([(doc, &[leeds][..])]);
//! assert_eq!(scores.strict.f1(), 1.0);
//! assert_eq!(scores.geocoding().unwrap().within, 1);
//! ```

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::gold::{files_under, format_error, io_error, read_utf8};
use crate::timex::score::Text;
use crate::timex::xml::{self, Element};
use crate::Prf;

pub use wirewatch_doc::geo::EARTH_RADIUS_KM;
/// The largest error counted: about half the Earth's circumference, as Gritta et al. take it.
/// An unresolved toponym counts as this far off.
pub const MAX_ERROR_KM: f64 = 20039.0;
/// The accuracy threshold: 161 km, about 100 miles (Cheng et al. 2010; Gritta et al.).
pub const ACCURACY_KM: f64 = 161.0;

/// GeoWebNews annotation types that are toponyms: literal, then associative.
pub const GWN_TOPONYM_TYPES: [&str; 11] = [
    "Literal",
    "Literal_Modifier",
    "Mixed",
    "Coercion",
    "Embedded_Literal",
    "Metonymic",
    "Non_Literal_Modifier",
    "Demonym",
    "Language",
    "Embedded_Non_Lit",
    "Homonym",
];

/// One gold document: its text and toponyms.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoDoc {
    /// LGL's `docid`, GeoVirus's 1-based position in its file, GeoWebNews's file stem.
    pub id: String,
    /// Where the article came from, when the corpus says.
    pub url: Option<String>,
    /// The article's text.
    pub text: String,
    /// The gold toponyms, in text order.
    pub toponyms: Vec<GoldToponym>,
}

/// One gold toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    /// First character (a Unicode scalar value index into the text).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The toponym as the corpus states it (the span's text, unless listed as an anomaly).
    pub text: String,
    /// Latitude, when the corpus gives coordinates.
    pub lat: Option<f64>,
    /// Longitude, when the corpus gives coordinates.
    pub lon: Option<f64>,
    /// The GeoNames id, when the corpus gives one.
    pub geonames_id: Option<u64>,
    /// LGL: the GeoNames feature code (`PPL`, `ADM1`, `PCLI` …); GeoVirus: `continent` or none;
    /// GeoWebNews: the annotation type (`Literal`, `Metonymic` …).
    pub kind: Option<String>,
}

impl GoldToponym {
    /// `(lat, lon)`, when both are known.
    pub fn point(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }
}

/// The format of a gold corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoFormat {
    /// LGL XML.
    Lgl,
    /// GeoVirus XML.
    GeoVirus,
    /// brat standoff, as GeoWebNews has it.
    Brat,
}

impl fmt::Display for GeoFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GeoFormat::Lgl => "LGL XML",
            GeoFormat::GeoVirus => "GeoVirus XML",
            GeoFormat::Brat => "brat standoff (GeoWebNews)",
        })
    }
}

/// What a source's offsets count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetUnit {
    /// Unicode scalar values.
    Chars,
    /// UTF-8 bytes.
    Bytes,
}

/// How a source counts offsets: the unit, and the number of the first one (0 or 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetBase {
    /// Characters or bytes.
    pub unit: OffsetUnit,
    /// The offset of the text's first unit.
    pub first: usize,
}

impl OffsetBase {
    /// Characters from 0: brat's count, wirewatch's own, and LGL's.
    pub const CHARS: OffsetBase = OffsetBase {
        unit: OffsetUnit::Chars,
        first: 0,
    };
}

impl fmt::Display for OffsetBase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            OffsetUnit::Chars => "characters",
            OffsetUnit::Bytes => "UTF-8 bytes",
        };
        write!(f, "{unit} from {}", self.first)
    }
}

/// The bases the XML reader tries, in order of preference when they tie.
const CANDIDATE_BASES: [OffsetBase; 4] = [
    OffsetBase::CHARS,
    OffsetBase {
        unit: OffsetUnit::Chars,
        first: 1,
    },
    OffsetBase {
        unit: OffsetUnit::Bytes,
        first: 0,
    },
    OffsetBase {
        unit: OffsetUnit::Bytes,
        first: 1,
    },
];

/// Something odd in the gold that did not stop the reading: a span that does not slice to its
/// stated text, a span outside the text, a note that is neither an id nor a point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anomaly {
    /// The file.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The document's id.
    pub doc: String,
    /// What was odd, and what the reader did.
    pub message: String,
}

impl fmt::Display for Anomaly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        write!(f, " (doc {}): {}", self.doc, self.message)
    }
}

/// A gold corpus as read.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoCorpus {
    /// The format it was read as.
    pub format: GeoFormat,
    /// How its offsets were counted (they are characters from 0 in [`GeoDoc`]s).
    pub offsets: OffsetBase,
    /// The documents, in file order (GeoWebNews: by number).
    pub docs: Vec<GeoDoc>,
    /// Annotations read but not counted as toponyms, by type (GeoWebNews).
    pub not_toponyms: BTreeMap<String, usize>,
    /// What was odd, in reading order.
    pub anomalies: Vec<Anomaly>,
}

impl GeoCorpus {
    /// Every gold toponym.
    pub fn toponyms(&self) -> impl Iterator<Item = &GoldToponym> {
        self.docs.iter().flat_map(|d| &d.toponyms)
    }

    /// Fills in the coordinates of toponyms that have a GeoNames id but no point, from a table
    /// of GeoNames points (see [`read_geonames_points`]); returns how many it filled.
    pub fn fill_coordinates(&mut self, points: &HashMap<u64, (f64, f64)>) -> usize {
        let mut filled = 0;
        for t in self.docs.iter_mut().flat_map(|d| &mut d.toponyms) {
            if t.point().is_some() {
                continue;
            }
            if let Some(&(lat, lon)) = t.geonames_id.and_then(|id| points.get(&id)) {
                (t.lat, t.lon) = (Some(lat), Some(lon));
                filled += 1;
            }
        }
        filled
    }

    fn merge(&mut self, other: GeoCorpus) {
        self.docs.extend(other.docs);
        for (kind, n) in other.not_toponyms {
            *self.not_toponyms.entry(kind).or_default() += n;
        }
        self.anomalies.extend(other.anomalies);
    }
}

/// A geoparsing gold file that could not be read.
pub type GeoError = crate::gold::GoldError;

/// Reads an LGL or GeoVirus `.xml` file, a brat `.ann` file (with the `.txt` beside it), or a
/// folder of brat pairs (searched recursively).
pub fn read_path(path: impl AsRef<Path>) -> Result<GeoCorpus, GeoError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(io_error(path))?;
    if meta.is_dir() {
        return read_brat_dir(path);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext.eq_ignore_ascii_case("xml") {
        read_xml(&name, &read_utf8(path)?)
    } else if ext.eq_ignore_ascii_case("ann") {
        read_brat_pair(path)
    } else {
        Err(format_error(
            &name,
            None,
            "not an LGL or GeoVirus .xml file, a brat .ann file, nor a folder of .ann/.txt pairs",
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// XML: LGL and GeoVirus

/// A toponym as the XML states it, before its offsets are understood.
struct RawToponym {
    start: usize,
    end: usize,
    text: String,
    point: Option<(f64, f64)>,
    geonames_id: Option<u64>,
    kind: Option<String>,
    line: usize,
}

struct RawDoc {
    id: String,
    url: Option<String>,
    text: String,
    toponyms: Vec<RawToponym>,
}

/// Reads an LGL or GeoVirus file (told apart by their elements); `file` names it in errors.
pub fn read_xml(file: &str, content: &str) -> Result<GeoCorpus, GeoError> {
    let root = xml::parse(file, content)?;
    if root.name != "articles" {
        return Err(format_error(
            file,
            Some(root.line),
            format!(
                "the root is <{}>, not LGL's or GeoVirus's <articles>",
                root.name
            ),
        ));
    }
    let mut format = None;
    let mut anomalies = Vec::new();
    let mut raw = Vec::new();
    for (i, article) in root.elements().enumerate() {
        if article.name != "article" {
            return Err(format_error(
                file,
                Some(article.line),
                format!(
                    "<{}> in <articles>, where only <article> belongs",
                    article.name
                ),
            ));
        }
        let this = if article.child("toponyms").is_some() {
            Some(GeoFormat::Lgl)
        } else if article.child("locations").is_some() {
            Some(GeoFormat::GeoVirus)
        } else {
            None
        };
        match (format, this) {
            (None, Some(f)) => format = Some(f),
            (Some(f), Some(g)) if f != g => {
                return Err(format_error(
                    file,
                    Some(article.line),
                    "an article in GeoVirus's form (<locations>) among LGL's (<toponyms>), or \
                     the other way round",
                ))
            }
            _ => {}
        }
        raw.push(xml_article(file, i + 1, article, &mut anomalies)?);
    }
    let Some(format) = format else {
        return Err(format_error(
            file,
            Some(root.line),
            "no <article> with LGL's <toponyms> or GeoVirus's <locations>",
        ));
    };
    let texts: Vec<CharIndex> = raw.iter().map(|d| CharIndex::new(&d.text)).collect();
    // The base under which most spans slice to their stated text; ties go to the earlier one.
    let mut best = (0, OffsetBase::CHARS);
    for base in CANDIDATE_BASES {
        let fits = raw
            .iter()
            .zip(&texts)
            .flat_map(|(d, index)| d.toponyms.iter().map(move |t| (d, index, t)))
            .filter(|(d, index, t)| {
                index
                    .locate(base, t.start, t.end)
                    .is_some_and(|(s, e)| index.slice(&d.text, s, e) == t.text)
            })
            .count();
        if fits > best.0 {
            best = (fits, base);
        }
    }
    let base = best.1;
    let mut docs = Vec::with_capacity(raw.len());
    for (d, index) in raw.into_iter().zip(&texts) {
        let mut toponyms = Vec::with_capacity(d.toponyms.len());
        for t in d.toponyms {
            let mut note = |message: String| {
                anomalies.push(Anomaly {
                    file: file.to_string(),
                    line: Some(t.line),
                    doc: d.id.clone(),
                    message,
                })
            };
            let Some((start, end)) = index.locate(base, t.start, t.end) else {
                note(format!(
                    "{:?} at {}..{} ({base}) lies outside the text of {} characters; dropped",
                    t.text,
                    t.start,
                    t.end,
                    index.chars()
                ));
                continue;
            };
            let found = index.slice(&d.text, start, end);
            if found != t.text {
                note(format!(
                    "{}..{} ({base}) is {found:?}, not {:?}; kept",
                    t.start, t.end, t.text
                ));
            }
            toponyms.push(GoldToponym {
                start,
                end,
                text: t.text,
                lat: t.point.map(|p| p.0),
                lon: t.point.map(|p| p.1),
                geonames_id: t.geonames_id,
                kind: t.kind,
            });
        }
        toponyms.sort_by_key(|t| (t.start, Reverse(t.end)));
        docs.push(GeoDoc {
            id: d.id,
            url: d.url,
            text: d.text,
            toponyms,
        });
    }
    Ok(GeoCorpus {
        format,
        offsets: base,
        docs,
        not_toponyms: BTreeMap::new(),
        anomalies,
    })
}

fn xml_article(
    file: &str,
    position: usize,
    article: &Element,
    anomalies: &mut Vec<Anomaly>,
) -> Result<RawDoc, GeoError> {
    let id = article
        .attr("docid")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map_or_else(|| position.to_string(), str::to_string);
    let text = article
        .child("text")
        .ok_or_else(|| format_error(file, Some(article.line), "an <article> without <text>"))?
        .text();
    let url = ["url", "source"]
        .iter()
        .filter_map(|n| article.child(n))
        .map(|e| e.text().trim().to_string())
        .find(|v| !v.is_empty());
    let mut toponyms = Vec::new();
    let lgl = article.child("toponyms");
    let (text_name, expected) = if lgl.is_some() {
        ("phrase", "toponym")
    } else {
        ("name", "location")
    };
    let mut items = Vec::new();
    for e in lgl
        .or_else(|| article.child("locations"))
        .into_iter()
        .flat_map(|c| c.elements())
    {
        flatten(e, expected, false, &mut items);
    }
    for (e, nested) in items {
        if nested {
            anomalies.push(Anomaly {
                file: file.to_string(),
                line: Some(e.line),
                doc: id.clone(),
                message: format!(
                    "a <{expected}> inside another (a slip in the file); read as one of its own"
                ),
            });
        }
        if e.name != expected {
            return Err(format_error(
                file,
                Some(e.line),
                format!("<{}> where <{expected}> was expected", e.name),
            ));
        }
        let required = |name: &str| {
            format_error(
                file,
                Some(e.line),
                format!("a <{expected}> without <{name}>"),
            )
        };
        let start = number::<usize>(file, e, "start")?.ok_or_else(|| required("start"))?;
        let end = number::<usize>(file, e, "end")?.ok_or_else(|| required("end"))?;
        let text = e
            .child(text_name)
            .ok_or_else(|| required(text_name))?
            .text();
        // LGL keeps the resolution in <gaztag>; GeoVirus in the location itself.
        let (place, geonames_id, kind) = if lgl.is_some() {
            match e.child("gaztag") {
                Some(g) => {
                    let id = match g.attr("geonameid").map(str::trim) {
                        None | Some("") => None,
                        Some(v) => Some(v.parse::<u64>().map_err(|_| {
                            format_error(
                                file,
                                Some(g.line),
                                format!("geonameid {v:?} is not a number"),
                            )
                        })?),
                    };
                    let kind = g
                        .child("fcode")
                        .map(|c| c.text().trim().to_string())
                        .filter(|v| !v.is_empty());
                    (Some(g), id, kind)
                }
                None => (None, None, None),
            }
        } else {
            let kind = e.child("continent").map(|_| "continent".to_string());
            (Some(e), None, kind)
        };
        let point = match place {
            Some(p) => {
                let lat = number::<f64>(file, p, "lat")?;
                let lon = number::<f64>(file, p, "lon")?;
                match checked_point(lat, lon) {
                    Ok(point) => point,
                    Err(message) => {
                        anomalies.push(Anomaly {
                            file: file.to_string(),
                            line: Some(p.line),
                            doc: id.clone(),
                            message: format!("{text:?}: {message}; no coordinates"),
                        });
                        None
                    }
                }
            }
            None => None,
        };
        toponyms.push(RawToponym {
            start,
            end,
            text,
            point,
            geonames_id,
            kind,
            line: e.line,
        });
    }
    Ok(RawDoc {
        id,
        url,
        text,
        toponyms,
    })
}

/// An item and, after it, the items written inside it: GeoVirus has one `<location>` that
/// holds three others (not closed before the next began), and each is a toponym of its own.
fn flatten<'a>(e: &'a Element, name: &str, nested: bool, out: &mut Vec<(&'a Element, bool)>) {
    out.push((e, nested));
    for c in e.elements().filter(|c| c.name == name) {
        flatten(c, name, true, out);
    }
}

/// A child element's number; `None` when the child is absent or empty.
fn number<T: FromStr>(file: &str, e: &Element, name: &str) -> Result<Option<T>, GeoError> {
    let Some(child) = e.child(name) else {
        return Ok(None);
    };
    let value = child.text();
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse().map(Some).map_err(|_| {
        format_error(
            file,
            Some(child.line),
            format!("<{name}> is {value:?}, not a number"),
        )
    })
}

/// A point when both coordinates are there and on the globe; an explanation otherwise (none
/// at all is fine: the toponym simply has no coordinates).
fn checked_point(lat: Option<f64>, lon: Option<f64>) -> Result<Option<(f64, f64)>, String> {
    match (lat, lon) {
        (None, None) => Ok(None),
        (Some(lat), Some(lon)) if on_globe(lat, lon) => Ok(Some((lat, lon))),
        (Some(lat), Some(lon)) => Err(format!("({lat}, {lon}) is not a latitude and longitude")),
        _ => Err("a latitude without a longitude, or the other way round".into()),
    }
}

fn on_globe(lat: f64, lon: f64) -> bool {
    lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0
}

/// Byte offsets of a text's characters, to read offsets in either unit.
struct CharIndex {
    /// Byte offset of each character, and of the end.
    bytes: Vec<usize>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        CharIndex {
            bytes: text
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect(),
        }
    }

    fn chars(&self) -> usize {
        self.bytes.len() - 1
    }

    /// A source span as characters from 0, or `None` when it is outside the text (or, in
    /// bytes, inside a character).
    fn locate(&self, base: OffsetBase, start: usize, end: usize) -> Option<(usize, usize)> {
        let (s, e) = (start.checked_sub(base.first)?, end.checked_sub(base.first)?);
        if s > e {
            return None;
        }
        match base.unit {
            OffsetUnit::Chars => (e <= self.chars()).then_some((s, e)),
            OffsetUnit::Bytes => Some((
                self.bytes.binary_search(&s).ok()?,
                self.bytes.binary_search(&e).ok()?,
            )),
        }
    }

    fn slice<'a>(&self, text: &'a str, start: usize, end: usize) -> &'a str {
        &text[self.bytes[start]..self.bytes[end]]
    }
}

// ---------------------------------------------------------------------------------------------
// brat: GeoWebNews

/// What an `AnnotatorNotes` line says about a toponym.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Note {
    Id(u64),
    Point(f64, f64),
    Nothing,
}

fn parse_note(note: &str) -> Result<Note, String> {
    let note = note.trim();
    if note.is_empty() || note.eq_ignore_ascii_case("N/A") {
        return Ok(Note::Nothing);
    }
    if note.bytes().all(|b| b.is_ascii_digit()) {
        return note
            .parse()
            .map(Note::Id)
            .map_err(|_| format!("GeoNames id {note:?} is too large"));
    }
    let parts: Vec<&str> = note.split(',').map(str::trim).collect();
    if let [lat, lon] = parts[..] {
        if let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) {
            return match checked_point(Some(lat), Some(lon))? {
                Some((lat, lon)) => Ok(Note::Point(lat, lon)),
                None => Ok(Note::Nothing),
            };
        }
    }
    Err(format!(
        "note {note:?} is neither a GeoNames id nor \"lat, lon\""
    ))
}

/// Reads one brat document: `id` names it, `ann_file` names the `.ann` in errors and
/// anomalies; `txt` and `ann` are the two files' contents. See the module's notes for which
/// annotations are toponyms and what the notes hold.
pub fn read_brat(id: &str, ann_file: &str, txt: &str, ann: &str) -> Result<GeoCorpus, GeoError> {
    struct Span<'a> {
        tid: &'a str,
        kind: &'a str,
        start: usize,
        end: usize,
        text: &'a str,
        line: usize,
    }
    let mut anomalies = Vec::new();
    let mut anomaly = |line: usize, message: String| {
        anomalies.push(Anomaly {
            file: ann_file.to_string(),
            line: Some(line),
            doc: id.to_string(),
            message,
        })
    };
    let mut spans: Vec<Span> = Vec::new();
    let mut notes: HashMap<&str, (Note, usize)> = HashMap::new();
    for (i, line) in ann.lines().enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let error = |message: String| format_error(ann_file, Some(n), message);
        let fields: Vec<&str> = line.split('\t').collect();
        match line.chars().next() {
            Some('T') => {
                let [tid, middle, text, ..] = fields[..] else {
                    return Err(error(
                        "a text-bound annotation needs an id, \"Type start end\" and the text, \
                         separated by tabs"
                            .into(),
                    ));
                };
                let (kind, offsets) = middle.split_once(' ').unwrap_or((middle, ""));
                // A discontinuous span ("3 7;9 12") is taken from its first start to its last end.
                let mut bounds = Vec::new();
                for fragment in offsets.split(';') {
                    let numbers: Vec<Option<usize>> = fragment
                        .split_whitespace()
                        .map(|v| v.parse().ok())
                        .collect();
                    let [Some(s), Some(e)] = numbers[..] else {
                        return Err(error(format!(
                            "{tid}: offsets {offsets:?} are not \"start end\" numbers"
                        )));
                    };
                    if s > e {
                        return Err(error(format!("{tid}: start {s} is after end {e}")));
                    }
                    bounds.push((s, e));
                }
                spans.push(Span {
                    tid,
                    kind,
                    start: bounds.iter().map(|b| b.0).min().unwrap_or(0),
                    end: bounds.iter().map(|b| b.1).max().unwrap_or(0),
                    text,
                    line: n,
                });
            }
            Some('#') => {
                let mut head = fields.get(1).copied().unwrap_or("").split_whitespace();
                if head.next() != Some("AnnotatorNotes") {
                    continue;
                }
                let Some(target) = head.next() else {
                    return Err(error("a note that names no annotation".into()));
                };
                let note = match parse_note(fields.get(2).copied().unwrap_or("")) {
                    Ok(note) => note,
                    Err(message) => {
                        anomaly(n, format!("{target}: {message}; ignored"));
                        Note::Nothing
                    }
                };
                if notes.insert(target, (note, n)).is_some() {
                    anomaly(
                        n,
                        format!("{target} has a second note; the last one counts"),
                    );
                }
            }
            // Attributes (A: Modifier_Type, Non_Locational), relations and events are not
            // needed to score toponyms.
            _ => {}
        }
    }

    // The metadata line GeoWebNews puts first ("TITLE: … LINK: …") is not part of the text.
    let (skip_bytes, skip_chars) = match txt.starts_with("TITLE:").then(|| txt.find('\n')) {
        Some(Some(nl)) => (nl + 1, txt[..=nl].chars().count()),
        Some(None) => (txt.len(), txt.chars().count()),
        None => (0, 0),
    };
    let index = CharIndex::new(txt);
    let mut not_toponyms = BTreeMap::new();
    let mut toponyms = Vec::new();
    for s in &spans {
        if !GWN_TOPONYM_TYPES.contains(&s.kind) {
            *not_toponyms.entry(s.kind.to_string()).or_default() += 1;
            continue;
        }
        let Some((start, end)) = index.locate(OffsetBase::CHARS, s.start, s.end) else {
            anomaly(
                s.line,
                format!(
                    "{}: {}..{} lies outside the text of {} characters; dropped",
                    s.tid,
                    s.start,
                    s.end,
                    index.chars()
                ),
            );
            continue;
        };
        let found = index.slice(txt, start, end);
        if found != s.text {
            anomaly(
                s.line,
                format!(
                    "{}: {start}..{end} is {found:?}, not {:?}; kept",
                    s.tid, s.text
                ),
            );
        }
        if start < skip_chars {
            anomaly(
                s.line,
                format!("{}: {:?} is in the TITLE line; dropped", s.tid, s.text),
            );
            continue;
        }
        let note = notes.remove(s.tid).map_or(Note::Nothing, |(note, _)| note);
        let (lat, lon, geonames_id) = match note {
            Note::Id(id) => (None, None, Some(id)),
            Note::Point(lat, lon) => (Some(lat), Some(lon), None),
            Note::Nothing => (None, None, None),
        };
        toponyms.push(GoldToponym {
            start: start - skip_chars,
            end: end - skip_chars,
            text: s.text.to_string(),
            lat,
            lon,
            geonames_id,
            kind: Some(s.kind.to_string()),
        });
    }
    // Notes on non-toponyms are dropped with them; a note on nothing at all is a slip.
    for (target, (_, line)) in notes {
        if !spans.iter().any(|s| s.tid == target) {
            anomaly(line, format!("a note on {target}, which is not annotated"));
        }
    }
    anomalies.sort_by_key(|a| a.line);
    toponyms.sort_by_key(|t| (t.start, Reverse(t.end)));
    Ok(GeoCorpus {
        format: GeoFormat::Brat,
        offsets: OffsetBase::CHARS,
        docs: vec![GeoDoc {
            id: id.to_string(),
            url: None,
            text: txt[skip_bytes..].to_string(),
            toponyms,
        }],
        not_toponyms,
        anomalies,
    })
}

/// One `.ann` file and the `.txt` beside it.
fn read_brat_pair(ann_path: &Path) -> Result<GeoCorpus, GeoError> {
    let txt_path = ann_path.with_extension("txt");
    if !txt_path.is_file() {
        return Err(format_error(
            &ann_path.display().to_string(),
            None,
            format!("no {} beside it", txt_path.display()),
        ));
    }
    let id = ann_path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    read_brat(
        &id,
        &ann_path.display().to_string(),
        &read_utf8(&txt_path)?,
        &read_utf8(ann_path)?,
    )
}

/// Every `.ann` under a folder with its `.txt`, numbered stems in numeric order (`2` before
/// `10`), then the rest by path.
fn read_brat_dir(dir: &Path) -> Result<GeoCorpus, GeoError> {
    let mut files = files_under(dir, &|p: &Path| p.extension().is_some_and(|e| e == "ann"))?;
    if files.is_empty() {
        return Err(format_error(
            &dir.display().to_string(),
            None,
            "no brat .ann files in this folder",
        ));
    }
    files.sort_by_key(|p| {
        let number = p
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse::<u64>().ok());
        (number.is_none(), number, p.clone())
    });
    let mut corpus = GeoCorpus {
        format: GeoFormat::Brat,
        offsets: OffsetBase::CHARS,
        docs: Vec::new(),
        not_toponyms: BTreeMap::new(),
        anomalies: Vec::new(),
    };
    for file in files {
        corpus.merge(read_brat_pair(&file)?);
    }
    Ok(corpus)
}

/// Reads GeoNames points from a table in GeoNames' dump layout (`cities15000.txt`,
/// `allCountries.txt`: tab-separated, the id first, latitude and longitude in the fifth and
/// sixth columns); `#` lines and blank lines are skipped.
pub fn read_geonames_points(
    file: &str,
    content: &str,
) -> Result<HashMap<u64, (f64, f64)>, GeoError> {
    let mut points = HashMap::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let parsed = match fields[..] {
            [id, _, _, _, lat, lon, ..] => (
                id.trim().parse::<u64>(),
                lat.trim().parse::<f64>(),
                lon.trim().parse::<f64>(),
            ),
            _ => {
                return Err(format_error(
                    file,
                    Some(i + 1),
                    "fewer than six tab-separated columns (id, name, ascii name, alternate \
                     names, latitude, longitude …)",
                ))
            }
        };
        let (Ok(id), Ok(lat), Ok(lon)) = parsed else {
            return Err(format_error(
                file,
                Some(i + 1),
                "the id, latitude or longitude is not a number",
            ));
        };
        if !on_globe(lat, lon) {
            return Err(format_error(
                file,
                Some(i + 1),
                format!("({lat}, {lon}) is not a latitude and longitude"),
            ));
        }
        points.insert(id, (lat, lon));
    }
    Ok(points)
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// One toponym a system found, with where it put it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SystemToponym {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Latitude, or `None` when the system did not resolve it.
    pub lat: Option<f64>,
    /// Longitude, or `None` when the system did not resolve it.
    pub lon: Option<f64>,
    /// The GeoNames id it chose, if any.
    pub geonames_id: Option<u64>,
}

impl SystemToponym {
    /// `(lat, lon)` when both are given and on the globe; anything else counts as unresolved.
    pub fn point(&self) -> Option<(f64, f64)> {
        let (lat, lon) = (self.lat?, self.lon?);
        on_globe(lat, lon).then_some((lat, lon))
    }
}

/// Great-circle distance in km (haversine, on a sphere of [`EARTH_RADIUS_KM`]) between two
/// `(lat, lon)` points in degrees.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    wirewatch_doc::geo::great_circle_km(a.0, a.1, b.0, b.1)
}

/// The measures of a list of geocoding errors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorStats {
    /// Errors measured.
    pub n: usize,
    /// Errors of at most [`ACCURACY_KM`].
    pub within: usize,
    /// Mean error, km.
    pub mean_km: f64,
    /// Median error, km (the mean of the middle two when `n` is even).
    pub median_km: f64,
    /// Area under the curve of the sorted errors on a log scale, in [0, 1]; lower is better.
    ///
    /// As Gritta et al. compute it: each error becomes ln(1 + km), the sorted values are
    /// integrated by the trapezoidal rule at unit spacing and divided by (n − 1) times the
    /// largest value. Their code divides by ln(20039) rather than ln(1 + 20039); this uses the
    /// latter, so an error of 20,039 km is exactly 1 (the two differ by a factor 1.000005). One
    /// error alone is its own value.
    pub auc: f64,
}

impl ErrorStats {
    /// The measures, or `None` for no errors.
    pub fn from_errors(errors: &[f64]) -> Option<ErrorStats> {
        let n = errors.len();
        if n == 0 {
            return None;
        }
        let mut sorted: Vec<f64> = errors.iter().map(|e| e.clamp(0.0, MAX_ERROR_KM)).collect();
        sorted.sort_by(f64::total_cmp);
        let median_km = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        let top = MAX_ERROR_KM.ln_1p();
        let logs: Vec<f64> = sorted.iter().map(|e| e.ln_1p() / top).collect();
        let auc = if n == 1 {
            logs[0]
        } else {
            logs.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / (n - 1) as f64
        };
        Some(ErrorStats {
            n,
            within: sorted.iter().filter(|&&e| e <= ACCURACY_KM).count(),
            mean_km: sorted.iter().sum::<f64>() / n as f64,
            median_km,
            auc,
        })
    }

    /// The share of errors within [`ACCURACY_KM`].
    pub fn accuracy(&self) -> f64 {
        self.within as f64 / self.n as f64
    }
}

/// Counts for the gold toponyms of one kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KindScores {
    /// Gold toponyms of this kind.
    pub gold: usize,
    /// Of them, found with the exact span.
    pub strict: usize,
    /// Of them, found with an overlapping span.
    pub lenient: usize,
    /// Of them, with gold coordinates.
    pub with_coordinates: usize,
    /// The errors of those found and with gold coordinates.
    pub errors_km: Vec<f64>,
}

/// The measures of one run over a set of documents, and its mistakes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoScores {
    /// Documents scored.
    pub docs: usize,
    /// Identical spans (matched as multisets).
    pub strict: Prf,
    /// Overlapping spans, matched one to one, largest overlap first.
    pub lenient: Prf,
    /// Gold toponyms with coordinates.
    pub gold_with_coordinates: usize,
    /// Gold toponyms without coordinates but with a GeoNames id.
    pub gold_id_only: usize,
    /// The error of each lenient match whose gold has coordinates, in document order.
    pub errors_km: Vec<f64>,
    /// Of those matches, how many the system left without coordinates (counted as
    /// [`MAX_ERROR_KM`]).
    pub unresolved: usize,
    /// Lenient matches where both sides have a GeoNames id.
    pub ids_compared: usize,
    /// Of those, the ones with the same id.
    pub ids_agree: usize,
    /// Counts by gold kind (`-` for none).
    pub by_kind: BTreeMap<String, KindScores>,
    /// Every missed, spurious, partly matched, far or unresolved toponym, in document order.
    pub mistakes: Vec<GeoMistake>,
}

impl GeoScores {
    /// Gold toponyms.
    pub fn gold(&self) -> usize {
        self.strict.gold
    }

    /// System toponyms.
    pub fn system(&self) -> usize {
        self.strict.predicted
    }

    /// Gold toponyms without coordinates (scored for recognition only).
    pub fn gold_without_coordinates(&self) -> usize {
        self.gold() - self.gold_with_coordinates
    }

    /// The geocoding measures over the lenient matches whose gold has coordinates; `None` when
    /// there are none.
    pub fn geocoding(&self) -> Option<ErrorStats> {
        ErrorStats::from_errors(&self.errors_km)
    }

    /// Gold toponyms with coordinates that were found and placed within [`ACCURACY_KM`], over
    /// all gold toponyms with coordinates: recognition and resolution together.
    pub fn end_to_end_accuracy(&self) -> f64 {
        let within = self.errors_km.iter().filter(|&&e| e <= ACCURACY_KM).count();
        within as f64 / self.gold_with_coordinates.max(1) as f64
    }
}

impl fmt::Display for GeoScores {
    /// The table: counts, recognition P/R/F1 in percent, geocoding, then by kind (the twelve
    /// most frequent, the rest together).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: f64| format!("{:.2}", 100.0 * x);
        writeln!(
            f,
            "{} docs, {} gold toponyms, {} system toponyms",
            self.docs,
            self.gold(),
            self.system()
        )?;
        writeln!(
            f,
            "gold coordinates: {} with, {} without ({} of those with a GeoNames id only); \
             toponyms without count for recognition only",
            self.gold_with_coordinates,
            self.gold_without_coordinates(),
            self.gold_id_only
        )?;
        writeln!(
            f,
            "{:<10} {:>7} {:>7} {:>7} {:>8} {:>7} {:>7}",
            "", "P", "R", "F1", "matched", "system", "gold"
        )?;
        for (name, prf) in [("strict", self.strict), ("lenient", self.lenient)] {
            writeln!(
                f,
                "{name:<10} {:>7} {:>7} {:>7} {:>8} {:>7} {:>7}",
                pct(prf.precision()),
                pct(prf.recall()),
                pct(prf.f1()),
                prf.correct,
                prf.predicted,
                prf.gold
            )?;
        }
        writeln!(
            f,
            "geocoding over lenient matches with gold coordinates: {} of {}",
            self.errors_km.len(),
            self.gold_with_coordinates
        )?;
        match self.geocoding() {
            Some(g) => writeln!(
                f,
                "  acc@161 {}  mean {:.1} km  median {:.1} km  AUC {:.4}  ({} unresolved, \
                 counted as {MAX_ERROR_KM} km)",
                pct(g.accuracy()),
                g.mean_km,
                g.median_km,
                g.auc,
                self.unresolved
            )?,
            None => writeln!(f, "  acc@161 -  mean - km  median - km  AUC -")?,
        }
        writeln!(
            f,
            "  end to end: {} of {} gold toponyms with coordinates found and placed within \
             {ACCURACY_KM} km ({} %)",
            self.errors_km.iter().filter(|&&e| e <= ACCURACY_KM).count(),
            self.gold_with_coordinates,
            pct(self.end_to_end_accuracy())
        )?;
        writeln!(
            f,
            "  GeoNames ids: {} of {} matches with an id on both sides agree",
            self.ids_agree, self.ids_compared
        )?;
        writeln!(
            f,
            "{:<22} {:>6} {:>9} {:>9} {:>11} {:>8} {:>9} {:>9} {:>7}",
            "by gold kind",
            "gold",
            "strict R",
            "lenient R",
            "scored",
            "acc@161",
            "mean km",
            "median km",
            "AUC"
        )?;
        const SHOWN: usize = 12;
        let mut kinds: Vec<(&String, &KindScores)> = self.by_kind.iter().collect();
        kinds.sort_by_key(|(name, k)| (Reverse(k.gold), *name));
        let mut rest = KindScores::default();
        for (_, k) in kinds.iter().skip(SHOWN) {
            rest.gold += k.gold;
            rest.strict += k.strict;
            rest.lenient += k.lenient;
            rest.with_coordinates += k.with_coordinates;
            rest.errors_km.extend(&k.errors_km);
        }
        let others = format!("(other {})", kinds.len().saturating_sub(SHOWN));
        let rows = kinds
            .iter()
            .take(SHOWN)
            .map(|(name, k)| (name.as_str(), *k))
            .chain((kinds.len() > SHOWN).then_some((others.as_str(), &rest)));
        for (name, k) in rows {
            let ratio = |n: usize| pct(n as f64 / k.gold.max(1) as f64);
            let stats = ErrorStats::from_errors(&k.errors_km);
            let (acc, mean, median, auc) = match stats {
                Some(g) => (
                    pct(g.accuracy()),
                    format!("{:.1}", g.mean_km),
                    format!("{:.1}", g.median_km),
                    format!("{:.4}", g.auc),
                ),
                None => ("-".into(), "-".into(), "-".into(), "-".into()),
            };
            writeln!(
                f,
                "{name:<22} {:>6} {:>9} {:>9} {:>11} {acc:>8} {mean:>9} {median:>9} {auc:>7}",
                k.gold,
                ratio(k.strict),
                ratio(k.lenient),
                format!("{}/{}", k.errors_km.len(), k.with_coordinates),
            )?;
        }
        write!(
            f,
            "(P/R/F1, acc@161 in percent; errors are great-circle km; AUC of log errors, 0 best; \
             scored = geocoded / gold with coordinates)"
        )
    }
}

/// What went wrong with one toponym.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GeoMistakeKind {
    /// A gold toponym the system did not find (no overlap).
    Missed,
    /// A system toponym overlapping no gold one (a false alarm).
    Spurious,
    /// A lenient match whose span differs from the gold.
    Span,
    /// A lenient match placed more than [`ACCURACY_KM`] from the gold.
    Far,
    /// A lenient match with gold coordinates that the system did not place.
    Unresolved,
}

impl GeoMistakeKind {
    /// Its name in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            GeoMistakeKind::Missed => "missed",
            GeoMistakeKind::Spurious => "spurious",
            GeoMistakeKind::Span => "span",
            GeoMistakeKind::Far => "far",
            GeoMistakeKind::Unresolved => "unresolved",
        }
    }
}

/// One mistake, with what is needed to look at it.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoMistake {
    /// The document's id.
    pub doc: String,
    /// What went wrong.
    pub kind: GeoMistakeKind,
    /// The gold toponym (none when spurious).
    pub gold: Option<GoldToponym>,
    /// The system's toponym (none when missed).
    pub system: Option<SystemToponym>,
    /// The text of the gold span, or of the system's when spurious.
    pub text: String,
    /// Up to 30 characters either side, the span in `[` `]`, line breaks as spaces.
    pub context: String,
    /// The error, for far and unresolved toponyms.
    pub error_km: Option<f64>,
}

impl fmt::Display for GeoMistake {
    /// One line: kind, document, text, spans and points, error, context.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let point = |p: Option<(f64, f64)>| match p {
            Some((lat, lon)) => format!(" ({lat:.4}, {lon:.4})"),
            None => " (no point)".to_string(),
        };
        write!(f, "{:<10} {} {:?}", self.kind.as_str(), self.doc, self.text)?;
        if let Some(g) = &self.gold {
            write!(f, "  gold [{}..{}]{}", g.start, g.end, point(g.point()))?;
            if let Some(kind) = &g.kind {
                write!(f, " {kind}")?;
            }
        }
        if let Some(s) = &self.system {
            write!(f, "  system [{}..{}]{}", s.start, s.end, point(s.point()))?;
        }
        if let Some(km) = self.error_km {
            write!(f, "  {km:.1} km")?;
        }
        write!(f, "  | {}", self.context)
    }
}

/// Scores each document's system toponyms against its gold ones.
pub fn score<'a>(runs: impl IntoIterator<Item = (&'a GeoDoc, &'a [SystemToponym])>) -> GeoScores {
    let mut s = GeoScores::default();
    for (doc, system) in runs {
        score_doc(&mut s, doc, system);
    }
    s
}

fn score_doc(s: &mut GeoScores, doc: &GeoDoc, system: &[SystemToponym]) {
    s.docs += 1;
    let gold = &doc.toponyms;
    for prf in [&mut s.strict, &mut s.lenient] {
        prf.gold += gold.len();
        prf.predicted += system.len();
    }

    // Strict: each gold span takes one identical system span while any is left.
    let mut left: HashMap<(usize, usize), usize> = HashMap::new();
    for t in system {
        *left.entry((t.start, t.end)).or_default() += 1;
    }
    let strict: Vec<bool> = gold
        .iter()
        .map(|g| match left.get_mut(&(g.start, g.end)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .collect();
    s.strict.correct += strict.iter().filter(|&&m| m).count();

    // Lenient: overlapping pairs, largest overlap first; ties go to the pair whose ends are
    // closest, so an identical span wins.
    let gold_match = crate::prf::match_overlapping(
        &gold.iter().map(|g| (g.start, g.end)).collect::<Vec<_>>(),
        &system.iter().map(|p| (p.start, p.end)).collect::<Vec<_>>(),
    );
    let mut system_matched = vec![false; system.len()];
    for &si in gold_match.iter().flatten() {
        system_matched[si] = true;
    }

    let text = Text::new(&doc.text);
    let mistake =
        |kind, at: (usize, usize), gold: Option<&GoldToponym>, system, error_km| GeoMistake {
            doc: doc.id.clone(),
            kind,
            gold: gold.cloned(),
            system,
            text: text.slice(at.0, at.1).to_string(),
            context: text.context(at.0, at.1),
            error_km,
        };
    let mut mistakes: Vec<(usize, GeoMistake)> = Vec::new();
    for ((g, matched), strict) in gold.iter().zip(&gold_match).zip(&strict) {
        let kind = s
            .by_kind
            .entry(g.kind.clone().unwrap_or_else(|| "-".into()))
            .or_default();
        kind.gold += 1;
        kind.strict += usize::from(*strict);
        let at = (g.start, g.end);
        let gold_point = g.point();
        if gold_point.is_some() {
            s.gold_with_coordinates += 1;
            kind.with_coordinates += 1;
        } else if g.geonames_id.is_some() {
            s.gold_id_only += 1;
        }
        let Some(&si) = matched.as_ref() else {
            mistakes.push((
                g.start,
                mistake(GeoMistakeKind::Missed, at, Some(g), None, None),
            ));
            continue;
        };
        let p = system[si];
        s.lenient.correct += 1;
        kind.lenient += 1;
        if (g.start, g.end) != (p.start, p.end) {
            mistakes.push((
                g.start,
                mistake(GeoMistakeKind::Span, at, Some(g), Some(p), None),
            ));
        }
        if let (Some(a), Some(b)) = (g.geonames_id, p.geonames_id) {
            s.ids_compared += 1;
            s.ids_agree += usize::from(a == b);
        }
        let Some(gold_point) = gold_point else {
            continue;
        };
        let error = match p.point() {
            Some(q) => distance_km(gold_point, q).min(MAX_ERROR_KM),
            None => {
                s.unresolved += 1;
                mistakes.push((
                    g.start,
                    mistake(
                        GeoMistakeKind::Unresolved,
                        at,
                        Some(g),
                        Some(p),
                        Some(MAX_ERROR_KM),
                    ),
                ));
                MAX_ERROR_KM
            }
        };
        if error > ACCURACY_KM && p.point().is_some() {
            mistakes.push((
                g.start,
                mistake(GeoMistakeKind::Far, at, Some(g), Some(p), Some(error)),
            ));
        }
        s.errors_km.push(error);
        kind.errors_km.push(error);
    }
    for (p, matched) in system.iter().zip(&system_matched) {
        if !matched {
            mistakes.push((
                p.start,
                mistake(
                    GeoMistakeKind::Spurious,
                    (p.start, p.end),
                    None,
                    Some(*p),
                    None,
                ),
            ));
        }
    }
    mistakes.sort_by_key(|(at, _)| *at);
    s.mistakes.extend(mistakes.into_iter().map(|(_, m)| m));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(start: usize, end: usize, text: &str, point: Option<(f64, f64)>) -> GoldToponym {
        GoldToponym {
            start,
            end,
            text: text.into(),
            lat: point.map(|p| p.0),
            lon: point.map(|p| p.1),
            geonames_id: None,
            kind: None,
        }
    }

    fn sys(start: usize, end: usize, point: Option<(f64, f64)>) -> SystemToponym {
        SystemToponym {
            start,
            end,
            lat: point.map(|p| p.0),
            lon: point.map(|p| p.1),
            geonames_id: None,
        }
    }

    fn doc(text: &str, toponyms: Vec<GoldToponym>) -> GeoDoc {
        GeoDoc {
            id: "d1".into(),
            url: None,
            text: text.into(),
            toponyms,
        }
    }

    /// The latitude `km` due north of the equator at longitude 0.
    fn north(km: f64) -> (f64, f64) {
        ((km / EARTH_RADIUS_KM).to_degrees(), 0.0)
    }

    const LONDON: (f64, f64) = (51.5074, -0.1278);
    const PARIS: (f64, f64) = (48.8566, 2.3522);

    #[test]
    fn great_circle_distances() {
        let d = distance_km(LONDON, PARIS);
        assert!((d - 343.56).abs() < 0.01, "{d}");
        assert_eq!(distance_km(PARIS, PARIS), 0.0);
        assert!((distance_km(north(160.0), (0.0, 0.0)) - 160.0).abs() < 1e-9);
        // Antipodes: half the circumference, less than the maximal error.
        let half = distance_km((0.0, 0.0), (0.0, 180.0));
        assert!((half - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-6);
        assert!(half < MAX_ERROR_KM);
    }

    #[test]
    fn error_measures() {
        let g = ErrorStats::from_errors(&[160.0, 162.0, 0.0, MAX_ERROR_KM]).unwrap();
        assert_eq!(g.within, 2, "160 km is within 161 km, 162 km is not");
        assert_eq!(g.median_km, 161.0);
        assert!((g.mean_km - (322.0 + MAX_ERROR_KM) / 4.0).abs() < 1e-9);
        // Sorted logs 0, a, b, 1 with a = ln 161 / ln 20040, b = ln 163 / ln 20040:
        // trapezoids (0 + a)/2 + (a + b)/2 + (b + 1)/2 over 3.
        let top = 20040f64.ln();
        let (a, b) = (161f64.ln() / top, 163f64.ln() / top);
        assert!((g.auc - (a + b + 0.5) / 3.0).abs() < 1e-12, "{}", g.auc);
        let perfect = ErrorStats::from_errors(&[0.0, 0.0]).unwrap();
        assert_eq!((perfect.auc, perfect.accuracy()), (0.0, 1.0));
        let worst = ErrorStats::from_errors(&[MAX_ERROR_KM; 3]).unwrap();
        assert!((worst.auc - 1.0).abs() < 1e-12);
        assert_eq!(ErrorStats::from_errors(&[5.0]).unwrap().median_km, 5.0);
        assert!(ErrorStats::from_errors(&[]).is_none());
    }

    #[test]
    fn exact_and_lenient_matching_with_geocoding() {
        //          0         1         2         3         4         5
        //          012345678901234567890123456789012345678901234567890123
        let text = "From London to Paris, then Lyon and the city of Nice.";
        let d = doc(
            text,
            vec![
                gold(5, 11, "London", Some(LONDON)),
                gold(15, 20, "Paris", Some(PARIS)),
                gold(27, 31, "Lyon", Some((45.75, 4.85))),
                gold(48, 52, "Nice", None),
                gold(0, 4, "From", Some((0.0, 0.0))),
            ],
        );
        let system = [
            sys(5, 11, Some(PARIS)),       // London, strict, 343 km off: far
            sys(15, 20, Some(north(0.0))), // Paris, strict, placed at (0, 0): far
            sys(27, 35, None),             // "Lyon and": lenient only, unresolved
            sys(40, 52, Some((0.0, 0.0))), // "city of Nice": lenient, gold has no point
            sys(36, 39, Some((1.0, 1.0))), // "the": spurious
        ];
        let s = score([(&d, &system[..])]);
        assert_eq!(
            s.strict,
            Prf {
                correct: 2,
                predicted: 5,
                gold: 5
            }
        );
        assert_eq!(s.lenient.correct, 4);
        assert_eq!(
            (s.gold_with_coordinates, s.gold_without_coordinates()),
            (4, 1)
        );
        assert_eq!(
            s.errors_km.len(),
            3,
            "Nice has no gold point; From was missed"
        );
        assert!((s.errors_km[0] - 343.5).abs() < 0.5);
        assert_eq!(s.errors_km[2], MAX_ERROR_KM);
        assert_eq!(s.unresolved, 1);
        let g = s.geocoding().unwrap();
        assert_eq!(g.within, 0);
        let kinds: Vec<(GeoMistakeKind, &str)> = s
            .mistakes
            .iter()
            .map(|m| (m.kind, m.text.as_str()))
            .collect();
        use GeoMistakeKind::*;
        assert_eq!(
            kinds,
            [
                (Missed, "From"),
                (Far, "London"),
                (Far, "Paris"),
                (Span, "Lyon"),
                (Unresolved, "Lyon"),
                (Spurious, "the"),
                (Span, "Nice"),
            ]
        );
        let line = s.mistakes[1].to_string();
        assert!(
            line.starts_with("far        d1 \"London\"  gold [5..11] (51.5074, -0.1278)  system [5..11] (48.8566, 2.3522)  343.6 km  | From ["),
            "{line}"
        );
    }

    #[test]
    fn threshold_and_null_coordinates() {
        let text = "Aaa Bbb Ccc";
        let d = doc(
            text,
            vec![
                gold(0, 3, "Aaa", Some((0.0, 0.0))),
                gold(4, 7, "Bbb", Some((0.0, 0.0))),
                gold(8, 11, "Ccc", Some((0.0, 0.0))),
            ],
        );
        let system = [
            sys(0, 3, Some(north(160.0))),
            sys(4, 7, Some(north(162.0))),
            SystemToponym {
                lat: Some(f64::NAN),
                ..sys(8, 11, Some((0.0, 0.0)))
            },
        ];
        let s = score([(&d, &system[..])]);
        let g = s.geocoding().unwrap();
        assert_eq!((g.n, g.within), (3, 1));
        assert_eq!(s.unresolved, 1, "a NaN latitude is no point");
        assert_eq!(g.median_km.round(), 162.0);
        assert!((g.mean_km - (322.0 + MAX_ERROR_KM) / 3.0).abs() < 1e-6);
        assert!((s.end_to_end_accuracy() - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn lenient_is_one_to_one_and_strict_counts_duplicates_once() {
        let text = "x".repeat(40);
        let d = doc(
            &text,
            vec![gold(0, 4, "xxxx", None), gold(5, 15, "x", None)],
        );
        // One system span covering both: it goes to the one it overlaps most.
        let s = score([(&d, &[sys(2, 15, None)][..])]);
        assert_eq!((s.lenient.correct, s.strict.correct), (1, 0));
        assert_eq!(s.mistakes[0].kind, GeoMistakeKind::Missed);
        assert_eq!(s.mistakes[0].text, "xxxx");
        let d = doc(&text, vec![gold(0, 4, "xxxx", None)]);
        let s = score([(&d, &[sys(0, 4, None), sys(0, 4, None)][..])]);
        assert_eq!(
            s.strict,
            Prf {
                correct: 1,
                predicted: 2,
                gold: 1
            }
        );
        // Bad system offsets are scored, not a panic.
        let s = score([(&d, &[sys(3, 99, None), sys(9, 2, None)][..])]);
        assert_eq!(s.lenient.correct, 1);
    }

    #[test]
    fn ids_and_kinds() {
        let d = doc(
            "Ab Cd",
            vec![
                GoldToponym {
                    geonames_id: Some(1),
                    kind: Some("PPL".into()),
                    ..gold(0, 2, "Ab", None)
                },
                GoldToponym {
                    geonames_id: Some(2),
                    kind: Some("PPL".into()),
                    ..gold(3, 5, "Cd", Some((1.0, 1.0)))
                },
            ],
        );
        let system = [
            SystemToponym {
                geonames_id: Some(1),
                ..sys(0, 2, None)
            },
            SystemToponym {
                geonames_id: Some(3),
                ..sys(3, 5, Some((1.0, 1.0)))
            },
        ];
        let s = score([(&d, &system[..])]);
        assert_eq!((s.ids_agree, s.ids_compared), (1, 2));
        assert_eq!(s.gold_id_only, 1);
        let k = &s.by_kind["PPL"];
        assert_eq!((k.gold, k.strict, k.with_coordinates), (2, 2, 1));
        assert_eq!(k.errors_km, [0.0]);
        let table = s.to_string();
        assert!(
            table.contains("1 docs, 2 gold toponyms, 2 system toponyms"),
            "{table}"
        );
        assert!(
            table.contains("\nstrict      100.00  100.00  100.00        2       2       2\n"),
            "{table}"
        );
        assert!(table.contains("\nPPL                         2"), "{table}");
    }

    const LGL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="11">
    <url>http://example.org/a</url>
    <text><![CDATA[Café owners in Ōsaka & Kyoto met.]]></text>
    <toponyms>
      <toponym><start>15</start><end>20</end><phrase>Ōsaka</phrase>
        <gaztag geonameid="1853909"><fcode>PPLA</fcode><lat>34.69</lat><lon>135.50</lon></gaztag>
      </toponym>
      <toponym><start>23</start><end>28</end><phrase>Kyoto</phrase></toponym>
    </toponyms>
  </article>
  <article docid="12"><text><![CDATA[Nothing here.]]></text><toponyms/></article>
</articles>
<!-- a trailing comment -->
"#;

    #[test]
    fn lgl_offsets_are_characters() {
        let c = read_xml("lgl.xml", LGL).unwrap();
        assert_eq!(c.format, GeoFormat::Lgl);
        assert_eq!(c.offsets, OffsetBase::CHARS);
        assert!(c.anomalies.is_empty(), "{:?}", c.anomalies);
        assert_eq!(c.docs.len(), 2);
        let d = &c.docs[0];
        assert_eq!(
            (d.id.as_str(), d.url.as_deref()),
            ("11", Some("http://example.org/a"))
        );
        let t = &d.toponyms;
        assert_eq!(
            (t[0].start, t[0].end, t[0].text.as_str()),
            (15, 20, "Ōsaka")
        );
        assert_eq!(t[0].point(), Some((34.69, 135.50)));
        assert_eq!(
            (t[0].geonames_id, t[0].kind.as_deref()),
            (Some(1853909), Some("PPLA"))
        );
        assert_eq!(
            (t[1].point(), t[1].geonames_id, t[1].kind.as_deref()),
            (None, None, None)
        );
    }

    #[test]
    fn geovirus_offsets_from_one_are_found() {
        // Characters from 1, as GeoVirus counts; "é" makes bytes and characters differ.
        let xml = "<articles><article><source>https://example.org/v</source>\
                   <text>Flu in Pérou &amp; Chile.</text><locations>\
                   <location><name>Pérou</name><start>8</start><end>13</end>\
                   <lat>-9.2</lat><lon>-75.0</lon><page>p</page></location>\
                   <location><name>Chile</name><altName>Chili</altName><start>16</start><end>21</end>\
                   <lat>-33</lat><lon>-71</lon><page>p</page></location>\
                   <location><name>Asia</name><start>1</start><end>4</end><lat>30</lat><lon>90</lon>\
                   <page>p</page><continent/></location>\
                   </locations></article></articles>";
        let c = read_xml("gv.xml", xml).unwrap();
        assert_eq!(c.format, GeoFormat::GeoVirus);
        assert_eq!(
            c.offsets,
            OffsetBase {
                unit: OffsetUnit::Chars,
                first: 1
            }
        );
        let d = &c.docs[0];
        assert_eq!(d.text, "Flu in Pérou & Chile.");
        assert_eq!(
            (d.id.as_str(), d.url.as_deref()),
            ("1", Some("https://example.org/v"))
        );
        let spans: Vec<(usize, usize, &str)> = d
            .toponyms
            .iter()
            .map(|t| (t.start, t.end, t.text.as_str()))
            .collect();
        assert_eq!(spans, [(0, 3, "Asia"), (7, 12, "Pérou"), (15, 20, "Chile")]);
        assert_eq!(d.toponyms[0].kind.as_deref(), Some("continent"));
        // The deliberate slip: "Asia" is not at 0..3.
        assert_eq!(c.anomalies.len(), 1, "{:?}", c.anomalies);
        assert!(c.anomalies[0]
            .message
            .contains("is \"Flu\", not \"Asia\"; kept"));
    }

    #[test]
    fn a_location_inside_another_is_its_own() {
        let xml = "<articles><article><text>Lima and Cusco.</text><locations>\
                   <location><name>Lima</name><start>1</start><end>5</end><lat>-12</lat><lon>-77</lon>\
                   <location><name>Cusco</name><start>10</start><end>15</end>\
                   <lat>-13.5</lat><lon>-72</lon></location>\
                   </location></locations></article></articles>";
        let c = read_xml("gv.xml", xml).unwrap();
        let names: Vec<&str> = c.docs[0].toponyms.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(names, ["Lima", "Cusco"]);
        assert_eq!(c.docs[0].toponyms[1].point(), Some((-13.5, -72.0)));
        assert_eq!(c.anomalies.len(), 1);
        assert!(c.anomalies[0].message.contains("inside another"));
    }

    #[test]
    fn byte_offsets_are_converted() {
        let xml = "<articles><article docid=\"1\"><text>Né à Genève.</text><toponyms>\
                   <toponym><start>7</start><end>14</end><phrase>Genève</phrase></toponym>\
                   </toponyms></article></articles>";
        let c = read_xml("b.xml", xml).unwrap();
        assert_eq!(c.offsets.unit, OffsetUnit::Bytes);
        let t = &c.docs[0].toponyms[0];
        assert_eq!((t.start, t.end), (5, 11));
        assert!(c.anomalies.is_empty());
    }

    #[test]
    fn malformed_xml_names_file_and_line() {
        let cases = [
            (
                LGL.replace("<start>23</start>", "<start>x</start>"),
                10,
                "not a number",
            ),
            (LGL.replace("<end>28</end>", ""), 10, "without <end>"),
            (
                LGL.replace("geonameid=\"1853909\"", "geonameid=\"a\""),
                8,
                "geonameid",
            ),
            (
                LGL.replace("<articles>", "<docs>")
                    .replace("</articles>", "</docs>"),
                2,
                "root",
            ),
            (LGL.replace("</text>", "</txt>"), 5, "malformed XML"),
        ];
        for (xml, line, what) in cases {
            let err = read_xml("lgl.xml", &xml).unwrap_err().to_string();
            assert!(err.starts_with(&format!("lgl.xml:{line}: ")), "{err}");
            assert!(err.contains(what), "{err}");
        }
        let bad = LGL.replace("<lat>34.69</lat>", "<lat>134.69</lat>");
        let c = read_xml("lgl.xml", &bad).unwrap();
        assert_eq!(c.docs[0].toponyms[0].point(), None);
        assert!(
            c.anomalies[0].message.contains("not a latitude"),
            "{:?}",
            c.anomalies
        );
    }

    const TXT: &str = "TITLE: Floods LINK: http://example.org/f\nRain hit Dublin and Irish towns.\nCork FC lost.\n";

    #[test]
    fn brat_toponyms_notes_and_title_line() {
        let title = TXT.find('\n').unwrap() + 1;
        let at = |s: &str| TXT.find(s).unwrap();
        let dublin = at("Dublin");
        let ann = format!(
            "T1\tLiteral {} {}\tDublin\n\
             #1\tAnnotatorNotes T1\t2964574\n\
             T2\tDemonym {} {}\tIrish\n\
             #2\tAnnotatorNotes T2\tN/A\n\
             T3\tLiteral_Expression {} {}\ttowns\n\
             T4\tNon_Toponym {} {}\tCork FC\n\
             T5\tEmbedded_Non_Lit {} {}\tCork\t\n\
             #3\tAnnotatorNotes T5\t51.8985, -8.4756\n\
             A1\tModifier_Type T2 Adjective\n\
             T6\tLiteral 0 5\tTITLE\n",
            dublin,
            dublin + 6,
            at("Irish"),
            at("Irish") + 5,
            at("towns"),
            at("towns") + 5,
            at("Cork FC"),
            at("Cork FC") + 7,
            at("Cork"),
            at("Cork") + 4,
        );
        let c = read_brat("7", "7.ann", TXT, &ann).unwrap();
        let d = &c.docs[0];
        assert_eq!(d.text, &TXT[title..]);
        let got: Vec<(usize, usize, &str, Option<&str>)> = d
            .toponyms
            .iter()
            .map(|t| (t.start, t.end, t.text.as_str(), t.kind.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (9, 15, "Dublin", Some("Literal")),
                (20, 25, "Irish", Some("Demonym")),
                (33, 37, "Cork", Some("Embedded_Non_Lit")),
            ]
        );
        for t in &d.toponyms {
            let slice: String = d.text.chars().skip(t.start).take(t.end - t.start).collect();
            assert_eq!(slice, t.text);
        }
        assert_eq!(d.toponyms[0].geonames_id, Some(2964574));
        assert_eq!(d.toponyms[0].point(), None);
        assert_eq!(d.toponyms[1].point(), None);
        assert_eq!(d.toponyms[2].point(), Some((51.8985, -8.4756)));
        assert_eq!(
            c.not_toponyms,
            BTreeMap::from([("Literal_Expression".into(), 1), ("Non_Toponym".into(), 1)])
        );
        assert_eq!(c.anomalies.len(), 1, "{:?}", c.anomalies);
        assert!(c.anomalies[0].message.contains("TITLE line; dropped"));
        assert_eq!(c.anomalies[0].line, Some(10));

        let mut c = c;
        let filled = c.fill_coordinates(&HashMap::from([(2964574, (53.35, -6.26))]));
        assert_eq!(filled, 1);
        assert_eq!(c.docs[0].toponyms[0].point(), Some((53.35, -6.26)));
    }

    #[test]
    fn brat_errors_and_anomalies() {
        let text = "Oslo és Bergen.";
        let err = read_brat("1", "1.ann", text, "T1\tLiteral 0 x\tOslo\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "1.ann:1: T1: offsets \"0 x\" are not \"start end\" numbers"
        );
        let err = read_brat("1", "1.ann", text, "\nT1\tLiteral 0 4\n").unwrap_err();
        assert!(err.to_string().starts_with("1.ann:2: "), "{err}");
        // Characters, not bytes: "Bergen" starts at character 8 after the two-byte "é".
        let ann = "T1\tLiteral 8 14\tBergen\nT2\tLiteral 0 5\tOslo\nT3\tLiteral 10 99\tx\n\
                   #1\tAnnotatorNotes T1\tsomewhere\n#2\tAnnotatorNotes T9\t1\n";
        let c = read_brat("1", "1.ann", text, ann).unwrap();
        assert_eq!(c.docs[0].toponyms.len(), 2);
        let messages: Vec<String> = c.anomalies.iter().map(|a| a.to_string()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("1.ann:2 (doc 1): T2: 0..5 is \"Oslo \", not \"Oslo\"; kept"));
        assert!(messages[1].contains("T3: 10..99 lies outside the text"));
        assert!(messages[2].contains("neither a GeoNames id nor"));
        assert!(messages[3].contains("a note on T9, which is not annotated"));
    }

    #[test]
    fn geonames_points() {
        let table = "# comment\n2643743\tLondon\tLondon\tLondres\t51.50853\t-0.12574\tP\tPPLC\n\n";
        let points = read_geonames_points("g.txt", table).unwrap();
        assert_eq!(points[&2643743], (51.50853, -0.12574));
        let err = read_geonames_points("g.txt", "1\tA\tA\t\t95\t0\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.txt:1: (95, 0) is not a latitude and longitude"
        );
        assert!(read_geonames_points("g.txt", "1\tA\n").is_err());
    }
}
