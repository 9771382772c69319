//! Precision, recall and F1 from counts.

use std::fmt;

/// Counts of a matching task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prf {
    /// Items predicted and in the gold.
    pub correct: usize,
    /// Items predicted.
    pub predicted: usize,
    /// Items in the gold.
    pub gold: usize,
}

impl Prf {
    /// correct / predicted (1 when nothing was predicted and nothing was expected).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted, self.gold == 0)
    }

    /// correct / gold.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold, self.predicted == 0)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize, empty_is_perfect: bool) -> f64 {
    if b == 0 {
        if empty_is_perfect {
            1.0
        } else {
            0.0
        }
    } else {
        a as f64 / b as f64
    }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.4}  R {:.4}  F1 {:.4}  (correct {}, predicted {}, gold {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.correct,
            self.predicted,
            self.gold
        )
    }
}

/// The lenient one-to-one matching of gold and system spans (`(start, end)`): overlapping
/// pairs, the largest overlap first, ties to the pair whose ends are closest (so an identical
/// span wins), then to the earlier pair. Returns, for each gold span, the system span it
/// matched.
pub fn match_overlapping(gold: &[(usize, usize)], system: &[(usize, usize)]) -> Vec<Option<usize>> {
    let overlap = |g: (usize, usize), p: (usize, usize)| g.1.min(p.1).saturating_sub(g.0.max(p.0));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (gi, &g) in gold.iter().enumerate() {
        for (si, &p) in system.iter().enumerate() {
            if overlap(g, p) > 0 {
                pairs.push((gi, si));
            }
        }
    }
    pairs.sort_by_key(|&(gi, si)| {
        let (g, p) = (gold[gi], system[si]);
        let distance = g.0.abs_diff(p.0) + g.1.abs_diff(p.1);
        (std::cmp::Reverse(overlap(g, p)), distance, gi, si)
    });
    let mut gold_match = vec![None; gold.len()];
    let mut system_matched = vec![false; system.len()];
    for (gi, si) in pairs {
        if gold_match[gi].is_none() && !system_matched[si] {
            gold_match[gi] = Some(si);
            system_matched[si] = true;
        }
    }
    gold_match
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures() {
        let p = Prf {
            correct: 8,
            predicted: 10,
            gold: 16,
        };
        assert_eq!(p.precision(), 0.8);
        assert_eq!(p.recall(), 0.5);
        assert!((p.f1() - 0.615_384).abs() < 1e-5);
        assert_eq!(Prf::default().f1(), 1.0);
    }
}
