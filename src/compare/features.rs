//! What the comparison counts: words (the default) or character n-grams, and,
//! optionally, a random sample of the same number of words from every unit, so that
//! units of very different sizes are compared on equal terms (stylo's
//! `sampling = "random.sampling"`).

use std::hash::Hasher;

use super::units::Unit;
use crate::hashing::{FastMap, FxHasher};
use crate::random::{SplitMix64, mix};
use crate::segment::Vocabulary;

/// The features counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Features {
    Words,
    /// Character n-grams of the words in order, spaces written `_` (stylo's
    /// `features = "c"`): `the cat` gives `the`, `he_`, `e_c`, `_ca`, `cat` for n = 3.
    Chars(usize),
}

/// `words` or `chars:N`.
pub fn parse_features(spec: &str) -> Result<Features, String> {
    match spec.trim() {
        "words" | "w" => Ok(Features::Words),
        other => {
            let n = other
                .strip_prefix("chars:")
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| (1..=10).contains(n))
                .ok_or_else(|| {
                    format!("`{other}`: give `words` or `chars:N` with N from 1 to 10")
                })?;
            Ok(Features::Chars(n))
        }
    }
}

fn recount(unit: &mut Unit) {
    let mut counts: FastMap<u32, u32> = FastMap::default();
    for &word in &unit.sequence {
        *counts.entry(word).or_default() += 1;
    }
    let mut counts: Vec<(u32, u32)> = counts.into_iter().collect();
    counts.sort_unstable();
    unit.counts = counts;
    unit.words = unit.sequence.len() as u64;
}

/// Replaces each unit's words by `size` of them drawn at random without
/// replacement (kept in text order), the draw seeded by the unit's name; a unit with
/// fewer words keeps them all, and is named in the warning returned.
pub fn sample(units: &mut [Unit], size: usize) -> Option<String> {
    let mut short = Vec::new();
    for unit in units.iter_mut() {
        let n = unit.sequence.len();
        if n <= size {
            short.push(format!("{} ({n})", unit.name));
            continue;
        }
        let mut hasher = FxHasher::default();
        hasher.write(unit.name.as_bytes());
        let mut random = SplitMix64(mix(hasher.finish()));
        // A partial Fisher-Yates shuffle picks the positions; sorted, they keep the
        // text's order.
        let mut positions: Vec<usize> = (0..n).collect();
        for i in 0..size {
            let j = i + random.below(n - i);
            positions.swap(i, j);
        }
        let mut picked = positions[..size].to_vec();
        picked.sort_unstable();
        unit.sequence = picked.iter().map(|&p| unit.sequence[p]).collect();
        recount(unit);
    }
    (!short.is_empty()).then(|| {
        format!(
            "--sample {size}: {} unit(s) have fewer words and are compared whole: {}",
            short.len(),
            short.join(", ")
        )
    })
}

/// The units' character n-grams, in a vocabulary of their own.
pub fn char_ngrams(units: &mut [Unit], vocabulary: &Vocabulary, n: usize) -> Vocabulary {
    let mut grams = Vocabulary::default();
    for unit in units.iter_mut() {
        let mut text: Vec<char> = Vec::new();
        for (index, &word) in unit.sequence.iter().enumerate() {
            if index > 0 {
                text.push('_');
            }
            text.extend(vocabulary.form(word).chars());
        }
        let mut gram = String::new();
        unit.sequence = text
            .windows(n)
            .map(|window| {
                gram.clear();
                gram.extend(window);
                grams.intern(&gram)
            })
            .collect();
        recount(unit);
    }
    grams
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, words: &[&str], vocabulary: &mut Vocabulary) -> Unit {
        let sequence: Vec<u32> = words.iter().map(|w| vocabulary.intern(w)).collect();
        let mut unit = Unit {
            name: name.to_string(),
            author: None,
            counts: Vec::new(),
            words: 0,
            sequence,
        };
        recount(&mut unit);
        unit
    }

    #[test]
    fn character_trigrams_cross_word_boundaries() {
        let mut vocabulary = Vocabulary::default();
        let mut units = vec![unit("u", &["the", "cat"], &mut vocabulary)];
        let grams = char_ngrams(&mut units, &vocabulary, 3);
        let found: Vec<&str> = units[0].sequence.iter().map(|&g| grams.form(g)).collect();
        assert_eq!(found, ["the", "he_", "e_c", "_ca", "cat"]);
        assert_eq!(units[0].words, 5);
        assert_eq!(parse_features("chars:3"), Ok(Features::Chars(3)));
        assert_eq!(parse_features("words"), Ok(Features::Words));
        assert!(parse_features("chars:0").is_err() && parse_features("bigrams").is_err());
    }

    #[test]
    fn samples_are_equal_sized_reproducible_and_in_order() {
        let mut vocabulary = Vocabulary::default();
        let words: Vec<String> = (0..100).map(|i| format!("w{i:03}")).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let make = |vocabulary: &mut Vocabulary| {
            vec![
                unit("long", &refs, vocabulary),
                unit("short", &refs[..5], vocabulary),
            ]
        };
        let mut units = make(&mut vocabulary);
        let warning = sample(&mut units, 10).unwrap();
        assert!(warning.contains("short (5)"), "{warning}");
        assert_eq!(units[0].words, 10);
        let picked: Vec<&str> = units[0]
            .sequence
            .iter()
            .map(|&w| vocabulary.form(w))
            .collect();
        let mut sorted = picked.clone();
        sorted.sort_unstable();
        assert_eq!(picked, sorted, "text order kept");
        let mut again = make(&mut vocabulary);
        sample(&mut again, 10);
        assert_eq!(
            again[0].sequence, units[0].sequence,
            "the same draw every time"
        );
    }
}
