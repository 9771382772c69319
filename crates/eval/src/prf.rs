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
