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
//!
//! This module finds the mentions and learns about the persons; [`names`] finds a
//! name in the text and [`group`](mod@group) groups the forms of names into persons.

use crate::hashing::FastMap as HashMap;
use std::ops::Range;

use super::{Context, Gender, lists};

mod group;
mod names;

pub use group::the_one_titled;
use group::{FormInfo, group};
use names::{Capitals, Form, is_title_article, name_at};
pub use names::{is_capitalised, is_function_word, is_initial};

/// How many times a document must name its people beside a speech verb before a
/// name it never puts there is taken for no speaker: a novel does so hundreds of
/// times, a news article a dozen.
const SPEAKING_BOOK: usize = 100;
/// How often a name must be used, never beside a speech verb, to be no speaker in
/// such a book: a minor character who speaks once or twice through `he said` is
/// named a few times.
const NEVER_SPEAKS: usize = 5;

/// True when the name opens with a first name (`Nance`, `Cassandra Otway`).
fn has_first_name(name: &str) -> bool {
    let first = name.split(' ').next().unwrap_or_default();
    lists::first_name_gender(&first.to_lowercase()).is_some()
}

/// A name in the text.
#[derive(Clone, Debug)]
pub struct Mention {
    /// Tokens of the name, title included.
    pub tokens: Range<usize>,
    pub person: usize,
    /// `Stalin’s`.
    pub possessive: bool,
    /// Right before a noun of a body or a person, which it qualifies (`Trump
    /// campaign chairman`, `the Bennet girls`).
    pub before_noun: bool,
    /// After a preposition (`to Nikolai Yezhov`), so not the subject of its clause.
    pub governed: bool,
}

impl Mention {
    /// True when the name only qualifies a noun, as a possessive or before it: a
    /// name never the subject of a speech act.
    pub fn qualifies(&self) -> bool {
        self.possessive || self.before_noun
    }
}

/// A person: one canonical name for the forms that name them.
#[derive(Clone, Debug)]
pub struct Person {
    /// The canonical name: the fullest form used.
    pub name: String,
    /// Every form of the name the book uses for them, the canonical one first.
    pub forms: Vec<String>,
    /// Why each other form is this person (`` `Lenin` is `Vladimir Lenin`: the one
    /// fuller name … ``).
    pub merges: Vec<String>,
    pub gender: Gender,
    /// What the gender rests on: `a title`, `pronouns`, `a first name`, or
    /// nothing when it is unknown.
    pub gender_from: &'static str,
    /// True when the document shows that the name is a person's (a title, a
    /// gendered pronoun after it, a speech verb next to it, a first name).
    pub is_person: bool,
    /// The titles the book gives them, in lower case without the full stop (`mr`,
    /// `doctor`).
    pub titles: Vec<String>,
    /// Why the name is not a person's, when the book shows it is a place (`in
    /// Vienna`), a group or kind (`the Indians`, `an Englishwoman`) or a bare
    /// title (`Mademoiselle`): such a name never speaks.
    pub not_a_person: Option<String>,
    /// See [`Person::is_place_or_body`].
    place_or_body: bool,
}

impl Person {
    /// True when the book gives the name a title (`Mr.`, `Dr.`).
    pub fn titled(&self) -> bool {
        !self.titles.is_empty()
    }

    /// True unless the person's titles or name say they are too young or too old
    /// for an epithet: `the girl` is no `Mrs.`, `the old lady` no `Miss`, and `the
    /// old gentleman` is not someone the book calls by a bare first name (in
    /// novels, a child's or a servant's way of being named: Oliver).
    pub fn may_be_called(&self, epithet: &str) -> bool {
        let has = |wanted: &[&str]| {
            epithet
                .split_whitespace()
                .any(|word| wanted.iter().any(|one| word.eq_ignore_ascii_case(one)))
        };
        let titled = |wanted: &[&str]| {
            self.titles
                .iter()
                .any(|title| wanted.contains(&title.as_str()))
        };
        let young_woman =
            has(&["girl", "lass", "maiden"]) || (has(&["young"]) && has(&["lady", "woman"]));
        if young_woman && titled(&["mrs", "madame", "mme", "frau"]) {
            return false;
        }
        if has(&["old", "elderly", "aged"]) {
            let first_name_only = !self.titled()
                && !self.name.contains(' ')
                && lists::first_name_gender(&self.name.to_lowercase()).is_some();
            if first_name_only || titled(&["miss", "mlle", "mademoiselle", "master"]) {
                return false;
            }
        }
        true
    }

    /// True when the name is a place the word list knows (`Iowa`, `Europe`) or
    /// ends in a word of an institution (`White House`, `Islamic State`): it may
    /// speak where a tag makes it (`the White House said`), but is never the `he`
    /// or `she` of a later sentence.
    pub fn is_place_or_body(&self) -> bool {
        self.place_or_body
    }

    /// True unless the book shows the name to be a place, a group or a bare title.
    pub fn may_speak(&self) -> bool {
        self.not_a_person.is_none()
    }

    /// True when the name may speak and the book shows it is someone's, or gives it
    /// a gender.
    pub fn is_someone(&self) -> bool {
        self.may_speak() && (self.is_person || self.gender != Gender::Unknown)
    }
}

/// The mentions of names in a document, in text order, and the persons they name.
pub struct People {
    pub mentions: Vec<Mention>,
    pub persons: Vec<Person>,
}

/// True when a speech verb stands right before or after the mention (`said
/// Alice`, `Molotov said`).
fn next_to_speech_verb(context: &Context, mention: &Mention) -> bool {
    // `said the Gryphon`: the article stands between the verb and the name.
    let before = mention
        .tokens
        .start
        .checked_sub(1)
        .and_then(|token| match context.lower(token) {
            "the" => token.checked_sub(1),
            _ => Some(token),
        });
    let after = mention.tokens.end;
    // `Europe begin to be felt` is no speech.
    let speech_after = after < context.token_count()
        && context.is_speech_verb(after)
        && !(after + 1 < context.token_count()
            && lists::is_motion_sense(context.lower(after), context.lower(after + 1)));
    before.is_some_and(|token| context.is_speech_verb(token)) || speech_after
}

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

impl People {
    /// Finds the names in the document and groups them into persons.
    pub fn find(context: &Context) -> People {
        let title_case = names::title_case_sentences(context);
        let mid_sentence_capitals = Capitals::find(context, &title_case);
        // Each distinct form once, in order of first mention, and every mention
        // with the position of its form.
        let mut form_index: HashMap<Form, usize> = HashMap::default();
        let mut forms: Vec<(Form, FormInfo)> = Vec::new();
        let mut raw: Vec<(Mention, usize)> = Vec::new();
        let tokens = context.token_count();
        let mut index = 0;
        while index < tokens {
            // Names start with a capital or a surname particle (`de Griers`): most
            // tokens are passed over on their first byte.
            let first = context.first_byte(index);
            // A particle is also short (`de`, `van`, `della`).
            let particle_letter = matches!(first.to_ascii_lowercase(), b'd' | b'v' | b'l')
                && context.end_of(index) - context.start_of(index) <= 5;
            if first.is_ascii_lowercase() && !particle_letter {
                index += 1;
                continue;
            }
            let found = if particle_letter {
                names::name_with_particle(context, &mid_sentence_capitals, index)
            } else {
                None
            };
            if found.is_none() && (first.is_ascii_lowercase() || !context.is_word(index)) {
                index += 1;
                continue;
            }
            if title_case[context.sentence_of(index)] {
                index += 1;
                continue;
            }
            // `volume The Unknown Lenin`: a capitalised article inside a sentence
            // opens the title of a work, whose words name no one.
            if is_title_article(context, index) {
                index += 1;
                while index < tokens && context.is_word(index) && context.is_capitalised(index) {
                    index += 1;
                }
                continue;
            }
            // A capitalised word the document also writes in lower case (`The`,
            // `He` opening a sentence) starts no name unless it is a title: most
            // capitals are passed over here, before the name finder builds anything.
            if found.is_none()
                && mid_sentence_capitals.is_common_word(context, context.form(index))
                && context.honorific(index).is_none()
            {
                index += 1;
                continue;
            }
            let Some((mention, form, title)) =
                found.or_else(|| name_at(context, &mid_sentence_capitals, index))
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
        let speech_uses = people.learn_speakers(context);
        people.learn_genders(context);
        people.learn_what_is_no_one(context, &speech_uses);
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
            // After a preposition (`to Kew`, `from Vienna`) a name is no subject, and
            // the pronoun that follows is about someone else.
            if mention.governed {
                continue;
            }
            let next_mention = self
                .mentions
                .get(position + 1)
                .map_or(usize::MAX, |next| next.tokens.start);
            let sentence = context.sentence_of(mention.tokens.start);
            let limit = context
                .sentences
                .get(sentence + 1)
                .map_or(context.token_count(), |next| next.tokens().end)
                .min(next_mention)
                .min(mention.tokens.end + 25);
            let level = context
                .token_quotes
                .get(mention.tokens.start)
                .map(|quote| quote as usize);
            let found = (mention.tokens.end..limit).find_map(|token| {
                context
                    .pronoun_gender(token)
                    .filter(|_| context.at_level(token, level))
            });
            match found {
                Some(Gender::Male) => tally[mention.person].0 += 1,
                Some(Gender::Female) => tally[mention.person].1 += 1,
                _ => {}
            }
        }
        for (person, (male, female)) in self.persons.iter_mut().zip(tally) {
            let no_title_gender = person.gender == Gender::Unknown;
            if no_title_gender {
                // Two pronouns at least: one could follow a wine or a town.
                if male >= 2 && male >= 2 * female {
                    person.gender = Gender::Male;
                    person.gender_from = "pronouns";
                } else if female >= 2 && female >= 2 * male {
                    person.gender = Gender::Female;
                    person.gender_from = "pronouns";
                }
            }
            if male + female >= 3 {
                person.is_person = true;
            }
            let first_name = person
                .name
                .split(' ')
                .next()
                .and_then(|first| lists::first_name_gender(&first.to_lowercase()));
            if no_title_gender
                && let Some(gender) = first_name
                && person.gender != gender
            {
                let (same, other) = match gender {
                    Gender::Male => (male, female),
                    _ => (female, male),
                };
                let takes = if person.name.contains(' ') {
                    // A full name's first name outweighs a few pronouns that follow
                    // the name but are about someone else (`Trump said she…`, in an
                    // article about Clinton), unless they are overwhelming.
                    !(other >= 4 && other >= 3 * same)
                } else {
                    // Too few pronouns: a person's first name tells (`Rachael`,
                    // `Robert`), unless its few pronouns say otherwise.
                    person.gender == Gender::Unknown
                        && (person.is_person || male + female > 0)
                        && other <= same
                };
                if takes {
                    person.gender = gender;
                    person.gender_from = "a first name";
                }
            }
        }
    }

    /// Finds the names that are no one's, from how the book uses them: a place
    /// follows `in`, `into`, `within`… (a third of its uses at least, twice at
    /// least), and so does a name of several words whose last word is a place
    /// (`Himalayan India`); a group or kind takes `a`/`an` (`an Englishwoman`) or
    /// is the plural of another name (`Indians` beside `Indian`); a bare title
    /// (`Mademoiselle`, but not `the General`, which a book uses as a name) or a
    /// fragment of one or two letters names no one in particular. A name with a
    /// title, a first name, or a name next to a speech verb is a person's (but a
    /// plural is a group even when it speaks).
    fn learn_what_is_no_one(&mut self, context: &Context, speech_uses: &[usize]) {
        // Per person: uses, after a place preposition, after `a`/`an`, after `the`.
        let mut uses = vec![(0usize, 0usize, 0usize, 0usize); self.persons.len()];
        // `New Hampshire`, `Atlantic City`: a name the word before it (passed over
        // by the name finder as a word the text also writes in lower case) makes a
        // place the word list knows.
        let mut in_a_place = vec![false; self.persons.len()];
        for mention in &self.mentions {
            let (start, end) = (mention.tokens.start, mention.tokens.end);
            in_a_place[mention.person] |= start > 0
                && context.is_capitalised(start - 1)
                && lists::is_known_place(
                    &context.text[context.start_of(start - 1)..context.end_of(end - 1)]
                        .to_lowercase(),
                );
            if mention.possessive {
                continue;
            }
            let entry = &mut uses[mention.person];
            entry.0 += 1;
            let mut before = mention.tokens.start.checked_sub(1);
            if let Some(token) = before
                && context.lower(token) == "the"
            {
                entry.3 += 1;
                before = token.checked_sub(1);
            }
            if let Some(token) = before {
                if lists::is_place_preposition(context.lower(token)) {
                    entry.1 += 1;
                }
                if matches!(context.lower(token), "a" | "an") {
                    entry.2 += 1;
                }
            }
        }
        let names: HashMap<String, usize> = self
            .persons
            .iter()
            .enumerate()
            .map(|(index, person)| (person.name.clone(), index))
            .collect();
        for (person, in_a_place) in self.persons.iter_mut().zip(in_a_place) {
            let lower = person.name.to_lowercase();
            person.place_or_body = in_a_place
                || lists::is_known_place(&lower)
                || lower
                    .rsplit_once(' ')
                    .is_some_and(|(_, last)| lists::is_institution_word(last));
        }
        for (index, &(count, at_places, indefinite, definite)) in uses.iter().enumerate() {
            let person = &self.persons[index];
            // No one is `in Elizabeth`; a country is talked of in every way (`of
            // India`, `India is…`) besides `in India`, so a few uses after `in`
            // among many are enough, when the name is not a speaker's. A place
            // now and then stands beside a speech verb (`says India`): a name the
            // book puts after `in` far more often than it makes it speak is still
            // a place.
            let at_a_place = (at_places >= 2 && 3 * at_places >= count)
                || (at_places >= 5 && 12 * at_places >= count)
                || (person.is_place_or_body() && !has_first_name(&person.name));
            // The same holds of a kind of person: `an Indian` 24 times outweighs one
            // `said the Indian`.
            let speech = speech_uses[index];
            let speaks = speech > 0
                && !(at_a_place && at_places >= 4 * speech)
                && !(indefinite >= 2 && indefinite >= 2 * speech);
            if person.titled()
                || speaks
                // A first name is a person's, unless the book puts it at a place
                // (`India`, `Florence` are places as often as women).
                || (has_first_name(&person.name) && !at_a_place)
            {
                continue;
            }
            let reason = if person.is_place_or_body() && !has_first_name(&person.name) {
                Some("a place or an institution, not a person".to_string())
            } else if at_a_place {
                Some(format!(
                    "a place: after “in”, “into”, “within”… {at_places} of {count} times"
                ))
            } else if indefinite > 0 {
                Some(format!("a kind of person, not one: “a {}”", person.name))
            } else if (lists::honorific(&person.name.to_lowercase()).is_some() && definite == 0)
                || person.name.chars().count() <= 2
            {
                Some("a bare title or a fragment, not a name".to_string())
            } else {
                None
            };
            self.persons[index].not_a_person = reason;
        }
        // What depends on other names: plurals and names ending in a place. And in
        // a book whose people are often named beside a speech verb, a name used
        // again and again and never so is a place, a thing or an idea (`Islam`,
        // `Longbourn`), not one of its speakers; a news article is too short to
        // tell (its subject, `Bush`, may be quoted only through `he`).
        let speech_in_book: usize = speech_uses.iter().sum();
        for index in 0..self.persons.len() {
            let speaks = speech_uses[index] > 0;
            let person = &self.persons[index];
            if person.titled() || person.not_a_person.is_some() {
                continue;
            }
            // A group speaks too (`the Indians said`), but is still no one person.
            let name = person.name.clone();
            // (`Williams` beside `William` is a surname: a first name is no people.)
            let singular = name.strip_suffix('s').filter(|stem| {
                !name.contains(' ')
                    && stem.len() > 2
                    && lists::first_name_gender(&stem.to_lowercase()).is_none()
            });
            // `Englishmen`, `Chandrapore Mohammedans`: a last word in `-men`, or
            // the plural of a kind of person (`a Mohammedan`).
            let last_word = name.rsplit(' ').next().unwrap_or_default();
            let men = last_word.len() > 4
                && last_word.ends_with("men")
                && lists::first_name_gender(&last_word.to_lowercase()).is_none();
            let plural_of_kind = last_word.strip_suffix('s').is_some_and(|stem| {
                names.get(stem).is_some_and(|&kind| {
                    self.persons[kind]
                        .not_a_person
                        .as_deref()
                        .is_some_and(|why| why.starts_with("a kind"))
                })
            });
            let reason = if let Some(stem) = singular
                && names.contains_key(stem)
            {
                Some(format!("a group: the plural of “{stem}”"))
            } else if men || plural_of_kind {
                Some(format!("a group: “{last_word}” is a plural"))
            } else if speaks {
                None
            } else if let Some((_, last)) = name.rsplit_once(' ')
                && let Some(&place) = names.get(last)
                && self.persons[place]
                    .not_a_person
                    .as_deref()
                    .is_some_and(|why| why.starts_with("a place"))
            {
                Some(format!("a place: ends in the place “{last}”"))
            } else if speech_in_book >= SPEAKING_BOOK
                && uses[index].0 >= NEVER_SPEAKS
                && !has_first_name(&name)
                // `Baby Roo` is the `Roo` who speaks.
                && !names
                    .get(last_word)
                    .is_some_and(|&short| short != index && speech_uses[short] > 0)
            {
                Some(format!(
                    "never beside a speech verb in {} uses",
                    uses[index].0
                ))
            } else {
                None
            };
            self.persons[index].not_a_person = reason;
        }
    }

    /// A name right before or after a speech verb is a person's. Returns how many
    /// of each person's mentions are.
    fn learn_speakers(&mut self, context: &Context) -> Vec<usize> {
        let mut speech_uses = vec![0usize; self.persons.len()];
        for mention in &self.mentions {
            if next_to_speech_verb(context, mention) {
                self.persons[mention.person].is_person = true;
                speech_uses[mention.person] += 1;
            }
        }
        speech_uses
    }
}
