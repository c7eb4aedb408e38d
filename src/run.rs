//! A run of a command over a corpus: the inputs analysed batch by batch (a batch of
//! documents in memory at a time, analysed in parallel), each batch handed to the
//! run's sinks (tables, statistics, comparison units, voice maps, summaries), then
//! what the sinks gathered put together: the report, or what `quotes`, `stats` and
//! `compare` print. [`crate::cli`] only parses arguments into a [`Config`] and calls
//! one of [`report`], [`quotes`], [`stats`] or [`compare`].
//!
//! Exit status (the contract): 0 when every document was processed, 1 when at least
//! one could not be (the rest are still written). Data goes to stdout or to files;
//! progress, warnings and errors go to stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use rayon::ThreadPool;

use crate::charts::{self, VoiceMap};
use crate::compare::units::{By, UnitCounter};
use crate::compare::{self, Comparison};
use crate::document::{self, AnalysedDocument, DocumentSummary};
use crate::ingest::{self, Metadata};
use crate::output::{self, shorten};
use crate::pipeline;
use crate::report as report_page;
use crate::stats::{self, StatsRun, VoiceStats};
use crate::tables::{Batch, TableWriter};
use crate::voices::SpeakerMap;
use crate::voices::records::{QuoteRecord, records};

/// A validated run of any command (the options a command does not take keep
/// their defaults).
#[derive(Debug)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub metadata: Option<PathBuf>,
    pub threads: Option<usize>,
    pub speakers: SpeakerMap,
    /// Input bytes analysed at a time (the rows of one batch are in memory at once).
    pub batch_bytes: u64,
    /// Bootstrap resamples per voice.
    pub resamples: usize,
    pub compare: CompareOptions,
}

/// The rows `voices stats` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsBy {
    /// Each voice over the whole corpus.
    Voice,
    /// Each voice of each document.
    Document,
}

/// How `voices quotes` and `voices stats` print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading, text shortened.
    Table,
    /// One JSON object per quotation.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// What `report` and `compare` compare, and how.
#[derive(Clone, Debug)]
pub struct CompareOptions {
    pub by: By,
    pub settings: compare::Settings,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            by: By::Voice,
            settings: compare::Settings::default(),
        }
    }
}

impl CompareOptions {
    /// A counter of the units' words (in order too when sampling, character n-grams
    /// or Zeta need them).
    pub fn counter(&self) -> UnitCounter {
        let counter = UnitCounter::new(self.by);
        match self.settings.needs_order() {
            true => counter.keep_order(),
            false => counter,
        }
    }
}

/// Documents whose voice map is drawn (the first ones of the run).
const MAX_VOICE_MAPS: usize = 12;

/// Input bytes analysed at a time by default. A document in memory takes about 60
/// times its size, so 4 MiB of text make about 250 MB of rows: on the 26 British
/// novels, peak memory 0.64 GB against 0.96 GB with 16 MiB batches, in the same
/// time; 1 MiB batches save 0.13 GB more but leave a core idle when a batch holds
/// one novel (twice as slow).
pub const BATCH_BYTES: u64 = 4 * 1024 * 1024;

/// The outermost directory of `path` that does not exist yet, if any.
fn first_missing_ancestor(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .take_while(|ancestor| !ancestor.as_os_str().is_empty() && !ancestor.exists())
        .last()
        .map(Path::to_path_buf)
}

/// A consumer of a run's documents, batch by batch: each batch is handed to every
/// sink of the run in turn, then dropped.
pub trait Sink {
    /// Takes `documents`, the first of which has the id `first_doc_id`.
    fn add(&mut self, documents: &[AnalysedDocument], first_doc_id: usize) -> anyhow::Result<()>;
}

/// The rows of each batch appended to the Parquet tables.
struct TableRows<'a> {
    writer: TableWriter,
    pool: &'a ThreadPool,
}

impl Sink for TableRows<'_> {
    fn add(&mut self, documents: &[AnalysedDocument], first_doc_id: usize) -> anyhow::Result<()> {
        let features = self
            .pool
            .install(|| stats::document_features(documents, first_doc_id));
        self.writer.write(&Batch {
            documents,
            first_doc_id,
            features: &features,
        })?;
        Ok(())
    }
}

/// Each document's voice statistics, and the voices' words kept for the corpus's.
struct Statistics<'a> {
    run: StatsRun,
    pool: &'a ThreadPool,
}

impl Sink for Statistics<'_> {
    fn add(&mut self, documents: &[AnalysedDocument], first_doc_id: usize) -> anyhow::Result<()> {
        self.pool.install(|| self.run.add(documents, first_doc_id));
        Ok(())
    }
}

/// Each comparison unit's word counts.
impl Sink for UnitCounter {
    fn add(&mut self, documents: &[AnalysedDocument], first_doc_id: usize) -> anyhow::Result<()> {
        for (index, document) in documents.iter().enumerate() {
            UnitCounter::add(self, document, first_doc_id + index);
        }
        Ok(())
    }
}

/// The voice maps of the first [`MAX_VOICE_MAPS`] documents.
#[derive(Default)]
struct VoiceMaps(Vec<VoiceMap>);

impl Sink for VoiceMaps {
    fn add(&mut self, documents: &[AnalysedDocument], first_doc_id: usize) -> anyhow::Result<()> {
        let room = MAX_VOICE_MAPS.saturating_sub(first_doc_id);
        self.0.extend(documents.iter().take(room).map(VoiceMap::of));
        Ok(())
    }
}

/// What the `documents` table and the report keep of every document.
#[derive(Default)]
struct Summaries(Vec<DocumentSummary>);

impl Sink for Summaries {
    fn add(&mut self, documents: &[AnalysedDocument], _: usize) -> anyhow::Result<()> {
        self.0
            .extend(documents.iter().map(AnalysedDocument::summary));
        report_page::keep_quotations(&mut self.0);
        Ok(())
    }
}

/// `voices report`: analyse, write the tables and the report.
pub fn report(config: &Config) -> anyhow::Result<ExitCode> {
    let metadata = match &config.metadata {
        Some(path) => Metadata::read(path)?,
        None => Metadata::default(),
    };
    let (files, mut failures) = ingest::discover(&config.inputs);
    for row in metadata.unmatched(&files) {
        eprintln!("warning: metadata row `{row}` matches no input document");
    }

    let data_dir = config.output.join("data");
    let created = first_missing_ancestor(&data_dir);
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let pool = worker_pool(config)?;
    let mut tables = TableRows {
        writer: TableWriter::create(&data_dir)?,
        pool: &pool,
    };
    let mut statistics = Statistics {
        run: StatsRun::new(config.resamples, true),
        pool: &pool,
    };
    let mut units = config.compare.counter();
    let mut maps = VoiceMaps::default();
    let mut summaries = Summaries::default();
    let documents = for_each_batch(
        config,
        &pool,
        &files,
        &metadata,
        &mut failures,
        &mut [
            &mut tables,
            &mut statistics,
            &mut units,
            &mut maps,
            &mut summaries,
        ],
    )?;
    if documents == 0 {
        drop(tables);
        if let Some(created) = created {
            // Leave no empty output directories behind (remove_dir only removes
            // empty ones).
            let _ = std::fs::remove_dir(&data_dir);
            let _ = std::fs::remove_dir(&created);
        }
        bail!("no document could be analysed, nothing written");
    }
    let (Summaries(summaries), VoiceMaps(maps)) = (summaries, maps);
    let (voice_stats, voice_features) = pool.install(|| statistics.run.finish());
    let comparison = compare_units(&pool, units, &config.compare);
    for warning in &comparison.warnings {
        eprintln!("warning: {warning}");
    }
    tables.writer.finish(
        &summaries,
        &metadata.columns,
        &voice_stats,
        &voice_features,
        &comparison,
    )?;

    let quotations = document::quotations_per_voice(&summaries);
    let inputs = charts::Inputs {
        maps: &maps,
        statistics: &voice_stats,
        quotations: &quotations,
        comparison: &comparison,
        linkage: config.compare.settings.linkage,
    };
    let charts = charts::write_all(&config.output.join("charts"), &inputs)
        .map_err(|error| anyhow::anyhow!("charts: {error}"))?;
    let page = report_page::Inputs {
        documents: &summaries,
        quotations: &quotations,
        failures: &failures,
        statistics: &voice_stats,
        comparison: &comparison,
        charts: &charts,
    };
    let (markdown, html) = report_page::render(&page);
    let report_path = config.output.join("report.md");
    output::write_atomically(&report_path, markdown.as_bytes())
        .with_context(|| format!("writing {}", report_path.display()))?;
    let html_path = config.output.join("report.html");
    output::write_atomically(&html_path, html.as_bytes())
        .with_context(|| format!("writing {}", html_path.display()))?;
    eprintln!(
        "wrote {}, {} and {} ({} documents)",
        report_path.display(),
        html_path.display(),
        data_dir.display(),
        summaries.len()
    );
    Ok(exit_status(&failures))
}

/// 0 when every document was processed, 1 when some could not be (the contract).
fn exit_status(failures: &[ingest::IngestError]) -> ExitCode {
    match failures.is_empty() {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(1),
    }
}

/// A pool of `config.threads` workers (one per core by default).
fn worker_pool(config: &Config) -> anyhow::Result<rayon::ThreadPool> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = config.threads {
        pool = pool.num_threads(threads);
    }
    pool.build().context("starting worker threads")
}

/// Analyses `files` batch by batch on `pool`, reports each failure and warning on
/// stderr (adding the failures to `failures`), and hands each batch's documents, in
/// input order, to every sink (outside the pool: a sink may call Polars). Returns
/// how many documents were analysed.
fn for_each_batch(
    config: &Config,
    pool: &ThreadPool,
    files: &[PathBuf],
    metadata: &Metadata,
    failures: &mut Vec<ingest::IngestError>,
    sinks: &mut [&mut dyn Sink],
) -> anyhow::Result<usize> {
    for failure in failures.iter() {
        eprintln!("error: {failure}");
    }
    let progress = pipeline::progress_bar(files.len());
    let mut documents = 0;
    for batch in pipeline::batches(files, config.batch_bytes) {
        let corpus =
            pool.install(|| pipeline::analyse_files(batch, metadata, &config.speakers, &progress));
        for failure in &corpus.failures {
            progress.suspend(|| eprintln!("error: {failure}"));
        }
        failures.extend(corpus.failures);
        for document in &corpus.documents {
            for warning in &document.warnings {
                progress.suspend(|| eprintln!("warning: {}: {warning}", document.path.display()));
            }
        }
        for sink in sinks.iter_mut() {
            sink.add(&corpus.documents, documents)?;
        }
        documents += corpus.documents.len();
    }
    progress.finish_and_clear();
    Ok(documents)
}

/// Every quotation of each batch, printed as it comes.
struct QuotePrinter<'a> {
    format: Format,
    out: &'a mut dyn Write,
}

impl Sink for QuotePrinter<'_> {
    fn add(&mut self, documents: &[AnalysedDocument], first_doc_id: usize) -> anyhow::Result<()> {
        let out = &mut *self.out;
        for (index, document) in documents.iter().enumerate() {
            let doc_id = first_doc_id + index;
            let path = document.path.display().to_string();
            let clean = &document.clean.text;
            let records = records(&document.voices, &clean.text, &clean.map);
            match self.format {
                Format::Table => write_table(out, doc_id, &path, &records)?,
                Format::Jsonl => {
                    for record in &records {
                        writeln!(out, "{}", record.json(doc_id, &path))?;
                    }
                }
                Format::Csv => write_csv(
                    out,
                    records.iter().map(|record| {
                        let mut row = vec![doc_id.to_string(), path.clone()];
                        row.extend(record.fields());
                        row
                    }),
                )?,
            }
        }
        Ok(())
    }
}

/// `voices quotes`: analyse and print every quotation to `out`.
pub fn quotes(config: &Config, format: Format, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (files, mut failures) = ingest::discover(&config.inputs);
    if format == Format::Csv {
        let mut header = vec!["doc_id", "path"];
        header.extend(QuoteRecord::COLUMNS);
        write_csv(out, [header])?;
    }
    let pool = worker_pool(config)?;
    let mut printer = QuotePrinter { format, out };
    let documents = for_each_batch(
        config,
        &pool,
        &files,
        &Metadata::default(),
        &mut failures,
        &mut [&mut printer],
    )?;
    out.flush()?;
    if documents == 0 {
        bail!("no document could be analysed");
    }
    Ok(exit_status(&failures))
}

fn write_csv<Row, Field>(
    out: &mut dyn Write,
    rows: impl IntoIterator<Item = Row>,
) -> anyhow::Result<()>
where
    Row: IntoIterator<Item = Field>,
    Field: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row)?;
    }
    out.write_all(&writer.into_inner().context("writing CSV")?)?;
    Ok(())
}

/// Aligned columns, one line per quotation, the text shortened to fit a line.
fn write_table(
    out: &mut dyn Write,
    doc_id: usize,
    path: &str,
    records: &[QuoteRecord],
) -> std::io::Result<()> {
    writeln!(out, "# {doc_id} {path}: {} quotations", records.len())?;
    writeln!(
        out,
        "{:>4} {:>6} {:<8} {:<28} {:<13} {:>5} {:>5}  text",
        "id", "parent", "kind", "speaker", "rule", "conf", "words"
    )?;
    for record in records {
        let parent = record
            .parent_id
            .map(|id| id.to_string())
            .unwrap_or_default();
        let speaker = record.speaker.as_deref().unwrap_or("-");
        writeln!(
            out,
            "{:>4} {:>6} {:<8} {:<28} {:<13} {:>5.2} {:>5}  {}",
            record.quote_id,
            parent,
            record.kind,
            shorten(speaker, 28),
            record.rule,
            record.confidence,
            record.words,
            shorten(
                &record.text.split_whitespace().collect::<Vec<_>>().join(" "),
                70
            )
        )?;
    }
    writeln!(out)
}

/// The paths of the documents, in order.
#[derive(Default)]
struct Paths(Vec<String>);

impl Sink for Paths {
    fn add(&mut self, documents: &[AnalysedDocument], _: usize) -> anyhow::Result<()> {
        self.0
            .extend(documents.iter().map(|d| d.path.display().to_string()));
        Ok(())
    }
}

/// `voices stats`: analyse, compute every voice's statistics and print them to `out`.
pub fn stats(
    config: &Config,
    by: StatsBy,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let (files, mut failures) = ingest::discover(&config.inputs);
    let pool = worker_pool(config)?;
    let mut statistics = Statistics {
        run: StatsRun::new(config.resamples, by == StatsBy::Document),
        pool: &pool,
    };
    let mut paths = Paths::default();
    let documents = for_each_batch(
        config,
        &pool,
        &files,
        &Metadata::default(),
        &mut failures,
        &mut [&mut statistics, &mut paths],
    )?;
    if documents == 0 {
        bail!("no document could be analysed");
    }
    let Paths(paths) = paths;
    let (all_rows, _) = pool.install(|| statistics.run.finish());
    let rows: Vec<VoiceStats> = match by {
        StatsBy::Voice => stats::corpus_rows(&all_rows).into_iter().cloned().collect(),
        StatsBy::Document => all_rows
            .into_iter()
            .filter(|row| row.doc_id.is_some())
            .collect(),
    };
    let path_of = |row: &VoiceStats| row.doc_id.map(|id| paths[id].as_str()).unwrap_or("");
    match format {
        Format::Jsonl => {
            for row in &rows {
                writeln!(out, "{}", stats::print::json(row, path_of(row)))?;
            }
        }
        Format::Csv => write_csv(
            out,
            std::iter::once(stats::print::csv_header()).chain(
                rows.iter()
                    .map(|row| stats::print::csv_fields(row, path_of(row))),
            ),
        )?,
        Format::Table => match by {
            StatsBy::Voice => stats::print::write_table(
                out,
                &format!("{} documents: every voice over the corpus", paths.len()),
                &rows,
            )?,
            StatsBy::Document => {
                for (doc_id, path) in paths.iter().enumerate() {
                    let document: Vec<VoiceStats> = rows
                        .iter()
                        .filter(|row| row.doc_id == Some(doc_id))
                        .cloned()
                        .collect();
                    stats::print::write_table(out, &format!("{doc_id} {path}"), &document)?;
                }
            }
        },
    }
    out.flush()?;
    Ok(exit_status(&failures))
}

/// `voices compare`: analyse, count each unit's words, compare them at every MFW
/// setting and print the nearest neighbours, attributions and accuracy to `out`.
pub fn compare(config: &Config, format: Format, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let metadata = match &config.metadata {
        Some(path) => Metadata::read(path)?,
        None => Metadata::default(),
    };
    let (files, mut failures) = ingest::discover(&config.inputs);
    for row in metadata.unmatched(&files) {
        eprintln!("warning: metadata row `{row}` matches no input document");
    }
    let pool = worker_pool(config)?;
    let mut counter = config.compare.counter();
    let documents = for_each_batch(
        config,
        &pool,
        &files,
        &metadata,
        &mut failures,
        &mut [&mut counter],
    )?;
    if documents == 0 {
        bail!("no document could be analysed");
    }
    let comparison = compare_units(&pool, counter, &config.compare);
    for warning in &comparison.warnings {
        eprintln!("warning: {warning}");
    }
    let distance = config.compare.settings.distances[0].name();
    match format {
        Format::Table => compare::print::write_table(out, &comparison, distance)?,
        Format::Jsonl => compare::print::write_jsonl(out, &comparison)?,
        Format::Csv => {
            let rows = compare::print::distance_rows(&comparison);
            write_csv(
                out,
                std::iter::once(compare::print::DistanceRow::COLUMNS.map(String::from))
                    .chain(rows.iter().map(|row| row.fields())),
            )?
        }
    }
    out.flush()?;
    Ok(exit_status(&failures))
}

/// Compares the units `counter` gathered, on `pool`.
fn compare_units(
    pool: &rayon::ThreadPool,
    counter: UnitCounter,
    options: &CompareOptions,
) -> Comparison {
    let (units, vocabulary) = counter.finish();
    pool.install(|| compare::compare(units, &vocabulary, &options.settings))
}
