//! Charts: they render for the seed and for a corpus, in SVG and PNG, with Cyrillic
//! and curly quotes; they show what they should; and a snapshot guards the layout.

use std::collections::BTreeMap;

use voices::charts::{self, Inputs, VoiceMap};
use voices::compare::cluster::Linkage;
use voices::compare::units::{By, UnitCounter};
use voices::compare::{Comparison, Settings, compare};
use voices::document::{DocumentPieces, PieceSettings, WordsKept};
use voices::stats::{StatsRun, VoiceStats};

use crate::common;

/// The seed's voices compared with each other, as `voices report` does.
fn seed_comparison() -> Comparison {
    let mut counter = UnitCounter::new(By::Voice);
    counter.add(&DocumentPieces::of(
        common::seed(),
        0,
        PieceSettings::default(),
    ));
    let (units, vocabulary) = counter.finish();
    let units = units.into_iter().filter(|unit| unit.words >= 100).collect();
    compare(units, &vocabulary, &Settings::default())
}

fn seed_quotations() -> BTreeMap<String, usize> {
    common::seed()
        .summary()
        .voices
        .into_iter()
        .map(|voice| (voice.name, voice.quotations))
        .collect()
}

fn seed_rows() -> Vec<VoiceStats> {
    let mut run = StatsRun::new(0, false, &std::env::temp_dir()).expect("a spill file");
    run.add(&[DocumentPieces::of(
        common::seed(),
        0,
        PieceSettings::all(WordsKept::Counts, 0),
    )])
    .expect("written to the spill file");
    run.finish().expect("read back from the spill file").0
}

/// The words-per-voice chart of the seed, against `tests/data/snapshots/`. Run
/// with `UPDATE_SNAPSHOTS=1` to accept a deliberate change of layout.
#[test]
fn the_words_per_voice_chart_matches_its_snapshot() {
    let svg = charts::words_svg(&seed_rows(), &seed_quotations()).unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/snapshots/words-per-voice.svg");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &svg).unwrap();
    }
    let expected =
        std::fs::read_to_string(&path).expect("the snapshot exists (UPDATE_SNAPSHOTS=1 writes it)");
    assert!(
        svg == expected,
        "the chart changed; if on purpose, run with UPDATE_SNAPSHOTS=1"
    );
    for label in [
        "Words per voice",
        "author",
        "Vladimir Lenin",
        "2832",
        "233 · 2 quotations",
    ] {
        assert!(svg.contains(label), "no {label}");
    }
}

#[test]
fn charts_render_cyrillic_and_curly_quotes_in_svg_and_png() {
    let document = common::analyse_bytes(
        "lenin.txt",
        "«Я не знаю», сказал Ленин. “Beat them!” said Lenin.\n\nThe author writes on.\n".as_bytes(),
    );
    let mut map = VoiceMap::of(&DocumentPieces::of(&document, 0, PieceSettings::default()));
    map.title = "Ленин — “Beat them!”".to_string();
    let dir = tempfile::tempdir().unwrap();
    let inputs = Inputs {
        maps: &[map],
        statistics: &seed_rows(),
        quotations: &seed_quotations(),
        comparison: &seed_comparison(),
        linkage: Linkage::Ward,
    };
    let written = charts::write_all(dir.path(), &inputs).unwrap();
    let names: Vec<&str> = written.iter().map(|chart| chart.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "voice-map-0",
            "words-per-voice",
            "mtld-per-voice",
            "flesch-reading-ease-per-voice",
            "sentence-lengths",
            "rhetoric",
            "distances",
            "pca",
            "distinctive-words",
        ]
    );
    for name in names {
        let png = std::fs::read(dir.path().join(format!("{name}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name}.png is a PNG");
        let svg = std::fs::read_to_string(dir.path().join(format!("{name}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"), "{name}.svg");
    }
    let svg = std::fs::read_to_string(dir.path().join("voice-map-0.svg")).unwrap();
    assert!(svg.contains("Ленин — “Beat them!”"), "{svg}");
    // No file is left half written.
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".voices-")
        })
        .count();
    assert_eq!(leftovers, 0);
    // Readable by others, as any output file (a temporary file is owner-only).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("rhetoric.png"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}

/// The heatmap's rows are the voices with rates (100 words or more), the author
/// first: on the seed, Yezhov's letter is the one in the first person.
#[test]
fn the_rhetoric_heatmap_shows_each_voices_markers() {
    let rows = charts::rhetoric_rows(&seed_rows(), 15);
    assert_eq!(rows[0].0, "author");
    let highest_i = rows
        .iter()
        .max_by(|a, b| a.1[0].total_cmp(&b.1[0]))
        .map(|(voice, _)| voice.as_str());
    assert_eq!(highest_i, Some("Nikolai Yezhov"));
}

/// The seed's sentence lengths: Lenin's letter runs long (median 46 words), the
/// author's middle half lies within 11 to 30 words, Stalin's sentences are short.
#[test]
fn the_sentence_length_chart_draws_each_voices_quartiles() {
    let voices = charts::sentence_lengths(&seed_rows(), 20);
    let find = |name: &str| voices.iter().find(|(voice, ..)| voice == name).unwrap();
    let (_, sentences, author, _) = find("author");
    assert_eq!(*sentences, 124);
    assert!(author[1] >= 10.0 && author[3] <= 31.0, "{author:?}");
    let (_, _, lenin, _) = find("Vladimir Lenin");
    let (_, _, stalin, _) = find("Josef Stalin");
    assert!(lenin[2] > 40.0 && stalin[2] < 12.0, "{lenin:?} {stalin:?}");
    // Quartiles are in order.
    for (voice, _, q, _) in &voices {
        assert!(
            q.windows(2).all(|pair| pair[0] <= pair[1]),
            "{voice}: {q:?}"
        );
    }
}

/// The comparison charts of the seed's voices: the distance chart has every voice
/// of 100 words or more, the PCA is labelled, Yezhov's distinctive word is `i`.
#[test]
fn the_comparison_charts_show_the_seeds_voices() {
    let comparison = seed_comparison();
    let view = charts::DistanceView::of(&comparison, Linkage::Ward).unwrap();
    let mut names = view.names.clone();
    names.sort();
    assert_eq!(
        names,
        [
            "Josef Stalin",
            "Nikolai Yezhov",
            "Vladimir Lenin",
            "author",
            "the chief procurator of the Bamlag camp"
        ]
    );
    // The rows follow the tree: the two units merged first are neighbours.
    let first = &view.merges[0];
    let rows: Vec<usize> = [first.left, first.right]
        .iter()
        .map(|node| match node {
            voices::compare::cluster::Node::Unit(unit) => view.leaf_of[*unit],
            other => panic!("the first merge joins two units, not {other:?}"),
        })
        .collect();
    assert_eq!(rows[0].abs_diff(rows[1]), 1);
    let pca = charts::PcaView::of(&comparison).unwrap();
    assert_eq!(pca.points.len(), 5);
    assert!(pca.explained[0] >= pca.explained[1]);
    let panels = charts::keyness_panels(&comparison, 6);
    let yezhov = panels
        .iter()
        .find(|(unit, _)| unit == "Nikolai Yezhov")
        .unwrap();
    assert_eq!(yezhov.1[0].0, "i");
}

/// A corpus of two writers: the distance chart's tree keeps each writer's texts
/// together, and the PCA colours them by author with a legend.
#[test]
fn the_comparison_charts_of_a_corpus_group_each_writers_texts() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::compare::two_writers(dir.path());
    let out = dir.path().join("out");
    let metadata = dir.path().join("metadata.csv");
    let args = ["report", "--by", "document", "--metadata"].map(std::path::PathBuf::from);
    common::assert_success(&common::voices(
        args.iter().chain([&metadata, &"-o".into(), &out, &corpus]),
        dir.path(),
    ));
    for chart in [
        "voice-map-0",
        "voice-map-8",
        "words-per-voice",
        "sentence-lengths",
        "distances",
        "pca",
        "distinctive-words",
    ] {
        for extension in ["svg", "png"] {
            let path = out.join(format!("charts/{chart}.{extension}"));
            assert!(
                std::fs::metadata(&path).unwrap().len() > 1000,
                "{}",
                path.display()
            );
        }
    }
    // The distance chart names its rows top to bottom in the order of the tree's
    // leaves: each writer's texts are one run.
    let svg = std::fs::read_to_string(out.join("charts/distances.svg")).unwrap();
    let writers: Vec<char> = svg
        .match_indices("  first_")
        .map(|(at, _)| (at, 'f'))
        .chain(svg.match_indices("  second_").map(|(at, _)| (at, 's')))
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_values()
        .collect();
    assert_eq!(writers.len(), 8, "{writers:?}");
    let changes = writers.windows(2).filter(|pair| pair[0] != pair[1]).count();
    assert_eq!(
        changes, 1,
        "the writers' texts are interleaved: {writers:?}"
    );
    let pca = std::fs::read_to_string(out.join("charts/pca.svg")).unwrap();
    for author in ["First", "Second", "unknown author"] {
        assert!(pca.contains(author), "no {author} in the PCA legend");
    }
}
