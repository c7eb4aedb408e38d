//! Sharded runs: `voices analyse --shard K/N` writes a hive-partitioned dataset, and
//! `voices report --from DATASET` writes from it the report a single run writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use voices::tables::{DataFrame, read_parquet};

use crate::common::{assert_success, voices};

/// A corpus of five inputs, the third an empty file that cannot be analysed: the
/// seed's paragraphs dealt into four documents (its speakers speak in several of
/// them), with a metadata file.
struct Corpus {
    root: tempfile::TempDir,
}

/// The inputs in order; `b.txt` is empty.
const INPUTS: [&str; 5] = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"];

impl Corpus {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let texts = root.path().join("texts");
        std::fs::create_dir(&texts).unwrap();
        let seed = String::from_utf8(crate::common::seed_bytes()).unwrap();
        let paragraphs: Vec<&str> = seed.split("\n\n").collect();
        let quarter = paragraphs.len().div_ceil(4);
        let mut parts = paragraphs.chunks(quarter).map(|part| part.join("\n\n"));
        for name in INPUTS {
            let text = match name {
                "b.txt" => String::new(),
                _ => parts.next().unwrap(),
            };
            std::fs::write(texts.join(name), text).unwrap();
        }
        std::fs::write(
            root.path().join("metadata.csv"),
            "path,author,year\na.txt,Kozlov,1999\nd.txt,Kozlov,2000\n",
        )
        .unwrap();
        Corpus { root }
    }

    fn dir(&self) -> &Path {
        self.root.path()
    }

    /// `voices analyse` of shard `shard` of `shards` into `dataset`, each
    /// document's voices with their intervals; its exit status.
    fn analyse(&self, dataset: &str, shard: usize, shards: usize) -> i32 {
        self.analyse_with(dataset, shard, shards, &["--document-intervals"])
    }

    /// [`Corpus::analyse`] with `options` instead of `--document-intervals`.
    fn analyse_with(&self, dataset: &str, shard: usize, shards: usize, options: &[&str]) -> i32 {
        let shard = format!("{shard}/{shards}");
        let mut args = vec![
            "analyse",
            "texts",
            "--metadata",
            "metadata.csv",
            "-o",
            dataset,
            "--shard",
            &shard,
        ];
        args.extend(options);
        voices(args, self.dir()).status.code().unwrap()
    }
}

/// The corpus with a single report of it (`single/`), a dataset of it in three
/// shards (`dataset/`) and the report from that dataset (`from/`), made once.
fn sharded() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let corpus = Corpus::new();
        let single = voices(
            [
                "report",
                "texts",
                "--metadata",
                "metadata.csv",
                "-o",
                "single",
                "--document-intervals",
            ],
            corpus.dir(),
        );
        assert_eq!(single.status.code(), Some(1), "b.txt cannot be analysed");
        // b.txt is the second input: shard 1 of 3 (inputs 1 and 2) reports it.
        let statuses: Vec<i32> = (0..3)
            .map(|shard| corpus.analyse("dataset", shard, 3))
            .collect();
        assert_eq!(statuses, [0, 1, 0]);
        let from = voices(["report", "--from", "dataset", "-o", "from"], corpus.dir());
        assert_eq!(
            from.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&from.stderr)
        );
        corpus
    })
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Asserts that directory `name` holds the same files, byte for byte, in the reports
/// `single` and `from`; returns how many.
fn same_files(single: &Path, from: &Path, name: &str) -> usize {
    let expected = files(&single.join(name));
    assert_eq!(expected.len(), files(&from.join(name)).len(), "{name}/");
    for file in &expected {
        let file_name = file.file_name().unwrap();
        assert!(
            std::fs::read(from.join(name).join(file_name)).unwrap() == std::fs::read(file).unwrap(),
            "{name}/{file_name:?} differs"
        );
    }
    expected.len()
}

#[test]
fn three_shards_and_a_report_from_them_equal_a_single_run() {
    let corpus = sharded();
    let single = corpus.dir().join("single");
    let from = corpus.dir().join("from");
    let tables = files(&single.join("data"));
    assert!(tables.len() >= 12, "{tables:?}");
    for table in &tables {
        let name = table.file_name().unwrap();
        let expected = read_parquet(table).unwrap();
        let got = read_parquet(&from.join("data").join(name)).unwrap();
        assert!(expected.height() > 0, "{name:?} is empty");
        assert!(
            got.equals_missing(&expected),
            "{name:?} differs:\n{got}\nagainst a single run's\n{expected}"
        );
    }
    for file in ["report.md", "report.html"] {
        let expected = std::fs::read_to_string(single.join(file)).unwrap();
        assert!(
            std::fs::read_to_string(from.join(file)).unwrap() == expected,
            "{file} differs from a single run's"
        );
    }
    assert!(same_files(&single, &from, "charts") > 0);
    // Each document's reading view, written by its shard, is the single run's.
    assert!(same_files(&single, &from, "reading") >= 2);
    // The report lists the input that could not be analysed, once.
    let report = std::fs::read_to_string(from.join("report.md")).unwrap();
    assert_eq!(report.matches("b.txt: empty file").count(), 1, "{report}");
}

/// The `doc_id` column of table `name` of each shard of `dataset`.
fn shard_doc_ids(dataset: &Path, name: &str, shards: usize) -> Vec<Vec<u32>> {
    (0..shards)
        .map(|shard| {
            let path = dataset
                .join(name)
                .join(format!("shard={shard}"))
                .join("part-0.parquet");
            let frame: DataFrame = read_parquet(&path).unwrap();
            let ids = frame.column("doc_id").unwrap().u32().unwrap().clone();
            ids.iter().map(Option::unwrap).collect()
        })
        .collect()
}

#[test]
fn a_documents_id_in_a_dataset_is_its_position_among_the_inputs_whatever_the_shards() {
    let corpus = sharded();
    // a.txt is input 0; b.txt (input 1) cannot be analysed; c, d, e are 2, 3, 4.
    assert_eq!(
        shard_doc_ids(&corpus.dir().join("dataset"), "documents", 3),
        [vec![0], vec![2], vec![3, 4]]
    );
    for status in [corpus.analyse("two", 0, 2), corpus.analyse("two", 1, 2)] {
        assert!(status <= 1);
    }
    assert_eq!(
        shard_doc_ids(&corpus.dir().join("two"), "documents", 2),
        [vec![0], vec![2, 3, 4]]
    );
    let tokens = shard_doc_ids(&corpus.dir().join("two"), "tokens", 2);
    assert!(tokens[0].iter().all(|&id| id == 0));
    assert!(tokens[1].starts_with(&[2]) && tokens[1].ends_with(&[4]));
}

#[test]
fn a_report_from_an_incomplete_dataset_names_what_is_missing() {
    let corpus = Corpus::new();
    assert_eq!(corpus.analyse("partial", 0, 3), 0);
    assert_eq!(corpus.analyse("partial", 2, 3), 0);
    let output = voices(["report", "--from", "partial", "-o", "out"], corpus.dir());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("shards 1 of 3 are missing"), "{stderr}");
    assert!(!corpus.dir().join("out").exists());

    // A shard of another run (in 2 shards) left in the dataset.
    assert_eq!(corpus.analyse("partial", 1, 2), 0);
    let output = voices(["report", "--from", "partial", "-o", "out"], corpus.dir());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is of another run"), "{stderr}");

    // Shards with and without each document's intervals.
    assert_eq!(
        corpus.analyse("intervals", 0, 2),
        1,
        "b.txt is in shard 0 of 2"
    );
    assert_eq!(corpus.analyse_with("intervals", 1, 2, &[]), 0);
    let output = voices(["report", "--from", "intervals", "-o", "out"], corpus.dir());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--document-intervals"), "{stderr}");
    assert!(!corpus.dir().join("out").exists());

    // Shards of one dataset run with different speaker maps.
    std::fs::write(
        corpus.dir().join("speakers.toml"),
        "[speakers]\n\"Josef Stalin\" = [\"Stalin\", \"Koba\"]\n",
    )
    .unwrap();
    assert_eq!(corpus.analyse("mixed", 0, 2), 1, "b.txt is in shard 0 of 2");
    let speakers = ["--speakers", "speakers.toml", "--document-intervals"];
    assert_eq!(corpus.analyse_with("mixed", 1, 2, &speakers), 0);
    let output = voices(["report", "--from", "mixed", "-o", "out"], corpus.dir());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("different --speakers maps"), "{stderr}");

    let output = voices(
        ["analyse", "texts", "-o", "x", "--shard", "3/3"],
        corpus.dir(),
    );
    assert_eq!(output.status.code(), Some(2));
    let output = voices(["report", "--from", "texts", "-o", "out"], corpus.dir());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a dataset"));
}

/// Speech quotations per speaker in the single run's `quotes` table.
fn speech_per_speaker(corpus: &Corpus) -> BTreeMap<String, u64> {
    let quotes = read_parquet(&corpus.dir().join("single/data/quotes.parquet")).unwrap();
    let kinds = quotes.column("kind").unwrap().str().unwrap().clone();
    let speakers = quotes.column("speaker").unwrap().str().unwrap().clone();
    let mut counts = BTreeMap::new();
    for (kind, speaker) in kinds.iter().zip(speakers.iter()) {
        if kind != Some("mention") {
            *counts.entry(speaker.unwrap().to_string()).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn duckdb_and_polars_read_the_dataset_as_one_table_per_directory() {
    let Some(python) = crate::common::python_with(
        &["duckdb", "polars"],
        "duckdb polars",
        "the DuckDB and Polars reading of a dataset",
    ) else {
        return;
    };
    let corpus = sharded();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cluster/query_dataset.py");
    let output = Command::new(python)
        .arg(script)
        .arg("dataset")
        .current_dir(corpus.dir())
        .output()
        .unwrap();
    assert_success(&output);
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let single_tokens = read_parquet(&corpus.dir().join("single/data/tokens.parquet"))
        .unwrap()
        .height();
    assert_eq!(seen["duckdb"]["tokens"], single_tokens);
    assert_eq!(
        seen["duckdb"]["documents"],
        serde_json::json!([[0, 0], [2, 1], [3, 2], [4, 2]])
    );
    let polars_tokens: u64 = seen["polars"]["tokens_per_shard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[1].as_u64().unwrap())
        .sum();
    assert_eq!(polars_tokens as usize, single_tokens);
    let expected = speech_per_speaker(corpus);
    assert!(expected.len() > 5, "{expected:?}");
    for reader in ["duckdb", "polars"] {
        let counts: BTreeMap<String, u64> = seen[reader]["speech_per_voice"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row[0].as_str().unwrap().to_string(),
                    row[1].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(counts, expected, "{reader}");
    }
}

#[test]
fn spark_reads_the_dataset_as_one_table_per_directory() {
    let Some(python) =
        crate::common::python_with(&["pyspark"], "pyspark", "the Spark reading of a dataset")
    else {
        return;
    };
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|output| output.status.success()) {
        eprintln!("skipping the Spark reading of a dataset: no Java (Spark runs on it)");
        return;
    }
    let corpus = sharded();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cluster/spark_dataset.py");
    let output = Command::new(python)
        .arg(script)
        .arg("dataset")
        .current_dir(corpus.dir())
        .output()
        .unwrap();
    assert_success(&output);
    let json = String::from_utf8_lossy(&output.stdout);
    let line = json.lines().last().unwrap_or_default();
    let seen: serde_json::Value = serde_json::from_str(line).unwrap();
    let single_tokens = read_parquet(&corpus.dir().join("single/data/tokens.parquet"))
        .unwrap()
        .height();
    assert_eq!(seen["tokens"], single_tokens);
    assert_eq!(
        seen["documents"],
        serde_json::json!([[0, 0], [2, 1], [3, 2], [4, 2]])
    );
    let counts: BTreeMap<String, u64> = seen["speech_per_voice"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row[0].as_str().unwrap().to_string(),
                row[1].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, speech_per_speaker(corpus));
}

#[test]
fn dask_runs_the_shards_on_a_local_cluster_and_the_report_is_a_single_runs() {
    let Some(python) = crate::common::python_with(
        &["dask.distributed"],
        "'dask[distributed]'",
        "the Dask run of the shards",
    ) else {
        return;
    };
    let corpus = sharded();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cluster/dask_shards.py");
    let output = Command::new(python)
        .arg(script)
        .args([
            env!("CARGO_BIN_EXE_voices"),
            "dask-dataset",
            "dask-report",
            "3",
            "texts",
        ])
        .args(["--metadata", "metadata.csv"])
        .current_dir(corpus.dir())
        .output()
        .unwrap();
    // Exit 1: b.txt could not be analysed, as in the single run.
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    for shard in [
        "shard 0/3: exit 0",
        "shard 1/3: exit 1",
        "shard 2/3: exit 0",
    ] {
        assert!(stderr.contains(shard), "{stderr}");
    }
    let dask = std::fs::read_to_string(corpus.dir().join("dask-report/report.md")).unwrap();
    let single = std::fs::read_to_string(corpus.dir().join("single/report.md")).unwrap();
    assert!(
        dask == single,
        "the report of the Dask run differs from a single run's"
    );
}
