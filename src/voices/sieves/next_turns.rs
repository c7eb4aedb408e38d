//! Sieve 10, `next_turns`: turn taking read backwards, from the first tag of a
//! dialogue to the turns before it.

use super::dialogue::{CONVERSATION_REACH, Part, addressee, is_turn, listener, part_taken};
use super::{Decision, Sieve, Speaker, State};
use crate::voices::Quote;

/// Sieve 10: turn taking read backwards, for the turns of a dialogue before its
/// first tag. A turn is spoken by whom the next turn speaks to (`"Yes." / "Yes,
/// Lizzy?" said Jane`), else by who speaks after the next turn. Runs from the last
/// quotation to the first, so a tag decides every turn before it.
pub(super) struct NextTurns;

impl Sieve for NextTurns {
    fn name(&self) -> &'static str {
        "next_turns"
    }

    fn backwards(&self) -> bool {
        true
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        if !state.dialogue || !is_turn(state, quotes, index) {
            return None;
        }
        let quote = &quotes[index];
        let called = addressee(state, quote).map(|(person, _)| Speaker::Person(person));
        let may_speak =
            |speaker: &Speaker, next: &Speaker| speaker != next && Some(speaker) != called.as_ref();
        let mut next_turn: Option<(usize, Speaker)> = None;
        let end = (quote.paragraph + 1 + CONVERSATION_REACH).min(state.context.paragraphs.len());
        for paragraph in quote.paragraph + 1..end {
            match part_taken(state, quotes, paragraph) {
                Part::Turn(turn, speaker) => match &next_turn {
                    None => {
                        let spoken_to = addressee(state, &quotes[turn])
                            .map(|(person, name)| (Speaker::Person(person), name))
                            .or_else(|| listener(state, turn, &speaker));
                        if let Some((person, name)) = spoken_to
                            && may_speak(&person, &speaker)
                        {
                            return Some(
                                Decision::speaker(
                                    person,
                                    0.5,
                                    format!("the next turn (quotation {turn}) answers {name}"),
                                )
                                .in_situation("called_by_the_next_turn"),
                            );
                        }
                        next_turn = Some((turn, speaker));
                    }
                    Some((next, next_speaker)) => {
                        if may_speak(&speaker, next_speaker) {
                            return Some(
                                Decision::speaker(
                                    speaker,
                                    0.45,
                                    format!(
                                        "dialogue turns alternate: speaks after the next turn \
                                     (quotations {next} and {turn})"
                                    ),
                                )
                                .in_situation("alternates_backwards"),
                            );
                        }
                    }
                },
                Part::Narration(_) => {}
                Part::Unknown => return None,
            }
        }
        None
    }
}
