//! Paragraph layout: lines become paragraphs, each with its kind.
//!
//! Lines separated by no blank line belong together; a blank line ends a paragraph
//! unless the text plainly runs on across it, as it does across a page break: the
//! next block starts in lower case, or the block before stops in mid-sentence (no
//! `.`, `!`, `?`, `:` or dash at its end) and the next block is not a new turn of
//! speech (`he said,` / `"I hope..."`). A line without letters or digits (`*   *
//! *`) is a section break and stands alone. In a text without blank lines, a short line that
//! ends a sentence also ends its paragraph, and a short line in capitals (`CHAPTER
//! I`) or a numbered heading (`Chapter 1`) is a heading of its own. In a text not
//! wrapped at a print width (lines of hundreds of characters), every line is a
//! paragraph.
//!
//! Kinds: a `heading` is a lone short line without a sentence ending; an
//! `attribution` is a lone line that starts with a dash and a name (`—Anna Akhmatova,
//! Requiem, 1937`); the paragraph before an attribution at the top of the document or
//! right after a heading is an `epigraph`. Everything else is `prose` here; the voice
//! stage marks block quotations. Verse (two or more lines, all much shorter than the
//! document's line width) keeps its line breaks.
//!
//! The output has exactly one blank line (`\n\n`) between paragraphs, lines of a
//! paragraph joined by a space (a line break in verse), and no other line breaks.

use std::ops::Range;

use super::{ends_sentence, lines, starts_lowercase, trimmed};
use crate::offsets::{Edit, MappedText};

/// What a paragraph is, for the voice stage and the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParagraphKind {
    Prose,
    /// A block quotation (set by the voice stage).
    Block,
    Epigraph,
    Attribution,
    Heading,
}

impl ParagraphKind {
    pub fn name(self) -> &'static str {
        match self {
            ParagraphKind::Prose => "prose",
            ParagraphKind::Block => "block",
            ParagraphKind::Epigraph => "epigraph",
            ParagraphKind::Attribution => "attribution",
            ParagraphKind::Heading => "heading",
        }
    }
}

/// A paragraph of the cleaned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in the cleaned text.
    pub range: Range<usize>,
    pub kind: ParagraphKind,
}

/// A verse line is shorter than this share of the document's line width.
const VERSE_WIDTH: f64 = 0.75;
/// In a block, a sentence-final line shorter than this share of the width ends a
/// paragraph.
const SHORT_LINE_WIDTH: f64 = 0.6;
/// A heading is shorter than this share of the width (a full line in mid-sentence
/// followed by a page break is not a heading).
const HEADING_WIDTH: f64 = 0.85;
/// Headings and attributions are at most this many characters.
const MAX_LONE_LINE_CHARS: usize = 100;
/// A text whose line width (in characters) is above this is not wrapped at a print
/// width: each of its lines is a paragraph.
const MAX_WRAPPED_WIDTH: usize = 120;
/// Line width is only estimated from this many lines or more.
const MIN_LINES_FOR_WIDTH: usize = 10;

struct Draft {
    lines: Vec<Range<usize>>,
    verse: bool,
}

/// Lays out `text` in paragraphs. Returns the new text, its paragraphs, and counts of
/// what the layout repaired.
pub fn layout(text: &MappedText) -> (MappedText, Vec<Paragraph>, Vec<(&'static str, usize)>) {
    let source = text.text.as_str();
    let line_ranges: Vec<Range<usize>> = lines(source)
        .map(|line| trimmed(source, line.start..line.end))
        .collect();
    let chars = |range: &Range<usize>| source[range.clone()].chars().count();
    let width = typical_width(&line_ranges, chars);
    // A text not wrapped at a print width (one paragraph per line) has no page breaks
    // to bridge and no verse to tell from prose by its line lengths.
    let unwrapped = width.is_some_and(|width| width > MAX_WRAPPED_WIDTH);
    let shorter_than = |range: &Range<usize>, share: f64| {
        width.is_some_and(|width| (chars(range) as f64) < share * width as f64)
    };

    // Blocks of consecutive non-blank lines, cut after short sentence-final lines.
    let mut blocks: Vec<Vec<Range<usize>>> = Vec::new();
    let mut current: Vec<Range<usize>> = Vec::new();
    for range in line_ranges {
        if range.is_empty() {
            blocks.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
        } else {
            current.push(range);
        }
    }
    blocks.extend((!current.is_empty()).then_some(current));
    let is_verse = |lines: &[Range<usize>]| {
        !unwrapped && lines.len() >= 2 && lines.iter().all(|line| shorter_than(line, VERSE_WIDTH))
    };
    // `CHAPTER I` or `Chapter 1` inside a block of a text without blank lines
    // (Project Gutenberg).
    let is_caps_heading = |line: &Range<usize>| {
        let text = &source[line.clone()];
        chars(line) <= MAX_LONE_LINE_CHARS
            && (width.is_none() || unwrapped || shorter_than(line, HEADING_WIDTH))
            && (is_all_caps(text) || is_numbered_heading(text))
    };
    let mut split_blocks = Vec::with_capacity(blocks.len());
    for block in blocks {
        if is_verse(&block) {
            split_blocks.push(block);
            continue;
        }
        if unwrapped {
            split_blocks.extend(block.into_iter().map(|line| vec![line]));
            continue;
        }
        let mut part = Vec::new();
        let count = block.len();
        for (index, line) in block.into_iter().enumerate() {
            if is_caps_heading(&line) {
                split_blocks.extend((!part.is_empty()).then(|| std::mem::take(&mut part)));
                split_blocks.push(vec![line]);
                continue;
            }
            let ends_paragraph = index + 1 < count
                && shorter_than(&line, SHORT_LINE_WIDTH)
                && ends_sentence(&source[line.clone()]);
            part.push(line);
            if ends_paragraph {
                split_blocks.push(std::mem::take(&mut part));
            }
        }
        split_blocks.extend((!part.is_empty()).then_some(part));
    }

    // Join blocks that run on across a blank line.
    let is_lone_line =
        |lines: &[Range<usize>]| lines.len() == 1 && chars(&lines[0]) <= MAX_LONE_LINE_CHARS;
    let is_attribution = |lines: &[Range<usize>]| {
        is_lone_line(lines) && starts_with_dash_and_name(&source[lines[0].clone()])
    };
    let is_heading = |lines: &[Range<usize>]| {
        let line = &source[lines[0].clone()];
        is_lone_line(lines)
            && !is_attribution(lines)
            && (width.is_none() || unwrapped || shorter_than(&lines[0], HEADING_WIDTH))
            && line
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
            && (is_all_caps(line) || !ends_like_a_sentence(line))
    };
    // `*      *      *`: a section break, never part of a paragraph.
    let is_separator = |lines: &[Range<usize>]| {
        lines.len() == 1 && !source[lines[0].clone()].chars().any(char::is_alphanumeric)
    };
    let is_caps_heading_block =
        |lines: &[Range<usize>]| lines.len() == 1 && is_caps_heading(&lines[0]);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut bridged = 0;
    for block in split_blocks {
        if let Some(previous) = drafts.last_mut() {
            let last_line = &source[previous.lines.last().expect("drafts are non-empty").clone()];
            let runs_on = !unwrapped
                && !is_attribution(&block)
                && !is_caps_heading_block(&block)
                && !is_separator(&block)
                && !is_attribution(&previous.lines)
                && !is_heading(&previous.lines)
                && !is_separator(&previous.lines)
                && (starts_lowercase(&source[block[0].clone()])
                    || !(ends_sentence(last_line)
                        || ends_with_dash(last_line)
                        || opens_a_speech_turn(last_line, &source[block[0].clone()])));
            if runs_on {
                previous.lines.extend(block);
                bridged += 1;
                continue;
            }
        }
        drafts.push(Draft {
            lines: block,
            verse: false,
        });
    }
    for draft in &mut drafts {
        draft.verse = is_verse(&draft.lines);
    }

    let kinds = kinds(&drafts, is_heading, is_attribution);
    let edits = layout_edits(source.len(), &drafts);
    let laid_out = text.apply(&edits);
    let paragraphs = paragraph_ranges(&laid_out.text)
        .zip(kinds)
        .map(|(range, kind)| Paragraph { range, kind })
        .collect();
    (laid_out, paragraphs, vec![("page break bridged", bridged)])
}

/// True when a line ends with punctuation, before any closing quotation marks or
/// brackets (`…they say: “Stalin lives.”` is a sentence, not a heading).
fn ends_like_a_sentence(line: &str) -> bool {
    line.trim_end_matches(['”', '’', '"', '\'', '»', ')', ']'])
        .ends_with(['.', ',', ';', ':', '!', '?', '…'])
}

fn kinds(
    drafts: &[Draft],
    is_heading: impl Fn(&[Range<usize>]) -> bool,
    is_attribution: impl Fn(&[Range<usize>]) -> bool,
) -> Vec<ParagraphKind> {
    let mut kinds: Vec<ParagraphKind> = drafts
        .iter()
        .map(|draft| {
            if is_attribution(&draft.lines) {
                ParagraphKind::Attribution
            } else if is_heading(&draft.lines) {
                ParagraphKind::Heading
            } else {
                ParagraphKind::Prose
            }
        })
        .collect();
    for index in 1..kinds.len() {
        let at_top = index == 1 || kinds[index - 2] == ParagraphKind::Heading;
        if kinds[index] == ParagraphKind::Attribution
            && kinds[index - 1] == ParagraphKind::Prose
            && at_top
        {
            kinds[index - 1] = ParagraphKind::Epigraph;
        }
    }
    kinds
}

/// Edits that leave one space between lines (a line break in verse), one blank line
/// between paragraphs, and nothing before the first or after the last.
fn layout_edits(length: usize, drafts: &[Draft]) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut previous_end = 0;
    for (index, draft) in drafts.iter().enumerate() {
        let first = &draft.lines[0];
        if index == 0 {
            edits.push(Edit::delete(0..first.start, "layout"));
        } else {
            edits.push(Edit::replace(previous_end..first.start, "\n\n", "layout"));
        }
        let joiner = if draft.verse { "\n" } else { " " };
        for pair in draft.lines.windows(2) {
            edits.push(Edit::replace(pair[0].end..pair[1].start, joiner, "layout"));
        }
        previous_end = draft.lines.last().expect("drafts are non-empty").end;
    }
    edits.push(Edit::delete(previous_end..length, "layout"));
    edits.retain(|edit| !(edit.range.is_empty() && edit.replacement.is_empty()));
    edits
}

/// The ranges of the paragraphs of laid-out text (separated by `\n\n`).
fn paragraph_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..]
            .find("\n\n")
            .map_or(text.len(), |offset| start + offset);
        let range = start..end;
        start = end + 2;
        Some(range)
    })
}

/// The document's line width: the 80th percentile of line lengths in characters,
/// when there are enough lines to tell.
fn typical_width(lines: &[Range<usize>], chars: impl Fn(&Range<usize>) -> usize) -> Option<usize> {
    let mut lengths: Vec<usize> = lines
        .iter()
        .filter(|line| !line.is_empty())
        .map(chars)
        .collect();
    if lengths.len() < MIN_LINES_FOR_WIDTH {
        return None;
    }
    let index = lengths.len() * 4 / 5;
    Some(*lengths.select_nth_unstable(index).1)
}

fn starts_with_dash_and_name(line: &str) -> bool {
    let rest = line
        .strip_prefix(['—', '―', '–'])
        .or_else(|| line.strip_prefix("--"));
    rest.is_some_and(|rest| {
        rest.trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    })
}

/// `Chapter 1`, `BOOK IV`: a heading word and a number, Arabic or Roman.
fn is_numbered_heading(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let (Some(first), Some(number)) = (words.next(), words.next()) else {
        return false;
    };
    let number = number.trim_end_matches(['.', ':']);
    super::is_heading_word(first)
        && !number.is_empty()
        && (number.chars().all(|c| c.is_ascii_digit())
            || number.chars().all(|c| "IVXLCDMivxlcdm".contains(c)))
}

/// True when `line` ends with a dash, possibly inside closing quotes: speech broken
/// off (`advisable--'"`) or a lead-in (`like this:--`), after which a new paragraph
/// may start.
fn ends_with_dash(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(super::is_closing)
        .ends_with(['—', '–', '―', '-'])
}

/// True when `next` opens a quotation after a line ending in a comma or a quote
/// mark: a new turn of speech in a novel (`he said,` / `"I hope..."`), not the
/// continuation of a sentence cut by a page break.
fn opens_a_speech_turn(line: &str, next: &str) -> bool {
    let line = line.trim_end();
    let ends_open = line.ends_with(',') || line.ends_with(['"', '”', '\'', '’']);
    let mut next = next.chars();
    let opens_quote = next
        .next()
        .is_some_and(|c| matches!(c, '"' | '“' | '\'' | '‘'));
    ends_open && opens_quote && next.next().is_some_and(|c| c.is_uppercase())
}

fn is_all_caps(line: &str) -> bool {
    line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid_out(text: &str) -> Vec<(String, ParagraphKind)> {
        let (clean, paragraphs, _) = layout(&MappedText::identity(text.to_string()));
        paragraphs
            .into_iter()
            .map(|paragraph| (clean.text[paragraph.range].to_string(), paragraph.kind))
            .collect()
    }

    #[test]
    fn a_page_break_in_mid_sentence_does_not_split_the_paragraph() {
        let text = "what the Russians call “mentality,” prompting one Russian scholar \n\n\n\nto warn me that total disclosure is not possible.\n\nNext paragraph.\n";
        let paragraphs = laid_out(text);
        assert_eq!(paragraphs.len(), 2);
        assert_eq!(
            paragraphs[0].0,
            "what the Russians call “mentality,” prompting one Russian scholar to warn me that total disclosure is not possible."
        );
    }

    #[test]
    fn heading_epigraph_and_attribution_are_paragraphs_of_their_own() {
        let text = " Introduction\n\nI threw myself at the hangman’s feet,\nYou are my son, my horror.\n\n—Anna Akhmatova, Requiem, 1937\n\nAt the funeral of Josef Stalin on March 9, 1953, Vyacheslav \nMolotov bid farewell.\n";
        let paragraphs = laid_out(text);
        let kinds: Vec<_> = paragraphs.iter().map(|(_, kind)| *kind).collect();
        assert_eq!(
            kinds,
            vec![
                ParagraphKind::Heading,
                ParagraphKind::Epigraph,
                ParagraphKind::Attribution,
                ParagraphKind::Prose
            ]
        );
        assert_eq!(paragraphs[0].0, "Introduction");
        assert_eq!(paragraphs[2].0, "—Anna Akhmatova, Requiem, 1937");
    }

    #[test]
    fn capital_headings_stand_alone_in_a_text_without_blank_lines() {
        let mut text = String::from("EMMA\nBY JANE AUSTEN\nCHAPTER I\n");
        for _ in 0..6 {
            text.push_str("Emma Woodhouse, handsome, clever, and rich, with a comfortable\n");
        }
        text.push_str("home and happy disposition, seemed to unite.\nCHAPTER II\n");
        text.push_str("Mr. Weston was a native of Highbury, and born of a respectable\nfamily.\n");
        let paragraphs = laid_out(&text);
        let kinds: Vec<_> = paragraphs.iter().map(|(_, kind)| *kind).collect();
        assert_eq!(
            kinds,
            vec![
                ParagraphKind::Heading,
                ParagraphKind::Heading,
                ParagraphKind::Heading,
                ParagraphKind::Prose,
                ParagraphKind::Heading,
                ParagraphKind::Prose
            ]
        );
        assert_eq!(paragraphs[4].0, "CHAPTER II");
    }

    #[test]
    fn in_a_text_of_one_paragraph_per_line_every_line_is_a_paragraph() {
        let long = "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife, and however little known the feelings of such a man may be.";
        let mut text = String::from("Pride and Prejudice\nby Jane Austen\nChapter 1\n");
        for _ in 0..12 {
            text.push_str(long);
            text.push('\n');
        }
        let paragraphs = laid_out(&text);
        assert_eq!(paragraphs.len(), 15);
        assert_eq!(
            paragraphs[2],
            ("Chapter 1".to_string(), ParagraphKind::Heading)
        );
        assert_eq!(paragraphs[3].0, long);
    }

    #[test]
    fn broken_off_speech_and_section_breaks_end_paragraphs() {
        let paragraphs = laid_out(
            "\"found it advisable--'\"\n\n\"Found _what_?\" said the Duck.\n\n*    *    *\n\nAlice was\n",
        );
        let texts: Vec<&str> = paragraphs.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "\"found it advisable--'\"",
                "\"Found _what_?\" said the Duck.",
                "*    *    *",
                "Alice was"
            ]
        );
    }

    #[test]
    fn a_speech_tag_before_a_quotation_paragraph_does_not_swallow_it() {
        let paragraphs = laid_out(
            "Mrs. Bennet suddenly addressed her with,\n\n\"I hope Mr. Bingley will like it, Lizzy.\"\n",
        );
        assert_eq!(paragraphs.len(), 2);
        let page_break =
            laid_out("in the so-called\n\n“Doctors’ Plot.” Many doctors were arrested.\n");
        assert_eq!(page_break.len(), 1);
    }

    #[test]
    fn a_sentence_end_before_a_blank_line_ends_the_paragraph() {
        let paragraphs = laid_out("He was shot the next day.\n\nYet fifty-five years later.\n");
        assert_eq!(paragraphs.len(), 2);
        let lead_in = laid_out("Ehrenburg wrote in Pravda:\n\n\n\nThese words of Stalin.\n");
        assert_eq!(lead_in.len(), 2);
    }
}
