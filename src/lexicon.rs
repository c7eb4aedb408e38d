//! Which strings are English words, for the cleaner's repair decisions.
//!
//! The bundled list `data/wordlists/english-words.txt` is the union of Debian's
//! `wamerican` and `wbritish` packages (SCOWL size 50, release 2020.12.07),
//! lower-cased, without possessive entries; its licence is in
//! `data/wordlists/SCOWL-COPYRIGHT`. It is compiled into the binary and parsed once.

use std::sync::OnceLock;

use crate::hashing::FastSet;

static WORD_LIST: &str = include_str!("../data/wordlists/english-words.txt");

/// Hashed the fast way: the cleaner looks up most of a book's words here.
fn words() -> &'static FastSet<&'static str> {
    static WORDS: OnceLock<FastSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| WORD_LIST.lines().filter(|line| !line.is_empty()).collect())
}

/// Two-letter words that count as words on their own. Dictionaries also list
/// abbreviations and letter names (`ed`, `ty`, `fl`), which are exactly the fragments
/// a broken ligature or a hyphen leaves behind, so short fragments must be common
/// words to count.
const SHORT_WORDS: &[&str] = &[
    "a", "i", "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me",
    "my", "no", "of", "oh", "on", "or", "ox", "so", "to", "up", "us", "we",
];

/// True when `word` (any case) is in the English word list.
pub fn is_english(word: &str) -> bool {
    is_english_lowercase(&word.to_lowercase())
}

/// `is_english` for a word already in lower case.
pub fn is_english_lowercase(lower: &str) -> bool {
    words().contains(lower.strip_suffix("'s").unwrap_or(lower))
}

/// True when `fragment` can stand as a word on its own: a listed word of three letters
/// or more, or a common short word.
pub fn is_standalone_word(fragment: &str) -> bool {
    let length = fragment.chars().count();
    if length <= 2 {
        let lower = fragment.to_lowercase();
        return SHORT_WORDS.contains(&lower.as_str());
    }
    is_english(fragment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_knows_words_and_not_fragments() {
        assert!(is_english("exterminated"));
        assert!(is_english("Flourishing"));
        assert!(is_english("colour"), "British spellings are in the list");
        assert!(!is_english("offi"));
        assert!(!is_standalone_word("fl"));
        assert!(!is_standalone_word("ed"));
        assert!(is_standalone_word("is"));
        assert!(is_standalone_word("ridden"));
    }
}
