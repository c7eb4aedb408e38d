//! Sentence boundaries that know abbreviations, initials, ellipses and quotes.
//!
//! UAX #29 sentence breaks split after `Mr.`, `Jan.` and every `. . .`, so the rules
//! here are written out. A sentence ends at `.`, `!`, `?` or `…`, together with any
//! closing quotes and brackets after it (`humanity.” Even` splits after `”`), when
//! whitespace follows and the next word starts a sentence (a capital, a digit, or an
//! opening quote or bracket before one). It does not end:
//! - at an ellipsis (`. . .`, `...`, `…`): `his will. . . . These words` stays one
//!   sentence, as quotations with omissions should;
//! - after an initial (`V. I. Lenin`) or an acronym (`U.S. Communist`), unless a
//!   common sentence opener follows;
//! - after an abbreviation from `data/segment/abbreviations.txt`, by its kind.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

static ABBREVIATIONS: &str = include_str!("../../data/segment/abbreviations.txt");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Title,
    Number,
    Inner,
    Final,
    Opener,
}

struct Lists {
    abbreviations: HashMap<&'static str, Kind>,
    openers: Vec<&'static str>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut abbreviations = HashMap::new();
        let mut openers = Vec::new();
        for line in ABBREVIATIONS.lines() {
            let Some((kind, words)) = line.split_once(':') else {
                continue;
            };
            let kind = match kind.trim() {
                "title" => Kind::Title,
                "number" => Kind::Number,
                "inner" => Kind::Inner,
                "final" => Kind::Final,
                "opener" => Kind::Opener,
                _ => continue,
            };
            for word in words.split_whitespace() {
                if kind == Kind::Opener {
                    openers.push(word);
                } else {
                    abbreviations.insert(word, kind);
                }
            }
        }
        Lists {
            abbreviations,
            openers,
        }
    })
}

/// The sentences of `text` (one paragraph), as trimmed byte ranges that together
/// cover every non-space character.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = text.len() - text.trim_start().len();
    let mut position = start;
    while let Some(offset) = text[position..].find(['.', '!', '?', '…']) {
        let terminal = position + offset;
        let (end, ellipsis) = terminal_cluster(text, terminal);
        position = end;
        let rest = &text[end..];
        let next = rest.trim_start();
        if next.is_empty() || next.len() == rest.len() {
            continue;
        }
        if !ellipsis && starts_sentence(next) && !abbreviation_holds(text, terminal, next) {
            sentences.push(start..end);
            start = text.len() - next.len();
            position = start;
        }
    }
    let end = text.trim_end().len();
    if end > start {
        sentences.push(start..end);
    }
    sentences
}

/// The end of the terminal punctuation starting at `at` (more terminals, a spaced
/// ellipsis, closing quotes and brackets), and whether it is an ellipsis.
fn terminal_cluster(text: &str, at: usize) -> (usize, bool) {
    let mut end = at;
    let mut dots = 0;
    let mut ellipsis = false;
    loop {
        let rest = &text[end..];
        let Some(character) = rest.chars().next() else {
            break;
        };
        match character {
            '.' => dots += 1,
            '…' => ellipsis = true,
            '!' | '?' => {}
            ' ' if dots > 0 && rest[1..].starts_with('.') => {}
            _ => break,
        }
        end += character.len_utf8();
    }
    let closing = text[end..]
        .chars()
        .take_while(|&character| crate::clean::is_closing(character))
        .map(char::len_utf8)
        .sum::<usize>();
    (end + closing, ellipsis || dots >= 3)
}

/// True when `next` can open a sentence: a capital or a digit, possibly after
/// opening quotes or brackets.
fn starts_sentence(next: &str) -> bool {
    next.trim_start_matches(['“', '‘', '"', '\'', '(', '[', '«'])
        .chars()
        .next()
        .is_some_and(|character| character.is_uppercase() || character.is_numeric())
}

/// True when the period at `period` belongs to an abbreviation or initial that does
/// not end the sentence before `next`.
fn abbreviation_holds(text: &str, period: usize, next: &str) -> bool {
    if !text[period..].starts_with('.') {
        return false;
    }
    let word_start = text[..period]
        .rfind(|character: char| character.is_whitespace() || "(“‘\"[".contains(character))
        .map_or(0, |index| {
            index + text[index..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &text[word_start..period];
    if word.is_empty() {
        return false;
    }
    let lists = lists();
    let next = next.trim_start_matches(['“', '‘', '"', '\'', '(', '[']);
    let next_word_length = next
        .char_indices()
        .find(|(_, character)| !character.is_alphanumeric())
        .map_or(next.len(), |(index, _)| index);
    let next_word = &next[..next_word_length];
    // `V. I. Lenin`: an initial before another initial is not the pronoun `I`.
    let initial_follows =
        next_word.chars().count() == 1 && next[next_word_length..].starts_with('.');
    let opener_follows =
        !initial_follows && lists.openers.contains(&next_word.to_lowercase().as_str());
    let digit_follows = next_word.chars().next().is_some_and(|c| c.is_ascii_digit());

    let mut letters = word.chars();
    let is_initial = letters.next().is_some_and(char::is_uppercase) && letters.next().is_none();
    let is_acronym = word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() <= 2 && !part.is_empty());
    if is_initial || is_acronym {
        return !opener_follows;
    }
    match lists.abbreviations.get(word.to_lowercase().as_str()) {
        Some(Kind::Title | Kind::Inner) => true,
        Some(Kind::Number) => digit_follows,
        Some(Kind::Final) => !opener_follows,
        Some(Kind::Opener) | None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        assert_eq!(
            split(
                "“The immortal name of Stalin will always live in our hearts.” Even though Stalin had imprisoned his wife."
            ),
            vec![
                "“The immortal name of Stalin will always live in our hearts.”",
                "Even though Stalin had imprisoned his wife."
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("the elderly Dr. Vasilenko begged."),
            vec!["the elderly Dr. Vasilenko begged."]
        );
        assert_eq!(
            split("Did the U.S. Communist Party spy?"),
            vec!["Did the U.S. Communist Party spy?"]
        );
        assert_eq!(
            split("Mr. V. I. Lenin came on Jan. 3 in 1918."),
            vec!["Mr. V. I. Lenin came on Jan. 3 in 1918."]
        );
        assert_eq!(
            split("They came from the U.S. The rest stayed."),
            vec!["They came from the U.S.", "The rest stayed."]
        );
        assert_eq!(
            split("Books, papers, etc. The rest burned."),
            vec!["Books, papers, etc.", "The rest burned."]
        );
    }

    #[test]
    fn ellipses_stay_inside_the_sentence() {
        assert_eq!(
            split("his care, his will. . . . These words touch every simple person."),
            vec!["his care, his will. . . . These words touch every simple person."]
        );
        assert_eq!(
            split("Lacking food . . . they collect orts."),
            vec!["Lacking food . . . they collect orts."]
        );
        assert_eq!(split("Wait... No. Go…"), vec!["Wait... No.", "Go…"]);
    }

    #[test]
    fn questions_inside_quotes_before_a_tag_do_not_split() {
        assert_eq!(
            split("“Beat them!”—he demanded. “What are you?” he asked. Nobody spoke."),
            vec![
                "“Beat them!”—he demanded.",
                "“What are you?” he asked.",
                "Nobody spoke."
            ]
        );
    }
}
