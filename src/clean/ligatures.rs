//! Split ligatures: PDF extraction often turns the glyphs `ﬁ`, `ﬂ`, `ﬀ`, `ﬃ`, `ﬄ`
//! into their letters plus a space (`fi ve`, `offi cer`, `traffi c`). A letter run
//! ending in `fi`, `fl` or `ff`, then spaces, then a lower-case letter, is a candidate.
//!
//! For a candidate `left right` (letter runs on both sides of the space):
//! - join when `leftright` is a word (the English list or the document's own
//!   vocabulary) and `left` and `right` are not both words on their own;
//! - join when neither `left` nor `right` is a word (`refl ected`, `de-Nazifi ed`);
//! - join when `left` is not a word and ends in `fl`: no English word does, so the
//!   space can only be a broken ligature (`Tifl is` is `Tiflis`);
//! - otherwise keep the space: two real words are never joined (`off ice`), and an
//!   unknown name ending in `fi` or `ff` next to a real word stays (`Rafi is`).
//!
//! Only the spaces go, so the repaired word covers the original bytes of `fi ve`.

use super::{Context, Rule, letters_after, letters_before, starts_lowercase};
use crate::lexicon::is_standalone_word;
use crate::offsets::Edit;

pub struct SplitLigatures;

impl Rule for SplitLigatures {
    fn edits(&self, text: &str, context: &Context) -> Vec<Edit> {
        let bytes = text.as_bytes();
        let mut edits = Vec::new();
        let mut position = 0;
        while let Some(offset) = text[position..].find('f') {
            let f = position + offset;
            position = f + 1;
            let ligature_end = match bytes.get(f + 1) {
                Some(b'i' | b'l' | b'f') => f + 2,
                _ => continue,
            };
            let Some(gap) = gap_after(text, ligature_end) else {
                continue;
            };
            let left = letters_before(text, ligature_end);
            let right = letters_after(text, gap.end);
            if !starts_lowercase(right) || !split_ligature(left, right, context) {
                continue;
            }
            edits.push(Edit::delete(gap.clone(), "ligature"));
            position = gap.end;
        }
        edits
    }
}

/// The spaces after `at`: spaces or tabs, with at most one line break among them.
/// None when there are none or when a blank line follows.
fn gap_after(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let rest = &text[at..];
    let mut length = 0;
    let mut breaks = 0;
    for character in rest.chars() {
        match character {
            ' ' | '\t' | '\r' => {}
            '\n' => breaks += 1,
            _ => break,
        }
        length += character.len_utf8();
    }
    (length > 0 && breaks <= 1).then_some(at..at + length)
}

fn split_ligature(left: &str, right: &str, context: &Context) -> bool {
    let left_is_word = is_standalone_word(left);
    let right_is_word = is_standalone_word(right);
    if left_is_word && right_is_word {
        return false;
    }
    context.is_known(&format!("{left}{right}"))
        || !left_is_word && (!right_is_word || left.ends_with("fl"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        crate::clean::apply_rule(&SplitLigatures, text)
    }

    #[test]
    fn split_ligatures_are_joined() {
        for (broken, whole) in [
            ("fi ve", "five"),
            ("an offi cer", "an officer"),
            ("to fl ock", "to flock"),
            ("signifi cant", "significant"),
            ("confi scation", "confiscation"),
            ("diffi cult", "difficult"),
            ("refl ected", "reflected"),
            ("traffi c", "traffic"),
            ("fi fty-fi ve", "fifty-five"),
            ("fi rst-rate", "first-rate"),
            ("de-Nazifi ed", "de-Nazified"),
            ("would not fi t", "would not fit"),
            ("a Tifl is apartment", "a Tiflis apartment"),
        ] {
            assert_eq!(clean(broken), whole, "{broken}");
        }
    }

    #[test]
    fn real_words_are_never_joined() {
        for text in [
            "if I",
            "of fire",
            "off ice",
            "stuff and nonsense",
            "the staff met",
            "Rafi is",
            "fi Ve",
        ] {
            assert_eq!(clean(text), text);
        }
        assert_eq!(clean("Facts and fi gures"), "Facts and figures");
        assert_eq!(clean("of fi gures"), "of figures");
    }

    #[test]
    fn a_split_across_a_line_break_is_joined_but_not_across_a_blank_line() {
        assert_eq!(clean("the offi\ncer"), "the officer");
        assert_eq!(clean("the offi\n\ncer"), "the offi\n\ncer");
    }
}
