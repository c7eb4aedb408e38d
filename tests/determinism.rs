//! The output is the same whatever the number of threads.

use std::path::PathBuf;

use voices::ingest::Metadata;
use voices::pipeline::analyse_files;
use voices::tables::Tables;

fn tables_with_threads(files: &[PathBuf], threads: usize) -> Tables {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let corpus = pool.install(|| analyse_files(files, &Metadata::default()));
    assert!(corpus.failures.is_empty());
    Tables::build(&corpus.documents, &[]).unwrap()
}

#[test]
fn one_thread_and_four_threads_give_identical_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![crate::common::seed_path()];
    // Documents of very different sizes, so that threads finish out of order.
    for (index, repeat) in [40, 1, 7, 2, 15, 1, 3].into_iter().enumerate() {
        let path = dir.path().join(format!("doc_{index}.txt"));
        let text =
            "The party had no choice. “Beat them!” he said.\n\nIt was the offi cer’s turn.\n"
                .repeat(repeat);
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    if let Some(corpora) =
        crate::common::shared_corpora("the Federalist part of the determinism test")
    {
        let federalist = corpora.join("federalist/clean");
        for paper in ["fed_10.txt", "fed_51.txt", "fed_62.txt"] {
            files.push(federalist.join(paper));
        }
    }
    let mut one = tables_with_threads(&files, 1);
    let mut four = tables_with_threads(&files, 4);
    for ((name, a), (_, b)) in one.named().into_iter().zip(four.named()) {
        assert!(
            a.equals_missing(b),
            "{name} differs between 1 and 4 threads"
        );
    }
}
