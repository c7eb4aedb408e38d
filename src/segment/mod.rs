//! Segment: paragraphs into sentences, sentences into tokens, and the language of
//! every paragraph and of the document.
//!
//! Works on the cleaned text; every range here is a range of that text, which the
//! tables stage maps back to the original file.

pub mod language;
pub mod sentences;
pub mod tokens;

use std::ops::Range;

use crate::clean::CleanText;
pub use language::Language;
pub use tokens::Token;

/// A sentence and the paragraph it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub paragraph: usize,
}

/// A token and the sentence it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceToken {
    pub token: Token,
    pub sentence: usize,
}

/// The segmentation of one document.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    /// The language of each paragraph, in paragraph order.
    pub paragraph_languages: Vec<Language>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<SentenceToken>,
    /// The document's language, if any paragraph was identified reliably.
    pub language: Option<&'static str>,
}

pub fn segment(clean: &CleanText) -> Segmented {
    let text = clean.text.text.as_str();
    let mut segmented = Segmented::default();
    for (paragraph_index, paragraph) in clean.paragraphs.iter().enumerate() {
        let paragraph_text = &text[paragraph.range.clone()];
        segmented
            .paragraph_languages
            .push(language::detect(paragraph_text));
        for local in sentences::sentences(paragraph_text) {
            let range = paragraph.range.start + local.start..paragraph.range.start + local.end;
            let sentence = segmented.sentences.len();
            segmented.tokens.extend(
                tokens::tokens(text, range.clone()).map(|token| SentenceToken { token, sentence }),
            );
            segmented.sentences.push(Sentence {
                range,
                paragraph: paragraph_index,
            });
        }
    }
    segmented.language = language::majority(
        segmented
            .paragraph_languages
            .iter()
            .zip(&clean.paragraphs)
            .map(|(language, paragraph)| (*language, paragraph.range.len())),
    );
    segmented
}
