//! Segment: paragraphs into sentences, sentences into tokens, and the language of
//! every paragraph and of the document.
//!
//! Works on the cleaned text: `range` fields are ranges of that text, `source` fields
//! the byte ranges of the original file they map back to (computed here, in the
//! parallel per-document stage). Tokens keep no `source` and no sentence: there are
//! a hundred times more of them than of sentences, so the tokens table looks their
//! bytes up in order with the offset map's locator, and a token's sentence is found
//! from the sentences' token ranges ([`Segmented::sentence_of`]).

pub mod language;
pub mod sentences;
pub mod tokens;

use std::ops::Range;

use crate::clean::{CleanText, ParagraphKind};
use crate::offsets::narrow;
pub use language::Language;
pub use tokens::{Token, Vocabulary};

/// A sentence and the paragraph it belongs to, in 32-bit numbers (ingest refuses
/// files of 4 GiB): 28 bytes a sentence instead of 56, and a 100 MB book has
/// 800,000 sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    range: [u32; 2],
    source: [u32; 2],
    paragraph: u32,
    tokens: [u32; 2],
}

impl Sentence {
    pub fn new(
        range: Range<usize>,
        source: Range<usize>,
        paragraph: usize,
        tokens: Range<usize>,
    ) -> Self {
        let narrow_pair = |range: Range<usize>| [narrow(range.start), narrow(range.end)];
        Sentence {
            range: narrow_pair(range),
            source: narrow_pair(source),
            paragraph: narrow(paragraph),
            tokens: narrow_pair(tokens),
        }
    }

    /// Its bytes in the clean text.
    pub fn range(&self) -> Range<usize> {
        widen(self.range)
    }

    /// Its bytes in the original file.
    pub fn source(&self) -> Range<usize> {
        widen(self.source)
    }

    /// The index of its paragraph.
    pub fn paragraph(&self) -> usize {
        self.paragraph as usize
    }

    /// Its tokens: indices into `Segmented::tokens`.
    pub fn tokens(&self) -> Range<usize> {
        widen(self.tokens)
    }
}

/// The range a [`Sentence`] keeps as two 32-bit numbers.
fn widen([start, end]: [u32; 2]) -> Range<usize> {
    start as usize..end as usize
}

/// The segmentation of one document.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    /// The language of each paragraph, in paragraph order.
    pub paragraph_languages: Vec<Language>,
    /// The byte range in the original file of each paragraph.
    pub paragraph_sources: Vec<Range<usize>>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// The sentence of every [`SENTENCE_BLOCK`]-th token: where
    /// [`Segmented::sentence_of`] starts looking.
    block_sentences: Vec<u32>,
    /// The normalized forms the tokens point to.
    pub vocabulary: Vocabulary,
    /// The document's language, if any paragraph was identified reliably.
    pub language: Option<&'static str>,
}

/// How many tokens [`Segmented::block_sentences`] has an entry for: one per 64 tokens
/// (about three sentences of prose) costs a sixteenth of a byte per token, where a
/// sentence index on every token cost four.
const SENTENCE_BLOCK: usize = 64;

impl Segmented {
    /// The index in [`Segmented::sentences`] of the sentence of token `token`.
    pub fn sentence_of(&self, token: usize) -> usize {
        let mut sentence = self.block_sentences[token / SENTENCE_BLOCK] as usize;
        while self.sentences[sentence].tokens().end <= token {
            sentence += 1;
        }
        sentence
    }
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
            segmented.tokens.extend(tokens::tokens(
                text,
                range.clone(),
                &mut segmented.vocabulary,
            ));
            while segmented.block_sentences.len() * SENTENCE_BLOCK < segmented.tokens.len() {
                segmented.block_sentences.push(narrow(sentence));
            }
            segmented.sentences.push(Sentence::new(
                range.clone(),
                sentence_locator.source_range(range),
                paragraph_index,
                first_token..segmented.tokens.len(),
            ));
        }
    }
    segmented.tokens.shrink_to_fit();
    segmented.block_sentences.shrink_to_fit();
    segmented.language = language::majority(
        segmented
            .paragraph_languages
            .iter()
            .zip(&clean.paragraphs)
            .map(|(language, paragraph)| (*language, paragraph.range.len())),
    );
    segmented
}
