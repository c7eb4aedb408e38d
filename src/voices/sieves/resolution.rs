//! Who a word stands for: the person a pronoun refers to ([`resolve`]), the person
//! a relative is (`his wife`, [`relative`]) and the named person a definite epithet
//! stands for in a dialogue (`the young girl`, [`epithet_of`]).

use super::dialogue::{CONVERSATION_REACH, Part, part_taken};
use super::{Speaker, State, name, speaker_gender};
use crate::voices::tags;
use crate::voices::{Context, Gender, Quote, lists, people};

/// How many sentences of narration back a pronoun looks for its person.
const PRONOUN_REACH: usize = 12;
/// How many times a chain of subject pronouns (`Ryan spoke. He said that Trump…
/// He added…`) lets a pronoun look [`PRONOUN_REACH`] sentences further.
const CHAIN_REACH: usize = 3;

/// The person a pronoun refers to: the leftmost person outside quotations in its
/// sentence before it, else in each earlier sentence going back, whose gender fits.
/// Subjects (not possessive, not after a preposition) are tried first; the subject
/// of a sentence's own reporting clause before the people it reports; and a
/// sentence whose subject is a pronoun of the same gender is passed over for the
/// person further back that pronoun is about.
pub(super) fn resolve(
    state: &State,
    pronoun: usize,
    gender: Gender,
    level: Option<usize>,
) -> Option<(Speaker, String)> {
    resolve_where(state, pronoun, gender, level, |_| true)
}

/// Like `resolve`, passing over the people `fits` rejects.
pub(super) fn resolve_where(
    state: &State,
    pronoun: usize,
    gender: Gender,
    level: Option<usize>,
    fits: impl Fn(&Speaker) -> bool,
) -> Option<(Speaker, String)> {
    resolve_pronoun(state, pronoun, gender, level, fits, true)
}

/// Resolves a pronoun. A subject (`he said`) looks first for people who are
/// subjects themselves; an object (`asked him`) takes the nearest person.
pub(super) fn resolve_pronoun(
    state: &State,
    pronoun: usize,
    gender: Gender,
    level: Option<usize>,
    fits: impl Fn(&Speaker) -> bool,
    is_subject: bool,
) -> Option<(Speaker, String)> {
    let context = state.context;
    let people = state.people;
    let sentence = context.sentence_of(pronoun);
    let passes: &[bool] = if is_subject { &[true, false] } else { &[false] };
    // The nearest person of a sentence passed over for its subject pronoun, and
    // how many such sentences: each lets the pronoun look as far again.
    let mut passed_over = None;
    let chains = std::cell::Cell::new(0);
    for &strict in passes {
        for (back, current) in sentences_back(context, sentence, level, &chains).enumerate() {
            let tokens = context.sentence_tokens(current);
            let end = if current == sentence {
                pronoun
            } else {
                tokens.end
            };
            let range = tokens.start..end;
            // Each candidate's name is written only for the one taken.
            let mut candidates: Vec<(usize, Speaker)> = Vec::new();
            // `Suu Kyi's fate is still unclear, but she said`: the possessor that
            // opens the pronoun's sentence or the one before, when no one else in it
            // fits (further back a pronoun goes on about someone else as often).
            let mut possessor = None;
            for mention in people.mentions_in(range.clone()) {
                let person = &people.persons[mention.person];
                // A place or an institution may speak, but is no `he` or `she`.
                let fits = gender.fits(person.gender)
                    && person.is_someone()
                    && !(gender != Gender::Unknown && person.is_place_or_body());
                if fits
                    && back <= 1
                    && mention.possessive
                    && mention.tokens.start == tokens.start
                    && context.at_level(mention.tokens.start, level)
                {
                    possessor = Some((mention.tokens.start, Speaker::Person(mention.person)));
                }
                if fits
                    && !mention.qualifies()
                    && (!strict || !mention.governed)
                    && context.at_level(mention.tokens.start, level)
                {
                    candidates.push((mention.tokens.start, Speaker::Person(mention.person)));
                }
            }
            for (&token, speaker) in state.resolved.range(range.clone()) {
                if context.at_level(token, level)
                    && speaker_gender(people, speaker).is_none_or(|known| gender.fits(known))
                {
                    candidates.push((token, speaker.clone()));
                }
            }
            // Past a chain of pronouns the person is someone named: a description
            // met that far back is seldom the one the chain is about.
            let descriptions = if chains.get() == 0 {
                range.clone()
            } else {
                0..0
            };
            for token in descriptions {
                if !context.at_level(token, level) || !tags::may_end_description(context, token) {
                    continue;
                }
                if let Some((described_range, name, noun_gender)) =
                    tags::described(context, token, range.end)
                    && gender.fits(noun_gender)
                    && (!strict || !governed_description(context, described_range.start))
                {
                    let named = decided_by_its_tag(state, described_range.start)
                        .or_else(|| named_in_apposition(state, described_range.end, gender, level));
                    let speaker = match named {
                        Some(person) => Speaker::Person(person),
                        None => Speaker::Described(name, noun_gender),
                    };
                    candidates.push((described_range.start, speaker));
                }
            }
            let nearest = candidates
                .into_iter()
                .filter(|(_, speaker)| fits(speaker))
                .min_by_key(|(token, _)| (!reports(context, *token), *token))
                .or_else(|| possessor.filter(|(_, speaker)| fits(speaker)));
            // A sentence whose subject is a pronoun of this gender, before anyone
            // else it names (`He said that Trump…`, `He walked on.`), goes on about
            // that pronoun's person: the subject pronoun is theirs too, further
            // back, and the pronoun may look as far again. (Its other people are
            // kept in case no one is found.)
            let first = nearest.as_ref().map_or(range.end, |(token, _)| *token);
            let chained = is_subject
                && (range.start..first).any(|token| {
                    context.pronoun_gender(token) == Some(gender)
                        && tags::is_subject_pronoun(context.lower(token))
                        && context.at_level(token, level)
                });
            if let Some((_, speaker)) = nearest {
                let name = name(people, &speaker).unwrap_or_default();
                let found = (speaker, format!("{} = {name}", context.word(pronoun)));
                if !chained {
                    return Some(found);
                }
                passed_over.get_or_insert(found);
            }
            if !chained {
                continue;
            }
            chains.set((chains.get() + 1).min(CHAIN_REACH));
        }
    }
    passed_over
}

/// The person a description at token `start` stands for when it is the subject of
/// a tag whose quotation is already decided for a named person: `The doctor in Aziz
/// thought, “…”` is Aziz's, so a later `he` that goes back to `the doctor` is Aziz,
/// not someone new called `the doctor`.
fn decided_by_its_tag(state: &State, start: usize) -> Option<usize> {
    let context = state.context;
    let byte = context.start_of(start);
    state.paragraph_quotes[context.paragraph_of(start)]
        .clone()
        .find_map(|quote| {
            let tag = state.tags[quote].adjacent.as_ref()?;
            match &state.speakers[quote] {
                Some(Speaker::Person(person)) if tag.evidence.contains(&byte) => Some(*person),
                _ => None,
            }
        })
}

/// The person a description ending before token `end` names in apposition: `his
/// wife, Jane,`, `One local woman, Karen Robison,`, `the other candidate on the
/// stage, former Secretary of State Hillary Clinton,`. A name a comma after it,
/// with only words between (a role), of the pronoun's gender.
fn named_in_apposition(
    state: &State,
    end: usize,
    gender: Gender,
    level: Option<usize>,
) -> Option<usize> {
    let context = state.context;
    let people = state.people;
    if end >= context.token_count() || context.word(end) != "," {
        return None;
    }
    let reach = (end + 1 + APPOSITION_ROLE).min(context.token_count());
    let mut token = end + 1;
    while token < reach && context.at_level(token, level) {
        if let Some(mention) = people.mention_starting_at(token) {
            let person = &people.persons[mention.person];
            return (!mention.qualifies() && person.is_someone() && gender.fits(person.gender))
                .then_some(mention.person);
        }
        if !context.is_word(token) {
            return None;
        }
        token += 1;
    }
    None
}

/// How many words of a role may stand between a description and the name in
/// apposition to it (`former Secretary of State`).
const APPOSITION_ROLE: usize = 5;

/// True when the name at token `start` is the subject of its sentence's reporting
/// clause (`Cruz electrified the crowds, Stovall said.`, `…is more effective, said
/// Jake Horowitz, editor in chief`): after a comma, before a verb of speech, or
/// right after a comma or a closing mark and a verb of speech. That is whom the
/// sentence is about, not the people it reports.
fn reports(context: &Context, start: usize) -> bool {
    let verb_after = start > 0
        && context.word(start - 1) == ","
        && (start + 1..(start + 5).min(context.token_count()))
            .take_while(|&token| context.is_word(token))
            .any(|token| context.is_speech_verb(token));
    // Only a name that ends the clause: `, said Trump continued to…` reports
    // Trump, and `telling Mic in an interview` speaks to Mic.
    let ends_clause = || {
        (start..context.token_count())
            .find(|&token| !(context.is_capitalised(token) || context.word(token) == "."))
            .is_some_and(|after| matches!(context.word(after), "," | "."))
    };
    let verb_before = start >= 2
        && context.is_speech_verb(start - 1)
        && !context.lower(start - 1).ends_with("ing")
        && matches!(context.word(start - 2), "," | "”" | "\"")
        && ends_clause();
    verb_after || verb_before
}

/// The sentences a pronoun in `sentence` looks back through, nearest first: back to
/// the [`PRONOUN_REACH`]-th sentence with narration at `level`; sentences inside
/// quotations (a long speech) are passed over, up to ten times as many, and not
/// given (no one at `level` is named in them). Walked lazily, since most pronouns
/// find their person in the first sentence or two.
fn sentences_back<'a>(
    context: &'a Context,
    sentence: usize,
    level: Option<usize>,
    chains: &'a std::cell::Cell<usize>,
) -> impl Iterator<Item = usize> + 'a {
    let mut narrated = 0;
    // Each sentence with whether it has narration at `level`, asked once.
    let mut next = Some((sentence, true));
    std::iter::from_fn(move || {
        let (current, narrating) = next?;
        let reach = PRONOUN_REACH * (1 + chains.get());
        next = current
            .checked_sub(1)
            .filter(|&earlier| narrated < reach && sentence - earlier <= 10 * reach)
            .map(|earlier| {
                let narrating = context.has_words_at(earlier, level);
                narrated += usize::from(narrating);
                (earlier, narrating)
            });
        Some((current, narrating))
    })
    .filter_map(|(current, narrating)| narrating.then_some(current))
}

/// The person a relative is (`his wife` = Mrs. Bennet): the possessive pronoun's
/// person gives the family name, the word of kinship the title, and the document
/// must name someone so. The pronoun goes to the nearest person who has such a
/// relative (`his` passes over Mr. Bingley, who has no wife in the book).
pub(super) fn relative(
    state: &State,
    possessor: usize,
    name: &str,
    level: Option<usize>,
) -> Option<(Speaker, String)> {
    let context = state.context;
    let people = state.people;
    let gender = people::pronoun_gender(context.lower(possessor))?;
    let title = lists::kinship_title(name.rsplit(' ').next()?)?;
    let relative_of = |speaker: &Speaker| -> Option<(usize, String)> {
        let Speaker::Person(person) = speaker else {
            return None;
        };
        let known = &people.persons[*person].name;
        // The family name: the last word of a fuller name (`Elizabeth` → the last
        // word of `Elizabeth Bennet`).
        let family = if known.contains(' ') {
            known.rsplit(' ').next()?
        } else {
            let prefix = format!("{known} ");
            people
                .persons
                .iter()
                .find(|other| other.name.starts_with(&prefix))?
                .name
                .rsplit(' ')
                .next()?
        };
        let wanted = format!("{title} {family}");
        let relative = people
            .persons
            .iter()
            .position(|other| other.name == wanted)?;
        Some((
            relative,
            format!("{} = {known}, so {wanted}", context.word(possessor)),
        ))
    };
    let (speaker, _) = resolve_where(state, possessor, gender, level, |speaker| {
        relative_of(speaker).is_some()
    })?;
    let (relative, evidence) = relative_of(&speaker)?;
    Some((Speaker::Person(relative), evidence))
}

/// The named person a definite epithet stands for in a dialogue (`said the young
/// girl` when Daisy Miller is the one woman taking part): the one person of the
/// epithet's gender among those who spoke or were narrated about in the paragraphs
/// before, back to the start of the dialogue.
pub(super) fn epithet_of(
    state: &State,
    quotes: &[Quote],
    index: usize,
    speaker: &Speaker,
) -> Option<(Speaker, String)> {
    let Speaker::Described(epithet, gender) = speaker else {
        return None;
    };
    let after_the =
        super::stands_for_someone(epithet) == Some(super::StandsFor::Epithet { after_the: true });
    if !after_the || *gender == Gender::Unknown {
        return None;
    }
    let context = state.context;
    let paragraph = quotes[index].paragraph;
    let mut named: Vec<usize> = Vec::new();
    for earlier in (paragraph.saturating_sub(CONVERSATION_REACH)..paragraph).rev() {
        let people: Vec<usize> = match part_taken(state, quotes, earlier) {
            Part::Turn(_, Speaker::Person(person)) => vec![person],
            Part::Turn(..) => continue,
            Part::Narration(_) => {
                let tokens = context.paragraph_tokens(earlier);
                state
                    .people
                    .mentions_in(tokens)
                    .iter()
                    .filter(|mention| context.at_level(mention.tokens.start, None))
                    .map(|mention| mention.person)
                    .collect()
            }
            Part::Unknown => break,
        };
        for person in people {
            let known = &state.people.persons[person];
            if known.gender == *gender && known.may_be_called(epithet) && !named.contains(&person) {
                named.push(person);
            }
        }
    }
    let [person] = named.as_slice() else {
        return None;
    };
    let name = &state.people.persons[*person].name;
    Some((
        Speaker::Person(*person),
        format!("{epithet} = {name}, the one of that gender in the dialogue"),
    ))
}

fn governed_description(context: &Context, start: usize) -> bool {
    start.checked_sub(1).is_some_and(|previous| {
        matches!(
            context.lower(previous),
            "to" | "of" | "by" | "with" | "for" | "from" | "in" | "on" | "at"
        )
    })
}
