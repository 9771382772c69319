/// Converts byte offsets of one text into Unicode-scalar character offsets.
///
/// The contract speaks characters, the code speaks bytes. Rather than a table with one entry
/// per byte (four or eight times the text's size), it keeps the character count at the start of
/// every block of [`CharMap::BLOCK`] bytes and counts the rest of a block on demand.
#[derive(Debug)]
pub struct CharMap<'a> {
    text: &'a str,
    before_block: Vec<u32>,
}

impl<'a> CharMap<'a> {
    /// Bytes per checkpoint.
    pub const BLOCK: usize = 256;

    /// Builds the checkpoints for `text` (one pass).
    pub fn new(text: &'a str) -> CharMap<'a> {
        let bytes = text.as_bytes();
        let mut before_block = Vec::with_capacity(bytes.len() / Self::BLOCK + 1);
        let mut count = 0u32;
        for chunk in bytes.chunks(Self::BLOCK) {
            before_block.push(count);
            count += chunk.iter().filter(|&&b| !is_continuation(b)).count() as u32;
        }
        before_block.push(count);
        CharMap { text, before_block }
    }

    /// The character offset of byte offset `byte`, which must lie on a character boundary
    /// (`byte == text.len()` is allowed).
    pub fn char_offset(&self, byte: usize) -> usize {
        debug_assert!(
            self.text.is_char_boundary(byte),
            "byte {byte} splits a character"
        );
        let block = byte / Self::BLOCK;
        let start = block * Self::BLOCK;
        let within = self.text.as_bytes()[start..byte]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count();
        self.before_block[block] as usize + within
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0b1100_0000 == 0b1000_0000
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_char_indices(text in "\\PC{0,700}") {
            let map = CharMap::new(&text);
            for (chars, (byte, _)) in text.char_indices().enumerate() {
                prop_assert_eq!(map.char_offset(byte), chars);
            }
            prop_assert_eq!(map.char_offset(text.len()), text.chars().count());
        }
    }

    #[test]
    fn counts_multibyte_characters_once() {
        let text = "Moscow — Kabul’s";
        let map = CharMap::new(text);
        assert_eq!(map.char_offset(text.len()), 16);
        assert_eq!(map.char_offset(text.find("Kabul").unwrap()), 9);
    }
}
