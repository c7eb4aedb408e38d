//! Sieve 8, `exchange`: in an exchange between two people, the untagged turns
//! alternate with the tagged ones.

use super::dialogue::{is_turn, speech_in};
use super::{Decision, Sieve, Speaker, State, name};
use crate::voices::Quote;

/// How many paragraphs each way an exchange is read: further turns say nothing
/// more about this one's parity than the nearer ones do.
const EXCHANGE_REACH: usize = 40;

/// Sieve 8: an exchange is a run of turns in consecutive paragraphs, with no
/// narration between them. When the turns decided so far alternate between two
/// people, each of them at least once (every turn an even number of turns away
/// from this one is X's, every turn an odd number away is Y's), an untagged turn
/// is X's. One turn that breaks the pattern (a third person, someone speaking
/// twice) leaves the exchange to the ranker.
pub(super) struct Exchange;

impl Sieve for Exchange {
    fn name(&self) -> &'static str {
        "exchange"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        if !state.dialogue || !is_turn(state, quotes, index) {
            return None;
        }
        let here = quotes[index].paragraph;
        let paragraphs = state.context.paragraphs.len();
        // The speaker of the turns at an even and at an odd distance from this one,
        // and how many decided turns say so.
        let mut sides: [Option<&Speaker>; 2] = [None, None];
        let mut tagged = [false; 2];
        let mut anchors = 0;
        let mut turns = 1;
        let mut read = |paragraph: usize, distance: usize| -> Option<bool> {
            let mut speech = speech_in(state, quotes, paragraph).peekable();
            speech.peek()?;
            let mut speaker = None;
            let mut by_tag = false;
            for quote in speech {
                if let Some(decided @ (Speaker::Person(_) | Speaker::Described(..))) =
                    &state.speakers[quote]
                {
                    by_tag |= matches!(quotes[quote].rule, "speech_tag" | "lead_in" | "exchange");
                    if speaker.is_some_and(|other| other != decided) {
                        // Two people in one paragraph: no simple exchange.
                        return Some(false);
                    }
                    speaker = Some(decided);
                }
            }
            if let Some(speaker) = speaker {
                let side = &mut sides[distance % 2];
                if side.is_some_and(|other| other != speaker) {
                    return Some(false);
                }
                *side = Some(speaker);
                anchors += 1;
                tagged[distance % 2] |= by_tag;
            }
            turns += usize::from(distance > 0);
            Some(true)
        };
        if read(here, 0) == Some(false) {
            return None;
        }
        for distance in 1..=EXCHANGE_REACH.min(here) {
            match read(here - distance, distance) {
                Some(true) => {}
                Some(false) => return None,
                None => break,
            }
        }
        for distance in 1..=EXCHANGE_REACH.min(paragraphs - 1 - here) {
            match read(here + distance, distance) {
                Some(true) => {}
                Some(false) => return None,
                None => break,
            }
        }
        let [Some(this), Some(other)] = sides else {
            return None;
        };
        if this == other || tagged != [true, true] {
            return None;
        }
        let evidence = format!(
            "alternates with {} in an exchange of {turns} turns between two ({anchors} decided)",
            name(state.people, other).unwrap_or_default(),
        );
        Some(Decision::speaker(this.clone(), 0.8, evidence).in_situation("alternates_in_exchange"))
    }
}
