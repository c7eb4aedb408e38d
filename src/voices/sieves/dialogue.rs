//! Who takes part in a dialogue, for the sieves that read turns: what each
//! paragraph before a turn tells ([`part_taken`]), whom a turn calls by name
//! ([`addressee`]) or its tag says it spoke to ([`listener`]), and who takes the next
//! turn ([`next_in_dialogue`]).

use super::resolution::resolve_pronoun;
use super::{Decision, Speaker, State};
use crate::clean::ParagraphKind;
use crate::voices::{Gender, Quote, QuoteKind};

/// How many paragraphs back a turn in a dialogue looks for who takes part in it.
pub(super) const CONVERSATION_REACH: usize = 10;
/// A paragraph of narration longer than this (in words) ends a dialogue.
const SCENE_BREAK_WORDS: usize = 60;

/// How many people took turns in the scene before `paragraph`: the distinct
/// speakers of the turns in the [`CONVERSATION_REACH`] paragraphs before it, back
/// to a scene break. Calibration tells alternation between two from alternation
/// among several by it.
fn present_in_scene(state: &State, quotes: &[Quote], paragraph: usize) -> usize {
    let mut present: Vec<Speaker> = Vec::new();
    for earlier in (paragraph.saturating_sub(CONVERSATION_REACH)..paragraph).rev() {
        match part_taken(state, quotes, earlier) {
            Part::Turn(_, speaker) => {
                if !present.contains(&speaker) {
                    present.push(speaker);
                }
            }
            Part::Narration(_) => {}
            Part::Unknown => break,
        }
    }
    present.len()
}

/// True when quotation `index` is the first of its paragraph (quotations are in
/// order).
pub(super) fn first_in_paragraph(quotes: &[Quote], index: usize) -> bool {
    index == 0 || quotes[index - 1].paragraph != quotes[index].paragraph
}

/// Who takes the turn of quotation `index` in a dialogue, looking back (see
/// the `pronoun` sieve), among the speakers `fits` accepts.
pub(super) fn next_in_dialogue(
    state: &State,
    quotes: &[Quote],
    index: usize,
    fits: impl Fn(&Speaker) -> bool,
) -> Option<Decision> {
    let quote = &quotes[index];
    // The speaker is not the one who spoke last, nor the one this turn calls
    // by name (`"She don't know me, Stephen"` is not Stephen's).
    let called = addressee(state, quotes, index).map(Speaker::Person);
    let may_speak = |speaker: &Speaker, last: &Speaker| {
        speaker != last && Some(speaker) != called.as_ref() && fits(speaker)
    };
    let name_of = |person: usize| &state.people.persons[person].name;
    let mut last_turn: Option<(usize, Speaker)> = None;
    let mut narrated: Vec<usize> = Vec::new();
    let reach = quote.paragraph.saturating_sub(CONVERSATION_REACH);
    for paragraph in (reach..quote.paragraph).rev() {
        let part = part_taken(state, quotes, paragraph);
        let Some((last, last_speaker)) = &last_turn else {
            match part {
                Part::Turn(turn, speaker) => {
                    // Whom the narration since the last turn is about, then whom
                    // the last turn spoke to (`"Come, Darcy," said he`).
                    if let Some(&person) = narrated
                        .iter()
                        .find(|&&person| may_speak(&Speaker::Person(person), &speaker))
                    {
                        return Some(
                            Decision::speaker(
                                Speaker::Person(person),
                                0.45,
                                format!(
                                    "{} takes part since the last turn (quotation {turn})",
                                    name_of(person)
                                ),
                            )
                            .in_situation("narrated_since_last_turn"),
                        );
                    }
                    if let Some(person) = addressee(state, quotes, turn)
                        && may_speak(&Speaker::Person(person), &speaker)
                    {
                        let name = name_of(person);
                        return Some(Decision::speaker(
                            Speaker::Person(person),
                            0.55,
                            format!(
                                "answers the last turn, which spoke to {name} (quotation {turn})"
                            ),
                        )
                        .in_situation("answers_who_was_called"));
                    }
                    if let Some((listener, evidence)) = listener(state, turn, &speaker)
                        && may_speak(&listener, &speaker)
                    {
                        return Some(
                            Decision::speaker(
                                listener,
                                0.5,
                                format!("answers the last turn (quotation {turn}): {evidence}"),
                            )
                            .in_situation("answers_the_listener"),
                        );
                    }
                    last_turn = Some((turn, speaker));
                }
                Part::Narration(person) => narrated.extend(person),
                Part::Unknown => return None,
            }
            continue;
        };
        let (candidate, confidence, situation, evidence) = match part {
            Part::Turn(turn, speaker) => (
                speaker,
                0.5,
                "alternates",
                format!(
                    "dialogue turns alternate: spoke before the last turn (quotations {turn} \
                         and {last})"
                ),
            ),
            Part::Narration(Some(person)) => (
                Speaker::Person(person),
                0.4,
                "narrated_before_last_turn",
                format!(
                    "{} takes part before the last turn (quotation {last})",
                    name_of(person)
                ),
            ),
            Part::Narration(None) => continue,
            Part::Unknown => return None,
        };
        if may_speak(&candidate, last_speaker) {
            // Strict alternation holds between two people; with more present, the
            // turn after next is often not the turn before last.
            let situation = match situation {
                "alternates" if present_in_scene(state, quotes, quote.paragraph) <= 2 => {
                    "alternates_between_two"
                }
                "alternates" => "alternates_among_several",
                other => other,
            };
            return Some(
                Decision::speaker(candidate, confidence, evidence).in_situation(situation),
            );
        }
        // This turn calls the one whose turn it would be: the two take part,
        // and the last speaker goes on after a pause.
        if candidate != *last_speaker && Some(&candidate) == called.as_ref() {
            return Some(
                Decision::speaker(
                    last_speaker.clone(),
                    0.45,
                    format!("calls the other one taking part, so goes on from quotation {last}"),
                )
                .in_situation("calls_the_other"),
            );
        }
    }
    None
}

/// True when quotation `index` is a turn in a dialogue with no tag: the first
/// quotation of its paragraph, with no one named before it (that is the actor
/// sieve's case).
pub(super) fn is_turn(state: &State, quotes: &[Quote], index: usize) -> bool {
    let quote = &quotes[index];
    let context = state.context;
    let paragraph_start = context.paragraph_tokens(quote.paragraph).start;
    let before = paragraph_start..context.token_at(quote.outer.start);
    quote.kind == QuoteKind::Inline
        && state.tags[index].distant.is_none()
        && first_in_paragraph(quotes, index)
        && state.people.mentions_in(before).is_empty()
}

/// What one paragraph before a turn tells about who takes part in the dialogue.
pub(super) enum Part {
    /// A turn (its first decided quotation) and its speaker.
    Turn(usize, Speaker),
    /// A short paragraph of narration, and the person it is about, if any.
    Narration(Option<usize>),
    /// A turn whose speaker is unknown, a heading or a long paragraph of narration.
    Unknown,
}

/// The quotations of speech (not nested) in `paragraph`, in order: a paragraph
/// with any is a turn of a dialogue.
pub(super) fn speech_in<'a>(
    state: &State,
    quotes: &'a [Quote],
    paragraph: usize,
) -> impl Iterator<Item = usize> + 'a {
    state.paragraph_quotes[paragraph]
        .clone()
        .filter(|&quote| quotes[quote].parent.is_none() && quotes[quote].is_speech())
}

/// True when `paragraph` is narration too long to be a pause in a dialogue.
pub(super) fn breaks_scene(state: &State, paragraph: usize) -> bool {
    state.paragraph_words[paragraph] as usize > SCENE_BREAK_WORDS
}

pub(super) fn part_taken(state: &State, quotes: &[Quote], paragraph: usize) -> Part {
    let context = state.context;
    let mut turns = speech_in(state, quotes, paragraph).peekable();
    if turns.peek().is_some() {
        return turns
            .find_map(|quote| match &state.speakers[quote] {
                Some(speaker) if *speaker != Speaker::None => {
                    Some(Part::Turn(quote, speaker.clone()))
                }
                _ => None,
            })
            .unwrap_or(Part::Unknown);
    }
    if context.paragraphs[paragraph].kind != ParagraphKind::Prose || breaks_scene(state, paragraph)
    {
        return Part::Unknown;
    }
    let tokens = context.paragraph_tokens(paragraph);
    Part::Narration(
        state
            .people
            .mentions_in(tokens)
            .iter()
            .find(|mention| {
                !mention.qualifies()
                    && !mention.governed
                    && context.at_level(mention.tokens.start, None)
                    && state.people.persons[mention.person].is_someone()
            })
            .map(|mention| mention.person),
    )
}

/// The person a quotation speaks to: a name called out, set off by commas or marks
/// (`"Come, Darcy, …"`, `"…, Lizzy."`, `"My dear Mr. Bennet, …"`). A quotation that is
/// only a name (`"Bingley."`) answers a question; it does not call anyone.
pub(super) fn addressee(state: &State, quotes: &[Quote], index: usize) -> Option<usize> {
    *state.addressees[index].get_or_init(|| find_addressee(state, &quotes[index]))
}

fn find_addressee(state: &State, quote: &Quote) -> Option<usize> {
    let context = state.context;
    let tokens = context.tokens_in(quote.outer.clone());
    let is_mark = |token: usize| matches!(context.word(token), "“" | "”" | "\"" | "'" | "‘" | "’");
    let calls_before = |token: usize| {
        is_mark(token) || matches!(context.word(token), "," | "!" | "?" | ";" | "dear")
    };
    let ends_call =
        |token: usize| is_mark(token) || matches!(context.word(token), "," | "." | "!" | "?" | ";");
    state
        .people
        .mentions_in(tokens.clone())
        .iter()
        // Being spoken to is evidence enough that the name is a person's.
        .filter(|mention| !mention.qualifies())
        .find(|mention| {
            let (Some(before), after) = (mention.tokens.start.checked_sub(1), mention.tokens.end)
            else {
                return false;
            };
            let whole = is_mark(before) && (after + 1 >= tokens.end || is_mark(after + 1));
            before >= tokens.start
                && after < tokens.end
                && calls_before(before)
                && ends_call(after)
                && !whole
        })
        .map(|mention| mention.person)
}

/// The person a turn's tag says it was spoken to (`she asked him`, `said Jane to
/// her sister`, `he told Elizabeth`): someone other than the speaker.
pub(super) fn listener(state: &State, turn: usize, speaker: &Speaker) -> Option<(Speaker, String)> {
    let context = state.context;
    let tag = state.tags[turn].adjacent.as_ref()?;
    let tokens = tag.tokens(context);
    let verb = tokens
        .clone()
        .find(|&token| context.is_speech_verb(token))?;
    for token in verb + 1..tokens.end {
        let lower = context.lower(token);
        let object_pronoun = match lower {
            "him" => Some(Gender::Male),
            // `her` as an object, not `her sister`.
            "her" if token + 1 >= tokens.end || !context.is_word(token + 1) => Some(Gender::Female),
            _ => None,
        };
        if let Some(gender) = object_pronoun {
            let (listener, evidence) = resolve_pronoun(
                state,
                token,
                gender,
                None,
                |candidate| candidate != speaker,
                false,
            )?;
            return Some((
                listener,
                format!("{} ({evidence})", super::evidence(context, tag)),
            ));
        }
        let follows_verb = token == verb + 1 || context.lower(token - 1) == "to";
        if follows_verb
            && let Some(mention) = state.people.mention_starting_at(token)
            && !mention.qualifies()
            && Speaker::Person(mention.person) != *speaker
        {
            return Some((
                Speaker::Person(mention.person),
                super::evidence(context, tag),
            ));
        }
    }
    None
}
