//! `wirewatch build …`: build the project's data files from outside sources.
//!
//! `build actors` turns the PETRARCH2 / Phoenix actor and agent dictionaries (Open Event Data
//! Alliance, MIT) into `data/actors/actors.tsv` and `data/actors/agents.tsv`, merging the
//! hand-kept `data/actors/actors_extra.tsv`. The output is sorted, so the same inputs always give
//! the same files. What each step keeps and drops is told in the files' headers and counted on
//! stderr. `build first-names` is in [`crate::first_names`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::Subcommand;

use wirewatch::extract::actors::{role_subtype, ACTOR_COLUMNS};

use crate::shared_data;

/// The build subcommands.
#[derive(Subcommand, Debug)]
pub enum BuildCommand {
    /// Actor and agent dictionaries from the PETRARCH2 / Phoenix dictionaries.
    ///
    /// Reads Phoenix.{Countries,International,MilNonState}.actors.txt and Phoenix.agents.txt
    /// from --petrarch and <out>/actors_extra.tsv; writes <out>/actors.tsv and <out>/agents.tsv.
    ///
    /// Example: wirewatch build actors   (reads ../shared/data/petrarch/dictionaries/, writes
    /// data/actors/)
    Actors {
        /// Folder with the PETRARCH dictionaries.
        #[arg(long, default_value_os_t = shared_data("petrarch/dictionaries"))]
        petrarch: PathBuf,
        /// Folder to write actors.tsv and agents.tsv to; actors_extra.tsv is read from here.
        #[arg(long, default_value = "data/actors")]
        out: PathBuf,
        /// People whose every dated role ended before this date are dropped.
        #[arg(long, default_value = "2000-01-01")]
        since: NaiveDate,
    },
    /// First names that tell a person's gender, for linking "he" and "she" to people.
    ///
    /// Reads the US Census 1990 first-name frequency files (dist.male.first and
    /// dist.female.first: name, percent, cumulative percent, rank; public domain) and keeps a
    /// name for one sex when 90% or more of its bearers are of it. scripts/build-first-names.sh
    /// fetches the files from the PyPI package names 0.3.0 and runs this.
    ///
    /// Example: wirewatch build first-names --male dist.male.first --female dist.female.first
    FirstNames {
        /// The male first names' frequency file.
        #[arg(long)]
        male: PathBuf,
        /// The female first names' frequency file.
        #[arg(long)]
        female: PathBuf,
        /// Names other languages give to the other sex, left out (one a line).
        #[arg(long, default_value = "data/lang/en/first_names_shared.txt")]
        shared: PathBuf,
        /// The table to write.
        #[arg(long, default_value = "data/lang/en/first_names.tsv")]
        out: PathBuf,
    },
}

/// Runs a build subcommand.
pub fn run(cmd: BuildCommand) -> Result<ExitCode> {
    match cmd {
        BuildCommand::Actors {
            petrarch,
            out,
            since,
        } => {
            let built = build_actors(&petrarch, &out, since)?;
            let actors = out.join("actors.tsv");
            let agents = out.join("agents.tsv");
            std::fs::write(&actors, &built.actors)
                .with_context(|| format!("cannot write {}", actors.display()))?;
            std::fs::write(&agents, &built.agents)
                .with_context(|| format!("cannot write {}", agents.display()))?;
            eprint!("{}", built.summary);
            eprintln!(
                "wrote {} ({} bytes) and {} ({} bytes)",
                actors.display(),
                built.actors.len(),
                agents.display(),
                built.agents.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        BuildCommand::FirstNames {
            male,
            female,
            shared,
            out,
        } => {
            let (table, [m, f, shared]) = crate::first_names::build(&male, &female, &shared)?;
            std::fs::write(&out, &table)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "wrote {} ({m} male, {f} female; {shared} shared names left out)",
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The files of one build and what it did.
pub struct Built {
    /// The text of actors.tsv.
    pub actors: String,
    /// The text of agents.tsv.
    pub agents: String,
    /// Counts for people, one per line.
    pub summary: String,
}

const ACTOR_FILES: [&str; 3] = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
];
const AGENT_FILE: &str = "Phoenix.agents.txt";

/// Entity types of the actors file.
pub const TYPES: [&str; 4] = ["PERSON", "ORG", "GPE", "NORP"];

/// Subtypes of the actors file: the loader's list, so that what the build writes the loader
/// reads.
pub use wirewatch::extract::actors::SUBTYPES;

/// CAMEO country codes that are not the ISO 3166-1 alpha-3 code of the country.
const CAMEO_TO_ISO3: [(&str, &str); 3] = [("KSV", "XKX"), ("TMP", "TLS"), ("USR", "SUN")];
/// CAMEO codes of fictional countries (the PETRARCH test world).
const FICTIONAL: [&str; 1] = ["KNT"];

// ------------------------------------------------------------------------------------------
// Reading the PETRARCH actor dictionaries

/// A code with its date restriction.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Code {
    code: String,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Code {
    fn dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

/// One record of an actor dictionary: a primary phrase, its synonyms, its codes.
#[derive(Clone, Debug, Default)]
struct Entry {
    file: usize,
    primary: String,
    synonyms: Vec<String>,
    codes: Vec<Code>,
    comment: String,
}

/// Counts of what was dropped and why, in the order first seen.
#[derive(Default)]
struct Tally {
    counts: BTreeMap<&'static str, usize>,
}

impl Tally {
    fn add(&mut self, reason: &'static str) {
        *self.counts.entry(reason).or_default() += 1;
    }
    fn total(&self) -> usize {
        self.counts.values().sum()
    }
}

/// A PETRARCH date, YYYYMMDD or YYMMDD (00–30 are 20YY, the rest 19YY).
fn petrarch_date(s: &str) -> Option<NaiveDate> {
    if !s.bytes().all(|b| b.is_ascii_digit()) || s.len() < 6 {
        return None;
    }
    let (y, rest) = if s.len() > 7 {
        (s[..4].parse::<i32>().ok()?, &s[4..8])
    } else {
        let yy: i32 = s[..2].parse().ok()?;
        (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..6])
    };
    NaiveDate::from_ymd_opt(y, rest[..2].parse().ok()?, rest[2..4].parse().ok()?)
}

/// `CODE`, `CODE >date`, `CODE <date`, `CODE date-date`.
fn parse_code(inner: &str) -> Option<Code> {
    let inner = inner.trim();
    let (code, rest) = match inner.split_once(char::is_whitespace) {
        Some((c, r)) => (c, r.trim()),
        None => (inner, ""),
    };
    if code.is_empty() {
        return None;
    }
    let mut c = Code {
        code: code.to_string(),
        from: None,
        to: None,
    };
    if rest.is_empty() {
        return Some(c);
    }
    if let Some(d) = rest.strip_prefix('>') {
        c.from = Some(petrarch_date(d.trim())?);
    } else if let Some(d) = rest.strip_prefix('<') {
        c.to = Some(petrarch_date(d.trim())?);
    } else if let Some((a, b)) = rest.split_once('-') {
        c.from = Some(petrarch_date(a.trim())?);
        c.to = Some(petrarch_date(b.trim())?);
        if c.to < c.from {
            return None;
        }
    } else {
        return None;
    }
    Some(c)
}

/// Every `[...]` of a line; `None` for a bracket that does not read.
fn brackets(s: &str) -> Vec<Option<Code>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('[') {
        let after = &rest[start + 1..];
        let end = after.find([']', '}']).unwrap_or(after.len());
        out.push(parse_code(&after[..end]));
        rest = &after[(end + 1).min(after.len())..];
    }
    out
}

/// Reads one actor dictionary. PETRARCH's rules, read leniently: a line that starts with a tab
/// holds codes (or, if a name comes before its bracket, is an entry of its own); `+` starts a
/// synonym; any other line starts an entry, with its default code, if any, after the name.
fn read_actor_file(file: usize, text: &str, tally: &mut Tally) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for raw in text.lines() {
        if raw.trim().is_empty() || raw.starts_with('#') || raw.trim_start().starts_with("<!") {
            continue;
        }
        let (body, comment) = raw.split_once('#').unwrap_or((raw, ""));
        let starts_indented = body.starts_with([' ', '\t']);
        let body = body.trim();
        if body.is_empty() {
            continue;
        }
        if let Some(syn) = body.strip_prefix('+') {
            match entries.last_mut() {
                Some(e) => e
                    .synonyms
                    .push(syn.split('[').next().unwrap_or("").to_string()),
                None => tally.add("synonym before any entry"),
            }
            continue;
        }
        let name = body.split('[').next().unwrap_or("").trim();
        let codes = brackets(body);
        for c in &codes {
            if c.is_none() {
                tally.add("code line that does not read (bad date)");
            }
        }
        let codes: Vec<Code> = codes.into_iter().flatten().collect();
        if starts_indented && name.is_empty() {
            match entries.last_mut() {
                Some(e) => e.codes.extend(codes),
                None => tally.add("code before any entry"),
            }
            continue;
        }
        entries.push(Entry {
            file,
            primary: name.to_string(),
            synonyms: Vec::new(),
            codes,
            comment: comment.to_string(),
        });
    }
    // PETRARCH gives an entry without codes the codes of the next entry that has some.
    let mut next: Option<Vec<Code>> = None;
    for e in entries.iter_mut().rev() {
        if e.codes.is_empty() {
            if let Some(codes) = &next {
                e.codes = codes.clone();
            }
        } else {
            next = Some(e.codes.clone());
        }
    }
    entries
}

/// What an entry's codes say now: an open-ended role (`>date`), else the last undated code,
/// else the role that ended last. Also the end of the last dated role, when no role is open.
fn current_code(codes: &[Code]) -> Option<(&str, Option<NaiveDate>)> {
    let last_end = codes.iter().filter_map(|c| c.to).max();
    let open = codes
        .iter()
        .filter(|c| c.from.is_some() && c.to.is_none())
        .max_by_key(|c| c.from);
    if let Some(c) = open {
        return Some((&c.code, None));
    }
    if let Some(c) = codes.iter().rev().find(|c| !c.dated()) {
        return Some((&c.code, last_end));
    }
    codes
        .iter()
        .filter(|c| c.to.is_some())
        .max_by_key(|c| c.to)
        .map(|c| (c.code.as_str(), last_end))
}

// ------------------------------------------------------------------------------------------
// Names: from PETRARCH's `AL-QAEDA_IN_IRAQ_` to text as written, `al-Qaeda in Iraq`

/// Words written in lower case inside a name (not at its start).
const PARTICLES: &[&str] = &[
    "of", "the", "and", "for", "in", "on", "at", "to", "by", "with", "de", "du", "des", "del",
    "della", "di", "da", "dos", "das", "la", "le", "les", "von", "van", "der", "den", "y", "e",
    "bin", "ibn", "al", "el", "ul",
];

/// Words that name an organisation, never a person.
const ORG_WORDS: &[&str] = &[
    "ARMY",
    "ARMIES",
    "FRONT",
    "BRIGADE",
    "BRIGADES",
    "MOVEMENT",
    "ORGANIZATION",
    "ORGANISATION",
    "PARTY",
    "GROUP",
    "GROUPS",
    "COUNCIL",
    "COMMITTEE",
    "FORCE",
    "FORCES",
    "MINISTRY",
    "UNION",
    "ASSOCIATION",
    "AGENCY",
    "BANK",
    "FUND",
    "COMMISSION",
    "NUCLEI",
    "NUCLEUS",
    "CELL",
    "CELLS",
    "MUJAHIDEEN",
    "BATTALION",
    "COMPANY",
    "CORPORATION",
    "CORP",
    "INC",
    "LTD",
    "INSTITUTE",
    "FOUNDATION",
    "UNIVERSITY",
    "SOCIETY",
    "LEAGUE",
    "ALLIANCE",
    "COALITION",
    "FEDERATION",
    "OFFICE",
    "DEPARTMENT",
    "BUREAU",
    "SERVICE",
    "SERVICES",
    "CENTER",
    "CENTRE",
    "TEAM",
    "CORPS",
    "COMMAND",
    "GUARD",
    "GUARDS",
    "POLICE",
    "MILITIA",
    "REBELS",
    "TRIBUNAL",
    "COURT",
    "ASSEMBLY",
    "PARLIAMENT",
    "CONGRESS",
    "SENATE",
    "GOVERNMENT",
    "AUTHORITY",
    "ADMINISTRATION",
    "NETWORK",
    "MISSION",
    "PROGRAM",
    "PROGRAMME",
    "NATIONS",
    "STATES",
    "REPUBLIC",
    "KINGDOM",
    "ISLANDS",
    "SYSTEMS",
    "INDUSTRIES",
    "INTERNATIONAL",
    "HOLDINGS",
    "NEWS",
    "TIMES",
    "CHURCH",
    "BOARD",
    "FACTION",
    "JIHAD",
    "COMMANDOS",
    "TIGERS",
    "COMMUNITY",
    "WATCH",
    "INITIATIVE",
    "CONFERENCE",
    "PROJECT",
    "SECRETARIAT",
    "TRUST",
    "COOPERATIVE",
    "CABINET",
    "STATE",
    "LEVANT",
    "REGIME",
];

/// Leading words that are a title, not part of a person's name.
const TITLES: &[&str] = &[
    "PRESIDENT",
    "PRIME",
    "MINISTER",
    "FOREIGN",
    "DEFENSE",
    "DEFENCE",
    "SECRETARY-GENERAL",
    "SECRETARY",
    "GENERAL",
    "GEN.",
    "KING",
    "QUEEN",
    "PRINCE",
    "CROWN",
    "ACTING",
    "DEPUTY",
    "VICE",
    "CHAIRMAN",
    "DR.",
    "MR.",
    "MRS.",
    "MS.",
    "SENATOR",
    "SEN.",
    "REP.",
    "GOVERNOR",
    "MAYOR",
    "COLONEL",
    "COL.",
    "CAPTAIN",
    "CAPT.",
    "ADMIRAL",
    "ADM.",
    "LT.",
    "MAJOR",
    "MAJ.",
    "FIELD",
    "MARSHAL",
    "CHANCELLOR",
    "SPEAKER",
    "AMBASSADOR",
    "ENVOY",
    "COMMANDER",
    "FORMER",
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'A' | 'E' | 'I' | 'O' | 'U')
}

/// Letters only, upper case.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect()
}

/// `U.N.`, `U.S.A.`, `U._S._` (already spaced out): letters each followed by a dot.
fn is_dotted_initials(w: &str) -> bool {
    let b: Vec<char> = w.chars().collect();
    b.len() >= 4 && b.len() % 2 == 0 && b.chunks(2).all(|p| p[0].is_alphabetic() && p[1] == '.')
}

fn title_part(p: &str, first: bool) -> String {
    let lower = p.to_lowercase();
    if !first && PARTICLES.contains(&lower.as_str()) {
        return lower;
    }
    if lower.len() > 2 && lower.starts_with("mc") {
        return format!("Mc{}", capitalise(&lower[2..]));
    }
    capitalise(&lower)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One word in title case: hyphenated parts each capitalised (`Al-Qaeda`, `Anti-Imperialist`),
/// after an apostrophe only when one letter comes before it (`O'Brien`, but `Children's`).
fn title_word(w: &str, first: bool) -> String {
    let mut out = String::new();
    for (k, part) in w.split('-').enumerate() {
        if k > 0 {
            out.push('-');
        }
        let mut segs = part.split('\'');
        let head = segs.next().unwrap_or("");
        let mut word = title_part(head, first && k == 0);
        for seg in segs {
            word.push('\'');
            if head.chars().count() == 1 {
                word.push_str(&capitalise(&seg.to_lowercase()));
            } else {
                word.push_str(&seg.to_lowercase());
            }
        }
        out.push_str(&word);
    }
    out
}

/// Acronyms inside people's names ("US President Barack Obama"); otherwise a short word of a
/// person's name is a name (Xi, Hu, Li).
const PERSON_ACRONYMS: &[&str] = &["US", "UN", "EU", "UK", "USA", "NATO", "CIA", "FBI"];

/// Kind of name, for casing: people's names never hold acronyms.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum NameKind {
    Person,
    Other,
}

/// Writes an upper-case PETRARCH phrase (underscores already spaces) as it appears in text.
fn case_name(upper: &str, kind: NameKind, acronyms: &HashSet<String>) -> String {
    let words: Vec<&str> = upper.split(' ').collect();
    let single = words.len() == 1;
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let alpha = w.chars().all(|c| c.is_ascii_alphabetic());
            let n = w.chars().count();
            if is_dotted_initials(w) {
                return w.to_string();
            }
            if i > 0 && matches!(*w, "II" | "III" | "IV" | "VI" | "VII" | "VIII") {
                return w.to_string();
            }
            if kind == NameKind::Person && PERSON_ACRONYMS.contains(w) {
                return w.to_string();
            }
            if kind == NameKind::Other && alpha {
                let no_vowel = n >= 2 && !w.chars().any(is_vowel);
                let short = n <= 2 && !PARTICLES.contains(&w.to_lowercase().as_str());
                if acronyms.contains(*w) || no_vowel || short || (single && n <= 3) {
                    return w.to_string();
                }
            }
            title_word(w, i == 0)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A PETRARCH phrase cleaned: underscores to spaces, no trailing underscores, one space between
/// words; a parenthesis split off (`ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_` → the name and `AAIA`).
/// `Err` names why the phrase is not usable.
fn clean_phrase(raw: &str) -> Result<(String, Option<String>), &'static str> {
    if raw
        .chars()
        .any(|c| c.is_control() && c != '\t' || c == '\u{FFFD}')
    {
        return Err("garbled name (control character)");
    }
    let spaced: String = raw.replace(['_', '\t'], " ");
    let mut name = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut paren = None;
    if let Some(open) = name.find('(') {
        let Some(close) = name[open..].find(')').map(|c| open + c) else {
            return Err("unbalanced parenthesis");
        };
        let inner = name[open + 1..close].trim().to_string();
        let rest = format!("{} {}", &name[..open], &name[close + 1..]);
        name = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        if is_acronym_of(&inner, &name) {
            paren = Some(inner);
        }
    }
    // "THE_UNITED_STATES", "THE_UN": the name without its article.
    if let Some(rest) = name.strip_prefix("THE ") {
        name = rest.to_string();
    }
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() >= 2
        && words
            .iter()
            .all(|w| w.trim_end_matches('.').chars().count() <= 1)
    {
        return Err("letters spaced out (U S A)");
    }
    if name.contains(['(', ')', '"', '`', '?', '!', '*', ']', '[', '+', ':']) {
        return Err("stray punctuation in name");
    }
    if name.contains(',') && name.split(',').skip(1).any(|p| !p.starts_with(' ')) {
        return Err("garbled name (comma inside a word)");
    }
    if name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return Err("name with fewer than two letters");
    }
    Ok((name, paren))
}

/// `inner` is an acronym of `name`: the initials of its words (all, or all but of/the/and), or
/// a short word with at most one vowel ("AAIA" of "ADEN ABYAN ISLAMIC ARMY", not "REPUBLIC").
fn is_acronym_of(inner: &str, name: &str) -> bool {
    let l = letters(inner);
    if l.len() < 2 || l.len() > 8 || l != inner.replace('.', "") {
        return false;
    }
    let ws: Vec<String> = name
        .split(' ')
        .map(letters)
        .filter(|w| !w.is_empty())
        .collect();
    let all: String = ws.iter().filter_map(|w| w.chars().next()).collect();
    let sig: String = ws
        .iter()
        .filter(|w| !["OF", "THE", "AND", "FOR", "IN", "ON"].contains(&w.as_str()))
        .filter_map(|w| w.chars().next())
        .collect();
    all == l || sig == l || (l.len() <= 5 && l.chars().filter(|c| is_vowel(*c)).count() <= 1)
}

// ------------------------------------------------------------------------------------------
// Countries: which synonyms name the country, which its people, which are places

/// Optimal string alignment distance (Levenshtein with transpositions).
fn osa(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

const NAME_FILLERS: &[&str] = &[
    "THE",
    "OF",
    "AND",
    "REPUBLIC",
    "STATE",
    "KINGDOM",
    "ISLAMIC",
    "DEMOCRATIC",
    "PEOPLES",
    "FEDERAL",
    "SOCIALIST",
    "FEDERATION",
    "COMMONWEALTH",
    "PRINCIPALITY",
    "GRAND",
    "DUCHY",
    "SULTANATE",
    "COUNTRY",
    "NATION",
    "ARAB",
    "COOPERATIVE",
    "PLURINATIONAL",
];
const DIRECTIONS: &[&str] = &[
    "NORTH", "SOUTH", "EAST", "WEST", "NORTHERN", "SOUTHERN", "EASTERN", "WESTERN", "CENTRAL",
];

fn significant(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .map(|w| letters(w))
        .filter(|w| !w.is_empty() && !NAME_FILLERS.contains(&w.as_str()))
        .collect()
}

/// How a synonym of a country relates to it.
#[derive(Debug, PartialEq, Eq)]
enum CountrySynonym {
    /// Another name of the country ("US", "Afganistan", "Republic of Georgia").
    Name,
    /// Anything else: cities, regions, rivers, nicknames, names in other languages.
    Other,
}

fn classify_country_synonym(syn: &str, names: &[String], spelling: bool) -> CountrySynonym {
    let words: Vec<&str> = syn.split(' ').collect();
    let sig = significant(&words);
    let syn_letters = letters(syn);
    if sig.is_empty() {
        return CountrySynonym::Other;
    }
    let directions = |ws: &[String]| -> Vec<String> {
        ws.iter()
            .filter(|w| DIRECTIONS.contains(&w.as_str()))
            .cloned()
            .collect()
    };
    for name in names {
        let nw: Vec<&str> = name.split(' ').collect();
        let nsig = significant(&nw);
        if nsig.is_empty() {
            continue;
        }
        // A run of the name's significant words ("America", "United States", "Republic of
        // Georgia"), with the same compass words ("Korea" is not "South Korea").
        if directions(&sig) == directions(&nsig) && nsig.windows(sig.len()).any(|w| w == sig) {
            return CountrySynonym::Name;
        }
        // Initials of a run of two or more words ("US", "USA", "U.S.A.").
        if syn_letters.len() >= 2
            && syn_letters.len() <= nsig.len()
            && (sig.len() == 1 || words.iter().all(|w| w.chars().count() <= 2))
        {
            let initials: String = nsig.iter().filter_map(|w| w.chars().next()).collect();
            if initials == syn_letters {
                return CountrySynonym::Name;
            }
        }
        // A spelling variant of the whole name or of its significant words.
        if spelling {
            for target in [letters(name), nsig.concat()] {
                let n = target.chars().count();
                let limit = if n > 8 { 2 } else { 1 };
                if n >= 4 && osa(&syn_letters, &target) <= limit {
                    return CountrySynonym::Name;
                }
            }
        }
    }
    CountrySynonym::Other
}

/// A one-word name of a country's people: the stem of a word of the country's name and a
/// demonym ending ("Afghan" of Afghanistan, "Georgian", "Pakistani", "Iraqi"), not a misspelling
/// of the name ("Afghansitan").
fn is_people_of(syn: &str, names: &[String]) -> bool {
    const SUFFIXES: [&str; 11] = [
        "AN", "ANS", "I", "IS", "ESE", "ISH", "IC", "CH", "SH", "IAN", "IANS",
    ];
    if syn.contains(' ') {
        return false;
    }
    let s = letters(syn);
    if !SUFFIXES.iter().any(|x| s.ends_with(x)) {
        return false;
    }
    names
        .iter()
        .flat_map(|n| n.split(' ').map(letters).collect::<Vec<_>>())
        .any(|w| {
            let n = w.chars().count();
            if n < 4 || s == w {
                return false;
            }
            let stem = w.trim_end_matches(['A', 'E', 'I', 'O', 'U', 'Y']);
            (s.starts_with(stem) && s.len() > stem.len() && s.len() <= w.len() + 4)
                || (w.starts_with(&s) && w.len() >= s.len() + 3)
        })
}

/// The plural of a people's name: "Afghan" → "Afghans", "Iraqi" → "Iraqis"; none for "Chinese",
/// "British", "French".
fn people_plural(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    (lower.ends_with("an") || lower.ends_with('i')).then(|| format!("{name}s"))
}

// ------------------------------------------------------------------------------------------
// Agents

/// One agent noun.
#[derive(Clone, Debug, PartialEq, Eq)]
struct AgentRow {
    noun: String,
    code: String,
    attach: &'static str,
}

/// The plural PETRARCH would form, with English's common exceptions: `-man` → `-men`, a vowel
/// before `-y` keeps it (`attorneys`), `-s`, `-sh`, `-ch`, `-x`, `-z` take `-es`.
fn agent_plural(noun: &str) -> String {
    // "minister of defence" → "ministers of defence": the head comes before of/for/in.
    for sep in [" of ", " for ", " in ", " on "] {
        if let Some((head, tail)) = noun.split_once(sep) {
            return format!("{}{sep}{tail}", agent_plural(head));
        }
    }
    let (head, last) = match noun.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), noun),
    };
    let plural = if let Some(stem) = last.strip_suffix("man") {
        format!("{stem}men")
    } else if let Some(stem) = last.strip_suffix('y') {
        if stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            format!("{last}s")
        } else {
            format!("{stem}ies")
        }
    } else if last.ends_with(['s', 'x', 'z']) || last.ends_with("sh") || last.ends_with("ch") {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    format!("{head}{plural}")
}

fn agent_phrase(p: &str) -> String {
    p.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reads Phoenix.agents.txt: `PHRASE {PLURAL} [~CODE]`, `!MARKER! = A, B` substitutions.
fn read_agents(text: &str, tally: &mut Tally) -> Vec<AgentRow> {
    let mut markers: HashMap<String, Vec<String>> = HashMap::new();
    let mut rows = Vec::new();
    for raw in text.lines() {
        if raw.trim().is_empty() || raw.starts_with('#') || raw.trim_start().starts_with("<!") {
            continue;
        }
        let body = raw.split('#').next().unwrap_or("").trim();
        if body.is_empty() {
            continue;
        }
        if body.starts_with('!') && body.contains('=') {
            let (m, list) = body.split_once('=').unwrap_or_default();
            markers.insert(
                m.trim().trim_matches('!').to_string(),
                list.split(',').map(|s| s.trim().to_string()).collect(),
            );
            continue;
        }
        let Some(open) = body.find('[') else {
            tally.add("agent without a code");
            continue;
        };
        let inner = &body[open + 1..];
        let code = inner
            .split([']', '}'])
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let (code, attach) = if let Some(c) = code.strip_prefix('~') {
            (c.to_string(), "after")
        } else if let Some(c) = code.strip_suffix('~') {
            (c.to_string(), "before")
        } else {
            tally.add("agent code without ~");
            continue;
        };
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_uppercase()) {
            tally.add("agent code that does not read");
            continue;
        }
        let head = &body[..open];
        let (phrase, plural) = match head.find('{') {
            Some(b) => {
                let p = head[b + 1..].split('}').next().unwrap_or("").trim();
                (&head[..b], Some(p))
            }
            None => (head, None),
        };
        let phrase = phrase.trim();
        let mut nouns = Vec::new();
        if let Some(start) = phrase.find('!') {
            let Some(len) = phrase[start + 1..].find('!') else {
                tally.add("agent with a broken substitution marker");
                continue;
            };
            let marker = &phrase[start + 1..start + 1 + len];
            let Some(subs) = markers.get(marker) else {
                tally.add("agent with an undefined substitution marker");
                continue;
            };
            for s in subs {
                let p = format!("{}{}{}", &phrase[..start], s, &phrase[start + 2 + len..]);
                nouns.push(agent_phrase(&p));
            }
        } else {
            let singular = agent_phrase(phrase);
            match plural {
                Some("") => {}
                Some(p) => nouns.push(agent_phrase(p)),
                None if singular.ends_with('.') => {}
                None => nouns.push(agent_plural(&singular)),
            }
            nouns.insert(0, singular);
        }
        for noun in nouns {
            if noun.chars().filter(|c| c.is_alphabetic()).count() < 2 {
                tally.add("agent noun with fewer than two letters");
                continue;
            }
            rows.push(AgentRow {
                noun,
                code: code.clone(),
                attach,
            });
        }
    }
    rows
}

// ------------------------------------------------------------------------------------------
// The hand-kept extras

/// One row of actors_extra.tsv.
#[derive(Clone, Debug)]
struct ExtraRow {
    line: usize,
    canonical: String,
    alias: String,
    typ: String,
    subtype: String,
    cameo: String,
    country: String,
    case: String,
}

/// The extras file's columns: the actors file's, without `ambiguous`.
const EXTRA_COLUMNS: &[&str] = ACTOR_COLUMNS.split_at(7).0;

fn read_extras(name: &str, text: &str) -> Result<Vec<ExtraRow>> {
    let mut rows = Vec::new();
    let mut header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = raw.split('\t').collect();
        if !header {
            if cells != EXTRA_COLUMNS {
                bail!("{name}:{line}: header is {cells:?}, expected {EXTRA_COLUMNS:?}");
            }
            header = true;
            continue;
        }
        if cells.len() != EXTRA_COLUMNS.len() {
            bail!(
                "{name}:{line}: {} tab-separated cells, expected {}",
                cells.len(),
                EXTRA_COLUMNS.len()
            );
        }
        if let Some(c) = cells.iter().find(|c| c.trim() != **c) {
            bail!("{name}:{line}: cell {c:?} has surrounding white space");
        }
        let row = ExtraRow {
            line,
            canonical: cells[0].into(),
            alias: cells[1].into(),
            typ: cells[2].into(),
            subtype: cells[3].into(),
            cameo: cells[4].into(),
            country: cells[5].into(),
            case: cells[6].into(),
        };
        if row.alias.is_empty() || row.canonical.is_empty() {
            bail!("{name}:{line}: canonical and alias must not be empty");
        }
        if row.typ == "DROP" {
            if !(row.subtype.is_empty() && row.cameo.is_empty() && row.country.is_empty()) {
                bail!("{name}:{line}: a DROP row has only canonical (or *) and alias");
            }
        } else {
            check_row(&row.typ, &row.subtype, &row.cameo, &row.country, &row.case)
                .map_err(|m| anyhow::anyhow!("{name}:{line}: {m}"))?;
        }
        rows.push(row);
    }
    if !header {
        bail!("{name}: no header row (expected {EXTRA_COLUMNS:?})");
    }
    Ok(rows)
}

/// The checks the loader makes on a row, so a bad extra fails the build, not the binary.
fn check_row(
    typ: &str,
    subtype: &str,
    cameo: &str,
    country: &str,
    case: &str,
) -> Result<(), String> {
    if !TYPES.contains(&typ) {
        return Err(format!(
            "type {typ:?} is not one of {} (or DROP)",
            TYPES.join(", ")
        ));
    }
    if !SUBTYPES.contains(&subtype) {
        return Err(format!(
            "subtype {subtype:?} is not one of {}",
            SUBTYPES.join(", ")
        ));
    }
    if !(cameo.is_empty()
        || (cameo.len() >= 3
            && cameo.len() % 3 == 0
            && cameo.chars().all(|c| c.is_ascii_uppercase())))
    {
        return Err(format!(
            "cameo {cameo:?} is not a CAMEO code (upper-case letters, 3, 6, 9…)"
        ));
    }
    if !(country.is_empty()
        || (country.len() == 3 && country.chars().all(|c| c.is_ascii_uppercase())))
    {
        return Err(format!(
            "country {country:?} is not an ISO 3166-1 alpha-3 code"
        ));
    }
    if !matches!(case, "exact" | "name") {
        return Err(format!("case {case:?} is not exact or name"));
    }
    Ok(())
}

// ------------------------------------------------------------------------------------------
// Building

/// One actor as it will be written.
#[derive(Clone, Debug)]
struct Actor {
    canonical: String,
    aliases: Vec<String>,
    typ: &'static str,
    subtype: &'static str,
    cameo: String,
    country: String,
    /// Aliases given explicit case hints (from the extras).
    cases: HashMap<String, String>,
    from_extra: bool,
}

fn merge_into_named(mut actors: Vec<Actor>, dropped: &mut Tally) -> Vec<Actor> {
    let mut owner: HashMap<(String, &'static str, String), usize> = HashMap::new();
    for (i, a) in actors.iter().enumerate() {
        for al in &a.aliases {
            if *al != a.canonical {
                owner
                    .entry((al.clone(), a.typ, a.country.clone()))
                    .or_insert(i);
            }
        }
    }
    let mut target: Vec<usize> = (0..actors.len()).collect();
    for (i, a) in actors.iter().enumerate() {
        if let Some(&j) = owner.get(&(a.canonical.clone(), a.typ, a.country.clone())) {
            if j != i && actors[j].canonical != a.canonical {
                target[i] = j;
            }
        }
    }
    // Follow chains, stopping at cycles.
    let resolve = |mut i: usize| {
        for _ in 0..8 {
            if target[i] == i {
                break;
            }
            i = target[i];
        }
        i
    };
    let finals: Vec<usize> = (0..actors.len()).map(resolve).collect();
    let mut moved: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, &t) in finals.iter().enumerate() {
        if t != i && finals[t] == t {
            moved.push((t, std::mem::take(&mut actors[i].aliases)));
            dropped.add("entry merged into the entry one of whose aliases is its name");
        }
    }
    for (t, aliases) in moved {
        for al in aliases {
            if !actors[t].aliases.contains(&al) {
                actors[t].aliases.push(al);
            }
        }
    }
    actors.retain(|a| !a.aliases.is_empty());
    actors
}

fn case_hint(alias: &str) -> &'static str {
    let n_letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    let has_lower = alias.chars().any(char::is_lowercase);
    if !has_lower || (!alias.contains(' ') && n_letters <= 4) {
        "exact"
    } else {
        "name"
    }
}

fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// Builds both files from the PETRARCH folder and `<out>/actors_extra.tsv`.
pub fn build_actors(petrarch: &Path, out: &Path, since: NaiveDate) -> Result<Built> {
    let read = |p: PathBuf| {
        std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))
    };
    let extra_path = out.join("actors_extra.tsv");
    let extras = read_extras(
        &extra_path.display().to_string(),
        &read(extra_path.clone())?,
    )?;
    let mut dropped = Tally::default();
    let mut agent_tally = Tally::default();

    // Agents first: their nouns are kinds of actors, not names of one.
    let agent_rows = read_agents(&read(petrarch.join(AGENT_FILE))?, &mut agent_tally);
    let mut agents: BTreeMap<String, AgentRow> = BTreeMap::new();
    for row in agent_rows {
        match agents.get(&row.noun) {
            Some(prev) if prev.code != row.code || prev.attach != row.attach => {
                agent_tally.add("agent noun listed again with another code (first kept)")
            }
            Some(_) => agent_tally.add("agent noun listed twice"),
            None => {
                agents.insert(row.noun.clone(), row);
            }
        }
    }

    let mut entries = Vec::new();
    let mut raw_names = 0usize;
    for (k, f) in ACTOR_FILES.iter().enumerate() {
        let es = read_actor_file(k, &read(petrarch.join(f))?, &mut dropped);
        raw_names += es.iter().map(|e| 1 + e.synonyms.len()).sum::<usize>();
        entries.extend(es);
    }
    let entry_count = entries.len();

    // Country codes: the bare codes of the Countries file's country entries.
    let mut countries: HashSet<String> = HashSet::new();
    for e in entries.iter().filter(|e| e.file == 0) {
        if let Some((code, _)) = current_code(&e.codes) {
            if code.len() == 3 && !FICTIONAL.contains(&code) {
                countries.insert(code.to_string());
            }
        }
    }
    for (cameo, _) in CAMEO_TO_ISO3 {
        countries.insert(cameo.to_string());
    }
    let iso3 = |cameo: &str| -> String {
        let prefix = cameo.get(..3).unwrap_or("");
        if !countries.contains(prefix) {
            return String::new();
        }
        CAMEO_TO_ISO3
            .iter()
            .find(|(c, _)| *c == prefix)
            .map_or(prefix.to_string(), |(_, iso)| iso.to_string())
    };

    // Acronyms: names in parentheses, and one-word names that are the initials of a longer name
    // of the same entry ("NATO", "IAEA", "CIA").
    let mut acronyms: HashSet<String> = HashSet::new();
    for e in &entries {
        let names: Vec<String> = std::iter::once(&e.primary)
            .chain(&e.synonyms)
            .filter_map(|n| clean_phrase(n).ok())
            .flat_map(|(n, p)| {
                if let Some(p) = &p {
                    acronyms.insert(p.clone());
                }
                std::iter::once(n).chain(p)
            })
            .collect();
        for n in names.iter().filter(|n| !n.contains(' ')) {
            let l = letters(n);
            if l.len() < 2 || l.len() > 6 {
                continue;
            }
            let is_initials = names.iter().filter(|m| m.contains(' ')).any(|m| {
                let ws: Vec<&str> = m.split(' ').collect();
                let all: String = ws
                    .iter()
                    .filter_map(|w| letters(w).chars().next())
                    .collect();
                let sig: String = ws
                    .iter()
                    .map(|w| letters(w))
                    .filter(|w| !["OF", "THE", "AND", "FOR", "IN", "ON"].contains(&w.as_str()))
                    .filter_map(|w| w.chars().next())
                    .collect();
                all == l || sig == l
            });
            if is_initials {
                acronyms.insert(n.to_string());
            }
        }
    }

    // Extras: who claims which alias.
    let mut extra_actors: BTreeMap<String, Actor> = BTreeMap::new();
    let mut claimed: HashSet<String> = HashSet::new();
    let mut drops_any: HashSet<String> = HashSet::new();
    let mut drops_from: HashSet<(String, String)> = HashSet::new();
    for r in &extras {
        if r.typ == "DROP" {
            if r.canonical == "*" {
                drops_any.insert(fold(&r.alias));
            } else {
                drops_from.insert((r.canonical.clone(), fold(&r.alias)));
            }
            continue;
        }
        claimed.insert(fold(&r.alias));
        let typ = TYPES
            .iter()
            .find(|t| **t == r.typ)
            .copied()
            .unwrap_or("ORG");
        let subtype = SUBTYPES
            .iter()
            .find(|t| **t == r.subtype)
            .copied()
            .unwrap_or("other");
        let a = extra_actors
            .entry(r.canonical.clone())
            .or_insert_with(|| Actor {
                canonical: r.canonical.clone(),
                aliases: Vec::new(),
                typ,
                subtype,
                cameo: r.cameo.clone(),
                country: r.country.clone(),
                cases: HashMap::new(),
                from_extra: true,
            });
        if a.typ != typ || a.subtype != subtype || a.cameo != r.cameo || a.country != r.country {
            bail!(
                "actors_extra.tsv:{}: {} has another type, subtype, cameo or country on an \
                 earlier line",
                r.line,
                r.canonical
            );
        }
        if a.aliases.contains(&r.alias) {
            bail!(
                "actors_extra.tsv:{}: alias {:?} is listed twice for {}",
                r.line,
                r.alias,
                r.canonical
            );
        }
        a.aliases.push(r.alias.clone());
        a.cases.insert(r.alias.clone(), r.case.clone());
    }
    let agent_nouns: HashSet<String> = agents.keys().cloned().collect();

    // PETRARCH entries to actors.
    let mut drafts: Vec<Actor> = Vec::new();
    let mut seen_country: HashSet<String> = HashSet::new();
    let mut people_of: BTreeMap<String, Actor> = BTreeMap::new();
    for e in &entries {
        let Some((code, last_end)) = current_code(&e.codes) else {
            dropped.add("entry without any code");
            continue;
        };
        if code == "---" {
            dropped.add("entry with PETRARCH's null code [---]");
            continue;
        }
        if !code.chars().all(|c| c.is_ascii_uppercase()) || code.len() % 3 != 0 {
            dropped.add("entry whose code is not a CAMEO code");
            continue;
        }
        if FICTIONAL.contains(&code.get(..3).unwrap_or("")) {
            dropped.add("entry of a fictional country (Kinakuta)");
            continue;
        }
        let (primary, paren) = match clean_phrase(&e.primary) {
            Ok(x) => x,
            Err(why) => {
                dropped.add(why);
                continue;
            }
        };
        let mut names: Vec<String> = vec![primary.clone()];
        names.extend(paren);
        for s in &e.synonyms {
            match clean_phrase(s) {
                Ok((n, p)) => {
                    names.push(n);
                    names.extend(p);
                }
                Err(why) => dropped.add(why),
            }
        }
        let org_word = primary
            .split(' ')
            .any(|w| ORG_WORDS.contains(&letters(w).as_str()));
        let prefix = code.get(..3).unwrap_or("");
        let roles: Vec<&str> = (3..code.len())
            .step_by(3)
            .map(|i| &code[i..i + 3])
            .collect();
        // The first entry of the Countries file with a bare country code is the country; a
        // later one (Mayotte [FRA], Iraqi Kurdistan [IRQ]) or a country code with a place code
        // (American Samoa [USAASM]) is a territory.
        let bare = e.file == 0 && roles.is_empty() && countries.contains(prefix);
        let is_country = bare && seen_country.insert(prefix.to_string());
        let is_territory = !is_country
            && e.file == 0
            && countries.contains(prefix)
            && (bare || (roles.len() == 1 && role_subtype(roles[0]).is_none()));
        let titled = names.iter().any(|n| {
            let ws: Vec<&str> = n.split(' ').collect();
            ws.len() >= 2
                && TITLES.contains(&ws[0])
                && !ws.iter().any(|w| matches!(*w, "OF" | "THE"))
        });
        // Dated roles mark people in the Countries and International files (CountryInfo,
        // IGO rulers); in MilNonState groups have dates too.
        let person_signal = (e.file < 2 && e.codes.iter().any(Code::dated))
            || e.comment.contains("CountryInfo")
            || e.comment.contains("IGOrulers")
            || (e.file == 2 && e.primary.trim_end().ends_with("__"))
            || titled;
        let is_person = !is_country && !is_territory && person_signal && !org_word;
        if is_person {
            if let Some(end) = last_end {
                if e.codes.iter().any(Code::dated) && end < since {
                    dropped.add("person whose every dated role ended before --since");
                    continue;
                }
            }
        }
        let kind = if is_person {
            NameKind::Person
        } else {
            NameKind::Other
        };
        let country = iso3(code);
        let (typ, subtype): (&'static str, &'static str) = if is_country {
            ("GPE", "country")
        } else if is_territory {
            ("GPE", "territory")
        } else if is_person {
            ("PERSON", "person")
        } else {
            // The first three letters that are a role: IGOUNO → igo, USAGOVLEG → government,
            // MED → media.
            let first = (0..code.len())
                .step_by(3)
                .map(|i| (i, &code[i..i + 3]))
                .filter(|(i, t)| *i > 0 || !countries.contains(*t))
                .find_map(|(_, t)| role_subtype(t));
            ("ORG", first.unwrap_or("other"))
        };
        // Countries keep only the synonyms that name them; their people become a NORP actor.
        let mut people: Vec<String> = Vec::new();
        let kept: Vec<String> = if is_country || is_territory {
            let mut pending: Vec<String> = names[1..].to_vec();
            let mut accepted = vec![primary.clone()];
            // Word runs and initials first, growing the set ("America", then "US"), then
            // spelling variants of those, then the names of the people.
            loop {
                let before = accepted.len();
                pending.retain(|s| {
                    if classify_country_synonym(s, &accepted, false) == CountrySynonym::Name {
                        accepted.push(s.clone());
                        false
                    } else {
                        true
                    }
                });
                if accepted.len() == before {
                    break;
                }
            }
            let words_and_initials = accepted.clone();
            pending.retain(|s| {
                if is_people_of(s, &words_and_initials) {
                    people.push(s.clone());
                    false
                } else {
                    true
                }
            });
            pending.retain(|s| {
                if classify_country_synonym(s, &words_and_initials, true) == CountrySynonym::Name {
                    accepted.push(s.clone());
                    false
                } else {
                    true
                }
            });
            for _ in pending {
                dropped.add(
                    "synonym of a country that is a place or another kind of name (city, \
                     region, river, nickname, foreign name)",
                );
            }
            accepted
        } else {
            names
        };
        let mut cased: Vec<String> = Vec::new();
        for n in kept {
            // "Bush Administration", "Assad Regime" name a government, not the person.
            if is_person
                && n.split(' ')
                    .any(|w| ORG_WORDS.contains(&letters(w).as_str()))
            {
                dropped.add("alias of a person that names an organisation (Bush Administration)");
                continue;
            }
            let c = case_name(&n, kind, &acronyms);
            if !cased.contains(&c) {
                cased.push(c);
            }
        }
        if cased.is_empty() {
            dropped.add("entry left with no alias");
            continue;
        }
        // A person's canonical name is their name without a leading title.
        let mut canonical = cased[0].clone();
        if is_person {
            let ws: Vec<&str> = primary.split(' ').collect();
            let lead = ws.iter().take_while(|w| TITLES.contains(w)).count();
            if lead > 0 && ws.len() - lead >= 2 {
                canonical = case_name(&ws[lead..].join(" "), kind, &acronyms);
                if !cased.contains(&canonical) {
                    cased.push(canonical.clone());
                }
            }
        }
        drafts.push(Actor {
            canonical: canonical.clone(),
            aliases: cased,
            typ,
            subtype,
            cameo: code.to_string(),
            country: country.clone(),
            cases: HashMap::new(),
            from_extra: false,
        });
        if is_country && !people.is_empty() {
            let mut cased: Vec<String> = Vec::new();
            for p in &people {
                let c = case_name(p, NameKind::Other, &acronyms);
                for form in std::iter::once(c.clone()).chain(people_plural(&c)) {
                    if !cased.contains(&form) {
                        cased.push(form);
                    }
                }
            }
            // The singular name first: "Afghan", not "Afghans".
            cased.sort_by_key(|c| c.len());
            let canon = cased[0].clone();
            let p = people_of.entry(canon.clone()).or_insert_with(|| Actor {
                canonical: canon,
                aliases: Vec::new(),
                typ: "NORP",
                subtype: "nationality",
                cameo: code.to_string(),
                country: country.clone(),
                cases: HashMap::new(),
                from_extra: false,
            });
            for c in cased {
                if !p.aliases.contains(&c) {
                    p.aliases.push(c);
                }
            }
        }
    }
    drafts.extend(people_of.into_values());

    // Claims and drops, generic words; an entry whose own name is claimed goes whole.
    let mut actors: Vec<Actor> = Vec::new();
    for mut a in drafts {
        if claimed.contains(&fold(&a.canonical)) {
            dropped.add(
                "entry whose name an actor of actors_extra.tsv claims (the extra replaces it)",
            );
            continue;
        }
        a.aliases.retain(|al| {
            let f = fold(al);
            if claimed.contains(&f) {
                dropped.add("alias claimed by actors_extra.tsv");
                false
            } else if drops_any.contains(&f)
                || drops_from.contains(&(a.canonical.clone(), f.clone()))
            {
                dropped.add("alias dropped by actors_extra.tsv");
                false
            } else if agent_nouns.contains(&f) {
                dropped.add("alias that is an agent noun (a kind of actor, not a name)");
                false
            } else {
                true
            }
        });
        if a.aliases.is_empty() {
            dropped.add("entry left with no alias");
            continue;
        }
        if !a.aliases.contains(&a.canonical) {
            a.canonical = a.aliases[0].clone();
        }
        actors.push(a);
    }

    // An entry whose name is an alias of another entry of the same kind and country is that
    // entry under another name ("K. Annan", "Geir Haarde"): it merges into it.
    let actors = merge_into_named(actors, &mut dropped);

    // One actor per canonical name: entries of the same name and kind merge; people of the same
    // name in different countries are different people, so the name is dropped.
    let mut by_name: BTreeMap<String, Vec<Actor>> = BTreeMap::new();
    for a in actors {
        by_name.entry(a.canonical.clone()).or_default().push(a);
    }
    let mut merged: Vec<Actor> = Vec::new();
    for (name, group) in by_name {
        if extra_actors.contains_key(&name) {
            dropped.add("entry with the name of an actor of actors_extra.tsv");
            continue;
        }
        let first = &group[0];
        let same = group
            .iter()
            .all(|a| a.typ == first.typ && a.country == first.country);
        if !same && first.typ == "PERSON" {
            for _ in &group {
                dropped.add("person whose name is shared by people of different countries");
            }
            continue;
        }
        let mut it = group.into_iter();
        let mut base = it.next().expect("a group has an actor");
        for other in it {
            if other.typ != base.typ || other.country != base.country {
                dropped.add("entry with the name of an earlier entry of another kind (first kept)");
                continue;
            }
            dropped.add("entry merged into an earlier entry of the same name");
            for al in other.aliases {
                if !base.aliases.contains(&al) {
                    base.aliases.push(al);
                }
            }
        }
        merged.push(base);
    }
    merged.extend(extra_actors.into_values());

    // Rows, ambiguity, sorting.
    let mut owners: HashMap<String, BTreeSet<String>> = HashMap::new();
    for a in &merged {
        for al in &a.aliases {
            owners
                .entry(al.clone())
                .or_default()
                .insert(a.canonical.clone());
        }
    }
    let mut rows: Vec<[String; 8]> = Vec::new();
    for a in &merged {
        let mut aliases = a.aliases.clone();
        aliases.sort();
        aliases.dedup();
        // The canonical name first.
        if let Some(pos) = aliases.iter().position(|x| *x == a.canonical) {
            let c = aliases.remove(pos);
            aliases.insert(0, c);
        }
        for al in aliases {
            let case = a
                .cases
                .get(&al)
                .cloned()
                .unwrap_or_else(|| case_hint(&al).to_string());
            let ambiguous = if owners[&al].len() > 1 { "yes" } else { "" };
            rows.push([
                a.canonical.clone(),
                al,
                a.typ.to_string(),
                a.subtype.to_string(),
                a.cameo.clone(),
                a.country.clone(),
                case,
                ambiguous.to_string(),
            ]);
        }
    }
    // Sorted by canonical, each actor's rows together (canonical row first, as pushed).
    rows.sort_by(|x, y| {
        x[0].cmp(&y[0])
            .then_with(|| (x[1] != x[0]).cmp(&(y[1] != y[0])))
            .then_with(|| x[1].cmp(&y[1]))
    });

    let n_actors = merged.len();
    let n_extra = merged.iter().filter(|a| a.from_extra).count();
    let n_ambiguous = owners.values().filter(|o| o.len() > 1).count();
    let mut by_type: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for a in &merged {
        *by_type.entry((a.typ, a.subtype)).or_default() += 1;
    }

    let mut actors_text = String::from(
        ACTORS_HEADER
            .replace("{since}", &since.to_string())
            .as_str(),
    );
    actors_text.push_str("canonical\talias\ttype\tsubtype\tcameo\tcountry\tcase\tambiguous\n");
    for r in &rows {
        actors_text.push_str(&r.join("\t"));
        actors_text.push('\n');
    }
    let mut agents_text = String::from(AGENTS_HEADER);
    agents_text.push_str("noun\tcode\tattach\n");
    for a in agents.values() {
        agents_text.push_str(&format!("{}\t{}\t{}\n", a.noun, a.code, a.attach));
    }

    let mut summary = String::new();
    summary.push_str(&format!(
        "read {entry_count} PETRARCH actor entries ({raw_names} names) from {}\n",
        petrarch.display()
    ));
    summary.push_str(&format!(
        "actors: {n_actors} ({n_extra} from actors_extra.tsv), {} aliases, {n_ambiguous} \
         ambiguous aliases\n",
        rows.len()
    ));
    for ((t, s), n) in &by_type {
        summary.push_str(&format!("  {t:<6} {s:<12} {n}\n"));
    }
    summary.push_str(&format!(
        "dropped ({} names or entries):\n",
        dropped.total()
    ));
    for (why, n) in &dropped.counts {
        summary.push_str(&format!("  {n:>6}  {why}\n"));
    }
    summary.push_str(&format!("agents: {} nouns\n", agents.len()));
    for (why, n) in &agent_tally.counts {
        summary.push_str(&format!("  {n:>6}  {why}\n"));
    }
    Ok(Built {
        actors: actors_text,
        agents: agents_text,
        summary,
    })
}

const ACTORS_HEADER: &str = "\
# wirewatch: actors named in news (people, organisations, countries and their peoples),
# with their CAMEO actor codes, for the entities layer.
# Licence: MIT. Derived from the PETRARCH2 / Phoenix dictionaries, Open Event Data Alliance
# (Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
# Phoenix.MilNonState.actors.txt; Copyright (c) 2014 Open Event Data Alliance, MIT licence),
# merged with data/actors/actors_extra.tsv (public facts, written for wirewatch).
# GENERATED by `wirewatch build actors` (crates/cli/src/build.rs): do not edit by hand; fix
# actors_extra.tsv or the build and run it again.
#
# Format: UTF-8, TAB-separated, one alias per line; lines starting with '#' are comments; the
# first other line is the header row. Rows are sorted by canonical name, each actor's own name
# first. Empty cells are empty strings (lines may end in TABs: split, don't trim).
#   canonical  the actor's name; unique per actor, and one of its aliases
#   alias      a form under which the actor is named in text
#   type       PERSON | ORG | GPE | NORP
#   subtype    person; country, territory (GPE); nationality (NORP); for ORG from the first
#              CAMEO role: government, legislature, judiciary, military, police, intelligence,
#              party, opposition (also RAD, MOD), armed_group (REB, INS, SEP, UAF, IMG), igo,
#              ngo (also NGM, HRI), media, business (MNC, BUS), education, religious, health,
#              labour, civilian, criminal, elite, other
#   cameo      the CAMEO actor code (USAGOV, IGOUNO, AFGREB, IMGMUSALQ)
#   country    ISO 3166-1 alpha-3 of the code's country (CAMEO's codes, with KSV -> XKX,
#              TMP -> TLS, USR -> SUN; withdrawn codes such as YUG, DDR, CSK stay); empty for
#              international and regional codes
#   case       exact: match only as written (acronyms: US, UN, IS, NATO);
#              name: also match in capitals or with other capital letters, as long as every
#              word but a particle (of, the, al, bin...) starts upper-case (Al-Qaeda, al-Qaeda,
#              AL-QAEDA; not 'al qaeda')
#   ambiguous  yes when the alias names more than one actor: every such row says so, and a
#              lookup returns all candidates and leaves the choice to context; empty otherwise
#
# How it is made (PETRARCH's actor format: a phrase, '+' synonyms, tab-indented [CODE date]
# lines, dates YYMMDD or YYYYMMDD, <, > or from-to):
# - An entry's code is its open-ended role (>date), else its last undated code, else the role
#   that ended last. An entry with no code takes the next entry's codes, as PETRARCH does.
# - People (an entry with dated roles, from CountryInfo or IGOrulers, a titled name, or a
#   MilNonState '__' name; never one with an organisation word such as Army or Party) keep
#   their latest code. A person whose every dated role ended before {since} is dropped
#   (historical office-holders). A person's canonical name drops a leading title.
# - Countries keep only synonyms that name the country (word runs of its name, initials such
#   as US and USA, spelling variants). Names of their people (Afghan, Americans) become a NORP
#   actor with the country's code. Cities, regions, rivers, nicknames and foreign names, which
#   PETRARCH codes as the country, are dropped: they are places, not names of the actor.
# - Names are turned from PETRARCH's capitals into text case: words in title case, particles
#   (of, the, al, bin) lower case inside a name, acronyms (initials of a longer name of the
#   same entry, names in parentheses, short one-word names of organisations, words without
#   vowels, dotted initials) in capitals.
# - Dropped: aliases that are agent nouns (police, senate: kinds of actors, see agents.tsv);
#   garbled names; PETRARCH's null code [---]; the fictional country Kinakuta; a person name
#   shared by people of different countries. Entries of the same name and kind merge.
# - actors_extra.tsv wins: an alias it lists belongs only to its actors there; a PETRARCH entry
#   whose name it lists is replaced whole; its DROP rows remove aliases.
";

const AGENTS_HEADER: &str = "\
# wirewatch: agent nouns, words that name a kind of actor rather than one (police, border
# guards, rebels, spokesman), with their CAMEO agent code.
# Licence: MIT. Derived from Phoenix.agents.txt of the PETRARCH2 / Phoenix dictionaries, Open
# Event Data Alliance (Copyright (c) 2014 Open Event Data Alliance, MIT licence).
# GENERATED by `wirewatch build actors` (crates/cli/src/build.rs): do not edit by hand.
#
# Format: UTF-8, TAB-separated; lines starting with '#' are comments; the first other line is
# the header row; sorted by noun.
#   noun    the noun phrase in lower case, singular and plural forms each on their own line
#           (match it in any letter case)
#   code    the CAMEO agent code (COP, MIL, REB, GOV, GOVMED, NGO...)
#   attach  after: the code follows the actor's code ('Afghan police' -> AFG + COP = AFGCOP);
#           before: it comes first ('human rights activists' -> NGO + the actor's code)
#
# How it is made: PETRARCH's `PHRASE {PLURAL} [~CODE]` lines; '_' and ' ' both become a space
# (PETRARCH lets other words come between blank-separated words; here the phrase is
# contiguous). Plurals as PETRARCH forms them ({} for none, {X} for an irregular one, else
# +s, -y -> -ies, -ss -> -sses), with English's exceptions: -man -> -men, a vowel before -y
# keeps it, -s, -x, -z, -sh, -ch take -es, the head before of/for/in/on takes the plural
# (ministers of defence); none for an abbreviation (1st Lt.). !PERSON! and !MINIST! markers are expanded. A noun
# listed twice keeps its first code.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_codes() {
        assert_eq!(
            petrarch_date("090120"),
            NaiveDate::from_ymd_opt(2009, 1, 20)
        );
        assert_eq!(
            petrarch_date("510724"),
            NaiveDate::from_ymd_opt(1951, 7, 24)
        );
        assert_eq!(
            petrarch_date("19411207"),
            NaiveDate::from_ymd_opt(1941, 12, 7)
        );
        assert_eq!(petrarch_date("20100931"), None);
        let c = parse_code("AFGGOV >011222").unwrap();
        assert_eq!(c.from, NaiveDate::from_ymd_opt(2001, 12, 22));
        let codes = vec![
            parse_code("AFGELI 750101-000101").unwrap(),
            parse_code("AFGGOV >011222").unwrap(),
            parse_code("AFGELI").unwrap(),
        ];
        assert_eq!(current_code(&codes).unwrap().0, "AFGGOV");
        let old = vec![
            parse_code("USAELI 19000101-330304").unwrap(),
            parse_code("USAGOV 330304-450412").unwrap(),
        ];
        let (code, end) = current_code(&old).unwrap();
        assert_eq!(
            (code, end),
            ("USAGOV", NaiveDate::from_ymd_opt(1945, 4, 12))
        );
    }

    #[test]
    fn names_are_cased_as_in_text() {
        let acr: HashSet<String> = ["NATO".to_string()].into_iter().collect();
        let o = NameKind::Other;
        assert_eq!(case_name("AL-QAEDA IN IRAQ", o, &acr), "Al-Qaeda in Iraq");
        assert_eq!(
            case_name("U.S. STATE DEPARTMENT", o, &acr),
            "U.S. State Department"
        );
        assert_eq!(case_name("US CONGRESS", o, &acr), "US Congress");
        assert_eq!(case_name("NATO", o, &acr), "NATO");
        assert_eq!(case_name("CIA", o, &acr), "CIA");
        assert_eq!(
            case_name("UNITED NATIONS CHILDREN'S FUND", o, &acr),
            "United Nations Children's Fund"
        );
        let p = NameKind::Person;
        assert_eq!(case_name("OSAMA BIN LADEN", p, &acr), "Osama bin Laden");
        assert_eq!(
            case_name("MIGUEL D'ESCOTO BROCKMANN", p, &acr),
            "Miguel D'Escoto Brockmann"
        );
        assert_eq!(case_name("JOHN MCCAIN", p, &acr), "John McCain");
        assert_eq!(
            clean_phrase("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_").unwrap(),
            ("ADEN ABYAN ISLAMIC ARMY".into(), Some("AAIA".into()))
        );
        assert!(clean_phrase("U,S,_").is_err());
        assert!(clean_phrase("TIRUCHIR\0PPALLI_").is_err());
    }

    #[test]
    fn country_synonyms() {
        let usa = vec!["UNITED STATES OF AMERICA".to_string()];
        assert_eq!(
            classify_country_synonym("AMERICA", &usa, false),
            CountrySynonym::Name
        );
        // Initials of a whole name: "U.S." once "United States" is known.
        assert_eq!(
            classify_country_synonym("U.S.", &usa, false),
            CountrySynonym::Other
        );
        let with_us = vec![usa[0].clone(), "UNITED STATES".to_string()];
        assert_eq!(
            classify_country_synonym("U.S.", &with_us, false),
            CountrySynonym::Name
        );
        assert_eq!(
            classify_country_synonym("USA", &usa, false),
            CountrySynonym::Name
        );
        assert_eq!(
            classify_country_synonym("NEW YORK", &usa, false),
            CountrySynonym::Other
        );
        let with_america = vec![usa[0].clone(), "AMERICA".to_string()];
        assert!(is_people_of("AMERICAN", &with_america));
        let afg = vec!["AFGHANISTAN".to_string()];
        assert_eq!(
            classify_country_synonym("AFGANISTAN", &afg, true),
            CountrySynonym::Name
        );
        assert_eq!(
            classify_country_synonym("AFGHANSITAN", &afg, true),
            CountrySynonym::Name
        );
        assert!(is_people_of("AFGHAN", &afg));
        assert!(is_people_of("AFGHANI", &afg));
        assert!(!is_people_of("AFGHANSITAN", &afg));
        assert_eq!(
            classify_country_synonym("KABUL", &afg, false),
            CountrySynonym::Other
        );
        let geo = vec!["GEORGIA".to_string()];
        assert_eq!(
            classify_country_synonym("WESTERN GEORGIA", &geo, false),
            CountrySynonym::Other
        );
        assert_eq!(
            classify_country_synonym("REPUBLIC OF GEORGIA", &geo, false),
            CountrySynonym::Name
        );
    }

    #[test]
    fn agents_and_plurals() {
        assert_eq!(agent_plural("policeman"), "policemen");
        assert_eq!(agent_plural("attorney"), "attorneys");
        assert_eq!(agent_plural("militia"), "militias");
        assert_eq!(
            agent_plural("border patrol agency"),
            "border patrol agencies"
        );
        assert_eq!(agent_plural("witness"), "witnesses");
        assert_eq!(agent_plural("minister of defence"), "ministers of defence");
        let mut t = Tally::default();
        let rows = read_agents(
            "!PERSON! = MAN, MEN\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [~COP] # x\nAIR_FORCE {AIR_FORCES} [~MIL]\nACTIVIST [NGM~]\nODD\n",
            &mut t,
        );
        let nouns: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r.noun.as_str(), r.code.as_str(), r.attach))
            .collect();
        assert_eq!(
            nouns,
            [
                ("congressman", "LEG", "after"),
                ("congressmen", "LEG", "after"),
                ("police", "COP", "after"),
                ("air force", "MIL", "after"),
                ("air forces", "MIL", "after"),
                ("activist", "NGM", "before"),
                ("activists", "NGM", "before"),
            ]
        );
        assert_eq!(t.total(), 1);
    }
}
