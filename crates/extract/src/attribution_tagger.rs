//! A learned reading of attributions, for the many whose cue no word list holds ("went on to
//! discuss", "is doubling down on", "views … more favorably").
//!
//! Two averaged perceptrons trained on PolNeAR train (`wirewatch train attributions`): the
//! first marks each word outside quote marks as part of a cue or not; the second, in each
//! sentence holding a cue, tags every token, left to right, as the source, the content or
//! neither, from where it stands against the cues around it. The quotes layer keeps its rules
//! for quote marks and listed cues and adds what only this reading finds.

use std::ops::Range;
use std::sync::Arc;

use wirewatch_doc::{Doc, EntityType, TokenKind};
use wirewatch_nlp::clusters::{cluster_key, WordClusters};
use wirewatch_nlp::data::DataError;
use wirewatch_nlp::multiclass::{HashSink, Hashes, MultiClass};
use wirewatch_nlp::perceptron::FeatureSink;

/// The cue model's classes.
pub const CUE_CLASSES: [&str; 2] = ["other", "cue"];
/// The role model's classes; a token of a cue is tagged [`Role::Cue`] by the first model.
pub const ROLE_CLASSES: [&str; 3] = ["none", "source", "content"];
/// The prefix of the cue model's features in the model file.
pub const CUE_PREFIX: &str = "c|";
/// The prefix of the role model's features in the model file.
pub const ROLE_PREFIX: &str = "r|";

/// How far below "other" a token's cue score may fall and the token still be taken for a
/// cue. The perceptron, trained on far more words that are no cue than words that are, is
/// cautious; on PolNeAR dev a margin of -5 finds 1.9 points more attributions with their
/// speaker at the same content F1 (76.0 against 76.1 at 0; -10 loses 0.9 F1). Chosen there, once,
/// for the model in data/models/attributions.tsv: retraining means choosing again.
pub const CUE_MARGIN: f32 = -5.0;

/// What a token is to an attribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Part of no attribution.
    None,
    /// Part of a source.
    Source,
    /// Part of a content.
    Content,
    /// Part of a cue.
    Cue,
}

impl Role {
    /// The role of a role-model class index.
    pub fn from_class(class: usize) -> Role {
        match class {
            1 => Role::Source,
            2 => Role::Content,
            _ => Role::None,
        }
    }
    /// The role-model class index (a cue has none: it is never predicted there).
    pub fn class(self) -> usize {
        match self {
            Role::None | Role::Cue => 0,
            Role::Source => 1,
            Role::Content => 2,
        }
    }
    fn tag(self) -> &'static str {
        match self {
            Role::None => "O",
            Role::Source => "S",
            Role::Content => "C",
            Role::Cue => "V",
        }
    }
}

/// What the tagger reads of a document, token by token.
#[derive(Debug)]
pub struct Facts {
    /// Each token in lower case.
    pub lower: Vec<String>,
    /// Each token as written (normalised).
    pub words: Vec<String>,
    /// The kind of the entity whose mention holds the token, if any.
    pub entity: Vec<Option<EntityType>>,
    /// Whether the token starts that mention.
    pub mention_start: Vec<bool>,
    /// Whether the token is a quote mark or inside a quote.
    pub in_quote: Vec<bool>,
    /// Whether the token is one of the listed speech verbs.
    pub listed: Vec<bool>,
    /// Each sentence's token range.
    pub sentences: Vec<Range<usize>>,
}

impl Facts {
    /// The facts of `doc`, given which tokens are quoted and which are listed cues.
    pub fn new(doc: &Doc, in_quote: Vec<bool>, listed: Vec<bool>) -> Facts {
        let n = doc.tokens.len();
        let mut entity = vec![None; n];
        let mut mention_start = vec![false; n];
        for e in &doc.entities {
            for m in &e.mentions {
                let mut t = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
                if let Some(s) = mention_start.get_mut(t) {
                    *s = true;
                }
                while t < n && doc.tokens[t].span.start < m.span.end {
                    entity[t] = Some(e.kind);
                    t += 1;
                }
            }
        }
        let words: Vec<String> = doc
            .tokens
            .iter()
            .map(|t| doc.token_norm(t).to_string())
            .collect();
        Facts {
            lower: words.iter().map(|w| w.to_lowercase()).collect(),
            words,
            entity,
            mention_start,
            in_quote,
            listed,
            sentences: doc
                .sentences
                .iter()
                .map(|s| s.tokens.start as usize..s.tokens.end as usize)
                .collect(),
        }
    }

    /// Whether token `k` may be (part of) a cue: a word, or a colon, outside quotes and
    /// not part of a name.
    pub fn cue_candidate(&self, doc: &Doc, k: usize) -> bool {
        let token = &doc.tokens[k];
        !self.in_quote[k]
            && (matches!(
                token.kind,
                TokenKind::Word | TokenKind::Clitic | TokenKind::Abbreviation
            ) || self.lower[k] == ":")
            && !(self.entity[k].is_some() && doc.token_norm(token).starts_with(char::is_uppercase))
    }
}

/// Writes features into a sink through one reused buffer.
struct Put<'s, S: FeatureSink> {
    sink: &'s mut S,
    buf: &'s mut String,
    prefix: &'static str,
}

/// A piece of a feature's name. Features are built by pushing pieces, not by `format!`:
/// this runs for every token of every report.
trait Piece {
    fn push(&self, buf: &mut String);
}

impl Piece for &str {
    fn push(&self, buf: &mut String) {
        buf.push_str(self);
    }
}

impl Piece for &String {
    fn push(&self, buf: &mut String) {
        buf.push_str(self);
    }
}

impl Piece for bool {
    fn push(&self, buf: &mut String) {
        buf.push_str(if *self { "true" } else { "false" });
    }
}

impl Piece for u8 {
    fn push(&self, buf: &mut String) {
        push_number(buf, u64::from(*self));
    }
}

impl Piece for u16 {
    fn push(&self, buf: &mut String) {
        push_number(buf, u64::from(*self));
    }
}

impl Piece for usize {
    fn push(&self, buf: &mut String) {
        push_number(buf, *self as u64);
    }
}

fn push_number(buf: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        buf.push(char::from(d));
    }
}

/// Adds one feature made of the given pieces, after the model's prefix.
macro_rules! feat {
    ($p:expr, $($piece:expr),+ $(,)?) => {{
        $p.buf.clear();
        $p.buf.push_str($p.prefix);
        $( Piece::push(&$piece, &mut $p.buf); )+
        $p.sink.add(&$p.buf);
    }};
}

fn entity_tag(kind: Option<EntityType>) -> &'static str {
    kind.map_or("-", |k| k.as_str())
}

/// A coarse shape: capitalised, lower, all capitals, punctuation or other.
fn coarse_shape(word: &str) -> &'static str {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => {
            if word.chars().all(|c| !c.is_lowercase()) && word.chars().count() > 1 {
                "AA"
            } else {
                "Aa"
            }
        }
        Some(c) if c.is_lowercase() => "aa",
        Some(c) if c.is_numeric() => "9",
        Some(_) => "p",
        None => "",
    }
}

/// The suffix of a word, up to `n` characters.
fn suffix(word: &str, n: usize) -> &str {
    let start = word
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &word[start..]
}

/// The features of token `k` for the cue model.
pub fn cue_features(
    f: &Facts,
    clusters: &WordClusters,
    sentence: Range<usize>,
    k: usize,
    sink: &mut impl FeatureSink,
    scratch: &mut String,
) {
    let mut buf = std::mem::take(scratch);
    let mut p = Put {
        sink,
        buf: &mut buf,
        prefix: CUE_PREFIX,
    };
    let at = |i: isize| -> &str {
        let j = k as isize + i;
        if j < sentence.start as isize {
            "<s>"
        } else if j >= sentence.end as isize {
            "</s>"
        } else {
            &f.lower[j as usize]
        }
    };
    let w = &f.lower[k];
    feat!(p, "bias");
    feat!(p, "w=", w);
    feat!(p, "s3=", suffix(w, 3));
    feat!(p, "sh=", coarse_shape(&f.words[k]));
    feat!(p, "p1=", at(-1));
    feat!(p, "p2=", at(-2));
    feat!(p, "n1=", at(1));
    feat!(p, "n2=", at(2));
    feat!(p, "p1w=", at(-1), "|", w);
    feat!(p, "wn1=", w, "|", at(1));
    feat!(p, "listed=", f.listed[k]);
    feat!(p, "listed=", f.listed[k], "|n1=", at(1));
    feat!(p, "e=", entity_tag(f.entity[k]));
    let before = |i: usize| (k >= sentence.start + i).then(|| f.entity[k - i]).flatten();
    feat!(p, "e-1=", entity_tag(before(1)));
    feat!(
        p,
        "e+1=",
        entity_tag(f.entity.get(k + 1).copied().flatten())
    );
    // A person or an organisation a few words before: a subject that may speak.
    let speaker_near = (sentence.start.max(k.saturating_sub(4))..k)
        .any(|i| matches!(f.entity[i], Some(EntityType::Person | EntityType::Org)));
    feat!(p, "spk4=", speaker_near);
    feat!(p, "spk4=", speaker_near, "|w=", w);
    feat!(p, "q=", f.in_quote[..k].iter().rev().take(3).any(|q| *q));
    feat!(p, "end=", (sentence.end - k).min(4));
    feat!(p, "start=", (k - sentence.start).min(4));
    if let Some(ids) = clusters.get(cluster_key(&f.words[k])) {
        for (n, id) in clusters.classes().iter().zip(ids) {
            feat!(p, "c", *n, "=", *id);
            if *n == 256 {
                feat!(p, "c", *n, "=", *id, "|n1=", at(1));
            }
        }
    }
    let class64 = |j: usize| {
        clusters
            .get(cluster_key(&f.words[j]))
            .and_then(|ids| ids.first().copied())
    };
    if k + 1 < sentence.end {
        if let Some(ids) = clusters.get(cluster_key(&f.words[k + 1])) {
            feat!(p, "n1c256=", ids.get(1).copied().unwrap_or(0));
        }
        if let Some(c) = class64(k + 1) {
            feat!(p, "n1c64=", c, "|w=", w);
        }
    }
    if k > sentence.start {
        if let Some(c) = class64(k - 1) {
            feat!(p, "p1c64=", c);
            feat!(p, "p1c64=", c, "|w=", w);
        }
    }
    *scratch = buf;
}

/// Counts of some tokens before each position of a sentence, so that asking whether a
/// stretch holds one costs a subtraction.
struct Between {
    comma: Vec<u32>,
    that: Vec<u32>,
    mark: Vec<u32>,
    start: usize,
}

impl Between {
    fn new(f: &Facts, s: Range<usize>) -> Between {
        let n = s.len();
        let mut b = Between {
            comma: vec![0; n + 1],
            that: vec![0; n + 1],
            mark: vec![0; n + 1],
            start: s.start,
        };
        for (j, k) in s.enumerate() {
            let w = f.lower[k].as_str();
            b.comma[j + 1] = b.comma[j] + u32::from(matches!(w, "," | ";" | ":" | "(" | ")"));
            b.that[j + 1] = b.that[j] + u32::from(w == "that");
            b.mark[j + 1] = b.mark[j] + u32::from(f.in_quote[k]);
        }
        b
    }
    /// Which of comma, "that" and quote lie strictly between tokens `a` and `b` (`a < b`).
    fn flags(&self, a: usize, b: usize) -> (bool, bool, bool) {
        let (i, j) = (a + 1 - self.start, b - self.start);
        if i >= j {
            return (false, false, false);
        }
        (
            self.comma[j] > self.comma[i],
            self.that[j] > self.that[i],
            self.mark[j] > self.mark[i],
        )
    }
}

fn bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        _ => "far",
    }
}

/// The features of token `i` for the role model: `cues[j - sentence.start]` marks the cue
/// tokens, `prev` and `prev2` are the roles given to the two tokens before.
#[allow(clippy::too_many_arguments)]
fn role_features(
    f: &Facts,
    clusters: &WordClusters,
    scratch: &mut String,
    sentence: Range<usize>,
    between: &Between,
    cues: &[bool],
    i: usize,
    prev: Role,
    prev2: Role,
    sink: &mut impl FeatureSink,
) {
    let mut buf = std::mem::take(scratch);
    let mut p = Put {
        sink,
        buf: &mut buf,
        prefix: ROLE_PREFIX,
    };
    let s0 = sentence.start;
    let at = |d: isize| -> &str {
        let j = i as isize + d;
        if j < s0 as isize {
            "<s>"
        } else if j >= sentence.end as isize {
            "</s>"
        } else {
            &f.lower[j as usize]
        }
    };
    let w = &f.lower[i];
    let (pt, pt2) = (prev.tag(), prev2.tag());
    feat!(p, "bias");
    feat!(p, "pt=", pt);
    feat!(p, "pt2=", pt2, "|", pt);
    feat!(p, "w=", w);
    feat!(p, "pt=", pt, "|w=", w);
    feat!(p, "p1=", at(-1));
    feat!(p, "n1=", at(1));
    feat!(p, "pt=", pt, "|n1=", at(1));
    feat!(p, "sh=", coarse_shape(&f.words[i]));
    let e = entity_tag(f.entity[i]);
    feat!(p, "e=", e, "|", f.mention_start[i]);
    feat!(p, "pt=", pt, "|e=", e);
    feat!(p, "q=", f.in_quote[i]);
    feat!(p, "pt=", pt, "|q=", f.in_quote[i]);
    feat!(p, "end=", (sentence.end - i).min(3));
    feat!(p, "pt=", pt, "|end=", (sentence.end - i).min(3));
    let left = (s0..i).rev().find(|&j| cues[j - s0]);
    let right = (i + 1..sentence.end).find(|&j| cues[j - s0]);
    match left {
        Some(j) => {
            let (comma, that, mark) = between.flags(j, i);
            let d = bucket(i - j);
            let cw = &f.lower[j];
            feat!(p, "l=", d);
            feat!(p, "l=", d, "|pt=", pt);
            feat!(p, "l|cw=", cw);
            feat!(p, "l|cw=", cw, "|pt=", pt);
            feat!(p, "l|b=", comma, that, mark);
            feat!(p, "l|b=", comma, that, mark, "|pt=", pt);
            feat!(p, "l=", d, "|w=", w);
            feat!(p, "l|ls=", f.listed[j]);
        }
        None => feat!(p, "l=none"),
    }
    match right {
        Some(j) => {
            let (comma, that, mark) = between.flags(i, j);
            let d = bucket(j - i);
            let cw = &f.lower[j];
            feat!(p, "r=", d);
            feat!(p, "r=", d, "|pt=", pt);
            feat!(p, "r|cw=", cw);
            feat!(p, "r|cw=", cw, "|pt=", pt);
            feat!(p, "r|b=", comma, that, mark);
            feat!(p, "r|b=", comma, that, mark, "|pt=", pt);
            feat!(p, "r=", d, "|w=", w);
            feat!(p, "r|e=", e, "|b=", comma);
            // How the sentence runs on after the cue: ", X said." ends it.
            let after = sentence.end - j;
            feat!(p, "r|after=", after.min(6));
        }
        None => feat!(p, "r=none"),
    }
    feat!(p, "lr=", left.is_some() as u8, right.is_some() as u8);
    if let Some(ids) = clusters.get(cluster_key(&f.words[i])) {
        if let (Some(c64), Some(c256)) = (ids.first(), ids.get(1)) {
            feat!(p, "c64=", *c64, "|pt=", pt);
            feat!(p, "c256=", *c256);
        }
    }
    if i + 1 < sentence.end {
        if let Some(c64) = clusters
            .get(cluster_key(&f.words[i + 1]))
            .and_then(|ids| ids.first())
        {
            feat!(p, "n1c64=", *c64, "|pt=", pt);
        }
    }
    *scratch = buf;
}

/// The two trained models.
#[derive(Debug)]
pub struct AttributionTagger {
    cue: MultiClass,
    role: MultiClass,
    clusters: Arc<WordClusters>,
}

impl AttributionTagger {
    /// Parses the model file (`file` names it in errors); `clusters` are the word clusters
    /// it was trained with.
    pub fn parse(
        file: &str,
        text: &str,
        clusters: Arc<WordClusters>,
    ) -> Result<AttributionTagger, DataError> {
        Ok(AttributionTagger {
            cue: MultiClass::parse(file, text, CUE_PREFIX, &CUE_CLASSES)?,
            role: MultiClass::parse(file, text, ROLE_PREFIX, &ROLE_CLASSES)?,
            clusters,
        })
    }

    /// True when the file held no weights (the tagger then marks nothing).
    pub fn is_empty(&self) -> bool {
        self.cue.is_empty() || self.role.is_empty()
    }

    /// Each token's role in `doc`; tokens marked in `read` (already read by the rules) are
    /// taken for no cue, and a sentence with no other cue is not tagged.
    pub fn tag(&self, doc: &Doc, f: &Facts, read: &[bool]) -> Vec<Role> {
        let mut roles = vec![Role::None; f.lower.len()];
        if self.is_empty() {
            return roles;
        }
        let mut hashes = Hashes::default();
        let mut scratch = String::new();
        let mut scores = [0.0f32; 3];
        for s in &f.sentences {
            let mut any = false;
            for k in s.clone() {
                if read[k] || !f.cue_candidate(doc, k) {
                    continue;
                }
                hashes.0.clear();
                cue_features(f, &self.clusters, s.clone(), k, &mut hashes, &mut scratch);
                self.cue.scores(&hashes.0, &mut scores[..2]);
                if scores[1] - scores[0] > CUE_MARGIN {
                    roles[k] = Role::Cue;
                    any = true;
                }
            }
            if any {
                let cues: Vec<bool> = s.clone().map(|k| roles[k] == Role::Cue).collect();
                let (clusters, sink) = (&self.clusters, &mut hashes);
                tag_sentence_roles(f, clusters, s.clone(), &cues, &mut roles, sink, |_, h| {
                    self.role.predict(h)
                });
            }
        }
        roles
    }
}

/// Tags a sentence's tokens that are not cues, left to right: `predict` gives token `i`'s
/// class from its features, collected in `sink`. Training passes a sink that keeps the
/// features' names and a `predict` that learns.
pub fn tag_sentence_roles<S: HashSink>(
    f: &Facts,
    clusters: &WordClusters,
    s: Range<usize>,
    cues: &[bool],
    roles: &mut [Role],
    sink: &mut S,
    mut predict: impl FnMut(usize, &[u64]) -> usize,
) {
    let between = Between::new(f, s.clone());
    let mut scratch = String::new();
    let (mut prev, mut prev2) = (Role::None, Role::None);
    for i in s.clone() {
        let role = if cues[i - s.start] {
            Role::Cue
        } else {
            sink.hashes().clear();
            role_features(
                f,
                clusters,
                &mut scratch,
                s.clone(),
                &between,
                cues,
                i,
                prev,
                prev2,
                sink,
            );
            Role::from_class(predict(i, sink.hashes()))
        };
        roles[i] = role;
        prev2 = prev;
        prev = role;
    }
}

/// One attribution the tagger found, as token ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The cue's tokens.
    pub cue: Range<usize>,
    /// The content's tokens.
    pub content: Range<usize>,
    /// The source's tokens, when one was tagged.
    pub source: Option<Range<usize>>,
}

/// Runs of one role in a sentence.
fn runs(roles: &[Role], s: Range<usize>, role: Role) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut k = s.start;
    while k < s.end {
        if roles[k] == role {
            let a = k;
            while k < s.end && roles[k] == role {
                k += 1;
            }
            out.push(a..k);
        } else {
            k += 1;
        }
    }
    out
}

/// Distance in tokens between two ranges (0 when they touch or overlap).
fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// The longest stretch of untagged tokens inside a content that is taken as part of it: the
/// left-to-right tagger sometimes drops a word or two mid-clause.
const CONTENT_HOLE: usize = 2;

/// The fewest words a content has: a word alone ("it", "that") is mostly a misreading.
const MIN_CONTENT_WORDS: usize = 2;

/// How far from its cue, in tokens, a source may stand.
const SOURCE_REACH: usize = 12;

/// The attributions in tagged roles: each content run with the cue nearest it and that cue's
/// nearest source run.
pub fn assemble(f: &Facts, roles: &[Role]) -> Vec<Found> {
    let mut roles = roles.to_vec();
    for s in &f.sentences {
        let mut last_content: Option<usize> = None;
        for k in s.clone() {
            if roles[k] == Role::Content {
                if let Some(l) = last_content.filter(|&l| k - l - 1 <= CONTENT_HOLE) {
                    if (l + 1..k).all(|j| roles[j] == Role::None) {
                        roles[l + 1..k].fill(Role::Content);
                    }
                }
                last_content = Some(k);
            }
        }
    }
    let roles = &roles[..];
    let mut out = Vec::new();
    for s in &f.sentences {
        let cues = runs(roles, s.clone(), Role::Cue);
        if cues.is_empty() {
            continue;
        }
        let sources = runs(roles, s.clone(), Role::Source);
        for content in runs(roles, s.clone(), Role::Content) {
            let words = content
                .clone()
                .filter(|&k| f.lower[k].chars().any(char::is_alphanumeric))
                .count();
            if words < MIN_CONTENT_WORDS {
                continue;
            }
            let Some(cue) = cue_of(&cues, &sources, &content) else {
                continue;
            };
            // The source nearest the cue, one before it first: a subject, rather than
            // words after the content.
            let near = |before: bool| {
                sources
                    .iter()
                    .filter(|r| (r.end <= cue.start) == before)
                    .filter(|r| r.end <= content.start || r.start >= content.end)
                    .filter(|r| gap(r, &cue) <= SOURCE_REACH)
                    .min_by_key(|r| gap(r, &cue))
                    .cloned()
            };
            let source = near(true).or_else(|| near(false));
            out.push(Found {
                cue,
                content,
                source,
            });
        }
    }
    out
}

/// How far after its cue a content may start and still be the cue's ("told the Army Times
/// in an interview that …").
const CONTENT_AFTER_CUE: usize = 10;

/// The cue a content belongs to: the one before it ("said that …"), unless the one after it
/// is nearer with a source between them ("…, the ministry said"), or the one before is far.
fn cue_of(
    cues: &[Range<usize>],
    sources: &[Range<usize>],
    content: &Range<usize>,
) -> Option<Range<usize>> {
    let left = cues.iter().rev().find(|c| c.end <= content.start);
    let right = cues.iter().find(|c| c.start >= content.end);
    match (left, right) {
        (Some(l), Some(r)) => {
            let signed = sources
                .iter()
                .any(|s| s.start >= content.end && s.end <= r.start);
            let (to_left, to_right) = (gap(l, content), gap(content, r));
            if (signed && to_right <= to_left) || to_left > CONTENT_AFTER_CUE {
                Some(r.clone())
            } else {
                Some(l.clone())
            }
        }
        (l, r) => l.or(r).cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_gaps() {
        use Role::*;
        let roles = [Source, Cue, Content, Content, None, Content];
        assert_eq!(runs(&roles, 0..6, Content), vec![2..4, 5..6]);
        assert_eq!(gap(&(0..1), &(2..4)), 1);
        assert_eq!(gap(&(2..4), &(0..1)), 1);
        assert_eq!(suffix("said", 3), "aid");
        assert_eq!(suffix("é", 3), "é");
    }
}
