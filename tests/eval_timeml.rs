//! `wirewatch eval timeml` on a tiny self-written TimeML folder: it reads the gold, runs the
//! pipeline and prints the table; a malformed file is an error naming the file and line.

use std::process::{Command, Output};

fn wirewatch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(args)
        .output()
        .unwrap()
}

const TML: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2012-05-04" functionInDocument="CREATION_TIME">May 4</TIMEX3></DCT>
<TEXT>
The mayor of Zürich <EVENT eid="e1" class="REPORTING">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2012-05-03">yesterday</TIMEX3> that the works &amp; repairs would take <TIMEX3 tid="t2" type="DURATION" value="P2W" mod="APPROX">about two weeks</TIMEX3>.
</TEXT>
</TimeML>
"#;

#[test]
fn scores_a_folder_and_prints_the_gold_count() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t1.tml"), TML).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not gold").unwrap();
    let o = wirewatch(&["eval", "timeml", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("1 docs, 2 gold TIMEX3"), "{stdout}");
    for row in ["strict", "relaxed", "type", "value", "mod"] {
        assert!(
            stdout.lines().any(|l| l.starts_with(row)),
            "no {row} row: {stdout}"
        );
    }
}

#[test]
fn a_malformed_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let broken = TML.replace("</TIMEX3> that", "</EVENT> that");
    std::fs::write(dir.path().join("broken.tml"), broken).unwrap();
    let o = wirewatch(&["eval", "timeml", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(stderr.contains("broken.tml:6:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
