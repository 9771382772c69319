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
/// for the model in data/models/attributions.tsv: retraining means choosing again (done for the
/// model retrained on 2026-12-07: -3 to -8 gave content F1 78.04 to 78.15, -5 the best), and
/// whenever the rules after the tagger change the balance of precision and recall: once they
/// dropped more than they added, -4/-5/-6/-7 gave PolNeAR dev content F1
/// 80.08/80.08/80.22/80.21 and train 81.75/81.78/81.83/81.86, and -6 keeps dev speaker
/// accuracy above 90.
pub const CUE_MARGIN: f32 = -6.0;

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
                let tokens = doc.token_range(m.span);
                if let Some(s) = mention_start.get_mut(tokens.start) {
                    *s = true;
                }
                for t in tokens {
                    entity[t] = Some(e.kind);
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

/// Each token's word classes, looked up once a document: the features ask for a token's
/// classes several times, as the token itself and as a neighbour.
#[derive(Debug)]
pub struct TokenClasses<'a> {
    /// The number of classes of each granularity (64, 256, 1024), in column order.
    granularities: &'a [usize],
    ids: Vec<u16>,
    known: Vec<bool>,
}

impl<'a> TokenClasses<'a> {
    /// The classes of `f`'s tokens in `clusters`.
    pub fn new(f: &Facts, clusters: &'a WordClusters) -> TokenClasses<'a> {
        let stride = clusters.classes().len();
        let mut ids = vec![0u16; f.words.len() * stride];
        let mut known = vec![false; f.words.len()];
        for (k, word) in f.words.iter().enumerate() {
            if let Some(found) = clusters
                .get(cluster_key(word))
                .and_then(|ids| ids.get(..stride))
            {
                ids[k * stride..(k + 1) * stride].copy_from_slice(found);
                known[k] = true;
            }
        }
        TokenClasses {
            granularities: clusters.classes(),
            ids,
            known,
        }
    }

    /// Token `k`'s class at each granularity, when its word is clustered.
    fn get(&self, k: usize) -> Option<&[u16]> {
        let stride = self.granularities.len();
        (*self.known.get(k)?).then(|| &self.ids[k * stride..(k + 1) * stride])
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

/// The word `d` tokens from token `k` in lower case, or `<s>` / `</s>` past the sentence's
/// ends.
fn word_at<'f>(f: &'f Facts, sentence: &Range<usize>, k: usize, d: isize) -> &'f str {
    let j = k as isize + d;
    if j < sentence.start as isize {
        "<s>"
    } else if j >= sentence.end as isize {
        "</s>"
    } else {
        &f.lower[j as usize]
    }
}

/// The features of token `k` for the cue model.
pub fn cue_features(
    f: &Facts,
    classes: &TokenClasses<'_>,
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
    let at = |d: isize| word_at(f, &sentence, k, d);
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
    if let Some(ids) = classes.get(k) {
        for (n, id) in classes.granularities.iter().zip(ids) {
            feat!(p, "c", *n, "=", *id);
            if *n == 256 {
                feat!(p, "c", *n, "=", *id, "|n1=", at(1));
            }
        }
    }
    let class64 = |j: usize| classes.get(j).and_then(|ids| ids.first().copied());
    if k + 1 < sentence.end {
        if let Some(ids) = classes.get(k + 1) {
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
    /// For each position, the nearest cue at or before it and at or after it, found once so
    /// that a long sentence costs no more than its length.
    cue_at_or_before: Vec<Option<usize>>,
    cue_at_or_after: Vec<Option<usize>>,
}

impl Between {
    fn new(f: &Facts, s: Range<usize>, cues: &[bool]) -> Between {
        let n = s.len();
        let mut b = Between {
            comma: vec![0; n + 1],
            that: vec![0; n + 1],
            mark: vec![0; n + 1],
            start: s.start,
            cue_at_or_before: vec![None; n],
            cue_at_or_after: vec![None; n],
        };
        let mut last = None;
        for (j, (&cue, at)) in cues.iter().zip(&mut b.cue_at_or_before).enumerate() {
            if cue {
                last = Some(s.start + j);
            }
            *at = last;
        }
        let mut next = None;
        for (j, (&cue, at)) in cues.iter().zip(&mut b.cue_at_or_after).enumerate().rev() {
            if cue {
                next = Some(s.start + j);
            }
            *at = next;
        }
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

/// The features of token `i` for the role model: `between` knows the sentence's cues, `prev`
/// and `prev2` are the roles given to the two tokens before.
#[allow(clippy::too_many_arguments)]
fn role_features(
    f: &Facts,
    classes: &TokenClasses<'_>,
    scratch: &mut String,
    sentence: Range<usize>,
    between: &Between,
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
    let at = |d: isize| word_at(f, &sentence, i, d);
    let w = &f.lower[i];
    let (pt, pt2) = (prev.tag(), prev2.tag());
    feat!(p, "bias");
    feat!(p, "pt=", pt);
    feat!(p, "pt2=", pt2, "|", pt);
    feat!(p, "w=", w);
    feat!(p, "pt=", pt, "|w=", w);
    feat!(p, "p1=", at(-1));
    feat!(p, "n1=", at(1));
    feat!(p, "p2=", at(-2));
    feat!(p, "n2=", at(2));
    feat!(p, "pt=", pt, "|n1=", at(1));
    feat!(p, "sh=", coarse_shape(&f.words[i]));
    let e = entity_tag(f.entity[i]);
    feat!(p, "e=", e, "|", f.mention_start[i]);
    feat!(p, "pt=", pt, "|e=", e);
    feat!(p, "q=", f.in_quote[i]);
    feat!(p, "pt=", pt, "|q=", f.in_quote[i]);
    feat!(p, "end=", (sentence.end - i).min(3));
    feat!(p, "pt=", pt, "|end=", (sentence.end - i).min(3));
    let left = (i > s0)
        .then(|| between.cue_at_or_before[i - 1 - s0])
        .flatten();
    let right = (i + 1 < sentence.end)
        .then(|| between.cue_at_or_after[i + 1 - s0])
        .flatten();
    match left {
        Some(j) => {
            cue_side(&mut p, between, f, "l", j, (j, i), pt, w);
            feat!(p, "l|ls=", f.listed[j]);
            // What opens the words after the cue: "that", a name, "to".
            feat!(p, "l|cn1=", word_at(f, &sentence, j, 1), "|pt=", pt);
            if let Some(c) = classes.get(j).and_then(|ids| ids.get(1)) {
                feat!(p, "l|cc256=", *c, "|pt=", pt);
            }
        }
        None => feat!(p, "l=none"),
    }
    match right {
        Some(j) => {
            let comma = cue_side(&mut p, between, f, "r", j, (i, j), pt, w);
            feat!(p, "r|e=", e, "|b=", comma);
            // How the sentence runs on after the cue: ", X said." ends it.
            let after = sentence.end - j;
            feat!(p, "r|after=", after.min(6));
            // The word before a cue after the token: the end of its subject, or not.
            feat!(p, "r|cp1=", word_at(f, &sentence, j, -1), "|pt=", pt);
            if let Some(c) = classes.get(j).and_then(|ids| ids.get(1)) {
                feat!(p, "r|cc256=", *c, "|pt=", pt);
            }
        }
        None => feat!(p, "r=none"),
    }
    feat!(p, "lr=", left.is_some() as u8, right.is_some() as u8);
    if let Some(ids) = classes.get(i) {
        if let (Some(c64), Some(c256)) = (ids.first(), ids.get(1)) {
            feat!(p, "c64=", *c64, "|pt=", pt);
            feat!(p, "c256=", *c256);
        }
    }
    if i + 1 < sentence.end {
        if let Some(c64) = classes.get(i + 1).and_then(|ids| ids.first()) {
            feat!(p, "n1c64=", *c64, "|pt=", pt);
        }
    }
    *scratch = buf;
}

/// The role features of the nearest cue on one side of a token, `name` "l" (before) or "r"
/// (after): how far, which word, what lies between the two ends of `(a, b)`. Returns whether a
/// comma does.
#[allow(clippy::too_many_arguments)]
fn cue_side<S: FeatureSink>(
    p: &mut Put<'_, S>,
    between: &Between,
    f: &Facts,
    name: &str,
    cue: usize,
    (a, b): (usize, usize),
    pt: &str,
    w: &str,
) -> bool {
    let (comma, that, mark) = between.flags(a, b);
    let d = bucket(b - a);
    let cw = &f.lower[cue];
    feat!(p, name, "=", d);
    feat!(p, name, "=", d, "|pt=", pt);
    feat!(p, name, "|cw=", cw);
    feat!(p, name, "|cw=", cw, "|pt=", pt);
    feat!(p, name, "|b=", comma, that, mark);
    feat!(p, name, "|b=", comma, that, mark, "|pt=", pt);
    feat!(p, name, "=", d, "|w=", w);
    comma
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
        let mut models = MultiClass::parse_models(
            file,
            text,
            &[(CUE_PREFIX, &CUE_CLASSES), (ROLE_PREFIX, &ROLE_CLASSES)],
        )?
        .into_iter();
        Ok(AttributionTagger {
            cue: models.next().unwrap_or_default(),
            role: models.next().unwrap_or_default(),
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
        let classes = TokenClasses::new(f, &self.clusters);
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
                cue_features(f, &classes, s.clone(), k, &mut hashes, &mut scratch);
                self.cue.scores(&hashes.0, &mut scores[..2]);
                if scores[1] - scores[0] > CUE_MARGIN {
                    roles[k] = Role::Cue;
                    any = true;
                }
            }
            if any {
                let cues: Vec<bool> = s.clone().map(|k| roles[k] == Role::Cue).collect();
                let sink = &mut hashes;
                tag_sentence_roles(f, &classes, s.clone(), &cues, &mut roles, sink, |_, h| {
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
    classes: &TokenClasses<'_>,
    s: Range<usize>,
    cues: &[bool],
    roles: &mut [Role],
    sink: &mut S,
    mut predict: impl FnMut(usize, &[u64]) -> usize,
) {
    let between = Between::new(f, s.clone(), cues);
    let mut scratch = String::new();
    let (mut prev, mut prev2) = (Role::None, Role::None);
    for i in s.clone() {
        let role = if cues[i - s.start] {
            Role::Cue
        } else {
            sink.hashes().clear();
            role_features(
                f,
                classes,
                &mut scratch,
                s.clone(),
                &between,
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
    /// The index of its sentence in the document.
    pub sentence: usize,
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
    for (si, s) in f.sentences.iter().enumerate() {
        let cues = runs(roles, s.clone(), Role::Cue);
        if cues.is_empty() {
            continue;
        }
        let sources = runs(roles, s.clone(), Role::Source);
        for mut content in runs(roles, s.clone(), Role::Content) {
            // "fumed that …": as in the rules' reading, what was said starts after "that".
            if f.lower[content.start] == "that" {
                content.start += 1;
            }
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
            // words after the content. Runs are in order, so the nearest on each side is
            // beside where the cue would go.
            let at = sources.partition_point(|r| r.end <= cue.start);
            let clear = |r: &&Range<usize>| {
                (r.end <= content.start || r.start >= content.end) && gap(r, &cue) <= SOURCE_REACH
            };
            let source = at
                .checked_sub(1)
                .and_then(|i| sources.get(i))
                .filter(clear)
                .or_else(|| sources.get(at).filter(clear))
                .map(|r| {
                    // The words nearest the cue, no more than a source can reach.
                    if r.end <= cue.start {
                        r.start.max(r.end.saturating_sub(SOURCE_REACH))..r.end
                    } else {
                        r.start..r.end.min(r.start + SOURCE_REACH)
                    }
                });
            out.push(Found {
                sentence: si,
                cue,
                content,
                source,
            });
        }
    }
    out
}

/// How far after its cue a content may start and still be the cue's ("told the Army Times
/// in an interview that …"); farther, a cue after it takes it, if there is one.
const CONTENT_AFTER_CUE: usize = 10;

/// The cue a content belongs to: the one before it ("said that …"), unless the one after it
/// is nearer with a source between them ("…, the ministry said"), or the one before is far.
/// `cues` and `sources` are runs in sentence order.
fn cue_of(
    cues: &[Range<usize>],
    sources: &[Range<usize>],
    content: &Range<usize>,
) -> Option<Range<usize>> {
    let after = cues.partition_point(|c| c.end <= content.start);
    let left = after.checked_sub(1).and_then(|i| cues.get(i));
    let right = cues[after..].iter().find(|c| c.start >= content.end);
    match (left, right) {
        (Some(l), Some(r)) => {
            let first_after = sources.partition_point(|s| s.start < content.end);
            let source_between = sources.get(first_after).is_some_and(|s| s.end <= r.start);
            let (to_left, to_right) = (gap(l, content), gap(content, r));
            if (source_between && to_right <= to_left) || to_left > CONTENT_AFTER_CUE {
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

    /// Facts for a sentence of lower-case words, with no entities or quotes.
    fn facts(words: &[&str]) -> Facts {
        let n = words.len();
        Facts {
            lower: words.iter().map(|w| w.to_string()).collect(),
            words: words.iter().map(|w| w.to_string()).collect(),
            entity: vec![Option::None; n],
            mention_start: vec![false; n],
            in_quote: vec![false; n],
            listed: vec![false; n],
            sentences: std::iter::once(0..n).collect(),
        }
    }

    #[test]
    fn assembly_of_tagged_roles() {
        use Role::{Content as C, Cue as V, None as O, Source as S};
        // "the mayor fumed that the plan was dead ." : "that" is left out of what was said.
        let f = facts(&[
            "the", "mayor", "fumed", "that", "the", "plan", "was", "dead", ".",
        ]);
        let roles = [S, S, V, C, C, C, C, C, O];
        let found = assemble(&f, &roles);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cue, 2..3);
        assert_eq!(found[0].content, 4..8);
        assert_eq!(found[0].source, Some(0..2));

        // A hole of two untagged words is filled; one of three splits the content.
        let f = facts(&[
            "he", "said", "a", "b", "x", "y", "c", "d", "x", "y", "z", "e", "f",
        ]);
        let roles = [S, V, C, C, O, O, C, C, O, O, O, C, C];
        let contents: Vec<_> = assemble(&f, &roles)
            .into_iter()
            .map(|x| x.content)
            .collect();
        assert_eq!(contents, vec![2..8, 11..13]);

        // "the plan is dead , the mayor said": a source between the content and the cue after
        // it gives the content to that cue, not to one long before.
        let f = facts(&[
            "he", "wrote", "the", "plan", "is", "dead", ",", "the", "mayor", "said",
        ]);
        let roles = [S, V, C, C, C, C, O, S, S, V];
        let found = assemble(&f, &roles);
        assert_eq!(found[0].cue, 1..2, "the cue before is near");
        let f = facts(&[
            "wrote", "it", "so", "the", "plan", "dead", ",", "the", "mayor", "said",
        ]);
        let roles = [V, O, O, O, C, C, O, S, S, V];
        let found = assemble(&f, &roles);
        assert_eq!(found[0].cue, 9..10, "as near, with its source between");
        assert_eq!(found[0].source, Some(7..9));

        // A one-word content ("that it") is no content.
        let f = facts(&["she", "said", "that", "it", "."]);
        assert!(assemble(&f, &[S, V, C, C, O]).is_empty());
    }

    #[test]
    fn role_tagging_is_linear_in_a_long_sentence() {
        // One cue at the start of a 200,000-token sentence: each token's nearest cue is found
        // from arrays made once, so this takes a moment, not hours.
        let mut words = vec!["officials", "said"];
        words.extend(std::iter::repeat_n("word", 200_000));
        let f = facts(&words);
        let cues: Vec<bool> = (0..words.len()).map(|k| k == 1).collect();
        let mut roles = vec![Role::None; words.len()];
        let mut sink = Hashes::default();
        let mut scored = 0;
        let clusters = WordClusters::default();
        tag_sentence_roles(
            &f,
            &TokenClasses::new(&f, &clusters),
            0..words.len(),
            &cues,
            &mut roles,
            &mut sink,
            |_, _| {
                scored += 1;
                2
            },
        );
        assert_eq!(scored, words.len() - 1);
        assert_eq!(roles[1], Role::Cue);
        assert!(roles[2..].iter().all(|r| *r == Role::Content));
    }
}
