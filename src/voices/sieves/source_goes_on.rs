//! Sieve `source_goes_on`: in reporting (news, history), the first quotation of a
//! paragraph, with no tag and no name before it, goes on quoting the source quoted
//! just before.

use super::dialogue::is_turn;
use super::{Decision, Sieve, Speaker, State, someone_else_named};
use crate::voices::Quote;

/// How many paragraphs back the last quoted source may be.
const SOURCE_REACH: usize = 2;

/// In a text that is not written in dialogue (see [`super::Reading`]), the first
/// quotation of a paragraph, with no tag and no name before it, continues the last
/// source quoted in the paragraph before or the one before that, when no other
/// person is named in between other than after a preposition:
///
/// ```text
/// “We will win,” Trump said at the rally.
/// “And we will win big.”
/// ```
///
/// Journalism quotes one source in several paragraphs in a row; fiction alternates
/// speakers, which `ranked_turn` reads instead.
pub(super) struct SourceGoesOn;

impl Sieve for SourceGoesOn {
    fn name(&self) -> &'static str {
        "source_goes_on"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        if state.dialogue() || !is_turn(state, quotes, index) {
            return None;
        }
        let paragraph = quotes[index].paragraph;
        let context = state.context;
        let earliest = paragraph.saturating_sub(SOURCE_REACH);
        let previous = (0..index).rev().find(|&earlier| {
            quotes[earlier].parent.is_none()
                && quotes[earlier].is_speech()
                && quotes[earlier].paragraph < paragraph
        })?;
        if quotes[previous].paragraph < earliest {
            return None;
        }
        let speaker = state.speakers[previous]
            .clone()
            .filter(|speaker| matches!(speaker, Speaker::Person(_) | Speaker::Described(..)))?;
        // Someone else named as a subject since then takes the floor.
        let between = context.token_at(quotes[previous].outer.end)
            ..context.token_at(quotes[index].outer.start);
        if someone_else_named(state, between, None, &speaker, true) {
            return None;
        }
        Some(
            Decision::speaker(
                speaker,
                0.6,
                format!("goes on quoting the source of quotation {previous}"),
            )
            .in_situation("next_paragraph"),
        )
    }
}
