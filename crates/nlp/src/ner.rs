//! A named-entity mention tagger: a multiclass averaged perceptron over hashed string features,
//! BILOU labels over four CoNLL types (PER, ORG, LOC, MISC), decoded greedily left to right
//! with the label constraints enforced (an `I-` only after a `B-` or `I-` of its type …).
//!
//! The model file is plain text, one `feature<TAB>label=weight …` row per feature, so it can be
//! read, diffed and pruned by hand, like the sentence model.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::BuildHasherDefault;

use crate::data::{read_tsv, DataError};
use crate::perceptron::{hash_feature, IdentityHasher};

/// The entity types the tagger knows, in label order.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
/// O, then B, I, L, U for each type.
pub const LABELS: usize = 1 + 4 * TYPES.len();

type Weights = [f32; LABELS];
type Table<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// An entity: (type index into [`TYPES`], first token, one past the last).
pub type EntitySpan = (usize, usize, usize);

/// The position of a label inside its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// First of several tokens.
    Begin,
    /// Inside, neither first nor last.
    Inside,
    /// Last of several tokens.
    Last,
    /// The only token.
    Unit,
}

/// A label as an index: 0 is O; then four per type (B, I, L, U).
pub fn label(kind: usize, part: Part) -> usize {
    1 + kind * 4
        + match part {
            Part::Begin => 0,
            Part::Inside => 1,
            Part::Last => 2,
            Part::Unit => 3,
        }
}

/// The type and part of a label, `None` for O.
pub fn parts(label: usize) -> Option<(usize, Part)> {
    let l = label.checked_sub(1)?;
    let part = match l % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    };
    Some((l / 4, part))
}

/// The label's name (`O`, `B-PER`, `U-LOC` …).
pub fn label_name(label: usize) -> String {
    match parts(label) {
        None => "O".into(),
        Some((kind, part)) => {
            let p = match part {
                Part::Begin => "B",
                Part::Inside => "I",
                Part::Last => "L",
                Part::Unit => "U",
            };
            format!("{p}-{}", TYPES[kind])
        }
    }
}

fn label_from_name(name: &str) -> Option<usize> {
    (0..LABELS).find(|&l| label_name(l) == name)
}

/// True when `next` may follow `prev` (BILOU: an entity that begins must go on or end).
pub fn allowed(prev: usize, next: usize) -> bool {
    let open = matches!(parts(prev), Some((_, Part::Begin | Part::Inside)));
    match parts(next) {
        None | Some((_, Part::Begin | Part::Unit)) => !open,
        Some((kind, Part::Inside | Part::Last)) => {
            open && parts(prev).map(|(k, _)| k) == Some(kind)
        }
    }
}

/// Entity spans (type index, first token, one past the last) as BILOU labels.
pub fn encode(len: usize, spans: &[EntitySpan]) -> Vec<usize> {
    let mut labels = vec![0; len];
    for &(kind, start, end) in spans {
        if start >= end || end > len {
            continue;
        }
        if end - start == 1 {
            labels[start] = label(kind, Part::Unit);
            continue;
        }
        labels[start] = label(kind, Part::Begin);
        for l in &mut labels[start + 1..end - 1] {
            *l = label(kind, Part::Inside);
        }
        labels[end - 1] = label(kind, Part::Last);
    }
    labels
}

/// BILOU labels back to spans (type index, first token, one past the last); a broken sequence
/// ends its entity where it breaks.
pub fn decode(labels: &[usize]) -> Vec<EntitySpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        match parts(l) {
            None => {
                if let Some((k, s)) = open.take() {
                    spans.push((k, s, i));
                }
            }
            Some((k, Part::Unit)) => {
                if let Some((ok, s)) = open.take() {
                    spans.push((ok, s, i));
                }
                spans.push((k, i, i + 1));
            }
            Some((k, Part::Begin)) => {
                if let Some((ok, s)) = open.take() {
                    spans.push((ok, s, i));
                }
                open = Some((k, i));
            }
            Some((k, Part::Inside | Part::Last)) => {
                let start = match open {
                    Some((ok, s)) if ok == k => s,
                    Some((ok, s)) => {
                        spans.push((ok, s, i));
                        i
                    }
                    None => i,
                };
                if matches!(parts(l), Some((_, Part::Last))) {
                    spans.push((k, start, i + 1));
                    open = None;
                } else {
                    open = Some((k, start));
                }
            }
        }
    }
    if let Some((k, s)) = open {
        spans.push((k, s, labels.len()));
    }
    spans
}

/// The word's shape, runs collapsed: "Campbell" → "Xx", "U.S." → "X.X.", "1,500" → "d,d".
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    crate::sentences::word_shape(word, usize::MAX, &mut out);
    out
}

/// What the feature function knows of one sentence.
pub struct Sentence<'a> {
    /// The tokens as written.
    pub words: &'a [&'a str],
    /// The tokens lower-cased.
    pub lower: Vec<String>,
    /// Their shapes.
    pub shapes: Vec<String>,
    /// Names of dictionary lists each token's phrase belongs to, BILOU-marked ("B-media").
    pub lists: Vec<Vec<String>>,
}

impl<'a> Sentence<'a> {
    /// A sentence of tokens, with no dictionary marks.
    pub fn new(words: &'a [&'a str]) -> Sentence<'a> {
        Sentence {
            words,
            lower: words.iter().map(|w| w.to_lowercase()).collect(),
            shapes: words.iter().map(|w| shape(w)).collect(),
            lists: vec![Vec::new(); words.len()],
        }
    }
}

/// What the tagger knows of words beyond the training data: for each lower-cased word, marks
/// such as `capr:hi` (how often news writes it with a capital inside a sentence), read from a
/// `word<TAB>mark …` file built from unlabelled news.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    marks: HashMap<String, Vec<String>>,
    /// Names of one or more tokens (lower-cased, space-joined) and their lists.
    phrases: HashMap<String, Vec<String>>,
    /// The most tokens a phrase has.
    longest: usize,
    /// Word clusters from unlabelled news: each word is marked `cK=id` with its class at
    /// each granularity K.
    clusters: Option<std::sync::Arc<crate::clusters::WordClusters>>,
}

impl Lexicon {
    /// Parses `word<TAB>marks` rows (marks separated by spaces); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Lexicon, DataError> {
        let mut marks = HashMap::new();
        for row in read_tsv(file, text, &["word", "marks"])? {
            marks.insert(
                row.cells[0].to_string(),
                row.cells[1].split(' ').map(str::to_string).collect(),
            );
        }
        Ok(Lexicon {
            marks,
            ..Lexicon::default()
        })
    }

    /// Adds names from `phrase<TAB>lists` rows (tokens of the phrase separated by spaces, as
    /// the tokeniser splits them; lists separated by spaces).
    pub fn add_phrases(&mut self, file: &str, text: &str) -> Result<(), DataError> {
        for row in read_tsv(file, text, &["phrase", "lists"])? {
            let n = row.cells[0].split(' ').count();
            self.longest = self.longest.max(n);
            self.phrases.insert(
                row.cells[0].to_string(),
                row.cells[1].split(' ').map(str::to_string).collect(),
            );
        }
        Ok(())
    }

    /// Marks every word with its classes in `clusters`.
    pub fn with_clusters(
        mut self,
        clusters: std::sync::Arc<crate::clusters::WordClusters>,
    ) -> Self {
        self.clusters = Some(clusters);
        self
    }

    /// A sentence of tokens, each marked with what the lexicon knows of its word.
    pub fn sentence<'a>(&self, words: &'a [&'a str]) -> Sentence<'a> {
        let mut s = Sentence::new(words);
        for (i, lower) in s.lower.iter().enumerate() {
            if let Some(m) = self.marks.get(lower) {
                s.lists[i].extend(m.iter().cloned());
            }
        }
        if let Some(clusters) = &self.clusters {
            for (i, word) in words.iter().enumerate() {
                if let Some(ids) = clusters.get(word) {
                    for (k, id) in clusters.classes().iter().zip(ids) {
                        s.lists[i].push(format!("c{k}={id}"));
                    }
                }
            }
        }
        // Names: the longest phrase that starts at each capitalised token, marked BILOU-style.
        let n = words.len();
        let mut i = 0;
        while i < n {
            let mut matched: Option<(usize, &Vec<String>)> = None;
            if words[i].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
                let mut key = String::new();
                for len in 1..=self.longest.min(n - i) {
                    if len > 1 {
                        key.push(' ');
                    }
                    key.push_str(&s.lower[i + len - 1]);
                    if let Some(lists) = self.phrases.get(&key) {
                        matched = Some((len, lists));
                    }
                }
            }
            let len = matched.map_or(1, |(len, _)| len);
            if let Some((len, lists)) = matched {
                for l in lists {
                    for j in 0..len {
                        let part = match (len, j) {
                            (1, _) => "U",
                            (_, 0) => "B",
                            (_, j) if j + 1 == len => "L",
                            _ => "I",
                        };
                        s.lists[i + j].push(format!("{part}-{l}"));
                    }
                }
            }
            i += len;
        }
        s
    }
}

/// The feature hashes of token `i`, given the two labels before it, written into `out`.
pub fn features(s: &Sentence<'_>, i: usize, prev: usize, prev2: usize, out: &mut Vec<u64>) {
    out.clear();
    each_feature(s, i, prev, prev2, |f| out.push(hash_feature(f)));
}

/// The feature strings of token `i`, in the order `features` hashes them.
pub fn feature_strings(s: &Sentence<'_>, i: usize, prev: usize, prev2: usize) -> Vec<String> {
    let mut out = Vec::new();
    each_feature(s, i, prev, prev2, |f| out.push(f.to_string()));
    out
}

/// Calls `emit` with each feature string of token `i`: the word, its shape and affixes, its
/// neighbours, the labels before it, and the dictionary lists around it.
fn each_feature(s: &Sentence<'_>, i: usize, prev: usize, prev2: usize, mut emit: impl FnMut(&str)) {
    let mut buf = String::with_capacity(48);
    let mut add = |parts: std::fmt::Arguments<'_>| {
        buf.clear();
        let _ = buf.write_fmt(parts);
        emit(&buf);
    };
    let n = s.words.len();
    let at = |k: isize| -> Option<usize> {
        let j = i as isize + k;
        (j >= 0 && (j as usize) < n).then_some(j as usize)
    };
    let word = |k: isize| at(k).map_or("<s>", |j| s.lower[j].as_str());
    let shp = |k: isize| at(k).map_or("<s>", |j| s.shapes[j].as_str());
    let w = s.words[i];
    let lw = &s.lower[i];
    let sh = &s.shapes[i];
    let t1 = label_name(prev);
    let t2 = label_name(prev2);
    add(format_args!("b"));
    add(format_args!("w={lw}"));
    add(format_args!("W={w}"));
    add(format_args!("sh={sh}"));
    let chars: Vec<char> = lw.chars().collect();
    for k in 1..=4.min(chars.len()) {
        let p: String = chars[..k].iter().collect();
        let q: String = chars[chars.len() - k..].iter().collect();
        add(format_args!("p{k}={p}"));
        add(format_args!("s{k}={q}"));
    }
    add(format_args!("w-1={}", word(-1)));
    add(format_args!("w+1={}", word(1)));
    add(format_args!("w-2={}", word(-2)));
    add(format_args!("w+2={}", word(2)));
    add(format_args!("sh-1={}", shp(-1)));
    add(format_args!("sh+1={}", shp(1)));
    add(format_args!("sh-1|sh={}|{sh}", shp(-1)));
    add(format_args!("sh|sh+1={sh}|{}", shp(1)));
    add(format_args!("w-1|w={}|{lw}", word(-1)));
    add(format_args!("w|w+1={lw}|{}", word(1)));
    add(format_args!("first={}|{sh}", i == 0));
    add(format_args!("len={}", chars.len().min(12)));
    add(format_args!("t-1={t1}"));
    add(format_args!("t-2|t-1={t2}|{t1}"));
    add(format_args!("t-1|w={t1}|{lw}"));
    add(format_args!("t-1|sh={t1}|{sh}"));
    for l in &s.lists[i] {
        add(format_args!("list={l}"));
        add(format_args!("list|sh={l}|{sh}"));
    }
    if let Some(j) = at(-1) {
        for l in &s.lists[j] {
            add(format_args!("list-1={l}"));
        }
    }
    if let Some(j) = at(1) {
        for l in &s.lists[j] {
            add(format_args!("list+1={l}"));
        }
    }
}

/// A trained tagger.
#[derive(Clone, Default)]
pub struct NerModel {
    weights: Table<Weights>,
}

impl std::fmt::Debug for NerModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NerModel")
            .field("features", &self.weights.len())
            .finish()
    }
}

impl NerModel {
    /// Parses a model file (`feature<TAB>label=weight …` rows); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<NerModel, DataError> {
        let rows = read_tsv(file, text, &["feature", "weights"])?;
        let mut weights = Table::with_capacity_and_hasher(rows.len(), Default::default());
        for row in rows {
            let mut w = [0f32; LABELS];
            for pair in row.cells[1].split(' ').filter(|p| !p.is_empty()) {
                let bad = || DataError::Line {
                    file: file.into(),
                    line: row.line,
                    message: format!("`{pair}` is not label=weight with a known label"),
                };
                let (name, value) = pair.split_once('=').ok_or_else(bad)?;
                let l = label_from_name(name).ok_or_else(bad)?;
                w[l] = value.parse().map_err(|_| bad())?;
            }
            weights.insert(hash_feature(row.cells[0]), w);
        }
        Ok(NerModel { weights })
    }

    /// How many features it weighs.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True when it has no features.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    fn scores(&self, features: &[u64]) -> Weights {
        let mut total = [0f32; LABELS];
        for h in features {
            if let Some(w) = self.weights.get(h) {
                for (t, x) in total.iter_mut().zip(w) {
                    *t += x;
                }
            }
        }
        total
    }

    /// The BILOU labels of a sentence.
    pub fn tag(&self, s: &Sentence<'_>) -> Vec<usize> {
        greedy(s, |f| self.scores(f))
    }
}

/// Greedy left-to-right decoding under the BILOU constraints; the sentence's end closes any
/// open entity (its last label is never B or I).
fn greedy(s: &Sentence<'_>, mut score: impl FnMut(&[u64]) -> Weights) -> Vec<usize> {
    let n = s.words.len();
    let mut labels = Vec::with_capacity(n);
    let mut feats = Vec::with_capacity(64);
    let (mut prev, mut prev2) = (0, 0);
    for i in 0..n {
        features(s, i, prev, prev2, &mut feats);
        let scores = score(&feats);
        let last = i + 1 == n;
        let best = (0..LABELS)
            .filter(|&l| allowed(prev, l))
            .filter(|&l| !last || !matches!(parts(l), Some((_, Part::Begin | Part::Inside))))
            .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        labels.push(best);
        prev2 = prev;
        prev = best;
    }
    labels
}

/// Trains a tagger: an averaged multiclass perceptron, learning from its own greedy decoding.
#[derive(Default)]
pub struct NerTrainer {
    /// Current weights, their running sums (for the average), and the feature names.
    weights: Table<(Weights, [f64; LABELS])>,
    names: Table<String>,
    counts: Table<u32>,
    step: u64,
}

impl std::fmt::Debug for NerTrainer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NerTrainer")
            .field("features", &self.weights.len())
            .field("step", &self.step)
            .finish()
    }
}

impl NerTrainer {
    /// Remembers the names of a sentence's features (for the model file) and counts them.
    pub fn name_features(&mut self, s: &Sentence<'_>, gold: &[usize]) {
        for i in 0..s.words.len().min(gold.len()) {
            let prev = if i > 0 { gold[i - 1] } else { 0 };
            let prev2 = if i > 1 { gold[i - 2] } else { 0 };
            each_feature(s, i, prev, prev2, |name| {
                let h = hash_feature(name);
                *self.counts.entry(h).or_default() += 1;
                self.names.entry(h).or_insert_with(|| name.to_string());
            });
        }
    }

    /// One pass over a sentence: decode with the current weights, and where a label is wrong,
    /// move weight from the wrong label to the right one. Returns how many labels were wrong.
    pub fn learn(&mut self, s: &Sentence<'_>, gold: &[usize]) -> usize {
        let mut wrong = 0;
        let mut feats = Vec::with_capacity(64);
        let (mut prev, mut prev2) = (0, 0);
        for (i, &truth) in gold.iter().enumerate().take(s.words.len()) {
            self.step += 1;
            features(s, i, prev, prev2, &mut feats);
            let mut scores = [0f32; LABELS];
            for h in &feats {
                if let Some((w, _)) = self.weights.get(h) {
                    for (t, x) in scores.iter_mut().zip(w) {
                        *t += x;
                    }
                }
            }
            let guess = (0..LABELS)
                .filter(|&l| allowed(prev, l))
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            if guess != truth {
                wrong += 1;
                let step = self.step as f64;
                for h in &feats {
                    let (w, sums) = self
                        .weights
                        .entry(*h)
                        .or_insert(([0.0; LABELS], [0.0; LABELS]));
                    // Sums hold step × change, so that the average is w − sums / step.
                    w[truth] += 1.0;
                    sums[truth] += step;
                    w[guess] -= 1.0;
                    sums[guess] -= step;
                }
            }
            // Learn along the gold path: the next token sees the true labels before it.
            prev2 = prev;
            prev = truth;
        }
        wrong
    }

    /// The averaged model as a model file, keeping features seen at least `min_count` times
    /// and weights of at least `min_abs`.
    pub fn finish(&self, header: &str, min_count: u32, min_abs: f32) -> String {
        let step = self.step.max(1) as f64;
        let mut rows: Vec<(&str, String)> = Vec::new();
        for (h, (w, sums)) in &self.weights {
            if self.counts.get(h).copied().unwrap_or(0) < min_count {
                continue;
            }
            let Some(name) = self.names.get(h) else {
                continue;
            };
            let mut cells = String::new();
            for l in 0..LABELS {
                let avg = (w[l] as f64 - sums[l] / step) as f32;
                if avg.abs() >= min_abs {
                    let _ = write!(cells, "{}={:.3} ", label_name(l), avg);
                }
            }
            if !cells.is_empty() {
                cells.pop();
                rows.push((name.as_str(), cells));
            }
        }
        rows.sort();
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        out.push_str("feature\tweights\n");
        for (name, cells) in rows {
            let _ = writeln!(out, "{name}\t{cells}");
        }
        out
    }

    /// Tags with the current (not averaged) weights, to follow progress between passes.
    pub fn tag(&self, s: &Sentence<'_>) -> Vec<usize> {
        greedy(s, |f| {
            let mut total = [0f32; LABELS];
            for h in f {
                if let Some((w, _)) = self.weights.get(h) {
                    for (t, x) in total.iter_mut().zip(w) {
                        *t += x;
                    }
                }
            }
            total
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_survive_bilou_both_ways() {
        let spans = vec![(0, 0, 2), (2, 3, 4), (1, 5, 8)];
        let labels = encode(9, &spans);
        let names: Vec<String> = labels.iter().map(|&l| label_name(l)).collect();
        assert_eq!(
            names,
            ["B-PER", "L-PER", "O", "U-LOC", "O", "B-ORG", "I-ORG", "L-ORG", "O"]
        );
        assert_eq!(decode(&labels), spans);
        // A broken sequence still gives spans, cut where it breaks.
        let broken = [label(0, Part::Inside), label(1, Part::Last), 0];
        assert_eq!(decode(&broken), vec![(0, 0, 1), (1, 1, 2)]);
    }

    #[test]
    fn only_well_formed_sequences_are_allowed() {
        let b_per = label(0, Part::Begin);
        let i_per = label(0, Part::Inside);
        let l_org = label(1, Part::Last);
        assert!(allowed(0, b_per) && allowed(b_per, i_per));
        assert!(!allowed(0, i_per), "an entity cannot start inside");
        assert!(!allowed(b_per, 0), "an open entity must end");
        assert!(!allowed(b_per, l_org), "nor end as another type");
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Campbell"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1,500"), "d,d");
        assert_eq!(shape("al-Baghdadi"), "x-Xx");
    }

    #[test]
    fn the_trainer_learns_names_in_context_and_the_model_round_trips() {
        let data: Vec<(Vec<&str>, Vec<EntitySpan>)> = vec![
            (
                vec!["John", "Smith", "visited", "Kabul", "."],
                vec![(0, 0, 2), (2, 3, 4)],
            ),
            (
                vec!["Officials", "in", "Kabul", "met", "Mary", "Jones"],
                vec![(2, 2, 3), (0, 4, 6)],
            ),
            (
                vec!["The", "Reuters", "agency", "said", "so"],
                vec![(1, 1, 2)],
            ),
            (
                vec!["Reuters", "reported", "from", "Kabul"],
                vec![(1, 0, 1), (2, 3, 4)],
            ),
        ];
        let mut t = NerTrainer::default();
        for (w, spans) in &data {
            t.name_features(&Sentence::new(w), &encode(w.len(), spans));
        }
        for _ in 0..10 {
            for (w, spans) in &data {
                t.learn(&Sentence::new(w), &encode(w.len(), spans));
            }
        }
        let model = NerModel::parse("m", &t.finish("toy", 1, 0.0)).unwrap();
        assert!(!model.is_empty());
        for (w, spans) in &data {
            assert_eq!(&decode(&model.tag(&Sentence::new(w))), spans, "{w:?}");
        }
    }

    #[test]
    fn the_lexicon_marks_the_longest_name_bilou_style() {
        let mut lex = Lexicon::parse("w", "word\tmarks\nsaid\tverb\n").unwrap();
        lex.add_phrases(
            "p",
            "phrase\tlists\nislamic state\tgaz:ORG\nislamic\tgaz:MISC\nkabul\tgaz:LOC\n",
        )
        .unwrap();
        let words = ["The", "Islamic", "State", "said", "Kabul", "kabul"];
        let s = lex.sentence(&words);
        assert_eq!(s.lists[1], ["B-gaz:ORG"]);
        assert_eq!(s.lists[2], ["L-gaz:ORG"]);
        assert_eq!(s.lists[3], ["verb"]);
        assert_eq!(s.lists[4], ["U-gaz:LOC"]);
        assert!(s.lists[5].is_empty(), "a name starts with a capital");
    }

    #[test]
    fn a_bad_model_line_names_its_line() {
        let err = NerModel::parse("m.tsv", "feature\tweights\nb\tB-PER=1.0 X-Y=2\n").unwrap_err();
        assert!(err.to_string().starts_with("m.tsv:2:"), "{err}");
    }
}
