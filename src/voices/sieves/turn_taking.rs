//! Sieve 8, `turn_taking`: a dialogue turn with no tag is spoken by the latest other
//! person taking part, looking back over the dialogue.

use super::dialogue::{is_turn, next_in_dialogue};
use super::{Decision, Sieve, State};
use crate::voices::Quote;

/// Sieve 8: turns in a dialogue alternate. A quotation that opens its paragraph with
/// no tag is spoken by the latest other person taking part in the dialogue: whom a
/// short paragraph of narration since the last turn is about (`Mr. Bennet made no
/// answer.`), else whom the last turn spoke to, else who spoke an earlier turn.
/// A turn whose speaker is unknown, or a long paragraph of narration, ends the look
/// back: past it, who alternates with whom cannot be told.
pub(super) struct TurnTaking;

impl Sieve for TurnTaking {
    fn name(&self) -> &'static str {
        "turn_taking"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        if !state.dialogue || !is_turn(state, quotes, index) {
            return None;
        }
        next_in_dialogue(state, quotes, index, |_| true)
    }
}
