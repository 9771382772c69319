//! The actor dictionaries: named actors (people, organisations, countries and their peoples)
//! with their CAMEO codes, and agent nouns ("police", "rebels") with their CAMEO agent codes.
//!
//! Both files are built by `wirewatch build actors` from the PETRARCH2 / Phoenix dictionaries
//! plus `data/actors/actors_extra.tsv`; their headers document the format.
//!
//! ```
//! use wirewatch_extract::actors::{ActorDictionary, ActorType, ACTORS};
//!
//! let dict = ActorDictionary::parse(ACTORS, |s| s.split(' ').map(String::from).collect()).unwrap();
//! let is = dict.get("Daesh").unwrap();
//! assert_eq!(is.canonical, "Islamic State");
//! assert_eq!(is.kind, ActorType::Org);
//! assert_eq!(is.cameo.as_deref(), Some("IMGMUSISI"));
//! ```

use std::collections::{HashMap, HashSet};

use wirewatch_nlp::data::{read_tsv, DataError};
use wirewatch_nlp::{data_file, DataFile};

/// Named actors, one alias a line.
pub const ACTORS: DataFile = data_file!("data/actors/actors.tsv");
/// Agent nouns.
pub const AGENTS: DataFile = data_file!("data/actors/agents.tsv");

/// The columns of the actors file.
pub const ACTOR_COLUMNS: [&str; 8] = [
    "canonical",
    "alias",
    "type",
    "subtype",
    "cameo",
    "country",
    "case",
    "ambiguous",
];

/// The subtypes an actor may have.
pub const SUBTYPES: [&str; 25] = [
    "person",
    "country",
    "territory",
    "nationality",
    "government",
    "legislature",
    "judiciary",
    "military",
    "police",
    "intelligence",
    "party",
    "opposition",
    "armed_group",
    "igo",
    "ngo",
    "media",
    "business",
    "education",
    "religious",
    "health",
    "labour",
    "civilian",
    "criminal",
    "elite",
    "other",
];

/// The subtype a CAMEO role code gives an organisation.
pub fn role_subtype(role: &str) -> Option<&'static str> {
    Some(match role {
        "GOV" => "government",
        "LEG" => "legislature",
        "JUD" => "judiciary",
        "MIL" => "military",
        "COP" => "police",
        "SPY" => "intelligence",
        "PTY" => "party",
        "OPP" | "RAD" | "MOD" => "opposition",
        "REB" | "INS" | "SEP" | "UAF" | "IMG" => "armed_group",
        "IGO" => "igo",
        "NGO" | "NGM" | "HRI" => "ngo",
        "MED" => "media",
        "MNC" | "BUS" => "business",
        "EDU" => "education",
        "REL" | "MUS" | "CHR" | "JEW" | "BUD" | "HIN" | "SHI" | "SUN" | "CTH" | "ORT" | "PRO" => {
            "religious"
        }
        "HLH" => "health",
        "LAB" => "labour",
        "CVL" | "PPL" | "REF" => "civilian",
        "CRM" => "criminal",
        "ELI" => "elite",
        "AGR" | "ENV" | "DEV" | "UNR" => "other",
        _ => return None,
    })
}

/// Words that may be written in lower case inside a name matched with [`Case::Name`].
const PARTICLES: [&str; 33] = [
    "of", "the", "and", "for", "in", "on", "at", "to", "by", "with", "de", "du", "des", "del",
    "della", "di", "da", "dos", "das", "la", "le", "les", "von", "van", "der", "den", "y", "e",
    "bin", "ibn", "al", "el", "ul",
];

/// The entity type of an actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActorType {
    /// A person.
    Person,
    /// An organisation.
    Org,
    /// A country or territory.
    Gpe,
    /// A nationality ("Afghan", "Americans").
    Norp,
}

impl ActorType {
    /// The type as written in the file and the contract (`PERSON`, `ORG`, `GPE`, `NORP`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::Person => "PERSON",
            ActorType::Org => "ORG",
            ActorType::Gpe => "GPE",
            ActorType::Norp => "NORP",
        }
    }

    fn parse(s: &str) -> Option<ActorType> {
        Some(match s {
            "PERSON" => ActorType::Person,
            "ORG" => ActorType::Org,
            "GPE" => ActorType::Gpe,
            "NORP" => ActorType::Norp,
            _ => return None,
        })
    }
}

/// How an alias may be matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Only exactly as written (acronyms: "US", "IS", "NATO").
    Exact,
    /// Also in other capitals, as long as it is still written as a name: every word but a
    /// particle ("of", "al", "bin") starts with a capital or a digit ("AL-QAEDA", "al-Qaeda").
    Name,
}

/// One actor of the dictionary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Canonical name (unique in the dictionary).
    pub canonical: String,
    /// Entity type.
    pub kind: ActorType,
    /// Subtype (one of [`SUBTYPES`]).
    pub subtype: String,
    /// CAMEO actor code, when known.
    pub cameo: Option<String>,
    /// ISO 3166-1 alpha-3 code of the code's country, when it has one.
    pub country: Option<String>,
}

/// Index of an actor in its dictionary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorId(pub u32);

/// The actors, keyed by alias.
#[derive(Clone, Debug, Default)]
pub struct ActorDictionary {
    actors: Vec<Actor>,
    /// Alias as written → its actors, in file order.
    by_alias: HashMap<String, Vec<ActorId>>,
    /// Lower-cased alias of [`Case::Name`] aliases → (alias as written, its actors).
    by_folded: HashMap<String, Vec<(String, ActorId)>>,
    /// Aliases marked ambiguous in the file.
    ambiguous: HashSet<String>,
    /// The first token of every alias, lower-cased: a name can only start at one of these.
    first_tokens: HashSet<String>,
    /// The most tokens any alias spans.
    pub max_words: usize,
    /// The most bytes any alias has.
    pub max_bytes: usize,
    aliases: usize,
}

fn name_shaped(text: &str) -> bool {
    text.split([' ', '-']).filter(|w| !w.is_empty()).all(|w| {
        PARTICLES.contains(&w.to_lowercase().as_str())
            || w.chars()
                .find(|c| c.is_alphanumeric())
                .is_none_or(|c| c.is_uppercase() || c.is_numeric())
    })
}

impl ActorDictionary {
    /// Parses the actors file (columns [`ACTOR_COLUMNS`]). `tokenize` is the tokeniser the text
    /// will be read with: it tells where aliases start and how many tokens they span.
    ///
    /// Every row of one canonical name must agree on type, subtype, cameo and country; an alias
    /// is listed once per actor; an alias that names several actors must say `yes` under
    /// `ambiguous` on each of its rows, and only such an alias may.
    pub fn parse(
        file: DataFile,
        tokenize: impl Fn(&str) -> Vec<String>,
    ) -> Result<ActorDictionary, DataError> {
        let mut dict = ActorDictionary::default();
        let mut by_canonical: HashMap<String, ActorId> = HashMap::new();
        let mut seen: HashSet<(String, ActorId)> = HashSet::new();
        let mut flagged: HashMap<String, usize> = HashMap::new();
        for row in read_tsv(file.path, file.text, &ACTOR_COLUMNS)? {
            let c = &row.cells;
            let err = |message: String| DataError::Line {
                file: file.path.into(),
                line: row.line,
                message,
            };
            let (canonical, alias) = (c[0], c[1]);
            if canonical.is_empty() || alias.is_empty() {
                return Err(err("canonical and alias must not be empty".into()));
            }
            let kind = ActorType::parse(c[2]).ok_or_else(|| {
                err(format!(
                    "type {:?} is not one of PERSON, ORG, GPE, NORP",
                    c[2]
                ))
            })?;
            if !SUBTYPES.contains(&c[3]) {
                return Err(err(format!(
                    "subtype {:?} is not one of {}",
                    c[3],
                    SUBTYPES.join(", ")
                )));
            }
            let cameo = c[4];
            if !(cameo.is_empty()
                || (cameo.len() % 3 == 0 && cameo.chars().all(|ch| ch.is_ascii_uppercase())))
            {
                return Err(err(format!(
                    "cameo {cameo:?} is not a CAMEO code (upper-case letters in threes)"
                )));
            }
            let country = c[5];
            if !(country.is_empty()
                || (country.len() == 3 && country.chars().all(|ch| ch.is_ascii_uppercase())))
            {
                return Err(err(format!(
                    "country {country:?} is not an ISO 3166-1 alpha-3 code"
                )));
            }
            let case = match c[6] {
                "exact" => Case::Exact,
                "name" => Case::Name,
                other => return Err(err(format!("case {other:?} is not exact or name"))),
            };
            let ambiguous = match c[7] {
                "" => false,
                "yes" => true,
                other => return Err(err(format!("ambiguous {other:?} is not yes or empty"))),
            };
            let actor = Actor {
                canonical: canonical.to_string(),
                kind,
                subtype: c[3].to_string(),
                cameo: (!cameo.is_empty()).then(|| cameo.to_string()),
                country: (!country.is_empty()).then(|| country.to_string()),
            };
            let id = match by_canonical.get(canonical) {
                Some(&id) => {
                    if dict.actors[id.0 as usize] != actor {
                        return Err(err(format!(
                            "{canonical} has another type, subtype, cameo or country on an \
                             earlier line"
                        )));
                    }
                    id
                }
                None => {
                    let id = ActorId(dict.actors.len() as u32);
                    dict.actors.push(actor);
                    by_canonical.insert(canonical.to_string(), id);
                    id
                }
            };
            if !seen.insert((alias.to_string(), id)) {
                return Err(err(format!(
                    "alias {alias:?} is listed twice for {canonical}"
                )));
            }
            let owners = dict.by_alias.entry(alias.to_string()).or_default();
            owners.push(id);
            if ambiguous {
                *flagged.entry(alias.to_string()).or_default() += 1;
                dict.ambiguous.insert(alias.to_string());
            } else if owners.len() > 1 || dict.ambiguous.contains(alias) {
                return Err(err(format!(
                    "alias {alias:?} names more than one actor but is not marked ambiguous"
                )));
            }
            if case == Case::Name {
                dict.by_folded
                    .entry(alias.to_lowercase())
                    .or_default()
                    .push((alias.to_string(), id));
            }
            dict.max_bytes = dict.max_bytes.max(alias.len());
            dict.aliases += 1;
        }
        for (alias, n) in &flagged {
            let owners = dict.by_alias[alias].len();
            if owners < 2 || *n != owners {
                return Err(DataError::File {
                    file: file.path.into(),
                    message: format!(
                        "alias {alias:?} is marked ambiguous on {n} of its {owners} rows; an \
                         ambiguous alias names two or more actors and says so on every row"
                    ),
                });
            }
        }
        dict.max_words = 1;
        for alias in dict.by_alias.keys() {
            let tokens = tokenize(alias);
            if let Some(first) = tokens.first() {
                dict.first_tokens.insert(first.to_lowercase());
            }
            dict.max_words = dict.max_words.max(tokens.len());
        }
        Ok(dict)
    }

    /// True when some alias starts with this token (in any case).
    pub fn may_start(&self, token: &str) -> bool {
        self.first_tokens.contains(&token.to_lowercase())
    }

    /// Every actor a text may name, in file order: aliases as written, then aliases of
    /// [`Case::Name`] written otherwise but still as a name ("AL-QAEDA", "al-Qaeda"). Empty when
    /// nothing matches.
    pub fn candidates(&self, text: &str) -> Vec<ActorId> {
        if let Some(ids) = self.by_alias.get(text) {
            return ids.clone();
        }
        if !name_shaped(text) {
            return Vec::new();
        }
        self.by_folded
            .get(&text.to_lowercase())
            .map(|v| v.iter().map(|(_, id)| *id).collect())
            .unwrap_or_default()
    }

    /// The one actor a text names, or `None` when it names none or is ambiguous (see
    /// [`ActorDictionary::candidates`] for those).
    pub fn get(&self, text: &str) -> Option<&Actor> {
        match self.candidates(text).as_slice() {
            [id] => Some(self.actor(*id)),
            _ => None,
        }
    }

    /// True when the alias is marked as naming several actors.
    pub fn is_ambiguous(&self, alias: &str) -> bool {
        self.ambiguous.contains(alias)
    }

    /// An actor by id.
    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id.0 as usize]
    }

    /// Every actor, in file order.
    pub fn actors(&self) -> impl Iterator<Item = (ActorId, &Actor)> {
        self.actors
            .iter()
            .enumerate()
            .map(|(i, a)| (ActorId(i as u32), a))
    }

    /// Number of distinct actors.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// Number of (alias, actor) rows.
    pub fn alias_count(&self) -> usize {
        self.aliases
    }
}

/// Where an agent's code goes relative to the actor's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attach {
    /// After it: "Afghan police" → AFG + COP.
    After,
    /// Before it: "human rights activists" → NGO + the actor's code.
    Before,
}

/// One agent noun's meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agent {
    /// CAMEO agent code (COP, MIL, REB, GOV, GOVMED…).
    pub code: String,
    /// Where it goes.
    pub attach: Attach,
}

/// Agent nouns, keyed by lower-case noun phrase.
#[derive(Clone, Debug, Default)]
pub struct AgentDictionary {
    by_noun: HashMap<String, Agent>,
    first_tokens: HashSet<String>,
    /// The most tokens any noun phrase spans.
    pub max_words: usize,
}

impl AgentDictionary {
    /// Parses `noun<TAB>code<TAB>attach` rows; nouns are lower case and listed once.
    pub fn parse(
        file: DataFile,
        tokenize: impl Fn(&str) -> Vec<String>,
    ) -> Result<AgentDictionary, DataError> {
        let mut dict = AgentDictionary::default();
        for row in read_tsv(file.path, file.text, &["noun", "code", "attach"])? {
            let err = |message: String| DataError::Line {
                file: file.path.into(),
                line: row.line,
                message,
            };
            let [noun, code, attach] = [row.cells[0], row.cells[1], row.cells[2]];
            if noun.is_empty() || noun.to_lowercase() != noun {
                return Err(err(format!("noun {noun:?} is not a lower-case phrase")));
            }
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(err(format!("code {code:?} is not a CAMEO agent code")));
            }
            let attach = match attach {
                "after" => Attach::After,
                "before" => Attach::Before,
                other => return Err(err(format!("attach {other:?} is not after or before"))),
            };
            let agent = Agent {
                code: code.to_string(),
                attach,
            };
            if dict.by_noun.insert(noun.to_string(), agent).is_some() {
                return Err(err(format!("noun {noun:?} is listed twice")));
            }
        }
        dict.max_words = 1;
        for noun in dict.by_noun.keys() {
            let tokens = tokenize(noun);
            if let Some(first) = tokens.first() {
                dict.first_tokens.insert(first.to_lowercase());
            }
            dict.max_words = dict.max_words.max(tokens.len());
        }
        Ok(dict)
    }

    /// The agent a noun phrase names, in any letter case.
    pub fn get(&self, noun: &str) -> Option<&Agent> {
        self.by_noun.get(&noun.to_lowercase())
    }

    /// True when some noun phrase starts with this token (in any case).
    pub fn may_start(&self, token: &str) -> bool {
        self.first_tokens.contains(&token.to_lowercase())
    }

    /// Number of noun phrases.
    pub fn len(&self) -> usize {
        self.by_noun.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.by_noun.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    const HEADER: &str =
        "# test\ncanonical\talias\ttype\tsubtype\tcameo\tcountry\tcase\tambiguous\n";

    fn dict(rows: &str) -> Result<ActorDictionary, DataError> {
        let text: &'static str = Box::leak(format!("{HEADER}{rows}").into_boxed_str());
        ActorDictionary::parse(
            DataFile {
                path: "t.tsv",
                text,
            },
            words,
        )
    }

    const ROWS: &str = "\
Islamic State\tIslamic State\tORG\tarmed_group\tIMGMUSISI\t\tname\t
Islamic State\tDaesh\tORG\tarmed_group\tIMGMUSISI\t\tname\t
Islamic State\tIS\tORG\tarmed_group\tIMGMUSISI\t\texact\t
Islamic State\tal-Qaeda in Iraq\tORG\tarmed_group\tIMGMUSISI\t\tname\t
Tehrik-e-Taliban Pakistan\tTehrik-e-Taliban Pakistan\tORG\tarmed_group\tPAKREB\tPAK\tname\t
Tehrik-e-Taliban Pakistan\tTTP\tORG\tarmed_group\tPAKREB\tPAK\texact\t
Tehrik-e-Taliban Pakistan\tPakistani Taliban\tORG\tarmed_group\tPAKREB\tPAK\tname\t
Georgia\tGeorgia\tGPE\tcountry\tGEO\tGEO\tname\tyes
Georgia (US state)\tGeorgia\tGPE\tterritory\tUSA\tUSA\tname\tyes
";

    #[test]
    fn aliases_lead_to_their_actor() {
        let d = dict(ROWS).unwrap();
        assert_eq!(d.len(), 4);
        assert_eq!(d.alias_count(), 9);
        let is = d.get("Daesh").unwrap();
        assert_eq!(is.canonical, "Islamic State");
        assert_eq!(is.kind, ActorType::Org);
        assert_eq!(is.subtype, "armed_group");
        assert_eq!(is.cameo.as_deref(), Some("IMGMUSISI"));
        assert_eq!(is.country, None);
        assert_eq!(d.get("IS").unwrap().canonical, "Islamic State");
        let ttp = d.get("TTP").unwrap();
        assert_eq!(ttp.canonical, "Tehrik-e-Taliban Pakistan");
        assert_eq!(ttp.country.as_deref(), Some("PAK"));
        assert_eq!(
            d.get("Pakistani Taliban").unwrap().canonical,
            "Tehrik-e-Taliban Pakistan"
        );
        assert_eq!(d.max_words, 3);
        assert!(d.may_start("pakistani") && d.may_start("TTP") && !d.may_start("Kabul"));
    }

    #[test]
    fn case_rules() {
        let d = dict(ROWS).unwrap();
        // Exact aliases only as written.
        assert!(d.get("is").is_none() && d.get("Is").is_none() && d.get("ttp").is_none());
        // Name aliases in capitals or with a lower-case particle, not in lower case.
        assert!(d.get("DAESH").is_some());
        assert!(d.get("PAKISTANI TALIBAN").is_some());
        assert!(d.get("Al-Qaeda in Iraq").is_some());
        assert!(d.get("AL-QAEDA IN IRAQ").is_some());
        assert!(d.get("daesh").is_none());
        assert!(d.get("pakistani taliban").is_none());
    }

    #[test]
    fn ambiguous_aliases_give_every_candidate() {
        let d = dict(ROWS).unwrap();
        assert!(d.get("Georgia").is_none());
        assert!(d.is_ambiguous("Georgia"));
        let names: Vec<&str> = d
            .candidates("Georgia")
            .into_iter()
            .map(|id| d.actor(id).canonical.as_str())
            .collect();
        assert_eq!(names, ["Georgia", "Georgia (US state)"]);
        assert!(d.candidates("Kabul").is_empty());
    }

    #[test]
    fn bad_lines_name_their_line() {
        let e = dict("X\tX\tTHING\tother\t\t\tname\t\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv:3: type \"THING\" is not one of PERSON, ORG, GPE, NORP"
        );
        let e = dict("X\tX\tORG\tother\t\tAF\tname\t\n").unwrap_err();
        assert!(e.to_string().starts_with("t.tsv:3: country \"AF\""), "{e}");
        let e = dict("X\tX\tORG\tother\t\t\tname\t\nY\tX\tORG\tother\t\t\tname\t\n").unwrap_err();
        assert!(
            e.to_string().starts_with("t.tsv:4: alias \"X\" names more"),
            "{e}"
        );
        let e = dict("X\tX\tORG\tother\t\t\tname\t\nX\tX2\tGPE\tother\t\t\tname\t\n").unwrap_err();
        assert!(
            e.to_string().starts_with("t.tsv:4: X has another type"),
            "{e}"
        );
        let e = dict("X\tX\tORG\tother\t\t\tname\tyes\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("marked ambiguous on 1 of its 1 rows"),
            "{e}"
        );
        let e = dict("X\tX\tORG\tother\tusa\t\tname\t\n").unwrap_err();
        assert!(e.to_string().starts_with("t.tsv:3: cameo"), "{e}");
        let e = dict("X\tX\tORG\tother\t\t\tcaps\t\n").unwrap_err();
        assert!(e.to_string().starts_with("t.tsv:3: case"), "{e}");
        let e = dict("X\tX\tORG\tother\t\t\n").unwrap_err();
        assert!(
            e.to_string().starts_with("t.tsv:3: 6 tab-separated cells"),
            "{e}"
        );
    }

    #[test]
    fn agents() {
        let text = "# t\nnoun\tcode\tattach\nborder guards\tCOP\tafter\npolice\tCOP\tafter\nrebels\tREB\tafter\nhuman rights activists\tNGM\tbefore\n";
        let d = AgentDictionary::parse(
            DataFile {
                path: "a.tsv",
                text,
            },
            words,
        )
        .unwrap();
        assert_eq!(d.len(), 4);
        assert_eq!(d.get("Police").unwrap().code, "COP");
        assert_eq!(d.get("border guards").unwrap().attach, Attach::After);
        assert_eq!(
            d.get("human rights activists").unwrap().attach,
            Attach::Before
        );
        assert_eq!(d.max_words, 3);
        assert!(d.may_start("Border") && !d.may_start("guards"));
        let bad = "noun\tcode\tattach\nPolice\tCOP\tafter\n";
        let e = AgentDictionary::parse(
            DataFile {
                path: "a.tsv",
                text: bad,
            },
            words,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.tsv:2: noun \"Police\" is not a lower-case phrase"
        );
    }

    #[test]
    fn the_committed_files_load() {
        let d = ActorDictionary::parse(ACTORS, words).unwrap();
        assert!(d.len() > 10_000, "{} actors", d.len());
        assert_eq!(d.get("Daesh").unwrap().canonical, "Islamic State");
        assert_eq!(d.get("TTP").unwrap().canonical, "Tehrik-e-Taliban Pakistan");
        let a = AgentDictionary::parse(AGENTS, words).unwrap();
        assert_eq!(a.get("police").unwrap().code, "COP");
    }
}
