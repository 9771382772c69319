//! The data files the extraction components read, compiled into the binary and parsed once.

use std::collections::{HashMap, HashSet};

use wirewatch_nlp::data::{read_tsv, DataError};
use wirewatch_nlp::{data_file, DataFile};

/// News outlets and agencies.
pub const MEDIA: DataFile = data_file!("data/actors/media.tsv");
/// Words that mark outlets not in the dictionary.
pub const MEDIA_WORDS: DataFile = data_file!("data/lang/en/media_words.tsv");
/// Phrases that credit an outlet.
pub const CREDIT_CUES: DataFile = data_file!("data/lang/en/credit_cues.tsv");
/// Words in capitals that are labels, not dateline places.
pub const DATELINE_LABELS: DataFile = data_file!("data/lang/en/dateline_labels.txt");
/// The trained named-entity tagger (`wirewatch train ner`).
pub const NER_MODEL: DataFile = data_file!("data/models/ner.tsv");
/// Word clusters from unlabelled news, the tagger's features (`wirewatch train clusters`).
pub const CLUSTERS: DataFile = data_file!("data/models/clusters.tsv");
/// Titles before names ("General", "Foreign Minister") and their nouns.
pub const TITLES: DataFile = data_file!("data/lang/en/titles.tsv");
/// Words after which "the" and a noun make a whole phrase ("the general said").
pub const PHRASE_ENDERS: DataFile = data_file!("data/lang/en/phrase_enders.txt");
/// Phrases that say two names are one ("also known as").
pub const ALIAS_CUES: DataFile = data_file!("data/lang/en/alias_cues.tsv");
/// Pronouns and titles that tell a person's gender.
pub const GENDER: DataFile = data_file!("data/lang/en/gender.tsv");
/// First names that tell a person's gender (`wirewatch build first-names`).
pub const FIRST_NAMES: DataFile = data_file!("data/lang/en/first_names.tsv");
/// Lower-case words inside persons' names ("bin", "al-").
pub const NAME_PARTICLES: DataFile = data_file!("data/lang/en/name_particles.txt");
/// Words the gazetteer knows as places that are no place standing alone ("North", "Mart").
pub const NOT_PLACES: DataFile = data_file!("data/places/not_places.txt");
/// Last words of names that are no place when the gazetteer does not know them.
pub const NOT_PLACE_HEADS: DataFile = data_file!("data/places/not_place_heads.txt");
/// Words before or after a name that make it a place.
pub const PLACE_CONTEXT: DataFile = data_file!("data/places/place_context.tsv");
/// The places layer's gazetteer (`wirewatch gazetteer build`).
pub const GAZETTEER: DataFile = data_file!("data/places/gazetteer.tsv");
/// Speech verbs, source phrases and hearsay phrases for the quotes layer.
pub const SPEECH_CUES: DataFile = data_file!("data/lang/en/speech_cues.tsv");
/// The learned attribution tagger (`wirewatch train attributions`).
pub const ATTRIBUTION_MODEL: DataFile = data_file!("data/models/attributions.tsv");
/// Nouns of unnamed sources ("officials").
pub const ANONYMOUS_SOURCES: DataFile = data_file!("data/lang/en/anonymous_sources.txt");
/// The time rules.
pub const TIME_RULES: DataFile = data_file!("data/lang/en/time/rules.toml");
/// The words the time rules name.
pub const TIME_VOCAB: DataFile = data_file!("data/lang/en/time/vocab.tsv");
/// Words that mark a clause's tense.
pub const TIME_TENSE: DataFile = data_file!("data/lang/en/time/tense.tsv");
/// Month names.
pub const MONTHS: DataFile = data_file!("data/lang/en/months.tsv");

/// One outlet of the dictionary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outlet {
    /// Canonical name.
    pub canonical: String,
    /// agency | newspaper | broadcaster | magazine | online | military_press.
    pub kind: String,
    /// ISO 3166-1 alpha-2 of its home, when known.
    pub country: Option<String>,
}

/// The outlet dictionary, keyed by alias as written.
#[derive(Clone, Debug, Default)]
pub struct MediaDictionary {
    by_alias: HashMap<String, usize>,
    /// Aliases of two or more words, lower-cased: "FARS News Agency" finds "Fars News Agency".
    by_lower: HashMap<String, usize>,
    outlets: Vec<Outlet>,
    /// The most tokens any alias spans (bounds the lookup window).
    pub max_words: usize,
    /// The most bytes any alias has.
    pub max_bytes: usize,
    /// The first token of every alias, lower-cased: a name can only start at one of these.
    first_tokens: HashSet<String>,
    /// The first tokens of aliases that start in lower case ("dpa", "euronews"), as written.
    lower_starts: HashSet<String>,
}

const KINDS: [&str; 6] = [
    "agency",
    "newspaper",
    "broadcaster",
    "magazine",
    "online",
    "military_press",
];

impl MediaDictionary {
    /// Parses `canonical<TAB>alias<TAB>kind<TAB>country` rows. `tokenize` is the tokeniser the
    /// text will be read with: it tells where aliases start and how many tokens they span
    /// ("RFE/RL" is three tokens, "Al-Jazeera" one).
    pub fn parse(
        file: DataFile,
        tokenize: impl Fn(&str) -> Vec<String>,
    ) -> Result<MediaDictionary, DataError> {
        let mut dict = MediaDictionary::default();
        let mut by_canonical: HashMap<String, usize> = HashMap::new();
        for row in read_tsv(
            file.path,
            file.text,
            &["canonical", "alias", "kind", "country"],
        )? {
            let [canonical, alias, kind, country] =
                [row.cells[0], row.cells[1], row.cells[2], row.cells[3]];
            let err = |message: String| DataError::Line {
                file: file.path.into(),
                line: row.line,
                message,
            };
            if !KINDS.contains(&kind) {
                return Err(err(format!(
                    "kind {kind:?} is not one of {}",
                    KINDS.join(", ")
                )));
            }
            if !(country.is_empty()
                || (country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase())))
            {
                return Err(err(format!(
                    "country {country:?} is not an ISO 3166-1 alpha-2 code"
                )));
            }
            let id = *by_canonical
                .entry(canonical.to_string())
                .or_insert_with(|| {
                    dict.outlets.push(Outlet {
                        canonical: canonical.to_string(),
                        kind: kind.to_string(),
                        country: (!country.is_empty()).then(|| country.to_string()),
                    });
                    dict.outlets.len() - 1
                });
            if dict.by_alias.insert(alias.to_string(), id).is_some() {
                return Err(err(format!("alias {alias:?} is listed twice")));
            }
            if alias.contains(' ') {
                dict.by_lower.entry(alias.to_lowercase()).or_insert(id);
            }
            // "The Guardian" is also written "the Guardian" in running text.
            if let Some(rest) = alias.strip_prefix("The ") {
                dict.by_alias.entry(format!("the {rest}")).or_insert(id);
            }
            dict.max_bytes = dict.max_bytes.max(alias.len());
        }
        dict.max_words = 1;
        for alias in dict.by_alias.keys() {
            let tokens = tokenize(alias);
            if let Some(first) = tokens.first() {
                dict.first_tokens.insert(first.to_lowercase());
                if first.starts_with(|c: char| c.is_lowercase()) && first != "the" {
                    dict.lower_starts.insert(first.clone());
                }
            }
            dict.max_words = dict.max_words.max(tokens.len());
        }
        Ok(dict)
    }

    /// True when some alias starts with this token (any case).
    pub fn may_start(&self, token: &str) -> bool {
        self.first_tokens.contains(&token.to_lowercase())
    }

    /// True when an alias starts in lower case with exactly this token ("dpa").
    pub fn starts_exactly(&self, token: &str) -> bool {
        self.lower_starts.contains(token)
    }

    /// The outlet an alias names, exactly as written.
    pub fn get(&self, alias: &str) -> Option<&Outlet> {
        let id = self.by_alias.get(alias).or_else(|| {
            // Only names of several words are safe to match in another case.
            alias
                .contains(' ')
                .then(|| self.by_lower.get(&alias.to_lowercase()))
                .flatten()
        });
        id.map(|&i| &self.outlets[i])
    }

    /// Number of distinct outlets.
    pub fn len(&self) -> usize {
        self.outlets.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.outlets.is_empty()
    }
}

/// Role of a credit phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueRole {
    /// Follows the outlet and credits it ("reports").
    After,
    /// Precedes the outlet and credits it ("according to").
    Before,
    /// Precedes the outlet spoken to ("told").
    Addressee,
}

/// Credit phrases, as lower-case word sequences.
#[derive(Clone, Debug, Default)]
pub struct CreditCues {
    /// (words, role), longest first.
    pub phrases: Vec<(Vec<String>, CueRole)>,
}

impl CreditCues {
    /// Parses `phrase<TAB>role` rows.
    pub fn parse(file: DataFile) -> Result<CreditCues, DataError> {
        let mut phrases = Vec::new();
        for row in read_tsv(file.path, file.text, &["phrase", "role"])? {
            let role = match row.cells[1] {
                "after" => CueRole::After,
                "before" => CueRole::Before,
                "addressee" => CueRole::Addressee,
                other => {
                    return Err(DataError::Line {
                        file: file.path.into(),
                        line: row.line,
                        message: format!("role {other:?} is not one of after, before, addressee"),
                    })
                }
            };
            let words: Vec<String> = row.cells[0].split(' ').map(str::to_lowercase).collect();
            phrases.push((words, role));
        }
        phrases.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Ok(CreditCues { phrases })
    }
}

/// Head words and descriptors of outlets.
#[derive(Clone, Debug, Default)]
pub struct MediaWords {
    /// Words (or word sequences) that end an outlet's name.
    pub heads: Vec<Vec<String>>,
    /// Lower-case word sequences that describe an outlet next to its name.
    pub descriptors: Vec<Vec<String>>,
}

impl MediaWords {
    /// Parses `word<TAB>role` rows.
    pub fn parse(file: DataFile) -> Result<MediaWords, DataError> {
        let mut words = MediaWords::default();
        for row in read_tsv(file.path, file.text, &["word", "role"])? {
            let seq: Vec<String> = row.cells[0].split(' ').map(str::to_string).collect();
            match row.cells[1] {
                "head" => words.heads.push(seq),
                "descriptor" => words
                    .descriptors
                    .push(seq.iter().map(|w| w.to_lowercase()).collect()),
                other => {
                    return Err(DataError::Line {
                        file: file.path.into(),
                        line: row.line,
                        message: format!("role {other:?} is not one of head, descriptor"),
                    })
                }
            }
        }
        words
            .descriptors
            .sort_by_key(|w| std::cmp::Reverse(w.len()));
        Ok(words)
    }
}

/// Month names (lower case) and their numbers.
pub fn parse_months(file: DataFile) -> Result<Vec<(String, u32)>, DataError> {
    read_tsv(file.path, file.text, &["name", "month"])?
        .into_iter()
        .map(|row| {
            let month = row.cells[1]
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(|| DataError::Line {
                    file: file.path.into(),
                    line: row.line,
                    message: format!("month {:?} is not a number from 1 to 12", row.cells[1]),
                })?;
            Ok((row.cells[0].to_string(), month))
        })
        .collect()
}
