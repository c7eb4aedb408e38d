//! The attribution sieves, most precise first. Each sieve looks at the quotations
//! that no earlier sieve has decided and may decide one: give it a speaker (or none,
//! with the reason), or call it a mention. Every decision records the sieve's name as
//! its `rule`, a confidence and the words it rests on. What no sieve decides stays
//! `unattributed`: no speaker is guessed without evidence.
//!
//! This module holds what the sieves share: the [`Sieve`] trait, the ordered list
//! [`SIEVES`], the driver [`attribute`] and the types a decision is made of. Each
//! sieve has its own file; [`dialogue`] reads who takes part in a dialogue and
//! [`resolution`] finds the person a pronoun, relative or epithet stands for.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::hashing::FastMap as HashMap;

use super::calibration::Calibration;
use super::people::People;
use super::ranker::{Ranker, TurnExample};
use super::tags::{self, Subject, Tag};
use super::{Context, Gender, Quote, QuoteKind, Situation};

mod actor;
mod continuation;
mod dialogue;
mod distant_tag;
mod epigraph;
mod exchange;
mod label_line;
mod lead_in;
mod mention;
mod pronoun;
mod ranked_turn;
mod recurring_epithet;
mod resolution;
mod source_goes_on;
mod speech_tag;

use actor::Actor;
use continuation::Continuation;
use dialogue::addressee;
use distant_tag::DistantTag;
use epigraph::Epigraph;
use exchange::Exchange;
use label_line::LabelLine;
use lead_in::LeadIn;
use mention::{Echoes, Mention};
use pronoun::Pronoun;
use ranked_turn::{RankedEpithet, RankedTurn};
use recurring_epithet::{Recurring, RecurringEpithet};
use source_goes_on::SourceGoesOn;
use speech_tag::SpeechTag;

pub const UNATTRIBUTED_RULE: &str = "unattributed";

/// Who an attribution names.
#[derive(Clone, Debug, PartialEq)]
enum Speaker {
    Person(usize),
    Described(String, Gender),
    /// A relative or an epithet the book does not tie to a named person (`her
    /// father`, `the girl`): someone takes part in the dialogue, but no voice of
    /// their own is made of the words; the quotation stays unattributed, its
    /// evidence saying `unresolved: …`.
    Unresolved(String, Gender),
    None,
}

impl Speaker {
    /// A description that stands for a named character the sieves could not find
    /// (`the girl`, `her young man`: an epithet noun after `the` or a possessive)
    /// is unresolved rather than a voice of its own. Descriptions of roles (`the
    /// chief procurator of the Bamlag camp`) and indefinite ones (`a boy`, someone
    /// the book introduces without a name) stay voices.
    fn settled(self) -> Speaker {
        match self {
            Speaker::Described(name, gender) if stands_for_someone(&name).is_some() => {
                Speaker::Unresolved(name, gender)
            }
            other => other,
        }
    }
}

/// A description that stands for a character the book names: how it refers.
#[derive(Clone, Copy, PartialEq)]
enum StandsFor {
    /// `the girl`, `the old gentleman`, `her young man`: refers as a pronoun of its
    /// gender does. `after_the`: it opens with `the`.
    Epithet { after_the: bool },
    /// `her uncle`, `his mother`: a relative of the one the possessive names.
    Relative,
}

/// How `description` stands for a named character, if it does.
fn stands_for_someone(description: &str) -> Option<StandsFor> {
    // Asked of every description a path through a dialogue gives a turn: no new
    // string when the description is already ASCII lower case and spaces.
    let lower = if description
        .bytes()
        .any(|byte| !byte.is_ascii_lowercase() && byte != b' ')
    {
        Cow::Owned(description.to_lowercase())
    } else {
        Cow::Borrowed(description)
    };
    let (first, _) = lower.split_once(' ')?;
    let noun = lower.rsplit(' ').next().unwrap_or_default();
    let possessive = matches!(first, "his" | "her" | "their");
    if !possessive && !matches!(first, "the" | "this" | "that") {
        return None;
    }
    if super::lists::is_epithet_noun(noun) {
        Some(StandsFor::Epithet {
            after_the: first == "the",
        })
    } else if possessive && super::lists::is_kinship_noun(noun) {
        Some(StandsFor::Relative)
    } else {
        None
    }
}

/// True for a description a tag gives in passing, after its verb (`said the
/// surgeon`, `said the whelp`): `the` and a noun in lower case that no list holds
/// as a person's or an epithet's. It names the speaker of its own quotation, but
/// takes no untagged turn: the character it stands for may be named otherwise
/// elsewhere.
pub(super) fn is_passing_description(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("the ") else {
        return false;
    };
    let noun = rest.rsplit([' ', '-']).next().unwrap_or(rest);
    let lower = noun.to_lowercase();
    noun.starts_with(char::is_lowercase)
        && super::lists::word_facts(&lower).person_noun.is_none()
        && !super::lists::is_epithet_noun(&lower)
}

/// What a sieve decides about one quotation.
struct Decision {
    speaker: Speaker,
    /// Which of the sieve's cases decided (`answers_who_was_called`): with the rule,
    /// the key of the calibrated confidence.
    situation: &'static str,
    /// The sieve's own confidence, kept where the calibration has not seen the rule.
    confidence: f32,
    evidence: String,
    mention: bool,
    echo_of: Option<usize>,
}

impl Decision {
    fn speaker(speaker: Speaker, confidence: f32, evidence: String) -> Self {
        Decision {
            speaker,
            situation: "",
            confidence,
            evidence,
            mention: false,
            echo_of: None,
        }
    }

    fn in_situation(self, situation: &'static str) -> Self {
        Decision { situation, ..self }
    }
}

/// The tags found next to one quotation.
#[derive(Default)]
struct Tags {
    adjacent: Option<Tag>,
    distant: Option<Tag>,
}

/// What the sieves read and share.
struct State<'a, 'b> {
    context: &'a Context<'b>,
    people: &'a People,
    tags: Vec<Tags>,
    /// Pronouns already resolved (token → speaker), so a later `He spoke for many`
    /// can follow an earlier `“No,” he said`.
    resolved: BTreeMap<usize, Speaker>,
    /// The decision on each quotation so far: None until a sieve decides it.
    speakers: Vec<Option<Speaker>>,
    echoes: Echoes,
    /// How the text quotes: in a dialogue, or reporting, or too short to tell.
    reading: Reading,
    /// True when the text writes as the press does (see [`press_words`]).
    press: bool,
    ranker: &'a Ranker,
    /// How many words each paragraph has, and its quotations (indices into the
    /// quotations, which are in order of paragraph): what the sieves that read
    /// dialogue ask of every paragraph around a turn.
    paragraph_words: Vec<u32>,
    paragraph_quotes: Vec<std::ops::Range<usize>>,
    /// The person each quotation calls by name (see [`dialogue::addressee`]), found
    /// when first asked: the dialogue sieves ask it of every turn around each turn.
    addressees: Vec<std::cell::OnceCell<Option<usize>>>,
    /// The first-person narrator, when the tags make the text a story told in the
    /// first person (see [`first_person_narrator`]).
    narrator: Option<Speaker>,
    /// Per paragraph, true when its narration speaks in the first person (`I`
    /// outside quotations): where the narrator is present. Empty without one.
    narrated_by_i: Vec<bool>,
    /// The mentions of the narration (outside quotations), in text order: what the
    /// dialogue sieves read in the paragraphs around every turn.
    narrated: Vec<Narrated>,
    /// The turns the ranker decided, with their candidates, when recording them
    /// for training.
    examples: Option<Vec<TurnExample>>,
    /// The epithets the book's tags give one character again and again (see
    /// [`recurring_epithet`]), read once every other sieve has run.
    recurring_epithets: Option<HashMap<String, Recurring>>,
}

/// A mention in the narration (outside quotations).
#[derive(Clone, Copy)]
struct Narrated {
    /// Its first token.
    token: usize,
    person: usize,
    /// True when the name only qualifies a noun (see `Mention::qualifies`).
    qualifies: bool,
    /// True when the book shows its person is someone (see `Person::is_someone`).
    someone: bool,
}

/// How many quotations the tags must give the narrator (`I said`) for a text to be
/// a story told in the first person, whose narrator takes part in every dialogue.
const FIRST_PERSON_TURNS: usize = 5;

impl State<'_, '_> {
    /// The narration's mentions whose first token is in `tokens`.
    fn narrated_in(&self, tokens: std::ops::Range<usize>) -> &[Narrated] {
        let start = self.narrated.partition_point(|m| m.token < tokens.start);
        let end = self.narrated.partition_point(|m| m.token < tokens.end);
        &self.narrated[start..end.max(start)]
    }
}

/// The narrator of a story told in the first person: there is one when
/// [`FIRST_PERSON_TURNS`] tags or more have `I` for their subject (`I said`). Read from
/// the tags, which are all found before any sieve runs, so every sieve that asks
/// gets the same answer.
fn first_person_narrator(tags: &[Tags]) -> Option<Speaker> {
    let told = tags
        .iter()
        .flat_map(|tags| tags.adjacent.iter().chain(&tags.distant))
        .filter(|tag| matches!(&tag.subject, Subject::Described { name, .. } if name == super::NARRATOR))
        .count();
    (told >= FIRST_PERSON_TURNS)
        .then(|| Speaker::Described(super::NARRATOR.to_string(), Gender::Unknown))
}

/// Per paragraph, true when its narration (outside quotations) says `I`: in a
/// story told in the first person, the scenes the narrator is in. A frame told in
/// the first person around stories told in the third (*Winnie-the-Pooh*) has the
/// narrator in the frame only. Empty when the text has no narrator.
fn narrated_by_i(context: &Context, narrator: bool) -> Vec<bool> {
    if !narrator {
        return Vec::new();
    }
    let mut by_i = vec![false; context.paragraphs.len()];
    if let Some(i) = context.form_id("i") {
        for token in 0..context.token_count() {
            if context.form(token) == i && context.at_level(token, None) {
                by_i[context.paragraph_of(token)] = true;
            }
        }
    }
    by_i
}

/// One attribution rule: a small named type, registered in [`SIEVES`].
trait Sieve: Sync {
    /// The sieve's rule name, recorded on every quotation it decides; one per sieve.
    fn name(&self) -> &'static str;
    /// True for a sieve that looks at the quotations from the last to the first.
    fn backwards(&self) -> bool {
        false
    }
    /// True for a sieve that decides from a speech tag found by the quotation, next
    /// to it or earlier in its clause. A nested quotation's tag is a cue inside the
    /// outer quotation, so what such a sieve decides for one is a `nested_cue`.
    fn reads_a_tag(&self) -> bool {
        false
    }
    /// True for a sieve that may decide again a quotation an earlier sieve left
    /// unresolved (`said the girl`), as well as the undecided ones.
    fn revisits_unresolved(&self) -> bool {
        false
    }
    /// Decides quotation `index`, which no sieve has decided yet, or passes it by.
    /// Every sieve implements this or [`Sieve::decide_together`].
    fn decide(&self, _state: &mut State, _quotes: &[Quote], _index: usize) -> Option<Decision> {
        None
    }
    /// Decides together the quotations no sieve has decided yet that it can (each
    /// choice weighed with the choices around it, not only those before it), or
    /// returns None to be asked one quotation at a time by [`Sieve::decide`].
    fn decide_together(
        &self,
        _state: &mut State,
        _quotes: &[Quote],
    ) -> Option<Vec<(usize, Decision)>> {
        None
    }
}

/// The sieves in the order they run. A sieve may run more than once: each run sees
/// what the sieves before it decided. Every sieve has a rule name of its own.
const SIEVES: &[&dyn Sieve] = &[
    &Epigraph,
    &LeadIn,
    &SpeechTag,
    &LabelLine,
    &Mention,
    &Pronoun,
    &DistantTag,
    &Continuation,
    &SourceGoesOn,
    &Exchange,
    &RankedTurn,
    &Actor,
    // What the ranker and the actor decided goes on to the rest of the paragraph.
    &Continuation,
    // With every turn decided, the epithets and relatives left unresolved.
    &RankedEpithet,
    // What the book's other tags with the same epithet say, for those still unresolved.
    &RecurringEpithet,
];

/// Runs the sieves over the quotations in the order of [`SIEVES`] and records on each
/// quotation the first decision: its speaker, rule, confidence and evidence. With
/// `record`, returns the turns the ranker decided with their candidates.
pub fn attribute(
    context: &Context,
    people: &People,
    quotes: &mut [Quote],
    ranker: &Ranker,
    record: bool,
) -> Vec<TurnExample> {
    let reading = how_to_read(context, quotes);
    let press = press_words(context);
    let tags: Vec<Tags> = quotes
        .iter()
        .map(|quote| find_tags(context, people, quote, reading, press))
        .collect();
    let narrator = first_person_narrator(&tags);
    let mut state = State {
        context,
        people,
        tags,
        resolved: BTreeMap::new(),
        speakers: vec![None; quotes.len()],
        echoes: Echoes::new(context, quotes),
        reading,
        press,
        ranker,
        paragraph_words: (0..context.paragraphs.len())
            .map(|paragraph| {
                context
                    .paragraph_tokens(paragraph)
                    .filter(|&token| context.is_word(token))
                    .count() as u32
            })
            .collect(),
        paragraph_quotes: {
            let mut ranges = vec![0..0; context.paragraphs.len()];
            for (index, quote) in quotes.iter().enumerate() {
                super::grow(&mut ranges[quote.paragraph], index);
            }
            ranges
        },
        addressees: vec![std::cell::OnceCell::new(); quotes.len()],
        narrated_by_i: narrated_by_i(context, narrator.is_some()),
        narrator,
        narrated: people
            .mentions
            .iter()
            .filter(|mention| context.at_level(mention.tokens.start, None))
            .map(|mention| Narrated {
                token: mention.tokens.start,
                person: mention.person,
                qualifies: mention.qualifies(),
                someone: people.persons[mention.person].is_someone(),
            })
            .collect(),
        examples: record.then(Vec::new),
        recurring_epithets: None,
    };
    for sieve in SIEVES {
        if let Some(decisions) = sieve.decide_together(&mut state, quotes) {
            for (index, decision) in decisions {
                record_decision(&mut state, quotes, *sieve, index, decision, false);
            }
            continue;
        }
        for step in 0..quotes.len() {
            let index = if sieve.backwards() {
                quotes.len() - 1 - step
            } else {
                step
            };
            // A quotation is decided once it has a speaker entry (possibly none).
            let unresolved = matches!(state.speakers[index], Some(Speaker::Unresolved(..)));
            let revisits = unresolved && sieve.revisits_unresolved();
            if state.speakers[index].is_some() && !revisits {
                continue;
            }
            if let Some(decision) = sieve.decide(&mut state, quotes, index) {
                record_decision(&mut state, quotes, *sieve, index, decision, revisits);
            }
        }
    }
    for (index, quote) in quotes.iter_mut().enumerate() {
        if state.speakers[index].is_none() {
            quote.rule = UNATTRIBUTED_RULE;
            quote.confidence = 0.0;
        }
    }
    let narrator = name_the_narrator(&state, quotes);
    let calibration = Calibration::bundled();
    let mut situation = String::new();
    for quote in quotes.iter_mut().filter(|quote| quote.speaker.is_some()) {
        situation.clear();
        quote.situation.write_to(&mut situation);
        if let Some(confidence) = calibration.confidence(quote.rule, &situation) {
            quote.confidence = confidence;
        }
    }
    let mut examples = state.examples.unwrap_or_default();
    if let Some(narrator) = narrator {
        for (name, _) in examples.iter_mut().flat_map(|turn| &mut turn.candidates) {
            if name == super::NARRATOR {
                name.clone_from(&narrator);
            }
        }
    }
    examples
}

/// Records `sieve`'s decision on quotation `index`: its speaker, rule, confidence
/// and evidence. `revisits` when it decides again a quotation left unresolved.
fn record_decision(
    state: &mut State,
    quotes: &mut [Quote],
    sieve: &dyn Sieve,
    index: usize,
    mut decision: Decision,
    revisits: bool,
) {
    decision.speaker = decision.speaker.settled();
    if let Speaker::Unresolved(description, _) = &decision.speaker {
        // No speaker, so no confidence in one.
        decision.confidence = 0.0;
        decision.evidence = format!("unresolved: {description}; {}", decision.evidence);
    }
    let quote = &mut quotes[index];
    // A nested quotation's tag is a cue inside the outer quotation.
    let from_tag = sieve.reads_a_tag();
    quote.rule = if quote.kind == QuoteKind::Nested && from_tag && !decision.mention {
        "nested_cue"
    } else {
        sieve.name()
    };
    quote.confidence = decision.confidence;
    quote.situation = situation(decision.situation, &decision.speaker);
    if revisits {
        // The new decision restates the tag it rests on.
        quote.evidence = decision.evidence;
    } else if !quote.evidence.is_empty() && !decision.evidence.is_empty() {
        quote.evidence.push_str("; ");
        quote.evidence.push_str(&decision.evidence);
    } else if !decision.evidence.is_empty() {
        quote.evidence = decision.evidence;
    }
    quote.echo_of = decision.echo_of;
    if decision.mention {
        quote.kind = QuoteKind::Mention;
    }
    quote.speaker = name(state.people, &decision.speaker);
    state.speakers[index] = Some(decision.speaker);
}

/// How a text quotes, from its paragraphs that open with a quotation (its turns).
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    /// Turns follow turns: at least [`DIALOGUE_SHARE`] of the turns are followed by
    /// another. In the twelve PDNC novels the share is 0.66 to 0.81.
    Dialogue,
    /// Fewer than [`DIALOGUE_EVIDENCE`] turns: read as dialogue, as before the
    /// check (read as reporting, PolNeAR gained as many sources as it lost).
    ShortText,
    /// A reporter's quotation mostly followed by narration (PolNeAR's news
    /// articles: a share of 0.16 on average).
    Reporting,
}

impl State<'_, '_> {
    /// True when the text is read as dialogue (a short text too): untagged turns
    /// alternate between the people taking part. Otherwise (news, history) an
    /// untagged quotation goes on quoting the last source.
    fn dialogue(&self) -> bool {
        self.reading != Reading::Reporting
    }

    /// True where a `he said` may answer the last turn rather than name the
    /// nearest person: in a dialogue that is not the press's (see [`press_words`]).
    fn turns_answer(&self) -> bool {
        self.dialogue() && !self.press
    }
}

/// True when the text writes as the press does, however few its quotations: at
/// least [`PRESS_WORDS`] of the press's set phrases (`on Monday`, `according to`,
/// `in a statement`, `told reporters`, `percent`, `spokesman`, `Sen.`, `Gov.`,
/// `(R-Ohio)`) per 1,000 words, and two at least. A short article quotes one source
/// paragraph after paragraph, where a dialogue alternates. Of PolNeAR's 840
/// articles, 541 have them (a median of 4.5 per 1,000 words); none of the twelve
/// PDNC novels nor the 26 British novels has more than 0.31 (Pride and Prejudice's
/// `according to`).
fn press_words(context: &Context) -> bool {
    let tokens = context.token_count();
    let lower = |token: usize| {
        if token < tokens {
            context.lower(token)
        } else {
            ""
        }
    };
    // The phrase each of the document's forms opens, by form id: a word is told
    // apart by one look-up instead of a dozen comparisons of strings.
    let mut opens: Vec<Option<PressOpener>> = vec![None; context.form_count()];
    for (word, opener) in PRESS_OPENERS {
        if let Some(form) = context.form_id(word) {
            opens[form] = Some(opener);
        }
    }
    let mut words = 0usize;
    let mut cues = 0usize;
    for token in 0..tokens {
        if !context.is_word(token) {
            continue;
        }
        words += 1;
        let Some(opener) = opens[context.form(token)] else {
            continue;
        };
        let next = lower(token + 1);
        let cue = match opener {
            PressOpener::On => tags::is_weekday(next),
            PressOpener::According => next == "to",
            PressOpener::In => matches!(
                (next, lower(token + 2)),
                ("a", "statement") | ("an", "interview")
            ),
            PressOpener::Told => next == "reporters",
            PressOpener::Alone => true,
            PressOpener::Title => next == "." && context.is_capitalised(token),
            PressOpener::TitleWithStop => context.is_capitalised(token),
            PressOpener::Party => token > 0 && context.word(token - 1) == "(" && next == "-",
        };
        cues += usize::from(cue);
    }
    cues >= 2 && cues as f64 * 1000.0 >= PRESS_WORDS * words as f64
}

/// The first word of one of the press's set phrases (see [`press_words`]), by what
/// must follow it.
#[derive(Clone, Copy)]
enum PressOpener {
    /// `on Monday`
    On,
    /// `according to`
    According,
    /// `in a statement`, `in an interview`
    In,
    /// `told reporters`
    Told,
    /// `percent`, `spokesman`: a phrase of one word
    Alone,
    /// `Sen` before its full stop, capitalised
    Title,
    /// `Sen.` as one token, capitalised
    TitleWithStop,
    /// `R` or `D` in `(R-Ohio)`
    Party,
}

/// The first words of the press's set phrases.
const PRESS_OPENERS: [(&str, PressOpener); 16] = [
    ("on", PressOpener::On),
    ("according", PressOpener::According),
    ("in", PressOpener::In),
    ("told", PressOpener::Told),
    ("percent", PressOpener::Alone),
    ("spokesman", PressOpener::Alone),
    ("spokeswoman", PressOpener::Alone),
    ("spokesperson", PressOpener::Alone),
    ("sen", PressOpener::Title),
    ("rep", PressOpener::Title),
    ("gov", PressOpener::Title),
    ("sen.", PressOpener::TitleWithStop),
    ("rep.", PressOpener::TitleWithStop),
    ("gov.", PressOpener::TitleWithStop),
    ("r", PressOpener::Party),
    ("d", PressOpener::Party),
];

/// See [`press_words`]: six times the novels' highest rate, and below the rate of
/// three articles in four.
const PRESS_WORDS: f64 = 2.0;

fn how_to_read(context: &Context, quotes: &[Quote]) -> Reading {
    let opens_paragraph = |quote: &Quote| {
        quote.parent.is_none()
            && context.paragraphs[quote.paragraph].range.start == quote.outer.start
    };
    let mut turns: Vec<usize> = quotes
        .iter()
        .filter(|quote| opens_paragraph(quote))
        .map(|quote| quote.paragraph)
        .collect();
    turns.dedup();
    let followed = turns
        .windows(2)
        .filter(|pair| pair[1] == pair[0] + 1)
        .count();
    if turns.len() < DIALOGUE_EVIDENCE {
        Reading::ShortText
    } else if followed as f64 >= DIALOGUE_SHARE * turns.len() as f64 {
        Reading::Dialogue
    } else {
        Reading::Reporting
    }
}

/// See [`Reading`]: halfway between the novels' lowest share and the news'.
const DIALOGUE_SHARE: f64 = 0.4;
/// Fewer paragraphs opening with a quotation than this tell too little.
const DIALOGUE_EVIDENCE: usize = 5;

/// The situation of an attribution, the key of its calibrated confidence: the
/// sieve's case and whether it names the first-person narrator. (Someone described,
/// `an officer from the Russian Federal Security Service`, counts as someone named:
/// the dev novels, whose annotations name every speaker, would score a description
/// wrong even where it is the right answer, as it is in non-fiction.)
fn situation(case: &'static str, speaker: &Speaker) -> Situation {
    let whom = match speaker {
        Speaker::Described(name, _) if name == super::NARRATOR => "narrator",
        Speaker::Unresolved(..) | Speaker::None => "none",
        _ => "someone",
    };
    Situation { case, whom }
}

/// A first-person narrator has a name when those who answer or are answered by
/// them call them by it (`"Perhaps you are right, Watson," he said`): at least
/// three times, and twice as often as any other name the narration itself seldom
/// uses (the narrator is `I` in the narration, never `Watson`). Returns the name.
fn name_the_narrator(state: &State, quotes: &mut [Quote]) -> Option<String> {
    let is_narrator = |index: usize| matches!(&state.speakers[index], Some(Speaker::Described(name, _)) if name == super::NARRATOR);
    let turns: Vec<usize> = (0..quotes.len())
        .filter(|&index| quotes[index].parent.is_none() && quotes[index].is_speech())
        .collect();
    let mut counts: HashMap<usize, usize> = HashMap::default();
    for (position, &index) in turns.iter().enumerate() {
        let next_to_narrator = [position.checked_sub(1), Some(position + 1)]
            .into_iter()
            .flatten()
            .filter_map(|neighbour| turns.get(neighbour))
            .any(|&neighbour| is_narrator(neighbour));
        if !is_narrator(index)
            && next_to_narrator
            && let Some(person) = addressee(state, quotes, index)
        {
            *counts.entry(person).or_default() += 1;
        }
    }
    // The narrator is called by name in the dialogue but never narrated about in
    // the third person: a name the narration uses (a fifth of its mentions or
    // more) is someone else's.
    let mut mentions = vec![(0usize, 0usize); state.people.persons.len()];
    for mention in &state.people.mentions {
        mentions[mention.person].0 += 1;
        mentions[mention.person].1 +=
            usize::from(state.context.at_level(mention.tokens.start, None));
    }
    // Nor is a bare title (`Madame`, `Sir`) a name.
    counts.retain(|&person, _| {
        5 * mentions[person].1 < mentions[person].0
            && super::lists::honorific(&state.people.persons[person].name.to_lowercase()).is_none()
    });
    let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|&(person, count)| (std::cmp::Reverse(count), person));
    let &(person, count) = ranked.first()?;
    let runner_up = ranked.get(1).map_or(0, |&(_, count)| count);
    if count < 3 || count < 2 * runner_up {
        return None;
    }
    let name = state.people.persons[person].name.clone();
    for index in (0..quotes.len()).filter(|&index| is_narrator(index)) {
        quotes[index].speaker = Some(name.clone());
        // `subject/narrator` becomes `subject/narrator_named`; a situation with no
        // case (an epigraph's) stays `narrator`.
        if !quotes[index].situation.case.is_empty() {
            quotes[index].situation.whom = "narrator_named";
        }
        quotes[index].evidence +=
            &format!(" (the narrator, whom those they talk with call {name}, {count} times)");
    }
    Some(name)
}

/// The tag of a quotation an earlier sieve left unresolved: its evidence after
/// `unresolved: the girl; `.
fn unresolved_tag(quote: &Quote) -> &str {
    quote.evidence.split_once("; ").map_or("", |(_, tag)| tag)
}

/// The name a speaker goes by in the output, if any.
fn name(people: &People, speaker: &Speaker) -> Option<String> {
    match speaker {
        Speaker::Person(person) => Some(people.persons[*person].name.clone()),
        Speaker::Described(name, _) => Some(name.clone()),
        Speaker::Unresolved(..) | Speaker::None => None,
    }
}

/// The tags next to a quotation and earlier in its clause (inline, nested and block
/// quotations only). `press`: the text writes as the press does (see
/// [`press_words`]).
fn find_tags(
    context: &Context,
    people: &People,
    quote: &Quote,
    reading: Reading,
    press: bool,
) -> Tags {
    if !matches!(
        quote.kind,
        QuoteKind::Inline | QuoteKind::Nested | QuoteKind::Block
    ) {
        return Tags::default();
    }
    let reach = match reading {
        Reading::Dialogue => tags::TAG_WORDS,
        Reading::ShortText | Reading::Reporting => tags::REPORTING_TAG_WORDS,
    };
    let after = quote
        .spans
        .iter()
        .find_map(|span| tags::after(context, people, quote, span.end, reach));
    let before = tags::before(context, people, quote, press);
    let (adjacent_before, distant) = match before {
        Some(tag) if tag.adjacent => (Some(tag), None),
        other => (None, other),
    };
    let adjacent = after
        .or(adjacent_before)
        .or_else(|| tags::after_trailing_clause(context, people, quote))
        .or_else(|| match reading {
            Reading::Dialogue => None,
            Reading::ShortText | Reading::Reporting => quote
                .spans
                .iter()
                .find_map(|span| tags::description_after(context, people, quote, span.end)),
        })
        .or_else(|| {
            press
                .then(|| tags::colon_lead_in(context, people, quote))
                .flatten()
        });
    Tags { adjacent, distant }
}

/// A tag's words, white space collapsed: the evidence of a decision made from it.
fn evidence(context: &Context, tag: &Tag) -> String {
    let text = &context.text[tag.evidence.clone()];
    let mut evidence = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !evidence.is_empty() {
            evidence.push(' ');
        }
        evidence.push_str(word);
    }
    evidence
}

/// The speaker a tag's subject names: none for a pronoun (the `pronoun` sieve
/// resolves it) or for a subject that is no one person (`they say`).
fn speaker_of(subject: Subject) -> Speaker {
    match subject {
        Subject::Person(person) => Speaker::Person(person),
        Subject::Described { name, gender } => Speaker::Described(name, gender),
        Subject::Relative { name, gender, .. } => Speaker::Unresolved(name, gender),
        Subject::Pronoun { .. } | Subject::Other => Speaker::None,
    }
}

/// True when someone other than `speaker` is named in `tokens` at quotation level
/// `level` (not in a possessive); with `as_subject`, only a name that is no
/// preposition's object and may speak counts (`Trump said … The crowd cheered.`).
fn someone_else_named(
    state: &State,
    tokens: std::ops::Range<usize>,
    level: Option<usize>,
    speaker: &Speaker,
    as_subject: bool,
) -> bool {
    state.people.mentions_in(tokens).iter().any(|mention| {
        state.context.at_level(mention.tokens.start, level)
            && !mention.qualifies()
            && (!as_subject
                || (!mention.governed && state.people.persons[mention.person].may_speak()))
            && *speaker != Speaker::Person(mention.person)
    })
}

/// The gender of a speaker, if known.
fn speaker_gender(people: &People, speaker: &Speaker) -> Option<Gender> {
    match speaker {
        Speaker::Person(person) => Some(people.persons[*person].gender),
        Speaker::Described(_, gender) | Speaker::Unresolved(_, gender) => Some(*gender),
        Speaker::None => None,
    }
}
