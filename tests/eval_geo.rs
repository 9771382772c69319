//! `wirewatch eval geo` on tiny self-written gold: an LGL-style XML file and a GeoWebNews-style
//! brat pair. The readers' offsets, the scorer on hand-made system output, and the command's
//! table; a malformed file is an error naming the file and line.

use std::path::Path;
use std::process::{Command, Output};

use wirewatch::eval::geo::{self, GeoFormat, OffsetBase, SystemToponym};

fn wirewatch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(args)
        .output()
        .unwrap()
}

/// LGL's layout: character offsets from 0, coordinates in <gaztag>, "Norway" left unresolved by
/// the annotators.
const LGL: &str = r#"<?xml version="1.0" encoding="utf-8"?>

<articles>
  <article docid="101">
    <feedid>1</feedid>
    <title>Storm closes roads near Tromsø</title>
    <url>http://example.org/storm</url>
    <dltime>2020-01-02 10:00:00-05</dltime>
    <text><![CDATA[Storm closes roads near Tromsø. Drivers heading from Tromsø to Narvik were told to wait, police in Norway said.]]></text>
    <toponyms count="4">
      <toponym>
        <start>24</start>
        <end>30</end>
        <phrase>Tromsø</phrase>
        <gaztag geonameid="3133880">
          <name>Tromsø</name>
          <fclass>P</fclass>
          <fcode>PPLA</fcode>
          <lat>69.6496</lat>
          <lon>18.957</lon>
        </gaztag>
      </toponym>
      <toponym>
        <start>53</start>
        <end>59</end>
        <phrase>Tromsø</phrase>
        <gaztag geonameid="3133880"><fcode>PPLA</fcode><lat>69.6496</lat><lon>18.957</lon></gaztag>
      </toponym>
      <toponym>
        <start>63</start>
        <end>69</end>
        <phrase>Narvik</phrase>
        <gaztag geonameid="3144987"><fcode>PPL</fcode><lat>68.4385</lat><lon>17.4272</lon></gaztag>
      </toponym>
      <toponym>
        <start>99</start>
        <end>105</end>
        <phrase>Norway</phrase>
      </toponym>
    </toponyms>
  </article>
  <article docid="102">
    <text><![CDATA[Café owners in Zürich & Basel raised prices.]]></text>
    <toponyms count="2">
      <toponym><start>15</start><end>21</end><phrase>Zürich</phrase>
        <gaztag geonameid="2657896"><fcode>PPLA</fcode><lat>47.3667</lat><lon>8.55</lon></gaztag></toponym>
      <toponym><start>24</start><end>29</end><phrase>Basel</phrase>
        <gaztag geonameid="2661604"><fcode>PPLA</fcode><lat>47.5584</lat><lon>7.5733</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"#;

/// GeoWebNews' layout: a TITLE line, then the text; character offsets into the whole file (the
/// dash and the apostrophe are three bytes each).
const TXT: &str = "TITLE: Harbour reopens LINK: http://example.org/harbour\n\
                   The harbour at Valletta reopened on Monday – Maltese ferries resumed trips to \
                   Gozo, and Valletta’s mayor thanked the crews.\n";

const ANN: &str = "T1\tLiteral 71 79\tValletta\n\
                   #1\tAnnotatorNotes T1\t35.8989, 14.5146\n\
                   T2\tLiteral_Expression 60 67\tharbour\n\
                   A1\tNon_Locational T2\n\
                   T3\tDemonym 101 108\tMaltese\n\
                   T4\tLiteral 134 138\tGozo\n\
                   #2\tAnnotatorNotes T4\t8299757\n\
                   T5\tNon_Literal_Modifier 144 152\tValletta\n\
                   #3\tAnnotatorNotes T5\t2562305\n";

/// One row in GeoNames' dump layout, for the GeoNames id of "Gozo" above.
const GAZETTEER: &str = "8299757\tGozo\tGozo\t\t36.0443\t14.2512\tT\tISL\tMT\t\t\t\t\t\t0\t\t\tEurope/Malta\t2020-01-01\n";

fn write_gold(dir: &Path) {
    std::fs::write(dir.join("lgl.xml"), LGL).unwrap();
    let gwn = dir.join("gwn");
    std::fs::create_dir(&gwn).unwrap();
    std::fs::write(gwn.join("4.txt"), TXT).unwrap();
    std::fs::write(gwn.join("4.ann"), ANN).unwrap();
    std::fs::write(dir.join("points.txt"), GAZETTEER).unwrap();
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn readers_give_character_offsets_that_slice_to_the_toponyms() {
    let dir = tempfile::tempdir().unwrap();
    write_gold(dir.path());

    let lgl = geo::read_path(dir.path().join("lgl.xml")).unwrap();
    assert_eq!(lgl.format, GeoFormat::Lgl);
    assert_eq!(lgl.offsets, OffsetBase::CHARS);
    assert!(lgl.anomalies.is_empty(), "{:?}", lgl.anomalies);
    let ids: Vec<&str> = lgl.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["101", "102"]);
    let spans: Vec<(usize, usize)> = lgl.toponyms().map(|t| (t.start, t.end)).collect();
    assert_eq!(
        spans,
        [(24, 30), (53, 59), (63, 69), (99, 105), (15, 21), (24, 29)]
    );
    for d in &lgl.docs {
        for t in &d.toponyms {
            assert_eq!(slice(&d.text, t.start, t.end), t.text);
        }
    }
    let norway = &lgl.docs[0].toponyms[3];
    assert_eq!((norway.point(), norway.geonames_id), (None, None));
    let zurich = &lgl.docs[1].toponyms[0];
    assert_eq!(zurich.point(), Some((47.3667, 8.55)));
    assert_eq!(
        (zurich.geonames_id, zurich.kind.as_deref()),
        (Some(2657896), Some("PPLA"))
    );

    let mut gwn = geo::read_path(dir.path().join("gwn")).unwrap();
    assert_eq!(gwn.format, GeoFormat::Brat);
    assert!(gwn.anomalies.is_empty(), "{:?}", gwn.anomalies);
    let d = &gwn.docs[0];
    assert_eq!(d.id, "4");
    assert!(
        d.text.starts_with("The harbour at Valletta"),
        "the TITLE line is not text"
    );
    let got: Vec<(usize, usize, &str, &str)> = d
        .toponyms
        .iter()
        .map(|t| (t.start, t.end, t.text.as_str(), t.kind.as_deref().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (15, 23, "Valletta", "Literal"),
            (45, 52, "Maltese", "Demonym"),
            (78, 82, "Gozo", "Literal"),
            (88, 96, "Valletta", "Non_Literal_Modifier"),
        ]
    );
    for t in &d.toponyms {
        assert_eq!(slice(&d.text, t.start, t.end), t.text);
    }
    assert_eq!(d.toponyms[0].point(), Some((35.8989, 14.5146)));
    assert_eq!(d.toponyms[2].geonames_id, Some(8299757));
    assert_eq!(gwn.not_toponyms.get("Literal_Expression"), Some(&1));
    let points = geo::read_geonames_points("points.txt", GAZETTEER).unwrap();
    assert_eq!(
        gwn.fill_coordinates(&points),
        1,
        "Gozo; 2562305 is not in the table"
    );
    assert_eq!(gwn.docs[0].toponyms[2].point(), Some((36.0443, 14.2512)));
}

#[test]
fn scores_hand_made_system_output() {
    let corpus = geo::read_xml("lgl.xml", LGL).unwrap();
    let at = |start, end, point: Option<(f64, f64)>| SystemToponym {
        start,
        end,
        lat: point.map(|p| p.0),
        lon: point.map(|p| p.1),
        geonames_id: None,
    };
    let oslo = (59.9127, 10.7461);
    let system = [
        vec![
            at(24, 30, Some((69.65, 18.96))), // Tromsø, a few hundred metres off
            at(53, 59, None),                 // Tromsø, not placed: the maximal error
            at(63, 74, Some(oslo)),           // "Narvik were": lenient only, in Oslo: far
            at(89, 95, Some(oslo)),           // "police": a false alarm
        ],
        vec![at(15, 21, Some((47.3667, 8.55)))], // Zürich exactly; Basel missed
    ];
    let s = geo::score(
        corpus
            .docs
            .iter()
            .zip(&system)
            .map(|(d, s)| (d, s.as_slice())),
    );
    assert_eq!((s.docs, s.gold(), s.system()), (2, 6, 5));
    assert_eq!((s.strict.correct, s.lenient.correct), (3, 4));
    assert!((s.strict.precision() - 0.6).abs() < 1e-12);
    assert!((s.strict.recall() - 0.5).abs() < 1e-12);
    assert!((s.lenient.f1() - 2.0 * 0.8 * (4.0 / 6.0) / (0.8 + 4.0 / 6.0)).abs() < 1e-12);
    assert_eq!(
        (s.gold_with_coordinates, s.gold_without_coordinates()),
        (5, 1)
    );

    let narvik = geo::distance_km((68.4385, 17.4272), oslo);
    assert!((narvik - 1000.4).abs() < 0.1, "{narvik}");
    let g = s.geocoding().unwrap();
    assert_eq!((g.n, g.within, s.unresolved), (4, 2, 1));
    let tromso = geo::distance_km((69.6496, 18.957), (69.65, 18.96));
    assert!(tromso < 1.0);
    assert!((g.median_km - (tromso + narvik) / 2.0).abs() < 1e-9);
    assert!((g.mean_km - (tromso + narvik + geo::MAX_ERROR_KM) / 4.0).abs() < 1e-9);
    assert!((s.end_to_end_accuracy() - 0.4).abs() < 1e-12);
    assert!(g.auc > 0.0 && g.auc < 1.0);

    let mistakes: Vec<(&str, &str, &str)> = s
        .mistakes
        .iter()
        .map(|m| (m.doc.as_str(), m.kind.as_str(), m.text.as_str()))
        .collect();
    assert_eq!(
        mistakes,
        [
            ("101", "unresolved", "Tromsø"),
            ("101", "span", "Narvik"),
            ("101", "far", "Narvik"),
            ("101", "spurious", "police"),
            ("101", "missed", "Norway"),
            ("102", "missed", "Basel"),
        ]
    );
    let by_kind = &s.by_kind["PPLA"];
    assert_eq!(
        (by_kind.gold, by_kind.strict, by_kind.errors_km.len()),
        (4, 3, 3)
    );
}

#[test]
fn the_command_prints_gold_counts_and_the_table() {
    let dir = tempfile::tempdir().unwrap();
    write_gold(dir.path());
    let path = |p: &str| dir.path().join(p).to_str().unwrap().to_string();

    let o = wirewatch(&["eval", "geo", &path("lgl.xml")]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains(": LGL XML, 2 docs, offsets in characters from 0"),
        "{stdout}"
    );
    assert!(stdout.contains("2 docs, 6 gold toponyms"), "{stdout}");
    assert!(
        stdout.contains("gold coordinates: 5 with, 1 without"),
        "{stdout}"
    );
    for row in ["strict", "lenient", "  acc@161", "PPLA"] {
        assert!(
            stdout.lines().any(|l| l.starts_with(row)),
            "no {row} row: {stdout}"
        );
    }

    let o = wirewatch(&[
        "eval",
        "geo",
        "--errors",
        "--limit",
        "1",
        "--gazetteer",
        &path("points.txt"),
        &path("gwn"),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains("brat standoff (GeoWebNews), 1 docs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("coordinates for 1 GeoNames-id-only toponyms"),
        "{stdout}"
    );
    assert!(
        stdout.contains("not toponyms, not scored: Literal_Expression 1"),
        "{stdout}"
    );
    assert!(stdout.contains("1 docs, 4 gold toponyms"), "{stdout}");
    assert!(
        stdout.contains("gold coordinates: 2 with, 2 without (1 of those with a GeoNames id only)"),
        "{stdout}"
    );
}

#[test]
fn malformed_gold_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let broken = LGL.replace("<end>69</end>", "<end>sixty-nine</end>");
    std::fs::write(dir.path().join("lgl.xml"), broken).unwrap();
    let o = wirewatch(&["eval", "geo", dir.path().join("lgl.xml").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains("lgl.xml:31: <end> is \"sixty-nine\", not a number"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    std::fs::write(dir.path().join("9.ann"), "T1\tLiteral 0 4\tOslo\n").unwrap();
    let o = wirewatch(&["eval", "geo", dir.path().join("9.ann").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(stderr.contains("9.ann: no "), "{stderr}");
}
