//! Throughput of clean + segment (bytes per second), on the bundled book and on a
//! longer text made of it. Checks inside the loop that the work was really done.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = clean_and_segment
}
criterion_main!(benches);
