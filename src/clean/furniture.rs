//! Page furniture: running heads and page numbers left in the text by a PDF.
//!
//! A running head is a short line made of a page number and a title (`8 Inside the
//! Stalin Archives`, or `Introduction 9`) whose title recurs with a different number:
//! one occurrence proves nothing, two with different numbers are a pattern. A numbered
//! heading (`Chapter 12`, `BOOK 3`: a word of `data/clean/heading-words.txt` and a
//! number) recurs the same way but is text, and stays. A bare
//! number on a line of its own is a page number when it interrupts the flow (the line
//! before does not end a sentence, or the line after starts in lower case) or stands
//! next to a running head. The whole line goes, wherever it falls, even inside a
//! sentence or a quotation; the paragraph layout later bridges the gap.

use std::collections::HashMap;

use super::{
    Context, Line, Rule, ends_sentence, is_heading_word, lines, starts_lowercase, trimmed,
};
use crate::offsets::Edit;

pub struct PageFurniture;

/// Lines longer than this are prose, not furniture.
const MAX_FURNITURE_CHARS: usize = 80;
/// A running title has at most this many words.
const MAX_TITLE_WORDS: usize = 10;
/// How far (in lines) a bare page number may stand from a running head.
const NEAR_HEAD_LINES: usize = 3;

impl Rule for PageFurniture {
    fn edits(&self, text: &str, _context: &Context) -> Vec<Edit> {
        let lines: Vec<Line> = lines(text).collect();
        let content = |line: &Line| &text[trimmed(text, line.start..line.end)];

        let mut titles: HashMap<&str, Vec<(usize, u32)>> = HashMap::new();
        let mut bare_numbers = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let line_text = content(line);
            if line_text.len() > MAX_FURNITURE_CHARS * 4
                || line_text.chars().count() > MAX_FURNITURE_CHARS
            {
                continue;
            }
            if is_page_number(line_text) {
                bare_numbers.push(index);
            } else if let Some((number, title)) = numbered_title(line_text) {
                titles.entry(title).or_default().push((index, number));
            }
        }

        let mut furniture: Vec<(usize, &'static str)> = Vec::new();
        for occurrences in titles.values() {
            let first_number = occurrences[0].1;
            if occurrences
                .iter()
                .any(|&(_, number)| number != first_number)
            {
                furniture.extend(
                    occurrences
                        .iter()
                        .map(|&(index, _)| (index, "running head")),
                );
            }
        }
        let heads: Vec<usize> = furniture.iter().map(|&(index, _)| index).collect();
        let is_blank_or_head =
            |index: usize| content(&lines[index]).is_empty() || heads.contains(&index);
        for index in bare_numbers {
            let near_head = heads
                .iter()
                .any(|&head| head.abs_diff(index) <= NEAR_HEAD_LINES);
            let before = (0..index)
                .rev()
                .find(|&i| !is_blank_or_head(i) && !is_page_number(content(&lines[i])));
            let after = (index + 1..lines.len())
                .find(|&i| !is_blank_or_head(i) && !is_page_number(content(&lines[i])));
            let interrupts = before.is_some_and(|i| !ends_sentence(content(&lines[i])))
                || after.is_some_and(|i| starts_lowercase(content(&lines[i])));
            if near_head || (interrupts && before.is_some() && after.is_some()) {
                furniture.push((index, "page number"));
            }
        }

        furniture.sort_unstable();
        furniture
            .into_iter()
            .map(|(index, label)| Edit::delete(lines[index].start..lines[index].next, label))
            .collect()
    }
}

/// A page number: one to four digits alone.
fn is_page_number(line: &str) -> bool {
    (1..=4).contains(&line.len()) && line.bytes().all(|byte| byte.is_ascii_digit())
}

/// Splits `8 Inside the Stalin Archives` or `Introduction 9` into number and title,
/// when the title looks like one: starts with a capital, has letters, few words and
/// no sentence ending.
fn numbered_title(line: &str) -> Option<(u32, &str)> {
    let (number, title) = match line.split_once(char::is_whitespace) {
        Some((first, rest)) if is_page_number(first) => (first, rest.trim()),
        _ => {
            let (rest, last) = line.rsplit_once(char::is_whitespace)?;
            if !is_page_number(last) {
                return None;
            }
            (last, rest.trim())
        }
    };
    // `Chapter 2` is a heading; `Part One 23` may still be a running head.
    let is_numbered_heading = title.split_whitespace().count() == 1 && is_heading_word(title);
    let looks_like_title = !is_numbered_heading
        && title.chars().next().is_some_and(char::is_uppercase)
        && title.split_whitespace().count() <= MAX_TITLE_WORDS
        && !title.ends_with(['.', ',', ';', ':', '!', '?']);
    looks_like_title.then(|| Some((number.parse().ok()?, title)))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        crate::clean::apply_rule(&PageFurniture, text)
    }

    #[test]
    fn running_heads_with_changing_numbers_go_even_mid_sentence() {
        let text = "no other project of national introspection\n 8 Inside the Stalin Archives\n\nand reconciliation.\nLet them, each\n 10 Inside the Stalin Archives\n\nand every fossil.\n";
        assert_eq!(
            clean(text),
            "no other project of national introspection\n\nand reconciliation.\nLet them, each\n\nand every fossil.\n"
        );
    }

    #[test]
    fn title_at_the_end_of_the_line_counts_too() {
        let text = "It was late.\nIntroduction 9\nThe work went on.\nIntroduction 11\nAnd on.\n";
        assert_eq!(clean(text), "It was late.\nThe work went on.\nAnd on.\n");
    }

    #[test]
    fn a_single_numbered_line_or_a_repeated_number_is_not_a_running_head() {
        let text = "1991 Collapse\nof the Union.\n10 Downing Street\nis in London. 10 Downing Street\n10 Downing Street\n";
        assert_eq!(clean(text), text);
    }

    #[test]
    fn numbered_chapter_headings_are_not_running_heads() {
        let text = "CHAPTER 1\nIt is a truth universally acknowledged.\nChapter 2\nMr. Bennet was among the earliest.\nBOOK 3\nThe end.\nBook 4\n";
        assert_eq!(clean(text), text);
    }

    #[test]
    fn bare_page_number_is_removed_only_where_it_interrupts_the_text() {
        let interrupted = "the party had\n\n42\n\nno choice.\n";
        assert_eq!(clean(interrupted), "the party had\n\n\nno choice.\n");
        let chapter = "The end of the story.\n\n2\n\nThe next morning came.\n";
        assert_eq!(clean(chapter), chapter);
    }
}
