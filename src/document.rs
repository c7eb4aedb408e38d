//! The document model: what the pipeline knows of a document once analysed
//! ([`AnalysedDocument`], dropped with its batch), and what a run keeps of it to the
//! end ([`DocumentSummary`]). Every stage after the analysis (statistics,
//! comparison, tables, charts, report) reads these, never the driver
//! ([`crate::pipeline`], [`crate::run`]) that makes them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::clean::CleanText;
use crate::ingest::Encoding;
use crate::segment::Segmented;
use crate::voices::Voices;
use crate::voices::records::{QuoteRecord, records};

/// Everything known about one document after segmentation.
#[derive(Clone, Debug)]
pub struct AnalysedDocument {
    pub path: PathBuf,
    /// Size of the file in bytes.
    pub bytes: usize,
    pub encoding: Encoding,
    /// Warnings about this document (without its path).
    pub warnings: Vec<String>,
    pub clean: CleanText,
    pub segmented: Segmented,
    pub voices: Voices,
    /// Metadata columns from `--metadata`, if a row matched.
    pub metadata: BTreeMap<String, String>,
    /// From the metadata, else the first heading, else the file name.
    pub title: String,
}

impl AnalysedDocument {
    /// Word tokens in the document.
    pub fn words(&self) -> usize {
        self.segmented
            .tokens
            .iter()
            .filter(|token| token.token.is_word)
            .count()
    }
}

/// What the `documents` table and the report need of a document: kept for the whole
/// run, while the rows of a document are written and dropped batch by batch.
#[derive(Clone, Debug)]
pub struct DocumentSummary {
    pub path: PathBuf,
    pub title: String,
    pub metadata: BTreeMap<String, String>,
    pub language: Option<&'static str>,
    pub encoding: Encoding,
    pub bytes: usize,
    pub paragraphs: usize,
    pub sentences: usize,
    pub tokens: usize,
    pub words: usize,
    pub repairs: BTreeMap<&'static str, usize>,
    pub warnings: Vec<String>,
    /// Every voice of the document, the author first, then by words.
    pub voices: Vec<VoiceSummary>,
    /// Quotations of speech, and mentions.
    pub speech: usize,
    pub mentions: usize,
    /// Every quotation, with its speaker and evidence (the rows of `quotes`), as
    /// long as the report lists them ([`crate::report::keep_quotations`]).
    pub quotes: Vec<QuoteRecord>,
    /// The people who speak or are named most, then the names most used that are
    /// no one's: what the report shows of the people model (the `characters`
    /// table has them all).
    pub characters: Vec<crate::voices::Character>,
}

/// How many people, and how many names set aside, a summary keeps for the report.
const SUMMARY_PEOPLE: usize = 12;
const SUMMARY_SET_ASIDE: usize = 8;

/// A voice of a document: how many quotations it speaks and how many words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoiceSummary {
    pub name: String,
    pub quotations: usize,
    pub words: usize,
}

/// The quotations of each voice over `documents` (a voice is one name across
/// documents).
pub fn quotations_per_voice(documents: &[DocumentSummary]) -> BTreeMap<String, usize> {
    let mut quotations = BTreeMap::new();
    for voice in documents.iter().flat_map(|document| &document.voices) {
        *quotations.entry(voice.name.clone()).or_insert(0) += voice.quotations;
    }
    quotations
}

impl DocumentSummary {
    /// How many repairs of the given label the cleaner made.
    pub fn repairs(&self, label: &str) -> usize {
        self.repairs.get(label).copied().unwrap_or(0)
    }
}

impl AnalysedDocument {
    pub fn summary(&self) -> DocumentSummary {
        DocumentSummary {
            path: self.path.clone(),
            title: self.title.clone(),
            metadata: self.metadata.clone(),
            language: self.segmented.language,
            encoding: self.encoding,
            bytes: self.bytes,
            paragraphs: self.clean.paragraphs.len(),
            sentences: self.segmented.sentences.len(),
            tokens: self.segmented.tokens.len(),
            words: self.words(),
            repairs: self.clean.repairs.clone(),
            warnings: self.warnings.clone(),
            voices: self.voice_summaries(),
            speech: self.voices.quotes.iter().filter(|q| q.is_speech()).count(),
            mentions: self.voices.quotes.iter().filter(|q| !q.is_speech()).count(),
            quotes: records(&self.voices, &self.clean.text.text, &self.clean.text.map),
            characters: self.summary_characters(),
        }
    }
}

impl AnalysedDocument {
    /// The people the report shows: the first [`SUMMARY_PEOPLE`] people and the
    /// first [`SUMMARY_SET_ASIDE`] names that are no one's (the characters are in
    /// that order already).
    fn summary_characters(&self) -> Vec<crate::voices::Character> {
        let characters = &self.voices.characters;
        let people = characters.iter().filter(|c| c.is_person);
        let set_aside = characters.iter().filter(|c| c.not_a_person.is_some());
        people
            .take(SUMMARY_PEOPLE)
            .chain(set_aside.take(SUMMARY_SET_ASIDE))
            .cloned()
            .collect()
    }

    /// Words and quotations per voice.
    fn voice_summaries(&self) -> Vec<VoiceSummary> {
        let voices = &self.voices;
        let mut summaries: BTreeMap<&str, VoiceSummary> = BTreeMap::new();
        for (token, voice) in self.segmented.tokens.iter().zip(&voices.token_voices) {
            if let Some(name) = voices.name(*voice).filter(|_| token.token.is_word) {
                summaries
                    .entry(name)
                    .or_insert_with(|| VoiceSummary {
                        name: name.to_string(),
                        quotations: 0,
                        words: 0,
                    })
                    .words += 1;
            }
        }
        for quote in voices.quotes.iter().filter(|quote| quote.is_speech()) {
            if let Some(summary) = summaries.get_mut(quote.voice()) {
                summary.quotations += 1;
            }
        }
        let mut list: Vec<VoiceSummary> = summaries.into_values().collect();
        list.sort_by_key(|voice| {
            (
                voice.name != crate::voices::AUTHOR,
                std::cmp::Reverse(voice.words),
            )
        });
        list
    }
}
