//! Sieves 9 and 11, `ranked_turn` and `ranked_epithet`: a dialogue turn with no
//! tag, or one whose tag is an epithet no earlier sieve could resolve, is spoken by
//! the person the [turn ranker](crate::voices::ranker) finds most probable among
//! those who may speak it (for a turn whose paragraph goes on with `he` or `she`,
//! among those of that gender). The untagged turns are decided together, on the
//! most probable of a beam of paths through the dialogue.

use super::dialogue::{addressee, breaks_scene, is_turn, listener, speech_in};
use super::{
    Decision, Sieve, Speaker, State, is_passing_description, name, speaker_gender, unresolved_tag,
};
use crate::clean::ParagraphKind;
use crate::voices::ranker::{FEATURE_COUNT, FEATURES, Features, TurnExample, feature};
use crate::voices::{Context, Gender, NARRATOR, Quote, tags};
use std::cmp::Ordering;
use std::rc::Rc;

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
/// with no tag gets one of the people who spoke the turns of its scene or were
/// named in the narration before it: the one the most probable path through the
/// dialogue's untagged turns gives it (see `decide_together`), with the ranker's
/// probability for it on that path as its confidence and the features it rests on
/// as its evidence.
pub(super) struct RankedTurn;

impl Sieve for RankedTurn {
    fn name(&self) -> &'static str {
        "ranked_turn"
    }

    /// The turns of a dialogue are decided together: a beam of the
    /// [`BEAM_WIDTH`] most probable paths through them (each turn's probability
    /// given the speakers the path gave the turns before it), so that a turn the
    /// ranker is sure of can correct the uncertain turns before it instead of
    /// following them out of phase.
    fn decide_together(
        &self,
        state: &mut State,
        quotes: &[Quote],
    ) -> Option<Vec<(usize, Decision)>> {
        if !state.dialogue() {
            return Some(Vec::new());
        }
        let mut beam = vec![Path::default()];
        for index in 0..quotes.len() {
            if state.speakers[index].is_some() || !is_turn(state, quotes, index) {
                continue;
            }
            let paragraph = quotes[index].paragraph;
            let surroundings = Surroundings::of(state, quotes, index);
            // `“Frightened, Adela?” He released her hand.`: the narration that goes
            // on in the turn's paragraph is about its speaker.
            let goes_on_with = pronoun_after(state.context, &quotes[index]);
            // Only the speakers of the turns of this scene make the paths' futures
            // differ (a later turn reads no further back than this one): of paths
            // that agree on them, only the most probable goes on.
            let mut scene: Vec<usize> = (surroundings.scene.before.iter())
                .map(|turn| turn.paragraph)
                .collect();
            beam = distinct(beam, &scene, BEAM_WIDTH);
            let mut extended: Vec<Path> = Vec::with_capacity(beam.len() * BEAM_WIDTH);
            for path in &beam {
                path.set(state, paragraph, true);
                let choices = choices(state, quotes, &surroundings, goes_on_with);
                path.set(state, paragraph, false);
                let Some(choices) = choices else {
                    extended.push(path.clone());
                    continue;
                };
                for ranked in choices.ranked {
                    extended.push(Path {
                        log_probability: path.log_probability + ranked.probability.ln(),
                        last: Some(Rc::new(Step {
                            quote: index,
                            paragraph,
                            ranked,
                            goes_on_with: goes_on_with.map(|(pronoun, _)| pronoun),
                            example: choices.example.clone(),
                            before: path.last.clone(),
                        })),
                    });
                }
            }
            extended.sort_by(|a, b| b.log_probability.total_cmp(&a.log_probability));
            if let Some(best) = extended.first().map(|path| path.log_probability) {
                extended.retain(|path| path.log_probability >= best - PATH_MARGIN);
            }
            scene.push(paragraph);
            beam = distinct(extended, &scene, BEAM_WIDTH);
        }
        let Some(best) = beam.first() else {
            return Some(Vec::new());
        };
        let mut steps: Vec<&Step> = best.steps().collect();
        steps.reverse();
        let mut decisions = Vec::with_capacity(steps.len());
        for step in steps {
            if let (Some(examples), Some(example)) = (&mut state.examples, &step.example) {
                examples.push(example.clone());
            }
            let ranked = &step.ranked;
            let of_gender = step.goes_on_with.map_or(String::new(), |pronoun| {
                format!(", of the gender of the `{pronoun}` the narration goes on with")
            });
            let evidence = format!(
                "the most probable of {} who may speak{of_gender} (p = {:.2}): {}",
                ranked.candidates,
                ranked.probability,
                ranked.reasons(state)
            );
            decisions.push((step.quote, ranked.clone().decision(evidence)));
        }
        Some(decisions)
    }
}

/// How many paths through the turns of a dialogue [`RankedTurn`] keeps: chosen on
/// the twelve PDNC dev novels, where 2, 3, 4, 6 and 8 paths give 79.0%, 79.2%,
/// 79.4%, 79.2% and 79.3% of the speakers right (README, *The beam*).
const BEAM_WIDTH: usize = 4;

/// A path less probable than the best by this much (in log probability: e² ≈ 7.4
/// times less probable) leaves the beam. On the twelve novels and the news no
/// attribution changes with it (nor with 4, 7 or 10), while 1 changes some; the
/// stage runs about 2% fewer instructions.
const PATH_MARGIN: f64 = 2.0;

/// What the ranker says of one turn.
struct Choices {
    /// The [`BEAM_WIDTH`] most probable candidates, most probable first.
    ranked: Vec<Ranked>,
    /// The turn as recorded for training, when recording.
    example: Option<TurnExample>,
}

/// The candidates for the turn of `surroundings` ranked (among those of the
/// gender of the pronoun the narration `goes_on_with`, if any is), or None when no
/// one may speak it.
fn choices(
    state: &State,
    quotes: &[Quote],
    surroundings: &Surroundings,
    goes_on_with: Option<(&str, Gender)>,
) -> Option<Choices> {
    let mut candidates = surroundings.candidates(state, quotes, None);
    if let Some((_, gender)) = goes_on_with {
        let of_gender = |(speaker, _): &(Speaker, Features)| {
            speaker_gender(state.people, speaker) == Some(gender)
        };
        if candidates.iter().any(of_gender) {
            candidates.retain(of_gender);
        }
    }
    if candidates.is_empty() {
        return None;
    }
    let example = state.examples.as_ref().map(|_| TurnExample {
        quote: surroundings.quote,
        candidates: candidates
            .iter()
            .map(|(speaker, features)| (name(state.people, speaker).unwrap_or_default(), *features))
            .collect(),
    });
    Some(Choices {
        ranked: most_probable(state, candidates, BEAM_WIDTH),
        example,
    })
}

/// A path through the turns of a dialogue: the speakers it gave them, newest first.
#[derive(Clone, Default)]
struct Path<'a> {
    log_probability: f64,
    last: Option<Rc<Step<'a>>>,
}

/// One turn of a [`Path`].
struct Step<'a> {
    quote: usize,
    paragraph: usize,
    ranked: Ranked,
    /// The `He` or `she` the narration goes on with, when there is one.
    goes_on_with: Option<&'a str>,
    example: Option<TurnExample>,
    before: Option<Rc<Step<'a>>>,
}

impl Drop for Step<'_> {
    /// Frees the steps before it that no other path shares one after the other:
    /// dropped by recursion, the chain of a book's turns would overflow the stack.
    fn drop(&mut self) {
        let mut before = self.before.take();
        while let Some(step) = before {
            match Rc::try_unwrap(step) {
                Ok(mut step) => before = step.before.take(),
                Err(_) => break,
            }
        }
    }
}

impl Path<'_> {
    /// The path's turns, the last first.
    fn steps(&self) -> impl Iterator<Item = &Step<'_>> {
        std::iter::successors(self.last.as_deref(), |step| step.before.as_deref())
    }

    /// The path's turns within [`TURN_REACH`] paragraphs before `paragraph`: those
    /// the features of a turn there read.
    fn within_reach(&self, paragraph: usize) -> impl Iterator<Item = &Step<'_>> {
        let first = paragraph.saturating_sub(TURN_REACH);
        self.steps().take_while(move |step| step.paragraph >= first)
    }

    /// Gives the turns within reach of `paragraph` the path's speakers (`on`), or
    /// takes them back.
    fn set(&self, state: &mut State, paragraph: usize, on: bool) {
        for step in self.within_reach(paragraph) {
            state.speakers[step.quote] = on.then(|| step.ranked.speaker.clone().settled());
        }
    }

    /// The speaker the path gave the turn in `paragraph`, if it decided it.
    fn speaker_in(&self, paragraph: usize) -> Option<&Speaker> {
        self.steps()
            .take_while(|step| step.paragraph >= paragraph)
            .find(|step| step.paragraph == paragraph)
            .map(|step| &step.ranked.speaker)
    }
}

/// The most probable of `paths` (most probable first), up to `width` of them, that
/// differ in the speakers they gave the turns in `paragraphs`.
fn distinct<'a>(paths: Vec<Path<'a>>, paragraphs: &[usize], width: usize) -> Vec<Path<'a>> {
    let mut kept: Vec<Path> = Vec::with_capacity(width);
    for path in paths {
        if kept.len() == width {
            break;
        }
        let same = |other: &Path| {
            (paragraphs.iter())
                .all(|&paragraph| other.speaker_in(paragraph) == path.speaker_in(paragraph))
        };
        if !kept.iter().any(same) {
            kept.push(path);
        }
    }
    kept
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

/// A candidate and the ranker's probability for it.
#[derive(Clone)]
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
    most_probable(state, candidates, 1).into_iter().next()
}

/// The `keep` most probable candidates by the ranker, most probable first; of
/// equals, the first gathered.
fn most_probable(
    state: &State,
    mut candidates: Vec<(Speaker, Features)>,
    keep: usize,
) -> Vec<Ranked> {
    let probabilities = state
        .ranker
        .probabilities(candidates.iter().map(|(_, features)| features));
    let count = candidates.len();
    let mut ranked = Vec::with_capacity(keep.min(count));
    let mut last = None;
    while ranked.len() < keep
        && let Some(position) = next_highest(&probabilities, last)
    {
        last = Some(position);
        let (speaker, features) = &mut candidates[position];
        ranked.push(Ranked {
            speaker: std::mem::replace(speaker, Speaker::None),
            probability: probabilities[position],
            candidates: count,
            features: *features,
        });
    }
    ranked
}

/// The position of the highest of `probabilities` after position `last` in their
/// order: highest first and, of equals, the first (as a stable sort would order
/// them; with NaN too, as the order is total). A few of a few candidates are
/// asked for: a scan for each, with nothing sorted or allocated.
fn next_highest(probabilities: &[f64], last: Option<usize>) -> Option<usize> {
    let ranks_before = |a: usize, b: usize| match probabilities[a].total_cmp(&probabilities[b]) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => a < b,
    };
    let mut best = None;
    for position in 0..probabilities.len() {
        if last.is_some_and(|last| !ranks_before(last, position)) {
            continue;
        }
        if best.is_none_or(|best| ranks_before(position, best)) {
            best = Some(position);
        }
    }
    best
}

/// A turn of the scene: its first quotation of speech and its paragraph.
#[derive(Clone, Copy)]
struct Turn {
    quote: usize,
    paragraph: usize,
}

impl Turn {
    /// Its speaker, when a sieve (or the path being weighed) has decided one.
    fn speaker<'a>(&self, state: &'a State, quotes: &[Quote]) -> Option<&'a Speaker> {
        speech_in(state, quotes, self.paragraph).find_map(|quote| {
            state.speakers[quote]
                .as_ref()
                .filter(|speaker| match speaker {
                    Speaker::Person(_) => true,
                    Speaker::Described(name, _) => !is_passing_description(name),
                    _ => false,
                })
        })
    }
}

/// What a paragraph is to the scene around it.
enum Content {
    Turn(Turn),
    Narration {
        long: bool,
    },
    /// A heading, a block, verse: the scene ends.
    Other,
}

fn content(state: &State, quotes: &[Quote], paragraph: usize) -> Content {
    if let Some(quote) = speech_in(state, quotes, paragraph).next() {
        return Content::Turn(Turn { quote, paragraph });
    }
    if state.context.paragraphs[paragraph].kind != ParagraphKind::Prose {
        return Content::Other;
    }
    Content::Narration {
        long: breaks_scene(state, paragraph),
    }
}

/// The scene around a turn.
struct Scene {
    /// Its turns before the turn (nearest first) and after it.
    before: Vec<Turn>,
    after: Vec<Turn>,
    /// Its short paragraphs of narration before the turn.
    narration: Vec<usize>,
}

/// The scene around `paragraph`: up to [`TURN_REACH`] paragraphs each way, ending
/// at a long paragraph of narration or a heading.
fn scene(state: &State, quotes: &[Quote], paragraph: usize) -> Scene {
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
                .find(|mention| !mention.qualifies && mention.someone)
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
    Surroundings::of(state, quotes, index).candidates(state, quotes, also)
}

/// What the candidates for a turn are read from that does not depend on who spoke
/// the turns before it (which the paths through the dialogue decide): read once for
/// a turn, however many paths ask who may speak it.
struct Surroundings {
    quote: usize,
    paragraph: usize,
    scene: Scene,
    /// Each person the narration names in the [`MENTION_REACH`] paragraphs before the
    /// turn: how often, and whether since the last turn.
    named: Vec<(usize, u32, bool)>,
    last_named: Option<usize>,
    named_in_scene: Vec<usize>,
    /// The people named by the narration after the turn in its paragraph.
    named_after: Vec<usize>,
    /// The people the turn names.
    named_inside: Vec<usize>,
    /// Whom the turn and the last turn call by name.
    called_by_this: Option<usize>,
    called_by_last: Option<usize>,
    /// True when the first-person narrator is in the scene.
    narrator_present: bool,
    /// The speakers of the scene's turns after the turn, and whom the next turn
    /// calls by name or is said to. No path through the dialogue has reached those
    /// turns yet; and the `him` of the next turn's tag (`said Adela to him`) goes
    /// back to a person or to a description whose own tag decided it, never to an
    /// untagged turn a path decides (sieves 3 and 6 decide every tagged quotation
    /// before the paths run). So they are read once, not once per path.
    spoke_after: Vec<Option<Speaker>>,
    spoken_to_by_next: Vec<Speaker>,
    /// The people the narration names (`named`, then `named_after`), each once,
    /// with the features the narration gives them.
    named_candidates: Vec<(Speaker, Features)>,
}

impl Surroundings {
    fn of(state: &State, quotes: &[Quote], index: usize) -> Self {
        let context = state.context;
        let quote = &quotes[index];
        let scene = scene(state, quotes, quote.paragraph);
        // The narration before the turn: from MENTION_REACH paragraphs back to the turn.
        let quote_start = context.token_at(quote.outer.start);
        let reach_start = context
            .paragraph_tokens(quote.paragraph.saturating_sub(MENTION_REACH))
            .start;
        let since_last_turn = scene
            .before
            .first()
            .map_or(0, |turn| context.paragraph_tokens(turn.paragraph).end);
        let narrated = state.narrated_in(reach_start..quote_start);
        let mut named: Vec<(usize, u32, bool)> = Vec::with_capacity(narrated.len());
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
        // Each person once: every candidate of every path asks of these.
        let once = |mut persons: Vec<usize>| {
            persons.sort_unstable();
            persons.dedup();
            persons
        };
        let named_in_scene = once(
            scene
                .narration
                .iter()
                .flat_map(|&paragraph| state.narrated_in(context.paragraph_tokens(paragraph)))
                .filter(|mention| !mention.qualifies)
                .map(|mention| mention.person)
                .collect(),
        );
        let paragraph_end = context.paragraph_tokens(quote.paragraph).end;
        let named_after: Vec<usize> = state
            .narrated_in(context.token_at(quote.outer.end)..paragraph_end)
            .iter()
            .filter(|mention| mention.someone)
            .map(|mention| mention.person)
            .collect();
        let named_inside = once(
            state
                .people
                .mentions_in(context.tokens_in(quote.outer.clone()))
                .iter()
                .map(|mention| mention.person)
                .collect(),
        );
        // The narrator of a story told in the first person is in every scene whose
        // narration says `I` (the scene's reach of paragraphs back).
        let narrator_present = state.narrator.is_some()
            && state.narrated_by_i[quote.paragraph.saturating_sub(TURN_REACH)..=quote.paragraph]
                .contains(&true);
        let spoke_after: Vec<Option<Speaker>> = (scene.after.iter())
            .map(|turn| turn.speaker(state, quotes).cloned())
            .collect();
        let called_by_next = scene
            .after
            .first()
            .and_then(|turn| addressee(state, quotes, turn.quote));
        let spoken_to_by_next = spoken_to(
            state,
            scene.after.first(),
            spoke_after.first().and_then(Option::as_ref),
            called_by_next,
        );
        let mut surroundings = Surroundings {
            quote: index,
            paragraph: quote.paragraph,
            last_named: last_named(state, quotes, quote.paragraph),
            called_by_this: addressee(state, quotes, index),
            called_by_last: scene
                .before
                .first()
                .and_then(|turn| addressee(state, quotes, turn.quote)),
            scene,
            named,
            named_in_scene,
            named_after,
            named_inside,
            narrator_present,
            spoke_after,
            spoken_to_by_next,
            named_candidates: Vec::new(),
        };
        // Read once, however many paths through the dialogue ask who may speak.
        let mut named_candidates: Vec<(Speaker, Features)> =
            Vec::with_capacity(surroundings.named.len() + surroundings.named_after.len());
        let named_people = (surroundings.named.iter().map(|&(person, _, _)| person))
            .chain(surroundings.named_after.iter().copied());
        for speaker in named_people.map(Speaker::Person) {
            if !named_candidates.iter().any(|(known, _)| *known == speaker) {
                let features = surroundings.features_of_narration(&speaker);
                named_candidates.push((speaker, features));
            }
        }
        surroundings.named_candidates = named_candidates;
        surroundings
    }

    /// The people who may speak the turn, each with their features, given the
    /// speakers the turns before it have now: those who spoke the turns around it
    /// or were spoken to in them, then those the narration names (`named`), then
    /// `also`, then the narrator when present.
    fn candidates(
        &self,
        state: &State,
        quotes: &[Quote],
        also: Option<&Speaker>,
    ) -> Vec<(Speaker, Features)> {
        let before = &self.scene.before;
        let spoke_before: Vec<Option<&Speaker>> = (before.iter())
            .map(|turn| turn.speaker(state, quotes))
            .collect();
        let called_by_last = spoken_to(
            state,
            before.first(),
            spoke_before.first().copied().flatten(),
            self.called_by_last,
        );

        // Those the turns around make candidates, with all their features.
        let mut candidates: Vec<(Speaker, Features)> = Vec::with_capacity(
            spoke_before.len()
                + self.spoke_after.len()
                + called_by_last.len()
                + self.spoken_to_by_next.len()
                + self.named_candidates.len()
                + 2,
        );
        let spoken = Spoken {
            before: &spoke_before,
            after: &self.spoke_after,
            called_by_last: &called_by_last,
            called_by_next: &self.spoken_to_by_next,
        };
        let around = (spoke_before.iter().copied().flatten())
            .chain(self.spoke_after.iter().flatten())
            .chain(called_by_last.iter().chain(&self.spoken_to_by_next));
        for speaker in around {
            if candidates.iter().any(|(known, _)| known == speaker) {
                continue;
            }
            let mut features = self.features_of_narration(speaker);
            self.set_features_of_turns(&mut features, &spoken, speaker);
            candidates.push((speaker.clone(), features));
        }
        // The others took no part in the turns around: their features of the turns
        // are all nought, and those of the narration were read once for every path.
        let turns_around = candidates.len();
        for (speaker, features) in &self.named_candidates {
            if !candidates[..turns_around]
                .iter()
                .any(|(known, _)| known == speaker)
            {
                candidates.push((speaker.clone(), *features));
            }
        }
        let narrator = state.narrator.as_ref().filter(|_| self.narrator_present);
        for speaker in also.into_iter().chain(narrator) {
            if !candidates.iter().any(|(known, _)| known == speaker) {
                candidates.push((speaker.clone(), self.features_of_narration(speaker)));
            }
        }
        candidates
    }

    /// The features of `speaker` that do not depend on who spoke the turns around
    /// the turn: what the narration and the turn itself say of them.
    fn features_of_narration(&self, speaker: &Speaker) -> Features {
        let person = match speaker {
            Speaker::Person(person) => Some(*person),
            _ => None,
        };
        let is = |other: Option<usize>| person.is_some() && other == person;
        let mut f = [0.0f32; FEATURE_COUNT];
        let mut set = |position: usize, value: f32| f[position] = value;
        let flag = |value: bool| f32::from(u8::from(value));
        set(
            const { feature("called_by_this_turn") },
            flag(is(self.called_by_this)),
        );
        set(
            const { feature("named_in_this_turn") },
            flag(self.named_inside.iter().any(|&p| is(Some(p)))),
        );
        let (mentions, named_since) = self
            .named
            .iter()
            .find(|&&(p, _, _)| is(Some(p)))
            .map_or((0, false), |&(_, count, since)| (count, since));
        set(
            const { feature("named_since_last_turn") },
            flag(named_since),
        );
        set(
            const { feature("named_in_scene") },
            flag(self.named_in_scene.iter().any(|&p| is(Some(p)))),
        );
        set(const { feature("last_named") }, flag(is(self.last_named)));
        set(
            const { feature("named_after_in_paragraph") },
            flag(self.named_after.iter().any(|&p| is(Some(p)))),
        );
        set(const { feature("mentions") }, (1.0 + mentions as f32).ln());
        let narrator = matches!(speaker, Speaker::Described(name, _) if name == NARRATOR);
        set(const { feature("narrator") }, flag(narrator));
        set(
            const { feature("described") },
            flag(matches!(speaker, Speaker::Described(..)) && !narrator),
        );
        f
    }

    /// Sets the features of `speaker` that the speakers of the turns around the
    /// turn give.
    fn set_features_of_turns(&self, f: &mut Features, spoken: &Spoken, speaker: &Speaker) {
        let before = &self.scene.before;
        let mut set = |position: usize, value: f32| f[position] = value;
        let flag = |value: bool| f32::from(u8::from(value));
        let spoke = |spoken: Option<Option<&Speaker>>| spoken == Some(Some(speaker));
        let adjacent = before.len() >= 2
            && before[0].paragraph + 1 == self.paragraph
            && before[1].paragraph + 2 == self.paragraph;
        let spoke_last = spoke(spoken.before.first().copied());
        let spoke_before_last = spoke(spoken.before.get(1).copied());
        set(const { feature("last_turn") }, flag(spoke_last));
        set(
            const { feature("last_turn_adjacent") },
            flag(spoke_last && before[0].paragraph + 1 == self.paragraph),
        );
        set(
            const { feature("turn_before_last") },
            flag(spoke_before_last),
        );
        set(
            const { feature("turn_before_last_adjacent") },
            flag(adjacent && spoke_before_last),
        );
        set(
            const { feature("earlier_turn") },
            flag(
                spoken
                    .before
                    .iter()
                    .skip(2)
                    .take(3)
                    .any(|&turn| spoke(Some(turn))),
            ),
        );
        set(
            const { feature("next_turn") },
            flag(spoke(spoken.after.first().map(Option::as_ref))),
        );
        set(
            const { feature("turn_after_next") },
            flag(spoke(spoken.after.get(1).map(Option::as_ref))),
        );
        set(
            const { feature("called_by_last_turn") },
            flag(spoken.called_by_last.contains(speaker)),
        );
        set(
            const { feature("called_by_next_turn") },
            flag(spoken.called_by_next.contains(speaker)),
        );
        let turns = spoken
            .before
            .iter()
            .filter(|&&turn| spoke(Some(turn)))
            .count();
        set(const { feature("turns") }, (1.0 + turns as f32).ln());
    }
}

/// Whom a turn calls by name (`called`), and whom its tag says it is said to.
fn spoken_to(
    state: &State,
    turn: Option<&Turn>,
    speaker: Option<&Speaker>,
    called: Option<usize>,
) -> Vec<Speaker> {
    let mut spoken_to: Vec<Speaker> = called.map(Speaker::Person).into_iter().collect();
    if let (Some(turn), Some(speaker)) = (turn, speaker)
        && let Some((listener, _)) = listener(state, turn.quote, speaker)
    {
        spoken_to.push(listener);
    }
    spoken_to
}

/// Who spoke the turns around a turn, and to whom.
struct Spoken<'a, 'b> {
    /// The speakers of the turns before it (nearest first) and after it.
    before: &'b [Option<&'a Speaker>],
    after: &'b [Option<Speaker>],
    /// Whom the last turn and the next turn call by name or are said to.
    called_by_last: &'b [Speaker],
    called_by_next: &'b [Speaker],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_probable_come_first_and_equals_in_the_order_gathered() {
        let order = |probabilities: &[f64]| -> Vec<usize> {
            std::iter::successors(next_highest(probabilities, None), |&last| {
                next_highest(probabilities, Some(last))
            })
            .collect()
        };
        assert_eq!(order(&[0.2, 0.3, 0.2, 0.3]), [1, 3, 0, 2]);
        assert_eq!(order(&[]), Vec::<usize>::new());
        // A broken ranker's NaN still gives each candidate once.
        let mut broken = order(&[f64::NAN, -f64::NAN, f64::NEG_INFINITY]);
        broken.sort_unstable();
        assert_eq!(broken, [0, 1, 2]);
    }

    /// A book's path through its dialogue holds one step per turn: a hundred
    /// thousand in a long file. Freeing it must not take a stack frame per step
    /// (a test thread's stack is 2 MiB).
    #[test]
    fn a_long_path_is_freed_without_overflowing_the_stack() {
        let mut path = Path::default();
        for quote in 0..200_000 {
            path.last = Some(Rc::new(Step {
                quote,
                paragraph: quote,
                ranked: Ranked {
                    speaker: Speaker::Person(quote % 2),
                    probability: 0.5,
                    candidates: 2,
                    features: [0.0; FEATURE_COUNT],
                },
                goes_on_with: None,
                example: None,
                before: path.last.take(),
            }));
        }
        assert_eq!(path.speaker_in(199_999), Some(&Speaker::Person(1)));
        drop(path);
    }
}
