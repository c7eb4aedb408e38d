//! Tokens: UAX #29 word boundaries (unicode-segmentation), with a normalized form.
//!
//! Every non-space segment is a token, punctuation included, so a sentence's tokens
//! cover all of its characters. `is_word` marks word-like tokens (with a letter or a
//! digit); the normalized form is the form to count: lower case, with curly and
//! modifier apostrophes unified to `'` and ligature characters (`ﬁ`) spelled out.
//! Each distinct form is stored once in the document's [`Vocabulary`], and a token
//! points to it: counting words is counting small integers, and later stages never
//! hash a string to compare two tokens. Repairs of split ligatures and line-end
//! hyphens are already in the cleaned text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::hashing::FastMap;
use crate::offsets::narrow;

/// A token of a sentence, with its range in the text it was cut from, in 12 bytes
/// (offsets fit in 32 bits: ingest refuses files of 4 GiB or more). A document
/// keeps one per token, a token per four or five bytes of text, so this is the
/// largest thing a long document holds: a 100 MB book has 20 million of them. Its
/// bytes in the original file are not kept: the cleaned text's offset map gives
/// them (`OffsetMap::source_range`), when the tokens table is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
    /// Its normalized form, an index into the document's [`Vocabulary`], with
    /// [`WORD`] set when it is a word and [`NORMALIZED`] when it is written as its
    /// form. (A text under 4 GiB has fewer than 2³⁰ forms: each needs bytes of its
    /// own and a boundary after it, and there are not that many short ones.)
    form_and_word: u32,
}

/// The bit of [`Token::form_and_word`] that marks a word.
const WORD: u32 = 1 << 31;

/// The bit of [`Token::form_and_word`] that marks a token whose text is its
/// normalized form.
const NORMALIZED: u32 = 1 << 30;

impl Token {
    /// Its normalized form, an index into the document's [`Vocabulary`].
    pub fn form(&self) -> u32 {
        self.form_and_word & !(WORD | NORMALIZED)
    }

    /// Whether its text is its normalized form, byte for byte (nine tokens in ten:
    /// lower-case words and punctuation).
    pub fn is_normalized(&self) -> bool {
        self.form_and_word & NORMALIZED != 0
    }

    /// Whether it is word-like (has a letter or a digit), not punctuation.
    pub fn is_word(&self) -> bool {
        self.form_and_word & WORD != 0
    }

    /// Its byte range in the cleaned text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The distinct normalized forms of a document's tokens, each stored once.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    forms: Vec<Box<str>>,
    /// The ids of the forms of at most 15 bytes (nearly all of them), keyed by
    /// their bytes ([`short_key`]): every token's form is looked up, and keyed by
    /// the string, each lookup read the form's bytes from the heap and compared
    /// them with a call to `memcmp` (`intern` was a fifth of the analysis, `perf`,
    /// and that call a third of it).
    short_ids: FastMap<u128, u32>,
    long_ids: FastMap<Box<str>, u32>,
    /// Reused for normalizing, so a form already known costs no allocation.
    buffer: String,
}

impl Vocabulary {
    /// The index of `token`'s normalized form, adding the form when it is new.
    pub fn intern(&mut self, token: &str) -> u32 {
        self.intern_token(token).0
    }

    /// [`Vocabulary::intern`], and whether `token` is its normalized form.
    fn intern_token(&mut self, token: &str) -> (u32, bool) {
        let normalized = !normalize_into(token, &mut self.buffer);
        let form = match normalized {
            true => token,
            false => self.buffer.as_str(),
        };
        let next = crate::offsets::narrow(self.forms.len());
        let id = match short_key(form) {
            Some(key) => *self.short_ids.entry(key).or_insert(next),
            // Looked up before inserting, so that a form already known is not
            // copied to the heap first.
            None => match self.long_ids.get(form) {
                Some(&id) => id,
                None => {
                    self.long_ids.insert(form.into(), next);
                    next
                }
            },
        };
        if id == next {
            self.forms.push(form.into());
        }
        (id, normalized)
    }

    /// The normalized form with index `id`.
    pub fn form(&self, id: u32) -> &str {
        &self.forms[id as usize]
    }

    /// The index of a normalized form, if a token of the document has it.
    pub fn id(&self, form: &str) -> Option<u32> {
        match short_key(form) {
            Some(key) => self.short_ids.get(&key).copied(),
            None => self.long_ids.get(form).copied(),
        }
    }

    /// How many distinct forms there are.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

/// The key of a form of at most 15 bytes in [`Vocabulary::short_ids`]: its bytes
/// and, in the last byte, its length. None for a longer form.
fn short_key(form: &str) -> Option<u128> {
    let bytes = form.as_bytes();
    let length = bytes.len();
    // Read as two words that may overlap (a copy of a length known only at run
    // time is a call to `memmove`): the bytes they share are the same bytes, in
    // the same places.
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            bytes[at..at + 4].try_into().expect("4 bytes"),
        ))
    };
    let (low, high) = match length {
        16.. => return None,
        9.. => (word(0), word(length - 8) >> (8 * (16 - length))),
        4.. => (half(0) | half(length - 4) << (8 * (length - 4)), 0),
        _ => {
            let low = bytes
                .iter()
                .rev()
                .fold(0, |low, &byte| low << 8 | u64::from(byte));
            (low, 0)
        }
    };
    Some(u128::from(low) | u128::from(high) << 64 | (length as u128) << 120)
}

/// The tokens of `text[range]`, with ranges in `text`; their forms go into
/// `vocabulary`.
pub fn tokens<'a>(
    text: &'a str,
    range: Range<usize>,
    vocabulary: &'a mut Vocabulary,
) -> impl Iterator<Item = Token> + 'a {
    let offset = range.start;
    word_segments(&text[range]).map(move |(start, segment)| Token {
        start: narrow(offset + start),
        end: narrow(offset + start + segment.len()),
        form_and_word: {
            let (form, normalized) = vocabulary.intern_token(segment);
            assert!(
                form < NORMALIZED,
                "fewer than 2^30 forms in a text under 4 GiB"
            );
            let is_word = segment.chars().any(char::is_alphanumeric);
            form | if is_word { WORD } else { 0 } | if normalized { NORMALIZED } else { 0 }
        },
    })
}

/// The segments of `text` between UAX #29 word boundaries that are not all white
/// space, with their offsets: what unicode-segmentation's
/// `split_word_bound_indices` gives, less its white space, but with the boundaries
/// of ASCII text found from its bytes. The crate classifies every character through
/// its tables, a tenth of the analysis of a novel (perf, `voices quotes`), and most
/// of a novel is ASCII.
///
/// The text is read as chunks of characters other than ASCII white space. The
/// boundaries on either side of ASCII white space next to another ASCII character
/// are boundaries whatever surrounds them (no rule of UAX #29 joins them), so an ASCII
/// chunk is cut on its own, by the rules as they apply to ASCII ([`ascii_segment_end`]).
/// A chunk with another character (a curly quote, an accent, a combining mark that
/// joins the space before it) goes to the crate, with the white space before it and
/// any chunks of the same kind that follow it, so that it starts where an ASCII
/// chunk ended: a certain boundary. A test compares the two on random text.
pub fn word_segments(text: &str) -> WordSegments<'_> {
    WordSegments {
        text,
        uncut: 0,
        ascii: 0..0,
        crate_cut: None,
    }
}

/// The iterator of [`word_segments`].
pub struct WordSegments<'a> {
    text: &'a str,
    /// Where the text not yet cut begins.
    uncut: usize,
    /// What is left of the ASCII chunk being cut (its start is the next segment's).
    ascii: Range<usize>,
    /// A stretch with other characters being cut by unicode-segmentation, with its
    /// offset in the text.
    crate_cut: Option<(usize, unicode_segmentation::UWordBoundIndices<'a>)>,
}

impl<'a> Iterator for WordSegments<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let bytes = self.text.as_bytes();
        loop {
            if !self.ascii.is_empty() {
                let start = self.ascii.start;
                let end = ascii_segment_end(bytes, start, self.ascii.end);
                self.ascii.start = end;
                return Some((start, &self.text[start..end]));
            }
            if let Some((offset, segments)) = &mut self.crate_cut {
                match segments.next() {
                    Some((start, segment)) if !segment.chars().all(char::is_whitespace) => {
                        return Some((*offset + start, segment));
                    }
                    Some(_) => continue,
                    None => self.crate_cut = None,
                }
            }
            let before_space = self.uncut;
            let (chunk, is_ascii) = chunk_after(bytes, before_space)?;
            if is_ascii {
                self.ascii = chunk.clone();
                self.uncut = chunk.end;
                continue;
            }
            let mut end = chunk.end;
            while let Some((following, false)) = chunk_after(bytes, end) {
                end = following.end;
            }
            let stretch = &self.text[before_space..end];
            self.crate_cut = Some((before_space, stretch.split_word_bound_indices()));
            self.uncut = end;
        }
    }
}

/// ASCII white space: what `char::is_whitespace` says of ASCII (tab to carriage
/// return, and space).
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ')
}

/// The first chunk of characters other than ASCII white space at or after `from`,
/// and whether it is all ASCII; None when only white space is left.
fn chunk_after(bytes: &[u8], from: usize) -> Option<(Range<usize>, bool)> {
    let start = from
        + bytes[from..]
            .iter()
            .position(|&byte| !is_ascii_space(byte))?;
    let length = bytes[start..]
        .iter()
        .position(|&byte| is_ascii_space(byte))
        .unwrap_or(bytes.len() - start);
    let chunk = start..start + length;
    let is_ascii = bytes[chunk.clone()].is_ascii();
    Some((chunk, is_ascii))
}

/// The Word_Break classes of UAX #29 that ASCII characters other than white space
/// have (Double_Quote only matters beside Hebrew letters, so it is Other here).
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordBreak {
    Letter,
    Numeric,
    /// `:`
    MidLetter,
    /// `.` and `'` (MidNumLet and Single_Quote, which the rules treat alike).
    MidNumLetQ,
    /// `,` and `;`
    MidNum,
    /// `_`
    ExtendNumLet,
    Other,
}

#[inline]
fn word_break(byte: u8) -> WordBreak {
    match byte {
        b'a'..=b'z' | b'A'..=b'Z' => WordBreak::Letter,
        b'0'..=b'9' => WordBreak::Numeric,
        b':' => WordBreak::MidLetter,
        b'.' | b'\'' => WordBreak::MidNumLetQ,
        b',' | b';' => WordBreak::MidNum,
        b'_' => WordBreak::ExtendNumLet,
        _ => WordBreak::Other,
    }
}

/// Where the segment that starts at `start` ends, in an ASCII chunk (no white space)
/// that ends at `end`: the first position from which no rule of UAX #29 (WB5 to
/// WB13b, the ones ASCII can meet) joins the character to the one before it.
fn ascii_segment_end(bytes: &[u8], start: usize, end: usize) -> usize {
    use WordBreak::*;
    let class = |position: usize| match position < end {
        true => word_break(bytes[position]),
        false => Other,
    };
    // Two back, within the segment: WB6 joins what WB7 joins, and WB12 what WB11
    // does, so no segment starts between the halves of either pair.
    let two_back = |position: usize| match position >= start + 2 {
        true => class(position - 2),
        false => Other,
    };
    let mut position = start + 1;
    while position < end {
        // Letters and digits in a row, most of a word, at one test each (WB5, 8-10).
        if bytes[position].is_ascii_alphanumeric() && bytes[position - 1].is_ascii_alphanumeric() {
            position += 1;
            continue;
        }
        let joined = match (class(position - 1), class(position)) {
            (Letter | Numeric, Letter | Numeric) => true,
            (Letter, MidLetter | MidNumLetQ) => class(position + 1) == Letter,
            (MidLetter | MidNumLetQ, Letter) => two_back(position) == Letter,
            (Numeric, MidNum | MidNumLetQ) => class(position + 1) == Numeric,
            (MidNum | MidNumLetQ, Numeric) => two_back(position) == Numeric,
            (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
            (ExtendNumLet, Letter | Numeric) => true,
            _ => false,
        };
        if !joined {
            break;
        }
        position += 1;
    }
    position
}

/// Writes the counting form of `token` into `norm` and returns true, or returns
/// false when the form is the token itself.
fn normalize_into(token: &str, norm: &mut String) -> bool {
    let needs_work = token
        .chars()
        .any(|character| character.is_uppercase() || !character.is_ascii());
    if !needs_work {
        return false;
    }
    norm.clear();
    for character in token.chars() {
        match character {
            '’' | '‘' | 'ʼ' | '′' => norm.push('\''),
            'ﬀ' => norm.push_str("ff"),
            'ﬁ' => norm.push_str("fi"),
            'ﬂ' => norm.push_str("fl"),
            'ﬃ' => norm.push_str("ffi"),
            'ﬄ' => norm.push_str("ffl"),
            'ﬅ' | 'ﬆ' => norm.push_str("st"),
            _ => norm.extend(character.to_lowercase()),
        }
    }
    norm != token
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, bool, Option<&str>)> {
        let mut vocabulary = Vocabulary::default();
        let found: Vec<Token> = tokens(text, 0..text.len(), &mut vocabulary).collect();
        found
            .iter()
            .map(|token| (&text[token.range()], token.is_word(), None))
            .collect()
    }

    /// [`short_key`] byte by byte.
    fn short_key_by_bytes(form: &str) -> Option<u128> {
        let bytes = form.as_bytes();
        (bytes.len() <= 15).then(|| {
            let key = (bytes.len() as u128) << 120;
            (bytes.iter().enumerate()).fold(key, |key, (index, &byte)| {
                key | u128::from(byte) << (8 * index)
            })
        })
    }

    /// A form's short key holds its bytes and length, read word by word as byte by
    /// byte, at every length.
    #[test]
    fn short_keys_are_the_bytes_and_the_length() {
        let text = "abcdefghijklmnopqrs\u{e9}\u{2019}";
        for start in 0..4 {
            for end in start..text.len() {
                if let Some(form) = text.get(start..end) {
                    assert_eq!(short_key(form), short_key_by_bytes(form), "{form:?}");
                }
            }
        }
        assert_ne!(short_key("a"), short_key("a\0"));
        assert_eq!(short_key("sixteen bytes!!!"), None);
    }

    /// A token knows whether its text is its normalized form: the tokens table
    /// leaves the text out where it is.
    #[test]
    fn tokens_written_as_their_form_are_marked() {
        let text = "Stalin’s “vanguard” ﬁnal. don't";
        let mut vocabulary = Vocabulary::default();
        let found: Vec<Token> = tokens(text, 0..text.len(), &mut vocabulary).collect();
        let marked: Vec<(&str, &str, bool)> = found
            .iter()
            .map(|token| {
                let form = vocabulary.form(token.form());
                (&text[token.range()], form, token.is_normalized())
            })
            .collect();
        assert_eq!(
            marked,
            [
                ("Stalin’s", "stalin's", false),
                ("“", "“", true),
                ("vanguard", "vanguard", true),
                ("”", "”", true),
                ("ﬁnal", "final", false),
                (".", ".", true),
                ("don't", "don't", true),
            ]
        );
    }

    #[test]
    fn words_punctuation_and_apostrophes() {
        let found = texts("Stalin’s “vanguard Russia” (1937).");
        let words: Vec<&str> = found.iter().map(|(text, _, _)| *text).collect();
        assert_eq!(
            words,
            vec![
                "Stalin’s",
                "“",
                "vanguard",
                "Russia",
                "”",
                "(",
                "1937",
                ")",
                "."
            ]
        );
        assert!(found[0].1 && !found[1].1 && found[6].1);
    }

    #[test]
    fn word_segments_are_unicode_segmentations() {
        // ASCII of every class, white space of every kind, and characters that
        // reach across it: a combining accent and a joiner (WB4), an em space and a
        // no-break space (WB3d), a curly apostrophe (MidNumLet), letters and digits
        // of other scripts, an emoji.
        let alphabet: Vec<char> = "aZq07.':,;_\"-!?()\u{1} \t\n\r\u{b}\u{c}’\u{301}\u{200d}\u{2003}\u{a0}\u{85}éж中😀٣א\u{3000}\u{ff0e}"
            .chars()
            .collect();
        let mut random = crate::random::SplitMix64(29);
        let mut texts: Vec<String> = [
            "",
            " ",
            "a.b",
            "1,000.5",
            "don’t",
            "e.g.",
            "x \u{301}y",
            "a\u{2003} \u{301}b",
        ]
        .iter()
        .map(|text| text.to_string())
        .collect();
        // Every other text all ASCII, so that long ASCII chunks meet every rule.
        let ascii = alphabet.iter().position(|c| !c.is_ascii()).unwrap();
        for round in 0..50_000 {
            let length = random.below(24);
            let letters = if round % 2 == 0 {
                ascii
            } else {
                alphabet.len()
            };
            texts.push(
                (0..length)
                    .map(|_| alphabet[random.below(letters)])
                    .collect(),
            );
        }
        for text in &texts {
            let expected: Vec<(usize, &str)> = text
                .split_word_bound_indices()
                .filter(|(_, segment)| !segment.chars().all(char::is_whitespace))
                .collect();
            assert_eq!(
                word_segments(text).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn forms_are_lower_case_with_plain_apostrophes_and_stored_once() {
        let mut vocabulary = Vocabulary::default();
        let text = "Stalin’s ﬁve words, stalin's Five";
        let forms: Vec<u32> = tokens(text, 0..text.len(), &mut vocabulary)
            .map(|token| token.form())
            .collect();
        let written: Vec<&str> = forms.iter().map(|&form| vocabulary.form(form)).collect();
        assert_eq!(
            written,
            ["stalin's", "five", "words", ",", "stalin's", "five"]
        );
        assert_eq!(forms[0], forms[4]);
        assert_eq!(forms[1], forms[5]);
        assert_eq!(vocabulary.len(), 4);
        assert_eq!(vocabulary.id("words"), Some(forms[2]));
        assert_eq!(vocabulary.id("Words"), None);
    }
}
