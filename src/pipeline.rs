//! The per-document pipeline (ingest, clean, segment) and its parallel driver.
//!
//! Each document is a pure function of its bytes, so documents run in parallel with
//! rayon and the results come back in input order: the output is the same whatever
//! the number of threads. Polars is not called here (its own thread pool must not
//! nest inside rayon's); the tables stage builds the frames afterwards.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::clean::{self, ParagraphKind};
use crate::document::{AnalysedDocument, DocumentPieces, DocumentWords, PieceSettings, WordsKept};
use crate::ingest::{self, IngestError, Metadata};
use crate::segment;
use crate::voices::corrections::Corrections;
use crate::voices::{self, SpeakerMap};

/// What a run gives every document besides its bytes.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    pub metadata: &'a Metadata,
    pub speakers: &'a SpeakerMap,
    pub corrections: &'a Corrections,
}

/// Cleans, segments and finds the voices of an already decoded document.
pub fn analyse(
    document: ingest::Document,
    metadata: BTreeMap<String, String>,
    speakers: &SpeakerMap,
) -> AnalysedDocument {
    let ingest::Document {
        path,
        bytes,
        decoding,
        text,
        mut warnings,
    } = document;
    let mut clean = clean::clean(&text);
    // The decoded file is as large as the text, and the cleaned text and its map
    // say all that the later stages need of it.
    drop(text);
    let segmented = segment::segment(&clean);
    let voices = voices::find(&clean, &segmented, speakers);
    for &paragraph in &voices.block_paragraphs {
        clean.paragraphs[paragraph].kind = ParagraphKind::Block;
    }
    let heading = clean
        .paragraphs
        .iter()
        .find(|paragraph| paragraph.kind == ParagraphKind::Heading)
        .map(|paragraph| clean.text.text[paragraph.range.clone()].to_string());
    let file_stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = metadata
        .get("title")
        .cloned()
        .or(heading)
        .unwrap_or(file_stem);
    if clean.paragraphs.is_empty() {
        warnings
            .push("no text left after cleaning (only running heads or page numbers)".to_string());
    }
    AnalysedDocument {
        path,
        bytes,
        decoding,
        warnings,
        clean,
        segmented,
        voices,
        metadata,
        title,
    }
}

/// Reads and analyses one file, and applies the scholar's corrections to its
/// quotations.
pub fn analyse_file(path: &Path, settings: Settings) -> Result<AnalysedDocument, IngestError> {
    let document = ingest::read(path)?;
    let metadata = settings.metadata.lookup(path).unwrap_or_default();
    let mut analysed = analyse(document, metadata, settings.speakers);
    let clean = &analysed.clean.text;
    settings
        .corrections
        .apply(path, &mut analysed.voices, &clean.map, settings.speakers)
        .map_err(|error| IngestError::Correction {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
    Ok(analysed)
}

/// Everything the per-document work does with a file's bytes, for the fuzz target
/// (`fuzz/`) and its regression tests: decode, clean, segment, find the voices, then
/// the summary, the reading view, the quotation rows and the pieces with their
/// statistics (with a few
/// resamples, so that the intervals run too). Returns the quotations found; bytes
/// that are not a text are an error, as for a file.
pub fn exercise(bytes: &[u8]) -> Result<usize, IngestError> {
    let document = ingest::decode(Path::new("fuzz.txt"), bytes)?;
    let analysed = analyse(document, BTreeMap::new(), &SpeakerMap::default());
    let _summary = analysed.summary();
    let _page = crate::report::reading::page(&analysed);
    let rows = crate::voices::records::records(
        &analysed.voices,
        &analysed.clean.text.text,
        &analysed.clean.text.map,
    )
    .count();
    let _pieces = DocumentPieces::of(&analysed, 0, PieceSettings::all(WordsKept::Counts, 5));
    let _in_order = DocumentWords::of(&analysed, WordsKept::InOrder);
    Ok(rows)
}

/// The documents of a run and the ones that failed, both in input order.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<AnalysedDocument>,
    /// The position of each document among the files given.
    pub positions: Vec<usize>,
    pub failures: Vec<IngestError>,
}

/// A progress bar over `documents` on stderr when it is a terminal, else hidden.
pub fn progress_bar(documents: usize) -> ProgressBar {
    if std::io::stderr().is_terminal() && documents > 1 {
        ProgressBar::new(documents as u64).with_style(
            ProgressStyle::with_template("{spinner} {pos}/{len} documents {wide_bar} {eta}")
                .expect("the template is valid"),
        )
    } else {
        ProgressBar::hidden()
    }
}

/// Analyses `files` in parallel on the current rayon pool, advancing `progress`.
pub fn analyse_files(files: &[PathBuf], settings: Settings, progress: &ProgressBar) -> Corpus {
    let results: Vec<Result<AnalysedDocument, IngestError>> = files
        .par_iter()
        .progress_with(progress.clone())
        .map(|path| analyse_file(path, settings))
        .collect();
    let mut corpus = Corpus::default();
    for (position, result) in results.into_iter().enumerate() {
        match result {
            Ok(document) => {
                corpus.documents.push(document);
                corpus.positions.push(position);
            }
            Err(error) => corpus.failures.push(error),
        }
    }
    corpus
}

/// Consecutive input files analysed together, and their size in bytes.
#[derive(Clone, Copy, Debug)]
pub struct FileBatch<'a> {
    pub files: &'a [PathBuf],
    pub bytes: u64,
}

/// Splits `files` into consecutive batches of at most `bytes` bytes of input each
/// (a larger file is a batch of its own), so that what a run holds does not grow
/// with the corpus. A batch ends before the file that would take it past `bytes`,
/// not after: a run holds two batches at once, and batches that could end anywhere
/// up to a file past the budget made the height of that pair depend on where the
/// files fell, so a longer corpus met a higher one.
pub fn batches(files: &[PathBuf], bytes: u64) -> Vec<FileBatch<'_>> {
    let mut batches = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (index, path) in files.iter().enumerate() {
        let file = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
        if index > start && size + file > bytes {
            batches.push(FileBatch {
                files: &files[start..index],
                bytes: size,
            });
            start = index;
            size = 0;
        }
        size += file;
    }
    if start < files.len() {
        batches.push(FileBatch {
            files: &files[start..],
            bytes: size,
        });
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_never_passes_its_budget_unless_one_file_does() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = [3, 2, 2, 9, 1, 1, 1, 4]
            .into_iter()
            .enumerate()
            .map(|(index, size)| {
                let path = dir.path().join(format!("{index}.txt"));
                std::fs::write(&path, "x".repeat(size)).unwrap();
                path
            })
            .collect();
        let sizes: Vec<(usize, u64)> = batches(&files, 4)
            .iter()
            .map(|batch| (batch.files.len(), batch.bytes))
            .collect();
        assert_eq!(sizes, [(1, 3), (2, 4), (1, 9), (3, 3), (1, 4)]);
        let all: Vec<&PathBuf> = batches(&files, 4).iter().flat_map(|b| b.files).collect();
        assert_eq!(all, files.iter().collect::<Vec<_>>());
    }
}
