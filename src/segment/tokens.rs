//! Tokens: UAX #29 word boundaries (unicode-segmentation), with a normalized form.
//!
//! Every non-space segment is a token, punctuation included, so a sentence's tokens
//! cover all of its characters. `is_word` marks word-like tokens (with a letter or a
//! digit); `norm` is the form to count: lower case, with curly and modifier
//! apostrophes unified to `'` and ligature characters (`ﬁ`) spelled out. Repairs of
//! split ligatures and line-end hyphens are already in the cleaned text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// A token of a sentence, with its range in the text it was cut from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    /// Byte range in the original file (filled in by [`crate::segment::segment`]).
    pub source: Range<usize>,
    /// True when the original bytes at `source` are exactly the token's text.
    pub verbatim: bool,
    pub is_word: bool,
    /// The normalized form, when it differs from the text.
    pub norm: Option<Box<str>>,
}

/// The tokens of `text[range]`, with ranges in `text`.
pub fn tokens(text: &str, range: Range<usize>) -> impl Iterator<Item = Token> + '_ {
    let offset = range.start;
    text[range]
        .split_word_bound_indices()
        .filter(|(_, segment)| !segment.chars().all(char::is_whitespace))
        .map(move |(start, segment)| Token {
            range: offset + start..offset + start + segment.len(),
            source: 0..0,
            verbatim: false,
            is_word: segment.chars().any(char::is_alphanumeric),
            norm: normalize(segment),
        })
}

/// The counting form of `token`, or None when it is the token itself.
pub fn normalize(token: &str) -> Option<Box<str>> {
    let needs_work = token
        .chars()
        .any(|character| character.is_uppercase() || !character.is_ascii());
    if !needs_work {
        return None;
    }
    let mut norm = String::with_capacity(token.len());
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
    (norm != token).then(|| norm.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, bool, Option<&str>)> {
        let found: Vec<Token> = tokens(text, 0..text.len()).collect();
        found
            .iter()
            .map(|token| (&text[token.range.clone()], token.is_word, None))
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
    fn norm_is_lower_case_with_plain_apostrophes() {
        assert_eq!(normalize("Stalin’s").as_deref(), Some("stalin's"));
        assert_eq!(normalize("ﬁve").as_deref(), Some("five"));
        assert_eq!(normalize("words"), None);
    }
}
