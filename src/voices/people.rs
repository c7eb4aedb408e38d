//! People: the names a document uses, whose gender they are, and one canonical name
//! per person.
//!
//! A name is a run of capitalised words that the document never writes in lower
//! case (so `Great Terror` and sentence-initial `When` are not names), with an
//! optional title (`Mr.`, `Comrade`). Forms of one name merge into the fullest form
//! that contains them when that form is the only candidate: `Stalin` and `Comrade
//! Stalin` become `Josef Stalin`, while a bare `Bennet` in a book with Jane and
//! Elizabeth Bennet stays apart, and a gendered title keeps `Mr. Bennet` and `Mrs.
//! Bennet` apart. Gender comes from titles, else from the pronouns that follow the
//! person's mentions in the document itself.

use crate::hashing::{FastMap as HashMap, FastSet as HashSet};
use std::ops::Range;

use super::{Context, Gender, lists};

/// A name in the text.
#[derive(Clone, Debug)]
pub struct Mention {
    /// Tokens of the name, title included.
    pub tokens: Range<usize>,
    pub person: usize,
    /// `Stalin’s`: a possessive is never the subject of a speech act.
    pub possessive: bool,
    /// After a preposition (`to Nikolai Yezhov`), so not the subject of its clause.
    pub governed: bool,
}

#[derive(Clone, Debug)]
pub struct Person {
    /// The canonical name: the fullest form used.
    pub name: String,
    pub gender: Gender,
    /// True when the document shows that the name is a person's (a title, a
    /// gendered pronoun after it, a speech verb next to it, a first name).
    pub is_person: bool,
}

pub struct People {
    pub mentions: Vec<Mention>,
    pub persons: Vec<Person>,
}

const PREPOSITIONS: &[&str] = &[
    "about",
    "after",
    "against",
    "among",
    "at",
    "before",
    "behind",
    "beside",
    "besides",
    "between",
    "by",
    "except",
    "for",
    "from",
    "in",
    "including",
    "into",
    "like",
    "near",
    "of",
    "on",
    "onto",
    "over",
    "than",
    "through",
    "to",
    "toward",
    "towards",
    "under",
    "unlike",
    "upon",
    "with",
    "within",
    "without",
];

const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "our", "my", "your"];

/// The gender of a third-person singular pronoun, in any case.
pub fn pronoun_gender(word: &str) -> Option<Gender> {
    if word.len() > 7 {
        return None;
    }
    let mut lower = [0u8; 7];
    for (slot, byte) in lower.iter_mut().zip(word.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    match &lower[..word.len()] {
        b"he" | b"him" | b"his" | b"himself" => Some(Gender::Male),
        b"she" | b"her" | b"hers" | b"herself" => Some(Gender::Female),
        _ => None,
    }
}

fn strip_possessive(word: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "’", "'"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return (stem, true);
        }
    }
    (word, false)
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A form of a name: its title's gender and its words. A single word keeps its
/// gendered title too (lower case, without the full stop): Mrs. Miller and Miss
/// Miller are mother and daughter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Form {
    title_gender: Option<Gender>,
    title: Option<String>,
    words: Vec<String>,
}

#[derive(Default)]
struct FormInfo {
    title: Option<String>,
    /// The gender of its title, also when the form leaves the title out.
    gender: Option<Gender>,
    count: usize,
    /// Uses not after a preposition: `in London Lydia was…` is a chance run of
    /// capitals, `Unlike his mentor, Vladimir Lenin, whose…` a name.
    free_uses: usize,
    has_title: bool,
}

impl People {
    pub fn find(context: &Context) -> People {
        let mid_sentence_capitals = Capitals::find(context);
        // Each distinct form once, in order of first mention, and every mention
        // with the position of its form.
        let mut form_index: HashMap<Form, usize> = HashMap::default();
        let mut forms: Vec<(Form, FormInfo)> = Vec::new();
        let mut raw: Vec<(Mention, usize)> = Vec::new();
        let tokens = context.token_count();
        let mut index = 0;
        let text = context.text.as_bytes();
        while index < tokens {
            // Names start with a capital: most tokens are passed over on their first byte.
            let first = text[context.start_of(index)];
            if first.is_ascii_lowercase() || !context.is_word(index) {
                index += 1;
                continue;
            }
            // `volume The Unknown Lenin`: a capitalised article inside a sentence
            // opens the title of a work, whose words name no one.
            if is_title_article(context, index) {
                index += 1;
                while index < tokens
                    && context.is_word(index)
                    && is_capitalised(context.word(index))
                {
                    index += 1;
                }
                continue;
            }
            let Some((mention, form, title)) = name_at(context, &mid_sentence_capitals, index)
            else {
                index += 1;
                continue;
            };
            index = mention.tokens.end;
            let position = match form_index.get(&form) {
                Some(&position) => position,
                None => {
                    form_index.insert(form.clone(), forms.len());
                    forms.push((form, FormInfo::default()));
                    forms.len() - 1
                }
            };
            let info = &mut forms[position].1;
            info.count += 1;
            info.free_uses += usize::from(!mention.governed);
            if let Some(title) = title {
                info.has_title = true;
                info.title.get_or_insert(title.text);
                info.gender = info.gender.or(title.gender);
            }
            raw.push((mention, position));
        }
        let (persons, person_of_position) = group(&forms);
        let mut people = People {
            mentions: raw
                .into_iter()
                .map(|(mut mention, position)| {
                    mention.person = person_of_position[position];
                    mention
                })
                .collect(),
            persons,
        };
        people.learn_speakers(context);
        people.learn_genders(context);
        people
    }

    /// The mentions whose first token is in `tokens`.
    pub fn mentions_in(&self, tokens: Range<usize>) -> &[Mention] {
        let start = self
            .mentions
            .partition_point(|mention| mention.tokens.start < tokens.start);
        let end = self
            .mentions
            .partition_point(|mention| mention.tokens.start < tokens.end);
        &self.mentions[start..end.max(start)]
    }

    /// The mention that ends just before token `end` (exclusive).
    pub fn mention_ending_at(&self, end: usize) -> Option<&Mention> {
        let after = self
            .mentions
            .partition_point(|mention| mention.tokens.end <= end);
        after
            .checked_sub(1)
            .map(|index| &self.mentions[index])
            .filter(|mention| mention.tokens.end == end)
    }

    /// The mention that starts at token `start`.
    pub fn mention_starting_at(&self, start: usize) -> Option<&Mention> {
        let index = self
            .mentions
            .partition_point(|mention| mention.tokens.start < start);
        self.mentions
            .get(index)
            .filter(|mention| mention.tokens.start == start)
    }

    /// Tallies the third-person pronouns after each mention: `Nikolai Yezhov … his
    /// trial … he` makes Yezhov a man. Titles win over the tally.
    fn learn_genders(&mut self, context: &Context) {
        let mut tally = vec![(0u32, 0u32); self.persons.len()];
        for (position, mention) in self.mentions.iter().enumerate() {
            let next_mention = self
                .mentions
                .get(position + 1)
                .map_or(usize::MAX, |next| next.tokens.start);
            let sentence = context.sentence_of(mention.tokens.start);
            let limit = context
                .sentence_tokens
                .get(sentence + 1)
                .map_or(context.token_count(), |next| next.end)
                .min(next_mention)
                .min(mention.tokens.end + 25);
            let level = context.token_quotes[mention.tokens.start].map(|quote| quote as usize);
            let found = (mention.tokens.end..limit)
                .filter(|&token| context.at_level(token, level))
                .find_map(|token| context.pronoun_gender(token));
            match found {
                Some(Gender::Male) => tally[mention.person].0 += 1,
                Some(Gender::Female) => tally[mention.person].1 += 1,
                _ => {}
            }
        }
        for (person, (male, female)) in self.persons.iter_mut().zip(tally) {
            if person.gender == Gender::Unknown {
                // Two pronouns at least: one could follow a wine or a town.
                if male >= 2 && male >= 2 * female {
                    person.gender = Gender::Male;
                } else if female >= 2 && female >= 2 * male {
                    person.gender = Gender::Female;
                }
            }
            if male + female >= 3 {
                person.is_person = true;
            }
            // Too few pronouns: a person's first name tells (`Rachael`, `Robert`),
            // unless its few pronouns say otherwise.
            let evidence = person.is_person || male + female > 0;
            if person.gender == Gender::Unknown
                && evidence
                && let Some(first) = person.name.split(' ').next()
                && let Some(gender) = lists::first_name_gender(&first.to_lowercase())
            {
                let against = match gender {
                    Gender::Male => female > male,
                    Gender::Female => male > female,
                    Gender::Unknown => true,
                };
                if !against {
                    person.gender = gender;
                }
            }
        }
    }

    /// A name right before or after a speech verb is a person's.
    fn learn_speakers(&mut self, context: &Context) {
        for mention in &self.mentions {
            let before = mention.tokens.start.checked_sub(1);
            let after = mention.tokens.end;
            let next_to_verb = before
                .into_iter()
                .chain((after < context.token_count()).then_some(after))
                .any(|token| context.is_speech_verb(token));
            if next_to_verb {
                self.persons[mention.person].is_person = true;
            }
        }
    }
}

fn is_title_article(context: &Context, index: usize) -> bool {
    matches!(context.word(index), "The" | "A" | "An")
        && context.sentence_tokens[context.sentence_of(index)].start != index
        && index > 0
        && context.is_word(index - 1)
}

/// Words that open sentences and are never names.
pub fn is_function_word(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "after"
            | "all"
            | "an"
            | "and"
            | "as"
            | "at"
            | "before"
            | "but"
            | "by"
            | "for"
            | "from"
            | "he"
            | "her"
            | "here"
            | "his"
            | "how"
            | "i"
            | "if"
            | "in"
            | "it"
            | "its"
            | "my"
            | "no"
            | "not"
            | "of"
            | "on"
            | "one"
            | "or"
            | "our"
            | "she"
            | "so"
            | "some"
            | "that"
            | "the"
            | "their"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "to"
            | "we"
            | "what"
            | "when"
            | "where"
            | "which"
            | "while"
            | "who"
            | "why"
            | "with"
            | "yet"
            | "you"
            | "your"
    )
}

/// True when the token after `index` marks it as a subject's name: a capitalised
/// word used inside sentences (`Nikolai Yezhov`), a speech verb (`Molotov said`) or
/// a verb in the past tense (`Elizabeth smiled`).
fn next_is_name(context: &Context, capitals: &Capitals, index: usize) -> bool {
    let next = index + 1;
    if next >= context.token_count()
        || !context.is_word(next)
        || !context.text[context.end_of(index)..context.start_of(next)]
            .chars()
            .all(char::is_whitespace)
    {
        return false;
    }
    let word = context.word(next);
    capitals.contains(context, next)
        || context.is_speech_verb(next)
        || (word.len() > 3 && word.ends_with("ed") && word.starts_with(char::is_lowercase))
}

/// True when token `index` opens a sentence, or a quotation or parenthesis inside
/// one: a capital there says nothing about a name.
fn starts_sentence(context: &Context, index: usize) -> bool {
    context.sentence_tokens[context.sentence_of(index)].start == index
        || index.checked_sub(1).is_some_and(|previous| {
            matches!(
                context.word(previous),
                "“" | "‘" | "\"" | "'" | "«" | "(" | "[" | "—"
            )
        })
}

/// The words the document writes capitalised after the first word of a sentence,
/// by their lower-case form (a possessive counts for its stem).
struct Capitals(Vec<bool>);

impl Capitals {
    fn find(context: &Context) -> Self {
        let mut inside = vec![false; context.form_count()];
        for index in 0..context.token_count() {
            if context.is_word(index)
                && is_capitalised(context.word(index))
                && !starts_sentence(context, index)
                && let Some(form) = stem_form(context, index)
            {
                inside[form] = true;
            }
        }
        Capitals(inside)
    }

    /// True when token `index` is capitalised and the document writes it so inside
    /// sentences.
    fn contains(&self, context: &Context, index: usize) -> bool {
        is_capitalised(context.word(index))
            && stem_form(context, index).is_some_and(|form| self.0[form])
    }
}

/// The lower-case form of token `index` without a possessive ending, if the
/// document has it.
fn stem_form(context: &Context, index: usize) -> Option<usize> {
    let lower = context.lower(index);
    match lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix('\''))
    {
        Some(stem) => context.form_id(stem),
        None => Some(context.form(index)),
    }
}

/// True when token `index` can be part of a name.
fn is_name_word(context: &Context, capitals: &Capitals, index: usize) -> Option<bool> {
    if !context.is_word(index) {
        return None;
    }
    let word = context.word(index);
    if !is_capitalised(word) {
        return None;
    }
    let (stem, possessive) = strip_possessive(word);
    // The token's normalized form is the stem in lower case (plus `'s`).
    let lower = context.lower(index);
    let lower = lower.strip_suffix("'s").unwrap_or(lower);
    if stem_form(context, index).is_some_and(|form| context.is_written_lowercase(form)) {
        return None;
    }
    if is_acronym_or_number(stem) || lists::is_not_name(stem) {
        return None;
    }
    // A capital at a sentence start is a name's when the document also writes the
    // word capitalised inside sentences, or when it is no English word, or when a
    // name or a verb follows it (`Nikolai Yezhov stood…`, `Molotov said`,
    // `Elizabeth smiled`) and it is no function word or adverb (`Suddenly`).
    // (Function words are English: the word list is only asked about the rest.)
    if starts_sentence(context, index)
        && !capitals.contains(context, index)
        && (is_function_word(lower)
            || ((lower.ends_with("ly") || !next_is_name(context, capitals, index))
                && crate::lexicon::is_english_lowercase(lower)))
    {
        return None;
    }
    Some(possessive)
}

/// True when token `index`, right after a title, can be a name: a capitalised word
/// that is no function word, acronym or number.
fn is_name_after_title(context: &Context, index: usize) -> bool {
    let word = context.word(index);
    let stem = strip_possessive(word).0;
    context.is_word(index)
        && is_capitalised(word)
        && !is_function_word(context.lower(index))
        && !is_acronym_or_number(stem)
}

/// True for `USSR` or `1937th`: capitals that name no one.
fn is_acronym_or_number(stem: &str) -> bool {
    (stem.chars().count() > 1 && stem.chars().all(char::is_uppercase))
        || stem.chars().any(|c| c.is_ascii_digit())
}

/// A title as `Form` keeps it: lower case, without the full stop.
fn title_key(written: &str) -> String {
    written.trim_end_matches('.').to_lowercase()
}

/// A title before a name as written (`Mr.`), and the gender it gives.
struct Title {
    text: String,
    gender: Option<Gender>,
}

/// The name that starts at token `index`, with its form and title.
fn name_at(
    context: &Context,
    capitals: &Capitals,
    index: usize,
) -> Option<(Mention, Form, Option<Title>)> {
    let mut cursor = index;
    let mut title = None;
    let mut title_gender = None;
    let word = context.word(index);
    if is_capitalised(word)
        && let Some(gender) = context.honorific(index)
    {
        let mut after = index + 1;
        if after < context.token_count() && context.word(after) == "." {
            after += 1;
        }
        if after < context.token_count() && is_name_after_title(context, after) {
            title =
                Some(context.text[context.start_of(index)..context.end_of(after - 1)].to_string());
            title_gender = (gender != Gender::Unknown).then_some(gender);
            cursor = after;
        }
    }
    let mut words: Vec<usize> = Vec::new();
    let mut possessive = false;
    // After a title, a capitalised word is a name even when the document also uses
    // it as a common word (`Mrs. Long`, `Miss Young`).
    if title.is_some() {
        words.push(cursor);
        possessive = strip_possessive(context.word(cursor)).1;
        cursor += 1;
    }
    while !possessive && cursor < context.token_count() {
        let Some(is_possessive) = is_name_word(context, capitals, cursor) else {
            break;
        };
        // Names run over adjacent words only (a space between, no punctuation).
        if let Some(&last) = words.last()
            && context.text[context.end_of(last)..context.start_of(cursor)]
                .contains(|c: char| !c.is_whitespace())
        {
            break;
        }
        words.push(cursor);
        cursor += 1;
        if is_possessive {
            possessive = true;
            break;
        }
    }
    if words.is_empty() {
        return None;
    }
    // A first name tells people apart better than a title: `Mr. Sherlock Holmes`
    // is `Sherlock Holmes`; only `Mr. Bennet` and `Mrs. Bennet` need theirs.
    let title_gender = title_gender.filter(|_| words.len() < 2);
    let form = Form {
        title_gender,
        title: title_gender.map(|_| title_key(context.word(index))),
        words: words
            .iter()
            .map(|&token| strip_possessive(context.word(token)).0.to_string())
            .collect(),
    };
    let governed = governed(context, index);
    Some((
        Mention {
            tokens: index..cursor,
            person: 0,
            possessive,
            governed,
        },
        form,
        title.map(|text| Title {
            text,
            gender: title_gender,
        }),
    ))
}

/// True when the words before token `index` make it the object of a preposition
/// (`to Nikolai Yezhov`, `of the Soviet Union`). `words of Stalin` is not: the
/// words are Stalin's.
fn governed(context: &Context, index: usize) -> bool {
    let sentence_start = context.sentence_tokens[context.sentence_of(index)].start;
    let mut cursor = index;
    while cursor > sentence_start {
        cursor -= 1;
        let lower = context.lower(cursor);
        if DETERMINERS.contains(&lower) {
            continue;
        }
        if lower == "of" && cursor > sentence_start {
            return !context.is_document_noun(cursor - 1);
        }
        return PREPOSITIONS.contains(&lower);
    }
    false
}

/// A title used as a name (`said Mademoiselle`) is the one person the book names
/// with that title (`Mademoiselle Reisz`), if there is exactly one.
fn title_alone(form: &Form, persons: &[Person]) -> Option<usize> {
    let [word] = form.words.as_slice() else {
        return None;
    };
    if form.title_gender.is_some() || lists::honorific(&word.to_lowercase()).is_none() {
        return None;
    }
    only_titled(persons, word)
}

/// The one person whose name starts with `title` (`Mademoiselle` → `Mademoiselle
/// Reisz`), when every such name is the same.
pub fn only_titled(persons: &[Person], title: &str) -> Option<usize> {
    let prefix = format!("{title} ");
    let mut titled = persons
        .iter()
        .enumerate()
        .filter(|(_, person)| person.name.starts_with(&prefix));
    let (person, first) = titled.next()?;
    titled
        .all(|(_, other)| other.name == first.name)
        .then_some(person)
}

/// Groups the forms (in order of first mention) into persons: each form joins the
/// fullest form that contains its words, when exactly one fullest form does. Gives
/// the persons and the person of each form.
fn group(forms: &[(Form, FormInfo)]) -> (Vec<Person>, Vec<usize>) {
    let contains = |longer: &Form, shorter: &Form| {
        longer.words.len() > shorter.words.len()
            && shorter.words.iter().all(|word| longer.words.contains(word))
            && match (longer.title_gender, shorter.title_gender) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    };
    let mut persons: Vec<Person> = Vec::new();
    let mut person_of_form: Vec<Option<usize>> = vec![None; forms.len()];
    let mut title_genders: HashMap<&str, (bool, bool)> = HashMap::default();
    for (form, _) in forms {
        if let (Some(gender), Some(last)) = (form.title_gender, form.words.last()) {
            let seen = title_genders.entry(last.as_str()).or_default();
            seen.0 |= gender == Gender::Male;
            seen.1 |= gender == Gender::Female;
        }
    }
    let both_genders: HashSet<&str> = title_genders
        .into_iter()
        .filter(|(_, (male, female))| *male && *female)
        .map(|(word, _)| word)
        .collect();
    // Fullest forms first, so that shorter ones find their person; titled forms
    // before bare ones of the same length, so `Bounderby` finds `Mr. Bounderby`.
    let mut by_length: Vec<usize> = (0..forms.len()).collect();
    by_length.sort_by_key(|&position| {
        let form = &forms[position].0;
        (
            std::cmp::Reverse(form.words.len()),
            form.title_gender.is_none(),
            position,
        )
    });
    // The forms with a gendered title, by their words (`Mr. Sleary` under `Sleary`).
    let mut titled_forms: HashMap<&[String], Vec<usize>> = HashMap::default();
    for (position, (titled, _)) in forms.iter().enumerate() {
        if titled.title_gender.is_some() {
            titled_forms
                .entry(titled.words.as_slice())
                .or_default()
                .push(position);
        }
    }
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::default();
    for (position, (named, _)) in forms.iter().enumerate() {
        for word in &named.words {
            by_word.entry(word.as_str()).or_default().push(position);
        }
    }
    for position in by_length {
        let (form, info) = &forms[position];
        // Only forms that share its first word can contain it.
        let fuller: Vec<usize> = by_word
            .get(form.words[0].as_str())
            .into_iter()
            .flatten()
            .copied()
            .filter(|&other| contains(&forms[other].0, form))
            .collect();
        let fullest: Vec<usize> = fuller
            .iter()
            .copied()
            .filter(|&candidate| {
                !fuller
                    .iter()
                    .any(|&other| contains(&forms[other].0, &forms[candidate].0))
            })
            .collect();
        // Joining is only safe in some cases. A form with a gendered title stays as
        // the book names it (Mr. and Mrs. Bennet are two people). A single word joins
        // the one fuller form it ends (`Lenin` → `Vladimir Lenin`, not `Lenin
        // Mausoleum`; never `Mary` → `Mary King`, as novels call people by their
        // first names), used twice or once not after a preposition (not a chance
        // run of capitals such as `in London Lydia`). When the book has the word with
        // titles of both genders (Mr. and Miss Bingley), it joins the man's.
        let titled = |gender: Option<Gender>| -> Vec<usize> {
            titled_forms
                .get(form.words.as_slice())
                .into_iter()
                .flatten()
                .copied()
                .filter(|&other| {
                    gender.is_none_or(|gender| forms[other].0.title_gender == Some(gender))
                })
                .collect()
        };
        let candidates: Vec<usize> = if form.title_gender.is_some() {
            // `Mrs. Forrester` is `Mrs. Cecil Forrester` when the book gives the
            // fuller name the same title.
            fullest
                .into_iter()
                .filter(|&fuller| {
                    let (fuller, fuller_info) = &forms[fuller];
                    fuller.words.last() == form.words.last()
                        && fuller_info.title.as_deref().map(title_key) == form.title
                })
                .collect()
        } else if form.words.len() == 1 {
            let word = form.words[0].as_str();
            if both_genders.contains(word) {
                // Mr. and Mrs. Bounderby: the prose of novels and of the press calls
                // the man by his bare surname and the woman by her title.
                titled(Some(Gender::Male))
            } else if let [only] = titled(None).as_slice()
                && lists::first_name_gender(&word.to_lowercase()).is_none()
            {
                // A surname alone is the one person the book gives it with a title:
                // `Sleary` is `Mr. Sleary`, not his daughter `Josephine Sleary`. (A
                // first name is not: `Tom` is not `Mr. Tom`.)
                vec![*only]
            } else {
                fullest
                    .into_iter()
                    .filter(|&fuller| {
                        let (fuller, fuller_info) = &forms[fuller];
                        fuller.words.last().map(String::as_str) == Some(word)
                            && (fuller_info.count >= 2 || fuller_info.free_uses >= 1)
                    })
                    .collect()
            }
        } else {
            fullest
        };
        let joined = match candidates.as_slice() {
            [only] => person_of_form[*only],
            _ => None,
        }
        .or_else(|| title_alone(form, &persons));
        let person = match joined {
            Some(person) => person,
            None => {
                let name = match &info.title {
                    Some(title) if form.title_gender.is_some() || form.words.len() == 1 => {
                        format!("{title} {}", form.words.join(" "))
                    }
                    _ => form.words.join(" "),
                };
                persons.push(Person {
                    name,
                    gender: Gender::Unknown,
                    is_person: form.words.len() > 1,
                });
                persons.len() - 1
            }
        };
        if let Some(gender) = form.title_gender.or(info.gender) {
            persons[person].gender = gender;
        }
        if info.has_title {
            persons[person].is_person = true;
        }
        person_of_form[position] = Some(person);
    }
    let person_of_form = person_of_form
        .into_iter()
        .map(|person| person.expect("every form is grouped"))
        .collect();
    (persons, person_of_form)
}
