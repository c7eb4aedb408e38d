//! The words a document uses intact, as evidence for the repair rules.
//!
//! A name the word list lacks (`Djugashvili`) is still a word if the document spells
//! it out somewhere; a compound (`lice-ridden`) is a real compound if it appears
//! hyphenated in mid-line. Pieces that may be halves of a broken word are left out:
//! a letter run ending in a ligature (`fi`, `fl`, `ff`) followed by a space and a
//! lower-case letter, the run after it, and the runs on both sides of a line-end
//! hyphen.

use super::letters_after;
use crate::hashing::FastSet;

/// In sets hashed the fast way: a novel's every word is looked up here once, and
/// the standard library's hasher, made to resist chosen keys, was a fiftieth of the
/// analysis.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: FastSet<String>,
    compounds: FastSet<String>,
}

impl Vocabulary {
    pub fn of(text: &str) -> Self {
        let mut vocabulary = Vocabulary::default();
        // One buffer for the lower-cased word, so that only new words allocate.
        let mut lower = String::new();
        let mut broken_next = false;
        let mut position = 0;
        while position < text.len() {
            let Some(start) = text[position..]
                .char_indices()
                .find(|(_, character)| character.is_alphabetic())
                .map(|(offset, _)| position + offset)
            else {
                break;
            };
            let word = letters_after(text, start);
            let end = start + word.len();
            let after = &text[end..];
            let broken_before = std::mem::take(&mut broken_next);
            let line_end_hyphen = after.starts_with("-\n") || after.starts_with("-\r\n");
            let ligature_split = ends_in_ligature(word)
                && after.starts_with([' ', '\t'])
                && super::starts_lowercase(after.trim_start_matches([' ', '\t']));
            if line_end_hyphen || ligature_split {
                broken_next = true;
            } else if !broken_before {
                lower.clear();
                if word.is_ascii() {
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                } else {
                    lower.extend(word.chars().flat_map(char::to_lowercase));
                }
                if !vocabulary.words.contains(lower.as_str()) {
                    vocabulary.words.insert(lower.clone());
                }
                if let Some(rest) = after.strip_prefix('-') {
                    let right = letters_after(text, end + 1);
                    if !right.is_empty() && !rest.starts_with('-') {
                        vocabulary.compounds.insert(format!(
                            "{}-{}",
                            word.to_lowercase(),
                            right.to_lowercase()
                        ));
                    }
                }
            }
            position = end;
        }
        vocabulary
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }

    pub fn contains_compound(&self, left: &str, right: &str) -> bool {
        self.compounds
            .contains(&format!("{}-{}", left.to_lowercase(), right.to_lowercase()))
    }
}

/// True when `word` ends in the letters of a typographic ligature.
pub fn ends_in_ligature(word: &str) -> bool {
    word.ends_with("fi") || word.ends_with("fl") || word.ends_with("ff")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_of_broken_words_are_not_vocabulary() {
        let vocabulary = Vocabulary::of("an offi cer and a lice-ridden extermi-\nnated Tiflis");
        assert!(vocabulary.contains("Tiflis"));
        assert!(!vocabulary.contains("officer"));
        assert!(!vocabulary.contains("offi"));
        assert!(!vocabulary.contains("cer"));
        assert!(!vocabulary.contains("extermi"));
        assert!(!vocabulary.contains("nated"));
        assert!(vocabulary.contains_compound("lice", "ridden"));
    }
}
