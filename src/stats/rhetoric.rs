//! What the rhetoric measures look for, from the word lists of
//! `data/stats/rhetoric.toml` and the function words of
//! `data/stats/function-words.txt` (both compiled in and parsed once).
//!
//! Word categories (pronouns of each person, modals, negations, absolutes,
//! intensifiers, hedges, superlatives) are counted per word; the sentence patterns
//! (questions, exclamations, imperatives, anaphora, tricolon, antithesis) are found in
//! [`super::sample`] from the facts here. Each form of a document is looked up once
//! ([`Lexicon::facts`]), so counting a voice's words costs no hashing.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::hashing::{FastMap, FastSet};

static RHETORIC: &str = include_str!("../../data/stats/rhetoric.toml");
static FUNCTION_WORDS: &str = include_str!("../../data/stats/function-words.txt");

/// The word categories, in the order of their columns.
pub const CATEGORIES: [&str; 11] = [
    "first_person_singular",
    "first_person_plural",
    "second_person",
    "third_person_plural",
    "obligation",
    "possibility",
    "negations",
    "absolutes",
    "intensifiers",
    "hedges",
    "superlatives",
];

#[derive(Deserialize)]
struct Lists {
    words: FastMap<String, CategoryList>,
    imperatives: Imperatives,
    tricolon: Tricolon,
    antithesis: Antithesis,
}

#[derive(Deserialize)]
struct CategoryList {
    words: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
}

#[derive(Deserialize)]
struct Imperatives {
    verbs: Vec<String>,
    finite: Vec<String>,
}

#[derive(Deserialize)]
struct Tricolon {
    coordinators: Vec<String>,
}

#[derive(Deserialize)]
struct Antithesis {
    negations: Vec<String>,
    contrast: Vec<String>,
}

/// What the lists say of one normalized form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordFacts {
    /// Bit i set: the word is in category `CATEGORIES[i]`.
    pub categories: u16,
    /// Bit i set: the word opens a two-word entry of category i (checked against
    /// the next word by [`Lexicon::pair`]).
    pub opens_pair: u16,
    pub function_word: bool,
    pub imperative_verb: bool,
    pub finite_verb: bool,
    pub coordinator: bool,
    pub negation: bool,
    pub contrast: bool,
}

/// A one-word list entry: a word, or a suffix (`*est`).
enum Entry {
    Word(String),
    Suffix(String),
}

impl Entry {
    fn parse(entry: &str) -> Self {
        match entry.strip_prefix('*') {
            Some(suffix) => Entry::Suffix(suffix.to_string()),
            None => Entry::Word(entry.to_string()),
        }
    }

    /// A suffix matches words of at least two more letters than itself.
    fn matches(&self, word: &str) -> bool {
        match self {
            Entry::Word(entry) => entry == word,
            Entry::Suffix(suffix) => {
                word.ends_with(suffix.as_str())
                    && word.chars().count() >= suffix.chars().count() + 2
            }
        }
    }
}

/// The compiled lists: each word's categories in one map, so that looking a form up
/// is a few hashes whatever the length of the lists.
pub struct Lexicon {
    /// Category bits of each one-word entry.
    words: FastMap<String, u16>,
    /// Suffix entries (`*est`) and their category bits.
    suffixes: Vec<(Entry, u16)>,
    /// Category bits a word never counts for (`interest` is no superlative).
    except: FastMap<String, u16>,
    /// Category bits of the two-word entries each word opens.
    pair_openers: FastMap<String, u16>,
    /// Per category: its two-word entries (first word, second word; `*` for any
    /// word that is not a function word).
    pairs: Vec<Vec<(String, String)>>,
    function_words: FastSet<&'static str>,
    imperative_verbs: FastSet<String>,
    finite_verbs: FastSet<String>,
    coordinators: FastSet<String>,
    negations: Vec<Entry>,
    contrast: FastSet<String>,
}

impl Lexicon {
    /// The lists of `data/stats/`, parsed on first use.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let lists: Lists =
                toml::from_str(RHETORIC).expect("data/stats/rhetoric.toml is valid (tested)");
            Lexicon::compile(lists)
        })
    }

    fn compile(mut lists: Lists) -> Lexicon {
        let mut words: FastMap<String, u16> = FastMap::default();
        let mut suffixes: Vec<(Entry, u16)> = Vec::new();
        let mut except: FastMap<String, u16> = FastMap::default();
        let mut pair_openers: FastMap<String, u16> = FastMap::default();
        let mut pairs = Vec::new();
        for (index, name) in CATEGORIES.iter().enumerate() {
            let bit = 1u16 << index;
            let list = lists
                .words
                .remove(*name)
                .unwrap_or_else(|| panic!("rhetoric.toml lists [words.{name}]"));
            let mut two_words = Vec::new();
            for entry in list.words {
                if let Some((first, second)) = entry.split_once(' ') {
                    *pair_openers.entry(first.to_string()).or_default() |= bit;
                    two_words.push((first.to_string(), second.to_string()));
                } else {
                    match Entry::parse(&entry) {
                        Entry::Word(word) => *words.entry(word).or_default() |= bit,
                        suffix => suffixes.push((suffix, bit)),
                    }
                }
            }
            for word in list.except {
                *except.entry(word).or_default() |= bit;
            }
            pairs.push(two_words);
        }
        let set = |words: Vec<String>| words.into_iter().collect::<FastSet<String>>();
        Lexicon {
            words,
            suffixes,
            except,
            pair_openers,
            pairs,
            function_words: FUNCTION_WORDS
                .lines()
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .collect(),
            imperative_verbs: set(lists.imperatives.verbs),
            finite_verbs: set(lists.imperatives.finite),
            coordinators: set(lists.tricolon.coordinators),
            negations: lists
                .antithesis
                .negations
                .iter()
                .map(|entry| Entry::parse(entry))
                .collect(),
            contrast: set(lists.antithesis.contrast),
        }
    }

    /// True when `word` (a normalized form) is a function word.
    pub fn is_function_word(&self, word: &str) -> bool {
        self.function_words.contains(word)
    }

    /// What the lists say of `word`, a normalized form.
    pub fn facts(&self, word: &str) -> WordFacts {
        let mut facts = WordFacts {
            function_word: self.is_function_word(word),
            imperative_verb: self.imperative_verbs.contains(word),
            finite_verb: self.finite_verbs.contains(word),
            coordinator: self.coordinators.contains(word),
            negation: self.negations.iter().any(|entry| entry.matches(word)),
            contrast: self.contrast.contains(word),
            ..WordFacts::default()
        };
        let mut categories = self.words.get(word).copied().unwrap_or(0);
        for (suffix, bits) in &self.suffixes {
            if suffix.matches(word) {
                categories |= bits;
            }
        }
        facts.categories = categories & !self.except.get(word).copied().unwrap_or(0);
        facts.opens_pair = self.pair_openers.get(word).copied().unwrap_or(0);
        facts
    }

    /// The categories whose two-word entries `first next` is, given the categories
    /// `first` opens a pair of.
    pub fn pair(&self, opens: u16, first: &str, next: &str) -> u16 {
        let mut found = 0;
        for (index, pairs) in self.pairs.iter().enumerate() {
            if opens & (1 << index) == 0 {
                continue;
            }
            let matched = pairs.iter().any(|(one, two)| {
                one == first
                    && match two.as_str() {
                        "*" => !self.is_function_word(next),
                        two => two == next,
                    }
            });
            if matched {
                found |= 1 << index;
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn categories(word: &str) -> Vec<&'static str> {
        let facts = Lexicon::get().facts(word);
        CATEGORIES
            .iter()
            .enumerate()
            .filter(|(index, _)| facts.categories & (1 << index) != 0)
            .map(|(_, name)| *name)
            .collect()
    }

    #[test]
    fn words_fall_in_their_categories() {
        assert_eq!(categories("we"), ["first_person_plural"]);
        assert_eq!(categories("them"), ["third_person_plural"]);
        assert_eq!(categories("never"), ["negations", "absolutes"]);
        assert_eq!(categories("didn't"), ["negations"]);
        assert_eq!(categories("greatest"), ["superlatives"]);
        // -est words that are not superlatives, and a suffix alone.
        assert!(categories("interest").is_empty());
        assert!(categories("honest").is_empty());
        assert!(categories("est").is_empty());
        assert!(categories("table").is_empty());
    }

    #[test]
    fn two_word_entries_need_their_second_word() {
        let lexicon = Lexicon::get();
        let have = lexicon.facts("have");
        let obligation = 1 << CATEGORIES.iter().position(|c| *c == "obligation").unwrap();
        assert_eq!(lexicon.pair(have.opens_pair, "have", "to"), obligation);
        assert_eq!(lexicon.pair(have.opens_pair, "have", "been"), 0);
        // `most *`: any word that is not a function word.
        let most = lexicon.facts("most");
        let superlative = 1
            << CATEGORIES
                .iter()
                .position(|c| *c == "superlatives")
                .unwrap();
        assert_eq!(
            lexicon.pair(most.opens_pair, "most", "ruthless"),
            superlative
        );
        assert_eq!(lexicon.pair(most.opens_pair, "most", "of"), 0);
    }

    #[test]
    fn function_words_and_sentence_cues() {
        let lexicon = Lexicon::get();
        assert!(lexicon.is_function_word("the"));
        assert!(lexicon.is_function_word("wasn't"));
        assert!(!lexicon.is_function_word("archive"));
        assert!(lexicon.facts("beat").imperative_verb);
        assert!(lexicon.facts("was").finite_verb);
        assert!(lexicon.facts("and").coordinator);
        assert!(lexicon.facts("isn't").negation);
        assert!(lexicon.facts("but").contrast);
    }
}
