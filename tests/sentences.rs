//! Sentence boundaries on the bundled book, against a hand-checked gold file.

use crate::common::{seed, sentence_texts};

#[test]
fn sentences_match_the_hand_checked_gold_file() {
    let gold_file = include_str!("data/sentences-gold.txt");
    let gold: Vec<String> = gold_file
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| line.replace("\\n", "\n"))
        .collect();
    let found = sentence_texts(seed());
    for (index, (expected, actual)) in gold.iter().zip(&found).enumerate() {
        assert_eq!(
            actual, expected,
            "sentence {index} differs from the gold file"
        );
    }
    assert_eq!(
        found.len(),
        gold.len(),
        "number of sentences differs from the gold file"
    );
}
