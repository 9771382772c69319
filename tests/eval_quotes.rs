//! `wirewatch eval quotes` on tiny self-written gold in PolNeAR's layout: a compartment with
//! `text/` and `attributions/` (one text annotated twice). The reader's character offsets and
//! kinds, the scorer on hand-made system output, and the command's table; a malformed file is an
//! error naming the file and line.

use std::path::Path;
use std::process::{Command, Output};

use wirewatch::eval::quotes::{self, SystemQuote};

fn wirewatch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(args)
        .output()
        .unwrap()
}

/// Curly quotes and a dash, so that byte and character offsets differ.
const HARBOUR: &str = "Harbour to reopen – at last.\n\n\
    “We will rebuild the pier by June,” Mayor Ana Ruiz said on Monday.\n\n\
    Ruiz said that the council had approved “every cent” of the budget.\n\n\
    “The pier is old,” she said, “but it is ours.”\n\n\
    Officials said the ferry would resume next week. More rain was expected.\n";

const SCHOOL: &str = "School board votes.\n\nThe board said the vote was close.\n";

/// The character span of the `nth` occurrence (from 0) of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let byte = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
        .0;
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn slice(text: &str, (start, end): (usize, usize)) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// A text-bound line over the given pieces, its text as brat states it.
fn t(text: &str, id: usize, kind: &str, pieces: &[(usize, usize)]) -> String {
    let offsets: Vec<String> = pieces.iter().map(|(a, b)| format!("{a} {b}")).collect();
    let stated: Vec<String> = pieces.iter().map(|&p| slice(text, p)).collect();
    format!(
        "T{id}\t{kind} {}\t{}\n",
        offsets.join(";"),
        stated.join(" ")
    )
}

/// PolNeAR's way: the content, cue, anchor and source spans, then the event tying them.
fn attribution(
    text: &str,
    e: usize,
    source: Option<(usize, usize)>,
    cue: (usize, usize),
    content: &[(usize, usize)],
) -> String {
    let base = 4 * e;
    let anchor = if source.is_some() {
        "Attribution"
    } else {
        "Attribution-no-source"
    };
    let mut out = t(text, base, "Content", content);
    out += &t(text, base + 1, "Cue", &[cue]);
    out += &t(text, base + 2, anchor, &[cue]);
    let mut event = format!(
        "E{e}\t{anchor}:T{} Content:T{base} Cue:T{}",
        base + 2,
        base + 1
    );
    if let Some(source) = source {
        out += &t(text, base + 3, "Source", &[source]);
        event += &format!(" Source:T{}", base + 3);
    }
    out + &event + "\n"
}

fn harbour_ann() -> String {
    let f = |needle: &str, nth: usize| find(HARBOUR, needle, nth);
    let mut ann = String::new();
    ann += &attribution(
        HARBOUR,
        1,
        Some(f("Mayor Ana Ruiz", 0)),
        f("said", 0),
        &[f("“We will rebuild the pier by June,”", 0)],
    );
    ann += &attribution(
        HARBOUR,
        2,
        Some(f("Ruiz", 1)),
        f("said", 1),
        &[f(
            "that the council had approved “every cent” of the budget",
            0,
        )],
    );
    ann += &attribution(
        HARBOUR,
        3,
        Some(f("she", 0)),
        f("said", 2),
        &[f("“The pier is old,”", 0), f("“but it is ours.”", 0)],
    );
    ann += &attribution(
        HARBOUR,
        4,
        Some(f("Officials", 0)),
        f("said", 3),
        &[f("the ferry would resume next week", 0)],
    );
    ann += &attribution(HARBOUR, 5, None, f("was expected", 0), &[f("More rain", 0)]);
    ann += &t(
        HARBOUR,
        90,
        "Discard",
        &[f("Harbour to reopen – at last.", 0)],
    );
    ann + "#1\tAnnotatorNotes T90\theadline\n"
}

fn school_ann() -> String {
    let f = |needle: &str| find(SCHOOL, needle, 0);
    attribution(
        SCHOOL,
        1,
        Some(f("The board")),
        f("said"),
        &[f("the vote was close")],
    )
}

/// `root/dev/{text,attributions}`: the harbour text annotated by `4b22` (read) and `9z99` (not
/// read), the school text by `4e07`.
fn write_gold(root: &Path) {
    let dev = root.join("dev");
    for sub in ["text", "attributions"] {
        std::fs::create_dir_all(dev.join(sub)).unwrap();
    }
    let w = |path: &str, content: &str| std::fs::write(dev.join(path), content).unwrap();
    w("text/wire_2016-01-05_harbour.txt", HARBOUR);
    w(
        "attributions/wire_2016-01-05_harbour_4b22.ann",
        &harbour_ann(),
    );
    w(
        "attributions/wire_2016-01-05_harbour_9z99.ann",
        "T1\tSource 0 7\tHarbour\n",
    );
    w("text/wire_2016-01-06_school.txt", SCHOOL);
    w(
        "attributions/wire_2016-01-06_school_4e07.ann",
        &school_ann(),
    );
}

#[test]
fn the_reader_gives_character_offsets_kinds_and_one_annotator_a_text() {
    let dir = tempfile::tempdir().unwrap();
    write_gold(dir.path());
    for path in [dir.path().to_path_buf(), dir.path().join("dev")] {
        let c = quotes::read_path(&path).unwrap();
        assert!(c.anomalies.is_empty(), "{:?}", c.anomalies);
        assert_eq!((c.annotation_files, c.other_annotations), (2, 1));
        assert_eq!((c.spans, c.mismatches), (24, 0));
        let ids: Vec<(&str, Option<&str>)> = c
            .docs
            .iter()
            .map(|d| (d.id.as_str(), d.annotator.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                ("wire_2016-01-05_harbour", Some("4b22")),
                ("wire_2016-01-06_school", Some("4e07"))
            ]
        );
        let d = &c.docs[0];
        let first = &d.attributions[0];
        assert_eq!(slice(&d.text, first.source[0]), "Mayor Ana Ruiz");
        assert_eq!(
            slice(&d.text, first.content[0]),
            "“We will rebuild the pier by June,”"
        );
        let kinds: Vec<&str> = c
            .attributions()
            .map(|a| a.kind.as_deref().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["direct", "partial", "direct", "indirect", "indirect", "indirect"]
        );
        let counts = c.counts_by_kind();
        assert_eq!(counts["direct"], (2, 0));
        assert_eq!(counts["partial"], (1, 0));
        assert_eq!(counts["indirect"], (2, 1));
        assert_eq!(c.discontinuous(), 1);
        assert_eq!(c.other_spans.get("Discard"), Some(&1));
    }

    // One document, by its annotation or by its text.
    let ann = dir
        .path()
        .join("dev/attributions/wire_2016-01-06_school_4e07.ann");
    let txt = dir.path().join("dev/text/wire_2016-01-05_harbour.txt");
    let c = quotes::read_path(&ann).unwrap();
    assert_eq!(c.docs.len(), 1);
    assert_eq!(c.docs[0].attributions.len(), 1);
    let c = quotes::read_path(&txt).unwrap();
    assert_eq!((c.docs[0].attributions.len(), c.other_annotations), (5, 1));
    assert_eq!(c.docs[0].annotator.as_deref(), Some("4b22"));
}

#[test]
fn scores_hand_made_system_output() {
    let dir = tempfile::tempdir().unwrap();
    write_gold(dir.path());
    let c = quotes::read_path(dir.path().join("dev")).unwrap();
    let f = |needle: &str, nth: usize| find(HARBOUR, needle, nth);
    let quote =
        |content, kind: &str, mention: Option<(usize, usize)>, mentions: &[_]| SystemQuote {
            content: vec![content],
            kind: Some(kind.into()),
            speaker: mention.map(|_| "E1".into()),
            speaker_mention: mention,
            speaker_mentions: mentions.to_vec(),
        };
    let ruiz = [f("Mayor Ana Ruiz", 0), f("Ruiz", 1)];
    let harbour = vec![
        quote(
            f("We will rebuild the pier by June", 0),
            "direct",
            Some(f("Mayor Ana Ruiz", 0)),
            &ruiz,
        ),
        // Given to Ruiz through another mention of her than the gold source's.
        quote(
            f("every cent", 0),
            "partial",
            Some(f("Mayor Ana Ruiz", 0)),
            &ruiz,
        ),
        // The two-piece quote whole, to the wrong speaker.
        quote(
            (f("The pier", 0).0, f("ours", 0).1),
            "direct",
            Some(f("Officials", 0)),
            &[f("Officials", 0)],
        ),
        quote(f("Harbour to reopen", 0), "direct", None, &[]),
    ];
    let school = vec![quote(
        find(SCHOOL, "the vote was close", 0),
        "indirect",
        Some(find(SCHOOL, "The board", 0)),
        &[],
    )];
    let systems = [harbour, school];
    let s = quotes::score(c.docs.iter().zip(&systems).map(|(d, s)| (d, s.as_slice())));
    assert_eq!(
        (s.docs, s.gold(), s.system(), s.gold_with_source),
        (2, 6, 5, 5)
    );
    // The two-piece quote given whole is exact: quote marks and edge punctuation trimmed.
    assert_eq!((s.overlap.correct, s.exact.correct, s.splits), (4, 3, 0));
    assert_eq!((s.speaker_compared, s.speaker_correct), (4, 3));
    assert!((s.attributed_recall() - 0.6).abs() < 1e-12);
    assert!((s.speaker_accuracy() - 0.75).abs() < 1e-12);
    assert!((s.overlap.f1() - 2.0 * 0.8 * (4.0 / 6.0) / (0.8 + 4.0 / 6.0)).abs() < 1e-12);
    let partial = s.by_kind["partial"];
    assert_eq!(
        (partial.found, partial.found_exact, partial.speaker_correct),
        (1, 0, 1)
    );
    let listed: Vec<(&str, &str)> = s
        .mistakes
        .iter()
        .map(|m| (m.kind.as_str(), m.doc.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("false-alarm", "wire_2016-01-05_harbour"),
            ("wrong-speaker", "wire_2016-01-05_harbour"),
            ("missed", "wire_2016-01-05_harbour"),
            ("missed", "wire_2016-01-05_harbour"),
        ]
    );
}

#[test]
fn the_command_prints_gold_counts_and_the_table() {
    let dir = tempfile::tempdir().unwrap();
    write_gold(dir.path());
    let dev = dir.path().join("dev");
    let o = wirewatch(&["eval", "quotes", dev.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains(
            "PolNeAR brat standoff, 2 docs (2 annotation files read, 1 other annotators' files"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "gold attributions: 6 (direct 2 (2 with a source), indirect 3 (2 with a source), \
             partial 1 (1 with a source)); 1 with a content in pieces; 0 without a content"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("not attributions, not scored: Discard 1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("spans checked against their text: 24, 0 do not"),
        "{stdout}"
    );
    assert!(stdout.contains("2 docs, 6 gold attributions (5 with a source, 1 without)"));
    for row in [
        "overlap",
        "exact",
        "speaker accuracy",
        "attributed recall",
        "direct",
        "partial",
        "indirect",
        "all",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(row)),
            "no {row} row: {stdout}"
        );
    }

    // --limit and --errors: the misses are listed whatever the pipeline finds, as long as it
    // does not find them all.
    let o = wirewatch(&[
        "eval",
        "quotes",
        "--errors",
        "--limit",
        "1",
        dev.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains("PolNeAR brat standoff, 1 of 2 docs scored (--limit)"),
        "{stdout}"
    );
    assert!(stdout.contains("1 docs, 5 gold attributions"), "{stdout}");
    // One `missed` line for each gold attribution no system quote matched, and one
    // wrong- or no-speaker line for each found with a source but not its speaker.
    let numbers = |prefix: &str| -> Vec<usize> {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix}: {stdout}"));
        line.split(|c: char| !c.is_ascii_digit() && c != '.')
            .filter(|w| !w.is_empty() && !w.contains('.'))
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    let listed = |kinds: &[&str]| {
        stdout
            .lines()
            .filter(|l| kinds.iter().any(|k| l.starts_with(k)))
            .count()
    };
    let overlap = numbers("overlap");
    let (matched, gold) = (overlap[0], overlap[2]);
    assert_eq!(listed(&["missed "]), gold - matched, "{stdout}");
    let speaker = numbers("speaker accuracy");
    let (right, found) = (speaker[0], speaker[1]);
    assert_eq!(
        listed(&["wrong-speaker ", "no-speaker "]),
        found - right,
        "{stdout}"
    );
}

#[test]
fn malformed_gold_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write_gold(dir.path());
    let ann = dir
        .path()
        .join("dev/attributions/wire_2016-01-06_school_4e07.ann");
    let (a, b) = find(SCHOOL, "The board", 0);
    let broken = school_ann().replacen(&format!("Source {a} {b}"), &format!("Source {a} nine"), 1);
    assert_ne!(broken, school_ann());
    std::fs::write(&ann, broken).unwrap();
    let o = wirewatch(&["eval", "quotes", dir.path().join("dev").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains(&format!(
            "school_4e07.ann:4: T7: offsets \"{a} nine\" are not \"start end\" numbers"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let o = wirewatch(&[
        "eval",
        "quotes",
        dir.path().join("dev/text").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(stderr.contains("no PolNeAR compartment here"), "{stderr}");
}
