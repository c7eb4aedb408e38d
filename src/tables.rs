//! Tables: the one module that talks to Polars.
//!
//! Builds the `documents`, `paragraphs`, `sentences` and `tokens` DataFrames of the
//! contract (`../shared/DESIGN.md`) from the analysed documents, and reads and writes
//! Parquet (zstd). Polars' Rust API changes with every minor version, so nothing
//! outside this module names a Polars type except through [`DataFrame`].
//!
//! Offsets (`start`, `end`) are byte offsets into the original file, half-open. Ids
//! are numbered from 0: `doc_id` in input order, `para_id`, `sent_id` and `token_id`
//! within their document. The `voice` and `quote_id` columns of the contract are
//! added by the voice stage.

use std::path::{Path, PathBuf};

use polars::polars_utils::compression::ZstdLevel;
use polars::prelude::*;
use polars_io::SerReader;
use polars_io::parquet::read::ParquetReader;
use polars_io::parquet::write::{ParquetCompression, ParquetWriter};

pub use polars::prelude::DataFrame;

use crate::pipeline::AnalysedDocument;

/// Labels of the cleaner's repairs and the `documents` columns that count them.
pub const REPAIR_COLUMNS: &[(&str, &str)] = &[
    ("running head", "running_heads_removed"),
    ("page number", "page_numbers_removed"),
    ("ligature", "ligatures_repaired"),
    ("line-end hyphen joined", "hyphens_joined"),
    ("line-end hyphen kept", "hyphens_kept"),
    ("page break bridged", "page_breaks_bridged"),
];

/// Why a table could not be built or written.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("building tables: {0}")]
    Polars(#[from] PolarsError),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", .path.display())]
    Parquet { path: PathBuf, source: PolarsError },
}

/// The tables of a run, in the order they are written.
pub struct Tables {
    pub documents: DataFrame,
    pub paragraphs: DataFrame,
    pub sentences: DataFrame,
    pub tokens: DataFrame,
}

impl Tables {
    pub fn build(
        documents: &[AnalysedDocument],
        metadata_columns: &[String],
    ) -> Result<Self, TableError> {
        Ok(Tables {
            documents: documents_frame(documents, metadata_columns)?,
            paragraphs: paragraphs_frame(documents)?,
            sentences: sentences_frame(documents)?,
            tokens: tokens_frame(documents)?,
        })
    }

    /// Writes every table to `directory/<name>.parquet`, the tables side by side in
    /// threads of their own (not rayon's: Polars runs its own pool).
    pub fn write_all(&mut self, directory: &Path) -> Result<(), TableError> {
        std::thread::scope(|scope| {
            let writers: Vec<_> = self
                .named()
                .into_iter()
                .map(|(name, frame)| {
                    let path = directory.join(format!("{name}.parquet"));
                    scope.spawn(move || write_parquet(frame, &path))
                })
                .collect();
            writers
                .into_iter()
                .try_for_each(|writer| writer.join().expect("a Parquet writer panicked"))
        })
    }

    /// Each table with its file name stem.
    pub fn named(&mut self) -> [(&'static str, &mut DataFrame); 4] {
        [
            ("documents", &mut self.documents),
            ("paragraphs", &mut self.paragraphs),
            ("sentences", &mut self.sentences),
            ("tokens", &mut self.tokens),
        ]
    }
}

/// Byte offsets are stored as u32: files are at most 4 GiB (ingest refuses larger).
fn offset(position: usize) -> u32 {
    u32::try_from(position).expect("files are under 4 GiB, so offsets fit")
}

fn ids(length: usize) -> impl Iterator<Item = u32> {
    (0..length).map(|id| u32::try_from(id).expect("files are under 4 GiB, so ids fit"))
}

fn documents_frame(
    documents: &[AnalysedDocument],
    metadata_columns: &[String],
) -> PolarsResult<DataFrame> {
    let text = |f: fn(&AnalysedDocument) -> String| documents.iter().map(f).collect::<Vec<_>>();
    let count = |f: &dyn Fn(&AnalysedDocument) -> usize| {
        documents.iter().map(|d| f(d) as u64).collect::<Vec<u64>>()
    };
    let mut columns = vec![
        Column::new("doc_id".into(), ids(documents.len()).collect::<Vec<_>>()),
        Column::new("path".into(), text(|d| d.path.display().to_string())),
        Column::new("title".into(), text(|d| d.title.clone())),
        Column::new(
            "author".into(),
            documents
                .iter()
                .map(|d| d.metadata.get("author").map(String::as_str))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "language".into(),
            documents
                .iter()
                .map(|d| d.segmented.language)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "encoding".into(),
            documents
                .iter()
                .map(|d| d.encoding.name())
                .collect::<Vec<_>>(),
        ),
        Column::new("bytes".into(), count(&|d| d.bytes)),
        Column::new("paragraphs".into(), count(&|d| d.clean.paragraphs.len())),
        Column::new("sentences".into(), count(&|d| d.segmented.sentences.len())),
        Column::new("tokens".into(), count(&|d| d.segmented.tokens.len())),
        Column::new("words".into(), count(&|d| d.words())),
    ];
    for (label, name) in REPAIR_COLUMNS {
        columns.push(Column::new((*name).into(), count(&|d| d.repairs(label))));
    }
    columns.push(Column::new(
        "warnings".into(),
        text(|d| d.warnings.join("; ")),
    ));
    for name in metadata_columns {
        if name == "title" || name == "author" {
            continue;
        }
        let values: Vec<Option<&str>> = documents
            .iter()
            .map(|d| d.metadata.get(name).map(String::as_str))
            .collect();
        columns.push(Column::new(name.as_str().into(), values));
    }
    DataFrame::new(documents.len(), columns)
}

fn paragraphs_frame(documents: &[AnalysedDocument]) -> PolarsResult<DataFrame> {
    let height: usize = documents.iter().map(|d| d.clean.paragraphs.len()).sum();
    let mut doc_id = Vec::with_capacity(height);
    let mut para_id = Vec::with_capacity(height);
    let mut start = Vec::with_capacity(height);
    let mut end = Vec::with_capacity(height);
    let mut kind = Vec::with_capacity(height);
    let mut language = Vec::with_capacity(height);
    let mut confidence = Vec::with_capacity(height);
    let mut text = Vec::with_capacity(height);
    for (document, id) in documents.iter().zip(ids(documents.len())) {
        let clean = &document.clean.text;
        for (((paragraph, detected), source), index) in document
            .clean
            .paragraphs
            .iter()
            .zip(&document.segmented.paragraph_languages)
            .zip(&document.segmented.paragraph_sources)
            .zip(ids(document.clean.paragraphs.len()))
        {
            doc_id.push(id);
            para_id.push(index);
            start.push(offset(source.start));
            end.push(offset(source.end));
            kind.push(paragraph.kind.name());
            language.push(detected.code);
            confidence.push(detected.confidence);
            text.push(&clean.text[paragraph.range.clone()]);
        }
    }
    DataFrame::new(
        height,
        vec![
            Column::new("doc_id".into(), doc_id),
            Column::new("para_id".into(), para_id),
            Column::new("start".into(), start),
            Column::new("end".into(), end),
            Column::new("kind".into(), kind),
            Column::new("language".into(), language),
            Column::new("language_confidence".into(), confidence),
            Column::new("text".into(), text),
        ],
    )
}

fn sentences_frame(documents: &[AnalysedDocument]) -> PolarsResult<DataFrame> {
    let height: usize = documents.iter().map(|d| d.segmented.sentences.len()).sum();
    let mut doc_id = Vec::with_capacity(height);
    let mut sent_id = Vec::with_capacity(height);
    let mut para_id = Vec::with_capacity(height);
    let mut start = Vec::with_capacity(height);
    let mut end = Vec::with_capacity(height);
    let mut text = Vec::with_capacity(height);
    for (document, id) in documents.iter().zip(ids(documents.len())) {
        let clean = &document.clean.text;
        let sentences = &document.segmented.sentences;
        for (sentence, index) in sentences.iter().zip(ids(sentences.len())) {
            let source = &sentence.source;
            doc_id.push(id);
            sent_id.push(index);
            para_id.push(sentence.paragraph as u32);
            start.push(offset(source.start));
            end.push(offset(source.end));
            text.push(&clean.text[sentence.range.clone()]);
        }
    }
    DataFrame::new(
        height,
        vec![
            Column::new("doc_id".into(), doc_id),
            Column::new("sent_id".into(), sent_id),
            Column::new("para_id".into(), para_id),
            Column::new("start".into(), start),
            Column::new("end".into(), end),
            Column::new("text".into(), text),
        ],
    )
}

fn tokens_frame(documents: &[AnalysedDocument]) -> PolarsResult<DataFrame> {
    let height: usize = documents.iter().map(|d| d.segmented.tokens.len()).sum();
    let mut doc_id = Vec::with_capacity(height);
    let mut token_id = Vec::with_capacity(height);
    let mut sent_id = Vec::with_capacity(height);
    let mut para_id = Vec::with_capacity(height);
    let mut start = Vec::with_capacity(height);
    let mut end = Vec::with_capacity(height);
    let mut text = Vec::with_capacity(height);
    let mut norm = Vec::with_capacity(height);
    let mut is_word = Vec::with_capacity(height);
    let mut verbatim = Vec::with_capacity(height);
    for (document, id) in documents.iter().zip(ids(documents.len())) {
        let clean = &document.clean.text;
        let tokens = &document.segmented.tokens;
        let sentences = &document.segmented.sentences;
        for (entry, index) in tokens.iter().zip(ids(tokens.len())) {
            let token = &entry.token;
            let source = &token.source;
            let token_text = &clean.text[token.range.clone()];
            doc_id.push(id);
            token_id.push(index);
            sent_id.push(entry.sentence as u32);
            para_id.push(sentences[entry.sentence].paragraph as u32);
            start.push(offset(source.start));
            end.push(offset(source.end));
            text.push(token_text);
            norm.push(token.norm.as_deref().unwrap_or(token_text));
            is_word.push(token.is_word);
            verbatim.push(token.verbatim);
        }
    }
    DataFrame::new(
        height,
        vec![
            Column::new("doc_id".into(), doc_id),
            Column::new("token_id".into(), token_id),
            Column::new("sent_id".into(), sent_id),
            Column::new("para_id".into(), para_id),
            Column::new("start".into(), start),
            Column::new("end".into(), end),
            Column::new("text".into(), text),
            Column::new("norm".into(), norm),
            Column::new("is_word".into(), is_word),
            Column::new("verbatim".into(), verbatim),
        ],
    )
}

/// Writes `frame` to `path` as Parquet (zstd), whole or not at all
/// ([`crate::output`]).
pub fn write_parquet(frame: &mut DataFrame, path: &Path) -> Result<(), TableError> {
    let io_error = |source| TableError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut temporary = crate::output::temporary_beside(path).map_err(io_error)?;
    ParquetWriter::new(temporary.as_file_mut())
        .with_compression(ParquetCompression::Zstd(Some(zstd_level())))
        .finish(frame)
        .map_err(|source| TableError::Parquet {
            path: path.to_path_buf(),
            source,
        })?;
    temporary
        .persist(path)
        .map_err(|error| io_error(error.error))?;
    Ok(())
}

/// zstd level 1: about a quarter faster to write than Polars' default (3) on the
/// tokens table, for files 2% larger.
fn zstd_level() -> ZstdLevel {
    ZstdLevel::try_new(1).expect("1 is a valid zstd level")
}

/// Reads a Parquet file written by [`write_parquet`].
pub fn read_parquet(path: &Path) -> Result<DataFrame, TableError> {
    let file = std::fs::File::open(path).map_err(|source| TableError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    ParquetReader::new(file)
        .finish()
        .map_err(|source| TableError::Parquet {
            path: path.to_path_buf(),
            source,
        })
}
