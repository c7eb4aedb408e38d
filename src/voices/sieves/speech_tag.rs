//! Sieve 3, `speech_tag`: a tag next to the quotation names its speaker.

use super::resolution::{epithet_of, relative};
use super::{Decision, Sieve, Speaker, State, evidence, speaker_of};
use crate::voices::Quote;
use crate::voices::tags::Subject;

/// Sieve 3: a tag next to the quotation that names its speaker (`“…,” X said`, `said X`,
/// `X told the court, “…”`), either side; `they say` decides that no one person
/// speaks. For a nested quotation the tag is inside the outer one (`nested_cue`).
pub(super) struct SpeechTag;

impl Sieve for SpeechTag {
    fn name(&self) -> &'static str {
        "speech_tag"
    }

    fn reads_a_tag(&self) -> bool {
        true
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let tag = state.tags[index].adjacent.as_ref()?;
        let evidence = evidence(state.context, tag);
        match &tag.subject {
            Subject::Pronoun { .. } => None,
            Subject::Other => Some(Decision::speaker(Speaker::None, 0.0, evidence)),
            Subject::Relative {
                possessor, name, ..
            } => Some(
                match relative(state, *possessor, name, quotes[index].parent) {
                    Some((speaker, found)) => {
                        Decision::speaker(speaker, 0.8, format!("{evidence} ({found})"))
                    }
                    None => Decision::speaker(speaker_of(tag.subject.clone()), 0.9, evidence),
                },
            ),
            subject => {
                let speaker = speaker_of(subject.clone());
                Some(match epithet_of(state, quotes, index, &speaker) {
                    Some((person, found)) => {
                        Decision::speaker(person, 0.8, format!("{evidence} ({found})"))
                    }
                    None => Decision::speaker(speaker, 0.95, evidence),
                })
            }
        }
    }
}
