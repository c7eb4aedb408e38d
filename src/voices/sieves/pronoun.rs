//! Sieve 5, `pronoun`: a tag whose subject is `he` or `she` names the person the
//! pronoun refers to; in a dialogue, the other person of that gender when the one it
//! refers to spoke the turn before.

use super::dialogue::{Part, first_in_paragraph, next_in_dialogue, part_taken};
use super::resolution::{epithet_of, resolve};
use super::{Decision, Sieve, Speaker, State, evidence, speaker_gender};
use crate::voices::tags::{Subject, Tag};
use crate::voices::{Context, Gender, Quote, lists};

/// Sieve 5: a tag whose subject is `he` or `she`: the nearest person before it, outside
/// quotations, whose gender fits (people named inside the quotation are not its
/// speaker).
pub(super) struct Pronoun;

impl Sieve for Pronoun {
    fn name(&self) -> &'static str {
        "pronoun"
    }

    fn reads_a_tag(&self) -> bool {
        true
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let tag = state.tags[index].adjacent.clone()?;
        pronoun_decision(state, quotes, index, &tag, 0.85)
    }
}

/// Decides a quotation by a tag whose subject is a pronoun, next to it (the
/// `pronoun` sieve) or earlier in its clause (the `distant_tag` sieve).
pub(super) fn pronoun_decision(
    state: &mut State,
    quotes: &[Quote],
    index: usize,
    tag: &Tag,
    confidence: f32,
) -> Option<Decision> {
    let Subject::Pronoun { token, gender } = tag.subject else {
        return None;
    };
    let evidence = evidence(state.context, tag);
    Some(match resolve(state, token, gender, quotes[index].parent) {
        Some((speaker, antecedent)) => {
            // `"…," he said` answering a turn of the very person the nearest `he`
            // names is the other man in the dialogue.
            let turn = if spoke_last(state, quotes, index, &speaker) && !goes_on(state.context, tag)
            {
                next_in_dialogue(state, quotes, index, |other| {
                    speaker_gender(state.people, other).is_some_and(|known| known == gender)
                })
            } else {
                None
            };
            let (speaker, situation, evidence) = match turn {
                Some(turn) => (
                    turn.speaker,
                    "other_than_the_last_speaker",
                    format!(
                        "{evidence} ({antecedent} spoke the last turn; {})",
                        turn.evidence
                    ),
                ),
                None => match epithet_of(state, quotes, index, &speaker) {
                    Some((person, found)) => (
                        person,
                        "epithet_in_dialogue",
                        format!("{evidence} ({antecedent}; {found})"),
                    ),
                    None => {
                        let situation = if people_of_gender_before(state, token, gender) <= 1 {
                            "nearest_the_one_of_its_gender"
                        } else {
                            "nearest_of_several"
                        };
                        (speaker, situation, format!("{evidence} ({antecedent})"))
                    }
                },
            };
            state.resolved.insert(token, speaker.clone());
            Decision::speaker(speaker, confidence, evidence).in_situation(situation)
        }
        None => Decision::speaker(
            Speaker::None,
            0.0,
            format!("{evidence} (no one it can refer to)"),
        ),
    })
}

/// How many people of `gender` the text names in the paragraph of token `pronoun`
/// and the three before it, up to the pronoun: with one, `he` can hardly go wrong;
/// calibration tells the two cases apart by it.
fn people_of_gender_before(state: &State, pronoun: usize, gender: Gender) -> usize {
    let context = state.context;
    let paragraph = context.paragraph_of(pronoun);
    let first = context.token_at(context.paragraphs[paragraph.saturating_sub(3)].range.start);
    let mut people: Vec<usize> = Vec::new();
    for mention in state.people.mentions_in(first..pronoun) {
        let person = &state.people.persons[mention.person];
        if person.gender == gender && person.is_someone() && !people.contains(&mention.person) {
            people.push(mention.person);
        }
    }
    people.len()
}

/// True when a tag says the speaker goes on (`he added`, `she continued`) or speaks
/// to themselves (`she thought`, `he said to himself`), not to the last speaker.
fn goes_on(context: &Context, tag: &Tag) -> bool {
    let tokens = context.token_at(tag.evidence.start)..context.token_at(tag.evidence.end);
    tokens
        .into_iter()
        .any(|token| lists::says_speaker_goes_on(context.lower(token)))
}

/// True when quotation `index` opens its paragraph's quotations and the paragraph
/// before is a turn of `speaker`.
fn spoke_last(state: &State, quotes: &[Quote], index: usize, speaker: &Speaker) -> bool {
    let paragraph = quotes[index].paragraph;
    first_in_paragraph(quotes, index)
        && paragraph > 0
        && matches!(part_taken(state, quotes, paragraph - 1), Part::Turn(_, last) if last == *speaker)
}
