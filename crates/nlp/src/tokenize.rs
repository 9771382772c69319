//! Tokenisation of normalised news English.
//!
//! Splits on white space, then peels punctuation off words while keeping together what belongs
//! together: hyphenated names (`al-Baghdadi`, `Tehrik-e-Taliban`), numbers with separators
//! (`1,500`, `3.5`, `10:30`, `1/16/2015`), dotted initialisms and listed abbreviations with
//! their period (`U.S.`, `Gen.`), URLs, e-mail addresses, hashtags and @handles. Clitics are
//! split off their host as the Penn Treebank does (`Campbell` `'s`, `do` `n't`).
//! The tokens cover every non-space character of the text.

use wirewatch_doc::{Span, TokenKind};

use crate::abbrev::Abbreviations;

/// A token of the normalised text (byte offsets into it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawToken {
    /// Byte span in the normalised text.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
    /// True when white space follows.
    pub space_after: bool,
}

const CLITICS: [&str; 7] = ["'s", "'re", "'ve", "'ll", "'d", "'m", "n't"];

/// Tokenises normalised text.
pub fn tokenize(text: &str, abbrevs: &Abbreviations) -> Vec<RawToken> {
    let mut tokens: Vec<RawToken> = Vec::with_capacity(text.len() / 5);
    let mut p = 0;
    while p < text.len() {
        let c = char_at(text, p);
        if c.is_whitespace() {
            if let Some(last) = tokens.last_mut() {
                last.space_after = true;
            }
            p += c.len_utf8();
            continue;
        }
        let before = tokens.len();
        p = scan_token(text, p, c, abbrevs, &mut tokens);
        debug_assert!(tokens.len() > before, "scan_token made no progress");
    }
    tokens
}

fn push(tokens: &mut Vec<RawToken>, start: usize, end: usize, kind: TokenKind) {
    tokens.push(RawToken {
        span: Span::new(start as u32, end as u32),
        kind,
        space_after: false,
    });
}

fn char_at(text: &str, p: usize) -> char {
    text[p..].chars().next().unwrap_or('\0')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{300}'..='\u{36f}')
}

/// The longest URL kept as one token; the scan for its end stops there, so that text without
/// spaces is still tokenised in linear time.
const MAX_URL: usize = 8192;

/// End of the white-space-delimited chunk starting at `p`, looking at most `max` bytes ahead.
fn chunk_end(text: &str, p: usize, max: usize) -> usize {
    text[p..]
        .char_indices()
        .find(|&(i, c)| c.is_whitespace() || i >= max)
        .map_or(text.len(), |(i, _)| p + i)
}

/// Scans one token (or a word and its clitic) at `p`; returns where the next one starts.
fn scan_token(
    text: &str,
    p: usize,
    c: char,
    abbrevs: &Abbreviations,
    out: &mut Vec<RawToken>,
) -> usize {
    let rest = &text[p..];
    if rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.") {
        let end = trim_trailing_punct(text, p, chunk_end(text, p, MAX_URL));
        if end > p + 4 {
            push(out, p, end, TokenKind::Url);
            return end;
        }
    }
    if is_word_char(c) {
        if let Some(end) = email_at(text, p) {
            push(out, p, end, TokenKind::Email);
            return end;
        }
        return scan_word(text, p, abbrevs, out);
    }
    if c == '@' || c == '#' {
        let body = p + 1;
        let end = text[body..]
            .char_indices()
            .find(|&(_, c)| !(is_word_char(c) || c == '_'))
            .map_or(text.len(), |(i, _)| body + i);
        if end > body && text[body..end].chars().any(char::is_alphabetic) {
            let kind = if c == '@' {
                TokenKind::Handle
            } else {
                TokenKind::Hashtag
            };
            push(out, p, end, kind);
            return end;
        }
    }
    let len = c.len_utf8();
    match c {
        '.' if text[p..].starts_with(". . .") => {
            // A spaced ellipsis ". . ." (or ". . . .") is one token.
            let mut end = p + 5;
            while text[end..].starts_with(" .") {
                end += 2;
            }
            // ". . …" normalises to ". . ...": the token must not end inside the "...".
            while text[end..].starts_with('.') {
                end += 1;
            }
            push(out, p, end, TokenKind::Punct);
            end
        }
        '.' | '!' | '?' => {
            // "...", "!!", "?!" are one token each; a run of dots separate from ?/! runs.
            let end = text[p..]
                .char_indices()
                .find(|&(_, d)| {
                    if c == '.' {
                        d != '.'
                    } else {
                        d != '!' && d != '?'
                    }
                })
                .map_or(text.len(), |(i, _)| p + i);
            push(out, p, end, TokenKind::Punct);
            end
        }
        '\'' | '`' if rest[1..].starts_with(c) => {
            // Two apostrophes or backticks are one quote mark ('' and ``), as typewriter
            // text and the Penn Treebank write double quotes.
            push(out, p, p + 2, TokenKind::Punct);
            p + 2
        }
        '-' => {
            let end = text[p..]
                .char_indices()
                .find(|&(_, d)| d != '-')
                .map_or(text.len(), |(i, _)| p + i);
            push(out, p, end, TokenKind::Punct);
            end
        }
        _ => {
            let kind = if is_punct(c) {
                TokenKind::Punct
            } else {
                TokenKind::Symbol
            };
            push(out, p, p + len, kind);
            p + len
        }
    }
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '\''
            | '"'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '/'
            | '\\'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '¿'
            | '¡'
            | '•'
            | '·'
            | '⁃'
    )
}

/// Strips closing punctuation that ends a sentence rather than a URL or address.
fn trim_trailing_punct(text: &str, start: usize, mut end: usize) -> usize {
    let has_open_paren = text[start..end].contains('(');
    while end > start {
        let last = text[..end].chars().next_back().unwrap_or(' ');
        let keep_paren = last == ')' && has_open_paren;
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '>'
        ) && !keep_paren
        {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// The longest local part and domain of an e-mail address (RFC 5321); bounding the scan keeps
/// tokenisation linear on text without spaces.
const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 255;

/// An e-mail address starting at `p`: local part, `@`, a dotted domain.
fn email_at(text: &str, p: usize) -> Option<usize> {
    let local_len = text[p..]
        .char_indices()
        .take(MAX_LOCAL + 1)
        .find(|&(_, c)| !(is_word_char(c) || matches!(c, '.' | '_' | '+' | '-')))
        .map(|(i, _)| i)?;
    if local_len == 0 || !text[p + local_len..].starts_with('@') {
        return None;
    }
    let at = p + local_len;
    let domain_len = text[at + 1..]
        .char_indices()
        .take(MAX_DOMAIN + 1)
        .find(|&(_, c)| !(is_word_char(c) || c == '.' || c == '-'))
        .map_or(text.len() - at - 1, |(i, _)| i);
    let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
    let (name, tld) = domain.rsplit_once('.')?;
    if name.is_empty() || tld.len() < 2 || !tld.chars().all(char::is_alphabetic) {
        return None;
    }
    Some(at + 1 + domain.len())
}

/// Scans a word or number run with its inner connectors, then splits a clitic or takes an
/// abbreviation's period.
fn scan_word(text: &str, p: usize, abbrevs: &Abbreviations, out: &mut Vec<RawToken>) -> usize {
    let bytes = text.as_bytes();
    let mut j = p;
    let mut segment_start = p;
    let mut inner_period = false;
    loop {
        while j < text.len() {
            let c = char_at(text, j);
            if !is_word_char(c) {
                break;
            }
            j += c.len_utf8();
        }
        if j + 1 >= text.len() {
            break;
        }
        let connector = bytes[j];
        if !connector.is_ascii() {
            break;
        }
        let next = char_at(text, j + 1);
        if !is_word_char(next) {
            break;
        }
        let prev = text[..j].chars().next_back().unwrap_or(' ');
        let seg_len = text[segment_start..j].chars().count();
        let next_seg_len = text[j + 1..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .count();
        let joins = match connector {
            b'-' | b'\'' => true,
            b'.' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
            b'.' => {
                let dotted = prev.is_alphabetic()
                    && next.is_alphabetic()
                    && seg_len <= 2
                    && next_seg_len <= 2
                    && text[segment_start..j].chars().all(char::is_alphabetic);
                // "report.pdf", "dresscod.com": a lower-case extension glued to a word.
                let after = text[j + 1..]
                    .char_indices()
                    .find(|&(_, c)| !c.is_alphabetic())
                    .map_or(text.len(), |(i, _)| j + 1 + i);
                let extension = (2..=4).contains(&next_seg_len)
                    && text[j + 1..after].chars().all(|c| c.is_ascii_lowercase())
                    && !text[after..].starts_with(|c: char| c.is_alphanumeric());
                if dotted {
                    inner_period = true;
                }
                dotted || extension
            }
            b',' => {
                prev.is_ascii_digit()
                    && bytes.len() >= j + 4
                    && bytes[j + 1..j + 4].iter().all(u8::is_ascii_digit)
                    && bytes.get(j + 4).is_none_or(|b| !b.is_ascii_digit())
            }
            b':' | b'/' => prev.is_ascii_digit() && next.is_ascii_digit(),
            b'&' => prev.is_uppercase() && next.is_uppercase(),
            _ => false,
        };
        if !joins {
            break;
        }
        j += 1;
        segment_start = j;
    }
    let run = &text[p..j];
    let starts_with_digit = run.starts_with(|c: char| c.is_ascii_digit());
    let kind = if starts_with_digit {
        TokenKind::Number
    } else {
        TokenKind::Word
    };

    // Clitics: "Campbell's" -> "Campbell" "'s"; "don't" -> "do" "n't".
    let tail_start = run.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    let lower_tail = run[tail_start..].to_ascii_lowercase();
    for clitic in CLITICS {
        if run.len() > clitic.len()
            && run.is_char_boundary(run.len() - clitic.len())
            && lower_tail.ends_with(clitic)
        {
            let split = j - clitic.len();
            if split > p && text[..split].chars().next_back().is_some_and(is_word_char) {
                push(out, p, split, kind);
                push(out, split, j, TokenKind::Clitic);
                return j;
            }
        }
    }

    // A period that belongs to the word: listed abbreviations, dotted initialisms, initials.
    if bytes.get(j) == Some(&b'.') && bytes.get(j + 1) != Some(&b'.') && !starts_with_digit {
        let with_period = &text[p..j + 1];
        let single_letter = run.chars().count() == 1 && run.chars().all(char::is_alphabetic);
        if abbrevs.get(with_period).is_some() || inner_period || single_letter {
            push(out, p, j + 1, TokenKind::Abbreviation);
            return j + 1;
        }
    }
    push(out, p, j, kind);
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbrevs() -> Abbreviations {
        Abbreviations::parse(
            "test",
            "abbrev\tkind\nGen.\ttitle\nLt.\ttitle\nCol.\ttitle\nJan.\tmonth\nNo.\tprenumber\n",
        )
        .unwrap()
    }

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text, &abbrevs())
            .iter()
            .map(|t| &text[t.span.range()])
            .collect()
    }

    #[test]
    fn clitics_split_like_the_treebank() {
        assert_eq!(
            toks("Campbell's staff don't know"),
            ["Campbell", "'s", "staff", "do", "n't", "know"]
        );
        assert_eq!(
            toks("we're sure they've gone"),
            ["we", "'re", "sure", "they", "'ve", "gone"]
        );
        assert_eq!(toks("O'Brien"), ["O'Brien"]);
    }

    #[test]
    fn doubled_apostrophes_are_one_quote_mark() {
        assert_eq!(
            toks("''It isn't reform,'' he said. ``Yes.''"),
            [
                "''", "It", "is", "n't", "reform", ",", "''", "he", "said", ".", "``", "Yes", ".",
                "''"
            ]
        );
        assert_eq!(
            toks("the boys' 'odd' game"),
            ["the", "boys", "'", "'", "odd", "'", "game"]
        );
    }

    #[test]
    fn hyphenated_names_stay_whole() {
        assert_eq!(
            toks("al-Baghdadi of Tehrik-e-Taliban"),
            ["al-Baghdadi", "of", "Tehrik-e-Taliban"]
        );
        assert_eq!(
            toks("IS-affiliated ones -- and"),
            ["IS-affiliated", "ones", "--", "and"]
        );
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            toks("Lt. Col. Smith of the U.S. Army"),
            ["Lt.", "Col.", "Smith", "of", "the", "U.S.", "Army"]
        );
        assert_eq!(
            toks("George W. Bush at 10 a.m. on Jan. 3."),
            ["George", "W.", "Bush", "at", "10", "a.m.", "on", "Jan.", "3", "."]
        );
        assert_eq!(toks("No. 10 and no."), ["No.", "10", "and", "no", "."]);
    }

    #[test]
    fn numbers_with_separators() {
        assert_eq!(
            toks("1,500 men, 3.5%, 10:30, 1/16/2015 16.01.2015"),
            [
                "1,500",
                "men",
                ",",
                "3.5",
                "%",
                ",",
                "10:30",
                ",",
                "1/16/2015",
                "16.01.2015"
            ]
        );
        assert_eq!(toks("$100.00."), ["$", "100.00", "."]);
    }

    #[test]
    fn web_things() {
        assert_eq!(
            toks("See https://example.com/a_b.html. Mail jane.doe@example.com, @Reuters #Kabul"),
            [
                "See",
                "https://example.com/a_b.html",
                ".",
                "Mail",
                "jane.doe@example.com",
                ",",
                "@Reuters",
                "#Kabul"
            ]
        );
    }

    #[test]
    fn punctuation_runs() {
        assert_eq!(
            toks("Hello!? Wait... \"No.\""),
            ["Hello", "!?", "Wait", "...", "\"", "No.", "\""]
        );
        assert_eq!(toks("(IS)"), ["(", "IS", ")"]);
        assert_eq!(
            toks("weakened . . . was. . . . Then"),
            ["weakened", ". . .", "was", ". . . .", "Then"]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_tokenises_on_char_boundaries(text in "\\PC{0,80}|[a-zA-Z.,'\\-&:/@# àé’]{0,40}") {
            let tokens = tokenize(&text, &abbrevs());
            let mut last = 0;
            for t in &tokens {
                proptest::prop_assert!(t.span.start >= last && t.span.end > t.span.start);
                proptest::prop_assert!(text.is_char_boundary(t.span.start as usize));
                proptest::prop_assert!(text.is_char_boundary(t.span.end as usize));
                last = t.span.end;
            }
            let covered: usize = tokens.iter().map(|t| text[t.span.range()].chars().count()).sum();
            proptest::prop_assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count());
        }
    }

    #[test]
    fn tokens_cover_every_non_space_character() {
        let text = "MOSCOW, January 16 (Sputnik) -- A top commander [via intelligence] said \"x\".";
        let covered: usize = tokenize(text, &abbrevs())
            .iter()
            .map(|t| text[t.span.range()].chars().count())
            .sum();
        assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count());
    }
}
