//! Sieve 3, `speech_tag`: a tag next to the quotation names its speaker.

use super::pronoun::pronoun_decision;
use super::resolution::{epithet_of, relative, resolve};
use super::{Decision, Sieve, Speaker, StandsFor, State, evidence, speaker_of, stands_for_someone};
use crate::voices::tags::{Subject, Tag};
use crate::voices::{Quote, lists};

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
            Subject::Other => Some(
                it_of_a_body(state, quotes, index, tag)
                    .or_else(|| it_of_a_document(state, &quotes[index], tag))
                    .unwrap_or_else(|| Decision::speaker(Speaker::None, 0.0, evidence)),
            ),
            Subject::Relative {
                possessor, name, ..
            } => Some(
                match relative(state, *possessor, name, quotes[index].parent) {
                    Some((speaker, found)) => {
                        Decision::speaker(speaker, 0.8, format!("{evidence} ({found})"))
                            .in_situation("relative_resolved")
                    }
                    // `unresolved: his wife; … (his = Mr. X)`: whose relative, if known.
                    None => {
                        let gender =
                            crate::voices::people::pronoun_gender(state.context.lower(*possessor))
                                .unwrap_or(crate::voices::Gender::Unknown);
                        let whose = resolve(state, *possessor, gender, quotes[index].parent)
                            .map_or(String::new(), |(_, found)| format!(" ({found})"));
                        Decision::speaker(
                            speaker_of(tag.subject.clone()),
                            0.9,
                            format!("{evidence}{whose}"),
                        )
                        .in_situation("relative")
                    }
                },
            ),
            subject => {
                let speaker = speaker_of(subject.clone());
                if let Some((person, found)) = epithet_of(state, quotes, index, &speaker) {
                    return Some(
                        Decision::speaker(person, 0.8, format!("{evidence} ({found})"))
                            .in_situation("epithet_in_dialogue"),
                    );
                }
                if let Some(decision) = epithet_as_pronoun(state, quotes, index, &speaker) {
                    return Some(decision);
                }
                Some(Decision::speaker(speaker, 0.95, evidence).in_situation("subject"))
            }
        }
    }
}

/// `it` in a tag (`It added,`, `“…,” it read.`) goes on with the body or document
/// that spoke the quotation before it, in its paragraph or the one before (`“…,”
/// the company wrote in its statement. ¶ It added, “…”`). None when the subject is
/// not `it`, or the last speaker is a person.
fn it_of_a_body(state: &State, quotes: &[Quote], index: usize, tag: &Tag) -> Option<Decision> {
    let context = state.context;
    let subject_is_it = tag
        .tokens(context)
        .find(|&token| context.is_word(token))
        .is_some_and(|token| context.lower(token) == "it");
    if !subject_is_it {
        return None;
    }
    let paragraph = quotes[index].paragraph;
    let before = (0..index)
        .rev()
        .take_while(|&earlier| quotes[earlier].paragraph + 1 >= paragraph)
        .find_map(|earlier| {
            state.speakers[earlier]
                .clone()
                .map(|speaker| (earlier, speaker))
        });
    let (earlier, speaker) = before?;
    let is_body = match &speaker {
        Speaker::Person(person) => state.people.persons[*person].is_place_or_body(),
        Speaker::Described(name, _) => name.rsplit(' ').next().is_some_and(|noun| {
            let noun = noun.to_lowercase();
            lists::is_body_noun(&noun)
                || lists::word_facts(&noun).document_noun
                || lists::is_institution_word(&noun)
        }),
        _ => false,
    };
    let found = super::name(state.people, &speaker)?;
    is_body.then(|| {
        Decision::speaker(
            speaker,
            0.8,
            format!(
                "{} (it = {found}, who spoke quotation {earlier})",
                evidence(context, tag)
            ),
        )
        .in_situation("it_of_a_body")
    })
}

/// How many sentences back `it` in a tag looks for the document it stands for.
const DOCUMENT_REACH: usize = 4;

/// `it` in a tag (`“…,” it reads.`, `It continued:`) is otherwise the document the
/// narration last named in the [`DOCUMENT_REACH`] sentences before the quotation
/// (`The email, released by Judicial Watch, was sent at 7:19 p.m.`, `Bujnowski
/// wrote in the affidavit.`): a document is what an `it` reads or says. None when
/// the subject is not `it` or no document is named.
fn it_of_a_document(state: &State, quote: &Quote, tag: &Tag) -> Option<Decision> {
    let context = state.context;
    // `At the bottom it reads,`: the subject need not open the tag, but is the
    // verb's (not `It almost reminded one of the proverb,`).
    let subject_is_it = tag.tokens(context).any(|token| {
        context.lower(token) == "it"
            && token + 1 < context.token_count()
            && (context.is_speech_verb(token + 1)
                || matches!(context.lower(token + 1), "read" | "reads"))
    });
    if !subject_is_it {
        return None;
    }
    let open = context.token_at(quote.outer.start);
    let sentence = context.sentence_of(open.min(context.token_count().saturating_sub(1)));
    let first = context
        .sentence_tokens(sentence.saturating_sub(DOCUMENT_REACH))
        .start;
    // The nearest document with a determiner: `The email`, `a letter`, `the
    // affidavit` (not the time of `a few minutes`, nor `took no notice`).
    let determiner_of = |noun: usize| {
        (noun.saturating_sub(2)..noun)
            .rev()
            .find(|&token| context.is_description_determiner(token))
            .filter(|&determiner| {
                (determiner + 1..noun).all(|token| {
                    !matches!(context.lower(token), "few" | "couple" | "several" | "many")
                })
            })
    };
    let (determiner, noun) = (first..open).rev().find_map(|token| {
        (context.at_level(token, quote.parent)
            && context.is_document_noun(token)
            && context.word(token).starts_with(char::is_lowercase))
        .then(|| determiner_of(token).map(|determiner| (determiner, token)))
        .flatten()
    })?;
    let name = if matches!(context.lower(determiner), "a" | "an" | "one" | "another") {
        format!("the {}", context.lower(noun))
    } else {
        context.text[context.start_of(determiner)..context.end_of(noun)].to_string()
    };
    Some(
        Decision::speaker(
            Speaker::Described(name.clone(), crate::voices::Gender::Unknown),
            0.7,
            format!("{} (it = {name}, named before)", evidence(context, tag)),
        )
        .in_situation("it_of_a_document"),
    )
}

/// A definite epithet in a tag (`said the girl`, `the old lady cried`) refers like
/// a pronoun of its gender: to the person of that gender the narration last spoke
/// of, or the other one in the dialogue when that person spoke the last turn. None
/// when the tag's subject is no such epithet or nobody fits; the epithet then stays
/// unresolved.
fn epithet_as_pronoun(
    state: &mut State,
    quotes: &[Quote],
    index: usize,
    speaker: &Speaker,
) -> Option<Decision> {
    let Speaker::Described(epithet, gender) = speaker else {
        return None;
    };
    // `her sister` is someone else than the woman `her` names: a relative does not
    // refer as a pronoun does; an epithet (`the girl`, `her young man`) does.
    let an_epithet = matches!(stands_for_someone(epithet), Some(StandsFor::Epithet { .. }));
    if !an_epithet || *gender == crate::voices::Gender::Unknown {
        return None;
    }
    let noun = epithet.rsplit(' ').next()?.to_lowercase();
    let tag = state.tags[index].adjacent.clone()?;
    let context = state.context;
    let token = tag
        .tokens(context)
        .find(|&token| context.lower(token) == noun)?;
    let as_pronoun = Tag {
        subject: Subject::Pronoun {
            token,
            gender: *gender,
        },
        ..tag
    };
    let decision = pronoun_decision(state, quotes, index, &as_pronoun, 0.7)?;
    let fits = match decision.speaker {
        Speaker::Person(person) => state.people.persons[person].may_be_called(epithet),
        _ => false,
    };
    if !fits {
        // The epithet's noun is no pronoun for later ones to follow.
        state.resolved.remove(&token);
        return None;
    }
    let situation = match decision.situation {
        "other_than_the_last_speaker" => "epithet_other_than_the_last_speaker",
        "epithet_in_dialogue" => "epithet_in_dialogue",
        "ranked_over_the_nearest" => "epithet_ranked_over_the_nearest",
        _ => "epithet_nearest",
    };
    Some(Decision {
        evidence: format!("{epithet}: {}", decision.evidence),
        situation,
        ..decision
    })
}
