//! The command line: arguments are parsed once into a [`Config`], and each command
//! runs the pipeline on it.
//!
//! Exit status (the contract): 0 when every document was processed, 1 when at least
//! one could not be (the rest are still written), 2 for wrong usage. Data goes to
//! stdout or to files; progress, warnings and errors go to stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand};

use crate::charts;
use crate::compare::cluster::Linkage;
use crate::compare::distance::Distance;
use crate::compare::print::KeptPairs;
use crate::compare::units::{By, UnitCounter};
use crate::compare::{self, Comparison};
use crate::ingest::{self, Metadata};
use crate::output::{self, shorten};
use crate::pipeline;
use crate::pipeline::AnalysedDocument;
use crate::report;
use crate::stats::{self, StatsRun, VoiceStats};
use crate::tables::{Batch, TableWriter};
use crate::voices::SpeakerMap;
use crate::voices::records::{QuoteRecord, records};

/// Who says what in a text, and how.
#[derive(Debug, Parser)]
#[command(name = "voices", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole pipeline: write DIR/report.md and DIR/data/*.parquet.
    Report(ReportArgs),
    /// Print every quotation with its kind, speaker, rule, confidence, evidence,
    /// offsets into the original file and text.
    Quotes(PrintingArgs),
    /// Print the statistics of every voice: size, lexical diversity, readability
    /// and rhetoric, with 95% intervals and warnings where a voice is too small.
    Stats(StatsArgs),
    /// Compare voices, documents or authors by their most frequent words: nearest
    /// neighbours, attributions of units of unknown author, and distances.
    Compare(CompareCommandArgs),
}

/// How units are compared (shared by `report` and `compare`).
#[derive(Debug, Args)]
struct CompareArgs {
    /// The units: each voice over the corpus, each document, or each author of
    /// `--metadata` (documents of unknown author stay apart, to be attributed).
    #[arg(long = "by", value_enum, default_value_t = By::Voice)]
    by: By,
    /// Most frequent words: a number, or a range START..END:STEP.
    #[arg(long, value_name = "N", default_value = "100..1000:100")]
    mfw: String,
    /// Distance: cosine_delta (default), classic_delta, eders_delta, eders_simple,
    /// quadratic_delta, manhattan, euclidean, canberra, cosine, minmax, entropy;
    /// several separated by commas, or `all`. The first drives the analyses.
    #[arg(long, value_name = "NAME", default_value = "cosine_delta")]
    distance: String,
    /// Keep only words used by at least this percentage of the units.
    #[arg(long, value_name = "PERCENT", default_value_t = 0.0)]
    culling: f64,
    /// Linkage of the hierarchical clustering.
    #[arg(long, value_enum, default_value_t = Linkage::Ward)]
    linkage: Linkage,
    /// Craig's Zeta between two groups, `A,B`: authors (their units) or units by
    /// name.
    #[arg(long, value_name = "A,B")]
    oppose: Option<String>,
    /// Words per slice for Zeta.
    #[arg(long, value_name = "N", default_value_t = 3000)]
    slice: usize,
    /// Distinctive words (keyness) listed per unit.
    #[arg(long, value_name = "N", default_value_t = 20)]
    keywords: usize,
    /// Principal components on the correlation matrix (z-scores) or the covariance
    /// matrix (frequencies).
    #[arg(long, value_enum, default_value_t = compare::pca::Scaling::Correlation)]
    pca: compare::pca::Scaling,
    /// What to count: `words`, or character n-grams `chars:N`.
    #[arg(long, value_name = "KIND", default_value = "words")]
    features: String,
    /// Compare a random sample of N words from each unit (seeded: the same every
    /// run), so that units of different sizes are compared on equal terms.
    #[arg(long, value_name = "N")]
    sample: Option<usize>,
    /// Leave out units of fewer words.
    #[arg(long, value_name = "N", default_value_t = 100)]
    min_words: u64,
}

#[derive(Debug, Args)]
struct CompareCommandArgs {
    #[command(flatten)]
    printing: PrintingArgs,
    #[command(flatten)]
    compare: CompareArgs,
    /// CSV with a `path` column and an `author` column (empty, `unknown` or
    /// `disputed` for a document to attribute).
    #[arg(long, value_name = "FILE")]
    metadata: Option<PathBuf>,
}

/// What the commands that print to stdout share.
#[derive(Debug, Args)]
struct PrintingArgs {
    /// Files and directories (read recursively for *.txt).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// TOML file that merges or renames speakers across documents.
    #[arg(long, value_name = "FILE")]
    speakers: Option<PathBuf>,
    /// Worker threads for the per-document work (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

#[derive(Debug, Args)]
struct StatsArgs {
    #[command(flatten)]
    printing: PrintingArgs,
    /// One row per voice over the whole corpus, or per document and voice.
    #[arg(long, value_enum, default_value_t = StatsBy::Voice)]
    by: StatsBy,
    /// Bootstrap resamples per voice for the intervals (0: no intervals).
    #[arg(long, value_name = "N", default_value_t = stats::intervals::REPLICATES)]
    resamples: usize,
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

#[derive(Debug, Args)]
struct ReportArgs {
    /// Files and directories (read recursively for *.txt). Default: the bundled
    /// corpus in data/corpus/.
    inputs: Vec<PathBuf>,
    /// Output directory.
    #[arg(short, long, value_name = "DIR", default_value = "voices-report")]
    output: PathBuf,
    /// CSV with a `path` column plus any of `author`, `title`, `year`...; rows match
    /// documents by path or by file name.
    #[arg(long, value_name = "FILE")]
    metadata: Option<PathBuf>,
    /// Worker threads for the per-document work (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// TOML file that merges or renames speakers across documents
    /// (`[speakers]` then `"Josef Stalin" = ["Stalin", "Koba"]`).
    #[arg(long, value_name = "FILE")]
    speakers: Option<PathBuf>,
    /// Bootstrap resamples per voice for the intervals of `voice_stats` (0: no
    /// intervals).
    #[arg(long, value_name = "N", default_value_t = stats::intervals::REPLICATES)]
    resamples: usize,
    /// Keep every pair of units in data/distances.parquet. By default the table
    /// holds every pair up to 100 units and, beyond, each unit's 10 nearest.
    #[arg(long)]
    all_distances: bool,
    #[command(flatten)]
    compare: CompareArgs,
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
    fn counter(&self) -> UnitCounter {
        let counter = UnitCounter::new(self.by);
        match self.settings.needs_order() {
            true => counter.keep_order(),
            false => counter,
        }
    }
}

impl CompareArgs {
    fn options(&self) -> anyhow::Result<CompareOptions> {
        let mfw = compare::parse_mfw(&self.mfw)
            .map_err(|error| usage(format!("--mfw {}: {error}", self.mfw)))?;
        let distances = if self.distance.trim() == "all" {
            Distance::ALL.to_vec()
        } else {
            self.distance
                .split(',')
                .map(|name| {
                    Distance::parse(name).ok_or_else(|| {
                        let known: Vec<&str> = Distance::ALL.iter().map(|d| d.name()).collect();
                        usage(format!(
                            "--distance: unknown distance `{}` (known: {}, or all)",
                            name.trim(),
                            known.join(", ")
                        ))
                    })
                })
                .collect::<anyhow::Result<_>>()?
        };
        if !(0.0..=100.0).contains(&self.culling) {
            return Err(usage("--culling must be a percentage from 0 to 100"));
        }
        let oppose = match &self.oppose {
            None => None,
            Some(groups) => {
                let Some((a, b)) = groups.split_once(',') else {
                    return Err(usage("--oppose takes two groups separated by a comma: A,B"));
                };
                if self.slice < 100 {
                    return Err(usage("--slice must be at least 100 words"));
                }
                Some(compare::Oppose {
                    a: a.trim().to_string(),
                    b: b.trim().to_string(),
                    slice: self.slice,
                    threshold: 0.1,
                })
            }
        };
        Ok(CompareOptions {
            by: self.by,
            settings: compare::Settings {
                mfw,
                culling: self.culling,
                distances,
                linkage: self.linkage,
                oppose,
                keywords: self.keywords,
                pca: self.pca,
                features: compare::features::parse_features(&self.features)
                    .map_err(|error| usage(format!("--features {error}")))?,
                sample: match self.sample {
                    Some(0) => return Err(usage("--sample must be at least 1 word")),
                    sample => sample,
                },
                min_words: self.min_words,
            },
        })
    }
}

/// A wrong option value: exits with status 2, as clap's own usage errors do.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(String);

fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// A validated report run.
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
    /// Every pair of units in the `distances` table, however many units.
    pub all_distances: bool,
    pub compare: CompareOptions,
}

/// Runs the command line and returns the exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => config(args).and_then(|config| run_report(&config)),
        Command::Quotes(args) => printing_config(args, 0).and_then(|(config, format)| {
            run_quotes(&config, format, &mut std::io::stdout().lock())
        }),
        Command::Compare(args) => compare_config(args).and_then(|(config, format)| {
            run_compare(&config, format, &mut std::io::stdout().lock())
        }),
        Command::Stats(args) => {
            let by = args.by;
            printing_config(args.printing, args.resamples).and_then(|(config, format)| {
                run_stats(&config, by, format, &mut std::io::stdout().lock())
            })
        }
    };
    match result {
        Ok(status) => status,
        // The reader of stdout went away (`voices stats ... | head`): not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) if error.is::<UsageError>() => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn config(args: ReportArgs) -> anyhow::Result<Config> {
    let (inputs, metadata) = if args.inputs.is_empty() {
        let corpus = bundled_corpus()?;
        let bundled_metadata = corpus.join("metadata.csv");
        let metadata = args
            .metadata
            .or_else(|| bundled_metadata.is_file().then_some(bundled_metadata));
        (vec![corpus], metadata)
    } else {
        (args.inputs, args.metadata)
    };
    if args.threads == Some(0) {
        return Err(usage("--threads must be at least 1"));
    }
    Ok(Config {
        inputs,
        output: args.output,
        metadata,
        threads: args.threads,
        speakers: load_speakers(args.speakers.as_deref())?,
        batch_bytes: BATCH_BYTES,
        resamples: args.resamples,
        all_distances: args.all_distances,
        compare: args.compare.options()?,
    })
}

/// The configuration of a command that reads INPUT... and prints to stdout.
fn printing_config(args: PrintingArgs, resamples: usize) -> anyhow::Result<(Config, Format)> {
    if args.threads == Some(0) {
        return Err(usage("--threads must be at least 1"));
    }
    let config = Config {
        inputs: args.inputs,
        output: PathBuf::new(),
        metadata: None,
        threads: args.threads,
        speakers: load_speakers(args.speakers.as_deref())?,
        batch_bytes: BATCH_BYTES,
        resamples,
        all_distances: false,
        compare: CompareOptions::default(),
    };
    Ok((config, args.format))
}

fn compare_config(args: CompareCommandArgs) -> anyhow::Result<(Config, Format)> {
    let options = args.compare.options()?;
    if options.by == By::Author && args.metadata.is_none() {
        return Err(usage(
            "--by author needs --metadata (a CSV with `path` and `author` columns)",
        ));
    }
    let (mut config, format) = printing_config(args.printing, 0)?;
    config.metadata = args.metadata;
    config.compare = options;
    Ok((config, format))
}

fn load_speakers(path: Option<&Path>) -> anyhow::Result<SpeakerMap> {
    Ok(match path {
        Some(path) => SpeakerMap::load(path)?,
        None => SpeakerMap::default(),
    })
}

/// The bundled default corpus: `data/corpus` under the working directory, else
/// under the source tree the binary was built from.
fn bundled_corpus() -> anyhow::Result<PathBuf> {
    let candidates = [
        PathBuf::from("data/corpus"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus"),
    ];
    match candidates.into_iter().find(|path| path.is_dir()) {
        Some(path) => Ok(path),
        None => bail!(
            "no input given and the bundled corpus (data/corpus/) was not found; run from the voices repository or name the files to analyse"
        ),
    }
}

/// Documents whose voice map is drawn (the first ones of the run).
const MAX_VOICE_MAPS: usize = 12;

/// Input bytes analysed at a time by default: 16 MiB of text make about 1 GB of rows.
pub const BATCH_BYTES: u64 = 16 * 1024 * 1024;

/// The outermost directory of `path` that does not exist yet, if any.
fn first_missing_ancestor(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .take_while(|ancestor| !ancestor.as_os_str().is_empty() && !ancestor.exists())
        .last()
        .map(Path::to_path_buf)
}

/// `voices report`: analyse, write the tables and the report.
pub fn run_report(config: &Config) -> anyhow::Result<ExitCode> {
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
    let mut writer = TableWriter::create(&data_dir)?;
    let mut summaries = Vec::new();
    let pool = worker_pool(config)?;
    let mut stats = StatsRun::new(config.resamples, true);
    let mut units = config.compare.counter();
    let mut maps = Vec::new();
    for_each_batch(
        config,
        &pool,
        &files,
        &metadata,
        &mut failures,
        |documents| {
            let first_doc_id = summaries.len();
            for (index, document) in documents.iter().enumerate() {
                units.add(document, first_doc_id + index);
                if first_doc_id + index < MAX_VOICE_MAPS {
                    maps.push(charts::VoiceMap::of(document));
                }
            }
            let features = pool.install(|| stats.add(documents, first_doc_id));
            writer.write(&Batch {
                documents,
                first_doc_id,
                features: &features,
            })?;
            summaries.extend(documents.iter().map(AnalysedDocument::summary));
            report::keep_quotations(&mut summaries);
            Ok(())
        },
    )?;
    if summaries.is_empty() {
        drop(writer);
        if let Some(created) = created {
            // Leave no empty output directories behind (remove_dir only removes
            // empty ones).
            let _ = std::fs::remove_dir(&data_dir);
            let _ = std::fs::remove_dir(&created);
        }
        bail!("no document could be analysed, nothing written");
    }
    let (voice_stats, voice_features) = pool.install(|| stats.finish());
    let comparison = compare_units(&pool, units, &config.compare);
    for warning in &comparison.warnings {
        eprintln!("warning: {warning}");
    }
    writer.finish(
        &summaries,
        &metadata.columns,
        &voice_stats,
        &voice_features,
        &comparison,
        KeptPairs::for_report(comparison.units.len(), config.all_distances),
    )?;

    let quotations = pipeline::quotations_per_voice(&summaries);
    let inputs = charts::Inputs {
        maps: &maps,
        statistics: &voice_stats,
        quotations: &quotations,
        comparison: &comparison,
        linkage: config.compare.settings.linkage,
    };
    let charts = charts::write_all(&config.output.join("charts"), &inputs)
        .map_err(|error| anyhow::anyhow!("charts: {error}"))?;
    let report = report::Inputs {
        documents: &summaries,
        quotations: &quotations,
        failures: &failures,
        statistics: &voice_stats,
        comparison: &comparison,
        charts: &charts,
    };
    let (markdown, html) = report::render(&report);
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
/// input order, to `handle` (called outside the pool: it may call Polars).
fn for_each_batch(
    config: &Config,
    pool: &rayon::ThreadPool,
    files: &[PathBuf],
    metadata: &Metadata,
    failures: &mut Vec<ingest::IngestError>,
    mut handle: impl FnMut(&[AnalysedDocument]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for failure in failures.iter() {
        eprintln!("error: {failure}");
    }
    let progress = pipeline::progress_bar(files.len());
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
        handle(&corpus.documents)?;
    }
    progress.finish_and_clear();
    Ok(())
}

/// `voices quotes`: analyse and print every quotation to `out`.
pub fn run_quotes(
    config: &Config,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let (files, mut failures) = ingest::discover(&config.inputs);
    if format == Format::Csv {
        let mut header = vec!["doc_id", "path"];
        header.extend(QuoteRecord::COLUMNS);
        write_csv(out, [header])?;
    }
    let mut documents = 0;
    let pool = worker_pool(config)?;
    for_each_batch(
        config,
        &pool,
        &files,
        &Metadata::default(),
        &mut failures,
        |batch| {
            for document in batch {
                let doc_id = documents;
                let path = document.path.display().to_string();
                let clean = &document.clean.text;
                let records = records(&document.voices, &clean.text, &clean.map);
                match format {
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
                documents += 1;
            }
            Ok(())
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

/// `voices stats`: analyse, compute every voice's statistics and print them to `out`.
pub fn run_stats(
    config: &Config,
    by: StatsBy,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let (files, mut failures) = ingest::discover(&config.inputs);
    let pool = worker_pool(config)?;
    let mut stats = StatsRun::new(config.resamples, by == StatsBy::Document);
    let mut paths: Vec<String> = Vec::new();
    for_each_batch(
        config,
        &pool,
        &files,
        &Metadata::default(),
        &mut failures,
        |batch| {
            let first_doc_id = paths.len();
            pool.install(|| stats.add(batch, first_doc_id));
            paths.extend(batch.iter().map(|d| d.path.display().to_string()));
            Ok(())
        },
    )?;
    if paths.is_empty() {
        bail!("no document could be analysed");
    }
    let (all_rows, _) = pool.install(|| stats.finish());
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
pub fn run_compare(
    config: &Config,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
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
    let mut documents = 0;
    for_each_batch(config, &pool, &files, &metadata, &mut failures, |batch| {
        for document in batch {
            counter.add(document, documents);
            documents += 1;
        }
        Ok(())
    })?;
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
