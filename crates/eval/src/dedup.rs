//! Near-duplicate detection scored as pairwise precision and recall.
//!
//! The truth is built from a folder of reports: exact copies (the same text after trimming)
//! are one story, and every `every`-th report gets an edited copy of its own (a dateline and
//! a credit added, its last sentence dropped, a few words changed) that belongs to its story.
//! Every report is then added to [`wirewatch_dedup::Stories`]; each pair of reports put in one
//! story is a predicted pair.

use std::collections::{HashMap, HashSet};

use wirewatch_dedup::{MinHasher, Stories};

use crate::Prf;

/// The texts of a run and which of them are copies of which.
#[derive(Debug, Default)]
pub struct DedupSet {
    /// The reports, originals then edited copies.
    pub texts: Vec<String>,
    /// For each report, its true story.
    pub truth: Vec<usize>,
    /// How many edited copies were made.
    pub edited: usize,
    /// How many reports are exact copies of an earlier one.
    pub exact: usize,
}

/// An edited copy: the kind of change a wire re-publication makes. A dateline and a credit
/// line are added, the last sentence is dropped, and a few words are changed.
fn edit(text: &str, k: usize) -> String {
    let trimmed = text.trim_end();
    let cut = trimmed[..trimmed.len().saturating_sub(1)]
        .rfind(". ")
        .map_or(trimmed.len(), |at| at + 1);
    let mut body = trimmed[..cut].to_string();
    for (from, to) in [
        (" said ", " told reporters "),
        (" the ", " this "),
        (" has ", " had "),
    ] {
        if let Some(at) = body.find(from) {
            body.replace_range(at..at + from.len(), to);
        }
    }
    let outlet = ["Reuters", "AP", "AFP"][k % 3];
    format!("LONDON ({outlet}) - {body}\n\nReporting by the {outlet} desk.")
}

impl DedupSet {
    /// Builds the set from `texts`, editing a copy of every `every`-th one (0: none).
    pub fn build(texts: Vec<String>, every: usize) -> DedupSet {
        let mut set = DedupSet::default();
        let mut story_of_text: HashMap<String, usize> = HashMap::new();
        for text in texts {
            let key = text.trim().to_string();
            let next = story_of_text.len();
            let story = *story_of_text.entry(key).or_insert(next);
            if story != next {
                set.exact += 1;
            }
            set.texts.push(text);
            set.truth.push(story);
        }
        let originals = set.texts.len();
        if every > 0 {
            for i in (0..originals).step_by(every) {
                let copy = edit(&set.texts[i], i);
                set.texts.push(copy);
                set.truth.push(set.truth[i]);
                set.edited += 1;
            }
        }
        set
    }
}

fn pairs(assignment: &[usize]) -> HashSet<(usize, usize)> {
    let mut by_story: HashMap<usize, Vec<usize>> = HashMap::new();
    for (doc, &story) in assignment.iter().enumerate() {
        by_story.entry(story).or_default().push(doc);
    }
    let mut out = HashSet::new();
    for docs in by_story.values() {
        for (i, &a) in docs.iter().enumerate() {
            for &b in &docs[i + 1..] {
                out.insert((a, b));
            }
        }
    }
    out
}

/// The result of a run.
#[derive(Debug)]
pub struct DedupScore {
    /// Pairwise counts.
    pub prf: Prf,
    /// Predicted pairs that are not true ones (report indexes), for reading.
    pub false_pairs: Vec<(usize, usize)>,
    /// True pairs that were missed.
    pub missed_pairs: Vec<(usize, usize)>,
}

/// Runs the stories index over the set and scores its pairs.
pub fn score(set: &DedupSet) -> DedupScore {
    let hasher = MinHasher::new();
    let mut stories = Stories::default();
    for text in &set.texts {
        stories.add(hasher.signature(text));
    }
    let predicted = pairs(stories.assignments());
    let truth = pairs(&set.truth);
    let correct = predicted.intersection(&truth).count();
    let mut false_pairs: Vec<_> = predicted.difference(&truth).copied().collect();
    let mut missed_pairs: Vec<_> = truth.difference(&predicted).copied().collect();
    false_pairs.sort_unstable();
    missed_pairs.sort_unstable();
    DedupScore {
        prf: Prf {
            correct,
            predicted: predicted.len(),
            gold: truth.len(),
        },
        false_pairs,
        missed_pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_edited_copies_are_found() {
        let a = "Gunmen attacked a police checkpoint near Kandahar overnight, killing three officers and wounding two others, the provincial governor said on Sunday.\n\nThe attackers fled on motorbikes after a gun battle that lasted almost two hours, and police said they were searching villages along the main road to the border.\n\nNo group has said it carried out the attack, which came a day after talks between the government and insurgent leaders in Doha stalled over the release of prisoners held by both sides.\n\nThe governor said security would be tightened at checkpoints across the province before the elections planned for the spring, and called on villagers to report strangers to the police.\n\nA second attack was reported in Helmand.";
        let b = "The central bank raised interest rates by half a point on Thursday, its third rise this year.\n\nIt said inflation had reached its highest level in a decade.";
        let set = DedupSet::build(vec![a.into(), b.into(), a.into()], 1);
        assert_eq!(set.exact, 1);
        assert_eq!(set.edited, 3);
        let s = score(&set);
        assert_eq!(s.prf.precision(), 1.0, "{:?}", s.false_pairs);
        assert!(s.prf.recall() > 0.8, "{:?}", s.missed_pairs);
    }
}
