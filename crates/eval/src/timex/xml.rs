//! A small element tree over quick-xml, enough for the two gold formats.
//!
//! Both formats are read whole (files are at most a few hundred kilobytes), so a tree is simpler
//! than driving each reader from the event stream, and every element keeps its line for errors.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::TimexError;

/// An element with its attributes (entities decoded) and its children in document order.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// 1-based line of the start tag.
    pub line: usize,
}

/// A child: an element, or character data with its entities decoded.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The attribute's value, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// All the text inside, tags dropped.
    pub fn text(&self) -> String {
        let mut out = String::new();
        fn walk(e: &Element, out: &mut String) {
            for n in &e.children {
                match n {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(c) => walk(c, out),
                }
            }
        }
        walk(self, &mut out);
        out
    }
}

/// Maps byte offsets to 1-based lines.
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub fn new(content: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(content.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    pub fn line(&self, byte: u64) -> usize {
        let byte = usize::try_from(byte).unwrap_or(usize::MAX);
        match self.0.binary_search(&byte) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(file: &str, content: &str) -> Result<Element, TimexError> {
    let lines = Lines::new(content);
    let error = |byte: u64, message: String| TimexError::Format {
        file: file.to_string(),
        line: Some(lines.line(byte)),
        message,
    };
    let mut reader = Reader::from_str(content);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| error(reader.error_position(), format!("malformed XML: {e}")))?;
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err(error(at, "content after the root element".into()));
                }
                stack.push(element(&start, lines.line(at)).map_err(|m| error(at, m))?);
            }
            Event::Empty(start) => {
                if root.is_some() {
                    return Err(error(at, "content after the root element".into()));
                }
                let e = element(&start, lines.line(at)).map_err(|m| error(at, m))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(e)),
                    None => root = Some(e),
                }
            }
            Event::End(_) => {
                // quick-xml checks that the end tag names the open element.
                let Some(done) = stack.pop() else {
                    return Err(error(at, "end tag without a start tag".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content(), root.is_some())
                .map_err(|m| error(at, m))?,
            Event::CData(t) => push_text(&mut stack, &t.xml10_content(), root.is_some())
                .map_err(|m| error(at, m))?,
            Event::GeneralRef(r) => {
                let c = entity(&r).map_err(|m| error(at, m))?;
                push_text(&mut stack, &c, root.is_some()).map_err(|m| error(at, m))?;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(TimexError::Format {
            file: file.to_string(),
            line: Some(open.line),
            message: format!("<{}> is never closed (the file ends first)", open.name),
        });
    }
    root.ok_or_else(|| TimexError::Format {
        file: file.to_string(),
        line: None,
        message: "no root element".into(),
    })
}

/// The name of the root element, or `None` when the file's prologue is not XML; used to tell
/// which `.xml` files are corpus documents without reading them whole.
pub(crate) fn root_name(content: &str) -> Option<String> {
    let mut reader = Reader::from_str(content);
    loop {
        match reader.read_event().ok()? {
            Event::Start(s) | Event::Empty(s) => return Some(s.name().as_ref().to_string()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn element(start: &BytesStart, line: usize) -> Result<Element, String> {
    let name = start.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| format!("bad attribute in <{name}>: {e}"))?;
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| format!("bad value of {key} in <{name}>: {e}"))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
        line,
    })
}

fn push_text(stack: &mut [Element], text: &str, after_root: bool) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => {
            // Entities and text arrive as separate events; one node keeps offsets simple.
            if let Some(Node::Text(t)) = parent.children.last_mut() {
                t.push_str(text);
            } else {
                parent.children.push(Node::Text(text.to_string()));
            }
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None if after_root => Err("text after the root element".into()),
        None => Err("text before the root element".into()),
    }
}

/// The text an entity or character reference stands for. Only XML's five predefined entities
/// exist in these corpora; anything else would need a DTD they do not have.
fn entity(r: &BytesRef) -> Result<String, String> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            _ => Err(format!("bad character reference &{};", &**r)),
        };
    }
    quick_xml::escape::resolve_predefined_entity(r)
        .map(str::to_string)
        .ok_or_else(|| format!("unknown entity &{};", &**r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_text_and_entities() {
        let root = parse("t.xml", "<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\">A &lt;b&gt; &#233;&#x4E2D;<b>in</b>!<![CDATA[<c>]]></a>\n").unwrap();
        assert_eq!(root.attr("x"), Some("1 & 2"));
        assert_eq!(root.text(), "A <b> é中in!<c>");
        assert_eq!(root.child("b").unwrap().line, 2);
    }

    #[test]
    fn malformed_documents_are_errors() {
        for (xml, line) in [
            ("<a>\n<b>\n</a>", 3),
            ("<a>\n<b>", 2),
            ("<a>&nbsp;</a>", 1),
            ("<a>&#xD800;</a>", 1),
            ("<a></a>\n<b/>", 2),
            ("<a x=1></a>", 1),
            ("text", 1),
        ] {
            match parse("bad.xml", xml) {
                Err(TimexError::Format { line: l, .. }) => {
                    assert_eq!(l.unwrap_or(1), line, "{xml:?}")
                }
                other => panic!("{xml:?}: {other:?}"),
            }
        }
        assert!(parse("empty.xml", "").is_err());
    }

    #[test]
    fn root_names() {
        assert_eq!(
            root_name("<?xml version=\"1.0\"?><!-- c --><Document x=\"1\">").as_deref(),
            Some("Document")
        );
        assert_eq!(root_name("not xml"), None);
    }
}
