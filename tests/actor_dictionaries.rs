//! The actor and agent dictionaries: every alias of the committed files leads to its actor
//! through the loader, shared aliases are marked ambiguous, the hand-kept extras win, and
//! `wirewatch build actors` turns a small PETRARCH-format dictionary into the expected rows.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use wirewatch::extract::actors::{ActorDictionary, ActorType, AgentDictionary, ACTORS, AGENTS};
use wirewatch::nlp::TextLayer;

fn tokenizer() -> impl Fn(&str) -> Vec<String> {
    let layer = TextLayer::embedded().unwrap();
    move |s: &str| {
        let (norm, tokens) = layer.tokenize(s);
        tokens
            .iter()
            .map(|t| norm.text[t.span.range()].to_string())
            .collect()
    }
}

/// (canonical, alias, type, ambiguous) of every row of an actors file.
fn rows(text: &str) -> Vec<(String, String, String, bool)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].into(), c[1].into(), c[2].into(), c[7] == "yes")
        })
        .collect()
}

#[test]
fn every_alias_leads_to_its_actor() {
    let dict = ActorDictionary::parse(ACTORS, tokenizer()).unwrap();
    let rows = rows(ACTORS.text);
    assert!(rows.len() > 20_000, "{} rows", rows.len());
    let mut problems = Vec::new();
    for (canonical, alias, typ, ambiguous) in &rows {
        let found: Vec<_> = dict
            .candidates(alias)
            .into_iter()
            .map(|id| dict.actor(id))
            .collect();
        if !found
            .iter()
            .any(|a| a.canonical == *canonical && a.kind.as_str() == typ)
        {
            problems.push(format!("{alias}: not found as {canonical}"));
        } else if !ambiguous && dict.get(alias).map(|a| &a.canonical) != Some(canonical) {
            problems.push(format!("{alias}: does not lead to {canonical} alone"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} aliases:\n{}",
        problems.len(),
        rows.len(),
        problems[..problems.len().min(30)].join("\n")
    );
}

#[test]
fn an_alias_of_two_actors_of_one_type_is_marked_ambiguous() {
    let mut owners: HashMap<(String, String), BTreeSet<String>> = HashMap::new();
    let rows = rows(ACTORS.text);
    for (canonical, alias, typ, _) in &rows {
        owners
            .entry((alias.clone(), typ.clone()))
            .or_default()
            .insert(canonical.clone());
    }
    let unmarked: Vec<String> = rows
        .iter()
        .filter(|(_, alias, typ, ambiguous)| {
            !ambiguous && owners[&(alias.clone(), typ.clone())].len() > 1
        })
        .map(|(c, a, t, _)| format!("{a} ({t} {c})"))
        .collect();
    assert!(unmarked.is_empty(), "{}", unmarked.join(", "));
    // Some real ambiguity exists and is kept, not silently resolved.
    assert!(rows.iter().any(|r| r.3));
}

#[test]
fn the_extras_win() {
    let dict = ActorDictionary::parse(ACTORS, tokenizer()).unwrap();
    let is = dict.get("Daesh").unwrap();
    assert_eq!(is.canonical, "Islamic State");
    assert_eq!(is.kind, ActorType::Org);
    assert_eq!(is.subtype, "armed_group");
    for alias in [
        "IS",
        "ISIS",
        "ISIL",
        "Islamic State of Iraq and the Levant",
        "DAESH",
    ] {
        assert_eq!(
            dict.get(alias).unwrap().canonical,
            "Islamic State",
            "{alias}"
        );
    }
    for alias in ["TTP", "Pakistani Taliban", "Tehreek-e-Taliban Pakistan"] {
        let ttp = dict.get(alias).unwrap();
        assert_eq!(ttp.canonical, "Tehrik-e-Taliban Pakistan", "{alias}");
        assert_eq!(ttp.country.as_deref(), Some("PAK"));
    }
    assert_eq!(
        dict.get("Taliban").unwrap().cameo.as_deref(),
        Some("AFGREB")
    );
    assert_eq!(
        dict.get("NATO").unwrap().cameo.as_deref(),
        Some("IGOWSTNAT")
    );
    assert_eq!(
        dict.get("Resolute Support").unwrap().canonical,
        "Resolute Support"
    );
    assert_eq!(
        dict.get("al-Qaeda").unwrap().cameo.as_deref(),
        Some("IMGMUSALQ")
    );
    assert_eq!(dict.get("Al-Shabaab").unwrap().canonical, "al-Shabab");
    let us = dict.get("U.S.").unwrap();
    assert_eq!(
        (us.canonical.as_str(), us.kind),
        ("United States", ActorType::Gpe)
    );
    // Acronyms only as written.
    assert!(dict.get("is").is_none() && dict.get("us").is_none());
    // A PETRARCH country keeps its names, not its cities; its people are a NORP actor.
    assert_eq!(
        dict.get("Afghanistan").unwrap().country.as_deref(),
        Some("AFG")
    );
    assert!(dict.get("Kabul").is_none());
    assert_eq!(dict.get("Afghans").unwrap().kind, ActorType::Norp);
    // Agent nouns are not actor names.
    assert!(dict.candidates("Police").is_empty());
}

#[test]
fn agents_load_with_their_codes() {
    let agents = AgentDictionary::parse(AGENTS, tokenizer()).unwrap();
    assert!(agents.len() > 3000, "{} agents", agents.len());
    // As Phoenix codes them: a spokesman speaks for the media, border guards are military.
    for (noun, code) in [
        ("police", "COP"),
        ("rebels", "REB"),
        ("spokesman", "MED"),
        ("border guards", "MIL"),
        ("soldiers", "MIL"),
    ] {
        assert_eq!(
            agents.get(noun).map(|a| a.code.as_str()),
            Some(code),
            "{noun}"
        );
    }
}

const COUNTRIES: &str = "\
# test
ARNOR_  [ARN]
+ARNORIAN_
+NORTH_KINGDOM_ # a nickname
+FORNOST_
+ARNOOR_

# National Institutions
ARNOR_ROYAL_GUARD
+ROYAL_GUARD_OF_ARNOR
	[ARNMIL]

ARAGORN_  # CountryInfo.txt
+KING_ARAGORN_
	[ARNELI 20010101-20100101]
	[ARNGOV >20100101]
ISILDUR_  # CountryInfo.txt
	[ARNGOV 19000101-19450101]
";

const INTERNATIONAL: &str = "\
THE_UNITED_NATIONS_ [IGOUNO]
GONDOR_DAILY_NEWS_ [MED]
";

const MILNONSTATE: &str = "\
ORC_LIBERATION_FRONT_(OLF)_ [ARNREB] # kkl
+ORC_FRONT_
+POLICE

DAESH_OF_MORDOR_ [IMGMUSISI]
";

const AGENTS_TXT: &str = "\
!PERSON! = MAN, MEN
POLICE {} [~COP]
POLICE!PERSON! [~COP]
REBEL [~REB]
BORDER_GUARD [~COP]
HUMAN_RIGHTS_ACTIVIST [NGM~]
";

const EXTRA: &str = "\
# test extras
canonical\talias\ttype\tsubtype\tcameo\tcountry\tcase
Mordor Islamic State\tMordor Islamic State\tORG\tarmed_group\tIMGMUSISI\t\tname
Mordor Islamic State\tDaesh of Mordor\tORG\tarmed_group\tIMGMUSISI\t\tname
Mordor Islamic State\tMIS\tORG\tarmed_group\tIMGMUSISI\t\texact
*\tOrc Front\tDROP\t\t\t\t
";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn build_actors_on_a_small_petrarch_dictionary() {
    let root = std::env::temp_dir().join(format!("wirewatch-build-actors-{}", std::process::id()));
    let (src, out) = (root.join("petrarch"), root.join("out"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    write(&src, "Phoenix.Countries.actors.txt", COUNTRIES);
    write(&src, "Phoenix.International.actors.txt", INTERNATIONAL);
    write(&src, "Phoenix.MilNonState.actors.txt", MILNONSTATE);
    write(&src, "Phoenix.agents.txt", AGENTS_TXT);
    write(&out, "actors_extra.tsv", EXTRA);
    let o = Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(["build", "actors", "--petrarch"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("person whose every dated role ended before --since"),
        "{stderr}"
    );
    let actors = std::fs::read_to_string(out.join("actors.tsv")).unwrap();
    let body: Vec<&str> = actors.lines().filter(|l| !l.starts_with('#')).collect();
    let expected = [
        "canonical\talias\ttype\tsubtype\tcameo\tcountry\tcase\tambiguous",
        "Aragorn\tAragorn\tPERSON\tperson\tARNGOV\tARN\tname\t",
        "Aragorn\tKing Aragorn\tPERSON\tperson\tARNGOV\tARN\tname\t",
        "Arnor\tArnor\tGPE\tcountry\tARN\tARN\tname\t",
        "Arnor\tArnoor\tGPE\tcountry\tARN\tARN\tname\t",
        "Arnor Royal Guard\tArnor Royal Guard\tORG\tmilitary\tARNMIL\tARN\tname\t",
        "Arnor Royal Guard\tRoyal Guard of Arnor\tORG\tmilitary\tARNMIL\tARN\tname\t",
        "Arnorian\tArnorian\tNORP\tnationality\tARN\tARN\tname\t",
        "Arnorian\tArnorians\tNORP\tnationality\tARN\tARN\tname\t",
        "Gondor Daily News\tGondor Daily News\tORG\tmedia\tMED\t\tname\t",
        "Mordor Islamic State\tMordor Islamic State\tORG\tarmed_group\tIMGMUSISI\t\tname\t",
        "Mordor Islamic State\tDaesh of Mordor\tORG\tarmed_group\tIMGMUSISI\t\tname\t",
        "Mordor Islamic State\tMIS\tORG\tarmed_group\tIMGMUSISI\t\texact\t",
        "Orc Liberation Front\tOrc Liberation Front\tORG\tarmed_group\tARNREB\tARN\tname\t",
        "Orc Liberation Front\tOLF\tORG\tarmed_group\tARNREB\tARN\texact\t",
        "United Nations\tUnited Nations\tORG\tigo\tIGOUNO\t\tname\t",
    ];
    assert_eq!(body, expected, "\n{actors}");
    let agents = std::fs::read_to_string(out.join("agents.tsv")).unwrap();
    let body: Vec<&str> = agents.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        body,
        [
            "noun\tcode\tattach",
            "border guard\tCOP\tafter",
            "border guards\tCOP\tafter",
            "human rights activist\tNGM\tbefore",
            "human rights activists\tNGM\tbefore",
            "police\tCOP\tafter",
            "policeman\tCOP\tafter",
            "policemen\tCOP\tafter",
            "rebel\tREB\tafter",
            "rebels\tREB\tafter",
        ]
    );
    // The same inputs give the same files.
    let again = Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(["build", "actors", "--petrarch"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("actors.tsv")).unwrap(),
        actors
    );
    // A bad extra fails the build with its file and line.
    write(
        &out,
        "actors_extra.tsv",
        "canonical\talias\ttype\tsubtype\tcameo\tcountry\tcase\nX\tX\tORG\tnone\t\t\tname\n",
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .args(["build", "actors", "--petrarch"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("actors_extra.tsv:2: subtype \"none\""),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&root);
}
