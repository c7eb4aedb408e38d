//! Sieves 9 and 11, `ranked_turn` and `ranked_epithet`: a dialogue turn with no
//! tag, or one whose tag is an epithet no earlier sieve could resolve, is spoken by
//! the person the [turn ranker](crate::voices::ranker) finds most probable among
//! those who may speak it (for a turn whose paragraph goes on with `he` or `she`,
//! among those of that gender).

use super::dialogue::{addressee, breaks_scene, is_turn, listener, speech_in};
use super::{
    Decision, Sieve, Speaker, State, is_passing_description, name, speaker_gender, unresolved_tag,
};
use crate::clean::ParagraphKind;
use crate::voices::ranker::{FEATURE_COUNT, FEATURES, Features, TurnExample, feature};
use crate::voices::{Context, Gender, NARRATOR, Quote, tags};

/// How many paragraphs back and ahead the turns of a scene are read.
const TURN_REACH: usize = 10;
/// The probability from which the ranker's choice for an epithet is taken: on the
/// twelve dev novels, 65% of such choices are right, against 35% below it.
const SUPPORTED: f64 = 0.7;
/// How many paragraphs back the narration is read for the people present.
const MENTION_REACH: usize = 20;

/// Sieve 9: turns in a dialogue alternate, but not strictly: with three people
/// present, after a long silence or when a turn calls someone by name, the turn
/// after next is not the turn before last. A quotation that opens its paragraph
/// with no tag gets, among the people who spoke the turns of its scene or were
/// named in the narration before it, the one the ranker scores highest, with the
/// ranker's probability as its confidence and the features it rests on as its
/// evidence.
pub(super) struct RankedTurn;

impl Sieve for RankedTurn {
    fn name(&self) -> &'static str {
        "ranked_turn"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        if !state.dialogue() || !is_turn(state, quotes, index) {
            return None;
        }
        let mut candidates = candidates(state, quotes, index, None);
        // `“Frightened, Adela?” He released her hand.`: the narration that goes on
        // in the turn's paragraph is about its speaker.
        let goes_on_with = pronoun_after(state.context, &quotes[index]);
        if let Some((_, gender)) = goes_on_with {
            let of_gender = |(speaker, _): &(Speaker, Features)| {
                speaker_gender(state.people, speaker) == Some(gender)
            };
            if candidates.iter().any(of_gender) {
                candidates.retain(of_gender);
            }
        }
        if let Some(examples) = &mut state.examples
            && !candidates.is_empty()
        {
            examples.push(TurnExample {
                quote: index,
                candidates: candidates
                    .iter()
                    .map(|(speaker, features)| {
                        (name(state.people, speaker).unwrap_or_default(), *features)
                    })
                    .collect(),
            });
        }
        let ranked = rank(state, candidates)?;
        let of_gender = goes_on_with.map_or(String::new(), |(pronoun, _)| {
            format!(", of the gender of the `{pronoun}` the narration goes on with")
        });
        let evidence = format!(
            "the most probable of {} who may speak{of_gender} (p = {:.2}): {}",
            ranked.candidates,
            ranked.probability,
            ranked.reasons(state)
        );
        Some(ranked.decision(evidence))
    }
}

/// The subject pronoun (`He`, `she`) that opens the rest of quotation `quote`'s
/// paragraph, with its gender.
fn pronoun_after<'a>(context: &Context<'a>, quote: &Quote) -> Option<(&'a str, Gender)> {
    let paragraph_end = context.paragraph_tokens(quote.paragraph).end;
    let token =
        (context.token_at(quote.outer.end)..paragraph_end).find(|&token| context.is_word(token))?;
    let gender = context.pronoun_gender(token)?;
    tags::is_subject_pronoun(context.lower(token)).then(|| (context.word(token), gender))
}

/// Sieve 11, `ranked_epithet`: a tag whose subject is an epithet or a relative no earlier sieve
/// could tie to a named person (`said the girl`, `returned her father`) is
/// spoken by the person of its gender the [turn ranker](crate::voices::ranker)
/// finds most probable among those who may speak the quotation, when the book
/// supports it: with a probability of [`SUPPORTED`] or more. Otherwise it stays
/// unresolved.
pub(super) struct RankedEpithet;

impl Sieve for RankedEpithet {
    fn name(&self) -> &'static str {
        "ranked_epithet"
    }

    fn revisits_unresolved(&self) -> bool {
        true
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let Some(Speaker::Unresolved(description, gender)) = state.speakers[index].clone() else {
            return None;
        };
        if !state.dialogue() || gender == Gender::Unknown {
            return None;
        }
        let people = state.people;
        let ranked =
            most_probable_of_gender(state, quotes, index, gender, None, Some(&description))
                .filter(|ranked| ranked.probability >= SUPPORTED)?;
        let tag = unresolved_tag(&quotes[index]);
        let evidence = format!(
            "{tag} ({description} = {}, the most probable of {} of that gender who may speak, \
             p = {:.2}: {})",
            name(people, &ranked.speaker).unwrap_or_default(),
            ranked.candidates,
            ranked.probability,
            ranked.reasons(state)
        );
        Some(ranked.decision(evidence))
    }
}

/// The person of `gender` the ranker finds most probable to speak quotation
/// `index`, among the candidates of that gender and `also`, if given.
pub(super) fn most_probable_of_gender(
    state: &State,
    quotes: &[Quote],
    index: usize,
    gender: Gender,
    also: Option<&Speaker>,
    epithet: Option<&str>,
) -> Option<Ranked> {
    let people = state.people;
    // Not the one the quotation calls by name.
    let called = addressee(state, quotes, index);
    let of_that_gender: Vec<(Speaker, Features)> = candidates(state, quotes, index, also)
        .into_iter()
        .filter(|(speaker, _)| {
            matches!(speaker, Speaker::Person(person)
                if people.persons[*person].gender == gender
                    && called != Some(*person)
                    && epithet.is_none_or(|epithet| people.persons[*person].may_be_called(epithet)))
        })
        .collect();
    rank(state, of_that_gender)
}

/// The people who may be `epithet` (of its gender, unless unknown, and of an age
/// it fits) among those who may speak quotation `index`, each with the ranker's
/// probability among them.
pub(super) fn who_may_be(
    state: &State,
    quotes: &[Quote],
    index: usize,
    gender: Gender,
    epithet: &str,
) -> Vec<(usize, f64)> {
    let people = state.people;
    let (persons, features): (Vec<usize>, Vec<Features>) = candidates(state, quotes, index, None)
        .into_iter()
        .filter_map(|(speaker, features)| match speaker {
            Speaker::Person(person)
                if gender.fits(people.persons[person].gender)
                    && people.persons[person].may_be_called(epithet) =>
            {
                Some((person, features))
            }
            _ => None,
        })
        .unzip();
    let probabilities = state.ranker.probabilities(&features);
    persons.into_iter().zip(probabilities).collect()
}

/// The candidate the ranker finds most probable.
pub(super) struct Ranked {
    pub(super) speaker: Speaker,
    pub(super) probability: f64,
    /// How many candidates there were.
    pub(super) candidates: usize,
    /// Its features, kept to say what speaks for it when it is chosen.
    features: Features,
}

impl Ranked {
    /// The descriptions of the features that speak for it, written only for the
    /// choices a sieve takes (most of the pronoun sieve's questions are not).
    pub(super) fn reasons(&self, state: &State) -> String {
        let reasons: Vec<&str> = FEATURES
            .iter()
            .zip(&self.features)
            .zip(state.ranker.weights())
            .filter(|((_, value), weight)| **value > 0.0 && **weight > 0.0)
            .map(|(((_, description), _), _)| *description)
            .collect();
        reasons.join("; ")
    }

    fn decision(self, evidence: String) -> Decision {
        let situation = match self.probability {
            p if p >= 0.9 => "ranked_p90",
            p if p >= 0.7 => "ranked_p70",
            p if p >= 0.5 => "ranked_p50",
            _ => "ranked_below_p50",
        };
        Decision::speaker(self.speaker, self.probability as f32, evidence).in_situation(situation)
    }
}

fn rank(state: &State, candidates: Vec<(Speaker, Features)>) -> Option<Ranked> {
    let features: Vec<Features> = candidates.iter().map(|(_, f)| *f).collect();
    let probabilities = state.ranker.probabilities(&features);
    let best = (0..candidates.len()).max_by(|&a, &b| {
        probabilities[a]
            .total_cmp(&probabilities[b])
            .then(b.cmp(&a))
    })?;
    let count = candidates.len();
    let (speaker, features) = candidates.into_iter().nth(best)?;
    Some(Ranked {
        speaker,
        probability: probabilities[best],
        candidates: count,
        features,
    })
}

/// A turn of the scene: its first quotation of speech, its paragraph and its
/// speaker if decided.
struct Turn<'a> {
    quote: usize,
    paragraph: usize,
    speaker: Option<&'a Speaker>,
}

/// What a paragraph is to the scene around it.
enum Content<'a> {
    Turn(Turn<'a>),
    Narration {
        long: bool,
    },
    /// A heading, a block, verse: the scene ends.
    Other,
}

fn content<'a>(state: &'a State, quotes: &[Quote], paragraph: usize) -> Content<'a> {
    let context = state.context;
    let mut turns = speech_in(state, quotes, paragraph).peekable();
    if let Some(&quote) = turns.peek() {
        let speaker = turns.find_map(|quote| {
            state.speakers[quote]
                .as_ref()
                .filter(|speaker| match speaker {
                    Speaker::Person(_) => true,
                    Speaker::Described(name, _) => !is_passing_description(name),
                    _ => false,
                })
        });
        return Content::Turn(Turn {
            quote,
            paragraph,
            speaker,
        });
    }
    if context.paragraphs[paragraph].kind != ParagraphKind::Prose {
        return Content::Other;
    }
    Content::Narration {
        long: breaks_scene(state, paragraph),
    }
}

/// The scene around a turn.
struct Scene<'a> {
    /// Its turns before the turn (nearest first) and after it.
    before: Vec<Turn<'a>>,
    after: Vec<Turn<'a>>,
    /// Its short paragraphs of narration before the turn.
    narration: Vec<usize>,
}

/// The scene around `paragraph`: up to [`TURN_REACH`] paragraphs each way, ending
/// at a long paragraph of narration or a heading.
fn scene<'a>(state: &'a State, quotes: &[Quote], paragraph: usize) -> Scene<'a> {
    let last = state.context.paragraphs.len();
    let mut narration = Vec::new();
    let gather = |paragraphs: &mut dyn Iterator<Item = usize>, narration: &mut Vec<usize>| {
        let mut turns = Vec::with_capacity(TURN_REACH);
        for other in paragraphs {
            match content(state, quotes, other) {
                Content::Turn(turn) => turns.push(turn),
                Content::Narration { long: false } => narration.push(other),
                Content::Narration { long: true } | Content::Other => break,
            }
        }
        turns
    };
    let before = gather(
        &mut (paragraph.saturating_sub(TURN_REACH)..paragraph).rev(),
        &mut narration,
    );
    let after = gather(
        &mut (paragraph + 1..(paragraph + 1 + TURN_REACH).min(last)),
        &mut Vec::new(),
    );
    Scene {
        before,
        after,
        narration,
    }
}

/// The last person named in a paragraph of narration (prose with no turn) before
/// `paragraph`, up to [`MENTION_REACH`] paragraphs back.
fn last_named(state: &State, quotes: &[Quote], paragraph: usize) -> Option<usize> {
    let context = state.context;
    let is_narration = |other: usize| {
        context.paragraphs[other].kind == ParagraphKind::Prose
            && speech_in(state, quotes, other).next().is_none()
    };
    (paragraph.saturating_sub(MENTION_REACH)..paragraph)
        .rev()
        .filter(|&other| is_narration(other))
        .find_map(|other| {
            state
                .narrated_in(context.paragraph_tokens(other))
                .iter()
                .rev()
                .find(|mention| !mention.possessive && mention.someone)
        })
        .map(|mention| mention.person)
}

/// The people who may speak quotation `index`, each with their features.
fn candidates(
    state: &State,
    quotes: &[Quote],
    index: usize,
    also: Option<&Speaker>,
) -> Vec<(Speaker, Features)> {
    let context = state.context;
    let people = state.people;
    let quote = &quotes[index];
    let Scene {
        before,
        after,
        narration,
    } = scene(state, quotes, quote.paragraph);
    let spoken_to = |turn: Option<&Turn>| -> Vec<Speaker> {
        let Some(turn) = turn else {
            return Vec::new();
        };
        let mut spoken_to: Vec<Speaker> = addressee(state, quotes, turn.quote)
            .map(Speaker::Person)
            .into_iter()
            .collect();
        if let Some(speaker) = turn.speaker
            && let Some((listener, _)) = listener(state, turn.quote, speaker)
        {
            spoken_to.push(listener);
        }
        spoken_to
    };
    let called_by_last = spoken_to(before.first());
    let called_by_next = spoken_to(after.first());
    let called_by_this = addressee(state, quotes, index).map(Speaker::Person);

    // The narration before the turn: from MENTION_REACH paragraphs back to the turn.
    let quote_start = context.token_at(quote.outer.start);
    let reach_start = context
        .paragraph_tokens(quote.paragraph.saturating_sub(MENTION_REACH))
        .start;
    let since_last_turn = before
        .first()
        .map_or(0, |turn| context.paragraph_tokens(turn.paragraph).end);
    // Each person the narration names: how often, and whether since the last turn.
    let mut named: Vec<(usize, u32, bool)> = Vec::new();
    let narrated = state.narrated_in(reach_start..quote_start);
    for mention in narrated.iter().filter(|mention| mention.someone) {
        let person = mention.person;
        let since = mention.token >= since_last_turn;
        match named.iter_mut().find(|(known, _, _)| *known == person) {
            Some((_, count, named_since)) => {
                *count += 1;
                *named_since |= since;
            }
            None => named.push((person, 1, since)),
        }
    }
    let last_named = last_named(state, quotes, quote.paragraph);
    let named_in_scene: Vec<usize> = narration
        .iter()
        .flat_map(|&paragraph| state.narrated_in(context.paragraph_tokens(paragraph)))
        .filter(|mention| !mention.possessive)
        .map(|mention| mention.person)
        .collect();
    let paragraph_end = context.paragraph_tokens(quote.paragraph).end;
    let named_after: Vec<usize> = state
        .narrated_in(context.token_at(quote.outer.end)..paragraph_end)
        .iter()
        .filter(|mention| mention.someone)
        .map(|mention| mention.person)
        .collect();
    let named_inside: Vec<usize> = people
        .mentions_in(context.tokens_in(quote.outer.clone()))
        .iter()
        .map(|mention| mention.person)
        .collect();

    let mut speakers: Vec<Speaker> = Vec::new();
    let mut add = |speaker: Speaker| {
        if !speakers.contains(&speaker) {
            speakers.push(speaker);
        }
    };
    for turn in before.iter().chain(&after) {
        if let Some(speaker) = turn.speaker {
            add(speaker.clone());
        }
    }
    for speaker in called_by_last.iter().chain(&called_by_next) {
        add(speaker.clone());
    }
    for &(person, _, _) in &named {
        add(Speaker::Person(person));
    }
    for &person in &named_after {
        add(Speaker::Person(person));
    }
    if let Some(speaker) = also {
        add(speaker.clone());
    }
    // The narrator of a story told in the first person is in every scene whose
    // narration says `I` (the scene's reach of paragraphs back).
    if let Some(narrator) = &state.narrator
        && state.narrated_by_i[quote.paragraph.saturating_sub(TURN_REACH)..=quote.paragraph]
            .contains(&true)
    {
        add(narrator.clone());
    }

    let adjacent = before.len() >= 2
        && before[0].paragraph + 1 == quote.paragraph
        && before[1].paragraph + 2 == quote.paragraph;
    let spoke = |turn: Option<&Turn>, speaker: &Speaker| {
        turn.is_some_and(|turn| turn.speaker == Some(speaker))
    };
    speakers
        .into_iter()
        .map(|speaker| {
            let person = match speaker {
                Speaker::Person(person) => Some(person),
                _ => None,
            };
            let is = |other: Option<usize>| person.is_some() && other == person;
            let mut f = [0.0f32; FEATURE_COUNT];
            let mut set = |position: usize, value: f32| f[position] = value;
            let flag = |value: bool| f32::from(u8::from(value));
            set(
                const { feature("last_turn") },
                flag(spoke(before.first(), &speaker)),
            );
            set(
                const { feature("last_turn_adjacent") },
                flag(spoke(before.first(), &speaker) && before[0].paragraph + 1 == quote.paragraph),
            );
            set(
                const { feature("turn_before_last") },
                flag(spoke(before.get(1), &speaker)),
            );
            set(
                const { feature("turn_before_last_adjacent") },
                flag(adjacent && spoke(before.get(1), &speaker)),
            );
            set(
                const { feature("earlier_turn") },
                flag(
                    before
                        .iter()
                        .skip(2)
                        .take(3)
                        .any(|turn| spoke(Some(turn), &speaker)),
                ),
            );
            set(
                const { feature("next_turn") },
                flag(spoke(after.first(), &speaker)),
            );
            set(
                const { feature("turn_after_next") },
                flag(spoke(after.get(1), &speaker)),
            );
            set(
                const { feature("called_by_last_turn") },
                flag(called_by_last.contains(&speaker)),
            );
            set(
                const { feature("called_by_this_turn") },
                flag(called_by_this.as_ref() == Some(&speaker)),
            );
            set(
                const { feature("called_by_next_turn") },
                flag(called_by_next.contains(&speaker)),
            );
            set(
                const { feature("named_in_this_turn") },
                flag(named_inside.iter().any(|&p| is(Some(p)))),
            );
            let (mentions, named_since) = named
                .iter()
                .find(|&&(p, _, _)| is(Some(p)))
                .map_or((0, false), |&(_, count, since)| (count, since));
            set(
                const { feature("named_since_last_turn") },
                flag(named_since),
            );
            set(
                const { feature("named_in_scene") },
                flag(named_in_scene.iter().any(|&p| is(Some(p)))),
            );
            set(const { feature("last_named") }, flag(is(last_named)));
            set(
                const { feature("named_after_in_paragraph") },
                flag(named_after.iter().any(|&p| is(Some(p)))),
            );
            set(const { feature("mentions") }, (1.0 + mentions as f32).ln());
            let turns = before
                .iter()
                .filter(|turn| spoke(Some(turn), &speaker))
                .count();
            set(const { feature("turns") }, (1.0 + turns as f32).ln());
            let narrator = matches!(&speaker, Speaker::Described(name, _) if name == NARRATOR);
            set(const { feature("narrator") }, flag(narrator));
            set(
                const { feature("described") },
                flag(matches!(speaker, Speaker::Described(..)) && !narrator),
            );
            (speaker, f)
        })
        .collect()
}
