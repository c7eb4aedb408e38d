//! Sieve `label_line`: a quotation set off as a paragraph of its own and signed by
//! the line after it, as fact-checks and collections of quotes print them:
//!
//! ```text
//! "Boeing and GE and other multinationals . . . pay zero taxes."
//!
//! - Sanders.
//! ```

use super::{Decision, Sieve, Speaker, State};
use crate::voices::{Gender, Quote};

/// Sieve: the line after a quotation that is its whole paragraph (or paragraphs), when that line
/// is a dash and a name (`- Bernie Sanders.`, `—Michelle Marks, Philadelphia.`):
/// the name up to its first comma speaks.
pub(super) struct LabelLine;

/// The most words a label line has: a name and a few words of who or where
/// (`-President Obama, tweeting after the shooting.`).
const LABEL_WORDS: usize = 12;

impl Sieve for LabelLine {
    fn name(&self) -> &'static str {
        "label_line"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        let context = state.context;
        // The quotation's paragraphs hold nothing else (it may run over several).
        let last_token = context.token_at(quote.outer.end).checked_sub(1)?;
        let last_paragraph = context.paragraph_of(last_token);
        let whole_paragraphs = quote.parent.is_none()
            && context.paragraphs[quote.paragraph].range.start == quote.outer.start
            && context
                .text
                .get(quote.outer.end..context.paragraphs[last_paragraph].range.end)
                .is_some_and(|rest| rest.trim().is_empty());
        if !whole_paragraphs {
            return None;
        }
        let label_paragraph = last_paragraph + 1;
        let label = context.paragraphs.get(label_paragraph)?;
        let line = context.text[label.range.clone()].trim();
        let name = line.strip_prefix(['-', '–', '—'])?.trim_start();
        let (name, _) = name.split_once(',').unwrap_or((name, ""));
        let name = name.trim_end_matches('.').trim();
        let is_label = name.starts_with(char::is_uppercase)
            && line.split_whitespace().count() <= LABEL_WORDS
            && !line.contains(['"', '“', '”']);
        if !is_label {
            return None;
        }
        // The person the people model knows by that name, else the name as written.
        let first_word = context
            .paragraph_tokens(label_paragraph)
            .find(|&token| context.is_word(token))?;
        let speaker = match state.people.mention_starting_at(first_word) {
            Some(mention) if !mention.qualifies() => Speaker::Person(mention.person),
            _ => Speaker::Described(name.to_string(), Gender::Unknown),
        };
        Some(Decision::speaker(speaker, 0.9, line.to_string()))
    }
}
