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
        if !state.dialogue() || !is_turn(state, quotes, index) {
            return None;
        }
        let here = quotes[index].paragraph;
        let paragraphs = state.context.paragraphs.len();
        // The turns of the run, this one first, then outwards each way to the first
        // paragraph without speech, each at its distance in turns from this one:
        // the speaker of the turns at an even and at an odd distance from this one,
        // and whether a tag decided one of them on each side.
        let mut sides: [Option<&Speaker>; 2] = [None, None];
        let mut tagged = [false; 2];
        let mut anchors = 0;
        let mut turns = 0;
        let mut fold_turn = |distance: usize, paragraph: usize| -> Option<()> {
            turns += 1;
            let Some((speaker, by_tag)) = read_turn(state, quotes, paragraph)? else {
                return Some(());
            };
            let side = &mut sides[distance % 2];
            if side.is_some_and(|other| other != speaker) {
                return None;
            }
            *side = Some(speaker);
            tagged[distance % 2] |= by_tag;
            anchors += 1;
            Some(())
        };
        fold_turn(0, here)?;
        let mut back = (here.saturating_sub(EXCHANGE_REACH)..here).rev();
        let mut ahead = here + 1..(here + 1 + EXCHANGE_REACH).min(paragraphs);
        for outwards in [&mut back as &mut dyn Iterator<Item = usize>, &mut ahead] {
            for (distance, paragraph) in (1..).zip(outwards) {
                if speech_in(state, quotes, paragraph).next().is_none() {
                    break;
                }
                fold_turn(distance, paragraph)?;
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

/// The speaker decided so far for the turn in `paragraph`, if any, and whether a
/// tag (or an earlier exchange) decided it; None when two people speak in the
/// paragraph, which no simple exchange has.
fn read_turn<'a>(
    state: &'a State,
    quotes: &[Quote],
    paragraph: usize,
) -> Option<Option<(&'a Speaker, bool)>> {
    let mut turn: Option<(&Speaker, bool)> = None;
    for quote in speech_in(state, quotes, paragraph) {
        if let Some(decided @ (Speaker::Person(_) | Speaker::Described(..))) =
            &state.speakers[quote]
        {
            if turn.is_some_and(|(other, _)| other != decided) {
                return None;
            }
            let by_tag = matches!(quotes[quote].rule, "speech_tag" | "lead_in" | "exchange");
            turn = Some((decided, by_tag || turn.is_some_and(|(_, tagged)| tagged)));
        }
    }
    Some(turn)
}
