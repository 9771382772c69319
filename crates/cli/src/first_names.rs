//! `wirewatch build first-names`: the first names that tell a person's gender, for linking
//! "he" and "she" to the people a report names.
//!
//! Reads the 1990 US Census first-name frequency files (`dist.male.first`,
//! `dist.female.first`: name, percent of that sex's population, cumulative percent, rank) and
//! keeps a name for one gender when at least `SHARE` of its bearers have it. Names given to both
//! ("Jordan", "Kelly") are left out, so that a pronoun is never refused a person on a guess.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// The share of a name's bearers that must be of one sex for the name to tell it.
const SHARE: f64 = 0.9;

/// Reads one Census file: upper-case name → percent of that sex's population.
fn read_frequencies(path: &Path) -> Result<BTreeMap<String, f64>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let bad = |what: &str| format!("{}:{}: {what}: {line:?}", path.display(), i + 1);
        if fields.len() != 4 {
            bail!(bad("expected 4 columns (name, percent, cumulative, rank)"));
        }
        if !fields[0].chars().all(|c| c.is_ascii_alphabetic()) {
            bail!(bad("the name is not letters only"));
        }
        let share: f64 = fields[1]
            .parse()
            .map_err(|_| anyhow::anyhow!(bad("percent is not a number")))?;
        out.insert(fields[0].to_string(), share);
    }
    if out.is_empty() {
        bail!("{}: no names", path.display());
    }
    Ok(out)
}

/// The first-names table: a header, then `word<TAB>first<TAB>m|f` rows, sorted by name. Also
/// the counts kept for each gender and left out as shared. Names in `shared` (one lower-case
/// name a line, `#` comments) are left out whatever the Census says: other languages give them
/// to the other sex ("Jean", "Andrea").
pub fn build(male: &Path, female: &Path, shared: &Path) -> Result<(String, [usize; 3])> {
    let male = read_frequencies(male)?;
    let female = read_frequencies(female)?;
    let shared_text = std::fs::read_to_string(shared)
        .with_context(|| format!("cannot read {}", shared.display()))?;
    let shared: std::collections::HashSet<&str> = shared_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut names: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for (name, &f) in &male {
        names.entry(name).or_default().0 = f;
    }
    for (name, &f) in &female {
        names.entry(name).or_default().1 = f;
    }
    let mut out = String::from(
        "# First names that tell a person's gender, for linking pronouns to people. Built by\n\
         # `wirewatch build first-names` (scripts/build-first-names.sh) from the US Census\n\
         # Bureau's 1990 first-name frequency files (public domain), as carried by the PyPI\n\
         # package names 0.3.0: a name is kept for one sex when 90% or more of its bearers are\n\
         # of it; names shared more evenly are left out, and so are the names of\n\
         # data/lang/en/first_names_shared.txt, which other languages give to the other sex.\n\
         word\tkind\tgender\n",
    );
    let mut counts = [0; 3];
    for (name, (m, f)) in names {
        let lower = name.to_lowercase();
        let gender = if shared.contains(lower.as_str()) {
            counts[2] += 1;
            continue;
        } else if m >= SHARE * (m + f) {
            counts[0] += 1;
            "m"
        } else if f >= SHARE * (m + f) {
            counts[1] += 1;
            "f"
        } else {
            counts[2] += 1;
            continue;
        };
        out.push_str(&format!("{lower}\tfirst\t{gender}\n"));
    }
    Ok((out, counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_mostly_of_one_sex_are_kept_and_shared_ones_left_out() {
        let dir =
            std::env::temp_dir().join(format!("wirewatch-first-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let male = dir.join("dist.male.first");
        let female = dir.join("dist.female.first");
        std::fs::write(
            &male,
            "JAMES          3.318  3.318      1\nJORDAN         0.100  3.418      2\n",
        )
        .unwrap();
        std::fs::write(
            &female,
            "MARY           2.629  2.629      1\nJORDAN         0.050  2.679      2\nJAMES          0.100  2.779      3\n",
        )
        .unwrap();
        let shared = dir.join("shared.txt");
        std::fs::write(&shared, "# comment\nmary\n").unwrap();
        let (table, counts) = build(&male, &female, &shared).unwrap();
        assert!(table.contains("james\tfirst\tm\n"), "{table}");
        // Mary is listed as shared: left out.
        assert!(!table.contains("mary"));
        assert!(!table.contains("jordan"));
        assert_eq!(counts, [1, 0, 2]);

        std::fs::write(&male, "JAMES 3.318\n").unwrap();
        let err = format!("{:#}", build(&male, &female, &shared).unwrap_err());
        assert!(err.contains("dist.male.first:1:"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
