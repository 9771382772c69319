//! Enumerations inside running text: "1) The first item 2) The second item", "a. … b. …",
//! "• 9. … • 10. …". A marker is an optional bullet, a number of one or two digits (closed by
//! `.`, `)` or `.)`) or a single lower-case letter with its period, before a capitalised word. Two or more markers of the
//! same style with consecutive values make a list: each item starts a sentence, and no sentence
//! ends inside a marker.

use wirewatch_doc::TokenKind;

use crate::sentences::{Context, Gap};

const BULLETS: [&str; 5] = ["•", "⁃", "-", "*", "·"];

/// How far apart two items of one list may be, in tokens.
const MAX_ITEM_TOKENS: usize = 80;

/// One list marker: tokens `first..=last`, its value (1, 2 … or a = 1, b = 2 …) and its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Marker {
    first: usize,
    last: usize,
    value: u32,
    style: Style,
}

/// Items of one list are written alike: "1)" and "2)", never "1)" and "2.".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Style {
    bullet: bool,
    letter: bool,
    closing: Closing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Closing {
    Period,
    Paren,
    PeriodParen,
}

fn marker_at(cx: &Context<'_>, k: usize) -> Option<Marker> {
    let word = |j: usize| cx.tokens.get(j).map(|t| &cx.text[t.span.range()]);
    let bullet = word(k).is_some_and(|w| BULLETS.contains(&w));
    let v = if bullet { k + 1 } else { k };
    let token = cx.tokens.get(v)?;
    let text = word(v)?;
    let (value, letter, mut last, mut closing) = match token.kind {
        TokenKind::Number if text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit()) => {
            let closing = match word(v + 1) {
                Some(".") => Closing::Period,
                Some(")") => Closing::Paren,
                _ => return None,
            };
            (text.parse().ok()?, false, v + 1, closing)
        }
        TokenKind::Abbreviation if text.len() == 2 && text.as_bytes()[0].is_ascii_lowercase() => (
            (text.as_bytes()[0] - b'a') as u32 + 1,
            true,
            v,
            Closing::Period,
        ),
        _ => return None,
    };
    if closing == Closing::Period && word(last + 1) == Some(")") {
        last += 1;
        closing = Closing::PeriodParen;
    }
    let next = word(last + 1)?;
    if !next.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    Some(Marker {
        first: k,
        last,
        value,
        style: Style {
            bullet,
            letter,
            closing,
        },
    })
}

/// Gap decisions forced by enumerations, sorted by gap (the gap after token `i`).
pub fn list_gaps(cx: &Context<'_>) -> Vec<(usize, Gap)> {
    let markers: Vec<Marker> = (0..cx.tokens.len())
        .filter_map(|k| marker_at(cx, k))
        .collect();
    let mut in_list = vec![false; markers.len()];
    for (a, m) in markers.iter().enumerate() {
        if let Some(b) = markers[a + 1..]
            .iter()
            .take_while(|n| n.first <= m.last + MAX_ITEM_TOKENS)
            .position(|n| n.style == m.style && n.first > m.last)
            .map(|p| a + 1 + p)
        {
            if markers[b].value == m.value + 1 {
                in_list[a] = true;
                in_list[b] = true;
            }
        }
    }
    let mut gaps = Vec::new();
    for (m, _) in markers.iter().zip(&in_list).filter(|(_, &listed)| listed) {
        if m.first > 0 {
            gaps.push((m.first - 1, Gap::Boundary));
        }
        gaps.extend((m.first..=m.last).map(|g| (g, Gap::Inside)));
    }
    gaps.sort_by_key(|&(g, _)| g);
    gaps.dedup_by_key(|&mut (g, _)| g);
    gaps
}

#[cfg(test)]
mod tests {
    use crate::TextLayer;

    fn split(text: &str) -> Vec<String> {
        let layer = TextLayer::embedded().unwrap();
        let (norm, tokens) = layer.tokenize(text);
        layer
            .segment(&norm.text, &tokens)
            .into_iter()
            .map(|r| {
                let (a, b) = (
                    tokens[r.start as usize].span.start,
                    tokens[r.end as usize - 1].span.end,
                );
                norm.text[a as usize..b as usize].to_string()
            })
            .collect()
    }

    #[test]
    fn consecutive_markers_make_a_list() {
        assert_eq!(
            split("Demands: 1) Release the men 2) Open the road"),
            ["Demands:", "1) Release the men", "2) Open the road"]
        );
        assert_eq!(
            split("Steps: a. Call Kabul b. Call Doha"),
            ["Steps:", "a. Call Kabul", "b. Call Doha"]
        );
    }

    #[test]
    fn numbers_out_of_sequence_are_not_a_list() {
        let layer = TextLayer::embedded().unwrap();
        for text in [
            "He finished 2. The race was close.",
            "Item 1. Then item 3. Done",
            "In 1) Kabul and 3) Herat",
        ] {
            let (norm, tokens) = layer.tokenize(text);
            assert!(
                super::list_gaps(&layer.context(&norm.text, &tokens)).is_empty(),
                "{text}"
            );
        }
    }
}
