//! `wirewatch eval conll` on tiny self-written CoNLL files: it reads the gold, runs the pipeline
//! or reads a predicted file, and prints conlleval's table; a malformed line is an error naming
//! the file and line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn wirewatch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(args)
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// CoNLL-2003 style (IOB1), with the first `-DOCSTART-` moved to the end as in the shared copy.
const GOLD: &str = "\
Talks NNS I-NP O
resumed VBD I-VP O
, , O O
the DT I-NP O
Army NNP I-NP I-ORG
Times NNP I-NP I-ORG
reports VBZ I-VP O
. . O O

-DOCSTART- -X- O O

Anna NNP I-NP I-PER
Kurz NNP I-NP I-PER
visited VBD I-VP O
Bern NNP I-NP I-LOC
. . O O

-DOCSTART- -X- O O
";

/// Predictions for GOLD: Army Times right, Anna Kurz as ORG (type), Bern missed, Talks spurious.
const PREDICTED: &str = "\
Talks I-MISC
resumed O
, O
the O
Army I-ORG
Times I-ORG
reports O
. O

Anna I-ORG
Kurz I-ORG
visited O
Bern O
. O
";

#[test]
fn scores_the_pipeline_on_a_tiny_file() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "gold.txt", GOLD);
    let o = wirewatch(&["eval", "conll", gold.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains("2 documents, 2 sentences, 13 tokens, IOB1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("processed 13 tokens with 3 phrases;"),
        "{stdout}"
    );
    for kind in ["LOC", "ORG", "PER"] {
        assert!(
            stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{kind}: precision:"))),
            "no {kind} row: {stdout}"
        );
    }
}

#[test]
fn scores_a_predicted_file_as_conlleval_does() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "gold.txt", GOLD);
    let predicted = write(dir.path(), "pred.txt", PREDICTED);
    let o = wirewatch(&[
        "eval",
        "conll",
        "--errors",
        gold.to_str().unwrap(),
        "--predicted",
        predicted.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Hand-counted: 3 gold chunks, 3 predicted, 1 correct; tags right on 9 of 13 tokens.
    let table = "\
processed 13 tokens with 3 phrases; found: 3 phrases; correct: 1.
accuracy:  69.23%; precision:  33.33%; recall:  33.33%; FB1:  33.33
              LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  0
             MISC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
              ORG: precision:  50.00%; recall: 100.00%; FB1:  66.67  2
              PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  0
";
    assert!(stdout.contains(table), "{stdout}");
    assert!(
        stdout.contains("mistakes: 1 type, 0 boundary, 1 missed, 1 spurious"),
        "{stdout}"
    );
    assert!(stdout.contains("[{Anna Kurz}] visited Bern ."), "{stdout}");
    assert!(stdout.contains("Anna Kurz visited [Bern] ."), "{stdout}");
}

#[test]
fn reads_the_numbered_layout_and_checks_a_given_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let uner = "# newdoc id = d1\n# text = I met Bo Li\n1\tI\tO\t-\t-\n2\tmet\tO\t-\t-\n\
                3\tBo\tB-PER\t-\t-\n4\tLi\tI-PER\t-\t-\n";
    let gold = write(dir.path(), "uner.iob2", uner);
    let o = wirewatch(&["eval", "conll", gold.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains("1 documents, 1 sentences, 4 tokens, IOB2 (token number, token, tag)"),
        "{stdout}"
    );
    let o = wirewatch(&["eval", "conll", "--scheme", "bioes", gold.to_str().unwrap()]);
    assert!(o.status.success());
    let o = wirewatch(&["eval", "conll", "--scheme", "iob3", gold.to_str().unwrap()]);
    assert!(!o.status.success());
}

#[test]
fn a_malformed_line_or_a_mismatched_prediction_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.txt",
        &GOLD.replace("Bern NNP I-NP I-LOC", "Bern NNP I-NP LOC"),
    );
    let o = wirewatch(&["eval", "conll", broken.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains("broken.txt:15: `LOC` is not an NER tag"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let gold = write(dir.path(), "gold.txt", GOLD);
    let other = write(
        dir.path(),
        "pred.txt",
        &PREDICTED.replace("Bern O", "Berne O"),
    );
    let o = wirewatch(&[
        "eval",
        "conll",
        gold.to_str().unwrap(),
        "--predicted",
        other.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains("pred.txt:13: the token `Berne` is `Bern` in the gold (line 15)"),
        "{stderr}"
    );
}
