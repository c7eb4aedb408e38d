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
    /// [`WORD`] set when it is a word. (A text under 4 GiB has fewer than 2³¹
    /// forms: each needs bytes of its own, and there are not that many short ones.)
    form_and_word: u32,
}

/// The bit of [`Token::form_and_word`] that marks a word.
const WORD: u32 = 1 << 31;

impl Token {
    /// Its normalized form, an index into the document's [`Vocabulary`].
    pub fn form(&self) -> u32 {
        self.form_and_word & !WORD
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
    ids: FastMap<Box<str>, u32>,
    /// Reused for normalizing, so a form already known costs no allocation.
    buffer: String,
}

impl Vocabulary {
    /// The index of `token`'s normalized form, adding the form when it is new.
    pub fn intern(&mut self, token: &str) -> u32 {
        let form = match normalize_into(token, &mut self.buffer) {
            true => self.buffer.as_str(),
            false => token,
        };
        if let Some(&id) = self.ids.get(form) {
            return id;
        }
        let id = crate::offsets::narrow(self.forms.len());
        self.forms.push(form.into());
        self.ids.insert(form.into(), id);
        id
    }

    /// The normalized form with index `id`.
    pub fn form(&self, id: u32) -> &str {
        &self.forms[id as usize]
    }

    /// The index of a normalized form, if a token of the document has it.
    pub fn id(&self, form: &str) -> Option<u32> {
        self.ids.get(form).copied()
    }

    /// How many distinct forms there are.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

/// The tokens of `text[range]`, with ranges in `text`; their forms go into
/// `vocabulary`.
pub fn tokens<'a>(
    text: &'a str,
    range: Range<usize>,
    vocabulary: &'a mut Vocabulary,
) -> impl Iterator<Item = Token> + 'a {
    let offset = range.start;
    text[range]
        .split_word_bound_indices()
        .filter(|(_, segment)| !segment.chars().all(char::is_whitespace))
        .map(move |(start, segment)| Token {
            start: narrow(offset + start),
            end: narrow(offset + start + segment.len()),
            form_and_word: {
                let form = vocabulary.intern(segment);
                assert!(form < WORD, "fewer than 2^31 forms in a text under 4 GiB");
                let is_word = segment.chars().any(char::is_alphanumeric);
                form | if is_word { WORD } else { 0 }
            },
        })
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
