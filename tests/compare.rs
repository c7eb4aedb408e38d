//! Compare (issue 5): the Federalist Papers' disputed papers go to Madison at every
//! MFW setting, attribution on texts whose authors differ by design, and the command
//! line.

use std::path::{Path, PathBuf};

use crate::common::voices;
use voices::compare::units::{By, UnitCounter};
use voices::compare::{Oppose, Settings, compare};
use voices::document::{DocumentPieces, PieceSettings, WordsKept};
use voices::ingest::Metadata;
use voices::pipeline;

fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// Mosteller and Wallace's result: the 12 disputed papers are Madison's. With the
/// default method (Cosine Delta, nearest author centroid, z-scores over the papers
/// of known author) every one goes to Madison at every setting from 100 to 1,000
/// most frequent words.
#[test]
fn the_disputed_federalist_papers_are_madisons_at_every_setting() {
    let Some(corpora) = crate::common::shared_corpora("the Federalist check") else {
        return;
    };
    let root = corpora.join("federalist");
    let labels = std::fs::read_to_string(root.join("labels.csv")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut metadata = String::from("path,author\n");
    let mut files = Vec::new();
    let mut disputed = Vec::new();
    for line in labels.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let author = match fields[3] {
            "joint" => "joint",
            _ => fields[2],
        };
        if fields[3] == "disputed" {
            disputed.push(fields[0].trim_end_matches(".txt").to_string());
        }
        metadata.push_str(&format!("{},{author}\n", fields[0]));
        files.push(root.join("clean").join(fields[0]));
    }
    assert_eq!(disputed.len(), 12);
    std::fs::write(dir.path().join("metadata.csv"), metadata).unwrap();
    let metadata = Metadata::read(&dir.path().join("metadata.csv"), &files).unwrap();
    let settings = pipeline::Settings {
        metadata: &metadata,
        speakers: &Default::default(),
        corrections: &Default::default(),
    };
    let corpus = pipeline::analyse_files(&files, settings, &pipeline::progress_bar(0));
    let mut counter = UnitCounter::new(By::Document).keep_order();
    let in_order = PieceSettings {
        words: WordsKept::InOrder,
        ..PieceSettings::default()
    };
    for (doc_id, document) in corpus.documents.iter().enumerate() {
        counter.add(&DocumentPieces::of(document, doc_id, in_order));
    }
    let (units, vocabulary) = counter.finish();
    let settings = Settings {
        oppose: Some(Oppose {
            a: "Hamilton".to_string(),
            b: "Madison".to_string(),
            slice: 3000,
            threshold: 0.1,
        }),
        ..Settings::default()
    };
    let comparison = compare(units, &vocabulary, &settings);
    // Craig's Zeta finds Mosteller and Wallace's markers: Hamilton's `upon` (his
    // strongest) and Madison's `whilst`.
    let zeta = comparison.zeta.as_ref().unwrap();
    assert_eq!(zeta.markers_a[0].word, "upon");
    let madison: Vec<&str> = zeta
        .markers_b
        .iter()
        .take(10)
        .map(|w| w.word.as_str())
        .collect();
    assert!(madison.contains(&"whilst"), "{madison:?}");
    assert_eq!(comparison.results.len(), 10);
    for result in &comparison.results {
        for name in &disputed {
            let attribution = result
                .attributions
                .iter()
                .find(|a| &comparison.units[a.unit].name == name)
                .unwrap_or_else(|| panic!("{name} is attributed"));
            assert_eq!(
                attribution.by_centroid.0, "Madison",
                "{name} at {} MFW",
                result.mfw
            );
        }
        let accuracy = result.leave_one_out.centroid_accuracy().unwrap();
        eprintln!("MFW {}: leave-one-out accuracy {accuracy:.3}", result.mfw);
        assert!(accuracy > 0.7, "MFW {}: {accuracy}", result.mfw);
    }
}

/// Two writers who differ in their commonest words, and a text by the first. Each
/// text draws its sentences from its writer's pool in its own proportions, so that no
/// two texts have the same frequencies.
pub fn two_writers(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let first = [
        "The state of the nation and the powers of the union are the subject of the debate.",
        "The people of the states must judge the merits of the plan and the cost of the war.",
        "It is the duty of the government to secure the rights of the citizens of the republic.",
        "The history of the confederacy is a record of the weakness of the league.",
    ];
    let second = [
        "Upon reflection, we shall find that it is upon this point that our argument must rest.",
        "While others may disagree, we wait upon events, whilst they hasten to judge us.",
        "We cannot, upon the whole, deny that our friends were wiser than we had thought.",
        "Whilst we spoke, they listened; upon our return, we found them still there.",
    ];
    let text = |pool: &[&str], seed: usize, repeats: usize| {
        let mut text = String::new();
        for round in 0..repeats {
            for (index, sentence) in pool.iter().enumerate() {
                for _ in 0..(1 + (index * 7 + seed * 3 + round) % 4) {
                    text.push_str(sentence);
                    text.push(' ');
                }
            }
            text.push_str("\n\n");
        }
        text
    };
    for index in 0..4 {
        std::fs::write(
            corpus.join(format!("first_{index}.txt")),
            text(&first, index, 12),
        )
        .unwrap();
        std::fs::write(
            corpus.join(format!("second_{index}.txt")),
            text(&second, index, 12),
        )
        .unwrap();
    }
    let unknown = format!("{}{}", text(&first, 9, 10), text(&second, 9, 1));
    std::fs::write(corpus.join("unknown.txt"), unknown).unwrap();
    let mut metadata = String::from("path,author\n");
    for index in 0..4 {
        metadata.push_str(&format!(
            "first_{index}.txt,First\nsecond_{index}.txt,Second\n"
        ));
    }
    metadata.push_str("unknown.txt,unknown\n");
    std::fs::write(dir.join("metadata.csv"), metadata).unwrap();
    corpus
}

#[test]
fn compare_prints_attributions_neighbours_and_distances() {
    let dir = tempfile::tempdir().unwrap();
    two_writers(dir.path());
    let args = [
        "compare",
        "corpus",
        "--by",
        "document",
        "--metadata",
        "metadata.csv",
        "--mfw",
        "10..30:10",
    ];
    let output = voices([&args[..], &["--format", "jsonl"]].concat(), dir.path());
    crate::common::assert_success(&output);
    let records = json_lines(&output.stdout);
    let attribution = records
        .iter()
        .find(|r| r["record"] == "attribution")
        .unwrap();
    assert_eq!(attribution["unit"], "unknown");
    assert_eq!(attribution["by_centroid"], "First");
    assert_eq!(attribution["centroid_support"], 3);
    let accuracy: Vec<&serde_json::Value> = records
        .iter()
        .filter(|r| r["record"] == "accuracy")
        .collect();
    assert_eq!(accuracy.len(), 3);
    assert!(accuracy.iter().all(|r| r["by_centroid"] == 1.0));
    let neighbour = records
        .iter()
        .find(|r| r["record"] == "neighbour" && r["unit"] == "first_0")
        .unwrap();
    // The second writer's distinctive words are his own (`we`, `upon`), never the
    // first's (`the`, `of`).
    let keywords: Vec<&serde_json::Value> = records
        .iter()
        .filter(|r| r["record"] == "keyword" && r["unit"] == "second_0")
        .collect();
    let words: Vec<&str> = keywords
        .iter()
        .map(|k| k["word"].as_str().unwrap())
        .collect();
    assert!(
        words.contains(&"upon") && words.contains(&"we"),
        "{words:?}"
    );
    assert!(
        !words.contains(&"the") && !words.contains(&"of"),
        "{words:?}"
    );
    let keyword = keywords[0];
    assert!(
        keyword["g2"].as_f64().unwrap() > 15.13 && keyword["log_ratio"].as_f64().unwrap() > 0.0
    );
    assert!(
        neighbour["nearest"].as_str().unwrap().starts_with("first_"),
        "{neighbour}"
    );

    let output = voices(
        [
            &args[..],
            &["--format", "csv", "--distance", "classic_delta,minmax"],
        ]
        .concat(),
        dir.path(),
    );
    crate::common::assert_success(&output);
    let csv = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        csv.lines().next().unwrap(),
        "unit_a,unit_b,measure,mfw,words,value"
    );
    // 9 units: 36 pairs, for 2 distances at 3 settings.
    assert_eq!(csv.lines().count(), 1 + 36 * 2 * 3);
    assert!(csv.contains(",classic_delta,10,") && csv.contains(",minmax,30,"));

    let output = voices(args, dir.path());
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(
        table.contains("unknown") && table.contains("First") && table.contains("3/3"),
        "{table}"
    );
}

/// By author: each writer's texts pooled into one unit, the text of unknown author
/// apart and attributed.
#[test]
fn compare_by_author_pools_each_writers_texts() {
    let dir = tempfile::tempdir().unwrap();
    two_writers(dir.path());
    let output = voices(
        [
            "compare",
            "corpus",
            "--by",
            "author",
            "--metadata",
            "metadata.csv",
            "--mfw",
            "20",
            "--format",
            "jsonl",
        ],
        dir.path(),
    );
    crate::common::assert_success(&output);
    let records = json_lines(&output.stdout);
    let mut units: Vec<&str> = records
        .iter()
        .filter(|r| r["record"] == "neighbour")
        .map(|r| r["unit"].as_str().unwrap())
        .collect();
    units.sort_unstable();
    assert_eq!(units, ["First", "Second", "unknown"]);
    let attribution = records
        .iter()
        .find(|r| r["record"] == "attribution")
        .unwrap();
    assert_eq!(
        (&attribution["unit"], &attribution["by_centroid"]),
        (&"unknown".into(), &"First".into())
    );
}

#[test]
fn wrong_compare_options_exit_with_two() {
    let dir = tempfile::tempdir().unwrap();
    two_writers(dir.path());
    for args in [
        &["compare", "corpus", "--distance", "nonsense"][..],
        &["compare", "corpus", "--mfw", "1000..100"],
        &["compare", "corpus", "--by", "author"],
        &["compare", "corpus", "--culling", "150"],
        &["compare", "corpus", "--features", "bigrams"],
        &["compare", "corpus", "--sample", "0"],
        &["compare", "corpus", "--oppose", "First"],
    ] {
        let output = voices(args, dir.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("error:"));
    }
}

/// A report whose comparison needs no word order keeps how many times each voice
/// says each form rather than every word's form (a long book's pieces are 72 MB
/// smaller): the units counted from them are the units counted word by word.
#[test]
fn units_counted_from_word_counts_are_the_units_counted_in_order() {
    let document = crate::common::seed();
    for by in [By::Voice, By::Document] {
        let units = |words: WordsKept| {
            let mut counter = UnitCounter::new(by);
            let settings = PieceSettings {
                words,
                ..PieceSettings::default()
            };
            counter.add(&DocumentPieces::of(document, 0, settings));
            let (units, vocabulary) = counter.finish();
            let units = units.into_iter().map(|unit| {
                let counts = unit.counts.iter();
                let counts = counts.map(|&(id, count)| (vocabulary.form(id).to_string(), count));
                (unit.name, unit.words, counts.collect::<Vec<_>>())
            });
            units.collect::<Vec<_>>()
        };
        let counted = units(WordsKept::Counts);
        assert_eq!(counted, units(WordsKept::InOrder), "{by:?}");
        let words = |name: &str| {
            counted
                .iter()
                .find(|unit| unit.0 == name)
                .map(|unit| unit.1)
        };
        match by {
            By::Voice => {
                assert!(words("author").unwrap() > 2800);
                assert!(words("Boris Pasternak").is_some_and(|words| words > 20));
            }
            _ => assert_eq!(counted.len(), 1),
        }
    }
}
