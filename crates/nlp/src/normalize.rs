//! Normalisation: one spelling for each of the many ways news text writes the same thing.
//!
//! What changes (everything else is kept byte for byte):
//! - curly and low single quotes and primes (‘ ’ ‚ ‛ ′) → `'`; curly and low double quotes (“ ” „ ‟ ″) → `"`;
//! - hyphen look-alikes (U+2010 U+2011 U+2012 U+2212) → `-`; dashes (– — ― ⸺ ⸻) → `--`;
//! - the ellipsis character → `...`;
//! - no-break and other wide or thin spaces → one space; tabs stay;
//! - zero-width characters, byte-order marks and soft hyphens → removed;
//! - CRLF and lone CR → `\n`; U+2028/U+2029 → `\n`;
//! - HTML character references (`&amp;`, `&#8217;`, `&#x2019;`, the named ones in
//!   `data/text/html_entities.tsv`) → the character, itself normalised.
//!
//! Every change is an [`Edit`], so spans found in the normalised text map back to the original.

use std::collections::HashMap;

use wirewatch_doc::{Edit, Normalized, Span};

/// Normalises `text`, recording each replacement.
pub fn normalize(text: &str, entities: &HashMap<String, char>) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(text.len()),
        edits: Vec::new(),
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    // Fast path: runs of plain ASCII that need no change are copied in one go.
    while i < bytes.len() {
        let run_end = bytes[i..]
            .iter()
            .position(|&b| b >= 0x80 || b == b'\r' || b == b'&')
            .map_or(bytes.len(), |p| i + p);
        if run_end > i {
            out.text.push_str(&text[i..run_end]);
            i = run_end;
            continue;
        }
        let (replacement, len) = replace_at(text, i, entities);
        match replacement {
            Some(r) => {
                let ns = out.text.len() as u32;
                match r {
                    Out::Str(s) => out.text.push_str(s),
                    Out::Char(c) => out.text.push(c),
                }
                out.edits.push(Edit {
                    norm: Span::new(ns, out.text.len() as u32),
                    orig: Span::new(i as u32, (i + len) as u32),
                });
            }
            None => out.text.push_str(&text[i..i + len]),
        }
        i += len;
    }
    out
}

/// What replaces a piece of the original.
enum Out {
    Str(&'static str),
    Char(char),
}

/// What replaces the character (or entity, or CRLF) starting at byte `i`, and how many bytes
/// of the original it covers. `None` keeps the original.
fn replace_at(text: &str, i: usize, entities: &HashMap<String, char>) -> (Option<Out>, usize) {
    let rest = &text[i..];
    if rest.starts_with("\r\n") {
        return (Some(Out::Str("\n")), 2);
    }
    if rest.starts_with('&') {
        if let Some((c, len)) = html_reference(rest, entities) {
            // "&#13;&#10;" is one line end, like CRLF: the CR goes, the LF stays.
            let after = &rest[len..];
            if c == '\r'
                && (after.starts_with('\n')
                    || html_reference(after, entities).is_some_and(|(n, _)| n == '\n'))
            {
                return (Some(Out::Str("")), len);
            }
            return (Some(normal_char(c).map_or(Out::Char(c), Out::Str)), len);
        }
        return (None, 1);
    }
    let c = rest.chars().next().expect("i is inside the text");
    (normal_char(c).map(Out::Str), c.len_utf8())
}

/// The normal spelling of one character, or `None` to keep it.
fn normal_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => "-",
        '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2e3a}' | '\u{2e3b}' => "--",
        '\u{2026}' => "...",
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => " ",
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => "",
        '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => "\n",
        _ => return None,
    })
}

/// Decodes an HTML character reference at the start of `s`: the character and the reference's
/// length in bytes. References must end in `;`; anything else is left as text.
fn html_reference(s: &str, entities: &HashMap<String, char>) -> Option<(char, usize)> {
    let semi = s.as_bytes()[..s.len().min(12)]
        .iter()
        .position(|&b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        // Windows-1252 punctuation written as numeric references (&#146; for ’) is common.
        let code = match code {
            145 => 0x2018,
            146 => 0x2019,
            147 => 0x201c,
            148 => 0x201d,
            150 => 0x2013,
            151 => 0x2014,
            133 => 0x2026,
            _ => code,
        };
        char::from_u32(code).filter(|&c| c != '\0')?
    } else {
        *entities.get(body)?
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities() -> HashMap<String, char> {
        [("amp", '&'), ("rsquo", '\u{2019}'), ("nbsp", '\u{a0}')]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }

    fn check(input: &str, expected: &str) {
        let n = normalize(input, &entities());
        assert_eq!(n.text, expected, "normalising {input:?}");
    }

    #[test]
    fn quotes_dashes_spaces() {
        check("“Hard message” — he said", "\"Hard message\" -- he said");
        check("Kabul’s 2014–2015", "Kabul's 2014--2015");
        check("10\u{a0}a.m.", "10 a.m.");
        check("Wait…", "Wait...");
    }

    #[test]
    fn invisible_characters_and_line_ends() {
        check("Tehrik\u{ad}e\u{200b}Taliban", "TehrikeTaliban");
        check("one\r\ntwo\rthree", "one\ntwo\nthree");
        check("\u{feff}MOSCOW", "MOSCOW");
    }

    #[test]
    fn html_references() {
        check("AT&amp;T", "AT&T");
        check("Campbell&rsquo;s", "Campbell's");
        check("Campbell&#8217;s &#x201C;x&#x201D;", "Campbell's \"x\"");
        check("Q&A; R&D", "Q&A; R&D");
        check("&bogus; &#0; &#xZZ;", "&bogus; &#0; &#xZZ;");
        check("one&#13;&#10;two&#13;\nthree", "one\ntwo\nthree");
    }

    #[test]
    fn map_points_back_to_the_original() {
        let input = "Campbell&rsquo;s “plan” — done";
        let n = normalize(input, &entities());
        let at = n.text.find("plan").unwrap() as u32;
        let span = n.to_original(Span::new(at - 1, at + 5));
        assert_eq!(&input[span.range()], "“plan”");
        let at = n.text.find("done").unwrap() as u32;
        assert_eq!(&input[n.to_original(Span::new(at, at + 4)).range()], "done");
    }
}
