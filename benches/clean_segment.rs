//! Throughput (bytes per second, one thread) of clean + segment, of the voice stage
//! alone, and of the statistics alone, on the bundled book and on a longer text made
//! of it. Checks inside the loop that the work was really done.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use voices::document::{DocumentPieces, PieceSettings, WordsKept};
use voices::stats::StatsRun;
use voices::voices::SpeakerMap;
use voices::{ingest, pipeline};

fn seed() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/corpus/inside-the-stalin-archives-introduction.txt");
    std::fs::read(path).expect("the bundled seed text is readable")
}

fn clean_and_segment(criterion: &mut Criterion) {
    let one_book = seed();
    let many_books = one_book.repeat(40);
    let mut group = criterion.benchmark_group("clean_segment");
    for (name, bytes) in [("seed", &one_book), ("seed_x40", &many_books)] {
        let expected_words = {
            let document = ingest::decode(Path::new(name), bytes).expect("decodes");
            pipeline::analyse(document, Default::default(), &Default::default()).words()
        };
        assert!(expected_words > 3000);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |bencher| {
            bencher.iter(|| {
                let document = ingest::decode(Path::new(name), black_box(bytes)).expect("decodes");
                let analysed = pipeline::analyse(document, Default::default(), &Default::default());
                assert_eq!(analysed.words(), expected_words);
                analysed
            })
        });
    }
    group.finish();
}

/// The twelve PDNC dev novels (`../shared/corpora/pdnc_dev`, or
/// `$VOICES_CORPORA/pdnc_dev`), whose dialogue gives the sieves far more to do than
/// the seed's reporting; none where the corpus is absent.
fn dialogue_novels() -> Vec<Vec<u8>> {
    let corpora = std::env::var_os("VOICES_CORPORA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"),
        Into::into,
    );
    let Ok(entries) = std::fs::read_dir(corpora.join("pdnc_dev")) else {
        eprintln!(
            "skipping voices/pdnc_novels: no pdnc_dev under {}",
            corpora.display()
        );
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| Some(entry.ok()?.path().join("novel_text.txt")))
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| std::fs::read(path).expect("a readable novel"))
        .collect()
}

/// The voice stage on its own, on documents already cleaned and segmented: the
/// seed, the seed forty times, and the twelve PDNC novels one after the other.
fn find_voices(criterion: &mut Criterion) {
    let one_book = seed();
    let many_books = one_book.repeat(40);
    let novels = dialogue_novels();
    let mut inputs = vec![("seed", vec![one_book]), ("seed_x40", vec![many_books])];
    if !novels.is_empty() {
        inputs.push(("pdnc_novels", novels));
    }
    let mut group = criterion.benchmark_group("voices");
    for (name, texts) in inputs {
        let analysed: Vec<_> = texts
            .iter()
            .map(|bytes| {
                let document = ingest::decode(Path::new(name), bytes).expect("decodes");
                pipeline::analyse(document, Default::default(), &Default::default())
            })
            .collect();
        let expected_quotes: usize = analysed.iter().map(|a| a.voices.quotes.len()).sum();
        assert!(expected_quotes >= 54);
        let speakers = SpeakerMap::default();
        let bytes: usize = texts.iter().map(Vec::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |bencher| {
            bencher.iter(|| {
                let found: usize = analysed
                    .iter()
                    .map(|analysed| {
                        voices::voices::find(
                            &analysed.clean,
                            black_box(&analysed.segmented),
                            &speakers,
                        )
                        .quotes
                        .len()
                    })
                    .sum();
                assert_eq!(found, expected_quotes);
                found
            })
        });
    }
    group.finish();
}

/// The statistics of every voice of a document already analysed: counting its
/// sentences and the measures, with and without the intervals (200 bootstrap
/// resamples and the 20-group jackknife per voice).
fn voice_statistics(criterion: &mut Criterion) {
    let one_book = seed();
    let many_books = one_book.repeat(40);
    let mut group = criterion.benchmark_group("stats");
    for (name, bytes) in [("seed", &one_book), ("seed_x40", &many_books)] {
        let document = ingest::decode(Path::new(name), bytes).expect("decodes");
        let analysed = pipeline::analyse(document, Default::default(), &Default::default());
        let documents = std::slice::from_ref(&analysed);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        for resamples in [0, 200] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            group.bench_function(format!("{name}_resamples_{resamples}"), |bencher| {
                bencher.iter(|| {
                    let spill = std::env::temp_dir();
                    let mut run = StatsRun::new(resamples, true, &spill).unwrap();
                    let pieces: Vec<DocumentPieces> = pool.install(|| {
                        black_box(documents)
                            .iter()
                            .enumerate()
                            .map(|(doc_id, document)| {
                                DocumentPieces::of(
                                    document,
                                    doc_id,
                                    PieceSettings::all(WordsKept::Counts, resamples),
                                )
                            })
                            .collect()
                    });
                    run.add(&pieces).unwrap();
                    let (rows, _) = pool.install(|| run.finish()).unwrap();
                    let author = rows.iter().find(|row| row.voice == "author").unwrap();
                    assert!(author.words() > 2800);
                    assert_eq!(author.interval("mtld").is_some(), resamples > 0);
                    rows
                })
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = clean_and_segment, find_voices, voice_statistics
}
criterion_main!(benches);
