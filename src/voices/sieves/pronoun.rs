//! Sieve 5, `pronoun`: a tag whose subject is `he` or `she` names the person the
//! pronoun refers to; in a dialogue, the other person of that gender when the one it
//! refers to spoke the turn before, the one of that gender the turn before called by
//! name, or the one of that gender the turn ranker is nearly sure takes the turn.

use super::dialogue::{Part, addressee, first_in_paragraph, next_in_dialogue, part_taken};
use super::ranked_turn::{Ranked, most_probable_of_gender};
use super::resolution::{epithet_of, resolve_where};
use super::{Decision, Reading, Sieve, Speaker, State, evidence, name, speaker_gender};
use crate::voices::tags::{Subject, Tag};
use crate::voices::{Context, Gender, Quote, lists};

/// How sure the turn ranker must be of someone else than the nearest person a
/// pronoun can refer to before it overrules them: on the twelve dev novels (each
/// with a ranker trained on the other eleven), overruling at 0.9 raised all
/// speakers from 70.8% to 71.6%, ten novels better and one 0.1 worse; at 0.8 the worst
/// novel lost 0.7 points, and at 0.6 all gained less.
const OVERRULES: f64 = 0.9;

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
    // `“May I really, Mr. Fielding?” he called back`: the one the quotation calls
    // by name is not its speaker.
    let called = addressee(state, quotes, index).map(Speaker::Person);
    // In reporting, nor is one it speaks of (`“Cruz is our best debater,” he
    // said`), nor the one the tag says it is told or about (`he told Rubio`, `he
    // said of Trump`), unless no one else fits. (In a novel's dialogue a speaker
    // names themselves as often: `“Oh, you foolish Alice!” she said`; the veto moved
    // seven novels up and three down.)
    let context = state.context;
    let spoken_of: Vec<usize> = if state.press || !state.dialogue() {
        (state
            .people
            .mentions_in(context.tokens_in(quotes[index].outer.clone())))
        .iter()
        .chain(state.people.mentions_in(token + 1..tag.tokens(context).end))
        .map(|mention| mention.person)
        .collect()
    } else {
        Vec::new()
    };
    let not_spoken_of = |speaker: &Speaker| match speaker {
        Speaker::Person(person) => !spoken_of.contains(person),
        _ => true,
    };
    let not_called = |speaker: &Speaker| called.as_ref() != Some(speaker);
    let resolved = the_one_asked(state, tag, token, gender)
        .or_else(|| {
            resolve_where(state, token, gender, quotes[index].parent, |speaker| {
                not_called(speaker) && not_spoken_of(speaker)
            })
        })
        // With no one else, the one it speaks of (asked again only when the
        // quotation or its tag names someone).
        .or_else(|| {
            (!spoken_of.is_empty())
                .then(|| resolve_where(state, token, gender, quotes[index].parent, not_called))
                .flatten()
        });
    // Reporting names its source, then refers to them by their role: `Sanders
    // spoke… the Vermont senator said… “…,” he said` is Sanders, the one named
    // before of the pronoun's gender. Not for a plain noun (`the old man` is
    // someone new), nor in a text that shows it is dialogue.
    let named_instead = match &resolved {
        Some((Speaker::Described(role, _), found))
            if state.reading != Reading::Dialogue
                && (role.starts_with("the ") || role.starts_with("The "))
                && !role
                    .rsplit(' ')
                    .next()
                    .is_some_and(|noun| lists::is_plain_person_noun(&noun.to_lowercase())) =>
        {
            resolve_where(state, token, gender, quotes[index].parent, |speaker| {
                matches!(speaker, Speaker::Person(_))
                    && speaker_gender(state.people, speaker) == Some(gender)
                    && not_called(speaker)
                    && not_spoken_of(speaker)
            })
            .map(|(person, _)| {
                let named = name(state.people, &person).unwrap_or_default();
                (person, format!("{found}, the role of {named}"))
            })
        }
        _ => None,
    };
    let resolved = named_instead.or(resolved);
    let nearest = resolved.as_ref().map(|(speaker, _)| speaker);
    // `"…," he said` answering a turn of the very person the nearest `he` names is
    // the other man in the dialogue.
    // Reporting quotes one source paragraph after paragraph: only a dialogue
    // alternates.
    let other_turn = nearest
        .filter(|&speaker| {
            state.turns_answer()
                && spoke_last(state, quotes, index, speaker)
                && !goes_on(state.context, tag)
        })
        .and_then(|_| {
            next_in_dialogue(state, quotes, index, |other| {
                speaker_gender(state.people, other).is_some_and(|known| known == gender)
            })
        });
    // `“Good-bye, Professor Godbole.”` and then `“…,” he replied`: the one the last
    // turn called by name answers.
    let called_by_last = nearest
        .filter(|_| other_turn.is_none())
        .and_then(|nearest| called_by_last_turn(state, quotes, index, tag, gender, nearest));
    let ranked = if other_turn.is_none() && called_by_last.is_none() && state.turns_answer() {
        ranked_instead(state, quotes, index, tag, nearest)
    } else {
        None
    };
    let (speaker, situation, evidence) = match (resolved, other_turn, ranked) {
        (Some((_, antecedent)), None, None) if let Some((called, found)) = called_by_last => (
            called,
            "called_by_the_last_turn",
            format!("{evidence} ({antecedent}; but {found})"),
        ),
        (resolved, _, Some(ranked)) => {
            let nearest = resolved.map_or("no one it can refer to".to_string(), |(_, a)| a);
            let evidence = format!(
                "{evidence} (the nearest: {nearest}; but in this dialogue {} is the most \
                 probable of {} of that gender who may speak, p = {:.2}: {})",
                name(state.people, &ranked.speaker).unwrap_or_default(),
                ranked.candidates,
                ranked.probability,
                ranked.reasons(state)
            );
            (ranked.speaker, "ranked_over_the_nearest", evidence)
        }
        (Some((_, antecedent)), Some(turn), None) => (
            turn.speaker,
            "other_than_the_last_speaker",
            format!(
                "{evidence} ({antecedent} spoke the last turn; {})",
                turn.evidence
            ),
        ),
        (Some((speaker, antecedent)), None, None) => {
            match epithet_of(state, quotes, index, &speaker) {
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
            }
        }
        (None, _, None) => {
            return Some(Decision::speaker(
                Speaker::None,
                0.0,
                format!("{evidence} (no one it can refer to)"),
            ));
        }
    };
    state.resolved.insert(token, speaker.clone());
    Some(Decision::speaker(speaker, confidence, evidence).in_situation(situation))
}

/// In a dialogue, the person of the pronoun's gender the turn ranker is nearly sure
/// speaks a turn (p of [`OVERRULES`] or more), when that is not the nearest person
/// the pronoun can refer to: the nearest name is often someone talked about, not
/// the one talking. Not for a tag that says the speaker goes on (`he added`), nor
/// for an epithet standing as a pronoun (`said the girl`) that refers to no one
/// before it: the `ranked_epithet` sieve decides those once every turn is.
fn ranked_instead(
    state: &State,
    quotes: &[Quote],
    index: usize,
    tag: &Tag,
    nearest: Option<&Speaker>,
) -> Option<Ranked> {
    let Subject::Pronoun { token, gender } = tag.subject else {
        return None;
    };
    let an_epithet = state.context.pronoun_gender(token).is_none();
    if !state.turns_answer()
        || !first_in_paragraph(quotes, index)
        || goes_on(state.context, tag)
        || (an_epithet && nearest.is_none())
    {
        return None;
    }
    // The nearest person competes too, whether or not the ranker would have thought
    // of them: alone among the candidates, anyone is certain.
    most_probable_of_gender(state, quotes, index, gender, nearest, None)
        .filter(|ranked| ranked.probability >= OVERRULES && Some(&ranked.speaker) != nearest)
}

/// How many people of `gender` the text names in the paragraph of token `pronoun`
/// and the three before it, up to the pronoun: with one, `he` can hardly go wrong;
/// calibration tells the two cases apart by it.
fn people_of_gender_before(state: &State, pronoun: usize, gender: Gender) -> usize {
    let context = state.context;
    let paragraph = context.paragraph_of(pronoun);
    let first = context.paragraph_tokens(paragraph.saturating_sub(3)).start;
    let mut people: Vec<usize> = Vec::new();
    for mention in state.people.mentions_in(first..pronoun) {
        let person = &state.people.persons[mention.person];
        if person.gender == gender && person.is_someone() && !people.contains(&mention.person) {
            people.push(mention.person);
        }
    }
    people.len()
}

/// In a dialogue, the person of `gender` the turn just before quotation `index`
/// called by name, when that is not who spoke it nor `nearest`, the person the
/// pronoun would refer to otherwise.
fn called_by_last_turn(
    state: &State,
    quotes: &[Quote],
    index: usize,
    tag: &Tag,
    gender: Gender,
    nearest: &Speaker,
) -> Option<(Speaker, String)> {
    let paragraph = quotes[index].paragraph;
    if !state.turns_answer()
        || !first_in_paragraph(quotes, index)
        || paragraph == 0
        || goes_on(state.context, tag)
    {
        return None;
    }
    let Part::Turn(turn, last) = part_taken(state, quotes, paragraph - 1) else {
        return None;
    };
    let called = Speaker::Person(addressee(state, quotes, turn)?);
    let found = format!(
        "the last turn (quotation {turn}) calls {} by name",
        name(state.people, &called).unwrap_or_default()
    );
    (called != last && called != *nearest && speaker_gender(state.people, &called) == Some(gender))
        .then_some((called, found))
}

/// True when a tag says the speaker goes on (`he added`, `she continued`) or speaks
/// to themselves (`she thought`, `he said to himself`), not to the last speaker.
fn goes_on(context: &Context, tag: &Tag) -> bool {
    tag.tokens(context)
        .any(|token| lists::says_speaker_goes_on(context.lower(token)))
}

/// `A reporter asked Sanders how he was feeling. “…,” he replied`: the pronoun of
/// a reply is the one the sentence before asked, of its gender, not the one who
/// asked.
fn the_one_asked(
    state: &State,
    tag: &Tag,
    pronoun: usize,
    gender: Gender,
) -> Option<(Speaker, String)> {
    let context = state.context;
    let replies = tag.tokens(context).any(|token| {
        matches!(
            context.lower(token),
            "replied" | "replies" | "answered" | "answers" | "responded" | "responds"
        )
    });
    let sentence = context.sentence_of(pronoun);
    if !replies || sentence == 0 {
        return None;
    }
    let before = context.sentence_tokens(sentence - 1);
    let asked = before
        .clone()
        .find(|&token| matches!(context.lower(token), "asked" | "questioned" | "pressed"))?;
    let mention = (asked + 1..(asked + 3).min(before.end))
        .find_map(|token| state.people.mention_starting_at(token))?;
    let person = &state.people.persons[mention.person];
    (person.is_someone() && gender.fits(person.gender) && !mention.qualifies()).then(|| {
        (
            Speaker::Person(mention.person),
            format!(
                "{} = {}, whom the sentence before asked",
                context.word(pronoun),
                person.name
            ),
        )
    })
}

/// True when quotation `index` opens its paragraph's quotations and the paragraph
/// before is a turn of `speaker`, said to someone (not `thought`: `The doctor in
/// Aziz thought, “…”` and then `“…,” he asked` is Aziz again).
fn spoke_last(state: &State, quotes: &[Quote], index: usize, speaker: &Speaker) -> bool {
    let paragraph = quotes[index].paragraph;
    first_in_paragraph(quotes, index)
        && paragraph > 0
        && matches!(
            part_taken(state, quotes, paragraph - 1),
            Part::Turn(turn, last) if last == *speaker && !thought(state, turn)
        )
}

/// True when the tag of quotation `index` says its speaker speaks to themselves
/// (`thought`, `said to herself`).
fn thought(state: &State, index: usize) -> bool {
    let context = state.context;
    state.tags[index].adjacent.as_ref().is_some_and(|tag| {
        tag.tokens(context).any(|token| {
            let lower = context.lower(token);
            lists::says_speaker_thinks(lower)
                || (matches!(lower, "himself" | "herself")
                    && token > 0
                    && context.lower(token - 1) == "to")
        })
    })
}
