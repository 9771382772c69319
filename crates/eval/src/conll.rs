//! Named entities in CoNLL column files, scored as `conlleval` scores them.
//!
//! Two layouts are read, each one token a line, a blank line after each sentence:
//!
//! - **CoNLL-2003**: whitespace-separated columns, the token first and the NER tag last
//!   (`EU NNP I-NP I-ORG`); a `-DOCSTART-` line starts a document.
//! - **Numbered** (Universal NER, CoNLL-U style): tab-separated `ID TOKEN TAG …`, the token
//!   number first (`7 tampa B-LOC - stephen`, tabs between); `#` lines are comments and
//!   `# newdoc` starts a document.
//!
//! Tags are `O` or a prefix, a hyphen and a type (`B-PER`, `I-WORK-OF-ART`: the type is all
//! after the first hyphen). Four schemes are known: IOB1 (`I-` throughout, `B-` only where a
//! chunk directly follows one of the same type), IOB2 (`B-` on every chunk's first token),
//! BIOES (`E-` last, `S-` single) and BILOU (`L-` last, `U-` unit). [`read`] detects the scheme
//! or checks the one it is given.
//!
//! [`chunks`] turns tags into entity spans with conlleval's chunk rules, which read all four
//! schemes alike (`L-` as `E-`, `U-` as `S-`): a chunk ends before `O`, `B-`, `S-`, a different
//! type, or anything after an `E-` or `S-`; a chunk starts at `B-`, `S-`, a new type, or an `I-`
//! or `E-` after `O`, `E-` or `S-` — so IOB1's `I-` after `O` starts one, and an IOB2 file with a
//! stray `I-` is read as conlleval reads it. [`score`] counts as conlleval does: a chunk is
//! correct when the gold has a chunk of the same type over exactly the same tokens; token
//! accuracy compares the tags themselves. [`Scores`] displays as conlleval's report.
//! [`confusions`] lists what went wrong: wrong type, wrong boundary, missed, spurious.
//!
//! ```
//! use wirewatch_eval::conll::{self, Chunk, ReadOptions, Scheme};
//!
//! let gold = "-DOCSTART- -X- O O\n\nAnna NNP I-NP I-PER\nvisited VBD I-VP O\nNew NNP I-NP I-LOC\nYork NNP I-NP I-LOC\n. . O O\n";
//! let corpus = conll::read("gold.txt", gold, &ReadOptions::default()).unwrap();
//! assert_eq!(corpus.scheme, Scheme::Iob1);
//! let sentence = &corpus.documents[0].sentences[0];
//! assert_eq!(sentence.tokens, ["Anna", "visited", "New", "York", "."]);
//! assert_eq!(conll::chunks(&sentence.tags)[1], Chunk { kind: "LOC".into(), start: 2, end: 4 });
//!
//! let predicted = ["I-PER", "O", "I-ORG", "I-ORG", "O"];
//! let scores = conll::score([(sentence.tags.as_slice(), predicted.as_slice())]);
//! assert_eq!((scores.overall.correct, scores.overall.predicted, scores.overall.gold), (1, 2, 2));
//! assert!(scores.to_string().starts_with(
//!     "processed 5 tokens with 2 phrases; found: 2 phrases; correct: 1.\n\
//!      accuracy:  60.00%; precision:  50.00%; recall:  50.00%; FB1:  50.00\n"
//! ));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::Prf;

/// A CoNLL file that could not be read, or a predicted file that does not match its gold.
#[derive(Debug, Error)]
#[error("{file}:{line}: {kind}")]
pub struct ConllError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What was wrong.
    pub kind: ConllErrorKind,
}

/// What was wrong with a line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConllErrorKind {
    /// A token line has too few columns for the layout.
    #[error("a token line needs at least {needed} columns ({layout}); this one has {found}")]
    TooFewColumns {
        /// The least the layout needs.
        needed: usize,
        /// The columns found.
        found: usize,
        /// The file's layout.
        layout: Layout,
    },
    /// A token line has another number of columns than the file's first token line.
    #[error("this token line has {found} columns, the first token line (line {first_line}) has {expected}")]
    ColumnCount {
        /// The columns found.
        found: usize,
        /// The columns of the first token line.
        expected: usize,
        /// The first token line.
        first_line: usize,
    },
    /// The tag column does not hold a tag.
    #[error("`{0}` is not an NER tag: expected `O`, or B, I, E, S, L or U, a hyphen and a type (`B-PER`)")]
    BadTag(String),
    /// A tag whose prefix the scheme does not have.
    #[error("the tag `{tag}` is not {scheme} (whose prefixes are {})", scheme.prefixes())]
    NotInScheme {
        /// The tag.
        tag: String,
        /// The scheme.
        scheme: Scheme,
    },
    /// BIOES tags (`E-`, `S-`) and BILOU tags (`L-`, `U-`) in one file.
    #[error("the tag `{tag}` and the tag `{other}` of line {other_line} are of two schemes (`E-` and `S-` are BIOES, `L-` and `U-` BILOU)")]
    MixedSchemes {
        /// The later tag.
        tag: String,
        /// The earlier tag of the other scheme.
        other: String,
        /// Its line.
        other_line: usize,
    },
    /// In the numbered layout, the first column is not a token number.
    #[error("`{0}` is not a token number (this file numbers its tokens in the first column)")]
    TokenNumber(String),
    /// The predicted file has another number of sentences than the gold.
    #[error("the predicted file has {predicted} sentences, the gold has {gold}")]
    SentenceCount {
        /// Sentences in the gold.
        gold: usize,
        /// Sentences in the predicted file.
        predicted: usize,
    },
    /// A predicted sentence has another number of tokens than its gold sentence.
    #[error(
        "this sentence has {predicted} tokens, the gold sentence (line {gold_line}) has {gold}"
    )]
    TokenCount {
        /// Tokens in the gold sentence.
        gold: usize,
        /// Tokens in the predicted sentence.
        predicted: usize,
        /// The gold sentence's first line.
        gold_line: usize,
    },
    /// A predicted token differs from its gold token.
    #[error("the token `{predicted}` is `{gold}` in the gold (line {gold_line})")]
    TokenText {
        /// The gold token.
        gold: String,
        /// The predicted file's token.
        predicted: String,
        /// The gold token's line.
        gold_line: usize,
    },
}

/// A tagging scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `I-` on every token of a chunk; `B-` only on the first token of a chunk that directly
    /// follows a chunk of the same type (CoNLL-2003).
    Iob1,
    /// `B-` on the first token of every chunk, `I-` on the others.
    Iob2,
    /// IOB2 plus `E-` on the last token of a longer chunk and `S-` on a one-token chunk
    /// (also called IOBES).
    Bioes,
    /// BIOES with `L-` (last) for `E-` and `U-` (unit) for `S-`.
    Bilou,
}

impl Scheme {
    /// The tag prefixes the scheme uses, besides `O`.
    pub fn prefixes(self) -> &'static str {
        match self {
            Scheme::Iob1 | Scheme::Iob2 => "B, I",
            Scheme::Bioes => "B, I, E, S",
            Scheme::Bilou => "B, I, L, U",
        }
    }

    fn allows(self, prefix: char) -> bool {
        match self {
            Scheme::Iob1 | Scheme::Iob2 => matches!(prefix, 'B' | 'I'),
            Scheme::Bioes => matches!(prefix, 'B' | 'I' | 'E' | 'S'),
            Scheme::Bilou => matches!(prefix, 'B' | 'I' | 'L' | 'U'),
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scheme::Iob1 => "IOB1",
            Scheme::Iob2 => "IOB2",
            Scheme::Bioes => "BIOES",
            Scheme::Bilou => "BILOU",
        })
    }
}

impl FromStr for Scheme {
    type Err = String;

    /// `iob1`, `iob2` (or `bio`), `bioes` (or `iobes`), `bilou`; any case.
    fn from_str(s: &str) -> Result<Scheme, String> {
        match s.to_ascii_lowercase().as_str() {
            "iob1" => Ok(Scheme::Iob1),
            "iob2" | "bio" => Ok(Scheme::Iob2),
            "bioes" | "iobes" => Ok(Scheme::Bioes),
            "bilou" => Ok(Scheme::Bilou),
            _ => Err(format!(
                "unknown scheme `{s}`: expected iob1, iob2, bioes or bilou"
            )),
        }
    }
}

/// Where a line's token and tag are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// The token first, the tag last, any columns between (CoNLL-2003: `token POS chunk NER`).
    TokenFirst,
    /// The token number, the token, the tag, then any columns (Universal NER: `ID TOKEN TAG …`).
    Numbered,
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layout::TokenFirst => "token first, tag last",
            Layout::Numbered => "token number, token, tag",
        })
    }
}

/// How to read a file; what is `None` is detected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The scheme; when given, every tag must have one of its prefixes.
    pub scheme: Option<Scheme>,
    /// The layout.
    pub layout: Option<Layout>,
}

/// One sentence: its tokens and their gold tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The tokens.
    pub tokens: Vec<String>,
    /// One tag a token, as written in the file.
    pub tags: Vec<String>,
    /// The 1-based line of its first token.
    pub line: usize,
}

/// One document: its sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
    /// The id of a `# newdoc id = …` line, if the document has one.
    pub id: Option<String>,
}

/// A file's documents, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corpus {
    /// The documents that have sentences, in order.
    pub documents: Vec<Document>,
    /// The tagging scheme, given or detected.
    pub scheme: Scheme,
    /// The layout, given or detected.
    pub layout: Layout,
}

impl Corpus {
    /// Every sentence, in order.
    pub fn sentences(&self) -> impl Iterator<Item = &Sentence> + '_ {
        self.documents.iter().flat_map(|d| &d.sentences)
    }

    /// The entity types the tags name.
    pub fn types(&self) -> BTreeSet<String> {
        self.sentences()
            .flat_map(|s| chunks(&s.tags))
            .map(|c| c.kind)
            .collect()
    }
}

/// One entity: a type over tokens `start..end` of a sentence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Chunk {
    /// The type (`PER`, `LOC` …).
    pub kind: String,
    /// The first token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// Reads a CoNLL NER file; `file` names it in errors.
///
/// A `-DOCSTART-` line or a `# newdoc` comment starts a document; sentences before the first
/// one form a document of their own, and documents without sentences are left out (so a
/// `-DOCSTART-` moved to the end of a file, as in some copies of CoNLL-2003, is harmless).
/// Blank lines end sentences. Every token line must have as many columns as the first; the
/// columns are tab-separated when the line has a tab, else whitespace-separated. In the
/// token-first layout a line starting with `#` is a comment unless it reads as a token line
/// (the file's column count, a tag last): the token `#` exists.
///
/// The layout, unless given, is numbered when the first sentence's first column counts 1, 2, …
/// and its third column holds tags (one token is enough when comments precede it). The
/// scheme, unless given, is BIOES if a tag has `E-` or `S-`, BILOU if one has `L-` or `U-`,
/// else IOB1 if more chunks start with `I-` than with a `B-` that does not follow its own
/// type, else IOB2.
pub fn read(file: &str, content: &str, options: &ReadOptions) -> Result<Corpus, ConllError> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let layout = options
        .layout
        .unwrap_or_else(|| detect_layout(content.lines()));
    let err = |line: usize, kind: ConllErrorKind| ConllError {
        file: file.to_string(),
        line,
        kind,
    };
    let mut documents = Vec::new();
    let mut document = Document::default();
    let mut sentence = Sentence::default();
    let mut columns: Option<(usize, usize)> = None; // (count, first line)
    let mut family: Option<(char, String, usize)> = None; // 'E' (BIOES) or 'L' (BILOU)
    let finish_sentence = |document: &mut Document, sentence: &mut Sentence| {
        if !sentence.tokens.is_empty() {
            document.sentences.push(std::mem::take(sentence));
        }
    };
    let finish_document = |documents: &mut Vec<Document>, document: &mut Document| {
        let d = std::mem::take(document);
        if !d.sentences.is_empty() {
            documents.push(d);
        }
    };
    for (i, raw) in content.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish_sentence(&mut document, &mut sentence);
            continue;
        }
        let fields = split(line);
        if let Some(comment) = line.strip_prefix('#') {
            let token_line = layout == Layout::TokenFirst
                && fields.len() >= 2
                && columns.is_none_or(|(c, _)| c == fields.len())
                && fields.last().is_some_and(|t| parse_tag(t).is_some());
            if !token_line {
                if let Some(rest) = comment.trim_start().strip_prefix("newdoc") {
                    finish_sentence(&mut document, &mut sentence);
                    finish_document(&mut documents, &mut document);
                    let id = rest
                        .trim_start()
                        .strip_prefix("id")
                        .map(|r| r.trim_start().trim_start_matches('=').trim().to_string());
                    document.id = id.filter(|s| !s.is_empty());
                }
                continue;
            }
        }
        if fields[0] == "-DOCSTART-" {
            finish_sentence(&mut document, &mut sentence);
            finish_document(&mut documents, &mut document);
            continue;
        }
        let needed = match layout {
            Layout::TokenFirst => 2,
            Layout::Numbered => 3,
        };
        if fields.len() < needed {
            return Err(err(
                n,
                ConllErrorKind::TooFewColumns {
                    needed,
                    found: fields.len(),
                    layout,
                },
            ));
        }
        match columns {
            None => columns = Some((fields.len(), n)),
            Some((expected, first_line)) if expected != fields.len() => {
                return Err(err(
                    n,
                    ConllErrorKind::ColumnCount {
                        found: fields.len(),
                        expected,
                        first_line,
                    },
                ))
            }
            Some(_) => {}
        }
        let (token, tag) = match layout {
            Layout::TokenFirst => (fields[0], fields[fields.len() - 1]),
            Layout::Numbered => {
                if fields[0].parse::<usize>().is_err() {
                    return Err(err(n, ConllErrorKind::TokenNumber(fields[0].to_string())));
                }
                (fields[1], fields[2])
            }
        };
        let Some(prefix) = parse_tag(tag) else {
            return Err(err(n, ConllErrorKind::BadTag(tag.to_string())));
        };
        if let Some(prefix) = prefix {
            if let Some(scheme) = options.scheme {
                if !scheme.allows(prefix) {
                    return Err(err(
                        n,
                        ConllErrorKind::NotInScheme {
                            tag: tag.to_string(),
                            scheme,
                        },
                    ));
                }
            } else if matches!(prefix, 'E' | 'S' | 'L' | 'U') {
                let this = if matches!(prefix, 'E' | 'S') {
                    'E'
                } else {
                    'L'
                };
                match &family {
                    None => family = Some((this, tag.to_string(), n)),
                    Some((f, other, other_line)) if *f != this => {
                        return Err(err(
                            n,
                            ConllErrorKind::MixedSchemes {
                                tag: tag.to_string(),
                                other: other.clone(),
                                other_line: *other_line,
                            },
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
        if sentence.tokens.is_empty() {
            sentence.line = n;
        }
        sentence.tokens.push(token.to_string());
        sentence.tags.push(tag.to_string());
    }
    finish_sentence(&mut document, &mut sentence);
    finish_document(&mut documents, &mut document);
    let scheme = options.scheme.unwrap_or_else(|| match family {
        Some(('E', ..)) => Scheme::Bioes,
        Some(_) => Scheme::Bilou,
        None => detect_iob(documents.iter().flat_map(|d| &d.sentences)),
    });
    Ok(Corpus {
        documents,
        scheme,
        layout,
    })
}

/// A line's columns: tab-separated when it has a tab, else whitespace-separated.
fn split(line: &str) -> Vec<&str> {
    if line.contains('\t') {
        line.split('\t').map(str::trim).collect()
    } else {
        line.split_whitespace().collect()
    }
}

/// `Some(None)` for `O`, `Some(Some(prefix))` for a well-formed tag, `None` for anything else.
fn parse_tag(tag: &str) -> Option<Option<char>> {
    if tag == "O" {
        return Some(None);
    }
    let (prefix, kind) = tag.split_once('-')?;
    let mut chars = prefix.chars();
    let p = chars.next()?;
    (chars.next().is_none() && matches!(p, 'B' | 'I' | 'E' | 'S' | 'L' | 'U') && !kind.is_empty())
        .then_some(Some(p))
}

/// Numbered if the first sentence counts 1, 2, … in its first column with tags in its third.
fn detect_layout<'a>(lines: impl Iterator<Item = &'a str>) -> Layout {
    let mut comments = false;
    let mut count = 0;
    for line in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if count > 0 {
                break;
            }
            continue;
        }
        if line.starts_with('#') && count == 0 {
            comments = true;
            continue;
        }
        let fields = split(line);
        if count == 0 && fields[0] == "-DOCSTART-" {
            continue;
        }
        let numbered = fields.len() >= 3
            && fields[0].parse::<usize>().ok() == Some(count + 1)
            && parse_tag(fields[2]).is_some();
        if !numbered {
            return Layout::TokenFirst;
        }
        count += 1;
    }
    if count >= 2 || (count == 1 && comments) {
        Layout::Numbered
    } else {
        Layout::TokenFirst
    }
}

/// IOB1 if more chunks start with `I-` than with a `B-` that does not follow its own type.
fn detect_iob<'a>(sentences: impl Iterator<Item = &'a Sentence>) -> Scheme {
    let (mut i_starts, mut b_starts) = (0usize, 0usize);
    for s in sentences {
        let mut prev = ("O", "");
        for tag in &s.tags {
            let (p, kind) = split_tag(tag);
            if kind != prev.1 || prev.0 == "O" {
                match p {
                    "I" => i_starts += 1,
                    "B" => b_starts += 1,
                    _ => {}
                }
            }
            prev = (p, kind);
        }
    }
    if i_starts > b_starts {
        Scheme::Iob1
    } else {
        Scheme::Iob2
    }
}

/// conlleval's split of a tag: the prefix before the first hyphen and the type after it; a tag
/// without a hyphen is all prefix, of type "". `L` reads as `E` and `U` as `S`.
fn split_tag(tag: &str) -> (&str, &str) {
    let (prefix, kind) = tag.split_once('-').unwrap_or((tag, ""));
    let prefix = match prefix {
        "L" => "E",
        "U" => "S",
        p => p,
    };
    (prefix, kind)
}

/// conlleval's end of a chunk between the previous tag and this one (with IOBES).
fn end_of_chunk(prev: (&str, &str), tag: (&str, &str)) -> bool {
    let ((pt, ptype), (t, ty)) = (prev, tag);
    matches!(pt, "E" | "S")
        || (matches!(pt, "B" | "I") && matches!(t, "B" | "S" | "O"))
        || (pt != "O" && pt != "." && ptype != ty)
}

/// conlleval's start of a chunk at this tag, after the previous one (with IOBES).
fn start_of_chunk(prev: (&str, &str), tag: (&str, &str)) -> bool {
    let ((pt, ptype), (t, ty)) = (prev, tag);
    matches!(t, "B" | "S")
        || (matches!(pt, "E" | "S" | "O") && matches!(t, "E" | "I"))
        || (t != "O" && t != "." && ptype != ty)
}

/// The chunks (entity spans) of one sentence's tags, by conlleval's rules, in order.
///
/// Any strings are accepted: a tag is split at its first hyphen into prefix and type, and
/// prefixes other than B, I, E, S, L, U and O take part only through their type. Should a chunk
/// start where the previous one has not ended (which no mix of B, I, E, S, L, U and O tags
/// does), the previous one ends there.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let mut prev = ("O", "");
    for (i, tag) in tags.iter().enumerate() {
        let tag = split_tag(tag.as_ref());
        let start = start_of_chunk(prev, tag);
        if end_of_chunk(prev, tag) || start {
            if let Some((s, kind)) = open.take() {
                out.push(Chunk {
                    kind: kind.to_string(),
                    start: s,
                    end: i,
                });
            }
        }
        if start {
            open = Some((i, tag.1));
        }
        prev = tag;
    }
    if let Some((s, kind)) = open {
        out.push(Chunk {
            kind: kind.to_string(),
            start: s,
            end: tags.len(),
        });
    }
    out
}

/// Tags for `len` tokens with these chunks, in the scheme: the inverse of [`chunks`].
///
/// Chunks are clipped to `len`; empty ones, and ones that overlap an earlier chunk (in start
/// order, the longer first) are left out.
pub fn encode(chunks: &[Chunk], len: usize, scheme: Scheme) -> Vec<String> {
    let mut tags = vec!["O".to_string(); len];
    let mut sorted: Vec<&Chunk> = chunks.iter().collect();
    sorted.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut last: Option<&Chunk> = None;
    for c in sorted {
        let end = c.end.min(len);
        if c.start >= end || last.is_some_and(|l| l.end > c.start) {
            continue;
        }
        let (first, inner, final_, single) = match scheme {
            Scheme::Iob1 => {
                let after_same = last.is_some_and(|l| l.end == c.start && l.kind == c.kind);
                let first = if after_same { "B" } else { "I" };
                (first, "I", "I", first)
            }
            Scheme::Iob2 => ("B", "I", "I", "B"),
            Scheme::Bioes => ("B", "I", "E", "S"),
            Scheme::Bilou => ("B", "I", "L", "U"),
        };
        for (i, tag) in tags.iter_mut().enumerate().take(end).skip(c.start) {
            let p = if end - c.start == 1 {
                single
            } else if i == c.start {
                first
            } else if i + 1 == end {
                final_
            } else {
                inner
            };
            *tag = format!("{p}-{}", c.kind);
        }
        last = Some(c);
    }
    tags
}

/// Entity-level and token-level counts, as conlleval counts them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scores {
    /// Sentences scored.
    pub sentences: usize,
    /// Tokens scored.
    pub tokens: usize,
    /// Tokens whose predicted tag is the gold tag.
    pub correct_tags: usize,
    /// Chunks: correct (same type, same tokens), predicted, gold.
    pub overall: Prf,
    /// The same counts for each type found in the gold or the predictions.
    pub by_type: BTreeMap<String, Prf>,
}

impl Scores {
    /// Adds one sentence's gold and predicted tags. A sequence shorter than the other is read
    /// as if padded with `O`.
    pub fn add<G: AsRef<str>, P: AsRef<str>>(&mut self, gold: &[G], predicted: &[P]) {
        let gold: Vec<&str> = gold.iter().map(AsRef::as_ref).collect();
        let predicted: Vec<&str> = predicted.iter().map(AsRef::as_ref).collect();
        let len = gold.len().max(predicted.len());
        fn at<'t>(tags: &[&'t str], i: usize) -> &'t str {
            tags.get(i).copied().unwrap_or("O")
        }
        self.sentences += 1;
        self.tokens += len;
        self.correct_tags += (0..len)
            .filter(|&i| at(&gold, i) == at(&predicted, i))
            .count();
        let g = chunks(&gold);
        let p = chunks(&predicted);
        let gold_set: BTreeSet<&Chunk> = g.iter().collect();
        for c in &g {
            self.overall.gold += 1;
            self.by_type.entry(c.kind.clone()).or_default().gold += 1;
        }
        for c in &p {
            let counts = self.by_type.entry(c.kind.clone()).or_default();
            counts.predicted += 1;
            self.overall.predicted += 1;
            if gold_set.contains(c) {
                counts.correct += 1;
                self.overall.correct += 1;
            }
        }
    }

    /// Tokens with the right tag over tokens (0 when there are none).
    pub fn accuracy(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.correct_tags as f64 / self.tokens as f64
        }
    }
}

/// Precision, recall and F1 in percent, as conlleval computes them: 0 when a denominator is 0.
pub fn conlleval_prf(counts: &Prf) -> [f64; 3] {
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let p = pct(counts.correct, counts.predicted);
    let r = pct(counts.correct, counts.gold);
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    [p, r, f]
}

impl fmt::Display for Scores {
    /// conlleval's report, line for line. The alternate form (`{:#}`) adds the counts of each
    /// type: correct, predicted, gold.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, self.overall.gold, self.overall.predicted, self.overall.correct
        )?;
        if self.tokens > 0 {
            let [p, r, f1] = conlleval_prf(&self.overall);
            writeln!(
                f,
                "accuracy: {:6.2}%; precision: {p:6.2}%; recall: {r:6.2}%; FB1: {f1:6.2}",
                100.0 * self.accuracy()
            )?;
        }
        for (kind, counts) in &self.by_type {
            let [p, r, f1] = conlleval_prf(counts);
            writeln!(
                f,
                "{kind:>17}: precision: {p:6.2}%; recall: {r:6.2}%; FB1: {f1:6.2}  {}",
                counts.predicted
            )?;
        }
        if f.alternate() {
            writeln!(
                f,
                "{:>17}  {:>8} {:>9} {:>8}",
                "", "correct", "predicted", "gold"
            )?;
            for (kind, c) in self
                .by_type
                .iter()
                .map(|(k, c)| (k.as_str(), c))
                .chain([("(all)", &self.overall)])
            {
                writeln!(
                    f,
                    "{kind:>17}  {:>8} {:>9} {:>8}",
                    c.correct, c.predicted, c.gold
                )?;
            }
        }
        Ok(())
    }
}

/// Scores sentences given as (gold tags, predicted tags), with the same tokens.
pub fn score<'a, G, P, I>(sentences: I) -> Scores
where
    G: AsRef<str> + 'a,
    P: AsRef<str> + 'a,
    I: IntoIterator<Item = (&'a [G], &'a [P])>,
{
    let mut scores = Scores::default();
    for (gold, predicted) in sentences {
        scores.add(gold, predicted);
    }
    scores
}

/// What went wrong with one entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MistakeKind {
    /// The right tokens, the wrong type.
    Type,
    /// A predicted chunk overlaps a gold one but covers other tokens (its type may differ too).
    Boundary,
    /// A gold chunk that no predicted chunk overlaps.
    Missed,
    /// A predicted chunk that overlaps no gold chunk.
    Spurious,
}

impl fmt::Display for MistakeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MistakeKind::Type => "type",
            MistakeKind::Boundary => "boundary",
            MistakeKind::Missed => "missed",
            MistakeKind::Spurious => "spurious",
        })
    }
}

/// One wrong entity, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// What went wrong.
    pub kind: MistakeKind,
    /// The gold chunk (none for a spurious one).
    pub gold: Option<Chunk>,
    /// The predicted chunk (none for a missed one).
    pub predicted: Option<Chunk>,
    /// The sentence's index among those scored.
    pub sentence: usize,
    /// The line of the sentence's first token in the gold file.
    pub line: usize,
    /// The tokens around the chunks, the gold chunk in `[…]` and the predicted one in `{…}`.
    pub context: String,
}

impl fmt::Display for Mistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn kind(c: &Option<Chunk>) -> &str {
            c.as_ref().map_or("-", |c| c.kind.as_str())
        }
        write!(
            f,
            "{:<9} line {:<6} {:>5} → {:<5} {}",
            self.kind.to_string(),
            self.line,
            kind(&self.gold),
            kind(&self.predicted),
            self.context
        )
    }
}

/// The mistakes of a set of sentences, and their counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confusions {
    /// Every mistake, sentence by sentence, in token order.
    pub mistakes: Vec<Mistake>,
    /// How many of each kind.
    pub counts: BTreeMap<MistakeKind, usize>,
    /// Type mistakes by (gold type, predicted type).
    pub types: BTreeMap<(String, String), usize>,
}

impl fmt::Display for Confusions {
    /// A summary line, the type confusions, then one line a mistake.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |k| self.counts.get(&k).copied().unwrap_or(0);
        writeln!(
            f,
            "mistakes: {} type, {} boundary, {} missed, {} spurious",
            count(MistakeKind::Type),
            count(MistakeKind::Boundary),
            count(MistakeKind::Missed),
            count(MistakeKind::Spurious)
        )?;
        if !self.types.is_empty() {
            let mut types: Vec<_> = self.types.iter().collect();
            types.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let list: Vec<String> = types
                .iter()
                .map(|((g, p), n)| format!("{g} → {p} {n}"))
                .collect();
            writeln!(f, "type confusions (gold → predicted): {}", list.join(", "))?;
        }
        for m in &self.mistakes {
            writeln!(f, "{m}")?;
        }
        Ok(())
    }
}

/// The mistakes in sentences given as (gold sentence, predicted tags).
///
/// A gold chunk matched exactly is right. Of the rest, a predicted chunk over the same tokens is
/// a type mistake; each overlapping pair left is a boundary mistake; a gold chunk that overlaps
/// nothing is missed, and a predicted one spurious.
pub fn confusions<'a, P, I>(sentences: I) -> Confusions
where
    P: AsRef<str> + 'a,
    I: IntoIterator<Item = (&'a Sentence, &'a [P])>,
{
    let mut out = Confusions::default();
    for (index, (sentence, predicted)) in sentences.into_iter().enumerate() {
        let gold = chunks(&sentence.tags);
        let pred = chunks(predicted);
        let wrong_gold: Vec<&Chunk> = gold.iter().filter(|g| !pred.contains(g)).collect();
        let wrong_pred: Vec<&Chunk> = pred.iter().filter(|p| !gold.contains(p)).collect();
        let overlaps = |a: &Chunk, b: &Chunk| a.start < b.end && b.start < a.end;
        type Found<'c> = (MistakeKind, Option<&'c Chunk>, Option<&'c Chunk>);
        let mut found: Vec<Found> = Vec::new();
        for &g in &wrong_gold {
            let mut touched = false;
            for &p in wrong_pred.iter().filter(|&&p| overlaps(g, p)) {
                touched = true;
                let kind = if (p.start, p.end) == (g.start, g.end) {
                    MistakeKind::Type
                } else {
                    MistakeKind::Boundary
                };
                found.push((kind, Some(g), Some(p)));
            }
            if !touched {
                found.push((MistakeKind::Missed, Some(g), None));
            }
        }
        for &p in &wrong_pred {
            if !wrong_gold.iter().any(|&g| overlaps(g, p)) {
                found.push((MistakeKind::Spurious, None, Some(p)));
            }
        }
        found.sort_by_key(|&(_, g, p)| {
            let first = g.or(p).map_or((0, 0), |c| (c.start, c.end));
            (first, p.map(|p| (p.start, p.end)))
        });
        for (kind, g, p) in found {
            *out.counts.entry(kind).or_default() += 1;
            if let (MistakeKind::Type, Some(g), Some(p)) = (kind, g, p) {
                *out.types
                    .entry((g.kind.clone(), p.kind.clone()))
                    .or_default() += 1;
            }
            out.mistakes.push(Mistake {
                kind,
                gold: g.cloned(),
                predicted: p.cloned(),
                sentence: index,
                line: sentence.line,
                context: context(&sentence.tokens, g, p),
            });
        }
    }
    out
}

/// Tokens around the chunks, at most `WINDOW` either side, the gold chunk in `[…]` and the
/// predicted one in `{…}`.
fn context(tokens: &[String], gold: Option<&Chunk>, predicted: Option<&Chunk>) -> String {
    const WINDOW: usize = 6;
    let spans: Vec<&Chunk> = gold.into_iter().chain(predicted).collect();
    let lo = spans.iter().map(|c| c.start).min().unwrap_or(0);
    let hi = spans
        .iter()
        .map(|c| c.end)
        .max()
        .unwrap_or(0)
        .min(tokens.len());
    let from = lo.saturating_sub(WINDOW);
    let to = (hi + WINDOW).min(tokens.len());
    let mut words: Vec<String> = Vec::new();
    if from > 0 {
        words.push("…".into());
    }
    for (i, token) in tokens.iter().enumerate().take(to).skip(from) {
        let mut w = String::new();
        if gold.is_some_and(|g| g.start == i) {
            w.push('[');
        }
        if predicted.is_some_and(|p| p.start == i) {
            w.push('{');
        }
        w.push_str(token);
        if predicted.is_some_and(|p| p.end == i + 1) {
            w.push('}');
        }
        if gold.is_some_and(|g| g.end == i + 1) {
            w.push(']');
        }
        words.push(w);
    }
    if to < tokens.len() {
        words.push("…".into());
    }
    words.join(" ")
}

/// Pairs each gold sentence with the tags of the same sentence in a predicted file: the same
/// sentences, in order, with the same tokens (documents may be split differently).
pub fn align<'a>(
    gold: &'a Corpus,
    predicted: &'a Corpus,
    predicted_file: &str,
) -> Result<Vec<(&'a Sentence, &'a [String])>, ConllError> {
    let g: Vec<&Sentence> = gold.sentences().collect();
    let p: Vec<&Sentence> = predicted.sentences().collect();
    let err = |line, kind| ConllError {
        file: predicted_file.to_string(),
        line,
        kind,
    };
    for (gs, ps) in g.iter().zip(&p) {
        if gs.tokens.len() != ps.tokens.len() {
            return Err(err(
                ps.line,
                ConllErrorKind::TokenCount {
                    gold: gs.tokens.len(),
                    predicted: ps.tokens.len(),
                    gold_line: gs.line,
                },
            ));
        }
        if let Some(i) = (0..gs.tokens.len()).find(|&i| gs.tokens[i] != ps.tokens[i]) {
            // Token lines are consecutive, so the i-th token is i lines below the first.
            return Err(err(
                ps.line + i,
                ConllErrorKind::TokenText {
                    gold: gs.tokens[i].clone(),
                    predicted: ps.tokens[i].clone(),
                    gold_line: gs.line + i,
                },
            ));
        }
    }
    if g.len() != p.len() {
        let line = p.last().map_or(1, |s| s.line + s.tokens.len());
        return Err(err(
            line,
            ConllErrorKind::SentenceCount {
                gold: g.len(),
                predicted: p.len(),
            },
        ));
    }
    Ok(g.into_iter()
        .zip(p)
        .map(|(g, p)| (g, p.tags.as_slice()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(kind: &str, start: usize, end: usize) -> Chunk {
        Chunk {
            kind: kind.into(),
            start,
            end,
        }
    }

    fn tags(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    fn read_str(content: &str) -> Result<Corpus, ConllError> {
        read("t.conll", content, &ReadOptions::default())
    }

    #[test]
    fn iob1_chunks() {
        // I- after O starts a chunk; B- splits two chunks of one type; a type change splits.
        assert_eq!(
            chunks(&tags("I-PER I-PER O I-LOC B-LOC I-LOC I-ORG")),
            [
                c("PER", 0, 2),
                c("LOC", 3, 4),
                c("LOC", 4, 6),
                c("ORG", 6, 7)
            ]
        );
        // An I- of another type directly after a chunk starts a new chunk.
        assert_eq!(
            chunks(&tags("I-MISC I-PER")),
            [c("MISC", 0, 1), c("PER", 1, 2)]
        );
    }

    #[test]
    fn iob2_chunks_and_conlleval_leniency() {
        assert_eq!(
            chunks(&tags("B-PER I-PER B-PER O B-ORG I-ORG")),
            [c("PER", 0, 2), c("PER", 2, 3), c("ORG", 4, 6)]
        );
        // A stray I- (invalid IOB2) starts a chunk, as conlleval reads it.
        assert_eq!(
            chunks(&tags("O I-ORG I-ORG B-LOC I-PER")),
            [c("ORG", 1, 3), c("LOC", 3, 4), c("PER", 4, 5)]
        );
        assert_eq!(chunks::<&str>(&[]), []);
        assert_eq!(chunks(&tags("O O")), []);
        // A chunk running to the end of the sentence.
        assert_eq!(chunks(&tags("O B-LOC I-LOC")), [c("LOC", 1, 3)]);
    }

    #[test]
    fn bioes_and_bilou_chunks() {
        let bioes = chunks(&tags("S-PER B-ORG I-ORG E-ORG S-ORG B-LOC E-LOC O S-LOC"));
        assert_eq!(
            bioes,
            [
                c("PER", 0, 1),
                c("ORG", 1, 4),
                c("ORG", 4, 5),
                c("LOC", 5, 7),
                c("LOC", 8, 9)
            ]
        );
        let bilou = chunks(&tags("U-PER B-ORG I-ORG L-ORG U-ORG B-LOC L-LOC O U-LOC"));
        assert_eq!(bilou, bioes);
        // Two S- of one type are two chunks; an I- or E- after E-/S- starts one.
        assert_eq!(
            chunks(&tags("S-PER S-PER E-PER I-PER E-PER")),
            [
                c("PER", 0, 1),
                c("PER", 1, 2),
                c("PER", 2, 3),
                c("PER", 3, 5)
            ]
        );
        // E- after O starts a one-token chunk; B- with nothing after ends at the sentence.
        assert_eq!(
            chunks(&tags("O E-LOC B-LOC")),
            [c("LOC", 1, 2), c("LOC", 2, 3)]
        );
    }

    #[test]
    fn hyphenated_types_and_odd_strings_do_not_panic() {
        assert_eq!(
            chunks(&tags("B-WORK-OF-ART I-WORK-OF-ART")),
            [c("WORK-OF-ART", 0, 2)]
        );
        // Anything goes; no panic, and a chunk is never left open past another's start.
        let odd = chunks(&tags("X-PER B-PER - -- PER é-A"));
        for w in odd.windows(2) {
            assert!(w[0].end <= w[1].start, "{odd:?}");
        }
    }

    /// conlleval's counting loop, as conlleval.pl runs it (a chunk is correct when both sides
    /// end it at the same token with the same type), to check the set matching of `score`.
    fn conlleval_counts(gold: &[&str], pred: &[&str]) -> (usize, usize, usize, usize) {
        let (mut correct, mut found_gold, mut found_pred, mut correct_tags) = (0, 0, 0, 0);
        let mut in_correct = false;
        let (mut last_g, mut last_p) = (("O", ""), ("O", ""));
        let boundary = ["O"];
        for (g, p) in gold
            .iter()
            .chain(&boundary)
            .zip(pred.iter().chain(&boundary))
        {
            let (g, p) = (split_tag(g), split_tag(p));
            if in_correct {
                let (eg, ep) = (end_of_chunk(last_g, g), end_of_chunk(last_p, p));
                if eg && ep && last_g.1 == last_p.1 {
                    in_correct = false;
                    correct += 1;
                } else if eg != ep || g.1 != p.1 {
                    in_correct = false;
                }
            }
            let (sg, sp) = (start_of_chunk(last_g, g), start_of_chunk(last_p, p));
            if sg && sp && g.1 == p.1 {
                in_correct = true;
            }
            found_gold += sg as usize;
            found_pred += sp as usize;
            correct_tags += (g == p) as usize;
            last_g = g;
            last_p = p;
        }
        (correct, found_pred, found_gold, correct_tags - 1)
    }

    /// A tiny deterministic generator (no dependency).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    #[test]
    fn set_matching_equals_conllevals_counting_loop() {
        let pool = [
            "O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "I-LOC", "E-LOC", "S-LOC",
        ];
        let mut rng = Lcg(7);
        for _ in 0..20_000 {
            let len = rng.next(8);
            let g: Vec<&str> = (0..len).map(|_| pool[rng.next(pool.len())]).collect();
            let p: Vec<&str> = (0..len).map(|_| pool[rng.next(pool.len())]).collect();
            let s = score([(g.as_slice(), p.as_slice())]);
            let (correct, found_pred, found_gold, correct_tags) = conlleval_counts(&g, &p);
            assert_eq!(
                (
                    s.overall.correct,
                    s.overall.predicted,
                    s.overall.gold,
                    s.correct_tags
                ),
                (correct, found_pred, found_gold, correct_tags),
                "{g:?} {p:?}"
            );
        }
    }

    #[test]
    fn encode_inverts_chunks_in_every_scheme() {
        let mut rng = Lcg(11);
        let kinds = ["PER", "LOC"];
        for scheme in [Scheme::Iob1, Scheme::Iob2, Scheme::Bioes, Scheme::Bilou] {
            for _ in 0..2_000 {
                let len = rng.next(10);
                let mut want = Vec::new();
                let mut i = 0;
                while i < len {
                    if rng.next(3) == 0 {
                        i += 1;
                        continue;
                    }
                    let end = (i + 1 + rng.next(3)).min(len);
                    want.push(c(kinds[rng.next(2)], i, end));
                    i = end;
                }
                let tags = encode(&want, len, scheme);
                assert_eq!(chunks(&tags), want, "{scheme} {tags:?}");
                for t in &tags {
                    let p = parse_tag(t).unwrap();
                    assert!(p.is_none_or(|p| scheme.allows(p)), "{scheme} {t}");
                }
            }
        }
        assert_eq!(
            encode(&[c("PER", 0, 2), c("PER", 2, 3)], 4, Scheme::Iob1),
            ["I-PER", "I-PER", "B-PER", "O"]
        );
        assert_eq!(
            encode(
                &[c("PER", 0, 2), c("LOC", 1, 3), c("ORG", 3, 9)],
                4,
                Scheme::Bilou
            ),
            ["B-PER", "L-PER", "O", "U-ORG"]
        );
    }

    #[test]
    fn per_type_scores_by_hand() {
        // Gold: PER 0..2, LOC 3..4, ORG 5..7, LOC 8..9.
        let gold = tags("B-PER I-PER O B-LOC O B-ORG I-ORG O B-LOC");
        // Predicted: PER 0..2 (right), LOC 3..4 (right), ORG 5..6 (boundary), PER 8..9 (type).
        let pred = tags("B-PER I-PER O B-LOC O B-ORG O O B-PER");
        let s = score([(gold.as_slice(), pred.as_slice())]);
        assert_eq!(s.tokens, 9);
        assert_eq!(s.correct_tags, 7);
        let prf = |correct, predicted, gold| Prf {
            correct,
            predicted,
            gold,
        };
        assert_eq!(s.overall, prf(2, 4, 4));
        assert_eq!(s.by_type["PER"], prf(1, 2, 1));
        assert_eq!(s.by_type["LOC"], prf(1, 1, 2));
        assert_eq!(s.by_type["ORG"], prf(0, 1, 1));
        let want = "\
processed 9 tokens with 4 phrases; found: 4 phrases; correct: 2.
accuracy:  77.78%; precision:  50.00%; recall:  50.00%; FB1:  50.00
              LOC: precision: 100.00%; recall:  50.00%; FB1:  66.67  1
              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
              PER: precision:  50.00%; recall: 100.00%; FB1:  66.67  2
";
        assert_eq!(s.to_string(), want);
        let alt = format!("{s:#}");
        assert!(alt.starts_with(want), "{alt}");
        assert!(
            alt.contains("            (all)         2         4        4"),
            "{alt}"
        );

        // Two sentences add up; a chunk cannot match across sentences.
        let s = score([
            (tags("I-PER").as_slice(), tags("I-PER").as_slice()),
            (tags("I-PER O").as_slice(), tags("O O").as_slice()),
        ]);
        assert_eq!((s.sentences, s.tokens, s.correct_tags), (2, 3, 2));
        assert_eq!(s.overall, prf(1, 1, 2));
        let [p, r, f] = conlleval_prf(&s.overall);
        assert_eq!((p, r), (100.0, 50.0));
        assert!((f - 66.666_666).abs() < 1e-4);
        // Nothing predicted: conlleval prints zeros, not ones.
        assert_eq!(conlleval_prf(&prf(0, 0, 3)), [0.0, 0.0, 0.0]);
        // Unequal lengths pad with O instead of panicking.
        let s = score([(tags("B-PER O").as_slice(), tags("B-PER").as_slice())]);
        assert_eq!((s.tokens, s.correct_tags, s.overall.correct), (2, 2, 1));
    }

    #[test]
    fn confusions_by_kind() {
        let sentence = Sentence {
            tokens: "Anna met Bo in New York City with Acme today"
                .split(' ')
                .map(String::from)
                .collect(),
            tags: tags("B-PER O B-PER O B-LOC I-LOC I-LOC O B-ORG O")
                .into_iter()
                .map(String::from)
                .collect(),
            line: 40,
        };
        let pred = tags("B-PER O B-ORG O B-LOC I-LOC O O O B-MISC");
        let found = confusions([(&sentence, pred.as_slice())]);
        let kinds: Vec<MistakeKind> = found.mistakes.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [
                MistakeKind::Type,
                MistakeKind::Boundary,
                MistakeKind::Missed,
                MistakeKind::Spurious
            ]
        );
        assert_eq!(found.types[&("PER".to_string(), "ORG".to_string())], 1);
        assert_eq!(found.mistakes[1].gold, Some(c("LOC", 4, 7)));
        assert_eq!(found.mistakes[1].predicted, Some(c("LOC", 4, 6)));
        assert_eq!(
            found.mistakes[1].context,
            "Anna met Bo in [{New York} City] with Acme today"
        );
        assert_eq!(found.mistakes[0].line, 40);
        let text = found.to_string();
        assert!(
            text.starts_with("mistakes: 1 type, 1 boundary, 1 missed, 1 spurious\ntype confusions (gold → predicted): PER → ORG 1\n"),
            "{text}"
        );
        assert!(
            text.contains("missed    line 40       ORG → -     "),
            "{text}"
        );
    }

    #[test]
    fn context_is_a_window() {
        let tokens: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
        let g = c("X", 10, 11);
        assert_eq!(
            context(&tokens, Some(&g), None),
            "… t4 t5 t6 t7 t8 t9 [t10] t11 t12 t13 t14 t15 t16 …"
        );
        assert_eq!(
            context(&tokens[..3], None, Some(&c("X", 0, 3))),
            "{t0 t1 t2}"
        );
    }

    #[test]
    fn reads_conll2003_with_the_docstart_moved_to_the_end() {
        let text = "\
Alpha NNP I-NP I-ORG
wins VBZ I-VP O

Bern NNP I-NP I-LOC
. . O O

-DOCSTART- -X- O O

# NN I-NP O
Carl NNP I-NP I-PER
Carl NNP I-NP B-PER

-DOCSTART- -X- O O
";
        let corpus = read_str(text).unwrap();
        assert_eq!(corpus.layout, Layout::TokenFirst);
        assert_eq!(corpus.scheme, Scheme::Iob1);
        assert_eq!(corpus.documents.len(), 2);
        assert_eq!(corpus.documents[0].sentences.len(), 2);
        let s = &corpus.documents[1].sentences[0];
        assert_eq!(s.tokens, ["#", "Carl", "Carl"]);
        assert_eq!(s.line, 9);
        assert_eq!(corpus.documents[0].sentences[1].line, 4);
        assert_eq!(
            corpus.types().into_iter().collect::<Vec<_>>(),
            ["LOC", "ORG", "PER"]
        );
        // CRLF and no final newline read the same.
        let crlf = text.trim_end().replace('\n', "\r\n");
        assert_eq!(read_str(&crlf).unwrap(), corpus);
    }

    #[test]
    fn reads_the_numbered_layout_with_comments_and_newdoc() {
        let text = "\
# newdoc id = d1
# sent_id = d1-1
# text = where is Tampa Bay
1\twhere\tO\t-\t-
2\tis\tO\t-\t-
3\tTampa\tB-LOC\t-\tann
4\tBay\tI-LOC\t-\tann

# sent_id = d1-2
1\tHi\tO\t-\t-

# newdoc id = d2
1\tBo\tB-PER\t-\t-
2\tsaid\tO\t-\t-
";
        let corpus = read_str(text).unwrap();
        assert_eq!(corpus.layout, Layout::Numbered);
        assert_eq!(corpus.scheme, Scheme::Iob2);
        assert_eq!(corpus.documents.len(), 2);
        assert_eq!(corpus.documents[0].id.as_deref(), Some("d1"));
        assert_eq!(corpus.documents[1].id.as_deref(), Some("d2"));
        let s = &corpus.documents[0].sentences[0];
        assert_eq!(s.tokens, ["where", "is", "Tampa", "Bay"]);
        assert_eq!(chunks(&s.tags), [c("LOC", 2, 4)]);
        assert_eq!(s.line, 4);
    }

    #[test]
    fn detects_and_checks_schemes() {
        let scheme = |text: &str| read_str(text).map(|c| c.scheme);
        assert_eq!(scheme("A S-PER\nb O\n").unwrap(), Scheme::Bioes);
        assert_eq!(scheme("A U-PER\nb O\n").unwrap(), Scheme::Bilou);
        assert_eq!(scheme("A B-PER\nb I-PER\n").unwrap(), Scheme::Iob2);
        assert_eq!(scheme("A I-PER\nb I-PER\n").unwrap(), Scheme::Iob1);
        assert_eq!(scheme("A O\n").unwrap(), Scheme::Iob2);
        // IOB1 with a B- between two chunks of one type stays IOB1.
        assert_eq!(
            scheme("A I-PER\nb B-PER\n\nc I-LOC\n").unwrap(),
            Scheme::Iob1
        );
        let e = read_str("A S-PER\n\nb U-PER\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            matches!(&e.kind, ConllErrorKind::MixedSchemes { other_line: 1, .. }),
            "{e}"
        );
        let given = ReadOptions {
            scheme: Some(Scheme::Iob2),
            layout: None,
        };
        let e = read("g.txt", "A B-PER\nb E-PER\n", &given).unwrap_err();
        assert_eq!(
            e.to_string(),
            "g.txt:2: the tag `E-PER` is not IOB2 (whose prefixes are B, I)"
        );
        assert_eq!("BIOES".parse::<Scheme>(), Ok(Scheme::Bioes));
        assert_eq!("bio".parse::<Scheme>(), Ok(Scheme::Iob2));
        assert!("iob3".parse::<Scheme>().is_err());
    }

    #[test]
    fn malformed_lines_are_errors_with_their_line() {
        let cases: [(&str, usize, &str); 6] = [
            ("A NNP O\nB NNP\n", 2, "columns"),
            ("A NNP O\n\nB\n", 3, "at least 2 columns"),
            ("A NNP O\nB NNP X-PER\n", 2, "`X-PER` is not an NER tag"),
            ("A NNP O\nB NNP B-\n", 2, "`B-` is not an NER tag"),
            ("A NNP O\nB NNP per\n", 2, "`per` is not an NER tag"),
            (
                "# c\n1\tA\tO\n2\tB\tO\n\nx\tC\tO\n",
                5,
                "`x` is not a token number",
            ),
        ];
        for (text, line, message) in cases {
            let e = read_str(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(
                e.to_string().starts_with(&format!("t.conll:{line}: ")),
                "{e}"
            );
            assert!(e.to_string().contains(message), "{text:?}: {e}");
        }
        // The numbered layout needs three columns.
        let numbered = ReadOptions {
            layout: Some(Layout::Numbered),
            scheme: None,
        };
        let e = read("n", "1\tA\n", &numbered).unwrap_err();
        assert!(
            matches!(e.kind, ConllErrorKind::TooFewColumns { needed: 3, .. }),
            "{e}"
        );
        // Empty input is an empty corpus, not an error.
        assert!(read_str("").unwrap().documents.is_empty());
        assert!(read_str("-DOCSTART- -X- O O\n\n")
            .unwrap()
            .documents
            .is_empty());
    }

    #[test]
    fn aligns_a_predicted_file() {
        let gold = read_str("A I-PER\nb O\n\nC I-LOC\n").unwrap();
        let pred = read_str("A B-PER\nb O\n\nC O\n").unwrap();
        let pairs = align(&gold, &pred, "p").unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[1].1, ["O"]);
        let short = read_str("A B-PER\nb O\n").unwrap();
        let e = align(&gold, &short, "p").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p:3: the predicted file has 1 sentences, the gold has 2"
        );
        let other = read_str("A B-PER\nB O\n\nC O\n").unwrap();
        let e = align(&gold, &other, "p").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p:2: the token `B` is `b` in the gold (line 2)"
        );
        let longer = read_str("A B-PER\nb O\nc O\n\nC O\n").unwrap();
        let e = align(&gold, &longer, "p").unwrap_err();
        assert!(matches!(
            e.kind,
            ConllErrorKind::TokenCount {
                gold: 2,
                predicted: 3,
                ..
            }
        ));
    }
}
