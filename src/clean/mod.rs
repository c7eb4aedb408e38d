//! Clean: repair what digitisation broke, then lay the text out in paragraphs.
//!
//! A book extracted from a PDF carries page furniture (running heads, page numbers),
//! ligatures split by a space (`offi cer`), words hyphenated at line ends and
//! paragraphs cut by page breaks. Each repair is a [`Rule`] that reads the text and
//! proposes [`Edit`]s; the rules run in the order of [`RULES`], each on the output of
//! the one before, and [`paragraphs::layout`] finally joins lines into paragraphs.
//! Every edit goes through [`MappedText::apply`], so the cleaned text always maps back
//! to the bytes of the original file. Curly quotes, dashes and spaced ellipses are
//! kept as they are: the voice stage reads them.
//!
//! Adding a repair means writing one rule module and adding it to [`RULES`].

mod furniture;
mod hyphens;
mod ligatures;
pub mod paragraphs;
mod vocabulary;

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::lexicon;
use crate::offsets::{Edit, MappedText};
pub use paragraphs::{Paragraph, ParagraphKind};
use vocabulary::Vocabulary;

/// One repair of the text.
pub trait Rule: Sync {
    /// Edits that repair `text`, sorted by position and not overlapping.
    fn edits(&self, text: &str, context: &Context) -> Vec<Edit>;
}

/// The repairs, in the order they run. Furniture goes first so that a running head
/// in mid-sentence does not hide a hyphen or a ligature split; hyphens go before
/// ligatures so that `sig-`/`nifi cant` is first `signifi cant`, then `significant`.
pub const RULES: &[&dyn Rule] = &[
    &furniture::PageFurniture,
    &hyphens::LineEndHyphens,
    &ligatures::SplitLigatures,
];

/// What a rule may consult besides the text: the English word list and the
/// document's own vocabulary (built on first use, from the text as it came in).
pub struct Context<'a> {
    source: &'a str,
    vocabulary: OnceCell<Vocabulary>,
}

impl<'a> Context<'a> {
    pub fn new(source: &'a str) -> Self {
        Context {
            source,
            vocabulary: OnceCell::new(),
        }
    }

    fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary.get_or_init(|| Vocabulary::of(self.source))
    }

    /// True when `word` is English or occurs intact elsewhere in the document.
    pub fn is_known(&self, word: &str) -> bool {
        lexicon::is_english(word) || self.vocabulary().contains(word)
    }

    /// True when the hyphenated compound `left-right` occurs intact in the document.
    pub fn is_attested_compound(&self, left: &str, right: &str) -> bool {
        self.vocabulary().contains_compound(left, right)
    }
}

/// The cleaned text of a document.
#[derive(Clone, Debug)]
pub struct CleanText {
    /// Paragraphs separated by blank lines, mapped to the original file.
    pub text: MappedText,
    /// Paragraphs in order, as ranges of `text`.
    pub paragraphs: Vec<Paragraph>,
    /// How many of each repair were made, by label (`running head`, `ligature`...).
    pub repairs: BTreeMap<&'static str, usize>,
    /// Where the repairs of the cleaning rules were made (the layout's joins of
    /// lines are only counted), in the order the rules ran.
    pub repair_sites: Vec<RepairSite>,
}

/// One repair: the bytes of the original file it replaced or removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepairSite {
    pub source: Range<usize>,
    pub label: &'static str,
}

/// Runs every rule, then the paragraph layout.
pub fn clean(decoded: &MappedText) -> CleanText {
    let context = Context::new(&decoded.text);
    let mut repairs = BTreeMap::new();
    let mut repair_sites = Vec::new();
    let mut text = None::<MappedText>;
    for rule in RULES {
        let current = text.as_ref().unwrap_or(decoded);
        let edits = rule.edits(&current.text, &context);
        if edits.is_empty() {
            continue;
        }
        for edit in &edits {
            *repairs.entry(edit.label).or_insert(0) += 1;
            repair_sites.push(RepairSite {
                source: current.map.source_range(edit.range.clone()),
                label: edit.label,
            });
        }
        text = Some(current.apply(&edits));
    }
    let (text, paragraphs, layout_counts) = paragraphs::layout(text.as_ref().unwrap_or(decoded));
    for (label, count) in layout_counts {
        *repairs.entry(label).or_insert(0) += count;
    }
    CleanText {
        text,
        paragraphs,
        repairs,
        repair_sites,
    }
}

/// A line of text: `start..end` is its content without the line break, `next` where
/// the following line starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// The lines of `text`, ending in LF or CRLF (a final line without a break included).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let line = match text[start..].find('\n') {
            Some(offset) => {
                let newline = start + offset;
                let end = if text[..newline].ends_with('\r') {
                    newline - 1
                } else {
                    newline
                };
                Line {
                    start,
                    end,
                    next: newline + 1,
                }
            }
            None => Line {
                start,
                end: text.len(),
                next: text.len(),
            },
        };
        start = line.next;
        Some(line)
    })
}

/// The range of `text[range]` without leading and trailing whitespace.
pub(crate) fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// Closing quotes and brackets, which may follow the end of a sentence.
pub(crate) fn is_closing(character: char) -> bool {
    matches!(
        character,
        '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '›' | '」' | '』'
    )
}

/// True when `text` ends like a sentence or a lead-in: `.`, `!`, `?`, `:` or `…`,
/// possibly followed by closing quotes or brackets.
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(is_closing)
        .ends_with(['.', '!', '?', ':', '…'])
}

/// True when `text` starts with a lower-case letter, possibly after opening quotes.
pub(crate) fn starts_lowercase(text: &str) -> bool {
    text.trim_start_matches(['“', '‘', '"', '\'', '(', '[', '«'])
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

static HEADING_WORDS: &str = include_str!("../../data/clean/heading-words.txt");

/// True when `line` starts with a word that opens numbered headings (`Chapter`,
/// `BOOK`: `data/clean/heading-words.txt`).
pub(crate) fn is_heading_word(line: &str) -> bool {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        HEADING_WORDS
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    });
    let first = line.split_whitespace().next().unwrap_or_default();
    let first = first.trim_end_matches(['.', ':']);
    words.iter().any(|word| word.eq_ignore_ascii_case(first))
}

/// The run of letters of `text` that ends at byte `end`.
pub(crate) fn letters_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, character)| character.is_alphabetic())
        .last()
        .map_or(end, |(index, _)| index);
    &text[start..end]
}

/// The run of letters of `text` that starts at byte `start`.
pub(crate) fn letters_after(text: &str, start: usize) -> &str {
    let tail = &text[start..];
    let length = tail
        .char_indices()
        .find(|(_, character)| !character.is_alphabetic())
        .map_or(tail.len(), |(index, _)| index);
    &tail[..length]
}

/// Applies one rule to `text` alone, for the rules' own tests.
#[cfg(test)]
pub(crate) fn apply_rule(rule: &dyn Rule, text: &str) -> String {
    let edits = rule.edits(text, &Context::new(text));
    MappedText::identity(text.to_string()).apply(&edits).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_handle_lf_crlf_and_a_last_line_without_break() {
        let found: Vec<_> = lines("a\r\nbc\n\nd")
            .map(|line| (line.start, line.end))
            .collect();
        assert_eq!(found, vec![(0, 1), (3, 5), (6, 6), (7, 8)]);
    }

    #[test]
    fn sentence_ends_see_through_closing_quotes() {
        assert!(ends_sentence("of all progressive humanity.”"));
        assert!(ends_sentence("wrote in Pravda:"));
        assert!(!ends_sentence("in the hearts of "));
        assert!(!ends_sentence("the “new”"));
        assert!(starts_lowercase("“progressive humanity?”"));
        assert!(!starts_lowercase("“Doctors’ Plot.”"));
    }
}
