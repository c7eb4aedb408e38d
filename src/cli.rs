//! The command line: arguments are parsed once into a [`Config`], validated, and
//! handed to the command's run in [`crate::run`].
//!
//! Exit status (the contract): 0 when every document was processed, 1 when at least
//! one could not be (the rest are still written), 2 for wrong usage. Data goes to
//! stdout or to files; progress, warnings and errors go to stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use clap::{Args, Parser, Subcommand};

use crate::compare;
use crate::compare::cluster::Linkage;
use crate::compare::distance::Distance;
use crate::compare::units::By;
use crate::dataset::Shard;
use crate::run::{self, BATCH_BYTES, CompareOptions, Config, Format, StatsBy};
use crate::stats;
use crate::voices::SpeakerMap;

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
    /// Analyse one shard of the inputs (`--shard K/N`) and write its tables and
    /// pieces to a dataset; `voices report --from DATASET` then writes the report of
    /// every shard.
    Analyse(AnalyseArgs),
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
    /// CSV of decisions about quotations (a document, a quotation's `start` or
    /// `quote_id`, and a `speaker`: a name, `author`, `mention` or `unattributed`);
    /// the CSV of `voices quotes --format csv` is one.
    #[arg(long, value_name = "FILE")]
    corrections: Option<PathBuf>,
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

#[derive(Debug, Args)]
struct AnalyseArgs {
    /// Files and directories (read recursively for *.txt): every shard is given
    /// the same inputs.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The dataset directory (DATASET/<table>/shard=K/part-0.parquet).
    #[arg(short, long, value_name = "DATASET")]
    output: PathBuf,
    /// Analyse the K-th of N consecutive slices of the inputs, K from 0 to N - 1.
    #[arg(long, value_name = "K/N", default_value = "0/1")]
    shard: String,
    /// CSV with a `path` column plus any of `author`, `title`, `year`... (as for
    /// `report`).
    #[arg(long, value_name = "FILE")]
    metadata: Option<PathBuf>,
    /// Worker threads for the per-document work (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// TOML file that merges or renames speakers across documents.
    #[arg(long, value_name = "FILE")]
    speakers: Option<PathBuf>,
    /// CSV of decisions about quotations (a document, a quotation's `start` or
    /// `quote_id`, and a `speaker`: a name, `author`, `mention` or `unattributed`);
    /// the CSV of `voices quotes --format csv` is one.
    #[arg(long, value_name = "FILE")]
    corrections: Option<PathBuf>,
    /// Bootstrap resamples per voice for the intervals (0: no intervals); every
    /// shard of a dataset must use the same.
    #[arg(long, value_name = "N", default_value_t = stats::intervals::REPLICATES)]
    resamples: usize,
    /// Give each document's voices intervals too, not only the voices over the
    /// corpus; every shard of a dataset must use the same.
    #[arg(long)]
    document_intervals: bool,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Files and directories (read recursively for *.txt). Default: the bundled
    /// corpus in data/corpus/.
    #[arg(conflicts_with = "from")]
    inputs: Vec<PathBuf>,
    /// Report on a dataset that `voices analyse` wrote, shard by shard, instead of
    /// analysing inputs.
    #[arg(long, value_name = "DATASET", conflicts_with_all = ["metadata", "speakers", "corrections", "resamples", "document_intervals"])]
    from: Option<PathBuf>,
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
    /// CSV of decisions about quotations (a document, a quotation's `start` or
    /// `quote_id`, and a `speaker`: a name, `author`, `mention` or `unattributed`);
    /// the CSV of `voices quotes --format csv` is one.
    #[arg(long, value_name = "FILE")]
    corrections: Option<PathBuf>,
    /// Bootstrap resamples per voice for the intervals of `voice_stats` (0: no
    /// intervals).
    #[arg(long, value_name = "N", default_value_t = stats::intervals::REPLICATES)]
    resamples: usize,
    /// Give each document's voices intervals in `voice_stats` too (about a fifth
    /// more time); by default only the voices over the corpus, which the report
    /// shows, have them.
    #[arg(long)]
    document_intervals: bool,
    /// Keep every pair of units in data/distances.parquet. By default the table
    /// holds every pair up to 100 units and, beyond, each unit's 10 nearest.
    #[arg(long)]
    all_distances: bool,
    #[command(flatten)]
    compare: CompareArgs,
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
                // `voices compare` prints every pair; `report` decides with
                // `--all-distances`.
                all_distances: true,
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

/// Runs the command line and returns the exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => {
            let from = args.from.clone();
            config(args).and_then(|config| match &from {
                Some(dataset) => run::report_from(&config, dataset),
                None => run::report(&config),
            })
        }
        Command::Analyse(args) => {
            analyse_config(args).and_then(|(config, shard)| run::analyse(&config, shard))
        }
        Command::Quotes(args) => printing_config(args, 0).and_then(|(config, format)| {
            run::quotes(&config, format, &mut std::io::stdout().lock())
        }),
        Command::Compare(args) => compare_config(args).and_then(|(config, format)| {
            run::compare(&config, format, &mut std::io::stdout().lock())
        }),
        Command::Stats(args) => {
            let by = args.by;
            printing_config(args.printing, args.resamples).and_then(|(config, format)| {
                run::stats(&config, by, format, &mut std::io::stdout().lock())
            })
        }
    };
    if result.is_err() {
        crate::output::unless_ending_on_a_signal();
    }
    match result {
        Ok(status) => status,
        // The reader of stdout went away (`voices stats ... | head`): not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) if error.is::<UsageError>() => {
            eprintln!("error: {}", message(&error));
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {}", message(&error));
            ExitCode::from(1)
        }
    }
}

/// An error and its causes on one line, each cause said once: many errors include
/// their cause's text in their own (`metadata m.csv: No such file or directory`), and
/// the chain would repeat it.
fn message(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// `--threads`: at least 1, and at most the cores this process may use (a thread
/// beyond them only waits for a core while holding its batch's memory: 10,000 made
/// a run a hundred times slower, and 100,000 never finished starting).
/// `--resamples`: at most [`stats::intervals::MAX_REPLICATES`].
fn check_threads_and_resamples(threads: Option<usize>, resamples: usize) -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    match threads {
        Some(0) => return Err(usage("--threads must be at least 1")),
        Some(threads) if threads > cores => {
            return Err(usage(format!(
                "--threads {threads}: this machine gives the run {cores} core{}, and more \
                 threads than cores only slow it down (at most {cores})",
                if cores == 1 { "" } else { "s" }
            )));
        }
        _ => {}
    }
    if resamples > stats::intervals::MAX_REPLICATES {
        return Err(usage(format!(
            "--resamples {resamples}: at most {} (1,000 to 2,000 give percentile \
             intervals, and every resample's measures are kept until the voice is done)",
            stats::intervals::MAX_REPLICATES
        )));
    }
    Ok(())
}

fn config(args: ReportArgs) -> anyhow::Result<Config> {
    let (inputs, metadata) = if args.inputs.is_empty() && args.from.is_none() {
        let corpus = bundled_corpus()?;
        let bundled_metadata = corpus.join("metadata.csv");
        let metadata = args
            .metadata
            .or_else(|| bundled_metadata.is_file().then_some(bundled_metadata));
        (vec![corpus], metadata)
    } else {
        (args.inputs, args.metadata)
    };
    check_threads_and_resamples(args.threads, args.resamples)?;
    let compare_options = args.compare.options()?;
    Ok(Config {
        inputs,
        output: args.output,
        metadata,
        corrections: args.corrections,
        threads: args.threads,
        speakers: load_speakers(args.speakers.as_deref())?,
        batch_bytes: BATCH_BYTES,
        resamples: args.resamples,
        document_intervals: args.document_intervals,
        compare: CompareOptions {
            settings: compare::Settings {
                all_distances: args.all_distances,
                ..compare_options.settings
            },
            ..compare_options
        },
    })
}

fn analyse_config(args: AnalyseArgs) -> anyhow::Result<(Config, Shard)> {
    let shard = Shard::parse(&args.shard).map_err(|error| usage(format!("--shard {error}")))?;
    check_threads_and_resamples(args.threads, args.resamples)?;
    let config = Config {
        inputs: args.inputs,
        output: args.output,
        metadata: args.metadata,
        corrections: args.corrections,
        threads: args.threads,
        speakers: load_speakers(args.speakers.as_deref())?,
        batch_bytes: BATCH_BYTES,
        resamples: args.resamples,
        document_intervals: args.document_intervals,
        compare: CompareOptions::default(),
    };
    Ok((config, shard))
}

/// The configuration of a command that reads INPUT... and prints to stdout.
fn printing_config(args: PrintingArgs, resamples: usize) -> anyhow::Result<(Config, Format)> {
    check_threads_and_resamples(args.threads, resamples)?;
    let config = Config {
        inputs: args.inputs,
        output: PathBuf::new(),
        metadata: None,
        corrections: args.corrections,
        threads: args.threads,
        speakers: load_speakers(args.speakers.as_deref())?,
        batch_bytes: BATCH_BYTES,
        resamples,
        document_intervals: false,
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
