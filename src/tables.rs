//! Tables: the one module that talks to Polars.
//!
//! Builds the `documents`, `paragraphs`, `sentences`, `tokens`, `quotes`,
//! `voice_stats` and `features` DataFrames of the contract (`../shared/DESIGN.md`)
//! from the analysed documents and their statistics, and reads and writes
//! Parquet (zstd): whole ([`Tables`], [`write_parquet`]) or batch by batch as a run
//! goes ([`TableWriter`]). Polars' Rust API changes with every minor version, so nothing
//! outside this module names a Polars type except through [`DataFrame`].
//!
//! Offsets (`start`, `end`) are byte offsets into the original file, half-open. Ids
//! are numbered from 0: `doc_id` in input order, `para_id`, `sent_id` and `token_id`
//! within their document; `quote_id` too, and `parent_id` and `echo_of` refer to
//! it. `voice` is `author`, a speaker's canonical name or `unattributed`, and null
//! for the attribution line under an epigraph, which is nobody's words.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use polars_arrow::array::{
    Array, BooleanArray, DictionaryArray, MutableBinaryViewArray, PrimitiveArray, Utf8ViewArray,
    View,
};
use polars_arrow::datatypes::IntegerType;
use polars_arrow::record_batch::RecordBatchT;
use polars_io::SerReader;
use polars_io::parquet::read::ParquetReader;
use polars_parquet::write::{
    CompressionOptions, Encoding, FileWriter, ParquetType, SchemaDescriptor, StatisticsOptions,
    Version, WriteOptions, ZstdLevel, get_dtype_encoding, row_group_iter, to_parquet_schema,
};
use polars_parquet_format::thrift;
use polars_parquet_format::thrift::protocol::{
    TCompactInputProtocol, TCompactOutputProtocol, TFieldIdentifier, TListIdentifier,
    TOutputProtocol, TStructIdentifier, TType,
};
use polars_parquet_format::{FileMetaData, RowGroup};
use tempfile::NamedTempFile;

pub use polars::prelude::DataFrame;

use crate::compare::Comparison;
use crate::compare::print::{DistanceRow, setting_distance_rows};
use crate::document::{AnalysedDocument, DocumentPieces, DocumentSummary};
use crate::hashing::FastMap;
use crate::offsets::narrow;
use crate::segment::{Sentence, Token};
use crate::stats::measures::MEASURES;
use crate::stats::{Features, VoiceStats};
use crate::voices::records::{QuoteRecord, records};

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
    #[error("{}: {what}", .path.display())]
    Dataset { path: PathBuf, what: String },
}

/// The tables of a run, in the order they are written.
pub struct Tables {
    pub documents: DataFrame,
    pub paragraphs: DataFrame,
    pub sentences: DataFrame,
    pub tokens: DataFrame,
    pub quotes: DataFrame,
}

impl Tables {
    /// The four tables of `documents`, numbered from 0 (the tables of a run are
    /// written batch by batch with [`TableWriter`]; this builds them whole).
    pub fn build(
        documents: &[AnalysedDocument],
        metadata_columns: &[String],
    ) -> Result<Self, TableError> {
        let summaries: Vec<DocumentSummary> =
            documents.iter().map(AnalysedDocument::summary).collect();
        Ok(Tables {
            documents: documents_frame(&summaries, metadata_columns)?,
            paragraphs: paragraphs_frame(documents, 0)?,
            sentences: sentences_frame(documents, 0)?,
            tokens: tokens_frame(documents, 0)?,
            quotes: quotes_frame(documents, 0)?,
        })
    }

    /// Each table with its file name stem.
    pub fn named(&mut self) -> [(&'static str, &mut DataFrame); 5] {
        [
            ("documents", &mut self.documents),
            ("paragraphs", &mut self.paragraphs),
            ("sentences", &mut self.sentences),
            ("tokens", &mut self.tokens),
            ("quotes", &mut self.quotes),
        ]
    }
}

fn ids(range: std::ops::Range<usize>) -> impl Iterator<Item = u32> {
    range.map(narrow)
}

pub fn documents_frame(
    documents: &[DocumentSummary],
    metadata_columns: &[String],
) -> PolarsResult<DataFrame> {
    let text = |f: fn(&DocumentSummary) -> String| documents.iter().map(f).collect::<Vec<_>>();
    let count = |f: &dyn Fn(&DocumentSummary) -> usize| {
        documents.iter().map(|d| f(d) as u64).collect::<Vec<u64>>()
    };
    let mut columns = vec![
        Column::new("doc_id".into(), ids(0..documents.len()).collect::<Vec<_>>()),
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
            documents.iter().map(|d| d.language).collect::<Vec<_>>(),
        ),
        Column::new(
            "encoding".into(),
            documents
                .iter()
                .map(|d| d.decoding.name())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "encoding_confidence".into(),
            documents
                .iter()
                .map(|d| d.decoding.confidence.name())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "replaced_bytes".into(),
            count(&|d| d.decoding.replaced_bytes as usize),
        ),
        Column::new("bytes".into(), count(&|d| d.bytes)),
        Column::new("paragraphs".into(), count(&|d| d.paragraphs)),
        Column::new("sentences".into(), count(&|d| d.sentences)),
        Column::new("tokens".into(), count(&|d| d.tokens)),
        Column::new("words".into(), count(&|d| d.words)),
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

fn paragraphs_frame(
    documents: &[AnalysedDocument],
    first_doc_id: usize,
) -> PolarsResult<DataFrame> {
    let height: usize = documents.iter().map(|d| d.clean.paragraphs.len()).sum();
    let mut doc_id = Vec::with_capacity(height);
    let mut para_id = Vec::with_capacity(height);
    let mut start = Vec::with_capacity(height);
    let mut end = Vec::with_capacity(height);
    let mut kind = Vec::with_capacity(height);
    let mut language = Vec::with_capacity(height);
    let mut confidence = Vec::with_capacity(height);
    let mut text = Vec::with_capacity(height);
    for (document, id) in documents
        .iter()
        .zip(ids(first_doc_id..first_doc_id + documents.len()))
    {
        let clean = &document.clean.text;
        let sentences = &document.segmented.sentences;
        let mut first_sentence = 0;
        for (((paragraph, detected), source), index) in document
            .clean
            .paragraphs
            .iter()
            .zip(&document.segmented.paragraph_languages)
            .zip(&document.segmented.paragraph_sources)
            .zip(ids(0..document.clean.paragraphs.len()))
        {
            doc_id.push(id);
            para_id.push(index);
            start.push(narrow(source.start));
            end.push(narrow(source.end));
            kind.push(paragraph.kind.name());
            language.push(detected.code);
            confidence.push(detected.confidence);
            let last_sentence = first_sentence
                + sentences[first_sentence..]
                    .partition_point(|sentence| sentence.paragraph() <= index as usize);
            let paragraph_sentences = &sentences[first_sentence..last_sentence];
            first_sentence = last_sentence;
            let written = &clean.text[paragraph.range.clone()];
            text.push(
                (!is_sentences_joined(written, paragraph.range.start, paragraph_sentences))
                    .then_some(written),
            );
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

/// Whether a paragraph's text (`written`, from byte `start` of the clean text) is
/// its sentences' texts joined by a space: then the `paragraphs` table leaves its
/// `text` null rather than write it twice (99% of the paragraphs of novels; the rest
/// break a line between two sentences, or hold no sentence).
fn is_sentences_joined(written: &str, start: usize, sentences: &[Sentence]) -> bool {
    let (Some(first), Some(last)) = (sentences.first(), sentences.last()) else {
        return false;
    };
    first.range().start == start
        && last.range().end == start + written.len()
        && sentences.windows(2).all(|pair| {
            let gap = pair[0].range().end - start..pair[1].range().start - start;
            written.get(gap) == Some(" ")
        })
}

/// True when the sentence at `range` of `text` is its tokens' texts, each after a
/// space where its `space_before` says so: the sentence's `text` is left null rather
/// than written twice (the tokens table holds it).
fn is_tokens_joined(text: &str, range: &Range<usize>, tokens: &[Token]) -> bool {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return false;
    };
    first.range().start == range.start
        && last.range().end == range.end
        && tokens.windows(2).all(|pair| {
            let gap = pair[0].range().end..pair[1].range().start;
            gap.is_empty() || text.get(gap) == Some(" ")
        })
}

fn sentences_frame(documents: &[AnalysedDocument], first_doc_id: usize) -> PolarsResult<DataFrame> {
    let height: usize = documents.iter().map(|d| d.segmented.sentences.len()).sum();
    let mut doc_id = Vec::with_capacity(height);
    let mut sent_id = Vec::with_capacity(height);
    let mut para_id = Vec::with_capacity(height);
    let mut start = Vec::with_capacity(height);
    let mut end = Vec::with_capacity(height);
    let mut voice = Vec::with_capacity(height);
    let mut text = Vec::with_capacity(height);
    for (document, id) in documents
        .iter()
        .zip(ids(first_doc_id..first_doc_id + documents.len()))
    {
        let clean = &document.clean.text;
        let sentences = &document.segmented.sentences;
        let tokens = &document.segmented.tokens;
        for (sentence, index) in sentences.iter().zip(ids(0..sentences.len())) {
            let source = sentence.source();
            doc_id.push(id);
            sent_id.push(index);
            para_id.push(narrow(sentence.paragraph()));
            start.push(narrow(source.start));
            end.push(narrow(source.end));
            voice.push(document.voices.sentence_voice(tokens, sentence.tokens()));
            let sentence_tokens = &tokens[sentence.tokens()];
            let rebuilt = is_tokens_joined(&clean.text, &sentence.range(), sentence_tokens);
            text.push((!rebuilt).then(|| &clean.text[sentence.range()]));
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
            Column::new("voice".into(), voice),
            Column::new("text".into(), text),
        ],
    )
}

/// Tokens `range` of `document`, whose id is `doc_id`: a part of a frame of tokens.
struct TokenSpan<'a> {
    document: &'a AnalysedDocument,
    doc_id: u32,
    range: Range<usize>,
}

/// The tokens of `documents` (the first with the id `first_doc_id`) cut into groups
/// of at most `rows` tokens, a frame each: the tokens of a 100 MB novel, 20 million,
/// would take about a GB as one frame.
fn token_spans(
    documents: &[AnalysedDocument],
    first_doc_id: usize,
    rows: usize,
) -> Vec<Vec<TokenSpan<'_>>> {
    let mut frames = vec![Vec::new()];
    let mut room = rows;
    for (document, doc_id) in documents
        .iter()
        .zip(ids(first_doc_id..first_doc_id + documents.len()))
    {
        let tokens = document.segmented.tokens.len();
        let mut start = 0;
        while start < tokens {
            if room == 0 {
                frames.push(Vec::new());
                room = rows;
            }
            let end = tokens.min(start + room);
            room -= end - start;
            let frame = frames.last_mut().expect("one frame at least");
            frame.push(TokenSpan {
                document,
                doc_id,
                range: start..end,
            });
            start = end;
        }
    }
    frames
}

fn tokens_frame(documents: &[AnalysedDocument], first_doc_id: usize) -> PolarsResult<DataFrame> {
    let spans = token_spans(documents, first_doc_id, usize::MAX);
    token_spans_frame(&spans[0])
}

fn token_spans_frame(spans: &[TokenSpan]) -> PolarsResult<DataFrame> {
    let columns = TokenColumns::of(spans);
    let height = columns.doc_id.len();
    let columns = (columns.into_arrays(false).into_iter())
        .map(|(name, array)| Ok(Series::from_arrow(name.into(), array)?.into_column()))
        .collect::<PolarsResult<_>>()?;
    DataFrame::new(height, columns)
}

/// The rows of the tokens of `spans`, column by column. `norm` and `voice` are
/// kept as Parquet stores them, a dictionary of their distinct strings and a key
/// per row, made from each document's form and quotation ids: a string looked up
/// once per form of a document, not once per token (building a row group's
/// strings, then finding each one's key, was about a tenth of a report's CPU).
struct TokenColumns<'a> {
    doc_id: Vec<u32>,
    token_id: Vec<u32>,
    sent_id: Vec<u32>,
    para_id: Vec<u32>,
    start: Vec<u32>,
    end: Vec<u32>,
    text: Vec<Option<&'a str>>,
    norm: DictionaryColumn<'a>,
    is_word: Vec<bool>,
    verbatim: Vec<bool>,
    space_before: Vec<bool>,
    voice: DictionaryColumn<'a>,
    quote_id: Vec<Option<u32>>,
}

impl<'a> TokenColumns<'a> {
    fn of(spans: &[TokenSpan<'a>]) -> Self {
        let height: usize = spans.iter().map(|span| span.range.len()).sum();
        let mut columns = TokenColumns {
            doc_id: Vec::with_capacity(height),
            token_id: Vec::with_capacity(height),
            sent_id: Vec::with_capacity(height),
            para_id: Vec::with_capacity(height),
            start: Vec::with_capacity(height),
            end: Vec::with_capacity(height),
            text: Vec::with_capacity(height),
            norm: DictionaryColumn::with_capacity(height),
            is_word: Vec::with_capacity(height),
            verbatim: Vec::with_capacity(height),
            space_before: Vec::with_capacity(height),
            voice: DictionaryColumn::with_capacity(height),
            quote_id: Vec::with_capacity(height),
        };
        for span in spans {
            columns.add(span);
        }
        columns
    }

    fn add(&mut self, span: &TokenSpan<'a>) {
        let (document, id) = (span.document, span.doc_id);
        let clean = &document.clean.text;
        let tokens = &document.segmented.tokens;
        let sentences = &document.segmented.sentences;
        let vocabulary = &document.segmented.vocabulary;
        let voices = &document.voices;
        let range = span.range.clone();
        if range.is_empty() {
            return;
        }
        // The dictionary key of each of the document's forms and voices (by
        // `Voice::slot`), found at its first token here.
        let mut form_keys = vec![None; vocabulary.len()];
        let mut voice_keys = vec![None; voices.slots()];
        let mut sentence = document.segmented.sentence_of(range.start);
        let mut locator = clean.map.locator();
        for ((token, index), (token_voice, token_quote)) in
            tokens[range.clone()].iter().zip(ids(range.clone())).zip(
                voices
                    .token_voices(range.clone())
                    .zip(voices.token_quotes.range(range)),
            )
        {
            // The tokens come in order: their sentence is this one or a later one.
            while sentences[sentence].tokens().end <= index as usize {
                sentence += 1;
            }
            let source = locator.source_range(token.range());
            self.doc_id.push(id);
            self.token_id.push(index);
            self.sent_id.push(narrow(sentence));
            self.para_id.push(narrow(sentences[sentence].paragraph()));
            self.start.push(narrow(source.start));
            self.end.push(narrow(source.end));
            // A token's text is left null where it is its `norm` (nine tokens in
            // ten: lower-case words and punctuation), so that the table does not
            // hold the text twice; `coalesce(text, norm)` gives it back.
            self.text
                .push((!token.is_normalized()).then(|| &clean.text[token.range()]));
            let form = token.form();
            (self.norm).push(&mut form_keys[form as usize], || vocabulary.form(form));
            self.is_word.push(token.is_word());
            self.verbatim.push(locator.is_verbatim(token.range()));
            let first_of_sentence = index as usize == sentences[sentence].tokens().start;
            self.space_before.push(
                !first_of_sentence && tokens[index as usize - 1].range().end < token.range().start,
            );
            match (token_voice.slot(), voices.name(token_voice)) {
                (Some(slot), Some(name)) => self.voice.push(&mut voice_keys[slot], || name),
                _ => self.voice.push_null(),
            }
            self.quote_id.push(token_quote);
        }
    }

    /// The columns in the table's order, `norm` and `voice` as Parquet dictionaries
    /// when `dictionaries` (see [`DictionaryColumn::into_array`]), else as strings.
    fn into_arrays(self, dictionaries: bool) -> Vec<(&'static str, Box<dyn Array>)> {
        let numbers = |values: Vec<u32>| PrimitiveArray::from_vec(values).boxed();
        let flags = |values: Vec<bool>| BooleanArray::from_slice(values).boxed();
        vec![
            ("doc_id", numbers(self.doc_id)),
            ("token_id", numbers(self.token_id)),
            ("sent_id", numbers(self.sent_id)),
            ("para_id", numbers(self.para_id)),
            ("start", numbers(self.start)),
            ("end", numbers(self.end)),
            ("text", Utf8ViewArray::from_slice(self.text).boxed()),
            ("norm", self.norm.into_array(dictionaries)),
            ("is_word", flags(self.is_word)),
            ("verbatim", flags(self.verbatim)),
            ("space_before", flags(self.space_before)),
            ("voice", self.voice.into_array(dictionaries)),
            ("quote_id", PrimitiveArray::from(self.quote_id).boxed()),
        ]
    }
}

/// Appends the tokens of `spans` to `file`, the tokens table, as one row group.
fn write_tokens(file: &mut AppendedFile, spans: &[TokenSpan]) -> Result<(), TableError> {
    let columns = TokenColumns::of(spans);
    let rows = columns.doc_id.len();
    let schema = || Ok(token_spans_frame(&[])?.schema().as_ref().clone());
    let arrays = (columns.into_arrays(true).into_iter())
        .map(|(_, array)| array)
        .collect();
    file.append_arrays(schema, rows, arrays)
}

/// A string column as a Parquet dictionary page holds it: each distinct string
/// once, in the order of first appearance, and a key per row (null rows have
/// none).
#[derive(Default)]
struct DictionaryColumn<'a> {
    values: Vec<&'a str>,
    keys_of_values: FastMap<&'a str, u32>,
    keys: Vec<Option<u32>>,
}

impl<'a> DictionaryColumn<'a> {
    fn with_capacity(rows: usize) -> Self {
        DictionaryColumn {
            keys: Vec::with_capacity(rows),
            ..Default::default()
        }
    }

    /// Adds a row of the string `value` gives, whose key is kept in `cached` (the
    /// caller's, None until this finds it) so that it is looked up once (and the
    /// string read once: reading a token's form from the vocabulary was a cache
    /// miss per token).
    fn push(&mut self, cached: &mut Option<u32>, value: impl FnOnce() -> &'a str) {
        let key = *cached.get_or_insert_with(|| {
            let next = narrow(self.values.len());
            let value = value();
            *self.keys_of_values.entry(value).or_insert_with(|| {
                self.values.push(value);
                next
            })
        });
        self.keys.push(Some(key));
    }

    fn push_null(&mut self) {
        self.keys.push(None);
    }

    /// The column as a dictionary array when `dictionary` and a dictionary is
    /// worth it ([`is_dictionary_worth_it`]), else as strings: the array
    /// [`dictionary_encoded`] would make of the strings.
    fn into_array(self, dictionary: bool) -> Box<dyn Array> {
        if !dictionary || !is_dictionary_worth_it(self.keys.len(), self.values.len()) {
            let values = &self.values;
            let strings = self
                .keys
                .iter()
                .map(|key| key.map(|key| values[key as usize]));
            return MutableBinaryViewArray::<str>::from_iter(strings)
                .freeze()
                .boxed();
        }
        let keys = PrimitiveArray::from(self.keys);
        let values = Utf8ViewArray::from_slice_values(self.values);
        dictionary_array(keys, values)
    }
}

/// The most rows of `quotes` built at once: about 20 MB of records and frame (each
/// quotation has its text and evidence). A 100 MB book has 240,000 quotations, and
/// as one frame they were a fifth of its peak memory.
const QUOTE_ROWS: usize = 32_768;

/// The quotations of `documents` (the first with the id `first_doc_id`), each
/// with its document's id, in frames of at most `rows` rows.
fn quotes_frames(
    documents: &[AnalysedDocument],
    first_doc_id: usize,
    rows: usize,
) -> impl Iterator<Item = PolarsResult<DataFrame>> + '_ {
    let mut records = documents
        .iter()
        .zip(ids(first_doc_id..first_doc_id + documents.len()))
        .flat_map(|(document, id)| {
            let clean = &document.clean.text;
            records(&document.voices, &clean.text, &clean.map).map(move |record| (id, record))
        });
    std::iter::from_fn(move || {
        let chunk: Vec<(u32, QuoteRecord)> = records.by_ref().take(rows).collect();
        (!chunk.is_empty()).then(|| quote_records_frame(&chunk))
    })
}

fn quotes_frame(documents: &[AnalysedDocument], first_doc_id: usize) -> PolarsResult<DataFrame> {
    let mut frames = quotes_frames(documents, first_doc_id, usize::MAX);
    frames.next().unwrap_or_else(|| quote_records_frame(&[]))
}

fn quote_records_frame(records: &[(u32, QuoteRecord)]) -> PolarsResult<DataFrame> {
    let column = |f: fn(&QuoteRecord) -> u32| records.iter().map(|(_, r)| f(r)).collect::<Vec<_>>();
    let optional = |f: fn(&QuoteRecord) -> Option<usize>| {
        records
            .iter()
            .map(|(_, r)| f(r).map(narrow))
            .collect::<Vec<_>>()
    };
    DataFrame::new(
        records.len(),
        vec![
            Column::new(
                "doc_id".into(),
                records.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            ),
            Column::new("quote_id".into(), column(|r| narrow(r.quote_id))),
            Column::new("parent_id".into(), optional(|r| r.parent_id)),
            Column::new(
                "kind".into(),
                records.iter().map(|(_, r)| r.kind).collect::<Vec<_>>(),
            ),
            Column::new(
                "speaker".into(),
                records
                    .iter()
                    .map(|(_, r)| r.speaker.as_deref())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "rule".into(),
                records.iter().map(|(_, r)| r.rule).collect::<Vec<_>>(),
            ),
            Column::new(
                "confidence".into(),
                records
                    .iter()
                    .map(|(_, r)| r.confidence)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "evidence".into(),
                records
                    .iter()
                    .map(|(_, r)| r.evidence.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new("echo_of".into(), optional(|r| r.echo_of)),
            Column::new(
                "work".into(),
                records
                    .iter()
                    .map(|(_, r)| r.work.as_deref())
                    .collect::<Vec<_>>(),
            ),
            Column::new("start".into(), column(|r| narrow(r.start))),
            Column::new("end".into(), column(|r| narrow(r.end))),
            Column::new(
                "text".into(),
                records
                    .iter()
                    .map(|(_, r)| r.text.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new("words".into(), column(|r| narrow(r.words))),
        ],
    )
}

/// One row per person of each document as the people model sees them (see
/// [`crate::voices::Character`]): names, gender and its evidence, mentions,
/// quotations, and why each other name is theirs or why the name is no one's.
fn characters_frame(
    documents: &[AnalysedDocument],
    first_doc_id: usize,
) -> PolarsResult<DataFrame> {
    let rows: Vec<(u32, &crate::voices::Character)> = documents
        .iter()
        .zip(ids(first_doc_id..first_doc_id + documents.len()))
        .flat_map(|(document, id)| document.voices.characters.iter().map(move |c| (id, c)))
        .collect();
    let text = |f: fn(&crate::voices::Character) -> String| {
        rows.iter().map(|(_, c)| f(c)).collect::<Vec<_>>()
    };
    let count = |f: fn(&crate::voices::Character) -> usize| {
        rows.iter().map(|(_, c)| narrow(f(c))).collect::<Vec<u32>>()
    };
    DataFrame::new(
        rows.len(),
        vec![
            Column::new(
                "doc_id".into(),
                rows.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            ),
            Column::new("name".into(), text(|c| c.name.clone())),
            Column::new("other_names".into(), text(|c| c.other_names.join("; "))),
            Column::new("gender".into(), text(|c| c.gender.name().to_string())),
            Column::new("gender_from".into(), text(|c| c.gender_from.to_string())),
            Column::new("mentions".into(), count(|c| c.mentions)),
            Column::new("quotations".into(), count(|c| c.quotations)),
            Column::new(
                "is_person".into(),
                rows.iter().map(|(_, c)| c.is_person).collect::<Vec<_>>(),
            ),
            Column::new(
                "not_a_person".into(),
                rows.iter()
                    .map(|(_, c)| c.not_a_person.as_deref())
                    .collect::<Vec<_>>(),
            ),
            Column::new("merges".into(), text(|c| c.merges.join("; "))),
        ],
    )
}

/// One row per voice of each document and per voice over the corpus (`doc_id`
/// null): every measure, its interval where it has one, and the warnings.
pub fn voice_stats_frame(rows: &[&VoiceStats]) -> PolarsResult<DataFrame> {
    let mut columns = vec![
        Column::new(
            "doc_id".into(),
            rows.iter()
                .map(|row| row.doc_id.map(narrow))
                .collect::<Vec<Option<u32>>>(),
        ),
        Column::new(
            "voice".into(),
            rows.iter()
                .map(|row| row.voice.as_str())
                .collect::<Vec<_>>(),
        ),
    ];
    for (index, measure) in MEASURES.iter().enumerate() {
        let name = measure.name;
        if measure.is_count {
            let counts: Vec<Option<u64>> = rows
                .iter()
                .map(|row| row.values[index].map(|value| value as u64))
                .collect();
            columns.push(Column::new(name.into(), counts));
            continue;
        }
        let values: Vec<Option<f64>> = rows.iter().map(|row| row.values[index]).collect();
        columns.push(Column::new(name.into(), values));
        if !measure.has_interval() {
            continue;
        }
        let bound = |pick: fn((f64, f64)) -> f64| {
            rows.iter()
                .map(|row| row.intervals[index].map(pick))
                .collect::<Vec<Option<f64>>>()
        };
        columns.push(Column::new(
            format!("{name}_lo").into(),
            bound(|(lo, _)| lo),
        ));
        columns.push(Column::new(
            format!("{name}_hi").into(),
            bound(|(_, hi)| hi),
        ));
    }
    columns.push(Column::new(
        "warnings".into(),
        rows.iter()
            .map(|row| row.warnings.join("; "))
            .collect::<Vec<_>>(),
    ));
    DataFrame::new(rows.len(), columns)
}

/// One row per pair of units, distance and MFW setting: `unit_a`, `unit_b`,
/// `measure`, `mfw` (the setting), `words` (the words it used) and `value`.
pub fn distances_frame(rows: &[DistanceRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            Column::new(
                "unit_a".into(),
                rows.iter().map(|r| r.unit_a).collect::<Vec<_>>(),
            ),
            Column::new(
                "unit_b".into(),
                rows.iter().map(|r| r.unit_b).collect::<Vec<_>>(),
            ),
            Column::new(
                "measure".into(),
                rows.iter().map(|r| r.measure).collect::<Vec<_>>(),
            ),
            Column::new(
                "mfw".into(),
                rows.iter().map(|r| narrow(r.mfw)).collect::<Vec<u32>>(),
            ),
            Column::new(
                "words".into(),
                rows.iter().map(|r| narrow(r.words)).collect::<Vec<u32>>(),
            ),
            Column::new(
                "value".into(),
                rows.iter().map(|r| r.value).collect::<Vec<f64>>(),
            ),
        ],
    )
}

/// The trees to draw: `mfw` (null for the consensus tree over all the settings),
/// `kind` (`tree`: the setting's clustering; `consensus`) and `newick`.
fn trees_frame(comparison: &Comparison) -> PolarsResult<DataFrame> {
    let trees = comparison.trees();
    DataFrame::new(
        trees.len(),
        vec![
            Column::new(
                "mfw".into(),
                trees
                    .iter()
                    .map(|(mfw, _)| mfw.map(narrow))
                    .collect::<Vec<Option<u32>>>(),
            ),
            Column::new(
                "kind".into(),
                trees
                    .iter()
                    .map(|(mfw, _)| match mfw {
                        Some(_) => "tree",
                        None => "consensus",
                    })
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "newick".into(),
                trees
                    .iter()
                    .map(|(_, tree)| tree.as_str())
                    .collect::<Vec<_>>(),
            ),
        ],
    )
}

/// Each unit's scores on the first three principal components at each MFW
/// setting, and the share of the variance each component explains: `mfw`, `unit`,
/// `pc1`, `pc2`, `pc3`, `pc1_variance`, `pc2_variance`, `pc3_variance` (null where
/// there are fewer components).
fn pca_frame(comparison: &Comparison) -> PolarsResult<DataFrame> {
    let mut mfw = Vec::new();
    let mut unit = Vec::new();
    let mut scores: [Vec<Option<f64>>; 3] = Default::default();
    let mut variance: [Vec<Option<f64>>; 3] = Default::default();
    for result in &comparison.results {
        let Some(pca) = &result.pca else { continue };
        for (name, unit_scores) in comparison.units.iter().zip(&pca.scores) {
            mfw.push(narrow(result.mfw));
            unit.push(name.name.as_str());
            for component in 0..3 {
                scores[component].push(unit_scores.get(component).copied());
                variance[component].push(pca.explained.get(component).copied());
            }
        }
    }
    let [pc1, pc2, pc3] = scores;
    let [v1, v2, v3] = variance;
    DataFrame::new(
        mfw.len(),
        vec![
            Column::new("mfw".into(), mfw),
            Column::new("unit".into(), unit),
            Column::new("pc1".into(), pc1),
            Column::new("pc2".into(), pc2),
            Column::new("pc3".into(), pc3),
            Column::new("pc1_variance".into(), v1),
            Column::new("pc2_variance".into(), v2),
            Column::new("pc3_variance".into(), v3),
        ],
    )
}

/// Each unit's distinctive words: `unit`, `feature`, `rank`, `count` (in the unit),
/// `count_rest` (in all the other units), `g2` (Dunning's log-likelihood) and
/// `log_ratio` (Hardie's effect size).
fn keyness_frame(comparison: &Comparison) -> PolarsResult<DataFrame> {
    let rows: Vec<(&str, &crate::compare::distinctive::Keyword, usize)> = comparison
        .units
        .iter()
        .zip(&comparison.keywords)
        .flat_map(|(unit, words)| {
            words
                .iter()
                .enumerate()
                .map(move |(rank, word)| (unit.name.as_str(), word, rank + 1))
        })
        .collect();
    DataFrame::new(
        rows.len(),
        vec![
            Column::new("unit".into(), rows.iter().map(|r| r.0).collect::<Vec<_>>()),
            Column::new(
                "feature".into(),
                rows.iter().map(|r| r.1.word.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "rank".into(),
                rows.iter().map(|r| narrow(r.2)).collect::<Vec<u32>>(),
            ),
            Column::new(
                "count".into(),
                rows.iter().map(|r| r.1.count).collect::<Vec<u64>>(),
            ),
            Column::new(
                "count_rest".into(),
                rows.iter().map(|r| r.1.count_rest).collect::<Vec<u64>>(),
            ),
            Column::new(
                "g2".into(),
                rows.iter().map(|r| r.1.g2).collect::<Vec<f64>>(),
            ),
            Column::new(
                "log_ratio".into(),
                rows.iter().map(|r| r.1.log_ratio).collect::<Vec<f64>>(),
            ),
        ],
    )
}

/// Word frequencies: one row per unit (a document, or a voice over the corpus) and
/// word, the most frequent first, with its rank in the unit and its share of the
/// unit's words.
fn features_frame(features: &[Features]) -> PolarsResult<DataFrame> {
    let height: usize = features.iter().map(|unit| unit.counts.len()).sum();
    let mut unit_kind = Vec::with_capacity(height);
    let mut unit = Vec::with_capacity(height);
    let mut doc_id = Vec::with_capacity(height);
    let mut feature = Vec::with_capacity(height);
    let mut count = Vec::with_capacity(height);
    let mut rel_freq = Vec::with_capacity(height);
    let mut rank = Vec::with_capacity(height);
    for group in features {
        for (index, (form, times)) in group.counts.iter().enumerate() {
            unit_kind.push(group.unit_kind);
            unit.push(group.unit.as_str());
            doc_id.push(group.doc_id.map(narrow));
            feature.push(form.as_str());
            count.push(*times);
            rel_freq.push(f64::from(*times) / f64::from(group.words));
            rank.push(narrow(index + 1));
        }
    }
    DataFrame::new(
        height,
        vec![
            Column::new("unit_kind".into(), unit_kind),
            Column::new("unit".into(), unit),
            Column::new("doc_id".into(), doc_id),
            Column::new("feature".into(), feature),
            Column::new("count".into(), count),
            Column::new("rel_freq".into(), rel_freq),
            Column::new("rank".into(), rank),
        ],
    )
}

/// The rows of one batch of documents: the documents and the id of the first.
#[derive(Clone, Copy, Default)]
pub struct Batch<'a> {
    pub documents: &'a [AnalysedDocument],
    pub first_doc_id: usize,
}

/// The tables written document by document, in the order they are written.
pub const PER_DOCUMENT_TABLES: [&str; 6] = [
    "paragraphs",
    "sentences",
    "tokens",
    "quotes",
    "characters",
    "features",
];

/// The rows of table `name` (one of [`PER_DOCUMENT_TABLES`]) of a batch.
fn batch_frame(name: &str, batch: &Batch) -> PolarsResult<DataFrame> {
    let Batch {
        documents,
        first_doc_id,
    } = *batch;
    match name {
        "paragraphs" => paragraphs_frame(documents, first_doc_id),
        "sentences" => sentences_frame(documents, first_doc_id),
        "quotes" => quotes_frame(documents, first_doc_id),
        "characters" => characters_frame(documents, first_doc_id),
        "features" => features_frame(&crate::stats::document_features(documents, first_doc_id)),
        _ => tokens_frame(documents, first_doc_id),
    }
}

/// Writes the tables of a run batch by batch: each call to [`TableWriter::write`]
/// adds one row group per table, so a run holds the rows of one batch of documents at
/// a time, whatever the size of the corpus. Files are written under temporary names
/// and renamed by [`TableWriter::finish`] (or [`TableWriter::close`]); dropped before
/// that, it leaves nothing.
pub struct TableWriter {
    directory: PathBuf,
    /// Each of [`PER_DOCUMENT_TABLES`] and its file.
    tables: Vec<(&'static str, AppendedFile)>,
}

impl TableWriter {
    /// Writes the tables of a report: `directory/<table>.parquet`.
    pub fn create(directory: &Path) -> Result<Self, TableError> {
        Self::with_paths(directory, |name| directory.join(format!("{name}.parquet")))
    }

    /// Writes the tables of shard `shard` of a dataset:
    /// `dataset/<table>/shard=<shard>/part-0.parquet` ([`shard_path`]), closed with
    /// [`TableWriter::close`] (a shard has no corpus-level tables).
    pub fn for_shard(dataset: &Path, shard: usize) -> Result<Self, TableError> {
        Self::with_paths(dataset, |name| shard_path(dataset, name, shard))
    }

    fn with_paths(directory: &Path, path: impl Fn(&str) -> PathBuf) -> Result<Self, TableError> {
        let tables = PER_DOCUMENT_TABLES
            .into_iter()
            .map(|name| Ok((name, AppendedFile::create(path(name))?)))
            .collect::<Result<_, TableError>>()?;
        Ok(TableWriter {
            directory: directory.to_path_buf(),
            tables,
        })
    }

    /// Writes the rows of a batch of documents. The tables are built and written
    /// side by side, each in a thread of its own (not rayon's: Polars runs its own
    /// pool).
    pub fn write(&mut self, batch: &Batch) -> Result<(), TableError> {
        std::thread::scope(|scope| {
            let writers: Vec<_> = self
                .tables
                .iter_mut()
                .map(|(name, file)| {
                    scope.spawn(move || match *name {
                        // The tokens a row group at a time (a batch can be one large
                        // novel).
                        "tokens" => {
                            token_spans(batch.documents, batch.first_doc_id, ROW_GROUP_ROWS)
                                .iter()
                                .try_for_each(|spans| write_tokens(file, spans))
                        }
                        "quotes" => quotes_frames(batch.documents, batch.first_doc_id, QUOTE_ROWS)
                            .try_for_each(|frame| file.append(&frame?)),
                        _ => file.append(&batch_frame(name, batch)?),
                    })
                })
                .collect();
            writers
                .into_iter()
                .try_for_each(|writer| writer.join().expect("a table writer panicked"))
        })
    }

    /// Appends `frame`, rows read from a dataset, to table `name`.
    pub fn append(&mut self, name: &str, frame: &DataFrame) -> Result<(), TableError> {
        self.table(name)?.append(frame)
    }

    /// Appends the rows of the Parquet file at `path` (a dataset's table, its
    /// document ids already those of the run) to table `name`, its row groups
    /// copied as they are (see [`AppendedFile::append_file`]).
    pub fn append_file(&mut self, name: &str, path: &Path) -> anyhow::Result<()> {
        self.table(name)?.append_file(path)
    }

    fn table(&mut self, name: &str) -> Result<&mut AppendedFile, TableError> {
        match self.tables.iter_mut().find(|(table, _)| *table == name) {
            Some((_, file)) => Ok(file),
            None => Err(TableError::Polars(PolarsError::ComputeError(
                format!("no table called {name}").into(),
            ))),
        }
    }

    /// Writes the `documents`, `distances` (the pairs the comparison kept) and
    /// `keyness` tables and the voices' rows of `features`, and closes the others
    /// (`voice_stats` is written by the run, its rows of each document as they
    /// come).
    pub fn finish(
        mut self,
        documents: &[DocumentSummary],
        metadata_columns: &[String],
        voice_features: &[Features],
        comparison: &Comparison,
    ) -> Result<(), TableError> {
        let mut documents_table = documents_frame(documents, metadata_columns)?;
        write_parquet(
            &mut documents_table,
            &self.directory.join("documents.parquet"),
        )?;
        // One row group per MFW setting: the pairs of a thousand voices at ten
        // settings are millions of rows, never all in memory at once.
        write_parquet_batches(
            &self.directory.join("distances.parquet"),
            comparison.results.iter().map(|result| {
                let rows: Vec<DistanceRow> = setting_distance_rows(comparison, result).collect();
                distances_frame(&rows)
            }),
            || distances_frame(&[]),
        )?;
        write_parquet(
            &mut keyness_frame(comparison)?,
            &self.directory.join("keyness.parquet"),
        )?;
        write_parquet(
            &mut pca_frame(comparison)?,
            &self.directory.join("pca.parquet"),
        )?;
        write_parquet(
            &mut trees_frame(comparison)?,
            &self.directory.join("trees.parquet"),
        )?;
        self.append("features", &features_frame(voice_features)?)?;
        self.close()
    }

    /// Closes every table and renames it into place (a table no document had a row
    /// for is written empty, with its schema).
    pub fn close(self) -> Result<(), TableError> {
        for (name, file) in self.tables {
            file.finish(|| batch_frame(name, &Batch::default()))?;
        }
        Ok(())
    }
}

/// The `voice_stats` table of a report: each document's rows appended as their
/// batch comes (a corpus of thousands of documents has hundreds of thousands), the
/// rows over the corpus at the end. A batch's rows are gathered into row groups of
/// [`VoiceStatsTable::ROW_GROUP_ROWS`]: a row group per batch of a few hundred rows
/// compressed to five times the size (33 MB against 6.6 MB on twenty copies of the
/// British novels).
pub struct VoiceStatsTable(AppendedFile);

impl VoiceStatsTable {
    /// About 25 MB of frame (175 columns).
    const ROW_GROUP_ROWS: usize = 16_384;

    pub fn create(path: PathBuf) -> Result<Self, TableError> {
        Ok(VoiceStatsTable(AppendedFile::gathering(
            path,
            Self::ROW_GROUP_ROWS,
        )?))
    }

    pub fn append(&mut self, rows: &[&VoiceStats]) -> Result<(), TableError> {
        self.0.append(&voice_stats_frame(rows)?)
    }

    /// Appends the rows over the corpus and puts the table in place.
    pub fn finish(mut self, corpus_rows: &[&VoiceStats]) -> Result<(), TableError> {
        self.append(corpus_rows)?;
        self.0.finish(|| voice_stats_frame(&[]))
    }
}

/// Where table `name` of shard `shard` of a dataset lives (hive partitioning).
pub fn shard_path(dataset: &Path, name: &str, shard: usize) -> PathBuf {
    dataset
        .join(name)
        .join(format!("shard={shard}"))
        .join("part-0.parquet")
}

/// A Parquet file written a row group per frame appended (or per frames gathered,
/// see [`AppendedFile::gathering`]), under a temporary name until
/// [`AppendedFile::finish`] renames it into place; dropped before that, it leaves
/// nothing.
pub struct AppendedFile {
    path: PathBuf,
    temporary: NamedTempFile,
    /// Opened at the first frame, whose schema it takes.
    writer: Option<ParquetFile<File>>,
    /// Frames appended and not yet written, fewer than `gather_rows` rows in all.
    pending: Option<DataFrame>,
    gather_rows: usize,
}

impl AppendedFile {
    /// A file to be put at `path` (its directory is created if need be).
    pub fn create(path: PathBuf) -> Result<Self, TableError> {
        Self::gathering(path, 0)
    }

    /// A file whose frames are gathered until they hold `rows` rows, and then
    /// written as one row group: a batch has a few hundred rows of `voice_stats`,
    /// too few to make a good row group on their own.
    pub fn gathering(path: PathBuf, rows: usize) -> Result<Self, TableError> {
        let io_error = |source| TableError::Io {
            path: path.clone(),
            source,
        };
        if let Some(directory) = path.parent() {
            crate::output::create_dir_all(directory).map_err(io_error)?;
        }
        let temporary = crate::output::temporary_beside(&path).map_err(io_error)?;
        Ok(AppendedFile {
            path,
            temporary,
            writer: None,
            pending: None,
            gather_rows: rows,
        })
    }

    /// Appends the rows of `frame` (nothing when it has none).
    pub fn append(&mut self, frame: &DataFrame) -> Result<(), TableError> {
        if frame.height() == 0 {
            return Ok(());
        }
        // A frame large enough on its own is written as it is: gathered with the
        // rows before it, it would be copied whole when the two are made one.
        if frame.height() >= self.gather_rows {
            self.flush()?;
            return self.write(frame);
        }
        let gathered = match self.pending.take() {
            Some(mut pending) => {
                pending.vstack_mut(frame)?;
                pending
            }
            None => frame.clone(),
        };
        match gathered.height() >= self.gather_rows {
            true => self.write(&gathered),
            false => {
                self.pending = Some(gathered);
                Ok(())
            }
        }
    }

    /// Writes the frames gathered so far.
    fn flush(&mut self) -> Result<(), TableError> {
        match self.pending.take() {
            Some(pending) => self.write(&pending),
            None => Ok(()),
        }
    }

    /// Writes `arrays`, the columns of `rows` rows, as one row group, after the
    /// frames appended before; `schema` gives the file's schema if these are its
    /// first rows.
    fn append_arrays(
        &mut self,
        schema: impl FnOnce() -> Result<Schema, TableError>,
        rows: usize,
        arrays: Vec<Box<dyn Array>>,
    ) -> Result<(), TableError> {
        if rows == 0 {
            return Ok(());
        }
        self.flush()?;
        (self.writer(schema)?)
            .write_row_group(rows, arrays)
            .map_err(|source| TableError::Parquet {
                path: self.path.clone(),
                source,
            })
    }

    /// Writes the rows of `frame` now.
    fn write(&mut self, frame: &DataFrame) -> Result<(), TableError> {
        (self.writer(|| Ok(frame.schema().as_ref().clone()))?)
            .write_batch(frame)
            .map_err(|source| TableError::Parquet {
                path: self.path.clone(),
                source,
            })
    }

    /// The file's writer, opened with the schema `schema` gives at the first rows.
    fn writer(
        &mut self,
        schema: impl FnOnce() -> Result<Schema, TableError>,
    ) -> Result<&mut ParquetFile<File>, TableError> {
        if self.writer.is_none() {
            let schema = schema()?;
            let file = (self.temporary.as_file().try_clone()).map_err(|source| TableError::Io {
                path: self.path.clone(),
                source,
            })?;
            let writer =
                ParquetFile::create(file, &schema).map_err(|source| TableError::Parquet {
                    path: self.path.clone(),
                    source,
                })?;
            self.writer = Some(writer);
        }
        Ok(self.writer.as_mut().expect("opened above"))
    }

    /// Appends the rows of the Parquet file at `path`. Its row groups are copied
    /// as they are, compressed, when it has this file's schema (a dataset's table
    /// written by this version): `report --from` decoded and encoded again every
    /// row of every shard's tables, which took longer than the rest of its work.
    /// Otherwise its rows are read and written again, a row group at a time.
    pub fn append_file(&mut self, path: &Path) -> anyhow::Result<()> {
        let parquet_error = |source| TableError::Parquet {
            path: path.to_path_buf(),
            source,
        };
        let open = || {
            File::open(path).map_err(|source| TableError::Io {
                path: path.to_path_buf(),
                source,
            })
        };
        self.flush()?;
        let mut source = open()?;
        let footer = read_footer(&mut source).map_err(parquet_error)?;
        if footer.num_rows == 0 {
            return Ok(());
        }
        let writer = self.writer(|| {
            let schema = ParquetReader::new(open()?).schema();
            Ok(Schema::from_arrow_schema(
                schema.map_err(parquet_error)?.as_ref(),
            ))
        })?;
        let copied = (writer.copy_row_groups(&mut source, footer)).map_err(|source| {
            TableError::Parquet {
                path: self.path.clone(),
                source,
            }
        })?;
        if !copied {
            for_each_row_group(path, |frame| Ok(self.append(&frame)?))?;
        }
        Ok(())
    }

    /// Writes the footer and renames the file into place; `empty` gives the schema
    /// when no row was appended.
    pub fn finish(
        mut self,
        empty: impl FnOnce() -> PolarsResult<DataFrame>,
    ) -> Result<(), TableError> {
        self.flush()?;
        let path = self.path;
        match self.writer {
            Some(writer) => {
                writer.finish().map_err(|source| TableError::Parquet {
                    path: path.clone(),
                    source,
                })?;
                self.temporary
                    .persist(&path)
                    .map_err(|error| TableError::Io {
                        path,
                        source: error.error,
                    })?;
                Ok(())
            }
            None => {
                drop(self.temporary);
                write_parquet(&mut empty()?, &path)
            }
        }
    }
}

/// Writes the frames `batches` yields to `path` as one Parquet file, a row group
/// each, whole or not at all; `empty` gives the schema when there is no batch.
fn write_parquet_batches(
    path: &Path,
    batches: impl Iterator<Item = PolarsResult<DataFrame>>,
    empty: impl FnOnce() -> PolarsResult<DataFrame>,
) -> Result<(), TableError> {
    let mut file = AppendedFile::create(path.to_path_buf())?;
    for frame in batches {
        file.append(&frame?)?;
    }
    file.finish(empty)
}

/// Writes `frame` to `path` as Parquet (zstd), whole or not at all
/// ([`crate::output`]).
pub fn write_parquet(frame: &mut DataFrame, path: &Path) -> Result<(), TableError> {
    let io_error = |source| TableError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(directory) = path.parent() {
        crate::output::create_dir_all(directory).map_err(io_error)?;
    }
    let mut temporary = crate::output::temporary_beside(path).map_err(io_error)?;
    let parquet_error = |source| TableError::Parquet {
        path: path.to_path_buf(),
        source,
    };
    let mut writer =
        ParquetFile::create(temporary.as_file_mut(), frame.schema()).map_err(parquet_error)?;
    writer.write_batch(frame).map_err(parquet_error)?;
    writer.finish().map_err(parquet_error)?;
    temporary
        .persist(path)
        .map_err(|error| io_error(error.error))?;
    Ok(())
}

/// The buffer between a Parquet file's encoder and the file.
const WRITE_BUFFER_BYTES: usize = 1 << 20;

/// The most rows in one row group, as Polars' own writer has it: groups small enough
/// to read one at a time.
const ROW_GROUP_ROWS: usize = 512 * 512;

/// One Parquet file of a run, written a row group per batch of rows, with the
/// settings of every file: zstd level 3, Polars' default (level 1 writes the
/// tokens table about a quarter faster, but on the whole report the difference is
/// within this machine's swing, and its files are 4% larger: the British novels
/// six times over, 1.01 times the input's size against 0.97), and ids and byte
/// offsets delta-encoded (see [`encodings`]).
///
/// Polars' own `ParquetWriter` chooses the encodings itself and offers no way to
/// change them, so this encodes through `polars-parquet`, the crate under it. But
/// its `FileWriter` keeps, until the footer, each row group's metadata and a
/// description of each page (for the page index it writes at the end): about 4 KB
/// per column of each row group, so a run's memory grew with the corpus, 2 MB per
/// 30 MB of text (41 MB on twenty copies of the British novels). So each row group
/// is encoded as a Parquet file of its own in memory; its column chunks are copied
/// here, and its row group's metadata, its offsets moved, is encoded for the footer
/// at once and set aside in a temporary file, from which [`ParquetFile::finish`]
/// copies it into the footer: what a file keeps in memory no longer grows with its
/// rows. The file has no page index (an optional part of Parquet that Polars,
/// DuckDB and Arrow read without), and holds the same rows.
///
/// Its bytes go through a buffer: the encoder writes each page header and page on
/// its own, and unbuffered that was tens of thousands of small writes to the system
/// per report.
struct ParquetFile<W: std::io::Write> {
    out: BufWriter<W>,
    /// Bytes written so far: where the next row group goes.
    offset: u64,
    arrow_schema: ArrowSchema,
    parquet_schema: SchemaDescriptor,
    fields: Vec<ParquetType>,
    encodings: Vec<Vec<Encoding>>,
    options: WriteOptions,
    /// What the footer needs, from the first row group on.
    footer: Option<Footer>,
}

/// The footer of a [`ParquetFile`] being written.
struct Footer {
    /// The footer but its row groups: the first row group's file's, with the rows
    /// of every row group counted.
    metadata: FileMetaData,
    /// The row groups' metadata, encoded as the footer holds them, one after the
    /// other.
    row_groups: BufWriter<File>,
    row_group_count: usize,
}

/// The first and last four bytes of a Parquet file.
const PARQUET_MAGIC: &[u8; 4] = b"PAR1";

impl<W: std::io::Write> ParquetFile<W> {
    fn create(writer: W, schema: &Schema) -> PolarsResult<Self> {
        let arrow_schema = schema.to_arrow(CompatLevel::newest());
        let parquet_schema = to_parquet_schema(&arrow_schema)?;
        let fields = parquet_schema.fields().to_vec();
        let encodings = encodings(&arrow_schema);
        let level = ZstdLevel::try_new(3).expect("3 is a valid zstd level");
        let options = WriteOptions {
            statistics: StatisticsOptions::default(),
            version: Version::V1,
            compression: CompressionOptions::Zstd(Some(level)),
            data_page_size: None,
        };
        Ok(ParquetFile {
            out: BufWriter::with_capacity(WRITE_BUFFER_BYTES, writer),
            offset: 0,
            arrow_schema,
            parquet_schema,
            fields,
            encodings,
            options,
            footer: None,
        })
    }

    /// A Parquet file in memory with this file's schema and settings.
    fn file_in_memory(&self) -> FileWriter<Vec<u8>> {
        FileWriter::new_with_parquet_schema(
            Vec::new(),
            self.arrow_schema.clone(),
            self.parquet_schema.clone(),
            self.options,
        )
    }

    /// Writes `frame` in row groups of at most [`ROW_GROUP_ROWS`] rows.
    fn write_batch(&mut self, frame: &DataFrame) -> PolarsResult<()> {
        let mut frame = frame.clone();
        let frame = polars::frame::chunk_df_for_writing(&mut frame, ROW_GROUP_ROWS)?;
        for batch in frame.iter_chunks(CompatLevel::newest(), false) {
            let rows = batch.len();
            if rows > 0 {
                self.write_row_group(rows, batch.into_arrays())?;
            }
        }
        Ok(())
    }

    /// Writes `arrays`, the `rows` rows of each column in the file's schema, as
    /// one row group. A string column may come as a dictionary of its strings
    /// already (see [`dictionary_encoded`]).
    fn write_row_group(&mut self, rows: usize, arrays: Vec<Box<dyn Array>>) -> PolarsResult<()> {
        let mut encodings = self.encodings.clone();
        let arrays = (arrays.into_iter().zip(&mut encodings))
            .map(|(array, encoding)| dictionary_encoded(array, encoding))
            .collect();
        // The schema says strings where a column is now a dictionary of them: the
        // encoder reads only the arrays, and the file's schema is this file's,
        // made at `create`.
        let batch = RecordBatchT::try_new(rows, self.arrow_schema.clone().into(), arrays)?;
        let row_group = row_group_iter(batch, encodings.into(), self.fields.clone(), self.options);
        let mut file = self.file_in_memory();
        file.write(rows as u64, row_group)?;
        file.end(None)?;
        let (bytes, metadata) = file.into_inner_and_metadata();
        self.append_row_group(&bytes, metadata)
    }

    /// Copies the column chunks of `bytes`, a Parquet file of one row group
    /// described by `metadata`, to the end of this file, and keeps its row group's
    /// metadata with the offsets moved to where the chunks now are.
    fn append_row_group(&mut self, bytes: &[u8], mut metadata: FileMetaData) -> PolarsResult<()> {
        let row_group = match metadata.row_groups.len() {
            1 => metadata.row_groups.remove(0),
            groups => polars_bail!(ComputeError: "a row group encoded as {groups}"),
        };
        check_movable(&row_group)?;
        // The column chunks follow the magic bytes, one after the other, each its
        // pages and a copy of its metadata (which no reader reads: the footer's
        // is the one read, and the copies keep the offsets they had in memory);
        // the page index and the footer come after them.
        let chunks_end = (row_group.columns.iter())
            .flat_map(|column| [column.column_index_offset, column.offset_index_offset])
            .flatten()
            .min()
            .and_then(|end| usize::try_from(end).ok())
            .filter(|&end| end >= PARQUET_MAGIC.len() && end <= bytes.len())
            .ok_or_else(|| polars_err!(ComputeError: "a row group's column chunks out of place"))?;
        let start = PARQUET_MAGIC.len();
        let shift = self.begin()? as i64 - start as i64;
        self.out.write_all(&bytes[start..chunks_end])?;
        self.offset += (chunks_end - start) as u64;
        self.keep_row_group(row_group, shift, || metadata)
    }

    /// Copies the row groups of `source`, a Parquet file whose footer is `footer`,
    /// to the end of this file as they are, without decoding them, when the two
    /// files have the same schema; false, and nothing written, when they have not.
    fn copy_row_groups(
        &mut self,
        source: &mut File,
        mut footer: FileMetaData,
    ) -> PolarsResult<bool> {
        let own = match &self.footer {
            Some(own) => own.metadata.clone(),
            None => {
                let mut file = self.file_in_memory();
                file.end(None)?;
                file.into_inner_and_metadata().1
            }
        };
        if footer.schema != own.schema
            || footer.key_value_metadata != own.key_value_metadata
            || footer.encryption_algorithm.is_some()
        {
            return Ok(false);
        }
        let row_groups = std::mem::take(&mut footer.row_groups);
        let mut ranges = Vec::with_capacity(row_groups.len());
        for row_group in &row_groups {
            check_movable(row_group)?;
            ranges.push(chunks_range(row_group)?);
        }
        for (row_group, (start, end)) in row_groups.into_iter().zip(ranges) {
            let shift = self.begin()? as i64 - start as i64;
            source.seek(std::io::SeekFrom::Start(start))?;
            let copied = std::io::copy(&mut (&mut *source).take(end - start), &mut self.out)?;
            polars_ensure!(copied == end - start, ComputeError: "a Parquet file shorter than its footer says");
            self.offset += end - start;
            self.keep_row_group(row_group, shift, || own.clone())?;
        }
        Ok(true)
    }

    /// Writes the magic bytes if nothing is written yet; where the next row group
    /// goes.
    fn begin(&mut self) -> PolarsResult<u64> {
        if self.offset == 0 {
            self.out.write_all(PARQUET_MAGIC)?;
            self.offset = PARQUET_MAGIC.len() as u64;
        }
        Ok(self.offset)
    }

    /// Keeps `row_group`, whose chunks were copied `shift` bytes further than they
    /// were, for the footer: its offsets moved, encoded and set aside.
    /// `file_metadata` gives the rest of the footer when this is the first.
    fn keep_row_group(
        &mut self,
        mut row_group: RowGroup,
        shift: i64,
        file_metadata: impl FnOnce() -> FileMetaData,
    ) -> PolarsResult<()> {
        for column in &mut row_group.columns {
            column.file_offset += shift;
            (column.offset_index_offset, column.offset_index_length) = (None, None);
            (column.column_index_offset, column.column_index_length) = (None, None);
            if let Some(chunk) = column.meta_data.as_mut() {
                chunk.data_page_offset += shift;
                for offset in [
                    &mut chunk.dictionary_page_offset,
                    &mut chunk.index_page_offset,
                ] {
                    *offset = offset.map(|offset| offset + shift);
                }
            }
        }
        row_group.file_offset = row_group.file_offset.map(|offset| offset + shift);
        let footer = match &mut self.footer {
            Some(footer) => footer,
            None => self.footer.insert(Footer {
                metadata: FileMetaData {
                    num_rows: 0,
                    row_groups: Vec::new(),
                    ..file_metadata()
                },
                row_groups: BufWriter::new(tempfile::tempfile()?),
                row_group_count: 0,
            }),
        };
        row_group.ordinal = i16::try_from(footer.row_group_count).ok();
        footer.metadata.num_rows += row_group.num_rows;
        row_group
            .write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut footer.row_groups))
            .map_err(thrift_error)?;
        footer.row_group_count += 1;
        Ok(())
    }

    /// Writes the footer (with the Arrow schema, as Polars writes it) and the rest
    /// of the buffer.
    fn finish(mut self) -> PolarsResult<()> {
        match self.footer {
            // No rows: a file of no row group, as Polars writes it.
            None => {
                let mut file = self.file_in_memory();
                file.end(None)?;
                self.out.write_all(&file.into_inner())?;
            }
            Some(footer) => {
                let (head, tail) =
                    footer_around_row_groups(&footer.metadata, footer.row_group_count)?;
                let mut row_groups =
                    (footer.row_groups.into_inner()).map_err(|error| error.into_error())?;
                let row_groups_length = row_groups.stream_position()?;
                // Readers take the footer's length for a signed 32-bit number.
                let length =
                    i32::try_from(head.len() as u64 + row_groups_length + tail.len() as u64)
                        .map_err(|_| polars_err!(ComputeError: "a Parquet footer over 2 GiB"))?;
                row_groups.rewind()?;
                self.out.write_all(&head)?;
                std::io::copy(&mut row_groups, &mut self.out)?;
                self.out.write_all(&tail)?;
                self.out.write_all(&length.to_le_bytes())?;
                self.out.write_all(PARQUET_MAGIC)?;
            }
        }
        self.out.into_inner().map_err(|error| error.into_error())?;
        Ok(())
    }
}

/// The encoded footer `footer` (whose own row groups are left out) before and after
/// the encoded list of its `row_groups` row groups: the fields in the order of
/// Parquet's Thrift definition, as its generated encoder writes them. The compact
/// protocol encodes each field's number as the difference from the one before, so
/// the part after the list is encoded after the beginning of a list, left out.
fn footer_around_row_groups(
    footer: &FileMetaData,
    row_groups: usize,
) -> PolarsResult<(Vec<u8>, Vec<u8>)> {
    type Protocol<'a> = TCompactOutputProtocol<&'a mut Vec<u8>>;
    let list = |protocol: &mut Protocol, field: &'static str, id, count: usize| {
        let field = protocol.write_field_begin(&TFieldIdentifier::new(field, TType::List, id))?;
        let list =
            protocol.write_list_begin(&TListIdentifier::new(TType::Struct, count.try_into()?))?;
        thrift::Result::Ok(field + list)
    };
    let mut head = Vec::new();
    let mut protocol = TCompactOutputProtocol::new(&mut head);
    (|| {
        protocol.write_struct_begin(&TStructIdentifier::new("FileMetaData"))?;
        protocol.write_field_begin(&TFieldIdentifier::new("version", TType::I32, 1))?;
        protocol.write_i32(footer.version)?;
        list(&mut protocol, "schema", 2, footer.schema.len())?;
        for element in &footer.schema {
            element.write_to_out_protocol(&mut protocol)?;
        }
        protocol.write_field_begin(&TFieldIdentifier::new("num_rows", TType::I64, 3))?;
        protocol.write_i64(footer.num_rows)?;
        list(&mut protocol, "row_groups", 4, row_groups)?;
        thrift::Result::Ok(())
    })()
    .map_err(thrift_error)?;
    let mut tail = Vec::new();
    let mut protocol = TCompactOutputProtocol::new(&mut tail);
    let left_out = (|| {
        protocol.write_struct_begin(&TStructIdentifier::new("FileMetaData"))?;
        let left_out = list(&mut protocol, "row_groups", 4, 0)?;
        if let Some(pairs) = &footer.key_value_metadata {
            list(&mut protocol, "key_value_metadata", 5, pairs.len())?;
            for pair in pairs {
                pair.write_to_out_protocol(&mut protocol)?;
            }
        }
        if let Some(created_by) = &footer.created_by {
            protocol.write_field_begin(&TFieldIdentifier::new("created_by", TType::String, 6))?;
            protocol.write_string(created_by)?;
        }
        if let Some(orders) = &footer.column_orders {
            list(&mut protocol, "column_orders", 7, orders.len())?;
            for order in orders {
                order.write_to_out_protocol(&mut protocol)?;
            }
        }
        protocol.write_field_stop()?;
        protocol.write_struct_end()?;
        thrift::Result::Ok(left_out)
    })()
    .map_err(thrift_error)?;
    if footer.encryption_algorithm.is_some() || footer.footer_signing_key_metadata.is_some() {
        polars_bail!(ComputeError: "an encrypted Parquet footer");
    }
    Ok((head, tail.split_off(left_out)))
}

/// An error unless every column chunk of `row_group` is in the file and described
/// by offsets that [`ParquetFile`] moves (no bloom filter, no encryption).
fn check_movable(row_group: &RowGroup) -> PolarsResult<()> {
    let unmovable = row_group.columns.iter().any(|column| {
        column.file_path.is_some()
            || column.crypto_metadata.is_some()
            || (column.meta_data.as_ref()).is_none_or(|chunk| chunk.bloom_filter_offset.is_some())
    });
    polars_ensure!(!unmovable, ComputeError: "a column chunk with parts this writer does not move");
    Ok(())
}

/// Where the column chunks of `row_group` begin and end in their file.
fn chunks_range(row_group: &RowGroup) -> PolarsResult<(u64, u64)> {
    let chunks = (row_group.columns.iter()).filter_map(|column| column.meta_data.as_ref());
    let (mut start, mut end) = (i64::MAX, i64::MIN);
    for chunk in chunks {
        let chunk_start = chunk
            .dictionary_page_offset
            .unwrap_or(chunk.data_page_offset);
        start = start.min(chunk_start);
        end = end.max(chunk_start + chunk.total_compressed_size);
    }
    match (u64::try_from(start), u64::try_from(end)) {
        (Ok(start), Ok(end)) if start >= PARQUET_MAGIC.len() as u64 && end > start => {
            Ok((start, end))
        }
        _ => polars_bail!(ComputeError: "a row group's column chunks out of place"),
    }
}

/// The footer of the Parquet file `file`.
fn read_footer(file: &mut (impl Read + Seek)) -> PolarsResult<FileMetaData> {
    use std::io::SeekFrom;
    let size = file.seek(SeekFrom::End(0))?;
    let mut end = [0u8; 8];
    polars_ensure!(size >= 12, ComputeError: "not a Parquet file: {size} bytes");
    file.seek(SeekFrom::End(-8))?;
    file.read_exact(&mut end)?;
    let length = u64::from(u32::from_le_bytes([end[0], end[1], end[2], end[3]]));
    polars_ensure!(
        &end[4..] == PARQUET_MAGIC && length + 12 <= size,
        ComputeError: "not a Parquet file"
    );
    let mut footer = vec![0; length as usize];
    file.seek(SeekFrom::Start(size - 8 - length))?;
    file.read_exact(&mut footer)?;
    // The decoder's bound on what it allocates, as polars-parquet sets it.
    let bound = footer.len() * 2 + 1024;
    FileMetaData::read_from_in_protocol(&mut TCompactInputProtocol::new(footer.as_slice(), bound))
        .map_err(thrift_error)
}

fn thrift_error(error: thrift::Error) -> PolarsError {
    polars_err!(ComputeError: "encoding a Parquet footer: {error}")
}

/// The encoding of each column: Polars' choice (a dictionary, or plain values where
/// the dictionary grows too large), except for ids and byte offsets, which are
/// delta-encoded. A token's `start` differs from the last one's by a few bytes, but
/// as plain 32-bit values that zstd cannot shrink it took 4 bytes a row: with
/// `token_id` and `end`, two thirds of the tokens table. Delta encoding stores the
/// differences in a few bits each.
fn encodings(schema: &ArrowSchema) -> Vec<Vec<Encoding>> {
    schema
        .iter_values()
        .map(|field| {
            let name = field.name.as_str();
            let id_or_offset = name.ends_with("_id") || matches!(name, "start" | "end" | "echo_of");
            let integer = matches!(
                field.dtype,
                ArrowDataType::UInt32
                    | ArrowDataType::UInt64
                    | ArrowDataType::Int32
                    | ArrowDataType::Int64
            );
            if id_or_offset && integer {
                vec![Encoding::DeltaBinaryPacked]
            } else {
                get_dtype_encoding(&field.dtype)
            }
        })
        .collect()
}

/// A string column to be dictionary-encoded (`encoding`), as the dictionary its
/// pages store: each distinct string once, in the order of first appearance, and a
/// key per row. polars-parquet makes the same itself, but first estimates the
/// distinct strings (HyperLogLog over every row) to decide whether a dictionary is
/// worth it, then groups the rows through a general-purpose map: together 4% of a
/// report's CPU, most of it on the tokens table's strings. Here a string of at most
/// 12 bytes, nine in ten of them, is looked up by its 16-byte view alone, and the
/// decision is polars-parquet's, made on the exact count: no dictionary when more
/// than three rows in four are distinct (then `encoding` becomes plain). Another
/// column, a dictionary already among them (the tokens' `norm` and `voice`, see
/// [`TokenColumns`]), is returned as it is.
fn dictionary_encoded(array: Box<dyn Array>, encoding: &mut Vec<Encoding>) -> Box<dyn Array> {
    if *encoding != [Encoding::RleDictionary] || array.is_empty() {
        return array;
    }
    let Some(strings) = array.as_any().downcast_ref::<Utf8ViewArray>() else {
        return array;
    };
    let mut short: FastMap<u128, u32> = FastMap::default();
    let mut long: FastMap<&str, u32> = FastMap::default();
    let mut values = MutableBinaryViewArray::<str>::new();
    let mut keys = Vec::with_capacity(strings.len());
    for (row, view) in strings.views().iter().enumerate() {
        if !strings.is_valid(row) {
            keys.push(0);
            continue;
        }
        let string = strings.value(row);
        let next = narrow(values.len());
        let mut add = || {
            values.push_value(string);
            next
        };
        let key = match view.get_inlined_slice() {
            // A view built elsewhere may not have zeros after its bytes: one
            // built from them has.
            Some(bytes) => *short
                .entry(View::new_inline(bytes).as_u128())
                .or_insert_with(&mut add),
            None => *long.entry(string).or_insert_with(&mut add),
        };
        keys.push(key);
        if !is_dictionary_worth_it(strings.len(), values.len()) {
            encoding[0] = Encoding::Plain;
            return array;
        }
    }
    let keys = PrimitiveArray::new(
        ArrowDataType::UInt32,
        keys.into(),
        strings.validity().cloned(),
    );
    dictionary_array(keys, values.into())
}

/// Whether a column of `rows` rows with `distinct` distinct values is worth a
/// dictionary: polars-parquet's threshold (`encode_as_dictionary_optional`).
fn is_dictionary_worth_it(rows: usize, distinct: usize) -> bool {
    rows <= 128 || distinct * 4 <= rows * 3
}

/// The strings whose index in `values` each of `keys` is, as a dictionary array.
fn dictionary_array(keys: PrimitiveArray<u32>, values: Utf8ViewArray) -> Box<dyn Array> {
    let dtype =
        ArrowDataType::Dictionary(IntegerType::UInt32, Box::new(values.dtype().clone()), false);
    let dictionary = DictionaryArray::try_new(dtype, keys, values.boxed())
        .expect("every key is the index of a value");
    Box::new(dictionary)
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

/// The `pieces` rows of a batch: each document's id and its pieces as JSON (what the
/// corpus-level work needs of it, read back whole by `report --from`).
pub fn pieces_frame(pieces: &[DocumentPieces]) -> PolarsResult<DataFrame> {
    let json = pieces
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<Vec<String>, _>>()
        .map_err(|error| PolarsError::ComputeError(error.to_string().into()))?;
    DataFrame::new(
        pieces.len(),
        vec![
            Column::new(
                "doc_id".into(),
                pieces
                    .iter()
                    .map(|p| narrow(p.doc_id))
                    .collect::<Vec<u32>>(),
            ),
            Column::new("pieces".into(), json),
        ],
    )
}

/// Hands `each` the pieces [`pieces_frame`] wrote to `path`, a row group (a batch
/// of documents) at a time.
pub fn for_each_pieces(
    path: &Path,
    mut each: impl FnMut(Vec<DocumentPieces>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for_each_row_group(path, |frame| {
        each(json_column(&frame, path, "pieces")?)?;
        Ok(())
    })
}

/// Hands `each` the rows of the Parquet file at `path`, a row group at a time, so
/// that a file larger than memory can be read.
pub fn for_each_row_group(
    path: &Path,
    mut each: impl FnMut(DataFrame) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let open = || {
        File::open(path).map_err(|source| TableError::Io {
            path: path.to_path_buf(),
            source,
        })
    };
    let parquet_error = |source| TableError::Parquet {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = ParquetReader::new(open()?);
    let row_groups: Vec<usize> = reader
        .get_metadata()
        .map_err(parquet_error)?
        .row_groups
        .iter()
        .map(|group| group.num_rows())
        .collect();
    let mut offset = 0;
    for rows in row_groups {
        let frame = ParquetReader::new(open()?)
            .with_slice(Some((offset, rows)))
            .finish()
            .map_err(parquet_error)?;
        each(frame)?;
        offset += rows;
    }
    Ok(())
}

/// A table of one row and one column, `name`, holding `value` as JSON.
pub fn json_frame(name: &str, value: &impl serde::Serialize) -> PolarsResult<DataFrame> {
    let json = serde_json::to_string(value)
        .map_err(|error| PolarsError::ComputeError(error.to_string().into()))?;
    DataFrame::new(1, vec![Column::new(name.into(), [json])])
}

/// The values of the JSON column `name` of the Parquet file at `path`.
pub fn read_json_column<T: serde::de::DeserializeOwned>(
    path: &Path,
    name: &str,
) -> Result<Vec<T>, TableError> {
    json_column(&read_parquet(path)?, path, name)
}

/// The values of the JSON column `name` of `frame`, read from `path`.
fn json_column<T: serde::de::DeserializeOwned>(
    frame: &DataFrame,
    path: &Path,
    name: &str,
) -> Result<Vec<T>, TableError> {
    let dataset_error = |what: String| TableError::Dataset {
        path: path.to_path_buf(),
        what,
    };
    let column = frame
        .column(name)
        .and_then(|column| column.str().cloned())
        .map_err(|error| dataset_error(format!("no text column `{name}`: {error}")))?;
    column
        .iter()
        .enumerate()
        .map(|(row, json)| {
            serde_json::from_str(json.unwrap_or("null"))
                .map_err(|error| dataset_error(format!("row {row} of `{name}`: {error}")))
        })
        .collect()
}

/// Gives every row of `frame` the document id `new_id` maps its `doc_id` to.
pub fn renumber_documents(frame: &mut DataFrame, new_id: impl Fn(u32) -> u32) -> PolarsResult<()> {
    let ids: UInt32Chunked = frame
        .column("doc_id")?
        .u32()?
        .iter()
        .map(|id| id.map(&new_id))
        .collect();
    frame.replace("doc_id", ids.with_name("doc_id".into()).into_column())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(name: &str, text: &str) -> AnalysedDocument {
        let document = crate::ingest::decode(Path::new(name), text.as_bytes()).unwrap();
        crate::pipeline::analyse(document, Default::default(), &Default::default())
    }

    #[test]
    fn string_columns_read_back_whole_with_a_dictionary_only_where_rows_repeat() {
        let long = "a string longer than a view holds";
        let repeated: Vec<Option<String>> = (0..300)
            .map(|row| match row % 5 {
                0 => None,
                1 => Some(format!("{long} {}", row % 3)),
                _ => Some(format!("w{}", row % 4)),
            })
            .collect();
        let distinct: Vec<String> = (0..300).map(|row| format!("{long} {row}")).collect();
        let frame = df!("repeated" => repeated, "distinct" => distinct).unwrap();
        let mut bytes = Vec::new();
        let mut file = ParquetFile::create(&mut bytes, frame.schema()).unwrap();
        file.write_batch(&frame).unwrap();
        file.finish().unwrap();

        let read = ParquetReader::new(std::io::Cursor::new(bytes.clone()))
            .finish()
            .unwrap();
        assert!(read.equals_missing(&frame));
        let metadata = read_footer(&mut std::io::Cursor::new(&bytes)).unwrap();
        let dictionary = polars_parquet_format::Encoding::RLE_DICTIONARY;
        let encodings = |column: usize| {
            let chunk = &metadata.row_groups[0].columns[column];
            chunk.meta_data.as_ref().unwrap().encodings.clone()
        };
        assert!(encodings(0).contains(&dictionary));
        assert!(!encodings(1).contains(&dictionary));
    }

    /// A file written a row group at a time reads back whole, with a row group per
    /// frame, and its footer, written in parts around the row groups set aside, is
    /// the footer Parquet's own encoder makes of the same metadata.
    #[test]
    fn row_groups_set_aside_make_the_footer_parquet_encodes() {
        let frames: Vec<DataFrame> = [0u32, 1, 2]
            .into_iter()
            .map(|batch| {
                let ids: Vec<u32> = (0..40).map(|row| batch * 100 + row).collect();
                let words: Vec<Option<String>> = (0..40)
                    .map(|row| (row % 7 != 0).then(|| format!("word {}", row % (batch + 3))))
                    .collect();
                df!("token_id" => ids, "norm" => words).unwrap()
            })
            .collect();
        let mut bytes = Vec::new();
        let mut file = ParquetFile::create(&mut bytes, frames[0].schema()).unwrap();
        for frame in &frames {
            file.write_batch(frame).unwrap();
        }
        file.finish().unwrap();

        let read = ParquetReader::new(std::io::Cursor::new(bytes.clone()))
            .finish()
            .unwrap();
        let mut whole = frames[0].clone();
        whole.vstack_mut(&frames[1]).unwrap();
        whole.vstack_mut(&frames[2]).unwrap();
        assert!(read.equals_missing(&whole));

        let length =
            u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap());
        let footer = &bytes[bytes.len() - 8 - length as usize..bytes.len() - 8];
        let metadata =
            FileMetaData::read_from_in_protocol(&mut TCompactInputProtocol::new(footer, 1 << 20))
                .unwrap();
        assert_eq!(metadata.row_groups.len(), 3);
        assert_eq!(metadata.num_rows, 120);
        let mut encoded = Vec::new();
        metadata
            .write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut encoded))
            .unwrap();
        assert_eq!(encoded, footer);
    }

    /// Rows `first..first + rows` of a small table of tokens.
    fn frame(first: u32, rows: u32) -> DataFrame {
        let ids: Vec<u32> = (first..first + rows).collect();
        let words: Vec<String> = ids.iter().map(|id| format!("w{}", id % 5)).collect();
        df!("token_id" => ids, "norm" => words).unwrap()
    }

    /// Row groups copied from other files, compressed as they are, read back as
    /// the rows written: beside a frame written after them, and not when the
    /// other file has another schema.
    #[test]
    fn row_groups_copied_from_another_file_read_back_whole() {
        let file_of = |frames: &[DataFrame]| {
            let mut file = tempfile::tempfile().unwrap();
            let mut writer = ParquetFile::create(&mut file, frames[0].schema()).unwrap();
            for frame in frames {
                writer.write_batch(frame).unwrap();
            }
            writer.finish().unwrap();
            file
        };
        let parts = [frame(0, 30), frame(30, 12), frame(42, 7), frame(49, 3)];
        let mut first = file_of(&parts[..2]);
        let mut second = file_of(&parts[2..3]);
        let mut other_schema = file_of(&[df!("token_id" => [1i64, 2]).unwrap()]);

        let mut bytes = Vec::new();
        let mut writer = ParquetFile::create(&mut bytes, parts[0].schema()).unwrap();
        for source in [&mut first, &mut second] {
            let footer = read_footer(source).unwrap();
            assert!(writer.copy_row_groups(source, footer).unwrap());
        }
        let footer = read_footer(&mut other_schema).unwrap();
        assert!(!writer.copy_row_groups(&mut other_schema, footer).unwrap());
        writer.write_batch(&parts[3]).unwrap();
        writer.finish().unwrap();

        let read = ParquetReader::new(std::io::Cursor::new(bytes.clone()))
            .finish()
            .unwrap();
        let mut whole = parts[0].clone();
        for part in &parts[1..] {
            whole.vstack_mut(part).unwrap();
        }
        assert!(read.equals_missing(&whole));
        let mut written = tempfile::tempfile().unwrap();
        written.write_all(&bytes).unwrap();
        assert_eq!(read_footer(&mut written).unwrap().row_groups.len(), 4);
    }

    /// Frames appended to a gathering file are written together once they hold
    /// its rows, the rest at the end; a file copied in meanwhile comes after the
    /// frames appended before it: every row read back in the order appended.
    #[test]
    fn gathered_frames_make_fewer_row_groups_in_the_same_order() {
        let directory = tempfile::tempdir().unwrap();
        let copied = directory.path().join("copied.parquet");
        write_parquet(&mut frame(100, 4), &copied).unwrap();
        let path = directory.path().join("gathered.parquet");
        let mut file = AppendedFile::gathering(path.clone(), 10).unwrap();
        // 6 + 6 rows: one row group. 3 rows, then the copied file: flushed first.
        // 5 + 5 rows: one more. 2 rows left at the end.
        let parts = [frame(0, 6), frame(6, 6), frame(12, 3)];
        parts.iter().for_each(|part| file.append(part).unwrap());
        file.append_file(&copied).unwrap();
        let later = [frame(15, 5), frame(20, 5), frame(25, 2)];
        later.iter().for_each(|part| file.append(part).unwrap());
        file.finish(|| Ok(frame(0, 0))).unwrap();

        let mut whole = frame(0, 15);
        whole.vstack_mut(&frame(100, 4)).unwrap();
        whole.vstack_mut(&frame(15, 12)).unwrap();
        let read = ParquetReader::new(File::open(&path).unwrap())
            .finish()
            .unwrap();
        assert!(read.equals_missing(&whole));
        let groups: Vec<i64> = read_footer(&mut File::open(&path).unwrap())
            .unwrap()
            .row_groups
            .iter()
            .map(|group| group.num_rows)
            .collect();
        assert_eq!(groups, [12, 3, 4, 10, 2]);
    }

    /// A file of no rows still has its columns.
    #[test]
    fn a_file_of_no_rows_has_its_schema() {
        let frame = df!("token_id" => Vec::<u32>::new(), "norm" => Vec::<String>::new()).unwrap();
        let mut bytes = Vec::new();
        let mut file = ParquetFile::create(&mut bytes, frame.schema()).unwrap();
        file.write_batch(&frame).unwrap();
        file.finish().unwrap();
        let read = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap();
        assert_eq!(read.height(), 0);
        assert_eq!(read.schema(), frame.schema());
    }

    /// The tokens written a row group at a time are the tokens of the batch, cut
    /// across documents and within one (`space_before` included at the cut).
    #[test]
    fn tokens_cut_into_row_groups_are_the_batch_s_tokens() {
        let documents = [
            analyse(
                "a.txt",
                "“Go now,” she said. He went.\n\nThen the rain came.",
            ),
            analyse(
                "b.txt",
                "Nothing more was said of it that day, or the next.",
            ),
        ];
        let whole = tokens_frame(&documents, 7).unwrap();
        for rows in [1, 5, 13, whole.height()] {
            let spans = token_spans(&documents, 7, rows);
            assert_eq!(spans.len(), whole.height().div_ceil(rows));
            let mut parts = token_spans_frame(&spans[0]).unwrap();
            for group in &spans[1..] {
                let part = token_spans_frame(group).unwrap();
                assert!(part.height() <= rows);
                parts.vstack_mut(&part).unwrap();
            }
            assert!(parts.equals_missing(&whole), "{rows} rows a group");
        }
    }

    /// The tokens table written with `norm` and `voice` as dictionaries made from
    /// each document's ids reads back as the tokens: row groups that cross from one
    /// document (one vocabulary) to the next, an epigraph's attribution (a null
    /// voice), and a row group of distinct words, for which a dictionary is not
    /// worth it and the strings are written plain.
    #[test]
    fn tokens_written_with_dictionaries_of_ids_read_back_as_the_tokens() {
        let distinct: Vec<String> = (0..300).map(|word| format!("word{word}")).collect();
        let documents = [
            analyse(
                "a.txt",
                "Requiem\n\nI threw myself at the hangman’s feet,\nYou are my son, my horror.\n\n\
                 —Anna Akhmatova, Requiem, 1937\n\n“Go now,” she said. He went. “Now?” he asked.",
            ),
            analyse(
                "b.txt",
                &"“Now,” said Anna. The rain came, and she went. ".repeat(20),
            ),
            analyse("c.txt", &(distinct.join(" ") + ".")),
        ];
        let whole = tokens_frame(&documents, 3).unwrap();
        let voices = whole.column("voice").unwrap();
        assert!(voices.null_count() > 0, "the attribution line is nobody's");
        let mut encodings_seen = std::collections::BTreeSet::new();
        for rows in [7, 200, whole.height()] {
            let directory = tempfile::tempdir().unwrap();
            let path = directory.path().join("tokens.parquet");
            let mut file = AppendedFile::create(path.clone()).unwrap();
            for spans in token_spans(&documents, 3, rows) {
                write_tokens(&mut file, &spans).unwrap();
            }
            file.finish(|| token_spans_frame(&[])).unwrap();
            let read = read_parquet(&path).unwrap();
            assert!(read.equals_missing(&whole), "{rows} rows a group");

            // `norm` (column 7) is a dictionary in a row group where words repeat,
            // and plain where more than three rows in four are distinct.
            let metadata = read_footer(&mut File::open(&path).unwrap()).unwrap();
            let mut offset = 0;
            for group in &metadata.row_groups {
                let length = group.num_rows as usize;
                let norms = whole.column("norm").unwrap().slice(offset as i64, length);
                let distinct = norms.n_unique().unwrap();
                let chunk = group.columns[7].meta_data.as_ref().unwrap();
                let dictionary = polars_parquet_format::Encoding::RLE_DICTIONARY;
                let is_dictionary = chunk.encodings.contains(&dictionary);
                assert_eq!(is_dictionary, length <= 128 || distinct * 4 <= length * 3);
                encodings_seen.insert(is_dictionary);
                offset += length;
            }
        }
        assert_eq!(
            encodings_seen.len(),
            2,
            "both a dictionary and plain strings"
        );
    }

    /// The quotations built a few rows at a time are the batch's quotations, cut
    /// within a document and across two.
    #[test]
    fn quotes_cut_into_frames_are_the_batch_s_quotes() {
        let documents = [
            analyse(
                "a.txt",
                "“Go now,” she said. “Now?” he asked. “Yes,” she said, “now.”",
            ),
            analyse("b.txt", "“Stay,” said Anna. “Why?” asked Peter."),
        ];
        let whole = quotes_frame(&documents, 3).unwrap();
        // “Yes,” she said, “now.” is one quotation, interrupted by its tag.
        assert_eq!(whole.height(), 5);
        for rows in [1, 2, 4, whole.height()] {
            let mut frames = quotes_frames(&documents, 3, rows).map(Result::unwrap);
            let mut parts = frames.next().unwrap();
            for part in frames {
                assert!(part.height() <= rows);
                parts.vstack_mut(&part).unwrap();
            }
            assert!(parts.equals_missing(&whole), "{rows} rows a frame");
        }
    }
}
