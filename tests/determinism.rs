//! The output is the same whatever the number of threads and however the documents
//! are batched.

use std::path::{Path, PathBuf};

use voices::run::{self, BATCH_BYTES, Config};
use voices::tables::{DataFrame, read_parquet};

/// Every table, the statistics included: their bootstrap intervals must not depend
/// on threads or batches either.
const TABLES: [&str; 12] = [
    "documents",
    "paragraphs",
    "sentences",
    "tokens",
    "quotes",
    "characters",
    "voice_stats",
    "features",
    "distances",
    "keyness",
    "pca",
    "trees",
];

fn report(inputs: &[PathBuf], output: &Path, threads: usize, batch_bytes: u64) -> Vec<DataFrame> {
    let config = Config {
        inputs: inputs.to_vec(),
        output: output.to_path_buf(),
        metadata: None,
        corrections: None,
        threads: Some(threads),
        speakers: Default::default(),
        batch_bytes,
        resamples: voices::stats::intervals::REPLICATES,
        document_intervals: true,
        compare: Default::default(),
    };
    let status = run::report(&config).expect("the report runs");
    assert_eq!(status, std::process::ExitCode::SUCCESS);
    TABLES
        .iter()
        .map(|table| read_parquet(&output.join(format!("data/{table}.parquet"))).unwrap())
        .collect()
}

#[test]
fn threads_and_batches_do_not_change_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::copy(crate::common::seed_path(), corpus.join("a_seed.txt")).unwrap();
    // Documents of very different sizes, so that threads finish out of order.
    for (index, repeat) in [40, 1, 7, 2, 15, 1, 3].into_iter().enumerate() {
        let text =
            "The party had no choice. “Beat them!” he said.\n\nIt was the offi cer’s turn.\n"
                .repeat(repeat);
        std::fs::write(corpus.join(format!("doc_{index}.txt")), text).unwrap();
    }
    let mut inputs = vec![corpus];
    if let Some(corpora) =
        crate::common::shared_corpora("the Federalist part of the determinism test")
    {
        let federalist = corpora.join("federalist/clean");
        inputs
            .extend(["fed_10.txt", "fed_51.txt", "fed_62.txt"].map(|paper| federalist.join(paper)));
    }
    let one_thread_one_batch = report(&inputs, &dir.path().join("a"), 1, BATCH_BYTES);
    let four_threads_one_batch = report(&inputs, &dir.path().join("b"), 4, BATCH_BYTES);
    let two_threads_batch_per_document = report(&inputs, &dir.path().join("c"), 2, 1);
    // Batches of about 2 KB: the seed is analysed and consumed alone (a batch more
    // than twice the size), the small documents in batches pipelined side by side.
    let two_threads_small_batches = report(&inputs, &dir.path().join("d"), 2, 2_000);
    for (index, table) in TABLES.iter().enumerate() {
        let expected = &one_thread_one_batch[index];
        assert!(expected.height() > 0, "{table} is empty");
        assert!(
            expected.equals_missing(&four_threads_one_batch[index]),
            "{table} differs between 1 and 4 threads"
        );
        assert!(
            expected.equals_missing(&two_threads_batch_per_document[index]),
            "{table} differs between one batch and one batch per document"
        );
        assert!(
            expected.equals_missing(&two_threads_small_batches[index]),
            "{table} differs between one batch and batches of 2 KB"
        );
    }
    // Ids run on across batches.
    let doc_ids = two_threads_batch_per_document[3]
        .column("doc_id")
        .unwrap()
        .u32()
        .unwrap()
        .clone();
    let last = doc_ids.iter().flatten().max();
    let documents = one_thread_one_batch[0].height() as u32;
    assert_eq!(last, Some(documents - 1));
}
