//! The attribution sieves, most precise first. Each sieve looks at the quotations
//! that no earlier sieve has decided and may decide one: give it a speaker (or none,
//! with the reason), or call it a mention. Every decision records the sieve's name as
//! its `rule`, a confidence and the words it rests on. What no sieve decides stays
//! `unattributed`: no speaker is guessed without evidence.

use std::collections::BTreeMap;

use crate::hashing::FastMap as HashMap;

use super::people::People;
use super::tags::{self, Subject, Tag};
use super::{Context, Gender, Quote, QuoteKind};
use crate::clean::ParagraphKind;

pub const UNATTRIBUTED_RULE: &str = "unattributed";

/// A quotation of at most this many words, embedded in the author's sentence, is
/// a scare quote, gloss or title unless a tag makes it speech.
const MENTION_WORDS: usize = 5;
/// How many sentences of narration back a pronoun looks for its person.
const PRONOUN_REACH: usize = 12;
/// How many paragraphs back a turn in a dialogue looks for who takes part in it.
const CONVERSATION_REACH: usize = 10;
/// A paragraph of narration longer than this (in words) ends a dialogue.
const SCENE_BREAK_WORDS: usize = 60;

/// Who an attribution names.
#[derive(Clone, Debug, PartialEq)]
enum Speaker {
    Person(usize),
    Described(String, Gender),
    None,
}

struct Decision {
    speaker: Speaker,
    confidence: f32,
    evidence: String,
    mention: bool,
    echo_of: Option<usize>,
}

impl Decision {
    fn speaker(speaker: Speaker, confidence: f32, evidence: String) -> Self {
        Decision {
            speaker,
            confidence,
            evidence,
            mention: false,
            echo_of: None,
        }
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
}

trait Sieve: Sync {
    fn name(&self) -> &'static str;
    /// True for a sieve that looks at the quotations from the last to the first.
    fn backwards(&self) -> bool {
        false
    }
    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision>;
}

/// The sieves in the order they run.
const SIEVES: &[&dyn Sieve] = &[
    &Epigraph,
    &LeadIn,
    &SpeechTag,
    &Mention,
    &Pronoun,
    &DistantTag,
    &Continuation,
    &TurnTaking,
    &Actor,
    // What turn taking and the actor decided goes on to the rest of the paragraph.
    &Continuation,
    &NextTurns,
    // The turns decided backwards anchor the turns after them.
    &TurnTaking,
    &Continuation,
];

pub fn attribute(context: &Context, people: &People, quotes: &mut [Quote]) {
    let tags = quotes
        .iter()
        .map(|quote| find_tags(context, people, quote))
        .collect();
    let mut state = State {
        context,
        people,
        tags,
        resolved: BTreeMap::new(),
        speakers: vec![None; quotes.len()],
        echoes: Echoes::new(context, quotes),
    };
    for sieve in SIEVES {
        for step in 0..quotes.len() {
            let index = if sieve.backwards() {
                quotes.len() - 1 - step
            } else {
                step
            };
            // A quotation is decided once it has a speaker entry (possibly none).
            if state.speakers[index].is_some() {
                continue;
            }
            let Some(decision) = sieve.decide(&mut state, quotes, index) else {
                continue;
            };
            let quote = &mut quotes[index];
            // A nested quotation's tag is a cue inside the outer quotation.
            let from_tag = matches!(sieve.name(), "speech_tag" | "pronoun");
            quote.rule = if quote.kind == QuoteKind::Nested && from_tag && !decision.mention {
                "nested_cue"
            } else {
                sieve.name()
            };
            quote.confidence = decision.confidence;
            if !quote.evidence.is_empty() && !decision.evidence.is_empty() {
                quote.evidence = format!("{}; {}", quote.evidence, decision.evidence);
            } else if !decision.evidence.is_empty() {
                quote.evidence = decision.evidence;
            }
            quote.echo_of = decision.echo_of;
            if decision.mention {
                quote.kind = QuoteKind::Mention;
            }
            quote.speaker = name(people, &decision.speaker);
            state.speakers[index] = Some(decision.speaker);
        }
    }
    for (index, quote) in quotes.iter_mut().enumerate() {
        if state.speakers[index].is_none() {
            quote.rule = UNATTRIBUTED_RULE;
            quote.confidence = 0.0;
        }
    }
    name_the_narrator(&state, quotes);
}

/// A first-person narrator has a name when those who answer or are answered by
/// them call them by it (`"Perhaps you are right, Watson," he said`): at least
/// three times, and twice as often as any other name.
fn name_the_narrator(state: &State, quotes: &mut [Quote]) {
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
            && let Some((person, _)) = addressee(state, &quotes[index])
        {
            *counts.entry(person).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|&(person, count)| (std::cmp::Reverse(count), person));
    let Some(&(person, count)) = ranked.first() else {
        return;
    };
    let runner_up = ranked.get(1).map_or(0, |&(_, count)| count);
    if count < 3 || count < 2 * runner_up {
        return;
    }
    let name = state.people.persons[person].name.clone();
    for index in (0..quotes.len()).filter(|&index| is_narrator(index)) {
        quotes[index].speaker = Some(name.clone());
        quotes[index].evidence +=
            &format!(" (the narrator, whom those they talk with call {name}, {count} times)");
    }
}

fn name(people: &People, speaker: &Speaker) -> Option<String> {
    match speaker {
        Speaker::Person(person) => Some(people.persons[*person].name.clone()),
        Speaker::Described(name, _) => Some(name.clone()),
        Speaker::None => None,
    }
}

fn find_tags(context: &Context, people: &People, quote: &Quote) -> Tags {
    if !matches!(
        quote.kind,
        QuoteKind::Inline | QuoteKind::Nested | QuoteKind::Block
    ) {
        return Tags::default();
    }
    let after = quote
        .spans
        .iter()
        .find_map(|span| tags::after(context, people, quote, span.end));
    let before = tags::before(context, people, quote);
    let (adjacent_before, distant) = match before {
        Some(tag) if tag.adjacent => (Some(tag), None),
        other => (None, other),
    };
    Tags {
        adjacent: after.or(adjacent_before),
        distant,
    }
}

fn evidence(context: &Context, tag: &Tag) -> String {
    context.text[tag.evidence.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sieve 1: the epigraph's attribution line: `—Anna Akhmatova, Requiem, 1937` gives the
/// speaker up to the first comma; the rest is the work.
struct Epigraph;

impl Sieve for Epigraph {
    fn name(&self) -> &'static str {
        "epigraph"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        if quote.kind != QuoteKind::Epigraph {
            return None;
        }
        let context = state.context;
        let line = context
            .paragraphs
            .get(quote.paragraph + 1)
            .filter(|paragraph| paragraph.kind == ParagraphKind::Attribution)
            .map(|paragraph| context.text[paragraph.range.clone()].trim());
        let Some(line) = line else {
            return Some(Decision::speaker(
                Speaker::None,
                0.0,
                "no attribution line".into(),
            ));
        };
        let name = line.trim_start_matches(['—', '–', '-', ' ']);
        let (speaker, _) = name.split_once(',').unwrap_or((name, ""));
        Some(Decision::speaker(
            Speaker::Described(speaker.trim().to_string(), Gender::Unknown),
            1.0,
            line.to_string(),
        ))
    }
}

/// Sieve 2: the lead-in before a block (`X wrote:`, `X quotes Y:` gives Y), or before a
/// quotation that opens the paragraph after a colon lead-in. A block found without a
/// colon goes to the person its lead-in paragraph is about.
struct LeadIn;

impl Sieve for LeadIn {
    fn name(&self) -> &'static str {
        "lead_in"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        let context = state.context;
        let lead_in = quote.paragraph.checked_sub(1)?;
        let opens_paragraph = context.paragraphs[quote.paragraph].range.start == quote.outer.start;
        if quote.parent.is_some() || !opens_paragraph {
            return None;
        }
        // `X wrote:` or `Mr. Darcy replied with great intrepidity,` before a
        // paragraph that opens with the quotation.
        let lead_in_text = context.text[context.paragraphs[lead_in].range.clone()].trim_end();
        let colon = lead_in_text.ends_with(':');
        let comma = lead_in_text.ends_with(',') && quote.kind != QuoteKind::Block;
        if colon || comma {
            let tag = tags::lead_in(context, state.people, lead_in, None)?;
            let evidence = evidence(context, &tag);
            return Some(match tag.subject {
                Subject::Pronoun { token, gender } => match resolve(state, token, gender, None) {
                    Some((speaker, antecedent)) => {
                        Decision::speaker(speaker, 0.85, format!("{evidence} ({antecedent})"))
                    }
                    None => Decision::speaker(Speaker::None, 0.0, evidence),
                },
                subject => Decision::speaker(speaker_of(subject), 0.95, evidence),
            });
        }
        if quote.kind != QuoteKind::Block {
            return None;
        }
        // A block found from evidence: the person its lead-in paragraph is about.
        let tokens = context.paragraph_sentences[lead_in]
            .clone()
            .flat_map(|sentence| context.sentence_tokens[sentence].clone());
        let range = tokens.clone().next()?..tokens.last()? + 1;
        let mut counts: Vec<(usize, usize, usize)> = Vec::new();
        for mention in state.people.mentions_in(range) {
            if mention.possessive
                || mention.governed
                || !context.at_level(mention.tokens.start, None)
            {
                continue;
            }
            match counts
                .iter_mut()
                .find(|(person, _, _)| *person == mention.person)
            {
                Some((_, count, _)) => *count += 1,
                None => counts.push((mention.person, 1, mention.tokens.start)),
            }
        }
        let best = counts.iter().map(|(_, count, _)| *count).max()?;
        let (person, _, first) = *counts.iter().find(|(_, count, _)| *count == best)?;
        let sentence = context.sentence_of(first);
        let sentence_range = context.sentences[sentence].range.clone();
        Some(Decision::speaker(
            Speaker::Person(person),
            0.8 * quote.confidence,
            format!("lead-in: {}", context.text[sentence_range].trim()),
        ))
    }
}

/// Sieve 3: a tag next to the quotation that names its speaker (`“…,” X said`, `said X`,
/// `X told the court, “…”`), either side; `they say` decides that no one person
/// speaks. For a nested quotation the tag is inside the outer one (`nested_cue`).
struct SpeechTag;

impl Sieve for SpeechTag {
    fn name(&self) -> &'static str {
        "speech_tag"
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

/// The named person a definite epithet stands for in a dialogue (`said the young
/// girl` when Daisy Miller is the one woman taking part): the one person of the
/// epithet's gender among those who spoke or were narrated about in the paragraphs
/// before, back to the start of the dialogue.
fn epithet_of(
    state: &State,
    quotes: &[Quote],
    index: usize,
    speaker: &Speaker,
) -> Option<(Speaker, String)> {
    let Speaker::Described(epithet, gender) = speaker else {
        return None;
    };
    let lower = epithet.to_lowercase();
    let noun = lower.rsplit(' ').next()?;
    let is_epithet = super::lists::is_epithet_noun(noun);
    if !lower.starts_with("the ") || !is_epithet || *gender == Gender::Unknown {
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
                let range = context.paragraphs[earlier].range.clone();
                let tokens = context.token_at(range.start)..context.token_at(range.end);
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
            if state.people.persons[person].gender == *gender && !named.contains(&person) {
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

/// Sieve 4: mentions: an echo of words quoted earlier (`“Stalin lives”`), or a short
/// quotation embedded in the author's sentence with no tag (`the “Man of steel”`,
/// `“smoking guns”`, `the so-called “Doctors’ Plot”`).
struct Mention;

impl Sieve for Mention {
    fn name(&self) -> &'static str {
        "mention"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        if !matches!(quote.kind, QuoteKind::Inline | QuoteKind::Nested)
            || state.tags[index].adjacent.is_some()
        {
            return None;
        }
        let context = state.context;
        // A paragraph that is nothing but the quotation is a turn in a dialogue,
        // even when it repeats words said before (`"Bingley."`).
        let paragraph = &context.paragraphs[quote.paragraph].range;
        let whole_paragraph = paragraph.start == quote.outer.start
            && (quote.outer.end >= paragraph.end
                || context.text[quote.outer.end..paragraph.end]
                    .trim()
                    .is_empty());
        if !whole_paragraph && let Some(earlier) = echo_of(state, quotes, index) {
            return Some(Decision {
                speaker: Speaker::None,
                confidence: 0.9,
                evidence: format!("repeats words of quotation {earlier}"),
                mention: true,
                echo_of: Some(earlier),
            });
        }
        let named_distant = state.tags[index]
            .distant
            .as_ref()
            .is_some_and(|tag| !matches!(tag.subject, Subject::Other));
        // A word or two in the author's sentence is a mention even when a speech
        // verb stands earlier in the clause (`warn me … a fear of “analogies”`).
        let named_distant = named_distant && quote.words > 2;
        if named_distant || quote.words > MENTION_WORDS || quote.words == 0 {
            return None;
        }
        let open = context.token_at(quote.outer.start);
        let previous = open.checked_sub(1).filter(|&previous| {
            context.sentence_of(previous) == context.sentence_of(open)
                && context.at_level(previous, quote.parent)
        })?;
        let first = context.text[quote.range()].chars().next();
        let embedded = context.is_word(previous)
            || first.is_some_and(char::is_lowercase)
            || super::lists::is_naming_cue(context.lower(previous));
        embedded.then(|| Decision {
            speaker: Speaker::None,
            confidence: 0.8,
            evidence: format!(
                "{} inside the author's sentence, after “{}”, with no speech tag",
                crate::stats::measures::plural(crate::offsets::narrow(quote.words), "word"),
                context.word(previous)
            ),
            mention: true,
            echo_of: None,
        })
    }
}

/// The quotation that ends before this one and contains all its words in order:
/// the shortest such, so the nested quotation that said the words rather than the
/// block around it. Looked up through the rarest of the words.
fn echo_of(state: &State, quotes: &[Quote], index: usize) -> Option<usize> {
    let quote = &quotes[index];
    let echoes = &state.echoes;
    let words = echoes.words(index);
    let (offset, rarest) = words
        .iter()
        .enumerate()
        .min_by_key(|(_, word)| echoes.places(**word).len())?;
    echoes
        .places(*rarest)
        .iter()
        .filter(|&&(earlier, position)| {
            let earlier = earlier as usize;
            let position = position as usize;
            earlier < index
                && quotes[earlier].outer.end <= quote.outer.start
                && quotes[earlier].is_speech()
                && position >= offset
                && echoes
                    .words(earlier)
                    .get(position - offset..position - offset + words.len())
                    == Some(words)
        })
        .map(|&(earlier, _)| earlier as usize)
        .min_by_key(|&earlier| (quotes[earlier].words, earlier))
}

/// The words of every quotation (as forms of the vocabulary), and where each form
/// occurs in them: the places grouped by form (a counting sort, no hashing).
struct Echoes {
    /// All quotations' word forms, one after the other.
    words: Vec<u32>,
    /// Where each quotation's words start in `words`.
    starts: Vec<usize>,
    /// (quotation, position) of every word, grouped by form, in text order.
    places: Vec<(u32, u32)>,
    /// Where each form's places start in `places`.
    place_starts: Vec<usize>,
}

impl Echoes {
    fn new(context: &Context, quotes: &[Quote]) -> Self {
        let mut words = Vec::new();
        let mut starts = Vec::with_capacity(quotes.len() + 1);
        for found in quotes {
            starts.push(words.len());
            words.extend(
                found
                    .pieces
                    .iter()
                    .flat_map(|piece| context.tokens_in(piece.clone()))
                    .filter(|&token| context.is_word(token))
                    .map(|token| context.form(token) as u32),
            );
        }
        starts.push(words.len());
        let mut place_starts = vec![0; context.form_count() + 1];
        for &form in &words {
            place_starts[form as usize + 1] += 1;
        }
        for form in 1..place_starts.len() {
            place_starts[form] += place_starts[form - 1];
        }
        let mut next = place_starts.clone();
        let mut places = vec![(0, 0); words.len()];
        for quote in 0..quotes.len() {
            for (position, &form) in words[starts[quote]..starts[quote + 1]].iter().enumerate() {
                places[next[form as usize]] = (quote as u32, position as u32);
                next[form as usize] += 1;
            }
        }
        Echoes {
            words,
            starts,
            places,
            place_starts,
        }
    }

    fn words(&self, quote: usize) -> &[u32] {
        &self.words[self.starts[quote]..self.starts[quote + 1]]
    }

    fn places(&self, form: u32) -> &[(u32, u32)] {
        &self.places[self.place_starts[form as usize]..self.place_starts[form as usize + 1]]
    }
}

/// Sieve 5: a tag whose subject is `he` or `she`: the nearest person before it, outside
/// quotations, whose gender fits (people named inside the quotation are not its
/// speaker).
struct Pronoun;

impl Sieve for Pronoun {
    fn name(&self) -> &'static str {
        "pronoun"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let tag = state.tags[index].adjacent.clone()?;
        pronoun_decision(state, quotes, index, &tag, 0.85)
    }
}

fn pronoun_decision(
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
            let (speaker, evidence) = match turn {
                Some(turn) => (
                    turn.speaker,
                    format!(
                        "{evidence} ({antecedent} spoke the last turn; {})",
                        turn.evidence
                    ),
                ),
                None => match epithet_of(state, quotes, index, &speaker) {
                    Some((person, found)) => {
                        (person, format!("{evidence} ({antecedent}; {found})"))
                    }
                    None => (speaker, format!("{evidence} ({antecedent})")),
                },
            };
            state.resolved.insert(token, speaker.clone());
            Decision::speaker(speaker, confidence, evidence)
        }
        None => Decision::speaker(
            Speaker::None,
            0.0,
            format!("{evidence} (no one it can refer to)"),
        ),
    })
}

/// True when a tag says the speaker goes on (`he added`, `she continued`) or speaks
/// to themselves (`she thought`, `he said to himself`), not to the last speaker.
fn goes_on(context: &Context, tag: &Tag) -> bool {
    let tokens = context.token_at(tag.evidence.start)..context.token_at(tag.evidence.end);
    tokens
        .into_iter()
        .any(|token| super::lists::says_speaker_goes_on(context.lower(token)))
}

/// True when quotation `index` is the first of its paragraph (quotations are in
/// order).
fn first_in_paragraph(quotes: &[Quote], index: usize) -> bool {
    index == 0 || quotes[index - 1].paragraph != quotes[index].paragraph
}

/// True when quotation `index` opens its paragraph's quotations and the paragraph
/// before is a turn of `speaker`.
fn spoke_last(state: &State, quotes: &[Quote], index: usize, speaker: &Speaker) -> bool {
    let paragraph = quotes[index].paragraph;
    first_in_paragraph(quotes, index)
        && paragraph > 0
        && matches!(part_taken(state, quotes, paragraph - 1), Part::Turn(_, last) if last == *speaker)
}

/// Sieve 6: a speech verb earlier in the quotation's clause, not next to it (`Yezhov …
/// begged the court … to “tell Stalin…”`).
struct DistantTag;

impl Sieve for DistantTag {
    fn name(&self) -> &'static str {
        "speech_tag"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let tag = state.tags[index].distant.clone()?;
        match &tag.subject {
            Subject::Other => None,
            Subject::Pronoun { .. } => pronoun_decision(state, quotes, index, &tag, 0.65),
            subject => Some(Decision::speaker(
                speaker_of(subject.clone()),
                0.75,
                evidence(state.context, &tag),
            )),
        }
    }
}

/// Sieve 7: a quotation with no tag goes on from the quotation before it in the same
/// paragraph, when no one else is named between them.
struct Continuation;

impl Sieve for Continuation {
    fn name(&self) -> &'static str {
        "continuation"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        if !matches!(quote.kind, QuoteKind::Inline | QuoteKind::Nested)
            || state.tags[index].distant.is_some()
        {
            return None;
        }
        let previous = (0..index).rev().find(|&earlier| {
            quotes[earlier].parent == quote.parent && quotes[earlier].is_speech()
        })?;
        let before = &quotes[previous];
        let context = state.context;
        let same_paragraph = context
            .paragraph_of(context.token_at(before.outer.end).saturating_sub(1))
            == quote.paragraph;
        if !same_paragraph {
            return None;
        }
        let speaker = state.speakers[previous]
            .clone()
            .filter(|speaker| *speaker != Speaker::None)?;
        let between = context.token_at(before.outer.end)..context.token_at(quote.outer.start);
        let someone_else = state.people.mentions_in(between).iter().any(|mention| {
            context.at_level(mention.tokens.start, quote.parent)
                && !mention.possessive
                && speaker != Speaker::Person(mention.person)
        });
        if someone_else {
            return None;
        }
        Some(Decision::speaker(
            speaker,
            0.6 * before.confidence,
            format!("goes on from quotation {previous}"),
        ))
    }
}

/// Sieve 8: turns in a dialogue alternate. A quotation that opens its paragraph with
/// no tag is spoken by the latest other person taking part in the dialogue: whom a
/// short paragraph of narration since the last turn is about (`Mr. Bennet made no
/// answer.`), else whom the last turn spoke to, else who spoke an earlier turn.
/// A turn whose speaker is unknown, or a long paragraph of narration, ends the look
/// back: past it, who alternates with whom cannot be told.
struct TurnTaking;

impl Sieve for TurnTaking {
    fn name(&self) -> &'static str {
        "turn_taking"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        if !is_turn(state, quotes, index) {
            return None;
        }
        next_in_dialogue(state, quotes, index, |_| true)
    }
}

/// Who takes the turn of quotation `index` in a dialogue, looking back (see
/// [`TurnTaking`]), among the speakers `fits` accepts.
fn next_in_dialogue(
    state: &State,
    quotes: &[Quote],
    index: usize,
    fits: impl Fn(&Speaker) -> bool,
) -> Option<Decision> {
    let quote = &quotes[index];
    // The speaker is not the one who spoke last, nor the one this turn calls
    // by name (`"She don't know me, Stephen"` is not Stephen's).
    let called = addressee(state, quote).map(|(person, _)| Speaker::Person(person));
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
                        return Some(Decision::speaker(
                            Speaker::Person(person),
                            0.45,
                            format!(
                                "{} takes part since the last turn (quotation {turn})",
                                name_of(person)
                            ),
                        ));
                    }
                    if let Some((person, name)) = addressee(state, &quotes[turn])
                        && may_speak(&Speaker::Person(person), &speaker)
                    {
                        return Some(Decision::speaker(
                            Speaker::Person(person),
                            0.55,
                            format!(
                                "answers the last turn, which spoke to {name} (quotation {turn})"
                            ),
                        ));
                    }
                    if let Some((listener, evidence)) = listener(state, turn, &speaker)
                        && may_speak(&listener, &speaker)
                    {
                        return Some(Decision::speaker(
                            listener,
                            0.5,
                            format!("answers the last turn (quotation {turn}): {evidence}"),
                        ));
                    }
                    last_turn = Some((turn, speaker));
                }
                Part::Narration(person) => narrated.extend(person),
                Part::Unknown => return None,
            }
            continue;
        };
        let (candidate, confidence, evidence) = match part {
            Part::Turn(turn, speaker) => (
                speaker,
                0.5,
                format!(
                    "dialogue turns alternate: spoke before the last turn (quotations {turn} \
                         and {last})"
                ),
            ),
            Part::Narration(Some(person)) => (
                Speaker::Person(person),
                0.4,
                format!(
                    "{} takes part before the last turn (quotation {last})",
                    name_of(person)
                ),
            ),
            Part::Narration(None) => continue,
            Part::Unknown => return None,
        };
        if may_speak(&candidate, last_speaker) {
            return Some(Decision::speaker(candidate, confidence, evidence));
        }
        // This turn calls the one whose turn it would be: the two take part,
        // and the last speaker goes on after a pause.
        if candidate != *last_speaker && Some(&candidate) == called.as_ref() {
            return Some(Decision::speaker(
                last_speaker.clone(),
                0.45,
                format!("calls the other one taking part, so goes on from quotation {last}"),
            ));
        }
    }
    None
}

/// True when quotation `index` is a turn in a dialogue with no tag: the first
/// quotation of its paragraph, with no one named before it (that is the actor
/// sieve's case).
fn is_turn(state: &State, quotes: &[Quote], index: usize) -> bool {
    let quote = &quotes[index];
    let context = state.context;
    let paragraph_start = context.token_at(context.paragraphs[quote.paragraph].range.start);
    let before = paragraph_start..context.token_at(quote.outer.start);
    quote.kind == QuoteKind::Inline
        && state.tags[index].distant.is_none()
        && first_in_paragraph(quotes, index)
        && state.people.mentions_in(before).is_empty()
}

/// Sieve 10: turn taking read backwards, for the turns of a dialogue before its
/// first tag. A turn is spoken by whom the next turn speaks to (`"Yes." / "Yes,
/// Lizzy?" said Jane`), else by who speaks after the next turn. Runs from the last
/// quotation to the first, so a tag decides every turn before it.
struct NextTurns;

impl Sieve for NextTurns {
    fn name(&self) -> &'static str {
        "turn_taking"
    }

    fn backwards(&self) -> bool {
        true
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        if !is_turn(state, quotes, index) {
            return None;
        }
        let quote = &quotes[index];
        let called = addressee(state, quote).map(|(person, _)| Speaker::Person(person));
        let may_speak =
            |speaker: &Speaker, next: &Speaker| speaker != next && Some(speaker) != called.as_ref();
        let mut next_turn: Option<(usize, Speaker)> = None;
        let end = (quote.paragraph + 1 + CONVERSATION_REACH).min(state.context.paragraphs.len());
        for paragraph in quote.paragraph + 1..end {
            match part_taken(state, quotes, paragraph) {
                Part::Turn(turn, speaker) => match &next_turn {
                    None => {
                        let spoken_to = addressee(state, &quotes[turn])
                            .map(|(person, name)| (Speaker::Person(person), name))
                            .or_else(|| listener(state, turn, &speaker));
                        if let Some((person, name)) = spoken_to
                            && may_speak(&person, &speaker)
                        {
                            return Some(Decision::speaker(
                                person,
                                0.5,
                                format!("the next turn (quotation {turn}) answers {name}"),
                            ));
                        }
                        next_turn = Some((turn, speaker));
                    }
                    Some((next, next_speaker)) => {
                        if may_speak(&speaker, next_speaker) {
                            return Some(Decision::speaker(
                                speaker,
                                0.45,
                                format!(
                                    "dialogue turns alternate: speaks after the next turn \
                                     (quotations {next} and {turn})"
                                ),
                            ));
                        }
                    }
                },
                Part::Narration(_) => {}
                Part::Unknown => return None,
            }
        }
        None
    }
}

/// What one paragraph before a turn tells about who takes part in the dialogue.
enum Part {
    /// A turn (its first decided quotation) and its speaker.
    Turn(usize, Speaker),
    /// A short paragraph of narration, and the person it is about, if any.
    Narration(Option<usize>),
    /// A turn whose speaker is unknown, a heading or a long paragraph of narration.
    Unknown,
}

fn part_taken(state: &State, quotes: &[Quote], paragraph: usize) -> Part {
    let context = state.context;
    let first = quotes.partition_point(|quote| quote.paragraph < paragraph);
    let mut turns = (first..quotes.len())
        .take_while(|&quote| quotes[quote].paragraph == paragraph)
        .filter(|&quote| quotes[quote].parent.is_none() && quotes[quote].is_speech())
        .peekable();
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
    let range = context.paragraphs[paragraph].range.clone();
    let tokens = context.token_at(range.start)..context.token_at(range.end);
    let words = tokens
        .clone()
        .filter(|&token| context.is_word(token))
        .count();
    if context.paragraphs[paragraph].kind != ParagraphKind::Prose || words > SCENE_BREAK_WORDS {
        return Part::Unknown;
    }
    Part::Narration(
        state
            .people
            .mentions_in(tokens)
            .iter()
            .find(|mention| {
                !mention.possessive
                    && !mention.governed
                    && context.at_level(mention.tokens.start, None)
                    && is_someone(&state.people.persons[mention.person])
            })
            .map(|mention| mention.person),
    )
}

/// The person a quotation speaks to: a name called out, set off by commas or marks
/// (`"Come, Darcy, …"`, `"…, Lizzy."`, `"My dear Mr. Bennet, …"`). A quotation that is
/// only a name (`"Bingley."`) answers a question; it does not call anyone.
fn addressee(state: &State, quote: &Quote) -> Option<(usize, String)> {
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
        .filter(|mention| !mention.possessive)
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
        .map(|mention| {
            (
                mention.person,
                state.people.persons[mention.person].name.clone(),
            )
        })
}

/// The person a turn's tag says it was spoken to (`she asked him`, `said Jane to
/// her sister`, `he told Elizabeth`): someone other than the speaker.
fn listener(state: &State, turn: usize, speaker: &Speaker) -> Option<(Speaker, String)> {
    let context = state.context;
    let tag = state.tags[turn].adjacent.as_ref()?;
    let tokens = context.token_at(tag.evidence.start)..context.token_at(tag.evidence.end);
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
                format!("{} ({evidence})", self::evidence(context, tag)),
            ));
        }
        let follows_verb = token == verb + 1 || context.lower(token - 1) == "to";
        if follows_verb
            && let Some(mention) = state.people.mention_starting_at(token)
            && !mention.possessive
            && Speaker::Person(mention.person) != *speaker
        {
            return Some((
                Speaker::Person(mention.person),
                self::evidence(context, tag),
            ));
        }
    }
    None
}

/// Sieve 9: the person the narration of the paragraph is about speaks a
/// quotation that follows it with no tag (`Elizabeth smiled. "Yes."`).
struct Actor;

impl Sieve for Actor {
    fn name(&self) -> &'static str {
        "actor"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        let context = state.context;
        let tags = &state.tags[index];
        if quote.kind != QuoteKind::Inline || tags.adjacent.is_some() || tags.distant.is_some() {
            return None;
        }
        let paragraph = context.paragraphs[quote.paragraph].range.clone();
        let narration = context.token_at(paragraph.start)..context.token_at(quote.outer.start);
        if narration.is_empty() {
            return None;
        }
        let mention = state.people.mentions_in(narration).iter().find(|mention| {
            !mention.possessive
                && !mention.governed
                && context.at_level(mention.tokens.start, None)
                && is_someone(&state.people.persons[mention.person])
        })?;
        let sentence = &context.sentences[context.sentence_of(mention.tokens.start)];
        Some(Decision::speaker(
            Speaker::Person(mention.person),
            0.45,
            format!(
                "the paragraph is about {}: {}",
                state.people.persons[mention.person].name,
                context.text[sentence.range.clone()].trim()
            ),
        ))
    }
}

fn speaker_of(subject: Subject) -> Speaker {
    match subject {
        Subject::Person(person) => Speaker::Person(person),
        Subject::Described { name, gender } | Subject::Relative { name, gender, .. } => {
            Speaker::Described(name, gender)
        }
        Subject::Pronoun { .. } | Subject::Other => Speaker::None,
    }
}

/// The person a pronoun refers to: the leftmost person outside quotations in its
/// sentence before it, else in each earlier sentence going back, whose gender fits.
/// Subjects (not possessive, not after a preposition) are tried first.
fn resolve(
    state: &State,
    pronoun: usize,
    gender: Gender,
    level: Option<usize>,
) -> Option<(Speaker, String)> {
    resolve_where(state, pronoun, gender, level, |_| true)
}

/// Like `resolve`, passing over the people `fits` rejects.
fn resolve_where(
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
fn resolve_pronoun(
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
    // Sentences of narration count towards the reach; sentences inside quotations
    // (a long speech) are passed over, up to a limit.
    let mut narrated = 0;
    let mut first_sentence = sentence;
    while first_sentence > 0
        && narrated < PRONOUN_REACH
        && sentence - first_sentence < 10 * PRONOUN_REACH
    {
        first_sentence -= 1;
        if context.sentence_tokens[first_sentence]
            .clone()
            .any(|token| context.at_level(token, level) && context.is_word(token))
        {
            narrated += 1;
        }
    }
    let passes: &[bool] = if is_subject { &[true, false] } else { &[false] };
    for &strict in passes {
        for current in (first_sentence..=sentence).rev() {
            let tokens = context.sentence_tokens[current].clone();
            let end = if current == sentence {
                pronoun
            } else {
                tokens.end
            };
            let range = tokens.start..end;
            let mut candidates: Vec<(usize, Speaker, String)> = Vec::new();
            for mention in people.mentions_in(range.clone()) {
                let person = &people.persons[mention.person];
                let fits = gender.fits(person.gender) && is_someone(person);
                if fits
                    && !mention.possessive
                    && (!strict || !mention.governed)
                    && context.at_level(mention.tokens.start, level)
                {
                    candidates.push((
                        mention.tokens.start,
                        Speaker::Person(mention.person),
                        person.name.clone(),
                    ));
                }
            }
            for (&token, speaker) in state.resolved.range(range.clone()) {
                if context.at_level(token, level)
                    && speaker_gender(people, speaker).is_none_or(|known| gender.fits(known))
                {
                    let name = name(people, speaker).unwrap_or_default();
                    candidates.push((token, speaker.clone(), name));
                }
            }
            for token in range.clone() {
                if !context.at_level(token, level) || !tags::may_end_description(context, token) {
                    continue;
                }
                if let Some((described_range, name, noun_gender)) =
                    tags::described(context, token, range.end)
                    && gender.fits(noun_gender)
                    && (!strict || !governed_description(context, described_range.start))
                {
                    candidates.push((
                        described_range.start,
                        Speaker::Described(name.clone(), noun_gender),
                        name,
                    ));
                }
            }
            if let Some((_, speaker, name)) = candidates
                .into_iter()
                .filter(|(_, speaker, _)| fits(speaker))
                .min_by_key(|(token, _, _)| *token)
            {
                return Some((speaker, format!("{} = {name}", context.word(pronoun))));
            }
        }
    }
    None
}

/// The person a relative is (`his wife` = Mrs. Bennet): the possessive pronoun's
/// person gives the family name, the word of kinship the title, and the document
/// must name someone so. The pronoun goes to the nearest person who has such a
/// relative (`his` passes over Mr. Bingley, who has no wife in the book).
fn relative(
    state: &State,
    possessor: usize,
    name: &str,
    level: Option<usize>,
) -> Option<(Speaker, String)> {
    let context = state.context;
    let people = state.people;
    let gender = super::people::pronoun_gender(context.lower(possessor))?;
    let title = super::lists::kinship_title(name.rsplit(' ').next()?)?;
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

/// True when the document shows a name to be a person's, or gives it a gender.
fn is_someone(person: &super::people::Person) -> bool {
    person.is_person || person.gender != Gender::Unknown
}

fn speaker_gender(people: &People, speaker: &Speaker) -> Option<Gender> {
    match speaker {
        Speaker::Person(person) => Some(people.persons[*person].gender),
        Speaker::Described(_, gender) => Some(*gender),
        Speaker::None => None,
    }
}

fn governed_description(context: &Context, start: usize) -> bool {
    start.checked_sub(1).is_some_and(|previous| {
        matches!(
            context.lower(previous),
            "to" | "of" | "by" | "with" | "for" | "from" | "in" | "on" | "at"
        )
    })
}
