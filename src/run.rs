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
use rayon::prelude::*;

use crate::charts::{self, VoiceMap};
use crate::compare::units::{By, UnitCounter};
use crate::compare::{self, Comparison};
use crate::dataset::{Dataset, Manifest, Shard};
use crate::document::{
    self, AnalysedDocument, DocumentPieces, DocumentSummary, PieceSettings, WordsKept,
};
use crate::ingest::file_index::FileIndex;
use crate::ingest::{self, Metadata};
use crate::output::{self, shorten};
use crate::pipeline;
use crate::report as report_page;
use crate::report::reading;
use crate::stats::{self, StatsRun, VoiceStats};
use crate::tables::{self, AppendedFile, Batch, PER_DOCUMENT_TABLES, TableWriter, VoiceStatsTable};
use crate::voices::SpeakerMap;
use crate::voices::corrections::Corrections;
use crate::voices::records::{QuoteRecord, records};

/// A validated run of any command (the options a command does not take keep
/// their defaults).
#[derive(Debug)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub metadata: Option<PathBuf>,
    /// A scholar's decisions about quotations ([`crate::voices::corrections`]).
    pub corrections: Option<PathBuf>,
    pub threads: Option<usize>,
    pub speakers: SpeakerMap,
    /// Input bytes analysed at a time (the rows of one batch are in memory at once).
    pub batch_bytes: u64,
    /// Bootstrap resamples per voice.
    pub resamples: usize,
    /// Whether the voices of each document get intervals too, not only the voices
    /// over the corpus (`--document-intervals`). A report shows only the corpus's,
    /// and each document's took a fifth of a report's time.
    pub document_intervals: bool,
    pub compare: CompareOptions,
}

impl Config {
    /// The resamples of the intervals of each document's voices: none unless they
    /// are asked for.
    fn document_resamples(&self) -> usize {
        match self.document_intervals {
            true => self.resamples,
            false => 0,
        }
    }
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

    /// How the documents' pieces must keep their words for this comparison.
    pub fn words_kept(&self) -> WordsKept {
        match self.settings.needs_order() {
            true => WordsKept::InOrder,
            false => WordsKept::Counts,
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

/// A consumer of a run's analysed documents, batch by batch: each batch is handed to
/// every sink of the run in turn, then dropped.
pub trait Sink {
    /// Takes `documents`, the first of which has the id `first_doc_id`.
    fn add(&mut self, documents: &[AnalysedDocument], first_doc_id: usize) -> anyhow::Result<()>;
}

/// A consumer of the pieces of a run's documents ([`DocumentPieces`]), batch by
/// batch: as they are made in a run that analyses, as they are read from a dataset
/// in `report --from`.
pub trait PieceSink {
    fn add(&mut self, pieces: &[DocumentPieces]) -> anyhow::Result<()>;
}

/// The rows of each batch appended to the Parquet tables.
struct TableRows {
    writer: TableWriter,
}

impl Sink for TableRows {
    fn add(&mut self, documents: &[AnalysedDocument], first_doc_id: usize) -> anyhow::Result<()> {
        self.writer.write(&Batch {
            documents,
            first_doc_id,
        })?;
        Ok(())
    }
}

/// Each document's voice statistics, and the voices' words kept for the corpus's.
impl PieceSink for StatsRun {
    fn add(&mut self, pieces: &[DocumentPieces]) -> anyhow::Result<()> {
        Ok(StatsRun::add(self, pieces)?)
    }
}

/// Each comparison unit's word counts.
impl PieceSink for UnitCounter {
    fn add(&mut self, pieces: &[DocumentPieces]) -> anyhow::Result<()> {
        for document in pieces {
            UnitCounter::add(self, document);
        }
        Ok(())
    }
}

/// The voice maps of the first [`MAX_VOICE_MAPS`] documents.
#[derive(Default)]
struct VoiceMaps(Vec<VoiceMap>);

impl PieceSink for VoiceMaps {
    fn add(&mut self, pieces: &[DocumentPieces]) -> anyhow::Result<()> {
        let first = pieces.iter().filter(|piece| piece.doc_id < MAX_VOICE_MAPS);
        self.0.extend(first.map(VoiceMap::of));
        Ok(())
    }
}

/// What the `documents` table and the report keep of every document.
#[derive(Default)]
struct Summaries(Vec<DocumentSummary>);

impl PieceSink for Summaries {
    fn add(&mut self, pieces: &[DocumentPieces]) -> anyhow::Result<()> {
        self.0
            .extend(pieces.iter().map(|piece| piece.summary.clone()));
        report_page::keep_what_is_shown(&mut self.0);
        Ok(())
    }
}

/// A report's `voice_stats`: each document's rows as their batch comes.
impl PieceSink for VoiceStatsTable {
    fn add(&mut self, pieces: &[DocumentPieces]) -> anyhow::Result<()> {
        let rows: Vec<&VoiceStats> = pieces.iter().flat_map(|piece| &piece.voice_stats).collect();
        Ok(self.append(&rows)?)
    }
}

/// The reading view of each document ([`reading`]), written as its batch goes by.
struct ReadingPages<'a> {
    directory: PathBuf,
    pool: &'a ThreadPool,
}

impl<'a> ReadingPages<'a> {
    fn create(directory: PathBuf, pool: &'a ThreadPool) -> anyhow::Result<Self> {
        output::create_dir_all(&directory)
            .with_context(|| format!("creating {}", directory.display()))?;
        Ok(ReadingPages { directory, pool })
    }
}

impl Sink for ReadingPages<'_> {
    fn add(&mut self, documents: &[AnalysedDocument], _first_doc_id: usize) -> anyhow::Result<()> {
        let (shown, too_large): (Vec<&AnalysedDocument>, Vec<&AnalysedDocument>) =
            documents.iter().partition(|d| reading::has_page(d.bytes));
        for document in too_large {
            eprintln!(
                "warning: {}: no reading view ({} MB; a page is made for documents of at most {} MB)",
                document.path.display(),
                document.bytes / (1024 * 1024),
                reading::MAX_BYTES / (1024 * 1024)
            );
        }
        self.pool.install(|| {
            shown.par_iter().try_for_each(|document| {
                let path = self.directory.join(reading::page_name(&document.path));
                output::write_atomically(&path, reading::page(document).as_bytes())
                    .with_context(|| format!("writing {}", path.display()))
            })
        })
    }
}

/// Where shard `shard` of `dataset` keeps its documents' reading views.
fn shard_reading_directory(dataset: &Path, shard: usize) -> PathBuf {
    dataset
        .join(reading::DIRECTORY)
        .join(format!("shard={shard}"))
}

/// What a report gathers from the pieces of its documents.
struct ReportSinks {
    statistics: StatsRun,
    voice_stats: VoiceStatsTable,
    units: UnitCounter,
    maps: VoiceMaps,
    summaries: Summaries,
}

impl ReportSinks {
    /// Writes `voice_stats` in `data`, and keeps the voices over the corpus there
    /// until the end.
    fn new(config: &Config, resamples: usize, data: &Path) -> anyhow::Result<Self> {
        Ok(ReportSinks {
            statistics: StatsRun::new(resamples, false, data)?,
            voice_stats: VoiceStatsTable::create(data.join("voice_stats.parquet"))?,
            units: config.compare.counter(),
            maps: VoiceMaps::default(),
            summaries: Summaries::default(),
        })
    }

    fn sinks(&mut self) -> [&mut dyn PieceSink; 5] {
        [
            &mut self.statistics,
            &mut self.voice_stats,
            &mut self.units,
            &mut self.maps,
            &mut self.summaries,
        ]
    }
}

/// The files a run reads beside its inputs, their rows matched to the inputs.
struct SideFiles {
    /// `--metadata`.
    metadata: Metadata,
    /// `--corrections`.
    corrections: Corrections,
}

impl SideFiles {
    /// The side files matched to `files` (all the inputs of the run), before any
    /// work starts: a row that could name two inputs, or two rows for one input's
    /// metadata, are errors. (A correction that matches no quotation is found when
    /// its document is analysed, and stops the run then.)
    fn read(config: &Config, files: &[PathBuf]) -> anyhow::Result<Self> {
        let index = FileIndex::new(files);
        let metadata = match &config.metadata {
            Some(path) => Metadata::read_indexed(path, &index)?,
            None => Metadata::default(),
        };
        let corrections = match &config.corrections {
            Some(path) => Corrections::read(path, &index)?,
            None => Corrections::default(),
        };
        Ok(SideFiles {
            metadata,
            corrections,
        })
    }

    /// [`SideFiles::read`], with a warning for each row that matches no input.
    fn read_and_warn(config: &Config, files: &[PathBuf]) -> anyhow::Result<Self> {
        let side = SideFiles::read(config, files)?;
        side.warn_unmatched(config);
        Ok(side)
    }

    fn warn_unmatched(&self, config: &Config) {
        let file = config.metadata.as_deref().unwrap_or(Path::new(""));
        for row in self.metadata.unmatched() {
            eprintln!(
                "warning: metadata {}: {row} matches no input document",
                file.display()
            );
        }
        for row in self.corrections.unmatched() {
            eprintln!(
                "warning: corrections {}: {row} matches no input document",
                self.corrections.path().display()
            );
        }
    }

    /// What each document of the run is given.
    fn settings<'a>(&'a self, config: &'a Config) -> pipeline::Settings<'a> {
        pipeline::Settings {
            metadata: &self.metadata,
            speakers: &config.speakers,
            corrections: &self.corrections,
        }
    }
}

/// `voices report`: analyse, write the tables and the report.
pub fn report(config: &Config) -> anyhow::Result<ExitCode> {
    let (files, mut failures) = ingest::discover(&config.inputs);
    let side = SideFiles::read_and_warn(config, &files)?;

    let output = OutputDirectory::create(&config.output)?;
    let pool = worker_pool(config)?;
    let mut tables = TableRows {
        writer: TableWriter::create(&output.data)?,
    };
    let mut gathered = ReportSinks::new(config, config.resamples, &output.data)?;
    let mut pages = ReadingPages::create(output.root.join(reading::DIRECTORY), &pool)?;
    let documents = for_each_batch(
        config,
        &pool,
        &files,
        Numbering::Analysed,
        &side,
        &mut failures,
        &mut Consumers {
            documents: &mut [&mut tables, &mut pages],
            pieces: &mut gathered.sinks(),
            settings: PieceSettings::all(config.compare.words_kept(), config.document_resamples()),
        },
    )?;
    if documents == 0 {
        // The staging directory goes with `output`, and the target is untouched.
        bail!("no document could be analysed, nothing written");
    }
    let failures: Vec<String> = failures.iter().map(ToString::to_string).collect();
    write_report(
        config,
        &pool,
        output,
        tables.writer,
        gathered,
        &side.metadata.columns,
        &failures,
    )?;
    Ok(exit_status(&failures))
}

/// A report's directory, written into a staging directory beside it and put in
/// place whole once everything is written ([`output::StagedDirectory`]).
struct OutputDirectory {
    staged: output::StagedDirectory,
    /// Where its files are written until then (the staging directory) and its
    /// `data/`.
    root: PathBuf,
    data: PathBuf,
}

impl OutputDirectory {
    fn create(target: &Path) -> anyhow::Result<Self> {
        let staged = output::StagedDirectory::create(target)?;
        let root = staged.path().to_path_buf();
        let data = root.join("data");
        std::fs::create_dir(&data).with_context(|| format!("creating {}", data.display()))?;
        Ok(OutputDirectory { staged, root, data })
    }
}

/// Puts together what `sinks` gathered: the statistics over the corpus, the
/// comparison, the tables left to write, the charts and the report.
fn write_report(
    config: &Config,
    pool: &ThreadPool,
    output: OutputDirectory,
    tables: TableWriter,
    sinks: ReportSinks,
    metadata_columns: &[String],
    failures: &[String],
) -> anyhow::Result<()> {
    let ReportSinks {
        statistics,
        voice_stats: voice_stats_table,
        units,
        maps: VoiceMaps(maps),
        summaries: Summaries(summaries),
    } = sinks;
    // The rows over the corpus (the report shows no document's rows) and the
    // comparison need nothing of each other. Side by side, each takes the core the
    // other leaves idle: the statistics end on their largest voices one at a time,
    // and the comparison has steps that run on one core (the tree, the PCA).
    let (measured, comparison) = pool.install(|| {
        rayon::join(
            || statistics.finish(),
            || compare_units(units, &config.compare),
        )
    });
    let (voice_stats, voice_features) = measured?;
    // What the two freed stays with the allocator, and what follows (the last
    // tables, the charts, the pages) would come on top of it: twenty copies of the
    // British novels peaked at 277 MB instead of 255.
    release_freed_memory();
    voice_stats_table.finish(&voice_stats.iter().collect::<Vec<_>>())?;
    for warning in &comparison.warnings {
        eprintln!("warning: {warning}");
    }
    tables.finish(&summaries, metadata_columns, &voice_features, &comparison)?;

    let quotations = document::quotations_per_voice(&summaries);
    let inputs = charts::Inputs {
        maps: &maps,
        statistics: &voice_stats,
        quotations: &quotations,
        comparison: &comparison,
        linkage: config.compare.settings.linkage,
    };
    let charts = charts::write_all(&output.root.join("charts"), &inputs)
        .map_err(|error| anyhow::anyhow!("charts: {error}"))?;
    let page = report_page::Inputs {
        documents: &summaries,
        quotations: &quotations,
        failures,
        statistics: &voice_stats,
        comparison: &comparison,
        charts: &charts,
    };
    let (markdown, html) = report_page::render(&page);
    let report_path = output.root.join("report.md");
    output::write_atomically(&report_path, markdown.as_bytes())
        .with_context(|| format!("writing {}", report_path.display()))?;
    let html_path = output.root.join("report.html");
    output::write_atomically(&html_path, html.as_bytes())
        .with_context(|| format!("writing {}", html_path.display()))?;
    let target = output.staged.target().to_path_buf();
    output
        .staged
        .commit()
        .with_context(|| format!("putting the report in place at {}", target.display()))?;
    eprintln!(
        "wrote {}, {} and {} ({} documents)",
        target.join("report.md").display(),
        target.join("report.html").display(),
        target.join("data").display(),
        summaries.len()
    );
    Ok(())
}

/// The pieces of each batch appended to a shard's `pieces` table.
struct PieceTable(AppendedFile);

impl PieceSink for PieceTable {
    fn add(&mut self, pieces: &[DocumentPieces]) -> anyhow::Result<()> {
        self.0.append(&tables::pieces_frame(pieces)?)?;
        Ok(())
    }
}

/// What a shard's `documents` table needs of each document: its id and its summary
/// (without its quotations, which are in `quotes`).
#[derive(Default)]
struct ShardDocuments {
    ids: Vec<u32>,
    summaries: Vec<DocumentSummary>,
}

impl PieceSink for ShardDocuments {
    fn add(&mut self, pieces: &[DocumentPieces]) -> anyhow::Result<()> {
        for piece in pieces {
            self.ids.push(crate::offsets::narrow(piece.doc_id));
            self.summaries.push(DocumentSummary {
                quotes: Vec::new(),
                ..piece.summary.clone()
            });
        }
        Ok(())
    }
}

/// `voices analyse`: analyse shard `shard` of the inputs and write its tables and
/// pieces to the dataset `config.output` ([`crate::dataset`]).
pub fn analyse(config: &Config, shard: Shard) -> anyhow::Result<ExitCode> {
    let (all_files, discovery_failures) = ingest::discover(&config.inputs);
    // Every shard matches the rows to all the inputs, so that each finds the same
    // errors; shard 0 alone warns of the rows that match none.
    let side = SideFiles::read(config, &all_files)?;
    let inputs = all_files.len();
    let slice = shard.slice(inputs);
    let files = &all_files[slice.clone()];
    // Inputs not found and metadata rows that match no input belong to no slice:
    // shard 0 reports them.
    let mut failures = match shard.index {
        0 => discovery_failures,
        _ => Vec::new(),
    };
    if shard.index == 0 {
        side.warn_unmatched(config);
    }

    let dataset = &config.output;
    begin_shard(dataset, shard.index)?;
    let pool = worker_pool(config)?;
    let mut tables = TableRows {
        writer: TableWriter::for_shard(dataset, shard.index)?,
    };
    let pieces_path = tables::shard_path(dataset, "pieces", shard.index);
    let mut pieces = PieceTable(AppendedFile::create(pieces_path)?);
    let mut summaries = ShardDocuments::default();
    let mut pages = ReadingPages::create(shard_reading_directory(dataset, shard.index), &pool)?;
    let documents = for_each_batch(
        config,
        &pool,
        files,
        Numbering::Inputs(slice.start),
        &side,
        &mut failures,
        &mut Consumers {
            documents: &mut [&mut tables, &mut pages],
            pieces: &mut [&mut pieces, &mut summaries],
            settings: PieceSettings::all(WordsKept::InOrder, config.document_resamples()),
        },
    )?;
    let mut documents_table =
        tables::documents_frame(&summaries.summaries, &side.metadata.columns)?;
    tables::renumber_documents(&mut documents_table, |row| summaries.ids[row as usize])?;
    tables::write_parquet(
        &mut documents_table,
        &tables::shard_path(dataset, "documents", shard.index),
    )?;
    tables.writer.close()?;
    pieces.0.finish(|| tables::pieces_frame(&[]))?;
    let failures: Vec<String> = failures.iter().map(ToString::to_string).collect();
    Manifest {
        shard: shard.index,
        shards: shard.count,
        inputs,
        slice: slice.clone(),
        documents,
        resamples: config.resamples,
        document_intervals: config.document_intervals,
        metadata_columns: side.metadata.columns.clone(),
        speakers: config.speakers.entries(),
        failures: failures.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    }
    .write(dataset)?;
    eprintln!(
        "wrote shard {} of {} to {} ({documents} documents)",
        shard.index,
        shard.count,
        dataset.display()
    );
    Ok(exit_status(&failures))
}

/// Makes shard `shard` of `dataset` read as unfinished until its manifest is
/// written again (last): a reader must not take the new tables of a run that is
/// killed half-way for the old shard's. Its temporary files, a killed run's or this
/// one's if a signal ends it, are removed.
fn begin_shard(dataset: &Path, shard: usize) -> anyhow::Result<()> {
    let manifest = tables::shard_path(dataset, "manifest", shard);
    match std::fs::remove_file(&manifest) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(error).with_context(|| format!("removing {}", manifest.display()));
        }
    }
    for name in PER_DOCUMENT_TABLES
        .into_iter()
        .chain(["pieces", "manifest"])
    {
        let path = tables::shard_path(dataset, name, shard);
        let directory = path.parent().expect("a shard's file is in its directory");
        output::create_dir_all(directory)
            .with_context(|| format!("creating {}", directory.display()))?;
        output::own_temporaries_in(directory);
    }
    // The reading views of an earlier run of the shard (of other inputs, maybe).
    let pages = shard_reading_directory(dataset, shard);
    match std::fs::remove_dir_all(&pages) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error).with_context(|| format!("removing {}", pages.display())),
    }
    output::create_dir_all(&pages).with_context(|| format!("creating {}", pages.display()))?;
    output::own_temporaries_in(&pages);
    Ok(())
}

/// `voices report --from DATASET`: the report of the documents a sharded run
/// analysed, read shard by shard, the same as a single `voices report` of its
/// inputs writes.
pub fn report_from(config: &Config, dataset: &Path) -> anyhow::Result<ExitCode> {
    let dataset = Dataset::open(dataset)?;
    let first = &dataset.manifests[0];
    let output = OutputDirectory::create(&config.output)?;
    let pool = worker_pool(config)?;
    let mut tables = TableWriter::create(&output.data)?;
    let mut gathered = ReportSinks::new(config, first.resamples, &output.data)?;
    let mut failures = Vec::new();
    let mut documents = 0;
    let pages = output.root.join(reading::DIRECTORY);
    output::create_dir_all(&pages).with_context(|| format!("creating {}", pages.display()))?;
    for manifest in &dataset.manifests {
        let shard = manifest.shard;
        copy_files(&shard_reading_directory(dataset.root(), shard), &pages)?;
        failures.extend(manifest.failures.iter().cloned());
        // A run numbers the documents it analysed from 0; a shard numbers its own
        // from the position of its first input, so that inputs that could not be
        // analysed leave gaps: close them.
        // Numbers as a single run would (the pieces first), a batch at a time.
        let mut new_ids = crate::hashing::FastMap::default();
        tables::for_each_pieces(&dataset.table("pieces", shard), |mut pieces| {
            for piece in &mut pieces {
                new_ids.insert(crate::offsets::narrow(piece.doc_id), documents);
                piece.renumber(documents);
                documents += 1;
            }
            for sink in gathered.sinks() {
                sink.add(&pieces)?;
            }
            Ok(())
        })?;
        let renumbered = new_ids.iter().any(|(old, new)| *old as usize != *new);
        for name in PER_DOCUMENT_TABLES {
            let path = dataset.table(name, shard);
            if !renumbered {
                tables.append_file(name, &path)?;
                continue;
            }
            tables::for_each_row_group(&path, |mut frame| {
                tables::renumber_documents(&mut frame, |id| {
                    new_ids
                        .get(&id)
                        .map_or(id, |new| crate::offsets::narrow(*new))
                })?;
                tables.append(name, &frame)?;
                Ok(())
            })?;
        }
    }
    if documents == 0 {
        // The staging directory goes with `output`, and the target is untouched.
        bail!("the dataset holds no document, nothing written");
    }
    write_report(
        config,
        &pool,
        output,
        tables,
        gathered,
        &first.metadata_columns,
        &failures,
    )?;
    Ok(exit_status(&failures))
}

/// Copies the files of `from` (a shard's reading views) into `to`; a shard written
/// before reading views existed has none, and says so.
fn copy_files(from: &Path, to: &Path) -> anyhow::Result<()> {
    let entries = match std::fs::read_dir(from) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "warning: {} not found (a dataset written before reading views): the report's links to these documents' reading views lead nowhere",
                from.display()
            );
            return Ok(());
        }
        entries => entries.with_context(|| format!("reading {}", from.display()))?,
    };
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", from.display()))?;
        if entry.file_type()?.is_file() {
            let target = to.join(entry.file_name());
            std::fs::copy(entry.path(), &target).with_context(|| {
                format!("copying {} to {}", entry.path().display(), target.display())
            })?;
        }
    }
    Ok(())
}

/// 0 when every document was processed, 1 when some could not be (the contract).
fn exit_status<Failure>(failures: &[Failure]) -> ExitCode {
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

/// What a run hands each batch to.
struct Consumers<'a, 'b> {
    /// Sinks of the analysed documents.
    documents: &'a mut [&'b mut dyn Sink],
    /// Sinks of their pieces (none made when there is none).
    pieces: &'a mut [&'b mut dyn PieceSink],
    /// The pieces they need.
    settings: PieceSettings,
}

impl Consumers<'_, '_> {
    /// Hands `documents`, whose first has the id `first_doc_id`, to every sink, and
    /// their pieces (made on `pool`) to every sink of pieces. With `side_by_side`,
    /// the pieces are made while the sinks of documents take them: writing the
    /// tables (on Polars' threads) took longer than analysing the batch, and the
    /// pool waited for it.
    fn add(
        &mut self,
        pool: &ThreadPool,
        documents: &[AnalysedDocument],
        first_doc_id: usize,
        side_by_side: bool,
    ) -> anyhow::Result<()> {
        let settings = self.settings;
        let make_pieces = || -> Vec<DocumentPieces> {
            pool.install(|| {
                documents
                    .par_iter()
                    .enumerate()
                    .map(|(index, document)| {
                        DocumentPieces::of(document, first_doc_id + index, settings)
                    })
                    .collect()
            })
        };
        let wants_pieces = !self.pieces.is_empty();
        let mut take_documents =
            || (self.documents.iter_mut()).try_for_each(|sink| sink.add(documents, first_doc_id));
        let pieces = match side_by_side {
            true => {
                let (taken, pieces) = std::thread::scope(|scope| {
                    let pieces = wants_pieces.then(|| scope.spawn(make_pieces));
                    let taken = take_documents();
                    (
                        taken,
                        pieces.map(|pieces| pieces.join().expect("making the pieces panicked")),
                    )
                });
                taken?;
                pieces
            }
            false => {
                take_documents()?;
                wants_pieces.then(make_pieces)
            }
        };
        for sink in self.pieces.iter_mut() {
            sink.add(pieces.as_deref().unwrap_or_default())?;
        }
        Ok(())
    }
}

/// The ranges of `positions` (increasing) whose positions follow each other.
fn consecutive_runs(positions: &[usize]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    (1..=positions.len()).filter_map(move |end| {
        let breaks = end == positions.len() || positions[end] != positions[end - 1] + 1;
        let run = start..end;
        if breaks {
            start = end;
        }
        breaks.then_some(run)
    })
}

/// How a run numbers its documents.
#[derive(Clone, Copy, Debug)]
enum Numbering {
    /// From 0, the documents analysed in input order: a run's ids.
    Analysed,
    /// By position among the inputs of the whole run, the first of `files` being
    /// at this one: a shard's ids, the same whatever the number of shards (an input
    /// that could not be analysed leaves a gap that `report --from` closes).
    Inputs(usize),
}

/// Analyses `files` batch by batch on `pool`, numbering the documents as `numbering`
/// says, reports each failure and warning on stderr (adding the failures to
/// `failures`), and hands each batch's documents, in input order, and their pieces
/// to `consumers` (outside the pool: a sink may call Polars). Returns how many
/// documents were analysed.
///
/// The next batch is analysed while the consumers take the last one: each step
/// alone left a core idle a quarter of the time (a batch's last novel analysed
/// alone, a sink writing its rows alone). So at most two batches are in memory.
fn for_each_batch(
    config: &Config,
    pool: &ThreadPool,
    files: &[PathBuf],
    numbering: Numbering,
    side: &SideFiles,
    failures: &mut Vec<ingest::IngestError>,
    consumers: &mut Consumers,
) -> anyhow::Result<usize> {
    for failure in failures.iter() {
        eprintln!("error: {failure}");
    }
    let progress = pipeline::progress_bar(files.len());
    let batches = pipeline::batches(files, config.batch_bytes);
    let settings = side.settings(config);
    // A batch much larger than the others (a long book alone) is analysed and
    // consumed alone: beside another batch, or with its tables written beside its
    // pieces, a 100 MB book took more than 1 GiB.
    let alone = |batch: &pipeline::FileBatch| batch.bytes > 2 * config.batch_bytes;
    let documents = std::thread::scope(|scope| {
        // A rendezvous: the analysis of the batch after next waits until the
        // consumers take the next one.
        let (analysed, batches_analysed) = std::sync::mpsc::sync_channel(0);
        // A word from the consumers each time they are done with a batch.
        let (consumed, batches_consumed) = std::sync::mpsc::channel();
        let progress = &progress;
        scope.spawn(move || {
            let (mut batch_start, mut unacknowledged, mut after_alone) = (0, 0, false);
            for batch in batches {
                let alone = alone(&batch);
                if alone || after_alone {
                    // Nothing more to analyse once the consumers stopped (an error).
                    let waited = (0..unacknowledged).try_for_each(|_| batches_consumed.recv());
                    if waited.is_err() {
                        break;
                    }
                    unacknowledged = 0;
                }
                let corpus =
                    pool.install(|| pipeline::analyse_files(batch.files, settings, progress));
                if analysed.send((batch_start, alone, corpus)).is_err() {
                    break;
                }
                unacknowledged += 1;
                after_alone = alone;
                batch_start += batch.files.len();
            }
        });
        let mut documents = 0;
        for (batch_start, alone, mut corpus) in batches_analysed {
            report_problems(&mut corpus, progress, failures)?;
            for (run, first_doc_id) in id_runs(numbering, &corpus, batch_start, documents) {
                consumers.add(pool, &corpus.documents[run], first_doc_id, !alone)?;
            }
            documents += corpus.documents.len();
            drop(corpus);
            release_freed_memory();
            // The analysis may have stopped: then no one listens.
            let _ = consumed.send(());
        }
        anyhow::Ok(documents)
    });
    progress.finish_and_clear();
    documents
}

/// Reports the failures and warnings of a batch's documents on stderr and adds the
/// failures to `failures`; an error when a decision could not be applied: a report
/// without it, or without the document, would pass for the scholar's.
fn report_problems(
    corpus: &mut pipeline::Corpus,
    progress: &indicatif::ProgressBar,
    failures: &mut Vec<ingest::IngestError>,
) -> anyhow::Result<()> {
    if let Some(failure) = (corpus.failures.iter())
        .find(|failure| matches!(failure, ingest::IngestError::Correction { .. }))
    {
        progress.finish_and_clear();
        bail!("{failure} (the run stops rather than leave a decision unapplied)");
    }
    for failure in &corpus.failures {
        progress.suspend(|| eprintln!("error: {failure}"));
    }
    failures.append(&mut corpus.failures);
    for document in &corpus.documents {
        for warning in &document.warnings {
            progress.suspend(|| eprintln!("warning: {}: {warning}", document.path.display()));
        }
    }
    Ok(())
}

/// The runs of a batch's documents that have consecutive ids, each with the id of
/// its first: the whole batch in a run's numbering; in a shard's, the documents
/// between inputs that could not be analysed. (`batch_start`: the position of the
/// batch's first input among the shard's; `analysed_before`: the documents of the
/// batches before it.)
fn id_runs(
    numbering: Numbering,
    corpus: &pipeline::Corpus,
    batch_start: usize,
    analysed_before: usize,
) -> Vec<(std::ops::Range<usize>, usize)> {
    match numbering {
        Numbering::Analysed => vec![(0..corpus.documents.len(), analysed_before)],
        Numbering::Inputs(first) => consecutive_runs(&corpus.positions)
            .map(|run| {
                let first_doc_id = first + batch_start + corpus.positions[run.start];
                (run, first_doc_id)
            })
            .collect(),
    }
}

/// Gives the memory freed with a batch back to the system. glibc returns only the
/// free memory at the top of a heap by itself, and what a run keeps between
/// batches (summaries, comparison units, the corpus's vocabulary) lands among the
/// batch's freed memory: resident memory crept from 150 to 240 MB over the batches
/// of twenty copies of the British novels while the live heap stayed near 110 MB.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_freed_memory() {
    // SAFETY: malloc_trim only returns free pages of the allocator's heaps.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_freed_memory() {}

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
            let records: Vec<QuoteRecord> =
                records(&document.voices, &clean.text, &clean.map).collect();
            match self.format {
                Format::Table => write_table(out, doc_id, &path, &records)?,
                Format::Jsonl => {
                    for record in &records {
                        writeln!(out, "{}", record.json(doc_id, &path))?;
                    }
                }
                Format::Csv => write_csv(
                    out,
                    records.iter().map(|record| record.csv_row(doc_id, &path)),
                )?,
            }
        }
        Ok(())
    }
}

/// `voices quotes`: analyse and print every quotation to `out`.
pub fn quotes(config: &Config, format: Format, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (files, mut failures) = ingest::discover(&config.inputs);
    let side = SideFiles::read_and_warn(config, &files)?;
    if format == Format::Csv {
        write_csv(out, [QuoteRecord::csv_header()])?;
    }
    let pool = worker_pool(config)?;
    let mut printer = QuotePrinter { format, out };
    let documents = for_each_batch(
        config,
        &pool,
        &files,
        Numbering::Analysed,
        &side,
        &mut failures,
        &mut Consumers {
            documents: &mut [&mut printer],
            pieces: &mut [],
            settings: PieceSettings::default(),
        },
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
    // Straight to `out`: the distances of thousands of units are millions of rows.
    let mut writer = csv::Writer::from_writer(out);
    for row in rows {
        writer.write_record(row)?;
    }
    writer.flush()?;
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

impl PieceSink for Paths {
    fn add(&mut self, pieces: &[DocumentPieces]) -> anyhow::Result<()> {
        self.0.extend(
            pieces
                .iter()
                .map(|piece| piece.summary.path.display().to_string()),
        );
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
    let side = SideFiles::read_and_warn(config, &files)?;
    let pool = worker_pool(config)?;
    let per_document = by == StatsBy::Document;
    let mut statistics = StatsRun::new(config.resamples, per_document, &std::env::temp_dir())?;
    let mut paths = Paths::default();
    let documents = for_each_batch(
        config,
        &pool,
        &files,
        Numbering::Analysed,
        &side,
        &mut failures,
        &mut Consumers {
            documents: &mut [],
            pieces: &mut [&mut statistics, &mut paths],
            settings: PieceSettings {
                voice_texts: true,
                voice_stats: per_document.then_some(config.resamples),
                words: WordsKept::Vocabulary,
            },
        },
    )?;
    if documents == 0 {
        bail!("no document could be analysed");
    }
    let Paths(paths) = paths;
    let (all_rows, _) = pool.install(|| statistics.finish())?;
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
    let (files, mut failures) = ingest::discover(&config.inputs);
    let side = SideFiles::read_and_warn(config, &files)?;
    let pool = worker_pool(config)?;
    let mut counter = config.compare.counter();
    let documents = for_each_batch(
        config,
        &pool,
        &files,
        Numbering::Analysed,
        &side,
        &mut failures,
        &mut Consumers {
            documents: &mut [],
            pieces: &mut [&mut counter],
            settings: PieceSettings {
                words: config.compare.words_kept(),
                ..PieceSettings::default()
            },
        },
    )?;
    if documents == 0 {
        bail!("no document could be analysed");
    }
    let comparison = pool.install(|| compare_units(counter, &config.compare));
    for warning in &comparison.warnings {
        eprintln!("warning: {warning}");
    }
    let distance = config.compare.settings.distances[0].name();
    match format {
        Format::Table => compare::print::write_table(out, &comparison, distance)?,
        Format::Jsonl => compare::print::write_jsonl(out, &comparison)?,
        Format::Csv => {
            let rows = compare::print::distance_rows(&comparison).map(|row| row.fields());
            let header = compare::print::DistanceRow::COLUMNS.map(String::from);
            write_csv(out, std::iter::once(header).chain(rows))?
        }
    }
    out.flush()?;
    Ok(exit_status(&failures))
}

/// Compares the units `counter` gathered (on the pool it is called in).
fn compare_units(counter: UnitCounter, options: &CompareOptions) -> Comparison {
    let (units, vocabulary) = counter.finish();
    compare::compare(units, &vocabulary, &options.settings)
}
