//! Line-end hyphenation: `extermi-` / `nated` becomes `exterminated`, while a real
//! compound broken at its hyphen (`lice-` / `ridden`, `so-` / `called`) keeps it.
//!
//! The decision for a word broken as `left-` / `right`, in order:
//! 1. `right` starts with a capital (`Soviet-` / `American`): keep the hyphen;
//! 2. the document spells `left-right` with a hyphen in mid-line: keep it;
//! 3. `leftright` is a word (the English list or the document's vocabulary): join;
//! 4. `left` and `right` are both words on their own: keep the hyphen (a compound);
//! 5. otherwise the halves are fragments of one word: join.
//!
//! Only the first letter run of the next line is weighed, so `nine-` / `ty-nine`
//! becomes `ninety-nine`. Blank lines between the halves (a page break) are bridged.
//!
//! All of this only where the document breaks words at line ends at all. A plain-text
//! edition does not: its line-end hyphens are compounds (`battle-` / `field`,
//! `half-` / `dozenth`), and joining them by the rules above would be wrong. So when
//! a document has enough line-end hyphens and almost none of them follow a fragment
//! (see [`WORD_BREAK_SHARE`]), every hyphen is kept.

use super::{Context, Line, Rule, letters_after, letters_before, lines, trimmed};
use crate::lexicon::is_standalone_word;
use crate::offsets::Edit;

pub struct LineEndHyphens;

/// A line-end hyphen: where it is, where the next line's text starts, and the letter
/// runs on both sides.
struct Candidate<'a> {
    hyphen: usize,
    next_start: usize,
    left: &'a str,
    right: &'a str,
}

/// With at least this many line-end hyphens, the document's habit can be judged.
const MIN_CANDIDATES_FOR_HABIT: usize = 5;
/// A document breaks words at line ends when at least this share of its line-end
/// hyphens follow a fragment that is not a word (`extermi-`). In a typeset book most
/// do; in a plain-text edition (Project Gutenberg) almost none do, and the hyphens
/// that fall at line ends belong to compounds (`battle-` / `field`).
const WORD_BREAK_SHARE: f64 = 0.25;

impl Rule for LineEndHyphens {
    fn edits(&self, text: &str, context: &Context) -> Vec<Edit> {
        let candidates = candidates(text);
        let fragments = candidates
            .iter()
            .filter(|candidate| !is_standalone_word(candidate.left))
            .count();
        let breaks_words = candidates.len() < MIN_CANDIDATES_FOR_HABIT
            || fragments as f64 >= WORD_BREAK_SHARE * candidates.len() as f64;
        candidates
            .into_iter()
            .map(|candidate| {
                if breaks_words && join(candidate.left, candidate.right, context) {
                    Edit::delete(
                        candidate.hyphen..candidate.next_start,
                        "line-end hyphen joined",
                    )
                } else {
                    Edit::delete(
                        candidate.hyphen + 1..candidate.next_start,
                        "line-end hyphen kept",
                    )
                }
            })
            .collect()
    }
}

/// Every hyphen that ends a line after a letter and before a line starting with one.
fn candidates(text: &str) -> Vec<Candidate<'_>> {
    let lines: Vec<Line> = lines(text).collect();
    let mut candidates = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let content = trimmed(text, line.start..line.end);
        if !text[content.clone()].ends_with('-') {
            continue;
        }
        let hyphen = content.end - 1;
        let left = letters_before(text, hyphen);
        // `--` is a dash, and a hyphen after a non-letter is not a broken word.
        if left.is_empty() {
            continue;
        }
        let Some(next) = lines[index + 1..]
            .iter()
            .map(|line| trimmed(text, line.start..line.end))
            .find(|range| !range.is_empty())
        else {
            continue;
        };
        let right = letters_after(text, next.start);
        if !right.is_empty() {
            candidates.push(Candidate {
                hyphen,
                next_start: next.start,
                left,
                right,
            });
        }
    }
    candidates
}

/// True when `left-` / `right` is one word broken at the line end.
fn join(left: &str, right: &str, context: &Context) -> bool {
    if right.chars().next().is_some_and(char::is_uppercase)
        || context.is_attested_compound(left, right)
    {
        return false;
    }
    if context.is_known(&format!("{left}{right}")) {
        return true;
    }
    !(is_standalone_word(left) && is_standalone_word(right))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        crate::clean::apply_rule(&LineEndHyphens, text)
    }

    #[test]
    fn broken_words_are_joined() {
        assert_eq!(clean("have extermi-\nnated them"), "have exterminated them");
        assert_eq!(clean("so ruth-\r\nlessly"), "so ruthlessly");
        assert_eq!(clean("a flour-\nishing economy"), "a flourishing economy");
        assert_eq!(
            clean("with nine-\nty-nine out of"),
            "with ninety-nine out of"
        );
        assert_eq!(clean("orga-\n\n\nnizations"), "organizations");
    }

    #[test]
    fn compounds_keep_their_hyphen() {
        assert_eq!(
            clean("so ragged and lice-\nridden that"),
            "so ragged and lice-ridden that"
        );
        assert_eq!(clean("in the so-\ncalled plot"), "in the so-called plot");
        assert_eq!(
            clean("the Soviet-\nAmerican talks"),
            "the Soviet-American talks"
        );
    }

    #[test]
    fn the_documents_own_spelling_wins() {
        let text = "a well-being of all\nand their well-\nbeing too";
        assert_eq!(clean(text), "a well-being of all\nand their well-being too");
    }

    #[test]
    fn a_text_that_never_breaks_words_keeps_every_line_end_hyphen() {
        let text = "the battle-\nfield and the flag-\nstaff, a half-\ndozenth\nof the long-\nsleeved coats at the window-\npane";
        assert_eq!(
            clean(text),
            "the battle-field and the flag-staff, a half-dozenth\nof the long-sleeved coats at the window-pane"
        );
    }

    #[test]
    fn dashes_and_lone_hyphens_are_left_alone() {
        assert_eq!(clean("he said--\nno"), "he said--\nno");
        assert_eq!(clean("1938-\n1939"), "1938-\n1939");
    }
}
