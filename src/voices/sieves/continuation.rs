//! Sieve 7, `continuation`: a quotation with no tag goes on from the quotation before
//! it in its paragraph.

use super::{Decision, Sieve, Speaker, State, someone_else_named};
use crate::voices::{Quote, QuoteKind};

/// Sieve 7: a quotation with no tag goes on from the quotation before it in the same
/// paragraph, when no one else is named between them.
pub(super) struct Continuation;

impl Sieve for Continuation {
    fn name(&self) -> &'static str {
        "continuation"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        if !matches!(quote.kind, QuoteKind::Inline | QuoteKind::Nested)
            || state.tags[index].distant.is_some()
        {
            return None;
        }
        let previous = (0..index).rev().find(|&earlier| {
            quotes[earlier].parent == quote.parent && quotes[earlier].is_speech()
        })?;
        let before = &quotes[previous];
        let context = state.context;
        let same_paragraph = context
            .paragraph_of(context.token_at(before.outer.end).saturating_sub(1))
            == quote.paragraph;
        if !same_paragraph {
            return None;
        }
        let speaker = state.speakers[previous]
            .clone()
            .filter(|speaker| *speaker != Speaker::None)?;
        let between = context.token_at(before.outer.end)..context.token_at(quote.outer.start);
        if someone_else_named(state, between, quote.parent, &speaker, false) {
            return None;
        }
        Some(
            Decision::speaker(
                speaker,
                0.6 * before.confidence,
                format!("goes on from quotation {previous}"),
            )
            .in_situation("same_paragraph"),
        )
    }
}
