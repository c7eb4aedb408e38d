//! Segment: paragraphs into sentences, sentences into tokens, and the language of
//! every paragraph and of the document.
//!
//! Works on the cleaned text: `range` fields are ranges of that text, `source` fields
//! the byte ranges of the original file they map back to (computed here, in the
//! parallel per-document stage). Tokens keep no `source`: there are a hundred times
//! more of them than of sentences, and the tokens table looks theirs up in order
//! with the offset map's locator, as cheaply as it would copy them.

pub mod language;
pub mod sentences;
pub mod tokens;

use std::ops::Range;

use crate::clean::{CleanText, ParagraphKind};
use crate::offsets::narrow;
pub use language::Language;
pub use tokens::{Token, Vocabulary};

/// A sentence and the paragraph it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub source: Range<usize>,
    pub paragraph: usize,
    /// Its tokens: indices into `Segmented::tokens`.
    pub tokens: Range<usize>,
}

/// A token and the sentence it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceToken {
    pub token: Token,
    sentence: u32,
}

impl SentenceToken {
    /// The index of its sentence in [`Segmented::sentences`].
    pub fn sentence(&self) -> usize {
        self.sentence as usize
    }
}

/// The segmentation of one document.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    /// The language of each paragraph, in paragraph order.
    pub paragraph_languages: Vec<Language>,
    /// The byte range in the original file of each paragraph.
    pub paragraph_sources: Vec<Range<usize>>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<SentenceToken>,
    /// The normalized forms the tokens point to.
    pub vocabulary: Vocabulary,
    /// The document's language, if any paragraph was identified reliably.
    pub language: Option<&'static str>,
}

pub fn segment(clean: &CleanText) -> Segmented {
    let text = clean.text.text.as_str();
    let mut segmented = Segmented::default();
    let paragraphs: Vec<(&str, bool)> = clean
        .paragraphs
        .iter()
        .map(|paragraph| {
            let stands_alone = paragraph.kind != ParagraphKind::Prose;
            (&text[paragraph.range.clone()], stands_alone)
        })
        .collect();
    segmented.paragraph_languages = language::paragraph_languages(&paragraphs);
    // English prose has a token per 4.6 bytes (the British novels); reserving a
    // little more avoids regrowing the largest vector of the run, which would hold
    // it twice, the second time at double the size.
    segmented.tokens.reserve(text.len() / 4);
    segmented.sentences.reserve(text.len() / 120);
    let map = &clean.text.map;
    let mut sentence_locator = map.locator();
    for (paragraph_index, paragraph) in clean.paragraphs.iter().enumerate() {
        segmented
            .paragraph_sources
            .push(map.source_range(paragraph.range.clone()));
        for local in sentences::sentences(&text[paragraph.range.clone()]) {
            let range = paragraph.range.start + local.start..paragraph.range.start + local.end;
            let sentence = segmented.sentences.len();
            let first_token = segmented.tokens.len();
            segmented.tokens.extend(
                tokens::tokens(text, range.clone(), &mut segmented.vocabulary).map(|token| {
                    SentenceToken {
                        token,
                        sentence: narrow(sentence),
                    }
                }),
            );
            segmented.sentences.push(Sentence {
                source: sentence_locator.source_range(range.clone()),
                range,
                paragraph: paragraph_index,
                tokens: first_token..segmented.tokens.len(),
            });
        }
    }
    segmented.tokens.shrink_to_fit();
    segmented.language = language::majority(
        segmented
            .paragraph_languages
            .iter()
            .zip(&clean.paragraphs)
            .map(|(language, paragraph)| (*language, paragraph.range.len())),
    );
    segmented
}
