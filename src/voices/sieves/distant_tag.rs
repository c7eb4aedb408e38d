//! Sieve 6, `distant_tag`: a speech verb earlier in the quotation's clause, not next
//! to it, names its speaker.

use super::pronoun::pronoun_decision;
use super::{Decision, Sieve, State, evidence, speaker_of};
use crate::voices::Quote;
use crate::voices::tags::Subject;

/// Sieve 6: a speech verb earlier in the quotation's clause, not next to it (`Yezhov …
/// begged the court … to “tell Stalin…”`).
pub(super) struct DistantTag;

impl Sieve for DistantTag {
    fn name(&self) -> &'static str {
        "distant_tag"
    }

    // A distant tag inside the outer quotation is a cue for a nested one, as an
    // adjacent tag is.
    fn reads_a_tag(&self) -> bool {
        true
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let tag = state.tags[index].distant.clone()?;
        match &tag.subject {
            Subject::Other => None,
            Subject::Pronoun { .. } => pronoun_decision(state, quotes, index, &tag, 0.65),
            subject => Some(
                Decision::speaker(
                    speaker_of(subject.clone()),
                    0.75,
                    evidence(state.context, &tag),
                )
                .in_situation("subject"),
            ),
        }
    }
}
