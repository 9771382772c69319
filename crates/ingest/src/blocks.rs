//! HTML → text blocks (paragraphs), each with the share of its text that sits inside links.

use dom_query::{Document, NodeRef};

use crate::text::collapse_ws;

/// One paragraph of text and how much of it is link text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    /// Text, whitespace collapsed.
    pub text: String,
    /// Characters (whitespace excluded) inside `<a>` elements.
    pub link_chars: usize,
    /// Characters (whitespace excluded) in all.
    pub chars: usize,
}

impl Block {
    /// Share of the block's characters that are link text.
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// Elements whose content is never article text to read (figure captions included: they
/// describe pictures, not the story).
const SKIP: [&str; 15] = [
    "figcaption",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "math",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "head",
];

/// Elements that start and end a paragraph.
const BLOCK: [&str; 40] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
];

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    buf: String,
    link_chars: usize,
    chars: usize,
}

impl Builder {
    fn text(&mut self, text: &str, in_link: bool) {
        let n = text.chars().filter(|c| !c.is_whitespace()).count();
        self.chars += n;
        if in_link {
            self.link_chars += n;
        }
        self.buf.push_str(text);
    }

    fn flush(&mut self) {
        let text = collapse_ws(&self.buf);
        if !text.is_empty() {
            self.blocks.push(Block {
                text,
                link_chars: self.link_chars,
                chars: self.chars,
            });
        }
        self.buf.clear();
        self.link_chars = 0;
        self.chars = 0;
    }
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Leave { block: bool, link: bool },
}

/// The text blocks under `root`, in document order, without recursion (any nesting depth).
pub(crate) fn blocks_of(root: &NodeRef) -> Vec<Block> {
    let mut b = Builder::default();
    let mut links = 0usize;
    let mut stack = vec![Step::Enter(*root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave { block, link } => {
                if link {
                    links = links.saturating_sub(1);
                }
                if block {
                    b.flush();
                }
            }
            Step::Enter(node) => {
                if node.is_text() {
                    b.text(&node.text(), links > 0);
                    continue;
                }
                let name = node.qual_name_ref().map(|q| q.local.to_ascii_lowercase());
                let (block, link) = match name.as_deref() {
                    Some(n) if SKIP.contains(&n) => continue,
                    Some(n) => (BLOCK.contains(&n), n == "a"),
                    None if node.is_element() => (false, false),
                    None if node.is_document() || node.is_fragment() => (true, false),
                    None => continue,
                };
                if block {
                    b.flush();
                }
                if link {
                    links += 1;
                }
                stack.push(Step::Leave { block, link });
                let children: Vec<NodeRef> = node.children_it(true).collect();
                stack.extend(children.into_iter().map(Step::Enter));
            }
        }
    }
    b.flush();
    b.blocks
}

/// The text blocks of an HTML fragment.
pub(crate) fn blocks_of_fragment(html: &str) -> Vec<Block> {
    let doc = Document::fragment(html);
    blocks_of(&doc.root())
}
