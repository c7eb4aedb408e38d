//! Charts (issue 6, begun): they render for the seed and for a corpus, in SVG and
//! PNG, with Cyrillic and curly quotes, and a snapshot guards the layout.

use voices::charts::{self, VoiceMap};
use voices::stats::{StatsRun, VoiceStats};

use crate::common;

fn seed_rows() -> Vec<VoiceStats> {
    let mut run = StatsRun::new(0, false);
    run.add(std::slice::from_ref(common::seed()), 0);
    run.finish().0
}

/// The words-per-voice chart of the seed, against `tests/data/snapshots/`. Run
/// with `UPDATE_SNAPSHOTS=1` to accept a deliberate change of layout.
#[test]
fn the_words_per_voice_chart_matches_its_snapshot() {
    let svg = charts::words_svg(&seed_rows()).unwrap();
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
    for label in ["Words per voice", "author", "Vladimir Lenin", "2832"] {
        assert!(svg.contains(label), "no {label}");
    }
}

#[test]
fn charts_render_cyrillic_and_curly_quotes_in_svg_and_png() {
    let document = common::analyse_bytes(
        "lenin.txt",
        "«Я не знаю», сказал Ленин. “Beat them!” said Lenin.\n\nThe author writes on.\n".as_bytes(),
    );
    let mut map = VoiceMap::of(&document);
    map.title = "Ленин — “Beat them!”".to_string();
    let dir = tempfile::tempdir().unwrap();
    let written = charts::write_all(dir.path(), &[map], &seed_rows()).unwrap();
    let names: Vec<&str> = written.iter().map(|chart| chart.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "voice-map-0",
            "words-per-voice",
            "mtld-per-voice",
            "flesch-reading-ease-per-voice",
            "rhetoric"
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
