//! The document model: what the pipeline knows of a document once analysed
//! ([`AnalysedDocument`], dropped with its batch), what the corpus-level work needs
//! of it ([`DocumentPieces`]), and what a run keeps of it to the end
//! ([`DocumentSummary`]). Every stage after the analysis (statistics, comparison,
//! tables, charts, report) reads these, never the driver ([`crate::pipeline`],
//! [`crate::run`]) that makes them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::clean::CleanText;
use crate::hashing::FastMap;
use crate::ingest::Decoding;
use crate::segment::Segmented;
use crate::stats::VoiceStats;
use crate::stats::sample::VoiceText;
use crate::voices::records::{QuoteRecord, records};
use crate::voices::{Voice, Voices};

/// Everything known about one document after segmentation.
#[derive(Clone, Debug)]
pub struct AnalysedDocument {
    pub path: PathBuf,
    /// Size of the file in bytes.
    pub bytes: usize,
    pub decoding: Decoding,
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
            .filter(|token| token.is_word())
            .count()
    }
}

/// What the `documents` table and the report need of a document: kept for the whole
/// run, while the rows of a document are written and dropped batch by batch.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct DocumentSummary {
    pub path: PathBuf,
    pub title: String,
    pub metadata: BTreeMap<String, String>,
    #[serde(deserialize_with = "crate::labels::optional_label")]
    pub language: Option<crate::labels::Label>,
    pub decoding: Decoding,
    pub bytes: usize,
    pub paragraphs: usize,
    pub sentences: usize,
    pub tokens: usize,
    pub words: usize,
    #[serde(deserialize_with = "crate::labels::label_counts")]
    pub repairs: BTreeMap<crate::labels::Label, usize>,
    pub warnings: Vec<String>,
    /// Every voice of the document, the author first, then by words.
    pub voices: Vec<VoiceSummary>,
    /// Quotations of speech, and mentions.
    pub speech: usize,
    pub mentions: usize,
    /// Its first quotations, with their speakers and evidence (the first rows of
    /// `quotes`), as many as the report lists at most
    /// ([`crate::report::MAX_QUOTATIONS`]; [`crate::report::keep_what_is_shown`]
    /// keeps the first documents' over a corpus). A long book has tens of
    /// thousands, and a summary is copied by the sinks that keep it.
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
            decoding: self.decoding,
            bytes: self.bytes,
            paragraphs: self.clean.paragraphs.len(),
            sentences: self.segmented.sentences.len(),
            tokens: self.segmented.tokens.len(),
            words: self.words(),
            repairs: self.clean.repairs.clone(),
            warnings: self.warnings.clone(),
            voices: self.voice_summaries(),
            speech: self.voices.quotes.iter().filter(|q| q.is_speech()).count(),
            mentions: (self.voices.quotes.iter())
                .filter(|q| q.kind == crate::voices::QuoteKind::Mention)
                .count(),
            quotes: records(&self.voices, &self.clean.text.text, &self.clean.text.map)
                .take(crate::report::MAX_QUOTATIONS)
                .collect(),
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

    /// Words and quotations per voice: the author first, then the voices with the
    /// most words.
    pub fn voice_summaries(&self) -> Vec<VoiceSummary> {
        let voices = &self.voices;
        // Words per voice's slot first, then per name: a lookup by name per word was
        // most of the cost.
        let mut said = vec![0usize; voices.slots()];
        let all = 0..self.segmented.tokens.len();
        for (token, voice) in self.segmented.tokens.iter().zip(voices.token_voices(all)) {
            if let Some(slot) = voice.slot().filter(|_| token.is_word()) {
                said[slot] += 1;
            }
        }
        let mut summaries: BTreeMap<&str, VoiceSummary> = BTreeMap::new();
        for (slot, &words) in said.iter().enumerate().filter(|(_, words)| **words > 0) {
            let name = voices
                .name(Voice::of_slot(slot))
                .expect("a slot is a voice's");
            summaries
                .entry(name)
                .or_insert_with(|| VoiceSummary {
                    name: name.to_string(),
                    quotations: 0,
                    words: 0,
                })
                .words += words;
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

/// What the corpus-level work of a run needs of one document: the statistics over
/// the corpus, the comparison, the voice maps and the report are made from these
/// alone. A run makes them batch by batch beside the document's analysis (in
/// parallel) and hands them to its sinks; `voices analyse` writes them to a
/// dataset's `pieces` table instead, and `voices report --from` reads them back and
/// hands them to the same sinks, so a sharded run and a single one share one path.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DocumentPieces {
    pub doc_id: usize,
    pub summary: DocumentSummary,
    pub words: DocumentWords,
    /// Its voices' words and sentences, for the statistics over the corpus (empty
    /// when the run computes no statistics).
    pub voice_texts: Vec<VoiceText>,
    /// Its voices' statistics: its rows of `voice_stats` (empty unless the run has
    /// rows per document).
    pub voice_stats: Vec<VoiceStats>,
}

/// A document's words, each with its form and its voice: what the comparison counts
/// and the voice map draws.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DocumentWords {
    /// The document's vocabulary: a form id is a position here.
    pub forms: Vec<String>,
    /// The voices that say a word, in order of their first word.
    pub voices: Vec<String>,
    /// Each word's form id, in text order, when the pieces keep the order
    /// ([`WordsKept::InOrder`]); else empty, and `counts` holds the words.
    pub form: Vec<u32>,
    /// How many times each voice says each form, by voice then form, when the
    /// order is not kept ([`WordsKept::Counts`]): even a long book's narrator
    /// says some tens of thousands of forms, where a form id per word is four bytes
    /// a word (72 MB for a 101 MB file).
    #[serde(default)]
    pub counts: Vec<VoiceFormCount>,
    /// The words' voices, as stretches of consecutive words of one voice, in or out
    /// of a mention: a book has a few per quotation, where a voice and a flag per
    /// word cost five bytes a word (80 MB for a 100 MB book).
    pub stretches: Vec<WordStretch>,
}

/// Consecutive words of one voice, all in or all out of a mention: from its `start`
/// to the next stretch's (or the last word).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordStretch {
    /// Its first word.
    pub start: u32,
    /// Its voice: an index into [`DocumentWords::voices`], or
    /// [`DocumentWords::NOBODY`].
    pub voice: u32,
    /// Whether its words are inside a mention (scare quotes, titles, echoes).
    pub mention: bool,
}

/// How many times a voice says a form in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VoiceFormCount {
    /// An index into [`DocumentWords::voices`], or [`DocumentWords::NOBODY`].
    pub voice: u32,
    /// A form id of the document.
    pub form: u32,
    pub count: u32,
}

/// How a document's pieces keep its words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WordsKept {
    /// How many times each voice says each form: all that the comparison's word
    /// profiles count.
    #[default]
    Counts,
    /// Each word's form in text order: Zeta, `--sample` and character n-grams
    /// need it, and a dataset keeps it for whatever comparison is asked of it
    /// later.
    InOrder,
    /// Nothing per word, only the vocabulary: `voices stats` counts no unit and
    /// draws no map, and maps its voices' words to the corpus's with it.
    Vocabulary,
}

/// Which pieces of a document a run needs beyond its summary and its words.
#[derive(Clone, Copy, Debug, Default)]
pub struct PieceSettings {
    /// How its words are kept.
    pub words: WordsKept,
    /// Its voices' words and sentences, for the statistics over the corpus.
    pub voice_texts: bool,
    /// Its voices' statistics, with intervals from this many resamples (needs
    /// `voice_texts`).
    pub voice_stats: Option<usize>,
}

impl PieceSettings {
    /// Every piece (what a report needs), its words kept as `words`, intervals
    /// from `resamples` resamples.
    pub fn all(words: WordsKept, resamples: usize) -> Self {
        PieceSettings {
            words,
            voice_texts: true,
            voice_stats: Some(resamples),
        }
    }
}

impl DocumentPieces {
    /// The pieces of `document`, the `doc_id`-th of the run (computed on the current
    /// rayon pool).
    pub fn of(document: &AnalysedDocument, doc_id: usize, settings: PieceSettings) -> Self {
        let (voice_texts, voice_stats) = match settings.voice_texts {
            true => crate::stats::document_voices(
                document,
                doc_id,
                settings.voice_stats.unwrap_or(0),
                settings.voice_stats.is_some(),
            ),
            false => (Vec::new(), Vec::new()),
        };
        DocumentPieces {
            doc_id,
            summary: document.summary(),
            words: DocumentWords::of(document, settings.words),
            voice_texts,
            voice_stats,
        }
    }

    /// Gives the document the id `doc_id` (a dataset's documents numbered again
    /// when some of its inputs could not be analysed).
    pub fn renumber(&mut self, doc_id: usize) {
        self.doc_id = doc_id;
        for row in &mut self.voice_stats {
            row.doc_id = Some(doc_id);
        }
    }
}

impl DocumentWords {
    /// The voice of a word that is nobody's (an epigraph's attribution line).
    pub const NOBODY: u32 = u32::MAX;

    pub fn of(document: &AnalysedDocument, kept: WordsKept) -> Self {
        let voices = &document.voices;
        let vocabulary = &document.segmented.vocabulary;
        let mut words = DocumentWords {
            forms: (0..vocabulary.len())
                .map(|id| vocabulary.form(crate::offsets::narrow(id)).to_string())
                .collect(),
            ..DocumentWords::default()
        };
        if kept == WordsKept::Vocabulary {
            return words;
        }
        let tokens = &document.segmented.tokens;
        if kept == WordsKept::InOrder {
            // Reserved exactly: a long book has millions of words, and a vector
            // grown by doubling would hold up to twice that until the batch is done.
            let count = tokens.iter().filter(|token| token.is_word()).count();
            words.form.reserve_exact(count);
        }
        let mut counts: FastMap<(u32, u32), u32> = FastMap::default();
        let mut length = 0;
        let mut index: FastMap<&str, u32> = FastMap::default();
        // Each voice's index, found at its first word (see `Voice::slot`).
        let mut indices = vec![None; voices.slots()];
        let all = voices.token_voices_and_mentions(0..tokens.len());
        for (token, (voice, mention)) in tokens.iter().zip(all) {
            if !token.is_word() {
                continue;
            }
            let voice = match (voice.slot(), voices.name(voice)) {
                (Some(slot), Some(name)) => *indices[slot].get_or_insert_with(|| {
                    *index.entry(name).or_insert_with(|| {
                        words.voices.push(name.to_string());
                        crate::offsets::narrow(words.voices.len() - 1)
                    })
                }),
                _ => Self::NOBODY,
            };
            let continues = (words.stretches.last())
                .is_some_and(|last| last.voice == voice && last.mention == mention);
            if !continues {
                words.stretches.push(WordStretch {
                    start: crate::offsets::narrow(length),
                    voice,
                    mention,
                });
            }
            length += 1;
            match kept {
                WordsKept::InOrder => words.form.push(token.form()),
                WordsKept::Counts => *counts.entry((voice, token.form())).or_default() += 1,
                WordsKept::Vocabulary => {}
            }
        }
        words.stretches.shrink_to_fit();
        words.counts = counts
            .into_iter()
            .map(|((voice, form), count)| VoiceFormCount { voice, form, count })
            .collect();
        words.counts.sort_unstable();
        words
    }

    /// How many words.
    pub fn len(&self) -> usize {
        let counted = self.counts.iter().map(|said| said.count as usize);
        self.form.len() + counted.sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What each voice says, as (voice, form, times): every word in text order
    /// (once each) when the order is kept, else each voice's forms with their
    /// counts. The voice is an index into `voices`, or [`DocumentWords::NOBODY`].
    pub fn said(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        let in_order = (self.stretches())
            .filter(|_| !self.form.is_empty())
            .flat_map(move |(range, stretch)| {
                (self.form[range].iter()).map(move |&form| (stretch.voice, form, 1))
            });
        let counted = (self.counts.iter()).map(|said| (said.voice, said.form, said.count));
        in_order.chain(counted)
    }

    /// Each stretch of words of one voice with its words' positions, in order.
    pub fn stretches(&self) -> impl Iterator<Item = (std::ops::Range<usize>, WordStretch)> + '_ {
        let ends = (self
            .stretches
            .iter()
            .skip(1)
            .map(|next| next.start as usize))
        .chain(std::iter::once(self.len()));
        (self.stretches.iter().zip(ends))
            .map(|(stretch, end)| (stretch.start as usize..end, *stretch))
    }

    /// The name of voice `voice` (an index into `voices`), None when it is nobody's.
    pub fn voice_name(&self, voice: u32) -> Option<&str> {
        match voice {
            Self::NOBODY => None,
            voice => Some(&self.voices[voice as usize]),
        }
    }
}
