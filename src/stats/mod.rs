//! Statistics per voice: size, lexical diversity, readability and rhetoric for every
//! voice of every document and for every voice over the corpus, each measure with a
//! 95% interval and null (with a warning) where the voice is too small for it.
//!
//! The steps: [`sample`] cuts each voice's words into its sentences and counts what
//! the measures add up; [`measures`] lists the measures and computes them from those
//! counts ([`lexical`], [`readability`] and [`syllables`] hold the formulas, checked
//! against lexicalrichness and textstat; [`rhetoric`] the word lists);
//! [`passes`] reads a voice forward and backward, its jackknife replicates beside
//! it; [`intervals`] resamples blocks of sentences for the intervals. [`StatsRun`] drives
//! them over a run, batch by batch, keeping each voice over the corpus on disk
//! ([`corpus`]) until the end: every measure reads a voice's sentences in one pass
//! (two for MTLD), so memory holds counts, never a voice's words. Nothing here calls Polars: the tables
//! stage turns the rows into frames.

pub mod corpus;
pub mod intervals;
pub mod lexical;
pub mod measures;
pub mod passes;
pub mod print;
pub mod readability;
pub mod rhetoric;
pub mod sample;
pub mod syllables;

use std::path::Path;

use rayon::prelude::*;

use crate::document::{AnalysedDocument, DocumentPieces};
use crate::segment::Vocabulary;
use corpus::CorpusTexts;
use lexical::{Counter, Counters};
use measures::{MEASURES, size_warnings};
use sample::{Grouping, Sentences, VoiceText, voice_texts};

/// The statistics of one voice, in one document (`doc_id`) or over the corpus
/// (`doc_id` None): a row of `voice_stats`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct VoiceStats {
    pub doc_id: Option<usize>,
    pub voice: String,
    /// In [`MEASURES`] order.
    pub values: Vec<Option<f64>>,
    /// The 95% interval of each measure, in [`MEASURES`] order.
    pub intervals: Vec<Option<(f64, f64)>>,
    pub warnings: Vec<String>,
}

impl VoiceStats {
    /// The value of the measure called `name`.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.values[measures::position(name)?]
    }

    /// The interval of the measure called `name`.
    pub fn interval(&self, name: &str) -> Option<(f64, f64)> {
        self.intervals[measures::position(name)?]
    }

    /// The voice's words.
    pub fn words(&self) -> u32 {
        self.get("words").unwrap_or(0.0) as u32
    }
}

/// The rows over the corpus (`doc_id` null), the author first, then the voices
/// that say most: the order every listing of voices uses.
pub fn corpus_rows(rows: &[VoiceStats]) -> Vec<&VoiceStats> {
    let mut corpus: Vec<&VoiceStats> = rows.iter().filter(|row| row.doc_id.is_none()).collect();
    corpus.sort_by_key(|row| {
        (
            row.voice != crate::voices::AUTHOR,
            std::cmp::Reverse(row.words()),
        )
    });
    corpus
}

/// How often each word occurs in a unit (a voice over the corpus, or a document): a
/// group of rows of the `features` table.
#[derive(Clone, Debug, PartialEq)]
pub struct Features {
    /// `voice` or `document`.
    pub unit_kind: &'static str,
    /// The voice's name or the document's title.
    pub unit: String,
    pub doc_id: Option<usize>,
    /// Normalized forms and their counts, the most frequent first (ties in
    /// alphabetical order).
    pub counts: Vec<(String, u32)>,
    /// All the unit's words.
    pub words: u32,
}

/// The word counts of a unit whose forms (ids of `vocabulary`) occur `counts`
/// times.
fn features(
    unit_kind: &'static str,
    unit: &str,
    doc_id: Option<usize>,
    counts: Vec<(u32, u32)>,
    vocabulary: &Vocabulary,
) -> Features {
    let words = crate::offsets::narrow(counts.iter().map(|&(_, count)| count as usize).sum());
    let mut counts: Vec<(String, u32)> = counts
        .into_iter()
        .map(|(form, count)| (vocabulary.form(form).to_string(), count))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Features {
        unit_kind,
        unit: unit.to_string(),
        doc_id,
        counts,
        words,
    }
}

/// How often each form occurs in `source` (counted with `counter`).
fn form_counts<S: Sentences>(
    source: &S,
    counter: &mut Counter,
) -> Result<Vec<(u32, u32)>, S::Error> {
    source.for_each_part(false, &mut |part| {
        for &word in &part.words {
            counter.add(word);
        }
    })?;
    Ok(counter.take_counts())
}

/// The measures of one voice, with intervals from `replicates` resamples and the
/// warnings its size calls for.
pub fn voice_stats<S: Sentences>(
    source: &S,
    counters: &Counters,
    doc_id: Option<usize>,
    replicates: usize,
) -> Result<VoiceStats, S::Error> {
    let words = source.words();
    let sentences = source.sentences();
    let blocks = match intervals::has_intervals(sentences, replicates) {
        true => intervals::blocks(sentences),
        false => Vec::new(),
    };
    let measured = counters.with(|counter| passes::measure_voice(source, &blocks, counter))?;
    let mut warnings = size_warnings(
        crate::offsets::narrow(words),
        crate::offsets::narrow(sentences),
    );
    if replicates > 0 && !intervals::has_intervals(sentences, replicates) {
        warnings.push(format!(
            "{}: too few for intervals (needs {})",
            measures::plural(crate::offsets::narrow(sentences), "sentence"),
            intervals::MIN_SENTENCES
        ));
    }
    let seed = intervals::seed(source.name(), words, doc_id.is_some());
    Ok(VoiceStats {
        doc_id,
        voice: source.name().to_string(),
        intervals: intervals::intervals(
            source,
            &measured.whole,
            &measured.replicates,
            replicates,
            seed,
        )?,
        values: measured.whole,
        warnings,
    })
}

/// The voices of `document`, the `doc_id`-th of the run, and their statistics with
/// intervals from `replicates` resamples when `per_document` (computed on the
/// current rayon pool): its pieces for the statistics.
pub fn document_voices(
    document: &AnalysedDocument,
    doc_id: usize,
    replicates: usize,
    per_document: bool,
) -> (Vec<VoiceText>, Vec<VoiceStats>) {
    let texts = voice_texts(document, Grouping::Voices);
    let counters = Counters::new(document.segmented.vocabulary.len());
    let rows = match per_document {
        true => texts
            .par_iter()
            .map(|text| {
                let Ok(row) = voice_stats(text, &counters, Some(doc_id), replicates);
                row
            })
            .collect(),
        false => Vec::new(),
    };
    (texts, rows)
}

/// The statistics of a run, gathered batch by batch: each document's voices as the
/// batch comes, the voices over the corpus at the end.
pub struct StatsRun {
    replicates: usize,
    /// Whether each document's voices get rows, not only the corpus's.
    per_document: bool,
    corpus: CorpusTexts,
    /// One row per voice of each document, in document order.
    pub document_rows: Vec<VoiceStats>,
}

impl StatsRun {
    /// `replicates`: bootstrap resamples per voice (0 for no intervals);
    /// `per_document`: rows for each document's voices too; `spill_directory`:
    /// where the voices over the corpus wait for the end of the run.
    pub fn new(
        replicates: usize,
        per_document: bool,
        spill_directory: &Path,
    ) -> std::io::Result<Self> {
        Ok(StatsRun {
            replicates,
            per_document,
            corpus: CorpusTexts::create(spill_directory)?,
            document_rows: Vec::new(),
        })
    }

    /// Keeps the words of the voices of the documents whose pieces are `pieces`
    /// for the corpus, and their rows.
    pub fn add(&mut self, pieces: &[DocumentPieces]) -> std::io::Result<()> {
        for document in pieces {
            self.corpus
                .add(&document.words.forms, &document.voice_texts)?;
            if self.per_document {
                self.document_rows
                    .extend(document.voice_stats.iter().cloned());
            }
        }
        Ok(())
    }

    /// Every row of `voice_stats` (each document's voices, then the corpus's), and
    /// the word counts of each voice over the corpus.
    pub fn finish(self) -> std::io::Result<(Vec<VoiceStats>, Vec<Features>)> {
        let corpus = &self.corpus;
        let counters = Counters::new(corpus.vocabulary.len());
        let replicates = self.replicates;
        let measured: Vec<(VoiceStats, Features)> = corpus
            .voices
            .par_iter()
            .map(|voice| {
                let source = corpus.sentences(voice);
                let row = voice_stats(&source, &counters, None, replicates)?;
                let counts = counters.with(|counter| form_counts(&source, counter))?;
                let features = features("voice", &voice.voice, None, counts, &corpus.vocabulary);
                Ok((row, features))
            })
            .collect::<std::io::Result<_>>()?;
        let (corpus_rows, voice_features): (Vec<VoiceStats>, Vec<Features>) =
            measured.into_iter().unzip();
        let mut rows = self.document_rows;
        rows.extend(corpus_rows);
        Ok((rows, voice_features))
    }
}

/// The word counts of each of `documents`, whose first has the id `first_doc_id`:
/// their rows of the `features` table. (In the thread that writes the table, beside
/// the others: on the pool it waited for the analysis of the next batch.)
pub fn document_features(documents: &[AnalysedDocument], first_doc_id: usize) -> Vec<Features> {
    documents
        .iter()
        .enumerate()
        .map(|(index, document)| {
            let vocabulary = &document.segmented.vocabulary;
            let mut dense = vec![0u32; vocabulary.len()];
            let words = document.segmented.tokens.iter();
            for token in words.filter(|token| token.is_word()) {
                dense[token.form() as usize] += 1;
            }
            let counts = (0..).zip(dense).filter(|&(_, count)| count > 0).collect();
            let id = Some(first_doc_id + index);
            features("document", &document.title, id, counts, vocabulary)
        })
        .collect()
}

/// The names of the `voice_stats` columns after `doc_id` and `voice`: every measure,
/// followed by `<measure>_lo` and `<measure>_hi` where it has an interval, then
/// `warnings`.
pub fn column_names() -> Vec<String> {
    let mut names = Vec::new();
    for measure in MEASURES {
        names.push(measure.name.to_string());
        if measure.has_interval() {
            names.push(format!("{}_lo", measure.name));
            names.push(format!("{}_hi", measure.name));
        }
    }
    names.push("warnings".to_string());
    names
}
