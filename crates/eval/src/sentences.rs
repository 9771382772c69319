//! Sentence segmentation scored as CoNLL 2018's "Sentences" measure: exact sentence spans.

use std::collections::HashSet;
use std::ops::Range;

use crate::Prf;

/// The score and the errors of one run.
#[derive(Debug, Default)]
pub struct SentenceScore {
    /// Exact-span counts.
    pub prf: Prf,
    /// Gold spans not predicted.
    pub missed: Vec<Range<usize>>,
    /// Predicted spans not in the gold.
    pub spurious: Vec<Range<usize>>,
}

/// Compares predicted sentence spans with gold ones. Spans are trimmed of white space first,
/// as the shared task's scorer ignores it.
pub fn score(text: &str, gold: &[Range<usize>], predicted: &[Range<usize>]) -> SentenceScore {
    let trim = |r: &Range<usize>| {
        let s = &text[r.clone()];
        let start = r.start + (s.len() - s.trim_start().len());
        let end = r.end - (s.len() - s.trim_end().len());
        start..end.max(start)
    };
    let gold: Vec<Range<usize>> = gold.iter().map(trim).filter(|r| !r.is_empty()).collect();
    let predicted: Vec<Range<usize>> = predicted
        .iter()
        .map(trim)
        .filter(|r| !r.is_empty())
        .collect();
    let gold_set: HashSet<(usize, usize)> = gold.iter().map(|r| (r.start, r.end)).collect();
    let pred_set: HashSet<(usize, usize)> = predicted.iter().map(|r| (r.start, r.end)).collect();
    let correct = pred_set.intersection(&gold_set).count();
    SentenceScore {
        prf: Prf {
            correct,
            predicted: pred_set.len(),
            gold: gold_set.len(),
        },
        missed: gold
            .iter()
            .filter(|r| !pred_set.contains(&(r.start, r.end)))
            .cloned()
            .collect(),
        spurious: predicted
            .iter()
            .filter(|r| !gold_set.contains(&(r.start, r.end)))
            .cloned()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_spans_only() {
        let text = "A b. C d. E f.";
        let gold = [0..4, 5..9, 10..14];
        let s = score(text, &gold, &[0..9, 10..14]);
        assert_eq!(
            s.prf,
            Prf {
                correct: 1,
                predicted: 2,
                gold: 3
            }
        );
        assert_eq!(s.missed, [0..4, 5..9]);
        assert_eq!(s.spurious, vec![Range { start: 0, end: 9 }]);
    }
}
