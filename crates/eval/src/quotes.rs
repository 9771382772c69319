//! Attribution (who said what): a reader of the PolNeAR corpus, and the scorer of quotes with
//! their speakers.
//!
//! **PolNeAR** (Newell, Margolin & Ruths, "An attribution relations corpus for political news",
//! LREC 2018) annotates attributions in US political news: a *source* (who), a *cue* (the verb or
//! phrase of saying, thinking or reporting) and a *content* (what). A compartment (`train`,
//! `dev`, `annotator-training`) holds `text/DOC.txt` and `attributions/DOC_ANNOTATOR.ann`, brat
//! standoff: text-bound `Source`, `Cue` and `Content` spans (`T3\tContent 115 290\t…`, pieces of
//! a discontinuous span joined by `;`), tied by one event line per attribution
//! (`E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1`; `Attribution-no-source` when the text
//! names none; a second content piece may come as `Content2`). `Discard` and `Discuss` spans are
//! the annotators' own marks and are only counted.
//!
//! Reading policy:
//!
//! - Offsets are characters (Unicode scalar values) from 0, as in brat: over PolNeAR's 98,451
//!   text-bound spans, all but 3 slice to their stated text when counted in characters, and
//!   about half do not when counted in bytes. The 3 are spans over line breaks, whose stated
//!   text the file continues on the next lines; the reader joins such lines with `\n` and then
//!   they match too. Every span is checked; [`QuoteCorpus::spans`] and
//!   [`QuoteCorpus::mismatches`] count them, and each mismatch is an [`Anomaly`]. A discontinuous
//!   span's stated text is its pieces joined by a space.
//! - A document annotated by several annotators (the agreement sets) is read once, from the
//!   annotator whose id sorts first; the other files are counted in
//!   [`QuoteCorpus::other_annotations`], so no text is scored twice.
//! - An attribution without a content is counted ([`QuoteCorpus::no_content`]) and not scored:
//!   there is nothing to find. One without a source is kept ([`GoldAttribution::has_source`] is
//!   false): it counts for finding quotes, not for speakers. A span no attribution uses, a
//!   reference to a missing span, a text without annotation and an annotation without text are
//!   [`Anomaly`]s.
//! - **Kind** ([`GoldAttribution::kind`]): PolNeAR does not say, so it is derived from the quote
//!   marks. The document's double quote marks (`“ ” " „ « »`, and `''` or ``` `` ``` as one `"`;
//!   single marks are mostly apostrophes and are left alone) are paired within each line, a line being a paragraph in
//!   PolNeAR's texts: `“` opens, `”` closes (or opens when nothing is open, for texts that use it
//!   both ways), `"` toggles, and a mark left open at a line's end closes there, as a quote over
//!   several paragraphs reopens each of them. Of the content's letters and digits, if all are
//!   inside quote marks the attribution is `direct`, if some are `partial`, if none
//!   `indirect`; a content with no letter or digit has no kind.
//!
//! Scoring policy ([`score`]), per document:
//!
//! - **Content, overlap**: gold contents and system quotes matched one to one by
//!   [`crate::prf::match_overlapping`] (largest overlap first). A discontinuous gold content
//!   ("“A,” he said, “B.”") is matched by its hull, first piece's start to last piece's end, so
//!   a system that gives the quote whole matches it; a system that splits it finds one match, and
//!   its other part is an unmatched system quote, reported apart as a *split* (it overlaps a
//!   piece of a gold content already matched) rather than a false alarm.
//! - **Content, exact**: the same hulls after trimming, on both sides, white space, quote
//!   marks, edge punctuation (`. , ; : ! ? … — – -`) and one leading complementiser "that" —
//!   PolNeAR's contents keep their quote marks and "that", wirewatch's quotes do not — then
//!   matched as identical spans, each used once.
//! - **By kind**: recall over the gold attributions of a kind (derived as above), precision over
//!   the system quotes the system gave that kind, whatever they matched; and the kinds of the
//!   matched pairs side by side.
//! - **Speaker accuracy**, over overlap matches whose gold has a source: correct when the
//!   system's speaker mention overlaps a piece of the gold source, or any mention of the
//!   system's speaker entity does. The second makes it coreference-aware: "he" resolved to
//!   Trump is right where the gold source is "Trump" in another sentence, and a quote given to
//!   the right person through another of their mentions counts too. No speaker is wrong.
//! - **Attributed recall**, the headline: of the gold attributions with a source, the share
//!   found (content overlapping) with the right speaker.
//!
//! ```
//! use wirewatch_eval::quotes::{self, SystemQuote};
//!
//! let text = "“It will rain,” Ana said.";
//! let ann = "T1\tContent 0 15\t“It will rain,”\nT2\tSource 16 19\tAna\n\
//!            T3\tCue 20 24\tsaid\nT4\tAttribution 20 24\tsaid\n\
//!            E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n";
//! let corpus = quotes::read_ann("d1", "d1_x.ann", text, ann).unwrap();
//! let gold = &corpus.docs[0];
//! assert_eq!(gold.attributions[0].kind.as_deref(), Some("direct"));
//!
//! let found = SystemQuote {
//!     content: vec![(1, 13)],
//!     kind: Some("direct".into()),
//!     speaker: Some("E1 Ana".into()),
//!     speaker_mention: Some((16, 19)),
//!     speaker_mentions: vec![(16, 19)],
//! };
//! let scores = quotes::score([(gold, &[found][..])]);
//! assert_eq!((scores.overlap.f1(), scores.exact.f1()), (1.0, 1.0));
//! assert_eq!(scores.attributed_recall(), 1.0);
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::geo::Anomaly;
use crate::gold::{format_error, io_error, read_utf8};
use crate::timex::score::Text;
use crate::Prf;

/// A span of characters, `(start, end)`, end exclusive.
pub type Span = (usize, usize);

/// The three kinds of quote, in table order.
pub const KINDS: [&str; 3] = ["direct", "partial", "indirect"];

/// Double quote marks that open or close a quotation.
const QUOTE_MARKS: [char; 6] = ['“', '”', '"', '„', '«', '»'];

/// One gold document.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteDoc {
    /// The text file's stem (`nyt_2016-09-26_…`).
    pub id: String,
    /// The annotator whose file was read (the `.ann` name's last `_` part), when the name has
    /// one.
    pub annotator: Option<String>,
    /// The article's text.
    pub text: String,
    /// Its attributions with a content, in file order.
    pub attributions: Vec<GoldAttribution>,
}

/// One gold attribution: who (source), by which words (cue), said what (content). Spans are
/// character offsets into the document's text, in file order; each may be in pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldAttribution {
    /// The event's id in the file (`E3`).
    pub id: String,
    /// The event's 1-based line in the file.
    pub line: usize,
    /// The source's pieces; empty when the text names none.
    pub source: Vec<Span>,
    /// The cue's pieces; may be empty.
    pub cue: Vec<Span>,
    /// The content's pieces; never empty.
    pub content: Vec<Span>,
    /// `direct`, `partial` or `indirect`, from the quote marks (see the module's reading
    /// policy); `None` when the content has no letter or digit.
    pub kind: Option<String>,
}

impl GoldAttribution {
    /// First character of the content's first piece to the end of its last.
    pub fn content_hull(&self) -> Span {
        hull(&self.content)
    }

    /// Whether the text names a source.
    pub fn has_source(&self) -> bool {
        !self.source.is_empty()
    }
}

fn hull(spans: &[Span]) -> Span {
    let start = spans.iter().map(|s| s.0).min().unwrap_or(0);
    let end = spans.iter().map(|s| s.1).max().unwrap_or(0);
    (start, end.max(start))
}

fn overlaps(a: Span, b: Span) -> bool {
    a.0.max(b.0) < a.1.min(b.1)
}

/// A gold corpus as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuoteCorpus {
    /// The documents, in path order.
    pub docs: Vec<QuoteDoc>,
    /// Annotation files read (one a document).
    pub annotation_files: usize,
    /// Annotation files not read because another annotator's file of the same text was.
    pub other_annotations: usize,
    /// Text-bound spans checked against their stated text.
    pub spans: usize,
    /// Of them, those that did not slice to it (each also an anomaly).
    pub mismatches: usize,
    /// Attributions without a content, not scored.
    pub no_content: usize,
    /// Text-bound annotations that are not parts of attributions (`Discard`, `Discuss`), by type.
    pub other_spans: BTreeMap<String, usize>,
    /// What was odd, in reading order.
    pub anomalies: Vec<Anomaly>,
}

impl QuoteCorpus {
    /// Every gold attribution.
    pub fn attributions(&self) -> impl Iterator<Item = &GoldAttribution> {
        self.docs.iter().flat_map(|d| &d.attributions)
    }

    /// Gold attributions by kind (`-` for none): `(with a source, without)`.
    pub fn counts_by_kind(&self) -> BTreeMap<String, (usize, usize)> {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for a in self.attributions() {
            let entry = counts
                .entry(a.kind.clone().unwrap_or_else(|| "-".into()))
                .or_default();
            if a.has_source() {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        counts
    }

    /// Gold attributions whose content is in pieces.
    pub fn discontinuous(&self) -> usize {
        self.attributions().filter(|a| a.content.len() > 1).count()
    }

    fn merge(&mut self, other: QuoteCorpus) {
        self.docs.extend(other.docs);
        self.annotation_files += other.annotation_files;
        self.other_annotations += other.other_annotations;
        self.spans += other.spans;
        self.mismatches += other.mismatches;
        self.no_content += other.no_content;
        for (kind, n) in other.other_spans {
            *self.other_spans.entry(kind).or_default() += n;
        }
        self.anomalies.extend(other.anomalies);
    }
}

/// A PolNeAR file or folder that could not be read.
pub type QuoteError = crate::gold::GoldError;

// ---------------------------------------------------------------------------------------------
// Reading

/// Reads PolNeAR: the corpus root (every compartment under it), one compartment (a folder with
/// `text/` and `attributions/`), one `.ann` file (its text from `../text/` or beside it), or one
/// `.txt` file (its first annotator's file from `../attributions/` or beside it).
pub fn read_path(path: impl AsRef<Path>) -> Result<QuoteCorpus, QuoteError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(io_error(path))?;
    if meta.is_dir() {
        if path.join("attributions").is_dir() {
            return read_compartment(path);
        }
        let mut compartments = Vec::new();
        find_compartments(path, &mut compartments)?;
        if compartments.is_empty() {
            return Err(format_error(
                &name,
                None,
                "no PolNeAR compartment here (a folder with text/ and attributions/ in it)",
            ));
        }
        let mut corpus = QuoteCorpus::default();
        for dir in compartments {
            corpus.merge(read_compartment(&dir)?);
        }
        return Ok(corpus);
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("ann") => read_ann_path(path),
        Some("txt") => read_txt_path(path),
        _ => Err(format_error(
            &name,
            None,
            "not a PolNeAR folder, .ann file or .txt file",
        )),
    }
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, QuoteError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_error(dir))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io_error(dir))?;
    entries.sort();
    Ok(entries)
}

fn find_compartments(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), QuoteError> {
    for entry in sorted_entries(dir)? {
        if !entry.is_dir() {
            continue;
        }
        if entry.join("attributions").is_dir() {
            out.push(entry);
        } else {
            find_compartments(&entry, out)?;
        }
    }
    Ok(())
}

/// `(document, annotator)` from an annotation file's stem: `DOC_ANNOTATOR`.
fn split_ann_stem(stem: &str) -> (&str, Option<&str>) {
    match stem.rsplit_once('_') {
        Some((doc, annotator)) if !doc.is_empty() && !annotator.is_empty() => {
            (doc, Some(annotator))
        }
        _ => (stem, None),
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_compartment(dir: &Path) -> Result<QuoteCorpus, QuoteError> {
    let name = dir.display().to_string();
    let text_dir = dir.join("text");
    if !text_dir.is_dir() {
        return Err(format_error(
            &name,
            None,
            "attributions/ without text/ beside it",
        ));
    }
    let mut corpus = QuoteCorpus::default();
    // Annotation files by document, annotators in sorted order (the entries are sorted).
    let mut anns: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for path in sorted_entries(&dir.join("attributions"))? {
        if path.extension().is_some_and(|e| e == "ann") {
            let stem = file_stem(&path);
            anns.entry(split_ann_stem(&stem).0.to_string())
                .or_default()
                .push(path);
        }
    }
    let mut texts = Vec::new();
    for path in sorted_entries(&text_dir)? {
        if path.extension().is_some_and(|e| e == "txt") {
            texts.push(path);
        }
    }
    for txt in &texts {
        let id = file_stem(txt);
        let Some(files) = anns.remove(&id) else {
            corpus.anomalies.push(Anomaly {
                file: txt.display().to_string(),
                line: None,
                doc: id,
                message: "no annotation file; not scored".into(),
            });
            continue;
        };
        corpus.merge(read_pair(&id, &files[0], txt)?);
        corpus.other_annotations += files.len() - 1;
    }
    for (id, files) in anns {
        for file in files {
            corpus.anomalies.push(Anomaly {
                file: file.display().to_string(),
                line: None,
                doc: id.clone(),
                message: "no text file in text/; not scored".into(),
            });
        }
    }
    if corpus.docs.is_empty() {
        return Err(format_error(&name, None, "no annotated documents"));
    }
    Ok(corpus)
}

fn read_pair(id: &str, ann: &Path, txt: &Path) -> Result<QuoteCorpus, QuoteError> {
    let text = read_utf8(txt)?;
    let content = read_utf8(ann)?;
    let mut corpus = read_ann(id, &ann.display().to_string(), &text, &content)?;
    let stem = file_stem(ann);
    let annotator = split_ann_stem(&stem)
        .1
        .filter(|_| stem != id)
        .map(str::to_string);
    for doc in &mut corpus.docs {
        doc.annotator = annotator.clone();
    }
    Ok(corpus)
}

fn read_ann_path(ann: &Path) -> Result<QuoteCorpus, QuoteError> {
    let stem = file_stem(ann);
    let dir = ann.parent().unwrap_or(Path::new("."));
    let doc = split_ann_stem(&stem).0.to_string();
    let candidates = [
        dir.join("..").join("text").join(format!("{doc}.txt")),
        dir.join(format!("{doc}.txt")),
        dir.join(format!("{stem}.txt")),
    ];
    let Some(txt) = candidates.iter().find(|p| p.is_file()) else {
        return Err(format_error(
            &ann.display().to_string(),
            None,
            format!("no text for this annotation (looked for ../text/{doc}.txt and {doc}.txt)"),
        ));
    };
    let id = file_stem(txt);
    read_pair(&id, ann, txt)
}

fn read_txt_path(txt: &Path) -> Result<QuoteCorpus, QuoteError> {
    let id = file_stem(txt);
    let dir = txt.parent().unwrap_or(Path::new("."));
    for folder in [dir.join("..").join("attributions"), dir.to_path_buf()] {
        if !folder.is_dir() {
            continue;
        }
        let files: Vec<PathBuf> = sorted_entries(&folder)?
            .into_iter()
            .filter(|p| {
                let stem = file_stem(p);
                p.extension().is_some_and(|e| e == "ann")
                    && (stem == id || split_ann_stem(&stem).0 == id)
            })
            .collect();
        if let Some(first) = files.first() {
            let mut corpus = read_pair(&id, first, txt)?;
            corpus.other_annotations += files.len() - 1;
            return Ok(corpus);
        }
    }
    Err(format_error(
        &txt.display().to_string(),
        None,
        format!(
            "no annotation for this text (looked for ../attributions/{id}_*.ann and beside it)"
        ),
    ))
}

/// One text-bound annotation.
struct Bound {
    id: String,
    kind: String,
    spans: Vec<Span>,
    stated: Option<String>,
    line: usize,
}

/// One event: an attribution, its roles pointing at text-bound ids.
struct Event {
    id: String,
    roles: Vec<(String, String)>,
    line: usize,
}

/// Whether a line starts as a brat annotation does: `T12\t`, `E3\t`, `#1\t`, `A2\t` …
fn is_annotation_line(line: &str) -> bool {
    let Some((id, _)) = line.split_once('\t') else {
        return false;
    };
    let mut chars = id.chars();
    matches!(chars.next(), Some('T' | 'E' | 'R' | 'A' | 'M' | 'N' | '#'))
        && !chars.as_str().is_empty()
        && chars.as_str().chars().all(|c| c.is_ascii_digit())
}

/// Reads one PolNeAR document: its text and its annotation file's content. `id` names the
/// document, `ann_file` the file in errors and anomalies.
pub fn read_ann(
    id: &str,
    ann_file: &str,
    text: &str,
    ann: &str,
) -> Result<QuoteCorpus, QuoteError> {
    let mut corpus = QuoteCorpus {
        annotation_files: 1,
        ..QuoteCorpus::default()
    };
    let anomaly = |corpus: &mut QuoteCorpus, line: usize, message: String| {
        corpus.anomalies.push(Anomaly {
            file: ann_file.to_string(),
            line: Some(line),
            doc: id.to_string(),
            message,
        })
    };

    let mut bounds: Vec<Bound> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    // Whether the last annotation was text-bound, so that a line that is no annotation
    // continues its text (brat writes a span over a line break as it is).
    let mut continues = false;
    for (i, line) in ann.lines().enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let error = |message: String| format_error(ann_file, Some(n), message);
        if !is_annotation_line(line) {
            match bounds.last_mut().filter(|_| continues) {
                Some(Bound {
                    stated: Some(stated),
                    ..
                }) => {
                    stated.push('\n');
                    stated.push_str(line);
                    continue;
                }
                _ if line.trim().is_empty() => continue,
                _ => {
                    return Err(error(format!(
                        "{:?} is not a brat annotation line",
                        elide(line, 40)
                    )))
                }
            }
        }
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        continues = false;
        match line.chars().next() {
            Some('T') => {
                let tid = fields[0];
                let middle = fields.get(1).copied().unwrap_or("");
                let Some((kind, offsets)) = middle.split_once(' ') else {
                    return Err(error(format!(
                        "{tid}: \"{middle}\" is not \"Type start end\""
                    )));
                };
                let mut spans = Vec::new();
                for piece in offsets.split(';') {
                    let numbers: Vec<Option<usize>> =
                        piece.split_whitespace().map(|v| v.parse().ok()).collect();
                    let [Some(s), Some(e)] = numbers[..] else {
                        return Err(error(format!(
                            "{tid}: offsets {offsets:?} are not \"start end\" numbers"
                        )));
                    };
                    if s > e {
                        return Err(error(format!("{tid}: start {s} is after end {e}")));
                    }
                    spans.push((s, e));
                }
                bounds.push(Bound {
                    id: tid.to_string(),
                    kind: kind.to_string(),
                    spans,
                    stated: fields.get(2).map(|s| s.to_string()),
                    line: n,
                });
                continues = true;
            }
            Some('E') => {
                let args = fields.get(1).copied().unwrap_or("");
                let mut roles = Vec::new();
                for arg in args.split_whitespace() {
                    let Some((role, target)) = arg.split_once(':') else {
                        return Err(error(format!(
                            "{}: argument {arg:?} is not \"Role:T…\"",
                            fields[0]
                        )));
                    };
                    roles.push((role.to_string(), target.to_string()));
                }
                if roles.is_empty() {
                    return Err(error(format!("{}: an event with no arguments", fields[0])));
                }
                events.push(Event {
                    id: fields[0].to_string(),
                    roles,
                    line: n,
                });
            }
            // Notes, attributes and relations say nothing PolNeAR's scoring needs.
            _ => {}
        }
    }

    // Check every span against the text it states, and keep the ones inside the text.
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: Span| chars[s.0..s.1].iter().collect::<String>();
    let mut spans_of: HashMap<&str, (&Bound, Vec<Span>)> = HashMap::new();
    for b in &bounds {
        let (inside, outside): (Vec<Span>, Vec<Span>) =
            b.spans.iter().partition(|s| s.1 <= chars.len());
        if !outside.is_empty() {
            anomaly(
                &mut corpus,
                b.line,
                format!(
                    "{} {}: {outside:?} lies outside the text of {} characters; dropped",
                    b.id,
                    b.kind,
                    chars.len()
                ),
            );
        }
        if let Some(stated) = &b.stated {
            corpus.spans += 1;
            let found = inside
                .iter()
                .map(|&s| slice(s))
                .collect::<Vec<_>>()
                .join(" ");
            if outside.is_empty() && found != *stated {
                corpus.mismatches += 1;
                anomaly(
                    &mut corpus,
                    b.line,
                    format!(
                        "{} {}: the text has {:?}, the file says {:?}",
                        b.id,
                        b.kind,
                        elide(&found, 60),
                        elide(stated, 60)
                    ),
                );
            }
        }
        spans_of.insert(&b.id, (b, inside));
    }

    let quoted = quoted_characters(&chars);
    let mut used: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut attributions = Vec::new();
    for e in &events {
        let mut source = Vec::new();
        let mut cue = Vec::new();
        let mut content = Vec::new();
        for (role, target) in &e.roles {
            let Some((bound, spans)) = spans_of.get(target.as_str()) else {
                anomaly(
                    &mut corpus,
                    e.line,
                    format!(
                        "{}: {role}:{target} names no span in the file; ignored",
                        e.id
                    ),
                );
                continue;
            };
            used.insert(bound.id.as_str());
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Source" => source.extend(spans),
                "Cue" => cue.extend(spans),
                "Content" => content.extend(spans),
                // The event's own anchor (Attribution, Attribution-no-source).
                _ if role.starts_with("Attribution") => {}
                _ => anomaly(
                    &mut corpus,
                    e.line,
                    format!(
                        "{}: role {role} is not Source, Cue nor Content; ignored",
                        e.id
                    ),
                ),
            }
        }
        for spans in [&mut source, &mut cue, &mut content] {
            spans.sort();
            spans.dedup();
        }
        if content.is_empty() {
            corpus.no_content += 1;
            continue;
        }
        let kind = kind_of(&chars, &quoted, &content).map(str::to_string);
        attributions.push(GoldAttribution {
            id: e.id.clone(),
            line: e.line,
            source,
            cue,
            content,
            kind,
        });
    }
    for b in &bounds {
        match b.kind.as_str() {
            "Source" | "Cue" | "Content" => {
                if !used.contains(b.id.as_str()) {
                    anomaly(
                        &mut corpus,
                        b.line,
                        format!("{} {} is in no attribution; not scored", b.id, b.kind),
                    );
                }
            }
            kind if kind.starts_with("Attribution") => {}
            kind => *corpus.other_spans.entry(kind.to_string()).or_default() += 1,
        }
    }
    corpus.docs.push(QuoteDoc {
        id: id.to_string(),
        annotator: None,
        text: text.to_string(),
        attributions,
    });
    Ok(corpus)
}

/// For each character, whether it lies inside double quote marks (the marks themselves do
/// not). See the module's reading policy for how marks pair.
pub fn quoted_characters(chars: &[char]) -> Vec<bool> {
    let mut inside = vec![false; chars.len()];
    let mut open: Option<usize> = None;
    // Two apostrophes (or backticks) are one straight double mark, as typewriter text writes
    // it (''Yes,'' she said): the first of them closes a quote, the second opens one.
    let mut marks: Vec<char> = chars.to_vec();
    // Whether a straight double mark is open on this line, so that the next one closes it.
    let mut straight_open = false;
    let mut i = 0;
    while i < marks.len() {
        match marks[i] {
            '\n' => straight_open = false,
            '"' => straight_open = !straight_open,
            c @ ('\'' | '`') if marks.get(i + 1) == Some(&c) => {
                let (mark, blank) = if straight_open {
                    (i, i + 1)
                } else {
                    (i + 1, i)
                };
                marks[mark] = '"';
                marks[blank] = ' ';
                straight_open = !straight_open;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    for (i, &c) in marks.iter().enumerate() {
        match (c, open) {
            // A line's end closes a quote left open, as a paragraph does.
            ('\n' | '”' | '"' | '»', Some(from)) => {
                inside[from..i].fill(true);
                open = None;
            }
            // A second opening mark inside a quote continues it (a paragraph's reopened quote,
            // or a closing mark typed as an opening one).
            ('“' | '„' | '«', Some(_)) => {}
            (c, None) if QUOTE_MARKS.contains(&c) => open = Some(i + 1),
            _ => {}
        }
    }
    if let Some(from) = open {
        inside[from..].fill(true);
    }
    inside
}

/// `direct`, `partial` or `indirect` from how many of the content's letters and digits are
/// quoted.
fn kind_of(chars: &[char], quoted: &[bool], content: &[Span]) -> Option<&'static str> {
    let (mut words, mut inside) = (0, 0);
    for &(s, e) in content {
        for i in s..e.min(chars.len()) {
            if chars[i].is_alphanumeric() {
                words += 1;
                inside += usize::from(quoted[i]);
            }
        }
    }
    match inside {
        _ if words == 0 => None,
        0 => Some("indirect"),
        n if n == words => Some("direct"),
        _ => Some("partial"),
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// One quote a system found, in the scorer's terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SystemQuote {
    /// The content's pieces (wirewatch gives one), character offsets into the text.
    pub content: Vec<Span>,
    /// `direct`, `partial` or `indirect`, as the system says.
    pub kind: Option<String>,
    /// The speaker as listings show it (`E3 Donald Trump`), or `None` for no speaker.
    pub speaker: Option<String>,
    /// The words naming the speaker at this quote.
    pub speaker_mention: Option<Span>,
    /// Every mention of the speaker entity in the text.
    pub speaker_mentions: Vec<Span>,
}

impl SystemQuote {
    /// First character of the content to its end.
    pub fn content_hull(&self) -> Span {
        hull(&self.content)
    }

    /// Whether the system names a speaker (an entity or a mention).
    pub fn has_speaker(&self) -> bool {
        self.speaker.is_some() || self.speaker_mention.is_some()
    }

    /// Whether the speaker mention, or any mention of the speaker entity, overlaps a piece of
    /// `source`.
    pub fn speaker_matches(&self, source: &[Span]) -> bool {
        self.speaker_mention
            .iter()
            .chain(&self.speaker_mentions)
            .any(|&m| source.iter().any(|&s| overlaps(m, s)))
    }
}

/// Counts for one kind: gold attributions of that kind, and system quotes the system gave it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindScores {
    /// Gold attributions of this kind.
    pub gold: usize,
    /// Of them, found (content overlapping).
    pub found: usize,
    /// Of them, found with the exact content.
    pub found_exact: usize,
    /// Of them, with a source.
    pub with_source: usize,
    /// Of those found, with a source.
    pub speaker_compared: usize,
    /// Of those, with the right speaker.
    pub speaker_correct: usize,
    /// System quotes of this kind.
    pub system: usize,
    /// Of them, matched to a gold content (overlapping).
    pub system_found: usize,
    /// Of them, matched exactly.
    pub system_found_exact: usize,
}

impl KindScores {
    /// Overlap precision (over the system's quotes of the kind), recall (over the gold's) and
    /// F1.
    pub fn overlap(&self) -> (f64, f64, f64) {
        prf_of(self.system_found, self.system, self.found, self.gold)
    }

    /// Exact precision, recall and F1, as [`KindScores::overlap`].
    pub fn exact(&self) -> (f64, f64, f64) {
        prf_of(
            self.system_found_exact,
            self.system,
            self.found_exact,
            self.gold,
        )
    }

    /// Right speakers over found attributions with a source.
    pub fn speaker_accuracy(&self) -> f64 {
        self.speaker_correct as f64 / self.speaker_compared.max(1) as f64
    }

    /// Found with the right speaker over all with a source.
    pub fn attributed_recall(&self) -> f64 {
        self.speaker_correct as f64 / self.with_source.max(1) as f64
    }
}

fn prf_of(p_correct: usize, predicted: usize, r_correct: usize, gold: usize) -> (f64, f64, f64) {
    let p = Prf {
        correct: p_correct,
        predicted,
        gold,
    }
    .precision();
    let r = Prf {
        correct: r_correct,
        predicted,
        gold,
    }
    .recall();
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f1)
}

/// What went wrong with one quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteMistakeKind {
    /// A gold content no system quote overlaps.
    Missed,
    /// A system quote overlapping no gold content.
    FalseAlarm,
    /// An unmatched system quote overlapping a piece of a gold content that another system
    /// quote matched: the system split what the gold has as one.
    Split,
    /// A found attribution whose speaker is not the gold source.
    WrongSpeaker,
    /// A found attribution with a gold source and no system speaker.
    NoSpeaker,
}

impl QuoteMistakeKind {
    /// Its name in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteMistakeKind::Missed => "missed",
            QuoteMistakeKind::FalseAlarm => "false-alarm",
            QuoteMistakeKind::Split => "split",
            QuoteMistakeKind::WrongSpeaker => "wrong-speaker",
            QuoteMistakeKind::NoSpeaker => "no-speaker",
        }
    }
}

/// One mistake, with what is needed to look at it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteMistake {
    /// The document's id.
    pub doc: String,
    /// What went wrong.
    pub kind: QuoteMistakeKind,
    /// The gold attribution's id (none for false alarms and splits).
    pub gold_id: Option<String>,
    /// The gold kind.
    pub gold_kind: Option<String>,
    /// The system's kind.
    pub system_kind: Option<String>,
    /// The content's span: the gold's hull, or the system's for false alarms and splits.
    pub span: Span,
    /// The gold source's text (pieces joined by " … "), when it has one.
    pub source: Option<String>,
    /// The system's speaker and the words of its mention here.
    pub speaker: Option<String>,
    /// Up to 30 characters before, the content in `[` `]` (its middle elided when long), up to
    /// 30 after, line breaks as spaces.
    pub context: String,
}

impl fmt::Display for QuoteMistake {
    /// One line: kind, document, span, kinds, source, speaker, context.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = |k: &Option<String>| k.clone().unwrap_or_else(|| "-".into());
        write!(
            f,
            "{:<13} {} [{}..{}]",
            self.kind.as_str(),
            self.doc,
            self.span.0,
            self.span.1
        )?;
        if let Some(id) = &self.gold_id {
            write!(f, " {id} {}", kind(&self.gold_kind))?;
        }
        if self.system_kind.is_some() {
            write!(f, " system {}", kind(&self.system_kind))?;
        }
        if let Some(s) = &self.source {
            write!(f, "  source {s:?}")?;
        }
        if self.kind != QuoteMistakeKind::Missed {
            write!(
                f,
                "  speaker {}",
                self.speaker.as_deref().unwrap_or("(none)")
            )?;
        }
        write!(f, "  | {}", self.context)
    }
}

/// The measures of one run over a set of documents, and its mistakes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuoteScores {
    /// Documents scored.
    pub docs: usize,
    /// Contents matched one to one by overlap.
    pub overlap: Prf,
    /// Contents matched as identical trimmed spans.
    pub exact: Prf,
    /// Gold attributions with a source.
    pub gold_with_source: usize,
    /// Overlap matches whose gold has a source.
    pub speaker_compared: usize,
    /// Of them, with the right speaker (also the attributed recall's numerator).
    pub speaker_correct: usize,
    /// Of them, with no system speaker.
    pub speaker_missing: usize,
    /// Unmatched system quotes overlapping a piece of an already matched gold content.
    pub splits: usize,
    /// Counts by kind (gold kinds for the gold side, system kinds for the system side; `-` for
    /// none).
    pub by_kind: BTreeMap<String, KindScores>,
    /// Overlap matches by `(gold kind, system kind)`.
    pub kind_pairs: BTreeMap<(String, String), usize>,
    /// Every miss, false alarm, split and wrong or missing speaker, in document order.
    pub mistakes: Vec<QuoteMistake>,
}

impl QuoteScores {
    /// Gold attributions.
    pub fn gold(&self) -> usize {
        self.overlap.gold
    }

    /// System quotes.
    pub fn system(&self) -> usize {
        self.overlap.predicted
    }

    /// Right speakers over overlap matches with a gold source.
    pub fn speaker_accuracy(&self) -> f64 {
        self.speaker_correct as f64 / self.speaker_compared.max(1) as f64
    }

    /// Gold attributions with a source found with the right speaker, over all with a source.
    pub fn attributed_recall(&self) -> f64 {
        self.speaker_correct as f64 / self.gold_with_source.max(1) as f64
    }
}

impl fmt::Display for QuoteScores {
    /// The table: counts, content P/R/F1, speakers, then by kind; percentages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: f64| format!("{:.2}", 100.0 * x);
        writeln!(
            f,
            "{} docs, {} gold attributions ({} with a source, {} without), {} system quotes",
            self.docs,
            self.gold(),
            self.gold_with_source,
            self.gold() - self.gold_with_source,
            self.system()
        )?;
        writeln!(
            f,
            "{:<10} {:>7} {:>7} {:>7} {:>8} {:>7} {:>7}",
            "content", "P", "R", "F1", "matched", "system", "gold"
        )?;
        for (name, prf) in [("overlap", self.overlap), ("exact", self.exact)] {
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
            "  unmatched system quotes: {} false alarms, {} splits (overlapping a gold content \
             another system quote matched)",
            self.system() - self.overlap.correct - self.splits,
            self.splits
        )?;
        writeln!(
            f,
            "speaker accuracy  {}  ({} of {} found attributions with a gold source; {} without \
             a system speaker)",
            pct(self.speaker_accuracy()),
            self.speaker_correct,
            self.speaker_compared,
            self.speaker_missing
        )?;
        writeln!(
            f,
            "attributed recall {}  ({} of {} gold attributions with a source found with the \
             right speaker)",
            pct(self.attributed_recall()),
            self.speaker_correct,
            self.gold_with_source
        )?;
        writeln!(
            f,
            "{:<9} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
            "by kind",
            "gold",
            "system",
            "P ovl",
            "R ovl",
            "F1 ovl",
            "P ex",
            "R ex",
            "F1 ex",
            "sourced",
            "speaker",
            "attr R"
        )?;
        let mut all = KindScores::default();
        for k in self.by_kind.values() {
            all.gold += k.gold;
            all.found += k.found;
            all.found_exact += k.found_exact;
            all.with_source += k.with_source;
            all.speaker_compared += k.speaker_compared;
            all.speaker_correct += k.speaker_correct;
            all.system += k.system;
            all.system_found += k.system_found;
            all.system_found_exact += k.system_found_exact;
        }
        let others = self
            .by_kind
            .keys()
            .filter(|k| !KINDS.contains(&k.as_str()))
            .map(String::as_str);
        let empty = KindScores::default();
        for name in KINDS.into_iter().chain(others).chain(["all"]) {
            let k = match name {
                "all" => &all,
                _ => self.by_kind.get(name).unwrap_or(&empty),
            };
            // A measure over nothing is shown as "-", not as the 100 of an empty ratio.
            let cells = |(p, r, f1): (f64, f64, f64)| {
                let cell = |x: f64, known: bool| if known { pct(x) } else { "-".into() };
                [
                    cell(p, k.system > 0),
                    cell(r, k.gold > 0),
                    cell(f1, k.system > 0 && k.gold > 0),
                ]
            };
            let [po, ro, fo] = cells(k.overlap());
            let [pe, re, fe] = cells(k.exact());
            let speaker = if k.speaker_compared == 0 {
                "-".to_string()
            } else {
                pct(k.speaker_accuracy())
            };
            let attributed = if k.with_source == 0 {
                "-".to_string()
            } else {
                pct(k.attributed_recall())
            };
            writeln!(
                f,
                "{name:<9} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {speaker:>7} \
                 {attributed:>7}",
                k.gold, k.system, po, ro, fo, pe, re, fe, k.with_source,
            )?;
        }
        let pairs: Vec<String> = self
            .kind_pairs
            .iter()
            .map(|((g, s), n)| format!("{g}→{s} {n}"))
            .collect();
        writeln!(
            f,
            "kinds of found attributions (gold→system): {}",
            if pairs.is_empty() {
                "-".to_string()
            } else {
                pairs.join(", ")
            }
        )?;
        write!(
            f,
            "(percentages; by kind, P is over the system quotes of the kind the system gave and R \
             over the gold attributions of the kind; ovl = overlapping contents matched one to \
             one, ex = identical after trimming quote marks, edge punctuation and a leading \
             \"that\"; speaker = accuracy over found attributions with a source; attr R = found \
             with the right speaker over gold with a source)"
        )
    }
}

/// Scores each document's system quotes against its gold attributions.
pub fn score<'a>(runs: impl IntoIterator<Item = (&'a QuoteDoc, &'a [SystemQuote])>) -> QuoteScores {
    let mut s = QuoteScores::default();
    for (doc, system) in runs {
        score_doc(&mut s, doc, system);
    }
    s
}

/// Leading "that" and edge marks trimmed, so that exact matching compares the words.
fn trimmed(chars: &[char], (start, end): Span) -> Span {
    let edge = |c: char| {
        c.is_whitespace()
            || QUOTE_MARKS.contains(&c)
            || matches!(
                c,
                '\'' | '‘' | '’' | '.' | ',' | ';' | ':' | '!' | '?' | '…' | '—' | '–' | '-'
            )
    };
    let end = end.min(chars.len());
    let (mut s, mut e) = (start.min(end), end);
    let mut that_done = false;
    loop {
        while s < e && edge(chars[s]) {
            s += 1;
        }
        while e > s && edge(chars[e - 1]) {
            e -= 1;
        }
        let word: String = chars[s..(s + 5).min(e)].iter().collect();
        let word = word.to_lowercase();
        if !that_done
            && word.starts_with("that")
            && word.chars().nth(4).is_some_and(char::is_whitespace)
        {
            s += 4;
            that_done = true;
            continue;
        }
        return (s, e);
    }
}

fn score_doc(s: &mut QuoteScores, doc: &QuoteDoc, system: &[SystemQuote]) {
    s.docs += 1;
    let gold = &doc.attributions;
    let chars: Vec<char> = doc.text.chars().collect();
    let text = Text::new(&doc.text);
    for prf in [&mut s.overlap, &mut s.exact] {
        prf.gold += gold.len();
        prf.predicted += system.len();
    }
    let gold_hulls: Vec<Span> = gold.iter().map(GoldAttribution::content_hull).collect();
    let system_hulls: Vec<Span> = system.iter().map(SystemQuote::content_hull).collect();

    // Exact: each gold span takes one identical system span while any is left.
    let mut left: HashMap<Span, Vec<usize>> = HashMap::new();
    for (si, &h) in system_hulls.iter().enumerate().rev() {
        left.entry(trimmed(&chars, h)).or_default().push(si);
    }
    let gold_exact: Vec<Option<usize>> = gold_hulls
        .iter()
        .map(|&h| left.get_mut(&trimmed(&chars, h)).and_then(Vec::pop))
        .collect();
    let mut system_exact = vec![false; system.len()];
    for &si in gold_exact.iter().flatten() {
        system_exact[si] = true;
    }
    s.exact.correct += gold_exact.iter().flatten().count();

    let gold_match = crate::prf::match_overlapping(&gold_hulls, &system_hulls);
    let mut system_match = vec![None; system.len()];
    for (gi, m) in gold_match.iter().enumerate() {
        if let Some(si) = *m {
            system_match[si] = Some(gi);
        }
    }
    s.overlap.correct += gold_match.iter().flatten().count();

    let kind_name = |k: &Option<String>| k.clone().unwrap_or_else(|| "-".into());
    let pieces = |spans: &[Span], sep: &str| {
        spans
            .iter()
            .map(|&(a, b)| text.slice(a, b).replace('\n', " "))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let speaker_of = |q: &SystemQuote| {
        let mention = q
            .speaker_mention
            .map(|(a, b)| format!("{:?}", text.slice(a, b)));
        match (&q.speaker, mention) {
            (None, None) => None,
            (Some(who), None) => Some(who.clone()),
            (None, Some(m)) => Some(m),
            (Some(who), Some(m)) => Some(format!("{who} {m}")),
        }
    };
    let mut mistakes: Vec<(usize, QuoteMistake)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let entry = s.by_kind.entry(kind_name(&g.kind)).or_default();
        entry.gold += 1;
        entry.found_exact += usize::from(gold_exact[gi].is_some());
        if g.has_source() {
            entry.with_source += 1;
            s.gold_with_source += 1;
        }
        let mistake = |kind, q: Option<&SystemQuote>| QuoteMistake {
            doc: doc.id.clone(),
            kind,
            gold_id: Some(g.id.clone()),
            gold_kind: g.kind.clone(),
            system_kind: q.and_then(|q| q.kind.clone()),
            span: gold_hulls[gi],
            source: g.has_source().then(|| pieces(&g.source, " … ")),
            speaker: q.and_then(speaker_of),
            context: context(&chars, gold_hulls[gi]),
        };
        let Some(si) = gold_match[gi] else {
            mistakes.push((gold_hulls[gi].0, mistake(QuoteMistakeKind::Missed, None)));
            continue;
        };
        let q = &system[si];
        entry.found += 1;
        *s.kind_pairs
            .entry((kind_name(&g.kind), kind_name(&q.kind)))
            .or_default() += 1;
        if !g.has_source() {
            continue;
        }
        entry.speaker_compared += 1;
        s.speaker_compared += 1;
        if q.speaker_matches(&g.source) {
            entry.speaker_correct += 1;
            s.speaker_correct += 1;
        } else if q.has_speaker() {
            mistakes.push((
                gold_hulls[gi].0,
                mistake(QuoteMistakeKind::WrongSpeaker, Some(q)),
            ));
        } else {
            s.speaker_missing += 1;
            mistakes.push((
                gold_hulls[gi].0,
                mistake(QuoteMistakeKind::NoSpeaker, Some(q)),
            ));
        }
    }
    for (si, q) in system.iter().enumerate() {
        let entry = s.by_kind.entry(kind_name(&q.kind)).or_default();
        entry.system += 1;
        entry.system_found += usize::from(system_match[si].is_some());
        entry.system_found_exact += usize::from(system_exact[si]);
        if system_match[si].is_some() {
            continue;
        }
        // Every gold content this quote overlaps was matched, or the matching would have paired
        // them; whether it overlaps one at all tells a split from a false alarm.
        let split = gold.iter().any(|g| {
            g.content
                .iter()
                .any(|&p| q.content.iter().any(|&c| overlaps(p, c)))
        });
        s.splits += usize::from(split);
        let at = system_hulls[si];
        mistakes.push((
            at.0,
            QuoteMistake {
                doc: doc.id.clone(),
                kind: if split {
                    QuoteMistakeKind::Split
                } else {
                    QuoteMistakeKind::FalseAlarm
                },
                gold_id: None,
                gold_kind: None,
                system_kind: q.kind.clone(),
                span: at,
                source: None,
                speaker: speaker_of(q),
                context: context(&chars, at),
            },
        ));
    }
    mistakes.sort_by_key(|(at, _)| *at);
    s.mistakes.extend(mistakes.into_iter().map(|(_, m)| m));
}

/// Up to 30 characters either side, the span in `[` `]` with its middle elided past 80
/// characters, line breaks as spaces.
fn context(chars: &[char], (start, end): Span) -> String {
    const WIDTH: usize = 30;
    let end = end.min(chars.len());
    let start = start.min(end);
    let take = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let before = take(start.saturating_sub(WIDTH), start);
    let after = take(end, (end + WIDTH).min(chars.len()));
    let flat = |s: String| s.replace(['\n', '\r', '\t'], " ");
    format!(
        "{}[{}]{}",
        flat(before),
        flat(elide(&take(start, end), 80)),
        flat(after)
    )
}

/// `s` with its middle replaced by " … " when it has more than `max` characters.
fn elide(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max / 2).collect();
    let tail: String = s.chars().skip(n - (max - max / 2 - 3)).collect();
    format!("{head} … {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character span of the `nth` occurrence (from 0) of `needle` in `text`.
    fn find(text: &str, needle: &str, nth: usize) -> Span {
        let byte = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle:?} not in the text"))
            .0;
        let start = text[..byte].chars().count();
        (start, start + needle.chars().count())
    }

    fn t(text: &str, id: &str, kind: &str, pieces: &[Span]) -> String {
        let offsets: Vec<String> = pieces.iter().map(|(a, b)| format!("{a} {b}")).collect();
        let stated: Vec<String> = pieces
            .iter()
            .map(|&(a, b)| text.chars().skip(a).take(b - a).collect())
            .collect();
        format!("{id}\t{kind} {}\t{}\n", offsets.join(";"), stated.join(" "))
    }

    const TEXT: &str = "Pier to reopen.\n\n\
        “We will rebuild the pier by June,” Mayor Ana Ruiz said.\n\n\
        Ruiz said that the council had approved “every cent” of the budget.\n\n\
        “The pier is old,” she said, “but it is ours.”\n\n\
        Officials said the ferry would resume next week. It was expected to rain.";

    /// Five attributions: direct, partial, direct in two pieces, indirect, indirect without a
    /// source; and one without a content.
    fn ann() -> String {
        let f = |needle: &str, nth: usize| find(TEXT, needle, nth);
        let mut a = String::new();
        let mut event = |e: usize, source: Option<Span>, cue: Span, content: &[Span]| {
            let base = e * 4;
            a += &t(TEXT, &format!("T{}", base + 1), "Content", content);
            a += &t(TEXT, &format!("T{}", base + 2), "Cue", &[cue]);
            let anchor = if source.is_some() {
                "Attribution"
            } else {
                "Attribution-no-source"
            };
            a += &t(TEXT, &format!("T{}", base + 3), anchor, &[cue]);
            let mut line = format!(
                "E{e}\t{anchor}:T{} Content:T{} Cue:T{}",
                base + 3,
                base + 1,
                base + 2
            );
            if let Some(source) = source {
                a += &t(TEXT, &format!("T{}", base + 4), "Source", &[source]);
                line += &format!(" Source:T{}", base + 4);
            }
            a += &line;
            a.push('\n');
        };
        event(
            1,
            Some(f("Mayor Ana Ruiz", 0)),
            f("said", 0),
            &[f("“We will rebuild the pier by June,”", 0)],
        );
        event(
            2,
            Some(f("Ruiz", 1)),
            f("said", 1),
            &[f(
                "that the council had approved “every cent” of the budget",
                0,
            )],
        );
        event(
            3,
            Some(f("she", 0)),
            f("said", 2),
            &[f("“The pier is old,”", 0), f("“but it is ours.”", 0)],
        );
        event(
            4,
            Some(f("Officials", 0)),
            f("said", 3),
            &[f("the ferry would resume next week", 0)],
        );
        event(5, None, f("was expected", 0), &[f("to rain", 0)]);
        a += "E6\tAttribution-no-source:T19 Cue:T18\n";
        a += "T30\tDiscard 0 15\tPier to reopen.\n#1\tAnnotatorNotes T30\ta headline\n";
        a
    }

    fn gold() -> QuoteDoc {
        let c = read_ann("pier", "pier_x.ann", TEXT, &ann()).unwrap();
        assert!(c.anomalies.is_empty(), "{:?}", c.anomalies);
        c.docs.into_iter().next().unwrap()
    }

    #[test]
    fn reads_spans_in_characters_and_derives_kinds() {
        let c = read_ann("pier", "pier_x.ann", TEXT, &ann()).unwrap();
        assert_eq!((c.spans, c.mismatches, c.no_content), (20, 0, 1));
        assert_eq!(c.other_spans.get("Discard"), Some(&1));
        let d = &c.docs[0];
        let kinds: Vec<Option<&str>> = d.attributions.iter().map(|a| a.kind.as_deref()).collect();
        assert_eq!(
            kinds,
            [
                Some("direct"),
                Some("partial"),
                Some("direct"),
                Some("indirect"),
                Some("indirect")
            ]
        );
        assert_eq!(d.attributions[0].source, [find(TEXT, "Mayor Ana Ruiz", 0)]);
        assert_eq!(d.attributions[2].content.len(), 2);
        assert!(!d.attributions[4].has_source());
        let counts = c.counts_by_kind();
        assert_eq!(counts["direct"], (2, 0));
        assert_eq!(counts["indirect"], (1, 1));
        assert_eq!(c.discontinuous(), 1);
    }

    #[test]
    fn two_apostrophes_are_one_double_mark() {
        let chars: Vec<char> = "''It's late,'' he said. It's 'odd'.".chars().collect();
        let quoted = quoted_characters(&chars);
        let inside: String = chars
            .iter()
            .zip(&quoted)
            .filter(|(_, &q)| q)
            .map(|(c, _)| c)
            .collect();
        assert_eq!(inside.trim(), "It's late,");
    }

    #[test]
    fn a_span_over_a_line_break_continues_on_the_next_lines() {
        let text = "He said:\n\nall is well";
        let ann = "T1\tContent 8 21\t\n\nall is well\nT2\tCue 3 7\tsaid\nT3\tSource 0 2\tHe\n\
                   E1\tAttribution:T2 Content:T1 Cue:T2 Source:T3\n";
        let c = read_ann("d", "d.ann", text, ann).unwrap();
        assert_eq!((c.spans, c.mismatches), (3, 0), "{:?}", c.anomalies);
        assert_eq!(c.docs[0].attributions[0].content, [(8, 21)]);
    }

    #[test]
    fn mismatches_and_odd_references_are_anomalies_and_bad_lines_errors() {
        let text = "Bob said it.";
        let ann = "T1\tSource 0 3\tBen\nT2\tCue 4 8\tsaid\nT3\tContent 9 11\tit\n\
                   T4\tContent 0 99\tall\n\
                   E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3 Content2:T9\n";
        let c = read_ann("d", "d.ann", text, ann).unwrap();
        assert_eq!(c.mismatches, 1);
        let messages: Vec<String> = c.anomalies.iter().map(|a| a.to_string()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("d.ann:1 (doc d): T1 Source: the text has \"Bob\""));
        assert!(messages[1].contains("lies outside the text of 12 characters"));
        assert!(messages[2].contains("Content2:T9 names no span"));
        assert!(messages[3].contains("T4 Content is in no attribution"));

        let err = read_ann("d", "d.ann", text, "T1\tSource 0 x\tBob\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.ann:1: T1: offsets \"0 x\" are not \"start end\" numbers"
        );
        let err = read_ann("d", "d.ann", text, "E1\tAttribution:T1 Cue:T2\nE2\tCue\n").unwrap_err();
        assert!(
            err.to_string().starts_with("d.ann:2: E2: argument"),
            "{err}"
        );
        let err = read_ann("d", "d.ann", text, "hello\n").unwrap_err();
        assert!(err.to_string().starts_with("d.ann:1: \"hello\""), "{err}");
    }

    #[test]
    fn quote_marks_pair_within_lines() {
        let chars: Vec<char> = "a “b” c \"d\" e\n“f\n“g” h ”i”".chars().collect();
        let quoted: String = chars
            .iter()
            .zip(quoted_characters(&chars))
            .filter(|(_, q)| *q)
            .map(|(c, _)| *c)
            .collect();
        assert_eq!(quoted, "bdfgi");
    }

    #[test]
    fn trimming_for_exact_matches() {
        let chars: Vec<char> = "He said that “the pier is old.” Then".chars().collect();
        let (s, e) = trimmed(&chars, (8, 31));
        assert_eq!(chars[s..e].iter().collect::<String>(), "the pier is old");
        let chars: Vec<char> = "thatcher".chars().collect();
        assert_eq!(trimmed(&chars, (0, 8)), (0, 8));
    }

    fn quote(content: Span, kind: &str, mention: Option<Span>, mentions: &[Span]) -> SystemQuote {
        SystemQuote {
            content: vec![content],
            kind: Some(kind.into()),
            speaker: mention.map(|_| "E1".into()),
            speaker_mention: mention,
            speaker_mentions: mentions.to_vec(),
        }
    }

    #[test]
    fn scores_contents_kinds_and_speakers() {
        let g = gold();
        let f = |needle: &str, nth: usize| find(TEXT, needle, nth);
        let ruiz = [f("Ana Ruiz", 0), f("Ruiz", 1)];
        let system = vec![
            // Exact, speaker through the mention itself.
            quote(
                f("We will rebuild the pier by June", 0),
                "direct",
                Some(f("Ana Ruiz", 0)),
                &ruiz,
            ),
            // The quoted fragment only: overlap, not exact; the speaker "he" (pretend) is
            // resolved to Ruiz, whose other mention is the gold source.
            quote(f("every cent", 0), "partial", Some(f("the", 1)), &ruiz),
            // The first piece of the two-piece quote, speaker wrong; then its second piece, a
            // split.
            quote(
                f("The pier is old", 0),
                "direct",
                Some(f("Officials", 0)),
                &[],
            ),
            quote(f("but it is ours", 0), "direct", Some(f("she", 0)), &[]),
            // The indirect one found with no speaker.
            quote(
                f("the ferry would resume next week", 0),
                "indirect",
                None,
                &[],
            ),
            // A false alarm.
            quote(f("Pier to reopen", 0), "direct", None, &[]),
        ];
        let s = score([(&g, system.as_slice())]);
        assert_eq!((s.gold(), s.system(), s.gold_with_source), (5, 6, 4));
        assert_eq!((s.overlap.correct, s.exact.correct, s.splits), (4, 2, 1));
        assert_eq!(
            (s.speaker_compared, s.speaker_correct, s.speaker_missing),
            (4, 2, 1)
        );
        assert_eq!(s.attributed_recall(), 0.5);
        assert_eq!(s.speaker_accuracy(), 0.5);
        let direct = s.by_kind["direct"];
        assert_eq!(
            (direct.gold, direct.found, direct.found_exact, direct.system),
            (2, 2, 1, 4)
        );
        assert_eq!((direct.system_found, direct.speaker_correct), (2, 1));
        let (p, r, _) = direct.overlap();
        assert_eq!((p, r), (0.5, 1.0));
        let indirect = s.by_kind["indirect"];
        assert_eq!(
            (indirect.gold, indirect.found, indirect.with_source),
            (2, 1, 1)
        );
        assert_eq!(indirect.exact(), (1.0, 0.5, 2.0 / 3.0));
        assert_eq!(
            s.kind_pairs[&("partial".to_string(), "partial".to_string())],
            1
        );
        let listed: Vec<(&str, Option<&str>)> = s
            .mistakes
            .iter()
            .map(|m| (m.kind.as_str(), m.gold_id.as_deref()))
            .collect();
        assert_eq!(
            listed,
            [
                ("false-alarm", None),
                ("wrong-speaker", Some("E3")),
                ("split", None),
                ("no-speaker", Some("E4")),
                ("missed", Some("E5")),
            ]
        );
        let wrong = s.mistakes[1].to_string();
        assert!(
            wrong.contains("source \"she\"") && wrong.contains("speaker E1 \"Officials\""),
            "{wrong}"
        );
        let table = s.to_string();
        assert!(
            table.contains("attributed recall 50.00  (2 of 4"),
            "{table}"
        );
        assert!(table.contains("1 false alarms, 1 splits"), "{table}");
    }

    #[test]
    fn nothing_found_scores_zero_and_nothing_expected_is_no_error() {
        let g = gold();
        let s = score([(&g, &[][..])]);
        assert_eq!((s.overlap.recall(), s.attributed_recall()), (0.0, 0.0));
        assert_eq!(s.mistakes.len(), 5);
        let empty = QuoteDoc {
            id: "e".into(),
            annotator: None,
            text: "Nothing.".into(),
            attributions: vec![],
        };
        let s = score([(&empty, &[][..])]);
        assert_eq!((s.overlap.f1(), s.mistakes.len()), (1.0, 0));
    }
}
