//! Syllables of an English word, as textstat counts them: the vowel sounds of the
//! word's first pronunciation in the CMU Pronouncing Dictionary
//! (`data/stats/cmudict-syllables.txt`, compiled in and parsed once), else a count
//! of vowel groups. textstat's own fallback for words the dictionary lacks is
//! hyphenation patterns (pyphen), which count hyphenation points rather than
//! syllables; the rule here counts the vowel sounds of the spelling instead, so the
//! two can differ on words outside the dictionary (names, coinages, misspellings).

use std::sync::OnceLock;

use crate::hashing::FastMap;

static DICTIONARY: &str = include_str!("../../data/stats/cmudict-syllables.txt");

fn dictionary() -> &'static FastMap<&'static str, u8> {
    static MAP: OnceLock<FastMap<&'static str, u8>> = OnceLock::new();
    MAP.get_or_init(|| {
        DICTIONARY
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (word, count) = line.split_once(' ')?;
                Some((word, count.parse().ok()?))
            })
            .collect()
    })
}

/// The syllables of `word` (lower case, as the tokens' normalized form is): from the
/// CMU Pronouncing Dictionary, else from its spelling. A word without letters has
/// none.
pub fn syllables(word: &str) -> u32 {
    match dictionary().get(word) {
        Some(&count) => u32::from(count),
        None => spelled_syllables(word),
    }
}

/// True when the CMU Pronouncing Dictionary has `word` (lower case).
pub fn in_dictionary(word: &str) -> bool {
    dictionary().contains_key(word)
}

fn is_plain_vowel(letter: char) -> bool {
    matches!(letter, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Syllables from spelling: groups of vowels (`y` after a consonant counts), less a
/// silent final `e` (`stone`, but not `table`, `free` or `the`) and a silent `-ed`
/// after a letter other than `t` or `d` (`walked`, but not `wanted`); at least one
/// for a word with letters.
fn spelled_syllables(word: &str) -> u32 {
    let letters: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if letters.is_empty() {
        return 0;
    }
    let is_vowel = |index: usize| {
        let letter = letters[index];
        is_plain_vowel(letter)
            || "àáâãäåæèéêëìíîïòóôõöøùúûü".contains(letter)
            || (letter == 'y' && (index == 0 || !is_plain_vowel(letters[index - 1])))
    };
    let mut groups = 0;
    for index in 0..letters.len() {
        if is_vowel(index) && (index == 0 || !is_vowel(index - 1)) {
            groups += 1;
        }
    }
    let length = letters.len();
    let ends_with = |suffix: &str| {
        let suffix: Vec<char> = suffix.chars().collect();
        length >= suffix.len() && letters[length - suffix.len()..] == suffix[..]
    };
    let consonant_before = |back: usize| length > back && !is_vowel(length - 1 - back);
    let silent_e =
        ends_with("e") && length > 2 && consonant_before(1) && !ends_with("le") && groups > 1;
    let silent_ed = ends_with("ed")
        && length > 3
        && !matches!(letters[length - 3], 't' | 'd')
        && consonant_before(2)
        && groups > 1;
    if silent_e || silent_ed {
        groups -= 1;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_counts_vowel_sounds_of_the_first_pronunciation() {
        assert_eq!(syllables("every"), 3);
        assert_eq!(syllables("idea"), 3);
        assert_eq!(syllables("the"), 1);
        assert_eq!(syllables("stalin"), 2);
        assert_eq!(syllables("archives"), 2);
        assert_eq!(syllables("bolsheviks"), 3);
        assert!(in_dictionary("fire"));
    }

    #[test]
    fn words_outside_the_dictionary_are_counted_from_their_spelling() {
        for (word, expected) in [
            ("yezhovshchina", 4),
            ("zhdanovite", 3),
            ("vyshinskyesque", 4),
            ("glasnosted", 3),
            ("ukrainised", 3),
        ] {
            assert!(!in_dictionary(word), "{word} is in the dictionary");
            assert_eq!(syllables(word), expected, "{word}");
        }
        assert_eq!(spelled_syllables("stone"), 1);
        assert_eq!(spelled_syllables("table"), 2);
        assert_eq!(spelled_syllables("walked"), 1);
        assert_eq!(spelled_syllables("wanted"), 2);
        assert_eq!(spelled_syllables("x"), 1);
        assert_eq!(spelled_syllables("1937"), 0);
    }
}
