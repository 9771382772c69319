//! CoNLL-U (Universal Dependencies) as raw text with gold sentence spans.
//!
//! The raw text is built as the CoNLL 2018 shared task built it: a paragraph's sentences
//! (`# text =` lines) joined by one space, paragraphs (`# newpar`, `# newdoc`) separated by a
//! blank line — so every boundary inside a paragraph must be found from the text alone.

use std::ops::Range;

use thiserror::Error;

/// A CoNLL-U file that could not be read.
#[derive(Debug, Error)]
#[error("{file}:{line}: {message}")]
pub struct ConlluError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

/// A corpus as one text with its gold sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gold {
    /// The raw text.
    pub text: String,
    /// Byte ranges of the sentences in `text`, in order.
    pub sentences: Vec<Range<usize>>,
}

/// Reads a CoNLL-U corpus; `file` names it in errors.
pub fn read(file: &str, content: &str) -> Result<Gold, ConlluError> {
    let mut gold = Gold {
        text: String::new(),
        sentences: Vec::new(),
    };
    let mut new_paragraph = true;
    let mut sentence_text: Option<(usize, String)> = None;
    let mut has_tokens = false;
    let finish = |gold: &mut Gold, s: Option<(usize, String)>, new_par: &mut bool, line: usize| {
        let Some((_, text)) = s else {
            return Err(ConlluError {
                file: file.into(),
                line,
                message: "sentence without a `# text =` line".into(),
            });
        };
        if !gold.text.is_empty() {
            gold.text.push_str(if *new_par { "\n\n" } else { " " });
        }
        let start = gold.text.len();
        gold.text.push_str(text.trim());
        gold.sentences.push(start..gold.text.len());
        *new_par = false;
        Ok(())
    };
    for (i, line) in content.lines().enumerate() {
        let n = i + 1;
        if line.is_empty() {
            if has_tokens {
                finish(&mut gold, sentence_text.take(), &mut new_paragraph, n)?;
                has_tokens = false;
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if comment.starts_with("newpar") || comment.starts_with("newdoc") {
                new_paragraph = true;
            } else if let Some(text) = comment.strip_prefix("text =") {
                sentence_text = Some((n, text.trim().to_string()));
            }
            continue;
        }
        if line.split('\t').count() != 10 {
            return Err(ConlluError {
                file: file.into(),
                line: n,
                message: "a token line needs 10 tab-separated columns".into(),
            });
        }
        has_tokens = true;
    }
    if has_tokens {
        finish(
            &mut gold,
            sentence_text.take(),
            &mut new_paragraph,
            content.lines().count(),
        )?;
    }
    Ok(gold)
}
