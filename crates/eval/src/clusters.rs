//! Word clusters by the exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney 1998),
//! for the entity tagger's cluster features (`wirewatch train clusters`).
//!
//! The words of a corpus are put into a fixed number of classes so that the class bigram model
//! P(w_i | w_i-1) = P(c_i | c_i-1) · P(w_i | c_i) gives the corpus the highest likelihood we can
//! find: starting from the most frequent words one per class and the rest round-robin, each word
//! in turn (most frequent first) is taken out of its class and put into the class that gains
//! the most log-likelihood, until few words move. With maximum-likelihood estimates the
//! log-likelihood is, up to a constant, Σ N(g,h) log N(g,h) − 2 Σ N(c) log N(c) over the class
//! bigram and class counts, so a move only changes the rows and columns of two classes: adding a
//! word to a class costs O(number of classes its neighbours are in), and trying every class
//! O(classes × that). The words' neighbour classes are recounted from sparse word bigram counts
//! each time a word is visited; the class bigram counts are a dense matrix kept with its
//! transpose so both the row and the column of a class are contiguous. The candidates of a
//! frequent word are shared out among threads.
//!
//! Sentence boundaries are a token of their own, in a class of its own that never changes, so
//! no bigram crosses a sentence. Words seen fewer than `min_count` times are not clustered: they
//! are one "rare" token, also in a fixed class of its own. Numbers are one word,
//! [`wirewatch_nlp::clusters::NUMBER`].

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Instant;

use wirewatch_nlp::clusters::cluster_key;
use wirewatch_nlp::TextLayer;

/// Stands for a word too rare to be clustered in [`Corpus::sentences`].
pub const RARE: u32 = u32::MAX;

/// The sentences of plain text as the text layer splits them, each a list of token strings of
/// the normalised text (what the tagger sees at run time).
pub fn text_sentences(layer: &TextLayer, text: &str) -> Vec<Vec<String>> {
    let (norm, tokens) = layer.tokenize(text);
    layer
        .segment(&norm.text, &tokens)
        .into_iter()
        .map(|r| {
            tokens[r.start as usize..r.end as usize]
                .iter()
                .map(|t| norm.text[t.span.range()].to_string())
                .collect()
        })
        .collect()
}

/// Collects tokenised sentences, counting words (numbers as one word, case kept).
#[derive(Debug, Default)]
pub struct CorpusBuilder {
    index: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    sentences: Vec<Vec<u32>>,
    tokens: u64,
}

impl CorpusBuilder {
    /// Adds one sentence (an empty one is ignored).
    pub fn add_sentence<'a>(&mut self, tokens: impl IntoIterator<Item = &'a str>) {
        let ids: Vec<u32> = tokens
            .into_iter()
            .map(|t| {
                let key = cluster_key(t);
                let id = match self.index.get(key) {
                    Some(&id) => id,
                    None => {
                        let id = self.words.len() as u32;
                        self.index.insert(key.to_string(), id);
                        self.words.push(key.to_string());
                        self.counts.push(0);
                        id
                    }
                };
                self.counts[id as usize] += 1;
                id
            })
            .collect();
        if !ids.is_empty() {
            self.tokens += ids.len() as u64;
            self.sentences.push(ids);
        }
    }

    /// Tokens added so far.
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// Sentences added so far.
    pub fn sentences(&self) -> usize {
        self.sentences.len()
    }

    /// The corpus, with the words seen at least `min_count` times numbered from the most
    /// frequent (ties by the word) and the others [`RARE`].
    pub fn finish(self, min_count: u64) -> Corpus {
        let types = self.words.len();
        let mut order: Vec<u32> = (0..types as u32)
            .filter(|&i| self.counts[i as usize] >= min_count)
            .collect();
        order.sort_unstable_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then_with(|| self.words[a as usize].cmp(&self.words[b as usize]))
        });
        let mut new_id = vec![RARE; types];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let mut sentences = self.sentences;
        let mut rare_tokens = 0;
        for s in &mut sentences {
            for id in s.iter_mut() {
                *id = new_id[*id as usize];
                rare_tokens += u64::from(*id == RARE);
            }
        }
        let mut words_old = self.words;
        let words = order
            .iter()
            .map(|&i| std::mem::take(&mut words_old[i as usize]))
            .collect();
        Corpus {
            words,
            counts: order.iter().map(|&i| self.counts[i as usize]).collect(),
            sentences,
            tokens: self.tokens,
            types,
            rare_tokens,
        }
    }
}

/// A corpus ready for clustering.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The words to cluster, most frequent first.
    pub words: Vec<String>,
    /// Their counts.
    pub counts: Vec<u64>,
    /// The sentences as indices into `words`, or [`RARE`].
    pub sentences: Vec<Vec<u32>>,
    /// All tokens.
    pub tokens: u64,
    /// Distinct words, rare ones included.
    pub types: usize,
    /// Tokens of rare words.
    pub rare_tokens: u64,
}

/// Sparse word bigram counts over sentences with a boundary token between them: the words are
/// `0..words`, then the boundary, then the rare token.
#[derive(Debug, Clone)]
pub struct Bigrams {
    words: usize,
    /// Occurrences of each id in the token stream (boundaries included).
    counts: Vec<u64>,
    succ_start: Vec<usize>,
    /// (next id, count), by id.
    succ: Vec<(u32, u32)>,
    pred_start: Vec<usize>,
    /// (previous id, count), by id.
    pred: Vec<(u32, u32)>,
}

fn csr(keys: &mut [u64], ids: usize) -> (Vec<usize>, Vec<(u32, u32)>) {
    keys.sort_unstable();
    let mut start = vec![0usize; ids + 1];
    let mut list: Vec<(u32, u32)> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i;
        while j < keys.len() && keys[j] == keys[i] {
            j += 1;
        }
        let (a, b) = ((keys[i] >> 32) as usize, keys[i] as u32);
        start[a + 1] += 1;
        list.push((b, (j - i) as u32));
        i = j;
    }
    for a in 0..ids {
        start[a + 1] += start[a];
    }
    (start, list)
}

impl Bigrams {
    /// Counts the bigrams of `sentences`, whose ids are below `words` or [`RARE`] (any larger id
    /// counts as rare).
    pub fn new(sentences: &[Vec<u32>], words: usize) -> Bigrams {
        let boundary = words as u32;
        let rare = boundary + 1;
        let ids = words + 2;
        let map = |id: u32| if (id as usize) < words { id } else { rare };
        let mut counts = vec![0u64; ids];
        counts[boundary as usize] = 1;
        let mut keys = Vec::new();
        for s in sentences.iter().filter(|s| !s.is_empty()) {
            let mut prev = boundary;
            for &id in s {
                let id = map(id);
                counts[id as usize] += 1;
                keys.push((u64::from(prev) << 32) | u64::from(id));
                prev = id;
            }
            keys.push((u64::from(prev) << 32) | u64::from(boundary));
            counts[boundary as usize] += 1;
        }
        let (succ_start, succ) = csr(&mut keys, ids);
        for k in &mut keys {
            *k = k.rotate_left(32);
        }
        let (pred_start, pred) = csr(&mut keys, ids);
        Bigrams {
            words,
            counts,
            succ_start,
            succ,
            pred_start,
            pred,
        }
    }

    /// Number of words to cluster.
    pub fn words(&self) -> usize {
        self.words
    }

    /// Bigrams in the stream (tokens and sentence ends).
    pub fn len(&self) -> u64 {
        self.counts.iter().sum::<u64>() - 1
    }

    /// True when there are no sentences.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The words that follow `id` (the boundary is `words()`, the rare token `words() + 1`),
    /// with their counts.
    pub fn successors(&self, id: usize) -> &[(u32, u32)] {
        &self.succ[self.succ_start[id]..self.succ_start[id + 1]]
    }

    /// The words that precede `id`, with their counts.
    pub fn predecessors(&self, id: usize) -> &[(u32, u32)] {
        &self.pred[self.pred_start[id]..self.pred_start[id + 1]]
    }
}

/// How long the exchange runs and on how many threads.
#[derive(Debug, Clone, Copy)]
pub struct ExchangeOptions {
    /// Passes over the words at most.
    pub max_iterations: usize,
    /// Stop after a pass that moved fewer than this share of the words.
    pub min_moved: f64,
    /// Threads that share out a frequent word's candidate classes.
    pub threads: usize,
}

impl Default for ExchangeOptions {
    fn default() -> Self {
        ExchangeOptions {
            max_iterations: 15,
            min_moved: 0.001,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// What the exchange reports before the first pass (iteration 0) and after each pass.
#[derive(Debug, Clone, Copy)]
pub struct Iteration {
    /// Pass number, 0 for the initial clustering.
    pub iteration: usize,
    /// Words that changed class in the pass.
    pub moved: usize,
    /// Words clustered.
    pub words: usize,
    /// Log-likelihood (natural log) of the corpus under the class bigram model.
    pub log_likelihood: f64,
    /// exp(−log-likelihood / bigrams).
    pub perplexity: f64,
    /// Seconds since the exchange started.
    pub seconds: f64,
}

/// x ln x, from a table for small counts.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new() -> XLogX {
        XLogX(
            (0..1u64 << 16)
                .map(|x| {
                    if x == 0 {
                        0.0
                    } else {
                        x as f64 * (x as f64).ln()
                    }
                })
                .collect(),
        )
    }

    #[inline]
    fn f(&self, x: u64) -> f64 {
        match self.0.get(x as usize) {
            Some(&v) => v,
            None => x as f64 * (x as f64).ln(),
        }
    }
}

/// The counts of a clustering: `k` movable classes, then the boundary's and the rare token's.
struct State {
    m: usize,
    class: Vec<u32>,
    /// N(g, h), row-major.
    n: Vec<u32>,
    /// N(h, g): the transpose.
    nt: Vec<u32>,
    /// Tokens in each class.
    nc: Vec<u64>,
    /// Words in each class.
    members: Vec<u32>,
}

impl State {
    fn new(bigrams: &Bigrams, k: usize, class: Vec<u32>) -> State {
        let m = k + 2;
        let mut s = State {
            m,
            n: vec![0; m * m],
            nt: vec![0; m * m],
            nc: vec![0; m],
            members: vec![0; m],
            class,
        };
        for id in 0..bigrams.words + 2 {
            let g = s.class[id] as usize;
            s.nc[g] += bigrams.counts[id];
            s.members[g] += 1;
            for &(v, c) in bigrams.successors(id) {
                let h = s.class[v as usize] as usize;
                s.n[g * m + h] += c;
                s.nt[h * m + g] += c;
            }
        }
        s
    }

    /// The exact log-likelihood: Σ N(g,h) ln N(g,h) − Σ row ln row − Σ column ln column plus
    /// Σ n'(w) ln n'(w), where n'(w) counts w's predicted occurrences (all but the first
    /// boundary).
    fn log_likelihood(&self, bigrams: &Bigrams, fx: &XLogX) -> f64 {
        let m = self.m;
        let mut ll = 0.0;
        for g in 0..m {
            let row = &self.n[g * m..(g + 1) * m];
            let col = &self.nt[g * m..(g + 1) * m];
            ll += row.iter().map(|&x| fx.f(x.into())).sum::<f64>();
            ll -= fx.f(row.iter().map(|&x| u64::from(x)).sum());
            ll -= fx.f(col.iter().map(|&x| u64::from(x)).sum());
        }
        let boundary = bigrams.words;
        for (id, &c) in bigrams.counts.iter().enumerate() {
            ll += fx.f(if id == boundary { c - 1 } else { c });
        }
        ll
    }

    /// Adds (`sign` 1) or removes (`sign` −1) word `w`'s bigrams to or from class `b`.
    fn update(&mut self, b: usize, ctx: &Context, nw: u64, sign: i64) {
        let m = self.m;
        let apply = |x: &mut u32, d: u32| {
            *x = (i64::from(*x) + sign * i64::from(d)) as u32;
        };
        for &(c, l) in &ctx.left {
            apply(&mut self.n[c as usize * m + b], l);
            apply(&mut self.nt[b * m + c as usize], l);
        }
        for &(c, r) in &ctx.right {
            apply(&mut self.n[b * m + c as usize], r);
            apply(&mut self.nt[c as usize * m + b], r);
        }
        apply(&mut self.n[b * m + b], ctx.own);
        apply(&mut self.nt[b * m + b], ctx.own);
        self.nc[b] = (self.nc[b] as i64 + sign * nw as i64) as u64;
        self.members[b] = (i64::from(self.members[b]) + sign) as u32;
    }

    /// The log-likelihood gained by adding the word of `ctx` (out of every class) to class `b`.
    #[inline]
    fn gain(&self, b: usize, ctx: &Context, nw: u64, fx: &XLogX) -> f64 {
        let m = self.m;
        let row = &self.n[b * m..(b + 1) * m];
        let col = &self.nt[b * m..(b + 1) * m];
        let mut g = 0.0;
        for &(c, l) in &ctx.left {
            let x = u64::from(col[c as usize]);
            g += fx.f(x + u64::from(l)) - fx.f(x);
        }
        for &(c, r) in &ctx.right {
            let x = u64::from(row[c as usize]);
            g += fx.f(x + u64::from(r)) - fx.f(x);
        }
        // N(b,b) gets the left and right counts from b and the word's own bigrams at once.
        let x = u64::from(row[b]);
        let (lb, rb) = (u64::from(ctx.left_dense[b]), u64::from(ctx.right_dense[b]));
        g += fx.f(x + lb + rb + u64::from(ctx.own)) - fx.f(x + lb) - fx.f(x + rb) + fx.f(x);
        g - 2.0 * (fx.f(self.nc[b] + nw) - fx.f(self.nc[b]))
    }

    /// The best class in `range` and its gain (the first of equals).
    fn best_in(
        &self,
        range: std::ops::Range<usize>,
        ctx: &Context,
        nw: u64,
        fx: &XLogX,
    ) -> (f64, usize) {
        let mut best = (f64::NEG_INFINITY, range.start);
        for b in range {
            let g = self.gain(b, ctx, nw, fx);
            if g > best.0 {
                best = (g, b);
            }
        }
        best
    }
}

/// A word's neighbours by class: counts of the classes before it and after it (its own
/// bigrams aside), sparse and dense.
struct Context {
    left: Vec<(u32, u32)>,
    right: Vec<(u32, u32)>,
    left_dense: Vec<u32>,
    right_dense: Vec<u32>,
    /// Bigrams of the word with itself.
    own: u32,
}

impl Context {
    fn new(m: usize) -> Context {
        Context {
            left: Vec::new(),
            right: Vec::new(),
            left_dense: vec![0; m],
            right_dense: vec![0; m],
            own: 0,
        }
    }

    fn fill(&mut self, bigrams: &Bigrams, class: &[u32], w: usize) {
        for &(c, _) in &self.left {
            self.left_dense[c as usize] = 0;
        }
        for &(c, _) in &self.right {
            self.right_dense[c as usize] = 0;
        }
        self.left.clear();
        self.right.clear();
        self.own = 0;
        for &(v, n) in bigrams.predecessors(w) {
            if v as usize != w {
                let c = class[v as usize];
                let d = &mut self.left_dense[c as usize];
                if *d == 0 {
                    self.left.push((c, 0));
                }
                *d += n;
            }
        }
        for &(v, n) in bigrams.successors(w) {
            if v as usize == w {
                self.own = n;
            } else {
                let c = class[v as usize];
                let d = &mut self.right_dense[c as usize];
                if *d == 0 {
                    self.right.push((c, 0));
                }
                *d += n;
            }
        }
        for e in &mut self.left {
            e.1 = self.left_dense[e.0 as usize];
        }
        for e in &mut self.right {
            e.1 = self.right_dense[e.0 as usize];
        }
    }
}

/// Work (candidate classes × neighbour classes) above which a word's candidates are shared out
/// among threads.
const PARALLEL_WORK: usize = 1 << 16;

/// Clusters the words of `bigrams` into `classes` classes (at most as many as there are
/// words) and returns each word's class, numbered in order of each class's most frequent word.
/// `progress` hears of the initial clustering and of each pass.
pub fn exchange(
    bigrams: &Bigrams,
    classes: usize,
    options: &ExchangeOptions,
    progress: impl FnMut(&Iteration),
) -> Vec<u16> {
    exchange_with(bigrams, classes, options, PARALLEL_WORK, progress)
}

fn exchange_with(
    bigrams: &Bigrams,
    classes: usize,
    options: &ExchangeOptions,
    parallel_work: usize,
    mut progress: impl FnMut(&Iteration),
) -> Vec<u16> {
    let started = Instant::now();
    let words = bigrams.words;
    let k = classes.min(words).min(1 << 16);
    if k == 0 {
        return vec![0; words];
    }
    let fx = XLogX::new();
    let mut class: Vec<u32> = (0..words).map(|w| (w % k) as u32).collect();
    class.extend([k as u32, k as u32 + 1]);
    let mut state = State::new(bigrams, k, class);
    let predicted = bigrams.len() as f64;
    let report = |state: &State, iteration, moved| {
        let ll = state.log_likelihood(bigrams, &fx);
        Iteration {
            iteration,
            moved,
            words,
            log_likelihood: ll,
            perplexity: (-ll / predicted.max(1.0)).exp(),
            seconds: started.elapsed().as_secs_f64(),
        }
    };
    progress(&report(&state, 0, 0));
    let threads = options.threads.clamp(1, k);
    let mut ctx = Context::new(state.m);
    for iteration in 1..=options.max_iterations {
        let mut moved = 0;
        for w in 0..words {
            let a = state.class[w] as usize;
            if state.members[a] == 1 {
                continue;
            }
            let nw = bigrams.counts[w];
            ctx.fill(bigrams, &state.class, w);
            state.update(a, &ctx, nw, -1);
            let stay = state.gain(a, &ctx, nw, &fx);
            let work = k * (ctx.left.len() + ctx.right.len() + 4);
            let best = if threads > 1 && work >= parallel_work {
                let chunk = k.div_ceil(threads);
                let (state, ctx, fx) = (&state, &ctx, &fx);
                std::thread::scope(|scope| {
                    let others: Vec<_> = (1..threads)
                        .map(|t| {
                            let range = (t * chunk).min(k)..((t + 1) * chunk).min(k);
                            scope.spawn(move || state.best_in(range, ctx, nw, fx))
                        })
                        .collect();
                    let mut best = state.best_in(0..chunk.min(k), ctx, nw, fx);
                    for h in others {
                        let b = h.join().expect("exchange worker panicked");
                        if b.0 > best.0 {
                            best = b;
                        }
                    }
                    best
                })
            } else {
                state.best_in(0..k, &ctx, nw, &fx)
            };
            // Move only for a real gain, so that rounding cannot make words go round in circles.
            let to = if best.1 != a && best.0 > stay + 1e-7 * (1.0 + stay.abs()) {
                moved += 1;
                best.1
            } else {
                a
            };
            state.update(to, &ctx, nw, 1);
            state.class[w] = to as u32;
        }
        progress(&report(&state, iteration, moved));
        if (moved as f64) < options.min_moved * words as f64 {
            break;
        }
    }
    let mut renumber = vec![u16::MAX; k];
    let mut next = 0u16;
    state.class[..words]
        .iter()
        .map(|&c| {
            let r = &mut renumber[c as usize];
            if *r == u16::MAX {
                *r = next;
                next = next.wrapping_add(1);
            }
            *r
        })
        .collect()
}

/// The log-likelihood of the corpus of `bigrams` under the class bigram model of a clustering
/// (`classes[w]` for each word), counted from scratch.
pub fn log_likelihood(bigrams: &Bigrams, classes: &[u16]) -> f64 {
    let k = classes.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut class: Vec<u32> = classes.iter().map(|&c| u32::from(c)).collect();
    class.extend([k as u32, k as u32 + 1]);
    State::new(bigrams, k, class).log_likelihood(bigrams, &XLogX::new())
}

/// The words of each class (indices into the word list, in the order given), by class id.
pub fn members(classes: &[u16], count: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); count];
    for (w, &c) in classes.iter().enumerate() {
        if let Some(list) = out.get_mut(c as usize) {
            list.push(w);
        }
    }
    out
}

/// The clusters file: `comments` as `#` lines, the header row (`word`, then `c` and the number
/// of classes of each granularity), then each word with its class at each granularity.
/// `columns` pairs each granularity's number of classes with the class of every word.
pub fn clusters_tsv(comments: &str, words: &[String], columns: &[(usize, Vec<u16>)]) -> String {
    let mut out = String::new();
    for line in comments.lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {line}");
        }
    }
    out.push_str("word");
    for (k, _) in columns {
        let _ = write!(out, "\tc{k}");
    }
    out.push('\n');
    for (w, word) in words.iter().enumerate() {
        out.push_str(word);
        for (_, ids) in columns {
            let _ = write!(out, "\t{}", ids[w]);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wirewatch_nlp::clusters::WordClusters;

    /// A small deterministic generator.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as usize % n
        }
    }

    /// Sentences from a grammar: each sentence walks through `pattern`'s word classes in turn,
    /// taking a random word of each.
    fn generate(classes: &[&[&str]], pattern: &[usize], sentences: usize, seed: u64) -> Corpus {
        let mut rng = Lcg(seed);
        let mut builder = CorpusBuilder::default();
        for _ in 0..sentences {
            let repeats = 1 + rng.below(3);
            let mut s = Vec::new();
            for _ in 0..repeats {
                for &p in pattern {
                    s.push(classes[p][rng.below(classes[p].len())]);
                }
            }
            builder.add_sentence(s);
        }
        builder.finish(1)
    }

    fn options() -> ExchangeOptions {
        ExchangeOptions {
            max_iterations: 20,
            min_moved: 0.0,
            threads: 1,
        }
    }

    /// True when the clustering puts exactly the words of each true class together.
    fn recovers(corpus: &Corpus, truth: &[&[&str]], found: &[u16]) -> bool {
        let class_of = |word: &str| found[corpus.words.iter().position(|w| w == word).unwrap()];
        let mut seen = Vec::new();
        for words in truth {
            let c = class_of(words[0]);
            if seen.contains(&c) || words.iter().any(|w| class_of(w) != c) {
                return false;
            }
            seen.push(c);
        }
        true
    }

    const DET: &[&str] = &["the", "a", "this", "every"];
    const NOUN: &[&str] = &[
        "dog", "cat", "house", "car", "tree", "river", "town", "boat", "horse", "road", "field",
        "bridge",
    ];
    const VERB: &[&str] = &["sees", "likes", "finds", "takes", "meets", "hears"];

    #[test]
    fn recovers_a_two_class_grammar() {
        let truth = [DET, NOUN];
        let corpus = generate(&truth, &[0, 1], 2000, 7);
        let bigrams = Bigrams::new(&corpus.sentences, corpus.words.len());
        let found = exchange(&bigrams, 2, &options(), |_| {});
        assert!(recovers(&corpus, &truth, &found), "{found:?}");
    }

    #[test]
    fn recovers_a_three_class_grammar() {
        let truth = [DET, NOUN, VERB];
        let corpus = generate(&truth, &[0, 1, 2, 0, 1], 3000, 11);
        let bigrams = Bigrams::new(&corpus.sentences, corpus.words.len());
        let found = exchange(&bigrams, 3, &options(), |_| {});
        assert!(recovers(&corpus, &truth, &found), "{found:?}");
    }

    #[test]
    fn log_likelihood_never_decreases_and_matches_a_recount() {
        // A noisier corpus: grammar sentences with random words thrown in.
        let mut rng = Lcg(3);
        let all: Vec<&str> = DET.iter().chain(NOUN).chain(VERB).copied().collect();
        let mut builder = CorpusBuilder::default();
        let base = generate(&[DET, NOUN, VERB], &[0, 1, 2, 0, 1], 1500, 5);
        for s in &base.sentences {
            let mut words: Vec<&str> = s.iter().map(|&i| base.words[i as usize].as_str()).collect();
            for _ in 0..rng.below(3) {
                let at = rng.below(words.len() + 1);
                words.insert(at, all[rng.below(all.len())]);
            }
            builder.add_sentence(words);
        }
        let corpus = builder.finish(1);
        let bigrams = Bigrams::new(&corpus.sentences, corpus.words.len());
        for k in [2, 4, 7] {
            let mut lls = Vec::new();
            let found = exchange(&bigrams, k, &options(), |it| lls.push(it.log_likelihood));
            assert!(lls.len() >= 2);
            for pair in lls.windows(2) {
                assert!(pair[1] >= pair[0] - 1e-9 * pair[0].abs(), "{k}: {lls:?}");
            }
            assert!(lls.last() > lls.first(), "{k}: {lls:?}");
            let recount = log_likelihood(&bigrams, &found);
            let last = *lls.last().unwrap();
            assert!(
                (recount - last).abs() < 1e-9 * last.abs(),
                "{recount} vs {last}"
            );
        }
    }

    #[test]
    fn gains_match_recounted_log_likelihood() {
        // Words next to words of their own class and to themselves ("very very"), so every
        // term of the gain is exercised.
        let mut rng = Lcg(17);
        let vocab = ["very", "big", "dog", "the", "runs", "fast", "a"];
        let mut builder = CorpusBuilder::default();
        for _ in 0..300 {
            let len = 1 + rng.below(6);
            let s: Vec<&str> = (0..len).map(|_| vocab[rng.below(vocab.len())]).collect();
            builder.add_sentence(s);
        }
        builder.add_sentence(["very", "very", "very"]);
        let corpus = builder.finish(1);
        let words = corpus.words.len();
        let bigrams = Bigrams::new(&corpus.sentences, words);
        let k = 3;
        let fx = XLogX::new();
        let assignment: Vec<u16> = (0..words).map(|_| rng.below(k) as u16).collect();
        for w in 0..words {
            let mut class: Vec<u32> = assignment.iter().map(|&c| c.into()).collect();
            class.extend([k as u32, k as u32 + 1]);
            let mut state = State::new(&bigrams, k, class);
            let mut ctx = Context::new(state.m);
            ctx.fill(&bigrams, &state.class, w);
            let a = assignment[w] as usize;
            let nw = bigrams.counts[w];
            state.update(a, &ctx, nw, -1);
            let stay = state.gain(a, &ctx, nw, &fx);
            let before = log_likelihood(&bigrams, &assignment);
            for b in 0..k {
                let mut moved = assignment.clone();
                moved[w] = b as u16;
                let expected = log_likelihood(&bigrams, &moved) - before;
                let got = state.gain(b, &ctx, nw, &fx) - stay;
                assert!(
                    (expected - got).abs() < 1e-6,
                    "{w} to {b}: {got} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn threads_do_not_change_the_result() {
        let truth = [DET, NOUN, VERB];
        let corpus = generate(&truth, &[0, 1, 2, 0, 1, 2, 1], 800, 13);
        let bigrams = Bigrams::new(&corpus.sentences, corpus.words.len());
        let one = exchange_with(&bigrams, 5, &options(), 0, |_| {});
        let opts = ExchangeOptions {
            threads: 3,
            ..options()
        };
        let three = exchange_with(&bigrams, 5, &opts, 0, |_| {});
        assert_eq!(one, three);
    }

    #[test]
    fn bigrams_stop_at_sentence_ends_and_rare_words_are_one_token() {
        let mut builder = CorpusBuilder::default();
        builder.add_sentence(["a", "b", "a"]);
        builder.add_sentence(["c", "a", "1996"]);
        builder.add_sentence([]);
        builder.add_sentence(["b", "3.5", "rare"]);
        assert_eq!((builder.tokens(), builder.sentences()), (9, 3));
        let corpus = builder.finish(2);
        assert_eq!(corpus.words, ["a", "<num>", "b"]);
        assert_eq!(corpus.counts, [3, 2, 2]);
        assert_eq!((corpus.types, corpus.rare_tokens), (5, 2));
        assert_eq!(corpus.sentences[1], [RARE, 0, 1]);
        let bigrams = Bigrams::new(&corpus.sentences, 3);
        let (boundary, rare) = (3, 4);
        assert_eq!(bigrams.len(), 12);
        // "a" is followed by "b", "<num>" and a sentence end; never by "c" (rare) of the next
        // sentence.
        assert_eq!(bigrams.successors(0), [(1, 1), (2, 1), (boundary, 1)]);
        assert_eq!(bigrams.predecessors(0), [(2, 1), (boundary, 1), (rare, 1)]);
        assert_eq!(
            bigrams.successors(boundary as usize),
            [(0, 1), (2, 1), (rare, 1)]
        );
    }

    #[test]
    fn the_file_reads_back() {
        let words: Vec<String> = ["the", "Bush", "<num>", "#ww"].map(String::from).to_vec();
        let text = clusters_tsv(
            "Test clusters.\n\nTwo granularities.",
            &words,
            &[(2, vec![0, 1, 1, 0]), (4, vec![0, 1, 2, 3])],
        );
        assert!(text.starts_with("# Test clusters.\n#\n# Two granularities.\nword\tc2\tc4\n"));
        let clusters = WordClusters::parse("t.tsv", &text).unwrap();
        assert_eq!(clusters.get("Bush"), Some(&[1, 1][..]));
        assert_eq!(clusters.get("2008"), Some(&[1, 2][..]));
        assert_eq!(clusters.get("#ww"), Some(&[0, 3][..]));
        assert_eq!(members(&[0, 1, 1, 0], 2), [vec![0, 3], vec![1, 2]]);
    }
}
