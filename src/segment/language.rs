//! Language identification with whatlang (trigram profiles).
//!
//! whatlang guesses badly on short strings, so a guess is kept only when whatlang
//! itself calls it reliable; the confidence is kept either way. A paragraph is judged
//! on its first few kilobytes (enough for a stable guess, and it keeps a 100 MB
//! paragraph from costing more than a small one). A document's language is the one
//! that covers most of its reliably identified paragraphs, by length.

use std::collections::HashMap;

/// How much of a paragraph whatlang reads.
const SAMPLE_BYTES: usize = 4096;

/// A language guess: ISO 639-3 code when reliable, and whatlang's confidence.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Language {
    pub code: Option<&'static str>,
    pub confidence: f64,
}

/// The language of a paragraph.
pub fn detect(text: &str) -> Language {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match whatlang::detect(&text[..end]) {
        Some(info) => Language {
            code: info.is_reliable().then(|| info.lang().code()),
            confidence: info.confidence(),
        },
        None => Language::default(),
    }
}

/// The language of a document from its paragraphs' languages and lengths.
pub fn majority(paragraphs: impl Iterator<Item = (Language, usize)>) -> Option<&'static str> {
    let mut bytes: HashMap<&'static str, usize> = HashMap::new();
    for (language, length) in paragraphs {
        if let Some(code) = language.code {
            *bytes.entry(code).or_insert(0) += length;
        }
    }
    bytes
        .into_iter()
        .max_by_key(|&(code, length)| (length, std::cmp::Reverse(code)))
        .map(|(code, _)| code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_russian_paragraphs_are_told_apart() {
        let english = detect(
            "Stalin stood five feet four inches tall. Two toes on his left foot were fused, and his sallow complexion was heavily marked by the smallpox.",
        );
        assert_eq!(english.code, Some("eng"));
        let russian = detect(
            "Сталин был ростом пять футов четыре дюйма. Два пальца на его левой ноге были сросшимися, а лицо было изрыто оспой.",
        );
        assert_eq!(russian.code, Some("rus"));
        assert_eq!(
            majority([(english, 100), (russian, 40)].into_iter()),
            Some("eng")
        );
    }
}
