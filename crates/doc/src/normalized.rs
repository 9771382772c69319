use crate::Span;

/// The normalised form of a text with a map back to the original.
///
/// Normalisation (curly quotes to straight ones, dashes, odd spaces, CRLF, HTML entities …) makes
/// matching simple, but facts must point at the original text. Each replacement is recorded as
/// an [`Edit`]; between edits the two texts differ by a constant shift, so the map costs one
/// entry per replacement, not one per byte.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// Replacements in increasing order of position; they never overlap.
    pub edits: Vec<Edit>,
}

/// One replacement: `orig` bytes of the original became `norm` bytes of the normalised text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The bytes of the normalised text that replace `orig` (empty for a deletion).
    pub norm: Span,
    /// The bytes of the original text that were replaced (whole characters).
    pub orig: Span,
}

impl Normalized {
    /// A normalised form identical to `text`.
    pub fn identity(text: &str) -> Normalized {
        Normalized {
            text: text.to_string(),
            edits: Vec::new(),
        }
    }

    /// Maps a span of the normalised text to the span of the original text it came from.
    ///
    /// A span that starts or ends inside a replacement is widened to cover the whole original
    /// character(s), so the result always lies on character boundaries of the original.
    pub fn to_original(&self, span: Span) -> Span {
        let start = self.orig_start(span.start);
        let end = self.orig_end(span.end).max(start);
        Span::new(start, end)
    }

    fn orig_start(&self, p: u32) -> u32 {
        let i = self.edits.partition_point(|e| e.norm.start <= p);
        match i.checked_sub(1).map(|i| self.edits[i]) {
            None => p,
            Some(e) if p < e.norm.end => e.orig.start,
            Some(e) => e.orig.end + (p - e.norm.end),
        }
    }

    fn orig_end(&self, p: u32) -> u32 {
        let i = self.edits.partition_point(|e| e.norm.start < p);
        match i.checked_sub(1).map(|i| self.edits[i]) {
            None => p,
            Some(e) if p <= e.norm.end => e.orig.end,
            Some(e) => e.orig.end + (p - e.norm.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a normalised text by hand: `parts` alternates kept text and (original, replacement).
    fn build(parts: &[(&str, Option<&str>)]) -> (String, Normalized) {
        let (mut orig, mut norm) = (String::new(), Normalized::default());
        for &(o, r) in parts {
            let os = orig.len() as u32;
            let ns = norm.text.len() as u32;
            orig.push_str(o);
            match r {
                None => norm.text.push_str(o),
                Some(r) => {
                    norm.text.push_str(r);
                    norm.edits.push(Edit {
                        norm: Span::new(ns, norm.text.len() as u32),
                        orig: Span::new(os, orig.len() as u32),
                    });
                }
            }
        }
        (orig, norm)
    }

    fn orig_of<'a>(orig: &'a str, norm: &Normalized, needle: &str) -> &'a str {
        let s = norm.text.find(needle).unwrap() as u32;
        let span = norm.to_original(Span::new(s, s + needle.len() as u32));
        &orig[span.range()]
    }

    #[test]
    fn spans_after_replacements_shift_back() {
        let (orig, norm) = build(&[
            ("He said ", None),
            ("“", Some("\"")),
            ("no", None),
            ("”", Some("\"")),
            (" \u{2014} twice", None),
        ]);
        assert_eq!(norm.text, "He said \"no\" \u{2014} twice");
        assert_eq!(orig_of(&orig, &norm, "\"no\""), "“no”");
        assert_eq!(orig_of(&orig, &norm, "twice"), "twice");
        assert_eq!(orig_of(&orig, &norm, "no"), "no");
    }

    #[test]
    fn deletions_are_skipped_at_both_ends() {
        let (orig, norm) = build(&[
            ("al", None),
            ("\u{ad}", Some("")),
            ("Qaeda", None),
            ("\u{200b}", Some("")),
            (" leader", None),
        ]);
        assert_eq!(norm.text, "alQaeda leader");
        assert_eq!(orig_of(&orig, &norm, "alQaeda"), "al\u{ad}Qaeda");
        assert_eq!(orig_of(&orig, &norm, "leader"), "leader");
        assert_eq!(orig_of(&orig, &norm, "Qaeda"), "Qaeda");
    }

    #[test]
    fn part_of_a_replacement_widens_to_the_whole_character() {
        let (orig, norm) = build(&[("Wait", None), ("…", Some("...")), (" what", None)]);
        assert_eq!(orig_of(&orig, &norm, "."), "…");
        assert_eq!(orig_of(&orig, &norm, "Wait."), "Wait…");
    }
}
