//! Sentence segmentation: a trained classifier decides at each candidate gap between tokens.
//!
//! Candidates are the gaps after sentence-final punctuation, abbreviations, closing quotes and
//! brackets, colons and semicolons, line breaks, and before any capitalised token (web text
//! often drops the final period). A paragraph break (a blank line) always ends a sentence. The
//! classifier is an averaged perceptron (`data/models/sentences.tsv`, trained by
//! `wirewatch train sentences`) over the words, shapes and abbreviation kinds around the gap.
//! Its features are defined once, in [`features`], and used by both training and inference.

use std::collections::HashSet;

use wirewatch_doc::TokenKind;

use crate::abbrev::{AbbrevKind, Abbreviations};
use crate::perceptron::{FeatureSink, Perceptron};
use crate::tokenize::RawToken;

/// What the text says about the gap after a token, before any model is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    /// Not a place where a sentence could end.
    Inside,
    /// A place to ask the model.
    Candidate,
    /// A sentence ends here whatever the model says (paragraph break, end of text).
    Boundary,
}

/// Everything the features of one gap can see.
#[derive(Debug)]
pub struct Context<'a> {
    /// The normalised text.
    pub text: &'a str,
    /// Its tokens.
    pub tokens: &'a [RawToken],
    /// The abbreviation list.
    pub abbrevs: &'a Abbreviations,
    /// Lower-case function words that open sentences (`data/lang/en/sentence_openers.txt`).
    pub openers: &'a HashSet<String>,
}

impl Context<'_> {
    fn tok(&self, i: isize) -> Option<&str> {
        if i < 0 {
            return None;
        }
        self.tokens
            .get(i as usize)
            .map(|t| &self.text[t.span.range()])
    }

    /// A capitalised function word that opens sentences ("The", "She"; not "I", not "THE").
    fn is_opener(&self, word: &str) -> bool {
        word.len() > 1
            && word.starts_with(|c: char| c.is_uppercase())
            && !word.chars().all(char::is_uppercase)
            && self.openers.contains(&word.to_lowercase())
    }

    /// Line breaks between token `i` and the next.
    pub fn newlines_after(&self, i: usize) -> usize {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => self.text[a.span.end as usize..b.span.start as usize]
                .bytes()
                .filter(|&b| b == b'\n')
                .count(),
            _ => 0,
        }
    }

    /// Classifies the gap after token `i`.
    pub fn gap(&self, i: usize) -> Gap {
        if i + 1 >= self.tokens.len() {
            return Gap::Boundary;
        }
        let nl = self.newlines_after(i);
        if nl >= 2 {
            return Gap::Boundary;
        }
        let t0 = self.tokens[i];
        let w0 = &self.text[t0.span.range()];
        let t1 = self.tokens[i + 1];
        let w1 = &self.text[t1.span.range()];
        let closing = matches!(w0, "\"" | "'" | "''" | ")" | "]" | "»" | "'s");
        let ends = w0.ends_with(['.', '!', '?', ':', ';']) || t0.kind == TokenKind::Abbreviation;
        let next_lower = w1.chars().next().is_some_and(char::is_lowercase)
            && !matches!(
                t1.kind,
                TokenKind::Url | TokenKind::Email | TokenKind::Handle | TokenKind::Hashtag
            );
        if nl == 0 && t0.kind == TokenKind::Abbreviation {
            // "Gen. Campbell", "co. at the party": an abbreviation's period before a name or a
            // lower-case word is not a boundary; before "How" or "The" it is.
            match self.abbrevs.get(w0) {
                Some(AbbrevKind::Title) => return Gap::Inside,
                _ if next_lower => return Gap::Inside,
                _ if self.is_opener(w1) => return Gap::Boundary,
                _ => {}
            }
        }
        if nl == 0
            && matches!(w0, "\"" | "'" | "''" | "»")
            && i > 0
            && !self.tokens[i - 1].space_after
            && t0.space_after
            && self
                .tok(i as isize - 1)
                .is_some_and(|w| w.ends_with(['.', '!', '?']))
            && self.is_opener(w1)
        {
            return Gap::Boundary; // '"We will see..." She did not answer.'
        }
        if nl == 0
            && w0 == "!"
            && next_lower
            && i > 0
            && !self.tokens[i - 1].space_after
            && self
                .tok(i as isize - 1)
                .is_some_and(|w| w.starts_with(char::is_uppercase))
        {
            return Gap::Inside; // a name with "!": "She works at Yahoo! in the accounting department."
        }
        if nl == 0 && matches!(w0, ")" | "]") && (next_lower || self.inserted_bracket(i)) {
            // "(… an engineer.) at the local University"; "for my staff, [although] I have"
            return Gap::Inside;
        }
        if nl == 0 && w0.bytes().all(|b| b == b'-') && t0.kind == TokenKind::Punct {
            // A dash ends no sentence of news: "MOSCOW, January 16 (Sputnik) -- A top …"
            return Gap::Inside;
        }
        if nl == 1 || ends || closing {
            return Gap::Candidate;
        }
        // A sentence rarely starts with a lower-case word, a clitic or closing punctuation,
        // or right after an opening one.
        let attached = matches!(w1, "," | ";" | ")" | "]" | "%") || t1.kind == TokenKind::Clitic;
        let opening = matches!(w0, "(" | "[" | "$" | "#" | "@" | "/");
        // Between a word and a capitalised name ("told Reuters", "John Campbell") news never
        // breaks a sentence; web text sometimes does ("… 08:02 PM All:", "Thanks, Sean Here
        // you go"), hence the exceptions, but asking the model at every name costs a third of
        // the time and it is rarely right.
        let plain = t0.kind == TokenKind::Word
            && t1.kind == TokenKind::Word
            && w0.chars().any(char::is_lowercase)
            && !self.is_opener(w1);
        if next_lower || attached || opening || plain {
            Gap::Inside
        } else {
            Gap::Candidate
        }
    }
}

impl Context<'_> {
    /// True when the bracket closing at token `close` was opened in the middle of a sentence
    /// and holds no sentence end of its own: an insertion, not a sentence in brackets.
    fn inserted_bracket(&self, close: usize) -> bool {
        let open = if self.tok(close as isize) == Some("]") {
            "["
        } else {
            "("
        };
        let Some(opener) = (close.saturating_sub(40)..close)
            .rev()
            .find(|&j| self.tok(j as isize) == Some(open))
        else {
            return false;
        };
        let before = opener.checked_sub(1).and_then(|j| self.tok(j as isize));
        let mid_sentence = before.is_some_and(|w| !w.ends_with(['.', '!', '?', ':', '"']));
        let inner_end = self
            .tok(close as isize - 1)
            .is_some_and(|w| w.ends_with(['.', '!', '?']));
        mid_sentence && !inner_end && opener + 1 < close
    }
}

/// The shape of a token's first 24 characters (the sentence features' shape).
fn shape(word: &str, out: &mut String) {
    word_shape(word, 24, out);
}

/// The shape of a word's first `max_chars` characters: character classes with repeats
/// collapsed ("Xx", "X.X.", "d,d"), appended to `out`.
pub fn word_shape(word: &str, max_chars: usize, out: &mut String) {
    let mut last = None;
    for c in word.chars().take(max_chars) {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if last != Some(class) {
            out.push(class);
            last = Some(class);
        }
    }
}

fn class(word: Option<&str>, kind: Option<TokenKind>) -> &'static str {
    let Some(w) = word else { return "none" };
    match w {
        "." => "period",
        "!" | "?" => "bang",
        "..." => "ellipsis",
        "\"" | "'" | "»" => "quote",
        ")" | "]" => "close",
        "(" | "[" => "open",
        ":" | ";" => "colon",
        "," => "comma",
        _ if w.starts_with(['!', '?']) => "bangs",
        _ if w.starts_with("..") || w.starts_with(". .") => "ellipsis",
        _ if w.starts_with('-') => "dash",
        _ => match kind {
            Some(TokenKind::Abbreviation) => "abbrev",
            Some(TokenKind::Url) => "url",
            Some(TokenKind::Email) | Some(TokenKind::Handle) => "address",
            Some(TokenKind::Hashtag) => "hashtag",
            Some(TokenKind::Number) => "number",
            Some(TokenKind::Word) | Some(TokenKind::Clitic) => {
                if w.len() > 1 && w.chars().all(|c| !c.is_lowercase()) {
                    "caps"
                } else if w.chars().next().is_some_and(char::is_uppercase) {
                    "cap"
                } else {
                    "low"
                }
            }
            _ => "other",
        },
    }
}

/// Buffers reused from one candidate to the next, so scoring allocates nothing.
#[derive(Debug, Default)]
pub struct Scratch {
    words: [String; 5],
    shapes: [String; 4],
    buf: String,
}

fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Writes the features of the gap after token `i` into `sink`. `sentence_len` is the number of
/// tokens since the last boundary, token `i` included.
pub fn features(
    cx: &Context<'_>,
    i: usize,
    sentence_len: usize,
    scratch: &mut Scratch,
    sink: &mut impl FeatureSink,
) {
    let ii = i as isize;
    let kind = |j: isize| {
        (j >= 0)
            .then(|| cx.tokens.get(j as usize).map(|t| t.kind))
            .flatten()
    };
    let Scratch { words, shapes, buf } = scratch;
    for (k, w) in words.iter_mut().enumerate() {
        lower_into(cx.tok(ii - 2 + k as isize).unwrap_or(""), w);
    }
    for (k, s) in shapes.iter_mut().enumerate() {
        s.clear();
        shape(cx.tok(ii - 1 + k as isize).unwrap_or(""), s);
    }
    let [w_2, w_1, w0, w1, w2] = &*words;
    let [s_1, s0, s1, s2] = &*shapes;
    // Features are built by appending pieces (no formatting machinery: this is the hot path).
    macro_rules! feature {
        ($($piece:expr),+) => {{
            buf.clear();
            $(buf.push_str($piece);)+
            sink.add(buf);
        }};
    }
    let c0 = class(cx.tok(ii), kind(ii));
    let c1 = class(cx.tok(ii + 1), kind(ii + 1));
    let c_1 = class(cx.tok(ii - 1), kind(ii - 1));
    let c2 = class(cx.tok(ii + 2), kind(ii + 2));
    let abbrev = match kind(ii) {
        Some(TokenKind::Abbreviation) => match cx.abbrevs.get(cx.tok(ii).unwrap_or("")) {
            Some(k) => k.as_str(),
            None if w0.len() == 2 => "initial",
            None => "dotted",
        },
        _ => "no",
    };
    let nl = ["0", "1", "2"][cx.newlines_after(i).min(2)];
    let space = if cx.tokens.get(i).is_some_and(|t| t.space_after) {
        "true"
    } else {
        "false"
    };
    let len_bucket = match sentence_len {
        0..=1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4",
        6..=10 => "6",
        11..=20 => "11",
        21..=40 => "21",
        _ => "41",
    };

    feature!("bias");
    feature!("w0=", &w0);
    feature!("w1=", &w1);
    feature!("w-1=", &w_1);
    feature!("w2=", &w2);
    feature!("s0=", &s0);
    feature!("s1=", &s1);
    feature!("s-1=", &s_1);
    feature!("c0=", &c0, "|c1=", &c1);
    feature!("c-1=", &c_1, "|c0=", &c0, "|c1=", &c1);
    feature!("c0=", &c0, "|c1=", &c1, "|c2=", &c2);
    feature!("c0=", &c0, "|s1=", &s1);
    feature!("w0=", &w0, "|s1=", &s1);
    feature!("w-1=", &w_1, "|w0=", &w0);
    feature!("w-1=", &w_1, "|c0=", &c0, "|s1=", &s1);
    feature!("w0=", &w0, "|w1=", &w1);
    feature!("c0=", &c0, "|w1=", &w1);
    feature!("s-1=", &s_1, "|c0=", &c0, "|s1=", &s1);
    feature!("c1=", &c1, "|s2=", &s2);
    feature!("ab=", &abbrev, "|s1=", &s1);
    feature!("ab=", &abbrev, "|c1=", &c1, "|c2=", &c2);
    feature!("nl=", &nl, "|c0=", &c0, "|c1=", &c1);
    feature!("space=", &space, "|c0=", &c0, "|c1=", &c1);
    feature!("len=", &len_bucket, "|c0=", &c0);
    feature!("len=", &len_bucket, "|c0=", &c0, "|c1=", &c1);
    feature!("w1=", &w1, "|w2=", &w2);
    feature!("s0=", &s0, "|s1=", &s1);
    feature!("w0=", &w0, "|c1=", &c1);
    feature!("s1=", &s1, "|s2=", &s2);
    feature!("w-1=", &w_1, "|w0=", &w0, "|s1=", &s1);
    feature!("s-1=", &s_1, "|s0=", &s0, "|s1=", &s1, "|s2=", &s2);
    let suffix0 = &w0[w0.char_indices().rev().nth(2).map_or(0, |(k, _)| k)..];
    let prefix1 = &w1[..w1.char_indices().nth(3).map_or(w1.len(), |(k, _)| k)];
    feature!("suf0=", suffix0, "|c1=", c1);
    feature!("c0=", c0, "|pre1=", prefix1);
    feature!("w-2=", &w_2, "|c-1=", &c_1, "|c0=", &c0);
}

/// Splits tokens into sentences.
#[derive(Clone, Debug)]
pub struct Segmenter {
    model: Perceptron,
}

impl Segmenter {
    /// A segmenter using `model`.
    pub fn new(model: Perceptron) -> Segmenter {
        Segmenter { model }
    }

    /// The sentences of `tokens`, as half-open ranges of token indexes.
    pub fn segment(&self, cx: &Context<'_>) -> Vec<std::ops::Range<u32>> {
        let mut sentences = Vec::new();
        let mut scratch = Scratch::default();
        let mut start = 0usize;
        let forced = crate::lists::list_gaps(cx);
        let mut forced = forced.iter().peekable();
        for i in 0..cx.tokens.len() {
            let mut gap = cx.gap(i);
            if let Some(&(_, g)) = forced.next_if(|(at, _)| *at == i) {
                if gap != Gap::Boundary || i + 1 < cx.tokens.len() && cx.newlines_after(i) < 2 {
                    gap = g;
                }
            }
            let boundary = match gap {
                Gap::Inside => false,
                Gap::Boundary => true,
                Gap::Candidate => {
                    let mut scorer = self.model.scorer();
                    features(cx, i, i + 1 - start, &mut scratch, &mut scorer);
                    scorer.score > 0.0
                }
            };
            if boundary {
                sentences.push(start as u32..i as u32 + 1);
                start = i + 1;
            }
        }
        sentences
    }
}
